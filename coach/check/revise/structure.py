"""Strategies that move sentence and paragraph ends: a run-on sentence split at clause
boundaries, a wall of text into paragraphs, a sequence of actions into numbered steps."""

from __future__ import annotations

import re
from dataclasses import replace

from coach import regexcache
from coach.model import Finding
from coach.check.revise.edits import Edit
from coach.check.revise.scene import WORD as _WORD
from coach.check.revise.scene import Scene
from coach.check.revise.scene import scene_edit as _edit
from coach.rules import Rule
from coach.draft.text import Segment

_SUBJECT = r"(?:I|we|you|it|they|this|that|there|he|she|your|our|the|these|those|some|all|each)\b"
_OPENS_CLAUSE = r"(?:if|since|because|when|once|as\s+soon\s+as)\b"
_AND_I = (regexcache.compile(r",?[ \t]+and[ \t]+(?=(?:I|we)['’ ])"), "")
# Clause boundaries where a sentence can end, and how the next sentence then starts.
_BREAKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (regexcache.compile(rf",[ \t]+and[ \t]+(?={_SUBJECT}|{_OPENS_CLAUSE})"), ""),
    (regexcache.compile(r",[ \t]+but[ \t]+(?=\w)"), "But "),
    (regexcache.compile(r",[ \t]+so[ \t]+(?!that\b|as\b|far\b|much\b|many\b|long\b)(?=\w)"), "So "),
    (regexcache.compile(r";[ \t]+(?=\w)"), ""),
    _AND_I,
    (regexcache.compile(r",[ \t]+which[ \t]+(?![^.!?]*\band[ \t]+which\b)(?=means\b|meant\b|is[ \t]+why\b|is[ \t]+because\b|is[ \t]+something\b)"), "This "),
    (regexcache.compile(r",[ \t]+which[ \t]+is[ \t]+(?![^.!?]*\band[ \t]+which\b)(?=\w+(?:ed|en)\b)"), "It is "),
    (regexcache.compile(r",[ \t]+which[ \t]+are[ \t]+(?![^.!?]*\band[ \t]+which\b)(?=(?:usually[ \t]+|often[ \t]+|always[ \t]+)?\w+(?:ed|en)\b)"), "They are "),
    (regexcache.compile(r",[ \t]+where[ \t]+(?=(?:you|we|I|they)\b)"), "There, "),
    (regexcache.compile(rf",[ \t]+while[ \t]+(?={_SUBJECT}|\w+s\b)"), "By contrast, "),
    (regexcache.compile(r",[ \t]+although[ \t]+(?=\w)"), "However, "),
    (regexcache.compile(r",[ \t]+whereas[ \t]+(?=\w)"), "By contrast, "),
    (regexcache.compile(r",[ \t]+then[ \t]+(?=\w)"), "Then "),
)
# German: only coordinating conjunctions keep the word order of the sentence that follows ("aber",
# "denn", "und" + subject); after "weil", "da", "sodass", "damit" the verb comes last, so a sentence
# of its own would need rewording and those clauses stay.
_DE_SUBJECT = r"(?:ich|wir|Sie|es|das|dies|diese[rs]?|der|die|er|sie|man|unser\w*|Ihr\w*|dann|danach|jetzt|bitte|bei|mit|für|in|im|nach|seit|ab|wenn|falls|sobald)\b"
_DE_BREAKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (regexcache.compile(rf",[ \t]+und[ \t]+(?={_DE_SUBJECT})"), ""),
    (regexcache.compile(r",[ \t]+aber[ \t]+(?=\w)"), "Aber "),
    (regexcache.compile(r",[ \t]+denn[ \t]+(?=\w)"), "Denn "),
    (regexcache.compile(r",[ \t]+doch[ \t]+(?=\w)"), "Doch "),
    (regexcache.compile(r";[ \t]+(?=\w)"), ""),
)
# Italian: "perché"/"poiché" become "Questo perché ...", the coordinating ones start the next sentence.
_IT_BREAKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (regexcache.compile(r",[ \t]+(?:perché|poiché|dato[ \t]+che|visto[ \t]+che)[ \t]+(?=\w)"), "Questo perché "),
    (regexcache.compile(r",[ \t]+ma[ \t]+(?=\w)"), "Ma "),
    (regexcache.compile(r",[ \t]+ed?[ \t]+(?!che\b|non[ \t]+solo\b)(?=\w)"), ""),  # Italian lists take no comma before "e"
    (regexcache.compile(r",[ \t]+oppure[ \t]+(?=\w)"), "Oppure "),
    (regexcache.compile(r",[ \t]+altrimenti[ \t]+(?=\w)"), "Altrimenti "),
    (regexcache.compile(r",[ \t]+quindi[ \t]+(?=\w)"), "Quindi "),
    (regexcache.compile(r",[ \t]+(?:motivo[ \t]+)?per[ \t]+cui[ \t]+(?=\w)"), "Per questo "),
    (regexcache.compile(r",[ \t]+(?:pertanto|perciò|dunque)[ \t]+(?=\w)"), "Per questo "),
    (regexcache.compile(r",[ \t]+mentre[ \t]+(?=\w)"), "Invece "),
    (regexcache.compile(r",[ \t]+così[ \t]+(?=\w)"), "Così "),
    (regexcache.compile(r",[ \t]+però[ \t]+(?=\w)"), "Però "),
    (regexcache.compile(r";[ \t]+(?=\w)"), ""),
)
_BREAKS_BY_LANG = {"de": _DE_BREAKS, "it": _IT_BREAKS}
# A comma splice ("..., we really do value ..."), but not the comma after an opening clause.
_SPLICE = regexcache.compile(r",[ \t]+(?=(?:we|I|you|they)\b)")
_SUBORDINATE_START = regexcache.compile(
    r"(?i)[ \t\"“(]*(?:if|when|once|as|because|although|though|since|while|after|before|unless|until|whether|given"
    r"|following|based|to|\w+ing)\b"
)


