"""Quality metrics over labelled questions (definitions: ``shared/datasets/README.md``). Pure functions."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from askdesk.bot.decision import ANSWER, EPSILON, HANDOFF, Thresholds, decide
from askdesk.indexer.calibration import calibration_error


@dataclass(frozen=True)
class Outcome:
    """What retrieval returned for one labelled question."""
    expected: tuple[str, ...]      # empty: out of scope
    ranked: tuple[str, ...]        # article ids, best first
    scores: tuple[float, ...]      # their fused scores
    latency_ms: float
    confidence: float | None = None   # calibrated probability that the top article is right (None: uncalibrated)

    @property
    def in_scope(self) -> bool:
        return bool(self.expected)


def _rank_of_expected(outcome: Outcome) -> int | None:
    for position, cid in enumerate(outcome.ranked):
        if cid in outcome.expected:
            return position
    return None


def percentile(values: Sequence[float], q: float) -> float | None:
    return float(np.percentile(values, q)) if len(values) else None


def _calibration_error(outcomes: Sequence[Outcome]) -> float | None:
    """How far the calibrated confidence is from the share of top articles that are right, on
    these labelled questions (out-of-scope ones count as wrong); None when uncalibrated."""
    calibrated = [o for o in outcomes if o.confidence is not None]
    if not calibrated:
        return None
    right = [o.in_scope and bool(o.ranked) and o.ranked[0] in o.expected for o in calibrated]
    return round(calibration_error(np.array([o.confidence for o in calibrated]), np.array(right)), 4)


def _confidence(o: Outcome) -> float:
    if o.confidence is not None:
        return o.confidence
    return o.scores[0] if o.scores else 0.0


def compute(outcomes: Sequence[Outcome], thresholds: Thresholds) -> dict:
    in_scope = [o for o in outcomes if o.in_scope]
    oos = [o for o in outcomes if not o.in_scope]
    correct = answered = answered_right = answered_any = handed_off_oos = 0
    for o in outcomes:
        decision = decide(o.scores, thresholds, o.confidence)
        if decision.action == ANSWER:
            answered_any += 1
        if o.in_scope:
            if decision.action != HANDOFF and o.ranked[0] in o.expected:
                correct += 1
            if decision.action == ANSWER:
                answered += 1
                answered_right += o.ranked[0] in o.expected
        elif decision.action == HANDOFF:
            handed_off_oos += 1
    ranks = [_rank_of_expected(o) for o in in_scope]
    n_in = len(in_scope)
    ratio = lambda a, b: (a / b) if b else None  # noqa: E731
    return {
        "queries": len(outcomes),
        "in_scope_queries": n_in,
        "oos_queries": len(oos),
        "in_scope_accuracy": ratio(correct, n_in),
        "oos_recall": ratio(handed_off_oos, len(oos)),
        "answered_precision": ratio(answered_right, answered),
        "answer_rate": ratio(answered_any, len(outcomes)),
        "recall_at_1": ratio(sum(r is not None and r < 1 for r in ranks), n_in),
        "recall_at_5": ratio(sum(r is not None and r < 5 for r in ranks), n_in),
        "mrr": ratio(sum(1.0 / (r + 1) for r in ranks if r is not None), n_in),
        "latency_ms": {"p50": percentile([o.latency_ms for o in outcomes], 50),
                       "p99": percentile([o.latency_ms for o in outcomes], 99)},
        "calibration_error": _calibration_error(outcomes),
        "answer_threshold": thresholds.answer,
        "handoff_threshold": thresholds.handoff,
        "clarify_margin": thresholds.margin,
    }


def tune(outcomes: Sequence[Outcome], margin: float, target_precision: float = 0.9) -> dict:
    """Thresholds from labelled outcomes.

    The hand-off threshold maximises the number of questions decided right: in-scope questions
    kept (not handed off) whose top article is right, plus out-of-scope questions handed off.
    Counting questions, not shares, weighs the two kinds as the labelled set does; a set that
    mirrors real traffic therefore gets the threshold that serves that traffic best. The answer
    threshold is then the lowest whose answers (out-of-scope ones counted as wrong) are right at
    least ``target_precision`` of the time, so the bot answers as often as it can at that precision.
    """
    top = np.array([_confidence(o) for o in outcomes])
    calibrated = all(o.confidence is not None for o in outcomes)
    right = np.array([bool(o.ranked) and o.ranked[0] in o.expected for o in outcomes])
    in_scope = np.array([o.in_scope for o in outcomes])
    grid = np.unique(np.round(np.concatenate([[0.0], top]), 4))
    best_h, best_value = 0.0, -1
    for h in grid:
        kept = top >= h
        value = int((right & kept & in_scope).sum() + ((~kept) & ~in_scope).sum())
        if value > best_value:
            best_h, best_value = float(h), value
    # an answer also needs the margin over the runner-up (see bot.decision.decide)
    second = np.array([o.scores[1] if len(o.scores) > 1 else -np.inf for o in outcomes])
    scores = np.array([o.scores[0] if o.scores else 0.0 for o in outcomes])
    # calibrated: the margin is part of the confidence; else an answer also needs the lead
    clear_lead = np.ones(len(outcomes), bool) if calibrated else (scores - second) >= margin - EPSILON
    good_answer = right & in_scope
    best_a = None
    for a in grid[grid >= best_h]:
        answered = (top >= a) & clear_lead
        if not answered.any():
            break
        if good_answer[answered].mean() >= target_precision:
            best_a = float(a)
            break
    if best_a is None:
        best_a = float(grid.max()) if len(grid) else 1.0
    best_a = max(best_a, best_h)
    return {"answer_threshold": round(best_a, 4), "handoff_threshold": round(best_h, 4),
            "clarify_margin": margin, "target_precision": target_precision}
