"""Connecting to Ray and sizing the actor pools to the cluster."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

__all__ = ["PoolSize", "connect", "decoder_gpu_share", "pool_size"]

log = logging.getLogger(__name__)


def connect(address: str | None = None, num_cpus: int | None = None) -> None:
    """Join `address` (or RAY_ADDRESS) if given, else start a local Ray with `num_cpus` (TALEFORGE_RAY_CPUS;
    default: all of this machine's)."""
    import ray

    if ray.is_initialized():
        return
    if logging.getLogger().getEffectiveLevel() > logging.INFO:
        # Ray sets its own logger up on import; its start-up notices are for cluster operators.
        logging.getLogger("ray").setLevel(logging.ERROR)
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    if address:
        ray.init(address=address, log_to_driver=False, configure_logging=False)
    else:
        if num_cpus is None:
            from flows.settings import environment

            num_cpus = environment().ray_cpus
        ray.init(num_cpus=num_cpus or None, include_dashboard=False, log_to_driver=False, configure_logging=False)
    log.info("Ray resources: %s", ray.cluster_resources())


@dataclass(frozen=True)
class PoolSize:
    """How many actors of each kind, how many threads each narrator's engine runs, and its GPU share."""

    narrators: int
    narrator_threads: int
    mixers: int
    narrator_gpus: float = 0.0


def pool_size(chapters: int, requested: int = 0, *, use_gpus: bool = True, share: float = 1.0,
              gpu_per_narrator: float | None = None) -> PoolSize:
    """Narrators to fit `share` of the cluster, never more than chapters.

    On CPUs: one narrator per CPU. With GPUs (when the engine uses one): each narrator takes
    `gpu_per_narrator` of a GPU (TALEFORGE_GPU_PER_NARRATOR, default 0.5: two small TTS models share a
    card), as many as the cluster's GPUs and CPUs hold.
    """
    import ray

    resources = ray.cluster_resources()
    share = min(max(share, 0.0), 1.0) or 1.0
    cpus = max(1, int(resources.get("CPU", 1) * share))
    gpus = resources.get("GPU", 0.0) * share if use_gpus else 0.0
    per_gpu = gpu_per_narrator if gpu_per_narrator is not None else float(os.environ.get("TALEFORGE_GPU_PER_NARRATOR", "0.5"))
    per_gpu = min(max(per_gpu, 0.01), 1.0)
    fit = int(gpus / per_gpu + 1e-9) if gpus >= per_gpu else 0
    wanted = requested or (fit if fit else cpus)
    narrators = max(1, min(wanted, chapters, cpus))
    threads = max(1, cpus // narrators) if not fit else 1
    # Mixing a chapter takes a fraction of narrating it, but at the end of a book (or when a restart finds
    # chapters fully voiced) every stem waits for a mixer at once: two at least, more on bigger pools.
    mixers = max(1, min(narrators, 2 + narrators // 4))
    return PoolSize(narrators=narrators, narrator_threads=threads, mixers=mixers, narrator_gpus=per_gpu if fit else 0.0)


def decoder_gpu_share() -> float:
    """The GPU share the ambience actor asks for when it runs a diffusion decoder: TALEFORGE_GPU_PER_DECODER
    (default 0.25) where the cluster has a GPU, else none (the decoder runs on CPU)."""
    import ray

    share = min(max(float(os.environ.get("TALEFORGE_GPU_PER_DECODER", "0.25")), 0.01), 1.0)
    return share if ray.cluster_resources().get("GPU", 0.0) >= share else 0.0
