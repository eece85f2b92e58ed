"""The editors' reports: pure functions of the ledger (:mod:`analytics.ledger`), each a list of rows.

Every report is a table (a list of flat dicts) so that the CLI, the JSON API, the dashboard and
CSV export show the same thing. Definitions are in the docstrings; deflection is explained there
too, because a number nobody can explain is not one to act on.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from askdesk.analytics.ledger import SessionRecord, Turn, normalise
from askdesk.analytics.relatedness import related


def _turns(sessions: list[SessionRecord]) -> list[Turn]:
    return [t for s in sessions for t in s.turns]


def _pct(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


BOT_DID = ("answer", "clarify", "handoff")


def bot_did(turn: Turn) -> str:
    """What the bot did first with a question, exactly one of :data:`BOT_DID`: the core's decision
    (an answer; options to pick from, one shown as a "maybe" included; or no article it could
    show — a hand-off or the "outside the help center" reply). A hand-made or old row without a
    decision is read from what was shown."""
    if turn.decision in BOT_DID:
        return turn.decision
    return "answer" if turn.answered_with else "clarify" if turn.shown else "handoff"


def top_questions(sessions: list[SessionRecord], limit: int = 50) -> list[dict]:
    """Questions by how often they were asked (same words, case and punctuation aside). Every count
    is of questions asked (turns): ``asked`` = ``bot_answered`` + ``bot_clarified`` +
    ``bot_handed_off`` (what the bot did first, :func:`bot_did`); ``not_helped`` (≤ ``asked``) is
    the asked turns that did not help the customer — no answer kept (options, none chosen), an
    answer voted down, or a hand-off — and ``not_helped_pct`` its share of ``asked``."""
    groups: dict[str, list[Turn]] = defaultdict(list)
    for turn in _turns(sessions):
        groups[normalise(turn.text)].append(turn)
    rows = []
    for key, turns in groups.items():
        if not key:
            continue
        did = Counter(bot_did(t) for t in turns)
        answered = [t for t in turns if t.answered]
        not_helped = sum(t.failed for t in turns)
        rows.append({"question": turns[-1].text, "asked": len(turns), "locale": turns[-1].locale,
                     "bot_answered": did["answer"], "bot_clarified": did["clarify"], "bot_handed_off": did["handoff"],
                     "not_helped": not_helped, "not_helped_pct": _pct(not_helped, len(turns)),
                     "top_article": Counter(t.answered_with[0] for t in answered).most_common(1)[0][0] if answered else "",
                     "last_asked": max(t.at for t in turns)})
    rows.sort(key=lambda r: (-r["asked"], r["question"]))
    return rows[:limit]


def _question_rows(turns: list[Turn]) -> list[dict]:
    return [{"at": t.at, "question": t.text, "locale": t.locale, "decision": t.decision, "reason": t.reason,
             "confidence": t.confidence, "top_article": t.tried[0]["id"] if t.tried else "",
             "top_score": round(t.top_score, 4), "session": t.session_id} for t in sorted(turns, key=lambda t: t.at,
                                                                                       reverse=True)]


def no_results(sessions: list[SessionRecord]) -> list[dict]:
    """Questions the core found nothing for."""
    return _question_rows([t for t in _turns(sessions) if t.decision == "handoff" and t.reason == "no_results"])


def out_of_scope(sessions: list[SessionRecord]) -> list[dict]:
    """Questions the bot judged outside the help center (calibrated: most likely not one it answers)
    — told so, with a person offered — and what happened next: a ticket, a handoff or nothing."""
    turns = sorted((t for t in _turns(sessions) if t.decision == "handoff" and t.reason == "out_of_scope"),
                   key=lambda t: t.at, reverse=True)
    return [{**row, "then": "ticket" if t.ticket else "handoff" if t.handoff else "nothing"}
            for row, t in zip(_question_rows(turns), turns, strict=True)]


def low_confidence(sessions: list[SessionRecord]) -> list[dict]:
    """Questions the bot was unsure about: handed off for low confidence, or answered with options
    (clarify) instead of one article."""
    return _question_rows([t for t in _turns(sessions)
                           if (t.decision == "handoff" and t.reason == "low_confidence") or t.decision == "clarify"])


def disliked(sessions: list[SessionRecord]) -> list[dict]:
    """Answers voted "not helpful": the question, the article, and what happened next."""
    rows = []
    for turn in _turns(sessions):
        for article, helpful in turn.votes:
            if not helpful:
                rows.append({"at": turn.at, "question": turn.text, "locale": turn.locale, "article": article,
                             "then": "ticket" if turn.ticket else "handoff" if turn.handoff else "nothing",
                             "session": turn.session_id})
    return sorted(rows, key=lambda r: r["at"], reverse=True)


def handed_off(session: SessionRecord) -> bool:
    """The conversation went to a person: a hand-off happened, or a ticket was opened."""
    return bool(session.handoff) or session.ticket is not None


def handoffs_by_reason(sessions: list[SessionRecord]) -> list[dict]:
    """Conversations with a question that went to a person (:func:`handed_off`) — the same ones
    as ``handed_off`` in :func:`deflection`, so the rows add up to it — each once, by its first
    hand-off's reason, however many hand-offs followed; and how many of them left a contact (a
    ticket; the rows add up to ``tickets``). Conversations handed off before any question are
    ``handed_off_before_question`` in :func:`deflection`, not here."""
    counts: Counter = Counter()
    tickets: Counter = Counter()
    for s in sessions:
        if s.asked and handed_off(s):
            reason = s.handoff or "unknown"
            counts[reason] += 1
            tickets[reason] += s.ticket is not None
    total = sum(counts.values())
    return [{"reason": reason, "sessions": n, "share_pct": _pct(n, total), "tickets": tickets[reason]}
            for reason, n in counts.most_common()]


def click_through(sessions: list[SessionRecord], limit: int = 50) -> list[dict]:
    """Per question (as in :func:`top_questions`): how often the bot showed articles, and how often
    the customer then opened one of them (click-through rate)."""
    groups: dict[str, list[Turn]] = defaultdict(list)
    for turn in _turns(sessions):
        if turn.shown:
            groups[normalise(turn.text)].append(turn)
    rows = [{"question": turns[-1].text, "shown": len(turns),
             "opened": sum(any(c in t.shown for c in t.clicks) for t in turns),
             "ctr_pct": _pct(sum(any(c in t.shown for c in t.clicks) for t in turns), len(turns))}
            for turns in groups.values()]
    rows.sort(key=lambda r: (-r["shown"], r["question"]))
    return rows[:limit]


def article_performance(sessions: list[SessionRecord]) -> list[dict]:
    """Per article: times shown (as the answer or as an option), opened, voted helpful / not,
    helpful % of votes, and handoffs that followed it in the same turn."""
    stats: dict[str, Counter] = defaultdict(Counter)
    for turn in _turns(sessions):
        for article in turn.shown:
            stats[article]["shown"] += 1
            stats[article]["answered"] += article in turn.answered_with
            stats[article]["handoffs_after"] += turn.handoff is not None
        for article in set(turn.clicks):
            stats[article]["opened"] += 1
        for article, helpful in turn.votes:
            stats[article]["helpful" if helpful else "not_helpful"] += 1
    rows = []
    for article, c in stats.items():
        votes = c["helpful"] + c["not_helpful"]
        rows.append({"article": article, "shown": c["shown"], "as_answer": c["answered"], "opened": c["opened"],
                     "helpful": c["helpful"], "not_helpful": c["not_helpful"], "helpful_pct": _pct(c["helpful"], votes),
                     "handoffs_after": c["handoffs_after"]})
    rows.sort(key=lambda r: (-r["shown"], r["article"]))
    return rows


def locale_gaps(sessions: list[SessionRecord]) -> list[dict]:
    """Questions asked in one language and answered from an article in another: the article to
    translate first. Per (question language, article, article language)."""
    counts: Counter = Counter()
    examples: dict = {}
    for turn in _turns(sessions):
        for article in turn.answered_with:
            shown_locale = turn.shown_locales.get(article, turn.locale)
            if shown_locale != turn.locale:
                key = (turn.locale, article, shown_locale)
                counts[key] += 1
                examples.setdefault(key, turn.text)
    return [{"asked_in": asked, "article": article, "answered_in": answered, "questions": n,
             "example": examples[(asked, article, answered)]}
            for (asked, article, answered), n in counts.most_common()]


def deflection(sessions: list[SessionRecord]) -> dict:
    """How many conversations the bot resolved without a person, measured honestly.

    Every session in which the customer asked at least one question is exactly one of:
    - *handed off* — a handoff happened (asked for a person, low confidence, votes), ticket or not;
    - *deflected, confirmed* — the bot showed an answer, no handoff followed, and the customer
      voted an answer helpful;
    - *deflected, assumed* — the bot showed an answer, no handoff followed, and the customer did
      nothing more (no vote either way): we assume the answer did it, and say so — an upper bound;
    - *voted down and left* — answers shown, voted not helpful, and the customer left: not deflected;
    - *unanswered and left* — the bot never showed an answer and the customer left: not deflected.
    The deflection rate is (confirmed + assumed) / asked; the confirmed rate is the part we know.
    Sessions without a question are either *handed off before a question* ("Talk to a person" at
    once) or opened the help only: sessions = asked + handed_off_before_question + the rest.
    """
    asked = [s for s in sessions if s.asked]
    handed = [s for s in asked if handed_off(s)]
    kept = [s for s in asked if not handed_off(s)]
    answered = [s for s in kept if any(t.answered for t in s.turns)]
    confirmed = [s for s in answered if s.helpful_votes]
    voted_down = [s for s in answered if not s.helpful_votes and any(t.disliked for t in s.turns)]
    assumed = [s for s in answered if not s.helpful_votes and not any(t.disliked for t in s.turns)]
    return {"sessions": len(sessions), "asked": len(asked),
            "deflected": len(confirmed) + len(assumed), "confirmed": len(confirmed), "assumed": len(assumed),
            "voted_down_and_left": len(voted_down), "unanswered_and_left": len(kept) - len(answered),
            "handed_off": len(handed), "tickets": sum(s.ticket is not None for s in asked),
            "handed_off_before_question": sum(not s.asked and handed_off(s) for s in sessions),
            "deflection_pct": _pct(len(confirmed) + len(assumed), len(asked)),
            "confirmed_pct": _pct(len(confirmed), len(asked))}


def volume_by_day(sessions: list[SessionRecord]) -> list[dict]:
    """Per day: sessions, questions, deflected (confirmed + assumed) and handed-off sessions."""
    days: dict[str, list[SessionRecord]] = defaultdict(list)
    for s in sessions:
        days[s.created_at[:10]].append(s)
    rows = []
    for day in sorted(days):
        d = deflection(days[day])
        rows.append({"day": day, "sessions": d["sessions"], "questions": sum(len(s.turns) for s in days[day]),
                     "deflected": d["confirmed"] + d["assumed"], "handed_off": d["handed_off"],
                     "deflection_pct": d["deflection_pct"]})
    return rows


def reformulations(sessions: list[SessionRecord], limit: int = 50) -> list[dict]:
    """What customers asked next, in the same session, after a turn that failed them (no answer,
    an answer voted down, or a handoff): the strongest sign of a gap — the second question says in
    other words what the first one meant. One row per failed turn followed by a question related
    to it (:func:`analytics.relatedness.related`: the same nearest article, or words alike) — an
    unrelated next question is a new subject, not a reformulation; ``then`` says how it went."""
    rows = []
    for s in sessions:
        for first, second in zip(s.turns, s.turns[1:]):
            if first.failed and related(first, second):
                rows.append({"at": first.at, "asked": first.text, "shown": ", ".join(first.shown),
                             "why_failed": ("voted down" if first.disliked else f"handoff: {first.handoff}"
                                            if first.handoff else f"not answered ({first.decision})"),
                             "asked_next": second.text,
                             "then": "failed again" if second.failed else
                                     f"answered: {second.answered_with[0]}" if second.answered_with else "options",
                             "session": s.id})
    return sorted(rows, key=lambda r: r["at"], reverse=True)[:limit]


def agent_labels(sessions: list[SessionRecord]) -> list[dict]:
    """What agents said about the bot on tickets: "article X would have answered" (the article
    exists but the bot missed it — add the customers' words to its questions) and "the answer was
    wrong" (with the articles the bot had shown). One row per verdict and article."""
    groups: dict[tuple[str, str], list[SessionRecord]] = defaultdict(list)
    for s in sessions:
        if not s.agent_label:
            continue
        kind, _, article = s.agent_label.partition(":")
        if kind == "wrong_answer":
            shown = [a for t in s.turns for a in t.answered_with]
            article = shown[-1] if shown else ""
        groups[(kind, article)].append(s)
    rows = [{"verdict": kind, "article": article, "tickets": len(group),
             "questions": " | ".join(t.text for s in group for t in s.turns)[:300]}
            for (kind, article), group in groups.items()]
    return sorted(rows, key=lambda r: (-r["tickets"], r["verdict"], r["article"]))
