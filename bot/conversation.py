"""Conversations: a session's turns through the policy, the core decision and the store.

Every turn is recorded as events (the question ledger): ``question`` (with the decision, the
confidence and the articles tried), ``message`` (greetings, thanks, requests for a person),
``reply`` (what the bot said and showed), ``vote``, ``click``, ``handoff`` and ``ticket``. A
ticket's transcript is built from those events, so the agent sees exactly what the customer saw.
The decisions themselves are pure functions (:mod:`bot.policy`, :mod:`bot.decision`); this
module only carries them out.
"""
from __future__ import annotations

import datetime as dt
import threading
from dataclasses import asdict
from typing import Callable

from askdesk.core.errors import BadRequest, NotFound
from askdesk.bot import policy
from askdesk.bot.contact import parse_contact
from askdesk.bot.decision import ANSWER, CLARIFY, Thresholds, decide
from askdesk.bot.messages import say
from askdesk.bot.pii import mask_pii
from askdesk.indexer.search import Hit, Scope, Searcher, article_url
from askdesk.indexer.snippets import short_answer
from askdesk.indexer.textnorm import detect_locale
from askdesk.store.protocol import Store, Ticket

SEARCH_DEPTH = 5
PUBLIC = Scope()
POPULAR_DAYS = 30
POPULAR_CACHE_SECONDS = 300
LOCK_STRIPES = 64


def no_conversation(session_id) -> NotFound:
    """The error for a session id the store does not have (or that cannot be one)."""
    return NotFound(f"no conversation {session_id!r}; start one with POST /api/v1/sessions")


def _card(hit: dict) -> dict:
    """What the customer is shown of an article."""
    return {k: hit[k] for k in ("id", "locale", "title", "answer", "snippet", "url", "heading", "cross_language")}


def _shown(card: dict) -> dict:
    """What a reply event keeps of a card: enough to show it again (see ``Conversations.transcript``)."""
    return {"id": card["id"], "locale": card["locale"], "url": card["url"],
            "cross_language": bool(card.get("cross_language"))}


def _tried(hit: Hit) -> dict:
    return {"id": hit.id, "locale": hit.locale, "title": hit.title, "score": round(hit.score, 4),
            "answer": hit.answer, "snippet": hit.snippet, "url": hit.url, "heading": hit.heading,
            "cross_language": hit.cross_language}


