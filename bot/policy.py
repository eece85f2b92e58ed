"""The conversation policy: what the bot does next, as pure functions of the conversation so far.

The customer must never have to fight the bot:
- a request for a person, in any supported language, hands off at once (``customer_request``);
- after "this did not help", the next best article is offered once; a second "did not help"
  hands off (``negative_feedback``);
- two failed turns in a row hand off (a failed turn: an answer voted down, or a question the
  core could not answer; an answer or articles to pick from end a run of failed turns);
- a question clearly outside the help center (``out_of_scope``, ``no_results``) that is not the
  second failed turn in a row gets an honest reply, not a contact form: what the bot can help
  with and a visible "Talk to a person" choice (:data:`OUTSIDE`); the conversation goes on;
- a vote on a card of an earlier question (:func:`on_earlier_feedback`) is answered for that
  question and leaves the current one as it is;
- greetings, thanks and empty messages get a reply, not a search.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from askdesk.bot.decision import ANSWER, CLARIFY, HANDOFF, Decision
from askdesk.core.dialogue import Card, ConversationState, PastQuestion
from askdesk.core.dialogue import PolicyState as State

GREET, WELCOME, PROMPT, SEARCH, OFFER_NEXT, HANDOFF_NOW = "greet", "welcome", "prompt", "search", "offer_next", "handoff"
MAYBE = "maybe"   # unsure, and only one article is near: offer it and ask whether it helped
OUTSIDE = "out_of_scope"    # what the bot can help with, popular topics and "Talk to a person"; not a handoff
OFFER_PERSON = "offer_person"   # "Talk to a person" offered, the contact form not pushed
OUTSIDE_REASONS = ("out_of_scope", "no_results")   # the decisions an honest reply may answer
WITH_BOT, AWAITING_CONTACT, TICKET_OPEN = "with_bot", "awaiting_contact", "ticket_open"   # see stage()
FAILED_TURNS_LIMIT = 2
PAST_QUESTIONS = 10   # earlier questions whose cards may still be voted on

_HUMAN = re.compile(
    r"\b(talk|speak|chat|connect)\w*\b.{0,30}\b(person|human|agent|operator|someone|somebody|representative|support)\b"
    r"|\b(human|real person|live agent|agent please|operator|representative|customer service)\b"
    r"|оператор|жив(ой|ым|ому) (человек|сотрудник)|(позов|соедин|переключ)\w* .{0,20}(человек|оператор|сотрудник|специалист)"
    r"|(с|со) (человеком|специалистом|сотрудником|менеджером)|менеджер[ау]?\b",
    re.I)
_GREETING = re.compile(r"^\s*(hi|hello|hey|good (morning|afternoon|evening)|привет|здравствуй(те)?|добрый (день|вечер)|доброе утро)\W*$", re.I)
_THANKS = re.compile(r"^\s*(thanks?( you)?|thx|ty|great,? thanks?|спасибо|благодарю|спс)\W*(!|\.)*\s*$", re.I)


def classify_message(text: str) -> str:
    """``empty``, ``human_request``, ``greeting``, ``thanks`` or ``question``."""
    stripped = (text or "").strip()
    if not stripped or not re.search(r"\w", stripped):
        return "empty"
    if _HUMAN.search(stripped):
        return "human_request"
    if _GREETING.match(stripped):
        return "greeting"
    if _THANKS.match(stripped):
        return "thanks"
    return "question"


@dataclass(frozen=True)
class Step:
    action: str             # greet | welcome | prompt | search | offer_next | handoff
    reason: str | None      # handoff reason code
    state: State


def on_message(state: State, text: str) -> Step:
    """The first step for a customer's message: reply directly, hand off, or search."""
    kind = classify_message(text)
    if kind == "human_request":
        return Step(HANDOFF_NOW, "customer_request", replace(state, handed_off=True))
    if kind == "empty":
        return Step(PROMPT, None, state)
    if kind == "greeting":
        return Step(GREET, None, state)
    if kind == "thanks":
        return Step(WELCOME, None, replace(state, failed_in_a_row=0))
    return Step(SEARCH, None, replace(state, offered_next_best=False))


