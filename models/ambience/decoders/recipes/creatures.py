"""Animals, birds and insects: dogs, cats, horses, songbirds, crows, owls, gulls, flies, crickets, frogs.

Families: formant voices (additive harmonics under gliding formants, with jitter and subharmonics for
rough calls: barks, howls, meows, whinnies, caws, gull cries), FM birdsong (species with a small
repertoire of sweeps, chirps, trills and warbles sung in phrases), pulsed carriers (cricket chirps,
frog croaks) and buzzing sawtooth wingbeats (flies and bees).
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
    bed,
    spot,
)
from models.ambience.decoders.recipes.things import impact

__all__ = ["bark_grain", "bird_phrase", "breath", "hoof_grain", "meow_grain"]


def _contour(n: int, points: list[tuple[float, float]]) -> np.ndarray:
    """A smooth curve through (fraction of the length, value) points."""
    xs, ys = zip(*points)
    t = np.linspace(0.0, 1.0, n)
    return np.interp(t, xs, ys)


def _rough(ctx: Ctx, f0: np.ndarray, jitter: float) -> np.ndarray:
    """Pitch jitter: fast random wobble of ``jitter`` (a fraction) on a pitch curve."""
    n = f0.size
    wobble = s.sos_filter(ctx.rng.standard_normal(n), ctx.sr, "lowpass", 60.0, 2)
    wobble /= max(float(np.std(wobble)), 1e-9)
    return f0 * (1.0 + jitter * wobble)


def breath(ctx: Ctx, dur_s: float, lo_hz: float, hi_hz: float) -> np.ndarray:
    """Band-passed noise with a soft rise and fall (breath, aspiration, snort)."""
    n = ctx.n(dur_s)
    return s.sos_filter(ctx.rng.standard_normal(n), ctx.sr, "bandpass", (lo_hz, hi_hz), 2) * s.hann_env(n, 0.3)


# --- dogs and cats --------------------------------------------------------------------------------------

def bark_grain(ctx: Ctx, size: float) -> np.ndarray:
    """One bark: a harsh, noisy voiced burst whose pitch leaps up and falls; ``size`` 0 small .. 1 big."""
    rng = ctx.rng
    dur = ctx.lerp(0.11, 0.22, size) * ctx.u(0.85, 1.15)
    n = ctx.n(dur)
    base = ctx.lerp(520.0, 260.0, size) * ctx.u(0.9, 1.1)
    f0 = _rough(ctx, base * _contour(n, [(0, 0.8), (0.15, 1.35), (0.5, 1.15), (1, 0.75)]), 0.03)
    f1 = ctx.lerp(900.0, 650.0, size)
    formants = [(f1, 300.0, 0.0), (f1 * 2.1, 500.0, -4.0), (3000.0, 800.0, -10.0)]
    voiced = s.voice(ctx.sr, f0, formants, tilt_db_oct=-4.0, max_hz=7000.0)
    voiced *= 1.0 + 0.5 * np.sin(0.5 * s.phase(f0, ctx.sr))  # subharmonic: the bark's rasp
    noise = s.sos_filter(rng.standard_normal(n), ctx.sr, "bandpass", (f1 * 0.6, 4500.0), 2)
    env = s.hann_env(n, 0.22) ** 0.6
    env[: ctx.n(0.004)] *= np.linspace(0.0, 1.0, ctx.n(0.004))
    return (voiced + 0.3 * s.normalize_peak(noise)) * env


def _bark_series(ctx: Ctx, count: int, gap_s: tuple[float, float], size: float) -> np.ndarray:
    out = np.zeros(ctx.n(4.0))
    t = 0.0
    for _ in range(count):
        g = bark_grain(ctx, size)
        s.add_at(out, g * ctx.u(0.75, 1.0), ctx.n(t))
        t += g.size / ctx.sr + ctx.u(*gap_s)
        if t > 3.5:
            break
    return out


@spot("Dog", family="formant voice")
def dog(ctx: Ctx) -> np.ndarray:
    """A dog: a low warning 'wuff' and a bark or two."""
    size = ctx.u(0.4, 0.9)
    out = _bark_series(ctx, 1 + round(ctx.lerp(1, 3, ctx.intensity)), (0.25, 0.6), size)
    return out


@spot("Bark", family="formant voice")
def bark(ctx: Ctx) -> np.ndarray:
    """A dog barking: a run of sharp barks, two or three a second."""
    count = 3 + round(ctx.lerp(0, 4, ctx.density))
    return _bark_series(ctx, count, (0.15, ctx.lerp(0.45, 0.25, ctx.intensity)), ctx.u(0.3, 0.8))


def _howl(ctx: Ctx, dur_s: float, base_hz: float) -> np.ndarray:
    n = ctx.n(dur_s)
    t = np.arange(n) / ctx.sr
    f0 = base_hz * _contour(n, [(0, 0.7), (0.2, 1.15), (0.7, 1.2), (0.9, 1.0), (1, 0.8)])
    f0 *= 1.0 + 0.012 * np.sin(s.TWO_PI * ctx.u(4.5, 6.0) * t)
    formants = [(_contour(n, [(0, 500.0), (0.3, 800.0), (1, 600.0)]), 350.0, 0.0), (1500.0, 600.0, -12.0)]
    tone = s.voice(ctx.sr, _rough(ctx, f0, 0.004), formants, tilt_db_oct=-14.0, max_hz=5000.0)
    air = breath(ctx, dur_s, 500.0, 3000.0) * 0.08
    return (tone + air) * s.hann_env(n, 0.25) ** 0.7


@spot("Howl", space=OUTDOOR, family="formant voice")
def howl(ctx: Ctx) -> np.ndarray:
    """A long howl: a pure, rising then sinking tone; a second voice joins when intense."""
    out = np.zeros(ctx.n(4.2))
    s.add_at(out, _howl(ctx, ctx.u(2.8, 3.6), ctx.u(380.0, 480.0)), 0)
    if ctx.intensity > 0.6 or ctx.density > 0.7:
        s.add_at(out, 0.5 * _howl(ctx, ctx.u(2.0, 2.8), ctx.u(480.0, 560.0)), ctx.n(ctx.u(0.6, 1.2)))
    return out


def meow_grain(ctx: Ctx, dur_s: float, question: bool = False) -> np.ndarray:
    """A cat's meow: pitch rises and falls while the mouth opens (F1 up) and closes to 'ow' (F2 down)."""
    n = ctx.n(dur_s)
    base = ctx.u(480.0, 620.0)
    shape = [(0, 0.85), (0.35, 1.3), (1, 1.45)] if question else [(0, 0.85), (0.35, 1.3), (0.75, 1.1), (1, 0.8)]
    f0 = _rough(ctx, base * _contour(n, shape), 0.01)
    f1 = _contour(n, [(0, 550.0), (0.35, 1150.0), (0.8, 900.0), (1, 650.0)])
    f2 = _contour(n, [(0, 1900.0), (0.35, 1750.0), (0.8, 1300.0), (1, 1000.0)])
    formants = [(f1, 250.0, 0.0), (f2, 350.0, -3.0), (3800.0, 700.0, -12.0)]
    env = s.hann_env(n, 0.3) ** 0.8 * np.clip(np.arange(n) / ctx.n(0.06), 0.2, 1.0)
    return s.voice(ctx.sr, f0, formants, tilt_db_oct=-5.0, max_hz=9000.0) * env


