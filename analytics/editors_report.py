"""The whole editors' report: every section, computed from one reading of the ledger.

Sections are tables (lists of flat dicts) except ``deflection`` (one row) — see
:mod:`analytics.reports` and :mod:`analytics.replay` for what each means.
"""
from __future__ import annotations

from collections.abc import Callable

from askdesk.analytics import replay, reports
from askdesk.analytics.ledger import SessionRecord
from askdesk.analytics.spreadsheet import markdown_sections
from askdesk.bot.decision import Thresholds

SECTIONS: dict[str, tuple[str, Callable]] = {
    "deflection": ("Deflection", lambda s, t: [reports.deflection(s)]),
    "volume": ("Volume and deflection by day", lambda s, t: reports.volume_by_day(s)),
    "top_questions": ("Top questions", lambda s, t: reports.top_questions(s)),
    "no_results": ("Questions with no results", lambda s, t: reports.no_results(s)),
    "out_of_scope": ("Questions outside the help center", lambda s, t: reports.out_of_scope(s)),
    "low_confidence": ("Low-confidence questions", lambda s, t: reports.low_confidence(s)),
    "disliked": ("Answers voted not helpful", lambda s, t: reports.disliked(s)),
    "handoffs": ("Handoffs by reason", lambda s, t: reports.handoffs_by_reason(s)),
    "click_through": ("Click-through per question", lambda s, t: reports.click_through(s)),
    "articles": ("Article performance", lambda s, t: reports.article_performance(s)),
    "locale_gaps": ("Asked in one language, answered from another", lambda s, t: reports.locale_gaps(s)),
    "reformulations": ("What customers asked next after a failed answer", lambda s, t: reports.reformulations(s)),
    "agent_labels": ("What agents said about the bot's answers", lambda s, t: reports.agent_labels(s)),
    "threshold_replay": ("Threshold replay", lambda s, t: replay.replay(s, t)),
}


def build(sessions: list[SessionRecord], thresholds: Thresholds, only: tuple[str, ...] = ()) -> dict[str, list[dict]]:
    """The sections (all, or ``only`` these) as ``{name: rows}``."""
    return {name: compute(sessions, thresholds) for name, (_, compute) in SECTIONS.items() if not only or name in only}


def to_markdown(report: dict[str, list[dict]], limit: int = 20) -> str:
    """Every section as a Markdown table (the first ``limit`` rows), with what deflection means."""
    deflection = reports.deflection.__doc__.split("\n\n", 1)[1].replace("\n    ", "\n").strip()
    return markdown_sections(report, {name: title for name, (title, _) in SECTIONS.items()}, limit=limit,
                             more="--format csv --section {name}", preface={"deflection": deflection})
