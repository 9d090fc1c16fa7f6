"""A terminal progress display: one bar for the book, a line per chapter, audio minutes done."""

from __future__ import annotations

import sys
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from flows.chapters import ChapterDone, ChapterJob

__all__ = ["ChapterProgress"]


class ChapterProgress:
    """Shows chapters started and finished on stderr; silent when disabled."""

    def __init__(self, jobs: list[ChapterJob], *, enabled: bool) -> None:
        self.enabled = enabled
        self.total = len(jobs)
        self.audio_s = 0.0
        self.console = Console(file=sys.stderr)
        self.progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[audio]}"),
            TimeElapsedColumn(),
            console=self.console,
            disable=not enabled,
            transient=False,
        )
        self.task = self.progress.add_task("chapters", total=self.total, audio="0.0 min of audio")

    def __enter__(self) -> "ChapterProgress":
        self.progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.progress.stop()

    def started(self, job: ChapterJob) -> None:
        if self.enabled:
            self.progress.console.print(f"  narrating  {job.name}  ({job.chapter.words} words)")

    def finished(self, done: ChapterDone) -> None:
        self.audio_s += done.rendered.duration_s
        if self.enabled:
            how = "reused    " if done.reused else "mastered  "
            flag = "" if not done.rendered.failures else "  [red]" + "; ".join(done.rendered.failures)
            self.progress.console.print(f"  {how} {done.job.name}  {done.rendered.duration_s / 60:.1f} min{flag}")
        self.progress.update(self.task, advance=1, audio=f"{self.audio_s / 60:.1f} min of audio")
