"""The manuscript reader against five real Project Gutenberg books (../shared/corpus)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from models.manuscript import Manuscript, read_manuscript

pytestmark = pytest.mark.corpus

ALICE_TITLES = [
    "Down the Rabbit-Hole",
    "The Pool of Tears",
    "A Caucus-Race and a Long Tale",
    "The Rabbit Sends in a Little Bill",
    "Advice from a Caterpillar",
    "Pig and Pepper",
    "A Mad Tea-Party",
    "The Queen’s Croquet-Ground",
    "The Mock Turtle’s Story",
    "The Lobster Quadrille",
    "Who Stole the Tarts?",
    "Alice’s Evidence",
]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]

_CACHE: dict[str, Manuscript] = {}


def book(corpus: Path, name: str) -> Manuscript:
    if name not in _CACHE:
        _CACHE[name] = read_manuscript(corpus / "books" / name)
    return _CACHE[name]


def all_text(m: Manuscript) -> str:
    return "\n".join(
        [m.title, m.author]
        + [c.title for c in m.chapters]
        + [c.part or "" for c in m.chapters]
        + [p for c in m.chapters for p in c.paragraphs]
    )


BOOKS = [
    "alice-in-wonderland_pg11.epub",
    "alice-in-wonderland_pg11-0.txt",
    "treasure-island_pg120.epub",
    "a-christmas-carol_pg46.epub",
    "call-of-the-wild_pg215.txt",
]


@pytest.mark.parametrize("name", BOOKS)
def test_no_boilerplate_and_consistent_titles(corpus: Path, name: str) -> None:
    m = book(corpus, name)
    text = all_text(m)
    assert "Project Gutenberg" not in text
    assert "gutenberg" not in text.lower()
    assert "*** END" not in text and "*** START" not in text
    for c in m.chapters:
        assert c.paragraphs, c.title
        assert c.title and c.title != c.title.upper(), c.title  # not ALL CAPS
        assert all(p == p.strip() and "  " not in p for p in c.paragraphs)
        assert not any(p.startswith(("CHAPTER", "STAVE")) for p in c.paragraphs)
        assert [c.index for c in m.chapters] == list(range(1, len(m.chapters) + 1))


@pytest.mark.parametrize("name", BOOKS)
def test_reading_is_fast(corpus: Path, name: str) -> None:
    start = time.perf_counter()
    read_manuscript(corpus / "books" / name)
    assert time.perf_counter() - start < 1.5


def test_alice_epub(corpus: Path) -> None:
    m = book(corpus, "alice-in-wonderland_pg11.epub")
    assert m.title == "Alice's Adventures in Wonderland"
    assert m.author == "Lewis Carroll"
    assert len(m.chapters) == 12
    assert [c.title for c in m.chapters] == [f"Chapter {r}. {t}" for r, t in zip(ROMAN, ALICE_TITLES)]
    assert all(c.part is None for c in m.chapters)
    assert m.chapters[0].paragraphs[0].startswith("Alice was beginning to get very tired")
    assert m.chapters[1].paragraphs[0].startswith("“Curiouser and curiouser!”")
    assert m.chapters[-1].paragraphs[-1].endswith("the happy summer days.")
    assert "THE END" not in m.chapters[-1].paragraphs
    assert m.cover is not None and m.cover[:3] == b"\xff\xd8\xff"
    assert m.cover_media_type == "image/jpeg"
    # The printed contents and the edition line are front matter.
    assert "MILLENNIUM FULCRUM" not in all_text(m)
    assert 24000 < sum(c.words for c in m.chapters) < 28500


def test_alice_txt(corpus: Path) -> None:
    m = book(corpus, "alice-in-wonderland_pg11-0.txt")
    assert m.title == "Alice’s Adventures in Wonderland"
    assert m.author == "Lewis Carroll"
    assert len(m.chapters) == 12
    assert [c.title for c in m.chapters] == [f"Chapter {r}. {t}" for r, t in zip(ROMAN, ALICE_TITLES)]
    assert m.chapters[0].paragraphs[0].startswith("Alice was beginning to get very tired")
    assert m.chapters[-1].paragraphs[-1].endswith("the happy summer days.")
    assert m.cover is None
    assert "\ufeff" not in all_text(m) and "\r" not in all_text(m)


def test_alice_txt_and_epub_agree(corpus: Path) -> None:
    txt = book(corpus, "alice-in-wonderland_pg11-0.txt")
    epub = book(corpus, "alice-in-wonderland_pg11.epub")
    assert [c.title for c in txt.chapters] == [c.title for c in epub.chapters]
    for a, b in zip(txt.chapters, epub.chapters):
        assert abs(a.words - b.words) <= 0.02 * b.words + 5, a.title


TI_PARTS = {
    1: "Part One: The Old Buccaneer",
    7: "Part Two: The Sea-cook",
    13: "Part Three: My Shore Adventure",
    16: "Part Four: The Stockade",
    22: "Part Five: My Sea Adventure",
    28: "Part Six: Captain Silver",
}


def test_treasure_island(corpus: Path) -> None:
    m = book(corpus, "treasure-island_pg120.epub")
    assert m.title == "Treasure Island"
    assert m.author == "Robert Louis Stevenson"
    assert len(m.chapters) == 34
    assert {c.index: c.part for c in m.chapters if c.part} == TI_PARTS
    titles = [c.title for c in m.chapters]
    assert titles[0] == "Chapter 1: The Old Sea-dog at the “Admiral Benbow”"
    assert titles[1] == "Chapter 2: Black Dog Appears and Disappears"
    assert titles[15] == "Chapter 16: Narrative Continued by the Doctor: How the Ship Was Abandoned"
    assert titles[30] == "Chapter 31: The Treasure-hunt—Flint’s Pointer"
    assert titles[33] == "Chapter 34: And Last"
    assert all(t.startswith(f"Chapter {i}: ") for i, t in enumerate(titles, 1))
    text = all_text(m)
    assert "0010m" not in text and "9029m" not in text and "CLICKING HERE" not in text
    # Dedication and the verses to the hesitating purchaser are front matter.
    assert "HESITATING PURCHASER" not in text and "To S.L.O." not in text
    assert "TRELAWNEY, Dr. Livesey" in m.chapters[0].paragraphs[0]
    assert m.chapters[-1].paragraphs[-1].endswith("Pieces of eight!\"")
    assert m.cover is not None and m.cover[:3] == b"\xff\xd8\xff"
    # Several chapters per file: every chapter is a reasonable length.
    assert all(1200 < c.words < 3500 for c in m.chapters)


def test_christmas_carol(corpus: Path) -> None:
    m = book(corpus, "a-christmas-carol_pg46.epub")
    assert m.author == "Charles Dickens"
    assert m.title.startswith("A Christmas Carol")
    assert [c.title for c in m.chapters] == [
        "Stave One: Marley’s Ghost",
        "Stave Two: The First of the Three Spirits",
        "Stave Three: The Second of the Three Spirits",
        "Stave Four: The Last of the Spirits",
        "Stave Five: The End of It",
    ]
    text = all_text(m)
    assert "endeavoured in this Ghostly little book" not in text  # the preface is front matter
    assert "several editions of this ebook" not in text
    assert "Mr. Fezziwig’s Ball" not in "\n".join(p for c in m.chapters for p in c.paragraphs)  # a caption
    assert m.chapters[0].paragraphs[0].startswith("Marley was dead: to begin with.")
    four = m.chapters[3]
    assert four.paragraphs[0].startswith("The Phantom slowly, gravely, silently, approached.")
    # Stave Four starts in the first file and ends in the second.
    assert any("Ebenezer Scrooge" in p for p in four.paragraphs)
    assert four.paragraphs[-1].endswith("dwindled down into a bedpost.")
    assert m.chapters[4].paragraphs[0].startswith("Yes! and the bedpost was his own.")
    assert m.chapters[4].paragraphs[-1].endswith("God bless Us, Every One!")
    assert 27000 < sum(c.words for c in m.chapters) < 30000


def test_call_of_the_wild(corpus: Path) -> None:
    m = book(corpus, "call-of-the-wild_pg215.txt")
    assert m.title == "The Call of the Wild"
    assert m.author == "Jack London"
    assert [c.title for c in m.chapters] == [
        "Chapter I. Into the Primitive",
        "Chapter II. The Law of Club and Fang",
        "Chapter III. The Dominant Primordial Beast",
        "Chapter IV. Who Has Won to Mastership",
        "Chapter V. The Toil of Trace and Trail",
        "Chapter VI. For the Love of a Man",
        "Chapter VII. The Sounding of the Call",
    ]
    assert "Old longings nomadic leap" in m.chapters[0].paragraphs[0]  # the epigraph opens chapter I
    assert m.chapters[0].paragraphs[1].startswith("Buck did not read the newspapers")
    assert m.chapters[1].paragraphs[0].startswith("Buck's first day on the Dyea beach")
    assert m.chapters[-1].paragraphs[-1].endswith("which is the song of the pack.")
    text = all_text(m)
    assert "Produced by" not in text and "Into the Primitive II" not in text
    assert 30000 < sum(c.words for c in m.chapters) < 33000
