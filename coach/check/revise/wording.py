"""Strategies that change words: capitals to sentence case, stacked hedges into one plain
statement, blame into a general tip, a refusal that leads with what can be done, a pointer to
the docs made exact, a vague time made a prompt. Where coach cannot know the words (the offer,
the neutral account, the link, the time) the edit is a placeholder prompt."""

from __future__ import annotations

import re

from coach.model import Finding
from coach.check.revise.edits import Edit, Source, capitalize_first, starts_sentence
from coach.check.revise.phrases import touches_facts
from coach.check.revise.placeholders import holds, prompt
from coach.check.revise.scene import WORD
from coach.check.revise.scene import WORD as _WORD
from coach.check.revise.scene import Scene
from coach.check.revise.voice import Voice
from coach.check.revise.scene import scene_edit as _edit
from coach.rules import Rule
from coach.draft.text import Segment

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


# --------------------------------------------------------------------------- wording

_HEDGE_THAT = re.compile(r"[ \t]+that\b")
# Hedges that can go without the sentence noticing ("I think", "maybe", "might possibly" -> "might").
_REMOVABLE_HEDGE = re.compile(
    r"(?i)I(?:[ \t]+|['’]m[ \t]+)?(?:think|believe|guess|suppose|reckon)|maybe|perhaps|possibly|probably"
    r"|(?:might|may|could)[ \t]+possibly|it[ \t]+(?:seems|appears|would[ \t]+seem)(?:[ \t]+that)?|sort[ \t]+of|kind[ \t]+of"
    r"|I['’]m[ \t]+not[ \t]+sure[ \t]+but"
)


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
    # "I'm not 100% sure" is no phrase to cut: it stays, with its advice.
    for g in (g for g in mine if _REMOVABLE_HEDGE.fullmatch(" ".join(g.text.split()))):
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
    if m is None and f.suggestion is not None:
        return [_edit(scene, start, end, f.suggestion, rule)]
    if m is None:  # implicit blame ("because you didn't include the form"): the facts stay, a prompt follows
        return _prompt_after_sentence(scene, f, rule, "neutral-account")
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
    r"(?i)\b(?:I|we)(?:[ \t]+can|['’]ll|[ \t]+will|['’]ve|[ \t]+have)(?![\w'’])(?![ \t]+not\b)|\bwhat[ \t]+(?:I|we)[ \t]+can[ \t]+do\b"
    r"|\b(?:is|are)[ \t]+available\b|\byou[ \t]+can(?![\w'’])(?![ \t]+not\b)"
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


_STOCK_GREETING = re.compile(r"(?i)dear[ \t]+(?:valued[ \t]+)?(?:customer|client|user|sir[ \t]+or[ \t]+madam)")
_STOCK_APOLOGY = re.compile(r"(?i)apolog|regret|sorry")
_STOCK_THANKS = re.compile(r"(?i)thank")


def own_words(scene: Scene, f: Finding, rule: Rule) -> list[Edit]:
    """A stock macro line in the reply's own words: "Dear Valued Customer" becomes "Hello"; a
    stock apology becomes "I'm sorry [about what, ...]." (or goes, when the reply apologises
    anyway); a stock thank-you becomes a prompt for one sentence about this customer's problem;
    other stock sentences ("Your feedback is important to us.") go. Stock words inside a sentence
    that says more keep their advice."""
    start, end = f.span
    if _STOCK_GREETING.fullmatch(scene.text, start, end):
        return [_edit(scene, start, end, "Hello", rule, exact=True)]
    seg = scene.sentence_at(start)
    if seg is None:
        return []
    mine = [g for g in scene.findings if g.rule == f.rule and seg.start <= g.span[0] < seg.end]
    if mine[0] is not f or sum(g.span[1] - g.span[0] for g in mine) < 0.6 * len(scene.text[seg.start : seg.end].rstrip(".!")):
        return []
    stock = " ".join(g.text for g in mine)
    if _STOCK_APOLOGY.search(stock) and not _apologises_elsewhere(scene, seg):
        sorry = "We're sorry " if scene.voice is Voice.WE else "I'm sorry "
        return [_edit(scene, seg.start, seg.end, sorry + prompt("sorry-about") + ".", rule, Source.PLACEHOLDER, exact=True)]
    if _STOCK_THANKS.search(stock) and not _apologises_elsewhere(scene, seg) and not _earlier_in_paragraph(scene, f, seg):
        return [_edit(scene, seg.start, seg.end, prompt("own-words"), rule, Source.PLACEHOLDER, exact=True)]
    return [_deletion(scene, seg, rule)]


