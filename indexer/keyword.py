"""The keyword index: one BM25F document per passage, fields analysed per language.

:class:`KeywordIndex` is the interface the searcher relies on; :class:`WhooshKeywordIndex` is
the whoosh implementation. Customer text is never parsed as query syntax: the query is analysed
into terms and built as an ``Or`` of ``Term`` objects, so ``AND (``, ``*`` or ``"`` are just text.
"""
from __future__ import annotations

import math
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Protocol, Sequence

from whoosh import index as windex
from whoosh import scoring
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.query import Or, Term

from indexer.analysis import GENERIC, _SNOWBALL, analysis_language, analyzer, terms
from kb.model import Article

LANGS = tuple(_SNOWBALL) + (GENERIC,)
FIELD_BOOSTS = {"title": 2.5, "questions": 2.0, "body": 1.0}


@dataclass(frozen=True)
class KeywordHit:
    key: str            # article key (locale:id)
    position: int       # passage position
    score: float        # BM25F
    coverage: float     # idf-weighted share of the query's terms this passage matched, 0..1


class KeywordIndex(Protocol):
    def search(self, query: str, lang: str, allowed: set[str] | None, limit: int,
               visibilities: Sequence[str] = ("public",)) -> list[KeywordHit]:
        """Best passages for ``query`` analysed as ``lang``, from articles of the given
        visibilities and, when ``allowed`` is not None, whose key is in it. Best first."""
        ...

    def doc_count(self) -> int:
        ...


def _schema() -> Schema:
    fields = {
        "uid": ID(stored=True, unique=True),
        "key": ID(stored=True),
        "position": STORED(),
        "tags": KEYWORD(lowercase=True, commas=True),
        "visibility": ID(),
    }
    for lang in LANGS:
        for name, boost in FIELD_BOOSTS.items():
            fields[f"{name}_{lang}"] = TEXT(analyzer=analyzer(lang), field_boost=boost)
    return Schema(**fields)


def visibility(article: Article) -> str:
    """``public`` (anyone), ``internal`` (agents) or ``draft`` (editors)."""
    if article.status != "published":
        return "draft"
    return "public" if article.audience == "public" else "internal"


def _documents(article: Article) -> Iterable[dict]:
    lang = analysis_language(article.locale)
    questions = "\n".join([*article.questions, *article.aliases, article.summary])
    for passage in article.passages:
        yield {
            "uid": f"{article.key}#{passage.position}",
            "key": article.key,
            "position": passage.position,
            "tags": ",".join(article.tags),
            "visibility": visibility(article),
            f"title_{lang}": article.title + ("\n" + passage.heading if passage.position else ""),
            f"questions_{lang}": questions,
            f"body_{lang}": passage.text,
        }


class WhooshKeywordIndex:
    """BM25F over title, questions (with aliases and summary) and body, per language."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._index = windex.open_dir(str(self.folder))
        self._searcher = self._index.searcher(weighting=scoring.BM25F())

    # -- building -------------------------------------------------------------------------------
    @classmethod
    def build(cls, folder: Path, articles: Sequence[Article]) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        ix = windex.create_in(str(folder), _schema())
        with ix.writer(limitmb=256) as writer:
            for article in articles:
                for doc in _documents(article):
                    writer.add_document(**doc)

    @classmethod
    def update(cls, previous: Path, folder: Path, changed: Sequence[Article], removed: Iterable[str]) -> None:
        """Copy the previous build's index to ``folder`` and apply the changes there only."""
        shutil.copytree(previous, folder, ignore=shutil.ignore_patterns("*.lock"))
        ix = windex.open_dir(str(folder))
        with ix.writer(limitmb=128) as writer:
            for key in [*removed, *(a.key for a in changed)]:
                writer.delete_by_term("key", key)
            for article in changed:
                for doc in _documents(article):
                    writer.add_document(**doc)

    # -- searching ------------------------------------------------------------------------------
    def doc_count(self) -> int:
        return self._searcher.doc_count()

    def search(self, query: str, lang: str, allowed: set[str] | None, limit: int,
               visibilities: Sequence[str] = ("public",)) -> list[KeywordHit]:
        lang = lang if lang in LANGS else GENERIC
        query_terms = terms(query, lang)
        if not query_terms:
            return []
        fields = [f"{name}_{lang}" for name in FIELD_BOOSTS]
        idf = {t: max(self._idf(f, t) for f in fields) for t in query_terms}
        total = sum(idf.values()) or 1.0
        q = Or([Term(f, t) for f in fields for t in query_terms])
        only = Or([Term("visibility", v) for v in visibilities])
        results = self._searcher.search(q, limit=max(limit * 4, 50) if allowed is not None else limit,
                                        terms=True, filter=only)
        hits = []
        for hit in results:
            key = hit["key"]
            if allowed is not None and key not in allowed:
                continue
            matched = {text.decode() if isinstance(text, bytes) else text for _, text in hit.matched_terms()}
            coverage = sum(idf[t] for t in matched if t in idf) / total
            hits.append(KeywordHit(key=key, position=hit["position"], score=float(hit.score), coverage=coverage))
            if len(hits) >= limit:
                break
        return hits

    def _idf(self, field: str, term: str) -> float:
        n = self._searcher.doc_count() or 1
        df = self._searcher.doc_frequency(field, term)
        return math.log(1 + (n - df + 0.5) / (df + 0.5)) if df else math.log(1 + n)

    def close(self) -> None:
        self._searcher.close()
