"""The bridge: a planned event becomes what a decoder is conditioned on.

Two parts, as in AudioStory: a semantic part, the MiniLM embedding of the event's description (what
the text says the sound is), and a residual part, the `Texture` (intensity, distance, density,
brightness, continuity), read from the words around the sound and from the scene's emotion. So "rain"
in "a storm lashed the ship" and in "a light rain fell on the square" are the same label with
different textures, and a bed that carries on after a short interruption continues its previous clip
(same seed, no fade-in) instead of starting a new one.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Sequence

import numpy as np

from models.ambience.events import Conditioning, Event, Texture, catalogue

__all__ = ["Bridge", "texture_for"]

# Words near a sound that say how it sounds, with the texture they move and where to.
_CUES: tuple[tuple[str, str, float], ...] = (
    (r"\b(distant|far[- ]off|far away|in the distance|faint(ly)?|muffled|somewhere|beyond|across the)\b", "distance", 0.85),
    (r"\b(close by|nearby|beside|right behind|next to|at (his|her|my|our|their) (feet|ear|elbow)|just outside)\b", "distance", 0.1),
    (r"\b(heavy|heavily|pouring|downpour|torrent(ial)?|lashing|driving|pounding|roar(ed|ing)?|deafening|violent(ly)?|furious(ly)?|great|huge|storm)\b", "intensity", 0.85),
    (r"\b(light|lightly|gentle|gently|soft(ly)?|quiet(ly)?|drizzl\w*|slight|little|low|faint(ly)?)\b", "intensity", 0.25),
    (r"\b(crowds?|many|hundreds|thousands|throng\w*|swarm\w*|countless|dense|thick)\b", "density", 0.85),
    (r"\b(lone|single|solitary|one|sparse|scattered|few|occasional)\b", "density", 0.2),
    (r"\b(sharp|shrill|bright|high|piercing|tinkl\w*|crisp|clear)\b", "brightness", 0.8),
    (r"\b(dull|deep|low|hollow|rumbl\w*|muffled|heavy|thick)\b", "brightness", 0.25),
)
_COMPILED = tuple((re.compile(p, re.IGNORECASE), field, value) for p, field, value in _CUES)
_EMOTION_TEXTURE = {  # darker and closer under tension and fear, brighter in joy
    "tension": {"brightness": -0.1, "distance": -0.05},
    "fear": {"brightness": -0.15, "distance": -0.1},
    "sorrow": {"brightness": -0.1, "intensity": -0.05},
    "joy": {"brightness": 0.1},
    "calm": {"intensity": -0.05, "distance": 0.05},
}
# A bed that stops and starts again within this many sentences continues its previous clip.
CONTINUITY_SENTENCES = 3


def _clamp(x: float) -> float:
    return min(1.0, max(0.0, x))


def texture_for(event: Event, sentence: str, *, seed: int, continuity: float = 0.0) -> Texture:
    """The residual part: defaults from the event, moved by the words of its sentence and the emotion."""
    values = {"intensity": event.intensity, "distance": 0.3, "density": 0.5, "brightness": 0.5}
    for pattern, field, value in _COMPILED:
        if pattern.search(sentence):
            # Average with what is there: the words move the texture, the plan's intensity still counts.
            values[field] = (values[field] + value) / 2 if field == "intensity" else value
    for field, shift in _EMOTION_TEXTURE.get(event.emotion, {}).items():
        values[field] += shift
    return Texture(**{k: round(_clamp(v), 3) for k, v in values.items()}, continuity=continuity, seed=seed)


class Bridge:
    """Turns events into decoder conditioning; `embed` maps texts to L2-normalised vectors (MiniLM)."""

    def __init__(self, embed: Callable[[list[str]], np.ndarray] | None = None, *, key: str = "") -> None:
        if embed is None:
            from models.ambience.embed import Embedder

            embed = Embedder.bundled().embed
        self.embed = embed
        self.key = key  # varies the seeds from book to book and chapter to chapter

    def prompt(self, event: Event) -> str:
        known = catalogue().get(event.label)
        base = known.description if known else event.label
        return f"{event.label}: {event.description}" if event.description else f"{event.label}: {base}"

    def condition(self, events: Sequence[Event], sentences: Sequence[str]) -> list[Conditioning]:
        """Conditioning for each event, in order; beds of one label that resume soon continue their clip."""
        if not events:
            return []
        prompts = [self.prompt(e) for e in events]
        vectors = self.embed(prompts)
        last_bed: dict[str, tuple[int, int]] = {}  # label -> (end sentence, seed)
        out: list[Conditioning] = []
        for event, prompt, vector in zip(events, prompts, vectors):
            seed = zlib.crc32(f"{self.key}|{event.label}|{event.sentence}".encode())
            continuity = 0.0
            if event.kind == "bed":
                previous = last_bed.get(event.label)
                if previous is not None and event.sentence - previous[0] <= CONTINUITY_SENTENCES:
                    continuity, seed = 1.0, previous[1]
                end = event.end_sentence if event.end_sentence is not None else event.sentence
                last_bed[event.label] = (end, seed)
            sentence = sentences[event.sentence] if 0 <= event.sentence < len(sentences) else ""
            texture = texture_for(event, sentence, seed=seed, continuity=continuity)
            out.append(Conditioning(label=event.label, prompt=prompt, embedding=np.asarray(vector, dtype=np.float32),
                                    texture=texture, kind=event.kind))
        return out
