"""Typo tolerance: correct query words that the knowledge base never uses to words it does.

The vocabulary is every folded word of the indexed articles with its count. A query word that
is not in it is replaced by the closest vocabulary word of the same script within a small edit
distance (1 for words up to 7 letters, 2 for longer ones), preferring the more frequent word on ties.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Iterable

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from askdesk.indexer.analysis import SnowballStem
from askdesk.indexer.textnorm import fold, words

MIN_WORD = 4
_CYR = re.compile(r"[а-я]")


def build_vocabulary(texts: Iterable[str]) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(w for w in words(text) if not w.isdigit())
    return dict(counts)


class Speller:
    def __init__(self, vocabulary: dict[str, int]):
        self.vocabulary = vocabulary
        self._stemmers = {"cyr": SnowballStem("russian"), "lat": SnowballStem("english")}
        self._stems = {self._stem(w) for w in vocabulary}
        self._by_script = {
            "cyr": [w for w in vocabulary if _CYR.search(w) and len(w) >= MIN_WORD - 1],
            "lat": [w for w in vocabulary if not _CYR.search(w) and len(w) >= MIN_WORD - 1],
        }

    def _stem(self, word: str) -> str:
        return self._stemmers["cyr" if _CYR.search(word) else "lat"](word)

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.vocabulary, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> "Speller":
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def correct_word(self, word: str) -> str | None:
        """The vocabulary word meant by ``word``, or None when it is known or nothing is close."""
        word = fold(word)
        if len(word) < MIN_WORD or word in self.vocabulary or not word.isalpha():
            return None
        if self._stem(word) in self._stems:  # another form of a known word («смену» beside «смена»)
            return None
        limit = 1 if len(word) <= 7 else 2
        candidates = self._by_script["cyr" if _CYR.search(word) else "lat"]
        matches = process.extract(word, candidates, scorer=Levenshtein.distance, score_cutoff=limit, limit=10)
        if not matches:
            return None
        best = min(matches, key=lambda m: (m[1], -self.vocabulary[m[0]]))
        return best[0]

    def correct(self, text: str) -> str | None:
        """The whole text with each unknown word corrected, or None when nothing changed."""
        changed = False

        def replace(match: re.Match) -> str:
            nonlocal changed
            fixed = self.correct_word(match.group(0))
            if fixed is None:
                return match.group(0)
            changed = True
            return fixed

        corrected = re.sub(r"[^\W\d_]+", replace, text)
        return corrected if changed else None
