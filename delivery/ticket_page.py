"""What an agent reads on a ticket, from the ticket and its session's events: the question that was
handed off and the articles the bot tried for it, the whole conversation (what the customer wrote
after the ticket too), what the bot showed by title, and the activity in sentences.

The ticket's packet is what was sent to the help desk when the customer left a contact; the events
go on after it (the customer may write more, agents label it), so the page reads both. Everything
here is a pure function of the ticket, the events and a title lookup (``Titles``: article id and
locale → title, '' when there is none), so it is tested without a web app or an index.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

from askdesk.bot.transcript import transcript
from askdesk.core.records import (
    ArticleClicked,
    Event,
    HandedOff,
    MessageSent,
    QuestionAsked,
    ReplyGiven,
    Ticket,
    TicketLabelled,
    TicketOpened,
    TicketStatusChanged,
    VoteCast,
)

Titles = Callable[[str, str], str]

REASONS = {"customer_request": "asked for a person", "low_confidence": "bot was unsure",
           "out_of_scope": "outside the help center", "no_results": "bot found nothing",
           "negative_feedback": "answer did not help", "unknown": "no reason recorded"}
DECISIONS = {"answer": "answered", "clarify": "offered options", "handoff": "found no answer to show"}
SHOWED = {"answer": "answered with", "maybe": "suggested", "clarify": "offered", "offer_next": "offered next",
          "chosen": "showed the chosen", "greeting": "greeted the customer with the topics"}
MESSAGES = {"greeting": "greeted", "thanks": "said thanks", "human_request": "asked for a person",
            "contact": "left a contact", "note": "added a note", "after_ticket": "wrote after the ticket"}


@dataclass(frozen=True)
class Activity:
    """One line of a ticket's activity log: when, who (customer | bot | agent), what in words."""
    at: str
    who: str
    text: str

    def to_dict(self) -> dict:
        return asdict(self)


def _ticket_index(events: Sequence[Event], ticket: Ticket) -> int | None:
    """The position of the ticket's own ``ticket`` event, if it is there."""
    return next((i for i, e in enumerate(events)
                 if isinstance(e.record, TicketOpened) and e.record.number == ticket.number), None)


def _before_ticket(events: Sequence[Event], ticket: Ticket) -> list[Event]:
    index = _ticket_index(events, ticket)
    if index is None:
        return [e for e in events if e.created_at <= ticket.created_at]
    return list(events[:index])


def after_ticket(events: Sequence[Event], ticket: Ticket) -> list[Event]:
    """The events after the ticket was opened (its ``ticket`` event; else its creation time)."""
    index = _ticket_index(events, ticket)
    if index is None:
        return [e for e in events if e.created_at > ticket.created_at]
    return list(events[index + 1:])


def handed_off_question(events: Sequence[Event], ticket: Ticket) -> QuestionAsked | None:
    """The question the ticket's hand-off was about: for a hand-off after "not helpful" votes, the
    question the vote was on (it may be an earlier one than the last asked); else the last question
    before the hand-off. None when the customer asked for a person before any question, or when
    there is no hand-off event (then the packet's own list is all there is)."""
    before = _before_ticket(events, ticket)
    handoff = next((i for i in range(len(before) - 1, -1, -1) if isinstance(before[i].record, HandedOff)), None)
    if handoff is None:
        return None
    asked = [e.record for e in before[:handoff] if isinstance(e.record, QuestionAsked)]
    vote = next((e.record for e in reversed(before[:handoff]) if isinstance(e.record, (VoteCast, QuestionAsked))),
                None)
    if isinstance(vote, VoteCast) and not vote.helpful and vote.question:
        voted = [q for q in asked if q.text == vote.question]
        if voted:
            return voted[-1]
    return asked[-1] if asked else None


def ticket_tries(ticket: Ticket, events: Sequence[Event], title: Titles) -> list[dict]:
    """The articles the bot tried for the handed-off question, best first, each ``{id, locale,
    title, score}``; the packet's list when the events do not say which question it was."""
    question = handed_off_question(events, ticket)
    if question is None:
        has_handoff = any(isinstance(e.record, HandedOff) for e in _before_ticket(events, ticket))
        if has_handoff:
            return []                     # handed off before any question: nothing was tried
        return [{**entry, "title": entry.get("title") or title(entry.get("id", ""), entry.get("locale", ""))
                 or entry.get("id", "")} for entry in ticket.packet.get("tried", [])]
    return [{"id": c.id, "locale": c.locale, "title": title(c.id, c.locale) or c.title or c.id, "score": c.score}
            for c in question.tried]


