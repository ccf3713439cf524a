"""Openers and closers that fit the reply, inside the letter.

An opener goes after the greeting (after an inline one, "Hi Laura, ...", too) and a closer
before the sign-off or the initials ("-Shawn", "^BV", "Rgds, Amit"). Neither is added when the
reply already does its job: an opener when the reply already thanks or apologises, a closer when
it already invites a reply or asks something, or needs none (it closes a resolved thread, or the
customer only said thanks). The words come from the rule's template, in the reply's voice and
for its situation (an upset customer, a question answered, an action taken).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from coach import regexcache
from coach.draft.clean import CleanDraft
from coach.model import Context, Finding
from coach.check.revise.edits import Edit, Source
from coach.check.revise.placeholders import holds, prompt
from coach.check.revise.voice import voice_of
from coach.rules import Rule

Render = Callable[[str, Mapping[str, Any]], str]


class Situation(Enum):
    """What the reply answers, for choosing an opener and a closer."""

    UPSET = "upset"  # the customer is upset or under pressure
    PROBLEM = "problem"  # the customer reports something that does not work
    QUESTION = "question"  # the customer asked something
    ACTION = "action"  # the reply reports something done
    GENERAL = "general"


_INLINE_GREETING = regexcache.compile(
    r"(?:hi|hello|hey|hiya|dear|good[ \t]+(?:morning|afternoon|evening))(?:[ \t]+[A-Z][\w'’-]*){0,2}[ \t]*[,!][ \t]*(?=\S)",
    re.I,
)
# Lines that end a letter and that coach.draft.letter may not know: "-Shawn", "^BV", "/RB", "– Marta",
# "Rgds, Amit", "Thanks - Ian", "BV".
_SIGNOFF = regexcache.compile(
    r"[ \t]*(?:[-–—~^/][ \t]*[A-Za-z][\w.]{0,20}(?:[ \t]+[A-Za-z][\w.]{0,20})?"
    r"|[A-Z]{2,3}"
    r"|(?i:rgds|regards|best|cheers|thanks|thank[ \t]+you|thx|ta|kind[ \t]+regards|best[ \t]+regards|all[ \t]+the[ \t]+best)"
    r"(?:[ \t]*[,!.\-–—][ \t]*[A-Z][\w.]{0,20}(?:[ \t]+[A-Z][\w.]{0,20})?)?[ \t]*[,!.]?)[ \t]*"
)
_ACKNOWLEDGED = regexcache.compile(
    r"(?i)\b(?:thanks?|thank[ \t]+you|sorry|apolog\w*|appreciate\w*|I[ \t]+understand|I[ \t]+can[ \t]+see"
    r"|I[ \t]+know[ \t]+how|I[ \t]+hear[ \t]+you|glad[ \t]+(?:you|to[ \t]+help)|happy[ \t]+to[ \t]+help|great[ \t]+question"
    r"|good[ \t]+question|welcome"
    r"|danke|vielen[ \t]+dank|entschuldig\w*|tut[ \t]+(?:mir|uns)[ \t]+leid|grazie|scus\w*|mi[ \t]+dispiace|ci[ \t]+dispiace)\b"
)
# What acknowledges an upset customer: not a stock "thank you for your email", but words about them.
_EMPATHY = regexcache.compile(
    r"(?i)\b(?:sorry|apolog\w*|I[ \t]+understand|I[ \t]+can[ \t]+see|I[ \t]+know[ \t]+how|I[ \t]+hear[ \t]+you|frustrat\w*"
    r"|entschuldig\w*|tut[ \t]+(?:mir|uns)[ \t]+leid|scus\w*|mi[ \t]+dispiace|ci[ \t]+dispiace)\b"
)
_INVITED = regexcache.compile(
    r"(?i)\?|\b(?:let[ \t]+(?:me|us)[ \t]+know|reply|respond|write[ \t]+back|get[ \t]+back[ \t]+to|reach[ \t]+out|feel[ \t]+free"
    r"|any[ \t]+(?:other[ \t]+|more[ \t]+|further[ \t]+)?questions|happy[ \t]+to[ \t]+help|here[ \t]+to[ \t]+help|get[ \t]+in[ \t]+touch"
    r"|contact[ \t]+(?:me|us)|keep[ \t]+(?:me|you)[ \t]+posted|shout|ping[ \t]+(?:me|us)|drop[ \t]+(?:me|us)"
    r"|(?:please|could[ \t]+you|can[ \t]+you|would[ \t]+you)[ \t]+(?:send|share|forward|tell|confirm|check|try)"
    r"|send[ \t]+(?:me|us)|tell[ \t]+(?:me|us)"
    r"|melden[ \t]+Sie[ \t]+sich|schreiben[ \t]+Sie|antworten[ \t]+Sie|mi[ \t]+scriva|ci[ \t]+scriva|mi[ \t]+faccia[ \t]+sapere"
    r"|resto[ \t]+a[ \t]+disposizione|restiamo[ \t]+a[ \t]+disposizione"
    r"|I['’]ll[ \t]+(?:update|follow[ \t]+up|check[ \t]+back|be[ \t]+in[ \t]+touch|let[ \t]+you[ \t]+know)"
    r"|we['’]ll[ \t]+(?:update|follow[ \t]+up|be[ \t]+in[ \t]+touch|let[ \t]+you[ \t]+know))\b"
)
_RESOLVED = regexcache.compile(
    r"(?i)\b(?:glad|great|good|happy)[ \t]+to[ \t]+hear\b|\bhave[ \t]+a[ \t]+(?:lovely|great|good|nice|wonderful)[ \t]+"
    r"(?:day|weekend|evening|week|trip|holiday)\b|\benjoy\b|\bglad[ \t]+(?:that|it)[ \t]+(?:sorted|worked|helped|fixed)"
)
_THANKS_ONLY = regexcache.compile(
    r"(?i)^\W*(?:(?:thanks?|thank[ \t]+you|cheers|many[ \t]+thanks|perfect|great|brilliant|awesome|all[ \t]+(?:good|sorted)|it[ \t]+works|that[ \t]+worked|sorted)\b[^?]{0,160})$"
)
_UPSET = regexcache.compile(
    r"(?i)frustrat|annoy|angry|furious|upset|useless|ridiculous|unacceptable|terrible|awful|disappoint|worr|stress|"
    r"urgent|asap|deadline|waste|fed[ \t]+up|can['’]?t[ \t]+believe|still[ \t]+(?:not|no|doesn|isn|can|don|haven|hasn|waiting)|again|"
    r"charged[ \t]+twice|lost|panic|scam|fraud|embarrass|\bmad\b|shak|scared|afraid|missed|ruined|broken|arrived[ \t]+damaged|"
    r"nobody|no[ \t]+one|third[ \t]+time|please[ \t]+help|losing|complain|unauthori[sz]ed|refund[ \t]+me|"
    r"I[ \t]+want[ \t]+a|tomorrow!|today!|!{2,}|(?-i:\b[A-Z]{4,}\b[^a-z]{0,40}\b[A-Z]{4,}\b)"
)
_PROBLEM = regexcache.compile(
    r"(?i)\b(?:error|wrong|not[ \t]+working|doesn['’]?t[ \t]+work|isn['’]?t[ \t]+working|won['’]?t|can['’]?t|cannot|couldn['’]?t"
    r"|broken|crash\w*|fail\w*|missing|slow|stuck|no[ \t]+(?:internet|signal|service|access)|down|locked|declined"
    r"|disappeared|vanished|haven['’]?t[ \t]+(?:received|got)|didn['’]?t[ \t]+(?:get|receive|arrive))\b"
)
# Time pressure in the customer's message: a deadline, a trip, "today".
_PRESSED = regexcache.compile(
    r"(?i)\b(?:deadline|urgent|asap|today|tonight|tomorrow|presentation|launch|payday|rent[ \t]+is[ \t]+due"
    r"|(?:fly|flying|leave|leaving)[ \t]+(?:in|on|tomorrow)|in[ \t]+\d+[ \t]+(?:hours?|days?)|by[ \t]+\d{1,2}(?::\d\d)?[ \t]*(?:am|pm))\b"
)
_ASKS = regexcache.compile(r"(?i)\s*(?:hi\b[^,]{0,20},\s*)?(?:when|what|how|why|where|who|which|can|could|is|are|do|does|will|would)\b")
_ACTION = regexcache.compile(r"(?i)\b(?:I['’]ve|I[ \t]+have|we['’]ve|we[ \t]+have|has[ \t]+been|have[ \t]+been|is[ \t]+now|are[ \t]+now)\b")


@dataclass(frozen=True)
class Frame:
    """Where the letter's body starts and ends, as far as an opener and a closer are concerned."""

    opener_at: int  # where an opener goes
    inline_greeting: bool  # the body starts on the greeting's line ("Hi Alex, yes, ...")
    closer_at: int  # where a closer goes (after the body's last sentence)


