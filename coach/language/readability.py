"""Readability metrics per language.

* every language: words, sentences, syllables, words_per_sentence, and the English
  Flesch reading ease and Flesch-Kincaid grade (over that language's syllable count;
  meaningful for English only, kept so every report can show them);
* German (``de``): Amstad's reading ease, ``180 - ASL - 58.5 * ASW`` (Amstad 1978, the
  German Flesch; textstat's ``flesch_reading_ease`` with ``set_lang("de")``), and the
  first Wiener Sachtextformel, a German school grade (4 easy .. 15 very hard),
  ``0.1935 * MS + 0.1672 * ASL + 0.1297 * IW - 0.0327 * ES - 0.875`` with MS, IW, ES the
  percentages of words of 3+ syllables, of more than 6 letters and of one syllable
  (Bamberger & Vanecek 1984; textstat's ``wiener_sachtextformel(text, 1)``);
* Italian (``it``): the Gulpease index, ``89 + (300 * sentences - 10 * letters) / words``
  (Lucisano & Piemontese 1988; letters are letters and digits, no punctuation), and
  Flesch-Vacca, ``217 - 1.3 * ASL - 60 * ASW`` (Franchina & Vacca 1986; textstat's
  ``flesch_reading_ease`` with ``set_lang("it")``).

ASL is words per sentence, ASW syllables per word. Syllables come from the small
heuristics in :mod:`coach.language.syllables` instead of pyphen or the CMU dictionary, because
loading those costs 0.3-1.2 s per process and ``coach check`` must answer in well under
a second. ``tests/test_readability.py`` keeps these figures close to textstat's.
"""

from __future__ import annotations

from collections.abc import Sequence

from coach.language.syllables import COUNTERS
from coach.language.syllables import english as syllables  # noqa: F401  (the English counter, by its old name)
from coach.draft.text import Segment, Tokens

__all__ = ["LANGUAGE_METRICS", "measure", "metrics", "syllables"]

# The metrics each language adds to the common keys (see the module docstring).
LANGUAGE_METRICS: dict[str, tuple[str, ...]] = {
    "en": (),
    "de": ("amstad_reading_ease", "wiener_sachtextformel"),
    "it": ("gulpease", "flesch_vacca"),
}
_EASIEST = 100.0  # what an empty text scores on the reading-ease scales (and 0 on the grades)
_GRADES = frozenset({"wiener_sachtextformel"})
_NOT_LETTERS = str.maketrans("", "", "'’-_")  # what a word token may hold besides letters and digits


def measure(text: str, sentence_spans: list[Segment], lang: str = "en") -> dict[str, float | int]:
    """Counts and metrics for ``text`` split into ``sentence_spans`` (see :func:`metrics`)."""
    words = [w for s in sentence_spans for w in Tokens(text, s.start, s.end).words]
    return metrics(words, len(sentence_spans), lang)


def metrics(words: Sequence[str], sentences: int, lang: str = "en") -> dict[str, float | int]:
    """Counts and metrics for ``words`` in ``sentences`` sentences of language ``lang``.

    Keys: words, sentences, syllables, words_per_sentence, flesch_reading_ease,
    flesch_kincaid_grade, and the language's own (:data:`LANGUAGE_METRICS`; Italian also
    has ``letters``, the count Gulpease reads).
    Raises ValueError for a language without formulas here.
    """
    if lang not in LANGUAGE_METRICS:
        raise ValueError(f"no readability formulas for language {lang!r} (have: {', '.join(LANGUAGE_METRICS)})")
    n_words = len(words)
    if n_words == 0:
        return _empty(lang)
    n_sentences = max(1, sentences)
    per_word = list(map(COUNTERS[lang], words))
    n_syllables = sum(per_word)
    wps = n_words / n_sentences
    spw = n_syllables / n_words
    out: dict[str, float | int] = {
        "words": n_words,
        "sentences": sentences,
        "syllables": n_syllables,
        "words_per_sentence": round(wps, 1),
        "flesch_reading_ease": round(206.835 - 1.015 * wps - 84.6 * spw, 1),
        "flesch_kincaid_grade": round(0.39 * wps + 11.8 * spw - 15.59, 1),
    }
    if lang == "de":
        out["amstad_reading_ease"] = round(180 - wps - 58.5 * spw, 1)
        out["wiener_sachtextformel"] = round(_wiener_sachtextformel(words, per_word, wps), 1)
    elif lang == "it":
        letters = len("".join(words).translate(_NOT_LETTERS))
        out["gulpease"] = round(89 + (300 * n_sentences - 10 * letters) / n_words, 1)
        out["flesch_vacca"] = round(217 - 1.3 * wps - 60 * spw, 1)
        out["letters"] = letters
    return out


def _wiener_sachtextformel(words: Sequence[str], syllables_per_word: list[int], wps: float) -> float:
    """The first Wiener Sachtextformel (a German school grade) of ``words``."""
    share = 100 / len(words)
    ms = share * sum(n >= 3 for n in syllables_per_word)
    es = share * syllables_per_word.count(1)
    iw = share * sum(len(w.translate(_NOT_LETTERS)) > 6 for w in words)
    return 0.1935 * ms + 0.1672 * wps + 0.1297 * iw - 0.0327 * es - 0.875


def _empty(lang: str) -> dict[str, float | int]:
    out: dict[str, float | int] = {
        "words": 0, "sentences": 0, "syllables": 0, "words_per_sentence": 0.0,
        "flesch_reading_ease": _EASIEST, "flesch_kincaid_grade": 0.0,
    }
    out.update({key: 0.0 if key in _GRADES else _EASIEST for key in LANGUAGE_METRICS[lang]})
    if lang == "it":
        out["letters"] = 0
    return out
