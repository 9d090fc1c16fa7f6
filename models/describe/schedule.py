"""Fitting descriptions into the programme's gaps: a pure function over spoken durations.

Rules (times in seconds; "programme time" is the source's own timeline, "output time" the delivered one,
which differs only in the extended variant, where the programme is paused):

* The window of cue *i* runs from its start to the earliest of: the next description cue's start;
  the start of the first dialogue caption that starts after cue *i* starts (a cue that starts inside a
  caption therefore runs to the next caption's start); the programme's end. ``gap_s`` is kept free at the
  window's end (a breath before dialogue resumes), except at the end of the programme.
* Natural speed fits: speed 1. Otherwise the voice speeds up to ``duration / available``, up to
  ``max_speed``. Still too long: ``overflow``.
* Standard variant: an overflowing cue is spoken at ``max_speed`` from its start and runs over its window
  (``over_s``). A description never talks over another one: a cue whose start comes while the previous
  description is still speaking starts ``gap_s`` after it (``delay_s``), and fits into what is left of its
  window.
* Extended variant: the programme is paused at the end of the window (just before dialogue resumes or the
  next description starts) for as long as the description still needs (``pause_s``, at ``pause_at_s``
  programme time). Nothing overlaps; every later output time is shifted by the pauses before it. Pausing
  at the window's end rather than at the cue's start lets the picture run as long as it can under the
  description and keeps the pause next to the moment it protects.
* A cue that starts at or after the end of the programme is an `InputError` naming the cue. A cue may
  end after the programme (the rabbit clip's last cue does): its window ends with the programme.

`schedule` works from the natural (speed 1) durations. Given ``rendered`` (the lengths of the audio
actually voiced at the speeds of an earlier plan), it keeps the same speed rules but times everything
from those lengths, and reports the effective speed (natural / rendered length).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from models.captions import vtt_timestamp
from models.describe.cues import Cue
from models.errors import InputError

__all__ = ["Pause", "Placement", "output_length_s", "pauses", "schedule", "to_output_time"]

FIT_TOLERANCE_S = 0.03
"""A rendered cue may run this far past its window before it counts as an overflow."""
MIN_WINDOW_S = 0.05


@dataclass(frozen=True)
class Placement:
    """Where one description is spoken. Times on the output timeline unless named ``cue_*``/``pause_at_s``."""

    index: int
    text: str
    cue_start_s: float  # the cue as authored (programme time)
    cue_end_s: float
    spoken_start_s: float  # output time
    spoken_end_s: float
    speed: float  # natural length / spoken length; rendered audio may exceed max_speed by a frame (~1 %)
    overflow: bool  # needed more than max_speed, or ran past its window
    pause_s: float = 0.0  # extended: programme paused this long ...
    pause_at_s: float | None = None  # ... at this programme time
    window_s: float = math.inf  # time available from its (possibly delayed) start, before pauses
    delay_s: float = 0.0  # standard: started this late because the previous description was still speaking
    over_s: float = 0.0  # standard: ran this far past its window
    rate: float = 1.0  # the pace the rules asked the voice for (speed is what the audio achieved)

    @property
    def length_s(self) -> float:
        return self.spoken_end_s - self.spoken_start_s


@dataclass(frozen=True)
class Pause:
    """The programme held still for ``pause_s`` at ``at_s`` (programme time), ``output_s`` in output time."""

    index: int  # the cue that needed it
    at_s: float
    output_s: float
    pause_s: float


def _first_after(starts: Sequence[float], t: float) -> float:
    for s in starts:
        if s > t:
            return s
    return math.inf


def schedule(
    cues: Sequence[Cue],
    durations: Sequence[float],
    *,
    captions: Sequence[Cue] = (),
    programme_s: float | None = None,
    extended: bool = False,
    max_speed: float = 1.25,
    gap_s: float = 0.1,
    rendered: Sequence[float] | None = None,
    source: str | Path = "descriptions",
) -> list[Placement]:
    """Place each cue's speech (see the module notes for the rules). ``durations`` are natural lengths.

    ``captions`` are dialogue cues (only their starts matter); ``source`` names the file in errors.
    """
    if len(durations) != len(cues):
        raise ValueError(f"{len(durations)} durations for {len(cues)} cues")
    if rendered is not None and len(rendered) != len(cues):
        raise ValueError(f"{len(rendered)} rendered lengths for {len(cues)} cues")
    if not max_speed >= 1.0:
        raise ValueError(f"max_speed must be >= 1, got {max_speed}")
    if gap_s < 0:
        raise ValueError(f"gap_s must be >= 0, got {gap_s}")
    if programme_s is not None and not programme_s > 0:
        raise ValueError(f"programme_s must be positive, got {programme_s}")
    for cue, duration in zip(cues, durations):
        if not (math.isfinite(duration) and duration >= 0):
            raise ValueError(f"{cue.label}: spoken duration must be >= 0, got {duration}")
    dialogue = sorted(c.start_s for c in captions)
    end = math.inf if programme_s is None else programme_s
    placements: list[Placement] = []
    shift = 0.0  # pauses so far (output time - programme time)
    previous_end = -math.inf  # output time the previous description stops speaking
    for i, cue in enumerate(cues):
        if cue.start_s >= end - 1e-3:
            raise InputError(
                source, f"{cue.label} starts after the end of the programme ({vtt_timestamp(end)}, {end:.3f} s)"
            )
        next_cue = cues[i + 1].start_s if i + 1 < len(cues) else math.inf
        window_end = min(next_cue, _first_after(dialogue, cue.start_s), end)  # programme time
        breath = gap_s if window_end < end else 0.0
        start = cue.start_s + shift
        delay = 0.0
        if not extended and start < previous_end + gap_s:
            delay = previous_end + gap_s - start
            start += delay
        room = window_end + shift - breath - start  # may be <= 0: dialogue resumes right away
        available = max(room, MIN_WINDOW_S)
        natural = float(durations[i])
        rate = 1.0 if natural <= available else min(natural / available, max_speed)
        length = float(rendered[i]) if rendered is not None else natural / rate
        speed = natural / length if rendered is not None and length > 0 else rate
        over = length - room
        overflow = natural / available > max_speed + 1e-9 or over > FIT_TOLERANCE_S
        pause = pause_at = None
        if extended and over > 1e-3 and math.isfinite(window_end):
            pause, pause_at = over, window_end
        placements.append(
            Placement(
                index=cue.index,
                text=cue.text,
                cue_start_s=cue.start_s,
                cue_end_s=cue.end_s,
                spoken_start_s=start,
                spoken_end_s=start + length,
                speed=round(max(speed, 1.0) if rate > 1.0 else speed, 4),
                overflow=overflow,
                pause_s=pause or 0.0,
                pause_at_s=pause_at,
                window_s=available if math.isfinite(available) else math.inf,
                delay_s=delay,
                over_s=max(0.0, over) if not extended else 0.0,
                rate=rate,
            )
        )
        shift += pause or 0.0
        previous_end = start + length
    return placements


def pauses(placements: Sequence[Placement]) -> list[Pause]:
    """The programme pauses of an extended schedule, in order."""
    out: list[Pause] = []
    shift = 0.0
    for p in placements:
        if p.pause_s > 0 and p.pause_at_s is not None:
            out.append(Pause(p.index, p.pause_at_s, p.pause_at_s + shift, p.pause_s))
            shift += p.pause_s
    return out


def to_output_time(t: float, placements: Sequence[Placement]) -> float:
    """A programme time on the output timeline (a pause at exactly ``t`` comes before it)."""
    return t + sum(p.pause_s for p in pauses(placements) if p.at_s <= t)


def output_length_s(placements: Sequence[Placement], programme_s: float | None, *, tail_s: float = 1.0) -> float:
    """Length of the delivered timeline: the programme plus its pauses, or the cues plus ``tail_s``.

    Speech that runs past the end (standard variant) extends it, with ``tail_s`` of air after it.
    """
    spoken_end = max((p.spoken_end_s for p in placements), default=0.0)
    if programme_s is None:
        last_cue = max((to_output_time(p.cue_end_s, placements) for p in placements), default=0.0)
        return max(last_cue, spoken_end) + tail_s
    total = programme_s + sum(p.pause_s for p in placements)
    return total if spoken_end <= total + 1e-6 else spoken_end + tail_s
