"""A stateful, thread-safe fake of the Zendesk Support API for end-to-end tests.

Shapes follow Zendesk's OpenAPI spec (``shared/zendesk/support-oas.yaml`` beside the repo; ``tests/zendesk_spec`` keeps the subset coach uses) and the go-zendesk example
payloads: ``.json`` paths, ``{"error", "description"}`` error bodies, cursor pagination
with ``meta``/``links``, offset-paged search with ``result_type`` and the 1,000-result cap,
``safe_update`` collisions (409), closed tickets (422), a lagging search index, and ticket
audits: every change (a comment, tags, a field) is one audit whose ``author_id`` is the acting
user (the API user for ``PUT``), with ``Comment``, ``Create`` and ``Change`` events.
Faults (status codes, transport errors, lost responses after a commit, a simulated
process crash) are injected deterministically.  Mount it with :meth:`FakeZendesk.transport`
(``httpx.Client(transport=...)``) or :meth:`FakeZendesk.mount` (respx).

Timestamps are whole seconds, like Zendesk's; ``updated_at`` strictly increases on every
change, even with a frozen clock, so ``updated_stamp`` always detects a collision.
"""

from __future__ import annotations

import base64
import binascii
import copy
import html
import itertools
import json
import random
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from typing import Any, NamedTuple
from urllib.parse import urlencode

import httpx

__all__ = ["FakeCrash", "FakeZendesk", "LoggedRequest", "ManualClock"]

STATUSES = ("new", "open", "pending", "hold", "solved", "closed")
SEARCH_LIMIT = 1000  # /search answers 422 past this many results (page * per_page)
SYSTEM_USER = -1  # the author_id of audits Zendesk itself makes (automations, system changes)
_COMMENT_EVENT_KEYS = ("id", "type", "author_id", "body", "html_body", "plain_body", "public", "attachments", "audit_id")
Json = dict[str, Any]

_NOT_FOUND = {"error": "RecordNotFound", "description": "Not found"}
_NO_ENDPOINT = {"error": "InvalidEndpoint", "description": "Not found"}
_UNAUTHORIZED = {"error": "Couldn't authenticate you"}
_FORBIDDEN = {
    "error": "Forbidden",
    "description": "You do not have access to this page. Please contact the account owner of this help desk for further help.",
}
_CONFLICT = {
    "error": "UpdateConflict",
    "description": "Safe Update prevented the update due to outdated ticket data. Please fetch the latest ticket data and try again.",
}
_CLOSED = {
    "error": "RecordInvalid",
    "description": "Record validation errors",
    "details": {"status": [{"description": "Status: closed prevents ticket update"}]},
}
_SEARCH_CAP = {"error": "invalid", "description": "Invalid search: Requested response size was greater than Search Response Limits"}
_STATUS_BODIES: dict[int, Json] = {
    409: _CONFLICT,
    429: {"error": "TooManyRequests", "description": "Rate limit exceeded. Please wait and try again."},
    500: {"error": "InternalServerError"},
    503: {"error": "ServiceUnavailable", "description": "Zendesk is temporarily unavailable. Please try again in a moment."},
}
_EXC_MESSAGES = {
    httpx.ConnectTimeout: "timed out",
    httpx.ReadTimeout: "The read operation timed out",
    httpx.RemoteProtocolError: "Server disconnected without sending a response.",
    httpx.ConnectError: "[Errno 111] Connection refused",
    httpx.ReadError: "[Errno 104] Connection reset by peer",
}


class FakeCrash(BaseException):
    """The worker process "died" here. A ``BaseException`` so it escapes ``except Exception``."""


class LoggedRequest(NamedTuple):
    """One request as the fake received it (``query`` keeps the last value of a repeated key)."""

    method: str
    path: str
    query: dict[str, str]
    json: Any


