"""Building blocks of the procedural decoder's recipes: noise, filters, envelopes, oscillators, scattering.

Pure functions over float64 numpy arrays with ``sample_rate`` passed in (``sr`` for short) and a
``numpy.random.Generator`` for every random choice, so a recipe is a pure function of its seed.
Functions named ``*_loop`` or taking ``circular=True`` treat their signal as one period of an endless
loop (FFT-domain filtering, wrapped scattering), which is how beds tile seamlessly.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy import fft as sp_fft
from scipy import signal

__all__ = [
    "TWO_PI",
    "add_at",
    "add_circular",
    "ar_env",
    "band_mag",
    "convolve_loop",
    "db",
    "exp_env",
    "fade",
    "fast_len",
    "filter_loop",
    "freqs",
    "hann_env",
    "highpass_mag",
    "impulse_loop",
    "lowpass_mag",
    "modal",
    "noise_burst",
    "noise_loop",
    "normalize_peak",
    "partials",
    "peak_mag",
    "periodic_rate",
    "phase",
    "poisson_onsets",
    "regular_onsets",
    "resonators",
    "samples",
    "slow_loop",
    "sos_filter",
    "stft_filter",
    "tilt_mag",
    "unit",
    "voice",
]

TWO_PI = 2.0 * math.pi


def db(gain_db: float | np.ndarray) -> float | np.ndarray:
    """Linear amplitude of a level in dB."""
    return 10.0 ** (np.asarray(gain_db) / 20.0) if isinstance(gain_db, np.ndarray) else 10.0 ** (gain_db / 20.0)


def samples(seconds: float, sr: int) -> int:
    """Whole samples in ``seconds`` (at least 1)."""
    return max(1, round(seconds * sr))


def unit(x: np.ndarray) -> np.ndarray:
    """``x`` scaled to unit RMS (unchanged when silent)."""
    rms = math.sqrt(float(np.mean(x * x))) if x.size else 0.0
    return x / rms if rms > 0 else x


def normalize_peak(x: np.ndarray, peak: float = 1.0) -> np.ndarray:
    """``x`` scaled to the given sample peak (unchanged when silent)."""
    top = float(np.max(np.abs(x))) if x.size else 0.0
    return x * (peak / top) if top > 0 else x


# --- magnitude responses over a frequency grid (for FFT-domain shaping) --------------------------------

def freqs(n: int, sr: int) -> np.ndarray:
    """The rfft bin frequencies of an ``n``-sample signal."""
    return np.fft.rfftfreq(n, 1.0 / sr)


def lowpass_mag(f: np.ndarray, cutoff_hz: float | np.ndarray, order: int = 2) -> np.ndarray:
    """Butterworth low-pass magnitude (-3 dB at ``cutoff_hz``, 6*order dB/octave above)."""
    return 1.0 / np.sqrt(1.0 + (f / cutoff_hz) ** (2 * order))


def highpass_mag(f: np.ndarray, cutoff_hz: float | np.ndarray, order: int = 2) -> np.ndarray:
    """Butterworth high-pass magnitude."""
    ratio = np.divide(cutoff_hz, np.maximum(f, 1e-6))
    return 1.0 / np.sqrt(1.0 + ratio ** (2 * order))


def band_mag(f: np.ndarray, lo_hz: float, hi_hz: float, order: int = 2) -> np.ndarray:
    """Band-pass magnitude as a high-pass at ``lo_hz`` times a low-pass at ``hi_hz``."""
    return highpass_mag(f, lo_hz, order) * lowpass_mag(f, hi_hz, order)


def peak_mag(f: np.ndarray, center_hz: float | np.ndarray, q: float) -> np.ndarray:
    """Resonance magnitude (1 at ``center_hz``, bandwidth center/q), a second-order band-pass."""
    fs = np.maximum(f, 1e-6)
    return 1.0 / np.sqrt(1.0 + (q * (fs / center_hz - center_hz / fs)) ** 2)


def tilt_mag(f: np.ndarray, db_per_octave: float, pivot_hz: float = 1000.0,
             lo_hz: float = 40.0, hi_hz: float = 16000.0) -> np.ndarray:
    """A straight spectral tilt in dB per octave through ``pivot_hz``, flat outside ``lo_hz..hi_hz``."""
    octaves = np.log2(np.clip(f, lo_hz, hi_hz) / pivot_hz)
    return 10.0 ** (db_per_octave * octaves / 20.0)


# --- periodic (loopable) signals -----------------------------------------------------------------------

def fast_len(n: int) -> int:
    """The smallest length >= ``n`` whose real FFT is fast (loops are made this long)."""
    return int(sp_fft.next_fast_len(max(int(n), 1), real=True))


def noise_loop(rng: np.random.Generator, n: int, sr: int,
               mag: np.ndarray | Callable[[np.ndarray], np.ndarray] | None = None) -> np.ndarray:
    """Gaussian noise of unit RMS with magnitude spectrum ``mag`` (a function of frequency, or an array
    over `freqs` of ``n``). Exactly periodic in ``n`` when ``n`` is a `fast_len` (loops are), so it
    loops without a seam; other lengths are cut from the next fast length."""
    m = n if isinstance(mag, np.ndarray) else fast_len(n)
    f = freqs(m, sr)
    shape = np.ones_like(f) if mag is None else (mag(f) if callable(mag) else mag)
    spec = (rng.standard_normal(f.size) + 1j * rng.standard_normal(f.size)) * shape
    spec[0] = 0.0
    return unit(sp_fft.irfft(spec, m)[:n])


def slow_loop(rng: np.random.Generator, n: int, sr: int, rate_hz: float) -> np.ndarray:
    """A smooth random control signal (zero mean, unit standard deviation) wandering at about
    ``rate_hz``; exactly periodic in ``n``.

    Drawn at a control rate (about 8 * rate_hz points a second, at least 32 points) and interpolated,
    so it costs little however long ``n`` is.
    """
    points = max(32, fast_len(math.ceil(n / sr * max(rate_hz, 0.01) * 8.0)))
    points = min(points, fast_len(n))
    k = np.arange(points // 2 + 1)
    f = k * sr / n  # bin k makes k cycles per n samples
    shape = np.exp(-0.5 * (f / max(rate_hz, 1e-3)) ** 2)
    shape[0] = 0.0
    if np.count_nonzero(shape > 1e-3) < 2:  # a loop shorter than the wander: keep one slow cycle
        shape[1:3] = 1.0
    spec = (rng.standard_normal(k.size) + 1j * rng.standard_normal(k.size)) * shape
    control = sp_fft.irfft(spec, points)
    where = np.arange(n) * (points / n)
    x = np.interp(where, np.arange(points + 1), np.append(control, control[0]))
    sd = float(np.std(x))
    return x / sd if sd > 0 else x


def periodic_rate(rate_hz: np.ndarray | float, n: int, sr: int) -> np.ndarray:
    """Phase in cycles (from 0) of a rate that is scaled so a whole number of cycles fits ``n``."""
    rate = np.broadcast_to(np.asarray(rate_hz, dtype=np.float64), (n,))
    cycles = np.cumsum(rate) / sr
    total = cycles[-1]
    whole = max(1.0, round(total))
    return np.concatenate([[0.0], cycles[:-1]]) * (whole / total)


def filter_loop(x: np.ndarray, sr: int, mag: np.ndarray | Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """Zero-phase filtering by the magnitude ``mag`` in the FFT domain (circular over the loop)."""
    shape = mag(freqs(x.size, sr)) if callable(mag) else mag
    return sp_fft.irfft(sp_fft.rfft(x) * shape, x.size)


def stft_filter(x: np.ndarray, sr: int, gain: Callable[[np.ndarray, np.ndarray], np.ndarray],
                n_fft: int = 1024, circular: bool = False) -> np.ndarray:
    """Time-varying filtering: ``gain(t_s[:, None], f_hz[None, :])`` is the magnitude for each frame.

    Hann analysis and synthesis windows at a quarter-frame hop (overlap-add sums to one), so a
    constant gain of 1 returns the input. With ``circular`` the signal is one period of a loop.
    """
    n = x.size
    hop = n_fft // 4
    if circular:
        reps = math.ceil((n + 2 * n_fft) / n) + 1
        padded = np.tile(x, reps)[: n + 2 * n_fft]
        padded = np.roll(padded, n_fft)  # padded[i] = x[(i - n_fft) % n]
    else:
        padded = np.concatenate([np.zeros(n_fft), x, np.zeros(n_fft + hop)])
    frames_n = (padded.size - n_fft) // hop + 1
    window = np.hanning(n_fft + 1)[:-1]
    view = sliding_window_view(padded, n_fft)[::hop][:frames_n]
    f = freqs(n_fft, sr)[None, :]
    out = np.zeros(frames_n * hop + n_fft)
    chunk = 256  # frames at a time, to bound memory on long loops
    for first in range(0, frames_n, chunk):
        frames = view[first:first + chunk] * window
        t = ((np.arange(frames.shape[0]) + first) * hop + n_fft / 2 - n_fft) / sr
        spec = sp_fft.rfft(frames, axis=1) * gain(t[:, None], f)
        out_frames = sp_fft.irfft(spec, n_fft, axis=1) * (window / 1.5)
        base = first * hop
        for k in range(4):  # overlap-add: each quarter of every frame in one vectorised pass
            seg = out_frames[:, k * hop:(k + 1) * hop].reshape(-1)
            out[base + k * hop: base + k * hop + seg.size] += seg
    if circular:
        return out[n_fft: n_fft + n]
    return out[n_fft: n_fft + n]


# --- time-domain filters --------------------------------------------------------------------------------

def sos_filter(x: np.ndarray, sr: int, kind: str, cutoff_hz: float | Sequence[float], order: int = 2) -> np.ndarray:
    """Butterworth filtering (``kind`` 'lowpass', 'highpass' or 'bandpass'), causal."""
    nyq = 0.49 * sr
    cut = np.clip(np.asarray(cutoff_hz, dtype=np.float64), 5.0, nyq)
    sos = signal.butter(order, cut, btype=kind, fs=sr, output="sos")
    return signal.sosfilt(sos, x)


def resonators(x: np.ndarray, sr: int, freqs_hz: Sequence[float], t60_s: Sequence[float],
               gains: Sequence[float] | None = None) -> np.ndarray:
    """A bank of two-pole resonators (one per mode) excited by ``x``; each rings for ``t60_s``."""
    out = np.zeros_like(x)
    gains = [1.0] * len(freqs_hz) if gains is None else gains
    for f, t60, g in zip(freqs_hz, t60_s, gains):
        if not 20.0 < f < 0.47 * sr:
            continue
        r = 10.0 ** (-3.0 / (t60 * sr))  # -60 dB after t60
        w = TWO_PI * f / sr
        a = [1.0, -2.0 * r * math.cos(w), r * r]
        b = [g * (1.0 - r * r) * 0.5, 0.0, -g * (1.0 - r * r) * 0.5]  # unity gain at resonance
        out += signal.lfilter(b, a, x)
    return out


# --- envelopes ------------------------------------------------------------------------------------------

def exp_env(n: int, sr: int, t60_s: float) -> np.ndarray:
    """Exponential decay from 1, reaching -60 dB after ``t60_s``."""
    return np.exp(-6.907755 * np.arange(n) / (sr * max(t60_s, 1e-4)))


def ar_env(n: int, sr: int, attack_s: float, release_s: float, curve: float = 1.0) -> np.ndarray:
    """Linear attack to 1 then exponential-ish decay over the rest (``release_s`` is the -60 dB time)."""
    a = min(n, samples(attack_s, sr))
    env = np.empty(n)
    env[:a] = (np.arange(a) / max(a, 1)) ** curve
    env[a:] = exp_env(n - a, sr, release_s)
    return env


def hann_env(n: int, skew: float = 0.5) -> np.ndarray:
    """A smooth rise and fall over ``n`` samples; ``skew`` is where the peak sits (0..1)."""
    t = np.linspace(0.0, 1.0, n)
    skew = min(max(skew, 0.02), 0.98)
    rise = 0.5 - 0.5 * np.cos(np.pi * np.clip(t / skew, 0, 1))
    fall = 0.5 + 0.5 * np.cos(np.pi * np.clip((t - skew) / (1 - skew), 0, 1))
    return np.where(t <= skew, rise, fall)


def fade(x: np.ndarray, sr: int, in_s: float = 0.0, out_s: float = 0.0) -> np.ndarray:
    """Raised-cosine fades in place at the ends of ``x``; returns ``x``."""
    for seconds, head in ((in_s, True), (out_s, False)):
        k = min(x.size, round(seconds * sr))
        if k <= 1:
            continue
        ramp = 0.5 - 0.5 * np.cos(np.pi * np.arange(k) / k)
        if head:
            x[:k] *= ramp
        else:
            x[-k:] *= ramp[::-1]
    return x


# --- oscillators ----------------------------------------------------------------------------------------

def phase(freq_hz: np.ndarray | float, sr: int, n: int | None = None, start: float = 0.0) -> np.ndarray:
    """Instantaneous phase in radians of a (possibly time-varying) frequency."""
    f = np.asarray(freq_hz, dtype=np.float64)
    if f.ndim == 0:
        f = np.full(n or 1, float(f))
    return start + TWO_PI * np.concatenate([[0.0], np.cumsum(f[:-1])]) / sr


def partials(ph: np.ndarray, amps: Sequence[float], f0_hz: np.ndarray | float, sr: int) -> np.ndarray:
    """Sum of harmonics ``k * ph`` weighted by ``amps[k-1]``, each muted above 0.45 * sr."""
    f0 = np.asarray(f0_hz, dtype=np.float64)
    out = np.zeros_like(ph)
    for k, a in enumerate(amps, start=1):
        if a == 0:
            continue
        alias = np.clip((0.45 * sr - k * f0) / (0.02 * sr), 0.0, 1.0)
        if np.all(alias == 0):
            break
        out += a * alias * np.sin(k * ph)
    return out


def voice(sr: int, f0_hz: np.ndarray, formants: Sequence[tuple[np.ndarray | float, float, float]],
          tilt_db_oct: float = -9.0, max_hz: float = 9000.0, step: int = 32) -> np.ndarray:
    """A voiced sound by additive synthesis: harmonics of ``f0_hz`` (one value per sample) weighted by a
    source tilt and by formants ``(center_hz, bandwidth_hz, gain_db)`` that may glide (arrays).

    Spectral weights are computed every ``step`` samples and interpolated; unit-peak output.
    """
    n = f0_hz.size
    ph = phase(f0_hz, sr)
    idx = np.arange(0, n, step)
    f0c = f0_hz[idx]
    harmonics = int(min(max_hz, 0.45 * sr) / max(float(np.min(f0_hz)), 20.0))
    out = np.zeros(n)
    cents = [(np.asarray(c, dtype=np.float64), bw, g) for c, bw, g in formants]
    for k in range(1, max(harmonics, 1) + 1):
        fk = k * f0c
        w = np.zeros_like(fk)
        for center, bw, g in cents:
            c = center if center.ndim == 0 else center[idx]
            w += db(g) / np.sqrt(1.0 + ((fk - c) / (0.5 * bw)) ** 2)
        w *= k ** (tilt_db_oct / 6.02)
        w *= np.clip((0.45 * sr - fk) / (0.02 * sr), 0.0, 1.0)
        if not np.any(w > 1e-5):
            continue
        out += np.interp(np.arange(n), idx, w) * np.sin(k * ph)
    return normalize_peak(out)


def modal(sr: int, n: int, freqs_hz: Sequence[float], t60_s: Sequence[float], amps: Sequence[float],
          rng: np.random.Generator | None = None) -> np.ndarray:
    """Struck modes: a sum of exponentially decaying sines (random phases when ``rng`` is given)."""
    t = np.arange(n) / sr
    out = np.zeros(n)
    for i, (f, t60, a) in enumerate(zip(freqs_hz, t60_s, amps)):
        if not 0 < f < 0.47 * sr:
            continue
        start = rng.uniform(0, TWO_PI) if rng is not None else 0.0
        m = min(n, samples(t60 * 1.2, sr))
        out[:m] += a * np.exp(-6.907755 * t[:m] / t60) * np.sin(TWO_PI * f * t[:m] + start)
    return out


def noise_burst(rng: np.random.Generator, sr: int, dur_s: float, lo_hz: float, hi_hz: float,
                attack_s: float = 0.001, t60_s: float | None = None, order: int = 2) -> np.ndarray:
    """Band-passed white noise under an attack/decay envelope (decay ``t60_s``, default the length)."""
    n = samples(dur_s, sr)
    x = sos_filter(rng.standard_normal(n), sr, "bandpass", (lo_hz, min(hi_hz, 0.45 * sr)), order)
    return x * ar_env(n, sr, attack_s, t60_s if t60_s is not None else dur_s)


# --- scattering -----------------------------------------------------------------------------------------

def add_at(out: np.ndarray, grain: np.ndarray, pos: int, gain: float = 1.0) -> None:
    """Add ``gain * grain`` into ``out`` starting at ``pos`` (clipped to ``out``)."""
    start, end = max(pos, 0), min(pos + grain.size, out.size)
    if end > start:
        out[start:end] += gain * grain[start - pos:end - pos]


def add_circular(out: np.ndarray, grain: np.ndarray, pos: int, gain: float = 1.0) -> None:
    """Add ``gain * grain`` into ``out`` starting at ``pos``, wrapping past the end to the start."""
    n = out.size
    if grain.size > n:  # fold a grain longer than the loop onto it
        reps = -(-grain.size // n)
        grain = np.pad(grain, (0, reps * n - grain.size)).reshape(reps, n).sum(axis=0)
    pos %= n
    first = min(grain.size, n - pos)
    out[pos:pos + first] += gain * grain[:first]
    if first < grain.size:
        out[:grain.size - first] += gain * grain[first:]


def poisson_onsets(rng: np.random.Generator, duration_s: float, rate_hz: float | Callable[[np.ndarray], np.ndarray],
                   sr: int, start_s: float = 0.0, min_gap_s: float = 0.0) -> np.ndarray:
    """Sample positions of a Poisson process over ``[start_s, duration_s)``; a callable rate is
    applied by thinning against its maximum (it is given times in seconds)."""
    peak = float(rate_hz) if not callable(rate_hz) else float(np.max(rate_hz(np.linspace(0, duration_s, 512))))
    span = duration_s - start_s
    if peak <= 0 or span <= 0:
        return np.zeros(0, dtype=np.int64)
    count = rng.poisson(peak * span)
    t = np.sort(rng.uniform(start_s, duration_s, count))
    if callable(rate_hz):
        t = t[rng.uniform(0, peak, t.size) < rate_hz(t)]
    if min_gap_s > 0 and t.size > 1:
        keep = [0]
        for i in range(1, t.size):
            if t[i] - t[keep[-1]] >= min_gap_s:
                keep.append(i)
        t = t[keep]
    return np.round(t * sr).astype(np.int64)


def regular_onsets(rng: np.random.Generator, duration_s: float, period_s: float, sr: int,
                   jitter_s: float = 0.0, start_s: float = 0.0) -> np.ndarray:
    """Sample positions every ``period_s`` from ``start_s`` with Gaussian jitter of ``jitter_s``."""
    t = np.arange(start_s, duration_s, period_s)
    if jitter_s > 0:
        t = t + rng.normal(0.0, jitter_s, t.size)
    return np.round(t * sr).astype(np.int64)


def impulse_loop(rng: np.random.Generator, n: int, sr: int, rate_hz: float | np.ndarray,
                 amp_sigma_db: float = 6.0) -> np.ndarray:
    """A sparse train of signed impulses over a loop: about ``rate_hz`` a second (an array gives the
    rate at each sample), log-normal amplitudes."""
    rate = np.broadcast_to(np.asarray(rate_hz, dtype=np.float64), (n,))
    hits = rng.random(n) < rate / sr
    pos = np.flatnonzero(hits)
    train = np.zeros(n)
    level_db = np.clip(rng.normal(0.0, amp_sigma_db, pos.size), -3.0 * amp_sigma_db, 1.5 * amp_sigma_db)
    train[pos] = rng.choice([-1.0, 1.0], pos.size) * db(level_db)
    return train


def convolve_loop(train: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Circular convolution of a loop with a (shorter) kernel: the tail past the end wraps to the start."""
    n = train.size
    full = signal.oaconvolve(train, kernel)
    out = full[:n].copy()
    tail = full[n:]
    while tail.size:
        m = min(n, tail.size)
        out[:m] += tail[:m]
        tail = tail[m:]
    return out
