"""ui_lang: the message catalog is complete in every language, templates are looked up per language,
and what people read (notes, macros, check report, explain, progress report) reads in German and Italian."""

from __future__ import annotations

import html
import json
import re
import string
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_report import SINCE, UNTIL, seed

from coach.check.checker import Checker
from coach.cli import cli
from coach.cli.app import App
from coach.config import Config, load_config, parse_config, to_toml
from coach.errors import ConfigError
from coach.check.formats import result_view, to_text
from coach.history import History
from coach.i18n import UI_LANGS, Messages, Plural, messages
from coach.model import DIMENSIONS, SEVERITIES, Result
from coach.report import build_report, render, render_text
from coach.report.build import KINDS
from coach.templates import Templates

DRAFTS = Path(__file__).parent / "data" / "drafts"
POOR = DRAFTS / "shadow-day.txt"
FOREIGN = ("de", "it")
TAGS = {"approved": "coach_approved", "rework": "coach_rework"}

# Values that are rightly the same as in English (loanwords, numbers-only patterns, product names).
SAME_AS_ENGLISH = {
    "de": {"report.hours", "check.readability"},  # "{words} in {sentences}, ...": "in" is German too
    "it": {"report.hours", "report.ticket", "explain.file", "terms.percent", "dates.day_month", "check.readability"},
}

# English UI words that must not survive in a German or Italian note or report.
ENGLISH = re.compile(
    r"Suggested revision|What to fix|What changed|\bbuddy\b|ready to send|needs a revision|\bround\b|draft by|"
    r"internal note|\bapply\b|apply the macro|\breason\b|No findings|follow-up|\bempathetic\b|\breadable\b|\boverall\b|"
    r"\bwarning\b|\berror\b|\binfo\b|\badded\b|\bremoved\b|Approved|Rework requested|send it|\bweek\b|\bdrafts?\b|"
    r"\bpeople\b|\brules?\b(?!\w)|\bkept\b|\bprecision\b|\bpending\b|Shadow day|Coach next|\bStopped\b|n/a|"
    r"figures as of|How to read",
    re.I,
)


RULE_ID = re.compile(r"\b(?:direct|empathetic|follow_up|readable)\.[a-z-]+|coach_[a-z]+|/approve|/rework")


def english_left(text: str) -> re.Match[str] | None:
    """The first English UI word in ``text``, leaving out markup, rule ids, tags and commands (codes, not words),
    and coach's "[...]" prompts, which are in the draft's language like the revision they belong to."""
    words = re.sub(r"<style>.*?</style>|<[^>]+>|\[[^\[\]\n]{3,300}\]", " ", text, flags=re.S)
    return ENGLISH.search(RULE_ID.sub(" ", words))


def leaves(value: Any, path: str = "") -> dict[str, Any]:
    """Every string (or string tuple) of a catalog by its dotted path."""
    if hasattr(value, "_fields") and not isinstance(value, Plural):
        out: dict[str, Any] = {}
        for name in value._fields:
            out.update(leaves(getattr(value, name), f"{path}.{name}" if path else name))
        return out
    return {path: value}


def placeholders(value: Any) -> set[str]:
    texts = [value.one, value.many] if isinstance(value, Plural) else (
        [t for pair in value for t in (pair if isinstance(pair, tuple) else (pair,))] if isinstance(value, tuple)
        else list(value.values()) if isinstance(value, dict) else [value]
    )
    return {name for text in texts for _, name, _, _ in string.Formatter().parse(text) if name}


# ---------------------------------------------------------------------- the catalog


@pytest.mark.parametrize("lang", UI_LANGS)
def test_every_language_has_every_message_with_the_same_placeholders(lang: str) -> None:
    english, catalog = leaves(messages("en")), leaves(messages(lang))
    assert catalog.keys() == english.keys()
    for key, value in catalog.items():
        if key == "lang":
            continue
        assert placeholders(value) == placeholders(english[key]), key
        texts = [value.one, value.many] if isinstance(value, Plural) else [value] if isinstance(value, str) else value
        assert all(texts) and all(t for t in (value.values() if isinstance(value, dict) else [])), key


@pytest.mark.parametrize("lang", UI_LANGS)
def test_every_code_has_a_name(lang: str) -> None:
    t = messages(lang).terms
    assert set(t.dimensions) == set(DIMENSIONS)
    assert set(t.severities) == set(SEVERITIES)
    assert set(t.verdicts) == set(t.verdict_sentences) == {"ready", "revise"}
    assert set(t.author_kinds) == set(KINDS)
    assert set(t.decisions) == {"approved", "approved (edited)", "rework", "pending"}
    assert len(messages(lang).dates.months) == 12
    assert len(messages(lang).report.glossary) == len(messages("en").report.glossary)


