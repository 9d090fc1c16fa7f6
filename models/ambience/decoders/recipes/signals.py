"""Bells, clocks, alarms and machines: church bells, hand bells, clocks, sirens, alarm and telephone bells,
steam whistles, machinery, typing.

Families: modal bells (inharmonic partials with long, partial-dependent decays and slow beating
doublets), escapement ticks (a click through metal and case resonances), hammer bells (a bell struck
twenty times a second), harmonic tones (sirens, whistles) and machine cycles (clanks, ratchets and a gear
whine on a repeating pattern).
"""

from __future__ import annotations

import numpy as np

from models.ambience.decoders import synth as s
from models.ambience.decoders.recipes.base import (
    HALL,
    OUTDOOR,
    ROOM,
    STREET,
    Bed,
    Ctx,
    Layer,
    bed,
    spot,
)
from models.ambience.decoders.recipes.things import impact

__all__ = ["CLOCK_PERIOD_S", "TICK_TOCK_PERIOD_S", "bell_strike", "tick_grain"]

# Partials of a tuned church bell relative to its prime (strike) tone: hum, prime, tierce, quint,
# nominal and the upper partials, with their relative loudness and decay (as a fraction of the hum's).
CHURCH_PARTIALS = [(0.5, 0.8, 1.0), (1.0, 0.7, 0.7), (1.2, 0.6, 0.55), (1.5, 0.35, 0.4), (2.0, 1.0, 0.35),
                   (2.5, 0.45, 0.22), (2.67, 0.35, 0.2), (3.0, 0.3, 0.16), (4.0, 0.25, 0.1), (5.33, 0.15, 0.07)]
HAND_PARTIALS = [(1.0, 1.0, 1.0), (2.42, 0.55, 0.55), (3.94, 0.35, 0.35), (5.5, 0.2, 0.2), (7.1, 0.12, 0.12)]
CLOCK_PERIOD_S = 1.0
TICK_TOCK_PERIOD_S = 0.5


def bell_strike(ctx: Ctx, prime_hz: float, partials: list[tuple[float, float, float]], t60_s: float,
                length_s: float, clapper: float = 0.5) -> np.ndarray:
    """A struck bell: each partial a slowly beating doublet decaying in its own time, plus the clapper."""
    rng = ctx.rng
    n = ctx.n(length_s)
    freqs, t60s, amps = [], [], []
    for ratio, amp, decay in partials:
        f = prime_hz * ratio * rng.uniform(0.998, 1.002)
        for split in (-0.5, 0.5):  # a doublet a fraction of a hertz apart: the bell's slow warble
            freqs.append(f + split * rng.uniform(0.3, 1.2))
            t60s.append(max(0.05, t60_s * decay))
            amps.append(amp * 0.5)
    tone = s.modal(ctx.sr, n, freqs, t60s, amps, rng)
    m = ctx.n(0.004)
    click = np.zeros(n)
    click[:m] = rng.standard_normal(m) * np.hanning(m)
    click = s.sos_filter(click, ctx.sr, "highpass", 2.0 * prime_hz, 2)
    return tone + clapper * click


@spot("Church bell", space=HALL, family="modal bells")
def church_bell(ctx: Ctx) -> np.ndarray:
    """A church bell tolling: two strokes of a big bell whose hum rings on."""
    prime = ctx.u(260.0, 340.0) * ctx.lerp(1.15, 0.85, ctx.intensity)
    length = 6.5
    out = np.zeros(ctx.n(length))
    strokes = 2 if ctx.density < 0.75 else 3
    gap = ctx.u(1.9, 2.3)
    for k in range(strokes):
        at = k * gap
        strike = bell_strike(ctx, prime, CHURCH_PARTIALS, 9.0, length - at, 0.4)
        s.add_at(out, strike * (1.0 if k == 0 else 0.9), ctx.n(at))
    fade = np.ones(out.size)
    s.fade(fade, ctx.sr, out_s=1.5)
    return out * fade