def _with_titles(line: dict, locale: str, title: Titles) -> dict:
    """A transcript line with the titles of what it shows (``shown``); a vote or an opened article
    said with the article's title instead of its id."""
    ids = line.get("articles") or []
    if ids:
        return {**line, "shown": [title(i, locale) or i for i in ids]}
    article = line.get("article_id")
    if article and line.get("kind") in ("vote", "click"):
        name = _quoted(title(article, locale) or article)
        said = ("Helpful: " if line.get("helpful") else "Not helpful: ") if line["kind"] == "vote" else "Opened "
        return {**line, "text": said + name}
    return line


def conversation(ticket: Ticket, events: Sequence[Event], title: Titles) -> list[dict]:
    """The conversation: the packet's transcript (up to the ticket) and then every line after the
    ticket from the events, each line that showed articles with ``shown``: their titles, in order;
    ``after_ticket`` marks the lines written after the ticket."""
    lines = [_with_titles(line, ticket.locale, title) for line in ticket.packet.get("transcript", [])]
    later = transcript(after_ticket(events, ticket))
    return lines + [{**_with_titles(line, ticket.locale, title), "after_ticket": True} for line in later]


def _quoted(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return f"\u201c{text[:limit]}{'…' if len(text) > limit else ''}\u201d"


def _label_words(label: str, title: Titles, locale: str) -> str:
    kind, _, article = label.partition(":")
    if kind == "would_have_answered":
        return f"labelled it: {_quoted(title(article, locale) or article)} would have answered"
    if kind == "wrong_answer":
        return "labelled it: the bot's answer was wrong"
    return "cleared the label"


def activity_line(event: Event, title: Titles, locale: str = "") -> Activity:
    """One event as a sentence an agent reads at a glance (titles, not ids; reasons in words)."""
    r, at = event.record, event.created_at
    if isinstance(r, QuestionAsked):
        did = DECISIONS.get(r.decision, r.decision or "searched")
        why = f" ({REASONS.get(r.reason, r.reason)})" if r.decision == "handoff" and r.reason else ""
        return Activity(at, "customer", f"Asked {_quoted(r.text)}: the bot {did}{why}, confidence {r.confidence:.2f}")
    if isinstance(r, MessageSent):
        said = MESSAGES.get(r.intent, "wrote")
        return Activity(at, "customer", f"{said.capitalize()}" + (f": {_quoted(r.text)}" if r.text else ""))
    if isinstance(r, ReplyGiven):
        if r.articles:
            titles = ", ".join(_quoted(title(i, locale) or i) for i in r.articles)
            return Activity(at, "bot", f"{SHOWED.get(r.action, 'showed').capitalize()} {titles}")
        return Activity(at, "bot", f"Replied {_quoted(r.text)}" if r.text else f"Replied ({r.action})")
    if isinstance(r, VoteCast):
        verdict = "helpful" if r.helpful else "not helpful"
        return Activity(at, "customer", f"Voted {_quoted(title(r.article_id, locale) or r.article_id)} {verdict}")
    if isinstance(r, ArticleClicked):
        verb = "Chose" if r.chosen else "Opened"
        return Activity(at, "customer", f"{verb} {_quoted(title(r.article_id, locale) or r.article_id)}")
    if isinstance(r, HandedOff):
        return Activity(at, "bot", f"Handed to a person: {REASONS.get(r.reason, r.reason or 'no reason given')}")
    if isinstance(r, TicketOpened):
        return Activity(at, "bot", f"Ticket {r.number} opened")
    if isinstance(r, TicketStatusChanged):
        return Activity(at, "agent", f"{r.agent} moved ticket {r.ticket} from {r.previous} to {r.status}")
    if isinstance(r, TicketLabelled):
        return Activity(at, "agent", f"{r.agent} {_label_words(r.label, title, locale)}")
    return Activity(at, "", f"Recorded a {event.kind!r} event")


def activity(events: Sequence[Event], title: Titles, locale: str = "") -> list[Activity]:
    """The session's events in order, each as a sentence (:func:`activity_line`)."""
    return [activity_line(e, title, locale) for e in events]
