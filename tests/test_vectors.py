"""The vector index: exact and HNSW search, unit filters, save and load."""
import numpy as np
import pytest

from askdesk.indexer import vectors as vectors_module
from askdesk.indexer.vectors import FaissVectorIndex, Unit, chunk_text


def random_units(n, dim=32, seed=3):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, dim)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x, [Unit(key=f"en:a{i}", kind="phrase", position=0, text=str(i)) for i in range(n)]


@pytest.mark.parametrize("hnsw_from, kind", [(10_000, "flat"), (100, "hnsw")])
def test_nearest_units_filters_and_round_trip(tmp_path, monkeypatch, hnsw_from, kind):
    monkeypatch.setattr(vectors_module, "HNSW_FROM_UNITS", hnsw_from)
    x, units = random_units(500)
    index = FaissVectorIndex.from_vectors(x, units)
    assert index.kind == kind
    index.save(tmp_path)
    loaded = FaissVectorIndex.load(tmp_path)
    assert loaded.kind == kind and len(loaded.units) == 500
    everything = loaded.unit_filter(np.arange(500))
    assert everything is None
    hits = loaded.search(x[[7, 42]], 5, everything)
    assert [row[0].unit for row in hits] == [7, 42]
    odd = loaded.unit_filter(np.arange(1, 500, 2))
    hits = loaded.search(x[[7, 42]], 5, odd)
    assert hits[0][0].unit == 7 and all(h.unit % 2 == 1 for row in hits for h in row)
    assert loaded.search(x[[7]], 5, loaded.unit_filter(np.array([], dtype=np.int64))) == [[]]
    assert np.allclose(loaded.vectors()[42], x[42], atol=1e-6)


def test_chunks_split_at_line_ends():
    text = "\n".join(["word " * 30] * 10)
    chunks = chunk_text(text, limit=400)
    assert all(len(c) <= 400 for c in chunks) and len(chunks) == 5
    assert chunk_text("x" * 1000, limit=300) == ["x" * 300]
