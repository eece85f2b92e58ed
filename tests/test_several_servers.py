"""Two real ``askdesk serve`` processes behind one imagined load balancer act as one service: they
share a PostgreSQL store (a fresh schema), rate-limit counters in Redis and one index folder.

The servers start together on the empty schema (both migrate it at once), then every test talks to
both over HTTP: a conversation moves between them, a ticket made on one is in the other's inbox and
console, a client's rate limit is one budget, a new index build reaches both, and concurrent
writers on both lose nothing and never open two tickets for one conversation.
"""
import re
import shutil
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest

from askdesk.indexer.build import build_index
from askdesk.store import open_store
from askdesk.store.tokens import SqlTokens

from support.paths import FIXTURE_KB, LOCALES
from support.servers import Caller, serving

pytestmark = pytest.mark.slow   # real server processes (postgres and redis come from the fixtures)
RATE_LIMIT = 10                                   # requests per minute per client, on all servers together
ANSWERED = ("how do I reset my password", "where is my order", "how do I cancel my subscription",
            "how do I get a refund")            # the fixture KB answers these (hash encoder)


@pytest.fixture(scope="module")
def service(tmp_path_factory, hash_encoder, postgres_url, redis_url):
    """Servers A and B on a fresh PostgreSQL schema, Redis and an index of a KB copy (dropped afterwards)."""
    import psycopg
    root = tmp_path_factory.mktemp("several-servers")
    kb, index = root / "kb", root / "index"
    shutil.copytree(FIXTURE_KB, kb)
    build_index(kb, index, hash_encoder, locales=LOCALES)
    schema = "srv_" + uuid.uuid4().hex[:12]
    with psycopg.connect(postgres_url, connect_timeout=5, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    url = f"{postgres_url}?options=-csearch_path%3D{schema}"
    settings = {"ASKDESK_STORE_URL": url, "ASKDESK_INDEX_DIR": str(index), "ASKDESK_CONTENT_DIR": str(kb),
                "ASKDESK_ENCODER": "hash", "ASKDESK_RELOAD_CHECK_SECONDS": "0.2",
                "ASKDESK_RATE_LIMIT": f"{RATE_LIMIT}/minute", "ASKDESK_RATE_LIMIT_STORAGE": redis_url,
                "ASKDESK_PROXY_HOPS": "1", "ASKDESK_SECRET_KEY": "several-servers-" + schema,
                "ASKDESK_RETENTION_DAYS": "30"}   # each server runs its retention worker on the shared store
    try:
        with serving(settings, root) as servers:
            store = open_store(url)
            try:
                yield SimpleNamespace(servers=servers, store=store, store_url=url, kb=kb, index=index)
            finally:
                store.close()
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


def _start(customer: Caller, server) -> str:
    return customer.ok(server, "POST", "/api/v1/sessions", {"locale": "en", "page_url": "https://shop.example/"},
                       status=201)["session_id"]


def test_a_conversation_continues_on_the_other_server(service):
    a, b = service.servers
    customer = Caller()
    sid = _start(customer, a)
    reply = customer.ok(b, "POST", f"/api/v1/sessions/{sid}/messages", {"text": ANSWERED[0]})
    assert reply["action"] == "answer" and reply["articles"][0]["id"] == "reset-password"
    # A knows what B showed: only a shown article may be voted on
    reply = customer.ok(a, "POST", f"/api/v1/sessions/{sid}/feedback", {"article_id": "reset-password",
                                                                         "helpful": True})
    assert reply["action"] == "welcome"
    customer.ok(b, "POST", f"/api/v1/sessions/{sid}/clicks", {"article_id": "reset-password"})
    seen = [customer.ok(server, "GET", f"/api/v1/sessions/{sid}") for server in (a, b)]
    assert seen[0] == seen[1]
    assert [(line["from"], line["kind"]) for line in seen[0]["transcript"]] == [
        ("bot", "reply"), ("customer", "question"), ("bot", "reply"), ("customer", "vote"), ("bot", "reply"),
        ("customer", "click")]


def test_a_ticket_made_on_one_server_is_in_the_inbox_and_console_of_the_other(service):
    a, b = service.servers
    customer = Caller()
    sid = _start(customer, a)
    assert customer.ok(b, "POST", f"/api/v1/sessions/{sid}/handoff")["action"] == "handoff"
    number = customer.ok(b, "POST", f"/api/v1/sessions/{sid}/contact",
                         {"contact": "bob@example.com", "name": "Bob"})["ticket"]["number"]

    plain, _ = SqlTokens(service.store).create("agent-" + sid[:8], "agent")
    agent = Caller(token=plain)
    inbox = agent.ok(a, "GET", "/api/v1/agent/tickets")
    assert number in [t["number"] for t in inbox["tickets"]]
    detail = agent.ok(a, "GET", f"/api/v1/agent/tickets/{number}")["ticket"]
    assert (detail["contact"], detail["reason"], detail["packet"]["name"]) == ("bob@example.com", "customer_request",
                                                                               "Bob")
    agent.ok(a, "PATCH", f"/api/v1/agent/tickets/{number}", {"status": "pending"})
    assert agent.ok(b, "GET", f"/api/v1/agent/tickets/{number}")["ticket"]["status"] == "pending"

    # the console: signed in on A (a cookie signed with the shared secret key), the ticket read on B
    person = Caller()
    csrf = re.search(r'name="csrf" value="([^"]+)"', person.call(a, "GET", "/agent/login").text).group(1)
    assert person.call(a, "POST", "/agent/login", form={"token": plain, "csrf": csrf}).status == 302
    page = person.call(b, "GET", f"/agent/tickets/{number}")
    assert page.status == 200 and f"#{number}" in page.text and "bob@example.com" in page.text


def test_a_clients_rate_limit_is_one_budget_on_all_servers(service):
    customer = Caller()
    statuses = [customer.call(service.servers[i % 2], "GET", "/api/v1/top?locale=en").status
                for i in range(RATE_LIMIT)]
    assert statuses == [200] * RATE_LIMIT
    assert [customer.call(server, "GET", "/api/v1/top?locale=en").status for server in service.servers] == [429, 429]
    assert Caller().call(service.servers[1], "GET", "/api/v1/top?locale=en").status == 200   # others are not limited


def test_concurrent_customers_on_both_servers_lose_nothing(service):
    servers, questions = service.servers, 4

    def customer(k: int) -> tuple[str, list[str], int]:
        me = Caller()
        sid = _start(me, servers[k % 2])
        asked = [f"{ANSWERED[(k + q) % len(ANSWERED)]} (customer {k}, question {q})" for q in range(questions)]
        for q, text in enumerate(asked):
            me.ok(servers[(k + q) % 2], "POST", f"/api/v1/sessions/{sid}/messages", {"text": text})
        reply = me.ok(servers[(k + 1) % 2], "POST", f"/api/v1/sessions/{sid}/contact", {"contact": "c@example.com"})
        return sid, asked, reply["ticket"]["number"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        done = list(pool.map(customer, range(8)))
    tickets = {t.number: t for t in service.store.list_tickets()}
    for sid, asked, number in done:
        ledger = [e.payload["text"] for e in service.store.events(sid) if e.kind == "question"]
        assert sorted(ledger) == sorted(asked)
        assert [n for n, t in tickets.items() if t.session_id == sid] == [number]
    numbers = sorted(number for _, _, number in done)
    assert numbers == list(range(numbers[0], numbers[0] + len(done)))   # unique, no gaps


def test_a_contact_sent_to_both_servers_at_once_opens_one_ticket(service):
    """A double submit that a load balancer spreads over two servers: the conversation's turns are
    taken one at a time across servers, so the second finds the ticket the first opened."""
    a, b = service.servers
    for _ in range(5):
        customer = Caller()
        sid = _start(customer, a)
        customer.ok(b, "POST", f"/api/v1/sessions/{sid}/handoff")
        together = threading.Barrier(2)

        def send(server, customer=customer, sid=sid, together=together):
            together.wait()
            return customer.ok(server, "POST", f"/api/v1/sessions/{sid}/contact", {"contact": "eve@example.com"})

        with ThreadPoolExecutor(max_workers=2) as pool:
            replies = list(pool.map(send, (a, b)))
        assert sorted(r["action"] for r in replies) == ["after_ticket", "ticket"]
        assert replies[0]["ticket"]["number"] == replies[1]["ticket"]["number"]
        assert [t.number for t in service.store.list_tickets() if t.session_id == sid] == \
               [replies[0]["ticket"]["number"]]


def test_a_new_index_build_is_served_by_every_server(service, hash_encoder):
    article = service.kb / "en" / "orders" / "gift-wrapping.md"
    article.write_text("---\nid: gift-wrapping\ntitle: Gift wrapping\nlocale: en\ncategory: orders\n"
                       "questions:\n  - Can you gift wrap my order?\n---\n"
                       "Tick *gift wrapping* at checkout; we wrap the parcel in recycled paper.\n", encoding="utf-8")
    build = build_index(service.kb, service.index, hash_encoder, locales=LOCALES).build_id
    searcher = Caller()
    deadline = time.monotonic() + 20
    for server in service.servers:
        while (served := searcher.ok(server, "GET", "/readyz")["build"]) != build:
            assert time.monotonic() < deadline, f"{server} still serves build {served}, not {build}"
            time.sleep(0.1)
        hits = searcher.ok(server, "GET", "/api/v1/search?q=gift+wrapping&locale=en")["hits"]
        assert hits[0]["id"] == "gift-wrapping"


def test_a_session_taken_for_update_waits_for_the_other_connection(service):
    """What keeps turns apart across servers: the store's lock on one session, here held by a
    second store (another server) while this one asks for the same session."""
    other = open_store(service.store_url)
    session = service.store.create_session("en")
    got = threading.Event()

    def take():
        with service.store.session_for_update(session.id):
            got.set()

    try:
        with other.session_for_update(session.id) as held:
            assert held.id == session.id
            waiting = threading.Thread(target=take)
            waiting.start()
            assert not got.wait(0.5)
        assert got.wait(5)
        waiting.join()
    finally:
        other.close()
