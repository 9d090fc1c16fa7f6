"""Who speaks in which voice: the narrator, unattributed dialogue, and each character.

A casting file (YAML or JSON) names voices; anything it leaves out is cast automatically from the
voices available, so a listener can always tell the narrator from the people in the story:

```yaml
narrator:                      # default: the voice given with --voice / --engine
  voice: voices/en_GB-alan-medium.onnx   # a Piper voice file, or "bundled"
  length_scale: 1.05           # pace: >1 slower
dialogue: {pitch: 1.5}         # quotes the text does not attribute
characters:
  Holmes: {pitch: -3, length_scale: 1.08}
  Watson: {voice: voices/watson.onnx}
  Marley: {engine: coqui, model_dir: models/xtts, speaker_wav: marley.wav, language: en}
pool: [voices/a.onnx, voices/b.onnx]     # extra voices for characters the file does not name
```

Character names match the way the text tags speech, ignoring titles and case ("Mr. Sherlock Holmes"
and "Holmes" are one character). Paths are relative to the casting file.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from models.dialogue import attribute_chapter, speaker_key
from models.errors import InputError
from models.tts.base import ENGINES, EngineSpec
from models.voices import DIALOGUE, PALETTE, Voice

__all__ = ["MAX_CASTING_BYTES", "Casting", "CastingFile", "cast_book", "load_casting"]

log = logging.getLogger(__name__)

MAX_CASTING_BYTES = 1024 * 1024
_VOICE_KEYS = {"voice", "engine", "model_dir", "speaker", "speaker_wav", "language",
               "length_scale", "noise_scale", "noise_w_scale", "pitch"}
_TOP_KEYS = {"narrator", "dialogue", "characters", "pool"}


@dataclass(frozen=True)
class CastingFile:
    """What a publisher's casting file says, checked and resolved against a base voice."""

    narrator: Voice | None = None
    dialogue: Voice | None = None
    characters: tuple[tuple[str, Voice], ...] = ()
    pool: tuple[Voice, ...] = ()


@dataclass(frozen=True)
class Casting:
    """A whole book's cast: one voice per role, the same in every chapter."""

    narrator: Voice
    dialogue: Voice
    characters: tuple[tuple[str, Voice], ...] = ()

    def voice_for(self, speaker: str | None, quoted: bool) -> Voice:
        if not quoted:
            return self.narrator
        if speaker is not None:
            for key, voice in self.characters:
                if key == speaker:
                    return voice
        return self.dialogue

    def role(self, speaker: str | None, quoted: bool) -> str:
        """The role's name in timelines: "narrator", "dialogue" or the character's key."""
        if not quoted:
            return "narrator"
        if speaker is not None and any(key == speaker for key, _ in self.characters):
            return speaker
        return "dialogue"

    def voices(self) -> list[Voice]:
        return [self.narrator, self.dialogue, *(v for _, v in self.characters)]

    def describe(self) -> dict[str, object]:
        return {"narrator": self.narrator.describe(), "dialogue": self.dialogue.describe(),
                "characters": {k: v.describe() for k, v in self.characters}}


