"""The last module the forkserver imports (:data:`workers.PRELOAD`): the analysis warmed
up before the first fork.

:func:`pipeline.warm_up` loads the models and word lists that a worker's first batch
would load (the tagger, the lemmatizer, the gazetteers, the lexicons' index: about a
second), once, in the forkserver; every worker forked from it starts with them. Then the
garbage is collected and :func:`gc.freeze` moves every object the forkserver holds into
the collector's permanent generation, which it never scans: a worker's collections then
do not write to those objects, so fewer of their pages are copied into each worker
(reference counts still write to the objects a worker uses). The collector, paused by the
first preload (:mod:`newsframes.analysis.preload`), is then turned back on.

A failure here (NLTK data missing, say) is logged at debug level and left to the
workers, which meet it on their first batch; the calling process checks the data before
it starts them and reports what is missing (:func:`resources.check`). Importing this
module runs the warm-up wherever it is imported: only the forkserver imports it.
"""

from __future__ import annotations

import gc
import logging

try:
    from newsframes.analysis import pipeline

    pipeline.warm_up()
except Exception:  # noqa: BLE001 -- reported by the workers and the caller's check
    logging.getLogger(__name__).debug(
        "warm-up failed; the workers load what they need", exc_info=True
    )
finally:
    gc.collect()
    gc.freeze()
    gc.enable()  # paused by the first preload (newsframes.analysis.preload)
