"""The last module the forkserver imports (:data:`workers.PRELOAD`): the analysis warmed
up before the first fork.

:func:`pipeline.warm_up` loads the models and word lists that a worker's first batch
would load (the tagger, the lemmatizer, the gazetteers, the lexicons' index: about a
second), once, in the forkserver; every worker forked from it starts with them. Then
:func:`gc.freeze` moves every object the forkserver holds into the garbage collector's
permanent generation, which it never scans: a worker's collections then do not touch the
pages of those objects, which stay shared with the forkserver instead of being copied
into each worker.

A failure here (NLTK data missing, say) is left to the workers, which meet it on their
first batch; the calling process checks the data before it starts them and reports what
is missing (:func:`resources.check`). The calling process never imports this module.
"""

from __future__ import annotations

import gc

from newsframes.analysis import pipeline

try:
    pipeline.warm_up()
except Exception:  # noqa: BLE001 -- reported by the workers and the caller's check
    pass
gc.freeze()
