"""A book's pronunciation lexicon (W3C PLS 1.0), applied to the text a voice reads.

`Lexicon.load` reads a PLS file through `models.manuscript.safexml` (no DOCTYPE, no entity
declarations, no network, libxml2's size and depth limits on). `Lexicon.apply` replaces every
whole-word occurrence of a grapheme in one pass of one compiled regex: an ``<alias>`` with its text,
a ``<phoneme>`` with Piper's inline raw-phoneme block ``[[ ipa ]]``.

The IPA is rewritten into the form espeak-ng gives Piper, because Piper passes each character of a
``[[ ]]`` block straight to the voice as one phoneme (no normalisation, no vowel-cluster merging):

* NFD, one code point per phoneme (espeak's output is decomposed the same way);
* common variants mapped to the symbols in Piper's map: ASCII ``g`` to ``ɡ`` (U+0261; the bundled
  voice has no ``g``), ``:`` to ``ː``, ``'`` to ``ˈ``, ligatures ``ʧ ʤ ʦ`` to two letters; for English
  lexicons also ``r`` to ``ɹ``, ``ɝ`` to ``ɜː``, ``ɫ`` to ``l``, ``ʍ`` to ``w`` and ``y`` to ``j``, the
  symbols espeak's en-us voice (and so the voice's training data) uses;
* syllable dots, tie bars, slashes and brackets dropped;
* stress marks moved to just before the vowel they stress (``ˈhɛloʊ`` -> ``hˈɛloʊ``), where espeak
  puts them.

Around a block, `apply` makes sure Piper hears what espeak would have given it for the plain word:
Piper phonemizes the text after ``]]`` separately and drops punctuation at its start, and it only
puts a word break next to a block where the text has a plain space. So a clause or sentence mark
right after the word goes inside the block and a space is put on each side
(``"Hermione," she said`` -> ``" [[ hɜːmˈaɪəni, ]] " she said``); a possessive ``'s`` is spoken
as ``s``, ``z`` or ``ᵻz`` inside the block; neighbouring blocks are merged, and the space between a
comma, colon or semicolon and a block is dropped (espeak already ends such a clause with a word break).
The result is for the voice only: apply it last, to each utterance, after cleaning and splitting
(`clean_for_speech` would fold ``ʰ`` to ``h`` and drop combining marks; a sentence splitter could cut
a block at the ``.`` inside it).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree

from models.errors import InputError, ManuscriptError
from models.manuscript.safexml import local_name, parse_xml

__all__ = [
    "MAX_GRAPHEMES",
    "MAX_GRAPHEME_CHARS",
    "MAX_LEXICON_BYTES",
    "PLS_NAMESPACE",
    "Applied",
    "Entry",
    "Lexicon",
    "normalize_ipa",
    "xsampa_to_ipa",
]

log = logging.getLogger(__name__)

PLS_NAMESPACE = "http://www.w3.org/2005/01/pronunciation-lexicon"
MAX_LEXICON_BYTES = 5 * 1024 * 1024
MAX_GRAPHEME_CHARS = 100  # also bounds the nesting of the compiled regex
MAX_GRAPHEMES = 20_000  # a book's lexicon, not a dictionary: the regex takes about 1 s to compile
MAX_ALIAS_CHARS = 500
_LOGGED_WARNINGS = 20  # per file; the rest are counted in one line (all are kept in `warnings`)
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# --------------------------------------------------------------------------------------------
# IPA in the form espeak-ng gives Piper

_VOWELS = "aeiouyæɑɒɐəɘɚɛɜɝɞɤɨɪɯɵøœɶɔʉʊʌʏᵻᵿ"
_STRESS = "ˈˌ"
_MOVE_STRESS = re.compile(rf"([{_STRESS}])([^{_VOWELS}{_STRESS}\s]+)(?=[{_VOWELS}])")
_DOUBLED = re.compile(r"([ːˈˌ])\1+")
_SPACES = re.compile(r"\s+")

_VARIANTS = {
    "g": "ɡ", ":": "ː", "'": "ˈ", "ʧ": "tʃ", "ʤ": "dʒ", "ʦ": "ts", "ʣ": "dz", "ʨ": "tɕ", "ʥ": "dʑ",
    "ǝ": "ə", "ᵊ": "ə", "ε": "ɛ", "α": "ɑ", "ɩ": "ɪ", "ᴜ": "ʊ",
}
_EN_VARIANTS = {"r": "ɹ", "ɝ": "ɜː", "ɫ": "l", "ʍ": "w", "y": "j"}
# Layout, not sound: dropped without a warning.
_LAYOUT = frozenset(".|‖‿/\\[](){}-_\u0361\u035c")
_KEPT_SYMBOLS = frozenset("˞")  # U+02DE is a symbol (Sk) but a phoneme in Piper's map


def normalize_ipa(ipa: str, *, english: bool = True) -> tuple[str, list[str]]:
    """`ipa` in the form espeak-ng gives Piper, and the characters dropped that were not layout.

    Whitespace is kept as single spaces (a word break to Piper); callers drop it for one-word entries.
    """
    out: list[str] = []
    dropped: list[str] = []
    for ch in unicodedata.normalize("NFD", ipa):
        ch = _VARIANTS.get(ch, ch)
        if english:
            ch = "".join(_EN_VARIANTS.get(c, c) for c in ch)
        if ch.isspace():
            out.append(" ")
        elif ch in _LAYOUT:
            continue
        elif len(ch) > 1 or ch in _KEPT_SYMBOLS or unicodedata.category(ch)[0] in "LMN":
            out.append(ch)
        else:
            dropped.append(ch)
    text = _SPACES.sub(" ", "".join(out)).strip()
    text = _MOVE_STRESS.sub(r"\2\1", text)
    return _DOUBLED.sub(r"\1", text), dropped


_XSAMPA = {
    # vowels
    "a": "a", "e": "e", "i": "i", "o": "o", "u": "u", "y": "y", "A": "ɑ", "E": "ɛ", "I": "ɪ",
    "O": "ɔ", "U": "ʊ", "V": "ʌ", "Q": "ɒ", "Y": "ʏ", "M": "ɯ", "@": "ə", "{": "æ", "3": "ɜ",
    "6": "ɐ", "1": "ɨ", "}": "ʉ", "2": "ø", "9": "œ", "&": "ɶ", "7": "ɤ", "8": "ɵ", "@`": "ɚ",
    "3`": "ɝ", "I\\": "ᵻ", "U\\": "ᵿ",
    # consonants
    "p": "p", "b": "b", "t": "t", "d": "d", "k": "k", "g": "ɡ", "q": "q", "c": "c", "f": "f",
    "v": "v", "s": "s", "z": "z", "h": "h", "m": "m", "n": "n", "l": "l", "r": "r", "j": "j",
    "w": "w", "x": "x", "T": "θ", "D": "ð", "S": "ʃ", "Z": "ʒ", "N": "ŋ", "J": "ɲ", "L": "ʎ",
    "G": "ɣ", "X": "χ", "R": "ʁ", "C": "ç", "B": "β", "F": "ɱ", "P": "ʋ", "H": "ɥ", "W": "ʍ",
    "K": "ɬ", "?": "ʔ", "4": "ɾ", "5": "ɫ", "r\\": "ɹ", "h\\": "ɦ", "j\\": "ʝ", "K\\": "ɮ",
    "N\\": "ɴ", "R\\": "ʀ", "M\\": "ɰ", "L\\": "ʟ", "s\\": "ɕ", "z\\": "ʑ", "x\\": "ɧ",
    "?\\": "ʕ", "X\\": "ħ", "G\\": "ɢ", "B\\": "ʙ", "l\\": "ɺ", "r\\`": "ɻ", "t`": "ʈ", "d`": "ɖ",
    "n`": "ɳ", "s`": "ʂ", "z`": "ʐ", "l`": "ɭ", "r`": "ɽ",
    # stress, length, diacritics, separators
    '"': "ˈ", "%": "ˌ", ":": "ː", ":\\": "ˑ", "~": "\u0303", "_~": "\u0303", "=": "\u0329",
    "_=": "\u0329", "_h": "ʰ", "_j": "ʲ", "'": "ʲ", "_w": "ʷ", "_0": "\u0325", "`": "˞",
    ".": "", "-": "", " ": " ",
}


def xsampa_to_ipa(text: str) -> str | None:
    """X-SAMPA to IPA by a table of the common symbols; None if any symbol is not in it."""
    out: list[str] = []
    i = 0
    text = _SPACES.sub(" ", text.strip())
    while i < len(text):
        for width in (3, 2, 1):
            ipa = _XSAMPA.get(text[i : i + width])
            if ipa is not None:
                out.append(ipa)
                i += width
                break
        else:
            return None
    return "".join(out)


def _possessive(ipa: str) -> str:
    """The 's ending after `ipa`, as espeak en-us says it: ᵻz after a sibilant, s after a voiceless stop."""
    sounds = [c for c in ipa if c not in "ˈˌːˑ " and unicodedata.category(c) != "Mn"]
    last = sounds[-1] if sounds else ""
    if last in ("s", "z", "ʃ", "ʒ"):
        return "ᵻz"
    return "s" if last in ("p", "t", "k", "f", "θ") else "z"