@spot("Cat", space=ROOM, family="formant voice")
def cat(ctx: Ctx) -> np.ndarray:
    """A cat: a short questioning 'mrrp' and a meow."""
    out = np.zeros(ctx.n(2.5))
    trill = meow_grain(ctx, 0.25, question=True)
    trill *= 0.6 + 0.4 * np.sin(s.TWO_PI * 28.0 * np.arange(trill.size) / ctx.sr)  # the rolled 'rr'
    s.add_at(out, 0.6 * trill, 0)
    s.add_at(out, meow_grain(ctx, ctx.u(0.6, 0.9)), ctx.n(0.45))
    return out


@spot("Meow", space=ROOM, family="formant voice")
def meow(ctx: Ctx) -> np.ndarray:
    """A cat mewing: one or two meows."""
    out = np.zeros(ctx.n(3.0))
    s.add_at(out, meow_grain(ctx, ctx.u(0.65, 1.0)), 0)
    if ctx.density >= 0.4:
        s.add_at(out, 0.8 * meow_grain(ctx, ctx.u(0.5, 0.8)), ctx.n(ctx.u(1.2, 1.6)))
    return out


# --- horses ---------------------------------------------------------------------------------------------

def hoof_grain(ctx: Ctx, pitch: float, hard: float = 1.0) -> np.ndarray:
    """A shod hoof on a road (unit peak): a hard, hollow knock (the coconut-shell sound) over a low thud."""
    rng = ctx.rng
    shell = impact(ctx, [pitch, pitch * 1.53, pitch * 2.6], [0.05, 0.03, 0.015], [1.0, 0.5, 0.25], 0.85 * hard, 0.12)
    thud = impact(ctx, [rng.uniform(90.0, 140.0), rng.uniform(250.0, 350.0)], [0.06, 0.03], [1.0, 0.4], 0.2, 0.12)
    return s.normalize_peak(shell + 0.6 * thud)


