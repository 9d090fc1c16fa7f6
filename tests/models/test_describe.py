"""Audio description: reading cue files, fitting descriptions into gaps, voicing, ducking, mixing, outputs.

The fast tests use a stand-in voice (a hum whose length follows the text and the pace asked, with
pauses that do not scale, as Piper's do) and synthetic programmes. The corpus tests run the bundled
Piper voice on the real Able Player and ACT Rules tracks, and decode the rabbit clip's own video.
"""

from __future__ import annotations

import itertools
import json
import logging
import math
import subprocess
from pathlib import Path

import numpy as np
import pytest

from models.audio_io import decode, ffmpeg_exe, write_wav
from models.describe import (
    Cue,
    describe,
    duck_curve,
    fit_cues,
    insert_pauses,
    is_sound_cue,
    load_programme,
    master_track,
    mix_description,
    pauses,
    read_captions,
    read_cues,
    schedule,
    to_output_time,
)
from models.errors import InputError
from models.mastering import measure
from tests.audio_helpers import lufs, rms_db, true_peak_db

logger = logging.getLogger(__name__)

REPORT_KEYS = {"index", "text", "cue_start_s", "cue_end_s", "spoken_start_s", "spoken_end_s", "speed", "overflow"}


class HumEngine:
    """A stand-in voice: 60 ms of hum per character at the pace asked, plus 0.25 s that does not scale,
    wrapped in 0.1 s of silence (which voicing trims)."""

    sample_rate = 16000
    voice_id = "hum"
    default_length_scale = 1.0

    def synthesize(self, text, utterance=None):  # type: ignore[no-untyped-def]
        scale = utterance.length_scale if utterance is not None and utterance.length_scale else 1.0
        n = int((len(text) * 0.06 * scale + 0.25) * self.sample_rate)
        t = np.arange(n) / self.sample_rate
        hum = 0.3 * np.sin(2 * np.pi * 180 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 4 * t))
        pad = np.zeros(int(0.1 * self.sample_rate))
        return np.concatenate([pad, hum, pad]).astype(np.float32)

    def close(self) -> None:
        pass


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _cue(index: int, start: float, end: float, text: str = "x") -> Cue:
    return Cue(index, start, end, text)


def _one_line(exc: pytest.ExceptionInfo[InputError]) -> str:
    message = str(exc.value)
    assert "\n" not in message
    return message


# ------------------------------------------------------------------------------------------------ reading


def test_reads_vtt_with_tags_entities_identifiers_settings_and_notes(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "d.vtt",
        "WEBVTT\nKind: descriptions\n\nNOTE written by hand\n\nintro\n00:00:01.500 --> 00:00:03.250 align:start\n"
        "<v Narrator>A <i>red</i> door &amp; a\n   window.</v>\n\n00:04.000 --> 00:06.000\nTom, 3 yrs old.\n",
    )
    cues = read_cues(path)
    assert cues == [Cue(1, 1.5, 3.25, "A red door & a window."), Cue(2, 4.0, 6.0, "Tom, 3 yrs old.")]
    assert cues[0].label == "cue 1 (00:00:01.500 --> 00:00:03.250)"


def test_reads_srt_by_extension_and_by_content(tmp_path: Path) -> None:
    body = "1\n00:00:01,000 --> 00:00:02,500\n<i>Night.</i> A street.\n\n2\n00:00:03,000 --> 00:00:04,000\nRain.\n"
    for name in ("d.srt", "d.txt"):
        cues = read_cues(_write(tmp_path / name, body))
        assert cues == [Cue(1, 1.0, 2.5, "Night. A street."), Cue(2, 3.0, 4.0, "Rain.")]


def test_crlf_short_timestamps_and_no_final_newline(tmp_path: Path) -> None:
    path = tmp_path / "d.vtt"
    path.write_bytes(b"\xef\xbb\xbfWEBVTT\r\n\r\n00:00.000 --> 00:05.000\r\nA rabbit.\r\n\r\n01:05.000 --> 01:10.000\r\nHe yawns.")
    assert read_cues(path) == [Cue(1, 0.0, 5.0, "A rabbit."), Cue(2, 65.0, 70.0, "He yawns.")]


