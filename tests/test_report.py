"""coach.report: exact figures from a seeded history, filters, text/markdown/HTML rendering, empty periods.

The seed (all UTC; since 2026-10-26, until 2026-11-13):

* Ana Lima (id 1, trainee): 5 drafts on 4 tickets over ISO weeks 44-46.
  d101 t11 r1 overall 50  hedging x2, blame      rework   3 h after drafting
  d102 t11 r2 overall 70  hedging                approve (macro)          2 h
  d103 t12 r1 overall 76  blame                  approve, edited text undoes the blame change   1 h (no drafted_at)
  d104 t13 r1 overall 80  filler (deletion)      approve, edited text without "just "           6 h
  d105 t14 r1 overall 90  -                      pending
* Ben Ode (id 2, trainee): 3 drafts, weeks 44-45.
  d201 t21 r1 overall 60  hedging, invitation    approve, edited text keeps both changes        4 h
  d202 t22 r1 overall 64  hedging                approve, edited text undoes it                 2 h
  d203 t23 r1 overall 58  hedging                rework                                         2 h
* Shadow day 2026-11-12: Sam Visitor (id 3) d301 t31 r1 (rework), d302 t31 r2 (approve via note),
  d303 t32 r1 (pending); "<script>alert(1)</script>" (id 4) d401 t33 r1, approved with edited
  text, with a change rebuilt from a Zendesk note (rule name only: outcome unknown).
"""

from __future__ import annotations

import re
import struct
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest

from coach.history import DecisionRecord, History, ReviewRecord
from coach.report import (
    MIN_DECISIONS,
    Report,
    build_report,
    change_outcome,
    render,
    render_text,
)
from coach.templates import Templates

SINCE = datetime(2026, 10, 26, tzinfo=timezone.utc)
UNTIL = datetime(2026, 11, 13, tzinfo=timezone.utc)
EVIL = "<script>alert(1)</script>"
NAMES = {1: "Ana Lima", 2: "Ben Ode", 3: "Sam Visitor", 4: EVIL}
KINDS = {1: "trainee", 2: "trainee", 3: "shadow", 4: "shadow"}


def review(h, draft_id, ticket, rnd, author, reviewed, overall, *, dims=None, drafted="", findings=None, changes=(),
           verdict="revise"):
    d = dims or (overall,) * 4
    h.record_review(ReviewRecord(
        draft_id=draft_id, ticket_id=ticket, round=rnd, author_id=author, author_name=NAMES[author],
        author_kind=KINDS[author], subject=f"Ticket {ticket} subject", drafted_at=drafted, reviewed_at=reviewed,
        verdict=verdict, scores={"overall": overall, "direct": d[0], "empathetic": d[1], "follow_up": d[2], "readable": d[3]},
        findings=findings or {}, changes=list(changes),
    ))


def decide(h, draft_id, decision, at, *, text=None, via="macro", reason=""):
    assert h.record_decision(DecisionRecord(
        draft_id=draft_id, decision=decision, via=via, buddy_id=9, buddy_name="Buddy", decided_at=at,
        reason=reason, approved_text=text,
    ))


