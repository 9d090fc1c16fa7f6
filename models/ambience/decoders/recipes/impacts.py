"""Weapons and impacts: gunshots, machine guns, explosions, glass, shattering, crashes, thuds, whooshes,
rumbles, chops.

Families: blasts (a sub-millisecond crack, a falling low boom and outdoor echoes), shard showers (many
tiny high modal grains scattered with a falling density), debris clatter (modal grains of wood and metal),
pitch-dropping low sines (thuds, booms), swept band-pass noise (whooshes) and low noise beds (rumble).
"""

from __future__ import annotations

import numpy as np

from models.ambience.decoders import synth as s
from models.ambience.decoders.recipes.base import (
    OUTDOOR,
    ROOM,
    STREET,
    Bed,
    Ctx,
    bed,
    spot,
)
from models.ambience.decoders.recipes.things import impact

__all__ = ["blast", "boom", "shards"]


def boom(ctx: Ctx, start_hz: float, end_hz: float, t60_s: float, length_s: float) -> np.ndarray:
    """A low sine whose pitch falls from ``start_hz`` to ``end_hz`` as it dies away."""
    n = ctx.n(length_s)
    t = np.arange(n) / ctx.sr
    f = end_hz + (start_hz - end_hz) * np.exp(-t / (0.2 * t60_s))
    return np.sin(s.phase(f, ctx.sr)) * s.ar_env(n, ctx.sr, 0.002, t60_s)


def blast(ctx: Ctx, size: float, length_s: float = 1.2) -> np.ndarray:
    """A gunshot's report: a crack, the boom of the muzzle blast, and the echo off buildings and trees."""
    rng, sr = ctx.rng, ctx.sr
    n = ctx.n(length_s)
    out = np.zeros(n)
    m = ctx.n(0.0015)
    crack = np.zeros(ctx.n(0.06))
    crack[:m] = np.linspace(1.0, -1.0, m)  # an N-wave
    crack += rng.standard_normal(crack.size) * s.exp_env(crack.size, sr, 0.02) * 0.5
    s.add_at(out, crack, 0)
    body = s.sos_filter(rng.standard_normal(n), sr, "lowpass", ctx.lerp(1800.0, 900.0, size), 2)
    s.add_at(out, 1.5 * s.normalize_peak(body * s.ar_env(n, sr, 0.0005, ctx.lerp(0.15, 0.35, size))), 0)
    s.add_at(out, ctx.lerp(0.6, 1.2, size) * boom(ctx, 180.0, 60.0, ctx.lerp(0.2, 0.4, size), 0.5), 0)
    for delay, gain in ((ctx.u(0.12, 0.2), 0.25), (ctx.u(0.3, 0.5), 0.15), (ctx.u(0.6, 0.8), 0.08)):
        echo = s.sos_filter(out[: ctx.n(0.3)], sr, "lowpass", 2500.0, 2) * gain
        s.add_at(out, echo, ctx.n(delay))
    return out


@spot("Gunshot, gunfire", space=OUTDOOR, family="blasts")
def gunshot(ctx: Ctx) -> np.ndarray:
    """A gun fired: one shot (two when the scene is dense), its crack and boom echoing away."""
    out = np.zeros(ctx.n(2.5))
    s.add_at(out, blast(ctx, ctx.intensity), 0)
    if ctx.density > 0.7:
        s.add_at(out, 0.9 * blast(ctx, ctx.intensity), ctx.n(ctx.u(0.6, 1.0)))
    return out


@spot("Machine gun", space=OUTDOOR, family="blasts")
def machine_gun(ctx: Ctx) -> np.ndarray:
    """Automatic gunfire: bursts of shots ten or more a second, with the mechanism's clatter."""
    rng = ctx.rng
    out = np.zeros(ctx.n(3.5))
    rate = ctx.u(10.0, 13.0)
    shots = [blast(ctx, 0.4, 0.35) for _ in range(4)]
    t = 0.0
    bursts = 1 + round(ctx.lerp(0, 2, ctx.density))
    for _ in range(bursts):
        for _ in range(int(rng.integers(6, 14))):
            s.add_at(out, shots[int(rng.integers(4))] * ctx.u(0.85, 1.0), ctx.n(t))
            t += 1.0 / rate * ctx.u(0.95, 1.05)
        t += ctx.u(0.35, 0.7)
        if t > 2.8:
            break
    return out


