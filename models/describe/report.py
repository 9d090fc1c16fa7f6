"""report.html of an audio-description job: a self-contained page with the cue table (overflows marked)."""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from models.audio_io import atomic_path
from models.captions import vtt_timestamp

__all__ = ["render_html", "write_report_html"]

_CSS = """
body{font:14px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:1100px;color:#222}
h1{margin-bottom:.2em} .meta{color:#555;margin:0 0 1.5em}
table{border-collapse:collapse;width:100%;margin-bottom:2em}
th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}
th{background:#f3f3f3} td.text{text-align:left}
tr.overflow td{background:#f9d6d5} tr.overflow td.flag{font-weight:600;color:#c62828}
tr.paused td.flag{color:#8a5a00}
.badge{display:inline-block;padding:1px 8px;border-radius:8px;color:#fff;font-size:12px}
.badge.pass{background:#2e7d32} .badge.fail{background:#c62828}
.limits{color:#555;font-size:13px}
"""


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _time(seconds: Any) -> str:
    if seconds is None:
        return "–"
    return vtt_timestamp(float(seconds))


def _num(value: Any, fmt: str) -> str:
    return "–" if value is None else fmt.format(float(value))


def render_html(report: Mapping[str, Any]) -> str:
    """The page for a `describe` report (the report.json dict)."""
    summary = report.get("summary") or {}
    cues = report.get("cues") or []
    rows: list[str] = []
    for cue in cues:
        overflow = bool(cue.get("overflow"))
        paused = (cue.get("pause_s") or 0) > 0
        if overflow and paused:
            flag = f"paused {cue['pause_s']:.2f} s"
        elif overflow:
            flag = f"runs over {float(cue.get('over_s') or 0):.2f} s"
        elif (cue.get("delay_s") or 0) > 0.001:
            flag = f"late {cue['delay_s']:.2f} s"
        else:
            flag = "fits"
        classes = " ".join(c for c, on in (("overflow", overflow), ("paused", paused)) if on)
        rows.append(
            f'<tr class="{classes}"><td>{_esc(cue.get("index"))}</td><td class="text">{_esc(cue.get("text"))}</td>'
            f"<td>{_time(cue.get('cue_start_s'))}</td><td>{_time(cue.get('cue_end_s'))}</td>"
            f"<td>{_time(cue.get('spoken_start_s'))}</td><td>{_time(cue.get('spoken_end_s'))}</td>"
            f"<td>{_num(cue.get('window_s'), '{:.2f}')}</td><td>{_num(cue.get('speed'), '{:.2f}×')}</td>"
            f"<td>{_num(cue.get('duck_db'), '{:.1f}')}</td><td class=\"text flag\">{_esc(flag)}</td></tr>"
        )
    overflows = int(summary.get("overflows") or 0)
    badge = (
        '<span class="badge pass">all cues fit</span>'
        if overflows == 0
        else f'<span class="badge fail">{overflows} overflow{"s" if overflows != 1 else ""}</span>'
    )
    loud = report.get("loudness") or {}
    loud_line = (
        f"Mixed track: {_num(loud.get('lufs'), '{:.1f}')} LUFS, true peak {_num(loud.get('true_peak_db'), '{:.1f}')} "
        f"dBTP, {_num(loud.get('duration_s'), '{:.2f}')} s (profile {_esc(report.get('profile'))})."
        if loud
        else "No programme: description stem only."
    )
    pauses = report.get("pauses") or []
    pause_line = (
        f"{len(pauses)} pause(s), {float(summary.get('total_pause_s') or 0):.2f} s in all, inserted into the programme."
        if pauses
        else ""
    )
    title = Path(str(report.get("descriptions") or "descriptions")).name
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{_esc(title)} — taleforge audio description report</title>
<style>{_CSS}</style>
</head>
<body>
<h1>Audio description: {_esc(title)}</h1>
<p class="meta">{_esc(report.get("variant"))} description · {len(cues)} cues ·
 programme {_esc(report.get("program") or "none")} · captions {_esc(report.get("captions") or "none")} ·
 up to {_num(report.get("max_speed"), "{:.2f}")}× speed · {badge}</p>
<p class="limits">{loud_line} {_esc(pause_line)}</p>
<table class="cues">
<thead><tr><th>#</th><th>Text</th><th>Cue start</th><th>Cue end</th><th>Spoken start</th><th>Spoken end</th>
<th>Window s</th><th>Speed</th><th>Duck dB</th><th>Fit</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
</body>
</html>
"""


def write_report_html(report: Mapping[str, Any], path: str | Path) -> Path:
    """Write `render_html` of ``report`` to ``path`` (atomically)."""
    final = Path(path)
    with atomic_path(final) as tmp:
        tmp.write_text(render_html(report), "utf-8")
    return final