def seed(h: History) -> None:
    # Ana
    review(h, 101, 11, 1, 1, "2026-10-27T10:00:00+00:00", 50, dims=(40, 50, 60, 50), drafted="2026-10-27T09:00:00+00:00",
           findings={"direct.hedging": 2, "empathetic.blame": 1}, changes=[("direct.hedging", "I think maybe", "I will")])
    decide(h, 101, "rework", "2026-10-27T12:00:00+00:00", via="note", reason="answer the refund question")
    review(h, 102, 11, 2, 1, "2026-10-28T10:00:00+00:00", 70, drafted="2026-10-28T09:30:00Z",
           findings={"direct.hedging": 1}, changes=[("direct.hedging", "probably", "will")])
    decide(h, 102, "approve", "2026-10-28T11:30:00Z")
    review(h, 103, 12, 1, 1, "2026-11-03T10:00:00+00:00", 76, dims=(80, 70, 76, 78),
           findings={"empathetic.blame": 1}, changes=[("empathetic.blame", "you should have", "the next step is to")])
    decide(h, 103, "approve", "2026-11-03T11:00:00+00:00", via="note", text="Hi,\nyou  should have read the docs.")
    review(h, 104, 13, 1, 1, "2026-11-04T10:00:00+00:00", 80, drafted="2026-11-04T08:00:00+00:00",
           findings={"direct.filler": 1}, changes=[("direct.filler", "just ", "")])
    decide(h, 104, "approve", "2026-11-04T14:00:00+00:00", via="note", text="Hi, I reset it for you.")
    review(h, 105, 14, 1, 1, "2026-11-10T10:00:00+00:00", 90, drafted="2026-11-10T09:00:00+00:00", verdict="ready")
    # Ben
    review(h, 201, 21, 1, 2, "2026-10-29T15:00:00+00:00", 60, drafted="2026-10-29T14:00:00+00:00",
           findings={"direct.hedging": 1, "follow_up.invitation": 1},
           changes=[("direct.hedging", "I guess", "I will"), ("follow_up.invitation", "", " Let me know if that helps.")])
    decide(h, 201, "approve", "2026-10-29T18:00:00+00:00", via="note", text="Hi, I will fix it today. Let me know if that helps.")
    review(h, 202, 22, 1, 2, "2026-11-05T15:00:00+00:00", 64, drafted="2026-11-05T15:00:00+00:00",
           findings={"direct.hedging": 1}, changes=[("direct.hedging", "maybe", "will")])
    decide(h, 202, "approve", "2026-11-05T17:00:00+00:00", via="note", text="Hi, maybe we can fix it.")
    review(h, 203, 23, 1, 2, "2026-11-06T09:00:00+00:00", 58, drafted="2026-11-06T08:00:00+00:00",
           findings={"direct.hedging": 1}, changes=[("direct.hedging", "I think", "I")])
    decide(h, 203, "rework", "2026-11-06T10:00:00+00:00", via="macro")
    # Shadow day
    review(h, 301, 31, 1, 3, "2026-11-12T10:00:00+00:00", 55, findings={"readable.jargon": 2, "empathetic.acknowledge": 1},
           changes=[("empathetic.acknowledge", "", "I understand. ")])
    decide(h, 301, "rework", "2026-11-12T11:00:00+00:00")
    review(h, 302, 31, 2, 3, "2026-11-12T13:00:00+00:00", 72, findings={"readable.jargon": 1})
    decide(h, 302, "approve", "2026-11-12T14:00:00+00:00", via="note")
    review(h, 303, 32, 1, 3, "2026-11-12T11:00:00+00:00", 81, verdict="ready")
    review(h, 401, 33, 1, 4, "2026-11-12T12:00:00+00:00", 66, findings={"readable.jargon": 1},
           changes=[("readable.jargon", "", "")])
    decide(h, 401, "approve", "2026-11-12T15:00:00+00:00", via="note", text="Thanks! The export works again.")


@pytest.fixture
def history(tmp_path: Path):
    with History(tmp_path / "h.sqlite3") as h:
        seed(h)
        yield h


@pytest.fixture
def report(history: History) -> Report:
    return build_report(history, since=SINCE, until=UNTIL)


@pytest.fixture(scope="module")
def templates() -> Templates:
    return Templates()


def person(report: Report, name: str):
    return next(p for p in report.people if p.name == name)


# ---------------------------------------------------------------------- figures


def test_totals(report: Report):
    t = report.totals
    assert (t.reviews, t.tickets, t.people, t.decided, t.approved, t.reworked) == (12, 10, 4, 10, 7, 3)
    assert t.approval_rate == pytest.approx(0.7)
    assert t.rounds_to_approval == pytest.approx(9 / 7)  # approved rounds 2,1,1 + 1,1 + 2 + 1
    assert t.median_hours_to_decision == pytest.approx(2.0)  # 1,1,1,2,2,2,3,3,4,6
    assert t.unreadable == 0
    assert not report.empty
    assert [w for w, _ in report.weeks] == ["2026-W44", "2026-W45", "2026-W46"]


