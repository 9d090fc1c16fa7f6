"""Plain-text and Markdown manuscripts, heading parsing, text cleaning and slugs."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from models.errors import ManuscriptError
from models.manuscript import read_manuscript, slugify
from models.manuscript.cleaning import clean_text, finish_paragraph
from models.manuscript.headings import chapter_title, format_title, parse_label, title_case

P1 = "The rain fell on the roof of the old house and nobody came to the door that night."
P2 = "In the morning the road was white with frost, and the birds were silent in the hedges."


def write(tmp_path: Path, name: str, text: str, *, crlf: bool = False, bom: bool = False) -> Path:
    if crlf:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    if bom:
        data = b"\xef\xbb\xbf" + data
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- headings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "kind", "value", "rest"),
    [
        ("CHAPTER I. Down the Rabbit-Hole", "chapter", 1, "Down the Rabbit-Hole"),
        ("Chapter One", "chapter", 1, ""),
        ("CHAPTER 12", "chapter", 12, ""),
        ("STAVE  ONE.", "chapter", 1, ""),
        ("Chapter Twenty-One: Home", "chapter", 21, "Home"),
        ("PART TWO—The Sea-cook", "part", 2, "The Sea-cook"),
        ("BOOK I", "part", 1, ""),
        ("Book the First", "part", 1, ""),
        ("VOLUME III", "part", 3, ""),
        ("1", "chapter", 1, ""),
        ("IV. THE SEA", "chapter", 4, "THE SEA"),
        ("Prologue", "special", None, ""),
    ],
)
def test_parse_label(label: str, kind: str, value: int | None, rest: str) -> None:
    parsed = parse_label(label)
    assert parsed.kind == kind
    assert parsed.value == value
    assert parsed.rest == rest


@pytest.mark.parametrize(
    "text",
    ["I Go to Bristol", "Part of the plan was simple", "Letter to my mother", "Active service", "The Black Spot"],
)
def test_parse_label_ignores_prose(text: str) -> None:
    assert parse_label(text).kind == "text"


def test_title_formatting() -> None:
    assert format_title(parse_label("CHAPTER I. Down the Rabbit-Hole")) == "Chapter I. Down the Rabbit-Hole"
    assert format_title(parse_label("PART ONE—The Old Buccaneer")) == "Part One: The Old Buccaneer"
    assert format_title(parse_label("chapter xii")) == "Chapter XII"
    assert chapter_title("STAVE ONE.", ["STAVE ONE.", "MARLEY’S GHOST."], 1) == "Stave One: Marley’s Ghost"
    assert chapter_title("1", ["1", 'The Old Sea-dog at the "Admiral Benbow"'], 1) == (
        "Chapter 1: The Old Sea-dog at the “Admiral Benbow”"
    )
    assert chapter_title("Chapter 3", ["CHAPTER 3. THE STORM"], 3) == "Chapter 3: The Storm"
    assert chapter_title("", [], 4) == "Chapter 4"
    assert title_case("THE FIRST OF THE THREE SPIRITS") == "The First of the Three Spirits"
    assert title_case("WORLD WAR II") == "World War II"


# --- cleaning and slugs -----------------------------------------------------------------------


def test_clean_text_removes_unsayable_characters() -> None:
    raw = "Cafe\u0301 \u200bzero\u200dwidth\x07 bell \U0001f600 smile\ufeff \u00a0 end\x00"
    cleaned = clean_text(raw)
    assert cleaned == "Café zerowidth bell smile end"
    assert finish_paragraph("0010m") is None
    assert finish_paragraph("* * *") is None
    assert finish_paragraph("He went on [Pg 12] and on[1].") == "He went on and on."


@pytest.mark.parametrize(
    ("text", "fallback", "expected"),
    [
        ("Chapter I. Down the Rabbit-Hole", "chapter", "chapter-i-down-the-rabbit-hole"),
        ("Stave One: Marley’s Ghost", "chapter", "stave-one-marleys-ghost"),
        ("The Captain's Papers", "chapter", "the-captains-papers"),
        ("Élan Vital — Ça va", "book", "elan-vital-ca-va"),
        ("", "chapter", "chapter"),
        ("!!! ???", "book", "book"),
        ("日本語", "chapter", "chapter"),
    ],
)
def test_slugify(text: str, fallback: str, expected: str) -> None:
    assert slugify(text, fallback) == expected


def test_slugify_length_and_default() -> None:
    slug = slugify("word " * 40)
    assert len(slug) <= 60 and not slug.endswith("-") and slug.startswith("word-word")
    assert slugify("") == "book"
    assert slugify("   ", fallback="") == "book"


# --- plain text -------------------------------------------------------------------------------

PG_HEADER = """The Project Gutenberg EBook of The Test Tale, by Ann Writer

