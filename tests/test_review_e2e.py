"""`coach review` end to end through the CLI, on the stateful fake Zendesk."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest
from conftest import ENV, GOOD_DRAFT, TOKEN, Account, workers_at_once
from fakezendesk import FakeCrash

from coach.check.checker import Checker
from coach.config import load_config
from coach.history import SCHEMA_VERSION, History
from coach.workflow.notes import NoteKind, footer_line
from coach.workflow.worker import Worker
from coach.zendesk import Credentials, ZendeskClient

FOOTER = re.compile(r"coach reviewed draft (\d+)")


def draft_ids(account: Account, ticket_id: int) -> list[int]:
    """The draft ids named by the coach notes' footers on a ticket."""
    return [int(m.group(1)) for c in account.notes(ticket_id) for m in [FOOTER.search(c["plain_body"])] if m]


def private_drafts(account: Account, ticket_id: int) -> list[int]:
    return [c["id"] for c in account.fake.comments(ticket_id) if not c["public"] and c["author_id"] != account.fake.me_id]


def test_review_posts_one_private_note_per_draft_with_tags_in_the_same_write(account: Account) -> None:
    tickets = [account.draft_ticket(), account.draft_ticket(GOOD_DRAFT)]
    result = account.invoke("review", "--no-progress")
    assert result.exit_code == 0, result.output
    for tid in tickets:
        notes = account.notes(tid)
        assert len(notes) == 1 and notes[0]["public"] is False
        assert draft_ids(account, tid) == private_drafts(account, tid)
        tags = account.fake.tickets[tid]["tags"]
        assert "coach_reviewed" in tags and "coach_draft" not in tags
    puts = [r for r in account.fake.requests if r.method == "PUT"]
    assert len(puts) == 2  # one write per draft: note and tags together
    assert all(set(r.json["ticket"]) >= {"comment", "tags", "safe_update", "updated_stamp"} for r in puts)
    assert "2 drafts reviewed" in result.output and "0 failed" in result.output


def test_the_note_shows_verdict_findings_revision_and_how_to_approve(account: Account) -> None:
    tid = account.draft_ticket()
    account.invoke("review", "--no-progress")
    note = account.notes(tid)[0]
    html = note["html_body"]
    assert "needs a revision" in html
    assert "empathetic.blame" in html and "you should have" in html.lower()
    assert "<pre>" in html and "Maria" in html
    assert "Coach: approve" in html and "/rework" in html


def test_draft_text_never_becomes_markup_in_the_note(account: Account) -> None:
    tid = account.draft_ticket("Hi Maria,\n\nAs I said, you should have pasted <script>alert(1)</script> and <b>reply</b>.\n\nTia")
    account.invoke("review", "--no-progress")
    html = account.notes(tid)[0]["html_body"]
    assert "<script>" not in html and "<b>reply" not in html
    assert "&lt;b&gt;" in html or "&lt;script&gt;" in html


def test_a_rerun_posts_nothing_new(account: Account) -> None:
    tickets = [account.draft_ticket() for _ in range(3)]
    account.invoke("review", "--no-progress")
    puts = account.fake.request_count("PUT")
    again = account.invoke("review", "--no-progress", "--ticket", str(tickets[0]))
    assert again.exit_code == 0
    assert account.fake.request_count("PUT") == puts
    assert "already reviewed" in again.output
    assert all(len(account.notes(t)) == 1 for t in tickets)


def test_dry_run_prints_the_notes_and_writes_nothing(account: Account) -> None:
    tid = account.draft_ticket()
    result = account.invoke("review", "--dry-run", "--no-progress")
    assert result.exit_code == 0
    assert account.fake.request_count("PUT") == 0
    assert f"ticket {tid}: note for draft" in result.output and "coach reviewed draft" in result.output
    assert "1 drafts would be reviewed (dry run)" in result.output
    assert not account.history_path().exists() or History(account.history_path()).counts()["reviews"] == 0


def test_history_records_each_review_once(account: Account) -> None:
    tid = account.draft_ticket()
    account.invoke("review", "--no-progress")
    account.invoke("review", "--no-progress", "--ticket", str(tid))
    with History(account.history_path()) as h:
        rows = h.query("SELECT ticket_id, author_kind, verdict, round FROM reviews")
        assert [tuple(r) for r in rows] == [(tid, "trainee", "revise", 1)]
        assert {r["rule"] for r in h.query("SELECT rule FROM findings")} >= {"empathetic.blame", "empathetic.dismissive"}


def test_shadow_day_batch_by_tag_marks_shadow_authors(account: Account) -> None:
    shadow = account.draft_ticket(author=account.visitor, tags=("coach_draft", "shadow_day"))  # the shadow-day macro adds both
    plain = account.draft_ticket()
    result = account.invoke("review", "--tag", "shadow_day", "--no-progress", "--no-decisions")
    assert result.exit_code == 0
    assert len(account.notes(shadow)) == 1 and account.notes(plain) == []
    assert "(shadow)" in account.notes(shadow)[0]["plain_body"]


