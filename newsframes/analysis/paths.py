"""The analysis's default folders, derived from one root.

``PROJECT_ROOT`` is the checkout the package is installed from; the default corpus
folder (``seeds/``) and analysis cache (``.cache/newsframes``) are inside it, and both
can be moved with environment variables or arguments, so the same notebooks and commands
run on another corpus without editing a file. The book's own folders (the gold
annotations, the held-out sets) are named in :mod:`newsframes.book.chapters`.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]

SEEDS_ENV = "NEWSFRAMES_SEEDS"
CACHE_ENV = "NEWSFRAMES_CACHE"


def seeds_dir(seeds: str | os.PathLike | None = None) -> Path:
    """The corpus folder: ``seeds`` if given, else ``$NEWSFRAMES_SEEDS``, else ``seeds/``."""
    if seeds is None or str(seeds) == "":
        seeds = os.environ.get(SEEDS_ENV) or PROJECT_ROOT / "seeds"
    return Path(seeds).expanduser().resolve()


def is_article_name(name: str) -> bool:
    """Whether a file of the seeds folder is named as an article: not hidden, ending in
    ``.txt`` in any case (what the loader reads, when it is a regular file, and what the
    command line counts to tell whether workers are likely)."""
    return not name.startswith(".") and name.lower().endswith(".txt")


def cache_dir(cache: str | os.PathLike | None = None) -> Path:
    """The per-article analysis cache: ``cache`` if given, else ``$NEWSFRAMES_CACHE``,
    else ``.cache/newsframes`` under the project root."""
    if cache is None or str(cache) == "":
        cache = os.environ.get(CACHE_ENV) or PROJECT_ROOT / ".cache" / "newsframes"
    return Path(cache).expanduser().resolve()


# A cache entry's file name ends so (a ZIP of Arrow IPC streams and a manifest:
# newsframes.analysis.cache).
ENTRY_SUFFIX = ".zip"


def corpus_entries(cache: Path) -> Path:
    """The folder of the corpus-level entries in the cache folder ``cache`` (one per
    corpus analyzed: :func:`newsframes.analysis.cache.corpus_entry`)."""
    return cache / "corpus"


def nltk_memos(cache: Path) -> Path:
    """The folder, in the cache folder ``cache``, of the records of where NLTK found its
    data (:func:`newsframes.analysis.resources.remember`)."""
    return cache / "nltk"


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
