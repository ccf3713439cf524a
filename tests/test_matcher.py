"""The fast matcher finds exactly what a plain regex scan finds, for every rule of every pack."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bench_check import varied_drafts

from coach.checker import shipped_packs
from coach.matcher import Matcher, literal_prefixes, trie_pattern, word_starts

RULES = [r for pack in shipped_packs() for r in pack.rules if r.params.get("_regex") is not None]
DRAFTS = Path(__file__).parent / "data" / "drafts"
TEXTS = [p.read_text() for p in sorted(DRAFTS.iterdir())] + varied_drafts(150, seed=11) + [
    ex for r in RULES for ex in (*r.good, *r.bad)
]


def plain_scan(m: Matcher, text: str) -> list[tuple[int, int]]:
    """The reference, built without the trie: a longest-first alternation of the phrases and
    every pattern, each scanned over the whole text; leftmost-longest, no overlaps."""
    found = []
    if m.phrases:
        alternation = "|".join(r"\s+".join(map(re.escape, p.split())) for p in sorted(m.phrases, key=len, reverse=True))
        reference = re.compile(rf"(?<![\w'’-])(?:{alternation})(?![\w'’-])", 0 if m.case else re.IGNORECASE)
        found += [(x.start(), x.end()) for x in reference.finditer(text)]
    for rx, _ in m.patterns:
        found += [(x.start(), x.end()) for x in rx.finditer(text) if x.end() > x.start()]
    found.sort(key=lambda s: (s[0], -s[1]))
    kept: list[tuple[int, int]] = []
    for s in found:
        if kept and s[0] < kept[-1][1]:
            continue
        kept.append(s)
    return kept


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_fast_matching_equals_a_plain_scan(rule) -> None:
    m: Matcher = rule.params["_regex"]
    for text in TEXTS:
        lower = text.lower()
        fast = m.find(text, 0, len(text), word_starts(lower, 0, len(text)), lower if len(lower) == len(text) else None)
        assert [(f.match.start(), f.match.end()) for f in fast] == plain_scan(m, text), text


def test_the_trie_prefers_the_longest_phrase() -> None:
    m = Matcher(["in order", "in order to", "order"], [], case=False)
    text = "We did this In  order to help."
    lower = text.lower()
    [found] = m.find(text, 0, len(text), word_starts(lower, 0, len(text)), lower)
    assert found.match.group() == "In  order to"


def test_phrases_are_whole_words() -> None:
    m = Matcher(["just"], [], case=False)
    text = "Adjust it, just-in-time, or just do it."
    lower = text.lower()
    assert [f.match.start() for f in m.find(text, 0, len(text), word_starts(lower, 0, len(text)), lower)] == [text.index("just do")]


@pytest.mark.parametrize(
    ("pattern", "prefixes"),
    [
        (r"(?<![\w])(?:refer\s+to|see)\b", {"refer", "see"}),
        (r"(?:,[ \t]*)?as\s+you", {",", "as"}),
        (r"apolog(?:y|ies)", {"apology", "apologies"}),
        (r"\b[A-Z]{5,}\b", None),  # a character range: tried everywhere
        (r"\s*try", None),
        (r"(?:yes|no|yep)\s*[,.!]", {"yes", "no", "yep"}),
    ],
)
def test_literal_prefixes(pattern: str, prefixes: set[str] | None) -> None:
    got = literal_prefixes(pattern, re.IGNORECASE)
    assert (got if got is None else set(got)) == prefixes


def test_trie_pattern_matches_every_phrase_and_nothing_else() -> None:
    phrases = ["kindly", "kind of", "do not hesitate to", "do"]
    rx = re.compile(f"(?:{trie_pattern(phrases, False)})$", re.I)
    assert all(rx.match(p) for p in phrases) and not rx.match("kin") and not rx.match("do not")
