"""The semantic index: embeddings of phrasings and passage chunks in a faiss inner-product index.

A *unit* is one embedded text: a phrasing of an article (title, a question, an alias, the
summary) or a chunk of a passage. Vectors are unit length, so inner product = cosine.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol

import faiss
import numpy as np

from kb.model import Article

CHUNK_CHARS = 700


@dataclass(frozen=True)
class Unit:
    key: str        # article key
    kind: str       # "phrase" or "passage"
    position: int   # passage position (0 for phrasings)
    text: str


def article_units(article: Article) -> list[Unit]:
    """What gets embedded for one article."""
    units = [Unit(article.key, "phrase", 0, text) for text in article.phrasings()]
    for passage in article.passages:
        prefix = article.title if passage.position == 0 else f"{article.title}. {passage.heading}"
        for chunk in chunk_text(passage.text):
            units.append(Unit(article.key, "passage", passage.position, f"{prefix}. {chunk}"))
        if passage.position and not passage.text:
            units.append(Unit(article.key, "passage", passage.position, prefix))
    return units


def chunk_text(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """Split at line ends into pieces of at most ``limit`` characters (a line longer than that is cut)."""
    chunks: list[str] = []
    current = ""
    for line in text.splitlines():
        line = line[:limit]
        if current and len(current) + len(line) + 1 > limit:
            chunks.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
    if current:
        chunks.append(current)
    return chunks


@dataclass(frozen=True)
class VectorHit:
    unit: int
    score: float


class VectorIndex(Protocol):
    units: list[Unit]

    def unit_filter(self, allowed_units: np.ndarray) -> object:
        """A reusable restriction to the given unit rows, for :meth:`search`."""
        ...

    def search(self, queries: np.ndarray, limit: int, unit_filter: object) -> list[list[VectorHit]]:
        """For each query row, the best units (cosine) that ``unit_filter`` allows."""
        ...


class FaissVectorIndex:
    """Exact inner-product search (``IndexFlatIP``): help centers have thousands of units, not billions."""

    def __init__(self, index: faiss.Index, units: list[Unit]):
        if index.ntotal != len(units):
            raise ValueError(f"vector index has {index.ntotal} rows but {len(units)} units")
        self.index = index
        self.units = units

    @classmethod
    def from_vectors(cls, vectors: np.ndarray, units: list[Unit]) -> "FaissVectorIndex":
        index = faiss.IndexFlatIP(vectors.shape[1])
        if len(vectors):
            index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        return cls(index, units)

    def save(self, folder: Path) -> None:
        faiss.write_index(self.index, str(folder / "vectors.faiss"))
        (folder / "units.json").write_text(json.dumps([asdict(u) for u in self.units], ensure_ascii=False),
                                           encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> "FaissVectorIndex":
        units = [Unit(**u) for u in json.loads((folder / "units.json").read_text(encoding="utf-8"))]
        return cls(faiss.read_index(str(folder / "vectors.faiss")), units)

    def vectors(self) -> np.ndarray:
        return self.index.reconstruct_n(0, self.index.ntotal) if self.index.ntotal else np.zeros((0, self.index.d), np.float32)

    def unit_filter(self, allowed_units: np.ndarray) -> faiss.SearchParameters | None | bool:
        """None: every unit allowed; False: none; else faiss search parameters with an id selector.
        Building the selector costs as much as a search, so callers keep it per scope."""
        if len(allowed_units) == self.index.ntotal:
            return None
        if len(allowed_units) == 0:
            return False
        selector = faiss.IDSelectorBatch(allowed_units.astype(np.int64))
        params = faiss.SearchParameters(sel=selector)
        params._selector = selector  # keep the selector alive as long as the parameters
        return params

    def search(self, queries: np.ndarray, limit: int, unit_filter) -> list[list[VectorHit]]:
        if self.index.ntotal == 0 or unit_filter is False:
            return [[] for _ in range(len(queries))]
        params = unit_filter
        k = min(limit, self.index.ntotal)
        scores, ids = self.index.search(np.ascontiguousarray(queries, dtype=np.float32), k, params=params)
        return [[VectorHit(int(i), float(s)) for i, s in zip(row_ids, row_scores) if i >= 0]
                for row_ids, row_scores in zip(ids, scores)]
