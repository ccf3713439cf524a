"""Who added a tag, from a ticket's audits (coach.workflow.audits)."""

from __future__ import annotations

from coach.workflow.audits import TagAddition, tag_additions

TRAINEE, BUDDY = 2, 3


def audit(id: int, author: int, at: str, *events: dict) -> dict:
    return {"id": id, "ticket_id": 7, "author_id": author, "created_at": f"2026-11-05T10:00:{at}Z", "events": list(events)}


def tags(before: list[str] | None, after: list[str], type: str = "Change") -> dict:
    event = {"id": 1, "type": type, "field_name": "tags", "value": after}
    return event if before is None else {**event, "previous_value": before}


def test_the_last_audit_that_turned_the_tag_on_is_its_adder():
    audits = [
        audit(1, TRAINEE, "00", {"type": "Comment", "body": "draft"}, tags(None, ["coach_draft"], type="Create")),
        audit(2, BUDDY, "10", tags(["coach_draft"], ["coach_draft", "coach_approved"])),
        audit(3, TRAINEE, "20", tags(["coach_draft", "coach_approved"], ["coach_draft"])),
        audit(4, TRAINEE, "30", {"type": "Change", "field_name": "status", "value": "open", "previous_value": "new"}),
        audit(5, TRAINEE, "40", tags(["coach_draft"], ["coach_draft", "coach_approved"])),
        audit(6, BUDDY, "50", tags(["coach_draft", "coach_approved"], ["coach_draft", "coach_approved", "vip"])),
    ]
    found = tag_additions(audits, ["coach_approved", "coach_rework", "coach_draft"])
    assert found == {"coach_approved": TagAddition("coach_approved", TRAINEE, "2026-11-05T10:00:40Z", 5),
                     "coach_draft": TagAddition("coach_draft", TRAINEE, "2026-11-05T10:00:00Z", 1)}


def test_audits_in_any_order_are_read_in_time_order():
    audits = [
        audit(9, TRAINEE, "30", tags(["coach_approved"], ["coach_approved", "x"])),
        audit(8, BUDDY, "20", tags([], ["coach_approved"])),
        audit(7, TRAINEE, "10", tags([], [])),
    ]
    assert tag_additions(audits, ["coach_approved"])["coach_approved"].author_id == BUDDY


def test_a_removed_tag_has_no_adder_and_zendesk_itself_is_nobody():
    audits = [audit(1, BUDDY, "00", tags([], ["coach_rework", "coach_approved"])),
              audit(2, BUDDY, "10", tags(["coach_rework", "coach_approved"], ["coach_approved"])),
              audit(3, -1, "20", tags(["coach_approved"], ["coach_approved", "coach_rework"]))]
    found = tag_additions(audits, ["coach_approved", "coach_rework"])
    assert found["coach_approved"].author_id == BUDDY and found["coach_rework"].author_id is None


def test_space_separated_values_and_upper_case_settings():
    audits = [audit(1, BUDDY, "00", tags("a", "a Coach_Approved"))]  # type: ignore[arg-type]
    assert tag_additions(audits, ["COACH_APPROVED"])["COACH_APPROVED"].author_id == BUDDY
    assert tag_additions([], ["coach_approved"]) == {}
