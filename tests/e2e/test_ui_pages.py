"""The reading view's pages and assets without a browser (Flask test client, the fake extractor):
served from the project, nothing fetched from elsewhere."""
from __future__ import annotations

import re

import pytest

from schemas import EVENT_TYPES
from service.app import create_app
from service.config import Settings


@pytest.fixture
def client(fake_extractor):
    return create_app(Settings(), extractor=fake_extractor).test_client()


def test_index_links_the_reading_view(client):
    r = client.get("/")
    assert r.status_code == 200 and r.mimetype == "text/html"
    assert 'href="/ui"' in r.get_data(as_text=True)


def test_reading_view_and_its_assets_are_local(client):
    page = client.get("/ui")
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert f'data-event-types="{",".join(EVENT_TYPES)}"' in html
    assert 'data-max-text-chars="100000"' in html
    refs = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert refs and all(ref.startswith("/") for ref in refs), refs  # no CDN, no other host
    assert "<script>" not in html  # no inline script
    for ref in ("/ui/static/ui.js", "/ui/static/ui.css"):
        assert ref in refs
        asset = client.get(ref)
        assert asset.status_code == 200, ref
        assert not re.search(rb"https?://(?!eventx\.example)", asset.data), ref
    js = client.get("/ui/static/ui.js").get_data(as_text=True)
    assert "Array.from(text)" in js and 'fetch("/v1/extract"' in js


def test_a_missing_asset_is_a_problem_not_a_page(client):
    r = client.get("/ui/static/nothing.js")
    assert r.status_code == 404 and r.mimetype == "application/problem+json"
