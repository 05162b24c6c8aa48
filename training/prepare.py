"""Convert the UD treebanks into the files Stanza's trainers read.

Only Sequoia train (+ optionally GSD dev) are training data; Sequoia dev is the
tuning set. Test files are never touched here.  Nothing downloads.
"""
from __future__ import annotations

import argparse

from stanza.utils.datasets import conllu_to_text, prepare_tokenizer_data

from training.config import DATA, GSD_DEV, SEQ_DEV, SEQ_TRAIN, SHORTHAND


def concat(paths, out):
    with open(out, "w", encoding="utf-8") as fout:
        for p in paths:
            text = open(p, encoding="utf-8").read().strip("\n")
            fout.write(text + "\n\n")


def prepare(with_gsd_dev: bool = False) -> dict:
    DATA.mkdir(parents=True, exist_ok=True)
    train_src = [SEQ_TRAIN] + ([GSD_DEV] if with_gsd_dev else [])
    files = {}
    for split, srcs in (("train", train_src), ("dev", [SEQ_DEV])):
        conllu = DATA / f"{SHORTHAND}.{split}.gold.conllu"
        concat(srcs, conllu)
        txt = DATA / f"{SHORTHAND}.{split}.txt"
        conllu_to_text.convert_text(str(conllu), str(txt))
        labels = DATA / f"{SHORTHAND}-ud-{split}.toklabels"
        mwt = DATA / f"{SHORTHAND}-ud-{split}-mwt.json"
        prepare_tokenizer_data.main([str(txt), str(conllu), "-o", str(labels), "-m", str(mwt)])
        files[split] = {"conllu": conllu, "txt": txt, "labels": labels, "mwt": mwt}
    return files


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--with-gsd-dev", action="store_true")
    a = ap.parse_args()
    print(prepare(a.with_gsd_dev))
