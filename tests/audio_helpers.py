"""Shared test helpers: signal generators, dB <-> gain, and independent meters.

The meters here are written from the definitions, not imported from models/, so tests that use them
check the product against physics rather than against itself.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import signal

__all__ = [
    "db_to_gain",
    "gain_to_db",
    "sine",
    "speech_like",
    "voiced_like",
    "rms_db",
    "peak_db",
    "true_peak_db",
    "lufs",
    "quietest_window_db",
]


def db_to_gain(gain_db: float) -> float:
    """Linear amplitude for a level in dB."""
    return 10.0 ** (gain_db / 20.0)


def gain_to_db(gain: float) -> float:
    """Level in dB of a linear amplitude (-inf for 0)."""
    return 20.0 * math.log10(gain) if gain > 0 else -math.inf


def sine(freq_hz: float, duration_s: float, sample_rate: int, peak_db: float = -6.0) -> np.ndarray:
    """A float32 sine with the given sample peak."""
    t = np.arange(int(round(duration_s * sample_rate))) / sample_rate
    return (db_to_gain(peak_db) * np.sin(2 * np.pi * freq_hz * t)).astype(np.float32)


def speech_like(
    duration_s: float,
    sample_rate: int,
    seed: int = 0,
    *,
    lead_s: float = 0.3,
    trail_s: float = 0.4,
    level_db: float = -26.0,
    transients: bool = True,
) -> np.ndarray:
    """Syllable-modulated band-limited noise in 0.4-1.6 s phrases separated by exact-zero pauses.

    Starts with ``lead_s`` and ends with ``trail_s`` of digital silence, like raw TTS output; with
    ``transients`` a few phrases carry a 12 dB louder plosive burst, so the crest factor is speech-like.
    """
    rng = np.random.default_rng(seed)
    n = int(round(duration_s * sample_rate))
    out = np.zeros(n, dtype=np.float64)
    sos = signal.butter(4, [150, min(4000, sample_rate * 0.45)], btype="bandpass", fs=sample_rate, output="sos")
    pos = int(lead_s * sample_rate)
    end = n - int(trail_s * sample_rate)
    while pos < end:
        length = min(int(rng.uniform(0.4, 1.6) * sample_rate), end - pos)
        t = np.arange(length) / sample_rate
        syllables = 0.5 - 0.5 * np.cos(2 * np.pi * rng.uniform(3.0, 5.0) * t)  # ~4 syllables a second
        window = np.abs(np.sin(np.pi * np.arange(length) / max(1, length - 1))) ** 0.5
        phrase = signal.sosfilt(sos, rng.standard_normal(length)) * syllables * window
        if transients and rng.random() < 0.5 and length > sample_rate // 10:
            at = int(rng.integers(0, length - sample_rate // 20))
            burst = np.hanning(sample_rate // 100) * 4.0 * rng.choice([-1.0, 1.0])
            phrase[at : at + burst.size] += burst * np.abs(phrase).max()
        out[pos : pos + length] = phrase
        pos += length + int(rng.uniform(0.2, 0.6) * sample_rate)
    active = out != 0
    rms = math.sqrt(float(np.mean(out[active] ** 2)))
    return (out * (db_to_gain(level_db) / rms)).astype(np.float32)


def voiced_like(duration_s: float, sample_rate: int, seed: int = 0) -> np.ndarray:
    """Harsh synthetic speech: formant-filtered glottal pulse trains and hissy fricatives, exact-zero pauses.

    Rich in harmonics up to Nyquist, so lossy codecs overshoot its peaks more than they do on noise.
    """
    rng = np.random.default_rng(seed)
    n = int(round(duration_s * sample_rate))
    out = np.zeros(n, dtype=np.float64)
    hiss = signal.butter(4, [4000, min(10000, sample_rate * 0.45)], btype="bandpass", fs=sample_rate, output="sos")
    pos = int(0.3 * sample_rate)
    while pos < n - sample_rate:
        length = int(rng.uniform(0.3, 1.2) * sample_rate)
        t = np.arange(length) / sample_rate
        f0_hz = rng.uniform(90, 220) * (1 + 0.1 * np.sin(2 * np.pi * 3 * t))
        pulses = np.diff(np.concatenate([[0.0], np.sign(np.sin(np.cumsum(2 * np.pi * f0_hz / sample_rate)))]))
        voiced = np.zeros(length)
        for formant_hz, weight in ((rng.uniform(500, 900), 1.0), (rng.uniform(1200, 2500), 0.5)):
            b, a = signal.iirpeak(formant_hz, 5, fs=sample_rate)
            voiced += weight * signal.lfilter(b, a, pulses)
        if rng.random() < 0.5:
            voiced += 0.3 * signal.sosfilt(hiss, rng.standard_normal(length))
        out[pos : pos + length] = voiced * np.hanning(length)
        pos += length + int(rng.uniform(0.2, 0.5) * sample_rate)
    return (out / np.abs(out).max() * 0.5).astype(np.float32)


def rms_db(x: np.ndarray) -> float:
    """RMS level over the whole array in dBFS."""
    ms = float(np.mean(np.asarray(x, dtype=np.float64) ** 2))
    return 10 * math.log10(ms) if ms > 0 else -math.inf


def peak_db(x: np.ndarray) -> float:
    """Sample peak in dBFS."""
    return gain_to_db(float(np.max(np.abs(x))))


def true_peak_db(x: np.ndarray, oversample: int = 8) -> float:
    """Peak of the signal reconstructed at ``oversample`` times the rate (FFT resampling), in dBTP."""
    up = signal.resample(np.asarray(x, dtype=np.float64), len(x) * oversample)
    return gain_to_db(float(np.max(np.abs(up))))


def lufs(x: np.ndarray, sample_rate: int) -> float:
    """Integrated loudness (BS.1770-4) through pyloudnorm."""
    import pyloudnorm

    return float(pyloudnorm.Meter(sample_rate).integrated_loudness(np.asarray(x, dtype=np.float64)))


def quietest_window_db(x: np.ndarray, sample_rate: int, window_s: float = 0.5) -> float:
    """ACX noise floor: RMS of the quietest ``window_s`` window (10 ms hop), in dBFS."""
    w = int(window_s * sample_rate)
    hop = max(1, sample_rate // 100)
    sq = np.concatenate([[0.0], np.cumsum(np.asarray(x, dtype=np.float64) ** 2)])
    starts = np.arange(0, len(x) - w + 1, hop)
    ms = (sq[starts + w] - sq[starts]) / w
    low = float(ms.min())
    return 10 * math.log10(low) if low > 0 else -math.inf
