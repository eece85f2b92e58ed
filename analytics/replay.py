"""Threshold replay: what the bot would have done with the logged questions at other thresholds.

Each logged question keeps the scores of the articles tried, so :func:`bot.decision.decide` can be
run again at any answer threshold. For a question that would then be answered with article X, the
outcome is known only when the customer actually saw X as the answer: *bad* if they voted it
down or were handed off after it, *good* otherwise (a helpful vote, or nothing more). Answers the
customer never saw are counted as *unknown* — the replay says how much it cannot know.
"""
from __future__ import annotations

from askdesk.analytics.ledger import SessionRecord, Turn
from askdesk.bot.decision import ANSWER, Thresholds, decide

DEFAULT_GRID = tuple(round(0.30 + 0.05 * i, 2) for i in range(9))   # 0.30 … 0.70


def _outcome(turn: Turn, article: str) -> str:
    """``good``, ``bad`` or ``unknown`` for ``article`` as the answer to ``turn``."""
    if article not in turn.answered_with:
        return "unknown"
    if (article, False) in turn.votes or turn.handoff is not None:
        return "bad"
    return "good"


def replay(sessions: list[SessionRecord], current: Thresholds, grid: tuple[float, ...] = DEFAULT_GRID) -> list[dict]:
    """One row per answer threshold (the current one included): answer rate, and of the answers
    whose outcome is known, the share that went bad. The hand-off threshold and the margin stay as
    configured (capped at the answer threshold)."""
    turns = [t for s in sessions for t in s.turns]
    rows = []
    for answer in sorted({*grid, current.answer}):
        thresholds = Thresholds(answer=answer, handoff=min(current.handoff, answer), margin=current.margin)
        answered = good = bad = 0
        for turn in turns:
            decision = decide([t["score"] for t in turn.tried], thresholds)
            if decision.action != ANSWER:
                continue
            answered += 1
            outcome = _outcome(turn, turn.tried[0]["id"])
            good += outcome == "good"
            bad += outcome == "bad"
        known = good + bad
        rows.append({"answer_threshold": answer, "current": answer == current.answer, "questions": len(turns),
                     "answered": answered,
                     "answer_rate_pct": round(100.0 * answered / len(turns), 1) if turns else None,
                     "known_outcomes": known, "bad": bad,
                     "bad_pct": round(100.0 * bad / known, 1) if known else None,
                     "unknown": answered - known})
    return rows
