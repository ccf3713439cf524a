"""Inline SVG chart geometry for the HTML report: score trends and rule frequencies."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from coach.check.formats import short
from coach.i18n import Messages
from coach.report.build import CHART_RULES, Report, RuleStats
from coach.report.present import num

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#444444", "#8C564B")
_DASHES = ("", "6 3", "2 3")


def _nice_step(span: float, ticks: int = 5) -> int:
    raw = span / ticks
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if step >= raw:
            return step
    return int(raw) + 1


def trend_chart(report: Report, colors: Mapping[str, str], ui: Messages) -> dict[str, Any] | None:
    """Geometry of the weekly overall-score line chart (one line per person); None without data."""
    if not report.weeks or not report.people:
        return None
    people = report.people
    legend_w = 250
    plot_left, plot_top, plot_w = 52, 20, 700
    plot_h = max(230, 18 * len(people) - 10)
    width, height = plot_left + plot_w + 24 + legend_w, plot_top + plot_h + 52
    values = [w.scores["overall"] for p in people for w in p.weeks]
    low, high = min(values), max(values)
    lo = max(0, math.floor((low - 2) / 10) * 10)
    hi = min(100, math.ceil((high + 2) / 10) * 10)
    if hi - lo < 20:
        lo, hi = (hi - 20, hi) if hi >= 20 else (0, 20)
    step = 5 if hi - lo <= 30 else 10 if hi - lo <= 60 else 20
    index = {key: i for i, (key, _) in enumerate(report.weeks)}
    n = len(report.weeks)

    def x(i: int) -> float:
        return plot_left + (plot_w / 2 if n == 1 else 16 + i * (plot_w - 32) / (n - 1))

    def y(v: float) -> float:
        return plot_top + plot_h - (v - lo) / (hi - lo) * plot_h

    every = max(1, -(-n // 12))  # at most ~12 x labels
    xticks = [
        {"x": round(x(i), 1), "label": ui.week(key), "sub": ui.day_month(start), "show": i % every == 0 or i == n - 1}
        for i, (key, start) in enumerate(report.weeks)
    ]
    yticks = [{"y": round(y(v), 1), "label": str(v)} for v in range(lo, hi + 1, step)]
    series = []
    single = len(people) == 1
    for k, p in enumerate(people):
        pts = [(index[w.key], w) for w in p.weeks]
        points = [
            {"x": round(x(i), 1), "y": round(y(w.scores["overall"]), 1), "value": num(w.scores["overall"], ui),
             "title": ui.report.point(w.reviews, name=p.name, week=w.key, score=num(w.scores["overall"], ui))}
            for i, w in pts
        ]
        segments = [
            {"x1": a["x"], "y1": a["y"], "x2": b["x"], "y2": b["y"], "gap": pts[j + 1][0] - pts[j][0] > 1}
            for j, (a, b) in enumerate(zip(points, points[1:]))
        ]
        series.append({
            "name": short(p.name, 22 if p.kind == "shadow" else 30), "full_name": p.name, "kind": p.kind,
            "kind_label": ui.terms.author_kinds.get(p.kind, p.kind), "color": colors[p.key],
            "dash": _DASHES[(k // len(PALETTE)) % len(_DASHES)], "points": points, "segments": segments,
            "legend_y": plot_top + 8 + 18 * k, "last": points[-1]["value"] if points else "",
        })
    return {
        "width": width, "height": height, "left": plot_left, "top": plot_top, "right": plot_left + plot_w,
        "bottom": plot_top + plot_h, "plot_w": plot_w, "plot_h": plot_h, "legend_x": plot_left + plot_w + 24,
        "xticks": xticks, "yticks": yticks, "series": series, "labels": single, "y_title": ui.report.trend_axis,
    }


def rule_chart(rules: Sequence[RuleStats], limit: int = CHART_RULES) -> dict[str, Any] | None:
    """Geometry of the rule-frequency horizontal bar chart (drafts each rule fired in); None without data."""
    top = [s for s in rules if s.fired][:limit]
    if not top:
        return None
    names = [short(s.rule, 34) for s in top]
    label_w = min(260, 16 + 7 * max(len(n) for n in names))
    bar_h, gap, top_pad = 18, 8, 10
    plot_w = 420
    width = label_w + plot_w + 90
    height = top_pad + len(top) * (bar_h + gap) + 34
    peak = max(s.fired for s in top)
    step = _nice_step(peak, 5)
    axis_max = -(-peak // step) * step
    scale = plot_w / axis_max
    bars = [
        {"label": names[i], "rule": s.rule, "y": top_pad + i * (bar_h + gap), "w": round(max(1.0, s.fired * scale), 1),
         "value": s.fired, "occurrences": s.occurrences}
        for i, s in enumerate(top)
    ]
    for b in bars:
        b["text_y"] = b["y"] + bar_h / 2 + 4
        b["value_x"] = label_w + b["w"] + 6
    axis_y = top_pad + len(top) * (bar_h + gap)
    ticks = [{"x": round(label_w + v * scale, 1), "label": str(v)} for v in range(0, axis_max + 1, step)]
    return {
        "width": width, "height": height, "label_w": label_w, "bar_h": bar_h, "bars": bars, "axis_y": axis_y,
        "ticks": ticks, "right": label_w + plot_w, "more": max(0, sum(1 for s in rules if s.fired) - len(top)),
    }
