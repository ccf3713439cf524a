"""Hostile and broken input on the Zendesk workflow (issue 10): forged markers, bad drafts, real failure causes."""

from __future__ import annotations

import itertools
import re

import pytest
from conftest import GOOD_DRAFT, POOR_DRAFT, Account, workers_at_once

from coach.history import History

DECIDED = re.compile(r"coach recorded (approve|rework) of draft (\d+)")
PUBLISH = '[zendesk]\npublish_on_approve = true\n[history]\npath = "{path}"\n'


def decision_notes(account: Account, tid: int) -> list[tuple[str, int]]:
    return [(m.group(1), int(m.group(2))) for c in account.notes(tid) for m in [DECIDED.search(c["plain_body"].splitlines()[-1])] if m]


def review_notes(account: Account, tid: int) -> list[dict]:
    return [c for c in account.notes(tid) if c["plain_body"].splitlines()[-1].startswith("coach reviewed draft")]


def public_replies(account: Account, tid: int) -> list[dict]:
    return [c for c in account.fake.comments(tid) if c["public"] and c["author_id"] != account.customer]


def draft_of(account: Account, tid: int) -> int:
    return next(c["id"] for c in account.fake.comments(tid) if not c["public"] and c["author_id"] == account.trainee)


def decisions(account: Account) -> list[tuple]:
    with History(account.history_path()) as h:
        return [tuple(r) for r in h.query("SELECT draft_id, decision, via, buddy_id FROM decisions")]


def next_comment_id(account: Account) -> int:
    """The id the fake gives the next comment (so a draft can name itself, as an attacker would guess)."""
    n = next(account.fake._ids["event"])
    account.fake._ids["event"] = itertools.count(n)
    return n


def self_naming_draft(account: Account, line: str, *, subject: str = "Users missing after SSO sync") -> tuple[int, int]:
    """A ticket whose draft contains ``line`` with ``<id>`` replaced by the draft's own comment id."""
    t = account.fake.add_ticket(subject, requester_id=account.customer, tags=["coach_draft"], description="Help!")
    draft_id = next_comment_id(account)
    text = POOR_DRAFT.replace("Thanks,\nTia", line.replace("<id>", str(draft_id)) + "\n\nThanks,\nTia")
    made = account.fake.add_comment(t["id"], author_id=account.trainee, body=text, public=False)
    assert made["id"] == draft_id
    return int(t["id"]), draft_id


# ---------------------------------------------------------------- 1. forged coach-data


@pytest.mark.parametrize("victim", ["buddy", "customer"])
def test_a_forged_coach_data_line_neither_approves_nor_publishes_as_someone_else(account: Account, write_config, victim: str) -> None:
    write_config(PUBLISH.format(path=account.history_path()))
    forged = getattr(account, victim)
    tid, draft = self_naming_draft(account, f'coach-data {{"author": {forged}, "draft": <id>}}')
    assert account.invoke("review", "--no-progress").exit_code == 0
    account.fake.add_comment(tid, author_id=account.trainee, public=False, body="/approve")  # the trainee, on their own draft
    account.invoke("review", "--no-progress")
    assert decision_notes(account, tid) == [] and decisions(account) == []
    assert public_replies(account, tid) == []
    account.fake.add_comment(tid, author_id=account.buddy, public=False, body="/approve")  # the real buddy
    account.invoke("review", "--no-progress")
    account.invoke("review", "--no-progress")
    assert decision_notes(account, tid) == [("approve", draft)]
    assert [c["author_id"] for c in public_replies(account, tid)] == [account.trainee]


def test_a_subject_with_an_empty_coach_data_does_not_empty_the_notes_data(account: Account) -> None:
    tid = account.draft_ticket(subject="coach-data {}")
    assert account.invoke("review", "--no-progress").exit_code == 0
    with History(account.history_path()) as h:
        assert [tuple(r) for r in h.query("SELECT author_id, round FROM reviews")] == [(account.trainee, 1)]
    account.fake.add_comment(tid, author_id=account.trainee, public=False, body="/approve")
    account.invoke("review", "--no-progress")
    assert decision_notes(account, tid) == []


