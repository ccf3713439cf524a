"""Fast phrase and pattern search for rules: try a regex only where a match can start.

A rule's phrases become one trie-shaped regex (longest match first), tried only
where the draft has a token that starts a phrase. Each raw pattern is reduced to
its *anchors*, the literal texts every match starts with (``(?:refer\\s+to|see)``
gives "refer" and "see"); the pattern is tried only where an anchor occurs, and an
anchor that is a whole token is looked up in the draft's tokens instead of searched
for. A pattern whose start cannot be known is scanned. The result is exactly what
one whole-word regex scan finds (``tests/test_matcher.py`` checks every rule), in a
fraction of the time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple

from coach.text import TOKEN_RE, Tokens

try:  # CPython's regex parser: used only to find a pattern's anchors (an optimisation)
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python: patterns are simply scanned
    C = P = None

WORD_CHARS = r"[\w'’-]"
_BOUNDARY_R = rf"(?!{WORD_CHARS})"

Found = tuple[re.Match[str], bool]
"""A match and whether a raw pattern (not a phrase) produced it."""


def _is_token_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_'’-"


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


# --------------------------------------------------------------------------- anchors

# How an anchor is found in a draft.
TOKEN = "token"  # a whole token at a token start: looked up in the draft's tokens
TOKEN_START = "token_start"  # the start of a token: searched for, kept only at token starts
ANYWHERE = "anywhere"  # searched for


class Anchor(NamedTuple):
    """A literal text a match starts with, how to find it, and whether case matters
    (``text`` is lower-cased and searched in the lower-cased draft unless ``cased``)."""

    text: str
    how: str
    cased: bool = False


@dataclass(frozen=True)
class Anchors:
    """Where a pattern's matches can start: at one of ``texts``, or up to a run of
    whitespace before one when ``lead_space``."""

    texts: frozenset[Anchor]
    lead_space: bool = False


class _Unknown(Exception):
    """The pattern's start cannot be reduced to a few anchors."""


_KNOWN: dict[tuple[str, int], Anchors | None] = {}  # anchors() is pure: each pattern is analysed once


def anchors(pattern: str, flags: int = 0) -> Anchors | None:
    """The anchors of ``pattern`` (see :func:`find_anchors`), remembered per pattern."""
    key = (pattern, flags)
    if key not in _KNOWN:
        _KNOWN[key] = find_anchors(pattern, flags)
    return _KNOWN[key]


def remember_anchors(pattern: str, flags: int, found: Anchors | None) -> None:
    """Record anchors found earlier (by :mod:`coach.rulecache`), so they are not looked for again."""
    _KNOWN[(pattern, flags)] = found


def find_anchors(pattern: str, flags: int = 0, *, limit: int = 96) -> Anchors | None:
    r"""The anchors of ``pattern``; None when a match could start anywhere.

    ``(?<![\w'’-])(?:refer\s+to|see)\b`` gives the tokens "refer" and "see";
    ``apolog(?:y|ies)`` gives "apology" and "apologies", found anywhere.
    """
    if P is None:
        return None
    try:
        tree = P.parse(pattern, flags)
    except re.error:
        return None
    out: set[Anchor] = set()
    lead_space = False

    def add(acc: str, token_start: bool, whole: bool, cased: bool) -> None:
        if len(out) > limit or not acc:
            raise _Unknown
        if token_start and whole and TOKEN_RE.fullmatch(acc):
            out.add(Anchor(acc.lower(), TOKEN))
        else:
            how = TOKEN_START if token_start and _is_token_char(acc[0]) else ANYWHERE
            out.add(Anchor(acc if cased else acc.lower(), how, cased))

    def walk(items: list[tuple[Any, Any]], acc: str, token_start: bool, icase: bool, cased: bool) -> None:
        nonlocal lead_space
        for i, (op, av) in enumerate(items):
            rest = items[i + 1 :]
            if op in (C.ASSERT, C.ASSERT_NOT):
                if not acc:
                    token_start = token_start or _asserts_token_start(op, av)
                    continue
                add(acc, token_start, op is C.ASSERT_NOT and av[0] == 1 and _is_token_class(av[1]), cased)
                return
            if op is C.AT:
                if acc:
                    break
                continue
            if op is C.LITERAL:
                ch = chr(av)
                if acc and not _is_token_char(ch) and _is_token_char(acc[-1]):
                    add(acc, token_start, True, cased)  # the token ends here
                    return
                acc += ch.lower() if icase else ch
                cased = cased and not icase
                continue
            if op is C.IN:
                if all(iop is C.LITERAL for iop, _ in av) and len(av) <= 8:
                    for _, iav in av:
                        walk([(C.LITERAL, iav), *rest], acc, token_start, icase, cased)
                    return
                if acc and _outside_tokens([(op, av)]):
                    add(acc, token_start, True, cased)
                    return
                break
            if op is C.SUBPATTERN:
                _, add_flags, del_flags, sub = av
                inner = bool((icase or add_flags & re.IGNORECASE) and not del_flags & re.IGNORECASE)
                if inner == icase:
                    walk(list(sub) + rest, acc, token_start, icase, cased)
                else:  # the flags end with the group: follow it alone
                    walk(list(sub), acc, token_start, inner, cased)
                return
            if op is C.BRANCH:
                for branch in av[1]:
                    walk(list(branch) + rest, acc, token_start, icase, cased)
                return
            if op in _REPEATS:
                lo, _, sub = av
                if not acc and lo == 0 and _only_space(sub):
                    lead_space = True  # a match may start in the whitespace before the anchor
                    continue
                if acc and lo >= 1 and _outside_tokens(sub):
                    add(acc, token_start, True, cased)
                    return
                if lo == 0:
                    walk(rest, acc, token_start, icase, cased)  # skipped
                walk(list(sub), acc, token_start, icase, cased)  # taken once: the anchor ends with it
                return
            break
        add(acc, token_start, False, cased)

    icase = bool((flags | tree.state.flags) & re.IGNORECASE)
    try:
        walk(list(tree), "", False, icase, True)
    except (_Unknown, RecursionError):
        return None
    return Anchors(frozenset(_fewest(out)), lead_space)


