"""The Zendesk commands: ``coach doctor``, ``coach review`` and ``coach check --ticket``."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from typing import Any

import click

from coach.cli import EXIT_OK, EXIT_PARTIAL
from coach.cli.app import App
from coach.dates import parse_since, zendesk_time
from coach.errors import InputError
from coach.model import Result
from coach.workflow.outcomes import Outcome, Summary
from coach.workflow.worker import Worker


@click.command()
@click.option("--debug", is_flag=True, help="Log every request (never the credentials).")
@click.pass_obj
def doctor(app: App, debug: bool) -> None:
    """Check the set-up: configuration, rules, templates, Zendesk credentials, history."""
    checker = app.checker
    click.echo(f"config: {app.config.path or 'defaults (no coach.toml found)'}")
    click.echo("rules: " + ", ".join(f"{len(checker.rules_for(lang).active)} active ({lang})" for lang in checker.langs))
    with app.client(app.debug_log(debug)) as client:
        me = client.me()
        click.echo(f"zendesk: {client.credentials.base_url} as {me.get('name')} (id {me.get('id')}, role {me.get('role')})")
        groups = app.config.zendesk.author_groups
        if groups:
            worker = Worker(client, checker)
            click.echo(f"author groups: {', '.join(map(str, groups))} -> {len(worker.allowed_authors or ())} authors")
    with app.history() as history:
        counts = history.counts()
        click.echo(f"history: {history.path} ({counts['reviews']} reviews, {counts['decisions']} decisions)")
    click.echo("ok")


def check_ticket(app: App, ticket_id: int, *, comment: int | None, post: bool) -> Result:
    """``coach check --ticket``: review the ticket's draft; with ``post``, write the note (once)."""
    with app.client() as client:
        if post:
            with app.history() as history:
                outcomes = list(Worker(client, app.checker, history=history, clock=app.clock).process(
                    ticket_id, decisions=False, comment_id=comment, require_tag=False))
            for outcome in outcomes:
                if outcome.status == "reviewed" and outcome.result is not None:
                    click.echo(f"ticket {ticket_id}: posted the review of draft {outcome.draft_id} as an internal note", err=True)
                    return outcome.result
                if outcome.status == "done":
                    click.echo(f"ticket {ticket_id}: {outcome.reason}; nothing posted", err=True)
                elif outcome.status in ("skipped", "failed"):
                    raise InputError(f"ticket {ticket_id}: {outcome.reason}")
        viewer = Worker(client, app.checker, dry_run=True, clock=app.clock)
        for outcome in viewer.process(ticket_id, decisions=False, comment_id=comment, force=True, require_tag=False):
            if outcome.result is not None:
                return outcome.result
            raise InputError(f"ticket {ticket_id}: {outcome.reason}")
    raise InputError(f"ticket {ticket_id}: no draft to check")


