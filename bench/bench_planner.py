"""Benchmark: ambience planner quality on a labelled set of passages (precision, recall, F1).

Usage: python bench/bench_planner.py [--json] [--details] [--sets tuned,heldout,...]

The passages in bench/passages/ were written and labelled by hand for taleforge: for each, the AudioSet
labels a sound designer would place and the sentence that motivates each one, including figurative
passages (sound words used as figures of speech: no events) and silent ones. Development sets (the rules
were written or tuned looking at them): tuned, heldout, blind, dev2 to dev9. Unseen sets,
written by people who never saw the planner and never read by anyone tuning it (only their scores were
seen): blind2 and blind6 (paraphrase-heavy by design: sources implied, rarely named), blind8 and blind10 (a mix), blind3, blind4, blind5, blind7 and
blind9 (ordinary fiction wording).

Matching: a predicted event matches a gold event when the labels are equal, or one is a catalogue parent
of the other (its `parents`, from the AudioSet ontology), and the sentence is within +-1; each gold event
matches at most one prediction. Precision = matched / predicted, recall = matched / gold.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
TARGET_F1 = 0.8
DEVELOPMENT = ("tuned", "heldout", "blind", *(f"dev{n}" for n in range(2, 10)))  # tuned looking at these
UNSEEN = tuple(f"blind{n}" for n in range(2, 11))  # written blind; only their scores were seen


def _set_names(value: str) -> tuple[str, ...]:
    names = tuple(name.strip() for name in value.split(",") if name.strip())
    missing = [name for name in names if not (REPO / "bench" / "passages" / f"{name}.json").is_file()]
    if not names or missing:
        raise argparse.ArgumentTypeError(f"no passage set named {missing or value!r} in bench/passages/")
    return names


def _related(a: str, b: str) -> bool:
    from models.ambience.events import catalogue

    classes = catalogue()
    return a == b or (a in classes and b in classes[a].parents) or (b in classes and a in classes[b].parents)


def score(passages: list[dict], planner) -> dict:  # type: ignore[no-untyped-def]
    matched = predicted = gold = 0
    figurative_fp = silent_fp = 0
    details = []
    sentences_total = 0
    started = time.perf_counter()
    for passage in passages:
        events = planner.plan(passage["sentences"])
        sentences_total += len(passage["sentences"])
        free = list(passage["events"])
        hits = 0
        for e in events:
            for g in free:
                if _related(e.label, g["label"]) and abs(e.sentence - g["sentence"]) <= 1:
                    free.remove(g)
                    hits += 1
                    break
        matched += hits
        predicted += len(events)
        gold += len(passage["events"])
        if passage.get("type") == "figurative":
            figurative_fp += len(events) - hits
        if passage.get("type") == "silent":
            silent_fp += len(events)
        details.append({"id": passage["id"], "predicted": [(e.label, e.sentence, e.kind) for e in events],
                        "missed": [(g["label"], g["sentence"]) for g in free], "hits": hits})
    elapsed = time.perf_counter() - started
    precision = matched / predicted if predicted else 1.0
    recall = matched / gold if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"passages": len(passages), "gold": gold, "predicted": predicted, "matched": matched,
            "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
            "figurative_false_positives": figurative_fp, "silent_false_positives": silent_fp,
            "ms_per_sentence": round(1000 * elapsed / max(1, sentences_total), 2), "details": details}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--details", action="store_true")
    parser.add_argument("--sets", type=_set_names, default=DEVELOPMENT + UNSEEN, metavar="NAME,...",
                        help="comma-separated passage sets to score (default: all; "
                             f"development sets: {','.join(DEVELOPMENT)})")
    args = parser.parse_args(argv)
    from models.ambience.planner import StoryPlanner

    planner = StoryPlanner()
    planner.plan(["The rain fell and a dog barked."])  # load MiniLM outside the timing
    sets = {name: json.loads((REPO / "bench" / "passages" / f"{name}.json").read_text())["passages"]
            for name in args.sets}
    results = {name: score(passages, planner) for name, passages in sets.items()}
    groups = {"development": [n for n in args.sets if n in DEVELOPMENT],
              "unseen": [n for n in args.sets if n in UNSEEN]}
    groups = {group: names for group, names in groups.items() if names}
    for group, names in groups.items():
        results[group] = score([p for name in names for p in sets[name]], planner)
    results["all"] = score([p for name in sets for p in sets[name]], planner)
    if args.json:
        print(json.dumps({k: {kk: vv for kk, vv in v.items() if kk != "details" or args.details}
                          for k, v in results.items()}, indent=2))
        return 0
    for name, r in results.items():
        print(f"{name:8s} passages {r['passages']:3d}  gold {r['gold']:3d}  predicted {r['predicted']:3d}  "
              f"P {r['precision']:.2f}  R {r['recall']:.2f}  F1 {r['f1']:.2f}  "
              f"(figurative FP {r['figurative_false_positives']}, silent FP {r['silent_false_positives']}, "
              f"{r['ms_per_sentence']:.1f} ms/sentence)")
        if args.details:
            for d in r["details"]:
                if d["missed"] or len(d["predicted"]) != d["hits"]:
                    print(f"   {d['id']}: predicted {d['predicted']} missed {d['missed']}")
    for group in groups:
        f1 = results[group]["f1"]
        print(f"F1 on {group} passages {f1:.2f} (target >= {TARGET_F1}: {'ok' if f1 >= TARGET_F1 else 'NOT MET'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
