"""The first module the forkserver imports (:data:`workers.PRELOAD`): NLTK, without
SciPy's statistics.

Importing ``nltk`` imports every NLTK package, among them ``nltk.metrics``, which imports
:mod:`scipy.stats` (half a second of the forkserver's imports, before any worker can
start) for Fisher's exact test and approximate randomization, when SciPy is installed,
and falls back to functions that raise ``NotImplementedError`` when it is not. The worker
processes use neither: they tokenize, tag and count, and the analysis's own statistics
(:mod:`newsframes.analysis.statistics`) import :mod:`scipy.stats` when first used, in
whichever process uses them. So NLTK is imported here while ``scipy.stats`` is marked as
absent (Python's documented meaning of ``None`` in :data:`sys.modules`: the import raises
:class:`ImportError`), and the mark is removed at once: a later ``import scipy.stats``
imports it as usual. Nothing happens when NLTK or SciPy's statistics are imported
already, and the calling process, which uses :mod:`scipy.stats`, never imports this
module.
"""

from __future__ import annotations

import sys

if "nltk" not in sys.modules and "scipy.stats" not in sys.modules:
    sys.modules["scipy.stats"] = None  # type: ignore[assignment]
    try:
        import nltk  # noqa: F401
    finally:
        del sys.modules["scipy.stats"]
