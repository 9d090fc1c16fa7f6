"""EPUB reading on small books built by the tests: TOC chapters, fragments, parts, matter, text."""

from __future__ import annotations

import time
from pathlib import Path

from models.manuscript import read_manuscript

from .test_manuscript_support import PNG, EpubSpec, build_epub, story, xhtml


def test_epub3_nav_fragments_parts_and_front_matter(tmp_path: Path) -> None:
    front = xhtml(
        '<section class="pg-boilerplate pgheader" id="pg-header"><h2>The Project Gutenberg eBook of X</h2>'
        "<p>This ebook is for the use of anyone anywhere.</p>"
        "<p>*** START OF THE PROJECT GUTENBERG EBOOK X ***</p></section>"
        '<h1 id="title">A TEST BOOK</h1><h2 id="contents">Contents</h2><p>Chapter 1 ... Chapter 3</p>'
        '<h2 id="ded">Dedication</h2><p>To my mother, who read to me.</p>'
    )
    one = xhtml(
        '<h1 id="p1">PART ONE—The Harbour</h1>'
        '<h2 id="c1">CHAPTER I.<br/>The Boat</h2>'
        '<div class="fig">0010m <br/></div>'
        '<p>The boat<a class="fnanchor" href="#fn1">[1]</a> was old<span class="pagenum">[Pg 7]</span> and grey.</p>'
        + story(3, "The gulls wheeled over the harbour")
        + '<h2 id="c2">CHAPTER II.<br/>The Storm</h2>'
        + story(3, "The storm came in from the west")
        + '<h2 id="c3">CHAPTER III.<br/>The Night</h2>'
        "<p>Night fell on the water.</p>"
    )
    two = xhtml(
        "<p>Still the night went on, and the lamps burned low in the cabin.</p>"
        + story(2, "The night wore on slowly")
        + '<h1 id="p2">PART TWO</h1>'
        '<h2 id="c4">CHAPTER IV.<br/>Morning</h2>'
        + story(2, "Morning came grey and cold")
        + '<div class="footnotes" epub:type="footnotes"><p id="fn1">1. A note.</p></div>'
    )
    footer = xhtml(
        '<section class="pg-boilerplate" id="pg-footer"><p>*** END OF THE PROJECT GUTENBERG EBOOK X ***</p>'
        '<h2 id="lic">THE FULL PROJECT GUTENBERG LICENSE</h2><p>Licence text.</p></section>'
    )
    nav = [
        ("A Test Book", "front.xhtml#title"),
        ("Contents", "front.xhtml#contents"),
        ("Dedication", "front.xhtml#ded"),
        (
            "PART ONE—The Harbour",
            "one.xhtml#p1",
            [
                ("CHAPTER I. The Boat", "one.xhtml#c1"),
                ("CHAPTER II. The Storm", "one.xhtml#c2"),
                ("CHAPTER III. The Night", "one.xhtml#c3"),
            ],
        ),
        ("PART TWO", "two.xhtml#p2", [("CHAPTER IV. Morning", "two.xhtml#c4")]),
        ("THE FULL PROJECT GUTENBERG LICENSE", "footer.xhtml#lic"),
    ]
    path = build_epub(
        tmp_path / "book.epub",
        EpubSpec(
            docs={"front.xhtml": front, "one.xhtml": one, "two.xhtml": two, "footer.xhtml": footer},
            nav=nav,
            cover=PNG,
        ),
    )
    m = read_manuscript(path)
    assert m.title == "A Test Book" and m.author == "Ann Writer"
    assert [c.title for c in m.chapters] == [
        "Chapter I. The Boat",
        "Chapter II. The Storm",
        "Chapter III. The Night",
        "Chapter IV. Morning",
    ]
    assert [c.part for c in m.chapters] == ["Part One: The Harbour", None, None, "Part Two"]
    assert m.chapters[0].paragraphs[0] == "The boat was old and grey."
    assert len(m.chapters[0].paragraphs) == 4 and len(m.chapters[1].paragraphs) == 3
    # Chapter III starts mid-file and continues into the next file.
    assert m.chapters[2].paragraphs[0] == "Night fell on the water."
    assert m.chapters[2].paragraphs[1].startswith("Still the night went on")
    assert len(m.chapters[2].paragraphs) == 4
    assert len(m.chapters[3].paragraphs) == 2  # footnotes are not read
    text = " ".join(p for c in m.chapters for p in c.paragraphs)
    assert "mother" not in text and "Gutenberg" not in text and "0010m" not in text and "CHAPTER" not in text
    assert m.cover == PNG and m.cover_media_type == "image/png"


