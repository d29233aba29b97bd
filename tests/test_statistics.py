"""Comparisons of counts and rates (analysis.statistics): corrections worked out by hand,
exact intervals checked against their defining tail probabilities (computed with
``math``), and log-odds with an informative Dirichlet prior written out term by term."""

from __future__ import annotations

import inspect
import math

import numpy as np
import pandas as pd
import pytest

from newsframes.analysis.settings import DEFAULTS
from newsframes.analysis.statistics import (
    RateRatio,
    adjust_p,
    differs,
    log_odds,
    poisson_interval,
    rate_ratio,
)

COLUMNS = ["term", "n_a", "n_b", "per_10k_a", "per_10k_b", "delta", "se", "z", "p", "p_adj"]


def binom_pmf(x: int, n: int, pi: float) -> float:
    return math.comb(n, x) * pi**x * (1 - pi) ** (n - x)


def poisson_cdf(k: int, mu: float) -> float:
    """P(X <= k) for X ~ Poisson(mu)."""
    return sum(math.exp(-mu) * mu**x / math.factorial(x) for x in range(k + 1))


# =========================================================================== adjust_p


def test_benjamini_hochberg_by_hand():
    # sorted: 0.005 (rank 1), 0.01 (2), 0.03 (3), 0.04 (4); m = 4
    # p * m / rank: 0.005*4/1 = 0.02, 0.01*4/2 = 0.02, 0.03*4/3 = 0.04, 0.04*4/4 = 0.04
    # running minimum from the top leaves them; back in input order:
    assert adjust_p([0.01, 0.04, 0.03, 0.005], method="bh") == pytest.approx(
        [0.02, 0.04, 0.04, 0.02]
    )


def test_benjamini_hochberg_is_a_step_up():
    # m = 3: 0.01*3/1 = 0.03, 0.02*3/2 = 0.03, 0.025*3/3 = 0.025; the minimum over the
    # larger ranks pulls ranks 1 and 2 down to 0.025 (the raw 0.03 would not be monotone)
    assert adjust_p([0.02, 0.025, 0.01], method="bh") == pytest.approx([0.025, 0.025, 0.025])


def test_bonferroni_multiplies_by_m_and_caps_at_one():
    # m = 3: 0.01*3 = 0.03, 0.2*3 = 0.6, 0.5*3 = 1.5 -> 1
    assert adjust_p([0.01, 0.2, 0.5], method="bonferroni") == pytest.approx([0.03, 0.6, 1.0])


@pytest.mark.parametrize(
    ("method", "expected"),
    # m = 2 (the NaN is not a test): bh 0.01*2/1 = 0.02, 0.04*2/2 = 0.04;
    # bonferroni 0.01*2 = 0.02, 0.04*2 = 0.08
    [("bh", [0.02, math.nan, 0.04]), ("bonferroni", [0.02, math.nan, 0.08])],
)
def test_nan_stays_nan_and_is_not_counted(method, expected):
    got = adjust_p([0.01, math.nan, 0.04], method=method)
    assert np.isnan(got[1])
    assert got[[0, 2]] == pytest.approx([expected[0], expected[2]])


@pytest.mark.parametrize("p", [[], [math.nan, math.nan]])
def test_no_tests_give_nothing_to_correct(p):
    got = adjust_p(p)
    assert got.shape == (len(p),) and np.isnan(got).all()


def test_a_single_test_is_unchanged_and_the_default_is_the_setting():
    assert adjust_p([0.03]) == pytest.approx([0.03])
    assert inspect.signature(adjust_p).parameters["method"].default == DEFAULTS.correction


@pytest.mark.parametrize(
    ("p", "method", "message"),
    [([0.1], "holm", "bh, bonferroni"), ([1.5], "bh", "between 0 and 1"),
     ([-0.1], "bonferroni", "between 0 and 1")],
)  # fmt: skip
def test_adjust_p_refuses_with_the_remedy(p, method, message):
    with pytest.raises(ValueError, match=message):
        adjust_p(p, method=method)


# =========================================================================== poisson_interval


