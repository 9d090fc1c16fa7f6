"""The story planner: literal sounds found, figures of speech ignored, scenes respected, plans bounded and valid."""

from __future__ import annotations

import logging

import pytest

from models.ambience.events import MAX_EVENTS_PER_SENTENCE, Event, catalogue
from models.ambience.planner import StoryPlanner, plan_json, validate_plan


@pytest.fixture(scope="module")
def planner() -> StoryPlanner:
    return StoryPlanner()


def labels(events: list[Event]) -> set[tuple[str, int]]:
    return {(e.label, e.sentence) for e in events}


@pytest.mark.parametrize(
    ("literal", "figurative", "label"),
    [
        ("Thunder rolled along the valley.", "The news fell on the family like a thunderbolt.", "Thunder"),
        ("Somewhere beyond the wall a dog barked.", "The sergeant barked an order at the men.", "Bark"),
        ("A shot cracked across the yard.", "He fired questions at them across the table.", "Gunshot, gunfire"),
        ("The window shattered beside her head.", "Their client was a wreck, his confidence shattered.", "Shatter"),
        ("Rain lashed the narrow windows.", "Reporters rained questions on the defence team.", "Rain"),
        ("Somewhere near the river a bomb exploded.", "By two o'clock the rumours had exploded across the building.",
         "Explosion"),
        ("She slammed the door behind her.", "He had never once slammed a door in his life.", "Slam"),
    ],
)
def test_literal_sounds_are_planned_and_figures_of_speech_are_not(planner: StoryPlanner, literal: str,
                                                                  figurative: str, label: str) -> None:
    assert label in {e.label for e in planner.plan([literal])}
    assert planner.plan([figurative]) == []


def test_a_storm_of_applause_is_applause_but_a_storm_of_protest_is_nothing(planner: StoryPlanner) -> None:
    assert {e.label for e in planner.plan(["A storm of applause swept the theatre."])} == {"Applause"}
    assert planner.plan(["A storm of protest followed the announcement."]) == []


def test_quiet_text_gets_no_events(planner: StoryPlanner) -> None:
    quiet = ["My mother kept her letters in a biscuit tin under the bed.",
             "After she died I read them all in one afternoon.", "", "Most concerned weather and the price of things."]
    assert planner.plan(quiet) == []
    assert planner.plan([]) == []
    assert planner.plan(["", "   ", "\u2603\u2603", "x" * 5000]) == []


def test_a_bed_lasts_until_the_scene_changes_or_the_text_stops_it(planner: StoryPlanner) -> None:
    sentences = ["Rain drummed on the roof of the inn.", "Tom ordered a pie.", "He ate it slowly.",
                 "The rain stopped at last.", "He paid and went out.", "The next morning he rode north.",
                 "The wind was rising over the moor.", "He pulled his collar up.", "", "Chapter Two begins here."]
    events = planner.plan(sentences)
    rain = next(e for e in events if e.label == "Rain")
    assert (rain.kind, rain.sentence, rain.end_sentence) == ("bed", 0, 3)  # "The rain stopped at last."
    wind = next(e for e in events if e.label == "Wind")
    assert (wind.sentence, wind.end_sentence) == (6, 7)  # ends before the blank (a heading) line
    assert all(e.emotion in ("calm", "tension", "joy", "sorrow", "fear", "anger", "wonder", "neutral") for e in events)


def test_a_long_chapter_is_bounded_and_most_sentences_stay_quiet(planner: StoryPlanner) -> None:
    sentences = ["The dog barked and the door slammed in the rain."] * 400
    events = planner.plan(sentences)
    spots = [e for e in events if e.kind == "spot"]
    assert len(spots) <= 400 // 3
    assert len([e for e in events if e.kind == "bed"]) <= 400 // 40 + 1
    per_sentence: dict[int, int] = {}
    for e in events:
        per_sentence[e.sentence] = per_sentence.get(e.sentence, 0) + 1
    assert max(per_sentence.values()) <= MAX_EVENTS_PER_SENTENCE
    assert planner.plan(sentences) == events  # deterministic


def test_every_label_is_in_the_catalogue_and_plan_json_has_the_contract(planner: StoryPlanner) -> None:
    sentences = ["The gulls cried over the harbour.", "A bell tolled from the church.", "Footsteps crunched on gravel."]
    events = planner.plan(sentences)
    assert {e.label for e in events} <= set(catalogue())
    data = plan_json(sentences, events)
    assert data["sentences"] == sentences
    assert all({"label", "sentence", "kind", "intensity", "emotion"} <= set(e) for e in data["events"])