BAD_INPUTS = {
    "malformed timestamp": (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nfine\n\n00:00:03.000 --> 00:00:0x.000\nbroken\n",
        ["cue 2", "line 6", "00:00:03.000 --> 00:00:0x.000", "malformed"],
    ),
    "timing line without blank line": (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\none\n00:00:03.000 --> 00:00:04.000\ntwo\n",
        ["cue 1", "second timing line"],
    ),
    "no header": ("00:00:01.000 --> 00:00:02.000\nhello\n", ["WEBVTT"]),
    "no cues": ("WEBVTT\n\nNOTE nothing here\n", ["no cues"]),
    "empty text": (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nok\n\n00:00:03.000 --> 00:00:04.000\n\n",
        ["cue 2 (00:00:03.000 --> 00:00:04.000)", "empty text"],
    ),
    "end before start": ("WEBVTT\n\n00:00:05.000 --> 00:00:04.000\nbackwards\n", ["cue 1", "ends at or before"]),
    "unsorted": (
        "WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nlater\n\n00:00:01.000 --> 00:00:02.000\nearlier\n",
        ["cue 2 (00:00:01.000 --> 00:00:02.000)", "cue 1", "sorted"],
    ),
    "overlapping": (
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\none\n\n00:00:03.000 --> 00:00:05.000\ntwo\n",
        ["cue 2 (00:00:03.000 --> 00:00:05.000)", "overlaps cue 1", "1.000 s"],
    ),
    "stray text": (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\none\n\nsecond paragraph\n",
        ["line 6", "after cue 1", "belongs to no cue"],
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_description_files_raise_one_line_input_errors_naming_the_cue(tmp_path: Path, name: str) -> None:
    text, expected = BAD_INPUTS[name]
    path = _write(tmp_path / "bad.vtt", text)
    with pytest.raises(InputError) as exc:
        read_cues(path)
    message = _one_line(exc)
    assert message.startswith(str(path))
    for part in expected:
        assert part in message, (part, message)


def test_small_overlaps_are_tolerated_and_unreadable_files_are_named(tmp_path: Path) -> None:
    ok = _write(tmp_path / "ok.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:03.040\none\n\n00:00:03.000 --> 00:00:04.000\ntwo\n")
    assert len(read_cues(ok)) == 2
    binary = tmp_path / "bin.vtt"
    binary.write_bytes(b"WEBVTT\n\n\xff\xfe\x00")
    with pytest.raises(InputError, match="UTF-8"):
        read_cues(binary)
    with pytest.raises(InputError, match="file not found"):
        read_cues(tmp_path / "missing.vtt")
    bad_srt = _write(tmp_path / "bad.srt", "1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:03,000 --> 00:00:xx,000\nno\n")
    with pytest.raises(InputError, match=r"cue 2 \(line 6"):
        read_cues(bad_srt)


def test_captions_may_overlap_and_sound_cues_are_not_dialogue(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "c.vtt",
        "WEBVTT\n\n00:00:02.000 --> 00:00:05.000\n<v A>Hello there.\n\n00:00:04.000 --> 00:00:06.000\n<v B>Hi!\n\n"
        "00:00:07.000 --> 00:00:08.000\n[ Door slams ]\n\n00:00:09.000 --> 00:00:10.000\n\u266a \u266a\n\n"
        "00:00:11.000 --> 00:00:12.000\n\u266a la la \u266a\n",
    )
    # music and sound cues are not dialogue; sung lyrics are words, and count as dialogue
    assert [c.text for c in read_captions(path)] == ["Hello there.", "Hi!", "\u266a la la \u266a"]
    assert len(read_captions(path, dialogue_only=False)) == 5
    assert is_sound_cue("(music)") and is_sound_cue("[ Both screaming !!! ]")
    assert not is_sound_cue("[Tom] Run!") and not is_sound_cue("Oh!")


# --------------------------------------------------------------------------------------------- scheduling


def test_speech_that_fits_is_spoken_at_natural_speed_at_its_cue() -> None:
    cues = [_cue(1, 1.0, 4.0), _cue(2, 6.0, 8.0)]
    plan = schedule(cues, [2.0, 1.5], programme_s=10.0)
    assert [p.speed for p in plan] == [1.0, 1.0]
    assert [p.spoken_start_s for p in plan] == [1.0, 6.0]
    assert plan[0].spoken_end_s == pytest.approx(3.0)
    assert not any(p.overflow for p in plan)


def test_slightly_long_speech_is_sped_up_to_fit_within_the_limit() -> None:
    cues = [_cue(1, 0.0, 2.0), _cue(2, 3.0, 4.0)]
    plan = schedule(cues, [3.3, 1.0], captions=[_cue(1, 2.9, 3.5)], programme_s=10.0)
    first = plan[0]
    assert 1.0 < first.speed <= 1.25
    assert first.spoken_end_s <= 2.9 - 0.1 + 1e-9  # ends a breath before dialogue resumes
    assert not first.overflow


def test_very_long_speech_overflows_and_later_cues_wait_for_it_in_the_standard_variant() -> None:
    cues = [_cue(1, 0.0, 2.0), _cue(2, 3.0, 5.0), _cue(3, 9.0, 10.0)]
    plan = schedule(cues, [6.0, 1.0, 1.0], programme_s=12.0)
    first, second, third = plan
    assert first.overflow and first.speed == pytest.approx(1.25)
    assert first.spoken_start_s == 0.0 and first.spoken_end_s == pytest.approx(4.8)
    assert first.over_s == pytest.approx(4.8 - 2.9)
    assert second.delay_s == pytest.approx(1.9) and second.spoken_start_s >= first.spoken_end_s + 0.1 - 1e-9
    assert third.delay_s == 0.0 and third.spoken_start_s == 9.0
    assert all(p.pause_s == 0 for p in plan)


def test_extended_pauses_at_the_end_of_the_window_and_shifts_everything_after() -> None:
    cues = [_cue(1, 1.0, 2.0), _cue(2, 5.0, 6.0), _cue(3, 9.0, 10.0)]
    captions = [_cue(1, 0.0, 0.8), _cue(2, 3.0, 4.5), _cue(3, 6.0, 7.0)]
    plan = schedule(cues, [5.0, 4.0, 1.0], captions=captions, programme_s=12.0, extended=True)
    first, second, third = plan
    # cue 1: window 1.0 -> 3.0 (dialogue), 1.9 s less a breath; 5 s at 1.25x = 4 s: paused 2.1 s at 3.0
    assert first.overflow and first.pause_at_s == 3.0 and first.pause_s == pytest.approx(4.0 - 1.9)
    # cue 2: programme 5.0 -> output 7.1; its window runs to the caption at 6.0 (output 8.1)
    assert second.spoken_start_s == pytest.approx(5.0 + first.pause_s)
    assert second.pause_at_s == 6.0
    shift = first.pause_s + second.pause_s
    assert third.spoken_start_s == pytest.approx(9.0 + shift) and third.speed == 1.0
    holds = pauses(plan)
    assert [h.at_s for h in holds] == [3.0, 6.0]
    # nothing overlaps: each description ends before dialogue resumes and before the next description
    for p, nxt in itertools.pairwise(plan):
        assert p.spoken_end_s <= nxt.spoken_start_s + 1e-9
    for p in plan:
        for c in captions:
            start = to_output_time(c.start_s, plan)
            end = to_output_time(c.end_s, plan)
            assert p.spoken_end_s <= start + 1e-9 or p.spoken_start_s >= end - 1e-9 or c.start_s < p.cue_start_s


def test_a_cue_inside_a_caption_runs_to_the_next_caption_and_captions_before_it_do_not_count() -> None:
    cues = [_cue(1, 2.0, 3.0)]
    captions = [_cue(1, 1.5, 2.5), _cue(2, 4.0, 5.0)]
    plan = schedule(cues, [1.0], captions=captions, programme_s=10.0)
    assert plan[0].window_s == pytest.approx(4.0 - 2.0 - 0.1)
    assert plan[0].speed == 1.0


def test_cues_past_the_programme_end_are_input_errors_naming_the_cue() -> None:
    cues = [_cue(1, 1.0, 2.0), _cue(2, 11.0, 12.0)]
    with pytest.raises(InputError) as exc:
        schedule(cues, [1.0, 1.0], programme_s=10.0, source="d.vtt")
    assert "cue 2 (00:00:11.000 --> 00:00:12.000)" in _one_line(exc) and str(exc.value).startswith("d.vtt")
    # ending after the programme is fine: the window ends with it
    plan = schedule([_cue(1, 8.0, 12.0)], [1.5], programme_s=10.0)
    assert plan[0].window_s == pytest.approx(2.0)


def test_rendered_lengths_time_the_placements_and_give_the_effective_speed() -> None:
    cues = [_cue(1, 0.0, 2.0), _cue(2, 2.0, 4.0)]
    plan = schedule(cues, [2.2, 1.0], programme_s=5.0, rendered=[1.85, 1.0])
    assert plan[0].rate == pytest.approx(2.2 / 1.9)
    assert plan[0].speed == pytest.approx(2.2 / 1.85, abs=1e-3)
    assert plan[0].spoken_end_s == pytest.approx(1.85)
    assert not plan[0].overflow


# ----------------------------------------------------------------------------------------- signal pieces


def test_duck_curve_is_fully_down_during_speech_with_smooth_ramps() -> None:
    sr = 1000
    plan = schedule([_cue(1, 1.0, 2.0), _cue(2, 2.2, 3.0), _cue(3, 6.0, 7.0)], [0.8, 0.5, 0.5], programme_s=9.0)
    gain = duck_curve(plan, 9 * sr, sr, depth_db=15.0, ramp_s=0.3)
    assert gain[: int(0.69 * sr)].max() == 0.0  # untouched before the first ramp
    assert np.all(gain[1000:2700] == pytest.approx(-15.0))  # cues 1 and 2 are one dip
    assert gain[4000] == 0.0 and gain[6000] == pytest.approx(-15.0)
    assert np.max(np.abs(np.diff(gain))) < 15.0 / (0.3 * sr) * 1.6  # no step: a ramp over ~300 ms


def test_insert_pauses_holds_room_tone_and_master_track_keeps_length(tmp_path: Path) -> None:
    sr = 8000
    rng = np.random.default_rng(1)
    programme = (0.1 * rng.standard_normal(5 * sr)).astype(np.float32)
    plan = schedule([_cue(1, 1.0, 2.0)], [3.0], captions=[_cue(1, 2.0, 3.0)], programme_s=5.0, extended=True)
    holds = pauses(plan)
    out = insert_pauses(programme, sr, holds)
    assert out.size == programme.size + round(holds[0].pause_s * sr)
    at = round(holds[0].at_s * sr)
    assert np.array_equal(out[: at - 200], programme[: at - 200])
    assert np.array_equal(out[-(programme.size - at - 200) :], programme[at + 200 :])
    hold = out[at + 300 : at + round(holds[0].pause_s * sr) - 300]
    assert -76 < rms_db(hold) < -49  # room tone, not a drop-out or the programme
    mastered, _ = master_track(out, sr, "r128")
    assert mastered.size == out.size
    assert lufs(mastered, sr) == pytest.approx(-23.0, abs=0.3)
    assert true_peak_db(mastered, 4) <= -1.0


def _noise_programme(path: Path, seconds: float, sr: int = 48000, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * sr)) / sr
    audio = (0.05 * rng.standard_normal(t.size) + 0.1 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)
    write_wav(audio, sr, path)
    return audio


def test_programme_without_audio_or_unreadable_is_an_input_error_naming_it(tmp_path: Path) -> None:
    video = tmp_path / "silent-film.mp4"
    subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=10",
         "-t", "1", "-c:v", "mpeg4", str(video)],
        check=True,
    )
    with pytest.raises(InputError) as exc:
        load_programme(video)
    assert _one_line(exc).startswith(str(video)) and "no audio stream" in str(exc.value)
    junk = _write(tmp_path / "junk.mp4", "not a video")
    with pytest.raises(InputError) as exc:
        load_programme(junk)
    assert _one_line(exc).startswith(str(junk)) and "not a media file" in str(exc.value)


