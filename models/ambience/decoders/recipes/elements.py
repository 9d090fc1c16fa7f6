"""Weather, water and fire: rain, thunder, wind, leaves, sea, streams, splashes, drips, flames, crackles.

Families: filtered-noise beds with slow modulation (wind, sea, waterfall, flame roar), sparse impulse
trains convolved with tiny kernels (rain ticks, leaf crinkles, fire crackle), Minnaert bubbles (damped
sines whose pitch rises as the bubble closes: drips, brooks, splashes) and bursts of low noise grains
(thunder's roll).
"""

from __future__ import annotations

import numpy as np

from models.ambience.decoders import synth as s
from models.ambience.decoders.recipes.base import (
    OUTDOOR,
    ROOM,
    Bed,
    Ctx,
    Layer,
    bed,
    spot,
)

__all__ = ["bubble", "crackle_kernel", "creak_grain", "drop_grain", "rain_loop", "thunder_grain"]


# --- objects shared with other recipes ------------------------------------------------------------------

def bubble(ctx: Ctx, f0_hz: float, t60_s: float, rise: float = 0.35, gain: float = 1.0) -> np.ndarray:
    """A Minnaert bubble: a damped sine whose pitch rises by ``rise`` (a fraction) as it decays."""
    n = ctx.n(t60_s * 1.1)
    t = np.arange(n) / ctx.sr
    f = f0_hz * (1.0 + rise * t / t60_s)
    env = s.exp_env(n, ctx.sr, t60_s) * (1.0 - np.exp(-t / 0.0007))
    return gain * env * np.sin(s.phase(f, ctx.sr))


def drop_grain(ctx: Ctx, size: float = 0.5, surface: str = "water") -> np.ndarray:
    """One raindrop (unit peak): a short splat and, on water, a bubble 'plink'; on a leaf a dull tap, on a
    hard surface a bright tick. ``size`` 0 (fine) .. 1 (fat)."""
    rng = ctx.rng
    splat_s = 0.003 + 0.01 * size
    out = np.zeros(ctx.n(0.1))
    splat = s.noise_burst(rng, ctx.sr, splat_s * 2.5, 700.0 + 1500.0 * (1 - size), 11000.0, 0.0008, splat_s)
    if surface == "water":
        f0 = rng.uniform(1100.0, 2200.0) * (1.5 - 0.7 * size)
        plink = bubble(ctx, f0, rng.uniform(0.02, 0.05) * (0.6 + size), rng.uniform(0.3, 0.8))
        s.add_at(out, plink, int(rng.integers(0, ctx.n(0.003))))
        s.add_at(out, 0.4 * s.normalize_peak(splat), 0)
    elif surface == "leaf":
        modes = list(rng.uniform(250.0, 1200.0, 3))
        tap = s.modal(ctx.sr, ctx.n(0.06), modes, list(rng.uniform(0.015, 0.04, 3)), [1.0, 0.6, 0.4], rng)
        s.add_at(out, s.normalize_peak(tap), 0)
        s.add_at(out, 0.5 * s.normalize_peak(splat), 0)
    else:
        modes = list(rng.uniform(1500.0, 5000.0, 3))
        tick = s.modal(ctx.sr, ctx.n(0.03), modes, list(rng.uniform(0.005, 0.015, 3)), [1.0, 0.6, 0.4], rng)
        s.add_at(out, s.normalize_peak(tick) * 0.7, 0)
        s.add_at(out, 0.6 * s.normalize_peak(splat), 0)
    return s.normalize_peak(out)


def crackle_kernel(ctx: Ctx, sharp: float = 0.5) -> np.ndarray:
    """A burning-wood crackle: a sub-millisecond snap with a little woody ring."""
    rng = ctx.rng
    n = ctx.n(0.012)
    snap = rng.standard_normal(n) * s.exp_env(n, ctx.sr, 0.0008 + 0.002 * (1 - sharp))
    snap = s.sos_filter(snap, ctx.sr, "highpass", rng.uniform(700, 2500), 2)
    ring = s.resonators(snap, ctx.sr, rng.uniform(1500, 6000, 2), [0.006, 0.004], [0.8, 0.5])
    return snap + ring