class Conversations:
    """The bot's side of every session. Thread-safe; turns of one session are serialised."""

    def __init__(self, store: Store, searcher: Callable[[], Searcher], thresholds: Callable[[], Thresholds], *,
                 reply_within_hours: int, max_text_chars: int, on_ticket: Callable[[Ticket], None] = lambda ticket: None,
                 featured_tag: str = "popular"):
        self.store = store
        self.searcher = searcher
        self.thresholds = thresholds
        self.reply_within_hours = reply_within_hours
        self.max_text_chars = max_text_chars
        self.on_ticket = on_ticket
        self.featured_tag = featured_tag
        self._locks = [threading.Lock() for _ in range(LOCK_STRIPES)]
        self._popular: tuple[float, list[str]] = (0.0, [])

    # -- session lifecycle ----------------------------------------------------------------------
    def start(self, locale: str, page_url: str = "", source: str = "live") -> dict:
        session = self.store.create_session(locale, page_url[:2000], source)
        suggestions = self.suggestions(locale)
        text = say(locale, "greeting")
        self.store.add_event(session.id, "reply", {"action": "greeting", "text": text,
                                                   "articles": [s["id"] for s in suggestions],
                                                   "shown": [_shown(s) for s in suggestions]})
        return {"session_id": session.id, "locale": locale, "action": "greeting", "text": text,
                "suggestions": suggestions, "limits": {"text_chars": self.max_text_chars}}

    def session(self, session_id: str):
        session = self.store.get_session(session_id) if isinstance(session_id, str) else None
        if session is None:
            raise no_conversation(session_id)
        return session

    def _lock(self, session_id: str) -> threading.Lock:
        """The lock of the stripe this session falls in (a bounded set; two sessions rarely share one)."""
        return self._locks[hash(session_id) % len(self._locks)]

    def _turn(self, session_id: str, work: Callable[[object, dict], dict]) -> dict:
        # One turn of a conversation at a time: in this process by the lock, across servers by the
        # store's lock on the session (taken second, so this server's threads do not queue in the database).
        with self._lock(session_id), self.store.session_for_update(session_id) as session:
            if session is None:
                raise no_conversation(session_id)
            state = dict(session.state)
            reply = work(session, state)
            self.store.save_state(session.id, state)
            reply["session_id"] = session.id
            return reply

    # -- the customer's actions -----------------------------------------------------------------
    def message(self, session_id: str, text: str) -> dict:
        return self._turn(session_id, lambda session, state: self._message(session, state, text))

    def feedback(self, session_id: str, article_id: str, helpful: bool) -> dict:
        return self._turn(session_id, lambda session, state: self._feedback(session, state, article_id, helpful))

    def choose(self, session_id: str, article_id: str) -> dict:
        return self._turn(session_id, lambda session, state: self._choose(session, state, article_id))

    def request_person(self, session_id: str) -> dict:
        def work(session, state):
            self.store.add_event(session.id, "message", {"kind": "human_request", "text": "", "button": True})
            if state.get("ticket"):
                return self._after_ticket(session, state, "")
            if state.get("handoff"):
                return self._handoff_pending(session, state)
            return self._handoff(session, state, "customer_request")
        return self._turn(session_id, work)

    def click(self, session_id: str, article_id: str) -> None:
        session = self.session(session_id)
        self.store.add_event(session.id, "click", {"article_id": str(article_id)[:200]})

    def leave_contact(self, session_id: str, contact: str, name: str = "", note: str = "") -> dict:
        def work(session, state):
            if state.get("ticket"):
                return self._after_ticket(session, state, note)
            normalised = parse_contact(contact, session.locale)
            if normalised is None:   # the customer reads this, in their language
                raise BadRequest(say(session.locale, "contact_invalid"))
            if not state.get("handoff"):
                self._handoff(session, state, "customer_request")
            return self._open_ticket(session, state, normalised, name, note)
        return self._turn(session_id, work)

    # -- turns ----------------------------------------------------------------------------------
    def _policy_state(self, state: dict) -> policy.State:
        return policy.State(**state.get("policy", {}))

    def _message(self, session, state: dict, text: str) -> dict:
        if state.get("ticket"):
            return self._after_ticket(session, state, text)
        if state.get("handoff"):
            contact = parse_contact(text, session.locale)
            if contact is not None:
                self.store.add_event(session.id, "message", {"kind": "contact", "text": text})
                return self._open_ticket(session, state, contact, "", "")
        step = policy.on_message(self._policy_state(state), text)
        state["policy"] = asdict(step.state)
        if step.action == policy.HANDOFF_NOW:
            self.store.add_event(session.id, "message", {"kind": "human_request", "text": text})
            return self._handoff(session, state, step.reason)
        if step.action != policy.SEARCH:
            self.store.add_event(session.id, "message", {"kind": policy.classify_message(text), "text": text})
            return self._reply(session, step.action)
        return self._search(session, state, text)

    def _search(self, session, state: dict, text: str) -> dict:
        locale = detect_locale(text, session.locale)
        result = self.searcher().search(text, locale=locale, scope=PUBLIC, limit=SEARCH_DEPTH)
        decision = decide([h.score for h in result.hits], self.thresholds())
        tried = [_tried(h) for h in result.hits]
        self.store.add_event(session.id, "question", {
            "text": text, "locale": locale, "decision": decision.action, "reason": decision.reason,
            "confidence": round(decision.confidence, 4), "did_you_mean": result.did_you_mean,
            "tried": [{"id": t["id"], "locale": t["locale"], "score": t["score"]} for t in tried],
            "took_ms": round(result.took_ms, 2)})
        state.update(question=mask_pii(text), tried=tried, shown=[])
        step = policy.on_decision(self._policy_state(state), decision.action, decision.reason)
        state["policy"] = asdict(step.state)
        if step.action == policy.HANDOFF_NOW:
            return self._handoff(session, state, step.reason)
        if decision.action == ANSWER:
            reply = self._show(session, state, ANSWER, [tried[0]])
        elif len(decision.options) == 1:   # unsure, and only one article is near: offer it, ask if it helped
            reply = self._show(session, state, "maybe", [tried[decision.options[0]]])
        else:
            assert decision.action == CLARIFY
            reply = self._show(session, state, CLARIFY, [tried[i] for i in decision.options])
        reply["did_you_mean"] = result.did_you_mean
        return reply

    def _feedback(self, session, state: dict, article_id: str, helpful: bool) -> dict:
        if not isinstance(helpful, bool):
            raise BadRequest("`helpful` must be true or false")
        if article_id not in state.get("shown", []):
            raise BadRequest(f"article {article_id!r} was not shown in this conversation; vote on an answer you saw")
        self.store.add_event(session.id, "vote", {"article_id": article_id, "helpful": helpful,
                                                  "question": state.get("question", "")})
        if state.get("ticket"):
            return self._after_ticket(session, state, "")
        if state.get("handoff"):   # already passed to a person: the contact form is what is next
            return self._handoff_pending(session, state)
        untried = [t for t in state.get("tried", []) if t["id"] not in state.get("shown", [])
                   and t["score"] >= self.thresholds().handoff]
        step = policy.on_feedback(self._policy_state(state), helpful, bool(untried))
        state["policy"] = asdict(step.state)
        if step.action == policy.HANDOFF_NOW:
            return self._handoff(session, state, step.reason)
        if step.action == policy.OFFER_NEXT:
            return self._show(session, state, policy.OFFER_NEXT, [untried[0]])
        return self._reply(session, step.action)

    def _choose(self, session, state: dict, article_id: str) -> dict:
        chosen = [t for t in state.get("tried", []) if t["id"] == article_id]
        if not chosen:
            raise BadRequest(f"article {article_id!r} was not offered in this conversation")
        self.store.add_event(session.id, "click", {"article_id": article_id, "chosen": True})
        return self._show(session, state, "chosen", chosen)

    # -- replies --------------------------------------------------------------------------------
    def _reply(self, session, action: str, **extra) -> dict:
        text = say(session.locale, action)
        self.store.add_event(session.id, "reply", {"action": action, "text": text, "articles": []})
        return {"action": action, "text": text, "articles": [], "feedback": False, **extra}

    def _show(self, session, state: dict, action: str, hits: list[dict]) -> dict:
        state["shown"] = [*state.get("shown", []), *(h["id"] for h in hits if h["id"] not in state.get("shown", []))]
        text = say(session.locale, action)
        cards = [_card(h) for h in hits]
        self.store.add_event(session.id, "reply", {"action": action, "text": text,
                                                   "articles": [h["id"] for h in hits],
                                                   "scores": [h["score"] for h in hits],
                                                   "shown": [_shown(h) for h in hits]})
        # one article: "did this help?"; several: the customer picks one first
        return {"action": action, "text": text, "articles": cards, "feedback": len(cards) == 1}

    def _handoff(self, session, state: dict, reason: str) -> dict:
        state["handoff"] = {"reason": reason}
        state["policy"] = {**state.get("policy", {}), "handed_off": True}
        self.store.add_event(session.id, "handoff", {"reason": reason, "tried": [
            {"id": t["id"], "locale": t["locale"], "score": t["score"]} for t in state.get("tried", [])]})
        text = say(session.locale, f"handoff.{reason}")
        ask = say(session.locale, "contact_needed")
        self.store.add_event(session.id, "reply", {"action": "handoff", "text": f"{text} {ask}", "articles": []})
        return {"action": "handoff", "text": text, "articles": [], "feedback": False,
                "handoff": {"reason": reason, "contact_needed": True, "text": ask}}

    def _handoff_pending(self, session, state: dict) -> dict:
        ask = say(session.locale, "contact_needed")
        return {"action": "handoff", "text": ask, "articles": [], "feedback": False,
                "handoff": {"reason": state["handoff"]["reason"], "contact_needed": True, "text": ask}}

    def _open_ticket(self, session, state: dict, contact: str, name: str, note: str) -> dict:
        if note.strip():
            self.store.add_event(session.id, "message", {"kind": "note", "text": note})
        packet = {"transcript": self.transcript(session.id), "tried": [
            {k: t[k] for k in ("id", "locale", "title", "score", "url")} for t in state.get("tried", [])],
                  "question": state.get("question", ""), "name": name.strip()[:200]}
        with self.store.transaction():   # the ticket, its ledger event and its queued deliveries: all or none
            ticket = self.store.create_ticket(session.id, state["handoff"]["reason"], session.locale,
                                              session.page_url, contact, packet)
            self.store.add_event(session.id, "ticket", {"number": ticket.number, "reason": ticket.reason})
            self.on_ticket(ticket)
        state["ticket"] = {"number": ticket.number, "contact": contact}
        text = say(session.locale, "ticket", number=ticket.number, contact=contact, hours=self.reply_within_hours)
        self.store.add_event(session.id, "reply", {"action": "ticket", "text": text, "articles": []})
        return {"action": "ticket", "text": text, "articles": [], "feedback": False,
                "ticket": {"number": ticket.number, "contact": contact}}

    def _after_ticket(self, session, state: dict, text: str) -> dict:
        """After the ticket: what the customer adds goes to the agent (as events on the session)."""
        if text.strip():
            self.store.add_event(session.id, "message", {"kind": "after_ticket", "text": text})
        ticket = state["ticket"]
        reply = say(session.locale, "after_ticket", number=ticket["number"], contact=ticket["contact"])
        self.store.add_event(session.id, "reply", {"action": "after_ticket", "text": reply, "articles": []})
        return {"action": "after_ticket", "text": reply, "articles": [], "feedback": False, "ticket": ticket}

    # -- what the agent and the greeting need ---------------------------------------------------
    def transcript(self, session_id: str, *, cards: bool = False) -> list[dict]:
        """The conversation as the customer saw it, oldest first. Each line has ``from``
        (customer | bot), ``kind`` and a readable ``text``; customer lines of kind ``vote`` and
        ``click`` carry ``article_id`` (and ``helpful``); bot lines carry ``action`` and the ids of
        the ``articles`` shown, and with ``cards=True`` the cards themselves, as the widget shows
        them again after a reload (from the current index: an article unpublished since is left out)."""
        lines = []
        for event in self.store.events(session_id):
            p, at = event.payload, event.created_at
            if event.kind == "question":
                lines.append({"from": "customer", "kind": "question", "text": p.get("text", ""), "at": at})
            elif event.kind == "message":
                text = p.get("text") or ("[Talk to a person]" if p.get("kind") == "human_request" else "")
                if text:
                    lines.append({"from": "customer", "kind": p.get("kind", "message"), "text": text, "at": at})
            elif event.kind == "reply":
                line = {"from": "bot", "kind": "reply", "action": p.get("action", ""), "text": p.get("text", ""),
                        "articles": p.get("articles", []), "at": at}
                if cards:
                    line["cards"] = [c for c in map(self._card_again, p.get("shown", [])) if c is not None]
                lines.append(line)
            elif event.kind == "vote":
                lines.append({"from": "customer", "kind": "vote", "article_id": p.get("article_id", ""),
                              "helpful": bool(p.get("helpful")), "at": at,
                              "text": ("[helpful] " if p.get("helpful") else "[not helpful] ") + p.get("article_id", "")})
            elif event.kind == "click":
                lines.append({"from": "customer", "kind": "click", "article_id": p.get("article_id", ""),
                              "text": "[opened] " + p.get("article_id", ""), "at": at})
        return lines

    def _card_again(self, shown: dict) -> dict | None:
        article = self.searcher().article(shown.get("id", ""), shown.get("locale"), PUBLIC)
        if article is None:
            return None
        anchor = shown.get("url", "").partition("#")[2]
        passage = next((p for p in article.passages if anchor and p.anchor == anchor),
                       article.passages[0] if article.passages else None)
        return {"id": article.id, "locale": article.locale, "title": article.title, "snippet": "",
                "answer": short_answer(article.summary, passage.text if passage else ""),
                "url": shown.get("url") or article_url(article), "heading": passage.heading if passage else "",
                "cross_language": bool(shown.get("cross_language"))}

    def suggestions(self, locale: str, limit: int = 5) -> list[dict]:
        """The most useful articles to offer before any question: the most answered and opened in the
        last 30 days that nobody voted down, then the articles tagged ``featured_tag``."""
        searcher = self.searcher()
        ids = [*self._popular_ids()]
        ids += sorted(a.id for a in searcher.articles.values() if a.is_public and a.locale == locale
                      and self.featured_tag in a.tags and a.id not in ids)
        cards = []
        for article_id in ids:
            article = searcher.article(article_id, locale, PUBLIC)
            if article is not None and article.locale == locale:
                cards.append({"id": article.id, "locale": article.locale, "title": article.title,
                              "url": f"/help/{article.locale}/{article.id}"})
            if len(cards) == limit:
                break
        return cards

    def _popular_ids(self) -> list[str]:
        now = dt.datetime.now(dt.timezone.utc)
        if now.timestamp() - self._popular[0] < POPULAR_CACHE_SECONDS:
            return self._popular[1]
        since = (now - dt.timedelta(days=POPULAR_DAYS)).isoformat()
        score: dict[str, int] = {}
        for event in self.store.recent_events(("vote", "click"), since):
            article_id = event.payload.get("article_id", "")
            if event.kind == "click" or event.payload.get("helpful"):
                score[article_id] = score.get(article_id, 0) + 1
            else:
                score[article_id] = score.get(article_id, 0) - 2
        ranked = [a for a, s in sorted(score.items(), key=lambda kv: (-kv[1], kv[0])) if s > 0]
        self._popular = (now.timestamp(), ranked)
        return ranked
