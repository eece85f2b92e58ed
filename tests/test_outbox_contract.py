"""The outbox contract, run on SQLite and on PostgreSQL (127.0.0.1:5432, database `test`)."""
import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from askdesk.core.errors import BadRequest, NotFound
from askdesk.store.outbox import SqlOutbox

PAYLOAD = {"version": 1, "event": "ticket.created", "ticket": {"number": 0, "note": "Где мой заказ?"}}
LEASE = 60.0


@pytest.fixture
def outbox(store):
    return SqlOutbox(store)


def _ticket(store) -> int:
    session = store.create_session("en")
    return store.create_ticket(session.id, "customer_request", "en", "", "ann@example.com", {}).number


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def test_enqueue_get_and_list(store, outbox):
    first, second = _ticket(store), _ticket(store)
    hook = outbox.enqueue(first, "webhook", PAYLOAD)
    mail = outbox.enqueue(first, "email", PAYLOAD)
    other = outbox.enqueue(second, "webhook", PAYLOAD)
    assert (hook.status, hook.attempts, hook.lease_until, hook.last_error, hook.delivered_at) == ("pending", 0, None, "", None)
    assert outbox.get(hook.id) == hook and outbox.get("nope") is None
    assert outbox.get(hook.id).payload == PAYLOAD
    assert [d.id for d in outbox.list()] == [hook.id, mail.id, other.id]
    assert [d.id for d in outbox.list(ticket_number=first)] == [hook.id, mail.id]
    assert [d.id for d in outbox.list(ticket_number=first, status="pending")] == [hook.id, mail.id]
    assert outbox.list(status="failed") == []
    with pytest.raises(BadRequest, match="status 'lost'"):
        outbox.list(status="lost")
    with pytest.raises(ValueError, match="channel 'sms'"):
        outbox.enqueue(first, "sms", PAYLOAD)
    with pytest.raises(NotFound, match="no ticket 999999"):
        outbox.enqueue(999999, "webhook", PAYLOAD)


def test_claim_leases_and_counts_the_attempt_until_the_lease_runs_out(store, outbox):
    number = _ticket(store)
    ids = [outbox.enqueue(number, "webhook", PAYLOAD).id for _ in range(3)]
    now = _now()
    first = outbox.claim_due(now, LEASE, 2)
    assert [d.id for d in first] == ids[:2]
    assert all(d.attempts == 1 and d.lease_until > d.next_attempt_at for d in first)
    assert [d.id for d in outbox.claim_due(now, LEASE, 10)] == ids[2:]
    assert outbox.claim_due(now + dt.timedelta(seconds=LEASE - 1), LEASE, 10) == []   # all leased
    # a worker that claimed them died: once the lease is over they are claimed again
    again = outbox.claim_due(now + dt.timedelta(seconds=LEASE), LEASE, 10)
    assert [d.id for d in again] == ids and all(d.attempts == 2 for d in again)


def test_not_due_before_next_attempt_and_retry_releases_the_lease(store, outbox):
    delivery = outbox.enqueue(_ticket(store), "email", PAYLOAD)
    now = _now()
    assert outbox.claim_due(now - dt.timedelta(seconds=5), LEASE, 10) == []   # enqueued after that
    [claimed] = outbox.claim_due(now, LEASE, 10)
    outbox.mark_retry(claimed.id, "SMTP refused", now + dt.timedelta(seconds=10))
    stored = outbox.get(delivery.id)
    assert (stored.status, stored.attempts, stored.lease_until, stored.last_error) == ("pending", 1, None, "SMTP refused")
    assert outbox.claim_due(now + dt.timedelta(seconds=9), LEASE, 10) == []
    assert [d.attempts for d in outbox.claim_due(now + dt.timedelta(seconds=10), LEASE, 10)] == [2]


def test_delivered_is_final(store, outbox):
    delivery = outbox.enqueue(_ticket(store), "webhook", PAYLOAD)
    now = _now()
    outbox.claim_due(now, LEASE, 10)
    outbox.mark_delivered(delivery.id)
    # a worker whose lease had run out reports a failure late: the delivery stays delivered
    outbox.mark_retry(delivery.id, "timed out", now)
    outbox.mark_failed(delivery.id, "timed out")
    stored = outbox.get(delivery.id)
    assert (stored.status, stored.lease_until, stored.last_error) == ("delivered", None, "")
    assert stored.delivered_at >= stored.created_at
    assert outbox.claim_due(now + dt.timedelta(days=1), LEASE, 10) == []
    with pytest.raises(BadRequest, match="is delivered; only a failed delivery"):
        outbox.requeue(delivery.id)