# A clean run of 3 drafts makes 9 requests: me, 2 searches, then a comments read and a write per draft.
RUN_REQUESTS = 9
CRASH_POINTS = [(k, False) for k in range(RUN_REQUESTS)] + [(k, True) for k in range(1, RUN_REQUESTS + 1)]


@pytest.mark.parametrize(("k", "after_commit"), CRASH_POINTS)
def test_a_crash_at_any_request_then_a_rerun_leaves_exactly_one_note_per_draft(
    account: Account, k: int, after_commit: bool
) -> None:
    """Kill the worker once k requests have taken effect (k covers a whole run of 3 drafts), then re-run."""
    tickets = [account.draft_ticket() for _ in range(3)]
    account.fake.crash_after(k, after_commit=after_commit)
    with pytest.raises(FakeCrash):
        account.invoke("review", "--no-progress")
    account.fake.clear_faults()
    result = account.invoke("review", "--no-progress")
    assert result.exit_code == 0, result.output
    for tid in tickets:
        assert draft_ids(account, tid) == private_drafts(account, tid)
        assert "coach_draft" not in account.fake.tickets[tid]["tags"]
    with History(account.history_path()) as h:
        assert h.counts()["reviews"] == 3


def test_a_lost_answer_to_the_write_does_not_post_twice(account: Account) -> None:
    tid = account.draft_ticket()
    account.fake.after_commit(1, method="PUT")
    result = account.invoke("review", "--no-progress")
    assert result.exit_code == 0, result.output
    assert len(account.notes(tid)) == 1
    assert "1 drafts reviewed" in result.output
    with History(account.history_path()) as h:
        assert h.counts()["reviews"] == 1


def test_two_workers_at_once_still_post_one_note_per_draft(account: Account) -> None:
    tickets = [account.draft_ticket() for _ in range(12)]
    assert workers_at_once(account, lambda client: [t["id"] for t in client.search_tickets("type:ticket tags:coach_draft")]) == []
    for tid in tickets:
        assert draft_ids(account, tid) == private_drafts(account, tid)


def test_a_write_racing_another_worker_is_re_decided(account: Account) -> None:
    tid = account.draft_ticket()
    raced = []

    def other_worker(request) -> None:  # lands another coach note just before our write
        if request.method == "PUT" and not raced:
            raced.append(True)
            account.fake.tickets  # noqa: B018 - under the fake's lock already
            account.fake.add_comment(tid, author_id=account.fake.me_id, public=False,
                                     body=footer_line(NoteKind.REVIEW, private_drafts(account, tid)[0], {}))

    account.fake.hooks.append(other_worker)
    result = account.invoke("review", "--no-progress")
    assert result.exit_code == 0
    assert len(account.notes(tid)) == 1  # the racing note; ours was refused (409) and not re-sent
    assert "already reviewed" in result.output


def test_chaos_ends_in_the_same_state_as_a_clean_run(account: Account) -> None:
    tickets = [account.draft_ticket() for _ in range(10)]
    account.fake.chaos(rate=0.35, seed=7)
    for _ in range(6):
        result = account.invoke("review", "--no-progress")
        if result.exit_code == 0 and not any(
            "coach_draft" in account.fake.tickets[t]["tags"] for t in tickets
        ):
            break
    account.fake.clear_faults()
    assert account.invoke("review", "--no-progress").exit_code == 0
    assert account.fake.injected, "chaos injected no faults"
    for tid in tickets:
        assert draft_ids(account, tid) == private_drafts(account, tid)
        assert "coach_draft" not in account.fake.tickets[tid]["tags"]


def test_bad_tickets_are_reported_and_the_batch_goes_on(account: Account) -> None:
    deleted = account.draft_ticket()
    closed = account.draft_ticket()
    forbidden = account.draft_ticket()
    rejected = account.draft_ticket()
    fine = account.draft_ticket()
    account.fake.delete_ticket(deleted)
    account.fake.close_ticket(closed)
    account.fake.forbid(forbidden)
    account.fake.fail_next(1, status=422, method="PUT", path_contains=f"/tickets/{rejected}")
    ids = [str(t) for t in (deleted, closed, forbidden, rejected, fine)]
    result = account.invoke("review", "--no-progress", *[a for i in ids for a in ("--ticket", i)])
    assert result.exit_code == 5
    out = result.output
    assert f"ticket {deleted}: FAILED: ticket not found" in out
    assert f"ticket {closed}: skipped: ticket is closed" in out
    assert f"ticket {forbidden}: FAILED: no permission" in out
    assert f"ticket {rejected}: FAILED: Zendesk rejected the update" in out
    assert len(account.notes(fine)) == 1
    assert "3 failed" in out and "1 skipped" in out


def test_author_groups_restrict_who_counts_as_a_trainee(account: Account, write_config) -> None:
    write_config(f'[zendesk]\nauthor_groups = ["Trainees"]\n[history]\npath = "{account.history_path()}"\n')
    by_trainee = account.draft_ticket()
    by_buddy = account.draft_ticket(author=account.buddy)
    result = account.invoke("review", "--no-progress")
    assert result.exit_code == 0
    assert len(account.notes(by_trainee)) == 1 and account.notes(by_buddy) == []
    assert "not by a trainee or shadow author" in result.output


