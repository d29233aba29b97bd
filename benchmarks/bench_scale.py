"""Scale benchmark: cost against corpus size, from 1,000 to 5,000 articles.

Cuts each of the 500 Brown corpus texts (NLTK ``brown``) into 10 articles of about 230
words (whole paragraphs, else whole sentences), giving 5,000 articles, and measures in one
run, for the first 1,000, 2,000 and 5,000 of them (all genres appear in each: the texts
are taken in turn from the corpus' 15 categories):

- bare NLTK: ``sent_tokenize``, ``word_tokenize`` and ``pos_tag`` over every file;
  it and the two runs of the command line below are repeated (``--repeats``, default 3),
  one after the other, and the medians recorded;
- ``python -m newsframes analyze`` end to end, as a user runs it (reading the files,
  analyzing with an empty cache, writing every table as CSV): tokens per second, its ratio
  to bare NLTK, peak memory;
- the same command again, unchanged (every article from the cache, into the same folder,
  where the files that already hold their tables' bytes are left in place): how much faster;
- the book (``jupyter-book build``, HTML then PDF) on those articles, with the cache the
  command filled: wall time, peak memory, size of the HTML site.

Peak memory is the largest resident set of one process of the step (``ru_maxrss`` of its
children, each step in a fresh process). Timings on a shared machine are noisy: compare
the ratios of one run. Appends one row per size to ``benchmarks/scale.csv`` (with the date
and the machine) and writes ``benchmarks/scale.json``; the methods page of the book draws
the rows of the last run.

Usage: python benchmarks/bench_scale.py [--sizes 1000 2000 5000] [--jobs N] [--no-book]
       [--repeats 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "scale.csv"
PIECES = 10  # articles cut from one Brown text
COLUMNS = [
    "run", "machine", "n_articles", "n_tokens", "bare_tokens_per_s", "cli_tokens_per_s",
    "cli_over_bare", "cli_seconds", "cli_peak_mb", "rerun_seconds", "rerun_speedup",
    "html_seconds", "pdf_seconds", "book_seconds", "book_peak_mb", "site_mb", "repeats",
]  # fmt: skip

# Runs a command and prints its wall time and the peak memory of its largest process.
_MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:]).returncode
print(json.dumps({"code": code, "seconds": time.perf_counter() - start,
                  "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""

_BARE = """
import json, sys, time
from pathlib import Path
import nltk
start = time.perf_counter()
tokens = 0
for path in sorted(Path(sys.argv[1]).glob("*.txt")):
    for sent in nltk.sent_tokenize(path.read_text(encoding="utf-8")):
        tokens += len(nltk.pos_tag(nltk.word_tokenize(sent)))
