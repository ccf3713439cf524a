"""Benchmark `coach check`: cold start-up of one check, and drafts per second in one process.

Run: .venv/bin/python tests/bench_check.py [--runs 21] [--drafts 10000]
Prints figures; asserts nothing (targets: median cold start <= 100 ms, >= 2,000 drafts/s).
The first cold run fills the rule cache (~/.cache/coach, or $COACH_CACHE_DIR); the median is of warm-cache runs.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
SAMPLE = HERE / "data" / "drafts" / "shadow-day.txt"

OPENERS = ["Hi {n},", "Hello {n},", "Dear {n},", "Hey {n},", ""]
SENTENCES = [
    "Thanks for the screenshots, they helped a lot.",
    "I'm sorry the export stopped halfway through.",
    "You should have read the documentation before changing the settings.",
    "It's simply a matter of clicking the button that says \"Re-sync\".",
    "Unfortunately we can't restore deleted groups because of our policy.",
    "I've re-run the sync and all 42 users are back in the Design group.",
    "Please refer to the documentation.",
    "As I said, this is basically expected behaviour.",
    "To stop this from happening again, open Settings > Security and turn on nightly sync.",
    "I think maybe the cache is sort of stale, so it might possibly help to clear it.",
    "Run `coach --reset` and then visit https://example.com/help/articles/123 for details.",
    "This is a very long sentence that keeps going with more and more clauses, because the writer wanted to cover every possible case in one breath without stopping for air at all.",
    "THIS IS URGENT!!",
    "Does that match what you see now?",
    "If anything still looks off, reply here and I'll take another look today.",
]
CLOSERS = ["Best,\nSam", "Kind regards,\nAlex", "Thanks,\nTia", "Cheers,\nEve", ""]


def varied_drafts(n: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    drafts = []
    for _ in range(n):
        paras = [" ".join(rng.sample(SENTENCES, rng.randint(1, 4))) for _ in range(rng.randint(1, 4))]
        parts = [rng.choice(OPENERS).format(n=rng.choice(["Maria", "Tom", "Priya"])), *paras, rng.choice(CLOSERS)]
        drafts.append("\n\n".join(p for p in parts if p))
    return drafts


# As an installed program runs: with its bytecode (pip writes .pyc files at install; a shell
# with PYTHONDONTWRITEBYTECODE would make every run compile coach's modules from source).
_INSTALLED_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def cold_start(runs: int, program: str = "coach") -> list[float]:
    """Wall-clock times of ``<program> check SAMPLE`` run afresh (empty when it is not installed)."""
    exe = shutil.which(program, path=str(Path(sys.executable).parent)) or shutil.which(program)
    if exe is None:
        return []
    times = []
    env = _INSTALLED_ENV
    with tempfile.TemporaryDirectory() as cwd:
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run([exe, "check", str(SAMPLE)], cwd=cwd, capture_output=True, env=env)
            times.append((time.perf_counter() - t) * 1000)
    return times


def python_start(runs: int, code: str = "pass") -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], capture_output=True, env=_INSTALLED_ENV)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def throughput(n: int) -> tuple[float, float]:
    from coach.check.checker import Checker

    t = time.perf_counter()
    checker = Checker()
    load_ms = (time.perf_counter() - t) * 1000
    drafts = varied_drafts(n)
    checker.check(drafts[0])  # first use compiles templates
    t = time.perf_counter()
    for i, d in enumerate(drafts):
        checker.check(d, source=f"draft {i}")
    return n / (time.perf_counter() - t), load_ms


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=21)
    ap.add_argument("--drafts", type=int, default=10_000)
    args = ap.parse_args()
    times = cold_start(args.runs)
    print(f"python -c pass            median {python_start(args.runs):6.1f} ms")
    floor = python_start(args.runs, "import click, jinja2")
    print(f"import click, jinja2      median {floor:6.1f} ms   (the floor for a check that adds an opener or closer)")
    print(f"coach check (cold)        median {statistics.median(times):6.1f} ms   min {min(times):.1f}   max {max(times):.1f}   runs {args.runs}")
    prose = cold_start(args.runs, "proselint")  # the reference linter, when installed (pip install proselint)
    if prose:
        ratio = statistics.median(prose) / statistics.median(times)
        print(f"proselint check (cold)    median {statistics.median(prose):6.1f} ms   coach speed = {ratio:.2f}x proselint's (target >= 0.9x)")
    else:
        print("proselint check (cold)    not installed (pip install proselint to compare)")
    rate, load_ms = throughput(args.drafts)
    print(f"load rules + templates           {load_ms:6.1f} ms")
    print(f"throughput                {rate:8.0f} drafts/s over {args.drafts:,} varied drafts")


if __name__ == "__main__":
    main()
