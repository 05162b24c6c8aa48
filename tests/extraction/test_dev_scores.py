"""Regression floor: the scorer's figures on ../shared/gold/dev must not fall below dev_floor.json.

The predictions come from the real pipeline on the committed models; the scores
from ../shared/eval/score.py itself. Raise the floors when the extractor improves.
"""
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
GOLD = SHARED / "gold" / "dev"
SCORER = SHARED / "eval" / "score.py"
FLOOR = json.loads((Path(__file__).resolve().parent / "dev_floor.json").read_text(encoding="utf-8"))

pytestmark = pytest.mark.skipif(not SCORER.exists(), reason="../shared/eval/score.py not present")


@pytest.fixture(scope="module")
def dev_scores(extractor, tmp_path_factory):
    out = tmp_path_factory.mktemp("dev_predictions")
    for txt in sorted(GOLD.glob("*.txt")):
        gold = json.loads((GOLD / f"{txt.stem}.gold.json").read_text(encoding="utf-8"))
        result = extractor.extract(txt.read_text(encoding="utf-8"), date.fromisoformat(gold["document_date"]))
        (out / f"{txt.stem}.json").write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run([sys.executable, str(SCORER), "--gold", str(GOLD), "--pred", str(out), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(run.stdout)


def test_no_document_failed(dev_scores):
    assert dev_scores["failed_documents"] == 0


@pytest.mark.parametrize("metric", ["event_f1", "argument_f1", "modality_accuracy"])
def test_score_floor(dev_scores, metric):
    got = {
        "event_f1": dev_scores["events"]["f1"],
        "argument_f1": dev_scores["arguments"]["f1"],
        "modality_accuracy": dev_scores["modality_accuracy"],
    }[metric]
    assert got >= FLOOR[metric], f"{metric} {got} fell below the floor {FLOOR[metric]}"


@pytest.mark.parametrize("kind", ["time", "money", "count"])
def test_value_floor(dev_scores, kind):
    got = dev_scores["value_accuracy"].get(kind, 0.0)
    assert got >= FLOOR["value_accuracy"][kind], f"{kind} value accuracy {got} below {FLOOR['value_accuracy'][kind]}"
