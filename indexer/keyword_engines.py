"""The keyword engines by name (the ``keyword_engine`` setting). The interface they share is
:mod:`askdesk.indexer.keyword`; each engine imports it, and only this registry imports the engines."""
from __future__ import annotations

from askdesk.core.errors import ConfigError
from askdesk.indexer.keyword import KeywordIndex
from askdesk.indexer.keyword_bm25s import Bm25sKeywordIndex
from askdesk.indexer.keyword_whoosh import WhooshKeywordIndex

ENGINES: dict[str, type[KeywordIndex]] = {"bm25s": Bm25sKeywordIndex, "whoosh": WhooshKeywordIndex}


def engine(name: str) -> type[KeywordIndex]:
    """The keyword engine class named ``name``."""
    try:
        return ENGINES[name]
    except KeyError:
        raise ConfigError(f"unknown keyword engine {name!r}; use one of: {', '.join(ENGINES)}") from None
