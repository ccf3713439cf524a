"""Progress reports for the weekly check-ins: per person, per rule, and the shadow day.

``build_report`` is pure computation over the history rows; ``render_text``,
and ``render`` (markdown, or a self-contained HTML page with inline SVG charts)
only present it. The same history and arguments always give the same figures.

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

from __future__ import annotations

import math
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from coach.dates import parse_iso
from coach.formats import label, short
from coach.history import History
from coach.model import DIMENSIONS
from coach.templates import Templates

MIN_DECISIONS = 3  # below this many decided changes, a rule's precision is "n/a"
RECENT_REVIEWS = 3  # "stopped" = not in the person's last N reviews
TOP_RULES = 5  # "coach next" rules per person
CHART_RULES = 12  # bars in the rule-frequency chart
SCORE_KEYS: tuple[str, ...] = ("overall", *DIMENSIONS)
KINDS = ("trainee", "shadow")
FORMATS = ("markdown", "html")
_TEMPLATES = {"markdown": "report/report.md.j2", "html": "report/report.html.j2"}


# ---------------------------------------------------------------------- data


@dataclass(frozen=True)
class Week:
    """One ISO week of a person's reviews."""

    key: str  # "2026-W45"
    start: date  # its Monday
    reviews: int
    scores: dict[str, float]  # overall and each dimension: means


@dataclass(frozen=True)
class Trend:
    """The latest week with reviews against the previous week with reviews."""

    week: str
    previous: str
    change: dict[str, float]  # overall and each dimension: week minus previous


@dataclass(frozen=True)
class RuleCount:
    rule: str
    drafts: int  # drafts it fired in
    occurrences: int  # findings in all


@dataclass(frozen=True)
class Person:
    key: str
    author_id: int | None
    name: str
    kind: str
    drafts: int
    tickets: int
    decided: int
    approved: int
    reworked: int
    approval_rate: float | None
    rounds_to_approval: float | None
    median_hours_to_decision: float | None
    scores: dict[str, float]
    weeks: tuple[Week, ...]
    trend: Trend | None
    top_rules: tuple[RuleCount, ...]
    stopped_rules: tuple[str, ...]


@dataclass(frozen=True)
class RuleStats:
    """One rule as its owner sees it."""

    rule: str
    fired: int  # drafts
    occurrences: int
    changes: int  # changes it made to revisions, any outcome
    kept: int
    edited_away: int
    reworked: int
    pending: int
    unknown: int

    @property
    def decided(self) -> int:
        return self.kept + self.edited_away + self.reworked

    @property
    def precision(self) -> float | None:
        return self.kept / self.decided if self.decided >= MIN_DECISIONS else None


@dataclass(frozen=True)
class ShadowRow:
    ticket_id: int
    subject: str
    round: int
    draft_id: int
    author: str
    reviewed_at: datetime
    verdict: str
    overall: int
    decision: str  # approved | approved (edited) | rework | pending


@dataclass(frozen=True)
class ShadowSummary:
    rows: tuple[ShadowRow, ...]
    visitors: int
    tickets: int
    top_rules: tuple[RuleCount, ...]


@dataclass(frozen=True)
class Totals:
    reviews: int
    tickets: int
    people: int
    decided: int
    approved: int
    reworked: int
    approval_rate: float | None
    rounds_to_approval: float | None
    median_hours_to_decision: float | None
    unreadable: int = 0  # rows in the history whose reviewed_at cannot be parsed


@dataclass(frozen=True)
class Report:
    since: datetime | None
    until: datetime
    trainee: str | None
    kind: str | None
    totals: Totals
    people: tuple[Person, ...]
    rules: tuple[RuleStats, ...]
    weeks: tuple[tuple[str, date], ...]  # every ISO week from the first to the last with reviews
    shadow: ShadowSummary | None

    @property
    def empty(self) -> bool:
        return self.totals.reviews == 0


# ---------------------------------------------------------------------- building


