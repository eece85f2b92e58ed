"""Text normalisation shared by indexing and querying: case, ё/е, locale and language detection."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.U)
_CYRILLIC = re.compile(r"[а-яё]", re.I)
_LATIN = re.compile(r"[a-z]", re.I)


def fold(text: str) -> str:
    """NFKC, lower case, ё → е: the form every comparison uses."""
    return unicodedata.normalize("NFKC", text).lower().replace("ё", "е")


def words(text: str) -> list[str]:
    """Folded words, the unit of spelling correction and query highlighting."""
    return _WORD.findall(fold(text))


def detect_locale(text: str, default: str = "en") -> str:
    """``ru`` when Cyrillic letters dominate, ``en`` when Latin do, else ``default``."""
    cyr = len(_CYRILLIC.findall(text))
    lat = len(_LATIN.findall(text))
    if cyr == lat == 0:
        return default
    return "ru" if cyr > lat else "en"


# Latin-script languages told apart by their function words (whoosh's Snowball stop lists).
_LATIN_LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "da", "sv", "no", "fi", "hu", "tr")
_NON_ENGLISH_LETTER = re.compile(r"[à-öø-ÿßœ]", re.I)


@lru_cache(maxsize=1)
def _function_words() -> dict[str, frozenset[str]]:
    from whoosh.lang import stopwords_for_language
    return {lang: frozenset(stopwords_for_language(lang)) for lang in _LATIN_LANGUAGES}


def detect_language(text: str, default: str = "en") -> str:
    """The language of ``text``: ``ru`` when Cyrillic letters dominate; for Latin script ``en``
    unless another language's function words clearly outnumber English ones (two or more, or
    one beside a letter English does not use, like ä, é or ñ), then that language's code.

    Deliberately cautious in one direction: a short or informal English question ("do u sell
    gift vouchers": ``do`` is Portuguese too, ``u`` Dutch) stays English; only a text that reads
    as another language is called one. Text without letters gets ``default``.
    """
    locale = detect_locale(text, default)
    if locale != "en" or not _LATIN.search(text):
        return locale
    tokens = words(text)
    lists = _function_words()
    english = sum(t in lists["en"] for t in tokens)
    counts = {lang: sum(t in lists[lang] for t in tokens) for lang in _LATIN_LANGUAGES[1:]}
    lang = max(counts, key=counts.__getitem__)   # the first listed wins a tie
    best = counts[lang]
    needed = 1 if _NON_ENGLISH_LETTER.search(text) else 2
    return lang if best >= needed and best > english else "en"