def on_decision(state: State, decision_action: str, decision_reason: str) -> Step:
    """After the core decided on a searched question. A hand-off decision is a failed turn: the
    second in a row hands off; a first one outside the help center gets the honest reply
    (:data:`OUTSIDE`, with the decision's reason). Anything the bot could show ends a run of failures."""
    if decision_action == HANDOFF:
        failed = state.failed_in_a_row + 1
        if decision_reason in OUTSIDE_REASONS and failed < FAILED_TURNS_LIMIT:
            return Step(OUTSIDE, decision_reason, replace(state, failed_in_a_row=failed))
        return Step(HANDOFF_NOW, decision_reason, replace(state, handed_off=True, failed_in_a_row=failed))
    return Step(decision_action, None, replace(state, failed_in_a_row=0))


def on_feedback(state: State, helpful: bool, has_next_best: bool) -> Step:
    """After "this helped" / "this did not help" on an answer."""
    if helpful:
        return Step(WELCOME, None, replace(state, failed_in_a_row=0))
    failed = state.failed_in_a_row + 1
    if failed >= FAILED_TURNS_LIMIT or state.offered_next_best or not has_next_best:
        return Step(HANDOFF_NOW, "negative_feedback", replace(state, failed_in_a_row=failed, handed_off=True))
    return Step(OFFER_NEXT, None, replace(state, failed_in_a_row=failed, offered_next_best=True))


def on_earlier_feedback(helpful: bool, offered_next_best: bool, has_next_best: bool) -> str:
    """After a vote on a card of an earlier question (the customer scrolled back): ``welcome`` for
    "this helped"; for "this did not help", that question's next best once (``offer_next``), else
    :data:`OFFER_PERSON`. The current question's state and the failed-turn count are left as they
    are, and no contact form is pushed: the customer has moved on to another question."""
    if helpful:
        return WELCOME
    if has_next_best and not offered_next_best:
        return OFFER_NEXT
    return OFFER_PERSON


def showing(decision: Decision) -> tuple[str, tuple[int, ...]]:
    """What the reply to a searched question shows, for a decision that is not a hand-off: the
    reply's action and the indexes of the hits it shows. Confident: the answer; unsure with only
    one article near: that one as a ``maybe`` (it asks whether it helped); else the 2-3 to pick from."""
    if decision.action == ANSWER:
        return ANSWER, (0,)
    if len(decision.options) == 1:
        return MAYBE, decision.options
    assert decision.action == CLARIFY, decision
    return CLARIFY, decision.options


def next_best(tried: Iterable[Card], shown: Iterable[str], floor: float) -> list[Card]:
    """The articles tried for the question and not shown yet that score at least ``floor`` (the
    hand-off threshold), best first: what may be offered after "this did not help"."""
    seen = set(shown)
    return [card for card in tried if card.id not in seen and card.score >= floor]


def stage(state: ConversationState) -> str:
    """Where a conversation is: ``with_bot``; ``awaiting_contact`` once handed off (the contact form
    is what comes next); ``ticket_open`` once a ticket is opened (what the customer adds goes to it)."""
    if state.ticket is not None:
        return TICKET_OPEN
    if state.handoff is not None:
        return AWAITING_CONTACT
    return WITH_BOT


def remembered(state: ConversationState, limit: int = PAST_QUESTIONS) -> tuple[PastQuestion, ...]:
    """The earlier questions to keep when a new one is asked: the current one joins them if it
    showed any card; the newest ``limit`` are kept."""
    if not state.shown:
        return state.past
    current = PastQuestion(state.question, state.tried, state.shown, state.policy.offered_next_best)
    return (*state.past, current)[-limit:]


def earlier_question(past: Iterable[PastQuestion], article_id: str) -> int | None:
    """The index of the newest earlier question that showed ``article_id``, or None."""
    found = None
    for index, question in enumerate(past):
        if article_id in question.shown:
            found = index
    return found
