"""The agents' side of a handoff: the ticket inbox, the articles an agent may search, a ticket's
suggestions, status and labels. Shared by the JSON API (``api/agent.py``), the console
(``api/console.py``) and any command that works tickets: every function takes what it works on
(a :class:`~askdesk.core.storage.Store`, a :class:`~askdesk.indexer.search.Searcher`, the
acting agent) as parameters and knows nothing about the web.

Labels and status changes are also recorded as events on the ticket's session (``agent_label``,
``agent_status``) for analytics.
"""
from __future__ import annotations

import re
from typing import Protocol

from askdesk.core.errors import BadRequest, NotFound, PayloadTooLarge
from askdesk.core.records import TICKET_STATUSES, Event, Ticket, TicketLabelled, TicketStatusChanged
from askdesk.core.storage import Store
from askdesk.delivery import ticket_page
from askdesk.indexer.search import PUBLIC, Scope, Searcher, SearchResult, article_url

SUGGEST_MAX_CHARS = 5000     # a pasted ticket may be this long
SUGGEST_QUERY_CHARS = 500    # of which this much is searched (see question_part)
ENOUGH_WORDS = 6             # questions this long are searched without the rest of the ticket
SUGGEST_LIMIT = 5
LABEL_KINDS = ("would_have_answered", "wrong_answer")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


class Agent(Protocol):
    """Who acts on the inbox (the web layer's ``Principal`` is one): a name for the events, a role."""
    name: str

    def can(self, role: str) -> bool: ...


# -- what an agent may search -------------------------------------------------------------------
def agent_scope(agent: Agent, include_drafts: bool = False) -> Scope:
    """Public and internal articles; drafts too when asked for by an editor."""
    return Scope(audience="internal", include_drafts=include_drafts and agent.can("editor"))


def _hits_with_audience(searcher: Searcher, result: SearchResult) -> dict:
    data = result.to_dict()
    for hit in data["hits"]:
        article = searcher.articles[f"{hit['locale']}:{hit['id']}"]
        hit["audience"], hit["status"] = article.audience, article.status   # internal, draft: a console url
    return data


def search_articles(searcher: Searcher, query: str, scope: Scope, *, locale: str | None = None,
                    limit: int = 10) -> dict:
    """A search result as a dict, each hit with its ``audience`` and ``status``."""
    return _hits_with_audience(searcher, searcher.search(query, locale=locale, scope=scope, limit=limit))


def question_part(text: str, limit: int = SUGGEST_QUERY_CHARS) -> str:
    """What of a pasted ticket is worth searching for: quoted lines (``> …``) dropped, then the
    sentences that ask something, alone when they say enough (``ENOUGH_WORDS``), else followed by
    the others in order (so "Can you help?" keeps its context); cut at a word within ``limit``."""
    lines = [line for line in text.splitlines() if not line.lstrip().startswith(">")]
    sentences = _SENTENCE_END.split(" ".join(" ".join(lines).split()))
    asked = [s for s in sentences if s.endswith("?")]
    rest = [] if len(" ".join(asked).split()) >= ENOUGH_WORDS else [s for s in sentences if not s.endswith("?")]
    ordered = " ".join(asked + rest)
    if len(ordered) <= limit:
        return ordered
    cut = ordered.rfind(" ", 0, limit + 1)
    return ordered[:cut if cut > 0 else limit]


def suggest(searcher: Searcher, text: object, scope: Scope) -> dict:
    """The best articles for a ticket's text; ``query`` says what was searched."""
    if not isinstance(text, str) or not text.strip():
        raise BadRequest("`text` is required: the ticket's text as a string")
    if len(text) > SUGGEST_MAX_CHARS:
        raise PayloadTooLarge(f"`text` is {len(text)} characters; the limit is {SUGGEST_MAX_CHARS}: "
                              "paste the customer's message without the quoted history")
    query = question_part(text)
    if not query:
        raise BadRequest("`text` has only quoted lines (starting with `>`); paste the customer's own words")
    return search_articles(searcher, query, scope, limit=SUGGEST_LIMIT)


# -- tickets ------------------------------------------------------------------------------------
def load_ticket(store: Store, number: int) -> Ticket:
    ticket = store.get_ticket(number)
    if ticket is None:
        raise NotFound(f"no ticket {number}; the inbox lists the tickets there are")
    return ticket


def first_question(ticket: Ticket) -> str:
    return next((turn.get("text", "") for turn in ticket.packet.get("transcript", [])
                 if turn.get("from") == "customer"), "")


def customer_text(ticket: Ticket) -> str:
    """Everything the customer wrote in the conversation, in order."""
    return " ".join(t.get("text", "") for t in ticket.packet.get("transcript", []) if t.get("from") == "customer")


def ticket_suggestions(searcher: Searcher, ticket: Ticket, scope: Scope) -> list[dict]:
    """The best articles for what the customer asked in the conversation (hits as dicts)."""
    query = question_part(customer_text(ticket)) or first_question(ticket)
    return search_articles(searcher, query, scope, limit=SUGGEST_LIMIT)["hits"] if query else []