def split_sentence(scene: Scene, f: Finding, rule: Rule) -> list[Edit]:
    """A run-on sentence split at clause boundaries into sentences of at most the rule's
    ``max_words`` where it can be (no piece under 6 words); at the boundary nearest the middle
    when one split is all it takes."""
    seg = scene.sentence_at(f.span[0])
    if seg is None:
        return []
    judged = scene.draft.judged
    total = len(_WORD.findall(judged, seg.start, seg.end))
    limit = int(rule.params.get("max_words") or 25)
    breaks = _breaks(rule.lang, judged, seg.start)
    found = sorted(
        {m.start(): (len(_WORD.findall(judged, seg.start, m.start())), m, lead) for rx, lead in breaks for m in rx.finditer(judged, seg.start, seg.end)}.values(),
        key=lambda c: c[0],
    )
    cuts = _cuts([c for c in found if 6 <= c[0] <= total - 7], total, limit)
    edits = []
    for _, m, lead in cuts:
        edit = _edit(scene, m.start(), m.end(), ". " + lead, rule, exact=True)
        edits.append(replace(edit, opens_sentence=not lead))
    return edits


def _breaks(lang: str, judged: str, start: int) -> list[tuple[re.Pattern[str], str]]:
    """Where a sentence in ``lang`` starting at ``start`` can be cut, and how each piece then starts."""
    if lang != "en":
        return list(_BREAKS_BY_LANG.get(lang, ()))
    breaks = list(_BREAKS)
    if _SUBORDINATE_START.match(judged, start):
        breaks.remove(_AND_I)  # "If you need more, tell me and I'll raise it" stays one sentence
    else:
        breaks.append((_SPLICE, ""))
    return breaks


def _cuts(found: list, total: int, limit: int) -> list:
    """Which boundaries to cut at (``found``: (words before, match, lead), in order)."""
    if not found:
        return []
    if total <= 2 * limit:
        return [min(found, key=lambda c: abs(total / 2 - c[0]))]
    cuts: list = []
    start, last_ok = 0, None
    for cand in found:
        if cand[0] - start > limit and last_ok is not None:
            cuts.append(last_ok)
            start, last_ok = last_ok[0], None
        if cand[0] - start >= 6:
            last_ok = cand if cand[0] - start <= limit or last_ok is None else last_ok
    if total - start > limit and last_ok is not None and last_ok not in cuts:
        cuts.append(last_ok)
    return cuts


_STEP_MARK = regexcache.compile(
    r"(?i)(?:(?P<drop>(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|then|next|after[ \t]+that|finally|lastly)\b,?[ \t]*)"
    r"|once[ \t]+(?=\w))"
)
_LIST_LINE = regexcache.compile(r"[ \t]*(?:\d+[.)]|[-*•])[ \t]")
_PARAGRAPH_WORDS = 60


def paragraphs(scene: Scene, f: Finding, rule: Rule) -> list[Edit]:
    """A wall of text into paragraphs of about 60 words, at sentence ends (and steps as a list)."""
    segs = [s for s in scene.sentences if f.span[0] <= s.start and s.end <= f.span[1]]
    if len(segs) < 2:
        return []
    edits = steps(scene, f, rule)
    if edits:
        return edits
    words = 0
    text = scene.text
    for prev, seg in zip(segs, segs[1:]):
        words += prev.words
        remaining = sum(s.words for s in segs if s.start >= seg.start)
        in_list = "\n" in text[prev.end : seg.start] and (_LIST_LINE.match(text, seg.start) or _LIST_LINE.match(text, _line_start(text, prev.start)))
        if in_list:
            continue
        if words >= _PARAGRAPH_WORDS / 2 and remaining >= 15 and (words + seg.words > _PARAGRAPH_WORDS or words >= _PARAGRAPH_WORDS * 0.75):
            edits.append(_edit(scene, prev.end, seg.start, "\n\n", rule))
            words = 0
    return edits


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def steps(scene: Scene, f: Finding, rule: Rule) -> list[Edit]:
    """Three or more sentences in a row that read as a sequence ("First ... Then ... Once ...")
    become a numbered list, in a paragraph of its own."""
    segs = [s for s in scene.sentences if s.start < f.span[1] and f.span[0] < s.end]
    text = scene.text
    run: list[Segment] = []
    for seg in segs:
        if _STEP_MARK.match(text, seg.start) and (not run or "\n\n" not in text[run[-1].end : seg.start]):
            run.append(seg)
        elif len(run) >= 3:
            break
        else:
            run = []
    if len(run) < 3:
        return []
    edits = []
    for n, seg in enumerate(run, 1):
        mark = _STEP_MARK.match(text, seg.start)
        gap = _line_gap_start(text, seg.start)
        lead = "\n\n" if n == 1 and gap > 0 else "\n"
        cut = mark.end("drop") if mark and mark.group("drop") else seg.start  # type: ignore[union-attr]
        first = text[cut : cut + 1].upper()
        edits.append(_edit(scene, gap, cut + 1, f"{lead}{n}. {first}", rule, exact=True))
    after = next((s for s in scene.sentences if s.start >= run[-1].end), None)
    if after is not None and "\n\n" not in text[run[-1].end : after.start]:
        edits.append(_edit(scene, run[-1].end, after.start, "\n\n", rule))
    return edits


def _line_gap_start(text: str, pos: int) -> int:
    i = pos
    while i > 0 and text[i - 1] in " \t\n":
        i -= 1
    return i

