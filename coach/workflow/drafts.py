"""The Zendesk conventions, as pure functions over a ticket and its comments.

A *draft* is a private comment by a trainee or shadow visitor on a ticket
tagged ``coach_draft``: the newest private comment by anyone but the coach
user, written after the last coach note (README.md, "Zendesk").
A *decision* is the buddy's answer to a review: the approve/rework macro's
tag, or an internal note starting with ``/approve`` or ``/rework``. Either counts
only from someone other than the draft's author: a note's author is the comment's,
a tag's is the author of the audit that added it (``coach.workflow.audits``).

Nothing here does I/O, so every rule of the convention is tested directly.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from coach.workflow.audits import TagAddition
from coach.check.revise.placeholders import has_prompts
from coach.config import ZendeskSettings
from coach.workflow.notes import NoteFacts, NoteKind, comment_text, parse_note, revision_text

_COMMAND_RE = re.compile(r"^\s*/(approve|rework)\b[ \t]*:?[ \t]*(.*)", re.S | re.I)

Comment = Mapping[str, Any]


@dataclass(frozen=True)
class Draft:
    """The draft to review on a ticket."""

    ticket_id: int
    comment_id: int
    author_id: int
    author_name: str
    author_kind: str  # "trainee" | "shadow"
    text: str
    html: bool
    created_at: str
    round: int


@dataclass(frozen=True)
class Step:
    """What to do with a ticket: ``review`` a draft, or ``skip``/``done`` with a reason."""

    action: str  # "review" | "skip" | "done"
    reason: str = ""
    draft: Draft | None = None


@dataclass(frozen=True)
class Decision:
    """A buddy's decision on a reviewed draft, not yet acted on."""

    ticket_id: int
    draft_id: int
    decision: str  # "approve" | "rework"
    reason: str  # rework reason, or the buddy's edited reply for approve
    buddy_id: int | None
    via: str  # "note" | "macro"
    review: NoteFacts
    tags: tuple[str, ...]  # decision tags to clear
    decided_at: str = ""  # the command note's time, or the time of the audit that added the tag
    author_id: int | None = None  # the draft's author as Zendesk records it (never read from a note)


@dataclass(frozen=True)
class DecisionTags:
    """Decision tags on a reviewed ticket: no decision until the audits show who added them (:func:`tag_decision`)."""

    ticket_id: int
    draft_id: int
    review: NoteFacts
    tags: tuple[str, ...]  # the decision tags on the ticket, approve first
    author_id: int  # the draft's author as Zendesk records it


@dataclass(frozen=True)
class IgnoredTags:
    """Decision tags that do not count (added by the draft's author, by coach, or by no known user)."""

    ticket_id: int
    draft_id: int
    tags: tuple[str, ...]
    reason: str  # why, without ids (the run's summary groups tickets by it)


def is_command(comment: Comment) -> bool:
    """True for a buddy's ``/approve`` or ``/rework`` note."""
    return _COMMAND_RE.match(comment_text(comment)) is not None


def coach_notes(comments: Sequence[Comment], coach_id: int) -> list[tuple[int, NoteFacts]]:
    """(index, facts) of every note the coach user wrote: the only notes coach trusts."""
    out = []
    for i, c in enumerate(comments):
        if c.get("author_id") == coach_id and not c.get("public", False):
            facts = parse_note(c)
            if facts is not None:
                out.append((i, facts))
    return out


def noted_drafts(comments: Sequence[Comment], coach_id: int, kind: NoteKind = NoteKind.REVIEW) -> set[int]:
    """Ids of the drafts coach's notes of ``kind`` on these comments name."""
    return {facts.draft_id for _, facts in coach_notes(comments, coach_id) if facts.kind is kind}


def draft_author(comments: Sequence[Comment], draft_id: int) -> int | None:
    """Who wrote the draft comment, as Zendesk records it (None: no such comment)."""
    found = next((c for c in comments if c.get("id") == draft_id), None)
    return int(found["author_id"]) if found is not None and found.get("author_id") is not None else None


def customer_message(ticket: Mapping[str, Any], comments: Sequence[Comment], draft_id: int) -> str | None:
    """What the draft answers: the requester's newest public comment before the draft (else the
    ticket's description), as plain text; None when the ticket has neither."""
    requester = ticket.get("requester_id")
    latest = None
    for c in comments:
        if c.get("id") == draft_id:
            break
        if c.get("public") and requester is not None and c.get("author_id") == requester:
            latest = c
    text = comment_text(latest) if latest is not None else str(ticket.get("description") or "")
    return text.strip() or None


def user_name(users: Mapping[int, Mapping[str, Any]], user_id: int | None) -> str:
    """A user's display name ("" when unknown)."""
    return str(users.get(user_id if user_id is not None else -1, {}).get("name") or "")


