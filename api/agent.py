"""The agents' JSON API: search every article, suggest articles for a ticket, work the ticket inbox.

Every route needs ``Authorization: Bearer <token>`` of an agent or an editor (:func:`auth.protect`);
including drafts in a search needs an editor's.
"""
from __future__ import annotations

from flask import Blueprint, jsonify, request

from askdesk.api.agent_actions import (
    change_ticket,
    load_ticket,
    parse_label,
    search_articles,
    suggest,
    ticket_detail,
    ticket_list,
)
from askdesk.api.auth import protect, require
from askdesk.api.params import int_param, json_body, locale_param, question_text
from askdesk.core.errors import BadRequest
from askdesk.core.yesno import parse_yes_no
from askdesk.delivery.inbox import agent_scope, parse_status, status_counts

bp = Blueprint("agent", __name__, url_prefix="/api/v1/agent")
protect(bp, "agent")

def _flag(name: str) -> bool:
    raw = request.args.get(name, "")
    try:
        return parse_yes_no(raw, default=False)
    except ValueError:
        raise BadRequest(f"`{name}` must be true or false, got {raw!r}") from None


@bp.get("/search")
def search():
    query = question_text(request.args.get("q"), "q")
    include_drafts = _flag("include_drafts")
    principal = require("editor" if include_drafts else "agent")
    result = search_articles(query, agent_scope(principal, include_drafts),
                             locale=locale_param(request.args.get("locale")), limit=int_param("limit", 10, 1, 50))
    return jsonify({"ok": True, **result})


@bp.post("/suggest")
def suggest_articles():
    return jsonify({"ok": True, **suggest(json_body().get("text"), agent_scope(require("agent")))})


@bp.get("/tickets")
def tickets():
    status = request.args.get("status") or None
    if status is not None:
        parse_status(status)
    demo = _flag("demo")
    every, listed, demos = ticket_list(status, demo)
    return jsonify({"ok": True, "counts": status_counts([t for t in every if demo or t.session_id not in demos]),
                    "demo_hidden": 0 if demo else len([t for t in every if t.session_id in demos]),
                    "tickets": listed})


@bp.get("/tickets/<int:number>")
def ticket(number: int):
    return jsonify({"ok": True, "ticket": ticket_detail(load_ticket(number))})


@bp.patch("/tickets/<int:number>")
def update_ticket(number: int):
    body = json_body()
    unknown = sorted(set(body) - {"status", "label"})
    if unknown or not body:
        raise BadRequest(f"send `status` and/or `label`{'; unknown: ' + ', '.join(unknown) if unknown else ''}")
    principal = require("agent")
    status = parse_status(body["status"]) if "status" in body else None
    label = parse_label(body["label"], principal) if "label" in body else None
    changed = change_ticket(number, principal, status=status, label=label)
    return jsonify({"ok": True, "ticket": ticket_detail(changed)})
