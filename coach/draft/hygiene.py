"""Hostile text made harmless: what may reach a terminal or a note, and what the rules see.

- :func:`printable` drops what must never reach a terminal or a Zendesk note: terminal
  escape sequences, C0 controls (newline, tab and CR-LF stay; other line breaks become
  newlines), C1 controls, invisible format characters (zero-width, bidi overrides and
  isolates, soft hyphen, BOM). Use it for any text from outside: names, subjects, notes.
- :func:`visible` shows the same characters as ``\\xNN`` / ``\\uNNNN`` escapes, newline
  and tab included, for one-line messages that name an input (a file name, an error).
- :func:`normalise` is what the cleaner does to a draft before the rules see it:
  :func:`printable`, then NFKC for letters and digits (fullwidth forms, ligatures,
  decomposed accents; accents are kept; symbols such as "…", "™", "½" keep their form),
  then Cyrillic and Greek look-alikes folded to Latin inside words that are otherwise
  Latin (a word wholly in Cyrillic stays). Each step is a :class:`Rewrite`, which maps
  offsets both ways, so positions still point into the text as given. A pure-ASCII
  draft without controls costs one byte scan.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from typing import NamedTuple

from coach import regexcache
from coach.draft.html_text import OffsetMap

__all__ = ["Offsets", "Rewrite", "json_escaped", "normalise", "printable", "visible"]

# Invisible format characters (and fillers) that can split or disguise a word.
_INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb\U0001d173-\U0001d17a\U000e0000-\U000e007f"
)
_ESCAPES = (
    r"\x1b\[[0-?]*[ -/]*[@-~]?"  # CSI: ESC [ params intermediates final
    r"|\x1b[\]PX^_][^\x07\x1b\x9c\n]{0,2000}(?:\x07|\x9c|\x1b\\)?"  # OSC, DCS, SOS, PM, APC strings
    r"|\x1b[ -/]*[0-~]?"  # any other ESC sequence (or a lone ESC)
    r"|\x9b[0-?]*[ -/]*[@-~]?"  # C1 CSI
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c\n]{0,2000}(?:\x07|\x9c|\x1b\\)?"  # C1 string controls
)
_CONTROL = "\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x84\x86-\x9f"
_LINE_BREAKS = "\x0b\x0c\x85\u2028\u2029"  # become "\n"; a lone "\r" too
# Patterns are compiled on first use (re caches them): a clean ASCII draft needs none of them.
_UNPRINTABLE = rf"{_ESCAPES}|[{_CONTROL}{_INVISIBLE}]|[{_LINE_BREAKS}]|\r(?!\n)"
_ASCII_CONTROLS = bytes([*range(9), 11, 12, *range(14, 32), 127])  # what clean ASCII text lacks
_LONE_CR = regexcache.compile(r"\r(?!\n)")
_NOT_VISIBLE = rf"[\x00-\x1f{_CONTROL}{_INVISIBLE}{_LINE_BREAKS}]"
_JSON_UNSAFE = rf"[\x7f-\x9f{_INVISIBLE}\u2028\u2029]"  # json.dumps escapes the C0 ones

# Cyrillic and Greek letters that look like Latin ones.
_LOOKALIKES = str.maketrans(
    "АВЕКМНОРСТХУаеорсухіјѕІЈЅһԁԛԝԜӏ" "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧοινρκυα",
    "ABEKMHOPCTXYaeopcyxijsIJShdqwWl" "ABEZHIKMNOPTYXoivpkua",
)
_LOOKALIKE = "[" + "".join(chr(c) for c in _LOOKALIKES) + "]"
_NON_ASCII = r"[^\x00-\x7f]+"
_WORD = r"(?:[^\W\d_]|[\u0300-\u036f])+"


class Rewrite(NamedTuple):
    """``text`` is ``source`` with ``edits`` applied; offsets map both ways.

    ``edits`` are sorted, non-overlapping ``(start, end, replacement)`` on ``source``.
    """

    source_len: int
    text: str
    edits: tuple[tuple[int, int, str], ...]
    back: OffsetMap  # text offset -> source offset (a replaced piece maps to its start)

    @classmethod
    def of(cls, source: str, edits: list[tuple[int, int, str]]) -> Rewrite:
        parts: list[str] = []
        starts: list[int] = []
        origins: list[int] = []
        exact: list[bool] = []
        out = pos = 0

        def run(text: str, origin: int, verbatim: bool) -> None:
            nonlocal out
            if not text:
                return
            if not (starts and verbatim and exact[-1] and origins[-1] + out - starts[-1] == origin):
                starts.append(out)
                origins.append(origin)
                exact.append(verbatim)
            parts.append(text)
            out += len(text)

        for start, end, new in edits:
            run(source[pos:start], pos, True)
            run(new, start, len(new) == end - start)
            pos = end
        run(source[pos:], pos, True)
        back = OffsetMap(tuple(starts), tuple(origins), tuple(exact), len(source))
        return cls(len(source), "".join(parts), tuple(edits), back)

    def forward(self, i: int) -> int:
        """The offset in ``text`` of source offset ``i`` (inside a replaced piece: clamped)."""
        k = bisect_right(self.edits, i, key=_first) - 1
        shift = 0
        for start, end, new in self.edits[: k + 1]:
            if i < end:
                return start + shift + min(i - start, len(new))
            shift += len(new) - (end - start)
        return i + shift


class Offsets:
    """Offset maps applied in turn, from the text the rules see out to the text as given."""

    __slots__ = ("steps",)

    def __init__(self, steps: tuple[tuple[OffsetMap, int], ...]) -> None:
        self.steps = steps  # (map, length of the text it maps from), innermost first

    def __call__(self, i: int, length: int) -> int:
        for offsets, n in self.steps:
            i = offsets(i, n)
        return i


def printable(text: str) -> str:
    """``text`` without escape sequences, controls (newline and tab stay) or invisible format characters.

    Vertical tab, form feed, NEL, U+2028/2029 and a lone carriage return become newlines.
    """
    if _clean_ascii(text):
        return text
    return re.sub(_UNPRINTABLE, _replacement, text)


def visible(text: str) -> str:
    """``text`` on one line with every control and invisible character shown as an escape."""
    if text.isprintable():
        return text
    return re.sub(_NOT_VISIBLE, _escaped, text)


def json_escaped(dumped: str) -> str:
    """JSON text with every control or invisible character as a ``\\uXXXX`` escape
    (the value it decodes to is unchanged; ``json.dumps`` escapes only C0 controls)."""
    if dumped.isascii() and "\x7f" not in dumped:
        return dumped
    return re.sub(_JSON_UNSAFE, _json_escape, dumped)


def normalise(text: str) -> list[Rewrite]:
    """The rewrites that make ``text`` what the rules see (none for clean ASCII); see the module doc."""
    steps: list[Rewrite] = []
    if _clean_ascii(text):
        return steps
    ascii_only = text.isascii()  # then only controls are to be dropped
    for find in (_unprintable_edits, _nfkc_edits, _lookalike_edits):
        edits = find(text)
        if edits:
            steps.append(Rewrite.of(text, edits))
            text = steps[-1].text
        if ascii_only:
            break
    return steps


# --------------------------------------------------------------------------- the steps


def _first(edit: tuple[int, int, str]) -> int:
    return edit[0]


def _clean_ascii(text: str) -> bool:
    """ASCII without controls but newline, tab and CR-LF (a byte scan: ~2 us for a 2 KB draft)."""
    if not text.isascii():
        return False
    raw = text.encode("ascii")
    if len(raw.translate(None, _ASCII_CONTROLS)) != len(raw):
        return False
    return "\r" not in text or _LONE_CR.search(text) is None


def _replacement(m: re.Match[str]) -> str:
    return "\n" if m.group()[0] in _LINE_BREAKS or m.group() == "\r" else ""


_SHORT_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escaped(m: re.Match[str]) -> str:
    if m.group() in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[m.group()]
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _json_escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def _unprintable_edits(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), _replacement(m)) for m in re.finditer(_UNPRINTABLE, text)]


def _nfkc_edits(text: str) -> list[tuple[int, int, str]]:
    """Letters and digits in NFKC (fullwidth, ligatures, composed accents); symbols keep their form."""
    edits: list[tuple[int, int, str]] = []
    for m in re.finditer(_NON_ASCII, text):
        start = m.start()
        if start and unicodedata.combining(text[start]):
            start -= 1  # "e" + a combining accent compose to one letter
        run = text[start : m.end()]
        if unicodedata.is_normalized("NFKC", run):
            continue
        for i, cluster in _clusters(run):
            form = "NFKC" if _compatible_form_wanted(cluster[0]) else "NFC"
            new = unicodedata.normalize(form, cluster)
            if new != cluster:
                edits.append((start + i, start + i + len(cluster), new))
    return edits


def _compatible_form_wanted(ch: str) -> bool:
    """Letters and digits (fullwidth, ligatures, math letters) and fullwidth punctuation;
    not symbols (…, ™, ½, ²) or superscript letters (the Italian 1ª, n.º), which keep their form."""
    if "\uff01" <= ch <= "\uff5e":
        return True
    kind = unicodedata.category(ch)
    return (kind[0] in "LM" or kind == "Nd") and not unicodedata.decomposition(ch).startswith(("<super>", "<sub>"))


def _clusters(run: str) -> list[tuple[int, str]]:
    """``run`` as (offset, base character and the combining marks after it)."""
    out: list[tuple[int, str]] = []
    for i, ch in enumerate(run):
        if out and unicodedata.combining(ch):
            out[-1] = (out[-1][0], out[-1][1] + ch)
        else:
            out.append((i, ch))
    return out


def _lookalike_edits(text: str) -> list[tuple[int, int, str]]:
    """Look-alikes folded to Latin in words that have a Latin letter that is not one."""
    edits: list[tuple[int, int, str]] = []
    lookalike = regexcache.compile(_LOOKALIKE)
    if lookalike.search(text) is None:
        return edits
    for m in re.finditer(_WORD, text):
        word = m.group()
        if lookalike.search(word) is None:
            continue
        folded = word.translate(_LOOKALIKES)
        if any(_is_latin(a) for a, b in zip(word, folded) if a == b):
            edits.append((m.start(), m.end(), folded))
    return edits


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha() or "\u00c0" <= ch <= "\u024f" or "\u1e00" <= ch <= "\u1eff"
