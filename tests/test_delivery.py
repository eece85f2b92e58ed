"""Delivery of tickets to a real HTTP receiver, through the outbox on SQLite: what is delivered,
backoff and signatures, the webhook and the worker (e-mail: test_delivery_email.py)."""
import datetime as dt
import functools
import hashlib
import hmac
import json
import time

import pytest

from askdesk.core.errors import ConfigError
from askdesk.delivery import (
    DeliveryWorker,
    deliver_due,
    enabled_channels,
    enqueue_ticket,
    next_delay,
    sign,
    ticket_payload,
    verify,
    webhook,
)
from askdesk.delivery.errors import DeliveryError
from askdesk.delivery.worker import LEASE_SECONDS
from askdesk.store import open_store
from askdesk.store.outbox import CHANNELS, SqlOutbox

from support.delivery import BASE, PACKET, SECRET, delivery_config, due_at, new_ticket, utc_now
from support.receivers import QUICK

QUICK_WEBHOOK = {"webhook": functools.partial(webhook.send, timeout=QUICK)}


# -- what is delivered ------------------------------------------------------------------------------
def test_ticket_payload_is_a_versioned_document_with_a_console_link(db):
    ticket = new_ticket(db)
    assert ticket_payload(ticket, BASE) == {
        "version": 1, "event": "ticket.created",
        "ticket": {"number": ticket.number, "reason": "customer_request", "locale": "ru",
                   "page_url": "https://shop.example/orders", "contact": "Иван <ivan@example.ru>", "name": "Иван",
                   "question": "Где мой заказ? Уже неделя прошла", "status": "open",
                   "created_at": ticket.created_at, "transcript": PACKET["transcript"], "tried": PACKET["tried"],
                   "console_url": f"https://help.example/agent/tickets/{ticket.number}"}}


@pytest.mark.parametrize("settings, channels", [
    ({}, []),
    ({"webhook_url": "https://hooks.example/a"}, ["webhook"]),
    ({"smtp_host": "mail.example", "smtp_to": "support@example.com"}, ["email"]),
    ({"webhook_url": "https://hooks.example/a", "smtp_host": "mail.example", "smtp_to": "a@example.com"},
     ["webhook", "email"]),
])
def test_enqueue_ticket_makes_one_delivery_per_enabled_channel(db, settings, channels):
    outbox = SqlOutbox(db)
    ticket = new_ticket(db)
    deliveries = enqueue_ticket(outbox, delivery_config(**settings), ticket, BASE)
    assert enabled_channels(delivery_config(**settings)) == channels
    assert [d.channel for d in deliveries] == channels
    assert [(d.ticket_number, d.payload) for d in outbox.list()] == [(ticket.number, ticket_payload(ticket, BASE))] * len(channels)


# -- pure parts -------------------------------------------------------------------------------------
@pytest.mark.parametrize("attempts, base, rand, delay", [
    (1, 5.0, lambda: 0.5, 5.0),
    (2, 5.0, lambda: 0.5, 10.0),
    (4, 5.0, lambda: 0.5, 40.0),
    (4, 5.0, lambda: 0.0, 36.0),            # -10%
    (4, 5.0, lambda: 0.99999999, 44.0),     # just under +10%
    (11, 5.0, lambda: 0.5, 3600.0),         # 5120 s, capped
    (11, 5.0, lambda: 0.0, 3240.0),         # jitter still spreads capped delays
    (12, 5.0, lambda: 0.99999999, 3600.0),  # ...but never beyond the cap
    (10_000, 5.0, lambda: 0.5, 3600.0),     # no overflow
])
def test_next_delay_doubles_with_jitter_up_to_the_cap(attempts, base, rand, delay):
    assert next_delay(attempts, base, rand=rand) == pytest.approx(delay)


def test_next_delay_needs_a_failed_attempt():
    with pytest.raises(ValueError, match="attempts must be at least 1"):
        next_delay(0, 5.0)


BODY = b'{"version": 1, "ticket": {"number": 1001, "text": "\xd0\x93\xd0\xb4\xd0\xb5"}}'
T = 1_700_000_000


def test_sign_is_hmac_sha256_of_timestamp_dot_body():
    expected = hmac.new(SECRET.encode(), f"{T}.".encode() + BODY, hashlib.sha256).hexdigest()
    assert sign(SECRET, T, BODY) == "sha256=" + expected == sign(SECRET, T, BODY.decode("utf-8"))
    with pytest.raises(ValueError, match="webhook secret is empty"):
        sign("", T, BODY)


