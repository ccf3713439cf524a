"""The internal notes coach writes on tickets, and how to recognise them again.

Every note ends with one footer line that code appends after the (overridable)
template's output, e.g. ``coach reviewed draft 123 · coach-data {...}``: it
names the draft and carries the note's facts as JSON, so whether a draft was
reviewed, and the history itself, can be read back from Zendesk alone (see
``coach history rebuild``). Only that last line is read. Marker phrases in the
text coach quotes (drafts, subjects, names, buddies' reasons) are neutralised,
and callers trust only notes the coach user wrote (``coach.workflow.drafts.coach_notes``).
README.md, "Security", explains the design.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Any

from coach import __version__
from coach.check.formats import result_view
from coach.i18n import DEFAULT_UI_LANG, messages
from coach.model import Result
from coach.templates import Templates


class NoteKind(StrEnum):
    """What a coach note is about."""

    REVIEW = "review"
    DECISION = "decision"
    SKIP = "skip"  # a draft coach could not check; the note tells the trainee why


_FOOTER_RE = re.compile(
    r"coach (?:reviewed draft (?P<review>\d+)|recorded (?P<decision>approve|rework) of draft (?P<decided>\d+)"
    r"|skipped draft (?P<skip>\d+)) · coach-data (?P<data>\{.*\})"
)
# Marker phrases in quoted text: "coach" + reviewed/recorded/skipped, and "coach-data", in any case or spacing.
_MARKER_RE = re.compile(r"coach(?=(?:\s|&nbsp;|\u00a0)+(?:reviewed|recorded|skipped)\b|\s*-\s*data)", re.I)
_REVISION_RE = re.compile(r"<pre>(.*?)</pre>", re.S)


@dataclass(frozen=True)
class NoteFacts:
    """What a coach note says about itself (parsed back from its footer)."""

    kind: NoteKind
    draft_id: int
    data: Mapping[str, Any] = field(default_factory=dict)


def comment_text(comment: Mapping[str, Any]) -> str:
    """A comment's text for pattern matching: plain body, else unescaped HTML."""
    text = comment.get("plain_body") or comment.get("body") or ""
    if not text and comment.get("html_body"):
        text = html.unescape(re.sub(r"<[^>]+>", " ", comment["html_body"]))
    return text


def parse_note(comment: Mapping[str, Any]) -> NoteFacts | None:
    """The facts of a coach note's footer, or None when ``comment`` does not end with one.

    Only the last line counts: anything a draft, subject or buddy put into the note comes before it.
    Callers must also check that the coach user wrote the comment.
    """
    lines = comment_text(comment).strip().splitlines()
    return _parse_footer(lines[-1].strip()) if lines else None


@lru_cache(maxsize=4096)
def _parse_footer(line: str) -> NoteFacts | None:
    """Parsed once per footer line: every decision on a ticket (draft, decision, publication) reads the notes."""
    m = _FOOTER_RE.fullmatch(line)
    if m is None:
        return None
    try:
        data = json.loads(m.group("data"))
    except ValueError:
        return None
    if m.group("review"):
        kind, draft_id = NoteKind.REVIEW, int(m.group("review"))
    elif m.group("skip"):
        kind, draft_id = NoteKind.SKIP, int(m.group("skip"))
    else:
        kind, draft_id = NoteKind.DECISION, int(m.group("decided"))
    if not isinstance(data, dict) or data.get("draft") != draft_id:
        return None  # the data is bound to the draft the footer names
    if kind is NoteKind.DECISION:
        data["decision"] = m.group("decision")
    return NoteFacts(kind, draft_id, data)


def neutralise(text: str) -> str:
    """``text`` with coach's marker phrases broken by an invisible WORD JOINER after "coach"."""
    return _MARKER_RE.sub(_break_marker, text)


def _break_marker(m: re.Match[str]) -> str:
    return m.group(0) + "\u2060"  # "coach\u2060 reviewed draft 1" reads the same and matches no marker


def footer_line(kind: NoteKind, draft_id: int, data: Mapping[str, Any], *, decision: str = "") -> str:
    """The last line of every coach note (plain text)."""
    what = {
        NoteKind.REVIEW: f"reviewed draft {draft_id}",
        NoteKind.DECISION: f"recorded {decision} of draft {draft_id}",
        NoteKind.SKIP: f"skipped draft {draft_id}",
    }[kind]
    return f"coach {what} · coach-data {_dumps({**data, 'draft': draft_id})}"


def _dumps(data: Mapping[str, Any]) -> str:
    """One line of ASCII JSON; a marker phrase inside a string is written ``\\u0063oach`` (same value, no marker)."""
    text = json.dumps(data, separators=(",", ":"), sort_keys=True, ensure_ascii=True)
    return _MARKER_RE.sub(lambda m: f"\\u{ord(m.group(0)[0]):04x}{m.group(0)[1:]}", text)


def with_footer(body_html: str, footer: str) -> str:
    """A note's ``html_body``: the template's output (markers neutralised), then coach's footer, always last."""
    return f"{neutralise(body_html).rstrip()}\n<p><small>{html.escape(footer, quote=False)}</small></p>"


def revision_text(note: Mapping[str, Any]) -> str:
    """The suggested revision a review note shows in its ``<pre>`` ("" when it has none)."""
    m = _REVISION_RE.search(note.get("html_body") or "")
    return html.unescape(m.group(1)) if m else ""


def review_data(result: Result, *, author_id: int | None, author_kind: str, round_no: int, at: str) -> dict[str, Any]:
    """The machine-readable facts of a review note (what ``coach history rebuild`` reads back)."""
    rules: dict[str, int] = {}
    for f in result.findings:
        rules[f.rule] = rules.get(f.rule, 0) + 1
    return {
        "v": 2,
        "coach": __version__,
        "author": author_id,
        "kind": author_kind,
        "round": round_no,
        "at": at,
        "verdict": result.verdict,
        "scores": result.scores,
        "rules": rules,
        "changes": [[c.rule, c.before, c.after] for c in result.revision.changes],
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
    at: str,
    tags: Mapping[str, str],
) -> str:
    """The internal note's ``html_body``: ``templates/zendesk/review_note.html.j2``, then the footer."""
    body = templates.render(
        "zendesk/review_note.html.j2",
        {**result_view(result, templates.ui_lang), "author_name": author_name, "author_kind": author_kind, "round": round_no, "tags": tags},
    )
    data = review_data(result, author_id=author_id, author_kind=author_kind, round_no=round_no, at=at)
    return with_footer(body, footer_line(NoteKind.REVIEW, draft_id, data))


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
    """The short note to the trainee after a buddy's decision (``zendesk/decision_note.html.j2``), then the footer."""
    body = templates.render(
        "zendesk/decision_note.html.j2",
        {"decision": decision, "reason": reason, "buddy_name": buddy_name, "trainee_name": trainee_name},
    )
    return with_footer(body, footer_line(NoteKind.DECISION, draft_id, {"v": 2, **data}, decision=decision))


def render_skip_note(*, draft_id: int, problem: str, lang: str = DEFAULT_UI_LANG) -> str:
    """The note telling the trainee why coach could not check their draft (written by code, not a
    template), in the team's ``ui_lang``."""
    ui = messages(lang)
    body = (
        f"<p><strong>{html.escape(ui.skip.title)}</strong>: {html.escape(problem)}.</p>\n"
        f"<p>{html.escape(ui.skip.advice.format(macro=ui.macros.submit))}</p>"
    )
    return with_footer(body, footer_line(NoteKind.SKIP, draft_id, {"v": 2, "problem": problem}))
