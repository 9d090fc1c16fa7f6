"""The Coqui engine against tiny random-weight VITS models built on the spot (no downloads)."""

from __future__ import annotations

import json
import logging
import pickle
import shutil
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("TTS", reason="coqui-tts is not installed")

from models.errors import InputError
from models.tts.base import Engine, EngineSpec, Utterance, build_engine
from models.tts.coqui import CoquiEngine
from tests.tiny_coqui import TINY_SAMPLE_RATE, build_tiny_vits

SENTENCE = "The quick brown fox jumps over the lazy dog."
QUIET = Utterance(noise_scale=0.0, noise_w_scale=0.0)  # VITS without its sampling noise: repeatable audio


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("coqui")
    return {
        "a": build_tiny_vits(root / "tiny-a", seed=0),
        "b": build_tiny_vits(root / "tiny-b", seed=1),
        "multi": build_tiny_vits(root / "tiny-multi", speakers=["alice", "bob"], seed=2),
    }


@pytest.fixture(scope="module")
def engine(models: dict[str, Path]) -> Engine:
    return build_engine(EngineSpec(name="coqui", model_dir=models["a"], threads=1))


def _one_line_naming(exc: pytest.ExceptionInfo[InputError], path: Path) -> str:
    message = str(exc.value)
    assert "\n" not in message
    assert str(path) in message
    return message


def test_speaks_float32_mono_at_the_config_rate(engine: Engine) -> None:
    assert isinstance(engine, Engine)
    assert isinstance(engine, CoquiEngine)
    assert engine.sample_rate == TINY_SAMPLE_RATE
    audio = engine.synthesize(SENTENCE)
    assert audio.dtype == np.float32
    assert audio.ndim == 1
    assert np.isfinite(audio).all()
    assert float(np.sqrt(np.mean(audio**2))) > 1e-4  # not silence
    assert audio.size > TINY_SAMPLE_RATE // 10


def test_longer_text_longer_audio(engine: Engine) -> None:
    short = engine.synthesize("A fox.")
    long = engine.synthesize(SENTENCE + " It was not amused, and it said so at length.")
    assert long.size > 2 * short.size


def test_empty_text_is_empty_audio(engine: Engine) -> None:
    for text in ("", "   \n"):
        audio = engine.synthesize(text)
        assert audio.dtype == np.float32 and audio.shape == (0,)


def test_no_trailing_synthesizer_padding(engine: Engine) -> None:
    audio = engine.synthesize("One sentence. And another one.")
    assert np.abs(audio[-2000:]).max() > 0  # Coqui pads each sentence with 10000 zeros; the last pad is dropped


def test_length_scale_stretches_and_is_restored(engine: Engine) -> None:
    base = engine.synthesize(SENTENCE, QUIET)
    slow = engine.synthesize(SENTENCE, Utterance(length_scale=2.0, noise_scale=0.0))
    fast = engine.synthesize(SENTENCE, Utterance(length_scale=0.5, noise_scale=0.0))
    assert 1.6 < slow.size / base.size < 2.4
    assert fast.size < base.size
    assert engine.synthesize(SENTENCE, QUIET).size == base.size  # the model's own default came back


def test_noise_scale_zero_is_repeatable(engine: Engine) -> None:
    np.testing.assert_array_equal(engine.synthesize(SENTENCE, QUIET), engine.synthesize(SENTENCE, QUIET))


def test_voice_id_is_stable_and_tells_models_apart(models: dict[str, Path], engine: Engine) -> None:
    again = CoquiEngine.load(models["a"])
    other = CoquiEngine.load(models["b"])
    assert engine.voice_id == again.voice_id
    assert engine.voice_id.startswith("coqui:tiny-a:")
    assert other.voice_id.startswith("coqui:tiny-b:")
    assert other.voice_id != engine.voice_id


