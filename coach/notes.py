"""The internal notes coach writes on tickets, and how to recognise them again.

Every note ends with a stable footer naming the draft it is about
(``coach reviewed draft 123``) and one ``coach-data {...}`` line of JSON, so
whether a draft was reviewed, and the history itself, can be read back from
Zendesk alone (see ``coach history rebuild``).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from coach import __version__
from coach.formats import result_view
from coach.model import Result
from coach.templates import Templates

REVIEW_FOOTER = "coach reviewed draft {draft_id}"
DECISION_FOOTER = "coach recorded {decision} of draft {draft_id}"

_REVIEW_RE = re.compile(r"coach reviewed draft (\d+)")
_DECISION_RE = re.compile(r"coach recorded (approve|rework) of draft (\d+)")
_DATA_RE = re.compile(r"coach-data (\{.*\})")
_REVISION_RE = re.compile(r"<pre>(.*?)</pre>", re.S)


@dataclass(frozen=True)
class NoteFacts:
    """What a coach note says about itself (parsed back from the note text)."""

    kind: str  # "review" | "decision"
    draft_id: int
    data: Mapping[str, Any] = field(default_factory=dict)


def comment_text(comment: Mapping[str, Any]) -> str:
    """A comment's text for pattern matching: plain body, else unescaped HTML."""
    text = comment.get("plain_body") or comment.get("body") or ""
    if not text and comment.get("html_body"):
        text = html.unescape(re.sub(r"<[^>]+>", " ", comment["html_body"]))
    return text


def parse_note(comment: Mapping[str, Any]) -> NoteFacts | None:
    """The facts of a coach note, or None when ``comment`` is not one."""
    text = comment_text(comment)
    return _parse_text(text) if "coach" in text else None


@lru_cache(maxsize=4096)
def _parse_text(text: str) -> NoteFacts | None:
    """Parsed once per note text: every decision on a ticket (draft, decision, publication) reads the notes."""
    data: dict[str, Any] = {}
    m = _DATA_RE.search(text)
    if m:
        try:
            data = json.loads(m.group(1))
        except ValueError:
            data = {}
    d = _DECISION_RE.search(text)
    if d:
        return NoteFacts("decision", int(d.group(2)), {"decision": d.group(1), **data})
    r = _REVIEW_RE.search(text)
    if r:
        return NoteFacts("review", int(r.group(1)), data)
    return None


def revision_text(note: Mapping[str, Any]) -> str:
    """The suggested revision a review note shows in its ``<pre>`` ("" when it has none)."""
    m = _REVISION_RE.search(note.get("html_body") or "")
    return html.unescape(m.group(1)) if m else ""


def review_data(result: Result, *, draft_id: int, author_id: int | None, author_kind: str, round_no: int) -> dict[str, Any]:
    """The machine-readable line of a review note."""
    rules: dict[str, int] = {}
    for f in result.findings:
        rules[f.rule] = rules.get(f.rule, 0) + 1
    return {
        "v": 1,
        "coach": __version__,
        "draft": draft_id,
        "author": author_id,
        "kind": author_kind,
        "round": round_no,
        "verdict": result.verdict,
        "scores": result.scores,
        "rules": rules,
        "changes": sorted({c.rule for c in result.revision.changes}),
    }


def render_review_note(
    templates: Templates,
    result: Result,
    *,
    draft_id: int,
    author_id: int | None,
    author_name: str,
    author_kind: str,
    round_no: int,
    tags: Mapping[str, str],
) -> str:
    """The internal note's ``html_body`` (``templates/zendesk/review_note.html.j2``)."""
    data = review_data(result, draft_id=draft_id, author_id=author_id, author_kind=author_kind, round_no=round_no)
    return templates.render(
        "zendesk/review_note.html.j2",
        {
            **result_view(result),
            "author_name": author_name,
            "author_kind": author_kind,
            "round": round_no,
            "tags": tags,
            "footer": REVIEW_FOOTER.format(draft_id=draft_id),
            "data": json.dumps(data, separators=(",", ":"), sort_keys=True),
        },
    )


def render_decision_note(
    templates: Templates,
    *,
    decision: str,
    draft_id: int,
    data: Mapping[str, Any],
    reason: str = "",
    buddy_name: str = "",
    trainee_name: str = "",
) -> str:
    """The short note to the trainee after a buddy's decision (``zendesk/decision_note.html.j2``)."""
    return templates.render(
        "zendesk/decision_note.html.j2",
        {
            "decision": decision,
            "reason": reason,
            "buddy_name": buddy_name,
            "trainee_name": trainee_name,
            "footer": DECISION_FOOTER.format(decision=decision, draft_id=draft_id),
            "data": json.dumps({"v": 1, **data}, separators=(",", ":"), sort_keys=True),
        },
    )
