"""Every request ZendeskClient makes conforms to Zendesk's Support OpenAPI spec.

Requests from a scripted scenario are recorded on a mock transport and checked
against ``tests/zendesk_spec/support-oas-subset.json`` (extracted from
``/work/shared/zendesk/support-oas.yaml`` by ``tests/zendesk_spec/extract.py``):
method + path template, declared query parameter names (deepObject ``page``
expands to ``page[size]``/``page[after]``/``page[before]``), required
parameters, integer path parameters, and JSON body property names and types
(``$ref``/``allOf``/``oneOf`` resolved; no read-only properties).
"""

from __future__ import annotations

import importlib.util
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import pytest

from coach.zendesk import Credentials, ZendeskClient

SPEC_DIR = Path(__file__).with_name("zendesk_spec")
_spec = importlib.util.spec_from_file_location("zendesk_spec_extract", SPEC_DIR / "extract.py")
extract = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(extract)  # type: ignore[union-attr]

Schema = dict[str, Any]

#: Query parameters the live API takes that the spec states only in an operation's prose.
#: Each is backed by a phrase of that operation's description (checked below).
PROSE_PARAMS: dict[tuple[str, str], tuple[frozenset[str], str]] = {
    # SPEC-NOTES: paging for /groups/{id}/memberships is "described only in prose, not modelled".
    ("get", "/api/v2/groups/{group_id}/memberships"): (frozenset({"page[size]", "page[after]"}), "Cursor pagination (recommended)"),
}


@cache
def spec() -> dict[str, Any]:
    return json.loads((SPEC_DIR / "support-oas-subset.json").read_text(encoding="utf-8"))


def resolve(node: Schema) -> Schema:
    while "$ref" in node:
        _, _, kind, name = node["$ref"].split("/")
        node = spec()["components"][kind][name]
    return node


# -- paths and parameters --------------------------------------------------


@cache
def _templates() -> list[tuple[str, re.Pattern[str]]]:
    """Path templates, literal paths first (``show_many`` before ``{ticket_id}``), as OpenAPI requires."""
    out = []
    for template in spec()["paths"]:
        pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))
        out.append((template, re.compile(pattern)))
    return sorted(out, key=lambda t: (t[0].count("{"), t[0]))


def operation(method: str, path: str) -> tuple[str, Schema, dict[str, str]]:
    """The spec operation for a request; spec paths have no ``.json`` suffix (SPEC-NOTES), the client's do."""
    for template, pattern in _templates():
        m = pattern.fullmatch(path.removesuffix(".json"))
        if m and method in spec()["paths"][template]:
            return template, spec()["paths"][template][method], m.groupdict()
    raise LookupError(f"{method.upper()} {path}: no such operation in the spec subset")


def parameters(template: str, method: str) -> list[Schema]:
    item = spec()["paths"][template]
    return [resolve(p) for p in item.get("parameters", []) + item[method].get("parameters", [])]


def query_names(param: Schema) -> set[str]:
    """Names a query parameter allows; a deepObject ``page`` gives ``page[size]`` etc. (and ``page`` if it can be scalar)."""
    if param.get("style") != "deepObject":
        return {param["name"]}
    schema = resolve(param["schema"])
    names: set[str] = set()
    for branch in schema.get("oneOf", [schema]):
        branch = resolve(branch)
        if branch.get("type") == "object":
            names |= {f"{param['name']}[{prop}]" for prop in branch.get("properties", {})}
        else:
            names.add(param["name"])
    return names


# -- bodies ----------------------------------------------------------------

_TYPES = {"string": str, "boolean": bool, "array": list, "object": dict}


def type_ok(value: Any, schema: Schema) -> bool:
    s = resolve(schema)
    if "allOf" in s:
        return all(type_ok(value, sub) for sub in s["allOf"])
    if "oneOf" in s or "anyOf" in s:
        return any(type_ok(value, sub) for sub in s.get("oneOf", s.get("anyOf")))
    if value is None:
        return bool(s.get("nullable")) or "type" not in s
    kind = s.get("type")
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return kind is None or isinstance(value, _TYPES[kind])


def branches(value: Any, schema: Schema) -> list[Schema]:
    """The resolved schemas that describe ``value``: allOf parts, and the oneOf/anyOf branches it fits."""
    s = resolve(schema)
    out = [s]
    for sub in s.get("allOf", []):
        out += branches(value, sub)
    for sub in s.get("oneOf", s.get("anyOf", [])):
        if type_ok(value, sub):
            out += branches(value, sub)
    return out


