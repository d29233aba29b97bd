"""Terms: frequencies, n-grams, collocations, keyness, KWIC, dispersion and TF-IDF.

Pure functions over the ``tokens`` table. Every statistic can be computed per group:
``group`` names one or more token columns (``"article_id"``, later ``"voice"``), and
the result gains those columns first. Every output is sorted, ties broken
alphabetically, so the same tokens always give the same table.

Terms are counted over *words*: tokens of running text (datelines left out) that are
not punctuation, case-folded (``Kim`` and ``KIM`` are one term). By default stopwords
(NLTK's English list plus clitics, see :mod:`newsframes.analysis.nlp`) are left out of
frequencies, collocations and keyness, and kept in n-grams, where "the two countries"
is a phrase worth seeing. Rates per 10,000 are per 10,000 words of the group.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from concurrent.futures import Future

import numpy as np
import pandas as pd

from newsframes.analysis import statistics
from newsframes.analysis.measures import BigramMeasures, KeynessMeasures
from newsframes.analysis.reference import reference_counts, reference_size
from newsframes.analysis.settings import DEFAULTS
from newsframes.analysis.words import STRAIGHTEN


def _groups(group: str | Sequence[str] | None) -> list[str]:
    if group is None:
        return []
    return [group] if isinstance(group, str) else list(group)


def fold_form(form: str, *, lower: bool = True) -> str:
    """One word form with curly apostrophes straightened (and lower-cased when
    ``lower``): what :func:`fold` does to each value."""
    form = str(form).translate(STRAIGHTEN)
    return form.lower() if lower else form


def fold(column: pd.Series, *, lower: bool = True) -> pd.Series:
    """``column`` as strings with curly apostrophes straightened (and lower-cased when
    ``lower``); computed once per distinct value."""
    text = column.astype(str)
    codes, uniques = pd.factorize(text)
    # A missing value (code -1) stays missing: the last item, after every folded form.
    # (The uniques read as one list: iterating Arrow strings converts one at a time.)
    folded = [fold_form(u, lower=lower) for u in uniques.tolist()] + [None]
    values = np.array(folded, dtype=object)[codes] if len(codes) else []
    return pd.Series(values, index=column.index, dtype=text.dtype)


def is_running(tokens: pd.DataFrame) -> pd.Series:
    """Which tokens are of running text and not punctuation (:func:`running_words`)."""
    return ~tokens["is_punct"] & ~tokens["is_dateline"]


def running_words(tokens: pd.DataFrame) -> pd.DataFrame:
    """Tokens of running text that are not punctuation: the base of every rate."""
    return tokens[is_running(tokens)]


def n_running(tokens: pd.DataFrame) -> int:
    """How many :func:`running_words` there are (counted without selecting them)."""
    return int(is_running(tokens).sum())


def words(tokens: pd.DataFrame, *, by: str = "lemma", exclude_stop: bool = True) -> pd.DataFrame:
    """The :func:`running_words` (stopwords left out unless ``exclude_stop`` is False)
    with a ``term`` column: the ``by`` column (``lemma`` or ``lower``, case-folded;
    ``token``, as written) with curly apostrophes straightened."""
    if by not in ("lemma", "lower", "token"):
        raise ValueError(f"by must be 'lemma', 'lower' or 'token', not {by!r}")
    keep = is_running(tokens)
    if exclude_stop:
        keep &= ~tokens["is_stop"]
    out = tokens[keep]  # one row filter, not two: each copies every column
    return out.assign(term=fold(out[by], lower=by != "token"))


def frequencies(
    tokens: pd.DataFrame,
    *,
    by: str = "lemma",
    exclude_stop: bool = True,
    group: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Term frequencies.

    Returns columns [group...], term, n (occurrences), per_10k (per 10,000 words of
    the group, stopwords included in the base), n_articles (articles the term occurs
    in); sorted by group, n descending, then term.
    """
    keys = _groups(group)
    base = running_words(tokens[[*keys, "is_punct", "is_dateline"]])
    # Only the columns read: selecting rows copies every column selected.
    read = [*keys, "article_id", by, "is_stop", "is_punct", "is_dateline"]
    read = [c for c in dict.fromkeys(read) if c in tokens.columns]  # words() says what is wrong
    w = words(tokens[read], by=by, exclude_stop=exclude_stop)
    out = (
        w.groupby(keys + ["term"])
        .agg(n=("article_id", "size"), n_articles=("article_id", "nunique"))
        .reset_index()
    )
    if keys:
        sizes = base.groupby(keys).size().rename("size").reset_index()
        out = out.merge(sizes, on=keys, how="left")
        out["per_10k"] = out["n"] / out["size"] * 10_000
    else:
        out["per_10k"] = out["n"] / len(base) * 10_000
    out = out.sort_values(keys + ["n", "term"], ascending=[True] * len(keys) + [False, True])
    return out[keys + ["term", "n", "per_10k", "n_articles"]].reset_index(drop=True)


