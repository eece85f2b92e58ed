import shutil
from pathlib import Path

import pytest

from askdesk.settings import load_config
from indexer.build import build_index
from indexer.encoders import make_encoder

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
def hash_config(hash_index):
    return load_config({"index_dir": str(hash_index), "encoder": "hash", "content_dir": str(FIXTURE_KB),
                        "reload_check_seconds": 0.0}, environ={})
