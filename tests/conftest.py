import shutil
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

from askdesk.shell.cli import main
from askdesk.core.settings import load_config
from askdesk.indexer.build import build_index
from askdesk.indexer.encoders import make_encoder
from browser import chromium  # noqa: F401  (a fixture for every browser test)
from receivers import Receiver
from askdesk.store import open_store

FIXTURE_KB = Path(__file__).parent / "fixtures" / "kb"
REPO = Path(__file__).resolve().parent.parent
LOCALES = ("en", "ru")


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
PG_URL = "postgresql://postgres@127.0.0.1:5432/test"


def _postgres_store():
    psycopg = pytest.importorskip("psycopg")
    schema = "t_" + uuid.uuid4().hex[:12]
    try:
        with psycopg.connect(PG_URL, connect_timeout=5, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL is not reachable at {PG_URL}: {exc}")
    return open_store(f"{PG_URL}?options=-csearch_path%3D{schema}"), schema


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    """An empty store on SQLite and on PostgreSQL (a schema of its own, dropped afterwards)."""
    if request.param == "sqlite":
        s = open_store(f"sqlite:///{tmp_path / 'askdesk.db'}")
        yield s
        s.close()
        return
    s, schema = _postgres_store()
    yield s
    s.close()
    import psycopg
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


# -- a webhook receiver that fails as told, then recovers (tests/receivers.py) ---------------------
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