def test_unknown_author_group_is_a_clear_error(account: Account, write_config) -> None:
    write_config(f'[zendesk]\nauthor_groups = ["Nope"]\n[history]\npath = "{account.history_path()}"\n')
    account.draft_ticket()
    result = account.invoke("review", "--no-progress")
    assert result.exit_code == 3
    assert "no Zendesk group 'Nope'" in result.output


def test_the_summary_counts_requests_and_the_token_is_never_printed(account: Account) -> None:
    for _ in range(3):
        account.draft_ticket()
    result = account.invoke("review", "--no-progress", "--debug")
    assert re.search(r"; \d+ API requests", result.output)
    assert TOKEN not in result.output
    assert "Authorization" not in result.output


def test_since_narrows_the_search(account: Account) -> None:
    account.draft_ticket()
    account.invoke("review", "--no-progress", "--since", "24h")
    queries = [r.query.get("query", "") for r in account.fake.requests if "search" in r.path]
    assert queries and all(re.search(r"updated>=2026-11-22T09:0\d:\d\dZ", q) for q in queries)  # 24 h before the clock


def test_bad_since_is_a_usage_error(account: Account) -> None:
    result = account.invoke("review", "--since", "yesterday-ish")
    assert result.exit_code == 2 and "--since 'yesterday-ish'" in result.output


def test_limit_stops_after_n_tickets(account: Account) -> None:
    tickets = [account.draft_ticket() for _ in range(4)]
    result = account.invoke("review", "--no-progress", "--limit", "2", "--no-decisions")
    assert result.exit_code == 0
    assert sum(len(account.notes(t)) for t in tickets) == 2


def test_history_db_is_sqlite_in_wal_mode(account: Account) -> None:
    account.draft_ticket()
    account.invoke("review", "--no-progress")
    db = sqlite3.connect(account.history_path())
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_coach_data_line_is_valid_json(account: Account) -> None:
    tid = account.draft_ticket()
    account.invoke("review", "--no-progress")
    m = re.search(r"coach-data (\{.*\})", account.notes(tid)[0]["plain_body"])
    assert m is not None
    data = json.loads(m.group(1))
    assert data["draft"] == private_drafts(account, tid)[0] and data["verdict"] == "revise" and data["round"] == 1


def test_the_history_file_is_private_to_its_owner(account: Account) -> None:
    account.draft_ticket()
    account.invoke("review", "--no-progress")
    assert account.history_path().stat().st_mode & 0o077 == 0


def test_progress_mode_replaces_the_per_ticket_lines(account: Account) -> None:
    tickets = [account.draft_ticket() for _ in range(2)]
    result = account.invoke("review", "--progress")
    assert result.exit_code == 0 and "reviewing" in result.output
    assert not any(f"ticket {t}: reviewed" in result.output for t in tickets)
    assert "2 drafts reviewed" in result.output


def test_private_comments_by_several_people_are_not_guessed_at(account: Account) -> None:
    tid = account.draft_ticket()
    account.fake.add_comment(tid, author_id=account.buddy, public=False, body="Tia, the customer is on the Enterprise plan, FYI.")
    result = account.invoke("review", "--no-progress")
    assert result.exit_code == 0 and account.notes(tid) == []
    assert "set zendesk.author_groups" in result.output and "1 skipped" in result.output


def test_limit_counts_reviews_not_tickets_waiting_for_a_buddy(account: Account) -> None:
    waiting = [account.draft_ticket() for _ in range(3)]
    account.invoke("review", "--no-progress")
    fresh = account.draft_ticket()
    result = account.invoke("review", "--no-progress", "--limit", "1")
    assert len(account.notes(fresh)) == 1 and "1 drafts reviewed" in result.output
    assert all(len(account.notes(t)) == 1 for t in waiting)


def test_dry_run_leaves_no_local_history(account: Account) -> None:
    account.draft_ticket()
    account.invoke("review", "--dry-run", "--no-progress")
    assert not account.history_path().exists()


def test_the_draft_is_checked_against_the_customers_message_and_locale(account: Account) -> None:
    tid = account.draft_ticket()
    account.fake.add_comment(tid, author_id=account.customer, body="Still nothing works and my deadline is today!")
    account.fake.add_comment(tid, author_id=account.trainee, body=GOOD_DRAFT, public=False)
    seen = []

    class Recording(Checker):
        def check(self, text, **kw):  # type: ignore[no-untyped-def]
            seen.append(kw["context"])
            return super().check(text, **kw)

    with ZendeskClient(Credentials.from_env(ENV), transport=account.fake.transport(), sleep=lambda s: None) as client:
        list(Worker(client, Recording(load_config(account.tmp / "coach.toml"))).run([tid]))
    assert [c.customer_message for c in seen] == ["Still nothing works and my deadline is today!"]
    assert seen[0].customer_name and seen[0].subject == "Users missing after SSO sync" and seen[0].locale == "en-US"