def _hooves(ctx: Ctx, length_s: float, interval_s: float, start_s: float = 0.0) -> np.ndarray:
    out = np.zeros(ctx.n(length_s))
    pitches = [ctx.u(700.0, 900.0), ctx.u(900.0, 1150.0)]
    t, i = start_s, 0
    while t < length_s - 0.15:
        g = hoof_grain(ctx, pitches[i % 2] * ctx.u(0.97, 1.03))
        s.add_at(out, g * (1.0 if i % 2 == 0 else 0.8) * ctx.u(0.85, 1.0), ctx.n(t))
        t += interval_s * ctx.u(0.95, 1.05)
        i += 1
    return out


def clip_clop_interval(density: float) -> float:
    """Seconds between hoof beats for a clip-clop at this density (a walk at 0, a brisk trot at 1)."""
    return 0.36 - 0.14 * density


@spot("Clip-clop", space=STREET, family="modal impacts")
def clip_clop(ctx: Ctx) -> np.ndarray:
    """Hooves on a road: alternating clip and clop at a walk or trot."""
    return _hooves(ctx, 3.6, clip_clop_interval(ctx.density))


def _whinny(ctx: Ctx) -> np.ndarray:
    dur = ctx.u(1.2, 1.6)
    n = ctx.n(dur)
    t = np.arange(n) / ctx.sr
    f0 = ctx.u(800.0, 950.0) * _contour(n, [(0, 0.9), (0.1, 1.1), (0.6, 0.7), (1, 0.42)])
    f0 *= 1.0 + 0.09 * np.sin(s.TWO_PI * _contour(n, [(0, 9.0), (1, 13.0)]) * t)  # the neigh's shudder
    formants = [(_contour(n, [(0, 1100.0), (1, 700.0)]), 400.0, 0.0), (2300.0, 600.0, -6.0)]
    tone = s.voice(ctx.sr, _rough(ctx, f0, 0.015), formants, tilt_db_oct=-6.0, max_hz=8000.0)
    env = s.hann_env(n, 0.15) ** 0.6
    return (tone + 0.25 * breath(ctx, dur, 600.0, 4000.0)) * env


def _snort(ctx: Ctx) -> np.ndarray:
    dur = ctx.u(0.35, 0.55)
    n = ctx.n(dur)
    flutter = 0.55 + 0.45 * np.sin(s.TWO_PI * ctx.u(25.0, 35.0) * np.arange(n) / ctx.sr)
    return breath(ctx, dur, 150.0, 2500.0) * flutter


@spot("Horse", family="formant voice + modal impacts")
def horse(ctx: Ctx) -> np.ndarray:
    """A horse: a whinny, a snort and a few hooves."""
    out = np.zeros(ctx.n(4.0))
    s.add_at(out, _whinny(ctx), 0)
    s.add_at(out, 0.7 * _snort(ctx), ctx.n(ctx.u(1.7, 1.9)))
    s.add_at(out, 0.35 * _hooves(ctx, 1.6, 0.42), ctx.n(2.3))
    return out


# --- birds ----------------------------------------------------------------------------------------------

