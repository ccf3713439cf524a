"""What every rule kind reads and returns: the analysed draft, hits, and a rule's compiled form."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from coach.rules.matcher import Found, Matcher, Pattern
from coach.draft.text import TOKEN_RE, Segment, Tokens, at_sentence_start


class Hit(NamedTuple):
    """A match in plain-text offsets, with an optional fix, message values and severity.

    ``severity`` overrides the rule's own (a stack of hedges is worse than one).
    """

    start: int
    end: int
    suggestion: str | None = None
    values: Mapping[str, Any] = {}
    severity: str | None = None


class Region(NamedTuple):
    """A region of the plain text that rules do not judge (code, quoted history...), and why."""

    start: int
    end: int
    reason: str


@dataclass(frozen=True)
class Customer:
    """The customer's message a draft answers: kinds read it to know what the reply needs."""

    text: str

    @cached_property
    def words(self) -> frozenset[str]:
        """Its words, lower-cased (the customer's own terms are never jargon to them)."""
        return frozenset(m.group().lower() for m in TOKEN_RE.finditer(self.text))

    @cached_property
    def word_count(self) -> int:
        return sum(1 for _ in TOKEN_RE.finditer(self.text))


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
    regions: tuple[Region, ...] = ()  # what the cleaner masked, in order
    customer: Customer | None = None  # the message the draft answers, when known

    @cached_property
    def sentence_starts(self) -> list[int]:
        """Where each sentence starts, for finding a position's sentence by bisection."""
        return [s.start for s in self.sentences]

    def sentence_at(self, pos: int) -> Segment | None:
        """The sentence holding ``pos``, if any."""
        i = bisect_right(self.sentence_starts, pos) - 1
        if i >= 0 and pos < self.sentences[i].end:
            return self.sentences[i]
        return None

    def words_before(self, pos: int) -> int:
        """How many body words stand before ``pos``."""
        if self.tokens is None:
            return len(TOKEN_RE.findall(self.judged, self.body_start, pos))
        return self.tokens.count_between(self.body_start, pos)


@dataclass(frozen=True)
class Compiled:
    """A rule's compiled search objects, built once from its parameters (never stored in them).

    ``matcher`` holds the ``phrases``/``patterns`` (or a substitution's ``swap`` keys);
    ``regexes`` every other regex-list parameter (``unless``, ``skip_if``...) joined into one.
    """

    matcher: Matcher | None = None
    swap: Mapping[str, str] = field(default_factory=dict)
    exceptions: frozenset[str] = frozenset()
    regexes: Mapping[str, Pattern] = field(default_factory=dict)

    def search(self, name: str, text: str, start: int = 0, end: int | None = None) -> bool:
        """True when the regex parameter ``name`` matches ``text[start:end]`` (False when not given)."""
        pattern = self.regexes.get(name)
        if pattern is None:
            return False
        return pattern.rx.search(text, start, len(text) if end is None else end) is not None


def join_patterns(patterns: list[str]) -> Pattern:
    """Several regexes as one case-insensitive pattern (compiled on first use)."""
    return Pattern("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# --------------------------------------------------------------------------- shared by matchers


# Pronouns written with a capital in mid-sentence out of courtesy (German Sie-form, Italian
# Lei-form): never the start of a name.
_COURTESY = frozenset(
    "sie ihnen ihr ihre ihrem ihren ihrer ihres lei la le suo sua suoi sue gli loro".split()
)


def looks_like_name(text: str, start: int, matched: str, case: bool) -> bool:
    """A capitalised match mid-sentence ("Simply Business") is a name, not the word ("I'll",
    "Sie", "Lei" are never names)."""
    if case or not matched[:1].isupper() or matched.isupper() or _is_pronoun_i(matched):
        return False
    first = re.match(r"[^\W\d_]+", matched)
    if first is not None and first.group().lower() in _COURTESY:
        return False
    return not at_sentence_start(text, start)


def _is_pronoun_i(matched: str) -> bool:
    """"I", "I'll", "I think": the pronoun, never the start of a name."""
    return matched[:1] == "I" and (matched[1:2] in "'’" or matched[1:2].isspace())


def in_unless_sentence(compiled: Compiled, analysis: Analysis, pos: int, seen: dict[int, bool]) -> bool:
    """True when the sentence around ``pos`` matches the rule's ``unless`` pattern (in plain text).

    ``seen`` caches the answer per sentence, so many matches in one long sentence stay linear.
    """
    if "unless" not in compiled.regexes:
        return False
    s = analysis.sentence_at(pos)
    lo, hi = (s.start, s.end) if s else (pos, pos)
    if lo not in seen:
        seen[lo] = compiled.search("unless", analysis.plain, lo, hi)
    return seen[lo]


def kept_matches(
    params: Mapping[str, Any], compiled: Compiled, analysis: Analysis, found: list[Found], seen: dict[int, bool],
    *, names: bool = True,
) -> list[re.Match[str]]:
    """``found`` without the rule's exceptions, names (unless ``names`` is False: in a greeting
    every word is capitalised), and matches in an ``unless`` sentence."""
    case = params.get("case", False) or not names
    text = analysis.judged
    kept = []
    for m, from_pattern in found:
        word = m.group()
        if not word.strip() or word in compiled.exceptions:
            continue
        if not from_pattern and looks_like_name(text, m.start(), word, case):
            continue
        if in_unless_sentence(compiled, analysis, m.start(), seen):
            continue
        kept.append(m)
    return kept


def body_matches(
    params: Mapping[str, Any], compiled: Compiled, analysis: Analysis, start: int | None = None, end: int | None = None,
    *, names: bool = True,
) -> list[re.Match[str]]:
    """The rule's phrase and pattern matches in the body (or ``start:end``), after its exceptions."""
    if compiled.matcher is None:
        return []
    lo = analysis.body_start if start is None else start
    hi = analysis.body_end if end is None else end
    inside = lo >= analysis.body_start and hi <= analysis.body_end  # the body's tokens cover it
    tokens = analysis.tokens if inside else None
    found = compiled.matcher.find(analysis.judged, lo, hi, tokens, analysis.lower if inside else None)
    return kept_matches(params, compiled, analysis, found, {}, names=names) if found else []


def signature_matches(params: Mapping[str, Any], compiled: Compiled, analysis: Analysis) -> list[re.Match[str]]:
    """Matches in the sign-off and signature, which the cleaner masks (an unfilled ``{{agent.name}}``):
    read in the plain text, every word taken literally (a signature is all names)."""
    if compiled.matcher is None:
        return []
    out: list[re.Match[str]] = []
    for r in analysis.regions:
        if r.reason == "signature" and r.end > r.start:
            found = compiled.matcher.find(analysis.plain, r.start, r.end)
            out += kept_matches(params, compiled, analysis, found, {}, names=False) if found else []
    return out


def any_match(params: Mapping[str, Any], compiled: Compiled, analysis: Analysis, segs: list[Segment]) -> bool:
    """True when a phrase or pattern match (after exceptions) lies wholly inside one of ``segs``."""
    if compiled.matcher is None or not segs:
        return False
    seen: dict[int, bool] = {}
    groups = compiled.matcher.each(analysis.judged, segs[0].start, segs[-1].end, analysis.tokens, analysis.lower)
    for group in groups:
        for m in kept_matches(params, compiled, analysis, group, seen) if group else ():
            begin = m.start() + len(m.group()) - len(m.group().lstrip())  # a pattern may start with \s*
            if any(s.start <= begin and m.end() <= s.end for s in segs):
                return True
    return False
