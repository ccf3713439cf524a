"""Strategies that cut: the later apologies of a stack ("…, sorry again for the trouble."), a
closing line that shuts the door ("Ticket closed."), and a verdict on how easy the task is ("Das
ist ganz einfach:", "Più facile di così.", "basta semplicemente"). A sentence goes only when it
says nothing else: an apology that carries news ("I'm sorry that I can't give you a date yet")
stays, and so does a closing inside a sentence that says more."""

from __future__ import annotations

import re

from coach import regexcache
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
    "en": regexcache.compile(r"(?i)(?<![\w'’-])(?:that|because|if|but|as|since|while|I['’]ve|I['’]ll|we['’]ve|we['’]ll)(?![\w'’-])"),
    "de": regexcache.compile(r"(?i)(?<![\w-])(?:dass|weil|wenn|falls|ob|aber|da(?=\s+(?:wir|ich|es|der|die|das|Sie)\b))(?![\w-])"),
    "it": regexcache.compile(r"(?i)(?<![\w'’-])(?:che|perché|poiché|se|ma|però|mentre)(?![\w'’-])"),
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


# Words a verdict may lose inside a sentence ("Klicken Sie einfach auf", "basta semplicemente
# cliccare", "che ovviamente è"); "nur" and "basta" stay ("eigentlich nur" -> "nur").
_VERDICT_WORDS = {
    "de": regexcache.compile(r"(?i)(?<![\w-])(?:ganz\s+|doch\s+)?(?:einfach|eigentlich|natürlich|selbstverständlich)(?![\w-])"),
    "it": regexcache.compile(r"(?i)(?<![\w'’-])(?:semplicemente|ovviamente|banalmente|soltanto|solo|davvero)(?![\w'’-])"),
}
_KEPT = frozenset({"nur", "basta"})
# Italian only: an opener of its own ("Come Lei ben sa, le commissioni ...") goes with its comma;
# German would be left with its verb first ("Wie Sie wissen, können Sie ..." -> "Können Sie ...").
_OPENER_WITH_COMMA = {"it": regexcache.compile(r"[ \t]*,[ \t]*")}
# Findings that are verdicts or reproaches: a sentence made only of them says nothing else.
_VERDICTS = frozenset({"empathetic.condescending", "empathetic.easy-claim", "empathetic.dismissive"})
_UP_TO_COLON = regexcache.compile(r"[^.!?:\n]*:[ \t]*")


def cut_verdict(scene: Scene, f: Finding, rule: Rule) -> list[Edit]:
    """A verdict on how easy the task is goes: a sentence (or the run-up to a colon) that says
    nothing else, an Italian opener with its comma, or the verdict's adverb inside a sentence."""
    words = _VERDICT_WORDS.get(rule.lang)
    seg = scene.sentence_at(f.span[0])
    if words is None or seg is None or touches_facts(scene.draft, f.span[0], f.span[1]):
        return []
    colon = _UP_TO_COLON.match(scene.text, seg.start)
    for end in ([colon.end()] if colon and colon.end() <= seg.end and colon.end() > f.span[1] else []) + [seg.end]:
        if _says_nothing_else(scene, seg.start, end):
            if end < seg.end:
                return [scene_edit(scene, seg.start, end, "", rule)]
            return [] if touches_facts(scene.draft, seg.start, seg.end) else [_cut(scene, seg, rule)]
    tail = _closing_clause(scene, seg, f)
    if tail is not None:
        return [scene_edit(scene, tail, seg.end - 1, "", rule)]
    comma = _OPENER_WITH_COMMA.get(rule.lang)
    lead = WORD.findall(scene.text, seg.start, f.span[0])
    if comma and not lead and (m := comma.match(scene.text, f.span[1])):
        return [scene_edit(scene, f.span[0], m.end(), "", rule)]
    left = words.sub(" ", scene.text[f.span[0] : f.span[1]])
    if {w.lower() for w in WORD.findall(left)} - _KEPT:
        return []  # the verdict is the sentence's predicate ("Der Export ist ganz einfach und ...")
    edits = []
    for m in words.finditer(scene.text, f.span[0], f.span[1]):
        if not WORD.search(scene.text, seg.start, m.start()):
            return []  # a sentence that starts with the verdict needs rewording
        start = m.start()
        while start > seg.start and scene.text[start - 1] in " \t":
            start -= 1
        edits.append(scene_edit(scene, start, m.end(), "", rule))
    return edits


def _closing_clause(scene: Scene, seg: Segment, f: Finding) -> int | None:
    """Where the comma starts when ``f`` is the clause that closes its sentence ("…, quindi la
    prossima volta La prego di ricordarselo."): at most one linking word before it, two after."""
    if scene.text[seg.end - 1 : seg.end] not in (".", "!") or len(WORD.findall(scene.text, f.span[1], seg.end)) > 2:
        return None
    comma = scene.text.rfind(",", seg.start, f.span[0])
    if comma < 0 or len(WORD.findall(scene.text, comma, f.span[0])) > 1:
        return None
    return comma if len(WORD.findall(scene.text, seg.start, comma)) >= 3 else None


def _says_nothing_else(scene: Scene, start: int, end: int) -> bool:
    """Whether ``start:end`` is verdicts and at most one more word ("Das")."""
    text = scene.text
    verdicts = [g for g in scene.findings if g.rule in _VERDICTS and start <= g.span[0] < end]
    covered = "".join(" " if any(g.span[0] <= i < g.span[1] for g in verdicts) else text[i] for i in range(start, end))
    return bool(verdicts) and len(WORD.findall(covered)) <= 1


def _apologies(scene: Scene, rule: Rule) -> list[tuple[int, int]]:
    """Where the body apologises (the rule's own phrases and patterns), in order."""
    flags = 0 if rule.params.get("case") else re.IGNORECASE
    found = [regexcache.compile(p, flags) for p in rule.params.get("patterns") or ()]
    found += [regexcache.compile(r"(?<![\w'’-])" + re.escape(p) + r"(?![\w'’-])", flags) for p in rule.params.get("phrases") or ()]
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
