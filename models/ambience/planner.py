"""The story planner (minimal first version; being improved)."""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from dataclasses import replace

from models.ambience.events import EMOTIONS, KINDS, MAX_EVENTS_PER_SENTENCE, Event, catalogue

__all__ = ["StoryPlanner", "plan_json", "validate_plan"]

log = logging.getLogger(__name__)


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value == int(value):
        return int(value)
    return None


def validate_plan(events: list[Event], n_sentences: int) -> list[Event]:
    """A plan any planner (or an LLM) produced, repaired: pure, one warning per kind of repair."""
    labels = catalogue()
    by_lower = {name.lower(): name for name in labels}
    repairs: Counter[str] = Counter()
    examples: dict[str, str] = {}

    def note(kind: str, example: object) -> None:
        repairs[kind] += 1
        examples.setdefault(kind, repr(example)[:80])

    n = max(0, _as_int(n_sentences) or 0)
    kept: list[Event] = []
    for event in events or []:
        if not isinstance(event, Event):
            note("not an Event", event)
            continue
        label = event.label if isinstance(event.label, str) else None
        if label is not None and label not in labels:
            fixed = by_lower.get(label.strip().lower())
            if fixed is not None:
                note("label spelt differently from the catalogue", label)
                event = replace(event, label=fixed)
                label = fixed
            else:
                label = None
        if label is None:
            note("unknown label", event.label)
            continue
        sentence = _as_int(event.sentence)
        if sentence is None or not 0 <= sentence < n:
            note("sentence out of range", event.sentence)
            continue
        if event.kind not in KINDS:
            note("bad kind", event.kind)
            continue
        changes: dict[str, object] = {}
        if sentence != event.sentence:
            changes["sentence"] = sentence
        intensity = event.intensity
        if not isinstance(intensity, (int, float)) or isinstance(intensity, bool) or not math.isfinite(intensity):
            note("intensity not a number", intensity)
            changes["intensity"] = 0.5
        elif not 0.0 <= intensity <= 1.0:
            note("intensity outside 0..1", intensity)
            changes["intensity"] = min(1.0, max(0.0, float(intensity)))
        confidence = event.confidence
        if not isinstance(confidence, (int, float)) or isinstance(confidence, bool) or not math.isfinite(confidence):
            note("confidence not a number", confidence)
            changes["confidence"] = 0.5
        elif not 0.0 <= confidence <= 1.0:
            note("confidence outside 0..1", confidence)
            changes["confidence"] = min(1.0, max(0.0, float(confidence)))
        if event.emotion not in EMOTIONS:
            note("unknown emotion", event.emotion)
            changes["emotion"] = "neutral"
        if event.cue is not None and not isinstance(event.cue, str):
            note("cue not a string", event.cue)
            changes["cue"] = None
        if not isinstance(event.description, str):
            note("description not a string", event.description)
            changes["description"] = ""
        if event.kind == "bed":
            end = event.end_sentence
            end_i = _as_int(end) if end is not None else sentence
            if end_i is None:
                note("end_sentence not a number", end)
                end_i = sentence
            if end_i < sentence:
                note("end_sentence before sentence", end)
                end_i = sentence
            elif end_i > n - 1:
                note("end_sentence beyond the last sentence", end)
                end_i = n - 1
            if end_i != end:
                changes["end_sentence"] = end_i
        elif event.end_sentence is not None:
            note("end_sentence on a spot", event.end_sentence)
            changes["end_sentence"] = None
        kept.append(replace(event, **changes) if changes else event)

    kept = _merge_beds(kept, note)
    kept = _dedupe_spots(kept, note)
    kept = _trim_per_sentence(kept, note)
    kept.sort(key=lambda e: (e.sentence, 0 if e.kind == "bed" else 1))
    for kind, count in repairs.items():
        log.warning("validate_plan: %s (%d event%s, e.g. %s)", kind, count, "" if count == 1 else "s",
                    examples[kind])
    return kept