@dataclass
class _Review:
    draft_id: int
    ticket_id: int
    round: int
    author_id: int | None
    author_name: str
    kind: str
    subject: str
    start: datetime  # drafted_at, or reviewed_at
    reviewed_at: datetime
    verdict: str
    scores: dict[str, int]
    findings: dict[str, int] = field(default_factory=dict)
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    decision: Mapping[str, Any] | None = None
    decided_at: datetime | None = None


def _utc(moment: datetime) -> datetime:
    return (moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment).astimezone(timezone.utc)


def _matches(needle: str, author_id: int | None, name: str) -> bool:
    if needle.isdigit():
        return author_id is not None and int(needle) == author_id
    return needle.casefold() in (name or "").casefold()


def _load(history: History, since: datetime | None, until: datetime, trainee: str | None, kind: str | None) -> tuple[list[_Review], int]:
    reviews: dict[int, _Review] = {}
    unreadable = 0
    needle = (trainee or "").strip()
    for row in history.query("SELECT * FROM reviews"):
        reviewed = parse_iso(row["reviewed_at"])
        if reviewed is None:
            unreadable += 1
            continue
        if (since is not None and reviewed < since) or reviewed > until:
            continue
        if kind and row["author_kind"] != kind:
            continue
        if needle and not _matches(needle, row["author_id"], row["author_name"] or ""):
            continue
        reviews[row["draft_id"]] = _Review(
            draft_id=row["draft_id"], ticket_id=row["ticket_id"], round=row["round"], author_id=row["author_id"],
            author_name=(row["author_name"] or "").strip(), kind=row["author_kind"], subject=row["subject"] or "",
            start=parse_iso(row["drafted_at"]) or reviewed, reviewed_at=reviewed, verdict=row["verdict"],
            scores={k: row[k] for k in SCORE_KEYS},
        )
    if not reviews:
        return [], unreadable
    for row in history.query("SELECT draft_id, rule, count FROM findings ORDER BY draft_id, rule"):
        r = reviews.get(row["draft_id"])
        if r is not None and row["count"] > 0:
            r.findings[row["rule"]] = row["count"]
    for row in history.query("SELECT draft_id, rule, before, after FROM changes ORDER BY draft_id, seq"):
        r = reviews.get(row["draft_id"])
        if r is not None:
            r.changes.append((row["rule"], row["before"], row["after"]))
    for row in history.query("SELECT * FROM decisions"):
        r = reviews.get(row["draft_id"])
        if r is None or row["decision"] not in ("approve", "rework"):
            continue
        decided = parse_iso(row["decided_at"])
        if decided is not None and decided > until:
            continue  # not made yet as of the report
        r.decision, r.decided_at = dict(row), decided
    ordered = sorted(reviews.values(), key=lambda r: (r.reviewed_at, r.draft_id))
    return ordered, unreadable


def _mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


def _decision_stats(reviews: Sequence[_Review]) -> tuple[int, int, int, float | None, float | None, float | None]:
    """decided, approved, reworked, approval rate, rounds until approval, median hours to decision."""
    decided = [r for r in reviews if r.decision is not None]
    approved = [r for r in decided if r.decision["decision"] == "approve"]
    hours = [max(0.0, (r.decided_at - r.start).total_seconds() / 3600) for r in decided if r.decided_at is not None]
    return (
        len(decided),
        len(approved),
        len(decided) - len(approved),
        len(approved) / len(decided) if decided else None,
        _mean(r.round for r in approved),
        statistics.median(hours) if hours else None,
    )


def _scores(reviews: Sequence[_Review]) -> dict[str, float]:
    return {k: sum(r.scores[k] for r in reviews) / len(reviews) for k in SCORE_KEYS}


def week_of(moment: datetime) -> tuple[str, date]:
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}", date.fromisocalendar(year, week, 1)


