"""What the bot can help with, in the customer's words: the help center's own categories.

The honest reply to a question outside the help center (:data:`askdesk.bot.policy.OUTSIDE`) names
the categories the customer's language has the most public articles in. A category is named by
:data:`CATEGORY_NAMES` when its folder has a usual name there (a help center's folders are
seldom more than a dozen common ones), else by its folder, readable (``mobile-app`` → "mobile app").
Pure functions of the articles; no I/O.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from askdesk.bot.messages import say
from askdesk.kb.model import Article

TOPICS_NAMED = 5   # categories named in the one line

CATEGORY_NAMES: dict[str, dict[str, str]] = {
    "en": {"orders": "orders and delivery", "delivery": "delivery", "shipping": "shipping", "returns": "returns",
           "billing": "payments and refunds", "payments": "payments", "account": "your account",
           "subscriptions": "subscriptions", "mobile-app": "the mobile app", "integrations": "integrations",
           "troubleshooting": "technical problems", "products": "products", "general": "general questions"},
    "ru": {"orders": "заказы и доставка", "delivery": "доставка", "shipping": "доставка", "returns": "возвраты",
           "billing": "оплата и возвраты", "payments": "оплата", "account": "ваш аккаунт",
           "subscriptions": "подписки", "mobile-app": "мобильное приложение", "integrations": "интеграции",
           "troubleshooting": "технические проблемы", "products": "товары", "general": "общие вопросы"},
}


def category_name(category: str, locale: str) -> str:
    """A category's name in ``locale``: the usual one, else its folder made readable."""
    names = CATEGORY_NAMES.get(locale, CATEGORY_NAMES["en"])
    return names.get(category) or category.replace("-", " ").replace("_", " ").strip()


def help_topics(articles: Iterable[Article], locale: str, limit: int = TOPICS_NAMED) -> list[str]:
    """The names of the categories with the most public ``locale`` articles (ties by folder), at most
    ``limit`` and each name once."""
    counts = Counter(a.category or "general" for a in articles if a.is_public and a.locale == locale)
    names: list[str] = []
    for category, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        name = category_name(category, locale)
        if name and name not in names:
            names.append(name)
        if len(names) == limit:
            break
    return names


def listed(names: list[str], locale: str) -> str:
    """``a, b and c`` in ``locale``."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {say(locale, 'and')} {names[-1]}"


def outside_text(locale: str, topics: list[str]) -> str:
    """The one line for a question outside the help center: what the bot can help with."""
    if not topics:
        return say(locale, "outside.none")
    return say(locale, "outside", topics=listed(topics, locale))