def test_people_order_and_kinds(report: Report):
    assert [(p.name, p.kind) for p in report.people] == [
        ("Ana Lima", "trainee"), ("Ben Ode", "trainee"), (EVIL, "shadow"), ("Sam Visitor", "shadow"),
    ]


def test_person_figures(report: Report):
    ana = person(report, "Ana Lima")
    assert (ana.author_id, ana.drafts, ana.tickets, ana.decided, ana.approved, ana.reworked) == (1, 5, 4, 4, 3, 1)
    assert ana.approval_rate == pytest.approx(0.75)
    assert ana.rounds_to_approval == pytest.approx(4 / 3)  # rounds 2, 1, 1
    assert ana.median_hours_to_decision == pytest.approx(2.5)  # 3, 2, 1 (from reviewed_at: no drafted_at), 6
    assert ana.scores["overall"] == pytest.approx(73.2)
    assert ana.scores["direct"] == pytest.approx((40 + 70 + 80 + 80 + 90) / 5)

    ben = person(report, "Ben Ode")
    assert (ben.drafts, ben.tickets, ben.decided, ben.approved) == (3, 3, 3, 2)
    assert ben.approval_rate == pytest.approx(2 / 3)
    assert ben.rounds_to_approval == pytest.approx(1.0)
    assert ben.median_hours_to_decision == pytest.approx(2.0)  # 4, 2, 2


def test_weekly_trend(report: Report):
    ana = person(report, "Ana Lima")
    weeks = {w.key: w for w in ana.weeks}
    assert list(weeks) == ["2026-W44", "2026-W45", "2026-W46"]
    assert str(weeks["2026-W44"].start) == "2026-10-26"
    assert weeks["2026-W44"].reviews == 2
    assert weeks["2026-W44"].scores == pytest.approx({"overall": 60, "direct": 55, "empathetic": 60, "follow_up": 65, "readable": 60})
    assert weeks["2026-W45"].scores == pytest.approx({"overall": 78, "direct": 80, "empathetic": 75, "follow_up": 78, "readable": 79})
    assert weeks["2026-W46"].scores["overall"] == 90
    assert (ana.trend.week, ana.trend.previous) == ("2026-W46", "2026-W45")
    assert ana.trend.change == pytest.approx({"overall": 12, "direct": 10, "empathetic": 15, "follow_up": 12, "readable": 11})

    ben = person(report, "Ben Ode")
    assert [(w.key, w.scores["overall"]) for w in ben.weeks] == [("2026-W44", 60), ("2026-W45", 61)]
    assert ben.trend.change["overall"] == pytest.approx(1.0)
    assert person(report, "Sam Visitor").trend is None  # a single week


def test_top_and_stopped_rules(report: Report):
    ana = person(report, "Ana Lima")
    # earlier reviews d101, d102 fired hedging and blame; the last 3 (d103-d105) fired blame and filler
    assert ana.stopped_rules == ("direct.hedging",)
    assert [(c.rule, c.drafts, c.occurrences) for c in ana.top_rules] == [("empathetic.blame", 2, 2), ("direct.filler", 1, 1)]
    ben = person(report, "Ben Ode")
    assert ben.stopped_rules == ()  # only 3 reviews: nothing to compare
    assert [c.rule for c in ben.top_rules] == ["direct.hedging", "follow_up.invitation"]


def test_rule_precision(report: Report):
    rules = {s.rule: s for s in report.rules}
    h = rules["direct.hedging"]
    # d101 rework, d102 macro approve (kept), d201 edited but keeps "I will", d202 edited away, d203 rework
    assert (h.fired, h.occurrences, h.changes, h.kept, h.edited_away, h.reworked, h.pending, h.unknown) == (5, 6, 5, 2, 1, 2, 0, 0)
    assert h.decided == 5 and h.precision == pytest.approx(0.4)
    blame = rules["empathetic.blame"]  # edited text still says "you should have" (whitespace normalised)
    assert (blame.fired, blame.kept, blame.edited_away, blame.decided, blame.precision) == (2, 0, 1, 1, None)
    filler = rules["direct.filler"]  # deletion: the approved text no longer contains "just "
    assert (filler.kept, filler.edited_away) == (1, 0)
    assert rules["follow_up.invitation"].kept == 1
    assert rules["empathetic.acknowledge"].reworked == 1
    jargon = rules["readable.jargon"]
    assert (jargon.fired, jargon.occurrences, jargon.changes, jargon.unknown, jargon.precision) == (3, 4, 1, 1, None)
    assert [s.rule for s in report.rules][:2] == ["direct.hedging", "readable.jargon"]  # by drafts fired
    assert MIN_DECISIONS == 3


