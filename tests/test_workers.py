"""Where the worker processes come from (newsframes.analysis.workers), and when the
command line starts their forkserver early (newsframes.__main__._workers_likely)."""

from __future__ import annotations

import argparse
import ast
import os
import subprocess
import sys

import pytest
from conftest import PROJECT_ROOT

from newsframes.__main__ import _workers_likely
from newsframes.analysis import paths, workers

# Run in a fresh interpreter: a process has one forkserver, started once.
_PROBE = """
import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor

from newsframes.analysis import workers

if __name__ == "__main__":
    if sys.argv[1] == "preloaded":
        workers.start()
        context = workers.context()
    else:
        context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        print(pool.submit(workers.imported, "newsframes.analysis.pipeline").result()
              and pool.submit(workers.imported, "newsframes.analysis.nlp").result())
    print("newsframes.analysis.pipeline" in sys.modules)
"""


def _run_probe(tmp_path, source: str, *args: str, env: dict | None = None) -> str:
    """Run ``source`` as a script in a fresh interpreter (a process has one forkserver,
    started once); its standard output, after checking that it succeeded."""
    probe = tmp_path / "probe.py"
    probe.write_text(source, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(probe), *args], capture_output=True, text=True, cwd=PROJECT_ROOT,
        env=env, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def _python(code: str) -> str:
    """The standard output of ``python -c code`` in a fresh interpreter."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=PROJECT_ROOT, check=True)  # fmt: skip
    return done.stdout.strip()


@pytest.mark.parametrize("how", ["preloaded", "plain"])
def test_a_worker_starts_with_the_analysis_imported_by_the_forkserver(how, tmp_path):
    """A worker forked from workers.context() has the analysis imported before its first
    task (the forkserver imported it), though the caller never imported it; one forked
    from a plain forkserver has not: the probe can tell."""
    in_worker, in_caller = _run_probe(tmp_path, _PROBE, how).split()
    assert in_worker == ("True" if how == "preloaded" else "False")
    assert in_caller == "False"


_SCIPY_PROBE = """
import sys
from concurrent.futures import ProcessPoolExecutor

from newsframes.analysis import workers


def inside():
    before = (workers.imported("nltk"), workers.imported("scipy.stats"))
    from newsframes.analysis import statistics  # imports scipy.stats when first used

    return before, statistics.poisson_interval(3, 1), workers.imported("scipy.stats")


if __name__ == "__main__":
    workers.start()
    with ProcessPoolExecutor(1, mp_context=workers.context()) as pool:
        print(pool.submit(inside).result())
"""


def test_a_worker_has_nltk_without_scipy_stats_and_can_still_import_it(tmp_path):
    """The forkserver imports NLTK without SciPy's statistics (preload), which no worker
    uses; the mark that kept them out is gone: a task that needs them imports them."""
    from newsframes.analysis import statistics

    expected = ((True, False), statistics.poisson_interval(3, 1), True)
    assert _run_probe(tmp_path, _SCIPY_PROBE).strip() == repr(expected)


@pytest.mark.parametrize("first", ["nltk", "scipy.stats"])
def test_the_preload_leaves_scipy_stats_alone_when_either_is_imported_already(first):
    """In a process that has NLTK or SciPy's statistics already (the calling process, a
    test run), importing the preload changes nothing: NLTK's Fisher test is SciPy's."""
    code = (
        f"import sys, {first}, newsframes.analysis.preload\n"
        "from nltk.metrics import association\n"
        "print('scipy' in association.fisher_exact.__module__, 'scipy.stats' in sys.modules)\n"
    )
    assert _python(code) == "True True"


def test_the_preload_imports_nltk_as_usual_when_it_cannot_do_without_scipy_stats():
    """Should NLTK ever need scipy.stats to import at all, the preload drops what it
    imported and imports it as usual (here a finder makes nltk.metrics fail while
    scipy.stats is marked absent)."""
    code = (
        "import sys\n"
        "class Needs:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'nltk.metrics' and sys.modules.get('scipy.stats', 0) is None:\n"
        "            raise ImportError('nltk.metrics needs scipy.stats')\n"
        "sys.meta_path.insert(0, Needs())\n"
        "import newsframes.analysis.preload\n"
        "from nltk.metrics import association\n"
        "print('scipy' in association.fisher_exact.__module__,\n"
        "      sys.modules['scipy.stats'] is not None)\n"
    )
    assert _python(code) == "True True"


_WARM_PROBE = """
import gc
from concurrent.futures import ProcessPoolExecutor

