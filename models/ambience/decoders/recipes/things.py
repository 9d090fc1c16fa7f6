"""Doors and vehicles: doors, slams, knocks, creaks, cars, horns, skids, engines, trains, boats, aircraft.

Families: modal impacts (an excitation through a body's resonances: door panels, latches, rail joints),
stick-slip friction (creaks, tyre squeal), firing-pulse engines (a pulse train at the firing rate
through exhaust resonances) and moving sources (Doppler by a time-varying delay, distance loudness and
air absorption, and the ground-reflection comb that sweeps under a flyover).
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
    Layer,
    Space,
    bed,
    spot,
)
from models.ambience.decoders.recipes.elements import creak_grain

__all__ = ["engine_pulses", "impact", "knock_interval", "pass_by"]

SPEED_OF_SOUND = 343.0
HALLWAY = Space(0.9, 0.25)  # a slammed door rings down a passage


def contact(ctx: Ctx, hardness: float, length_s: float) -> np.ndarray:
    """The force of a strike: a half-sine pulse lasting 4 ms (soft) down to 0.08 ms (hard), so a soft
    strike excites only the low modes, zero-padded to ``length_s``."""
    m = max(2, ctx.n(0.004 * 0.02 ** hardness))
    exc = np.zeros(max(ctx.n(length_s), m))
    exc[:m] = np.sin(np.pi * (np.arange(m) + 0.5) / m)
    return exc


def impact(ctx: Ctx, modes_hz: list[float], t60_s: list[float], gains: list[float], hardness: float = 0.5,
           length_s: float = 0.5) -> np.ndarray:
    """A struck body (unit peak): a contact pulse through its modes, and a little click of the contact
    itself (more for harder strikes)."""
    exc = contact(ctx, hardness, length_s)
    body = s.normalize_peak(s.resonators(exc, ctx.sr, modes_hz, t60_s, gains))
    m = ctx.n(0.0015)
    grit = ctx.rng.standard_normal(m) * np.hanning(m)
    click = np.zeros(exc.size)
    click[:m] = s.normalize_peak(s.sos_filter(grit, ctx.sr, "highpass", 2500.0, 2))
    return s.normalize_peak(body + 0.3 * hardness ** 2 * click)


def _latch(ctx: Ctx) -> np.ndarray:
    """A door latch: two small metallic clicks."""
    out = np.zeros(ctx.n(0.15))
    for at in (0.0, ctx.u(0.03, 0.06)):
        modes = [ctx.u(2000.0, 2600.0), ctx.u(3300.0, 4200.0), ctx.u(5200.0, 6500.0)]
        s.add_at(out, impact(ctx, modes, [0.03, 0.02, 0.015], [1.0, 0.7, 0.4], 1.0, 0.08), ctx.n(at))
    return out


def _door_body(ctx: Ctx, weight: float) -> list[list[float]]:
    base = ctx.lerp(140.0, 75.0, weight) * ctx.u(0.9, 1.1)
    modes = [base, base * 1.6, base * 2.4, base * 3.7, base * 5.2, ctx.u(900.0, 1300.0)]
    t60 = [0.18, 0.12, 0.09, 0.06, 0.04, 0.03]
    gains = [1.0, 0.8, 0.6, 0.4, 0.3, 0.3]
    return [modes, t60, gains]


@spot("Door", space=ROOM, family="modal impacts + stick-slip friction")
def door(ctx: Ctx) -> np.ndarray:
    """A door opening and closing: the latch, a short hinge creak, then the thud of it shutting."""
    out = np.zeros(ctx.n(3.2))
    s.add_at(out, 0.5 * _latch(ctx), 0)
    creak = creak_grain(ctx, ctx.u(0.5, 0.8), ctx.u(110.0, 180.0), (ctx.u(600.0, 900.0), 1500.0, 2600.0), 0.4)
    s.add_at(out, 0.2 * s.normalize_peak(creak), ctx.n(0.15))
    swing = s.noise_burst(ctx.rng, ctx.sr, 0.5, 80.0, 600.0, 0.25, 0.5) * 0.1
    close_at = ctx.n(ctx.u(1.3, 1.7))
    s.add_at(out, swing, close_at - ctx.n(0.45))
    modes, t60, gains = _door_body(ctx, 0.5)
    thud = impact(ctx, modes, t60, gains, 0.3, 0.6)
    s.add_at(out, s.normalize_peak(thud) * ctx.lerp(0.5, 0.9, ctx.intensity), close_at)
    s.add_at(out, 0.5 * _latch(ctx), close_at + ctx.n(0.01))
    return out


@spot("Slam", space=HALLWAY, family="modal impacts")
def slam(ctx: Ctx) -> np.ndarray:
    """A door slammed shut: a heavy, hard thud, the frame's rattle and the latch."""
    out = np.zeros(ctx.n(1.5))
    modes, t60, gains = _door_body(ctx, ctx.lerp(0.6, 1.0, ctx.intensity))
    thud = impact(ctx, modes, [t * 2.2 for t in t60], gains, ctx.lerp(0.5, 0.8, ctx.intensity), 1.2)
    s.add_at(out, s.normalize_peak(thud), 0)
    rattle = s.noise_burst(ctx.rng, ctx.sr, 0.12, 400.0, 5000.0, 0.001, 0.1)
    rattle *= 1.0 + np.sign(np.sin(s.TWO_PI * ctx.u(35.0, 55.0) * np.arange(rattle.size) / ctx.sr))
    s.add_at(out, 0.25 * s.normalize_peak(rattle), ctx.n(0.004))
    s.add_at(out, 0.4 * _latch(ctx), ctx.n(0.008))
    return out


