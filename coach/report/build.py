"""The report's figures: pure computation over the history rows (definitions in ``coach.report``)."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from coach.dates import parse_iso
from coach.history import History
from coach.model import SCORE_KEYS

MIN_DECISIONS = 3  # below this many decided changes, a rule's precision is "n/a"
RECENT_REVIEWS = 3  # "stopped" = not in the person's last N reviews
TOP_RULES = 5  # "coach next" rules per person
CHART_RULES = 12  # bars in the rule-frequency chart
KINDS = ("trainee", "shadow")
FORMATS = ("markdown", "html")


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