class ManualClock:
    """A clock for the fake that only moves when told: ``clock.advance(seconds=30)``."""

    def __init__(self, start: datetime = datetime(2024, 6, 3, 9, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        """Move forward by ``timedelta(**delta)``; returns the new time."""
        self.now += timedelta(**delta)
        return self.now


@dataclass
class _Fault:
    kind: str  # "status" | "raise" | "after_commit" | "crash"
    remaining: int
    method: str | None = None
    path_contains: str | None = None
    status: int = 503
    exc: type[BaseException] = httpx.ReadTimeout
    retry_after: float | None = None
    skip: int = 0  # crash: dispatched matching requests to let through first
    commit: bool = False  # crash: process the request, then crash

    def matches(self, method: str, path: str) -> bool:
        return (self.method is None or self.method.upper() == method) and (
            self.path_contains is None or self.path_contains in path
        )


def _ts(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_dt(value: Any) -> datetime | None:
    """An ISO date or datetime (``Z`` or offset) as an aware UTC datetime; ``None`` if unreadable."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        dt = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return (dt if dt.tzinfo else dt.replace(tzinfo=UTC)).astimezone(UTC)


def _enc_cursor(key: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


def _dec_cursor(cursor: str) -> Any:
    try:
        return json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError):
        raise _HTTPError(400, {"error": "InvalidPaginationParameter", "description": "Invalid cursor"}) from None


def _norm_tags(tags: Iterable[str] | str | None) -> list[str]:
    """Zendesk tags: lower case, a space splits a string into several tags, no duplicates."""
    if isinstance(tags, str):
        tags = [tags]
    out: list[str] = []
    for tag in tags or ():
        for part in str(tag).lower().split():
            if part not in out:
                out.append(part)
    return out


def _comment_event(comment: Json) -> Json:
    """A comment as its audit's ``Comment`` event shows it."""
    return {k: copy.deepcopy(comment[k]) for k in _COMMENT_EVENT_KEYS}


def _text_to_html(text: str) -> str:
    paras = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    inner = "".join("<p>" + "<br>".join(html.escape(line) for line in p.strip().split("\n")) + "</p>" for p in paras)
    return f'<div class="zd-comment" dir="auto">{inner}</div>'


class _TextExtractor(HTMLParser):
    _BLOCKS = {"p", "div", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "table"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in self._BLOCKS:
            self.parts.append("\n\n" if tag != "li" else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCKS and tag != "li":
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _html_to_text(markup: str) -> str:
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in "".join(parser.parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _sanitize_html(markup: str) -> str:
    """Roughly what Zendesk does to posted HTML: scripts, styles and ``on*`` handlers go; wrap in ``zd-comment``."""
    markup = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", "", markup)
    markup = re.sub(r"""(?i)\s+on\w+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", "", markup)
    if 'class="zd-comment"' not in markup:
        markup = f'<div class="zd-comment" dir="auto">{markup}</div>'
    return markup


class _HTTPError(Exception):
    def __init__(self, status: int, body: Json, headers: dict[str, str] | None = None) -> None:
        super().__init__(status)
        self.status, self.body, self.headers = status, body, headers or {}


_ROUTES: list[tuple[str, re.Pattern[str], str]] = [
    (m, re.compile(rf"^/api/v2/{p}(?:\.json)?$"), name)
    for m, p, name in [
        ("GET", r"users/me", "_get_me"),
        ("GET", r"users/show_many", "_get_users_many"),
        ("GET", r"users/(\d+)", "_get_user"),
        ("GET", r"groups", "_get_groups"),
        ("GET", r"groups/(\d+)/memberships", "_get_group_memberships"),
        ("GET", r"group_memberships", "_get_memberships"),
        ("GET", r"tickets/show_many", "_get_tickets_many"),
        ("GET", r"tickets/(\d+)", "_get_ticket"),
        ("PUT", r"tickets/(\d+)", "_put_ticket"),
        ("GET", r"tickets/(\d+)/comments", "_get_comments"),
        ("GET", r"tickets/(\d+)/audits", "_get_audits"),
        ("GET", r"search", "_get_search"),
        ("GET", r"search/export", "_get_search_export"),
        ("GET", r"search/count", "_get_search_count"),
    ]
]


class FakeZendesk:
    """An in-memory Zendesk Support account. Every public method and the handler are thread-safe."""

    def __init__(
        self,
        *,
        subdomain: str = "acme",
        clock: Callable[[], datetime] | None = None,
        search_lag: float = 0.0,
        api_token: str | None = None,
        anonymous: bool = False,
    ) -> None:
        """``api_token``: the only token accepted (any non-empty token when ``None``).
        ``anonymous``: /users/me answers 200 with the anonymous user and everything else 401,
        as Zendesk does for bad credentials on /users/me."""
        self.subdomain = subdomain
        self.base_url = f"https://{subdomain}.zendesk.com"
        self.clock = clock or (lambda: datetime.now(UTC))
        self.search_lag = search_lag
        self.api_token = api_token
        self.anonymous = anonymous
        self.users: dict[int, Json] = {}
        self.groups: dict[int, Json] = {}
        self.memberships: dict[int, Json] = {}
        self.tickets: dict[int, Json] = {}
        self.deleted_tickets: dict[int, Json] = {}
        self.requests: list[LoggedRequest] = []
        self.injected: list[tuple[str, str, str]] = []  # (kind, method, path) of every fault that fired
        self.hooks: list[Callable[[LoggedRequest], None]] = []  # run under the lock before each request
        self._lock = threading.RLock()
        self._comments: dict[int, list[Json]] = {}
        self._audits: dict[int, list[Json]] = {}
        self._stamps: dict[int, datetime] = {}
        self._history: dict[int, list[tuple[datetime, Json | None, str]]] = {}
        self._forbidden: set[int] = set()
        self._faults: list[_Fault] = []
        self._chaos: tuple[random.Random, float, tuple[str, ...], str | None, str | None, float] | None = None
        self._ids = {k: itertools.count(start) for k, start in
                     [("user", 10001), ("group", 20001), ("membership", 30001), ("event", 900000001)]}
        self._next_ticket = 1
        self.me_id: int = self.add_user("Coach Bot", email=f"coach.bot@{subdomain}.example")["id"]

    # ------------------------------------------------------------------ seeding

    def _now(self) -> datetime:
        now = self.clock()
        return (now if now.tzinfo else now.replace(tzinfo=UTC)).astimezone(UTC)

    def add_user(
        self, name: str, *, role: str = "agent", email: str | None = None, id: int | None = None, locale: str = "en-US"
    ) -> Json:
        """An agent, admin or end-user (admin-view shape)."""
        with self._lock:
            uid = id if id is not None else next(self._ids["user"])
            now = _ts(self._now())
            user = {
                "id": uid, "url": f"{self.base_url}/api/v2/users/{uid}.json", "name": name,
                "email": email or f"{re.sub(r'[^a-z0-9]+', '.', name.lower()).strip('.')}@example.com",
                "created_at": now, "updated_at": now, "time_zone": "UTC", "iana_time_zone": "Etc/UTC",
                "phone": None, "shared_phone_number": None, "photo": None, "locale_id": 1, "locale": locale,
                "organization_id": None, "role": role, "verified": True, "external_id": None, "tags": [],
                "alias": None, "active": True, "shared": False, "shared_agent": False, "last_login_at": None,
                "two_factor_auth_enabled": None, "signature": None, "details": "", "notes": "",
                "role_type": None, "custom_role_id": None, "moderator": role != "end-user",
                "ticket_restriction": None if role != "end-user" else "requested",
                "only_private_comments": False, "restricted_agent": False, "suspended": False,
                "default_group_id": None, "report_csv": role == "admin", "user_fields": {},
            }
            self.users[uid] = user
            return copy.deepcopy(user)

    def add_group(self, name: str, members: Sequence[int] = ()) -> Json:
        """A group and one membership per member (the first group of a user is their default)."""
        with self._lock:
            gid, now = next(self._ids["group"]), _ts(self._now())
            self.groups[gid] = {
                "url": f"{self.base_url}/api/v2/groups/{gid}.json", "id": gid, "is_public": True, "name": name,
                "description": "", "default": not self.groups, "deleted": False, "created_at": now, "updated_at": now,
            }
            for uid in members:
                mid = next(self._ids["membership"])
                first = not any(m["user_id"] == uid for m in self.memberships.values())
                self.memberships[mid] = {
                    "url": f"{self.base_url}/api/v2/group_memberships/{mid}.json", "id": mid, "user_id": uid,
                    "group_id": gid, "default": first, "created_at": now, "updated_at": now,
                }
            return copy.deepcopy(self.groups[gid])

    def add_ticket(
        self,
        subject: str,
        *,
        requester_id: int,
        description: str | None = None,
        tags: Iterable[str] = (),
        status: str = "open",
        comments: Sequence[Json] = (),
        id: int | None = None,
        created_at: datetime | None = None,
    ) -> Json:
        """A ticket. Its first comment is the requester's public description: ``description``,
        else ``comments[0]``, else the subject. Comment dicts take :meth:`add_comment`'s keywords
        (``author_id`` defaults to the requester)."""
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        with self._lock:
            tid = id if id is not None else self._next_ticket
            if tid in self.tickets or tid in self.deleted_tickets:
                raise ValueError(f"ticket {tid} exists")
            self._next_ticket = max(self._next_ticket, tid + 1)
            when = created_at or self._now()
            ts = _ts(when)
            self.tickets[tid] = {
                "url": f"{self.base_url}/api/v2/tickets/{tid}.json", "id": tid, "external_id": None,
                "via": {"channel": "web", "source": {"from": {}, "to": {}, "rel": None}},
                "created_at": ts, "updated_at": ts, "generated_timestamp": int(when.timestamp()),
                "type": None, "subject": subject, "raw_subject": subject, "description": "",
                "priority": None, "status": status, "recipient": None, "requester_id": requester_id,
                "submitter_id": requester_id, "assignee_id": None, "organization_id": None, "group_id": None,
                "collaborator_ids": [], "follower_ids": [], "email_cc_ids": [], "forum_topic_id": None,
                "problem_id": None, "has_incidents": False, "is_public": True, "due_at": None,
                "tags": _norm_tags(tags), "custom_fields": [], "satisfaction_rating": None,
                "sharing_agreement_ids": [], "custom_status_id": None, "fields": [], "followup_ids": [],
                "ticket_form_id": None, "brand_id": None, "allow_channelback": False, "allow_attachments": True,
                "from_messaging_channel": False,
            }
            self._comments[tid] = []
            self._audits[tid] = []
            self._stamps[tid] = when.replace(microsecond=0)
            specs = [dict(c) for c in comments]
            first = {"body": description} if description is not None else (specs.pop(0) if specs else {"body": subject})
            first.setdefault("author_id", requester_id)
            first.setdefault("created_at", when)
            desc = self._append_comment(tid, **first)
            self.tickets[tid]["description"] = desc["body"]
            self.tickets[tid]["is_public"] = desc["public"]
            created = [{"id": next(self._ids["event"]), "type": "Create", "field_name": field, "value": self.tickets[tid][field]}
                       for field in ("subject", "status", "requester_id", "tags")]
            self._add_audit(tid, desc["author_id"], [_comment_event(desc), *created], at=when, audit_id=desc["audit_id"])
            for spec in specs:
                spec.setdefault("author_id", requester_id)
                made = self._append_comment(tid, **spec)
                self._add_audit(tid, made["author_id"], [_comment_event(made)], audit_id=made["audit_id"],
                                at=_parse_dt(made["created_at"]))
            self._index(tid, self._now())
            return copy.deepcopy(self.tickets[tid])

    def add_comment(
        self,
        ticket_id: int,
        *,
        author_id: int,
        body: str | None = None,
        html_body: str | None = None,
        public: bool = True,
        created_at: datetime | None = None,
    ) -> Json:
        """A comment made in the agent UI (via ``web``) by ``author_id``: one audit; bumps ``updated_at`` like any change."""
        with self._lock:
            self._live(ticket_id)
            comment = self._append_comment(ticket_id, author_id=author_id, body=body, html_body=html_body,
                                           public=public, created_at=created_at)
            self._add_audit(ticket_id, author_id, [_comment_event(comment)], audit_id=comment["audit_id"],
                            at=_parse_dt(comment["created_at"]))
            self._touch(ticket_id)
            return copy.deepcopy(comment)

    def edit_ticket(
        self,
        ticket_id: int,
        *,
        tags: Iterable[str] | None = None,
        additional_tags: Iterable[str] = (),
        remove_tags: Iterable[str] = (),
        status: str | None = None,
        author_id: int = SYSTEM_USER,
    ) -> Json:
        """``author_id`` edits the ticket (no comment), e.g. by applying a macro or typing a tag: one audit
        with a ``Change`` event per changed field, ``updated_at`` bumped, lagging in search. A change that
        changes nothing (a tag already there) makes no audit, as in Zendesk. The default author is
        Zendesk itself (an automation)."""
        with self._lock:
            ticket = self._live(ticket_id)
            new = _norm_tags(tags) if tags is not None else list(ticket["tags"])
            new += [t for t in _norm_tags(additional_tags) if t not in new]
            removed = _norm_tags(remove_tags)
            events = self._change(ticket, "tags", [t for t in new if t not in removed])
            if status is not None:
                events += self._change(ticket, "status", status)
            if events:
                self._touch(ticket_id)
                self._add_audit(ticket_id, author_id, events, at=self._stamps[ticket_id])
            return copy.deepcopy(ticket)

    def close_ticket(self, ticket_id: int, *, author_id: int = SYSTEM_USER) -> None:
        """Set the status to ``closed`` (by an automation, unless ``author_id`` says who): later updates answer 422."""
        self.edit_ticket(ticket_id, status="closed", author_id=author_id)

    def delete_ticket(self, ticket_id: int) -> None:
        """Soft-delete: the API answers 404; search drops it after the lag."""
        with self._lock:
            self.deleted_tickets[ticket_id] = self.tickets.pop(ticket_id)
            self._history[ticket_id].append((self._now(), None, ""))

    def forbid(self, ticket_id: int, forbidden: bool = True) -> None:
        """Make a ticket answer 403 (and vanish from search and show_many) for the API user."""
        with self._lock:
            (self._forbidden.add if forbidden else self._forbidden.discard)(ticket_id)

    # --------------------------------------------------------------- inspection

    def comments(self, ticket_id: int) -> list[Json]:
        """All comments of a ticket (deleted tickets too), oldest first."""
        with self._lock:
            return copy.deepcopy(self._comments[ticket_id])

    def audits(self, ticket_id: int) -> list[Json]:
        """All audits of a ticket, oldest first."""
        with self._lock:
            return copy.deepcopy(self._audits[ticket_id])

    def request_count(self, method: str | None = None, path_prefix: str | None = None) -> int:
        """How many logged requests match the method and start with the path prefix."""
        with self._lock:
            return sum(1 for r in self.requests if (method is None or r.method == method.upper())
                       and (path_prefix is None or r.path.startswith(path_prefix)))

    # ------------------------------------------------------------ fault injection

    def fail_next(self, n: int = 1, status: int = 503, method: str | None = None,
                  path_contains: str | None = None, retry_after: float | None = None) -> None:
        """The next ``n`` matching requests answer ``status`` and do nothing (429 carries ``Retry-After``, 1 s by default)."""
        with self._lock:
            self._faults.append(_Fault("status", n, method, path_contains, status=status, retry_after=retry_after))

    def raise_next(self, n: int = 1, exc: type[Exception] = httpx.ConnectTimeout, method: str | None = None,
                   path_contains: str | None = None) -> None:
        """The next ``n`` matching requests raise the transport exception ``exc`` and do nothing."""
        with self._lock:
            self._faults.append(_Fault("raise", n, method, path_contains, exc=exc))

    def after_commit(self, n: int = 1, exc: type[Exception] = httpx.ReadTimeout, method: str | None = "PUT",
                     path_contains: str | None = None) -> None:
        """The next ``n`` matching requests are processed (the write lands), then ``exc`` replaces the response."""
        with self._lock:
            self._faults.append(_Fault("after_commit", n, method, path_contains, exc=exc))

    def crash_after(self, n_requests: int, method: str | None = None, path_contains: str | None = None,
                    *, after_commit: bool = False) -> None:
        """Simulate the worker being killed once ``n_requests`` matching requests have taken effect.

        Without ``after_commit`` the next matching request raises :class:`FakeCrash` before doing
        anything; with it, the ``n_requests``-th is processed and then raises instead of answering.
        Requests refused by an injected fault don't count. One-shot.
        """
        if after_commit and n_requests < 1:
            raise ValueError("crash_after(after_commit=True) needs n_requests >= 1")
        with self._lock:
            self._faults.append(_Fault("crash", 1, method, path_contains,
                                       skip=n_requests - 1 if after_commit else n_requests, commit=after_commit))

    def chaos(self, rate: float = 0.3, seed: int = 1,
              kinds: Sequence[str] = ("429", "500", "503", "timeout", "reset", "after_commit"),
              method: str | None = None, path_contains: str | None = None, retry_after: float = 0) -> None:
        """Random faults on a ``rate`` share of matching requests, reproducible for a given seed and
        request order. Kinds: a status code ("429", "500", "502", "503", "504"), "timeout"
        (ReadTimeout, nothing done), "connect" (ConnectError), "reset" (RemoteProtocolError),
        "after_commit" (processed, then ReadTimeout). ``rate=0`` turns it off."""
        with self._lock:
            self._chaos = (random.Random(seed), rate, tuple(kinds), method, path_contains, retry_after) if rate else None

    def clear_faults(self) -> None:
        """Drop every pending fault and stop chaos."""
        with self._lock:
            self._faults.clear()
            self._chaos = None

    # ------------------------------------------------------------------ mounting

    def transport(self) -> httpx.MockTransport:
        """A transport for ``httpx.Client(transport=fake.transport(), base_url=fake.base_url)``."""
        return httpx.MockTransport(self.handler)

    def mount(self, respx_mock: Any) -> Any:
        """Route everything under :attr:`base_url` on a respx router to :meth:`handler`."""
        return respx_mock.route(url__startswith=self.base_url).mock(side_effect=self.handler)

    def auth_headers(self, email: str = "coach.bot@example.com", token: str | None = None) -> dict[str, str]:
        """An API-token Basic ``Authorization`` header."""
        raw = f"{email}/token:{token or self.api_token or 'secret-token'}".encode()
        return {"Authorization": "Basic " + base64.b64encode(raw).decode()}

    def client(self, **kwargs: Any) -> httpx.Client:
        """An authenticated ``httpx.Client`` on the fake's transport."""
        kwargs.setdefault("headers", self.auth_headers())
        return httpx.Client(base_url=self.base_url, transport=self.transport(), **kwargs)

    def handler(self, request: httpx.Request) -> httpx.Response:
        """Answer one request (logs it, applies faults, then the API under the lock)."""
        method, path = request.method.upper(), request.url.path
        query = dict(request.url.params.multi_items())
        raw = request.read()
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        entry = LoggedRequest(method, path, query, body)
        with self._lock:
            self.requests.append(entry)
            for hook in list(self.hooks):
                hook(entry)
            pre, post = self._pick_faults(request, method, path)
            if pre is not None:
                if isinstance(pre, BaseException):
                    raise pre
                return pre
            crash = self._take_crash(method, path)
            if crash is not None and not crash.commit:
                self._fired("crash", method, path)
                raise FakeCrash(f"process killed before {method} {path}")
            response = self._dispatch(request, method, path, query, body)
            if crash is not None:
                self._fired("crash", method, path)
                raise FakeCrash(f"process killed after {method} {path} committed (status {response.status_code})")
            if post is not None:
                raise post
            return response

    # ------------------------------------------------------------ fault internals

    def _fired(self, kind: str, method: str, path: str) -> None:
        self.injected.append((kind, method, path))

    def _exc(self, exc: type[BaseException], request: httpx.Request) -> BaseException:
        if issubclass(exc, httpx.RequestError):
            return exc(_EXC_MESSAGES.get(exc, exc.__name__), request=request)
        return exc()

    def _status_response(self, status: int, retry_after: float | None) -> httpx.Response:
        headers = {}
        if status == 429 and retry_after is None:
            retry_after = 1
        if retry_after is not None:
            headers["Retry-After"] = f"{retry_after:g}"
        if status in (502, 504):  # gateway errors come from the load balancer, as HTML
            return httpx.Response(status, headers={**headers, "Content-Type": "text/html"},
                                  text=f"<html><body><h1>{status} {httpx.codes.get_reason_phrase(status)}</h1></body></html>")
        body = _STATUS_BODIES.get(status, {"error": httpx.codes.get_reason_phrase(status) or "Error"})
        return httpx.Response(status, json=body, headers=headers)

    def _pick_faults(self, request: httpx.Request, method: str, path: str) -> tuple[Any, BaseException | None]:
        """(response or exception to use instead of processing, exception to raise after processing)."""
        for fault in self._faults:
            if fault.kind in ("status", "raise") and fault.remaining > 0 and fault.matches(method, path):
                fault.remaining -= 1
                self._faults = [f for f in self._faults if f.remaining > 0]
                if fault.kind == "raise":
                    self._fired(fault.exc.__name__, method, path)
                    return self._exc(fault.exc, request), None
                self._fired(str(fault.status), method, path)
                return self._status_response(fault.status, fault.retry_after), None
        if self._chaos is not None:
            rng, rate, kinds, c_method, c_path, retry_after = self._chaos
            if (c_method is None or c_method.upper() == method) and (c_path is None or c_path in path):
                if rng.random() < rate:
                    kind = rng.choice(kinds)
                    self._fired(kind, method, path)
                    if kind.isdigit():
                        return self._status_response(int(kind), retry_after if kind in ("429", "503") else None), None
                    exc = {"timeout": httpx.ReadTimeout, "connect": httpx.ConnectError,
                           "reset": httpx.RemoteProtocolError, "after_commit": httpx.ReadTimeout}[kind]
                    return (None, self._exc(exc, request)) if kind == "after_commit" else (self._exc(exc, request), None)
        for fault in self._faults:
            if fault.kind == "after_commit" and fault.remaining > 0 and fault.matches(method, path):
                fault.remaining -= 1
                self._faults = [f for f in self._faults if f.remaining > 0]
                self._fired("after_commit", method, path)
                return None, self._exc(fault.exc, request)
        return None, None

    def _take_crash(self, method: str, path: str) -> _Fault | None:
        for fault in self._faults:
            if fault.kind == "crash" and fault.matches(method, path):
                if fault.skip > 0:
                    fault.skip -= 1
                    continue
                self._faults.remove(fault)
                return fault
        return None

    # ------------------------------------------------------------ state internals

    def _live(self, ticket_id: int) -> Json:
        if ticket_id not in self.tickets:
            raise KeyError(f"no live ticket {ticket_id}")
        return self.tickets[ticket_id]

    def _append_comment(self, tid: int, *, author_id: int, body: str | None = None, html_body: str | None = None,
                        public: bool = True, created_at: datetime | None = None, channel: str = "web",
                        audit_id: int | None = None) -> Json:
        if html_body is not None:
            html_body = _sanitize_html(html_body)
            body = plain = _html_to_text(html_body)
        else:
            body = body or ""
            html_body, plain = _text_to_html(body), _html_to_text(_text_to_html(body))
        comment = {
            "id": next(self._ids["event"]), "type": "Comment", "author_id": author_id, "body": body,
            "html_body": html_body, "plain_body": plain, "public": bool(public), "attachments": [],
            "audit_id": audit_id if audit_id is not None else next(self._ids["event"]),
            "via": {"channel": channel, "source": {"from": {}, "to": {}, "rel": None}},
            "created_at": _ts(created_at or self._now()),
            "metadata": {"system": {"client": "coach-fakezendesk"}, "custom": {}},
        }
        self._comments[tid].append(comment)
        return comment

    def _change(self, ticket: Json, field: str, value: Any) -> list[Json]:
        """Set ``ticket[field]``; the ``Change`` event, if the value changed."""
        old = ticket[field]
        if value == old:
            return []
        ticket[field] = list(value) if isinstance(value, list) else value
        return [{"id": next(self._ids["event"]), "type": "Change", "field_name": field,
                 "value": copy.deepcopy(value), "previous_value": copy.deepcopy(old)}]

    def _audit(self, tid: int, author_id: int, events: list[Json], at: datetime, audit_id: int, channel: str) -> Json:
        return {"id": audit_id, "ticket_id": tid, "created_at": _ts(at), "author_id": author_id,
                "metadata": {"system": {"client": "coach-fakezendesk"}, "custom": {}},
                "via": {"channel": channel, "source": {"from": {}, "to": {}, "rel": None}}, "events": events}

    def _add_audit(self, tid: int, author_id: int, events: list[Json], *, at: datetime | None = None,
                   audit_id: int | None = None, channel: str = "web") -> Json:
        """Keep the audit of one change by ``author_id`` (its events in order)."""
        audit = self._audit(tid, author_id, events, at or self._now(),
                            audit_id if audit_id is not None else next(self._ids["event"]), channel)
        self._audits[tid].append(audit)
        return audit

    def _next_stamp(self, tid: int, now: datetime) -> datetime:
        return max(now.replace(microsecond=0), self._stamps[tid] + timedelta(seconds=1))

    def _touch(self, tid: int, stamp: datetime | None = None) -> None:
        """Record a change: strictly later ``updated_at`` (whole seconds), and a search snapshot."""
        now = self._now()
        stamp = stamp or self._next_stamp(tid, now)
        self._stamps[tid] = stamp
        self.tickets[tid]["updated_at"] = _ts(stamp)
        self.tickets[tid]["generated_timestamp"] = int(stamp.timestamp())
        self._index(tid, now)

    def _index(self, tid: int, at: datetime) -> None:
        text = " ".join([self.tickets[tid]["subject"]] + [c["body"] for c in self._comments[tid]]).lower()
        self._history.setdefault(tid, []).append((at, copy.deepcopy(self.tickets[tid]), text))

    def _search_view(self) -> list[tuple[Json, str]]:
        """What the search index holds now: each ticket as it was ``search_lag`` seconds ago."""
        cutoff = self._now() - timedelta(seconds=self.search_lag)
        view = []
        for tid, versions in self._history.items():
            seen = [v for v in versions if v[0] <= cutoff]
            if seen and seen[-1][1] is not None and tid not in self._forbidden:
                view.append((seen[-1][1], seen[-1][2]))
        return view

    # ------------------------------------------------------------------- routing

    def _dispatch(self, request: httpx.Request, method: str, path: str, query: dict[str, str], body: Any) -> httpx.Response:
        try:
            if request.url.host != f"{self.subdomain}.zendesk.com":
                raise _HTTPError(404, _NO_ENDPOINT)
            for m, pattern, name in _ROUTES:
                match = pattern.match(path)
                if match and m == method:
                    if not self._authenticated(request):
                        if self.anonymous and name == "_get_me":
                            return httpx.Response(200, json={"user": self._anonymous_user()})
                        raise _HTTPError(401, _UNAUTHORIZED, {"WWW-Authenticate": 'Basic realm="Web Password"'})
                    args = [int(g) for g in match.groups()]
                    status, payload = getattr(self, name)(*args, query=query, body=body, path=path)
                    return httpx.Response(status, json=payload)
            raise _HTTPError(404, _NO_ENDPOINT)
        except _HTTPError as err:
            return httpx.Response(err.status, json=err.body, headers=err.headers)

    def _authenticated(self, request: httpx.Request) -> bool:
        if self.anonymous:
            return False
        scheme, _, cred = request.headers.get("authorization", "").partition(" ")
        token = ""
        if scheme.lower() == "bearer":
            token = cred.strip()
        elif scheme.lower() == "basic":
            try:
                user, _, token = base64.b64decode(cred.strip(), validate=True).decode().partition(":")
            except (binascii.Error, UnicodeDecodeError):
                return False
            if not user.endswith("/token") or "@" not in user:  # password auth is off, as on most accounts
                return False
        return bool(token) and (self.api_token is None or token == self.api_token)

    def _anonymous_user(self) -> Json:
        return {"id": None, "url": None, "name": "Anonymous user", "email": "invalid@example.com",
                "created_at": None, "updated_at": None, "time_zone": "UTC", "iana_time_zone": "Etc/UTC",
                "phone": None, "shared_phone_number": None, "photo": None, "locale_id": 1, "locale": "en-US",
                "organization_id": None, "role": "end-user", "verified": False, "authenticity_token": "fake"}

    def _ticket_for_api(self, tid: int) -> Json:
        if tid in self._forbidden and tid in self.tickets:
            raise _HTTPError(403, _FORBIDDEN)
        if tid not in self.tickets:
            raise _HTTPError(404, _NOT_FOUND)
        return self.tickets[tid]

    @staticmethod
    def _ids_param(query: dict[str, str]) -> list[int]:
        try:
            return [int(x) for x in query.get("ids", "").split(",") if x.strip()][:100]
        except ValueError:
            raise _HTTPError(400, {"error": "InvalidParameter", "description": "ids must be a comma-separated list of integers"}) from None

    def _url(self, path: str, query: dict[str, str], **changes: Any) -> str:
        params = {k: v for k, v in {**query, **changes}.items() if v is not None}
        return f"{self.base_url}{path}?{urlencode(params)}"

    def _cursor_page(self, items: list[Json], key: Callable[[Json], Any], query: dict[str, str], path: str,
                     *, default_size: int = 100, max_size: int = 100) -> tuple[list[Json], Json]:
        """Cursor pagination over ``items`` sorted by ``key``: (page, {"meta": ..., "links": ...})."""
        raw = query.get("page[size]", str(default_size))
        if not raw.isdigit() or int(raw) < 1:
            raise _HTTPError(400, {"error": "InvalidPaginationParameter", "description": "page[size] must be a positive integer"})
        size = int(raw)
        if size > max_size:
            raise _HTTPError(400, {"error": "InvalidPaginationParameter",
                                   "description": f"page[size] is greater than the maximum allowed of {max_size}"})
        items = sorted(items, key=key)
        after, before = query.get("page[after]"), query.get("page[before]")
        if after:
            mark = tuple(_dec_cursor(after))
            rest = [i for i in items if tuple(key(i)) > mark]
            page, has_more = rest[:size], len(rest) > size
        elif before:
            mark = tuple(_dec_cursor(before))
            rest = [i for i in items if tuple(key(i)) < mark]
            page, has_more = rest[-size:], len(rest) > size
        else:
            page, has_more = items[:size], len(items) > size
        after_c = _enc_cursor(list(key(page[-1]))) if page else None
        before_c = _enc_cursor(list(key(page[0]))) if page else None
        has_next = has_more if not before else bool(page)
        has_prev = bool(page) and (has_more if before else bool(after))
        links = {
            "next": self._url(path, query, **{"page[after]": after_c, "page[before]": None, "page[size]": size}) if has_next and after_c else None,
            "prev": self._url(path, query, **{"page[before]": before_c, "page[after]": None, "page[size]": size}) if has_prev and before_c else None,
        }
        return page, {"meta": {"has_more": has_more, "after_cursor": after_c, "before_cursor": before_c}, "links": links}

    # ----------------------------------------------------------------- endpoints

    def _get_me(self, **_: Any) -> tuple[int, Json]:
        return 200, {"user": copy.deepcopy(self.users[self.me_id])}

    def _get_user(self, uid: int, **_: Any) -> tuple[int, Json]:
        if uid not in self.users:
            raise _HTTPError(404, _NOT_FOUND)
        return 200, {"user": copy.deepcopy(self.users[uid])}

    def _get_users_many(self, *, query: dict[str, str], **_: Any) -> tuple[int, Json]:
        return 200, {"users": [copy.deepcopy(self.users[i]) for i in self._ids_param(query) if i in self.users]}

    def _get_groups(self, *, query: dict[str, str], path: str, **_: Any) -> tuple[int, Json]:
        page, nav = self._cursor_page(list(self.groups.values()), lambda g: (g["id"],), query, path)
        return 200, {"groups": copy.deepcopy(page), **nav}

    def _get_group_memberships(self, gid: int, *, query: dict[str, str], path: str, **_: Any) -> tuple[int, Json]:
        if gid not in self.groups:
            raise _HTTPError(404, _NOT_FOUND)
        rows = [m for m in self.memberships.values() if m["group_id"] == gid]
        page, nav = self._cursor_page(rows, lambda m: (m["id"],), query, path)
        return 200, {"group_memberships": copy.deepcopy(page), **nav}

    def _get_memberships(self, *, query: dict[str, str], path: str, **_: Any) -> tuple[int, Json]:
        page, nav = self._cursor_page(list(self.memberships.values()), lambda m: (m["id"],), query, path)
        return 200, {"group_memberships": copy.deepcopy(page), **nav}

    def _get_ticket(self, tid: int, **_: Any) -> tuple[int, Json]:
        return 200, {"ticket": copy.deepcopy(self._ticket_for_api(tid))}

    def _get_tickets_many(self, *, query: dict[str, str], **_: Any) -> tuple[int, Json]:
        ids = [i for i in self._ids_param(query) if i in self.tickets and i not in self._forbidden]
        return 200, {"tickets": [copy.deepcopy(self.tickets[i]) for i in ids]}

    def _get_comments(self, tid: int, *, query: dict[str, str], path: str, **_: Any) -> tuple[int, Json]:
        self._ticket_for_api(tid)
        desc = query.get("sort_order") == "desc" or query.get("sort") == "-created_at"
        sign = -1 if desc else 1

        def key(c: Json) -> tuple[int, int]:
            return sign * int(_parse_dt(c["created_at"]).timestamp()), sign * c["id"]  # type: ignore[union-attr]

        page, nav = self._cursor_page(self._comments[tid], key, query, path)
        out: Json = {"comments": copy.deepcopy(page), **nav}
        if "users" in query.get("include", "").split(","):
            authors = dict.fromkeys(c["author_id"] for c in page)
            out["users"] = [copy.deepcopy(self.users[a]) for a in authors if a in self.users]
        return 200, out

    def _get_audits(self, tid: int, *, query: dict[str, str], path: str, **_: Any) -> tuple[int, Json]:
        self._ticket_for_api(tid)
        sign = -1 if query.get("sort_order") == "desc" or query.get("sort") == "-created_at" else 1

        def key(a: Json) -> tuple[int, int]:
            return sign * int(_parse_dt(a["created_at"]).timestamp()), sign * a["id"]  # type: ignore[union-attr]

        page, nav = self._cursor_page(self._audits[tid], key, query, path)
        return 200, {"audits": copy.deepcopy(page), **nav}

    def _put_ticket(self, tid: int, *, body: Any, **_: Any) -> tuple[int, Json]:
        ticket = self._ticket_for_api(tid)
        change = body.get("ticket") if isinstance(body, dict) else None
        if not isinstance(change, dict):
            raise _HTTPError(400, {"error": "InvalidParameter", "description": "The request body must be a JSON object with a \"ticket\" key"})
        if ticket["status"] == "closed":
            raise _HTTPError(422, _CLOSED)
        if "safe_update" in change and change.get("updated_stamp") is not None:
            if _parse_dt(change["updated_stamp"]) != self._stamps[tid]:
                raise _HTTPError(409, _CONFLICT)
        status = change.get("status")
        if status is not None and status not in STATUSES:
            raise _HTTPError(422, {"error": "RecordInvalid", "description": "Record validation errors",
                                   "details": {"status": [{"description": f"Status: {status} is not valid"}]}})
        comment = change.get("comment")
        if comment is not None:
            if not isinstance(comment, dict) or not (str(comment.get("body") or "").strip() or str(comment.get("html_body") or "").strip()):
                raise _HTTPError(422, {"error": "RecordInvalid", "description": "Record validation errors",
                                       "details": {"base": [{"description": "Comment: cannot be blank"}]}})
            if comment.get("author_id") is not None and comment["author_id"] not in self.users:
                raise _HTTPError(422, {"error": "RecordInvalid", "description": "Record validation errors",
                                       "details": {"author_id": [{"description": "Author: is invalid"}]}})
        now, audit_id = self._now(), next(self._ids["event"])
        events: list[Json] = []
        if comment is not None:
            made = self._append_comment(tid, author_id=comment.get("author_id") or self.me_id, body=comment.get("body"),
                                        html_body=comment.get("html_body"), public=comment.get("public", True),
                                        channel="api", audit_id=audit_id)
            events.append(_comment_event(made))
        tags = _norm_tags(change["tags"]) if "tags" in change else list(ticket["tags"])
        tags += [t for t in _norm_tags(change.get("additional_tags")) if t not in tags]
        removed = _norm_tags(change.get("remove_tags"))
        events += self._change(ticket, "tags", [t for t in tags if t not in removed])
        for field in ("status", "subject", "priority", "type", "assignee_id", "group_id"):
            if field in change:
                events += self._change(ticket, field, change[field])
        if not events:  # nothing changed: no audit is kept, updated_at stays
            return 200, {"ticket": copy.deepcopy(ticket), "audit": self._audit(tid, self.me_id, [], now, audit_id, "api")}
        now = self._next_stamp(tid, now)  # the audit, its comment and the new updated_at share one (strictly later) time
        if comment is not None:
            made["created_at"] = _ts(now)
        self._touch(tid, now)
        audit = self._add_audit(tid, self.me_id, events, at=now, audit_id=audit_id, channel="api")
        return 200, {"ticket": copy.deepcopy(ticket), "audit": copy.deepcopy(audit)}

    # -------------------------------------------------------------------- search

    _TERM = re.compile(r'(-?)(\w+)(:|<=|>=|<|>)("[^"]*"|\S+)|("[^"]*"|\S+)')
    _RELATIVE = re.compile(r"^(\d+)(minute|hour|day|week|month|year)s?$", re.I)
    _UNITS = {"minute": 60, "hour": 3600, "day": 86400, "week": 7 * 86400, "month": 30 * 86400, "year": 365 * 86400}

    def _compile_query(self, query: str, *, allow_type: bool = True) -> Callable[[Json, str], bool]:
        """The supported subset of Zendesk's query syntax, every term ANDed."""
        tests: list[Callable[[Json, str], bool]] = []
        for neg, key, op, value, word in self._TERM.findall(query):
            if word:
                text = word.strip('"').lower()
                tests.append(lambda t, blob, text=text: text in blob)
                continue
            key, raw = key.lower(), value.strip('"')
            value = raw.lower()
            test: Callable[[Json, str], bool]
            if key == "type":
                if not allow_type:
                    raise _HTTPError(400, {"error": "invalid", "description": "Invalid search: type is not allowed in the query; use filter[type]"})
                test = lambda t, blob, value=value: value == "ticket"  # noqa: E731
            elif key in ("tags", "tag"):
                test = lambda t, blob, value=value: value in t["tags"]  # noqa: E731
            elif key == "status":
                if value not in STATUSES:
                    raise _HTTPError(400, {"error": "invalid", "description": f"Invalid search: unknown status {value}"})
                rank = STATUSES.index(value)
                cmp = {":": rank.__eq__, "<": rank.__gt__, ">": rank.__lt__, "<=": rank.__ge__, ">=": rank.__le__}[op]
                test = lambda t, blob, cmp=cmp: cmp(STATUSES.index(t["status"]))  # noqa: E731
            elif key in ("updated", "created"):
                test = self._date_test(f"{key}_at", op, raw)
            else:
                test = lambda t, blob, text=f"{key}{op}{value}": text in blob  # noqa: E731
            tests.append((lambda t, blob, test=test: not test(t, blob)) if neg else test)
        return lambda t, blob: all(test(t, blob) for test in tests)

    def _date_test(self, field: str, op: str, value: str) -> Callable[[Json, str], bool]:
        rel = self._RELATIVE.match(value)
        if rel:  # updated>24hours: within the last 24 hours
            point, day_only = self._now() - timedelta(seconds=int(rel.group(1)) * self._UNITS[rel.group(2).lower()]), False
            op = {">": ">=", ">=": ">=", "<": "<", "<=": "<", ":": ">="}[op]
        else:
            point, day_only = _parse_dt(value), len(value) == 10
            if point is None:
                raise _HTTPError(400, {"error": "invalid", "description": f"Invalid search: bad date {value}"})
        end = point + timedelta(days=1) if day_only else point

        def test(t: Json, blob: str) -> bool:
            at = _parse_dt(t[field])
            assert at is not None
            if op == ":":
                return point <= at < end if day_only else at == point
            return {">": at >= end if day_only else at > point, ">=": at >= point,
                    "<": at < point, "<=": at < end if day_only else at <= point}[op]

        return test

    def _search(self, query: dict[str, str], *, allow_type: bool = True) -> list[Json]:
        if not query.get("query", "").strip():
            raise _HTTPError(400, {"error": "invalid", "description": "Invalid search: query is required"})
        match = self._compile_query(query["query"], allow_type=allow_type)
        return [dict(copy.deepcopy(t), result_type="ticket") for t, blob in self._search_view() if match(t, blob)]

    def _get_search(self, *, query: dict[str, str], path: str, **_: Any) -> tuple[int, Json]:
        results = self._search(query)
        sort_by = query.get("sort_by")
        if sort_by in ("created_at", "updated_at", "status", "priority", "ticket_type"):
            field = {"ticket_type": "type"}.get(sort_by, sort_by)
            results.sort(key=lambda t: (str(t[field] or ""), t["id"]), reverse=query.get("sort_order", "desc") == "desc")
        else:  # "relevance": stable id order
            results.sort(key=lambda t: t["id"])
        try:
            page, per_page = max(1, int(query.get("page", 1))), min(100, max(1, int(query.get("per_page", 100))))
        except ValueError:
            raise _HTTPError(400, {"error": "InvalidPaginationParameter", "description": "page and per_page must be integers"}) from None
        if page * per_page > SEARCH_LIMIT:
            raise _HTTPError(422, _SEARCH_CAP)
        start = (page - 1) * per_page
        return 200, {
            "results": results[start:start + per_page], "facets": None,
            "next_page": self._url(path, query, page=page + 1, per_page=per_page) if len(results) > start + per_page else None,
            "previous_page": self._url(path, query, page=page - 1, per_page=per_page) if page > 1 else None,
            "count": len(results),
        }

    def _get_search_export(self, *, query: dict[str, str], path: str, **_: Any) -> tuple[int, Json]:
        kind = query.get("filter[type]")
        if not kind:
            raise _HTTPError(400, {"error": "invalid", "description": "Invalid search: filter[type] is required"})
        results = self._search(query, allow_type=False) if kind == "ticket" else []

        def key(t: Json) -> tuple[int, int]:  # created_at descending, id ascending
            return -int(_parse_dt(t["created_at"]).timestamp()), t["id"]  # type: ignore[union-attr]

        page, nav = self._cursor_page(results, key, {k: v for k, v in query.items() if k != "page[before]"}, path,
                                      max_size=1000)
        nav["meta"]["before_cursor"], nav["links"]["prev"] = None, None  # export pages forward only
        return 200, {"results": page, "facets": None, **nav}

    def _get_search_count(self, *, query: dict[str, str], **_: Any) -> tuple[int, Json]:
        return 200, {"count": len(self._search(query))}