def knock_interval(density: float) -> float:
    """Seconds between knocks in a run (slow and deliberate at density 0, rapid at 1)."""
    return 0.32 - 0.14 * density


@spot("Knock", space=ROOM, family="modal impacts")
def knock(ctx: Ctx) -> np.ndarray:
    """Knocking on a door: three knuckle raps (four to six fist blows when pounding) on a wooden panel."""
    pounding = ctx.intensity > 0.7
    count = 3 if not pounding else 4 + round(2 * ctx.density)
    base = ctx.u(180.0, 240.0) * (0.7 if pounding else 1.0)
    modes = [base, base * 1.75, base * 2.6, base * 4.1, ctx.u(1100.0, 1500.0)]
    t60 = [0.09, 0.07, 0.05, 0.03, 0.02]
    gains = [1.0, 0.8, 0.6, 0.4, 0.35]
    out = np.zeros(ctx.n(3.0))
    interval = knock_interval(ctx.density)
    for k in range(count):
        hit = impact(ctx, modes, t60, gains, 0.35 if pounding else 0.6, 0.3)
        accent = 1.0 if k < count - 1 else 0.9
        s.add_at(out, s.normalize_peak(hit) * accent * ctx.u(0.9, 1.0), ctx.n(k * interval * ctx.u(0.97, 1.03)))
    return out


@spot("Creak", space=ROOM, family="stick-slip friction")
def creak(ctx: Ctx) -> np.ndarray:
    """A creaking hinge or floorboard: slow stick-slip pulses through wood, the pitch wandering."""
    dur = ctx.lerp(0.9, 1.8, ctx.intensity)
    pitch = ctx.u(50.0, 110.0) * ctx.lerp(0.8, 1.4, ctx.brightness)
    body = (ctx.u(350.0, 550.0), ctx.u(900.0, 1300.0), ctx.u(1900.0, 2600.0))
    return creak_grain(ctx, dur, pitch, body, 0.6)


# --- vehicles -------------------------------------------------------------------------------------------

