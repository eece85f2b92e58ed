"""Rank fusion and confidence: pure functions over plain data, no I/O.

Each candidate article gets signals from three retrievers, all on absolute scales so that a
score means the same thing for every question (which a confidence threshold needs):

- ``dense``: best cosine between the question and the article's phrasings or passage chunks;
- ``keyword``: the idf-weighted share of the question's terms that the best passage contains,
  scaled by how its BM25 score compares with the best keyword hit; left out (None) for an
  article that exists only in another language than the question's, which words cannot match;
- ``classifier``: the phrasing classifier's probability for the article (when trained).

The fused score is a weighted mean; it is the confidence the decision thresholds apply to.
"""
from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass
class Signals:
    dense: float = 0.0
    keyword: float | None = 0.0           # None: the keyword retriever cannot see this article
    classifier: float | None = None
    dense_position: int | None = None     # passage holding the best dense match (None: a phrasing)
    keyword_position: int | None = None   # passage with the best keyword match


@dataclass(frozen=True)
class FusionWeights:
    dense: float = 1.0
    keyword: float = 0.35
    classifier: float = 1.0


DEFAULT_WEIGHTS = FusionWeights()


def keyword_signal(coverage: float, bm25: float, best_bm25: float) -> float:
    """Coverage of the question's terms, tempered by the passage's BM25 relative to the best one."""
    if best_bm25 <= 0 or bm25 <= 0:
        return 0.0
    return coverage * math.sqrt(bm25 / best_bm25)


def fused_score(signals: Signals, weights: FusionWeights = DEFAULT_WEIGHTS) -> float:
    """Weighted mean of the available signals, in about 0..1 (cosines can dip below 0)."""
    total = weights.dense * max(signals.dense, 0.0)
    norm = weights.dense
    if signals.keyword is not None:
        total += weights.keyword * signals.keyword
        norm += weights.keyword
    if signals.classifier is not None:
        total += weights.classifier * signals.classifier
        norm += weights.classifier
    return total / norm if norm else 0.0


def rank(candidates: dict[str, Signals], weights: FusionWeights = DEFAULT_WEIGHTS,
         penalties: dict[str, float] | None = None) -> list[tuple[str, float]]:
    """Candidates best first as (id, score); ``penalties`` are subtracted (e.g. cross-language)."""
    penalties = penalties or {}
    scored = [(cid, fused_score(sig, weights) - penalties.get(cid, 0.0)) for cid, sig in candidates.items()]
    scored.sort(key=lambda item: (-item[1], item[0]))
    return scored