def test_multi_speaker_picks_the_first_speaker_by_default(models: dict[str, Path]) -> None:
    default = build_engine(EngineSpec(name="coqui", model_dir=models["multi"]))
    alice = build_engine(EngineSpec(name="coqui", model_dir=models["multi"], speaker="alice"))
    bob = build_engine(EngineSpec(name="coqui", model_dir=models["multi"], speaker="bob"))
    assert default.voice_id == alice.voice_id
    assert alice.voice_id.endswith(":alice") and bob.voice_id.endswith(":bob")
    a, b = alice.synthesize(SENTENCE, QUIET), bob.synthesize(SENTENCE, QUIET)
    np.testing.assert_array_equal(default.synthesize(SENTENCE, QUIET), a)
    assert a.size == b.size and not np.allclose(a, b)


def test_multi_speaker_finds_its_speakers_file_beside_the_config(models: dict[str, Path]) -> None:
    # The config names the training run's absolute path (as trainer output does); the engine must use the
    # file beside config.json and must not rewrite the user's directory to do so.
    directory = models["multi"]
    before = {p.name: p.read_bytes() for p in directory.iterdir()}
    assert json.loads(before["config.json"])["model_args"]["speakers_file"].startswith("/home/trainer/")
    CoquiEngine.load(directory, speaker="bob")
    assert {p.name: p.read_bytes() for p in directory.iterdir()} == before


def test_unknown_speaker_is_a_one_line_error(models: dict[str, Path]) -> None:
    with pytest.raises(InputError) as exc:
        build_engine(EngineSpec(name="coqui", model_dir=models["multi"], speaker="carol"))
    message = _one_line_naming(exc, models["multi"])
    assert "'carol'" in message and "alice" in message


def test_speaker_on_a_single_speaker_model_is_refused(models: dict[str, Path]) -> None:
    with pytest.raises(InputError) as exc:
        CoquiEngine.load(models["a"], speaker="alice")
    assert "single-speaker" in _one_line_naming(exc, models["a"])


def test_other_language_on_a_monolingual_model_is_refused(models: dict[str, Path]) -> None:
    CoquiEngine.load(models["a"], language="en")
    with pytest.raises(InputError) as exc:
        CoquiEngine.load(models["a"], language="fr")
    assert "'fr'" in _one_line_naming(exc, models["a"])


def test_speaker_wav_on_a_model_that_cannot_clone_is_refused(models: dict[str, Path], tmp_path: Path) -> None:
    wav = tmp_path / "me.wav"
    wav.write_bytes(b"RIFF")
    with pytest.raises(InputError) as exc:
        CoquiEngine.load(models["a"], speaker_wav=wav)
    assert "clone" in _one_line_naming(exc, wav)


@pytest.mark.parametrize("name", ["best_model.pth", "checkpoint_5000.pth"])
def test_other_checkpoint_names(models: dict[str, Path], tmp_path: Path, name: str) -> None:
    directory = tmp_path / "renamed"
    directory.mkdir()
    shutil.copy(models["a"] / "config.json", directory / "config.json")
    shutil.copy(models["a"] / "model.pth", directory / name)
    assert CoquiEngine.load(directory).synthesize("Hello.").size > 0


def test_a_checkpoint_file_or_model_path_names_the_model(models: dict[str, Path]) -> None:
    by_file = CoquiEngine.load(models["a"] / "model.pth")
    by_model_path = build_engine(EngineSpec(name="coqui", model_path=models["a"]))
    assert by_file.voice_id == by_model_path.voice_id == CoquiEngine.load(models["a"]).voice_id