# ------------------------------------------------------------------------------------ describe, end to end


DESCRIPTIONS = (
    "WEBVTT\n\n00:00:00.500 --> 00:00:02.000\nA door.\n\n"
    "00:00:03.000 --> 00:00:04.000\nA long hallway stretches away into the dark.\n\n"
    "00:00:07.000 --> 00:00:08.000\nShe runs.\n"
)
CAPTIONS = "WEBVTT\n\n00:00:04.500 --> 00:00:06.000\n<v Ann>Who's there?\n\n00:00:09.000 --> 00:00:09.800\n<v Ann>Hello?\n"


@pytest.mark.parametrize("extended", [False, True], ids=["standard", "extended"])
def test_describe_writes_every_output_with_a_stand_in_voice(tmp_path: Path, extended: bool) -> None:
    descriptions = _write(tmp_path / "d.vtt", DESCRIPTIONS)
    captions = _write(tmp_path / "c.vtt", CAPTIONS)
    programme = _noise_programme(tmp_path / "prog.wav", 10.0)
    out = tmp_path / "out"
    result = describe(descriptions, out, program=tmp_path / "prog.wav", captions=captions, extended=extended,
                      engine=HumEngine())
    expected = {"description.wav", "description.vtt", "mixed.m4a", "mixed.mp3", "report.json", "report.html"}
    if extended:
        expected.add("programme.extended.wav")
    assert {p.name for p in out.iterdir()} == expected  # nothing else: the staging folder is gone
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["variant"] == ("extended" if extended else "standard")
    assert [c["index"] for c in report["cues"]] == [1, 2, 3]
    assert all(REPORT_KEYS <= set(c) for c in report["cues"])
    long_cue = report["cues"][1]
    assert long_cue["overflow"] and long_cue["speed"] <= 1.25 * 1.02
    assert (long_cue["pause_s"] > 0) == extended
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count('class="overflow') == report["summary"]["overflows"] >= 1
    vtt = read_cues(out / "description.vtt")
    assert [(c.start_s, c.end_s) for c in vtt] == [
        (round(p.spoken_start_s, 3), round(p.spoken_end_s, 3)) for p in result.placements
    ]
    stem, sr = decode(out / "description.wav")
    total = 10.0 + sum(p.pause_s for p in result.placements)
    assert sr == 48000 and stem.size / sr == pytest.approx(total, abs=1e-3)
    for name in ("mixed.m4a", "mixed.mp3"):
        audio, rate = decode(out / name)
        assert audio.size / rate == pytest.approx(total, abs=0.03)
        assert lufs(audio, rate) == pytest.approx(-23.0, abs=0.5)
        assert true_peak_db(audio, 4) <= -1.0
    assert all(d is not None and d >= 14.5 for d in (c["duck_db"] for c in report["cues"]))
    if extended:
        prog, _ = decode(out / "programme.extended.wav")
        assert prog.size == stem.size
        assert prog.size - programme.size == round(sum(h.pause_s for h in result.pauses) * 48000)


