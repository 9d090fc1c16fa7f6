"""Sources named with what they do, with what is done to them, or by what the scene implies.

Novelists rarely name a sound; they name a source and what it did ("water drummed on the roof", "the latch
gave", "hooves rang", "a gun spoke twice"), or only what it did to things ("the windows rattled as the
train went by"). Four readers, each a pure function over one sentence:

- `paired_sources`: a verb of a `Pairing` with the nearest of its nouns before it, or with the subject of
  the fragment before ("..., caught, and settled"), or with the source a pronoun stands for ("it burst",
  "its scream rising", "she shook"); a noun of sound after a light verb is a verb ("gave a long
  complaint"); a source named after a noun of sound ("the clatter of hooves", "a note from the lightship").
- `struck_sources`: what is struck or used ("struck the front door twice", "answered with a handgun") and
  places resounding with a source ("loud with argument").
- `heard_sources`: a noun of `SOURCES` with any verb of sound near it.
- `implied_sources`: an effect or an unsourced sound, given a scene that says whose it is (`IMPLIED`).

All read the clause literally first: similes, idioms, denials, remembered or depicted sounds and names
make no sound (`skip_clause`, `unreal`).
"""

from __future__ import annotations

import re

from models.ambience.cues import (
    BRANDS,
    CONTACTS,
    EFFECTS,
    FIGURATIVE_AFTER,
    IDIOMS,
    IMPLIED,
    INTENSIFIERS,
    NOISES,
    NOT_NAMES,
    PAIRINGS,
    PERSON_NOUNS,
    RESOUNDING,
    SOFTENERS,
    SOUND_NOUNS,
    SOUND_VERBS,
    SOURCES,
)
from models.ambience.events import Event, catalogue

__all__ = ["ANY_PAIRED_VERB", "CONTEXT_CHARS", "NEGATED", "OF_PHRASE", "OVER_WITH", "PAIR_RES", "UNREAL", "abstract",
           "borne_out", "heard_sources", "implied_sources", "intensity", "paired_sources", "related", "skip_clause",
           "split_clauses", "struck_sources", "unreal"]


# "a horse without a rider galloped past" denies the rider, not the gallop; "without a sound" denies it all
_WITHOUT_THING = re.compile(
    r"\bwithout\s+(?:a|an|the|his|her|its|their|any)\s+(?!sound|noise|word|whisper|murmur|squeak|creak)\w+",
    re.IGNORECASE)
# "didn't knock" is denied; "ticked loudly in the silence" is not (the silence frames a sound)
_NEGATED_ANY = re.compile(
    r"(?:\b(?:never|not|no|nor|without|silent|soundless\w*|quiet)\b|n't\b|"
    r"(?<!in the )(?<!into the )(?<!broke the )(?<!through the )(?<!across the )\bsilence\b)", re.IGNORECASE)
_SIMILE = (re.compile(r"\b(?:like|as if|as though)\b", re.IGNORECASE),)
_METAPHOR_ANY = re.compile(r"\b(?:heart|temper|mind|news|words|voice|rumou?rs?|thoughts?|memory|memories)\b",
                           re.IGNORECASE)
CONTEXT_CHARS = 48  # characters before a cue searched for figurative context
NEGATED = re.compile(r"(?:\b(?:never|not|no|nor|without)\b|n't\b)(?:\s+\S+){0,3}\s*$", re.IGNORECASE)
UNREAL = re.compile(
    r"\b(?:(?<!as )if|unless|imagin\w*|remember\w*|recall\w*|dream\w*|wish\w*|waiting for|waited for|longed for|"
    r"expect\w*|hoped|hoping|in case|lest|would(?! hear)|might|could have|could've|used to|when (?:i|we) was (?:a|young)|"
    r"when (?:i|we) were (?:a|young|children|kids)|as a (?:boy|girl|child)|in those days|years ago|"
    # depicted, not present: "in the photograph my grandfather stands beside a steam engine"
    r"photo\w*|painting|painted|picture[ds]?|portrait|postcard|poster|engraving|drawing|sketch|illustration)\b",
    re.IGNORECASE)