def engine_pulses(ctx: Ctx, n: int, firing_hz: np.ndarray | float, circular: bool = False,
                  roughness: float = 0.3) -> np.ndarray:
    """An engine: one exhaust pulse per firing (uneven from cylinder to cylinder) through the exhaust's
    resonances, plus a mechanical rattle at twice the rate."""
    rng, sr = ctx.rng, ctx.sr
    rate = np.broadcast_to(np.asarray(firing_hz, dtype=np.float64), (n,))
    cycles = s.periodic_rate(rate, n, sr) if circular else np.concatenate([[0.0], np.cumsum(rate[:-1]) / sr])
    idx = np.flatnonzero(np.diff(np.floor(cycles)) > 0) + 1
    train = np.zeros(n)
    pattern = 1.0 + roughness * rng.uniform(-1, 1, 4)
    train[idx] = pattern[np.arange(idx.size) % 4] * (1.0 + 0.1 * rng.standard_normal(idx.size))
    puff = contact(ctx, 0.2, 0.08) + 0.05 * rng.standard_normal(ctx.n(0.08)) * s.exp_env(ctx.n(0.08), sr, 0.01)
    kernel = s.resonators(puff, sr, [ctx.u(70.0, 110.0), ctx.u(180.0, 260.0), ctx.u(500.0, 700.0)],
                          [0.05, 0.03, 0.015], [1.0, 0.5, 0.15]) + 0.02 * puff
    pulses = s.convolve_loop(train, kernel) if circular else np.convolve(train, kernel)[:n]
    f = s.freqs(n, sr)
    mech = s.noise_loop(rng, n, sr, lambda fr: s.band_mag(fr, 1500.0, 6000.0, 2))
    mech_am = 0.5 + 0.5 * np.cos(s.TWO_PI * 2.0 * cycles) ** 8
    return s.unit(pulses) + 0.08 * mech * mech_am + 0.05 * s.noise_loop(rng, n, sr, s.lowpass_mag(f, 300.0, 2))


def pass_by(ctx: Ctx, source: np.ndarray, speed_ms: float, closest_m: float, at_s: float) -> np.ndarray:
    """A source moving past on a straight line: Doppler by propagation delay, 1/r loudness, air absorption."""
    sr = ctx.sr
    n = source.size
    t = np.arange(n) / sr
    r = np.sqrt(closest_m ** 2 + (speed_ms * (t - at_s)) ** 2)
    heard_from = t - (r - closest_m) / SPEED_OF_SOUND  # emission time heard at t (closest approach at at_s)
    moved = np.interp(heard_from % (n / sr), t, source)  # the source is steady: wrap for the far ends
    loud = closest_m / r
    cutoff = 12000.0 * (closest_m / r) ** 0.7 + 1500.0
    moved = s.stft_filter(moved * loud, sr, lambda tt, f: s.lowpass_mag(f, np.interp(tt, t, cutoff), 1))
    return moved


@spot("Car", space=STREET, family="firing-pulse engine + moving source")
def car(ctx: Ctx) -> np.ndarray:
    """A car passing: engine and tyre roar swelling, dropping in pitch as it goes by, fading away."""
    rng, sr = ctx.rng, ctx.sr
    length = 4.0
    n = ctx.n(length)
    speed = ctx.lerp(9.0, 25.0, ctx.intensity)
    firing = ctx.lerp(45.0, 110.0, ctx.intensity) * (1.0 + 0.02 * s.slow_loop(rng, n, sr, 0.5))
    engine = engine_pulses(ctx, n, firing, roughness=0.15)
    tyres = s.sos_filter(rng.standard_normal(n), sr, "bandpass", (300.0, 2500.0), 1)
    source = s.unit(engine) + ctx.lerp(0.4, 1.0, ctx.intensity) * s.unit(tyres)
    out = pass_by(ctx, source, speed, ctx.u(4.0, 7.0), length * 0.5)
    return out * s.hann_env(n, 0.5) ** 0.5


@spot("Vehicle horn, car horn, honking", space=STREET, family="harmonic tones")
def horn(ctx: Ctx) -> np.ndarray:
    """A car horn: two buzzy tones a third apart; a short toot then a longer blast when insistent."""
    out = np.zeros(ctx.n(2.0))
    base = ctx.u(380.0, 440.0)
    honks = [(0.0, 0.18), (0.3, 0.6)] if ctx.intensity >= 0.4 else [(0.0, 0.45)]
    for at, dur in honks:
        n = ctx.n(dur)
        tone = np.zeros(n)
        for ratio in (1.0, 1.26):
            f0 = base * ratio * (1.0 - 0.03 * np.exp(-np.arange(n) / (0.02 * ctx.sr)))
            ph = s.phase(f0, ctx.sr)
            tone += s.partials(ph, [1.0, 0.5, 0.6, 0.3, 0.35, 0.2, 0.2, 0.12, 0.1, 0.08], f0, ctx.sr)
        tone = s.resonators(tone, ctx.sr, [ctx.u(1800.0, 2600.0)], [0.01], [2.0]) + tone
        env = np.ones(n)
        s.fade(env, ctx.sr, 0.012, 0.03)
        s.add_at(out, tone * env, ctx.n(at))
    return out


