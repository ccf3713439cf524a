"""Strategies for refusals, promises and stock lines: a refusal that leads with what can be
done, a vague time in a promise made a prompt, a pointer to the docs made exact, and a stock
macro line said in the reply's own words. Where coach cannot know the words (the offer, the
reason, the time, the link) the edit is a placeholder prompt."""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach import regexcache
from coach.check.revise.edits import Edit, Source
from coach.check.revise.phrases import touches_facts
from coach.check.revise.placeholders import holds, prompt
from coach.check.revise.scene import WORD as _WORD
from coach.check.revise.scene import Scene
from coach.check.revise.scene import scene_edit as _edit
from coach.check.revise.voice import Voice
from coach.check.revise.wording import earlier_in_paragraph as _earlier_in_paragraph
from coach.draft.text import Segment
from coach.model import Finding
from coach.rules import Rule

@dataclass(frozen=True)
class _RefusalWords:
    """What lead_with_can reads in one language (None: that part of the fix is not made there)."""

    unfortunately: re.Pattern[str] | None  # a sentence-opening "Unfortunately" that can go
    policy_reason: re.Pattern[str] | None  # "because of our policy": a prompt for the reason
    bare_refusal: re.Pattern[str] | None  # a sentence that only refuses: a prompt for the reason
    because: str  # what introduces the reason prompt
    already_offers: re.Pattern[str]  # the refusal already says what can be done
    offer: re.Pattern[str]  # a sentence that offers something
    points_back: re.Pattern[str]  # a refusal that needs what comes before it ("It ...") stays in place
    contrast: re.Pattern[str] | None = None  # "aber" in the offer: it goes when the offer moves first


_REFUSAL_WORDS = {
    "en": _RefusalWords(
        unfortunately=regexcache.compile(r"(?i)unfortunately,?[ \t]+"),
        # "because of our policy", "because it is against our policy", "due to company policy".
        policy_reason=regexcache.compile(r"(?i)\b(?:because|due\s+to|as\s+per|per)\b[^.!?\n]{0,30}?\bpolic(?:y|ies)\b"),
        # A sentence that only refuses: "That is our policy.", "This is our policy and there's nothing we can do."
        bare_refusal=regexcache.compile(
            r"(?i)(?:(?:this|that|it)(?:[ \t]+is|['’]s)[ \t]+(?:just[ \t]+)?(?:our|the|company)[ \t]+policy"
            r"|there['’]?s[ \t]+nothing[ \t]+(?:more[ \t]+)?(?:we|I)[ \t]+can[ \t]+do)"
            r"(?:,?[ \t]+and[ \t]+(?:there['’]?s[ \t]+nothing[ \t]+(?:more[ \t]+)?(?:we|I)[ \t]+can[ \t]+do|we[ \t]+can(?:['’]t|not)[ \t]+make[ \t]+exceptions))?[.!]*"
        ),
        because="because ",
        already_offers=regexcache.compile(r"(?i),[ \t]*but\b|\binstead\b|\bhowever\b"),
        offer=regexcache.compile(
            r"(?i)\b(?:I|we)(?:[ \t]+can|['’]ll|[ \t]+will|['’]ve|[ \t]+have)(?![\w'’])(?![ \t]+not\b)|\bwhat[ \t]+(?:I|we)[ \t]+can[ \t]+do\b"
            r"|\b(?:is|are)[ \t]+available\b|\byou[ \t]+can(?![\w'’])(?![ \t]+not\b)"
        ),
        points_back=regexcache.compile(r"(?i)(?:it|this|that|they|these|those)\b"),
    ),
    # German keeps "Leider" (the verb comes second: "Leider können wir ..." has no sentence without it).
    "de": _RefusalWords(
        unfortunately=None,
        # "…, das ist in unseren Bedingungen so geregelt." closing the refusal: the rule, not the reason
        policy_reason=regexcache.compile(
            r"(?i)(?<=,[ \t])(?:das|dies|es)[ \t]+ist[ \t]+(?:bei[ \t]+uns[ \t]+|leider[ \t]+|nun[ \t]+mal[ \t]+"
            r"|in[ \t]+unseren[ \t]+[^\s.!?,]+[ \t]+)*(?:so[ \t]+)?(?:geregelt|vorgeschrieben|festgelegt|vorgegeben)(?=[ \t]*[.!])"
        ),
        bare_refusal=None,
        because="weil ",
        already_offers=regexcache.compile(r"(?i),[ \t]*aber\b|\bstattdessen\b|\bjedoch\b|\ballerdings\b"),
        offer=regexcache.compile(
            r"(?i)(?<![\w-])(?:(?:ich|wir)[ \t]+(?:kann|können|werde|werden|habe|haben)|(?-i:Sie)[ \t]+können"
            r"|(?:kann|können|werde|werden)[ \t]+(?:ich|wir))(?![\w-])(?![^.!?\n]*(?<![\w-])(?:nicht|kein\w*|leider)(?![\w-]))"
        ),
        points_back=regexcache.compile(r"(?i)(?:es|das|dies|dies\w+|sie|er)\b"),
        contrast=regexcache.compile(r"[ \t]+(?:aber|jedoch|allerdings)(?![\w-])"),
    ),
    "it": _RefusalWords(
        unfortunately=regexcache.compile(r"(?i)purtroppo,?[ \t]+"),
        policy_reason=None,
        bare_refusal=None,
        because="",
        already_offers=regexcache.compile(r"(?i),[ \t]*ma\b|\binvece\b|\btuttavia\b|\bperò\b"),
        offer=regexcache.compile(
            r"(?i)(?<![\w'’-])(?<!non[ \t])(?:posso|possiamo|può|Le[ \t]+propong\w+|Le[ \t]+offr\w+|ho|abbiamo)(?![\w'’-])"
            r"(?![^.!?\n]*(?<![\w'’-])(?:non|purtroppo)(?![\w'’-]))"
        ),
        points_back=regexcache.compile(r"(?i)(?:questo|questa|questi|queste|ciò|quest['’])(?![\w'’-])"),
        contrast=regexcache.compile(r"[ \t]+però(?![\w'’-])|,?[ \t]+tuttavia,?(?![\w'’-])"),
    ),
}
_REFUSALS = frozenset({"empathetic.negative-framing", "empathetic.stonewalling"})


