"""Coqui TTS voices (coqui-tts): any model directory as a trained or released model lays it out.

A directory holds `config.json` and one checkpoint (`model.pth`, `model_file.pth`, `best_model.pth`,
`checkpoint.pth`, or the only other `*.pth` there), plus whatever the model needs beside them
(`speakers.pth`, `vocab.json`, `speakers_xtts.pth`, ...). Nothing is ever downloaded.

How an `Utterance` maps onto a model:

* duration-predicting models (VITS, Glow-TTS, FastPitch/FastSpeech, AlignTTS, Delightful-TTS) take
  `length_scale`; VITS and Glow-TTS also take `noise_scale`, VITS `noise_w_scale` (the same knobs
  Piper exposes, Piper voices being VITS models);
* XTTS takes `length_scale` as `speed = 1 / length_scale`; its noise knobs do not exist;
* models with none of these (Tacotron, Overflow, Tortoise, Bark) ignore the utterance.

XTTS clones a voice: it needs `speaker_wav` (a reference recording, conditioned once at load) or
`speaker` naming one of its built-in voices (`speakers_xtts.pth`) or a voice cached in `<dir>/voices`.
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import json
import logging
import pickle
import sys
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from models.device import torch_device
from models.errors import InputError
from models.tts.base import Utterance

__all__ = ["CoquiEngine", "find_checkpoint"]

log = logging.getLogger(__name__)

# Checkpoint names in the order they are preferred: released models, then a trainer's output folder.
CHECKPOINT_NAMES = ("model.pth", "model_file.pth", "best_model.pth", "checkpoint.pth", "model_file.pth.tar")
# .pth files that sit beside a checkpoint but are not one.
AUX_FILES = {
    "speakers.pth", "speaker_ids.pth", "speakers_xtts.pth", "model_se.pth", "model_se.pth.tar",
    "dvae.pth", "mel_stats.pth", "language_ids.pth",
}  # fmt: skip
# Config fields naming files beside the checkpoint, with the names they usually have there.
AUX_FIELDS = {
    "speakers_file": ("speaker_ids.json", "speaker_ids.pth", "speakers.pth", "speakers.json"),
    "d_vector_file": ("speakers.json", "speakers.pth"),
    "language_ids_file": ("language_ids.json",),
    "speaker_encoder_model_path": ("model_se.pth", "model_se.pth.tar"),
    "speaker_encoder_config_path": ("config_se.json",),
    "tokenizer_file": ("vocab.json",),
}
# Utterance field -> model attribute it scales, for models that keep their knobs as attributes.
UTTERANCE_ATTRS = {
    "length_scale": "length_scale",
    "noise_scale": "inference_noise_scale",
    "noise_w_scale": "inference_noise_scale_dp",
}
QUIET_LOGGERS = ("TTS", "trainer")


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Keep coqui-tts off stdout (ours is a contract); anything it prints goes to stderr instead."""
    with contextlib.redirect_stdout(sys.stderr):
        yield


def _quiet_loggers() -> None:
    # coqui-tts logs every sentence at INFO ("Input: ...", "Real-time factor ..."); keep it to warnings
    # unless someone chose a level for those loggers on purpose.
    for name in QUIET_LOGGERS:
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET:
            logger.setLevel(logging.WARNING)


def find_checkpoint(model_dir: Path) -> Path:
    """The checkpoint of a Coqui model directory; InputError when there is none or it is ambiguous."""
    for name in CHECKPOINT_NAMES:
        if (model_dir / name).is_file():
            return model_dir / name
    candidates = sorted(p for p in model_dir.glob("*.pth") if p.is_file() and p.name not in AUX_FILES)
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise InputError(model_dir, "no model checkpoint (model.pth, best_model.pth or another *.pth) in the directory")
    names = ", ".join(p.name for p in candidates[:5]) + (", ..." if len(candidates) > 5 else "")
    raise InputError(model_dir, f"several checkpoints ({names}); keep one or name the one to use model.pth")


def _xtts_speaks(language: str, languages: list[str]) -> bool:
    return language in languages or language.split("-")[0] in languages


