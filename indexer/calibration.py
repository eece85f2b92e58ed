"""Confidence that means the same on every help center: the probability that the top article is right.

A raw fused score of 0.45 means different things on different knowledge bases (many short FAQ
entries, a few long guides, one language or two). At index time askdesk asks itself questions it
knows the answers to (:mod:`askdesk.indexer.simulation`): phrasings held out of their article
(in scope: the top article should be theirs) and the phrasings of articles held out entirely (out
of scope: nothing is right). From how the search signals separate those, a logistic model learns
``P(top article is right | signals)``. Everything here is a pure function over plain numbers.

The operator then sets a target the team understands, ``target_precision`` (of the answers the
bot gives, the share that must be right), and the answer threshold follows from the precision
curve measured on the simulated questions with cross-validated probabilities, so the curve is
honest. The hand-off threshold is where the help center itself would almost never be right: below
the confidence of all but :data:`HANDOFF_MISSES` of the simulated questions it answered right.
Real customers write longer and vaguer than the editors' phrasings, so their confidence runs
lower than the simulation's; a cut chosen to maximise simulated accuracy handed off too many
answerable questions (measured on the sample help center and CLINC150), this one does not.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

import numpy as np

FEATURES = ("top", "margin", "dense", "keyword", "classifier", "crowd", "words")
CLARIFY_BAND = 0.1          # a hit this close to the top score (raw) is "near" it
ASSUMED_OUT_OF_SCOPE = 0.3  # share of real traffic the help center cannot answer, weighing the precision curve
HANDOFF_MISSES = 0.01       # share of simulated right answers the hand-off cut may lose
MIN_IN_SCOPE = 40           # fewer simulated answerable questions than this: no calibration
MIN_OUT_OF_SCOPE = 15
CURVE_POINTS = 200


def features(scores: Sequence[float], signals: dict | None, words: int) -> list[float]:
    """The calibration features of one search: its hits' fused scores best first, the top hit's
    signals (``dense``, ``keyword``, ``classifier``; None when unavailable) and the question's word count."""
    if not scores:
        return [0.0] * len(FEATURES)
    signals = signals or {}
    top = float(scores[0])
    second = float(scores[1]) if len(scores) > 1 else 0.0
    crowd = sum(1 for s in scores[1:] if top - float(s) <= CLARIFY_BAND)
    return [top, top - second, float(signals.get("dense") or 0.0), float(signals.get("keyword") or 0.0),
            float(signals.get("classifier") or 0.0), math.log1p(crowd), math.log1p(max(words, 0))]


def search_features(query: str, hits: Sequence) -> list[float]:
    """:func:`features` of a search for ``query`` whose ``hits`` (best first) carry ``score`` and ``signals``."""
    return features([h.score for h in hits], hits[0].signals if hits else None, len(query.split()))


@dataclass(frozen=True)
class Curve:
    """Precision of the answers given at each confidence cut, measured on simulated questions."""
    cuts: tuple[float, ...]        # ascending
    precision: tuple[float, ...]   # of questions with confidence >= cut: share whose top article is right


@dataclass(frozen=True)
class Calibration:
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    curve: Curve
    handoff: float                 # the hand-off cut (see HANDOFF_MISSES)
    error: float                   # expected calibration error, cross-validated on the simulated questions
    samples: dict = field(default_factory=dict)   # in_scope, out_of_scope, folds

    def probability(self, row: Sequence[float]) -> float:
        z = (np.asarray(row, dtype=float) - np.asarray(self.mean)) / np.asarray(self.scale)
        return float(_sigmoid(float(z @ np.asarray(self.coef)) + self.intercept))

    def thresholds(self, target_precision: float) -> tuple[float, float]:
        """(answer, hand-off) confidence cuts for ``target_precision``: the lowest cut whose answers
        are right that often (1.0: never answer outright, offer options), and :attr:`handoff`."""
        answer = answer_cut(self.curve, target_precision)
        return answer, min(self.handoff, answer)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Calibration:
        curve = Curve(**{k: tuple(v) for k, v in data["curve"].items()})
        return cls(mean=tuple(data["mean"]), scale=tuple(data["scale"]), coef=tuple(data["coef"]),
                   intercept=float(data["intercept"]), curve=curve, handoff=float(data["handoff"]),
                   error=float(data["error"]),
                   samples=dict(data.get("samples", {})))


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


