"""Placeholders: visible square-bracket prompts for what only the trainee knows.

coach cannot know the next step, the time, the exact article or what can be offered instead,
so the revision says where it is missing ("[when exactly, e.g. “by 3pm tomorrow”]"). Each prompt
belongs to one fix strategy; a revision that still holds one is listed with the rule that asked
for it, so the buddy sees what is left to fill (and the revision is never ready as it is).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from dataclasses import replace

from coach import regexcache
from coach.draft.clean import CleanDraft, Ignored
from coach.model import Placeholder
from coach.rules import Rule

# strategy -> the prompt it leaves in the revision (examples in curly quotes: the cleaner masks
# quoted words, so an example is never judged as the trainee's own text). A prompt that stands
# for a sentence ends with ".]", so it is a sentence of its own.
PROMPTS: dict[str, str] = {
    "when": "[when exactly, e.g. “by 3pm tomorrow” or “within 2 business days”]",
    "next-step": "[Next step: what you have done, or what happens next and when, e.g. “I've refunded the charge” or “I'll update you by 3pm tomorrow”.]",
    "exact-answer": "[the exact answer, or a link to the exact section]",
    "lead-with-can": "[Lead with your offer instead, e.g. “I can …”.]",
    "reason": "[the reason, in plain words]",
    "neutral-account": "[Say what happened without saying who got it wrong, e.g. “The form wasn't in the parcel, so the warehouse couldn't match it”.]",
    "own-words": "[One sentence about this customer's problem, in your own words, e.g. “I'm sorry the mug arrived cracked”.]",
    "sorry-about": "[about what, in this customer's terms, e.g. “the mug arrived cracked”]",
    "impact": "[Start from what this meant for the customer, e.g. “Losing three days of progress is awful”.]",
    "plain-words": "[The same in plain words, for a reader who is not technical.]",
    "owner-and-time": "[Who does what next, and by when, e.g. “Ana in billing will email you by 3pm tomorrow”.]",
    "field": "[fill in what this macro field should say]",
    "name-field": "[customer's name]",
    "explain-again": "[Explain it again without saying it was said before, e.g. “You can also pay by bank transfer”.]",
    "explain-code": "[What this error means for the customer, in plain words, e.g. “The report could not find your language setting”.]",
}
# The same prompts in German (Sie-form) and Italian (Lei-form): a revision speaks the draft's language.
# Examples in „…“ / «…»: the cleaner masks quoted words in those languages too.
_DE: dict[str, str] = {
    "when": "[wann genau, z. B. „bis morgen 15 Uhr“ oder „innerhalb von 2 Werktagen“]",
    "next-step": "[Nächster Schritt: was passiert jetzt, wer tut es, bis wann, z. B. „Ich melde mich bis Freitag“.]",
    "exact-answer": "[die genaue Antwort oder ein Link auf den genauen Abschnitt]",
    "lead-with-can": "[Beginnen Sie mit dem, was Sie anbieten können, z. B. „Ich kann …“.]",
    "reason": "[der Grund, in einfachen Worten]",
    "neutral-account": "[Sagen Sie, was passiert ist, ohne zu sagen, wer den Fehler gemacht hat, z. B. „Das Formular lag nicht im Paket“.]",
    "own-words": "[Ein Satz zum Anliegen dieses Kunden, in eigenen Worten, z. B. „Es tut mir leid, dass die Tasse zerbrochen ankam“.]",
    "sorry-about": "[worüber, in den Worten des Kunden, z. B. „dass die Tasse zerbrochen ankam“]",
    "impact": "[Beginnen Sie damit, was das für den Kunden bedeutet hat, z. B. „Drei Tage Arbeit zu verlieren ist ärgerlich“.]",
    "plain-words": "[Dasselbe in einfachen Worten, für Leser ohne Fachwissen.]",
    "owner-and-time": "[Wer tut was als Nächstes, und bis wann, z. B. „Frau Berger aus der Buchhaltung schreibt Ihnen bis Freitag“.]",
    "field": "[hier eintragen, was in diesem Makrofeld stehen soll]",
    "name-field": "[Name der Kundin / des Kunden]",
    "explain-again": "[Erklären Sie es noch einmal, ohne zu sagen, dass es schon erwähnt wurde oder bekannt sein müsste, z. B. „Sie können auch per Überweisung zahlen“.]",
    "explain-code": "[Was dieser Fehler für den Kunden bedeutet, in einfachen Worten, z. B. „Der Bericht konnte Ihre Spracheinstellung nicht lesen“.]",
}
_IT: dict[str, str] = {
    "when": "[quando esattamente, es. «entro domani alle 15» o «entro 2 giorni lavorativi»]",
    "next-step": "[Prossimo passo: cosa succede ora, chi lo fa e entro quando, es. «La ricontatto entro venerdì».]",
    "exact-answer": "[la risposta esatta, o il link alla sezione esatta]",
    "lead-with-can": "[Cominci da ciò che può offrire, es. «Posso …».]",
    "reason": "[il motivo, in parole semplici]",
    "neutral-account": "[Dica cosa è successo senza dire chi ha sbagliato, es. «Il modulo non era nel pacco».]",
    "own-words": "[Una frase sul problema di questo cliente, con parole sue, es. «Mi dispiace che la tazza sia arrivata rotta».]",
    "sorry-about": "[per cosa, con le parole del cliente, es. «che la tazza sia arrivata rotta»]",
    "impact": "[Cominci da cosa ha significato per il cliente, es. «Perdere tre giorni di lavoro è pesante».]",
    "plain-words": "[Lo stesso in parole semplici, per chi non è tecnico.]",
    "owner-and-time": "[Chi fa cosa adesso, e entro quando, es. «Anna dell'amministrazione le scriverà entro venerdì».]",
    "field": "[inserisca qui ciò che questo campo della macro deve dire]",
    "name-field": "[nome del cliente]",
    "explain-again": "[Lo spieghi di nuovo senza dire che era già stato detto, es. «Può pagare anche con un bonifico».]",
    "explain-code": "[Cosa significa questo errore per il cliente, in parole semplici, es. «Il report non trovava la lingua impostata».]",
}
PROMPTS_BY_LANG: dict[str, dict[str, str]] = {"en": PROMPTS, "de": _DE, "it": _IT}
assert all(set(p) == set(PROMPTS) for p in PROMPTS_BY_LANG.values()), "every language has every prompt"
# No "?" in a prompt: the letter reads "?" as a reply that already asks the customer something.
assert not any("?" in p for prompts in PROMPTS_BY_LANG.values() for p in prompts.values())
# A prompt that belongs to a strategy with another name ("reason" is part of lead-with-can).
_OWNER = {"reason": "lead-with-can", "sorry-about": "own-words", "impact": "impact-first"}
ANY = regexcache.compile(r"\[[^\[\]\n]{3,300}\]")  # any square-bracket prompt, coach's or the trainee's
_ALL = {p: name for prompts in PROMPTS_BY_LANG.values() for name, p in prompts.items()}
_FIND = regexcache.compile("|".join(re.escape(p) for p in sorted(_ALL, key=len, reverse=True)))


def masked(draft: CleanDraft) -> CleanDraft:
    """``draft`` with coach's prompts masked like quoted words: rules judge the trainee's text,
    and a prompt is not that yet (its "what you can do" is no next step)."""
    found = [(m.start(), m.end()) for m in _FIND.finditer(draft.plain)]
    if not found:
        return draft
    judged = draft.judged
    for start, end in found:
        judged = judged[:start] + " " * (end - start) + judged[end:]
    regions = [r for r in draft.ignored if not any(s <= r.start and r.end <= e for s, e in found)]
    regions += [Ignored(s, e, "placeholder") for s, e in found if not any(r.start <= s < r.end for r in regions)]
    return replace(draft, judged=judged, ignored=tuple(sorted(regions, key=lambda r: (r.start, r.end))))


def has_prompts(text: str) -> bool:
    """Whether ``text`` (a revision, or the text of a review note's ``<pre>``) still holds one of
    coach's prompts: such a revision must never be sent to a customer as it is."""
    return _FIND.search(text) is not None


def prompt(name: str, lang: str = "en") -> str:
    """The prompt ``name`` in ``lang`` (a rule set's language; English for one coach has no prompts in)."""
    return PROMPTS_BY_LANG.get(lang, PROMPTS)[name]


def holds(text: str, name: str, start: int = 0, end: int | None = None, lang: str = "en") -> bool:
    """Whether ``text[start:end]`` already holds the prompt ``name`` (in ``lang``)."""
    return text.find(prompt(name, lang), start, len(text) if end is None else end) >= 0


def placeholders_in(text: str, rules: Iterable[Rule], made: Iterable[tuple[str, str]] = ()) -> tuple[Placeholder, ...]:
    """Every prompt left in ``text``, with the rule that asked for it: the rule of the change that
    wrote it (``made``: (rule id, text written) pairs), else the first rule whose fix strategy leaves it."""
    by_strategy = {}
    for rule in rules:
        fix = rule.params.get("fix")
        if fix and fix not in by_strategy:
            by_strategy[fix] = rule.id
    by_text = {p: _OWNER.get(name, name) for p, name in _ALL.items()}
    writers: dict[str, list[str]] = {}
    for rule_id, written in made:
        for m in _FIND.finditer(written):
            writers.setdefault(m.group(), []).append(rule_id)
    found = []
    for m in _FIND.finditer(text):
        strategy = by_text[m.group()]
        mine = writers.get(m.group())
        rule_id = mine.pop(0) if mine else by_strategy.get(strategy, strategy)
        found.append(Placeholder(rule_id, m.group(), m.start()))
    return tuple(found)
