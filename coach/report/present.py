"""Small formatting helpers shared by the text, markdown and HTML reports, in the report's language."""

from __future__ import annotations

from collections.abc import Iterable

from coach.i18n import Messages
from coach.report.build import Report, RuleCount, RuleStats


def pct(value: float | None, ui: Messages) -> str:
    return ui.terms.not_available if value is None else ui.percent(value)


def num(value: float | None, ui: Messages, digits: int = 1) -> str:
    return ui.terms.not_available if value is None else ui.number(value, digits)


def signed(value: float | None, ui: Messages) -> str:
    if value is None:
        return ui.terms.not_available
    if f"{abs(value):.1f}" == "0.0":
        return ui.number(0.0)
    return ("+" if value > 0 else "−") + ui.number(abs(value))


def period_text(report: Report, ui: Messages) -> str:
    start = ui.day(report.since) if report.since is not None else ui.report.start_of_history
    return ui.report.period.format(start=start, end=ui.day(report.until))


def filters_text(report: Report, ui: Messages) -> str:
    parts = []
    if report.trainee:
        parts.append(ui.report.matching.format(who=report.trainee))
    if report.kind == "shadow":
        parts.append(ui.report.shadow_only)
    elif report.kind == "trainee":
        parts.append(ui.report.trainees_only)
    return ", ".join(parts) or ui.report.everyone


def precision_text(s: RuleStats, ui: Messages) -> str:
    if s.precision is None:
        return ui.report.precision_na(s.decided) if s.decided else ui.terms.not_available
    return ui.report.precision_of.format(pct=ui.percent(s.precision), n=s.decided)


def rule_list(counts: Iterable[RuleCount], ui: Messages) -> str:
    return ", ".join(f"{c.rule} ({ui.report.drafts_n(c.drafts)})" for c in counts)
