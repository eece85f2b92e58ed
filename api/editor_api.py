"""The editors' JSON API: the dashboard's data for scripts and spreadsheets.

Every route needs ``Authorization: Bearer <token>`` of an editor (:func:`auth.protect`). Filters are
query arguments, as on the dashboard: ``since`` (``30d``, ``12w``, ``6h`` or a date; default 30d),
``until`` (default now; a bare date counts whole), ``locale`` (default every language) and ``demo``
(``0`` leaves generated demo traffic out).
"""
from __future__ import annotations

from flask import Blueprint, jsonify, request

from askdesk.analytics import editors_report as report
from askdesk.analytics import searches as search_reports
from askdesk.analytics.gaps_format import topic_json
from askdesk.analytics.snapshot import Snapshot
from askdesk.api.auth import protect
from askdesk.api.editor_data import parse_filters, snapshot
from askdesk.api.editor_searches import search_view
from askdesk.core.errors import BadRequest

bp = Blueprint("editor_api", __name__, url_prefix="/api/v1/editor")
protect(bp, "editor")


def _period(snap: Snapshot) -> dict:
    return {"since": snap.start.isoformat(), "until": snap.end.isoformat(), "locale": snap.filters.locale,
            "include_demo": snap.filters.demo, "demo_sessions": snap.demo_sessions,
            "computed_at": snap.computed_at.isoformat()}


@bp.get("/report")
def report_sections():
    """Every report section, or only ``section``: ``{"sections": {name: rows}}``."""
    name = request.args.get("section") or None
    if name is not None and name not in report.SECTIONS:
        raise BadRequest(f"`section` must be one of {', '.join(report.SECTIONS)}, got {name!r}")
    snap = snapshot(parse_filters(request.args))
    sections = {name: snap.section(name)} if name else snap.sections
    return jsonify({"ok": True, **_period(snap), "sections": sections})


@bp.get("/gaps")
def gaps():
    """The content-gap topics, most customers first; ``write_new`` ones with a Markdown draft."""
    snap = snapshot(parse_filters(request.args))
    found = snap.gaps
    return jsonify({"ok": True, **_period(snap), "questions": found.questions, "grouped": found.grouped,
                    "topics": [topic_json(n, t, snap.drafts.get(n - 1)) for n, t in enumerate(found.topics, 1)]})


@bp.get("/searches")
def searches():
    """The help-center search reports, or only ``section``: ``{"sections": {name: rows}}`` (searches are
    never demo traffic: ``demo`` changes nothing here)."""
    name = request.args.get("section") or None
    if name is not None and name not in search_reports.SECTIONS:
        raise BadRequest(f"`section` must be one of {', '.join(search_reports.SECTIONS)}, got {name!r}")
    filters = parse_filters(request.args)
    view = search_view(filters)
    sections = {name: view.sections[name]} if name else view.sections
    return jsonify({"ok": True, "since": view.start.isoformat(), "until": view.end.isoformat(),
                    "locale": filters.locale, "include_demo": False,
                    "computed_at": view.computed_at.isoformat(), "sections": sections})