@pytest.mark.parametrize("lang", FOREIGN)
def test_translations_are_not_left_in_english(lang: str) -> None:
    english, catalog = leaves(messages("en")), leaves(messages(lang))
    same = {k for k, v in catalog.items() if k != "lang" and v == english[k]}
    assert same <= SAME_AS_ENGLISH[lang], sorted(same - SAME_AS_ENGLISH[lang])


def test_unknown_language_is_refused() -> None:
    with pytest.raises(KeyError, match="fr"):
        messages("fr")
    with pytest.raises(ConfigError, match="ui_lang"):
        Templates(ui_lang="fr")


def test_numbers_dates_and_weeks_read_the_local_way() -> None:
    de, it, en = messages("de"), messages("it"), messages("en")
    day = datetime(2026, 11, 3, 9, 5, tzinfo=timezone.utc)
    assert (en.day(day), de.day(day), it.day(day)) == ("2026-11-03", "03.11.2026", "03/11/2026")
    assert (en.day_month(day), de.day_month(day), it.day_month(day)) == ("3 Nov", "3. Nov.", "3 nov")
    assert (en.number(73.25), de.number(73.25), it.number(73.25)) == ("73.2", "73,2", "73,2")
    assert (en.percent(0.4), de.percent(0.4)) == ("40%", "40 %")
    assert (en.week("2026-W45"), de.week("2026-W45"), it.week("2026-W45")) == ("W45", "KW 45", "sett. 45")
    assert de.report.drafts_n(1) == "1 Entwurf" and de.report.drafts_n(2) == "2 Entwürfe"


# ---------------------------------------------------------------------- configuration


def test_ui_lang_defaults_to_english_and_is_validated(tmp_path: Path) -> None:
    path = tmp_path / "coach.toml"
    assert Config().ui_lang == "en" and parse_config({}, path).ui_lang == "en"
    assert parse_config({"ui_lang": "it"}, path).ui_lang == "it"
    for bad in ("fr", "DE", 1, ""):
        with pytest.raises(ConfigError, match=r"coach\.toml: ui_lang: .* is not one of: en, de, it"):
            parse_config({"ui_lang": bad}, path)
    path.write_text('ui_lang = "de"\n')
    config = load_config(path)
    assert config.ui_lang == "de" and 'ui_lang = "de"' in to_toml(config)
    assert Checker(config).templates.ui_lang == "de"


def test_coach_config_prints_ui_lang_and_a_bad_one_exits_3(tmp_path: Path) -> None:
    path = tmp_path / "coach.toml"
    path.write_text('ui_lang = "it"\n')
    out = CliRunner().invoke(cli, ["config"], obj=App(path), catch_exceptions=False)
    assert out.exit_code == 0 and 'ui_lang = "it"' in out.output
    path.write_text('ui_lang = "klingon"\n')
    bad = CliRunner().invoke(cli, ["config"], obj=App(path))
    assert bad.exit_code == 3 and "ui_lang" in bad.output + (bad.stderr if bad.stderr_bytes else "")


# ---------------------------------------------------------------------- template lookup


def write(folder: Path, name: str, text: str) -> None:
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text)


def test_team_overrides_per_file_and_language(tmp_path: Path) -> None:
    team = tmp_path / "team"
    write(team, "de/zendesk/decision_note.html.j2", "Team DE {{ decision }}")
    write(team, "zendesk/decision_note.html.j2", "Team EN {{ decision }}")
    write(team, "de/revision/follow_up.txt.j2", "not a revision snippet")
    variables = {"decision": "approve", "reason": "", "buddy_name": "", "trainee_name": "", "footer": "", "data": "{}"}
    assert Templates([team], ui_lang="de").render("zendesk/decision_note.html.j2", variables) == "Team DE approve"
    assert Templates([team], ui_lang="en").render("zendesk/decision_note.html.j2", variables) == "Team EN approve"
    italian = Templates([team], ui_lang="it").render("zendesk/decision_note.html.j2", variables)
    assert "Approvata" in italian and "Team" not in italian  # the shipped Italian beats the team's English
    assert Templates([team], ui_lang="de").render("zendesk/decision_note.html.j2", variables, lang="it") == italian
    snippet = Templates([team], ui_lang="de").render_revision("follow_up", {"first_name": "", "has_greeting": True})
    assert "let me know" in snippet  # revision snippets follow the rule pack, not ui_lang


def test_an_untranslated_template_falls_back_to_the_shared_one_with_the_language_catalog(tmp_path: Path) -> None:
    team = tmp_path / "team"
    write(team, "custom.txt.j2", "{{ ui.terms.verdict_sentences.revise }}")
    assert Templates([team], ui_lang="de").render("custom.txt.j2", {}) == "Überarbeitung nötig"
    assert Templates([team], ui_lang="it").render("custom.txt.j2", {}) == "da rivedere"


