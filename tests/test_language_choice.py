"""Each draft is checked with its own language's rules; a language without rules is not judged."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from conftest import Account

from coach.check.checker import Checker
from coach.cli import cli
from coach.cli.app import App
from coach.config import Config
from coach.model import Context

FRENCH = "Bonjour Marie,\n\nMerci pour votre message. Nous avons bien reçu votre demande et nous allons vérifier la facture.\n\nCordialement,\nPaul"
ENGLISH = "Hi Marie,\n\nThanks for your message. I've refunded the duplicate charge, and it reaches your card within 5 days.\n\nBest,\nPaul"
PACK = 'name = "fr"\nlang = "fr"\ndescription = "a team\'s French pack"\n'
RULE = (
    'dimension = "direct"\nkind = "existence"\nseverity = "warning"\nmessage = "m"\n'
    'why = "Les clients veulent une réponse claire et rapide, pas une formule vague qui retarde la réponse utile pour eux."\n'
    'phrases = ["nous allons vérifier"]\n[examples]\ngood = ["Je vérifie maintenant.", "C\'est fait."]\n'
    'bad = ["Nous allons vérifier cela.", "Oui, nous allons vérifier."]\n'
)


def run(*args: str, config: Path | None = None):
    return CliRunner().invoke(cli, list(args), obj=App(config), catch_exceptions=False)


def test_a_draft_in_a_language_without_rules_is_not_judged(tmp_path: Path) -> None:
    result = Checker().check(FRENCH, source="fr.txt")
    assert (result.lang, result.verdict, result.findings) == ("fr", "unchecked", ())
    assert "French" in (result.notice or "")
    draft = tmp_path / "fr.txt"
    draft.write_text(FRENCH)
    out = run("check", str(draft))
    assert out.exit_code == 0 and "NOT CHECKED" in out.output and "French" in out.output
    data = json.loads(run("check", "--format", "json", str(draft)).output)
    assert data["lang"] == "fr" and data["verdict"] == "unchecked" and data["findings"] == [] and data["notice"]


def test_the_json_says_which_language_was_checked() -> None:
    assert Checker().check(ENGLISH).to_dict()["lang"] == "en"


def test_lang_in_coach_toml_and_on_the_command_line_override_detection(tmp_path: Path) -> None:
    forced = Checker(Config(lang="en")).check(FRENCH)
    assert forced.lang == "en" and forced.verdict != "unchecked"
    draft = tmp_path / "fr.txt"
    draft.write_text(FRENCH)
    data = json.loads(run("check", "--format", "json", "--lang", "en", str(draft)).output)
    assert data["lang"] == "en" and data["verdict"] != "unchecked"
    bad = run("check", "--lang", "xx", str(draft))
    assert bad.exit_code == 2 and "no rule pack for 'xx'" in bad.output


def test_a_team_pack_adds_a_language(tmp_path: Path) -> None:
    pack = tmp_path / "fr"
    pack.mkdir()
    (pack / "pack.toml").write_text(PACK)
    (pack / "direct.vague.toml").write_text(RULE)
    (tmp_path / "coach.toml").write_text('[packs]\npaths = ["fr"]\n')
    checker = Checker(__import__("coach.config", fromlist=["load_config"]).load_config(tmp_path / "coach.toml"))
    result = checker.check(FRENCH)
    assert result.lang == "fr" and [f.rule for f in result.findings] == ["direct.vague"]
    assert {r.id for r in checker.rules_for("en").rules}.isdisjoint({"direct.vague"})


def test_the_customers_locale_decides_when_the_text_cannot() -> None:
    checker = Checker()
    assert checker.check("OK 123.", context=Context(locale="fr-FR")).lang == "fr"
    assert checker.check("OK 123.", context=Context(locale="en-GB")).lang == "en"
    assert checker.check(ENGLISH, context=Context(locale="fr-FR")).lang == "en"  # the text wins when it is clear


SHORT_RULE = (
    'dimension = "direct"\nkind = "reply_length"\nseverity = "warning"\nmessage = "m"\n'
    'why = "A one-line answer to a long complaint tells the customer nobody read what they wrote to us."\n'
    'max_words = 3\ncustomer_min_words = 10\n[examples]\ngood = ["a", "b"]\nbad = ["c", "d"]\n'
)


def test_customer_message_file_reaches_the_rules(tmp_path: Path) -> None:
    pack = tmp_path / "acme"
    pack.mkdir()
    (pack / "direct.too-short.toml").write_text(SHORT_RULE)
    (tmp_path / "coach.toml").write_text('[packs]\npaths = ["acme"]\n')
    draft, message = tmp_path / "d.txt", tmp_path / "m.txt"
    draft.write_text("Done, sorry.")
    message.write_text("I have written to you three times now and the export still fails every single morning.")
    config = tmp_path / "coach.toml"

    def rules(*extra: str) -> list[str]:
        out = run("check", "--format", "json", "--lang", "en", *extra, str(draft), config=config)
        return [f["rule"] for f in json.loads(out.output)["findings"]]

    assert "direct.too-short" in rules("--customer-message", str(message))
    assert "direct.too-short" not in rules()
    missing = run("check", "--customer-message", str(tmp_path / "nope.txt"), str(draft))
    assert missing.exit_code == 2 and "nope.txt" in missing.output


def test_review_skips_a_draft_in_a_language_without_rules_with_one_note(account: Account) -> None:
    tid = account.draft_ticket(FRENCH)
    first = account.invoke("review")
    assert first.exit_code == 0, first.output  # a language without rules is not a failure
    notes = account.notes(tid)
    assert len(notes) == 1 and "French" in notes[0]["html_body"]
    assert account.invoke("review").exit_code == 0 and len(account.notes(tid)) == 1


def test_the_notice_is_in_the_teams_language(tmp_path: Path) -> None:
    result = Checker(Config(ui_lang="de")).check(FRENCH)
    assert result.notice is not None and "Französisch" in result.notice and "French" not in result.notice
    draft = tmp_path / "fr.txt"
    draft.write_text(FRENCH)
    (tmp_path / "coach.toml").write_text('ui_lang = "it"\n')
    out = run("check", str(draft), config=tmp_path / "coach.toml")
    assert "NON VERIFICATA" in out.output and "francese" in out.output


def test_rules_and_explain_take_a_language(tmp_path: Path) -> None:
    listed = run("rules", "--format", "json")
    langs = {r["lang"] for r in json.loads(listed.output)}
    assert langs == set(Checker().langs)
    only = json.loads(run("rules", "--format", "json", "--lang", "en").output)
    assert only and {r["lang"] for r in only} == {"en"}
    assert run("explain", "empathetic.blame", "--lang", "en").exit_code == 0
    bad = run("explain", "empathetic.blame", "--lang", "xx")
    assert bad.exit_code == 2 and "no rule pack for 'xx'" in bad.output

