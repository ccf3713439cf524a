"""The Zendesk conventions as pure functions: which comment is the draft, what the buddy decided."""

from __future__ import annotations

import pytest

from coach.workflow.audits import TagAddition
from coach.config import ZendeskSettings
from coach.workflow.drafts import (
    Decision,
    DecisionTags,
    IgnoredTags,
    customer_message,
    next_step,
    pending_decision,
    tag_decision,
)
from coach.workflow.notes import NoteKind, footer_line

COACH, TRAINEE, BUDDY, CUSTOMER = 1, 2, 3, 4
S = ZendeskSettings()
TICKET = {"id": 7, "status": "open", "tags": ["coach_draft"], "subject": "SSO"}


def c(id: int, author: int, body: str, public: bool = False) -> dict:
    return {"id": id, "author_id": author, "body": body, "public": public, "created_at": f"2026-11-0{id % 9 + 1}T10:00:00Z"}


def review_note(id: int, draft: int) -> dict:
    return c(id, COACH, f"coach review ...\ncoach reviewed draft {draft} · coach-data {{\"draft\":{draft},\"author\":{TRAINEE},\"round\":1}}")


def step(comments, **kw):
    return next_step(kw.pop("ticket", TICKET), comments, {TRAINEE: {"name": "Tia"}}, coach_id=COACH, settings=S, **kw)


def test_the_draft_is_the_newest_private_comment_by_someone_else():
    s = step([c(10, CUSTOMER, "help", public=True), c(11, TRAINEE, "first try"), c(12, TRAINEE, "second try")])
    assert s.action == "review" and s.draft.comment_id == 12 and s.draft.author_name == "Tia" and s.draft.round == 1


def test_public_comments_and_coach_notes_are_not_drafts():
    s = step([c(10, CUSTOMER, "help", public=True), c(11, TRAINEE, "sent reply", public=True), c(12, COACH, "hello")])
    assert s.action == "skip" and "no draft" in s.reason


def test_a_reviewed_draft_is_done_and_a_newer_one_is_a_new_round():
    done = step([c(11, TRAINEE, "draft"), review_note(12, 11)])
    assert done.action == "done" and "11" in done.reason
    again = step([c(11, TRAINEE, "draft"), review_note(12, 11), c(13, BUDDY, "/rework shorter"), c(14, TRAINEE, "draft 2")])
    assert again.action == "review" and again.draft.comment_id == 14 and again.draft.round == 2


def test_force_returns_the_reviewed_draft_again_for_display():
    s = step([c(11, TRAINEE, "draft"), review_note(12, 11)], force=True)
    assert s.action == "review" and s.draft.comment_id == 11


def test_buddy_commands_are_never_drafts():
    s = step([c(11, TRAINEE, "draft"), review_note(12, 11), c(13, BUDDY, "/approve")])
    assert s.action == "done"


def test_author_groups_restrict_drafts():
    s = step([c(11, BUDDY, "internal chatter")], allowed_authors={TRAINEE})
    assert s.action == "skip" and "author_groups" in s.reason


def test_closed_tickets_are_skipped():
    assert step([c(11, TRAINEE, "draft")], ticket={**TICKET, "status": "closed"}).reason == "ticket is closed"


def test_an_explicit_comment_must_be_on_the_ticket():
    assert "not on this ticket" in step([c(11, TRAINEE, "draft")], comment_id=99).reason


def test_shadow_tag_marks_the_author_kind():
    s = step([c(11, TRAINEE, "draft")], ticket={**TICKET, "tags": ["shadow_day"]})
    assert s.draft.author_kind == "shadow"


def decision(comments, tags=("coach_reviewed",)):
    return pending_decision({**TICKET, "tags": list(tags)}, comments, coach_id=COACH, settings=S)


def test_approve_by_note_carries_the_buddys_edited_reply():
    d = decision([c(11, TRAINEE, "draft"), review_note(12, 11), c(13, BUDDY, "/approve Hi Maria,\n\nAll fixed.")])
    assert d.decision == "approve" and d.via == "note" and d.buddy_id == BUDDY and d.reason == "Hi Maria,\n\nAll fixed."