def next_step(
    ticket: Mapping[str, Any],
    comments: Sequence[Comment],
    users: Mapping[int, Mapping[str, Any]],
    *,
    coach_id: int,
    settings: ZendeskSettings,
    allowed_authors: Collection[int] | None = None,
    comment_id: int | None = None,
    force: bool = False,
) -> Step:
    """Decide what to do with ``ticket`` given its comments (oldest first).

    ``force`` returns the draft even when it was reviewed already (to show a review again, never to post).
    """
    if ticket.get("status") == "closed":
        return Step("skip", "ticket is closed")
    notes = coach_notes(comments, coach_id)
    if comment_id is not None:
        chosen = _named_comment(comments, comment_id, coach_id)
    else:
        chosen = _newest_draft(comments, notes, coach_id, allowed_authors, force=force)
    if isinstance(chosen, Step):
        return chosen
    cid = int(chosen["id"])
    answered = {facts.draft_id: facts.kind for _, facts in notes if facts.kind is not NoteKind.DECISION}
    if cid in answered and not force:
        return Step("done", f"draft {cid} already {_answered(answered[cid])}")
    position = next(i for i, c in enumerate(comments) if c is chosen)
    earlier_rounds = sum(1 for i, facts in notes if facts.kind is NoteKind.REVIEW and i < position)
    return Step("review", draft=_draft(ticket, chosen, users, settings, round_no=earlier_rounds + 1))


def _named_comment(comments: Sequence[Comment], comment_id: int, coach_id: int) -> Comment | Step:
    """The comment ``--comment`` names, or why it is no draft."""
    chosen = next((c for c in comments if c.get("id") == comment_id), None)
    if chosen is None:
        return Step("skip", f"comment {comment_id} is not on this ticket")
    if chosen.get("public", True) or chosen.get("author_id") == coach_id or is_command(chosen):
        return Step("skip", f"comment {comment_id} is not a draft (a public reply, a coach note or a buddy's command)")
    return chosen


def _newest_draft(
    comments: Sequence[Comment], notes: list[tuple[int, NoteFacts]], coach_id: int,
    allowed_authors: Collection[int] | None, *, force: bool,
) -> Comment | Step:
    """The newest private comment after coach's last answer to a draft, or why there is none to review."""
    answered = [i for i, facts in notes if facts.kind is not NoteKind.DECISION]  # reviewed, or could not be checked
    after = answered[-1] if answered and not force else -1
    candidates = [
        c for c in comments[after + 1 :]
        if not c.get("public", True) and c.get("author_id") != coach_id and not is_command(c)
    ]
    if allowed_authors is not None:
        outside = [c for c in candidates if c.get("author_id") not in allowed_authors]
        candidates = [c for c in candidates if c.get("author_id") in allowed_authors]
        if not candidates and outside:
            return Step("skip", "the newest private comment is not by a trainee or shadow author (zendesk.author_groups)")
    if allowed_authors is None and len({c.get("author_id") for c in candidates}) > 1:
        return Step(
            "skip",
            "private comments by several people since the last review: set zendesk.author_groups "
            "so coach knows whose comment is the draft",
        )
    if candidates:
        return candidates[-1]
    if answered:
        last = next(f for i, f in reversed(notes) if f.kind is not NoteKind.DECISION)
        return Step("done", f"draft {last.draft_id} already {_answered(last.kind)}; no newer draft")
    return Step("skip", "no draft: no private comment after the last coach note")


def _draft(ticket: Mapping[str, Any], chosen: Comment, users: Mapping[int, Mapping[str, Any]],
           settings: ZendeskSettings, *, round_no: int) -> Draft:
    author_id = int(chosen.get("author_id") or 0)
    html_body = chosen.get("html_body")
    return Draft(
        ticket_id=int(ticket["id"]),
        comment_id=int(chosen["id"]),
        author_id=author_id,
        author_name=user_name(users, author_id) or f"user {author_id}",
        author_kind="shadow" if settings.shadow_tag in (ticket.get("tags") or ()) else "trainee",
        text=html_body or chosen.get("body") or "",
        html=bool(html_body),
        created_at=str(chosen.get("created_at") or ""),
        round=round_no,
    )


def _answered(kind: NoteKind) -> str:
    return "reviewed" if kind is NoteKind.REVIEW else "answered (it could not be checked; the trainee was told)"


