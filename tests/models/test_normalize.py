"""The narration text normaliser: written forms in, the words a narrator says out."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from models.errors import InputError
from models.normalize import Normalizer, normalize


def _cases(*pairs: tuple[str, str]) -> list[tuple[str, str]]:
    return list(pairs)


NUMBERS = _cases(
    ("He had 3 dogs.", "He had three dogs."),
    ("There were 1,234 men.", "There were one thousand two hundred thirty-four men."),
    ("It cost 1,000,000 lives.", "It cost one million lives."),
    ("Pi is about 3.14.", "Pi is about three point one four."),
    ("It was 0.5 of the total.", "It was zero point five of the total."),
    ("It fell to -5 overnight.", "It fell to minus five overnight."),
    ("The score was -3.5 points.", "The score was minus three point five points."),
    ("Agent 007 arrived.", "Agent zero zero seven arrived."),
    ("the 4th time", "the fourth time"),
    ("the 21st century", "the twenty-first century"),
    ("She came 1st.", "She came first."),
    ("the 22nd and 23rd", "the twenty-second and twenty-third"),
    ("his 100th birthday", "his one hundredth birthday"),
    ("the 1,000th visitor", "the one thousandth visitor"),
    ("Room 101", "Room one hundred one"),
    ("Chapter 12 begins.", "Chapter twelve begins."),
    ("See page 1984.", "See page one thousand nine hundred eighty-four."),
    ("Flight 1066 left.", "Flight one thousand sixty-six left."),
    ("It was MI5 again.", "It was M I five again."),
    ("Call 555-1234 now.", "Call five five five, one two three four now."),
    ("He rolled 4s and 6s.", "He rolled fours and sixes."),
    ("three Boeing 747s", "three Boeing seven hundred forty-sevens"),
    ("1984's best song", "nineteen eighty-four's best song"),
    ("EIN 64-6221541", "EIN sixty-four-six million two hundred twenty-one thousand five hundred forty-one"),
)

YEARS = _cases(
    ("In 1066 the Normans came.", "In ten sixty-six the Normans came."),
    ("It was 1984.", "It was nineteen eighty-four."),
    ("By 2005 it was over.", "By two thousand five it was over."),
    ("In 1900 he was born.", "In nineteen hundred he was born."),
    ("the summer of 2025", "the summer of twenty twenty-five"),
    ("In 1805 they sailed.", "In eighteen oh five they sailed."),
    ("2025 people came.", "two thousand twenty-five people came."),
    ("the 1920s", "the nineteen twenties"),
    ("the 1800s", "the eighteen hundreds"),
    ("the 1920's", "the nineteen twenties"),
    ("the '60s", "the sixties"),
    ("the ’60s", "the sixties"),
    ("in his 60s", "in his sixties"),
    ("In AD 43 they landed.", "In A.D forty-three they landed."),
    ("It fell in 410 AD.", "It fell in four hundred ten A.D."),
    ("from 300 BC onwards", "from three hundred B C onwards"),
    ("in 1500 B.C. they", "in fifteen hundred B C they"),
    ("c. 1500", "circa fifteen hundred"),
    ("(b. 1900, d. 1980)", "(born nineteen hundred, died nineteen eighty)"),
)

DATES = _cases(
    ("On Aug. 4th they left.", "On August fourth they left."),
    ("On 4 August 1914 war came.", "On the fourth of August nineteen fourteen war came."),
    ("It was August 4, 1914.", "It was August fourth, nineteen fourteen."),
    ("Due 12/25/2025.", "Due December twenty-fifth, twenty twenty-five."),
    ("Due 25/12/2025.", "Due the twenty-fifth of December, twenty twenty-five."),
    ("Born 2025-12-25.", "Born December twenty-fifth, twenty twenty-five."),
    ("the 4th of July", "the fourth of July"),
    ("On July 4th, 1776, they signed.", "On July fourth, seventeen seventy-six, they signed."),
    ("Jan. 1", "January first"),
    ("Feb 29", "February twenty-ninth"),
    ("Sept. 11", "September eleventh"),
    ("It ended 11 Sept.", "It ended the eleventh of September."),
    ("in May 1968", "in May nineteen sixty-eight"),
    ("May 5 was a Tuesday.", "May fifth was a Tuesday."),
    # month abbreviations only next to a day number
    ("Mar. the surface", "Mar. the surface"),
    ("Jan said hello.", "Jan said hello."),
    ("You may 5 times.", "You may five times."),
)

TIMES = _cases(
    ("at 10:30", "at ten thirty"),
    ("at 10:30 a.m. sharp", "at ten thirty a.m. sharp"),
    ("at 10:30 a.m.", "at ten thirty a.m."),
    ("at 9 p.m. he left", "at nine p.m. he left"),
    ("at 9pm", "at nine p.m."),
    ("at 10 AM.", "at ten a.m."),
    ("at 10:30PM", "at ten thirty p.m."),
    ("at 12:05", "at twelve oh five"),
    ("at 7:00", "at seven o'clock"),
    ("at 7:00 p.m.", "at seven p.m."),
    ("at 14:00", "at fourteen hundred"),
    ("John 3:16", "John three sixteen"),
)

MONEY = _cases(
    ("It cost £5.", "It cost five pounds."),
    ("It cost £3.50.", "It cost three pounds fifty."),
    ("It cost £1.", "It cost one pound."),
    ("only £0.50", "only fifty pence"),
    ("a prize of $1,000,000", "a prize of one million dollars"),
    ("It was $2.05.", "It was two dollars and five cents."),
    ("It was $1.50.", "It was one dollar and fifty cents."),
    ("one $1.00 coin", "one one dollar coin"),
    ("just $0.01", "just one cent"),
    ("only $.50", "only fifty cents"),
    ("€20 each", "twenty euros each"),
    ("a 5p coin", "a five pence coin"),
    ("It cost 50¢.", "It cost fifty cents."),
    ("$3 million", "three million dollars"),
    ("$1.5 million", "one point five million dollars"),
    ("£2bn", "two billion pounds"),
    ("$10k", "ten thousand dollars"),
    ("¥100", "one hundred yen"),
    ("US$5", "five dollars"),
    ("a $5 bill", "a five dollar bill"),
    ("from $5–$10", "from five dollars to ten dollars"),
    ("a debt of -$5", "a debt of minus five dollars"),
)

PERCENT_AND_UNITS = _cases(
    ("45% of them", "forty-five percent of them"),
    ("3.5% interest", "three point five percent interest"),
    ("1 km away", "one kilometer away"),
    ("5 km away", "five kilometers away"),
    ("a 10-km walk", "a ten-kilometer walk"),
    ("a 5 kg bag", "a five kilogram bag"),
    ("It was 8,849 m tall.", "It was eight thousand eight hundred forty-nine meters tall."),
    ("20 cm and 5 mm", "twenty centimeters and five millimeters"),
    ("3 mi. to go", "three miles to go"),
    ("He walked 3 mi.", "He walked three miles."),
    ("6 ft tall", "six feet tall"),
    ("1 ft long", "one foot long"),
    ("6 in. long", "six inches long"),
    ("It was 6 in. He measured it.", "It was six inches. He measured it."),
    ("He came 5 in the morning.", "He came five in the morning."),
    ("2 in a row", "two in a row"),
    ("1 lb 3 oz", "one pound three ounces"),
    ("10 lbs of flour", "ten pounds of flour"),
    ("3 kg and 500 g", "three kilograms and five hundred grams"),
    ("at 60 mph", "at sixty miles per hour"),
    ("at 100 km/h", "at one hundred kilometers per hour"),
    ("It was -5°C.", "It was minus five degrees Celsius."),
    ("98.6°F", "ninety-eight point six degrees Fahrenheit"),
    ("a 90° turn", "a ninety degree turn"),
    ("turned 90°", "turned ninety degrees"),
    ("2 l of water and 250 ml of milk", "two liters of water and two hundred fifty milliliters of milk"),
    ("2 hrs 15 min", "two hours fifteen minutes"),
    ("1.5m", "one point five meters"),
    ("It is 5ft 10in tall.", "It is five feet ten inches tall."),
    ("He was 5' 10\" tall.", "He was five feet ten inches tall."),
    ("He was 6\u20322\u2033.", "He was six feet two inches."),
)

ROMAN = _cases(
    ("Henry VIII had six wives.", "Henry the Eighth had six wives."),
    ("Louis XIV built Versailles.", "Louis the Fourteenth built Versailles."),
    ("Queen Elizabeth II", "Queen Elizabeth the Second"),
    ("Pope John XXIII", "Pope John the Twenty-third"),
    ("Louis XIV's palace", "Louis the Fourteenth's palace"),
    ("Henry V was king.", "Henry the Fifth was king."),
    ("Pius X", "Pius the Tenth"),
    ("Elizabeth I", "Elizabeth the First"),
    ("Elizabeth I was queen.", "Elizabeth the First was queen."),
    ("after Charles I.", "after Charles the First."),
    ("Was it Charles I? Yes.", "Was it Charles the First? Yes."),
    ("James I's reign", "James the First's reign"),
    ("Charles I and James I", "Charles the First and James the First"),
    ("KING HENRY VIII", "KING HENRY the Eighth"),
    ("Chapter XIV", "Chapter fourteen"),
    ("Part II", "Part two"),
    ("Book III", "Book three"),
    ("Act V", "Act five"),
    ("Volume IV", "Volume four"),
    ("Stave III", "Stave three"),
    ("Chapter I. The Beginning", "Chapter one. The Beginning"),
    ("Part IV: The End", "Part four: The End"),
    ("CHAPTER IV.", "CHAPTER four."),
    ("CHAPTER XIV. THE RETURN", "CHAPTER fourteen. THE RETURN"),
    ("XIV.", "fourteen."),
    ("XIV", "fourteen"),
    ("I.", "one."),
    ("World War II ended.", "World War two ended."),
    ("Vol. IV", "Volume four"),
    ("No. IV", "Number four"),
    ("CHAPTER V. Advice from a Caterpillar", "CHAPTER five. Advice from a Caterpillar"),
    ("Henry I had a son.", "Henry the First had a son."),
)

NOT_ROMAN = [
    "I said so.",
    "Then I ran.",
    "So I went home, and I slept.",
    "Charles I'm here",
    "MIX DID LIVID CIVIL MILD DIM VIC",
    "Mix it, did it, Vic.",
    "I, Claudius",
    "X marks the spot.",
    "Malcolm X spoke.",
    "V for Vendetta",
    "Then I X-rayed it.",
    "THEN I RAN.",
    "henry viii",
    '"I." she said.',
    "Mary I think is here.",
    "John I don't know.",
    "James I am sorry.",
    "I     Into the Primitive       II    The Law",  # a contents page, not "Primitive the Second"
    "V. S. Naipaul wrote it.",
    "I’LL soon make you dry!",
]

ABBREVIATIONS = _cases(
    ("St. Paul's is tall.", "Saint Paul's is tall."),
    ("He lived on Baker St.", "He lived on Baker Street."),
    ("He lived on Baker St. He was a detective.", "He lived on Baker Street. He was a detective."),
    ("Baker St. in London", "Baker Street in London"),
    ("Mr. and Mrs. Smith", "Mister and Missus Smith"),
    ("Mrs Smith and Mr Jones", "Missus Smith and Mister Jones"),
    ("Ms. Smith", "Miz Smith"),
    ("Dr. Watson", "Doctor Watson"),
    ("“Dr. Who?” he asked.", "“Doctor Who?” he asked."),
    ("He lived on Mulholland Dr.", "He lived on Mulholland Drive."),
    ("Messrs. Smith and Jones", "Messers Smith and Jones"),
    ("Prof. Plum", "Professor Plum"),
    ("Capt. Hook", "Captain Hook"),
    ("Col. Mustard", "Colonel Mustard"),
    ("Gen. Grant", "General Grant"),
    ("Lt. Dan", "Lieutenant Dan"),
    ("Sgt. Pepper", "Sergeant Pepper"),
    ("Rev. Green", "Reverend Green"),
    ("The Hon. Member", "The Honorable Member"),
    ("Martin Luther King Jr. spoke.", "Martin Luther King Junior spoke."),
    ("It was Martin Luther King Jr.", "It was Martin Luther King Junior."),
    ("John Smith Sr. was here.", "John Smith Senior was here."),
    ("Sr. Mary", "Sister Mary"),
    ("No. 10", "Number ten"),
    ("at no. 4", "at number four"),
    ("No. I won't.", "No. I won't."),
    ("No. It isn't.", "No. It isn't."),
    ("vol. 2 and ch. 3", "volume two and chapter three"),
    ("p. 10", "page ten"),
    ("pp. 10-12", "pages ten to twelve"),
    ("approx. 5 km", "approximately five kilometers"),
    ("fruit, e.g. apples", "fruit, for example apples"),
    ("E.g. apples", "For example apples"),
    ("fruit, i.e. apples", "fruit, that is apples"),
    ("apples, pears, etc.", "apples, pears, et cetera."),
    ("apples, etc. and pears", "apples, et cetera and pears"),
    ("apples, etc. Then we ate.", "apples, et cetera. Then we ate."),
    ("us vs. them", "us versus them"),
    ("us vs them", "us versus them"),
    ("cf. page 5", "compare page five"),
    ("Mt. Everest", "Mount Everest"),
    ("He went up Mt. Kenya.", "He went up Mount Kenya."),
    ("Fifth Ave. in New York", "Fifth Avenue in New York"),
    ("on Abbey Rd.", "on Abbey Road."),
    ("Smith & Co. The end.", "Smith and Company. The end."),
    ("Acme Inc. and Acme Ltd.", "Acme Incorporated and Acme Limited."),
    ("a.k.a. Bob", "also known as Bob"),
    ("Jones v. Smith", "Jones versus Smith"),
)

COMPASS_AND_INITIALISMS = _cases(
    ("He sailed N.E. then NNW.", "He sailed northeast then north-northwest."),
    ("the wind was S.W.", "the wind was southwest."),
    ("a NE wind", "a northeast wind"),
    ("She earned a Ph.D. in physics.", "She earned a P H D in physics."),
    ("She has a PhD.", "She has a P H D."),
    ("the BBC said", "the B B C said"),
    ("He worked for the BBC.", "He worked for the B B C."),
    ("the BBC's reporter", "the B B C's reporter"),
    ("the U.S.A. and the U.K.", "the U S A and the U K."),
    ("the U.S. Army", "the U S Army"),
    ("the FBI and CIA", "the F B I and C I A"),
    ("Did you see the UFO?", "Did you see the U F O?"),
    ("an NHS doctor", "an N H S doctor"),
    ("CDs and DVDs", "C D's and D V D's"),
    ("R.S.V.P.", "R S V P."),
    ("the A.A. meeting", "the A.A meeting"),
    ("the RAF", "the R.A.F"),
    ("the NAACP", "the N.A.A.C.P"),
    ("He joined NASA.", "He joined NASA."),
    ("NATO and UNESCO", "NATO and UNESCO"),
    ("STOP! HELP!", "STOP! HELP!"),
    ('"STOP!" he shouted.', '"STOP!" he shouted.'),
    ("HMM. PSST. SHH.", "HMM. PSST. SHH."),
    ("GET OUT OF MY HOUSE NOW!", "GET OUT OF MY HOUSE NOW!"),
    ("THE BBC REPORTED IT.", "THE B B C REPORTED IT."),
    ("HE SAILED NNW.", "HE SAILED north-northwest."),
    # an all-caps sentence keeps its vowel-less words; in mixed case they are spelled
    ("THE TSL WAS LATE.", "THE TSL WAS LATE."),
    ("The TSL was late.", "The T S L was late."),
)

SYMBOLS = _cases(
    ("Smith & Sons", "Smith and Sons"),
    ("AT&T", "AT and T"),
    ("#5 on the list", "number five on the list"),
    ("#hashtag", "#hashtag"),
    ("2 + 2 = 4", "two plus two equals four"),
    ("2+2=4", "two plus two equals four"),
    ("C++ and A+", "C plus plus and A plus"),
    ("write to j@x.com", "write to j at x.com"),
    ("3 × 4", "three times four"),
    ("a 10×12 room", "a ten times twelve room"),
    ("½ cup", "one half cup"),
    ("¾ full", "three quarters full"),
    ("1/2 and 3/4", "one half and three quarters"),
    ("1/3 of it", "one third of it"),
    ("2/3 of it", "two thirds of it"),
    ("5/8 inch", "five eighths inch"),
    ("1 1/2 cups", "one and a half cups"),
    ("2 3/4 miles", "two and three quarters miles"),
    ("1\u20442 cup", "one half cup"),  # "½" after NFKC
    ("11\u20442 inches", "one and a half inches"),  # "1½" after NFKC
    ("3\u204416", "three sixteenths"),
    ("open 24/7", "open twenty-four seven"),
    ("after 9/11", "after nine eleven"),
    ("1914–1918", "nineteen fourteen to nineteen eighteen"),
    ("(1914-18)", "(nineteen fourteen to eighteen)"),
    ("pages 5–7", "pages five to seven"),
    ("He won 3-2.", "He won three to two."),
    ("10-12 km", "ten to twelve kilometers"),
    ("1,000-2,000 men", "one thousand to two thousand men"),
    ("the 1990s–2000s", "the nineteen nineties to two thousands"),
    ("the 5th-6th centuries", "the fifth to sixth centuries"),
)

PAUSES = _cases(
    ("Wait—what?", "Wait, what?"),
    ("Yes—no—maybe.", "Yes, no, maybe."),
    ("Well — I think so.", "Well, I think so."),
    ("Well – I think so.", "Well, I think so."),
    ("He waited -- then left.", "He waited, then left."),
    ("He waited - then left.", "He waited, then left."),
    ("—Hello.", "Hello."),
    ("one,—two", "one, two"),
    ("I was going to—", "I was going to."),
    ('"I was going to—" she said.', '"I was going to," she said.'),
    ('"I was going to—" She stopped.', '"I was going to." She stopped.'),
    ('He said—"Go!"', 'He said, "Go!"'),
    ("Wait—!", "Wait!"),
    ("He trailed off...", "He trailed off."),
    ("He trailed off…", "He trailed off."),
    ("Wait... what", "Wait, what"),
    ("Wait. . . what", "Wait, what"),
    ("Wait… what", "Wait, what"),
    ("Wait... What?", "Wait. What?"),
    ("Wait... I think so.", "Wait, I think so."),
    ('"...and then," he said.', '"and then," he said.'),
    ('"Well..." he said.', '"Well," he said.'),
    ('"Well..." He left.', '"Well." He left.'),
    ("Hmm…?", "Hmm?"),
    ("Austria–Hungary", "Austria–Hungary"),
    ("well-known", "well-known"),
)

QUOTES = _cases(
    ('"Dr. Smith lives at No. 4," she said.', '"Doctor Smith lives at Number four," she said.'),
    ("'Dr. Smith,' she said, 'lives at No. 4.'", "'Doctor Smith,' she said, 'lives at Number four.'"),
    ("“I’ll be there at 6,” she said.", "“I’ll be there at six,” she said."),
    ("He said, ‘It’s the ’60s!’", "He said, ‘It’s the sixties!’"),
    ('He said, "Baker St."', 'He said, "Baker Street."'),
)

UNCHANGED = [
    "It was a quiet morning, and the birds sang in the old oak tree.",
    "She did not answer; instead she looked at him for a long time, and then smiled.",
    "“Where are you going?” asked the Lamplighter, who had come out of the fog.",
    "'I don't know,' said Alice, 'and I don't care.'",
    "He said, \"It's fine.\" Then he left!",
    "Oh! What a day it was? Yes: a fine one.",
    "The café on the Rue de Rivoli served crème brûlée.",
    "A man, a plan, a canal: Panama.",
    "",
    "   ",
    "Line one.\nLine two.",
]


@pytest.mark.parametrize(
    ("text", "expected"),
    NUMBERS + YEARS + DATES + TIMES + MONEY + PERCENT_AND_UNITS + ROMAN + ABBREVIATIONS
    + COMPASS_AND_INITIALISMS + SYMBOLS + PAUSES + QUOTES,
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


@pytest.mark.parametrize("text", NOT_ROMAN + UNCHANGED)
def test_leaves_alone(text: str) -> None:
    assert normalize(text) == text


def test_the_brief_examples_in_one_paragraph() -> None:
    text = (
        "Henry VIII met Dr. Smith at 10:30 a.m. on Aug. 4th, 1536, near Baker St. "
        "He paid £3.50 — 45% more than in the 1520s… Then I ran."
    )
    assert normalize(text) == (
        "Henry the Eighth met Doctor Smith at ten thirty a.m. on August fourth, fifteen thirty-six, near "
        "Baker Street. He paid three pounds fifty, forty-five percent more than in the fifteen twenties. "
        "Then I ran."
    )


def test_sentence_final_periods_survive_for_splitting() -> None:
    out = normalize("He lived on Baker St. She lived at 10 a.m. Road. They met at 3 p.m.")
    assert out == "He lived on Baker Street. She lived at ten a.m. Road. They met at three p.m."
    assert out.endswith(".")


def test_idempotent_on_its_own_output() -> None:
    for text, _ in NUMBERS + YEARS + MONEY + ROMAN[:10] + ABBREVIATIONS[:10] + PAUSES[:8]:
        once = normalize(text)
        assert normalize(once) == once, text


def test_default_normalizer_is_shared_and_callable() -> None:
    n = Normalizer.default()
    assert n is Normalizer.default()
    assert n("Henry VIII") == "Henry the Eighth"
    assert Normalizer.from_files()("Henry VIII") == "Henry the Eighth"


# --------------------------------------------------------------- publisher tables


def test_publisher_toml_extends_and_overrides(tmp_path: Path) -> None:
    table = tmp_path / "publisher.toml"
    table.write_text(
        """