# ---------------------------------------------------------------------- notes


@pytest.fixture(scope="module")
def poor() -> Result:
    """A checked draft whose rule texts are replaced: what comes from the (English) rule pack is not UI."""
    result = Checker().check(POOR.read_text(), source="draft.txt")
    findings = [f._replace(message="MSG", text="TEXT") for f in result.findings]
    changes = [replace(c, before="alt" if c.before else "", after="neu" if c.after else "") for c in result.revision.changes]
    return replace(result, findings=findings, revision=replace(result.revision, text="REVISION", changes=changes))


def review_note(result: Result, lang: str, *, round_no: int = 2, kind: str = "trainee") -> str:
    """The review note as coach.workflow.notes renders it (``result_view(result, templates.ui_lang)``)."""
    templates = Templates(ui_lang=lang)
    return templates.render("zendesk/review_note.html.j2", {
        **result_view(result, templates.ui_lang), "author_name": "Tia", "author_kind": kind, "round": round_no,
        "tags": TAGS, "footer": "", "data": "{}",
    })


@pytest.mark.parametrize("lang", FOREIGN)
@pytest.mark.parametrize("verdict", ["ready", "revise"])
def test_review_note_reads_in_the_team_language_throughout(poor: Result, lang: str, verdict: str) -> None:
    result = replace(poor, verdict=verdict)
    note = review_note(result, lang)
    text = html.unescape(re.sub(r"<[^>]+>", " ", note))
    assert not english_left(note), english_left(note)
    ui = messages(lang)
    assert ui.terms.verdict_sentences[verdict] in text
    assert ui.macros.approve in text and ui.macros.rework in text  # the titles `coach macros` creates
    assert all(ui.terms.dimensions[d] in text for d in DIMENSIONS)
    assert ui.check.replaced.format(before="alt", after="neu") in text and ui.check.added.format(text="neu") in text


def test_review_note_words_in_german_and_italian(poor: Result) -> None:
    de, it = review_note(poor, "de"), review_note(poor, "it")
    for phrase in ("Vorgeschlagene Überarbeitung", "Was zu verbessern ist", "Überarbeitung nötig", "Mentor:innen",
                   "(Runde 2)", "in Einarbeitung", "<pre>REVISION</pre>"):
        assert phrase in de
    for phrase in ("Revisione suggerita", "Cosa migliorare", "da rivedere", "tutor", "(tentativo 2)", "in formazione"):
        assert phrase in it
    assert "affiancamento" in review_note(poor, "it", kind="shadow")
    assert "coach-data" not in de + it  # the footer is code's (coach.workflow.notes), not the template's


@pytest.mark.parametrize("lang", FOREIGN)
def test_decision_notes_read_in_the_team_language(lang: str) -> None:
    templates = Templates(ui_lang=lang)
    notes = [
        templates.render("zendesk/decision_note.html.j2", {"decision": decision, "reason": reason,
                                                          "buddy_name": "Ben", "trainee_name": trainee})
        for decision in ("approve", "rework") for reason in ("", "Bitte kürzer") for trainee in ("", "Tia")
    ]
    for note in notes:
        assert not english_left(note), note
    assert messages(lang).macros.submit in notes[4]  # rework without a reason: submit again
    assert "<pre>Bitte kürzer</pre>" in notes[2]


def test_skip_note_messages_name_the_submit_macro() -> None:
    for lang in UI_LANGS:
        ui = messages(lang)
        assert ui.macros.submit in ui.skip.advice.format(macro=ui.macros.submit)


# ---------------------------------------------------------------------- commands


def config_file(tmp_path: Path, lang: str, extra: str = "") -> Path:
    path = tmp_path / "coach.toml"
    path.write_text(f'ui_lang = "{lang}"\n[history]\npath = "{tmp_path / "history.sqlite3"}"\n{extra}')
    return path