# --------------------------------------------------------------------------------------------
# The lexicon


@dataclass(frozen=True)
class Entry:
    """One usable lexeme: its graphemes and what replaces them (phoneme already in Piper's form)."""

    graphemes: tuple[str, ...]
    alias: str | None = None
    phoneme: str | None = None
    line: int | None = None

    @property
    def name(self) -> str:
        return self.graphemes[0]


@dataclass(frozen=True)
class Applied:
    """The text after `Lexicon.apply_report`, with what was replaced and what could not be."""

    text: str
    applied: Counter[str] = field(default_factory=Counter)  # grapheme -> times replaced
    unapplied: Counter[str] = field(default_factory=Counter)  # phoneme-only entries met with phonemes=False


_COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_APOS = "'’"
# A grapheme that ends in a letter ends a word: the regex checks for no letter after it, short as it is
# repeated at every grapheme's end; `_END_OK` (no combining mark, no contraction) is checked after.
_END = r"(?!\w)"
_END_OK = re.compile(rf"(?![\w{_COMBINING}]|[{_APOS}]\w)")
_POSSESSIVE = rf"[{_APOS}][sS](?![\w{_COMBINING}])"
_POSSESSIVE_RE = re.compile(_POSSESSIVE)
_START = rf"(?<!\w)(?<!\w[{_APOS}])"
# Punctuation glued to the end of a word (up to the next space): moved into / kept after a block.
_TAIL = r"[^\s\w\[\]]{1,16}(?=\s|\Z)"
_TAIL_RE = re.compile(_TAIL)
_TERMINATORS = {",": ",", ";": ";", ":": ":", ".": ".", "!": "!", "?": "?", "…": "."}
# Blocks already in the text are skipped over, never rewritten (bounded, so matching stays linear).
_RAW_BLOCK = r"\[\[[^\[\]]{0,2000}\]\]"
_WORD_CHAR = re.compile(r"\w")
_BETWEEN_BLOCKS = re.compile(r" \]\] \[\[ ")
_AFTER_CLAUSE = re.compile(r"([,;:]) \[\[ ")


