"""ZendeskClient against scripted mock transports: paths, pagination, retries, errors, redaction."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import respx

from coach import __version__
from coach.errors import (
    AuthError,
    Conflict,
    NotFound,
    PermissionDenied,
    RateLimited,
    ServerError,
    TransportError,
    Unprocessable,
    ZendeskError,
)
from coach.zendesk import Credentials, RetryPolicy, ZendeskClient

TOKEN = "tok3nSecretValueDoNotLeak0123456789"
BASE = "https://acme.zendesk.com"
CREDS = Credentials(BASE, "agent@acme.test", TOKEN, "api_token")

Handler = Callable[[httpx.Request], httpx.Response]


class Harness:
    """A client on a MockTransport, with recorded requests, sleeps and log lines."""

    def __init__(self, handler: Handler, **kwargs: Any) -> None:
        self.requests: list[httpx.Request] = []
        self.sleeps: list[float] = []
        self.log: list[str] = []
        ticks = itertools.count()

        def record(request: httpx.Request) -> httpx.Response:
            self.requests.append(request)
            return handler(request)

        kwargs.setdefault("rand", lambda: 0.5)
        self.client = ZendeskClient(
            CREDS,
            transport=httpx.MockTransport(record),
            sleep=self.sleeps.append,
            clock=lambda: next(ticks) * 0.012,
            log=self.log.append,
            **kwargs,
        )

    @property
    def paths(self) -> list[str]:
        return [r.url.path for r in self.requests]

    def params(self, i: int) -> dict[str, str]:
        return dict(self.requests[i].url.params)


def scripted(*answers: httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]) -> Handler:
    """Answer requests in order; exceptions are raised (as transport errors)."""
    queue = list(answers)

    def handler(request: httpx.Request) -> httpx.Response:
        answer = queue.pop(0)
        if isinstance(answer, type) and issubclass(answer, Exception):
            raise answer("scripted failure", request=request)
        if isinstance(answer, Exception):
            raise answer
        return answer(request) if callable(answer) else answer

    return handler


def ok(body: dict[str, Any], status: int = 200, **headers: str) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)


def err(status: int, body: dict[str, Any] | None = None, **headers: str) -> httpx.Response:
    return httpx.Response(status, json=body or {}, headers=headers)


def comment(i: int) -> dict[str, Any]:
    return {"id": i, "type": "Comment", "body": f"c{i}", "public": i % 2 == 0, "author_id": 100 + i}


def paged(key: str, pages: list[list[dict[str, Any]]], *, extra: Callable[[int], dict[str, Any]] | None = None) -> Handler:
    """Cursor pages keyed by page[after]: cursor 'c1' gives page 2, 'c2' page 3..."""

    def handler(request: httpx.Request) -> httpx.Response:
        after = request.url.params.get("page[after]")
        n = int(after[1:]) if after else 0
        more = n + 1 < len(pages)
        body = {
            key: pages[n],
            "meta": {"has_more": more, "after_cursor": f"c{n + 1}" if more else None, "before_cursor": f"b{n}"},
            "links": {"next": f"{BASE}/next?page[after]=c{n + 1}" if more else None, "prev": None},
        }
        body.update(extra(n) if extra else {})
        return ok(body)

    return handler


# -- reads ---------------------------------------------------------------


def test_headers_and_user_agent():
    h = Harness(scripted(ok({"user": {"id": 7, "role": "agent"}})))
    h.client.me()
    req = h.requests[0]
    assert req.headers["User-Agent"] == f"coach/{__version__}"
    assert req.headers["Authorization"] == CREDS.auth_header()
    assert req.headers["Accept"] == "application/json"
    assert str(req.url) == f"{BASE}/api/v2/users/me.json"


@respx.mock(base_url=BASE, assert_all_called=True)
def test_me_with_respx(respx_mock):
    respx_mock.get("/api/v2/users/me.json").respond(json={"user": {"id": 7, "name": "Ann", "role": "agent"}})
    with ZendeskClient(CREDS) as client:
        assert client.me()["name"] == "Ann"
        assert client.requests_made == 1


@pytest.mark.parametrize(
    "user",
    [
        {"id": None, "name": "Anonymous user", "role": "end-user", "email": "invalid@example.com"},
        {"id": 1, "role": "anonymous"},
        {},
    ],
)
def test_anonymous_me_is_auth_error(user):
    h = Harness(scripted(ok({"user": user})))
    with pytest.raises(AuthError, match="anonymous"):
        h.client.me()


def test_ticket_and_not_found():
    h = Harness(scripted(ok({"ticket": {"id": 5, "status": "open"}}), err(404, {"error": "RecordNotFound", "description": "Not found"})))
    assert h.client.ticket(5) == {"id": 5, "status": "open"}
    with pytest.raises(NotFound) as info:
        h.client.ticket("6")
    assert h.paths == ["/api/v2/tickets/5.json", "/api/v2/tickets/6.json"]
    assert "ticket 6 not found (deleted" in str(info.value)
    assert info.value.status == 404 and info.value.method == "GET" and info.value.path == "/api/v2/tickets/6.json"


@pytest.mark.parametrize("bad", [0, -1, "1/../users", "abc", "", True, 1.5, None])
@pytest.mark.parametrize("call", ["ticket", "comments", "group_memberships", "update_ticket", "tickets"])
def test_bad_ids_are_refused_at_call_time(bad, call):
    h = Harness(scripted())
    args = {"update_ticket": (bad, {}), "tickets": ([1, bad],)}.get(call, (bad,))
    with pytest.raises((ValueError, TypeError)):
        getattr(h.client, call)(*args)  # raised at the call, even for lazy iterators
    assert h.requests == []


def test_answer_without_the_expected_object():
    h = Harness(scripted(ok({"tickets": []})))
    with pytest.raises(ZendeskError, match="no 'ticket' object"):
        h.client.ticket(1)


def test_tickets_show_many_batches_and_missing_ids():
    def handler(request):
        ids = [int(i) for i in request.url.params["ids"].split(",")]
        return ok({"tickets": [{"id": i} for i in ids if i % 7]})  # multiples of 7 "deleted"

    h = Harness(handler)
    got = h.client.tickets(list(range(1, 251)) + [3, 3])
    assert [len(r.url.params["ids"].split(",")) for r in h.requests] == [100, 100, 50]
    assert set(h.paths) == {"/api/v2/tickets/show_many.json"}
    assert [t["id"] for t in got] == [i for i in range(1, 251) if i % 7]
    assert h.client.tickets([]) == [] and h.client.requests_made == 3


def test_users_show_many():
    h = Harness(scripted(ok({"users": [{"id": 1}, {"id": 2}]})))
    assert [u["id"] for u in h.client.users(["1", 2, 3])] == [1, 2]
    assert h.paths == ["/api/v2/users/show_many.json"] and h.params(0) == {"ids": "1,2,3"}


def test_comments_follow_has_more_over_three_pages():
    h = Harness(paged("comments", [[comment(1), comment(2)], [comment(3)], [comment(4), comment(5)]]), page_size=2)
    assert [c["id"] for c in h.client.comments(42)] == [1, 2, 3, 4, 5]
    assert h.paths == ["/api/v2/tickets/42/comments.json"] * 3
    assert [h.params(i) for i in range(3)] == [
        {"page[size]": "2"},
        {"page[size]": "2", "page[after]": "c1"},
        {"page[size]": "2", "page[after]": "c2"},
    ]
    assert h.client.requests_made == 3


def test_pagination_stops_when_has_more_false_even_with_links_next():
    body = {"comments": [comment(1)], "meta": {"has_more": False, "after_cursor": "zzz"}, "links": {"next": f"{BASE}/api/v2/tickets/1/comments.json?page[after]=zzz"}}
    h = Harness(scripted(ok(body)))
    assert [c["id"] for c in h.client.comments(1)] == [1]
    assert len(h.requests) == 1


def test_pagination_never_follows_server_links():
    """The next page is built from our own path and meta.after_cursor, never links.next (another host)."""
    pages = [
        ok({"comments": [comment(1)], "meta": {"has_more": True, "after_cursor": "A"}, "links": {"next": "https://evil.test/steal"}}),
        ok({"comments": [comment(2)], "meta": {"has_more": False}}),
    ]
    h = Harness(scripted(*pages))
    assert [c["id"] for c in h.client.comments(9)] == [1, 2]
    assert {r.url.host for r in h.requests} == {"acme.zendesk.com"}


def test_pagination_without_progress_fails():
    stuck = ok({"comments": [comment(1)], "meta": {"has_more": True, "after_cursor": "same"}})
    h = Harness(scripted(stuck, stuck))
    with pytest.raises(ZendeskError, match="did not advance"):
        list(h.client.comments(1))
    h = Harness(scripted(ok({"comments": [], "meta": {"has_more": True}})))
    with pytest.raises(ZendeskError, match="did not advance"):
        list(h.client.comments(1))


def test_comments_are_lazy():
    h = Harness(paged("comments", [[comment(1), comment(2)], [comment(3)]]))
    it = h.client.comments(1)
    assert h.requests == []
    assert next(it)["id"] == 1
    assert len(h.requests) == 1
    assert next(it)["id"] == 2
    assert len(h.requests) == 1  # second page only when needed
    assert next(it)["id"] == 3 and len(h.requests) == 2


def test_comments_with_users_sideload():
    users = {0: [{"id": 101, "name": "A"}], 1: [{"id": 102, "name": "B"}, {"id": 101, "name": "A"}]}
    h = Harness(paged("comments", [[comment(1)], [comment(2)]], extra=lambda n: {"users": users[n]}))
    comments, by_id = h.client.comments_with_users(3)
    assert [c["id"] for c in comments] == [1, 2]
    assert by_id == {101: {"id": 101, "name": "A"}, 102: {"id": 102, "name": "B"}}
    assert all(r.url.params["include"] == "users" for r in h.requests) and len(h.requests) == 2


def audit(i: int, author: int) -> dict[str, Any]:
    return {"id": i, "ticket_id": 42, "author_id": author, "created_at": f"2024-05-01T10:00:0{i}Z",
            "events": [{"id": 10 * i, "type": "Change", "field_name": "tags", "value": ["a"], "previous_value": []}]}


def test_audits_are_cursor_paged_lazily_oldest_first():
    h = Harness(paged("audits", [[audit(1, 7), audit(2, 8)], [audit(3, 9)]]), page_size=2)
    it = h.client.audits("42")
    assert h.requests == []
    assert [(a["id"], a["author_id"]) for a in it] == [(1, 7), (2, 8), (3, 9)]
    assert h.paths == ["/api/v2/tickets/42/audits.json"] * 2
    assert [h.params(i) for i in range(2)] == [{"page[size]": "2"}, {"page[size]": "2", "page[after]": "c1"}]


def test_audits_of_a_missing_ticket_is_not_found():
    h = Harness(scripted(err(404, {"error": "RecordNotFound", "description": "Not found"})))
    with pytest.raises(NotFound, match="audits of ticket 5 not found"):
        list(h.client.audits(5))


def test_search_tickets_uses_export_with_cursor():
    h = Harness(paged("results", [[{"id": 1, "result_type": "ticket"}], [{"id": 2, "result_type": "ticket"}]]))
    it = h.client.search_tickets("type:ticket tags:coach_draft status<solved")
    assert h.requests == []
    assert [t["id"] for t in it] == [1, 2]
    assert h.paths == ["/api/v2/search/export.json"] * 2
    assert h.params(0) == {"query": "tags:coach_draft status<solved", "filter[type]": "ticket", "page[size]": "100"}
    assert h.params(1)["page[after]"] == "c1"


@pytest.mark.parametrize("query", ["type:user name:x", "   ", "type:ticket"])
def test_search_tickets_refuses_other_types_and_empty_queries(query):
    h = Harness(scripted())
    with pytest.raises(ValueError):
        h.client.search_tickets(query)
    assert h.requests == []


def test_search_count_adds_ticket_type():
    h = Harness(scripted(ok({"count": 1234}), ok({"count": 3})))
    assert h.client.search_count("tags:coach_draft") == 1234
    assert h.client.search_count("TYPE:ticket tags:x") == 3
    assert h.paths == ["/api/v2/search/count.json"] * 2
    assert h.params(0) == {"query": "type:ticket tags:coach_draft"}
    assert h.params(1) == {"query": "type:ticket tags:x"}


def test_groups_and_memberships_paginate():
    h = Harness(paged("groups", [[{"id": 1}], [{"id": 2}]]))
    assert [g["id"] for g in h.client.groups()] == [1, 2]
    assert h.paths == ["/api/v2/groups.json"] * 2
    h = Harness(paged("group_memberships", [[{"id": 5, "user_id": 9, "group_id": 3}]]))
    assert [m["user_id"] for m in h.client.group_memberships(3)] == [9]
    assert h.paths == ["/api/v2/groups/3/memberships.json"] and h.params(0) == {"page[size]": "100"}


# -- writes --------------------------------------------------------------


def test_update_ticket_safe_body_shape():
    h = Harness(scripted(ok({"ticket": {"id": 8, "tags": ["a"]}, "audit": {"events": []}})))
    stamp = "2024-05-01T10:00:00Z"
    changes = {"comment": {"body": "note", "public": False}, "tags": ["a"], "safe_update": False}
    assert h.client.update_ticket(8, changes, updated_stamp=stamp) == {"id": 8, "tags": ["a"]}
    req = h.requests[0]
    assert (req.method, req.url.path, dict(req.url.params)) == ("PUT", "/api/v2/tickets/8.json", {})
    assert req.headers["Content-Type"] == "application/json"
    assert json.loads(req.content) == {
        "ticket": {"comment": {"body": "note", "public": False}, "tags": ["a"], "safe_update": True, "updated_stamp": stamp}
    }
    assert changes["safe_update"] is False  # caller's dict untouched


def test_update_ticket_without_stamp_is_not_safe_update():
    h = Harness(scripted(ok({"ticket": {"id": 8}})))
    h.client.update_ticket(8, {"status": "open", "updated_stamp": "x"})
    assert json.loads(h.requests[0].content) == {"ticket": {"status": "open"}}


def test_update_ticket_conflict():
    body = {"error": "UpdateConflict", "description": "Safe Update prevented the update due to outdated ticket data. Please fetch the latest ticket data and try again."}
    h = Harness(scripted(err(409, body)))
    with pytest.raises(Conflict) as info:
        h.client.update_ticket(8, {"status": "open"}, updated_stamp="2024-05-01T10:00:00Z")
    assert "re-read" in str(info.value) and "outdated ticket data" in str(info.value)
    assert h.client.requests_made == 1 and h.sleeps == []


# -- retries -------------------------------------------------------------


def test_429_then_success_honours_retry_after():
    h = Harness(scripted(err(429, {"error": "TooManyRequests"}, **{"Retry-After": "3"}), ok({"ticket": {"id": 1}})))
    assert h.client.ticket(1) == {"id": 1}
    assert h.sleeps == [3.0]
    assert h.client.requests_made == 2
    assert "retrying in 3.0 s after 429" in h.log


def test_the_run_budget_caps_waiting_across_requests():
    always_limited = lambda request: err(429, **{"Retry-After": "40"})  # noqa: E731
    h = Harness(always_limited, policy=RetryPolicy(run_budget=100.0))
    with pytest.raises(RateLimited):
        h.client.ticket(1)
    assert h.sleeps == [40.0, 40.0]  # a third wait would pass the run's 100 s
    with pytest.raises(RateLimited):
        h.client.ticket(2)
    assert h.sleeps == [40.0, 40.0] and h.client.waited == 80.0  # spent: later requests fail at once


def test_429_on_put_is_retried():
    h = Harness(scripted(err(429, **{"Retry-After": "2"}), ok({"ticket": {"id": 1}})))
    h.client.update_ticket(1, {"status": "open"}, updated_stamp="s")
    assert h.sleeps == [2.0] and [r.method for r in h.requests] == ["PUT", "PUT"]


def test_429_until_budget_runs_out():
    h = Harness(lambda r: err(429, **{"Retry-After": "50"}))
    with pytest.raises(RateLimited) as info:
        h.client.ticket(1)
    assert h.sleeps == [50.0, 50.0]  # a third 50 s wait would pass the 120 s budget
    assert h.client.requests_made == 3 and info.value.status == 429


def test_429_without_retry_after_backs_off_until_max_attempts():
    h = Harness(lambda r: err(429))
    with pytest.raises(RateLimited):
        h.client.ticket(1)
    assert h.sleeps == [0.25, 0.5, 1.0, 2.0]  # rand=0.5, base 0.5 doubling
    assert h.client.requests_made == 5


def test_503_retried_for_get():
    h = Harness(scripted(err(503), err(502), ok({"ticket": {"id": 1}})))
    assert h.client.ticket(1)["id"] == 1
    assert h.sleeps == [0.25, 0.5] and h.client.requests_made == 3


def test_503_not_retried_for_put():
    h = Harness(scripted(err(503, **{"Retry-After": "1"})))
    with pytest.raises(ServerError) as info:
        h.client.update_ticket(1, {"status": "open"}, updated_stamp="s")
    assert h.sleeps == [] and h.client.requests_made == 1 and info.value.status == 503
    assert "may or may not have been applied: re-read the ticket" in str(info.value)


def test_5xx_gives_up_with_server_error():
    h = Harness(lambda r: err(500, {"error": "InternalError"}), policy=RetryPolicy(max_attempts=3))
    with pytest.raises(ServerError, match="500 .* after 3 attempts"):
        h.client.ticket(1)
    assert h.client.requests_made == 3


def test_timeout_retried_then_transport_error():
    h = Harness(scripted(*[httpx.ReadTimeout] * 5))
    with pytest.raises(TransportError) as info:
        h.client.ticket(1)
    assert h.sleeps == [0.25, 0.5, 1.0, 2.0] and h.client.requests_made == 5
    assert info.value.status is None and "after 5 attempts" in str(info.value)
    assert "retrying in 0.2 s after timeout" in h.log


def test_timeout_on_put_not_retried():
    h = Harness(scripted(httpx.ReadTimeout))
    with pytest.raises(TransportError, match="no answer .* re-read the ticket"):
        h.client.update_ticket(1, {"status": "open"})
    assert h.sleeps == []


def test_connect_error_on_put_is_retried():
    h = Harness(scripted(httpx.ConnectError, ok({"ticket": {"id": 1}})))
    assert h.client.update_ticket(1, {"status": "open"}) == {"id": 1}
    assert h.sleeps == [0.25]
    assert h.client.requests_made == 1  # the failed connect never sent anything


def test_read_error_and_protocol_error_retried_for_get():
    h = Harness(scripted(httpx.ReadError, httpx.RemoteProtocolError, ok({"ticket": {"id": 1}})))
    assert h.client.ticket(1) == {"id": 1}
    assert len(h.sleeps) == 2


# -- status -> exception ---------------------------------------------------


@pytest.mark.parametrize(
    ("status", "exc", "words"),
    [
        (401, AuthError, "refused the credentials"),
        (403, PermissionDenied, "permission denied for ticket 1"),
        (404, NotFound, "ticket 1 not found"),
        (409, Conflict, "changed since it was read"),
        (422, Unprocessable, "rejected"),
        (429, RateLimited, "rate limited"),
        (500, ServerError, "500"),
        (503, ServerError, "503"),
        (400, ZendeskError, "400"),
        (301, ZendeskError, "redirected"),
    ],
)
def test_status_maps_to_exception(status, exc, words):
    h = Harness(lambda r: httpx.Response(status, json={"error": "X"}, headers={"Location": "https://other.zendesk.com/"}), policy=RetryPolicy(max_attempts=1))
    with pytest.raises(exc) as info:
        h.client.ticket(1)
    assert words in str(info.value)
    assert info.value.status == status and type(info.value) is exc
    assert len(h.requests) == 1  # redirects are not followed


def test_422_message_includes_zendesk_details_trimmed():
    body = {
        "error": "RecordInvalid",
        "description": "Record validation errors",
        "details": {"status": [{"description": "Status: closed prevents ticket update", "error": "InvalidValue"}], "base": ["x" * 500]},
    }
    h = Harness(scripted(err(422, body)))
    with pytest.raises(Unprocessable) as info:
        h.client.update_ticket(1, {"status": "open"})
    msg = str(info.value)
    assert msg.startswith("PUT /api/v2/tickets/1.json: Zendesk rejected the update of ticket 1 (422): RecordInvalid; Record validation errors; status: Status: closed prevents ticket update")
    assert len(msg) < 420 and msg.endswith("…")


def test_non_json_success_is_an_error():
    h = Harness(scripted(httpx.Response(200, text="<html>maintenance</html>")))
    with pytest.raises(ZendeskError, match="not a JSON object"):
        h.client.ticket(1)


# -- secrets and logs ------------------------------------------------------


def test_token_never_in_exceptions_or_log():
    basic = CREDS.auth_header().removeprefix("Basic ")
    echo = {"error": f"bad token {TOKEN}", "description": f"Authorization: Basic {basic}", "details": {"token": [TOKEN]}}
    answers = [err(s, echo) for s in (401, 403, 404, 409, 422, 400)]
    h = Harness(scripted(*answers, httpx.ConnectError(f"cannot reach with {TOKEN}")), policy=RetryPolicy(max_attempts=1))
    messages = []
    for _ in range(len(answers) + 1):
        with pytest.raises(ZendeskError) as info:
            h.client.ticket(1)
        messages.append(str(info.value))
    assert "bad token ***" in messages[0]
    assert "Authorization: Basic ***" in messages[0]
    for text in messages + h.log:
        assert TOKEN not in text and basic not in text
    assert all("Authorization" not in line and "Basic" not in line for line in h.log)


def test_log_lines():
    h = Harness(scripted(err(503), ok({"ticket": {"id": 1}})))
    h.client.ticket(1)
    assert h.log == [
        "GET /api/v2/tickets/1.json -> 503 (12 ms)",
        "retrying in 0.2 s after 503",
        "GET /api/v2/tickets/1.json -> 200 (12 ms)",
    ]


def test_log_line_shape_for_transport_errors():
    h = Harness(scripted(httpx.ConnectError, httpx.ReadError, ok({"ticket": {"id": 1}})))
    h.client.ticket(1)
    assert re.fullmatch(r"GET /api/v2/tickets/1\.json -> connect error \(\d+ ms\)", h.log[0])
    assert h.log[1:4] == ["retrying in 0.2 s after connect error", "GET /api/v2/tickets/1.json -> read error (12 ms)", "retrying in 0.5 s after read error"]


def test_page_size_bounds():
    for bad in (0, 101):
        with pytest.raises(ValueError):
            ZendeskClient(CREDS, page_size=bad)
