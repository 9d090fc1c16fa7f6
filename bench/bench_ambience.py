"""Benchmark: what ambience (plan + render + mix) adds to narration, and the decoder's real-time factor.

Usage: python bench/bench_ambience.py [--words 3000] [--json]

Writes the same kind of book as bench_produce.py (chapters of about 1,000 words), then for each chapter,
in one process on this machine: narrates it with the narrator actor's code (Piper, one thread), designs
its ambience with the ambience actor's code (story planner, bridge, procedural decoder), and renders the
chapter twice, with and without the ambience, to time the extra mixing. Reported per book:

  ambience share  (design seconds + extra render seconds) / narration seconds   target <= 0.25
  decoder RTF     decoder render seconds / seconds of audio rendered
  events          how many events per chapter, beds and spots
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
sys.path.insert(0, str(REPO / "bench"))

TARGET_SHARE = 0.25


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=3000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    from bench_produce import write_book

    from actors.ambience import Ambience
    from actors.narrator import Narrator
    from models.ambience.scene import AmbienceSpec, place
    from models.casting import cast_book
    from models.manuscript import read_manuscript
    from models.narration import Voicing
    from models.render import render_chapter
    from models.tts.base import EngineSpec
    from models.voices import Voice

    with tempfile.TemporaryDirectory() as tmp:
        book_path = Path(tmp) / "bench.md"
        words = write_book(book_path, args.words)
        book = read_manuscript(book_path)
        casting = cast_book((c.paragraphs for c in book.chapters), Voice(engine=EngineSpec()))
        narrator = Narrator(Voicing(casting=casting), threads=1)
        designer = Ambience(AmbienceSpec())
        decoder = designer.designer.decoder
        decode_s = decoded_audio_s = 0.0
        render = decoder.render

        def timed_render(conditioning, duration_s):  # type: ignore[no-untyped-def]
            nonlocal decode_s, decoded_audio_s
            started = time.perf_counter()
            audio = render(conditioning, duration_s)
            decode_s += time.perf_counter() - started
            decoded_audio_s += duration_s
            return audio

        decoder.render = timed_render  # type: ignore[method-assign]
        narrate_total = design_total = extra_total = audio_total = 0.0
        beds = spots = 0
        for chapter in book.chapters:
            narration, narrate_s = narrator.narrate(chapter, None, False)
            (ambience, design_s) = designer.design(chapter, None, False)
            out = Path(tmp) / f"ch{chapter.index}"
            started = time.perf_counter()
            render_chapter(narration, [], profile="acx", out_dir=out / "dry", stem_name="c")
            dry_s = time.perf_counter() - started
            started = time.perf_counter()
            placed = place(ambience, narration, 44100)
            render_chapter(narration, [c for c, _ in placed], profile="acx", out_dir=out / "wet", stem_name="c")
            wet_s = time.perf_counter() - started
            narrate_total += narrate_s
            design_total += design_s
            extra_total += max(0.0, wet_s - dry_s)
            audio_total += narration.duration_s
            beds += sum(e.kind == "bed" for e in ambience.events)
            spots += sum(e.kind == "spot" for e in ambience.events)
    share = (design_total + extra_total) / narrate_total
    result = {
        "words": words, "chapters": len(book.chapters), "audio_s": round(audio_total, 1),
        "narrate_s": round(narrate_total, 2), "design_s": round(design_total, 2), "extra_mix_s": round(extra_total, 2),
        "ambience_share": round(share, 3), "target_share": TARGET_SHARE, "share_ok": share <= TARGET_SHARE,
        "decoder_rtf": round(decode_s / max(decoded_audio_s, 1e-9), 4), "beds": beds, "spots": spots,
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"{words} words, {len(book.chapters)} chapters, {audio_total / 60:.1f} min of narration")
        print(f"narration {narrate_total:.1f} s; ambience design {design_total:.1f} s + extra mixing {extra_total:.1f} s")
        print(f"ambience adds {100 * share:.1f}% to narration time (target <= {100 * TARGET_SHARE:.0f}%: "
              f"{'ok' if result['share_ok'] else 'OVER TARGET'})")
        print(f"procedural decoder real-time factor {result['decoder_rtf']:.4f}; {beds} beds, {spots} spots")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
