"""Text made ready for a voice: cleaning, sentence splitting, breath-sized pieces."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["clean_for_speech", "split_sentences", "breath_groups"]

# Pieces longer than this are split at commas, semicolons or spaces: a voice model
# given a whole run-on paragraph at once needs memory in proportion to its length.
MAX_UTTERANCE_CHARS = 400
_PYSBD_BLOCK_CHARS = 4000

_KEEP_CATEGORIES = {"L", "N", "P", "Z"}
_SYMBOLS_SPOKEN = {"&": " and ", "%": " percent", "+": " plus ", "=": " equals ", "@": " at ", "°": " degrees"}
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"'})
_DASHES = re.compile(r"\s*[\u2013\u2014\u2015]+\s*|\s+-{1,3}\s+|-{2,3}")
_SPACES = re.compile(r"\s+")


def clean_for_speech(text: str) -> str:
    """NFC text with what a voice cannot say removed: control and format characters, emoji, stray symbols."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    out: list[str] = []
    for ch in text:
        if ch in _SYMBOLS_SPOKEN:
            out.append(_SYMBOLS_SPOKEN[ch])
            continue
        cat = unicodedata.category(ch)
        if cat[0] in _KEEP_CATEGORIES or ch in "$£€":
            out.append(" " if cat[0] == "Z" else ch)
        elif cat in ("Cc", "Cf") and ch in "\t\n\r":
            out.append(" ")
    text = _DASHES.sub(", ", "".join(out))
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=1)
def _segmenter():  # type: ignore[no-untyped-def]
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def _blocks(text: str, limit: int) -> list[str]:
    """Cut very long text into blocks at sentence-like ends so splitting stays linear."""
    blocks: list[str] = []
    while len(text) > limit:
        cut = max(text.rfind(". ", 0, limit), text.rfind("? ", 0, limit), text.rfind("! ", 0, limit))
        if cut < limit // 4:
            cut = text.rfind(" ", 0, limit)
        if cut <= 0:
            cut = limit
        blocks.append(text[: cut + 1])
        text = text[cut + 1 :]
    blocks.append(text)
    return blocks


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of a cleaned paragraph, each a string a voice can say in one go."""
    paragraph = paragraph.strip()
    if not paragraph:
        return []
    sentences: list[str] = []
    for block in _blocks(paragraph, _PYSBD_BLOCK_CHARS):
        for sentence in _segmenter().segment(block):
            sentence = sentence.strip()
            if any(ch.isalnum() for ch in sentence):
                sentences.extend(breath_groups(sentence))
    return sentences


def breath_groups(sentence: str, limit: int = MAX_UTTERANCE_CHARS) -> list[str]:
    """Split an over-long sentence at clause marks, else at spaces, into pieces under `limit` chars."""
    if len(sentence) <= limit:
        return [sentence]
    pieces: list[str] = []
    rest = sentence
    while len(rest) > limit:
        cut = max(rest.rfind(mark, limit // 3, limit) for mark in (", ", "; ", ": "))
        if cut < 0:
            cut = rest.rfind(" ", 0, limit)
        if cut <= 0:
            cut = limit - 1
        pieces.append(rest[: cut + 1].strip())
        rest = rest[cut + 1 :].strip()
    if rest:
        pieces.append(rest)
    return pieces
