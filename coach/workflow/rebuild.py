"""The history as coach's notes in Zendesk tell it.

Every review and decision note ends with a ``coach-data`` footer, so a lost answer, a
crash before the local write, or a lost database (``coach history rebuild``) can be
recorded from Zendesk alone, to the same records the live run writes. Recording is
idempotent: a known draft is skipped. Only notes the coach user wrote are read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from coach.workflow.drafts import Decision, coach_notes, draft_author, user_name
from coach.history import DecisionRecord, History, ReviewRecord
from coach.model import SCORE_KEYS
from coach.workflow.notes import NoteFacts, NoteKind, revision_text

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
    for i, facts in coach_notes(comments, coach_id):
        note = comments[i]
        if facts.kind is NoteKind.REVIEW:
            new += history.record_review(review_from_note(facts, ticket, note, users, comments))
        elif facts.kind is NoteKind.DECISION:
            new += history.record_decision(decision_from_note(facts, ticket, note, users))
    return new


def review_from_note(facts: NoteFacts, ticket: Json, note: Json, users: Mapping[int, Json], comments: list[Json]) -> ReviewRecord:
    """A history record rebuilt from a review note's footer and ``<pre>`` revision (the same the live run records)."""
    d = facts.data
    draft = next((c for c in comments if c.get("id") == facts.draft_id), {})
    author = draft_author(comments, facts.draft_id) or d.get("author")
    return ReviewRecord(
        draft_id=facts.draft_id, ticket_id=int(ticket["id"]), round=int(d.get("round", 1)), author_id=author,
        author_name=user_name(users, author) or f"user {author}", author_kind=str(d.get("kind", "trainee")),
        subject=str(ticket.get("subject") or ""), drafted_at=str(draft.get("created_at") or ""),
        reviewed_at=str(d.get("at") or note.get("created_at") or ""),
        verdict=str(d.get("verdict", "revise")), scores=d.get("scores") or dict.fromkeys(SCORE_KEYS, 0),
        findings=d.get("rules") or {}, changes=[_change(c) for c in d.get("changes", [])], revision=revision_text(note),
    )


def _change(change: Any) -> tuple[str, str, str]:
    """(rule, before, after); notes before v2 named only the rule."""
    if isinstance(change, list) and len(change) == 3:
        return str(change[0]), str(change[1]), str(change[2])
    return str(change), "", ""


def decision_from_note(facts: NoteFacts, ticket: Json, note: Json, users: Mapping[int, Json]) -> DecisionRecord:
    """A decision's history record rebuilt from its note's footer."""
    d = facts.data
    decision = Decision(
        ticket_id=int(ticket["id"]), draft_id=facts.draft_id, decision=str(d.get("decision")),
        reason=str(d.get("reason") or ""), buddy_id=d.get("buddy"), via=str(d.get("via") or "note"),
        review=facts, tags=(),
    )
    return decision_record(decision, buddy_name=user_name(users, decision.buddy_id), at=str(d.get("at") or note.get("created_at") or ""))
