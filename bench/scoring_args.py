"""Command-line options shared by the scripts that read dev-set predictions (--gold, --pred, --scorer)."""
from __future__ import annotations

import argparse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def scoring_parser(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "gold" / "dev")
    parser.add_argument("--pred", type=Path, default=ROOT / "out" / "dev")
    parser.add_argument("--scorer", type=Path, default=ROOT.parent / "shared" / "eval" / "score.py")
    return parser
