"""The typed records that cross a boundary: sessions, tickets and the events of the question ledger.

Each event kind the bot and the agents write has a frozen dataclass here with its ``kind`` and
an explicit ``to_payload()`` / ``from_payload()``: the payload is the stored JSON, unchanged from
before the records existed, so old rows read back the same. ``from_payload`` is lenient (a key an
old or hand-made row lacks gets its default); the store only serialises what ``to_payload`` gives.
The bot's conversation state and its replies are in :mod:`askdesk.core.dialogue`.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from askdesk.core.dialogue import Card, ConversationState

TICKET_STATUSES = ("open", "pending", "solved")

# what each stored list keeps of a card (:class:`Card`)
TRIED_REF = ("id", "locale", "score")                  # question and handoff events
SHOWN_REF = ("id", "locale", "url", "cross_language")  # reply events: enough to show it again


def _cards(items: Iterable[dict] | None) -> tuple[Card, ...]:
    return tuple(Card.from_dict(item) for item in items or ())


def _refs(cards: Iterable[Card], fields: tuple[str, ...]) -> list[dict]:
    return [card.to_dict(fields) for card in cards]


class EventRecord:
    """What every event record has: its ``kind`` and the two conversions."""
    kind: ClassVar[str]

    def to_payload(self) -> dict[str, Any]:
        raise NotImplementedError

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> EventRecord:
        raise NotImplementedError


@dataclass(frozen=True)
class QuestionAsked(EventRecord):
    """A customer's question, searched, with the core's decision and the articles it tried."""
    kind: ClassVar[str] = "question"
    text: str
    locale: str = ""
    decision: str = ""           # answer | clarify | handoff
    reason: str = ""
    confidence: float = 0.0
    did_you_mean: str | None = None
    tried: tuple[Card, ...] = ()  # best first
    took_ms: float = 0.0

    def to_payload(self) -> dict[str, Any]:
        return {"text": self.text, "locale": self.locale, "decision": self.decision, "reason": self.reason,
                "confidence": self.confidence, "did_you_mean": self.did_you_mean,
                "tried": _refs(self.tried, TRIED_REF), "took_ms": self.took_ms}

    @classmethod
    def from_payload(cls, p: dict[str, Any]) -> QuestionAsked:
        return cls(p.get("text", ""), p.get("locale", ""), p.get("decision", ""), p.get("reason", ""),
                   float(p.get("confidence", 0.0)), p.get("did_you_mean"), _cards(p.get("tried")),
                   float(p.get("took_ms", 0.0)))


@dataclass(frozen=True)
class MessageSent(EventRecord):
    """Something the customer said that is not a searched question. ``intent`` (stored as ``kind``):
    greeting | thanks | empty | human_request | contact | note | after_ticket."""
    kind: ClassVar[str] = "message"
    intent: str
    text: str = ""
    button: bool = False         # "Talk to a person" pressed rather than typed

    def to_payload(self) -> dict[str, Any]:
        return {"kind": self.intent, "text": self.text, **({"button": True} if self.button else {})}

    @classmethod
    def from_payload(cls, p: dict[str, Any]) -> MessageSent:
        return cls(p.get("kind", "message"), p.get("text", ""), bool(p.get("button")))


@dataclass(frozen=True)
class ReplyGiven(EventRecord):
    """What the bot said and showed. ``scores`` and ``shown`` are kept only for replies that show
    articles (``shown`` holds what the transcript needs to show the cards again)."""
    kind: ClassVar[str] = "reply"
    action: str
    text: str = ""
    articles: tuple[str, ...] = ()
    scores: tuple[float, ...] | None = None
    shown: tuple[Card, ...] | None = None

    def to_payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {"action": self.action, "text": self.text, "articles": list(self.articles)}
        if self.scores is not None:
            payload["scores"] = list(self.scores)
        if self.shown is not None:
            payload["shown"] = _refs(self.shown, SHOWN_REF)
        return payload

    @classmethod
    def from_payload(cls, p: dict[str, Any]) -> ReplyGiven:
        return cls(p.get("action", ""), p.get("text", ""), tuple(p.get("articles", ())),
                   None if p.get("scores") is None else tuple(p["scores"]),
                   None if p.get("shown") is None else _cards(p["shown"]))


@dataclass(frozen=True)
class VoteCast(EventRecord):
    """ "Was this helpful?" answered, with the (masked) question it was about."""
    kind: ClassVar[str] = "vote"
    article_id: str
    helpful: bool
    question: str = ""

    def to_payload(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "helpful": self.helpful, "question": self.question}

    @classmethod
    def from_payload(cls, p: dict[str, Any]) -> VoteCast:
        return cls(p.get("article_id", ""), bool(p.get("helpful")), p.get("question", ""))


@dataclass(frozen=True)
class ArticleClicked(EventRecord):
    """An article opened from the widget, or (``chosen``) picked from the bot's options."""
    kind: ClassVar[str] = "click"
    article_id: str
    chosen: bool = False

    def to_payload(self) -> dict[str, Any]:
        return {"article_id": self.article_id, **({"chosen": True} if self.chosen else {})}

    @classmethod
    def from_payload(cls, p: dict[str, Any]) -> ArticleClicked:
        return cls(p.get("article_id", ""), bool(p.get("chosen")))


@dataclass(frozen=True)
class HandedOff(EventRecord):
    """The conversation passed to a person, and why; with the articles the bot had tried."""
    kind: ClassVar[str] = "handoff"
    reason: str
    tried: tuple[Card, ...] = ()

    def to_payload(self) -> dict[str, Any]:
        return {"reason": self.reason, "tried": _refs(self.tried, TRIED_REF)}

    @classmethod
    def from_payload(cls, p: dict[str, Any]) -> HandedOff:
        return cls(p.get("reason", ""), _cards(p.get("tried")))


