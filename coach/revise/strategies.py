"""Fixes that restructure, chosen by a rule's ``fix = "..."``: capitals to sentence case, a
run-on sentence split at a clause boundary, a wall of text into paragraphs and steps, stacked
hedges into one plain statement, blame into a neutral account, a refusal that leads with what
can be done, a pointer to the docs made exact, a vague time made a prompt.

Each strategy reads one finding in context and returns edits of the current text (possibly
none: then the finding keeps its advice). Where coach cannot know the words (the offer, the
neutral account, the link) the edit is a placeholder prompt.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property

from coach.clean import CleanDraft
from coach.kinds import FIXES
from coach.model import Finding
from coach.revise.edits import Edit, Source, capitalize_first, starts_sentence
from coach.revise.phrases import touches_facts
from coach.revise.placeholders import holds, prompt
from coach.revise.voice import Voice
from coach.rules import Rule
from coach.text import Segment, sentences


@dataclass
class Scene:
    """The current text and what strategies read from it."""

    draft: CleanDraft
    findings: tuple[Finding, ...]
    voice: Voice

    @property
    def text(self) -> str:
        return self.draft.plain

    @cached_property
    def sentences(self) -> list[Segment]:
        d = self.draft
        return sentences(d.judged, d.greeting_end, max(d.greeting_end, d.body_end))

    def sentence_at(self, pos: int) -> Segment | None:
        return next((s for s in self.sentences if s.start <= pos < s.end), None)


Strategy = Callable[[Scene, Finding, Rule], list[Edit]]


STRUCTURAL = frozenset({"split-sentence", "paragraphs", "steps"})  # they move sentence and paragraph ends
# The others read English (conjunctions, hedges, "you should have") and write English prompts;
# German capitalises nouns, so not even sentence case carries over.
ANY_LANGUAGE = frozenset({"paragraphs"})


def strategy_edits(scene: Scene, rules: dict[str, Rule], *, structural: bool) -> list[Edit]:
    """The edits of every finding whose rule names a fix strategy: the structural ones, or the others."""
    edits: list[Edit] = []
    for f in scene.findings:
        rule = rules.get(f.rule)
        fix = rule.params.get("fix") if rule else None
        if fix in STRATEGIES and (fix in STRUCTURAL) is structural and (rule.lang == "en" or fix in ANY_LANGUAGE):
            edits += [replace(e, group=f.span[0]) for e in STRATEGIES[fix](scene, f, rule)]  # type: ignore[arg-type]
    return _unique(edits)


def _unique(edits: list[Edit]) -> list[Edit]:
    seen, out = set(), []
    for e in edits:
        key = (e.start, e.end, e.after)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


def _edit(scene: Scene, start: int, end: int, after: str, rule: Rule, source: Source = Source.STRATEGY, *, exact: bool = False) -> Edit:
    return Edit(start, end, after, rule.id, scene.text[start:end], source, exact)


# --------------------------------------------------------------------------- capitals

# Short words written in capitals for emphasis; other short capitalised words are acronyms (SSO, API).
_EMPHASIS = frozenset(
    """YOU YOUR YOURS MUST NOT ALL ONLY NOW DO DONT DON'T DON’T CAN CANT CAN'T CAN’T WONT WON'T WON’T NO ANY
    NEVER THE AND FOR ARE IS IT TO OF IN ON AT BE WE OR IF SO UP ME MY US OUR WILL THIS THAT WITH FROM HAVE
    HAS WAS GET SET PLEASE READ NOTE STOP SEND JUST VERY AGAIN ASAP""".split()
)
_CAPS_WORD = re.compile(r"[A-Z][A-Z'’]*")


def sentence_case(scene: Scene, f: Finding, rule: Rule) -> list[Edit]:
    """"YOU MUST NOT CHANGE THE SETTINGS" -> "You must not change the settings" (acronyms kept)."""
    start, end = f.span
    keep = set(rule.params.get("exceptions") or ())
    original = scene.text[start:end]

    def lower(m: re.Match[str]) -> str:
        word = m.group()
        if word in keep or word == "I" or (len(word) <= 4 and word not in _EMPHASIS):
            return word
        return word.lower()

    after = _CAPS_WORD.sub(lower, original)
    if after == original:
        return []
    if starts_sentence(scene.text, start):
        after = capitalize_first(after)
    return [_edit(scene, start, end, after, rule, exact=True)]


# --------------------------------------------------------------------------- sentences and paragraphs

_SUBJECT = r"(?:I|we|you|it|they|this|that|there|he|she|your|our|the|these|those|some|all|each)\b"
_OPENS_CLAUSE = r"(?:if|since|because|when|once|as\s+soon\s+as)\b"
_AND_I = (re.compile(r",?[ \t]+and[ \t]+(?=(?:I|we)['’ ])"), "")
# Clause boundaries where a sentence can end, and how the next sentence then starts.
_BREAKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf",[ \t]+and[ \t]+(?={_SUBJECT}|{_OPENS_CLAUSE})"), ""),
    (re.compile(r",[ \t]+but[ \t]+(?=\w)"), "But "),
    (re.compile(rf",[ \t]+so[ \t]+(?={_SUBJECT}|{_OPENS_CLAUSE})"), "So "),
    (re.compile(r";[ \t]+(?=\w)"), ""),
    _AND_I,
    (re.compile(r",[ \t]+which[ \t]+(?![^.!?]*\band[ \t]+which\b)(?=means\b|meant\b|is[ \t]+why\b|is[ \t]+because\b|is[ \t]+something\b)"), "This "),
    (re.compile(r",[ \t]+which[ \t]+is[ \t]+(?![^.!?]*\band[ \t]+which\b)(?=\w+(?:ed|en)\b)"), "It is "),
    (re.compile(r",[ \t]+which[ \t]+are[ \t]+(?![^.!?]*\band[ \t]+which\b)(?=(?:usually[ \t]+|often[ \t]+|always[ \t]+)?\w+(?:ed|en)\b)"), "They are "),
    (re.compile(r",[ \t]+where[ \t]+(?=(?:you|we|I|they)\b)"), "There, "),
    (re.compile(rf",[ \t]+while[ \t]+(?={_SUBJECT}|\w+s\b)"), "By contrast, "),
    (re.compile(r",[ \t]+although[ \t]+(?=\w)"), "However, "),
    (re.compile(r",[ \t]+whereas[ \t]+(?=\w)"), "By contrast, "),
    (re.compile(r",[ \t]+then[ \t]+(?=\w)"), "Then "),
)
# A comma splice ("..., we really do value ..."), but not the comma after an opening clause.
_SPLICE = re.compile(r",[ \t]+(?=(?:we|I|you|they)\b)")
_SUBORDINATE_START = re.compile(
    r"(?i)[ \t\"“(]*(?:if|when|once|as|because|although|though|since|while|after|before|unless|until|whether|given"
    r"|following|based|to|\w+ing)\b"
)
_WORD = re.compile(r"[\w'’-]+")


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
    breaks = list(_BREAKS)
    if _SUBORDINATE_START.match(judged, seg.start):
        breaks.remove(_AND_I)  # "If you need more, tell me and I'll raise it" stays one sentence
    else:
        breaks.append((_SPLICE, ""))
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


_STEP_MARK = re.compile(
    r"(?i)(?:(?P<drop>(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|then|next|after[ \t]+that|finally|lastly)\b,?[ \t]*)"
    r"|once[ \t]+(?=\w))"
)
_LIST_LINE = re.compile(r"[ \t]*(?:\d+[.)]|[-*•])[ \t]")
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


# --------------------------------------------------------------------------- wording

_HEDGE_THAT = re.compile(r"[ \t]+that\b")


def plain_statement(scene: Scene, f: Finding, rule: Rule) -> list[Edit]:
    """Stacked hedges ("I think that maybe it might...") into one plain statement: drop them all
    when two or more stand in one sentence (a single hedge keeps its advice)."""
    seg = scene.sentence_at(f.span[0])
    if seg is None:
        return []
    mine = [g for g in scene.findings if g.rule == f.rule and seg.start <= g.span[0] < seg.end]
    if len(mine) < 2 or mine[0] is not f:
        return []
    edits = []
    for g in mine:
        start, end = g.span
        words = g.text.lower().split()
        if words[-1] == "possibly" and len(words) == 2:  # "might possibly" keeps its "might"
            start = end - len(g.text.split()[-1])
            start = len(scene.text[:start].rstrip(" \t"))
        m = _HEDGE_THAT.match(scene.text, end)
        if m and words[0] in ("i", "it"):
            end = m.end()
        edits.append(_edit(scene, start, end, "", rule))
    return edits


# "you should have <done> X" becomes the general tip "it helps to <do> X"; the other swaps
# ("you may have missed", "the next step was to") already read as a neutral account.
_SHOULD_HAVE = re.compile(r"(?i)you[ \t]+should(?:[ \t]+have|['’]ve)[ \t]+(?:(?:already|first|just)[ \t]+)?([a-z]+)\b")
_IRREGULAR = {
    "read": "read", "made": "make", "sent": "send", "set": "set", "done": "do", "written": "write", "taken": "take",
    "given": "give", "seen": "see", "gone": "go", "kept": "keep", "left": "leave", "told": "tell", "put": "put",
    "paid": "pay", "bought": "buy", "got": "get", "gotten": "get", "chosen": "choose", "known": "know", "run": "run",
    "come": "come", "found": "find", "spoken": "speak", "held": "hold", "built": "build", "shut": "shut",
    "been": "be", "had": "have", "said": "say", "thought": "think", "brought": "bring", "understood": "understand",
    "used": "use", "added": "add", "cancelled": "cancel", "travelled": "travel", "labelled": "label",
}
_KEEP_AS_IS = re.compile(r"(?:en|er|on|el|it|om|ow|ol)$")  # "opened" -> "open", "entered" -> "enter"
_NEEDS_E = re.compile(r"(?:[^aeiou][aeiou][bcdfgkmnpstvz]|ng|rg|[cuv]|[^aeiou]s|at|ar|ur|ir|iz|ys)$")


def base_form(participle: str) -> str | None:
    """The base form of a past participle ("moved" -> "move", "checked" -> "check"), or None."""
    word = participle.lower()
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if not word.endswith("ed") or len(word) < 5:
        return None
    stem = word[:-2]
    if stem.endswith("i"):
        return stem[:-1] + "y"  # tried -> try
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsfz":
        return stem[:-1]  # stopped -> stop
    if stem.endswith("e") or _KEEP_AS_IS.search(stem) or not _NEEDS_E.search(stem):
        return stem
    return stem + "e"  # moved -> move, updated -> update, changed -> change


def neutral_account(scene: Scene, f: Finding, rule: Rule) -> list[Edit]:
    """Blame into a neutral account: "you should have read the guide" becomes the tip "it helps to
    read the guide"; the rule's other swaps stand; where no tip can be made, the blaming sentence
    becomes a prompt to say what happened without saying who got it wrong."""
    start, end = f.span
    m = _SHOULD_HAVE.match(scene.text, start)
    if m is None:
        return [] if f.suggestion is None else [_edit(scene, start, end, f.suggestion, rule)]
    base = base_form(m.group(1))
    if base is not None:
        return [_edit(scene, start, m.end(), "it helps to " + base, rule)]
    seg = scene.sentence_at(start)
    if seg is None or touches_facts(scene.draft, seg.start, seg.end):
        return []
    return [_edit(scene, seg.start, seg.end, prompt("neutral-account"), rule, Source.PLACEHOLDER, exact=True)]


_UNFORTUNATELY = re.compile(r"(?i)unfortunately,?[ \t]+")
# "because of our policy", "because it is against our policy", "due to company policy".
_POLICY_REASON = re.compile(
    r"(?i)\b(?:because|due\s+to|as\s+per|per)\b[^.!?\n]{0,30}?\bpolic(?:y|ies)\b"
)


_ALREADY_OFFERS = re.compile(r"(?i),[ \t]*but\b|\binstead\b|\bhowever\b")
_OFFER = re.compile(
    r"(?i)\b(?:I|we)(?:[ \t]+can|['’]ll|[ \t]+will|['’]ve|[ \t]+have)\b|\bwhat[ \t]+(?:I|we)[ \t]+can[ \t]+do\b"
    r"|\b(?:is|are)[ \t]+available\b|\byou[ \t]+can\b"
)
_REFUSALS = frozenset({"empathetic.negative-framing", "empathetic.stonewalling"})
_POINTS_BACK = re.compile(r"(?i)(?:it|this|that|they|these|those)\b")
# A sentence that only refuses: "That is our policy.", "This is our policy and there's nothing we can do."
_BARE_REFUSAL = re.compile(
    r"(?i)(?:(?:this|that|it)(?:[ \t]+is|['’]s)[ \t]+(?:just[ \t]+)?(?:our|the|company)[ \t]+policy"
    r"|there['’]?s[ \t]+nothing[ \t]+(?:more[ \t]+)?(?:we|I)[ \t]+can[ \t]+do)"
    r"(?:,?[ \t]+and[ \t]+(?:there['’]?s[ \t]+nothing[ \t]+(?:more[ \t]+)?(?:we|I)[ \t]+can[ \t]+do|we[ \t]+can(?:['’]t|not)[ \t]+make[ \t]+exceptions))?[.!]*"
)


def lead_with_can(scene: Scene, f: Finding, rule: Rule) -> list[Edit]:
    """A refusal ("Unfortunately we can't ... because of our policy") that leads with what can be
    done: the offer that follows it moves first; without one, a prompt for the offer comes first.
    "Unfortunately" goes, and "because of our policy" becomes a prompt for the reason."""
    seg = scene.sentence_at(f.span[0])
    if seg is None or _ALREADY_OFFERS.search(scene.text, seg.start, seg.end):
        return []
    edits = []
    led = _led_already(scene, f, seg)
    m = _UNFORTUNATELY.match(scene.text, seg.start)
    drop = m if m and len(_WORD.findall(scene.text, m.end(), seg.end)) >= 3 else None  # not "Unfortunately not."
    reason = _POLICY_REASON.search(scene.draft.judged, seg.start, seg.end)
    offer = _next_offer(scene, seg)
    refusal = scene.text[drop.end() if drop else seg.start : seg.end]
    movable = reason is None and not _POINTS_BACK.match(refusal) and not touches_facts(scene.draft, seg.start, seg.end)
    if not led and offer is not None and movable:
        moved = scene.text[offer.start : offer.end] + " " + refusal[:1].upper() + refusal[1:]
        return [_edit(scene, seg.start, offer.end, moved, rule, exact=True)]
    if _BARE_REFUSAL.fullmatch(" ".join(refusal.split())) and not touches_facts(scene.draft, seg.start, seg.end):
        edits.append(_edit(scene, seg.start, seg.end, prompt("reason") + ".", rule, Source.PLACEHOLDER, exact=True))
        drop = reason = None
    if not led:
        edits.append(_edit(scene, seg.start, seg.start, prompt("lead-with-can") + " ", rule, Source.PLACEHOLDER))
    if drop:
        edits.append(_edit(scene, drop.start(), drop.end(), "", rule))
    if reason:
        start, end = reason.span()
        edits.append(_edit(scene, start, end, "because " + prompt("reason"), rule, Source.PLACEHOLDER, exact=True))
    return edits


def _led_already(scene: Scene, f: Finding, seg: Segment) -> bool:
    """Whether the paragraph already leads with something before this refusal: an offer, a
    prompt for one, or an earlier refusal (which gets the prompt: one is enough)."""
    para = scene.text.rfind("\n\n", 0, seg.start) + 1
    if _OFFER.search(scene.text, para, seg.start) or holds(scene.text, "lead-with-can", para, seg.start):
        return True
    return any(g.rule in _REFUSALS and para < g.span[0] < seg.start for g in scene.findings)


def _next_offer(scene: Scene, seg: Segment) -> Segment | None:
    """The rest of the paragraph after ``seg``, when its first sentence offers something."""
    later = [s for s in scene.sentences if s.start >= seg.end]
    para: list[Segment] = []
    for s in later:
        if "\n" in scene.text[(para[-1].end if para else seg.end) : s.start]:
            break
        para.append(s)
    if not para or not _OFFER.search(scene.text, para[0].start, para[0].end) or _UNFORTUNATELY.match(scene.text, para[0].start):
        return None
    return Segment(para[0].start, para[-1].end, sum(s.words for s in para))


def exact_answer(scene: Scene, f: Finding, rule: Rule) -> list[Edit]:
    """A pointer to the docs made exact: a prompt for the answer or the link, at the end of its
    sentence ("Please refer to the documentation [the exact answer, or ...].")."""
    seg = scene.sentence_at(f.span[0])
    end = seg.end if seg else f.span[1]
    while end > f.span[1] and scene.text[end - 1] in ".!?…\"'”’)":
        end -= 1
    if holds(scene.text, "exact-answer", f.span[0], end + 80):
        return []
    return [_edit(scene, end, end, " " + prompt("exact-answer"), rule, Source.PLACEHOLDER)]


_COMMITMENT = re.compile(
    r"(?i)\b(?:will|['’]ll|should|expect\w*|aim\w*|going[ \t]+to|get[ \t]+back|follow[ \t]+up|update|arrive\w*|ship\w*"
    r"|process\w*|fix\w*|resolv\w*|ready|available|live|back[ \t]+(?:up|online)|look\w*[ \t]+into|contact|reply|respond)\b"
)
_WISH = re.compile(r"(?i)\b(?:hope|wish|feel\w*[ \t]+better|get[ \t]+well|talk|speak|see[ \t]+you)\b")


def when(scene: Scene, f: Finding, rule: Rule) -> list[Edit]:
    """A vague time in a promise ("we'll fix it soon") becomes a prompt for the real one; a wish
    ("I hope she's feeling better soon") stays."""
    start, end = f.span
    seg = scene.sentence_at(start)
    lo, hi = (seg.start, seg.end) if seg else (start, end)
    if _WISH.search(scene.text, lo, hi) or not _COMMITMENT.search(scene.text, lo, hi):
        return []
    return [_edit(scene, start, end, prompt("when"), rule, Source.PLACEHOLDER, exact=True)]


STRATEGIES: dict[str, Strategy] = {
    "sentence-case": sentence_case,
    "split-sentence": split_sentence,
    "paragraphs": paragraphs,
    "steps": steps,
    "plain-statement": plain_statement,
    "neutral-account": neutral_account,
    "lead-with-can": lead_with_can,
    "exact-answer": exact_answer,
    "when": when,
}
# "next-step" is the letter's job (coach.revise.letter): the prompt goes where the reply ends.
assert set(STRATEGIES) | {"next-step"} == set(FIXES), "coach.kinds.FIXES and the strategies disagree"
