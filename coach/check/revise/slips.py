"""Slips: small mistakes an edit can introduce (a doubled word, "a" before a vowel sound...).

``slips(text)`` lists what it finds in a text (ideally the *judged* text, where quotes, code and
URLs are blanked); ``introduced(before, after)`` is what the second text has that the first had not.
A revision may keep the trainee's own slips, but must never add one.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

from coach import regexcache


class Slip(NamedTuple):
    """One slip: what kind, and the words it is about (normalised, so counts compare)."""

    kind: str  # "doubled-word" | "article" | "determiner" | "space-before-punctuation" | "lowercase-start" | "repeated-sentence"
    text: str


_DOUBLED = regexcache.compile(r"(?<![\w'’-])([A-Za-z]+)[ \t]+\1(?![\w'’-])", re.I)
# Doubles that are English ("that that", "had had") are left alone.
_FINE_DOUBLES = frozenset({"that", "had", "is", "do", "bye", "very", "so", "really", "no", "ha", "well"})
_ARTICLE = regexcache.compile(r"(?<![\w'’-])(an?)[ \t]+([A-Za-z][\w'’-]*)")
# One space: a longer run is a masked region (a URL, a prompt) in the judged text.
# A determiner before a word that is never a noun: "Our sorry for the trouble", "the I've".
_DETERMINER = regexcache.compile(
    r"(?i)(?<![\w'’-])(?:our|my|your|their|his|her|its|the|an?)[ \t]+"
    r"(sorry|please|because|although|feel|I['’](?:m|ve|ll|d)|we['’](?:re|ve|ll)|it['’]s)(?![\w'’-])"
)
_SPACE_BEFORE = regexcache.compile(r"(?<=[\w)\]”’\"'])[ \t]([,.;:!?])(?=\s|$)")
_SENTENCE_START = regexcache.compile(r"(?:\A|[.!?][\"”’)]*[ \t]+|\n[ \t]*\n[ \t]*)([a-z][\w'’-]*)")
_MID_PARAGRAPH_START = regexcache.compile(r"[.!?][\"”’)]*[ \t]+([a-z][\w'’-]*)")
_ABBREVIATION_BEFORE = regexcache.compile(r"(?i:\b(?:e\.g|i\.e|etc|vs|approx|no|ca)\.[ \t]+)$")
_SENTENCE = regexcache.compile(r"[^.!?\n]{12,}[.!?]")

# A vowel letter that sounds like a consonant ("a user", "a one-off") and the reverse ("an hour").
_CONSONANT_SOUND = regexcache.compile(r"(?i:u(?:n(?:i(?!n)|a(?=n))|s[eu]|r[aeiou]|t[ei]|k|b[iq])|eu|one\b|once\b|ewe)")
_VOWEL_SOUND = regexcache.compile(r"(?i:hour|honest|honou?r|heir)")
# Letters whose name starts with a vowel sound, for acronyms read letter by letter ("an SSO", "a URL").
_VOWEL_LETTERS = frozenset("AEFHILMNORSX")
_WORD_ACRONYMS = frozenset({"GDPR", "NASA", "UEFA"})  # read as a word, or with a consonant sound
_EITHER = frozenset({"faq", "sql", "url", "historic", "hotel"})  # "a"/"an" both heard


def needs_an(word: str) -> bool:
    """Whether ``word`` takes "an" (starts with a vowel sound)."""
    core = word.strip("'’-")
    if not core:
        return False
    if len(core) > 1 and core.isupper() and core.isalpha() and core not in _WORD_ACRONYMS:
        return core[0] in _VOWEL_LETTERS
    if core[0].isdigit():
        return core.startswith(("8", "11", "18"))
    if _VOWEL_SOUND.match(core):
        return True
    if core[0].lower() in "aeiou":
        return _CONSONANT_SOUND.match(core) is None
    return False


_BRACKETS = regexcache.compile(r"[ \t]?\[[^\[\]\n]*\]")


def slips(text: str, lang: str = "en") -> Counter[Slip]:
    """Every slip in ``text``, counted (square-bracket prompts are not text yet: left out).
    "a"/"an" and determiners are English slips; the others hold in any language."""
    text = _BRACKETS.sub("", text)
    found: Counter[Slip] = Counter()
    for m in _DOUBLED.finditer(text):
        if m.group(1).lower() not in _FINE_DOUBLES:
            found[Slip("doubled-word", m.group(1).lower())] += 1
    for m in _ARTICLE.finditer(text) if lang == "en" else ():
        article, word = m.group(1).lower(), m.group(2)
        if word.lower() in ("lot", "few", "bit", "couple") or word.lower() in _EITHER or word[:1].isdigit():
            continue
        if (article == "an") != needs_an(word):
            found[Slip("article", f"{article} {word.lower()}")] += 1
    for m in _DETERMINER.finditer(text) if lang == "en" else ():
        found[Slip("determiner", m.group().lower())] += 1
    for m in _SPACE_BEFORE.finditer(text):
        found[Slip("space-before-punctuation", m.group(1))] += 1
    # German and Italian continue in lower case after "Hallo Frau X," / "Gentile signora Riva,".
    for m in _SENTENCE_START.finditer(text) if lang == "en" else _MID_PARAGRAPH_START.finditer(text):
        if _ABBREVIATION_BEFORE.search(text, 0, m.start(1)) is None:
            found[Slip("lowercase-start", m.group(1).lower())] += 1
    sentences = Counter(" ".join(s.lower().split()) for s in _SENTENCE.findall(text))
    for sentence, n in sentences.items():
        if n > 1:
            found[Slip("repeated-sentence", sentence)] += n - 1
    return found


def introduced(before: str, after: str, lang: str = "en") -> list[Slip]:
    """The slips ``after`` has more of than ``before`` (one entry per extra occurrence)."""
    return list((slips(after, lang) - slips(before, lang)).elements())
