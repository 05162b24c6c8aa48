"""The scorer's figures for each document of a gold set, one row per document.

    python bench/predict_dev.py --out out/dev
    python bench/score_per_document.py --gold ../shared/gold/dev --pred out/dev
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from scoring_args import scoring_parser


def main(argv=None) -> int:
    args = scoring_parser(__doc__).parse_args(argv)
    print(f"{'document':12} {'events':>6} {'ev F1':>6} {'arg F1':>6} {'modality':>8} {'time':>5} {'money':>5} {'count':>5}")
    for gold_file in sorted(args.gold.glob("*.gold.json")):
        name = gold_file.name[: -len(".gold.json")]
        with tempfile.TemporaryDirectory() as tmp:
            one = Path(tmp)
            (one / gold_file.name).symlink_to(gold_file.resolve())
            (one / f"{name}.txt").symlink_to((args.gold / f"{name}.txt").resolve())
            run = subprocess.run([sys.executable, str(args.scorer), "--gold", str(one), "--pred", str(args.pred), "--json"],
                                 capture_output=True, text=True, check=True)
        s = json.loads(run.stdout)
        values = s["value_accuracy"]
        cell = lambda k: f"{values[k]:.2f}" if k in values else "-"
        modality = f"{s['modality_accuracy']:.2f}" if s["modality_accuracy"] is not None else "-"
        print(f"{name:12} {s['events']['gold']:>6} {s['events']['f1']:>6.3f} {s['arguments']['f1']:>6.3f} {modality:>8} "
              f"{cell('time'):>5} {cell('money'):>5} {cell('count'):>5}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
