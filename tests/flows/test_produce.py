"""End to end: the real flow on real Ray and Prefect, checked the way a producer would check the book."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import boto3
import imageio_ffmpeg
import numpy as np
import pytest

from flows.produce import produce_book
from flows.settings import ProduceSettings, environment
from storage.db import Database
from tests.audio_helpers import peak_db, quietest_window_db, rms_db

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "the-lamplighter.md"
pytestmark = pytest.mark.slow


def decode(path: Path) -> tuple[np.ndarray, int]:
    """Our own decode: ffmpeg to 32-bit float at the file's own rate."""
    info = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-i", str(path)],
                          capture_output=True, text=True).stderr
    rate = int(re.search(r"(\d+) Hz", info).group(1))  # type: ignore[union-attr]
    raw = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "f32le", "-ac", "1", "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(raw, dtype=np.float32), rate


def db(x: float) -> float:
    return 20 * np.log10(max(x, 1e-12))


def acx_numbers(audio: np.ndarray, rate: int) -> dict[str, float]:
    """RMS, peak, noise floor (quietest 0.5 s window) and head/tail quiet runs, as an ACX checker reports them."""
    loud = np.flatnonzero(np.abs(audio) > 10 ** (-50 / 20))
    return {
        "rms_db": rms_db(audio),
        "peak_db": peak_db(audio),
        "noise_floor_db": quietest_window_db(audio, rate),
        "head_s": loud[0] / rate,
        "tail_s": (len(audio) - loud[-1]) / rate,
        "duration_s": len(audio) / rate,
    }


def mp3_header(path: Path) -> dict[str, object]:
    info = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-i", str(path)],
                          capture_output=True, text=True).stderr
    return {"rate": "44100 Hz" in info, "mono": "mono" in info, "kbps": int(re.search(r"(\d+) kb/s", info).group(1))}  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def local_book(ray_cluster, prefect_harness, tmp_path_factory):  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("out")
    mp = pytest.MonkeyPatch()
    mp.setenv("TALEFORGE_HOME", str(tmp_path_factory.mktemp("book-home")))
    try:
        result = produce_book(str(EXAMPLE), str(out), ProduceSettings(narrator="Jo Reader", stems=True))
    finally:
        mp.undo()
    return result, out / "the-lamplighter-of-harrow-quay"


def test_book_folder_has_the_contract_layout(local_book) -> None:  # type: ignore[no-untyped-def]
    result, folder = local_book
    assert result.chapters == 3 and result.compliant
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    slugs = ["01-chapter-one-the-last-lamp", "02-chapter-two-the-girl-with-the-lantern",
             "03-chapter-three-the-ship-in-the-fog"]
    for s in slugs:
        for rel in (f"chapters/{s}.mp3", f"chapters/{s}.vtt", f"timeline/{s}.json",
                    f"stems/{s}.narration.wav", f"stems/{s}.ambience.wav"):
            assert rel in names
    assert {"manifest.json", "report.html", "the-lamplighter-of-harrow-quay.m4b"} <= set(names)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["title"] == "The Lamplighter of Harrow Quay" and manifest["author"] == "Mara Ellison"
    assert [c["file"] for c in manifest["chapters"]] == [f"chapters/{s}.mp3" for s in slugs]
    assert manifest["software"]["version"]


def test_every_chapter_mp3_passes_acx(local_book) -> None:  # type: ignore[no-untyped-def]
    _, folder = local_book
    for mp3 in sorted((folder / "chapters").glob("*.mp3")):
        header = mp3_header(mp3)
        assert header == {"rate": True, "mono": True, "kbps": 192}, mp3.name
        audio, rate = decode(mp3)
        n = acx_numbers(audio, rate)
        assert -23 <= n["rms_db"] <= -18, (mp3.name, n)
        assert n["peak_db"] <= -3, (mp3.name, n)
        assert -90 < n["noise_floor_db"] <= -60, (mp3.name, n)  # room tone, not digital silence
        assert 0.5 <= n["head_s"] <= 1.0, (mp3.name, n)
        assert 1.0 <= n["tail_s"] <= 5.0, (mp3.name, n)


