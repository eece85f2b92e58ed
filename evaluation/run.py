"""Run labelled questions through search and the decision, for ``askdesk eval`` and ``tune``."""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from askdesk.core.errors import BadRequest
from askdesk.core.jsonlines import read_objects
from askdesk.evaluation.metrics import Outcome
from askdesk.indexer.search import PUBLIC, Scope, Searcher

RANK_DEPTH = 10


@dataclass(frozen=True)
class LabelledQuestion:
    query: str
    expected: tuple[str, ...]
    locale: str | None


def read_questions(path: Path) -> list[LabelledQuestion]:
    """Read ``{"query", "expected", "locale"}`` lines; any bad line stops with its number."""
    questions = []
    for number, data in read_objects(path):
        if not isinstance(data.get("query"), str) or not isinstance(data.get("expected", []), list):
            raise BadRequest(f"{path}:{number}: expected {{\"query\": str, \"expected\": [ids], \"locale\": str}}")
        questions.append(LabelledQuestion(data["query"], tuple(data.get("expected") or ()), data.get("locale")))
    if not questions:
        raise BadRequest(f"{path} holds no questions")
    return questions


def unknown_ids(questions: list[LabelledQuestion], searcher: Searcher) -> list[str]:
    return sorted({e for q in questions for e in q.expected if e not in searcher.by_id})


def run(questions: list[LabelledQuestion], searcher: Searcher, scope: Scope = PUBLIC) -> list[Outcome]:
    outcomes = []
    for question in questions:
        started = time.perf_counter()
        result = searcher.search(question.query, locale=question.locale, scope=scope, limit=RANK_DEPTH)
        elapsed = (time.perf_counter() - started) * 1000
        outcomes.append(Outcome(expected=question.expected, ranked=tuple(h.id for h in result.hits),
                                scores=tuple(h.score for h in result.hits), latency_ms=elapsed,
                                confidence=result.confidence if result.calibrated else None))
    return outcomes