def _key(text: str) -> str:
    return _SPACES.sub(" ", text).replace("’", "'")


def _exact_only(grapheme: str) -> bool:
    """All-capital graphemes (acronyms: "US", "WHO") are matched with their case only."""
    return grapheme.isupper() and sum(ch.isalpha() for ch in grapheme) >= 2


class _Trie:
    __slots__ = ("children", "end_word", "terminal")

    def __init__(self) -> None:
        self.children: dict[str, tuple[str, _Trie]] = {}
        self.terminal = False
        self.end_word = False

    def add(self, grapheme: str) -> None:
        node = self
        for token in re.findall(r"\s+|.", grapheme):
            if token.isspace():
                key, pattern = " ", r"\s+"
            elif token in _APOS:
                key, pattern = "'", f"[{_APOS}]"
            else:
                key, pattern = token.lower(), re.escape(token)
            child = node.children.get(key)
            if child is None:
                child = node.children[key] = (pattern, _Trie())
            node = child[1]
        node.terminal = True
        node.end_word = bool(_WORD_CHAR.match(grapheme[-1]))

    def pattern(self) -> str:
        alternatives = [pat + child.pattern() for pat, child in self.children.values()]
        if self.terminal:  # last: a longer grapheme through this node is tried first
            alternatives.append(_END if self.end_word else "")
        if len(alternatives) == 1:
            return alternatives[0]
        return "(?:" + "|".join(alternatives) + ")"


