"""Voicing, placing, ducking, mixing and mastering audio descriptions; `describe` writes every output.

The voice speeds up with its own pace control (Piper's ``length_scale``), not by time-stretching, so a
faster description still sounds like speech. Durations are measured on the trimmed audio (the voice's
own lead-in and tail silence cut to 20 ms), because that is what has to fit between the lines.

The programme is ducked under each description by an envelope built from the placements (fully down
``ramp_s`` before the first word, back up ``ramp_s`` after the last, with descriptions less than two
ramps apart treated as one so the programme does not pump), not by a signal-driven sidechain: the
schedule already says exactly when the voice speaks.
"""

from __future__ import annotations

import json
import logging
import math
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from models.audio_io import decode, encode_m4a, encode_mp3, ffmpeg_exe, write_wav
from models.captions import write_vtt
from models.describe.cues import Cue, read_captions, read_cues
from models.describe.report import write_report_html
from models.describe.schedule import Pause, Placement, output_length_s, pauses, schedule
from models.errors import AudioError, InputError
from models.mastering import (
    SILENCE_DB,
    Profile,
    db_to_gain,
    failed_fields,
    get_profile,
    limit,
    measure,
    oversampled_peak,
    resample,
    room_tone,
)
from models.normalize import normalize
from models.text import MAX_UTTERANCE_CHARS, clean_for_speech
from models.tts.base import Engine, EngineSpec, Utterance, build_engine

__all__ = [
    "SAMPLE_RATE",
    "DescribeResult",
    "describe",
    "duck_curve",
    "fit_cues",
    "insert_pauses",
    "load_programme",
    "master_track",
    "mix_description",
    "place_clips",
    "spoken_text",
    "voice_at_speed",
    "voice_cues",
]

log = logging.getLogger(__name__)

SAMPLE_RATE = 48000
PIECE_GAP_S = 0.12  # between the pieces of a cue too long for one utterance
DURATION_NOISE = 0.0
"""The voice's ``noise_w_scale`` for descriptions: 0 speaks every phoneme at its predicted mean length.

Piper samples phoneme durations (noise_w 0.8 for the bundled voice), so the same cue comes out 2-3 % longer
or shorter each time; with 0 it is steady to 0.4 %, the time a cue takes is predictable and fitting it to
a window is exact. Pitch and timbre keep their variation (``noise_scale`` is left alone), and a steady,
even delivery is what audio-description guidelines ask of describers anyway. None: the voice's own.
"""
_TRIM_THRESHOLD = 10 ** (-50 / 20)
_TRIM_PAD_S = 0.02
_FIT_ITERATIONS = 4
_SPEED_TRIES = 5
_SPEED_SLACK = 0.01  # a sped-up cue may come out this much shorter than max_speed allows
_SPEED_SLACK_S = 0.025  # or this many seconds (two of Piper's frames), whichever is more
_SCALE_EXPONENT = 0.8  # Piper: length ~ length_scale ** 0.8 (its pauses do not scale)
_FRAME_S = 256 / 22050  # one of Piper's frames: phonemes last whole frames
_OUTPUTS = frozenset(
    {"description.wav", "description.vtt", "mixed.m4a", "mixed.mp3", "programme.extended.wav", "report.json",
     "report.html"}
)
_QUIET_DB = -70.0  # programme windows quieter than this are not used to measure ducking


@dataclass(frozen=True)
class DescribeResult:
    """What `describe` wrote and measured. ``files`` maps output names to their final paths."""

    out_dir: Path
    files: dict[str, Path]
    placements: list[Placement]
    pauses: list[Pause]
    variant: str  # "standard" or "extended"
    programme_s: float | None
    output_s: float
    sample_rate: int
    measurement: dict[str, float] | None  # the decoded mixed.m4a, with a programme
    report: dict[str, Any] = field(repr=False)

    @property
    def overflows(self) -> list[Placement]:
        return [p for p in self.placements if p.overflow]


# ---------------------------------------------------------------------------------------------- voicing


def spoken_text(text: str) -> str:
    """What the voice reads for a cue: numbers and abbreviations expanded, unsayable symbols removed."""
    return clean_for_speech(normalize(text))


