"""report.html: self-contained, escaped, coloured against the profile, quick."""

from __future__ import annotations

import base64
import re
import time
from pathlib import Path

import numpy as np
import pytest

from models.mastering import master, measure
from models.report import envelope, format_duration, render_report
from tests.audio_helpers import speech_like


@pytest.fixture(scope="module")
def chapter_dicts() -> list[dict]:
    audio = master(speech_like(6.0, 22050, seed=1), 22050, "acx")
    m = measure(audio, 44100)
    good = {"index": 1, "title": "Chapter <script>alert('x')</script>", "file": "chapters/01-one.mp3",
            "duration_s": m.duration_s, "measurement": m.to_dict(), "failures": [],
            "envelope": envelope(audio, 44100), "events": [
                {"label": "Rain", "start_s": 0.5, "end_s": 5.0},
                {"label": "Door <knock>", "start_s": 1.0, "end_s": 1.4},
                {"label": "Wind", "start_s": 4.0, "end_s": 6.5}]}
    loud = dict(m.to_dict(), peak_db=-1.2, rms_db=-16.0)
    bad = {"index": 2, "title": "Too loud", "file": "chapters/02-two.mp3", "duration_s": m.duration_s,
           "measurement": loud, "failures": ["peak -1.20 dBFS is above -3 dBFS"], "envelope": envelope(audio, 44100)}
    bare = {"index": 3, "title": "No plots", "file": "chapters/03-three.mp3", "duration_s": 3.0,
            "measurement": None, "failures": []}
    return [good, bad, bare]


def test_report_is_self_contained_and_escaped(tmp_path: Path, chapter_dicts: list[dict]) -> None:
    book = {"title": "The <script>Book</script>", "author": "A & B", "narrator": "N", "profile": "acx"}
    path = render_report(book, chapter_dicts, tmp_path / "report.html")
    page = path.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page.lower()
    assert "&lt;script&gt;" in page and "A &amp; B" in page and "Door" not in page.split("<table")[0]
    assert "<table" in page and page.count("<tr>") == 1 + len(chapter_dicts)
    images = re.findall(r'<img alt="[^"]*" src="data:image/png;base64,([A-Za-z0-9+/=]+)">', page)
    assert len(images) == 2  # chapters with an envelope; the bare one has none
    assert all(base64.b64decode(img).startswith(b"\x89PNG") for img in images)
    assert "http://" not in page and "https://" not in page and "<link" not in page
    assert format_duration(sum(c["duration_s"] for c in chapter_dicts)) in page


def test_report_colours_cells_against_the_profile(tmp_path: Path, chapter_dicts: list[dict]) -> None:
    page = render_report({"title": "T"}, chapter_dicts, tmp_path / "report.html").read_text("utf-8")
    rows = re.findall(r"<tr><td>.*?</tr>", page)
    assert 'class="fail"' not in rows[0] and "badge pass" in rows[0]
    assert rows[1].count('class="fail"') == 2 and "badge fail" in rows[1]  # RMS -16 and peak -1.2
    assert "peak -1.20 dBFS is above -3 dBFS" in page
    assert "1 of 3 chapters fail" in page


def test_report_is_fast(tmp_path: Path, chapter_dicts: list[dict]) -> None:
    many = [dict(chapter_dicts[i % 2], index=i + 1) for i in range(8)]
    render_report({"title": "warm-up"}, many[:1], tmp_path / "warm.html")
    start = time.perf_counter()
    render_report({"title": "T"}, many, tmp_path / "report.html")
    assert (time.perf_counter() - start) / len(many) < 0.5


def test_envelope_is_the_peak_per_slice() -> None:
    x = np.zeros(12000, np.float32)
    x[5] = -0.5
    x[11999] = 0.25
    env = envelope(x, 44100, points=1200)
    assert len(env) == 1200 and env[0] == 0.5 and env[-1] == 0.25 and max(env[1:-1]) == 0.0
    assert envelope(x[:10], 44100, points=1200) == [0.5 if i == 5 else 0.0 for i in range(10)]
    with pytest.raises(ValueError):
        envelope(x, 44100, points=0)
