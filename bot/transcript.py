"""A conversation's transcript, rebuilt from its events: what the agent reads in a ticket, what the
editor's conversation page shows and what a reloaded widget shows again. A pure function of the
events, so the agent sees exactly what the customer saw.

Each line is the JSON the API and the ticket packet have always held: ``from`` (customer | bot),
``kind``, a readable ``text`` and ``at``; customer lines of kind ``vote`` and ``click`` carry
``article_id`` (and ``helpful``); bot lines carry ``action`` and the ids of the ``articles`` shown,
and, when asked for, the ``cards`` themselves.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from askdesk.core.dialogue import Card
from askdesk.core.records import ArticleClicked, Event, MessageSent, QuestionAsked, ReplyGiven, VoteCast

HUMAN_BUTTON = "[Talk to a person]"


def transcript(events: Iterable[Event], card_again: Callable[[Card], Card | None] | None = None) -> list[dict]:
    """The lines of the conversation, oldest first (``events`` in their stored order). With
    ``card_again``, bot lines carry the ``cards`` it builds from each card shown (None: left out,
    as an article unpublished since is)."""
    lines = []
    for event in events:
        record, at = event.record, event.created_at
        if isinstance(record, QuestionAsked):
            lines.append({"from": "customer", "kind": "question", "text": record.text, "at": at})
        elif isinstance(record, MessageSent):
            text = record.text or (HUMAN_BUTTON if record.intent == "human_request" else "")
            if text:
                lines.append({"from": "customer", "kind": record.intent, "text": text, "at": at})
        elif isinstance(record, ReplyGiven):
            line = {"from": "bot", "kind": "reply", "action": record.action, "text": record.text,
                    "articles": list(record.articles), "at": at}
            if card_again is not None:
                again = (card_again(card) for card in record.shown or ())
                line["cards"] = [card.to_dict() for card in again if card is not None]
            lines.append(line)
        elif isinstance(record, VoteCast):
            lines.append({"from": "customer", "kind": "vote", "article_id": record.article_id,
                          "helpful": record.helpful, "at": at,
                          "text": ("[helpful] " if record.helpful else "[not helpful] ") + record.article_id})
        elif isinstance(record, ArticleClicked):
            lines.append({"from": "customer", "kind": "click", "article_id": record.article_id,
                          "text": "[opened] " + record.article_id, "at": at})
    return lines
