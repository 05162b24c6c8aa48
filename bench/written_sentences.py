"""The extractor on sentences written for the hidden domains (bench/data/written_sentences.jsonl).

    python bench/written_sentences.py [--domain justice] [--details]

90 French news sentences, 15 per domain (business press, accidents, elections, justice, personnel
changes, launches), written from ../shared/ontology.md with their expected events, never from the dev
articles. An event counts when its type matches and its trigger overlaps; an argument when a predicted
argument of that role overlaps it. Prints event P/R/F1, argument recall and modality accuracy, and with
--details what each sentence missed.
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data" / "written_sentences.jsonl"


def score(rows, extractor, document_date: date):
    tally = dict(tp=0, fp=0, fn=0, arg_hit=0, arg_miss=0, modality_ok=0)
    report = []
    for number, row in enumerate(rows):
        text = row["text"]
        predicted = extractor.extract(text, document_date)["events"]
        used: set[int] = set()
        lines = []
        for gold in row["events"]:
            g0 = text.find(gold["trigger"])
            g1 = g0 + len(gold["trigger"])
            match = next((i for i, p in enumerate(predicted) if i not in used and p["type"] == gold["type"]
                          and p["trigger"]["start"] < g1 and g0 < p["trigger"]["end"]), None)
            if match is None:
                tally["fn"] += 1
                lines.append(f"  missed   {gold['type']} {gold['trigger']!r}")
                continue
            tally["tp"] += 1
            used.add(match)
            event = predicted[match]
            expected = gold.get("modality", "asserted")
            tally["modality_ok"] += event["modality"] == expected
            if event["modality"] != expected:
                lines.append(f"  modality {gold['type']} {gold['trigger']!r}: expected {expected}, got {event['modality']}")
            for role, spans in (gold.get("arguments") or {}).items():
                for span in spans if isinstance(spans, list) else [spans]:
                    s0 = text.find(span)
                    s1 = s0 + len(span)
                    if any(a["role"] == role and a["start"] < s1 and s0 < a["end"] for a in event["arguments"]):
                        tally["arg_hit"] += 1
                    else:
                        tally["arg_miss"] += 1
                        lines.append(f"  no arg   {gold['type']} {gold['trigger']!r} {role}={span!r}")
        for i, event in enumerate(predicted):
            if i not in used:
                tally["fp"] += 1
                lines.append(f"  extra    {event['type']} {event['trigger']['text']!r}")
        if lines:
            report.append(f"[{number}] {row['domain']}: {text}\n" + "\n".join(lines))
    return tally, report


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--domain", help="only this domain (business, accidents, elections, justice, personnel, launches)")
    ap.add_argument("--details", action="store_true", help="what each sentence missed")
    ap.add_argument("--document-date", default="2025-03-05")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    import torch

    from eventx.engine import Extractor

    torch.set_num_threads(1)
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.domain:
        rows = [r for r in rows if r["domain"] == args.domain]
    tally, report = score(rows, Extractor.load(), date.fromisoformat(args.document_date))
    if args.details:
        print("\n".join(report))
    tp, fp, fn = tally["tp"], tally["fp"], tally["fn"]
    precision = tp / max(1, tp + fp)
    recall = tp / max(1, tp + fn)
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    arg_recall = tally["arg_hit"] / max(1, tally["arg_hit"] + tally["arg_miss"])
    print(f"{len(rows)} sentences: events P {precision:.3f} R {recall:.3f} F1 {f1:.3f} (tp {tp}, fp {fp}, fn {fn}); "
          f"argument recall {arg_recall:.3f}; modality {tally['modality_ok']}/{tp}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
