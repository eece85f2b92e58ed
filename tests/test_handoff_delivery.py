"""A handoff in the widget's API reaches the webhook through the outbox: the ticket, its ledger event
and its deliveries are written together, and a receiver that is down gets the ticket when it recovers."""
import json
import time

import pytest

from askdesk.delivery import verify
from askdesk.shell.app import create_app


def wait_for(condition, seconds=10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def make_app(hash_config):
    made = []

    def make(**overrides):
        app = create_app({**hash_config, "rate_limit": "", "public_url": "https://help.example", **overrides})
        made.append(app)
        return app
    yield make
    for app in made:
        app.extensions["askdesk"].close()


def hand_off(client, contact="bob@example.com"):
    sid = client.post("/api/v1/sessions", json={"locale": "en", "page_url": "https://shop.example/p/1"}).get_json()[
        "session_id"]
    client.post(f"/api/v1/sessions/{sid}/messages", json={"text": "how do I reset my password"})
    client.post(f"/api/v1/sessions/{sid}/handoff")
    return client.post(f"/api/v1/sessions/{sid}/contact", json={"contact": contact}).get_json()


def test_a_ticket_reaches_the_webhook_after_an_outage(make_app, receiver):
    hook = receiver(script=[503, "drop"])          # down twice, then up
    app = make_app(webhook_url=hook.url, webhook_secret="k", delivery_retry_seconds=0.05)
    runtime = app.extensions["askdesk"]
    runtime.delivery_worker.poll_seconds = 0.05
    runtime.delivery_worker.start()
    number = hand_off(app.test_client())["ticket"]["number"]
    assert wait_for(lambda: len(hook.requests) >= 3), f"{len(hook.requests)} attempts"
    headers, body = hook.requests[-1]
    assert verify("k", headers["X-Askdesk-Timestamp"], body, headers["X-Askdesk-Signature"])
    ticket = json.loads(body)["ticket"]
    assert ticket["number"] == number and ticket["reason"] == "customer_request"
    assert ticket["console_url"] == f"https://help.example/agent/tickets/{number}"
    assert any(line["text"] == "how do I reset my password" for line in ticket["transcript"])
    assert len({h["X-Askdesk-Delivery"] for h, _ in hook.requests}) == 1      # one delivery, retried
    assert wait_for(lambda: [d.status for d in runtime.outbox.list(ticket_number=number)] == ["delivered"])


def test_no_ticket_without_its_deliveries(make_app, monkeypatch):
    app = make_app(webhook_url="https://hooks.example/in")
    runtime = app.extensions["askdesk"]

    def broken(*args, **kwargs):
        raise OSError("disk full")
    monkeypatch.setattr(type(runtime.outbox), "enqueue", broken)
    client = app.test_client()
    failed = hand_off(client)
    assert failed["status"] == 500 and "server log" in failed["error"]
    assert runtime.store.list_tickets() == []
    [session_id] = {e.session_id for e in runtime.store.recent_events(("question",), "2000")}
    assert not [e for e in runtime.store.events(session_id) if e.kind == "ticket"]
    monkeypatch.undo()
    retry = client.post(f"/api/v1/sessions/{session_id}/contact", json={"contact": "bob@example.com"}).get_json()
    assert retry["action"] == "ticket" and runtime.store.get_ticket(retry["ticket"]["number"]) is not None
