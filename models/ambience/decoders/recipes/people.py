"""People: crowds and chatter, applause, laughter, footsteps.

Families: babble (source-filter speech: glottal pulse trains with intonation, filtered syllable by
syllable through vowel formants, with fricative and plosive noise between), clap swarms (many clappers,
each a fixed hand-cavity resonance at its own rate), 'ha' trains for laughter, and heel-toe impact pairs
for steps.
"""

from __future__ import annotations

import numpy as np

from models.ambience.decoders import synth as s
from models.ambience.decoders.recipes.base import (
    ROOM,
    STREET,
    Bed,
    Ctx,
    Layer,
    bed,
    spot,
)
from models.ambience.decoders.recipes.things import impact

__all__ = ["phrase", "run_interval", "step_grain", "walk_interval"]

# F1, F2, F3 of a few vowels (Hz), roughly between adult male and female values.
VOWELS = [(750.0, 1250.0, 2600.0), (550.0, 1800.0, 2600.0), (320.0, 2300.0, 3000.0), (500.0, 950.0, 2500.0),
          (350.0, 900.0, 2400.0), (650.0, 1600.0, 2600.0), (450.0, 1400.0, 2500.0)]


def _glottal(ctx: Ctx, f0: np.ndarray) -> np.ndarray:
    """A glottal source: a falling sawtooth (its aliasing is negligible at speaking pitch) smoothed to the
    voice's -12 dB/octave tilt above about 1 kHz."""
    cycles = np.cumsum(f0) / ctx.sr
    saw = 1.0 - 2.0 * (cycles % 1.0)
    return s.sos_filter(saw, ctx.sr, "lowpass", 1200.0, 1)


def phrase(ctx: Ctx, dur_s: float, f0_hz: float, rate_hz: float = 5.0) -> np.ndarray:
    """A spoken phrase with no words: syllables of vowels and consonant noise under an intonation curve."""
    rng, sr = ctx.rng, ctx.sr
    n = ctx.n(dur_s)
    t = np.arange(n) / sr
    f0 = f0_hz * (1.15 - 0.3 * t / dur_s) * (1.0 + 0.08 * s.slow_loop(rng, n, sr, 2.0))
    source = _glottal(ctx, f0)
    out = np.zeros(n)
    pos = 0
    while pos < n:
        syl = ctx.n(rng.uniform(0.6, 1.4) / rate_hz)
        f1, f2, f3 = VOWELS[int(rng.integers(len(VOWELS)))]
        scale = f0_hz / 150.0 * 0.15 + 0.9
        seg_n = min(syl + ctx.n(0.03), n - pos)
        seg = source[pos:pos + seg_n]
        vowel = s.resonators(seg, sr, [f1 * scale, f2 * scale, f3 * scale], [0.02, 0.015, 0.01], [1.0, 0.5, 0.25])
        env = s.hann_env(seg_n, rng.uniform(0.25, 0.5)) ** 0.7
        env[: min(seg_n, ctx.n(0.03))] *= 0.3 if rng.random() < 0.5 else 1.0  # a soft consonant onset
        vowel = vowel * env * rng.uniform(0.5, 1.0)
        s.add_at(out, vowel, pos)
        if rng.random() < 0.45:  # a fricative or plosive before the vowel, well below the vowel
            c = ctx.n(rng.uniform(0.02, 0.07))
            lo = rng.choice([2500.0, 4000.0, 1200.0])
            noise = s.sos_filter(rng.standard_normal(c), sr, "bandpass", (lo, min(9000.0, 0.45 * sr)), 2)
            level = 0.25 * float(np.sqrt(np.mean(vowel ** 2)))
            s.add_at(out, level * s.unit(noise) * s.hann_env(c, 0.3), pos)
        pos += syl
    return out * s.hann_env(n, 0.5) ** 0.1


def _voices(ctx: Ctx, count: int, lo_s: float, hi_s: float) -> list[np.ndarray]:
    bank = []
    for i in range(count):
        f0 = ctx.u(95.0, 135.0) if i % 2 == 0 else ctx.u(180.0, 240.0)
        bank.append(s.unit(phrase(ctx, ctx.u(lo_s, hi_s), f0, ctx.u(4.0, 6.0))))
    return bank