def test_change_outcome_rules():
    approve = {"decision": "approve", "approved_text": None}
    assert change_outcome("a", "b", None) == "pending"
    assert change_outcome("a", "b", {"decision": "rework", "approved_text": None}) == "reworked"
    assert change_outcome("a", "b", approve) == "kept"
    assert change_outcome("a", "b", {**approve, "approved_text": "   "}) == "kept"
    assert change_outcome("soon", "by Friday", {**approve, "approved_text": "Fixed by\n Friday."}) == "kept"
    assert change_outcome("soon", "by Friday", {**approve, "approved_text": "Fixed soon."}) == "edited_away"
    assert change_outcome("just ", "", {**approve, "approved_text": "I just did it."}) == "edited_away"
    assert change_outcome("", "", {**approve, "approved_text": "Anything"}) == "unknown"


def test_shadow_summary(report: Report):
    s = report.shadow
    assert s is not None and (s.visitors, s.tickets) == (2, 3)
    rows = [(r.ticket_id, r.round, r.author, r.verdict, r.overall, r.decision) for r in s.rows]
    assert rows == [
        (31, 1, "Sam Visitor", "revise", 55, "rework"),
        (31, 2, "Sam Visitor", "revise", 72, "approved"),
        (32, 1, "Sam Visitor", "ready", 81, "pending"),
        (33, 1, EVIL, "revise", 66, "approved (edited)"),
    ]
    assert [(c.rule, c.drafts) for c in s.top_rules] == [("readable.jargon", 3), ("empathetic.acknowledge", 1)]


def test_decisions_after_until_are_pending(history: History):
    r = build_report(history, since=None, until=datetime(2026, 11, 4, 12, 0, tzinfo=timezone.utc), trainee="ana")
    ana = r.people[0]
    assert (ana.drafts, ana.decided, ana.approved) == (4, 3, 2)  # d104 was decided at 14:00
    assert r.shadow is None


def test_unreadable_timestamps_are_counted(history: History):
    history.record_review(ReviewRecord(
        draft_id=999, ticket_id=99, round=1, author_id=1, author_name="Ana Lima", author_kind="trainee", subject="",
        drafted_at="", reviewed_at="not a date", verdict="revise",
        scores={"overall": 1, "direct": 1, "empathetic": 1, "follow_up": 1, "readable": 1}, findings={},
    ))
    r = build_report(history, since=SINCE, until=UNTIL)
    assert (r.totals.reviews, r.totals.unreadable) == (12, 1)


# ---------------------------------------------------------------------- filters


@pytest.mark.parametrize("needle", ["ana", "LIMA", "1", " Ana Lima "])
def test_filter_by_trainee_name_or_id(history: History, needle: str):
    r = build_report(history, since=SINCE, until=UNTIL, trainee=needle)
    assert [p.name for p in r.people] == ["Ana Lima"]
    assert r.totals.reviews == 5 and r.shadow is None
    assert {s.rule for s in r.rules} == {"direct.hedging", "empathetic.blame", "direct.filler"}


def test_filter_by_id_is_the_id_only(history: History):
    r = build_report(history, since=SINCE, until=UNTIL, trainee="2")
    assert [p.name for p in r.people] == ["Ben Ode"]
    assert [p.name for p in build_report(history, since=SINCE, until=UNTIL, trainee="1").people] == ["Ana Lima"]  # not alert(1)


def test_filter_by_kind(history: History):
    shadow = build_report(history, since=SINCE, until=UNTIL, kind="shadow")
    assert [p.name for p in shadow.people] == [EVIL, "Sam Visitor"]
    assert shadow.shadow is not None and len(shadow.shadow.rows) == 4
    trainees = build_report(history, since=SINCE, until=UNTIL, kind="trainee")
    assert [p.name for p in trainees.people] == ["Ana Lima", "Ben Ode"]
    assert trainees.shadow is None and trainees.totals.reviews == 8
    with pytest.raises(ValueError):
        build_report(history, since=SINCE, until=UNTIL, kind="buddy")


