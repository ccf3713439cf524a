"""Benchmark coach's judgement on the labelled development set (../shared/eval-dev/).

Run: .venv/bin/python tests/bench_quality.py [--data PATH] [--misses 8] [--lang en]

Prints, per language and dimension, the share of flawed dimensions coach flags (a
warning or error in that dimension) and the share of fine dimensions it flags anyway;
per required rule, its false alarms (fired where the lead marked its dimension fine);
and the worst misses and false alarms, so a rule author knows where to look.
Asserts nothing: targets live in the issues and the closing notes, not in timed tests.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # measure this checkout's coach, whatever is installed
DEFAULT_DATA = next(
    (p / "shared" / "eval-dev" / "drafts.jsonl" for p in HERE.parents if (p / "shared" / "eval-dev").is_dir()),
    HERE.parent.parent / "shared" / "eval-dev" / "drafts.jsonl",
)
DIMENSIONS = ("direct", "empathetic", "follow_up", "readable")
REQUIRED = ("empathetic.acknowledge", "follow_up.invitation", "direct.next-step")
FLAGGING = ("warning", "error")
TARGETS = {"en": (0.90, 0.05), "de": (0.85, 0.10), "it": (0.85, 0.10)}


@dataclass
class Outcome:
    record: dict
    result: object  # coach.model.Result

    def flagged(self, dimension: str) -> list:
        return [f for f in self.result.findings if f.dimension == dimension and f.severity in FLAGGING]


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def run(records: list[dict]) -> list[Outcome]:
    """Check every record as coach would: its language detected, the customer's message known."""
    from coach.check.checker import Checker
    from coach.model import Context

    checker = Checker()
    outcomes = []
    for r in records:
        context = Context(subject=r["subject"], customer_message=r["customer"])
        result = checker.check(r["draft"], source=r["id"], html=r["format"] == "html", context=context)
        outcomes.append(Outcome(r, result))
    return outcomes


def language_table(outcomes: list[Outcome]) -> list[str]:
    lines = ["lang  detected right"]
    for lang in sorted({o.record["lang"] for o in outcomes}):
        mine = [o for o in outcomes if o.record["lang"] == lang]
        right = sum(1 for o in mine if o.result.lang == lang)
        wrong = sorted({f"{o.record['id']}->{o.result.lang}" for o in mine if o.result.lang != lang})
        lines.append(f"{lang:5} {_share(right, len(mine))}{'   wrong: ' + ', '.join(wrong[:8]) if wrong else ''}")
    return lines


def dimension_table(outcomes: list[Outcome]) -> list[str]:
    lines = ["lang  dimension    flawed flagged        fine falsely flagged   target"]
    for lang in sorted({o.record["lang"] for o in outcomes}):
        mine = [o for o in outcomes if o.record["lang"] == lang]
        caught = missed_total = false = fine_total = 0
        for dim in DIMENSIONS:
            bad = [o for o in mine if not o.record["labels"][dim]]
            good = [o for o in mine if o.record["labels"][dim]]
            hit = sum(1 for o in bad if o.flagged(dim))
            fa = sum(1 for o in good if o.flagged(dim))
            caught, missed_total, false, fine_total = caught + hit, missed_total + len(bad), false + fa, fine_total + len(good)
            lines.append(f"{lang:5} {dim:12} {_share(hit, len(bad))}   {_share(fa, len(good))}")
        want = TARGETS.get(lang, (0.9, 0.05))
        met = caught / max(missed_total, 1) >= want[0] and false / max(fine_total, 1) <= want[1]
        lines.append(
            f"{lang:5} {'ALL':12} {_share(caught, missed_total)}   {_share(false, fine_total)}   "
            f">= {want[0]:.2f} / <= {want[1]:.2f} {'met' if met else 'NOT met'}"
        )
    return lines


def required_table(outcomes: list[Outcome]) -> list[str]:
    lines = ["lang  required rule            fired  false alarms   share   (target <= 0.10)"]
    for lang in sorted({o.record["lang"] for o in outcomes}):
        for rule in REQUIRED:
            dim = rule.split(".")[0]
            fired = [o for o in outcomes if o.record["lang"] == lang and any(f.rule == rule for f in o.result.findings)]
            false = [o for o in fired if o.record["labels"][dim]]
            share = len(false) / len(fired) if fired else 0.0
            lines.append(f"{lang:5} {rule:24} {len(fired):5}  {len(false):12}   {share:5.2f}")
    return lines


def worst(outcomes: list[Outcome], n: int) -> list[str]:
    misses: list[tuple[str, str, str]] = []
    alarms: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    for o in outcomes:
        r = o.record
        for dim in DIMENSIONS:
            if not r["labels"][dim] and not o.flagged(dim):
                kinds = ", ".join(sorted({p["kind"] for p in r["planted"] if p["dimension"] == dim}))
                text = next((p["text"] for p in r["planted"] if p["dimension"] == dim and p["text"]), "")
                misses.append((f"{r['id']} {r['lang']} {dim}", kinds, (text or "")[:90]))
            elif r["labels"][dim]:
                for f in o.flagged(dim):
                    alarms[f.rule] += 1
                    if len(examples[f.rule]) < 2:
                        examples[f.rule].append(f"{r['id']}: {' '.join(f.text.split())[:80]!r}")
    by_kind = Counter(k for _, kinds, _ in misses for k in kinds.split(", "))
    lines = [f"missed flaws by kind: {', '.join(f'{k} {c}' for k, c in by_kind.most_common())}"]
    lines += [f"  miss {where}: {kinds}: {text!r}" for where, kinds, text in misses[:n]]
    lines.append("false alarms by rule: " + ", ".join(f"{k} {c}" for k, c in alarms.most_common()))
    for rule, _ in alarms.most_common(n):
        lines += [f"  {rule}: {e}" for e in examples[rule]]
    return lines


def _share(part: int, whole: int) -> str:
    return f"{part / whole if whole else 0:5.2f} ({part:3}/{whole:3})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--misses", type=int, default=8, help="how many misses and false alarms to list")
    parser.add_argument("--lang", action="append", help="only these languages (repeatable)")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"bench_quality: {args.data}: not found (the eval-dev set lives in ../shared/eval-dev/)", file=sys.stderr)
        return 2
    records = [r for r in load(args.data) if not args.lang or r["lang"] in args.lang]
    outcomes = run(records)
    print(f"coach judgement on {len(records)} labelled drafts ({args.data.name})\n")
    for block in (language_table(outcomes), dimension_table(outcomes), required_table(outcomes), worst(outcomes, args.misses)):
        print("\n".join(block) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