This eBook is for the use of anyone anywhere at no cost.

Title: The Test Tale

Author: Ann Writer

Release Date: July 1, 2008 [EBook #99999]

*** START OF THIS PROJECT GUTENBERG EBOOK THE TEST TALE ***




Produced by Somebody and the Online Distributed
Proofreading Team at http://www.pgdp.net


"""
PG_FOOTER = """


End of the Project Gutenberg EBook of The Test Tale, by Ann Writer

*** END OF THIS PROJECT GUTENBERG EBOOK THE TEST TALE ***

***** This file should be named 99999.txt *****

Section 1. General Terms of Use and Redistributing Project Gutenberg-tm
"""


def test_txt_gutenberg_crlf_bom(tmp_path: Path) -> None:
    body = f"""THE TEST TALE

by Ann Writer



CHAPTER I. The Beginning

{P1}
It went on.

{P2}



CHAPTER II. The End of It

{P1}

THE END
"""
    path = write(tmp_path, "tale.txt", PG_HEADER + body + PG_FOOTER, crlf=True, bom=True)
    m = read_manuscript(path)
    assert m.title == "The Test Tale"
    assert m.author == "Ann Writer"
    assert [c.title for c in m.chapters] == ["Chapter I. The Beginning", "Chapter II. The End of It"]
    assert m.chapters[0].paragraphs == (f"{P1} It went on.", P2)  # re-wrapped, CR gone
    assert m.chapters[1].paragraphs == (P1,)  # "THE END" and the licence are not read
    text = " ".join(p for c in m.chapters for p in c.paragraphs)
    assert "Gutenberg" not in text and "Produced by" not in text


def test_txt_old_small_print_header(tmp_path: Path) -> None:
    text = f"""The Project Gutenberg Etext of Old Tale

**START**THE SMALL PRINT!**FOR PUBLIC DOMAIN ETEXTS**START**
Why is this "Small Print!" statement here? You know: lawyers.
*END*THE SMALL PRINT! FOR PUBLIC DOMAIN ETEXTS*Ver.04.29.93*END*

CHAPTER 1

{P1}

CHAPTER 2

{P2}

End of Project Gutenberg's Etext of Old Tale
"""
    m = read_manuscript(write(tmp_path, "old.txt", text))
    assert [c.title for c in m.chapters] == ["Chapter 1", "Chapter 2"]
    assert m.chapters[0].paragraphs == (P1,)
    assert m.chapters[1].paragraphs == (P2,)


def test_txt_heading_styles_parts_and_contents(tmp_path: Path) -> None:
    text = f"""MY BOOK

by Jane Roe

CONTENTS

BOOK I
CHAPTER I. The Period
CHAPTER II. The Mail
BOOK II
CHAPTER III. The Night Shadows


BOOK I

CHAPTER I

THE PERIOD

{P1}

{P2}

CHAPTER II

THE MAIL

{P1}

BOOK II

A short note that opens the second book.

Chapter Three

{P2}

Chapter Four: The end of the road

{P1}
"""
    m = read_manuscript(write(tmp_path, "my_book.txt", text))
    assert m.title == "My Book"
    assert m.author == "Jane Roe"
    assert [c.title for c in m.chapters] == [
        "Chapter I: The Period",
        "Chapter II: The Mail",
        "Chapter Three",
        "Chapter Four: The end of the road",
    ]
    assert [c.part for c in m.chapters] == ["Book I", None, "Book II", None]
    assert m.chapters[0].paragraphs == (P1, P2)
    # Text between a part heading and its first chapter is read at the start of that chapter.
    assert m.chapters[2].paragraphs == ("A short note that opens the second book.", P2)


def test_txt_contents_list_is_not_chapters(tmp_path: Path) -> None:
    text = f"""CONTENTS

CHAPTER I. Loomings

CHAPTER II. The Carpet-Bag

CHAPTER III. The Spouter-Inn

CHAPTER I. Loomings

{P1}

CHAPTER II. The Carpet-Bag

{P2}

CHAPTER III. The Spouter-Inn

{P1}

EPILOGUE

{P2}
"""
    m = read_manuscript(write(tmp_path, "whale.txt", text))
    assert [c.title for c in m.chapters] == [
        "Chapter I. Loomings",
        "Chapter II. The Carpet-Bag",
        "Chapter III. The Spouter-Inn",
        "Epilogue",
    ]
    assert all(len(c.paragraphs) == 1 for c in m.chapters)


def test_txt_indented_contents_with_page_numbers(tmp_path: Path) -> None:
    contents = "\n\n".join(f"    Chapter {n}. A Title Here {n * 10}" for n in range(1, 6))
    chapters = "\n\n".join(f"Chapter {n}. A Title Here\n\n{P1}\n\n{P2}" for n in range(1, 6))
    m = read_manuscript(write(tmp_path, "b.txt", f"Contents\n\n{contents}\n\n\n{chapters}\n"))
    assert [c.title for c in m.chapters] == [f"Chapter {n}. A Title Here" for n in range(1, 6)]
    assert all(c.paragraphs == (P1, P2) for c in m.chapters)


def test_txt_stave_and_numeral_headings(tmp_path: Path) -> None:
    text = f"STAVE ONE.\n\nMARLEY'S GHOST.\n\n{P1}\n\nSTAVE TWO.\n\nTHE FIRST OF THE THREE SPIRITS.\n\n{P2}\n"
    m = read_manuscript(write(tmp_path, "carol.txt", text))
    assert [c.title for c in m.chapters] == ["Stave One: Marley’s Ghost", "Stave Two: The First of the Three Spirits"]
    text = f"I. A SCANDAL IN BOHEMIA\n\n{P1}\n\nII. THE RED-HEADED LEAGUE\n\n{P2}\n"
    m = read_manuscript(write(tmp_path, "holmes.txt", text))
    assert [c.title for c in m.chapters] == ["Chapter I. A Scandal in Bohemia", "Chapter II. The Red-Headed League"]


def test_txt_sections_inside_chapters_are_not_chapters(tmp_path: Path) -> None:
    text = f"CHAPTER 1\n\nI\n\n{P1}\n\nII\n\n{P2}\n\nCHAPTER 2\n\nI\n\n{P1}\n"
    m = read_manuscript(write(tmp_path, "s.txt", text))
    assert [c.title for c in m.chapters] == ["Chapter 1", "Chapter 2"]
    assert m.chapters[0].paragraphs == (P1, P2)


def test_txt_without_chapters_is_one_chapter(tmp_path: Path) -> None:
    text = f"A Quiet Evening\n\nby Sam Poe\n\n{P1}\n\n{P2}\n"
    m = read_manuscript(write(tmp_path, "evening.txt", text))
    assert m.title == "A Quiet Evening" and m.author == "Sam Poe"
    assert len(m.chapters) == 1
    assert m.chapters[0].title == "A Quiet Evening"
    assert m.chapters[0].paragraphs == (P1, P2)
    m = read_manuscript(write(tmp_path, "the_long_walk.txt", f"{P1}\n\n{P2}\n"))
    assert m.title == "The Long Walk" and m.author == ""
    assert m.chapters[0].title == "The Long Walk" and m.chapters[0].paragraphs == (P1, P2)


def test_txt_cleans_but_keeps_odd_characters(tmp_path: Path) -> None:
    text = f"CHAPTER 1\n\nHe smiled \U0001f600 and\u200b left\x0b the e\u0301cole.\x1b\n\n{P1}\n"
    m = read_manuscript(write(tmp_path, "odd.txt", text))
    assert m.chapters[0].paragraphs[0] == "He smiled and left the école."


def test_txt_declared_latin1(tmp_path: Path) -> None:
    header = "Title: Caf\xe9\n\nCharacter set encoding: ISO-8859-1\n\n"
    text = f"{header}*** START OF THIS PROJECT GUTENBERG EBOOK X ***\n\n{P1} Caf\xe9.\n"
    path = tmp_path / "latin.txt"
    path.write_bytes(text.encode("latin-1"))
    m = read_manuscript(path)
    assert m.title == "Café"
    assert m.chapters[0].paragraphs[0].endswith("Café.")


def test_txt_huge_paragraph_is_linear(tmp_path: Path) -> None:
    words = " ".join(f"word{i % 97}" for i in range(100_000))
    path = write(tmp_path, "huge.txt", f"CHAPTER 1\n\n{words}\n\nCHAPTER 2\n\n{P1}\n")
    start = time.perf_counter()
    m = read_manuscript(path)
    assert time.perf_counter() - start < 5
    assert sum(c.words for c in m.chapters if c.title.startswith("Chapter 1")) == 100_000  # cut into parts


def test_txt_huge_paragraph_with_markup_characters(tmp_path: Path) -> None:
    # Many unmatched brackets and underscores must not make the cleaners quadratic.
    words = " ".join(f"[w{i} _x{i}" for i in range(50_000))
    path = write(tmp_path, "brackets.txt", words)
    start = time.perf_counter()
    m = read_manuscript(path)
    assert time.perf_counter() - start < 5
    assert sum(c.words for c in m.chapters) == 100_000  # cut into retail-sized parts, nothing lost


# --- markdown ---------------------------------------------------------------------------------


def test_markdown_book_title_and_chapters(tmp_path: Path) -> None:
    text = """---
title: "The Test Book"
author:
  - Ann Writer
  - Bob Co
---

# The Test Book

## Chapter 1

### The Start

It was a **dark** and _stormy_ night, see [the link](http://example.com/x) and ![a picture](a.png) `code`.
Second line with snake_case kept and a footnote[^1].

[^1]: The footnote body is not read.

> A quoted line.

- item one
- item two

## Chapter 2: Onward

```
code blocks are not read
```

Escaped \\*stars\\* stay. <!-- a comment --> <span>Tags</span> go.

## Acknowledgements

Thanks to everyone.
"""
    m = read_manuscript(write(tmp_path, "book.md", text))
    assert m.title == "The Test Book"
    assert m.author == "Ann Writer and Bob Co"
    assert [c.title for c in m.chapters] == ["Chapter 1: The Start", "Chapter 2: Onward"]
    assert m.chapters[0].paragraphs == (
        "It was a dark and stormy night, see the link and code. Second line with snake_case kept and a footnote.",
        "A quoted line.",
        "item one",
        "item two",
    )
    assert m.chapters[1].paragraphs == ("Escaped *stars* stay. Tags go.",)


def test_markdown_parts(tmp_path: Path) -> None:
    text = f"""# Part One: Beginnings

## The Arrival

{P1}

## The Storm

{P2}

# Part Two

An opening line for the second part.

## The Return

{P1}
"""
    m = read_manuscript(write(tmp_path, "parts.markdown", text))
    assert m.title == "Parts"
    assert [(c.title, c.part) for c in m.chapters] == [
        ("The Arrival", "Part One: Beginnings"),
        ("The Storm", None),
        ("The Return", "Part Two"),
    ]
    assert m.chapters[2].paragraphs == ("An opening line for the second part.", P1)


def test_markdown_only_top_headings(tmp_path: Path) -> None:
    text = f"# One Night\n\n{P1}\n\n## a scene break heading\n\n{P2}\n\n# Another Night\n\n{P2}\n"
    m = read_manuscript(write(tmp_path, "nights.md", text))
    assert [c.title for c in m.chapters] == ["One Night", "Another Night"]
    assert m.chapters[0].paragraphs == (P1, P2)


def test_markdown_setext_and_no_headings(tmp_path: Path) -> None:
    m = read_manuscript(write(tmp_path, "s.md", f"First\n=====\n\n{P1}\n\nSecond\n======\n\n{P2}\n"))
    assert [c.title for c in m.chapters] == ["First", "Second"]
    m = read_manuscript(write(tmp_path, "plain_story.md", f"---\ntitle: Just Text\n---\n\n{P1}\n\n{P2}\n"))
    assert m.title == "Just Text"
    assert len(m.chapters) == 1 and m.chapters[0].title == "Just Text"
    assert m.chapters[0].paragraphs == (P1, P2)


def test_markdown_huge_paragraph(tmp_path: Path) -> None:
    words = " ".join(f"*w{i} [x{i}] _y" for i in range(40_000))
    start = time.perf_counter()
    m = read_manuscript(write(tmp_path, "huge.md", f"# Big\n\n{words}\n"))
    assert time.perf_counter() - start < 5
    assert sum(c.words for c in m.chapters) == 120_000  # cut into retail-sized parts, nothing lost


@pytest.mark.parametrize("name", ["bad.txt", "bad.md"])
def test_invalid_utf8_reports_offset(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"Hello world\n\xff\xfe broken")
    with pytest.raises(ManuscriptError) as info:
        read_manuscript(path)
    assert "UTF-8" in str(info.value) and "offset 12" in str(info.value)
    assert str(info.value).startswith(str(path))


def test_txt_older_gutenberg_layout_with_footnotes(tmp_path: Path) -> None:
    text = f"""The Project Gutenberg eBook, News of Elsewhere, by Wil Morrow


Title: News of Elsewhere
       or An Epoch of Rest


Author: Wil Morrow

Character set encoding: ISO-646-US (US-ASCII)


***START OF THE PROJECT GUTENBERG EBOOK NEWS OF ELSEWHERE***




Transcribed from the 1908 edition by Somebody, email x@pglaf.org





NEWS OF ELSEWHERE
OR
AN EPOCH OF REST


BY
WIL MORROW

_TENTH IMPRESSION_

_All rights reserved_




CHAPTER I: DISCUSSION AND BED


{P1} Up the river.{{1}}

{P2}




CHAPTER II: A MORNING BATH


{P1}

*  * *

{P2}




FOOTNOTES:


{{1}}  "Elegant," I mean.



***END OF THE PROJECT GUTENBERG EBOOK NEWS OF ELSEWHERE***

Section 1. General Terms of Use
"""
    m = read_manuscript(write(tmp_path, "news.txt", text))
    assert m.title == "News of Elsewhere or An Epoch of Rest"
    assert m.author == "Wil Morrow"
    assert [c.title for c in m.chapters] == ["Chapter I: Discussion and Bed", "Chapter II: A Morning Bath"]
    assert m.chapters[0].paragraphs == (f"{P1} Up the river.", P2)
    assert m.chapters[1].paragraphs == (P1, P2)  # no section-break stars, no footnotes


def test_txt_opening_sentence_is_not_a_title(tmp_path: Path) -> None:
    m = read_manuscript(write(tmp_path, "short_story.txt", f"It was a dark night.\n\n{P1}\n"))
    assert m.title == "Short Story"
    assert m.chapters[0].paragraphs == ("It was a dark night.", P1)