def _note(ctx: Ctx, kind: str, base_hz: float, dur_s: float) -> np.ndarray:
    """One birdsong note: a sine (plus a little second harmonic) swept by an FM contour."""
    rng = ctx.rng
    n = ctx.n(dur_s)
    t = np.arange(n) / ctx.sr
    if kind == "down":
        f = base_hz * _contour(n, [(0, 1.5), (1, 0.75)])
    elif kind == "up":
        f = base_hz * _contour(n, [(0, 0.8), (1, 1.35)])
    elif kind == "chirp":
        f = base_hz * (0.7 * np.exp(-t / (0.25 * dur_s)) + 0.85)
    elif kind == "warble":
        f = base_hz * (1.0 + 0.18 * np.sin(s.TWO_PI * rng.uniform(25.0, 45.0) * t))
    elif kind == "trill":
        f = base_hz * (1.0 + 0.25 * np.sign(np.sin(s.TWO_PI * rng.uniform(16.0, 26.0) * t)) * 0.5
                       + 0.1 * np.sin(s.TWO_PI * 3 * t))
    else:  # whistle
        f = base_hz * (1.0 + 0.01 * np.sin(s.TWO_PI * 6.0 * t))
    f = np.minimum(f, 0.45 * ctx.sr)
    ph = s.phase(f, ctx.sr)
    tone = np.sin(ph) + 0.12 * np.sin(2 * ph) * (2 * f < 0.45 * ctx.sr)
    env = s.hann_env(n, 0.3) ** 0.7
    if kind == "trill":
        env *= 0.35 + 0.65 * (0.5 + 0.5 * np.sin(s.TWO_PI * 20.0 * t)) ** 2
    return tone * env


def bird_phrase(ctx: Ctx, species: dict[str, object]) -> np.ndarray:
    """A phrase of a species' song: motifs of notes from its repertoire, with the motif repeated."""
    rng = ctx.rng
    base = float(species["base"])  # type: ignore[arg-type]
    repertoire: list[tuple[str, float, float]] = species["notes"]  # type: ignore[assignment]
    motif = [repertoire[int(i)] for i in rng.integers(0, len(repertoire), int(rng.integers(1, 4)))]
    repeats = int(rng.integers(1, int(species["repeats"]) + 1))  # type: ignore[call-overload]
    pieces: list[tuple[np.ndarray, float]] = []
    for _ in range(repeats):
        for kind, ratio, dur in motif:
            note = _note(ctx, kind, base * ratio * rng.uniform(0.97, 1.03), dur * rng.uniform(0.9, 1.1))
            pieces.append((note, float(rng.uniform(0.02, 0.07))))
    total = sum(p.size + ctx.n(gap) for p, gap in pieces)
    out = np.zeros(total + 1)
    pos = 0
    for p, gap in pieces:
        s.add_at(out, p * rng.uniform(0.7, 1.0), pos)
        pos += p.size + ctx.n(gap)
    return out


def _species(ctx: Ctx, lo_hz: float = 2200.0, hi_hz: float = 6000.0, song: bool = True) -> dict[str, object]:
    rng = ctx.rng
    kinds = ["down", "up", "chirp", "warble", "trill", "whistle"] if song else ["chirp", "down", "up"]
    notes = []
    for _ in range(int(rng.integers(2, 5))):
        kind = str(rng.choice(kinds))
        dur = {"trill": rng.uniform(0.25, 0.6), "warble": rng.uniform(0.1, 0.25), "whistle": rng.uniform(0.12, 0.35)}
        notes.append((kind, float(rng.uniform(0.8, 1.25)), float(dur.get(kind, rng.uniform(0.03, 0.1)))))
    tone = ctx.lerp(0.85, 1.2, ctx.brightness)  # a brighter scene: smaller, higher-voiced birds
    return {"base": tone * float(np.exp(rng.uniform(np.log(lo_hz), np.log(hi_hz)))), "notes": notes,
            "repeats": 4 if song else 2}


def _coo(ctx: Ctx) -> np.ndarray:
    """A wood pigeon's soft coo phrase: low hollow tones."""
    out = np.zeros(ctx.n(2.2))
    t = 0.0
    base = ctx.u(420.0, 520.0)
    for dur in (0.35, 0.5, 0.25, 0.25):
        n = ctx.n(dur)
        f = base * _contour(n, [(0, 0.9), (0.3, 1.05), (1, 0.95)])
        tone = np.sin(s.phase(f, ctx.sr)) + 0.1 * np.sin(2 * s.phase(f, ctx.sr))
        s.add_at(out, tone * s.hann_env(n, 0.4), ctx.n(t))
        t += dur + 0.12
    return out


