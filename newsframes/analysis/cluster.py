"""The per-article analysis as tasks on a dask.distributed cluster.

:func:`connect` opens a :class:`distributed.Client`: on a
:class:`distributed.LocalCluster` of worker processes on this machine (``"local"``) or on
the scheduler at an address (``tcp://host:8786``) whose workers run on other machines.
:func:`map_articles` submits one task per article and yields the results as they
finish; :class:`Tasks` runs the counting of n-grams and collocations and the making of
the actors and their co-occurrence there too, as with the process pool. The cache is
read and written by the process that calls :func:`pipeline.analyze` (unlike the process
pool, whose workers write their own articles' entries), which also merges the results
and computes the other corpus-level tables, so the tables are the same as with the
process pool.

A worker that dies takes its tasks with it; the scheduler runs them again on another
worker (Dask's own retry: a task is given up, with :class:`distributed.KilledWorker`,
only after it was running on ``distributed.scheduler.allowed-failures`` workers that
died, 3 by default). An exception raised by the analysis itself is not retried: it is
raised here, as it would be without a cluster.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # for annotations only: the command line imports this module early
    from newsframes.analysis import corpus
    from newsframes.analysis.settings import Settings

SCHEDULER_ENV = "NEWSFRAMES_SCHEDULER"
LOCAL = "local"
# How long to wait for a scheduler that does not answer, before saying so.
CONNECT_TIMEOUT = "20s"


def scheduler_from_environment() -> str | None:
    """The scheduler named by ``$NEWSFRAMES_SCHEDULER`` (``local`` or an address), or
    None when it is unset or empty (then the process pool is used)."""
    return os.environ.get(SCHEDULER_ENV, "").strip() or None


@contextlib.contextmanager
def connect(scheduler: str, *, workers: int, timeout: str | None = None) -> Iterator:
    """A :class:`distributed.Client` on ``scheduler``, closed on exit.

    ``scheduler="local"`` starts a :class:`distributed.LocalCluster` of ``workers``
    processes with one thread each (the analysis holds the GIL) and stops it on exit;
    any other value is the address of a running ``dask scheduler``, waited for
    ``timeout`` (default :data:`CONNECT_TIMEOUT`). Before the client is
    returned, every worker is asked for its newsframes version and its NLTK data
    (:func:`worker_report`); a worker that differs from this process is an error that
    names it."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise LookupError(
            "running on a Dask cluster needs the distributed package: "
            "pip install -r requirements.txt"
        ) from exc
    with contextlib.ExitStack() as stack:
        if scheduler == LOCAL:
            cluster = stack.enter_context(
                LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
            )
            client = stack.enter_context(Client(cluster))
        else:
            try:
                client = stack.enter_context(Client(scheduler, timeout=timeout or CONNECT_TIMEOUT))
            except OSError as exc:
                raise OSError(
                    f"no Dask scheduler answers at {scheduler!r} ({exc}); start one with "
                    "'dask scheduler' and give its address (tcp://HOST:8786), or use "
                    f"--scheduler {LOCAL} for workers on this machine"
                ) from exc
        check_workers(client)
        yield client


def worker_report() -> dict:
    """What a worker needs to give the same results as this process (run on each
    worker): its newsframes version, the fingerprint of its resources
    (:func:`resources.versions`: NLTK's version and data, the word lists' packages) and
    the declared NLTK packages it lacks."""
    import newsframes
    from newsframes.analysis import resources

    gone = [p.id for p in resources.missing()]
    return {
        "version": newsframes.__version__,
        "missing": gone,
        "resources": None if gone else resources.versions(),
    }


def check_workers(client) -> None:
    """Raise :class:`LookupError` naming each worker of ``client`` that runs another
    newsframes version than this process, lacks NLTK data or has other resources
    (another NLTK or NLTK data); raise it too when the cluster has no worker."""
    here = worker_report()
    reports = client.run(worker_report)
    if not reports:
        raise LookupError(
            "the Dask scheduler has no worker: start one on each machine with "
            "'dask worker SCHEDULER_ADDRESS' (see 'Scaling out' in the README)"
        )
    wrong = []
    for address, report in sorted(reports.items()):
        if report["version"] != here["version"]:
            wrong.append(
                f"{address} runs newsframes {report['version']}, this process "
                f"{here['version']} (install the same checkout on every worker)"
            )
        elif report["missing"]:
            wrong.append(
                f"{address} lacks the NLTK data {', '.join(report['missing'])} (set "
                "NLTK_DATA for the worker, or run 'python -m newsframes resources --ensure' "
                "there)"
            )
        elif report["resources"] != here["resources"]:
            wrong.append(
                f"{address} has another NLTK version or other NLTK data than this process "
                "(install requirements.txt and the same NLTK data on every worker)"
            )
    if wrong:
        raise LookupError("Dask workers that would not give the same results: " + "; ".join(wrong))


def map_articles(
    client,
    analyze: Callable[[corpus.Article, Settings], bytes],
    articles: list[corpus.Article],
    settings: Settings,
    keys: dict[str, str],
) -> Iterator[tuple[corpus.Article, bytes]]:
    """``(article, analyze(article, settings))`` for each of ``articles``, as the
    cluster's tasks finish (not in corpus order); ``analyze`` returns the article's
    tables as the bytes of a cache entry (:func:`pipeline.encoded_article`). ``keys``
    are the articles' cache keys: each task's Dask key names its article and its key, so
    that a task is recognisable on the dashboard and is never confused with another
    article's."""
    from distributed import as_completed

    task_keys = [f"newsframes-article-{a.article_id}-{keys[a.article_id][:16]}" for a in articles]
    futures = client.map(analyze, articles, settings=settings, key=task_keys)
    by_key = dict(zip(task_keys, articles, strict=True))
    for future, tables in as_completed(futures, with_results=True):
        yield by_key[future.key], tables
        future.release()  # the worker may forget the result now


class Tasks:
    """A Dask client behind the ``submit`` of a process pool, for the corpus-level work
    :func:`pipeline.corpus_tables` hands to workers (:func:`pipeline.hand_out`): each
    argument is sent to the cluster with ``Client.scatter`` (once, outside the task graph;
    not hashed: it is a large table) and the task is submitted with ``pure=False``. The
    returned Dask future has the ``result()`` of a ``concurrent.futures.Future``."""

    def __init__(self, client) -> None:
        self.client = client

    def submit(self, function: Callable, *args, **kwargs):
        sent = [self.client.scatter(arg, hash=False) for arg in args]
        return self.client.submit(function, *sent, pure=False, **kwargs)
