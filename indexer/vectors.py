"""The semantic index: embeddings of phrasings and passage chunks in a faiss inner-product index.

A *unit* is one embedded text: a phrasing of an article (title, a question, an alias, the
summary) or a chunk of a passage. Vectors are unit length, so inner product = cosine.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import faiss
import numpy as np

from askdesk.kb.model import Article

# One question at a time: faiss's OpenMP threads only add overhead to single-row searches here
# (measured on the VK Cloud docs, 18.5k vectors: 5.0 ms with 2 threads, 3.5 ms with 1).
faiss.omp_set_num_threads(1)

CHUNK_CHARS = 700
HNSW_FROM_UNITS = 10_000   # exact search below this many vectors, an HNSW graph from here on
HNSW_NEIGHBOURS = 32
HNSW_EF_SEARCH = 256       # candidates explored per search: enough for the 200 the searcher asks for


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
    """Inner-product search over unit vectors.

    Exact (``IndexFlatIP``) for small help centers; from :data:`HNSW_FROM_UNITS` vectors on, an
    HNSW graph (``IndexHNSWFlat``), which answers ten times faster at a small cost in recall and
    a few seconds of build time (measured on the VK Cloud docs, 18.5k vectors: 3.5 ms exact,
    0.3 ms HNSW; 3.3 s to build).
    """

    def __init__(self, index: faiss.Index, units: list[Unit | None]):
        """``units[row]`` describes faiss row ``row``; None marks a retired row (see :meth:`patch`)."""
        if index.ntotal != len(units):
            raise ValueError(f"vector index has {index.ntotal} rows but {len(units)} units")
        self.index = index
        self.units = units

    @classmethod
    def from_vectors(cls, vectors: np.ndarray, units: list[Unit]) -> FaissVectorIndex:
        if len(vectors) >= HNSW_FROM_UNITS:
            index = faiss.IndexHNSWFlat(vectors.shape[1], HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
        else:
            index = faiss.IndexFlatIP(vectors.shape[1])
        if len(vectors):
            index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        return cls(index, units)

    def patch(self, retire: list[int], vectors: np.ndarray, units: list[Unit]) -> None:
        """Retire rows (searches never return them) and append new ones, without a rebuild."""
        for row in retire:
            self.units[row] = None
        if len(vectors):
            self.index.add(np.ascontiguousarray(vectors, dtype=np.float32))
            self.units.extend(units)

    @property
    def kind(self) -> str:
        return "hnsw" if isinstance(self.index, faiss.IndexHNSW) else "flat"

    def save(self, folder: Path) -> None:
        faiss.write_index(self.index, str(folder / "vectors.faiss"))
        rows = [None if u is None else {"key": u.key, "kind": u.kind, "position": u.position, "text": u.text}
                for u in self.units]
        (folder / "units.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> FaissVectorIndex:
        units = [None if u is None else Unit(**u) for u in json.loads((folder / "units.json").read_text(encoding="utf-8"))]
        index = faiss.read_index(str(folder / "vectors.faiss"))
        if isinstance(index, faiss.IndexHNSW):
            index.hnsw.efSearch = HNSW_EF_SEARCH
        return cls(index, units)

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
        if self.kind == "hnsw":
            params = faiss.SearchParametersHNSW(sel=selector, efSearch=HNSW_EF_SEARCH)
        else:
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