def test_describe_without_programme_and_failures_leave_nothing_behind(tmp_path: Path) -> None:
    descriptions = _write(tmp_path / "d.vtt", DESCRIPTIONS)
    out = tmp_path / "out"
    result = describe(descriptions, out, engine=HumEngine())
    assert {p.name for p in out.iterdir()} == {"description.wav", "description.vtt", "report.json", "report.html"}
    assert result.output_s == pytest.approx(max(8.0, result.placements[-1].spoken_end_s) + 1.0, abs=1e-3)
    stem, sr = decode(out / "description.wav")
    assert lufs(stem, sr) == pytest.approx(-23.0, abs=0.5)
    short = tmp_path / "short.wav"
    _noise_programme(short, 5.0)
    fresh = tmp_path / "fresh"
    with pytest.raises(InputError) as exc:
        describe(descriptions, fresh, program=short, engine=HumEngine())
    assert "cue 3 (00:00:07.000 --> 00:00:08.000)" in _one_line(exc)
    assert not fresh.exists() or not any(fresh.iterdir())
    unsayable = _write(tmp_path / "music.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\u266a \u266a\n")
    with pytest.raises(InputError, match=r"cue 1 \(00:00:01.000 --> 00:00:02.000\): nothing a voice can say"):
        describe(unsayable, fresh, engine=HumEngine())


# -------------------------------------------------------------------------------------------- the corpus

COUNTS = {
    "ableplayer/deadline_descriptions_en.vtt": (12, (0.07, 3.0), (50.232, 52.74, "Cut to black.")),
    "ableplayer/itaccess_description_en.vtt": (7, (0.001, 7.0), (277.0, 280.0, None)),
    "act-rules-rabbit/descriptions.vtt": (3, (0.0, 5.0), (10.0, 14.0, "Then he stops to scratch his bottom.")),
}


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(COUNTS))
def test_corpus_description_tracks_parse(corpus: Path, name: str) -> None:
    count, (first_start, first_end), (last_start, last_end, last_text) = COUNTS[name]
    cues = read_cues(corpus / "descriptions" / name)
    assert len(cues) == count
    assert (cues[0].start_s, cues[0].end_s) == (first_start, first_end)
    assert (cues[-1].start_s, cues[-1].end_s) == (last_start, last_end)
    if last_text:
        assert cues[-1].text == last_text
    assert all(c.text and "<" not in c.text and "\n" not in c.text for c in cues)


@pytest.mark.corpus
def test_corpus_caption_tracks_parse(corpus: Path) -> None:
    deadline = corpus / "descriptions/ableplayer/deadline_captions_en.vtt"
    assert len(read_captions(deadline, dialogue_only=False)) == 15
    dialogue = read_captions(deadline)
    assert len(dialogue) == 12 and dialogue[0].text == "Wanna finish me?"
    assert dialogue[10].text == "Why are you so cruel to me? I hate you!"
    assert len(read_captions(corpus / "descriptions/ableplayer/itaccess_captions_en.vtt")) == 94


