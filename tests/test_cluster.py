"""The per-article analysis on a dask.distributed cluster (newsframes.analysis.cluster):
the same tables as the process pool, also when a worker is killed mid-run; clear errors
for an unreachable scheduler and for workers that would give other results."""

from __future__ import annotations

import importlib.util
import logging
import os
import signal

import pandas as pd
import pytest
from conftest import PROJECT_ROOT

from newsframes.analysis import cluster, pipeline

pytestmark = pytest.mark.usefixtures("project_folders_untouched", "isolated_env")

N_BROWN = 50
CLOSED_PORT = "tcp://127.0.0.1:9"  # discard: nothing listens there


def _write_brown():
    spec = importlib.util.spec_from_file_location(
        "bench_analyze", PROJECT_ROOT / "benchmarks" / "bench_analyze.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write_brown


@pytest.fixture(scope="module")
def brown(tmp_path_factory):
    """50 Brown texts as articles, and their tables from the process pool (2 workers)."""
    folder = tmp_path_factory.mktemp("brown")
    _write_brown()(folder, N_BROWN)
    return folder, pipeline.analyze(folder, use_cache=False, jobs=2, scheduler="")


def _csv(tables: dict[str, pd.DataFrame]) -> dict[str, bytes]:
    return {
        name: df.to_csv(index=False, lineterminator="\n").encode() for name, df in tables.items()
    }


def _assert_same(got: dict[str, pd.DataFrame], want: dict[str, pd.DataFrame]) -> None:
    assert list(got) == list(want)
    for name in want:
        pd.testing.assert_frame_equal(got[name], want[name], check_exact=True, obj=name)
    assert _csv(got) == _csv(want)


def test_local_cluster_gives_the_process_pools_tables(brown, tmp_path, monkeypatch):
    folder, want = brown
    done, on_cluster = [], []
    real_submit = cluster.Tasks.submit

    def recording(self, function, *args, **kwargs):
        on_cluster.append(function.__name__)
        return real_submit(self, function, *args, **kwargs)

    monkeypatch.setattr(cluster.Tasks, "submit", recording)
    got = pipeline.analyze(
        folder,
        cache_dir=tmp_path / "cache",
        jobs=2,
        scheduler="local",
        progress=lambda n, total: done.append((n, total)),
    )
    _assert_same(got, want)
    # counted on the cluster, same tables
    assert on_cluster == ["ngrams", "collocations", "actors", "cooccurrence"]
    assert len(want["articles"]) == N_BROWN and len(want["tokens"]) > 100_000
    assert done[-1] == (N_BROWN, N_BROWN) and len(done) == N_BROWN
    # The cache stays with the caller: a rerun reads every article from it, and needs no
    # cluster at all (the scheduler named here does not exist).
    fresh = []
    again = pipeline.analyze(
        folder, cache_dir=tmp_path / "cache", scheduler=CLOSED_PORT, fresh=fresh
    )
    assert fresh == []
    _assert_same(again, want)


def test_a_killed_worker_is_replaced_and_its_tasks_run_again(brown):
    from distributed import Client, LocalCluster

    folder, want = brown
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.CRITICAL,
        ) as local,
        Client(local) as client,
    ):
        before = client.run(os.getpid)
        victim = min(before.values())
        killed_at = []

        def progress(done: int, total: int) -> None:
            if done >= 10 and not killed_at:  # 40 articles still to go on both workers
                os.kill(victim, signal.SIGKILL)
                killed_at.append(done)

        got = pipeline.analyze(
            folder, use_cache=False, jobs=2, scheduler=local.scheduler_address, progress=progress
        )
        client.wait_for_workers(2, timeout=60)
        after = client.run(os.getpid)
    assert killed_at and killed_at[0] < N_BROWN
    assert victim not in after.values()  # the nanny started a new worker process
    _assert_same(got, want)


def test_scheduler_from_environment(monkeypatch):
    monkeypatch.delenv(cluster.SCHEDULER_ENV, raising=False)
    assert cluster.scheduler_from_environment() is None
    monkeypatch.setenv(cluster.SCHEDULER_ENV, "  ")
    assert cluster.scheduler_from_environment() is None
    monkeypatch.setenv(cluster.SCHEDULER_ENV, " tcp://10.0.0.5:8786 ")
    assert cluster.scheduler_from_environment() == "tcp://10.0.0.5:8786"


def test_an_unreachable_scheduler_says_how_to_start_one():
    with pytest.raises(OSError, match="no Dask scheduler answers at 'tcp://127.0.0.1:9'"):
        with cluster.connect(CLOSED_PORT, workers=1, timeout="1s"):
            pass


class _FakeClient:
    def __init__(self, reports):
        self.reports = reports

    def run(self, function):
        assert function is cluster.worker_report
        return self.reports


def test_workers_that_would_differ_are_named():
    here = cluster.worker_report()
    assert here["missing"] == [] and len(here["resources"]) == 64
    cluster.check_workers(_FakeClient({"tcp://a:1": here, "tcp://b:1": dict(here)}))
    reports = {
        "tcp://a:1": here,
        "tcp://b:1": {**here, "version": "0.0.1"},
        "tcp://c:1": {**here, "missing": ["punkt_tab"], "resources": None},
        "tcp://d:1": {**here, "resources": "0" * 64},
    }
    with pytest.raises(LookupError) as info:
        cluster.check_workers(_FakeClient(reports))
    message = str(info.value)
    assert "tcp://a:1" not in message
    assert "tcp://b:1 runs newsframes 0.0.1" in message
    assert "tcp://c:1 lacks the NLTK data punkt_tab" in message
    assert "tcp://d:1 has another NLTK version or other NLTK data" in message


def test_a_cluster_without_workers_is_an_error():
    with pytest.raises(LookupError, match="has no worker: start one"):
        cluster.check_workers(_FakeClient({}))


def test_cli_scheduler_flag_reaches_the_analysis(seed_copy, tmp_path, capsys, monkeypatch):
    from newsframes.__main__ import main

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", "1s")
    code = main(["analyze", str(seed_copy), "--out", str(tmp_path / "out"), "--no-cache",
                 "--scheduler", CLOSED_PORT])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2
    assert "no Dask scheduler answers" in err and "--scheduler local" in err
    assert not (tmp_path / "out").exists()
