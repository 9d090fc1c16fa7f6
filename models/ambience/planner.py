"""The story planner: a chapter's sentences to ordered, timed sound events; and the plan checker every planner uses."""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from dataclasses import replace

import numpy as np

from models.ambience.cues import (
    CUES,
    EFFECTS,
    FIGURATIVE,
    FIGURATIVE_AFTER,
    HEARING,
    HUMAN,
    IDIOMS,
    MOODS,
    NOT_NAMES,
    PROTOTYPES,
    SCENE_CHANGE,
    STOPS,
    Cue,
)
from models.ambience.events import (
    EMOTIONS,
    KINDS,
    MAX_EVENTS_PER_SENTENCE,
    Event,
    catalogue,
)
from models.ambience.pairing import (
    ANY_PAIRED_VERB,
    CONTEXT_CHARS,
    NEGATED,
    OF_PHRASE,
    OVER_WITH,
    PAIR_RES,
    UNREAL,
    abstract,
    borne_out,
    heard_sources,
    implied_sources,
    intensity,
    paired_sources,
    related,
    skip_clause,
    split_clauses,
    struck_sources,
)

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


MAX_BED_SENTENCES = 40
MAX_BEDS_AT_ONCE = 2
SPOTS_PER_SENTENCE = 1 / 3  # over a whole chapter: most sentences in a novel get no sound
SEMANTIC_THRESHOLD = 0.55  # cosine to a prototype, for a clause that speaks of sound
SEMANTIC_STRICT = 0.68  # for any other clause


# Labels a cue and a source can both give for one sound: keep the cue's.
_SAME_SOURCE = {
    "Thunderstorm": ("Rain", "Thunder", "Wind"), "Bark": ("Dog",), "Dog": ("Bark",), "Howl": ("Bark",),
    "Clip-clop": ("Horse",), "Horse": ("Clip-clop",), "Slam": ("Door",), "Knock": ("Door",), "Creak": ("Door",),
    "Door": ("Creak",), "Shatter": ("Glass",), "Smash, crash": ("Glass", "Car"), "Skidding": ("Car",),
    "Church bell": ("Bell", "Clock"), "Bell": ("Clock", "Church bell"), "Clock": ("Bell",), "Crackle": ("Fire",),
    "Fire": ("Crackle",), "Gunshot, gunfire": ("Machine gun", "Explosion"), "Machine gun": ("Gunshot, gunfire",),
    "Ocean": ("Waves, surf",), "Waves, surf": ("Ocean",), "Meow": ("Cat",), "Boat, Water vehicle": ("Creak",),
    "Steam whistle": ("Train",), "Train": ("Steam whistle",), "Explosion": ("Gunshot, gunfire",),
    "Glass": ("Shatter",), "Typing": ("Mechanisms",), "Alarm": ("Bell",), "Telephone bell ringing": ("Bell",),
    "Thump, thud": ("Knock",), "Crowd": ("Chatter",), "Chatter": ("Crowd",), "Engine": ("Boat, Water vehicle",),
}


def _narration_only(sentence: str) -> str:
    """The sentence with quoted speech blanked out (same length): talk of a shot is not a shot.

    Speech that calls attention to a sound now ("Listen! That's the train") stays: the sound is in the scene.
    """
    from models.dialogue import split_quotes

    if not any(ch in sentence for ch in "\"\u201c\u201d\u2018"):
        return sentence
    segments, _ = split_quotes(sentence)
    return "".join(" " * len(seg.text) if seg.quoted and not _ATTENDING.search(seg.text) else seg.text
                   for seg in segments)


# Speech that points at a sound in the scene now: "Listen, that's the last train", "Can you hear the sea?"
_ATTENDING = re.compile(r"\b(?:listen(?! to (?:me|us|him|her|reason|yourself)| here| up)|hark|hear (?:that|it|them)|"
                        r"(?:can|do|d'you) (?:you|ye) hear)\b", re.IGNORECASE)


