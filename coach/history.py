"""The local review history: every review, round and decision, in SQLite.

One file (default ``$XDG_DATA_HOME/coach/history.sqlite3``), WAL mode, schema
versioned in ``PRAGMA user_version``. Writes are idempotent (keyed by the
draft's comment id), so re-runs and ``coach history rebuild`` never double count.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach.errors import HistoryError

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS reviews (
    draft_id     INTEGER PRIMARY KEY,   -- the Zendesk comment id of the draft
    ticket_id    INTEGER NOT NULL,
    round        INTEGER NOT NULL,
    author_id    INTEGER,
    author_name  TEXT,
    author_kind  TEXT NOT NULL,         -- trainee | shadow
    subject      TEXT,
    drafted_at   TEXT,
    reviewed_at  TEXT NOT NULL,
    verdict      TEXT NOT NULL,
    overall      INTEGER NOT NULL,
    direct       INTEGER NOT NULL,
    empathetic   INTEGER NOT NULL,
    follow_up    INTEGER NOT NULL,
    readable     INTEGER NOT NULL,
    revision     TEXT,
    note_id      INTEGER
);
CREATE INDEX IF NOT EXISTS reviews_author ON reviews (author_id, reviewed_at);
CREATE INDEX IF NOT EXISTS reviews_ticket ON reviews (ticket_id);
CREATE TABLE IF NOT EXISTS findings (
    draft_id INTEGER NOT NULL REFERENCES reviews (draft_id),
    rule     TEXT NOT NULL,
    count    INTEGER NOT NULL,
    PRIMARY KEY (draft_id, rule)
);
CREATE TABLE IF NOT EXISTS changes (
    draft_id INTEGER NOT NULL REFERENCES reviews (draft_id),
    seq      INTEGER NOT NULL,
    rule     TEXT NOT NULL,
    before   TEXT NOT NULL,
    after    TEXT NOT NULL,
    PRIMARY KEY (draft_id, seq)
);
CREATE TABLE IF NOT EXISTS decisions (
    draft_id      INTEGER PRIMARY KEY REFERENCES reviews (draft_id),
    decision      TEXT NOT NULL,        -- approve | rework
    via           TEXT NOT NULL,        -- macro | note
    buddy_id      INTEGER,
    buddy_name    TEXT,
    decided_at    TEXT NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    approved_text TEXT                  -- the buddy's edited reply, when they sent one
);
CREATE TABLE IF NOT EXISTS pending (
    ticket_id  INTEGER PRIMARY KEY,     -- a write was sent: if coach died before recording it,
    since      TEXT NOT NULL            -- the next run reads the ticket's notes to record it
);
"""


@dataclass(frozen=True)
class ReviewRecord:
    """One reviewed draft."""

    draft_id: int
    ticket_id: int
    round: int
    author_id: int | None
    author_name: str
    author_kind: str
    subject: str
    drafted_at: str
    reviewed_at: str
    verdict: str
    scores: Mapping[str, int]
    findings: Mapping[str, int]  # rule -> count
    changes: Sequence[tuple[str, str, str]] = ()  # (rule, before, after)
    revision: str = ""
    note_id: int | None = None


@dataclass(frozen=True)
class DecisionRecord:
    """A buddy's decision on a reviewed draft."""

    draft_id: int
    decision: str
    via: str
    buddy_id: int | None
    buddy_name: str
    decided_at: str
    reason: str = ""
    approved_text: str | None = None