def test_captions_and_timeline_line_up_with_the_speech(local_book) -> None:  # type: ignore[no-untyped-def]
    import webvtt

    _, folder = local_book
    first = folder / "timeline" / "01-chapter-one-the-last-lamp.json"
    timeline = json.loads(first.read_text())
    texts = [s["text"] for s in timeline["sentences"]]
    assert texts[0] == "The Lamplighter of Harrow Quay."  # opening credits first
    assert "Chapter One: The Last Lamp." in texts
    audio, rate = decode(folder / "chapters" / "01-chapter-one-the-last-lamp.mp3")
    for s in timeline["sentences"]:
        inside = audio[int(s["start_s"] * rate) : int(s["end_s"] * rate)]
        assert db(float(np.sqrt(np.mean(inside**2)))) > -35, s  # speech where the timeline says
    covered = [(e["start_s"], e["end_s"]) for e in timeline["events"]]
    for a, b in zip(timeline["sentences"], timeline["sentences"][1:]):
        start, end = a["end_s"] + 0.1, b["start_s"] - 0.1
        gap = audio[int(start * rate) : int(end * rate)]
        if len(gap) > rate // 10 and not any(s < end and start < e for s, e in covered):
            assert db(float(np.sqrt(np.mean(gap**2)))) < -50, (a["text"], b["text"])  # pause where it says
    captions = webvtt.read(str(folder / "chapters" / "01-chapter-one-the-last-lamp.vtt"))
    assert [c.text for c in captions] == texts
    last = json.loads((folder / "timeline" / "03-chapter-three-the-ship-in-the-fog.json").read_text())
    assert last["sentences"][-1]["text"] == "The End."


def test_ambience_is_timed_to_its_sentences_and_ducked_under_the_voice(local_book) -> None:  # type: ignore[no-untyped-def]
    _, folder = local_book
    events = []
    for path in sorted((folder / "timeline").glob("*.json")):
        timeline = json.loads(path.read_text())
        lines = timeline["sentences"]
        for e in timeline["events"]:
            assert e["label"] and e["kind"] in ("bed", "spot") and 0 <= e["intensity"] <= 1
            assert 0 <= e["start_s"] < e["end_s"] <= timeline["duration_s"], e
            line = lines[e["sentence"]]
            # A sound starts with the sentence that motivates it (beds just before it, spots within it).
            assert line["start_s"] - 1.0 <= e["start_s"] <= line["end_s"] + 0.5, (e, line)
            events.append((path.stem, e))
    assert any(e["label"] == "Rain" for _, e in events)  # "The rain had started early that night"
    assert len(events) < 30  # a short book: a few well-placed sounds, not a sprinkle on every line
    # In the ambience stem, a bed is ducked while the narrator speaks and comes up in the pauses.
    stem, bed = next((name, e) for name, e in events if e["kind"] == "bed")
    ambience, rate = decode(folder / "stems" / f"{stem}.ambience.wav")
    timeline = json.loads((folder / "timeline" / f"{stem}.json").read_text())
    offset = timeline["head_s"]  # the stems start where the narration does, after the head room tone
    spots = [(e["start_s"], e["end_s"]) for e in timeline["events"] if e["kind"] == "spot"]

    def bed_alone(start: float, end: float) -> bool:  # spots sit on their cue words: measure the bed without them
        return not any(s < end and start < e for s, e in spots)

    inside, pauses = [], []
    for a, b in zip(timeline["sentences"], timeline["sentences"][1:]):
        if bed["start_s"] + 2 < a["start_s"] and b["start_s"] < bed["end_s"] - 2:
            if bed_alone(a["start_s"], a["end_s"]):
                inside.append(ambience[int((a["start_s"] + 0.3 - offset) * rate) : int((a["end_s"] - 0.3 - offset) * rate)])
            if b["start_s"] - a["end_s"] > 0.7 and bed_alone(a["end_s"], b["start_s"]):
                pauses.append(ambience[int((a["end_s"] + 0.35 - offset) * rate) : int((b["start_s"] - 0.1 - offset) * rate)])
    assert inside and pauses, bed  # the rain lasts for the rest of its scene, over many lines and pauses
    speech_db = db(float(np.sqrt(np.mean(np.concatenate(inside) ** 2))))
    pause_db = db(float(np.sqrt(np.mean(np.concatenate(pauses) ** 2))))
    assert pause_db > speech_db + 6, (speech_db, pause_db)


def test_m4b_has_chapter_marks_and_tags(local_book) -> None:  # type: ignore[no-untyped-def]
    _, folder = local_book
    meta = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i",
                           str(folder / "the-lamplighter-of-harrow-quay.m4b"), "-f", "ffmetadata", "-"],
                          capture_output=True, text=True, check=True).stdout
    assert meta.count("[CHAPTER]") == 3
    assert "title=The Lamplighter of Harrow Quay" in meta
    assert "artist=Mara Ellison" in meta
    assert "Jo Reader" in meta
    assert "title=Chapter Two: The Girl with the Lantern" in meta