@spot("Explosion", space=OUTDOOR, family="blasts + noise-grain roll")
def explosion(ctx: Ctx) -> np.ndarray:
    """An explosion: the blast, a huge falling boom, and debris and rumble rolling on."""
    rng, sr = ctx.rng, ctx.sr
    length = ctx.lerp(3.0, 4.5, ctx.intensity)
    n = ctx.n(length)
    out = np.zeros(n)
    s.add_at(out, 0.8 * blast(ctx, 1.0, 0.6), 0)
    s.add_at(out, 1.6 * boom(ctx, 90.0, 28.0, ctx.lerp(1.2, 2.2, ctx.intensity), length), 0)
    brown = np.cumsum(rng.standard_normal(n))
    brown = s.sos_filter(brown - brown.mean(), sr, "bandpass", (25.0, 400.0), 2)
    out += 1.2 * s.normalize_peak(brown) * s.ar_env(n, sr, 0.01, length * 0.8)
    roar_s = ctx.lerp(0.8, 1.6, ctx.intensity)  # the blast's broadband roar, darkening as it dies
    roar = s.noise_burst(rng, sr, roar_s, 60.0, 6000.0, 0.003, roar_s * 0.7, 1)
    t = np.arange(roar.size) / sr
    roar = s.stft_filter(roar, sr, lambda tt, f: s.lowpass_mag(f, np.interp(tt, t, 4000.0 * np.exp(-t / 0.4) + 300.0), 1))
    s.add_at(out, 0.9 * s.normalize_peak(roar), 0)
    debris = np.zeros(n)
    for _ in range(int(ctx.lerp(20, 60, ctx.density))):
        at = ctx.n(0.2 + abs(rng.normal(0.0, 0.8)))
        grain = impact(ctx, list(rng.uniform(200.0, 2500.0, 3)), list(rng.uniform(0.02, 0.08, 3)), [1, 0.6, 0.4],
                       0.7, 0.15)
        s.add_at(debris, s.normalize_peak(grain) * rng.uniform(0.05, 0.25) * np.exp(-at / n * 2), at)
    out += debris
    return np.tanh(1.5 * s.normalize_peak(out)) / np.tanh(1.5)


def shards(ctx: Ctx, count: int, spread_s: float, lo_hz: float = 2500.0, hi_hz: float = 9000.0) -> np.ndarray:
    """Glass fragments landing: many tiny bright modal tinkles, thick at first then thinning."""
    rng = ctx.rng
    out = np.zeros(ctx.n(spread_s * 2.5 + 0.3))
    for _ in range(count):
        at = ctx.n(rng.exponential(spread_s * 0.6))
        modes = list(np.exp(rng.uniform(np.log(lo_hz), np.log(hi_hz), 3)))
        grain = s.modal(ctx.sr, ctx.n(0.15), modes, list(rng.uniform(0.02, 0.12, 3)), [1.0, 0.6, 0.4], rng)
        s.add_at(out, grain * rng.uniform(0.1, 1.0) * np.exp(-at / (ctx.sr * spread_s * 1.5)), at)
    return out


@spot("Glass", space=ROOM, family="modal bells")
def glass(ctx: Ctx) -> np.ndarray:
    """Glass clinking: two glasses touched together, a bright ringing 'tink' or two."""
    rng = ctx.rng
    out = np.zeros(ctx.n(2.2))
    g1, g2 = ctx.u(1700.0, 2300.0), ctx.u(2300.0, 3000.0)
    for k in range(1 + int(ctx.density > 0.5)):
        for f0 in (g1, g2):
            modes = [f0, f0 * 2.32, f0 * 4.25]
            ring = s.modal(ctx.sr, ctx.n(1.6), modes, [ctx.u(0.8, 1.3), 0.5, 0.25], [1.0, 0.4, 0.2], rng)
            s.add_at(out, ring * ctx.u(0.7, 1.0), ctx.n(k * 0.35 + rng.uniform(0, 0.003)))
        tick = rng.standard_normal(ctx.n(0.002))
        s.add_at(out, 0.5 * s.sos_filter(tick, ctx.sr, "highpass", 3000.0, 2), ctx.n(k * 0.35))
    return out


@spot("Shatter", space=ROOM, family="shard showers")
def shatter(ctx: Ctx) -> np.ndarray:
    """Something shattering: a bright crash and a shower of glass fragments."""
    rng, sr = ctx.rng, ctx.sr
    out = np.zeros(ctx.n(3.0))
    crash = s.noise_burst(rng, sr, 0.25, 1500.0, 12000.0, 0.0005, 0.15)
    s.add_at(out, 1.2 * s.normalize_peak(crash), 0)
    s.add_at(out, 0.5 * shards(ctx, int(ctx.lerp(40, 120, ctx.density)), ctx.lerp(0.25, 0.5, ctx.intensity)), 0)
    return out