def _apologises_elsewhere(scene: Scene, seg: Segment) -> bool:
    """Whether the body says sorry outside ``seg`` (then a stock apology or thanks just goes)."""
    body = scene.draft.judged
    lo, hi = scene.draft.greeting_end, scene.draft.body_end
    return any(not (seg.start <= m.start() < seg.end) for m in _STOCK_APOLOGY.finditer(body, lo, hi))


def _deletion(scene: Scene, seg: Segment, rule: Rule) -> Edit:
    """``seg`` deleted with the space that joined it to the text around it."""
    text = scene.text
    if seg.end < len(text) and text[seg.end : seg.end + 1] not in ("\n", ""):
        return _edit(scene, seg.start, seg.end, "", rule)  # the space after goes with it
    gap = seg.start
    while gap > 0 and text[gap - 1] in " \t":
        gap -= 1
    return _edit(scene, gap, seg.end, "", rule)  # the last sentence of its line: the space before goes


def owner_and_time(scene: Scene, f: Finding, rule: Rule) -> list[Edit]:
    """A status with no owner and no time ("is being looked into") is followed by a prompt for
    who does what next and by when (once a paragraph)."""
    return _prompt_after_sentence(scene, f, rule, "owner-and-time")


def impact_first(scene: Scene, f: Finding, rule: Rule) -> list[Edit]:
    """A reply that plays down what happened ("only affected 2% of players") gets a prompt to
    start from what it meant for this customer, before that sentence (once a paragraph)."""
    seg = scene.sentence_at(f.span[0])
    if seg is None or _earlier_in_paragraph(scene, f, seg) or holds(scene.text, "impact", max(0, seg.start - 200), seg.start):
        return []
    first = next(g for g in scene.findings if g.rule == f.rule and seg.start <= g.span[0] < seg.end)
    if first is not f:
        return []
    return [_edit(scene, seg.start, seg.start, prompt("impact") + " ", rule, Source.PLACEHOLDER)]


def plain_words(scene: Scene, f: Finding, rule: Rule) -> list[Edit]:
    """Technical terms a customer may not know are followed by a prompt to say it in plain words
    (once a paragraph): only the trainee knows what the customer needs to understand."""
    return _prompt_after_sentence(scene, f, rule, "plain-words")


def _prompt_after_sentence(scene: Scene, f: Finding, rule: Rule, name: str) -> list[Edit]:
    seg = scene.sentence_at(f.span[0])
    if seg is None or scene.text[seg.end - 1 : seg.end] not in (".", "!", "?"):
        return []  # a line of a log or a list item is no sentence to follow
    if _earlier_in_paragraph(scene, f, seg) or holds(scene.text, name, seg.end, seg.end + 200):
        return []
    first = next(g for g in scene.findings if g.rule == f.rule and seg.start <= g.span[0] < seg.end)
    if first is not f:
        return []  # one prompt for the sentence
    return [_edit(scene, seg.end, seg.end, " " + prompt(name), rule, Source.PLACEHOLDER)]


def _earlier_in_paragraph(scene: Scene, f: Finding, seg: Segment) -> bool:
    """Whether the same rule found something in an earlier sentence of this paragraph."""
    para = scene.text.rfind("\n\n", 0, seg.start) + 1
    return any(g.rule == f.rule and para <= g.span[0] < seg.start for g in scene.findings)


# What may stand before a run-up in its sentence: "I just", "I'm", "This email is to", "Just".
_RUN_UP_LEAD = re.compile(
    r"(?i)[ \t]*(?:(?:I|we)(?:['’]m|['’]re|[ \t]+am|[ \t]+are)?(?:[ \t]+(?:just|only|simply|really))?|just|this[ \t]+(?:e-?mail|message|note)?[ \t]*is(?:[ \t]+just)?[ \t]+to|this[ \t]+is[ \t]+to)?[ \t]*"
)


_CLAUSE_START = re.compile(
    r"(?i)I|I['’](?:ve|m|ll|d)|we|we['’](?:ve|re|ll|d)|you|you['’](?:ve|re|ll)|your|our|my|the|this|these|it|it['’]s|there|its|a|an|yes|no"
)


def cut_opener(scene: Scene, f: Finding, rule: Rule) -> list[Edit]:
    """A run-up ("I just wanted to reach out to let you know that ...") cut from the start of its
    sentence, so the news starts it ("I have received your message ..." -> capitalised)."""
    seg = scene.sentence_at(f.span[0])
    if seg is None or not _RUN_UP_LEAD.fullmatch(scene.text, seg.start, f.span[0]):
        return []
    end = f.span[1]
    while end < seg.end and scene.text[end] in " \t,":
        end += 1
    rest = WORD.findall(scene.text, end, seg.end)
    if len(rest) < 3 or not _CLAUSE_START.fullmatch(rest[0]):
        return []  # "I just wanted to say thanks." / "... regarding your query about X, ...": nothing to lead with
    return [_edit(scene, seg.start, end, "", rule)]