_SOUNDING = re.compile(
    r"\b(?:bells?|guns?|rifles?|pistols?|revolvers?|muskets?|cannons?|kettles?|horns?|engines?|motors?|drums?|sirens?|"
    r"klaxons?|whistles?|clocks?|hooves|wheels|doors?|windows?|glass|thunder|storms?|rain|wind|gale|sea|waves?|surf|"
    r"dogs?|hounds?|birds?|owls?|wolf|wolves|crows?|rooks?|gulls?|frogs?|crickets?|bees?|flies|cats?|horses?|"
    r"crowds?|audience|axe|hammer|typewriters?|presses|machines?|train|tram|trains|planes?|bombers?|shells?|bombs?|"
    r"river|stream|brook|waterfall|fire|flames|logs|stairs?|boards?|floor|tyres?|tires?|brakes|maxim)\b",
    re.IGNORECASE)


_ABSTRACT_SUBJECT = re.compile(
    r"\b(?:idea|ideas|thought|thoughts|price|prices|shares?|sales|population|news|rumou?rs?|temper|anger|market|"
    r"markets|numbers|costs|mind|head|heart|hopes?|dreams?|plans?|career|confidence|nerves|world|relationship|"
    r"words|pulse|blood|profits?|stocks?|economy|opinion|feelings?|emotions?|rage|panic|fear|jokes?|speech|"
    r"remarks?|lines?|punchline|suggestions?|proposals?|comments?|questions?|story|stories|announcement|verdict|"
    r"decision|accusations?|insults?|abuse|criticism|praise|compliments?|reply|answer|argument|policy|scheme|"
    r"campaign|scandal|affair|career|reputation|marriage|team|side|defence|defense|economy|system|government)"
    r"\s+(?:(?!(?:the|a|an|his|her|their|its|of|with|as)\b)\w+\s+){0,2}$", re.IGNORECASE)
_RAIN_SUBJECT = re.compile(r"\b(?:it|rain|sky|skies|heavens|clouds?|weather|storm|there)\s+(?:(?:had|has|was|were|is|"
                           r"been|kept|had been|still|now|then|began|started|went on)\s+){0,3}$", re.IGNORECASE)
_PERSON = re.compile(
    r"\b(?:he|she|i|we|they|you|man|woman|men|women|boy|girl|lawyer|sergeant|captain|general|officer|father|mother|"
    r"uncle|aunt|teacher|master|boss|colonel|major|corporal|lieutenant|sheriff|voice|prosecutor|judge|preacher|"
    r"priest|vicar|king|queen|lord|lady|doctor|nurse|soldier|sailor|driver|landlord|mate|coach|chairman|speaker)\b|(?<![.!?]\s)\b[A-Z][a-z]+\b")
_SOURCE = re.compile(
    r"\b(?:thunder|sky|storm|clouds?|guns?|cannons?|artillery|bombs?|shells?|dogs?|hounds?|wolf|wolves|coyotes?|"
    r"engines?|wind|gale|sea|waves?|surf|train|planes?|aircraft|it|something|beast|animal|creature)\b", re.IGNORECASE)
_AGENT = re.compile(
    r"(?:\b(?:he|she|i|we|they|you|man|woman|men|women|boy|girl|children|dog|horse|cat|fox|deer|hare|rabbit|"
    r"soldiers|people|everyone|somebody|someone)|\b(?!" + NOT_NAMES + r"\b|(?:Rain|Water|Sweat|Blood|Tears|Time|"
    r"Wind|Smoke|Light|Ice|Snow|Mud|Paint|Ink|Wine|Oil|Dust|Sand|Fear|Pain|Cold|Heat|Word|News|Talk)\b)"
    r"[A-Z][a-z]+)\s+(?:\w+ly\s+)?$")

_NAMED_SUBJECT = re.compile(r"\s*[\"'\u201c\u2018]?(?!" + NOT_NAMES + r"\b)([A-Z][a-z]+)\s+(?:[a-z]+ed\b|was\b|had\b|,)")


