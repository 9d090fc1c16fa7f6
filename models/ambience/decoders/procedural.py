"""The embedded default decoder: procedural sound synthesis (numpy/scipy) for every catalogue class.

`ProceduralDecoder(sample_rate).render(conditioning, duration_s)` looks the label up (a catalogue class,
else the nearest covered AudioSet ancestor from the shipped `fallbacks.json`, else ``ValueError``), runs
that class's recipe (`recipes/`) and shapes the result by the texture. The embedding is not used.

Output: float32 mono, exactly ``round(duration_s * sample_rate)`` samples, finite, sample peak <= 0.9.

Level convention (the mixer sets the final gain; these put every class on one scale):
- bed: RMS over the clip (before its fade-in) = ``-24 dBFS + 20 * (intensity - 0.5) - 12 * (distance - 0.3)``,
  so -24 dBFS at the defaults; a bed of sharp transients (a clock's ticks, fire crackle, leaf crinkles) is
  measured by ``peak - 20 dB`` instead when that is higher, so it peaks near -4 dBFS with a lower RMS
  (clock about -37, fire and leaves about -26 to -27 dBFS) rather than being squashed by the limiter;
- spot: ``max(RMS of the loudest 400 ms, peak - 12 dB)`` of the dry sound = ``-18 dBFS + 20 * (intensity
  - 0.5)`` plus the class trim, then distance dulls it, adds its room and turns it down by
  ``12 * (distance - 0.3)`` dB. The peak term keeps sharp sounds (knocks, shots, drops) out of the
  limiter: at the defaults they peak near -6 dBFS with a lower RMS.
- peaks over 0.9 are caught by a look-ahead limiter (at most 4 dB of gain reduction; a clip that would
  need more is turned down instead), so the loudest textures compress a little at the top.

Texture: intensity also drives each recipe's activity (drizzle vs downpour, a tap vs pounding); distance
low-passes (air absorption, -3 dB at ``20 kHz * 0.06 ** distance``), adds reverberation (the recipe's
space, wetter with distance, level-neutral) and lowers the level; density sets events per second in
granular sounds (drops, steps, voices, crackles, claps); brightness tilts the spectrum (+-3 dB/octave
about 1 kHz) and opens some recipes' own filters. Values outside 0..1 are clamped.

Time: a spot sounds from near sample 0 and its tail decays to exact zero, mostly within 4 s; the rest of
the requested length is silence. A request shorter than the sound fades it out over the last quarter of
the clip (at most 0.75 s), so the clip still ends in silence. A bed fills the whole length evenly: a
continuous part that is an exactly periodic loop of up to ``max_loop_s`` (a clip no longer than a loop
gets a little more, crossfaded into its start), plus events scattered over the whole length and wrapped
at its end, so a one-loop clip can itself be looped without a seam and a ten-minute bed costs one loop
and cheap additions (its events never repeat in lockstep). With ``continuity == 0`` a bed fades in over
1 s; with ``continuity > 0`` it starts at full level (it continues the previous clip). A spot class asked
for as a bed repeats the spot with gaps; a bed class asked for as a spot is 3 s of the bed with a swell
and a 1 s release.

Deterministic: the generator is ``default_rng((seed ^ crc32(label)) mod 2**64)``.
"""

from __future__ import annotations

import json
import logging
import math
import zlib
from dataclasses import replace
from functools import lru_cache
from importlib import resources

import numpy as np
from scipy import signal
from scipy.ndimage import minimum_filter1d, uniform_filter1d

from models.ambience.decoders import synth
from models.ambience.decoders.recipes import RECIPES
from models.ambience.decoders.recipes.base import Bed, Ctx, Layer, Recipe, Space
from models.ambience.events import KINDS, Conditioning, Texture, catalogue

__all__ = [
    "BED_LEVEL_DB",
    "PEAK",
    "SPOT_LEVEL_DB",
    "ProceduralDecoder",
    "fallbacks",
    "level_db",
    "resolve_label",
]

logger = logging.getLogger(__name__)