def body_problems(value: Any, schema: Schema, where: str = "body") -> list[str]:
    if not type_ok(value, schema):
        return [f"{where}: {value!r} does not fit type {resolve(schema).get('type')}"]
    parts = branches(value, schema)
    problems: list[str] = []
    if isinstance(value, dict):
        props: dict[str, Schema] = {}
        for part in parts:
            props.update(part.get("properties", {}))
        open_ = any(part.get("additionalProperties") not in (None, False) for part in parts)
        for key, item in value.items():
            if key not in props:
                if not open_:
                    problems.append(f"{where}.{key}: not a property the spec declares")
                continue
            if resolve(props[key]).get("readOnly"):
                problems.append(f"{where}.{key}: read-only in the spec")
            problems += body_problems(item, props[key], f"{where}.{key}")
    elif isinstance(value, list):
        items = next((part["items"] for part in parts if "items" in part), None)
        for i, item in enumerate(value):
            problems += body_problems(item, items, f"{where}[{i}]") if items else []
    return problems


# -- a whole request ---------------------------------------------------------


def request_problems(request: httpx.Request) -> list[str]:
    method, path = request.method.lower(), request.url.path
    try:
        template, op, path_params = operation(method, path)
    except LookupError as exc:
        return [str(exc)]
    where = f"{request.method} {path} ({op['operationId']})"
    problems: list[str] = []
    params = parameters(template, method)
    declared = set().union(*(query_names(p) for p in params if p["in"] == "query"))
    declared |= PROSE_PARAMS.get((method, template), (frozenset(), ""))[0]
    sent = set(request.url.params.keys())
    problems += [f"{where}: query parameter {name!r} is not declared" for name in sorted(sent - declared)]
    for p in params:
        if p.get("required") and p["in"] == "query" and p["name"] not in sent:
            problems.append(f"{where}: required query parameter {p['name']!r} missing")
        if p["in"] == "path":
            value = path_params.get(p["name"], "")
            if resolve(p["schema"]).get("type") == "integer" and not value.isdigit():
                problems.append(f"{where}: path parameter {p['name']}={value!r} is not an integer")
    if request.content:
        content = op.get("requestBody", {}).get("content", {})
        if "application/json" not in content:
            problems.append(f"{where}: sends a JSON body, the spec declares none")
        else:
            problems += [f"{where}: {p}" for p in body_problems(json.loads(request.content), content["application/json"]["schema"])]
    return problems


# -- the scenario ------------------------------------------------------------


def zendesk(request: httpx.Request) -> httpx.Response:
    """A plausible Zendesk: two cursor pages for lists, one 429 and one 503 on the way."""
    path, params = request.url.path, request.url.params
    zendesk.calls = getattr(zendesk, "calls", 0) + 1  # type: ignore[attr-defined]
    if zendesk.calls == 2:  # type: ignore[attr-defined]
        return httpx.Response(429, headers={"Retry-After": "1"})
    if zendesk.calls == 3:  # type: ignore[attr-defined]
        return httpx.Response(503)
    first = "page[after]" not in params
    meta = {"has_more": first, "after_cursor": "next" if first else None, "before_cursor": None}
    if path.endswith("/users/me.json"):
        return httpx.Response(200, json={"user": {"id": 1, "role": "agent"}})
    if path.endswith("/show_many.json"):
        key = "tickets" if "/tickets/" in path else "users"
        return httpx.Response(200, json={key: [{"id": int(i)} for i in params["ids"].split(",")]})
    if path.endswith("/search/count.json"):
        return httpx.Response(200, json={"count": 2})
    for suffix, key in [("/comments.json", "comments"), ("/audits.json", "audits"), ("/export.json", "results"), ("/groups.json", "groups"), ("/memberships.json", "group_memberships")]:
        if path.endswith(suffix):
            body = {key: [{"id": 1 if first else 2}], "meta": meta}
            if key == "comments" and params.get("include") == "users":
                body["users"] = [{"id": 5, "name": "Ann"}]
            return httpx.Response(200, json=body)
    if re.fullmatch(r"/api/v2/tickets/\d+\.json", path):
        return httpx.Response(200, json={"ticket": {"id": int(path.split("/")[-1][:-5]), "updated_at": "2024-05-01T10:00:00Z"}})
    return httpx.Response(404, json={"error": "RecordNotFound"})


