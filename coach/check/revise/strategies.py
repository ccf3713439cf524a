"""Fixes that restructure, chosen by a rule's ``fix = "..."`` (coach.rules.kinds.FIXES): the
registry, and the edits of every finding whose rule names one. The strategies themselves live in
coach.check.revise.structure (sentence and paragraph ends) and coach.check.revise.wording (words).

Each strategy reads one finding in context and returns edits of the current text (possibly
none: then the finding keeps its advice).
"""

from __future__ import annotations

from dataclasses import replace

from coach.rules.kinds import FIXES
from coach.check.revise.edits import Edit
from coach.check.revise.cuts import cut_verdict, drop_closing, one_apology
from coach.check.revise.explain import explain_code
from coach.check.revise.fields import fill_field
from coach.check.revise.phrases import keeps_facts
from coach.check.revise.scene import Scene, Strategy
from coach.check.revise.structure import paragraphs, split_sentence, steps
from coach.check.revise.refusals import exact_answer, lead_with_can, own_words, when
from coach.check.revise.wording import (
    cut_opener,
    explain_again,
    impact_first,
    neutral_account,
    owner_and_time,
    plain_statement,
    plain_words,
    sentence_case,
)
from coach.rules import Rule

__all__ = ["STRATEGIES", "Scene", "strategy_edits"]

STRUCTURAL = frozenset({"split-sentence", "paragraphs", "steps"})  # they move sentence and paragraph ends
# Where each strategy works: its word lists and prompts exist in those languages (per-language
# tables in coach.check.revise.wording and .structure, prompts in .placeholders). Elsewhere the
# finding keeps its advice. "cut-opener" reads English run-ups ("I just wanted to let you know").
_EN_DE_IT = frozenset({"en", "de", "it"})
LANGUAGES: dict[str, frozenset[str]] = {name: _EN_DE_IT for name in FIXES} | {
    "cut-opener": frozenset({"en"}),
    "cut-verdict": frozenset({"de", "it"}),  # English deletes its words by the rule's replacement
}
ANY_LANGUAGE = frozenset({"paragraphs"})  # sentence ends are all it reads


def strategy_edits(scene: Scene, rules: dict[str, Rule], *, structural: bool) -> list[Edit]:
    """The edits of every finding whose rule names a fix strategy: the structural ones, or the others."""
    edits: list[Edit] = []
    for f in scene.findings:
        rule = rules.get(f.rule)
        fix = rule.params.get("fix") if rule else None
        if fix in STRATEGIES and (fix in STRUCTURAL) is structural and (rule.lang in LANGUAGES[fix] or fix in ANY_LANGUAGE):
            made = STRATEGIES[fix](scene, f, rule)  # type: ignore[arg-type]
            if all(keeps_facts(scene.draft, e.start, e.end, e.after) for e in made):
                edits += [replace(e, group=f.span[0]) for e in made]
    return _unique(edits)


def _unique(edits: list[Edit]) -> list[Edit]:
    seen, out = set(), []
    for e in edits:
        key = (e.start, e.end, e.after)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out





STRATEGIES: dict[str, Strategy] = {
    "fill-field": fill_field,
    "sentence-case": sentence_case,
    "split-sentence": split_sentence,
    "paragraphs": paragraphs,
    "steps": steps,
    "plain-statement": plain_statement,
    "neutral-account": neutral_account,
    "lead-with-can": lead_with_can,
    "exact-answer": exact_answer,
    "when": when,
    "own-words": own_words,
    "owner-and-time": owner_and_time,
    "cut-opener": cut_opener,
    "plain-words": plain_words,
    "impact-first": impact_first,
    "one-apology": one_apology,
    "drop-closing": drop_closing,
    "cut-verdict": cut_verdict,
    "explain-code": explain_code,
    "explain-again": explain_again,
}
# "next-step" is the letter's job (coach.check.revise.openers): the prompt goes where the reply ends.
assert set(STRATEGIES) | {"next-step"} == set(FIXES), "coach.rules.kinds.FIXES and the strategies disagree"
