"""Where a torch model runs: CUDA when asked for and present, otherwise the CPU (with a warning)."""

from __future__ import annotations

import logging

__all__ = ["torch_device"]

log = logging.getLogger(__name__)


def torch_device(use_gpu: bool, what: str) -> str:
    """"cuda" when `use_gpu` and CUDA is available; else "cpu", warning when a GPU was asked for."""
    if not use_gpu:
        return "cpu"
    import torch

    if torch.cuda.is_available():
        return "cuda"
    log.warning("a GPU was asked for but CUDA is not available; the %s runs on the CPU", what)
    return "cpu"
