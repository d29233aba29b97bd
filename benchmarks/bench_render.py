"""How the time to render one article's text grows with its length.

Makes one article of about 100 kB, 1 MB and 3 MB (Brown corpus paragraphs, from the
NLTK data, as in ``tests/textcases.brown_article``), analyzes each (quotations and
loaded-language hits give the marks), then times, best of three:

- ``marked``: :class:`newsframes.book.render.HighlightedText` built and rendered to HTML and
  LaTeX over the whole text (no cap), which is what the framing chapter did before
  pages were capped;
- ``plain``: :class:`newsframes.book.render.ArticleText`, likewise over the whole text;
- ``capped``: both at the default cap the chapters use (``render.MAX_CHARS``).

Prints JSON: per size, bytes, sentences, marks, seconds, and seconds per MB; and the
ratio of the per-MB cost of the largest article to that of the smallest (1.0 is
linear; the goal is at most 1.5). Timings on a shared machine are noisy: compare the
ratios of one run, not absolute numbers.

Usage: python benchmarks/bench_render.py [--sizes 100000 1000000 3000000]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from textcases import brown_article  # noqa: E402

from newsframes.analysis import corpus, pipeline  # noqa: E402
from newsframes.book import render  # noqa: E402

GOAL = 1.5


def best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(n_bytes: int) -> dict:
    text = brown_article(n_bytes)
    article = corpus.parse_article(text.encode("utf-8"), "long.txt")
    tables = pipeline.analyze_article(article)
    sentences, quotes = tables["sentences"], tables["quotes"]
    loaded = tables["framing"][tables["framing"]["category"] == "loaded"]
    whole = len(article.body) + 1

    def marked(max_chars=whole):
        obj = render.HighlightedText(sentences, quotes, loaded, max_chars=max_chars)
        obj._repr_html_(), obj.latex()

    def plain(max_chars=whole):
        obj = render.ArticleText(sentences, max_chars=max_chars)
        obj._repr_html_(), obj.latex()

    mb = len(text.encode("utf-8")) / 1e6
    out = {"bytes": len(text.encode("utf-8")), "sentences": len(sentences),
           "marks": len(quotes) + len(loaded)}  # fmt: skip
    for name, fn in [("marked", marked), ("plain", plain)]:
        seconds = best_of(fn)
        out[f"{name}_seconds"] = round(seconds, 4)
        out[f"{name}_seconds_per_mb"] = round(seconds / mb, 4)
    out["capped_seconds"] = round(
        best_of(lambda: (marked(render.MAX_CHARS), plain(render.MAX_CHARS))), 4
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000, 3_000_000])
    args = parser.parse_args()
    rows = []
    for size in sorted(args.sizes):
        rows.append(measure(size))
        print(f"rendered {rows[-1]['bytes']:,} bytes", file=sys.stderr)
    result = {"sizes": rows, "goal_ratio": GOAL}
    for name in ["marked", "plain"]:
        ratio = rows[-1][f"{name}_seconds_per_mb"] / rows[0][f"{name}_seconds_per_mb"]
        result[f"{name}_ratio_largest_to_smallest_per_mb"] = round(ratio, 3)
        result[f"{name}_within_goal"] = ratio <= GOAL
    print(json.dumps(result, indent=2))
    sys.exit(0 if all(result[f"{n}_within_goal"] for n in ["marked", "plain"]) else 1)


if __name__ == "__main__":
    main()