@spot("Bell", space=ROOM, family="modal bells")
def bell(ctx: Ctx) -> np.ndarray:
    """A bell ringing: a small hand or shop bell shaken a few times, ringing clear."""
    prime = ctx.u(1100.0, 1600.0)
    out = np.zeros(ctx.n(3.5))
    strikes = 2 + round(ctx.lerp(1, 5, ctx.density))
    t = 0.0
    for k in range(strikes):
        strike = bell_strike(ctx, prime, HAND_PARTIALS, 1.6, 3.5 - t, 0.3)
        s.add_at(out, strike * ctx.u(0.6, 1.0) * (1.0 if k % 2 == 0 else 0.8), ctx.n(t))
        t += ctx.u(0.12, 0.2)
        if t > 1.5:
            break
    fade = np.ones(out.size)
    s.fade(fade, ctx.sr, out_s=0.8)
    return out * fade


def tick_grain(ctx: Ctx, case_hz: float, metal_hz: float, weight: float) -> np.ndarray:
    """One escapement tick: a sharp metallic click over a short knock of the wooden case."""
    modes = [metal_hz, metal_hz * 1.47, metal_hz * 2.09, case_hz, case_hz * 1.8]
    t60 = [0.025, 0.018, 0.012, 0.06, 0.035]
    gains = [0.8, 0.6, 0.4, weight, weight * 0.6]
    return impact(ctx, modes, t60, gains, 0.9, 0.12)


def _ticking(ctx: Ctx, loop_n: int, total_n: int, period_s: float, heavy: float) -> Bed:
    rng, sr = ctx.rng, ctx.sr
    case = ctx.lerp(420.0, 240.0, heavy) * ctx.u(0.9, 1.1)
    metal = ctx.u(2600.0, 3400.0)
    tick = tick_grain(ctx, case, metal, ctx.lerp(0.6, 1.6, heavy))
    tock = tick_grain(ctx, case * 0.85, metal * 0.88, ctx.lerp(0.6, 1.6, heavy))
    onsets = s.regular_onsets(rng, total_n / sr, period_s, sr, 0.0015, 0.05)
    which = np.arange(onsets.size) % 2
    gains = np.where(which == 0, 1.0, 0.82) * s.db(rng.normal(0, 0.5, onsets.size))
    room = s.noise_loop(rng, loop_n, sr, lambda f: s.band_mag(f, 60.0, 3000.0, 1) * s.tilt_mag(f, -3.0))
    return Bed(0.0015 * room, [Layer([s.normalize_peak(tick), s.normalize_peak(tock)], onsets, which, gains)])


@bed("Clock", space=ROOM, family="escapement ticks")
def clock(ctx: Ctx, loop_n: int, total_n: int) -> Bed:
    """A clock ticking: a long-case clock's heavy, slow beat, one a second, tick then tock."""
    return _ticking(ctx, loop_n, total_n, CLOCK_PERIOD_S, 1.0)


@bed("Tick-tock", space=ROOM, family="escapement ticks")
def tick_tock(ctx: Ctx, loop_n: int, total_n: int) -> Bed:
    """The tick-tock of a mantel clock: two light beats a second, the tock a shade lower."""
    return _ticking(ctx, loop_n, total_n, TICK_TOCK_PERIOD_S, 0.2)


@spot("Siren", space=STREET, family="harmonic tones")
def siren(ctx: Ctx) -> np.ndarray:
    """A siren wailing: a bright tone sweeping slowly up and down."""
    length = 4.0
    n = ctx.n(length)
    t = np.arange(n) / ctx.sr
    lo, hi = ctx.u(550.0, 650.0), ctx.u(1250.0, 1450.0)
    cycle = ctx.u(2.6, 3.4)
    sweep = 0.5 - 0.5 * np.cos(s.TWO_PI * t / cycle)
    f0 = lo + (hi - lo) * sweep ** 0.8
    ph = s.phase(f0, ctx.sr)
    tone = s.partials(ph, [1.0, 0.15, 0.35, 0.08, 0.18, 0.05, 0.1], f0, ctx.sr)
    env = np.ones(n)
    s.fade(env, ctx.sr, 0.25, 0.6)
    return tone * env