class History:
    """The SQLite history. Use as a context manager or call ``close()``."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        try:
            if str(path) != ":memory:":
                self.path.parent.mkdir(parents=True, exist_ok=True)
            old_umask = os.umask(0o077)  # the history holds customers' names: owner-only files
            try:
                self.db = sqlite3.connect(str(path), timeout=30, isolation_level=None)
                self.db.row_factory = sqlite3.Row
                self.db.execute("PRAGMA journal_mode=WAL")
            finally:
                os.umask(old_umask)
            self.db.execute("PRAGMA synchronous=NORMAL")  # WAL stays consistent; a power cut may lose the last reviews (rebuildable)
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except (sqlite3.Error, OSError) as exc:
            raise HistoryError(f"{path}: cannot open the review history: {exc}") from None

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise HistoryError(f"{self.path}: written by a newer coach (schema {version}); upgrade coach")
        if version < SCHEMA_VERSION:
            with self._tx():
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    @contextmanager
    def _tx(self) -> Iterator[None]:
        try:
            self.db.execute("BEGIN IMMEDIATE")
            yield
            self.db.execute("COMMIT")
        except sqlite3.Error as exc:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise HistoryError(f"{self.path}: {exc}") from None
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise

    # ------------------------------------------------------------------ writes

    def record_review(self, r: ReviewRecord) -> bool:
        """Store a review; False when this draft was already recorded."""
        if self._has("reviews", r.draft_id):  # the common case on re-runs: no write transaction
            return False
        with self._tx():
            if self._has("reviews", r.draft_id):
                return False
            s = r.scores
            self.db.execute(
                "INSERT INTO reviews VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (r.draft_id, r.ticket_id, r.round, r.author_id, r.author_name, r.author_kind, r.subject,
                 r.drafted_at, r.reviewed_at, r.verdict, s["overall"], s["direct"], s["empathetic"],
                 s["follow_up"], s["readable"], r.revision, r.note_id),
            )
            self.db.executemany("INSERT INTO findings VALUES (?,?,?)", [(r.draft_id, k, n) for k, n in r.findings.items()])
            self.db.executemany(
                "INSERT INTO changes VALUES (?,?,?,?,?)",
                [(r.draft_id, i, rule, b, a) for i, (rule, b, a) in enumerate(r.changes)],
            )
        return True

    def record_decision(self, d: DecisionRecord) -> bool:
        """Store a decision; False when this draft's decision was already recorded or it has no review."""
        if self._has("decisions", d.draft_id):
            return False
        with self._tx():
            if not self._has("reviews", d.draft_id):
                return False
            cur = self.db.execute(
                "INSERT OR IGNORE INTO decisions VALUES (?,?,?,?,?,?,?,?)",
                (d.draft_id, d.decision, d.via, d.buddy_id, d.buddy_name, d.decided_at, d.reason, d.approved_text),
            )
            return cur.rowcount == 1

    def _has(self, table: str, draft_id: int) -> bool:
        """Whether ``table`` (reviews or decisions) has a row for this draft."""
        try:
            return self.db.execute(f"SELECT 1 FROM {table} WHERE draft_id = ?", (draft_id,)).fetchone() is not None
        except sqlite3.Error as exc:
            raise HistoryError(f"{self.path}: {exc}") from None

    def begin_write(self, ticket_id: int, at: str) -> None:
        """Note that a write to ``ticket_id`` is about to be sent (see ``pending``)."""
        with self._tx():
            self.db.execute("INSERT OR REPLACE INTO pending VALUES (?, ?)", (ticket_id, at))

    def end_write(self, ticket_id: int) -> None:
        """The write to ``ticket_id`` is recorded (or known not to have happened)."""
        with self._tx():
            self.db.execute("DELETE FROM pending WHERE ticket_id = ?", (ticket_id,))

    def pending(self) -> list[int]:
        """Tickets whose last write may have landed without being recorded (a crash)."""
        return [r[0] for r in self.db.execute("SELECT ticket_id FROM pending ORDER BY ticket_id")]

    # ------------------------------------------------------------------ reads

    def query(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> list[sqlite3.Row]:
        """Run a read-only query (used by the reports)."""
        try:
            return self.db.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise HistoryError(f"{self.path}: {exc}") from None

    def counts(self) -> dict[str, int]:
        row = self.db.execute(
            "SELECT (SELECT count(*) FROM reviews) AS reviews, (SELECT count(*) FROM decisions) AS decisions"
        ).fetchone()
        return dict(row)

