"""The agent console at ``/agent``: the ticket inbox, article search and suggestions, ticket pages.

An agent signs in by pasting their token once; the signed session cookie (HttpOnly,
SameSite=Lax, ends after 12 idle hours) keeps only the token's id, and each request checks that
the token is still active, so revoking it signs the console out too. Every form carries a per-session CSRF
token. Pages are autoescaped Jinja with no inline script, so ``script-src 'self'`` holds; the
copy buttons are progressive enhancement in ``static/console.js``.
"""
from __future__ import annotations

import datetime as dt
import hmac
import secrets
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for

from askdesk.api.agent_actions import (
    change_ticket,
    load_ticket,
    parse_label,
    search_articles,
    suggest,
    ticket_detail,
    ticket_list,
)
from askdesk.api.auth import Principal, token_store
from askdesk.api.pages import article_links, render_markdown
from askdesk.core.errors import AskdeskError, BadRequest, NotFound
from askdesk.core.records import TICKET_STATUSES
from askdesk.core.yesno import parse_yes_no
from askdesk.delivery import ticket_page
from askdesk.delivery.inbox import (
    agent_scope,
    parse_status,
    status_counts,
    ticket_suggestions,
)
from askdesk.indexer.search import PUBLIC, article_url

bp = Blueprint("console", __name__, url_prefix="/agent")

SESSION_HOURS = 12
REASONS = ticket_page.REASONS
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
                               "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",      # ticket pages hold customers' messages and contacts
}


@bp.record_once
def _setup(state) -> None:
    app = state.app
    app.secret_key = app.extensions["askdesk"].secret_key
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                      PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=SESSION_HOURS))


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def local_path(value: str | None) -> str | None:
    """``value`` when it is a path on this site (a safe place to go after signing in), else None."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value \
            or any(ch.isspace() or ord(ch) < 32 for ch in value):
        return None
    parts = urlsplit(value)
    return value if not parts.scheme and not parts.netloc else None


@bp.context_processor
def _template_helpers() -> dict:
    return {"csrf_token": csrf_token, "principal": g.get("principal"), "statuses": TICKET_STATUSES,
            "reasons": REASONS}


@bp.before_request
def signed_in_guard():
    """Every console page (and the editor's, which reuse it): a valid form token on POST, and a
    signed-in, still active token, else to the sign-in page and back."""
    if request.method == "POST":
        sent = request.form.get("csrf", "").encode()
        if not sent or not hmac.compare_digest(session.get("csrf", "").encode(), sent):
            raise BadRequest("this form has expired or did not come from the console; reload the page and try again")
    if request.endpoint == "console.login":
        return None
    record = token_store().active(session["token_id"]) if "token_id" in session else None
    if record is None:
        session.pop("token_id", None)
        target = request.full_path.rstrip("?") if request.method == "GET" else None
        return redirect(url_for("console.login", next=target))
    g.principal = Principal.of(record)
    return None


@bp.after_request
def security_headers(response):
    response.headers.update(SECURITY_HEADERS)
    return response


# -- signing in and out -------------------------------------------------------------------------
@bp.route("/login", methods=["GET", "POST"])
def login():
    target = local_path(request.values.get("next"))
    if request.method == "GET":
        return render_template("agent/login.html", next=target, error=None)
    record = token_store().verify(request.form.get("token", "").strip())
    if record is None:
        error = "That token is not valid or was revoked. Paste the whole token, starting with askd_."
        return render_template("agent/login.html", next=target, error=error), 401
    session.clear()
    session.permanent = True
    session["token_id"] = record.id
    session["csrf"] = secrets.token_urlsafe(32)
    return redirect(target or url_for("console.inbox"))


@bp.post("/logout")
def logout():
    session.clear()
    flash("You are signed out.")
    return redirect(url_for("console.login"))


# -- inbox, search and suggestions --------------------------------------------------------------
def _inbox(suggestion: dict | None = None, ticket_text: str = "", suggest_error: str | None = None, code: int = 200):
    status = request.args.get("status", "open")
    status = status if status in TICKET_STATUSES else "all" if status == "all" else "open"
    try:
        demo = parse_yes_no(request.args.get("demo"), default=False)
    except ValueError:
        demo = False
    every, tickets, demos = ticket_list(None if status == "all" else status, demo)
    counted = [t for t in every if demo or t.session_id not in demos]
    query = request.args.get("q", "").strip()[:current_app.config["ASKDESK"].max_question_chars]
    results = search_articles(query, agent_scope(g.principal)) if query else None
    return render_template("agent/inbox.html", status=status, counts=status_counts(counted), total=len(counted),
                           tickets=tickets, demo=demo, demo_count=sum(t.session_id in demos for t in every),
                           query=query, results=results, suggestion=suggestion,
                           ticket_text=ticket_text, suggest_error=suggest_error), code


@bp.get("")
def inbox():
    return _inbox()


@bp.post("/suggest")
def suggest_articles():
    text = request.form.get("text", "")
    try:
        return _inbox(suggestion=suggest(text, agent_scope(g.principal)), ticket_text=text)
    except AskdeskError as exc:
        return _inbox(ticket_text=text, suggest_error=exc.message, code=exc.status)


# -- one article, read-only (internal articles and drafts have no help-center page) -------------
@bp.get("/articles/<locale>/<path:article_id>")
def article(locale: str, article_id: str):
    searcher = current_app.extensions["askdesk"].index.current()
    found = searcher.article(article_id, locale, agent_scope(g.principal, include_drafts=True))
    if found is None:
        raise NotFound(f"no article {article_id!r} you may read (drafts need an editor's token); "
                       "search the articles from the inbox")
    return render_template("agent/article.html", article=found, body=render_markdown(found.body_markdown, article_links(searcher, found)),
                           public_url=article_url(found) if found.is_public else None)


# -- one ticket ---------------------------------------------------------------------------------
def _ticket_page(number: int, label_error: str | None = None, code: int = 200):
    ticket = load_ticket(number)
    searcher = current_app.extensions["askdesk"].index.current()
    detail = ticket_detail(ticket)
    return render_template("agent/ticket.html", ticket=detail, tried=_with_urls(searcher, detail["tried"]),
                           suggestions=ticket_suggestions(searcher, ticket, agent_scope(g.principal)),
                           label_error=label_error), code


def _with_urls(searcher, tried: list[dict]) -> list[dict]:
    """Each article tried with its help-center ``url`` while it is published (None once it is not)."""
    found = ((t, searcher.article(t.get("id", ""), t.get("locale") or None, PUBLIC)) for t in tried)
    return [{**t, "url": article_url(a) if a else None} for t, a in found]


@bp.get("/tickets/<int:number>")
def ticket(number: int):
    return _ticket_page(number)


@bp.post("/tickets/<int:number>/status")
def set_status(number: int):
    change_ticket(number, g.principal, status=parse_status(request.form.get("status")))
    flash("Status saved.")
    return redirect(url_for("console.ticket", number=number))


@bp.post("/tickets/<int:number>/label")
def set_label(number: int):
    kind = request.form.get("kind", "")
    try:
        label = parse_label({"kind": kind, "article_id": request.form.get("article_id", "")} if kind else None,
                            g.principal)
    except BadRequest as exc:
        return _ticket_page(number, label_error=exc.message, code=400)
    change_ticket(number, g.principal, label=label)
    flash("Label saved." if label else "Label cleared.")
    return redirect(url_for("console.ticket", number=number))