def creak_grain(ctx: Ctx, dur_s: float, pitch_hz: float, body_hz: tuple[float, ...] = (420.0, 950.0, 1900.0),
                roughness: float = 0.5) -> np.ndarray:
    """Stick-slip friction (a hinge, a floorboard, a hull), unit peak: a train of little slips at a
    wandering rate (the creak's pitch) ringing the wood's modes, each slip a soft 1 ms pulse."""
    rng = ctx.rng
    n = ctx.n(dur_s)
    wander = s.slow_loop(rng, n, ctx.sr, 2.5 / max(dur_s, 0.1))
    rate = pitch_hz * np.exp(0.35 * wander) * (1.0 + 0.15 * roughness * rng.standard_normal(n).clip(-2, 2))
    cycles = np.cumsum(np.maximum(rate, 5.0)) / ctx.sr
    ticks = np.flatnonzero(np.diff(np.floor(cycles)) > 0)
    train = np.zeros(n)
    train[ticks] = (1.0 + 0.4 * roughness * rng.standard_normal(ticks.size)).clip(0.2, 2.5)
    m = max(2, ctx.n(0.001))
    train = np.convolve(train, np.sin(np.pi * (np.arange(m) + 0.5) / m))[:n]
    t60 = [0.06, 0.045, 0.03] + [0.02] * max(0, len(body_hz) - 3)
    gains = [1.0, 0.7, 0.45] + [0.3] * max(0, len(body_hz) - 3)
    body = s.resonators(train, ctx.sr, [f * rng.uniform(0.93, 1.07) for f in body_hz], t60[: len(body_hz)],
                        gains[: len(body_hz)])
    body = s.sos_filter(body, ctx.sr, "lowpass", 4000.0, 2)
    return s.normalize_peak(body * s.hann_env(n, rng.uniform(0.3, 0.6)) ** 0.6)


def thunder_grain(ctx: Ctx, far: float, length_s: float = 4.5) -> np.ndarray:
    """Thunder (unit peak): for a near strike a tearing crack, then a long roll of low rumble that swells
    and ebbs in several bursts as sound arrives from farther along the bolt."""
    rng = ctx.rng
    sr = ctx.sr
    n = ctx.n(length_s)
    brown = np.cumsum(rng.standard_normal(n + sr))
    brown = s.sos_filter(brown - np.mean(brown), sr, "highpass", 25.0, 2)[sr:]
    low = s.normalize_peak(s.sos_filter(brown, sr, "lowpass", 170.0, 4))
    mid = s.normalize_peak(s.sos_filter(rng.standard_normal(n), sr, "bandpass", (150.0, 1200.0), 2))
    roll = np.full(n, 0.15)
    for _ in range(int(ctx.lerp(6, 12, ctx.intensity))):
        at = int(rng.uniform(0.0, 0.75) * n)
        length = ctx.n(rng.uniform(0.4, 1.5))
        s.add_at(roll, s.hann_env(length, rng.uniform(0.15, 0.4)) * rng.uniform(0.4, 1.0) * np.exp(-1.2 * at / n), at)
    roll /= max(float(np.max(roll)), 1e-9)
    body = s.ar_env(n, sr, 0.04 + 0.3 * far, length_s * 1.6, 0.7)
    s.fade(body, sr, out_s=0.4 * length_s)
    out = low * roll * body + (0.3 - 0.22 * far) * mid * roll ** 2 * body
    if far < 0.6:  # the crack of a near strike: a dense cluster of sharp clicks
        crack_n = ctx.n(0.5)
        train = np.zeros(crack_n)
        hits = rng.integers(0, crack_n, int(ctx.lerp(150, 400, ctx.intensity)))
        train[hits] = rng.standard_normal(hits.size) * np.exp(-hits / (0.12 * sr))
        crack = s.sos_filter(train, sr, "bandpass", (400.0, 6000.0), 2) * (1.0 - far / 0.6)
        s.add_at(out, 0.8 * s.normalize_peak(crack) * float(np.max(np.abs(out))), 0)
    return s.normalize_peak(out)