@spot("Skidding", space=STREET, family="stick-slip friction")
def skidding(ctx: Ctx) -> np.ndarray:
    """Tyres skidding: a wavering squeal over rough friction noise, sinking as the car slows."""
    rng, sr = ctx.rng, ctx.sr
    dur = ctx.lerp(1.2, 2.2, ctx.intensity)
    n = ctx.n(dur)
    t = np.arange(n) / sr
    pitch = ctx.u(900.0, 1400.0) * (1.0 - 0.25 * t / dur) * (1.0 + 0.03 * s.slow_loop(rng, n, sr, 8.0))
    ph = s.phase(pitch, sr)
    squeal = np.sin(ph) + 0.4 * np.sin(2 * ph) + 0.15 * np.sin(3 * ph)
    squeal *= 1.0 + 0.4 * s.slow_loop(rng, n, sr, 20.0).clip(-2, 2)
    friction = s.sos_filter(rng.standard_normal(n), sr, "bandpass", (400.0, 6000.0), 1)
    env = s.hann_env(n, 0.1) ** 0.5
    return (squeal + 0.4 * s.unit(friction)) * env


@spot("Aircraft", family="moving source + comb sweep")
def aircraft(ctx: Ctx) -> np.ndarray:
    """An aeroplane overhead: a propeller drone and engine roar swelling and fading, the ground reflection
    sweeping a comb through the roar, the drone dropping in pitch as it passes."""
    rng, sr = ctx.rng, ctx.sr
    length = 4.2
    n = ctx.n(length)
    t = np.arange(n) / sr
    blade = ctx.u(70.0, 95.0)
    f0 = blade * (1.0 + 0.01 * s.slow_loop(rng, n, sr, 0.5))
    drone = s.partials(s.phase(f0, sr), [1.0, 0.7, 0.55, 0.4, 0.3, 0.2, 0.15, 0.1, 0.08, 0.06], f0, sr)
    roar = s.sos_filter(rng.standard_normal(n), sr, "bandpass", (100.0, 3000.0), 1)
    source = s.unit(drone) + 0.8 * s.unit(roar)
    height = ctx.u(120.0, 220.0)
    speed = ctx.lerp(50.0, 90.0, ctx.intensity)
    moved = pass_by(ctx, source, speed, height, length * 0.55)
    sine_elevation = height / np.sqrt(height ** 2 + (speed * (t - length * 0.55)) ** 2)
    delay = 2.0 * 2.5 * sine_elevation / SPEED_OF_SOUND  # the ground reflection's lag for an ear 2.5 m up

    def comb(tt: np.ndarray, f: np.ndarray) -> np.ndarray:
        d = np.interp(tt, t, delay)
        return np.abs(1.0 + 0.6 * np.exp(-2j * np.pi * f * d))

    moved = s.stft_filter(moved, sr, comb, n_fft=2048)
    return moved * s.hann_env(n, 0.55) ** 0.6


@bed("Engine", space=STREET, family="firing-pulse engine")
def engine(ctx: Ctx, loop_n: int, total_n: int) -> Bed:
    """An engine running: firing pulses at idle (faster and harder with intensity), valve tick and hum."""
    rng, sr = ctx.rng, ctx.sr
    firing = ctx.lerp(22.0, 70.0, ctx.intensity) * (1.0 + 0.015 * s.slow_loop(rng, loop_n, sr, 0.4))
    return Bed(engine_pulses(ctx, loop_n, firing, circular=True, roughness=ctx.lerp(0.2, 0.4, ctx.intensity)))