def _compile(graphemes: Iterable[str]) -> re.Pattern[str] | None:
    word, other = _Trie(), _Trie()
    for g in graphemes:
        (word if _WORD_CHAR.match(g[0]) else other).add(g)
    parts = []
    if word.children:
        parts.append(_START + word.pattern())
    if other.children:
        parts.append(other.pattern())
    if not parts:
        return None
    return re.compile(rf"(?P<raw>{_RAW_BLOCK})|(?P<g>{'|'.join(parts)})(?P<poss>{_POSSESSIVE})?(?:{_TAIL})?",
                      re.IGNORECASE)


class Lexicon:
    """Graphemes and their replacements, compiled into one regex."""

    def __init__(self, entries: Sequence[Entry] = (), *, source: str = "<lexicon>", lang: str = "",
                 warnings: Sequence[str] = ()) -> None:
        self.entries: tuple[Entry, ...] = tuple(e for e in entries if e.graphemes and all(e.graphemes))
        self.source = source
        self.lang = lang
        self.warnings: tuple[str, ...] = tuple(warnings)
        self._exact: dict[str, tuple[Entry, str]] = {}
        self._folded: dict[str, tuple[Entry, str]] = {}
        for entry in self.entries:
            for g in entry.graphemes:
                self._exact.setdefault(_key(g), (entry, g))
                if not _exact_only(g):
                    self._folded.setdefault(_key(g).lower(), (entry, g))
        self._regex = _compile(g for e in self.entries for g in e.graphemes)

    def __len__(self) -> int:
        return len(self.entries)

    def __repr__(self) -> str:
        return f"Lexicon({self.source!r}, {len(self.entries)} entries)"

    # -- loading ---------------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | Path, *, phoneme_id_map: Mapping[str, Sequence[int]] | None = None) -> Lexicon:
        """Read a PLS file. Raises InputError (one line, naming the file) if it cannot be used at all.

        With `phoneme_id_map` (a Piper voice's), IPA symbols the voice does not know are dropped.
        """
        path = Path(path)
        try:
            if not path.is_file():
                reason = "lexicon file not found" if not path.exists() else "not a regular file"
                raise InputError(path, reason)
            if path.stat().st_size > MAX_LEXICON_BYTES:
                raise InputError(path, f"lexicon is {path.stat().st_size / 2**20:.1f} MB; "
                                       f"the limit is {MAX_LEXICON_BYTES // 2**20} MB")
            with path.open("rb") as f:
                data = f.read(MAX_LEXICON_BYTES + 1)
        except OSError as exc:
            raise InputError(path, f"cannot read lexicon: {exc.strerror or exc}") from None
        return cls.parse(data, str(path), phoneme_id_map=phoneme_id_map)

    @classmethod
    def parse(cls, data: bytes, source: str, *,
              phoneme_id_map: Mapping[str, Sequence[int]] | None = None) -> Lexicon:
        """Parse PLS bytes; `source` names the file in errors and warnings."""
        root = _parse_document(data, source)
        warnings: list[str] = []
        version = root.get("version")
        if version is not None and version.strip() != "1.0":
            warnings.append(f"{source}: PLS version {version!r}; reading it as 1.0")
        alphabet = root.get("alphabet")
        if not alphabet:
            warnings.append(f"{source}: <lexicon> has no alphabet attribute; assuming ipa")
            alphabet = "ipa"
        lang = (root.get(_XML_LANG) or "").strip()
        english = not lang or lang.lower().startswith("en")
        namespace = etree.QName(root).namespace

        entries: list[Entry] = []
        seen: set[str] = set()
        skipped = 0
        for el in root:
            if local_name(el) != "lexeme" or etree.QName(el).namespace != namespace:
                continue
            entry, problems = _read_lexeme(el, alphabet, english, seen)
            warnings.extend(f"{source}:{el.sourceline}: {p}" for p in problems)
            if entry is None:
                skipped += 1
                continue
            seen.update(_key(g) for g in entry.graphemes)
            entries.append(entry)
        if len(seen) > MAX_GRAPHEMES:
            raise InputError(source, f"lexicon has {len(seen)} graphemes; the limit is {MAX_GRAPHEMES}")
        if not entries:
            first = next((w.split(": ", 1)[1] for w in warnings if "skipped" in w), "")
            detail = f" ({skipped} skipped; first: {first})" if skipped else ""
            raise InputError(source, f"no usable lexemes in the lexicon{detail}")
        lexicon = cls(entries, source=source, lang=lang, warnings=warnings)
        _log_warnings(warnings, source)
        if phoneme_id_map is not None:
            lexicon = lexicon.for_voice(phoneme_id_map)
        return lexicon

    # -- the voice -------------------------------------------------------------------------

    def check_phonemes(self, phoneme_id_map: Mapping[str, Sequence[int]]) -> list[str]:
        """One line per entry and IPA symbol the voice's phoneme map does not have."""
        problems = []
        for entry in self.entries:
            for ch in dict.fromkeys(entry.phoneme or ""):
                if ch not in phoneme_id_map:
                    problems.append(f"{entry.name}: {ch!r} (U+{ord(ch):04X}) is not in the voice's phoneme map")
        return problems

    def for_voice(self, phoneme_id_map: Mapping[str, Sequence[int]]) -> Lexicon:
        """A copy with the IPA symbols the voice does not know dropped, each drop a warning."""
        entries: list[Entry] = []
        warnings = list(self.warnings)
        fresh: list[str] = []
        for entry in self.entries:
            if entry.phoneme and any(ch not in phoneme_id_map for ch in entry.phoneme):
                kept = "".join(ch for ch in entry.phoneme if ch in phoneme_id_map).strip()
                unknown = " ".join(sorted({f"{ch!r}" for ch in entry.phoneme if ch not in phoneme_id_map}))
                where = f"{self.source}:{entry.line}" if entry.line else self.source
                if kept.strip(_STRESS + "ː "):
                    fresh.append(f"{where}: lexeme {entry.name!r}: dropped {unknown}, not in the voice's phoneme map")
                    entry = replace(entry, phoneme=kept)
                elif entry.alias is not None:
                    fresh.append(f"{where}: lexeme {entry.name!r}: phoneme unusable ({unknown} not in the "
                                 "voice's phoneme map); using its alias")
                    entry = replace(entry, phoneme=None)
                else:
                    fresh.append(f"{where}: lexeme {entry.name!r} skipped: no symbol of its phoneme is in "
                                 "the voice's phoneme map")
                    continue
            entries.append(entry)
        _log_warnings(fresh, self.source)
        return Lexicon(entries, source=self.source, lang=self.lang, warnings=warnings + fresh)

    # -- applying --------------------------------------------------------------------------

    def apply(self, text: str, *, phonemes: bool = True) -> str:
        """`text` with every grapheme replaced: see the module docstring."""
        return self.apply_report(text, phonemes=phonemes).text

    def apply_report(self, text: str, *, phonemes: bool = True) -> Applied:
        """`apply`, also counting what was replaced and which phoneme-only entries were left as printed."""
        report = Applied(text)
        if self._regex is None or not text:
            return report
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)

        blocks = 0
        word = _WORD_CHAR.search(text)
        first_word = word.start() if word else None

        def substitute(m: re.Match[str]) -> str:
            nonlocal blocks
            if m.group("raw") is not None:
                return m.group(0)
            out = self._replace(m, phonemes, report, first_word)
            blocks += "[[" in out
            return out

        text = self._regex.sub(substitute, text)
        if blocks:
            # Piper adds a word break on each side of a block next to a space, and espeak already ends
            # a text part at a comma, colon or semicolon with one: keep one word break, not two.
            text = _AFTER_CLAUSE.sub(r"\1[[ ", _BETWEEN_BLOCKS.sub(" ", text))
        return replace(report, text=text)

    def _lookup(self, printed: str) -> tuple[Entry, str] | None:
        key = _key(printed)
        return self._exact.get(key) or self._folded.get(key.lower())

    def _replace(self, m: re.Match[str], phonemes: bool, report: Applied, first_word: int | None) -> str:
        s, start, matched = m.string, m.start(), m.group("g")
        word_end = start + len(matched)
        found = self._lookup(matched)
        if found is not None and (m.group("poss") or not _WORD_CHAR.match(matched[-1]) or _END_OK.match(s, word_end)):
            end = m.end()  # the regex took the possessive and the glued punctuation too
        else:
            # Matched only case-insensitively an all-capital grapheme, or followed by a contraction or a
            # combining mark: a shorter grapheme may still fit (what follows it is left as printed).
            for cut in range(len(matched) - 1, 0, -1):
                found = self._lookup(matched[:cut])
                if found is not None and (not _WORD_CHAR.match(matched[cut - 1]) or _END_OK.match(s, start + cut)):
                    break
            else:
                return m.group(0)
            word_end = start + cut
            tail = _TAIL_RE.match(s, word_end)
            end = tail.end() if tail else word_end
            if end > m.end():
                return m.group(0)
        entry, grapheme = found
        rest_of_match = s[end : m.end()]
        if phonemes and entry.phoneme:
            report.applied[grapheme] += 1
            said_before = first_word is not None and first_word < start
            return self._block(s, start, word_end, end, entry.phoneme, said_before) + rest_of_match
        if entry.alias is not None:
            report.applied[grapheme] += 1
            return entry.alias + s[word_end:end] + rest_of_match
        report.unapplied[grapheme] += 1
        return m.group(0)

    @staticmethod
    def _block(s: str, start: int, word_end: int, end: int, ipa: str, said_before: bool) -> str:
        """``[[ ipa ]]`` for s[start:end] (the word, maybe 's, then glued punctuation), spaced for Piper.

        `said_before`: some word comes before the block (at the very start, a space would be a pause).
        """
        after = s[word_end:end]
        if _POSSESSIVE_RE.match(after):
            ipa += _possessive(ipa)
            after = after[2:]
        stop = next((_TERMINATORS[ch] for ch in after if ch in _TERMINATORS), "")
        kept = "".join(ch for ch in after if ch not in _TERMINATORS)
        before = s[start - 1] if start else ""
        lead = " " if before not in ("", " ") and not _WORD_CHAR.match(before) and said_before else ""
        nxt = s[end : end + 1]
        if kept:
            trail = " " + kept
        else:
            trail = " " if nxt and nxt != " " and not _WORD_CHAR.match(nxt) else ""
        return f"{lead}[[ {ipa}{stop} ]]{trail}"


