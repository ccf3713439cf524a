"""The report as aligned plain-text tables (``coach report`` on a terminal)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coach.formats import label, short
from coach.model import DIMENSIONS, SCORE_KEYS
from coach.report.build import MIN_DECISIONS, RECENT_REVIEWS, Report
from coach.report.present import (
    day_text,
    filters_text,
    num,
    pct,
    period_text,
    precision_text,
    rule_list,
    signed,
)

Cell = str | tuple[str, dict[str, Any]]


def render_text(report: Report, *, color: bool = False) -> str:
    """The terminal report: aligned plain tables (``color``: ANSI styles via click)."""

    def style(s: str, **kw: Any) -> str:
        if not color or not kw:
            return s
        import click

        return click.style(s, **kw)

    def delta(value: float | None) -> Cell:
        text = signed(value)
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
    lines = [style("coach progress report", bold=True) + f"  {period_text(report)}  ({filters_text(report)})", ""]
    if report.empty:
        lines.append("No reviews in this period.")
        if t.unreadable:
            lines.append(f"({t.unreadable} reviews in the history have an unreadable date and were left out.)")
        return "\n".join(lines) + "\n"
    lines.append(
        f"{t.reviews} drafts reviewed on {t.tickets} tickets by {t.people} "
        f"{'person' if t.people == 1 else 'people'}; {t.decided} decided, {t.approved} approved "
        f"(approval rate {pct(t.approval_rate)}), {num(t.rounds_to_approval)} rounds until approval, "
        f"median {num(t.median_hours_to_decision)} h to decision."
    )
    if t.unreadable:
        lines.append(f"({t.unreadable} reviews in the history have an unreadable date and were left out.)")

    dims = [label(d) for d in DIMENSIONS]
    lines += ["", style("People", bold=True, underline=True)]
    rows: list[list[Cell]] = []
    for p in report.people:
        rows.append([
            clean(p.name, 30), p.kind, str(p.drafts), str(p.tickets), str(p.decided), pct(p.approval_rate),
            num(p.rounds_to_approval), num(p.median_hours_to_decision), *(num(p.scores[k]) for k in SCORE_KEYS),
            delta(p.trend.change["overall"]) if p.trend else "n/a",
        ])
    lines += table(
        ["name", "kind", "drafts", "tickets", "decided", "approval", "rounds", "median h", "overall", *dims, "last wk"],
        rows, right=set(range(2, 14)),
    )
    for p in report.people:
        lines += ["", style(f"{clean(p.name, 60)} ({p.kind})", bold=True)]
        week_rows = [[w.key, day_text(w.start), str(w.reviews), *(num(w.scores[k]) for k in SCORE_KEYS)] for w in p.weeks]
        if p.trend:
            week_rows.append([f"{p.trend.week} vs {p.trend.previous}", "", "", *(delta(p.trend.change[k]) for k in SCORE_KEYS)])
        lines += table(["week", "from", "drafts", "overall", *dims], week_rows, right=set(range(2, 8)), indent="    ")
        nothing = "nothing still firing (see stopped)" if p.stopped_rules else "no findings"
        lines.append(f"    coach next: {clean(rule_list(p.top_rules), 200) or nothing}")
        if p.drafts > RECENT_REVIEWS:
            stopped = ", ".join(p.stopped_rules) or "none"
            lines.append(f"    stopped (not in the last {RECENT_REVIEWS} reviews): {clean(stopped, 200)}")

    lines += ["", style("Rules", bold=True, underline=True)]
    rule_rows: list[list[Cell]] = [
        [clean(s.rule, 40), str(s.fired), str(s.changes), str(s.kept), str(s.edited_away), str(s.reworked),
         str(s.pending), str(s.unknown), precision_text(s)]
        for s in report.rules
    ]
    lines += table(
        ["rule", "fired", "changes", "kept", "edited", "reworked", "pending", "unknown", "precision"],
        rule_rows, right=set(range(1, 9)),
    )
    lines.append(f"  precision = kept / (kept + edited + reworked); n/a below {MIN_DECISIONS} decided changes.")

    if report.shadow is not None:
        s = report.shadow
        lines += ["", style("Shadow day", bold=True, underline=True)]
        if not s.rows:
            lines.append("  No shadow reviews in this period.")
        else:
            lines.append(f"  {len(s.rows)} drafts on {s.tickets} tickets by {s.visitors} visitor{'s' if s.visitors != 1 else ''}")
            verdict_style = {"ready": {"fg": "green"}, "revise": {"fg": "yellow"}}
            srows: list[list[Cell]] = [
                [str(r.ticket_id), clean(r.subject, 36), clean(r.author, 24), str(r.round),
                 (r.verdict, verdict_style.get(r.verdict, {})), str(r.overall), r.decision]
                for r in s.rows
            ]
            lines += table(["ticket", "subject", "drafted by", "round", "verdict", "overall", "decision"], srows, right={0, 3, 5})
            lines.append(f"  most common rules: {clean(rule_list(s.top_rules), 200) or 'none'}")
    return "\n".join(lines) + "\n"
