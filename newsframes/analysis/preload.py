"""The first module the forkserver imports (:data:`workers.PRELOAD`): NLTK, without
SciPy's statistics.

Importing ``nltk`` imports every NLTK package, among them ``nltk.metrics``, whose
association measures import :mod:`scipy.stats` for Fisher's exact test when SciPy is
installed (half a second of the forkserver's imports, before any worker can start) and
fall back to a function that raises ``NotImplementedError`` when it is not. The worker
processes tokenize, tag and count: the analysis's association measures
(:mod:`newsframes.analysis.measures`) need no SciPy, and its statistics
(:mod:`newsframes.analysis.statistics`) import :mod:`scipy.stats` when first used, in
whichever process uses them. So NLTK is imported
here while ``scipy.stats`` is marked as absent (Python's documented meaning of ``None`` in
:data:`sys.modules`: the import raises :class:`ImportError`), and the mark is removed at
once: a later ``import scipy.stats`` imports it as usual.

The one lasting difference: in a worker, NLTK's Fisher test
(``BigramAssocMeasures.fisher``) raises ``NotImplementedError``. Nothing a worker runs may
use it (nothing in the analysis does; its measures are in ``measures.py``). Nothing
happens when NLTK or SciPy's statistics are imported already; should NLTK ever need
:mod:`scipy.stats` to import at all, what it imported is dropped and it is imported as
usual. The calling process never imports this module.

When it imports NLTK, it also pauses the garbage collector for the forkserver's
preloads: they create millions of objects that all live on (modules, the tagger's
weights, the gazetteers), which the collector would scan again and again while they pile
up (0.15 s of the 1.55 s the preloads take). The last preload
(:mod:`newsframes.analysis.warmup`) collects once, freezes and turns the collector back
on, whatever happened before it, so every worker starts with it on.
"""

from __future__ import annotations

import gc
import sys


def _unmark() -> None:
    if "scipy.stats" in sys.modules and sys.modules["scipy.stats"] is None:
        del sys.modules["scipy.stats"]


if "nltk" not in sys.modules and "scipy.stats" not in sys.modules:
    gc.disable()  # until warmup, the last preload, turns it back on
    sys.modules["scipy.stats"] = None  # type: ignore[assignment]
    try:
        import nltk  # noqa: F401
    except ImportError:
        _unmark()
        for _name in [m for m in sys.modules if m == "nltk" or m.startswith("nltk.")]:
            del sys.modules[_name]
        import nltk  # noqa: F401
    finally:
        _unmark()
