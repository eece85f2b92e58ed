"""The editor dashboard at ``/editor``: what customers asked, what the bot resolved, and which
articles to write or fix — for the people who write the help center.

It is part of the agent console: the same sign-in (the console's session cookie), the same look,
and an editor's token (an agent's gets a page saying so). Pages are autoescaped Jinja with charts
drawn as inline SVG from :mod:`api.editor_charts`, and no inline script (``script-src 'self'``);
the "Copy draft" buttons are progressive enhancement in ``static/editor.js``. Every page reads its filters from the
query (period, language, demo data), so a link or a bookmark shows the same view; the numbers
come from :mod:`analytics.snapshot`, cached per filter for a minute (:mod:`api.editor_data`).
"""
from __future__ import annotations

import io

from flask import (
    Blueprint,
    Response,
    current_app,
    g,
    render_template,
    request,
    send_file,
    url_for,
)

from askdesk.analytics import editors_report as report
from askdesk.analytics import searches as search_reports
from askdesk.analytics.gaps_format import topic_row
from askdesk.analytics.ledger import sessions_from_events
from askdesk.analytics.snapshot import PRESETS, Filters, sort_rows
from askdesk.analytics.spreadsheet import to_csv
from askdesk.api import console, editor_searches
from askdesk.api import editor_text as text
from askdesk.api.editor_charts import DAY_SERIES, bar_chart, day_chart
from askdesk.api.editor_data import parse_filters, snapshot
from askdesk.core.errors import Forbidden, NotFound

bp = Blueprint("editor", __name__, url_prefix="/editor")

TOP_GAPS = 5
TOP_QUESTIONS = 10
FILTER_ARGS = ("since", "until", "locale", "demo")


# The console's own sign-in check (session cookie → an active token on g.principal, else the sign-in
# page; CSRF on any POST) and security headers; then the editor's role and the filters every page reads.
bp.before_request(console.signed_in_guard)
bp.after_request(console.security_headers)


@bp.before_request
def _editors_only():
    if not g.principal.can("editor"):
        raise Forbidden(f"The editor dashboard is for editors. You are signed in as {g.principal.name}, whose token "
                        f"has the role {g.principal.role!r}: ask an operator for an editor token "
                        "(askdesk token create --role editor) and sign in with it.")
    g.filters = Filters()                 # what the error page links back with, should parsing fail
    g.filters = parse_filters(request.args)


def link(endpoint: str, **changes) -> str:
    """A link to ``endpoint`` keeping the current filters; ``changes`` set filters ('' = the default)
    and other arguments (None leaves one out)."""
    filters: Filters = g.get("filters") or Filters()
    args = filters.args(**{k: v for k, v in changes.items() if k in FILTER_ARGS})
    args.update({k: v for k, v in changes.items() if k not in FILTER_ARGS and v is not None})
    return url_for(endpoint, **args)


@bp.context_processor
def _template_helpers() -> dict:
    return {"csrf_token": console.csrf_token, "principal": g.get("principal"), "filters": g.get("filters"),
            "link": link, "presets": PRESETS, "sections": report.SECTIONS, "text": text, "locales": text.LOCALES}


def _page(template: str, **context):
    snap = snapshot(g.filters)
    return render_template(template, snap=snap, **context)