def lead_with_can(scene: Scene, f: Finding, rule: Rule) -> list[Edit]:
    """A refusal ("Unfortunately we can't ... because of our policy") that leads with what can be
    done: the offer that follows it moves first; without one, a prompt for the offer comes first.
    "Unfortunately" goes, and "because of our policy" becomes a prompt for the reason."""
    words = _REFUSAL_WORDS.get(rule.lang)
    seg = scene.sentence_at(f.span[0])
    if words is None or seg is None or words.already_offers.search(scene.text, seg.start, seg.end):
        return []
    edits = []
    led = _led_already(scene, f, seg, words, rule.lang)
    m = words.unfortunately.match(scene.text, seg.start) if words.unfortunately else None
    drop = m if m and len(_WORD.findall(scene.text, m.end(), seg.end)) >= 3 else None  # not "Unfortunately not."
    reason = words.policy_reason.search(scene.draft.judged, seg.start, seg.end) if words.policy_reason else None
    offer = _next_offer(scene, seg, words)
    refusal = scene.text[drop.end() if drop else seg.start : seg.end]
    movable = reason is None and not words.points_back.match(refusal) and not touches_facts(scene.draft, seg.start, seg.end)
    if not led and offer is not None and movable:
        offered = scene.text[offer.start : offer.end]
        offered = words.contrast.sub("", offered, count=1) if words.contrast else offered
        moved = offered + " " + refusal[:1].upper() + refusal[1:]
        return [_edit(scene, seg.start, offer.end, moved, rule, exact=True)]
    bare = words.bare_refusal and words.bare_refusal.fullmatch(" ".join(refusal.split()))
    if bare and not touches_facts(scene.draft, seg.start, seg.end):
        edits.append(_edit(scene, seg.start, seg.end, prompt("reason", rule.lang) + ".", rule, Source.PLACEHOLDER, exact=True))
        drop = reason = None
    if not led:
        edits.append(_edit(scene, seg.start, seg.start, prompt("lead-with-can", rule.lang) + " ", rule, Source.PLACEHOLDER))
    if drop:
        edits.append(_edit(scene, drop.start(), drop.end(), "", rule))
    if reason:
        start, end = reason.span()
        edits.append(_edit(scene, start, end, words.because + prompt("reason", rule.lang), rule, Source.PLACEHOLDER, exact=True))
    return edits


def _led_already(scene: Scene, f: Finding, seg: Segment, words: _RefusalWords, lang: str) -> bool:
    """Whether the paragraph already leads with something before this refusal: an offer, a
    prompt for one, or an earlier refusal (which gets the prompt: one is enough)."""
    para = scene.text.rfind("\n\n", 0, seg.start) + 1
    if words.offer.search(scene.text, para, seg.start) or holds(scene.text, "lead-with-can", para, seg.start, lang):
        return True
    return any(g.rule in _REFUSALS and para < g.span[0] < seg.start for g in scene.findings)