def _pieces(said: str, limit_chars: int = MAX_UTTERANCE_CHARS) -> list[str]:
    """``said`` cut between words into pieces of at most ``limit_chars`` (one piece when it fits)."""
    if len(said) <= limit_chars:
        return [said]
    out: list[str] = []
    current = ""
    for word in said.split():
        if current and len(current) + 1 + len(word) > limit_chars:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        out.append(current)
    return out


def _trim(audio: np.ndarray, sample_rate: int) -> np.ndarray:
    loud = np.flatnonzero(np.abs(audio) > _TRIM_THRESHOLD)
    if loud.size == 0:
        return audio[:0]
    pad = int(sample_rate * _TRIM_PAD_S)
    return audio[max(0, int(loud[0]) - pad) : int(loud[-1]) + pad + 1]


def _say(engine: Engine, text: str, length_scale: float | None, duration_noise: float | None) -> np.ndarray:
    said = spoken_text(text)
    if not any(ch.isalnum() for ch in said):
        raise ValueError(f"nothing to say in {text!r}")
    sr = engine.sample_rate
    utterance = Utterance(length_scale=length_scale, noise_w_scale=duration_noise)
    parts: list[np.ndarray] = []
    for piece in _pieces(said):
        if parts:
            parts.append(np.zeros(int(PIECE_GAP_S * sr), dtype=np.float32))
        parts.append(_trim(np.asarray(engine.synthesize(piece, utterance), dtype=np.float32), sr))
    return np.concatenate(parts).astype(np.float32, copy=False)


def _default_scale(engine: Engine) -> float:
    value = getattr(engine, "default_length_scale", None)
    return float(value) if value else 1.0


def voice_cues(
    engine: Engine, cues: Sequence[Cue], *, duration_noise: float | None = DURATION_NOISE
) -> list[np.ndarray]:
    """Each cue spoken at the voice's natural pace (normalised text), trimmed, at ``engine.sample_rate``.

    ``duration_noise`` is the voice's ``noise_w_scale`` (None: the voice's own); see `DURATION_NOISE`.
    """
    out: list[np.ndarray] = []
    for cue in cues:
        try:
            audio = _say(engine, cue.text, None, duration_noise)
        except ValueError:
            audio = np.zeros(0, dtype=np.float32)
        if audio.size == 0:
            raise ValueError(f"{cue.label}: the voice said nothing for {cue.text!r}")
        out.append(audio)
    return out


def voice_at_speed(
    engine: Engine,
    text: str,
    natural_s: float,
    speed: float,
    *,
    max_speed: float = 1.25,
    duration_noise: float | None = DURATION_NOISE,
) -> np.ndarray:
    """``text`` spoken ``speed`` times faster than its natural ``natural_s`` seconds, by the voice's own pace.

    The voice is asked for ``length_scale = default / speed``. Its pauses do not shrink with the scale
    (length grows about as scale^0.8 for Piper) and its phonemes last whole frames (11.6 ms), so up
    to `_SPEED_TRIES` renderings are made, each correcting the scale by the last miss. Acceptable lengths
    run from ``natural_s / max_speed`` (less `_SPEED_SLACK`, or a frame or two on a short cue) to the
    target; the slowest acceptable rendering is kept, failing that the one nearest the range (a
    rendering too fast counts double: speech that is too quick is worse than one a little long).
    """
    if speed <= 1.0:
        return _say(engine, text, None, duration_noise)
    sr = engine.sample_rate
    target = natural_s / speed
    fastest = natural_s / max(speed, max_speed)
    near = fastest - max(fastest * 0.005, _FRAME_S)  # within a frame of max_speed: take it
    low = fastest - max(fastest * _SPEED_SLACK, _SPEED_SLACK_S)  # acceptable if nothing nearer comes
    high = target + _FRAME_S  # a frame long still fits (see FIT_TOLERANCE_S)
    aim = max(target * 0.985, (near + target) / 2)
    default = _default_scale(engine)
    # Piper's length grows about as scale^0.8 (its pauses do not scale): start there, then secant steps
    # in log-log through the last two renderings (the natural one first).
    points = [(math.log(default), math.log(natural_s))]
    scale = default * speed ** (-1.0 / _SCALE_EXPONENT)
    tried: list[np.ndarray] = []
    for _ in range(_SPEED_TRIES):
        audio = _say(engine, text, scale, duration_noise)
        tried.append(audio)
        got = audio.size / sr
        if near <= got <= high or got <= 0:
            break
        (x0, y0), x1, y1 = points[-1], math.log(scale), math.log(got)
        slope = (y1 - y0) / (x1 - x0) if abs(x1 - x0) > 1e-6 else _SCALE_EXPONENT
        slope = min(1.2, max(0.4, slope))
        points.append((x1, y1))
        scale = math.exp(x1 + (math.log(aim) - y1) / slope)

    def miss(audio: np.ndarray) -> float:
        got = audio.size / sr
        return max(0.0, got - high) + 2.0 * max(0.0, low - got)

    for floor in (near, low):
        good = [a for a in tried if floor <= a.size / sr <= high]
        if good:
            return max(good, key=lambda a: a.size)
    return min(tried, key=miss)