def _fit_logistic(x: np.ndarray, y: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    model = LogisticRegression(C=1.0, max_iter=1000)
    if len(set(y.tolist())) < 2:   # all right or all wrong: a constant model
        return mean, scale, np.zeros(x.shape[1]), float(np.log((y.mean() + 1e-3) / (1 - y.mean() + 1e-3)))
    model.fit((x - mean) / scale, y, sample_weight=weight)
    return mean, scale, model.coef_[0], float(model.intercept_[0])


def calibration_error(probability: np.ndarray, right: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error: the gap between confidence and accuracy, averaged over
    equal-width confidence bins weighted by how many questions fall in each."""
    probability = np.asarray(probability, dtype=float)
    right = np.asarray(right, dtype=float)
    if not len(probability):
        return 0.0
    edges = np.minimum((probability * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        inside = edges == b
        if inside.any():
            total += inside.sum() * abs(probability[inside].mean() - right[inside].mean())
    return float(total / len(probability))


def _weights(in_scope: np.ndarray) -> np.ndarray:
    """Weights that make out-of-scope questions :data:`ASSUMED_OUT_OF_SCOPE` of the total."""
    n_in, n_out = int(in_scope.sum()), int((~in_scope).sum())
    w_in = (1 - ASSUMED_OUT_OF_SCOPE) / max(n_in, 1)
    w_out = ASSUMED_OUT_OF_SCOPE / max(n_out, 1)
    return np.where(in_scope, w_in, w_out) * len(in_scope)


def build_curve(probability: np.ndarray, right: np.ndarray, in_scope: np.ndarray) -> Curve:
    weight = _weights(in_scope)
    cuts = np.unique(np.quantile(probability, np.linspace(0, 1, CURVE_POINTS))) if len(probability) else np.array([0.0])
    precision = []
    for cut in cuts:
        kept = probability >= cut
        precision.append(float((weight * right)[kept].sum() / (weight[kept].sum() or 1.0)))
    return Curve(tuple(float(c) for c in cuts), tuple(precision))


def answer_cut(curve: Curve, target_precision: float) -> float:
    for cut, precision in zip(curve.cuts, curve.precision, strict=True):
        if precision >= target_precision:
            # every higher cut must hold the target too, or a dip above would answer wrongly
            later = [p for c, p in zip(curve.cuts, curve.precision, strict=True) if c >= cut]
            if min(later) >= target_precision - 0.02:
                return round(float(cut), 4)
    return 1.0


def handoff_cut(probability: np.ndarray, right: np.ndarray) -> float:
    """The confidence below which only :data:`HANDOFF_MISSES` of the right answers fall."""
    if not right.any():
        return 0.0
    return round(float(np.quantile(probability[right], HANDOFF_MISSES)), 4)


def fit(rows: Sequence[Sequence[float]], right: Sequence[bool], in_scope: Sequence[bool],
        folds: Sequence[int]) -> Calibration:
    """Learn the calibration from simulated questions (``folds`` numbers the simulation fold of
    each row: probabilities for the curve and the error come from a model fitted on the other folds)."""
    x = np.asarray(rows, dtype=float)
    y = np.asarray(right, dtype=int)
    scope = np.asarray(in_scope, dtype=bool)
    fold = np.asarray(folds)
    weight = _weights(scope)
    held = np.zeros(len(y))
    for f in np.unique(fold):
        train, test = fold != f, fold == f
        if train.sum() < 10 or len(np.unique(fold)) < 2:
            train = np.ones(len(y), dtype=bool)
        mean, scale, coef, intercept = _fit_logistic(x[train], y[train], weight[train])
        held[test] = _sigmoid(((x[test] - mean) / scale) @ coef + intercept)
    mean, scale, coef, intercept = _fit_logistic(x, y, weight)
    return Calibration(mean=tuple(map(float, mean)), scale=tuple(map(float, scale)), coef=tuple(map(float, coef)),
                       intercept=intercept, curve=build_curve(held, y.astype(bool), scope),
                       handoff=handoff_cut(held, y.astype(bool)),
                       error=round(calibration_error(held, y), 4),
                       samples={"in_scope": int(scope.sum()), "out_of_scope": int((~scope).sum()),
                                "folds": int(len(np.unique(fold)))})