spelled = ["NASA"]
acronyms = ["BBC"]
monarchs = ["Athelstan"]
headings = ["Lay"]

[abbreviations]
"Gdns." = "Gardens"
"Bldg." = { before_number = "building", otherwise = "Building" }
"Co." = ""

[titles]
"Insp." = "Inspector"

[units]
"fur." = ["furlong", "furlongs"]
"km" = ["kilometre", "kilometres"]

[currencies."₿"]
major = ["bitcoin", "bitcoins"]

[symbols]
"~" = "about"

[settings]
am = "in the morning"
""",
        encoding="utf-8",
    )
    n = Normalizer.from_files(table)
    assert n("They met at 4 Kensington Gdns.") == "They met at four Kensington Gardens."
    assert n("Go to Bldg. 7, the Bldg. on the left.") == "Go to building seven, the Building on the left."
    assert n("Smith & Co. went.") == "Smith and Co. went."
    assert n("Insp. Lestrade") == "Inspector Lestrade"
    assert n("He rode 3 fur. and 1 km.") == "He rode three furlongs and one kilometre."
    assert n("It cost ₿2.") == "It cost two bitcoins."
    assert n("~ 5") == "about five"
    assert n("NASA and the BBC") == "N.A.S.A and the BBC"  # an "A" before the last letter: dots
    assert n("Athelstan I was king.") == "Athelstan the First was king."
    assert n("Lay IV") == "Lay four"
    assert n("at 7 a.m. sharp") == "at seven in the morning sharp"
    assert n("at 7 a.m.") == "at seven in the morning."
    # the shipped tables are still there, and the default normaliser is untouched
    assert n("Henry VIII on Baker St.") == "Henry the Eighth on Baker Street."
    assert normalize("Kensington Gdns.") == "Kensington Gdns."
    assert normalize("1 km") == "one kilometer"


def test_publisher_json_and_later_files_win(tmp_path: Path) -> None:
    first = tmp_path / "first.json"
    first.write_text(json.dumps({"abbreviations": {"Gdns.": "Gardens"}, "spelled": ["ZX"]}), encoding="utf-8")
    second = tmp_path / "second.toml"
    second.write_text('[abbreviations]\n"Gdns." = "Garden"\n', encoding="utf-8")
    n = Normalizer.from_files(first, second)
    assert n("Kew Gdns. and a ZX") == "Kew Garden and a Z X"
    assert Normalizer.from_files(str(first))("Kew Gdns. was here") == "Kew Gardens was here"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("bad.toml", "[abbreviations\n", "not valid TOML"),
        ("bad.json", "{", "not valid JSON"),
        ("bad.yaml", "abbreviations: {}", "must end in .toml or .json"),
        ("bad.toml", "[wrong]\nx = 1\n", "unknown section 'wrong'"),
        ("bad.toml", '[abbreviations]\n"Gdns." = 5\n', "[abbreviations] 'Gdns.'"),
        ("bad.toml", '[abbreviations]\n"Gdns." = { near = "Gardens" }\n', "unknown context 'near'"),
        ("bad.toml", '[abbreviations]\n"Two words" = "x"\n', "a key must be letters"),
        ("bad.toml", '[units]\n"fur" = ["a", "b", "c"]\n', "[singular, plural]"),
        ("bad.toml", '[units]\n"fur" = 3\n', "[singular, plural]"),
        ("bad.toml", 'spelled = "BBC"\n', "spelled: expected a list"),
        ("bad.toml", "monarchs = [1, 2]\n", "monarchs: expected a list"),
        ("bad.toml", 'abbreviations = ["Gdns."]\n', "[abbreviations]: expected a table"),
        ("bad.toml", '[currencies."₿"]\nminor = ["a", "b"]\n', "missing major"),
        ("bad.toml", '[currencies."₿"]\nmajor = "btc"\nposition = "middle"\n', "position must be"),
        ("bad.toml", '[symbols]\n"ab" = "x"\n', "one symbol character"),
        ("bad.toml", '[settings]\nvoice = "x"\n', "[settings] 'voice': unknown setting"),
        ("bad.toml", '[fractions]\n"1" = "whole"\n', "denominator"),
        ("bad.json", "[1, 2]", "top level"),
    ],
)
def test_bad_publisher_tables_raise_input_error(tmp_path: Path, name: str, content: str, reason: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        Normalizer.from_files(path)
    assert info.value.path == str(path)
    assert reason in info.value.reason
    assert "\n" not in info.value.reason


def test_missing_and_unreadable_table_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found") as info:
        Normalizer.from_files(tmp_path / "absent.toml")
    assert info.value.path.endswith("absent.toml")
    with pytest.raises(InputError, match="not found"):
        Normalizer.from_files(tmp_path)  # a folder
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(InputError, match="UTF-8"):
        Normalizer.from_files(binary)


# --------------------------------------------------------------- cost


def test_large_paragraph_is_linear() -> None:
    sentence = "Henry VIII met Dr. Smith at 10:30 a.m. on Baker St. in 1536 and paid £3.50 — 45% more… "
    big = sentence * (200_000 // len(sentence) + 1)
    assert len(big) > 200_000
    start = time.perf_counter()
    out = normalize(big)
    assert time.perf_counter() - start < 30  # it takes well under a second; this only catches blow-ups
    assert out.count("Henry the Eighth") == big.count("Henry VIII")


@pytest.mark.parametrize(
    "unit",
    ["1,", "I ", "XIV ", "St. ", "1/", "-", ".", "A.", "a" * 50 + " ", "— ", "$", "Mr.", "1" * 5000, "'", " "],
)
def test_pathological_inputs_finish(unit: str) -> None:
    text = unit * (60_000 // len(unit))
    start = time.perf_counter()
    normalize(text)
    assert time.perf_counter() - start < 30
