"""Paths shared by the training recipe and the evaluation script."""
from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
UD_DIR = Path(os.environ.get("EVENTX_UD_DIR", REPO.parent / "shared" / "data" / "ud"))
WORK = REPO / "training" / "work"
DATA = WORK / "data"
SAVED = WORK / "saved_models"
LOGS = WORK / "logs"
MODELS = REPO / "models"

SEQUOIA = UD_DIR / "UD_French-Sequoia"
GSD = UD_DIR / "UD_French-GSD"
SEQ_TRAIN = SEQUOIA / "fr_sequoia-ud-train.conllu"
SEQ_DEV = SEQUOIA / "fr_sequoia-ud-dev.conllu"
SEQ_TEST = SEQUOIA / "fr_sequoia-ud-test.conllu"
GSD_DEV = GSD / "fr_gsd-ud-dev.conllu"
GSD_TEST = GSD / "fr_gsd-ud-test.conllu"

SHORTHAND = "fr_sequoia"
PACKAGE = "sequoia"
