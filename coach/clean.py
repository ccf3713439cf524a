"""The draft cleaner: what rules may judge in a reply, with every position kept.

``clean`` turns an agent's draft (plain text or a Zendesk ``html_body``) into a
:class:`CleanDraft`. ``plain`` is the readable text; ``judged`` is ``plain`` with every
region rules must not judge (quoted history, signature, code and logs, URLs, e-mail
addresses, quoted words, protected terms) blanked by spaces, so an offset into
``judged`` is an offset into ``plain``. ``original_offset`` and ``line_col`` map an
offset back to the text as given.

Pure and deterministic. Every pattern here is linear (no nested unbounded repeats,
line patterns anchored, quotes bounded), so a 1 MB plain-text draft cleans in well
under a second; HTML costs what ``html.parser`` costs (about 5-10 us a tag) plus a
constant factor, with the inputs that make ``html.parser`` quadratic defused first.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from html import unescape as _unescape
from html.parser import HTMLParser

__all__ = ["REASONS", "CleanDraft", "Ignored", "clean", "looks_like_html"]

REASONS = ("quoted_history", "signature", "code", "url", "email", "quote", "protected")

_Span = tuple[int, int, str]


@dataclass(frozen=True)
class Ignored:
    """A region of ``plain`` (``start``..``end``) that rules must not judge, and why."""

    start: int
    end: int
    reason: str  # one of REASONS


@dataclass(frozen=True)
class _OffsetMap:
    """Plain offsets to original offsets, as runs of rendered text."""

    starts: tuple[int, ...]  # plain offset where each run begins (the first is 0)
    origins: tuple[int, ...]  # original offset of each run's first character
    exact: tuple[bool, ...]  # verbatim run (offsets advance) or synthesised (all map to origin)
    end: int  # original offset of len(plain)

    def __call__(self, i: int, length: int) -> int:
        if i >= length or not self.starts:
            return self.end
        k = bisect_right(self.starts, i) - 1
        return self.origins[k] + (i - self.starts[k] if self.exact[k] else 0)


@dataclass(frozen=True)
class CleanDraft:
    """A draft ready for the rules, and the way back to the text as given."""

    original: str  # the text as given
    plain: str  # readable text (== original for plain-text input)
    judged: str  # plain with ignored regions blanked (same length, newlines kept)
    ignored: tuple[Ignored, ...]  # sorted, non-overlapping
    greeting_end: int  # where the body starts (after the greeting line and blank space), else 0
    body_end: int  # where the body ends (before sign-off, signature, quoted history), trailing space stripped
    _offsets: _OffsetMap | None = field(default=None, repr=False, compare=False)

    def original_offset(self, i: int) -> int:
        """The offset in ``original`` of plain offset ``i`` (0 <= i <= len(plain)); monotonic."""
        i = min(max(i, 0), len(self.plain))
        return i if self._offsets is None else self._offsets(i, len(self.plain))

    def line_col(self, i: int) -> tuple[int, int]:
        """1-based line and column in ``original`` of plain offset ``i``."""
        at = self.original_offset(i)
        starts = self._line_starts
        line = bisect_right(starts, at)
        return line, at - starts[line - 1] + 1

    @cached_property
    def _line_starts(self) -> list[int]:
        return [0, *(m.end() for m in _LINE_BREAK.finditer(self.original))]


# --------------------------------------------------------------------------- public API


def looks_like_html(text: str) -> bool:
    """True for a Zendesk ``html_body``: starts with a tag, or has a ``<br>`` or a closing tag.

    Plain text such as "a < b", "<3" or "x<y" is not HTML; nor is a lone opening tag
    mentioned in prose ("wrap it in a <div>").
    """
    start = _HTML_START.match(text)
    if start is not None and (start.group(1).lower() in _TAGS or start.group(1)[0] == "!"):
        return True
    return any(m.group(1) or m.group(2).lower() in _TAGS for m in _HTML_MARK.finditer(text))


def clean(text: str, html: bool | None = None, protected: Sequence[str] = ()) -> CleanDraft:
    """Clean a draft reply; ``html=None`` detects HTML, ``protected`` terms are never judged."""
    if html is None:
        html = looks_like_html(text)
    offsets: _OffsetMap | None = None
    spans: list[_Span] = []
    plain = text
    if html:
        plain, offsets, spans = _render_html(text)
    # Each stage searches the text blanked by the stages before it; a region found
    # inside an earlier one is dropped when the regions are normalised.
    masker = _Masker(plain)
    masker.add(spans + _fences(plain))
    masker.add(_quoted_history(masker.judged) + _code_lines(plain))
    tail = _tail_start(plain, masker.spans)
    greeting_end = _greeting_end(plain, masker.judged, tail)
    cut = _signature_start(masker.judged, tail, greeting_end)
    body_end = len(plain[:cut].rstrip())
    masker.add([(cut, tail, "signature")] + _inline_code(masker.judged))
    rest = masker.judged
    spans = masker.spans + _urls(rest) + _emails(rest) + _quotes(rest) + _protected(rest, protected)
    ignored = _normalise(plain, [s for s in spans if s[1] > s[0]])
    judged = _blank(plain, [(r.start, r.end) for r in ignored])
    return CleanDraft(text, plain, judged, ignored, greeting_end, body_end, offsets)


# --------------------------------------------------------------------------- masking

_LINE_BREAK = re.compile(r"\r\n?|\n")
_NON_SPACE = re.compile(r"\S")


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
        self.spans: list[_Span] = []

    def add(self, found: list[_Span]) -> None:
        new = [s for s in found if s[1] > s[0]]
        if new:
            self.spans += new
            self.judged = _blank(self.judged, [(s, e) for s, e, _ in new])


def _normalise(plain: str, spans: list[_Span]) -> tuple[Ignored, ...]:
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

_ATTRIBUTION = re.compile(
    r"^[ \t]*On[ \t][^\r\n]{0,300}?(?:\r?\n[^\r\n]{0,300}?)?\b(?i:wrote):[ \t]*\r?$", re.M
)
_ORIGINAL_MESSAGE = re.compile(
    r"^[ \t]*-{2,}[ \t]*(?:Original Message|Forwarded message)[ \t]*-{2,}", re.M | re.I
)
_FROM = re.compile(r"From:\**[ \t]")
_SENT_SOON = re.compile(r"[^\r\n]*\r?\n(?:[^\r\n]*\r?\n){0,3}?[ \t]*\**(?:Sent|Date):")
_OUTLOOK_RULE = re.compile(r"[ \t]*_{8,}[ \t]*\r?")
_QUOTED_LINES = re.compile(r"^[ \t]{0,3}>[^\r\n]*(?:\r?\n[ \t]{0,3}>[^\r\n]*)*", re.M)


def _quoted_history(text: str) -> list[_Span]:
    """An attribution ("On ... wrote:"), "Original Message" or Outlook header and all after it; ">" lines."""
    rest = len(text)
    for rx in (_ATTRIBUTION, _ORIGINAL_MESSAGE):
        m = rx.search(text, 0, rest)
        if m:
            rest = m.start()
    rest = _outlook_header(text, rest)
    spans = [(m.start(), m.end(), "quoted_history") for m in _QUOTED_LINES.finditer(text, 0, rest)]
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
        for s, e in _lines_before(text, start, 4):  # an "________" rule above belongs to it
            if s < start and text[s:e].strip():
                if _OUTLOOK_RULE.fullmatch(text, s, e):
                    start = s
                break
        return start
    return end


def _tail_start(plain: str, spans: list[_Span]) -> int:
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

_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})([^\r\n]*)", re.M)
_INDENTED = re.compile(
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
_LOG_BLOCK = re.compile(rf"(?:{_LOG_LINE}(?:\r?\n|\Z))+", re.M)
# Indented lines right after a log block (traceback source lines) belong to it.
_INDENTED_AFTER = re.compile(r"(?:(?: {4}|\t)[ \t]*\S[^\r\n]*(?:\r?\n|\Z))+")
_INLINE_CODE = re.compile(r"`[^`\r\n]+`")


def _fences(text: str) -> list[_Span]:
    """Fenced ``` / ~~~ blocks, fences included; an unclosed fence runs to the end."""
    spans: list[_Span] = []
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


def _code_lines(text: str) -> list[_Span]:
    """Blocks of two or more lines indented by 4 spaces or a tab, and log / stack-trace lines."""
    spans = [(m.start(), m.end(), "code") for m in _INDENTED.finditer(text)]
    for m in _LOG_BLOCK.finditer(text):
        more = _INDENTED_AFTER.match(text, m.end())
        end = more.end() if more else m.end()
        while end > m.start() and text[end - 1] in "\r\n":  # the block's last line break
            end -= 1
        spans.append((m.start(), end, "code"))
    return spans


def _inline_code(text: str) -> list[_Span]:
    return [(m.start(), m.end(), "code") for m in _INLINE_CODE.finditer(text)]


# --------------------------------------------------------------------------- URLs, e-mail, quotes, names

_URL = re.compile(r"(?=[hHwW])(?:https?://|www\.)[^\s<>\"“”‘’`]+", re.I)
_URL_TRAILING = ".,;:!?)'\"]}*"
_EMAIL_DOMAIN = re.compile(r"@[\w-]+(?:\.[\w-]+)+")
_EMAIL_LOCAL = re.compile(r"[\w.+-]+")  # matched on the reversed text before the "@"
_PARA_NL = r"(?:\r?\n(?![ \t]*\r?\n))"  # a line break that does not start a blank line
_QUOTES = (
    re.compile(rf'"((?:[^"\r\n]|{_PARA_NL}){{1,200}})"'),
    re.compile(rf"“((?:[^“”\r\n]|{_PARA_NL}){{1,200}})”"),
    # ‘...’: ’ inside a word is an apostrophe ("don’t"), so it neither opens nor closes.
    re.compile(rf"‘(?<!\w‘)((?:[^‘’\r\n]|’(?=\w)|{_PARA_NL}){{1,200}})’(?!\w)"),
)


