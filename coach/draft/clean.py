"""The draft cleaner: what rules may judge in a reply, with every position kept.

``clean`` turns an agent's draft (plain text or a Zendesk ``html_body``) into a
:class:`CleanDraft`. ``plain`` is the readable text, made safe and normalised by
``coach.draft.hygiene.normalise`` (no controls, escape sequences or invisible characters;
letters in NFKC; look-alikes folded in Latin words); ``judged`` is ``plain`` with every
region rules must not judge (quoted history, signature, code and logs, URLs, e-mail
addresses, quoted words, protected terms) blanked by spaces, so an offset into
``judged`` is an offset into ``plain``. ``locate`` (and ``original_offset``, ``line_col``)
map an offset back to the text as given.

Pure and deterministic. Every pattern here is linear (no nested unbounded repeats,
line patterns anchored, quotes bounded), so a 1 MB plain-text draft cleans in well
under a second; HTML costs what ``html.parser`` costs (about 5-10 us a tag) plus a
constant factor, with the inputs that make ``html.parser`` quadratic defused first.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from coach import regexcache
from coach.draft.html_text import OffsetMap, Span, looks_like_html, render_html
from coach.draft.hygiene import Offsets, normalise
from coach.draft.letter import greeting_end as find_greeting_end
from coach.draft.letter import lines_before, signature_start

__all__ = ["REASONS", "CleanDraft", "Ignored", "clean", "is_empty", "looks_like_html"]

REASONS = ("quoted_history", "signature", "code", "url", "email", "quote", "protected")

@dataclass(frozen=True)
class Ignored:
    """A region of ``plain`` (``start``..``end``) that rules must not judge, and why."""

    start: int
    end: int
    reason: str  # one of REASONS


@dataclass(frozen=True)
class CleanDraft:
    """A draft ready for the rules, and the way back to the text as given."""

    original: str  # the text as given
    plain: str  # readable, normalised text (== original for clean plain-text input)
    judged: str  # plain with ignored regions blanked (same length, newlines kept)
    ignored: tuple[Ignored, ...]  # sorted, non-overlapping
    greeting_end: int  # where the body starts (after the greeting line and blank space), else 0
    body_end: int  # where the body ends (before sign-off, signature, quoted history), trailing space stripped
    _offsets: Callable[[int, int], int] | None = field(default=None, repr=False, compare=False)

    def locate(self, start: int, end: int) -> tuple[int, int, int, int]:
        """The offsets in ``original`` of the plain span ``start:end`` (clamped to the text;
        monotonic), and the 1-based line and column there of its start."""
        n = len(self.plain)
        start = min(max(start, 0), n)
        end = min(max(end, 0), n)
        if self._offsets is not None:
            start, end = self._offsets(start, n), self._offsets(end, n)
        starts = self._line_starts
        line = bisect_right(starts, start)
        return start, end, line, start - starts[line - 1] + 1

    def original_offset(self, i: int) -> int:
        """The offset in ``original`` of plain offset ``i``."""
        return self.locate(i, i)[0]

    def line_col(self, i: int) -> tuple[int, int]:
        """The 1-based line and column in ``original`` of plain offset ``i``."""
        _, _, line, column = self.locate(i, i)
        return line, column

    @cached_property
    def _line_starts(self) -> list[int]:
        return [0, *map(re.Match.end, _LINE_BREAK.finditer(self.original))]


# --------------------------------------------------------------------------- public API


def clean(text: str, html: bool | None = None, protected: Sequence[str] = ()) -> CleanDraft:
    """Clean a draft reply; ``html=None`` detects HTML, ``protected`` terms are never judged."""
    if html is None:
        html = looks_like_html(text)
    offsets: Callable[[int, int], int] | None = None
    spans: list[Span] = []
    plain = text
    if html:
        plain, offsets, spans = render_html(text)
    plain, offsets, spans = _normalised(plain, offsets, spans)
    # Each stage searches the text blanked by the stages before it; a region found
    # inside an earlier one is dropped when the regions are normalised.
    masker = _Masker(plain)
    masker.add(spans + _fences(plain))
    masker.add(_quoted_history(masker.judged) + _code_lines(plain))
    tail = _tail_start(plain, masker.spans)
    greeting_end = find_greeting_end(plain, masker.judged, tail)
    cut = signature_start(masker.judged, tail, greeting_end)
    body_end = len(plain[:cut].rstrip())
    masker.add([(cut, tail, "signature")] + _inline_code(masker.judged))
    rest = masker.judged
    spans = masker.spans + _urls(rest) + _emails(rest) + _quotes(rest) + _protected(rest, protected)
    ignored = _normalise(plain, [s for s in spans if s[1] > s[0]])
    judged = _blank(plain, [(r.start, r.end) for r in ignored])
    return CleanDraft(text, plain, judged, ignored, greeting_end, body_end, offsets)


def _normalised(
    plain: str, offsets: OffsetMap | None, spans: list[Span]
) -> tuple[str, Callable[[int, int], int] | None, list[Span]]:
    """``plain`` as the rules see it (coach.draft.hygiene.normalise), its offset map composed with ``offsets``."""
    steps = normalise(plain)
    if not steps:
        return plain, offsets, spans
    chain = [(step.back, len(step.text)) for step in reversed(steps)]
    if offsets is not None:
        chain.append((offsets, len(plain)))
    for step in steps:
        spans = [(step.forward(s), step.forward(e), reason) for s, e, reason in spans]
    return steps[-1].text, Offsets(tuple(chain)), spans


_LETTER_OR_DIGIT = regexcache.compile(r"[^\W_]")


def is_empty(draft: CleanDraft) -> bool:
    """True when the body (after the greeting, before the sign-off) has no letter or digit
    outside quoted history and the signature: nothing of the writer's own to check."""
    pos, end = draft.greeting_end, draft.body_end
    for region in draft.ignored:
        if region.reason not in ("quoted_history", "signature") or region.end <= pos:
            continue
        if region.start >= end:
            break
        if _LETTER_OR_DIGIT.search(draft.plain, pos, region.start):
            return False
        pos = region.end
    return pos >= end or _LETTER_OR_DIGIT.search(draft.plain, pos, end) is None


