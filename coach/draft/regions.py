"""Where the regions of a draft's plain text lie that rules must not judge: quoted e-mail
history, code and log blocks, URLs, e-mail addresses, quoted words and protected terms.

Each finder takes the text (as masked by the finders before it) and returns ``(start, end,
reason)`` spans; ``coach.draft.clean`` masks them. Every pattern is linear (no nested
unbounded repeats, line patterns anchored, quotes bounded).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from coach import regexcache
from coach.draft.html_text import Span
from coach.draft.letter import lines_before

_NON_SPACE = regexcache.compile(r"\S")


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


def quoted_history(text: str) -> list[Span]:
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


def tail_start(plain: str, spans: list[Span]) -> int:
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
    r"|\[?(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[ \t]+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[ \t]+\d{1,2}[ \t]+\d\d:\d\d"  # [Tue Mar 12 09:14:22] (Apache, PHP)
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[ \t]+\d{1,2}[ \t]+\d\d:\d\d:\d\d[ \t]+\S+[ \t]+\S+:"  # syslog
    r"|PHP[ \t]+(?:Warning|Notice|Deprecated|Fatal[ \t]+error|Parse[ \t]+error):"
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


def fences(text: str) -> list[Span]:
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


def code_lines(text: str) -> list[Span]:
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


def inline_code(text: str) -> list[Span]:
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


def urls(text: str) -> list[Span]:
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


def emails(text: str) -> list[Span]:
    """Addresses, found from their "@" (a local part of at most 64 characters)."""
    spans: list[Span] = []
    for m in _EMAIL_DOMAIN.finditer(text):
        at = m.start()
        local = _EMAIL_LOCAL.match(text[max(0, at - 64) : at][::-1])
        if local is not None:
            spans.append((at - local.end(), m.end(), "email"))
    return spans


def quotes(text: str) -> list[Span]:
    """The words inside "straight", “curly”, ‘single curly’, „German“ and «guillemet» quotes (one paragraph, <= 200 chars)."""
    return [(m.start(1), m.end(1), "quote") for rx in _QUOTES for m in rx.finditer(text)]


@lru_cache(maxsize=64)
def _protected_regex(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    words = sorted({" ".join(t.split()) for t in terms if t.strip()}, key=len, reverse=True)
    if not words:
        return None
    parts = (r"\s+".join(re.escape(w) for w in term.split()) for term in words)
    return regexcache.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


def protected_terms(text: str, protected: Sequence[str]) -> list[Span]:
    """Whole-word, case-sensitive occurrences of the protected terms (product names)."""
    terms = (protected,) if isinstance(protected, str) else tuple(protected)
    rx = _protected_regex(terms)
    return [] if rx is None else [(m.start(), m.end(), "protected") for m in rx.finditer(text)]
