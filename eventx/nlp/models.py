"""Offline loading of the French Stanza models.

Two layouts are recognised under a models directory:

* ``committed``: the compact models trained in this repository (``training/``),
  described by ``manifest.json`` (name, version, per-processor paths relative to
  the directory).  A minimal ``resources.json`` sits beside it so that a plain
  ``stanza.Pipeline('fr', dir=...)`` also works.
* ``official``: a folder made by ``stanza.download`` (``resources.json`` and no
  ``manifest.json``); its default French package is loaded, plus ``ner`` when a
  NER model is present.

Nothing here ever touches the network (``download_method=None``), except
``download_official`` which is meant for image builds with a network::

    python -m eventx.nlp.models download DIR
    python -m eventx.nlp.models info [DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
ENV_VAR = "EVENTX_MODELS_DIR"
LANG = "fr"
CORE_PROCESSORS = ("tokenize", "mwt", "pos", "lemma", "depparse")
OFFICIAL_PROCESSORS = "tokenize,mwt,pos,lemma,depparse,ner"

# batch sizes for the pipeline: pos counts sentences, depparse counts words.  On one CPU thread a
# 3,000-word parser batch ran eight articles in bulk 2x slower than one by one (padding and the
# O(length^2) arc scores); 1,000 words was the fastest of 400 / 1,000 / 3,000 both ways.
PIPELINE_OPTIONS = {
    "tokenize_no_ssplit": False,
    "pos_batch_size": 100,
    "depparse_batch_size": 1000,
    "lemma_batch_size": 100,
    "mwt_batch_size": 100,
}


class ModelsNotFoundError(FileNotFoundError):
    """A model file or folder needed to build the pipeline is missing."""


@dataclass
class ModelInfo:
    name: str
    version: str
    source: str  # 'committed' or 'official'
    processors: list[str]
    paths: dict[str, str] = field(default_factory=dict)
    models_dir: str = ""
    load_seconds: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)


def resolve_models_dir(models_dir: str | os.PathLike | None = None) -> Path:
    """The argument, else $EVENTX_MODELS_DIR, else <repo>/models."""
    if models_dir:
        return Path(models_dir).expanduser().resolve()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser().resolve()
    return (REPO_ROOT / "models").resolve()


def detect_layout(models_dir: Path) -> str:
    """'committed' when manifest.json is there, 'official' for a stanza.download folder."""
    if (models_dir / "manifest.json").is_file():
        return "committed"
    if (models_dir / "resources.json").is_file():
        return "official"
    if not models_dir.exists():
        raise ModelsNotFoundError(f"models directory not found: {models_dir}")
    raise ModelsNotFoundError(
        f"no manifest.json or resources.json in {models_dir} "
        f"(missing file: {models_dir / 'manifest.json'})")


def _require(path: Path) -> Path:
    if not path.is_file():
        raise ModelsNotFoundError(f"missing model file: {path}")
    return path


def _committed_config(models_dir: Path) -> tuple[dict, ModelInfo]:
    manifest = json.loads((models_dir / "manifest.json").read_text(encoding="utf-8"))
    procs = manifest.get("processors", {})
    kwargs: dict = {}
    paths: dict[str, str] = {}
    names = []
    for proc in CORE_PROCESSORS:
        entry = procs.get(proc)
        if entry is None:
            raise ModelsNotFoundError(f"manifest.json in {models_dir} lists no '{proc}' model")
        model_path = _require(models_dir / entry["path"])
        kwargs[f"{proc}_model_path"] = str(model_path)
        paths[proc] = str(model_path)
        names.append(proc)
        if entry.get("pretrain"):
            pt = _require(models_dir / entry["pretrain"])
            kwargs[f"{proc}_pretrain_path"] = str(pt)
            paths[f"{proc}_pretrain"] = str(pt)
    _require(models_dir / "resources.json")
    info = ModelInfo(name=manifest.get("name", "eventx-fr"), version=str(manifest.get("version", "0")),
                     source="committed", processors=names, paths=paths, models_dir=str(models_dir))
    return kwargs, info


def _official_config(models_dir: Path) -> tuple[dict, ModelInfo]:
    resources = json.loads((models_dir / "resources.json").read_text(encoding="utf-8"))
    lang_res = resources.get(LANG)
    while isinstance(lang_res, dict) and "alias" in lang_res:
        lang_res = resources.get(lang_res["alias"])
    if not lang_res:
        raise ModelsNotFoundError(f"resources.json in {models_dir} has no '{LANG}' entry")
    defaults = lang_res.get("default_processors", {})
    kwargs: dict = {}
    paths: dict[str, str] = {}
    names = []
    for proc in CORE_PROCESSORS + ("ner",):
        pkg = defaults.get(proc)
        if pkg is None:
            if proc == "ner":
                continue
            raise ModelsNotFoundError(f"resources.json in {models_dir} has no default '{proc}' for {LANG}")
        if isinstance(pkg, (list, tuple)):
            pkg = pkg[0]
        model_path = models_dir / LANG / proc / f"{pkg}.pt"
        if proc == "ner" and not model_path.is_file():
            continue  # NER is optional
        _require(model_path)
        # the pipeline resolves the dependencies (pretrain, charlm) from resources.json;
        # check they are present so that the error names the missing file
        for dep in lang_res.get(proc, {}).get(pkg, {}).get("dependencies", []) or []:
            _require(models_dir / LANG / dep["model"] / f"{dep['package']}.pt")
        names.append(proc)
        paths[proc] = str(model_path)
    kwargs["processors"] = ",".join(names)
    version = str(resources.get("_meta", {}).get("version", "") or lang_res.get("version", "")
                  or _stanza_version())
    info = ModelInfo(name=f"stanza-{LANG}-{defaults.get('depparse', 'default')}", version=version,
                     source="official", processors=names, paths=paths, models_dir=str(models_dir))
    return kwargs, info


def _stanza_version() -> str:
    try:
        import stanza
        return stanza.__version__
    except Exception:  # pragma: no cover
        return "unknown"


def pipeline_config(models_dir: str | os.PathLike | None = None) -> tuple[dict, ModelInfo]:
    """Keyword arguments for stanza.Pipeline plus the ModelInfo, without loading anything."""
    mdir = resolve_models_dir(models_dir)
    layout = detect_layout(mdir)
    kwargs, info = _committed_config(mdir) if layout == "committed" else _official_config(mdir)
    config = {"lang": LANG, "dir": str(mdir), "download_method": None,
              "processors": ",".join(CORE_PROCESSORS), **PIPELINE_OPTIONS, **kwargs}
    return config, info


def load_pipeline(models_dir: str | os.PathLike | None = None, *, use_gpu: bool = False, **overrides):
    """Build the Stanza pipeline offline.  Returns (stanza.Pipeline, ModelInfo)."""
    config, info = pipeline_config(models_dir)
    config.update(overrides)
    import stanza

    from eventx.nlp.tree_decoding import install as install_fast_tree_decoding

    install_fast_tree_decoding()
    start = time.perf_counter()
    nlp = stanza.Pipeline(use_gpu=use_gpu, logging_level=config.pop("logging_level", "WARN"), **config)
    info.load_seconds = round(time.perf_counter() - start, 3)
    return nlp, info


def download_official(target_dir: str | os.PathLike, **kwargs) -> Path:
    """Download the official Stanza French models (needs a network; for image builds)."""
    import stanza

    target = Path(target_dir).expanduser().resolve()
    target.mkdir(parents=True, exist_ok=True)
    stanza.download(LANG, model_dir=str(target), processors=OFFICIAL_PROCESSORS,
                    package="default", verbose=False, **kwargs)
    return target


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eventx.nlp.models", description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("download", help="download the official Stanza French models into DIR")
    d.add_argument("dir")
    i = sub.add_parser("info", help="load the models offline and print ModelInfo as JSON")
    i.add_argument("dir", nargs="?", default=None)
    args = ap.parse_args(argv)
    if args.cmd == "download":
        print(download_official(args.dir))
        return 0
    try:
        _, info = load_pipeline(args.dir)
    except ModelsNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(info.as_dict(), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
