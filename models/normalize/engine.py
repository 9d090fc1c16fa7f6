"""The normaliser: one left-to-right scan over the text, table-driven rules at each token.

The scan copies runs of plain lowercase prose in one regex step and stops only at
tokens that may need a rule: digits, capitalised or dotted words, symbols, dashes,
ellipses.  Every rule is an anchored match of bounded length at the scan position
plus O(1) look-behind in a small window, so a paragraph is normalised in time
linear in its length.  Context (the word before, the word after) is read from the
original text, never from the words already written out.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from models.normalize import numbers as nw
from models.normalize.loader import (
    Abbreviation,
    Currency,
    Tables,
    default_tables,
    read_table_file,
)

__all__ = ["Normalizer"]

_L = r"[^\W\d_]"  # one letter, any script
_NOT_LETTER_AFTER = rf"(?!{_L})"
_WORD = re.compile(rf"({_L}+(?:\.{_L}+)*)(\.(?![ ]?\.))?")
_CHUNK = re.compile(rf"{_L}+|\d+|.", re.DOTALL)
_NUM = re.compile(r"(\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.(\d+))?")
_ORD_SUFFIX = re.compile(rf"(?:[sS][tT]|[nN][dD]|[rR][dD]|[tT][hH]){_NOT_LETTER_AFTER}")
_DECADE_S = re.compile(rf"['’]?s{_NOT_LETTER_AFTER}")
_FEET_INCHES = re.compile(r"(?P<ft>\d{1,2})['\u2032][ \u00a0]?(?P<in>\d{1,2})(?:\"|\u2033|\u2032\u2032|''|\u201d)")
_PERCENT = re.compile(r"[ \u00a0]?%")
_AMPM = rf"(?P<ap>[aApP])(?:\.[ ]?[mM]\.?|[mM]\.?){_NOT_LETTER_AFTER}"
_TIME = re.compile(rf"(?P<h>\d{{1,2}}):(?P<m>\d\d)(?!\d|:\d)(?:[ \u00a0]?{_AMPM})?")
_HOUR_AMPM = re.compile(rf"(?P<h>\d{{1,2}})[ \u00a0]?{_AMPM}")
_SLASH_DATE = re.compile(r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<c>\d{4}|\d\d)(?![\d/])")
_ISO_DATE = re.compile(r"(?P<c>\d{4})-(?P<a>\d\d)-(?P<b>\d\d)(?![\d-])")
_PHONE = re.compile(r"\d{3}-(?:\d{3}-)?\d{4}(?![\d-])")
_FRACTION = re.compile(r"(?P<n>\d{1,3})(?P<slash>[/\u2044])(?P<d>\d{1,3})(?![\d/\u2044])")
_MIXED = re.compile(r"(?P<w>\d{1,6})[ \u00a0](?P<n>\d{1,3})(?P<slash>[/\u2044])(?P<d>\d{1,3})(?![\d/\u2044])")
_VULGAR = {"½": (1, 2), "¼": (1, 4), "¾": (3, 4), "⅓": (1, 3), "⅔": (2, 3), "⅛": (1, 8), "⅜": (3, 8), "⅝": (5, 8), "⅞": (7, 8)}
_VULGAR_AFTER = re.compile("[" + "".join(_VULGAR) + "]")
# An en dash (spaced or not), an unspaced em dash or a hyphen between numbers is "to".
_RANGE = re.compile(r"(?:[ \u00a0]?\u2013[ \u00a0]?|\u2014|-)(?=[$£€¥₹]?\d)")
_HYPHEN_RANGE_END = re.compile(r"[$£€¥₹]?(?:\d{1,3}(?:,\d{3})+|\d{1,4})(?![\d,])")
_MINUS = re.compile(r"[-\u2212](?=[$£€¥₹]?\d)")
_NEGATIVE_BEFORE = frozenset(" \t\n\r\u00a0([{\"'“‘=")
_NEXT_WORD = re.compile(rf"[ \t\u00a0]+[\"'“‘(]?(?:(?P<num>[#$£€]?\d)|(?P<word>{_L}+))")
_NEXT_VERB = re.compile(r"[ \t\u00a0]+([a-z]+(?:['’]t)?)")
_PREV_WORD = re.compile(rf"({_L}+(?:\.{_L}+)*)(\.?)[ \t\u00a0]+$")
_SENTENCE_END = re.compile(r"[\"'”’)\]]*\s*$")
_SENTENCE_NEXT = re.compile(rf"[\"'”’)\]]*\s+[\"'“‘(\[]*({_L}+)")
_HEADING_TAIL = re.compile(r"[.:]?\s*$|\.[ ]?[-\u2013\u2014]")
_HEADING_TAIL_I = re.compile(r"\.\s*$|\.[ ]?[-\u2013\u2014]")
_SEGMENT_END = re.compile(r"[.!?]+[\"'”’)\]]*\s+|\n")
_CAPS_WORD = re.compile(r"[A-Z]{2,}")
_REGNAL = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")
_ROMAN = re.compile(r"C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})", re.IGNORECASE)
_NAME = re.compile(r"[A-Z][a-z]+")
_VOWELS = frozenset("AEIOUY")
_ELLIPSIS = re.compile(r"\.{3,}|…+|\.(?:[ ]\.){2,}")
_DASH = re.compile(r"(?:[\u2013\u2014\u2015]+|-{2,3}|(?<=\s)-(?=\s))[ \t\u00a0]*")
_DECADE_APOSTROPHE = re.compile(rf"['’‘](\d)0s{_NOT_LETTER_AFTER}")
_OPENERS = frozenset("“‘([{")
_CLOSERS = frozenset("\"'”’)]}")
_STOPS = frozenset(".,;:!?")
# Numeric dates ("12/25/2025") name their month in English whatever the tables say.
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def _alternation(keys: Iterable[str]) -> str:
    """A regex alternation of `keys`, longest first so "Sept" wins over "Sep"."""
    return "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))


def _cap(words: str) -> str:
    return words[:1].upper() + words[1:]


class _Scan:
    """One call's text and the little state carried between tokens."""

    __slots__ = ("_segments", "forced_year_at", "n", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.n = len(text)
        self.forced_year_at = -1  # the number after a year range's dash is a year too
        self._segments: tuple[list[int], list[bool]] | None = None

    def caps(self, pos: int) -> bool:
        """Whether the sentence around `pos` is all capitals (a heading or shouting)."""
        if self._segments is None:
            ends: list[int] = []
            flags: list[bool] = []
            start = 0
            for m in _SEGMENT_END.finditer(self.text):
                seg = self.text[start : m.end()]
                ends.append(m.end())
                flags.append(seg.isupper() and len(_CAPS_WORD.findall(seg)) >= 2)
                start = m.end()
            seg = self.text[start:]
            ends.append(self.n + 1)
            flags.append(seg.isupper() and len(_CAPS_WORD.findall(seg)) >= 2)
            self._segments = (ends, flags)
        ends, flags = self._segments
        return flags[bisect.bisect_right(ends, pos)]

    def prev_word(self, pos: int) -> tuple[str, str] | None:
        """The word just before `pos` (only spaces between) and the "." after it, if any."""
        m = _PREV_WORD.search(self.text, max(0, pos - 40), pos)
        return (m.group(1), m.group(2)) if m else None

    def next_word(self, pos: int) -> tuple[str, str] | None:
        """("num", "") or ("word", w) for the token after the spaces at `pos`."""
        m = _NEXT_WORD.match(self.text, pos)
        if not m:
            return None
        return ("num", "") if m.group("num") else ("word", m.group("word"))

    def letter_at(self, pos: int) -> bool:
        return 0 <= pos < self.n and self.text[pos].isalpha()


class Normalizer:
    """Written forms to spoken words for an English (en_US) voice; see models.normalize."""

    def __init__(self, tables: Tables) -> None:
        self.tables = t = tables
        self._abbr_folded = {k.lower(): k for k in t.abbreviations}
        self._titles_folded = {k.lower(): k for k in t.titles}
        self._spelled = {w for w, spelled in t.initialisms.items() if spelled}
        self._keep = {w for w, spelled in t.initialisms.items() if not spelled}
        self._function = t.function_words
        self._monarchs = t.monarchs
        self._monarchs_upper = {m.upper() for m in t.monarchs}
        self._sep = t.settings.get("letter_separator", " ")
        self._am = t.settings.get("am", "a.m.")
        self._pm = t.settings.get("pm", "p.m.")
        self._eras = t.eras
        self._month_lower = {k.lower() for k in t.months}
        # Lowercased words that any word rule looks up: other plain words are copied straight out.
        self._known = {
            k.lower().rstrip(".")
            for k in (*t.abbreviations, *t.titles, *t.compass, *t.months, *t.initialisms)
            if "." not in k.rstrip(".")
        }

        months = _alternation(t.months)
        self._month_first = re.compile(
            rf"(?P<mon>{months})(?P<dot>\.)?[ \u00a0]+(?P<day>\d{{1,2}})(?P<ord>[sS][tT]|[nN][dD]|[rR][dD]|[tT][hH])?"
            rf"(?!\d|{_L})(?:(?P<sep>,?[ \u00a0]+)(?P<year>\d{{4}})(?![\d,]|{_L}))?"
        ) if t.months else None
        self._day_month = re.compile(
            rf"(?P<of>[ \u00a0]+of)?[ \u00a0]+(?P<mon>{months})(?P<dot>\.)?{_NOT_LETTER_AFTER}"
            rf"(?:(?P<sep>,?[ \u00a0]+)(?P<year>\d{{4}})(?![\d,]|{_L}))?"
        ) if t.months else None

        prefix = [k for k, c in t.currencies.items() if c.position == "prefix"]
        suffix = [k for k, c in t.currencies.items() if c.position == "suffix"]
        scales = rf"(?:[ \u00a0]?(?P<scale>{_alternation(t.scales)}){_NOT_LETTER_AFTER})?" if t.scales else ""
        self._currency = re.compile(
            rf"(?P<sym>{_alternation(prefix)})[ \u00a0]?"
            rf"(?:(?P<int>\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d+)(?:\.(?P<frac>\d+))?|\.(?P<cents>\d\d)(?!\d)){scales}"
        ) if prefix else None
        self._currency_first = {k[0] for k in prefix}
        self._currency_suffix = re.compile(rf"(?:{_alternation(suffix)}){_NOT_LETTER_AFTER}") if suffix else None
        units = []
        for key in sorted(t.units, key=len, reverse=True):
            tail = _NOT_LETTER_AFTER if key[-1].isalpha() else ""
            units.append(re.escape(key) + tail)
        # "in." needs its period after a space ("5 in the morning") but not glued on: "10in".
        glued = [k[:-1] for k in t.units if k.endswith(".") and k[:-1] not in t.units and k[:-1].isalpha()]
        glued_alt = rf"|(?P<glued>{_alternation(glued)}){_NOT_LETTER_AFTER}" if glued else ""
        self._unit = (
            re.compile(rf"(?P<sp>[ \u00a0]?|-)(?P<unit>{'|'.join(units)}){glued_alt}") if units else None
        )

        # Lowercase words that are table keys must not be swallowed by the plain-prose run.
        lower_keys = [k for k in (*t.abbreviations, *t.titles, *t.compass) if k.islower() and "." not in k]
        guard = rf"(?!(?:{_alternation(lower_keys)}){_NOT_LETTER_AFTER})" if lower_keys else ""
        self._plain = re.compile(
            rf"(?:{guard}[a-z]++(?![.\w])|[ \t\n\r,;:!?\"“”()\[\]]++|(?<=[a-z])-(?=[a-z])|['’‘](?!\d))++"
        )

        dispatch: dict[str, Callable[[_Scan, int, list[str]], tuple[str, int] | None]] = {}
        for ch in "0123456789":
            dispatch[ch] = self._number
        for ch in ("-", "\u2212"):
            dispatch[ch] = self._minus
        for ch in ("\u2013", "\u2014", "\u2015"):
            dispatch[ch] = self._dash
        dispatch["."] = self._ellipsis
        dispatch["…"] = self._ellipsis
        dispatch["'"] = self._apostrophe
        dispatch["’"] = self._apostrophe
        dispatch["‘"] = self._apostrophe
        for ch in _VULGAR:
            dispatch[ch] = self._vulgar
        for ch in t.symbols:
            dispatch[ch] = self._symbol
        for ch in self._currency_first:
            if not ch.isalpha():
                dispatch[ch] = self._money
        self._dispatch = dispatch

    # ----------------------------------------------------------------- API

    @classmethod
    def default(cls) -> Normalizer:
        """The normaliser with the shipped tables (one shared instance)."""
        global _DEFAULT
        if _DEFAULT is None:
            _DEFAULT = cls(default_tables())
        return _DEFAULT

    @classmethod
    def from_files(cls, *paths: str | Path) -> Normalizer:
        """The shipped tables, then each publisher table file (TOML or JSON) layered over them in order."""
        tables = default_tables()
        for path in paths:
            read_table_file(tables, path)
        return cls(tables)

    def __call__(self, text: str) -> str:
        if not text:
            return text
        scan = _Scan(text)
        out: list[str] = []
        pos, n = 0, scan.n
        plain, dispatch = self._plain.match, self._dispatch
        while pos < n:
            m = plain(text, pos)
            if m:
                out.append(m.group())
                pos = m.end()
                if pos >= n:
                    break
            ch = text[pos]
            rule = dispatch.get(ch)
            if rule is None and ch.isalpha():
                rule = self._word
            done = rule(scan, pos, out) if rule is not None else None
            if done is None:
                chunk = _CHUNK.match(text, pos)
                step = chunk.end() if chunk else pos + 1  # _CHUNK matches any character
                out.append(text[pos:step])
                pos = step
            else:
                out.append(done[0])
                pos = done[1]
        return "".join(out)

    # ----------------------------------------------------------- helpers

    def _spaced(self, scan: _Scan, start: int, end: int, words: str, *, right: bool = True) -> str:
        """Words replacing text[start:end], kept apart from letters or digits glued to either side."""
        if start > 0 and scan.text[start - 1].isalpha():
            words = " " + words
        if right and end < scan.n and scan.text[end].isalnum():
            words += " "
        return words

    def _ends_sentence(self, scan: _Scan, pos: int) -> bool:
        """Whether a period just before `pos` also ends the sentence."""
        if _SENTENCE_END.match(scan.text, pos):
            return True
        m = _SENTENCE_NEXT.match(scan.text, pos)
        return bool(m) and m.group(1)[0].isupper() and m.group(1) in self._function

    def _is_name(self, word: str | None, scan: _Scan, pos: int) -> bool:
        if not word or word in self._function:
            return False
        if _NAME.fullmatch(word):
            return True
        return word.isupper() and len(word) > 1 and scan.caps(pos) and word not in self._spelled

    def _prev_name(self, scan: _Scan, pos: int) -> bool:
        prev = scan.prev_word(pos)
        return prev is not None and not prev[1] and self._is_name(prev[0], scan, pos)

    def _spell(self, written: str) -> str:
        """Letters to be said one by one: "B B C"; "A.D" where a lone "A" would be read as "uh"."""
        letters = [c.upper() for c in written if c.isalpha()]
        joiner = "." if "A" in letters[:-1] else self._sep
        return joiner.join(letters)

    # ------------------------------------------------------------ numbers

    def _minus(self, scan: _Scan, pos: int, out: list[str]) -> tuple[str, int] | None:
        if _MINUS.match(scan.text, pos) and (pos == 0 or scan.text[pos - 1] in _NEGATIVE_BEFORE):
            return "minus ", pos + 1
        return self._dash(scan, pos, out)

    def _number(self, scan: _Scan, pos: int, out: list[str]) -> tuple[str, int] | None:
        done = self._number_core(scan, pos)
        if done is None:
            return None
        words, end = done
        r = _RANGE.match(scan.text, end)
        if r and scan.text[r.start()] == "-" and not _HYPHEN_RANGE_END.match(scan.text, r.end()):
            r = None  # "64-6221541" is an identifier, not a range
        if r:
            if self._is_year_words(scan, pos):
                scan.forced_year_at = r.end()
            return self._spaced(scan, pos, end, words, right=False) + " to ", r.end()
        return self._spaced(scan, pos, end, words), end

    def _is_year_words(self, scan: _Scan, pos: int) -> bool:
        m = _NUM.match(scan.text, pos)
        if not m or m.group(2) or not m.group(1).isdigit() or len(m.group(1)) > 4:
            return False
        return self._year_style(scan, pos, m.end(), int(m.group(1)))

    def _number_core(self, scan: _Scan, pos: int) -> tuple[str, int] | None:
        text = scan.text
        for rule in (self._time, self._hour_ampm, self._slash_date, self._fraction):
            done = rule(scan, pos)
            if done is not None:
                return done
        phone = _PHONE.match(text, pos)
        if phone:
            return ", ".join(nw.digits(part) for part in phone.group().split("-")), phone.end()
        m = _NUM.match(text, pos)
        if m is None:  # pragma: no cover - dispatched on a digit
            return None
        int_s, frac = m.group(1), m.group(2)
        end = m.end()
        plain = int_s.replace(",", "")
        if len(plain) > nw.MAX_CARDINAL_DIGITS:
            return nw.digits(plain), end
        value = int(plain)
        commas = "," in int_s
        if frac is None:
            o = _ORD_SUFFIX.match(text, end)
            if o:
                if value <= 31 and not commas:
                    date = self._day_first(scan, pos, value, o.end())
                    if date:
                        return date
                return nw.ordinal(value), o.end()
            s = _DECADE_S.match(text, end)
            if s:
                decade = not commas and value % 10 == 0 and (
                    (len(plain) == 4 and value >= 1000) or (len(plain) == 2 and value >= 10)
                )
                if decade:
                    return nw.plural(nw.year(value) if value >= 1000 else nw.cardinal(value)), s.end()
                if text[end] == "s":  # "rolled 6s", "Boeing 747s"; "1984's" stays possessive
                    return nw.plural(nw.cardinal(value)), s.end()
            f = _FEET_INCHES.match(text, pos)
            if f:
                feet, inches = int(f.group("ft")), int(f.group("in"))
                return (
                    f"{nw.cardinal(feet)} {'foot' if feet == 1 else 'feet'} "
                    f"{nw.cardinal(inches)} {'inch' if inches == 1 else 'inches'}"
                ), f.end()
            if 1 <= value <= 31 and len(plain) <= 2:
                date = self._day_first(scan, pos, value, end)
                if date:
                    return date
            v = _VULGAR_AFTER.match(text, end)
            if v:
                num, den = _VULGAR[v.group()]
                return self._fraction_words(num, den, whole=value), v.end()
        p = _PERCENT.match(text, end)
        if p:
            return f"{nw.decimal(int_s, frac)} percent", p.end()
        if self._currency_suffix is not None:
            c = self._currency_suffix.match(text, end)
            if c:
                cur = self.tables.currencies[c.group()]
                return self._amount(scan, pos, cur, int_s, frac, None), c.end()
        if self._unit is not None:
            u = self._unit.match(text, end)
            if u:
                return self._with_unit(scan, pos, u, int_s, frac), u.end()
        if frac is not None:
            return nw.decimal(int_s, frac), end
        if len(plain) > 1 and plain[0] == "0" or len(plain) > nw.MAX_CARDINAL_DIGITS:
            return nw.digits(plain), end
        if not commas and self._year_style(scan, pos, end, value):
            return nw.year(value), end
        return nw.cardinal(value), end

    def _year_style(self, scan: _Scan, pos: int, end: int, value: int) -> bool:
        """Whether a bare integer is said as a year ("nineteen eighty-four")."""
        if scan.forced_year_at == pos:
            return True
        prev = scan.prev_word(pos)
        lower = (prev[0].lower() + prev[1]) if prev else ""
        if prev and (lower in self.tables.headings or prev[0].lower() in self.tables.headings):
            return False
        nxt = scan.next_word(end)
        era = (prev is not None and prev[0] + prev[1] in self._eras) or (
            nxt is not None and nxt[0] == "word" and self._era_at(scan, end)
        )
        if era:
            return True
        if not 1000 <= value <= 2099:
            return False
        if value < 2010:
            return True
        if prev and (lower in self.tables.year_cues or prev[0].lower() in self._month_lower):
            return True
        return nxt is None or nxt[0] != "word" or not nxt[1][0].islower()

    def _era_at(self, scan: _Scan, end: int) -> bool:
        m = _NEXT_WORD.match(scan.text, end)
        if not m or not m.group("word"):
            return False
        w = _WORD.match(scan.text, m.start("word"))
        word = w.group(1) if w else ""
        return word in self._eras or (word + ".") in self._eras

    def _time(self, scan: _Scan, pos: int) -> tuple[str, int] | None:
        m = _TIME.match(scan.text, pos)
        if not m:
            return None
        h, mins, ap = int(m.group("h")), int(m.group("m")), m.group("ap")
        if h > 24 or mins > 59 or (ap and not 1 <= h <= 12):
            return None
        if mins == 0:
            if ap:
                words = nw.cardinal(h)
            elif 1 <= h <= 12:
                words = f"{nw.cardinal(h)} o'clock"
            else:
                words = f"{nw.cardinal(h)} hundred"
        elif mins < 10:
            words = f"{nw.cardinal(h)} oh {nw.cardinal(mins)}"
        else:
            words = f"{nw.cardinal(h)} {nw.cardinal(mins)}"
        return self._with_ampm(scan, words, m)

    def _hour_ampm(self, scan: _Scan, pos: int) -> tuple[str, int] | None:
        m = _HOUR_AMPM.match(scan.text, pos)
        if not m or not 1 <= int(m.group("h")) <= 12:
            return None
        return self._with_ampm(scan, nw.cardinal(int(m.group("h"))), m)

    def _with_ampm(self, scan: _Scan, words: str, m: re.Match[str]) -> tuple[str, int]:
        ap = m.group("ap")
        if not ap:
            return words, m.end()
        said = self._am if ap in "aA" else self._pm
        if scan.text[m.end() - 1] == "." and not said.endswith(".") and self._ends_sentence(scan, m.end()):
            said += "."
        return f"{words} {said}", m.end()

    def _slash_date(self, scan: _Scan, pos: int) -> tuple[str, int] | None:
        m = _SLASH_DATE.match(scan.text, pos) or _ISO_DATE.match(scan.text, pos)
        if not m:
            return None
        a, b, c = int(m.group("a")), int(m.group("b")), m.group("c")
        year = nw.year(int(c)) if len(c) == 4 else (f"oh {nw.cardinal(int(c))}" if c[0] == "0" else nw.cardinal(int(c)))
        if 1 <= a <= 12 and 1 <= b <= 31:
            return f"{_MONTHS[a - 1]} {nw.ordinal(b)}, {year}", m.end()
        if 1 <= b <= 12 and 13 <= a <= 31:
            return f"the {nw.ordinal(a)} of {_MONTHS[b - 1]}, {year}", m.end()
        return None

    def _fraction(self, scan: _Scan, pos: int) -> tuple[str, int] | None:
        text = scan.text
        m = _MIXED.match(text, pos)
        if m:
            num, den = int(m.group("n")), int(m.group("d"))
            if 0 < num < den and den in self.tables.fractions:
                return self._fraction_words(num, den, whole=int(m.group("w"))), m.end()
        m = _FRACTION.match(text, pos)
        if not m:
            return None
        n_s, slash = m.group("n"), m.group("slash")
        num, den = int(n_s), int(m.group("d"))
        if 0 < num < den and (den in self.tables.fractions or slash != "/"):
            return self._fraction_words(num, den), m.end()
        if slash != "/" and den > 1 and len(n_s) > 1 and 0 < int(n_s[-1]) < den:
            # NFKC turns "1½" into "11⁄2": a whole number and a vulgar fraction
            return self._fraction_words(int(n_s[-1]), den, whole=int(n_s[:-1])), m.end()
        if den == 0:
            return None
        # "24/7", "9/11": said as two numbers
        return f"{nw.cardinal(num)} {nw.cardinal(den)}", m.end()

    def _fraction_words(self, num: int, den: int, whole: int | None = None) -> str:
        names = self.tables.fractions.get(den)
        if names is None:
            names = (nw.ordinal(den), nw.plural(nw.ordinal(den)))
        if whole is not None:
            part = f"a {names[0]}" if num == 1 else f"{nw.cardinal(num)} {names[1]}"
            return f"{nw.cardinal(whole)} and {part}"
        return f"one {names[0]}" if num == 1 else f"{nw.cardinal(num)} {names[1]}"

    def _vulgar(self, scan: _Scan, pos: int, out: list[str]) -> tuple[str, int] | None:
        num, den = _VULGAR[scan.text[pos]]
        return self._spaced(scan, pos, pos + 1, self._fraction_words(num, den)), pos + 1

    def _day_first(self, scan: _Scan, pos: int, day: int, end: int) -> tuple[str, int] | None:
        """"4 August 1914", "4th of July": the day number at `pos` ends at `end`."""
        if self._day_month is None or day < 1:
            return None
        m = self._day_month.match(scan.text, end)
        if not m:
            return None
        written = m.group("mon")
        month = self.tables.months[written]
        finish = m.end()
        year = m.group("year")
        if m.group("dot") and written == month:  # a full name's "." is the sentence's
            finish, year = m.end("mon"), None
        prev = scan.prev_word(pos)
        the = "" if prev and prev[0].lower() == "the" else "the "
        words = f"{the}{nw.ordinal(day)} of {month}"
        if year:
            words += ("," if "," in m.group("sep") else "") + " " + nw.year(int(year))
        elif m.group("dot") and written != month and self._ends_sentence(scan, finish):
            words += "."
        return words, finish

    def _with_unit(self, scan: _Scan, pos: int, u: re.Match[str], int_s: str, frac: str | None) -> str:
        key = u.group("unit") or u.group("glued") + "."
        singular, plural = self.tables.units[key]
        hyphen = u.group("sp") == "-"
        prev = scan.prev_word(pos)
        adjective = hyphen or (prev is not None and prev[0].lower() in ("a", "an") and scan.letter_at(u.end() + 1))
        one = frac is None and int_s == "1"
        words = f"{nw.decimal(int_s, frac)}{'-' if hyphen else ' '}{singular if one or adjective else plural}"
        if u.group("unit") and key.endswith(".") and self._ends_sentence(scan, u.end()):
            words += "."
        return words

    def _money(self, scan: _Scan, pos: int, out: list[str]) -> tuple[str, int] | None:
        if self._currency is None:
            return None
        m = self._currency.match(scan.text, pos)
        if not m:
            return None
        cur = self.tables.currencies[m.group("sym")]
        int_s, frac = m.group("int") or "0", m.group("frac") or m.group("cents")
        words = self._amount(scan, pos, cur, int_s, frac, m.group("scale"))
        end = m.end()
        r = _RANGE.match(scan.text, end)
        if r:
            return self._spaced(scan, pos, end, words, right=False) + " to ", r.end()
        return self._spaced(scan, pos, end, words), end

    def _amount(self, scan: _Scan, pos: int, cur: Currency, int_s: str, frac: str | None, scale: str | None) -> str:
        prev = scan.prev_word(pos)
        adjective = cur.position == "prefix" and prev is not None and prev[0].lower() in ("a", "an")
        major_one, major_many = cur.major
        if scale:
            return f"{nw.decimal(int_s, frac)} {self.tables.scales[scale]} {major_one if adjective else major_many}"
        if len(int_s) > nw.MAX_CARDINAL_DIGITS:
            return f"{nw.decimal(int_s, frac)} {major_many}"
        value = int(int_s.replace(",", ""))
        if frac is None or cur.minor is None and set(frac) == {"0"}:
            name = major_one if value == 1 or adjective else major_many
            return f"{nw.cardinal(value)} {name}"
        if cur.minor is None or len(frac) > 2:
            return f"{nw.decimal(int_s, frac)} {major_many}"
        cents = int(frac.ljust(2, "0"))
        minor_one, minor_many = cur.minor
        major = f"{nw.cardinal(value)} {major_one if value == 1 else major_many}"
        minor = f"{nw.cardinal(cents)} {minor_one if cents == 1 else minor_many}"
        if cents == 0:
            return major
        if value == 0:
            return minor
        if cur.style == "short":
            return f"{major} {nw.cardinal(cents)}"
        return f"{major} and {minor}"

    # -------------------------------------------------------------- words

    def _word(self, scan: _Scan, pos: int, out: list[str]) -> tuple[str, int] | None:
        text = scan.text
        if self._currency is not None and text[pos] in self._currency_first:
            done = self._money(scan, pos, out)
            if done:
                return done
        m = _WORD.match(text, pos)
        if m is None:  # pragma: no cover - dispatched on a letter
            return None
        w, dot = m.group(1), m.group(2) or ""
        word_end = m.end(1)
        end = m.end()
        if (w.islower() or w[1:].islower()) and w.lower() not in self._known and "." not in w:
            return m.group(), end
        if "." not in w:
            if w.isupper() and _ROMAN.fullmatch(w):
                said = self._roman(scan, pos, w, word_end)
                if said:
                    return said + dot, end
            if pos > 1 and text[pos - 1] in "'’" and text[pos - 2].isalpha():
                return m.group(), end  # the "LL" of "I'LL"
            if self._month_first is not None and w in self.tables.months:
                date = self._month_first_date(scan, pos)
                if date:
                    return date
            if dot:
                done = self._lookup(scan, pos, w + ".", end)
                if done:
                    return done
            done = self._lookup(scan, pos, w, word_end)
            if done:
                return done[0] + dot, end
            if w.isupper() or (len(w) > 2 and w[-1] == "s" and w[:-1].isupper()):
                said = self._initialism(scan, pos, w)
                if said:
                    return said + dot, end
            elif w in self._spelled:
                return self._spell(w) + dot, end
            elif w[-1:] == "s" and w[:-1] in self._spelled:
                return self._spell(w[:-1]) + "'s" + dot, end
            return m.group(), end
        # dotted: "e.g.", "U.S.A.", "Ph.D.", "N.E."
        done = self._lookup(scan, pos, w + dot, end)
        if done:
            return done
        parts = w.split(".")
        if all(len(p) <= 2 for p in parts) and (
            all(p[0].isupper() for p in parts) or all(len(p) == 1 and p.islower() for p in parts)
        ):
            said = self._spell(w)
            if dot and self._ends_sentence(scan, end):
                said += "."
            return said, end
        return m.group(), end

    def _lookup(self, scan: _Scan, pos: int, key: str, end: int) -> tuple[str, int] | None:
        """An abbreviation, title or compass point written `key` ending at `end`."""
        t = self.tables
        folded = not key.islower() and len(key.rstrip(".")) > 1  # "V. S. Naipaul" is not "v."
        said = t.compass.get(key)
        if said is not None:
            if key.endswith(".") and self._ends_sentence(scan, end):
                said += "."
            return said, end
        title = t.titles.get(key)
        if title is None and folded:
            k = self._titles_folded.get(key.lower())
            title = _cap(t.titles[k]) if k and key[0].isupper() else (t.titles[k] if k else None)
        if title is not None:
            if key.endswith(".") and _SENTENCE_END.match(scan.text, end):
                title += "."
            return title, end
        entry = t.abbreviations.get(key)
        capitalise = False
        if entry is None and folded:
            k = self._abbr_folded.get(key.lower())
            entry = t.abbreviations[k] if k else None
            capitalise = key[0].isupper()  # "No. 10", "E.g." read with a capital
        if entry is None:
            return None
        choice = self._choose(scan, pos, end, entry)
        if choice is None:
            return None
        said, prefix = choice
        if capitalise:
            said = _cap(said)
        if key.endswith(".") and not prefix and self._ends_sentence(scan, end):
            said += "."
        return said, end

    def _choose(self, scan: _Scan, pos: int, end: int, e: Abbreviation) -> tuple[str, bool] | None:
        """The abbreviation's reading in this context and whether it is said before what follows."""
        nxt = scan.next_word(end)
        kind, word = nxt if nxt else ("", "")
        if e.plain and e.otherwise:
            return e.otherwise, kind == "num" or self._is_name(word, scan, end)
        if e.before_number and (kind == "num" or (kind == "word" and self._numeral_follows(scan, end, word))):
            return e.before_number, True
        capital = kind == "word" and word[0].isupper()
        next_name = capital and self._is_name(word, scan, end)
        prev_name = self._prev_name(scan, pos)
        if e.after_name and prev_name and not next_name:
            return e.after_name, False
        if e.before_name and capital:
            return e.before_name, True
        if e.after_name and prev_name:
            return e.after_name, False
        if e.otherwise:
            return e.otherwise, False
        return None

    def _numeral_follows(self, scan: _Scan, end: int, word: str) -> bool:
        """Whether the next word (after `end`) is a Roman numeral: "No. IV", "Vol. I" but not "No. I won't"."""
        if not word.isupper() or not _ROMAN.fullmatch(word):
            return False
        if word != "I":
            return True
        after = scan.text.find("I", end) + 1
        return after >= scan.n or scan.text[after] in _STOPS or scan.text[after] in _CLOSERS

    def _month_first_date(self, scan: _Scan, pos: int) -> tuple[str, int] | None:
        m = self._month_first.match(scan.text, pos) if self._month_first else None
        if not m:
            return None
        written = m.group("mon")
        month = self.tables.months[written]
        day = int(m.group("day"))
        if not 1 <= day <= 31 or (m.group("dot") and written == month):
            return None
        words = f"{month} {nw.ordinal(day)}"
        if m.group("year"):
            words += ("," if "," in m.group("sep") else "") + " " + nw.year(int(m.group("year")))
        return self._spaced(scan, pos, m.end(), words), m.end()

    def _roman(self, scan: _Scan, pos: int, w: str, end: int) -> str | None:
        if not _ROMAN.fullmatch(w):
            return None
        value = nw.roman_value(w)
        if value == 0:
            return None
        prev = scan.prev_word(pos)
        if prev:
            low = prev[0].lower()
            heading = low in self.tables.headings or low + prev[1] in self.tables.headings
            if heading and (w != "I" or not prev[1] or self._numeral_follows(scan, pos, w)):
                return nw.cardinal(value)
        if prev and not prev[1] and _REGNAL.fullmatch(w) and scan.text[pos - 2 : pos - 1].isalpha():
            name = prev[0]
            monarch = name in self._monarchs or (name in self._monarchs_upper and scan.caps(pos))
            if len(w) > 1 and value <= 39 and (monarch or self._is_name(name, scan, pos)):
                return "the " + _cap(nw.ordinal(value))
            if monarch and (w != "I" or self._regnal_i(scan, end)):
                return "the " + _cap(nw.ordinal(value))
        if pos <= 8 and not scan.text[:pos].strip(" \t\r\n\"'“‘("):
            tail = _HEADING_TAIL_I if w == "I" else _HEADING_TAIL
            if tail.match(scan.text, end):
                return nw.cardinal(value)
        return None

    def _regnal_i(self, scan: _Scan, end: int) -> bool:
        """After a monarch's name, "I" is regnal before the end, punctuation, "'s" or a lowercase word."""
        text = scan.text
        if end >= scan.n:
            return True
        ch = text[end]
        if ch in "'’":
            return text[end + 1 : end + 2] == "s" and not scan.letter_at(end + 2)
        if ch in _STOPS or ch in _CLOSERS or ch in "\u2013\u2014-":
            return True
        m = _NEXT_VERB.match(text, end)
        return m is not None and m.group(1).lower() not in self.tables.first_person_verbs

    def _initialism(self, scan: _Scan, pos: int, w: str) -> str | None:
        if w in self._keep:
            return None
        if w in self._spelled:
            return self._spell(w)
        stem = w[:-1] if w[-1] == "s" and not w.isupper() else None
        if stem is not None and stem in self._spelled:
            return self._spell(stem) + "'s"
        core = stem or w
        bare = 2 <= len(core) <= 5 and core.isascii() and not (_VOWELS & set(core))
        if bare and core not in self._keep and not scan.caps(pos):
            return self._spell(core) + ("'s" if stem else "")
        return None

    # ------------------------------------------------------ punctuation

    def _symbol(self, scan: _Scan, pos: int, out: list[str]) -> tuple[str, int] | None:
        text, ch = scan.text, scan.text[pos]
        if ch == "#" and not (pos + 1 < scan.n and text[pos + 1].isdigit()):
            return None
        said = self.tables.symbols[ch]
        left = " " if out and out[-1] and not out[-1][-1].isspace() else ""
        right = " " if pos + 1 < scan.n and (text[pos + 1].isalnum() or text[pos + 1] in self._dispatch) else ""
        return f"{left}{said}{right}", pos + 1

    def _apostrophe(self, scan: _Scan, pos: int, out: list[str]) -> tuple[str, int] | None:
        m = _DECADE_APOSTROPHE.match(scan.text, pos)
        if not m or m.group(1) == "0":
            return None
        return nw.plural(nw.cardinal(int(m.group(1)) * 10)), m.end()

    def _pause(self, scan: _Scan, end: int, out: list[str], *, ellipsis: bool) -> tuple[str, int]:
        """A dash or ellipsis ending at `end` as a comma, or a period where it ends a sentence."""
        text = scan.text
        while out:
            stripped = out[-1].rstrip(" \t\u00a0")
            if stripped:
                out[-1] = stripped
                break
            out.pop()
        before = out[-1][-1] if out else ""
        if before and before in "\"'":
            ahead = out[-1][-2:-1] if len(out[-1]) > 1 else (out[-2][-1:] if len(out) > 1 else "")
            opening = not ahead or ahead.isspace() or ahead in _OPENERS
        else:
            opening = before in _OPENERS
        after = end
        while after < scan.n and text[after] in " \t\u00a0":
            after += 1
        nxt = text[after] if after < scan.n else ""
        if not before or opening or before == "\n":
            return "", after  # "...and then", "—Hello"
        if before in _STOPS:
            return ("" if not nxt or nxt == "\n" else " "), after
        if not nxt or nxt == "\n":
            return ".", after
        if nxt in _STOPS:
            return "", after  # "Wait—!", "What...?"
        if nxt in "”’" or (nxt in "\"'" and (after + 1 >= scan.n or not text[after + 1].isalnum())):
            m = _SENTENCE_NEXT.match(text, after + 1)
            ends = bool(_SENTENCE_END.match(text, after + 1)) or (m is not None and m.group(1)[0].isupper())
            return ("." if ends else ","), after
        if ellipsis:
            m = _SENTENCE_NEXT.match(text, after - 1) if after > end else None
            if m and m.group(1)[0].isupper() and m.group(1) != "I":
                return ". ", after
        return ", ", after

    def _dash(self, scan: _Scan, pos: int, out: list[str]) -> tuple[str, int] | None:
        text = scan.text
        m = _DASH.match(text, pos)
        if not m:
            return None
        if text[pos] == "\u2013" and m.end() == pos + 1 and scan.letter_at(pos - 1) and scan.letter_at(pos + 1):
            return None  # "Austria–Hungary": an en dash joining words is a hyphen
        return self._pause(scan, m.end(), out, ellipsis=False)

    def _ellipsis(self, scan: _Scan, pos: int, out: list[str]) -> tuple[str, int] | None:
        m = _ELLIPSIS.match(scan.text, pos)
        if not m:
            return None
        return self._pause(scan, m.end(), out, ellipsis=True)


_DEFAULT: Normalizer | None = None
