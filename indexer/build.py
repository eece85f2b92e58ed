"""``askdesk index``: build the keyword and vector indexes, incrementally and atomically.

Only articles whose fingerprint changed since the current build are re-analysed and re-embedded
(the embedding cache also remembers texts seen in any earlier build). Everything is written into
a temporary build folder; the switch to it is one atomic rename of CURRENT (see ``layout``).
"""
from __future__ import annotations

import datetime as dt
import json
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from askdesk.core.errors import ContentError
from askdesk.indexer import layout
from askdesk.indexer.classifier import PhrasingClassifier
from askdesk.indexer.embedding_cache import EmbeddingCache
from askdesk.indexer.encoders import Encoder
from askdesk.indexer.keyword import visibility
from askdesk.indexer.keyword_engines import engine
from askdesk.indexer.simulation import calibrate
from askdesk.indexer.spelling import Vocabulary
from askdesk.indexer.vectors import FaissVectorIndex, Unit, article_units
from askdesk.kb.loader import load_content
from askdesk.kb.model import Article, Problem

RETIRED_LIMIT = 0.2  # rebuild an HNSW graph once a fifth of its rows belong to old versions
REUSE_CALIBRATION_SHARE = 0.05  # re-calibrate once more than this share of articles changed since


@dataclass
class BuildReport:
    build_id: str
    articles: int
    changed: int
    removed: int
    embedded: int
    incremental: bool
    classifier: bool
    seconds: float
    problems: list[Problem] = field(default_factory=list)

    @property
    def left_out(self) -> list[str]:
        """The article files this build does not have because of their errors."""
        return sorted({p.path for p in self.problems if p.severity == "error"})

    def to_dict(self) -> dict:
        data = dict(self.__dict__)
        data["problems"] = [str(p) for p in self.problems]
        data["left_out"] = self.left_out
        return data


