"""Who added a tag to a ticket, read from its Zendesk audits (pure: the worker fetches them).

Every change to a ticket is one audit with the acting user's ``author_id``; a tag change
is an event with ``field_name`` ``tags`` whose ``value`` (and, for a ``Change``,
``previous_value``) is the whole tag list. A tag's adder is the author of the last audit
that turned it on: a macro applied, or the tag typed by hand, by whoever did it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

Audit = Mapping[str, Any]
_TAG_EVENTS = ("Create", "Change")


@dataclass(frozen=True)
class TagAddition:
    """The audit that added a tag: who (``None`` when no user did: Zendesk itself, an automation) and when."""

    tag: str
    author_id: int | None
    created_at: str
    audit_id: int


def tag_additions(audits: Iterable[Audit], tags: Collection[str]) -> dict[str, TagAddition]:
    """For each of ``tags`` still on after the audits, the audit that last added it.

    Audits are taken in time order (``created_at``, then ``id``) whatever order they came in.
    A tag removed after it was added has no entry, nor has one no audit shows being added.
    """
    wanted = {t.lower(): t for t in tags}  # Zendesk keeps tags in lower case
    found: dict[str, TagAddition] = {}
    for audit in sorted(audits, key=_when):
        for event in audit.get("events") or ():
            if event.get("field_name") != "tags" or event.get("type") not in _TAG_EVENTS:
                continue
            now, before = _tag_set(event.get("value")), _tag_set(event.get("previous_value"))
            for tag in wanted.keys() & (now ^ before):
                if tag in now:
                    found[wanted[tag]] = TagAddition(wanted[tag], _user(audit.get("author_id")),
                                                     str(audit.get("created_at") or ""), int(audit.get("id") or 0))
                else:
                    found.pop(wanted[tag], None)
    return found


def _when(audit: Audit) -> tuple[str, int]:
    return str(audit.get("created_at") or ""), int(audit.get("id") or 0)


def _tag_set(value: Any) -> set[str]:
    """A tag list as an event gives it (a list, or a space-separated string) as a set."""
    if isinstance(value, str):
        return set(value.lower().split())
    if isinstance(value, list | tuple):
        return {str(t).lower() for t in value}
    return set()


def _user(author_id: Any) -> int | None:
    """A real user's id; Zendesk's own changes (``-1``) and missing ids are nobody's."""
    if isinstance(author_id, bool) or not isinstance(author_id, int) or author_id <= 0:
        return None
    return author_id
