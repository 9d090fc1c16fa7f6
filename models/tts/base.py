"""The engine interface and the one mapping from engine name to factory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol, runtime_checkable

import numpy as np

__all__ = ["Engine", "EngineSpec", "Utterance", "build_engine", "ENGINES"]


@dataclass(frozen=True)
class Utterance:
    """How to render one call: None means the voice's own default."""

    length_scale: float | None = None
    noise_scale: float | None = None
    noise_w_scale: float | None = None


@dataclass(frozen=True)
class EngineSpec:
    """Which engine and voice to load; picklable, so it can travel to an actor."""

    name: str = "piper"
    model_path: Path | None = None  # None: the bundled voice
    threads: int = 0  # 0: let the runtime decide
    use_gpu: bool = False


@runtime_checkable
class Engine(Protocol):
    """A loaded voice: mono float32 audio at `sample_rate` for a piece of text."""

    sample_rate: int
    voice_id: str

    def synthesize(self, text: str, utterance: Utterance | None = None) -> np.ndarray: ...

    def close(self) -> None: ...


def _piper(spec: EngineSpec) -> Engine:
    from models.tts.piper import PiperEngine

    return PiperEngine.load(spec.model_path, threads=spec.threads, use_gpu=spec.use_gpu)


ENGINES: dict[str, Callable[[EngineSpec], Engine]] = {"piper": _piper}


def build_engine(spec: EngineSpec) -> Engine:
    """Load the engine a spec names."""
    try:
        factory = ENGINES[spec.name]
    except KeyError:
        raise ValueError(f"unknown TTS engine {spec.name!r}; choose one of {sorted(ENGINES)}") from None
    return factory(spec)
