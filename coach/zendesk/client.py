"""A small, synchronous Zendesk Support API client: the few calls coach needs.

Every request goes through :meth:`ZendeskClient._request`, which retries by
:func:`coach.zendesk.retry.retry_delay`, logs one line per request (never
headers), and turns failures into :mod:`coach.errors` exceptions whose messages
never contain the token. Lists are read lazily with cursor pagination
(``page[size]``/``page[after]``, following ``meta.has_more``/``meta.after_cursor``);
server-sent ``links.next`` URLs are never followed, so credentials only ever go
to the configured base URL.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import httpx

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
from coach.zendesk.auth import Credentials
from coach.zendesk.retry import (
    CONNECT,
    READ,
    SAFE_METHODS,
    TIMEOUT,
    RetryPolicy,
    parse_retry_after,
    retry_delay,
)

SHOW_MANY_LIMIT = 100  # ids per show_many request
MAX_PAGE_SIZE = 100  # comments, audits, groups and memberships return at most 100 a page
_DETAIL_CHARS = 300
_TYPE_TICKET = re.compile(r"(?<!\S)type:ticket(?!\S)", re.IGNORECASE)
_TYPE_ANY = re.compile(r"(?<!\S)type:\S*", re.IGNORECASE)

_REASONS = {CONNECT: "connect error", TIMEOUT: "timeout", READ: "read error", None: "transport error"}
_MAYBE_APPLIED = "; the change may or may not have been applied: re-read the ticket before trying again"

Json = dict[str, Any]


class ZendeskClient:
    """The Zendesk calls coach makes. Use as a context manager, or call :meth:`close`."""

    def __init__(
        self,
        credentials: Credentials,
        *,
        transport: httpx.BaseTransport | None = None,
        policy: RetryPolicy = RetryPolicy(),
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        rand: Callable[[], float] = random.random,
        timeout: float = 15.0,
        page_size: int = 100,
        log: Callable[[str], None] | None = None,
    ) -> None:
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page_size must be between 1 and {MAX_PAGE_SIZE}")
        self.credentials = credentials
        self.policy = policy
        self.page_size = page_size
        self.requests_made = 0
        self.waited = 0.0  # seconds slept on retries by this client (see RetryPolicy.run_budget)
        self._sleep, self._clock, self._rand, self._log = sleep, clock, rand, log
        self._http = httpx.Client(
            base_url=credentials.base_url,
            transport=transport,
            timeout=timeout,
            follow_redirects=False,
            headers={
                "Authorization": credentials.auth_header(),
                "User-Agent": f"coach/{__version__}",
                "Accept": "application/json",
            },
        )

    # -- reads -----------------------------------------------------------

    def me(self) -> Json:
        """The authenticated user; :class:`AuthError` if Zendesk treats the credentials as anonymous."""
        user = self._get("/api/v2/users/me.json", what="the current user").get("user") or {}
        if user.get("id") is None or user.get("role") == "anonymous":
            raise AuthError(
                "Zendesk treats these credentials as an anonymous user: check ZENDESK_EMAIL and the token",
                method="GET",
                path="/api/v2/users/me.json",
            )
        return user

    def ticket(self, ticket_id: int | str) -> Json:
        """One ticket (without its comments)."""
        tid = _id(ticket_id, "ticket_id")
        path = f"/api/v2/tickets/{tid}.json"
        return _member(self._get(path, what=f"ticket {tid}", missing="(deleted, or a wrong id?)"), "ticket", "GET", path)

    def tickets(self, ids: Iterable[int | str]) -> list[Json]:
        """Tickets by id, 100 a request; ids Zendesk does not return (deleted, no access) are simply absent."""
        return self._show_many("/api/v2/tickets/show_many.json", "tickets", ids)

    def users(self, ids: Iterable[int | str]) -> list[Json]:
        """Users by id, 100 a request; unknown ids are simply absent."""
        return self._show_many("/api/v2/users/show_many.json", "users", ids)

    def comments(self, ticket_id: int | str) -> Iterator[Json]:
        """A ticket's comments, oldest first, read lazily page by page."""
        tid = _id(ticket_id, "ticket_id")
        return self._items(f"/api/v2/tickets/{tid}/comments.json", {}, "comments", f"comments of ticket {tid}")

    def comments_with_users(self, ticket_id: int | str) -> tuple[list[Json], dict[int, Json]]:
        """All of a ticket's comments, and the sideloaded users (authors, CCs) by id."""
        tid = _id(ticket_id, "ticket_id")
        comments: list[Json] = []
        users: dict[int, Json] = {}
        path = f"/api/v2/tickets/{tid}/comments.json"
        for page in self._pages(path, {"include": "users"}, f"comments of ticket {tid}"):
            comments.extend(page.get("comments") or [])
            users.update({u["id"]: u for u in page.get("users") or [] if u.get("id") is not None})
        return comments, users

    def audits(self, ticket_id: int | str) -> Iterator[Json]:
        """A ticket's audits (who changed what: ``author_id``, ``created_at``, ``events``), oldest first, lazily."""
        tid = _id(ticket_id, "ticket_id")
        return self._items(f"/api/v2/tickets/{tid}/audits.json", {}, "audits", f"audits of ticket {tid}")

    def search_tickets(self, query: str) -> Iterator[Json]:
        """Tickets matching a Zendesk search query, via the export endpoint (no 1,000-result cap), lazily.

        The export endpoint takes the type as ``filter[type]=ticket`` and rejects
        ``type:`` in the query, so a ``type:ticket`` term is removed here.
        """
        params = {"query": _ticket_query(query, keep_type=False), "filter[type]": "ticket"}
        return self._items("/api/v2/search/export.json", params, "results", "the ticket search")

    def search_count(self, query: str) -> int:
        """How many tickets match ``query`` (``type:ticket`` is added, so counts agree with :meth:`search_tickets`)."""
        q = _ticket_query(query, keep_type=True)
        body = self._get("/api/v2/search/count.json", {"query": q}, what="the ticket search count")
        return int(body.get("count") or 0)

    def groups(self) -> Iterator[Json]:
        """All groups, lazily."""
        return self._items("/api/v2/groups.json", {}, "groups", "groups")

    def group_memberships(self, group_id: int | str) -> Iterator[Json]:
        """A group's memberships (``user_id``, ``group_id``, ``default``), lazily."""
        gid = _id(group_id, "group_id")
        return self._items(f"/api/v2/groups/{gid}/memberships.json", {}, "group_memberships", f"memberships of group {gid}")

    # -- writes ----------------------------------------------------------

    def update_ticket(self, ticket_id: int | str, changes: Json, *, updated_stamp: str | None = None) -> Json:
        """Apply ``changes`` to a ticket and return the updated ticket.

        With ``updated_stamp`` (the ``updated_at`` you read) the update is a
        ``safe_update``: :class:`Conflict` if the ticket changed since. A 5xx or a
        timeout is not retried (the write may have landed): re-read and decide again.
        """
        tid = _id(ticket_id, "ticket_id")
        ticket = {k: v for k, v in changes.items() if k not in ("safe_update", "updated_stamp")}
        if updated_stamp is not None:
            ticket.update(safe_update=True, updated_stamp=updated_stamp)
        path = f"/api/v2/tickets/{tid}.json"
        body = self._request("PUT", path, json={"ticket": ticket}, what=f"the update of ticket {tid}", missing="(deleted, or a wrong id?)")
        return _member(body, "ticket", "PUT", path)

    # -- plumbing --------------------------------------------------------

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ZendeskClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _get(self, path: str, params: dict[str, Any] | None = None, *, what: str, missing: str = "") -> Json:
        return self._request("GET", path, params=params, what=what, missing=missing)

    def _show_many(self, path: str, key: str, ids: Iterable[int | str]) -> list[Json]:
        wanted = list(dict.fromkeys(_id(i, "id") for i in ids))
        found: list[Json] = []
        for start in range(0, len(wanted), SHOW_MANY_LIMIT):
            batch = ",".join(map(str, wanted[start : start + SHOW_MANY_LIMIT]))
            found.extend(self._get(path, {"ids": batch}, what=key).get(key) or [])
        return found

    def _items(self, path: str, params: dict[str, Any], key: str, what: str) -> Iterator[Json]:
        for page in self._pages(path, params, what):
            yield from page.get(key) or []

    def _pages(self, path: str, params: dict[str, Any], what: str) -> Iterator[Json]:
        """Cursor pagination: pages while ``meta.has_more``, asking for ``page[after]=meta.after_cursor``."""
        params = {**params, "page[size]": self.page_size}
        seen: set[str] = set()
        while True:
            page = self._get(path, params, what=what)
            yield page
            meta = page.get("meta") or {}
            if not meta.get("has_more"):
                return
            cursor = meta.get("after_cursor")
            if not cursor or cursor in seen:
                raise ZendeskError(f"pagination of {what} did not advance (has_more without a new after_cursor)", method="GET", path=path)
            seen.add(cursor)
            params = {**params, "page[after]": cursor}

    def _request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: Json | None = None,
        what: str,
        missing: str = "",
    ) -> Json:
        attempt, waited = 0, 0.0
        while True:
            attempt += 1
            start = self._clock()
            try:
                response = self._http.request(method, path, params=params, json=json)
            except httpx.RequestError as exc:
                kind = _error_kind(exc)
                self.requests_made += kind != CONNECT  # a failed connect sent nothing
                self._say(f"{method} {path} -> {_REASONS[kind]} ({self._ms(start)} ms)")
                delay = self._delay(attempt, method, waited, error=kind) if kind else None
                if delay is None:
                    message = self._transport_message(exc, kind, what, attempt, method)
                    raise TransportError(message, method=method, path=path) from exc
                reason = _REASONS[kind]
            else:
                self.requests_made += 1
                status = response.status_code
                self._say(f"{method} {path} -> {status} ({self._ms(start)} ms)")
                if 200 <= status < 300:
                    return self._json(response, method, path, what)
                delay = None
                if status == 429 or status >= 500:
                    retry_after = parse_retry_after(response.headers.get("Retry-After"))
                    delay = self._delay(attempt, method, waited, status=status, retry_after=retry_after)
                if delay is None:
                    raise self._status_error(response, method, path, what, missing, attempt, waited)
                reason = str(status)
            self._say(f"retrying in {delay:.1f} s after {reason}")
            self._sleep(delay)
            waited += delay
            self.waited += delay

    def _delay(
        self, attempt: int, method: str, waited: float, *, status: int | None = None, error: str | None = None, retry_after: float | None = None
    ) -> float | None:
        delay = retry_delay(
            self.policy, attempt=attempt, method=method, status=status, error=error,
            retry_after=retry_after, waited=waited, rand=self._rand(),
        )  # fmt: skip
        if delay is not None and self.waited + delay > self.policy.run_budget:
            return None  # the run's waiting budget is spent
        return delay

    def _json(self, response: httpx.Response, method: str, path: str, what: str) -> Json:
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise ZendeskError(f"Zendesk's answer for {what} was not a JSON object", status=response.status_code, method=method, path=path)
        return body

    def _status_error(
        self, response: httpx.Response, method: str, path: str, what: str, missing: str, attempt: int, waited: float
    ) -> ZendeskError:
        status = response.status_code
        detail = self.credentials.redact(_detail(response))
        tail = f": {detail}" if detail else ""
        tries = f"{attempt} attempt{'s' if attempt != 1 else ''}"
        kw = {"status": status, "method": method, "path": path}
        if status == 401:
            return AuthError(f"Zendesk refused the credentials (401): check ZENDESK_EMAIL and the token{tail}", **kw)
        if status == 403:
            return PermissionDenied(f"permission denied for {what} (403){tail}", **kw)
        if status == 404:
            return NotFound(" ".join(filter(None, [f"{what} not found", missing])) + tail, **kw)
        if status == 409:
            return Conflict(f"{what} conflicted (409): the ticket changed since it was read; re-read it and decide again{tail}", **kw)
        if status == 422:
            return Unprocessable(f"Zendesk rejected {what} (422){tail}", **kw)
        if status == 429:
            return RateLimited(f"still rate limited after {tries} and {waited:.1f} s of waiting{tail}", **kw)
        if status >= 500:
            hint = _MAYBE_APPLIED if method not in SAFE_METHODS else ""
            return ServerError(f"Zendesk answered {status} for {what} after {tries}{tail}{hint}", **kw)
        if 300 <= status < 400:
            where = httpx.URL(response.headers.get("Location", "")).host or "elsewhere"
            return ZendeskError(f"Zendesk redirected {what} to {where} ({status}): check ZENDESK_SUBDOMAIN/ZENDESK_URL", **kw)
        return ZendeskError(f"Zendesk answered {status} for {what}{tail}", **kw)

    def _transport_message(self, exc: httpx.RequestError, kind: str | None, what: str, attempt: int, method: str) -> str:
        host = httpx.URL(self.credentials.base_url).host
        problem = {CONNECT: f"could not connect to {host}", TIMEOUT: f"no answer from {host} in time", READ: f"the connection to {host} broke"}
        tries = f"{attempt} attempt{'s' if attempt != 1 else ''}"
        text = (str(exc) or type(exc).__name__)[:200]
        hint = _MAYBE_APPLIED if kind != CONNECT and method not in SAFE_METHODS else ""
        return self.credentials.redact(f"{problem.get(kind, f'request to {host} failed')} for {what} after {tries} ({text}){hint}")

    def _say(self, line: str) -> None:
        if self._log is not None:
            self._log(self.credentials.redact(line))

    def _ms(self, start: float) -> int:
        return round((self._clock() - start) * 1000)


