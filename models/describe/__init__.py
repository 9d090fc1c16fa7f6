"""Accessibility audio description (WCAG 1.2.5 / 1.2.7): a timed description script voiced, fitted into a
programme's gaps and mixed over its sound.

    from models.describe import describe
    result = describe("descriptions.vtt", "out/", program="video.mp4", captions="captions.vtt")

`read_cues` / `read_captions` read WebVTT or SRT; `schedule` is the pure fitting rule; `describe`
voices, places, ducks, mixes, masters and writes description.wav, description.vtt, mixed.m4a,
mixed.mp3, report.json and report.html (and programme.extended.wav in the extended variant).
"""

from models.describe.cues import (
    OVERLAP_TOLERANCE_S,
    Cue,
    is_sound_cue,
    read_captions,
    read_cues,
)
from models.describe.render import (
    SAMPLE_RATE,
    DescribeResult,
    describe,
    duck_curve,
    fit_cues,
    insert_pauses,
    load_programme,
    master_track,
    mix_description,
    place_clips,
    spoken_text,
    voice_at_speed,
    voice_cues,
)
from models.describe.schedule import (
    Pause,
    Placement,
    output_length_s,
    pauses,
    schedule,
    to_output_time,
)

__all__ = [
    "OVERLAP_TOLERANCE_S",
    "SAMPLE_RATE",
    "Cue",
    "DescribeResult",
    "Pause",
    "Placement",
    "describe",
    "duck_curve",
    "fit_cues",
    "insert_pauses",
    "is_sound_cue",
    "load_programme",
    "master_track",
    "mix_description",
    "output_length_s",
    "pauses",
    "place_clips",
    "read_captions",
    "read_cues",
    "schedule",
    "spoken_text",
    "to_output_time",
    "voice_at_speed",
    "voice_cues",
]
