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
