"""The answer / clarify / hand-off decision: a pure function of the ranked hits and thresholds."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

ANSWER, CLARIFY, HANDOFF = "answer", "clarify", "handoff"
CLARIFY_OPTIONS = 3
EPSILON = 1e-9  # scores are floats: 0.6 - 0.5 must count as a lead of 0.1


@dataclass(frozen=True)
class Thresholds:
    """Defaults live in the settings (answer_threshold, handoff_threshold, clarify_margin)."""
    answer: float
    handoff: float
    margin: float

    def __post_init__(self):
        if not 0.0 <= self.handoff <= self.answer:
            raise ValueError(f"handoff threshold {self.handoff} must be between 0 and the answer "
                             f"threshold {self.answer}")


@dataclass(frozen=True)
class Decision:
    action: str                  # answer | clarify | handoff
    reason: str                  # confident | close_call | middling | low_confidence | no_results
    confidence: float
    options: tuple[int, ...]     # indexes into the hits: one for answer, 2-3 for clarify, none for handoff


def decide(scores: Sequence[float], thresholds: Thresholds) -> Decision:
    """Decide from hit scores sorted best first.

    - no hits → hand off (``no_results``);
    - best below the hand-off threshold → hand off (``low_confidence``);
    - best at or above the answer threshold and ahead of the runner-up by the margin → answer;
    - otherwise clarify with the best 2-3 hits whose scores stay above the hand-off threshold
      (``close_call`` when a confident best is challenged, ``middling`` when it is unsure).
    """
    if not scores:
        return Decision(HANDOFF, "no_results", 0.0, ())
    best = float(scores[0])
    if best < thresholds.handoff:
        return Decision(HANDOFF, "low_confidence", best, ())
    runner_up = float(scores[1]) if len(scores) > 1 else float("-inf")
    if best >= thresholds.answer and best - runner_up >= thresholds.margin - EPSILON:
        return Decision(ANSWER, "confident", best, (0,))
    options = [0] + [i for i in range(1, min(len(scores), CLARIFY_OPTIONS)) if scores[i] >= thresholds.handoff]
    reason = "close_call" if best >= thresholds.answer else "middling"
    return Decision(CLARIFY, reason, best, tuple(options))
