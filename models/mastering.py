"""Mastering to audiobook delivery standards: gain, high-pass, look-ahead limiter, room tone, meters.

All functions are pure over float32 mono arrays with ``sample_rate`` passed in and return new arrays.
Levels are in dBFS (a full-scale sine has a peak of 0 dBFS and an RMS of about -3 dBFS), loudness in
LUFS (ITU-R BS.1770 through pyloudnorm), true peak in dBTP estimated by 4x oversampling.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import fft as sp_fft
from scipy import signal
from scipy.ndimage import maximum_filter1d

__all__ = [
    "SILENCE_DB",
    "Profile",
    "PROFILES",
    "Measurement",
    "get_profile",
    "db_to_gain",
    "gain_to_db",
    "apply_gain",
    "resample",
    "highpass",
    "room_tone",
    "oversampled_peak",
    "limit",
    "Mastered",
    "master",
    "master_with_offset",
    "measure",
    "check",
    "failed_fields",
]

logger = logging.getLogger(__name__)

SILENCE_DB = -150.0
"""Level reported for digital silence (instead of -inf, so measurements stay JSON-friendly)."""

_OVERSAMPLE = 4
_PEAK_BLOCK = 1 << 12  # samples per oversampling block (~93 ms at 44.1 kHz)
_ROOM_TONE_PERIOD = 1 << 19  # samples in one period of room tone (~12 s at 44.1 kHz)
_CHUNK = 1 << 18  # samples per block in the chunked loops, to bound memory on hour-long chapters
_SUBNORMAL_FLUSH = 1e-20  # -400 dBFS
_TRIM_DB = -50.0  # same threshold as the head/tail meter
_LEAD_KEEP_S = 0.02  # narration kept before the first sample above _TRIM_DB (soft onsets)
_TAIL_KEEP_S = 0.10  # and after the last one (decays)
_MAX_PASSES = 5
_LEVEL_TOLERANCE_DB = 0.05


@dataclass(frozen=True)
class Profile:
    """A delivery standard: what `master` aims for and what `check` enforces.

    Exactly one of ``target_rms_db`` (whole-file RMS, as ACX measures it) and ``target_lufs``
    (integrated loudness) is set. Limits that are ``None`` are not checked.
    """

    name: str
    sample_rate: int = 44100
    target_rms_db: float | None = None
    target_lufs: float | None = None
    rms_range_db: tuple[float, float] | None = None
    lufs_tolerance_lu: float | None = None
    ceiling_db: float = -3.5  # limiter ceiling on the 4x-oversampled (true) peak, with margin for codecs
    max_peak_db: float | None = None  # sample peak
    max_true_peak_db: float | None = None
    max_noise_floor_db: float | None = None
    min_noise_floor_db: float | None = None  # below this the "room tone" is digital silence
    head_s: float = 0.75
    tail_s: float = 2.5
    head_range_s: tuple[float, float] | None = None
    tail_range_s: tuple[float, float] | None = None
    room_tone_db: float = -70.0
    highpass_hz: float = 80.0
    attack_ms: float = 5.0
    release_ms: float = 120.0
    max_duration_s: float | None = 120 * 60.0

    def __post_init__(self) -> None:
        if (self.target_rms_db is None) == (self.target_lufs is None):
            raise ValueError(f"profile {self.name!r}: set exactly one of target_rms_db and target_lufs")
        if self.sample_rate <= 0:
            raise ValueError(f"profile {self.name!r}: sample_rate must be positive, got {self.sample_rate}")
        if self.head_s < 0 or self.tail_s < 0:
            raise ValueError(f"profile {self.name!r}: head_s and tail_s must be >= 0")


PROFILES: Mapping[str, Profile] = {
    "acx": Profile(
        name="acx",
        target_rms_db=-20.0,
        rms_range_db=(-23.0, -18.0),
        ceiling_db=-4.0,
        max_peak_db=-3.0,
        max_noise_floor_db=-60.0,
        min_noise_floor_db=-90.0,
        head_range_s=(0.5, 1.0),
        tail_range_s=(1.0, 5.0),
    ),
    "r128": Profile(
        name="r128",
        target_lufs=-23.0,
        lufs_tolerance_lu=0.5,
        ceiling_db=-1.5,
        max_true_peak_db=-1.0,
    ),
}


@dataclass(frozen=True)
class Measurement:
    """What a delivery checker measures on a file: levels in dBFS, loudness in LUFS, times in seconds."""

    duration_s: float
    sample_rate: int
    rms_db: float
    peak_db: float
    true_peak_db: float
    lufs: float
    noise_floor_db: float  # RMS of the quietest 500 ms window (ACX's definition)
    head_silence_s: float  # leading run below -50 dBFS
    tail_silence_s: float  # trailing run below -50 dBFS

    def to_dict(self) -> dict[str, float | int]:
        """The fields as a JSON-ready dict."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Measurement:
        """Build from `to_dict` output; unknown keys are ignored, a missing one raises ValueError."""
        names = [f.name for f in dataclasses.fields(cls)]
        missing = [name for name in names if name not in data]
        if missing:
            raise ValueError(f"measurement dict lacks {', '.join(missing)}")
        return cls(**{name: data[name] for name in names})


