"""Benchmark: production operations — scaling, scheduling overhead, resuming, and a batch's memory.

Usage: python bench/bench_ops.py [--json] [--books 50] [--skip SECTION ...]

Sections (all on this machine, in this run, so the ratios compare like with like):
- scaling: one book (6 chapters, no ambience) produced with a local Ray of 1 and of 2 worker CPUs;
  chapters per minute and their ratio.
- cluster: a simulated cluster (`ray.cluster_utils.Cluster`, a head and 3 one-CPU worker nodes) producing
  12 one-sentence chapters; the scheduler's overhead per chapter is the time a chapter spends between
  being dispatched and being committed beyond the work itself (narration + mastering).
- resume: a book (4 chapters of 40 sentences) run whole, run again with every chapter reused (the fixed
  cost: start-up, packaging, publishing), then run from scratch, killed (SIGKILL, the whole process
  group) once 60 % of its lines are voiced, and started again: the restart's time as a share of a whole run,
  and its work (less the fixed cost) as a share of the whole run's work.
- batch: `taleforge batch` over an inbox of N small books (2 chapters each, two side by side, no
  ambience); peak memory (RSS of the whole process tree, sampled every 0.2 s) and books per minute.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Self

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.books import write_book

TALEFORGE = Path(sys.executable).with_name("taleforge")


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "TALEFORGE_")) and k != "RAY_ADDRESS"}
    return {**env, "TALEFORGE_HOME": str(home), **extra}


class TreeMemory:
    """Peak RSS of a process and all its descendants, sampled on a thread."""

    def __init__(self, pid: int, every_s: float = 0.2) -> None:
        self.root = psutil.Process(pid)
        self.every_s = every_s
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                return
            total = 0
            for proc in procs:
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    continue
            self.peak = max(self.peak, total)
            self._stop.wait(self.every_s)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _produce(book: Path, home: Path, out: Path, **env: str) -> float:
    started = time.perf_counter()
    subprocess.run([str(TALEFORGE), "produce", str(book), "--out", str(out), "--no-ambience", "--quiet"],
                   env=_env(home, **env), check=True, capture_output=True)
    return time.perf_counter() - started


def scaling(work: Path) -> dict[str, object]:
    book = write_book(work / "scaling.md", "Scaling Test", chapters=6, sentences=6)
    rows = {}
    for cpus in (1, 2):
        wall = _produce(book, work / f"home-{cpus}cpu", work / f"out-{cpus}cpu", TALEFORGE_RAY_CPUS=str(cpus))
        rows[f"{cpus}cpu"] = {"wall_s": round(wall, 1), "chapters_per_min": round(6 / wall * 60, 2)}
    rows["ratio_2_to_1"] = round(rows["2cpu"]["chapters_per_min"] / rows["1cpu"]["chapters_per_min"], 2)  # type: ignore[index]
    return rows


def cluster(work: Path) -> dict[str, object]:
    """The real chapter scheduler on a simulated multi-node cluster, run in this process."""
    import ray
    from ray.cluster_utils import Cluster

    from flows.chapters import plan_chapters, produce_chapters
    from flows.settings import ProduceSettings
    from models.manuscript import read_manuscript
    from models.narration import Credits

    book_path = write_book(work / "cluster.md", "Cluster Test", chapters=12, sentences=1)
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
    sim = Cluster(initialize_head=True, head_node_args={"num_cpus": 1, "include_dashboard": False})
    for _ in range(3):
        sim.add_node(num_cpus=1)
    ray.init(address=sim.address, log_to_driver=False, configure_logging=False)
    try:
        settings = ProduceSettings(ambience=False)
        book = read_manuscript(book_path)
        voicing = settings.voicing(book)
        credits = Credits(title="Cluster Test", author="Test Author", narrator=settings.narrator)
        jobs = plan_chapters(book, credits, settings, voicing, work / "cluster-cache")
        dispatched: dict[int, float] = {}
        overheads: list[float] = []
        work_s: list[float] = []

        def done(d) -> None:  # type: ignore[no-untyped-def]
            spent = time.perf_counter() - dispatched[d.job.chapter.index]
            overheads.append(spent - d.narrate_s - d.master_s)
            work_s.append(d.narrate_s + d.master_s)

        started = time.perf_counter()
        produce_chapters(jobs, settings, voicing, on_start=lambda j: dispatched.__setitem__(j.chapter.index, time.perf_counter()),
                         on_done=done)
        wall = time.perf_counter() - started
        nodes = len([n for n in ray.nodes() if n["Alive"]])
    finally:
        ray.shutdown()
        sim.shutdown()
    overheads.sort()
    return {"nodes": nodes, "chapters": len(jobs), "wall_s": round(wall, 1),
            "work_per_chapter_s": round(sum(work_s) / len(work_s), 2),
            "overhead_per_chapter_s": {"median": round(overheads[len(overheads) // 2], 3),
                                       "max": round(overheads[-1], 3)}}


def resume(work: Path) -> dict[str, object]:
    from tests.flows.test_faults import progress, total_lines

    book = write_book(work / "resume.md", "Resume Test", chapters=4, sentences=40)
    whole = _produce(book, work / "home-whole", work / "out-whole")
    fixed = _produce(book, work / "home-whole", work / "out-whole")  # every chapter reused: start-up and packaging
    total = total_lines(book)
    home = work / "home-killed"
    cache = home / "cache" / "chapters"
    command = [str(TALEFORGE), "produce", str(book), "--out", str(work / "out-killed"), "--no-ambience", "--quiet"]
    started = time.perf_counter()
    first = subprocess.Popen(command, env=_env(home), start_new_session=True, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    while first.poll() is None:
        kept, finished = progress(cache)
        if kept + finished >= 0.6 * total:
            break
        time.sleep(0.05)
    killed_at = time.perf_counter() - started
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    kept, finished = progress(cache)
    restart = _produce(book, home, work / "out-killed")
    return {"whole_run_s": round(whole, 1), "fixed_s": round(fixed, 1), "killed_after_s": round(killed_at, 1),
            "done_at_kill": round((kept + finished) / total, 2), "restart_s": round(restart, 1),
            "restart_share_of_whole": round(restart / whole, 2),
            "restart_work_share": round((restart - fixed) / max(whole - fixed, 1e-9), 2)}


def batch(work: Path, books: int) -> dict[str, object]:
    inbox = work / "inbox"
    for n in range(books):
        write_book(inbox / f"book-{n:03d}.md", f"Small Book {n:03d}", chapters=2, sentences=2, seed=n)
    home = work / "home-batch"
    started = time.perf_counter()
    proc = subprocess.Popen([str(TALEFORGE), "batch", "--inbox", str(inbox), "--store", str(work / "books"),
                             "--no-ambience", "--parallel", "2"], env=_env(home), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    with TreeMemory(proc.pid) as memory:
        out, err = proc.communicate()
    wall = time.perf_counter() - started
    produced = out.count("produced ")
    if proc.returncode != 0 or produced != books:
        raise SystemExit(f"batch failed ({proc.returncode}, {produced}/{books} produced): {err[-2000:]}")
    return {"books": books, "wall_s": round(wall, 1), "books_per_min": round(books / wall * 60, 2),
            "peak_rss_mb": round(memory.peak / 2**20)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--books", type=int, default=50)
    parser.add_argument("--skip", nargs="*", default=[], choices=["scaling", "cluster", "resume", "batch"])
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="taleforge-bench-ops-"))
    results: dict[str, object] = {"cpus": os.cpu_count()}
    if not args.json:
        print(f"bench_ops on {results['cpus']} CPUs", flush=True)
    try:
        sections = {"scaling": lambda: scaling(work), "cluster": lambda: cluster(work),
                    "resume": lambda: resume(work), "batch": lambda: batch(work, args.books)}
        for name, run in sections.items():
            if name in args.skip:
                continue
            results[name] = run()
            if not args.json:
                print(f"  {name}: {json.dumps(results[name])}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
