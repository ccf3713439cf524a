"""The words coach shows people (trainees, buddies, training leads) in their team's language.

``messages(ui_lang)`` gives one typed catalog (``Messages``) per language in
``UI_LANGS``, each in its own module (``en.py``, ``de.py``, ``it.py``): Python
code reads ``messages("de").check.no_findings``, and every template receives
the same object as ``ui`` (see ``coach.templates``). The types are named tuples
(cheap to define at start-up). A key missing in one language is a TypeError
at import (no field has a default);
``tests/test_i18n.py`` also checks that each language fills every mapping and
uses the same ``{placeholders}``.

Only the user interface lives here: rule messages come from the rule packs
(``rules/<lang>/``), and the JSON contract keeps its English codes.
"""

# No ``from __future__ import annotations`` here: NamedTuple would turn every string annotation
# into a compiled ForwardRef, which costs ~10 ms at start-up; real types cost nothing.
from collections.abc import Mapping
from importlib import import_module
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from datetime import date, datetime

UI_LANGS: tuple[str, ...] = ("en", "de", "it")
DEFAULT_UI_LANG = "en"


class Plural(NamedTuple):
    """One message in its singular and plural form, e.g. ``Plural("{n} draft", "{n} drafts")(3)``."""

    one: str
    many: str

    def __call__(self, n: int, **values: object) -> str:
        return (self.one if n == 1 else self.many).format(n=n, **values)


class Terms(NamedTuple):
    """Names of the codes coach uses everywhere (the codes themselves stay English in JSON and config)."""

    dimensions: Mapping[str, str]  # direct, empathetic, follow_up, readable
    overall: str
    severities: Mapping[str, str]  # info, warning, error
    verdicts: Mapping[str, str]  # ready, revise: one word, for tables
    verdict_sentences: Mapping[str, str]  # ready, revise: what a note says
    author_kinds: Mapping[str, str]  # trainee, shadow
    decisions: Mapping[str, str]  # approved, approved (edited), rework, pending
    not_available: str
    none: str
    percent: str  # {value}
    languages: Mapping[str, str]  # en, de, it, fr, es, pt, nl


class Dates(NamedTuple):
    """How dates read: strftime patterns, month abbreviations, ISO weeks."""

    day: str  # strftime pattern of a calendar day
    moment: str  # strftime pattern of a day and time (UTC)
    day_month: str  # "{day} {month}"
    months: tuple[str, ...]  # 12 abbreviations
    week: str  # a short ISO week label, "{week}" is the number
    versus: str  # "{week} vs {previous}"


class Macros(NamedTuple):
    """The Zendesk macros' titles and descriptions (``coach macros``; the notes name the titles)."""

    submit: str
    submit_description: str
    submit_shadow: str
    submit_shadow_description: str
    approve: str
    approve_description: str
    rework: str
    rework_description: str


class CheckText(NamedTuple):
    """``coach check``: the terminal report and the markdown one."""

    no_findings: str
    readability_label: str
    readability: str  # {words} {sentences} {metrics}: the counts already in words ("1 word", "7 sentences")
    word_count: Plural
    sentence_count: Plural
    metric_names: Mapping[str, str]  # readability formula key -> its name in this language
    revision: Plural  # heading over the suggested revision, {n} changes
    deleted: str
    added: str  # {text}
    removed: str  # {text}
    replaced: str  # {before} {after}
    drafts: Plural
    ready: str  # {n}
    to_revise: str  # {n}
    unreadable: str  # {n}
    unchecked: str  # {n}: drafts in a language without rules
    not_checked: str  # the verdict shown for such a draft
    unchecked_notice: str  # {language} {available}: why a draft was not checked


class ExplainText(NamedTuple):
    """``coach explain RULE``."""

    enabled: str
    disabled: str
    file: str
    message: str
    why: str
    source: str
    settings: str
    good: str
    bad: str
    answering: str


class SkipText(NamedTuple):
    """The note on a draft coach could not check (written by code, in coach.workflow.notes)."""

    title: str
    advice: str  # names the submit macro: {macro}