def get_profile(profile: Profile | str) -> Profile:
    """The profile itself, or the named one from `PROFILES`."""
    if isinstance(profile, Profile):
        return profile
    try:
        return PROFILES[profile]
    except KeyError:
        raise ValueError(f"unknown profile {profile!r}; choose one of {', '.join(sorted(PROFILES))}") from None


def db_to_gain(gain_db: float) -> float:
    """Linear amplitude factor for a gain in dB."""
    return float(10.0 ** (gain_db / 20.0))


def gain_to_db(gain: float) -> float:
    """Gain in dB for a linear amplitude factor; `SILENCE_DB` for zero."""
    return float(20.0 * math.log10(gain)) if gain > 0 else SILENCE_DB


def _as_mono(audio: np.ndarray, sample_rate: int, *, allow_empty: bool = False) -> np.ndarray:
    if not isinstance(audio, np.ndarray):
        raise TypeError(f"audio must be a numpy array, got {type(audio).__name__}")
    if audio.ndim != 1:
        raise ValueError(f"audio must be mono (1-D), got shape {audio.shape}; mix channels down first")
    if not np.issubdtype(audio.dtype, np.floating):
        raise TypeError(f"audio must be floating point in [-1, 1], got {audio.dtype}; convert PCM first")
    if isinstance(sample_rate, bool) or not isinstance(sample_rate, (int, np.integer)) or sample_rate <= 0:
        raise ValueError(f"sample_rate must be a positive integer, got {sample_rate!r}")
    if not allow_empty and audio.size == 0:
        raise ValueError("audio is empty")
    if not np.isfinite(audio).all():
        raise ValueError("audio contains NaN or infinite samples")
    return audio


def _level_db(mean_square: float) -> float:
    return float(10.0 * math.log10(mean_square)) if mean_square > 0 else SILENCE_DB


def _mean_square(x: np.ndarray) -> float:
    total = 0.0
    for start in range(0, x.size, _CHUNK):
        block = x[start : start + _CHUNK].astype(np.float64)
        total += float(np.dot(block, block))
    return total / x.size if x.size else 0.0


def apply_gain(audio: np.ndarray, gain_db: float) -> np.ndarray:
    """The audio scaled by ``gain_db`` (float32)."""
    if audio.size and not np.isfinite(gain_db):
        raise ValueError(f"gain_db must be finite, got {gain_db}")
    return (np.asarray(audio, dtype=np.float32) * np.float32(db_to_gain(gain_db))).astype(np.float32)


def resample(audio: np.ndarray, sample_rate: int, target_rate: int) -> np.ndarray:
    """Polyphase resampling to ``target_rate`` (float32); a copy when the rates match."""
    x = _as_mono(audio, sample_rate, allow_empty=True)
    if target_rate <= 0:
        raise ValueError(f"target_rate must be positive, got {target_rate}")
    if target_rate == sample_rate:
        return x.astype(np.float32, copy=True)
    g = math.gcd(int(sample_rate), int(target_rate))
    up, down = int(target_rate) // g, int(sample_rate) // g
    return signal.resample_poly(x.astype(np.float32), up, down).astype(np.float32)