def _merge_beds(events: list[Event], note) -> list[Event]:  # type: ignore[no-untyped-def]
    """Beds of one label whose spans overlap become one bed over the union of their spans."""
    out: list[Event] = []
    open_by_label: dict[str, int] = {}
    for event in sorted(events, key=lambda e: (e.sentence, 0 if e.kind == "bed" else 1)):
        if event.kind != "bed":
            out.append(event)
            continue
        i = open_by_label.get(event.label)
        if i is not None and out[i].end_sentence is not None and event.sentence <= out[i].end_sentence:
            prev = out[i]
            note("overlapping beds of one label merged", event.label)
            out[i] = replace(prev, end_sentence=max(prev.end_sentence or prev.sentence,
                                                    event.end_sentence or event.sentence),
                             intensity=max(prev.intensity, event.intensity),
                             confidence=max(prev.confidence, event.confidence))
            continue
        open_by_label[event.label] = len(out)
        out.append(event)
    return out


def _dedupe_spots(events: list[Event], note) -> list[Event]:  # type: ignore[no-untyped-def]
    seen: dict[tuple[str, int], int] = {}
    out: list[Event] = []
    for event in events:
        if event.kind == "spot":
            key = (event.label, event.sentence)
            if key in seen:
                note("duplicate spot dropped", event.label)
                j = seen[key]
                if event.confidence > out[j].confidence:
                    out[j] = event
                continue
            seen[key] = len(out)
        out.append(event)
    return out


def _trim_per_sentence(events: list[Event], note) -> list[Event]:  # type: ignore[no-untyped-def]
    by_sentence: dict[int, list[int]] = {}
    for i, event in enumerate(events):
        by_sentence.setdefault(event.sentence, []).append(i)
    drop: set[int] = set()
    for idx in by_sentence.values():
        if len(idx) > MAX_EVENTS_PER_SENTENCE:
            ranked = sorted(idx, key=lambda i: (-events[i].confidence, i))
            for i in ranked[MAX_EVENTS_PER_SENTENCE:]:
                note(f"more than {MAX_EVENTS_PER_SENTENCE} events on a sentence", events[i].label)
                drop.add(i)
    return [e for i, e in enumerate(events) if i not in drop]


def plan_json(sentences: list[str], events: list[Event]) -> dict:
    """The plan as JSON-ready data: {"sentences": [...], "events": [event.as_dict(), ...]}."""
    return {"sentences": list(sentences), "events": [e.as_dict() for e in events]}


_SIMPLE = [
    (r"\b(rain|raining|rained|drizzle|downpour)\b", "Rain", "bed"),
    (r"\bthunder\b", "Thunder", "spot"),
    (r"\bslamm?(ed|ing)?\b", "Slam", "spot"),
    (r"\bknock(ed|ing|s)?\b", "Knock", "spot"),
    (r"\bfootsteps?\b", "Walk, footsteps", "spot"),
    (r"\bbark(ed|ing)\b", "Bark", "spot"),
    (r"\bgulls?\b", "Gull, seagull", "spot"),
    (r"\bwind\b", "Wind", "bed"),
]


class StoryPlanner:
    """Plans ambience for a chapter's sentences (first version: keyword rules)."""

    def __init__(self, embedder=None) -> None:  # type: ignore[no-untyped-def]
        self._embedder = embedder

    def plan(self, sentences: list[str]) -> list[Event]:
        events: list[Event] = []
        for i, sentence in enumerate(sentences):
            text = sentence.lower() if isinstance(sentence, str) else ""
            for pattern, label, kind in _SIMPLE:
                m = re.search(pattern, text)
                if m:
                    events.append(Event(label, i, kind, 0.5, "neutral",
                                        end_sentence=i if kind == "bed" else None, cue=m.group(0)))
        return validate_plan(events, len(sentences))