_SOUNDY = frozenset((
    "sea", "water", "waves", "rain", "thunder", "guns", "gunfire", "cannon", "hooves", "horses", "dogs", "birds",
    "gulls", "wind", "engines", "crowd", "clock", "clocks", "bells", "glass", "feet", "boots", "surf", "breakers",
    "voices", "laughter", "applause", "wings", "insects", "bees", "crickets", "frogs", "traffic", "people", "men",
    "women", "children", "starlings", "geese", "rooks", "crows", "pigeons", "spectators", "onlookers", "sheep",
    "cattle", "drums", "spray", "passengers", "guests", "diners", "drinkers", "customers", "shoppers",
    "travellers", "tourists", "commuters", "revellers", "villagers", "soldiers", "sailors", "students", "fans",
    "mourners", "worshippers", "voice", "hundreds", "thousands", "dozens",
    # things that sound when used or moved: "the creak of harness", "the rattle of the cart", "the clink of cups"
    "harness", "tack", "saddle", "saddles", "leather", "wheels", "cart", "carts", "wagon", "wagons", "carriage",
    "timbers", "boards", "floorboards", "hinges", "hinge", "door", "doors", "gate", "gates", "ropes", "rigging",
    "oars", "chains", "keys", "cups", "plates", "cutlery", "dishes", "pans", "pots", "crockery", "china",
    "hammer", "hammers", "axe", "axes", "typewriter", "typewriters", "tyres", "tires", "brakes", "trucks", "lorries",
    "cars", "rifles", "shells", "artillery", "hail", "shingle", "pebbles", "gravel", "twigs", "branches", "logs",
    "flames", "fire", "machinery", "machines", "looms", "wheel", "springs", "bedsprings", "stairs", "boots", "heels",
))
OF_PHRASE = re.compile(r"\s*of\s+(?:the\s+|a\s+|an\s+|his\s+|her\s+|their\s+)?([a-z]+)(?:\s+([a-z]+))?", re.IGNORECASE)


def abstract(of: re.Match[str] | None) -> bool:
    """Whether an "of"-phrase names no sounding thing: "of relief" yes; "of hooves", "of arriving passengers" no."""
    return of is not None and not any(w and w.lower() in _SOUNDY for w in of.groups())


OVER_WITH = re.compile(
    r"^\s*(?:over (?:her|him|me|them|us|you)\b|with (?:\w+ ){0,2}(?:messages|rage|anger|fury|laughter|joy|"
    r"colou?r|activity|news|life|excitement|questions|rumou?rs|gossip|it|pride|relief|malice|tension|energy|"
    r"electricity|menace|anticipation|wit|humou?r|hostility|resentment|contempt|spite|venom|irony|sarcasm|"
    r"possibility|promise|intelligence|impatience|urgency)\b)", re.IGNORECASE)


_CLAUSES = re.compile(r"[;:,\u2014]|\s+(?:and|but|while|as|when|until|then)\s+")


def split_clauses(sentence: str) -> list[str]:
    """A sentence's clauses of three words or more (at commas, semicolons, dashes and conjunctions)."""
    out = []
    for clause in _CLAUSES.split(sentence):
        clause = clause.strip(" \"'\u201c\u201d\u2018\u2019")
        if len(clause.split()) >= 3:
            out.append(clause)
    return out


def intensity(sentence: str, base: float) -> float:
    """How loud the words make a sound: `base`, raised by "lashing", "deafening", lowered by "faint", "distant"."""
    value = base
    if INTENSIFIERS.search(sentence.lower()):
        value += 0.25
    if SOFTENERS.search(sentence.lower()):
        value -= 0.2
    return round(min(1.0, max(0.05, value)), 2)


def related(a: str, b: str) -> bool:
    """Whether two labels are one sound: equal, or one the catalogue parent of the other."""
    classes = catalogue()
    return a == b or b in classes[a].parents or a in classes[b].parents


def unreal(sentence: str, start: int) -> bool:
    """Denied, remembered or imagined: "had never heard the bells", "if the dog barked"."""
    before = _WITHOUT_THING.sub(" ", sentence[max(0, start - CONTEXT_CHARS) : start])
    return bool(NEGATED.search(before) or UNREAL.search(re.split(r"[.;:!?]", sentence[:start])[-1]))


def skip_clause(clause: str) -> bool:
    """Clauses whose sound words are not sounds: similes, idioms, negations, metaphors."""
    return bool(IDIOMS.search(clause) or _NEGATED_ANY.search(_WITHOUT_THING.sub(" ", clause))
                or any(p.search(clause + " ") for p in _SIMILE) or _METAPHOR_ANY.search(clause))


def _is_name(text: str, start: int, word: str) -> bool:
    """A capitalised word inside a sentence is a name ("Old Thunder", "the Howling Wolf"), unless a brand."""
    return word[:1].isupper() and bool(text[:start].strip(" \"'\u201c\u2018")) and word.lower() not in BRANDS


def _abstract_of(text: str, end: int) -> bool:
    """ "a wave of relief", "a storm of protest": an abstract "of"-phrase makes a source noun a figure."""
    after = text[end : end + 40]
    of = OF_PHRASE.match(after)
    if of is not None and of.group(1)[:1].isupper():
        return False  # "the great bell of St Mary's": a name owns the source
    return bool(FIGURATIVE_AFTER.search(after) or abstract(of))


_SOURCE_RES = tuple((re.compile(r"\b(?:" + p + r")\b", re.IGNORECASE), label) for p, label in SOURCES)
_NEAR_WORDS = 6


