"""``coach rules``, ``coach explain`` and ``coach config``: what is in force, and why."""

from __future__ import annotations

import json

import click

from coach.cli.app import App
from coach.config import to_toml
from coach.i18n import messages
from coach.rules.kinds import KINDS


@click.command("rules")
@click.option("--all", "show_all", is_flag=True, help="Include disabled rules.")
@click.option("--check", "check_examples", is_flag=True, help="Run every rule alone on its own examples (e.g. a team pack); exit 1 on a failure.")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--lang", metavar="CODE", help="Only this language's rules (default: every language coach has rules for).")
@click.pass_obj
def list_rules(app: App, show_all: bool, check_examples: bool, fmt: str, lang: str | None) -> None:
    """List the rules in force: id, language, dimension, severity, kind."""
    langs = [_known_lang(app, lang)] if lang else list(app.checker.langs)
    rules = [r for code in langs for r in app.checker.rules_for(code).rules if show_all or r.enabled]
    if check_examples:
        from coach.check.checker import example_failures

        failed = 0
        for r in rules:
            problems = example_failures(r)
            failed += bool(problems)
            click.echo(f"{'FAIL' if problems else 'ok  '}  {r.id}  ({r.path})")
            for problem in problems:
                click.echo(f"        {problem}")
        click.echo(f"\n{len(rules) - failed} of {len(rules)} rules pass their examples")
        raise click.exceptions.Exit(1 if failed else 0)
    if fmt == "json":
        rows = [
            {"id": r.id, "dimension": r.dimension, "severity": r.severity, "kind": r.kind, "enabled": r.enabled,
             "fixable": KINDS[r.kind].fixable or bool(r.template), "pack": r.pack, "lang": r.lang}
            for r in rules
        ]
        click.echo(json.dumps(rows, indent=2))
        return
    width = max((len(r.id) for r in rules), default=2)
    click.echo(f"{'id'.ljust(width)}  lang  {'dimension':10}  {'severity':8}  kind")
    for r in rules:
        off = "" if r.enabled else "  (disabled)"
        click.echo(f"{r.id.ljust(width)}  {r.lang:4}  {r.dimension:10}  {r.severity:8}  {r.kind}{off}")
    click.echo(f"\n{len(rules)} rules ({', '.join(langs)}); `coach explain RULE [--lang CODE]` for details")


def _known_lang(app: App, lang: str) -> str:
    if lang not in app.checker.langs:
        raise click.BadParameter(f"no rule pack for {lang!r} (available: {', '.join(app.checker.langs)})", param_hint="--lang")
    return lang


@click.command()
@click.argument("rule_id", metavar="RULE")
@click.option("--lang", metavar="CODE", help="The rule of this language's pack (default: the configured language, else English).")
@click.pass_obj
def explain(app: App, rule_id: str, lang: str | None) -> None:
    """Show a rule's message, why, source, settings and examples."""
    rules = app.checker.rules_for(_known_lang(app, lang)) if lang else app.checker.rules
    rule = rules.get(rule_id)
    if rule is None:
        close = [r.id for r in rules.rules if rule_id in r.id]
        hint = f"; did you mean {', '.join(close[:3])}?" if close else "; `coach rules` lists them"
        raise click.BadParameter(f"no rule {rule_id!r}{hint}", param_hint="RULE")
    ui = messages(app.config.ui_lang)
    label = ui.explain
    state = label.enabled if rule.enabled else label.disabled
    dimension = ui.terms.dimensions.get(rule.dimension, rule.dimension)
    severity = ui.terms.severities.get(rule.severity, rule.severity)
    click.echo(f"{rule.id}  ({dimension}, {severity}, {rule.kind}, {state})")
    click.echo(f"{label.file}: {rule.path}\n")
    click.echo(f"{label.message}: {rule.message}\n")
    click.echo(f"{label.why}: {rule.why}")
    if rule.source:
        click.echo(f"{label.source}: {rule.source}")
    params = {k: v for k, v in rule.public_params.items() if v not in (None, [], {}, False)}
    if params:
        click.echo(f"\n{label.settings}:")
        for key, value in params.items():
            click.echo(f"  {key} = {json.dumps(value, ensure_ascii=False)}")
    for title, examples in ((label.good, rule.good), (label.bad, rule.bad)):
        click.echo(f"\n{title}:")
        for ex in examples:
            click.echo("  - " + "\n    ".join(ex.text.strip().splitlines()))
            if ex.customer:
                click.echo(f"    ({label.answering}: " + " ".join(ex.customer.split()) + ")")


@click.command("config")
@click.pass_obj
def show_config(app: App) -> None:
    """Print the effective configuration (coach.toml merged with the defaults), then check it."""
    click.echo(to_toml(app.config), nl=False)
    app.checker  # noqa: B018 - loading the rules and templates it names reports what is wrong
