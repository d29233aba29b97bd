"""``analyze(seeds)`` -> the named tables of DESIGN.md, with a per-article cache.

Each article's tables are cached under a key made of the file's content hash, its
article id, the pipeline version, a digest of the package's code and the
fingerprint of the NLTK resources (:func:`resources.versions`). A cache entry is
written to a temporary file and renamed into place, so an interrupted run never
leaves a half-written entry.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path

import pandas as pd

from newsframes import PIPELINE_VERSION, corpus, nlp, paths, resources

TABLES = ("articles", "problems", "sentences", "tokens")
_ARTICLE_TABLES = ("sentences", "tokens")


@lru_cache(maxsize=1)
def code_digest() -> str:
    """sha256 over the package's Python files: a change in the code invalidates caches."""
    h = hashlib.sha256()
    root = Path(__file__).resolve().parent
    for f in sorted(root.rglob("*.py")):
        h.update(f.relative_to(root).as_posix().encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def cache_key(article: corpus.Article) -> str:
    """The cache key of one article's tables."""
    parts = [article.sha256, article.article_id, PIPELINE_VERSION, code_digest(),
             resources.versions()]  # fmt: skip
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


_ANNOTATOR: nlp.Annotator | None = None


def _annotator() -> nlp.Annotator:
    global _ANNOTATOR
    if _ANNOTATOR is None:
        _ANNOTATOR = nlp.Annotator()
    return _ANNOTATOR


def analyze_article(article: corpus.Article) -> dict[str, pd.DataFrame]:
    """The per-article tables (``sentences``, ``tokens``) of one article."""
    sentences, tokens = _annotator().annotate(article)
    return {"sentences": sentences, "tokens": tokens}


def analyze(
    seeds: str | os.PathLike | None = None,
    *,
    cache_dir: str | os.PathLike | None = None,
    use_cache: bool = True,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, pd.DataFrame]:
    """Read the corpus in ``seeds`` and return its tables by name.

    Returns a dict with the DataFrames ``articles`` (article_id, source_file, sha256,
    date, dateline, agency, n_paragraphs, n_chars, n_sentences, n_tokens),
    ``problems`` (source_file, severity, message), ``sentences`` and ``tokens`` (see
    :meth:`nlp.Annotator.annotate`), each sorted by its key columns.

    ``jobs`` > 1 analyzes uncached articles in that many worker processes;
    ``progress(done, total)`` is called after each article.
    """
    resources.check()
    corp = corpus.read_corpus(seeds)
    cache = paths.cache_dir(cache_dir) if use_cache else None
    results: dict[str, dict[str, pd.DataFrame]] = {}
    todo = []
    for article in corp.articles:
        cached = _read_cache(cache, article) if cache else None
        if cached is None:
            todo.append(article)
        else:
            results[article.article_id] = cached
    total = len(corp.articles)
    done = len(results)
    if progress and done:
        progress(done, total)
    if jobs > 1 and len(todo) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            outputs = pool.map(analyze_article, todo, chunksize=max(1, len(todo) // (jobs * 8)))
            for article, out in zip(todo, outputs, strict=True):
                results[article.article_id] = _store(cache, article, out)
                done += 1
                if progress:
                    progress(done, total)
    else:
        for article in todo:
            results[article.article_id] = _store(cache, article, analyze_article(article))
            done += 1
            if progress:
                progress(done, total)
    return _assemble(corp, results)


def _assemble(corp: corpus.Corpus, results: dict[str, dict[str, pd.DataFrame]]) -> dict:
    tables: dict[str, pd.DataFrame] = {}
    ids = [a.article_id for a in corp.articles]
    for name in _ARTICLE_TABLES:
        parts = [results[i][name] for i in ids]
        columns = nlp.SENTENCE_COLUMNS if name == "sentences" else nlp.TOKEN_COLUMNS
        tables[name] = (
            pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
        )
    articles = corp.articles_table()
    articles["n_sentences"] = [len(results[i]["sentences"]) for i in ids]
    articles["n_tokens"] = [len(results[i]["tokens"]) for i in ids]
    tables["articles"] = articles.astype({"n_sentences": "int64", "n_tokens": "int64"})
    tables["problems"] = corp.problems
    return {name: tables[name] for name in TABLES}


def _cache_path(cache: Path, article: corpus.Article) -> Path:
    key = cache_key(article)
    return cache / key[:2] / f"{key}.pkl"


def _read_cache(cache: Path, article: corpus.Article) -> dict[str, pd.DataFrame] | None:
    path = _cache_path(cache, article)
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except FileNotFoundError:
        return None
    except Exception:  # a damaged entry of any kind is analyzed afresh
        print(f"newsframes: ignoring unreadable cache entry {path}", file=sys.stderr)
        return None


def _store(cache: Path | None, article: corpus.Article, out: dict) -> dict:
    if cache is not None:
        path = _cache_path(cache, article)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL))
    return out


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_tables(tables: dict[str, pd.DataFrame], out: str | os.PathLike) -> list[Path]:
    """Write each table as ``<out>/<name>.csv`` (UTF-8, LF line ends, no index)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, df in tables.items():
        path = out / f"{name}.csv"
        atomic_write(path, df.to_csv(index=False, lineterminator="\n").encode("utf-8"))
        written.append(path)
    return written