def heard_sources(i: int, sentence: str) -> list[Event]:
    """A sound source with a verb of sound near it: "a gun spoke twice", "the old stair complained"."""
    found: dict[str, Event] = {}
    for clause in split_clauses(sentence):
        if skip_clause(clause):
            continue
        for verb in SOUND_VERBS.finditer(clause):
            if unreal(sentence, max(sentence.find(clause), 0) + verb.start()):
                continue  # "when I was a boy, the night train whistled"
            before = clause[: verb.start()].split()[-_NEAR_WORDS:]
            after = clause[verb.end() :].split()[:3]
            best: tuple[int, str] | None = None
            if verb.group(0)[:1].isupper() and clause[: verb.start()].strip():
                continue  # "The Howling Wolf", an inn's name
            if OVER_WITH.match(clause[verb.end() :]):
                continue  # "crashed over her"
            for pattern, label in _SOURCE_RES:
                for k, word in enumerate(before):
                    if word[:1].isupper() and k > 0:
                        continue  # "Old Thunder", a name
                    if PERSON_BETWEEN.search(" ".join(before[k + 1 :])):
                        continue  # "the gate!' Brannoch roared": Brannoch roared
                    if pattern.fullmatch(word.strip(",.;:!?\"'()").lower()):
                        if _abstract_of(" " + " ".join(before[k + 1 :]), 0):
                            continue  # "a wave of something worse than anger crashed"
                        distance = len(before) - k
                        if best is None or distance < best[0]:
                            best = (distance, label)
                for k, word in enumerate(after):
                    if pattern.fullmatch(word.strip(",.;:!?\"'()").lower()):
                        distance = k + 2
                        if best is None or distance < best[0]:
                            best = (distance, label)
            if best is not None and best[1] not in found:
                label = best[1]
                found[label] = Event(label, i, catalogue()[label].kind, intensity(clause, 0.5), cue=verb.group(0),
                                     description=clause[:100], confidence=0.7)
    return list(found.values())


PAIR_RES = tuple((pairing.label, re.compile(r"(?<!o')\b(?:" + pairing.nouns + r")\b", re.IGNORECASE),
                   re.compile(r"\b(?:" + pairing.verbs + r")\b", re.IGNORECASE)) for pairing in PAIRINGS)
_SCENES = tuple(re.compile(pairing.scene, re.IGNORECASE) if pairing.scene else None for pairing in PAIRINGS)
_FRAGMENTS = re.compile(r"[;:,\u2014()]+|\s+(?:and|but|while|as|when|until|then|so)\s+")
# Who did it, when a person stands between a source and a verb: "the dog she had fed whined" is hers.
PEOPLE = re.compile(
    r"\b(?:he|she|i|we|they|you|him|her|me|us|them|man|woman|men|women|boy|girl|someone|somebody|everyone|"
    r"nobody)\b", re.IGNORECASE)
_SIMILE_MARK = re.compile(r"\b(?:like|as if|as though)\b", re.IGNORECASE)
_VERB_FIRST = re.compile(r"\s*(?:(?:then|and|but|now|again|once|twice|finally|suddenly|\w+ly)\s+)?", re.IGNORECASE)
PERSON_BETWEEN = re.compile(PEOPLE.pattern + r"|\b(?!" + NOT_NAMES + r"\b)[A-Z][a-z]+\b")
# Who could be doing the verb between a source and it: a subject, not an owner ("the boards over Clara's bed
# gave a long complaint", "the stairs under her feet creaked").
_AGENT_BETWEEN = re.compile(
    r"\b(?i:he|she|i|we|they|you|someone|somebody|everyone|nobody|" + PERSON_NOUNS + r")\b(?!'s)|"
    r"(?<!\bof )(?<!\bSt )(?<!\bSt\. )\b(?!" + NOT_NAMES + r"\b)[A-Z][a-z]+\b(?!'s|\u2019s)")


def _first_words(which: int) -> dict[str, tuple[int, ...]]:
    """First word of every noun (which=1) or verb (which=2) form -> the pairings that have such a form."""
    index: dict[str, set[int]] = {}
    for k, pairing in enumerate(PAIRINGS):
        for form in (pairing.nouns if which == 1 else pairing.verbs).split("|"):
            word = re.match(r"\w+", re.sub(r"\\(.)", r"\1", form.replace(r"\s+", " ")))
            if word is not None:
                index.setdefault(word.group(0).lower(), set()).add(k)
    return {word: tuple(sorted(ks)) for word, ks in index.items()}


# Each pairing is tried only where a word of the fragment can begin one of its forms: a dictionary look-up
# per word instead of scanning every fragment with every pairing.
_FIRST_WORDS = {1: _first_words(1), 2: _first_words(2)}
_WORD = re.compile(r"\w+")