@pytest.fixture(scope="module")
def recorded() -> list[httpx.Request]:
    requests: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return zendesk(request)

    creds = Credentials("https://acme.zendesk.com", "agent@acme.test", "t0ken", "api_token")
    with ZendeskClient(creds, transport=httpx.MockTransport(record), sleep=lambda s: None, page_size=50) as client:
        client.me()
        ticket = client.ticket(7)
        client.tickets(range(1, 151))
        client.users([5, 6])
        list(client.comments(7))
        client.comments_with_users(7)
        list(client.audits(7))
        list(client.search_tickets("type:ticket tags:coach_draft status<solved"))
        client.search_count("tags:coach_draft")
        list(client.groups())
        list(client.group_memberships(3))
        client.update_ticket(
            7,
            {
                "comment": {"body": "Suggested revision...", "html_body": "<p>Suggested revision...</p>", "public": False},
                "tags": ["coach_reviewed", "vip"],
                "status": "open",
                "custom_fields": [{"id": 27642, "value": "745"}],
            },
            updated_stamp=ticket["updated_at"],
        )
        client.update_ticket(7, {"tags": ["coach_approved"]})
    return requests


def test_every_request_conforms(recorded):
    problems = [p for request in recorded for p in request_problems(request)]
    assert problems == []


def test_scenario_covers_every_operation_in_the_subset(recorded):
    """The subset holds exactly what the client uses, and the scenario exercises all of it."""
    used = {(r.method.lower(), operation(r.method.lower(), r.url.path)[0]) for r in recorded}
    assert used == set(extract.OPERATIONS)
    assert {r.url.params.get("page[after]") for r in recorded} >= {"next"}  # second pages were asked for
    assert [r.url.path for r in recorded[1:4]] == ["/api/v2/tickets/7.json"] * 3  # 429, 503, then 200


def test_prose_parameters_are_backed_by_the_spec_text():
    for (method, template), (_, phrase) in PROSE_PARAMS.items():
        assert phrase in spec()["paths"][template][method]["description"]


# -- the checker catches what it should -------------------------------------


def _req(method: str, url: str, body: Any = None) -> httpx.Request:
    return httpx.Request(method, "https://acme.zendesk.com" + url, json=body)


@pytest.mark.parametrize(
    ("request_", "problem"),
    [
        (_req("GET", "/api/v2/tickets/1.json?sort_by=x"), "'sort_by' is not declared"),
        (_req("GET", "/api/v2/tickets/1/comments.json?page[limit]=5"), "'page[limit]' is not declared"),
        (_req("GET", "/api/v2/search/export.json?filter[type]=ticket"), "required query parameter 'query' missing"),
        (_req("GET", "/api/v2/tickets/abc.json"), "not an integer"),
        (_req("DELETE", "/api/v2/tickets/1.json"), "no such operation"),
        (_req("GET", "/api/v2/tickets/1/tags.json"), "no such operation"),
        (_req("GET", "/api/v2/tickets/1/audits.json?per_page=5"), "'per_page' is not declared"),
        (_req("PUT", "/api/v2/tickets/1.json", {"ticket": {"additional_tags": ["x"]}}), "body.ticket.additional_tags: not a property"),
        (_req("PUT", "/api/v2/tickets/1.json", {"ticket": {"id": 1}}), "body.ticket.id: read-only"),
        (_req("PUT", "/api/v2/tickets/1.json", {"ticket": {"safe_update": "true"}}), "body.ticket.safe_update: 'true' does not fit"),
        (_req("PUT", "/api/v2/tickets/1.json", {"ticket": {"comment": {"bodyy": "x"}}}), "body.ticket.comment.bodyy: not a property"),
        (_req("PUT", "/api/v2/tickets/1.json", {"ticket": {"tags": ["a", 1]}}), "body.ticket.tags[1]"),
        (_req("GET", "/api/v2/users/me.json", {"x": 1}), "the spec declares none"),
    ],
)
def test_checker_catches(request_, problem):
    assert any(problem in p for p in request_problems(request_)), request_problems(request_)


def test_checker_accepts_spec_shapes():
    assert request_problems(_req("GET", "/api/v2/tickets/show_many.json?ids=1,2")) == []  # literal beats {ticket_id}
    assert request_problems(_req("GET", "/api/v2/groups?page=2")) == []  # DualPaginationPage offset form, no .json
    assert request_problems(_req("PUT", "/api/v2/tickets/1.json", {"ticket": {"tags": "one"}, "system_metadata": {"any": 1}})) == []


# -- the subset matches the shared spec ---------------------------------------


@pytest.mark.skipif(not extract.SHARED_SPEC.exists(), reason="the shared Zendesk spec is not on this machine")
def test_subset_matches_the_shared_spec():
    fresh = extract.dumps(extract.extract_file(extract.SHARED_SPEC))
    assert fresh == (SPEC_DIR / "support-oas-subset.json").read_text(encoding="utf-8"), (
        "tests/zendesk_spec/support-oas-subset.json is stale: run .venv/bin/python tests/zendesk_spec/extract.py"
    )
