"""The frame of a letter: where the greeting ends and the sign-off or signature begins.

Rules judge the body between them; ``coach.draft.clean`` masks the sign-off and signature.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from coach import regexcache

_NON_SPACE = regexcache.compile(r"\S")

_GREETING_WORDS = (
    r"hi|hello|hey|hiya|heya|howdy|dear|greetings|good[ \t]+(?:morning|afternoon|evening|day)|morning|afternoon|evening"
    r"|hallo|guten[ \t]+(?:tag|morgen|abend)|liebe|lieber|sehr[ \t]+geehrte[rs]?|moin|servus|grüß[ \t]+gott"
    r"|gentil[ei]|gentilissim[oa]|buongiorno|buonasera|ciao|salve|car[oa]|egregi[oa]"
)
# A whole greeting line: "Hi Anna,", "Dear Mr. Smith", "Sehr geehrte Kundin, sehr geehrter Kunde,".
_GREETING = regexcache.compile(
    rf"(?i:{_GREETING_WORDS})(?![\w'’-])(?:[ \t]*,)?(?:[ \t]+[^\s,!?;:]+){{0,4}}"
    rf"(?:,[ \t]*(?i:{_GREETING_WORDS})(?:[ \t]+[^\s,!?;:]+){{0,4}})?"
)
# A greeting that opens a line of body text: "Hi Laura, thanks for..." (a name of at most three words).
_NAME_WORD = r"(?:[A-ZÀ-ÖØ-Þ][\w.'’-]*|there|all|team|everyone|folks|signora?|sig(?:\.|ra\.)|dott(?:\.|ssa)|frau|herr)"
_INLINE_GREETING = regexcache.compile(rf"(?i:{_GREETING_WORDS})(?![\w'’-])(?:[ \t]+{_NAME_WORD}){{0,3}}[ \t]*[,!][ \t]+(?=\S)")
_SIGNOFF_PHRASES = frozenset((
    "all the best", "best", "best regards", "best wishes", "kind regards", "kindest regards",
    "warm regards", "warmest regards", "warm wishes", "regards", "many thanks", "thanks",
    "thanks again", "thanks so much", "thanks a lot", "thank you", "thank you again",
    "thank you so much", "thank you very much", "with thanks", "with many thanks",
    "with best regards", "with kind regards", "cheers", "sincerely", "yours sincerely",
    "sincerely yours", "yours truly", "yours faithfully", "respectfully", "take care",
    "talk soon", "speak soon", "warmly", "thx", "thanks and regards", "rgds", "kr", "br", "ty", "tks",
    # German and Italian
    "viele grüße", "viele grüsse", "beste grüße", "beste grüsse", "freundliche grüße", "freundliche grüsse",
    "mit freundlichen grüßen", "mit freundlichen grüssen", "liebe grüße", "herzliche grüße", "schöne grüße",
    "mit besten grüßen", "gruß", "grüße", "mfg", "danke und viele grüße", "vielen dank und viele grüße",
    "cordiali saluti", "distinti saluti", "un cordiale saluto", "saluti", "cordialmente", "un saluto",
    "a presto", "grazie e cordiali saluti", "grazie e buona giornata",
))
# "<phrase>", "<phrase>!", "<phrase>," or "<phrase>, Name" / "<phrase> - Name".
_SIGNOFF_LINE = regexcache.compile(
    r"([^\W\d_]+(?:[ \t]+[^\W\d_]+){0,3})(?:[ \t]*[!.]+)?[ \t]*"
    r"(?:[,\-–—][ \t]*(?:[^\W\d_][\w.'’&-]*(?:[ \t]+[\w.'’&()-]+){0,3})?)?"
)
_MAX_NAME_LINES = 6  # a name/title block after the sign-off: name, role, company, phone...
# A name or initials after a mark, alone on the last line or ending it: "-Shawn", "^NK", "/RB", "~ Tia".
_MARKED_NAME = r"[\^/~][ \t]?[A-Z]{1,3}|[-–—~][ \t]?[A-Z][a-z]+(?:[ \t][A-Z][a-z]*)?"
_MARKED_LINE = regexcache.compile(rf"(?:{_MARKED_NAME})[ \t]*")
_MARKED_TAIL = regexcache.compile(rf"(?<=[.!?)])[ \t]+(?:{_MARKED_NAME})[ \t]*$", re.M)
# A bare name closing the letter: "Andreas Lehmann" (words that open sentences are not names).
_BARE_NAME = regexcache.compile(r"[A-ZÀ-ÖØ-Þ][\w'’-]+(?:[ \t]+[A-ZÀ-ÖØ-Þ][\w'’.-]*){0,2}")
_NOT_NAMES = frozenset(("done", "thanks", "yes", "no", "ok", "okay", "sure", "cheers", "best", "regards", "grazie", "danke"))


def greeting_end(plain: str, judged: str, tail: int) -> int:
    """After a greeting ("Hi Anna," on its own line, and the blank space after it, or "Hi Anna, "
    opening the first line of text); 0 without one."""
    first = _NON_SPACE.search(judged, 0, tail)
    if first is None:
        return 0
    start = plain.rfind("\n", 0, first.start()) + 1
    end = plain.find("\n", first.start())
    end = len(plain) if end < 0 else end
    if not _is_greeting_line(plain[start:end].strip()):
        inline = _INLINE_GREETING.match(plain, first.start(), end)
        return inline.end() if inline else 0
    body = _NON_SPACE.search(plain, end)
    return len(plain) if body is None else body.start()


def _is_greeting_line(line: str) -> bool:
    """A whole line that only greets: "Hi Anna,", "Hello, Anna", "Gentile signor Lombardi,"."""
    if len(line) > 80:
        return False
    if line[-1] in ",!":
        line = line[:-1].rstrip()
    elif not line[-1].isalnum():
        return False
    return _GREETING.fullmatch(line) is not None


def lines_before(text: str, stop: int, limit: int) -> Iterator[tuple[int, int]]:
    """Up to ``limit`` line spans ending at or before ``stop``, last line first (lazily)."""
    pos = stop
    while pos > 0 and limit > 0:
        end = pos - 1 if text[pos - 1] == "\n" else pos
        start = text.rfind("\n", 0, end) + 1
        yield start, end
        pos = start
        limit -= 1


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


def signature_start(judged: str, tail: int, greeting_end: int) -> int:
    """Start of the sign-off line or "-- " delimiter before ``tail`` (``tail`` when neither)."""
    stop = tail
    if judged.find("--", greeting_end, tail) != -1:
        for start, end in lines_before(judged, tail, 20):
            if start < greeting_end:
                break
            if judged[start:end].strip() == "--":
                stop = start
                break
    stop = _closing_name(judged, stop, greeting_end)
    names = 0
    for start, end in lines_before(judged, stop, 3 * _MAX_NAME_LINES):
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


def _closing_name(judged: str, stop: int, greeting_end: int) -> int:
    """Where a closing name or initials start when they end the letter without a sign-off phrase
    ("-Shawn", "^NK", "... today! /RB", a bare "Andreas Lehmann" under the last sentence); else ``stop``."""
    last = next(((s, e) for s, e in lines_before(judged, stop, 3) if judged[s:e].strip()), None)
    if last is None or last[0] < greeting_end:
        return stop
    s, e = last
    if _MARKED_LINE.fullmatch(judged[s:e].strip()):
        return s + len(judged[s:e]) - len(judged[s:e].lstrip())
    tail = _MARKED_TAIL.search(judged, s, e)
    if tail is not None:
        return tail.start()
    return _bare_name_block(judged, stop, greeting_end)


def _bare_name_block(judged: str, stop: int, greeting_end: int) -> int:
    """Start of one to three name lines ("Sam" / "Acme Support Team") under a finished sentence."""
    block = None
    lines = (ln for ln in lines_before(judged, stop, 8) if judged[ln[0] : ln[1]].strip())
    for i, (s, e) in enumerate(lines):
        if s < greeting_end:
            break
        line = judged[s:e].strip()
        if i < 3 and _BARE_NAME.fullmatch(line) and line.split()[0].lower() not in _NOT_NAMES:
            block = s + len(judged[s:e]) - len(judged[s:e].lstrip())
            continue
        if block is not None and line[-1] in ".!?:)":
            return block
        break
    return stop