def _murmur_loop(ctx: Ctx, loop_n: int, voices: int) -> np.ndarray:
    """Speech-shaped noise whose syllabic flutter averages out as the crowd grows."""
    rng, sr = ctx.rng, ctx.sr
    shape = lambda f: s.band_mag(f, 150.0, 4000.0, 1) * (0.3 + s.peak_mag(f, 500.0, 1.2) + 0.5 * s.peak_mag(f, 1500.0, 1.5))
    out = np.zeros(loop_n)
    for _ in range(4):
        am = np.clip(1.0 + s.slow_loop(rng, loop_n, sr, 4.0) * (1.5 / np.sqrt(voices)), 0.0, None)
        out += s.noise_loop(rng, loop_n, sr, shape) * am
    return out


def _talk(ctx: Ctx, loop_n: int, total_n: int, talkers: float, murmur: float, lo_s: float, hi_s: float) -> Bed:
    rng, sr = ctx.rng, ctx.sr
    bank = _voices(ctx, 8, lo_s, hi_s)
    mean_len = float(np.mean([b.size for b in bank])) / sr
    onsets = s.poisson_onsets(rng, total_n / sr, talkers / (mean_len + 0.6), sr)
    gains = s.db(rng.normal(0, 3, onsets.size))
    loop = murmur * _murmur_loop(ctx, loop_n, int(talkers * 4))
    return Bed(loop, [Layer(bank, onsets, rng.integers(0, len(bank), onsets.size), gains / np.sqrt(max(talkers, 1)))])


@bed("Crowd", space=ROOM, family="babble")
def crowd(ctx: Ctx, loop_n: int, total_n: int) -> Bed:
    """A crowd: a dense murmur of many voices, a few nearer ones standing out."""
    talkers = ctx.lerp(6.0, 16.0, ctx.density)
    return _talk(ctx, loop_n, total_n, talkers, ctx.lerp(0.5, 0.9, ctx.intensity), 1.2, 3.0)


@bed("Chatter", space=ROOM, family="babble")
def chatter(ctx: Ctx, loop_n: int, total_n: int) -> Bed:
    """People talking in the background: a few voices taking turns, a light murmur behind them."""
    talkers = ctx.lerp(3.0, 6.0, ctx.density)
    return _talk(ctx, loop_n, total_n, talkers, 0.4, 1.0, 2.6)


def _clap(ctx: Ctx, cavity_hz: float) -> np.ndarray:
    n = ctx.n(0.03)
    burst = ctx.rng.standard_normal(n) * s.exp_env(n, ctx.sr, ctx.u(0.008, 0.015))
    body = s.resonators(burst, ctx.sr, [cavity_hz], [0.012], [2.0])
    return s.sos_filter(burst, ctx.sr, "bandpass", (500.0, 9000.0), 1) + body


@spot("Applause", space=ROOM, family="clap swarm")
def applause(ctx: Ctx) -> np.ndarray:
    """People clapping: each clapper a steady hand-cavity clap at their own pace; it swells and dies away."""
    rng = ctx.rng
    length = 4.0
    out = np.zeros(ctx.n(length + 0.2))
    clappers = int(ctx.lerp(8, 60, ctx.density))
    for _ in range(clappers):
        clap = _clap(ctx, ctx.u(700.0, 2200.0))
        rate = ctx.u(3.5, 5.5)
        start = abs(rng.normal(0.0, 0.2))
        stop = length - abs(rng.normal(0.6, 0.5))
        gain = ctx.u(0.45, 1.0)
        for t in np.arange(start, max(start, stop), 1.0 / rate):
            s.add_at(out, clap * gain * float(s.db(rng.normal(0, 2))), ctx.n(t + rng.normal(0, 0.01)))
    return out


def _ha(ctx: Ctx, f0: float, dur_s: float, vowel: tuple[float, float, float]) -> np.ndarray:
    n = ctx.n(dur_s)
    contour = f0 * np.linspace(1.05, 0.92, n)
    voiced = s.voice(ctx.sr, contour, [(vowel[0], 200.0, 0.0), (vowel[1], 300.0, -4.0), (vowel[2], 400.0, -10.0)],
                     tilt_db_oct=-8.0, max_hz=5000.0)
    h = ctx.n(min(0.05, dur_s * 0.4))
    aspiration = s.sos_filter(ctx.rng.standard_normal(n), ctx.sr, "bandpass", (vowel[0], 5000.0), 2)
    aspiration *= np.clip(1.0 - np.arange(n) / h, 0.1, 1.0) * 0.3
    env = s.hann_env(n, 0.35)
    return (voiced * np.clip(np.arange(n) / h, 0, 1) + s.normalize_peak(aspiration) * 0.5) * env


