"""The closed set of rule kinds: what each kind's parameters are and how it matches.

A kind is a parameter schema plus a pure matcher ``(params, analysis) -> [hits]``.
Adding a rule never needs code; adding a *kind* is a change here and in the README.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from coach.matcher import Found, Matcher, Pattern
from coach.text import Segment, Tokens, at_sentence_start

METRICS = ("flesch_reading_ease", "flesch_kincaid_grade")
SCOPES = ("opening", "closing", "body")


class Hit(NamedTuple):
    """A match in plain-text offsets, with an optional fix and message values."""

    start: int
    end: int
    suggestion: str | None = None
    values: Mapping[str, Any] = {}


@dataclass(frozen=True)
class Analysis:
    """What the engine computes once per draft and every rule reads."""

    plain: str
    judged: str
    body_start: int
    body_end: int
    sentences: list[Segment]
    paragraphs: list[Segment]
    readability: Mapping[str, float | int]
    body_words: int = field(default=0)
    tokens: Tokens | None = None  # the body's tokens (built from the text when not given)
    lower: str | None = None  # judged.lower() when it keeps every offset

    @cached_property
    def sentence_starts(self) -> list[int]:
        """Where each sentence starts, for finding a position's sentence by bisection."""
        return [s.start for s in self.sentences]


@dataclass(frozen=True)
class Param:
    """One parameter of a kind: its type name, whether it is required, its default."""

    type: str  # "strings" | "regexes" | "swap" | "str" | "int" | "number" | "bool"
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Kind:
    """A rule kind: its parameters, a check across parameters, and its matcher."""

    name: str
    params: Mapping[str, Param]
    match: Callable[[Mapping[str, Any], Analysis], list[Hit]]
    one_of: tuple[str, ...] = ()  # at least one of these parameters must be given
    fixable: bool = False  # whether its hits can carry a suggestion


# --------------------------------------------------------------------------- helpers

def _sentence_of(analysis: Analysis, pos: int) -> Segment | None:
    i = bisect_right(analysis.sentence_starts, pos) - 1
    if i >= 0 and pos < analysis.sentences[i].end:
        return analysis.sentences[i]
    return None


def _looks_like_name(text: str, start: int, matched: str, case: bool) -> bool:
    """A capitalised match mid-sentence ("Simply Business") is a name, not the word ("I'll" is never a name)."""
    if case or not matched[:1].isupper() or matched.isupper() or _is_pronoun_i(matched):
        return False
    return not at_sentence_start(text, start)


def _is_pronoun_i(matched: str) -> bool:
    """"I", "I'll", "I think": the pronoun, never the start of a name."""
    return matched[:1] == "I" and (matched[1:2] in "'’" or matched[1:2].isspace())


def _unless(params: Mapping[str, Any], analysis: Analysis, pos: int, seen: dict[int, bool]) -> bool:
    """True when the sentence around ``pos`` matches the rule's ``unless`` pattern (in plain text).

    ``seen`` caches the answer per sentence, so many matches in one long sentence stay linear.
    """
    unless: Pattern | None = params.get("_unless")
    if unless is None:
        return False
    s = _sentence_of(analysis, pos)
    lo, hi = (s.start, s.end) if s else (pos, pos)
    if lo not in seen:
        seen[lo] = unless.rx.search(analysis.plain, lo, hi) is not None
    return seen[lo]


def _body_matches(
    params: Mapping[str, Any], analysis: Analysis, start: int | None = None, end: int | None = None
) -> list[re.Match[str]]:
    """The rule's phrase and pattern matches in the body (or ``start:end``), after its exceptions."""
    matcher: Matcher | None = params.get("_regex")
    if matcher is None:
        return []
    lo = analysis.body_start if start is None else start
    hi = analysis.body_end if end is None else end
    found = matcher.find(analysis.judged, lo, hi, analysis.tokens, analysis.lower)
    return _kept(params, analysis, found, {}) if found else []


def _kept(params: Mapping[str, Any], analysis: Analysis, found: list[Found], seen: dict[int, bool]) -> list[re.Match[str]]:
    """``found`` without the rule's exceptions, names, and matches in an ``unless`` sentence."""
    exceptions = params.get("_exceptions", ())
    case = params.get("case", False)
    text = analysis.judged
    kept = []
    for m, from_pattern in found:
        word = m.group()
        if not word.strip() or word in exceptions:
            continue
        if not from_pattern and _looks_like_name(text, m.start(), word, case):
            continue
        if _unless(params, analysis, m.start(), seen):
            continue
        kept.append(m)
    return kept


# --------------------------------------------------------------------------- matchers


def _existence(params: Mapping[str, Any], analysis: Analysis) -> list[Hit]:
    replacement = params.get("replacement")
    return [Hit(m.start(), m.end(), replacement) for m in _body_matches(params, analysis)]


def _substitution(params: Mapping[str, Any], analysis: Analysis) -> list[Hit]:
    swap: Mapping[str, str] = params["_swap"]
    return [Hit(m.start(), m.end(), swap.get(" ".join(m.group().lower().split()))) for m in _body_matches(params, analysis)]


