"""Benchmark coach's three required rules on real-style brand support replies.

Run: .venv/bin/python tests/bench_replies.py [--data PATH] [--show 10]

The set (tests/data/replies/replies.jsonl) holds short company replies as brand agents
write them on social media and e-mail, each with the customer's message it answers and
two labels per act: whether the reply NEEDS it and whether it HAS it. A reply lacks an
act when it needs it and has not got it. Per required rule this prints how often it
fired, its false alarms (fired where the act is present or not needed) and their share
of firings, its catches (fired on replies lacking the act), and lists false alarms and
misses by id. Asserts nothing: the targets (false alarms <= 0.15 of firings, catches
>= 0.70) live in the issue.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from bench_quality import load  # one JSONL reader for the benchmarks (tests/ is on sys.path when run)

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # measure this checkout's coach, not /work/main's

DEFAULT_DATA = Path(__file__).resolve().parent / "data" / "replies" / "replies.jsonl"
RULES = {
    "empathetic.acknowledge": "acknowledgement",
    "follow_up.invitation": "invitation",
    "direct.next-step": "next_step",
}
MAX_FALSE_SHARE, MIN_CATCHES = 0.15, 0.70


@dataclass
class Outcome:
    record: dict
    rules: frozenset[str]  # the rules that fired
    lang: str
    error: str = ""  # why coach could not check the reply, if it could not

    def lacks(self, act: str) -> bool:
        return self.record["needs"][act] and not self.record["has"][act]

    def false_reason(self, act: str) -> str:
        """Why a firing on this reply is a false alarm ('' when it is not one)."""
        if not self.record["needs"][act]:
            return "not needed"
        return "present" if self.record["has"][act] else ""


def run(records: list[dict]) -> list[Outcome]:
    """Check every reply as coach would, knowing the customer's message."""
    from coach.check.checker import Checker
    from coach.errors import CoachError
    from coach.model import Context

    checker = Checker()
    outcomes = []
    for r in records:
        try:
            result = checker.check(r["reply"], source=r["id"], context=Context(customer_message=r["customer"]))
        except CoachError as exc:
            outcomes.append(Outcome(r, frozenset(), "-", str(exc)))
            continue
        outcomes.append(Outcome(r, frozenset(f.rule for f in result.findings), result.lang))
    return outcomes


def rule_table(outcomes: list[Outcome]) -> list[str]:
    lines = ["required rule            fired  false alarms  share   lacking  caught  catches   targets"]
    for rule, act in RULES.items():
        fired = [o for o in outcomes if rule in o.rules]
        false = [o for o in fired if o.false_reason(act)]
        lacking = [o for o in outcomes if o.lacks(act)]
        caught = [o for o in lacking if rule in o.rules]
        share = len(false) / len(fired) if fired else 0.0
        catches = len(caught) / len(lacking) if lacking else 0.0
        met = share <= MAX_FALSE_SHARE and catches >= MIN_CATCHES
        lines.append(
            f"{rule:24} {len(fired):5}  {len(false):12}  {share:5.2f}   {len(lacking):7}  {len(caught):6}  "
            f"{catches:7.2f}   {'met' if met else 'NOT met'}"
        )
    return lines


def listing(outcomes: list[Outcome], show: int) -> list[str]:
    lines = []
    for rule, act in RULES.items():
        false = [o for o in outcomes if rule in o.rules and o.false_reason(act)]
        false.sort(key=lambda o: o.false_reason(act) != "present")  # act present first: the clearest errors
        missed = [o for o in outcomes if o.lacks(act) and rule not in o.rules]
        lines.append(f"{rule}: {len(false)} false alarms, {len(missed)} misses")
        lines += [f"  false ({o.false_reason(act)}) {_quote(o)}" for o in false[:show]]
        lines += [f"  miss {_quote(o)}" for o in missed[:show]]
    return lines


def unchecked(outcomes: list[Outcome]) -> list[str]:
    odd = [o for o in outcomes if o.error or o.lang != "en"]
    if not odd:
        return ["every reply was checked as English"]
    return [f"not checked as English: {len(odd)}"] + [
        f"  {o.record['id']} {o.error or 'lang=' + o.lang}: {o.record['reply'][:70]!r}" for o in odd
    ]


def _quote(o: Outcome) -> str:
    words = o.record["reply"].split()
    return f"{o.record['id']} ({len(words)}w): {' '.join(words)[:110]!r}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--show", type=int, default=10, help="how many false alarms and misses to list per rule")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"bench_replies: {args.data}: not found", file=sys.stderr)
        return 2
    records = load(args.data)
    outcomes = run(records)
    lacking = sum(1 for o in outcomes if any(o.lacks(a) for a in RULES.values()))
    print(f"coach's required rules on {len(records)} brand support replies ({args.data.name}); "
          f"{lacking} lack at least one needed act\n")
    for block in (rule_table(outcomes), unchecked(outcomes), listing(outcomes, args.show)):
        print("\n".join(block) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
