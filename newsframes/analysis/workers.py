"""Where the worker processes come from: multiprocessing's forkserver, with the analysis
imported once.

Worker processes are forked from the forkserver, never from the caller: a notebook
kernel or Sphinx runs threads, and ``fork()`` of a process with threads can deadlock.
The forkserver imports :data:`PRELOAD` before its first fork
(``multiprocessing.set_forkserver_preload``, made for this), so that every worker starts
with the analysis modules imported (pandas, pyarrow and NLTK, without SciPy's statistics:
:mod:`newsframes.analysis.preload`) and its models loaded (:mod:`newsframes.analysis.warmup`)
instead of importing and loading them itself: about 1.6 s of CPU, once instead of once per
worker. :func:`start` starts the forkserver at once: the command line calls it before
importing pandas and the analysis, so that the forkserver prepares while the command
line does the same. This module imports nothing of the analysis.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import multiprocessing.forkserver
import os
import sys

# The modules the pipeline imports only when it first analyzes (so that an unchanged
# corpus is read without them: newsframes.analysis.pipeline).
ANALYSIS = ("compare", "entities", "framing", "nlp", "reference", "terms", "tokenview", "voices")
# "__main__" is the forkserver's default preload, kept; then NLTK without SciPy's
# statistics, which no worker uses (newsframes.analysis.preload).
PRELOAD = [
    "__main__",
    "newsframes.analysis.preload",
    "newsframes.analysis.pipeline",
    *(f"newsframes.analysis.{m}" for m in ANALYSIS),
    "newsframes.analysis.warmup",  # last: loads the models, then gc.freeze()
]


def default_jobs() -> int:
    """Worker processes for uncached articles: one per core (all cores of this machine)."""
    return max(1, os.cpu_count() or 1)


def context() -> multiprocessing.context.BaseContext:
    """The forkserver context, with :data:`PRELOAD` to import before the first fork (no
    effect once the forkserver runs: it has imported them, or was started without)."""
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    return ctx


def start() -> None:
    """Start the forkserver now, without waiting for it: it imports :data:`PRELOAD` in
    the background, and the first pool forks its workers from it."""
    context()
    multiprocessing.forkserver.ensure_running()


def imported(module: str) -> bool:
    """Whether ``module`` is imported in this process (run in a worker, it tells what
    the worker inherited from the forkserver)."""
    return module in sys.modules
