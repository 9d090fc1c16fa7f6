"""An LLM planner: an instruction-tuned causal LM (transformers, local folder) writes the plan as JSON.

The model is shown the chapter's sentences, numbered, in windows of `window` sentences (20 by default),
with the allowed labels (the catalogue), kinds, emotions and a worked example, and asked for a JSON
list of events. Decoding is greedy, so a plan is a pure function of the text. The first JSON list (or
an object holding one) in the answer is read leniently (code fences, a thinking block, trailing
commas, a list cut short by the token limit) and every event checked: labels are matched to the
catalogue, sentence numbers must fall inside the window, kinds, emotions and intensities are mended
or defaulted; the window's events are offset to chapter indices and the whole plan goes through
`validate_plan`.

A window whose answer holds no JSON list, or only unusable events, is planned by the fallback planner
(the story planner by default) instead, with a warning: a small or badly prompted model degrades to
the embedded planner rather than to silence.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.device import torch_device
from models.ambience.events import (
    EMOTIONS,
    KINDS,
    MAX_EVENTS_PER_SENTENCE,
    Event,
    Planner,
    catalogue,
)
from models.errors import InputError

__all__ = ["DEFAULT_WINDOW", "LLMPlanner", "build_prompt", "events_from_items", "parse_plan"]

log = logging.getLogger(__name__)

DEFAULT_WINDOW = 20
DEFAULT_MAX_NEW_TOKENS = 1024

SYSTEM = ("You are a sound designer for audiobooks. You read a passage and plan the ambient sounds and sound "
          "effects a listener should hear under the narration. You answer with JSON only.")

_EXAMPLE_SENTENCES = (
    "The rain had not stopped since noon.",
    "Somewhere below, a dog barked.",
    "Then someone knocked twice at the door.",
)
_EXAMPLE_PLAN = [
    {"label": "Rain", "sentence": 0, "kind": "bed", "end_sentence": 2, "intensity": 0.5, "emotion": "calm",
     "cue": "rain", "description": "rain that has fallen since noon"},
    {"label": "Bark", "sentence": 1, "kind": "spot", "intensity": 0.3, "emotion": "tension", "cue": "barked",
     "description": "a distant dog barking"},
    {"label": "Knock", "sentence": 2, "kind": "spot", "intensity": 0.6, "emotion": "tension", "cue": "knocked",
     "description": "two knocks at the door"},
]
_WRAPPER_KEYS = ("events", "sounds", "plan", "items", "result")


def _numbered(sentences: Sequence[str]) -> str:
    return "\n".join(f"{i}: {' '.join(s.split())}" for i, s in enumerate(sentences))


def build_prompt(sentences: Sequence[str]) -> str:
    """The user message: the task, the schema, the allowed values, an example and the numbered sentences."""
    labels = "; ".join(catalogue())
    return (
        "Plan the sounds for the numbered sentences below.\n\n"
        "Answer with a JSON array of events and nothing else. Each event is an object with:\n"
        '- "label": one of the allowed labels, written exactly as listed\n'
        '- "sentence": the number of the sentence the sound belongs to\n'
        f'- "kind": one of {", ".join(KINDS)}: "bed" is a continuing background (rain, wind, a crowd), '
        '"spot" a single sound (a knock, a shot)\n'
        '- "end_sentence": for a bed, the number of the last sentence it lasts through\n'
        '- "intensity": from 0.0 (faint) to 1.0 (overwhelming)\n'
        f'- "emotion": the mood of the scene, one of {", ".join(EMOTIONS)}\n'
        '- "cue": the word of the sentence the sound belongs to\n'
        '- "description": a few words from the text about the sound\n'
        "Plan only sounds the text states or clearly implies, at most "
        f"{MAX_EVENTS_PER_SENTENCE} per sentence. If there are none, answer [].\n\n"
        f"Allowed labels (separated by semicolons): {labels}\n\n"
        f"Example:\nSentences:\n{_numbered(_EXAMPLE_SENTENCES)}\nAnswer:\n{json.dumps(_EXAMPLE_PLAN)}\n\n"
        f"Sentences:\n{_numbered(sentences)}\nAnswer:\n"
    )


# --------------------------------------------------------------------------- reading the answer

_THINK = re.compile(r"<think>.*?(</think>|$)", re.DOTALL | re.IGNORECASE)
_TRAILING_COMMA = re.compile(r",(\s*[\]}])")


def _as_items(obj: Any) -> list[dict[str, Any]] | None:
    """A decoded JSON value as a list of event objects, or None when it is not a plan."""
    if isinstance(obj, dict):
        for key in _WRAPPER_KEYS:
            if isinstance(obj.get(key), list):
                obj = obj[key]
                break
        else:
            return [obj] if "label" in obj else None
    if isinstance(obj, list) and all(isinstance(x, dict) for x in obj):
        return obj
    return None


def _decode_at(text: str, pos: int) -> tuple[Any, int] | None:
    decoder = json.JSONDecoder()
    try:
        return decoder.raw_decode(text, pos)
    except json.JSONDecodeError:
        pass
    # Trailing commas, as small models write them; only up to the next closing bracket that parses.
    repaired = _TRAILING_COMMA.sub(r"\1", text[pos:])
    try:
        obj, end = decoder.raw_decode(repaired, 0)
    except json.JSONDecodeError:
        return None
    return obj, pos + end


def parse_plan(text: str) -> list[dict[str, Any]] | None:
    """The event objects of an LLM's answer: its first JSON list of objects (or an object holding one).

    Without a complete list (the answer cut short), the complete objects with a "label" are salvaged.
    None when the answer holds no plan at all; `[]` when it says there is nothing to hear.
    """
    text = _THINK.sub("", text)
    starts = [m.start() for m in re.finditer(r"[\[{]", text)]
    for pos in starts:
        decoded = _decode_at(text, pos)
        if decoded is None:
            continue
        items = _as_items(decoded[0])
        if items is not None and (not isinstance(decoded[0], dict) or "label" not in decoded[0]):
            return items
    salvaged: list[dict[str, Any]] = []
    end = 0
    for pos in starts:
        if pos < end or text[pos] != "{":
            continue
        decoded = _decode_at(text, pos)
        if decoded is not None and isinstance(decoded[0], dict) and "label" in decoded[0]:
            salvaged.append(decoded[0])
            end = decoded[1]
    return salvaged or None


def _label_index() -> dict[str, str]:
    """Lower-cased names and their comma-separated parts ("car horn") -> catalogue name."""
    index: dict[str, str] = {}
    for name in catalogue():
        index.setdefault(name.lower(), name)
    for name in catalogue():
        for part in name.split(","):
            index.setdefault(part.strip().lower(), name)
    return index


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _float(value: Any, default: float) -> float:
    if isinstance(value, bool):
        return default
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return number if math.isfinite(number) else default


def events_from_items(items: Sequence[dict[str, Any]], n_sentences: int, offset: int = 0) -> list[Event]:
    """The usable events among `items` (sentence numbers 0..n_sentences-1), shifted by `offset`.

    Unknown labels and sentence numbers outside the window are dropped; a kind, emotion or intensity
    out of range is replaced by the label's kind, "neutral", or clamped to 0..1.
    """
    labels = _label_index()
    events: list[Event] = []
    for item in items:
        raw_label = item.get("label")
        label = labels.get(" ".join(str(raw_label).split()).lower()) if isinstance(raw_label, str) else None
        sentence = _int(item.get("sentence"))
        if label is None or sentence is None or not 0 <= sentence < n_sentences:
            continue
        kind = str(item.get("kind", "")).strip().lower()
        if kind not in KINDS:
            kind = catalogue()[label].kind
        emotion = str(item.get("emotion", "")).strip().lower()
        if emotion not in EMOTIONS:
            emotion = "neutral"
        intensity = min(1.0, max(0.0, _float(item.get("intensity"), 0.5)))
        end = None
        if kind == "bed":
            end = _int(item.get("end_sentence"))
            end = n_sentences - 1 if end is None else min(max(end, sentence), n_sentences - 1)
            end += offset
        cue = item.get("cue")
        description = item.get("description")
        events.append(Event(
            label=label, sentence=sentence + offset, kind=kind, intensity=intensity, emotion=emotion,
            end_sentence=end, cue=(cue.strip() or None) if isinstance(cue, str) else None,
            description=" ".join(description.split()) if isinstance(description, str) else "",
        ))
    return events


# --------------------------------------------------------------------------- the planner

@dataclass
class LLMPlanner:
    """A causal LM loaded once; `plan` asks it for each window's events (greedy, so deterministic)."""

    model: Any = field(repr=False)
    tokenizer: Any = field(repr=False)
    fallback: Planner = field(repr=False)
    device: str = "cpu"
    max_new_tokens: int = DEFAULT_MAX_NEW_TOKENS
    window: int = DEFAULT_WINDOW
    model_dir: Path | None = None

    @classmethod
    def load(
        cls,
        model_dir: Path | str,
        *,
        use_gpu: bool = False,
        fallback: Planner | None = None,
        max_new_tokens: int = DEFAULT_MAX_NEW_TOKENS,
        window: int = DEFAULT_WINDOW,
    ) -> LLMPlanner:
        """Load the tokenizer and model saved in `model_dir` (on CUDA when asked and present).

        A folder that is not a transformers causal LM raises `InputError` with a one-line reason.
        """
        directory = Path(model_dir).expanduser()
        if not directory.is_dir():
            raise InputError(directory, "no such model directory")
        if not (directory / "config.json").is_file():
            raise InputError(directory, "no config.json: not a transformers model folder")
        if window < 1 or max_new_tokens < 1:
            raise ValueError("window and max_new_tokens must be at least 1")
        if fallback is None:
            from models.ambience.planner import StoryPlanner

            fallback = StoryPlanner()

        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer
        from transformers.utils import logging as tlog

        device = torch_device(use_gpu, "LLM planner")
        bars = tlog.is_progress_bar_enabled()
        tlog.disable_progress_bar()
        try:
            tokenizer = AutoTokenizer.from_pretrained(str(directory), local_files_only=True)
            model = AutoModelForCausalLM.from_pretrained(
                str(directory), local_files_only=True, dtype="auto" if device == "cuda" else torch.float32
            )
        except Exception as exc:  # unknown architecture, missing tokenizer files, truncated weights...
            first = (str(exc).strip().splitlines() or [""])[0][:200]
            raise InputError(directory, f"cannot load a causal LM ({type(exc).__name__}: {first})") from exc
        finally:
            if bars:
                tlog.enable_progress_bar()
        model.to(device)
        model.eval()
        return cls(model=model, tokenizer=tokenizer, fallback=fallback, device=device,
                   max_new_tokens=max_new_tokens, window=window, model_dir=directory)

    # ------------------------------------------------------------------ prompting

    def prompt_text(self, sentences: Sequence[str]) -> str:
        """The whole prompt for one window: through the chat template when the tokenizer has one."""
        user = build_prompt(sentences)
        if getattr(self.tokenizer, "chat_template", None):
            for messages in ([{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}],
                             [{"role": "user", "content": f"{SYSTEM}\n\n{user}"}]):  # templates without a system role
                try:
                    text = self.tokenizer.apply_chat_template(
                        messages, tokenize=False, add_generation_prompt=True, enable_thinking=False
                    )
                except Exception as exc:  # noqa: BLE001 - a template may refuse the system role; try without it
                    log.debug("chat template refused %d messages: %s", len(messages), exc)
                    continue
                if isinstance(text, str):
                    return text
        return f"{SYSTEM}\n\n{user}"

    def _templated(self) -> bool:
        return bool(getattr(self.tokenizer, "chat_template", None))

    def _context_limit(self) -> int | None:
        limit = getattr(self.model.config, "max_position_embeddings", None)
        if isinstance(limit, int) and limit > 0:
            return limit
        limit = getattr(self.tokenizer, "model_max_length", None)
        return limit if isinstance(limit, int) and 0 < limit < 1_000_000 else None

    def _token_count(self, prompt: str) -> int:
        return len(self.tokenizer(prompt, add_special_tokens=not self._templated())["input_ids"])

    def generate(self, prompt: str) -> str:
        """The model's greedy continuation of `prompt` (new text only)."""
        import copy

        import torch

        inputs = self.tokenizer(prompt, return_tensors="pt", add_special_tokens=not self._templated()).to(self.device)
        config = copy.deepcopy(self.model.generation_config)
        config.do_sample = False
        config.num_beams = 1
        # Neutral values, not None: generate() fills None from the model's own (often sampling) defaults.
        config.temperature, config.top_p, config.top_k, config.typical_p = 1.0, 1.0, 50, 1.0
        config.max_new_tokens = self.max_new_tokens
        config.max_length = None
        if config.pad_token_id is None:
            eos = config.eos_token_id if config.eos_token_id is not None else self.tokenizer.eos_token_id
            config.pad_token_id = eos[0] if isinstance(eos, list) else eos
        with torch.inference_mode():
            output = self.model.generate(**inputs, generation_config=config)
        new = output[0, inputs["input_ids"].shape[1]:]
        return self.tokenizer.decode(new, skip_special_tokens=True)

    # ------------------------------------------------------------------ planning

    def _plan_window(self, sentences: Sequence[str], offset: int) -> list[Event] | None:
        """The window's events at chapter indices; None when the model gave no usable plan."""
        prompt = self.prompt_text(sentences)
        limit = self._context_limit()
        if limit is not None and self._token_count(prompt) + self.max_new_tokens > limit:
            if len(sentences) == 1:
                log.warning("sentence %d alone is too long for the LLM's context (%d tokens)", offset, limit)
                return None
            half = len(sentences) // 2
            first = self._plan_window(sentences[:half], offset)
            second = self._plan_window(sentences[half:], offset + half)
            return None if first is None or second is None else first + second
        answer = self.generate(prompt)
        items = parse_plan(answer)
        if items is None:
            log.warning("the LLM's plan for sentences %d-%d is not JSON (%r); using the fallback planner",
                        offset, offset + len(sentences) - 1, answer[:80])
            return None
        events = events_from_items(items, len(sentences), offset)
        if items and not events:
            log.warning("the LLM's plan for sentences %d-%d has no usable event (%d rejected); using the "
                        "fallback planner", offset, offset + len(sentences) - 1, len(items))
            return None
        if len(events) < len(items):
            log.info("LLM plan, sentences %d-%d: %d of %d events dropped (unknown label or sentence)",
                     offset, offset + len(sentences) - 1, len(items) - len(events), len(items))
        return events

    def plan(self, sentences: list[str]) -> list[Event]:
        """The chapter's events: the LLM's plan window by window, the fallback's where the LLM fails."""
        from models.ambience.planner import validate_plan

        n = len(sentences)
        if n == 0:
            return []
        planned: list[Event] = []
        failed: list[tuple[int, int]] = []
        windows = range(0, n, self.window)
        for start in windows:
            stop = min(n, start + self.window)
            events = self._plan_window(sentences[start:stop], start)
            if events is None:
                failed.append((start, stop))
            else:
                planned.extend(events)
        if failed:
            fallback = self.fallback.plan(list(sentences))
            if len(failed) == len(windows):
                return fallback  # the LLM planned nothing: the fallback's plan as it is
            planned.extend(e for e in fallback if any(a <= e.sentence < b for a, b in failed))
        planned.sort(key=lambda e: (e.sentence, e.kind != "bed", e.label))
        return validate_plan(planned, n)