def _person_subject(text: str, start: int) -> bool:
    """Whether the nearest agent before a verb in its sentence is a person (not thunder, a dog, an engine)."""
    before = text[:start]
    person = [m.end() for m in _PERSON.finditer(before) if m.group(0) != before.lstrip()[: len(m.group(0))]
              or m.group(0).lower() in ("he", "she", "i", "we", "they", "you")]
    opening = _NAMED_SUBJECT.match(before)
    if opening and not any(n.fullmatch(opening.group(1)) for _, n, _ in PAIR_RES) and not _SOURCE.fullmatch(
            opening.group(1)):
        person.append(opening.end(1))  # "Harcourt bristled, then thundered": a name opening the sentence
    source = [m.end() for m in _SOURCE.finditer(before)]
    return bool(person) and (not source or max(person) > max(source))


def _figurative(text: str, start: int, end: int, cue: Cue) -> bool:
    """Whether the cue at text[start:end] is a figure of speech (or denied) rather than a sound in the scene."""
    before = text[max(0, start - CONTEXT_CHARS) : start]
    if NEGATED.search(before):
        return True  # "had never once fired his gun", "no sound of rain"
    clause = re.split(r"[.;:!?]", text[:start])[-1]
    if UNREAL.search(clause):
        return True  # remembered, imagined or hoped-for sounds: "if the dog barked", "she remembered the bells"
    word = text[start:end]
    if word[:1].isupper() and (text[:start].strip(" \"'\u201c\u2018") or
                               re.match(r"\s+[A-Z]", text[end : end + 3])):
        return True  # a proper name: "the Shattered Isles", "Thunder Bay"
    after = text[end : end + 40]
    if _COMPOUND_ADJECTIVE.match(after):
        return True  # "rain-soaked", "wind-burned", "fire-blackened": a state the word describes, not a sound now
    of = OF_PHRASE.match(after)
    if abstract(of) and cue.after_cue_figurative and " of " not in word:
        return True  # "a wave of relief", "a barrage of questions", "a storm of protest"
    if _ABSTRACT_SUBJECT.search(before[-40:]):
        return True  # "the idea exploded", "the share price had exploded", "prices crashed", "the joke landed with a thud"
    if cue.label == "Rain" and word.lower() in ("rained", "raining") and not _RAIN_SUBJECT.search(before):
        return True  # "questions rained down on him", "blows rained on the door": rain is what the sky does
    if OVER_WITH.match(after):
        return True  # "crashed over her", "exploded with messages"
    if _DENIED_AFTER.match(after):
        return True  # "trains no longer stopped at Ashby Road"
    if cue.needs_agent and not _AGENT.search(before):
        return True  # "a stain ran along the finger"
    for idiom in IDIOMS.finditer(text):
        if idiom.start() <= end and start <= idiom.end() and not (start <= idiom.start() and idiom.end() <= end):
            return True  # (a cue that spells the figure out, "a roaring sea of humanity", means it literally)
    if any(p.search(before) for p in FIGURATIVE) or (_METAPHOR.search(before) and " of " not in word):
        return True  # "fell like a thunderbolt", "her temper was a prairie fire"
    if cue.after_cue_figurative and FIGURATIVE_AFTER.search(after):
        return True
    return cue.human_verb and (bool(HUMAN.search(before)) or _person_subject(text, start))
_COMPOUND_ADJECTIVE = re.compile(r"-(?:soaked|sodden|swept|blown|burn(?:ed|t)|scarred|damaged|stained|washed|"
                                 r"darkened|slicked|bleached|blackened|scorched|worn|beaten|proof|resistant|tight)\b",
                                 re.IGNORECASE)
