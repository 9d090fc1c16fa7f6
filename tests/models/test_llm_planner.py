"""The LLM planner on a tiny random-weight causal LM built here, and on scripted answers."""

from __future__ import annotations

import importlib
import logging
import types
from pathlib import Path

import pytest

from models.ambience.events import Event, Planner
from models.ambience.llm_planner import (
    LLMPlanner,
    build_prompt,
    events_from_items,
    parse_plan,
)
from models.errors import InputError
from tests.tiny_llm import build_tiny_causal_lm

LOGGER = "models.ambience.llm_planner"

SENTENCES = [
    "The rain had not stopped since noon.",
    "Somewhere below, a dog barked.",
    "Then someone knocked twice at the door.",
    "Thunder rolled over the hills.",
    "She lit the fire and listened to the wind.",
]


@pytest.fixture
def planner_module() -> types.ModuleType:
    return importlib.import_module("models.ambience.planner")


@pytest.fixture(scope="session")
def tiny_lm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_causal_lm(tmp_path_factory.mktemp("tiny-lm"))


class Fixed:
    """A fallback planner with a known plan."""

    def __init__(self, events: list[Event]) -> None:
        self.events = events
        self.calls = 0

    def plan(self, sentences: list[str]) -> list[Event]:
        self.calls += 1
        return [e for e in self.events if e.sentence < len(sentences)]


