"""Sending what is due in the outbox, with exponential back-off, in a background thread."""
from __future__ import annotations

import datetime as dt
import logging
import random
from collections.abc import Callable, Mapping
from typing import Any

import askdesk.delivery.mail as mail
import askdesk.delivery.webhook as webhook
from askdesk.core.background import BackgroundLoop
from askdesk.delivery.errors import DeliveryError
from askdesk.store.outbox import Delivery, Outbox

log = logging.getLogger(__name__)

Sender = Callable[[Delivery, Mapping[str, Any]], None]   # raises on failure
SENDERS: dict[str, Sender] = {"webhook": webhook.send, "email": mail.send}

BATCH = 10                  # deliveries claimed at a time
# How long a claimed delivery is left to its worker. It must outlast sending a whole batch (ten sends of
# at most a ~10 s timeout each); a worker that dies mid-batch delays those deliveries by this much.
LEASE_SECONDS = 300.0
JITTER = 0.1                # back-off delays vary by up to ±10%, so retries of many deliveries spread out
MAX_ERROR_CHARS = 500


def next_delay(attempts: int, base_seconds: float, cap: float = 3600, rand: Callable[[], float] = random.random) -> float:
    """Seconds to wait after the ``attempts``-th failed attempt: ``base_seconds`` doubled after each
    failure, jittered by up to ±10% (``rand`` returns a number in [0, 1)), never more than ``cap``."""
    if attempts < 1:
        raise ValueError(f"attempts must be at least 1, got {attempts}")
    delay = min(cap, base_seconds * 2.0 ** min(attempts - 1, 64))   # the exponent's bound keeps the float finite
    return min(cap, delay * (1 + JITTER * (2 * rand() - 1)))


def _describe(exc: Exception) -> str:
    text = str(exc) if isinstance(exc, DeliveryError) else f"{type(exc).__name__}: {exc}"
    return text[:MAX_ERROR_CHARS]


def deliver_due(outbox: Outbox, config: Mapping[str, Any], now: dt.datetime | None = None,
                senders: Mapping[str, Sender] | None = None) -> int:
    """Claim up to :data:`BATCH` due deliveries, send each through its channel's sender and record the
    outcome: delivered, to be retried after :func:`next_delay`, or failed after ``delivery_max_attempts``
    attempts. Returns how many were processed. A failed send is logged, never raised; errors of the
    outbox itself (the database) are raised."""
    now = dt.datetime.now(dt.UTC) if now is None else now
    senders = SENDERS if senders is None else senders
    deliveries = outbox.claim_due(now, LEASE_SECONDS, BATCH)
    for delivery in deliveries:
        what = f"delivery {delivery.id} of ticket #{delivery.ticket_number} by {delivery.channel}"
        try:
            senders[delivery.channel](delivery, config)
        except Exception as exc:   # whatever went wrong (even a bug in a sender), this attempt failed
            error = _describe(exc)
            if delivery.attempts >= config["delivery_max_attempts"]:
                outbox.mark_failed(delivery.id, error)
                log.error("%s failed for good after %d attempts: %s", what, delivery.attempts, error)
            else:
                delay = next_delay(delivery.attempts, config["delivery_retry_seconds"])
                outbox.mark_retry(delivery.id, error, now + dt.timedelta(seconds=delay))
                log.warning("%s failed (attempt %d), retrying in %.0f s: %s", what, delivery.attempts, delay, error)
        else:
            outbox.mark_delivered(delivery.id)
            log.info("%s delivered (attempt %d)", what, delivery.attempts)
    return len(deliveries)


class DeliveryWorker(BackgroundLoop):
    """Runs :func:`deliver_due` every ``poll_seconds``, at once after :meth:`wake` (a ticket was just
    queued), and again without waiting while a whole batch was due."""

    thread_name = "askdesk-delivery"
    failure = "delivery cycle failed"

    def __init__(self, outbox: Outbox, config: Mapping[str, Any], *, poll_seconds: float = 1.0,
                 senders: Mapping[str, Sender] | None = None):
        super().__init__(poll_seconds)
        self._outbox, self._config, self._senders = outbox, config, senders

    @property
    def poll_seconds(self) -> float:
        return self.interval_seconds

    @poll_seconds.setter
    def poll_seconds(self, seconds: float) -> None:
        self.interval_seconds = seconds

    def cycle(self) -> bool:
        return deliver_due(self._outbox, self._config, senders=self._senders) >= BATCH
