"""English text normalisation for narration: written forms to the words a careful narrator says.

Runs on a sentence or paragraph (after NFKC) before it goes to the voice::

    from models.normalize import Normalizer, normalize

    normalize("Henry VIII met Dr. Smith at 10:30 a.m. on Baker St.")
    # 'Henry the Eighth met Doctor Smith at ten thirty a.m. on Baker Street.'
    n = Normalizer.from_files("publisher.toml")   # shipped tables + the publisher's
    n("They met at 4 Kensington Gdns.")

Everything that is not a written form (words, punctuation, straight or curly
quotes, a sentence's final period) is left as it was, so captions and sentence
splitting still work.  A period that ends an abbreviation and the sentence at
once is kept: "He lived on Baker St." -> "He lived on Baker Street."

What is read out (each rule driven by the tables below):

* numbers: "1,234" "3.14" "-5", ordinals "21st"; years "1066" "1984" "2005"
  "1900", decades "the 1920s" "'60s", eras "AD 43" "300 BC"; ranges
  "1914–1918" "pp. 10-12" ("to"); fractions "3/4" "1 1/2" "½"; "24/7" and
  "9/11" as two numbers; "#5" "No. 10" ("number ten").
* dates "Aug. 4th" "4 August 1914" "August 4, 1914" "12/25/2025" (month first;
  day first when the first part is over 12), month abbreviations only next to a
  day; times "10:30" "10:30 a.m." "9pm" "12:05" ("twelve oh five") "7:00"
  ("seven o'clock"); a.m./p.m. written "a.m."/"p.m." (the phonemiser reads
  those as letters; a bare "AM" it may read as "am").
* money "£3.50" ("three pounds fifty") "$2.05" ("two dollars and five cents")
  "$3 million" "£2bn" "5p"; percentages; units after numbers, American
  spellings, singular for 1 and for adjectives ("a 10-km walk").
* Roman numerals after names ("Henry VIII" -> "Henry the Eighth"; "I", "V" and
  "X" only after a monarch's name), after heading words ("Chapter XIV" ->
  "Chapter fourteen") and as a heading on their own ("XIV.").  The pronoun "I"
  and words such as MIX or CIVIL are left alone.
* abbreviations, titles and compass points by context ("St. Paul's" / "Baker
  St."); initialisms spelled ("BBC" -> "B B C", "Ph.D." -> "P H D"), all-caps
  words of 2-5 letters with no vowel spelled unless the whole sentence is in
  capitals; acronyms said as words (NASA) and shouted words kept.
* symbols "&" "+" "=" "@" "×"; dashes between words become ", "; an ellipsis
  becomes ", " inside a sentence and "." where it ends one (espeak, which Piper
  uses, pauses at commas but runs straight through "...").

Spelled letters are separated by spaces ("B B C"), except that a group with an
"A" before its last letter is joined with dots ("A.D", "R.A.F"): espeak reads a
lone "A" followed by another letter as the article "uh".

Tables
------
The shipped tables are models/normalize/tables/default.toml; its header
documents every section.  A publisher file (TOML, or JSON of the same shape)
extends and overrides them::

    [abbreviations]
    "Gdns." = "Gardens"
    "Bldg." = { before_number = "building", otherwise = "Building" }

    [units]
    "furlongs" = ["furlong", "furlongs"]

    [titles]
    "Insp." = "Inspector"

    spelled = ["MOD"]          # say these letter by letter
    acronyms = ["SWALK"]       # say these as words
    monarchs = ["Athelstan"]

Mapping sections merge key by key ("" switches a shipped entry off); list
sections add to the shipped lists.  A missing, unreadable or malformed file, or
a value of the wrong type, raises models.errors.InputError(path, reason).
"""

from __future__ import annotations

from models.normalize.engine import Normalizer

__all__ = ["Normalizer", "normalize"]


def normalize(text: str) -> str:
    """`text` with written forms expanded, using the shipped tables."""
    return Normalizer.default()(text)