from newsframes.analysis import workers


def inside():
    from newsframes.analysis import entities, pipeline

    return (pipeline._ANNOTATOR is not None, entities.gazetteers.cache_info().currsize,
            gc.get_freeze_count() > 0, gc.isenabled())


if __name__ == "__main__":
    workers.start()
    with ProcessPoolExecutor(1, mp_context=workers.context()) as pool:
        print(pool.submit(inside).result())
"""


def test_a_worker_starts_with_the_models_loaded_by_the_forkserver(tmp_path):
    """The forkserver's last preload (warmup) analyzes an article of our own, so that a
    worker starts with the tagger and the gazetteers loaded, and freezes what it holds
    out of the garbage collector's scans; the collector, paused by the first preload, is
    on again in the worker."""
    assert _run_probe(tmp_path, _WARM_PROBE).strip() == "(True, 1, True, True)"
    assert workers.PRELOAD[-1] == "newsframes.analysis.warmup"


def test_the_collector_is_turned_back_on_when_the_pipeline_cannot_be_imported():
    """When even the pipeline cannot be imported in the forkserver, warmup still turns
    the collector back on (the first preload paused it) and freezes what it holds."""
    code = (
        "import gc, sys\n"
        "import newsframes.analysis.preload\n"
        "paused = not gc.isenabled()\n"
        "sys.modules['newsframes.analysis.pipeline'] = None\n"
        "import newsframes.analysis.warmup\n"
        "print(paused, gc.get_freeze_count() > 0, gc.isenabled())\n"
    )
    assert _python(code) == "True True True"


def test_a_failed_warm_up_is_left_to_the_workers():
    """When the warm-up fails (NLTK data missing, say), importing warmup raises nothing,
    so that the forkserver's preload goes on (the workers meet the problem on their first
    batch, after the caller's check reported it), and still freezes what it holds and
    turns the collector back on (the first preload paused it)."""
    code = (
        "import gc\n"
        "import newsframes.analysis.preload\n"
        "paused = not gc.isenabled()\n"
        "from newsframes.analysis import pipeline\n"
        "def fail():\n"
        "    raise LookupError('no NLTK data')\n"
        "pipeline.warm_up = fail\n"
        "import newsframes.analysis.warmup\n"
        "print(paused, gc.get_freeze_count() > 0, gc.isenabled())\n"
    )
    assert _python(code) == "True True True"


def test_the_command_line_starts_the_forkserver_before_importing_pandas():
    """Deciding whether workers are likely needs neither pandas nor the analysis: the
    forkserver is started before the command line imports them, and imports them
    meanwhile."""
    code = (
        "import sys\n"
        "from newsframes import __main__ as cli\n"
        "args = cli._parser().parse_args(['analyze', 'seeds', '--out', 'x', '--no-cache'])\n"
        "cli._workers_likely(args)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('pandas', 'pyarrow', 'nltk'))))\n"
    )
    assert _python(code) == "[]"


_ALLOCATOR_PROBE = """
from concurrent.futures import ProcessPoolExecutor

import pyarrow as pa

from newsframes.analysis import workers

NAME = "__import__('pyarrow').default_memory_pool().backend_name"
if __name__ == "__main__":
    # Imported here only: the forkserver runs this file too (as __mp_main__), and the
    # worker must get the allocator from the preloaded pipeline, not from this import.
    from newsframes.analysis import cache  # noqa: F401

    workers.start()
    with ProcessPoolExecutor(1, mp_context=workers.context()) as pool:
        print(pa.default_memory_pool().backend_name, pool.submit(eval, NAME).result())
