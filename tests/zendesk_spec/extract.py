"""Extract the part of Zendesk's Support OpenAPI spec that coach's client uses.

The full spec (``support-oas.yaml``, 1.6 MB, 427 paths) lives outside the repo
in ``/work/shared/zendesk/``. ``test_zendesk_conformance.py`` checks requests
against ``support-oas-subset.json`` here, which is this script's output: the
operations in ``OPERATIONS`` (request side only: no responses or examples) and
every ``components`` entry they reach through ``$ref``. When the full spec is
present, a test re-extracts and compares, so the subset cannot drift.

Regenerate after adding an endpoint to the client (and to ``OPERATIONS``)::

    .venv/bin/python tests/zendesk_spec/extract.py [/path/to/support-oas.yaml]
"""

from __future__ import annotations

import hashlib
import json
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

SHARED_SPEC = Path("/work/shared/zendesk/support-oas.yaml")
SUBSET = Path(__file__).with_name("support-oas-subset.json")

#: (method, spec path template) of every request ZendeskClient makes.
OPERATIONS: tuple[tuple[str, str], ...] = (
    ("get", "/api/v2/users/me"),
    ("get", "/api/v2/users/show_many"),
    ("get", "/api/v2/tickets/{ticket_id}"),
    ("put", "/api/v2/tickets/{ticket_id}"),
    ("get", "/api/v2/tickets/show_many"),
    ("get", "/api/v2/tickets/{ticket_id}/comments"),
    ("get", "/api/v2/tickets/{ticket_id}/audits"),
    ("get", "/api/v2/search/export"),
    ("get", "/api/v2/search/count"),
    ("get", "/api/v2/groups"),
    ("get", "/api/v2/groups/{group_id}/memberships"),
)

_DROP = {"responses", "examples", "example"}


@lru_cache(maxsize=2)
def load_full(path: Path = SHARED_SPEC) -> dict[str, Any]:
    """The full spec, parsed. PyYAML (YAML 1.1) needs help with two bare ``=`` scalars (see SPEC-NOTES)."""
    import yaml

    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        pass

    Loader.add_constructor("tag:yaml.org,2002:value", lambda loader, node: loader.construct_scalar(node))
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=Loader)  # noqa: S506 - a safe loader subclass


def _strip(node: Any, names: bool = False) -> Any:
    """``node`` without responses and examples (``names``: a ``properties`` map, whose keys are data)."""
    if isinstance(node, dict):
        return {k: _strip(v, k == "properties" and not names) for k, v in node.items() if names or k not in _DROP}
    if isinstance(node, list):
        return [_strip(v) for v in node]
    return node


def _refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
        return found.union(*(_refs(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_refs(v) for v in node))
    return set()


def extract(spec: dict[str, Any], operations: tuple[tuple[str, str], ...] = OPERATIONS, sha256: str = "") -> dict[str, Any]:
    """The subset of ``spec`` for ``operations``, with every reachable ``#/components/...`` entry."""
    paths: dict[str, Any] = {}
    for method, template in operations:
        item = spec["paths"][template]
        kept = paths.setdefault(template, {k: v for k, v in item.items() if k == "parameters"})
        kept[method] = item[method]
    paths = _strip(paths)
    components: dict[str, dict[str, Any]] = {}
    todo = sorted(_refs(paths))
    seen: set[str] = set()
    while todo:
        ref = todo.pop()
        if ref in seen:
            continue
        seen.add(ref)
        _, section, kind, name = ref.split("/")
        assert section == "components", ref
        entry = _strip(spec["components"][kind][name])
        components.setdefault(kind, {})[name] = entry
        todo.extend(sorted(_refs(entry) - seen))
    return {
        "x-extracted-from": {
            "file": "support-oas.yaml",
            "sha256": sha256,
            "info.version": spec["info"]["version"],
            "how": "tests/zendesk_spec/extract.py: OPERATIONS + reachable $refs; responses and examples dropped",
        },
        "paths": paths,
        "components": {kind: dict(sorted(entries.items())) for kind, entries in sorted(components.items())},
    }


def extract_file(path: Path = SHARED_SPEC) -> dict[str, Any]:
    return extract(load_full(path), sha256=hashlib.sha256(path.read_bytes()).hexdigest())


def dumps(subset: dict[str, Any]) -> str:
    return json.dumps(subset, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SHARED_SPEC
    SUBSET.write_text(dumps(extract_file(source)), encoding="utf-8")
    print(f"wrote {SUBSET} ({SUBSET.stat().st_size:,} bytes)")
