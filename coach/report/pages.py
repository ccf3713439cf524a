"""Markdown and the self-contained HTML page, rendered from Jinja2 templates."""

from __future__ import annotations

import re
from typing import Any

from coach.i18n import Messages, messages
from coach.model import DIMENSIONS, SCORE_KEYS
from coach.report.build import (
    FORMATS,
    MIN_DECISIONS,
    RECENT_REVIEWS,
    TOP_RULES,
    Person,
    Report,
)
from coach.report.charts import PALETTE, rule_chart, trend_chart
from coach.report.present import (
    filters_text,
    num,
    pct,
    period_text,
    precision_text,
    signed,
)
from coach.templates import Templates

_TEMPLATES = {"markdown": "report/report.md.j2", "html": "report/report.html.j2"}




_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#!])")


def md(text: Any) -> str:
    """Text for a markdown table cell: one line, markdown punctuation backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def md_code(text: Any) -> str:
    """A code span for a table cell (rule names)."""
    one = " ".join(str(text).split()).replace("|", "\\|")
    return f"`` {one} ``" if "`" in one else f"`{one}`"


def _person(p: Person, color: str, ui: Messages) -> dict[str, Any]:
    """One person's figures as display strings."""
    return {
        "p": p, "name": p.name, "kind": p.kind, "kind_label": ui.terms.author_kinds.get(p.kind, p.kind), "color": color,
        "author_id": "" if p.author_id is None else str(p.author_id),
        "drafts": p.drafts, "tickets": p.tickets, "decided": p.decided, "approved": p.approved, "reworked": p.reworked,
        "approval": pct(p.approval_rate, ui), "rounds": num(p.rounds_to_approval, ui),
        "median": num(p.median_hours_to_decision, ui), "scores": [num(p.scores[k], ui) for k in SCORE_KEYS],
        "weeks": [
            {"key": w.key, "short": ui.week(w.key), "start": ui.day(w.start), "start_short": ui.day_month(w.start),
             "reviews": w.reviews, "scores": [num(w.scores[k], ui) for k in SCORE_KEYS]}
            for w in p.weeks
        ],
        "trend": None if p.trend is None else {
            "week": p.trend.week, "previous": p.trend.previous,
            "versus": ui.dates.versus.format(week=p.trend.week, previous=p.trend.previous),
            "short": ui.dates.versus.format(week=ui.week(p.trend.week), previous=ui.week(p.trend.previous)),
            "changes": [{"text": signed(p.trend.change[k], ui), "sign": _sign(p.trend.change[k])} for k in SCORE_KEYS],
            "overall": signed(p.trend.change["overall"], ui), "sign": _sign(p.trend.change["overall"]),
        },
        "top_rules": p.top_rules, "stopped_rules": p.stopped_rules, "stopped_known": p.drafts > RECENT_REVIEWS,
        "no_top": ui.report.nothing_firing if p.stopped_rules else ui.report.no_findings,
    }


def _view(report: Report, ui: Messages) -> dict[str, Any]:
    """The variables report.md.j2 and report.html.j2 receive: the report and its figures as display strings."""
    colors = {p.key: PALETTE[i % len(PALETTE)] for i, p in enumerate(report.people)}
    t = report.totals
    rules = [
        {"rule": s.rule, "fired": s.fired, "occurrences": s.occurrences, "changes": s.changes, "kept": s.kept,
         "edited_away": s.edited_away, "reworked": s.reworked, "pending": s.pending, "unknown": s.unknown,
         "decided": s.decided, "precision": precision_text(s, ui), "measured": s.precision is not None}
        for s in report.rules
    ]
    shadow = None
    if report.shadow is not None:
        sh = report.shadow
        shadow = {
            "rows": [
                {"ticket": r.ticket_id, "subject": r.subject, "round": r.round, "author": r.author,
                 "verdict": ui.terms.verdicts.get(r.verdict, r.verdict), "overall": r.overall,
                 "decision": ui.terms.decisions.get(r.decision, r.decision), "reviewed": ui.moment(r.reviewed_at)}
                for r in sh.rows
            ],
            "visitors": sh.visitors, "tickets": sh.tickets, "top_rules": sh.top_rules,
        }
    return {
        "report": report,
        "empty": report.empty,
        "period": period_text(report, ui),
        "filters": filters_text(report, ui),
        "until": ui.moment(report.until),
        "totals": {
            "reviews": t.reviews, "tickets": t.tickets, "people": t.people, "decided": t.decided, "approved": t.approved,
            "reworked": t.reworked, "approval": pct(t.approval_rate, ui), "rounds": num(t.rounds_to_approval, ui),
            "median": num(t.median_hours_to_decision, ui), "unreadable": t.unreadable,
        },
        "score_labels": [ui.terms.overall, *(ui.terms.dimensions[d] for d in DIMENSIONS)],
        "people": [_person(p, colors[p.key], ui) for p in report.people],
        "rules": rules,
        "shadow": shadow,
        "trend_chart": trend_chart(report, colors, ui),
        "rule_chart": rule_chart(report.rules),
        "min_decisions": MIN_DECISIONS,
        "recent_reviews": RECENT_REVIEWS,
        "top_rules": TOP_RULES,
        "md": md,
        "md_code": md_code,
    }


def _sign(value: float) -> str:
    return "up" if value >= 0.05 else "down" if value <= -0.05 else "flat"


def render(report: Report, templates: Templates, fmt: str) -> str:
    """``markdown`` (templates/report/report.md.j2) or ``html`` (templates/report/report.html.j2)."""
    if fmt not in _TEMPLATES:
        raise ValueError(f"report format must be one of {FORMATS}, not {fmt!r}")
    return templates.render(_TEMPLATES[fmt], _view(report, messages(templates.ui_lang)))


