"""Every request the worker really sends, in a full review-decide-publish flow, conforms to Zendesk's spec."""

from __future__ import annotations

import httpx
from conftest import Account
from test_zendesk_conformance import request_problems


def test_a_whole_flow_sends_only_spec_shaped_requests(account: Account, write_config) -> None:
    write_config(
        f'[zendesk]\nauthor_groups = ["Trainees"]\npublish_on_approve = true\n[history]\npath = "{account.history_path()}"\n'
    )
    sent: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return account.fake.handler(request)

    app = account.app()
    app.transport = httpx.MockTransport(record)
    reworked, approved = account.draft_ticket(), account.draft_ticket()
    assert account.invoke("review", "--no-progress", "--since", "7d", app=app).exit_code == 0
    account.fake.add_comment(reworked, author_id=account.buddy, public=False, body="/rework Shorter, please.")
    account.fake.edit_ticket(approved, additional_tags=["coach_approved"], author_id=account.buddy)
    assert account.invoke("review", "--no-progress", app=app).exit_code == 0
    assert account.invoke("check", "--ticket", str(reworked), "--post", "--fail-on", "never", app=app).exit_code == 0
    assert account.invoke("history", "rebuild", "--since", "7d", app=app).exit_code == 0

    kinds = {(r.method, r.url.path.split("/")[3]) for r in sent}
    assert {("GET", "users"), ("GET", "search"), ("GET", "tickets"), ("PUT", "tickets"), ("GET", "groups")} <= kinds
    assert [r.url.path for r in sent if r.url.path.endswith("/audits.json")] == [f"/api/v2/tickets/{approved}/audits.json"]
    problems = [f"{r.method} {r.url}: {p}" for r in sent for p in request_problems(r)]
    assert problems == []