def _rule_counts(reviews: Iterable[_Review]) -> list[RuleCount]:
    drafts: Counter[str] = Counter()
    occurrences: Counter[str] = Counter()
    for r in reviews:
        for rule, n in r.findings.items():
            drafts[rule] += 1
            occurrences[rule] += n
    counts = [RuleCount(rule, drafts[rule], occurrences[rule]) for rule in drafts]
    return sorted(counts, key=lambda c: (-c.drafts, -c.occurrences, c.rule))


def _person(key: str, reviews: list[_Review]) -> Person:
    names = [r.author_name for r in reviews if r.author_name]
    author_id = next((r.author_id for r in reversed(reviews) if r.author_id is not None), None)
    name = names[-1] if names else (f"user {author_id}" if author_id is not None else "(unknown)")
    decided, approved, reworked, rate, rounds, median = _decision_stats(reviews)
    by_week: dict[tuple[str, date], list[_Review]] = defaultdict(list)
    for r in reviews:
        by_week[week_of(r.reviewed_at)].append(r)
    weeks = tuple(Week(k, start, len(rs), _scores(rs)) for (k, start), rs in sorted(by_week.items(), key=lambda kv: kv[0][1]))
    trend = None
    if len(weeks) >= 2:
        last, prev = weeks[-1], weeks[-2]
        trend = Trend(last.key, prev.key, {k: last.scores[k] - prev.scores[k] for k in SCORE_KEYS})
    stopped: list[str] = []
    if len(reviews) > RECENT_REVIEWS:
        recent = {rule for r in reviews[-RECENT_REVIEWS:] for rule in r.findings}
        stopped = [c.rule for c in _rule_counts(reviews[:-RECENT_REVIEWS]) if c.rule not in recent]
    top = tuple(c for c in _rule_counts(reviews) if c.rule not in stopped)[:TOP_RULES]
    return Person(
        key=key, author_id=author_id, name=name, kind=reviews[-1].kind, drafts=len(reviews),
        tickets=len({r.ticket_id for r in reviews}), decided=decided, approved=approved, reworked=reworked,
        approval_rate=rate, rounds_to_approval=rounds, median_hours_to_decision=median, scores=_scores(reviews),
        weeks=weeks, trend=trend, top_rules=top, stopped_rules=tuple(stopped),
    )


def _norm(text: str | None) -> str:
    return " ".join((text or "").split())


def change_outcome(before: str, after: str, decision: Mapping[str, Any] | None) -> str:
    """kept | edited_away | reworked | pending | unknown: what became of one change of a revision."""
    if decision is None:
        return "pending"
    if decision["decision"] == "rework":
        return "reworked"
    approved = _norm(decision.get("approved_text"))
    if not approved:
        return "kept"  # the macro, or a plain /approve: the revision went out as suggested
    before, after = _norm(before), _norm(after)
    if after:
        return "kept" if after in approved else "edited_away"
    if before:
        return "kept" if before not in approved else "edited_away"
    return "unknown"


def _rules(reviews: Sequence[_Review]) -> tuple[RuleStats, ...]:
    fired = {c.rule: c for c in _rule_counts(reviews)}
    outcomes: dict[str, Counter[str]] = defaultdict(Counter)
    for r in reviews:
        for rule, before, after in r.changes:
            outcomes[rule][change_outcome(before, after, r.decision)] += 1
    stats = []
    for rule in set(fired) | set(outcomes):
        c, o = fired.get(rule), outcomes[rule]
        stats.append(RuleStats(
            rule=rule, fired=c.drafts if c else 0, occurrences=c.occurrences if c else 0, changes=sum(o.values()),
            kept=o["kept"], edited_away=o["edited_away"], reworked=o["reworked"], pending=o["pending"], unknown=o["unknown"],
        ))
    return tuple(sorted(stats, key=lambda s: (-s.fired, -s.changes, s.rule)))


def _decision_label(r: _Review) -> str:
    if r.decision is None:
        return "pending"
    if r.decision["decision"] == "rework":
        return "rework"
    return "approved (edited)" if _norm(r.decision.get("approved_text")) else "approved"


