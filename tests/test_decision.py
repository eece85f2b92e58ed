"""The answer / clarify / hand-off decision, table-driven."""
import pytest

from askdesk.bot.decision import Thresholds, decide

T = Thresholds(answer=0.6, handoff=0.3, margin=0.1)


@pytest.mark.parametrize("scores, action, reason, options", [
    ([], "handoff", "no_results", ()),
    ([0.29, 0.1], "handoff", "low_confidence", ()),
    ([0.9], "answer", "confident", (0,)),
    ([0.9, 0.5, 0.4], "answer", "confident", (0,)),
    ([0.6, 0.5], "answer", "confident", (0,)),           # exactly at the threshold and the margin
    ([0.9, 0.85, 0.2], "clarify", "close_call", (0, 1)),  # a runner-up too close; the third is too weak
    ([0.5, 0.45, 0.4, 0.35], "clarify", "middling", (0, 1, 2)),
    ([0.45], "clarify", "middling", (0,)),
    ([0.3, 0.29], "clarify", "middling", (0,)),
])
def test_decide(scores, action, reason, options):
    decision = decide(scores, T)
    assert (decision.action, decision.reason, decision.options) == (action, reason, options)


def test_thresholds_must_be_ordered():
    with pytest.raises(ValueError, match="handoff threshold 0.7"):
        Thresholds(answer=0.5, handoff=0.7, margin=0.1)


C = Thresholds(answer=0.7, handoff=0.2, margin=0.1, floor=0.3)   # calibrated: cuts on the confidence


@pytest.mark.parametrize("scores, confidence, action, reason, options", [
    ([], 0.9, "handoff", "no_results", ()),
    ([0.8, 0.5], 0.1, "handoff", "out_of_scope", ()),          # the calibration says nothing is right
    ([0.25, 0.2], 0.5, "handoff", "out_of_scope", ()),         # confident, but nothing scores near
    ([0.8, 0.78], 0.75, "answer", "confident", (0,)),          # the lead is inside the confidence: no margin rule
    ([0.6, 0.5, 0.3], 0.5, "clarify", "middling", (0, 1)),     # options: the hits near the top score
    ([0.6, 0.3], 0.5, "clarify", "middling", (0,)),            # alone near the top: a "maybe"
])
def test_decide_on_a_calibrated_confidence(scores, confidence, action, reason, options):
    decision = decide(scores, C, confidence)
    assert (decision.action, decision.reason, decision.options) == (action, reason, options)
    assert decision.confidence == (confidence if scores else 0.0)


def test_thresholds_in_force():
    from askdesk.bot.decision import UNCALIBRATED, thresholds_for

    assert thresholds_for(None) == Thresholds(UNCALIBRATED.answer, UNCALIBRATED.handoff, UNCALIBRATED.margin)
    auto = thresholds_for((0.62, 0.1), floor=0.3)
    assert (auto.answer, auto.handoff, auto.floor) == (0.62, 0.1, 0.3)
    assert thresholds_for((0.62, 0.1), answer=0.8).answer == 0.8            # the operator's number wins
    assert thresholds_for((0.5, 0.4), handoff=0.9).handoff == 0.5           # never above the answer cut
