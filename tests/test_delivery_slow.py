"""Slow and hanging receivers against real sockets: a total deadline per attempt (webhook and SMTP),
parallel attempts that keep one slow receiver from holding the others, and leases a live worker
renews while a crashed one's run out soon (test_outbox_contract.py has the store's side)."""
import datetime as dt
import socket
import threading
import time

import pytest

from askdesk.delivery import DeliveryWorker, deliver_due, enqueue_ticket, mail, webhook
from askdesk.delivery.deadline import Deadline
from askdesk.delivery.errors import DeliveryError
from askdesk.delivery.worker import LEASE_SECONDS
from askdesk.store import open_store
from askdesk.store.outbox import SqlOutbox

from support.delivery import BASE, delivery_config, new_ticket, utc_now
from support.receivers import QUICK, TRICKLE


def _wait_for(condition, seconds=10.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


# -- the deadline -----------------------------------------------------------------------------------
def test_deadline_wakes_a_blocked_read_and_says_it_expired():
    a, b = socket.socketpair()
    with a, b:
        a.settimeout(30)   # a per-read timeout far beyond the deadline
        with Deadline(0.3) as deadline:
            deadline.watch(lambda: a)
            started = time.monotonic()
            assert a.recv(10) == b""   # shut down: the read returns instead of waiting 30 s
        assert deadline.expired and time.monotonic() - started < 5
        with Deadline(5) as quick:
            quick.watch(lambda: b)
        assert not quick.expired and 0 < quick.left() <= 5
    with pytest.raises(ValueError, match="must be positive"):
        Deadline(0)


class TrickleSmtp:
    """An SMTP server on 127.0.0.1 that sends its greeting a byte every ``TRICKLE`` seconds."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.closed = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        conn, _ = self.listener.accept()
        with conn:
            try:
                for byte in b"220 mail.example ESMTP a very slow greeting indeed\r\n":
                    conn.sendall(bytes([byte]))
                    time.sleep(TRICKLE)
            except OSError:
                self.closed.set()

    def close(self):
        self.listener.close()


# -- one attempt, cut off at its deadline -----------------------------------------------------------
def test_a_webhook_receiver_trickling_its_answer_is_cut_off_at_the_deadline(db, receiver):
    hook = receiver(["trickle"])   # 40 bytes, TRICKLE s apart: ~10 s, every read quicker than QUICK
    config = delivery_config(webhook_url=hook.url)
    [delivery] = enqueue_ticket(SqlOutbox(db), config, new_ticket(db), BASE)
    started = time.monotonic()
    with pytest.raises(DeliveryError, match=rf"timed out: no complete answer within the {QUICK:g} s deadline"):
        webhook.send(delivery, config, timeout=QUICK)
    assert time.monotonic() - started < QUICK + 2   # cut at the deadline, not after the ~10 s the answer takes
    assert len(hook.requests) == 1


def test_the_setting_is_the_webhook_deadline(db, receiver):
    hook = receiver(["trickle"])
    config = delivery_config(webhook_url=hook.url, delivery_timeout_seconds=QUICK)
    [delivery] = enqueue_ticket(SqlOutbox(db), config, new_ticket(db), BASE)
    with pytest.raises(DeliveryError, match="deadline"):
        webhook.send(delivery, config)


def test_an_smtp_server_trickling_its_greeting_is_cut_off_at_the_deadline(db):
    server = TrickleSmtp()
    try:
        config = delivery_config(smtp_host="127.0.0.1", smtp_port=server.port, smtp_to="support@help.example",
                                 delivery_timeout_seconds=QUICK)
        [delivery] = enqueue_ticket(SqlOutbox(db), config, new_ticket(db), BASE)
        started = time.monotonic()
        with pytest.raises(DeliveryError, match=rf"SMTP 127.0.0.1:{server.port} timed out: not done within the "
                                                rf"{QUICK:g} s deadline"):
            mail.send(delivery, config)
        assert time.monotonic() - started < QUICK + 2   # the greeting alone would take ~13 s
    finally:
        server.close()


# -- the worker: parallel attempts, one slow receiver holds only its own ----------------------------
def test_a_hanging_webhook_does_not_hold_the_other_tickets_or_the_email(db, receiver, smtp_mailbox):
    hook = receiver([("sleep", 2.0)])   # the first ticket's receiver takes 2 s; the others answer at once
    port, mailbox = smtp_mailbox
    config = delivery_config(webhook_url=hook.url, smtp_host="127.0.0.1", smtp_port=port,
                             smtp_to="support@help.example", delivery_timeout_seconds=10.0)
    outbox = SqlOutbox(db)
    first = enqueue_ticket(outbox, config, new_ticket(db), BASE)
    worker = DeliveryWorker(outbox, config, poll_seconds=0.05, per_target=2)
    worker.start()
    try:
        _wait_for(lambda: len(hook.requests) == 1)   # the slow attempt is under way
        later = [d for _ in range(3) for d in enqueue_ticket(outbox, config, new_ticket(db), BASE)]
        worker.wake()
        _wait_for(lambda: all(outbox.get(d.id).status == "delivered" for d in later))
        slow = next(d for d in first if d.channel == "webhook")
        # all three later tickets went out by both channels while the first webhook attempt still hung
        assert outbox.get(slow.id).status == "pending" and len(mailbox.envelopes) == 4
        _wait_for(lambda: outbox.get(slow.id).status == "delivered")
    finally:
        worker.stop()
    assert len(hook.requests) == 4 and worker.in_flight() == 0


def test_at_most_per_target_attempts_are_in_flight(db, receiver):
    hook = receiver(default=("sleep", 0.6))
    config = delivery_config(webhook_url=hook.url)
    outbox = SqlOutbox(db)
    deliveries = [d for _ in range(5) for d in enqueue_ticket(outbox, config, new_ticket(db), BASE)]
    worker = DeliveryWorker(outbox, config, poll_seconds=0.05, per_target=2)
    seen = []
    worker.start()
    try:
        while not all(outbox.get(d.id).status == "delivered" for d in deliveries):
            seen.append(worker.in_flight("webhook"))
            time.sleep(0.02)
            assert len(seen) < 1000, "not all delivered"
    finally:
        worker.stop()
    assert max(seen) == 2 and len(hook.requests) == 5


# -- leases -----------------------------------------------------------------------------------------
def test_a_crashed_servers_deliveries_are_free_again_within_a_minute(db_url, receiver):
    hook = receiver()
    config = delivery_config(webhook_url=hook.url)
    db = open_store(db_url)
    outbox = SqlOutbox(db)
    [delivery] = enqueue_ticket(outbox, config, new_ticket(db), BASE)
    now = utc_now()
    assert len(outbox.claim_due(now, LEASE_SECONDS, 10)) == 1   # ...and that server is killed
    db.close()
    other = SqlOutbox(db := open_store(db_url))
    assert deliver_due(other, config, now + dt.timedelta(seconds=LEASE_SECONDS - 1)) == 0
    assert LEASE_SECONDS <= 50   # with a poll a second: claimed again within a minute of the crash
    assert deliver_due(other, config, now + dt.timedelta(seconds=LEASE_SECONDS)) == 1
    assert other.get(delivery.id).status == "delivered" and len(hook.requests) == 1
    db.close()


def test_a_live_worker_renews_its_lease_so_no_other_sends_it_meanwhile(db_url, receiver):
    hook = receiver([("sleep", 1.5)])   # five times the lease
    config = delivery_config(webhook_url=hook.url)
    stores = [open_store(db_url), open_store(db_url)]
    a, b = (SqlOutbox(s) for s in stores)
    [delivery] = enqueue_ticket(a, config, new_ticket(stores[0]), BASE)
    workers = [DeliveryWorker(a, config, poll_seconds=0.05, lease_seconds=0.3),
               DeliveryWorker(b, config, poll_seconds=0.05, lease_seconds=0.3)]
    workers[0].start()
    try:
        _wait_for(lambda: len(hook.requests) == 1)
        workers[1].start()   # another server, looking twenty times a second for what is free
        _wait_for(lambda: a.get(delivery.id).status == "delivered")
    finally:
        for worker in workers:
            worker.stop()
    assert len(hook.requests) == 1 and a.get(delivery.id).attempts == 1
    for s in stores:
        s.close()


def test_deliver_due_skips_what_another_worker_claimed_while_it_sent_the_rest(db, receiver):
    hook = receiver()
    config = delivery_config(webhook_url=hook.url)
    outbox = SqlOutbox(db)
    deliveries = [d for _ in range(2) for d in enqueue_ticket(outbox, config, new_ticket(db), BASE)]
    now = utc_now()

    sent = []

    def slow_then_steal(delivery, config):
        # the first send outlasts the leases of the batch; meanwhile another worker claims what is free
        sent.append(delivery.id)
        assert len(outbox.claim_due(now + dt.timedelta(seconds=LEASE_SECONDS), LEASE_SECONDS, 10)) == 2
        webhook.send(delivery, config)

    assert deliver_due(outbox, config, now, {"webhook": slow_then_steal}) == 1
    [other] = [d for d in deliveries if d.id not in sent]
    assert outbox.get(sent[0]).status == "delivered" and len(hook.requests) == 1
    assert (outbox.get(other.id).status, outbox.get(other.id).attempts) == ("pending", 2)   # the other worker's now


@pytest.fixture
def smtp_mailbox():
    from aiosmtpd.controller import Controller

    from support.servers import free_port

    class Mailbox:
        envelopes = []

        async def handle_DATA(self, server, session, envelope):
            self.envelopes.append(envelope)
            return "250 OK"

    port, mailbox = free_port(), Mailbox()
    mailbox.envelopes = []
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, mailbox
    controller.stop()

