"""The report as aligned plain-text tables (``coach report`` on a terminal)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coach.formats import short
from coach.i18n import DEFAULT_UI_LANG, messages
from coach.model import DIMENSIONS, SCORE_KEYS
from coach.report.build import MIN_DECISIONS, RECENT_REVIEWS, Report
from coach.report.present import (
    filters_text,
    num,
    pct,
    period_text,
    precision_text,
    rule_list,
    signed,
)

Cell = str | tuple[str, dict[str, Any]]


def render_text(report: Report, *, color: bool = False, lang: str = DEFAULT_UI_LANG) -> str:
    """The terminal report in ``lang``: aligned plain tables (``color``: ANSI styles via click)."""
    ui = messages(lang)
    m, terms = ui.report, ui.terms

    def style(s: str, **kw: Any) -> str:
        if not color or not kw:
            return s
        import click

        return click.style(s, **kw)

    def delta(value: float | None) -> Cell:
        text = signed(value, ui)
        if value is None or abs(value) < 0.05:
            return text
        return (text, {"fg": "green" if value > 0 else "red"})

    def table(headers: Sequence[str], rows: Sequence[Sequence[Cell]], right: set[int], indent: str = "  ") -> list[str]:
        plain = [[c if isinstance(c, str) else c[0] for c in row] for row in rows]
        widths = [max([len(h)] + [len(row[i]) for row in plain]) for i, h in enumerate(headers)]

        def line(cells: Sequence[Cell], head: bool = False) -> str:
            out = []
            for i, c in enumerate(cells):
                text, kw = (c, {}) if isinstance(c, str) else c
                padded = text.rjust(widths[i]) if i in right else text.ljust(widths[i])
                out.append(style(padded, bold=True) if head else style(padded, **kw))
            return (indent + "  ".join(out)).rstrip()

        return [line(headers, head=True), indent + "  ".join("-" * w for w in widths), *(line(r) for r in rows)]

    def clean(text: str, limit: int = 40) -> str:
        return short("".join(ch if ch.isprintable() else " " for ch in text), limit)

    t = report.totals
    lines = [style(m.title, bold=True) + f"  {period_text(report, ui)}  ({filters_text(report, ui)})", ""]
    if report.empty:
        lines.append(m.empty)
        if t.unreadable:
            lines.append(f"({m.unreadable(t.unreadable)})")
        return "\n".join(lines) + "\n"
    lines.append(m.summary.format(
        reviews=t.reviews, tickets=t.tickets, people=m.people_count(t.people), decided=t.decided, approved=t.approved,
        rate=pct(t.approval_rate, ui), rounds=num(t.rounds_to_approval, ui), median=num(t.median_hours_to_decision, ui),
    ))
    if t.unreadable:
        lines.append(f"({m.unreadable(t.unreadable)})")

    dims = [terms.dimensions[d] for d in DIMENSIONS]
    lines += ["", style(m.people, bold=True, underline=True)]
    rows: list[list[Cell]] = []
    for p in report.people:
        rows.append([
            clean(p.name, 30), terms.author_kinds.get(p.kind, p.kind), str(p.drafts), str(p.tickets), str(p.decided),
            pct(p.approval_rate, ui), num(p.rounds_to_approval, ui), num(p.median_hours_to_decision, ui),
            *(num(p.scores[k], ui) for k in SCORE_KEYS),
            delta(p.trend.change["overall"]) if p.trend else terms.not_available,
        ])
    lines += table(
        [m.name, m.kind, m.drafts, m.tickets, m.decided, m.approval, m.rounds, m.median_hours, terms.overall, *dims,
         m.last_week_short],
        rows, right=set(range(2, 14)),
    )
    for p in report.people:
        lines += ["", style(f"{clean(p.name, 60)} ({terms.author_kinds.get(p.kind, p.kind)})", bold=True)]
        week_rows = [[w.key, ui.day(w.start), str(w.reviews), *(num(w.scores[k], ui) for k in SCORE_KEYS)] for w in p.weeks]
        if p.trend:
            versus = ui.dates.versus.format(week=p.trend.week, previous=p.trend.previous)
            week_rows.append([versus, "", "", *(delta(p.trend.change[k]) for k in SCORE_KEYS)])
        lines += table([m.week, m.week_from, m.drafts, terms.overall, *dims], week_rows, right=set(range(2, 8)), indent="    ")
        nothing = m.nothing_firing if p.stopped_rules else m.no_findings
        lines.append(f"    {m.coach_next}: {clean(rule_list(p.top_rules, ui), 200) or nothing}")
        if p.drafts > RECENT_REVIEWS:
            stopped = ", ".join(p.stopped_rules) or terms.none
            lines.append(f"    {m.stopped.format(n=RECENT_REVIEWS)}: {clean(stopped, 200)}")

    lines += ["", style(m.rules, bold=True, underline=True)]
    rule_rows: list[list[Cell]] = [
        [clean(s.rule, 40), str(s.fired), str(s.changes), str(s.kept), str(s.edited_away), str(s.reworked),
         str(s.pending), str(s.unknown), precision_text(s, ui)]
        for s in report.rules
    ]
    lines += table(
        [m.rule, m.fired, m.changes, m.kept, m.edited, m.reworked, m.pending, m.unknown, m.precision],
        rule_rows, right=set(range(1, 9)),
    )
    lines.append("  " + m.precision_text.format(min=MIN_DECISIONS))

    if report.shadow is not None:
        s = report.shadow
        lines += ["", style(m.shadow_day, bold=True, underline=True)]
        if not s.rows:
            lines.append("  " + m.no_shadow)
        else:
            lines.append("  " + m.shadow_summary.format(
                drafts=m.drafts_n(len(s.rows)), tickets=m.tickets_n(s.tickets), visitors=m.visitors_n(s.visitors)))
            verdict_style = {"ready": {"fg": "green"}, "revise": {"fg": "yellow"}}
            srows: list[list[Cell]] = [
                [str(r.ticket_id), clean(r.subject, 36), clean(r.author, 24), str(r.round),
                 (terms.verdicts.get(r.verdict, r.verdict), verdict_style.get(r.verdict, {})), str(r.overall), terms.decisions.get(r.decision, r.decision)]
                for r in s.rows
            ]
            lines += table([m.ticket, m.subject, m.drafted_by, m.round, m.verdict, terms.overall, m.decision], srows, right={0, 3, 5})
            lines.append(f"  {m.most_common}: {clean(rule_list(s.top_rules, ui), 200) or terms.none}")
    return "\n".join(lines) + "\n"
