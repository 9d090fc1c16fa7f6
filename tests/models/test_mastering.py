"""Mastering physics: delivery levels after a real MP3 round trip, limiter, gain, room tone, meters."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from models import mastering
from models.audio_io import decode, encode_mp3
from models.mastering import PROFILES, Measurement, Profile, check, master, measure, room_tone
from tests.audio_helpers import (
    db_to_gain,
    lufs,
    peak_db,
    quietest_window_db,
    rms_db,
    sine,
    speech_like,
    true_peak_db,
    voiced_like,
)

logger = logging.getLogger(__name__)

SIGNALS = {"noise-bursts": speech_like, "pulse-trains": voiced_like}


def _zero_runs(x: np.ndarray) -> int:
    """Length of the longest run of exact zeros."""
    edges = np.diff((x == 0).astype(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    return int((ends - starts).max()) if starts.size else 0


@pytest.fixture(scope="module", params=[(22050, "noise-bursts"), (44100, "noise-bursts"), (48000, "pulse-trains")],
                ids=lambda p: f"{p[0]}Hz-{p[1]}")
def acx_roundtrip(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """Master a speech-like signal for ACX, encode it to MP3 and decode it back."""
    sample_rate, kind = request.param
    narration = SIGNALS[kind](12.0, sample_rate, seed=3)
    mastered = master(narration, sample_rate, "acx", seed=1)
    path = tmp_path_factory.mktemp("acx") / "chapter.mp3"
    encode_mp3(mastered, 44100, path)
    decoded, rate = decode(path)
    return narration, sample_rate, mastered, decoded, rate


def test_acx_levels_hold_after_mp3_round_trip(acx_roundtrip) -> None:
    _, _, mastered, decoded, rate = acx_roundtrip
    assert rate == 44100
    assert decoded.size == mastered.size  # the MP3's gapless info trims encoder delay and padding
    rms, peak, floor = rms_db(decoded), peak_db(decoded), quietest_window_db(decoded, rate)
    m = measure(decoded, rate)
    logger.info("ACX after MP3: RMS %.2f dBFS, peak %.2f dBFS, floor %.2f dBFS, head %.3f s, tail %.3f s",
                rms, peak, floor, m.head_silence_s, m.tail_silence_s)
    assert -23.0 <= rms <= -18.0
    assert abs(rms - (-20.0)) < 0.5  # aimed at -20 over the whole file; LAME loses ~0.26 dB
    assert peak <= -3.0
    assert -90.0 < floor <= -60.0
    assert 0.5 <= m.head_silence_s <= 1.0
    assert 1.0 <= m.tail_silence_s <= 5.0
    assert check(m, "acx") == []


def test_acx_master_before_encoding(acx_roundtrip) -> None:
    _, _, mastered, _, _ = acx_roundtrip
    assert mastered.dtype == np.float32
    assert abs(rms_db(mastered) - (-20.0)) <= 0.06
    assert peak_db(mastered) <= PROFILES["acx"].ceiling_db + 1e-4
    assert _zero_runs(mastered) <= 1  # pauses are room tone, never digital silence
    assert quietest_window_db(mastered, 44100) > -72.0


def test_master_trims_and_adds_exact_room_tone(acx_roundtrip) -> None:
    narration, sample_rate, mastered, _, _ = acx_roundtrip
    loud = np.flatnonzero(np.abs(narration) > 1e-4)
    speech_s = (loud[-1] - loud[0]) / sample_rate
    m = measure(mastered, 44100)
    assert m.head_silence_s == pytest.approx(0.75 + 0.02, abs=0.02)
    assert m.tail_silence_s == pytest.approx(2.5 + 0.10, abs=0.05)
    assert m.duration_s == pytest.approx(speech_s + 0.75 + 2.5 + 0.12, abs=0.1)


@pytest.mark.parametrize("clicks", [False, True], ids=["plain", "clicks"])
@pytest.mark.parametrize("sample_rate", [22050, 44100])
def test_r128_loudness_and_true_peak(sample_rate: int, clicks: bool) -> None:
    narration = voiced_like(10.0, sample_rate, seed=5)
    if clicks:  # single-sample clicks 24 dB over the voice: only the true-peak limiter keeps them down
        at = np.flatnonzero(np.abs(narration) > 0.2)[:: sample_rate // 2][:8]
        narration[at] = 8.0
    mastered = master(narration, sample_rate, "r128")
    loudness, tp = lufs(mastered, 44100), true_peak_db(mastered)
    logger.info("R128 at %d Hz in: %.2f LUFS, true peak %.2f dBTP", sample_rate, loudness, tp)
    assert loudness == pytest.approx(-23.0, abs=0.5)
    assert tp <= -1.0
    assert check(measure(mastered, 44100), "r128") == []


@pytest.mark.parametrize("sample_rate", [22050, 44100, 48000])
@pytest.mark.parametrize("ceiling_db", [-1.0, -3.5])
def test_limiter_holds_ceiling_on_huge_transients(sample_rate: int, ceiling_db: float) -> None:
    rng = np.random.default_rng(0)
    x = sine(220.0, 4.0, sample_rate, peak_db=-12.0)
    spikes = rng.integers(sample_rate // 10, x.size - sample_rate // 10, size=12)
    x[spikes] = 4.0 * rng.choice([-1.0, 1.0], size=spikes.size)  # +12 dBFS clicks
    x[sample_rate : sample_rate + 2000] *= 30.0  # and a +17.5 dBFS burst
    y = mastering.limit(x, sample_rate, ceiling_db=ceiling_db, attack_ms=5.0, release_ms=100.0)
    assert y.shape == x.shape and y.dtype == np.float32
    assert peak_db(y) <= ceiling_db + 1e-4
    assert true_peak_db(y) <= ceiling_db + 0.5  # inter-sample peaks, to 4x-oversampling accuracy
    # The gain is smooth: no step bigger than a linear 5 ms attack over the deepest cut would take.
    carrier = np.abs(x) > 0.05
    carrier[spikes] = False
    gain_db = np.full(x.size, np.nan)
    gain_db[carrier] = 20 * np.log10(np.abs(y[carrier]) / np.abs(x[carrier]))
    assert np.nanmax(np.abs(np.diff(gain_db))) < 40.0 / (0.005 * sample_rate) + 0.01
    # And it only acts near the overloads: the tail after the last one is untouched.
    quiet = slice(int(spikes.max()) + sample_rate, None)
    if x[quiet].size:
        np.testing.assert_allclose(y[quiet], x[quiet], rtol=1e-5, atol=1e-7)


def test_limiter_passes_signal_under_ceiling_unchanged() -> None:
    x = sine(1000.0, 1.0, 44100, peak_db=-6.0)
    np.testing.assert_array_equal(mastering.limit(x, 44100, ceiling_db=-3.0), x)


@pytest.mark.parametrize("sample_rate", [16000, 22050, 44100, 48000])
@pytest.mark.parametrize("gain_db", [-12.0, -3.0, 6.0])
def test_gain_moves_rms_by_that_many_db(sample_rate: int, gain_db: float) -> None:
    x = speech_like(3.0, sample_rate, seed=2)
    y = mastering.apply_gain(x, gain_db)
    assert rms_db(y) - rms_db(x) == pytest.approx(gain_db, abs=1e-3)
    assert measure(y, sample_rate).rms_db - measure(x, sample_rate).rms_db == pytest.approx(gain_db, abs=2e-3)
    assert peak_db(y) - peak_db(x) == pytest.approx(gain_db, abs=1e-3)


@pytest.mark.parametrize("sample_rate", [22050, 44100])
def test_room_tone_is_quiet_pinkish_noise_not_silence(sample_rate: int) -> None:
    tone = room_tone(3.0, sample_rate, level_db=-70.0, seed=4)
    assert tone.dtype == np.float32 and tone.size == 3 * sample_rate
    assert rms_db(tone) == pytest.approx(-70.0, abs=0.01)
    assert _zero_runs(tone) <= 1
    assert -90.0 < quietest_window_db(tone, sample_rate) <= -60.0
    assert peak_db(tone) < -50.0  # below the head/tail detector's threshold
    spectrum = np.abs(np.fft.rfft(tone.astype(np.float64))) ** 2
    f_hz = np.fft.rfftfreq(tone.size, 1 / sample_rate)
    low = spectrum[(f_hz > 100) & (f_hz < 400)].mean()
    high = spectrum[(f_hz > 4000) & (f_hz < 8000)].mean()
    assert 10 * np.log10(low / high) > 10.0  # pink-ish tilt; white noise would be ~0 dB
    assert not np.array_equal(tone, room_tone(3.0, sample_rate, -70.0, seed=5))
    np.testing.assert_array_equal(tone, room_tone(3.0, sample_rate, -70.0, seed=4))


def test_measure_known_signal() -> None:
    sr = 44100
    x = np.concatenate([np.zeros(sr // 2, np.float32), sine(1000.0, 2.0, sr, peak_db=-6.0), np.zeros(sr, np.float32)])
    m = measure(x, sr)
    assert m.duration_s == pytest.approx(3.5)
    assert m.sample_rate == sr
    assert m.peak_db == pytest.approx(-6.0, abs=0.01)
    assert m.true_peak_db == pytest.approx(-6.0, abs=0.05)
    assert m.rms_db == pytest.approx(-6.0 - 3.0103 + 10 * np.log10(2.0 / 3.5), abs=0.01)
    assert m.head_silence_s == pytest.approx(0.5, abs=0.001)
    assert m.tail_silence_s == pytest.approx(1.0, abs=0.001)
    assert m.noise_floor_db == mastering.SILENCE_DB
    assert Measurement.from_dict(m.to_dict()) == m


def test_true_peak_exceeds_sample_peak_for_intersample_overs() -> None:
    # A quarter-rate sine sampled at +-45 degrees: samples peak at 0.707 of the true crest.
    sr = 48000
    n = np.arange(sr)
    fade = np.minimum(1.0, np.minimum(n, n[::-1]) / 4800)  # 0.1 s fades: no edge ringing
    x = (0.9 * fade * np.sin(2 * np.pi * (sr / 4) * n / sr + np.pi / 4)).astype(np.float32)
    m = measure(x, sr)
    assert m.peak_db == pytest.approx(20 * np.log10(0.9 * np.sqrt(0.5)), abs=0.01)
    assert m.true_peak_db == pytest.approx(20 * np.log10(0.9), abs=0.1)


def test_check_names_each_failure() -> None:
    m = Measurement(duration_s=60.0, sample_rate=44100, rms_db=-25.0, peak_db=-1.0, true_peak_db=-0.5, lufs=-20.0,
                    noise_floor_db=-55.0, head_silence_s=0.1, tail_silence_s=6.0)
    failures = check(m, "acx")
    text = " ".join(failures)
    for word in ("RMS", "peak", "noise floor", "head", "tail"):
        assert word in text
    assert len(failures) == 5
    assert mastering.failed_fields(m, "acx") == {"rms_db", "peak_db", "noise_floor_db", "head_silence_s",
                                                 "tail_silence_s"}
    r128 = check(m, "r128")
    assert any("LUFS" in f for f in r128) and any("true peak" in f for f in r128)
    silent = Measurement(60.0, 44100, -20.0, -4.0, -4.0, -16.0, mastering.SILENCE_DB, 0.7, 2.0)
    assert any("digital silence" in f for f in check(silent, "acx"))


def test_bad_input_is_rejected() -> None:
    sr = 44100
    with pytest.raises(ValueError, match="mono"):
        master(np.zeros((sr, 2), np.float32), sr)
    with pytest.raises(TypeError, match="floating"):
        master(np.zeros(sr, np.int16), sr)
    with pytest.raises(ValueError, match="silence"):
        master(np.zeros(sr, np.float32), sr)
    with pytest.raises(ValueError, match="unknown profile"):
        master(sine(440, 1, sr), sr, "loud")
    with pytest.raises(ValueError, match="NaN"):
        measure(np.array([0.0, np.nan], np.float32), sr)
    with pytest.raises(ValueError, match="sample_rate"):
        measure(sine(440, 1, sr), 0)
    with pytest.raises(ValueError, match="exactly one"):
        Profile(name="both", target_rms_db=-20.0, target_lufs=-23.0)


def test_profiles_match_the_delivery_standards() -> None:
    acx, r128 = PROFILES["acx"], PROFILES["r128"]
    assert acx.sample_rate == 44100 and acx.rms_range_db == (-23.0, -18.0) and acx.max_peak_db == -3.0
    assert acx.max_noise_floor_db == -60.0 and acx.head_range_s == (0.5, 1.0) and acx.tail_range_s == (1.0, 5.0)
    assert acx.ceiling_db < acx.max_peak_db  # margin for MP3 overshoot
    assert r128.target_lufs == -23.0 and r128.max_true_peak_db == -1.0 and r128.ceiling_db < -1.0
    assert db_to_gain(-6.0) == pytest.approx(10 ** (-6 / 20))


def test_master_file_output_is_writable(tmp_path: Path) -> None:
    y = master(speech_like(2.0, 24000, seed=9), 24000, "acx")
    y[0] = 0.0  # a new, writable array
    assert y.flags.writeable