def rain_loop(ctx: Ctx, loop_n: int, heavy: float) -> np.ndarray:
    """The continuous part of rain: broadband hiss, a low wash, and thousands of fine drop ticks."""
    rng, sr = ctx.rng, ctx.sr
    f = s.freqs(loop_n, sr)
    hiss = s.noise_loop(rng, loop_n, sr, s.band_mag(f, 350.0, 13000.0, 1) * (0.4 + s.peak_mag(f, 4200.0, 0.6)))
    wash = s.noise_loop(rng, loop_n, sr, s.band_mag(f, 70.0, 900.0, 2))
    sway = 1.0 + 0.08 * s.slow_loop(rng, loop_n, sr, 0.12)
    rate = ctx.lerp(400.0, 4000.0, 0.5 * ctx.density + 0.5 * heavy)
    ticks = np.zeros(loop_n)
    for size, surface in ((0.1, "hard"), (0.35, "water"), (0.6, "leaf")):
        kernel = drop_grain(ctx, size, surface)
        ticks += s.convolve_loop(s.impulse_loop(rng, loop_n, sr, rate / 3.0, 7.0), kernel)
    ticks *= 1.0 / np.sqrt(rate / 400.0)
    return (0.7 * hiss + ctx.lerp(0.1, 0.7, heavy) * wash) * sway * ctx.lerp(0.5, 1.0, heavy) \
        + ctx.lerp(1.1, 0.5, heavy) * ticks * 0.25


# --- weather --------------------------------------------------------------------------------------------

@bed("Rain", family="noise bed + drop ticks")
def rain(ctx: Ctx, loop_n: int, total_n: int) -> Bed:
    """Steady rain: hiss and fine ticks in the loop, heavier close drops scattered over the clip."""
    loop = rain_loop(ctx, loop_n, ctx.intensity)
    grains = [drop_grain(ctx, ctx.u(0.4, 1.0), str(ctx.rng.choice(["water", "leaf", "hard"]))) for _ in range(12)]
    rate = ctx.lerp(1.5, 14.0, ctx.density) * ctx.lerp(0.6, 1.4, ctx.intensity)
    onsets = s.poisson_onsets(ctx.rng, total_n / ctx.sr, rate, ctx.sr)
    gains = 0.35 * s.db(ctx.rng.normal(0, 5, onsets.size))
    return Bed(loop, [Layer(grains, onsets, ctx.rng.integers(0, 12, onsets.size), gains, reverb=False)])


@spot("Raindrop", space=OUTDOOR, family="drop plinks")
def raindrop(ctx: Ctx) -> np.ndarray:
    """A few fat drops landing close by, irregularly spaced."""
    count = 1 + round(ctx.lerp(1, 6, ctx.density))
    out = np.zeros(ctx.n(3.0))
    t = 0.0
    for _ in range(count):
        grain = drop_grain(ctx, ctx.u(0.6, 1.0), str(ctx.rng.choice(["water", "leaf", "water"])))
        s.add_at(out, grain * ctx.u(0.5, 1.0), ctx.n(t))
        t += ctx.u(0.12, 0.6) * ctx.lerp(1.6, 0.6, ctx.density)
        if t > 2.6:
            break
    return out


@spot("Thunder", space=OUTDOOR, family="noise-grain roll")
def thunder(ctx: Ctx) -> np.ndarray:
    """A crack (when near) and a long roll of low rumble."""
    far = min(1.0, ctx.distance * 1.2 + (0.5 - ctx.intensity) * 0.4)
    return thunder_grain(ctx, max(0.0, far), ctx.lerp(3.5, 4.5, ctx.intensity))


@bed("Thunderstorm", family="noise bed + drop ticks + noise-grain roll")
def thunderstorm(ctx: Ctx, loop_n: int, total_n: int) -> Bed:
    """Heavy rain with distant rolling thunder every ten to twenty-odd seconds."""
    heavy = min(1.0, 0.4 + 0.6 * ctx.intensity)
    loop = rain_loop(ctx, loop_n, heavy)
    gust = s.noise_loop(ctx.rng, loop_n, ctx.sr, lambda f: s.band_mag(f, 60.0, 600.0, 2))
    loop = loop + 0.3 * gust * np.exp(0.5 * s.slow_loop(ctx.rng, loop_n, ctx.sr, 0.1))
    grains = [thunder_grain(ctx.child(), far=ctx.u(0.6, 1.0), length_s=ctx.u(4.0, 5.5)) for _ in range(3)]
    grains = [g / np.sqrt(np.mean(g * g)) for g in grains]
    period = ctx.lerp(22.0, 9.0, 0.5 * ctx.density + 0.5 * ctx.intensity)
    onsets = s.regular_onsets(ctx.rng, total_n / ctx.sr, period, ctx.sr, period * 0.3, ctx.u(0.0, period))
    gains = 0.3 * s.db(ctx.rng.normal(0, 2.0, onsets.size))
    return Bed(loop, [Layer(grains, onsets, ctx.rng.integers(0, 3, onsets.size), gains)])