@dataclass(frozen=True)
class TicketOpened(EventRecord):
    kind: ClassVar[str] = "ticket"
    number: int
    reason: str = ""

    def to_payload(self) -> dict[str, Any]:
        return {"number": self.number, "reason": self.reason}

    @classmethod
    def from_payload(cls, p: dict[str, Any]) -> TicketOpened:
        return cls(p.get("number"), p.get("reason", ""))


@dataclass(frozen=True)
class TicketStatusChanged(EventRecord):
    """An agent moved a ticket to another status."""
    kind: ClassVar[str] = "agent_status"
    ticket: int
    agent: str
    status: str
    previous: str

    def to_payload(self) -> dict[str, Any]:
        return {"ticket": self.ticket, "agent": self.agent, "status": self.status, "previous": self.previous}

    @classmethod
    def from_payload(cls, p: dict[str, Any]) -> TicketStatusChanged:
        return cls(p.get("ticket"), p.get("agent", ""), p.get("status", ""), p.get("previous", ""))


@dataclass(frozen=True)
class TicketLabelled(EventRecord):
    """An agent's verdict on a ticket: ``would_have_answered:<id>``, ``wrong_answer`` or '' (cleared)."""
    kind: ClassVar[str] = "agent_label"
    ticket: int
    agent: str
    label: str
    previous: str

    def to_payload(self) -> dict[str, Any]:
        return {"ticket": self.ticket, "agent": self.agent, "label": self.label, "previous": self.previous}

    @classmethod
    def from_payload(cls, p: dict[str, Any]) -> TicketLabelled:
        return cls(p.get("ticket"), p.get("agent", ""), p.get("label", ""), p.get("previous", ""))


EVENT_RECORDS: dict[str, type[EventRecord]] = {cls.kind: cls for cls in (
    QuestionAsked, MessageSent, ReplyGiven, VoteCast, ArticleClicked, HandedOff, TicketOpened,
    TicketStatusChanged, TicketLabelled)}
EVENT_KINDS = tuple(EVENT_RECORDS)


def parse_event(kind: str, payload: dict[str, Any]) -> EventRecord | None:
    """The record of a stored event; None for a kind askdesk does not write."""
    record = EVENT_RECORDS.get(kind)
    return None if record is None else record.from_payload(payload)


# -- help-center searches: a ledger of their own, by visit (store/searches.py) -------------------
SEARCH_SOURCES = ("help", "api")   # the help pages' search box; GET /api/v1/search


@dataclass(frozen=True)
class SearchMade(EventRecord):
    """A public search and what it showed: ``results`` are the article ids in the order shown
    (position 1 first). The query (and the spelling proposal) is masked by the store."""
    kind: ClassVar[str] = "search"
    query: str
    locale: str = ""
    source: str = "help"         # one of SEARCH_SOURCES
    results: tuple[str, ...] = ()
    did_you_mean: str | None = None
    took_ms: float = 0.0

    def to_payload(self) -> dict[str, Any]:
        return {"query": self.query, "locale": self.locale, "source": self.source, "results": list(self.results),
                "did_you_mean": self.did_you_mean, "took_ms": self.took_ms}

    @classmethod
    def from_payload(cls, p: dict[str, Any]) -> SearchMade:
        return cls(p.get("query", ""), p.get("locale", ""), p.get("source", "help"), tuple(p.get("results", ())),
                   p.get("did_you_mean"), float(p.get("took_ms", 0.0)))


@dataclass(frozen=True)
class SearchResultClicked(EventRecord):
    """A result of search ``search_id`` opened: the article at ``position`` (1 = the first shown)."""
    kind: ClassVar[str] = "search_click"
    search_id: str
    article_id: str
    position: int

    def to_payload(self) -> dict[str, Any]:
        return {"search_id": self.search_id, "article_id": self.article_id, "position": self.position}

    @classmethod
    def from_payload(cls, p: dict[str, Any]) -> SearchResultClicked:
        return cls(p.get("search_id", ""), p.get("article_id", ""), int(p.get("position", 0)))


SEARCH_RECORDS: dict[str, type[EventRecord]] = {cls.kind: cls for cls in (SearchMade, SearchResultClicked)}


@dataclass(frozen=True)
class SearchEvent:
    """A search event as stored: ``visit_id`` is the anonymous visit it belongs to (not a session:
    searches are not conversations), ``payload`` the stored JSON (its query masked)."""
    id: str
    visit_id: str
    kind: str          # one of SEARCH_RECORDS
    payload: dict
    created_at: str

    @property
    def record(self) -> EventRecord | None:
        record = SEARCH_RECORDS.get(self.kind)
        return None if record is None else record.from_payload(self.payload)


# -- what the store keeps -------------------------------------------------------------------------
@dataclass(frozen=True)
class Session:
    id: str
    locale: str
    page_url: str
    state: ConversationState
    created_at: str
    source: str = "live"   # "demo": generated demo traffic (removable)


@dataclass(frozen=True)
class Event:
    """An event as stored. ``payload`` is the stored JSON (free text in it masked); ``record`` the
    same as its typed record (None for a kind askdesk does not write)."""
    id: str
    session_id: str
    kind: str          # one of EVENT_KINDS
    payload: dict
    created_at: str

    @property
    def record(self) -> EventRecord | None:
        return parse_event(self.kind, self.payload)


@dataclass(frozen=True)
class Ticket:
    number: int
    session_id: str
    reason: str
    locale: str
    page_url: str
    contact: str
    status: str
    label: str
    packet: dict = field(default_factory=dict)   # transcript and the articles the bot tried (stored JSON)
    created_at: str = ""
