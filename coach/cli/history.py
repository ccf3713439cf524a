"""``coach history`` (rebuild, stats) and ``coach report``: the review history and what it shows."""

from __future__ import annotations

import click

from coach.cli.app import App
from coach.cli.check import use_colour
from coach.dates import parse_since, zendesk_time
from coach.errors import InputError
from coach.workflow.rebuild import record_notes


@click.group()
def history() -> None:
    """The local review history (SQLite; path: history.path in coach.toml)."""


@history.command("stats")
@click.pass_obj
def history_stats(app: App) -> None:
    """Where the history is and how much it holds."""
    with app.history() as h:
        counts = h.counts()
        click.echo(f"{h.path}: {counts['reviews']} reviews, {counts['decisions']} decisions")


@history.command("rebuild")
@click.option("--since", required=True, metavar="WHEN", help="Tickets updated since: ISO date/datetime or 24h, 7d, 2w.")
@click.option("--debug", is_flag=True, help="Log every request (never the credentials).")
@click.pass_obj
def history_rebuild(app: App, since: str, debug: bool) -> None:
    """Rebuild the history from coach's own notes in Zendesk (e.g. after losing the database).

    Existing records are kept; only missing reviews and decisions are added.
    """
    settings = app.config.zendesk
    window = zendesk_time(parse_since(since, app.clock()))
    added = tickets = 0
    with app.client(app.debug_log(debug)) as client, app.history() as h:
        coach_id = int(client.me()["id"])  # the author of coach's notes
        seen: set[int] = set()
        for tag in (settings.reviewed_tag, settings.decided_tag):
            for ticket in client.search_tickets(f"type:ticket tags:{tag} updated>={window}"):
                if ticket["id"] in seen:
                    continue
                seen.add(ticket["id"])
                comments, users = client.comments_with_users(ticket["id"])
                added += record_notes(h, ticket, comments, users, coach_id=coach_id)
                tickets += 1
        counts = h.counts()
    click.echo(f"history rebuild: {tickets} tickets read, {added} records added; now {counts['reviews']} reviews, {counts['decisions']} decisions")


@click.command()
@click.option("--since", metavar="WHEN", default="28d", show_default=True, help="Start of the period: ISO date/datetime or 7d, 4w.")
@click.option("--trainee", metavar="NAME|ID", help="Only this person (name substring or Zendesk user id).")
@click.option("--tag", metavar="TAG", help="The shadow-day tag (zendesk.shadow_tag, default shadow_day): shadow visitors only, with the shadow-day summary; 'trainee': trainees only.")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "markdown", "html"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write to this file instead of stdout.")
@click.option("--color/--no-color", "color", default=None)
@click.pass_obj
def report(app: App, since: str, trainee: str | None, tag: str | None, fmt: str, output: str | None, color: bool | None) -> None:
    """Progress per trainee and shadow visitor, rule precision, shadow-day summary."""
    from coach.report import build_report, render, render_text

    now = app.clock()
    kinds = {app.config.zendesk.shadow_tag: "shadow", "shadow": "shadow", "trainee": "trainee"}
    if tag is not None and tag not in kinds:
        raise click.BadParameter(f"use {app.config.zendesk.shadow_tag} or trainee", param_hint="--tag")
    kind = kinds.get(tag or "")
    with app.history() as h:
        data = build_report(h, since=parse_since(since, now), until=now, trainee=trainee, kind=kind)
    if fmt == "text":
        text = render_text(data, color=use_colour(color) and output is None, lang=app.config.ui_lang)
    else:
        text = render(data, app.checker.templates, fmt)
    if output:
        try:
            with open(output, "w", encoding="utf-8") as f:
                f.write(text)
        except OSError as exc:
            raise InputError(f"{output}: cannot write the report: {exc.strerror or exc}") from None
        click.echo(f"report written to {output}", err=True)
    else:
        click.echo(text, nl=not text.endswith("\n"))