def _member(body: Json, key: str, method: str, path: str) -> Json:
    value = body.get(key)
    if not isinstance(value, dict):
        raise ZendeskError(f"Zendesk's answer has no {key!r} object", method=method, path=path)
    return value


def _id(value: int | str, name: str) -> int:
    """A positive integer id (a digit string is accepted); anything else is a programming error."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if isinstance(value, str):
        if not value.strip().isdigit():
            raise ValueError(f"{name} must be a positive integer, not {value!r}")
        value = int(value)
    if value <= 0:
        raise ValueError(f"{name} must be a positive integer, not {value}")
    return value


def _ticket_query(query: str, *, keep_type: bool) -> str:
    """``query`` without a ``type:ticket`` term (``keep_type``: with exactly one, first)."""
    rest = " ".join(_TYPE_TICKET.sub(" ", query).split())
    other = _TYPE_ANY.search(rest)
    if other:
        raise ValueError(f"ticket searches cannot use {other.group(0)!r}; remove it from the query")
    if not rest:
        raise ValueError("the search query is empty")
    return f"type:ticket {rest}" if keep_type else rest


def _error_kind(exc: httpx.RequestError) -> str | None:
    """``retry`` error kind: CONNECT (never sent), TIMEOUT/READ (may have been processed), None (not retryable)."""
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout | httpx.ProxyError):
        return CONNECT
    if isinstance(exc, httpx.TimeoutException):
        return TIMEOUT
    if isinstance(exc, httpx.NetworkError | httpx.RemoteProtocolError):
        return READ
    return None


def _detail(response: httpx.Response) -> str:
    """Zendesk's own words from an error body (``error``, ``description``, ``details``), trimmed."""
    try:
        body = response.json()
    except ValueError:
        return ""
    if not isinstance(body, dict):
        return ""
    parts: list[str] = []
    error = body.get("error")
    if isinstance(error, dict):
        parts += [str(error[k]) for k in ("title", "message") if error.get(k)]
    elif error:
        parts.append(str(error))
    if body.get("description"):
        parts.append(str(body["description"]))
    details = body.get("details")
    if isinstance(details, dict):
        for field, problems in details.items():
            for problem in problems if isinstance(problems, list) else [problems]:
                if isinstance(problem, dict):
                    problem = problem.get("description") or problem.get("error")
                if problem:
                    parts.append(f"{field}: {problem}")
    errors = body.get("errors")
    for item in errors if isinstance(errors, list) else []:
        if isinstance(item, dict):
            parts.append(str(item.get("detail") or item.get("title") or item.get("code") or ""))
    text = " ".join("; ".join(p for p in dict.fromkeys(parts) if p).split())
    return text if len(text) <= _DETAIL_CHARS else text[: _DETAIL_CHARS - 1] + "…"