def _short_list(names: list[str], limit: int = 8) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _relocate(raw: dict[str, Any], model_dir: Path) -> bool:
    """Point the config's auxiliary file paths at the files beside it (a trained model's config keeps
    the training machine's absolute paths). Changes `raw` in place; True if anything changed."""
    changed = False
    sections = [raw] + ([raw["model_args"]] if isinstance(raw.get("model_args"), dict) else [])
    for section in sections:
        for key, defaults in AUX_FIELDS.items():
            value = section.get(key)
            if not value:
                continue
            first = value[0] if isinstance(value, list) else value
            if not isinstance(first, str) or not first:
                continue
            current = Path(first)
            if current.is_absolute() and current.is_file():
                continue
            for name in (current.name, *defaults):
                candidate = model_dir / name
                if candidate.is_file():
                    section[key] = [str(candidate)] if isinstance(value, list) else str(candidate)
                    changed = True
                    break
    audio = raw.get("audio")
    if isinstance(audio, dict) and isinstance(audio.get("stats_path"), str) and audio["stats_path"]:
        stats = Path(audio["stats_path"])
        if not (stats.is_absolute() and stats.is_file()) and (model_dir / stats.name).is_file():
            audio["stats_path"] = str(model_dir / stats.name)
            changed = True
    return changed


def _read_config(config_path: Path) -> dict[str, Any]:
    try:
        raw = json.loads(config_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(config_path, f"not a readable JSON config: {reason}") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("model"), str):
        raise InputError(config_path, "not a Coqui TTS config (no \"model\" field)")
    return raw


def _resolve(model_dir: Path | str) -> tuple[Path, Path, Path]:
    """(directory, config.json, checkpoint) of a model directory, or of a checkpoint file inside one."""
    path = Path(model_dir).expanduser()
    if path.is_file() and path.suffix in (".pth", ".tar"):
        directory, checkpoint = path.parent, path
    elif path.is_dir():
        directory, checkpoint = path, None
    elif path.exists():
        raise InputError(path, "not a Coqui model directory (expected a folder with config.json and model.pth)")
    else:
        raise InputError(path, "Coqui model directory not found")
    config_path = directory / "config.json"
    if not config_path.is_file():
        raise InputError(directory, "no config.json in the Coqui model directory")
    return directory, config_path, checkpoint or find_checkpoint(directory)


XTTS_REFERENCE_RATE = 22050  # what XTTS's conditioning encoders take


def _read_reference(wav: Path, max_seconds: float) -> np.ndarray:
    """The reference recording for XTTS as float32 mono at 22050 Hz, read with our ffmpeg.

    coqui-tts would read it with `torchaudio.load`, which in torch >= 2.9 goes through torchcodec and
    needs the system's FFmpeg shared libraries; ours is the bundled static binary, and it reads any
    format. Done before the model loads, so a bad file fails fast.
    """
    from models.audio_io import decode

    samples, _ = decode(wav, XTTS_REFERENCE_RATE)  # AudioError (an InputError) names the file
    samples = np.clip(samples[: int(XTTS_REFERENCE_RATE * max_seconds)], -1.0, 1.0)
    if samples.size < XTTS_REFERENCE_RATE // 2 or not samples.any():
        raise InputError(wav, "reference voice too short or silent (XTTS wants a few seconds of speech)")
    return samples


def _check_xtts_speaker(directory: Path, speaker: str | None) -> None:
    """Refuse an unknown built-in XTTS speaker before the (slow) model load, where that is certain:
    a `speakers_xtts.pth` and no `voices/` folder of cached voices."""
    speakers_file = directory / "speakers_xtts.pth"
    if not speaker or not speakers_file.is_file() or (directory / "voices").is_dir():
        return
    import torch

    try:
        names = list(torch.load(speakers_file, map_location="cpu", weights_only=True))
    except (OSError, RuntimeError, ValueError, TypeError, pickle.UnpicklingError):  # the model load will say
        return
    if speaker not in names:
        raise InputError(directory, f"no speaker {speaker!r} in this model (it has {_short_list(names) or 'none'})")


