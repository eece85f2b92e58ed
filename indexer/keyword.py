"""The keyword index interface: one BM25 document per passage, analysed per language.

:class:`KeywordIndex` is what the searcher relies on. Two engines implement it: whoosh
(``keyword_whoosh``, BM25F over separate fields) and bm25s (``keyword_bm25s``, sparse-matrix
BM25, many times faster at query time). Neither parses customer text as query syntax: it is
analysed into terms, so ``AND (``, ``*`` or ``"`` are just text.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from askdesk.indexer.analysis import analysis_language
from askdesk.kb.model import Article


@dataclass(frozen=True)
class KeywordHit:
    key: str            # article key (locale:id)
    position: int       # passage position
    score: float        # BM25
    coverage: float     # idf-weighted share of the query's terms this passage matched, 0..1


@dataclass(frozen=True)
class PassageFields:
    """The text of one passage document, by field."""
    key: str
    position: int
    lang: str
    visibility: str
    title: str
    questions: str
    body: str


class KeywordIndex(Protocol):
    """Contract (tests/test_keyword_engines.py runs it on every engine)."""

    @classmethod
    def build(cls, folder: Path, articles: Sequence[Article]) -> None:
        """Write a new index of ``articles`` into the empty ``folder``."""

    @classmethod
    def update(cls, previous: Path, folder: Path, articles: Sequence[Article], changed: Sequence[Article],
               removed: Sequence[str]) -> None:
        """Write into ``folder`` the index of ``articles``, reusing ``previous`` for all but
        ``changed`` articles and the ``removed`` keys; ``previous`` is never modified."""

    def search(self, query: str, lang: str, allowed: set[str] | None, limit: int,
               visibilities: Sequence[str] = ("public",)) -> list[KeywordHit]:
        """Best passages for ``query`` analysed as ``lang``, from articles of the given
        visibilities and, when ``allowed`` is not None, whose key is in it. Best first."""

    def doc_count(self) -> int:
        """Passages indexed."""

    def close(self) -> None:
        """Release files."""


def visibility(article: Article) -> str:
    """``public`` (anyone), ``internal`` (agents) or ``draft`` (editors)."""
    if article.status != "published":
        return "draft"
    return "public" if article.audience == "public" else "internal"


def passage_fields(article: Article) -> list[PassageFields]:
    """Every passage of ``article`` as a keyword document; title, questions, aliases and summary
    are repeated on each passage so any section can win on them."""
    lang = analysis_language(article.locale)
    questions = "\n".join([*article.questions, *article.aliases, article.summary])
    return [PassageFields(key=article.key, position=p.position, lang=lang, visibility=visibility(article),
                          title=article.title + ("\n" + p.heading if p.position else ""),
                          questions=questions, body=p.text)
            for p in article.passages]


def idf(doc_count: int, doc_frequency: int) -> float:
    """BM25's inverse document frequency (always positive)."""
    return math.log(1 + (doc_count - doc_frequency + 0.5) / (doc_frequency + 0.5))