class ReportText(NamedTuple):
    """``coach report``: labels shared by the text, markdown and HTML reports."""

    title: str
    period: str  # {start} to {end}
    start_of_history: str
    matching: str  # {who}
    shadow_only: str
    trainees_only: str
    everyone: str
    showing: str  # {filters}
    as_of: str  # {until}
    empty: str
    unreadable: str  # {n}
    summary: str  # {reviews} {tickets} {people} {decided} {approved} {rate} {rounds} {median}
    people_count: Plural
    people: str
    people_column: str
    rules: str
    shadow_day: str
    no_shadow: str
    shadow_summary: str  # {drafts} {tickets} {visitors}
    drafts_n: Plural
    tickets_n: Plural
    visitors_n: Plural
    # column headers
    name: str
    kind: str
    drafts: str
    tickets: str
    reviews: str
    decided: str
    approved: str
    approval: str
    approval_rate: str
    approved_of_decided: str
    rounds: str
    rounds_until_approval: str
    median_hours: str
    median_hours_long: str
    median_time: str
    last_week: str
    last_week_short: str
    week: str
    week_from: str
    rule: str
    fired: str
    fired_drafts: str
    changes: str
    kept: str
    edited: str
    edited_away: str
    reworked: str
    pending: str
    unknown: str
    precision: str
    ticket: str
    subject: str
    drafted_by: str
    round: str
    verdict: str
    decision: str
    hours: str  # {value} h
    # per person
    coach_next: str
    stopped: str  # {n}
    nothing_firing: str
    no_findings: str
    none_yet: str
    most_common: str
    # precision
    precision_na: Plural
    precision_of: str  # {pct} {n}
    precision_text: str  # {min}
    precision_md: str  # {min}
    precision_html: str  # {min}
    # HTML page only
    drafts_reviewed: str
    approved_tile: str  # {approved} {decided}
    trend_title: str
    trend_caption: str
    trend_svg_title: str
    trend_axis: str
    point: Plural  # {name} {week} {score}, {n} drafts
    shadow_mark: str
    people_caption: str
    week_of: str  # {key} {start}
    rules_caption: str
    rules_caption_more: str  # {shown} {more}
    rules_svg_title: str
    bar: str  # {rule} {drafts} {findings}
    rules_axis: str
    outcomes_title: str
    glossary_title: str
    glossary: tuple[tuple[str, str], ...]  # (term, definition); {n} = recent reviews


class Messages(NamedTuple):
    """Every UI message of one language."""

    lang: str
    terms: Terms
    dates: Dates
    macros: Macros
    check: CheckText
    explain: ExplainText
    skip: SkipText
    report: ReportText

    def number(self, value: float, digits: int = 1) -> str:
        """``value`` with ``digits`` decimals and this language's decimal mark."""
        text = f"{value:.{digits}f}"
        return text.replace(".", ",") if self.lang in _DECIMAL_COMMA else text

    def percent(self, share: float) -> str:
        """A share from 0 to 1 as a whole percentage (``40%``, ``40 %``)."""
        return self.terms.percent.format(value=f"{share * 100:.0f}")

    def day(self, moment: "date | datetime") -> str:
        return moment.strftime(self.dates.day)

    def moment(self, moment: "datetime") -> str:
        return moment.strftime(self.dates.moment)

    def day_month(self, moment: "date | datetime") -> str:
        """``23 Nov`` (en), ``23. Nov.`` (de), ``23 nov`` (it): no locale needed."""
        return self.dates.day_month.format(day=moment.day, month=self.dates.months[moment.month - 1])

    def week(self, key: str) -> str:
        """An ISO week key (``2026-W45``) as a short label (``W45``, ``KW 45``, ``sett. 45``)."""
        return self.dates.week.format(week=key.rsplit("W", 1)[-1])


_DECIMAL_COMMA = frozenset({"de", "it"})


def messages(ui_lang: str = DEFAULT_UI_LANG) -> Messages:
    """The catalog of ``ui_lang`` (one of ``UI_LANGS``, module ``coach/i18n/<lang>.py``); KeyError for any other.

    Only the language in use is imported.
    """
    if ui_lang not in UI_LANGS:
        raise KeyError(f"no UI language {ui_lang!r} (available: {', '.join(UI_LANGS)})")
    catalog: Messages = import_module(f"{__name__}.{ui_lang}").MESSAGES
    return catalog