BED_LEVEL_DB = -24.0
SPOT_LEVEL_DB = -18.0
PEAK = 0.9
MAX_LIMIT_DB = 4.0  # most peak reduction the limiter may do before the clip is turned down instead
SPOT_CREST_DB = 12.0  # a spot is measured by max(loudest 400 ms RMS, peak - this)
BED_CREST_DB = 20.0  # a bed by max(RMS, peak - this): only sparse ticking beds reach the peak term
INTENSITY_DB = 20.0  # level change from intensity 0 to 1
DISTANCE_DB = 12.0  # level drop from distance 0 to 1
BED_FADE_IN_S = 1.0
CUT_FADE_S = 0.75  # a spot longer than the clip asked for decays to silence over this (or a quarter of it)
LOOP_XFADE_S = 0.5  # a bed no longer than one loop folds this much of its loop's overrun into its start
SPOT_WINDOW_S = 0.4
REFERENCE_DISTANCE = 0.3  # the distance at which the level convention holds exactly
TILT_DB_PER_OCTAVE = 3.0  # at brightness 0 or 1
_BED_AS_SPOT_S = 3.0


def level_db(kind: str, texture: Texture) -> float:
    """The level convention: target dBFS for a clip of ``kind`` with this texture (before class trims)."""
    base = BED_LEVEL_DB if kind == "bed" else SPOT_LEVEL_DB
    return (base + INTENSITY_DB * (_unit(texture.intensity) - 0.5)
            - DISTANCE_DB * (_unit(texture.distance) - REFERENCE_DISTANCE))


@lru_cache(maxsize=1)
def fallbacks() -> dict[str, str]:
    """Uncovered AudioSet display names -> the covered catalogue class that renders them."""
    text = resources.files("models.ambience.decoders").joinpath("fallbacks.json").read_text(encoding="utf-8")
    return dict(json.loads(text)["fallbacks"])


@lru_cache(maxsize=1)
def _folded() -> dict[str, str]:
    table = {name.casefold(): target for name, target in fallbacks().items()}
    table.update({name.casefold(): name for name in catalogue()})
    return table


def resolve_label(label: str) -> str:
    """The catalogue class whose recipe renders ``label``: itself, or what `fallbacks` maps it to (its
    nearest covered AudioSet ancestor, or a class that sounds alike).

    Matching ignores case and surrounding spaces; an unknown label raises ``ValueError``.
    """
    if label in RECIPES:
        return label
    name = _folded().get(str(label).strip().casefold())
    if name is None or name not in RECIPES:
        raise ValueError(f"no recipe for {label!r}")
    return name


def _unit(value: float) -> float:
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"texture values must be finite, got {value}")
    return min(max(value, 0.0), 1.0)


def _seed(label: str, seed: int) -> int:
    return (int(seed) ^ zlib.crc32(label.encode("utf-8"))) % (1 << 64)


