"""Precision of the events whose confidence is at or above each threshold, on a gold set.

    python bench/predict_dev.py --out out/dev
    python bench/confidence.py --gold ../shared/gold/dev --pred out/dev

An event counts as correct when ../shared/eval/score.py would match it (same type,
overlapping trigger, one-to-one). Prints one row per threshold.
"""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

from scoring_args import scoring_parser


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv=None) -> int:
    args = scoring_parser(__doc__).parse_args(argv)
    score = load_scorer(args.scorer)
    scored: list[tuple[float, bool]] = []
    for gold_file in sorted(args.gold.glob("*.gold.json")):
        name = gold_file.name[: -len(".gold.json")]
        text = (args.gold / f"{name}.txt").read_text(encoding="utf-8")
        _, gold = score.load_gold(gold_file, text)
        response = json.loads((args.pred / f"{name}.json").read_text(encoding="utf-8"))
        preds = score.pred_events(response)
        confidences = [e.get("confidence", 0.0) for e in response["events"]]
        used: set[int] = set()
        for g in gold:  # the scorer's greedy one-to-one matching
            for pi, p in enumerate(preds):
                if pi not in used and p["type"] == g["type"] and score.overlaps(g["start"], g["end"], p["start"], p["end"]):
                    used.add(pi)
                    break
        scored += [(confidences[i], i in used) for i in range(len(preds))]
    print(f"{'threshold':>9} {'events':>7} {'correct':>8} {'precision':>9}")
    for threshold in (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        kept = [ok for c, ok in scored if c >= threshold]
        precision = sum(kept) / len(kept) if kept else float("nan")
        print(f"{threshold:>9.2f} {len(kept):>7} {sum(kept):>8} {precision:>9.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