def _pair_matches(fragment: str, which: int) -> list[tuple[int, int, int]]:
    """(start, end, pairing index) of every pairing's noun (which=1) or verb (which=2) in the fragment."""
    out = []
    for word in _WORD.finditer(fragment):
        for k in _FIRST_WORDS[which].get(word.group(0).lower(), ()):
            m = PAIR_RES[k][which].match(fragment, word.start())
            if m is not None:
                out.append((m.start(), m.end(), k))
    return out


def _fragments(sentence: str) -> list[tuple[int, str]]:
    """The sentence cut at punctuation and conjunctions: (offset, text) of every non-empty fragment."""
    out: list[tuple[int, str]] = []
    start = 0
    for m in _FRAGMENTS.finditer(sentence):
        if sentence[start : m.start()].strip():
            out.append((start, sentence[start : m.start()]))
        start = m.end()
    if sentence[start:].strip():
        out.append((start, sentence[start:]))
    return out


# A source's sound said as a noun after a light verb ("the boards gave a long complaint", "the light on the
# point let out its long, sad bellow"), or after "its"/"their" ("its scream rising"): the noun is its verb.
_LIGHT = re.compile(
    r"\b(?:(?:gave|give|gives|giving|given|let out|lets out|letting out|sent up|send up|sends up|set up|sets up|"
    r"setting up|kept up|keep up|keeps up|keeping up|raised|raise|raises|uttered|utters|emitted|emits|produced|"
    r"produces|made|makes|making|struck up|strikes up|broke into|breaks into)\s+"
    r"(?:a|an|its|their|one|another|the|some|her|his|that)?|(?P<own>its|their))"
    r"(?P<words>(?:[\s,]+[\w'-]+){1,4})", re.IGNORECASE)
_ADJECTIVE = re.compile(
    r"[\w'-]+(?:ful|ous|ly|ing|ish|less|ed|al|ic)|long|short|low|high|sharp|dull|deep|great|little|single|sudden|"
    r"faint|distant|heavy|light|soft|hard|sad|final|last|first|second|third|loud|quiet|huge|small|big|thin|thick|"
    r"hollow|flat|brief|slow|quick|fast|wild|strange|odd|shrill|harsh|rough|old|new|dry|wet|half|full|good|bad|"
    r"mighty|enormous|almighty|low-pitched|high-pitched|long-drawn|more|few|two|three|several|other|same|own|"
    r"last|final|great|grand|tiny|vast|dead|dim|dark|bright|clear|cold|hot|warm|cool|far|near|noisy|deafening|"
    r"thunderous|audible|mournful|lonely|eerie|savage|fierce|angry|gentle|tired|weary|brazen|answering",
    re.IGNORECASE)
_NOT_LIGHT = re.compile(r"\b(?:way|chase|start|hand|look|glance|sign|signal|nod|shrug|turn|move|mistake|decision|"
                        r"point|effort|attempt|impression|offer|promise|speech|order|orders)\b", re.IGNORECASE)
# "the train went by", "the bell went missing": a bare "go" is a sound only for signals that go off
_GONE_ELSEWHERE = re.compile(
    r"^\s+(?:by|past|through|down|up|into|in|out|away|back|on|round|around|over|across|to|towards?|under|along|"
    r"missing|dead|quiet|silent|unanswered|flying|home|off to|with|without|for|from|about|ahead|before|after|"
    r"straight|slowly|quickly|on and on)\b", re.IGNORECASE)
_GO = frozenset(("go", "goes", "went", "gone", "going"))
# A fragment whose subject is a pronoun for a source named just before: "a bottle smashed; it burst on the
# cobbles", "the ferry ... She shook from stem to stern", "a jet spooled up, its scream rising".
_PRONOUN_FIRST = re.compile(
    r"\s*(?:(?:then|and|but|now|again|once|twice|finally|suddenly|soon|still|\w+ly)\s+)?(?P<pronoun>it|they|she)\s+"
    r"(?:(?:\w+ly|had|has|was|were|is|are|kept|began to|started to|went on|seemed to|would|could|had been|was still|"
    r"were still|all|both)\s+){0,3}$", re.IGNORECASE)
_POSSESSIVE_FIRST = re.compile(r"\s*(?:(?:then|and|but|with|now|\w+ly)\s+)?$", re.IGNORECASE)
# Sources that English calls "she": vessels, engines and the machines people love.
_SHE = frozenset(("Boat, Water vehicle", "Engine", "Car", "Train", "Aircraft", "Steam whistle"))
# A noun of sound whose source follows "from": "a long note came in off the water from the lightship".
_SOUND_FROM = re.compile(SOUND_NOUNS.pattern.split(r"\s+of\s+")[0] + r"\b(?:[\s,]+[\w'-]+){0,8}?\s+from\s+"
                         r"(?:behind\s+|beyond\s+|inside\s+|within\s+|across\s+|under\s+|over\s+)?"
                         r"(?:(?:the|a|an|his|her|their|its|some|far|distant)\s+){0,2}(?:[\w'-]+\s+){0,2}$",
                         re.IGNORECASE)
