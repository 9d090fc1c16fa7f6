"""Normaliser tables: read (TOML or JSON), check, and layer publisher files over the defaults.

The format is described in models/normalize/tables/default.toml and in the
models.normalize docstring.  A bad publisher file raises InputError(path, reason).
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from models.errors import InputError

__all__ = ["Abbreviation", "Currency", "Tables", "default_tables", "read_table_file"]

_WORD_KEY = re.compile(r"[^\W\d_]+(?:\.[^\W\d_]+)*\.?")
_ABBR_CONTEXTS = ("before_number", "before_name", "after_name", "otherwise")
_LIST_SECTIONS = (
    "spelled", "acronyms", "monarchs", "headings", "year_cues", "eras", "function_words", "first_person_verbs",
)
_SETTINGS = ("letter_separator", "am", "pm")
_SECTIONS = frozenset(
    _LIST_SECTIONS
    + ("settings", "abbreviations", "titles", "compass", "units", "currencies", "scales", "symbols", "months", "fractions")
)


@dataclass(frozen=True)
class Abbreviation:
    """What an abbreviation is said as, by context; None leaves it as written in that context."""

    before_number: str | None = None
    before_name: str | None = None
    after_name: str | None = None
    otherwise: str | None = None
    plain: bool = False  # one string for every context


@dataclass(frozen=True)
class Currency:
    major: tuple[str, str]
    minor: tuple[str, str] | None
    position: str  # "prefix" or "suffix"
    style: str  # "and" or "short"


@dataclass
class Tables:
    """All tables, merged: what a Normalizer is compiled from."""

    abbreviations: dict[str, Abbreviation] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    compass: dict[str, str] = field(default_factory=dict)
    units: dict[str, tuple[str, str]] = field(default_factory=dict)
    currencies: dict[str, Currency] = field(default_factory=dict)
    scales: dict[str, str] = field(default_factory=dict)
    symbols: dict[str, str] = field(default_factory=dict)
    months: dict[str, str] = field(default_factory=dict)
    fractions: dict[int, tuple[str, str]] = field(default_factory=dict)
    # word -> True (spelled letter by letter) or False (said as a word)
    initialisms: dict[str, bool] = field(default_factory=dict)
    monarchs: set[str] = field(default_factory=set)
    headings: set[str] = field(default_factory=set)
    year_cues: set[str] = field(default_factory=set)
    eras: set[str] = field(default_factory=set)
    function_words: set[str] = field(default_factory=set)
    first_person_verbs: set[str] = field(default_factory=set)
    settings: dict[str, str] = field(default_factory=dict)

    def extend(self, raw: dict[str, Any], source: str | Path) -> None:
        """Layer one parsed table file over these tables; InputError(source, reason) when it is malformed."""
        _Checker(source).merge(self, raw)


class _Checker:
    def __init__(self, source: str | Path) -> None:
        self.source = source

    def fail(self, reason: str) -> InputError:
        return InputError(self.source, reason)

    def text(self, where: str, value: Any, *, empty_ok: bool = True) -> str:
        if not isinstance(value, str):
            raise self.fail(f"{where}: expected a string, got {type(value).__name__}")
        if not empty_ok and not value.strip():
            raise self.fail(f"{where}: must not be empty")
        return value

    def pair(self, where: str, value: Any) -> tuple[str, str]:
        if isinstance(value, str):
            return (value, value)
        if (
            isinstance(value, list)
            and len(value) == 2
            and all(isinstance(v, str) and v.strip() for v in value)
        ):
            return (value[0], value[1])
        raise self.fail(f"{where}: expected a string or a [singular, plural] list of two strings")

    def mapping(self, where: str, value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(f"[{where}]: expected a table of key = value entries, got {type(value).__name__}")
        return value

    def word_key(self, section: str, key: str) -> str:
        if not _WORD_KEY.fullmatch(key):
            raise self.fail(f"[{section}] {key!r}: a key must be letters, with optional dots (\"e.g.\", \"Gdns.\")")
        return key

    def merge(self, tables: Tables, raw: Any) -> None:
        if not isinstance(raw, dict):
            raise self.fail("expected a table (a JSON object) at the top level")
        unknown = sorted(set(raw) - _SECTIONS)
        if unknown:
            raise self.fail(f"unknown section {unknown[0]!r} (known: {', '.join(sorted(_SECTIONS))})")
        for name in _LIST_SECTIONS:
            if name in raw:
                self.merge_list(tables, name, raw[name])
        if "settings" in raw:
            for key, value in self.mapping("settings", raw["settings"]).items():
                if key not in _SETTINGS:
                    raise self.fail(f"[settings] {key!r}: unknown setting (known: {', '.join(_SETTINGS)})")
                tables.settings[key] = self.text(f"[settings] {key}", value, empty_ok=key == "letter_separator")
        if "abbreviations" in raw:
            for key, value in self.mapping("abbreviations", raw["abbreviations"]).items():
                self.word_key("abbreviations", key)
                entry = self.abbreviation(key, value)
                if entry is None:
                    tables.abbreviations.pop(key, None)
                else:
                    tables.abbreviations[key] = entry
        for name in ("titles", "compass", "months"):
            if name in raw:
                target = getattr(tables, name)
                for key, value in self.mapping(name, raw[name]).items():
                    self.word_key(name, key)
                    self.put(target, key, self.text(f"[{name}] {key!r}", value))
        if "symbols" in raw:
            for key, value in self.mapping("symbols", raw["symbols"]).items():
                if len(key) != 1 or key.isalnum() or key.isspace():
                    raise self.fail(f"[symbols] {key!r}: a key must be one symbol character")
                self.put(tables.symbols, key, self.text(f"[symbols] {key!r}", value))
        if "scales" in raw:
            for key, value in self.mapping("scales", raw["scales"]).items():
                if not key.isalpha():
                    raise self.fail(f"[scales] {key!r}: a key must be letters")
                self.put(tables.scales, key, self.text(f"[scales] {key!r}", value))
        if "units" in raw:
            for key, value in self.mapping("units", raw["units"]).items():
                if not key.strip() or key[0].isdigit() or key != key.strip():
                    raise self.fail(f"[units] {key!r}: a unit must not be empty, start with a digit or with a space")
                if value == "":
                    tables.units.pop(key, None)
                else:
                    tables.units[key] = self.pair(f"[units] {key!r}", value)
        if "fractions" in raw:
            for key, value in self.mapping("fractions", raw["fractions"]).items():
                if not key.isdigit() or int(key) < 2:
                    raise self.fail(f"[fractions] {key!r}: a key must be a denominator of 2 or more")
                if value == "":
                    tables.fractions.pop(int(key), None)
                else:
                    tables.fractions[int(key)] = self.pair(f"[fractions] {key!r}", value)
        if "currencies" in raw:
            for key, value in self.mapping("currencies", raw["currencies"]).items():
                if not key or any(c.isdigit() or c.isspace() for c in key):
                    raise self.fail(f"[currencies] {key!r}: a currency symbol must have no digits or spaces")
                if value == "":
                    tables.currencies.pop(key, None)
                else:
                    tables.currencies[key] = self.currency(key, value)

    @staticmethod
    def put(target: dict[str, str], key: str, value: str) -> None:
        if value == "":
            target.pop(key, None)
        else:
            target[key] = value

    def merge_list(self, tables: Tables, name: str, value: Any) -> None:
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(f"{name}: expected a list of non-empty strings")
        if name in ("spelled", "acronyms"):
            for word in value:
                tables.initialisms[word] = name == "spelled"
        elif name in ("headings", "year_cues", "first_person_verbs"):
            getattr(tables, name).update(v.lower() for v in value)
        else:
            getattr(tables, name).update(value)

    def abbreviation(self, key: str, value: Any) -> Abbreviation | None:
        where = f"[abbreviations] {key!r}"
        if isinstance(value, str):
            return Abbreviation(value, value, value, value, plain=True) if value else None
        if not isinstance(value, dict):
            raise self.fail(f"{where}: expected a string or a table of {', '.join(_ABBR_CONTEXTS)}")
        bad = sorted(set(value) - set(_ABBR_CONTEXTS))
        if bad:
            raise self.fail(f"{where}: unknown context {bad[0]!r} (known: {', '.join(_ABBR_CONTEXTS)})")
        if not value:
            raise self.fail(f"{where}: give at least one of {', '.join(_ABBR_CONTEXTS)}")
        said = {k: self.text(f"{where} {k}", v, empty_ok=False) for k, v in value.items()}
        return Abbreviation(**said)

    def currency(self, key: str, value: Any) -> Currency:
        where = f"[currencies] {key!r}"
        value = self.mapping(f"currencies.{key}", value)
        bad = sorted(set(value) - {"major", "minor", "position", "style"})
        if bad:
            raise self.fail(f"{where}: unknown field {bad[0]!r} (known: major, minor, position, style)")
        if "major" not in value:
            raise self.fail(f"{where}: missing major = [singular, plural]")
        position = value.get("position", "prefix")
        if position not in ("prefix", "suffix"):
            raise self.fail(f"{where}: position must be \"prefix\" or \"suffix\", not {position!r}")
        style = value.get("style", "and")
        if style not in ("and", "short"):
            raise self.fail(f"{where}: style must be \"and\" or \"short\", not {style!r}")
        minor = self.pair(f"{where} minor", value["minor"]) if "minor" in value else None
        return Currency(self.pair(f"{where} major", value["major"]), minor, position, style)


def _parse(path: Path) -> Any:
    if not path.is_file():
        raise InputError(path, "table file not found")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read table file: {exc.strerror or exc}") from exc
    suffix = path.suffix.lower()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 text (byte {exc.start})") from exc
    if suffix == ".toml":
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise InputError(path, f"not valid TOML: {str(exc).splitlines()[0]}") from exc
    if suffix == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(path, f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from exc
    raise InputError(path, f"a table file must end in .toml or .json, not {suffix or 'no suffix'!r}")


def read_table_file(tables: Tables, path: str | Path) -> None:
    """Layer the table file at `path` over `tables`."""
    path = Path(path)
    tables.extend(_parse(path), path)


def default_tables() -> Tables:
    """The tables shipped in models/normalize/tables/default.toml."""
    source = resources.files("models.normalize").joinpath("tables", "default.toml")
    tables = Tables(settings={"letter_separator": " ", "am": "a.m.", "pm": "p.m."})
    tables.extend(tomllib.loads(source.read_text(encoding="utf-8")), "models/normalize/tables/default.toml")
    return tables
