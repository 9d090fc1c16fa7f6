"""What a heading says: chapter and part labels, front/back matter, and how titles are written.

A label such as "CHAPTER I. Down the Rabbit-Hole", "STAVE ONE.", "PART TWO—The Sea-cook", "1" or
"Book the First" is parsed into a keyword, a number and the rest. Titles are then written in one
consistent style: the keyword and number as "Chapter I" / "Stave One" / "Part Two", the rest as
printed (title-cased only when it was printed in capitals), straight quotes made typographic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cleaning import collapse_ws

__all__ = [
    "Label",
    "parse_label",
    "format_title",
    "chapter_title",
    "tidy_title",
    "title_case",
    "smart_quotes",
    "matter_kind",
    "same_text",
]

_UNITS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORD_UNITS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
).split()
_ORD_TENS = "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split()

_UNIT_ALT = "|".join(sorted(_UNITS, key=len, reverse=True))
_ORD_ALT = "|".join(sorted(_ORD_UNITS, key=len, reverse=True))
_DIGIT_ALT = "one|two|three|four|five|six|seven|eight|nine"
_NUMWORD = rf"(?:(?:{'|'.join(_TENS)})(?:[-\s](?:{_DIGIT_ALT}))?|{_UNIT_ALT}|hundred)"
_ORDWORD = (
    rf"(?:(?:{'|'.join(_TENS)})[-\s](?:{_ORD_ALT})|{'|'.join(_ORD_TENS)}|{_ORD_ALT}|last|final)"
)
_ROMAN = r"(?=[MDCLXVI])M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
_NUMBER = rf"(?:\d{{1,4}}|{_ROMAN}|(?:the\s+)?{_ORDWORD}|{_NUMWORD})"

_CHAPTER_KW = {
    "chapter": "Chapter",
    "chap": "Chapter",
    "chap.": "Chapter",
    "ch.": "Chapter",
    "stave": "Stave",
    "letter": "Letter",
    "canto": "Canto",
    "section": "Section",
    "episode": "Episode",
    "adventure": "Adventure",
    "fit": "Fit",
    "lesson": "Lesson",
    "act": "Act",
    "scene": "Scene",
}
_PART_KW = {"part": "Part", "book": "Book", "volume": "Volume", "vol": "Volume", "vol.": "Volume"}
_KW_ALT = "|".join(re.escape(k) for k in sorted({**_CHAPTER_KW, **_PART_KW}, key=len, reverse=True))

_SEP = r"(?P<sep>\s*[.:;,)\]\-–—]+\s*|\s+|$)"
_KEYWORD_LABEL = re.compile(
    rf"\s*(?P<kw>{_KW_ALT})(?:\s+|(?<=\.)|(?=\d))\s*(?P<num>{_NUMBER})(?![\w’'])" + _SEP + r"(?P<rest>.*)",
    re.IGNORECASE | re.DOTALL,
)
# A bare numeral needs a separator or nothing after it: "1", "12.", "IV. The Sea" but not "I Go to Bristol".
_BARE_LABEL = re.compile(
    rf"\s*(?P<num>\d{{1,4}}|{_ROMAN})(?P<sep>\s*[.:)\]\-–—]+\s*|\s*$)(?P<rest>.*)", re.DOTALL
)
_WORD_LABEL = re.compile(rf"\s*(?P<num>{_NUMWORD})\s*\.?\s*", re.IGNORECASE)
_SPECIAL = re.compile(
    r"\s*(?P<kw>prologue|epilogue|prelude|interlude|afterword|postscript|appendix|conclusion|envoi|"
    r"coda|proem)\b" + _SEP + r"(?P<rest>.*)",
    re.IGNORECASE | re.DOTALL,
)

# Front and back matter: never a chapter of their own. A normalised label matches when it is the
# key itself or the key followed by a qualifier ("Preface to the Second Edition", "Notes on the Text").
_MATTER_STRONG = (
    "contents", "table of contents", "the contents", "list of illustrations", "illustrations",
    "list of plates", "list of figures", "list of maps", "dedication", "preface", "authors preface",
    "the preface", "foreword", "introduction", "introductory note", "title page", "titlepage",
    "half title", "copyright", "colophon", "about the author", "about this book", "about this ebook",
    "also by", "by the same author", "other books by", "editors note", "publishers note",
    "translators note", "note on the text", "a note on the text", "frontispiece", "imprint", "license",
    "licence", "the full project", "index", "footnotes", "endnotes", "notes", "glossary",
    "bibliography", "errata", "advertisement", "advertisements", "produced by", "credits",
    "illustrated by", "with illustrations", "translated by", "edited by",
)
_QUALIFIERS = frozenset({"to", "by", "on", "for", "of", "and", "in", "the", "i", "ii", "iii", "1", "2", "3"})
# Matched as bare prefixes ("acknowledgements", "transcribers notes").
_MATTER_PREFIXES = ("acknowledg", "transcriber", "gutenberg")
# Weak keywords only mark matter when little text follows them (a chapter may be called "The End").
_MATTER_WEAK = ("the end", "finis", "cover", "the author", "title")
_NORM_RE = re.compile(r"[^\w\s]+")

_SMALL_WORDS = frozenset(
    "a an the and but or nor for of in on at to by from with as into upon via vs v o".split()
)
_KEEP_UPPER = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})|[A-Z](?:\.[A-Z])+\.?", re.ASCII)


@dataclass(frozen=True)
class Label:
    """A parsed heading.

    kind: "chapter" (keyword or bare number), "part", "special" (prologue, epilogue...) or "text".
    keyword: canonical keyword ("Chapter", "Part", "Stave"; "" for a bare number).
    number: the number as printed; value: its integer value when known.
    rest: the title text after the number; dot: whether the number was followed by a full stop.
    """

    kind: str
    text: str
    keyword: str = ""
    number: str = ""
    value: int | None = None
    rest: str = ""
    dot: bool = False

    @property
    def bare(self) -> bool:
        return self.kind in ("chapter", "part") and not self.rest


def parse_label(text: str) -> Label:
    """Parse a heading or table-of-contents label."""
    text = collapse_ws(text)
    if not text or len(text) > 300:
        return Label("text", text)
    m = _KEYWORD_LABEL.fullmatch(text)
    if m:
        kw_raw = m.group("kw").lower()
        kind = "part" if kw_raw in _PART_KW else "chapter"
        keyword = _PART_KW.get(kw_raw) or _CHAPTER_KW[kw_raw]
        rest = m.group("rest").strip()
        # "Chapter I Into the Primitive" is fine, but "Letter to Mother" never reaches here (no number);
        # a lowercase continuation after a bare space ("Part one of the plan") is prose, not a label.
        if m.group("sep").strip() == "" and rest and rest[0].islower():
            return Label("text", text)
        num = m.group("num")
        return Label(kind, text, keyword, num, number_value(num), rest, "." in m.group("sep"))
    m = _BARE_LABEL.fullmatch(text)
    if m:
        num = m.group("num")
        rest = m.group("rest").strip()
        if rest and not _looks_like_title(rest):
            return Label("text", text)
        return Label("chapter", text, "", num, number_value(num), rest, "." in m.group("sep"))
    m = _WORD_LABEL.fullmatch(text)
    if m:
        num = m.group("num")
        return Label("chapter", text, "", num, number_value(num), "")
    m = _SPECIAL.fullmatch(text)
    if m:
        return Label("special", text, m.group("kw").title(), "", None, m.group("rest").strip())
    return Label("text", text)


def _looks_like_title(text: str) -> bool:
    """Heuristic: after a bare numeral, a title starts with a capital or a quote."""
    first = text.lstrip("\"'“‘(")[:1]
    return bool(first) and (first.isupper() or first.isdigit())


def number_value(num: str) -> int | None:
    """Integer value of "12", "XII", "twelve", "twelfth", "the first", "twenty-one"."""
    n = num.strip().lower()
    if n.startswith("the "):
        n = n[4:].strip()
    if n.isdigit():
        return int(n)
    if re.fullmatch(_ROMAN, n.upper()):
        return _roman_value(n.upper())
    if n in ("last", "final"):
        return None
    total = 0
    for part in re.split(r"[-\s]+", n):
        if part in _UNITS:
            total += _UNITS.index(part) + 1
        elif part in _TENS:
            total += (_TENS.index(part) + 2) * 10
        elif part in _ORD_UNITS:
            total += _ORD_UNITS.index(part) + 1
        elif part in _ORD_TENS:
            total += (_ORD_TENS.index(part) + 2) * 10
        elif part == "hundred":
            total = max(total, 1) * 100
        else:
            return None
    return total or None


def _roman_value(s: str) -> int:
    values = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}
    total = 0
    for i, ch in enumerate(s):
        v = values[ch]
        if i + 1 < len(s) and values[s[i + 1]] > v:
            total -= v
        else:
            total += v
    return total


def smart_quotes(text: str) -> str:
    """Straight quotes to typographic ones: "x" -> “x”, it's -> it’s."""
    if '"' not in text and "'" not in text:
        return text
    out: list[str] = []
    prev = " "
    for ch in text:
        if ch == '"':
            out.append("“" if prev.isspace() or prev in "([{—–-‘“" else "”")
        elif ch == "'":
            out.append("‘" if prev.isspace() or prev in "([{—–“" else "’")
        else:
            out.append(ch)
        prev = ch
    return "".join(out)


