"""The fixtures every test module may use, and the test tiers.

A test's tier marks (``postgres``, ``redis``, ``browser``, ``model``, ``slow``) are derived here from
the fixtures it uses (see ``TIER_FIXTURES``) and from module marks, so they cannot be forgotten;
every test without one of them is also marked ``fast``: ``pytest -m fast`` (``scripts/test.sh
--fast``) runs in seconds with no PostgreSQL, Redis or Chromium. Helpers live in tests/support.
"""
import shutil
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

from askdesk.core.settings import load_config
from askdesk.indexer.build import build_index
from askdesk.indexer.encoders import make_encoder
from askdesk.shell.app import create_app
from askdesk.shell.cli import main
from askdesk.store import open_store

from support.paths import FIXTURE_KB, LOCALES
from support.receivers import Receiver
from support.services import require_postgres, require_redis

# -- the test tiers -------------------------------------------------------------------------------
TIERS = ("postgres", "redis", "browser", "model", "slow")   # what `fast` leaves out
TIER_FIXTURES = {   # a test using one of these fixtures (directly or through another) needs the service
    "chromium": "browser",
    "postgres_url": "postgres",
    "redis_url": "redis",
    "use_encoder": "model",
}
PARAM_TIERS = {("store", "postgresql"): "postgres"}   # a parametrised fixture's parameter that needs one


@pytest.hookimpl(tryfirst=True)   # before `-m` deselects anything
def pytest_collection_modifyitems(items):
    for item in items:
        needs = {TIER_FIXTURES[name] for name in getattr(item, "fixturenames", ()) if name in TIER_FIXTURES}
        params = getattr(getattr(item, "callspec", None), "params", {})
        needs |= {tier for (name, value), tier in PARAM_TIERS.items() if params.get(name) == value}
        if item.get_closest_marker("sbert"):
            needs.add("model")
        for tier in sorted(needs):
            if not item.get_closest_marker(tier):
                item.add_marker(tier)
        if not any(item.get_closest_marker(tier) for tier in TIERS):
            item.add_marker("fast")


# -- the services (each fails its tests with the fix when it is missing) -------------------------
@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The test PostgreSQL server's URL (``ASKDESK_TEST_POSTGRES_URL``), checked reachable."""
    return require_postgres()


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The test Redis server's URL (``ASKDESK_TEST_REDIS_URL``), checked reachable."""
    return require_redis()


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium, headless, driven by Playwright; one for the whole test session."""
    from support.browser import launch_chromium  # only browser tests load Playwright
    with launch_chromium() as browser:
        yield browser


@pytest.fixture(scope="session")
def use_encoder():
    """The real default encoder (multilingual USE); loads its model once per session."""
    return make_encoder("use", 2)


@pytest.fixture(scope="session")
def hash_encoder():
    return make_encoder("hash", 1)


@pytest.fixture
def kb_copy(tmp_path) -> Path:
    """A private copy of the fixture knowledge base, safe to edit."""
    target = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, target)
    return target


@pytest.fixture(scope="session")
def hash_index(tmp_path_factory, hash_encoder) -> Path:
    """The fixture knowledge base indexed with the hash encoder (shared, read-only)."""
    root = tmp_path_factory.mktemp("hash-index")
    build_index(FIXTURE_KB, root, hash_encoder, locales=LOCALES)
    return root


@pytest.fixture
def hash_config(hash_index, tmp_path):
    """Settings for an app on the hash-encoded fixture index, with a store of its own."""
    return load_config({"index_dir": str(hash_index), "encoder": "hash", "content_dir": str(FIXTURE_KB),
                        "reload_check_seconds": 0.0, "store_url": str(tmp_path / "askdesk.db"),
                        "secret_key": "test-secret"}, environ={})


# -- the store backends: every store contract test runs on both ----------------------------
@pytest.fixture
def app(hash_config):
    """The app on the hash-encoder fixture index with a store of its own (a module that needs other
    settings defines its own ``app``)."""
    app = create_app(hash_config)
    yield app
    app.extensions["askdesk"].store.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    """An empty store on SQLite and on PostgreSQL (a schema of its own, dropped afterwards).

    The PostgreSQL case is marked ``postgres`` (``PARAM_TIERS``); it asks for ``postgres_url`` only
    when it runs, so the SQLite case needs no server."""
    if request.param == "sqlite":
        s = open_store(f"sqlite:///{tmp_path / 'askdesk.db'}")
        yield s
        s.close()
        return
    import psycopg
    url = request.getfixturevalue("postgres_url")
    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(url, connect_timeout=5, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    s = open_store(f"{url}?options=-csearch_path%3D{schema}")
    yield s
    s.close()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


# -- a SQLite store of a test's own (the delivery tests) --------------------------------------------
@pytest.fixture
def db_url(tmp_path):
    return f"sqlite:///{tmp_path / 'askdesk.db'}"


@pytest.fixture
def db(db_url):
    store = open_store(db_url)
    yield store
    store.close()


# -- a webhook receiver that fails as told, then recovers (tests/support/receivers.py) -------------
@pytest.fixture
def receiver():
    made = []

    def make(script=(), default=200):
        made.append(Receiver(script, default))
        return made[-1]
    yield make
    for r in made:
        r.close()


# -- the command line on a store of its own -------------------------------------------------------
@pytest.fixture
def cli_db(tmp_path, monkeypatch):
    """A SQLite store URL that `askdesk` commands in this test use (through ASKDESK_STORE_URL)."""
    url = f"sqlite:///{tmp_path / 'askdesk.db'}"
    monkeypatch.setenv("ASKDESK_STORE_URL", url)
    monkeypatch.delenv("ASKDESK_RETENTION_DAYS", raising=False)
    return url


@pytest.fixture
def run(cli_db):
    """``run("token", "list")`` runs `askdesk token list` against ``cli_db``."""
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, list(args), catch_exceptions=False)
    return invoke
