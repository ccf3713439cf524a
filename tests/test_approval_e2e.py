"""Buddy decisions in Zendesk, end to end through `coach review`: recorded once, answered once."""

from __future__ import annotations

import re

import pytest
from conftest import GOOD_DRAFT, Account
from fakezendesk import FakeCrash

from coach.history import History

DECIDED = re.compile(r"coach recorded (approve|rework) of draft (\d+)")


def decision_notes(account: Account, tid: int) -> list[tuple[str, int]]:
    return [(m.group(1), int(m.group(2))) for c in account.notes(tid) for m in [DECIDED.search(c["plain_body"])] if m]


def reviewed(account: Account) -> int:
    tid = account.draft_ticket()
    assert account.invoke("review", "--no-progress").exit_code == 0
    return tid


def draft_of(account: Account, tid: int) -> int:
    return next(c["id"] for c in account.fake.comments(tid) if not c["public"] and c["author_id"] == account.trainee)


def decisions(account: Account) -> list[tuple]:
    with History(account.history_path()) as h:
        return [tuple(r) for r in h.query("SELECT draft_id, decision, via, buddy_id, reason, approved_text FROM decisions")]


def test_approve_by_macro_is_recorded_and_answered_once(account: Account) -> None:
    tid = reviewed(account)
    account.fake.edit_ticket(tid, additional_tags=["coach_approved"], author_id=account.buddy)
    result = account.invoke("review", "--no-progress")
    assert result.exit_code == 0 and f"ticket {tid}: recorded approve" in result.output
    assert "0 waiting" in result.output and "1 decisions" in result.output
    draft = draft_of(account, tid)
    assert decision_notes(account, tid) == [("approve", draft)]
    assert "send it" in account.notes(tid)[-1]["plain_body"]
    tags = account.fake.tickets[tid]["tags"]
    assert "coach_approved" not in tags and "coach_reviewed" not in tags and "coach_decided" in tags
    assert decisions(account) == [(draft, "approve", "macro", account.buddy, "", None)]  # who applied the macro, from the audits
    account.invoke("review", "--no-progress")
    assert len(decision_notes(account, tid)) == 1


def test_approve_by_note_with_the_buddys_edit(account: Account) -> None:
    tid = reviewed(account)
    account.fake.add_comment(tid, author_id=account.buddy, public=False, body="/approve Hi Maria,\n\nAll 42 users are back. Reply here if not!")
    account.invoke("review", "--no-progress")
    draft = draft_of(account, tid)
    assert decisions(account) == [(draft, "approve", "note", account.buddy, "", "Hi Maria,\n\nAll 42 users are back. Reply here if not!")]
    note = account.notes(tid)[-1]["plain_body"]
    assert "Ben Buddy" in note and "All 42 users are back" in note


def test_rework_then_a_new_round_then_approve(account: Account) -> None:
    tid = reviewed(account)
    account.fake.add_comment(tid, author_id=account.buddy, public=False, body="/rework Lead with the fix, then the reason.")
    account.fake.edit_ticket(tid, additional_tags=["coach_rework"], author_id=account.buddy)
    account.invoke("review", "--no-progress")
    assert "Lead with the fix" in account.notes(tid)[-1]["plain_body"]
    assert "coach_rework" not in account.fake.tickets[tid]["tags"]
    # the trainee writes round 2 and submits it again
    account.fake.add_comment(tid, author_id=account.trainee, public=False, body=GOOD_DRAFT)
    account.fake.edit_ticket(tid, additional_tags=["coach_draft"], author_id=account.trainee)
    account.invoke("review", "--no-progress")
    rounds = [c for c in account.notes(tid) if "coach reviewed draft" in c["plain_body"]]
    assert len(rounds) == 2 and "(round 2)" in rounds[1]["plain_body"]
    account.fake.edit_ticket(tid, additional_tags=["coach_approved"], author_id=account.buddy)
    account.invoke("review", "--no-progress")
    with History(account.history_path()) as h:
        rows = h.query("SELECT r.round, d.decision FROM reviews r JOIN decisions d USING (draft_id) ORDER BY r.round")
        assert [tuple(r) for r in rows] == [(1, "rework"), (2, "approve")]


