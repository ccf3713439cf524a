"""Strategies that cut whole sentences: the later apologies of a stack ("…, sorry again for the
trouble.") and a closing line that shuts the door ("Ticket closed."). A sentence goes only when
it says nothing else: an apology that carries news ("I'm sorry that I can't give you a date yet")
stays, and so does a closing inside a sentence that says more."""

from __future__ import annotations

import re

from coach.model import Finding
from coach.check.revise.edits import Edit
from coach.check.revise.phrases import touches_facts
from coach.check.revise.scene import WORD, Scene, scene_edit
from coach.rules import Rule
from coach.draft.text import Segment

# Words that may come before the apology that opens a stacked one ("Again, sorry ...", "Nochmals
# Entschuldigung ...", "Ancora ci scusiamo ..."), and words that make an apology carry news of its
# own (a "that"/"dass"/"che" clause says what is wrong: the sentence stays).
_LEAD_INS = {
    "en": frozenset("again also and once more so we i am i'm are really very truly".split()),
    "de": frozenset("nochmals nochmal noch einmal auch und bitte ich wir".split()),
    "it": frozenset("ancora e anche di nuovo nuovamente inoltre".split()),
}
_NEWS = {
    "en": re.compile(r"(?i)(?<![\w'’-])(?:that|because|if|but|as|since|while|I['’]ve|I['’]ll|we['’]ve|we['’]ll)(?![\w'’-])"),
    "de": re.compile(r"(?i)(?<![\w-])(?:dass|weil|wenn|falls|ob|aber|da(?=\s+(?:wir|ich|es|der|die|das|Sie)\b))(?![\w-])"),
    "it": re.compile(r"(?i)(?<![\w'’-])(?:che|perché|poiché|se|ma|però|mentre)(?![\w'’-])"),
}


def one_apology(scene: Scene, f: Finding, rule: Rule) -> list[Edit]:
    """Stacked apologies: the first stays; a later sentence that only apologises again goes."""
    lead_ins, news = _LEAD_INS.get(rule.lang), _NEWS.get(rule.lang)
    if lead_ins is None or news is None or next(g for g in scene.findings if g.rule == f.rule) is not f:
        return []  # one finding of the stack makes the edits for all of them
    spans = _apologies(scene, rule)
    if not spans:
        return []
    first = scene.sentence_at(spans[0][0])
    edits = []
    for seg in scene.sentences:
        if first is None or seg.start < first.end or touches_facts(scene.draft, seg.start, seg.end):
            continue
        opening = next((s for s, _ in spans if seg.start <= s < seg.end), None)
        if opening is None or news.search(scene.text, seg.start, seg.end):
            continue
        before = [w.lower() for w in WORD.findall(scene.text, seg.start, opening)]
        if all(w in lead_ins for w in before):
            edits.append(_cut(scene, seg, rule))
    return edits


def drop_closing(scene: Scene, f: Finding, rule: Rule) -> list[Edit]:
    """A sentence that only closes the ticket ("Ticket closed.", "Ticket wird geschlossen.") goes:
    the letter's invitation to write back (follow_up.invitation) takes its place."""
    seg = scene.sentence_at(f.span[0])
    if seg is None or touches_facts(scene.draft, seg.start, seg.end):
        return []
    rest = scene.text[seg.start : f.span[0]] + scene.text[f.span[1] : seg.end]
    if len(WORD.findall(rest)) > 1:
        return []  # the sentence says more than that
    return [_cut(scene, seg, rule)]


def _apologies(scene: Scene, rule: Rule) -> list[tuple[int, int]]:
    """Where the body apologises (the rule's own phrases and patterns), in order."""
    flags = 0 if rule.params.get("case") else re.IGNORECASE
    found = [re.compile(p, flags) for p in rule.params.get("patterns") or ()]
    found += [re.compile(r"(?<![\w'’-])" + re.escape(p) + r"(?![\w'’-])", flags) for p in rule.params.get("phrases") or ()]
    body, lo, hi = scene.draft.judged, scene.draft.greeting_end, scene.draft.body_end
    return sorted({m.span() for r in found for m in r.finditer(body, lo, hi) if m.end() > m.start()})


def _cut(scene: Scene, seg: Segment, rule: Rule) -> Edit:
    """``seg`` deleted with the space that joined it to its neighbours (a sentence alone in its
    paragraph goes with the blank line before it). After an earlier sentence the edit rewrites
    that sentence's last character as it is: a deletion there would read as a cut opener."""
    text = scene.text
    after = seg.end
    while after < len(text) and text[after] in " \t":
        after += 1
    start = seg.start
    while start > scene.draft.greeting_end and text[start - 1] in " \t\n":
        start -= 1
    if start > scene.draft.greeting_end and (after == len(text) or text[after] == "\n" or start == seg.start):
        return scene_edit(scene, start - 1, seg.end, text[start - 1], rule, exact=True)
    while after < len(text) and text[after] in " \t\n":  # the body's first sentence: what follows moves up
        after += 1
    return scene_edit(scene, seg.start, after, "", rule)
