"""A text-to-audio diffusion decoder: a diffusers pipeline (Stable Audio Open, AudioLDM 2) from a local folder.

The conditioning's prompt plus words read off its texture ("distant, light rain, muffled") is rendered
with a fixed negative prompt ("speech, music, voice") and a generator seeded from the texture's seed, so a
render is a pure function of (prompt, seed, length) and repeats are served from memory. A pipeline
renders at most `max_clip_s` at once (Stable Audio Open: 47.5 s; AudioLDM 2: 10.24 s); a longer bed
loops its clip with equal-power crossfades. The output is mono float32 at the pipeline's rate, DC-free,
peak-normalised to 0.9, with short fades (no fade-in when the clip continues a previous one).

Which pipeline a folder holds is read from `model_index.json` (`_class_name`); nothing is downloaded.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import warnings
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from models.device import torch_device
from models.ambience.events import Conditioning, Texture, catalogue
from models.ambience.loop import loop
from models.errors import InputError

__all__ = ["DEFAULT_NEGATIVE_PROMPT", "SUPPORTED_PIPELINES", "DiffusionDecoder", "texture_words"]

log = logging.getLogger(__name__)

DEFAULT_NEGATIVE_PROMPT = "speech, music, voice"
SUPPORTED_PIPELINES = ("StableAudioPipeline", "AudioLDM2Pipeline")
_DEFAULT_GUIDANCE = {"StableAudioPipeline": 7.0, "AudioLDM2Pipeline": 3.5}
PEAK = 0.9
FADE_S = 0.02  # clicks out; the mixer does the audible fades
LOOP_CROSSFADE_S = 0.5
_SOFT_HARD = {"weather": ("light", "heavy"), "water": ("gentle", "rushing"), "nature": ("gentle", "strong")}


def texture_words(texture: Texture, group: str = "") -> tuple[str, str, str]:
    """Words for a texture: (before the sound, the sound's adjective, after it), each possibly empty."""
    soft, hard = _SOFT_HARD.get(group, ("soft", "loud"))
    distance = "distant" if texture.distance >= 0.65 else "close-up" if texture.distance <= 0.15 else ""
    intensity = soft if texture.intensity <= 0.3 else hard if texture.intensity >= 0.75 else ""
    after = []
    if texture.brightness <= 0.3:
        after.append("muffled")
    elif texture.brightness >= 0.75:
        after.append("bright")
    if texture.density <= 0.25:
        after.append("sparse")
    elif texture.density >= 0.75:
        after.append("dense")
    return distance, intensity, ", ".join(after)


def _one_line(text: object, limit: int = 200) -> str:
    lines = str(text).strip().splitlines()
    return (lines[0] if lines else "")[:limit]


@contextlib.contextmanager
def _quiet_loading() -> Iterator[None]:
    """No progress bars and no 'install accelerate' advice while a pipeline loads; restored after."""
    from diffusers.utils import logging as dlog
    from transformers.utils import logging as tlog

    saved = [(m, m.get_verbosity(), m.is_progress_bar_enabled()) for m in (dlog, tlog)]
    for module in (dlog, tlog):
        module.set_verbosity_error()
        module.disable_progress_bar()
    try:
        yield
    finally:
        for module, verbosity, bars in saved:
            module.set_verbosity(verbosity)
            if bars:
                module.enable_progress_bar()


@dataclass
class DiffusionDecoder:
    """A diffusers text-to-audio pipeline loaded once; `render` is deterministic per (prompt, seed, length)."""

    pipe: Any = field(repr=False)
    pipeline_class: str
    sample_rate: int
    max_clip_s: float
    min_clip_s: float = 0.0
    device: str = "cpu"
    steps: int = 100
    guidance: float = 7.0
    negative_prompt: str = DEFAULT_NEGATIVE_PROMPT
    model_id: str = ""
    cache_size: int = 32
    _cache: OrderedDict[tuple[str, int, int], np.ndarray] = field(default_factory=OrderedDict, repr=False)

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(
        cls,
        model_dir: Path | str,
        *,
        use_gpu: bool = False,
        steps: int = 100,
        guidance: float | None = None,
        negative_prompt: str = DEFAULT_NEGATIVE_PROMPT,
        cache_size: int = 32,
    ) -> DiffusionDecoder:
        """Load the pipeline saved in `model_dir` (on CUDA when `use_gpu` and it is there, else the CPU).

        A folder that is not a supported diffusers pipeline raises `InputError` with a one-line reason.
        `guidance` defaults to the pipeline's own default (Stable Audio 7.0, AudioLDM 2 3.5).
        """
        directory = Path(model_dir).expanduser()
        class_name = _pipeline_class(directory)
        if steps < 1:
            raise ValueError(f"steps must be at least 1, not {steps}")


        device = torch_device(use_gpu, "diffusion decoder")
        import diffusers

        pipeline_type = getattr(diffusers, class_name)
        try:
            with _quiet_loading(), warnings.catch_warnings():
                # diffusers' Oobleck VAE still builds with the old weight_norm, which torch deprecates.
                warnings.filterwarnings("ignore", message=r".*weight_norm", category=FutureWarning)
                pipe = pipeline_type.from_pretrained(str(directory), local_files_only=True)
        except Exception as exc:  # missing component folders, truncated weights, mismatched configs...
            raise InputError(directory, f"cannot load the {class_name} ({type(exc).__name__}: {_one_line(exc)})") from exc
        pipe = pipe.to(device)
        pipe.set_progress_bar_config(disable=True)

        if class_name == "StableAudioPipeline":
            rate = int(pipe.vae.config.sampling_rate)
            longest = pipe.transformer.config.sample_size * pipe.vae.hop_length / rate
            longest = min(longest, float(pipe.projection_model.config.max_value))
            shortest = 1.0 / rate
        else:  # AudioLDM2Pipeline
            rate = int(pipe.vocoder.config.sampling_rate)
            upsample = float(np.prod(pipe.vocoder.config.upsample_rates)) / rate
            longest = pipe.unet.config.sample_size * pipe.vae_scale_factor * upsample
            shortest = upsample * pipe.vae_scale_factor
            _mend_audioldm2_language_model(pipe.language_model)
        guidance = _DEFAULT_GUIDANCE[class_name] if guidance is None else float(guidance)
        digest = hashlib.sha256((directory / "model_index.json").read_bytes()).hexdigest()[:12]
        model_id = f"diffusion-{directory.name}-{digest}-s{steps}-g{guidance:g}"
        return cls(pipe=pipe, pipeline_class=class_name, sample_rate=rate, max_clip_s=float(longest),
                   min_clip_s=float(shortest), device=device, steps=steps, guidance=guidance,
                   negative_prompt=negative_prompt, model_id=model_id, cache_size=cache_size)

    # ------------------------------------------------------------------ rendering

    def prompt_for(self, conditioning: Conditioning) -> str:
        """The text prompt: the conditioning's description with the texture in words."""
        label = conditioning.label
        text = conditioning.prompt.strip()
        if text.lower().startswith(label.lower() + ":"):  # the bridge writes "Label: description"
            description = text[len(label) + 1:].strip()
            head = label.split(",")[0].strip().lower()
            text = description if head and head in description.lower() else f"{head}, {description}"
        text = text or label.lower()
        known = catalogue().get(label)
        before, adjective, after = texture_words(conditioning.texture, known.group if known else "")
        parts = [before, f"{adjective} {text}".strip(), after]
        if conditioning.kind == "bed" and "ambien" not in text.lower():
            parts.append("ambience")
        return ", ".join(p for p in parts if p)

    def render(self, conditioning: Conditioning, duration_s: float) -> np.ndarray:
        """Mono float32 audio of `duration_s` seconds at `sample_rate`."""
        n = round(float(duration_s) * self.sample_rate)
        if n <= 0:
            return np.zeros(0, dtype=np.float32)
        prompt = self.prompt_for(conditioning)
        seed = int(conditioning.texture.seed) % (2**63)
        key = (prompt, seed, n)
        audio = self._cache.get(key)
        if audio is None:
            clip_s = min(n / self.sample_rate, self.max_clip_s)
            clip = self._generate(prompt, seed, clip_s)
            audio = _normalise(loop(clip, n, int(LOOP_CROSSFADE_S * self.sample_rate)))
            self._cache[key] = audio
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        return _fade(audio, int(FADE_S * self.sample_rate), fade_in=conditioning.texture.continuity <= 0)

    def _generate(self, prompt: str, seed: int, seconds: float) -> np.ndarray:
        """One clip of about `seconds` (mono float32, DC removed) from the pipeline."""
        import torch

        seconds = max(seconds, self.min_clip_s)  # shorter asks are cut from the shortest clip
        generator = torch.Generator(device="cpu").manual_seed(seed)  # CPU noise: the same on any device
        kwargs: dict[str, Any] = {"negative_prompt": self.negative_prompt or None, "num_inference_steps": self.steps,
                                  "guidance_scale": self.guidance, "generator": generator, "output_type": "np"}
        if self.pipeline_class == "StableAudioPipeline":
            kwargs["audio_end_in_s"] = seconds
        else:
            kwargs["audio_length_in_s"] = seconds
        with torch.inference_mode(), warnings.catch_warnings():
            # torchsde's Brownian tree warns about float rounding at the ends of its interval; harmless.
            warnings.filterwarnings("ignore", message=r"Should have t", category=UserWarning)
            # AudioLDM 2 drives its GPT-2 with `past_key_values`, which transformers 5 deprecates.
            warnings.filterwarnings("ignore", message=r".*past_key_values", category=FutureWarning)
            out = self.pipe(prompt, **kwargs)
        audio = np.asarray(out.audios[0], dtype=np.float32)
        if audio.ndim == 2:  # (channels, samples): downmix
            audio = audio.mean(axis=0)
        audio = audio.reshape(-1)
        if not np.all(np.isfinite(audio)):
            log.warning("the %s produced non-finite samples for %r; they are silenced", self.pipeline_class, prompt)
            audio = np.nan_to_num(audio, nan=0.0, posinf=0.0, neginf=0.0)
        if audio.size:
            audio = audio - np.float32(audio.mean())
        return audio.astype(np.float32, copy=False)

    def clear_cache(self) -> None:
        self._cache.clear()


def _pipeline_class(directory: Path) -> str:
    if not directory.is_dir():
        raise InputError(directory, "no such model directory")
    index = directory / "model_index.json"
    if not index.is_file():
        raise InputError(directory, "no model_index.json: not a diffusers pipeline folder")
    try:
        data = json.loads(index.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(index, f"not valid JSON ({_one_line(exc)})") from exc
    name = data.get("_class_name") if isinstance(data, dict) else None
    if name not in SUPPORTED_PIPELINES:
        raise InputError(directory, f"unsupported pipeline {_one_line(name, 80)!r} in model_index.json "
                                    f"(taleforge renders with {' or '.join(SUPPORTED_PIPELINES)})")
    return str(name)


def _mend_audioldm2_language_model(language_model: Any) -> None:
    """Let AudioLDM 2's GPT-2 run under transformers 5.

    The pipeline calls `language_model._update_model_kwargs_for_generation` between steps, a
    GenerationMixin method that the bare `GPT2Model` (what released AudioLDM 2 folders hold) no longer
    inherits in transformers 5. The pipeline only needs the cache carried over and the mask grown.
    """
    if hasattr(language_model, "_update_model_kwargs_for_generation"):
        return
    import torch

    def update(outputs: Any, model_kwargs: dict[str, Any], **_: Any) -> dict[str, Any]:
        model_kwargs["past_key_values"] = outputs.past_key_values
        mask = model_kwargs.get("attention_mask")
        if mask is not None:
            model_kwargs["attention_mask"] = torch.cat([mask, mask.new_ones((mask.shape[0], 1))], dim=-1)
        return model_kwargs

    language_model._update_model_kwargs_for_generation = update


def _normalise(audio: np.ndarray) -> np.ndarray:
    peak = float(np.max(np.abs(audio))) if audio.size else 0.0
    if peak > 0:
        audio = np.clip(audio * np.float32(PEAK / peak), -PEAK, PEAK)  # clip: float32 rounding at the peak
    return audio.astype(np.float32, copy=False)


def _fade(audio: np.ndarray, length: int, *, fade_in: bool) -> np.ndarray:
    out = audio.copy()
    length = min(length, out.size // 4)
    if length > 0:
        ramp = np.sin(np.linspace(0.0, np.pi / 2, length, dtype=np.float32)) ** 2
        if fade_in:
            out[:length] *= ramp
        out[-length:] *= ramp[::-1]
    return out
