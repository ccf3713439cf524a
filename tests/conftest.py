"""Shared fixtures: a fake Zendesk account with a trainee, a buddy and a customer, and a CLI runner on it."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from fakezendesk import FakeZendesk, ManualClock

from coach.check.checker import Checker
from coach.cli import cli
from coach.cli.app import App
from coach.config import load_config
from coach.workflow.worker import Worker
from coach.zendesk import Credentials, ZendeskClient

# The rule cache (coach/rules/cache.py) goes to a folder of this run's own, never the user's ~/.cache.
os.environ["COACH_CACHE_DIR"] = _CACHE = tempfile.mkdtemp(prefix="coach-test-cache-")
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

TOKEN = "s3cr3t-t0ken-value"
ENV = {"ZENDESK_SUBDOMAIN": "acme", "ZENDESK_EMAIL": "coach.bot@acme.example", "ZENDESK_API_TOKEN": TOKEN}
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)

POOR_DRAFT = (
    "Hi Maria,\n\nAs I said, you should have read the documentation. "
    "It's simply a matter of clicking the button.\n\nUnfortunately we can't restore it.\n\nThanks,\nTia"
)
GOOD_DRAFT = (
    "Hi Maria,\n\nThanks for the screenshots, and I'm sorry the sync stopped before your launch.\n\n"
    "I've re-run the sync, and all 42 users are back in the Design group.\n\n"
    "Does that match what you see? If anything still looks off, reply here and I'll take another look today.\n\n"
    "Best,\nTia"
)


@dataclass
class Account:
    """A seeded fake Zendesk and helpers to add drafted tickets and run the CLI on it."""

    fake: FakeZendesk
    tmp: Path
    clock: ManualClock
    customer: int
    trainee: int
    visitor: int
    buddy: int
    sleeps: list[float] = field(default_factory=list)

    def draft_ticket(self, text: str = POOR_DRAFT, *, author: int | None = None, tags: tuple[str, ...] = ("coach_draft",), subject: str = "Users missing after SSO sync") -> int:
        t = self.fake.add_ticket(subject, requester_id=self.customer, tags=tags,
                                 description="Half my team vanished from the Design group after the sync. Help!")
        self.fake.add_comment(t["id"], author_id=author or self.trainee, body=text, public=False)
        return int(t["id"])

    def notes(self, ticket_id: int) -> list[dict]:
        """The coach notes on a ticket."""
        return [c for c in self.fake.comments(ticket_id) if c["author_id"] == self.fake.me_id]

    def app(self, **kw: object) -> App:
        return App(self.tmp / "coach.toml", transport=self.fake.transport(), sleep=self.sleeps.append,
                   clock=lambda: self.clock(), environ=dict(ENV), **kw)  # type: ignore[arg-type]

    def invoke(self, *args: str, app: App | None = None, input: str | None = None) -> Result:
        return CliRunner().invoke(cli, list(args), obj=app or self.app(), input=input, catch_exceptions=False)

    def history_path(self) -> Path:
        return self.tmp / "history.sqlite3"


def workers_at_once(account: Account, tickets: Callable[[ZendeskClient], Iterable[int]], n: int = 3) -> list[BaseException]:
    """Run ``n`` workers at once, each on its own client, over the tickets ``tickets(client)`` names; what they raised."""
    checker = Checker(load_config(account.tmp / "coach.toml"))
    errors: list[BaseException] = []

    def work() -> None:
        try:
            with ZendeskClient(Credentials.from_env(ENV), transport=account.fake.transport(), sleep=lambda s: None) as client:
                list(Worker(client, checker).run(tickets(client)))
        except BaseException as exc:  # pragma: no cover - the caller asserts there were none
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


class TickingClock(ManualClock):
    """A clock that moves one second each time it is read, like the time between real requests."""

    def __call__(self) -> datetime:
        self.advance(seconds=1)
        return self.now


@pytest.fixture
def account(tmp_path: Path) -> Account:
    clock = TickingClock(NOW)
    fake = FakeZendesk(clock=clock)
    customer = fake.add_user("Maria Lopez", role="end-user", email="maria@customer.example")["id"]
    trainee = fake.add_user("Tia Trainee")["id"]
    visitor = fake.add_user("Eve Engineer")["id"]
    buddy = fake.add_user("Ben Buddy")["id"]
    fake.add_group("Trainees", [trainee])
    fake.add_group("Shadow day", [visitor])
    (tmp_path / "coach.toml").write_text(f'[history]\npath = "{tmp_path / "history.sqlite3"}"\n')
    return Account(fake, tmp_path, clock, customer, trainee, visitor, buddy)


@pytest.fixture
def write_config(tmp_path: Path) -> Callable[[str], Path]:
    def write(text: str) -> Path:
        path = tmp_path / "coach.toml"
        path.write_text(text)
        return path

    return write
