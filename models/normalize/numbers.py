"""Numbers as the words an American narrator says, via num2words (cached: num2words is slow)."""

from __future__ import annotations

from functools import lru_cache

from num2words import num2words

__all__ = ["cardinal", "decimal", "digits", "ordinal", "plural", "roman_value", "year"]

# Longer digit strings are read digit by digit (account numbers, not quantities).
MAX_CARDINAL_DIGITS = 15


def _american(words: str) -> str:
    """num2words' British "one hundred and one, ..." as "one hundred one ..."."""
    return words.replace(",", "").replace(" and ", " ")


@lru_cache(maxsize=1024)
def _below_thousand(n: int) -> str:
    return _american(num2words(n, lang="en"))


@lru_cache(maxsize=16)
def _scale(power: int) -> str:
    """"thousand", "million", ... for 1000 ** power, as num2words names them."""
    return num2words(1000**power, lang="en").split(" ", 1)[1]


@lru_cache(maxsize=8192)
def cardinal(n: int) -> str:
    """num2words' cardinal in American style, composed from cached three-digit groups (num2words is slow)."""
    if n < 0:
        return "minus " + cardinal(-n)
    if n < 1000:
        return _below_thousand(n)
    words: list[str] = []
    power = 0
    while n:
        n, group = divmod(n, 1000)
        if group:
            words.append(_below_thousand(group) + (" " + _scale(power) if power else ""))
        power += 1
    return " ".join(reversed(words))


@lru_cache(maxsize=4096)
def ordinal(n: int) -> str:
    return _american(num2words(n, lang="en", to="ordinal"))


@lru_cache(maxsize=4096)
def year(n: int) -> str:
    """1066 "ten sixty-six", 1905 "nineteen oh five", 1900 "nineteen hundred", 2005 "two thousand five"."""
    if n < 1000:
        return cardinal(n)
    return _american(num2words(n, lang="en", to="year")).replace("oh-", "oh ")


def digits(s: str) -> str:
    """"007" -> "zero zero seven"."""
    return " ".join(cardinal(int(c)) for c in s if c.isdigit())


def decimal(int_part: str, frac: str | None) -> str:
    """"3", "14" -> "three point one four"; int_part may carry thousands commas."""
    int_digits = int_part.replace(",", "")
    head = digits(int_digits) if len(int_digits) > MAX_CARDINAL_DIGITS else cardinal(int(int_digits))
    return f"{head} point {digits(frac)}" if frac else head


def plural(words: str) -> str:
    """"nineteen twenty" -> "nineteen twenties", "eighteen hundred" -> "eighteen hundreds"."""
    if words.endswith("y"):
        return words[:-1] + "ies"
    if words.endswith(("x", "s")):
        return words + "es"
    return words + "s"


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_value(token: str) -> int:
    """Value of a Roman numeral already checked to be well formed."""
    total = 0
    prev = 0
    for ch in reversed(token.upper()):
        v = _ROMAN[ch]
        if v < prev:
            total -= v
        else:
            total += v
            prev = v
    return total
