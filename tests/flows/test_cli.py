"""The command line: help for every command, inspect, bad input as one line with a non-zero exit."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from flows.cli import main

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "the-lamplighter.md"


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "flows.cli", *args], capture_output=True, text=True,
                          timeout=300, cwd=REPO, env=env)


@pytest.mark.parametrize("command", ["produce", "inspect", "status", "script", "plan", "describe"])
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert command in out and "usage:" in out


def test_inspect_json_matches_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", str(EXAMPLE), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["title"] == "The Lamplighter of Harrow Quay"
    assert data["author"] == "Mara Ellison"
    assert [c["index"] for c in data["chapters"]] == [1, 2, 3]
    assert data["chapters"][0]["title"].startswith("Chapter One")
    assert all(c["words"] > 100 for c in data["chapters"])


def _bad_files(tmp: Path) -> dict[str, Path]:
    files = {
        "empty": tmp / "empty.txt",
        "garbage": tmp / "garbage.epub",
        "unknown": tmp / "book.xyz",
        "utf8": tmp / "latin1.txt",
        "no_opf": tmp / "no_opf.epub",
    }
    files["empty"].write_bytes(b"")
    files["garbage"].write_bytes(bytes(range(256)) * 40)
    files["unknown"].write_text("Some text.", encoding="utf-8")
    files["utf8"].write_bytes("Caf\xe9 au lait. ".encode("latin-1") * 20)
    with zipfile.ZipFile(files["no_opf"], "w") as z:
        z.writestr("mimetype", "application/epub+zip")
    return files


@pytest.mark.parametrize("which", ["empty", "garbage", "unknown", "utf8", "no_opf"])
@pytest.mark.parametrize("command", ["inspect", "produce"])
def test_bad_input_is_one_line_naming_the_file(which: str, command: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = _bad_files(tmp_path)[which]
    out = tmp_path / "out"
    args = [command, str(path)] + (["--out", str(out)] if command == "produce" else [])
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert str(path) in err
    assert not out.exists() or not any(out.iterdir())


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", str(tmp_path / "nope.md")]) == 2
    assert "nope.md" in capsys.readouterr().err


def test_module_entry_point_exits_non_zero_on_bad_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.epub"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    result = run_cli("inspect", str(bad))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "bad.epub" in result.stderr


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa" xml:lang="en-US">
<lexeme><grapheme>lol</grapheme><alias>&lol2;</alias></lexeme></lexicon>"""


@pytest.mark.parametrize(
    ("option", "content", "reason"),
    [
        ("--lexicon", BILLION_LAUGHS, ""),
        ("--lexicon", "<lexicon", ""),
        ("--casting", "characters: {Holmes: {pitch: 99}}", "pitch"),
        ("--casting", "narrator: [unclosed", "YAML"),
        ("--voice", "not a voice", "voice config"),
        ("--speaker-wav", "RIFF", "--model-dir"),
    ],
)
def test_bad_voicing_files_stop_produce_before_anything_starts(
    option: str, content: str, reason: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / {"--lexicon": "book.pls", "--casting": "cast.yaml", "--voice": "v.onnx",
                      "--speaker-wav": "ref.wav"}[option]
    bad.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    extra = ["--engine", "coqui"] if option == "--speaker-wav" else []
    assert main(["produce", str(EXAMPLE), "--out", str(out), *extra, option, str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert (str(bad) in err or option == "--speaker-wav") and reason in err
    assert not out.exists()


def test_script_shows_spoken_text_and_voices_without_synthesising(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    cast = REPO / "examples" / "the-lamplighter.cast.yaml"
    lexicon = REPO / "examples" / "the-lamplighter.pls"
    assert main(["script", str(EXAMPLE), "--json", "--chapter", "1", "--casting", str(cast),
                 "--lexicon", str(lexicon)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["index"] for c in data["chapters"]] == [1]
    lines = data["chapters"][0]["lines"]
    by_text = {ln["text"]: ln for ln in lines}
    assert by_text['"You\'re late,"']["voice"] == "girl"
    assert data["cast"]["girl"]["pitch"] == 4.5
    number = next(ln for ln in lines if ln["text"].startswith("There were 42 lamps"))
    assert number["spoken"].startswith("There were forty-two lamps")
    assert "[[ təbˈaɪəs ]]" in next(ln["spoken"] for ln in lines if ln["text"].startswith("Tobias looked"))
    assert main(["script", str(EXAMPLE), "--chapter", "9"]) == 2


def test_plan_prints_the_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from models.ambience.events import catalogue

    text = tmp_path / "storm.txt"
    text.write_text("The rain came down in torrents on the tin roof.\n\nSomeone knocked three times at the door.\n\n"
                    "Her heart pounded like a drum.\n", encoding="utf-8")
    assert main(["plan", str(text), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["sentences"]) == 3
    labels = {e["label"] for e in data["events"]}
    assert labels <= set(catalogue())
    for e in data["events"]:
        assert {"label", "sentence", "kind", "intensity", "emotion"} <= set(e)
        assert e["kind"] in ("bed", "spot") and 0 <= e["intensity"] <= 1 and 0 <= e["sentence"] < 3
    assert not any(e["sentence"] == 2 for e in data["events"])  # a figurative drum is no sound


def test_plan_of_a_long_soundless_or_bad_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    quiet = tmp_path / "quiet.txt"
    quiet.write_text("She read the letter again and folded it carefully.\n" * 3, encoding="utf-8")
    assert main(["plan", str(quiet), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["events"] == []
    long = tmp_path / "long.txt"
    long.write_text("\n\n".join(["The dog barked and the door slammed in the rain."] * 400), encoding="utf-8")
    assert main(["plan", str(long), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["sentences"]) == 400 and 0 < len(data["events"]) <= 400
    binary = tmp_path / "noise.txt"
    binary.write_bytes(bytes(range(256)) * 10)
    assert main(["plan", str(binary)]) == 2
    assert "noise.txt" in capsys.readouterr().err