def fit_cues(
    engine: Engine,
    cues: Sequence[Cue],
    natural: Sequence[np.ndarray] | None = None,
    *,
    duration_noise: float | None = DURATION_NOISE,
    **schedule_args: Any,
) -> tuple[list[Placement], list[np.ndarray]]:
    """Schedule the cues and voice each at the speed its window needs; (placements, audio per cue).

    The final placements are timed from the audio actually voiced (`schedule` with ``rendered``). In
    the standard variant a delay depends on how long the previous description really was, so
    scheduling and voicing alternate until the lengths settle (at most a few rounds).
    """
    natural = list(natural) if natural is not None else voice_cues(engine, cues, duration_noise=duration_noise)
    sr = engine.sample_rate
    durations = [a.size / sr for a in natural]
    cache: list[dict[float, np.ndarray]] = [{1.0: a} for a in natural]
    lengths: list[float] | None = None
    chosen = list(natural)
    for _ in range(_FIT_ITERATIONS):
        plan = schedule(cues, durations, rendered=lengths, **schedule_args)
        chosen = []
        for i, p in enumerate(plan):
            key = 1.0 if p.rate <= 1.0 else round(p.rate, 2)
            if key not in cache[i]:
                cache[i][key] = voice_at_speed(
                    engine,
                    cues[i].text,
                    durations[i],
                    key,
                    max_speed=schedule_args.get("max_speed", 1.25),
                    duration_noise=duration_noise,
                )
            chosen.append(cache[i][key])
        new_lengths = [a.size / sr for a in chosen]
        if new_lengths == lengths:
            break
        lengths = new_lengths
    final = schedule(cues, durations, rendered=[a.size / sr for a in chosen], **schedule_args)
    return final, chosen


# ------------------------------------------------------------------------------------ placing and mixing


def place_clips(
    placements: Sequence[Placement], clips: Sequence[np.ndarray], clip_rate: int, sample_rate: int, length_s: float
) -> np.ndarray:
    """The description stem: each clip (resampled to ``sample_rate``) at its spoken start, silence between."""
    n = round(length_s * sample_rate)
    stem = np.zeros(n, dtype=np.float32)
    for p, clip in zip(placements, clips):
        audio = resample(clip, clip_rate, sample_rate)
        start = round(p.spoken_start_s * sample_rate)
        stop = min(n, start + audio.size)
        if stop > start:
            stem[start:stop] += audio[: stop - start]
    return stem