@click.command()
@click.option("--tag", "tags", multiple=True, metavar="TAG", help="Search tickets with this tag (default: zendesk.draft_tag, coach_draft), e.g. shadow_day. Repeatable. A draft still needs the draft tag.")
@click.option("--since", metavar="WHEN", help="Only tickets updated since: ISO date/datetime or 90m, 24h, 7d, 2w.")
@click.option("--ticket", "ticket_ids", multiple=True, type=click.IntRange(min=1), metavar="ID", help="Look at these tickets instead of searching (a draft still needs the draft tag). Repeatable.")
@click.option("--limit", type=click.IntRange(min=1), help="Stop after this many drafts reviewed or decisions acted on.")
@click.option("--dry-run", is_flag=True, help="Print the notes that would be posted; write nothing.")
@click.option("--decisions/--no-decisions", default=True, show_default=True, help="Also act on buddies' approve/rework decisions.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal) or one line per ticket.")
@click.option("--debug", is_flag=True, help="Log every request (never the credentials).")
@click.pass_obj
def review(
    app: App, tags: tuple[str, ...], since: str | None, ticket_ids: tuple[int, ...], limit: int | None,
    dry_run: bool, decisions: bool, progress: bool | None, debug: bool,
) -> None:
    """Review drafts saved on Zendesk tickets and post the suggestions (for cron).

    Finds tickets by tag (or --ticket), reviews each one's current draft, and
    posts one internal note per draft; acts on buddies' decisions first.

    \b
    Exit codes: 0 every ticket handled, 5 some tickets failed (see the summary),
    2 bad option, 3 configuration error, 4 Zendesk unreachable or credentials refused,
    6 the review history cannot be written.
    """
    settings = app.config.zendesk
    if settings.publish_on_approve:
        click.echo("coach: publish_on_approve is on: approved replies are sent to customers as the trainee", err=True)
    window = ""
    if since:
        window = f" updated>={zendesk_time(parse_since(since, app.clock()))}"
    with app.client(app.debug_log(debug)) as client, (nullcontext() if dry_run else app.history()) as history:
        worker = Worker(client, app.checker, history=history, dry_run=dry_run, clock=app.clock)
        summary = Summary()
        seen: set[int] = set()

        def tickets() -> Iterator[Any]:
            yield from worker.interrupted()  # finish and record what a crashed run was writing
            if ticket_ids:
                yield from ticket_ids
                return
            if decisions:
                yield from client.search_tickets(f"type:ticket tags:{settings.reviewed_tag} status<closed{window}")
            for tag in tags or (settings.draft_tag,):
                yield from client.search_tickets(f"type:ticket tags:{tag} status<closed{window}")

        def unique(items: Iterable[Any]) -> Iterator[Any]:
            for item in items:
                tid = int(item if isinstance(item, int) else item["id"])
                if tid in seen:
                    continue
                if limit is not None and summary.actions >= limit:
                    return
                seen.add(tid)
                summary.scanned += 1
                yield item

        show_bar = progress if progress is not None else sys.stderr.isatty()
        outcomes = worker.run(unique(tickets()), decisions=decisions)
        if show_bar:
            with click.progressbar(outcomes, label="reviewing", file=sys.stderr, show_pos=True) as bar:
                for outcome in bar:
                    _handle(outcome, summary, dry_run, quiet=True)
        else:
            for outcome in outcomes:
                _handle(outcome, summary, dry_run, quiet=False)
        summary.requests = client.requests_made
    click.echo(_summary_text(summary, dry_run), err=True)
    raise click.exceptions.Exit(EXIT_PARTIAL if summary.failed else EXIT_OK)


def _handle(outcome: Outcome, summary: Summary, dry_run: bool, *, quiet: bool) -> None:
    summary.add(outcome)
    if dry_run and outcome.note is not None:
        click.echo(f"--- ticket {outcome.ticket_id}: note for draft {outcome.draft_id} (dry run, not posted)")
        click.echo(outcome.note)
    if not quiet or outcome.status == "failed":
        click.echo(_line(outcome), err=True)


def _line(o: Outcome) -> str:
    if o.status in ("reviewed", "would_review") and o.result is not None:
        what = "would review" if o.status == "would_review" else "reviewed"
        return f"ticket {o.ticket_id}: {what} draft {o.draft_id} ({o.result.verdict}, {o.result.scores['overall']}/100)"
    if o.status == "reviewed":
        return f"ticket {o.ticket_id}: reviewed draft {o.draft_id} ({o.reason})"
    if o.status == "published":
        return f"ticket {o.ticket_id}: published the approved reply to draft {o.draft_id} as the trainee"
    if o.status == "decided":
        if "dry run" in o.reason:
            return f"ticket {o.ticket_id}: would record {o.decision} of draft {o.draft_id} (dry run)"
        return f"ticket {o.ticket_id}: recorded {o.decision} of draft {o.draft_id}"
    label = {"done": "already reviewed", "waiting": "waiting", "skipped": "skipped", "failed": "FAILED"}[o.status]
    return f"ticket {o.ticket_id}: {label}: {o.reason}"


def _summary_text(s: Summary, dry_run: bool) -> str:
    reviewed = f"{s.would_review} drafts would be reviewed (dry run)" if dry_run else f"{s.reviewed} drafts reviewed"
    lines = [
        f"coach review: {s.scanned} tickets scanned, {reviewed}, {s.already} already reviewed, {s.waiting} waiting, "
        f"{s.decisions} decisions, {s.published} published, {sum(s.skipped.values())} skipped, {len(s.failed)} failed; {s.requests} API requests"
    ]
    lines += [f"  skipped {n}: {reason}" for reason, n in s.skipped.most_common()]
    lines += [f"  failed: ticket {tid}: {reason}" for tid, reason in s.failed]
    return "\n".join(lines)


@click.command()
@click.pass_obj
def macros(app: App) -> None:
    """Print the Zendesk macros coach relies on, as JSON an admin can import.

    Each item is the body of POST /api/v2/macros.json; the tags are those of coach.toml.
    """
    import json

    text = app.checker.templates.render("zendesk/macros.json.j2", {"s": app.config.zendesk})
    click.echo(json.dumps(json.loads(text), indent=2, ensure_ascii=False))
