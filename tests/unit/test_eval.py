"""training.evaluate: raw-text rebuilding, CoNLL 2018 scoring, the model-card table.

Uses the tiny hand-annotated tests/data/tiny_fr.conllu; the checks against the
real UD test files are skipped when ../shared is absent.
"""
from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from training import evaluate as E
from training.config import GSD_TEST, SEQ_TEST

REPO = Path(__file__).resolve().parents[2]
TINY = REPO / "tests" / "data" / "tiny_fr.conllu"
from eventx.nlp.models import resolve_models_dir

HAVE_MODELS = (resolve_models_dir() / "manifest.json").is_file()


def _gold() -> str:
    return TINY.read_text(encoding="utf-8")


def test_perfect_system_scores_100():
    scores = E.score(_gold(), _gold())
    assert set(E.METRICS) <= set(scores)
    for m in ("Tokens", "Sentences", "Words", "UPOS", "Lemmas", "UAS", "LAS"):
        assert scores[m] == pytest.approx(100.0), m


def _edit(conllu: str, word_id: str, col: int, value: str) -> str:
    """Change one column of one word of the first sentence."""
    first, rest = conllu.split("\n\n", 1)
    lines = []
    for line in first.split("\n"):
        cols = line.split("\t")
        if len(cols) == 10 and cols[0] == word_id:
            cols[col] = value
            line = "\t".join(cols)
        lines.append(line)
    return "\n".join(lines) + "\n\n" + rest


def test_wrong_tag_and_head_lower_the_scores():
    gold = _gold()
    system = _edit(gold, "2", 3, "VERB")       # ministre: NOUN -> VERB (sentence 1 only)
    system = _edit(system, "9", 7, "nsubj")    # fermeture: obj -> nsubj
    s = E.score(gold, system)
    words = sum(1 for l in gold.split("\n") if l and not l.startswith("#") and "-" not in l.split("\t")[0])
    assert words == 26
    assert s["UPOS"] == pytest.approx(100 * (words - 1) / words, abs=0.01)
    assert s["UAS"] == pytest.approx(100.0)
    assert s["LAS"] == pytest.approx(100 * (words - 1) / words, abs=0.01)
    assert s["Tokens"] == pytest.approx(100.0)


def test_raw_text_rebuilt_from_conllu():
    raw = E.conllu_to_raw_text(TINY)
    flat = " ".join(raw.split())
    assert "Le ministre du Travail a annoncé la fermeture de l'usine." in flat
    assert "au Mans, selon la police." in flat
    assert "de le" not in flat  # multi-word tokens appear as their surface form


def test_read_sentences_limit():
    one = E.read_sentences(TINY, 1)
    assert "tiny-1" in one and "tiny-2" not in one
    assert E.read_sentences(TINY, None) == _gold()


def test_markdown_table_has_metrics_and_anchors():
    fake = {m: 90.0 for m in E.METRICS}
    fake.update(tokens=100, seconds=0.1, tokens_per_s=1000.0)
    results = {"load_seconds": 1.5, "sets": {"fr_sequoia-ud-test": fake, "fr_gsd-ud-test": fake}}
    table = E.markdown_table(results)
    for m in E.METRICS:
        assert m in table
    assert "fr_sequoia-ud-test" in table and "fr_gsd-ud-test" in table
    assert "91.57" in table and "75.93" in table  # anchors: official Stanza, spaCy md
    assert "1.50" in table


def test_write_card_table_replaces_between_markers(tmp_path):
    card = tmp_path / "README.md"
    card.write_text("# Card\n\n<!-- EVAL:BEGIN -->\nold\n<!-- EVAL:END -->\n\nfooter\n", encoding="utf-8")
    E.write_card_table("| new |", card)
    text = card.read_text(encoding="utf-8")
    assert "| new |" in text and "old" not in text
    assert text.startswith("# Card") and text.rstrip().endswith("footer")


def test_evaluation_runs_on_one_thread():
    assert "set_num_threads(1)" in inspect.getsource(E.run)


@pytest.mark.skipif(not HAVE_MODELS, reason="no committed models")
def test_end_to_end_on_tiny_file():
    from eventx.nlp.models import load_pipeline

    nlp, _ = load_pipeline()
    res = E.evaluate_file(nlp, TINY)
    for m in E.METRICS:
        assert 0.0 <= res[m] <= 100.0
    assert res["Tokens"] > 80 and res["Words"] > 80
    assert res["tokens"] > 0 and res["tokens_per_s"] > 0


@pytest.mark.skipif(not (SEQ_TEST.is_file() and GSD_TEST.is_file()), reason="../shared/data/ud is absent")
def test_held_out_files_are_not_training_data():
    from training import prepare

    src = inspect.getsource(prepare)
    assert "SEQ_TEST" not in src and "GSD_TEST" not in src
    assert set(E.TEST_SETS.values()) == {SEQ_TEST, GSD_TEST}


@pytest.mark.skipif(not (HAVE_MODELS and SEQ_TEST.is_file()), reason="../shared/data/ud or models absent")
def test_end_to_end_on_a_few_sequoia_test_sentences():
    res = E.run(limit=5, sets={"fr_sequoia-ud-test": SEQ_TEST})
    r = res["sets"]["fr_sequoia-ud-test"]
    assert r["Tokens"] > 90
    assert r["UPOS"] > 70