def _pct(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


# -- the overview -------------------------------------------------------------------------------
@bp.get("")
def overview():
    snap = snapshot(g.filters)
    d = snap.deflection
    handoffs = [(text.HANDOFF_REASONS.get(r["reason"], r["reason"]), r["sessions"],
                 f"{r['sessions']} · {r['share_pct']:g} %") for r in snap.sections["handoffs"]]
    daily = snap.daily()
    return render_template("editor/overview.html", snap=snap, d=d, assumed_pct=_pct(d["assumed"], d["asked"]),
                           handed_pct=_pct(d["handed_off"], d["asked"]), daily=daily,
                           chart=day_chart(daily), series=DAY_SERIES, handoffs=bar_chart(handoffs),
                           questions=sum(r["questions"] for r in daily),
                           gaps=list(enumerate(snap.gaps.topics[:TOP_GAPS], 1)),
                           top_questions=snap.sections["top_questions"][:TOP_QUESTIONS])


# -- report sections ----------------------------------------------------------------------------
@bp.get("/reports")
def reports():
    return _page("editor/reports.html")


def _sorted(name: str) -> tuple[list[dict], str | None, bool]:
    rows = snapshot(g.filters).section(name)
    column = request.args.get("sort") or None
    descending = request.args.get("dir", "desc" if column else "") == "desc"
    return sort_rows(rows, column, descending), column, descending


@bp.get("/reports/<section>")
def section(section: str):
    rows, column, descending = _sorted(section)
    return _page("editor/report.html", name=section, title=report.SECTIONS[section][0], rows=rows,
                 sort=column, descending=descending)


def _download(body: str, mimetype: str, filename: str) -> Response:
    """``body`` as a file to save (a non-ASCII name is sent as RFC 5987 ``filename*``)."""
    return send_file(io.BytesIO(body.encode("utf-8")), mimetype=mimetype, as_attachment=True, download_name=filename)


def _csv(body: str, name: str) -> Response:
    """A CSV download named for the period: UTF-8 with a byte-order mark, so spreadsheet programs
    read the Cyrillic right."""
    snap = snapshot(g.filters)
    period = f"{snap.start:%Y-%m-%d}-to-{snap.last_day:%Y-%m-%d}{'-' + g.filters.locale if g.filters.locale else ''}"
    return _download("\ufeff" + body, "text/csv", f"askdesk-{name}-{period}.csv")


@bp.get("/reports/<section>.csv")
def section_csv(section: str):
    rows, _, _ = _sorted(section)
    return _csv(to_csv(rows), section)


# -- content gaps -------------------------------------------------------------------------------
@bp.get("/gaps")
def gaps():
    return _page("editor/gaps.html")


@bp.get("/gaps.csv")
def gaps_csv():
    snap = snapshot(g.filters)
    rows = [topic_row(n, t, snap.drafts.get(n - 1)) for n, t in enumerate(snap.gaps.topics, 1)]
    return _csv(to_csv(rows), "gaps")


@bp.get("/gaps/<int:number>/draft.md")
def draft(number: int):
    snap = snapshot(g.filters)
    snap.topic(number)
    found = snap.drafts.get(number - 1)
    if found is None:
        raise NotFound(f"topic {number} has an article close enough to improve; only topics to write anew get a draft")
    return _download(found.text, "text/markdown", f"{found.id}.md")


# -- help-center searches -----------------------------------------------------------------------
SEARCH_ROWS_SHOWN = 20


@bp.get("/searches")
def searches():
    return render_template("editor/searches.html", snap=editor_searches.search_view(g.filters),
                           st=editor_searches, titles=search_reports.SECTIONS, limit=SEARCH_ROWS_SHOWN)


@bp.get("/searches/<section>.csv")
def searches_csv(section: str):
    if section not in search_reports.SECTIONS:
        raise NotFound(f"no search report {section!r}: one of {', '.join(search_reports.SECTIONS)}")
    view = editor_searches.search_view(g.filters)
    period = f"{view.start:%Y-%m-%d}-to-{view.last_day:%Y-%m-%d}{'-' + g.filters.locale if g.filters.locale else ''}"
    return _download("\ufeff" + to_csv(view.sections[section]), "text/csv", f"askdesk-searches-{section}-{period}.csv")


# -- one conversation ---------------------------------------------------------------------------
@bp.get("/sessions/<session_id>")
def conversation(session_id: str):
    runtime = current_app.extensions["askdesk"]
    found = runtime.store.get_session(session_id) if len(session_id) <= 64 else None
    if found is None:
        raise NotFound(f"no conversation {session_id[:64]!r}: it may have been removed (demo data) or the link is cut")
    record = sessions_from_events([found], runtime.store.events(found.id))[0]
    return render_template("editor/session.html", found=found, record=record,
                           transcript=runtime.conversations.transcript(found.id))