def _bad_dirs(models: dict[str, Path], root: Path) -> dict[str, tuple[Path, Path, str]]:
    """name -> (what to load, path the message names, words it says)."""
    no_config = root / "no-config"
    no_config.mkdir()
    shutil.copy(models["a"] / "model.pth", no_config / "model.pth")
    no_ckpt = root / "no-checkpoint"
    no_ckpt.mkdir()
    shutil.copy(models["a"] / "config.json", no_ckpt / "config.json")
    two = root / "two-checkpoints"
    two.mkdir()
    shutil.copy(models["a"] / "config.json", two / "config.json")
    for name in ("checkpoint_1.pth", "checkpoint_2.pth"):
        shutil.copy(models["a"] / "model.pth", two / name)
    bad_json = root / "bad-json"
    bad_json.mkdir()
    (bad_json / "config.json").write_text("{not json", encoding="utf-8")
    shutil.copy(models["a"] / "model.pth", bad_json / "model.pth")
    broken = root / "broken-checkpoint"
    broken.mkdir()
    shutil.copy(models["a"] / "config.json", broken / "config.json")
    (broken / "model.pth").write_bytes(b"not a checkpoint")
    text_file = root / "voice.txt"
    text_file.write_text("hello", encoding="utf-8")
    return {
        "missing": (root / "nowhere", root / "nowhere", "not found"),
        "file": (text_file, text_file, "not a Coqui model directory"),
        "no config": (no_config, no_config, "config.json"),
        "no checkpoint": (no_ckpt, no_ckpt, "checkpoint"),
        "two checkpoints": (two, two, "several checkpoints"),
        "bad json": (bad_json, bad_json / "config.json", "JSON"),
        "broken checkpoint": (broken, broken, "cannot load"),
    }


def test_bad_model_dirs_are_one_line_errors(models: dict[str, Path], tmp_path: Path) -> None:
    for name, (target, named, words) in _bad_dirs(models, tmp_path).items():
        with pytest.raises(InputError) as exc:
            build_engine(EngineSpec(name="coqui", model_dir=target))
        assert words in _one_line_naming(exc, named), name


def test_no_model_dir_at_all() -> None:
    with pytest.raises(ValueError, match="model directory"):
        build_engine(EngineSpec(name="coqui"))


def _xtts_dir(root: Path) -> Path:
    """A directory that looks like XTTS (config says so) but whose checkpoint would never load."""
    directory = root / "xtts"
    directory.mkdir()
    (directory / "config.json").write_text(json.dumps({"model": "xtts", "languages": ["en", "de"]}), encoding="utf-8")
    (directory / "model.pth").write_bytes(b"not a checkpoint")
    return directory


