"""Language detection and per-language readability on the labelled development set.

Run: .venv/bin/python tests/bench_language.py [--data PATH]

Prints (1) how often coach.language.detect.detect names each record's language, for drafts and
customer messages, and how long one detection takes; (2) per language, the readability
metrics of the drafts' bodies (as the engine measures them: cleaned, greeting and
signature excluded, sentences split with that language's abbreviations) for drafts
labelled readable and not readable, as min / quartiles / max, so thresholds can be chosen.
Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # this checkout's coach, not an installed one
DEFAULT_DATA = HERE.parent.parent / "shared" / "eval-dev" / "drafts.jsonl"
METRICS = {
    "en": ("flesch_reading_ease", "flesch_kincaid_grade"),
    "de": ("amstad_reading_ease", "wiener_sachtextformel"),
    "it": ("gulpease", "flesch_vacca"),
}
SHAPE = ("words_per_sentence", "longest_sentence", "words")
HIGHER_IS_HARDER = {"flesch_kincaid_grade", "wiener_sachtextformel", "words_per_sentence", "longest_sentence"}
MIN_WORDS = 40  # the readability rules skip shorter replies
SWEEP = {
    "flesch_reading_ease": (40, 50, 60, 70), "flesch_kincaid_grade": (8, 9, 10, 12),
    "amstad_reading_ease": (45, 50, 55, 60, 65), "wiener_sachtextformel": (6, 7, 8, 9, 10),
    "gulpease": (50, 55, 60, 65, 70), "flesch_vacca": (50, 60, 70),
    "words_per_sentence": (12, 15, 20), "longest_sentence": (25, 30, 35),
}


def detection_report(records: list[dict]) -> list[str]:
    from coach.language.detect import detect

    lines = []
    for field in ("draft", "customer"):
        right = sum(detect(r[field]).lang == r["lang"] for r in records)
        lines.append(f"detect {field:8}: {right}/{len(records)} right")
    rounds = 20
    start = time.perf_counter()
    for _ in range(rounds):
        for r in records:
            detect(r["draft"])
    per_draft = (time.perf_counter() - start) / (rounds * len(records))
    median_chars = statistics.median(len(r["draft"]) for r in records)
    lines.append(f"detect speed   : {per_draft * 1e6:.0f} us per draft (median draft {median_chars:.0f} chars)")
    return lines


def body_metrics(record: dict) -> dict[str, float | int]:
    """The readability figures of a draft's body in its labelled language, plus its longest sentence."""
    from coach.draft.clean import clean
    from coach.language.readability import metrics
    from coach.draft.text import Tokens, sentences

    draft = clean(record["draft"], html=record["format"] == "html")
    start, end = draft.greeting_end, max(draft.greeting_end, draft.body_end)
    tokens = Tokens(draft.judged, start, end)
    sents = sentences(draft.judged, start, end, tokens, lang=record["lang"])
    out = metrics(tokens.words, len(sents), record["lang"])
    out["longest_sentence"] = max((s.words for s in sents), default=0)
    return out


def quartiles(values: list[float]) -> str:
    if len(values) < 2:
        return "  ".join(f"{v:6.1f}" for v in values)
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return f"{min(values):6.1f} {q1:6.1f} {q2:6.1f} {q3:6.1f} {max(values):6.1f}"


def readability_report(records: list[dict]) -> list[str]:
    lines = []
    for lang, keys in METRICS.items():
        mine = [(r, body_metrics(r)) for r in records if r["lang"] == lang]
        lines += ["", f"{lang}: metric               readable   n    min     q1 median     q3    max"]
        for key in keys + SHAPE:
            for label in (True, False):
                values = [m[key] for r, m in mine if r["labels"]["readable"] is label]
                lines.append(f"    {key:22} {str(label):8} {len(values):3} {quartiles(values)}")
        lines += sweep(mine)
        lines.append("    not readable, by planted kind (metric values):")
        for r, m in mine:
            if not r["labels"]["readable"]:
                kinds = ",".join(sorted({p["kind"] for p in r["planted"] if p["dimension"] == "readable"}))
                figures = " ".join(f"{k}={m[k]}" for k in keys + SHAPE)
                lines.append(f"      {r['id']} {kinds:32} {figures}")
    return lines


def sweep(mine: list[tuple[dict, dict]]) -> list[str]:
    """For drafts of MIN_WORDS or more: how many not-readable drafts each threshold flags, and how many readable."""
    scored = [(r["labels"]["readable"], m) for r, m in mine if m["words"] >= MIN_WORDS]
    bad = sum(not ok for ok, _ in scored)
    lines = [f"    thresholds on drafts of {MIN_WORDS}+ words ({len(scored) - bad} readable, {bad} not): "
             "flags not-readable / readable"]
    for key, limits in SWEEP.items():
        if not all(key in m for _, m in scored):
            continue
        cells = []
        for limit in limits:
            hard = (lambda v: v > limit) if key in HIGHER_IS_HARDER else (lambda v: v < limit)
            caught = sum(hard(m[key]) and not ok for ok, m in scored)
            false = sum(hard(m[key]) and ok for ok, m in scored)
            cells.append(f"{'>' if key in HIGHER_IS_HARDER else '<'}{limit}: {caught}/{false}")
        lines.append(f"      {key:22} " + "  ".join(cells))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args(argv)
    with args.data.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    print("\n".join(detection_report(records) + readability_report(records)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