def test_decision_tags_wait_for_the_audits():
    tags = decision([c(11, TRAINEE, "draft"), review_note(12, 11)], tags=("coach_reviewed", "coach_rework"))
    assert isinstance(tags, DecisionTags)
    assert (tags.draft_id, tags.tags, tags.author_id) == (11, ("coach_rework",), TRAINEE)


def tagged(*tags: str) -> DecisionTags:
    found = decision([c(11, TRAINEE, "draft"), review_note(12, 11)], tags=("coach_reviewed", *tags))
    assert isinstance(found, DecisionTags)
    return found


def added(tag: str, by: int | None, at: str = "2026-11-05T10:00:00Z") -> dict[str, TagAddition]:
    return {tag: TagAddition(tag, by, at, 500)}


def test_a_buddys_macro_is_a_decision_by_the_buddy_at_the_audits_time():
    d = tag_decision(tagged("coach_rework"), added("coach_rework", BUDDY), coach_id=COACH, settings=S)
    assert isinstance(d, Decision)
    assert (d.decision, d.via, d.buddy_id, d.decided_at, d.author_id) == ("rework", "macro", BUDDY, "2026-11-05T10:00:00Z", TRAINEE)


@pytest.mark.parametrize(("by", "why"), [(TRAINEE, "draft's own author"), (COACH, "coach's own user"), (None, "no audit shows")])
def test_a_tag_added_by_the_author_coach_or_nobody_known_is_ignored(by, why):
    ignored = tag_decision(tagged("coach_approved"), added("coach_approved", by), coach_id=COACH, settings=S)
    assert isinstance(ignored, IgnoredTags) and ignored.tags == ("coach_approved",) and ignored.draft_id == 11
    assert ignored.reason.startswith("coach_approved ") and why in ignored.reason


def test_a_tag_no_audit_shows_being_added_is_ignored():
    assert isinstance(tag_decision(tagged("coach_approved"), {}, coach_id=COACH, settings=S), IgnoredTags)


def test_the_tag_a_buddy_added_counts_when_the_trainee_added_the_other():
    tags = tagged("coach_approved", "coach_rework")
    d = tag_decision(tags, {**added("coach_approved", TRAINEE), **added("coach_rework", BUDDY)}, coach_id=COACH, settings=S)
    assert isinstance(d, Decision) and d.decision == "rework" and d.tags == ("coach_approved", "coach_rework")
    both = tag_decision(tags, {**added("coach_approved", TRAINEE), **added("coach_rework", TRAINEE)}, coach_id=COACH, settings=S)
    assert isinstance(both, IgnoredTags) and both.reason.count("draft's own author") == 2


def test_a_decision_is_acted_on_once():
    decided = c(14, COACH, "Approved.\n" + footer_line(NoteKind.DECISION, 11, {}, decision="approve"))
    assert decision([c(11, TRAINEE, "draft"), review_note(12, 11), c(13, BUDDY, "/approve"), decided]) is None


def test_no_review_no_decision():
    assert decision([c(11, TRAINEE, "draft"), c(13, BUDDY, "/approve")], tags=("coach_approved",)) is None


def test_the_drafts_author_cannot_approve_it():
    assert decision([c(11, TRAINEE, "draft"), review_note(12, 11), c(13, TRAINEE, "/approve")]) is None


# --------------------------------------------------------------------------- what the draft answers


def test_the_customer_message_is_the_requesters_newest_public_comment_before_the_draft():
    ticket = {"id": 1, "requester_id": 5, "description": "First message"}
    comments = [c(1, 5, "First message", public=True), c(2, 9, "Agent reply", public=True),
                c(3, 5, "Still broken, I'm furious", public=True), c(4, 7, "the draft"), c(5, 5, "after the draft", public=True)]
    assert customer_message(ticket, comments, draft_id=4) == "Still broken, I'm furious"


def test_the_customer_message_falls_back_to_the_description():
    ticket = {"id": 1, "requester_id": 5, "description": "Opened by phone: printer jams"}
    assert customer_message(ticket, [c(4, 7, "the draft")], draft_id=4) == "Opened by phone: printer jams"
    assert customer_message({"id": 1, "requester_id": 5}, [c(4, 7, "the draft")], draft_id=4) is None
