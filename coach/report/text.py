"""The report as aligned plain-text tables (``coach report`` on a terminal)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from coach.check.formats import short
from coach.i18n import DEFAULT_UI_LANG, Messages, messages
from coach.model import DIMENSIONS, SCORE_KEYS
from coach.report.build import MIN_DECISIONS, RECENT_REVIEWS, Person, Report, ShadowSummary
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
_VERDICT_STYLE = {"ready": {"fg": "green"}, "revise": {"fg": "yellow"}}


def render_text(report: Report, *, color: bool = False, lang: str = DEFAULT_UI_LANG) -> str:
    """The terminal report in ``lang``: aligned plain tables (``color``: ANSI styles via click)."""
    out = _Writer(messages(lang), color)
    m, t = out.ui.report, report.totals
    lines = [out.style(m.title, bold=True) + f"  {period_text(report, out.ui)}  ({filters_text(report, out.ui)})", ""]
    if not report.empty:
        lines.append(m.summary.format(
            reviews=t.reviews, tickets=t.tickets, people=m.people_count(t.people), decided=t.decided,
            approved=t.approved, rate=pct(t.approval_rate, out.ui), rounds=num(t.rounds_to_approval, out.ui),
            median=num(t.median_hours_to_decision, out.ui),
        ))
    else:
        lines.append(m.empty)
    if t.unreadable:
        lines.append(f"({m.unreadable(t.unreadable)})")
    if not report.empty:
        lines += out.people(report.people) + out.rules(report)
        if report.shadow is not None:
            lines += out.shadow(report.shadow)
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class _Writer:
    """Styles, tables and the report's sections in one language."""

    ui: Messages
    color: bool

    def style(self, s: str, **kw: Any) -> str:
        if not self.color or not kw:
            return s
        import click

        return click.style(s, **kw)

    def heading(self, title: str) -> list[str]:
        return ["", self.style(title, bold=True, underline=True)]

    def delta(self, value: float | None) -> Cell:
        text = signed(value, self.ui)
        if value is None or abs(value) < 0.05:
            return text
        return (text, {"fg": "green" if value > 0 else "red"})

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[Cell]], right: set[int], indent: str = "  ") -> list[str]:
        plain = [[c if isinstance(c, str) else c[0] for c in row] for row in rows]
        widths = [max([len(h)] + [len(row[i]) for row in plain]) for i, h in enumerate(headers)]

        def line(cells: Sequence[Cell], head: bool = False) -> str:
            out = []
            for i, c in enumerate(cells):
                text, kw = (c, {}) if isinstance(c, str) else c
                padded = text.rjust(widths[i]) if i in right else text.ljust(widths[i])
                out.append(self.style(padded, bold=True) if head else self.style(padded, **kw))
            return (indent + "  ".join(out)).rstrip()

        return [line(headers, head=True), indent + "  ".join("-" * w for w in widths), *(line(r) for r in rows)]

    @staticmethod
    def clean(text: str, limit: int = 40) -> str:
        return short("".join(ch if ch.isprintable() else " " for ch in text), limit)

    def people(self, people: Sequence[Person]) -> list[str]:
        ui, m, terms = self.ui, self.ui.report, self.ui.terms
        dims = [terms.dimensions[d] for d in DIMENSIONS]
        rows: list[list[Cell]] = [
            [self.clean(p.name, 30), terms.author_kinds.get(p.kind, p.kind), str(p.drafts), str(p.tickets), str(p.decided),
             pct(p.approval_rate, ui), num(p.rounds_to_approval, ui), num(p.median_hours_to_decision, ui),
             *(num(p.scores[k], ui) for k in SCORE_KEYS),
             self.delta(p.trend.change["overall"]) if p.trend else terms.not_available]
            for p in people
        ]
        headers = [m.name, m.kind, m.drafts, m.tickets, m.decided, m.approval, m.rounds, m.median_hours, terms.overall,
                   *dims, m.last_week_short]
        lines = self.heading(m.people) + self.table(headers, rows, right=set(range(2, 14)))
        for p in people:
            lines += self.person(p, dims)
        return lines

    def person(self, p: Person, dims: list[str]) -> list[str]:
        ui, m, terms = self.ui, self.ui.report, self.ui.terms
        lines = ["", self.style(f"{self.clean(p.name, 60)} ({terms.author_kinds.get(p.kind, p.kind)})", bold=True)]
        rows: list[list[Cell]] = [
            [w.key, ui.day(w.start), str(w.reviews), *(num(w.scores[k], ui) for k in SCORE_KEYS)] for w in p.weeks
        ]
        if p.trend:
            versus = ui.dates.versus.format(week=p.trend.week, previous=p.trend.previous)
            rows.append([versus, "", "", *(self.delta(p.trend.change[k]) for k in SCORE_KEYS)])
        lines += self.table([m.week, m.week_from, m.drafts, terms.overall, *dims], rows, right=set(range(2, 8)), indent="    ")
        nothing = m.nothing_firing if p.stopped_rules else m.no_findings
        lines.append(f"    {m.coach_next}: {self.clean(rule_list(p.top_rules, ui), 200) or nothing}")
        if p.drafts > RECENT_REVIEWS:
            stopped = ", ".join(p.stopped_rules) or terms.none
            lines.append(f"    {m.stopped.format(n=RECENT_REVIEWS)}: {self.clean(stopped, 200)}")
        return lines

    def rules(self, report: Report) -> list[str]:
        m = self.ui.report
        rows: list[list[Cell]] = [
            [self.clean(s.rule, 40), str(s.fired), str(s.changes), str(s.kept), str(s.edited_away), str(s.reworked),
             str(s.pending), str(s.unknown), precision_text(s, self.ui)]
            for s in report.rules
        ]
        headers = [m.rule, m.fired, m.changes, m.kept, m.edited, m.reworked, m.pending, m.unknown, m.precision]
        return [*self.heading(m.rules), *self.table(headers, rows, right=set(range(1, 9))),
                "  " + m.precision_text.format(min=MIN_DECISIONS)]

    def shadow(self, s: ShadowSummary) -> list[str]:
        m, terms = self.ui.report, self.ui.terms
        if not s.rows:
            return [*self.heading(m.shadow_day), "  " + m.no_shadow]
        summary = m.shadow_summary.format(
            drafts=m.drafts_n(len(s.rows)), tickets=m.tickets_n(s.tickets), visitors=m.visitors_n(s.visitors))
        rows: list[list[Cell]] = [
            [str(r.ticket_id), self.clean(r.subject, 36), self.clean(r.author, 24), str(r.round),
             (terms.verdicts.get(r.verdict, r.verdict), _VERDICT_STYLE.get(r.verdict, {})), str(r.overall),
             terms.decisions.get(r.decision, r.decision)]
            for r in s.rows
        ]
        headers = [m.ticket, m.subject, m.drafted_by, m.round, m.verdict, terms.overall, m.decision]
        return [*self.heading(m.shadow_day), "  " + summary, *self.table(headers, rows, right={0, 3, 5}),
                f"  {m.most_common}: {self.clean(rule_list(s.top_rules, self.ui), 200) or terms.none}"]
