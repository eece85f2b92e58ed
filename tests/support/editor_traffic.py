"""Traffic for the editor dashboard's tests: simulated demo customers (``analytics.demo_traffic``) through
the real bot, and live conversations written the way the widget writes them."""
from __future__ import annotations

from askdesk.analytics.demo_traffic import Question, generate

# questions on the fixture knowledge base (tests/fixtures/kb), and on topics it lacks
ANSWERABLE = [Question("how do I reset my password", "en", ("reset-password",)),
              Question("forgot my password", "en", ("reset-password",)),
              Question("where is my order", "en", ("track-order",)),
              Question("track my parcel", "en", ("track-order",)),
              Question("cancel my subscription", "en", ("cancel-subscription",)),
              Question("где мой заказ", "ru", ("track-order",)),
              Question("как сбросить пароль", "ru", ("reset-password",))]
MISSING = [Question(text, locale, (), topic) for topic, locale, texts in (
    ("showroom", "en", ["do you have a showroom near me", "is there a shop i can visit",
                        "where is your physical store"]),
    ("assembly", "en", ["can you assemble the wardrobe for me", "do you offer furniture assembly"]),
    ("showroom", "ru", ["есть ли у вас магазин в москве", "где можно посмотреть мебель вживую"]),
) for text in texts]


def demo_traffic(runtime, sessions: int = 80, days: int = 14, seed: int = 11) -> int:
    """Demo sessions spread over the last ``days`` days; returns the questions asked."""
    return generate(runtime.conversations, ANSWERABLE, MISSING, sessions=sessions, days=days, seed=seed)


def live_conversation(runtime, locale: str, questions: list[str], contact: str | None = None,
                      page: str = "https://shop.example/cart") -> str:
    """A customer's conversation now: the questions, then a person and a contact when ``contact`` is given."""
    conversations = runtime.conversations
    session_id = conversations.start(locale, page).session_id
    for text in questions:
        conversations.message(session_id, text)
    if contact is not None:
        conversations.request_person(session_id)
        conversations.leave_contact(session_id, contact)
    return session_id
