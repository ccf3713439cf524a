"""Dots that do not end a sentence in German and Italian: abbreviations, ordinals, list numbers.

``coach.draft.text.sentences`` ends a sentence at ". " unless an English abbreviation ("e.g.",
"etc.") stands before the dot. German and Italian replies add their own: "z. B.",
"bzw.", "d. h.", "Nr.", "3. Mai" (an ordinal), "ecc.", "Sig.", "dott.", "ad es.".
:func:`continues_sentence` tells whether the dot at an offset is one of those.
"""

from __future__ import annotations

from coach import regexcache

__all__ = ["ABBREVIATIONS", "continues_sentence"]

# Lower-case, without the final dot; inner dots kept and spaces removed ("z. B." is "z.b").
# Single letters ("z.", "d.", "S.", initials) are always abbreviations and are not listed. Left out on
# purpose: abbreviations that are also words ending many sentences ("so", "Art", "Jan", "CAP", "set").
ABBREVIATIONS: dict[str, frozenset[str]] = {
    "de": frozenset(
        """z.b d.h u.a u.ä o.ä s.o s.u u.u i.d.r v.a z.t z.zt bzw usw etc evtl ggf inkl exkl zzgl abzgl ca
        nr str tel fax hr fr frl dr prof dipl ing mwst ust vgl bspw sog max min mind mio mrd tsd abs
        s.a lt gem geb gest feb mär apr jun jul aug sept okt nov dez std sek bzgl betr kto zt
        u.v.m""".split()
    ),
    "it": frozenset(
        """ecc sig sigg sig.ra sig.na dott dott.ssa prof prof.ssa ing avv geom rag arch pag pagg nr num tel
        es p.es cfr art c.a p.v u.s c.m s.r.l s.p.a s.n.c s.a.s ca max min fig sez racc gent
        egr spett ill dr sg n.b p.s gen feb mar apr mag giu lug ott nov dic""".split()
    ),
}

# Abbreviations that close a list and so often close the sentence too ("Fotos, Videos usw."):
# the sentence goes on only if the next word is lower-case.
_MAY_END = frozenset({"usw", "etc", "u.v.m", "ecc"})

# German months: "am 3. Mai" is an ordinal date, not the end of "am 3".
_DE_MONTHS = frozenset(
    "januar jänner februar märz april mai juni juli august september oktober november dezember".split()
)
# Words after which "<number>." is an ordinal ("am 3.", "der 2. Versuch", "zum 1. Mal").
# Nouns that an ordinal counts ("22. Tag", "3. Mahnung"): "<number>. Tag" is an ordinal.
_DE_ORDINAL_NOUNS = frozenset(
    """tag tages werktag woche monat monats jahr jahres quartal kalenderwoche stock etage mal klasse platz
    schritt versuch mahnung rate auflage ausgabe""".split()
)
_DE_ORDINAL_FOLLOWERS = _DE_MONTHS | _DE_ORDINAL_NOUNS
# "zwischen dem 29. und 22. Tag": a number after "und"/"bis" and another ordinal is an ordinal too.
_DE_ORDINAL_PAIR_RE = regexcache.compile(r"\d{1,4}\.\s+(?:und|oder|bis|[-–])\s+\d{1,4}$")
_DE_ORDINAL_CONTEXT = frozenset(
    "am vom zum bis ab seit der die das den dem des im zur jeder jede jeden jedes ihr ihre ihrem ihren".split()
)

# The word before a dot, with up to three dotted parts before it ("z. B", "dott.ssa"), read backwards
# from the dot (a backwards match is anchored, so it costs no scan of the look-back window).
_REVERSED_WORD_RE = regexcache.compile(r"[^\W\d_]{1,10}(?:[ \t]?\.[^\W\d_]{1,8}){0,3}")
_NUMBER_BEFORE_DOT_RE = regexcache.compile(r"(?:^|(?<=\s))(\d{1,4})$")
_PREVIOUS_WORD_RE = regexcache.compile(r"([^\W\d_]+)\s+\d{1,4}$")
_NEXT_WORD_RE = regexcache.compile(r"\s*([^\W\d_]+)")
_LOOKBACK = 40


def continues_sentence(text: str, dot: int, lang: str) -> bool:
    """Whether the "." at ``text[dot]`` is part of an abbreviation, ordinal or list number in ``lang``."""
    if _is_list_number(text, dot):
        return True
    before = text[max(0, dot - _LOOKBACK):dot]
    word = _REVERSED_WORD_RE.match(before[::-1])
    if word:
        parts = word.group()[::-1].replace(" ", "").replace("\t", "").lower().split(".")
        suffixes = {".".join(parts[i:]) for i in range(len(parts))} if len(parts) > 1 else {parts[0]}
        if not suffixes.isdisjoint(_MAY_END):
            return _next_word_is_lower(text, dot)
        return len(parts[-1]) == 1 or not suffixes.isdisjoint(ABBREVIATIONS.get(lang, ()))
    if lang == "de" and before[-1:].isdigit() and _NUMBER_BEFORE_DOT_RE.search(before):
        return _is_german_ordinal(text, dot, before)
    return False


def _is_list_number(text: str, dot: int) -> bool:
    """A number alone at the start of a line ("1. Open Settings") is a list marker."""
    window = text[max(0, dot - 8):dot]
    newline = window.rfind("\n")
    if newline < 0 and dot > 8:  # the line starts further back: more than a number before the dot
        return False
    return window[newline + 1:].strip().isdigit()


def _next_word_is_lower(text: str, dot: int) -> bool:
    nxt = _NEXT_WORD_RE.match(text, dot + 1, dot + 41)
    return bool(nxt and nxt.group(1).islower())


def _is_german_ordinal(text: str, dot: int, before: str) -> bool:
    nxt = _NEXT_WORD_RE.match(text, dot + 1, dot + 41)
    if nxt and (nxt.group(1).islower() or nxt.group(1).lower() in _DE_ORDINAL_FOLLOWERS):
        return True
    if _DE_ORDINAL_PAIR_RE.search(before):
        return True
    previous = _PREVIOUS_WORD_RE.search(before)
    return bool(previous and previous.group(1).lower() in _DE_ORDINAL_CONTEXT)