def scripted(planner: LLMPlanner, answers: list[str], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Replace the model's generation by `answers`, in order; returns the prompts it was given."""
    prompts: list[str] = []

    def generate(prompt: str) -> str:
        prompts.append(prompt)
        return answers[len(prompts) - 1]

    monkeypatch.setattr(planner, "generate", generate)
    return prompts


@pytest.fixture
def planner(tiny_lm: Path) -> LLMPlanner:
    return LLMPlanner.load(tiny_lm, fallback=Fixed([Event("Wind", 4, "bed", end_sentence=4)]), max_new_tokens=16)


def test_loads_and_prompts_through_the_chat_template(planner: LLMPlanner) -> None:
    assert isinstance(planner, Planner)
    assert planner.device == "cpu"
    prompt = planner.prompt_text(SENTENCES)
    assert prompt.startswith("<|system|>\n") and prompt.endswith("<|assistant|>\n")
    assert "2: Then someone knocked twice at the door." in prompt
    assert "Vehicle horn, car horn, honking; Skidding" in prompt  # labels are separated by semicolons
    assert "calm, tension, joy" in prompt and "bed, spot" in prompt
    answer = planner.generate(prompt)
    assert isinstance(answer, str) and answer == planner.generate(prompt)  # greedy: deterministic


def test_plain_prompt_without_a_chat_template(tmp_path: Path) -> None:
    directory = build_tiny_causal_lm(tmp_path / "plain", chat_template=False)
    planner = LLMPlanner.load(directory, fallback=Fixed([]), max_new_tokens=4)
    prompt = planner.prompt_text(SENTENCES[:2])
    assert "<|" not in prompt and prompt.endswith("1: Somewhere below, a dog barked.\nAnswer:\n")
    assert isinstance(planner.generate(prompt), str)


def test_random_weights_fall_back_to_the_story_planner(tiny_lm: Path, planner_module: types.ModuleType,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    planner = LLMPlanner.load(tiny_lm, max_new_tokens=16)  # the default fallback
    assert isinstance(planner.fallback, planner_module.StoryPlanner)
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        events = planner.plan(SENTENCES)
    expected = planner_module.StoryPlanner().plan(SENTENCES)
    assert expected and events == expected
    assert any("fallback planner" in r.getMessage() for r in caplog.records if r.name == LOGGER)
    assert planner.plan(SENTENCES) == events  # deterministic


def test_scripted_answer_is_parsed_and_validated(planner: LLMPlanner, monkeypatch: pytest.MonkeyPatch) -> None:
    answer = """Here is the plan:
```json
[
  {"label": "rain", "sentence": 0, "kind": "bed", "end_sentence": 3, "intensity": 0.4, "emotion": "calm"},
  {"label": "Dog", "sentence": "1", "intensity": 3, "emotion": "ecstatic", "cue": "dog"},
  {"label": "Dragon roar", "sentence": 1},
  {"label": "Knock", "sentence": 99},
  {"label": "Knock", "sentence": -1},
  {"label": "car horn", "sentence": 2, "kind": "loop", "intensity": "loud"},
  {"label": "Thunder", "sentence": 3, "kind": "spot", "intensity": 0.8, "description": "thunder  over the hills"},
]
```"""
    prompts = scripted(planner, [answer], monkeypatch)
    events = planner.plan(SENTENCES)
    assert len(prompts) == 1
    by_label = {e.label: e for e in events}
    assert sorted(by_label) == ["Dog", "Rain", "Thunder", "Vehicle horn, car horn, honking"]
    assert (by_label["Rain"].kind, by_label["Rain"].sentence, by_label["Rain"].end_sentence) == ("bed", 0, 3)
    dog = by_label["Dog"]
    assert (dog.sentence, dog.intensity, dog.emotion, dog.cue) == (1, 1.0, "neutral", "dog")
    horn = by_label["Vehicle horn, car horn, honking"]
    assert (horn.kind, horn.intensity) == ("spot", 0.5)  # the label's own kind; unreadable intensity -> 0.5
    assert by_label["Thunder"].description == "thunder over the hills"
    assert planner.fallback.calls == 0  # type: ignore[attr-defined]


def test_long_chapters_are_planned_in_windows(tiny_lm: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sentences = [f"Line {i}: someone knocked at the door." for i in range(45)]
    planner = LLMPlanner.load(tiny_lm, fallback=Fixed([]), window=20)
    answers = [
        '[{"label": "Knock", "sentence": 1}, {"label": "Knock", "sentence": 20}]',  # 20 is past this window
        '{"events": [{"label": "Knock", "sentence": 1}]}',
        '[{"label": "Rain", "sentence": 0, "kind": "bed", "end_sentence": 30}, {"label": "Knock", "sentence": 4}]',
    ]
    prompts = scripted(planner, answers, monkeypatch)
    events = planner.plan(sentences)
    assert len(prompts) == 3
    assert "0: Line 0:" in prompts[0] and "19: Line 19:" in prompts[0] and "Line 20:" not in prompts[0]
    assert "0: Line 20:" in prompts[1] and "0: Line 40:" in prompts[2] and "4: Line 44:" in prompts[2]
    assert [(e.label, e.sentence) for e in events] == [("Knock", 1), ("Knock", 21), ("Rain", 40), ("Knock", 44)]
    rain = next(e for e in events if e.label == "Rain")
    assert rain.end_sentence == 44  # clipped to the chapter's last sentence


@pytest.mark.parametrize("answer", ["Sure! You would hear rain and a dog.", "", "[0, 1]", '{"sentence": 2}',
                                    '[{"label": "Dragon roar", "sentence": 0}]'])
def test_unusable_answers_fall_back(answer: str, planner: LLMPlanner, monkeypatch: pytest.MonkeyPatch,
                                    caplog: pytest.LogCaptureFixture) -> None:
    scripted(planner, [answer], monkeypatch)
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        events = planner.plan(SENTENCES)
    assert events == [Event("Wind", 4, "bed", end_sentence=4)]  # the fallback's plan
    assert any("fallback planner" in r.getMessage() for r in caplog.records)


def test_an_empty_plan_is_an_answer(planner: LLMPlanner, monkeypatch: pytest.MonkeyPatch) -> None:
    scripted(planner, ["[]"], monkeypatch)
    assert planner.plan(SENTENCES) == []
    assert planner.fallback.calls == 0  # type: ignore[attr-defined]


def test_only_failed_windows_use_the_fallback(tiny_lm: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fallback = Fixed([Event("Knock", 0), Event("Thunder", 3), Event("Wind", 4, "bed", end_sentence=4)])
    planner = LLMPlanner.load(tiny_lm, fallback=fallback, window=3)
    scripted(planner, ['[{"label": "Rain", "sentence": 1, "kind": "bed", "end_sentence": 2}]', "no idea"],
             monkeypatch)
    events = planner.plan(SENTENCES)
    assert [(e.label, e.sentence) for e in events] == [("Rain", 1), ("Thunder", 3), ("Wind", 4)]


def test_windows_shrink_to_fit_the_context(planner: LLMPlanner, monkeypatch: pytest.MonkeyPatch) -> None:
    sentences = [f"A bell rang for the {i}th time." for i in range(8)]
    whole = planner._token_count(planner.prompt_text(sentences))
    half = planner._token_count(planner.prompt_text(sentences[:4]))
    monkeypatch.setattr(planner, "_context_limit", lambda: (whole + half) // 2 + planner.max_new_tokens)
    prompts = scripted(planner, ['[{"label": "Bell", "sentence": 0}]'] * 2, monkeypatch)
    events = planner.plan(sentences)
    assert len(prompts) == 2
    assert [(e.label, e.sentence) for e in events] == [("Bell", 0), ("Bell", 4)]


def test_parse_plan_is_lenient() -> None:
    assert parse_plan("<think>maybe [rain]?</think>\n[]") == []
    assert parse_plan('[{"label": "Rain", "sentence": 0},]') == [{"label": "Rain", "sentence": 0}]
    assert parse_plan('{"sounds": [{"label": "Dog", "sentence": 1}]}') == [{"label": "Dog", "sentence": 1}]
    assert parse_plan('{"label": "Dog", "sentence": 1}') == [{"label": "Dog", "sentence": 1}]
    cut = '[{"label": "Rain", "sentence": 0}, {"label": "Dog", "sentence": 1}, {"label": "Kno'
    assert parse_plan(cut) == [{"label": "Rain", "sentence": 0}, {"label": "Dog", "sentence": 1}]
    assert parse_plan("no json here") is None
    assert parse_plan("[1, 2]") is None
    assert "Answer:\n" in build_prompt(["One."]) and build_prompt(["One."]).endswith("0: One.\nAnswer:\n")


def test_events_from_items_checks_the_schema() -> None:
    items = [{"label": "Gull, seagull", "sentence": 0}, {"label": "seagull", "sentence": 1.0},
             {"label": "Bark", "sentence": 2, "kind": "bed", "end_sentence": 1}, {"label": 3, "sentence": 0},
             {"label": "Bark", "sentence": True}, {"label": "Owl", "sentence": 2, "intensity": -2}]
    events = events_from_items(items, 3, offset=10)
    assert [(e.label, e.sentence, e.kind) for e in events] == [
        ("Gull, seagull", 10, "spot"), ("Gull, seagull", 11, "spot"), ("Bark", 12, "bed"), ("Owl", 12, "spot")]
    assert events[2].end_sentence == 12  # a bed never ends before it starts
    assert events[3].intensity == 0.0


@pytest.mark.parametrize("case", ["missing", "no-config", "not-a-model"])
def test_bad_directories_are_one_line_input_errors(case: str, tmp_path: Path) -> None:
    directory = tmp_path / "lm"
    if case != "missing":
        directory.mkdir()
    if case == "not-a-model":
        (directory / "config.json").write_text('{"model_type": "no-such-architecture"}')
    with pytest.raises(InputError) as caught:
        LLMPlanner.load(directory, fallback=Fixed([]))
    message = str(caught.value)
    assert "\n" not in message and str(directory) in message


def test_gpu_request_without_cuda_falls_back(tiny_lm: Path, monkeypatch: pytest.MonkeyPatch,
                                             caplog: pytest.LogCaptureFixture) -> None:
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        planner = LLMPlanner.load(tiny_lm, use_gpu=True, fallback=Fixed([]))
    assert planner.device == "cpu"
    assert any("CUDA is not available" in r.getMessage() for r in caplog.records)