def test_garwood_interval_of_three_events():
    low, high = poisson_interval(3, 1, confidence=0.95)
    assert (low, high) == pytest.approx((0.6187, 8.7673), abs=1e-4)  # Garwood's table
    # the limits are the means at which each tail holds 2.5%:
    # P(X >= 3 | low) = 1 - P(X <= 2 | low) and P(X <= 3 | high)
    assert 1 - poisson_cdf(2, low) == pytest.approx(0.025, abs=1e-9)
    assert poisson_cdf(3, high) == pytest.approx(0.025, abs=1e-9)


def test_garwood_interval_of_no_event():
    # low is 0; high solves P(X = 0) = exp(-mu) = 0.025, mu = ln 40 = 3.6889
    assert poisson_interval(0, 1) == pytest.approx((0.0, math.log(40)))
    # 90%: exp(-mu) = 0.05, mu = ln 20, over 2000 words
    assert poisson_interval(0, 2000, confidence=0.9) == pytest.approx((0.0, math.log(20) / 2000))


def test_garwood_interval_scales_with_exposure_and_is_vectorised():
    low, high = poisson_interval(np.array([0, 3, 3]), np.array([1.0, 1.0, 1000.0]))
    # Garwood's table, to its 4 decimals; 1000 words divide the rate by 1000
    assert low == pytest.approx([0.0, 0.6187, 0.6187e-3], rel=1e-4)
    assert high == pytest.approx([math.log(40), 8.7673, 8.7673e-3], rel=1e-4)
    assert (low[2], high[2]) == pytest.approx((low[1] / 1000, high[1] / 1000), rel=1e-12)


@pytest.mark.parametrize("k", [0, 5])
def test_no_exposure_has_no_interval(k):
    low, high = poisson_interval(k, 0)
    assert math.isnan(low) and math.isnan(high)


@pytest.mark.parametrize(
    ("k", "exposure", "confidence", "message"),
    [(-1, 10, 0.95, "at least 0"), (1, -10, 0.95, "at least 0"), (1, 10, 1.0, "0.95 for 95%"),
     (1, 10, 0, "confidence")],
)  # fmt: skip
def test_poisson_interval_refuses_bad_arguments(k, exposure, confidence, message):
    with pytest.raises(ValueError, match=message):
        poisson_interval(k, exposure, confidence=confidence)


# =========================================================================== rate_ratio


def _pi(r: float, n1: float, n2: float) -> float:
    """The binomial proportion of a rate ratio r: pi = n1 r / (n1 r + n2)."""
    return n1 * r / (n1 * r + n2)


def test_rate_ratio_of_similar_rates_does_not_differ():
    rr = rate_ratio(3, 750, 11, 2970)
    # (3 / 750) / (11 / 2970) = 8910 / 8250 = 1.08
    assert rr.ratio == pytest.approx(1.08)
    assert rr.low < 1 < rr.high and not differs(rr)
    # Clopper-Pearson: at pi_low P(X >= 3) = 0.025, at pi_high P(X <= 3) = 0.025, X ~ Bin(14, pi)
    pi_low, pi_high = _pi(rr.low, 750, 2970), _pi(rr.high, 750, 2970)
    assert sum(binom_pmf(x, 14, pi_low) for x in range(3, 15)) == pytest.approx(0.025, abs=1e-9)
    assert sum(binom_pmf(x, 14, pi_high) for x in range(4)) == pytest.approx(0.025, abs=1e-9)
    # pi0 = 750 / 3720; 3 is the mode of Bin(14, pi0) (floor(15 * pi0) = 3), so every
    # outcome is at most as likely as the one seen and the two-sided p is 1
    pi0 = 750 / 3720
    assert all(binom_pmf(x, 14, pi0) <= binom_pmf(3, 14, pi0) for x in range(15))
    assert rr.p == pytest.approx(1.0)