@spot("Laughter", space=ROOM, family="formant voice")
def laughter(ctx: Ctx) -> np.ndarray:
    """People laughing: each laugher a falling run of breathy 'ha's, five a second."""
    rng = ctx.rng
    out = np.zeros(ctx.n(3.6))
    people = 1 + round(ctx.lerp(0, 3, ctx.density))
    for p in range(people):
        f0 = ctx.u(170.0, 230.0) if p % 2 == 0 else ctx.u(260.0, 360.0)
        vowel = VOWELS[int(rng.choice([0, 5, 1]))]
        t = ctx.u(0.0, 0.4) if p else 0.0
        count = int(rng.integers(5, 10))
        period = ctx.u(0.17, 0.22)
        for k in range(count):
            gain = (1.0 - 0.6 * k / count) * ctx.u(0.8, 1.0) * (1.0 if p == 0 else ctx.u(0.4, 0.8))
            s.add_at(out, _ha(ctx, f0 * (1.0 - 0.25 * k / count), period * 0.7, vowel) * gain, ctx.n(t))
            t += period * ctx.u(0.92, 1.08)
        if t < 3.0 and rng.random() < 0.7:  # the breath in at the end
            s.add_at(out, 0.15 * s.noise_burst(rng, ctx.sr, 0.35, 800.0, 6000.0, 0.2, 0.4), ctx.n(t + 0.05))
    return out


# --- footsteps ------------------------------------------------------------------------------------------

def step_grain(ctx: Ctx, weight: float, surface_hz: float, run: bool = False) -> np.ndarray:
    """One footstep (unit peak): the heel strike (a low knock of the floor with a little click), then the
    sole rolling onto the toe with a short scuff."""
    rng, sr = ctx.rng, ctx.sr
    out = np.zeros(ctx.n(0.3))
    heel = impact(ctx, [surface_hz * rng.uniform(0.9, 1.1), surface_hz * 2.3, rng.uniform(70.0, 110.0),
                        surface_hz * 4.1],
                  [0.05, 0.03, 0.08, 0.02], [1.0, 0.5, 1.2 * weight, 0.25], 0.55 if run else 0.45, 0.2)
    s.add_at(out, heel, 0)
    toe_at = ctx.n(rng.uniform(0.04, 0.06) if run else rng.uniform(0.07, 0.11))
    toe = impact(ctx, [surface_hz * 1.4, surface_hz * 3.1], [0.03, 0.015], [1.0, 0.5], 0.4, 0.12)
    s.add_at(out, 0.35 * toe, toe_at)
    scuff = s.noise_burst(rng, sr, rng.uniform(0.04, 0.08), 700.0, 5000.0, 0.004, 0.05)
    s.add_at(out, (0.15 if run else 0.08) * s.normalize_peak(scuff), toe_at - ctx.n(0.01))
    return s.normalize_peak(out)


def walk_interval(density: float) -> float:
    """Seconds between footsteps at a walk (a stroll at density 0, a brisk walk at 1)."""
    return 0.62 - 0.2 * density


def run_interval(density: float) -> float:
    """Seconds between footsteps at a run."""
    return 0.34 - 0.1 * density


def _steps(ctx: Ctx, interval_s: float, length_s: float, run: bool) -> np.ndarray:
    out = np.zeros(ctx.n(length_s + 0.3))
    surface = ctx.u(180.0, 320.0)
    weight = ctx.lerp(0.4, 1.0, ctx.intensity)
    t, i = 0.0, 0
    while t < length_s:
        grain = step_grain(ctx, weight, surface, run)
        side = 1.0 if i % 2 == 0 else ctx.u(0.75, 0.9)
        s.add_at(out, grain * side, ctx.n(t))
        t += interval_s * ctx.u(0.97, 1.03)
        i += 1
    return out


@spot("Walk, footsteps", space=ROOM, family="heel-toe impacts")
def walk(ctx: Ctx) -> np.ndarray:
    """Footsteps walking on a hard floor, about two a second."""
    return _steps(ctx, walk_interval(ctx.density), 3.4, run=False)


@spot("Run", space=STREET, family="heel-toe impacts")
def run(ctx: Ctx) -> np.ndarray:
    """Running footsteps: quicker, harder, with a shorter roll from heel to toe."""
    return _steps(ctx, run_interval(ctx.density), 3.0, run=True)