def title_case(text: str) -> str:
    """Title-case text printed in capitals: "MARLEY’S GHOST" -> "Marley’s Ghost"."""
    words = text.split(" ")
    out: list[str] = []
    for i, word in enumerate(words):
        core = word.strip("\"'“”‘’.,;:!?()[]—–-")
        if core and (_KEEP_UPPER.fullmatch(core) and len(core) >= 2 or core == "I"):
            out.append(word)
            continue
        low = word.lower()
        if 0 < i < len(words) - 1 and core.lower() in _SMALL_WORDS:
            out.append(low)
            continue
        out.append("-".join(_cap_first(piece) for piece in low.split("-")))
    return " ".join(out)


def _cap_first(word: str) -> str:
    for j, ch in enumerate(word):
        if ch.isalpha():
            return word[:j] + ch.upper() + word[j + 1 :]
    return word


def tidy_title(text: str) -> str:
    """Collapse whitespace, drop one trailing full stop, title-case capitals, typographic quotes."""
    text = collapse_ws(text).strip(" -–—:;,")
    if text.endswith(".") and not text.endswith("..") and len(text) > 1:
        text = text[:-1].rstrip()
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) >= 2 and not any(ch.islower() for ch in letters):
        text = title_case(text)
    return smart_quotes(text)


