"""Fusion and confidence: pure functions, checked on hand-made signals."""
import pytest

from askdesk.indexer.fusion import FusionWeights, Signals, fused_score, keyword_signal, rank

W = FusionWeights(dense=1.0, keyword=0.5, classifier=1.0)


def test_keyword_signal_is_coverage_tempered_by_relative_bm25():
    assert keyword_signal(1.0, 10.0, 10.0) == 1.0
    assert keyword_signal(0.5, 2.5, 10.0) == pytest.approx(0.25)
    assert keyword_signal(1.0, 0.0, 10.0) == 0.0


def test_missing_signals_are_left_out_not_counted_as_zero():
    with_all = Signals(dense=0.6, keyword=0.6, classifier=0.6)
    no_keyword = Signals(dense=0.6, keyword=None, classifier=0.6)
    no_classifier = Signals(dense=0.6, keyword=0.6, classifier=None)
    assert fused_score(with_all, W) == pytest.approx(0.6)
    assert fused_score(no_keyword, W) == pytest.approx(0.6)
    assert fused_score(no_classifier, W) == pytest.approx(0.6)
    assert fused_score(Signals(dense=-0.2, keyword=0.0, classifier=None), W) == 0.0


def test_rank_orders_by_fused_score_and_applies_penalties():
    candidates = {"a": Signals(dense=0.9, keyword=0.1, classifier=0.2),
                  "b": Signals(dense=0.5, keyword=0.9, classifier=0.9),
                  "c": Signals(dense=0.8, keyword=None, classifier=0.5)}
    order = [cid for cid, _ in rank(candidates, W)]
    assert order == ["b", "c", "a"]
    penalised = [cid for cid, _ in rank(candidates, W, {"b": 0.25})]  # b: 0.74 - 0.25 = 0.49
    assert penalised == ["c", "b", "a"]