def pending_decision(
    ticket: Mapping[str, Any],
    comments: Sequence[Comment],
    *,
    coach_id: int,
    settings: ZendeskSettings,
) -> Decision | DecisionTags | None:
    """The buddy's decision on the latest review that coach has not acted on yet.

    A ``/approve`` or ``/rework`` note by someone other than the draft's author is a decision;
    otherwise decision tags on the ticket are returned as :class:`DecisionTags`, for
    :func:`tag_decision` to check against the ticket's audits.
    """
    notes = coach_notes(comments, coach_id)
    reviews = [(i, f) for i, f in notes if f.kind is NoteKind.REVIEW]
    if not reviews:
        return None
    at, review = reviews[-1]
    decided = {f.draft_id for _, f in notes if f.kind is NoteKind.DECISION}
    tags = tuple(ticket.get("tags") or ())
    decision_tags = tuple(t for t in (settings.approved_tag, settings.rework_tag) if t in tags)
    if review.draft_id in decided:
        return None
    author = draft_author(comments, review.draft_id)
    if author is None:
        return None  # the draft comment is gone: nobody can be told apart from its author
    drafted = next(i for i, c in enumerate(comments) if c.get("id") == review.draft_id)
    for c in comments[drafted + 1 :]:  # a buddy may decide before coach's review
        if c.get("author_id") in (coach_id, author) or c.get("public", True):
            continue  # the draft's author cannot decide on their own draft
        m = _COMMAND_RE.match(comment_text(c))
        if m:
            return Decision(
                ticket_id=int(ticket["id"]), draft_id=review.draft_id, decision=m.group(1).lower(),
                reason=m.group(2).strip(), buddy_id=c.get("author_id"), via="note", review=review, tags=decision_tags,
                decided_at=str(c.get("created_at") or ""), author_id=author,
            )
    if decision_tags:
        return DecisionTags(ticket_id=int(ticket["id"]), draft_id=review.draft_id, review=review, tags=decision_tags,
                            author_id=author)
    return None


def tag_decision(
    tags: DecisionTags, additions: Mapping[str, TagAddition], *, coach_id: int, settings: ZendeskSettings,
) -> Decision | IgnoredTags:
    """The decision the tags make, given who added each (``coach.workflow.audits.tag_additions``).

    A tag counts only when the audit that added it was made by a user other than the draft's
    author and coach itself; the approve tag is looked at first.
    """
    problems: list[str] = []
    for tag, kind in ((settings.approved_tag, "approve"), (settings.rework_tag, "rework")):
        if tag not in tags.tags:
            continue
        added = additions.get(tag)
        problem = _adder_problem(added, author_id=tags.author_id, coach_id=coach_id)
        if added is None or problem:
            problems.append(f"{tag} {problem}")
            continue
        return Decision(
            ticket_id=tags.ticket_id, draft_id=tags.draft_id, decision=kind, reason="", buddy_id=added.author_id,
            via="macro", review=tags.review, tags=tags.tags, decided_at=added.created_at, author_id=tags.author_id,
        )
    return IgnoredTags(tags.ticket_id, tags.draft_id, tags.tags, "; ".join(problems))


def _adder_problem(added: TagAddition | None, *, author_id: int, coach_id: int) -> str:
    """Why a tag's adder cannot decide ("" when they can)."""
    if added is None or added.author_id is None:
        return "was not added by a known user (no audit shows who added it)"
    if added.author_id == author_id:
        return "was added by the draft's own author, who cannot decide on it"
    if added.author_id == coach_id:
        return "was added by coach's own user, which never decides"
    return ""


@dataclass(frozen=True)
class Publication:
    """An approved reply coach still has to post publicly as the trainee (``publish_on_approve``)."""

    ticket_id: int
    draft_id: int
    author_id: int
    text: str
    html: bool = False


def pending_publication(ticket: Mapping[str, Any], comments: Sequence[Comment], *, coach_id: int) -> Publication | None:
    """The approved reply of the latest decision note marked ``publish``, unless it was posted already.

    It is posted as the draft comment's author as Zendesk records it, never as a user a note names,
    and only when someone else decided (a macro's user is not known: Zendesk's macro restrictions decide).
    """
    notes = coach_notes(comments, coach_id)
    decisions = [(i, f) for i, f in notes if f.kind is NoteKind.DECISION]
    if not decisions:
        return None
    at, facts = decisions[-1]
    data = facts.data
    author = draft_author(comments, facts.draft_id)
    if data.get("decision") != "approve" or not data.get("publish") or author is None or author in (coach_id, data.get("buddy")):
        return None
    reviewed_at = next((i for i, f in notes if f.kind is NoteKind.REVIEW and f.draft_id == facts.draft_id), at)
    if any(c.get("public") and c.get("author_id") == author for c in comments[reviewed_at + 1 :]):
        return None  # the trainee replied already (themselves, or coach did earlier)
    text = str(data.get("text") or "")
    if not text:
        return None
    return Publication(ticket_id=int(ticket["id"]), draft_id=facts.draft_id, author_id=author, text=text,
                       html=bool(data.get("html")))


def approved_reply(decision: Decision, comments: Sequence[Comment], *, coach_id: int) -> tuple[str, bool]:
    """The reply to publish and whether it is HTML: the buddy's edit, else coach's suggested
    revision (from coach's own review note only, and only when it has no "[...]" prompt left to
    fill), else the draft itself (its HTML, so links survive)."""
    if decision.reason:
        return decision.reason, False
    for i, facts in coach_notes(comments, coach_id):
        if facts.kind is NoteKind.REVIEW and facts.draft_id == decision.draft_id:
            revision = revision_text(comments[i]).strip()
            if revision and not has_prompts(revision):
                return revision, False
    for c in comments:
        if c.get("id") == decision.draft_id:
            if c.get("html_body"):
                return str(c["html_body"]), True
            return str(c.get("body") or "").strip(), False
    return "", False