def test_a_note_in_coachs_footer_form_written_by_someone_else_is_not_trusted(account: Account, write_config) -> None:
    write_config(PUBLISH.format(path=account.history_path()))
    tid = account.draft_ticket()
    draft = draft_of(account, tid)
    account.invoke("review", "--no-progress")
    fake_note = (f'<pre>Send me your password.</pre><p>coach reviewed draft {draft} · coach-data '
                 f'{{"author":{account.buddy},"draft":{draft},"round":1}}</p>')
    account.fake.add_comment(tid, author_id=account.trainee, public=False, html_body=fake_note)
    account.fake.add_comment(tid, author_id=account.trainee, public=False, body="/approve")
    account.invoke("review", "--no-progress")
    assert decisions(account) == []
    account.fake.edit_ticket(tid, additional_tags=["coach_approved"], author_id=account.buddy)  # the buddy's macro
    account.invoke("review", "--no-progress")
    account.invoke("review", "--no-progress")
    [reply] = public_replies(account, tid)
    assert reply["author_id"] == account.trainee and "password" not in reply["body"]


# ------------------------------------------------------------- 2. forged decision and review lines


def test_a_forged_decision_line_in_a_draft_records_nothing_and_the_buddy_still_decides(account: Account) -> None:
    tid, draft = self_naming_draft(account, "coach recorded approve of draft <id>")
    assert account.invoke("review", "--no-progress").exit_code == 0
    assert decisions(account) == [] and decision_notes(account, tid) == []
    account.fake.add_comment(tid, author_id=account.buddy, public=False, body="/rework Too curt.")
    account.invoke("review", "--no-progress")
    assert decision_notes(account, tid) == [("rework", draft)]
    assert decisions(account) == [(draft, "rework", "note", account.buddy)]


def test_a_forged_decision_line_does_not_make_check_post_twice(account: Account) -> None:
    tid, _ = self_naming_draft(account, "coach recorded approve of draft <id>")
    for _ in range(3):
        account.invoke("check", "--ticket", str(tid), "--post")
    assert len(account.notes(tid)) == 1
    account.fake.edit_ticket(tid, additional_tags=["coach_draft"], author_id=account.trainee)  # the draft tag applied again
    account.invoke("review", "--no-progress")
    assert len(account.notes(tid)) == 1


def test_a_forged_review_line_in_the_subject_does_not_redirect_the_buddys_decision(account: Account) -> None:
    tid = account.draft_ticket(subject="Re: coach reviewed draft 1")
    draft = draft_of(account, tid)
    account.invoke("review", "--no-progress")
    account.fake.add_comment(tid, author_id=account.buddy, public=False, body="/approve")
    account.invoke("review", "--no-progress")
    assert decision_notes(account, tid) == [("approve", draft)]
    assert decisions(account) == [(draft, "approve", "note", account.buddy)]


def test_marker_phrases_coach_quotes_are_neutralised(account: Account) -> None:
    tid, draft = self_naming_draft(account, "coach recorded approve of draft <id> coach-data {}", subject="coach reviewed draft 7")
    account.invoke("review", "--no-progress")
    [note] = account.notes(tid)
    body = note["plain_body"].splitlines()
    assert not any(re.search(r"coach (reviewed|recorded)|coach-data", line) for line in body[:-1])
    assert body[-1].startswith(f"coach reviewed draft {draft} · coach-data ")


# ------------------------------------------------------------------ 3. one bad draft never stops the batch


@pytest.mark.parametrize("bad_text", ["x" * 100_001, "   \n\n  "], ids=["oversized", "empty"])
def test_an_unreadable_draft_is_reported_once_and_the_batch_goes_on(account: Account, bad_text: str) -> None:
    first = account.draft_ticket()
    bad = account.draft_ticket(bad_text)
    account.fake._comments[bad][-1]["html_body"] = None  # a plain-text draft (an API client's), so its text is the body as is
    last = account.draft_ticket(GOOD_DRAFT)
    result = account.invoke("review", "--no-progress")
    assert result.exit_code == 5, result.output
    assert "coach review:" in result.output and "2 drafts reviewed" in result.output
    assert f"ticket {bad}:" in result.output and "cannot be checked" in result.output
    assert len(review_notes(account, first)) == 1 and len(review_notes(account, last)) == 1
    [told] = account.notes(bad)
    assert told["public"] is False and "cannot be checked" in told["plain_body"]
    assert told["plain_body"].splitlines()[-1].startswith(f"coach skipped draft {draft_of(account, bad)}")
    assert "coach_draft" not in account.fake.tickets[bad]["tags"]
    again = account.invoke("review", "--no-progress")
    assert again.exit_code == 0 and len(account.notes(bad)) == 1
    account.invoke("review", "--no-progress", "--ticket", str(bad))
    account.invoke("check", "--ticket", str(bad), "--post")
    assert len(account.notes(bad)) == 1