def duck_curve(
    placements: Sequence[Placement],
    n: int,
    sample_rate: int,
    depth_db: float = 15.0,
    ramp_s: float = 0.3,
    hold_s: float = 0.1,
) -> np.ndarray:
    """Programme gain in dB (<= 0) per sample: ``-depth_db`` while descriptions speak, raised-cosine ramps.

    Fully down when speech starts (the ramp runs in the ``ramp_s`` before it), back up over ``ramp_s``
    after ``hold_s`` of silence; descriptions closer than two ramps share one dip.
    """
    if depth_db < 0:
        raise ValueError(f"depth_db is a cut in dB and must be >= 0, got {depth_db}")
    if ramp_s <= 0:
        raise ValueError(f"ramp_s must be positive, got {ramp_s}")
    amount = np.zeros(n, dtype=np.float64)
    spans: list[list[float]] = []
    for p in sorted(placements, key=lambda q: q.spoken_start_s):
        start, end = p.spoken_start_s, p.spoken_end_s + hold_s
        if spans and start - spans[-1][1] < 2 * ramp_s:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    ramp = max(1, round(ramp_s * sample_rate))
    shape = 0.5 - 0.5 * np.cos(np.pi * (np.arange(ramp) + 0.5) / ramp)  # 0 -> 1
    for start, end in spans:
        a, b = round(start * sample_rate), round(end * sample_rate)
        segments = (
            (a - ramp, a, shape),
            (a, b, None),
            (b, b + ramp, shape[::-1]),
        )
        for lo, hi, values in segments:
            lo_c, hi_c = max(0, lo), min(n, hi)
            if hi_c <= lo_c:
                continue
            piece = 1.0 if values is None else values[lo_c - lo : hi_c - lo]
            np.maximum(amount[lo_c:hi_c], piece, out=amount[lo_c:hi_c])
    return (-depth_db * amount).astype(np.float32)


def mix_description(
    programme: np.ndarray,
    description: np.ndarray,
    sample_rate: int,
    placements: Sequence[Placement],
    *,
    duck_db: float = 15.0,
    ramp_s: float = 0.3,
) -> tuple[np.ndarray, np.ndarray]:
    """(programme ducked under the descriptions plus the description stem, the programme's gain in dB)."""
    n = max(programme.size, description.size)
    prog = np.zeros(n, dtype=np.float32)
    prog[: programme.size] = programme
    desc = np.zeros(n, dtype=np.float32)
    desc[: description.size] = description
    gain_db = duck_curve(placements, n, sample_rate, duck_db, ramp_s)
    mixed = prog * (10.0 ** (gain_db / 20.0)).astype(np.float32) + desc
    return mixed.astype(np.float32), gain_db


