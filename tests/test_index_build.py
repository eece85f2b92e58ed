"""Index builds: incremental re-embedding, removals, atomic switch, failure leaves the old build."""
import json
import re

import pytest

from askdesk.core.errors import ContentError, IndexMismatch
from askdesk.indexer import layout
from askdesk.indexer.build import build_index
from askdesk.indexer.encoders import HashEncoder
from askdesk.indexer.search import Scope, Searcher

from support.paths import LOCALES


@pytest.mark.parametrize("engine", ["bm25s", "whoosh"])
def test_full_then_incremental_reembeds_only_the_changed_article(kb_copy, tmp_path, hash_encoder, engine):
    root = tmp_path / "index"
    first = build_index(kb_copy, root, hash_encoder, locales=LOCALES, keyword_engine=engine)
    assert (first.incremental, first.changed, first.articles) == (False, 9, 9)
    assert first.embedded > 0

    again = build_index(kb_copy, root, hash_encoder, locales=LOCALES, keyword_engine=engine)
    assert (again.incremental, again.changed, again.embedded) == (True, 0, 0)

    path = kb_copy / "en" / "orders" / "track-order.md"
    path.write_text(path.read_text(encoding="utf-8").replace("every few hours", "every hour, day and night"),
                    encoding="utf-8")
    third = build_index(kb_copy, root, hash_encoder, locales=LOCALES, keyword_engine=engine)
    assert (third.incremental, third.changed, third.removed) == (True, 1, 0)
    assert third.embedded == 1  # only the edited passage chunk is new text
    searcher = Searcher(layout.current_build(root), hash_encoder)
    assert "day and night" in searcher.articles["en:track-order"].passages[1].text
    assert searcher.keyword.search("night", "en", None, 5)[0].key == "en:track-order"
    switched = build_index(kb_copy, root, hash_encoder, locales=LOCALES,
                           keyword_engine="whoosh" if engine == "bm25s" else "bm25s")
    assert not switched.incremental  # another engine cannot reuse this build's keyword index


@pytest.mark.parametrize("engine", ["bm25s", "whoosh"])
def test_removed_article_disappears_from_both_indexes(kb_copy, tmp_path, hash_encoder, engine):
    root = tmp_path / "index"
    build_index(kb_copy, root, hash_encoder, locales=LOCALES, keyword_engine=engine)
    (kb_copy / "en" / "subscriptions" / "cancel-subscription.md").unlink()
    report = build_index(kb_copy, root, hash_encoder, locales=LOCALES, keyword_engine=engine)
    assert report.removed == 1
    searcher = Searcher(layout.current_build(root), hash_encoder)
    assert "en:cancel-subscription" not in searcher.articles
    assert all(u.key != "en:cancel-subscription" for u in searcher.vectors.units)
    assert all(h.id != "cancel-subscription" for h in searcher.search("cancel plus membership renewal").hits)
    assert all(h.key != "en:cancel-subscription" for h in searcher.keyword.search("cancel renewal", "en", None, 50))


