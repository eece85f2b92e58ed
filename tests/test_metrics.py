"""Evaluation metrics and threshold tuning on hand-made outcomes."""
import pytest

from askdesk.bot.decision import Thresholds
from askdesk.evaluation.metrics import Outcome, compute, tune


def o(expected, ranked, scores):
    return Outcome(tuple(expected), tuple(ranked), tuple(scores), latency_ms=1.0)


OUTCOMES = [
    o(["a"], ["a", "b"], [0.9, 0.2]),    # answered right
    o(["b"], ["a", "b"], [0.8, 0.1]),    # answered wrong, found at rank 2
    o(["c"], ["c", "a"], [0.5, 0.45]),   # clarified, right
    o(["d"], ["a", "b"], [0.2, 0.1]),    # handed off, not found
    o([], ["a", "b"], [0.25, 0.1]),      # out of scope, handed off
    o([], ["b", "a"], [0.7, 0.1]),       # out of scope, answered
]


def test_compute():
    m = compute(OUTCOMES, Thresholds(answer=0.6, handoff=0.3, margin=0.1))
    assert (m["queries"], m["in_scope_queries"], m["oos_queries"]) == (6, 4, 2)
    assert m["in_scope_accuracy"] == pytest.approx(2 / 4)
    assert m["oos_recall"] == pytest.approx(1 / 2)
    assert m["answered_precision"] == pytest.approx(1 / 2)
    assert m["answer_rate"] == pytest.approx(3 / 6)
    assert m["recall_at_1"] == pytest.approx(2 / 4)
    assert m["recall_at_5"] == pytest.approx(3 / 4)
    assert m["mrr"] == pytest.approx((1 + 0.5 + 1) / 4)
    assert m["latency_ms"] == {"p50": 1.0, "p99": 1.0}


def test_oos_recall_is_null_without_out_of_scope_questions():
    assert compute(OUTCOMES[:4], Thresholds(0.6, 0.3, 0.1))["oos_recall"] is None


def test_tune_separates_in_scope_from_out_of_scope():
    outcomes = [o(["a"], ["a"], [s]) for s in (0.9, 0.8, 0.7, 0.6)] + [o([], ["a"], [s]) for s in (0.3, 0.4)]
    chosen = tune(outcomes, margin=0.0, target_precision=1.0)
    assert chosen["handoff_threshold"] == 0.6
    assert chosen["answer_threshold"] == 0.6
    m = compute(outcomes, Thresholds(chosen["answer_threshold"], chosen["handoff_threshold"], 0.0))
    assert (m["in_scope_accuracy"], m["oos_recall"]) == (1.0, 1.0)


def test_tune_raises_the_answer_threshold_until_answers_are_precise():
    outcomes = [o(["a"], ["b"], [0.55]), o(["a"], ["a"], [0.7]), o(["a"], ["a"], [0.8])]
    chosen = tune(outcomes, margin=0.0, target_precision=1.0)
    assert chosen["handoff_threshold"] == 0.0
    assert chosen["answer_threshold"] == 0.7