def test_the_trainee_is_told_once_even_when_the_answer_is_lost(account: Account) -> None:
    bad = account.draft_ticket("y" * 100_001)
    account.fake.after_commit(1, method="PUT")
    account.invoke("review", "--no-progress")
    account.fake.edit_ticket(bad, additional_tags=["coach_draft"], author_id=account.trainee)
    account.invoke("review", "--no-progress")
    assert len(account.notes(bad)) == 1


def test_a_new_draft_after_an_unreadable_one_is_reviewed(account: Account) -> None:
    tid = account.draft_ticket("z" * 100_001)
    account.invoke("review", "--no-progress")
    account.fake.add_comment(tid, author_id=account.trainee, public=False, body=GOOD_DRAFT)
    account.fake.edit_ticket(tid, additional_tags=["coach_draft"], author_id=account.trainee)
    assert account.invoke("review", "--no-progress").exit_code == 0
    [review] = review_notes(account, tid)
    assert "(round" not in review["plain_body"]


# ------------------------------------------------------------------ 8b. failure reasons name the cause


def test_server_faults_are_named_as_such_not_as_a_ticket_that_kept_changing(account: Account) -> None:
    tid = account.draft_ticket()
    account.fake.fail_next(50, status=503, method="PUT")
    result = account.invoke("review", "--no-progress")
    assert result.exit_code == 5
    line = next(line for line in result.output.splitlines() if line.startswith(f"ticket {tid}: FAILED"))
    assert "kept changing" not in line and "503" in line


def test_a_ticket_that_really_kept_changing_says_so(account: Account) -> None:
    tid = account.draft_ticket()
    account.fake.fail_next(50, status=409, method="PUT")
    result = account.invoke("review", "--no-progress")
    assert result.exit_code == 5
    assert f"ticket {tid}: FAILED: the ticket kept changing" in result.output


# ------------------------------------------------------------------ 10. the footer is not the template's


def test_a_template_override_without_the_footer_still_records_decisions(account: Account, write_config, tmp_path) -> None:
    folder = tmp_path / "team-templates" / "zendesk"
    folder.mkdir(parents=True)
    (folder / "review_note.html.j2").write_text("<p>Review: {{ result.verdict }}</p>\n")
    (folder / "decision_note.html.j2").write_text("<p>{{ decision }}</p>\n")
    write_config(f'[templates]\npath = "{tmp_path / "team-templates"}"\n[history]\npath = "{account.history_path()}"\n')
    tid = account.draft_ticket()
    assert account.invoke("review", "--no-progress").exit_code == 0
    account.fake.edit_ticket(tid, additional_tags=["coach_approved"], author_id=account.buddy)
    result = account.invoke("review", "--no-progress")
    assert result.exit_code == 0 and "1 decisions" in result.output
    assert decision_notes(account, tid) == [("approve", draft_of(account, tid))]
    account.invoke("review", "--no-progress")
    assert len(account.notes(tid)) == 2


# ------------------------------------------------------------------ 9. rebuild gives back the same history


def every_record(path) -> dict[str, list[tuple]]:
    with History(path) as h:
        return {table: sorted(tuple(r) for r in h.query(f"SELECT * FROM {table}"))  # noqa: S608 - fixed table names
                for table in ("reviews", "findings", "changes", "decisions")}


