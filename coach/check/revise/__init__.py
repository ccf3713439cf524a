"""The suggested revision: a reply the buddy would send as it is.

Pure: the cleaned draft, its findings, the rules and a template renderer in, a Revision out.
In rounds, each re-checked with the engine (an edit that makes the reply worse is dropped):
1. the findings' own suggestions, where their grammatical context is known to work
   (coach.check.revise.phrases), and the rules' fix strategies (``fix = "..."``, coach.check.revise.strategies)
   that change words; once no more words change, the ones that split sentences and paragraphs;
   again until nothing more applies;
2. the opener, the closer and the next-step prompt, inside the letter (coach.check.revise.openers).
Facts (URLs, e-mail addresses, numbers, code, quoted words, protected terms) are never edited.
Placeholders ("[...]") mark what only the trainee knows. Revising a revision changes nothing.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from coach.draft.clean import CleanDraft
from coach.check.engine import analyse
from coach.rules.kinds.phrases import satisfied
from coach.model import Change, Context, Finding, Revision
from coach.check.revise.edits import Edit
from coach.check.revise.openers import letter_edits, template_vars
from coach.check.revise.phrases import phrase_edits
from coach.check.revise.placeholders import masked, placeholders_in
from coach.check.revise.recheck import Look, Rechecker
from coach.check.revise.strategies import Scene, strategy_edits
from coach.check.revise.voice import voice_of
from coach.rules import Rule, RuleSet

__all__ = ["Render", "diff", "revise", "template_vars"]

Render = Callable[[str, Mapping[str, Any]], str]
"""Renders a revision template (``templates/revision/<name>.txt.j2``) with variables."""

MAX_ROUNDS = 8  # a long sentence may need splitting twice; more rounds than this change nothing


def revise(
    draft: CleanDraft,
    findings: Iterable[Finding],
    rules: RuleSet,
    render: Render,
    context: Context | None = None,
) -> Revision:
    """Build the suggested reply from ``draft.plain``."""
    context = context or Context()
    findings = tuple(findings)
    by_id = {r.id: r for r in rules.rules}
    # Protected terms stay protected in the revision; so do an HTML draft's <code> and <pre>
    # blocks, which its plain text no longer marks as code.
    kept = ("protected", "code") if draft.original != draft.plain else ("protected",)
    protected = tuple(sorted({draft.plain[r.start : r.end].strip() for r in draft.ignored if r.reason in kept} - {""}))
    checker = Rechecker(rules, context, protected)
    # An HTML draft is compared with its plain text checked as plain text: that is what the revision
    # is; a draft that holds coach's prompts (a revision revised again) is checked with them masked.
    as_given = draft.original == draft.plain and masked(draft) is draft
    look = checker.look(draft.plain, draft, findings) if as_given else checker.look(draft.plain)
    if draft.original == draft.plain:
        draft, findings = look.draft, look.findings
    checker.floor = Counter(f.rule for f in look.findings if f.rule in by_id and by_id[f.rule].kind == "required")
    voice = voice_of(draft.plain[draft.greeting_end : draft.body_end])
    fixed_by_strategy = frozenset(r.id for r in rules.rules if r.params.get("fix"))
    # A long sentence split into two that are still long is progress (the next round splits again);
    # so is one whose technical terms now count in two sentences (a split adds no term).
    splitting = frozenset(r.id for r in rules.rules if r.params.get("fix") == "split-sentence" or r.kind == "jargon")
    changes: list[Change] = []
    current_draft, current_findings = draft, findings  # round 1 edits the draft as given (its masks)
    for _ in range(MAX_ROUNDS):
        scene = Scene(current_draft, current_findings, voice, (context.customer_name or "").strip())
        words = phrase_edits(current_draft, current_findings, voice, fixed_by_strategy)
        kept, after = checker.select(look, words + strategy_edits(scene, by_id, structural=False))
        if not kept:  # sentences and paragraphs are rebuilt once their words are final
            kept, after = checker.select(look, strategy_edits(scene, by_id, structural=True), splitting)
        if not kept:
            break
        changes += _changes(kept)
        look = after
        current_draft, current_findings = look.draft, look.findings
    needs = look.findings + _still_missing(look, findings, by_id, context)
    edits = letter_edits(look.draft, needs, by_id, render, context)
    kept, look = checker.select(look, edits)
    changes += _changes(kept)
    text = look.draft.plain
    return Revision(text=text, changes=tuple(changes), placeholders=placeholders_in(text, rules.rules, ((c.rule, c.after) for c in changes)))


def _still_missing(look: Look, drafted: tuple[Finding, ...], rules: dict[str, Rule], context: Context) -> tuple[Finding, ...]:
    """The draft's missing openers, closers and next steps that the revision still lacks, though
    their rules no longer fire: the draft decides what the letter needs ("Unfortunately" cut
    may leave a reply under a rule's ``min_words``; it still needs its opener)."""
    firing = {f.rule for f in look.findings}
    analysis = None
    missing = []
    for f in drafted:
        rule = rules.get(f.rule)
        if rule is None or f.rule in firing or rule.kind != "required":
            continue
        if not (rule.template or rule.params.get("fix") == "next-step"):
            continue
        analysis = analysis or analyse(look.draft, context, rule.lang)  # sentences split the draft language's way
        if not satisfied(rule.params, rule.compiled, analysis):
            missing.append(f)
    return tuple(missing)


def _changes(edits: list[Edit]) -> list[Change]:
    return [Change(e.rule, e.before, e.after.strip()) for e in edits]


def diff(before: str, after: str, *, name: str = "draft") -> str:
    """A unified diff from the draft to its revision ("" when they are equal)."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=name,
        tofile="suggested revision",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


_template_vars = template_vars  # the name tests/test_rule_examples.py knows
