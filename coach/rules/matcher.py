"""Fast phrase and pattern search for rules: try a regex only where a match can start.

A rule's phrases become one trie-shaped regex (longest match first), tried only
where the draft has a token that starts a phrase. Each raw pattern is reduced to
its *anchors*, the literal texts every match starts with (``(?:refer\\s+to|see)``
gives "refer" and "see"); the pattern is tried only where an anchor occurs, and an
anchor that is a whole token is looked up in the draft's tokens instead of searched
for. A pattern whose start cannot be known is scanned. The result is exactly what
one whole-word regex scan finds (``tests/test_matcher.py`` checks every rule), in a
fraction of the time. Anchors are found by :mod:`coach.rules.anchors`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property

from coach import regexcache
from coach.rules.anchors import ANYWHERE, TOKEN, Anchors, anchors, is_token_char
from coach.draft.text import TOKEN_RE, Tokens

WORD_CHARS = r"[\w'’-]"
_SMALL = 400  # a range this short is scanned whole rather than tokenised first
_BOUNDARY_R = rf"(?!{WORD_CHARS})"

Found = tuple[re.Match[str], bool]
"""A match and whether a raw pattern (not a phrase) produced it."""


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


# --------------------------------------------------------------------------- matching


class Pattern:
    """One raw pattern of a rule and its anchors (compiled on first use: a draft needs few)."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self.flags = flags

    @cached_property
    def rx(self) -> re.Pattern[str]:
        return regexcache.compile(self.pattern, self.flags)

    @cached_property
    def anchors(self) -> Anchors | None:
        return anchors(self.pattern, self.flags)

    @cached_property
    def _tokens(self) -> frozenset[str]:
        return frozenset(a.text for a in self.anchors.texts if a.how == TOKEN) if self.anchors else frozenset()

    @cached_property
    def _searched(self) -> tuple[tuple[str, bool, bool], ...]:
        texts = self.anchors.texts if self.anchors else frozenset()
        return tuple((a.text, a.how == ANYWHERE, a.cased) for a in sorted(texts) if a.how != TOKEN)

    def matches(self, text: str, start: int, end: int, tokens: Tokens, lower: str | None) -> list[re.Match[str]]:
        """Non-empty matches in ``text[start:end]``, as ``finditer`` finds them."""
        if self.anchors is None or lower is None:
            return [m for m in self.rx.finditer(text, start, end) if m.end() > m.start()]
        present = self._tokens & tokens.present
        positions = [p for w in present for p in tokens.positions(w) if start <= p < end] if present else []
        for anchor, anywhere, cased in self._searched:
            hay = text if cased else lower
            i = hay.find(anchor, start, end)
            while i != -1:
                if anywhere or i == 0 or not is_token_char(lower[i - 1]):
                    positions.append(i)
                i = hay.find(anchor, i + 1, end)
        if not positions:
            return []
        if self.anchors.lead_space:
            positions = _with_space_before(text, start, positions)
        positions.sort()
        return _matches_at(self.rx, text, positions, end)


def _matches_at(rx: re.Pattern[str], text: str, positions: list[int], end: int) -> list[re.Match[str]]:
    """Non-empty matches of ``rx`` tried at sorted ``positions``, each after the previous one ends."""
    found: list[re.Match[str]] = []
    last = -1
    for pos in positions:
        if pos < last:
            continue
        m = rx.match(text, pos, end)
        if m is not None and m.end() > pos:
            last = m.end()
            found.append(m)
    return found


def _with_space_before(text: str, start: int, positions: list[int]) -> list[int]:
    """``positions`` and every position in the run of whitespace before each."""
    out = set(positions)
    for pos in positions:
        while pos > start and text[pos - 1].isspace():
            pos -= 1
            out.add(pos)
    return list(out)


