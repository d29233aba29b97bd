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

import fnmatch
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

from newsframes.analysis import nlp, resources
from newsframes.analysis.settings import DEFAULTS
from newsframes.analysis.words import STRAIGHTEN


def _groups(group: str | Sequence[str] | None) -> list[str]:
    if group is None:
        return []
    return [group] if isinstance(group, str) else list(group)


def fold(column: pd.Series, *, lower: bool = True) -> pd.Series:
    """``column`` as strings with curly apostrophes straightened (and lower-cased when
    ``lower``); computed once per distinct value."""
    text = column.astype(str)
    codes, uniques = pd.factorize(text)
    folded = [u.translate(STRAIGHTEN) for u in uniques]
    if lower:
        folded = [u.lower() for u in folded]
    values = np.array(folded, dtype=object)[codes] if len(codes) else []
    return pd.Series(values, index=column.index, dtype=text.dtype)


def running_words(tokens: pd.DataFrame) -> pd.DataFrame:
    """Tokens of running text that are not punctuation: the base of every rate."""
    return tokens[~tokens["is_punct"] & ~tokens["is_dateline"]]


def words(tokens: pd.DataFrame, *, by: str = "lemma", exclude_stop: bool = True) -> pd.DataFrame:
    """The :func:`running_words` (stopwords left out unless ``exclude_stop`` is False)
    with a ``term`` column: the ``by`` column (``lemma`` or ``lower``, case-folded;
    ``token``, as written) with curly apostrophes straightened."""
    if by not in ("lemma", "lower", "token"):
        raise ValueError(f"by must be 'lemma', 'lower' or 'token', not {by!r}")
    out = running_words(tokens)
    if exclude_stop:
        out = out[~out["is_stop"]]
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
    base = running_words(tokens)
    w = words(tokens, by=by, exclude_stop=exclude_stop)
    out = (
        w.groupby(keys + ["term"])
        .agg(n=("tok_id", "size"), n_articles=("article_id", "nunique"))
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
        for size in range(n_min, n_max + 1):
            counts = Counter(zip(*(seq[k:] for k in range(size)), strict=False))
            rows += [(*gkey, " ".join(gram), size, n) for gram, n in counts.items()
                     if n >= min_count and None not in gram]  # fmt: skip
    out = pd.DataFrame(rows, columns=keys + ["ngram", "n_words", "n"])
    out = out.sort_values(
        keys + ["n", "n_words", "ngram"], ascending=[True] * len(keys) + [False, False, True]
    )
    return out.reset_index(drop=True)


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
    ``N`` all pairs; ``E11 = R1 * C1 / N``. Then

    - pmi: pointwise mutual information, log2(O11 / E11) (Church & Hanks 1990);
      it favours rare pairs, hence ``min_count``.
    - ll: log-likelihood G2 over the 2x2 table (Dunning 1993).
    - t_score: (O11 - E11) / sqrt(O11) (Church et al. 1991).
    - log_dice: 14 + log2(2 * O11 / (R1 + C1)) (Rychly 2008), with the pair counts
      as the words' frequencies, so that it stays at most 14 whatever the window
      (with window 1 they are the word frequencies); comparable across corpus sizes.

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
        f = Counter(seq)
        pairs: Counter = Counter()
        for k in range(1, window + 1):
            pairs.update(zip(seq, seq[k:], strict=False))
        pairs = Counter({p: n for p, n in pairs.items() if None not in p})
        starts: Counter = Counter()
        ends: Counter = Counter()
        for (a, b), n in pairs.items():
            starts[a] += n
            ends[b] += n
        total = sum(pairs.values())
        for (a, b), o11 in pairs.items():
            if o11 < min_count:
                continue
            r1, c1 = starts[a], ends[b]
            e11 = r1 * c1 / total
            table = (o11, r1 - o11, c1 - o11, total - r1 - c1 + o11)
            rows.append((*gkey, a, b, o11, f[a], f[b], e11, math.log2(o11 / e11),
                         g2(table), (o11 - e11) / math.sqrt(o11),
                         14 + math.log2(2 * o11 / (r1 + c1))))  # fmt: skip
    columns = keys + ["w1", "w2", "n", "f1", "f2", "expected", "pmi", "ll", "t_score", "log_dice"]
    out = pd.DataFrame(rows, columns=columns)
    out = out.sort_values(
        keys + ["ll", "w1", "w2"], ascending=[True] * len(keys) + [False, True, True]
    )
    return out.reset_index(drop=True)


def g2(table: Sequence[float]) -> float:
    """Log-likelihood G2 of a 2x2 table ``(O11, O12, O21, O22)``:
    2 * sum(O * ln(O / E)), a zero cell contributing 0 (Dunning 1993)."""
    o11, o12, o21, o22 = table
    n = o11 + o12 + o21 + o22
    r1, r2, c1, c2 = o11 + o12, o21 + o22, o11 + o21, o12 + o22
    total = 0.0
    for o, r, c in ((o11, r1, c1), (o12, r1, c2), (o21, r2, c1), (o22, r2, c2)):
        if o > 0:
            total += o * math.log(o / (r * c / n))
    return 2 * total


def keyness_stats(a: float, b: float, c: float, d: float) -> tuple[float, float, float]:
    """Signed log-likelihood, log ratio and p for a term seen ``a`` times in a target
    of ``c`` words and ``b`` times in a reference of ``d`` words.

    - ll: G2 = 2 * (a ln(a/E1) + b ln(b/E2)), E1 = c(a+b)/(c+d), E2 = d(a+b)/(c+d)
      (Dunning 1993; the two-term form of Rayson & Garside 2000), negative when the
      term is relatively rarer in the target.
    - log_ratio: log2 of the ratio of relative frequencies (Hardie 2014), a zero
      frequency replaced by 0.5 so that it stays finite.
    - p: chi-squared with one degree of freedom, P(X > G2) = erfc(sqrt(G2 / 2)).
    """
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    ll = 2 * ((a * math.log(a / e1) if a else 0.0) + (b * math.log(b / e2) if b else 0.0))
    ll = max(ll, 0.0)
    log_ratio = math.log2((max(a, 0.5) / c) / (max(b, 0.5) / d))
    sign = 1 if a / c >= b / d else -1
    return sign * ll, log_ratio, math.erfc(math.sqrt(ll / 2))


def keyness(
    target: pd.Series,
    reference: pd.Series,
    *,
    target_size: int,
    reference_size: int,
    min_count: int = DEFAULTS.keyness_min_count,
    max_p: float = DEFAULTS.keyness_max_p,
) -> pd.DataFrame:
    """Keywords of a target against a reference, from term counts (Series indexed by
    term) and the sizes in words of the two.

    Rows: every term seen at least ``min_count`` times in the target (positive
    candidates), and every term significantly rarer in the target (ll < 0, p < ``max_p``)
    however rare there. Statistics as in :func:`keyness_stats`.

    Returns columns term, n_target, n_reference, per_10k_target, per_10k_reference,
    ll, log_ratio, p; sorted by ll descending, then term.
    """
    if reference_size <= 0:
        raise ValueError("keyness needs a reference of at least one word")
    terms = sorted(set(target.index) | set(reference.index)) if target_size > 0 else []
    rows = []
    for term in terms:
        a = int(target.get(term, 0))
        b = int(reference.get(term, 0))
        ll, lr, p = keyness_stats(a, b, target_size, reference_size)
        if a >= min_count or (ll < 0 and p < max_p):
            rows.append((term, a, b, a / target_size * 1e4, b / reference_size * 1e4, ll, lr, p))
    columns = ["term", "n_target", "n_reference", "per_10k_target", "per_10k_reference",
               "ll", "log_ratio", "p"]  # fmt: skip
    out = pd.DataFrame(rows, columns=columns)
    out = out.sort_values(["ll", "term"], ascending=[False, True], kind="stable")
    return out.reset_index(drop=True)


@lru_cache(maxsize=8)
def reference_counts(categories: tuple[str, ...] = DEFAULTS.reference) -> pd.Series:
    """Lower-cased word counts of the Brown corpus sections ``categories`` (NLTK
    ``brown``), tokenized like the target: ``'s`` and ``n't`` split off, punctuation
    and stopwords left out. Indexed by term; sorted by term."""
    resources.check()
    from nltk.corpus import brown

    unknown = sorted(set(categories) - set(brown.categories()))
    if unknown:
        raise ValueError(
            f"unknown Brown categories {unknown}; choose from {', '.join(brown.categories())}"
        )
    stop = nlp.stopword_set()
    counts = {w: n for w, n in _brown_counts(tuple(categories)).items() if w not in stop}
    return pd.Series(counts, dtype="int64").sort_index()


def reference_size(categories: tuple[str, ...] = DEFAULTS.reference) -> int:
    """Words (punctuation left out, stopwords included) in the Brown sections."""
    return sum(_brown_counts(tuple(categories)).values())


@lru_cache(maxsize=8)
def _brown_counts(categories: tuple[str, ...]) -> Counter:
    """Counts of the lower-cased words of the Brown sections, clitics split off,
    punctuation left out (one pass over the corpus serves both functions above)."""
    from nltk.corpus import brown

    counts: Counter = Counter()
    for word, n in Counter(w.lower() for w in brown.words(categories=list(categories))).items():
        for part in _split_clitics(word):
            if not nlp.is_punct(part):
                counts[part] += n
    return counts


def _split_clitics(word: str) -> Iterable[str]:
    """Split a Brown word the way the Treebank tokenizer splits the target:
    ``didn't`` -> ``did n't``, ``they're`` -> ``they 're``, ``architects'`` ->
    ``architects '``."""
    if word.endswith("n't") and len(word) > 3:
        return (word[:-3], "n't")
    for clitic in ("'s", "'re", "'ll", "'ve", "'m", "'d"):
        if word.endswith(clitic) and len(word) > len(clitic):
            return (word[: -len(clitic)], clitic)
    if word.endswith("'") and len(word) > 1:
        return (word[:-1], "'")
    return (word,)


def _form_counts(tokens: pd.DataFrame) -> pd.Series:
    """Counts of lower-cased word forms (stopwords left out): what keyness compares."""
    return words(tokens, by="lower").groupby("term").size()


def keyness_vs_reference(
    tokens: pd.DataFrame,
    *,
    categories: Sequence[str] = DEFAULTS.reference,
    min_count: int = DEFAULTS.keyness_min_count,
    max_p: float = DEFAULTS.keyness_max_p,
    reference: tuple[pd.Series, int] | None = None,
) -> pd.DataFrame:
    """Keywords of the corpus (lower-cased word forms, stopwords left out) against the
    Brown sections ``categories``. See :func:`keyness`. ``reference``: the counts and
    size of those sections when already read (:func:`reference_counts`,
    :func:`reference_size`)."""
    categories = tuple(categories)
    counts, size = reference or (reference_counts(categories), reference_size(categories))
    return keyness(
        _form_counts(tokens),
        counts,
        target_size=len(running_words(tokens)),
        reference_size=size,
        min_count=min_count,
        max_p=max_p,
    )


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
        target_size=len(running_words(target)),
        reference_size=len(running_words(reference)),
        min_count=min_count,
        max_p=max_p,
    )


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
    forms = fold(t[by]).tolist()
    pat = pattern.translate(STRAIGHTEN).lower()
    row = pd.Series(range(len(t)))
    sentence = t.groupby(["article_id", "sent_id"], sort=False).ngroup()
    first = row.groupby(sentence).transform("min").tolist()
    last = row.groupby(sentence).transform("max").tolist()
    starts, ends = t["start"].tolist(), t["end"].tolist()
    texts = sentences.set_index(["article_id", "sent_id"])[["start", "text"]]
    rows = []
    for i, form in enumerate(forms):
        if not fnmatch.fnmatchcase(form, pat):
            continue
        a, b = max(first[i], i - window), min(last[i], i + window)
        s_start, text = texts.loc[(t.at[i, "article_id"], t.at[i, "sent_id"])]
        left = text[starts[a] - s_start : starts[i] - s_start] if a < i else ""
        right = text[ends[i] - s_start : ends[b] - s_start] if b > i else ""
        rows.append((t.at[i, "article_id"], int(t.at[i, "sent_id"]), int(t.at[i, "tok_id"]),
                     starts[i], ends[i], left.strip(), t.at[i, "token"], right.strip(),
                     tuple(forms[a:i][::-1]), tuple(forms[i + 1 : b + 1])))  # fmt: skip
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
        pat = pattern.translate(STRAIGHTEN).lower()
        for i in [i for i, f in enumerate(forms) if fnmatch.fnmatchcase(f, pat)]:
            rel = (t.tok_id[i] - first[i]) / max(lengths[i] - 1, 1)
            rows.append((pattern, t.article_id[i], int(t.tok_id[i]), i, rel))
    return pd.DataFrame(rows, columns=["term", "article_id", "tok_id", "position", "relative"])


def article_boundaries(tokens: pd.DataFrame) -> pd.DataFrame:
    """Where each article starts and ends in corpus token positions (as in
    :func:`dispersion`). Returns columns article_id, first, last."""
    sizes = tokens.groupby("article_id").size().sort_index()
    last = sizes.cumsum() - 1
    return pd.DataFrame(
        {"article_id": sizes.index, "first": (last - sizes + 1).to_numpy(), "last": last.to_numpy()}
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
    """The keywords of a :func:`keyness` table with p < ``max_p``: over-used in the
    target (``positive``, sorted by ll descending) or under-used (sorted by ll
    ascending, the strongest first); ties by term."""
    rows = keyness[
        (keyness["p"] < max_p) & ((keyness["ll"] > 0) if positive else (keyness["ll"] < 0))
    ]
    return rows.sort_values(["ll", "term"], ascending=[not positive, True]).reset_index(drop=True)
