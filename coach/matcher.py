"""Fast phrase and pattern search for rules: a trie of phrases tried only where their first word occurs.

A rule's phrases become one trie-shaped regex (longest match first) that is
tried only at the draft's word starts whose word begins a phrase; each raw
pattern is tried only where its possible first characters occur (or scanned
when they cannot be known). Results are those of one regex alternation of
whole-word phrases and patterns, found in a fraction of the time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

try:  # CPython's regex parser: used only to find a pattern's literal prefixes (an optimisation)
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python: patterns are simply scanned
    C = P = None

WORD_CHARS = r"[\w'’-]"
TOKEN_RE = re.compile(WORD_CHARS + "+")
_BOUNDARY_R = rf"(?!{WORD_CHARS})"


def word_starts(text: str, start: int, end: int) -> dict[str, list[int]]:
    """Lower-cased token -> its start offsets in ``text[start:end]`` (ascending).

    Pass ``text.lower()`` when it has the same length as the text (it usually has).
    """
    out: dict[str, list[int]] = {}
    for m in TOKEN_RE.finditer(text, start, end):
        word = m.group()
        if word in out:
            out[word].append(m.start())
        else:
            out[word] = [m.start()]
    if not text.islower():
        merged: dict[str, list[int]] = {}
        for word, positions in out.items():
            merged.setdefault(word.lower(), []).extend(positions)
        out = {w: sorted(p) if len(p) > 1 else p for w, p in merged.items()}
    return out


def trie_pattern(phrases: Iterable[str], case: bool) -> str:
    """One regex for ``phrases`` shaped as a trie (words joined by ``\\s+``); longest match wins."""
    trie: dict[str, dict] = {}
    for phrase in phrases:
        text = " ".join(phrase.split())
        node = trie
        for ch in text if case else text.lower():
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        alts = [(r"\s+" if ch == " " else re.escape(ch)) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    return emit(trie)


class _Unknown(Exception):
    """The pattern's start cannot be reduced to a few literal prefixes."""


def literal_prefixes(pattern: str, flags: int = 0, *, limit: int = 64) -> frozenset[str] | None:
    r"""Lower-cased literal strings one of which starts every match of ``pattern``; None when unknown.

    ``(?<![\w])(?:refer\s+to|see)`` gives ``{"refer", "see"}``: the pattern only needs
    trying where one of them occurs.
    """
    if P is None:
        return None
    try:
        tree = P.parse(pattern, flags)
    except re.error:
        return None
    out: set[str] = set()

    def walk(items: list[tuple[Any, Any]], acc: str) -> None:
        if len(out) > limit:
            raise _Unknown
        for i, (op, av) in enumerate(items):
            rest = items[i + 1 :]
            if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
                if acc:
                    break
                continue
            if op is C.LITERAL:
                acc += chr(av).lower()
                continue
            if op is C.IN:
                if not all(iop is C.LITERAL for iop, _ in av) or len(av) > 8:
                    break
                for _, iav in av:
                    walk(rest, acc + chr(iav).lower())
                return
            if op is C.SUBPATTERN:
                walk(list(av[-1]) + rest, acc)
                return
            if op is C.BRANCH:
                for branch in av[1]:
                    walk(list(branch) + rest, acc)
                return
            if op in _REPEATS:
                lo, _, sub = av
                if lo == 0:
                    walk(rest, acc)  # skipped
                walk(list(sub), acc)  # taken once: the prefix ends with it
                return
            break
        out.add(acc)

    try:
        walk(list(tree), "")
    except (_Unknown, RecursionError):
        return None
    if not out or "" in out:
        return None
    return _fewest(out)


def _fewest(prefixes: set[str], many: int = 4, keep: int = 3) -> frozenset[str]:
    """Fewer, shorter prefixes that still cover every match (fewer text searches per draft)."""
    if len(prefixes) > many:
        prefixes = {p[:keep] for p in prefixes}
    out: list[str] = []
    for p in sorted(prefixes):
        if not out or not p.startswith(out[-1]):
            out.append(p)
    return frozenset(out)


_REPEATS = tuple(op for op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)) if op is not None) if C else ()


