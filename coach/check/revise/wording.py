"""Strategies that change words: capitals to sentence case, stacked hedges into one plain
statement, blame into a general tip, a refusal that leads with what can be done, a pointer to
the docs made exact, a vague time made a prompt. Where coach cannot know the words (the offer,
the neutral account, the link, the time) the edit is a placeholder prompt."""

from __future__ import annotations

import re

from coach import regexcache
from coach.model import Finding
from coach.check.revise.edits import Edit, Source, capitalize_first, starts_sentence
from coach.check.revise.phrases import touches_facts
from coach.check.revise.placeholders import holds, prompt
from coach.check.revise.scene import WORD
from coach.check.revise.scene import WORD as _WORD
from coach.check.revise.scene import Scene
from coach.check.revise.scene import scene_edit as _edit
from coach.rules import Rule
from coach.draft.text import Segment

# --------------------------------------------------------------------------- capitals

# Short words written in capitals for emphasis; other short capitalised words are acronyms (SSO, API).
_EMPHASIS = {
    "en": frozenset(
        """YOU YOUR YOURS MUST NOT ALL ONLY NOW DO DONT DON'T DON’T CAN CANT CAN'T CAN’T WONT WON'T WON’T NO ANY
        NEVER THE AND FOR ARE IS IT TO OF IN ON AT BE WE OR IF SO UP ME MY US OUR WILL THIS THAT WITH FROM HAVE
        HAS WAS GET SET PLEASE READ NOTE STOP SEND JUST VERY AGAIN ASAP""".split()
    ),
    "it": frozenset(
        """NON MAI SOLO ORA OGGI NO SÌ SI È E O I IL LA LO LE GLI UN UNA DI DA IN CON SU PER TRA FRA DEL DELLA
        DEI DAL AL ALLA NEL NELLA CHE MA SE LEI SUO SUA VA HA HO BEN PIÙ ZERO DEVE DOPO ENTRO TUTTO TUTTI""".split()
    ),
}
# German capitalises nouns, so a shouted German word can only be written again when it is known not to
# be a noun (these go lower case) or to be the formal address (these keep their capital); a run
# with any other word keeps its advice.
_GERMAN_LOWER = frozenset(
    """ACHTUNG WICHTIG HINWEIS VORSICHT BEACHTEN UNBEDINGT DRINGEND SOFORT ZWINGEND AUSSCHLIESSLICH AUSSCHLIEßLICH
    AUSNAHMSLOS KEINESFALLS NIEMALS NICHT NIE NUR KEIN KEINE KEINEN KEINER MUSS MÜSSEN IMMER ALLE ALLES JETZT BITTE
    VOR BIS SPÄTESTENS INNERHALB HEUTE DOCH ERST GANZ SEHR SONST NOCH MEHR ENDLICH SELBST RICHTIG FALSCH GENAU
    DEFINITIV KOSTENLOS GESPERRT GELÖSCHT VERBOTEN DER DIE DAS DEN DEM DES EIN EINE EINEN EINEM UND ODER ABER MIT
    VON ZU ZUM ZUR AUF IM AN AM FÜR IST SIND WIRD WERDEN KANN KÖNNEN DARF DÜRFEN SOLL SOLLTEN ES DIES DIESE DIESEN
    WIR ICH AUCH SO WIE ALS WENN DASS WEITER WEITERGEBEN ÄNDERN LESEN SENDEN SCHICKEN GEBEN LÖSCHEN ANTWORTEN
    KLICKEN ÖFFNEN WARTEN ZAHLEN BEZAHLEN KÜNDIGEN TEILEN HIER DORT HABEN HAT HABE BEI NACH OHNE GEGEN""".split()
)
_GERMAN_ADDRESS = frozenset("SIE IHR IHRE IHREN IHREM IHRER IHNEN".split())
# Nouns support replies shout ("ÄNDERN SIE DIE EINSTELLUNGEN NICHT"): they keep a capital.
_GERMAN_NOUNS = frozenset(
    """EINSTELLUNGEN EINSTELLUNG KONTO PASSWORT KENNWORT CODE DATEN ZUGANGSDATEN RECHNUNG BESTELLUNG ZAHLUNG
    FRIST TERMIN GERÄT APP KARTE ADRESSE NACHRICHT LINK DATEI ANLEITUNG VERTRAG KÜNDIGUNG""".split()
)
_CAPS_WORD = regexcache.compile(r"[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þß'’]*")