"""


@pytest.mark.parametrize("chosen", [None, "mimalloc"])
def test_arrow_allocates_with_the_system_allocator_unless_told_otherwise(chosen, tmp_path):
    """Arrow's memory pool is the C library's allocator in the caller and in its workers
    (cache.use_system_allocator), unless ARROW_DEFAULT_MEMORY_POOL names one."""
    import pyarrow as pa

    if chosen and chosen not in pa.supported_memory_backends():
        pytest.skip(f"this pyarrow has no {chosen}")
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    if chosen:
        env["ARROW_DEFAULT_MEMORY_POOL"] = chosen
    assert _run_probe(tmp_path, _ALLOCATOR_PROBE, env=env).split() == [chosen or "system"] * 2


def _args(tmp_path, **given) -> argparse.Namespace:
    seeds = tmp_path / "seeds"
    seeds.mkdir(exist_ok=True)
    for name in ("a.txt", "b.TXT"):
        (seeds / name).write_text("Text.", encoding="utf-8")
    values = {"jobs": None, "scheduler": None, "no_cache": False, "cache_dir": tmp_path / "c",
              "seeds": seeds}  # fmt: skip
    return argparse.Namespace(**{**values, **given})


def test_the_forkserver_is_started_early_only_when_workers_are_likely(tmp_path, monkeypatch):
    monkeypatch.delenv("NEWSFRAMES_SCHEDULER", raising=False)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    assert _workers_likely(_args(tmp_path))  # a new cache folder: a first run
    assert _workers_likely(_args(tmp_path, jobs=3))
    assert not _workers_likely(_args(tmp_path, jobs=1))
    assert not _workers_likely(_args(tmp_path, scheduler="local"))
    monkeypatch.setenv("NEWSFRAMES_SCHEDULER", "tcp://somewhere:8786")
    assert not _workers_likely(_args(tmp_path))
    monkeypatch.delenv("NEWSFRAMES_SCHEDULER")
    # A corpus's tables in the cache: perhaps a rerun, which needs no worker.
    entries = paths.corpus_entries(tmp_path / "c")
    entries.mkdir(parents=True)
    (entries / "0123.zip").write_bytes(b"")
    assert not _workers_likely(_args(tmp_path))
    assert _workers_likely(_args(tmp_path, no_cache=True))
    # One article (or none, or no such folder): it is analyzed in this process.
    one = tmp_path / "one"
    one.mkdir()
    (one / "a.txt").write_text("Text.", encoding="utf-8")
    (one / "notes.md").write_text("Notes.", encoding="utf-8")
    (one / ".hidden.txt").write_text("Text.", encoding="utf-8")  # not read by the loader
    for seeds in (one, tmp_path / "missing"):
        assert not _workers_likely(_args(tmp_path, no_cache=True, seeds=seeds))
    monkeypatch.setattr("os.cpu_count", lambda: 1)
    assert not _workers_likely(_args(tmp_path, no_cache=True))  # one job by default


def test_the_workers_module_imports_nothing_of_the_analysis():
    """The command line imports it before the analysis: it must stay light."""
    code = (
        "import sys; import newsframes.analysis.workers; "
        "print(sorted(m for m in sys.modules if m.startswith(('newsframes.analysis.', "
        "'pandas', 'nltk', 'pyarrow'))))"
    )
    assert _python(code) == "['newsframes.analysis.workers']"
    assert "newsframes.analysis.pipeline" in workers.PRELOAD


def test_the_forkserver_preloads_every_module_the_pipeline_imports_when_it_analyzes():
    """The pipeline imports the modules that analyze inside its functions: each must be
    in PRELOAD, or every worker would import it on its first batch."""
    tree = ast.parse((PROJECT_ROOT / "newsframes/analysis/pipeline.py").read_text("utf-8"))
    inside = {
        f"{node.module}.{alias.name}"
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef)
        for node in ast.walk(function)
        if isinstance(node, ast.ImportFrom) and node.module == "newsframes.analysis"
        for alias in node.names
    }
    assert inside  # the pipeline does import some of them so
    assert inside <= set(workers.PRELOAD)