@bed("Wind", family="modulated noise bed")
def wind(ctx: Ctx, loop_n: int, total_n: int) -> Bed:
    """Gusting wind: broadband noise swelling with gusts, and moaning resonances that rise with them."""
    rng, sr = ctx.rng, ctx.sr
    gust = s.slow_loop(rng, loop_n, sr, ctx.lerp(0.08, 0.25, ctx.intensity))
    flutter = s.slow_loop(rng, loop_n, sr, 1.5)
    depth = ctx.lerp(0.1, 0.35, ctx.intensity)
    env = np.exp(depth * gust + 0.08 * flutter)
    f = s.freqs(loop_n, sr)
    body = s.noise_loop(rng, loop_n, sr, s.band_mag(f, 60.0, ctx.lerp(1200.0, 3500.0, ctx.brightness), 1)
                        * s.tilt_mag(f, -2.0, 400.0))
    buffet = s.noise_loop(rng, loop_n, sr, s.lowpass_mag(f, 90.0, 3))
    out = body * env + 0.5 * buffet * env ** 1.5
    base = ctx.lerp(280.0, 480.0, ctx.brightness)
    times = np.arange(loop_n) / sr
    for k, q in ((1.0, 22.0), (1.62, 30.0), (2.9, 40.0)):
        centre = base * k * np.exp(0.35 * gust)  # the moan rises with each gust
        moan = s.stft_filter(s.noise_loop(rng, loop_n, sr), sr,
                             lambda t, fr, c=centre, q=q: s.peak_mag(fr, np.interp(t, times, c), q),
                             n_fft=2048, circular=True)
        out += ctx.lerp(0.8, 2.2, ctx.intensity) / k * moan * env ** 2
    return Bed(out)


@bed("Rustling leaves", family="impulse-train crinkles")
def rustling_leaves(ctx: Ctx, loop_n: int, total_n: int) -> Bed:
    """Leaves stirred by a breeze: clusters of tiny dry crinkles that swell and ebb with the air."""
    rng, sr = ctx.rng, ctx.sr
    breeze = np.exp(0.45 * s.slow_loop(rng, loop_n, sr, 0.2))
    rate = ctx.lerp(150.0, 900.0, 0.5 * ctx.density + 0.5 * ctx.intensity) * breeze / np.mean(breeze)
    out = np.zeros(loop_n)
    for _ in range(4):
        n = ctx.n(ctx.u(0.003, 0.012))
        kernel = s.noise_burst(rng, sr, n / sr, ctx.u(1500.0, 3000.0), 11000.0, 0.0005, n / sr)
        out += s.convolve_loop(s.impulse_loop(rng, loop_n, sr, rate / 4.0, 4.0), kernel)
    air = s.noise_loop(rng, loop_n, sr, lambda f: s.band_mag(f, 200.0, 6000.0, 1))
    return Bed(out / np.sqrt(np.mean(out ** 2) + 1e-12) + 0.15 * air * breeze)


# --- water ----------------------------------------------------------------------------------------------

def _wave_grain(ctx: Ctx, size: float) -> np.ndarray:
    """A breaker: a swelling roar, the crash, then a fizzing wash drawing back."""
    rng, sr = ctx.rng, ctx.sr
    length = ctx.u(6.0, 9.0)
    n = ctx.n(length)
    t = np.arange(n) / sr
    crash_at = ctx.u(1.0, 1.8)
    swell = np.clip(t / crash_at, 0, 1) ** 2.5
    after = np.clip(t - crash_at, 0, None)
    wash_env = np.where(t < crash_at, swell * 0.25, np.exp(-after / ctx.u(1.3, 2.2)) * (1 - np.exp(-after / 0.08)))
    roar = s.sos_filter(rng.standard_normal(n), sr, "bandpass", (80.0, 900.0), 2)
    crash = s.sos_filter(rng.standard_normal(n), sr, "bandpass", (250.0, 9000.0), 1)
    cutoff = 800.0 + 7000.0 * np.exp(-np.clip(t - crash_at, 0, None) / 2.0) * (t > crash_at * 0.8)
    crash = s.stft_filter(crash, sr, lambda tt, f: s.lowpass_mag(f, np.interp(tt, t, cutoff), 2))
    fizz = s.convolve_loop(s.impulse_loop(rng, n, sr, 1500.0 * np.exp(-after / 2.5) * (t > crash_at), 6.0),
                           bubble(ctx, 3500.0, 0.006, 0.3))
    return size * (0.6 * roar * (swell * 0.8 + wash_env * 0.5) + crash * wash_env + 0.15 * fizz)


