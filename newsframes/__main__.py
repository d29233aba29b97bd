"""Command line: ``python -m newsframes analyze [SEEDS] --out DIR``.

Bad input never prints a traceback: problems with single files are rows of the
``problems`` table (and a summary on standard error); a corpus with no readable
article, a missing folder, an unwritable output folder or missing NLTK data end with
a message starting ``newsframes: error:`` and a non-zero exit status.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from pathlib import Path

from newsframes import __version__
from newsframes.analysis import paths
from newsframes.analysis.schema import TABLES

GUIDE_PAGE = "notebooks/80_rerun"  # the book's page "Rerun it on your articles"
GUIDE = (
    "Guide: 'Rerun it on your articles' in the book (after make book: "
    f"_build/html/{GUIDE_PAGE}.html; source: {GUIDE_PAGE}.ipynb)."
)
OVERVIEW = f"""\
examples:
  python -m newsframes analyze seeds --out tables/   the tables of the articles in seeds/
  python -m newsframes analyze --help                every option of analyze
  python -m newsframes resources                     is the NLTK data there?
  make book                                          the book: HTML and PDF in _build/
  make lab                                           JupyterLab with the project's kernel

guide:
  "Rerun it on your articles", a page of the book (after make book:
  _build/html/{GUIDE_PAGE}.html; its source is {GUIDE_PAGE}.ipynb): the seeds
  format with a worked example, what the loader reports about a malformed file, how
  to add articles, rebuild and read what changed, and how to swap the reference
  corpus or a lexicon.
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m newsframes",
        description="Framing analysis of news articles: read a folder of articles (one\n"
        "UTF-8 .txt file each), analyze them with NLTK and write the tables as CSV.",
        epilog=OVERVIEW,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"newsframes {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    an = sub.add_parser(
        "analyze",
        help="analyze a folder of articles and write the tables as CSV (or Parquet)",
        description=(
            f"Read every .txt article in SEEDS, analyze it and write the tables "
            f"{', '.join(TABLES)} as UTF-8 CSV files (sorted rows, stable columns; Parquet "
            "or gzip-compressed CSV with --format parquet or csv.gz) into --out. Exit "
            "status 0 when at least one article was analyzed, 1 when none was, 2 for a "
            "usage or set-up error. " + GUIDE
        ),
    )
    an.add_argument(
        "seeds",
        nargs="?",
        default=None,
        metavar="SEEDS",
        help=f"folder of articles, one UTF-8 .txt file each (default: ${paths.SEEDS_ENV}, "
        "else seeds/ in the project)",
    )
    an.add_argument("--out", required=True, metavar="DIR", help="folder to write the tables to")
    an.add_argument(
        "--format",
        choices=("csv", "csv.gz", "parquet"),
        default="csv",
        help="csv (default: UTF-8, one file per table), csv.gz (the same, gzip-compressed) "
        "or parquet (Apache Parquet, zstd-compressed, column types kept; smaller and faster "
        "to read for large corpora)",
    )
    an.add_argument(
        "--cache-dir",
        metavar="DIR",
        default=None,
        help=f"per-article analysis cache (default: ${paths.CACHE_ENV}, else .cache/newsframes "
        "in the project)",
    )
    an.add_argument("--no-cache", action="store_true", help="analyze every article afresh")
    an.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="worker processes for articles not in the cache (default: one per core)",
    )
    an.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        default=None,
        help="run the articles not in the cache as tasks on a Dask cluster: 'local' for "
        "worker processes on this machine (--jobs of them), or a scheduler's address "
        "(tcp://HOST:8786); the cache stays here (default: $NEWSFRAMES_SCHEDULER, else "
        "the process pool)",
    )
    an.add_argument(
        "--compare-by",
        metavar="COLUMN",
        default=None,
        help="article column the comparison tables group by: outlet (default), a column of "
        "the seeds folder's metadata.csv (country, ownership...), month, year or position "
        "(lead paragraph against the rest); default: $NEWSFRAMES_COMPARE_BY, else outlet",
    )
    an.add_argument(
        "--exclude-reprints",
        action="store_true",
        help="leave reprints (articles sharing most of their passages with an earlier one) "
        "out of the comparison tables; default: $NEWSFRAMES_EXCLUDE_REPRINTS",
    )
    an.add_argument("--quiet", action="store_true", help="print nothing but errors")

    res = sub.add_parser(
        "resources",
        help="check (or fetch) the NLTK data the analysis needs",
        description="Check that every declared NLTK data package is installed; with "
        "--ensure, download the missing ones into the project's .nltk_data folder.",
    )
    res.add_argument("--ensure", action="store_true", help="download what is missing")

    rel = sub.add_parser(
        "release",
        help="set a new version in CITATION.cff and date the changelog (used by make release)",
        description="Set VERSION and today's date in CITATION.cff and turn the changelog's "
        "'## Unreleased' section into '## VERSION (date)', in the current folder. Committing "
        "and tagging are done by 'make release VERSION=x.y.z'.",
    )
    rel.add_argument("version", metavar="VERSION", help="the new version, x.y.z")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "resources":
            return _resources(args)
        if args.command == "release":
            from newsframes.book import publication

            root = Path.cwd()  # the checkout make runs in, not where the package lives
            publication.release(args.version, root=root)
            print(f"{root}: CITATION.cff and CHANGELOG.md set to version {args.version}")
            return 0
        if _workers_likely(args):
            # The forkserver imports the analysis while this process does the same
            # (newsframes.analysis.workers): each worker then starts with it imported.
            from newsframes.analysis import workers

            workers.start()
        return _analyze(args)
    except (OSError, LookupError, ValueError) as exc:
        print(f"newsframes: error: {exc}", file=sys.stderr)
        return 2