def build_index(content_dir: Path, index_root: Path, encoder: Encoder, *, locales: tuple[str, ...],
                keyword_engine: str = "bm25s", classifier_max_articles: int = 2000, strict: bool = False,
                full: bool = False, progress: Callable[[int, int], None] | None = None,
                stage: Callable[[str], None] | None = None, _fail_after_keyword: bool = False) -> BuildReport:
    """Build a new index from ``content_dir`` into ``index_root`` and make it current.

    Raises :class:`ContentError` when no article can be indexed, or when ``strict`` and any
    article has an error. ``progress(done, total)`` is called as texts are embedded, ``stage(what)``
    before another step that takes seconds (``"calibrating"``).
    """
    started = time.perf_counter()
    reuse = {} if full else _reusable_parses(Path(index_root), content_dir)
    loaded = load_content(content_dir, locales, **reuse)
    if not loaded.articles or (strict and loaded.errors):
        raise ContentError(f"{len(loaded.errors)} problem(s) in {content_dir}; fix them and run again "
                           "(`askdesk check` lists them)", errors=[str(p) for p in loaded.errors])
    articles = loaded.articles
    index_root = Path(index_root)
    with layout.build_lock(index_root):
        layout.remove_stale_tmp(index_root)
        previous = layout.current_build(index_root)
        prev_manifest = layout.read_manifest(previous) if previous else None
        keyword_index = engine(keyword_engine)
        reusable = (not full and prev_manifest is not None and prev_manifest.get("format") == layout.FORMAT
                    and prev_manifest.get("encoder") == encoder.name
                    and prev_manifest.get("keyword_engine") == keyword_engine)
        old_prints: dict[str, str] = prev_manifest["articles"] if reusable else {}
        prints = {a.key: a.fingerprint() for a in articles}
        changed = [a for a in articles if old_prints.get(a.key) != prints[a.key]]
        current_keys = {a.key for a in articles}
        removed = [key for key in old_prints if key not in current_keys]

        build_id = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
        tmp = layout.builds_dir(index_root) / f".tmp-{build_id}"
        tmp.mkdir(parents=True)
        try:
            if reusable:
                keyword_index.update(previous / "keyword", tmp / "keyword", articles, changed, removed)
            else:
                keyword_index.build(tmp / "keyword", articles)
            if _fail_after_keyword:
                raise RuntimeError("build failed on purpose (test hook)")
            vector_index, embedded = _embed(articles, changed, previous if reusable else None,
                                            index_root, encoder, progress)
            vector_index.save(tmp)
            classifier = _train_classifier(vector_index, articles, classifier_max_articles)
            if classifier is not None:
                classifier.save(tmp / "classifier.npz")
            _vocabulary(articles, changed, removed, previous if reusable else None).save(tmp / "vocabulary.json")
            (tmp / "articles.json").write_text(json.dumps([a.to_dict() for a in articles], ensure_ascii=False),
                                               encoding="utf-8")
            base = {"format": layout.FORMAT, "build_id": build_id, "encoder": encoder.name,
                    "keyword_engine": keyword_engine}
            calibration = _calibration(tmp, base, articles, len(changed) + len(removed),
                                       previous if reusable else None, prev_manifest, encoder, keyword_index,
                                       classifier_max_articles, index_root / "embeddings.sqlite", stage)
            manifest = {
                "format": layout.FORMAT, "build_id": build_id,
                "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "encoder": encoder.name, "dim": encoder.dim, "keyword_engine": keyword_engine,
                "content_dir": str(content_dir),
                "articles": prints, "sources": loaded.stamps, "fragments_stamp": loaded.fragments_stamp,
                "units": sum(u is not None for u in vector_index.units), "classifier": classifier is not None,
                "problems": [str(p) for p in loaded.problems], "calibration": calibration,
            }
            (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
            layout.publish(index_root, tmp, build_id)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    return BuildReport(build_id=build_id, articles=len(articles), changed=len(changed), removed=len(removed),
                       embedded=embedded, incremental=reusable, classifier=classifier is not None,
                       seconds=time.perf_counter() - started, problems=loaded.problems)


def _calibration(tmp: Path, manifest: dict, articles: list[Article], edits: int, previous: Path | None,
                 prev_manifest: dict | None, encoder: Encoder, keyword_index, classifier_max_articles: int,
                 cache: Path, stage: Callable[[str], None] | None = None) -> dict:
    """Calibrate the confidence on this content (:mod:`askdesk.indexer.simulation`) into
    ``calibration.json``; a small edit to a calibrated build keeps its calibration (an article or
    two more or less barely moves it, and simulating costs several builds' worth of work)."""
    if (previous is not None and (previous / "calibration.json").exists()
            and edits <= max(1, REUSE_CALIBRATION_SHARE * len(articles))):
        shutil.copy(previous / "calibration.json", tmp / "calibration.json")
        summary = dict((prev_manifest or {}).get("calibration") or {})
        summary["reused_from"] = summary.get("reused_from") or prev_manifest["build_id"]
        return summary
    if stage is not None:
        stage("calibrating")
    calibration, summary = calibrate(tmp, manifest, articles, encoder, keyword_index,
                                     classifier_max_articles=classifier_max_articles,
                                     cache=cache)
    if calibration is not None:
        (tmp / "calibration.json").write_text(json.dumps(calibration.to_dict()), encoding="utf-8")
    return summary


@lru_cache(maxsize=1)
def _stored_articles(build: Path) -> list[dict]:
    """A finished build's articles.json, read once per build (builds never change once published)."""
    return json.loads((build / "articles.json").read_text(encoding="utf-8"))


def _reusable_parses(index_root: Path, content_dir: Path) -> dict:
    """Articles of the current build with the stamps of their files, so unchanged files are not
    parsed again (only a hint: stamps are checked file by file)."""
    build = layout.current_build(index_root)
    if build is None:
        return {}
    manifest = layout.read_manifest(build)
    if manifest.get("content_dir") != str(content_dir) or "sources" not in manifest:
        return {}
    stamps = manifest["sources"]
    reuse = {a["path"]: (stamps[a["path"]], Article.from_dict(a)) for a in _stored_articles(build) if a["path"] in stamps}
    return {"reuse": reuse, "reuse_fragments_stamp": manifest.get("fragments_stamp")}


def _vocabulary(articles: list[Article], changed: list[Article], removed: list[str],
                previous: Path | None) -> Vocabulary:
    """The spelling vocabulary, per visibility; from a previous build's vocabulary, only changed
    and removed articles are counted (each under the visibility it had then and has now)."""
    old_vocabulary = Vocabulary.load(previous / "vocabulary.json") if previous is not None else None
    if old_vocabulary is None or not old_vocabulary.counts:   # first build, or one of an older format
        return _count(articles)
    gone = {a.key for a in changed} | set(removed)
    old = [Article.from_dict(a) for a in _stored_articles(previous) if f"{a['locale']}:{a['id']}" in gone]
    return old_vocabulary.plus(_count(old), sign=-1).plus(_count(changed))


def _count(articles: list[Article]) -> Vocabulary:
    return Vocabulary.count((visibility(a), _all_text(a)) for a in articles)


def _all_text(article: Article) -> str:
    return "\n".join([*article.phrasings(), *(p.heading + "\n" + p.text for p in article.passages)])


def _embed(articles: list[Article], changed: list[Article], previous: Path | None, index_root: Path,
           encoder: Encoder, progress) -> tuple[FaissVectorIndex, int]:
    """The vector index of every unit, and how many texts had to be embedded.

    Unchanged articles' vectors come from the previous build as they are. An HNSW graph is
    patched rather than rebuilt (rebuilding takes seconds): rows of changed or removed articles
    are retired and new rows appended, until retired rows would pass :data:`RETIRED_LIMIT`.
    """
    changed_keys = {a.key for a in changed}
    current_keys = {a.key for a in articles}
    old = FaissVectorIndex.load(previous) if previous is not None else None
    old_keys = {u.key for u in old.units if u is not None} if old is not None else set()
    fresh_units = [u for a in articles if a.key in changed_keys or a.key not in old_keys for u in article_units(a)]
    cache = EmbeddingCache(index_root / "embeddings.sqlite")
    try:
        done = 0

        def step(n: int) -> None:
            nonlocal done
            done += n
            if progress:
                progress(done, len(fresh_units))

        fresh_vectors, embedded = cache.encode(encoder, [u.text for u in fresh_units], step)
    finally:
        cache.close()
    if old is not None and old.kind == "hnsw":
        stale = [row for row, u in enumerate(old.units)
                 if u is not None and (u.key in changed_keys or u.key not in current_keys)]
        retired = sum(u is None for u in old.units) + len(stale)
        if retired <= RETIRED_LIMIT * (len(old.units) + len(fresh_units)):
            old.patch(stale, fresh_vectors, fresh_units)
            return old, embedded
    kept: dict[str, list[tuple[Unit, np.ndarray]]] = {}
    if old is not None:
        old_vectors = old.vectors()
        for row, unit in enumerate(old.units):
            if unit is not None and unit.key not in changed_keys:
                kept.setdefault(unit.key, []).append((unit, old_vectors[row]))
    fresh: dict[str, list[tuple[Unit, np.ndarray]]] = {}
    for unit, vector in zip(fresh_units, fresh_vectors):
        fresh.setdefault(unit.key, []).append((unit, vector))
    units: list[Unit] = []
    rows: list[np.ndarray] = []
    for article in articles:
        for unit, vector in fresh.get(article.key) or kept.get(article.key, []):
            units.append(unit)
            rows.append(vector)
    matrix = np.vstack(rows).astype(np.float32) if rows else np.zeros((0, encoder.dim), np.float32)
    return FaissVectorIndex.from_vectors(matrix, units), embedded


def _train_classifier(index: FaissVectorIndex, articles: list[Article],
                      max_articles: int) -> PhrasingClassifier | None:
    return PhrasingClassifier.for_phrasings(index.vectors(), index.units, {a.key: a.id for a in articles},
                                            max_articles)
