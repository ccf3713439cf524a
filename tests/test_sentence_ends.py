"""German and Italian abbreviations, ordinals and list numbers do not end a sentence."""

from __future__ import annotations

import pytest

from coach.language.sentence_ends import continues_sentence
from coach.draft.text import sentences


def _split(text: str, lang: str) -> list[str]:
    return [text[s.start:s.end] for s in sentences(text, lang=lang)]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("de", "Das geht z. B. mit Outlook. Danach ist alles gut.", ["Das geht z. B. mit Outlook.", "Danach ist alles gut."]),
        ("de", "Das geht z.B. mit Outlook. Danach ist alles gut.", ["Das geht z.B. mit Outlook.", "Danach ist alles gut."]),
        ("de", "Per Mail bzw. Telefon, d. h. ganz wie Sie mögen. Gut.", ["Per Mail bzw. Telefon, d. h. ganz wie Sie mögen.", "Gut."]),
        ("de", "Am 3. Mai kommt die Nr. 5 mit ca. 20 Seiten. Bis dann.", ["Am 3. Mai kommt die Nr. 5 mit ca. 20 Seiten.", "Bis dann."]),
        ("de", "Im 2. Schritt wählen Sie Export. Fertig.", ["Im 2. Schritt wählen Sie Export.", "Fertig."]),
        ("de", "Das kam mit Version 3. Danach ging es.", ["Das kam mit Version 3.", "Danach ging es."]),
        ("de", "Fotos, Videos usw. Das alles bleibt.", ["Fotos, Videos usw.", "Das alles bleibt."]),
        ("de", "Fotos, Videos usw. bleiben erhalten.", ["Fotos, Videos usw. bleiben erhalten."]),
        ("de", "1. Öffnen Sie die App.\n2. Tippen Sie auf Konto.", ["1. Öffnen Sie die App.", "2. Tippen Sie auf Konto."]),
        ("it", "Gentile Sig. Rossi, il dott. Bianchi la chiamerà. Grazie mille.", ["Gentile Sig. Rossi, il dott. Bianchi la chiamerà.", "Grazie mille."]),
        ("it", "Ad es. può usare la app. Va bene così.", ["Ad es. può usare la app.", "Va bene così."]),
        ("it", "Foto, video ecc. Tutto resta salvato.", ["Foto, video ecc.", "Tutto resta salvato."]),
        ("it", "Foto, video ecc. restano salvati.", ["Foto, video ecc. restano salvati."]),
        ("it", "La pratica n. 4521 è chiusa. Grazie a Lei.", ["La pratica n. 4521 è chiusa.", "Grazie a Lei."]),
    ],
)
def test_sentences_per_language(lang: str, text: str, expected: list[str]) -> None:
    assert _split(text, lang) == expected


def test_english_splitting_is_unchanged_by_default() -> None:
    text = "1. Open Settings. It is e.g. on the left."
    assert _split(text, "en") == ["1.", "Open Settings.", "It is e.g. on the left."]
    assert sentences(text) == sentences(text, lang="en")


def test_german_abbreviations_are_not_italian_ones() -> None:
    assert continues_sentence("Das ist bzw. gut", 11, "de")
    assert not continues_sentence("Das ist bzw. gut", 11, "it")


def test_list_numbers_only_at_the_start_of_a_line() -> None:
    text = "Schritt 1. Danach\n 2. Weiter"
    assert not continues_sentence(text, text.index("1.") + 1, "it")
    assert continues_sentence(text, text.index("2.") + 1, "it")


@pytest.mark.parametrize(
    ("lang", "text"),
    [("de", "Ja, das ist so. Danach geht es."), ("de", "Ich habe mit Jan. Er weiß Bescheid."),
     ("de", "Das geht auf diese Art. Probieren Sie es."), ("it", "Inserisca il CAP. Poi prema Invia."),
     ("it", "Ho scritto a Mario. Le rispondo domani.")],
)
def test_words_that_look_like_abbreviations_still_end_sentences(lang: str, text: str) -> None:
    assert len(_split(text, lang)) == 2


def test_the_planted_long_sentences_are_one_sentence() -> None:
    """eval-dev v056 and v129: a date and article numbers inside one long legal sentence."""
    de = "Bei einem Rücktritt zwischen dem 29. und 22. Tag vor Reisebeginn sind 40 % fällig. Gut."
    it = "Ai sensi dell'art. 41 del Codice e dell'art. 7 delle Condizioni è dovuta una penale. Bene."
    assert [len(_split(de, "de")), len(_split(it, "it"))] == [2, 2]
