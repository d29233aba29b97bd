"""Helpers for tests that analyze one short inline article (shared by test_voices and
test_framing): the TASS header, the cached analysis, spans and rows to compare."""

from __future__ import annotations

from functools import cache

import pandas as pd

from newsframes.analysis import corpus, pipeline

HEADER = "date 2023-09-14\nTOKYO, September 14. /TASS/. "
KCNA = "Korean Central News Agency"


@cache
def _analyze(text: str, name: str, header: str) -> tuple[corpus.Article, dict]:
    article = corpus.parse_article((header + text).encode("utf-8"), name)
    assert article is not None
    return article, pipeline.analyze_article(article)


def analyze(text: str, *, name: str = "t.txt", header: str = HEADER):
    """``(article, tables)`` of a one-article text (after the TASS ``header``; ``""``
    for none); cached, so callers must not modify the tables."""
    return _analyze(text, name, header)


def at(body: str, text: str, nth: int = 0) -> tuple[int, int]:
    """``(start, end)`` of the ``nth`` occurrence of ``text`` in ``body``."""
    start = -1
    for _ in range(nth + 1):
        start = body.index(text, start + 1)
    return start, start + len(text)


def rows(df: pd.DataFrame, *cols: str) -> list[tuple]:
    """The ``cols`` of ``df`` as a list of tuples."""
    return list(df[list(cols)].itertuples(index=False, name=None))


def brown_article(n_bytes: int, *, agency: str = "BROWN") -> str:
    """One very long article in the seeds format: Brown corpus texts (NLTK ``brown``,
    press sections first) as paragraphs, until the file has about ``n_bytes`` bytes.
    Made at run time from the NLTK data; no text is stored in the repository."""
    from nltk.corpus import brown

    head = f"date 1961-01-02\nPROVIDENCE, January 2. /{agency}/. "
    parts, size = [], len(head)
    while size < n_bytes:
        for fileid in brown.fileids():
            for para in brown.paras(fileids=fileid):
                text = " ".join(" ".join(sent) for sent in para)
                text = text.replace("``", '"').replace("''", '"')
                parts.append(text)
                size += len(text.encode()) + 2
                if size >= n_bytes:
                    return head + "\n\n".join(parts) + "\n"
    return head + "\n\n".join(parts) + "\n"
