"""Common words of the languages askdesk corrects, so a real word the help center happens not to
use ("sell", «навсегда») is never "corrected" into one it does ("tell", «всегда»).

The lists are pyspellchecker's word-frequency dictionaries (subtitles and Wikipedia counts, no
misspellings kept): English ~160k word forms, Russian ~20k, so Russian words also count as known
when their Snowball stem is the stem of a listed form («подруге» beside «подруга»).
"""
from __future__ import annotations

from functools import lru_cache

import Stemmer

from askdesk.indexer.textnorm import fold

CORRECTED_LANGUAGES = ("en", "ru")
_STEM_CHECKED = {"ru": "russian"}   # English forms are listed in full; stemming would admit typos ("mony" ~ "monies")


class CommonWords:
    """Words known to be real in some language we correct: ``word in common``."""

    def __init__(self, words: dict[str, frozenset[str]]):
        self._words = words
        self._stems: dict[str, frozenset[str]] = {}
        for lang, stemmer_name in _STEM_CHECKED.items():
            stemmer = Stemmer.Stemmer(stemmer_name)
            self._stems[lang] = frozenset(stemmer.stemWords(list(words.get(lang, ()))))
        self._stemmers = {lang: Stemmer.Stemmer(name) for lang, name in _STEM_CHECKED.items()}

    def __contains__(self, word: str) -> bool:
        if any(word in words for words in self._words.values()):
            return True
        if any(word[:i] + "'" + word[i:] in self._words.get("en", ()) for i in range(1, len(word))):
            return True   # a contraction typed without its apostrophe: "dont", "doesnt", "youre"
        return any(self._stemmers[lang].stemWord(word) in stems for lang, stems in self._stems.items())


@lru_cache(maxsize=1)
def common_words() -> CommonWords:
    """The shipped lists, loaded once per process (about a third of a second)."""
    from spellchecker import SpellChecker
    lists = {lang: SpellChecker(language=lang, distance=1).word_frequency.dictionary for lang in CORRECTED_LANGUAGES}
    return CommonWords({lang: frozenset(fold(w) for w in words) for lang, words in lists.items()})
