"""The bridge: the same label conditioned differently by its words, and beds that continue their clip."""

from __future__ import annotations

import numpy as np

from models.ambience.bridge import Bridge, texture_for
from models.ambience.events import Event


def _embed(texts: list[str]) -> np.ndarray:
    rng = np.random.default_rng(len(texts))
    v = rng.standard_normal((len(texts), 8)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_words_around_a_sound_shape_its_texture() -> None:
    storm = texture_for(Event("Rain", 0, "bed", 0.5), "Heavy rain lashed the deck all night.", seed=1)
    drizzle = texture_for(Event("Rain", 0, "bed", 0.5), "A light drizzle fell, faint and far off.", seed=1)
    assert storm.intensity > 0.6 > drizzle.intensity
    assert drizzle.distance > storm.distance
    tense = texture_for(Event("Wind", 0, "bed", 0.5, emotion="fear"), "The wind rose.", seed=1)
    calm = texture_for(Event("Wind", 0, "bed", 0.5, emotion="joy"), "The wind rose.", seed=1)
    assert tense.brightness < calm.brightness


def test_a_bed_that_resumes_soon_continues_its_clip() -> None:
    events = [Event("Rain", 0, "bed", end_sentence=3), Event("Rain", 5, "bed", end_sentence=8),
              Event("Rain", 30, "bed", end_sentence=31)]
    sentences = ["It rained."] * 40
    first, resumed, later = Bridge(_embed, key="book").condition(events, sentences)
    assert first.texture.continuity == 0 and resumed.texture.continuity == 1
    assert resumed.texture.seed == first.texture.seed  # the same rain, carried on
    assert later.texture.continuity == 0 and later.texture.seed != first.texture.seed


def test_the_semantic_part_is_the_minilm_embedding_of_what_the_text_says() -> None:
    events = [Event("Rain", 0, "bed", description="a storm lashing the ship at sea"),
              Event("Rain", 1, "bed", description="a light drizzle on the town square")]
    sea, town = Bridge(key="book").condition(events, ["", ""])
    assert sea.embedding.shape == (384,) and abs(float(np.linalg.norm(sea.embedding)) - 1) < 1e-4
    assert float(sea.embedding @ town.embedding) < 0.95  # same label, different meaning
    assert sea.label == town.label == "Rain" and "storm" in sea.prompt
