"""Highlighted snippets: a short window of the best passage around the words the question used."""
from __future__ import annotations

import html
import re

from askdesk.indexer.analysis import term_of

SNIPPET_CHARS = 240
SCAN_CHARS = 4000  # look for the question's words this far into a passage
_WORD = re.compile(r"[^\W_]+", re.U)


def highlight(text: str, query_terms: set[str], lang: str, limit: int = SNIPPET_CHARS) -> str:
    """HTML-escaped text of at most ``limit`` characters with matched words in ``<mark>``.

    The window starts a little before the first matching word so the match is visible.
    """
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text, 0, SCAN_CHARS) if term_of(m.group(0), lang) in query_terms]
    start = 0
    if spans and spans[0][0] > limit // 3:
        start = text.rfind(" ", 0, spans[0][0] - limit // 4) + 1
    end = min(len(text), start + limit)
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    out, cursor = [], start
    for s, e in spans:
        if s < start or e > end:
            continue
        out.append(html.escape(text[cursor:s]))
        out.append(f"<mark>{html.escape(text[s:e])}</mark>")
        cursor = e
    out.append(html.escape(text[cursor:end]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return prefix + "".join(out).replace("\n", " ") + suffix


def short_answer(summary: str, passage_text: str, limit: int = 320) -> str:
    """The answer shown by the bot: the summary when the article has one, else the passage start."""
    text = (summary or passage_text or "").strip().replace("\n", " ")
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    return text[: cut if cut > 0 else limit - 1] + "…"
