"""Runs the extractor in-process over a gold folder and writes NAME.json per document,
ready for ../shared/eval/score.py --pred.

    python bench/predict_dev.py --gold ../shared/gold/dev --out out/dev
    python ../shared/eval/score.py --gold ../shared/gold/dev --pred out/dev --details
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gold", default=str(ROOT.parent / "shared" / "gold" / "dev"))
    parser.add_argument("--out", default=str(ROOT / "out" / "dev"))
    parser.add_argument("--models", default=None)
    args = parser.parse_args(argv)

    import torch

    torch.set_num_threads(1)
    from eventx.engine import Extractor

    extractor = Extractor.load(args.models)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for txt in sorted(Path(args.gold).glob("*.txt")):
        gold = json.loads((txt.parent / (txt.stem + ".gold.json")).read_text(encoding="utf-8"))
        result = extractor.extract(txt.read_text(encoding="utf-8"), date.fromisoformat(gold["document_date"]),
                                   include=("entities",))
        (out / (txt.stem + ".json")).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {out} in {time.perf_counter() - start:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