def test_rerun_reuses_finished_chapters(ray_cluster, prefect_harness, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    monkeypatch.setenv("TALEFORGE_HOME", str(home))
    book = tmp_path / "tiny.md"
    book.write_text("# Tiny\n\n## One\n\nA short line.\n\n## Two\n\nAnother short line.\n", encoding="utf-8")
    first = produce_book(str(book), str(tmp_path / "out"), ProduceSettings())
    assert first.reused == 0
    second = produce_book(str(book), str(tmp_path / "out"), ProduceSettings())
    assert second.reused == 2 and second.chapters == 2
    db_ = Database(environment().db_url)
    jobs = db_.list_jobs()
    assert [j["status"] for j in jobs] == ["done", "done"]
    assert all(c["status"] == "done" for c in db_.chapters(second.job_id))
    changed = ProduceSettings(profile="r128")
    third = produce_book(str(book), str(tmp_path / "out"), changed)
    assert third.reused == 0  # other settings, other audio
    import pyloudnorm

    for mp3 in (tmp_path / "out" / "tiny" / "chapters").glob("*.mp3"):
        audio, rate = decode(mp3)
        lufs = pyloudnorm.Meter(rate).integrated_loudness(audio.astype(np.float64))
        assert abs(lufs - (-23.0)) <= 1.0, (mp3.name, lufs)  # EBU R128 programme loudness
        assert acx_numbers(audio, rate)["peak_db"] <= -1.0


def test_book_lands_in_s3(ray_cluster, prefect_harness, s3_endpoint, tmp_path) -> None:  # type: ignore[no-untyped-def]
    book = tmp_path / "sea.md"
    book.write_text("---\ntitle: Sea Book\nauthor: S. Writer\n---\n\n## One\n\nThe waves rolled in.\n\n"
                    "## Two\n\nThe gulls cried overhead.\n", encoding="utf-8")
    result = produce_book(str(book), "s3://books/incoming", ProduceSettings())
    assert result.uri == "s3://books/incoming/sea-book"
    s3 = boto3.client("s3")
    keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket="books", Prefix="incoming/sea-book/")["Contents"])
    assert "incoming/sea-book/manifest.json" in keys
    assert "incoming/sea-book/sea-book.m4b" in keys
    assert sum(k.endswith(".mp3") for k in keys) == 2
    manifest = json.loads(s3.get_object(Bucket="books", Key="incoming/sea-book/manifest.json")["Body"].read())
    assert [c["title"] for c in manifest["chapters"]] == ["Chapter One", "Chapter Two"]
    mp3 = tmp_path / "one.mp3"
    s3.download_file("books", "incoming/sea-book/" + manifest["chapters"][0]["file"], str(mp3))
    n = acx_numbers(*decode(mp3))
    assert -23 <= n["rms_db"] <= -18 and n["peak_db"] <= -3


def test_unreachable_store_fails_the_job_and_leaves_no_scratch(ray_cluster, prefect_harness, tmp_path,
                                                               monkeypatch) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    monkeypatch.setenv("TALEFORGE_HOME", str(home))
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9")  # nothing listens on the discard port
    monkeypatch.setenv("TALEFORGE_S3_RETRY_S", "2")  # an outage that outlasts the retries
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "x")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "y")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    book = tmp_path / "b.md"
    book.write_text("# B\n\n## One\n\nA line.\n", encoding="utf-8")
    with pytest.raises(Exception) as failure:
        produce_book(str(book), "s3://nowhere/books", ProduceSettings())
    assert "nowhere" in str(failure.value) or "127.0.0.1" in str(failure.value)
    db_ = Database(environment().db_url)
    (job,) = db_.list_jobs()
    assert job["status"] == "failed" and ("127.0.0.1:9" in job["error"] or "nowhere" in job["error"])
    assert not any((home / "scratch").iterdir())  # the staged book folder is gone


def test_a_coqui_model_directory_narrates_a_book_through_the_actors(ray_cluster, prefect_harness, tmp_path,
                                                                     monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from models.tts.base import EngineSpec
    from tests.tiny_coqui import build_tiny_vits

    model = build_tiny_vits(tmp_path / "tiny-vits")
    monkeypatch.setenv("TALEFORGE_HOME", str(tmp_path / "home"))
    book = tmp_path / "short.md"
    book.write_text("# Short\n\n## One\n\nThe tide came in. \u201cHello,\u201d said Mara.\n", encoding="utf-8")
    settings = ProduceSettings(engine=EngineSpec(name="coqui", model_dir=model))
    result = produce_book(str(book), str(tmp_path / "out"), settings)
    assert result.chapters == 1
    folder = tmp_path / "out" / "short"
    timeline = json.loads(next((folder / "timeline").glob("*.json")).read_text())
    assert [ln["text"] for ln in timeline["sentences"]][-4:] == ["The tide came in.", "\u201cHello,\u201d", "said Mara.",
                                                                 "The End."]
    assert all(ln["end_s"] > ln["start_s"] for ln in timeline["sentences"])
    audio, rate = decode(next((folder / "chapters").glob("*.mp3")))
    assert rate == 44100 and len(audio) / rate > 2