# --------------------------------------------------------------------------------------------
# Reading the PLS document


def _one_line(text: str) -> str:
    text = re.sub(r" \(<string>, line \d+\)", "", text)
    return _SPACES.sub(" ", text).strip()


def _looks_binary(data: bytes) -> bool:
    head = data[:1024]
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00")):
        return False
    if head.startswith((b"<\x00", b"\x00<")):  # UTF-16 without a BOM
        return False
    return b"\x00" in head or sum(b < 9 or 13 < b < 32 for b in head) > len(head) // 20


def _parse_document(data: bytes, source: str) -> etree._Element:
    if not data.strip():
        raise InputError(source, "empty file; expected a PLS lexicon")
    if len(data) > MAX_LEXICON_BYTES:
        raise InputError(source, f"lexicon is over the {MAX_LEXICON_BYTES // 2**20} MB limit")
    if _looks_binary(data):
        raise InputError(source, "binary data, not a PLS lexicon (XML)")
    try:
        root = parse_xml(data, source, "lexicon")
    except ManuscriptError as exc:
        raise InputError(source, _one_line(exc.reason)) from None
    except (etree.LxmlError, ValueError, LookupError) as exc:
        raise InputError(source, f"lexicon: unreadable XML ({_one_line(str(exc))})") from None
    if root.getroottree().docinfo.doctype:
        raise InputError(source, "lexicon has a DOCTYPE declaration; refused as unsafe")
    name = etree.QName(root)
    if name.localname != "lexicon" or name.namespace not in (None, PLS_NAMESPACE):
        shown = f"{{{name.namespace}}}{name.localname}" if name.namespace else name.localname
        raise InputError(source, f"root element is <{shown}>, not a PLS <lexicon>")
    return root


