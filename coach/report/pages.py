"""Markdown and the self-contained HTML page, rendered from Jinja2 templates."""

from __future__ import annotations

import re
from typing import Any

from coach.formats import label
from coach.model import DIMENSIONS, SCORE_KEYS
from coach.report.build import (
    FORMATS,
    MIN_DECISIONS,
    RECENT_REVIEWS,
    TOP_RULES,
    Report,
)
from coach.report.charts import PALETTE, rule_chart, trend_chart
from coach.report.present import (
    day_text,
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


def _view(report: Report) -> dict[str, Any]:
    """The variables report.md.j2 and report.html.j2 receive: the report and its figures as display strings."""
    colors = {p.key: PALETTE[i % len(PALETTE)] for i, p in enumerate(report.people)}
    t = report.totals
    people = []
    for p in report.people:
        people.append({
            "p": p, "name": p.name, "kind": p.kind, "color": colors[p.key], "author_id": "" if p.author_id is None else str(p.author_id),
            "drafts": p.drafts, "tickets": p.tickets, "decided": p.decided, "approved": p.approved, "reworked": p.reworked,
            "approval": pct(p.approval_rate), "rounds": num(p.rounds_to_approval), "median": num(p.median_hours_to_decision),
            "scores": [num(p.scores[k]) for k in SCORE_KEYS],
            "weeks": [
                {"key": w.key, "short": _short_week(w.key), "start": day_text(w.start), "start_short": f"{w.start.day} {w.start:%b}",
                 "reviews": w.reviews, "scores": [num(w.scores[k]) for k in SCORE_KEYS]}
                for w in p.weeks
            ],
            "trend": None if p.trend is None else {
                "week": p.trend.week, "previous": p.trend.previous,
                "short": f"{_short_week(p.trend.week)} vs {_short_week(p.trend.previous)}",
                "changes": [{"text": signed(p.trend.change[k]), "sign": _sign(p.trend.change[k])} for k in SCORE_KEYS],
                "overall": signed(p.trend.change["overall"]), "sign": _sign(p.trend.change["overall"]),
            },
            "top_rules": p.top_rules, "stopped_rules": p.stopped_rules, "stopped_known": p.drafts > RECENT_REVIEWS,
            "no_top": "nothing still firing (see stopped)" if p.stopped_rules else "no findings",
        })
    rules = [
        {"rule": s.rule, "fired": s.fired, "occurrences": s.occurrences, "changes": s.changes, "kept": s.kept,
         "edited_away": s.edited_away, "reworked": s.reworked, "pending": s.pending, "unknown": s.unknown,
         "decided": s.decided, "precision": precision_text(s), "measured": s.precision is not None}
        for s in report.rules
    ]
    shadow = None
    if report.shadow is not None:
        sh = report.shadow
        shadow = {
            "rows": [
                {"ticket": r.ticket_id, "subject": r.subject, "round": r.round, "author": r.author, "verdict": r.verdict,
                 "overall": r.overall, "decision": r.decision, "reviewed": r.reviewed_at.strftime("%Y-%m-%d %H:%M")}
                for r in sh.rows
            ],
            "visitors": sh.visitors, "tickets": sh.tickets, "top_rules": sh.top_rules,
        }
    return {
        "report": report,
        "empty": report.empty,
        "period": period_text(report),
        "filters": filters_text(report),
        "until": report.until.strftime("%Y-%m-%d %H:%M UTC"),
        "totals": {
            "reviews": t.reviews, "tickets": t.tickets, "people": t.people, "decided": t.decided, "approved": t.approved,
            "reworked": t.reworked, "approval": pct(t.approval_rate), "rounds": num(t.rounds_to_approval),
            "median": num(t.median_hours_to_decision), "unreadable": t.unreadable,
        },
        "score_labels": ["overall", *(label(d) for d in DIMENSIONS)],
        "people": people,
        "rules": rules,
        "shadow": shadow,
        "trend_chart": trend_chart(report, colors),
        "rule_chart": rule_chart(report.rules),
        "min_decisions": MIN_DECISIONS,
        "recent_reviews": RECENT_REVIEWS,
        "top_rules": TOP_RULES,
        "md": md,
        "md_code": md_code,
    }


def _short_week(key: str) -> str:
    """``2026-W45`` -> ``W45``."""
    return key.split("-", 1)[1]


def _sign(value: float) -> str:
    return "up" if value >= 0.05 else "down" if value <= -0.05 else "flat"


def render(report: Report, templates: Templates, fmt: str) -> str:
    """``markdown`` (templates/report/report.md.j2) or ``html`` (templates/report/report.html.j2)."""
    if fmt not in _TEMPLATES:
        raise ValueError(f"report format must be one of {FORMATS}, not {fmt!r}")
    return templates.render(_TEMPLATES[fmt], _view(report))


