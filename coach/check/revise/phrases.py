"""A finding's own suggestion as an edit, only where its grammatical context is known to work.

Elsewhere the finding keeps its suggestion as advice: "Our apologies for any inconvenience"
must not become "Our sorry for the trouble", and "did you just notice it once?" ("just" as
"only") must keep its "just". Facts (URLs, e-mail addresses, code, quoted words, protected
terms, numbers) are never inside an edit.
"""

from __future__ import annotations

from collections.abc import Iterable

from coach import regexcache
from coach.draft.clean import CleanDraft
from coach.model import Finding
from coach.check.revise.edits import Edit
from coach.check.revise.slips import needs_an
from coach.check.revise.voice import Voice, in_voice

FACT_REASONS = frozenset({"url", "email", "code", "quote", "protected"})
_DIGIT = regexcache.compile(r"\d")
_NUMBER = regexcache.compile(r"\d[\d,.:/%-]*")
_WORD_BEFORE = regexcache.compile(r"([A-Za-z][\w'’]*)[ \t]+$")
_WORD_AFTER = regexcache.compile(r"[ \t]*,?[ \t]*([A-Za-z][\w'’-]*)")

DETERMINERS = frozenset(
    "a an the our my your their his her its this that these those any some no each every".split()
)
_POSSESSIVES = frozenset({"our", "my"})
_ARTICLES = frozenset("a an the our my your their his her its".split())
# Replacements that are nouns: they may follow a determiner ("any assistance" -> "any help").
_NOUNS = frozenset({"help", "feature", "features", "trouble"})
# A count noun standing in for a mass noun needs a plural without a singular determiner
# ("similar functionality" -> "similar features", "the functionality" -> "the feature").
_PLURALS = {"feature": "features"}
_SINGULAR_DETERMINERS = frozenset({"a", "an", "the", "this", "that", "each", "every", "its", "one"})

# "just" is a minimiser only where it softens an instruction aimed at the customer ("just click",
# "you just need to"); elsewhere it means "only" or "a moment ago" and stays.
_INSTRUCTIONS = frozenset(
    """add attach change check choose click close copy delete disable download drag enable enter export
    follow go head hit import install log make move open paste pick press refresh reinstall remove
    reply reset restart run save say scroll select send set sign switch tap try turn type untick tick
    update upgrade upload use visit""".split()
)
_NEEDS = regexcache.compile(r"(?i)(?:need|needs|have|has)[ \t]+to\b")
_EASY_OPENER = regexcache.compile(r"(?i)(?:it['’]s|it\s+is|this\s+is|that['’]s|that\s+is)\s.*\bto$")
_CLAUSE_AFTER = regexcache.compile(r"[^.!?\n]*?,[ \t]+(?:you|I|we|it|they|this|that)\b")
_PARTICIPLE = regexcache.compile(r"(?i)^(?:\w+ed|said|shown|written|known|seen|told|given|set|put)$")


def phrase_edits(draft: CleanDraft, findings: Iterable[Finding], voice: Voice, skip: frozenset[str]) -> list[Edit]:
    """The findings' suggestions that are safe to make as they stand (or after a small adjustment)."""
    edits = []
    for f in findings:
        start, end = f.span
        if f.suggestion is None or end <= start or f.rule in skip:
            continue
        if touches_facts(draft, start, end):
            continue
        edit = _fitted(draft.plain, Edit(start, end, in_voice(f.suggestion, voice), f.rule, draft.plain[start:end]))
        if edit is not None:
            edits.append(edit)
    return edits


def touches_facts(draft: CleanDraft, start: int, end: int) -> bool:
    """Whether ``start:end`` overlaps a fact the revision must keep (or holds a number)."""
    if _DIGIT.search(draft.plain, start, end):
        return True
    return any(r.start < end and start < r.end for r in draft.ignored if r.reason in FACT_REASONS)


