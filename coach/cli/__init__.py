"""The ``coach`` command line. The only place exit codes live.

Exit codes (also in the README)::

    0    ready / success
    1    a finding at or above --fail-on (coach check)
    2    usage or input error (bad option; a missing, binary, empty or huge draft;
         closed stdin; a named pipe, device or socket given as a DRAFT file)
    3    configuration, rule or template error
    4    Zendesk error (credentials, auth, permission, not found, network)
    5    a batch finished but some tickets failed (coach review)
    6    the local review history cannot be read or written
    7    the output cannot be written (disk full, I/O error; coach check: stdout closed)
    130  interrupted (Ctrl-C)
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path
from typing import Any

import click

from coach import __version__
from coach.cli.app import App
from coach.errors import CoachError, ConfigError, HistoryError, InputError, OutputError, ZendeskError
from coach.draft.hygiene import visible

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_CONFIG = 3
EXIT_ZENDESK = 4
EXIT_PARTIAL = 5
EXIT_HISTORY = 6
EXIT_OUTPUT = 7
EXIT_INTERRUPTED = 130


def exit_code(error: CoachError) -> int:
    """The documented exit code of an error."""
    for cls, code in (
        (InputError, EXIT_USAGE),
        (ConfigError, EXIT_CONFIG),
        (ZendeskError, EXIT_ZENDESK),
        (HistoryError, EXIT_HISTORY),
        (OutputError, EXIT_OUTPUT),
    ):
        if isinstance(error, cls):
            return code
    return EXIT_USAGE


def fail(message: str) -> None:
    """Print ``coach: error: message`` on stderr, on one line, controls shown as escapes."""
    try:
        click.echo(f"coach: error: {visible(message)}", err=True)
    except OSError:  # stderr is gone too: the exit code has to say it
        pass


def discard_stdout() -> None:
    """Point stdout at the null device, so the output that could not be written is not
    written again (and reported with a traceback) when Python flushes it at exit."""
    if sys.stdout is None:
        return
    try:
        fd = sys.stdout.fileno()
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)
    except (OSError, ValueError):  # not a real file (e.g. a test runner's buffer)
        pass


class CoachGroup(click.Group):
    """A click group that turns coach's errors into one line and an exit code.

    Sub-commands are imported on first use (``LAZY``), so ``coach check`` does not
    pay for the Zendesk client, SQLite and the reports.
    """

    LAZY = {
        "check": "coach.cli.check:check",
        "rules": "coach.cli.catalog:list_rules",
        "explain": "coach.cli.catalog:explain",
        "config": "coach.cli.catalog:show_config",
        "doctor": "coach.cli.zendesk:doctor",
        "review": "coach.cli.zendesk:review",
        "macros": "coach.cli.zendesk:macros",
        "history": "coach.cli.history:history",
        "report": "coach.cli.history:report",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.LAZY, *self.commands})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in self.LAZY:
            import importlib

            module, attr = self.LAZY[name].split(":")
            self.add_command(getattr(importlib.import_module(module), attr), name)
        return self.commands.get(name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CoachError as exc:
            if isinstance(exc, OutputError):
                discard_stdout()
            fail(str(exc))
            raise click.exceptions.Exit(exit_code(exc)) from None
        except KeyboardInterrupt:
            click.echo("coach: interrupted", err=True)
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
        except BrokenPipeError:
            sys.stderr.close()  # the reader went away (e.g. `| head`): not an error
            raise click.exceptions.Exit(EXIT_OK) from None
        except OSError as exc:
            if exc.filename is not None or exc.errno not in _OUTPUT_ERRNOS:
                raise
            discard_stdout()  # printing failed (e.g. `coach rules > /dev/full`)
            fail(f"cannot write the output: {exc.strerror or exc}")
            raise click.exceptions.Exit(EXIT_OUTPUT) from None


# Errors of a write to stdout (it has no file name), as opposed to a file coach opened.
_OUTPUT_ERRNOS = frozenset({errno.ENOSPC, errno.EIO, errno.EBADF, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)})


@click.group(cls=CoachGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="coach")
@click.option(
    "-c", "--config", "config_path", type=click.Path(dir_okay=False), envvar="COACH_CONFIG",
    help="coach.toml to use (default: the nearest one from the working directory upwards).",
)
@click.pass_context
def cli(ctx: click.Context, config_path: str | None) -> None:
    """First review for support replies: tone and clarity rules and a suggested revision.

    Run `coach check DRAFT` on a draft, or `coach review` from cron to review
    drafts saved on Zendesk tickets. See `coach COMMAND --help`.
    """
    if ctx.obj is None:
        ctx.obj = App(config_path)
    elif config_path:
        ctx.obj.config_path = Path(config_path)


def main() -> None:
    """Console-script entry point."""
    cli.main(prog_name="coach")

