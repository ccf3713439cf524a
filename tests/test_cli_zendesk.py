"""`coach check --ticket`, `doctor` and `macros` on the fake Zendesk."""

from __future__ import annotations

import json

from conftest import ENV, TOKEN, Account


def test_check_ticket_prints_the_report_and_writes_nothing(account: Account) -> None:
    tid = account.draft_ticket()
    result = account.invoke("check", "--ticket", str(tid), "--format", "json")
    assert result.exit_code == 1  # error-level findings in the draft
    data = json.loads(result.stdout)
    assert data["source"].startswith(f"ticket {tid} comment ") and data["verdict"] == "revise"
    assert "Maria" in data["revision"]["text"]  # the customer's name from the ticket
    assert account.fake.request_count("PUT") == 0
    assert not account.history_path().exists()  # looking writes nothing, not even locally


def test_check_ticket_post_posts_once(account: Account) -> None:
    tid = account.draft_ticket()
    first = account.invoke("check", "--ticket", str(tid), "--post", "--fail-on", "never")
    assert first.exit_code == 0 and "posted the review" in first.output
    second = account.invoke("check", "--ticket", str(tid), "--post", "--fail-on", "never")
    assert second.exit_code == 0 and "nothing posted" in second.output and "REVISE" in second.output
    assert len(account.notes(tid)) == 1


def test_check_a_specific_comment(account: Account) -> None:
    tid = account.draft_ticket()
    first = next(c["id"] for c in account.fake.comments(tid) if not c["public"])
    account.fake.add_comment(tid, author_id=account.trainee, public=False, body="Hi Maria,\n\nThanks for asking! Does this help?")
    data = json.loads(account.invoke("check", "--ticket", str(tid), "--comment", str(first), "-f", "json").stdout)
    assert data["source"] == f"ticket {tid} comment {first}"


def test_check_ticket_without_a_draft_is_an_input_error(account: Account) -> None:
    t = account.fake.add_ticket("No draft", requester_id=account.customer)
    result = account.invoke("check", "--ticket", str(t["id"]))
    assert result.exit_code == 2 and "no draft" in result.output


def test_check_a_deleted_ticket_is_a_zendesk_error(account: Account) -> None:
    tid = account.draft_ticket()
    account.fake.delete_ticket(tid)
    result = account.invoke("check", "--ticket", str(tid))
    assert result.exit_code == 4 and f"ticket {tid}" in result.output


def test_doctor_reports_the_user(account: Account) -> None:
    result = account.invoke("doctor")
    assert result.exit_code == 0, result.output
    assert "as Coach Bot" in result.output and result.output.rstrip().endswith("ok")
    assert TOKEN not in result.output


def test_doctor_refuses_anonymous(account: Account) -> None:
    account.fake.anonymous = True
    result = account.invoke("doctor")
    assert result.exit_code == 4 and "anonymous" in result.output


def test_missing_credentials_name_the_variable(account: Account) -> None:
    env = {k: v for k, v in ENV.items() if k != "ZENDESK_API_TOKEN"}
    app = account.app()
    app.environ = env
    result = account.invoke("doctor", app=app)
    assert result.exit_code == 4 and "ZENDESK_API_TOKEN" in result.output


def test_macros_are_importable_json_with_the_configured_tags(account: Account, write_config) -> None:
    write_config('[zendesk]\ndraft_tag = "needs_coach"\n')
    macros = json.loads(account.invoke("macros").output)
    titles = [m["macro"]["title"] for m in macros]
    assert titles == ["Coach: submit draft", "Coach: submit shadow-day draft", "Coach: approve", "Coach: rework"]
    submit = macros[0]["macro"]["actions"]
    assert {"field": "current_tags", "value": "needs_coach"} in submit
    assert {"field": "comment_mode_is_public", "value": "false"} in submit


def test_report_errors_are_one_line(account: Account, tmp_path) -> None:
    far = account.invoke("report", "--since", "99999999999d")
    assert far.exit_code == 2 and "too far back" in far.output
    bad = account.invoke("report", "-o", str(tmp_path / "no" / "such" / "dir.html"))
    assert bad.exit_code == 2 and "cannot write the report" in bad.output
    assert account.invoke("report", "--tag", "nonsense").exit_code == 2


def test_an_unusable_history_is_exit_6(account: Account, write_config) -> None:
    blocker = account.tmp / "not-a-folder"
    blocker.write_text("")
    write_config(f'[history]\npath = "{blocker / "history.sqlite3"}"\n')
    account.draft_ticket()
    result = account.invoke("review", "--no-progress")
    assert result.exit_code == 6 and "cannot open the review history" in result.output
    assert account.fake.request_count("PUT") == 0


def test_check_post_refuses_a_comment_that_is_not_a_draft(account: Account) -> None:
    tid = account.draft_ticket()
    public = next(c["id"] for c in account.fake.comments(tid) if c["public"])
    result = account.invoke("check", "--ticket", str(tid), "--comment", str(public), "--post")
    assert result.exit_code == 2 and "not a draft" in result.output
    assert account.notes(tid) == []