def test_since_limits_the_period(history: History):
    r = build_report(history, since=datetime(2026, 11, 2), until=UNTIL, kind="trainee")  # naive = UTC
    ana = person(r, "Ana Lima")
    assert ana.drafts == 3 and ana.stopped_rules == ()
    assert [w for w, _ in r.weeks] == ["2026-W45", "2026-W46"]


# ---------------------------------------------------------------------- rendering


def test_text_tables(report: Report):
    text = render_text(report)
    assert "\x1b[" not in text
    lines = text.splitlines()
    header = next(line for line in lines if line.lstrip().startswith("name ") and "drafts" in line)
    ana = next(line for line in lines if line.lstrip().startswith("Ana Lima "))
    ben = next(line for line in lines if line.lstrip().startswith("Ben Ode "))
    assert header.index("kind") == ana.index("trainee") == ben.index("trainee")  # text columns start together
    for col in ("drafts", "approval", "overall", "last wk"):  # numbers are right-aligned under their header
        end = header.index(col) + len(col)
        for row in (ana, ben):
            assert row[end - 1] != " " and row[end:end + 1] in (" ", ""), (col, row)
    assert re.search(r"Ana Lima\s+trainee\s+5\s+4\s+4\s+75%\s+1\.3\s+2\.5\s+73\.2", text)
    assert "2026-W46 vs 2026-W45" in text and "+12.0" in text
    assert "Stopped (not in the last 3 reviews): direct.hedging" in text
    assert re.search(r"direct\.hedging\s+5\s+5\s+2\s+1\s+2\s+0\s+0\s+40% of 5", text)
    assert re.search(r"empathetic\.blame\s+2\s+1\s+0\s+1\s+0\s+0\s+0\s+n/a \(1 decided\)", text)
    assert "Shadow day" in text and "approved (edited)" in text
    assert "12 drafts reviewed on 10 tickets by 4 people" in text


def test_text_colour(report: Report):
    assert "\x1b[" in render_text(report, color=True)


def test_markdown(report: Report, templates: Templates):
    md = render(report, templates, "markdown")
    assert "| name | kind | drafts | tickets |" in md
    assert "| Ana Lima | trainee | 5 | 4 | 4 | 75% | 1.3 | 2.5 | 73.2 | 72.0 | 72.0 | 75.2 | 73.6 | +12.0 |" in md
    assert "| `direct.hedging` | 5 | 5 | 2 | 1 | 2 | 0 | 0 | 40% of 5 |" in md
    assert "| `empathetic.blame` | 2 | 1 | 0 | 1 | 0 | 0 | 0 | n/a (1 decided) |" in md
    assert "| 2026-W44 | 2026-10-26 | 2 | 60.0 | 55.0 | 60.0 | 65.0 | 60.0 |" in md
    assert "| 33 | Ticket 33 subject | \\<script\\>alert(1)\\</script\\> | 1 | revise | 66 | approved (edited) |" in md
    assert "<script>" not in md
    assert "### Shadow day" in md and "### Rules" in md
    # every table row has as many cells as its header
    for block in re.split(r"\n(?!\|)", md):
        rows = [line for line in block.splitlines() if line.startswith("|")]
        if rows:
            widths = {len(re.split(r"(?<!\\)\|", row)) for row in rows}
            assert len(widths) == 1, rows


