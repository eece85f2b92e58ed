"""The widget's API: conversations with the bot, suggest-as-you-type and the greeting's topics.

Public: every call is rate-limited per client and sees public articles only.
"""
from __future__ import annotations

import re

from flask import Blueprint, current_app, jsonify, request

from askdesk.api.metrics import record_reply
from askdesk.api.params import json_body, locale_param, question_text
from askdesk.bot.cards import card_from_hit
from askdesk.bot.conversation import no_conversation
from askdesk.bot.messages import say
from askdesk.core.dialogue import SUGGESTION_FIELDS, Greeting, Reply
from askdesk.core.errors import BadRequest
from askdesk.indexer.search import Scope

bp = Blueprint("conversations", __name__, url_prefix="/api/v1")

_SESSION_ID = re.compile(r"^[0-9a-f]{32}$")
SUGGEST_LIMIT = 5
# What the customer may type, checked here and sent to the widget at session start (field_limits), so
# the widget enforces the same numbers without a copy of them. The question's is max_question_chars.
CONTACT_CHARS = 254          # the longest e-mail address (RFC 5321)
NAME_CHARS = 200
NOTE_CHARS = 5000
SUGGEST_MIN_CHARS = 3        # shorter input gets no suggestions
PAGE_URL_CHARS = 2000


def field_limits() -> dict[str, int]:
    """The limits on what the customer types, as the session start tells the widget: exactly what the
    routes below check (the question's through :func:`question_text`, the setting ``max_question_chars``)."""
    return {"text_chars": current_app.config["ASKDESK"].max_question_chars, "contact_chars": CONTACT_CHARS,
            "name_chars": NAME_CHARS, "note_chars": NOTE_CHARS, "suggest_min_chars": SUGGEST_MIN_CHARS}


def _conversations():
    return current_app.extensions["askdesk"].conversations


def _session_id(session_id: str) -> str:
    if not _SESSION_ID.match(session_id):
        raise no_conversation(session_id[:40])
    return session_id


def _text(body: dict, name: str, limit: int, required: bool = False) -> str:
    value = body.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise BadRequest(f"`{name}` must be a string, got {type(value).__name__}")
    if len(value) > limit:
        raise BadRequest(f"`{name}` is {len(value)} characters; the limit is {limit}")
    if required and not value.strip():
        raise BadRequest(f"`{name}` is required")
    return value


def _ok(reply: dict | Reply | Greeting, status: int = 200):
    """The JSON of a reply (a record converts at this edge); the bot's replies are counted in the metrics."""
    if isinstance(reply, Reply):
        record_reply(reply.action, reply.handoff.reason if reply.handoff is not None else None)
    return jsonify({"ok": True, **(reply if isinstance(reply, dict) else reply.to_dict())}), status


@bp.post("/sessions")
def start():
    body = json_body() if request.content_length else {}
    locale = locale_param(body.get("locale")) or current_app.config["ASKDESK"].default_locale
    page_url = _text(body, "page_url", PAGE_URL_CHARS)
    greeting = _conversations().start(locale, page_url).to_dict()
    return _ok({**greeting, "limits": field_limits()}, 201)


@bp.get("/sessions/<session_id>")
def transcript(session_id: str):
    conversations = _conversations()
    session = conversations.session(_session_id(session_id))
    ticket, handoff = session.state.ticket, session.state.handoff
    return _ok({"session_id": session.id, "locale": session.locale,
                "ticket": None if ticket is None else ticket.to_dict(),
                "handoff": None if handoff is None else {"reason": handoff},
                "transcript": [_bubbles(line, session.locale)
                               for line in conversations.transcript(session.id, cards=True)]})


def _bubbles(line: dict, locale: str) -> dict:
    """A transcript line for the widget: a handoff's reply is stored as one text, the handoff's words
    and the request for a contact, which the customer saw as two messages; ``texts`` has them apart."""
    if line.get("from") != "bot" or line.get("action") != "handoff":
        return line
    text, ask = line.get("text") or "", say(locale, "contact_needed")
    if text.endswith(" " + ask) and len(text) > len(ask) + 1:
        return {**line, "texts": [text[:-len(ask) - 1], ask]}
    return line


@bp.post("/sessions/<session_id>/messages")
def message(session_id: str):
    text = json_body().get("text")
    if text is not None and not isinstance(text, str):
        raise BadRequest(f"`text` must be a string, got {type(text).__name__}")
    if text and text.strip():
        text = question_text(text, "text")
    return _ok(_conversations().message(_session_id(session_id), text or ""))


@bp.post("/sessions/<session_id>/feedback")
def feedback(session_id: str):
    body = json_body()
    return _ok(_conversations().feedback(_session_id(session_id), _text(body, "article_id", 200, True),
                                         body.get("helpful")))


@bp.post("/sessions/<session_id>/choose")
def choose(session_id: str):
    body = json_body()
    return _ok(_conversations().choose(_session_id(session_id), _text(body, "article_id", 200, True)))


@bp.post("/sessions/<session_id>/clicks")
def click(session_id: str):
    body = json_body()
    _conversations().click(_session_id(session_id), _text(body, "article_id", 200, True))
    return _ok({"session_id": session_id})


@bp.post("/sessions/<session_id>/handoff")
def handoff(session_id: str):
    return _ok(_conversations().request_person(_session_id(session_id)))


@bp.post("/sessions/<session_id>/contact")
def contact(session_id: str):
    body = json_body()
    return _ok(_conversations().leave_contact(_session_id(session_id), _text(body, "contact", CONTACT_CHARS),
                                              _text(body, "name", NAME_CHARS), _text(body, "note", NOTE_CHARS)))


@bp.get("/suggest")
def suggest():
    """Suggest-as-you-type: the titles of the best public articles for what has been typed so far."""
    query = request.args.get("q", "")
    if len(query.strip()) < SUGGEST_MIN_CHARS:
        return _ok({"suggestions": []})
    query = question_text(query, "q")
    result = current_app.extensions["askdesk"].index.current().search(
        query, locale=locale_param(request.args.get("locale")), scope=Scope(), limit=SUGGEST_LIMIT)
    floor = current_app.extensions["askdesk"].thresholds.handoff
    return _ok({"suggestions": [card_from_hit(h).to_dict(SUGGESTION_FIELDS) for h in result.hits if h.score >= floor]})


@bp.get("/top")
def top():
    locale = locale_param(request.args.get("locale")) or current_app.config["ASKDESK"].default_locale
    topics = _conversations().suggestions(locale)
    return _ok({"locale": locale, "suggestions": [c.to_dict(SUGGESTION_FIELDS) for c in topics]})