def _occurrence(params: Mapping[str, Any], analysis: Analysis) -> list[Hit]:
    limit = params["max"]
    matches = _body_matches(params, analysis)
    values = {"count": len(matches), "limit": limit}
    return [Hit(m.start(), m.end(), params.get("replacement"), values) for m in matches[limit:]]


def _required(params: Mapping[str, Any], analysis: Analysis) -> list[Hit]:
    if analysis.body_words < params["min_words"] or not analysis.sentences:
        return []
    n = params["sentences"]
    scope = params["scope"]
    if scope == "opening":
        segs = analysis.sentences[:n]
    elif scope == "closing":
        segs = analysis.sentences[-n:]
    else:
        segs = analysis.sentences
    matcher: Matcher = params["_regex"]
    seen: dict[int, bool] = {}
    for group in matcher.each(analysis.judged, segs[0].start, segs[-1].end, analysis.tokens, analysis.lower):
        for m in _kept(params, analysis, group, seen) if group else ():
            begin = m.start() + len(m.group()) - len(m.group().lstrip())  # a pattern may start with \s*
            if any(s.start <= begin and m.end() <= s.end for s in segs):
                return []
    anchor = segs[0] if scope == "opening" else segs[-1]
    return [Hit(anchor.start, anchor.end, None, {"scope": scope})]


def _sentence_length(params: Mapping[str, Any], analysis: Analysis) -> list[Hit]:
    limit = params["max_words"]
    return [Hit(s.start, s.end, None, {"words": s.words, "limit": limit}) for s in analysis.sentences if s.words > limit]


def _paragraph_length(params: Mapping[str, Any], analysis: Analysis) -> list[Hit]:
    max_words = params["max_words"]
    max_sentences = params.get("max_sentences")
    hits = []
    for p in analysis.paragraphs:
        if p.words <= max_words and max_sentences is None:
            continue
        n_sent = sum(1 for s in analysis.sentences if p.start <= s.start < p.end)
        if p.words > max_words or (max_sentences is not None and n_sent > max_sentences):
            hits.append(Hit(p.start, p.end, None, {"words": p.words, "sentences": n_sent, "limit": max_words}))
    return hits


def _readability(params: Mapping[str, Any], analysis: Analysis) -> list[Hit]:
    if analysis.body_words < params["min_words"] or not analysis.sentences:
        return []
    value = analysis.readability[params["metric"]]
    lo, hi = params.get("min"), params.get("max")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        limit = lo if lo is not None and value < lo else hi
        return [Hit(analysis.sentences[0].start, analysis.sentences[-1].end, None, {"value": value, "limit": limit})]
    return []


# --------------------------------------------------------------------------- the closed set

_MATCHING = {
    "phrases": Param("strings", default=[]),
    "patterns": Param("regexes", default=[]),
    "case": Param("bool", default=False),
    "exceptions": Param("strings", default=[]),
    "unless": Param("regexes", default=[]),
}

KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("existence", {**_MATCHING, "replacement": Param("str")}, _existence, ("phrases", "patterns"), True),
        Kind(
            "substitution",
            {"swap": Param("swap", required=True), "case": Param("bool", default=False),
             "exceptions": Param("strings", default=[]), "unless": Param("regexes", default=[])},
            _substitution,
            fixable=True,
        ),
        Kind(
            "occurrence",
            {**_MATCHING, "max": Param("int", required=True), "replacement": Param("str")},
            _occurrence,
            ("phrases", "patterns"),
            True,
        ),
        Kind(
            "required",
            {
                "phrases": Param("strings", default=[]),
                "patterns": Param("regexes", default=[]),
                "case": Param("bool", default=False),
                "scope": Param("str", default="body", choices=SCOPES),
                "sentences": Param("int", default=2),
                "min_words": Param("int", default=0),
                "template": Param("str"),
            },
            _required,
            ("phrases", "patterns"),
        ),
        Kind("sentence_length", {"max_words": Param("int", default=25)}, _sentence_length),
        Kind(
            "paragraph_length",
            {"max_words": Param("int", default=120), "max_sentences": Param("int")},
            _paragraph_length,
        ),
        Kind(
            "readability",
            {
                "metric": Param("str", required=True, choices=METRICS),
                "min": Param("number"),
                "max": Param("number"),
                "min_words": Param("int", default=40),
            },
            _readability,
            ("min", "max"),
        ),
    )
}


def compile_params(kind: Kind, params: Mapping[str, Any]) -> dict[str, Any]:
    """Add the precompiled private entries (``_regex``...) a matcher reads."""
    out = dict(params)
    case = bool(params.get("case", False))
    if kind.name == "substitution":
        swap = {" ".join(k.lower().split()): v for k, v in params["swap"].items()}
        out["_swap"] = swap
        out["_regex"] = Matcher(list(params["swap"]), [], case)
    elif "phrases" in kind.params:
        out["_regex"] = Matcher(params.get("phrases", []), params.get("patterns", []), case)
    if params.get("exceptions"):
        out["_exceptions"] = frozenset(params["exceptions"])
    if params.get("unless"):
        out["_unless"] = Pattern("|".join(f"(?:{p})" for p in params["unless"]), re.IGNORECASE)  # compiled on first use
    return out
