"""The help center asks itself questions it knows the answers to, to calibrate the confidence.

Over a few folds, some articles are held out entirely (their phrasings become questions nothing
answers: out of scope) and a phrasing or two of every other article is held out of it (a question
whose right answer is known: in scope). Each fold is a real, searchable build of the reduced
content: keyword index rebuilt, vectors taken from the full build without the held-out rows (no
text is embedded again), the phrasing classifier retrained, so nothing held out leaks into the
signals. The real :class:`~askdesk.indexer.search.Searcher` then answers every question, and the
signals of its answers are what :func:`askdesk.indexer.calibration.fit` learns from. A fixed set
of everyday questions no help center answers (weather, jokes, other services) joins the
out-of-scope side in English and Russian.
"""
from __future__ import annotations

import dataclasses
import json
import random
import shutil
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from askdesk.indexer.calibration import MIN_IN_SCOPE, MIN_OUT_OF_SCOPE, Calibration, fit, search_features
from askdesk.indexer.classifier import PhrasingClassifier
from askdesk.indexer.embedding_cache import EmbeddingCache
from askdesk.indexer.encoders import Encoder
from askdesk.indexer.keyword import KeywordIndex, visibility
from askdesk.indexer.search import PUBLIC, Searcher
from askdesk.indexer.vectors import FaissVectorIndex
from askdesk.kb.model import Article

FOLDS = 4
HELD_PHRASINGS = 2          # per article and fold, at most
MAX_IN_SCOPE = 900
MAX_OUT_OF_SCOPE = 500
SEED = 20261201
FOLD_CLASSIFIER_ITERATIONS = 200   # a fold's classifier need not converge as far as the served one

EVERYDAY = {
    "en": ("what's the weather like tomorrow", "tell me a joke", "who won the football last night",
           "what time is it in tokyo", "can you recommend a good movie", "how do i cook pasta",
           "what is the capital of australia", "are you a robot", "i am bored", "write me a poem about cats",
           "how tall is mount everest", "what's 15% of 80", "translate hello into spanish",
           "do you know any good restaurants nearby", "how do i fix my car's flat tyre",
           "when is the next bus to the airport", "what's the best phone to buy this year",
           "can you help me with my maths homework", "what are your thoughts on politics",
           "how many calories in a banana", "book me a flight to berlin", "where can i watch the match",
           "how do i lose weight fast", "what's the meaning of life", "my cat keeps sneezing what do i do",
           "how do i renew my passport", "recommend a podcast", "is it going to rain this weekend",
           "what's the exchange rate for dollars", "who is the president of france"),
    "ru": ("какая погода завтра", "расскажи анекдот", "кто выиграл вчерашний матч", "сколько времени в токио",
           "посоветуй хороший фильм", "как сварить борщ", "какая столица австралии", "ты робот?", "мне скучно",
           "напиши стих про кота", "какая высота эвереста", "сколько будет 15 процентов от 80",
           "переведи привет на английский", "где рядом хороший ресторан", "как поменять колесо у машины",
           "когда следующий автобус в аэропорт", "какой телефон лучше купить в этом году",
           "помоги с домашкой по математике", "что думаешь о политике", "сколько калорий в банане",
           "забронируй билет в москву", "как быстро похудеть", "в чем смысл жизни", "как продлить загранпаспорт",
           "будет ли дождь на выходных", "какой курс доллара сегодня"),
}


# Customers write longer and chattier than editors' phrasings: half of the simulated questions get
# a greeting or a sign-off, so the calibration does not expect every question to be as crisp.
CHATTY = {
    "en": (("hi, ", ""), ("hello, quick question: ", ""), ("hey ", " thanks"), ("", " please help"),
           ("good morning, ", "? thank you"), ("sorry to bother you but ", ""), ("", " asap pls")),
    "ru": (("здравствуйте, ", ""), ("привет, ", " спасибо"), ("добрый день, подскажите ", ""),
           ("", " помогите пожалуйста"), ("извините, ", "?")),
}


def chatty(text: str, locale: str, rng: random.Random) -> str:
    """``text`` as a customer might type it: lower case, maybe a greeting or a sign-off around it."""
    frames = CHATTY.get(locale)
    if not frames or rng.random() < 0.5:
        return text
    before, after = rng.choice(frames)
    return f"{before}{text.rstrip('?.!').lower() if before else text.rstrip('?.!')}{after}"


