"""How well the content-gap report recovers topics missing from a knowledge base (``askdesk eval-gaps``, ``scripts/eval-gaps.sh``).

A labelled intent set (the ``shared/datasets`` format) becomes a knowledge base without ``held_out``
intents chosen by a fixed seed. Test questions of the held-out intents, a sample of the others and
the out-of-scope ones go through the real bot — :class:`bot.conversation.Conversations` over a
SQLite store and the real searcher — one customer (session) each. The simulated customer acts
only on what the labels tell: a wrong answer is voted "not helpful" (often), a right one "helpful"
(sometimes), a right option among several is chosen, and with no right option the customer asks
for a person or leaves. The gap report is then read from that ledger and scored (:func:`score`):

- held_out_seen: share of the held-out intents' questions that became gap questions at all (the
  rest were answered wrongly and the customer left without a vote: invisible in any ledger);
- purity: share of a topic's questions that belong to its majority intent (out-of-scope questions
  count as one label), weighted by size, over topics of at least ``MIN_TOPIC`` questions;
- coverage: share of held-out intents recovered, i.e. the majority of some topic of at least
  ``MIN_TOPIC`` questions with at least ``MIN_PURITY`` purity;
- together: share of a held-out intent's gap questions in its biggest topic, averaged (how little
  a missing topic is split up);
- write_new: share of held-out intents whose recovering topic is recommended ``write_new``;
- noise: share of topics of at least ``MIN_TOPIC`` questions whose majority is not held out;
- kb_fixed: share of those whose majority is an intent in the knowledge base that are told to
  change that intent's own article (add phrasings, improve or translate it);
- found_on_top: held-out intents recovered by the first ``2 × held_out`` topics (what an editor reads).
"""
from __future__ import annotations

import datetime as dt
import random
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from askdesk.analytics.clustering import DISTANCE
from askdesk.analytics.gaps import WRITE_NEW, find_gaps
from askdesk.analytics.ledger import read_ledger
from askdesk.bot.conversation import Conversations
from askdesk.bot.decision import Thresholds
from askdesk.core.jsonlines import read_objects
from askdesk.indexer import layout
from askdesk.indexer.build import build_index
from askdesk.indexer.encoders import Encoder
from askdesk.indexer.search import Searcher
from askdesk.kb.importer import read_jsonl, write_articles
from askdesk.store import open_store

MIN_TOPIC = 3
MIN_PURITY = 0.6
OUT_OF_SCOPE = "(out of scope)"
ANSWERS = ("answer", "maybe", "offer_next", "chosen")


@dataclass(frozen=True)
class Customer:
    """How often the simulated customer does each thing the labels allow."""
    vote_wrong: float = 0.7      # votes a wrong answer "not helpful" (else leaves without a word)
    vote_right: float = 0.3      # votes a right answer "helpful"
    choose_right: float = 0.8    # picks the right one of several options
    ask_person: float = 0.5      # asks for a person when no option is right (else leaves)


@dataclass(frozen=True)
class Plan:
    held_out: int = 12           # intents left out of the knowledge base
    phrasings: int = 30          # phrasings kept per intent in the knowledge base
    held_out_questions: int = 20  # test questions asked per held-out intent
    kept_questions: int = 20     # ... per intent in the knowledge base
    seed: int = 7


def score(topics: Sequence[tuple[Sequence[str], str, str | None]], held_out: set[str], *, min_topic: int = MIN_TOPIC,
          min_purity: float = MIN_PURITY) -> dict:
    """Figures for ranked topics given as (true labels of their questions, recommended action, the
    article it would change)."""
    sized = []    # (rank, majority label, its count, size, action, article) of the topics of min_topic or more
    for position, (labels, action, article) in enumerate(topics):
        if len(labels) >= min_topic:
            (label, count), = Counter(labels).most_common(1)
            sized.append((position, label, count, len(labels), action, article))
    recovered: dict[str, tuple[int, str]] = {}     # held-out intent → rank and action of its first topic
    for position, label, count, size, action, _ in sized:
        if label in held_out and count / size >= min_purity:
            recovered.setdefault(label, (position, action))
    in_kb = [(label, article) for _, label, _, _, _, article in sized
             if label not in held_out and label != OUT_OF_SCOPE]
    asked = Counter(label for labels, _, _ in topics for label in labels if label in held_out)
    biggest: Counter[str] = Counter()     # held-out intent → most of its questions in one topic
    for labels, _, _ in topics:
        for label, count in Counter(labels).items():
            biggest[label] = max(biggest[label], count)
    total = sum(size for _, _, _, size, _, _ in sized)
    ratio = lambda a, b: round(a / b, 3) if b else None  # noqa: E731
    return {"topics": len(topics), f"topics_{min_topic}plus": len(sized),
            "purity": ratio(sum(count for _, _, count, _, _, _ in sized), total),
            "coverage": ratio(len(recovered), len(held_out)),
            "together": ratio(sum(biggest[label] / asked[label] for label in asked), len(held_out)),
            "write_new": ratio(sum(a == WRITE_NEW for _, a in recovered.values()), len(held_out)),
            "noise": ratio(len(sized) - sum(label in held_out for _, label, *_ in sized), len(sized)),
            "kb_fixed": ratio(sum(label == article for label, article in in_kb), len(in_kb)),
            "found_on_top": ratio(sum(p < 2 * len(held_out) for p, _ in recovered.values()), len(held_out))}