def _birds(ctx: Ctx, loop_n: int, total_n: int, song: bool) -> Bed:
    rng, sr = ctx.rng, ctx.sr
    f = s.freqs(loop_n, sr)
    air = s.noise_loop(rng, loop_n, sr, s.band_mag(f, 300.0, 8000.0, 1) * s.tilt_mag(f, -2.0))
    leaves = air * np.exp(0.25 * s.slow_loop(rng, loop_n, sr, 0.2))
    chorus = np.zeros(loop_n)  # many distant birds: a soft, reverberant twitter that never stops
    far_species = [_species(ctx, 2500.0, 6500.0, song) for _ in range(6)]
    far_bank = [bird_phrase(ctx, far_species[k % 6]) for k in range(12)]
    chorus_rate = ctx.lerp(4.0, 10.0, ctx.density) if song else ctx.lerp(2.0, 5.0, ctx.density)
    for pos in s.poisson_onsets(rng, loop_n / sr, chorus_rate, sr).tolist():
        s.add_circular(chorus, far_bank[int(rng.integers(12))] * rng.uniform(0.3, 1.0), pos)
    m = ctx.n(0.4)
    tail = rng.standard_normal(m) * s.exp_env(m, sr, 0.4)
    chorus = s.filter_loop(s.convolve_loop(chorus, tail), sr, s.lowpass_mag(f, 4500.0, 1))
    loop = (0.03 if song else 0.18) * s.unit(leaves) + (0.35 if song else 0.3) * s.unit(chorus)
    layers = []
    singers = 2 + round(ctx.lerp(0, 4, ctx.density)) if song else 3 + round(ctx.lerp(0, 2, ctx.density))
    for _ in range(singers):
        sp = _species(ctx, 2000.0, 5500.0, song)
        bank = [bird_phrase(ctx, sp) for _ in range(4)]
        period = rng.uniform(2.5, 6.0) if song else rng.uniform(2.0, 5.0)
        onsets = s.regular_onsets(rng, total_n / sr, period, sr, period * 0.3, rng.uniform(0, period))
        gain = rng.uniform(0.15, 0.35)
        layers.append(Layer(bank, onsets, rng.integers(0, 4, onsets.size), gain * s.db(rng.normal(0, 2, onsets.size))))
    if not song:
        bank = [_coo(ctx) for _ in range(2)]
        onsets = s.poisson_onsets(rng, total_n / sr, 0.06, sr)
        layers.append(Layer(bank, onsets, rng.integers(0, 2, onsets.size), np.full(onsets.size, 0.5)))
    return Bed(loop, layers)


@bed("Bird", family="FM birdsong")
def bird(ctx: Ctx, loop_n: int, total_n: int) -> Bed:
    """Birds in the open air: call notes and short songs from a few birds, a pigeon now and then."""
    return _birds(ctx, loop_n, total_n, song=False)


@bed("Bird vocalization, bird call, bird song", family="FM birdsong")
def birdsong(ctx: Ctx, loop_n: int, total_n: int) -> Bed:
    """Birdsong: several songbirds singing phrases with trills and whistles over a distant chorus."""
    return _birds(ctx, loop_n, total_n, song=True)


def _caw(ctx: Ctx) -> np.ndarray:
    dur = ctx.u(0.28, 0.4)
    n = ctx.n(dur)
    f0 = _rough(ctx, ctx.u(520.0, 650.0) * _contour(n, [(0, 0.9), (0.2, 1.05), (1, 0.85)]), 0.04)
    formants = [(1300.0, 500.0, 0.0), (2400.0, 700.0, -3.0), (3800.0, 900.0, -10.0)]
    voiced = s.voice(ctx.sr, f0, formants, tilt_db_oct=-3.0, max_hz=8000.0)
    voiced *= 1.0 + 0.7 * np.sin(0.5 * s.phase(f0, ctx.sr))  # period doubling: the crow's rasp
    noise = s.sos_filter(ctx.rng.standard_normal(n), ctx.sr, "bandpass", (900.0, 4000.0), 2)
    return (voiced + 0.5 * s.normalize_peak(noise)) * s.hann_env(n, 0.2) ** 0.5


