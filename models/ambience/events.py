"""The ambience pipeline's shared vocabulary: catalogue classes, planned events, decoder conditioning.

planner (sentences -> `Event`s) -> bridge (`Event` -> `Conditioning`) -> decoder (`Conditioning` -> audio).
Each stage is a small protocol, so the embedded defaults and the model-backed variants are swappable.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Protocol, runtime_checkable

import numpy as np

__all__ = [
    "CatalogueClass", "Conditioning", "Decoder", "EMOTIONS", "Event", "KINDS", "Planner", "Texture",
    "catalogue", "MAX_EVENTS_PER_SENTENCE",
]

KINDS = ("bed", "spot")
EMOTIONS = ("calm", "tension", "joy", "sorrow", "fear", "anger", "wonder", "neutral")
MAX_EVENTS_PER_SENTENCE = 3


@dataclass(frozen=True)
class CatalogueClass:
    """An AudioSet class taleforge can plan and render: display name, id, default kind, our description."""

    name: str
    id: str
    kind: str
    group: str
    parents: tuple[str, ...]
    description: str


@lru_cache(maxsize=1)
def catalogue() -> dict[str, CatalogueClass]:
    """The supported classes by display name (the planner emits only these; every decoder renders them)."""
    data = json.loads(resources.files("models.ambience").joinpath("catalogue.json").read_text(encoding="utf-8"))
    return {c["name"]: CatalogueClass(c["name"], c["id"], c["kind"], c["group"], tuple(c["parents"]),
                                      c["description"]) for c in data["classes"]}


@dataclass(frozen=True)
class Event:
    """One planned sound: what, where in the text, how.

    `sentence` is the index of the sentence that motivates it; a bed lasts until `end_sentence`
    (inclusive; the scene's last sentence), a spot sits on its sentence. `cue` is the word in the
    sentence the sound belongs to, when there is one, so the mixer can put it on that word.
    """

    label: str
    sentence: int
    kind: str = "spot"
    intensity: float = 0.5
    emotion: str = "neutral"
    end_sentence: int | None = None
    cue: str | None = None
    description: str = ""  # what the text says of the sound ("rain drumming on tin roofs")
    confidence: float = 1.0

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"label": self.label, "sentence": self.sentence, "kind": self.kind,
                                   "intensity": round(self.intensity, 3), "emotion": self.emotion}
        if self.kind == "bed":
            data["end_sentence"] = self.end_sentence if self.end_sentence is not None else self.sentence
        if self.cue:
            data["cue"] = self.cue
        if self.description:
            data["description"] = self.description
        return data


@runtime_checkable
class Planner(Protocol):
    """Sentences of a chapter in, ordered events out."""

    def plan(self, sentences: list[str]) -> list[Event]: ...


@dataclass(frozen=True)
class Texture:
    """The residual part of the conditioning: how this occurrence of a label sounds."""

    intensity: float = 0.5  # 0 faint .. 1 overwhelming
    distance: float = 0.3  # 0 close .. 1 far (darker, more diffuse)
    density: float = 0.5  # 0 sparse .. 1 dense (drops, steps, voices per second)
    brightness: float = 0.5  # 0 dull .. 1 bright (spectral tilt)
    continuity: float = 0.0  # 0 a new sound .. 1 continues the previous clip of the same bed
    seed: int = 0  # deterministic variation


@dataclass(frozen=True)
class Conditioning:
    """What a decoder is given: the label, a text prompt, the semantic embedding and the texture."""

    label: str
    prompt: str
    embedding: np.ndarray = field(repr=False, compare=False)
    texture: Texture = Texture()
    kind: str = "spot"


@runtime_checkable
class Decoder(Protocol):
    """Conditioning in, mono float32 audio at `sample_rate` of the length asked out."""

    sample_rate: int

    def render(self, conditioning: Conditioning, duration_s: float) -> np.ndarray: ...