def _text(el: etree._Element) -> str:
    return _SPACES.sub(" ", "".join(el.itertext())).strip()


def _preferred(elements: list[etree._Element]) -> list[etree._Element]:
    """PLS order: those with prefer="true" first, each group in document order."""
    return sorted(elements, key=lambda el: (el.get("prefer", "").strip() != "true"))


def _read_lexeme(el: etree._Element, alphabet: str, english: bool, seen: set[str]) -> tuple[Entry | None, list[str]]:
    problems: list[str] = []
    graphemes: list[str] = []
    phonemes: list[etree._Element] = []
    aliases: list[etree._Element] = []
    for child in el:
        name = local_name(child)
        if name == "grapheme":
            graphemes.append(unicodedata.normalize("NFC", _text(child)))
        elif name == "phoneme":
            phonemes.append(child)
        elif name == "alias":
            aliases.append(child)
    label = repr(graphemes[0]) if graphemes else "(no grapheme)"

    usable: list[str] = []
    for g in graphemes:
        if not g:
            continue
        if len(g) > MAX_GRAPHEME_CHARS:
            problems.append(f"lexeme {label}: grapheme over {MAX_GRAPHEME_CHARS} characters ignored")
        elif "[" in g or "]" in g:
            problems.append(f"lexeme {label}: grapheme {g!r} with [ or ] ignored")
        elif _key(g) in seen or _key(g) in map(_key, usable):
            problems.append(f"lexeme {label}: grapheme {g!r} is already in the lexicon; the first one is used")
        else:
            usable.append(g)
    if not usable:
        why = "no grapheme" if not graphemes else "no usable grapheme"
        return None, [*problems, f"lexeme {label} skipped: {why}"]

    multiword = any(" " in g for g in usable)
    unused: list[str] = []  # why each pronunciation tried was not usable
    phoneme: str | None = None
    for ph in _preferred(phonemes):
        ipa, why = _phoneme_ipa(ph, alphabet, english)
        if ipa and not multiword:
            ipa = ipa.replace(" ", "")
        if ipa:
            phoneme = ipa
            if why:
                problems.append(f"lexeme {label}: {why}")
            break
        unused.append(f"phoneme {_text(ph)[:40]!r}: {why}")

    alias: str | None = None
    for al in _preferred(aliases):
        text = _text(al)
        if not text:
            unused.append("empty alias")
        elif "[" in text or "]" in text or len(text) > MAX_ALIAS_CHARS:
            unused.append(f"alias {text[:40]!r} has brackets or is over {MAX_ALIAS_CHARS} characters")
        else:
            alias = text
            break

    if phoneme is None and alias is None:
        why = "; ".join(unused) if unused else "no phoneme or alias"
        return None, [*problems, f"lexeme {label} skipped: {why}"]
    problems.extend(f"lexeme {label}: {why}; not used" for why in unused)
    return Entry(tuple(usable), alias=alias, phoneme=phoneme, line=el.sourceline), problems


