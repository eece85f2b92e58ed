"""Conversations: a session's turns through the policy, the core decision and the store.

Every turn is recorded as events (the question ledger, :mod:`askdesk.core.records`): a question
(with the decision, the confidence and the articles tried), messages (greetings, thanks, requests
for a person), replies (what the bot said and showed), votes, clicks, handoffs and tickets. A
ticket's transcript is rebuilt from those events (:mod:`bot.transcript`), so the agent sees exactly
what the customer saw. The decisions are pure functions (:mod:`bot.policy`, :mod:`bot.decision`,
:mod:`bot.greeting`); this module only carries them out, one turn at a time.
"""
from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import replace
from functools import partial

from askdesk.bot import policy
from askdesk.bot.cards import card_again, card_from_hit
from askdesk.bot.contact import parse_contact
from askdesk.bot.decision import SEARCH_DEPTH, Thresholds, decide_search
from askdesk.bot.greeting import Popularity, suggestions
from askdesk.bot.messages import say
from askdesk.bot.pii import mask_pii
from askdesk.bot.scope import help_topics, outside_text
from askdesk.bot.transcript import transcript
from askdesk.core.dialogue import Card, Greeting, HandoffPrompt, Reply, SearchReply, TicketRef
from askdesk.core.errors import BadRequest, NotFound
from askdesk.core.records import (
    ArticleClicked,
    EventRecord,
    HandedOff,
    MessageSent,
    QuestionAsked,
    ReplyGiven,
    Session,
    Ticket,
    TicketOpened,
    VoteCast,
)
from askdesk.core.storage import Store
from askdesk.indexer.search import PUBLIC, Searcher
from askdesk.indexer.textnorm import detect_locale

LOCK_STRIPES = 64
OUTSIDE_TOPICS = 3   # popular topics offered with the honest reply outside the help center
PACKET_TRIED = ("id", "locale", "title", "score", "url")   # what a ticket keeps of each article tried


def no_conversation(session_id: object) -> NotFound:
    """The error for a session id the store does not have (or that cannot be one)."""
    return NotFound(f"no conversation {session_id!r}; start one with POST /api/v1/sessions")


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class _Turn:
    """One turn of a session: its working copy of the state (saved when the turn ends) and its ledger."""

    def __init__(self, store: Store, session: Session):
        self.store, self.session, self.state = store, session, session.state

    @property
    def locale(self) -> str:
        return self.session.locale

    def record(self, event: EventRecord) -> None:
        self.store.add_event(self.session.id, event)