@dataclass(frozen=True)
class Question:
    text: str
    locale: str
    expected: str | None   # the article id that answers it; None: out of scope
    fold: int
    held: str = ""         # the phrasing held out of its article (``text`` may dress it up)


def _held_phrasings(article: Article) -> list[str]:
    """What a customer might ask, written by the editors: questions and aliases (not the title)."""
    return list(dict.fromkeys(t.strip() for t in [*article.questions, *article.aliases] if t.strip()))


def plan(articles: list[Article], folds: int = FOLDS, seed: int = SEED) -> dict[int, tuple[set[str], list[Question]]]:
    """For each fold: the article ids held out entirely, and the questions asked in that fold."""
    rng = random.Random(seed)
    public = [a for a in articles if visibility(a) == "public"]
    ids = sorted({a.id for a in public})
    rng.shuffle(ids)
    fold_of = {article_id: n % folds for n, article_id in enumerate(ids)}
    plans: dict[int, tuple[set[str], list[Question]]] = {}
    in_budget, out_budget = MAX_IN_SCOPE // folds, MAX_OUT_OF_SCOPE // folds
    for fold in range(folds):
        held_ids = {i for i, f in fold_of.items() if f == fold}
        inside, outside = [], []
        for article in public:
            phrasings = _held_phrasings(article)
            if article.id in held_ids:
                outside += [Question(chatty(t, article.locale, rng), article.locale, None, fold)
                            for t in [article.title, *phrasings]]
            elif len(phrasings) >= 2:   # keep at least one phrasing in the article
                for text in rng.sample(phrasings, min(HELD_PHRASINGS, len(phrasings) - 1)):
                    inside.append(Question(chatty(text, article.locale, rng), article.locale, article.id, fold, text))
        rng.shuffle(inside)
        rng.shuffle(outside)
        plans[fold] = (held_ids, inside[:in_budget] + outside[:out_budget])
    return plans


def _fold_articles(articles: list[Article], held_ids: set[str], questions: list[Question]) -> list[Article]:
    held = {(q.locale, q.expected, q.held) for q in questions if q.expected}
    kept = []
    for article in articles:
        if article.id in held_ids:
            continue
        gone = {text for locale, article_id, text in held if locale == article.locale and article_id == article.id}
        if gone:
            article = dataclasses.replace(article, questions=[q for q in article.questions if q.strip() not in gone],
                                          aliases=[a for a in article.aliases if a.strip() not in gone])
        kept.append(article)
    return kept


def _write_fold(build: Path, manifest: dict, folder: Path, articles: list[Article], vectors: FaissVectorIndex,
                keyword_index: type[KeywordIndex], classifier_max_articles: int) -> None:
    """A searchable build of ``articles`` in ``folder``, from the full ``build``'s vectors (its
    manifest is ``manifest``)."""
    folder.mkdir(parents=True)
    keyword_index.build(folder / "keyword", articles)
    wanted = {(a.key, t) for a in articles for t in a.phrasings()}
    keys = {a.key for a in articles}
    rows = [i for i, u in enumerate(vectors.units) if u is not None and u.key in keys
            and (u.kind != "phrase" or (u.key, u.text) in wanted)]
    matrix = vectors.vectors()[rows] if rows else np.zeros((0, vectors.vectors().shape[1]), np.float32)
    fold_vectors = FaissVectorIndex.from_vectors(matrix, [vectors.units[i] for i in rows])
    fold_vectors.save(folder)
    with warnings.catch_warnings():   # stopping early is the point here
        warnings.simplefilter("ignore", ConvergenceWarning)
        classifier = PhrasingClassifier.for_phrasings(matrix, fold_vectors.units, {a.key: a.id for a in articles},
                                                      classifier_max_articles, max_iter=FOLD_CLASSIFIER_ITERATIONS)
    if classifier is not None:
        classifier.save(folder / "classifier.npz")
    shutil.copy(build / "vocabulary.json", folder / "vocabulary.json")
    (folder / "articles.json").write_text(json.dumps([a.to_dict() for a in articles], ensure_ascii=False),
                                          encoding="utf-8")
    (folder / "manifest.json").write_text(json.dumps({**manifest, "build_id": folder.name}), encoding="utf-8")


