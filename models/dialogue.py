"""Quoted speech in prose: where it is, and who says it when the text tells us ("said Holmes").

A paragraph becomes a list of `Segment`s, narration and quotes in reading order, with every character
of the paragraph in exactly one segment. Speakers are found from speech tags next to a quote
("…," said Holmes / Holmes said, "…" / "…," the Doctor replied) and carried through a conversation:
a quote without a tag in a new paragraph goes to the other of the last two speakers, as a reader
would follow a two-person exchange. What cannot be attributed is plain dialogue (`speaker` None).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Attributor", "Segment", "attribute_chapter", "speaker_key", "split_quotes"]

log = logging.getLogger(__name__)

SPEECH_VERBS = (
    "said says say asked asks cried cries replied replies answered answers shouted shouts whispered whispers "
    "muttered mutters exclaimed exclaims called calls continued continues added adds began begins returned "
    "returns remarked remarks observed observes repeated repeats roared roars murmured murmurs sighed sighs "
    "laughed laughs growled growls snapped snaps demanded demands inquired inquires enquired screamed screams "
    "yelled yells pleaded pleads insisted insists declared declares thought thinks went resumed "
    "interrupted interposed urged protested explained suggested agreed retorted sobbed groaned gasped "
    "stammered whimpered bellowed hissed grumbled panted ventured rejoined responded told"
).split()
_VERB = r"(?:" + "|".join(sorted({v.rstrip(".") for v in SPEECH_VERBS}, key=len, reverse=True)) + r")"
_TITLE = r"(?:Mr|Mrs|Ms|Miss|Dr|Doctor|Captain|Capt|Professor|Prof|Sir|Lady|Lord|Madame|Monsieur|Uncle|Aunt|Colonel|Inspector|Squire|Mister)\.?"
# A name: an optional title, then one to three capitalised words ("Mr. Sherlock Holmes", "Alice", "the Hatter").
_NAME = (rf"(?:[A-Z][\w-]*['’]s\s+[a-z][\w-]*"  # "Scrooge's nephew"
         rf"|(?:{_TITLE}\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){{0,2}}"
         rf"|the\s+(?:[a-z]+\s+)?[A-Z]?[a-z][\w-]*)")
_PRONOUN = r"(?:he|she|they|I|we|you|it)"
_NOT_NAMES = {
    "The", "A", "An", "And", "But", "Then", "So", "Yes", "No", "Oh", "Well", "He", "She", "It", "They", "I", "We",
    "You", "This", "That", "There", "Here", "What", "Why", "How", "When", "Where", "Who", "Now", "Not", "If", "As",
}
# Tag after a quote: `said Holmes`, `Holmes said`, `said he`, `the Hatter replied`.
_TAG_AFTER = re.compile(
    rf"^\s*(?:(?P<v1>{_VERB})\s+(?P<n1>{_NAME}|{_PRONOUN})\b|(?P<n2>{_NAME}|{_PRONOUN})\s+(?:\w+ly\s+)?(?P<v2>{_VERB})\b)"
)
# Tag before a quote: `Holmes said, "…"`, `Then Holmes said:`.
_TAG_BEFORE = re.compile(rf"(?P<n>{_NAME}|{_PRONOUN})\s+(?:\w+ly\s+)?{_VERB}(?:\s+\w+){{0,3}}\s*[,:]?\s*$")

_OPEN = {'"': '"', "\u201c": "\u201d", "\u00ab": "\u00bb", "\u2018": "\u2019"}
_PRONOUNS = {"he", "she", "they", "i", "we", "you", "it"}
_TITLES_DROP = re.compile(rf"^(?:the\s+|{_TITLE}\s+)+", re.IGNORECASE)


@dataclass(frozen=True)
class Segment:
    """A run of a paragraph: narration, or a quote with its speaker when known."""

    text: str
    quoted: bool
    speaker: str | None = None  # a speaker key (see `speaker_key`) for attributed quotes


def speaker_key(name: str) -> str:
    """One key per character however the text names them: "Mr. Sherlock Holmes" and "Holmes" -> "holmes".

    A descriptor is keyed by its noun ("the old nephew", "Scrooge's nephew" -> "nephew").
    """
    bare = _TITLES_DROP.sub("", name.strip()).strip()
    words = bare.split()
    while len(words) > 1 and words[-1].islower() and words[-1].endswith("ly"):
        words.pop()  # "the nephew gaily": an adverb, not a name
    return (words[-1] if words else name).strip(".,").lower()


def _quote_spans(text: str) -> tuple[list[tuple[int, int]], bool]:
    """(start, end) of each quote including its marks; and whether the last one was left open."""
    spans: list[tuple[int, int]] = []
    doubles = any(ch in text for ch in '"\u201c\u201d\u00ab')
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        single = ch == "\u2018"
        if ch in _OPEN and (not single or not doubles) and (ch != '"' or i == 0 or not text[i - 1].isalnum()):
            if single and i + 1 < n and not text[i + 1].isalpha():
                i += 1
                continue
            close = _OPEN[ch]
            j = i + 1
            while j < n:
                if text[j] == close and (not single or j + 1 == n or not text[j + 1].isalpha()):
                    break
                j += 1
            if j >= n:
                spans.append((i, n))
                return spans, True
            spans.append((i, j + 1))
            i = j + 1
            continue
        i += 1
    return spans, False


def split_quotes(paragraph: str) -> tuple[list[Segment], bool]:
    """Narration and quoted runs of a paragraph in order; True when a quote runs to the paragraph's end.

    A quote left open at the end of a paragraph is the usual sign of speech that goes on into the next
    paragraph; the caller decides whether that is expected.
    """
    spans, left_open = _quote_spans(paragraph)
    segments: list[Segment] = []
    cursor = 0
    for start, end in spans:
        if start > cursor and paragraph[cursor:start].strip():
            segments.append(Segment(paragraph[cursor:start], quoted=False))
        elif start > cursor and segments:
            segments[-1] = Segment(segments[-1].text + paragraph[cursor:start], segments[-1].quoted)
        segments.append(Segment(paragraph[start:end], quoted=True))
        cursor = end
    if cursor < len(paragraph):
        tail = paragraph[cursor:]
        if tail.strip() or not segments:
            segments.append(Segment(tail, quoted=False))
        else:
            segments[-1] = Segment(segments[-1].text + tail, segments[-1].quoted)
    return segments, left_open


def _name_from_tag(narration_after: str | None, narration_before: str | None) -> str | None:
    if narration_after is not None:
        m = _TAG_AFTER.match(narration_after)
        if m:
            name = m.group("n1") or m.group("n2")
            if name and name.split()[0] not in _NOT_NAMES or (name and name.lower() in _PRONOUNS):
                return name
    if narration_before is not None:
        # Only the last clause before the quote can be its tag.
        clause = re.split(r"[.!?;]\s+", narration_before)[-1]
        m = _TAG_BEFORE.search(clause)
        if m and (m.group("n").split()[0] not in _NOT_NAMES or m.group("n").lower() in _PRONOUNS):
            return m.group("n")
    return None


class Attributor:
    """Walks a chapter's paragraphs in order, keeping track of who spoke last."""

    def __init__(self) -> None:
        self.recent: list[str] = []  # the last two distinct speakers, most recent last
        self.open_speaker: str | None = None  # speech continuing from an unclosed quote
        self.continuing = False
        self.last_paragraph_quoted = False

    def _heard(self, key: str) -> None:
        if key in self.recent:
            self.recent.remove(key)
        self.recent = (self.recent + [key])[-2:]

    def paragraph(self, text: str) -> list[Segment]:
        segments, left_open = split_quotes(text)
        quotes = [i for i, s in enumerate(segments) if s.quoted]
        if not quotes:
            self.last_paragraph_quoted = False
            self.continuing = False
            return segments
        # Each quote takes the tag that follows it, else the one before it ("…," said X, "…"), else
        # the speaker of the quote before it in the paragraph.
        named: list[str | None] = []
        for i in quotes:
            after = segments[i + 1].text if i + 1 < len(segments) and not segments[i + 1].quoted else None
            before = segments[i - 1].text if i > 0 and not segments[i - 1].quoted else None
            name = _name_from_tag(after, before)
            if name is not None and name.lower() in _PRONOUNS:
                name = None  # "said he": whoever the conversation points to
            named.append(speaker_key(name) if name else None)
        first = next((n for n in named if n), None)
        opening = self.open_speaker if self.continuing else None
        speaker = named[0] or opening or first or self._turn()
        for i, name in zip(quotes, named):
            speaker = name or speaker
            segments[i] = Segment(segments[i].text, quoted=True, speaker=speaker)
            if speaker:
                self._heard(speaker)
        self.continuing = left_open
        self.open_speaker = speaker if left_open else None
        self.last_paragraph_quoted = True
        return segments

    def _turn(self) -> str | None:
        """In an exchange of quotes, the next untagged paragraph belongs to the other speaker."""
        if self.last_paragraph_quoted and len(self.recent) == 2:
            return self.recent[0]
        return None


def attribute_chapter(paragraphs: Iterable[str]) -> list[list[Segment]]:
    """Segments of each paragraph with speakers, attribution carried across the chapter."""
    attributor = Attributor()
    return [attributor.paragraph(p) for p in paragraphs]
