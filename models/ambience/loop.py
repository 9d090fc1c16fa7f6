"""Looping a clip to any length with equal-power crossfades at the joins (for noise-like beds)."""

from __future__ import annotations

import numpy as np

__all__ = ["loop"]


def loop(clip: np.ndarray, n: int, crossfade: int) -> np.ndarray:
    """`clip` cut or looped to exactly `n` samples, joins crossfaded over `crossfade` samples (equal power)."""
    if clip.size >= n:
        return clip[:n].astype(np.float32, copy=True)
    if clip.size == 0:
        return np.zeros(n, dtype=np.float32)
    if n - clip.size <= max(2, clip.size // 100):  # a few samples short of a clip that was asked in full
        return np.concatenate([clip, np.zeros(n - clip.size, dtype=np.float32)]).astype(np.float32)
    fade = min(crossfade, clip.size // 4)
    if fade < 2:
        return np.resize(clip, n).astype(np.float32)
    t = np.linspace(0.0, np.pi / 2, fade, dtype=np.float32)
    fade_in, fade_out = np.sin(t), np.cos(t)
    step = clip.size - fade
    out = np.zeros(n + clip.size, dtype=np.float32)
    out[: clip.size] = clip
    pos = step
    while pos < n:
        out[pos : pos + fade] = out[pos : pos + fade] * fade_out + clip[:fade] * fade_in
        out[pos + fade : pos + clip.size] = clip[fade:]
        pos += step
    return out[:n]
