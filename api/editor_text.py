"""The editor dashboard's words: report columns, sections, reasons and actions in plain language,
and how a cell's value is printed (units, dashes for "nothing"). Templates use these through the
blueprint's context; the JSON API and CSV keep the raw names and values."""
from __future__ import annotations

from askdesk.analytics.gaps import ADD_PHRASINGS, IMPROVE_ARTICLE, TRANSLATE, WRITE_NEW
from askdesk.api.console import REASONS as HANDOFF_REASONS

LOCALES = {"en": "English", "ru": "Русский"}

COLUMNS = {
    "sessions": "Conversations", "asked": "Asked", "deflected": "Deflected", "confirmed": "Confirmed",
    "assumed": "Assumed", "voted_down_and_left": "Voted down, left", "unanswered_and_left": "Unanswered, left",
    "handed_off": "Handed to a person", "tickets": "Tickets", "deflection_pct": "Deflection",
    "confirmed_pct": "Confirmed deflection", "day": "Day (UTC)", "questions": "Questions",
    "question": "Question", "locale": "Language",
    "top_article": "Top article", "last_asked": "Last asked (UTC)", "at": "When (UTC)", "decision": "Bot did",
    "reason": "Why", "confidence": "Confidence", "top_score": "Top score", "session": "Conversation",
    "article": "Article", "then": "Then", "share_pct": "Share", "shown": "Shown", "opened": "Opened",
    "ctr_pct": "Opened (click-through)", "as_answer": "As the answer", "helpful": "Helpful votes",
    "not_helpful": "Not-helpful votes", "helpful_pct": "Helpful", "handoffs_after": "Handoffs after",
    "asked_in": "Asked in", "answered_in": "Answered from", "example": "Example question",
    "why_failed": "Why it failed", "asked_next": "Asked next", "answer_threshold": "Answer threshold",
    "current": "Current setting", "answered": "Would answer", "answer_rate_pct": "Would answer",
    "known_outcomes": "Outcome known", "verdict": "Agent's verdict",
    "bad": "Went wrong", "bad_pct": "Wrong answers", "unknown": "Outcome unknown",
    "handed_off_before_question": "To a person before a question", "bot_answered": "Answered",
    "bot_clarified": "Offered options", "bot_handed_off": "No answer shown", "not_helped": "Not helped",
    "not_helped_pct": "Not helped (share)",
}

SECTION_HELP = {
    "deflection": "Conversations the bot resolved without a person. Confirmed: the customer voted an answer "
                  "helpful. Assumed: the bot answered and the customer did nothing more.",
    "volume": "Conversations and questions per day, and how many the bot resolved or handed to a person.",
    "top_questions": "The questions asked most often (same words, ignoring case and punctuation). Every number "
                     "counts questions asked: each time one was asked the bot either answered it, offered "
                     "options, or showed no answer (handed to a person, or said it is outside the help center) "
                     "— these three add up to Asked. Not helped: the times it did not help (no option chosen, "
                     "the answer voted down, or a person needed), out of Asked.",
    "no_results": "Questions the bot found no article for at all: usually a missing article.",
    "out_of_scope": "Questions most likely outside what the help center answers: the bot said so and offered a "
                    "person. Many alike may be a topic worth an article.",
    "low_confidence": "Questions the bot was unsure about: it handed off or offered options instead of one answer.",
    "disliked": "Answers customers voted \u201cnot helpful\u201d, and what happened next.",
    "handoffs": "Conversations with a question that went to a person, each counted once by its first reason "
                "(however many hand-offs followed), and how many left a contact (a ticket). They add up to "
                "“Handed to a person” on the overview; conversations that asked for a person before any "
                "question are counted apart.",
    "click_through": "How often customers opened an article the bot showed for a question.",
    "articles": "Per article: how often the bot showed it, how often it was opened, and its votes.",
    "locale_gaps": "Questions answered from an article in another language: the articles to translate first.",
    "reformulations": "What customers asked next after an answer failed them, when it is about the same thing (the "
                      "same nearest article, or many words in common): their own words for what they meant. A next "
                      "question on another subject is left out.",
    "threshold_replay": "What the bot would have done at other answer thresholds (an operator's setting).",
    "agent_labels": "What agents said on tickets: the article that would have answered (add the customers' words "
                    "to its questions), or that the bot's answer was wrong.",
}

GAP_REASONS = {"no_results": "no article found", "out_of_scope": "outside the help center",
               "low_confidence": "bot was unsure", "disliked": "voted not helpful",
               "handoff": "handed to a person", "unchosen": "no option chosen"}
DECISIONS = {"answer": "answered", "clarify": "offered options", "handoff": "handed off"}
DECISION_REASONS = {"confident": "sure of one article", "close_call": "two articles were close",
                    "middling": "unsure", **HANDOFF_REASONS}
TRENDS = {"new": ("★", "new"), "up": ("↑", "rising"), "down": ("↓", "falling"), "steady": ("→", "steady")}
ACTIONS = {WRITE_NEW: "Write a new article", ADD_PHRASINGS: "Add these phrasings to",
           IMPROVE_ARTICLE: "Improve", TRANSLATE: "Translate"}
# every conversation with a question is exactly one of these (analytics.reports.deflection)
DEFLECTION_OUTCOMES = (
    ("Deflected, confirmed", "the bot showed an answer, no person was needed, and the customer voted it helpful."),
    ("Deflected, assumed", "the bot showed an answer, no person was needed, and the customer did nothing more. "
                           "We assume the answer helped, so this part is an upper bound."),
    ("Voted down and left", "the customer voted the answer not helpful and left: not deflected."),
    ("Unanswered and left", "the bot never showed an answer and the customer left: not deflected."),
    ("Handed to a person", "the customer asked for a person, or the bot handed over: never deflected, "
                           "with or without a ticket."),
)


def column(name: str) -> str:
    return COLUMNS.get(name, name.replace("_", " ").capitalize())


def cell(name: str, value) -> str:
    """A report value as the dashboard prints it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if name.endswith("_pct"):
        return f"{value:g} %"
    if isinstance(value, float):
        return f"{value:.2f}"
    if name in ("at", "last_asked"):
        return value[:16].replace("T", " ")
    if name in ("locale", "asked_in", "answered_in"):
        return LOCALES.get(value, value)
    if name == "reason":
        return DECISION_REASONS.get(value, value)
    if name == "decision":
        return DECISIONS.get(value, value)
    return str(value)


def action_text(action) -> str:
    """A topic's recommended action in words, e.g. "Improve track-order"."""
    if action is None:
        return "—"
    words = ACTIONS.get(action.kind, action.kind)
    return f"{words} {action.article}" if action.article else words


def date_text(day) -> str:
    """A date as people write it: 3 Nov 2026."""
    return f"{day.day} {day:%b %Y}"
