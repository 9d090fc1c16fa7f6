"""ffmpeg-backed encoding and decoding: formats checked from the bytes, lengths exact, errors named."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile

from models import audio_io
from models.audio_io import decode, encode_m4a, encode_mp3, probe_duration_s, write_wav
from models.errors import AudioError
from tests.audio_helpers import rms_db, sine, speech_like

_MPEG1_L3_KBPS = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]
_MPEG1_RATES = [44100, 48000, 32000]


def mp3_frames(data: bytes) -> list[dict[str, int]]:
    """Parse every MPEG audio frame header after the ID3v2 tag (ISO 11172-3 layout)."""
    pos = 0
    if data[:3] == b"ID3":
        size = (data[6] << 21) | (data[7] << 14) | (data[8] << 7) | data[9]  # syncsafe
        pos = 10 + size
    frames = []
    while pos + 4 <= len(data):
        if data[pos:pos + 3] == b"TAG":  # ID3v1 trailer
            break
        header = int.from_bytes(data[pos:pos + 4], "big")
        assert header >> 21 == 0x7FF, f"lost frame sync at byte {pos}"
        version, layer = (header >> 19) & 3, (header >> 17) & 3
        assert (version, layer) == (3, 1), "not MPEG-1 Layer III"
        kbps = _MPEG1_L3_KBPS[(header >> 12) & 15]
        rate = _MPEG1_RATES[(header >> 10) & 3]
        padding = (header >> 9) & 1
        frames.append({"kbps": kbps, "rate": rate, "mode": (header >> 6) & 3, "offset": pos})
        pos += 144000 * kbps // rate + padding
    return frames


@pytest.mark.parametrize("sample_rate", [22050, 44100, 48000])
def test_encode_mp3_is_cbr_192_mono_44k(tmp_path: Path, sample_rate: int) -> None:
    path = encode_mp3(speech_like(3.0, sample_rate, seed=1), sample_rate, tmp_path / "c.mp3")
    frames = mp3_frames(path.read_bytes())
    assert len(frames) > 100
    assert {f["kbps"] for f in frames} == {192}  # constant bit rate, the Info frame included
    assert {f["rate"] for f in frames} == {44100}
    assert {f["mode"] for f in frames} == {3}  # single channel
    assert not list(tmp_path.glob("*.part"))


def test_mp3_round_trip_is_sample_exact_and_level_true(tmp_path: Path) -> None:
    x = sine(1000.0, 2.5, 44100, peak_db=-6.0)
    path = encode_mp3(x, 44100, tmp_path / "s.mp3", tags={"title": "Sine = 1 kHz"})
    y, rate = decode(path)
    assert rate == 44100 and y.dtype == np.float32 and y.ndim == 1
    assert y.size == x.size  # the LAME Info tag carries encoder delay and padding
    assert probe_duration_s(path) == pytest.approx(2.5, abs=1e-9)
    # libmp3lame scales its input by 0.97 (-0.26 dB) on the way in; the shape of the signal survives.
    assert rms_db(y) - rms_db(x) == pytest.approx(-0.265, abs=0.05)
    assert np.corrcoef(x[1000:-1000], y[1000:-1000])[0, 1] > 0.999


def test_decode_resamples_on_request(tmp_path: Path) -> None:
    path = encode_mp3(sine(440.0, 2.0, 44100), 44100, tmp_path / "s.mp3")
    y, rate = decode(path, sample_rate=22050)
    assert rate == 22050
    assert abs(y.size - 44100) <= 64


def test_m4a_round_trip(tmp_path: Path) -> None:
    x = speech_like(2.0, 44100, seed=4)
    path = encode_m4a(x, 44100, tmp_path / "c.m4a", bitrate_kbps=96)
    y, rate = decode(path)
    assert rate == 44100 and y.size == x.size
    assert rms_db(y) == pytest.approx(rms_db(x), abs=0.5)


def test_decode_garbage_raises_audio_error_naming_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "not audio.mp3"
    bad.write_bytes(b"this is not an mp3 file\n" * 50)
    with pytest.raises(AudioError) as caught:
        decode(bad)
    assert caught.value.path == str(bad)
    assert str(bad) in str(caught.value)
    assert caught.value.reason  # ffmpeg's last stderr line
    with pytest.raises(AudioError, match="not found"):
        decode(tmp_path / "missing.wav")
    with pytest.raises(AudioError):
        probe_duration_s(bad)


def test_write_wav_is_pcm16_and_clips(tmp_path: Path) -> None:
    x = np.array([0.0, 0.5, -0.5, 1.5, -2.0], dtype=np.float32)
    path = write_wav(np.tile(x, 100), 22050, tmp_path / "x.wav")
    info = soundfile.info(str(path))
    assert (info.samplerate, info.channels, info.subtype, info.frames) == (22050, 1, "PCM_16", 500)
    y, _ = soundfile.read(str(path), dtype="float32")
    assert y.max() <= 1.0 and y.min() >= -1.0
    assert y[1] == pytest.approx(0.5, abs=1e-4)
    assert probe_duration_s(path) == pytest.approx(500 / 22050)


def test_bad_arguments(tmp_path: Path) -> None:
    x = sine(440.0, 0.5, 44100)
    with pytest.raises(ValueError, match="bitrate"):
        encode_mp3(x, 44100, tmp_path / "x.mp3", bitrate_kbps=100)
    with pytest.raises(ValueError, match="does not exist"):
        encode_mp3(x, 44100, tmp_path / "no" / "x.mp3")
    with pytest.raises(ValueError, match="mono"):
        encode_mp3(np.zeros((10, 2), np.float32), 44100, tmp_path / "x.mp3")
    with pytest.raises(ValueError, match="empty"):
        encode_mp3(np.zeros(0, np.float32), 44100, tmp_path / "x.mp3")
    assert not list(tmp_path.iterdir())


def test_ffmpeg_failure_leaves_no_partial_file(tmp_path: Path) -> None:
    with pytest.raises(AudioError, match=r"x\.mp3"):
        audio_io._encode(sine(440.0, 0.5, 44100), 44100, tmp_path / "x.mp3", ["-c:a", "no_such_codec"], "mp3",
                         None, 44100)
    assert not list(tmp_path.iterdir())
