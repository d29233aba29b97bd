"""Where words occur: keyword-in-context lines, dispersion along the corpus, and the
article boundaries a dispersion plot marks."""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence

import numpy as np
import pandas as pd

from newsframes.analysis.terms import fold
from newsframes.analysis.words import STRAIGHTEN


def kwic(
    tokens: pd.DataFrame,
    sentences: pd.DataFrame,
    pattern: str,
    *,
    window: int = 6,
    sort: str | None = "right",
    by: str = "lower",
) -> pd.DataFrame:
    """Keyword in context: every token whose ``by`` form matches ``pattern`` (a glob:
    ``imperialist*``; case-insensitive), with up to ``window`` tokens of context on
    each side, within its sentence, as written in the text.

    ``sort``: ``"right"`` (by the first, second, ... word after the keyword),
    ``"left"`` (by the first, second, ... word before it) or ``None`` (text order);
    ties in text order.

    Returns columns article_id, sent_id, tok_id, start, end, left, keyword, right.
    """
    if sort not in ("right", "left", None):
        raise ValueError(f"sort must be 'right', 'left' or None, not {sort!r}")
    t = tokens.sort_values(["article_id", "tok_id"]).reset_index(drop=True)
    forms = fold(t[by])
    hits = matching(forms, pattern)
    # Each sentence's first and last row, as arrays (not a Python object per token).
    sentence = t.groupby(["article_id", "sent_id"], sort=False).ngroup().to_numpy()
    row = pd.Series(np.arange(len(t)))
    first = row.groupby(sentence).transform("min").to_numpy()
    last = row.groupby(sentence).transform("max").to_numpy()
    starts, ends = t["start"].to_numpy(), t["end"].to_numpy()
    texts = sentences.set_index(["article_id", "sent_id"])[["start", "text"]]
    rows = []
    for i in hits:
        a, b = max(first[i], i - window), min(last[i], i + window)
        s_start, text = texts.loc[(t.at[i, "article_id"], t.at[i, "sent_id"])]
        left = text[starts[a] - s_start : starts[i] - s_start] if a < i else ""
        right = text[ends[i] - s_start : ends[b] - s_start] if b > i else ""
        rows.append((t.at[i, "article_id"], int(t.at[i, "sent_id"]), int(t.at[i, "tok_id"]),
                     int(starts[i]), int(ends[i]), left.strip(), t.at[i, "token"], right.strip(),
                     tuple(forms.iloc[a:i][::-1]), tuple(forms.iloc[i + 1 : b + 1])))  # fmt: skip
    columns = ["article_id", "sent_id", "tok_id", "start", "end", "left", "keyword", "right"]
    out = pd.DataFrame(rows, columns=columns + ["_kl", "_kr"])
    if sort == "right":
        out = out.sort_values(["_kr", "article_id", "tok_id"], kind="stable")
    elif sort == "left":
        out = out.sort_values(["_kl", "article_id", "tok_id"], kind="stable")
    return out[columns].reset_index(drop=True)


def dispersion(tokens: pd.DataFrame, patterns: Sequence[str], *, by: str = "lower") -> pd.DataFrame:
    """Where each pattern (a glob, as in :func:`kwic`) occurs along the corpus.

    Returns columns term (the pattern), article_id, tok_id, position (the token's
    index in the whole corpus, articles in id order, from 0) and relative (position
    within its article, 0 to 1); sorted by term order given, then position.
    """
    t = tokens.sort_values(["article_id", "tok_id"]).reset_index(drop=True)
    forms = fold(t[by])
    lengths = t.groupby("article_id")["tok_id"].transform("size")
    first = t.groupby("article_id")["tok_id"].transform("min")
    rows = []
    for pattern in patterns:
        for i in matching(forms, pattern):
            rel = (t.tok_id[i] - first[i]) / max(lengths[i] - 1, 1)
            rows.append((pattern, t.article_id[i], int(t.tok_id[i]), int(i), rel))
    return pd.DataFrame(rows, columns=["term", "article_id", "tok_id", "position", "relative"])


def matching(forms: pd.Series, pattern: str) -> np.ndarray:
    """The positions of the ``forms`` (folded, :func:`terms.fold`) that match ``pattern``
    (a glob, case-insensitive, curly apostrophes straightened), in order. Each distinct
    form is tested once."""
    pat = pattern.translate(STRAIGHTEN).lower()
    found = [f for f in forms.unique() if fnmatch.fnmatchcase(f, pat)]
    return np.flatnonzero(forms.isin(found).to_numpy())


def article_boundaries(tokens: pd.DataFrame) -> pd.DataFrame:
    """Where each article starts and ends in corpus token positions (as in
    :func:`dispersion`). Returns columns article_id, first, last."""
    sizes = tokens.groupby("article_id").size().sort_index()
    last = sizes.cumsum() - 1
    return pd.DataFrame(
        {"article_id": sizes.index, "first": (last - sizes + 1).to_numpy(), "last": last.to_numpy()}
    )