class Matcher:
    """Whole-word ``phrases`` and raw ``patterns`` of one rule, compiled once."""

    def __init__(self, phrases: Sequence[str], patterns: Sequence[str], case: bool) -> None:
        flags = 0 if case else re.IGNORECASE
        self.case = case
        self.phrases = tuple(phrases)
        heads = {TOKEN_RE.match(p.lower().lstrip()) for p in phrases if p.strip()}
        self.first_words = None if None in heads else frozenset(m.group() for m in heads if m is not None)
        self.patterns = tuple(Pattern(p, flags) for p in patterns)
        self._flags = flags

    @cached_property
    def phrase_rx(self) -> re.Pattern[str] | None:
        """The phrases as a trie, tried at token starts (compiled on first use: most drafts need few)."""
        if not self.phrases:
            return None
        return regexcache.shared().build(
            f"trie:{self._flags}:" + "\x00".join(self.phrases), lambda: trie_pattern(self.phrases, self.case) + _BOUNDARY_R, self._flags
        )

    @cached_property
    def phrase_scan(self) -> re.Pattern[str] | None:
        """The phrases as one whole-word regex for a plain scan (compiled on first use)."""
        if not self.phrases:
            return None
        return regexcache.shared().build(
            f"scan:{self._flags}:" + "\x00".join(self.phrases),
            lambda: rf"(?<!{WORD_CHARS})(?:{trie_pattern(self.phrases, self.case)}){_BOUNDARY_R}",
            self._flags,
        )

    @cached_property
    def token_gate(self) -> frozenset[str] | None:
        """Tokens at least one of which a draft must have for any match (None: no such set, e.g.
        a pattern whose start is searched for as text): most rules are skipped by one set test."""
        gate: set[str] = set()
        if self.phrases:
            if self.first_words is None:
                return None
            gate |= self.first_words
        for pattern in self.patterns:
            if pattern.anchors is None or pattern._searched:
                return None
            gate |= pattern._tokens
        return frozenset(gate)

    def _gated(self, tokens: Tokens, lower: str | None) -> bool:
        """True when the draft has none of the tokens every match needs."""
        gate = self.token_gate
        return lower is not None and gate is not None and gate.isdisjoint(tokens.present)

    def search(self, text: str) -> bool:
        """True when anything matches anywhere in ``text`` (a plain scan; for tests and one-offs)."""
        scan = self.phrase_scan
        return (scan is not None and scan.search(text) is not None) or any(p.rx.search(text) for p in self.patterns)

    def find(
        self, text: str, start: int, end: int, tokens: Tokens | None = None, lower: str | None = None
    ) -> list[Found]:
        """Non-overlapping matches in ``text[start:end]``, leftmost first, longest first at one place.

        ``tokens`` are the :class:`~coach.draft.text.Tokens` of a range holding ``start:end`` and
        ``lower`` is ``text.lower()`` when it has the same length (both computed once per draft).
        """
        if tokens is None:
            if end - start <= _SMALL:
                return self._scan(text, start, end)
            tokens = Tokens(text, start, end)
        if self._gated(tokens, lower):
            return []
        found: list[Found] = []
        if self.phrases:
            found = [(m, False) for m in self._phrase_matches(text, start, end, tokens)]
        for pattern in self.patterns:
            matches = pattern.matches(text, start, end, tokens, lower)
            if matches:
                found += [(m, True) for m in matches]
        if len(found) <= 1 or not self.patterns:
            return found
        found.sort(key=lambda f: (f[0].start(), -f[0].end()))
        kept: list[Found] = []
        for f in found:
            if kept and f[0].start() < kept[-1][0].end():
                continue
            kept.append(f)
        return kept

    def _scan(self, text: str, start: int, end: int) -> list[Found]:
        """A plain scan of a short range (a greeting line, a signature): cheaper than its tokens."""
        found: list[Found] = []
        if self.phrase_scan is not None:
            found = [(m, False) for m in self.phrase_scan.finditer(text, start, end)]
        for pattern in self.patterns:
            found += [(m, True) for m in pattern.rx.finditer(text, start, end) if m.end() > m.start()]
        found.sort(key=lambda f: (f[0].start(), -f[0].end()))
        kept: list[Found] = []
        for f in found:
            if not kept or f[0].start() >= kept[-1][0].end():
                kept.append(f)
        return kept

    def each(
        self, text: str, start: int, end: int, tokens: Tokens | None = None, lower: str | None = None
    ) -> Iterator[list[Found]]:
        """The phrases' matches, then each pattern's (overlaps not resolved): enough for "is there any"."""
        if tokens is None:
            tokens = Tokens(text, start, end)
        if self._gated(tokens, lower):
            return
        if self.phrases:
            yield [(m, False) for m in self._phrase_matches(text, start, end, tokens)]
        for pattern in self.patterns:
            yield [(m, True) for m in pattern.matches(text, start, end, tokens, lower)]

    def _phrase_matches(self, text: str, start: int, end: int, tokens: Tokens) -> list[re.Match[str]]:
        if self.first_words is None:
            return list(self.phrase_scan.finditer(text, start, end))  # type: ignore[union-attr]
        present = self.first_words & tokens.present
        if not present:
            return []
        positions = sorted(p for w in present for p in tokens.positions(w) if start <= p < end)
        assert self.phrase_rx is not None
        return _matches_at(self.phrase_rx, text, positions, end)
