"""Readability metrics (Flesch reading ease, Flesch-Kincaid grade).

The formulas are textstat's; syllables are counted with a small vowel-group
heuristic instead of pyphen or the CMU dictionary, because loading those costs
0.3-1.2 s per process and ``coach check`` must answer in well under a second.
``tests/test_readability.py`` keeps these figures close to textstat's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from coach.text import Segment, Tokens

_TRAILING_SILENT_RE = re.compile(r"(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$")
_VOWEL_RUN_RE = re.compile(r"[aeiouy]{1,2}")
_NON_LETTER_RE = re.compile(r"[^a-z]")


@lru_cache(maxsize=65536)
def syllables(word: str) -> int:
    """Estimated syllables in one English word (at least 1)."""
    w = _NON_LETTER_RE.sub("", word.lower())
    if len(w) <= 3:
        return 1
    w = _TRAILING_SILENT_RE.sub("", w)
    if w.startswith("y"):
        w = w[1:]
    return max(1, len(_VOWEL_RUN_RE.findall(w)))


def measure(text: str, sentence_spans: list[Segment]) -> dict[str, float | int]:
    """Counts and metrics for ``text`` split into ``sentence_spans`` (see :func:`metrics`)."""
    return metrics([w for s in sentence_spans for w in Tokens(text, s.start, s.end).words], len(sentence_spans))


def metrics(words: Sequence[str], sentences: int) -> dict[str, float | int]:
    """Counts and metrics for ``words`` in ``sentences`` sentences.

    Keys: words, sentences, syllables, words_per_sentence,
    flesch_reading_ease, flesch_kincaid_grade.
    """
    n_words = len(words)
    n_sentences = max(1, sentences)
    n_syllables = sum(map(syllables, words))
    if n_words == 0:
        return {
            "words": 0, "sentences": 0, "syllables": 0, "words_per_sentence": 0.0,
            "flesch_reading_ease": 100.0, "flesch_kincaid_grade": 0.0,
        }
    wps = n_words / n_sentences
    spw = n_syllables / n_words
    return {
        "words": n_words,
        "sentences": sentences,
        "syllables": n_syllables,
        "words_per_sentence": round(wps, 1),
        "flesch_reading_ease": round(206.835 - 1.015 * wps - 84.6 * spw, 1),
        "flesch_kincaid_grade": round(0.39 * wps + 11.8 * spw - 15.59, 1),
    }
