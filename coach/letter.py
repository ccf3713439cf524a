"""The frame of a letter: where the greeting ends and the sign-off or signature begins.

Rules judge the body between them; ``coach.clean`` masks the sign-off and signature.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_NON_SPACE = re.compile(r"\S")

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


def greeting_end(plain: str, judged: str, tail: int) -> int:
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
