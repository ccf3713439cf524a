"""The rule engine: a cleaned draft and rules in, findings, scores and a verdict out.

Pure and deterministic: no I/O, no clock, no globals that change.
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.clean import CleanDraft
from coach.kinds import KINDS, Analysis, Hit
from coach.model import DEFAULT_READY_AT, DIMENSIONS, SEVERITY_RANK, Finding
from coach.readability import metrics
from coach.rules import Rule, RuleSet
from coach.text import Tokens, paragraphs, sentences

# Points a finding takes off its dimension's score (0-100).
PENALTY = {"info": 3, "warning": 12, "error": 30}
# More findings of one rule than this teach nothing new (and a pasted log could make thousands).
MAX_FINDINGS_PER_RULE = 50
# A draft is "ready" only without findings at this severity or above (info findings are suggestions).
BLOCKING = "warning"


@dataclass(frozen=True)
class Evaluation:
    """What the engine found in one draft."""

    findings: tuple[Finding, ...]
    scores: dict[str, int]
    verdict: str
    readability: dict[str, float | int]


def analyse(draft: CleanDraft) -> Analysis:
    """Split the draft's body (greeting and signature excluded) once, for every rule."""
    text = draft.judged
    start, end = draft.greeting_end, max(draft.greeting_end, draft.body_end)
    lower = text.lower()
    same = len(lower) == len(text)  # lower-casing can change the length of a few characters
    tokens = Tokens(lower, start, end, lowered=True) if same else Tokens(text, start, end)
    sents = sentences(text, start, end, tokens)
    return Analysis(
        plain=draft.plain,
        judged=text,
        body_start=start,
        body_end=end,
        sentences=sents,
        paragraphs=paragraphs(text, start, end, tokens),
        readability=metrics(tokens.words, len(sents)),
        body_words=len(tokens.words),
        tokens=tokens,
        lower=lower if same else None,
    )


def evaluate(draft: CleanDraft, rules: RuleSet, *, ready_at: int = DEFAULT_READY_AT) -> Evaluation:
    """Run every active rule on ``draft`` and score the result."""
    analysis = analyse(draft)
    findings: list[Finding] = []
    for rule in rules.active:
        hits = KINDS[rule.kind].match(rule.params, analysis)
        if hits:
            findings += [_finding(rule, hit, draft) for hit in hits[:MAX_FINDINGS_PER_RULE]]
    findings.sort(key=lambda f: (f.span[0], f.span[1], f.rule))
    scores = score(findings)
    verdict = "revise" if at_or_above(findings, BLOCKING) or scores["overall"] < ready_at else "ready"
    return Evaluation(tuple(findings), scores, verdict, dict(analysis.readability))


def score(findings: list[Finding] | tuple[Finding, ...]) -> dict[str, int]:
    """0-100 per dimension (100 minus penalties) and their mean as ``overall``."""
    scores = {d: 100 for d in DIMENSIONS}
    for f in findings:
        scores[f.dimension] = max(0, scores[f.dimension] - PENALTY[f.severity])
    scores["overall"] = round(sum(scores[d] for d in DIMENSIONS) / len(DIMENSIONS))
    return scores


def at_or_above(findings: tuple[Finding, ...] | list[Finding], severity: str) -> bool:
    """True when any finding is at least as severe as ``severity``."""
    floor = SEVERITY_RANK[severity]
    return any(SEVERITY_RANK[f.severity] >= floor for f in findings)


class _Values(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _message(rule: Rule, text: str, hit: Hit) -> str:
    values = _Values(hit.values)
    values["match"] = " ".join(text.split())
    values["suggestion"] = hit.suggestion or ""
    try:
        return rule.message.format_map(values)
    except (ValueError, IndexError, AttributeError, KeyError):
        return rule.message


def _finding(rule: Rule, hit: Hit, draft: CleanDraft) -> Finding:
    text = draft.plain[hit.start : hit.end]
    start, end, line, column = draft.locate(hit.start, hit.end)
    message = rule.message if "{" not in rule.message else _message(rule, text, hit)
    return Finding(
        rule.id, rule.dimension, rule.severity, message, start, end, line, column, text, hit.suggestion, (hit.start, hit.end)
    )