def _xtts_condition(model: Any, samples: np.ndarray) -> dict[str, Any]:
    """XTTS conditioning (GPT latents + speaker embedding) from a reference recording, computed once.

    Mirrors `Xtts.get_conditioning_latents`; nothing is cached to disk (coqui's `clone_voice` with a
    speaker name would write the voice into the model folder).
    """
    import torch

    if model.config.sound_norm_refs:
        samples = samples / np.abs(samples).max() * 0.75
    audio = torch.from_numpy(np.ascontiguousarray(samples, dtype=np.float32)).unsqueeze(0).to(model.device)
    with torch.inference_mode():
        embedding = model.get_speaker_embedding(audio, XTTS_REFERENCE_RATE)
        latents = model.get_gpt_cond_latents(
            audio, XTTS_REFERENCE_RATE, length=model.config.gpt_cond_len, chunk_length=model.config.gpt_cond_chunk_len
        )
    return {"gpt_conditioning_latents": latents, "speaker_embedding": embedding}


def _xtts_generate_compat(model: Any) -> None:
    """Let coqui-tts 0.28's XTTS GPT run under transformers releases whose `generate()` hands the KV
    cache over as `cache=` (the old `past_key_values=` is what XTTS's inference model reads; without
    this the second generation step fails with "'NoneType' object has no attribute 'get_seq_length'").
    A no-op when either side already agrees."""
    inference = getattr(getattr(model, "gpt", None), "gpt_inference", None)
    if inference is None or "cache" in inspect.signature(inference.forward).parameters:
        return
    if "cache" not in inspect.signature(inference.prepare_inputs_for_generation).parameters:
        return
    forward = inference.forward

    def compat(*args: Any, cache: Any = None, **kwargs: Any) -> Any:
        if cache is not None and kwargs.get("past_key_values") is None:
            kwargs["past_key_values"] = cache
        return forward(*args, **kwargs)

    inference.forward = compat
    warnings.filterwarnings("ignore", message=r"`past_key_values` is deprecated", category=FutureWarning)
    log.debug("XTTS: passing transformers' `cache` to coqui's GPT as `past_key_values`")