def _phoneme_ipa(el: etree._Element, default_alphabet: str, english: bool) -> tuple[str, str]:
    """(IPA in Piper's form, "") or ("", why not); a note in the second place if symbols were dropped."""
    alphabet = (el.get("alphabet") or default_alphabet).strip()
    text = _text(el)
    if not text:
        return "", "empty phoneme"
    if alphabet.lower() in ("x-sampa", "xsampa", "x-xsampa"):
        converted = xsampa_to_ipa(text)
        if converted is None:
            return "", f"X-SAMPA {text!r} has symbols this reader does not know"
        text = converted
    elif alphabet.lower() != "ipa":
        return "", f"alphabet {alphabet!r} is not supported (only ipa, and simple x-sampa)"
    ipa, dropped = normalize_ipa(text, english=english)
    if not ipa.strip(_STRESS + "ː "):
        return "", "no phonemes left after cleaning"
    note = f"dropped {' '.join(sorted(set(map(repr, dropped))))} from phoneme {text!r}" if dropped else ""
    return ipa, note


def _log_warnings(warnings: Sequence[str], source: str) -> None:
    for w in warnings[:_LOGGED_WARNINGS]:
        log.warning("%s", w)
    if len(warnings) > _LOGGED_WARNINGS:
        log.warning("%s: %d more lexicon warnings (see Lexicon.warnings)", source, len(warnings) - _LOGGED_WARNINGS)