@spot("Crow", family="formant voice")
def crow(ctx: Ctx) -> np.ndarray:
    """A crow cawing: two to four harsh caws."""
    out = np.zeros(ctx.n(3.0))
    t = 0.0
    for _ in range(2 + round(ctx.lerp(0, 2, ctx.density))):
        c = _caw(ctx)
        s.add_at(out, c * ctx.u(0.8, 1.0), ctx.n(t))
        t += c.size / ctx.sr + ctx.u(0.2, 0.4)
    return out


@spot("Owl", family="harmonic tones")
def owl(ctx: Ctx) -> np.ndarray:
    """An owl hooting at night: hoo ... hoo-hoo-hoo ... hoooo, soft and low."""
    base = ctx.u(340.0, 420.0)
    out = np.zeros(ctx.n(3.6))
    notes = [(0.0, 0.45, 1.0), (0.85, 0.16, 0.95), (1.1, 0.16, 0.95), (1.35, 0.16, 0.9), (1.7, 0.9, 1.0)]
    for at, dur, ratio in notes:
        n = ctx.n(dur)
        t = np.arange(n) / ctx.sr
        f = base * ratio * _contour(n, [(0, 0.94), (0.2, 1.0), (1, 0.97)]) * (1 + 0.006 * np.sin(s.TWO_PI * 5 * t))
        ph = s.phase(f, ctx.sr)
        tone = np.sin(ph) + 0.12 * np.sin(2 * ph) + 0.04 * np.sin(3 * ph)
        tone += 0.04 * breath(ctx, dur, 300.0, 1200.0)
        s.add_at(out, tone * s.hann_env(n, 0.25) ** 1.2, ctx.n(at))
    return out


def _gull_cry(ctx: Ctx, long: bool) -> np.ndarray:
    dur = ctx.u(0.45, 0.6) if long else ctx.u(0.18, 0.28)
    n = ctx.n(dur)
    base = ctx.u(800.0, 1000.0)
    f0 = base * _contour(n, [(0, 0.8), (0.3, 1.45), (0.7, 1.3), (1, 0.95)])
    formants = [(2200.0, 900.0, 0.0), (3600.0, 1000.0, -4.0), (1200.0, 500.0, -6.0)]
    return s.voice(ctx.sr, _rough(ctx, f0, 0.012), formants, tilt_db_oct=-3.0, max_hz=10000.0) * s.hann_env(n, 0.3)


@spot("Gull, seagull", family="formant voice")
def gull(ctx: Ctx) -> np.ndarray:
    """Gulls crying: a long call then a laughing run of short ones, another gull further off."""
    out = np.zeros(ctx.n(3.6))
    t = 0.0
    for i in range(2 + round(ctx.lerp(2, 5, ctx.density))):
        c = _gull_cry(ctx, i == 0)
        s.add_at(out, c * (1.0 if i == 0 else ctx.u(0.6, 0.85)), ctx.n(t))
        t += c.size / ctx.sr + ctx.u(0.08, 0.16)
        if t > 3.0:
            break
    far = _gull_cry(ctx, True)
    s.add_at(out, 0.3 * s.sos_filter(far, ctx.sr, "lowpass", 2500.0, 2), ctx.n(ctx.u(1.0, 2.0)))
    return out


# --- insects and frogs ----------------------------------------------------------------------------------

def _buzz(ctx: Ctx, n: int, wingbeat_hz: float, circular: bool) -> np.ndarray:
    """A flying insect: a buzzing sawtooth whose pitch and loudness swing as it circles."""
    rng, sr = ctx.rng, ctx.sr
    path = s.slow_loop(rng, n, sr, 0.4)
    rate = wingbeat_hz * (1.0 + 0.04 * path + 0.01 * s.slow_loop(rng, n, sr, 6.0))
    cyc = s.periodic_rate(rate, n, sr) if circular else np.cumsum(rate) / sr
    saw = 2.0 * (cyc % 1.0) - 1.0
    body = s.filter_loop(saw, sr, lambda f: s.band_mag(f, 150.0, 4000.0, 1) * (0.4 + s.peak_mag(f, 1800.0, 1.5)))
    near = np.exp(0.45 * path)  # closer when the pitch is up (Doppler and loudness together)
    return body * near / np.mean(near)


