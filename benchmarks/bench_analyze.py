"""Throughput, memory and cache benchmark of ``analyze`` against bare NLTK.

Writes the 500 Brown corpus texts (NLTK ``brown``) as articles in the seeds format, then
measures in one run, on the same files:

(a) bare NLTK: ``sent_tokenize``, ``word_tokenize`` and ``pos_tag`` over every file;
(b) the full ``analyze`` with default settings and an empty cache;
(c) the same ``analyze`` again, unchanged (every article from the cache);
(d) after adding one article: how many articles were analyzed afresh.

Prints tokens per second of (a) and (b), their ratio, the peak resident memory of each
step (ru_maxrss of a fresh child process) and the speed-up of (c) over (b). Timings on a
shared machine are noisy: compare the ratios of one run, not absolute numbers.

Usage: python benchmarks/bench_analyze.py [--articles N] [--jobs N] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import shutil
import tempfile
import time
from pathlib import Path
from queue import Empty


def write_brown(folder: Path, n: int) -> int:
    """Write ``n`` Brown texts as articles; return the number of words written."""
    from nltk.corpus import brown

    folder.mkdir(parents=True, exist_ok=True)
    words = 0
    for i, fileid in enumerate(brown.fileids()[:n]):
        paragraphs = [
            " ".join(" ".join(sent) for sent in para) for para in brown.paras(fileids=fileid)
        ]
        body = "\n\n".join(p.replace("``", '"').replace("''", '"') for p in paragraphs)
        words += sum(len(p.split()) for p in paragraphs)
        text = f"date 1961-01-{1 + i % 28:02d}\nPROVIDENCE, January {1 + i % 28}. /BROWN/. {body}\n"
        (folder / f"brown_{fileid}.txt").write_text(text, encoding="utf-8")
    return words


def _bare(folder: str, queue) -> None:
    import nltk

    start = time.perf_counter()
    tokens = 0
    for path in sorted(Path(folder).glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for sent in nltk.sent_tokenize(text):
            tagged = nltk.pos_tag(nltk.word_tokenize(sent))
            tokens += len(tagged)
    seconds = time.perf_counter() - start
    queue.put(
        {
            "tokens": tokens,
            "seconds": seconds,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    )


def _analyze(folder: str, cache: str, jobs: int, queue) -> None:
    from newsframes.analysis import pipeline

    start = time.perf_counter()
    fresh = []
    tables = pipeline.analyze(
        folder, cache_dir=cache, jobs=jobs, progress=lambda done, total: None, fresh=fresh
    )
    seconds = time.perf_counter() - start
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    queue.put(
        {
            "tokens": len(tables["tokens"]),
            "seconds": seconds,
            "fresh": len(fresh),
            "peak_mb": max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, children),
        }
    )


def run(target, *args) -> dict:
    """Run a step in a fresh process, so that its peak memory is its own."""
    queue = mp.get_context("spawn").Queue()
    proc = mp.get_context("spawn").Process(target=target, args=(*args, queue))
    proc.start()
    while True:
        try:
            result = queue.get(timeout=5)
            break
        except Empty:
            if not proc.is_alive():
                raise SystemExit(f"{target.__name__} failed (exit code {proc.exitcode})") from None
    proc.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--jobs", type=int, default=None, help="default: analyze's default")
    parser.add_argument("--out", default=None, help="keep the articles here (default: a temp dir)")
    args = parser.parse_args()
    from newsframes.analysis import workers

    jobs = args.jobs or workers.default_jobs()
    work = Path(args.out or tempfile.mkdtemp(prefix="newsframes-bench-"))
    seeds, cache = work / "seeds", work / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(seeds, ignore_errors=True)  # no article left over from an earlier run
    words = write_brown(seeds, args.articles)
    print(f"{args.articles} Brown texts, {words:,} words, in {seeds}; jobs={jobs}")
    bare = run(_bare, str(seeds))
    first = run(_analyze, str(seeds), str(cache), jobs)
    second = run(_analyze, str(seeds), str(cache), jobs)
    extra = seeds / "zz_added.txt"
    extra.write_text("date 1961-02-01\nPROVIDENCE, February 1. /BROWN/. One more article was "
                     "added to the corpus, the benchmark said.\n", encoding="utf-8")  # fmt: skip
    third = run(_analyze, str(seeds), str(cache), jobs)
    report = {
        "bare_nltk_tokens_per_s": bare["tokens"] / bare["seconds"],
        "analyze_tokens_per_s": first["tokens"] / first["seconds"],
        "ratio_analyze_over_bare": (first["tokens"] / first["seconds"])
        / (bare["tokens"] / bare["seconds"]),
        "bare_peak_mb": bare["peak_mb"],
        "analyze_peak_mb": first["peak_mb"],
        "rerun_speedup": first["seconds"] / second["seconds"],
        "rerun_fresh_articles": second["fresh"],
        "after_adding_one_fresh_articles": third["fresh"],
        "seconds": {
            "bare": bare["seconds"],
            "analyze": first["seconds"],
            "rerun": second["seconds"],
            "after_adding_one": third["seconds"],
        },
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
