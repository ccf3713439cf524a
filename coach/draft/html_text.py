"""Zendesk ``html_body`` to text, with a map from every text offset back into the HTML.

``render_html`` feeds the source through ``html.parser`` (after defusing the inputs
that make it quadratic) and returns the rendered text, its :class:`OffsetMap`, and
the regions to mask that only the markup shows: ``<blockquote>`` and quote classes,
signature classes, ``<pre>`` and ``<code>``. ``coach.draft.clean`` does the rest.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from html import unescape as _unescape
from html.parser import HTMLParser

from coach import regexcache

Span = tuple[int, int, str]
"""A region of the rendered text (start, end) and why it is masked."""


@dataclass(frozen=True)
class OffsetMap:
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


def looks_like_html(text: str) -> bool:
    """True for a Zendesk ``html_body``: starts with a tag, or has a ``<br>`` or a closing tag.

    Plain text such as "a < b", "<3" or "x<y" is not HTML; nor is a lone opening tag
    mentioned in prose ("wrap it in a <div>").
    """
    start = _HTML_START.match(text)
    if start is not None and (start.group(1).lower() in _TAGS or start.group(1)[0] == "!"):
        return True
    return any(m.group(1) or m.group(2).lower() in _TAGS for m in _HTML_MARK.finditer(text))


_TAGS = frozenset(
    "p div br hr ul ol li blockquote pre code table tbody thead tr td th h1 h2 h3 h4 h5 h6 html "
    "head body span a b i u em strong font img section article header footer meta style center".split()
)
_HTML_START = regexcache.compile(r"\s*<(!doctype\b|!--|[a-zA-Z][a-zA-Z0-9]*(?=[\s/>]))")
_HTML_MARK = regexcache.compile(r"<([bB][rR])[ \t\r\n]*/?>|</([a-zA-Z][a-zA-Z0-9]*)[ \t\r\n]*>")

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
_SPACE_RUN = regexcache.compile(r"[ \t\n\r\f]{2,}")
_TO_SPACE = str.maketrans("\t\n\r\f", "    ")
_unescape_ref = lru_cache(maxsize=1024)(_unescape)
_BAD_CHARREF = regexcache.compile(r"&(?=#(?![0-9]|[xX][0-9a-fA-F]))")
_COMMENT_CLOSE = regexcache.compile(r"--\s*>")


def render_html(source: str) -> tuple[str, OffsetMap, list[Span]]:
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

    def result(self) -> tuple[str, OffsetMap, list[Span]]:
        offsets = OffsetMap(tuple(self._starts), tuple(self._origins), tuple(self._exact), self._end)
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
        if not text:  # a control character's reference (&#27;) stands for nothing
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
