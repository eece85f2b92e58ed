"""Both real encoder backends: the default multilingual USE and sentence-transformers (MiniLM)."""
import numpy as np
import pytest

from askdesk.core.errors import ConfigError
from askdesk.indexer.encoders import ConcatEncoder, HashEncoder, make_encoder


def cosine_rank(encoder, query, candidates):
    vectors = encoder.encode([query, *candidates])
    assert vectors.shape == (len(candidates) + 1, encoder.dim)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    return list(np.argsort(-(vectors[1:] @ vectors[0])))


def test_hash_encoder_is_deterministic_and_word_based():
    a, b = HashEncoder(64), HashEncoder(64)
    assert np.array_equal(a.encode(["refund my order"]), b.encode(["refund my order"]))
    assert cosine_rank(a, "refund my order", ["weather today", "order refund please"])[0] == 1
    assert a.encode([]).shape == (0, 64)


def test_unknown_encoder_is_a_clear_error():
    with pytest.raises(ConfigError, match="unknown encoder 'bert'"):
        make_encoder("bert")


def test_use_matches_paraphrases_and_crosses_languages(use_encoder):
    encoder = use_encoder
    assert encoder.name == "use-multilingual-v3" and encoder.dim == 512
    candidates = ["How to reset your password", "Track your order", "Как вернуть деньги за заказ"]
    assert cosine_rank(encoder, "i forgot my login password", candidates)[0] == 0
    assert cosine_rank(encoder, "где моя посылка", candidates)[0] == 1          # Russian question, English text
    assert cosine_rank(encoder, "I want my money back for the order", candidates)[0] == 2  # the other way


@pytest.mark.model
@pytest.mark.sbert
def test_sentence_transformers_backend_with_minilm():
    pytest.importorskip("sentence_transformers", reason="run scripts/setup.sh --dev to install torch")
    encoder = make_encoder("minilm", 2)
    assert encoder.name == "sbert:all-MiniLM-L6-v2" and encoder.dim == 384
    candidates = ["How to reset your password", "Track your order", "Request a refund"]
    assert cosine_rank(encoder, "where is my parcel", candidates)[0] == 1
    assert cosine_rank(encoder, "I want my money back", candidates)[0] == 2
    both = make_encoder("use+minilm", 2)
    assert isinstance(both, ConcatEncoder) and both.dim == 512 + 384
    assert cosine_rank(both, "forgot my password", candidates)[0] == 0


@pytest.mark.model
@pytest.mark.sbert
def test_sentence_transformers_index_and_search(tmp_path):
    pytest.importorskip("sentence_transformers", reason="run scripts/setup.sh --dev to install torch")
    from askdesk.indexer import layout
    from askdesk.indexer.build import build_index
    from askdesk.indexer.search import Searcher

    from support.paths import FIXTURE_KB, LOCALES

    encoder = make_encoder("minilm", 2)
    build_index(FIXTURE_KB, tmp_path, encoder, locales=LOCALES)
    searcher = Searcher(layout.current_build(tmp_path), encoder)
    assert searcher.manifest["encoder"] == "sbert:all-MiniLM-L6-v2"
    assert searcher.search("my parcel never came", locale="en").hits[0].id == "track-order"