def sentence_case(scene: Scene, f: Finding, rule: Rule) -> list[Edit]:
    """"YOU MUST NOT CHANGE THE SETTINGS" -> "You must not change the settings" (acronyms kept);
    German only where every shouted word is known (no noun can lose its capital)."""
    start, end = f.span
    keep = set(rule.params.get("exceptions") or ())
    original = scene.text[start:end]
    emphasis = _EMPHASIS.get(rule.lang, frozenset())
    if rule.lang == "de":
        words = {w for w in _CAPS_WORD.findall(original) if w not in keep}
        if words - _GERMAN_LOWER - _GERMAN_ADDRESS - _GERMAN_NOUNS:
            return []

    def lower(m: re.Match[str]) -> str:
        word = m.group()
        if rule.lang == "de":
            return word if word in keep else word.capitalize() if word in _GERMAN_ADDRESS | _GERMAN_NOUNS else word.lower()
        if word in keep or (word == "I" and rule.lang == "en") or (len(word) <= 4 and word not in emphasis):
            return word
        return word.lower()

    after = _CAPS_WORD.sub(lower, original)
    if after == original:
        return []
    if starts_sentence(scene.text, start):
        after = capitalize_first(after)
    return [_edit(scene, start, end, after, rule, exact=True)]


# --------------------------------------------------------------------------- wording

_HEDGE_THAT = regexcache.compile(r"[ \t]+that\b")
# Hedges that can go without the sentence noticing ("I think", "maybe", "might possibly" -> "might"),
# per language. German adverbs go only inside a sentence ("Vielleicht hilft es" needs its first word:
# the verb comes second), "ich glaube," only where it opens one; Italian "credo che" / "sembra che"
# govern a subjunctive and stay.
_REMOVABLE_HEDGE = {
    "en": regexcache.compile(
        r"(?i)I(?:[ \t]+|['’]m[ \t]+)?(?:think|believe|guess|suppose|reckon)|maybe|perhaps|possibly|probably"
        r"|(?:might|may|could)[ \t]+possibly|it[ \t]+(?:seems|appears|would[ \t]+seem)(?:[ \t]+that)?|sort[ \t]+of|kind[ \t]+of"
        r"|I['’]m[ \t]+not[ \t]+sure[ \t]+but"
    ),
    "de": regexcache.compile(
        r"(?i)vielleicht|eventuell|möglicherweise|vermutlich|wahrscheinlich|womöglich|unter[ \t]+umständen"
        r"|anscheinend|scheinbar|gewissermaßen|irgendwie|quasi"
    ),
    "it": regexcache.compile(
        r"(?i)forse|magari|probabilmente|presumibilmente|teoricamente|in[ \t]+teoria|a[ \t]+quanto[ \t]+pare"
        r"|più[ \t]+o[ \t]+meno|in[ \t]+linea[ \t]+di[ \t]+massima"
    ),
}
_GERMAN_OPENING_HEDGE = regexcache.compile(r"(?i)(?:ich|wir) (?:glaube|glauben|denke|denken|vermute|vermuten)")
_THAT_CLAUSE = regexcache.compile(r",[ \t]*(?:dass|ob)\b")  # "Ich glaube, dass ..." has no sentence without it
# A German doubt opening its sentence before "aber" goes with it: the main clause after "aber" keeps its
# word order ("Ich bin mir nicht ganz sicher, aber ich glaube, ..." -> "Ich glaube, ...").
_LEADING_HEDGE = {
    "de": regexcache.compile(r"(?i)ich[ \t]+bin[ \t]+mir[ \t]+(?:da[ \t]+)?nicht[ \t]+(?:ganz[ \t]+|hundertprozentig[ \t]+)?sicher,[ \t]+aber[ \t]+"),
}


# A hedge closing its sentence after a comma goes with the comma ("..., soweit ich weiß.").
_TRAILING_HEDGE = {
    "de": regexcache.compile(r"(?i)soweit ich (?:das )?(?:weiß|sehe)|wenn ich mich nicht irre|meines wissens"),
    "it": regexcache.compile(
        r"(?i)se non sbaglio|se non ricordo male|a quanto pare|in teoria|in linea di massima"
        r"|non ne sono (?:del tutto |completamente |proprio )?sicur[oa]|non (?:posso|possiamo) garantirlo"
    ),
}
# ... and with the word that links it ("..., anche se non ne sono sicuro.", "..., ma non posso garantirlo.").
_TRAILING_LINK = {"it": regexcache.compile(r"(?i)(?:anche[ \t]+se|ma|però)[ \t]+$")}
_CLOSES_SENTENCE = regexcache.compile(r"[ \t]*[.!?]")


