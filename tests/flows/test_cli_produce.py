"""The installed `taleforge` command, as a publisher runs it: a book in, a book folder out, a status."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent / "taleforge"


def taleforge(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TALEFORGE_HOME": str(home)}
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, timeout=600, env=env)


LEXICON = """<?xml version="1.0" encoding="UTF-8"?>
<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa" xml:lang="en-US">
  <lexeme><grapheme>quay</grapheme><phoneme>kˈiː</phoneme></lexeme>
  <lexeme><grapheme>Mrs. Pell</grapheme><alias>Missus Pell</alias></lexeme>
</lexicon>
"""


def test_produce_then_status(tmp_path: Path) -> None:
    book = tmp_path / "harbour.txt"
    book.write_text(
        "Title: Harbour Nights\nAuthor: P. Writer\n\n\nCHAPTER I. The Bell\n\nThe bell rang twice at 10:30 p.m. "
        "Nobody came.\n\n\u201cWho rang?\u201d asked Mrs. Pell.\n\n"
        "CHAPTER II. The Boat\n\nA small boat bumped the quay.\n\n"
        "\u201cIt is only me,\u201d said Rowan. \u201cOnly me and the tide.\u201d\n",
        encoding="utf-8",
    )
    lexicon = tmp_path / "harbour.pls"
    lexicon.write_text(LEXICON, encoding="utf-8")
    casting = tmp_path / "cast.yaml"
    casting.write_text("characters:\n  Rowan: {pitch: -4}\n  Pell: {pitch: 4}\n", encoding="utf-8")
    home = tmp_path / "home"
    result = taleforge("produce", str(book), "--out", str(tmp_path / "out"), "--narrator", "Sam Voice",
                       "--lexicon", str(lexicon), "--casting", str(casting), home=home)
    assert result.returncode == 0, result.stderr
    folder = Path(result.stdout.strip().splitlines()[-1])
    assert folder == tmp_path / "out" / "harbour-nights"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert [c["title"] for c in manifest["chapters"]] == ["Chapter I. The Bell", "Chapter II. The Boat"]
    assert manifest["compliant"] is True
    assert "passes ACX" in result.stderr  # the closing summary
    one_, two = (json.loads(p.read_text())["sentences"] for p in sorted((folder / "timeline").glob("*.json")))
    said = {line["text"]: line for line in one_ + two}
    assert said["The bell rang twice at 10:30 p.m."]["spoken"].startswith("The bell rang twice at ten thirty")
    assert said["\u201cWho rang?\u201d"]["voice"] == "pell"
    assert said["\u201cIt is only me,\u201d"]["voice"] == "rowan"
    assert said["said Rowan."]["voice"] == "narrator"
    assert "[[ kˈiː" in said["A small boat bumped the quay."]["spoken"]
    assert said["A small boat bumped the quay."]["words"][-1]["word"].startswith("[[")

    status = taleforge("status", "--json", home=home)
    assert status.returncode == 0
    jobs = json.loads(status.stdout)
    assert jobs[0]["status"] == "done" and jobs[0]["title"] == "Harbour Nights"
    one = json.loads(taleforge("status", jobs[0]["id"][:8], "--json", home=home).stdout)
    assert [c["status"] for c in one["chapters"]] == ["done", "done"]
    assert all(c["duration_s"] > 3 for c in one["chapters"])


def test_hostile_epub_is_refused_and_leaves_nothing(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    epub = tmp_path / "evil.epub"
    with zipfile.ZipFile(epub, "w") as z:
        z.writestr("mimetype", "application/epub+zip")
        z.writestr("META-INF/container.xml",
                   '<?xml version="1.0"?><container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
                   'version="1.0"><rootfiles><rootfile full-path="content.opf" '
                   'media-type="application/oebps-package+xml"/></rootfiles></container>')
        z.writestr("content.opf",
                   f'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file://{secret}">]>'
                   '<package xmlns="http://www.idpf.org/2007/opf" version="2.0"><metadata>'
                   '<dc:title xmlns:dc="http://purl.org/dc/elements/1.1/">&x;</dc:title></metadata>'
                   '<manifest/><spine/></package>')
    out = tmp_path / "out"
    result = taleforge("produce", str(epub), "--out", str(out), home=tmp_path / "home")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "evil.epub" in result.stderr
    assert "TOP-SECRET" not in result.stderr + result.stdout
    assert not out.exists() or not any(out.iterdir())