def _floor_level_db(audio: np.ndarray, sample_rate: int) -> float:
    """RMS of the quietest 500 ms of the programme (its room tone), in dBFS."""
    hop = max(1, sample_rate // 20)
    blocks = audio.size // hop
    if blocks < 10:
        return SILENCE_DB
    energy = np.mean(audio[: blocks * hop].astype(np.float64).reshape(blocks, hop) ** 2, axis=1)
    windows = np.convolve(energy, np.ones(10) / 10, mode="valid")
    low = float(windows.min())
    return 10 * math.log10(low) if low > 0 else SILENCE_DB


def insert_pauses(
    programme: np.ndarray, sample_rate: int, holds: Sequence[Pause], *, fade_s: float = 0.02
) -> np.ndarray:
    """The programme with each pause inserted at its ``at_s``: a short fade, then held room tone.

    The tone is pink noise at the programme's own quietest level (its noise floor, -75..-50 dBFS; silence
    when the programme is digitally silent there), so a pause sounds like the scene holding its breath
    rather than a drop-out. The programme fades out over ``fade_s`` into each pause and back in after.
    """
    if not holds:
        return programme.astype(np.float32, copy=True)
    floor_db = _floor_level_db(programme, sample_rate)
    tone_db = min(-50.0, max(-75.0, floor_db)) if floor_db > -90.0 else None
    fade = max(1, round(fade_s * sample_rate))
    ramp = np.linspace(1.0, 0.0, fade, dtype=np.float32)
    pieces: list[np.ndarray] = []
    cursor = 0
    for k, hold in enumerate(holds):
        at = min(programme.size, round(hold.at_s * sample_rate))
        before = programme[cursor:at].astype(np.float32, copy=True)
        if cursor > 0:  # fade back in after the previous pause
            m = min(fade, before.size)
            before[:m] *= ramp[::-1][:m]
        m = min(fade, before.size)
        if m:
            before[before.size - m :] *= ramp[fade - m :]
        pieces.append(before)
        length = round(hold.pause_s * sample_rate)
        if tone_db is None:
            gap = np.zeros(length, dtype=np.float32)
        else:
            gap = room_tone(length / sample_rate, sample_rate, tone_db, seed=17 + k)
            m = min(fade, gap.size // 2)
            if m:
                gap[:m] *= ramp[::-1][:m]
                gap[gap.size - m :] *= ramp[:m]
        pieces.append(gap.astype(np.float32))
        cursor = at
    rest = programme[cursor:].astype(np.float32, copy=True)
    m = min(fade, rest.size)
    if m:
        rest[:m] *= ramp[::-1][:m]
    pieces.append(rest)
    return np.concatenate(pieces)


def _has_audio_stream(path: Path) -> bool | None:
    """Whether ffmpeg sees an audio stream in ``path`` (None: it cannot open the file at all)."""
    proc = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(path)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    text = proc.stderr.decode("utf-8", "replace")
    if "Input #0" not in text:
        return None
    return ": Audio: " in text


def load_programme(path: str | Path, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """The programme's sound (audio or video file) as float32 mono at ``sample_rate``; `InputError` if none."""
    source = Path(path)
    if not source.is_file():
        raise InputError(source, "programme file not found")
    try:
        audio, _ = decode(source, sample_rate)
    except AudioError as exc:
        has_audio = _has_audio_stream(source)
        if has_audio is None:
            raise InputError(source, f"not a media file ffmpeg can read ({exc.reason})") from None
        if not has_audio:
            raise InputError(source, "has no audio stream: the programme needs a sound track to mix into") from None
        raise InputError(source, f"cannot decode its audio: {exc.reason}") from None
    if not np.isfinite(audio).all():
        raise InputError(source, "its audio decodes to invalid (NaN or infinite) samples")
    return audio


# ---------------------------------------------------------------------------------------------- mastering


def _loudness(x: np.ndarray, sample_rate: int) -> float:
    import pyloudnorm

    if x.size < int(0.4 * sample_rate):
        return SILENCE_DB
    # Digital silence (most of a description stem) drives the K-weighting filters into subnormal floats,
    # which makes them ten times slower; a -200 dBFS floor keeps them normal and cannot move the result.
    floor = np.resize(np.random.default_rng(0).standard_normal(1 << 16) * 1e-10, x.size)
    value = float(pyloudnorm.Meter(sample_rate).integrated_loudness(x.astype(np.float64) + floor))
    return value if math.isfinite(value) else SILENCE_DB


def _rms_db(x: np.ndarray) -> float:
    ms = float(np.mean(np.square(x, dtype=np.float64))) if x.size else 0.0
    return 10 * math.log10(ms) if ms > 0 else SILENCE_DB


def master_track(
    audio: np.ndarray,
    sample_rate: int,
    profile: Profile | str = "r128",
    *,
    ceiling_db: float | None = None,
    offset_db: float = 0.0,
) -> tuple[np.ndarray, float]:
    """(the track levelled to the profile's target and true-peak limited, the gain in dB before limiting).

    ``ceiling_db`` replaces the profile's limiter ceiling and ``offset_db`` moves its level target (both
    to correct for what an encoder does to the delivered file).

    Unlike `models.mastering.master`, nothing is trimmed, padded or resampled: the track keeps its
    length and timing, because it has to stay in sync with the picture. No room tone is added either.
    """
    prof = get_profile(profile)
    ceiling = prof.ceiling_db if ceiling_db is None else ceiling_db
    level: Callable[[np.ndarray], float]
    if prof.target_lufs is not None:
        target = prof.target_lufs + offset_db
        level = lambda y: _loudness(y, sample_rate)
    else:
        target = float(prof.target_rms_db) + offset_db  # type: ignore[arg-type]
        level = _rms_db
    start = level(audio)
    exact = start > SILENCE_DB  # a plain gain moves the level by exactly that many dB
    if not exact:
        start = _rms_db(audio)  # too short to gate: level by RMS
        level = _rms_db
    if start <= SILENCE_DB:
        raise ValueError("the track is digital silence; nothing to master")
    gain_db = target - start
    result = audio
    previous: tuple[float, float] | None = None
    # Only blocks that could come within 12 dB of the ceiling need oversampling; if none reach it, no limiter.
    peak = float(oversampled_peak(audio, sample_rate, floor=db_to_gain(ceiling - gain_db - 12.0)).max())
    for _ in range(6):
        scaled = audio * np.float32(db_to_gain(gain_db))
        if peak * db_to_gain(gain_db) <= db_to_gain(ceiling) * 0.99:
            result = scaled
            got = start + gain_db
        else:
            result = limit(scaled, sample_rate, ceiling, prof.attack_ms, prof.release_ms)
            got = level(result)
        error = target - got
        if abs(error) <= 0.05:
            break
        slope = 1.0
        if previous is not None and abs(gain_db - previous[0]) > 1e-6:
            slope = min(1.0, max(0.1, (got - previous[1]) / (gain_db - previous[0])))
        previous = (gain_db, got)
        gain_db += error / slope
    return result.astype(np.float32), gain_db


# ---------------------------------------------------------------------------------------------- describe


def _measure_file(path: Path) -> Any:
    audio, rate = decode(path)
    return measure(audio, rate)


def _round(value: float | None, digits: int = 3) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), digits)


def _duck_measured(
    programme: np.ndarray, gain_db: np.ndarray, sample_rate: int, p: Placement
) -> float | None:
    """How much quieter (dB) the programme is while this description speaks, measured on the samples."""
    a, b = round(p.spoken_start_s * sample_rate), round(p.spoken_end_s * sample_rate)
    seg = programme[a:b]
    if seg.size == 0 or _rms_db(seg) < _QUIET_DB:
        return None
    ducked = seg * (10.0 ** (gain_db[a:b] / 20.0))
    return _rms_db(seg) - _rms_db(ducked)


def _cue_entry(p: Placement, spoken: str, duck: float | None) -> dict[str, Any]:
    return {
        "index": p.index,
        "text": p.text,
        "cue_start_s": _round(p.cue_start_s),
        "cue_end_s": _round(p.cue_end_s),
        "spoken_start_s": _round(p.spoken_start_s),
        "spoken_end_s": _round(p.spoken_end_s),
        "speed": _round(p.speed),
        "overflow": bool(p.overflow),
        "pause_s": _round(p.pause_s),
        "pause_at_s": _round(p.pause_at_s),
        "window_s": _round(p.window_s),
        "delay_s": _round(p.delay_s),
        "over_s": _round(p.over_s),
        "spoken_text": spoken,
        "duck_db": _round(duck, 1),
    }


def _stage(out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=".describe-", dir=out_dir))


