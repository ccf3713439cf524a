r"""A pattern's anchors: the literal texts every match starts with, read from its parse tree.

``(?<![\w'’-])(?:refer\s+to|see)(?!...)`` can only match where the token "refer" or
"see" starts, so :mod:`coach.rules.matcher` tries it there and nowhere else. Pure functions
of the pattern, remembered per pattern (and kept across runs by :mod:`coach.rules.cache`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, NamedTuple

from coach.draft.text import TOKEN_RE

try:  # CPython's regex parser: used only to find a pattern's anchors (an optimisation)
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python: patterns are simply scanned
    C = P = None


def is_token_char(ch: str) -> bool:
    """Whether ``ch`` can be part of a token (``TOKEN_RE``): a letter, digit, ``_``, ``'``, ``’`` or ``-``."""
    return ch.isalnum() or ch in "_'’-"


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
    """Record anchors found earlier (by :mod:`coach.rules.cache`), so they are not looked for again."""
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
            how = TOKEN_START if token_start and is_token_char(acc[0]) else ANYWHERE
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
                if acc and not is_token_char(ch) and is_token_char(acc[-1]):
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
            if is_token_char(chr(av)):
                return False
        elif op is C.IN:
            for iop, iav in av:
                if iop is C.CATEGORY and iav is C.CATEGORY_SPACE:
                    continue
                if iop is C.LITERAL and not is_token_char(chr(iav)):
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
