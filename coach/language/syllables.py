"""Syllable counts per word for English, German and Italian: small heuristics, no dictionary.

Each counter returns at least 1 for any word (a number or a symbol is one "syllable",
as in textstat). They count vowel nuclei:

* English: vowel groups, minus a silent final "e"/"es"/"ed" (textstat's figures stay
  close, see tests/test_readability.py).
* German: vowel groups over a e i o u ä ö ü y, where a diphthong or a long-vowel
  digraph (ei ai ey ay au eu äu ie aa ee oo) is one nucleus and any other vowel starts a new one
  ("Feu-er", "Si-tu-a-ti-on", "frei-e"), except after the prefixes ge-/be- ("ge-ehrt"). Compounds are just long words. Not handled:
  "ie" as two syllables in loans ("Fe-ri-en"), silent "e" in English loans ("Update").
* Italian: in a run of vowels, every strong vowel (a e o, and any accented vowel) is a
  nucleus and unaccented i/u only glide ("buon-gior-no", "qui", "può", "a-e-re-o", "pa-e-se").
  A run of i/u alone is one nucleus. Hiatus after a stressed i/u that is not written
  with an accent ("mi-o", "pa-u-ra") is counted as a diphthong: one syllable too few.
  An elided article or preposition is part of the word it is glued to ("l'acqua",
  "dell'app", "un'altra" are one word each, as in textstat, which drops the apostrophe);
  its vowel is elided, so it adds no syllable ("l'ac-qua" 2, "del-l'app" 2).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from coach import regexcache

__all__ = ["COUNTERS", "english", "german", "italian"]

_EN_TRAILING_SILENT_RE = regexcache.compile(r"(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$")
_EN_VOWEL_RUN_RE = regexcache.compile(r"[aeiouy]{1,2}")
_EN_NON_LETTER_RE = regexcache.compile(r"[^a-z]")

# German: a digraph nucleus first, else a single vowel.
_DE_NUCLEUS_RE = regexcache.compile(r"ei|ai|ey|ay|au|eu|äu|ie|aa|ee|oo|[aeiouäöüy]")
_DE_PREFIX_HIATUS_RE = regexcache.compile(r"^(?:ge|be)e")  # "ge-ehrt", "be-en-den": the prefix's e is its own nucleus

_IT_VOWELS = "aeiouàèéìíòóùú"
_IT_STRONG = frozenset("aeoàèéìíòóùú")  # a nucleus wherever it stands
_IT_VOWEL_RUN_RE = regexcache.compile(f"[{_IT_VOWELS}]+")


@lru_cache(maxsize=65536)
def english(word: str) -> int:
    """Estimated syllables in one English word (at least 1)."""
    w = _EN_NON_LETTER_RE.sub("", word.lower())
    if len(w) <= 3:
        return 1
    w = _EN_TRAILING_SILENT_RE.sub("", w)
    if w.startswith("y"):
        w = w[1:]
    return max(1, len(_EN_VOWEL_RUN_RE.findall(w)))


@lru_cache(maxsize=65536)
def german(word: str) -> int:
    """Estimated syllables in one German word (at least 1)."""
    w = word.lower()
    return max(1, len(_DE_NUCLEUS_RE.findall(w)) + bool(_DE_PREFIX_HIATUS_RE.match(w)))


@lru_cache(maxsize=65536)
def italian(word: str) -> int:
    """Estimated syllables in one Italian word (at least 1)."""
    count = 0
    for run in _IT_VOWEL_RUN_RE.findall(word.lower()):
        count += max(1, sum(v in _IT_STRONG for v in run))
    return max(1, count)


COUNTERS: dict[str, Callable[[str], int]] = {"en": english, "de": german, "it": italian}
