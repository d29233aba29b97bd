"""Comparisons of counts and rates between groups of words: corrections for multiple
tests, exact intervals of rates and rate ratios, and log-odds ratios with an informative
Dirichlet prior.

- :func:`adjust_p` corrects a family of p-values for the number of tests: the step-up
  false discovery rate of Benjamini & Hochberg (1995) or the family-wise Bonferroni
  bound (Dunn 1961).
- :func:`poisson_interval` is the exact interval of a rate ``k / exposure`` (Garwood
  1936), from quantiles of chi-square.
- :func:`rate_ratio` compares two rates exactly, conditioning on their total count: the
  Clopper & Pearson (1934) interval of a binomial proportion, turned into an interval of
  the ratio, and the exact conditional test (Przyborowski & Wilenski 1940; Breslow & Day
  1987). :func:`differs` says whether the interval excludes 1: the only case in which the
  prose may call one rate higher or lower than the other.
- :func:`log_odds` is the weighted log-odds ratio with an informative Dirichlet prior of
  Monroe, Colaresi & Quinn (2008), "Fightin' Words", with its z-score and corrected p.

The functions are pure and deterministic: they read their arguments, change none of them,
and return new arrays, tuples or DataFrames. :mod:`scipy.stats` is imported by the
functions that use it, when first called: importing it takes about half a second, which
the worker processes, which import this module with the analysis and call only
:func:`log_odds` and :func:`adjust_p`, are spared (:mod:`newsframes.analysis.workers`):
:func:`log_odds` takes the normal distribution's tail from :mod:`scipy.special`.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import pandas as pd

from newsframes.analysis.settings import CORRECTIONS, DEFAULTS

LOG_ODDS_COLUMNS = ["term", "n_a", "n_b", "per_10k_a", "per_10k_b", "delta", "se", "z", "p",
                    "p_adj"]  # fmt: skip


def _check_confidence(confidence: float) -> float:
    if isinstance(confidence, bool) or not 0 < confidence < 1:
        raise ValueError(
            f"confidence must be a level between 0 and 1 (0.95 for 95%), not {confidence!r}"
        )
    return float(confidence)


# =========================================================================== multiple tests


def adjust_p(p, *, method: str = DEFAULTS.correction) -> np.ndarray:
    """p-values corrected for the number of tests, in the order given.

    - ``"bh"``: the step-up adjusted p-values of Benjamini & Hochberg (1995), which
      control the false discovery rate: with the m p-values sorted,
      ``p_adj(i) = min over j >= i of min(1, p(j) * m / j)``, so the adjusted values keep
      the order of the raw ones and never exceed 1. A test is significant at level q
      when its adjusted p is at most q.
    - ``"bonferroni"``: ``min(1, p * m)``, which controls the family-wise error rate
      (Dunn 1961).

    A NaN p-value (a test that could not be made) stays NaN and is not counted in m.

    Args:
        p: p-values (a sequence, array or Series), each between 0 and 1, or NaN.
        method: one of :data:`settings.CORRECTIONS` (``"bh"``, ``"bonferroni"``).

    Returns:
        A float array of the shape of ``p``.

    Raises:
        ValueError: for an unknown method or a p-value outside [0, 1].
    """
    if method not in CORRECTIONS:
        raise ValueError(
            f"method must be one of {', '.join(CORRECTIONS)} (settings.CORRECTIONS), not {method!r}"
        )
    values = np.asarray(p, dtype=float)
    flat = values.ravel()
    tested = ~np.isnan(flat)
    q = flat[tested]
    if np.any((q < 0) | (q > 1)):
        raise ValueError("p-values must lie between 0 and 1 (or be NaN for a missing test)")
    out = np.full(flat.shape, np.nan)
    m = q.size
    if m:
        if method == "bonferroni":
            adjusted = np.minimum(q * m, 1.0)
        else:
            order = np.argsort(q, kind="stable")
            stepped = q[order] * m / np.arange(1, m + 1)
            stepped = np.minimum.accumulate(stepped[::-1])[::-1]
            adjusted = np.empty(m)
            adjusted[order] = np.minimum(stepped, 1.0)
        out[tested] = adjusted
    return out.reshape(values.shape)


# =========================================================================== rates


def poisson_interval(k, exposure, *, confidence: float = DEFAULTS.confidence):
    """The exact confidence interval of the rate ``k / exposure`` of a Poisson count
    (Garwood 1936).

    With ``a = 1 - confidence``: ``low = chi2.ppf(a / 2, 2k) / 2 / exposure`` (0 when
    ``k == 0``) and ``high = chi2.ppf(1 - a / 2, 2k + 2) / 2 / exposure``; these are the
    means at which P(X >= k) and P(X <= k) are a / 2. For k = 3 and an exposure of 1 the
    95% interval is (0.6187, 8.7673). An exposure of 0 gives (nan, nan).

    Args:
        k: count(s) of events, e.g. occurrences of a word (scalar or array).
        exposure: size(s) of the sample, e.g. words of the group (broadcast against ``k``).
        confidence: the confidence level of the interval.

    Returns:
        ``(low, high)``: two floats for scalar arguments, else two float arrays.

    Raises:
        ValueError: for a negative count or exposure, or a confidence outside (0, 1).
    """
    from scipy import stats  # imported when first used: see the module's docstring

    level = _check_confidence(confidence)
    k_arr, e_arr = np.broadcast_arrays(np.asarray(k, dtype=float), np.asarray(exposure, float))
    if np.any(k_arr < 0) or np.any(e_arr < 0):
        raise ValueError("poisson_interval needs counts and exposures of at least 0")
    alpha = 1 - level
    with np.errstate(divide="ignore", invalid="ignore"):
        low = np.where(k_arr > 0, stats.chi2.ppf(alpha / 2, 2 * k_arr) / 2, 0.0)
        high = stats.chi2.ppf(1 - alpha / 2, 2 * k_arr + 2) / 2
        low = np.where(e_arr > 0, low / e_arr, np.nan)
        high = np.where(e_arr > 0, high / e_arr, np.nan)
    if low.ndim == 0:
        return float(low), float(high)
    return low, high


class RateRatio(NamedTuple):
    """The ratio of two rates, its exact confidence interval and two-sided p-value
    (:func:`rate_ratio`). A NamedTuple: a list of them is a tidy DataFrame
    (``pd.DataFrame(ratios)`` has columns ratio, low, high, p)."""

    ratio: float
    low: float
    high: float
    p: float


def _check_count(name: str, value) -> int:
    if isinstance(value, bool) or int(value) != value or value < 0:
        raise ValueError(f"{name} must be a count (a whole number of at least 0), not {value!r}")
    return int(value)


def rate_ratio(k1, n1, k2, n2, *, confidence: float = DEFAULTS.confidence) -> RateRatio:
    """The ratio of the rates ``k1 / n1`` and ``k2 / n2`` of two Poisson counts, with
    an exact interval and p-value conditional on the total ``k1 + k2``.

    Given the total, ``k1 ~ Binomial(k1 + k2, pi)`` with ``pi = n1 r / (n1 r + n2)``,
    ``r`` the ratio of the rates. The Clopper & Pearson (1934) interval of ``pi`` (beta
    quantiles: ``low = Beta(a/2; k1, k2 + 1)``, ``high = Beta(1 - a/2; k1 + 1, k2)``,
    ``a = 1 - confidence``) is turned into an interval of ``r = pi / (1 - pi) * n2 / n1``;
    the p-value is the exact two-sided binomial test of ``pi0 = n1 / (n1 + n2)``, i.e.
    of equal rates (Przyborowski & Wilenski 1940; Breslow & Day 1987, the exact method for
    two rates), by :func:`scipy.stats.binomtest`: the total probability of the outcomes
    no more likely than ``k1``. The interval is conservative (covers at least
    ``confidence``), as the test is.

    Edge cases:

    - ``k1 + k2 == 0`` (neither group has the word): ratio NaN, interval (0, inf),
      p 1.0 -- nothing is known.
    - ``k1 == 0 < k2``: ratio 0, low 0, a finite high.
    - ``k2 == 0 < k1``: ratio inf, a positive low, high inf.

    Args:
        k1, k2: counts in the two groups (whole numbers of at least 0).
        n1, n2: exposures of the two groups, e.g. their sizes in words (positive).
        confidence: the confidence level of the interval.

    Returns:
        A :class:`RateRatio` ``(ratio, low, high, p)``.

    Raises:
        ValueError: for a negative or fractional count, an exposure of 0 or less, or a
            confidence outside (0, 1).
    """
    level = _check_confidence(confidence)
    k1, k2 = _check_count("k1", k1), _check_count("k2", k2)
    if not (n1 > 0 and n2 > 0):
        raise ValueError(f"rate_ratio needs positive exposures n1 and n2, not {n1!r}, {n2!r}")
    n1, n2 = float(n1), float(n2)
    total = k1 + k2
    if total == 0:
        return RateRatio(math.nan, 0.0, math.inf, 1.0)
    from scipy import stats

    alpha = 1 - level
    scale = n2 / n1
    ratio = math.inf if k2 == 0 else (k1 / n1) / (k2 / n2)
    if k1 == 0:
        low = 0.0
    else:
        pi_low = float(stats.beta.ppf(alpha / 2, k1, k2 + 1))
        low = pi_low / (1 - pi_low) * scale
    if k2 == 0:
        high = math.inf
    else:
        pi_high = float(stats.beta.ppf(1 - alpha / 2, k1 + 1, k2))
        high = pi_high / (1 - pi_high) * scale
    p = float(stats.binomtest(k1, total, n1 / (n1 + n2)).pvalue)
    return RateRatio(float(ratio), float(low), float(high), min(p, 1.0))


def differs(rr: RateRatio) -> bool:
    """True when the interval of a :func:`rate_ratio` excludes 1 (``low > 1`` or
    ``high < 1``): only then may the prose call the first rate higher or lower than
    the second. A ratio with no data (interval (0, inf)) never differs."""
    return bool(rr.low > 1 or rr.high < 1)


# =========================================================================== log-odds


def _counts(name: str, counts, *, whole: bool = True) -> pd.Series:
    series = pd.Series(counts, dtype=float) if not isinstance(counts, pd.Series) else counts
    series = series.astype(float)
    if not series.index.is_unique:
        raise ValueError(
            f"{name} lists a term more than once; sum them first: {name}.groupby(level=0).sum()"
        )
    if series.isna().any() or (series < 0).any():
        raise ValueError(f"{name} must hold counts of at least 0 (no NaN)")
    if whole and (series != series.round()).any():
        raise ValueError(f"{name} must hold whole numbers of occurrences")
    return series


def log_odds(
    counts_a: pd.Series,
    counts_b: pd.Series,
    *,
    prior: pd.Series | None = None,
    prior_size: float = DEFAULTS.logodds_prior_size,
    min_count: int = DEFAULTS.logodds_min_count,
    correction: str = DEFAULTS.correction,
) -> pd.DataFrame:
    """Words that distinguish group a from group b: the log-odds ratio with an
    informative Dirichlet prior, and its z-score (Monroe, Colaresi & Quinn 2008,
    "Fightin' Words", eqs. 16 and 19-22).

    The prior spreads ``prior_size`` pseudo-words over the terms in proportion to a
    background: ``alpha_w = prior_size * prior_w / sum(prior)``, so ``alpha_0 =
    prior_size``. For a term w seen ``y_a`` and ``y_b`` times in groups of ``N_a`` and
    ``N_b`` words (the totals over all terms, tested or not)::

        delta = log((y_a + alpha_w) / (N_a + alpha_0 - y_a - alpha_w))
              - log((y_b + alpha_w) / (N_b + alpha_0 - y_b - alpha_w))
        var   = 1 / (y_a + alpha_w) + 1 / (y_b + alpha_w)
        z     = delta / sqrt(var)

    The prior shrinks the log-odds of rare words towards 0, so that a word seen twice
    is not the most distinctive; z weighs delta by its certainty. Swapping the groups
    negates delta and z. p is the two-sided normal p-value of z, corrected over the
    tested terms by :func:`adjust_p`.

    Args:
        counts_a, counts_b: term -> count in each group (Series indexed by term).
        prior: term -> background count; by default ``counts_a + counts_b`` (the pooled
            corpus). Every tested term needs a positive background count.
        prior_size: alpha_0, the prior's size in pseudo-words (larger shrinks more).
        min_count: occurrences ``y_a + y_b`` a term needs to be tested.
        correction: the correction of :func:`adjust_p` (``"bh"`` or ``"bonferroni"``).

    Returns:
        One row per tested term, with columns

        - ``term``: the term;
        - ``n_a``, ``n_b``: its counts y_a and y_b in groups a and b (integers);
        - ``per_10k_a``, ``per_10k_b``: its rates per 10,000 words of each group's total
          (NaN for a group of no words);
        - ``delta``: the log-odds ratio with the prior (positive: more typical of a);
        - ``se``: its standard error, ``sqrt(var)``;
        - ``z``: ``delta / se``;
        - ``p``: the two-sided p-value of z under the standard normal;
        - ``p_adj``: p corrected for the number of tested terms (``correction``);

        sorted by z descending, then term ascending. No tested term gives an empty frame
        with these columns.

    Raises:
        ValueError: for negative, fractional or repeated counts, a ``prior_size`` of 0 or less, a
            prior without positive mass on a tested term, or an unknown correction.
    """
    if correction not in CORRECTIONS:
        raise ValueError(
            f"correction must be one of {', '.join(CORRECTIONS)} (settings.CORRECTIONS), "
            f"not {correction!r}"
        )
    if isinstance(prior_size, bool) or not prior_size > 0:
        raise ValueError(
            f"prior_size must be a positive number of pseudo-words, not {prior_size!r}"
        )
    a = _counts("counts_a", counts_a)
    b = _counts("counts_b", counts_b)
    terms = a.index.union(b.index)
    y_a = a.reindex(terms, fill_value=0.0)
    y_b = b.reindex(terms, fill_value=0.0)
    n_a, n_b = float(a.sum()), float(b.sum())
    background = (y_a + y_b) if prior is None else _counts("prior", prior, whole=False)
    mass = float(background.sum())
    keep = (y_a + y_b) >= min_count
    y_a, y_b = y_a[keep], y_b[keep]
    tested = y_a.index
    if len(tested) == 0:
        return pd.DataFrame({
            "term": pd.Series(dtype=object), "n_a": pd.Series(dtype="int64"),
            "n_b": pd.Series(dtype="int64"),
            **{c: pd.Series(dtype=float) for c in LOG_ODDS_COLUMNS[3:]},
        })  # fmt: skip
    alpha = background.reindex(tested, fill_value=0.0) * (prior_size / mass if mass else 0.0)
    if not (alpha > 0).all():
        missing = ", ".join(map(str, tested[~(alpha > 0).to_numpy()][:5]))
        raise ValueError(
            f"the prior gives no weight to tested terms ({missing}); include the groups' "
            "counts in it: prior.add(counts_a, fill_value=0).add(counts_b, fill_value=0)"
        )
    alpha_0 = float(prior_size)
    ya, yb, al = y_a.to_numpy(), y_b.to_numpy(), alpha.to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log((ya + al) / (n_a + alpha_0 - ya - al)) - np.log(
            (yb + al) / (n_b + alpha_0 - yb - al)
        )
        se = np.sqrt(1 / (ya + al) + 1 / (yb + al))
        z = delta / se
        per_10k_a = ya / n_a * 1e4 if n_a else np.full(ya.shape, np.nan)
        per_10k_b = yb / n_b * 1e4 if n_b else np.full(yb.shape, np.nan)
    # The normal survival function sf(x) as scipy.stats.norm.sf computes it, ndtr(-x),
    # without importing scipy.stats (log-odds are also computed in worker processes).
    from scipy import special

    p = 2 * special.ndtr(-np.abs(z))
    out = pd.DataFrame({
        "term": tested.to_numpy(dtype=object), "n_a": ya.astype("int64"),
        "n_b": yb.astype("int64"), "per_10k_a": per_10k_a, "per_10k_b": per_10k_b,
        "delta": delta, "se": se, "z": z, "p": p, "p_adj": adjust_p(p, method=correction),
    })  # fmt: skip
    out = out.sort_values(["z", "term"], ascending=[False, True], kind="stable")
    return out.reset_index(drop=True)
