"""The typed records of a conversation: the articles the bot tries and shows (:class:`Card`), what
it remembers between turns (:class:`ConversationState`) and what it answers (:class:`Reply`,
:class:`Greeting`).

Each converts to the JSON it had as a dict before (``to_dict``): the widget's API and the stored
session state keep their shape. The events of the ledger are in :mod:`askdesk.core.records`.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

# what each place shows or keeps of a card, in that order
CARD_FIELDS = ("id", "locale", "title", "answer", "snippet", "url", "heading", "cross_language")   # the widget
TRIED_FIELDS = ("id", "locale", "title", "score", "answer", "snippet", "url", "heading", "cross_language")
SUGGESTION_FIELDS = ("id", "locale", "title", "url")   # the greeting's topics, suggest-as-you-type


@dataclass(frozen=True)
class Card:
    """An article as the bot tried or showed it: a search hit's fields worth keeping (``score``
    rounded). Each place keeps a subset of them (``*_FIELDS``; :func:`to_dict`)."""
    id: str
    locale: str
    title: str = ""
    score: float = 0.0
    answer: str = ""
    snippet: str = ""
    url: str = ""
    heading: str = ""
    cross_language: bool = False

    def to_dict(self, names: tuple[str, ...] = CARD_FIELDS) -> dict[str, Any]:
        return {name: getattr(self, name) for name in names}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Card:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known and v is not None}
        values.setdefault("id", "")
        values.setdefault("locale", "")
        values["cross_language"] = bool(values.get("cross_language", False))
        return cls(**values)


@dataclass(frozen=True)
class PolicyState:
    """What the conversation policy (:mod:`askdesk.bot.policy`) remembers between turns."""
    failed_in_a_row: int = 0
    offered_next_best: bool = False   # for the current question
    handed_off: bool = False

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PolicyState:
        return cls(int(data.get("failed_in_a_row", 0)), bool(data.get("offered_next_best", False)),
                   bool(data.get("handed_off", False)))


@dataclass(frozen=True)
class TicketRef:
    """The ticket a conversation ended in, as the customer is told it."""
    number: int
    contact: str

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "contact": self.contact}


@dataclass(frozen=True)
class PastQuestion:
    """An earlier question of the session, kept so its cards can still be voted on: the question
    (masked), its ranked articles, the ids shown for it and whether its next best was offered."""
    question: str = ""
    tried: tuple[Card, ...] = ()
    shown: tuple[str, ...] = ()
    offered_next_best: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"question": self.question, "tried": [c.to_dict(TRIED_FIELDS) for c in self.tried],
                "shown": list(self.shown), "offered_next_best": self.offered_next_best}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PastQuestion:
        return cls(data.get("question", ""), tuple(Card.from_dict(t) for t in data.get("tried") or ()),
                   tuple(data.get("shown") or ()), bool(data.get("offered_next_best", False)))


@dataclass(frozen=True)
class ConversationState:
    """What the bot remembers of a session between turns (stored as JSON with the session).

    ``question`` is the last question, masked; ``tried`` its ranked articles; ``shown`` the ids of
    every article shown for it (the ones a customer may vote on); ``handoff`` the reason the
    conversation was passed to a person, once it is; ``ticket`` the ticket it ended in; ``past`` the
    latest earlier questions that showed cards, newest last (their cards may still be voted on)."""
    policy: PolicyState = field(default_factory=PolicyState)
    question: str = ""
    tried: tuple[Card, ...] = ()
    shown: tuple[str, ...] = ()
    handoff: str | None = None
    ticket: TicketRef | None = None
    past: tuple[PastQuestion, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"policy": self.policy.__dict__.copy(), "question": self.question,
                                "tried": [c.to_dict(TRIED_FIELDS) for c in self.tried], "shown": list(self.shown)}
        if self.past:
            data["past"] = [p.to_dict() for p in self.past]
        if self.handoff is not None:
            data["handoff"] = {"reason": self.handoff}
        if self.ticket is not None:
            data["ticket"] = self.ticket.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ConversationState:
        handoff, ticket = data.get("handoff"), data.get("ticket")
        return cls(PolicyState.from_dict(data.get("policy") or {}), data.get("question", ""),
                   tuple(Card.from_dict(t) for t in data.get("tried") or ()), tuple(data.get("shown") or ()),
                   handoff.get("reason", "") if isinstance(handoff, dict) else None,
                   TicketRef(ticket["number"], ticket.get("contact", "")) if isinstance(ticket, dict) else None,
                   tuple(PastQuestion.from_dict(p) for p in data.get("past") or () if isinstance(p, dict)))


@dataclass(frozen=True)
class HandoffPrompt:
    """A handoff reply's request for a contact."""
    reason: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"reason": self.reason, "contact_needed": True, "text": self.text}


@dataclass(frozen=True)
class Reply:
    """The bot's answer to one of the customer's actions. One article shown asks "did this help?"
    (``feedback``); several ask the customer to pick one first."""
    action: str
    text: str
    articles: tuple[Card, ...] = ()
    handoff: HandoffPrompt | None = None
    ticket: TicketRef | None = None
    session_id: str = ""
    reason: str | None = None           # why the bot replied so (the honest reply outside the help center)
    suggestions: tuple[Card, ...] = ()  # popular topics to pick from
    offer_person: bool = False          # show a "Talk to a person" choice (the contact form is not pushed)

    @property
    def feedback(self) -> bool:
        return len(self.articles) == 1

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"action": self.action, "text": self.text,
                                "articles": [c.to_dict() for c in self.articles], "feedback": self.feedback}
        if self.handoff is not None:
            data["handoff"] = self.handoff.to_dict()
        if self.ticket is not None:
            data["ticket"] = self.ticket.to_dict()
        if self.reason is not None:
            data["reason"] = self.reason
        if self.suggestions:
            data["suggestions"] = [c.to_dict(SUGGESTION_FIELDS) for c in self.suggestions]
        if self.offer_person:
            data["offer_person"] = True
        data["session_id"] = self.session_id
        return data


@dataclass(frozen=True)
class SearchReply(Reply):
    """A reply to a searched question; it says what the search corrected the spelling to, if anything."""
    did_you_mean: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "did_you_mean": self.did_you_mean}


@dataclass(frozen=True)
class Greeting:
    """A new conversation: its id, the greeting and the topics offered before any question."""
    session_id: str
    locale: str
    text: str
    suggestions: tuple[Card, ...]
    text_chars: int               # the longest message the customer may send
    action: str = "greeting"

    def to_dict(self) -> dict[str, Any]:
        return {"session_id": self.session_id, "locale": self.locale, "action": self.action, "text": self.text,
                "suggestions": [c.to_dict(SUGGESTION_FIELDS) for c in self.suggestions],
                "limits": {"text_chars": self.text_chars}}