def test_rebuild_gives_back_every_review_round_and_decision(account: Account, write_config) -> None:
    approved = account.draft_ticket()
    reworked = account.draft_ticket()
    by_macro = account.draft_ticket(GOOD_DRAFT)
    shadow = account.draft_ticket(author=account.visitor, tags=("coach_draft", "shadow_day"))
    waiting = account.draft_ticket()
    account.invoke("review", "--no-progress")
    account.fake.add_comment(approved, author_id=account.buddy, public=False, body="/approve Hi Maria,\n\nAll fixed.")
    account.fake.add_comment(reworked, author_id=account.buddy, public=False, body="/rework Lead with the fix.")
    account.fake.edit_ticket(by_macro, additional_tags=["coach_approved"], author_id=account.buddy)
    account.fake.add_comment(shadow, author_id=account.buddy, public=False, body="/rework Warmer, please.")
    account.clock.advance(hours=2)
    account.invoke("review", "--no-progress")
    account.fake.add_comment(reworked, author_id=account.trainee, public=False, body=GOOD_DRAFT)  # round 2
    account.fake.edit_ticket(reworked, additional_tags=["coach_draft"], author_id=account.trainee)
    account.clock.advance(hours=1)
    account.invoke("review", "--no-progress")
    account.fake.edit_ticket(reworked, additional_tags=["coach_approved"], author_id=account.buddy)
    account.clock.advance(hours=1)
    account.invoke("review", "--no-progress")
    live = every_record(account.history_path())
    assert len(live["reviews"]) == 6 and len(live["decisions"]) == 5 and live["changes"]
    fresh = account.tmp / "rebuilt.sqlite3"
    write_config(f'[history]\npath = "{fresh}"\n')
    result = account.invoke("history", "rebuild", "--since", "7d")
    assert result.exit_code == 0, result.output
    assert every_record(fresh) == live
    rebuilt_report = account.invoke("report", "--since", "7d", "--format", "markdown").output
    write_config(f'[history]\npath = "{account.history_path()}"\n')
    assert rebuilt_report == account.invoke("report", "--since", "7d", "--format", "markdown").output
    assert waiting in {review[1] for review in live["reviews"]}  # reviewed, no decision yet


def test_a_template_written_for_the_old_footer_is_a_clear_configuration_error(account: Account, write_config, tmp_path) -> None:
    folder = tmp_path / "team-templates" / "zendesk"
    folder.mkdir(parents=True)
    (folder / "review_note.html.j2").write_text("<p>Review</p>\n<p><small>{{ footer }} · coach-data {{ data }}</small></p>\n")
    write_config(f'[templates]\npath = "{tmp_path / "team-templates"}"\n[history]\npath = "{account.history_path()}"\n')
    tid = account.draft_ticket()
    result = account.invoke("review", "--no-progress")
    assert result.exit_code == 3 and "'footer' is undefined" in result.output
    assert account.notes(tid) == []


def test_a_draft_that_crashes_the_checker_fails_its_ticket_and_the_batch_goes_on(account: Account, monkeypatch) -> None:
    from coach.check.checker import Checker

    real_check = Checker.check

    def check(self, text, **kw):
        if "BOOM" in text:
            raise RecursionError("maximum recursion depth exceeded")
        return real_check(self, text, **kw)

    monkeypatch.setattr(Checker, "check", check)
    bad = account.draft_ticket("Hi Maria, BOOM")
    fine = account.draft_ticket()
    result = account.invoke("review", "--no-progress")
    assert result.exit_code == 5
    assert f"ticket {bad}: FAILED:" in result.output and "RecursionError" in result.output
    assert account.notes(bad) == [] and len(account.notes(fine)) == 1


@pytest.mark.parametrize(("k", "after_commit"), [(k, False) for k in range(7)] + [(k, True) for k in range(1, 8)])
def test_a_crash_at_any_request_still_tells_the_trainee_exactly_once(account: Account, k: int, after_commit: bool) -> None:
    from fakezendesk import FakeCrash

    bad = account.draft_ticket("w" * 100_001)
    fine = account.draft_ticket()
    account.fake.crash_after(k, after_commit=after_commit)
    with pytest.raises(FakeCrash):
        account.invoke("review", "--no-progress")
    account.fake.clear_faults()
    account.invoke("review", "--no-progress")
    assert account.invoke("review", "--no-progress").exit_code == 0
    assert len(account.notes(bad)) == 1 and len(review_notes(account, fine)) == 1
    assert "coach_draft" not in account.fake.tickets[bad]["tags"]


