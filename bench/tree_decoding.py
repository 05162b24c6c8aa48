"""Full-pipeline speed with Stanza's own tree decoder vs the exact fast path (eventx/nlp/tree_decoding.py).

    python bench/tree_decoding.py [--rounds 3] [--ud-sentences 200]

Same texts as bench/throughput.py, one thread, one process; the two decoders alternate round by round
so that the machine's noise hits both. Prints tokens/s per round and the ratio of the best rounds.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--ud-sentences", type=int, default=200)
    args = parser.parse_args(argv)

    import torch
    from stanza.models.common.chuliu_edmonds import chuliu_edmonds_one_root
    from stanza.models.depparse import model as graph_parser
    from throughput import load_texts

    from eventx.nlp.models import load_pipeline
    from eventx.nlp.tree_decoding import fast_chuliu_edmonds_one_root

    torch.set_num_threads(1)
    texts = load_texts(args.ud_sentences)
    nlp, _ = load_pipeline()
    tokens = sum(nlp(t).num_tokens for t in texts)  # also warms every model up
    decoders = {"stanza": chuliu_edmonds_one_root, "fast path": fast_chuliu_edmonds_one_root}
    speeds: dict[str, list[float]] = {name: [] for name in decoders}
    for _ in range(args.rounds):
        for name, decoder in decoders.items():
            graph_parser.chuliu_edmonds_one_root = decoder
            start = time.perf_counter()
            for text in texts:
                nlp(text)
            speeds[name].append(tokens / (time.perf_counter() - start))
    graph_parser.chuliu_edmonds_one_root = fast_chuliu_edmonds_one_root
    print(f"{len(texts)} documents, {tokens} tokens, one thread")
    for name, values in speeds.items():
        print(f"{name:10s} tokens/s by round: {', '.join(f'{v:.0f}' for v in values)}  (best {max(values):.0f})")
    print(f"fast path / stanza, best rounds: {max(speeds['fast path']) / max(speeds['stanza']):.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