_SOUND_OF = re.compile(SOUND_NOUNS.pattern.split(r"\s+of\s+")[0] + r"\s+of\s+(?:[\w'-]+\s+){0,3}$", re.IGNORECASE)


def _verb_lemmas(noun: str) -> list[str]:
    """The verbs a noun of sound may be: "bellow" -> bellow; "complaint" -> complain; "roars" -> roar;
    "baying" -> bay; "drumming" -> drum; "whining" -> whine."""
    noun = noun.lower()
    out = [noun]
    if noun.endswith("aint"):
        out.append(noun[:-1])
    if noun.endswith("s") and not noun.endswith("ss"):
        out.append(noun[:-1])
    if noun.endswith("ing") and len(noun) > 5:
        stem = noun[:-3]
        out += [stem, stem + "e"] + ([stem[:-1]] if stem[-1] == stem[-2] else [])
    return out


_PHRASE_END = re.compile(r"(?:on|in|at|of|from|with|to|into|onto|over|under|across|through|the|a|an|and|or|but|as|"
                         r"that|which|who|when|while|than|then|for|by|like|before|after|until|against|behind|below|"
                         r"above|beyond|around|round|every|each|all)", re.IGNORECASE)


def _light_verbs(fragment: str) -> list[tuple[int, int, int, bool]]:
    """(start, end, pairing, possessive) of every light-verb or possessive sound noun a pairing can sound with."""
    out = []
    for m in _LIGHT.finditer(fragment):
        words = list(re.finditer(r"[\w'-]+", m.group("words")))
        base = m.start("words")
        ends = [n for n, w in enumerate(words) if _PHRASE_END.fullmatch(w.group(0))]
        words = words[: ends[0]] if ends else words  # the noun phrase ends at a function word
        for n, w in enumerate(words):
            if _ADJECTIVE.fullmatch(w.group(0)) and n < len(words) - 1:
                continue  # "a long, rattling cough": the head comes last
            if _NOT_LIGHT.fullmatch(w.group(0)):
                break
            if w.group(0).lower() in NOISES and m.group("own") is None:
                out.append((m.start(), base + w.end(), -1, False))  # any source's noise: its subject's
                break
            hits = [k for lemma in _verb_lemmas(w.group(0)) for k in _FIRST_WORDS[2].get(lemma, ())
                    if PAIR_RES[k][2].fullmatch(lemma)]
            if hits:
                for k in dict.fromkeys(hits):
                    out.append((m.start(), base + w.end(), k, m.group("own") is not None))
                break
    return out


_IN_PHRASE = re.compile(
    r"\b(?:off|on|in|into|onto|from|to|at|by|over|under|across|through|toward|towards|behind|beyond|past|near|"
    r"above|below|beneath|with|of|for|down|up|along|around|round|against|outside|inside)\s+"
    r"(?:(?:the|a|an|his|her|its|their|this|that|some|my|our|your)\s+)?(?:[\w'-]+\s+)?$", re.IGNORECASE)


def _joined(sentence: str) -> str:
    """The sentence with the commas inside light-verb phrases blanked: "its long, sad bellow" is one phrase."""
    for m in _LIGHT.finditer(sentence):
        sentence = sentence[: m.start()] + m.group(0).replace(",", " ") + sentence[m.end() :]
    return sentence


def _antecedent(text: str, k: int, pronoun: str) -> bool:
    """Whether a pronoun stands for a source of pairing k named in `text`: "its"/"their" for the subject (the
    first source not inside a prepositional phrase), "it"/"they"/"she" for the last such source, with no
    person after it; "she" needs a text with no person at all, and a source English calls "she"."""
    if not text:
        return False
    nouns = [(a, b, kk) for a, b, kk in _pair_matches(text, 1) if not _IN_PHRASE.search(text[:a])]
    if not nouns:
        return False
    ends = sorted({b for _, b, _ in nouns})
    at = ends[0] if pronoun.lower() in ("its", "their") else ends[-1]
    if not any(kk == k and b == at for _, b, kk in nouns) or PERSON_BETWEEN.search(text[at:]):
        return False
    if pronoun.lower() == "she":
        return PAIR_RES[k][0] in _SHE and not PERSON_BETWEEN.search(text)
    return True