def _trailing(scene: Scene, g: Finding, lang: str) -> int | None:
    """Where the comma before a closing hedge ``g`` starts (None: no such hedge)."""
    rx = _TRAILING_HEDGE.get(lang)
    if rx is None or not rx.fullmatch(" ".join(g.text.split())) or not _CLOSES_SENTENCE.match(scene.text, g.span[1]):
        return None
    before = scene.text[: g.span[0]]
    link = _TRAILING_LINK.get(lang)
    m = link.search(before, max(0, len(before) - 12)) if link else None
    before = (before[: m.start()] if m else before).rstrip(" \t")
    return len(before) - 1 if before.endswith(",") else None


def _removable(scene: Scene, g: Finding, lang: str) -> bool:
    """Whether the hedge ``g`` can go without breaking its sentence (see ``_REMOVABLE_HEDGE``)."""
    text = " ".join(g.text.split())
    opens = starts_sentence(scene.text, g.span[0])
    if lang == "de" and opens and _GERMAN_OPENING_HEDGE.fullmatch(text) and scene.text.startswith(",", g.span[1]):
        return not _THAT_CLAUSE.match(scene.text, g.span[1])  # "Ich glaube, der Export ..." -> "Der Export ..."
    rx = _REMOVABLE_HEDGE.get(lang)
    if rx is None or not rx.fullmatch(text):
        return False
    return not (lang == "de" and opens)


def plain_statement(scene: Scene, f: Finding, rule: Rule) -> list[Edit]:
    """Stacked hedges ("I think that maybe it might...") into one plain statement: drop them all
    when two or more stand in one sentence; a single one only when it closes its sentence and the
    reply's hedges stack ("…, soweit ich weiß."); other single hedges keep their advice."""
    seg = scene.sentence_at(f.span[0])
    if seg is None:
        return []
    mine = [g for g in scene.findings if g.rule == f.rule and seg.start <= g.span[0] < seg.end]
    if len(mine) == 1 and f.severity != "info":  # alone in its sentence, but stacked in the reply
        comma = _trailing(scene, f, rule.lang)  # "…, soweit ich weiß." goes with its comma
        return [] if comma is None else [_edit(scene, comma, f.span[1], "", rule)]
    if len(mine) < 2 or mine[0] is not f:
        return []
    edits = []
    # "I'm not 100% sure" is no phrase to cut: it stays, with its advice.
    for g in mine:
        leading = _LEADING_HEDGE.get(rule.lang)
        m = leading.match(scene.text, g.span[0]) if leading and starts_sentence(scene.text, g.span[0]) else None
        if m and m.end() >= g.span[1]:
            first = _WORD.match(scene.text, m.start())
            again = _WORD.match(scene.text, m.end())
            if first and again and first.group().lower() == again.group().lower():  # "ich ... aber ich glaube"
                edits.append(_edit(scene, first.end(), again.end(), "", rule))  # keeps the first word's case
            else:
                edits.append(_edit(scene, m.start(), m.end(), "", rule))
            continue
        comma = _trailing(scene, g, rule.lang)
        if comma is not None:
            edits.append(_edit(scene, comma, g.span[1], "", rule))
            continue
        if not _removable(scene, g, rule.lang):
            continue
        start, end = g.span
        words = g.text.lower().split()
        if words[-1] == "possibly" and len(words) == 2:  # "might possibly" keeps its "might"
            start = end - len(g.text.split()[-1])
            start = len(scene.text[:start].rstrip(" \t"))
        m = _HEDGE_THAT.match(scene.text, end)
        if m and words[0] in ("i", "it") and rule.lang == "en":
            end = m.end()
        edits.append(_edit(scene, start, end, "", rule))
    return edits


# "you should have <done> X" becomes the general tip "it helps to <do> X"; the other swaps
# ("you may have missed", "the next step was to") already read as a neutral account.
_SHOULD_HAVE = regexcache.compile(r"(?i)you[ \t]+should(?:[ \t]+have|['’]ve)[ \t]+(?:(?:already|first|just)[ \t]+)?([a-z]+)\b")
_IRREGULAR = {
    "read": "read", "made": "make", "sent": "send", "set": "set", "done": "do", "written": "write", "taken": "take",
    "given": "give", "seen": "see", "gone": "go", "kept": "keep", "left": "leave", "told": "tell", "put": "put",
    "paid": "pay", "bought": "buy", "got": "get", "gotten": "get", "chosen": "choose", "known": "know", "run": "run",
    "come": "come", "found": "find", "spoken": "speak", "held": "hold", "built": "build", "shut": "shut",
    "been": "be", "had": "have", "said": "say", "thought": "think", "brought": "bring", "understood": "understand",
    "used": "use", "added": "add", "cancelled": "cancel", "travelled": "travel", "labelled": "label",
}
_KEEP_AS_IS = regexcache.compile(r"(?:en|er|on|el|it|om|ow|ol)$")  # "opened" -> "open", "entered" -> "enter"
_NEEDS_E = regexcache.compile(r"(?:[^aeiou][aeiou][bcdfgkmnpstvz]|ng|rg|[cuv]|[^aeiou]s|at|ar|ur|ir|iz|ys)$")


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
    m = _SHOULD_HAVE.match(scene.text, start) if rule.lang == "en" else None
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
    return [_edit(scene, seg.start, seg.end, prompt("neutral-account", rule.lang), rule, Source.PLACEHOLDER, exact=True)]


