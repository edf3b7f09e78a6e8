"""A sentence-embedding method for "made before": WordLlama's static token embeddings, whose
weights ship inside the ``wordllama`` wheel (no download: the loader is pointed at the installed
package folder with ``disable_download=True``). Optional: ``pip install wordllama``; it needs
numpy, tokenizers and safetensors, not torch. Compared with the lexical methods in
bench/made_before.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any


class WordLlamaMethod:
    name = "wordllama"

    def __init__(self, threshold: float = 0.6, dim: int = 256) -> None:
        self.threshold = threshold
        self.dim = dim
        self._model: Any = None
        self._vectors: Any = None

    def _load(self) -> Any:
        if self._model is None:
            import wordllama
            from wordllama import WordLlama

            folder = Path(wordllama.__file__).parent
            self._model = WordLlama.load(
                cache_dir=folder, disable_download=True, dim=self.dim, trunc_dim=None
            )
        return self._model

    def fit(self, texts: Sequence[str]) -> None:
        import numpy

        vectors = numpy.asarray(self._load().embed(list(texts), norm=False), dtype="float32")
        norms = numpy.linalg.norm(vectors, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        self._vectors = vectors / norms

    def scores(self, query: int, floor: float = 0.0) -> dict[int, float]:
        similarities = self._vectors @ self._vectors[query]
        result = {index: float(value) for index, value in enumerate(similarities) if value > 0}
        result.pop(query, None)
        return result
