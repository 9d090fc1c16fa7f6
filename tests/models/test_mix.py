"""Clips on the narration timeline, ducked under speech."""

from __future__ import annotations

import numpy as np
import pytest

from models.mix import PlacedClip, duck_gain_db, mix
from tests.audio_helpers import db_to_gain, rms_db, sine

SR = 22050


def _narration(sample_rate: int) -> np.ndarray:
    """Six seconds: speech (a -20 dBFS tone) from 2 s to 4 s, silence elsewhere."""
    x = np.zeros(6 * sample_rate, np.float32)
    x[2 * sample_rate : 4 * sample_rate] = sine(300.0, 2.0, sample_rate, peak_db=-17.0)
    return x


def _bed(seconds: float, sample_rate: int, level_db: float) -> np.ndarray:
    rng = np.random.default_rng(0)
    noise = rng.standard_normal(int(seconds * sample_rate))
    return (noise / noise.std() * db_to_gain(level_db)).astype(np.float32)


def test_no_clips_returns_a_copy() -> None:
    x = _narration(SR)
    y = mix(x, SR, [])
    np.testing.assert_array_equal(x, y)
    assert y is not x and not np.shares_memory(x, y)


def test_clips_extend_the_timeline_with_their_gain() -> None:
    x = _narration(SR)
    clip = sine(1000.0, 2.0, SR, peak_db=-6.0)
    y = mix(x, SR, [PlacedClip(start_s=5.0, audio=clip, gain_db=-6.0)])
    assert y.size == 7 * SR and y.dtype == np.float32
    # After 5.5 s there is no speech (ducking released): the clip is exactly at its gain.
    tail = slice(int(5.5 * SR), None)
    np.testing.assert_allclose(y[tail], clip[int(0.5 * SR):] * db_to_gain(-6.0), atol=1e-6)


@pytest.mark.parametrize("sample_rate", [22050, 44100])
@pytest.mark.parametrize("duck_db", [-6.0, -12.0])
def test_clips_duck_under_speech(sample_rate: int, duck_db: float) -> None:
    x = _narration(sample_rate)
    bed = _bed(6.0, sample_rate, -30.0)
    y = mix(x, sample_rate, [PlacedClip(0.0, bed)], duck_db=duck_db)
    ducked = y - x
    during = slice(int(2.3 * sample_rate), int(3.7 * sample_rate))
    before = slice(0, int(1.5 * sample_rate))
    after = slice(int(5.0 * sample_rate), None)
    assert rms_db(ducked[during]) == pytest.approx(-30.0 + duck_db, abs=0.2)
    assert rms_db(ducked[before]) == pytest.approx(-30.0, abs=0.2)
    assert rms_db(ducked[after]) == pytest.approx(-30.0, abs=0.2)
    # Smooth: the ramp spreads the cut over the attack time, and it is down before speech starts.
    gain = duck_gain_db(x, sample_rate, duck_db=duck_db)
    assert np.max(np.abs(np.diff(gain))) <= -duck_db / (0.060 * sample_rate) * 1.01
    assert gain[2 * sample_rate] == pytest.approx(duck_db, abs=0.01)
    assert gain[int(1.9 * sample_rate)] == 0.0


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="start_s"):
        PlacedClip(-1.0, np.zeros(10, np.float32))
    with pytest.raises(ValueError, match="duck_db"):
        mix(_narration(SR), SR, [PlacedClip(0.0, np.zeros(10, np.float32))], duck_db=3.0)
    with pytest.raises(ValueError, match="mono"):
        PlacedClip(0.0, np.zeros((10, 2), np.float32))
