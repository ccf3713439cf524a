"""Edits of the plain text: what one change replaces, and applying many at once.

An :class:`Edit` replaces ``text[start:end]`` with ``after`` and names the rule behind it.
``apply`` makes sorted, non-overlapping edits in one pass and tidies around them: a deletion
drops one of the spaces it leaves and a dangling comma after a deleted opener, and the word that
now starts a sentence gets its capital.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from coach import regexcache

_AFTER_DELETED_OPENER = regexcache.compile(r"[ \t]*[,;:]?[ \t]*")
_PUNCT_AFTER = ",.;:!?)"


class Source(Enum):
    """Where an edit comes from (the order in which revise() makes them)."""

    PHRASE = "phrase"  # a finding's own suggestion, where its context is known to work
    STRATEGY = "strategy"  # a rule's restructuring fix (``fix = "..."``)
    PLACEHOLDER = "placeholder"  # a visible prompt for what only the trainee knows
    LETTER = "letter"  # an opener or a closer


@dataclass(frozen=True, order=True)
class Edit:
    """Replace ``start:end`` of the text with ``after`` (an insertion when start == end)."""

    start: int
    end: int
    after: str
    rule: str
    before: str
    source: Source = Source.PHRASE
    exact: bool = False  # ``after`` is cased as it should be (only a sentence start gets a capital)
    group: int = -1  # edits of one finding that only work together share a group (>= 0)
    opens_sentence: bool = False  # the text after the edit starts a new sentence (gets a capital)

    @property
    def is_insertion(self) -> bool:
        return self.start == self.end


def without_overlaps(edits: Iterable[Edit]) -> list[Edit]:
    """Sorted edits, each one after the last kept one ends (the first of two overlapping wins;
    several insertions at one place are all kept, in their order)."""
    kept: list[Edit] = []
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if kept and e.start < kept[-1].end:
            continue
        kept.append(e)
    return kept


def capitalize_first(s: str) -> str:
    """``s`` with its first letter upper-cased (unless something else comes first)."""
    for i, ch in enumerate(s):
        if ch.isalpha():
            return s[:i] + ch.upper() + s[i + 1 :]
        if not ch.isspace() and ch not in "\"'“‘([":
            return s
    return s


def starts_sentence(text: str, pos: int) -> bool:
    """True when only spaces, quotes or brackets stand between ``pos`` and a sentence end (or the start).

    Unlike ``coach.draft.text.at_sentence_start`` a colon does not end a sentence here: "Avoid this:
    turn it on" keeps its lower case."""
    i = pos - 1
    while i >= 0 and text[i] in " \t\"'“‘(":
        i -= 1
    return i < 0 or text[i] in ".!?\n"


def apply(text: str, edits: list[Edit]) -> str:
    """Apply sorted, non-overlapping edits left to right in linear time, tidying spaces."""
    out: list[str] = []
    cursor = 0
    capitalize_next = False
    for e in edits:
        segment = text[cursor : e.start]
        if capitalize_next and segment.strip():
            segment, capitalize_next = capitalize_first(segment), False
        sentence_start = starts_sentence(text, e.start)
        if e.is_insertion:
            out.append(segment)
            out.append(e.after)
            cursor = e.end
            capitalize_next = capitalize_next or e.opens_sentence
            continue
        if capitalize_next:
            # Everything since the sentence start was deleted: this edit now opens the sentence.
            segment, sentence_start = "", True
        if e.after:
            after = e.after
            if sentence_start or (e.before[:1].isupper() and not e.exact and e.before[:2] not in ("I ", "I'", "I’")):
                after = capitalize_first(after)
            capitalize_next = e.opens_sentence
            out.append(segment)
            out.append(after)
            cursor = e.end
            continue
        # A deletion: drop one side's space, and a dangling comma after a deleted opener.
        nxt = text[e.end : e.end + 1]
        cursor = e.end
        if sentence_start:
            cursor = _AFTER_DELETED_OPENER.match(text, cursor).end()  # type: ignore[union-attr]
            capitalize_next = True
        elif segment.endswith((" ", "\t")) and (nxt in (" ", "\t") or (nxt and nxt in _PUNCT_AFTER)):
            segment = segment[:-1]
        out.append(segment)
    tail = text[cursor:]
    if capitalize_next:
        tail = capitalize_first(tail)
    out.append(tail)
    return "".join(out)
