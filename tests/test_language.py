"""Language detection: the eval-dev drafts, other known languages, short and mixed drafts, the hint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coach.language.detect import KNOWN, Basis, detect, locale_language

# shared/ lies beside the checkout (as in CI's fresh clone) or above it
EVAL_DEV = next(
    (p / "shared" / "eval-dev" / "drafts.jsonl" for p in Path(__file__).resolve().parents if (p / "shared" / "eval-dev").is_dir()),
    Path("shared/eval-dev/drafts.jsonl"),
)


def _eval_dev() -> list[dict]:
    if not EVAL_DEV.exists():
        pytest.skip("eval-dev set not available")
    return [json.loads(line) for line in EVAL_DEV.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("field", ["draft", "customer"])
def test_every_eval_dev_text_is_detected_as_its_language(field: str) -> None:
    wrong = [(r["id"], r["lang"], detect(r[field]).lang) for r in _eval_dev() if detect(r[field]).lang != r["lang"]]
    assert wrong == []


def test_eval_dev_subjects_are_never_given_a_wrong_language() -> None:
    """Subjects are often a few content words: unknown is fine, a wrong language is not."""
    wrong = [(r["id"], d.lang) for r in _eval_dev() if (d := detect(r["subject"])).lang not in (None, r["lang"])]
    assert wrong == []


OTHER_LANGUAGES = {
    "fr": "Bonjour Madame Dubois,\n\nmerci pour votre message. Nous avons bien reçu votre commande et elle sera "
    "expédiée demain. Si vous avez des questions, n'hésitez pas à nous écrire.\n\nCordialement,\nJulie",
    "es": "Hola Carmen,\n\ngracias por escribirnos. Hemos revisado tu pedido y el reembolso ya está en camino. "
    "Si no lo recibes en cinco días, avísanos y lo solucionamos.\n\nSaludos,\nPablo",
    "pt": "Olá João,\n\nobrigado pelo contato. Já verificamos o seu pedido e a devolução será feita até sexta-feira. "
    "Se tiver mais alguma dúvida, é só responder a este e-mail.\n\nAtenciosamente,\nAna",
    "nl": "Hallo meneer De Vries,\n\nbedankt voor uw bericht. We hebben uw bestelling gevonden en die wordt morgen "
    "verzonden. Als u nog vragen heeft, laat het ons dan even weten.\n\nMet vriendelijke groeten,\nSanne",
}


@pytest.mark.parametrize(("lang", "text"), OTHER_LANGUAGES.items(), ids=OTHER_LANGUAGES.keys())
def test_other_known_languages_are_named(lang: str, text: str) -> None:
    detection = detect(text)
    assert (detection.lang, detection.basis) == (lang, Basis.TEXT)


SHORT = [
    ("en", "Hi Maya, our High Street shop is open until 6pm today.\n\nThanks,\nJoe"),
    ("de", "Hallo Herr Vogel, ja, das geht: Einstellungen > Konto > E-Mail ändern.\n\nViele Grüße\nLena"),
    ("it", "Gentile Sig. Rossi, l'ordine è partito oggi e arriverà entro venerdì.\n\nCordiali saluti\nGiulia"),
    ("it", "Buongiorno, dell'app abbiamo già rilasciato l'aggiornamento: basta riavviarla."),
    ("de", "Wie exportiere ich meine Kontakte als Excel-Datei?"),
    ("it", "I server sono giù? Non riesco a entrare."),
    ("en", "Is the Merino jumper machine washable?"),
    ("fr", "Est-ce que vous livrez en Belgique ?"),
]


@pytest.mark.parametrize(("lang", "text"), SHORT)
def test_short_texts(lang: str, text: str) -> None:
    assert detect(text).lang == lang


MIXED = [
    # An English error message and product names inside a German reply.
    ("de", "Hallo Frau Berg,\n\nder Fehler \"Connection refused: could not connect to the server\" bedeutet, dass "
     "der Dienst kurz nicht erreichbar war. Bitte starten Sie Google Chrome neu und melden Sie sich erneut an.\n\n"
     "Viele Grüße\nTom\n\nBest regards from the Support Team"),
    # A code block with an English log and a URL inside an Italian reply.
    ("it", "Gentile Sig. Bianchi,\n\nil log mostra questo errore:\n```\nError: timeout while waiting for the "
     "response from the upstream server, please retry later\n```\nSignifica che il server era sovraccarico. "
     "Può riprovare adesso dal link https://status.example.com/the/page.\n\nCordiali saluti,\nAnna"),
    # The customer's English words quoted in a German reply.
    ("de", "Hallo Herr Kim,\n\nSie schreiben „the app is useless and I want my money back“ – das verstehe ich. "
     "Ich habe die Erstattung heute veranlasst.\n\nViele Grüße\nJana"),
    # HTML with English attribute text and an English product name.
    ("it", "<p>Buongiorno,</p><p>la funzione <strong>Smart Sync for Teams</strong> è disponibile nel piano "
     "Business. La può attivare in <code>Settings &gt; Sync &gt; Enable for all users</code>.</p>"),
    # A German reply with an English signature block.
    ("de", "Hallo Herr Roth,\n\nIhre Rechnung ist jetzt im Kundenportal. Sie finden sie unter Rechnungen.\n\n"
     "Kind regards,\nMark Miller\nCustomer Success Manager | The Example Company"),
]


@pytest.mark.parametrize(("lang", "text"), MIXED)
def test_mixed_content_does_not_flip_the_language(lang: str, text: str) -> None:
    assert detect(text).lang == lang


def test_no_evidence_is_unknown_or_the_hint() -> None:
    assert (detect("").lang, detect("").basis) == (None, Basis.NONE)
    assert detect("https://example.com/x 42 :)").lang is None
    assert (detect("OK", hint="de-CH").lang, detect("OK", hint="de-CH").basis) == ("de", Basis.HINT)


def test_the_hint_breaks_near_ties_only() -> None:
    # "in" and "die" belong to several languages: a near-tie that the hint settles.
    near_tie = "Wie in die Mail"
    assert detect(near_tie).lang is None
    assert detect(near_tie, hint="nl-NL").lang == "nl"
    assert detect(near_tie, hint="de-DE").lang == "de"
    clear = "Hallo Herr Vogel, vielen Dank für Ihre Nachricht. Wir haben das Problem gefunden und behoben."
    assert detect(clear, hint="it-IT").lang == "de"
    assert detect(clear, hint="it-IT").basis is Basis.TEXT


def test_confidence_grows_with_evidence() -> None:
    short = detect("Is the jumper washable?")
    long = detect("Is the jumper washable? Yes, you can wash it at 30 degrees, and we recommend a wool programme.")
    assert 0 < short.confidence < long.confidence <= 1
    assert dict(long.scores)["en"] > dict(short.scores)["en"]


@pytest.mark.parametrize(
    ("locale", "lang"),
    [("de", "de"), ("de-CH", "de"), ("it_IT", "it"), ("EN-us", "en"), ("pt-BR", "pt"), ("ja", None), ("", None), (None, None)],
)
def test_locale_language(locale: str | None, lang: str | None) -> None:
    assert locale_language(locale) == lang


def test_known_languages() -> None:
    assert set(KNOWN) == {"en", "de", "it", "fr", "es", "pt", "nl"}
