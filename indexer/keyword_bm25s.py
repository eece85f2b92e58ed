"""The bm25s keyword engine: BM25 over sparse matrices, scored in a fraction of a millisecond.

Fields are weighted by repetition (title and questions count twice, body once) and terms carry
their language (``ru|заказ``), so one index holds every locale without mixing them. Analysed
tokens are kept per article, so an incremental build re-analyses only changed articles; the
sparse index itself is rebuilt from the tokens, which takes little time.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import bm25s
import numpy as np

from askdesk.indexer.analysis import tokens as analyse
from askdesk.indexer.keyword import KeywordHit, idf, passage_fields
from askdesk.kb.model import Article

TITLE_REPEAT, QUESTIONS_REPEAT = 2, 2


def _article_tokens(article: Article) -> list[list[str]]:
    out = []
    for doc in passage_fields(article):
        prefix = doc.lang + "|"
        words = (analyse(doc.title, doc.lang) * TITLE_REPEAT + analyse(doc.questions, doc.lang) * QUESTIONS_REPEAT
                 + analyse(doc.body, doc.lang))
        out.append([prefix + w for w in words])
    return out


class Bm25sKeywordIndex:
    name = "bm25s"

    def __init__(self, folder: Path):
        folder = Path(folder)
        self._model = bm25s.BM25.load(str(folder / "bm25"), show_progress=False, verbosity=0)
        docs = json.loads((folder / "docs.json").read_text(encoding="utf-8"))
        self._keys = sorted({d[0] for d in docs})
        key_index = {k: i for i, k in enumerate(self._keys)}
        self._doc_key = np.array([key_index[d[0]] for d in docs], dtype=np.int64)
        self._doc_position = [int(d[1]) for d in docs]
        self._doc_visibility = np.array([d[2] for d in docs])
        self._key_index = key_index
        self._vocab = self._model.vocab_dict
        self._masks: dict[tuple[str, ...], np.ndarray] = {}

    # -- building -------------------------------------------------------------------------------
    @classmethod
    def build(cls, folder: Path, articles: Sequence[Article]) -> None:
        cls._write(folder, articles, {a.key: _article_tokens(a) for a in articles})

    @classmethod
    def update(cls, previous: Path, folder: Path, articles: Sequence[Article], changed: Sequence[Article],
               removed: Sequence[str]) -> None:
        old = json.loads((previous / "tokens.json").read_text(encoding="utf-8"))
        changed_keys = {a.key for a in changed}
        cached = {a.key: old[a.key] for a in articles if a.key in old and a.key not in changed_keys}
        cls._write(folder, articles, {a.key: cached.get(a.key) or _article_tokens(a) for a in articles})

    @classmethod
    def _write(cls, folder: Path, articles: Sequence[Article], tokens: dict[str, list[list[str]]]) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        docs, corpus = [], []
        for article in articles:
            for fields, words in zip(passage_fields(article), tokens[article.key]):
                docs.append([article.key, fields.position, fields.visibility])
                corpus.append(words)
        model = bm25s.BM25()
        model.index(corpus, show_progress=False)
        model.save(str(folder / "bm25"), show_progress=False)
        (folder / "docs.json").write_text(json.dumps(docs, ensure_ascii=False), encoding="utf-8")
        (folder / "tokens.json").write_text(json.dumps(tokens, ensure_ascii=False), encoding="utf-8")

    # -- searching ------------------------------------------------------------------------------
    def doc_count(self) -> int:
        return len(self._doc_position)

    def search(self, query: str, lang: str, allowed: set[str] | None, limit: int,
               visibilities: Sequence[str] = ("public",)) -> list[KeywordHit]:
        query_terms = list(dict.fromkeys(lang + "|" + t for t in analyse(query, lang)))
        known = [t for t in query_terms if t in self._vocab]
        if not known:
            return []
        mask = self._visibility_mask(tuple(visibilities))
        if allowed is not None:
            allowed_keys = np.zeros(len(self._keys), dtype=bool)
            allowed_keys[[self._key_index[k] for k in allowed if k in self._key_index]] = True
            mask = mask & allowed_keys[self._doc_key]
        # bm25s keeps each term's passages and their BM25 weights as a column of a sparse matrix;
        # adding the columns with bincount is get_scores without its slower per-element loop
        scores, indptr = self._model.scores, self._model.scores["indptr"]
        spans = [(indptr[i], indptr[i + 1]) for i in (self._vocab[t] for t in known)]
        columns = [scores["indices"][a:b] for a, b in spans]
        total = np.bincount(np.concatenate(columns), weights=np.concatenate([scores["data"][a:b] for a, b in spans]),
                            minlength=self.doc_count()) * mask
        candidates = np.flatnonzero(total > 0)
        if not len(candidates):
            return []
        if len(candidates) > limit:
            candidates = candidates[np.argpartition(-total[candidates], limit)[:limit]]
        best = candidates[np.argsort(-total[candidates], kind="stable")]
        n = self.doc_count()
        weights = np.array([idf(n, len(docs)) for docs in columns])
        matched = np.zeros((len(columns), len(best)), dtype=bool)
        position = np.full(n, -1)
        position[best] = np.arange(len(best))
        for row, docs in enumerate(columns):
            found = position[docs]
            matched[row, found[found >= 0]] = True
        norm = weights.sum() + idf(n, 0) * (len(query_terms) - len(known))
        coverage = (weights[:, None] * matched).sum(axis=0) / norm
        return [KeywordHit(key=self._keys[self._doc_key[d]], position=self._doc_position[d],
                           score=float(total[d]), coverage=float(c)) for d, c in zip(best, coverage)]

    def _visibility_mask(self, visibilities: tuple[str, ...]) -> np.ndarray:
        if visibilities not in self._masks:
            self._masks[visibilities] = np.isin(self._doc_visibility, list(visibilities))
        return self._masks[visibilities]

    def close(self) -> None:
        """Nothing to release: the index lives in memory."""