def _shadow(reviews: Sequence[_Review], people: Mapping[str, Person], keys: Mapping[int, str]) -> ShadowSummary:
    first: dict[int, datetime] = {}
    for r in reviews:  # in review order: the first one of each ticket
        first.setdefault(r.ticket_id, r.reviewed_at)
    reviews = sorted(reviews, key=lambda r: (first[r.ticket_id], r.ticket_id, r.round, r.reviewed_at, r.draft_id))
    rows = tuple(
        ShadowRow(
            ticket_id=r.ticket_id, subject=r.subject, round=r.round, draft_id=r.draft_id, author=people[keys[r.draft_id]].name,
            reviewed_at=r.reviewed_at, verdict=r.verdict, overall=r.scores["overall"], decision=_decision_label(r),
        )
        for r in reviews
    )
    return ShadowSummary(
        rows=rows, visitors=len({keys[r.draft_id] for r in reviews}), tickets=len({r.ticket_id for r in reviews}),
        top_rules=tuple(_rule_counts(reviews)[:TOP_RULES]),
    )


def _person_key(r: _Review) -> str:
    who = f"id:{r.author_id}" if r.author_id is not None else f"name:{r.author_name.casefold()}"
    return f"{r.kind}/{who}"


def build_report(
    history: History, *, since: datetime | None, until: datetime, trainee: str | None = None, kind: str | None = None
) -> Report:
    """Everything a weekly check-in shows, from the reviews in ``[since, until]`` (see the module docstring)."""
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    since = _utc(since) if since is not None else None
    until = _utc(until)
    reviews, unreadable = _load(history, since, until, trainee, kind)
    groups: dict[str, list[_Review]] = defaultdict(list)
    keys: dict[int, str] = {}
    for r in reviews:
        keys[r.draft_id] = _person_key(r)
        groups[keys[r.draft_id]].append(r)
    people = {key: _person(key, rs) for key, rs in groups.items()}
    ordered = tuple(sorted(people.values(), key=lambda p: (KINDS.index(p.kind) if p.kind in KINDS else 2, p.name.casefold(), p.key)))
    decided, approved, reworked, rate, rounds, median = _decision_stats(reviews)
    totals = Totals(
        reviews=len(reviews), tickets=len({r.ticket_id for r in reviews}), people=len(people), decided=decided,
        approved=approved, reworked=reworked, approval_rate=rate, rounds_to_approval=rounds,
        median_hours_to_decision=median, unreadable=unreadable,
    )
    weeks: list[tuple[str, date]] = []
    if reviews:
        first, last = week_of(reviews[0].reviewed_at)[1], week_of(reviews[-1].reviewed_at)[1]
        day = first
        while day <= last:
            weeks.append(week_of(datetime.combine(day, datetime.min.time())))
            day += timedelta(weeks=1)
    shadow_reviews = [r for r in reviews if r.kind == "shadow"]
    shadow = _shadow(shadow_reviews, people, keys) if (kind == "shadow" or shadow_reviews) else None
    return Report(
        since=since, until=until, trainee=(trainee or "").strip() or None, kind=kind, totals=totals, people=ordered,
        rules=_rules(reviews), weeks=tuple(weeks), shadow=shadow,
    )


# ---------------------------------------------------------------------- presentation helpers


def pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.0f}%"


