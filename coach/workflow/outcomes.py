"""What ``coach review`` did with each ticket, and the totals its summary prints."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from coach.errors import Conflict, ZendeskError
from coach.model import Result


@dataclass(frozen=True)
class Outcome:
    """What happened to one ticket."""

    ticket_id: int
    status: str  # reviewed | would_review | done | waiting | skipped | failed | decided | published
    reason: str = ""
    draft_id: int | None = None
    result: Result | None = None
    note: str | None = None  # the note posted (or, in a dry run, that would be)
    decision: str | None = None


@dataclass
class Summary:
    """Totals of a ``coach review`` run (what the final summary prints)."""

    scanned: int = 0
    reviewed: int = 0
    would_review: int = 0
    already: int = 0
    waiting: int = 0
    decisions: int = 0
    published: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    failed: list[tuple[int, str]] = field(default_factory=list)
    requests: int = 0

    @property
    def actions(self) -> int:
        """Drafts reviewed (or that would be) and decisions acted on: what ``--limit`` counts."""
        return self.reviewed + self.would_review + self.decisions + self.published

    def add(self, outcome: Outcome) -> None:
        if outcome.status == "skipped":
            self.skipped[outcome.reason] += 1
        elif outcome.status == "failed":
            self.failed.append((outcome.ticket_id, outcome.reason))
        else:
            counter = _COUNTERS[outcome.status]
            setattr(self, counter, getattr(self, counter) + 1)


# Outcome status -> the Summary counter it adds to (skipped and failed keep their reasons).
_COUNTERS = {"reviewed": "reviewed", "would_review": "would_review", "done": "already", "waiting": "waiting",
             "decided": "decisions", "published": "published"}


@dataclass
class Retries:
    """Why a ticket was read again, so a give-up names the real cause."""

    conflicts: int = 0
    faults: list[str] = field(default_factory=list)  # server errors and lost answers, newest last

    def note(self, exc: ZendeskError) -> None:
        if isinstance(exc, Conflict):
            self.conflicts += 1
        else:
            self.faults.append(str(exc))

    @property
    def lost(self) -> bool:
        """Whether any write may have landed unseen (a conflict or a lost answer: read what coach's notes say)."""
        return bool(self.conflicts or self.faults)

    def give_up(self, attempts: int) -> str:
        if self.faults:
            return (f"Zendesk kept failing, not the ticket: {len(self.faults)} server errors or lost answers in {attempts} attempts "
                    f"(the last: {self.faults[-1]}); the next run tries again")
        return f"the ticket kept changing; gave up after {attempts} attempts"