def _flat(tokens: pd.DataFrame, *, by: str, keys: list[str], breaks, gap: int = 1,
          lower: bool = True, by_group: bool = False) -> dict[tuple, list]:  # fmt: skip
    """The ``by`` terms of ``tokens`` in text order, one list per group key, with ``gap``
    ``None`` between sentences and ``None`` in place of every token where ``breaks``
    is true, so that an n-gram or a window containing ``None`` crosses a break.

    A new group value breaks the sequence too; with ``by_group`` a group's tokens are
    ordered by group first, so the parts of one sentence in one group (narration around
    a quotation) are read as one sequence."""
    order = (keys if by_group else []) + ["article_id", "tok_id"]
    position = tokens.reset_index(drop=True).sort_values(order, kind="stable").index.to_numpy()
    t = tokens.iloc[position]
    terms = fold(t[by], lower=lower).to_numpy().copy()
    terms[np.asarray(breaks, dtype=bool)[position]] = None
    frame = t[["article_id", "sent_id", *keys]].to_numpy()
    new = np.ones(len(t), dtype=bool)
    if len(t) > 1:
        new[1:] = (frame[1:] != frame[:-1]).any(axis=1)
    gkeys = list(zip(*(t[k] for k in keys), strict=True)) if keys else None
    out: dict[tuple, list] = {}
    starts = np.flatnonzero(new).tolist() + [len(t)]
    for a, b in zip(starts, starts[1:], strict=False):
        seq = out.setdefault(gkeys[a] if keys else (), [])
        seq.extend(terms[a:b].tolist())
        seq.extend([None] * gap)
    return out


def _codes(seq: list) -> tuple[np.ndarray, np.ndarray]:
    """``seq`` (strings, and ``None`` at breaks) as integer codes (``-1`` for ``None``) and
    the strings they stand for."""
    codes, words = pd.factorize(pd.Series(seq, dtype=object), use_na_sentinel=True)
    return codes.astype(np.int64), np.asarray(words, dtype=object)


def _numbered(values: np.ndarray) -> np.ndarray:
    """Each distinct value's number, 0, 1, ... in order of first appearance."""
    return pd.factorize(values)[0].astype(np.int64)


