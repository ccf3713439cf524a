"""Benchmark `coach review` on the fake Zendesk: requests per reviewed draft, drafts/s, peak memory.

Run: .venv/bin/python tests/bench_review.py [--tickets 1000]
Prints figures; asserts nothing (target: <= 2.2 API requests per reviewed draft).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_check import varied_drafts  # noqa: E402
from click.testing import CliRunner  # noqa: E402
from fakezendesk import FakeZendesk  # noqa: E402

from coach.cli import cli  # noqa: E402
from coach.cli.app import App  # noqa: E402

ENV = {"ZENDESK_SUBDOMAIN": "acme", "ZENDESK_EMAIL": "coach.bot@acme.example", "ZENDESK_API_TOKEN": "bench-token"}


def seed(fake: FakeZendesk, n: int) -> None:
    customer = fake.add_user("Maria Lopez", role="end-user")["id"]
    trainee = fake.add_user("Tia Trainee")["id"]
    for i, text in enumerate(varied_drafts(n, seed=3)):
        t = fake.add_ticket(f"Question {i}", requester_id=customer, tags=["coach_draft"], description="Help, please.")
        fake.add_comment(t["id"], author_id=trainee, body=text, public=False)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--tickets", type=int, default=1000)
    args = ap.parse_args()
    fake = FakeZendesk()
    seed(fake, args.tickets)
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "coach.toml"
        config.write_text(f'[history]\npath = "{Path(tmp) / "history.sqlite3"}"\n')
        app = App(config, transport=fake.transport(), sleep=lambda s: None, environ=ENV)
        before = len(fake.requests)
        tracemalloc.start()
        t = time.perf_counter()
        result = CliRunner().invoke(cli, ["review", "--no-progress"], obj=app, catch_exceptions=False)
        elapsed = time.perf_counter() - t
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    requests = len(fake.requests) - before
    reviewed = sum(1 for tid in fake.tickets for c in fake.comments(tid) if c["author_id"] == fake.me_id)
    print(result.output.strip().splitlines()[-1] if result.output else "(no output)")
    print(f"tickets                 {args.tickets}")
    print(f"drafts reviewed         {reviewed}   exit {result.exit_code}")
    print(f"API requests            {requests}   ({requests / max(reviewed, 1):.2f} per reviewed draft; target <= 2.2)")
    print(f"throughput              {reviewed / elapsed:.0f} drafts/s ({elapsed:.1f} s, fake Zendesk in-process)")
    print(f"peak traced memory      {peak / 1e6:.1f} MB (includes the fake's own state)")


if __name__ == "__main__":
    main()
