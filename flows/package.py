"""Assembling the book folder from finished chapters: M4B, chapter files, captions, manifest, QA report."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from models.manuscript.types import Manuscript
from models.package import write_m4b, write_manifest
from models.report import render_report

from flows.chapters import ChapterDone
from flows.settings import SOFTWARE_VERSION

__all__ = ["assemble_book"]


def _link_or_copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        dst.hardlink_to(src)
    except OSError:
        shutil.copyfile(src, dst)


def assemble_book(
    book: Manuscript,
    done: list[ChapterDone],
    *,
    folder: Path,
    slug: str,
    title: str,
    author: str,
    narrator: str,
    profile: str,
) -> dict[str, object]:
    """Lay out `folder` as DESIGN.md's book folder and return the manifest written into it."""
    folder.mkdir(parents=True, exist_ok=True)
    chapter_entries: list[dict[str, object]] = []
    report_chapters: list[dict[str, object]] = []
    mp3s: list[Path] = []
    for d in done:
        name, r = d.job.name, d.rendered
        mp3 = folder / "chapters" / f"{name}.mp3"
        _link_or_copy(Path(r.mp3), mp3)
        _link_or_copy(Path(r.vtt), folder / "chapters" / f"{name}.vtt")
        _link_or_copy(Path(r.timeline), folder / "timeline" / f"{name}.json")
        for stem in r.stems:
            _link_or_copy(Path(stem), folder / "stems" / Path(stem).name)
        mp3s.append(mp3)
        m = r.measurement
        chapter_entries.append({
            "index": d.job.chapter.index,
            "title": d.job.chapter.title,
            "file": f"chapters/{name}.mp3",
            "captions": f"chapters/{name}.vtt",
            "timeline": f"timeline/{name}.json",
            "duration_s": round(r.duration_s, 3),
            "rms_db": round(m["rms_db"], 2),
            "peak_db": round(m["peak_db"], 2),
            "noise_floor_db": round(m["noise_floor_db"], 2),
            "lufs": round(m["lufs"], 2),
            "words": d.job.chapter.words,
            "compliant": not r.failures,
            "failures": r.failures,
        })
        events = json.loads(Path(r.timeline).read_text(encoding="utf-8")).get("events", [])
        report_chapters.append({
            "index": d.job.chapter.index, "title": d.job.chapter.title, "file": f"chapters/{name}.mp3",
            "duration_s": r.duration_s, "measurement": m, "failures": r.failures,
            "envelope": r.envelope, "events": events,
        })
    write_m4b(
        mp3s,
        [d.job.chapter.title for d in done],
        folder / f"{slug}.m4b",
        title=title,
        author=author,
        narrator=narrator,
        cover=book.cover,
        cover_media_type=book.cover_media_type,
        chapter_frames=[round(d.rendered.duration_s * 44100) for d in done],
    )
    manifest: dict[str, object] = {
        "title": title,
        "author": author,
        "narrator": narrator,
        "profile": profile,
        "audiobook": f"{slug}.m4b",
        "duration_s": round(sum(d.rendered.duration_s for d in done), 3),
        "chapters": chapter_entries,
        "compliant": all(not d.rendered.failures for d in done),
        "software": {"name": "taleforge", "version": SOFTWARE_VERSION},
    }
    render_report({"title": title, "author": author, "narrator": narrator}, report_chapters,
                  folder / "report.html", profile=profile)
    write_manifest(folder / "manifest.json", manifest)
    return manifest
