"""How a check result is shown: text (colour on a terminal), json, jsonl and markdown.

Formatters return strings; the CLI decides where they go.
"""

from __future__ import annotations

import json
from dataclasses import replace
from collections.abc import Mapping
from typing import Any

from coach.draft.hygiene import json_escaped, visible
from coach.i18n import DEFAULT_UI_LANG, Messages, messages
from coach.model import DIMENSIONS, UNCHECKED, Result
from coach.check.revise import diff
from coach.templates import Templates

FORMATS = ("text", "json", "jsonl", "markdown")

_SEVERITY_COLOUR = {"error": "red", "warning": "yellow", "info": "cyan"}
_VERDICT_COLOUR = {"ready": "green", "revise": "red"}


def to_json(result: Result | Mapping[str, Any], *, indent: int | None = 2) -> str:
    """The JSON contract (see README "JSON output"); no raw control or invisible character."""
    data = result.to_dict() if isinstance(result, Result) else result
    return json_escaped(json.dumps(data, ensure_ascii=False, indent=indent))


def to_markdown(result: Result, templates: Templates) -> str:
    """A markdown report (``templates/check/report.md.j2``), e.g. to paste into a chat."""
    if result.verdict == UNCHECKED:
        return f"**{visible(result.source)}**: {result.notice}\n"
    return templates.render("check/report.md.j2", result_view(_shown(result), templates.ui_lang))


def to_text(
    result: Result, *, color: bool = False, revision: bool = True, show_diff: bool = False, lang: str = DEFAULT_UI_LANG
) -> str:
    """The terminal report in ``lang``: verdict and scores, findings by position, readability, revision."""
    ui = messages(lang)

    def style(s: str, fg: str | None = None, bold: bool = False, dim: bool = False) -> str:
        if not color:
            return s
        import click

        return click.style(s, fg=fg, bold=bold, dim=dim)

    result = _shown(result)
    if result.verdict == UNCHECKED:
        return f"{style(result.source, bold=True)}  {style(ui.check.not_checked.upper(), 'yellow', bold=True)}  {result.notice}\n"
    s = result.scores
    dims = " · ".join(f"{ui.terms.dimensions[d]} {s[d]}" for d in DIMENSIONS)
    verdict = style(ui.terms.verdicts[result.verdict].upper(), _VERDICT_COLOUR[result.verdict], bold=True)
    lines = [f"{style(result.source, bold=True)}  {verdict}  {ui.terms.overall} {s['overall']}/100  ({dims})", ""]
    if result.findings:
        width = max(len(f.rule) for f in result.findings)
        for f in result.findings:
            where = f"{f.line}:{f.column}".ljust(7)
            sev = style(ui.terms.severities[f.severity].ljust(7), _SEVERITY_COLOUR[f.severity])
            lines.append(f"  {where} {sev}  {f.rule.ljust(width)}  {f.message}")
            if f.suggestion is not None:
                fix = f'"{f.suggestion}"' if f.suggestion else ui.check.deleted
                lines.append(style(f"  {'':7} {'':7}  {'':{width}}  \"{short(f.text)}\" -> {fix}", dim=True))
    else:
        lines.append("  " + ui.check.no_findings)
    r = result.readability
    if r.get("words"):
        lines += ["", f"  {readability_text(r, ui)}"]
    changes = result.revision.changes
    if revision and changes:
        lines += ["", style(ui.check.revision(len(changes)) + ":", bold=True)]
        if show_diff:
            for line in diff(result.plain, result.revision.text, name=result.source).splitlines():
                fg = "green" if line.startswith("+") else "red" if line.startswith("-") else None
                lines.append("  " + style(line, fg))
        else:
            lines += ["  | " + line if line else "  |" for line in result.revision.text.splitlines()]
        lines.append("")
        for c in changes:
            lines.append(f"  - {c.rule}: {describe_change(c.before, c.after, ui)}")
        for p in result.revision.placeholders:
            lines.append(style(f"  ? to fill in ({p.rule}): {short(p.text)}", bold=True))
    return "\n".join(lines) + "\n"


def _shown(result: Result) -> Result:
    """``result`` with its source name safe to print (the findings and revision already are)."""
    source = visible(result.source)
    return result if source == result.source else replace(result, source=source)


def summary(results: list[Result], errors: int, lang: str = DEFAULT_UI_LANG) -> str:
    """One line after several drafts: how many are ready, to revise, unreadable."""
    ui = messages(lang).check
    ready = sum(r.verdict == "ready" for r in results)
    unchecked = sum(r.verdict == UNCHECKED for r in results)
    parts = [ui.drafts(len(results) + errors), ui.ready.format(n=ready), ui.to_revise.format(n=len(results) - ready - unchecked)]
    if unchecked:
        parts.append(ui.unchecked.format(n=unchecked))
    if errors:
        parts.append(ui.unreadable.format(n=errors))
    return ", ".join(parts)


def readability_text(r: Mapping[str, Any], ui: Messages) -> str:
    """The readability figures in one line, e.g. ``readability: 112 words in 7 sentences, ...``."""
    return f"{ui.check.readability_label}: {readability_figures(r, ui)}"


# The formulas shown for a draft, by the language it was measured in (its keys say which).
_SHOWN_METRICS = (
    ("gulpease", (("gulpease", 0), ("flesch_vacca", 0))),
    ("amstad_reading_ease", (("amstad_reading_ease", 0), ("wiener_sachtextformel", 1))),
    ("flesch_reading_ease", (("flesch_reading_ease", 0), ("flesch_kincaid_grade", 1))),
)


def readability_figures(r: Mapping[str, Any], ui: Messages) -> str:
    """"112 words in 7 sentences, Flesch reading ease 64, grade 8.1" with the draft language's own formulas."""
    shown = next((keys for marker, keys in _SHOWN_METRICS if marker in r), ())
    names = ui.check.metric_names
    metrics = ", ".join(f"{names[key]} {ui.number(r[key], digits)}" for key, digits in shown)
    words, sentences = ui.check.word_count(int(r["words"])), ui.check.sentence_count(int(r["sentences"]))
    return ui.check.readability.format(words=words, sentences=sentences, metrics=metrics)


def short(text: str, limit: int = 60) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    one = " ".join(text.split())
    return one if len(one) <= limit else one[: limit - 1] + "…"


def describe_change(before: str, after: str, ui: Messages | None = None) -> str:
    check = (ui or messages()).check
    if not before:
        return check.added.format(text=short(after))
    if not after:
        return check.removed.format(text=short(before))
    return check.replaced.format(before=short(before), after=short(after))


def result_view(result: Result, lang: str = DEFAULT_UI_LANG) -> dict[str, Any]:
    """The variables every template about one result receives (markdown report, review note), in ``lang``."""
    ui = messages(lang)
    return {
        "result": result,
        "dimensions": [(ui.terms.dimensions[d], result.scores[d]) for d in DIMENSIONS],
        "changes": [{"rule": c.rule, "text": describe_change(c.before, c.after, ui)} for c in result.revision.changes],
        "readability": readability_figures(result.readability, ui) if result.readability.get("words") else "",
    }
