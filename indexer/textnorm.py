"""Text normalisation shared by indexing and querying: case, ё/е, locale detection."""
from __future__ import annotations

import re
import unicodedata

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