def describe(
    descriptions: str | Path,
    out_dir: str | Path,
    *,
    program: str | Path | None = None,
    captions: str | Path | None = None,
    extended: bool = False,
    engine: Engine | None = None,
    engine_spec: EngineSpec | None = None,
    profile: str = "r128",
    max_speed: float = 1.25,
    duck_db: float = 15.0,
    ramp_s: float = 0.3,
    gap_s: float = 0.1,
    voice_lu: float = 0.0,
    sample_rate: int = SAMPLE_RATE,
    duration_noise: float | None = DURATION_NOISE,
) -> DescribeResult:
    """Voice a description track, fit it into the programme's gaps and write every output into ``out_dir``.

    Outputs: ``description.wav`` (the description stem on the delivered timeline, mono at
    ``sample_rate``), ``description.vtt`` (cues at their spoken times), ``report.json``, ``report.html``;
    with ``program``: ``mixed.m4a`` and ``mixed.mp3`` (the programme ducked ``duck_db`` under the
    descriptions, mastered to ``profile``), and in the ``extended`` variant ``programme.extended.wav``
    (the programme with its pauses, unducked, at its own level). Descriptions are set ``voice_lu``
    relative to the programme's integrated loudness before mastering.

    ``engine``: a loaded voice to use (left open); otherwise one is built from ``engine_spec`` (default:
    the bundled Piper voice, one thread) and closed afterwards. Bad input (cue files, programme media)
    raises `InputError` naming the file; outputs are written to a staging folder inside ``out_dir`` and
    renamed into place at the end (``report.json`` last), so a failure leaves no partial outputs.
    """
    clock = time.perf_counter()
    timings: dict[str, float] = {}
    prof = get_profile(profile)
    out = Path(out_dir)
    descriptions = Path(descriptions)
    cues = read_cues(descriptions)
    dialogue = read_captions(captions) if captions is not None else []
    programme = load_programme(program, sample_rate) if program is not None else None
    programme_s = programme.size / sample_rate if programme is not None else None
    schedule_args: dict[str, Any] = {
        "captions": dialogue,
        "programme_s": programme_s,
        "extended": extended,
        "max_speed": max_speed,
        "gap_s": gap_s,
        "source": descriptions,
    }
    schedule(cues, [0.0] * len(cues), **schedule_args)  # cues past the programme's end fail before voicing
    for cue in cues:
        if not any(ch.isalnum() for ch in spoken_text(cue.text)):
            raise InputError(descriptions, f"{cue.label}: nothing a voice can say in {cue.text!r}")
    timings["read_s"] = time.perf_counter() - clock

    own = engine is None
    voice = build_engine(engine_spec or EngineSpec(threads=1)) if engine is None else engine
    try:
        mark = time.perf_counter()
        natural = voice_cues(voice, cues, duration_noise=duration_noise)
        placements, clips = fit_cues(voice, cues, natural, duration_noise=duration_noise, **schedule_args)
        clip_rate = voice.sample_rate
        timings["voice_s"] = time.perf_counter() - mark
    finally:
        if own:
            voice.close()

    mark = time.perf_counter()
    holds = pauses(placements)
    total_s = output_length_s(placements, programme_s)
    stem = place_clips(placements, clips, clip_rate, sample_rate, total_s)
    n = stem.size
    speech = np.concatenate([resample(c, clip_rate, sample_rate) for c in clips])
    speech_lufs = _loudness(speech, sample_rate)
    measurement: dict[str, float] | None = None
    measurement_mp3: dict[str, float] | None = None
    mix_info: dict[str, Any] = {}
    ducks: list[float | None] = [None] * len(placements)
    staging = _stage(out)
    files: dict[str, Path] = {}
    try:
        if programme is not None:
            timeline = insert_pauses(programme, sample_rate, holds) if holds else programme
            prog = np.zeros(n, dtype=np.float32)
            prog[: min(n, timeline.size)] = timeline[:n]
            programme_lufs = _loudness(programme, sample_rate)
            target_speech = programme_lufs + voice_lu if programme_lufs > -70.0 else (prof.target_lufs or -23.0)
            stem *= np.float32(db_to_gain(target_speech - speech_lufs)) if speech_lufs > SILENCE_DB else 1.0
            mixed, gain_db = mix_description(prog, stem, sample_rate, placements, duck_db=duck_db, ramp_s=ramp_s)
            ducks = [_duck_measured(prog, gain_db, sample_rate, p) for p in placements]
            timings["mix_s"] = time.perf_counter() - mark
            mark = time.perf_counter()
            ceiling, offset = prof.ceiling_db, 0.0
            for attempt in range(3):
                mastered, master_gain_db = master_track(
                    mixed, sample_rate, prof, ceiling_db=ceiling, offset_db=offset
                )
                encode_m4a(mastered, sample_rate, staging / "mixed.m4a")
                encode_mp3(mastered, sample_rate, staging / "mixed.mp3", bitrate_kbps=192)
                # Check what is delivered, as a broadcaster's meter would: the decoded files, not the master
                # (encoders low-pass and move peaks).
                delivered = {name: _measure_file(staging / name) for name in ("mixed.m4a", "mixed.mp3")}
                measurement = delivered["mixed.m4a"].to_dict()
                measurement_mp3 = delivered["mixed.mp3"].to_dict()
                peaks_bad = any(failed_fields(m, prof) & {"true_peak_db", "peak_db"} for m in delivered.values())
                got = [m.lufs if prof.target_lufs is not None else m.rms_db for m in delivered.values()]
                target_level = prof.target_lufs if prof.target_lufs is not None else prof.target_rms_db
                level_error = float(target_level) - sum(got) / len(got)  # type: ignore[arg-type]
                if attempt == 2 or (not peaks_bad and abs(level_error) <= 0.15):
                    break
                if peaks_bad:
                    log.info("describe: peaks over the limit after encoding; mastering 1 dB lower")
                    ceiling -= 1.0
                offset += level_error
            timings["master_encode_s"] = time.perf_counter() - mark
            mark = time.perf_counter()
            stem *= np.float32(db_to_gain(master_gain_db))  # the description as it sits in the mix
            mix_info = {
                "mp3": measurement_mp3,
                "programme_lufs": _round(programme_lufs, 2),
                "speech_lufs": _round(target_speech, 2),
                "master_gain_db": _round(master_gain_db, 2),
                "ceiling_db": ceiling,
                "duck_db": duck_db,
                "ramp_s": ramp_s,
            }
            files["mixed.m4a"] = staging / "mixed.m4a"
            files["mixed.mp3"] = staging / "mixed.mp3"
            if extended:
                write_wav(prog, sample_rate, staging / "programme.extended.wav")
                files["programme.extended.wav"] = staging / "programme.extended.wav"
        else:
            levelled, _ = master_track(stem, sample_rate, prof)
            stem = levelled
        write_wav(stem, sample_rate, staging / "description.wav")
        files["description.wav"] = staging / "description.wav"
        write_vtt([(p.spoken_start_s, p.spoken_end_s, p.text) for p in placements], staging / "description.vtt")
        files["description.vtt"] = staging / "description.vtt"
        timings["write_s"] = time.perf_counter() - mark
        timings["total_s"] = time.perf_counter() - clock

        speeds = [p.speed for p in placements]
        report: dict[str, Any] = {
            "variant": "extended" if extended else "standard",
            "descriptions": str(descriptions),
            "program": str(program) if program is not None else None,
            "captions": str(captions) if captions is not None else None,
            "profile": prof.name,
            "max_speed": max_speed,
            "sample_rate": sample_rate,
            "programme_s": _round(programme_s),
            "output_s": _round(n / sample_rate),
            "summary": {
                "cues": len(placements),
                "overflows": sum(p.overflow for p in placements),
                "sped_up": sum(s > 1.005 for s in speeds),
                "max_speed_used": _round(max(speeds, default=1.0)),
                "delayed": sum(p.delay_s > 1e-3 for p in placements),
                "pauses": len(holds),
                "total_pause_s": _round(sum(h.pause_s for h in holds)),
                "min_duck_db": _round(min((d for d in ducks if d is not None), default=None), 1),
            },
            "mix": mix_info,
            "loudness": measurement,
            "pauses": [
                {"index": h.index, "at_s": _round(h.at_s), "output_s": _round(h.output_s), "pause_s": _round(h.pause_s)}
                for h in holds
            ],
            "timings_s": {k: round(v, 2) for k, v in timings.items()},
            "cues": [_cue_entry(p, spoken_text(p.text), d) for p, d in zip(placements, ducks)],
        }
        write_report_html(report, staging / "report.html")
        files["report.html"] = staging / "report.html"
        (staging / "report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
        files["report.json"] = staging / "report.json"
        final: dict[str, Path] = {}
        for name in sorted(files, key=lambda k: k == "report.json"):  # report.json last: it marks completion
            os.replace(files[name], out / name)
            final[name] = out / name
        for name in _OUTPUTS - set(final):  # left by an earlier run with other options
            (out / name).unlink(missing_ok=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    log.info(
        "describe %s: %d cues, %d over, %d pauses, %.1f s in %.1f s",
        descriptions.name, len(placements), report["summary"]["overflows"], len(holds), n / sample_rate,
        timings["total_s"],
    )
    return DescribeResult(
        out_dir=out,
        files=final,
        placements=placements,
        pauses=holds,
        variant=report["variant"],
        programme_s=programme_s,
        output_s=n / sample_rate,
        sample_rate=sample_rate,
        measurement=measurement,
        report=report,
    )