# --------------------------------------------------------------------------- masking

_LINE_BREAK = regexcache.compile(r"\r\n?|\n")
_NON_SPACE = regexcache.compile(r"\S")


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with ``spans`` (any order, may overlap) replaced by spaces, newlines kept."""
    out: list[str] = []
    pos = 0
    for start, end in sorted(spans):
        start = max(start, pos)
        if end <= start:
            continue
        out.append(text[pos:start])
        out.append(_blanked(text[start:end]))
        pos = end
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


class _AsciiBlank(dict):  # type: ignore[type-arg]
    """str.translate table: every character to a space but CR and LF (ASCII lookups are cached)."""

    def __missing__(self, key: int) -> int:
        return 32


_ASCII_BLANK = _AsciiBlank({10: 10, 13: 13})


def _blanked(segment: str) -> str:
    """``segment`` as spaces, line breaks kept."""
    if "\n" not in segment and "\r" not in segment:
        return " " * len(segment)
    if segment.isascii():
        return segment.translate(_ASCII_BLANK)
    return "\n".join(
        " " * (len(line) - 1) + "\r" if line.endswith("\r") else " " * len(line) for line in segment.split("\n")
    )


class _Masker:
    """Collects ignored spans stage by stage; later stages search the text masked so far."""

    def __init__(self, plain: str) -> None:
        self.judged = plain
        self.spans: list[Span] = []

    def add(self, found: list[Span]) -> None:
        new = [s for s in found if s[1] > s[0]]
        if new:
            self.spans += new
            self.judged = _blank(self.judged, [(s, e) for s, e, _ in new])


def _normalise(plain: str, spans: list[Span]) -> tuple[Ignored, ...]:
    """Sorted, non-overlapping regions: an enclosing region wins; same-reason neighbours merge."""
    out: list[list] = []  # [start, end, reason]
    for start, end, reason in sorted(spans, key=lambda s: (s[0], -s[1])):
        if out:
            last = out[-1]
            if end <= last[1]:
                continue
            start = max(start, last[1])
            if last[2] == reason and _NON_SPACE.search(plain, last[1], start) is None:
                last[1] = end
                continue
        out.append([start, end, reason])
    return tuple(Ignored(s, e, r) for s, e, r in out)


# --------------------------------------------------------------------------- quoted history

_ATTRIBUTION = regexcache.compile(
    r"^[ \t]*On[ \t][^\r\n]{0,300}?(?:\r?\n[^\r\n]{0,300}?)?\b(?i:wrote):[ \t]*\r?$", re.M
)
_ORIGINAL_MESSAGE = regexcache.compile(
    r"^[ \t]*-{2,}[ \t]*(?:Original Message|Forwarded message)[ \t]*-{2,}", re.M | re.I
)
_FROM = regexcache.compile(r"From:\**[ \t]")
_SENT_SOON = regexcache.compile(r"[^\r\n]*\r?\n(?:[^\r\n]*\r?\n){0,3}?[ \t]*\**(?:Sent|Date):")
_OUTLOOK_RULE = regexcache.compile(r"[ \t]*_{8,}[ \t]*\r?")
_QUOTED_LINES = regexcache.compile(r"^[ \t]{0,3}>[^\r\n]*(?:\r?\n[ \t]{0,3}>[^\r\n]*)*", re.M)


def _quoted_history(text: str) -> list[Span]:
    """An attribution ("On ... wrote:"), "Original Message" or Outlook header and all after it; ">" lines."""
    rest = len(text)
    lower = text.lower()
    # Each search only where the text has what it needs (most drafts quote nothing).
    for rx, needs in ((_ATTRIBUTION, "wrote:"), (_ORIGINAL_MESSAGE, "--")):
        m = rx.search(text, 0, rest) if needs in lower else None
        if m:
            rest = m.start()
    if "from:" in lower:
        rest = _outlook_header(text, rest)
    quoted = _QUOTED_LINES.finditer(text, 0, rest) if ">" in text else ()
    spans = [(m.start(), m.end(), "quoted_history") for m in quoted]
    spans.append((rest, len(text), "quoted_history"))
    return spans


def _outlook_header(text: str, end: int) -> int:
    """Start of the first Outlook header ("From: ..." then "Sent: ..." within 4 lines) before ``end``."""
    for m in _FROM.finditer(text, 0, end):
        start = m.start()
        while start > 0 and text[start - 1] in " \t*":
            start -= 1
        if (start and text[start - 1] != "\n") or not _SENT_SOON.match(text, m.end()):
            continue
        for s, e in lines_before(text, start, 4):  # an "________" rule above belongs to it
            if s < start and text[s:e].strip():
                if _OUTLOOK_RULE.fullmatch(text, s, e):
                    start = s
                break
        return start
    return end


def _tail_start(plain: str, spans: list[Span]) -> int:
    """Start of the trailing run of quoted history / signature regions (else len(plain))."""
    cut = len(plain)
    tail = sorted((s for s in spans if s[2] in ("quoted_history", "signature")), reverse=True)
    for start, end, _ in tail:
        if start >= cut:
            continue
        if end < cut and _NON_SPACE.search(plain, end, cut) is not None:
            break
        cut = start
    return cut


# --------------------------------------------------------------------------- code and logs

_FENCE = regexcache.compile(r"^[ \t]{0,3}(`{3,}|~{3,})([^\r\n]*)", re.M)
_INDENTED = regexcache.compile(
    r"^(?: {4}|\t)[ \t]*\S[^\r\n]*(?:\r?\n(?:[ \t]*\r?\n)*(?: {4}|\t)[ \t]*\S[^\r\n]*)+", re.M
)
_LOG_LINE = (
    r"^[ \t]*(?:"
    r"\[?\d{4}[-/]\d\d[-/]\d\d[T ]\d\d:\d\d"  # 2024-06-03T10:00:00 ...
    r"|\[(?i:error|warn|warning|info|debug|trace|fatal|critical|severe|notice)\]"
    r"|(?:ERROR|WARN|WARNING|INFO|DEBUG|TRACE|FATAL|CRITICAL|SEVERE):"
    r"|Traceback \(most recent call last\):"
    r'|File "[^"\r\n]*", line \d+'
    r"|at[ \t]+(?:(?:new|async)[ \t]+)?[\w$<>\[\]]+(?:\.[\w$<>\[\]]+)+[ \t]*\("
    r"|at[ \t]+[^\s()]+:\d+:\d+[ \t]*\r?$"
    r"|\.\.\.[ \t]\d+[ \t]more\b"
    r"|Caused by:"
    r"|(?:[a-z_$][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error)\b"
    r"|[A-Z]\w*(?:Error|Exception):"
    r")[^\r\n]*"
)
_LOG_BLOCK = regexcache.compile(rf"(?:{_LOG_LINE}(?:\r?\n|\Z))+", re.M)
# Indented lines right after a log block (traceback source lines) belong to it.
_INDENTED_AFTER = regexcache.compile(r"(?:(?: {4}|\t)[ \t]*\S[^\r\n]*(?:\r?\n|\Z))+")
_INLINE_CODE = regexcache.compile(r"`[^`\r\n]+`")


def _fences(text: str) -> list[Span]:
    """Fenced ``` / ~~~ blocks, fences included; an unclosed fence runs to the end."""
    spans: list[Span] = []
    if "```" not in text and "~~~" not in text:
        return spans
    opened: tuple[int, str] | None = None
    for m in _FENCE.finditer(text):
        fence, info = m.group(1), m.group(2)
        if opened is None:
            if not (fence[0] == "`" and "`" in info):
                opened = (m.start(), fence)
        elif fence[0] == opened[1][0] and len(fence) >= len(opened[1]) and not info.strip():
            spans.append((opened[0], m.end(), "code"))
            opened = None
    if opened is not None:
        spans.append((opened[0], len(text), "code"))
    return spans


