"""Regression test of the sample help center: its own labelled questions, with the real default
encoder. A change to content or ranking must not break answers that worked.

The floors are the measured figures less a small allowance for noise (see the closing note of
the issue that set them); raise them when quality improves.
"""
import pytest

from askdesk.core.settings import load_config
from askdesk.evaluation.metrics import compute
from askdesk.evaluation.run import read_questions, run, unknown_ids
from askdesk.indexer import layout
from askdesk.indexer.build import build_index
from askdesk.indexer.search import Searcher
from askdesk.shell.runtime import Runtime

from support.paths import LOCALES, REPO

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def sample(tmp_path_factory, use_encoder):
    encoder = use_encoder
    root = tmp_path_factory.mktemp("sample-index")
    build_index(REPO / "content", root, encoder, locales=LOCALES)
    searcher = Searcher(layout.current_build(root), encoder)
    questions = read_questions(REPO / "content" / "eval" / "questions.jsonl")
    return searcher, questions, run(questions, searcher)


def test_labelled_questions_are_well_formed(sample):
    searcher, questions, _ = sample
    assert unknown_ids(questions, searcher) == []
    assert len([q for q in questions if q.expected]) >= 150
    assert len([q for q in questions if not q.expected]) >= 30
    assert {q.locale for q in questions} == {"en", "ru"}
    public = {a.id for a in searcher.articles.values() if a.is_public}
    assert all(e in public for q in questions for e in q.expected), "labels must point at public articles"


def test_quality_with_default_settings(sample):
    searcher, _, outcomes = sample
    config = load_config(environ={})
    assert searcher.calibration is not None, "the sample help center is large enough to calibrate itself"
    m = compute(outcomes, Runtime(config).thresholds_for(searcher.calibration))
    assert m["recall_at_1"] >= FLOORS["recall_at_1"]
    assert m["recall_at_5"] >= FLOORS["recall_at_5"]
    assert m["in_scope_accuracy"] >= FLOORS["in_scope_accuracy"]
    assert m["oos_recall"] >= FLOORS["oos_recall"]
    assert m["answered_precision"] >= FLOORS["answered_precision"]


def test_cross_language_questions_find_the_other_language(sample):
    searcher, questions, outcomes = sample
    only_in = {}
    for article in searcher.articles.values():
        only_in.setdefault(article.id, set()).add(article.locale)
    cross = [(q, o) for q, o in zip(questions, outcomes)
             if q.expected and all(q.locale not in only_in[e] for e in q.expected)]
    assert len(cross) >= 10
    found = sum(o.ranked[:3] and any(e in o.ranked[:3] for e in q.expected) for q, o in cross)
    assert found / len(cross) >= FLOORS["cross_language_recall_at_3"]


# measured 2026-11-25 (bm25s + USE, default settings): recall@1 0.863, recall@5 0.973, in-scope accuracy
# 0.808, out-of-scope recall 0.914, answered precision 0.971, cross-language recall@3 0.83 (10 of 12)
FLOORS = {"recall_at_1": 0.84, "recall_at_5": 0.95, "in_scope_accuracy": 0.78, "oos_recall": 0.85,
          "answered_precision": 0.93, "cross_language_recall_at_3": 0.75}
