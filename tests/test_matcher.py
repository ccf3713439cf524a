"""The fast matcher finds exactly what a plain regex scan finds, for every rule of every pack."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bench_check import varied_drafts

from coach.rules.anchors import ANYWHERE, TOKEN, TOKEN_START, Anchor, anchors
from coach.check.checker import shipped_packs
from coach.rules.matcher import Matcher, trie_pattern
from coach.draft.text import Tokens

RULES = [r for pack in shipped_packs() for r in pack.rules if r.compiled.matcher is not None]
DRAFTS = Path(__file__).parent / "data" / "drafts"
EDGE_CASES = [  # where anchors could miss a match: space runs, case, dashes, apostrophes, odd tokens
    "Done.  \n   Try it now. -- try again -\n\t try restart, 'just' re-enter -just just-in-time",
    "PLEASE DO NOT reply. You MUST read THE MANUAL!! Please see the Docs,   as you know, as I SAID.",
    "Yes, no- Yep — great news: I'll fix it by 3pm. ‘Simply’ Simply Business simply; of course! Of course, I",
    "I’ve re-run it. It’s easy to miss. that’s simple to fix... it is easy to do\r\nOn Monday, soon-ish, soon.",
]
TEXTS = [p.read_text() for p in sorted(DRAFTS.iterdir())] + varied_drafts(150, seed=11) + EDGE_CASES + [
    ex.text for r in RULES for ex in (*r.good, *r.bad)
]


def plain_scan(m: Matcher, text: str) -> list[tuple[int, int]]:
    """The reference, built without the trie: a longest-first alternation of the phrases and
    every pattern, each scanned over the whole text; leftmost-longest, no overlaps."""
    found = []
    if m.phrases:
        alternation = "|".join(r"\s+".join(map(re.escape, p.split())) for p in sorted(m.phrases, key=len, reverse=True))
        reference = re.compile(rf"(?<![\w'’-])(?:{alternation})(?![\w'’-])", 0 if m.case else re.IGNORECASE)
        found += [(x.start(), x.end()) for x in reference.finditer(text)]
    for p in m.patterns:
        found += [(x.start(), x.end()) for x in p.rx.finditer(text) if x.end() > x.start()]
    found.sort(key=lambda s: (s[0], -s[1]))
    kept: list[tuple[int, int]] = []
    for s in found:
        if kept and s[0] < kept[-1][1]:
            continue
        kept.append(s)
    return kept


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_fast_matching_equals_a_plain_scan(rule) -> None:
    m: Matcher = rule.compiled.matcher
    for text in TEXTS:
        lower = text.lower()
        same = len(lower) == len(text)
        tokens = Tokens(lower, lowered=True) if same else Tokens(text)
        fast = m.find(text, 0, len(text), tokens, lower if same else None)
        assert [(f.start(), f.end()) for f, _ in fast] == plain_scan(m, text), text


def test_the_trie_prefers_the_longest_phrase() -> None:
    m = Matcher(["in order", "in order to", "order"], [], case=False)
    text = "We did this In  order to help."
    lower = text.lower()
    [(found, from_pattern)] = m.find(text, 0, len(text), Tokens(lower, lowered=True), lower)
    assert found.group() == "In  order to" and not from_pattern


def test_phrases_are_whole_words() -> None:
    m = Matcher(["just"], [], case=False)
    text = "Adjust it, just-in-time, or just do it."
    lower = text.lower()
    assert [f.start() for f, _ in m.find(text, 0, len(text), Tokens(lower, lowered=True), lower)] == [text.index("just do")]


W = r"[\w'’-]"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        # whole tokens at a token start are looked up, not searched for
        (rf"(?<!{W})(?:refer\s+to|see)(?!{W})", {Anchor("refer", TOKEN), Anchor("see", TOKEN)}),
        (rf"(?:,[ \t]*)?(?<!{W})as\s+you", {Anchor(",", ANYWHERE), Anchor("as", TOKEN)}),
        (rf"(?<!{W})apolog(?:y|ies)", {Anchor("apology", TOKEN_START), Anchor("apologies", TOKEN_START)}),
        (r"apolog(?:y|ies)", {Anchor("apology", ANYWHERE), Anchor("apologies", ANYWHERE)}),
        (r"(?:yes|no|yep)\s*[,.!]", {Anchor("yes", ANYWHERE), Anchor("no", ANYWHERE), Anchor("yep", ANYWHERE)}),
        # a sentence-start lookbehind is a token start too
        (r"(?:(?<=\A)|(?<=\n)|(?<=[.!?]\s))(?:yes|no),", {Anchor("yes", TOKEN), Anchor("no", TOKEN)}),
    ],
)
def test_anchors(pattern: str, expected: set[Anchor]) -> None:
    found = anchors(pattern, re.IGNORECASE)
    assert found is not None and set(found.texts) == expected and not found.lead_space


def test_anchors_keep_case_for_case_sensitive_patterns() -> None:
    found = anchors(r"\b(?:NOT|MUST)\b")
    assert found is not None and set(found.texts) == {Anchor("NOT", ANYWHERE, True), Anchor("MUST", ANYWHERE, True)}
    found = anchors(r"(?-i:Simply)", re.IGNORECASE)
    assert found is not None and set(found.texts) == {Anchor("Simply", ANYWHERE, True)}


def test_a_leading_space_run_is_allowed_for() -> None:
    found = anchors(r"(?:(?<=\A)|(?<=\n))\s*(?:please\s+)?try(?![\w'’-])", re.IGNORECASE)
    assert found is not None and found.lead_space
    assert set(found.texts) == {Anchor("please", TOKEN), Anchor("try", TOKEN)}


@pytest.mark.parametrize("pattern", [r"\b[A-Z]{5,}\b", r"\s*\w+", r"(?:a|)", r".*y"])
def test_patterns_that_could_start_anywhere_have_no_anchors(pattern: str) -> None:
    assert anchors(pattern) is None


def test_trie_pattern_matches_every_phrase_and_nothing_else() -> None:
    phrases = ["kindly", "kind of", "do not hesitate to", "do"]
    rx = re.compile(f"(?:{trie_pattern(phrases, False)})$", re.I)
    assert all(rx.match(p) for p in phrases) and not rx.match("kin") and not rx.match("do not")