def test_xtts_without_a_voice_is_refused_before_loading(tmp_path: Path) -> None:
    directory = _xtts_dir(tmp_path)
    (directory / "vocab.json").write_text("{}", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        build_engine(EngineSpec(name="coqui", model_dir=directory))
    message = _one_line_naming(exc, directory)
    assert "speaker_wav" in message and "cannot load" not in message


def test_xtts_checks_its_voice_and_vocab_before_loading(tmp_path: Path) -> None:
    directory = _xtts_dir(tmp_path)
    with pytest.raises(InputError) as exc:
        CoquiEngine.load(directory, speaker_wav=tmp_path / "missing.wav")
    assert "speaker_wav" in _one_line_naming(exc, tmp_path / "missing.wav")
    wav = tmp_path / "me.wav"
    wav.write_bytes(b"RIFF")
    with pytest.raises(InputError) as exc:
        CoquiEngine.load(directory, speaker_wav=wav)
    assert "vocab.json" in _one_line_naming(exc, directory)


def test_nothing_reaches_stdout(models: dict[str, Path], capfd: pytest.CaptureFixture[str]) -> None:
    e = build_engine(EngineSpec(name="coqui", model_dir=models["multi"], speaker="bob"))
    e.synthesize(SENTENCE)
    e.synthesize("Numbers 123 and symbols like ~ are not in its alphabet.")
    e.close()
    assert capfd.readouterr().out == ""


def test_gpu_asked_without_cuda_warns_and_runs_on_cpu(models: dict[str, Path], caplog: pytest.LogCaptureFixture) -> None:
    import torch

    if torch.cuda.is_available():
        pytest.skip("CUDA is present here")
    with caplog.at_level(logging.WARNING, logger="models.tts.coqui"):
        e = build_engine(EngineSpec(name="coqui", model_dir=models["a"], use_gpu=True))
    assert "CUDA is not available" in caplog.text
    assert e.synthesize("Hello.").size > 0


def test_close_releases_the_model(models: dict[str, Path]) -> None:
    e = CoquiEngine.load(models["a"])
    e.close()
    e.close()  # twice is fine
    with pytest.raises(RuntimeError):
        e.synthesize("Hello.")


def test_engine_spec_keeps_old_callers_and_pickles(tmp_path: Path) -> None:
    assert EngineSpec(model_path=tmp_path) == EngineSpec(name="piper", model_path=tmp_path)
    old = EngineSpec(name="piper", model_path=tmp_path, threads=2, use_gpu=True)
    assert old.model_dir is None and old.speaker is None and old.speaker_wav is None and old.language is None
    spec = EngineSpec(
        name="coqui", model_dir=tmp_path, threads=2, use_gpu=True,
        speaker="bob", speaker_wav=tmp_path / "me.wav", language="de",
    )  # fmt: skip
    assert pickle.loads(pickle.dumps(spec)) == spec
    with pytest.raises(AttributeError):
        spec.speaker = "alice"  # type: ignore[misc]


# --- XTTS: a tiny random one (its fixed-size decoder makes this the slow part, ~10 s) ---------------


@pytest.fixture(scope="module")
def xtts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from models.audio_io import write_wav
    from tests.tiny_coqui import build_tiny_xtts

    root = tmp_path_factory.mktemp("xtts")
    t = np.arange(22050) / 22050
    reference = write_wav((0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), 22050, root / "me.wav")
    return build_tiny_xtts(root / "tiny-xtts"), reference


def test_xtts_clones_speaker_wav(xtts: tuple[Path, Path], capfd: pytest.CaptureFixture[str]) -> None:
    import torch

    directory, reference = xtts
    before = sorted(p.name for p in directory.rglob("*"))
    e = build_engine(EngineSpec(name="coqui", model_dir=directory, speaker_wav=reference, threads=1))
    assert isinstance(e, Engine)
    assert e.sample_rate == 24000
    assert e.voice_id.startswith("coqui:tiny-xtts:") and e.voice_id.endswith(":en")
    assert ":wav-" in e.voice_id
    torch.manual_seed(0)
    audio = e.synthesize("Hello world.")
    assert audio.dtype == np.float32 and audio.ndim == 1 and np.isfinite(audio).all()
    assert float(np.abs(audio).max()) > 1e-4
    torch.manual_seed(0)  # the same GPT tokens again, so only the speed differs
    slow = e.synthesize("Hello world.", Utterance(length_scale=2.0))
    assert 1.9 < slow.size / audio.size < 2.1
    assert e.synthesize("").size == 0
    assert capfd.readouterr().out == ""
    assert sorted(p.name for p in directory.rglob("*")) == before  # no voice cached into the model folder


def test_xtts_builtin_speaker_and_language(xtts: tuple[Path, Path]) -> None:
    from tests.tiny_coqui import XTTS_BUILTIN_SPEAKER

    directory, _ = xtts
    e = CoquiEngine.load(directory, speaker=XTTS_BUILTIN_SPEAKER, language="de")
    assert e.voice_id.endswith(f":{XTTS_BUILTIN_SPEAKER}:de")
    assert e.synthesize("Hallo Welt.").size > 0
    with pytest.raises(InputError) as exc:
        CoquiEngine.load(directory, speaker=XTTS_BUILTIN_SPEAKER, language="fr")
    assert "'fr'" in _one_line_naming(exc, directory)
    with pytest.raises(InputError) as exc:
        CoquiEngine.load(directory, speaker="Nobody")
    assert "'Nobody'" in _one_line_naming(exc, directory)


def test_xtts_reference_that_is_not_audio(xtts: tuple[Path, Path], tmp_path: Path) -> None:
    directory, _ = xtts
    bogus = tmp_path / "notes.wav"
    bogus.write_text("not audio", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        CoquiEngine.load(directory, speaker_wav=bogus)
    _one_line_naming(exc, bogus)