def _code_lines(text: str) -> list[Span]:
    """Blocks of two or more lines indented by 4 spaces or a tab, and log / stack-trace lines."""
    indented = "    " in text or "\t" in text
    spans = [(m.start(), m.end(), "code") for m in _INDENTED.finditer(text)] if indented else []
    for m in _log_blocks(text):
        more = _INDENTED_AFTER.match(text, m.end())
        end = more.end() if more else m.end()
        while end > m.start() and text[end - 1] in "\r\n":  # the block's last line break
            end -= 1
        spans.append((m.start(), end, "code"))
    return spans


def _log_blocks(text: str) -> Iterator[re.Match[str]]:
    """Blocks of log lines, tried at line starts only (a scan of every position costs more)."""
    pos = 0
    while pos < len(text):
        m = _LOG_BLOCK.match(text, pos)
        if m is not None and m.end() > pos:
            yield m
            pos = m.end()
            continue
        nl = text.find("\n", pos)
        if nl == -1:
            return
        pos = nl + 1


def _inline_code(text: str) -> list[Span]:
    return [(m.start(), m.end(), "code") for m in _INLINE_CODE.finditer(text)]


# --------------------------------------------------------------------------- URLs, e-mail, quotes, names

_URL = regexcache.compile(r"(?=[hHwW])(?:https?://|www\.)[^\s<>\"“”‘’`]+", re.I)
_URL_TRAILING = ".,;:!?)'\"]}*"
_EMAIL_DOMAIN = regexcache.compile(r"@[\w-]+(?:\.[\w-]+)+")
_EMAIL_LOCAL = regexcache.compile(r"[\w.+-]+")  # matched on the reversed text before the "@"
_PARA_NL = r"(?:\r?\n(?![ \t]*\r?\n))"  # a line break that does not start a blank line
_QUOTES = (
    regexcache.compile(rf'"((?:[^"\r\n]|{_PARA_NL}){{1,200}})"'),
    regexcache.compile(rf"“((?:[^“”\r\n]|{_PARA_NL}){{1,200}})”"),
    # ‘...’: ’ inside a word is an apostrophe ("don’t"), so it neither opens nor closes.
    regexcache.compile(rf"‘(?<!\w‘)((?:[^‘’\r\n]|’(?=\w)|{_PARA_NL}){{1,200}})’(?!\w)"),
    regexcache.compile(rf"„((?:[^„“”\r\n]|{_PARA_NL}){{1,200}})[“”]"),  # German „...“
    regexcache.compile(rf"«[ \u00a0]?((?:[^«»\r\n]|{_PARA_NL}){{1,200}}?)[ \u00a0]?»"),  # Italian and French «...»
)


