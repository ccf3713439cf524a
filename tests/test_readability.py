"""Our readability figures stay close to textstat's (0.7.8, the pinned test oracle), without its start-up cost."""

from __future__ import annotations

import pytest

from coach.language.readability import measure, metrics, syllables
from coach.language.syllables import german, italian
from coach.draft.text import sentences

textstat = pytest.importorskip("textstat")

PASSAGES = [
    "Thanks for the screenshots. I've re-run the sync and all 42 users are back in the Design group. "
    "To stop this from happening again, open Settings and turn on nightly sync. Does that match what you see now?",
    "We refunded the duplicate charge this morning. It can take three to five business days to show on your "
    "statement, depending on your bank. If it has not arrived by Friday, reply here and I will chase it with our "
    "payments team.",
    "The integration authenticates with an organisation-level token, so individual permissions are inherited from "
    "the administrator who configured the connection. Consequently, revoking that administrator's access "
    "invalidates the synchronisation for everybody until a replacement credential is generated.",
    "Click Export. Pick CSV. Save the file. Send it to us. We will look at it today.",
]


@pytest.mark.parametrize("text", PASSAGES, ids=["support", "billing", "dense", "short"])
def test_flesch_figures_are_close_to_textstat(text: str) -> None:
    ours = measure(text, sentences(text))
    assert ours["words"] == textstat.lexicon_count(text)
    if min(s.words for s in sentences(text)) > 2:  # textstat does not count sentences of 1-2 words
        assert ours["sentences"] == textstat.sentence_count(text)
    assert ours["flesch_reading_ease"] == pytest.approx(textstat.flesch_reading_ease(text), abs=12)
    assert ours["flesch_kincaid_grade"] == pytest.approx(textstat.flesch_kincaid_grade(text), abs=2)


def test_the_metrics_rank_passages_like_textstat() -> None:
    ours = [measure(t, sentences(t))["flesch_reading_ease"] for t in PASSAGES]
    theirs = [textstat.flesch_reading_ease(t) for t in PASSAGES]
    assert sorted(range(len(PASSAGES)), key=ours.__getitem__) == sorted(range(len(PASSAGES)), key=theirs.__getitem__)


@pytest.mark.parametrize(("word", "count"), [("the", 1), ("support", 2), ("happened", 2), ("organisation", 5), ("ticket", 2), ("issue", 2)])
def test_syllable_heuristic(word: str, count: int) -> None:
    assert syllables(word) == count


def test_empty_text_has_no_metrics_errors() -> None:
    assert measure("", [])["words"] == 0


# German and Italian: bodies of support replies (no greeting or sign-off), every sentence over two words
# so that textstat counts the same sentences; "dense" is Behördendeutsch / burocratese.
DE_PASSAGES = [
    "ja, das geht. Legen Sie für Ihre Steuerberaterin einen Gastzugang mit der Rolle Lesezugriff an. "
    "Mit dieser Rolle sieht sie alle Lohnabrechnungen, kann aber nichts ändern. Soll ich Ihnen zeigen, wie das aussieht?",
    "wir haben die doppelte Abbuchung heute Morgen erstattet. Es kann drei bis fünf Werktage dauern, bis das Geld "
    "auf Ihrem Konto erscheint. Falls es bis Freitag nicht da ist, antworten Sie einfach auf diese Nachricht.",
    "Aufgrund der im Rahmen der Umstellung der Abrechnungssystematik erforderlich gewordenen Anpassungen der "
    "Stammdatenverwaltung ist eine Berücksichtigung Ihrer Beanstandung hinsichtlich der Rechnungsstellung erst nach "
    "Abschluss der Überprüfung durch die zuständige Fachabteilung möglich. Eine Benachrichtigung erfolgt unaufgefordert.",
    "Klicken Sie auf Export. Wählen Sie das Format CSV. Speichern Sie die Datei. Schicken Sie sie uns.",
]
IT_PASSAGES = [
    "il rimborso di 79 euro è stato emesso oggi e sarà visibile sul conto entro cinque giorni lavorativi. "
    "Se entro venerdì non lo vede, mi scriva pure. Controllerò io con la banca.",
    "può cambiare l'indirizzo email dalle impostazioni del Suo account. I dati restano tutti al loro posto. "
    "Dopo la modifica riceverà un'email di conferma al nuovo indirizzo.",
    "In considerazione della necessità di procedere alla verifica della documentazione amministrativa trasmessa, "
    "si comunica che l'istanza di rimborso sarà sottoposta all'esame dell'ufficio competente, il quale provvederà "
    "alla definizione della pratica nei tempi previsti dalla normativa vigente in materia contrattuale.",
    "Apra la nostra app. Tocchi la voce Profilo. Scelga il comando Esporta. Ci mandi il file.",
]
IDS = ["support", "billing", "dense", "short"]


@pytest.fixture
def textstat_lang():
    """textstat in another language for one test (its language is global state)."""
    yield textstat.set_lang
    textstat.set_lang("en_US")


def _measure(text: str, lang: str) -> dict[str, float | int]:
    return measure(text, sentences(text, lang=lang), lang)