@pytest.mark.parametrize("secret, timestamp, body, header, now, ok", [
    (SECRET, T, BODY, sign(SECRET, T, BODY), T + 5, True),
    (SECRET, str(T), BODY, sign(SECRET, T, BODY), T, True),            # the header as received
    (SECRET, T, BODY.decode(), sign(SECRET, T, BODY), T, True),
    (SECRET, T, BODY.replace(b"1001", b"1002"), sign(SECRET, T, BODY), T, False),   # tampered body
    ("wrong", T, BODY, sign(SECRET, T, BODY), T, False),
    (SECRET, T + 1, BODY, sign(SECRET, T, BODY), T, False),            # timestamp changed
    (SECRET, T, BODY, sign(SECRET, T, BODY), T + 301, False),          # stale: a replay
    (SECRET, T, BODY, sign(SECRET, T, BODY), T - 301, False),          # from the future
    (SECRET, T, BODY, sign(SECRET, T, BODY)[7:], T, False),            # no "sha256="
    (SECRET, T, BODY, "", T, False),
    (SECRET, T, BODY, "sha256=é", T, False),                            # non-ASCII: no TypeError
    (SECRET, "yesterday", BODY, sign(SECRET, T, BODY), T, False),
    ("", T, BODY, sign(SECRET, T, BODY), T, False),
])
def test_verify(secret, timestamp, body, header, now, ok):
    assert verify(secret, timestamp, body, header, now=now) is ok


# -- the webhook ------------------------------------------------------------------------------------
def test_webhook_retries_through_an_outage_and_a_restart_and_delivers_once_signed(db_url, receiver):
    hook = receiver([503, "drop", "hang", (503, "down for maintenance")])   # then 200
    config = delivery_config(webhook_url=hook.url)
    db = open_store(db_url)
    outbox = SqlOutbox(db)
    ticket = new_ticket(db)
    [delivery] = enqueue_ticket(outbox, config, ticket, BASE)
    now = utc_now()
    errors = []
    for _ in range(2):
        assert deliver_due(outbox, config, now, QUICK_WEBHOOK) == 1
        errors.append(outbox.get(delivery.id).last_error)
        assert deliver_due(outbox, config, due_at(outbox, delivery.id) - dt.timedelta(seconds=1), QUICK_WEBHOOK) == 0
        now = due_at(outbox, delivery.id)

    # askdesk restarts in the middle of the outage: a new store and outbox on the same file carry on
    db.close()
    db = open_store(db_url)
    outbox = SqlOutbox(db)
    while outbox.get(delivery.id).status == "pending" and len(hook.requests) < 10:
        assert deliver_due(outbox, config, now, QUICK_WEBHOOK) == 1
        errors.append(outbox.get(delivery.id).last_error)
        now = due_at(outbox, delivery.id)

    stored = outbox.get(delivery.id)
    assert (stored.status, stored.attempts) == ("delivered", 5) and len(hook.requests) == 5
    assert errors[0] == f"HTTP 503 from {hook.url}"
    assert "RemoteDisconnected" in errors[1] and "timed out" in errors[2]
    assert errors[3] == errors[4] == f"HTTP 503 from {hook.url}: down for maintenance"   # kept after success
    for headers, body in hook.requests:
        assert headers["X-Askdesk-Delivery"] == delivery.id and headers["X-Askdesk-Event"] == "ticket.created"
        assert headers["Content-Type"] == "application/json"
        assert verify(SECRET, headers["X-Askdesk-Timestamp"], body, headers["X-Askdesk-Signature"])
    assert json.loads(hook.requests[-1][1]) == ticket_payload(ticket, BASE)
    assert deliver_due(outbox, config, now + dt.timedelta(days=1), QUICK_WEBHOOK) == 0
    db.close()


def test_a_delivery_claimed_by_a_worker_that_died_is_sent_after_its_lease(db_url, receiver):
    hook = receiver()
    config = delivery_config(webhook_url=hook.url)
    db = open_store(db_url)
    outbox = SqlOutbox(db)
    [delivery] = enqueue_ticket(outbox, config, new_ticket(db), BASE)
    now = utc_now()
    assert len(outbox.claim_due(now, LEASE_SECONDS, 10)) == 1   # ...and the process dies before sending
    db.close()
    db = open_store(db_url)
    outbox = SqlOutbox(db)
    assert deliver_due(outbox, config, now) == 0
    assert deliver_due(outbox, config, now + dt.timedelta(seconds=LEASE_SECONDS)) == 1
    assert (outbox.get(delivery.id).status, outbox.get(delivery.id).attempts) == ("delivered", 2)
    assert len(hook.requests) == 1
    db.close()


def test_gives_up_after_max_attempts_keeps_the_delivery_and_an_agent_can_requeue_it(db, receiver):
    hook = receiver(default=(422, "unknown\nhook"))
    config = delivery_config(webhook_url=hook.url, delivery_max_attempts=3)
    outbox = SqlOutbox(db)
    [delivery] = enqueue_ticket(outbox, config, new_ticket(db), BASE)
    now = utc_now()
    for _ in range(3):
        assert deliver_due(outbox, config, now) == 1
        now = due_at(outbox, delivery.id)
    failed = outbox.get(delivery.id)
    assert (failed.status, failed.attempts, failed.last_error) == ("failed", 3, f"HTTP 422 from {hook.url}: unknown hook")
    assert deliver_due(outbox, config, now + dt.timedelta(days=30)) == 0 and len(hook.requests) == 3

    hook.default = 200   # the receiver is fixed
    outbox.requeue(delivery.id)
    assert deliver_due(outbox, config, utc_now()) == 1
    assert outbox.get(delivery.id).status == "delivered" and len(hook.requests) == 4


