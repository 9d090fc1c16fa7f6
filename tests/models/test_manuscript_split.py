"""Chapters too long for one retail file are cut into parts, nothing lost."""

from __future__ import annotations

from pathlib import Path

from models.manuscript import read_manuscript
from models.manuscript.split import MAX_CHAPTER_WORDS, split_long_chapters
from models.manuscript.types import Chapter, Manuscript


def test_a_single_100k_word_paragraph_becomes_retail_sized_parts(tmp_path: Path) -> None:
    path = tmp_path / "wall.txt"
    path.write_text(" ".join(["The tide came in and then the tide went out."] * 10_000), encoding="utf-8")
    book = read_manuscript(path)
    assert sum(c.words for c in book.chapters) == 100_000
    assert len(book.chapters) == 10
    assert all(c.words <= MAX_CHAPTER_WORDS for c in book.chapters)
    assert [c.index for c in book.chapters] == list(range(1, 11))
    assert book.chapters[0].title.endswith("part 1 of 10")
    assert all(p.endswith(".") for c in book.chapters for p in c.paragraphs)  # cut at sentence ends


def test_run_on_text_without_sentence_ends_is_cut_between_words() -> None:
    chapter = Chapter(index=1, title="Run", part="Part One", paragraphs=(" ".join(["word"] * 25_000),))
    book = split_long_chapters(Manuscript(Path("x.md"), "T", "A", (chapter,)), max_words=10_000)
    assert [c.words for c in book.chapters] == [10_000, 10_000, 5_000]
    assert [c.part for c in book.chapters] == ["Part One", None, None]


def test_short_chapters_are_left_alone() -> None:
    chapter = Chapter(index=1, title="Short", paragraphs=("A few words.",))
    book = Manuscript(Path("x.md"), "T", "A", (chapter,))
    assert split_long_chapters(book) is book


def test_plain_text_title_and_author_lines_without_gutenberg_markers(tmp_path: Path) -> None:
    path = tmp_path / "m.txt"
    path.write_text("Title: Quiet Water\nAuthor: R. Lake\n\nCHAPTER 1\n\nThe pond was still.\n", encoding="utf-8")
    book = read_manuscript(path)
    assert (book.title, book.author) == ("Quiet Water", "R. Lake")
    assert [c.paragraphs for c in book.chapters] == [("The pond was still.",)]