@bed("Train", space=OUTDOOR, family="modal impacts + noise bed")
def train(ctx: Ctx, loop_n: int, total_n: int) -> Bed:
    """A train running: rumble and rail roar, and the clickety-clack of each bogie over the rail joints."""
    rng, sr = ctx.rng, ctx.sr
    f = s.freqs(loop_n, sr)
    rumble = s.noise_loop(rng, loop_n, sr, s.band_mag(f, 30.0, 250.0, 2))
    roar = s.noise_loop(rng, loop_n, sr, s.band_mag(f, 300.0, 2500.0, 1) * (1.0 + s.peak_mag(f, 900.0, 2.0)))
    sway = np.exp(0.15 * s.slow_loop(rng, loop_n, sr, 0.3))
    loop = 0.35 * (0.9 * rumble + ctx.lerp(0.25, 0.6, ctx.intensity) * roar) * sway
    speed = ctx.lerp(12.0, 30.0, ctx.intensity)  # m/s
    car_s = 20.0 / speed  # one car length past a joint
    bogie = 2.5 / speed  # two axles of a bogie
    clacks = []
    for _ in range(4):
        modes = [ctx.u(180.0, 260.0), ctx.u(480.0, 620.0), ctx.u(1100.0, 1500.0), ctx.u(2400.0, 3000.0)]
        clacks.append(impact(ctx, modes, [0.08, 0.05, 0.035, 0.025], [1.0, 0.8, 0.5, 0.3], 0.7, 0.25))
    times = []
    t = rng.uniform(0, car_s)
    while t < total_n / sr + car_s:
        # a car's rear bogie then the next car's front bogie pass the joint close together
        for offset in (0.0, bogie, 3.0 / speed, 3.0 / speed + bogie):
            times.append(t + offset)
        t += car_s
    onsets = np.round(np.asarray(times) * sr).astype(np.int64)
    gains = 3.0 * s.db(rng.normal(0, 1.5, onsets.size))
    return Bed(loop, [Layer(clacks, onsets, rng.integers(0, 4, onsets.size), gains, reverb=False)])


@bed("Boat, Water vehicle", space=OUTDOOR, family="stick-slip friction + noise bursts")
def boat(ctx: Ctx, loop_n: int, total_n: int) -> Bed:
    """A boat on the water: water lapping at the hull, the hull and rigging creaking as it rolls."""
    rng, sr = ctx.rng, ctx.sr
    roll_cycles = s.periodic_rate(1.0 / ctx.lerp(6.0, 4.0, ctx.intensity), loop_n, sr)
    roll = 0.5 - 0.5 * np.cos(s.TWO_PI * roll_cycles)
    f = s.freqs(loop_n, sr)
    swell = s.noise_loop(rng, loop_n, sr, s.band_mag(f, 40.0, 400.0, 2)) * (0.4 + 0.6 * roll)
    water = s.noise_loop(rng, loop_n, sr, s.band_mag(f, 200.0, 3000.0, 1)) * 0.15
    laps = []
    for _ in range(6):
        dur = ctx.u(0.25, 0.6)
        m = ctx.n(dur)
        slosh = s.sos_filter(rng.standard_normal(m), sr, "bandpass", (ctx.u(150.0, 300.0), ctx.u(1200.0, 2500.0)), 2)
        slosh *= s.hann_env(m, ctx.u(0.2, 0.4)) ** 1.5
        laps.append(slosh)
    lap_on = s.poisson_onsets(rng, total_n / sr, ctx.lerp(0.8, 2.5, ctx.density), sr)
    creaks = [creak_grain(ctx, ctx.u(0.6, 1.2), ctx.u(30.0, 70.0), (ctx.u(250.0, 400.0), ctx.u(700.0, 1000.0),
                                                                       ctx.u(1500.0, 2000.0)), 0.5)
              for _ in range(4)]
    creaks = [s.normalize_peak(c) for c in creaks]
    period = ctx.lerp(6.0, 4.0, ctx.intensity)
    creak_on = s.regular_onsets(rng, total_n / sr, period * 0.5, sr, 0.3, rng.uniform(0, period))
    keep = rng.random(creak_on.size) < 0.6
    creak_on = creak_on[keep]
    return Bed(swell + water, [
        Layer(laps, lap_on, rng.integers(0, 6, lap_on.size), 1.2 * s.db(rng.normal(0, 3, lap_on.size))),
        Layer(creaks, creak_on, rng.integers(0, 4, creak_on.size), 0.35 * s.db(rng.normal(0, 3, creak_on.size))),
    ])


__all__ += ["aircraft", "boat", "car", "creak", "door", "engine", "horn", "knock", "skidding", "slam", "train"]