# After a source named by a noun of sound comes a pause or a function word, not another noun: "the clatter
# from the cathedral ledges" is the ledges'.
_HEAD_END = re.compile(
    r"\s*(?:$|[^\w\s']|(?:as|and|but|or|while|when|then|in|on|at|across|over|below|above|beyond|behind|outside|"
    r"inside|near|somewhere|far|down|up|along|to|of|with|that|which|who|was|were|had|has|is|are|came|come|"
    r"went|rose|drifted|carried|filled|from|into|through|all|again|once|twice|nearby|overhead|away|off|out|"
    r"for|under|round|around|past|by|beside|below|beneath|\w+ing|\w+ed)\b)", re.IGNORECASE)
# Sounds too wide to name from a noun alone: brakes sigh as well as screech.
_NOT_BY_NOUN = frozenset(("Skidding",))


def _in_scene(matches: list[tuple[int, int, int]], scene: str) -> list[tuple[int, int, int]]:
    """The noun matches whose pairing holds in this scene (most hold everywhere)."""
    return [(a, b, k) for a, b, k in matches if _SCENES[k] is None or _SCENES[k].search(scene)]


def _noisy(fragment: str, nouns: list[tuple[int, int, int]], before: int) -> list[int]:
    """The pairings a noise ("kept up their racket") belongs to: each source noun's own class (`SOURCES`)."""
    out = []
    for a, b, kk in nouns:
        if b <= before:
            word = fragment[a:b].split()[-1].lower()
            own = next((label for pattern, label in _SOURCE_RES if pattern.fullmatch(word)), None)
            if own is None or own == PAIR_RES[kk][0]:
                out.append(kk)
    return sorted(set(out))


def paired_sources(i: int, sentence: str, before: str = "", scene: str | None = None) -> list[Event]:
    """Sources doing what makes their sound: "water drummed on the roof", "the latch gave", "hooves rang".

    A verb of a `Pairing` takes the nearest of that pairing's nouns before it in its fragment, with no
    person in between; a fragment that opens with its verb ("..., caught, and settled") takes the subject
    of the fragment before, and one that opens with a pronoun ("it burst", "its scream rising", "she
    shook") the source last named before it, in this sentence or in `before` (the sentence before). A
    noun of sound after a light verb is a verb ("the boards gave a long complaint"). "The clatter of
    hooves" and "a long note from the lightship" name their source after a noun of sound. Similes,
    idioms, negations, unreal moods and names are skipped as for the cue patterns. A pairing with a scene
    holds only where `scene` (the sentences around this one; by default the sentence and `before`) matches it.
    """
    scene = f"{before} {sentence}" if scene is None else scene
    found: dict[str, Event] = {}
    subject: str | None = None  # the literal part of the fragment before, whose source a verb-first fragment takes
    named_before = before  # the text that last named a source, for a pronoun
    sentence = _joined(sentence)
    for offset, whole in _fragments(sentence):
        plain = _SIMILE_MARK.split(whole)[0]  # the literal part before any simile: "hail bounced off it like gravel"
        fragment = plain if plain.strip() else whole
        skip = skip_clause(fragment) or bool(IDIOMS.search(whole))
        nouns = [(a, b, k) for a, b, k in _in_scene(_pair_matches(fragment, 1), scene)
                 if not _is_name(sentence, offset + a, fragment[a:b]) and not _abstract_of(fragment, b)]
        best: dict[int, tuple[int, int, bool, int, int]] = {}  # verb start -> (distance, -length, general, pairing, end)
        verbs = [] if skip else [(vs, ve, k, False) for vs, ve, k in _pair_matches(fragment, 2)] + [
            (vs, ve, kk, own) for vs, ve, k, own in _light_verbs(fragment)
            for kk in ([k] if k >= 0 else _noisy(fragment, nouns, vs))]
        for vs, ve, k, own in verbs:
            if (_is_name(sentence, offset + vs, fragment[vs:ve]) or unreal(sentence, offset + vs)
                    or OVER_WITH.match(fragment[ve:])):
                continue
            if fragment[vs:ve].lower() in _GO and _GONE_ELSEWHERE.match(fragment[ve:]):
                continue
            distances = [len(fragment[b:vs].split()) for a, b, kk in nouns
                         if kk == k and b <= vs and not _AGENT_BETWEEN.search(fragment[b:vs])]
            distances = [d for d in distances if d < _NEAR_WORDS]
            lead = fragment[:vs]
            pronoun = _PRONOUN_FIRST.fullmatch(lead)
            if not distances and subject is not None and not own and _VERB_FIRST.fullmatch(lead):
                first = min(((a, b, kk) for a, b, kk in _in_scene(_pair_matches(subject, 1), scene)
                             if not _IN_PHRASE.search(subject[:a])), default=None)
                if first is not None and PAIR_RES[k][1].match(subject, first[0]) and not PEOPLE.search(
                        subject[: first[0]]):
                    distances = [_NEAR_WORDS]
            if not distances and (pronoun or (own and _POSSESSIVE_FIRST.fullmatch(lead))):
                word = pronoun.group("pronoun") if pronoun else fragment[vs:].split()[0]
                if _antecedent(named_before, k, word) and not (named_before is before and PAIR_RES[k][2].search(before)):
                    distances = [_NEAR_WORDS]  # (a source already heard in the sentence before is the same sound)
            key = (min(distances), vs - ve, _SCENES[k] is None, k, ve) if distances else None
            if key is not None and (vs not in best or key < best[vs]):
                best[vs] = key
        for vs, (_, _, _, k, ve) in sorted(best.items()):
            label = PAIR_RES[k][0]
            if label not in found:
                found[label] = Event(label, i, catalogue()[label].kind, intensity(fragment, 0.5),
                                     cue=fragment[vs:ve], description=" ".join(fragment.split())[:100],
                                     confidence=0.8)
        if not skip:
            named: set[int] = set()
            for a, b, k in sorted(nouns):  # "the clatter of hooves": the first pairing of a noun is its class
                if a in named or fragment[a:].lower().startswith("water"):
                    continue  # water is too many sounds to name one
                named.add(a)
                label = PAIR_RES[k][0]
                lead = sentence[: offset + a]
                if (label not in found and label not in _NOT_BY_NOUN and _HEAD_END.match(fragment[b:])
                        and (_SOUND_OF.search(fragment[:a]) or _SOUND_FROM.search(lead))
                        and not unreal(sentence, offset + a)):
                    found[label] = Event(label, i, catalogue()[label].kind, intensity(fragment, 0.5),
                                         cue=fragment[a:b], description=" ".join(fragment.split())[:100],
                                         confidence=0.75)
        if nouns or best:
            subject = plain
            named_before = plain if nouns else named_before
        elif PEOPLE.search(fragment) or re.search(r"\b[A-Z][a-z]+", fragment[1:]):
            subject = None  # someone else is doing things now
            named_before = fragment
    return list(found.values())


