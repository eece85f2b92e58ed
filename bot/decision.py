"""The answer / clarify / hand-off decision: a pure function of the ranked hits and thresholds.

With a calibrated index the confidence is the probability that the top article is right
(:mod:`askdesk.indexer.calibration`), and the thresholds follow from the operator's
``target_precision`` (:func:`thresholds_for`); without one, the top fused score is the confidence
and the fixed :data:`UNCALIBRATED` cut-offs (or the operator's numbers) apply."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from askdesk.indexer.search import SearchResult

ANSWER, CLARIFY, HANDOFF = "answer", "clarify", "handoff"
CLARIFY_OPTIONS = 3
SEARCH_DEPTH = 5   # hits the bot weighs for one question
NEAR_BAND = 0.15  # with a calibrated confidence: options are the hits within this much of the top score
EPSILON = 1e-9  # scores are floats: 0.6 - 0.5 must count as a lead of 0.1


@dataclass(frozen=True)
class Thresholds:
    """Defaults live in the settings (answer_threshold, handoff_threshold, clarify_margin)."""
    answer: float
    handoff: float
    margin: float
    floor: float = 0.0   # calibrated: a top fused score below this is not near anything, whatever the confidence

    def __post_init__(self):
        if not 0.0 <= self.handoff <= self.answer:
            raise ValueError(f"handoff threshold {self.handoff} must be between 0 and the answer "
                             f"threshold {self.answer}")


UNCALIBRATED = Thresholds(answer=0.45, handoff=0.3, margin=0.08)


def thresholds_for(cuts: tuple[float, float] | None, *, answer: float | None = None, handoff: float | None = None,
                   margin: float = UNCALIBRATED.margin, floor: float = UNCALIBRATED.handoff) -> Thresholds:
    """The thresholds in force: the operator's numbers where set, else the calibration's cuts
    for the target precision (``cuts`` = (answer, hand-off)), else :data:`UNCALIBRATED`.
    ``floor`` is the fused score below which a calibrated bot hands off all the same."""
    auto_answer, auto_handoff = cuts if cuts is not None else (UNCALIBRATED.answer, UNCALIBRATED.handoff)
    answer = auto_answer if answer is None else answer
    handoff = auto_handoff if handoff is None else handoff
    return Thresholds(answer=answer, handoff=min(handoff, answer), margin=margin,
                      floor=floor if cuts is not None else 0.0)


@dataclass(frozen=True)
class Decision:
    action: str                  # answer | clarify | handoff
    reason: str                  # confident | close_call | middling | low_confidence | out_of_scope | no_results
    confidence: float
    options: tuple[int, ...]     # indexes into the hits: one for answer, 2-3 for clarify, none for handoff


def decide(scores: Sequence[float], thresholds: Thresholds, confidence: float | None = None) -> Decision:
    """Decide from hit scores sorted best first and, when the index is calibrated, the
    ``confidence`` that the top hit is right.

    Calibrated (the margin to the runner-up is already part of the confidence):

    - no hits → hand off (``no_results``); confidence below the hand-off threshold, or a top
      score below the floor (nothing is near) → hand off (``out_of_scope``: the question is most
      likely not one the help center answers);
    - confidence at or above the answer threshold → answer;
    - otherwise clarify with the top hit and those within :data:`NEAR_BAND` of its score (one
      option alone is a "maybe").

    Uncalibrated:

    - no hits → hand off (``no_results``);
    - best below the hand-off threshold → hand off (``low_confidence``);
    - best at or above the answer threshold and ahead of the runner-up by the margin → answer;
    - otherwise clarify with the best 2-3 hits whose scores stay above the hand-off threshold
      (``close_call`` when a confident best is challenged, ``middling`` when it is unsure).
    """
    if not scores:
        return Decision(HANDOFF, "no_results", 0.0, ())
    if confidence is not None:
        return _decide_calibrated(scores, thresholds, float(confidence))
    best = float(scores[0])
    if best < thresholds.handoff:
        return Decision(HANDOFF, "low_confidence", best, ())
    runner_up = float(scores[1]) if len(scores) > 1 else float("-inf")
    if best >= thresholds.answer and best - runner_up >= thresholds.margin - EPSILON:
        return Decision(ANSWER, "confident", best, (0,))
    options = [0] + [i for i in range(1, min(len(scores), CLARIFY_OPTIONS)) if scores[i] >= thresholds.handoff]
    reason = "close_call" if best >= thresholds.answer else "middling"
    return Decision(CLARIFY, reason, best, tuple(options))


def _decide_calibrated(scores: Sequence[float], thresholds: Thresholds, confidence: float) -> Decision:
    if confidence < thresholds.handoff or float(scores[0]) < thresholds.floor:
        return Decision(HANDOFF, "out_of_scope", confidence, ())
    if confidence >= thresholds.answer:
        return Decision(ANSWER, "confident", confidence, (0,))
    top = float(scores[0])
    options = [0] + [i for i in range(1, min(len(scores), CLARIFY_OPTIONS)) if top - float(scores[i]) <= NEAR_BAND]
    return Decision(CLARIFY, "middling", confidence, tuple(options))


def decide_search(result: SearchResult, thresholds: Thresholds) -> Decision:
    """:func:`decide` on a search result: its hits' scores and, when calibrated, its confidence."""
    return decide([h.score for h in result.hits], thresholds, result.confidence if result.calibrated else None)