def _sea_loop(ctx: Ctx, loop_n: int, period_s: float, depth: float) -> np.ndarray:
    rng, sr = ctx.rng, ctx.sr
    cycles = s.periodic_rate(1.0 / period_s * np.exp(0.15 * s.slow_loop(rng, loop_n, sr, 0.05)), loop_n, sr)
    swell = 0.5 - 0.5 * np.cos(s.TWO_PI * cycles)
    f = s.freqs(loop_n, sr)
    roar = s.noise_loop(rng, loop_n, sr, s.band_mag(f, 40.0, 500.0, 2) * s.tilt_mag(f, -3.0, 100.0))
    wash = s.noise_loop(rng, loop_n, sr, s.band_mag(f, 300.0, 6000.0, 1))
    return roar * (1.0 - depth + depth * swell) + 0.35 * wash * (0.3 + 0.7 * np.roll(swell, loop_n // 12) ** 2)


@bed("Ocean", family="modulated noise bed + breaker grains")
def ocean(ctx: Ctx, loop_n: int, total_n: int) -> Bed:
    """The open sea: a low roar heaving with the swell and breakers far off."""
    loop = _sea_loop(ctx, loop_n, ctx.lerp(11.0, 7.0, ctx.intensity), ctx.lerp(0.3, 0.6, ctx.intensity))
    grains = [s.sos_filter(_wave_grain(ctx.child(), 1.0), ctx.sr, "lowpass", 1800.0, 2) for _ in range(2)]
    period = ctx.lerp(14.0, 7.0, ctx.density)
    onsets = s.regular_onsets(ctx.rng, total_n / ctx.sr, period, ctx.sr, 0.25 * period, ctx.u(0, period))
    gains = ctx.lerp(0.25, 0.5, ctx.intensity) * s.db(ctx.rng.normal(0, 2, onsets.size))
    return Bed(loop, [Layer(grains, onsets, ctx.rng.integers(0, 2, onsets.size), gains, reverb=False)])


@bed("Waves, surf", family="breaker grains + modulated noise bed")
def waves(ctx: Ctx, loop_n: int, total_n: int) -> Bed:
    """Waves breaking on a beach: each swells, crashes and fizzes back, every six to eleven seconds."""
    loop = 0.35 * _sea_loop(ctx, loop_n, 8.0, 0.3)
    grains = [_wave_grain(ctx.child(), 1.0) for _ in range(3)]
    period = ctx.lerp(10.5, 5.5, ctx.density)
    onsets = s.regular_onsets(ctx.rng, total_n / ctx.sr, period, ctx.sr, 0.2 * period, ctx.u(0, period))
    gains = ctx.lerp(0.7, 1.2, ctx.intensity) * s.db(ctx.rng.normal(0, 2, onsets.size))
    return Bed(loop, [Layer(grains, onsets, ctx.rng.integers(0, 3, onsets.size), gains, reverb=False)])


def _bubbles_loop(ctx: Ctx, loop_n: int, rate_hz: float, lo_hz: float, hi_hz: float) -> np.ndarray:
    rng = ctx.rng
    out = np.zeros(loop_n)
    bank = []
    for _ in range(24):
        f0 = float(np.exp(rng.uniform(np.log(lo_hz), np.log(hi_hz))))
        bank.append(bubble(ctx, f0, min(0.08, 18.0 / f0 * rng.uniform(0.6, 1.4)), rng.uniform(0.15, 0.6)))
    babble = np.exp(0.4 * s.slow_loop(rng, loop_n, ctx.sr, 3.0))
    onsets = s.poisson_onsets(rng, loop_n / ctx.sr, rate_hz, ctx.sr)
    for pos in onsets.tolist():
        g = babble[pos % loop_n] * float(s.db(rng.normal(0, 5)))
        s.add_circular(out, bank[int(rng.integers(24))], pos, g)
    return out


@bed("Stream", family="Minnaert bubbles + noise bed")
def stream(ctx: Ctx, loop_n: int, total_n: int) -> Bed:
    """A brook over stones: a babble of bubbles over a soft rush."""
    rng, sr = ctx.rng, ctx.sr
    rate = ctx.lerp(60.0, 380.0, ctx.density) * ctx.lerp(0.7, 1.3, ctx.intensity)
    bubbles = _bubbles_loop(ctx, loop_n, rate, ctx.lerp(350.0, 600.0, ctx.brightness), 2800.0)
    gurgle = _bubbles_loop(ctx, loop_n, rate * 0.08, 120.0, 350.0)
    rush = s.noise_loop(rng, loop_n, sr, lambda f: s.band_mag(f, 150.0, 7000.0, 1) * s.tilt_mag(f, -1.5))
    ripple = np.exp(0.25 * s.slow_loop(rng, loop_n, sr, 1.5))
    b = s.unit(bubbles)
    return Bed(b + 0.3 * s.unit(gurgle) * ctx.intensity + ctx.lerp(0.25, 0.6, ctx.intensity) * rush * ripple)


@bed("Waterfall", family="noise bed + Minnaert bubbles")
def waterfall(ctx: Ctx, loop_n: int, total_n: int) -> Bed:
    """Water falling in a steady roar: broad noise heavy in the lows, a dense hiss of spray on top."""
    rng, sr = ctx.rng, ctx.sr
    f = s.freqs(loop_n, sr)
    roar = s.noise_loop(rng, loop_n, sr, s.band_mag(f, 35.0, 9000.0, 1) * s.tilt_mag(f, -2.5, 500.0, 60.0)
                        * (1.0 + 0.8 * s.peak_mag(f, 350.0, 0.8)))
    spray = s.noise_loop(rng, loop_n, sr, s.band_mag(f, 2000.0, 12000.0, 2))
    surge = np.exp(0.06 * s.slow_loop(rng, loop_n, sr, 0.3))
    splash = s.unit(_bubbles_loop(ctx, loop_n, ctx.lerp(300.0, 900.0, ctx.density), 250.0, 2500.0))
    return Bed((roar + 0.25 * spray) * surge + 0.2 * splash)


@spot("Splash, splatter", space=OUTDOOR, family="Minnaert bubbles + noise bursts")
def splash(ctx: Ctx) -> np.ndarray:
    """Something striking water: a slap, a deep bloop, a spray hiss and droplets falling back."""
    rng, sr = ctx.rng, ctx.sr
    big = ctx.intensity
    out = np.zeros(ctx.n(2.2))
    slap = s.noise_burst(rng, sr, ctx.lerp(0.06, 0.15, big), 200.0, 8000.0, 0.002, ctx.lerp(0.05, 0.12, big))
    s.add_at(out, s.normalize_peak(slap), 0)
    spray_s = ctx.lerp(0.4, 1.0, big)
    spray = s.noise_burst(rng, sr, spray_s, 1200.0, 10000.0, 0.02, spray_s * 0.8)
    spray *= 1.0 + 0.6 * s.slow_loop(rng, spray.size, sr, 12.0).clip(-1.5, 1.5)  # a churning, uneven hiss
    s.add_at(out, 0.45 * s.normalize_peak(spray), ctx.n(0.01))
    s.add_at(out, 0.5 * bubble(ctx, ctx.lerp(380.0, 170.0, big), ctx.lerp(0.06, 0.12, big), 0.6), ctx.n(0.02))
    drops = int(ctx.lerp(10, 45, 0.5 * big + 0.5 * ctx.density))
    for _ in range(drops):
        at = ctx.n(0.12 + abs(rng.normal(0, ctx.lerp(0.2, 0.45, big))))
        s.add_at(out, drop_grain(ctx, ctx.u(0.1, 0.6), "water") * ctx.u(0.05, 0.3), at)
    return out


@spot("Drip", space=ROOM, family="Minnaert bubbles")
def drip(ctx: Ctx) -> np.ndarray:
    """Water dripping slowly: clear plinks at a steady pace, in a resonant room."""
    rng = ctx.rng
    period = ctx.lerp(1.1, 0.45, ctx.density)
    count = max(2, int(3.4 / period))
    f0 = ctx.u(700.0, 1300.0) * ctx.lerp(0.8, 1.25, ctx.brightness)
    out = np.zeros(ctx.n(4.0))
    for i in range(count):
        at = ctx.n(i * period + rng.normal(0, 0.02) + 0.01)
        plink = bubble(ctx, f0 * ctx.u(0.93, 1.07), ctx.u(0.05, 0.09), ctx.u(0.5, 0.9))
        s.add_at(out, plink * ctx.u(0.7, 1.0), max(0, at))
    return out


# --- fire -----------------------------------------------------------------------------------------------

@bed("Fire", family="modulated noise bed + crackle impulse trains")
def fire(ctx: Ctx, loop_n: int, total_n: int) -> Bed:
    """A fire burning: a breathing low roar, bursts of crackle, pops of sap and the odd hiss."""
    rng, sr = ctx.rng, ctx.sr
    flicker = np.exp(0.3 * s.slow_loop(rng, loop_n, sr, 2.0) + 0.12 * s.slow_loop(rng, loop_n, sr, 0.3))
    f = s.freqs(loop_n, sr)
    roar = s.noise_loop(rng, loop_n, sr, s.band_mag(f, 50.0, ctx.lerp(500.0, 900.0, ctx.intensity), 2))
    burst = np.exp(1.2 * s.slow_loop(rng, loop_n, sr, 0.6))
    rate = ctx.lerp(8.0, 60.0, 0.5 * ctx.density + 0.5 * ctx.intensity) * burst / np.mean(burst)
    crackle = np.zeros(loop_n)
    for sharp in (0.2, 0.6, 1.0):
        crackle += s.convolve_loop(s.impulse_loop(rng, loop_n, sr, rate / 3.0, 4.0), crackle_kernel(ctx, sharp))
    loop = ctx.lerp(0.5, 1.0, ctx.intensity) * roar * flicker + 0.4 * crackle / np.sqrt(np.mean(crackle ** 2) + 1e-12)
    pops = []
    for _ in range(6):
        n = ctx.n(0.06)
        exc = rng.standard_normal(n) * s.exp_env(n, sr, 0.003)
        pops.append(s.resonators(exc, sr, rng.uniform(250.0, 1400.0, 3), [0.04, 0.03, 0.02], [1.0, 0.6, 0.4]) + exc)
    pop_on = s.poisson_onsets(rng, total_n / sr, ctx.lerp(0.2, 1.5, ctx.intensity), sr)
    hiss = []
    for _ in range(3):
        sizzle = s.noise_burst(rng, sr, ctx.u(0.3, 1.2), 3000.0, 10000.0, 0.1, 0.8)
        hiss.append(0.2 * sizzle * s.hann_env(sizzle.size, 0.3))
    hiss_on = s.poisson_onsets(rng, total_n / sr, 0.08, sr)
    return Bed(loop, [
        Layer(pops, pop_on, rng.integers(0, 6, pop_on.size), 0.5 * s.db(np.clip(rng.normal(0, 3, pop_on.size), -9, 4))),
        Layer(hiss, hiss_on, rng.integers(0, 3, hiss_on.size), np.full(hiss_on.size, 1.0)),
    ])


@spot("Crackle", space=OUTDOOR, family="crackle impulse trains")
def crackle(ctx: Ctx) -> np.ndarray:
    """A short flurry of sharp crackles from burning wood, thinning out over a second or two."""
    rng, sr = ctx.rng, ctx.sr
    length = ctx.lerp(1.0, 2.2, ctx.intensity)
    n = ctx.n(length)
    rate = ctx.lerp(40.0, 140.0, ctx.density) * np.exp(-np.arange(n) / (0.5 * length * sr))
    out = np.zeros(n)
    for sharp in (0.3, 0.7, 1.0):
        train = s.impulse_loop(rng, n, sr, rate / 3.0, 3.0)
        out += np.convolve(train, crackle_kernel(ctx, sharp))[:n]
    n_pop = ctx.n(0.08)
    exc = rng.standard_normal(n_pop) * s.exp_env(n_pop, sr, 0.004)
    pop = s.normalize_peak(exc + s.resonators(exc, sr, rng.uniform(300.0, 1200.0, 2), [0.05, 0.03]))
    s.add_at(out, 1.5 * pop * float(np.max(np.abs(out))), ctx.n(0.02))
    return out


__all__ += [
    "crackle",
    "drip",
    "fire",
    "ocean",
    "rain",
    "raindrop",
    "rustling_leaves",
    "splash",
    "stream",
    "thunder",
    "thunderstorm",
    "waterfall",
    "waves",
    "wind",
]