def _urls(text: str) -> list[_Span]:
    """http(s):// and www. addresses, without trailing punctuation (a balanced ")" stays)."""
    spans: list[_Span] = []
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


def _emails(text: str) -> list[_Span]:
    """Addresses, found from their "@" (a local part of at most 64 characters)."""
    spans: list[_Span] = []
    for m in _EMAIL_DOMAIN.finditer(text):
        at = m.start()
        local = _EMAIL_LOCAL.match(text[max(0, at - 64) : at][::-1])
        if local is not None:
            spans.append((at - local.end(), m.end(), "email"))
    return spans


def _quotes(text: str) -> list[_Span]:
    """The words inside "straight", “curly” and ‘single curly’ quotes (one paragraph, <= 200 chars)."""
    return [(m.start(1), m.end(1), "quote") for rx in _QUOTES for m in rx.finditer(text)]


@lru_cache(maxsize=64)
def _protected_regex(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    words = sorted({" ".join(t.split()) for t in terms if t.strip()}, key=len, reverse=True)
    if not words:
        return None
    parts = (r"\s+".join(re.escape(w) for w in term.split()) for term in words)
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


def _protected(text: str, protected: Sequence[str]) -> list[_Span]:
    """Whole-word, case-sensitive occurrences of the protected terms (product names)."""
    terms = (protected,) if isinstance(protected, str) else tuple(protected)
    rx = _protected_regex(terms)
    return [] if rx is None else [(m.start(), m.end(), "protected") for m in rx.finditer(text)]


# --------------------------------------------------------------------------- greeting and sign-off

_GREETING = re.compile(
    r"(?i:hi|hello|hey|hiya|heya|howdy|dear|greetings|good[ \t]+(?:morning|afternoon|evening|day)"
    r"|morning|afternoon|evening)(?:[ \t]*,)?(?:[ \t]+[^\s,!?;:]+){0,4}"
)
_SIGNOFF_PHRASES = frozenset((
    "all the best", "best", "best regards", "best wishes", "kind regards", "kindest regards",
    "warm regards", "warmest regards", "warm wishes", "regards", "many thanks", "thanks",
    "thanks again", "thanks so much", "thanks a lot", "thank you", "thank you again",
    "thank you so much", "thank you very much", "with thanks", "with many thanks",
    "with best regards", "with kind regards", "cheers", "sincerely", "yours sincerely",
    "sincerely yours", "yours truly", "yours faithfully", "respectfully", "take care",
    "talk soon", "speak soon", "warmly", "thx",
))
# "<phrase>", "<phrase>!", "<phrase>," or "<phrase>, Name" / "<phrase> - Name".
_SIGNOFF_LINE = re.compile(
    r"([A-Za-z]+(?:[ \t]+[A-Za-z]+){0,3})(?:[ \t]*[!.]+)?[ \t]*"
    r"(?:[,\-–—][ \t]*(?:[A-Z][\w.'’&-]*(?:[ \t]+[\w.'’&()-]+){0,3})?)?"
)
_MAX_NAME_LINES = 6  # a name/title block after the sign-off: name, role, company, phone...


def _greeting_end(plain: str, judged: str, tail: int) -> int:
    """After a greeting line ("Hi Anna,") and the blank space after it; 0 without one."""
    first = _NON_SPACE.search(judged, 0, tail)
    if first is None:
        return 0
    start = plain.rfind("\n", 0, first.start()) + 1
    end = plain.find("\n", first.start())
    end = len(plain) if end < 0 else end
    if end - start > 80:
        return 0
    line = plain[start:end].strip()
    if line[-1] in ",!":
        line = line[:-1].rstrip()
    elif not line[-1].isalnum():
        return 0
    if _GREETING.fullmatch(line) is None:
        return 0
    body = _NON_SPACE.search(plain, end)
    return len(plain) if body is None else body.start()


def _lines_before(text: str, stop: int, limit: int) -> list[tuple[int, int]]:
    """Up to ``limit`` line spans ending at or before ``stop``, last line first."""
    spans: list[tuple[int, int]] = []
    pos = stop
    while pos > 0 and len(spans) < limit:
        end = pos - 1 if text[pos - 1] == "\n" else pos
        start = text.rfind("\n", 0, end) + 1
        spans.append((start, end))
        pos = start
    return spans


def _is_name_line(line: str) -> bool:
    """A short line of a name/title block ("Acme Inc." yes; "I have reset it." no)."""
    words = line.split()
    if len(line) > 80 or len(words) > 8:
        return False
    sentence = line[-1] in "?!" or (line[-1] == "." and words[-1][:1].islower())
    return len(words) <= 3 or not sentence


def _is_signoff(line: str) -> bool:
    """A short line with a sign-off phrase ("Best,", "Kind regards", "Thanks, Bob")."""
    m = _SIGNOFF_LINE.fullmatch(line) if len(line) <= 60 else None
    return m is not None and " ".join(m.group(1).lower().split()) in _SIGNOFF_PHRASES


def _signature_start(judged: str, tail: int, greeting_end: int) -> int:
    """Start of the sign-off line or "-- " delimiter before ``tail`` (``tail`` when neither)."""
    stop = tail
    for start, end in _lines_before(judged, tail, 20):
        if start < greeting_end:
            break
        if judged[start:end].strip() == "--":
            stop = start
            break
    names = 0
    for start, end in _lines_before(judged, stop, 3 * _MAX_NAME_LINES):
        if start < greeting_end:
            break
        line = judged[start:end].strip()
        if not line:
            continue
        if _is_signoff(line):
            return start
        if names == _MAX_NAME_LINES or not _is_name_line(line):
            break
        names += 1
    return stop


# --------------------------------------------------------------------------- HTML

_TAGS = frozenset(
    "p div br hr ul ol li blockquote pre code table tbody thead tr td th h1 h2 h3 h4 h5 h6 html "
    "head body span a b i u em strong font img section article header footer meta style center".split()
)
_HTML_START = re.compile(r"\s*<(!doctype\b|!--|[a-zA-Z][a-zA-Z0-9]*(?=[\s/>]))")
_HTML_MARK = re.compile(r"<([bB][rR])[ \t\r\n]*/?>|</([a-zA-Z][a-zA-Z0-9]*)[ \t\r\n]*>")

_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_DROP = frozenset({"script", "style", "title", "template"})
_BLOCKS = frozenset(
    "address article aside blockquote center dd details div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header li main nav ol p pre section summary table tbody "
    "tfoot thead tr ul".split()
)
_LINE_BLOCKS = frozenset({"li", "dt", "dd", "tr"})  # one line each, not a paragraph
_CODE_TAGS = frozenset({"code", "kbd", "samp", "tt"})
_CELLS = frozenset({"td", "th"})
_HTML_SPACE = " \t\n\r\f"
_SPACE_RUN = re.compile(r"[ \t\n\r\f]{2,}")
_TO_SPACE = str.maketrans("\t\n\r\f", "    ")
_unescape_ref = lru_cache(maxsize=1024)(_unescape)
_BAD_CHARREF = re.compile(r"&(?=#(?![0-9]|[xX][0-9a-fA-F]))")
_COMMENT_CLOSE = re.compile(r"--\s*>")


def _render_html(source: str) -> tuple[str, _OffsetMap, list[_Span]]:
    """Render HTML to text: its offset map and its quoted / signature / code regions."""
    renderer = _Renderer(source)
    renderer.feed(_tame(source))
    renderer.close()
    return renderer.result()


def _tame(source: str) -> str:
    """A same-length copy in which constructs html.parser would rescan to the end are text.

    html.parser (3.11) rescans from every unterminated "<" or "<!--" and stops at a
    malformed "&#", which makes some inputs quadratic; their "<" / "&" become NUL here,
    and the renderer takes text from ``source``, so they still read as "<" / "&".
    """
    work = _BAD_CHARREF.sub("\0", source)
    last_gt = work.rfind(">")
    if work.find("<", last_gt + 1) >= 0:
        work = work[: last_gt + 1] + work[last_gt + 1 :].replace("<", "\0")
    last_close = -1
    for m in _COMMENT_CLOSE.finditer(work):
        last_close = m.start()
    keep = max(0, last_close - 3)
    if work.find("<!--", keep) >= 0:
        work = work[:keep] + work[keep:].replace("<!--", "\0!--")
    return work


class _Renderer(HTMLParser):
    """Renders HTML to text, recording where each piece came from and what to mask."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self._src = source
        self._line_offsets = [0, *(m.end() for m in re.finditer("\n", source))]
        self._parts: list[str] = []
        self._len = 0
        self._starts: list[int] = []  # the offset map's runs
        self._origins: list[int] = []
        self._exact: list[bool] = []
        self._run_next = -1  # the origin that continues the last verbatim run
        self._end = 0
        self._spans: list[list] = []  # [start, end, reason]
        self._stack: list[tuple[str, tuple[str, ...]]] = []
        self._open: dict[str, int] = {}
        self._ctx = dict.fromkeys(_FLAGS, 0)
        self._reason: str | None = None
        self._want_nl = 0  # newlines owed before the next text
        self._nl_at = 0
        self._space_at = -1  # origin of a collapsed space owed before the next text
        self._trailing_nl = 0
        self._after_space = True  # at the start, or after whitespace
        self._item_start = False  # just wrote an "- " list prefix
        self._pre_start = False

    def result(self) -> tuple[str, _OffsetMap, list[_Span]]:
        offsets = _OffsetMap(tuple(self._starts), tuple(self._origins), tuple(self._exact), self._end)
        return "".join(self._parts), offsets, [(s, e, r) for s, e, r in self._spans]

    # ---- output

    def _pos(self) -> int:
        line, col = self.getpos()
        return self._line_offsets[line - 1] + col

    def _emit(self, text: str, origin: int, exact: bool, src_end: int, reason: str | None) -> None:
        n = self._len
        if not exact or origin != self._run_next:
            self._starts.append(n)
            self._origins.append(origin)
            self._exact.append(exact)
        self._len = n + len(text)
        self._run_next = origin + len(text) if exact else -1
        self._parts.append(text)
        if src_end > self._end:
            self._end = src_end
        if reason is not None:
            spans = self._spans
            if spans and spans[-1][1] == n and spans[-1][2] == reason:
                spans[-1][1] = self._len
            else:
                spans.append([n, self._len, reason])
        last = text[-1]
        if last == "\n":
            body = len(text.rstrip("\n"))
            self._trailing_nl = len(text) - body + (0 if body else self._trailing_nl)
        else:
            self._trailing_nl = 0
        self._after_space = last.isspace()
        self._item_start = False

    def _flush(self) -> None:
        """Write the newlines or the space owed before the next text."""
        if self._len:
            if self._want_nl:
                need = self._want_nl - self._trailing_nl
                if need > 0:
                    self._emit("\n" * need, self._nl_at, False, self._nl_at, None)
            elif self._space_at >= 0 and not self._after_space:
                self._emit(" ", self._space_at, True, self._space_at + 1, None)
        self._want_nl = 0
        self._space_at = -1

    def _text(self, text: str, origin: int) -> None:
        if text:
            if self._want_nl or self._space_at >= 0:
                self._flush()
            self._emit(text, origin, True, origin + len(text), self._reason)

    def _space(self, origin: int) -> None:
        if self._space_at < 0 and not self._want_nl:
            self._space_at = origin

    def _newline(self, n: int, origin: int, add: bool = False) -> None:
        if not self._want_nl:
            self._nl_at = self._space_at if self._space_at >= 0 else origin
        self._want_nl = min(2, self._want_nl + n if add else max(self._want_nl, n))
        self._space_at = -1

    def _push(self, tag: str, flags: tuple[str, ...]) -> None:
        self._stack.append((tag, flags))
        self._open[tag] = self._open.get(tag, 0) + 1
        if flags:
            for flag in flags:
                self._ctx[flag] += 1
            self._reason = self._masked()

    def _pop(self) -> str:
        tag, flags = self._stack.pop()
        self._open[tag] -= 1
        if flags:
            for flag in flags:
                self._ctx[flag] -= 1
            self._reason = self._masked()
        return tag

    def _masked(self) -> str | None:
        for reason in ("quoted_history", "signature", "code"):
            if self._ctx[reason]:
                return reason
        return None

    # ---- parser callbacks

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pos = self._pos()
        skip = self._ctx["skip"]
        if tag in _VOID:
            if not skip and tag == "br":
                self._newline(1, pos, add=True)
            elif not skip and tag == "hr":
                self._newline(2, pos)
            return
        if not skip:
            if tag in _BLOCKS:
                if not self._item_start or tag == "li":
                    self._newline(1 if tag in _LINE_BLOCKS or self._ctx["li"] else 2, pos)
            elif tag in _CELLS:
                self._space(pos)
        self._push(tag, _flags(tag, attrs) if attrs or tag in _FLAGGED else ())
        if tag == "li" and not skip:
            self._flush()
            self._emit("- ", pos, False, pos, self._reason)
            self._item_start = True
        self._pre_start = tag == "pre"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":
            self.handle_starttag(tag, [])
            return
        if not self._open.get(tag):
            return
        pos = self._pos()
        while self._stack:
            name = self._pop()
            if name in _BLOCKS and not self._ctx["skip"]:
                self._newline(1 if name in _LINE_BLOCKS or self._ctx["li"] else 2, pos)
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._ctx["skip"]:
            return
        pos = self._pos()
        data = self._src[pos : pos + len(data)]  # the source text, not the tamed copy
        if self._ctx["pre"]:
            if self._pre_start:
                lead = 2 if data.startswith("\r\n") else 1 if data.startswith("\n") else 0
                data, pos = data[lead:], pos + lead
            self._pre_start = False
            self._text(data, pos)
            return
        self._pre_start = False
        done = 0
        for m in _SPACE_RUN.finditer(data):
            self._words(data[done : m.start()], pos + done)
            self._space(pos + m.start())
            done = m.end()
        self._words(data[done:] if done else data, pos + done)

    def _words(self, chunk: str, origin: int) -> None:
        """Text with single whitespace characters at most: they become spaces."""
        if not chunk:
            return
        if chunk[0] in _HTML_SPACE:
            self._space(origin)
            chunk, origin = chunk[1:], origin + 1
            if not chunk:
                return
        trailing = chunk[-1] in _HTML_SPACE
        if trailing:
            chunk = chunk[:-1]
        self._text(chunk.translate(_TO_SPACE), origin)
        if trailing:
            self._space(origin + len(chunk))

    def handle_entityref(self, name: str) -> None:
        self._reference(1 + len(name))

    def handle_charref(self, name: str) -> None:
        self._reference(2 + len(name))

    def _reference(self, length: int) -> None:
        if self._ctx["skip"]:
            return
        pos = self._pos()
        end = pos + length + self._src.startswith(";", pos + length)
        raw = self._src[pos:end]
        text = _unescape_ref(raw)
        if text == raw:  # unknown: keep it as written
            self._text(raw, pos)
            return
        text = text.replace("\xa0", " ")
        if not self._ctx["pre"] and text.isspace():
            self._space(pos)
            return
        self._flush()
        self._emit(text, pos, False, end, self._reason)

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        """Treat <![...]> (MS Office conditionals, CDATA) as a bogus comment ending at ">"."""
        end = self.rawdata.find(">", i + 3)
        return -1 if end < 0 else end + 1


_FLAGS = ("skip", "pre", "code", "quoted_history", "signature", "li")
_FLAGGED = _DROP | _CODE_TAGS | {"blockquote", "pre", "li"}


def _flags(tag: str, attrs: list[tuple[str, str | None]]) -> tuple[str, ...]:
    """The contexts an element opens: dropped, preformatted, code, quoted, signature, list item."""
    classes = " ".join(v for k, v in attrs if k == "class" and v).lower()
    flags: list[str] = []
    if tag in _DROP:
        flags.append("skip")
    if tag == "blockquote" or "quote" in classes:
        flags.append("quoted_history")
    if "signature" in classes:
        flags.append("signature")
    if tag == "pre":
        flags += ["pre", "code"]
    elif tag in _CODE_TAGS:
        flags.append("code")
    if tag == "li":
        flags.append("li")
    return tuple(flags)
