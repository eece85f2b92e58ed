"""A phrasing classifier: learns, from each article's own question phrasings, which article a
question is about.

Nearest-neighbour search over phrasings uses one phrasing at a time; a linear model trained on all
of them weighs the words that tell articles apart. It is trained at index time on the embeddings
already computed (multinomial logistic regression, scikit-learn) and stored as plain arrays.
Labels are article ids, shared by translations, so phrasings in every locale teach the same class.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

MIN_PHRASINGS_PER_ARTICLE = 3.0
REGULARISATION_C = 10.0


@dataclass
class PhrasingClassifier:
    classes: list[str]
    coef: np.ndarray       # (n_classes, dim)
    intercept: np.ndarray  # (n_classes,)

    @staticmethod
    def worth_training(labels: list[str], max_classes: int) -> bool:
        """Enough phrasings per article to learn from, and few enough articles to train quickly."""
        n_classes = len(set(labels))
        return 2 <= n_classes <= max_classes and len(labels) / n_classes >= MIN_PHRASINGS_PER_ARTICLE

    @classmethod
    def train(cls, vectors: np.ndarray, labels: list[str], max_iter: int = 1000) -> PhrasingClassifier:
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(C=REGULARISATION_C, max_iter=max_iter)
        model.fit(vectors, np.asarray(labels))
        return cls(classes=[str(c) for c in model.classes_], coef=model.coef_.astype(np.float32),
                   intercept=model.intercept_.astype(np.float32))

    @classmethod
    def for_phrasings(cls, vectors: np.ndarray, units: list, article_id: dict[str, str], max_articles: int,
                      max_iter: int = 1000) -> PhrasingClassifier | None:
        """Trained on the phrasing units among ``units`` (rows of ``vectors``; None for a retired
        row), each labelled with its article's id; None when :meth:`worth_training` says no."""
        rows = [i for i, u in enumerate(units) if u is not None and u.kind == "phrase"]
        labels = [article_id[units[i].key] for i in rows]
        if not cls.worth_training(labels, max_articles):
            return None
        return cls.train(vectors[rows], labels, max_iter=max_iter)

    def probabilities(self, queries: np.ndarray) -> np.ndarray:
        """(n_queries, n_classes) softmax probabilities."""
        logits = queries @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def save(self, path: Path) -> None:
        np.savez(path, classes=np.asarray(self.classes), coef=self.coef, intercept=self.intercept)

    @classmethod
    def load(cls, path: Path) -> PhrasingClassifier | None:
        if not path.exists():
            return None
        data = np.load(path, allow_pickle=False)
        return cls(classes=[str(c) for c in data["classes"]], coef=data["coef"], intercept=data["intercept"])
