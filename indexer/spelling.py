"""Typo tolerance that never changes the meaning of a question, and never leaks hidden words.

The vocabulary counts, per visibility (public, internal, draft), how many articles use each folded
word, so a caller is only ever offered words of articles it may see. A question is corrected only
when it is in a language askdesk corrects (English, Russian); a word only when it is unknown: not
a short or function word of any language, not a word (or, by its stem, a form) the caller's
articles use, and not a common word of English or Russian (:mod:`askdesk.indexer.wordlists`). An
unknown word becomes the closest word of the caller's vocabulary of the same script within a
small edit distance (1 up to 7 letters, 2 beyond), preferring a safe edit, a longer shared
start, then the commoner word.

A proposed correction is only a proposal: the searcher runs both texts and keeps the corrected one
only when :func:`accept_correction` says it matches the help center clearly better. Corrections
that change what a word could mean — another first letter (sell → tell), a dropped prefix
(навсегда → всегда), a short word — are :func:`risky` and need much stronger evidence. A short
word's only risk may be its length: one letter dropped from it and put back (trak → track, ordr →
order) is a :func:`slip`, which needs the same strong evidence but not a word many articles use
(in a small help center every word is in one or two articles).
"""
from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from askdesk.indexer.analysis import SnowballStem, term_of
from askdesk.indexer.textnorm import detect_language, fold, words
from askdesk.indexer.wordlists import CORRECTED_LANGUAGES, CommonWords, common_words

MIN_WORD = 4
VISIBILITIES = ("public", "internal", "draft")
VOCABULARY_FORMAT = 2
_CYR = re.compile(r"[а-я]")
_LETTERS = re.compile(r"[^\W\d_]+")

# accept_correction's margins: shares of the query's idf mass (keyword coverage, 0..1) and cosine
KEYWORD_MARGIN = 0.15
DENSE_MARGIN = 0.04
DENSE_SLACK = 0.03          # the corrected text may read at most this much less like the help center ...
DECISIVE_KEYWORD = 0.5      # ... unless the corrected words bring this much keyword coverage
RISKY_FACTOR = 2.5          # a risky correction needs this many times the margins ...
RISKY_MIN_ARTICLES = 2      # ... and a word at least this many articles use


# -- the vocabulary ---------------------------------------------------------------------------
@dataclass
class Vocabulary:
    """For each visibility, how many articles of that visibility use each folded word."""
    counts: dict[str, dict[str, int]]

    @classmethod
    def count(cls, articles: Iterable[tuple[str, str]]) -> Vocabulary:
        """The vocabulary of ``(visibility, text)`` pairs, one pair per article."""
        counts: dict[str, Counter[str]] = {}
        for vis, text in articles:
            counts.setdefault(vis, Counter()).update({w for w in words(text) if not w.isdigit()})
        return cls({vis: dict(c) for vis, c in counts.items()})

    def plus(self, other: Vocabulary, sign: int = 1) -> Vocabulary:
        """This vocabulary with ``other`` added (``sign=-1``: taken away); no zero counts kept."""
        out: dict[str, dict[str, int]] = {}
        for vis in {*self.counts, *other.counts}:
            merged = Counter(self.counts.get(vis, {}))
            for word, n in other.counts.get(vis, {}).items():
                merged[word] += sign * n
            kept = {w: n for w, n in merged.items() if n > 0}
            if kept:
                out[vis] = kept
        return Vocabulary(out)

    def words_for(self, visibilities: Sequence[str]) -> dict[str, int]:
        """Every word of articles of the given visibilities, with its article count."""
        merged: Counter[str] = Counter()
        for vis in visibilities:
            merged.update(self.counts.get(vis, {}))
        return dict(merged)

    def save(self, path: Path) -> None:
        data = {"format": VOCABULARY_FORMAT, "visibilities": {v: self.counts[v] for v in sorted(self.counts)}}
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Vocabulary:
        """A saved vocabulary; one of an older format (no visibilities) loads empty, so nothing
        of unknown visibility is ever offered — the next `askdesk index` counts it afresh."""
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") != VOCABULARY_FORMAT:
            return cls({})
        return cls({vis: dict(counts) for vis, counts in data["visibilities"].items()})


def build_vocabulary(texts: Iterable[str]) -> dict[str, int]:
    """Article counts of the folded words of ``texts`` (one text per article), visibility aside."""
    return Vocabulary.count(("public", t) for t in texts).words_for(("public",))


# -- the decisions (pure) ---------------------------------------------------------------------
@dataclass(frozen=True)
class Evidence:
    """How well one text matches the help center: its best keyword coverage (the idf-weighted
    share of its terms one passage matched, 0..1) and its best dense similarity."""
    keyword: float
    dense: float


def risky(typed: str, corrected: str) -> bool:
    """Whether replacing ``typed`` by ``corrected`` may change what was meant: another first
    letter (sell → tell, nach → each, and so any added or dropped prefix: на|всегда → всегда), a
    word too short for an edit to be a small part of it, or two edits (переслать → передать)."""
    if not typed or not corrected or typed[0] != corrected[0]:
        return True
    return min(len(typed), len(corrected)) <= MIN_WORD or Levenshtein.distance(typed, corrected) > 1


def slip(typed: str, corrected: str) -> bool:
    """Whether ``corrected`` is ``typed`` with one letter it dropped put back, after the same first
    letter (trak → track, ordr → order, mony → money): the commonest typo, and, since ``typed`` is
    no word askdesk knows, one that cannot swap one meaning for another as sell → tell can."""
    return (bool(typed) and len(corrected) == len(typed) + 1 and typed[0] == corrected[0]
            and Levenshtein.distance(typed, corrected) == 1)


