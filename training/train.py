"""Run Stanza's own trainers (as subprocesses, one torch thread each).

Every function returns the path of the saved model in training/work/saved_models.
Sequoia train (+ GSD dev when prepared that way) is the training data,
Sequoia dev the tuning/early-stopping set.  No charlm, nothing downloads.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from training.config import DATA, LOGS, SAVED, SHORTHAND

TRAIN = DATA / f"{SHORTHAND}.train.gold.conllu"
DEV = DATA / f"{SHORTHAND}.dev.gold.conllu"


def _env():
    env = dict(os.environ)
    env.update(OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1",
               STANZA_RESOURCES_DIR=str(SAVED / "no_resources"))
    return env


def run(module: str, args: list[str], log_name: str, background: bool = False):
    LOGS.mkdir(parents=True, exist_ok=True)
    log = open(LOGS / f"{log_name}.log", "w")
    cmd = [sys.executable, "-c",
           "import sys, torch; torch.set_num_threads(1); import runpy; "
           f"sys.argv=['{module}']+sys.argv[1:]; runpy.run_module('{module}', run_name='__main__')",
           *map(str, args)]
    print(f"[{time.strftime('%H:%M:%S')}] {module} -> {LOGS / (log_name + '.log')}", flush=True)
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=_env())
    if background:
        return proc
    rc = proc.wait()
    if rc:
        raise RuntimeError(f"{module} failed (rc={rc}); see {LOGS / (log_name + '.log')}")
    return proc


def tokenize_args(steps=2000, tag="tokenize"):
    out = SAVED / "tokenize"
    return "stanza.models.tokenizer", [
        "--mode", "train", "--lang", "fr", "--shorthand", SHORTHAND,
        "--txt_file", DATA / f"{SHORTHAND}.train.txt",
        "--label_file", DATA / f"{SHORTHAND}-ud-train.toklabels",
        "--mwt_json_file", DATA / f"{SHORTHAND}-ud-train-mwt.json",
        "--dev_txt_file", DATA / f"{SHORTHAND}.dev.txt",
        "--dev_label_file", DATA / f"{SHORTHAND}-ud-dev.toklabels",
        "--dev_conll_gold", DEV,
        "--conll_file", SAVED / f"{tag}.dev.pred.conllu",
        "--steps", steps, "--eval_steps", min(200, steps),
        "--save_dir", out, "--save_name", f"{tag}.pt", "--cpu",
    ], out / f"{tag}.pt"


def mwt_args(tag="mwt"):
    out = SAVED / "mwt"
    return "stanza.models.mwt_expander", [
        "--mode", "train", "--lang", "fr", "--shorthand", SHORTHAND,
        "--train_file", TRAIN, "--eval_file", DEV, "--gold_file", DEV,
        "--output_file", SAVED / f"{tag}.dev.pred.conllu",
        "--dict_only", "--save_dir", out, "--save_name", f"{tag}.pt", "--cpu",
    ], out / f"{tag}.pt"


def lemma_args(tag="lemma", dict_only=True, epochs=10):
    out = SAVED / "lemma"
    extra = ["--dict_only"] if dict_only else [
        "--num_epoch", epochs, "--hidden_dim", 100, "--emb_dim", 50, "--pos_dim", 50, "--batch_size", 100]
    return "stanza.models.lemmatizer", [
        "--mode", "train", "--shorthand", SHORTHAND,
        "--train_file", TRAIN, "--eval_file", DEV,
        "--output_file", SAVED / f"{tag}.dev.pred.conllu",
        *extra, "--save_dir", out, "--save_name", f"{tag}.pt", "--cpu",
    ], out / f"{tag}.pt"


def _pretrain_args(pretrain: Path | None) -> list:
    return ["--wordvec_pretrain_file", pretrain] if pretrain else ["--no_pretrain"]


COMPACT = ["--hidden_dim", 100, "--char_hidden_dim", 100, "--deep_biaff_hidden_dim", 100,
           "--word_emb_dim", 50]


def pos_args(steps=3000, tag="pos", pretrain: Path | None = None, extra=()):
    out = SAVED / "pos"
    pt = _pretrain_args(pretrain)
    return "stanza.models.tagger", [
        "--mode", "train", "--lang", "fr", "--shorthand", SHORTHAND,
        "--train_file", TRAIN, "--eval_file", DEV,
        "--output_file", SAVED / f"{tag}.dev.pred.conllu",
        *COMPACT, "--composite_deep_biaff_hidden_dim", 50,
        "--batch_size", 32, "--max_steps", steps, "--eval_interval", 100,
        "--max_steps_before_stop", 1500, *pt, *extra,
        "--save_dir", out, "--save_name", f"{tag}.pt", "--cpu",
    ], out / f"{tag}.pt"


def depparse_args(steps=3000, tag="depparse", pretrain: Path | None = None, eval_file: Path | None = None,
                  extra=(), second_optim_start=None, train_file: Path | None = None):
    out = SAVED / "depparse"
    pt = _pretrain_args(pretrain)
    return "stanza.models.parser", [
        "--mode", "train", "--lang", "fr", "--shorthand", SHORTHAND,
        "--train_file", train_file or TRAIN, "--eval_file", eval_file or DEV,
        "--output_file", SAVED / f"{tag}.dev.pred.conllu",
        *COMPACT, "--deep_biaff_output_dim", 100, "--num_layers", 2,
        "--batch_size", 1000, "--max_steps", steps, "--eval_interval", 100,
        "--max_steps_before_stop", 1500, "--second_optim_start_step", second_optim_start or max(steps // 2, 100),
        *pt, *extra, "--no_checkpoint",
        "--save_dir", out, "--save_name", f"{tag}.pt", "--cpu",
    ], out / f"{tag}.pt"


def depparse_stage2_args(steps, tag="depparse", pretrain: Path | None = None,
                         train_file: Path | None = None, eval_file: Path | None = None):
    """Continue the best stage-1 parser with the second optimizer (Adam) right away.

    Used when stage 1 (Adadelta) was stopped early for time: the model is reloaded
    from saved_models/depparse/<tag>.pt and the optimizer switch happens at step 1.
    """
    module, args, path = depparse_args(steps, tag, pretrain, eval_file=eval_file, second_optim_start=1,
                                       train_file=train_file)
    if train_file:  # other data than the model was built on: keep the saved vocabulary
        module = "training.continue_parser"
    return module, args + ["--second_warmup_steps", 50, "--continue_from", path], path


def retag(pos_model: Path, pretrain: Path | None, out_dir: Path) -> tuple[Path, Path]:
    """Sequoia train and dev with the tagger's own UPOS/XPOS/FEATS (gold heads kept), so the parser
    learns on the tags it will see at run time."""
    out_dir.mkdir(parents=True, exist_ok=True)
    outputs = []
    for split, gold in (("train", TRAIN), ("dev", DEV)):
        out = out_dir / f"{SHORTHAND}.{split}.retag.conllu"
        run("stanza.models.tagger", [
            "--mode", "predict", "--lang", "fr", "--shorthand", SHORTHAND,
            "--eval_file", gold, "--output_file", out,
            "--save_dir", pos_model.parent, "--save_name", pos_model.name, *_pretrain_args(pretrain), "--cpu",
        ], f"retag_{split}")
        outputs.append(out)
    return outputs[0], outputs[1]
