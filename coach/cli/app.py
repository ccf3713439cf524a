"""What every command shares: configuration, checker and Zendesk client, made on first use.

Tests pass their own ``App`` (``CliRunner.invoke(cli, args, obj=App(...))``) to
inject a transport, a sleep and a clock: the seams of the Zendesk client.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timezone
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from coach.check.checker import Checker
from coach.config import Config, load_config

if TYPE_CHECKING:
    import httpx

    from coach.history import History
    from coach.zendesk import ZendeskClient


class App:
    """Lazily loaded per-invocation state (``ctx.obj``)."""

    def __init__(
        self,
        config_path: str | Path | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
        environ: dict[str, str] | None = None,
    ) -> None:
        self.config_path = Path(config_path) if config_path else None
        self.transport = transport
        self.sleep = sleep
        self.clock = clock
        self.environ = environ

    @cached_property
    def config(self) -> Config:
        return load_config(self.config_path)

    @cached_property
    def checker(self) -> Checker:
        return Checker(self.config)

    def client(self, log: Callable[[str], None] | None = None) -> ZendeskClient:
        """A Zendesk client from the ZENDESK_* environment variables."""
        import os

        from coach.zendesk import Credentials, ZendeskClient

        credentials = Credentials.from_env(self.environ if self.environ is not None else os.environ)
        return ZendeskClient(credentials, transport=self.transport, sleep=self.sleep, log=log)

    def history(self) -> History:
        """The review history named by the configuration."""
        from coach.history import History

        return History(self.config.history)

    @staticmethod
    def debug_log(enabled: bool) -> Callable[[str], None] | None:
        """A ``--debug`` sink for the client's request lines (they never carry credentials)."""
        import click

        return (lambda line: click.echo(f"debug: {line}", err=True)) if enabled else None

    def __repr__(self) -> str:
        return f"App(config_path={self.config_path!r})"


