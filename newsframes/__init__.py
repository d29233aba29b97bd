"""newsframes: a reproducible analysis of how news articles frame their event.

Importing the package prints nothing and touches no network. The analysis is in
:mod:`newsframes.pipeline`; the command line is ``python -m newsframes``.
"""

__version__ = "0.1.0"

# Bumped whenever a change in the package can change an analysis table; part of
# the per-article cache key and of the book's execution key.
PIPELINE_VERSION = "3"
