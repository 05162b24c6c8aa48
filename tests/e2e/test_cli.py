"""eventx extract in-process (no --url): the real pipeline and the committed models, two short French texts."""
from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import REPO_ROOT

TEXTS = {
    "panne": ("Samedi, le réseau social X a été touché par une panne géante pendant environ deux heures, "
              "selon Downdetector.", "2025-05-26"),
    "rachat": ("Le groupe français Capgemini a annoncé lundi le rachat de la société américaine WNS "
               "pour 3,3 milliards de dollars.", None),
}


def test_in_process_extract_of_two_texts(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, (text, day) in TEXTS.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        if day:
            (folder / f"{name}.gold.json").write_text(json.dumps({"document_date": day}), encoding="utf-8")
    out = tmp_path / "results.jsonl"
    cmd = [sys.executable, "-m", "eventx.cli", "extract", str(folder), "-o", str(out),
           "--document-date", "2025-07-07", "--no-progress"]
    proc = subprocess.run(cmd, cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "2 ok, 0 errors" in proc.stderr and "documents/s" in proc.stderr

    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    by_id = {x["id"]: x["response"] for x in lines}
    assert set(by_id) == set(TEXTS)
    assert by_id["panne"]["document_date"] == "2025-05-26" and by_id["rachat"]["document_date"] == "2025-07-07"
    for name, resp in by_id.items():
        text = TEXTS[name][0]
        assert resp["model"]["name"] != "unknown" and "total" in resp["timings"]
        for ev in resp["events"]:  # offsets are exact code-point offsets into the text
            assert text[ev["trigger"]["start"]:ev["trigger"]["end"]] == ev["trigger"]["text"]
            for a in ev["arguments"]:
                assert text[a["start"]:a["end"]] == a["text"]
    types = {name: {ev["type"] for ev in resp["events"]} for name, resp in by_id.items()}
    assert "tech.outage" in types["panne"], types
    assert "business.acquisition" in types["rachat"], types
    outage = next(ev for ev in by_id["panne"]["events"] if ev["type"] == "tech.outage")
    assert any(a["role"] == "time" and a["value"] == "2025-05-24" for a in outage["arguments"]), outage

    # run again: both ids are in the file, nothing is loaded or added
    again = subprocess.run(cmd, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and "nothing to do" in again.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
