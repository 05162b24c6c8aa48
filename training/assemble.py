"""Copy chosen checkpoints into models/ as a Stanza resources folder and write
models/manifest.json and a minimal models/resources.json."""
from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from training.config import MODELS, PACKAGE

PROCS = ("tokenize", "mwt", "pos", "lemma", "depparse")


def assemble(checkpoints: dict[str, Path], pretrain: Path | None = None, *, version: str,
             training_data: list[str], notes: dict | None = None, out: Path = MODELS) -> dict:
    fr = out / "fr"
    if fr.exists():
        shutil.rmtree(fr)
    manifest_procs: dict = {}
    for proc in PROCS:
        dst = fr / proc / f"{PACKAGE}.pt"
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(checkpoints[proc], dst)
        manifest_procs[proc] = {"path": str(dst.relative_to(out)), "bytes": dst.stat().st_size}
    pt_rel = None
    if pretrain is not None:
        dst = fr / "pretrain" / f"{PACKAGE}.pt"
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pretrain, dst)
        pt_rel = str(dst.relative_to(out))
        for proc in ("pos", "depparse"):
            manifest_procs[proc]["pretrain"] = pt_rel
    deps = [{"model": "pretrain", "package": PACKAGE}] if pt_rel else []
    lang = {"lang_name": "French",
            "default_processors": {p: PACKAGE for p in PROCS},
            "packages": {"default": {p: PACKAGE for p in PROCS}},
            "default_dependencies": {}}
    for proc in PROCS:
        lang[proc] = {PACKAGE: ({"dependencies": deps} if proc in ("pos", "depparse") and deps else {})}
    if pt_rel:
        lang["pretrain"] = {PACKAGE: {}}
    (out / "resources.json").write_text(json.dumps({"fr": lang}, indent=1) + "\n", encoding="utf-8")
    manifest = {
        "name": "eventx-fr-sequoia-compact",
        "version": version,
        "lang": "fr",
        "package": PACKAGE,
        "processors": manifest_procs,
        "training_data": training_data,
        "tuning_data": ["UD_French-Sequoia fr_sequoia-ud-dev.conllu"],
        "held_out": ["UD_French-Sequoia fr_sequoia-ud-test.conllu", "UD_French-GSD fr_gsd-ud-test.conllu"],
        "date": dt.date.today().isoformat(),
        "trainer": "stanza 1.15.0 (training/build_all.py)",
        **(notes or {}),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest
