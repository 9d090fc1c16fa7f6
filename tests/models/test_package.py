"""M4B chapters, tags and cover; WebVTT captions; the manifest."""

from __future__ import annotations

import html
import io
import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
import webvtt

from models.audio_io import decode, encode_mp3, ffmpeg_exe, probe_duration_s
from models.captions import cue_text, vtt_timestamp, write_vtt
from models.errors import AudioError
from models.package import ChapterMark, escape_ffmetadata, ffmetadata, write_m4b, write_manifest
from models.mastering import room_tone
from tests.audio_helpers import sine

SR = 44100
TITLES = ["Opening; credits = #1", "Back\\slash\nand a new line", "It's <b>\"quoted\"</b>"]
DURATIONS_S = [2.3, 3.71, 1.9]


def parse_ffmetadata(text: str) -> tuple[dict[str, str], list[dict[str, str]]]:
    """Global tags and chapters of an FFMETADATA1 dump, with escapes undone."""
    # Join backslash-continued lines, then split on unescaped '='.
    logical: list[str] = []
    pending = ""
    for line in text.split("\n"):
        pending += line
        trailing = len(pending) - len(pending.rstrip("\\"))
        if trailing % 2 == 1:  # an escaped newline
            pending = pending[:-1] + "\n"
            continue
        logical.append(pending)
        pending = ""
    tags: dict[str, str] = {}
    chapters: list[dict[str, str]] = []
    current = tags
    for line in logical:
        if not line or line.startswith(";") or line.startswith("#"):
            continue
        if line == "[CHAPTER]":
            chapters.append({})
            current = chapters[-1]
            continue
        key, value, escaped = "", "", False
        seen_eq = False
        for char in line:
            if escaped:
                (value := value + char) if seen_eq else (key := key + char)
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == "=" and not seen_eq:
                seen_eq = True
            elif seen_eq:
                value += char
            else:
                key += char
        current[key] = value
    return tags, chapters


def _png_cover() -> bytes:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(1, 1))
    fig.add_subplot().plot([0, 1], [1, 0])
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


@pytest.fixture(scope="module")
def chapters(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Three MP3 chapters: room tone with a loud 5 ms click exactly at each chapter's first sample."""
    folder = tmp_path_factory.mktemp("chapters")
    paths = []
    for i, duration_s in enumerate(DURATIONS_S):
        audio = room_tone(duration_s, SR, -60.0, seed=i)
        audio[: int(0.005 * SR)] = sine(2000.0, 0.005, SR, peak_db=-6.0)
        paths.append(encode_mp3(audio, SR, folder / f"{i + 1:02d}.mp3"))
    return paths


@pytest.fixture(scope="module")
def m4b(chapters: list[Path], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[ChapterMark]]:
    out = tmp_path_factory.mktemp("book") / "the-book.m4b"
    marks = write_m4b(chapters, TITLES, out, title="The Book", author="Ann Author", narrator="Ned Narrator",
                      cover=_png_cover(), cover_media_type="image/png", year=2025)
    return out, marks


def _ffmpeg_info(path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ffmpeg_exe(), "-hide_banner", "-i", str(path), *extra], capture_output=True, text=True,
                          check=False)


def test_m4b_chapters_sit_at_decoded_durations(m4b: tuple[Path, list[ChapterMark]], chapters: list[Path]) -> None:
    path, marks = m4b
    _, parsed = parse_ffmetadata(_ffmpeg_info(path, "-f", "ffmetadata", "-").stdout)
    assert len(parsed) == 3
    durations = [probe_duration_s(p) for p in chapters]
    # ffmpeg's LAME Info tag sometimes leaves up to a frame's tail padding (< 2 ms) in the decoded
    # audio; the marks follow what decoders actually produce.
    assert durations == pytest.approx(DURATIONS_S, abs=0.002)
    starts = np.concatenate([[0.0], np.cumsum(durations)])
    for i, chapter in enumerate(parsed):
        num, den = (int(v) for v in chapter["TIMEBASE"].split("/"))
        assert int(chapter["START"]) * num / den == pytest.approx(starts[i], abs=1e-3)
        assert int(chapter["END"]) * num / den == pytest.approx(starts[i + 1], abs=1e-3)
        assert chapter["title"] == TITLES[i]
    assert [m.title for m in marks] == TITLES
    assert [m.start_s for m in marks] == pytest.approx(starts[:-1], abs=1e-9)


def test_m4b_audio_lines_up_with_the_marks(m4b: tuple[Path, list[ChapterMark]]) -> None:
    path, marks = m4b
    audio, rate = decode(path)
    assert rate == SR
    assert audio.size / rate == pytest.approx(marks[-1].end_s, abs=1e-3)
    for mark in marks:  # each chapter's click starts within 2 ms of its mark (AAC smears a little)
        at = int(mark.start_s * SR)
        window = np.abs(audio[max(0, at - 2000) : at + 2000])
        onset = max(0, at - 2000) + int(np.flatnonzero(window > 0.1)[0])
        assert abs(onset - at) / SR < 0.002


def test_m4b_tags_and_cover(m4b: tuple[Path, list[ChapterMark]]) -> None:
    path, _ = m4b
    tags, _ = parse_ffmetadata(_ffmpeg_info(path, "-f", "ffmetadata", "-").stdout)
    assert tags["title"] == "The Book" and tags["album"] == "The Book"
    assert tags["artist"] == "Ann Author" and tags["album_artist"] == "Ann Author"
    assert tags["composer"] == "Ned Narrator"
    assert tags["genre"] == "Audiobook"
    assert tags["date"] == "2025"
    assert "Ned Narrator" in tags["comment"]
    info = _ffmpeg_info(path).stderr
    assert "aac" in info and "mono" in info
    assert "(attached pic)" in info and "png" in info


def test_m4b_rejects_bad_input(chapters: list[Path], tmp_path: Path) -> None:
    common = {"title": "T", "author": "A", "narrator": "N"}
    with pytest.raises(ValueError, match="titles"):
        write_m4b(chapters, ["one"], tmp_path / "b.m4b", **common)
    with pytest.raises(ValueError, match="JPEG or PNG"):
        write_m4b(chapters[:1], ["one"], tmp_path / "b.m4b", cover=b"GIF89a...", **common)
    with pytest.raises(AudioError, match="missing"):
        write_m4b([tmp_path / "missing.mp3"], ["one"], tmp_path / "b.m4b", **common)
    assert not list(tmp_path.iterdir())


def test_ffmetadata_escaping() -> None:
    assert escape_ffmetadata("a=b;c#d\\e\nf") == "a\\=b\\;c\\#d\\\\e\\\nf"
    text = ffmetadata([ChapterMark("x=1", 0.0, 1.5)], timebase=1000)
    assert text.splitlines() == [";FFMETADATA1", "[CHAPTER]", "TIMEBASE=1/1000", "START=0", "END=1500", "title=x\\=1"]


def test_vtt_round_trips_through_webvtt(tmp_path: Path) -> None:
    sentences = [(0.75, 2.5, "Chapter One."), (2.5, 4.125, "Tom & Jerry <ran> --> away."), (3661.0, 3662.5, "Late.")]
    path = write_vtt(sentences, tmp_path / "c.vtt")
    assert path.read_text("utf-8").startswith("WEBVTT")
    parsed = webvtt.read(str(path))
    assert len(parsed.captions) == 3
    for caption, (start_s, end_s, text) in zip(parsed.captions, sentences, strict=True):
        assert caption.start_time.in_milliseconds() == round(start_s * 1000)
        assert caption.end_time.in_milliseconds() == round(end_s * 1000)
        assert html.unescape(caption.raw_text) == text
    assert parsed.captions[2].start == "01:01:01.000"


def test_vtt_rejects_bad_timing(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="after start"):
        write_vtt([(2.0, 1.0, "backwards")], tmp_path / "c.vtt")
    with pytest.raises(ValueError, match="previous"):
        write_vtt([(2.0, 3.0, "a"), (1.0, 1.5, "b")], tmp_path / "c.vtt")
    assert vtt_timestamp(59.9996) == "00:01:00.000"
    assert cue_text("a\n\n  b  c") == "a\nb c"


def test_manifest(tmp_path: Path) -> None:
    manifest = {"title": "Ünïcode", "chapters": [{"index": 1, "file": Path("chapters/01.mp3"), "rms_db": -20.3}],
                "software": {"version": "0.1.0"}}
    path = write_manifest(tmp_path / "manifest.json", manifest)
    loaded = json.loads(path.read_text("utf-8"))
    assert loaded["title"] == "Ünïcode" and loaded["chapters"][0]["file"] == "chapters/01.mp3"
    with pytest.raises(ValueError, match="NaN"):
        write_manifest(tmp_path / "bad.json", {"rms_db": float("nan")})
    assert not (tmp_path / "bad.json").exists()
