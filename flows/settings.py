"""Installation settings (from the environment) and the settings of one production run."""

from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from models.ambience.scene import AmbienceSpec
from models.casting import cast_book, load_casting
from models.manuscript.types import Manuscript
from models.narration import Voicing
from models.pronounce import PronounceSettings
from models.tts.base import EngineSpec
from models.voices import Voice

__all__ = ["Environment", "ProduceSettings", "environment", "SOFTWARE_VERSION"]

SOFTWARE_VERSION = "0.1.0"


@functools.cache
def code_digest() -> str:
    """A digest of the code and data that shape a chapter's audio (models/ and actors/), so that a chapter
    cached by an earlier build of taleforge is made again rather than reused."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for package in ("models", "actors"):
        for path in sorted((root / package).rglob("*")):
            if path.suffix in (".py", ".json", ".toml") and path.is_file():
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class Environment(BaseSettings):
    """Where state lives and what to connect to; read from TALEFORGE_* variables."""

    model_config = SettingsConfigDict(env_prefix="TALEFORGE_", extra="ignore")

    home: Path = Field(default_factory=lambda: Path.home() / ".taleforge")
    database_url: str | None = None
    narrators: int = 0  # 0: one per CPU of the cluster
    ray_cpus: int = 0  # CPUs of a local Ray started here (0: all of this machine's)
    ray_address: str | None = Field(default=None, validation_alias="RAY_ADDRESS")

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home / 'taleforge.db'}"

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"

    @property
    def scratch_dir(self) -> Path:
        return self.home / "scratch"

    def prepare(self) -> None:
        """Create the home folders and point Prefect's own state inside the home."""
        for path in (self.home, self.cache_dir, self.scratch_dir):
            path.mkdir(parents=True, exist_ok=True)
        os.environ.setdefault("PREFECT_HOME", str(self.home / "prefect"))
        # No network here: Prefect's usage telemetry only logs errors, and its UI is not served.
        os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
        os.environ.setdefault("PREFECT_SERVER_UI_ENABLED", "false")
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
        # The temporary API server starts in ~10 s on an idle 2-core machine; give a busy one more room.
        os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")


def environment() -> Environment:
    return Environment()


@dataclass(frozen=True)
class ProduceSettings:
    """What a publisher chose for one book; everything that changes the audio is in `audio_key`.

    The voicing (cast and pronunciation) depends on the book as well, so it is keyed per chapter.
    """

    profile: str = "acx"
    ambience: bool = True
    stems: bool = False
    title: str | None = None
    author: str | None = None
    narrator: str = "a synthetic voice"
    engine: EngineSpec = field(default_factory=EngineSpec)
    casting: Path | None = None  # a casting file (YAML or JSON)
    pronounce: PronounceSettings = field(default_factory=PronounceSettings)
    sound: AmbienceSpec = field(default_factory=AmbienceSpec)  # planner and decoder (when ambience is on)

    def audio_key(self) -> str:
        """A digest of the settings that change the rendered audio."""
        data = {"profile": self.profile, "ambience": self.sound.describe() if self.ambience else False,
                "version": SOFTWARE_VERSION, "code": code_digest()}
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]

    def voicing(self, book: Manuscript) -> Voicing:
        """The book's cast (the casting file's choices, the rest cast from its dialogue) and pronunciation."""
        base = Voice(engine=self.engine)
        chosen = load_casting(self.casting, base) if self.casting else None
        casting = cast_book((c.paragraphs for c in book.chapters), base, chosen)
        return Voicing(casting=casting, pronounce=self.pronounce)

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["engine"] = {k: str(v) for k, v in asdict(self.engine).items() if v not in (None, 0, False)}
        data["casting"] = str(self.casting) if self.casting else None
        data["sound"] = self.sound.describe()
        data["audio_key"] = self.audio_key()
        data["pronounce"] = {"normalize": self.pronounce.normalize, "tables": [str(t) for t in self.pronounce.tables],
                             "lexicon": str(self.pronounce.lexicon) if self.pronounce.lexicon else None}
        return data