def _urls(text: str) -> list[Span]:
    """http(s):// and www. addresses, without trailing punctuation (a balanced ")" stays)."""
    spans: list[Span] = []
    if "://" not in text and "www." not in text.lower():
        return spans
    for m in _URL.finditer(text):
        start, end = m.span()
        before = text[start - 1 : start]
        if before.isalnum() or before == "_" or (before in (".", "@", "-") and m.group()[0] in "wW"):
            continue
        opens, closes = text.count("(", start, end), text.count(")", start, end)
        while end > start and text[end - 1] in _URL_TRAILING:
            if text[end - 1] == ")":
                if closes <= opens:
                    break
                closes -= 1
            end -= 1
        scheme = m.group().find("//") + 2 if m.group()[:1] in "hH" else 4
        if end - start > scheme:
            spans.append((start, end, "url"))
    return spans


def _emails(text: str) -> list[Span]:
    """Addresses, found from their "@" (a local part of at most 64 characters)."""
    spans: list[Span] = []
    for m in _EMAIL_DOMAIN.finditer(text):
        at = m.start()
        local = _EMAIL_LOCAL.match(text[max(0, at - 64) : at][::-1])
        if local is not None:
            spans.append((at - local.end(), m.end(), "email"))
    return spans


def _quotes(text: str) -> list[Span]:
    """The words inside "straight", “curly”, ‘single curly’, „German“ and «guillemet» quotes (one paragraph, <= 200 chars)."""
    return [(m.start(1), m.end(1), "quote") for rx in _QUOTES for m in rx.finditer(text)]


@lru_cache(maxsize=64)
def _protected_regex(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    words = sorted({" ".join(t.split()) for t in terms if t.strip()}, key=len, reverse=True)
    if not words:
        return None
    parts = (r"\s+".join(re.escape(w) for w in term.split()) for term in words)
    return regexcache.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


def _protected(text: str, protected: Sequence[str]) -> list[Span]:
    """Whole-word, case-sensitive occurrences of the protected terms (product names)."""
    terms = (protected,) if isinstance(protected, str) else tuple(protected)
    rx = _protected_regex(terms)
    return [] if rx is None else [(m.start(), m.end(), "protected") for m in rx.finditer(text)]