def _next_offer(scene: Scene, seg: Segment, words: _RefusalWords) -> Segment | None:
    """The rest of the paragraph after ``seg``, when its first sentence offers something."""
    later = [s for s in scene.sentences if s.start >= seg.end]
    para: list[Segment] = []
    for s in later:
        if "\n" in scene.text[(para[-1].end if para else seg.end) : s.start]:
            break
        para.append(s)
    if not para or not words.offer.search(scene.text, para[0].start, para[0].end):
        return None
    if words.unfortunately and words.unfortunately.match(scene.text, para[0].start):
        return None
    return Segment(para[0].start, para[-1].end, sum(s.words for s in para))


def exact_answer(scene: Scene, f: Finding, rule: Rule) -> list[Edit]:
    """A pointer to the docs made exact: a prompt for the answer or the link, at the end of its
    sentence ("Please refer to the documentation [the exact answer, or ...].")."""
    seg = scene.sentence_at(f.span[0])
    end = seg.end if seg else f.span[1]
    while end > f.span[1] and scene.text[end - 1] in ".!?…\"'”’)":
        end -= 1
    if holds(scene.text, "exact-answer", f.span[0], end + 80, rule.lang):
        return []
    return [_edit(scene, end, end, " " + prompt("exact-answer", rule.lang), rule, Source.PLACEHOLDER)]


# A promise (a vague time there is a prompt for the real one) and a wish (it stays), per language.
_COMMITMENT = {
    "en": regexcache.compile(
        r"(?i)\b(?:will|['’]ll|should|expect\w*|aim\w*|going[ \t]+to|get[ \t]+back|follow[ \t]+up|update|arrive\w*|ship\w*"
        r"|process\w*|fix\w*|resolv\w*|ready|available|live|back[ \t]+(?:up|online)|look\w*[ \t]+into|contact|reply|respond)\b"
    ),
    "de": regexcache.compile(
        r"(?i)(?<![\w-])(?:werde|werden|wird|sollte|sollten|melde\w*|schicke\w*|sende\w*|erhalten|bekommen|erstatte\w*"
        r"|behoben|beheben|gelöst|lösen|bearbeite\w*|kümmer\w*|prüfe\w*|liefer\w*|versand\w*|verschickt|antworte\w*"
        r"|zurück|freigeschaltet|verfügbar|update|rückmeldung|nachricht|arbeite\w*|eingehen|ankommen|kommen)(?![\w-])"
    ),
    "it": regexcache.compile(
        r"(?i)(?<![\w'’-])(?:\w+(?:erò|erà|eremo|eranno|irò|irà|iremo|iranno|arò|arà|aremo|aranno)|sarà|saranno|dovrebbe\w*"
        r"|ricontatt\w*|aggiorn\w*|rimbors\w*|risolt\w*|risolver\w*|spedi\w*|invi\w*|arriv\w*|verifich\w*"
        r"|lavorando|disponibile|riprovare|riceverà|scriv\w*)(?![\w'’-])"
    ),
}
_WISH = {
    "en": regexcache.compile(r"(?i)\b(?:hope|wish|feel\w*[ \t]+better|get[ \t]+well|talk|speak|see[ \t]+you)\b"),
    "de": regexcache.compile(r"(?i)(?<![\w-])(?:hoffe\w*|wünsche\w*|gute\s+besserung|bis\s+bald|hören\s+uns|sehen\s+uns)(?![\w-])"),
    "it": regexcache.compile(r"(?i)(?<![\w'’-])(?:spero|speriamo|auguro|auguriamo|a\s+presto|buona\s+guarigione|ci\s+sentiamo)(?![\w'’-])"),
}


def when(scene: Scene, f: Finding, rule: Rule) -> list[Edit]:
    """A vague time in a promise ("we'll fix it soon") becomes a prompt for the real one; a wish
    ("I hope she's feeling better soon") stays."""
    start, end = f.span
    seg = scene.sentence_at(start)
    lo, hi = (seg.start, seg.end) if seg else (start, end)
    wish, commitment = _WISH.get(rule.lang), _COMMITMENT.get(rule.lang)
    if wish is None or commitment is None or wish.search(scene.text, lo, hi) or not commitment.search(scene.text, lo, hi):
        return []
    return [_edit(scene, start, end, prompt("when", rule.lang), rule, Source.PLACEHOLDER, exact=True)]


@dataclass(frozen=True)
class _StockWords:
    """What own_words reads and writes in one language."""

    greeting: re.Pattern[str]  # a stock greeting ("Dear Valued Customer")
    hello: str  # what replaces it
    apology: re.Pattern[str]
    thanks: re.Pattern[str]
    sorry: dict[Voice, str]  # how a stock apology starts again, before the prompt for what about


