"""Tickets and settings for the delivery tests (tests/test_delivery*.py)."""
import datetime as dt

from askdesk.core.settings import load_config

BASE = "https://help.example/"
SECRET = "s3cret"
PACKET = {"transcript": [{"from": "customer", "text": "Где мой заказ? Уже неделя прошла"},
                         {"from": "bot", "text": "Try «Track your order»"}],
          "tried": [{"id": "track-order", "locale": "en", "title": "Track your order", "score": 0.41237,
                     "url": "/help/en/track-order"}],
          "question": "Где мой заказ? Уже неделя прошла", "name": "Иван"}


def delivery_config(**overrides):
    """Settings with a webhook secret and a 5 s first retry, plus ``overrides``."""
    return load_config({"webhook_secret": SECRET, "delivery_retry_seconds": 5.0, **overrides}, environ={})


def new_ticket(db, locale="ru", contact="Иван <ivan@example.ru>"):
    """A ticket with ``PACKET`` in a new session of store ``db``."""
    session = db.create_session(locale, "https://shop.example/orders")
    return db.create_ticket(session.id, "customer_request", locale, "https://shop.example/orders", contact, PACKET)


def utc_now():
    return dt.datetime.now(dt.UTC)


def due_at(outbox, delivery_id):
    """When the outbox will try ``delivery_id`` next."""
    return dt.datetime.fromisoformat(outbox.get(delivery_id).next_attempt_at)
