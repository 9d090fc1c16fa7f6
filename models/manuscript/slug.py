"""File-name slugs for books and chapters."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["slugify"]

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = re.compile(r"(?<=\w)['’](?=\w)")


def slugify(text: str, fallback: str = "book", max_len: int = 60) -> str:
    """Lowercase ASCII words joined by hyphens, at most ``max_len`` characters, never empty.

    Accents are folded ("Élan" -> "elan"); anything else that is not a letter or digit separates words.
    When nothing is left, ``fallback`` (itself slugified, else "book") is returned.
    """
    text = _APOSTROPHES.sub("", text or "")  # "Marley's" -> "marleys", not "marley-s"
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NON_ALNUM.sub("-", folded.lower()).strip("-")
    if len(slug) > max_len:
        cut = slug[:max_len]
        # Prefer to end on a whole word when that keeps at least half the length.
        if slug[max_len] != "-" and "-" in cut and cut.rindex("-") >= max_len // 2:
            cut = cut[: cut.rindex("-")]
        slug = cut.strip("-")
    if slug:
        return slug
    if fallback and fallback != text:
        return slugify(fallback, fallback="book", max_len=max_len)
    return "book"