def test_rate_ratio_of_different_rates_differs():
    rr = rate_ratio(30, 1000, 5, 1000)
    assert rr.ratio == pytest.approx(6.0)
    assert 1 < rr.low < 6 < rr.high and differs(rr)
    pi_low, pi_high = _pi(rr.low, 1000, 1000), _pi(rr.high, 1000, 1000)
    assert sum(binom_pmf(x, 35, pi_low) for x in range(30, 36)) == pytest.approx(0.025, abs=1e-9)
    assert sum(binom_pmf(x, 35, pi_high) for x in range(31)) == pytest.approx(0.025, abs=1e-9)
    # pi0 = 1/2, symmetric: p = 2 * P(X >= 30) = 2 * sum C(35, x) / 2^35, x = 30..35
    by_hand = 2 * sum(math.comb(35, x) for x in range(30, 36)) / 2**35
    assert rr.p == pytest.approx(by_hand, rel=1e-9)
    # the other way round the ratio is 1/6, the interval inverted, and it still differs
    back = rate_ratio(5, 1000, 30, 1000)
    assert back.ratio == pytest.approx(1 / 6)
    assert (back.low, back.high) == pytest.approx((1 / rr.high, 1 / rr.low))
    assert back.high < 1 and differs(back)


@pytest.mark.parametrize(
    ("k1", "k2", "expected"),
    [
        # nothing seen: nothing known
        (0, 0, (math.nan, 0.0, math.inf, 1.0)),
        # k1 = 0: low 0; (1 - pi_high)^5 = 0.025, r = pi / (1 - pi) with n1 = n2;
        # p = 2 * P(X = 0) = 2 / 2^5 = 0.0625
        (0, 5, (0.0, 0.0, (1 - 0.025**0.2) / 0.025**0.2, 0.0625)),
        # k2 = 0: high inf; pi_low^5 = 0.025
        (5, 0, (math.inf, 0.025**0.2 / (1 - 0.025**0.2), math.inf, 0.0625)),
    ],
)
def test_rate_ratio_edge_cases(k1, k2, expected):
    rr = rate_ratio(k1, 100, k2, 100)
    assert isinstance(rr, RateRatio)
    assert rr == pytest.approx(expected, nan_ok=True)
    assert not differs(rr)  # (0, 5) reaches 1.09 and (5, 0) starts at 0.92


def test_rate_ratios_make_a_tidy_table():
    table = pd.DataFrame([rate_ratio(3, 750, 11, 2970), rate_ratio(30, 1000, 5, 1000)])
    assert table.columns.tolist() == ["ratio", "low", "high", "p"]
    assert [differs(RateRatio(*row)) for row in table.itertuples(index=False)] == [False, True]


def test_a_higher_confidence_widens_the_interval():
    narrow = rate_ratio(30, 1000, 5, 1000, confidence=0.9)
    wide = rate_ratio(30, 1000, 5, 1000, confidence=0.99)
    assert wide.low < narrow.low and wide.high > narrow.high
    assert narrow.p == wide.p


@pytest.mark.parametrize(
    ("args", "message"),
    [((-1, 10, 1, 10), "k1 must be a count"), ((1, 10, 1.5, 10), "k2 must be a count"),
     ((1, 0, 1, 10), "positive exposures"), ((1, 10, 1, -5), "positive exposures")],
)  # fmt: skip
def test_rate_ratio_refuses_bad_arguments(args, message):
    with pytest.raises(ValueError, match=message):
        rate_ratio(*args)


# =========================================================================== log_odds

# Group a: 20 words; group b: 30 words.
A = pd.Series({"war": 10, "peace": 2, "talks": 8})
B = pd.Series({"war": 4, "peace": 6, "talks": 20})


def _by_term(table: pd.DataFrame) -> pd.DataFrame:
    return table.set_index("term")