# ------------------------------------------------------------------ 11. a decision tag counts only from someone else


def audit_reads(account: Account) -> int:
    return sum(1 for r in account.fake.requests if r.method == "GET" and r.path.endswith("/audits.json"))


def test_a_trainee_who_tags_their_own_ticket_approved_publishes_nothing(account: Account, write_config) -> None:
    write_config(PUBLISH.format(path=account.history_path()))
    tid = account.draft_ticket()
    account.invoke("review", "--no-progress")
    account.fake.edit_ticket(tid, additional_tags=["coach_approved"], author_id=account.trainee)  # typed by hand
    result = account.invoke("review", "--no-progress")
    assert result.exit_code == 0 and "0 decisions, 0 published, 1 skipped" in result.output
    assert result.output.count("was added by the draft's own author") == 2  # the ticket's line and the summary's
    assert decision_notes(account, tid) == [] and decisions(account) == [] and public_replies(account, tid) == []
    assert "coach_approved" not in account.fake.tickets[tid]["tags"] and "coach_reviewed" in account.fake.tickets[tid]["tags"]
    again = account.invoke("review", "--no-progress")
    assert "own author" not in again.output and "0 skipped" in again.output and len(account.notes(tid)) == 1
    account.fake.edit_ticket(tid, additional_tags=["coach_approved"], author_id=account.buddy)  # the buddy's macro
    account.invoke("review", "--no-progress")
    account.invoke("review", "--no-progress")
    draft = draft_of(account, tid)
    assert decision_notes(account, tid) == [("approve", draft)]
    assert decisions(account) == [(draft, "approve", "macro", account.buddy)]
    assert [c["author_id"] for c in public_replies(account, tid)] == [account.trainee]


@pytest.mark.parametrize("who", ["coach", "automation"])
def test_a_rework_tag_added_by_coachs_own_user_or_by_no_user_is_not_a_decision(account: Account, who: str) -> None:
    tid = account.draft_ticket()
    account.invoke("review", "--no-progress")
    account.fake.edit_ticket(tid, additional_tags=["coach_rework"], **({"author_id": account.fake.me_id} if who == "coach" else {}))
    result = account.invoke("review", "--no-progress")
    why = "was added by coach's own user" if who == "coach" else "was not added by a known user"
    assert f"ticket {tid}: skipped: decision tag ignored: coach_rework {why}" in result.output
    assert decisions(account) == [] and "coach_rework" not in account.fake.tickets[tid]["tags"]


def test_a_dry_run_says_why_and_leaves_the_tag(account: Account) -> None:
    tid = account.draft_ticket()
    account.invoke("review", "--no-progress")
    account.fake.edit_ticket(tid, additional_tags=["coach_approved"], author_id=account.trainee)
    before = account.fake.tickets[tid]["updated_at"]
    result = account.invoke("review", "--no-progress", "--dry-run")
    assert "own author" in result.output and "the tag stays" in result.output and "0 waiting" in result.output
    assert account.fake.tickets[tid]["updated_at"] == before and "coach_approved" in account.fake.tickets[tid]["tags"]


def test_the_trainees_new_draft_is_still_reviewed_after_their_tag_is_ignored(account: Account) -> None:
    tid = account.draft_ticket()
    account.invoke("review", "--no-progress")
    account.fake.add_comment(tid, author_id=account.trainee, public=False, body=GOOD_DRAFT)
    account.fake.edit_ticket(tid, additional_tags=["coach_draft", "coach_approved"], author_id=account.trainee)
    result = account.invoke("review", "--no-progress")
    assert "1 drafts reviewed" in result.output and "1 skipped" in result.output
    assert len(review_notes(account, tid)) == 2 and decisions(account) == []