@pytest.mark.parametrize("status, error", [
    (200, None), (202, None), (204, None),
    (302, "HTTP 302"),             # not followed: the POST must reach the configured URL
    (404, "HTTP 404"), (429, "HTTP 429"), (500, "HTTP 500"),
])
def test_webhook_answers(db, receiver, status, error):
    hook = receiver(default=status)
    [delivery] = enqueue_ticket(SqlOutbox(db), delivery_config(webhook_url=hook.url), new_ticket(db), BASE)
    if error is None:
        webhook.send(delivery, delivery_config(webhook_url=hook.url))
    else:
        with pytest.raises(DeliveryError, match=error):
            webhook.send(delivery, delivery_config(webhook_url=hook.url))
    assert len(hook.requests) == 1


@pytest.mark.parametrize("settings, message", [
    ({"webhook_url": "file:///etc/passwd"}, "must start with http:// or https://"),
    ({"smtp_host": "mail.example"}, "smtp_to is empty"),
    ({"smtp_host": "mail.example", "smtp_to": "a@example.com", "smtp_user": "u"}, "set smtp_starttls"),
])
def test_unsafe_or_incomplete_delivery_settings_are_refused_at_start(settings, message):
    with pytest.raises(ConfigError, match=message):
        delivery_config(**settings)


def test_webhook_url_must_be_http(db):
    config = {**delivery_config(), "webhook_url": "file:///etc/passwd"}   # past the settings' own check
    [delivery] = enqueue_ticket(SqlOutbox(db), config, new_ticket(db), BASE)
    with pytest.raises(DeliveryError, match="must start with http:// or https://"):
        webhook.send(delivery, config)


def test_webhook_without_a_secret_is_sent_unsigned(db, receiver):
    hook = receiver()
    config = delivery_config(webhook_url=hook.url, webhook_secret="")
    [delivery] = enqueue_ticket(SqlOutbox(db), config, new_ticket(db), BASE)
    webhook.send(delivery, config)
    headers, _ = hook.requests[0]
    assert headers["X-Askdesk-Signature"] is None and headers["X-Askdesk-Delivery"] == delivery.id


# -- the worker -------------------------------------------------------------------------------------
def _wait_for(condition, seconds=5.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


class WatchedOutbox:
    """An outbox that counts the worker's looks (its cycles' claims of webhook deliveries: a cycle
    claims each channel's apart) and can fail the first, as when the database is briefly unreachable."""

    def __init__(self, outbox, fail_first=False):
        self.outbox, self.fail_first, self.claims = outbox, fail_first, 0

    def claim_due(self, *args):
        if self.fail_first and self.claims == 0:
            self.claims += 1
            raise ConnectionError("database went away")
        claimed = self.outbox.claim_due(*args)
        # counted once done (and the cycle's last claim, of e-mail), so claims == 1 means the first
        # cycle has looked already
        self.claims += args[3] == CHANNELS[-1]
        return claimed

    def __getattr__(self, name):
        return getattr(self.outbox, name)


def test_worker_delivers_at_once_when_woken_and_stops(db, receiver):
    hook = receiver()
    config = delivery_config(webhook_url=hook.url)
    outbox = WatchedOutbox(SqlOutbox(db))
    worker = DeliveryWorker(outbox, config, poll_seconds=60)   # only wake() can make it look again soon
    worker.start()
    _wait_for(lambda: outbox.claims == 1)   # the first cycle found nothing; the worker now waits
    ticket = new_ticket(db)
    [delivery] = enqueue_ticket(outbox, config, ticket, BASE)
    worker.wake()
    _wait_for(lambda: outbox.get(delivery.id).status == "delivered")
    worker.stop()
    assert not worker.running and outbox.claims == 2
    assert json.loads(hook.requests[0][1])["ticket"]["number"] == ticket.number
    with pytest.raises(RuntimeError, match="started already"):
        worker.start()


def test_worker_survives_a_failing_cycle(db, receiver, caplog):
    hook = receiver()
    config = delivery_config(webhook_url=hook.url)
    outbox = SqlOutbox(db)
    [delivery] = enqueue_ticket(outbox, config, new_ticket(db), BASE)
    worker = DeliveryWorker(WatchedOutbox(outbox, fail_first=True), config, poll_seconds=0.05)
    worker.start()
    _wait_for(lambda: outbox.get(delivery.id).status == "delivered")
    worker.stop()
    assert "delivery cycle failed" in caplog.text and "database went away" in caplog.text