def test_log_odds_by_hand():
    # pooled prior: war 14, peace 8, talks 28 of 50; prior_size 10 -> alpha_w = 10 * c / 50:
    # war 2.8, peace 1.6, talks 5.6 (alpha_0 = 10); N_a = 20, N_b = 30
    table = log_odds(A, B, prior_size=10, min_count=3, correction="bonferroni")
    assert table.columns.tolist() == COLUMNS
    rows = _by_term(table)
    for term, y_a, y_b, alpha in [("war", 10, 4, 2.8), ("peace", 2, 6, 1.6),
                                  ("talks", 8, 20, 5.6)]:  # fmt: skip
        delta = math.log((y_a + alpha) / (20 + 10 - y_a - alpha)) - math.log(
            (y_b + alpha) / (30 + 10 - y_b - alpha)
        )
        se = math.sqrt(1 / (y_a + alpha) + 1 / (y_b + alpha))
        row = rows.loc[term]
        assert (row["n_a"], row["n_b"]) == (y_a, y_b)
        assert row["per_10k_a"] == pytest.approx(y_a / 20 * 1e4)
        assert row["per_10k_b"] == pytest.approx(y_b / 30 * 1e4)
        assert row["delta"] == pytest.approx(delta, rel=1e-12)
        assert row["se"] == pytest.approx(se, rel=1e-12)
        assert row["z"] == pytest.approx(delta / se, rel=1e-12)
        assert row["p"] == pytest.approx(math.erfc(abs(delta / se) / math.sqrt(2)), rel=1e-9)
        assert row["p_adj"] == pytest.approx(min(1.0, 3 * row["p"]))
    # war: log(12.8 / 17.2) - log(6.8 / 33.2) = 1.2902; z = 2.7188
    assert rows.loc["war", "delta"] == pytest.approx(1.2902, abs=1e-4)
    assert rows.loc["war", "z"] == pytest.approx(2.7188, abs=1e-4)
    # z: war 2.72 > peace -0.85 > talks -2.27
    assert table["term"].tolist() == ["war", "peace", "talks"]
    assert table["n_a"].dtype == "int64"


def test_log_odds_p_is_scipys_normal_tail_to_the_bit():
    """log_odds takes the normal tail from scipy.special (ndtr(-|z|), as norm.sf
    computes it) so that worker processes need not import scipy.stats: the p-values
    are those of 2 * norm.sf(|z|), bit for bit, over many random counts."""
    from scipy import stats

    rng = np.random.default_rng(7)
    terms_ = [f"w{i}" for i in range(3000)]
    a = pd.Series(rng.integers(1, 60, len(terms_)), index=terms_)
    b = pd.Series(rng.integers(0, 60, len(terms_)), index=terms_)
    b.iloc[:20] = 0  # large |z|: tails near the smallest floats
    a.iloc[20:40] = 400
    table = log_odds(a, b, min_count=0)
    expected = 2 * stats.norm.sf(np.abs(table["z"].to_numpy()))
    assert np.array_equal(table["p"].to_numpy().view(np.int64), expected.view(np.int64))
    assert (table["p"] < 1e-30).any() and (table["p"] > 0.5).any()


def test_log_odds_with_a_background_prior():
    # background of 10 words: war 1, peace 1, talks 2, other 6; prior_size 10 ->
    # alpha = 1, 1, 2 (and 6 for "other", seen in neither group); alpha_0 = 10, not 4
    prior = pd.Series({"war": 1, "peace": 1, "talks": 2, "other": 6})
    rows = _by_term(log_odds(A, B, prior=prior, prior_size=10))
    delta = math.log(11 / (20 + 10 - 10 - 1)) - math.log(5 / (30 + 10 - 4 - 1))
    assert rows.loc["war", "delta"] == pytest.approx(delta, rel=1e-12)
    assert rows.loc["war", "se"] == pytest.approx(math.sqrt(1 / 11 + 1 / 5), rel=1e-12)
    assert "other" not in rows.index


def test_log_odds_bh_correction_by_hand():
    table = log_odds(A, B, prior_size=10, correction="bh")
    p = dict(zip(table["term"], table["p"], strict=True))
    p_adj = dict(zip(table["term"], table["p_adj"], strict=True))
    # p: war 0.0066 < talks 0.0230 < peace 0.3966; m = 3
    assert p["war"] < p["talks"] < p["peace"]
    assert p_adj["war"] == pytest.approx(p["war"] * 3 / 1)
    assert p_adj["talks"] == pytest.approx(p["talks"] * 3 / 2)
    assert p_adj["peace"] == pytest.approx(p["peace"])


def test_swapping_the_groups_negates_delta_and_z():
    ab = _by_term(log_odds(A, B, prior_size=10))
    ba = _by_term(log_odds(B, A, prior_size=10)).loc[ab.index]
    assert ba["delta"].to_numpy() == pytest.approx(-ab["delta"].to_numpy())
    assert ba["z"].to_numpy() == pytest.approx(-ab["z"].to_numpy())
    assert ba["p"].to_numpy() == pytest.approx(ab["p"].to_numpy())
    assert ba["n_a"].tolist() == ab["n_b"].tolist()


