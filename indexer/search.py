"""Hybrid retrieval over one loaded index build: keyword + vectors + classifier, fused per article.

Articles are rolled up by id, so translations of one article compete as one: the version in the
question's locale is shown when it exists, else the best other-locale version, flagged
``cross_language`` and scored with a small penalty.
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote

import numpy as np

from askdesk.core.errors import BadRequest, IndexMismatch
from askdesk.indexer import layout
from askdesk.indexer.analysis import analysis_language, terms
from askdesk.indexer.calibration import Calibration, search_features
from askdesk.indexer.classifier import PhrasingClassifier
from askdesk.indexer.encoders import Encoder
from askdesk.indexer.fusion import DEFAULT_WEIGHTS, FusionWeights, Signals, keyword_signal, rank
from askdesk.indexer.keyword import visibility
from askdesk.indexer.keyword_engines import engine
from askdesk.indexer.snippets import highlight, short_answer
from askdesk.indexer.spelling import Correction, Evidence, Speller, accept_correction
from askdesk.indexer.textnorm import detect_locale
from askdesk.indexer.vectors import FaissVectorIndex
from askdesk.kb.model import Article
from askdesk.kb.old_urls import lookup_keys

VECTOR_CANDIDATES = 200
SCOPE_CACHE_SIZE = 256
KEYWORD_CANDIDATES = 50
# A search's stages as SearchResult.timings names them: the question's embedding; retrieval (spelling,
# vectors, keywords, the classifier); fusion (ranking, snippets, confidence).
STAGES = ("embedding", "retrieval", "fusion")


@dataclass
class Hit:
    id: str
    locale: str
    title: str
    category: str
    score: float
    cross_language: bool
    heading: str
    anchor: str
    snippet: str
    answer: str
    url: str
    signals: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class SearchResult:
    query: str
    locale: str
    did_you_mean: str | None
    hits: list[Hit]
    took_ms: float
    confidence: float = 0.0    # calibrated: the probability that the top hit is right; else its fused score
    calibrated: bool = False
    # seconds spent per stage (STAGES), for the operator's metrics; not part of the JSON
    timings: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"query": self.query, "locale": self.locale, "did_you_mean": self.did_you_mean,
                "took_ms": round(self.took_ms, 2), "confidence": round(self.confidence, 4),
                "calibrated": self.calibrated, "hits": [h.to_dict() for h in self.hits]}


@dataclass(frozen=True)
class Scope:
    """Who is asking and what they filter on."""
    audience: str = "public"          # "public" or "internal" (agents see internal articles)
    include_drafts: bool = False      # editors preview drafts
    category: str | None = None
    tags: tuple[str, ...] = ()

    def visibilities(self) -> tuple[str, ...]:
        allowed = ("public",) if self.audience == "public" else ("public", "internal")
        return allowed + (("draft",) if self.include_drafts else ())


PUBLIC = Scope()   # what customers may see: published public articles


def article_url(article: Article, anchor: str = "") -> str:
    """The help-center page of ``article`` (``/help/<locale>/<id>``, the id percent-encoded but
    for its slashes), at the passage ``anchor`` when given. The one place such a URL is built."""
    return f"/help/{article.locale}/{quote(article.id, safe='/')}" + (f"#{quote(anchor)}" if anchor else "")


CONSOLE_ARTICLES = "/agent/articles"   # the agent console's read-only article pages (api/console.py)


def article_link(article: Article, anchor: str = "") -> str:
    """Where a search hit links: the help-center page of a published public article
    (:func:`article_url`), else its read-only page in the agent console: internal articles and
    drafts have no public page, and only agents (drafts: editors) may open them."""
    if article.is_public:
        return article_url(article, anchor)
    return f"{CONSOLE_ARTICLES}/{article.locale}/{quote(article.id, safe='/')}" + (f"#{quote(anchor)}" if anchor else "")


class Searcher:
    """One index build in memory. Thread-safe for searching; built once, replaced on reload."""

    def __init__(self, build: Path, encoder: Encoder, *, default_locale: str = "en",
                 cross_language_penalty: float = 0.01,
                 weights: FusionWeights = DEFAULT_WEIGHTS,
                 on_search: Callable[[SearchResult], None] | None = None):
        """``on_search`` is called with every result (the shell records its ``timings`` as metrics)."""
        self.build = Path(build)
        self.on_search = on_search
        self.manifest = layout.read_manifest(self.build)
        if self.manifest.get("encoder") != encoder.name:
            raise IndexMismatch(
                f"the index at {self.build} was built with encoder {self.manifest.get('encoder')!r} but "
                f"this server uses {encoder.name!r}; rebuild it with `askdesk index` or set ASKDESK_ENCODER")
        self.encoder = encoder
        self.default_locale = default_locale
        self.cross_language_penalty = cross_language_penalty
        self.weights = weights
        self.articles: dict[str, Article] = {
            a["locale"] + ":" + a["id"]: Article.from_dict(a)
            for a in json.loads((self.build / "articles.json").read_text(encoding="utf-8"))}
        self.by_id: dict[str, dict[str, Article]] = {}
        for article in self.articles.values():
            self.by_id.setdefault(article.id, {})[article.locale] = article
        self.by_path: dict[str, Article] = {a.path: a for a in self.articles.values()}
        self._old_urls: dict[str, Article] | None = None
        self.keyword = engine(self.manifest["keyword_engine"])(self.build / "keyword")
        self.vectors = FaissVectorIndex.load(self.build)
        self.classifier = PhrasingClassifier.load(self.build / "classifier.npz")
        self._spellers: dict[tuple[str, ...], Speller] = {}
        calibration = self.build / "calibration.json"
        self.calibration = Calibration.from_dict(json.loads(calibration.read_text(encoding="utf-8"))) \
            if calibration.exists() else None
        self._unit_keys = np.array(["" if u is None else u.key for u in self.vectors.units])  # "": retired
        self._unit_cache: dict[Scope, object] = {}
        self._scope_cache: dict[Scope, set[str]] = {}

    @property
    def build_id(self) -> str:
        return self.manifest["build_id"]

    def close(self) -> None:
        self.keyword.close()

    # -- scope ----------------------------------------------------------------------------------
    def allowed_keys(self, scope: Scope) -> set[str]:
        if scope not in self._scope_cache:
            if len(self._scope_cache) >= SCOPE_CACHE_SIZE:  # filters come from requests: stay bounded
                self._scope_cache.clear()
                self._unit_cache.clear()
            self._scope_cache[scope] = self._allowed_keys(scope)
        return self._scope_cache[scope]

    def _allowed_keys(self, scope: Scope) -> set[str]:
        vis = set(scope.visibilities())
        tags = {t.lower() for t in scope.tags}
        return {k for k, a in self.articles.items()
                if visibility(a) in vis
                and (scope.category is None or a.category == scope.category)
                and (not tags or tags <= {t.lower() for t in a.tags})}

    def _unit_filter(self, scope: Scope, keys: set[str]):
        if scope not in self._unit_cache:
            self._unit_cache[scope] = self.vectors.unit_filter(np.flatnonzero(np.isin(self._unit_keys, list(keys))))
        return self._unit_cache[scope]

    def speller(self, scope: Scope) -> Speller:
        """The speller offering only words of articles ``scope`` may see (one per visibility set)."""
        key = scope.visibilities()
        if key not in self._spellers:
            self._spellers[key] = Speller.load(self.build / "vocabulary.json", key)
        return self._spellers[key]

    # -- search ---------------------------------------------------------------------------------
    def search(self, query: str, *, locale: str | None = None, scope: Scope = PUBLIC, limit: int = 10) -> SearchResult:
        started = time.perf_counter()
        query = (query or "").strip()
        if not query:
            raise BadRequest("the question is empty; pass some text in `q`")
        locale = (locale or detect_locale(query, self.default_locale)).lower()
        allowed = self.allowed_keys(scope)
        lang = analysis_language(locale)
        timings: dict[str, float] = {}
        texts, vectors, corrected = self._correction(query, lang, scope, allowed, timings)
        candidates = self._candidates(texts, vectors, locale, scope, allowed)
        retrieved = time.perf_counter()
        timings["retrieval"] = retrieved - started - timings["embedding"]
        ranked = self._rank(candidates, locale, allowed)
        query_terms = set(terms(" ".join(texts), lang))
        hits = [self._hit(cid, score, candidates[cid], locale, lang, query_terms, allowed)
                for cid, score in ranked[:limit]]
        # "did you mean" only for a correction that was searched and brought up what is shown
        did_you_mean = corrected[0] if corrected is not None and corrected[1] & {h.id for h in hits} else None
        confidence = self._confidence(query, hits)
        finished = time.perf_counter()
        timings["fusion"] = finished - retrieved
        result = SearchResult(query=query, locale=locale, did_you_mean=did_you_mean, hits=hits,
                              took_ms=(finished - started) * 1000, timings=timings, **confidence)
        if self.on_search is not None:
            self.on_search(result)
        return result

    def _confidence(self, query: str, hits: list[Hit]) -> dict:
        if self.calibration is None:
            return {"confidence": hits[0].score if hits else 0.0, "calibrated": False}
        confidence = self.calibration.probability(search_features(query, hits)) if hits else 0.0
        return {"confidence": confidence, "calibrated": True}

    # -- spelling correction --------------------------------------------------------------------
    def _correction(self, query: str, lang: str, scope: Scope, allowed: set[str],
                    timings: dict[str, float]) -> tuple[list[str], np.ndarray, tuple[str, set[str]] | None]:
        """The texts to search and their vectors: the question, and its correction when one is
        proposed and :func:`accept_correction` keeps it; then the kept correction with the
        articles it matches best (by keyword and by meaning), or None. The encoder's time goes
        to ``timings["embedding"]``."""
        proposal = self.speller(scope).propose(query)
        texts = [query] if proposal is None else [query, proposal.text]
        encoding = time.perf_counter()
        vectors = self.encoder.encode(texts)
        timings["embedding"] = time.perf_counter() - encoding
        if proposal is None:
            return texts, vectors, None
        best = self._correction_helps(proposal, query, vectors, lang, scope, allowed)
        if not best:
            return [query], vectors[:1], None
        return texts, vectors, (proposal.text, best)

    def _correction_helps(self, proposal: Correction, query: str, vectors: np.ndarray, lang: str, scope: Scope,
                          allowed: set[str]) -> set[str]:
        """The ids of the articles the corrected question matches best when it matches the help
        center clearly better than ``query``, else the empty set."""
        filtered = allowed if (scope.category or scope.tags) else None
        rows = self.vectors.search(vectors, 1, self._unit_filter(scope, allowed))
        evidence, best = [], set()
        for text, row in zip((query, proposal.text), rows):
            keyword_hits = self.keyword.search(text, lang, filtered, KEYWORD_CANDIDATES, scope.visibilities())
            evidence.append(Evidence(keyword=max((h.coverage for h in keyword_hits), default=0.0),
                                     dense=row[0].score if row else 0.0))
            top = max(keyword_hits, key=lambda h: h.coverage, default=None)
            best = ({self.articles[top.key].id} if top is not None else set()) | \
                ({self.articles[self.vectors.units[row[0].unit].key].id} if row else set())
        if not accept_correction(evidence[0], evidence[1], risky=proposal.risky, min_articles=proposal.min_articles,
                                 slips_only=proposal.slips_only):
            return set()
        return best

    def _candidates(self, texts: Sequence[str], vectors: np.ndarray, locale: str, scope: Scope,
                    allowed: set[str]) -> dict[str, Signals]:
        candidates: dict[str, Signals] = {}
        unit_hits = self.vectors.search(vectors, VECTOR_CANDIDATES, self._unit_filter(scope, allowed))
        for row in unit_hits:
            for hit in row:
                unit = self.vectors.units[hit.unit]
                article = self.articles[unit.key]
                sig = candidates.setdefault(article.id, Signals())
                if hit.score > sig.dense:
                    sig.dense = hit.score
                    sig.dense_position = unit.position if unit.kind == "passage" else None
        lang = analysis_language(locale)
        filtered = allowed if (scope.category or scope.tags) else None  # visibility alone is cheaper
        keyword_hits = self.keyword.search(" ".join(dict.fromkeys(texts)), lang, filtered, KEYWORD_CANDIDATES,
                                           scope.visibilities())
        best = max((h.score for h in keyword_hits), default=0.0)
        for hit in keyword_hits:
            article = self.articles[hit.key]
            sig = candidates.setdefault(article.id, Signals())
            value = keyword_signal(hit.coverage, hit.score, best)
            if value > (sig.keyword or 0.0):
                sig.keyword = value
                sig.keyword_position = hit.position
        if self.classifier is not None and candidates:
            probs = self.classifier.probabilities(vectors).max(axis=0)
            index = {c: i for i, c in enumerate(self.classifier.classes)}
            for cid, sig in candidates.items():
                sig.classifier = float(probs[index[cid]]) if cid in index else 0.0
        return candidates

    def _rank(self, candidates: dict[str, Signals], locale: str, allowed: set[str]) -> list[tuple[str, float]]:
        penalties = {}
        for cid, sig in candidates.items():
            if f"{locale}:{cid}" not in allowed:  # only in other languages: words cannot match it
                penalties[cid] = self.cross_language_penalty
                sig.keyword = None
        return rank(candidates, self.weights, penalties)

    def _hit(self, cid: str, score: float, sig: Signals, locale: str, lang: str, query_terms: set[str],
             allowed: set[str]) -> Hit:
        versions = self.by_id[cid]
        if f"{locale}:{cid}" in allowed:
            article = versions[locale]
        else:
            article = next(versions[loc] for loc in sorted(versions, key=lambda loc_: loc_ != self.default_locale)
                           if f"{loc}:{cid}" in allowed)
        cross = article.locale != locale
        position = sig.keyword_position if sig.keyword_position is not None else sig.dense_position
        passage = article.passages[position] if position is not None and position < len(article.passages) \
            else article.passages[0]
        snippet_lang = lang if not cross else analysis_language(article.locale)
        snippet = highlight(passage.text or article.summary, query_terms, snippet_lang)
        url = article_link(article, passage.anchor)
        return Hit(id=article.id, locale=article.locale, title=article.title, category=article.category,
                   score=round(float(score), 4), cross_language=cross, heading=passage.heading,
                   anchor=passage.anchor, snippet=snippet, answer=short_answer(article.summary, passage.text),
                   url=url, signals={"dense": round(sig.dense, 4),
                                     "keyword": None if sig.keyword is None else round(sig.keyword, 4),
                                     "classifier": None if sig.classifier is None else round(sig.classifier, 4)})

    def old_url(self, path: str) -> Article | None:
        """The published public article an imported help center showed at ``path`` (its
        ``redirect_from``; matched as :func:`askdesk.kb.old_urls.lookup_keys` says)."""
        if self._old_urls is None:
            table: dict[str, Article] = {}
            for article in self.articles.values():
                if article.is_public:
                    for old in article.redirect_from:
                        for key in lookup_keys(old):
                            table.setdefault(key, article)
            self._old_urls = table
        return next((self._old_urls[k] for k in lookup_keys(path) if k in self._old_urls), None)

    def article(self, article_id: str, locale: str | None, scope: Scope) -> Article | None:
        versions = self.by_id.get(article_id, {})
        allowed = set(scope.visibilities())
        visible = {loc: a for loc, a in versions.items() if visibility(a) in allowed}
        if not visible:
            return None
        if locale and locale in visible:
            return visible[locale]
        return visible.get(self.default_locale) or next(iter(visible.values()))