@bed("Insect", family="buzzing wingbeats + pulsed carriers")
def insect(ctx: Ctx, loop_n: int, total_n: int) -> Bed:
    """Insects buzzing and whirring: flies circling close by over a shrill summer whirr."""
    rng, sr = ctx.rng, ctx.sr
    out = np.zeros(loop_n)
    flies = 1 + round(ctx.lerp(0, 3, ctx.density))
    for i in range(flies):
        comes = 0.6 + 0.5 * np.clip(0.6 * s.slow_loop(rng, loop_n, sr, 0.08) + 0.5, 0, 1.5)  # near, then off
        out += _buzz(ctx, loop_n, rng.uniform(170.0, 260.0), True) * comes * (1.0 if i == 0 else 0.6)
    cycles = s.periodic_rate(rng.uniform(90.0, 140.0), loop_n, sr)
    pulses = (0.5 + 0.5 * np.cos(s.TWO_PI * cycles)) ** 3
    whirr = s.noise_loop(rng, loop_n, sr, lambda f: s.peak_mag(f, rng.uniform(4500.0, 6500.0), 4.0))
    swell = np.exp(0.2 * s.slow_loop(rng, loop_n, sr, 0.1))
    return Bed(s.unit(out) + 0.8 * s.unit(whirr * pulses) * swell)


def _chirp(ctx: Ctx, carrier_hz: float, pulses: int, pulse_rate: float) -> np.ndarray:
    """One cricket chirp: a few short pure pulses of the carrier."""
    period = 1.0 / pulse_rate
    pulse_s = period * 0.6
    n = ctx.n(pulses * period)
    out = np.zeros(n)
    m = ctx.n(pulse_s)
    t = np.arange(m) / ctx.sr
    for k in range(pulses):
        f = carrier_hz * (1.0 - 0.02 * t / pulse_s)
        s.add_at(out, np.sin(s.phase(f, ctx.sr)) * np.hanning(m) ** 0.5, ctx.n(k * period))
    return out


def cricket_period(density: float) -> float:
    """Seconds between one cricket's chirps (a little faster at high density, as on a warmer night)."""
    return 0.62 - 0.22 * density


@bed("Cricket", family="pulsed carriers")
def cricket(ctx: Ctx, loop_n: int, total_n: int) -> Bed:
    """Crickets on a warm night: a near cricket chirping steadily, others further off, a tree-cricket trill."""
    rng, sr = ctx.rng, ctx.sr
    layers = []
    count = 2 + round(ctx.lerp(1, 6, ctx.density))
    for i in range(count):
        carrier = rng.uniform(4200.0, 5200.0)
        grain = _chirp(ctx, carrier, int(rng.integers(3, 5)), rng.uniform(25.0, 35.0))
        if i > 0:
            grain = s.sos_filter(grain, sr, "lowpass", 7000.0, 1)
        period = cricket_period(ctx.density) * rng.uniform(0.85, 1.2)
        onsets = s.regular_onsets(rng, total_n / sr, period, sr, 0.004, rng.uniform(0, period))
        gain = 1.0 if i == 0 else rng.uniform(0.15, 0.5)
        layers.append(Layer([grain], onsets, None, gain * s.db(rng.normal(0, 1, onsets.size))))
    cycles = s.periodic_rate(rng.uniform(45.0, 60.0), loop_n, sr)
    trill = np.sin(s.TWO_PI * s.periodic_rate(rng.uniform(2800.0, 3400.0), loop_n, sr))
    trill *= (0.5 + 0.5 * np.cos(s.TWO_PI * cycles)) ** 4 * np.exp(0.3 * s.slow_loop(rng, loop_n, sr, 0.1))
    night = s.noise_loop(rng, loop_n, sr, lambda f: s.band_mag(f, 100.0, 3000.0, 1))
    return Bed(0.06 * trill + 0.004 * night, layers)


def _ribbit(ctx: Ctx) -> np.ndarray:
    """A 'rib-bit': two croaks, each a burst of glottal pulses through a throat resonance."""
    out = np.zeros(ctx.n(0.3))
    rate = ctx.u(120.0, 220.0)
    f1, f2 = ctx.u(450.0, 700.0), ctx.u(1300.0, 1800.0)
    at = 0.0
    for dur in (ctx.u(0.05, 0.08), ctx.u(0.07, 0.11)):
        n = ctx.n(dur)
        train = np.zeros(n)
        train[(np.arange(0, dur, 1.0 / rate) * ctx.sr).astype(int)] = 1.0
        croak = s.resonators(train, ctx.sr, [f1, f2, 2 * f2], [0.015, 0.01, 0.006], [1.0, 0.6, 0.2])
        s.add_at(out, croak * s.hann_env(n, 0.3), ctx.n(at))
        at += dur + ctx.u(0.02, 0.04)
    return s.normalize_peak(out)