def owner_and_time(scene: Scene, f: Finding, rule: Rule) -> list[Edit]:
    """A status with no owner and no time ("is being looked into") is followed by a prompt for
    who does what next and by when (once a paragraph)."""
    return _prompt_after_sentence(scene, f, rule, "owner-and-time")


def impact_first(scene: Scene, f: Finding, rule: Rule) -> list[Edit]:
    """A reply that plays down what happened ("only affected 2% of players") gets a prompt to
    start from what it meant for this customer, before that sentence (once a paragraph)."""
    return _prompt_before_sentence(scene, f, rule, "impact")


def explain_again(scene: Scene, f: Finding, rule: Rule) -> list[Edit]:
    """A reproach for asking again ("Wie bereits erwähnt, ...") gets a prompt, before its sentence,
    to explain it again without it: in German the opener cannot just go (the verb would come first)."""
    return _prompt_before_sentence(scene, f, rule, "explain-again")


def _prompt_before_sentence(scene: Scene, f: Finding, rule: Rule, name: str) -> list[Edit]:
    seg = scene.sentence_at(f.span[0])
    if seg is None or earlier_in_paragraph(scene, f, seg) or holds(scene.text, name, max(0, seg.start - 300), seg.start, rule.lang):
        return []
    first = next(g for g in scene.findings if g.rule == f.rule and seg.start <= g.span[0] < seg.end)
    if first is not f:
        return []
    text = scene.text
    if text[seg.start : seg.start + 1].islower():
        # the body's first word after "Hallo Frau Becker," is lower case; with a prompt before it
        # the sentence starts again, so it takes its capital ("[...] Wie bereits ...")
        before = prompt(name, rule.lang) + " " + text[seg.start].upper()
        return [_edit(scene, seg.start, seg.start + 1, before, rule, Source.PLACEHOLDER)]
    return [_edit(scene, seg.start, seg.start, prompt(name, rule.lang) + " ", rule, Source.PLACEHOLDER)]


def plain_words(scene: Scene, f: Finding, rule: Rule) -> list[Edit]:
    """Technical terms a customer may not know are followed by a prompt to say it in plain words
    (once a paragraph): only the trainee knows what the customer needs to understand."""
    return _prompt_after_sentence(scene, f, rule, "plain-words")


def _prompt_after_sentence(scene: Scene, f: Finding, rule: Rule, name: str) -> list[Edit]:
    seg = scene.sentence_at(f.span[0])
    if seg is None or scene.text[seg.end - 1 : seg.end] not in (".", "!", "?"):
        return []  # a line of a log or a list item is no sentence to follow
    if earlier_in_paragraph(scene, f, seg) or holds(scene.text, name, seg.end, seg.end + 200, rule.lang):
        return []
    first = next(g for g in scene.findings if g.rule == f.rule and seg.start <= g.span[0] < seg.end)
    if first is not f:
        return []  # one prompt for the sentence
    return [_edit(scene, seg.end, seg.end, " " + prompt(name, rule.lang), rule, Source.PLACEHOLDER)]


def earlier_in_paragraph(scene: Scene, f: Finding, seg: Segment) -> bool:
    """Whether the same rule found something in an earlier sentence of this paragraph."""
    para = scene.text.rfind("\n\n", 0, seg.start) + 1
    return any(g.rule == f.rule and para <= g.span[0] < seg.start for g in scene.findings)


# What may stand before a run-up in its sentence: "I just", "I'm", "This email is to", "Just".
_RUN_UP_LEAD = regexcache.compile(
    r"(?i)[ \t]*(?:(?:I|we)(?:['’]m|['’]re|[ \t]+am|[ \t]+are)?(?:[ \t]+(?:just|only|simply|really))?|just|this[ \t]+(?:e-?mail|message|note)?[ \t]*is(?:[ \t]+just)?[ \t]+to|this[ \t]+is[ \t]+to)?[ \t]*"
)


_CLAUSE_START = regexcache.compile(
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