@pytest.mark.parametrize("k", range(0, 6))
def test_a_crash_while_acting_on_a_decision_then_a_rerun_acts_exactly_once(account: Account, k: int) -> None:
    tid = reviewed(account)
    account.fake.edit_ticket(tid, additional_tags=["coach_approved"], author_id=account.buddy)
    account.fake.crash_after(k, after_commit=k > 0)
    try:
        account.invoke("review", "--no-progress")
    except FakeCrash:
        pass
    account.fake.clear_faults()
    assert account.invoke("review", "--no-progress").exit_code == 0
    assert decision_notes(account, tid) == [("approve", draft_of(account, tid))]
    assert [d[1] for d in decisions(account)] == ["approve"]


def test_history_rebuild_from_notes(account: Account) -> None:
    tid = reviewed(account)
    account.fake.add_comment(tid, author_id=account.buddy, public=False, body="/rework Shorter, please.")
    account.invoke("review", "--no-progress")
    account.history_path().unlink()
    for suffix in ("-wal", "-shm"):
        account.history_path().with_name(account.history_path().name + suffix).unlink(missing_ok=True)
    result = account.invoke("history", "rebuild", "--since", "7d")
    assert result.exit_code == 0, result.output
    assert "2 records added" in result.output
    with History(account.history_path()) as h:
        review = h.query("SELECT ticket_id, verdict, author_id, round FROM reviews")
        assert [tuple(r) for r in review] == [(tid, "revise", account.trainee, 1)]
        assert [tuple(r) for r in h.query("SELECT decision, reason FROM decisions")] == [("rework", "Shorter, please.")]
        assert h.query("SELECT count(*) FROM findings")[0][0] > 0
    assert "0 records added" in account.invoke("history", "rebuild", "--since", "7d").output


def test_report_after_reviews(account: Account) -> None:
    tid = reviewed(account)
    account.fake.edit_ticket(tid, additional_tags=["coach_approved"], author_id=account.buddy)
    account.invoke("review", "--no-progress")
    out = account.invoke("report", "--since", "7d").output
    assert "Tia Trainee" in out
    html = account.invoke("report", "--since", "7d", "--format", "html").output
    assert "<svg" in html and "Tia Trainee" in html


def test_publish_on_approve_posts_the_buddys_reply_once_as_the_trainee(account: Account, write_config) -> None:
    write_config(f'[zendesk]\npublish_on_approve = true\n[history]\npath = "{account.history_path()}"\n')
    tid = reviewed(account)
    account.fake.add_comment(tid, author_id=account.buddy, public=False, body="/approve Hi Maria,\n\nAll 42 users are back.")
    account.fake.crash_after(1, method="PUT")  # the approval note lands, then coach dies before the public reply
    with pytest.raises(FakeCrash):
        account.invoke("review", "--no-progress")
    account.fake.clear_faults()
    assert decision_notes(account, tid) and not [c for c in account.fake.comments(tid) if c["public"] and c["author_id"] == account.trainee]
    result = account.invoke("review", "--no-progress")
    assert "publish_on_approve is on" in result.output
    account.invoke("review", "--no-progress")
    public = [c for c in account.fake.comments(tid) if c["public"] and c["author_id"] == account.trainee]
    assert [c["body"] for c in public] == ["Hi Maria,\n\nAll 42 users are back."]


def test_without_publish_on_approve_nothing_public_is_written(account: Account) -> None:
    tid = reviewed(account)
    account.fake.edit_ticket(tid, additional_tags=["coach_approved"], author_id=account.buddy)
    account.invoke("review", "--no-progress")
    assert not [c for c in account.fake.comments(tid) if c["public"] and c["author_id"] != account.customer]


def test_a_buddys_note_on_a_reviewed_ticket_is_not_reviewed_as_a_draft(account: Account) -> None:
    tid = reviewed(account)
    account.fake.add_comment(tid, author_id=account.buddy, public=False, body="Looks like the customer is on the legacy plan.")
    result = account.invoke("review", "--no-progress")
    assert result.exit_code == 0
    assert len(account.notes(tid)) == 1
    assert f"ticket {tid}: waiting" in result.output and "1 waiting" in result.output


