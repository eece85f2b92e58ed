"""Sending what is due in the outbox, with exponential back-off, in background threads.

Each attempt has a total deadline (``delivery_timeout_seconds``, enforced by the channels), runs in a
small pool of threads with at most ``delivery_parallel`` attempts in flight per target — a target is
a channel, since the settings name one webhook URL and one SMTP server — so a slow or hanging
receiver holds only its own slots, never the other channel's deliveries. A claimed delivery is leased
for :data:`LEASE_SECONDS` and the lease is renewed while its attempt is under way: a live worker
keeps what it sends, and a crashed server's deliveries are claimed again by another one soon after.
"""
from __future__ import annotations

import datetime as dt
import logging
import random
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import askdesk.delivery.mail as mail
import askdesk.delivery.webhook as webhook
from askdesk.core.background import BackgroundLoop
from askdesk.delivery.errors import DeliveryError
from askdesk.store.outbox import CHANNELS, Delivery, Outbox

log = logging.getLogger(__name__)

Sender = Callable[[Delivery, Mapping[str, Any]], None]   # raises on failure
SENDERS: dict[str, Sender] = {"webhook": webhook.send, "email": mail.send}

BATCH = 10                  # deliveries :func:`deliver_due` claims at a time
# How long a claimed delivery is left to its worker before another may claim it. Short, because a
# worker that dies leaves its deliveries waiting this long (plus a poll); a live worker renews the
# lease of each attempt in flight whenever less than half of it is left.
LEASE_SECONDS = 30.0
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


def attempt(outbox: Outbox, config: Mapping[str, Any], delivery: Delivery, sender: Sender,
            now: dt.datetime | None = None) -> bool:
    """Send one claimed ``delivery`` with ``sender`` and record the outcome: delivered, to be retried
    after :func:`next_delay` (counted from ``now``, default the time the attempt ended), or failed
    after ``delivery_max_attempts`` attempts. Whether it was delivered. A failed send is logged, never
    raised; errors of the outbox itself (the database) are raised."""
    what = f"delivery {delivery.id} of ticket #{delivery.ticket_number} by {delivery.channel}"
    try:
        sender(delivery, config)
    except Exception as exc:   # whatever went wrong (even a bug in a sender), this attempt failed
        error = _describe(exc)
        now = dt.datetime.now(dt.UTC) if now is None else now
        if delivery.attempts >= config["delivery_max_attempts"]:
            outbox.mark_failed(delivery.id, error)
            log.error("%s failed for good after %d attempts: %s", what, delivery.attempts, error)
        else:
            delay = next_delay(delivery.attempts, config["delivery_retry_seconds"])
            outbox.mark_retry(delivery.id, error, now + dt.timedelta(seconds=delay))
            log.warning("%s failed (attempt %d), retrying in %.0f s: %s", what, delivery.attempts, delay, error)
        return False
    outbox.mark_delivered(delivery.id)
    log.info("%s delivered (attempt %d)", what, delivery.attempts)
    return True


def deliver_due(outbox: Outbox, config: Mapping[str, Any], now: dt.datetime | None = None,
                senders: Mapping[str, Sender] | None = None) -> int:
    """Claim up to :data:`BATCH` due deliveries at ``now`` and make an :func:`attempt` of each, one
    after another (the command line's and the tests' way; a server runs a :class:`DeliveryWorker`).
    Before each send its lease is renewed, so the sends before it cannot let it run out; one another
    worker claimed meanwhile is left to that worker. Returns how many were attempted."""
    now = dt.datetime.now(dt.UTC) if now is None else now
    senders = SENDERS if senders is None else senders
    started = time.monotonic()
    attempted = 0
    for n, delivery in enumerate(outbox.claim_due(now, LEASE_SECONDS, BATCH)):
        if n:
            delivery = outbox.renew(delivery, now + dt.timedelta(seconds=time.monotonic() - started), LEASE_SECONDS)
            if delivery is None:
                continue
        attempt(outbox, config, delivery, senders[delivery.channel], now)
        attempted += 1
    return attempted


