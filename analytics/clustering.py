"""Grouping questions by meaning, and picking what stands for a group: pure functions over unit vectors.

Topics come from scikit-learn's average-linkage agglomerative clustering on cosine distance, cut
at a distance threshold: the number of topics follows from the data, every question belongs to
exactly one topic (a question unlike any other is a topic of its own), and the cut has one
meaning an editor can reason about — the mean distance between two merged groups' questions.
The threshold was chosen on CLINC150 and checked on Banking77 (``scripts/eval-gaps.sh``): at 0.4 every
intent held out of CLINC150 came back as a topic (three seeds) with purity 0.92-0.95; 0.45 mixed
neighbouring intents (0.88-0.94, and lost one on one seed); 0.35 split each missing topic further.
HDBSCAN scored alike but needs several questions before anything is a topic, and a small help
desk has few.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

DISTANCE = 0.4          # cosine distance at which topics stop merging (see the module docstring)
MAX_QUESTIONS = 5000    # distinct questions clustered at once: the distance matrix is n² floats


def cluster(vectors: np.ndarray, distance: float = DISTANCE) -> np.ndarray:
    """A topic number for each row of ``vectors`` (unit length): rows closer than ``distance`` on
    average end up together. Topic numbers are arbitrary."""
    from sklearn.cluster import AgglomerativeClustering  # here: importing scikit-learn takes a second

    n = len(vectors)
    if n < 2:
        return np.zeros(n, dtype=int)
    # precomputed, so a zero row (a text the encoder found no words in) is just far from the rest
    distances = np.clip(1.0 - vectors @ vectors.T, 0.0, 2.0).astype(np.float64)
    np.fill_diagonal(distances, 0.0)
    model = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                    distance_threshold=distance)
    return model.fit_predict(distances)


def diverse(vectors: np.ndarray, k: int, weights: Sequence[float] | None = None, balance: float = 0.5) -> list[int]:
    """Up to ``k`` row indexes that stand for a group of distinct questions: the one nearest the
    group's centre (its mean direction, rows counted ``weights`` times) first, then each next the one
    most central yet least like those already picked (maximal marginal relevance, ``balance``
    weighing the two). Ties go to the earlier row."""
    centrality = vectors @ np.average(vectors, axis=0, weights=weights)
    order = [int(i) for i in np.argsort(-centrality, kind="stable")]
    picked = order[:1]
    while len(picked) < min(k, len(order)):
        candidates = [i for i in order if i not in picked]
        likeness = (vectors[candidates] @ vectors[picked].T).max(axis=1)
        picked.append(candidates[int(np.argmax(balance * centrality[candidates] - (1 - balance) * likeness))])
    return picked
