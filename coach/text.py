"""Words, sentences and paragraphs with their spans, for the engine and readability.

Everything here works on the *judged* text from ``coach.clean`` (ignored regions
are blanked with spaces), so spans are plain-text offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORD_RE = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?")
# A sentence ends at . ! ? (possibly repeated, possibly closed by a quote or
# bracket) followed by whitespace, or at a line break: list items and lines
# without end punctuation are sentences of their own.
_SENTENCE_END_RE = re.compile(r"[.!?…]+[\"')\]’”]*(?=\s|$)|\n")
_PARAGRAPH_SPLIT_RE = re.compile(r"\n[ \t\r]*\n\s*")  # \r: Windows line ends
# "e.g." and friends do not end a sentence.
_ABBREVIATIONS = frozenset(
    "e.g i.e etc vs mr mrs ms dr st no approx dept inc ltd co jr sr".split()
)


@dataclass(frozen=True, slots=True)
class Segment:
    """A sentence or paragraph: its span and the number of words in it."""

    start: int
    end: int
    words: int


def count_words(text: str) -> int:
    """The number of words in ``text``."""
    return len(WORD_RE.findall(text))


def sentences(text: str, start: int = 0, end: int | None = None) -> list[Segment]:
    """Sentences of ``text[start:end]`` with leading/trailing whitespace trimmed; empty ones dropped."""
    end = len(text) if end is None else end
    out: list[Segment] = []
    begin = start
    for m in _SENTENCE_END_RE.finditer(text, start, end):
        if m.group() != "\n" and _is_abbreviation(text, begin, m.start()):
            continue
        _append(out, text, begin, m.end())
        begin = m.end()
    _append(out, text, begin, end)
    return out


def paragraphs(text: str, start: int = 0, end: int | None = None) -> list[Segment]:
    """Paragraphs (separated by blank lines) of ``text[start:end]``."""
    end = len(text) if end is None else end
    out: list[Segment] = []
    begin = start
    for m in _PARAGRAPH_SPLIT_RE.finditer(text, start, end):
        _append(out, text, begin, m.start())
        begin = m.end()
    _append(out, text, begin, end)
    return out


def _is_abbreviation(text: str, begin: int, dot: int) -> bool:
    if text[dot] != ".":
        return False
    word_start = dot
    while word_start > begin and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
        word_start -= 1
    return text[word_start:dot].lower() in _ABBREVIATIONS


def _append(out: list[Segment], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    lead = len(chunk) - len(chunk.lstrip())
    words = count_words(stripped)
    if words:
        out.append(Segment(start + lead, start + lead + len(stripped), words))


def at_sentence_start(text: str, pos: int) -> bool:
    """True when only spaces, quotes or brackets stand between ``pos`` and a sentence end (or the start)."""
    i = pos - 1
    while i >= 0 and text[i] in " \t\"'“‘(":
        i -= 1
    return i < 0 or text[i] in ".!?\n:"