def test_a_trainee_cannot_approve_their_own_draft(account: Account) -> None:
    tid = reviewed(account)
    account.fake.add_comment(tid, author_id=account.trainee, public=False, body="/approve")
    account.invoke("review", "--no-progress")
    assert decision_notes(account, tid) == [] and decisions(account) == []


def test_a_stale_search_does_not_turn_a_buddys_note_into_a_draft(account: Account) -> None:
    account.fake.search_lag = 300  # search still shows coach_draft on the reviewed ticket
    tid = account.draft_ticket()
    account.clock.advance(seconds=400)
    assert account.invoke("review", "--no-progress").exit_code == 0
    account.fake.add_comment(tid, author_id=account.buddy, public=False, body="Ben here: I'll look at this after lunch.")
    result = account.invoke("review", "--no-progress")
    assert result.exit_code == 0
    assert len([n for n in account.notes(tid) if "coach reviewed draft" in n["plain_body"]]) == 1
    with History(account.history_path()) as h:
        assert [r[0] for r in h.query("SELECT author_name FROM reviews")] == ["Tia Trainee"]


def test_a_crash_after_the_decision_note_is_recorded_on_the_next_run(account: Account) -> None:
    tid = reviewed(account)
    account.fake.add_comment(tid, author_id=account.buddy, public=False, body="/approve")
    account.fake.add_comment(tid, author_id=account.buddy, public=False, body="Nice work Tia, send it.")
    account.fake.crash_after(1, method="PUT", after_commit=True)
    with pytest.raises(FakeCrash):
        account.invoke("review", "--no-progress")
    account.fake.clear_faults()
    assert account.invoke("review", "--no-progress").exit_code == 0
    assert [d[1] for d in decisions(account)] == ["approve"]
    assert len([n for n in account.notes(tid) if "coach reviewed draft" in n["plain_body"]]) == 1


def test_a_shadow_day_ticket_is_not_re_reviewed_after_the_buddys_chat(account: Account) -> None:
    tid = account.draft_ticket(author=account.visitor, tags=("coach_draft", "shadow_day"))
    account.invoke("review", "--tag", "shadow_day", "--no-progress")
    account.fake.add_comment(tid, author_id=account.buddy, public=False, body="Good start, Eve.")
    account.invoke("review", "--tag", "shadow_day", "--no-progress")
    assert len([n for n in account.notes(tid) if "coach reviewed draft" in n["plain_body"]]) == 1
    account.fake.add_comment(tid, author_id=account.buddy, public=False, body="/approve")
    account.invoke("review", "--no-progress")
    assert [d[1] for d in decisions(account)] == ["approve"]


def test_approve_written_before_the_review_is_acted_on(account: Account) -> None:
    tid = account.draft_ticket()
    account.fake.add_comment(tid, author_id=account.buddy, public=False, body="/approve")
    account.invoke("review", "--no-progress")  # reviews the draft (the command is not a draft)
    account.invoke("review", "--no-progress")  # then acts on the decision
    assert decision_notes(account, tid) == [("approve", draft_of(account, tid))]


def test_decision_time_is_the_buddys_note_time(account: Account) -> None:
    tid = reviewed(account)
    note = account.fake.add_comment(tid, author_id=account.buddy, public=False, body="/rework Shorter.")
    account.clock.advance(hours=5)
    account.invoke("review", "--no-progress")
    with History(account.history_path()) as h:
        [(decided_at,)] = [tuple(r) for r in h.query("SELECT decided_at FROM decisions")]
    assert decided_at.startswith(note["created_at"][:16])


