"""`taleforge describe` as a user runs it: the real sample tracks in, a described mix and a report out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent / "taleforge"


def taleforge(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TALEFORGE_HOME": str(home)}
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, timeout=600, env=env)


@pytest.mark.corpus
def test_describe_the_rabbit_video_then_status(corpus: Path, tmp_path: Path) -> None:
    sample = corpus / "descriptions" / "act-rules-rabbit"
    home = tmp_path / "home"
    result = taleforge("describe", str(sample / "descriptions.vtt"), "--program", str(sample / "video.mp4"),
                       "--out", str(tmp_path / "out"), home=home)
    assert result.returncode == 0, result.stderr
    folder = Path(result.stdout.strip().splitlines()[-1])
    assert {p.name for p in folder.iterdir()} >= {"description.wav", "description.vtt", "mixed.m4a", "mixed.mp3",
                                                   "report.json", "report.html"}
    report = json.loads((folder / "report.json").read_text())
    assert len(report["cues"]) == 3
    for cue in report["cues"]:
        assert {"index", "text", "cue_start_s", "cue_end_s", "spoken_start_s", "spoken_end_s", "speed",
                "overflow"} <= set(cue)
        assert cue["overflow"] or abs(cue["spoken_start_s"] - cue["cue_start_s"]) <= 0.05
    jobs = json.loads(taleforge("status", "--json", home=home).stdout)
    assert jobs[0]["status"] == "done" and jobs[0]["kind"] == "describe"


def test_a_broken_description_track_is_one_line_and_leaves_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "broken.vtt"
    bad.write_text("WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nEnds before it starts.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = taleforge("describe", str(bad), "--out", str(out), home=tmp_path / "home")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "broken.vtt" in result.stderr
    assert not out.exists()


def test_a_described_track_lands_in_s3_with_its_report(ray_cluster, prefect_harness, s3_endpoint,
                                                        tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import boto3

    from flows.describe import describe_media

    track = tmp_path / "scene.vtt"
    track.write_text("WEBVTT\n\n00:00:00.500 --> 00:00:04.000\nA lighthouse on a cliff at dusk.\n\n"
                     "00:00:06.000 --> 00:00:09.000\nA keeper climbs the stair with a lamp.\n", encoding="utf-8")
    result = describe_media(str(track), "s3://books/described")
    assert result.uri == "s3://books/described/scene-described" and result.cues == 2
    s3 = boto3.client("s3")
    keys = {o["Key"] for o in s3.list_objects_v2(Bucket="books", Prefix="described/scene-described/")["Contents"]}
    assert {"described/scene-described/report.json", "described/scene-described/description.wav",
            "described/scene-described/description.vtt"} <= keys
    report = json.loads(s3.get_object(Bucket="books", Key="described/scene-described/report.json")["Body"].read())
    assert [c["overflow"] for c in report["cues"]] == [False, False]
    assert all(abs(c["spoken_start_s"] - c["cue_start_s"]) <= 0.05 for c in report["cues"])
