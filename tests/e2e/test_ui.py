"""The reading view (/ui) in a real browser against the real gunicorn server.

Debian's chromium driven by playwright-core (tests/e2e/ui/reading_view.test.mjs). The
expected values come from the API itself: the same texts are sent to POST /v1/extract and
the page's highlights and table must match those responses exactly (code-point offsets,
astral characters included). Skips with the reason when chromium, node or playwright-core
is missing: run .ci/browser-setup.sh to install them.

Leaves a screenshot at artifacts/ui-seed-000.png (the directory ignores itself).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import requests

from tests.conftest import GOLD_DEV, REPO_ROOT

UI_DIR = REPO_ROOT / "tests" / "e2e" / "ui"
CHROMIUM = os.environ.get("EVENTX_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = REPO_ROOT / "artifacts"
SEED = GOLD_DEV / "seed-000.txt"
SEED_DATE = "2023-04-12"
# astral characters before and between the events: a highlight computed on UTF-16 units shifts
ASTRAL_TEXT = ("🚀🛰️ Lundi, Twitter a été victime d'une panne de deux heures. 𝔘𝔫 ingénieur 😀 a déclaré "
               "que le service était rétabli. Elon Musk a racheté la société pour 44 milliards de dollars.")


def _missing() -> str | None:
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"{CHROMIUM} not found (run .ci/browser-setup.sh: apt-get install chromium)"
    if shutil.which("node") is None:
        return "node not found (run .ci/browser-setup.sh)"
    if not (UI_DIR / "node_modules" / "playwright-core" / "package.json").is_file():
        return f"{UI_DIR / 'node_modules'} has no playwright-core (run .ci/browser-setup.sh)"
    if not SEED.is_file():
        return f"{SEED} not found (../shared beside the repository, or EVENTX_SHARED_DIR)"
    return None


pytestmark = pytest.mark.skipif(_missing() is not None, reason=_missing() or "")


def _extract(server, text: str, date: str) -> dict:
    r = requests.post(server.url + "/v1/extract", json={"text": text, "document_date": date,
                                                        "options": {"include": ["entities"]}}, timeout=300)
    assert r.status_code == 200, r.text[:500]
    return r.json()


def _artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    ignore = ARTIFACTS / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# test outputs (screenshots); not committed\n*\n", encoding="utf-8")
    return ARTIFACTS


def test_reading_view_matches_api(server, tmp_path, capsys):
    seed_text = SEED.read_text(encoding="utf-8")
    cases = [
        {"name": "seed-000", "text": seed_text, "document_date": SEED_DATE,
         "expected": _extract(server, seed_text, SEED_DATE)},
        {"name": "astral", "text": ASTRAL_TEXT, "document_date": "2025-05-26",
         "expected": _extract(server, ASTRAL_TEXT, "2025-05-26")},
    ]
    assert cases[0]["expected"]["events"], "the API found no events in seed-000: nothing to check"
    assert cases[1]["expected"]["events"], "the API found no events in the astral text: nothing to check"

    # a request the service refuses (over the text limit): the page must show its problem detail
    limit = requests.get(server.url + "/openapi.json", timeout=30).json()[
        "components"]["schemas"]["ExtractRequest"]["properties"]["text"]["maxLength"]
    long_text = ("Le service a été interrompu. " * (limit // 28 + 2))[: limit + 1]
    r = requests.post(server.url + "/v1/extract", json={"text": long_text, "document_date": SEED_DATE}, timeout=60)
    assert r.status_code >= 400 and r.headers["Content-Type"].startswith("application/problem+json"), r.status_code
    error_case = {"text": long_text, "document_date": SEED_DATE, "status": r.status_code, "detail": r.json()["detail"]}

    screenshot = _artifacts_dir() / "ui-seed-000.png"
    if screenshot.exists():
        screenshot.unlink()
    spec = tmp_path / "cases.json"
    spec.write_text(json.dumps({"base_url": server.url, "screenshot": str(screenshot), "chromium": CHROMIUM,
                                "cases": cases, "error_case": error_case}, ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run(["node", str(UI_DIR / "reading_view.test.mjs"), str(spec)], cwd=UI_DIR,
                          capture_output=True, text=True, timeout=600)
    print(proc.stdout)
    print(proc.stderr[-4000:])
    assert proc.returncode == 0, f"browser test failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-4000:]}"
    assert screenshot.is_file() and screenshot.stat().st_size > 10_000
    with capsys.disabled():  # shown without -s
        print(f"\nreading view screenshot: {screenshot.resolve()}")
