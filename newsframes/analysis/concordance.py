"""Where words occur: keyword-in-context lines, dispersion along the corpus, and the
article boundaries a dispersion plot marks."""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from newsframes.analysis.terms import fold_form


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
    t = _in_order(tokens)
    hits = matching(t[by], pattern)
    # Only the rows within `window` of a keyword are taken out of the tokens: a keyword's
    # context is its sentence's rows within that distance (a sentence's rows are
    # consecutive in text order).
    near = np.unique(np.clip((hits[:, None] + np.arange(-window, window + 1)).ravel(), 0,
                             max(len(t) - 1, 0)))  # fmt: skip
    used = ["article_id", "sent_id", "tok_id", "start", "end", "token", by]
    sub = t.iloc[near][list(dict.fromkeys(used))]
    ids, sents = sub["article_id"].tolist(), sub["sent_id"].tolist()
    starts, ends, words = sub["start"].tolist(), sub["end"].tolist(), sub["token"].tolist()
    forms = [fold_form(f) for f in sub[by].tolist()]

    def same_sentence(p: int, q: int) -> bool:
        return near[q] - near[p] == q - p and ids[p] == ids[q] and sents[p] == sents[q]

    texts = sentences.set_index(["article_id", "sent_id"])[["start", "text"]]
    rows = []
    for p in np.searchsorted(near, hits).tolist():
        a = p
        while a > 0 and near[p] - near[a - 1] <= window and same_sentence(a - 1, p):
            a -= 1
        b = p
        while b + 1 < len(near) and near[b + 1] - near[p] <= window and same_sentence(p, b + 1):
            b += 1
        s_start, text = texts.loc[(ids[p], sents[p])]
        left = text[starts[a] - s_start : starts[p] - s_start] if a < p else ""
        right = text[ends[p] - s_start : ends[b] - s_start] if b > p else ""
        rows.append((ids[p], int(sents[p]), int(sub["tok_id"].iat[p]), int(starts[p]),
                     int(ends[p]), left.strip(), words[p], right.strip(),
                     tuple(forms[a:p][::-1]), tuple(forms[p + 1 : b + 1])))  # fmt: skip
    columns = ["article_id", "sent_id", "tok_id", "start", "end", "left", "keyword", "right"]
    out = pd.DataFrame(rows, columns=columns + ["_kl", "_kr"])
    if sort == "right":
        out = out.sort_values(["_kr", "article_id", "tok_id"], kind="stable")
    elif sort == "left":
        out = out.sort_values(["_kl", "article_id", "tok_id"], kind="stable")
    return out[columns].reset_index(drop=True)


def _in_order(tokens: pd.DataFrame) -> pd.DataFrame:
    """``tokens`` in text order (article_id, then tok_id) with a 0-based index: the rows
    as they are when they already are in that order (the tokens table is), so that no
    column is copied."""
    # Compared in Arrow, not as a Python string per row: in order when no id is followed
    # by a smaller one, and tok_id rises between rows of the same id.
    ids = pa.array(tokens["article_id"])
    after, before = ids[1:], ids[:-1]
    ordered = len(tokens) < 2 or (
        not pc.any(pc.less(after, before)).as_py()
        and bool(
            np.all(
                ~pc.equal(after, before).to_numpy(zero_copy_only=False)
                | (np.diff(tokens["tok_id"].to_numpy()) > 0)
            )
        )
    )
    return (tokens if ordered else tokens.sort_values(["article_id", "tok_id"])).reset_index(
        drop=True
    )


def dispersion(tokens: pd.DataFrame, patterns: Sequence[str], *, by: str = "lower") -> pd.DataFrame:
    """Where each pattern (a glob, as in :func:`kwic`) occurs along the corpus.

    Returns columns term (the pattern), article_id, tok_id, position (the token's
    index in the whole corpus, articles in id order, from 0) and relative (position
    within its article, 0 to 1); sorted by term order given, then position.
    """
    t = _in_order(tokens)
    lengths = t.groupby("article_id")["tok_id"].transform("size")
    first = t.groupby("article_id")["tok_id"].transform("min")
    rows = []
    for pattern in patterns:
        for i in matching(t[by], pattern):
            rel = (t.tok_id[i] - first[i]) / max(lengths[i] - 1, 1)
            rows.append((pattern, t.article_id[i], int(t.tok_id[i]), int(i), rel))
    return pd.DataFrame(rows, columns=["term", "article_id", "tok_id", "position", "relative"])


def matching(forms: pd.Series, pattern: str) -> np.ndarray:
    """The positions of the ``forms`` that match ``pattern`` (a glob), in order; both are
    folded as :func:`terms.fold` does (case-insensitive, curly apostrophes straightened).
    Each distinct form is folded and tested once."""
    pat = fold_form(pattern)
    found = [f for f in forms.unique() if fnmatch.fnmatchcase(fold_form(f), pat)]
    return np.flatnonzero(forms.isin(found).to_numpy())


def article_boundaries(tokens: pd.DataFrame) -> pd.DataFrame:
    """Where each article starts and ends in corpus token positions (as in
    :func:`dispersion`). Returns columns article_id, first, last."""
    sizes = tokens.groupby("article_id").size().sort_index()
    last = sizes.cumsum() - 1
    return pd.DataFrame(
        {"article_id": sizes.index, "first": (last - sizes + 1).to_numpy(), "last": last.to_numpy()}
    )
