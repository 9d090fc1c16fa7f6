"""The diffusion decoder on a tiny random-weight Stable Audio pipeline built here (nothing downloaded)."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from models.ambience.decoders.diffusion import DiffusionDecoder, texture_words
from models.ambience.events import Conditioning, Decoder, Texture
from models.errors import InputError
from tests.tiny_diffusion import (
    TINY_DIFFUSION_MAX_S,
    TINY_DIFFUSION_SAMPLE_RATE,
    build_tiny_audioldm2,
    build_tiny_stable_audio,
)

STEPS = 2


@pytest.fixture(scope="session")
def tiny_stable_audio(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_stable_audio(tmp_path_factory.mktemp("tiny-stable-audio"))


@pytest.fixture(scope="module")
def decoder(tiny_stable_audio: Path) -> DiffusionDecoder:
    return DiffusionDecoder.load(tiny_stable_audio, steps=STEPS)


class Spy:
    """Wraps a pipeline and records the keyword arguments of each call."""

    def __init__(self, pipe: Any) -> None:
        self.pipe = pipe
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, prompt: str, **kwargs: Any) -> Any:
        self.calls.append((prompt, kwargs))
        return self.pipe(prompt, **kwargs)


@pytest.fixture
def spied(decoder: DiffusionDecoder) -> Spy:
    decoder.clear_cache()
    spy = Spy(decoder.pipe)
    decoder.pipe = spy
    yield spy
    decoder.pipe = spy.pipe
    decoder.clear_cache()


def rain(seed: int = 7, continuity: float = 0.0, **texture: float) -> Conditioning:
    return Conditioning(label="Rain", prompt="Rain: steady rain falling on roofs, streets and leaves",
                        embedding=np.zeros(4, dtype=np.float32), kind="bed",
                        texture=Texture(seed=seed, continuity=continuity, **texture))


@pytest.mark.filterwarnings("ignore:.*weight_norm:FutureWarning")
def test_tiny_pipeline_round_trips(tiny_stable_audio: Path) -> None:
    index = json.loads((tiny_stable_audio / "model_index.json").read_text())
    assert index["_class_name"] == "StableAudioPipeline"
    from diffusers import StableAudioPipeline

    pipe = StableAudioPipeline.from_pretrained(tiny_stable_audio, local_files_only=True)
    assert pipe.vae.config.sampling_rate == TINY_DIFFUSION_SAMPLE_RATE
    assert pipe.tokenizer("distant light rain").input_ids[-1] == pipe.tokenizer.eos_token_id


def test_loads_as_a_decoder(decoder: DiffusionDecoder) -> None:
    assert isinstance(decoder, Decoder)
    assert decoder.pipeline_class == "StableAudioPipeline"
    assert decoder.sample_rate == TINY_DIFFUSION_SAMPLE_RATE
    assert decoder.max_clip_s == pytest.approx(TINY_DIFFUSION_MAX_S)
    assert decoder.device == "cpu" and decoder.guidance == 7.0 and decoder.steps == STEPS
    assert decoder.model_id.startswith("diffusion-")


def test_prompt_carries_the_texture(decoder: DiffusionDecoder) -> None:
    prompt = decoder.prompt_for(rain(distance=0.9, intensity=0.2, brightness=0.1))
    assert prompt == "distant, light steady rain falling on roofs, streets and leaves, muffled, ambience"
    plain = decoder.prompt_for(rain())  # middling texture: no words
    assert plain == "steady rain falling on roofs, streets and leaves, ambience"
    knock = Conditioning("Knock", "Knock: someone at the door", np.zeros(4), Texture(intensity=0.9), "spot")
    assert decoder.prompt_for(knock) == "loud knock, someone at the door"
    knocks = Conditioning("Knock", "Knock: two knocks at the door", np.zeros(4), Texture(intensity=0.9), "spot")
    assert decoder.prompt_for(knocks) == "loud two knocks at the door"
    assert texture_words(Texture(density=0.9, brightness=0.9)) == ("", "", "bright, dense")


def test_renders_the_requested_length(decoder: DiffusionDecoder, spied: Spy) -> None:
    audio = decoder.render(rain(), 2.0)
    assert audio.dtype == np.float32 and audio.shape == (2 * TINY_DIFFUSION_SAMPLE_RATE,)
    assert np.all(np.isfinite(audio))
    assert 0.5 < np.max(np.abs(audio)) <= 0.9
    (prompt, kwargs), = spied.calls
    assert kwargs["negative_prompt"] == "speech, music, voice"
    assert kwargs["audio_end_in_s"] == pytest.approx(2.0)
    assert kwargs["num_inference_steps"] == STEPS
    assert "rain" in prompt
    assert decoder.render(rain(), 0.0).shape == (0,)


def test_longer_beds_loop_one_clamped_clip(decoder: DiffusionDecoder, spied: Spy) -> None:
    audio = decoder.render(rain(), 5.0)
    assert audio.shape == (5 * TINY_DIFFUSION_SAMPLE_RATE,)
    assert len(spied.calls) == 1
    assert spied.calls[0][1]["audio_end_in_s"] == pytest.approx(TINY_DIFFUSION_MAX_S)
    clip = round(TINY_DIFFUSION_MAX_S * TINY_DIFFUSION_SAMPLE_RATE)
    fade = TINY_DIFFUSION_SAMPLE_RATE // 2  # the loop crossfade
    step = clip - fade
    # The second pass of the loop repeats the first outside the crossfades.
    np.testing.assert_allclose(audio[step + fade: 2 * step], audio[fade: step], atol=1e-6)
    assert np.max(np.abs(audio)) <= 0.9


def test_deterministic_per_seed_and_cached(decoder: DiffusionDecoder, spied: Spy) -> None:
    first = decoder.render(rain(seed=3), 1.5)
    again = decoder.render(rain(seed=3), 1.5)
    assert len(spied.calls) == 1  # the repeat came from the cache
    np.testing.assert_array_equal(first, again)
    decoder.clear_cache()
    fresh = decoder.render(rain(seed=3), 1.5)
    assert len(spied.calls) == 2
    np.testing.assert_array_equal(first, fresh)
    other = decoder.render(rain(seed=4), 1.5)
    assert np.max(np.abs(other - first)) > 0.05


def test_continuity_drops_the_fade_in(decoder: DiffusionDecoder) -> None:
    new = decoder.render(rain(seed=9), 1.0)
    continued = decoder.render(rain(seed=9, continuity=1.0), 1.0)
    fade = int(0.02 * TINY_DIFFUSION_SAMPLE_RATE)
    assert new[0] == 0.0 and continued[0] != 0.0
    np.testing.assert_array_equal(new[fade:], continued[fade:])
    assert np.sum(np.abs(continued[:fade])) > np.sum(np.abs(new[:fade]))
    assert abs(new[-1]) < 1e-3 and abs(continued[-1]) < 1e-3  # both fade out


def write_index(directory: Path, data: object) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "model_index.json").write_text(json.dumps(data) if not isinstance(data, str) else data)
    return directory


@pytest.mark.parametrize("case", ["missing", "no-index", "bad-json", "unknown-class", "no-class", "broken"])
def test_bad_directories_are_one_line_input_errors(case: str, tmp_path: Path, tiny_stable_audio: Path) -> None:
    directory = tmp_path / "model"
    if case == "no-index":
        directory.mkdir()
    elif case == "bad-json":
        write_index(directory, "{not json")
    elif case == "unknown-class":
        write_index(directory, {"_class_name": "StableDiffusionPipeline"})
    elif case == "no-class":
        write_index(directory, ["StableAudioPipeline"])
    elif case == "broken":  # a real index, a component folder missing
        shutil.copytree(tiny_stable_audio, directory)
        shutil.rmtree(directory / "transformer")
    with pytest.raises(InputError) as caught:
        DiffusionDecoder.load(directory)
    message = str(caught.value)
    assert "\n" not in message and str(directory) in message
    expected = {"missing": "no such model directory", "no-index": "no model_index.json",
                "bad-json": "not valid JSON", "unknown-class": "unsupported pipeline 'StableDiffusionPipeline'",
                "no-class": "unsupported pipeline", "broken": "cannot load the StableAudioPipeline"}[case]
    assert expected in message


def test_gpu_request_without_cuda_falls_back(tiny_stable_audio: Path, monkeypatch: pytest.MonkeyPatch,
                                             caplog: pytest.LogCaptureFixture) -> None:
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with caplog.at_level(logging.WARNING, logger="models.ambience.decoders.diffusion"):
        decoder = DiffusionDecoder.load(tiny_stable_audio, use_gpu=True, steps=STEPS)
    assert decoder.device == "cpu"
    assert any("CUDA is not available" in r.getMessage() for r in caplog.records)
    assert decoder.render(rain(), 0.5).shape == (TINY_DIFFUSION_SAMPLE_RATE // 2,)


@pytest.mark.filterwarnings("error::FutureWarning")
def test_audioldm2_pipelines_render_too(tmp_path_factory: pytest.TempPathFactory) -> None:
    # The bare GPT2Model of released AudioLDM 2 folders lacks GenerationMixin under transformers 5;
    # the decoder mends it, so this renders instead of raising AttributeError.
    directory = build_tiny_audioldm2(tmp_path_factory.mktemp("tiny-audioldm2"))
    assert json.loads((directory / "model_index.json").read_text())["language_model"] == ["transformers", "GPT2Model"]
    decoder = DiffusionDecoder.load(directory, steps=STEPS)
    assert decoder.pipeline_class == "AudioLDM2Pipeline" and decoder.guidance == 3.5
    assert decoder.sample_rate == TINY_DIFFUSION_SAMPLE_RATE and decoder.max_clip_s == pytest.approx(2.048)
    spy = Spy(decoder.pipe)
    decoder.pipe = spy
    audio = decoder.render(rain(seed=1), 1.5)
    assert audio.dtype == np.float32 and audio.shape == (24000,) and 0.5 < np.max(np.abs(audio)) <= 0.9
    assert spy.calls[0][1]["audio_length_in_s"] == pytest.approx(1.5)
    assert spy.calls[0][1]["negative_prompt"] == "speech, music, voice"
    decoder.clear_cache()
    np.testing.assert_array_equal(decoder.render(rain(seed=1), 1.5), audio)
    assert np.max(np.abs(decoder.render(rain(seed=2), 1.5) - audio)) > 0.05
    assert decoder.render(rain(seed=1), 0.01).shape == (160,)  # below the shortest clip: cut from it
    assert decoder.render(rain(seed=1), 3.0).shape == (48000,)  # beyond the longest: looped
    assert spy.calls[-1][1]["audio_length_in_s"] == pytest.approx(2.048)