_STOCK_WORDS = {
    "en": _StockWords(
        regexcache.compile(r"(?i)dear[ \t]+(?:valued[ \t]+)?(?:customer|client|user|sir[ \t]+or[ \t]+madam)"),
        "Hello",
        regexcache.compile(r"(?i)apolog|regret|sorry"),
        regexcache.compile(r"(?i)thank"),
        {Voice.WE: "We're sorry ", Voice.I: "I'm sorry "},
    ),
    "de": _StockWords(
        regexcache.compile(
            r"(?i)(?:(?:sehr[ \t]+geehrte[r]?|liebe[r]?)[ \t]+(?:(?:geschätzte[r]?|werte[r]?)[ \t]+)?"
            r"(?:kundin(?:[ \t]*/[ \t]*kunde)?|kunde|damen[ \t]+und[ \t]+herren)(?:,[ \t]*|[ \t]+und[ \t]+)?){1,2}"
        ),
        "Guten Tag",
        regexcache.compile(r"(?i)entschuldig|bedauer|tut[ \t]+(?:mir|uns)[ \t]+leid"),
        regexcache.compile(r"(?i)dank"),
        {Voice.WE: "Es tut uns leid, ", Voice.I: "Es tut mir leid, "},
    ),
    "it": _StockWords(
        regexcache.compile(r"(?i)(?:gentile|spettabile|egregio|caro|cara)[ \t]+(?:cliente|utente|clientela)"),
        "Buongiorno",
        regexcache.compile(r"(?i)scus|dispiac|rammaric"),
        regexcache.compile(r"(?i)grazie|ringrazi"),
        {Voice.WE: "Ci dispiace ", Voice.I: "Mi dispiace "},
    ),
}


def own_words(scene: Scene, f: Finding, rule: Rule) -> list[Edit]:
    """A stock macro line in the reply's own words: "Dear Valued Customer" becomes "Hello"; a
    stock apology becomes "I'm sorry [about what, ...]." (or goes, when the reply apologises
    anyway); a stock thank-you becomes a prompt for one sentence about this customer's problem;
    other stock sentences ("Your feedback is important to us.") go. Stock words inside a sentence
    that says more keep their advice."""
    start, end = f.span
    words = _STOCK_WORDS.get(rule.lang)
    if words is None:
        return []
    if words.greeting.fullmatch(scene.text, start, end):
        return [_edit(scene, start, end, words.hello, rule, exact=True)]
    seg = scene.sentence_at(start)
    if seg is None:
        return []
    mine = [g for g in scene.findings if g.rule == f.rule and seg.start <= g.span[0] < seg.end]
    if mine[0] is not f or sum(g.span[1] - g.span[0] for g in mine) < 0.6 * len(scene.text[seg.start : seg.end].rstrip(".!")):
        return []
    stock = " ".join(g.text for g in mine)
    if words.apology.search(stock) and not _apologises_elsewhere(scene, seg, words):
        sorry = words.sorry[Voice.WE if scene.voice is Voice.WE else Voice.I]
        return [_edit(scene, seg.start, seg.end, sorry + prompt("sorry-about", rule.lang) + ".", rule, Source.PLACEHOLDER, exact=True)]
    if words.thanks.search(stock) and not _apologises_elsewhere(scene, seg, words) and not _earlier_in_paragraph(scene, f, seg):
        return [_edit(scene, seg.start, seg.end, prompt("own-words", rule.lang), rule, Source.PLACEHOLDER, exact=True)]
    return [_deletion(scene, seg, rule)]


def _apologises_elsewhere(scene: Scene, seg: Segment, words: _StockWords) -> bool:
    """Whether the body says sorry outside ``seg`` (then a stock apology or thanks just goes)."""
    body = scene.draft.judged
    lo, hi = scene.draft.greeting_end, scene.draft.body_end
    return any(not (seg.start <= m.start() < seg.end) for m in words.apology.finditer(body, lo, hi))


def _deletion(scene: Scene, seg: Segment, rule: Rule) -> Edit:
    """``seg`` deleted with the space that joined it to the text around it."""
    text = scene.text
    if seg.end < len(text) and text[seg.end : seg.end + 1] not in ("\n", ""):
        return _edit(scene, seg.start, seg.end, "", rule)  # the space after goes with it
    gap = seg.start
    while gap > 0 and text[gap - 1] in " \t":
        gap -= 1
    return _edit(scene, gap, seg.end, "", rule)  # the last sentence of its line: the space before goes