def _jug(ctx: Ctx) -> np.ndarray:
    """A bullfrog's low 'rumm': a throbbing low tone."""
    dur = ctx.u(0.45, 0.7)
    n = ctx.n(dur)
    f0 = ctx.u(90.0, 130.0)
    ph = s.phase(f0 * _contour(n, [(0, 0.95), (0.3, 1.0), (1, 0.92)]), ctx.sr)
    tone = s.partials(ph, [1.0, 0.8, 0.6, 0.35, 0.2, 0.1], f0, ctx.sr)
    tone = s.resonators(tone, ctx.sr, [ctx.u(220.0, 320.0), 900.0], [0.03, 0.01], [1.0, 0.3]) + 0.3 * tone
    throb = 0.6 + 0.4 * np.sin(s.TWO_PI * ctx.u(8.0, 12.0) * np.arange(n) / ctx.sr)
    return s.normalize_peak(tone * throb * s.hann_env(n, 0.2))


def _peep(ctx: Ctx) -> np.ndarray:
    """A spring peeper: a short rising whistle."""
    n = ctx.n(ctx.u(0.1, 0.16))
    f = ctx.u(2600.0, 3000.0) * _contour(n, [(0, 0.9), (1, 1.08)])
    return np.sin(s.phase(f, ctx.sr)) * s.hann_env(n, 0.6)


@bed("Frog", family="pulsed carriers + formant voice")
def frog(ctx: Ctx, loop_n: int, total_n: int) -> Bed:
    """Frogs croaking by water: ribbits, a bullfrog, peepers, over a faint night."""
    rng, sr = ctx.rng, ctx.sr
    layers = []
    count = 3 + round(ctx.lerp(0, 8, ctx.density))
    for i in range(count):
        kind = ("ribbit", "ribbit", "jug", "peep")[i % 4]
        maker = {"ribbit": _ribbit, "jug": _jug, "peep": _peep}[kind]
        bank = [maker(ctx) for _ in range(3)]
        period = {"ribbit": rng.uniform(0.7, 1.6), "jug": rng.uniform(1.8, 3.0), "peep": rng.uniform(0.5, 0.9)}[kind]
        onsets = s.regular_onsets(rng, total_n / sr, period, sr, 0.15 * period, rng.uniform(0, period))
        gain = (1.0 if i < 2 else rng.uniform(0.2, 0.6)) * {"ribbit": 1.0, "jug": 0.7, "peep": 0.2}[kind]
        layers.append(Layer(bank, onsets, rng.integers(0, 3, onsets.size), gain * s.db(rng.normal(0, 2, onsets.size))))
    night = s.noise_loop(rng, loop_n, sr, lambda f: s.band_mag(f, 80.0, 4000.0, 1) * s.tilt_mag(f, -3.0))
    chorus = np.zeros(loop_n)  # the pond beyond: many frogs far off, blurred together
    far = [_ribbit(ctx) for _ in range(6)] + [_peep(ctx) for _ in range(2)]
    for pos in s.poisson_onsets(rng, loop_n / sr, ctx.lerp(8.0, 25.0, ctx.density), sr).tolist():
        s.add_circular(chorus, far[int(rng.integers(len(far)))] * rng.uniform(0.2, 1.0), pos)
    m = ctx.n(0.3)
    tail = rng.standard_normal(m) * s.exp_env(m, sr, 0.3)
    chorus = s.filter_loop(s.convolve_loop(chorus, tail), sr, lambda f: s.lowpass_mag(f, 2500.0, 1))
    return Bed(0.03 * night + 0.3 * s.unit(chorus), layers)


__all__ += [
    "bark",
    "bird",
    "birdsong",
    "cat",
    "clip_clop",
    "clip_clop_interval",
    "cricket",
    "cricket_period",
    "crow",
    "dog",
    "frog",
    "gull",
    "horse",
    "howl",
    "insect",
    "meow",
    "owl",
]