def tried_articles(searcher: Searcher, ticket: Ticket) -> list[dict]:
    """The articles the bot offered before the handoff, each with its help-center ``url`` while it
    is still published (None once it is not)."""
    tried = []
    for entry in ticket.packet.get("tried", []):
        article = searcher.article(entry.get("id", ""), entry.get("locale"), PUBLIC)
        tried.append({**entry, "url": article_url(article) if article else None})
    return tried


def label_json(label: str) -> dict | None:
    """A stored label (``would_have_answered:<id>``, ``wrong_answer`` or '') as the API shows it."""
    if not label:
        return None
    kind, _, article_id = label.partition(":")
    return {"kind": kind, "article_id": article_id} if article_id else {"kind": kind}


def ticket_summary(ticket: Ticket, demo: bool = False) -> dict:
    """A ticket as the inbox lists it; ``demo``: its conversation is generated demo traffic."""
    return {"number": ticket.number, "created_at": ticket.created_at, "reason": ticket.reason,
            "locale": ticket.locale, "status": ticket.status, "contact": ticket.contact,
            "first_question": first_question(ticket), "label": label_json(ticket.label), "demo": demo}


def titles(searcher: Searcher) -> ticket_page.Titles:
    """Article id and locale → its title as agents may read it ('' for an article no longer there)."""
    scope = Scope(audience="internal")

    def title(article_id: str, locale: str) -> str:
        article = searcher.article(article_id, locale or None, scope) if article_id else None
        return article.title if article else ""
    return title


def ticket_detail(ticket: Ticket, events: list[Event], title: ticket_page.Titles | None = None,
                  demo: bool = False) -> dict:
    """The ticket, its session's events as stored, and what the ticket page reads from them: the
    handed-off ``question`` and the articles ``tried`` for it (with scores), the whole
    ``conversation`` (lines after the ticket included, shown articles by title) and the
    ``activity`` in sentences (:mod:`delivery.ticket_page`)."""
    title = title or (lambda article_id, locale: "")
    question = ticket_page.handed_off_question(events, ticket)
    return {**ticket_summary(ticket, demo), "page_url": ticket.page_url, "packet": ticket.packet,
            "events": [{"kind": e.kind, "payload": e.payload, "created_at": e.created_at} for e in events],
            "question": question.text if question else None,
            "tried": ticket_page.ticket_tries(ticket, events, title),
            "conversation": ticket_page.conversation(ticket, events, title),
            "activity": [a.to_dict() for a in ticket_page.activity(events, title, ticket.locale)]}


def demo_sessions(store: Store, tickets: list[Ticket]) -> set[str]:
    """The sessions of ``tickets`` that are generated demo traffic (source ``demo``)."""
    sessions = (store.get_session(sid) for sid in {t.session_id for t in tickets})
    return {s.id for s in sessions if s is not None and s.source == "demo"}


def is_demo(store: Store, ticket: Ticket) -> bool:
    return bool(demo_sessions(store, [ticket]))


def status_counts(tickets: list[Ticket]) -> dict[str, int]:
    counts = dict.fromkeys(TICKET_STATUSES, 0)
    for ticket in tickets:
        counts[ticket.status] = counts.get(ticket.status, 0) + 1
    return counts


def parse_status(value: object) -> str:
    if value not in TICKET_STATUSES:
        raise BadRequest(f"`status` must be one of {', '.join(TICKET_STATUSES)}, got {value!r}")
    return value


def parse_label(value: object, searcher: Searcher, agent: Agent) -> str:
    """``{"kind": "would_have_answered", "article_id": "x"}``, ``{"kind": "wrong_answer"}`` or None
    (clear) as the label string the store keeps; the article must be one the agent can see."""
    if value is None:
        return ""
    kind = value.get("kind") if isinstance(value, dict) else None
    if kind not in LABEL_KINDS:
        raise BadRequest(f"`label` must be null or an object whose `kind` is one of {', '.join(LABEL_KINDS)}, "
                         f"got {value!r}")
    if kind == "wrong_answer":
        return kind
    article_id = value.get("article_id")
    if not isinstance(article_id, str) or not article_id.strip():
        raise BadRequest("`label.article_id` is required for would_have_answered: the id of the article that "
                         "would have answered")
    article_id = article_id.strip()
    if searcher.article(article_id, None, agent_scope(agent, True)) is None:
        raise BadRequest(f"`label.article_id`: there is no article {article_id!r}; search for it and use its id")
    return f"{kind}:{article_id}"


def change_ticket(store: Store, number: int, agent: Agent, *, status: str | None = None,
                  label: str | None = None) -> Ticket:
    """Set a ticket's status and/or label (validated by :func:`parse_status` / :func:`parse_label`)
    and record each change as an event with the agent's name."""
    before = load_ticket(store, number)
    after = store.update_ticket(number, status=status, label=label)
    if after.status != before.status:
        store.add_event(before.session_id, TicketStatusChanged(number, agent.name, after.status, before.status))
    if after.label != before.label:
        store.add_event(before.session_id, TicketLabelled(number, agent.name, after.label, before.label))
    return after
