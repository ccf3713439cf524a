"""Small formatting helpers shared by the text, markdown and HTML reports."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from coach.report.build import Report, RuleCount, RuleStats


def pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.0f}%"


def num(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def signed(value: float | None) -> str:
    if value is None:
        return "n/a"
    text = f"{value:+.1f}"
    return "0.0" if text in ("+0.0", "-0.0") else text.replace("-", "−")


def day_text(moment: datetime | date) -> str:
    return moment.strftime("%Y-%m-%d")


def period_text(report: Report) -> str:
    start = day_text(report.since) if report.since is not None else "start of history"
    return f"{start} to {day_text(report.until)}"


def filters_text(report: Report) -> str:
    parts = []
    if report.trainee:
        parts.append(f"people matching “{report.trainee}”")
    if report.kind == "shadow":
        parts.append("shadow visitors only")
    elif report.kind == "trainee":
        parts.append("trainees only")
    return ", ".join(parts) or "everyone"


def precision_text(s: RuleStats) -> str:
    if s.precision is None:
        return f"n/a ({s.decided} decided)" if s.decided else "n/a"
    return f"{s.precision * 100:.0f}% of {s.decided}"


def rule_list(counts: Iterable[RuleCount]) -> str:
    return ", ".join(f"{c.rule} ({c.drafts} draft{'s' if c.drafts != 1 else ''})" for c in counts)
