"""A store that cannot be written says so: StoreUnavailable (503) with the cause and the fix, on a
session start and on /readyz, on SQLite and PostgreSQL; and the SQLite WAL is checkpointed."""
import logging
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from askdesk.core.errors import StoreUnavailable
from askdesk.shell.app import create_app
from askdesk.store import open_store
from askdesk.store.health import CheckpointWorker

ERROR_KEYS = {"ok", "error", "errors", "status"}


def read_only(store, on: bool) -> None:
    """Make this thread's connection of ``store`` refuse writes, as a read-only file or standby does."""
    with store.transaction() as conn:
        if store.dialect == "sqlite":
            conn.execute(f"PRAGMA query_only = {'ON' if on else 'OFF'}")
        else:
            conn.execute(f"SET default_transaction_read_only = {'on' if on else 'off'}")


# -- the contract, on both backends -----------------------------------------------------------------
def test_a_store_that_takes_writes_is_writable(store):
    store.check_writable()
    store.check_writable()   # again: the probe's row is updated, not added


def test_a_read_only_store_is_unavailable_with_the_fix_and_recovers(store):
    read_only(store, True)
    with pytest.raises(StoreUnavailable) as refused:
        store.check_writable()
    assert refused.value.status == 503
    fix = "write access" if store.dialect == "sqlite" else "primary"
    assert "cannot be written" in refused.value.message and fix in refused.value.message
    with pytest.raises(StoreUnavailable):
        store.create_session("en")
    read_only(store, False)
    store.check_writable()
    assert store.get_session(store.create_session("en").id) is not None


def test_a_postgresql_connection_that_dies_is_unavailable_then_opened_again(store):
    if store.dialect != "postgresql":
        pytest.skip("SQLite has no server to lose")
    import psycopg
    with store.transaction() as conn:
        pid = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
        dsn = conn.info.dsn
    with psycopg.connect(dsn, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", (pid,))
    with pytest.raises(StoreUnavailable) as lost:
        store.create_session("en")
    assert "PostgreSQL" in lost.value.message
    store.check_writable()                              # a new connection, without a restart
    assert store.get_session(store.create_session("en").id) is not None


def test_a_full_sqlite_database_is_unavailable_not_an_operational_error(tmp_path):
    """A real SQLITE_FULL: the database may not grow past the pages it has (``max_page_count``)."""
    store = open_store(f"sqlite:///{tmp_path / 'askdesk.db'}")
    with store.transaction() as conn:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StoreUnavailable) as full:
        for _ in range(50):
            store.create_session("en", "https://shop.example/" + "x" * 1900)
    assert "disk is full" in full.value.message and "free space" in full.value.message
    assert "askdesk.db" in full.value.message
    store.close()


def test_the_sqlite_wal_is_checkpointed_and_truncated(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'askdesk.db'}")
    wal = Path(f"{tmp_path / 'askdesk.db'}-wal")
    for _ in range(300):
        store.create_session("en", "https://shop.example/" + "x" * 500)
    assert wal.stat().st_size > 0
    busy, logged, done = store.checkpoint()
    assert busy == 0 and logged == done and wal.stat().st_size == 0
    store.close()


def test_the_checkpoint_worker_keeps_the_wal_from_growing(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'askdesk.db'}")
    wal = Path(f"{tmp_path / 'askdesk.db'}-wal")
    worker = CheckpointWorker(store, interval_seconds=0.05)
    worker.start()
    try:
        for _ in range(200):
            store.create_session("en", "https://shop.example/" + "x" * 500)
        deadline = time.monotonic() + 5
        while wal.stat().st_size > 0:
            assert time.monotonic() < deadline, "the worker did not checkpoint the WAL"
            time.sleep(0.02)
    finally:
        worker.stop()
    assert not worker.running


def test_postgresql_has_no_wal_of_ours_to_checkpoint(store):
    assert (store.checkpoint() is None) == (store.dialect == "postgresql")


# -- the server: readiness and a session start ------------------------------------------------------
class FullDisk:
    """A SQLite connection whose writes fail as on a full disk while ``full`` is set."""
    full = False

    def __init__(self, conn):
        self._conn = conn

    def execute(self, statement, params=()):
        if FullDisk.full and statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            raise sqlite3.OperationalError("database or disk is full")
        return self._conn.execute(statement, params)

    def __getattr__(self, name):
        return getattr(self._conn, name)


@pytest.fixture
def app(hash_config):
    app = create_app({**hash_config, "rate_limit": ""})
    store = app.extensions["askdesk"].store
    real = store._connect
    store._connect = lambda: FullDisk(real())
    store._local = threading.local()
    yield app
    FullDisk.full = False
    store.close()


def test_ready_when_the_index_is_loaded_and_the_store_takes_writes(app):
    body = app.test_client().get("/readyz").get_json()
    assert body["ok"] is True and body["status"] == "ready" and body["build"]


def test_a_full_disk_is_a_503_with_the_fix_on_session_start_and_readyz_then_ready_again(app, caplog):
    client = app.test_client()
    FullDisk.full = True
    caplog.set_level(logging.ERROR)
    start = client.post("/api/v1/sessions", json={"locale": "en"})
    assert start.status_code == 503 and set(start.get_json()) == ERROR_KEYS
    assert "disk is full" in start.get_json()["error"] and "free space" in start.get_json()["error"]
    ready = client.get("/readyz")
    body = ready.get_json()
    assert ready.status_code == 503 and set(body) == ERROR_KEYS and body["error"].startswith("not ready")
    assert len(body["errors"]) == 1 and "disk is full" in body["errors"][0] and "store_url" in body["errors"][0]
    assert not [r for r in caplog.records if r.exc_info], "an operator's problem is one line, not a traceback"
    assert any("disk is full" in r.getMessage() for r in caplog.records)   # but it is in the log
    FullDisk.full = False
    assert client.get("/readyz").status_code == 200
    assert client.post("/api/v1/sessions", json={"locale": "en"}).status_code == 201


def test_a_read_only_store_is_not_ready(app):
    store = app.extensions["askdesk"].store
    read_only(store, True)     # the test client serves in this thread, on this connection
    body = app.test_client().get("/readyz").get_json()
    assert body["status"] == 503 and "read-only" in body["error"] and "write access" in body["error"]
    read_only(store, False)
    assert app.test_client().get("/readyz").status_code == 200


def test_no_index_and_a_full_disk_are_both_named(hash_config, tmp_path):
    app = create_app({**hash_config, "index_dir": str(tmp_path / "no-index")})
    store = app.extensions["askdesk"].store
    real = store._connect
    store._connect = lambda: FullDisk(real())
    store._local = threading.local()
    FullDisk.full = True
    try:
        body = app.test_client().get("/readyz").get_json()
    finally:
        FullDisk.full = False
        store.close()
    assert body["status"] == 503 and len(body["errors"]) == 2
    assert "askdesk index" in body["errors"][0] and "disk is full" in body["errors"][1]


def test_the_runtime_builds_the_checkpoint_worker_on_its_store_and_stops_it_on_close(hash_config):
    from askdesk.shell.runtime import Runtime
    runtime = Runtime(hash_config)
    wal = Path(f"{hash_config.store_url}-wal")
    for _ in range(100):
        runtime.store.create_session("en", "https://shop.example/" + "x" * 500)
    runtime.checkpoint_worker.start()
    deadline = time.monotonic() + 5
    while wal.stat().st_size > 0:
        assert time.monotonic() < deadline, "the runtime's worker did not checkpoint its store"
        time.sleep(0.02)
    runtime.close()
    assert not runtime.checkpoint_worker.running