class _Checker(HTMLParser):
    """Tag balance (void elements aside) and a list of what was seen."""

    VOID = {"meta", "br", "img", "input", "hr", "link", "circle", "line", "rect", "path", "polyline", "col", "source"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.errors: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def check_html(page: str) -> _Checker:
    c = _Checker()
    c.feed(page)
    c.close()
    assert c.errors == [] and c.stack == [], (c.errors, c.stack)
    assert page.startswith("<!DOCTYPE html>")
    assert "script" not in c.tags and "link" not in c.tags and "img" not in c.tags and "iframe" not in c.tags
    assert not re.search(r"https?://", page, re.I)  # nothing to fetch: opens offline
    assert "@import" not in page and "url(" not in page
    assert not any(name.startswith("on") for name, _ in c.attrs)  # no event handlers
    return c


def test_html(report: Report, templates: Templates):
    page = render(report, templates, "html")
    c = check_html(page)
    assert c.tags.count("svg") == 2  # score trend, rule frequency
    assert c.tags.count("style") == 1
    text = " ".join(" ".join(c.text).split())
    assert EVIL in text  # shown as text...
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # ...because it was escaped
    assert "Ana Lima" in text and "73.2" in text and "40% of 5" in text and "n/a (1 decided)" in text
    assert "W46 vs W45" in text and "+12.0" in text
    assert "Shadow day" in text and "approved (edited)" in text
    assert "@media print" in page
    # the trend chart: one marker per person-week, axis labels for every week
    trend = page[page.index("<svg"):page.index("</svg>")]
    assert trend.count("<circle") == 3 + 2 + 1 + 1 + 4  # points (Ana 3, Ben 2, two visitors 1 each) + 4 legend dots
    for week in ("W44", "W45", "W46"):
        assert f">{week}</text>" in trend


def test_html_escapes_rule_names_and_subjects(tmp_path: Path, templates: Templates):
    with History(tmp_path / "x.sqlite3") as h:
        h.record_review(ReviewRecord(
            draft_id=1, ticket_id=1, round=1, author_id=None, author_name='"><img src=x onerror=alert(1)>',
            author_kind="shadow", subject="<iframe src=//evil>", drafted_at="", reviewed_at="2026-11-12T10:00:00Z",
            verdict="revise", scores={"overall": 50, "direct": 50, "empathetic": 50, "follow_up": 50, "readable": 50},
            findings={"<b>rule</b>": 1}, changes=[("<b>rule</b>", "a", "b")],
        ))
        r = build_report(h, since=None, until=UNTIL)
    page = render(r, templates, "html")
    check_html(page)
    assert "&lt;b&gt;rule&lt;/b&gt;" in page and "&lt;iframe" in page
    md = render(r, templates, "markdown")
    assert not re.search(r"(?<![\\`])<(iframe|img)", md)  # escaped: \<img, or literal in a code span


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_unknown_format(report: Report, templates: Templates, fmt: str):
    assert render(report, templates, fmt)
    with pytest.raises(ValueError):
        render(report, templates, "pdf")


# ---------------------------------------------------------------------- empty


def test_empty_history(tmp_path: Path, templates: Templates):
    with History(tmp_path / "empty.sqlite3") as h:
        r = build_report(h, since=None, until=UNTIL)
    assert r.empty and r.people == () and r.rules == () and r.shadow is None and r.weeks == ()
    assert r.totals.approval_rate is None and r.totals.median_hours_to_decision is None
    assert "No reviews in this period." in render_text(r)
    assert "No reviews in this period." in render(r, templates, "markdown")
    page = render(r, templates, "html")
    check_html(page)
    assert "No reviews in this period." in page and "<svg" not in page


def test_empty_range_and_empty_shadow_filter(history: History, templates: Templates):
    r = build_report(history, since=datetime(2027, 1, 1, tzinfo=timezone.utc), until=datetime(2027, 2, 1, tzinfo=timezone.utc))
    assert r.empty
    assert "No reviews in this period." in render_text(r, color=True)
    r = build_report(history, since=SINCE, until=UNTIL, kind="shadow", trainee="ana")
    assert r.empty and "No reviews in this period." in render(r, templates, "html")


# ---------------------------------------------------------------------- browser


@pytest.mark.browser
def test_html_renders_in_chromium(tmp_path: Path):
    screenshot_report = pytest.importorskip("screenshot_report")
    if screenshot_report.chromium() is None:
        pytest.skip("chromium is not installed")
    paths = screenshot_report.render_demo(tmp_path)
    png = screenshot_report.screenshot(paths["html"], tmp_path / "report.png", window="1280,2000")
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 2000)
    assert len(data) > 50_000  # a blank page compresses to a few kB