_METAPHOR = re.compile(
    r"\b(?:temper|anger|life|mind|heart|love|news|marriage|voice|eyes|he|she|it|they)\s+(?:was|is|were|had been)\s+"
    r"(?:a|an|like a|like an)\s+(?:\w+\s+){0,2}$|"
    # "the interview was a car crash": a thing said to be a sound, unless the thing is itself a sound
    r"\b(?!(?:there|that|this|what|which|sound|noise|cry|call|answer|reply|signal|culprit|source|cause)\b)[a-z]+\s+"
    r"(?:was|is|had been|became)\s+(?:a|an)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
# "Trains no longer stopped there", "the dog did not bark": the sentence denies what follows the source
_DENIED_AFTER = re.compile(
    r"^\s+(?:\w+\s+)?(?:no longer|no more|(?:never|did not|didn't|does not|doesn't|had not|hadn't|was not|wasn't|"
    r"were not|weren't|could not|couldn't|would not|wouldn't)\b(?!\s+(?:stop|cease|let up|die|relent|abate|ease|end|"
    r"quit|stops|stopped|ceased|died|eased|ended)))", re.IGNORECASE)
_POSSESSION = re.compile(r"\b(?:had|has)\s+an?\s+(?:\w+\s+)?$", re.IGNORECASE)
_COMPILED = tuple((cue, re.compile(r"\b(?:" + cue.pattern + r")\b", re.IGNORECASE)) for cue in CUES)


def _description(sentence: str, start: int, end: int) -> str:
    left = max(sentence.rfind(",", 0, start), sentence.rfind(";", 0, start)) + 1
    right = min([i for i in (sentence.find(",", end), sentence.find(";", end)) if i >= 0] or [len(sentence)])
    return " ".join(sentence[left:right].split()).strip(" .!?\"'\u201c\u201d")[:100]


_WATERSIDE = re.compile(r"\b(?:ship|ships|boat|harbou?r|quay|sea|fog|river|dock|docks|steamer|ferry|port|wharf)\b",
                        re.IGNORECASE)


def _in_context(event: Event, sentences: list[str]) -> Event:
    """A horn by the water is a ship's horn, not a car's."""
    if event.label == "Vehicle horn, car horn, honking":
        nearby = " ".join(sentences[max(0, event.sentence - 3) : event.sentence + 2])
        if _WATERSIDE.search(nearby):
            return replace(event, label="Steam whistle")
    return event


_VESSEL = re.compile(r"\b(?:ship|brig|schooner|ketch|sloop|yacht|boat|trawler|barge|mast|rigging|vessel|galleon|"
                     r"frigate|lugger|cutter|her timbers)\b", re.IGNORECASE)
_WATERS = re.compile(
    r"\b(?:sea|seas|shore|beach|surf|harbou?r|bay|boat|ship|deck|bow|tide|swell|ocean|lake|loch|rocks|cliffs?|"
    r"shingle|sand|sands|pier|quay|jetty|breakwater|coast|spray|sail|sails|water|river|pool|swimm\w*|surfer|"
    r"island|reef|lagoon|waterline|gunwale|shoreline|seawall|sea wall|promenade)\b", re.IGNORECASE)
_RUNNING = re.compile(r"\b(?:ran|run|running|raced|racing|sprint\w*|dash\w*|fled|bolted|charg\w*|hurtl\w*|pelt\w*|"
                      r"two at a time|at a run|broke into a run|scrambl\w*|flying)\b", re.IGNORECASE)
_RAILWAY = re.compile(r"\b(?:train|trains|express|locomotive|station|platform|railway|railroad|line|points|rails|"
                      r"carriage|compartment|level crossing|signal box|viaduct|tunnel)\b", re.IGNORECASE)
_WHISTLING = re.compile(r"\b(?:shriek\w*|whistl\w*|scream\w*|hoot\w*|blast)\b", re.IGNORECASE)
_WEATHER = re.compile(r"\b(?:storm\w*|rain\w*|lightning|thunder\w*|clouds?|sky|skies|downpour|drops|squall|gale|"
                      r"tempest|fells|hills|downs)\b", re.IGNORECASE)
_EXPLAINED_BY = {  # in one sentence, a sound the other event is already making
    "Creak": ("Frog", "Cricket", "Boat, Water vehicle"),
    "Walk, footsteps": ("Run",),
}


def _scene_logic(events: list[Event], sentences: list[str]) -> list[Event]:
    """What the surrounding sentences say about a sound: a creak at sea is the ship, a rumble in a storm thunder.

    Pure and local: each rule reads the event's own sentence and its two neighbours on each side.
    """
    def nearby(i: int) -> str:
        return " ".join(sentences[max(0, i - 2) : i + 3])

    out: list[Event] = []
    for e in events:
        text = sentences[e.sentence]
        label = e.label
        if label == "Creak" and _VESSEL.search(text):
            label = "Boat, Water vehicle"  # her timbers groaning: the ship is the sound
        elif label == "Walk, footsteps" and _RUNNING.search(text):
            label = "Run"
        elif label == "Engine" and _WHISTLING.search(text) and _RAILWAY.search(nearby(e.sentence)):
            label = "Steam whistle"  # "the engine gave a long shriek" on the railway is its whistle
        elif label == "Rumble" and _WEATHER.search(nearby(e.sentence)):
            label = "Thunder"  # a grumble far off under a slate sky
        elif label == "Waves, surf" and (e.cue or "").lower() in ("wave", "waves") and not _WATERS.search(
                nearby(e.sentence).replace(e.cue or "", "", 1)):
            continue  # "until the wave had passed", with no water anywhere near: a figure
        if label != e.label:
            e = replace(e, label=label, kind=catalogue()[label].kind)
        out.append(e)
    kept: list[Event] = []
    for e in out:
        here = {o.label for o in out if o.sentence == e.sentence and o is not e}
        if any(other in here for other in _EXPLAINED_BY.get(e.label, ())):
            continue
        if any(k.sentence == e.sentence and k.label == e.label for k in kept):
            continue
        kept.append(e)
    return kept


def _claimed(cue: str | None, literal_cue: str | None) -> bool:
    """Whether a literal cue of several words already names this cue's word: "a wind chime tinkled" is no wind."""
    return bool(cue and literal_cue and len(literal_cue.split()) > 1 and len(cue.split()) < len(literal_cue.split())
                and re.search(r"\b" + re.escape(cue) + r"\b", literal_cue, re.IGNORECASE))


_STROKES = re.compile(r"\b(?:str(?:uck|ikes?|iking)|chim(?:es?|ed|ing)|toll(?:s|ed|ing)?|bong(?:s|ed)?|"
                      r"boom(?:s|ed)? out|r[ai]ng out|sound(?:s|ed)? the hour)\b", re.IGNORECASE)


def _one_stroke(event: Event) -> Event:
    """A clock heard striking is heard once, at its sentence: a spot, not ticking under the whole scene."""
    if event.label == "Clock" and event.kind == "bed" and event.cue and _STROKES.search(event.cue):
        return replace(event, kind="spot")
    return event


class StoryPlanner:
    """The embedded planner: literal sound cues in the words, MiniLM for what the words do not name.

    Literal cues (verbs and nouns of sound, onomatopoeia) give candidates, and so do sources named with
    what they do ("water drummed on the roof", "the latch gave", "it burst on the cobbles": `PAIRINGS`),
    with what is done to them ("struck the front door twice": `CONTACTS`) or after a noun of sound ("the
    clank and chug of the old tractor"); a source's verb is its own ("the engines howled" is no wolf).
    Figurative uses (similes, idioms, "a storm of protest", "he thundered", "questions rained down"),
    denials and depictions are dropped. The sentences around an event settle what it is (a creak at sea is
    the ship, a grumble under a storm sky thunder, a carriage on the Underground a train), and where a
    sentence names nothing, what the scene implies ("the windows rattled" by the railway is a train:
    `implied_sources`). MiniLM adds a guess only where a clause has a verb of sound that nothing literal
    took, and only when the clause and the scene bear the guess out. Beds last from the sentence that sets
    them to a scene change or a stated stop; spots are capped so that most sentences stay quiet.
    """

    def __init__(self, embedder=None, *, semantic: bool = True) -> None:  # type: ignore[no-untyped-def]
        self._embedder = embedder
        self.semantic = semantic
        self._prototypes: tuple[list[str], np.ndarray] | None = None  # labels and embeddings of PROTOTYPES

    # -- literal ----------------------------------------------------------------------------------
    def _literal(self, i: int, sentence: str) -> list[Event]:
        found: list[Event] = []
        taken: list[tuple[int, int]] = []
        for cue, pattern in _COMPILED:
            for m in pattern.finditer(sentence):
                if any(m.start() < b and a < m.end() for a, b in taken) and cue.kind == "spot":
                    continue
                if _figurative(sentence, m.start(), m.end(), cue) or (
                        cue.kind == "spot" and _POSSESSION.search(sentence[max(0, m.start() - 30) : m.start()])):
                    continue
                taken.append((m.start(), m.end()))
                found.append(Event(cue.label, i, cue.kind, intensity(sentence, cue.intensity), cue=m.group(0),
                                   description=_description(sentence, m.start(), m.end()), confidence=0.9))
                break
        return found

    # -- semantic -----------------------------------------------------------------------------------
    def _embed(self, texts: list[str]) -> np.ndarray:
        if self._embedder is None:
            from models.ambience.embed import Embedder

            self._embedder = Embedder.bundled()
        return self._embedder.embed(texts)

    def _semantic(self, sentences: list[str], literal: list[Event]) -> list[Event]:
        """Sounds the words imply but no pattern pairs, by MiniLM similarity of a clause to the prototypes.

        A second signal, gated by literal evidence: only for a clause whose sound words no literal event
        took, with a verb of sound that no person does, and the guess must be borne out by a
        verb of its own class in the clause and a source of its class in the scene ("they clattered into
        the cobbled yard" two sentences after the riders). A clause that speaks of hearing needs
        SEMANTIC_THRESHOLD, any other SEMANTIC_STRICT; figurative clauses are skipped.
        """
        cues: dict[int, list[str]] = {}
        for e in literal:
            cues.setdefault(e.sentence, []).append((e.cue or "").lower())
        clauses: list[tuple[int, str, bool]] = []
        for i, sentence in enumerate(sentences):
            for clause in split_clauses(sentence):
                if any(cue and cue in clause.lower() for cue in cues.get(i, ())):
                    continue  # the literal reading already accounts for this clause's sound words
                if skip_clause(clause) or not ANY_PAIRED_VERB.search(clause) or EFFECTS.search(clause):
                    continue  # (an effect, "the windows rattled", is the scene's to explain: `implied_sources`)
                hearing = bool(HEARING.search(clause.lower()))
                if hearing or _SOUNDING.search(clause):  # MiniLM only where a sound is plausible: it costs
                    clauses.append((i, clause, hearing))
        if not clauses:
            return []
        if self._prototypes is None:
            names = [label for label, phrases in PROTOTYPES.items() for _ in phrases if label in catalogue()]
            texts = [p for label, phrases in PROTOTYPES.items() for p in phrases if label in catalogue()]
            self._prototypes = (names, self._embed(texts))
        names, prototypes = self._prototypes
        scores = self._embed([c for _, c, _ in clauses]) @ prototypes.T
        have = {(e.sentence, e.label) for e in literal}
        best: dict[tuple[int, str], Event] = {}
        for (i, clause, hearing), row in zip(clauses, scores):
            k = int(np.argmax(row))
            score, label = float(row[k]), names[k]
            if score < (SEMANTIC_THRESHOLD if hearing else SEMANTIC_STRICT) or (i, label) in have:
                continue
            if any(s == i and related(label, other) for s, other in have):
                continue
            if any(i - 3 <= s <= i and (related(label, other) or label in _SAME_SOURCE.get(other, ()))
                   for s, other in have):
                continue  # a source already sounding, described again ("the noise subsided into a murmur")
            if not borne_out(label, clause, sentences, i):
                continue
            kind = catalogue()[label].kind
            event = Event(label, i, kind, intensity(clause, 0.5), description=clause[:100], confidence=round(score, 3))
            if (i, label) not in best or best[(i, label)].confidence < event.confidence:
                best[(i, label)] = event
        return list(best.values())

    # -- scenes -----------------------------------------------------------------------------------
    @staticmethod
    def _scene_ends(sentences: list[str]) -> list[int]:
        """For each sentence, the last sentence of its scene."""
        n = len(sentences)
        ends = [n - 1] * n
        last = n - 1
        for i in range(n - 1, -1, -1):
            ends[i] = last
            if not sentences[i].strip() or SCENE_CHANGE.search(sentences[i].strip()):
                last = i - 1
        return ends

    @staticmethod
    def _scene_text(sentences: list[str], ends: list[int], i: int) -> str:
        """The sentences of i's scene around it (three before, one after): where a source may be implied."""
        first = i
        while first > max(0, i - 3) and ends[first - 1] == ends[i]:
            first -= 1
        return " ".join(sentences[first : min(ends[i], i + 1) + 1])

    @staticmethod
    def _mood(sentences: list[str], start: int, end: int) -> str:
        text = " ".join(sentences[start : end + 1]).lower()
        counts = {mood: len(p.findall(text)) for mood, p in MOODS.items()}
        best = max(counts, key=lambda k: (counts[k], k == "tension"))
        return best if counts[best] > 0 else "neutral"

    def _beds(self, beds: list[Event], sentences: list[str]) -> list[Event]:
        ends = self._scene_ends(sentences)
        out: list[Event] = []
        for bed in sorted(beds, key=lambda e: e.sentence):
            end = min(ends[bed.sentence], bed.sentence + MAX_BED_SENTENCES - 1)
            stop = STOPS.get(bed.label)
            if stop is not None:
                for j in range(bed.sentence + 1, end + 1):
                    if stop.search(sentences[j].lower()):
                        end = j
                        break
            if out and any(o.label in (bed.label, *catalogue()[bed.label].parents) and o.end_sentence is not None
                           and o.end_sentence >= bed.sentence for o in out):
                continue  # the same bed (or its parent: the sea, then its waves) is already sounding
            running = [k for k, o in enumerate(out) if (o.end_sentence or o.sentence) >= bed.sentence]
            if len(running) >= MAX_BEDS_AT_ONCE:
                oldest = min(running, key=lambda k: out[k].sentence)
                out[oldest] = replace(out[oldest], end_sentence=max(out[oldest].sentence, bed.sentence - 1))
            out.append(replace(bed, end_sentence=end))
        return out

    def plan(self, sentences: list[str]) -> list[Event]:
        sentences = [s if isinstance(s, str) else "" for s in sentences]
        printed = sentences
        sentences = [_narration_only(s) for s in sentences]  # what characters say is not heard in the scene
        literal: list[Event] = []
        ends = self._scene_ends(printed)
        for i, sentence in enumerate(sentences):
            if sentence.strip():
                before = sentences[i - 1] if i > 0 and ends[i - 1] == ends[i] else ""
                paired = paired_sources(i, sentence, before, self._scene_text(sentences, ends, i))
                # a verb whose subject the pairings found is that subject's sound: "the engines howled" is
                # no wolf, "water chattered over the stones" no conversation, "a bottle smashed" a shatter,
                # "the lift doors rumbled open" a door
                found = [e for e in self._literal(i, sentence)
                         if len((e.cue or "").split()) > 1 or not any(
                             p.label != e.label and p.cue and e.cue and re.search(
                                 r"\b" + re.escape(e.cue) + r"\b", p.cue, re.IGNORECASE) for p in paired)]
                for extra in (paired, struck_sources(i, sentence), heard_sources(i, sentence)):
                    found += [e for e in extra
                              if not any(related(e.label, f.label) or e.label in _SAME_SOURCE.get(f.label, ())
                                         or _claimed(e.cue, f.cue) for f in found)]
                if not found:  # nothing named: what the scene implies ("the windows rattled" by the railway)
                    recent = {e.label for e in literal if i - 2 <= e.sentence < i and ends[e.sentence] == ends[i]}
                    found = [e for e in implied_sources(i, sentence, self._scene_text(sentences, ends, i))
                             if not any(related(e.label, r) for r in recent)]
                literal.extend(found)
        literal = _scene_logic(literal, sentences)
        guessed = self._semantic(sentences, literal) if self.semantic else []
        events = [_one_stroke(_in_context(e, sentences)) for e in literal + guessed]
        beds = self._beds([e for e in events if e.kind == "bed"], printed)
        spots = [e for e in events if e.kind == "spot"]
        limit = max(8, int(len(sentences) * SPOTS_PER_SENTENCE))
        if len(spots) > limit:
            keep = sorted(range(len(spots)), key=lambda k: (-spots[k].confidence, k))[:limit]
            spots = [spots[k] for k in sorted(keep)]
        placed = [replace(e, emotion=self._mood(printed, e.sentence, e.end_sentence or ends[e.sentence]))
                  for e in beds + spots]
        return validate_plan(placed, len(sentences))