@spot("Smash, crash", space=ROOM, family="modal impacts + debris clatter")
def smash(ctx: Ctx) -> np.ndarray:
    """A heavy crash: a big impact and the clatter of pieces of wood and metal falling."""
    rng, sr = ctx.rng, ctx.sr
    out = np.zeros(ctx.n(2.5))
    hit = impact(ctx, [ctx.u(70.0, 110.0), ctx.u(180.0, 260.0), ctx.u(400.0, 600.0), ctx.u(900.0, 1300.0)],
                 [0.2, 0.15, 0.1, 0.06], [1.0, 0.8, 0.6, 0.4], 0.9, 0.8)
    s.add_at(out, s.normalize_peak(hit), 0)
    s.add_at(out, 0.7 * s.normalize_peak(s.noise_burst(rng, sr, 0.2, 300.0, 9000.0, 0.0005, 0.15)), 0)
    for _ in range(int(ctx.lerp(15, 40, ctx.density))):
        at = ctx.n(0.05 + rng.exponential(0.35))
        modes = list(np.exp(rng.uniform(np.log(250.0), np.log(4000.0), 3)))
        piece = impact(ctx, modes, list(rng.uniform(0.02, 0.15, 3)), [1.0, 0.6, 0.4], rng.uniform(0.4, 1.0), 0.25)
        s.add_at(out, s.normalize_peak(piece) * rng.uniform(0.05, 0.35), at)
    return out


@spot("Thump, thud", space=ROOM, family="pitch-dropping low sines")
def thump(ctx: Ctx) -> np.ndarray:
    """A dull heavy thump: a low knock falling in pitch, with only a soft edge on top."""
    rng, sr = ctx.rng, ctx.sr
    body = boom(ctx, ctx.lerp(130.0, 100.0, ctx.intensity), ctx.lerp(70.0, 50.0, ctx.intensity), 0.25, 0.5)
    edge = s.noise_burst(rng, sr, 0.05, 100.0, 900.0, 0.001, 0.03)
    out = body.copy()
    s.add_at(out, 0.3 * s.normalize_peak(edge), 0)
    return out


@spot("Whoosh, swoosh, swish", space=OUTDOOR, family="swept band-pass noise")
def whoosh(ctx: Ctx) -> np.ndarray:
    """A quick rush of air: noise through a resonant band that sweeps up and back as it passes."""
    rng, sr = ctx.rng, ctx.sr
    dur = ctx.lerp(0.45, 0.9, ctx.intensity)
    n = ctx.n(dur)
    t = np.arange(n) / sr
    top = ctx.lerp(1800.0, 4500.0, ctx.brightness)
    centre = 300.0 + top * s.hann_env(n, 0.55) ** 1.5
    noise = rng.standard_normal(n)
    swept = s.stft_filter(noise, sr, lambda tt, f: s.peak_mag(f, np.interp(tt, t, centre), 3.0)
                          + 0.25 * s.peak_mag(f, 0.5 * np.interp(tt, t, centre), 0.8), n_fft=512)
    return swept * s.hann_env(n, 0.55) ** 1.5


@bed("Rumble", space=OUTDOOR, family="modulated noise bed")
def rumble(ctx: Ctx, loop_n: int, total_n: int) -> Bed:
    """A deep low rumble: sub-bass noise heaving slowly, as of distant thunder, traffic or a quake."""
    rng, sr = ctx.rng, ctx.sr
    f = s.freqs(loop_n, sr)
    deep = s.noise_loop(rng, loop_n, sr, s.band_mag(f, 22.0, ctx.lerp(90.0, 160.0, ctx.brightness), 3))
    upper = s.noise_loop(rng, loop_n, sr, s.band_mag(f, 100.0, 400.0, 2))
    heave = np.exp(ctx.lerp(0.08, 0.25, ctx.intensity) * s.slow_loop(rng, loop_n, sr, 0.2))
    return Bed((deep + 0.15 * upper) * heave)


@spot("Chop", space=STREET, family="modal impacts")
def chop(ctx: Ctx) -> np.ndarray:
    """An axe chopping: the blade biting with a bright crack and the log's hollow knock, twice or thrice."""
    rng, sr = ctx.rng, ctx.sr
    out = np.zeros(ctx.n(3.4))
    count = 1 + round(ctx.lerp(0, 2, ctx.density))
    log = [ctx.u(160.0, 240.0), ctx.u(420.0, 560.0), ctx.u(900.0, 1200.0)]
    for k in range(count):
        at = ctx.n(k * ctx.u(1.0, 1.25))
        thunk = impact(ctx, [f * rng.uniform(0.97, 1.03) for f in log], [0.09, 0.06, 0.04], [1.0, 0.7, 0.4],
                       0.8, 0.4)
        bite = s.noise_burst(rng, sr, 0.03, 1500.0, 8000.0, 0.0003, 0.02)
        s.add_at(out, thunk, at)
        s.add_at(out, 0.6 * s.normalize_peak(bite), at)
    return out


__all__ += ["chop", "explosion", "glass", "gunshot", "machine_gun", "rumble", "shatter", "smash", "thump", "whoosh"]