def test_failed_is_kept_and_can_be_requeued(store, outbox):
    number = _ticket(store)
    delivery = outbox.enqueue(number, "webhook", PAYLOAD)
    now = _now()
    outbox.claim_due(now, LEASE, 10)
    outbox.mark_failed(delivery.id, "HTTP 410 from https://hooks.example: gone")
    stored = outbox.get(delivery.id)
    assert (stored.status, stored.attempts, stored.last_error) == ("failed", 1, "HTTP 410 from https://hooks.example: gone")
    assert outbox.list(ticket_number=number, status="failed") == [stored]
    assert outbox.claim_due(now + dt.timedelta(days=1), LEASE, 10) == []
    requeued = outbox.requeue(delivery.id)
    assert (requeued.status, requeued.attempts, requeued.lease_until) == ("pending", 0, None)
    assert [d.id for d in outbox.claim_due(_now(), LEASE, 10)] == [delivery.id]
    with pytest.raises(BadRequest, match="is pending"):
        outbox.requeue(delivery.id)
    with pytest.raises(NotFound, match="no delivery 'nope'"):
        outbox.requeue("nope")


def test_times_must_be_aware_and_the_lease_positive(outbox):
    with pytest.raises(ValueError, match="no time zone"):
        outbox.claim_due(dt.datetime.now(), LEASE, 10)
    with pytest.raises(ValueError, match="lease_seconds must be positive"):
        outbox.claim_due(_now(), 0, 10)


def test_concurrent_claims_never_claim_a_delivery_twice(store, outbox):
    number = _ticket(store)
    ids = {outbox.enqueue(number, "webhook", PAYLOAD).id for _ in range(60)}
    now = _now()
    start = threading.Barrier(8)

    def worker(_):
        start.wait()
        mine = []
        while batch := outbox.claim_due(now, LEASE, 4):
            mine += [d.id for d in batch]
        return mine

    with ThreadPoolExecutor(max_workers=8) as pool:
        claims = [d for mine in pool.map(worker, range(8)) for d in mine]
    assert len(claims) == len(ids) and set(claims) == ids
    assert all(d.attempts == 1 for d in outbox.list())


def test_backlog_counts_the_pending_and_names_the_oldest(store, outbox):
    assert outbox.backlog() == (0, None)
    number = _ticket(store)
    first = outbox.enqueue(number, "webhook", PAYLOAD)
    second = outbox.enqueue(number, "email", PAYLOAD)
    outbox.enqueue(number, "webhook", PAYLOAD)
    assert outbox.backlog() == (3, first.created_at)
    outbox.mark_delivered(first.id)
    outbox.mark_failed(second.id, "refused")
    assert outbox.backlog()[0] == 1


def test_claim_of_one_channel_leaves_the_others(store, outbox):
    number = _ticket(store)
    hook = outbox.enqueue(number, "webhook", PAYLOAD)
    mail = outbox.enqueue(number, "email", PAYLOAD)
    now = _now()
    assert [d.id for d in outbox.claim_due(now, LEASE, 10, "email")] == [mail.id]
    assert outbox.claim_due(now, LEASE, 10, "email") == []
    assert [d.id for d in outbox.claim_due(now, LEASE, 10, "webhook")] == [hook.id]
    with pytest.raises(ValueError, match="channel 'sms'"):
        outbox.claim_due(now, LEASE, 10, "sms")


def test_renew_extends_only_the_holders_lease(store, outbox):
    delivery = outbox.enqueue(_ticket(store), "webhook", PAYLOAD)
    now = _now()
    [claimed] = outbox.claim_due(now, LEASE, 10)
    renewed = outbox.renew(claimed, now + dt.timedelta(seconds=LEASE / 2), LEASE)
    assert renewed.lease_until > claimed.lease_until and renewed.attempts == 1
    # still leased where the first lease would have run out; free once the renewed one has
    assert outbox.claim_due(now + dt.timedelta(seconds=LEASE), LEASE, 10) == []
    [taken] = outbox.claim_due(now + dt.timedelta(seconds=LEASE * 1.5), LEASE, 10)
    # the first holder's renewals (with either lease it held) no longer touch the other worker's claim
    assert outbox.renew(renewed, now + dt.timedelta(seconds=LEASE * 1.6), LEASE) is None
    assert outbox.renew(claimed, now + dt.timedelta(seconds=LEASE * 1.6), LEASE) is None
    assert outbox.get(delivery.id).lease_until == taken.lease_until
    outbox.mark_delivered(delivery.id)
    assert outbox.renew(taken, now, LEASE) is None   # nothing left to hold
    with pytest.raises(ValueError, match="was not claimed"):
        outbox.renew(delivery, now, LEASE)