class ProceduralDecoder:
    """Procedural synthesis of every catalogue class; satisfies `models.ambience.events.Decoder`."""

    def __init__(self, sample_rate: int = 44100, max_loop_s: float = 30.0) -> None:
        if int(sample_rate) != sample_rate or not 8000 <= sample_rate <= 192000:
            raise ValueError(f"sample_rate must be an integer in 8000..192000 Hz, got {sample_rate}")
        if not 2.0 <= max_loop_s <= 600.0:
            raise ValueError(f"max_loop_s must be within 2..600 s, got {max_loop_s}")
        self.sample_rate = int(sample_rate)
        self.max_loop_s = float(max_loop_s)

    def render(self, conditioning: Conditioning, duration_s: float) -> np.ndarray:
        """Audio for ``conditioning``: float32 mono, ``round(duration_s * sample_rate)`` samples."""
        if not math.isfinite(duration_s) or duration_s < 0:
            raise ValueError(f"duration_s must be a finite number >= 0, got {duration_s}")
        name = resolve_label(conditioning.label)
        recipe = RECIPES[name]
        n = round(duration_s * self.sample_rate)
        if n == 0:
            return np.zeros(0, dtype=np.float32)
        t = conditioning.texture
        ctx = Ctx(self.sample_rate, np.random.default_rng(_seed(conditioning.label, t.seed)), _unit(t.intensity),
                  _unit(t.distance), _unit(t.density), _unit(t.brightness))
        kind = conditioning.kind if conditioning.kind in KINDS else recipe.kind
        if kind == "bed":
            if recipe.kind == "bed":
                out = self._bed(recipe, ctx, n)
            else:
                out = self._spot_as_bed(recipe, ctx, n)
            out = self._level(out, level_db("bed", t) + recipe.trim_db, window_s=None)
            if _unit(t.continuity) == 0.0:
                synth.fade(out, self.sample_rate, in_s=min(BED_FADE_IN_S, 0.5 * n / self.sample_rate))
            return out.astype(np.float32, copy=False)
        dry = np.asarray(recipe.render(ctx) if recipe.kind == "spot" else self._bed_as_spot(recipe, ctx),
                         dtype=np.float64)
        # The source is set to its level as heard at the reference distance; distance then dulls it, adds
        # the room and turns it down, so a far knock is quieter than a near one however sharp it is.
        source_db = level_db("spot", replace(t, distance=REFERENCE_DISTANCE)) + recipe.trim_db
        dry *= self._gain(dry, source_db, SPOT_WINDOW_S)
        wet = self._finish_spot(dry, ctx, recipe.space)
        wet *= 10.0 ** (-DISTANCE_DB * (ctx.distance - REFERENCE_DISTANCE) / 20.0)
        wet = self._limit(wet.astype(np.float32))
        out = np.zeros(n, dtype=np.float32)
        m = min(n, wet.size)
        out[:m] = wet[:m]
        if wet.size > n:
            synth.fade(out, self.sample_rate, out_s=min(CUT_FADE_S, 0.25 * n / self.sample_rate))
        return out

    # --- spots ---------------------------------------------------------------------------------------

    def _finish_spot(self, x: np.ndarray, ctx: Ctx, space: Space) -> np.ndarray:
        """Tone (tilt, air absorption), reverberation, and a tail cut to exact silence."""
        x = _tone(x, ctx, pad=True)
        x = _reverb(x, ctx, space)
        peak = float(np.max(np.abs(x))) if x.size else 0.0
        if peak <= 0 or not np.isfinite(peak):
            return np.zeros(0)
        loud = np.flatnonzero(np.abs(x) > peak * 1e-3)  # -60 dB below the peak
        end = min(x.size, int(loud[-1]) + 1 + int(0.05 * ctx.sr))
        x = x[:end]
        tail = min(x.size // 3, int(0.25 * ctx.sr))
        synth.fade(x, ctx.sr, out_s=tail / ctx.sr)
        return x

    def _bed_as_spot(self, recipe: Recipe, ctx: Ctx) -> np.ndarray:
        n = ctx.n(_BED_AS_SPOT_S)
        x = _assemble(recipe, ctx, synth.fast_len(n), n, shape=False)
        env = np.ones(n)
        synth.fade(env, ctx.sr, in_s=0.3, out_s=1.0)
        return x * env

    # --- beds ----------------------------------------------------------------------------------------

    def _bed(self, recipe: Recipe, ctx: Ctx, n: int) -> np.ndarray:
        longest = ctx.n(self.max_loop_s)
        # A loop is made a fast FFT length; a clip shorter than a loop gets a little more, which is
        # crossfaded into its start so the clip itself loops without a seam.
        loop_n = synth.fast_len(longest) if n > longest else synth.fast_len(n + min(ctx.n(LOOP_XFADE_S), n // 4))
        return _assemble(recipe, ctx, loop_n, n, shape=True)

    def _spot_as_bed(self, recipe: Recipe, ctx: Ctx, n: int) -> np.ndarray:
        variants = [self._finish_spot(np.asarray(recipe.render(ctx.child()), dtype=np.float64), ctx, recipe.space)
                    for _ in range(3)]
        variants = [v for v in variants if v.size]
        out = np.zeros(n, dtype=np.float32)
        if not variants:
            return out
        gap_s = ctx.lerp(6.0, 1.0, ctx.density)
        pos = 0
        while pos < n:
            v = variants[int(ctx.rng.integers(len(variants)))]
            synth.add_circular(out, v, pos, float(synth.db(ctx.rng.normal(0.0, 2.0))))
            pos += v.size + ctx.n(gap_s * ctx.u(0.5, 1.5))
        return out

    # --- level -----------------------------------------------------------------------------------------

    def _level(self, x: np.ndarray, target_db: float, window_s: float | None) -> np.ndarray:
        """Scale to the target level (see `_gain`), then limit (see `_limit`); float32."""
        y = x.astype(np.float32, copy=False)
        y *= np.float32(self._gain(x, target_db, window_s))
        return self._limit(y)

    def _gain(self, x: np.ndarray, target_db: float, window_s: float | None) -> float:
        """The gain that brings ``x`` to ``target_db``: measured as max(RMS, peak - `BED_CREST_DB`) over the
        whole clip (``window_s`` None) or as max(loudest-window RMS, peak - `SPOT_CREST_DB`), so a sharp
        sound is not squashed."""
        peak = _max_abs(x)
        if window_s is None:
            measured = max(_rms(x), peak * 10.0 ** (-BED_CREST_DB / 20.0))
        else:
            measured = max(_loudest_window_rms(x, self.sample_rate, window_s), peak * 10.0 ** (-SPOT_CREST_DB / 20.0))
        if measured <= 0 or not math.isfinite(measured) or not math.isfinite(peak):
            return 0.0
        return 10.0 ** (target_db / 20.0) / measured

    def _limit(self, y: np.ndarray) -> np.ndarray:
        """Peaks over `PEAK`: limited by up to `MAX_LIMIT_DB`; a clip spikier than that is turned down first."""
        peak = _max_abs(y)
        if not math.isfinite(peak):
            return np.zeros(y.size, dtype=np.float32)
        ceiling = PEAK * 10.0 ** (MAX_LIMIT_DB / 20.0)
        if peak > ceiling:
            y *= np.float32(ceiling / peak)
        return _peak_limit(y, self.sample_rate, PEAK)


def _max_abs(x: np.ndarray, block: int = 1 << 20) -> float:
    """Sample peak of a long array, a block at a time."""
    return max((float(np.max(np.abs(x[i:i + block]))) for i in range(0, x.size, block)), default=0.0)


def _rms(x: np.ndarray, block: int = 1 << 20) -> float:
    """RMS of a long array, a block at a time (no float64 copy of a ten-minute bed)."""
    if x.size == 0:
        return 0.0
    total = sum(float(np.dot(b, b)) for b in (x[i:i + block].astype(np.float64) for i in range(0, x.size, block)))
    return math.sqrt(total / x.size)


def _loudest_window_rms(x: np.ndarray, sr: int, window_s: float) -> float:
    w = max(1, min(x.size, int(window_s * sr)))
    sq = np.concatenate([[0.0], np.cumsum(np.square(x, dtype=np.float64))])
    return math.sqrt(max(0.0, float(np.max(sq[w:] - sq[:-w])) / w))


def _peak_limit(x: np.ndarray, sr: int, ceiling: float) -> np.ndarray:
    """A look-ahead peak limiter: the gain each peak needs, held over 3 ms either side and smoothed, so
    the gain dips around a peak (no clipping) and recovers within a few milliseconds."""
    block = 1 << 20
    over = np.concatenate([np.flatnonzero(np.abs(x[i:i + block]) > ceiling) + i for i in range(0, x.size, block)]
                          or [np.zeros(0, dtype=np.int64)])
    if over.size == 0:
        return x
    hold = max(1, int(0.003 * sr))
    # Work only around the peaks, in stretches separated by more than a few holds.
    breaks = np.flatnonzero(np.diff(over) > 8 * hold)
    for first, last in zip(np.concatenate([[0], breaks + 1]), np.concatenate([breaks, [over.size - 1]])):
        lo, hi = max(0, int(over[first]) - 4 * hold), min(x.size, int(over[last]) + 4 * hold + 1)
        seg = x[lo:hi]
        need = np.minimum(1.0, ceiling / np.maximum(np.abs(seg), 1e-12)).astype(np.float32)
        seg *= uniform_filter1d(minimum_filter1d(need, size=2 * hold + 1), size=hold)
    np.clip(x, -ceiling, ceiling, out=x)
    return x


def _tone_mag(f: np.ndarray, ctx: Ctx) -> np.ndarray:
    tilt = synth.tilt_mag(f, TILT_DB_PER_OCTAVE * (2.0 * ctx.brightness - 1.0))
    cutoff = 20000.0 * 0.06 ** ctx.distance
    return tilt * synth.lowpass_mag(f, cutoff, order=2)


def _tone(x: np.ndarray, ctx: Ctx, pad: bool) -> np.ndarray:
    """Brightness tilt and distance low-pass, zero-phase in the FFT domain (padded unless a loop)."""
    if x.size == 0:
        return x
    if not pad:
        return synth.filter_loop(x, ctx.sr, lambda f: _tone_mag(f, ctx))
    lead = int(0.005 * ctx.sr)
    size = 1 << math.ceil(math.log2(x.size + lead + int(0.05 * ctx.sr)))
    buf = np.zeros(size)
    buf[lead:lead + x.size] = x
    y = synth.filter_loop(buf, ctx.sr, lambda f: _tone_mag(f, ctx))
    return y[:lead + x.size + int(0.03 * ctx.sr)]


def _impulse_response(ctx: Ctx, space: Space) -> np.ndarray:
    """Exponentially decaying noise, highs dying twice as fast as lows, unit gain in the low mids."""
    rt60 = space.rt60_s * (1.0 + 0.5 * ctx.distance)
    n = ctx.n(rt60)
    rng = np.random.default_rng(zlib.crc32(f"{space}".encode()))  # the room is the same for every event
    # Independent noise for the two bands: filtered copies of one noise would cancel at the crossover
    # and, as the highs die faster, leave a notch sweeping up through the tail.
    lows = synth.sos_filter(rng.standard_normal(n), ctx.sr, "lowpass", 1800.0, 2) * synth.exp_env(n, ctx.sr, rt60)
    highs = synth.sos_filter(rng.standard_normal(n), ctx.sr, "highpass", 1800.0, 2) * synth.exp_env(
        n, ctx.sr, 0.5 * rt60)
    ir = lows + 0.6 * highs
    ir[: int(0.004 * ctx.sr)] = 0.0  # a few ms before the first reflections
    synth.fade(ir, ctx.sr, in_s=0.012)
    # Unit gain where most of our sounds live (100 Hz - 1.5 kHz, where the tail is longest), so the wet
    # path carries about as much energy as the dry one; the highs die sooner and carry less.
    f = synth.freqs(ir.size, ctx.sr)
    response = np.abs(np.fft.rfft(ir)) ** 2
    return ir / math.sqrt(float(np.mean(response[(f > 100.0) & (f < 1500.0)])))


def _wet_ratio(ctx: Ctx, space: Space) -> float:
    return space.wet + 1.2 * ctx.distance ** 2 if space.rt60_s > 0 else 0.0


def _reverb(x: np.ndarray, ctx: Ctx, space: Space, ir: np.ndarray | None = None) -> np.ndarray:
    ratio = _wet_ratio(ctx, space)
    if ratio <= 0 or x.size == 0:
        return x
    ir = _impulse_response(ctx, space) if ir is None else ir
    wet = signal.fftconvolve(x, ir)
    dry = np.zeros(wet.size)
    dry[:x.size] = x
    # The impulse response has unit energy, so the mix carries about (1 + ratio) times the dry energy:
    # divide that out, so the room changes the balance but not the level (distance sets the level).
    return (dry + math.sqrt(ratio) * wet) / math.sqrt(1.0 + ratio)


def _assemble(recipe: Recipe, ctx: Ctx, loop_n: int, n: int, shape: bool) -> np.ndarray:
    """A bed: its loop tiled to ``n`` samples plus its layers scattered (wrapping) over them; with
    ``shape`` the texture's tone and the recipe's reverberation are applied (else the caller does)."""
    result = recipe.render(ctx, loop_n, n)
    if not isinstance(result, Bed):
        raise TypeError(f"bed recipe {recipe.name!r} returned {type(result).__name__}, not Bed")
    loop = np.asarray(result.loop, dtype=np.float64)
    if loop.size != loop_n:
        raise ValueError(f"bed recipe {recipe.name!r} returned a loop of {loop.size} samples, not {loop_n}")
    if shape:
        loop = _tone(loop, ctx, pad=False)
    out = np.empty(n, dtype=np.float32)
    for start in range(0, n, loop.size):
        out[start:start + loop.size] = loop[: n - start]
    overrun = loop.size - n
    if overrun > 1:  # a one-loop clip: what follows its end is blended into its start (equal power)
        ramp = np.sin(0.5 * np.pi * (np.arange(overrun) + 0.5) / overrun)
        out[:overrun] = loop[:overrun] * ramp + loop[n:] * np.sqrt(1.0 - ramp ** 2)
    ir = _impulse_response(ctx, recipe.space) if shape and _wet_ratio(ctx, recipe.space) > 0 else None
    for layer in result.layers:
        _scatter(out, layer, ctx, recipe.space, ir, shape)
    return out


def _scatter(out: np.ndarray, layer: Layer, ctx: Ctx, space: Space, ir: np.ndarray | None, tone: bool) -> None:
    if not layer.grains or layer.onsets.size == 0:
        return
    grains = []
    for g in layer.grains:
        g = np.asarray(g, dtype=np.float64)
        if tone:
            g = _tone(g, ctx, pad=True)
        if layer.reverb and ir is not None:
            g = _reverb(g, ctx, space, ir)
        grains.append(g.astype(np.float32))
    which = layer.which if layer.which is not None else np.zeros(layer.onsets.size, dtype=np.int64)
    gains = layer.gains if layer.gains is not None else np.ones(layer.onsets.size)
    for pos, k, g in zip(layer.onsets.tolist(), which.tolist(), gains.tolist()):
        synth.add_circular(out, grains[k], pos, g)