def read_queries(path: Path) -> list[tuple[str, str]]:
    """(question, its intent or OUT_OF_SCOPE) from a queries file."""
    return [(d["query"], (d.get("expected") or [OUT_OF_SCOPE])[0]) for _, d in read_objects(path)]


def ask(conversations: Conversations, text: str, truth: str, customer: Customer, rng: random.Random) -> str:
    """One customer's session: the question, then what the labels say they would do. Returns its id."""
    sid = conversations.start("en").session_id
    reply = conversations.message(sid, text)
    while reply.action in (*ANSWERS, "clarify"):   # ends: each vote or choice moves the policy on
        shown = [a.id for a in reply.articles]
        if reply.action == "clarify":
            if truth in shown and rng.random() < customer.choose_right:
                reply = conversations.choose(sid, truth)
                continue
            if truth not in shown and rng.random() < customer.ask_person:
                conversations.request_person(sid)
            break
        right = shown[0] == truth
        if right or rng.random() >= customer.vote_wrong:
            if right and rng.random() < customer.vote_right:
                conversations.feedback(sid, shown[0], True)
            break
        reply = conversations.feedback(sid, shown[0], False)
    return sid


def run(kb: Path, queries: Path, encoder: Encoder, thresholds: Thresholds, plan: Plan = Plan(),
        customer: Customer = Customer(), distances: Sequence[float] = (DISTANCE,),
        work: Path | None = None) -> dict:
    """Build the reduced knowledge base, run the traffic, score the gap report at each distance."""
    started = time.perf_counter()
    rng = random.Random(plan.seed)
    entries = read_jsonl(kb)
    held_out = set(rng.sample(sorted(e.id for e in entries), plan.held_out))
    kept = [e for e in entries if e.id not in held_out]
    for entry in kept:
        entry.questions = entry.questions[:plan.phrasings]
    by_intent: dict[str, list[str]] = {}
    for text, truth in read_queries(queries):
        by_intent.setdefault(truth, []).append(text)
    traffic = [(q, truth) for truth, texts in sorted(by_intent.items())
               for q in (texts if truth == OUT_OF_SCOPE else
                         texts[:plan.held_out_questions] if truth in held_out else
                         rng.sample(texts, min(plan.kept_questions, len(texts))))]
    rng.shuffle(traffic)
    with tempfile.TemporaryDirectory(prefix="askdesk-gaps-", dir=work) as tmp:
        write_articles(kept, Path(tmp) / "content")
        build_index(Path(tmp) / "content", Path(tmp) / "index", encoder, locales=("en", "ru"))
        searcher = Searcher(layout.current_build(Path(tmp) / "index"), encoder)
        store = open_store(f"sqlite:///{tmp}/ledger.db")
        try:
            start = dt.datetime.now(dt.UTC)
            conversations = Conversations(store, lambda: searcher, lambda: thresholds,
                                          reply_within_hours=24, max_text_chars=1000)
            truth_of = {ask(conversations, text, truth, customer, rng): truth for text, truth in traffic}
            end = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)
            sessions = read_ledger(store, start.isoformat(), end.isoformat())
            asked_held_out = sum(truth in held_out for _, truth in traffic)
            results = []
            for distance in distances:
                report = find_gaps(sessions, encoder, searcher, thresholds, start, end, distance)
                labelled = [([truth_of[q.session_id] for q in t.questions], t.action.kind, t.action.article)
                            for t in report.topics]
                gaps_held_out = sum(truth in held_out for labels, _, _ in labelled for truth in labels)
                results.append({"distance": distance, "gap_questions": report.questions,
                                "held_out_seen": round(gaps_held_out / max(1, asked_held_out), 3),
                                **score(labelled, held_out)})
        finally:
            searcher.close()
            store.close()
    return {"kb": str(kb), "queries": str(queries), "encoder": encoder.name, "seed": plan.seed,
            "held_out": sorted(held_out),
            "questions": len(traffic), "asked_held_out": asked_held_out,
            "thresholds": {"answer": thresholds.answer, "handoff": thresholds.handoff},
            "seconds": round(time.perf_counter() - started, 1), "results": results}


def table(report: dict) -> str:
    """The results as a Markdown table."""
    keys = ["distance", "gap_questions", "held_out_seen", "topics", f"topics_{MIN_TOPIC}plus", "purity", "coverage",
            "together", "write_new", "noise", "kb_fixed", "found_on_top"]
    lines = [f"{report['kb']} ({report['encoder']}, seed {report['seed']}, thresholds {report['thresholds']}): "
             f"{report['questions']} questions, {len(report['held_out'])} intents held out, {report['seconds']} s",
             "| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
    lines += ["| " + " | ".join(str(r[k]) for k in keys) + " |" for r in report["results"]]
    return "\n".join(lines)