def accept_correction(original: Evidence, corrected: Evidence, *, risky: bool, min_articles: int,
                      slips_only: bool = False) -> bool:
    """Whether the corrected question matches the help center clearly better than the original.

    ``min_articles`` is the fewest articles any corrected word occurs in. The corrected text must
    not read clearly less like the help center (dense within :data:`DENSE_SLACK`, unless its
    keyword coverage rises by :data:`DECISIVE_KEYWORD`: one word's nearest passage by meaning is
    often chance), and must beat the original's keyword coverage by :data:`KEYWORD_MARGIN` or its
    dense similarity by :data:`DENSE_MARGIN` without losing keyword coverage. A risky correction
    needs :data:`RISKY_FACTOR` times every margin and a word used by :data:`RISKY_MIN_ARTICLES` articles,
    unless every risky change is a :func:`slip` (``slips_only``): then the margins alone decide.
    """
    factor = RISKY_FACTOR if risky else 1.0
    if min_articles < (RISKY_MIN_ARTICLES if risky and not slips_only else 1):
        return False
    keyword_gain = corrected.keyword - original.keyword
    dense_gain = corrected.dense - original.dense
    if dense_gain < -DENSE_SLACK and keyword_gain < DECISIVE_KEYWORD * factor:
        return False
    return keyword_gain >= KEYWORD_MARGIN * factor or (keyword_gain >= 0 and dense_gain >= DENSE_MARGIN * factor)


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    """Stop words of every language whoosh lists: never corrected, never a correction."""
    from whoosh.lang import has_stopwords, languages, stopwords_for_language
    return frozenset(fold(w) for lang in languages if has_stopwords(lang) for w in stopwords_for_language(lang))


def _common_prefix(a: str, b: str) -> int:
    """Letters ``a`` and ``b`` share at their start (typos fall late more often than early)."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _script(word: str) -> str:
    return "cyr" if _CYR.search(word) else "lat"


# -- the speller ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Correction:
    """A proposed correction of a whole question."""
    text: str
    changes: tuple[tuple[str, str], ...]   # (typed, corrected) folded words
    risky: bool                            # any change is :func:`risky`
    min_articles: int                      # the fewest articles any corrected word occurs in
    slips_only: bool = False               # every risky change is a :func:`slip`


class Speller:
    """Corrections into the words of one vocabulary (give it only what the caller may see)."""

    def __init__(self, vocabulary: dict[str, int], common: CommonWords | None = None):
        self.vocabulary = vocabulary
        self.common = common if common is not None else common_words()
        self._stemmers = {"cyr": SnowballStem("russian"), "lat": SnowballStem("english")}
        self._stems = {self._stem(w) for w in vocabulary}
        stop = _function_words()
        self._by_script: dict[str, list[str]] = {"cyr": [], "lat": []}
        for w in vocabulary:
            lang = "ru" if _script(w) == "cyr" else "en"
            if len(w) >= MIN_WORD - 1 and w.isalpha() and w not in stop and term_of(w, lang):
                self._by_script[_script(w)].append(w)

    def _stem(self, word: str) -> str:
        return self._stemmers[_script(word)](word)

    @classmethod
    def load(cls, path: Path, visibilities: Sequence[str] = VISIBILITIES,
             common: CommonWords | None = None) -> Speller:
        """The speller of a saved vocabulary, offering words of the given visibilities only."""
        return cls(Vocabulary.load(path).words_for(visibilities), common)

    def known(self, word: str) -> bool:
        """Whether ``word`` (folded) is left as it is: short, not letters, a function word of any
        language, a word or a form of a word of the vocabulary, or a common word."""
        return (len(word) < MIN_WORD or not word.isalpha() or word in _function_words()
                or word in self.vocabulary or self._stem(word) in self._stems or word in self.common)

    def correct_word(self, word: str) -> str | None:
        """The vocabulary word meant by ``word``, or None when it is known or nothing is close."""
        word = fold(word)
        if self.known(word):
            return None
        limit = 1 if len(word) <= 7 else 2
        candidates = self._by_script[_script(word)]
        matches = process.extract(word, candidates, scorer=Levenshtein.distance, score_cutoff=limit, limit=20)
        if not matches:
            return None
        return min(matches, key=lambda m: (m[1], risky(word, m[0]), -_common_prefix(word, m[0]),
                                           -self.vocabulary[m[0]], m[0]))[0]

    def propose(self, text: str) -> Correction | None:
        """The question with each unknown word corrected, or None when nothing changed or the
        question is in a language askdesk does not correct."""
        if detect_language(text) not in CORRECTED_LANGUAGES:
            return None
        changes: list[tuple[str, str]] = []

        def replace(match: re.Match) -> str:
            fixed = self.correct_word(match.group(0))
            if fixed is None:
                return match.group(0)
            changes.append((fold(match.group(0)), fixed))
            return fixed

        corrected = _LETTERS.sub(replace, text)
        if not changes:
            return None
        return Correction(text=corrected, changes=tuple(changes),
                          risky=any(risky(typed, fixed) for typed, fixed in changes),
                          min_articles=min(self.vocabulary[fixed] for _, fixed in changes),
                          slips_only=all(slip(typed, fixed) for typed, fixed in changes if risky(typed, fixed)))

    def correct(self, text: str) -> str | None:
        """The proposed corrected text, or None (see :meth:`propose`)."""
        proposal = self.propose(text)
        return None if proposal is None else proposal.text