def num(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def signed(value: float | None) -> str:
    if value is None:
        return "n/a"
    text = f"{value:+.1f}"
    return "0.0" if text in ("+0.0", "-0.0") else text.replace("-", "−")


def _day(moment: datetime | date) -> str:
    return moment.strftime("%Y-%m-%d")


def period_text(report: Report) -> str:
    start = _day(report.since) if report.since is not None else "start of history"
    return f"{start} to {_day(report.until)}"


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


def _rule_list(counts: Iterable[RuleCount]) -> str:
    return ", ".join(f"{c.rule} ({c.drafts} draft{'s' if c.drafts != 1 else ''})" for c in counts)


# ---------------------------------------------------------------------- text


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
        week_rows = [[w.key, _day(w.start), str(w.reviews), *(num(w.scores[k]) for k in SCORE_KEYS)] for w in p.weeks]
        if p.trend:
            week_rows.append([f"{p.trend.week} vs {p.trend.previous}", "", "", *(delta(p.trend.change[k]) for k in SCORE_KEYS)])
        lines += table(["week", "from", "drafts", "overall", *dims], week_rows, right=set(range(2, 8)), indent="    ")
        nothing = "nothing still firing (see stopped)" if p.stopped_rules else "no findings"
        lines.append(f"    coach next: {clean(_rule_list(p.top_rules), 200) or nothing}")
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
            lines.append(f"  most common rules: {clean(_rule_list(s.top_rules), 200) or 'none'}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------- markdown and HTML


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#!])")


def md(text: Any) -> str:
    """Text for a markdown table cell: one line, markdown punctuation backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def md_code(text: Any) -> str:
    """A code span for a table cell (rule names)."""
    one = " ".join(str(text).split()).replace("|", "\\|")
    return f"`` {one} ``" if "`" in one else f"`{one}`"


PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#444444", "#8C564B")
_DASHES = ("", "6 3", "2 3")


def _nice_step(span: float, ticks: int = 5) -> int:
    raw = span / ticks
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if step >= raw:
            return step
    return int(raw) + 1


def trend_chart(report: Report, colors: Mapping[str, str]) -> dict[str, Any] | None:
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
        {"x": round(x(i), 1), "label": key.split("-")[1], "sub": f"{start.day} {start:%b}", "show": i % every == 0 or i == n - 1}
        for i, (key, start) in enumerate(report.weeks)
    ]
    yticks = [{"y": round(y(v), 1), "label": str(v)} for v in range(lo, hi + 1, step)]
    series = []
    single = len(people) == 1
    for k, p in enumerate(people):
        pts = [(index[w.key], w) for w in p.weeks]
        points = [
            {"x": round(x(i), 1), "y": round(y(w.scores["overall"]), 1), "value": num(w.scores["overall"]),
             "title": f"{p.name}, {w.key}: {num(w.scores['overall'])} ({w.reviews} draft{'s' if w.reviews != 1 else ''})"}
            for i, w in pts
        ]
        segments = [
            {"x1": a["x"], "y1": a["y"], "x2": b["x"], "y2": b["y"], "gap": pts[j + 1][0] - pts[j][0] > 1}
            for j, (a, b) in enumerate(zip(points, points[1:]))
        ]
        series.append({
            "name": short(p.name, 22 if p.kind == "shadow" else 30), "full_name": p.name, "kind": p.kind, "color": colors[p.key],
            "dash": _DASHES[(k // len(PALETTE)) % len(_DASHES)], "points": points, "segments": segments,
            "legend_y": plot_top + 8 + 18 * k, "last": points[-1]["value"] if points else "",
        })
    return {
        "width": width, "height": height, "left": plot_left, "top": plot_top, "right": plot_left + plot_w,
        "bottom": plot_top + plot_h, "plot_w": plot_w, "plot_h": plot_h, "legend_x": plot_left + plot_w + 24,
        "xticks": xticks, "yticks": yticks, "series": series, "labels": single, "y_title": "overall score",
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
                {"key": w.key, "short": _short_week(w.key), "start": _day(w.start), "start_short": f"{w.start.day} {w.start:%b}",
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


__all__ = [
    "FORMATS", "MIN_DECISIONS", "RECENT_REVIEWS", "TOP_RULES", "Person", "Report", "RuleCount", "RuleStats",
    "ShadowRow", "ShadowSummary", "Totals", "Trend", "Week", "build_report", "change_outcome",
    "render", "render_text", "week_of",
]
