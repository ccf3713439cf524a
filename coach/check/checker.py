"""The library entry point: load rules and templates once, then check drafts.

``Checker(config).check(text)`` is what the CLI, the Zendesk worker and the
benchmarks call. Loading happens in the constructor; ``check`` is pure.
"""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path

from coach.draft.clean import CleanDraft, clean, is_empty
from coach.config import AUTO, Config
from coach.check.engine import BASE, Evaluation, evaluate
from coach.errors import ConfigError, InputError, RuleError
from coach.draft.hygiene import printable
from coach.i18n import messages
from coach.rules.kinds import KINDS
from coach.model import UNCHECKED, Context, Finding, Result, Revision
from coach.resources import data_dir
from coach.check.revise import revise
from coach.rules.cache import RuleCache, default_folder
from coach.rules import Example, Pack, Rule, RuleSet, load_pack, select, selects
from coach.templates import Templates, revision_template


def shipped_packs(cache: RuleCache | None = None) -> list[Pack]:
    """Every pack in the shipped ``rules/`` folder (one sub-folder per pack)."""
    root = data_dir("rules")
    return [load_pack(folder, cache=cache) for folder in sorted(root.iterdir()) if folder.is_dir()]


def load_packs(config: Config) -> list[Pack]:
    """The shipped packs plus the team's own (a later pack's rule replaces an earlier one's)."""
    where = str(config.path or "configuration")
    for folder in config.packs:
        if not Path(folder).is_dir():
            raise ConfigError(f"{where}: packs.paths: {folder}: no such folder")
    cache = RuleCache(default_folder())
    packs = shipped_packs(cache) + [load_pack(Path(p), cache=cache) for p in config.packs]
    cache.save()
    return packs


class Rules:
    """Every language's rules under one configuration, selected on first use and validated once."""

    def __init__(self, config: Config, packs: list[Pack]) -> None:
        self.config = config
        self.packs = packs
        self.langs = tuple(sorted({p.lang for p in packs}))
        # The language of drafts whose language cannot be told (and of `coach rules`).
        self.default = config.lang if config.lang != AUTO else ("en" if "en" in self.langs else self.langs[0])
        self._sets: dict[str, RuleSet] = {}
        where = str(config.path or "configuration")
        if config.lang != AUTO and config.lang not in self.langs:
            raise ConfigError(f"{where}: lang: no rule pack for {config.lang!r} (available: auto, {', '.join(self.langs)})")
        known = {r.id for p in packs for r in p.rules}
        for table, keys in (("severity", config.severity), ("options", config.options)):
            for key in keys:
                if key not in known:
                    raise RuleError(where, f"rules.{table}.{key}", "no such rule (see `coach rules`)")
        everything = [r for p in packs for r in p.rules]
        for key, selectors in (("rules.disable", config.disable), ("rules.enable", config.enable)):
            for selector in selectors:
                if not any(selects(selector, r) for r in everything):
                    raise ConfigError(f"{where}: {key}: {selector!r} matches no rule (see `coach rules`)")

    def for_lang(self, lang: str) -> RuleSet:
        """The rules in force for drafts in ``lang`` (which must have a pack)."""
        rules = self._sets.get(lang)
        if rules is None:
            c = self.config
            mine = {r.id for p in self.packs if p.lang == lang for r in p.rules}
            rules = self._sets[lang] = select(
                self.packs, lang=lang, disable=c.disable, enable=c.enable,
                severity={k: v for k, v in c.severity.items() if k in mine},
                options={k: v for k, v in c.options.items() if k in mine},
                origin=str(c.path or "configuration"),
            )
        return rules


