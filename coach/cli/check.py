"""``coach check``: check drafts from files, stdin or a Zendesk ticket."""

from __future__ import annotations

import os
import sys

import click

from coach.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, fail
from coach.cli.app import App
from coach.config import FAIL_ON
from coach.check.engine import at_or_above
from coach.errors import InputError, OutputError
from coach.check.formats import FORMATS, summary, to_json, to_markdown, to_text
from coach.draft.inputs import STDIN, read_draft
from coach.model import Context, Result


def use_colour(flag: bool | None) -> bool:
    """--color/--no-color win; otherwise colour on a terminal unless NO_COLOR is set."""
    if flag is not None:
        return flag
    return sys.stdout is not None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


@click.command()
@click.argument("paths", nargs=-1, metavar="[DRAFT]... ")
@click.option("--html/--text", "html", default=None, help="Treat drafts as HTML (Zendesk html_body) or plain text. Default: detect.")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Output format; jsonl prints one JSON object per draft.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None, help="Exit 1 when a finding is at least this severe. Default: fail_on in coach.toml, else error.")
@click.option("--diff", "show_diff", is_flag=True, help="Show the suggested revision as a diff (text format).")
@click.option("--no-revision", is_flag=True, help="Do not show the suggested revision (text format).")
@click.option("--color/--no-color", "color", default=None, help="Colour the text output. Default: on a terminal, unless NO_COLOR is set.")
@click.option("--customer", metavar="NAME", help="The customer's name, for the revision's opener and closer (--ticket knows it).")
@click.option("--subject", metavar="TEXT", help="The ticket's subject, for the revision's opener (--ticket knows it).")
@click.option("--customer-message", "customer_message", metavar="FILE", help="The customer's message the draft answers (a file, or - for stdin), so coach knows what the reply needs (--ticket knows it).")
@click.option("--lang", metavar="CODE", help="Check in this language's rules (en, de, it) instead of detecting each draft's language.")
@click.option("--ticket", type=click.IntRange(min=1), help="Check the current draft on this Zendesk ticket.")
@click.option("--comment", type=click.IntRange(min=1), help="With --ticket: check this comment instead of the current draft.")
@click.option("--post", is_flag=True, help="With --ticket: post the review as an internal note.")
@click.pass_obj
def check(
    app: App,
    paths: tuple[str, ...],
    html: bool | None,
    fmt: str,
    fail_on: str | None,
    show_diff: bool,
    no_revision: bool,
    color: bool | None,
    customer: str | None,
    subject: str | None,
    customer_message: str | None,
    lang: str | None,
    ticket: int | None,
    comment: int | None,
    post: bool,
) -> None:
    """Check drafts and suggest a revision.

    DRAFT is a file, or - for stdin (the default when stdin is not a terminal).
    Plain text and Zendesk HTML are both accepted.

    \b
    Exit codes: 0 no finding at or above --fail-on, 1 there is one,
    2 usage or input error, 3 configuration or rule error, 4 Zendesk error,
    7 the output cannot be written.
    """
    if ticket is not None:
        if paths:
            raise click.UsageError("give either DRAFT files or --ticket, not both")
        from coach.cli.zendesk import check_ticket

        outcomes: list[Result | dict[str, str]] = [check_ticket(app, ticket, comment=comment, post=post)]
    else:
        if comment is not None or post:
            raise click.UsageError("--comment and --post need --ticket")
        if not paths:
            if sys.stdin is not None and sys.stdin.isatty():
                raise click.UsageError("give a DRAFT file, or - to read stdin")
            paths = (STDIN,)
        if lang is not None and lang not in app.checker.langs:
            raise click.BadParameter(f"no rule pack for {lang!r} (available: {', '.join(app.checker.langs)})", param_hint="--lang")
        if customer_message is not None and customer_message == STDIN and STDIN in paths:
            raise click.UsageError("the draft and --customer-message cannot both be read from stdin")
        message = read_draft(customer_message, max_chars=app.config.max_draft_chars) if customer_message else None
        context = Context(customer_name=customer, subject=subject, customer_message=message)
        outcomes = _check_paths(app, paths, html, context, lang)
    if sys.stdout is None:
        raise OutputError("standard output is closed")
    _print(app, outcomes, fmt, use_colour(color), revision=not no_revision, show_diff=show_diff)
    results = [r for r in outcomes if isinstance(r, Result)]
    threshold = fail_on or app.config.fail_on
    if len(results) < len(outcomes):
        raise click.exceptions.Exit(EXIT_USAGE)
    failed = threshold != "never" and any(at_or_above(r.findings, threshold) for r in results)
    raise click.exceptions.Exit(EXIT_FINDINGS if failed else EXIT_OK)


def _check_paths(
    app: App, paths: tuple[str, ...], html: bool | None, context: Context, lang: str | None
) -> list[Result | dict[str, str]]:
    """Check every path in order; a bad one becomes an error entry and the rest go on."""
    checker = app.checker
    outcomes: list[Result | dict[str, str]] = []
    for path in paths:
        source = "<stdin>" if path == STDIN else path
        try:
            text = read_draft(path, max_chars=app.config.max_draft_chars)
            outcomes.append(checker.check(text, source=source, html=html, context=context, lang=lang))
        except InputError as exc:
            fail(str(exc))
            outcomes.append({"source": source, "error": str(exc)})
    return outcomes


def _print(app: App, outcomes: list[Result | dict[str, str]], fmt: str, color: bool, *, revision: bool, show_diff: bool) -> None:
    results = [r for r in outcomes if isinstance(r, Result)]
    data = [r.to_dict() if isinstance(r, Result) else r for r in outcomes]
    if fmt == "json":
        click.echo(to_json(data[0] if len(data) == 1 else data))  # type: ignore[arg-type]
    elif fmt == "jsonl":
        for item in data:
            click.echo(to_json(item, indent=None))
    elif fmt == "markdown":
        click.echo("\n\n".join(to_markdown(r, app.checker.templates).strip() for r in results))
    else:
        for i, r in enumerate(results):
            if i:
                click.echo("")
            click.echo(to_text(r, color=color, revision=revision, show_diff=show_diff, lang=app.config.ui_lang), nl=False, color=color)
        if len(outcomes) > 1:
            click.echo("\n" + summary(results, len(outcomes) - len(results), app.config.ui_lang))
