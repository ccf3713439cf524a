"""Progress reports for the weekly check-ins: per person, per rule, and the shadow day.

``build_report`` (``build.py``) is pure computation over the history rows;
``render_text`` (``text.py``) and ``render`` (``pages.py``: markdown, or a
self-contained HTML page with the inline SVG charts of ``charts.py``) only present it. The same history and arguments always give the same figures.

Definitions (every figure is over the reviews in the period, after the filters):

* **Period**: reviews whose ``reviewed_at`` is ``since <= reviewed_at <= until``
  (``since=None``: from the start of the history). Timestamps without an offset
  are UTC. A decision counts only when it was made by ``until`` (``decided_at <=
  until``); a later one is "pending" as of the report. Reviews whose
  ``reviewed_at`` cannot be parsed are left out and counted in ``Totals.unreadable``.
* **Filters**: ``trainee`` is an author id when it is all digits, otherwise a
  case-insensitive substring of the author name; ``kind`` keeps ``trainee`` or
  ``shadow`` authors only.
* **Person**: one author (by Zendesk id, or by name when there is no id) in one
  role (trainee / shadow); the name shown is the most recent non-empty one.
* **Drafts** reviewed; **tickets**: distinct tickets among them.
* **Decided** = approved + rework. **Approval rate** = approved / decided.
* **Rounds until approval**: the mean ``round`` of the approved drafts (round 1
  approved = 1 round).
* **Median hours to decision**: median of ``decided_at - drafted_at`` (or
  ``reviewed_at`` when ``drafted_at`` is empty or unreadable) over decided
  drafts, in hours; negative spans (clock skew) count as 0.
* **Scores**: the mean of ``overall`` and of each dimension over the drafts.
* **Weekly trend**: ISO weeks (``2026-W45``, Monday to Sunday, UTC) of
  ``reviewed_at`` -> mean scores. **Change** = the latest week with reviews minus
  the previous week with reviews (named, so a gap is visible).
* **Coach next** (top rules): rules by the number of the person's drafts they
  fired in (then total occurrences, then name), at most ``TOP_RULES``, leaving
  out the stopped rules.
* **Stopped rules**: rules that fired in the person's earlier reviews of the
  period but in none of their most recent ``RECENT_REVIEWS`` reviews (ordered by
  ``reviewed_at``, then draft id); only for people with more than
  ``RECENT_REVIEWS`` reviews. (Counting reviews rather than weeks works the same
  for someone who drafts twice a week and someone who drafts twenty times.)
* **Per rule**: *fired* = drafts with a finding of the rule; every change the
  rule made to a revision (``changes`` table) is, as of ``until``: *kept* (approved
  without edited text -- the macro or a plain ``/approve`` -- or the edited text
  still contains the change's ``after`` text, for replacements and insertions,
  or no longer contains its ``before`` text, for deletions; whitespace is
  normalised, case is not), *edited away* (approved with edited text that undid
  it), *reworked* (the draft got ``rework``), *pending* (no decision yet) or
  *unknown* (approved with edited text, but the change's text is not known:
  histories rebuilt from Zendesk notes keep only the rule name). **Precision** =
  kept / (kept + edited away + reworked), ``None`` ("n/a") below
  ``MIN_DECISIONS`` such changes. A draft with two changes by a rule counts twice.
* **Shadow day**: shown when ``kind == "shadow"`` or shadow reviews are in the
  period: one row per shadow draft (ticket, round, who, verdict, overall,
  decision), grouped by ticket in the order the tickets were first reviewed, and
  the rules most common in them.
"""

from coach.report.build import (
    FORMATS,
    MIN_DECISIONS,
    RECENT_REVIEWS,
    TOP_RULES,
    Person,
    Report,
    RuleCount,
    RuleStats,
    ShadowRow,
    ShadowSummary,
    Totals,
    Trend,
    Week,
    build_report,
    change_outcome,
    week_of,
)
from coach.report.pages import render
from coach.report.text import render_text

__all__ = [
    "FORMATS", "MIN_DECISIONS", "RECENT_REVIEWS", "TOP_RULES", "Person", "Report", "RuleCount", "RuleStats",
    "ShadowRow", "ShadowSummary", "Totals", "Trend", "Week", "build_report", "change_outcome",
    "render", "render_text", "week_of",
]
