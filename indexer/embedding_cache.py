"""Embeddings already computed, keyed by encoder and text, so a re-index embeds only what changed."""
from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from askdesk.indexer.encoders import Encoder


class EmbeddingCache:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path))
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS embedding (model TEXT, digest TEXT, vector BLOB, "
                         "PRIMARY KEY (model, digest))")

    @staticmethod
    def _digest(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def encode(self, encoder: Encoder, texts: Sequence[str], progress=None) -> tuple[np.ndarray, int]:
        """Vectors for ``texts`` and how many had to be computed."""
        digests = [self._digest(t) for t in texts]
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(digests))
        for start in range(0, len(unique), 500):
            chunk = unique[start:start + 500]
            rows = self._db.execute(
                f"SELECT digest, vector FROM embedding WHERE model = ? AND digest IN ({','.join('?' * len(chunk))})",
                [encoder.name, *chunk])
            for digest, blob in rows:
                vector = np.frombuffer(blob, dtype=np.float32)
                if vector.shape[0] == encoder.dim:
                    found[digest] = vector
        missing = [(d, t) for d, t in dict(zip(digests, texts)).items() if d not in found]
        batch = 256
        for start in range(0, len(missing), batch):
            part = missing[start:start + batch]
            vectors = encoder.encode([t for _, t in part])
            for (digest, _), vector in zip(part, vectors):
                found[digest] = vector
            self._db.executemany("INSERT OR REPLACE INTO embedding VALUES (?, ?, ?)",
                                 [(encoder.name, d, v.astype(np.float32).tobytes()) for (d, _), v in zip(part, vectors)])
            self._db.commit()
            if progress is not None:
                progress(len(part))
        if not texts:
            return np.zeros((0, encoder.dim), dtype=np.float32), 0
        return np.vstack([found[d] for d in digests]).astype(np.float32), len(missing)

    def close(self) -> None:
        self._db.close()