class Conversations:
    """The bot's side of every session. Thread-safe; turns of one session are serialised. ``now`` is
    the clock the greeting's popular articles are counted on."""

    def __init__(self, store: Store, searcher: Callable[[], Searcher], thresholds: Callable[[], Thresholds], *,
                 reply_within_hours: int, max_text_chars: int, on_ticket: Callable[[Ticket], None] = lambda ticket: None,
                 featured_tag: str = "popular", now: Callable[[], dt.datetime] = utc_now):
        self.store = store
        self.searcher = searcher
        self.thresholds = thresholds
        self.reply_within_hours = reply_within_hours
        self.max_text_chars = max_text_chars
        self.on_ticket = on_ticket
        self.featured_tag = featured_tag
        self.popularity = Popularity(store, now)
        self._locks = [threading.Lock() for _ in range(LOCK_STRIPES)]

    # -- session lifecycle ----------------------------------------------------------------------
    def start(self, locale: str, page_url: str = "", source: str = "live") -> Greeting:
        session = self.store.create_session(locale, page_url[:2000], source)
        topics = tuple(self.suggestions(locale))
        text = say(locale, "greeting")
        self.store.add_event(session.id, ReplyGiven("greeting", text, tuple(c.id for c in topics), shown=topics))
        return Greeting(session.id, locale, text, topics, self.max_text_chars)

    def session(self, session_id: str) -> Session:
        session = self.store.get_session(session_id) if isinstance(session_id, str) else None
        if session is None:
            raise no_conversation(session_id)
        return session

    def _lock(self, session_id: str) -> threading.Lock:
        """The lock of the stripe this session falls in (a bounded set; two sessions rarely share one)."""
        return self._locks[hash(session_id) % len(self._locks)]

    def _turn(self, session_id: str, work: Callable[[_Turn], Reply]) -> Reply:
        # One turn of a conversation at a time: in this process by the lock, across servers by the
        # store's lock on the session (taken second, so this server's threads do not queue in the database).
        with self._lock(session_id), self.store.session_for_update(session_id) as session:
            if session is None:
                raise no_conversation(session_id)
            turn = _Turn(self.store, session)
            reply = work(turn)
            self.store.save_state(session.id, turn.state)
            return replace(reply, session_id=session.id)

    # -- the customer's actions -----------------------------------------------------------------
    def message(self, session_id: str, text: str) -> Reply:
        return self._turn(session_id, lambda turn: self._message(turn, text))

    def feedback(self, session_id: str, article_id: str, helpful: bool) -> Reply:
        return self._turn(session_id, lambda turn: self._feedback(turn, article_id, helpful))

    def choose(self, session_id: str, article_id: str) -> Reply:
        return self._turn(session_id, lambda turn: self._choose(turn, article_id))

    def request_person(self, session_id: str) -> Reply:
        def work(turn: _Turn) -> Reply:
            turn.record(MessageSent("human_request", "", button=True))
            return self._towards_person(turn, "")
        return self._turn(session_id, work)

    def click(self, session_id: str, article_id: str) -> None:
        session = self.session(session_id)
        self.store.add_event(session.id, ArticleClicked(str(article_id)[:200]))

    def leave_contact(self, session_id: str, contact: str, name: str = "", note: str = "") -> Reply:
        def work(turn: _Turn) -> Reply:
            if policy.stage(turn.state) == policy.TICKET_OPEN:
                return self._after_ticket(turn, note)
            normalised = parse_contact(contact, turn.locale)
            if normalised is None:   # the customer reads this, in their language
                raise BadRequest(say(turn.locale, "contact_invalid"))
            if policy.stage(turn.state) == policy.WITH_BOT:
                self._handoff(turn, "customer_request")
            return self._open_ticket(turn, normalised, name, note)
        return self._turn(session_id, work)

    # -- turns ----------------------------------------------------------------------------------
    def _message(self, turn: _Turn, text: str) -> Reply:
        stage = policy.stage(turn.state)
        if stage == policy.TICKET_OPEN:
            return self._after_ticket(turn, text)
        if stage == policy.AWAITING_CONTACT:
            contact = parse_contact(text, turn.locale)
            if contact is not None:
                turn.record(MessageSent("contact", text))
                return self._open_ticket(turn, contact, "", "")
        step = policy.on_message(turn.state.policy, text)
        turn.state = replace(turn.state, policy=step.state)
        if step.action == policy.HANDOFF_NOW:
            turn.record(MessageSent("human_request", text))
            return self._handoff(turn, step.reason)
        if step.action != policy.SEARCH:
            turn.record(MessageSent(policy.classify_message(text), text))
            return self._reply(turn, step.action)
        return self._search(turn, text)

    def _search(self, turn: _Turn, text: str) -> Reply:
        locale = detect_locale(text, turn.locale)
        result = self.searcher().search(text, locale=locale, scope=PUBLIC, limit=SEARCH_DEPTH)
        decision = decide_search(result, self.thresholds())
        tried = tuple(card_from_hit(h) for h in result.hits)
        turn.record(QuestionAsked(text, locale, decision.action, decision.reason, round(decision.confidence, 4),
                                  result.did_you_mean, tried, round(result.took_ms, 2)))
        step = policy.on_decision(turn.state.policy, decision.action, decision.reason)
        turn.state = replace(turn.state, question=mask_pii(text), tried=tried, shown=(), policy=step.state,
                             past=policy.remembered(turn.state))
        if step.action == policy.HANDOFF_NOW:
            return self._handoff(turn, step.reason)
        if step.action == policy.OUTSIDE:
            return self._outside(turn, step.reason or decision.reason)
        action, shown = policy.showing(decision)
        reply = self._show(turn, action, [tried[i] for i in shown])
        return SearchReply(reply.action, reply.text, reply.articles, did_you_mean=result.did_you_mean)

    def _feedback(self, turn: _Turn, article_id: str, helpful: bool) -> Reply:
        if not isinstance(helpful, bool):
            raise BadRequest("`helpful` must be true or false")
        if article_id not in turn.state.shown:
            return self._earlier_feedback(turn, article_id, helpful)
        turn.record(VoteCast(article_id, helpful, turn.state.question))
        if policy.stage(turn.state) != policy.WITH_BOT:
            return self._towards_person(turn, "")
        untried = policy.next_best(turn.state.tried, turn.state.shown, self.thresholds().handoff)
        step = policy.on_feedback(turn.state.policy, helpful, bool(untried))
        turn.state = replace(turn.state, policy=step.state)
        if step.action == policy.HANDOFF_NOW:
            return self._handoff(turn, step.reason)
        if step.action == policy.OFFER_NEXT:
            return self._show(turn, policy.OFFER_NEXT, [untried[0]])
        return self._reply(turn, step.action)

    def _earlier_feedback(self, turn: _Turn, article_id: str, helpful: bool) -> Reply:
        """A vote on a card of an earlier question: answered for that question (its next best, else
        a person offered), the current question left as it is (:func:`policy.on_earlier_feedback`)."""
        index = policy.earlier_question(turn.state.past, article_id)
        if index is None:
            raise BadRequest(f"article {article_id!r} was not shown in this conversation; vote on an answer you saw")
        past = turn.state.past[index]
        turn.record(VoteCast(article_id, helpful, past.question))
        if policy.stage(turn.state) != policy.WITH_BOT:
            return self._towards_person(turn, "")
        untried = policy.next_best(past.tried, (*past.shown, *turn.state.shown), self.thresholds().handoff)
        action = policy.on_earlier_feedback(helpful, past.offered_next_best, bool(untried))
        if action == policy.OFFER_NEXT:
            card = untried[0]
            kept = replace(past, shown=(*past.shown, card.id), offered_next_best=True)
            turn.state = replace(turn.state, past=(*turn.state.past[:index], kept, *turn.state.past[index + 1:]))
            text = say(turn.locale, policy.OFFER_NEXT)
            turn.record(ReplyGiven(policy.OFFER_NEXT, text, (card.id,), (card.score,), (card,)))
            return Reply(policy.OFFER_NEXT, text, (card,))
        if action == policy.OFFER_PERSON:
            text = say(turn.locale, policy.OFFER_PERSON)
            turn.record(ReplyGiven(policy.OFFER_PERSON, text))
            return Reply(policy.OFFER_PERSON, text, offer_person=True)
        return self._reply(turn, action)

    def _choose(self, turn: _Turn, article_id: str) -> Reply:
        chosen = [card for card in turn.state.tried if card.id == article_id]
        if not chosen:
            raise BadRequest(f"article {article_id!r} was not offered in this conversation")
        turn.record(ArticleClicked(article_id, chosen=True))
        return self._show(turn, "chosen", chosen)

    def _towards_person(self, turn: _Turn, text: str) -> Reply:
        """The customer wants a person (or, handed off already, said something more): the next step there."""
        stage = policy.stage(turn.state)
        if stage == policy.TICKET_OPEN:
            return self._after_ticket(turn, text)
        if stage == policy.AWAITING_CONTACT:
            return self._handoff_pending(turn)
        return self._handoff(turn, "customer_request")

    # -- replies --------------------------------------------------------------------------------
    def _reply(self, turn: _Turn, action: str) -> Reply:
        text = say(turn.locale, action)
        turn.record(ReplyGiven(action, text))
        return Reply(action, text)

    def _show(self, turn: _Turn, action: str, cards: list[Card]) -> Reply:
        shown = turn.state.shown
        turn.state = replace(turn.state, shown=(*shown, *dict.fromkeys(c.id for c in cards if c.id not in shown)))
        text = say(turn.locale, action)
        turn.record(ReplyGiven(action, text, tuple(c.id for c in cards), tuple(c.score for c in cards), tuple(cards)))
        return Reply(action, text, tuple(cards))

    def _outside(self, turn: _Turn, reason: str) -> Reply:
        """The honest reply to a question outside the help center: one line on what the bot can help
        with, a few popular topics and "Talk to a person"; no handoff, the conversation goes on."""
        text = outside_text(turn.locale, help_topics(self.searcher().articles.values(), turn.locale))
        topics = tuple(self.suggestions(turn.locale, OUTSIDE_TOPICS))
        turn.record(ReplyGiven(policy.OUTSIDE, text))
        return Reply(policy.OUTSIDE, text, reason=reason, suggestions=topics, offer_person=True)

    def _handoff(self, turn: _Turn, reason: str) -> Reply:
        turn.state = replace(turn.state, handoff=reason, policy=replace(turn.state.policy, handed_off=True))
        turn.record(HandedOff(reason, turn.state.tried))
        text, ask = say(turn.locale, f"handoff.{reason}"), say(turn.locale, "contact_needed")
        turn.record(ReplyGiven("handoff", f"{text} {ask}"))
        return Reply("handoff", text, handoff=HandoffPrompt(reason, ask))

    def _handoff_pending(self, turn: _Turn) -> Reply:
        ask = say(turn.locale, "contact_needed")
        return Reply("handoff", ask, handoff=HandoffPrompt(turn.state.handoff or "", ask))

    def _open_ticket(self, turn: _Turn, contact: str, name: str, note: str) -> Reply:
        session, state = turn.session, turn.state
        if note.strip():
            turn.record(MessageSent("note", note))
        packet = {"transcript": self.transcript(session.id), "tried": [c.to_dict(PACKET_TRIED) for c in state.tried],
                  "question": state.question, "name": name.strip()[:200]}
        with self.store.transaction():   # the ticket, its ledger event and its queued deliveries: all or none
            ticket = self.store.create_ticket(session.id, state.handoff or "", session.locale, session.page_url,
                                              contact, packet)
            turn.record(TicketOpened(ticket.number, ticket.reason))
            self.on_ticket(ticket)
        turn.state = replace(state, ticket=TicketRef(ticket.number, contact))
        text = say(turn.locale, "ticket", number=ticket.number, contact=contact, hours=self.reply_within_hours)
        turn.record(ReplyGiven("ticket", text))
        return Reply("ticket", text, ticket=turn.state.ticket)

    def _after_ticket(self, turn: _Turn, text: str) -> Reply:
        """After the ticket: what the customer adds goes to the agent (as events on the session)."""
        if text.strip():
            turn.record(MessageSent("after_ticket", text))
        ticket = turn.state.ticket
        assert ticket is not None
        reply = say(turn.locale, "after_ticket", number=ticket.number, contact=ticket.contact)
        turn.record(ReplyGiven("after_ticket", reply))
        return Reply("after_ticket", reply, ticket=ticket)

    # -- what the agent and the greeting need ---------------------------------------------------
    def transcript(self, session_id: str, *, cards: bool = False) -> list[dict]:
        """The conversation as the customer saw it, oldest first (:func:`bot.transcript.transcript`);
        with ``cards=True`` bot lines carry the cards shown, from the current index, as the widget
        shows them again after a reload (an article unpublished since is left out)."""
        again = partial(card_again, self.searcher()) if cards else None
        return transcript(self.store.events(session_id), again)

    def suggestions(self, locale: str, limit: int = 5) -> list[Card]:
        """The articles to offer before any question (:mod:`bot.greeting`)."""
        return suggestions(self.searcher(), locale, self.popularity.ids(), self.featured_tag, limit)
