"""Sizing the actor pools to what the cluster has: CPUs for Piper, GPUs for engines that use them."""

from __future__ import annotations

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
