"""Text clean-up for narration: characters a voice cannot say, whitespace, page and note markers.

Every function here is linear in the length of its input (no nested quantifiers, bounded look-arounds),
so a single 100,000-word paragraph costs no more than the same words spread over many.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "clean_text",
    "collapse_ws",
    "finish_paragraph",
    "is_placeholder",
    "strip_inline_markers",
]

# C0/C1 controls that are not whitespace (tab, newlines, form feed, separators collapse to spaces).
_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
# Zero-width and formatting characters: soft hyphen, ZW space/joiners, bidi marks and embeddings,
# word joiner and invisible operators, BOM, variation selectors, interlinear annotation marks,
# object replacement, tag characters.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\ufeff\ufe00-\ufe0f\ufff9-\ufffc\U000e0000-\U000e007f\U000e0100-\U000e01ef]"
)
# Emoji and pictographs, private use, lone surrogates: nothing a narrator can read.
_UNSAYABLE = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u231a\u231b\u23e9-\u23fa"
    "\ue000-\uf8ff\U000f0000-\U0010ffff\ud800-\udfff]"
)
_WS = re.compile(r"\s+")
# "[Pg 12]", "[Page 12]", "{12}", "[p. xii]": page-number markers left in transcriptions.
_PAGE_MARK = re.compile(r"\[\s*(?:pg|page|p)\.?\s*[0-9ivxlcdm]{1,6}\s*\]|\{\s*\d{1,4}\s*\}", re.IGNORECASE)
# "[1]", "[12]", "[*]", "[†]": footnote reference markers.
_NOTE_MARK = re.compile(r"\[\s*(?:\d{1,3}|[*†‡§¶])\s*\]")
# Whole-paragraph image placeholders such as Treasure Island's "0010m" / "9029m".
_PLACEHOLDER = re.compile(r"(?:\d{3,5}[a-z]{0,3}\s*)+", re.IGNORECASE)
_ALNUM = re.compile(r"[^\W_]")


def collapse_ws(text: str) -> str:
    """All whitespace runs (including newlines and no-break spaces) become one space; ends trimmed."""
    return _WS.sub(" ", text).strip()


def clean_text(text: str) -> str:
    """NFC-normalise, drop control, zero-width and emoji characters, collapse whitespace."""
    if not text:
        return ""
    text = _CONTROL.sub("", text)
    text = _INVISIBLE.sub("", text)
    text = _UNSAYABLE.sub("", text)
    text = unicodedata.normalize("NFC", text)
    return collapse_ws(text)


def strip_inline_markers(text: str) -> str:
    """Remove page-number and footnote-reference markers from running text."""
    if "[" not in text and "{" not in text:
        return text
    text = _PAGE_MARK.sub("", text)
    text = _NOTE_MARK.sub("", text)
    return text


def is_placeholder(text: str) -> bool:
    """True for text that is only an image placeholder code ("0010m")."""
    return bool(_PLACEHOLDER.fullmatch(text))


def finish_paragraph(text: str) -> str | None:
    """Clean one paragraph for narration; None when nothing speakable is left."""
    text = clean_text(strip_inline_markers(text))
    if not text or is_placeholder(text) or not _ALNUM.search(text):
        return None
    return text
