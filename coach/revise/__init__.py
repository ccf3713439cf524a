"""The suggested revision: apply the findings' fixes and insert missing openers and closers.

Pure: the cleaned draft, the findings and a template renderer in, a Revision out.
Each change cites the rule that asked for it. Revising a revision changes nothing.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from coach.clean import CleanDraft
from coach.model import Change, Context, Finding, Revision
from coach.rules import RuleSet
from coach.text import at_sentence_start

Render = Callable[[str, Mapping[str, Any]], str]
"""Renders a revision template (``templates/revision/<name>.txt.j2``) with variables."""

_AFTER_DELETED_OPENER = re.compile(r"[ \t]*[,;:]?[ \t]*")
_PUNCT_AFTER = ",.;:!?)"


@dataclass(frozen=True, order=True)
class _Edit:
    start: int
    end: int
    after: str
    rule: str
    before: str


def revise(
    draft: CleanDraft,
    findings: Iterable[Finding],
    rules: RuleSet,
    render: Render,
    context: Context | None = None,
) -> Revision:
    """Build the suggested reply from ``draft.plain``."""
    context = context or Context()
    edits: list[_Edit] = []
    inserted: set[str] = set()
    for f in findings:
        if f.suggestion is not None and f.span[1] > f.span[0]:
            edits.append(_Edit(f.span[0], f.span[1], f.suggestion, f.rule, draft.plain[f.span[0] : f.span[1]]))
            continue
        rule = rules.get(f.rule)
        if rule is None or not rule.template or rule.id in inserted:
            continue
        inserted.add(rule.id)
        scope = rule.params.get("scope")
        variables = _template_vars(draft, context)
        text = " ".join(render(rule.template, variables).split())
        if not text:
            continue
        if scope == "opening":
            at = _body_start(draft)
            edits.append(_Edit(at, at, text + "\n\n", rule.id, ""))
        else:
            at = draft.body_end
            edits.append(_Edit(at, at, "\n\n" + text, rule.id, ""))
    kept = _without_overlaps(sorted(edits))
    text = _apply(draft.plain, kept)
    changes = tuple(Change(e.rule, e.before, e.after.strip()) for e in kept)
    return Revision(text=text, changes=changes)


def diff(before: str, after: str, *, name: str = "draft") -> str:
    """A unified diff from the draft to its revision ("" when they are equal)."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=name,
        tofile="suggested revision",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _template_vars(draft: CleanDraft, context: Context) -> dict[str, Any]:
    name = (context.customer_name or "").split()
    return {
        "customer_name": context.customer_name or "",
        "first_name": name[0] if name else "",
        "subject": context.subject or "",
        "has_greeting": draft.greeting_end > 0,
    }


def _body_start(draft: CleanDraft) -> int:
    i = draft.greeting_end
    text = draft.plain
    while i < draft.body_end and text[i].isspace():
        i += 1
    return i


def _without_overlaps(edits: list[_Edit]) -> list[_Edit]:
    kept: list[_Edit] = []
    for e in edits:
        if kept and e.start < kept[-1].end:
            continue
        kept.append(e)
    return kept


def _capitalize_first(s: str) -> str:
    for i, ch in enumerate(s):
        if ch.isalpha():
            return s[:i] + ch.upper() + s[i + 1 :]
        if not ch.isspace():
            return s
    return s


def _apply(text: str, edits: list[_Edit]) -> str:
    """Apply sorted, non-overlapping edits left to right in linear time, tidying spaces."""
    out: list[str] = []
    cursor = 0
    capitalize_next = False
    for e in edits:
        segment = text[cursor : e.start]
        if capitalize_next and segment.strip():
            segment, capitalize_next = _capitalize_first(segment), False
        sentence_start = at_sentence_start(text, e.start)
        if e.start == e.end:  # an insertion
            out.append(segment)
            out.append(e.after)
            cursor = e.end
            continue
        if capitalize_next:
            # Everything since the sentence start was deleted: this edit now opens the sentence.
            segment, sentence_start = "", True
        if e.after:
            after = e.after
            if sentence_start or e.before[:1].isupper():
                after = _capitalize_first(after)
            capitalize_next = False
            out.append(segment)
            out.append(after)
            cursor = e.end
            continue
        # A deletion: drop one side's space, and a dangling comma after a deleted opener.
        nxt = text[e.end : e.end + 1]
        cursor = e.end
        if sentence_start:
            cursor = _AFTER_DELETED_OPENER.match(text, cursor).end()  # type: ignore[union-attr]
            capitalize_next = True
        elif segment.endswith((" ", "\t")) and (nxt in (" ", "\t") or (nxt and nxt in _PUNCT_AFTER)):
            segment = segment[:-1]
        out.append(segment)
    tail = text[cursor:]
    if capitalize_next:
        tail = _capitalize_first(tail)
    out.append(tail)
    return "".join(out)
