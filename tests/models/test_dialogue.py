"""Finding quoted speech and who says it."""

from __future__ import annotations

import pytest

from models.dialogue import attribute_chapter, speaker_key, split_quotes


def speakers(paragraphs: list[str]) -> list[list[tuple[str, str | None]]]:
    return [[(s.text.strip(), s.speaker) for s in segs if s.quoted] for segs in attribute_chapter(paragraphs)]


def test_every_character_of_a_paragraph_is_in_one_segment() -> None:
    text = 'It was late. \u201cCome here,\u201d said Holmes, \u201cand look.\u201d He pointed.'
    segments, left_open = split_quotes(text)
    assert "".join(s.text for s in segments) == text
    assert [s.quoted for s in segments] == [False, True, False, True, False]
    assert not left_open


@pytest.mark.parametrize(
    ("paragraph", "speaker"),
    [
        ('\u201cCome here,\u201d said Holmes.', "holmes"),
        ('\u201cCome here,\u201d Holmes said.', "holmes"),
        ('\u201cCome here,\u201d said Mr. Sherlock Holmes.', "holmes"),
        ('Holmes said, \u201cCome here.\u201d', "holmes"),
        ('Then Mrs. Hudson replied: \u201cTea is ready.\u201d', "hudson"),
        ('\u201cI don\u2019t know,\u201d the Hatter replied.', "hatter"),
        ('\u2018Curiouser and curiouser!\u2019 cried Alice.', "alice"),
        ('"Straight quotes," Watson whispered softly.', "watson"),
        ('\u201cNo tag here.\u201d', None),
    ],
)
def test_speech_tags_name_the_speaker(paragraph: str, speaker: str | None) -> None:
    assert speakers([paragraph])[0][0][1] == speaker


def test_an_exchange_alternates_between_the_last_two_speakers() -> None:
    found = speakers([
        '\u201cWho is there?\u201d said Holmes.',
        '\u201cOnly me,\u201d said Watson.',
        '\u201cAre you sure?\u201d',
        '\u201cQuite sure.\u201d',
    ])
    assert [f[0][1] for f in found] == ["holmes", "watson", "holmes", "watson"]


def test_apostrophes_are_not_quotes() -> None:
    segments, _ = split_quotes("The dogs\u2019 bowls were empty and the cat\u2019s dish too.")
    assert [s.quoted for s in segments] == [False]


def test_speech_running_into_the_next_paragraph_keeps_its_speaker() -> None:
    found = speakers([
        'Holmes said, \u201cThis goes on',
        '\u201cand on.\u201d',
    ])
    assert found[0][0][1] == "holmes" and found[1][0][1] == "holmes"
    _, left_open = split_quotes('Holmes said, \u201cThis goes on')
    assert left_open


def test_speaker_keys_ignore_titles_and_case() -> None:
    assert speaker_key("Mr. Sherlock Holmes") == speaker_key("holmes") == "holmes"
    assert speaker_key("the Hatter") == "hatter"


def test_splitting_a_long_paragraph_is_linear() -> None:
    text = ('\u201cYes,\u201d said Alice. ' * 20000) + '\u201cunclosed'
    segments, left_open = split_quotes(text)
    assert left_open and len(segments) == 40001


def test_descriptions_and_possessives_name_one_character() -> None:
    found = speakers([
        '\u201cChristmas a humbug, uncle!\u201d said Scrooge\u2019s nephew.',
        '\u201cCome, then,\u201d returned the nephew gaily.',
    ])
    assert [f[0][1] for f in found] == ["nephew", "nephew"]


def test_each_quote_takes_its_own_tag() -> None:
    found = speakers(['\u201cWhat else,\u201d returned the uncle, \u201cwhen I live here?\u201d said Scrooge, '
                      '\u201cand more.\u201d'])
    assert [name for _, name in found[0]] == ["uncle", "scrooge", "scrooge"]
