"""Words, sentences and paragraphs with their spans, for the engine and readability.

Everything here works on the *judged* text from ``coach.draft.clean`` (ignored regions
are blanked with spaces), so spans are plain-text offsets. A draft is tokenised
once (:func:`tokenize`); sentences, paragraphs, readability and the rule matcher
all read that one pass.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from operator import methodcaller
from typing import NamedTuple

from coach import regexcache
from coach.language.sentence_ends import continues_sentence

# A token: a run of letters, digits, "_", apostrophes and hyphens ("don't", "follow-up").
# Phrases and patterns are anchored at token starts; a token with a letter or digit is a word.
TOKEN_RE = regexcache.compile(r"[\w'’-]+")
_TOKEN_EDGES = "_'’-"  # what a word never starts or ends with ("'quoted'" is the word "quoted")
_strip_edges = methodcaller("strip", _TOKEN_EDGES)
_NOWHERE: list[int] = []
# A sentence ends at . ! ? (possibly repeated, possibly closed by a quote or
# bracket) followed by whitespace, or at a line break: list items and lines
# without end punctuation are sentences of their own.
_SENTENCE_END_RE = regexcache.compile(r"[.!?…]+[\"')\]’”]*(?=\s|$)|\n")
_PARAGRAPH_SPLIT_RE = regexcache.compile(r"\n[ \t\r]*\n\s*")  # \r: Windows line ends
# "e.g." and friends do not end a sentence: the letters and dots before the dot are one of these.
_ABBREVIATION_RE = regexcache.compile(
    r"(?<![^\W\d_.])(?i:e\.g|i\.e|etc|vs|mr|mrs|ms|dr|st|no|approx|dept|inc|ltd|co|jr|sr)$"
)


class Segment(NamedTuple):
    """A sentence or paragraph: its span and the number of words in it."""

    start: int
    end: int
    words: int


class Tokens:
    """The tokens of ``text[start:end]``, found in one pass, and where each one occurs."""

    __slots__ = ("keys", "starts", "present", "words", "word_starts", "_index")

    def __init__(self, text: str, start: int = 0, end: int | None = None, *, lowered: bool = False) -> None:
        """``lowered``: ``text`` is already lower-case (keys are then the tokens themselves)."""
        end = len(text) if end is None else end
        found = list(TOKEN_RE.finditer(text, start, end))
        tokens: list[str] = list(map(re.Match.group, found))
        self.starts: list[int] = list(map(re.Match.start, found))
        self.keys: list[str] = tokens if lowered else [t.lower() for t in tokens]
        self.present: frozenset[str] = frozenset(self.keys)
        if _may_have_non_words(self.present) and "" in map(_strip_edges, self.present):
            kept = [i for i, t in enumerate(tokens) if t.strip(_TOKEN_EDGES)]
            self.words: list[str] = [tokens[i] for i in kept]
            self.word_starts: list[int] = [self.starts[i] for i in kept]
        else:
            self.words, self.word_starts = tokens, self.starts
        self._index: dict[str, list[int]] | None = None  # token -> starts, built on first use

    def positions(self, key: str) -> list[int]:
        """Start offsets of the (lower-cased) token ``key``, ascending."""
        if self._index is None:
            index: dict[str, list[int]] = {}
            for token, start in zip(self.keys, self.starts):
                if token in index:
                    index[token].append(start)
                else:
                    index[token] = [start]
            self._index = index
        return self._index.get(key, _NOWHERE)

    def count_between(self, start: int, end: int) -> int:
        """The number of words starting in ``start:end``."""
        return bisect_left(self.word_starts, end) - bisect_left(self.word_starts, start)


def _may_have_non_words(tokens: frozenset[str]) -> bool:
    """Whether a token may lack letters and digits ("-", "--", "'"): only if one starts with ``_'’-``."""
    joined = " " + " ".join(tokens)
    return " -" in joined or " '" in joined or " ’" in joined or " _" in joined


def sentences(
    text: str, start: int = 0, end: int | None = None, tokens: Tokens | None = None, *, lang: str = "en"
) -> list[Segment]:
    """Sentences of ``text[start:end]`` with leading/trailing whitespace trimmed; those without words dropped.

    ``tokens`` are :class:`Tokens` of the same range, when already known. For a ``lang`` other
    than "en", that language's abbreviations, ordinals and list numbers do not end a sentence
    either (:func:`coach.language.sentence_ends.continues_sentence`).
    """
    end = len(text) if end is None else end
    if tokens is None:
        tokens = Tokens(text, start, end)
    out: list[Segment] = []
    begin = start
    for m in _SENTENCE_END_RE.finditer(text, start, end):
        dot = m.start()
        if text[dot] == "." and (
            _ABBREVIATION_RE.search(text, max(begin, dot - 6), dot)
            or (lang != "en" and continues_sentence(text, dot, lang))
        ):
            continue
        _append(out, text, begin, m.end(), tokens)
        begin = m.end()
    _append(out, text, begin, end, tokens)
    return out


def paragraphs(text: str, start: int = 0, end: int | None = None, tokens: Tokens | None = None) -> list[Segment]:
    """Paragraphs (separated by blank lines) of ``text[start:end]``; ``tokens`` as for :func:`sentences`."""
    end = len(text) if end is None else end
    if tokens is None:
        tokens = Tokens(text, start, end)
    out: list[Segment] = []
    begin = start
    for m in _PARAGRAPH_SPLIT_RE.finditer(text, start, end):
        _append(out, text, begin, m.start(), tokens)
        begin = m.end()
    _append(out, text, begin, end, tokens)
    return out


def _append(out: list[Segment], text: str, start: int, end: int, tokens: Tokens) -> None:
    words = tokens.count_between(start, end)
    if words:
        chunk = text[start:end]
        lead = len(chunk) - len(chunk.lstrip())
        out.append(Segment(start + lead, start + len(chunk.rstrip()), words))


def at_sentence_start(text: str, pos: int) -> bool:
    """True when only spaces, quotes or brackets stand between ``pos`` and a sentence end (or the start)."""
    i = pos - 1
    while i >= 0 and text[i] in " \t\"'“‘(":
        i -= 1
    return i < 0 or text[i] in ".!?\n:"