@spot("Alarm", space=ROOM, family="hammer bells")
def alarm(ctx: Ctx) -> np.ndarray:
    """An alarm sounding: an electric bell, its hammer striking a gong twenty times a second."""
    length = 3.0
    out = np.zeros(ctx.n(length + 1.0))
    prime = ctx.u(1400.0, 1900.0)
    partials = [(1.0, 1.0, 1.0), (2.76, 0.6, 0.6), (5.4, 0.35, 0.4), (8.93, 0.2, 0.25)]
    strike = bell_strike(ctx, prime, partials, 0.9, 1.0, 0.6)
    rate = ctx.u(17.0, 22.0)
    for k in range(int(length * rate)):
        s.add_at(out, strike * ctx.u(0.8, 1.0), ctx.n(k / rate + ctx.rng.normal(0, 0.001)))
    return out


@spot("Telephone bell ringing", space=ROOM, family="hammer bells")
def telephone(ctx: Ctx) -> np.ndarray:
    """An old telephone ringing: two gongs struck in turn, 'ring-ring' ... 'ring-ring'."""
    out = np.zeros(ctx.n(4.2))
    gongs = []
    for base in (ctx.u(1150.0, 1300.0), ctx.u(1450.0, 1650.0)):
        gongs.append(bell_strike(ctx, base, [(1.0, 1.0, 1.0), (2.7, 0.5, 0.6), (5.2, 0.3, 0.4)], 0.7, 0.8, 0.6))
    rate = 20.0
    for burst_at in (0.0, 0.6, 2.6, 3.2):
        if burst_at > 3.0 and ctx.density < 0.3:
            break
        for k in range(int(0.4 * rate)):
            s.add_at(out, gongs[k % 2] * ctx.u(0.85, 1.0), ctx.n(burst_at + k / rate))
    return out


@spot("Steam whistle", space=OUTDOOR, family="harmonic tones")
def steam_whistle(ctx: Ctx) -> np.ndarray:
    """A steam whistle: a breathy three-chime chord that rises to pitch as the steam comes up."""
    rng, sr = ctx.rng, ctx.sr
    dur = ctx.lerp(1.6, 2.8, ctx.intensity)
    n = ctx.n(dur)
    t = np.arange(n) / sr
    base = ctx.u(280.0, 360.0)
    bend = 1.0 - 0.12 * np.exp(-t / 0.15) - 0.05 * np.clip((t - dur + 0.3) / 0.3, 0, 1)
    out = np.zeros(n)
    for ratio in (1.0, 1.25, 1.5):
        f0 = base * ratio * bend * (1.0 + 0.004 * s.slow_loop(rng, n, sr, 5.0))
        out += s.partials(s.phase(f0, sr, start=rng.uniform(0, s.TWO_PI)), [1.0, 0.35, 0.2, 0.1, 0.06], f0, sr)
    steam = s.sos_filter(rng.standard_normal(n), sr, "bandpass", (base, 6000.0), 1)
    env = np.ones(n)
    s.fade(env, sr, 0.08, 0.25)
    return (out / 3.0 + 0.35 * s.normalize_peak(steam) * np.max(np.abs(out / 3.0))) * env


