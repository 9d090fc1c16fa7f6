"""The QA page of a book: one self-contained report.html with a loudness table and per-chapter plots.

Plots are drawn with matplotlib's Agg canvas (no pyplot state, no display) and embedded as base64
PNG, and the CSS is inline, so the file can be mailed or stored on its own.
"""

from __future__ import annotations

import base64
import html
import io
import logging
import math
import zlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from models.audio_io import atomic_path
from models.mastering import Measurement, Profile, db_to_gain, failed_fields, get_profile

__all__ = ["envelope", "format_duration", "render_report"]

logger = logging.getLogger(__name__)

_COLUMNS: tuple[tuple[str, str, str], ...] = (
    # (Measurement field, heading, format)
    ("duration_s", "Duration", "duration"),
    ("rms_db", "RMS dBFS", "{:.1f}"),
    ("peak_db", "Peak dBFS", "{:.1f}"),
    ("true_peak_db", "True peak dBTP", "{:.1f}"),
    ("lufs", "LUFS", "{:.1f}"),
    ("noise_floor_db", "Noise floor dBFS", "{:.1f}"),
    ("head_silence_s", "Head s", "{:.2f}"),
    ("tail_silence_s", "Tail s", "{:.2f}"),
)

_CSS = """
body{font:14px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:1100px;color:#222}
h1{margin-bottom:.2em} .meta{color:#555;margin:0 0 1.5em}
table{border-collapse:collapse;width:100%;margin-bottom:2em}
th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}
th{background:#f3f3f3} td.text{text-align:left}
td.pass{background:#e6f4e6} td.fail{background:#f9d6d5;font-weight:600}
.badge{display:inline-block;padding:1px 8px;border-radius:8px;color:#fff;font-size:12px}
.badge.pass{background:#2e7d32} .badge.fail{background:#c62828}
section.chapter{margin:1.5em 0;padding-top:.5em;border-top:1px solid #ddd}
section.chapter img{max-width:100%;display:block}
ul.failures{color:#c62828;margin:.3em 0}
.limits{color:#555;font-size:13px}
"""


def envelope(audio: np.ndarray, sample_rate: int, points: int = 1200) -> list[float]:
    """Peak magnitude in each of ``points`` equal slices of the audio (for waveform plots)."""
    if points <= 0:
        raise ValueError(f"points must be positive, got {points}")
    if sample_rate <= 0:
        raise ValueError(f"sample_rate must be positive, got {sample_rate}")
    x = np.asarray(audio)
    if x.ndim != 1:
        raise ValueError(f"audio must be 1-D (mono), got shape {x.shape}")
    if x.size == 0:
        return []
    points = min(points, x.size)
    edges = np.linspace(0, x.size, points + 1).astype(np.int64)
    peaks = np.maximum.reduceat(np.abs(x), edges[:-1])
    return [round(float(v), 5) for v in peaks]


def format_duration(seconds: float) -> str:
    """``H:MM:SS`` (or ``M:SS.s`` under a minute's worth of hours) for a duration in seconds."""
    if not math.isfinite(seconds) or seconds < 0:
        return "–"
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _png(fig: Any) -> str:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=80)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _lanes(events: Sequence[Mapping[str, Any]]) -> list[int]:
    """A row per event so that events in one row do not overlap (greedy, in start order)."""
    ends: list[float] = []
    lanes = [0] * len(events)
    for i in sorted(range(len(events)), key=lambda k: float(events[k]["start_s"])):
        start, end = float(events[i]["start_s"]), float(events[i]["end_s"])
        for lane, lane_end in enumerate(ends):
            if lane_end <= start:
                ends[lane] = end
                lanes[i] = lane
                break
        else:
            ends.append(end)
            lanes[i] = len(ends) - 1
    return lanes


def _chapter_plot(chapter: Mapping[str, Any], ceiling_db: float) -> str | None:
    """Base64 PNG of the chapter's waveform envelope (and its event timeline), or None."""
    from matplotlib.figure import Figure

    env = chapter.get("envelope") or []
    events = [e for e in chapter.get("events") or [] if {"start_s", "end_s"} <= set(e)]
    if not env and not events:
        return None
    duration = float(chapter.get("duration_s") or 0.0)
    if duration <= 0 and events:
        duration = max(float(e["end_s"]) for e in events)
    lanes = _lanes(events) if events else []
    rows = (max(lanes) + 1) if lanes else 0
    heights = ([1.6] if env else []) + ([0.35 + 0.3 * rows] if events else [])
    fig = Figure(figsize=(10, sum(heights) + 0.3))
    axes = fig.subplots(len(heights), 1, sharex=True, squeeze=False, gridspec_kw={"height_ratios": heights})[:, 0]
    fig.subplots_adjust(left=0.06, right=0.99, top=0.97, bottom=0.28 / (sum(heights) + 0.3) + 0.05, hspace=0.08)
    index = 0
    if env:
        ax = axes[index]
        index += 1
        values = np.asarray(env, dtype=np.float32)
        t = np.linspace(0.0, duration or len(values), len(values))
        ax.fill_between(t, -values, values, color="#3b6ea5", linewidth=0)
        limit = db_to_gain(ceiling_db)
        for y in (limit, -limit):
            ax.axhline(y, color="#c62828", linewidth=0.8, linestyle="--")
        ax.text(0.0, limit, f" {ceiling_db:g} dB", color="#c62828", fontsize=7, va="bottom")
        ax.set_ylim(-1.0, 1.0)
        ax.set_yticks([])
        ax.margins(x=0)
    if events:
        ax = axes[index]
        colours = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#9c755f"]
        for event, lane in zip(events, lanes, strict=True):
            start, end = float(event["start_s"]), float(event["end_s"])
            label = str(event.get("label", ""))
            colour = colours[zlib.crc32(label.encode("utf-8")) % len(colours)]
            ax.broken_barh([(start, max(end - start, 0.01))], (lane + 0.1, 0.8), color=colour, alpha=0.85)
            ax.text(start, lane + 0.5, f" {label}", va="center", fontsize=7, clip_on=True)
        ax.set_ylim(rows, 0)
        ax.set_yticks([])
        ax.set_xlim(0, duration or None)
    axes[-1].set_xlabel("seconds", fontsize=8)
    axes[-1].tick_params(labelsize=7)
    return _png(fig)


