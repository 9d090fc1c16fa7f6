"""Sizing the actor pools to what the cluster has: CPUs for Piper, GPUs for engines that use them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from flows.cluster import pool_size


@pytest.fixture
def cluster(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    import ray

    def use(resources: dict[str, float]) -> None:
        monkeypatch.setattr(ray, "cluster_resources", lambda: resources)

    return use


def test_piper_narrators_take_one_cpu_each_even_on_a_gpu_cluster(cluster) -> None:  # type: ignore[no-untyped-def]
    cluster({"CPU": 16.0, "GPU": 2.0})
    size = pool_size(chapters=40, use_gpus=False)
    assert size.narrators == 16 and size.narrator_gpus == 0.0 and size.narrator_threads == 1


def test_gpu_engines_share_each_gpu_between_two_narrators(cluster) -> None:  # type: ignore[no-untyped-def]
    cluster({"CPU": 16.0, "GPU": 2.0})
    size = pool_size(chapters=40, use_gpus=True)
    assert size.narrators == 4 and size.narrator_gpus == 0.5


def test_a_whole_gpu_per_narrator_when_asked(cluster) -> None:  # type: ignore[no-untyped-def]
    cluster({"CPU": 16.0, "GPU": 2.0})
    size = pool_size(chapters=40, use_gpus=True, gpu_per_narrator=1.0)
    assert size.narrators == 2 and size.narrator_gpus == 1.0


def test_books_side_by_side_split_the_cluster(cluster) -> None:  # type: ignore[no-untyped-def]
    cluster({"CPU": 8.0})
    size = pool_size(chapters=40, share=0.5)
    assert size.narrators == 4
    cluster({"CPU": 8.0, "GPU": 2.0})
    size = pool_size(chapters=40, use_gpus=True, share=0.5)
    assert size.narrators == 2 and size.narrator_gpus == 0.5


def test_gpu_engines_fall_back_to_cpus_where_there_is_no_gpu(cluster) -> None:  # type: ignore[no-untyped-def]
    cluster({"CPU": 4.0})
    size = pool_size(chapters=3, use_gpus=True)
    assert size.narrators == 3 and size.narrator_gpus == 0.0 and size.narrator_threads == 1


def test_never_more_narrators_than_chapters(cluster) -> None:  # type: ignore[no-untyped-def]
    cluster({"CPU": 8.0})
    size = pool_size(chapters=1)
    assert size.narrators == 1 and size.narrator_threads == 8


GROWING_CLUSTER = r"""
import json, logging, os, sys
from pathlib import Path
sys.path.insert(0, {repo!r})
os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
import ray
from ray.cluster_utils import Cluster
from flows.chapters import plan_chapters, produce_chapters
from flows.settings import ProduceSettings
from models.manuscript import read_manuscript
from models.narration import Credits
from tests.books import write_book

logging.basicConfig(level=logging.WARNING)
logging.getLogger("flows.chapters").setLevel(logging.INFO)
work = Path({work!r})
sim = Cluster(initialize_head=True, head_node_args={{"num_cpus": 1, "include_dashboard": False}})
ray.init(address=sim.address, log_to_driver=False, configure_logging=False)
settings = ProduceSettings(ambience=False)
book = read_manuscript(write_book(work / "grow.md", "Growing", chapters=8, sentences=4))
voicing = settings.voicing(book)
jobs = plan_chapters(book, Credits("Growing", "Test Author", "a voice"), settings, voicing, work / "cache")
nodes = []
def joined(job):
    if not nodes:
        nodes.append(sim.add_node(num_cpus=2))  # an autoscaler's new node, while the book is under way
done = produce_chapters(jobs, settings, voicing, on_start=joined)
print(json.dumps({{"chapters": len(done), "cpus": ray.cluster_resources().get("CPU")}}))
ray.shutdown()
sim.shutdown()
"""


@pytest.mark.slow
def test_narrators_are_added_when_nodes_join_the_cluster(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A simulated cluster (ray.cluster_utils.Cluster) that gains a node mid-book: the pool grows onto it."""
    repo = Path(__file__).resolve().parents[2]
    script = GROWING_CLUSTER.format(repo=str(repo), work=str(tmp_path))
    env = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"}
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600, env=env,
                         check=False, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result == {"chapters": 8, "cpus": 3.0}
    assert "the cluster grew: 2 more narrator(s), 3 in all" in run.stderr, run.stderr[-3000:]
