"""newsframes: a reproducible analysis of how news articles frame their event.

Importing the package prints nothing and touches no network. The analysis is in
:mod:`newsframes.analysis` (entry point :func:`newsframes.analysis.pipeline.analyze`), what
the book shows of it in :mod:`newsframes.book`; the command line is ``python -m newsframes``.
The architecture is described in ``docs/architecture.md`` of the repository.
"""

import re as _re
from pathlib import Path as _Path


def _version() -> str:
    """The version in CITATION.cff, its one source (see newsframes.book.publication); from
    the installed metadata when the package runs outside the repository."""
    cff = _Path(__file__).resolve().parents[1] / "CITATION.cff"
    if cff.is_file():
        found = _re.search(r"^version:\s*['\"]?([^'\"\s]+)", cff.read_text("utf-8"), _re.M)
        if found:
            return found.group(1)
    from importlib.metadata import version

    return version("newsframes")


__version__ = _version()

# Bumped whenever a change in the package can change an analysis table; part of
# the per-article cache key and of the book's execution key.
PIPELINE_VERSION = "3"
