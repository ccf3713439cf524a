"""Tests for the fake Zendesk Support API used by the worker's end-to-end tests."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import httpx
import pytest
import respx
from fakezendesk import FakeCrash, FakeZendesk, ManualClock

T0 = datetime(2024, 6, 3, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
def fz(clock: ManualClock) -> FakeZendesk:
    return FakeZendesk(clock=clock)


@pytest.fixture
def client(fz: FakeZendesk) -> httpx.Client:
    with fz.client() as c:
        yield c


def seed(fz: FakeZendesk) -> tuple[int, int, int]:
    """A trainee, a customer and one ticket with a public question and a private draft."""
    trainee = fz.add_user("Tina Trainee")["id"]
    customer = fz.add_user("Eve Customer", role="end-user")["id"]
    tid = fz.add_ticket("Printer on fire", requester_id=customer, tags=["coach_draft"], comments=[
        {"body": "My printer is on fire!"},
        {"author_id": trainee, "body": "Hi Eve,\nsorry to hear that.\n\nTry water.", "public": False},
    ])["id"]
    return trainee, customer, tid


def put(client: httpx.Client, tid: int, **ticket: object) -> httpx.Response:
    return client.put(f"/api/v2/tickets/{tid}.json", json={"ticket": ticket})


def note(stamp: str, text: str = "Coach says hi") -> dict:
    return {"comment": {"body": text, "public": False}, "additional_tags": ["coach_reviewed"],
            "remove_tags": ["coach_draft"], "safe_update": True, "updated_stamp": stamp}


# ------------------------------------------------------------------------------ auth


def test_auth_required_and_token_forms(fz: FakeZendesk) -> None:
    with httpx.Client(transport=fz.transport(), base_url=fz.base_url) as c:
        r = c.get("/api/v2/users/me.json")
        assert r.status_code == 401 and r.json() == {"error": "Couldn't authenticate you"}
        assert c.get("/api/v2/users/me.json", auth=("agent@example.com", "password")).status_code == 401
        assert c.get("/api/v2/users/me.json", auth=("agent@example.com/token", "t0k")).status_code == 200
        r = c.get("/api/v2/users/me.json", headers={"Authorization": "Bearer oauth-token"})
        assert r.status_code == 200 and r.json()["user"]["id"] == fz.me_id
        assert r.json()["user"]["name"] == "Coach Bot" and r.json()["user"]["role"] == "agent"


def test_api_token_restriction_and_anonymous_mode() -> None:
    fz = FakeZendesk(api_token="right")
    with httpx.Client(transport=fz.transport(), base_url=fz.base_url) as c:
        assert c.get("/api/v2/users/me.json", headers=fz.auth_headers(token="wrong")).status_code == 401
        assert c.get("/api/v2/users/me.json", headers=fz.auth_headers()).status_code == 200
        fz.anonymous = True
        r = c.get("/api/v2/users/me.json", headers=fz.auth_headers())
        assert r.status_code == 200 and r.json()["user"]["id"] is None
        assert r.json()["user"]["name"] == "Anonymous user" and r.json()["user"]["role"] == "end-user"
        assert c.get("/api/v2/tickets/1.json", headers=fz.auth_headers()).status_code == 401


def test_unknown_endpoint_and_missing_records(fz: FakeZendesk, client: httpx.Client) -> None:
    r = client.get("/api/v2/macros.json")
    assert r.status_code == 404 and r.json()["error"] == "InvalidEndpoint"
    r = client.get("/api/v2/tickets/999.json")
    assert r.status_code == 404 and r.json() == {"error": "RecordNotFound", "description": "Not found"}
    assert client.get("/api/v2/users/999.json").status_code == 404
    assert client.delete("/api/v2/tickets/1.json").status_code == 404


# ------------------------------------------------------------------------- reading


def test_users_and_show_many(fz: FakeZendesk, client: httpx.Client) -> None:
    trainee, customer, _ = seed(fz)
    assert client.get(f"/api/v2/users/{trainee}.json").json()["user"]["name"] == "Tina Trainee"
    users = client.get("/api/v2/users/show_many.json", params={"ids": f"{trainee},{customer},424242"}).json()["users"]
    assert [u["id"] for u in users] == [trainee, customer]
    assert users[1]["role"] == "end-user"


def test_groups_and_memberships_cursor_pagination(fz: FakeZendesk, client: httpx.Client) -> None:
    people = [fz.add_user(f"Agent {i}")["id"] for i in range(5)]
    trainees = fz.add_group("Trainees", people)
    for i in range(4):
        fz.add_group(f"Group {i}")
    seen, params, pages = [], {"page[size]": 2}, 0
    while True:
        body = client.get("/api/v2/groups.json", params=params).json()
        pages += 1
        seen += [g["id"] for g in body["groups"]]
        if not body["meta"]["has_more"]:
            assert body["links"]["next"] is None
            break
        assert body["links"]["next"].startswith(f"{fz.base_url}/api/v2/groups.json?")
        params = {"page[size]": 2, "page[after]": body["meta"]["after_cursor"]}
    assert pages == 3 and seen == sorted(fz.groups) and len(seen) == 5
    body = client.get(f"/api/v2/groups/{trainees['id']}/memberships.json").json()
    assert [m["user_id"] for m in body["group_memberships"]] == people
    assert body["meta"] == {"has_more": False, "after_cursor": body["meta"]["after_cursor"],
                            "before_cursor": body["meta"]["before_cursor"]}
    assert len(client.get("/api/v2/group_memberships.json").json()["group_memberships"]) == 5
    assert client.get("/api/v2/groups/1/memberships.json").status_code == 404


def test_ticket_shape_show_many_deleted_forbidden(fz: FakeZendesk, client: httpx.Client) -> None:
    _, customer, tid = seed(fz)
    other = fz.add_ticket("Other", requester_id=customer)["id"]
    gone = fz.add_ticket("Gone", requester_id=customer)["id"]
    ticket = client.get(f"/api/v2/tickets/{tid}.json").json()["ticket"]
    assert ticket["url"] == f"{fz.base_url}/api/v2/tickets/{tid}.json"
    assert ticket["description"] == "My printer is on fire!" and ticket["tags"] == ["coach_draft"]
    assert ticket["requester_id"] == customer and ticket["updated_at"] == "2024-06-03T09:00:00Z"
    fz.delete_ticket(gone)
    fz.forbid(other)
    assert client.get(f"/api/v2/tickets/{gone}.json").status_code == 404
    assert client.get(f"/api/v2/tickets/{gone}/comments.json").status_code == 404
    r = client.get(f"/api/v2/tickets/{other}.json")
    assert r.status_code == 403 and r.json()["error"] == "Forbidden"
    many = client.get("/api/v2/tickets/show_many.json", params={"ids": f"{tid},{other},{gone}"}).json()["tickets"]
    assert [t["id"] for t in many] == [tid]


def test_comments_shape_pagination_and_include_users(fz: FakeZendesk, client: httpx.Client, clock: ManualClock) -> None:
    trainee, customer, tid = seed(fz)
    for i in range(3):
        clock.advance(minutes=1)
        fz.add_comment(tid, author_id=customer, body=f"reply {i}")
    ids, params, pages = [], {"page[size]": 2, "include": "users"}, []
    while True:
        body = client.get(f"/api/v2/tickets/{tid}/comments.json", params=params).json()
        pages.append(body)
        ids += [c["id"] for c in body["comments"]]
        assert {u["id"] for u in body["users"]} == {c["author_id"] for c in body["comments"]}
        if not body["meta"]["has_more"]:
            break
        params = {**params, "page[after]": body["meta"]["after_cursor"]}
    assert len(pages) == 3 and len(ids) == 5 and ids == sorted(ids)
    assert pages[-1]["links"]["next"] is None and pages[1]["links"]["prev"] is not None
    draft = pages[0]["comments"][1]
    assert draft["type"] == "Comment" and draft["public"] is False and draft["author_id"] == trainee
    assert draft["body"] == "Hi Eve,\nsorry to hear that.\n\nTry water."
    assert draft["html_body"] == '<div class="zd-comment" dir="auto"><p>Hi Eve,<br>sorry to hear that.</p><p>Try water.</p></div>'
    assert draft["plain_body"] == "Hi Eve,\nsorry to hear that.\n\nTry water."
    assert draft["attachments"] == [] and isinstance(draft["audit_id"], int) and draft["via"]["channel"] == "web"
    # going back with page[before]
    back = client.get(f"/api/v2/tickets/{tid}/comments.json",
                      params={"page[size]": 2, "page[before]": pages[2]["meta"]["before_cursor"]}).json()
    assert [c["id"] for c in back["comments"]] == ids[2:4] and back["meta"]["has_more"] is True
    r = client.get(f"/api/v2/tickets/{tid}/comments.json", params={"page[size]": 101})
    assert r.status_code == 400 and r.json()["error"] == "InvalidPaginationParameter"
    assert client.get(f"/api/v2/tickets/{tid}/comments.json", params={"page[after]": "!!"}).status_code == 400


def test_html_comment_is_sanitized_and_text_derived(fz: FakeZendesk) -> None:
    _, customer, tid = seed(fz)
    c = fz.add_comment(tid, author_id=customer, html_body='<p onclick="x()">Hello &amp; welcome</p><script>evil()</script><ul><li>one</li><li>two</li></ul>')
    assert "script" not in c["html_body"] and "onclick" not in c["html_body"]
    assert c["html_body"].startswith('<div class="zd-comment" dir="auto"><p>')
    assert c["body"] == c["plain_body"] == "Hello & welcome\n\none\ntwo"


# -------------------------------------------------------------------------- search


def search(client: httpx.Client, query: str, **params: object) -> httpx.Response:
    return client.get("/api/v2/search.json", params={"query": query, **params})


def test_search_filters(fz: FakeZendesk, client: httpx.Client, clock: ManualClock) -> None:
    cust = fz.add_user("Eve", role="end-user")["id"]
    a = fz.add_ticket("A", requester_id=cust, tags=["coach_draft", "vip"], status="open")["id"]
    b = fz.add_ticket("B", requester_id=cust, tags=["coach_draft"], status="pending")["id"]
    c = fz.add_ticket("C", requester_id=cust, tags=["coach_draft", "shadow_day"], status="solved")["id"]
    clock.advance(days=2)
    d = fz.add_ticket("D printer", requester_id=cust, tags=["other"], status="new")["id"]

    def ids(q: str) -> list[int]:
        body = search(client, q).json()
        assert all(r["result_type"] == "ticket" for r in body["results"])
        return [r["id"] for r in body["results"]]

    assert ids("type:ticket tags:coach_draft") == [a, b, c]
    assert ids("type:ticket tags:coach_draft tags:vip") == [a]
    assert ids("type:ticket tags:coach_draft -tags:shadow_day") == [a, b]
    assert ids("type:ticket tags:coach_draft status<solved") == [a, b]
    assert ids("type:ticket status:open") == [a]
    assert ids("type:ticket status>=solved") == [c]
    assert ids("type:ticket created>2024-06-03") == [d]  # a date means the whole day
    assert ids("type:ticket created>=2024-06-03") == [a, b, c, d]
    assert ids("type:ticket updated>2024-06-04T12:00:00Z") == [d]
    assert ids("type:ticket updated<2024-06-05") == [a, b, c]
    assert ids("type:ticket updated>24hours") == [d]
    assert ids("type:ticket printer") == [d]
    assert ids("type:user") == []
    body = search(client, "type:ticket tags:coach_draft").json()
    assert body["count"] == 3 and body["next_page"] is None and body["facets"] is None
    assert client.get("/api/v2/search/count.json", params={"query": "tags:coach_draft"}).json() == {"count": 3}
    assert search(client, "").status_code == 400


def test_search_index_lags_behind_changes(client: httpx.Client, clock: ManualClock) -> None:
    fz = FakeZendesk(clock=clock, search_lag=30)
    cust = fz.add_user("Eve", role="end-user")["id"]
    with fz.client() as c:
        tid = fz.add_ticket("A", requester_id=cust, tags=["coach_draft"])["id"]
        assert search(c, "tags:coach_draft").json()["count"] == 0  # not indexed yet
        clock.advance(seconds=30)
        hit = search(c, "tags:coach_draft").json()["results"]
        assert [t["id"] for t in hit] == [tid]
        stamp = hit[0]["updated_at"]
        assert put(c, tid, **note(stamp)).status_code == 200
        stale = search(c, "tags:coach_draft").json()["results"]  # still shows the old tags
        assert [t["id"] for t in stale] == [tid] and stale[0]["tags"] == ["coach_draft"]
        assert stale[0]["updated_at"] == stamp
        assert c.get(f"/api/v2/tickets/{tid}.json").json()["ticket"]["tags"] == ["coach_reviewed"]
        clock.advance(seconds=29)
        assert search(c, "tags:coach_draft").json()["count"] == 1
        clock.advance(seconds=1)
        assert search(c, "tags:coach_draft").json()["count"] == 0
        assert search(c, "tags:coach_reviewed").json()["count"] == 1
        fz.delete_ticket(tid)
        assert search(c, "tags:coach_reviewed").json()["count"] == 1
        clock.advance(seconds=30)
        assert search(c, "tags:coach_reviewed").json()["count"] == 0


def test_search_1000_cap_and_export_without_cap(fz: FakeZendesk, client: httpx.Client) -> None:
    cust = fz.add_user("Eve", role="end-user")["id"]
    for i in range(1050):
        fz.add_ticket(f"T{i}", requester_id=cust, tags=["coach_draft"])
    page10 = search(client, "type:ticket tags:coach_draft", page=10).json()
    assert page10["count"] == 1050 and len(page10["results"]) == 100
    assert page10["next_page"] is not None  # Zendesk links page 11 ... which then fails
    r = search(client, "type:ticket tags:coach_draft", page=11)
    assert r.status_code == 422
    assert r.json() == {"error": "invalid", "description": "Invalid search: Requested response size was greater than Search Response Limits"}
    assert search(client, "type:ticket", page=35, per_page=30).status_code == 422
    assert client.get("/api/v2/search/count.json", params={"query": "tags:coach_draft"}).json()["count"] == 1050

    seen, params = [], {"query": "tags:coach_draft", "filter[type]": "ticket", "page[size]": 100}
    while True:
        body = client.get("/api/v2/search/export.json", params=params).json()
        seen += [t["id"] for t in body["results"]]
        assert body["links"]["prev"] is None and "count" not in body
        if not body["meta"]["has_more"]:
            assert body["links"]["next"] is None
            break
        params["page[after]"] = body["meta"]["after_cursor"]
    assert len(seen) == len(set(seen)) == 1050
    bad = client.get("/api/v2/search/export.json", params={"query": "type:ticket tags:x", "filter[type]": "ticket"})
    assert bad.status_code == 400
    assert client.get("/api/v2/search/export.json", params={"query": "tags:x"}).status_code == 400


# --------------------------------------------------------------------------- write


def test_update_adds_one_note_and_changes_tags(fz: FakeZendesk, client: httpx.Client) -> None:
    _, _, tid = seed(fz)
    before = fz.tickets[tid]["updated_at"]
    r = put(client, tid, **note(before, "Great start.\n\nAdd a next step."))
    assert r.status_code == 200
    body = r.json()
    assert body["ticket"]["tags"] == ["coach_reviewed"]
    assert body["ticket"]["updated_at"] > before  # frozen clock, still strictly later
    events = body["audit"]["events"]
    assert [e["type"] for e in events] == ["Comment", "Change"]
    assert events[0]["public"] is False and events[0]["author_id"] == fz.me_id
    assert events[1] == {**events[1], "field_name": "tags", "value": ["coach_reviewed"], "previous_value": ["coach_draft"]}
    comments = fz.comments(tid)
    assert len(comments) == 3 and comments[-1]["body"] == "Great start.\n\nAdd a next step."
    assert comments[-1]["via"]["channel"] == "api" and comments[-1]["audit_id"] == body["audit"]["id"]
    # author_id, tags replacement, status; a second stamp is again strictly later
    trainee = comments[1]["author_id"]
    r = put(client, tid, comment={"html_body": "<p>x</p>", "public": False, "author_id": trainee},
            tags=["a", "b"], status="pending", safe_update=True, updated_stamp=body["ticket"]["updated_at"])
    assert r.status_code == 200 and fz.comments(tid)[-1]["author_id"] == trainee
    assert fz.tickets[tid]["tags"] == ["a", "b"] and fz.tickets[tid]["status"] == "pending"
    assert fz.tickets[tid]["updated_at"] > body["ticket"]["updated_at"]
    assert fz.request_count("PUT", f"/api/v2/tickets/{tid}") == 2


def test_stale_stamp_conflict_leaves_state_unchanged(fz: FakeZendesk, client: httpx.Client) -> None:
    _, _, tid = seed(fz)
    stamp = fz.tickets[tid]["updated_at"]
    fz.edit_ticket(tid, additional_tags=["urgent"])  # another agent, same (frozen) second
    snapshot = (dict(fz.tickets[tid]), fz.comments(tid))
    r = put(client, tid, **note(stamp))
    assert r.status_code == 409 and r.json()["error"] == "UpdateConflict" and r.json()["description"]
    assert (dict(fz.tickets[tid]), fz.comments(tid)) == snapshot
    # without safe_update the stamp is not checked
    unsafe = note(stamp)
    del unsafe["safe_update"]
    assert put(client, tid, **unsafe).status_code == 200


def test_closed_deleted_forbidden_and_invalid_updates(fz: FakeZendesk, client: httpx.Client) -> None:
    _, customer, tid = seed(fz)
    fz.close_ticket(tid)
    r = put(client, tid, **note(fz.tickets[tid]["updated_at"]))
    assert r.status_code == 422 and r.json() == {
        "error": "RecordInvalid", "description": "Record validation errors",
        "details": {"status": [{"description": "Status: closed prevents ticket update"}]}}
    assert len(fz.comments(tid)) == 2
    other = fz.add_ticket("x", requester_id=customer)["id"]
    assert put(client, other, comment={"body": "  "}).status_code == 422
    assert put(client, other, status="bogus").status_code == 422
    assert client.put(f"/api/v2/tickets/{other}.json", json={"comment": {"body": "x"}}).status_code == 400
    fz.forbid(other)
    assert put(client, other, comment={"body": "x"}).status_code == 403
    fz.delete_ticket(other)
    assert put(client, other, comment={"body": "x"}).status_code == 404


def test_noop_update_does_not_bump(fz: FakeZendesk, client: httpx.Client) -> None:
    _, _, tid = seed(fz)
    stamp = fz.tickets[tid]["updated_at"]
    r = put(client, tid, additional_tags=["coach_draft"], safe_update=True, updated_stamp=stamp)
    assert r.status_code == 200 and r.json()["audit"]["events"] == [] and fz.tickets[tid]["updated_at"] == stamp


def test_every_change_is_one_audit_by_the_acting_user(fz: FakeZendesk, client: httpx.Client) -> None:
    trainee, customer, tid = seed(fz)
    buddy = fz.add_user("Ben Buddy")["id"]
    fz.edit_ticket(tid, additional_tags=["coach_approved"], author_id=trainee)  # typed by hand
    fz.edit_ticket(tid, additional_tags=["coach_approved"], author_id=buddy)  # already there: no change, no audit
    fz.edit_ticket(tid, remove_tags=["coach_approved"], author_id=buddy)
    stamp = fz.tickets[tid]["updated_at"]
    put(client, tid, comment={"body": "A note", "public": False}, tags=["coach_reviewed"], safe_update=True, updated_stamp=stamp)
    audits = client.get(f"/api/v2/tickets/{tid}/audits.json").json()["audits"]
    assert audits == fz.audits(tid)
    assert [a["author_id"] for a in audits] == [customer, trainee, trainee, buddy, fz.me_id]
    created, draft, typed, removed, coach = audits
    assert created["events"][0]["type"] == "Comment" and created["events"][0]["body"] == "My printer is on fire!"
    assert {(e["field_name"], str(e["value"])) for e in created["events"][1:]} >= {("tags", "['coach_draft']"), ("status", "open")}
    assert [e["type"] for e in draft["events"]] == ["Comment"] and draft["events"][0]["public"] is False
    assert fz.comments(tid)[1]["audit_id"] == draft["id"]
    [change] = typed["events"]
    assert change == {**change, "type": "Change", "field_name": "tags", "value": ["coach_draft", "coach_approved"],
                      "previous_value": ["coach_draft"]}
    assert removed["events"][0] == {**removed["events"][0], "value": ["coach_draft"], "previous_value": ["coach_draft", "coach_approved"]}
    assert [e["type"] for e in coach["events"]] == ["Comment", "Change"] and coach["via"]["channel"] == "api"
    assert coach["created_at"] == fz.tickets[tid]["updated_at"] == fz.comments(tid)[-1]["created_at"]
    assert fz.comments(tid)[-1]["audit_id"] == coach["id"]


def test_audits_cursor_pages_either_way_and_follow_the_ticket(fz: FakeZendesk, client: httpx.Client) -> None:
    trainee, _, tid = seed(fz)
    for i in range(4):
        fz.edit_ticket(tid, additional_tags=[f"t{i}"], author_id=trainee)
    ids = [a["id"] for a in fz.audits(tid)]
    seen, params = [], {"page[size]": 2}
    while True:
        body = client.get(f"/api/v2/tickets/{tid}/audits.json", params=params).json()
        seen += [a["id"] for a in body["audits"]]
        if not body["meta"]["has_more"]:
            break
        params["page[after]"] = body["meta"]["after_cursor"]
    assert seen == ids and len(ids) == 6
    desc = client.get(f"/api/v2/tickets/{tid}/audits.json", params={"sort_order": "desc"}).json()["audits"]
    assert [a["id"] for a in desc] == ids[::-1]
    fz.forbid(tid)
    assert client.get(f"/api/v2/tickets/{tid}/audits.json").status_code == 403
    fz.forbid(tid, False)
    fz.delete_ticket(tid)
    assert client.get(f"/api/v2/tickets/{tid}/audits.json").status_code == 404


def test_a_noop_update_keeps_no_audit(fz: FakeZendesk, client: httpx.Client) -> None:
    _, _, tid = seed(fz)
    before = fz.audits(tid)
    put(client, tid, additional_tags=["coach_draft"], status="open")
    assert fz.audits(tid) == before


def test_concurrent_updates_with_same_stamp_exactly_one_wins(fz: FakeZendesk) -> None:
    _, _, tid = seed(fz)
    stamp = fz.tickets[tid]["updated_at"]
    barrier, statuses = threading.Barrier(8), []

    def worker(i: int) -> None:
        with fz.client() as c:
            barrier.wait()
            statuses.append(put(c, tid, **note(stamp, f"note {i}")).status_code)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [200] + [409] * 7
    assert len(fz.comments(tid)) == 3


# ---------------------------------------------------------------------------- faults


def test_fail_next_with_filters_and_retry_after(fz: FakeZendesk, client: httpx.Client) -> None:
    _, _, tid = seed(fz)
    fz.fail_next(2, status=429, path_contains="/comments")
    fz.fail_next(1, status=503, method="PUT", retry_after=7)
    assert client.get(f"/api/v2/tickets/{tid}.json").status_code == 200
    r = client.get(f"/api/v2/tickets/{tid}/comments.json")
    assert r.status_code == 429 and r.headers["Retry-After"] == "1"
    assert client.get(f"/api/v2/tickets/{tid}/comments.json").status_code == 429
    assert client.get(f"/api/v2/tickets/{tid}/comments.json").status_code == 200
    r = put(client, tid, **note(fz.tickets[tid]["updated_at"]))
    assert r.status_code == 503 and r.headers["Retry-After"] == "7" and len(fz.comments(tid)) == 2
    fz.fail_next(1, status=502)
    r = client.get("/api/v2/users/me.json")
    assert r.status_code == 502 and r.headers["content-type"].startswith("text/html")
    assert fz.injected == [("429", "GET", f"/api/v2/tickets/{tid}/comments.json")] * 2 + [
        ("503", "PUT", f"/api/v2/tickets/{tid}.json"), ("502", "GET", "/api/v2/users/me.json")]
    assert len(fz.requests) == 6  # faulted requests are logged too


def test_raise_next_does_nothing(fz: FakeZendesk, client: httpx.Client) -> None:
    _, _, tid = seed(fz)
    fz.raise_next(1, exc=httpx.ConnectTimeout)
    fz.raise_next(1, exc=httpx.RemoteProtocolError, method="PUT")
    with pytest.raises(httpx.ConnectTimeout):
        client.get("/api/v2/users/me.json")
    with pytest.raises(httpx.RemoteProtocolError):
        put(client, tid, **note(fz.tickets[tid]["updated_at"]))
    assert len(fz.comments(tid)) == 2 and fz.tickets[tid]["tags"] == ["coach_draft"]


def test_after_commit_really_commits(fz: FakeZendesk, client: httpx.Client) -> None:
    _, _, tid = seed(fz)
    stamp = fz.tickets[tid]["updated_at"]
    fz.after_commit(1)
    with pytest.raises(httpx.ReadTimeout):
        put(client, tid, **note(stamp))
    assert len(fz.comments(tid)) == 3 and fz.tickets[tid]["tags"] == ["coach_reviewed"]
    # a naive retry with the old stamp now conflicts instead of duplicating the note
    assert put(client, tid, **note(stamp)).status_code == 409
    assert len(fz.comments(tid)) == 3


def run_chaos(rng_seed: int) -> tuple[list[object], list[tuple[str, str, str]], int]:
    """60 mixed requests under chaos: (outcomes, injected faults, comments in the end)."""
    fz = FakeZendesk(clock=ManualClock(T0))
    _, _, tid = seed(fz)
    fz.chaos(rate=0.4, seed=rng_seed)
    outcomes: list[object] = []
    with fz.client() as c:
        for i in range(60):
            try:
                if i % 3:
                    outcomes.append(c.get(f"/api/v2/tickets/{tid}/comments.json").status_code)
                else:
                    outcomes.append(put(c, tid, comment={"body": f"n{i}", "public": False}).status_code)
            except httpx.TransportError as exc:
                outcomes.append(type(exc).__name__)
    return outcomes, fz.injected, len(fz.comments(tid))


def test_chaos_is_deterministic_for_a_seed() -> None:
    first, second, other = run_chaos(7), run_chaos(7), run_chaos(8)
    assert first == second
    assert first[0] != other[0]
    outcomes, injected, _ = first
    kinds = {k for k, _, _ in injected}
    assert {"429", "500", "503", "timeout", "reset", "after_commit"} >= kinds and len(kinds) >= 4
    assert 10 <= len(injected) <= 40
    assert {"ReadTimeout", "RemoteProtocolError", 429, 200} <= set(outcomes)


def test_crash_after_escapes_except_exception(fz: FakeZendesk, client: httpx.Client) -> None:
    _, _, tid = seed(fz)
    fz.crash_after(2, method="GET")
    client.get("/api/v2/users/me.json")
    put(client, tid, comment={"body": "not counted", "public": False})
    client.get(f"/api/v2/tickets/{tid}.json")
    with pytest.raises(FakeCrash):
        try:
            client.get(f"/api/v2/tickets/{tid}/comments.json")
        except Exception:  # noqa: BLE001 - the point: a crash is not an Exception
            pytest.fail("FakeCrash was caught by except Exception")
    assert client.get(f"/api/v2/tickets/{tid}.json").status_code == 200  # one-shot: the server lives on


def test_crash_after_commit(fz: FakeZendesk, client: httpx.Client) -> None:
    _, _, tid = seed(fz)
    fz.crash_after(1, method="PUT", after_commit=True)
    with pytest.raises(FakeCrash):
        put(client, tid, **note(fz.tickets[tid]["updated_at"]))
    assert len(fz.comments(tid)) == 3 and fz.tickets[tid]["tags"] == ["coach_reviewed"]
    assert fz.injected == [("crash", "PUT", f"/api/v2/tickets/{tid}.json")]


# ----------------------------------------------------------------- respx and logging


def test_respx_mount_and_request_log(fz: FakeZendesk) -> None:
    _, _, tid = seed(fz)
    with respx.mock(assert_all_called=False) as mock:
        route = fz.mount(mock)
        with httpx.Client(base_url=fz.base_url, headers=fz.auth_headers()) as c:
            assert c.get(f"/api/v2/tickets/{tid}/comments.json", params={"page[size]": 1}).json()["meta"]["has_more"]
            assert put(c, tid, **note(fz.tickets[tid]["updated_at"])).status_code == 200
            fz.raise_next(1, exc=httpx.ReadTimeout)
            with pytest.raises(httpx.ReadTimeout):
                c.get("/api/v2/users/me.json")
            fz.crash_after(0)
            with pytest.raises(FakeCrash):
                c.get("/api/v2/users/me.json")
        assert route.call_count == 3  # respx does not record a call that raised a BaseException
    method, path, query, body = fz.requests[0]
    assert (method, path, query, body) == ("GET", f"/api/v2/tickets/{tid}/comments.json", {"page[size]": "1"}, None)
    assert fz.requests[1].json["ticket"]["additional_tags"] == ["coach_reviewed"]
    assert fz.request_count() == 4 and fz.request_count("GET") == 3
    assert fz.request_count(path_prefix="/api/v2/tickets") == 2


def test_hook_simulates_agent_edit_between_read_and_write(fz: FakeZendesk, client: httpx.Client) -> None:
    _, _, tid = seed(fz)

    def agent_edits_first(req: object) -> None:
        if req.method == "PUT":  # type: ignore[attr-defined]
            fz.hooks.clear()
            fz.edit_ticket(tid, additional_tags=["escalated"])

    stamp = client.get(f"/api/v2/tickets/{tid}.json").json()["ticket"]["updated_at"]
    fz.hooks.append(agent_edits_first)
    assert put(client, tid, **note(stamp)).status_code == 409
    assert fz.tickets[tid]["tags"] == ["coach_draft", "escalated"]