def test_epub2_ncx_nested_numbers_with_subtitles(tmp_path: Path) -> None:
    docs = {
        "a.html": xhtml(
            '<h1 id="t">MY ISLAND</h1><h2 id="i1">1</h2><h3 id="s1">The Old Sea-dog at the "Admiral Benbow"</h3>'
            + story(2)
            + '<h2 id="i2">2</h2><h3 id="s2">BLACK DOG APPEARS</h3>'
            + story(2)
        ),
    }
    ncx = [
        ("MY ISLAND", "a.html#t"),
        ("1", "a.html#i1", [("The Old Sea-dog at the \"Admiral Benbow\"", "a.html#s1")]),
        ("2", "a.html#i2", [("BLACK DOG APPEARS", "a.html#s2")]),
    ]
    path = build_epub(
        tmp_path / "island.epub",
        EpubSpec(docs=docs, ncx=ncx, version="2.0", title="My Island", cover=PNG, cover_style="meta"),
    )
    m = read_manuscript(path)
    assert [c.title for c in m.chapters] == [
        "Chapter 1: The Old Sea-dog at the “Admiral Benbow”",
        "Chapter 2: Black Dog Appears",
    ]
    assert all(len(c.paragraphs) == 2 for c in m.chapters)
    assert m.cover == PNG


def test_epub_stave_headings_with_caption_entries(tmp_path: Path) -> None:
    docs = {
        "a.xhtml": xhtml(
            '<h3 id="pre">PREFACE</h3><p>I have endeavoured in this little book.</p>'
            '<h2 id="s1">STAVE ONE.</h2><hr/><h4 id="s1t">MARLEY’S GHOST.</h4>'
            + story(2, "Marley was dead")
            + '<div class="fig"><img alt="Marley’s Ghost" src="x.jpg"/></div>'
            + '<h4 id="cap1"><i>Marley’s Ghost</i></h4>'
            + story(2, "The same face")
            + '<h2 id="s2">STAVE TWO.</h2><h4 id="s2t">THE FIRST OF THE THREE SPIRITS.</h4>'
            + story(2, "When Scrooge awoke")
        )
    }
    nav = [
        ("PREFACE", "a.xhtml#pre"),
        ("STAVE ONE.", "a.xhtml#s1", [("MARLEY’S GHOST.", "a.xhtml#s1t"), ("Marley’s Ghost", "a.xhtml#cap1")]),
        ("STAVE TWO.", "a.xhtml#s2", [("THE FIRST OF THE THREE SPIRITS.", "a.xhtml#s2t")]),
    ]
    m = read_manuscript(build_epub(tmp_path / "carol.epub", EpubSpec(docs=docs, nav=nav)))
    assert [c.title for c in m.chapters] == ["Stave One: Marley’s Ghost", "Stave Two: The First of the Three Spirits"]
    assert len(m.chapters[0].paragraphs) == 4
    assert not any("endeavoured" in p or p == "Marley’s Ghost" for c in m.chapters for p in c.paragraphs)


def test_epub_titled_toc_without_numbers(tmp_path: Path) -> None:
    docs = {
        "cover.xhtml": xhtml('<p>Cover</p>'),
        "title.xhtml": xhtml("<h1>The Garden</h1><p>by Ann Writer</p>"),
        "c1.xhtml": xhtml("<h1>The Gate</h1>" + story(3)),
        "c2.xhtml": xhtml("<h1>The Fountain</h1>" + story(3)),
        "about.xhtml": xhtml("<h1>About the Author</h1><p>Ann lives by the sea.</p>"),
    }
    nav = [
        ("Cover", "cover.xhtml"),
        ("Title Page", "title.xhtml"),
        ("The Gate", "c1.xhtml"),
        ("The Fountain", "c2.xhtml"),
        ("About the Author", "about.xhtml"),
    ]
    m = read_manuscript(build_epub(tmp_path / "garden.epub", EpubSpec(docs=docs, nav=nav, title="The Garden")))
    assert [c.title for c in m.chapters] == ["The Gate", "The Fountain"]
    assert all(len(c.paragraphs) == 3 for c in m.chapters)


