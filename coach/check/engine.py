"""The rule engine: a cleaned draft and rules in, findings, scores and a verdict out.

Pure and deterministic: no I/O, no clock, no globals that change.
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.draft.clean import CleanDraft
from coach.rules.kinds import KINDS, Analysis, Customer, Hit, Region
from coach.rules.kinds.phrases import is_needed, satisfied
from coach.model import DEFAULT_READY_AT, DIMENSIONS, SEVERITY_RANK, Context, Finding
from coach.language.readability import LANGUAGE_METRICS, metrics
from coach.rules import Rule, RuleSet
from coach.draft.text import Tokens, paragraphs, sentences

# Points a finding takes off its dimension's score (0-100).
PENALTY = {"info": 3, "warning": 12, "error": 30}
# A dimension starts at BASE and earns up to CREDIT_CAP points for what is present (an
# acknowledgement that fits, a real question, please and thanks...; see ``signal`` rules and
# ``credit`` on required rules), so a warm reply outranks a curt one even when neither has a finding.
BASE = 85
CREDIT_CAP = 15
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


def analyse(draft: CleanDraft, context: Context | None = None, lang: str = "en") -> Analysis:
    """Split the draft's body (greeting and signature excluded) once, for every rule, the way
    ``lang`` writes sentences and counts syllables."""
    measured = lang if lang in LANGUAGE_METRICS else "en"
    text = draft.judged
    start, end = draft.greeting_end, max(draft.greeting_end, draft.body_end)
    lower = text.lower()
    same = len(lower) == len(text)  # lower-casing can change the length of a few characters
    tokens = Tokens(lower, start, end, lowered=True) if same else Tokens(text, start, end)
    sents = sentences(text, start, end, tokens, lang=measured)
    return Analysis(
        plain=draft.plain,
        judged=text,
        body_start=start,
        body_end=end,
        sentences=sents,
        paragraphs=paragraphs(text, start, end, tokens),
        readability=metrics(tokens.words, len(sents), measured),
        body_words=len(tokens.words),
        tokens=tokens,
        lower=lower if same else None,
        regions=tuple(Region(r.start, r.end, r.reason) for r in draft.ignored),
        customer=Customer(context.customer_message) if context and context.customer_message else None,
    )


def evaluate(
    draft: CleanDraft,
    rules: RuleSet,
    *,
    ready_at: int = DEFAULT_READY_AT,
    context: Context | None = None,
    findings_only: bool = False,
) -> Evaluation:
    """Run every active rule on ``draft`` and score the result (``findings_only``: skip what only
    moves the score, for a re-check that compares findings)."""
    analysis = analyse(draft, context, rules.lang)
    findings: list[Finding] = []
    credits = dict.fromkeys(DIMENSIONS, 0.0)
    for rule in rules.active:
        kind = KINDS[rule.kind]
        if findings_only and not kind.finds:
            continue
        hits = kind.match(rule.params, rule.compiled, analysis)
        if kind.finds:
            findings += [_finding(rule, hit, draft) for hit in hits[:MAX_FINDINGS_PER_RULE]]
        if not findings_only:
            credits[rule.dimension] += _credit(rule, kind.finds, hits, analysis)
    findings.sort(key=lambda f: (f.span[0], f.span[1], f.rule))
    scores = score(findings, credits)
    verdict = "revise" if at_or_above(findings, BLOCKING) or scores["overall"] < ready_at else "ready"
    return Evaluation(tuple(findings), scores, verdict, dict(analysis.readability))


def score(findings: list[Finding] | tuple[Finding, ...], credits: dict[str, float] | None = None) -> dict[str, int]:
    """0-100 per dimension and their mean as ``overall``.

    A dimension is BASE plus its credits (at most CREDIT_CAP; negative credits count in full)
    minus the findings' penalties. Without credits (``credits=None``) it starts at 100.
    """
    if credits is None:
        scores = {d: 100.0 for d in DIMENSIONS}
    else:
        scores = {d: BASE + min(CREDIT_CAP, credits.get(d, 0.0)) for d in DIMENSIONS}
    for f in findings:
        scores[f.dimension] -= PENALTY[f.severity]
    out = {d: max(0, min(100, round(v))) for d, v in scores.items()}
    out["overall"] = round(sum(out[d] for d in DIMENSIONS) / len(DIMENSIONS))
    return out


def _credit(rule: Rule, finds: bool, hits: list[Hit], analysis: Analysis) -> float:
    """Points a rule adds to its dimension: a signal's matches (capped at ``max_credit`` either way),
    or a required rule's ``credit`` when its act is present."""
    params = rule.params
    if not finds:
        cap = params["max_credit"]
        return max(-cap, min(cap, len(hits) * params["credit"]))
    if not params.get("credit") or hits:
        return 0.0
    # No finding: the act is there, or the draft did not need it (then look for the act itself).
    present = is_needed(params, rule.compiled, analysis) or satisfied(params, rule.compiled, analysis)
    return float(params["credit"]) if present else 0.0


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
        rule.id, rule.dimension, hit.severity or rule.severity, message, start, end, line, column, text, hit.suggestion, (hit.start, hit.end)
    )
