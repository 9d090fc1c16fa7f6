"""What a procedural recipe is: its inputs (`Ctx`), its outputs (a spot array or a `Bed`) and the registry.

A spot recipe returns the dry sound (float64, any scale) starting at sample 0, at most a few seconds
long. A bed recipe returns a `Bed`: one period of a seamless loop (the continuous part) plus layers of
short grains scattered over the whole requested length (the eventful part: calls, drops, ticks), so a
ten-minute bed costs one loop plus cheap additions and never repeats its events in lockstep.
Level, distance, brightness, reverberation and fades are applied afterwards by the decoder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "DRY",
    "HALL",
    "OUTDOOR",
    "RECIPES",
    "ROOM",
    "STREET",
    "Bed",
    "Ctx",
    "Layer",
    "Recipe",
    "Space",
    "bed",
    "spot",
]


@dataclass(frozen=True)
class Space:
    """The reverberation a recipe's sound lives in: decay time and the wet/dry energy ratio up close."""

    rt60_s: float
    wet: float


DRY = Space(0.0, 0.0)
ROOM = Space(0.45, 0.12)
HALL = Space(2.4, 0.35)
OUTDOOR = Space(1.1, 0.04)
STREET = Space(0.9, 0.08)


@dataclass(frozen=True)
class Ctx:
    """A recipe's inputs: sample rate, random generator and the texture (each 0..1)."""

    sr: int
    rng: np.random.Generator
    intensity: float = 0.5
    distance: float = 0.3
    density: float = 0.5
    brightness: float = 0.5

    def n(self, seconds: float) -> int:
        """Samples in ``seconds`` (at least 1)."""
        return max(1, round(seconds * self.sr))

    def child(self) -> Ctx:
        """The same texture with an independent generator drawn from this one."""
        return Ctx(self.sr, np.random.default_rng(int(self.rng.integers(1 << 62))), self.intensity,
                   self.distance, self.density, self.brightness)

    def u(self, lo: float, hi: float) -> float:
        """A uniform draw."""
        return float(self.rng.uniform(lo, hi))

    def lerp(self, lo: float, hi: float, amount: float) -> float:
        """``lo`` at amount 0, ``hi`` at amount 1."""
        return lo + (hi - lo) * amount


@dataclass
class Layer:
    """Grains placed at sample ``onsets`` (wrapping past the end) with per-onset grain index and gain."""

    grains: list[np.ndarray]
    onsets: np.ndarray
    which: np.ndarray | None = None
    gains: np.ndarray | None = None
    reverb: bool = True


@dataclass
class Bed:
    """One period of the continuous part (tiled over the output) and the scattered layers."""

    loop: np.ndarray
    layers: list[Layer] = field(default_factory=list)


@dataclass(frozen=True)
class Recipe:
    """A catalogue class's renderer: ``render(ctx)`` for a spot, ``render(ctx, loop_n, total_n)`` for a bed."""

    name: str
    kind: str
    render: Callable[..., np.ndarray | Bed]
    space: Space
    trim_db: float = 0.0  # level correction for the class's character (applied after normalisation)
    family: str = ""


RECIPES: dict[str, Recipe] = {}


def _register(kind: str, names: tuple[str, ...], space: Space, trim_db: float, family: str
              ) -> Callable[[Callable[..., np.ndarray | Bed]], Callable[..., np.ndarray | Bed]]:
    def decorate(fn: Callable[..., np.ndarray | Bed]) -> Callable[..., np.ndarray | Bed]:
        for name in names:
            if name in RECIPES:
                raise ValueError(f"recipe for {name!r} registered twice")
            RECIPES[name] = Recipe(name, kind, fn, space, trim_db, family)
        return fn
    return decorate


def spot(*names: str, space: Space = OUTDOOR, trim_db: float = 0.0, family: str = ""
         ) -> Callable[[Callable[..., np.ndarray | Bed]], Callable[..., np.ndarray | Bed]]:
    """Register a spot recipe for one or more catalogue names."""
    return _register("spot", names, space, trim_db, family)


def bed(*names: str, space: Space = OUTDOOR, trim_db: float = 0.0, family: str = ""
        ) -> Callable[[Callable[..., np.ndarray | Bed]], Callable[..., np.ndarray | Bed]]:
    """Register a bed recipe for one or more catalogue names."""
    return _register("bed", names, space, trim_db, family)