@pytest.mark.corpus
def test_itaccess_only_works_extended_and_then_never_talks_over_anyone(corpus: Path) -> None:
    folder = corpus / "descriptions/ableplayer"
    cues = read_cues(folder / "itaccess_description_en.vtt")
    captions = read_captions(folder / "itaccess_captions_en.vtt")
    durations = [len(c.text) / 15.0 for c in cues]  # about 15 characters a second
    standard = schedule(cues, durations, captions=captions, programme_s=357.0)
    assert sum(p.overflow for p in standard) >= 5
    plan = schedule(cues, durations, captions=captions, programme_s=357.0, extended=True)
    assert all(p.speed <= 1.25 for p in plan)
    for p in plan:
        assert p.spoken_start_s == pytest.approx(to_output_time(p.cue_start_s, plan))
        later = [c for c in captions if c.start_s > p.cue_start_s]
        if later:
            assert p.spoken_end_s <= to_output_time(later[0].start_s, plan) + 1e-9


@pytest.fixture(scope="module")
def piper():  # type: ignore[no-untyped-def]
    from models.tts.base import EngineSpec, build_engine

    engine = build_engine(EngineSpec(threads=1))
    yield engine
    engine.close()


def _onset_s(stem: np.ndarray, sr: int, around_s: float, after_s: float) -> float:
    """First sample after ``around_s - 0.2`` (and ``after_s``) louder than 1 % of the stem's peak nearby."""
    a = max(0, round(max(around_s - 0.2, after_s) * sr))
    window = np.abs(stem[a : a + sr])
    loud = np.flatnonzero(window > 0.01 * window.max())
    return (a + int(loud[0])) / sr


def _check_spoken_audio(stem: np.ndarray, sr: int, placements) -> None:  # type: ignore[no-untyped-def]
    previous_end = 0.0
    for p in placements:
        onset = _onset_s(stem, sr, p.spoken_start_s, previous_end + 0.01)
        previous_end = p.spoken_end_s
        assert abs(onset - p.spoken_start_s) <= 0.05, (p.index, onset, p.spoken_start_s)
        voiced = stem[round(p.spoken_start_s * sr) : round(p.spoken_end_s * sr)]
        assert rms_db(voiced) > -45.0, p.index  # every cue is voiced