_BETWEEN = (r"(?:\s+(?:twice|again|once|hard|harder|three times|four times|several times|repeatedly|\w+ly))*\s+"
            r"(?:(?:on|at|upon|against|into|away at)\s+)?(?:(?:the|a|an|his|her|their|its|my|our|your|that|this|"
            r"one|some|every)\s+)?(?:[\w'-]+\s+){0,2}?")
_WITH = (r"(?:\s+[\w'-]+){0,3}?\s+with\s+(?:(?:a|an|the|his|her|their|its|my|our|some|one|that|this)\s+)?"
         r"(?:[\w'-]+\s+){0,2}?")
_CONTACT_RES = tuple((c.label, re.compile(r"\b(?:" + c.verbs + r")" + (_WITH if c.with_only else _BETWEEN) + r"(?:"
                                          + c.things + r")\b", re.IGNORECASE)) for c in CONTACTS)
# What else strikes doors and windows: "rain hammered on the door" is the rain's.
_ELEMENTS = frozenset(("Rain", "Wind", "Thunder", "Waves, surf", "Ocean", "Rustling leaves", "Thunderstorm"))


def struck_sources(i: int, sentence: str) -> list[Event]:
    """Sounds named by what is struck or used, or by a place resounding with them: "something heavy struck
    the front door twice" (a knock), "hammering at a keyboard", "answered with a handgun", "the poker tables
    were loud with argument". Denied, unreal and figurative clauses make none; the rain's blows are the rain's.
    """
    found: dict[str, Event] = {}
    for offset, fragment in _fragments(sentence):
        if skip_clause(fragment):
            continue
        for label, pattern in _CONTACT_RES:
            for m in pattern.finditer(fragment):
                near = fragment[: m.start()].split()[-4:]
                subject = " ".join(near)
                if any(PAIR_RES[k][0] in _ELEMENTS for _, _, k in _pair_matches(subject, 1)):
                    continue
                if unreal(sentence, offset + m.start()) or _is_name(sentence, offset + m.start(), m.group(0)):
                    continue
                found.setdefault(label, Event(label, i, catalogue()[label].kind, intensity(fragment, 0.5),
                                              cue=m.group(0), description=" ".join(fragment.split())[:100],
                                              confidence=0.75))
    for offset, fragment in _fragments(sentence):
        if _NEGATED_ANY.search(_WITHOUT_THING.sub(" ", fragment)) or _SIMILE_MARK.search(fragment):
            continue
        for a, b, k in sorted(_pair_matches(fragment, 1)):
            label = PAIR_RES[k][0]
            if (RESOUNDING.search(fragment[:a]) and label not in found and not unreal(sentence, offset + a)
                    and not _is_name(sentence, offset + a, fragment[a:b])):
                found[label] = Event(label, i, catalogue()[label].kind, intensity(fragment, 0.5), cue=fragment[a:b],
                                     description=" ".join(fragment.split())[:100], confidence=0.75)
                break
    return list(found.values())


