"""The whoosh keyword engine: BM25F over title, questions (with aliases and summary) and body,
one set of fields per analysis language."""
from __future__ import annotations

import shutil
import threading
from collections.abc import Sequence
from pathlib import Path

from whoosh import index as windex
from whoosh import scoring
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.query import Or, Term

from askdesk.indexer.analysis import GENERIC, LANGUAGES, analyzer, terms
from askdesk.indexer.keyword import KeywordHit, idf, passage_fields
from askdesk.kb.model import Article

FIELD_BOOSTS = {"title": 2.5, "questions": 2.0, "body": 1.0}


def _schema() -> Schema:
    fields = {"uid": ID(stored=True, unique=True), "key": ID(stored=True), "position": STORED(),
              "visibility": ID()}
    for lang in LANGUAGES:
        for name, boost in FIELD_BOOSTS.items():
            fields[f"{name}_{lang}"] = TEXT(analyzer=analyzer(lang), field_boost=boost)
    return Schema(**fields)


def _add(writer, article: Article) -> None:
    for doc in passage_fields(article):
        writer.add_document(uid=f"{doc.key}#{doc.position}", key=doc.key, position=doc.position,
                            visibility=doc.visibility, **{f"title_{doc.lang}": doc.title,
                                                          f"questions_{doc.lang}": doc.questions,
                                                          f"body_{doc.lang}": doc.body})


class WhooshKeywordIndex:
    name = "whoosh"

    def __init__(self, folder: Path):
        self._index = windex.open_dir(str(folder))
        self._local = threading.local()   # a whoosh searcher must not be shared between threads
        self._opened: list = []
        self._opened_lock = threading.Lock()

    @property
    def _searcher(self):
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self._local.searcher = self._index.searcher(weighting=scoring.BM25F())
            with self._opened_lock:
                self._opened.append(searcher)
        return searcher

    @classmethod
    def build(cls, folder: Path, articles: Sequence[Article]) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        ix = windex.create_in(str(folder), _schema())
        with ix.writer(limitmb=256) as writer:
            for article in articles:
                _add(writer, article)

    @classmethod
    def update(cls, previous: Path, folder: Path, articles: Sequence[Article], changed: Sequence[Article],
               removed: Sequence[str]) -> None:
        shutil.copytree(previous, folder, ignore=shutil.ignore_patterns("*.lock"))
        ix = windex.open_dir(str(folder))
        with ix.writer(limitmb=128) as writer:
            for key in [*removed, *(a.key for a in changed)]:
                writer.delete_by_term("key", key)
            for article in changed:
                _add(writer, article)

    def doc_count(self) -> int:
        return self._searcher.doc_count()

    def search(self, query: str, lang: str, allowed: set[str] | None, limit: int,
               visibilities: Sequence[str] = ("public",)) -> list[KeywordHit]:
        lang = lang if lang in LANGUAGES else GENERIC
        query_terms = terms(query, lang)
        if not query_terms:
            return []
        fields = [f"{name}_{lang}" for name in FIELD_BOOSTS]
        n = self._searcher.doc_count() or 1
        weights = {t: max(idf(n, self._searcher.doc_frequency(f, t)) for f in fields) for t in query_terms}
        total = sum(weights.values()) or 1.0
        only = Or([Term("visibility", v) for v in visibilities])
        results = self._searcher.search(Or([Term(f, t) for f in fields for t in query_terms]),
                                        limit=max(limit * 4, 50) if allowed is not None else limit,
                                        terms=True, filter=only)
        hits = []
        for hit in results:
            if allowed is not None and hit["key"] not in allowed:
                continue
            matched = {text.decode() if isinstance(text, bytes) else text for _, text in hit.matched_terms()}
            coverage = sum(weights[t] for t in matched if t in weights) / total
            hits.append(KeywordHit(key=hit["key"], position=hit["position"], score=float(hit.score), coverage=coverage))
            if len(hits) >= limit:
                break
        return hits

    def close(self) -> None:
        with self._opened_lock:
            for searcher in self._opened:
                searcher.close()
            self._opened.clear()
