"""The question ledger, read back: each session as a list of turns, one per customer question.

A turn is a question and everything that followed it until the next question: what the bot
showed, votes, clicks, a handoff, a ticket. Events that come before any question (a "Talk to a
person" at once) belong to the session. Reading is a pure function of the stored events
(:func:`sessions_from_events`), so reports are tested on hand-made ledgers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from askdesk.core.dialogue import Card
from askdesk.core.records import (
    TRIED_REF,
    ArticleClicked,
    Event,
    EventRecord,
    HandedOff,
    QuestionAsked,
    ReplyGiven,
    Session,
    TicketLabelled,
    TicketOpened,
    VoteCast,
)
from askdesk.core.storage import Store

ANSWER_ACTIONS = ("answer", "maybe", "offer_next", "chosen")   # a reply that shows one article as the answer


@dataclass
class Turn:
    session_id: str
    at: str
    text: str
    locale: str
    decision: str                 # the core decision: answer | clarify | handoff
    reason: str
    confidence: float
    tried: list[dict]             # [{"id", "locale", "score"}], best first
    shown: list[str] = field(default_factory=list)        # article ids shown in reply, in order
    answered_with: list[str] = field(default_factory=list)  # ... of which shown as the answer
    shown_locales: dict = field(default_factory=dict)     # article id → locale of the version shown
    votes: list[tuple[str, bool]] = field(default_factory=list)
    clicks: list[str] = field(default_factory=list)
    handoff: str | None = None
    ticket: int | None = None

    @property
    def answered(self) -> bool:
        return bool(self.answered_with)

    @property
    def disliked(self) -> bool:
        return any(not helpful for _, helpful in self.votes)

    @property
    def liked(self) -> bool:
        return any(helpful for _, helpful in self.votes)

    @property
    def failed(self) -> bool:
        """The bot did not help with this question: nothing answered, an answer voted down, or a handoff."""
        return not self.answered or self.disliked or self.handoff is not None

    @property
    def top_score(self) -> float:
        return self.tried[0]["score"] if self.tried else 0.0


@dataclass
class SessionRecord:
    id: str
    locale: str
    created_at: str
    source: str
    turns: list[Turn] = field(default_factory=list)
    handoff: str | None = None          # the first handoff's reason
    ticket: int | None = None
    helpful_votes: int = 0
    agent_label: str = ""               # the agent's verdict on the ticket: would_have_answered:<id> | wrong_answer

    @property
    def asked(self) -> bool:
        return bool(self.turns)


def normalise(text: str) -> str:
    """A question's text for grouping: case, punctuation and spacing do not matter."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold().replace("ё", "е")).split())


def sessions_from_events(sessions: list[Session], events: list[Event]) -> list[SessionRecord]:
    """Sessions with their turns, from sessions and their events (any order; sorted here)."""
    records = {s.id: SessionRecord(s.id, s.locale, s.created_at, s.source) for s in sessions}
    for event in sorted(events, key=lambda e: (e.created_at, e.id)):
        record = records.get(event.session_id)
        if record is not None:
            _read(record, event.record, event.created_at)
    return list(records.values())


def _read(record: SessionRecord, event: EventRecord | None, at: str) -> None:
    """What one event adds to its session (events that come before any question belong to the session)."""
    turn = record.turns[-1] if record.turns else None
    if isinstance(event, QuestionAsked):
        record.turns.append(Turn(record.id, at, event.text, event.locale or record.locale, event.decision,
                                 event.reason, event.confidence, [t.to_dict(TRIED_REF) for t in event.tried]))
    elif isinstance(event, ReplyGiven) and turn is not None:
        shown = event.shown or [Card(i, "") for i in event.articles]
        for card in shown:
            if card.id not in turn.shown:
                turn.shown.append(card.id)
            turn.shown_locales[card.id] = card.locale or turn.locale
            if event.action in ANSWER_ACTIONS and card.id not in turn.answered_with:
                turn.answered_with.append(card.id)
    elif isinstance(event, VoteCast):
        record.helpful_votes += event.helpful
        voted = _turn_showing(record, event.article_id, event.question)
        if voted is not None:
            voted.votes.append((event.article_id, event.helpful))
    elif isinstance(event, ArticleClicked) and turn is not None:
        (_turn_showing(record, event.article_id) or turn).clicks.append(event.article_id)
    elif isinstance(event, HandedOff):
        record.handoff = record.handoff or event.reason
        if turn is not None and turn.handoff is None:
            turn.handoff = event.reason
    elif isinstance(event, TicketLabelled):
        record.agent_label = event.label
    elif isinstance(event, TicketOpened):
        record.ticket = event.number
        if turn is not None:
            turn.ticket = event.number


def _turn_showing(record: SessionRecord, article_id: str, question: str = "") -> Turn | None:
    """The turn a vote or click on ``article_id`` belongs to: the latest turn that showed it (the one
    asked as ``question`` when several did), else the latest turn. A customer may vote on an earlier
    card: the vote counts for the question that card answered, not for the last one asked."""
    showing = [t for t in record.turns if article_id in t.shown]
    if question:
        asked = [t for t in showing if t.text == question]
        showing = asked or showing
    if showing:
        return showing[-1]
    return record.turns[-1] if record.turns else None


def read_ledger(store: Store, since: str, until: str | None = None, *, locale: str | None = None,
                include_demo: bool = True) -> list[SessionRecord]:
    """The sessions started in [since, until), optionally of one locale, without demo traffic if asked."""
    sessions, events = store.ledger(since, until)
    sessions = [s for s in sessions if (locale is None or s.locale == locale)
                and (include_demo or s.source != "demo")]
    return sessions_from_events(sessions, events)