def test_epub_without_toc_uses_headings(tmp_path: Path) -> None:
    docs = {
        "a.xhtml": xhtml(
            "<h1>Chapter 1</h1><h2>Arrival</h2>" + story(2) + "<h1>Chapter 2</h1><h2>Departure</h2>" + story(2)
        ),
    }
    m = read_manuscript(build_epub(tmp_path / "plain.epub", EpubSpec(docs=docs)))
    assert [c.title for c in m.chapters] == ["Chapter 1: Arrival", "Chapter 2: Departure"]


def test_epub_without_structure_is_one_chapter(tmp_path: Path) -> None:
    docs = {"a.xhtml": xhtml(story(3)), "b.xhtml": xhtml(story(2))}
    m = read_manuscript(build_epub(tmp_path / "flat.epub", EpubSpec(docs=docs, title="Flat Tale", author="")))
    assert len(m.chapters) == 1
    assert m.chapters[0].title == "Flat Tale"
    assert len(m.chapters[0].paragraphs) == 5
    assert m.author == "" and m.cover is None


def test_epub_html_entities_and_odd_characters(tmp_path: Path) -> None:
    docs = {
        "a.xhtml": xhtml(
            "<h1>Chapter 1</h1><p>Caf&eacute;&nbsp;society&mdash;and   more\u200b text \U0001f600 here&#x7;.</p>"
            "<p>  </p><p>* * *</p><p>Last line.</p>"
        )
    }
    m = read_manuscript(build_epub(tmp_path / "ent.epub", EpubSpec(docs=docs)))
    assert m.chapters[0].paragraphs == ("Café society—and more text here.", "Last line.")


def test_epub_huge_paragraph(tmp_path: Path) -> None:
    words = " ".join(f"word{i % 101}" for i in range(100_000))
    docs = {"a.xhtml": xhtml(f"<h1>Chapter 1</h1><p>{words}</p>"), "b.xhtml": xhtml("<h1>Chapter 2</h1>" + story(1))}
    path = build_epub(tmp_path / "huge.epub", EpubSpec(docs=docs))
    start = time.perf_counter()
    m = read_manuscript(path)
    assert time.perf_counter() - start < 5
    assert sum(c.words for c in m.chapters if c.title.startswith("Chapter 1")) == 100_000  # cut into parts


def test_epub_numbered_sections_inside_numbered_chapters(tmp_path: Path) -> None:
    docs = {
        "a.xhtml": xhtml(
            '<h2 id="a1">I. A SCANDAL IN BOHEMIA</h2><h3 id="a1s1">I.</h3>'
            + story(2, "To Sherlock Holmes she is always the woman")
            + '<h3 id="a1s2">II.</h3>'
            + story(2, "At three o’clock precisely I was at Baker Street")
        ),
        "b.xhtml": xhtml(
            '<h2 id="a2">II. THE RED-HEADED LEAGUE</h2>'
            + story(1, "I had called upon my friend")
            + '<h3 id="a2s2">II.</h3>'
            + story(1, "The portly client puffed out his chest")
        ),
    }
    nav = [
        ("I. A SCANDAL IN BOHEMIA", "a.xhtml#a1", [("I.", "a.xhtml#a1s1"), ("II.", "a.xhtml#a1s2")]),
        ("II. THE RED-HEADED LEAGUE", "b.xhtml#a2", [("II.", "b.xhtml#a2s2")]),
    ]
    m = read_manuscript(build_epub(tmp_path / "holmes.epub", EpubSpec(docs=docs, nav=nav, version="2.0")))
    assert [c.title for c in m.chapters] == ["Chapter I. A Scandal in Bohemia", "Chapter II. The Red-Headed League"]
    assert [len(c.paragraphs) for c in m.chapters] == [4, 2]


def test_epub_toc_with_titles_only_keeps_heading_labels(tmp_path: Path) -> None:
    docs = {
        "c1.xhtml": xhtml("<h2>CHAPTER I.</h2><h3>Down the Hole</h3>" + story(2)),
        "c2.xhtml": xhtml("<h2>CHAPTER II. The Pool</h2>" + story(2)),
    }
    nav = [("Down the Hole", "c1.xhtml"), ("The Pool", "c2.xhtml")]
    m = read_manuscript(build_epub(tmp_path / "t.epub", EpubSpec(docs=docs, nav=nav)))
    assert [c.title for c in m.chapters] == ["Chapter I: Down the Hole", "Chapter II. The Pool"]
