"""Connecting to Ray and sizing the actor pools to the cluster."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

__all__ = ["connect", "PoolSize", "pool_size"]

log = logging.getLogger(__name__)

def connect(address: str | None = None) -> None:
    """Join `address` (or RAY_ADDRESS) if given, else start a local Ray sized to this machine."""
    _connect(address)


def _connect(address: str | None) -> None:
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
        ray.init(include_dashboard=False, log_to_driver=False, configure_logging=False)
    log.info("Ray resources: %s", ray.cluster_resources())


@dataclass(frozen=True)
class PoolSize:
    """How many actors of each kind, and how many threads each narrator's engine runs."""

    narrators: int
    narrator_threads: int
    mixers: int
    narrator_gpus: float = 0.0


def pool_size(chapters: int, requested: int = 0, *, use_gpus: bool = True) -> PoolSize:
    """One narrator per CPU (or per GPU when the engine uses one and the cluster has GPUs), never more than chapters."""
    import ray

    resources = ray.cluster_resources()
    cpus = max(1, int(resources.get("CPU", 1)))
    gpus = int(resources.get("GPU", 0)) if use_gpus else 0
    wanted = requested or (gpus if gpus else cpus)
    narrators = max(1, min(wanted, chapters, cpus))
    threads = max(1, cpus // narrators) if not gpus else 1
    mixers = max(1, narrators // 4)
    return PoolSize(narrators=narrators, narrator_threads=threads, mixers=mixers, narrator_gpus=1.0 if gpus else 0.0)
