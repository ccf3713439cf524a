"""How a check result is shown: text (colour on a terminal), json, jsonl and markdown.

Formatters return strings; the CLI decides where they go.
"""

from __future__ import annotations

import json
from dataclasses import replace
from collections.abc import Mapping
from typing import Any

from coach.hygiene import json_escaped, visible
from coach.model import DIMENSIONS, UNCHECKED, Result
from coach.revise import diff
from coach.templates import Templates

FORMATS = ("text", "json", "jsonl", "markdown")

_SEVERITY_COLOUR = {"error": "red", "warning": "yellow", "info": "cyan"}
_VERDICT_COLOUR = {"ready": "green", "revise": "red"}


def label(dimension: str) -> str:
    """A dimension's display name (``follow_up`` -> ``follow-up``)."""
    return dimension.replace("_", "-")


def to_json(result: Result | Mapping[str, Any], *, indent: int | None = 2) -> str:
    """The JSON contract (see README "JSON output"); no raw control or invisible character."""
    data = result.to_dict() if isinstance(result, Result) else result
    return json_escaped(json.dumps(data, ensure_ascii=False, indent=indent))


def to_markdown(result: Result, templates: Templates) -> str:
    """A markdown report (``templates/check/report.md.j2``), e.g. to paste into a chat."""
    if result.verdict == UNCHECKED:
        return f"**{visible(result.source)}**: not checked: {result.notice}\n"
    return templates.render("check/report.md.j2", result_view(_shown(result)))


def to_text(result: Result, *, color: bool = False, revision: bool = True, show_diff: bool = False) -> str:
    """The terminal report: verdict and scores, findings by position, readability, revision."""

    def style(s: str, fg: str | None = None, bold: bool = False, dim: bool = False) -> str:
        if not color:
            return s
        import click

        return click.style(s, fg=fg, bold=bold, dim=dim)

    result = _shown(result)
    if result.verdict == UNCHECKED:
        return f"{style(result.source, bold=True)}  {style('NOT CHECKED', 'yellow', bold=True)}  {result.notice}\n"
    s = result.scores
    dims = " · ".join(f"{label(d)} {s[d]}" for d in DIMENSIONS)
    verdict = style(result.verdict.upper(), _VERDICT_COLOUR[result.verdict], bold=True)
    lines = [f"{style(result.source, bold=True)}  {verdict}  overall {s['overall']}/100  ({dims})", ""]
    if result.findings:
        width = max(len(f.rule) for f in result.findings)
        for f in result.findings:
            where = f"{f.line}:{f.column}".ljust(7)
            sev = style(f.severity.ljust(7), _SEVERITY_COLOUR[f.severity])
            lines.append(f"  {where} {sev}  {f.rule.ljust(width)}  {f.message}")
            if f.suggestion is not None:
                fix = f'"{f.suggestion}"' if f.suggestion else "(delete)"
                lines.append(style(f"  {'':7} {'':7}  {'':{width}}  \"{short(f.text)}\" -> {fix}", dim=True))
    else:
        lines.append("  no findings")
    r = result.readability
    if r.get("words"):
        lines += [
            "",
            f"  readability: {r['words']} words in {r['sentences']} sentences, "
            f"Flesch reading ease {r['flesch_reading_ease']:.0f}, grade {r['flesch_kincaid_grade']:.1f}",
        ]
    changes = result.revision.changes
    if revision and changes:
        lines += ["", style(f"Suggested revision ({len(changes)} change{'s' if len(changes) != 1 else ''}):", bold=True)]
        if show_diff:
            for line in diff(result.plain, result.revision.text, name=result.source).splitlines():
                fg = "green" if line.startswith("+") else "red" if line.startswith("-") else None
                lines.append("  " + style(line, fg))
        else:
            lines += ["  | " + line if line else "  |" for line in result.revision.text.splitlines()]
        lines.append("")
        for c in changes:
            lines.append(f"  - {c.rule}: {describe_change(c.before, c.after)}")
        for p in result.revision.placeholders:
            lines.append(style(f"  ? to fill in ({p.rule}): {short(p.text)}", bold=True))
    return "\n".join(lines) + "\n"


def _shown(result: Result) -> Result:
    """``result`` with its source name safe to print (the findings and revision already are)."""
    source = visible(result.source)
    return result if source == result.source else replace(result, source=source)


def summary(results: list[Result], errors: int) -> str:
    """One line after several drafts: how many are ready, to revise, unreadable."""
    ready = sum(r.verdict == "ready" for r in results)
    unchecked = sum(r.verdict == UNCHECKED for r in results)
    parts = [f"{len(results) + errors} drafts", f"{ready} ready", f"{len(results) - ready - unchecked} to revise"]
    if unchecked:
        parts.append(f"{unchecked} in a language without rules")
    if errors:
        parts.append(f"{errors} could not be checked")
    return ", ".join(parts)


def short(text: str, limit: int = 60) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    one = " ".join(text.split())
    return one if len(one) <= limit else one[: limit - 1] + "…"


def describe_change(before: str, after: str) -> str:
    if not before:
        return f'added "{short(after)}"'
    if not after:
        return f'removed "{short(before)}"'
    return f'"{short(before)}" -> "{short(after)}"'


def result_view(result: Result) -> dict[str, Any]:
    """The variables every template about one result receives (markdown report, review note)."""
    return {
        "result": result,
        "dimensions": [(label(d), result.scores[d]) for d in DIMENSIONS],
        "changes": [{"rule": c.rule, "text": describe_change(c.before, c.after)} for c in result.revision.changes],
    }
