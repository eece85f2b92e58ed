"""Self-calibrating confidence: the pure calibration functions on hand-made numbers, the fold plan,
and builds of a tiny help center (too small: fixed thresholds, said why) and the sample one."""
import json
import random

import numpy as np
import pytest

from askdesk.indexer import calibration as cal
from askdesk.indexer import layout
from askdesk.indexer.build import build_index
from askdesk.indexer.search import Searcher
from askdesk.indexer.simulation import _fold_articles, chatty, plan
from askdesk.kb.loader import load_content

from support.paths import FIXTURE_KB, LOCALES, REPO


def test_features_of_a_search():
    row = cal.features([0.8, 0.75, 0.3], {"dense": 0.7, "keyword": None, "classifier": 0.5}, 3)
    assert row[:5] == pytest.approx([0.8, 0.05, 0.7, 0.0, 0.5])
    assert row[5] == pytest.approx(np.log1p(1))          # one runner-up within the band
    assert cal.features([], None, 4) == [0.0] * len(cal.FEATURES)


def test_calibration_error_is_zero_when_confidence_matches_accuracy():
    p = np.array([0.25] * 4 + [0.75] * 4)
    right = np.array([1, 0, 0, 0, 1, 1, 1, 0])
    assert cal.calibration_error(p, right) == pytest.approx(0.0)
    assert cal.calibration_error(np.array([0.9, 0.9]), np.array([0, 0])) == pytest.approx(0.9)


def test_answer_cut_is_the_lowest_that_holds_the_target_above_it():
    curve = cal.Curve(cuts=(0.1, 0.3, 0.5, 0.7, 0.9), precision=(0.6, 0.8, 0.91, 0.95, 0.97))
    assert cal.answer_cut(curve, 0.9) == 0.5
    assert cal.answer_cut(curve, 0.96) == 0.9
    assert cal.answer_cut(curve, 0.99) == 1.0          # never answered outright: options instead
    dip = cal.Curve(cuts=(0.1, 0.3, 0.5), precision=(0.92, 0.7, 0.95))
    assert cal.answer_cut(dip, 0.9) == 0.5             # a dip above a cut disqualifies it


def test_handoff_cut_keeps_all_but_a_sliver_of_the_right_answers():
    p = np.linspace(0, 1, 101)
    right = p > 0.5
    assert cal.handoff_cut(p, right) == pytest.approx(np.quantile(p[right], cal.HANDOFF_MISSES), abs=1e-4)
    assert cal.handoff_cut(p, np.zeros(101, bool)) == 0.0


def _synthetic(n=400, seed=1):
    rng = np.random.default_rng(seed)
    rows, right, in_scope, folds = [], [], [], []
    for i in range(n):
        inside = i % 3 != 0
        ok = inside and rng.random() < 0.85
        top = rng.normal(0.7 if ok else 0.35, 0.1)
        rows.append(cal.features([top, top - rng.uniform(0, 0.3)], {"dense": top, "keyword": top / 2}, 6))
        right.append(ok), in_scope.append(inside), folds.append(i % 4)
    return rows, right, in_scope, folds


def test_fit_learns_a_confidence_that_rises_with_the_score_and_round_trips():
    rows, right, in_scope, folds = _synthetic()
    model = cal.fit(rows, right, in_scope, folds)
    low = model.probability(cal.features([0.3, 0.25], {"dense": 0.3, "keyword": 0.15}, 6))
    high = model.probability(cal.features([0.8, 0.5], {"dense": 0.8, "keyword": 0.4}, 6))
    assert low < 0.3 < 0.8 < high
    answer, handoff = model.thresholds(0.9)
    assert 0.0 <= handoff <= answer <= 1.0
    assert model.error < 0.1 and model.samples == {"in_scope": 266, "out_of_scope": 134, "folds": 4}
    again = cal.Calibration.from_dict(json.loads(json.dumps(model.to_dict())))
    assert again.probability(rows[0]) == pytest.approx(model.probability(rows[0]))
    assert again.thresholds(0.9) == model.thresholds(0.9)


def test_the_plan_holds_articles_and_phrasings_out_without_emptying_an_article():
    articles = load_content(REPO / "content", LOCALES).articles
    plans = plan(articles)
    assert plans == plan(articles)                     # deterministic: builds are reproducible
    held = [ids for ids, _ in plans.values()]
    assert all(not (a & b) for i, a in enumerate(held) for b in held[i + 1:])
    for held_ids, questions in plans.values():
        asked = {q.expected for q in questions if q.expected}
        assert not (asked & held_ids)
        reduced = {(a.locale, a.id): a for a in _fold_articles(articles, held_ids, questions)}
        assert not any(a.id in held_ids for a in reduced.values())
        for q in questions:
            if q.expected:
                article = reduced[(q.locale, q.expected)]
                assert q.held not in article.questions + article.aliases
                assert article.questions + article.aliases      # at least one phrasing stays


def test_chatty_keeps_the_question_and_only_adds_a_frame():
    rng = random.Random(3)
    seen = {chatty("Where is my order?", "en", rng) for _ in range(40)}
    assert "Where is my order?" in seen and len(seen) > 3
    assert all("where is my order" in s.lower() for s in seen)
    assert chatty("Wo ist meine Bestellung?", "de", rng) == "Wo ist meine Bestellung?"


def test_a_tiny_help_center_keeps_the_fixed_thresholds_and_says_why(tmp_path, hash_encoder):
    build_index(FIXTURE_KB, tmp_path, hash_encoder, locales=LOCALES)
    build = layout.current_build(tmp_path)
    manifest = layout.read_manifest(build)
    assert manifest["calibration"]["status"] == "skipped"
    assert "needs at least" in manifest["calibration"]["reason"]
    searcher = Searcher(build, hash_encoder)
    result = searcher.search("how do i reset my password")
    assert searcher.calibration is None and not result.calibrated
    assert result.confidence == result.hits[0].score


@pytest.mark.slow
def test_the_sample_help_center_calibrates_itself_and_keeps_it_on_a_small_edit(tmp_path, hash_encoder):
    content = tmp_path / "content"
    import shutil
    shutil.copytree(REPO / "content", content, ignore=shutil.ignore_patterns("eval"))
    root = tmp_path / "index"
    build_index(content, root, hash_encoder, locales=LOCALES)
    first = layout.current_build(root)
    summary = layout.read_manifest(first)["calibration"]
    assert summary["status"] == "calibrated" and summary["in_scope"] >= cal.MIN_IN_SCOPE
    searcher = Searcher(first, hash_encoder)
    result = searcher.search("where is my parcel")
    assert result.calibrated and 0.0 <= result.confidence <= 1.0
    article = next(content.glob("en/*/track-order.md"))
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    build_index(content, root, hash_encoder, locales=LOCALES)
    second = layout.read_manifest(layout.current_build(root))["calibration"]
    assert second["reused_from"] == layout.read_manifest(first)["build_id"]
    assert (layout.current_build(root) / "calibration.json").read_bytes() == (first / "calibration.json").read_bytes()
