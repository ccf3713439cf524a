"""Render the HTML progress report from a demo history and screenshot it in headless Chromium.

Not a test (pytest collects ``test_*.py`` only); run it by hand to look at the page::

    .venv/bin/python tests/screenshot_report.py            # writes bench-out/report/
    .venv/bin/python tests/screenshot_report.py --out /tmp/r --window 1280,2600

It seeds ``demo.sqlite3`` with five weeks of reviews (three trainees, two shadow
visitors, approvals, reworks and edited approvals; fixed random seed, so the page
is the same every run), renders ``report.html``, ``report.md`` and ``report.txt``,
and runs Debian's ``chromium --headless --screenshot`` to write ``report.png``
(1280x2000: the top of the page) and ``report-full.png`` (a window tall enough
for the whole demo page). It prints the paths. Chromium: ``apt-get install -y chromium``.

``tests/test_report.py`` reuses ``seed_demo``, ``render_demo`` and ``screenshot``
for its ``@pytest.mark.browser`` test.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from coach.history import DecisionRecord, History, ReviewRecord  # noqa: E402
from coach.model import DIMENSIONS  # noqa: E402
from coach.report import build_report, render, render_text  # noqa: E402
from coach.templates import Templates  # noqa: E402

DEFAULT_OUT = ROOT / "bench-out" / "report"
UNTIL = datetime(2026, 11, 6, 18, 0, tzinfo=timezone.utc)
SINCE = datetime(2026, 10, 5, tzinfo=timezone.utc)

# (id, name, kind, first week offset, start score, weekly gain, habits: rule -> probability per draft)
PEOPLE = [
    (101, "Ana Lima", "trainee", 0, 58, 6.0, {"direct.hedging": 0.8, "empathetic.acknowledge": 0.6, "readable.sentence-length": 0.5, "direct.filler": 0.4}),
    (102, "Ben Okafor", "trainee", 0, 71, 2.5, {"direct.vague-time": 0.6, "follow_up.invitation": 0.5, "readable.jargon": 0.4}),
    (103, "Chloé Dubois-Martin", "trainee", 1, 64, -1.5, {"empathetic.blame": 0.5, "empathetic.exclamation": 0.6, "direct.next-step": 0.5, "readable.wall-of-text": 0.3}),
    (201, "Dev Patel (eng)", "shadow", 4, 55, 0.0, {"readable.jargon": 0.9, "empathetic.acknowledge": 0.7, "direct.next-step": 0.6}),
    (202, "<b>Eve</b> & co", "shadow", 4, 62, 0.0, {"empathetic.shouting": 0.5, "follow_up.invitation": 0.7, "direct.hedging": 0.4}),
]
CHANGES = {  # rule -> (before, after) of a typical change
    "direct.hedging": ("I think maybe", "I will"),
    "direct.filler": ("just ", ""),
    "direct.vague-time": ("soon", "by Friday"),
    "empathetic.acknowledge": ("", "I understand how frustrating this is. "),
    "empathetic.blame": ("you should have", "the next step is to"),
    "empathetic.exclamation": ("!!", "."),
    "empathetic.shouting": ("PLEASE NOTE", "Please note"),
    "follow_up.invitation": ("", " Let me know if anything is unclear."),
}
SUBJECTS = ["Refund not received", "Cannot log in after reset", "Invoice shows the wrong VAT", "Export to CSV fails",
            "Change the account owner", "App crashes on upload", "Cancel my subscription", "Delivery is late"]
BUDDY = (900, "Sam Rivera")


def seed_demo(history: History) -> None:
    """Five weeks of plausible reviews (deterministic)."""
    rnd = random.Random(7)
    draft_id, ticket_id = 5000, 30000
    monday = SINCE
    for pid, name, kind, first_week, start, gain, habits in PEOPLE:
        weeks = range(first_week, 5)
        for week in weeks:
            drafts = 2 if kind == "shadow" else rnd.randint(3, 5)
            progress = week - first_week
            for _ in range(drafts):
                ticket_id += 1
                subject = rnd.choice(SUBJECTS)
                rounds = 1 if rnd.random() < 0.55 + 0.06 * progress else 2
                first_at = monday + timedelta(weeks=week, days=rnd.randint(0, 4), hours=rnd.randint(8, 14), minutes=rnd.choice([0, 15, 30, 45]))
                for rnd_no in range(1, rounds + 1):
                    draft_id += 1
                    at = first_at + timedelta(hours=3 * (rnd_no - 1))
                    base = start + gain * progress + 8 * (rnd_no - 1) + rnd.uniform(-6, 6)
                    scores = {d: max(0, min(100, round(base + rnd.uniform(-12, 12)))) for d in DIMENSIONS}
                    scores["overall"] = round(sum(scores[d] for d in DIMENSIONS) / len(DIMENSIONS))
                    fade = 1.0 if gain <= 0 else max(0.15, 1 - 0.22 * progress)
                    findings = {rule: rnd.randint(1, 3) for rule, p in habits.items() if rnd.random() < p * fade * (0.5 if rnd_no > 1 else 1)}
                    changes = [(rule, *CHANGES[rule]) for rule in findings if rule in CHANGES]
                    history.record_review(ReviewRecord(
                        draft_id=draft_id, ticket_id=ticket_id, round=rnd_no, author_id=pid, author_name=name, author_kind=kind,
                        subject=subject, drafted_at=(at - timedelta(minutes=20)).isoformat(), reviewed_at=at.isoformat(),
                        verdict="ready" if scores["overall"] >= 75 and not findings else "revise", scores=scores, findings=findings,
                        changes=changes, revision="(revision)",
                    ))
                    last = rnd_no == rounds
                    decided = at + timedelta(hours=rnd.choice([0.5, 1, 2, 3, 5, 20] if last else [0.5, 1, 2]))
                    if decided > UNTIL:
                        continue
                    approved_text = None
                    if last and changes and rnd.random() < 0.3:  # the buddy edits, undoing the first change
                        rule, before, after = changes[0]
                        approved_text = f"Hello, {before or 'thanks'} we are on it."
                    history.record_decision(DecisionRecord(
                        draft_id=draft_id, decision="approve" if last else "rework", via=rnd.choice(["macro", "note"]),
                        buddy_id=BUDDY[0], buddy_name=BUDDY[1], decided_at=decided.isoformat(),
                        reason="" if last else "Please answer the question about the refund first.", approved_text=approved_text,
                    ))


def render_demo(out: Path) -> dict[str, Path]:
    """Seed ``out/demo.sqlite3`` afresh and write report.html, report.md and report.txt."""
    out.mkdir(parents=True, exist_ok=True)
    db = out / "demo.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    with History(db) as h:
        seed_demo(h)
        report = build_report(h, since=SINCE, until=UNTIL)
    templates = Templates()
    paths = {"html": out / "report.html", "markdown": out / "report.md", "text": out / "report.txt"}
    paths["html"].write_text(render(report, templates, "html"), encoding="utf-8")
    paths["markdown"].write_text(render(report, templates, "markdown"), encoding="utf-8")
    paths["text"].write_text(render_text(report), encoding="utf-8")
    return paths


def chromium() -> str | None:
    """The Chromium binary, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def screenshot(html: Path, png: Path, *, window: str = "1280,2000", timeout: float = 120) -> Path:
    """Screenshot ``html`` with headless Chromium into ``png``."""
    binary = chromium()
    if binary is None:
        raise RuntimeError("chromium is not installed (apt-get install -y chromium)")
    png.unlink(missing_ok=True)
    cmd = [
        binary, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
        "--disable-extensions", "--disable-background-networking", f"--window-size={window}",
        f"--screenshot={png}", html.resolve().as_uri(),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    if not png.is_file():
        raise RuntimeError(f"chromium wrote no screenshot (exit {done.returncode}): {done.stderr[-2000:]}")
    return png


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    parser.add_argument("--window", default="1280,2000", help="Chromium window size WIDTH,HEIGHT (default 1280,2000)")
    parser.add_argument("--full", default="1280,3400", metavar="WIDTH,HEIGHT",
                        help="window of the second, whole-page screenshot report-full.png (default 1280,3400; '' to skip)")
    args = parser.parse_args(argv)
    paths = render_demo(args.out)
    for kind, path in paths.items():
        print(f"{kind}: {path}")
    shots = [("report.png", args.window)] + ([("report-full.png", args.full)] if args.full else [])
    for name, window in shots:
        try:
            png = screenshot(paths["html"], args.out / name, window=window)
        except RuntimeError as exc:
            print(f"screenshot: {exc}", file=sys.stderr)
            return 1
        print(f"screenshot ({window}): {png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