def _fewest(found: set[Anchor], many: int = 4, keep: int = 3) -> set[Anchor]:
    """Fewer searches: searched-for anchors shortened to ``keep`` characters when there are
    more than ``many``, and dropped when another one is their prefix (looked-up tokens stay)."""
    searched = {a for a in found if a.how != TOKEN}
    if len(searched) > many:
        searched = {a._replace(text=a.text[:keep]) for a in searched}
    kept = {a for a in found if a.how == TOKEN}
    for a in searched:
        if not any(
            b != a and a.text.startswith(b.text) and b.cased == a.cased and b.how in (ANYWHERE, a.how) for b in searched
        ):
            kept.add(a)
    return kept


_REPEATS = tuple(op for op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)) if op is not None) if C else ()
_TOKEN_CLASS = {("CATEGORY", "CATEGORY_WORD"), ("LITERAL", ord("'")), ("LITERAL", ord("’")), ("LITERAL", ord("-"))}


def _is_token_class(items: list[tuple[Any, Any]]) -> bool:
    """``[\\w'’-]`` (or more): the class of every token character."""
    if len(items) != 1 or items[0][0] is not C.IN:
        return False
    members = {(str(op), str(av) if op is C.CATEGORY else av) for op, av in items[0][1]}
    return _TOKEN_CLASS <= members and not any(op is C.NEGATE for op, _ in items[0][1])


def _asserts_token_start(op: Any, av: Any) -> bool:
    """A lookbehind that only lets a match start where no token character comes before."""
    direction, sub = av
    if direction != -1 or not sub:
        return False
    if op is C.ASSERT_NOT:
        return _is_token_class(sub)
    last_op, last_av = sub[-1]
    if last_op is C.AT:
        return len(sub) == 1 and last_av in (C.AT_BEGINNING, C.AT_BEGINNING_STRING)
    return _outside_tokens([sub[-1]])


def _outside_tokens(items: list[tuple[Any, Any]]) -> bool:
    """Every item is one character that is never part of a token (space, most punctuation)."""
    for op, av in items:
        if op is C.LITERAL:
            if _is_token_char(chr(av)):
                return False
        elif op is C.IN:
            for iop, iav in av:
                if iop is C.CATEGORY and iav is C.CATEGORY_SPACE:
                    continue
                if iop is C.LITERAL and not _is_token_char(chr(iav)):
                    continue
                return False
        else:
            return False
    return bool(items)


def _only_space(items: list[tuple[Any, Any]]) -> bool:
    """Every item is one whitespace character (``\\s``, ``[ \\t]``)."""
    for op, av in items:
        if op is C.LITERAL and chr(av).isspace():
            continue
        if op is C.IN and all(
            (iop is C.CATEGORY and iav is C.CATEGORY_SPACE) or (iop is C.LITERAL and chr(iav).isspace()) for iop, iav in av
        ):
            continue
        return False
    return bool(items)


# --------------------------------------------------------------------------- matching


class Pattern:
    """One raw pattern of a rule and its anchors (compiled on first use: a draft needs few)."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self.flags = flags

    @cached_property
    def rx(self) -> re.Pattern[str]:
        return re.compile(self.pattern, self.flags)

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
                if anywhere or i == 0 or not _is_token_char(lower[i - 1]):
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
        return (scan is not None and scan.search(text) is not None) or any(p.rx.search(text) for p in self.patterns)

    def find(
        self, text: str, start: int, end: int, tokens: Tokens | None = None, lower: str | None = None
    ) -> list[Found]:
        """Non-overlapping matches in ``text[start:end]``, leftmost first, longest first at one place.

        ``tokens`` are the :class:`~coach.text.Tokens` of a range holding ``start:end`` and
        ``lower`` is ``text.lower()`` when it has the same length (both computed once per draft).
        """
        if tokens is None:
            tokens = Tokens(text, start, end)
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

    def each(
        self, text: str, start: int, end: int, tokens: Tokens | None = None, lower: str | None = None
    ) -> Iterator[list[Found]]:
        """The phrases' matches, then each pattern's (overlaps not resolved): enough for "is there any"."""
        if tokens is None:
            tokens = Tokens(text, start, end)
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
