"""Place ambience and sound-effect clips on the narration timeline, ducked under the voice.

The ducking gain is driven by the narration's own envelope (a sidechain): wherever the voice is
above ``threshold_db`` the clips are lowered by ``duck_db``, ramping down ``attack_ms`` ahead of the
voice (the whole narration is known, so the ramp can start early) and back up over ``release_ms``
after ``hold_ms`` without speech, so short pauses between words do not make the bed pump.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.ndimage import maximum_filter1d, uniform_filter1d

__all__ = ["PlacedClip", "mix", "duck_gain_db"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, eq=False)
class PlacedClip:
    """A clip (float32 mono, at the narration's sample rate) starting ``start_s`` into the chapter."""

    start_s: float
    audio: np.ndarray = field(repr=False)
    gain_db: float = 0.0
    label: str = ""  # what the clip is, e.g. an AudioSet display name

    def __post_init__(self) -> None:
        if not math.isfinite(self.start_s) or self.start_s < 0:
            raise ValueError(f"clip start_s must be >= 0, got {self.start_s}")
        if not math.isfinite(self.gain_db):
            raise ValueError(f"clip gain_db must be finite, got {self.gain_db}")
        if not isinstance(self.audio, np.ndarray) or self.audio.ndim != 1:
            raise ValueError("clip audio must be a 1-D (mono) numpy array")
        if not np.issubdtype(self.audio.dtype, np.floating):
            raise TypeError(f"clip audio must be floating point, got {self.audio.dtype}")


def duck_gain_db(
    narration: np.ndarray,
    sample_rate: int,
    duck_db: float = -12.0,
    threshold_db: float = -45.0,
    attack_ms: float = 60.0,
    hold_ms: float = 250.0,
    release_ms: float = 400.0,
    window_ms: float = 20.0,
) -> np.ndarray:
    """Gain in dB (<= 0) to apply to the clip bed at each narration sample.

    The sidechain is the narration's RMS over ``window_ms``. Attack and release are linear ramps in
    dB lasting ``attack_ms`` and ``release_ms`` for the full ``duck_db``.
    """
    if duck_db > 0:
        raise ValueError(f"duck_db must be <= 0 (a cut), got {duck_db}")
    for name, value in (("attack_ms", attack_ms), ("release_ms", release_ms), ("window_ms", window_ms)):
        if value <= 0:
            raise ValueError(f"{name} must be positive, got {value}")
    if hold_ms < 0:
        raise ValueError(f"hold_ms must be >= 0, got {hold_ms}")
    n = narration.size
    depth = -duck_db
    if n == 0 or depth == 0:
        return np.zeros(n, dtype=np.float32)
    window = max(1, int(round(window_ms * sample_rate / 1000)))
    power = uniform_filter1d(narration.astype(np.float32) ** 2, size=window, mode="constant")
    active = power > 10.0 ** (threshold_db / 10.0)
    cut = np.where(active, np.float32(depth), np.float32(0.0))
    hold = int(round(hold_ms * sample_rate / 1000))
    if hold > 0:  # keep ducking for hold_ms after the voice stops: window [i - hold, i]
        cut = maximum_filter1d(cut, size=hold + 1, origin=hold // 2, mode="constant")
    # Release: at most depth per release_ms of recovery, as a running maximum.
    rate = depth / max(1.0, release_ms * sample_rate / 1000)
    ramp = rate * np.arange(n, dtype=np.float64)
    cut = (np.maximum.accumulate(cut + ramp) - ramp).astype(np.float32)
    # Attack: start early by attack_ms (look-ahead hold), then a moving average of the same length.
    length = max(1, int(round(attack_ms * sample_rate / 1000)))
    ahead = maximum_filter1d(cut, size=length, origin=-(length // 2), mode="nearest")
    padded = np.concatenate([np.full(length - 1, ahead[0], dtype=np.float64), ahead.astype(np.float64)])
    csum = np.concatenate([[0.0], np.cumsum(padded)])
    smooth = (csum[length:] - csum[:-length]) / length
    return (-smooth).astype(np.float32)


def mix(
    narration: np.ndarray,
    sample_rate: int,
    clips: Sequence[PlacedClip],
    duck_db: float = -12.0,
    *,
    threshold_db: float = -45.0,
    attack_ms: float = 60.0,
    hold_ms: float = 250.0,
    release_ms: float = 400.0,
) -> np.ndarray:
    """Narration plus the clips at their times, the clips ducked under speech (float32).

    The result is as long as the narration or the last clip's end, whichever is later; with no
    clips it is a copy of the narration. No limiting happens here: `models.mastering.master` follows.
    """
    if not isinstance(narration, np.ndarray) or narration.ndim != 1:
        raise ValueError("narration must be a 1-D (mono) numpy array")
    if not np.issubdtype(narration.dtype, np.floating):
        raise TypeError(f"narration must be floating point, got {narration.dtype}")
    if isinstance(sample_rate, bool) or not isinstance(sample_rate, (int, np.integer)) or sample_rate <= 0:
        raise ValueError(f"sample_rate must be a positive integer, got {sample_rate!r}")
    if not clips:
        return narration.astype(np.float32, copy=True)
    placed = [(int(round(clip.start_s * sample_rate)), clip) for clip in clips]
    total = max([narration.size] + [start + clip.audio.size for start, clip in placed])
    bed = np.zeros(total, dtype=np.float32)
    for start, clip in placed:
        bed[start : start + clip.audio.size] += clip.audio.astype(np.float32) * np.float32(10 ** (clip.gain_db / 20))
    voice = np.zeros(total, dtype=np.float32)
    voice[: narration.size] = narration
    gain_db = duck_gain_db(
        voice,
        sample_rate,
        duck_db=duck_db,
        threshold_db=threshold_db,
        attack_ms=attack_ms,
        hold_ms=hold_ms,
        release_ms=release_ms,
    )
    ducked_pct = 100.0 * float(np.mean(gain_db < -0.5))
    logger.debug("mix: %d clips over %.1f s, ducked %.1f%% of the time", len(clips), total / sample_rate, ducked_pct)
    voice += bed * (10.0 ** (gain_db / 20.0)).astype(np.float32)
    return voice
