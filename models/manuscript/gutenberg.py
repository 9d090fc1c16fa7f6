"""Project Gutenberg boilerplate: the header before the book, the footer and licence after it.

Works on plain-text lines (``strip_text``) and on a sequence of paragraph texts read from an EPUB
(``body_range``). Both recognise the "*** START OF THE/THIS PROJECT GUTENBERG EBOOK ... ***" and
"*** END OF ..." markers, the older "*END*THE SMALL PRINT!" header end and "End of (the) Project
Gutenberg('s) ..." footer lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["PgText", "strip_text", "body_range", "mentions_gutenberg", "is_credit_line"]

_START = re.compile(
    r"^\W{0,8}\*{2,}\s*START\s+OF\s+(?:THE|THIS)\s+PROJECT\s+GUTENBERG|"
    r"^\W{0,8}\*END\*\s*THE\s+SMALL\s+PRINT|"
    r"^\W{0,8}\*{2,}\s*START\s*\*\*?\s*THE\s+SMALL\s+PRINT",
    re.IGNORECASE,
)
_END = re.compile(
    r"^\W{0,8}\*{2,}\s*END\s+OF\s+(?:THE|THIS)\s+PROJECT\s+GUTENBERG|"
    r"^\W{0,8}End\s+of\s+(?:the\s+)?Project\s+Gutenberg",
    re.IGNORECASE,
)
_SMALL_PRINT_OPEN = re.compile(r"^\W{0,8}\*{2,}\s*START\s*\*\*?\s*THE\s+SMALL\s+PRINT", re.I)
_SMALL_PRINT_CLOSE = re.compile(r"^\W{0,8}\*END\*\s*THE\s+SMALL\s+PRINT", re.I)
_START_ANY = re.compile(r"\*{3}\s*START\s+OF\s+(?:THE|THIS)\s+PROJECT\s+GUTENBERG", re.I)
_END_ANY = re.compile(r"\*{3}\s*END\s+OF\s+(?:THE|THIS)\s+PROJECT\s+GUTENBERG", re.I)
_FIELD = re.compile(r"^(Title|Author|Authors|Editor|Translator|Character set encoding)\s*:\s*(.*)$", re.I)
_CREDIT = re.compile(
    r"^\s*(?:Produced by|This e-?text was (?:prepared|produced)|E-?text (?:prepared|produced)|"
    r"Transcribed (?:from|by)|Prepared by|HTML version by|Updated editions will replace)",
    re.IGNORECASE,
)
_MENTION = re.compile(r"project\s+gutenberg|gutenberg\.org|gutenberg-tm|pglaf", re.IGNORECASE)


@dataclass(frozen=True)
class PgText:
    """The lines of the book proper and what the PG header said about it."""

    lines: list[str]
    title: str | None = None
    author: str | None = None
    encoding: str | None = None
    had_header: bool = False


def mentions_gutenberg(text: str) -> bool:
    """True for text that talks about Project Gutenberg (boilerplate, never the story)."""
    return bool(_MENTION.search(text))


def is_credit_line(text: str) -> bool:
    """A transcription credit ("Produced by ...") that follows the PG header."""
    return bool(_CREDIT.match(text))


def header_fields(lines: Sequence[str]) -> dict[str, str]:
    """"Title:", "Author:" ... fields of a PG header; continuation lines are indented."""
    fields: dict[str, str] = {}
    key: str | None = None
    for line in lines:
        m = _FIELD.match(line.strip())
        if m:
            key = m.group(1).lower()
            fields.setdefault(key, m.group(2).strip())
            continue
        if key and line.startswith((" ", "\t")) and line.strip():
            fields[key] = f"{fields[key]} {line.strip()}".strip()
            continue
        key = None
    return fields


def strip_text(lines: list[str]) -> PgText:
    """Cut a PG plain text down to the book: drop the header, credits, footer and licence.

    Text without PG markers is returned unchanged.
    """
    n = len(lines)
    start: int | None = None
    for i in range(min(n, 3000)):
        if _START.match(lines[i]):
            start = i
            break
    # Old texts: "**START**THE SMALL PRINT!..." opens the licence and "*END*THE SMALL PRINT!..." closes it.
    if start is not None and _SMALL_PRINT_OPEN.match(lines[start]):
        for j in range(start + 1, min(n, start + 1000)):
            if _SMALL_PRINT_CLOSE.match(lines[j]):
                start = j
                break
    lo = start + 1 if start is not None else 0
    end: int | None = None
    for i in range(lo, n):
        if _END.match(lines[i]):
            end = i
            break
    if start is None and end is None:
        return _leading_fields(lines)
    fields = header_fields(lines[: start if start is not None else 0])
    body = _drop_credits(lines[lo : end if end is not None else n])
    return PgText(
        body,
        title=fields.get("title") or None,
        author=fields.get("author") or fields.get("authors") or None,
        encoding=fields.get("character set encoding") or None,
        had_header=True,
    )


def _leading_fields(lines: list[str]) -> PgText:
    """A plain manuscript that opens with "Title:" / "Author:" lines: read them and drop the block."""
    first = next((i for i, line in enumerate(lines[:50]) if line.strip()), None)
    if first is None or not _FIELD.match(lines[first].strip()):
        return PgText(lines)
    end = first
    while end < len(lines) and lines[end].strip():
        end += 1
    fields = header_fields(lines[first:end])
    if not ({"title", "author"} & set(fields)):
        return PgText(lines)
    return PgText(lines[end:], title=fields.get("title") or None,
                  author=fields.get("author") or fields.get("authors") or None)


def _drop_credits(body: list[str]) -> list[str]:
    """Remove a "Produced by ..." paragraph among the first lines after the START marker."""
    i = 0
    n = len(body)
    seen_text = 0
    while i < n and seen_text < 3:
        if not body[i].strip():
            i += 1
            continue
        j = i
        while j < n and body[j].strip():
            j += 1
        if is_credit_line(body[i]):
            return body[:i] + body[j:]
        seen_text += 1
        i = j
    return body


def body_range(texts: Sequence[str]) -> tuple[int, int]:
    """[start, end) of the book inside a sequence of paragraph texts (EPUB blocks).

    The START marker is looked for in the first half, the END marker after it.
    """
    n = len(texts)
    start = 0
    for i in range((n + 1) // 2):
        if _START_ANY.search(texts[i]):
            start = i + 1
    end = n
    for i in range(start, n):
        if _END_ANY.search(texts[i]) or _END.match(texts[i]):
            end = i
            break
    return start, end