def test_a_build_failing_midway_leaves_the_current_build_serving(kb_copy, tmp_path, hash_encoder):
    root = tmp_path / "index"
    build_index(kb_copy, root, hash_encoder, locales=LOCALES)
    before = layout.current_build_id(root)
    builds_before = sorted(p.name for p in layout.builds_dir(root).iterdir())
    (kb_copy / "en" / "orders" / "track-order.md").write_text(
        "---\nid: track-order\ntitle: Changed\n---\nNew text\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="on purpose"):
        build_index(kb_copy, root, hash_encoder, locales=LOCALES, _fail_after_keyword=True)
    assert layout.current_build_id(root) == before
    assert sorted(p.name for p in layout.builds_dir(root).iterdir()) == builds_before  # no half-written build
    searcher = Searcher(layout.current_build(root), hash_encoder)
    assert searcher.articles["en:track-order"].title == "Track your order"


def test_encoder_failure_midway_also_leaves_the_old_build(kb_copy, tmp_path, hash_encoder):
    class Exploding(HashEncoder):
        def encode(self, texts):
            raise MemoryError("out of memory while embedding")

    root = tmp_path / "index"
    build_index(kb_copy, root, hash_encoder, locales=LOCALES)
    before = layout.current_build_id(root)
    (kb_copy / "en" / "orders" / "track-order.md").write_text(
        "---\nid: track-order\ntitle: Changed\n---\nNew text\n", encoding="utf-8")
    with pytest.raises(MemoryError):
        build_index(kb_copy, root, Exploding(), locales=LOCALES)
    assert layout.current_build_id(root) == before
    assert not list(layout.builds_dir(root).glob(".tmp-*"))


def test_content_with_no_valid_article_is_refused(tmp_path, hash_encoder):
    (tmp_path / "kb" / "en").mkdir(parents=True)
    (tmp_path / "kb" / "en" / "bad.md").write_text("---\ntitle: [\n---\nx\n", encoding="utf-8")
    with pytest.raises(ContentError) as info:
        build_index(tmp_path / "kb", tmp_path / "index", hash_encoder, locales=LOCALES)
    assert any(re.search(r"bad.md:[23]: error: front matter is not valid YAML", e) for e in info.value.errors)
    assert layout.current_build(tmp_path / "index") is None


def test_strict_refuses_any_error_and_lenient_reports_it(kb_copy, tmp_path, hash_encoder):
    (kb_copy / "en" / "broken.md").write_text("---\nid: broken\ntitle: B\nlocale: xx\n---\nText\n", encoding="utf-8")
    with pytest.raises(ContentError):
        build_index(kb_copy, tmp_path / "strict", hash_encoder, locales=LOCALES, strict=True)
    report = build_index(kb_copy, tmp_path / "lenient", hash_encoder, locales=LOCALES)
    assert report.articles == 9
    assert any("broken.md:4" in str(p) for p in report.problems)
    manifest = layout.read_manifest(layout.current_build(tmp_path / "lenient"))
    assert any("unknown locale" in p for p in manifest["problems"])


def test_a_server_refuses_an_index_built_with_another_encoder(hash_index):
    with pytest.raises(IndexMismatch, match="hash-256.*hash-64"):
        Searcher(layout.current_build(hash_index), HashEncoder(64))


def test_manifest_records_encoder_and_fingerprints(hash_index, hash_encoder):
    manifest = json.loads((layout.current_build(hash_index) / "manifest.json").read_text())
    assert manifest["encoder"] == hash_encoder.name
    assert set(manifest["articles"]) >= {"en:reset-password", "ru:reset-password", "ru:sbp-payment"}


def test_unchanged_files_are_not_parsed_again_but_fragment_edits_are_seen(tmp_path, hash_encoder, monkeypatch):
    from askdesk.kb import loader as kb_loader

    content = tmp_path / "docs"
    (content / "en" / "_includes").mkdir(parents=True)
    (content / "en" / "a.md").write_text("# Alpha\n\nAlpha text {include(/en/_includes/f.md)}\n", encoding="utf-8")
    (content / "en" / "b.md").write_text("# Beta\n\nBeta text\n", encoding="utf-8")
    (content / "en" / "_includes" / "f.md").write_text("fragment one", encoding="utf-8")
    root = tmp_path / "index"
    build_index(content, root, hash_encoder, locales=LOCALES)

    parsed = []
    real = kb_loader.parse_article
    monkeypatch.setattr(kb_loader, "parse_article", lambda path, *a, **k: parsed.append(path.name) or real(path, *a, **k))
    import os
    b = content / "en" / "b.md"
    b.write_text("# Beta\n\nBeta text, edited\n", encoding="utf-8")
    os.utime(b, ns=(b.stat().st_atime_ns, b.stat().st_mtime_ns + 10**9))
    report = build_index(content, root, hash_encoder, locales=LOCALES)
    assert parsed == ["b.md"] and report.changed == 1

    parsed.clear()
    fragment = content / "en" / "_includes" / "f.md"
    fragment.write_text("fragment two", encoding="utf-8")
    os.utime(fragment, ns=(fragment.stat().st_atime_ns, fragment.stat().st_mtime_ns + 10**9))
    report = build_index(content, root, hash_encoder, locales=LOCALES)
    assert sorted(parsed) == ["a.md", "b.md"]  # a fragment changed: everything is read again
    assert report.changed == 1                 # but only the article that includes it changed
    searcher = Searcher(layout.current_build(root), hash_encoder)
    assert "fragment two" in searcher.articles["en:a"].passages[0].text


def test_hnsw_graph_is_patched_not_rebuilt_and_never_returns_retired_rows(kb_copy, tmp_path, hash_encoder,
                                                                          monkeypatch):
    from askdesk.indexer import build as build_module
    from askdesk.indexer import vectors as vectors_module

    monkeypatch.setattr(vectors_module, "HNSW_FROM_UNITS", 5)
    root = tmp_path / "index"
    build_index(kb_copy, root, hash_encoder, locales=LOCALES)
    first = Searcher(layout.current_build(root), hash_encoder)
    assert first.vectors.kind == "hnsw" and None not in first.vectors.units
    rows_before = len(first.vectors.units)

    path = kb_copy / "en" / "orders" / "track-order.md"
    path.write_text(path.read_text(encoding="utf-8").replace("every few hours", "every hour, zeppelin tracking"),
                    encoding="utf-8")
    (kb_copy / "en" / "subscriptions" / "cancel-subscription.md").unlink()
    build_index(kb_copy, root, hash_encoder, locales=LOCALES)
    patched = Searcher(layout.current_build(root), hash_encoder)
    retired = [row for row, u in enumerate(patched.vectors.units) if u is None]
    assert retired and len(patched.vectors.units) > rows_before  # rows retired and appended, same graph
    top = patched.search("zeppelin tracking", locale="en").hits[0]
    assert top.id == "track-order" and "zeppelin" in top.snippet
    hits = patched.vectors.search(hash_encoder.encode(["cancel renewal plus membership"]), 50,
                                  patched._unit_filter(Scope(), patched.allowed_keys(Scope())))
    assert all(patched.vectors.units[h.unit] is not None for row in hits for h in row)
    assert "cancel-subscription" not in [h.id for h in patched.search("cancel plus membership", locale="en").hits]

    monkeypatch.setattr(build_module, "RETIRED_LIMIT", 0.0)  # any retired row now forces a rebuild
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    build_index(kb_copy, root, hash_encoder, locales=LOCALES)
    rebuilt = Searcher(layout.current_build(root), hash_encoder)
    assert None not in rebuilt.vectors.units and rebuilt.vectors.kind == "hnsw"


def test_incremental_vocabulary_equals_a_full_count(kb_copy, tmp_path, hash_encoder):
    from askdesk.indexer.spelling import Speller

    root = tmp_path / "index"
    build_index(kb_copy, root, hash_encoder, locales=LOCALES)
    path = kb_copy / "en" / "orders" / "track-order.md"
    path.write_text(path.read_text(encoding="utf-8").replace("tracking number", "consignment reference"),
                    encoding="utf-8")
    (kb_copy / "ru" / "billing" / "sbp-payment.md").unlink()
    build_index(kb_copy, root, hash_encoder, locales=LOCALES)
    incremental = Speller.load(layout.current_build(root) / "vocabulary.json").vocabulary
    build_index(kb_copy, tmp_path / "full", hash_encoder, locales=LOCALES)
    full = Speller.load(layout.current_build(tmp_path / "full") / "vocabulary.json").vocabulary
    assert incremental == full and "consignment" in full and "qr" not in full