def test_audits_are_read_only_for_a_decision_tag(account: Account) -> None:
    by_note, by_macro = account.draft_ticket(), account.draft_ticket()
    account.invoke("review", "--no-progress")
    account.fake.add_comment(by_note, author_id=account.buddy, public=False, body="/approve")
    account.invoke("review", "--no-progress")
    assert audit_reads(account) == 0 and len(decisions(account)) == 1
    account.fake.edit_ticket(by_macro, additional_tags=["coach_approved"], author_id=account.buddy)
    account.invoke("review", "--no-progress")
    assert audit_reads(account) == 1 and len(decisions(account)) == 2


@pytest.mark.parametrize(("k", "after_commit"), [(k, False) for k in range(6)] + [(k, True) for k in range(1, 7)])
def test_a_crash_at_any_request_around_an_ignored_tag_still_decides_once(account: Account, write_config, k: int, after_commit: bool) -> None:
    from fakezendesk import FakeCrash

    def crash_then_rerun() -> None:
        account.fake.crash_after(k, after_commit=after_commit)
        try:
            account.invoke("review", "--no-progress")
        except FakeCrash:
            pass
        account.fake.clear_faults()
        account.invoke("review", "--no-progress")

    write_config(PUBLISH.format(path=account.history_path()))
    tid = account.draft_ticket()
    account.invoke("review", "--no-progress")
    account.fake.edit_ticket(tid, additional_tags=["coach_approved"], author_id=account.trainee)
    crash_then_rerun()
    assert decisions(account) == [] and public_replies(account, tid) == []
    account.fake.edit_ticket(tid, additional_tags=["coach_approved"], author_id=account.buddy)
    crash_then_rerun()
    account.invoke("review", "--no-progress")
    assert decision_notes(account, tid) == [("approve", draft_of(account, tid))]
    assert [d[1] for d in decisions(account)] == ["approve"] and len(public_replies(account, tid)) == 1


def test_a_buddys_macro_landing_while_coach_removes_the_trainees_tag_is_not_lost(account: Account) -> None:
    tid = account.draft_ticket()
    account.invoke("review", "--no-progress")
    account.fake.edit_ticket(tid, additional_tags=["coach_approved"], author_id=account.trainee)

    raced: list[bool] = []

    def buddy_meanwhile(request) -> None:  # just before coach's write: the buddy takes the tag off and applies the macro
        if request.method == "PUT" and not raced:
            raced.append(True)
            account.fake.edit_ticket(tid, remove_tags=["coach_approved"], author_id=account.buddy)
            account.fake.edit_ticket(tid, additional_tags=["coach_approved"], author_id=account.buddy)

    account.fake.hooks.append(buddy_meanwhile)
    result = account.invoke("review", "--no-progress")
    assert result.exit_code == 0 and "1 decisions" in result.output and "0 skipped" in result.output
    assert decisions(account) == [(draft_of(account, tid), "approve", "macro", account.buddy)]


def test_three_workers_at_once_decide_each_buddys_tag_once_and_no_trainees_tag(account: Account) -> None:
    tickets = [account.draft_ticket() for _ in range(8)]
    account.invoke("review", "--no-progress")
    by_buddy, by_trainee = tickets[::2], tickets[1::2]
    for tid in tickets:
        account.fake.edit_ticket(tid, additional_tags=["coach_approved"], author_id=account.buddy if tid in by_buddy else account.trainee)
    assert workers_at_once(account, lambda client: tickets) == []
    assert [len(decision_notes(account, tid)) for tid in tickets] == [1, 0] * 4
    assert not any("coach_approved" in account.fake.tickets[tid]["tags"] for tid in tickets)


def test_a_lost_answer_to_removing_the_trainees_tag_is_re_read_not_repeated(account: Account) -> None:
    tid = account.draft_ticket()
    account.invoke("review", "--no-progress")
    account.fake.edit_ticket(tid, additional_tags=["coach_approved"], author_id=account.trainee)
    account.fake.after_commit(1, method="PUT")
    result = account.invoke("review", "--no-progress")
    assert result.exit_code == 0 and "0 decisions" in result.output and "0 failed" in result.output
    assert "coach_approved" not in account.fake.tickets[tid]["tags"] and decisions(account) == []
    assert account.fake.request_count("PUT") == 2  # the review, then the one removal whose answer was lost