@dataclass
class CoquiEngine:
    """A Coqui TTS model loaded once (on the GPU when asked and present)."""

    tts: Any  # TTS.api.TTS
    sample_rate: int
    voice_id: str
    speaker: str | None = None  # the speaker passed to the model (multi-speaker models)
    speaker_wav: Path | None = None  # the reference voice (models that clone, other than XTTS)
    language: str | None = None  # the language passed to the model (multilingual models)
    is_xtts: bool = False
    _xtts_voice: dict[str, Any] | None = field(default=None, repr=False)  # conditioning latents, XTTS only

    @classmethod
    def load(
        cls,
        model_dir: Path | str,
        *,
        use_gpu: bool = False,
        speaker: str | None = None,
        speaker_wav: Path | str | None = None,
        language: str | None = None,
        threads: int = 0,
    ) -> CoquiEngine:
        """Load the model in `model_dir` (or the checkpoint file `model_dir` names).

        Bad user input (missing directory, config or checkpoint, XTTS without a voice to clone, unknown
        speaker or language) raises `InputError` with the path and a one-line reason.
        """
        directory, config_path, checkpoint = _resolve(model_dir)
        raw = _read_config(config_path)
        is_xtts = raw["model"].lower() == "xtts"
        reference: np.ndarray | None = None
        wav = Path(speaker_wav).expanduser() if speaker_wav else None
        if wav is not None and not wav.is_file():
            raise InputError(wav, "reference voice (speaker_wav) not found")
        if is_xtts:
            if wav is None and not speaker:
                raise InputError(
                    directory, "XTTS clones a voice: give speaker_wav (a reference recording) or a built-in speaker"
                )
            tokenizer = (raw.get("model_args") or {}).get("tokenizer_file") or ""
            if not (directory / "vocab.json").is_file() and not Path(tokenizer).is_file():
                raise InputError(directory, "no vocab.json (the XTTS tokenizer) in the model directory")
            languages = raw.get("languages")
            if language and isinstance(languages, list) and not _xtts_speaks(language, languages):
                raise InputError(directory, f"no language {language!r} in this model (it has {_short_list(languages)})")
            if wav is not None:
                reference = _read_reference(wav, float(raw.get("max_ref_len") or 10))
            else:
                _check_xtts_speaker(directory, speaker)

        import torch

        _quiet_loggers()
        if threads > 0:
            torch.set_num_threads(threads)  # process-wide: one engine per process (actor) is the design
        device = torch_device(use_gpu, "Coqui model")

        # XTTS loads from its directory (vocab.json, speakers_xtts.pth beside model.pth), as TTS.api does
        # for downloaded XTTS models; a differently named XTTS checkpoint is passed as the file itself.
        model_path = directory if is_xtts and checkpoint.name == "model.pth" else checkpoint
        with _quiet(), tempfile.TemporaryDirectory(prefix="taleforge-coqui-") as tmp:
            from TTS.api import TTS

            load_config_path = config_path
            if _relocate(raw, directory):  # a patched copy: the user's folder is never written
                load_config_path = Path(tmp) / "config.json"
                load_config_path.write_text(json.dumps(raw), encoding="utf-8")
            try:
                tts = TTS(model_path=str(model_path), config_path=str(load_config_path), progress_bar=False)
            except Exception as exc:  # files that do not make a model: mismatched config, truncated checkpoint...
                first = (str(exc).strip().splitlines() or [""])[0][:200]
                raise InputError(directory, f"cannot load the Coqui model ({type(exc).__name__}: {first})") from exc
            tts.to(device)

        synth = tts.synthesizer
        model = synth.tts_model
        if is_xtts:
            _xtts_generate_compat(model)
        engine = cls(
            tts=tts,
            sample_rate=int(synth.output_sample_rate),
            voice_id="",
            is_xtts=is_xtts,
        )
        engine._choose_voice(directory, model, speaker, wav, reference, language)
        digest = hashlib.sha256(config_path.read_bytes()).hexdigest()[:12]
        parts = ["coqui", directory.name, digest]
        if engine.speaker:
            parts.append(engine.speaker)
        if wav is not None:
            parts.append("wav-" + hashlib.sha256(wav.read_bytes()).hexdigest()[:8])
        if engine.language and (is_xtts or model.language_manager.num_languages > 1):
            parts.append(engine.language)
        engine.voice_id = ":".join(parts)
        log.info(
            "loaded Coqui %s model %s (%d Hz, %s, threads=%s)",
            raw["model"], directory.name, engine.sample_rate, device, threads or "auto",
        )  # fmt: skip
        return engine

    def _choose_voice(
        self,
        directory: Path,
        model: Any,
        speaker: str | None,
        wav: Path | None,
        reference: np.ndarray | None,
        language: str | None,
    ) -> None:
        """Check speaker / speaker_wav / language against the model and settle what each call passes."""
        tts = self.tts
        if self.is_xtts:
            languages = list(model.config.languages)
            if language is None:
                language = "en" if "en" in languages else None
                if language is None:
                    raise InputError(directory, f"XTTS needs a language; choose one of {_short_list(languages)}")
            if not _xtts_speaks(language, languages):
                raise InputError(directory, f"no language {language!r} in this model (it has {_short_list(languages)})")
            self.language = language
            with _quiet():
                if reference is not None:
                    voice = _xtts_condition(model, reference)
                elif model.speaker_manager is not None and speaker in model.speaker_manager.speakers:
                    latent, embedding = model.speaker_manager.speakers[speaker].values()
                    voice = {"gpt_conditioning_latents": latent, "speaker_embedding": embedding}
                else:
                    names = tts.speakers or []
                    if speaker not in names:
                        raise InputError(
                            directory, f"no speaker {speaker!r} in this model (it has {_short_list(names) or 'none'})"
                        )
                    voice = model.clone_voice(None, speaker, tts.synthesizer.voice_dir)
            self.speaker = speaker if wav is None else None
            self._xtts_voice = voice
            return

        if wav is not None:
            if not model.config.supports_cloning:
                raise InputError(wav, f"the model in {directory} cannot clone a voice; drop speaker_wav")
            if speaker:
                log.warning("both speaker and speaker_wav given; the Coqui engine clones speaker_wav")
            self.speaker_wav = wav
        elif tts.is_multi_speaker:
            names = tts.speakers or []
            if speaker is None:
                if not names:
                    raise InputError(directory, "a multi-speaker model with no named speakers; give speaker_wav")
                speaker = names[0]
                log.info("no speaker chosen; using the model's first, %r", speaker)
            elif speaker not in names:
                raise InputError(directory, f"no speaker {speaker!r} in this model (it has {_short_list(names)})")
            self.speaker = speaker
        elif speaker:
            raise InputError(directory, f"a single-speaker model: there is no speaker {speaker!r} to choose")

        languages = list(model.language_manager.language_names)
        if len(languages) > 1:
            if language is None:
                language = "en" if "en" in languages else languages[0]
                log.info("no language chosen; using %r", language)
            elif language not in languages:
                raise InputError(directory, f"no language {language!r} in this model (it has {_short_list(languages)})")
            self.language = language
        elif language is not None and languages and language.split("-")[0] != languages[0].split("-")[0]:
            raise InputError(directory, f"the model speaks only {languages[0]!r}, not {language!r}")
        else:
            self.language = None  # monolingual: the model knows its language

    def synthesize(self, text: str, utterance: Utterance | None = None) -> np.ndarray:
        """Speak `text` (one or more sentences) as float32 mono audio at `sample_rate`."""
        if self.tts is None:
            raise RuntimeError("the Coqui engine is closed")
        if not text.strip():
            return np.zeros(0, dtype=np.float32)
        import torch

        u = utterance or Utterance()
        with _quiet(), torch.inference_mode():
            if self.is_xtts:
                wav = self._xtts(text, u)
            else:
                with self._scaled(u):
                    wav = self._synthesizer(text)
        audio = np.asarray(wav, dtype=np.float32).reshape(-1)
        return np.ascontiguousarray(audio)

    def _synthesizer(self, text: str) -> np.ndarray:
        from TTS.utils.synthesizer import PAD_SILENCE_SAMPLES

        wav = self.tts.synthesizer.tts(
            text=text,
            speaker_name=self.speaker,
            language_name=self.language,
            speaker_wav=str(self.speaker_wav) if self.speaker_wav else None,
            split_sentences=True,
        )
        audio = np.asarray(wav, dtype=np.float32)
        # The synthesizer pads every sentence with silence, the last one too; our pauses are the caller's.
        if len(audio) >= PAD_SILENCE_SAMPLES and not audio[-PAD_SILENCE_SAMPLES:].any():
            audio = audio[:-PAD_SILENCE_SAMPLES]
        return audio

    def _xtts(self, text: str, u: Utterance) -> np.ndarray:
        model = self.tts.synthesizer.tts_model
        assert self._xtts_voice is not None
        config = model.config
        out = model.inference(
            text,
            self.language,
            self._xtts_voice["gpt_conditioning_latents"],
            self._xtts_voice["speaker_embedding"],
            temperature=config.temperature,
            length_penalty=config.length_penalty,
            repetition_penalty=config.repetition_penalty,
            top_k=config.top_k,
            top_p=config.top_p,
            speed=1.0 / u.length_scale if u.length_scale else 1.0,
            enable_text_splitting=True,
        )
        wav = out["wav"]
        return wav.cpu().numpy() if hasattr(wav, "cpu") else np.asarray(wav)

    @contextlib.contextmanager
    def _scaled(self, u: Utterance) -> Iterator[None]:
        """Set the model's duration/noise knobs for one call, then put them back."""
        model = self.tts.synthesizer.tts_model
        saved: dict[str, Any] = {}
        for name, attr in UTTERANCE_ATTRS.items():
            value = getattr(u, name)
            if value is None:
                continue
            if not hasattr(model, attr):
                log.debug("%s ignores %s", type(model).__name__, name)
                continue
            saved[attr] = getattr(model, attr)
            setattr(model, attr, value)
        try:
            yield
        finally:
            for attr, value in saved.items():
                setattr(model, attr, value)

    def close(self) -> None:
        if self.tts is None:
            return
        on_gpu = False
        with contextlib.suppress(Exception):
            on_gpu = next(self.tts.synthesizer.tts_model.parameters()).is_cuda
        self.tts = None
        self._xtts_voice = None
        if on_gpu:
            import torch

            torch.cuda.empty_cache()
