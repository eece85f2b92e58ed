"""Content gaps: the questions the bot did not help with, grouped by meaning into topics, each with
its volume, trend, examples, nearest article and what an editor should do about it.

The steps are pure functions over plain data — :func:`gap_questions` over the ledger,
:mod:`analytics.clustering` over vectors, :func:`trend`, :func:`recommend` and :func:`rank`
over numbers — and :func:`find_gaps` joins them with the encoder and the searcher.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from askdesk.analytics.clustering import DISTANCE, MAX_QUESTIONS, cluster, diverse
from askdesk.analytics.ledger import SessionRecord, Turn, normalise
from askdesk.bot.decision import Thresholds
from askdesk.indexer.encoders import Encoder
from askdesk.indexer.search import PUBLIC, Searcher

NO_RESULTS, OUT_OF_SCOPE, LOW_CONFIDENCE, DISLIKED, HANDED_OFF, UNCHOSEN = (
    "no_results", "out_of_scope", "low_confidence", "disliked", "handoff", "unchosen")
WRITE_NEW, ADD_PHRASINGS, IMPROVE_ARTICLE, TRANSLATE = "write_new", "add_phrasings", "improve_article", "translate"
EXAMPLES = 5
LABEL_CHARS = 80


@dataclass(frozen=True)
class GapQuestion:
    text: str
    locale: str
    session_id: str
    at: str                        # ISO-8601 UTC
    reason: str                    # no_results | out_of_scope | low_confidence | disliked | handoff | unchosen
    top_id: str | None             # the best article the bot tried, and its confidence
    top_score: float
    shown: str | None              # the article shown as the answer, else the first one offered
    rejected: tuple[str, ...]      # articles shown and voted down, or shown before a handoff


def gap_reason(turn: Turn) -> str | None:
    """Why a turn failed the customer, or None when it did not."""
    if turn.decision == "handoff":
        return turn.reason if turn.reason in (NO_RESULTS, OUT_OF_SCOPE) else LOW_CONFIDENCE
    if turn.disliked:
        return DISLIKED
    if turn.handoff is not None:
        return HANDED_OFF
    if not turn.answered and not turn.liked and not turn.clicks:
        return UNCHOSEN     # options offered, none chosen or opened
    return None


def gap_questions(sessions: Iterable[SessionRecord]) -> list[GapQuestion]:
    """Every question in ``sessions`` that failed the customer, oldest first."""
    out = []
    for session in sessions:
        for turn in session.turns:
            reason = gap_reason(turn)
            if reason is None or not turn.text.strip():
                continue
            shown = (turn.answered_with or turn.shown or [None])[0]
            rejected = [a for a, helpful in turn.votes if not helpful]
            if turn.handoff is not None:
                rejected += turn.answered_with or turn.shown
            out.append(GapQuestion(turn.text, turn.locale, turn.session_id, turn.at, reason,
                                   turn.tried[0]["id"] if turn.tried else None, turn.top_score, shown,
                                   tuple(dict.fromkeys(rejected))))
    return sorted(out, key=lambda q: q.at)


# -- trend ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Trend:
    weekly: tuple[int, ...]   # questions per 7 days from the window's start (the last week may be shorter)
    earlier: int              # questions in the first half of the window
    later: int                # ... and in the second
    direction: str            # new | up | down | steady


def trend(times: Sequence[dt.datetime], start: dt.datetime, end: dt.datetime) -> Trend:
    """Counts per week, and the second half of the window against the first: ``new`` when the first
    had none, ``up``/``down`` when they differ by 2 questions or more and by a quarter of the first
    half's count or more, else ``steady``."""
    span = max(end - start, dt.timedelta(seconds=1))
    weeks = max(1, -(-span // dt.timedelta(days=7)))
    weekly = [0] * weeks
    middle = start + span / 2
    earlier = later = 0
    for t in times:
        t = min(max(t, start), end)
        weekly[min(weeks - 1, (t - start) // dt.timedelta(days=7))] += 1
        if t < middle:
            earlier += 1
        else:
            later += 1
    change = later - earlier
    if earlier == 0 and later:
        direction = "new"
    elif abs(change) >= max(2, earlier / 4):
        direction = "up" if change > 0 else "down"
    else:
        direction = "steady"
    return Trend(tuple(weekly), earlier, later, direction)


# -- the nearest article and what to do -------------------------------------------------------
@dataclass(frozen=True)
class Nearest:
    id: str
    locale: str                # of the version found
    title: str
    category: str
    score: float               # its mean confidence over the topic's example questions
    locales: tuple[str, ...]   # the locales it is published in


@dataclass(frozen=True)
class Action:
    kind: str                  # write_new | add_phrasings | improve_article | translate
    article: str | None        # the article to change (all but write_new)
    reason: str


def recommend(nearest: Nearest | None, locale: str, rejected: Mapping[str, int], liked: Mapping[str, int],
              thresholds: Thresholds) -> Action:
    """What an editor should do for a topic asked mostly in ``locale``, given its nearest public
    article, how often the topic's customers rejected each article shown to them, and how often
    each article was voted helpful in the window (by anyone).

    A close article that the topic's customers rejected is improved — unless it helped other
    customers, or is only related (under the answer threshold): then it answers another question,
    and these need an article of their own."""
    if nearest is None:
        return Action(WRITE_NEW, None, "no article matches these questions")
    if nearest.score < thresholds.handoff:
        return Action(WRITE_NEW, None, f"the nearest article, {nearest.id}, scores {nearest.score:.3f}: "
                                       f"below the hand-off threshold {thresholds.handoff:.2f}")
    if locale not in nearest.locales:
        return Action(TRANSLATE, nearest.id, f"{nearest.id} is close ({nearest.score:.3f}) but published only in "
                                             f"{', '.join(nearest.locales)}; translate it into {locale}")
    times = rejected.get(nearest.id, 0)
    if not times:
        return Action(ADD_PHRASINGS, nearest.id, f"{nearest.id} is close ({nearest.score:.3f}) and nobody rejected "
                                                 "it: add these phrasings to its `questions`")
    if nearest.score < thresholds.answer:
        return Action(WRITE_NEW, None, f"the nearest article, {nearest.id}, is only related ({nearest.score:.3f}) "
                                       f"and was rejected {times} time(s) when shown for these questions")
    if liked.get(nearest.id):
        return Action(WRITE_NEW, None, f"the nearest article, {nearest.id}, helped others ({liked[nearest.id]} "
                                       f"helpful votes) but was rejected {times} time(s) for these questions")
    return Action(IMPROVE_ARTICLE, nearest.id, f"{nearest.id} matches ({nearest.score:.3f}) but was voted down "
                                               f"or followed by a handoff {times} time(s) for these questions")


def agents_say(topic: Topic, verdicts: Mapping[str, str]) -> Action | None:
    """Agents who handled this topic's tickets and labelled them "article X would have answered"
    know better than a search that failed: when at least half of the topic's labelled sessions name
    one article, add the topic's phrasings to it."""
    named = Counter(verdicts[s] for s in {q.session_id for q in topic.questions} if s in verdicts)
    if not named:
        return None
    article, votes = named.most_common(1)[0]
    if votes * 2 < sum(named.values()):
        return None
    return Action(ADD_PHRASINGS, article, f"agents labelled {votes} of these tickets \"{article} would have "
                                          "answered\": add these phrasings to its `questions`")


def nearest_article(searcher: Searcher, probes: Sequence[tuple[str, str]],
                    depth: int = 3) -> tuple[Nearest | None, list[str]]:
    """The public article nearest to a topic's (question, locale) probes — the best mean confidence
    over all of them — and the categories of the articles found, likeliest first."""
    totals: Counter[str] = Counter()
    categories: Counter[str] = Counter()
    found = {}
    for text, locale in probes:
        # only what customers can see counts as covering a topic: customers need the answer
        for hit in searcher.search(text, locale=locale, scope=PUBLIC, limit=depth).hits:
            totals[hit.id] += hit.score
            categories[hit.category] += hit.score
            found.setdefault(hit.id, hit)
    if not totals:
        return None, []
    best = min(totals, key=lambda i: (-totals[i], i))
    hit = found[best]
    published = tuple(sorted(loc for loc, a in searcher.by_id.get(best, {}).items() if a.is_public))
    nearest = Nearest(best, hit.locale, hit.title, hit.category, round(totals[best] / len(probes), 4), published)
    return nearest, [c for c, _ in categories.most_common() if c]


# -- topics -----------------------------------------------------------------------------------
@dataclass
class Topic:
    label: str
    questions: list[GapQuestion]
    examples: list[GapQuestion]          # diverse, the most central first
    trend: Trend
    nearest: Nearest | None = None
    categories: list[str] = field(default_factory=list)   # of the nearest articles, likeliest first
    action: Action | None = None

    @property
    def volume(self) -> int:
        return len(self.questions)

    @property
    def customers(self) -> int:
        return len({q.session_id for q in self.questions})

    @property
    def locales(self) -> dict[str, int]:
        return dict(Counter(q.locale for q in self.questions).most_common())

    @property
    def locale(self) -> str:
        """The topic's main language."""
        return next(iter(self.locales))

    @property
    def rejected(self) -> dict[str, int]:
        return dict(Counter(a for q in self.questions for a in q.rejected))

    def phrasings(self, locale: str | None = None) -> list[str]:
        """The topic's distinct questions (in ``locale``, if given), the examples first."""
        seen: dict[str, str] = {}
        for q in [*self.examples, *self.questions]:
            if locale is None or q.locale == locale:
                seen.setdefault(normalise(q.text), q.text)
        return list(seen.values())


def rank(topics: list[Topic]) -> list[Topic]:
    """Most customers affected first, then most questions; singletons end up last."""
    return sorted(topics, key=lambda t: (-t.customers, -t.volume, t.label))


def label_of(text: str, limit: int = LABEL_CHARS) -> str:
    """A question as a topic's label: one line, cut at a word within ``limit`` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    if not text[limit - 1].isspace():    # do not end on part of a word
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-") + "…"


def group(questions: Sequence[GapQuestion], encoder: Encoder, start: dt.datetime, end: dt.datetime,
          distance: float = DISTANCE, spell: Callable[[str], str | None] = lambda text: None) -> list[Topic]:
    """Topics of ``questions`` by meaning (at most :data:`MAX_QUESTIONS` distinct texts, the most
    recent ones, are grouped; the caller reports the rest). Spellings that normalise alike are one
    text; each is encoded as ``spell`` corrects it (None: as it is), since the encoder reads a typo
    as another word."""
    by_text: dict[str, list[GapQuestion]] = {}
    for q in sorted(questions, key=lambda q: q.at, reverse=True):
        key = normalise(q.text)
        if key in by_text or len(by_text) < MAX_QUESTIONS:
            by_text.setdefault(key, []).append(q)
    keys = list(by_text)
    vectors = encoder.encode([spell(text) or text for text in (by_text[k][0].text for k in keys)])
    labels = cluster(vectors, distance)
    topics = []
    for number in sorted(set(labels.tolist())):
        rows = [i for i, lab in enumerate(labels) if lab == number]
        picked = diverse(vectors[rows], EXAMPLES, [len(by_text[keys[i]]) for i in rows])
        examples = [by_text[keys[rows[i]]][0] for i in picked]
        members = sorted((q for i in rows for q in by_text[keys[i]]), key=lambda q: q.at)
        times = [dt.datetime.fromisoformat(q.at) for q in members]
        topics.append(Topic(label_of(examples[0].text), members, examples, trend(times, start, end)))
    return topics


@dataclass
class GapReport:
    since: str
    until: str
    questions: int                 # gap questions in the window
    grouped: int                   # ... of which grouped into topics
    topics: list[Topic]


def find_gaps(sessions: Sequence[SessionRecord], encoder: Encoder, searcher: Searcher, thresholds: Thresholds,
              start: dt.datetime, end: dt.datetime, distance: float = DISTANCE) -> GapReport:
    """The content-gap report of ``sessions`` (already read for the window [start, end))."""
    questions = gap_questions(sessions)
    liked = Counter(a for s in sessions for t in s.turns for a, helpful in t.votes if helpful)
    topics = group(questions, encoder, start, end, distance, searcher.speller(PUBLIC).correct) if questions else []
    verdicts = {s.id: s.agent_label.partition(":")[2] for s in sessions
                if s.agent_label.startswith("would_have_answered:")}
    for topic in topics:
        probes = [(q.text, q.locale) for q in topic.examples]
        topic.nearest, topic.categories = nearest_article(searcher, probes)
        topic.action = (agents_say(topic, verdicts)
                        or recommend(topic.nearest, topic.locale, topic.rejected, liked, thresholds))
    return GapReport(start.isoformat(), end.isoformat(), len(questions), sum(t.volume for t in topics), rank(topics))
