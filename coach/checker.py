"""The library entry point: load rules and templates once, then check drafts.

``Checker(config).check(text)`` is what the CLI, the Zendesk worker and the
benchmarks call. Loading happens in the constructor; ``check`` is pure.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from coach.clean import clean
from coach.config import Config
from coach.engine import BASE, Evaluation, evaluate
from coach.errors import ConfigError, InputError
from coach.kinds import KINDS
from coach.model import Context, Finding, Result
from coach.resources import data_dir
from coach.revise import revise
from coach.rulecache import RuleCache, default_folder
from coach.rules import Example, Pack, Rule, RuleSet, load_pack, select, selects
from coach.templates import Templates, revision_template


def shipped_packs(cache: RuleCache | None = None) -> list[Pack]:
    """Every pack in the shipped ``rules/`` folder (one sub-folder per pack)."""
    root = data_dir("rules")
    return [load_pack(folder, cache=cache) for folder in sorted(root.iterdir()) if folder.is_dir()]


def load_rules(config: Config) -> RuleSet:
    """The shipped packs plus the team's own (later wins), filtered by the config."""
    where = str(config.path or "configuration")
    for folder in config.packs:
        if not Path(folder).is_dir():
            raise ConfigError(f"{where}: packs.paths: {folder}: no such folder")
    cache = RuleCache(default_folder())
    packs = shipped_packs(cache) + [load_pack(Path(p), cache=cache) for p in config.packs]
    cache.save()
    langs = sorted({p.lang for p in packs})
    if config.lang not in langs:
        raise ConfigError(f"{where}: lang: no rule pack for {config.lang!r} (available: {', '.join(langs)})")
    rules = select(
        packs,
        lang=config.lang,
        disable=config.disable,
        enable=config.enable,
        severity=config.severity,
        options=config.options,
        origin=where,
    )
    for key, selectors in (("rules.disable", config.disable), ("rules.enable", config.enable)):
        for selector in selectors:
            if not any(selects(selector, r) for r in rules.rules):
                raise ConfigError(f"{where}: {key}: {selector!r} matches no rule (see `coach rules`)")
    return rules


def run_alone(rule: Rule, example: Example | str) -> list[Finding]:
    """The findings of ``rule`` alone (enabled) on an example: how its examples are checked."""
    example = Example(example) if isinstance(example, str) else example
    context = Context(customer_message=example.customer)
    evaluation = evaluate(clean(example.text), RuleSet(lang=rule.lang, rules=(replace(rule, enabled=True),)), context=context)
    if not KINDS[rule.kind].finds:
        return _signal_verdict(rule, evaluation)
    return [f for f in evaluation.findings if f.rule == rule.id]


def _signal_verdict(rule: Rule, evaluation: Evaluation) -> list[Finding]:
    """A signal never finds; its example counts as "bad" (one stand-in finding) when a rewarding
    signal earns nothing or a penalising one costs points, so its examples read like any rule's."""
    moved = evaluation.scores[rule.dimension] - BASE
    bad = moved <= 0 if rule.params["credit"] > 0 else moved < 0
    return [Finding(rule.id, rule.dimension, rule.severity, rule.message, 0, 0, 1, 1, "", None, (0, 0))] if bad else []


def example_failures(rule: Rule) -> list[str]:
    """What is wrong with a rule's own examples: a bad one it misses, a good one it flags."""
    problems = [f"bad example not flagged: {ex.text!r}" for ex in rule.bad if not run_alone(rule, ex)]
    problems += [f"good example flagged: {ex.text!r}" for ex in rule.good if run_alone(rule, ex)]
    return problems  # (a rule without good or bad examples does not load)


class Checker:
    """Checks drafts against one configuration's rules; reuse it for many drafts."""

    def __init__(self, config: Config | None = None, *, rules: RuleSet | None = None) -> None:
        self.config = config or Config()
        self.rules = rules if rules is not None else load_rules(self.config)
        for folder in self.config.templates:
            if not Path(folder).is_dir():
                raise ConfigError(f"{self.config.path}: templates.path: {folder}: no such folder")
        self.templates = Templates(self.config.templates)
        for rule in self.rules.active:
            if rule.template and not self.templates.exists(revision_template(rule.template)):
                raise ConfigError(
                    f"{rule.path}: template: {revision_template(rule.template)!r} not found "
                    f"in {', '.join(map(str, self.templates.folders))}"
                )

    def check(
        self,
        text: str,
        *,
        source: str = "-",
        context: Context | None = None,
        html: bool | None = None,
    ) -> Result:
        """Check one draft. Raises InputError for an empty or oversized draft."""
        self.validate(text, source)
        draft = clean(text, html=html, protected=self.config.protected)
        evaluation = evaluate(draft, self.rules, ready_at=self.config.ready_at, context=context)
        revision = revise(draft, evaluation.findings, self.rules, self.templates.render_revision, context)
        return Result(
            source=source,
            verdict=evaluation.verdict,
            scores=evaluation.scores,
            findings=evaluation.findings,
            readability=evaluation.readability,
            revision=revision,
            original=text,
            plain=draft.plain,
        )

    def validate(self, text: str, source: str) -> None:
        """Reject drafts that cannot be checked, naming the input."""
        limit = self.config.max_draft_chars
        if len(text) > limit:
            raise InputError(
                f"{source}: draft is {len(text):,} characters; the limit is {limit:,} (max_draft_chars in coach.toml)"
            )
        if not text.strip():
            raise InputError(f"{source}: draft is empty")
