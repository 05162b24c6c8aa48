"""eventx.nlp.models: offline loading of the committed models, errors, official layout.

Nothing here touches the network: stanza.download is monkeypatched where it
matters, and every pipeline is built with download_method=None.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from eventx.nlp import models as M

REPO = Path(__file__).resolve().parents[2]
COMMITTED = M.resolve_models_dir()  # the models under test: $EVENTX_MODELS_DIR, else <repo>/models
CORE = ["tokenize", "mwt", "pos", "lemma", "depparse"]

needs_committed = pytest.mark.skipif(not (COMMITTED / "manifest.json").is_file(),
                                     reason="no committed models/manifest.json")


def _manifest() -> dict:
    return json.loads((COMMITTED / "manifest.json").read_text(encoding="utf-8"))


def _link_tree(src: Path, dst: Path, skip: set[Path] = frozenset()) -> None:
    """Mirror src into dst with symlinks to the files (cheap copy of the models)."""
    for p in src.rglob("*"):
        if p.is_dir() or p in skip:
            continue
        target = dst / p.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(p, target)


@pytest.fixture(scope="module")
def committed():
    if not (COMMITTED / "manifest.json").is_file():
        pytest.skip("no committed models")
    import stanza  # noqa: F401  (the import of torch/stanza is not part of the load time)

    start = time.perf_counter()
    nlp, info = M.load_pipeline()
    return nlp, info, time.perf_counter() - start


# --- resolving the folder -------------------------------------------------------------

def test_resolve_models_dir_order(monkeypatch, tmp_path):
    monkeypatch.delenv("EVENTX_MODELS_DIR", raising=False)
    assert M.resolve_models_dir() == (REPO / "models").resolve()
    monkeypatch.setenv("EVENTX_MODELS_DIR", str(tmp_path / "env"))
    assert M.resolve_models_dir() == (tmp_path / "env").resolve()
    assert M.resolve_models_dir(tmp_path / "arg") == (tmp_path / "arg").resolve()


# --- the committed models ---------------------------------------------------------------

@needs_committed
def test_manifest_lists_every_processor_and_files_exist():
    man = _manifest()
    for key in ("name", "version", "processors", "training_data", "date"):
        assert key in man, key
    for proc in CORE:
        entry = man["processors"][proc]
        path = COMMITTED / entry["path"]
        assert path.is_file(), path
        assert path.stat().st_size < 20 * 2**20, f"{path} is over 20 MB"
        assert entry["path"].startswith(f"fr/{proc}/")
    total = sum(p.stat().st_size for p in COMMITTED.rglob("*") if p.is_file())
    assert total <= 60 * 2**20


def test_load_committed_model_info(committed):
    nlp, info, seconds = committed
    assert seconds <= 10, f"loading took {seconds:.1f} s"
    assert info.source == "committed"
    assert list(info.processors)[:5] == CORE
    assert info.name and info.version
    for proc in CORE:
        assert Path(info.paths[proc]).is_file()
    assert set(CORE) <= set(nlp.processors)


def test_parse_french_sentence_offsets_and_mwt(committed):
    nlp, _, _ = committed
    text = "Le ministre du Travail a annoncé lundi la fermeture de l'usine de Lyon. Deux salariés ont été blessés au dépôt."
    doc = nlp(text)
    assert len(doc.sentences) >= 1
    all_words = []
    for sent in doc.sentences:
        heads = [w.head for w in sent.words]
        assert sum(1 for h in heads if h == 0) >= 1
        assert all(0 <= h <= len(sent.words) for h in heads)
        for tok in sent.tokens:
            # token offsets map back to the text
            assert text[tok.start_char:tok.end_char] == tok.text
            for w in tok.words:
                # a word of a multi-word token lies within its token's characters
                assert w.parent is tok
                assert w.upos and w.lemma is not None and w.deprel
        all_words.extend(sent.words)
    du = [t for s in doc.sentences for t in s.tokens if t.text == "du"]
    assert du, "the token 'du' was not found"
    assert [w.text for w in du[0].words] == ["de", "le"]
    assert text[du[0].start_char:du[0].end_char] == "du"
    au = [t for s in doc.sentences for t in s.tokens if t.text == "au"]
    assert au and [w.text for w in au[0].words] == ["à", "le"]
    upos = {w.text: w.upos for w in all_words}
    assert upos.get("ministre") == "NOUN"
    assert upos.get("annoncé") in {"VERB", "AUX"}


# --- missing files --------------------------------------------------------------------

@needs_committed
def test_missing_model_file_is_named(tmp_path):
    missing = COMMITTED / _manifest()["processors"]["depparse"]["path"]
    _link_tree(COMMITTED, tmp_path, skip={missing})
    with pytest.raises(M.ModelsNotFoundError) as exc:
        M.load_pipeline(tmp_path)
    assert missing.name in str(exc.value)
    assert "depparse" in str(exc.value)


def test_missing_folder_raises(tmp_path):
    with pytest.raises(M.ModelsNotFoundError) as exc:
        M.load_pipeline(tmp_path / "nowhere")
    assert "nowhere" in str(exc.value)


def test_empty_folder_names_manifest(tmp_path):
    with pytest.raises(M.ModelsNotFoundError) as exc:
        M.load_pipeline(tmp_path)
    assert "manifest.json" in str(exc.value)


def test_models_not_found_is_file_not_found():
    assert issubclass(M.ModelsNotFoundError, FileNotFoundError)


# --- official download (no network) ---------------------------------------------------

def test_download_official_arguments(monkeypatch, tmp_path):
    import stanza

    calls = []
    monkeypatch.setattr(stanza, "download", lambda *a, **k: calls.append((a, k)))
    out = M.download_official(tmp_path / "official")
    assert len(calls) == 1
    args, kwargs = calls[0]
    lang = args[0] if args else kwargs.get("lang")
    assert lang == "fr"
    assert Path(kwargs["model_dir"]).resolve() == (tmp_path / "official").resolve()
    procs = kwargs["processors"]
    procs = procs.split(",") if isinstance(procs, str) else list(procs)
    assert set(procs) == {"tokenize", "mwt", "pos", "lemma", "depparse", "ner"}
    assert Path(out).resolve() == (tmp_path / "official").resolve()


def test_download_cli(monkeypatch, tmp_path):
    import stanza

    calls = []
    monkeypatch.setattr(stanza, "download", lambda *a, **k: calls.append(k))
    assert M.main(["download", str(tmp_path / "d")]) == 0
    assert Path(calls[0]["model_dir"]).resolve() == (tmp_path / "d").resolve()


def _official_folder(root: Path, with_ner: bool) -> Path:
    """A folder laid out like stanza.download's (resources.json, no manifest.json),
    built from the committed model files (symlinks)."""
    man = _manifest()
    pkgs = {"tokenize": "combined", "mwt": "combined", "pos": "combined_nocharlm",
            "lemma": "combined_nocharlm", "depparse": "combined_nocharlm"}
    lang = {"lang_name": "French", "default_processors": dict(pkgs), "default_dependencies": {}}
    pretrain = None
    for proc, pkg in pkgs.items():
        entry = man["processors"][proc]
        dst = root / "fr" / proc / f"{pkg}.pt"
        dst.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(COMMITTED / entry["path"], dst)
        info = {"md5": "0"}
        if entry.get("pretrain"):
            pretrain = COMMITTED / entry["pretrain"]
            info["dependencies"] = [{"model": "pretrain", "package": "conll17"}]
        lang[proc] = {pkg: info}
    if pretrain is not None:
        dst = root / "fr" / "pretrain" / "conll17.pt"
        dst.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(pretrain, dst)
        lang["pretrain"] = {"conll17": {"md5": "0"}}
    lang["packages"] = {"default": dict(lang["default_processors"])}
    if with_ner:
        lang["default_processors"]["ner"] = "wikiner"
        lang["packages"]["default"]["ner"] = "wikiner"
        lang["ner"] = {"wikiner": {"md5": "0"}}
        (root / "fr" / "ner").mkdir(parents=True, exist_ok=True)
        (root / "fr" / "ner" / "wikiner.pt").write_bytes(b"not a real model")
    resources = {"fr": lang, "french": {"alias": "fr"}}
    (root / "resources.json").write_text(json.dumps(resources), encoding="utf-8")
    return root


@needs_committed
def test_official_layout_is_recognised_with_ner(tmp_path):
    root = _official_folder(tmp_path, with_ner=True)
    assert not (root / "manifest.json").exists()
    config, info = M.pipeline_config(root)
    assert info.source == "official"
    assert "ner" in info.processors
    assert set(CORE) <= set(info.processors)
    assert "ner" in config["processors"].split(",")
    assert config["download_method"] is None


@needs_committed
def test_official_layout_loads_offline(tmp_path):
    root = _official_folder(tmp_path, with_ner=False)
    nlp, info = M.load_pipeline(root)
    assert info.source == "official"
    assert "ner" not in info.processors
    doc = nlp("Le maire du village a démissionné.")
    du = [t for s in doc.sentences for t in s.tokens if t.text == "du"]
    assert du and [w.text for w in du[0].words] == ["de", "le"]


@needs_committed
def test_official_layout_missing_model_is_named(tmp_path):
    root = _official_folder(tmp_path, with_ner=False)
    (root / "fr" / "pos" / "combined_nocharlm.pt").unlink()
    with pytest.raises(M.ModelsNotFoundError) as exc:
        M.load_pipeline(root)
    assert "combined_nocharlm.pt" in str(exc.value)