def test_validate_plan_repairs_what_a_careless_planner_writes(caplog: pytest.LogCaptureFixture) -> None:
    bad = [
        Event("Not A Sound", 0, "spot"),
        Event("rain", 1, "bed", end_sentence=3),  # spelt in lower case
        Event("Rain", 2, "bed", end_sentence=99),  # overlaps the first rain, ends past the text
        Event("Wind", 2, "bed", end_sentence=0),  # ends before it starts
        Event("Bark", 7, "spot"),  # out of range
        Event("Bark", 1, "wiggle"),  # bad kind
        Event("Knock", 1, "spot", intensity=4.0, emotion="hungry"),
        *[Event(label, 3, "spot") for label in ("Knock", "Slam", "Door", "Creak", "Glass")],
    ]
    with caplog.at_level(logging.WARNING):
        fixed = validate_plan(bad, 5)
    assert [(e.label, e.sentence, e.end_sentence) for e in fixed if e.kind == "bed"] == [("Rain", 1, 4), ("Wind", 2, 2)]
    rain = next(e for e in fixed if e.label == "Rain")
    assert rain.end_sentence == 4
    knock = next(e for e in fixed if e.label == "Knock" and e.sentence == 1)
    assert knock.intensity == 1.0 and knock.emotion == "neutral"
    assert sum(e.sentence == 3 for e in fixed) == MAX_EVENTS_PER_SENTENCE
    assert all(0 <= e.sentence < 5 for e in fixed)
    assert "unknown label" in caplog.text and "out of range" in caplog.text


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        ("Water drummed steadily on the corrugated roof of the shed.", "Rain"),
        ("Hail rattled on the porch roof all afternoon.", "Rain"),
        ("The latch lifted and the garden gate swung back.", "Door"),
        ("The ponies trotted over the little stone bridge.", "Clip-clop"),
        ("The outboard spluttered twice and died.", "Engine"),
        ("A collie whimpered under the kitchen table.", "Dog"),
        ("Her heels clicked across the marble of the lobby.", "Walk, footsteps"),
        ("The old tug chugged up the estuary against the tide.", "Boat, Water vehicle"),
        ("Up on the ridge the wolves answered one another.", "Howl"),
        ("Somewhere over the marsh a curlew was calling.", "Bird vocalization, bird call, bird song"),
    ],
)
def test_a_source_named_with_what_it_does_is_heard(planner: StoryPlanner, sentence: str, label: str) -> None:
    assert label in {e.label for e in planner.plan([sentence])}


def test_a_verb_first_clause_takes_the_subject_of_the_clause_before(planner: StoryPlanner) -> None:
    events = planner.plan(["The shells went over with a shriek and burst somewhere beyond the wood."])
    assert ("Explosion", 0) in labels(events)
    events = planner.plan(["From the landing came the grandfather clock, striking twelve."])
    assert {e.label for e in events} & {"Clock", "Tick-tock"}


def test_the_source_owns_its_verb(planner: StoryPlanner) -> None:
    assert {e.label for e in planner.plan(["The engines howled as the ship climbed out of the cloud."])} == {"Engine"}
    assert {e.label for e in planner.plan(["Clear water chattered over the pebbles of the ford."])} == {"Stream"}


@pytest.mark.parametrize(
    "sentence",
    [
        "Her words washed over him in waves.",
        "Trains no longer stopped at the village halt.",
        "The meeting was a car crash from start to finish.",
        "In the photograph a steam engine stands at the platform.",
        "He sat very still until the wave had passed.",
        "She didn't knock; she just walked in.",
        "The press pack howled for more.",
    ],
)
def test_denied_depicted_and_figurative_sources_stay_silent(planner: StoryPlanner, sentence: str) -> None:
    assert planner.plan([sentence]) == []


def test_the_scene_says_what_an_ambiguous_sound_is(planner: StoryPlanner) -> None:
    at_sea = planner.plan(["The brig rolled in the swell, every timber of her creaking."])
    assert "Boat, Water vehicle" in {e.label for e in at_sea} and "Creak" not in {e.label for e in at_sea}
    storm = planner.plan(["By four the sky over the hills had gone the colour of lead.",
                          "Far away something grumbled, long and low."])
    assert ("Thunder", 1) in labels(storm)


def test_inflections_cover_the_forms_a_writer_uses() -> None:
    import re

    from models.ambience.cues import noun_forms, verb_forms

    def forms(pattern: str) -> re.Pattern[str]:
        return re.compile(r"\b(?:" + pattern + r")\b")

    assert all(forms(verb_forms("drum")).fullmatch(w) for w in ("drum", "drums", "drummed", "drumming"))
    assert all(forms(verb_forms("cry")).fullmatch(w) for w in ("cries", "cried", "crying"))
    assert all(forms(verb_forms("ring")).fullmatch(w) for w in ("rang", "rung", "ringing"))
    assert forms(verb_forms("come over")).fullmatch("came  over")
    assert all(forms(noun_forms("pony", "bus", "gull")).fullmatch(w) for w in ("ponies", "buses", "gulls"))