def frame(draft: CleanDraft) -> Frame:
    text = draft.plain
    start = _skip_space(text, draft.greeting_end, draft.body_end)
    # coach.draft.letter may end the greeting mid-line ("Hi Laura, thanks for ..."); else look for one here.
    inline = draft.greeting_end > 0 and "\n" not in text[draft.greeting_end - 1 : start]
    if draft.greeting_end == 0:
        m = _INLINE_GREETING.match(text, start, draft.body_end)
        if m and "\n" not in text[start : m.end()]:
            start, inline = m.end(), True
    end = draft.body_end
    while True:
        line_start = text.rfind("\n", 0, end) + 1
        if line_start <= start or not _SIGNOFF.fullmatch(text, line_start, end):
            break
        end = len(text[:line_start].rstrip())
    return Frame(start, inline, max(start, end))


def _skip_space(text: str, i: int, stop: int) -> int:
    while i < stop and text[i].isspace():
        i += 1
    return i


def situation(draft: CleanDraft, context: Context, body: str) -> Situation:
    customer = context.customer_message or context.subject or ""
    if _UPSET.search(customer):
        return Situation.UPSET
    if _ASKS.match(customer):  # "How do I ...? Can't find it." is a question first
        return Situation.QUESTION
    if _PROBLEM.search(customer):
        return Situation.PROBLEM
    if "?" in customer:
        return Situation.QUESTION
    if context.customer_message and _ACTION.search(body):  # "thanks for letting me know" needs a message
        return Situation.ACTION
    return Situation.GENERAL


