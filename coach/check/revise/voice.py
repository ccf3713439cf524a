"""The reply's voice: does the trainee write as "I" or as "we"? Added words follow it."""

from __future__ import annotations

from enum import Enum

from coach import regexcache


class Voice(Enum):
    I = "I"
    WE = "we"


_I = regexcache.compile(r"\bI(?:['’](?:m|ve|ll|d))?\b|\b(?i:ich)\b")
_WE = regexcache.compile(r"(?i)\bwe(?:['’](?:re|ve|ll|d))?\b|\bwir\b")
_TO_WE = {
    "I'm": "we're", "I’m": "we’re", "I've": "we've", "I’ve": "we’ve", "I'll": "we'll", "I’ll": "we’ll",
    "I'd": "we'd", "I’d": "we’d", "I": "we", "me": "us", "my": "our",
}
_SWAPPABLE = regexcache.compile(r"\b(?:I(?:['’](?:m|ve|ll|d))?|me|my)\b")


def voice_of(body: str) -> Voice:
    """"we" when the body says "we" (or "wir") more often than "I" (or "ich"); ties and silence: "I"."""
    return Voice.WE if len(_WE.findall(body)) > len(_I.findall(body)) else Voice.I


def in_voice(text: str, voice: Voice) -> str:
    """``text`` (written as "I") in ``voice``; "I'm sorry" -> "we're sorry" for a "we" reply."""
    if voice is Voice.I or not _SWAPPABLE.search(text):
        return text
    return _SWAPPABLE.sub(lambda m: _TO_WE[m.group()], text)  # apply() capitalises a sentence start
