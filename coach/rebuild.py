"""The history as coach's notes in Zendesk tell it.

Every review and decision note carries a ``coach-data`` line, so a lost answer, a
crash before the local write, or a lost database (``coach history rebuild``) can be
recorded from Zendesk alone. Recording is idempotent: a known draft is skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from coach.drafts import Decision
from coach.history import DecisionRecord, History, ReviewRecord
from coach.model import SCORE_KEYS
from coach.notes import NoteFacts, parse_note, revision_text

Json = Mapping[str, Any]


def decision_record(decision: Decision, *, buddy_name: str, at: datetime | str) -> DecisionRecord:
    """The history row of a decision (the buddy's text is the approved reply or the rework reason)."""
    approve = decision.decision == "approve"
    return DecisionRecord(
        draft_id=decision.draft_id, decision=decision.decision, via=decision.via, buddy_id=decision.buddy_id,
        buddy_name=buddy_name, decided_at=at if isinstance(at, str) else at.isoformat(timespec="seconds"),
        reason="" if approve else decision.reason, approved_text=(decision.reason or None) if approve else None,
    )


def record_notes(history: History, ticket: Json, comments: Iterable[Json], users: Mapping[int, Json], *, coach_id: int) -> int:
    """Record every review and decision that coach's notes on ``ticket`` carry; returns how many were new."""
    new = 0
    comments = list(comments)
    drafted = {c.get("id"): str(c.get("created_at") or "") for c in comments}
    for c in comments:
        if c.get("author_id") != coach_id:
            continue
        facts = parse_note(c)
        if facts is None or not facts.data:
            continue
        if facts.kind == "review":
            new += history.record_review(review_from_note(facts, ticket, c, users, drafted_at=drafted.get(facts.draft_id, "")))
        else:
            d = facts.data
            decision = Decision(
                ticket_id=int(ticket["id"]), draft_id=facts.draft_id, decision=str(d.get("decision")),
                reason=str(d.get("reason") or ""), buddy_id=d.get("buddy"), via=str(d.get("via") or "note"),
                review=facts, tags=(),
            )
            buddy = users.get(decision.buddy_id or -1, {})
            new += history.record_decision(decision_record(decision, buddy_name=str(buddy.get("name") or ""), at=str(c.get("created_at") or "")))
    return new


def review_from_note(
    facts: NoteFacts, ticket: Json, note: Json, users: Mapping[int, Json], *, drafted_at: str = ""
) -> ReviewRecord:
    """A history record rebuilt from a review note's ``coach-data`` line and ``<pre>`` revision."""
    d = facts.data
    author = d.get("author")
    return ReviewRecord(
        draft_id=facts.draft_id, ticket_id=int(ticket["id"]), round=int(d.get("round", 1)), author_id=author,
        author_name=str(users.get(author or -1, {}).get("name") or ""), author_kind=str(d.get("kind", "trainee")),
        subject=str(ticket.get("subject") or ""), drafted_at=drafted_at, reviewed_at=str(note.get("created_at") or ""),
        verdict=str(d.get("verdict", "revise")), scores=d.get("scores") or dict.fromkeys(SCORE_KEYS, 0),
        findings=d.get("rules") or {}, changes=[(r, "", "") for r in d.get("changes", [])],
        revision=revision_text(note), note_id=note.get("id"),
    )