def template_vars(draft: CleanDraft, context: Context) -> dict[str, Any]:
    """The variables a revision template gets (documented in the templates)."""
    name = (context.customer_name or "").split()
    body = draft.plain[draft.greeting_end : draft.body_end]
    return {
        "customer_name": context.customer_name or "",
        "first_name": name[0] if name else "",
        "subject": context.subject or "",
        "has_greeting": draft.greeting_end > 0 or frame(draft).inline_greeting,
        "situation": situation(draft, context, body).value,
        "pressed": bool(_PRESSED.search(context.customer_message or "")),
        "voice": voice_of(body).value,
    }


def letter_edits(
    draft: CleanDraft, findings: tuple[Finding, ...], rules: dict[str, Rule], render: Render, context: Context
) -> list[Edit]:
    """The opener, the closer and the next-step prompt the findings ask for, where they fit."""
    where = frame(draft)
    text = draft.plain
    body = text[where.opener_at : where.closer_at]
    customer = context.customer_message or ""
    thanks_only = bool(customer.strip()) and _THANKS_ONLY.match(customer.strip()) is not None
    variables = template_vars(draft, context)
    said = re.split(r"(?<=[.!?])\s+", text[draft.greeting_end : where.closer_at].strip())
    opening = " ".join(said[:3])
    after_opening = " ".join(said[1:])  # "thanks for taking the time to contact us" invites nothing
    edits: list[Edit] = []
    for f in findings:
        rule = rules.get(f.rule)
        if rule is None:
            continue
        if rule.params.get("fix") == "next-step" and not (holds(text, "next-step", lang=rule.lang) or thanks_only or _RESOLVED.search(body)):
            edits.append(_next_step(text, where, rule))
            continue
        if not rule.template:
            continue
        opener = rule.params.get("scope") == "opening"
        acknowledged = _EMPATHY if variables["situation"] == Situation.UPSET.value else _ACKNOWLEDGED
        if thanks_only or (acknowledged.search(opening) if opener else _INVITED.search(after_opening) or _RESOLVED.search(body)):
            continue  # the reply already does it, or needs none
        snippet = " ".join(render(rule.template, variables).split())
        if snippet and opener:
            edits.append(_opener(text, where, snippet, rule))
        elif snippet:
            edits.append(Edit(where.closer_at, where.closer_at, "\n\n" + snippet, rule.id, "", Source.LETTER))
    return _once_per_rule(edits)


def _next_step(text: str, where: Frame, rule: Rule) -> Edit:
    """The next-step prompt: at the end of the body, or before its closing invitation."""
    last = text.rfind("\n\n", where.opener_at, where.closer_at)
    if last > where.opener_at:
        closing = text[last:where.closer_at]
        if len(closing.split()) <= 30 and _INVITED.search(closing):
            at = last + 2
            return Edit(at, at, prompt("next-step", rule.lang) + "\n\n", rule.id, "", Source.PLACEHOLDER)
    return Edit(where.closer_at, where.closer_at, "\n\n" + prompt("next-step", rule.lang), rule.id, "", Source.PLACEHOLDER)


def _opener(text: str, where: Frame, snippet: str, rule: Rule) -> Edit:
    at = where.opener_at
    if not where.inline_greeting:
        # The opener keeps its case ("Gentile signora Riva,\n\ngrazie per ..."); the body after it
        # starts a sentence of its own ("la carta ..." -> "La carta ...").
        return Edit(at, at, snippet + "\n\n", rule.id, "", Source.LETTER, opens_sentence=snippet[-1:] in ".!")
    # "Hi Alex, yes, ..." -> "Hi Alex,\n\nThanks for ....\n\nYes, ...": the greeting gets its own line.
    gap = at
    while gap > 0 and text[gap - 1] in " \t":
        gap -= 1
    first = text[at : at + 1]
    return Edit(gap, at + 1, "\n\n" + snippet + "\n\n" + first.upper(), rule.id, text[gap : at + 1], Source.LETTER, True)


def _once_per_rule(edits: list[Edit]) -> list[Edit]:
    seen: set[str] = set()
    out = []
    for e in edits:
        if e.rule not in seen:
            seen.add(e.rule)
            out.append(e)
    return out
