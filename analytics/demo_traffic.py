"""Demo traffic: realistic conversations over the past weeks, so a fresh install shows reports.

Simulated customers ask the sample help center's labelled questions (``content/eval/questions.jsonl``:
the article that answers each is known) and questions on topics the help center lacks
(``data/demo_missing_topics.jsonl``), through the real bot, so every decision is the bot's own.
They behave by what is true: a right answer is often voted helpful or simply accepted; a wrong
one is voted down, followed by another try in other words or a request for a person; some leave
a contact. Every demo session is stored with ``source = "demo"``: reports can leave it out and
``askdesk demo-traffic --remove`` deletes it all.
"""
from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from askdesk.bot.conversation import Conversations

MISSING_TOPICS = Path(__file__).parent / "data" / "demo_missing_topics.jsonl"
DEMO_PAGE = "https://shop.example/demo-traffic"


@dataclass(frozen=True)
class Question:
    text: str
    locale: str
    expected: tuple[str, ...]    # the articles that answer it; () for a topic the help center lacks
    topic: str = ""


def load_questions(labelled: Path, missing: Path = MISSING_TOPICS) -> tuple[list[Question], list[Question]]:
    """The answerable questions (with their articles) and the questions on missing topics."""
    answerable, unanswerable = [], []
    for line in labelled.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            target = answerable if row["expected"] else unanswerable
            target.append(Question(row["query"], row.get("locale", "en"), tuple(row["expected"])))
    for line in missing.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            unanswerable += [Question(q, row["locale"], (), row["topic"]) for q in row["questions"]]
    return answerable, unanswerable


class Customer:
    """One simulated customer's session, moving the store's clock forward as they type."""

    def __init__(self, conversations: Conversations, rng: random.Random, start: dt.datetime):
        self.conversations, self.rng, self.now = conversations, rng, start

    def _tick(self, low: float = 5, high: float = 60) -> None:
        self.now += dt.timedelta(seconds=self.rng.uniform(low, high))

    def converse(self, questions: list[Question]) -> int:
        """The session; returns how many questions were asked (a satisfied customer stops early)."""
        self.conversations.store.clock = lambda: self.now
        locale = questions[0].locale
        session_id = self.conversations.start(locale, DEMO_PAGE, source="demo").session_id
        if self.rng.random() < 0.05:
            self._tick()
            self.conversations.message(session_id, self.rng.choice(["hi", "hello"] if locale == "en" else ["привет"]))
        for asked, question in enumerate(questions, 1):
            self._tick()
            if self._ask(session_id, question) == "done":
                return asked
        return len(questions)

    def _ask(self, session_id: str, question: Question) -> str:
        """Ask, then act on the reply as a customer would; ``done`` ends the session."""
        reply = self.conversations.message(session_id, question.text)
        while True:
            self._tick(3, 30)
            if reply.action in ("handoff", "after_ticket"):
                return self._hand_off(session_id)
            cards = reply.articles
            if not cards:
                return "next"
            right = [c for c in cards if c.id in question.expected]
            if reply.action == "clarify":
                choice = right[0] if right else (cards[0] if self.rng.random() < 0.4 else None)
                if choice is None:
                    return "next"
                reply = self.conversations.choose(session_id, choice.id)
                continue
            card = cards[0]
            if self.rng.random() < 0.35:
                self.conversations.click(session_id, card.id)
            if card.id in question.expected:
                roll = self.rng.random()
                if roll < 0.45:
                    self.conversations.feedback(session_id, card.id, True)
                return "done" if roll < 0.85 else "next"
            if self.rng.random() < 0.75:    # a wrong answer is usually voted down
                reply = self.conversations.feedback(session_id, card.id, False)
                continue
            return "next"

    def _hand_off(self, session_id: str) -> str:
        if self.rng.random() < 0.6:
            name = self.rng.choice(["ann", "bob", "ivan", "olga", "li", "sam"])
            self.conversations.leave_contact(session_id, f"{name}{self.rng.randint(1, 999)}@example.com")
        return "done"


def generate(conversations: Conversations, answerable: list[Question], unanswerable: list[Question], *,
             sessions: int, days: int, seed: int = 7, now: dt.datetime | None = None,
             progress: Callable[[int], None] | None = None) -> int:
    """Run ``sessions`` simulated conversations spread over the last ``days`` days (more on
    weekdays, slowly growing); returns the number of questions asked. ``progress(done)`` is
    called after each session."""
    rng = random.Random(seed)
    now = now or dt.datetime.now(dt.UTC)
    starts = sorted(now - dt.timedelta(days=days * rng.random() ** 0.8, hours=rng.uniform(0, 3))
                    for _ in range(sessions))
    asked = 0
    try:
        for done, start in enumerate(starts, 1):
            first = rng.choice(unanswerable) if rng.random() < 0.22 else rng.choice(answerable)
            chain = [first]
            same_topic = [q for q in (unanswerable if not first.expected else answerable)
                          if q.locale == first.locale and q is not first
                          and (q.expected == first.expected and q.topic == first.topic)]
            if same_topic and rng.random() < 0.5:       # a second try in other words, if the first fails
                chain.append(rng.choice(same_topic))
            if rng.random() < 0.2:
                chain.append(rng.choice([q for q in answerable if q.locale == first.locale]))
            asked += Customer(conversations, rng, start).converse(chain)
            if progress is not None:
                progress(done)
    finally:
        conversations.store.clock = lambda: dt.datetime.now(dt.UTC)
    return asked
