"""The engine interface and the one mapping from engine name to factory."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

__all__ = ["ENGINES", "Engine", "EngineSpec", "Utterance", "build_engine"]


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
    model_dir: Path | None = None  # coqui: the model directory (config.json + checkpoint); else model_path
    speaker: str | None = None  # coqui: a multi-speaker model's speaker (None: its first)
    speaker_wav: Path | None = None  # coqui: a reference recording to clone (XTTS and other cloning models)
    language: str | None = None  # coqui: a multilingual model's language (None: "en" if it has it)


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


def _coqui(spec: EngineSpec) -> Engine:
    from models.tts.coqui import CoquiEngine

    model_dir = spec.model_dir or spec.model_path
    if model_dir is None:
        raise ValueError("the coqui engine needs a model directory (model_dir)")
    return CoquiEngine.load(
        model_dir,
        use_gpu=spec.use_gpu,
        speaker=spec.speaker,
        speaker_wav=spec.speaker_wav,
        language=spec.language,
        threads=spec.threads,
    )


ENGINES: dict[str, Callable[[EngineSpec], Engine]] = {"piper": _piper, "coqui": _coqui}


def build_engine(spec: EngineSpec) -> Engine:
    """Load the engine a spec names."""
    try:
        factory = ENGINES[spec.name]
    except KeyError:
        raise ValueError(f"unknown TTS engine {spec.name!r}; choose one of {sorted(ENGINES)}") from None
    return factory(spec)