def _format_number(num: str) -> str:
    num = collapse_ws(num)
    if num.isdigit():
        return num
    if re.fullmatch(_ROMAN, num.upper()) and re.fullmatch(r"[ivxlcdmIVXLCDM]+", num):
        return num.upper()
    return " ".join(
        w.lower() if w.lower() == "the" else "-".join(_cap_first(p.lower()) for p in w.split("-"))
        for w in num.split(" ")
    )


def format_title(label: Label, subtitle: str = "", default_keyword: str = "Chapter") -> str:
    """Write a parsed label (plus an optional subtitle found below it) as a title."""
    if label.kind in ("chapter", "part") and label.number:
        head = f"{label.keyword or default_keyword} {_format_number(label.number)}"
        if label.rest:
            return f"{head}{'. ' if label.dot else ': '}{tidy_title(label.rest)}"
        if subtitle:
            return f"{head}: {tidy_title(subtitle)}"
        return head
    if label.kind == "special":
        head = label.keyword
        rest = label.rest or subtitle
        return f"{head}: {tidy_title(rest)}" if rest else head
    return tidy_title(label.text)


def same_text(a: str, b: str) -> bool:
    """Equal after case folding and ignoring punctuation and spacing."""
    return _norm(a) == _norm(b) and bool(_norm(a))


def _norm(text: str) -> str:
    return "".join(ch for ch in text.casefold().replace("’", "'") if ch.isalnum())


def chapter_title(label_text: str, leading: list[str], index: int) -> str:
    """The title of a division whose entry says ``label_text`` and whose text opens with the
    heading lines ``leading`` (before its first paragraph).

    A bare label ("STAVE ONE.", "1") takes its subtitle from the first heading line that is not
    the label itself ("MARLEY’S GHOST."). An empty label takes the first heading line.
    """
    label = parse_label(label_text)
    if not label.text:
        for line in leading:
            if collapse_ws(line):
                label = parse_label(line)
                break
        else:
            return f"Chapter {index}"
    if label.kind == "text" and leading:
        # A table of contents that gives only the title ("Down the Rabbit-Hole") over a heading that
        # carries the label ("CHAPTER I."): keep the book's label.
        first = parse_label(leading[0])
        if first.kind == "chapter" and first.number:
            if not first.rest:
                return format_title(first, label.text)
            if same_text(first.rest, label.text):
                return format_title(first)
    subtitle = ""
    if label.bare or (label.kind == "special" and not label.rest):
        for line in leading:
            line = collapse_ws(line)
            if not line or same_text(line, label.text):
                continue
            other = parse_label(line)
            if other.kind == label.kind and other.number:
                if (other.value is not None and other.value == label.value) or same_text(
                    other.number, label.number
                ):
                    if other.rest:
                        subtitle = other.rest
                        break
                    continue
                break  # another numbered label: not our subtitle
            if other.kind == "special" and same_text(other.keyword, label.keyword):
                if other.rest:
                    subtitle = other.rest
                    break
                continue
            if len(line.split()) <= 20:
                subtitle = line
            break
    return format_title(label, subtitle)


def matter_kind(label_text: str) -> str | None:
    """"strong" for front/back matter labels (contents, preface, licence...), "weak" for labels that
    are matter only when little text follows ("The End", "Cover"), None otherwise."""
    norm = collapse_ws(_NORM_RE.sub("", label_text.casefold().replace("’", "'").replace("'", "")))
    if not norm:
        return None
    if "gutenberg" in norm:
        return "strong"
    words = norm.split()
    if len(words) > 10:
        return None
    if norm.startswith(_MATTER_PREFIXES):
        return "strong"
    for key in _MATTER_STRONG:
        if norm == key:
            return "strong"
        if norm.startswith(key + " ") and words[len(key.split())] in _QUALIFIERS:
            return "strong"
    if norm in _MATTER_WEAK:
        return "weak"
    return None