def _tally(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each distinct value first appears, and how often it appears, in order of
    first appearance (the order of ``Counter(values)``)."""
    ids = _numbered(values)
    # A value appears first where its number is above every number before it.
    first = np.flatnonzero(ids > np.maximum.accumulate(np.r_[-1, ids[:-1]]))
    return first, np.bincount(ids, minlength=len(first))


def _gram_counts(
    codes: np.ndarray, words: np.ndarray, size: int, min_count: int
) -> list[tuple[tuple[str, ...], int]]:
    """Every run of ``size`` consecutive codes with no break (``-1``) seen at least
    ``min_count`` times, as (its words, its count). Each run is numbered by combining the
    number of its first ``size - 1`` codes with its last code, one word at a time, so
    that the runs are counted as integers rather than as tuples."""
    n = len(codes) - size + 1
    if n <= 0:
        return []
    ok = np.ones(n, dtype=bool)
    for k in range(size):
        ok &= codes[k : k + n] >= 0
    first = np.flatnonzero(ok)
    if not len(first):
        return []
    ids = codes[first]
    for k in range(1, size):
        ids = _numbered(ids) * len(words) + codes[first + k]
    where, counts = _tally(ids)
    keep = counts >= min_count
    return [
        (tuple(words[codes[i : i + size]].tolist()), count)
        for i, count in zip(first[where[keep]].tolist(), counts[keep].tolist(), strict=True)
    ]


def ngrams(
    tokens: pd.DataFrame,
    *,
    n_min: int = DEFAULTS.ngram_min,
    n_max: int = DEFAULTS.ngram_max,
    min_count: int = DEFAULTS.ngram_min_count,
    by: str = "lower",
    group: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Word n-grams of ``n_min`` to ``n_max`` words that occur at least ``min_count``
    times. An n-gram never crosses a sentence boundary or a punctuation mark;
    stopwords are kept.

    Returns columns [group...], ngram (words joined by spaces), n_words, n; sorted
    by group, n descending, n_words descending, then ngram.
    """
    if not 1 <= n_min <= n_max:
        raise ValueError(f"need 1 <= n_min <= n_max, got n_min={n_min}, n_max={n_max}")
    keys = _groups(group)
    breaks = tokens["is_punct"].to_numpy() | tokens["is_dateline"].to_numpy()
    rows = []
    for gkey, seq in _flat(tokens, by=by, keys=keys, breaks=breaks).items():
        codes, words = _codes(seq)
        for size in range(n_min, n_max + 1):
            rows += [(*gkey, " ".join(gram), size, n)
                     for gram, n in _gram_counts(codes, words, size, min_count)]  # fmt: skip
    out = pd.DataFrame(rows, columns=keys + ["ngram", "n_words", "n"])
    # The rows come in the order Counters gave them (first appearance), so rows equal in
    # every sort key (tokens with spaces: "a b" + "c" and "a" + "b c") keep their order.
    out = out.sort_values(
        keys + ["n", "n_words", "ngram"], ascending=[True] * len(keys) + [False, False, True]
    )
    return out.reset_index(drop=True)


# The columns expected, pmi, ll, t_score, log_dice of collocations, in that order.
_MEASURES = (BigramMeasures.expected, BigramMeasures.pmi, BigramMeasures.likelihood_ratio,
             BigramMeasures.t_score, BigramMeasures.log_dice)  # fmt: skip


def collocations(
    tokens: pd.DataFrame,
    *,
    window: int = DEFAULTS.collocation_window,
    min_count: int = DEFAULTS.collocation_min_count,
    by: str = "lemma",
    exclude_stop: bool = True,
    group: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Word pairs that co-occur within ``window`` words inside a sentence.

    ``(w1, w2)`` counts each time ``w2`` follows ``w1`` at most ``window`` words later in
    the same sentence (stopwords and punctuation removed first when excluded;
    punctuation does not break the window). Each such pair of positions is one
    observation, so the 2x2 contingency table is over position pairs (Evert 2008):
    ``O11`` pairs (w1, w2); ``R1`` pairs starting with w1; ``C1`` pairs ending with w2;
    ``N`` all pairs; ``E11 = R1 * C1 / N``. The measures are those of
    :class:`measures.BigramMeasures` with these marginals: expected (E11), pmi (Church &
    Hanks 1990), ll (log-likelihood G2, Dunning 1993), t_score (Church et al. 1991) and
    log_dice (Rychly 2008; with the pair counts as the words' frequencies it stays at
    most 14 whatever the window).

    Returns columns [group...], w1, w2, n (= O11), f1, f2, expected, pmi, ll, t_score,
    log_dice, for pairs with n >= ``min_count``; sorted by group, ll descending, then
    w1, w2.
    """
    if window < 1:
        raise ValueError(f"window must be at least 1, got {window}")
    keys = _groups(group)
    w = words(tokens, by=by, exclude_stop=exclude_stop)
    rows = []
    none = np.zeros(len(w), dtype=bool)
    flat = _flat(w, by="term", keys=keys, breaks=none, gap=window, lower=False, by_group=True)
    for gkey, seq in flat.items():
        codes, vocabulary = _codes(seq)
        # Every pair of positions at most ``window`` apart with no break at either end, as
        # codes of (first word, second word), the nearest pairs first.
        firsts, seconds = [], []
        for k in range(1, window + 1):
            a, b = codes[: max(len(codes) - k, 0)], codes[k:]
            ok = (a >= 0) & (b >= 0)
            firsts.append(a[ok])
            seconds.append(b[ok])
        first, second = np.concatenate(firsts), np.concatenate(seconds)
        size = len(vocabulary)
        f = np.bincount(codes[codes >= 0], minlength=size).tolist()
        starts = np.bincount(first, minlength=size).tolist()  # R1 of each first word
        ends = np.bincount(second, minlength=size).tolist()  # C1 of each second word
        total = len(first)
        at, counts = _tally(first * size + second)
        keep = counts >= min_count
        for a, b, o11 in zip(first[at[keep]].tolist(), second[at[keep]].tolist(),
                             counts[keep].tolist(), strict=True):  # fmt: skip
            marginals = (o11, (starts[a], ends[b]), total)
            rows.append((*gkey, vocabulary[a], vocabulary[b], o11, f[a], f[b],
                         *(m(*marginals) for m in _MEASURES)))  # fmt: skip
    columns = keys + ["w1", "w2", "n", "f1", "f2", "expected", "pmi", "ll", "t_score", "log_dice"]
    out = pd.DataFrame(rows, columns=columns)
    out = out.sort_values(
        keys + ["ll", "w1", "w2"], ascending=[True] * len(keys) + [False, True, True]
    )
    return out.reset_index(drop=True)


def keyness(
    target: pd.Series,
    reference: pd.Series,
    *,
    target_size: int,
    reference_size: int,
    min_count: int = DEFAULTS.keyness_min_count,
    max_p: float = DEFAULTS.keyness_max_p,
    correction: str = DEFAULTS.correction,
) -> pd.DataFrame:
    """Keywords of a target against a reference, from term counts (Series indexed by
    term) and the sizes in words of the two.

    Every term of either is tested; its p-value is corrected for the number of terms
    tested (``correction``: Benjamini & Hochberg 1995 or Bonferroni, see
    :func:`statistics.adjust_p`). Rows: every term seen at least ``min_count`` times in
    the target (positive candidates), and every term significantly rarer in the target
    (ll < 0, corrected p < ``max_p``) however rare there. Statistics:
    :class:`measures.KeynessMeasures` (ll: signed log-likelihood, log_ratio, p).

    Returns columns term, n_target, n_reference, per_10k_target, per_10k_reference,
    ll, log_ratio (the effect size), p (uncorrected), p_adj (corrected),
    is_significant (p_adj < ``max_p``); sorted by ll descending, then term.
    """
    if reference_size <= 0:
        raise ValueError("keyness needs a reference of at least one word")
    # Read as lists: iterating an index of Arrow strings converts one item at a time.
    terms = (
        sorted(set(target.index.tolist()) | set(reference.index.tolist()))
        if target_size > 0
        else []
    )
    in_target = dict(zip(target.index.tolist(), target.tolist(), strict=True))  # per term
    in_reference = dict(zip(reference.index.tolist(), reference.tolist(), strict=True))
    rows = []
    for term in terms:
        a = int(in_target.get(term, 0))
        b = int(in_reference.get(term, 0))
        ll = KeynessMeasures.log_likelihood(a, b, target_size, reference_size)
        lr = KeynessMeasures.log_ratio(a, b, target_size, reference_size)
        p = KeynessMeasures.p_of(ll)  # G2 is computed once per term
        rows.append((term, a, b, a / target_size * 1e4, b / reference_size * 1e4, ll, lr, p))
    columns = ["term", "n_target", "n_reference", "per_10k_target", "per_10k_reference",
               "ll", "log_ratio", "p"]  # fmt: skip
    out = pd.DataFrame(rows, columns=columns)
    out["p_adj"] = statistics.adjust_p(out["p"].to_numpy(dtype=float), method=correction)
    out["is_significant"] = out["p_adj"] < max_p
    keep = (out["n_target"] >= min_count) | ((out["ll"] < 0) & out["is_significant"])
    out = out[keep].sort_values(["ll", "term"], ascending=[False, True], kind="stable")
    return out.reset_index(drop=True)


def name_parts(tokens: pd.DataFrame, mentions: pd.DataFrame) -> pd.Series:
    """True for each token inside an entity mention of two or more words (the *Un* of
    *Kim Jong Un*): such parts are names, not common words, and keyness and log-odds
    leave them out (the whole names are counted in the ``actors`` table).

    In time n log n and memory linear in the tokens and mentions, for all articles at
    once: with the mentions sorted by article and start, a token is inside one when the
    largest end among its article's mentions that start at or before it reaches its end."""
    out = pd.Series(False, index=tokens.index)
    multi = mentions[mentions["text"].str.contains(r"\s", regex=True)]
    if multi.empty or tokens.empty:
        return out
    # One sortable key per (article, offset): the article's code in the high bits.
    # (pd.Index.get_indexer: -1 for an article without such a mention; a hash look-up,
    # where Series.map of strings to numbers goes value by value through Python.)
    codes = pd.Index(pd.unique(multi["article_id"]))
    m_code = codes.get_indexer(multi["article_id"]).astype(np.int64)
    order = np.lexsort((multi["start"].to_numpy(), m_code))
    m_code = m_code[order]
    m_key = (m_code << 40) + multi["start"].to_numpy(dtype=np.int64)[order]
    ends = multi["end"].to_numpy(dtype=np.int64)[order]
    # reach[k]: the largest end of the mentions 0..k of k's article (a running maximum
    # that starts again at each article: earlier articles' ends are made smaller than
    # any offset of the next article by subtracting a per-article floor).
    floor = m_code << 40
    reach = np.maximum.accumulate(floor + ends) - floor
    number = pd.Series(np.arange(len(codes), dtype=np.int64), index=codes)
    t_code = per_article(number, tokens["article_id"]).fillna(-1).to_numpy(dtype=np.int64)
    t_key = (t_code << 40) + tokens["start"].to_numpy(dtype=np.int64)
    k = np.searchsorted(m_key, t_key, side="right") - 1
    k0 = np.maximum(k, 0)
    inside = (t_code >= 0) & (k >= 0) & (m_code[k0] == t_code)
    inside &= reach[k0] >= tokens["end"].to_numpy(dtype=np.int64)
    out[inside] = True
    return out


# The token columns keyness reads without entity mentions (_form_counts, running_words):
# what a caller selects to count word forms without holding every token column.
FORM_COLUMNS = ["lower", "is_stop", "is_punct", "is_dateline"]


def per_article(values: pd.Series, article_ids: pd.Series) -> pd.Series:
    """``article_ids.map(values)`` (``values`` indexed by article_id; NaN for an id not
    there), looked up once per distinct article instead of once per row."""
    codes, ids = pd.factorize(article_ids, use_na_sentinel=False)
    return pd.Series(values.reindex(ids).array.take(codes), index=article_ids.index)


def _form_counts(tokens: pd.DataFrame, mentions: pd.DataFrame | None = None) -> pd.Series:
    """Counts of lower-cased word forms (stopwords left out, and the parts of names of
    two or more words when ``mentions`` are given): what keyness compares."""
    # Only the columns read: selecting rows copies every column selected.
    read = FORM_COLUMNS if mentions is None else [*FORM_COLUMNS, "article_id", "start", "end"]
    w = words(tokens[read], by="lower")
    if mentions is not None:
        w = w[~name_parts(w, mentions)]
    return w.groupby("term").size()


def keyness_vs_reference(
    tokens: pd.DataFrame,
    *,
    categories: Sequence[str] = DEFAULTS.reference,
    min_count: int = DEFAULTS.keyness_min_count,
    max_p: float = DEFAULTS.keyness_max_p,
    reference: tuple[pd.Series, int] | None = None,
    mentions: pd.DataFrame | None = None,
    correction: str = DEFAULTS.correction,
    submit: Callable | None = None,
) -> pd.DataFrame | Future:
    """Keywords of the corpus (lower-cased word forms, stopwords left out, and parts of
    names of two or more words when the entity ``mentions`` are given) against the Brown
    sections ``categories``. See :func:`keyness`. ``reference``: the counts and size of
    those sections when already read (:func:`reference.reference_counts`,
    :func:`reference.reference_size`).

    ``submit`` (e.g. a process pool's ``submit``) computes the last step, :func:`keyness`
    of the two counts, where it sends it, and its future is returned instead of the
    table: the word forms are counted here, and only the counts are sent."""
    categories = tuple(categories)
    counts, size = reference or (reference_counts(categories), reference_size(categories))
    return (submit or _call)(
        keyness,
        _form_counts(tokens, mentions),
        counts,
        target_size=n_running(tokens),
        reference_size=size,
        min_count=min_count,
        max_p=max_p,
        correction=correction,
    )


def _call(function: Callable, *args, **kwargs):
    return function(*args, **kwargs)


def keyness_between(
    tokens: pd.DataFrame,
    column: str,
    target_value: object,
    reference_value: object | None = None,
    *,
    min_count: int = DEFAULTS.keyness_min_count,
    max_p: float = DEFAULTS.keyness_max_p,
) -> pd.DataFrame:
    """Keywords of the tokens whose ``column`` equals ``target_value`` against those
    equal to ``reference_value`` (default: all the others), e.g. quoted against
    narrative voice. See :func:`keyness`."""
    tokens = tokens[[*dict.fromkeys([column, *FORM_COLUMNS])]]  # a filter copies each column
    is_target = tokens[column] == target_value
    target = tokens[is_target]
    rest = (
        tokens[~is_target] if reference_value is None else tokens[tokens[column] == reference_value]
    )
    return keyness_of_tokens(target, rest, min_count=min_count, max_p=max_p)


def keyness_of_tokens(
    target: pd.DataFrame,
    reference: pd.DataFrame,
    *,
    min_count: int = DEFAULTS.keyness_min_count,
    max_p: float = DEFAULTS.keyness_max_p,
) -> pd.DataFrame:
    """Keywords of one tokens table against another (lower-cased word forms, stopwords
    left out; rates over running words), e.g. this corpus against another folder of
    articles. See :func:`keyness`."""
    return keyness(
        _form_counts(target),
        _form_counts(reference),
        target_size=n_running(target),
        reference_size=n_running(reference),
        min_count=min_count,
        max_p=max_p,
    )


def tfidf(tokens: pd.DataFrame, *, by: str = "lemma", top: int = 10) -> pd.DataFrame:
    """The ``top`` most distinctive terms of each article by TF-IDF: tf = the term's
    share of the article's words (stopwords left out), idf = ln(N / df) with N
    articles and df the articles containing the term (Sparck Jones 1972). A term in
    every article scores 0, so with one article every score is 0.

    Returns columns article_id, rank, term, n, tf, idf, tfidf; sorted by article,
    rank (tfidf descending, then term).
    """
    w = words(tokens, by=by)
    n_articles = tokens["article_id"].nunique()
    counts = w.groupby(["article_id", "term"]).size().rename("n").reset_index()
    counts["tf"] = counts["n"] / counts.groupby("article_id")["n"].transform("sum")
    df = counts.groupby("term")["article_id"].nunique()
    counts["idf"] = counts["term"].map(lambda t: math.log(n_articles / df[t]))
    counts["tfidf"] = counts["tf"] * counts["idf"]
    counts = counts.sort_values(["article_id", "tfidf", "term"], ascending=[True, False, True])
    counts["rank"] = counts.groupby("article_id").cumcount() + 1
    out = counts[counts["rank"] <= top]
    return out[["article_id", "rank", "term", "n", "tf", "idf", "tfidf"]].reset_index(drop=True)


def significant(
    keyness: pd.DataFrame, *, max_p: float = DEFAULTS.keyness_max_p, positive: bool = True
):
    """The keywords of a :func:`keyness` table with a corrected p (``p_adj``) below
    ``max_p``: over-used in the target (``positive``, sorted by ll descending) or
    under-used (sorted by ll ascending, the strongest first); ties by term."""
    rows = keyness[
        (keyness["p_adj"] < max_p) & ((keyness["ll"] > 0) if positive else (keyness["ll"] < 0))
    ]
    return rows.sort_values(["ll", "term"], ascending=[not positive, True]).reset_index(drop=True)