@dataclass(frozen=True)
class Found:
    """One match and whether a raw pattern (not a phrase) produced it."""

    match: re.Match[str]
    from_pattern: bool


class Matcher:
    """Whole-word ``phrases`` and raw ``patterns`` of one rule, compiled once."""

    def __init__(self, phrases: Sequence[str], patterns: Sequence[str], case: bool) -> None:
        flags = 0 if case else re.IGNORECASE
        self.case = case
        self.phrases = tuple(phrases)
        heads = {p.split()[0].lower() for p in phrases if p.split()}
        self.first_words = frozenset(heads) if all(TOKEN_RE.fullmatch(w) for w in heads) else None
        self.patterns = tuple((re.compile(p, flags), literal_prefixes(p, flags)) for p in patterns)
        self._flags = flags

    @cached_property
    def phrase_rx(self) -> re.Pattern[str] | None:
        """The phrases as a trie, tried at word starts (compiled on first use: most drafts need few)."""
        if not self.phrases:
            return None
        return re.compile(trie_pattern(self.phrases, self.case) + _BOUNDARY_R, self._flags)

    @cached_property
    def phrase_scan(self) -> re.Pattern[str] | None:
        """The phrases as one whole-word regex for a plain scan (compiled on first use)."""
        if not self.phrases:
            return None
        return re.compile(rf"(?<!{WORD_CHARS})(?:{trie_pattern(self.phrases, self.case)}){_BOUNDARY_R}", self._flags)

    def search(self, text: str) -> bool:
        """True when anything matches anywhere in ``text`` (a plain scan; for tests and one-offs)."""
        scan = self.phrase_scan
        return (scan is not None and scan.search(text) is not None) or any(rx.search(text) for rx, _ in self.patterns)

    def find(
        self, text: str, start: int, end: int, words: Mapping[str, list[int]] | None = None, lower: str | None = None
    ) -> list[Found]:
        """Non-overlapping matches in ``text[start:end]``, leftmost first, longest first at one place.

        ``words`` is :func:`word_starts` of the same range and ``lower`` is ``text.lower()``
        when it has the same length (both computed once per draft).
        """
        found = list(self.each(text, start, end, words, lower))
        if len(found) <= 1 or not self.patterns:
            return found
        found.sort(key=lambda f: (f.match.start(), -f.match.end()))
        kept: list[Found] = []
        for f in found:
            if kept and f.match.start() < kept[-1].match.end():
                continue
            kept.append(f)
        return kept

    def each(
        self, text: str, start: int, end: int, words: Mapping[str, list[int]] | None = None, lower: str | None = None
    ) -> Iterator[Found]:
        """Matches lazily, phrases first, then each pattern (overlaps not resolved): for "is there any"."""
        if self.phrases:
            yield from (Found(m, False) for m in self._phrase_matches(text, start, end, words))
        for rx, chars in self.patterns:
            yield from (Found(m, True) for m in _pattern_matches(rx, chars, text, start, end, lower))

    def _phrase_matches(self, text: str, start: int, end: int, words: Mapping[str, list[int]] | None) -> Iterator[re.Match[str]]:
        if self.first_words is None or words is None:
            yield from self.phrase_scan.finditer(text, start, end)  # type: ignore[union-attr]
            return
        positions = sorted(p for w in self.first_words if w in words for p in words[w] if start <= p < end)
        if not positions:
            return
        rx = self.phrase_rx
        assert rx is not None
        last = -1
        for pos in positions:
            if pos < last:
                continue
            m = rx.match(text, pos, end)
            if m is not None:
                last = m.end()
                yield m


def _pattern_matches(
    rx: re.Pattern[str], prefixes: frozenset[str] | None, text: str, start: int, end: int, lower: str | None
) -> Iterator[re.Match[str]]:
    if prefixes is None or lower is None:
        yield from rx.finditer(text, start, end)
        return
    positions: list[int] = []
    for prefix in prefixes:
        i = lower.find(prefix, start, end)
        while i != -1:
            positions.append(i)
            i = lower.find(prefix, i + 1, end)
    positions.sort()
    last = -1
    for pos in positions:
        if pos < last:
            continue
        m = rx.match(text, pos, end)
        if m is not None and m.end() > m.start():
            last = m.end()
            yield m