def keeps_facts(draft: CleanDraft, start: int, end: int, after: str) -> bool:
    """Whether replacing ``start:end`` with ``after`` keeps every fact and number it covers
    (a strategy may move them, as a refusal moved after the offer, but never drop them)."""
    text = draft.plain
    regions = [r for r in draft.ignored if r.reason in FACT_REASONS]
    if any(r.start < start < r.end or r.start < end < r.end for r in regions):
        return False  # nothing goes into the middle of a URL, a quote or a code block
    facts = [text[max(r.start, start) : min(r.end, end)] for r in regions if r.start < end and start < r.end]
    facts += _NUMBER.findall(text, start, end)
    return all(fact in after for fact in facts)


def _fitted(text: str, edit: Edit) -> Edit | None:
    """``edit`` adjusted to its neighbours, or None where its grammar is not known to work."""
    before = _WORD_BEFORE.search(text, max(0, edit.start - 40), edit.start)
    prev = before.group(1).lower() if before else ""
    after_words = edit.after.split()
    first = after_words[0].lower() if after_words else ""
    matched = edit.before.lower().split()
    if matched and matched[0] == "just" and not _minimiser(text, edit):
        return None
    if not edit.after and _EASY_OPENER.match(edit.before) and _CLAUSE_AFTER.match(text, edit.end):
        return None  # "It's easy to do this right, you ..." would become "Do this right, you ..."
    if prev in DETERMINERS and edit.after and first not in _NOUNS:
        if prev in _POSSESSIVES and first == "sorry" and before is not None:
            return Edit(before.start(1), edit.end, edit.after, edit.rule, text[before.start(1) : edit.end])
        return None
    if prev in _ARTICLES and not edit.after:
        return None  # "the" left in front of nothing
    if first in _NOUNS and len(matched) == 1 and not _noun_slot(text, edit, prev):
        return None  # "wheelchair assistance", "assistance passengers": a compound keeps its noun
    if first in _PLURALS and prev not in _SINGULAR_DETERMINERS:
        plural = _PLURALS[first] + edit.after[len(first) :]
        edit = Edit(edit.start, edit.end, plural, edit.rule, edit.before, edit.source)
    if not edit.after and matched[:1] == ["as"] and len(matched) > 1:
        nxt = _WORD_AFTER.match(text, edit.end)
        if nxt and _PARTICIPLE.match(nxt.group(1)):  # "As clearly stated at checkout, ..." keeps "As stated"
            return Edit(edit.start, edit.end, "as", edit.rule, edit.before, edit.source)
    if prev in ("a", "an") and edit.after and before is not None and (prev == "an") != needs_an(after_words[0]):
        article = "an" if needs_an(after_words[0]) else "a"
        return Edit(before.start(1), edit.end, f"{article} {edit.after}", edit.rule, text[before.start(1) : edit.end])
    return edit


_BEFORE_NOUN = DETERMINERS | frozenset(
    """for with of about to on in by from need needs want get offer provide give ask require request more
    further extra similar same other additional""".split()
)
_AFTER_NOUN = frozenset("with for to on in from of and or if is was will are you we i that".split())


def _noun_slot(text: str, edit: Edit, prev: str) -> bool:
    """Whether the matched word stands alone as a noun ("any assistance with", "for assistance.")."""
    nxt = _WORD_AFTER.match(text, edit.end)
    follows = text[edit.end : edit.end + 1]
    alone_after = not follows.isspace() or (nxt is not None and nxt.group(1).lower() in _AFTER_NOUN)
    return (not prev or prev in _BEFORE_NOUN) and (alone_after or nxt is None)


def _minimiser(text: str, edit: Edit) -> bool:
    """Whether a "just" softens an instruction (delete it) rather than meaning "only" (keep it)."""
    nxt = _WORD_AFTER.match(text, edit.end)
    word = nxt.group(1).lower() if nxt else ""
    if _NEEDS.match(text, nxt.start(1)) if nxt else False:
        return True
    return word in _INSTRUCTIONS