_IMPLIED_RES = tuple((label, re.compile(scene, re.IGNORECASE)) for label, scene in IMPLIED)
# Rain heard by what it falls on, its source unnamed: "a heavy drumming began on the roof of the van".
_ON_THE_ROOF = re.compile(
    r"\b(?:drumming|drummed|pattering|pattered|patter|drum|hiss|hissing|rattle|rattling|tapping|tapped|hammering|"
    r"spattering|spatter|pitter-patter|tattoo|drumbeat|pelting|beating)\s+(?:\w+\s+){0,3}?(?:on|against|at|upon|"
    r"across)\s+(?:the\s+|a\s+|our\s+|their\s+|his\s+|her\s+)?(?:[\w-]+\s+){0,1}(?:roof|roofs|rooftops?|windows?|"
    r"window ?panes?|panes?|glass|skylights?|tin|canvas|tent|flysheet|awning|umbrella|umbrellas|hood|windscreen|"
    r"windshield|corrugated iron|slates|tiles|leaves|sill|sills|gutters?)\b", re.IGNORECASE)


def implied_sources(i: int, sentence: str, scene: str) -> list[Event]:
    """Sources the words leave unnamed but the scene supplies: an effect ("the floor shuddered and the windows
    rattled", "earth pattered down from the roof") or a sound with no source ("the light on the point let out
    its long bellow") is the first class of `IMPLIED` whose scene words are in `scene` (a railway, a raid, a
    gale, a harbour) and that can make it. None without such a scene; none in denied or figurative clauses.
    """
    found: dict[str, Event] = {}
    for offset, fragment in _fragments(_joined(sentence)):
        if skip_clause(fragment):
            continue
        effect = EFFECTS.search(fragment)
        if effect is not None and not unreal(sentence, offset + effect.start()):
            for label, pattern in _IMPLIED_RES:
                if label == "Steam whistle" or (label == "Wind" and effect.group("pane") is None):
                    continue  # a whistle shakes nothing; wind rattles windows, not floors
                if pattern.search(scene):
                    found.setdefault(label, Event(label, i, catalogue()[label].kind, intensity(fragment, 0.5),
                                                  cue=effect.group(0), description=" ".join(fragment.split())[:100],
                                                  confidence=0.6))
                    break
        drumming = _ON_THE_ROOF.search(fragment)
        if drumming is not None and not _pair_matches(fragment[: drumming.start()], 1) and not unreal(
                sentence, offset + drumming.start()):
            found.setdefault("Rain", Event("Rain", i, "bed", intensity(fragment, 0.5), cue=drumming.group(0),
                                           description=" ".join(fragment.split())[:100], confidence=0.6))
        light: dict[tuple[int, int], set[str]] = {}
        for vs, ve, k, own in _light_verbs(fragment):
            lead = fragment[:vs]
            if k >= 0 and not own and not _pair_matches(lead, 1) and not PEOPLE.search(lead) and not \
                    _AGENT_BETWEEN.search(lead) and not unreal(sentence, offset + vs):
                light.setdefault((vs, ve), set()).add(PAIR_RES[k][0])
        for (vs, ve), labels in light.items():
            label = next((label for label, pattern in _IMPLIED_RES if label in labels and pattern.search(scene)), None)
            if label is not None:
                found.setdefault(label, Event(label, i, catalogue()[label].kind, intensity(fragment, 0.5),
                                              cue=fragment[vs:ve], description=" ".join(fragment.split())[:100],
                                              confidence=0.6))
    return list(found.values())


_SOMEONE = re.compile(r"\b(?:he|she|i|we|you|someone|somebody|everyone|man|woman|men|women|boy|girl)\b|"
                      r"\b(?!" + NOT_NAMES + r"\b)[A-Z][a-z]+\b")
ANY_PAIRED_VERB = re.compile("|".join(f"(?:{v.pattern})" for _, _, v in PAIR_RES), re.IGNORECASE)


def borne_out(label: str, clause: str, sentences: list[str], i: int) -> bool:
    """A semantic guess backed by the words: a verb of its class in the clause, done by no person, and a
    source noun of its class (or a related class) in the clause or the scene around it."""
    kin = [k for k, (other, _, _) in enumerate(PAIR_RES) if related(label, other)]
    scene = " ".join(sentences[max(0, i - 2) : i + 2])
    for k in kin:
        for verb in PAIR_RES[k][2].finditer(clause):
            if _SOMEONE.search(" ".join(clause[: verb.start()].split()[-2:])):
                continue  # "then someone whistled" ("they" may be the riders, "it" the engine)
            if any(PAIR_RES[n][1].search(scene) for n in kin):
                return True
    return False
