"""Benchmark: audio-description jobs, wall time per minute of programme.

Usage: python bench/bench_describe.py [--json]

Runs `models.describe.describe` (the code the `describe-media` flow runs, with a local Piper voice
instead of the Ray actor) on the shared sample tracks: the rabbit video (with its programme audio, standard
and extended) and the Deadline and IT-accessibility tracks with their captions (no media: stem and
report only). Reports seconds of wall time per minute of output, and overflows. Needs ../shared/corpus.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
CORPUS = REPO.parent / "shared" / "corpus" / "descriptions"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"no sample tracks at {CORPUS}; nothing to measure", file=sys.stderr)
        return 0
    from models.describe import describe
    from models.tts.base import EngineSpec, build_engine

    engine = build_engine(EngineSpec(threads=1))
    rabbit, able = CORPUS / "act-rules-rabbit", CORPUS / "ableplayer"
    jobs = [
        ("rabbit", rabbit / "descriptions.vtt", {"program": rabbit / "video.mp4"}),
        ("rabbit extended", rabbit / "descriptions.vtt", {"program": rabbit / "video.mp4", "extended": True}),
        ("deadline", able / "deadline_descriptions_en.vtt", {"captions": able / "deadline_captions_en.vtt"}),
        ("deadline extended", able / "deadline_descriptions_en.vtt",
         {"captions": able / "deadline_captions_en.vtt", "extended": True}),
        ("itaccess extended", able / "itaccess_description_en.vtt",
         {"captions": able / "itaccess_captions_en.vtt", "extended": True}),
    ]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, track, options in jobs:
            started = time.perf_counter()
            result = describe(track, Path(tmp) / name.replace(" ", "-"), engine=engine, **options)
            wall = time.perf_counter() - started
            rows.append({"job": name, "output_min": round(result.output_s / 60, 2), "wall_s": round(wall, 2),
                         "wall_s_per_programme_min": round(wall / max(result.output_s / 60, 1e-9), 2),
                         "cues": len(result.placements), "overflows": len(result.overflows),
                         "pause_s": round(sum(p.pause_s for p in result.placements), 2)})
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    for r in rows:
        print(f"{r['job']:18s} {r['output_min']:5.2f} min  {r['wall_s']:6.1f} s  = {r['wall_s_per_programme_min']:5.1f} "
              f"s per programme minute; {r['cues']} cues, {r['overflows']} overflow, {r['pause_s']} s paused")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
