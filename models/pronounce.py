"""From printed text to what the voice is given: normalised, cleaned, and the book's lexicon applied.

The printed text stays what captions show; `Pronouncer.spoken` is what the engine reads. Order matters:
written forms are expanded first ("£3.50" needs its symbol), then characters no voice can say are
removed, and the lexicon goes last so its raw phonemes are not touched by the cleaning.
"""

from __future__ import annotations

import logging
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from models.text import clean_for_speech

__all__ = ["PronounceSettings", "Pronouncer", "unsayable"]

log = logging.getLogger(__name__)

_LATIN_SCRIPTS = ("LATIN", "DIGIT", "GREEK")


@dataclass(frozen=True)
class PronounceSettings:
    """What shapes pronunciation for one book; picklable, so actors can rebuild the `Pronouncer`."""

    normalize: bool = True
    tables: tuple[Path, ...] = ()  # publisher tables extending the normaliser's
    lexicon: Path | None = None  # a PLS file

    def describe(self) -> dict[str, object]:
        def digest(path: Path) -> str:
            import hashlib

            return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]

        return {"normalize": self.normalize, "tables": [digest(p) for p in self.tables],
                "lexicon": digest(self.lexicon) if self.lexicon else None}


def _other_script(ch: str) -> bool:
    return ord(ch) > 0x24F and unicodedata.category(ch)[0] == "L" and not unicodedata.name(ch, "").startswith(_LATIN_SCRIPTS)


def unsayable(text: str) -> Counter[str]:
    """Characters of `text` the narration leaves out: symbols and emoji, and letters of other scripts."""
    found: Counter[str] = Counter()
    for ch in text:
        if (unicodedata.category(ch)[0] in "SC" and ch not in "\n\t\r$£€%&+=@°#") or _other_script(ch):
            found[ch] += 1
    return found


@dataclass
class Pronouncer:
    """Turns printed text into the text an engine reads."""

    normalizer: object | None = None  # models.normalize.Normalizer
    lexicon: object | None = None  # models.lexicon.Lexicon
    phonemes: bool = True  # the engine reads Piper's inline [[ phonemes ]]
    skipped: Counter[str] = field(default_factory=Counter)

    @classmethod
    def load(cls, settings: PronounceSettings, *, phonemes: bool = True,
             phoneme_id_map: Mapping[str, Sequence[int]] | None = None) -> Pronouncer:
        """Build from settings; `phoneme_id_map` (the voice's) drops lexicon IPA the voice cannot say."""
        normalizer = lexicon = None
        if settings.normalize:
            from models.normalize import Normalizer

            normalizer = Normalizer.from_files(*settings.tables) if settings.tables else Normalizer.default()
        if settings.lexicon is not None:
            from models.lexicon import Lexicon

            lexicon = Lexicon.load(settings.lexicon, phoneme_id_map=phoneme_id_map if phonemes else None)
        return cls(normalizer=normalizer, lexicon=lexicon, phonemes=phonemes)

    def note(self, text: str) -> None:
        """Count what in printed text the voice will not say, for `report_skipped`."""
        self.skipped.update(unsayable(text))

    def spoken(self, text: str) -> str:
        said = self.normalizer(text) if self.normalizer is not None else text  # type: ignore[operator]
        said = clean_for_speech(said)
        if any(_other_script(ch) for ch in said):  # an English voice cannot read them; `note` reported them
            said = " ".join("".join(ch for ch in said if not _other_script(ch)).split())
        if self.lexicon is not None:
            said = self.lexicon.apply(said, phonemes=self.phonemes)  # type: ignore[attr-defined]
        return said

    def report_skipped(self, where: str) -> None:
        """Warn once about what could not be said, so nothing is dropped silently."""
        if self.skipped:
            shown = " ".join(f"{ch!r}x{n}" if n > 1 else repr(ch) for ch, n in self.skipped.most_common(12))
            log.warning("%s: %d character(s) the voice cannot say were left out: %s",
                        where, sum(self.skipped.values()), shown)
            self.skipped.clear()
