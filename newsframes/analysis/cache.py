"""The analysis cache: one entry per article (its per-article tables) and one per corpus
(its corpus-level tables), each under a key that names everything its tables depend on.

- An article's key (:func:`article_key`): the file's content hash and article id, the
  pipeline version, a digest of the analysis code and lexicons (:func:`code_digest`),
  the NLTK data and packages (:func:`resources.versions`) and the settings of the article
  stage.
- A corpus's key (:func:`corpus_key`): every article's key, every setting, and the
  articles' attributes.

An entry is written to a temporary file and renamed into place (:func:`atomic_write`),
so an interrupted run never leaves a half-written entry; an entry that cannot be read is
reported and recomputed.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

import pandas as pd

from newsframes import PIPELINE_VERSION
from newsframes.analysis import corpus, resources
from newsframes.analysis.settings import DEFAULTS, Settings


@lru_cache(maxsize=1)
def code_digest() -> str:
    """sha256 over the analysis package's Python files and lexicons: a change in either
    invalidates caches (the book's code is not part of it: it changes no table)."""
    h = hashlib.sha256()
    root = Path(__file__).resolve().parent
    for f in sorted([*root.rglob("*.py"), *root.glob("lexicons/*.csv")]):
        h.update(f.relative_to(root).as_posix().encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def article_key(article: corpus.Article, settings: Settings = DEFAULTS) -> str:
    """The cache key of one article's tables: its bytes and id, the code, the NLTK data
    and the settings of the article stage."""
    parts = [article.sha256, article.article_id, PIPELINE_VERSION, code_digest(),
             resources.versions(), repr(settings.of_stage("article"))]  # fmt: skip
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def corpus_key(article_keys: list[str], settings: Settings, attributes: str = "") -> str:
    """The cache key of the corpus-level tables: the articles' keys, every setting and
    the articles' ``attributes`` (the articles table as text: outlets, dates and the
    columns of ``metadata.csv``, which the comparisons group by)."""
    parts = [repr(settings), PIPELINE_VERSION, code_digest(), resources.versions(),
             hashlib.sha256(attributes.encode()).hexdigest()]  # fmt: skip
    return hashlib.sha256("|".join(parts + article_keys).encode()).hexdigest()


def article_entry(folder: Path, key: str) -> Path:
    """Where the entry of an article key lives in the cache ``folder``."""
    return folder / key[:2] / f"{key}.pkl"


def corpus_entry(folder: Path, key: str) -> Path:
    """Where the entry of a corpus key lives in the cache ``folder``."""
    return folder / "corpus" / f"{key}.pkl"


def read(path: Path) -> dict[str, pd.DataFrame] | None:
    """The tables of a cache entry, ``None`` when there is none or it cannot be read
    (then a line on standard error says so, and the tables are computed afresh)."""
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except FileNotFoundError:
        return None
    except Exception:  # a damaged entry of any kind is analyzed afresh
        print(f"newsframes: ignoring unreadable cache entry {path}", file=sys.stderr)
        return None


def write(path: Path, tables: dict[str, pd.DataFrame]) -> None:
    """Write a cache entry atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, pickle.dumps(tables, protocol=pickle.HIGHEST_PROTOCOL))


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