def highpass(audio: np.ndarray, sample_rate: int, cutoff_hz: float = 80.0, order: int = 2) -> np.ndarray:
    """Zero-phase Butterworth high-pass (run forwards and backwards, so the slope is doubled)."""
    x = _as_mono(audio, sample_rate)
    if not 0 < cutoff_hz < sample_rate / 2:
        raise ValueError(f"cutoff_hz must be between 0 and {sample_rate / 2} Hz, got {cutoff_hz}")
    sos = signal.butter(order, cutoff_hz, btype="highpass", fs=sample_rate, output="sos")
    if x.size <= 3 * (2 * len(sos) + 1):  # too short for filtfilt's edge padding: filter once
        y = signal.sosfilt(sos, x.astype(np.float64)).astype(np.float32)
    else:
        y = signal.sosfiltfilt(sos, x.astype(np.float64)).astype(np.float32)
    # The filter's decay into digital silence ends in subnormal floats, which make every later
    # multiply-add (oversampling, limiting) many times slower; they are far below any audible level.
    y[np.abs(y) < _SUBNORMAL_FLUSH] = 0.0
    return y


def room_tone(duration_s: float, sample_rate: int, level_db: float = -70.0, seed: int = 0) -> np.ndarray:
    """Quiet pinkish noise like a treated booth: 1/f spectrum, rolled off below 40 Hz and above 8 kHz.

    Its RMS is exactly ``level_db`` dBFS, so it reads as a real noise floor rather than digital
    silence (which delivery checkers reject) or white hiss (which listeners hear).
    """
    if duration_s < 0 or not math.isfinite(duration_s):
        raise ValueError(f"duration_s must be >= 0, got {duration_s}")
    if sample_rate <= 0:
        raise ValueError(f"sample_rate must be positive, got {sample_rate}")
    if level_db > -20:
        raise ValueError(f"level_db {level_db} is too loud for room tone; use -75..-60 dBFS")
    n = int(round(duration_s * sample_rate))
    if n == 0:
        return np.zeros(0, dtype=np.float32)
    rng = np.random.default_rng(seed)
    # One period of at most ~12 s, tiled: an inverse FFT is circular, so the seams are seamless, and
    # an hour of room tone costs no more than twelve seconds of it.
    size = sp_fft.next_fast_len(max(min(n, _ROOM_TONE_PERIOD), 64), real=True)
    spectrum = rng.standard_normal(size // 2 + 1) + 1j * rng.standard_normal(size // 2 + 1)
    f_hz = np.fft.rfftfreq(size, 1.0 / sample_rate)
    f_safe = np.maximum(f_hz, 1.0)
    shape = 1.0 / np.sqrt(f_safe)  # pink: -3 dB per octave
    shape *= (f_safe / 40.0) ** 2 / (1.0 + (f_safe / 40.0) ** 2)  # 2nd-order-like roll-off of rumble
    shape /= np.sqrt(1.0 + (f_safe / 8000.0) ** 4)  # and of the top octave (a room, not hiss)
    shape[0] = 0.0  # no DC
    period = np.fft.irfft(spectrum * shape, n=size)
    noise = np.resize(period, n) if n > size else period[:n]
    rms = math.sqrt(float(np.mean(noise**2)))
    if rms == 0.0:  # n == 1: a single sample cannot carry a spectrum
        noise = np.full(n, 1.0)
        rms = 1.0
    return (noise * (db_to_gain(level_db) / rms)).astype(np.float32)


def _chunks(n: int, margin: int, size: int = _CHUNK) -> Iterator[tuple[int, int, int, int]]:
    """(start, stop) of each block and (lo, hi) of the block widened by ``margin`` each side."""
    for start in range(0, n, size):
        stop = min(n, start + size)
        yield start, stop, max(0, start - margin), min(n, stop + margin)


@functools.lru_cache(maxsize=4)
def _interpolator(factor: int) -> np.ndarray:
    """A 12-taps-per-phase low-pass for `factor`x interpolation, as BS.1770's true-peak meter uses."""
    taps = 12 * factor
    return (signal.firwin(taps + 1, 1.0 / factor, window=("kaiser", 5.0)) * factor).astype(np.float32)


def oversampled_peak(
    audio: np.ndarray, sample_rate: int, factor: int = _OVERSAMPLE, floor: float = 0.0
) -> np.ndarray:
    """Per sample, the largest magnitude of the signal reconstructed in [n, n+1) at ``factor``x rate.

    This is the BS.1770 true-peak estimate, sample by sample; it is never below ``abs(audio)``.
    Blocks whose samples all stay below ``floor`` (linear) are not oversampled: callers that only
    care about peaks near a ceiling pass one well below it and save most of the work.
    """
    x = _as_mono(audio, sample_rate, allow_empty=True)
    out = np.abs(x).astype(np.float32)
    margin = 32  # resample_poly's filter reaches 10 input samples each side for factor 4
    for b0, b1, l0, l1 in _chunks(x.size, margin, _PEAK_BLOCK):
        if floor > 0.0 and float(out[b0:b1].max()) < floor:
            continue
        up = np.abs(signal.upfirdn(_interpolator(factor), x[l0:l1].astype(np.float32), up=factor))
        delay = len(_interpolator(factor)) // 2  # the linear-phase filter's delay, in output samples
        up = up[delay : delay + factor * (l1 - l0)]
        per_sample = up[0::factor].copy()
        for phase in range(1, factor):  # strided maxima: far faster than reshape(...).max(axis=1)
            np.maximum(per_sample, up[phase::factor], out=per_sample)
        np.maximum(out[b0:b1], per_sample[b0 - l0 : b1 - l0], out=out[b0:b1])
    return out


def limit(
    audio: np.ndarray,
    sample_rate: int,
    ceiling_db: float = -1.0,
    attack_ms: float = 5.0,
    release_ms: float = 120.0,
) -> np.ndarray:
    """Look-ahead peak limiter: the 4x-oversampled peak stays at or below ``ceiling_db``.

    The gain reduction needed at each sample is held ``attack_ms`` ahead of it and ramped in with a
    moving average of the same length (linear in dB, so it is fully down when the peak arrives), and
    recovers at 10 dB per ``release_ms``. The gain is smooth (no clipping); sample peaks are
    guaranteed below the ceiling, inter-sample peaks to the accuracy of 4x oversampling.
    """
    x = _as_mono(audio, sample_rate, allow_empty=True)
    if x.size == 0:
        return np.zeros(0, dtype=np.float32)
    return _apply_limiter(x, oversampled_peak(x, sample_rate), sample_rate, ceiling_db, attack_ms, release_ms)


def _apply_limiter(
    x: np.ndarray,
    peak: np.ndarray,
    sample_rate: int,
    ceiling_db: float,
    attack_ms: float,
    release_ms: float,
) -> np.ndarray:
    """`limit` with the oversampled peak envelope of ``x`` given (it scales with gain, so callers reuse it)."""
    if ceiling_db > 0:
        raise ValueError(f"ceiling_db must be <= 0 dBFS, got {ceiling_db}")
    if attack_ms <= 0 or release_ms <= 0:
        raise ValueError(f"attack_ms and release_ms must be positive, got {attack_ms}, {release_ms}")
    n = x.size
    ceiling = db_to_gain(ceiling_db)
    if n == 0 or float(peak.max()) <= ceiling:
        return x.astype(np.float32, copy=True)

    # Reduction needed per sample, in dB (float32 is ample for 0..60 dB).
    need_db = np.empty(n, dtype=np.float32)
    for start, stop, _, _ in _chunks(n, 0):
        p = peak[start:stop].astype(np.float64)
        need_db[start:stop] = np.maximum(0.0, 20.0 * np.log10(np.maximum(p, 1e-12)) - ceiling_db)

    # Release: rel[n] = max(need[n], rel[n-1] - rate), as a running maximum in blocks.
    rate_db = 10.0 / (release_ms * sample_rate / 1000.0)
    rel_db = np.empty(n, dtype=np.float32)
    carry = 0.0
    for start, stop, _, _ in _chunks(n, 0):
        ramp = rate_db * np.arange(stop - start, dtype=np.float64)
        held = np.maximum.accumulate(need_db[start:stop] + ramp) - ramp
        held = np.maximum(held, carry - rate_db - ramp)
        rel_db[start:stop] = held
        carry = float(held[-1])
    del need_db

    # Attack: hold each reduction over the `length` samples before it, then take a causal moving
    # average of `length`: every term averaged at sample n is >= the reduction needed at n.
    length = max(1, int(round(attack_ms * sample_rate / 1000.0)))
    gain = np.empty(n, dtype=np.float32)
    for start, stop, lo, hi in _chunks(n, length):
        hold = maximum_filter1d(rel_db[lo:hi], size=length, origin=-(length // 2), mode="nearest")
        # Before the first sample, repeat the first held value (conservative, see above).
        head = np.full(length - 1 if lo == 0 else 0, hold[0], dtype=np.float64)
        csum = np.concatenate([[0.0], np.cumsum(np.concatenate([head, hold.astype(np.float64)]))])
        smooth = (csum[length:] - csum[:-length]) / length  # smooth[k] averages up to series[k + length - 1]
        first = (start - lo) - (0 if lo == 0 else length - 1)  # index in `smooth` ending at sample `start`
        gain[start:stop] = 10.0 ** (-smooth[first : first + (stop - start)] / 20.0)
    del rel_db

    out = x.astype(np.float32) * gain
    np.clip(out, -ceiling, ceiling, out=out)  # float rounding only: the gain already guarantees this
    return out


def _loud_span(x: np.ndarray, threshold: float) -> tuple[int, int] | None:
    """Indices of the first and last samples whose magnitude exceeds ``threshold``; None if none do."""
    loud = np.abs(x) > threshold
    first = int(np.argmax(loud))
    if not loud[first]:
        return None
    return first, x.size - 1 - int(np.argmax(loud[::-1]))


def _loudness_lufs(x: np.ndarray, sample_rate: int) -> float:
    import pyloudnorm  # imported here: only the loudness meter needs it

    if x.size < int(0.4 * sample_rate):  # shorter than one BS.1770 gating block
        return SILENCE_DB
    value = float(pyloudnorm.Meter(sample_rate).integrated_loudness(x.astype(np.float64)))
    return value if math.isfinite(value) else SILENCE_DB


@dataclass(frozen=True)
class Mastered:
    """A mastered chapter and where the input's first sample now sits, so timings can follow it."""

    audio: np.ndarray
    sample_rate: int
    offset_s: float  # add to a time in the input to get the time in `audio`


def master(audio: np.ndarray, sample_rate: int, profile: Profile | str = "acx", seed: int = 0) -> np.ndarray:
    """A finished chapter (see `master_with_offset`)."""
    return master_with_offset(audio, sample_rate, profile, seed).audio


def master_with_offset(audio: np.ndarray, sample_rate: int, profile: Profile | str = "acx", seed: int = 0) -> Mastered:
    """A finished chapter at ``profile.sample_rate``: high-passed, levelled, limited, with room tone.

    Steps: resample; high-pass at ``profile.highpass_hz``; trim the narration's own leading and
    trailing quiet; gain to the profile's target (whole-file RMS including room tone, or integrated
    LUFS), refined over a few passes because the limiter and the room tone move the level; limit to
    ``profile.ceiling_db``; lay room tone under the whole narration; add ``head_s`` / ``tail_s``
    of room tone. Raises ValueError for silent narration.
    """
    prof = get_profile(profile)
    x = _as_mono(audio, sample_rate)
    sr = prof.sample_rate
    y = resample(x, sample_rate, sr)
    y = highpass(y, sr, prof.highpass_hz)
    if not np.any(y):
        raise ValueError("narration is digital silence; nothing to master")

    head = room_tone(prof.head_s, sr, prof.room_tone_db, seed=seed)
    tail = room_tone(prof.tail_s, sr, prof.room_tone_db, seed=seed + 1_000_003)
    # Room tone runs under the whole narration, as in a real booth: pauses (and the voice's own
    # near-silences inside sentences) sit at the room's level, never below it.
    bed = room_tone(y.size / sr, sr, prof.room_tone_db, seed=seed + 1)[: y.size]
    if prof.target_rms_db is not None:
        target = prof.target_rms_db
        gain_db = target - _level_db(_mean_square(y))
    elif prof.target_lufs is not None:
        target = prof.target_lufs
        start_lufs = _loudness_lufs(y, sr)
        gain_db = target - (start_lufs if start_lufs > SILENCE_DB else _level_db(_mean_square(y)))
    else:  # Profile.__post_init__ prevents this
        raise ValueError(f"profile {prof.name!r} has no level target")

    # The peak envelope scales with the gain, so one pass serves every level iteration; only blocks
    # that could come within 6 dB of the ceiling at this gain need oversampling.
    peak = oversampled_peak(y, sr, floor=db_to_gain(prof.ceiling_db - gain_db - 6.0))
    result = np.zeros(0, dtype=np.float32)
    previous: tuple[float, float] | None = None  # (gain_db, level) of the last pass, for the secant step
    error_db = math.inf
    for attempt in range(_MAX_PASSES):
        gain = db_to_gain(gain_db)
        span = _loud_span(y, db_to_gain(_TRIM_DB) / gain)
        if span is None:
            gain_db += 40.0
            continue
        a = max(0, span[0] - int(round(_LEAD_KEEP_S * sr)))
        b = min(y.size, span[1] + 1 + int(round(_TAIL_KEEP_S * sr)))
        body = _apply_limiter(
            y[a:b] * np.float32(gain) + bed[a:b], peak[a:b] * np.float32(gain) + np.abs(bed[a:b]), sr,
            prof.ceiling_db, prof.attack_ms, prof.release_ms,
        )
        result = np.concatenate([head, body, tail])
        if prof.target_rms_db is not None:
            got = _level_db(_mean_square(result))
        else:
            got = _loudness_lufs(result, sr)
        error_db = target - got
        logger.debug("master pass %d: gain %.2f dB, level %.2f, error %.3f dB", attempt, gain_db, got, error_db)
        if abs(error_db) <= _LEVEL_TOLERANCE_DB:
            break
        # The limiter and the fixed-level room tone make level(gain) flatter than 1 dB/dB: step along
        # the measured slope (secant), kept within a sane range.
        slope = 1.0
        if previous is not None and abs(gain_db - previous[0]) > 1e-6:
            slope = min(1.0, max(0.1, (got - previous[1]) / (gain_db - previous[0])))
        previous = (gain_db, got)
        gain_db += error_db / slope
    if abs(error_db) > 0.5:
        logger.warning("master: level settled %.2f dB away from the target %.1f", -error_db, target)
    if result.size == 0:
        raise ValueError("narration is too quiet to master")
    return Mastered(audio=result, sample_rate=sr, offset_s=head.size / sr - a / sr)


def _quietest_window_db(x: np.ndarray, sample_rate: int, window_s: float = 0.5, hop_s: float = 0.01) -> float:
    hop = max(1, int(round(hop_s * sample_rate)))
    per_window = max(1, int(round(window_s / hop_s)))
    blocks = x.size // hop
    if blocks < per_window:
        return _level_db(_mean_square(x))
    energy = np.empty(blocks, dtype=np.float64)
    for start in range(0, blocks, _CHUNK // hop or 1):
        stop = min(blocks, start + (_CHUNK // hop or 1))
        seg = x[start * hop : stop * hop].astype(np.float64).reshape(stop - start, hop)
        energy[start:stop] = np.einsum("ij,ij->i", seg, seg)
    csum = np.concatenate([[0.0], np.cumsum(energy)])
    sums = csum[per_window:] - csum[:-per_window]
    return _level_db(max(0.0, float(sums.min())) / (per_window * hop))


def measure(audio: np.ndarray, sample_rate: int) -> Measurement:
    """Measure a finished file the way delivery checkers do (over the whole file, room tone included)."""
    x = _as_mono(audio, sample_rate)
    span = _loud_span(x, db_to_gain(_TRIM_DB))
    if span is not None:
        head_s = span[0] / sample_rate
        tail_s = (x.size - 1 - span[1]) / sample_rate
    else:
        head_s = tail_s = x.size / sample_rate
    peak = float(np.abs(x).max())
    # Only blocks within 3 dB of the sample peak can hold the true peak (overshoot beyond is pathological).
    true_peak = float(oversampled_peak(x, sample_rate, floor=0.708 * float(np.abs(x).max(initial=0.0))).max())
    return Measurement(
        duration_s=x.size / sample_rate,
        sample_rate=int(sample_rate),
        rms_db=round(_level_db(_mean_square(x)), 3),
        peak_db=round(gain_to_db(peak), 3),
        true_peak_db=round(gain_to_db(true_peak), 3),
        lufs=round(_loudness_lufs(x, sample_rate), 3),
        noise_floor_db=round(_quietest_window_db(x, sample_rate), 3),
        head_silence_s=round(head_s, 4),
        tail_silence_s=round(tail_s, 4),
    )


def _checks(m: Measurement, prof: Profile) -> list[tuple[str, str]]:
    """(field, failure message) for each limit of ``prof`` that ``m`` breaks."""
    out: list[tuple[str, str]] = []
    if m.sample_rate != prof.sample_rate:
        out.append(("sample_rate", f"sample rate {m.sample_rate} Hz is not {prof.sample_rate} Hz"))
    if prof.rms_range_db is not None:
        lo, hi = prof.rms_range_db
        if not lo <= m.rms_db <= hi:
            out.append(("rms_db", f"RMS {m.rms_db:.1f} dBFS is outside {lo:g}..{hi:g} dBFS"))
    if prof.target_lufs is not None and prof.lufs_tolerance_lu is not None:
        if abs(m.lufs - prof.target_lufs) > prof.lufs_tolerance_lu:
            out.append(
                ("lufs", f"loudness {m.lufs:.1f} LUFS is not {prof.target_lufs:g} ± {prof.lufs_tolerance_lu:g} LU")
            )
    if prof.max_peak_db is not None and m.peak_db > prof.max_peak_db:
        out.append(("peak_db", f"peak {m.peak_db:.2f} dBFS is above {prof.max_peak_db:g} dBFS"))
    if prof.max_true_peak_db is not None and m.true_peak_db > prof.max_true_peak_db:
        out.append(("true_peak_db", f"true peak {m.true_peak_db:.2f} dBTP is above {prof.max_true_peak_db:g} dBTP"))
    if prof.max_noise_floor_db is not None and m.noise_floor_db > prof.max_noise_floor_db:
        out.append(
            ("noise_floor_db", f"noise floor {m.noise_floor_db:.1f} dBFS is above {prof.max_noise_floor_db:g} dBFS")
        )
    if prof.min_noise_floor_db is not None and m.noise_floor_db < prof.min_noise_floor_db:
        out.append(
            ("noise_floor_db", f"noise floor {m.noise_floor_db:.1f} dBFS is digital silence; add room tone")
        )
    if prof.head_range_s is not None:
        lo, hi = prof.head_range_s
        if not lo <= m.head_silence_s <= hi:
            out.append(("head_silence_s", f"head room tone {m.head_silence_s:.2f} s is outside {lo:g}..{hi:g} s"))
    if prof.tail_range_s is not None:
        lo, hi = prof.tail_range_s
        if not lo <= m.tail_silence_s <= hi:
            out.append(("tail_silence_s", f"tail room tone {m.tail_silence_s:.2f} s is outside {lo:g}..{hi:g} s"))
    if prof.max_duration_s is not None and m.duration_s > prof.max_duration_s:
        out.append(("duration_s", f"duration {m.duration_s / 60:.1f} min is over {prof.max_duration_s / 60:g} min"))
    return out


def check(measurement: Measurement, profile: Profile | str = "acx") -> list[str]:
    """Human-readable failures of ``measurement`` against ``profile``; empty when compliant."""
    return [message for _, message in _checks(measurement, get_profile(profile))]


def failed_fields(measurement: Measurement, profile: Profile | str = "acx") -> set[str]:
    """Names of the `Measurement` fields that break ``profile`` (for colouring reports)."""
    return {name for name, _ in _checks(measurement, get_profile(profile))}