class _Remembering:
    """An encoder that answers from vectors computed beforehand in batches (one question at a
    time costs the encoder several times more per text) and asks the real one for the rest."""

    def __init__(self, encoder: Encoder, texts: list[str], cache: Path | None = None):
        self.name, self.dim, self._encoder = encoder.name, encoder.dim, encoder
        unique = list(dict.fromkeys(texts))
        if cache is not None:   # the index's embedding cache: the next build embeds none of them again
            store = EmbeddingCache(cache)
            try:
                vectors, _ = store.encode(encoder, unique)
            finally:
                store.close()
        else:
            vectors = encoder.encode(unique) if unique else np.zeros((0, encoder.dim), np.float32)
        self._known = dict(zip(unique, vectors))

    def encode(self, texts):
        missing = [t for t in dict.fromkeys(texts) if t not in self._known]
        if missing:
            self._known.update(zip(missing, self._encoder.encode(missing)))
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return np.vstack([self._known[t] for t in texts]).astype(np.float32)


@dataclass
class Simulated:
    """The simulated questions' calibration features and outcomes, row by row."""
    rows: list[list[float]] = dataclasses.field(default_factory=list)
    right: list[bool] = dataclasses.field(default_factory=list)
    in_scope: list[bool] = dataclasses.field(default_factory=list)
    folds: list[int] = dataclasses.field(default_factory=list)


def simulate(build: Path, manifest: dict, articles: list[Article], encoder: Encoder,
             keyword_index: type[KeywordIndex], *, classifier_max_articles: int, plans: dict | None = None,
             cache: Path | None = None) -> Simulated:
    """Ask every planned question (:func:`plan`) of a fold of the ``build`` folder (whose manifest
    is ``manifest``) against that fold's build, and collect the features of the answers."""
    plans = plan(articles) if plans is None else plans
    vectors = FaissVectorIndex.load(build)
    out = Simulated()
    work = build / ".calibration"
    everyday = [(t, loc) for loc, texts in EVERYDAY.items() for t in texts]
    encoder = _Remembering(encoder, [q.text for _, questions in plans.values() for q in questions]
                           + [t for t, _ in everyday], cache)
    try:
        for fold, (held_ids, questions) in plans.items():
            folder = work / f"fold-{fold}"
            _write_fold(build, manifest, folder, _fold_articles(articles, held_ids, questions), vectors,
                        keyword_index, classifier_max_articles)
            searcher = Searcher(folder, encoder)
            try:
                asked = [*questions, *(Question(t, loc, None, fold) for t, loc in everyday[fold::len(plans)])]
                for q in asked:
                    hits = searcher.search(q.text, locale=q.locale, scope=PUBLIC, limit=10).hits
                    out.rows.append(search_features(q.text, hits))
                    out.right.append(q.expected is not None and bool(hits) and hits[0].id == q.expected)
                    out.in_scope.append(q.expected is not None)
                    out.folds.append(fold)
            finally:
                searcher.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


def calibrate(build: Path, manifest: dict, articles: list[Article], encoder: Encoder,
              keyword_index: type[KeywordIndex], *, classifier_max_articles: int,
              cache: Path | None = None) -> tuple[Calibration | None, dict]:
    """Simulate questions over folds of ``build`` (a finished but unpublished build folder whose
    manifest is ``manifest``) and fit the calibration; (None, why) when the content is too small."""
    plans = plan(articles)
    asked = [q for _, questions in plans.values() for q in questions]
    n_in = sum(q.expected is not None for q in asked)
    n_out = sum(q.expected is None for q in asked)
    if n_in < MIN_IN_SCOPE or n_out < MIN_OUT_OF_SCOPE:
        return None, {"status": "skipped",
                      "reason": f"{n_in} answerable and {n_out} unanswerable simulated questions; calibration "
                                f"needs at least {MIN_IN_SCOPE} and {MIN_OUT_OF_SCOPE} (articles with 3 or more "
                                "`questions` each give more): the fixed thresholds apply"}
    sim = simulate(build, manifest, articles, encoder, keyword_index,
                   classifier_max_articles=classifier_max_articles, plans=plans, cache=cache)
    calibration = fit(sim.rows, sim.right, sim.in_scope, sim.folds)
    return calibration, {"status": "calibrated", "error": calibration.error, **calibration.samples}