class DeliveryWorker(BackgroundLoop):
    """Claims due deliveries every ``poll_seconds`` — at once after :meth:`wake` (a ticket was just
    queued) and when a slot frees up while more may be waiting — and sends them in a pool of threads,
    ``per_target`` at a time per channel (default: the setting ``delivery_parallel``). The leases of the
    attempts in flight are renewed on every cycle that finds less than half of one left (the loop then
    looks at least every third of a lease). :meth:`stop` waits for the attempts in flight."""

    thread_name = "askdesk-delivery"
    failure = "delivery cycle failed"

    def __init__(self, outbox: Outbox, config: Mapping[str, Any], *, poll_seconds: float = 1.0,
                 senders: Mapping[str, Sender] | None = None, per_target: int | None = None,
                 lease_seconds: float = LEASE_SECONDS):
        super().__init__(poll_seconds)
        per_target = config["delivery_parallel"] if per_target is None else per_target
        if per_target < 1:
            raise ValueError(f"per_target must be at least 1, got {per_target}")
        self._outbox, self._config = outbox, config
        self._senders = SENDERS if senders is None else senders
        self.per_target, self.lease_seconds = per_target, lease_seconds
        self._pool = ThreadPoolExecutor(per_target * len(CHANNELS), thread_name_prefix="askdesk-send")
        self._lock = threading.Lock()
        self._leases: dict[str, Delivery] = {}   # the attempts in flight, by id, as last claimed or renewed
        self._full: set[str] = set()             # channels whose last claim filled every free slot

    @property
    def interval_seconds(self) -> float:
        with self._lock:
            busy = bool(self._leases)
        return min(self._poll_seconds, self.lease_seconds / 3) if busy else self._poll_seconds

    @interval_seconds.setter
    def interval_seconds(self, seconds: float) -> None:
        self._poll_seconds = seconds

    @property
    def poll_seconds(self) -> float:
        return self._poll_seconds

    @poll_seconds.setter
    def poll_seconds(self, seconds: float) -> None:
        self._poll_seconds = seconds

    def in_flight(self, channel: str | None = None) -> int:
        """Attempts under way (of ``channel``, if given)."""
        with self._lock:
            return sum(channel is None or d.channel == channel for d in self._leases.values())

    def cycle(self) -> bool:
        now = dt.datetime.now(dt.UTC)
        self._renew(now)
        for channel in CHANNELS:
            free = self.per_target - self.in_flight(channel)
            if free <= 0:
                continue
            claimed = self._outbox.claim_due(now, self.lease_seconds, free, channel)
            with self._lock:
                self._leases.update((d.id, d) for d in claimed)
                (self._full.add if len(claimed) == free else self._full.discard)(channel)
            for delivery in claimed:
                self._pool.submit(self._send, delivery)
        return False   # the next look: when a slot frees up on a full channel, or after the interval

    def _renew(self, now: dt.datetime) -> None:
        with self._lock:
            due = [d for d in self._leases.values()
                   if dt.datetime.fromisoformat(d.lease_until) - now < dt.timedelta(seconds=self.lease_seconds / 2)]
        for delivery in due:
            renewed = self._outbox.renew(delivery, now, self.lease_seconds)
            with self._lock:
                if delivery.id in self._leases and renewed is not None:
                    self._leases[delivery.id] = renewed
                lost = renewed is None and delivery.id in self._leases
            if lost:   # (or its attempt ended just now)
                log.warning("could not renew the lease of delivery %s: it ran out and another worker may send it "
                            "too (receivers deduplicate by its id)", delivery.id)

    def _send(self, delivery: Delivery) -> None:
        try:
            attempt(self._outbox, self._config, delivery, self._senders[delivery.channel])
        except Exception:   # the outbox failed to record it: the lease runs out and the delivery is tried again
            log.exception("recording the outcome of delivery %s failed", delivery.id)
        finally:
            with self._lock:
                del self._leases[delivery.id]
                more = delivery.channel in self._full
            if more:
                self.wake()

    def stop(self, timeout: float | None = None) -> None:
        super().stop(timeout)
        self._pool.shutdown(wait=True)   # each attempt in flight ends by its deadline