@bed("Mechanisms", space=ROOM, family="machine cycles")
def mechanisms(ctx: Ctx, loop_n: int, total_n: int) -> Bed:
    """Machinery turning and clanking: a repeating cycle of clanks and ratchet clicks over a gear whine."""
    rng, sr = ctx.rng, ctx.sr
    cycle = ctx.lerp(1.8, 1.0, ctx.intensity)
    cycles = s.periodic_rate(1.0 / cycle, loop_n, sr)
    mesh = s.periodic_rate(ctx.u(110.0, 160.0), loop_n, sr)
    whine = np.sin(s.TWO_PI * mesh) + 0.5 * np.sin(2 * s.TWO_PI * mesh) + 0.3 * np.sin(3 * s.TWO_PI * mesh)
    whine *= 0.7 + 0.3 * np.cos(s.TWO_PI * cycles)
    f = s.freqs(loop_n, sr)
    hum = s.noise_loop(rng, loop_n, sr, s.band_mag(f, 50.0, 1500.0, 2))
    loop = 0.06 * whine + 0.1 * hum
    clanks = []
    for _ in range(3):
        modes = list(rng.uniform(300.0, 3200.0, 5))
        clanks.append(s.normalize_peak(impact(ctx, modes, list(rng.uniform(0.05, 0.25, 5)), [1, 0.8, 0.6, 0.5, 0.4],
                                              0.9, 0.4)))
    ratchet = s.normalize_peak(impact(ctx, [ctx.u(2500.0, 3500.0), ctx.u(4500.0, 5500.0)], [0.01, 0.008], [1, 0.6],
                                      1.0, 0.05))
    pattern = [(0.0, 0, 1.0), (0.5, 1, 0.7), (0.75, 2, 0.55)]
    times, which, gains = [], [], []
    t = 0.0
    while t < total_n / sr:
        for frac, k, g in pattern:
            times.append(t + frac * cycle)
            which.append(k)
            gains.append(g)
        for j in range(6):
            times.append(t + (0.15 + 0.05 * j) * cycle)
            which.append(3)
            gains.append(0.3)
        t += cycle
    onsets = np.round(np.asarray(times) * sr).astype(np.int64)
    gains_arr = np.asarray(gains) * s.db(rng.normal(0, 1, onsets.size))
    return Bed(loop, [Layer(clanks + [ratchet], onsets, np.asarray(which), gains_arr)])


def _key(ctx: Ctx, heavy: bool) -> np.ndarray:
    """A typewriter key: the key lever's clack, then the typebar striking the platen."""
    out = np.zeros(ctx.n(0.12))
    lever = impact(ctx, [ctx.u(300.0, 500.0), ctx.u(900.0, 1300.0)], [0.03, 0.02], [1.0, 0.6], 0.6, 0.06)
    bar = impact(ctx, [ctx.u(1800.0, 2400.0), ctx.u(3200.0, 4200.0), ctx.u(5500.0, 6500.0)],
                 [0.02, 0.015, 0.01], [1.0, 0.7, 0.4], 1.0, 0.05)
    s.add_at(out, 0.6 * s.normalize_peak(lever) * (1.4 if heavy else 1.0), 0)
    s.add_at(out, s.normalize_peak(bar), ctx.n(ctx.u(0.012, 0.02)))
    return out


@spot("Typing", space=ROOM, family="modal impacts")
def typing(ctx: Ctx) -> np.ndarray:
    """Typing on a typewriter: bursts of keystrokes word by word, the space bar between."""
    rng = ctx.rng
    keys = [_key(ctx, False) for _ in range(5)]
    space_bar = _key(ctx, True)
    out = np.zeros(ctx.n(3.6))
    rate = ctx.lerp(4.0, 9.0, ctx.density)
    t = 0.0
    while t < 3.3:
        for _ in range(int(rng.integers(2, 7))):
            s.add_at(out, keys[int(rng.integers(5))] * ctx.u(0.7, 1.0), ctx.n(t))
            t += ctx.u(0.6, 1.4) / rate
        s.add_at(out, space_bar * 0.8, ctx.n(t))
        t += ctx.u(1.2, 2.5) / rate
    return out


__all__ += [
    "alarm",
    "bell",
    "church_bell",
    "clock",
    "mechanisms",
    "siren",
    "steam_whistle",
    "telephone",
    "tick_tock",
    "typing",
]