@pytest.mark.parametrize(
    ("min_count", "expected"),
    # totals a + b: war 14, peace 8, talks 28, rare 2
    [(1, {"war", "peace", "talks", "rare"}), (2, {"war", "peace", "talks", "rare"}),
     (3, {"war", "peace", "talks"}), (9, {"war", "talks"}), (15, {"talks"}), (29, set())],
)  # fmt: skip
def test_min_count_filters_terms_but_not_the_totals(min_count, expected):
    a = pd.concat([A, pd.Series({"rare": 1})])  # N_a = 21
    b = pd.concat([B, pd.Series({"rare": 1})])  # N_b = 31
    table = log_odds(a, b, prior_size=10, min_count=min_count)
    assert set(table["term"]) == expected
    assert table.columns.tolist() == COLUMNS
    if "war" in expected:
        # pooled prior of 52 words: alpha_war = 10 * 14 / 52; totals include "rare"
        alpha = 10 * 14 / 52
        delta = math.log((10 + alpha) / (21 + 10 - 10 - alpha)) - math.log(
            (4 + alpha) / (31 + 10 - 4 - alpha)
        )
        war = _by_term(table).loc["war"]
        assert war["delta"] == pytest.approx(delta, rel=1e-12)
        assert war["per_10k_a"] == pytest.approx(10 / 21 * 1e4)


def test_a_larger_prior_shrinks_a_rare_word():
    a = pd.Series({"the": 200, "said": 50, "aggression": 3})
    b = pd.Series({"the": 200, "said": 50})

    def rare(size: float) -> float:
        return _by_term(log_odds(a, b, prior_size=size)).loc["aggression", "delta"]

    # alpha_aggression = size * 3 / 503: 0.06 at size 10, 5.96 at size 1000
    small, large = rare(10), rare(1000)
    assert small > large > 0
    alpha = 1000 * 3 / 503
    by_hand = math.log((3 + alpha) / (253 + 1000 - 3 - alpha)) - math.log(
        alpha / (250 + 1000 - alpha)
    )
    assert large == pytest.approx(by_hand, rel=1e-12)


def test_ties_in_z_are_sorted_by_term():
    same = pd.Series({"zeal": 5, "anger": 5, "mercy": 5})
    table = log_odds(same, same, prior_size=10)
    assert table["term"].tolist() == ["anger", "mercy", "zeal"]
    assert table["z"].to_numpy() == pytest.approx([0.0, 0.0, 0.0])


@pytest.mark.parametrize(
    ("a", "b"),
    [(pd.Series(dtype="int64"), pd.Series(dtype="int64")),
     (pd.Series({"war": 1}), pd.Series({"peace": 1}))],
)  # fmt: skip
def test_nothing_to_test_gives_an_empty_table_with_the_columns(a, b):
    table = log_odds(a, b)
    assert table.empty and table.columns.tolist() == COLUMNS


def test_log_odds_defaults_are_the_settings():
    parameters = inspect.signature(log_odds).parameters
    assert parameters["prior_size"].default == DEFAULTS.logodds_prior_size
    assert parameters["min_count"].default == DEFAULTS.logodds_min_count
    assert parameters["correction"].default == DEFAULTS.correction
    for function in (poisson_interval, rate_ratio):
        assert inspect.signature(function).parameters["confidence"].default == DEFAULTS.confidence


def test_log_odds_changes_nothing_it_is_given():
    a, b = A.copy(), B.copy()
    log_odds(a, b, prior_size=10)
    pd.testing.assert_series_equal(a, A)
    pd.testing.assert_series_equal(b, B)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"correction": "holm"}, "bh, bonferroni"), ({"prior_size": 0}, "prior_size"),
     ({"prior": pd.Series({"war": 1})}, "prior.add"),
     ({"counts_a": pd.Series({"war": -1})}, "at least 0"),
     ({"counts_a": pd.Series({"war": 1.5})}, "whole numbers"),
     ({"counts_a": pd.Series([1, 2], index=["war", "war"])}, "groupby")],
)  # fmt: skip
def test_log_odds_refuses_with_the_remedy(kwargs, message):
    arguments = {"counts_a": A, "counts_b": B, **kwargs}
    with pytest.raises(ValueError, match=message):
        log_odds(arguments.pop("counts_a"), arguments.pop("counts_b"), **arguments)