@pytest.mark.slow
@pytest.mark.corpus
def test_deadline_extended_with_captions_over_a_programme(corpus: Path, piper, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = corpus / "descriptions/ableplayer"
    programme = _noise_programme(tmp_path / "deadline-stand-in.wav", 56.0)  # its film is not in the corpus
    result = describe(folder / "deadline_descriptions_en.vtt", tmp_path / "out", program=tmp_path / "deadline-stand-in.wav",
                      captions=folder / "deadline_captions_en.vtt", extended=True, engine=piper)
    plan = result.placements
    captions = read_captions(folder / "deadline_captions_en.vtt")
    for p in plan:
        logger.info("deadline cue %2d: speed %.3f overflow %s pause %.3f s at %s", p.index, p.speed, p.overflow,
                    p.pause_s, p.pause_at_s)
        assert p.spoken_start_s == pytest.approx(to_output_time(p.cue_start_s, plan))
        assert p.speed <= 1.25 * 1.03
        later = [c for c in captions if c.start_s > p.cue_start_s]
        if later:
            assert p.spoken_end_s <= to_output_time(later[0].start_s, plan) + 1e-6
    for p, nxt in itertools.pairwise(plan):
        assert p.spoken_end_s <= nxt.spoken_start_s + 1e-6
    assert result.pauses and sum(p.overflow for p in plan) >= 3
    stem, sr = decode(result.files["description.wav"])
    _check_spoken_audio(stem, sr, plan)
    total = programme.size / sr + sum(h.pause_s for h in result.pauses)
    assert all(c["duck_db"] >= 10.0 for c in result.report["cues"])
    for name in ("mixed.m4a", "mixed.mp3"):
        audio, rate = decode(result.files[name])
        assert audio.size / rate == pytest.approx(total, abs=0.03)
        assert lufs(audio, rate) == pytest.approx(-23.0, abs=0.5)
        assert measure(audio, rate).true_peak_db <= -1.0  # BS.1770 4x polyphase (an FFT of 57 s is slow)
    logger.info("deadline extended: %s, timings %s", result.report["summary"], result.report["timings_s"])


@pytest.mark.slow
@pytest.mark.corpus
def test_deadline_standard_never_talks_over_itself(corpus: Path, piper) -> None:  # type: ignore[no-untyped-def]
    folder = corpus / "descriptions/ableplayer"
    cues = read_cues(folder / "deadline_descriptions_en.vtt")
    captions = read_captions(folder / "deadline_captions_en.vtt")
    plan, clips = fit_cues(piper, cues, captions=captions, programme_s=56.0)
    assert len(clips) == len(cues) and all(c.size > 0 for c in clips)
    for p, clip in zip(plan, clips):
        assert p.spoken_end_s - p.spoken_start_s == pytest.approx(clip.size / piper.sample_rate)
        assert p.speed <= 1.25 * 1.03
        if p.delay_s == 0:
            assert p.spoken_start_s == p.cue_start_s
    for p, nxt in itertools.pairwise(plan):
        assert nxt.spoken_start_s >= p.spoken_end_s + 0.1 - 1e-6
    assert any(p.overflow for p in plan) and any(p.delay_s > 0 for p in plan)
    assert sum(1 < p.speed for p in plan if not p.overflow) >= 2  # some fit only by speaking faster


@pytest.mark.corpus
def test_rabbit_described_over_its_own_video(corpus: Path, piper, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = corpus / "descriptions/act-rules-rabbit"
    video = folder / "video.mp4"
    result = describe(folder / "descriptions.vtt", tmp_path / "out", program=video, engine=piper)
    programme = load_programme(video)
    sr = 48000
    assert result.programme_s == pytest.approx(13.696, abs=0.01)
    assert not result.overflows and all(p.speed == 1.0 for p in result.placements)
    stem, stem_sr = decode(result.files["description.wav"])
    assert stem_sr == sr and stem.size == programme.size
    _check_spoken_audio(stem, sr, result.placements)
    # the programme component of the mix, ducked and not: at least 10 dB down while descriptions speak
    ducked, gain = mix_description(programme, stem, sr, result.placements, duck_db=15.0)
    plain, _ = mix_description(programme, stem, sr, result.placements, duck_db=0.0)
    for p in result.placements:
        a, b = round(p.spoken_start_s * sr), round(p.spoken_end_s * sr)
        cut = rms_db(plain[a:b] - stem[a:b]) - rms_db(ducked[a:b] - stem[a:b])
        assert cut >= 10.0, (p.index, cut)
        assert gain[a:b].max() <= -10.0
    for name in ("mixed.m4a", "mixed.mp3"):
        audio, rate = decode(result.files[name])
        assert audio.size / rate == pytest.approx(programme.size / sr, abs=0.03)
        assert lufs(audio, rate) == pytest.approx(-23.0, abs=0.5)
        assert true_peak_db(audio, 4) <= -1.0
    reference, ref_sr = decode(folder / "audio-description.mp3")
    spoken = sum(p.spoken_end_s - p.spoken_start_s for p in result.placements)
    logger.info("rabbit: %.2f s of description over %.2f s (the reference recording is %.2f s); %s",
                spoken, result.output_s, reference.size / ref_sr, result.report["timings_s"])
    assert math.isclose(result.report["loudness"]["lufs"], -23.0, abs_tol=0.5)