def _number(path: Path, where: str, key: str, value: Any, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise InputError(path, f"{where}.{key} must be a number from {low} to {high}, not {value!r}")
    return float(value)


def _voice(path: Path, where: str, entry: Any, base: Voice) -> Voice:
    if isinstance(entry, str):
        entry = {"voice": entry}
    if not isinstance(entry, Mapping):
        raise InputError(path, f"{where} must be a mapping of voice settings or a voice file path")
    unknown = sorted(set(entry) - _VOICE_KEYS)
    if unknown:
        raise InputError(path, f"{where} has unknown setting(s) {', '.join(map(str, unknown))}; "
                               f"known: {', '.join(sorted(_VOICE_KEYS))}")

    def local(key: str) -> Path | None:
        value = entry.get(key)
        if value is None or value == "bundled":
            return None
        if not isinstance(value, str) or not value.strip():
            raise InputError(path, f"{where}.{key} must be a path")
        resolved = (path.parent / value).resolve()
        if not resolved.exists():
            raise InputError(path, f"{where}.{key}: {value} does not exist")
        return resolved

    spec = base.engine
    engine = entry.get("engine", None)
    if engine is not None and engine not in ENGINES:
        raise InputError(path, f"{where}.engine must be one of {', '.join(sorted(ENGINES))}, not {engine!r}")
    if engine is not None or any(k in entry for k in ("voice", "model_dir", "speaker", "speaker_wav", "language")):
        name = engine or ("coqui" if "model_dir" in entry else "piper")
        fields: dict[str, Any] = {"name": name, "model_path": local("voice") if name == "piper" else None}
        if name != "piper":
            fields.update(model_dir=local("model_dir"), speaker_wav=local("speaker_wav"),
                          speaker=entry.get("speaker"), language=entry.get("language"))
        spec = EngineSpec(**fields)
        base = Voice(engine=spec)
    voice = replace(base, engine=spec)
    if "length_scale" in entry:
        voice = replace(voice, length_scale=_number(path, where, "length_scale", entry["length_scale"], 0.5, 2.0))
    for key in ("noise_scale", "noise_w_scale"):
        if key in entry:
            voice = replace(voice, **{key: _number(path, where, key, entry[key], 0.0, 1.5)})
    if "pitch" in entry:
        voice = replace(voice, pitch=_number(path, where, "pitch", entry["pitch"], -7, 7))
    return voice


def load_casting(path: Path, base: Voice) -> CastingFile:
    """Read and check a casting file; voices it leaves partly unset inherit from `base`."""
    import yaml

    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_CASTING_BYTES:
            raise InputError(path, f"casting file is too large ({size} bytes)")
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(path, f"cannot read casting file: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise InputError(path, f"casting file is not UTF-8 text (byte {exc.start})") from None
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = getattr(exc, "lineno", None) or (mark.line + 1 if mark else "?")
        raise InputError(path, f"casting file is not valid {'JSON' if path.suffix.lower() == '.json' else 'YAML'} (line {line})") from None
    if not isinstance(data, Mapping):
        raise InputError(path, "casting file must be a mapping with narrator, dialogue, characters or pool")
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise InputError(path, f"unknown section(s) {', '.join(map(str, unknown))}; known: {', '.join(sorted(_TOP_KEYS))}")
    narrator = _voice(path, "narrator", data["narrator"], base) if data.get("narrator") is not None else None
    under = narrator or base
    dialogue = _voice(path, "dialogue", data["dialogue"], under) if data.get("dialogue") is not None else None
    characters = data.get("characters") or {}
    if not isinstance(characters, Mapping):
        raise InputError(path, "characters must map names to voices")
    cast = tuple((speaker_key(str(name)), _voice(path, f"characters.{name}", entry, under))
                 for name, entry in characters.items())
    pool = data.get("pool") or []
    if not isinstance(pool, list):
        raise InputError(path, "pool must be a list of voices")
    voices = tuple(_voice(path, f"pool[{i}]", entry, under) for i, entry in enumerate(pool))
    return CastingFile(narrator=narrator, dialogue=dialogue, characters=cast, pool=voices)


def speakers(chapters: Iterable[Iterable[str]]) -> Counter[str]:
    """How many quoted paragraphs each attributed speaker has over a whole book."""
    counts: Counter[str] = Counter()
    for paragraphs in chapters:
        for segments in attribute_chapter(paragraphs):
            for speaker in {s.speaker for s in segments if s.quoted and s.speaker}:
                counts[speaker] += 1
    return counts


def cast_book(chapters: Iterable[Iterable[str]], base: Voice, chosen: CastingFile | None = None,
              *, min_lines: int = 2) -> Casting:
    """Cast every character who speaks at least `min_lines` times, the most talkative first.

    Characters the casting file names keep their voices. The others take the next free rendition:
    each voice of the pool as it is, then the palette's renditions of the narrator's voice and of each
    pool voice. One book always gets the same cast, so a character sounds the same in every chapter.
    """
    chosen = chosen or CastingFile()
    narrator = chosen.narrator or base
    dialogue = chosen.dialogue or narrator.rendition(length_scale=DIALOGUE[1], pitch=DIALOGUE[0])
    named = dict(chosen.characters)
    renditions = [*chosen.pool] + [
        v.rendition(length_scale=pace, pitch=pitch, noise_scale=noise)
        for v in (narrator, *chosen.pool) for pitch, pace, noise in PALETTE
    ]
    cast: list[tuple[str, Voice]] = list(named.items())
    counts = speakers(chapters)
    free = iter(renditions)
    for speaker, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        if speaker in named or n < min_lines:
            continue
        voice = next(free, None)
        if voice is None:
            log.info("more characters than distinct renditions; %s and later speakers share the dialogue voice", speaker)
            break
        cast.append((speaker, voice))
    return Casting(narrator=narrator, dialogue=dialogue, characters=tuple(cast))