def _workers_likely(args) -> bool:
    """Whether ``analyze`` is likely to start worker processes: more than one job (by
    default, one per core), no Dask cluster, two or more article names in the seeds
    folder (one article is analyzed in this process) and no corpus's tables in the cache
    folder yet (else this may be a rerun, which reads them and starts no worker: there the
    forkserver's imports and warm-up would only compete with this process's)."""
    from newsframes.analysis import cluster, workers  # light: neither imports the pipeline

    jobs = args.jobs if args.jobs is not None else workers.default_jobs()
    if jobs < 2 or args.scheduler or cluster.scheduler_from_environment():
        return False
    if not _two_articles(paths.seeds_dir(args.seeds)):
        return False
    entries = paths.corpus_entries(paths.cache_dir(args.cache_dir))
    return args.no_cache or not any(entries.glob(f"*{paths.ENTRY_SUFFIX}"))


def _two_articles(folder: Path) -> bool:
    """Whether ``folder`` has two or more article names (:func:`paths.is_article_name`,
    looked at until the second; a folder that cannot be read has none)."""
    found = 0
    try:
        with os.scandir(folder) as names:
            for entry in names:
                found += paths.is_article_name(entry.name)
                if found >= 2:
                    return True
    except OSError:
        pass
    return False


def _resources(args) -> int:
    from newsframes.analysis import resources

    if args.ensure:
        resources.ensure()
    else:
        resources.check()
    print("NLTK data: all declared packages found")
    return 0


def _analyze(args) -> int:
    from newsframes.analysis import pipeline, settings

    if args.jobs is not None and args.jobs < 1:  # None: analyze's default
        print("newsframes: error: --jobs must be at least 1", file=sys.stderr)
        return 2
    log = (lambda *a: None) if args.quiet else (lambda *a: print(*a, file=sys.stderr))

    from tqdm import tqdm

    # A progress bar on a terminal; nothing in logs and pipes, nothing with --quiet.
    bar = tqdm(total=0, unit="article", desc="analyzing", file=sys.stderr, leave=False,
               disable=args.quiet or not sys.stderr.isatty())  # fmt: skip

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    seeds = paths.seeds_dir(args.seeds)
    chosen = settings.from_environment()
    if args.compare_by:
        chosen = dataclasses.replace(chosen, compare_by=args.compare_by)
    if args.exclude_reprints:
        chosen = dataclasses.replace(chosen, exclude_reprints=True)
    try:
        tables = pipeline.analyze(
            seeds,
            cache_dir=args.cache_dir,
            use_cache=not args.no_cache,
            jobs=args.jobs,
            progress=progress,
            settings=chosen,
            scheduler=args.scheduler,
        )
    finally:
        bar.close()
    problems = tables["problems"]
    for row in problems.itertuples():
        log(f"{row.severity}: {row.message}")
    n = len(tables["articles"])
    if n == 0:
        print(
            f"newsframes: error: no readable article in {seeds} "
            f"({len(problems)} problem(s) listed above)",
            file=sys.stderr,
        )
        return 1
    unchanged: list = []
    written = pipeline.write_tables(tables, args.out, format=args.format, unchanged=unchanged)
    # An unchanged rerun leaves the files that already hold their tables' bytes.
    kept = f" ({len(unchanged)} of them already up to date, left as they were)" if unchanged else ""
    log(
        f"analyzed {n} article(s), {pipeline.n_rows(tables, 'tokens')} tokens; "
        f"wrote {len(written)} tables to {os.fspath(args.out)}{kept}"
    )
    return 0


if __name__ == "__main__":
    # Every file is written and closed when main returns: flush the two streams and end
    # the process without the interpreter's teardown of pandas, NLTK and SciPy's modules
    # (0.18 s, a tenth of an unchanged rerun of 1,000 articles). An exception still ends
    # it the usual way, with its traceback.
    _code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(_code)