def test_publish_on_approve_does_not_send_twice_when_the_trainee_already_replied(account: Account, write_config) -> None:
    write_config(f'[zendesk]\npublish_on_approve = true\n[history]\npath = "{account.history_path()}"\n')
    tid = reviewed(account)
    account.fake.add_comment(tid, author_id=account.trainee, public=True, body="Hi Maria, fixed it for you.")
    account.fake.edit_ticket(tid, additional_tags=["coach_approved"], author_id=account.buddy)
    account.invoke("review", "--no-progress")
    public = [c for c in account.fake.comments(tid) if c["public"] and c["author_id"] == account.trainee]
    assert len(public) == 1


def test_publish_on_approve_keeps_an_html_drafts_formatting(account: Account, write_config) -> None:
    write_config(f'[zendesk]\npublish_on_approve = true\n[history]\npath = "{account.history_path()}"\n')
    t = account.fake.add_ticket("Billing link", requester_id=account.customer, tags=["coach_draft"], description="Where?")
    html = ('<p>Hi Maria,</p><p>Thanks for asking. Your invoices are on the <a href="https://acme.example/billing">'
            '<b>billing page</b></a>, and I have emailed you the latest one too.</p>'
            '<p>Does that help? If not, reply here and I will take another look today.</p>')
    account.fake.add_comment(t["id"], author_id=account.trainee, html_body=html, public=False)
    account.invoke("review", "--no-progress")
    account.fake.edit_ticket(t["id"], additional_tags=["coach_approved"], author_id=account.buddy)
    account.invoke("review", "--no-progress")
    [published] = [c for c in account.fake.comments(t["id"]) if c["public"] and c["author_id"] == account.trainee]
    assert 'href="https://acme.example/billing"' in published["html_body"]


def test_a_crash_between_the_approval_note_and_the_public_reply_still_publishes_once(account: Account, write_config) -> None:
    write_config(f'[zendesk]\npublish_on_approve = true\n[history]\npath = "{account.history_path()}"\n')
    tid = reviewed(account)
    account.fake.add_comment(tid, author_id=account.buddy, public=False, body="/approve")
    account.fake.crash_after(1, path_contains="/comments")  # the approval note landed and is recorded; the re-read dies
    with pytest.raises(FakeCrash):
        account.invoke("review", "--no-progress")
    account.fake.clear_faults()
    assert "coach_reviewed" not in account.fake.tickets[tid]["tags"]  # no search finds it again: the history must
    account.invoke("review", "--no-progress")
    account.invoke("review", "--no-progress")
    assert len([c for c in account.fake.comments(tid) if c["public"] and c["author_id"] == account.trainee]) == 1


def _published(account: Account, tid: int) -> list[str]:
    return [c["body"] for c in account.fake.comments(tid) if c["public"] and c["author_id"] == account.trainee]


def test_a_revision_with_prompts_left_to_fill_is_never_published(account: Account, write_config) -> None:
    from coach.check.revise.placeholders import has_prompts
    from coach.workflow.notes import revision_text

    write_config('[zendesk]\npublish_on_approve = true\n')
    tid = reviewed(account)  # the poor draft: coach's revision asks the trainee to fill in "[...]"
    assert has_prompts(revision_text(account.notes(tid)[0])), "the sample revision should hold a prompt"
    account.fake.edit_ticket(tid, additional_tags=["coach_approved"], author_id=account.buddy)
    account.invoke("review", "--no-progress")
    account.invoke("review", "--no-progress")
    published = _published(account, tid)
    assert published and not any(has_prompts(p) for p in published)
    assert published == [next(c["body"] for c in account.fake.comments(tid) if c["id"] == draft_of(account, tid))]


def test_a_buddys_edit_that_kept_a_prompt_is_not_published(account: Account, write_config) -> None:
    from coach.check.revise.placeholders import PROMPTS

    write_config('[zendesk]\npublish_on_approve = true\n')
    tid = reviewed(account)
    kept = next(iter(PROMPTS.values()))
    account.fake.add_comment(tid, author_id=account.buddy, public=False, body=f"/approve Hi Maria,\n\nIt is fixed. {kept}")
    account.invoke("review", "--no-progress")
    account.invoke("review", "--no-progress")
    assert _published(account, tid) == []
    assert decision_notes(account, tid)  # the approval itself is still recorded
