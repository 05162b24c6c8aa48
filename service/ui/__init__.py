"""Reading view: a browser page at /ui that sends an article to POST /v1/extract and shows
the events in the text (triggers and arguments highlighted by type), their details, a
sortable table and the raw JSON. Plain HTML/CSS/JS served from this package: no CDN, no build.

Register with ``app.register_blueprint(ui.bp)``; it also answers ``GET /`` with a short
index page linking the reading view, the API docs and the OpenAPI document.
"""
from __future__ import annotations

from flask import Blueprint, current_app, render_template

from schemas.vocabulary import EVENT_TYPES, MODALITIES

bp = Blueprint("ui", __name__, static_folder="static", static_url_path="/ui/static",
               template_folder="templates")


@bp.get("/")
def index():
    return render_template("eventx_index.html")


@bp.get("/ui")
def reading_view():
    settings = current_app.config.get("EVENTX_SETTINGS")
    max_chars = getattr(settings, "max_text_chars", None)
    return render_template("eventx_ui.html", event_types=",".join(EVENT_TYPES), modalities=",".join(MODALITIES),
                           max_text_chars=max_chars or "")