print(json.dumps({"tokens": tokens, "seconds": time.perf_counter() - start}))
"""


def brown_pieces(n_texts: int = 500, pieces: int = PIECES) -> list[tuple[str, str]]:
    """``(file name, text)`` of ``pieces`` articles cut from each of the first ``n_texts``
    Brown texts, taken in turn from the 15 categories so that every prefix of the list
    mixes the genres. A piece is whole paragraphs when they are short enough, else whole
    sentences, and has a dateline of its own."""
    from nltk.corpus import brown

    by_category = [brown.fileids(categories=c) for c in brown.categories()]
    order = [f for group in zip(*by_category, strict=False) for f in group]
    order += sorted(set(brown.fileids()) - set(order))
    out = []
    for i, fileid in enumerate(order[:n_texts]):
        sents = [
            " ".join(s).replace("``", '"').replace("''", '"')
            for para in brown.paras(fileids=fileid)
            for s in para
        ]
        size = -(-sum(len(s.split()) for s in sents) // pieces)  # words per piece
        chunks, current, words = [], [], 0
        for s in sents:
            current.append(s)
            words += len(s.split())
            if words >= size and len(chunks) < pieces - 1:
                chunks.append(current)
                current, words = [], 0
        chunks.append(current)
        for k, chunk in enumerate(chunks):
            day = 1 + (i + k) % 28
            body = " ".join(chunk)
            text = f"date 1961-01-{day:02d}\nPROVIDENCE, January {day}. /BROWN/. {body}\n"
            out.append((f"{i:03d}_{fileid}_{k}.txt", text))
    return out


def _measure(cmd: list[str], env: dict | None = None) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *cmd],
        capture_output=True, text=True, env=env, cwd=ROOT,
    )  # fmt: skip
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["code"] != 0:
        raise SystemExit(f"{' '.join(cmd)} failed with exit code {result['code']}")
    return result


def _site_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def machine() -> str:
    """The machine a run was measured on: processor, cores, memory, system, Python."""
    meminfo = Path("/proc/meminfo")
    memory = ""
    if meminfo.exists():
        kb = next(int(line.split()[1]) for line in meminfo.read_text().splitlines()
                  if line.startswith("MemTotal:"))  # fmt: skip
        memory = f", {kb / 1024**2:.0f} GiB"
    return (
        f"{platform.machine()}, {os.cpu_count()} cores{memory}, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}"
    )


def measure_size(
    articles, n: int, work: Path, jobs: int | None, book: bool, repeats: int = 1
) -> dict:
    """One row of the results for the first ``n`` articles. Bare NLTK, the command line
    (empty cache) and its rerun are run ``repeats`` times in turn, each first run with an
    empty cache and output folder; times are medians, the throughput ratio and the
    speed-up the medians of each repeat's (bare NLTK and the command line run one after
    the other: a moment when the machine is slower weighs on both), peak memory the
    largest. The book is built once, with the cache of the last repeat."""
    seeds, cache, tables = work / f"seeds-{n}", work / f"cache-{n}", work / f"tables-{n}"
    seeds.mkdir()
    for name, text in articles[:n]:
        (seeds / name).write_text(text, encoding="utf-8")
    jobs_args = ["--jobs", str(jobs)] if jobs else []
    cli = [sys.executable, "-m", "newsframes", "analyze", str(seeds), "--out", str(tables),
           "--cache-dir", str(cache), "--quiet", *jobs_args]  # fmt: skip
    bare_rates, firsts, reruns = [], [], []
    for _ in range(repeats):
        for folder in (tables, cache):
            shutil.rmtree(folder, ignore_errors=True)
        bare = json.loads(
            subprocess.run(
                [sys.executable, "-c", _BARE, str(seeds)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        bare_rates.append(bare["tokens"] / bare["seconds"])
        firsts.append(_measure(cli))
        reruns.append(_measure(cli))
    n_tokens = sum(1 for _ in open(tables / "tokens.csv", encoding="utf-8")) - 1
    seconds = [first["seconds"] for first in firsts]
    row = {
        "n_articles": n,
        "n_tokens": n_tokens,
        "bare_tokens_per_s": round(statistics.median(bare_rates)),
        "cli_tokens_per_s": round(n_tokens / statistics.median(seconds)),
        "cli_over_bare": round(
            statistics.median(n_tokens / s / b for s, b in zip(seconds, bare_rates, strict=True)), 3
        ),
        "cli_seconds": round(statistics.median(seconds), 1),
        "cli_peak_mb": round(max(first["peak_mb"] for first in firsts)),
        "rerun_seconds": round(statistics.median(r["seconds"] for r in reruns), 1),
        "rerun_speedup": round(
            statistics.median(s / r["seconds"] for s, r in zip(seconds, reruns, strict=True)), 2
        ),
        "repeats": repeats,
    }
    if book:
        out = work / f"book-{n}"
        env = {**os.environ, "NEWSFRAMES_SEEDS": str(seeds), "NEWSFRAMES_CACHE": str(cache)}
        jb = [str(Path(sys.executable).with_name("jupyter-book")), "build", str(ROOT),
              "-n", "-W", "--keep-going", "--path-output", str(out)]  # fmt: skip
        html = _measure(jb, env)
        pdf = _measure([*jb, "--builder", "pdflatex"], env)
        row.update(
            html_seconds=round(html["seconds"], 1),
            pdf_seconds=round(pdf["seconds"], 1),
            book_seconds=round(html["seconds"] + pdf["seconds"], 1),
            book_peak_mb=round(max(html["peak_mb"], pdf["peak_mb"])),
            site_mb=round(_site_mb(out / "_build" / "html"), 1),
        )
    for folder in (work / f"book-{n}", tables, cache):  # disk: a 5,000-article cache is large
        shutil.rmtree(folder, ignore_errors=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 5000])
    parser.add_argument("--jobs", type=int, default=None, help="default: analyze's default")
    parser.add_argument("--no-book", action="store_true", help="leave out the book builds")
    parser.add_argument(
        "--repeats", type=int, default=3, help="runs of bare NLTK and the command line (medians)"
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help=f"default: {RESULTS}")
    args = parser.parse_args()
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    n_texts = -(-max(args.sizes) // PIECES)
    if n_texts > 500:
        parser.error("the Brown corpus gives at most 5,000 articles of this size")
    articles = brown_pieces(n_texts)
    run = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    rows = []
    with tempfile.TemporaryDirectory(prefix="newsframes-scale-") as tmp:
        for n in args.sizes:
            print(f"{n} articles ...", file=sys.stderr, flush=True)
            start = time.perf_counter()
            row = {"run": run, "machine": machine(),
                   **measure_size(articles, n, Path(tmp), args.jobs, not args.no_book,
                                  args.repeats)}  # fmt: skip
            rows.append(row)
            print(json.dumps(row), f"({time.perf_counter() - start:.0f} s)", file=sys.stderr)
    import pandas as pd

    table = pd.DataFrame(rows).reindex(columns=COLUMNS)
    if args.out.exists():
        table = pd.concat([pd.read_csv(args.out), table], ignore_index=True)
    table["repeats"] = table["repeats"].astype("Int64")  # empty for runs recorded before it
    table.to_csv(args.out, index=False, lineterminator="\n")
    print(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
