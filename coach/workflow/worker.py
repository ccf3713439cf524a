"""The review worker: find drafts on tickets, check them, post one note per draft.

For every ticket it reads the comments once, decides with the pure functions of
``coach.workflow.drafts``, and writes at most once per draft or decision: the note and
the tag changes go in one ``safe_update``. A conflict, or a write whose answer
was lost, is resolved by re-reading and deciding again, so a crash, a re-run or
a second worker never produce a second note (the note's footer is the proof).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from coach.workflow.audits import tag_additions
from coach.check.checker import Checker
from coach.check.revise.placeholders import has_prompts
from coach.config import ZendeskSettings
from coach.workflow.drafts import (
    Decision,
    DecisionTags,
    Draft,
    IgnoredTags,
    Publication,
    approved_reply,
    customer_message,
    next_step,
    noted_drafts,
    pending_decision,
    pending_publication,
    tag_decision,
    user_name,
)
from coach.errors import (
    ConfigError,
    Conflict,
    InputError,
    NotFound,
    PermissionDenied,
    ServerError,
    TransportError,
    Unprocessable,
    ZendeskError,
)
from coach.history import History, ReviewRecord
from coach.model import UNCHECKED, Context, Result
from coach.workflow.notes import NoteKind, render_decision_note, render_review_note, render_skip_note
from coach.workflow.outcomes import Outcome, Retries, Summary
from coach.workflow.rebuild import decision_record, record_notes

if TYPE_CHECKING:
    from coach.zendesk import ZendeskClient

__all__ = ["Outcome", "Summary", "Worker", "retag"]

Json = Mapping[str, Any]
_WRITE_ERRORS = (Conflict, TransportError, ServerError)  # re-read the ticket and decide again


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class _Attempt:
    """A note about a draft that was sent; if the answer is lost, the next read shows whether it landed."""

    kind: NoteKind
    draft: Draft
    result: Result | None = None
    at: str = ""
    problem: str = ""
    failed: bool = True  # a skip note about a broken draft (False: a language without rules)


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
        self._attempt: _Attempt | None = None  # the note of this ticket whose answer may be lost
        self._decided: int | None = None  # the draft whose decision this ticket's processing acted on

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
            except NotFound:
                yield Outcome(ticket_id, "failed", "ticket not found (deleted?)")
            except PermissionDenied:
                yield Outcome(ticket_id, "failed", "no permission to read or update this ticket")
            except Unprocessable as exc:
                yield Outcome(ticket_id, "failed", f"Zendesk rejected the update: {exc}")
            except InputError as exc:
                yield Outcome(ticket_id, "failed", str(exc))
            except ZendeskError as exc:
                if exc.status in (401,):
                    raise  # bad credentials fail every ticket: stop the batch
                yield Outcome(ticket_id, "failed", str(exc))
            self._end_write(ticket_id)  # done, or failed for good: nothing left to finish

    def process(
        self,
        item: Json | int,
        *,
        decisions: bool = True,
        comment_id: int | None = None,
        force: bool = False,
        require_tag: bool = True,
    ) -> Iterator[Outcome]:
        """Act on one ticket: a pending publication or decision first, then the current draft.

        The ticket is searched for a draft only while it carries ``zendesk.draft_tag``
        (``require_tag=False``: a trainee's own ``coach check --ticket``): on a reviewed
        ticket, later internal notes are the buddy's. A search result may be stale;
        then the write's ``safe_update`` fails, the ticket is re-read and this is decided again.
        """
        ticket = self.client.ticket(item) if isinstance(item, int) else dict(item)
        tid = int(ticket["id"])
        retries = Retries()
        self._attempt = None
        self._decided = None
        for _ in range(self.max_rounds):
            comments, users = self.client.comments_with_users(tid)
            if self._attempt is not None:  # the answer to our note was lost: did the write land?
                landed = self._confirm(self._attempt, ticket, comments)
                self._attempt = None
                if landed is not None:
                    yield landed
                    return
            elif retries.lost and self.history is not None:
                record_notes(self.history, ticket, comments, users, coach_id=self.coach_id)  # writes that landed
            try:
                ticket, outcomes, finished = self._round(
                    ticket, comments, users, decisions=decisions and comment_id is None,
                    has_draft=not require_tag or self.settings.draft_tag in (ticket.get("tags") or ()),
                    comment_id=comment_id, force=force,
                )
            except _WRITE_ERRORS as exc:
                retries.note(exc)
                if isinstance(exc, Conflict):
                    self._attempt = None  # refused: it did not land
                ticket = self.client.ticket(tid)  # decide again; a landed write shows as its note
                continue
            yield from outcomes
            if finished:
                return
        yield Outcome(tid, "failed", retries.give_up(self.max_rounds))

    def _round(
        self, ticket: Json, comments: list[Json], users: Mapping[int, Json], *,
        decisions: bool, has_draft: bool, comment_id: int | None, force: bool,
    ) -> tuple[Json, list[Outcome], bool]:
        """One look at the ticket: at most one write. Returns the ticket after it, the outcomes, and whether it is done."""
        tid = int(ticket["id"])
        if decisions and not self.dry_run:
            publication = pending_publication(ticket, comments, coach_id=self.coach_id)
            if publication is not None:
                ticket = self._publish(ticket, publication)
                return ticket, [Outcome(tid, "published", "the approved reply, as the trainee", publication.draft_id)], False
        if decisions:
            found = pending_decision(ticket, comments, coach_id=self.coach_id, settings=self.settings)
            if found is not None and found.draft_id != self._decided:
                decision = self._tag_decision(found) if isinstance(found, DecisionTags) else found
                if isinstance(decision, IgnoredTags):
                    ticket, outcome = self._ignore_tags(ticket, decision)
                    self._decided = decision.draft_id
                    return ticket, [outcome], not has_draft  # nothing else to do unless there is a draft
                if self.dry_run:
                    reason = f"would record {decision.decision} (dry run)"
                else:
                    ticket, reason = self._act_on_decision(ticket, decision, comments, users), decision.decision
                self._decided = decision.draft_id  # acted on (a failed write raised before this)
                publish = decision.decision == "approve" and self.settings.publish_on_approve and not self.dry_run
                done = not has_draft and not publish  # else read the ticket again: the reply to post, or the draft
                return ticket, [Outcome(tid, "decided", reason, decision.draft_id, decision=decision.decision)], done
        if not has_draft:
            if self.history is not None:
                record_notes(self.history, ticket, comments, users, coach_id=self.coach_id)
            waiting = Outcome(tid, "waiting", "no draft tag: waiting for the buddy's decision or a new draft")
            return ticket, [] if self._decided is not None else [waiting], True
        step = next_step(
            ticket, comments, users, coach_id=self.coach_id, settings=self.settings,
            allowed_authors=self.allowed_authors, comment_id=comment_id, force=force and self.dry_run,
        )
        if step.action != "review" or step.draft is None:
            if step.action == "done" and self.history is not None:
                record_notes(self.history, ticket, comments, users, coach_id=self.coach_id)  # e.g. after a crash
            return ticket, [Outcome(tid, "done" if step.action == "done" else "skipped", step.reason)], True
        return ticket, [self._review(ticket, step.draft, users, comments)], True

    def _tag_decision(self, tags: DecisionTags) -> Decision | IgnoredTags:
        """What the decision tags decide, from the ticket's audits: read only when such a tag is on the ticket."""
        additions = tag_additions(self.client.audits(tags.ticket_id), tags.tags)
        return tag_decision(tags, additions, coach_id=self.coach_id, settings=self.settings)

    def _ignore_tags(self, ticket: Json, ignored: IgnoredTags) -> tuple[Json, Outcome]:
        """Remove decision tags that do not count (one write, no note), so the buddy's own macro can add them again."""
        tid = int(ticket["id"])
        reason = f"decision tag ignored: {ignored.reason}"
        if self.dry_run:
            return ticket, Outcome(tid, "skipped", f"{reason} (dry run: the tag stays)", ignored.draft_id)
        ticket = self.client.update_ticket(
            tid, {"tags": retag(ticket, add=[], remove=ignored.tags)}, updated_stamp=ticket.get("updated_at"),
        )
        return ticket, Outcome(tid, "skipped", f"{reason}; the tag was removed", ignored.draft_id)

    def _review(self, ticket: Json, draft: Draft, users: Mapping[int, Json], comments: list[Json]) -> Outcome:
        """Check the draft and post the review note (or, for a draft that cannot be checked, tell the trainee why)."""
        tid = draft.ticket_id
        at = self.clock().isoformat(timespec="seconds")
        try:
            result = self._check(draft, ticket, users, comments)
        except InputError as exc:
            return self._refuse(ticket, draft, str(exc).removeprefix(f"{_source(draft)}: "))
        except Exception as exc:  # noqa: BLE001 - a bug on one hostile draft must not stop the batch
            return Outcome(tid, "failed", f"{_source(draft)}: coach failed on this draft ({type(exc).__name__}: {exc}); "
                                          "please report it as a bug", draft.comment_id)
        if result.verdict == UNCHECKED:
            return self._refuse(ticket, draft, result.notice or "no rules for its language", failed=False)
        note = render_review_note(
            self.checker.templates, result, draft_id=draft.comment_id, author_id=draft.author_id,
            author_name=draft.author_name, author_kind=draft.author_kind, round_no=draft.round, at=at,
            tags={"approved": self.settings.approved_tag, "rework": self.settings.rework_tag},
        )
        if self.dry_run:
            return Outcome(tid, "would_review", "", draft.comment_id, result, note)
        self._attempt = _Attempt(NoteKind.REVIEW, draft, result, at)
        self._write_note(ticket, note, add=[self.settings.reviewed_tag])
        self._record_review(draft, result, ticket, at)
        self._end_write(tid)
        return Outcome(tid, "reviewed", "", draft.comment_id, result, note)

    def _refuse(self, ticket: Json, draft: Draft, problem: str, *, failed: bool = True) -> Outcome:
        """A draft coach cannot check: one note telling the trainee why, the draft tag removed.

        The ticket fails (exit 5) when the draft is broken; a draft in a language without rules
        (``failed=False``) is skipped: nothing went wrong, there is just nothing to judge it by.
        """
        note = render_skip_note(draft_id=draft.comment_id, problem=problem, lang=self.checker.templates.ui_lang)
        if self.dry_run:
            return Outcome(draft.ticket_id, "failed" if failed else "skipped",
                           f"draft {draft.comment_id} cannot be checked: {problem}", draft.comment_id, note=note)
        self._attempt = _Attempt(NoteKind.SKIP, draft, problem=problem, failed=failed)
        self._write_note(ticket, note, add=[])
        self._end_write(draft.ticket_id)
        return _refused(draft, problem, failed)

    def _write_note(self, ticket: Json, note: str, *, add: list[str]) -> None:
        """One write: the private note, and the draft tag swapped for ``add``."""
        tid = int(ticket["id"])
        self._begin_write(tid)
        self.client.update_ticket(
            tid,
            {"comment": {"html_body": note, "public": False},
             "tags": retag(ticket, add=add, remove=[self.settings.draft_tag])},
            updated_stamp=ticket.get("updated_at"),
        )
        self._attempt = None

    def _confirm(self, attempt: _Attempt, ticket: Json, comments: list[Json]) -> Outcome | None:
        """The outcome of a note whose answer was lost, if it landed (None: decide again)."""
        draft = attempt.draft
        if draft.comment_id not in noted_drafts(comments, self.coach_id, attempt.kind):
            return None
        if attempt.kind is NoteKind.SKIP:
            return _refused(draft, attempt.problem, attempt.failed)
        assert attempt.result is not None
        self._record_review(draft, attempt.result, ticket, attempt.at)
        return Outcome(draft.ticket_id, "reviewed", "confirmed after a lost answer", draft.comment_id, attempt.result)

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

    def _check(self, draft: Draft, ticket: Json, users: Mapping[int, Json], comments: list[Json]) -> Result:
        requester = users.get(ticket.get("requester_id") or -1, {})
        context = Context(
            customer_name=requester.get("name"), subject=ticket.get("subject"),
            customer_message=customer_message(ticket, comments, draft.comment_id), locale=requester.get("locale"),
        )
        return self.checker.check(draft.text, source=_source(draft), context=context, html=draft.html)

    def _record_review(self, draft: Draft, result: Result, ticket: Json, at: str) -> None:
        if self.history is None:
            return
        counts = Counter(f.rule for f in result.findings)
        self.history.record_review(
            ReviewRecord(
                draft_id=draft.comment_id, ticket_id=draft.ticket_id, round=draft.round, author_id=draft.author_id,
                author_name=draft.author_name, author_kind=draft.author_kind, subject=str(ticket.get("subject") or ""),
                drafted_at=draft.created_at, reviewed_at=at, verdict=result.verdict, scores=result.scores,
                findings=dict(counts), changes=[(c.rule, c.before, c.after) for c in result.revision.changes],
                revision=result.revision.text if result.revision.changes else "",  # what the note's <pre> shows
            )
        )

    def _act_on_decision(self, ticket: Json, decision: Decision, comments: list[Json], users: Mapping[int, Json]) -> Json:
        """Post the decision note and clear the decision tags in one write; record it."""
        tid = int(ticket["id"])
        buddy_name = user_name(users, decision.buddy_id)
        at = decision.decided_at or self.clock().isoformat(timespec="seconds")
        data: dict[str, Any] = {"draft": decision.draft_id, "decision": decision.decision, "via": decision.via,
                                "buddy": decision.buddy_id, "reason": decision.reason, "author": decision.author_id, "at": at}
        if decision.decision == "approve" and self.settings.publish_on_approve:
            text, is_html = approved_reply(decision, comments, coach_id=self.coach_id)
            if has_prompts(text):  # the buddy's edit kept a "[...]" prompt: never send that to a customer
                data.update(publish=False, held="the approved reply still holds a [...] prompt to fill")
            else:
                data.update(publish=True, text=text, html=is_html)
        note = render_decision_note(
            self.checker.templates, decision=decision.decision, draft_id=decision.draft_id, data=data,
            reason=decision.reason, buddy_name=buddy_name, trainee_name=user_name(users, decision.author_id),
        )
        changes: dict[str, Any] = {
            "comment": {"html_body": note, "public": False},
            "tags": retag(ticket, add=[self.settings.decided_tag], remove=[*decision.tags, self.settings.reviewed_tag]),
        }
        self._begin_write(tid)
        updated = self.client.update_ticket(tid, changes, updated_stamp=ticket.get("updated_at"))
        if self.history is not None:
            record_notes(self.history, ticket, comments, users, coach_id=self.coach_id)
            self.history.record_decision(decision_record(decision, buddy_name=buddy_name, at=at))
        if not data.get("publish"):  # a reply still to publish keeps the ticket pending: after a crash, the next run posts it
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


def _refused(draft: Draft, problem: str, failed: bool = True) -> Outcome:
    return Outcome(draft.ticket_id, "failed" if failed else "skipped",
                   f"draft {draft.comment_id} cannot be checked: {problem}; the trainee was told in a note", draft.comment_id)


def _source(draft: Draft) -> str:
    """How errors about a draft name it."""
    return f"ticket {draft.ticket_id} comment {draft.comment_id}"