@pytest.mark.parametrize("text", DE_PASSAGES, ids=IDS)
def test_amstad_is_close_to_textstat(text: str, textstat_lang) -> None:
    textstat_lang("de")
    ours = _measure(text, "de")
    assert (ours["words"], ours["sentences"]) == (textstat.lexicon_count(text), textstat.sentence_count(text))
    assert ours["syllables"] == pytest.approx(textstat.syllable_count(text), rel=0.05)
    assert ours["amstad_reading_ease"] == pytest.approx(textstat.flesch_reading_ease(text), abs=5)
    assert ours["wiener_sachtextformel"] == pytest.approx(textstat.wiener_sachtextformel(text, 1), abs=1)


@pytest.mark.parametrize("text", IT_PASSAGES, ids=IDS)
def test_italian_metrics_are_close_to_textstat(text: str, textstat_lang) -> None:
    textstat_lang("it")
    ours = _measure(text, "it")
    n_words, n_sentences = textstat.lexicon_count(text), textstat.sentence_count(text)
    assert (ours["words"], ours["sentences"]) == (n_words, n_sentences)
    # Gulpease by its definition (letters, no punctuation) over textstat's counts; textstat's own
    # gulpease_index counts punctuation as letters, so it runs a little lower.
    gulpease = 89 + (300 * n_sentences - 10 * textstat.letter_count(text)) / n_words
    assert ours["gulpease"] == pytest.approx(gulpease, abs=0.5)
    assert ours["gulpease"] == pytest.approx(textstat.gulpease_index(text), abs=5)
    # pyphen (textstat's syllables) never splits off a first or last single letter ("apra"): a few less.
    assert ours["syllables"] == pytest.approx(textstat.syllable_count(text), rel=0.1)
    assert ours["flesch_vacca"] == pytest.approx(textstat.flesch_reading_ease(text), abs=8)


@pytest.mark.parametrize(("lang", "passages", "key"), [("de", DE_PASSAGES, "amstad_reading_ease"), ("de", DE_PASSAGES, "wiener_sachtextformel"), ("it", IT_PASSAGES, "gulpease"), ("it", IT_PASSAGES, "flesch_vacca")])
def test_language_metrics_rank_passages_like_textstat(lang: str, passages: list[str], key: str, textstat_lang) -> None:
    textstat_lang(lang)
    oracles = {"gulpease": textstat.gulpease_index, "wiener_sachtextformel": lambda t: textstat.wiener_sachtextformel(t, 1)}
    oracle = oracles.get(key, textstat.flesch_reading_ease)
    ours = [_measure(t, lang)[key] for t in passages]
    theirs = [oracle(t) for t in passages]
    assert sorted(range(len(passages)), key=ours.__getitem__) == sorted(range(len(passages)), key=theirs.__getitem__)
    hardest = max if key == "wiener_sachtextformel" else min  # a grade: higher is harder
    assert ours.index(hardest(ours)) == IDS.index("dense")


@pytest.mark.parametrize(
    ("word", "count"),
    [("aber", 2), ("Ende", 2), ("Zeit", 1), ("Einstellungen", 4), ("Feuer", 2), ("bauen", 2), ("Bäume", 2),
     ("freie", 2), ("Situation", 5), ("Aktualisierung", 6), ("vielen", 2), ("geehrte", 3), ("Grüße", 2),
     ("Lohnabrechnungen", 5), ("Handy", 2), ("Straße", 2), ("Idee", 2)],
)
def test_german_syllables(word: str, count: int) -> None:
    assert german(word) == count


@pytest.mark.parametrize(
    ("word", "count"),
    [("buongiorno", 3), ("qui", 1), ("può", 1), ("più", 1), ("perché", 2), ("idea", 3), ("aereo", 4),
     ("paese", 3), ("aiuole", 3), ("l'acqua", 2), ("dell'app", 2), ("un'altra", 3), ("Lei", 1), ("gentile", 3),
     ("rimborso", 3), ("cordiali", 3)],
)
def test_italian_syllables(word: str, count: int) -> None:
    assert italian(word) == count


def test_elided_articles_stay_part_of_their_word_as_in_textstat() -> None:
    text = "Ho aggiornato l'app e dell'account."
    assert _measure(text, "it")["words"] == textstat.lexicon_count(text) == 5


def test_each_language_adds_its_keys_and_keeps_the_common_ones() -> None:
    common = {"words", "sentences", "syllables", "words_per_sentence", "flesch_reading_ease", "flesch_kincaid_grade"}
    words = ["Das", "ist", "ein", "kurzer", "Satz"]
    assert set(metrics(words, 1)) == common
    assert set(metrics(words, 1, "de")) == common | {"amstad_reading_ease", "wiener_sachtextformel"}
    assert set(metrics(words, 1, "it")) == common | {"gulpease", "flesch_vacca", "letters"}
    for lang in ("en", "de", "it"):
        assert set(metrics([], 0, lang)) == set(metrics(words, 1, lang))
    assert metrics([], 0, "de")["wiener_sachtextformel"] == 0.0
    assert metrics([], 0, "de")["amstad_reading_ease"] == 100.0


def test_gulpease_counts_letters_not_punctuation() -> None:
    m = metrics(["l'app", "funziona", "bene"], 1, "it")
    assert m["letters"] == 4 + 8 + 4
    assert m["gulpease"] == round(89 + (300 - 10 * 16) / 3, 1)


def test_a_language_without_formulas_is_refused() -> None:
    with pytest.raises(ValueError, match="'fr'"):
        metrics(["Bonjour"], 1, "fr")
