"""Measure the value normalisers on gold arguments (development aid, standard output only).

    python -m eventx.values.goldcheck [../shared/gold/dev] [--details] [--timezone Europe/Paris]

For every gold argument of a value role that has a value, two measures:
  text:  the normaliser of its kind applied to the argument's text alone;
  spans: find_value_spans over the whole document, the value of a span of that kind
         overlapping the argument (what the extraction stage sees).
Values are compared as the scorer does (../shared/eval/score.py).
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import sys
from collections import Counter
from pathlib import Path

from . import find_value_spans, normalize_count, normalize_duration, normalize_money, normalize_time

DEFAULT_GOLD = Path(__file__).resolve().parents[3] / "shared" / "gold" / "dev"
ROLE_KIND = {"time": "time", "duration": "duration", "price": "money", "amount": "money",
             "count": "count", "affected": "count", "quantity": "count"}


def _scorer(gold_dir: Path):
    path = gold_dir.resolve().parents[1] / "eval" / "score.py"
    spec = importlib.util.spec_from_file_location("score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def normalise(kind, text, date, timezone):
    if kind == "time":
        return normalize_time(text, date, default_timezone=timezone)
    if kind == "duration":
        return normalize_duration(text)
    if kind == "money":
        return normalize_money(text)
    return normalize_count(text)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", type=Path, nargs="?", default=DEFAULT_GOLD)
    ap.add_argument("--details", action="store_true")
    ap.add_argument("--timezone", default="Europe/Paris",
                    help="zone of a clock time with none named (the engine's default); '' for none")
    args = ap.parse_args(argv)
    args.timezone = args.timezone or None
    score = _scorer(args.gold)
    tally = Counter()
    for path in sorted(args.gold.glob("*.gold.json")):
        text = path.with_name(path.name[:-len(".gold.json")] + ".txt").read_text(encoding="utf-8")
        date_text, events = score.load_gold(path, text)
        date = dt.date.fromisoformat(date_text)
        spans = find_value_spans(text, date, default_timezone=args.timezone)
        for ev in events:
            for arg in ev["arguments"]:
                kind = ROLE_KIND.get(arg["role"])
                if kind is None or arg["value"] is None:
                    continue
                start, end = arg["spans"][0]
                tally[("total", kind)] += 1
                got = normalise(kind, text[start:end], date, args.timezone)
                ok = score.same_value(arg["value"], got)
                tally[("text", kind)] += ok
                near = [s for s in spans if s.kind == kind and s.start < end and start < s.end]
                span_value = near[0].value if near else None
                span_ok = score.same_value(arg["value"], span_value)
                tally[("spans", kind)] += span_ok
                if args.details and not (ok and span_ok):
                    print(f"{path.name}: {text[start:end]!r} gold {arg['value']!r} text {got!r} "
                          f"span {[(s.text, s.value) for s in near]!r}")
    for kind in ("time", "duration", "money", "count"):
        n = tally[("total", kind)]
        if n:
            print(f"{kind:9} n={n:3}  text {tally[('text', kind)] / n:6.1%}  spans {tally[('spans', kind)] / n:6.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
