"""The question ledger, read back: each session as a list of turns, one per customer question.

A turn is a question and everything that followed it until the next question: what the bot
showed, votes, clicks, a handoff, a ticket. Events that come before any question (a "Talk to a
person" at once) belong to the session. Reading is a pure function of the stored events
(:func:`sessions_from_events`), so reports are tested on hand-made ledgers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from askdesk.store.protocol import Event, Session, Store

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
        if record is None:
            continue
        p = event.payload
        turn = record.turns[-1] if record.turns else None
        if event.kind == "question":
            record.turns.append(Turn(record.id, event.created_at, p.get("text", ""), p.get("locale", record.locale),
                                     p.get("decision", ""), p.get("reason", ""), float(p.get("confidence", 0.0)),
                                     list(p.get("tried", []))))
        elif event.kind == "reply" and turn is not None:
            shown = p.get("shown") or [{"id": i} for i in p.get("articles", [])]
            for card in shown:
                if card["id"] not in turn.shown:
                    turn.shown.append(card["id"])
                turn.shown_locales[card["id"]] = card.get("locale", turn.locale)
                if p.get("action") in ANSWER_ACTIONS and card["id"] not in turn.answered_with:
                    turn.answered_with.append(card["id"])
        elif event.kind == "vote":
            helpful = bool(p.get("helpful"))
            record.helpful_votes += helpful
            if turn is not None:
                turn.votes.append((p.get("article_id", ""), helpful))
        elif event.kind == "click" and turn is not None:
            turn.clicks.append(p.get("article_id", ""))
        elif event.kind == "handoff":
            record.handoff = record.handoff or p.get("reason", "")
            if turn is not None and turn.handoff is None:
                turn.handoff = p.get("reason", "")
        elif event.kind == "agent_label":
            record.agent_label = p.get("label", "")
        elif event.kind == "ticket":
            record.ticket = p.get("number")
            if turn is not None:
                turn.ticket = p.get("number")
    return list(records.values())


def read_ledger(store: Store, since: str, until: str | None = None, *, locale: str | None = None,
                include_demo: bool = True) -> list[SessionRecord]:
    """The sessions started in [since, until), optionally of one locale, without demo traffic if asked."""
    sessions, events = store.ledger(since, until)
    sessions = [s for s in sessions if (locale is None or s.locale == locale)
                and (include_demo or s.source != "demo")]
    return sessions_from_events(sessions, events)
