"""The review worker: find drafts on tickets, check them, post one note per draft.

For every ticket it reads the comments once, decides with the pure functions of
``coach.drafts``, and writes at most once per draft or decision: the note and
the tag changes go in one ``safe_update``. A conflict, or a write whose answer
was lost, is resolved by re-reading and deciding again, so a crash, a re-run or
a second worker never produce a second note (the note's footer is the proof).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from coach.checker import Checker
from coach.config import ZendeskSettings
from coach.drafts import (
    Decision,
    Draft,
    Publication,
    next_step,
    pending_decision,
    pending_publication,
    reviewed_drafts,
)
from coach.errors import (
    ConfigError,
    Conflict,
    NotFound,
    PermissionDenied,
    ServerError,
    TransportError,
    Unprocessable,
    ZendeskError,
)
from coach.history import History, ReviewRecord
from coach.model import Context, Result
from coach.notes import (
    parse_note,
    render_decision_note,
    render_review_note,
    revision_text,
)
from coach.rebuild import decision_record, record_notes

if TYPE_CHECKING:
    from coach.zendesk import ZendeskClient

Json = Mapping[str, Any]


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


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


class Worker:
    """Reviews drafts and acts on decisions through a :class:`ZendeskClient`."""

    def __init__(
        self,
        client: ZendeskClient,
        checker: Checker,
        *,
        history: History | None = None,
        dry_run: bool = False,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.client = client
        self.checker = checker
        self.settings: ZendeskSettings = checker.config.zendesk
        self.history = history
        self.dry_run = dry_run
        self.clock = clock
        self.max_rounds = 6  # reads of one ticket (decision, publication, draft, re-reads) before it counts as failed
        self._coach_id: int | None = None
        self._authors: frozenset[int] | None | bool = False  # False: not resolved yet

    # ------------------------------------------------------------------ set-up

    @property
    def coach_id(self) -> int:
        """The authenticated user: the author of coach's notes."""
        if self._coach_id is None:
            self._coach_id = int(self.client.me()["id"])
        return self._coach_id

    @property
    def allowed_authors(self) -> frozenset[int] | None:
        """Members of ``zendesk.author_groups`` (None: anyone but the coach user)."""
        if self._authors is False:
            wanted = self.settings.author_groups
            if not wanted:
                self._authors = None
            else:
                groups = {g["id"]: g for g in self.client.groups()}
                ids = set()
                for w in wanted:
                    match = [gid for gid, g in groups.items() if gid == w or str(g.get("name", "")).casefold() == str(w).casefold()]
                    if not match:
                        raise ConfigError(f"zendesk.author_groups: no Zendesk group {w!r} (check the name or id)")
                    ids.update(match)
                members = {int(m["user_id"]) for gid in sorted(ids) for m in self.client.group_memberships(gid)}
                self._authors = frozenset(members)
        return self._authors  # type: ignore[return-value]

    # ------------------------------------------------------------------ batch

    def run(self, tickets: Iterable[Json | int], *, decisions: bool = True) -> Iterator[Outcome]:
        """Process tickets one at a time (streaming); one bad ticket never stops the rest."""
        self.allowed_authors  # noqa: B018 - resolve author_groups before the batch: a wrong name stops it
        for item in tickets:
            ticket_id = int(item if isinstance(item, int) else item["id"])
            try:
                yield from self.process(item, decisions=decisions)
                self._end_write(ticket_id)
            except NotFound:
                yield Outcome(ticket_id, "failed", "ticket not found (deleted?)")
            except PermissionDenied:
                yield Outcome(ticket_id, "failed", "no permission to read or update this ticket")
            except Unprocessable as exc:
                yield Outcome(ticket_id, "failed", f"Zendesk rejected the update: {exc}")
            except ZendeskError as exc:
                if exc.status in (401,):
                    raise  # bad credentials fail every ticket: stop the batch
                yield Outcome(ticket_id, "failed", str(exc))
            else:
                continue
            self._end_write(ticket_id)  # failed for good: nothing left to finish

    def process(
        self,
        item: Json | int,
        *,
        decisions: bool = True,
        comment_id: int | None = None,
        force: bool = False,
        require_tag: bool = True,
    ) -> Iterator[Outcome]:
        """Act on one ticket: a pending decision first, then the current draft.

        The ticket is searched for a draft only while it carries ``zendesk.draft_tag``
        (``require_tag=False``: a trainee's own ``coach check --ticket``): on a reviewed
        ticket, later internal notes are the buddy's. A search result may be stale;
        then the write's ``safe_update`` fails, the ticket is re-read and this is decided again.
        """
        ticket = self.client.ticket(item) if isinstance(item, int) else dict(item)
        tid = int(ticket["id"])
        attempted: tuple[Draft, Result] | None = None  # a review whose write's answer was lost
        decided: int | None = None
        lost = False
        for _ in range(self.max_rounds):
            has_draft = not require_tag or self.settings.draft_tag in (ticket.get("tags") or ())
            comments, users = self.client.comments_with_users(tid)
            if attempted is not None:  # the answer to our review was lost: did the write land?
                if attempted[0].comment_id in reviewed_drafts(comments, self.coach_id):
                    self._record_review(*attempted, ticket)
                    yield Outcome(tid, "reviewed", "confirmed after a lost answer", attempted[0].comment_id, attempted[1])
                    return
                attempted = None  # it did not: decide again
            elif lost and self.history is not None:
                record_notes(self.history, ticket, comments, users, coach_id=self.coach_id)  # writes that landed
            if decisions and comment_id is None and not self.dry_run:
                publication = pending_publication(ticket, comments, coach_id=self.coach_id)
                if publication is not None:
                    try:
                        ticket = self._publish(ticket, publication)
                    except (Conflict, TransportError, ServerError):
                        ticket, lost = self.client.ticket(tid), True  # decide again; a posted reply shows
                        continue
                    yield Outcome(tid, "published", "the approved reply, as the trainee", publication.draft_id)
                    continue
            if decisions and comment_id is None:
                decision = pending_decision(ticket, comments, coach_id=self.coach_id, settings=self.settings)
                if decision is not None and decision.draft_id != decided:
                    if self.dry_run:
                        decided = decision.draft_id
                        yield Outcome(tid, "decided", f"would record {decision.decision} (dry run)", decision.draft_id, decision=decision.decision)
                    else:
                        try:
                            ticket = self._act_on_decision(ticket, decision, comments, users)
                        except (Conflict, TransportError, ServerError):
                            ticket, lost = self.client.ticket(tid), True  # decide again; a landed write shows as its note
                            continue
                        decided = decision.draft_id
                        yield Outcome(tid, "decided", decision.decision, decision.draft_id, decision=decision.decision)
                        continue
            if not has_draft:
                if self.history is not None:
                    record_notes(self.history, ticket, comments, users, coach_id=self.coach_id)
                if decided is None:
                    yield Outcome(tid, "waiting", "no draft tag: waiting for the buddy's decision or a new draft")
                return
            step = next_step(
                ticket, comments, users, coach_id=self.coach_id, settings=self.settings,
                allowed_authors=self.allowed_authors, comment_id=comment_id, force=force and self.dry_run,
            )
            if step.action != "review" or step.draft is None:
                if step.action == "done" and self.history is not None:
                    record_notes(self.history, ticket, comments, users, coach_id=self.coach_id)  # e.g. after a crash
                yield Outcome(tid, "done" if step.action == "done" else "skipped", step.reason)
                return
            draft = step.draft
            result = self._check(draft, ticket, users)
            note = render_review_note(
                self.checker.templates, result, draft_id=draft.comment_id, author_id=draft.author_id,
                author_name=draft.author_name, author_kind=draft.author_kind, round_no=draft.round,
                tags={"approved": self.settings.approved_tag, "rework": self.settings.rework_tag},
            )
            if self.dry_run:
                yield Outcome(tid, "would_review", "", draft.comment_id, result, note)
                return
            attempted = (draft, result)
            self._begin_write(tid)
            try:
                self.client.update_ticket(
                    tid,
                    {
                        "comment": {"html_body": note, "public": False},
                        "tags": retag(ticket, add=[self.settings.reviewed_tag], remove=[self.settings.draft_tag]),
                    },
                    updated_stamp=ticket.get("updated_at"),
                )
            except Conflict:
                ticket, lost, attempted = self.client.ticket(tid), True, None  # changed meanwhile: decide again
                continue
            except (TransportError, ServerError):
                ticket, lost = self.client.ticket(tid), True  # the answer was lost, maybe not the write: decide again
                continue
            self._record_review(draft, result, ticket)
            self._end_write(tid)
            yield Outcome(tid, "reviewed", "", draft.comment_id, result, note)
            return
        yield Outcome(tid, "failed", f"the ticket kept changing; gave up after {self.max_rounds} attempts")

    def _publish(self, ticket: Json, publication: Publication) -> Json:
        """Post the approved reply publicly as the trainee (``publish_on_approve``); one write."""
        tid = int(ticket["id"])
        self._begin_write(tid)
        body = "html_body" if publication.html else "body"
        updated = self.client.update_ticket(
            tid,
            {"comment": {body: publication.text, "public": True, "author_id": publication.author_id}},
            updated_stamp=ticket.get("updated_at"),
        )
        self._end_write(tid)
        return updated

    def interrupted(self) -> list[int]:
        """Tickets a crashed run was writing to: ``run`` them first to finish and record what they did."""
        if self.history is None or self.dry_run:
            return []
        return self.history.pending()

    # ------------------------------------------------------------------ helpers

    def _begin_write(self, ticket_id: int) -> None:
        if self.history is not None:
            self.history.begin_write(ticket_id, self.clock().isoformat(timespec="seconds"))

    def _end_write(self, ticket_id: int) -> None:
        if self.history is not None:
            self.history.end_write(ticket_id)

    def _check(self, draft: Draft, ticket: Json, users: Mapping[int, Json]) -> Result:
        requester = users.get(ticket.get("requester_id") or -1, {})
        context = Context(customer_name=requester.get("name"), subject=ticket.get("subject"))
        source = f"ticket {draft.ticket_id} comment {draft.comment_id}"
        return self.checker.check(draft.text, source=source, context=context, html=draft.html)

    def _record_review(self, draft: Draft, result: Result, ticket: Json) -> None:
        if self.history is None:
            return
        counts = Counter(f.rule for f in result.findings)
        self.history.record_review(
            ReviewRecord(
                draft_id=draft.comment_id, ticket_id=draft.ticket_id, round=draft.round, author_id=draft.author_id,
                author_name=draft.author_name, author_kind=draft.author_kind, subject=str(ticket.get("subject") or ""),
                drafted_at=draft.created_at, reviewed_at=self.clock().isoformat(timespec="seconds"),
                verdict=result.verdict, scores=result.scores, findings=dict(counts),
                changes=[(c.rule, c.before, c.after) for c in result.revision.changes], revision=result.revision.text,
            )
        )

    def _act_on_decision(self, ticket: Json, decision: Decision, comments: list[Json], users: Mapping[int, Json]) -> Json:
        """Post the decision note and clear the decision tags in one write; record it."""
        tid = int(ticket["id"])
        trainee_id = decision.review.data.get("author")
        trainee = users.get(trainee_id or -1, {})
        buddy = users.get(decision.buddy_id or -1, {})
        data: dict[str, Any] = {"draft": decision.draft_id, "decision": decision.decision, "via": decision.via,
                                "buddy": decision.buddy_id, "reason": decision.reason, "author": trainee_id}
        if decision.decision == "approve" and self.settings.publish_on_approve:
            text, is_html = approved_reply(decision, comments)
            data.update(publish=True, text=text, html=is_html)
        note = render_decision_note(
            self.checker.templates, decision=decision.decision, draft_id=decision.draft_id, data=data,
            reason=decision.reason, buddy_name=str(buddy.get("name") or ""), trainee_name=str(trainee.get("name") or ""),
        )
        changes: dict[str, Any] = {
            "comment": {"html_body": note, "public": False},
            "tags": retag(ticket, add=[self.settings.decided_tag], remove=[*decision.tags, self.settings.reviewed_tag]),
        }
        self._begin_write(tid)
        updated = self.client.update_ticket(tid, changes, updated_stamp=ticket.get("updated_at"))
        if self.history is not None:
            record_notes(self.history, ticket, comments, users, coach_id=self.coach_id)
            self.history.record_decision(
                decision_record(decision, buddy_name=str(buddy.get("name") or ""), at=decision.decided_at or self.clock())
            )
        self._end_write(tid)
        return updated


def retag(ticket: Json, *, add: Iterable[str], remove: Iterable[str]) -> list[str]:
    """The ticket's full tag list after a change.

    The single-ticket update takes ``tags`` (a replacement; ``additional_tags`` and
    ``remove_tags`` exist only on update_many), so the list is computed from the
    ticket as read; ``safe_update`` refuses the write if the tags changed meanwhile.
    """
    dropped = set(remove)
    tags = [t for t in ticket.get("tags") or () if t not in dropped]
    return tags + [t for t in add if t not in tags]


def approved_reply(decision: Decision, comments: Iterable[Json]) -> tuple[str, bool]:
    """The reply to publish and whether it is HTML: the buddy's edit, else coach's
    suggested revision, else the draft itself (its HTML, so links and formatting survive)."""
    if decision.reason:
        return decision.reason, False
    comments = list(comments)
    for c in comments:
        facts = parse_note(c)
        if facts is not None and facts.kind == "review" and facts.draft_id == decision.draft_id:
            revision = revision_text(c).strip()
            if revision:
                return revision, False
    for c in comments:
        if c.get("id") == decision.draft_id:
            if c.get("html_body"):
                return str(c["html_body"]), True
            return str(c.get("body") or "").strip(), False
    return "", False