class OneLanguage:
    """A single rule set given by hand (tests, examples): every draft is checked with it."""

    def __init__(self, rules: RuleSet) -> None:
        self.langs = (rules.lang,)
        self.default = rules.lang
        self._rules = rules

    def for_lang(self, lang: str) -> RuleSet:
        return self._rules


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
    """Checks drafts against one configuration's rules; reuse it for many drafts.

    Each draft is checked with the rules of its language: ``lang`` when given, else ``lang``
    in coach.toml, else the language detected from the draft (the customer's locale breaks ties).
    A draft in a language without a pack is not checked (verdict ``unchecked``, with a notice).
    """

    def __init__(self, config: Config | None = None, *, rules: RuleSet | None = None) -> None:
        self.config = config or Config()
        self._rules: Rules | OneLanguage = Rules(self.config, load_packs(self.config)) if rules is None else OneLanguage(rules)
        self.langs = self._rules.langs
        for folder in self.config.templates:
            if not Path(folder).is_dir():
                raise ConfigError(f"{self.config.path}: templates.path: {folder}: no such folder")
        self.templates = Templates(self.config.templates, ui_lang=self.config.ui_lang)
        for lang in self.langs:
            for rule in self.rules_for(lang).active:
                if rule.template and not self.templates.exists(revision_template(rule.template)):
                    raise ConfigError(
                        f"{rule.path}: template: {revision_template(rule.template)!r} not found "
                        f"in {', '.join(map(str, self.templates.folders))}"
                    )

    @property
    def rules(self) -> RuleSet:
        """The rules of the default language (what `coach explain` shows)."""
        return self._rules.for_lang(self._rules.default)

    def rules_for(self, lang: str) -> RuleSet:
        """The rules in force for drafts in ``lang`` (one of :attr:`langs`)."""
        if lang not in self.langs:
            raise InputError(f"no rule pack for language {lang!r} (available: {', '.join(self.langs)})")
        return self._rules.for_lang(lang)

    def language(self, draft: CleanDraft, context: Context | None = None, lang: str | None = None) -> str:
        """The language to check ``draft`` in (perhaps one without a pack)."""
        if lang:
            return lang
        if isinstance(self._rules, OneLanguage):
            return self._rules.default
        if self.config.lang != AUTO:
            return self.config.lang
        from coach.language.detect import detect

        body = draft.judged[draft.greeting_end : draft.body_end]
        found = detect(body, hint=context.locale if context is not None else None)
        return found.lang or self._rules.default

    def check(
        self,
        text: str,
        *,
        source: str = "-",
        context: Context | None = None,
        html: bool | None = None,
        lang: str | None = None,
    ) -> Result:
        """Check one draft. Raises InputError for an oversized draft, or one empty once cleaned."""
        self.validate(text, source)
        if context is not None:
            context = _printable(context)
        draft = clean(text, html=html, protected=self.config.protected)
        if is_empty(draft):
            raise InputError(f"{source}: draft is empty after removing the greeting, quoted history and signature")
        language = self.language(draft, context, lang)
        if language not in self.langs:
            return _unchecked(source, text, draft, language, self.langs, self.config.ui_lang)
        rules = self.rules_for(language)
        evaluation = evaluate(draft, rules, ready_at=self.config.ready_at, context=context)
        revision = revise(draft, evaluation.findings, rules, self.templates.render_revision, context)
        return Result(
            source=source,
            verdict=evaluation.verdict if revision.complete else "revise",  # a "[...]" left to fill is never ready
            scores=evaluation.scores,
            findings=evaluation.findings,
            readability=evaluation.readability,
            revision=revision,
            original=text,
            plain=draft.plain,
            lang=language,
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


def _printable(context: Context) -> Context:
    """``context`` with no control or invisible character in what the revision may quote."""
    values = {f.name: getattr(context, f.name) for f in fields(context)}
    safe = {k: printable(v) for k, v in values.items() if isinstance(v, str) and printable(v) != v}
    return replace(context, **safe) if safe else context


def _unchecked(source: str, text: str, draft: CleanDraft, lang: str, langs: tuple[str, ...], ui_lang: str) -> Result:
    """The result for a draft in a language coach has no rules for: no findings, and why (in ``ui_lang``)."""
    ui = messages(ui_lang)
    names = ui.terms.languages
    notice = ui.check.unchecked_notice.format(
        language=names.get(lang, lang), available=", ".join(names.get(x, x) for x in langs)
    )
    return Result(source=source, verdict=UNCHECKED, scores={}, findings=(), readability={},
                  revision=Revision(draft.plain), original=text, plain=draft.plain, lang=lang, notice=notice)
