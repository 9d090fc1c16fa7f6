"""One chapter from narration stem to delivered files: mix, master, encode, captions, timeline."""

from __future__ import annotations

import dataclasses
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from models.audio_io import decode, encode_mp3, write_wav
from models.captions import write_vtt
from models.mastering import PROFILES, check, failed_fields, master_with_offset, measure, resample
from models.mix import PlacedClip, mix
from models.narration import Narration
from models.report import envelope

__all__ = ["RenderedChapter", "render_chapter"]

log = logging.getLogger(__name__)

MP3_BITRATE_KBPS = 192  # ACX asks for constant 192 kb/s or more


@dataclass(frozen=True)
class RenderedChapter:
    """What a mastered chapter left in its folder, with its measurements."""

    mp3: str
    vtt: str
    timeline: str
    duration_s: float
    measurement: dict[str, float]
    failures: list[str]
    envelope: list[float]
    stems: tuple[str, ...] = ()


def render_chapter(
    narration: Narration,
    clips: list[PlacedClip],
    *,
    profile: str,
    out_dir: Path,
    stem_name: str,
    keep_stems: bool = False,
    clip_details: list[dict[str, object]] | None = None,
) -> RenderedChapter:
    """Mix events under the narration, master to `profile`, write MP3, VTT and timeline JSON into `out_dir`.

    `clips` are at the profile's sample rate (44.1 kHz); the narration is brought up to it to mix.
    `clip_details` (one per clip: kind, sentence, intensity…) go into the timeline's events.
    """
    spec = PROFILES[profile]
    out_dir.mkdir(parents=True, exist_ok=True)
    sr = narration.sample_rate
    voice = narration.audio
    if clips:  # ambience is mixed at the delivery rate, so its highs (birdsong, rain) survive
        voice, sr = resample(voice, sr, spec.sample_rate), spec.sample_rate
    mixed = mix(voice, sr, clips)
    mp3 = out_dir / f"{stem_name}.mp3"
    for attempt in range(2):
        done = master_with_offset(mixed, sr, spec)
        mastered, out_sr, offset_s = done.audio, done.sample_rate, done.offset_s
        encode_mp3(mastered, out_sr, mp3, bitrate_kbps=MP3_BITRATE_KBPS)
        # Measure what is delivered, as a retailer's checker does: the decoded MP3, not the master
        # (the encoder moves peaks by a few tenths of a dB).
        delivered, delivered_sr = decode(mp3)
        m = measure(delivered, delivered_sr)
        del delivered
        if attempt or not failed_fields(m, spec) & {"peak_db", "true_peak_db"}:
            break
        log.info("%s: peak over the limit after encoding; mastering again 1 dB lower", stem_name)
        spec = dataclasses.replace(spec, ceiling_db=spec.ceiling_db - 1.0)
    lines = [(ln.start_s + offset_s, ln.end_s + offset_s, ln.text) for ln in narration.lines]
    vtt = out_dir / f"{stem_name}.vtt"
    write_vtt(lines, vtt)
    timeline = out_dir / f"{stem_name}.json"
    timeline.write_text(
        json.dumps(
            {
                "duration_s": round(len(mastered) / out_sr, 3),
                "head_s": round(offset_s, 3),  # room tone before the narration; the stems start after it
                "sentences": [
                    {"index": ln.index, "kind": ln.kind, "text": ln.text, "spoken": ln.spoken, "voice": ln.role,
                     "start_s": round(ln.start_s + offset_s, 3), "end_s": round(ln.end_s + offset_s, 3),
                     **({"words": [{"word": w, "start_s": round(a + offset_s, 3), "end_s": round(b + offset_s, 3)}
                                   for w, a, b in ln.words]} if ln.words else {})}
                    for ln in narration.lines
                ],
                "events": [
                    {"label": c.label, "start_s": round(c.start_s + offset_s, 3),
                     "end_s": round(c.start_s + offset_s + len(c.audio) / sr, 3), "gain_db": c.gain_db,
                     **detail}
                    for c, detail in zip(clips, clip_details or [{}] * len(clips))
                ],
            },
            indent=1,
        ),
        encoding="utf-8",
    )
    stems: list[str] = []
    if keep_stems:
        narration_wav = out_dir / f"{stem_name}.narration.wav"
        write_wav(voice, sr, narration_wav)
        ambience = mixed.copy()  # the ducked ambience alone
        ambience[: voice.size] -= voice
        ambience_wav = out_dir / f"{stem_name}.ambience.wav"
        write_wav(ambience, sr, ambience_wav)
        stems = [str(narration_wav), str(ambience_wav)]
    return RenderedChapter(
        mp3=str(mp3),
        vtt=str(vtt),
        timeline=str(timeline),
        duration_s=len(mastered) / out_sr,
        measurement={k: float(v) for k, v in m.to_dict().items()},
        failures=check(m, spec),
        envelope=[float(x) for x in envelope(mastered, out_sr)],
        stems=tuple(stems),
    )
