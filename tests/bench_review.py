"""Benchmark `coach review` on the fake Zendesk: requests per reviewed draft, drafts/s, peak memory,
then a second run acting on buddies' decisions: requests per decision.

Run: .venv/bin/python tests/bench_review.py [--tickets 1000]
Prints figures; asserts nothing (target: <= 2.2 API requests per reviewed draft).
In the decision run a quarter of the tickets carry the approve tag from a buddy's macro, a quarter
a buddy's ``/approve`` note, a quarter the approve tag the trainee typed themselves (ignored: the
audits show who added it), and a quarter no decision yet (waiting).
Run it with --tickets 500 and 1000 --trace to see that what coach keeps does not grow with the batch.
"""

from __future__ import annotations

import argparse
import resource
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


def seed(fake: FakeZendesk, n: int) -> int:
    customer = fake.add_user("Maria Lopez", role="end-user")["id"]
    trainee = fake.add_user("Tia Trainee")["id"]
    for i, text in enumerate(varied_drafts(n, seed=3)):
        t = fake.add_ticket(f"Question {i}", requester_id=customer, tags=["coach_draft"], description="Help, please.")
        fake.add_comment(t["id"], author_id=trainee, body=text, public=False)
    return trainee


def decide(fake: FakeZendesk, trainee: int) -> dict[str, list[int]]:
    """Decision tags and notes on the reviewed tickets, a quarter of each kind (see the module's docstring)."""
    buddy = fake.add_user("Ben Buddy")["id"]
    kinds: dict[str, list[int]] = {"macro": [], "note": [], "self-tagged": [], "waiting": []}
    for i, tid in enumerate(sorted(fake.tickets)):
        kind = list(kinds)[i % 4]
        if kind == "macro":
            fake.edit_ticket(tid, additional_tags=["coach_approved"], author_id=buddy)
        elif kind == "note":
            fake.add_comment(tid, author_id=buddy, public=False, body="/approve")
        elif kind == "self-tagged":
            fake.edit_ticket(tid, additional_tags=["coach_approved"], author_id=trainee)
        kinds[kind].append(tid)
    return kinds


def summary_line(output: str) -> str:
    return next((line for line in output.splitlines() if line.startswith("coach review:")), "(no summary)")


def per_ticket(requests: list, tickets: list[int]) -> float:
    """Mean requests naming one of ``tickets`` (/tickets/{id}...)."""
    wanted = {f"/api/v2/tickets/{tid}" for tid in tickets}
    hits = sum(1 for r in requests if r.path.removesuffix(".json").split("/comments")[0].split("/audits")[0] in wanted)
    return hits / max(len(tickets), 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--tickets", type=int, default=1000)
    ap.add_argument("--trace", action="store_true", help="also measure what coach keeps in memory (slow)")
    args = ap.parse_args()
    fake = FakeZendesk()
    trainee = seed(fake, args.tickets)
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "coach.toml"
        config.write_text(f'[history]\npath = "{Path(tmp) / "history.sqlite3"}"\n')
        in_fake = [0.0]

        def timed(request):  # the fake's own time is not coach's
            t0 = time.perf_counter()
            try:
                return fake.handler(request)
            finally:
                in_fake[0] += time.perf_counter() - t0

        import httpx

        app = App(config, transport=httpx.MockTransport(timed), sleep=lambda s: None, environ=ENV)
        before = len(fake.requests)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if args.trace:
            tracemalloc.start(30)
        t = time.perf_counter()
        result = CliRunner().invoke(cli, ["review", "--no-progress"], obj=app, catch_exceptions=False)
        elapsed = time.perf_counter() - t
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        kept = None
        if args.trace:
            not_fake = [tracemalloc.Filter(False, "*fakezendesk.py", all_frames=True),
                        tracemalloc.Filter(False, tracemalloc.__file__)]
            kept = sum(s.size for s in tracemalloc.take_snapshot().filter_traces(not_fake).statistics("filename"))
            tracemalloc.stop()
    requests = len(fake.requests) - before
    reviewed = sum(1 for tid in fake.tickets for c in fake.comments(tid) if c["author_id"] == fake.me_id)
    print(summary_line(result.output))
    print(f"tickets                 {args.tickets}")
    print(f"drafts reviewed         {reviewed}   exit {result.exit_code}")
    print(f"API requests            {requests}   ({requests / max(reviewed, 1):.2f} per reviewed draft; target <= 2.2)")
    own = elapsed - in_fake[0]
    print(f"throughput              {reviewed / elapsed:.0f} drafts/s ({elapsed:.1f} s with the in-process fake Zendesk)")
    print(f"coach's own time        {own:.1f} s ({reviewed / own:.0f} drafts/s without the fake's {in_fake[0]:.1f} s)")
    if kept is not None:
        print(f"kept by coach           {kept / 1e6:.2f} MB after the run (allocations outside the fake still alive)")
    print(f"peak RSS                {rss_after / 1024:.1f} MB ({(rss_after - rss_before) / 1024:+.1f} MB during the run, fake's growth included)")
    kinds = decide(fake, trainee)
    before = len(fake.requests)
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "coach.toml"
        config.write_text(f'[history]\npath = "{Path(tmp) / "history.sqlite3"}"\n')
        app = App(config, transport=fake.transport(), sleep=lambda s: None, environ=ENV)
        result = CliRunner().invoke(cli, ["review", "--no-progress"], obj=app, catch_exceptions=False)
    sent = fake.requests[before:]
    print(summary_line(result.output))
    print(f"decision run            {len(sent)} API requests, exit {result.exit_code}; per ticket: "
          + ", ".join(f"{kind} {per_ticket(sent, tids):.2f}" for kind, tids in kinds.items())
          + f"; searches and /users/me {len(sent) - sum(per_ticket(sent, t) * len(t) for t in kinds.values()):.0f}")

if __name__ == "__main__":
    main()