def invoke(path: Path, *args: str) -> str:
    clock = lambda: UNTIL  # noqa: E731
    result = CliRunner().invoke(cli, list(args), obj=App(path, clock=clock), catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return result.output


@pytest.mark.parametrize("lang", FOREIGN)
def test_macros_in_the_team_language(tmp_path: Path, lang: str) -> None:
    macros = json.loads(invoke(config_file(tmp_path, lang), "macros"))
    ui = messages(lang).macros
    assert [m["macro"]["title"] for m in macros] == [ui.submit, ui.submit_shadow, ui.approve, ui.rework]
    assert macros[0]["macro"]["description"] == ui.submit_description
    assert macros[3]["macro"]["actions"][1] == {"field": "comment_value", "value": "/rework "}


def test_check_text_and_markdown_in_german(tmp_path: Path) -> None:
    path = config_file(tmp_path, "de")
    text = invoke(path, "check", str(POOR), "--no-color")
    assert "ÜBERARBEITEN  gesamt" in text and "einfühlsam" in text and "Vorgeschlagene Überarbeitung (" in text
    assert "Lesbarkeit: " in text and "Wörter in" in text and "Warnung" in text
    md = invoke(path, "check", str(POOR), "--format", "markdown")
    assert "**überarbeiten**" in md and "| Stelle | Schwere | Regel | Anmerkung |" in md and "#### Vorgeschlagene Überarbeitung" in md
    both = invoke(path, "check", str(POOR), str(DRAFTS / "trainee-good.txt"), "--no-color")
    assert both.rstrip().endswith("2 Entwürfe, 1 bereit, 1 zu überarbeiten")


def test_check_text_in_italian_and_english_unchanged(poor: Result) -> None:
    it = to_text(poor, lang="it")
    assert "DA RIVEDERE  complessivo" in it and "Revisione suggerita" in it and "leggibilità: " in it
    en = to_text(poor)
    assert "REVISE  overall" in en and "Suggested revision (" in en and "readability: " in en


@pytest.mark.parametrize("lang", ["en", *FOREIGN])
def test_explain_labels(tmp_path: Path, lang: str) -> None:
    out = invoke(config_file(tmp_path, lang), "explain", "empathetic.blame")
    label = messages(lang).explain
    header = out.splitlines()[0]
    assert header.startswith("empathetic.blame  (") and header.endswith(f", {label.enabled})")
    assert messages(lang).terms.dimensions["empathetic"] in header and messages(lang).terms.severities["error"] in header
    for line_start in (label.file, label.message, label.why, label.good, label.bad):
        assert f"\n{line_start}:" in "\n" + out


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    with History(tmp_path / "history.sqlite3") as h:
        seed(h)
    return tmp_path


@pytest.mark.parametrize("lang", FOREIGN)
def test_report_text_in_the_team_language(seeded: Path, lang: str) -> None:
    out = invoke(config_file(seeded, lang), "report", "--since", SINCE.date().isoformat(), "--no-color")
    ui = messages(lang)
    assert out.startswith(ui.report.title) and ui.day(UNTIL) in out
    assert ui.report.people in out and ui.report.shadow_day in out and ui.terms.decisions["approved (edited)"] in out
    assert "73,2" in out and "+12,0" in out and ("75 %" if lang == "de" else "75%") in out
    assert not english_left(out), english_left(out)


@pytest.mark.parametrize("lang", FOREIGN)
@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_report_pages_in_the_team_language(seeded: Path, lang: str, fmt: str) -> None:
    out = invoke(config_file(seeded, lang), "report", "--since", SINCE.date().isoformat(), "--format", fmt)
    ui = messages(lang)
    text = re.sub(r"<style>.*?</style>|<[^>]+>", " ", out, flags=re.S)
    assert ui.report.title in text and ui.report.glossary_title in text if fmt == "html" else ui.report.title in text
    assert ui.report.precision in text and ui.day(SINCE) in text
    if fmt == "html":
        assert f'<html lang="{lang}">' in out and ui.week("2026-W46") in text
    assert not english_left(out), english_left(out)


def test_report_in_english_is_unchanged_by_the_catalog(seeded: Path) -> None:
    with History(seeded / "history.sqlite3") as h:
        report = build_report(h, since=SINCE, until=UNTIL)
    text = render_text(report)
    assert "12 drafts reviewed on 10 tickets by 4 people" in text and "Coach next: " in text
    page = render(report, Templates(), "html")
    assert '<html lang="en">' in page and "How to read this" in page and "W46 vs W45" in page


# ---------------------------------------------------------------------- through the Zendesk worker


def test_worker_posts_notes_in_the_team_language(account) -> None:
    """The notes coach posts read in Italian, and coach still recognises them (its footer is language-free)."""
    import coach.workflow.notes

    if not hasattr(coach.workflow.notes, "with_footer"):
        pytest.skip("needs the footer appended by code (coach.workflow.notes.with_footer, security branch)")
    config = account.tmp / "coach.toml"
    config.write_text('ui_lang = "it"\n' + config.read_text())
    tid = account.draft_ticket()
    assert account.invoke("review", "--no-progress").exit_code == 0
    review = account.notes(tid)[-1]["html_body"]
    assert "Cosa migliorare" in review and "Revisione suggerita" in review and "Coach: approva" in review
    account.fake.add_comment(tid, author_id=account.buddy, public=False, body="/rework Rispondi alla domanda sul rimborso")
    assert account.invoke("review", "--no-progress").exit_code == 0
    decision = account.notes(tid)[-1]["html_body"]
    assert "Rielaborazione richiesta" in decision and "Coach: invia bozza" in decision
    assert account.invoke("review", "--no-progress").exit_code == 0
    assert len(account.notes(tid)) == 2  # both notes are coach's own, read back in any language