def _cell(field: str, fmt: str, measurement: Mapping[str, Any] | None, failed: set[str]) -> str:
    if measurement is None or field not in measurement or measurement[field] is None:
        return "<td>–</td>"
    value = float(measurement[field])
    text = format_duration(value) if fmt == "duration" else fmt.format(value)
    status = "fail" if field in failed else "pass"
    return f'<td class="{status}">{_esc(text)}</td>'


def _limits_line(prof: Profile) -> str:
    parts = [f"profile <b>{_esc(prof.name)}</b>"]
    if prof.rms_range_db:
        parts.append(f"RMS {prof.rms_range_db[0]:g}..{prof.rms_range_db[1]:g} dBFS")
    if prof.target_lufs is not None:
        parts.append(f"{prof.target_lufs:g} ± {prof.lufs_tolerance_lu or 0:g} LUFS")
    if prof.max_peak_db is not None:
        parts.append(f"peak ≤ {prof.max_peak_db:g} dBFS")
    if prof.max_true_peak_db is not None:
        parts.append(f"true peak ≤ {prof.max_true_peak_db:g} dBTP")
    if prof.max_noise_floor_db is not None:
        parts.append(f"noise floor ≤ {prof.max_noise_floor_db:g} dBFS")
    if prof.head_range_s:
        parts.append(f"head {prof.head_range_s[0]:g}–{prof.head_range_s[1]:g} s")
    if prof.tail_range_s:
        parts.append(f"tail {prof.tail_range_s[0]:g}–{prof.tail_range_s[1]:g} s")
    return ", ".join(parts)


def render_report(
    book: Mapping[str, Any],
    chapters: Sequence[Mapping[str, Any]],
    out_path: str | Path,
    profile: Profile | str | None = None,
) -> Path:
    """Write report.html for ``book`` (title, author, narrator, optional profile) and its chapters.

    Each chapter: index, title, file, duration_s, measurement (`Measurement.to_dict`), failures
    (strings), and optionally envelope (from `envelope`) and events ({label, start_s, end_s}).
    Cells are coloured against ``profile`` (default: ``book["profile"]``, else "acx").
    """
    prof = get_profile(profile if profile is not None else str(book.get("profile") or "acx"))
    ceiling_db = prof.max_peak_db if prof.max_peak_db is not None else (prof.max_true_peak_db or 0.0)
    total_s = sum(float(c.get("duration_s") or 0.0) for c in chapters)
    rows: list[str] = []
    sections: list[str] = []
    failing = 0
    for position, chapter in enumerate(chapters):
        index = chapter.get("index", position + 1)
        raw = chapter.get("measurement")
        if isinstance(raw, Measurement):
            raw = raw.to_dict()
        failed: set[str] = set()
        if raw is not None:
            failed = failed_fields(Measurement.from_dict(raw), prof)
        failures = [str(f) for f in chapter.get("failures") or []]
        ok = not failures and not failed
        failing += 0 if ok else 1
        badge = f'<span class="badge {"pass" if ok else "fail"}">{"pass" if ok else "fail"}</span>'
        cells = "".join(_cell(field, fmt, raw, failed) for field, _, fmt in _COLUMNS)
        rows.append(
            f'<tr><td>{_esc(index)}</td><td class="text">{_esc(chapter.get("title"))}</td>'
            f'<td class="text">{_esc(chapter.get("file"))}</td>{cells}<td>{badge}</td></tr>'
        )
        plot = _chapter_plot(chapter, ceiling_db)
        parts = [f'<section class="chapter" id="chapter-{_esc(index)}">',
                 f"<h3>{_esc(index)}. {_esc(chapter.get('title'))} {badge}</h3>"]
        if failures:
            parts.append('<ul class="failures">' + "".join(f"<li>{_esc(f)}</li>" for f in failures) + "</ul>")
        if plot:
            alt = f"Waveform of chapter {index}: {chapter.get('title', '')}"
            parts.append(f'<img alt="{_esc(alt)}" src="data:image/png;base64,{plot}">')
        parts.append("</section>")
        sections.append("\n".join(parts))

    title = str(book.get("title") or "Untitled")
    heading = "".join(f"<th>{_esc(h)}</th>" for _, h, _ in _COLUMNS)
    summary = "all chapters pass" if failing == 0 else f"{failing} of {len(chapters)} chapters fail"
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{_esc(title)} — taleforge QA report</title>
<style>{_CSS}</style>
</head>
<body>
<h1>{_esc(title)}</h1>
<p class="meta">by {_esc(book.get("author") or "unknown")} · read by {_esc(book.get("narrator") or "unknown")}
 · {len(chapters)} chapters · total {_esc(format_duration(total_s))} · {_esc(summary)}</p>
<h2>Loudness</h2>
<p class="limits">{_limits_line(prof)}</p>
<table class="loudness">
<thead><tr><th>#</th><th>Title</th><th>File</th>{heading}<th>Status</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
<h2>Chapters</h2>
{chr(10).join(sections)}
</body>
</html>
"""
    final = Path(out_path)
    with atomic_path(final) as tmp:
        tmp.write_text(page, "utf-8")
    logger.info("wrote %s (%d chapters, %s)", final, len(chapters), summary)
    return final
