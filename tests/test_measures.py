"""Association measures (analysis.measures): hand-computed values, and agreement with
NLTK's BigramAssocMeasures, whose formulas they follow without its smoothing constant."""

from __future__ import annotations

import math

import pytest
from nltk.metrics import BigramAssocMeasures

from newsframes.analysis.measures import BigramMeasures, KeynessMeasures, g2

# (n_ii, (n_ix, n_xi), n_xx): pairs of a small window count
MARGINALS = [(3, (5, 4), 20), (1, (1, 1), 50), (7, (30, 12), 400), (2, (2, 9), 9)]


def test_bigram_measures_by_hand():
    m = (3, (5, 4), 20)  # E11 = 5 * 4 / 20 = 1
    assert BigramMeasures.expected(*m) == 1.0
    assert BigramMeasures.contingency(*m) == (3, 2, 1, 14)
    assert BigramMeasures.pmi(*m) == pytest.approx(math.log2(3))
    assert BigramMeasures.t_score(*m) == pytest.approx(2 / math.sqrt(3))
    assert BigramMeasures.log_dice(*m) == pytest.approx(14 + math.log2(6 / 9))
    # G2 by hand: E = (1, 4, 3, 12) for O = (3, 2, 1, 14)
    by_hand = 2 * (3 * math.log(3) + 2 * math.log(2 / 4) + 1 * math.log(1 / 3)
                   + 14 * math.log(14 / 12))  # fmt: skip
    assert BigramMeasures.likelihood_ratio(*m) == pytest.approx(by_hand)


@pytest.mark.parametrize("marginals", MARGINALS)
def test_bigram_measures_agree_with_nltk(marginals):
    n_ii, (n_ix, n_xi), n_xx = marginals
    assert BigramMeasures.pmi(*marginals) == pytest.approx(
        BigramAssocMeasures.pmi(n_ii, (n_ix, n_xi), n_xx), rel=1e-9
    )
    assert BigramMeasures.likelihood_ratio(*marginals) == pytest.approx(
        BigramAssocMeasures.likelihood_ratio(n_ii, (n_ix, n_xi), n_xx), rel=1e-6, abs=1e-9
    )
    assert BigramMeasures.t_score(*marginals) == pytest.approx(
        BigramAssocMeasures.student_t(n_ii, (n_ix, n_xi), n_xx), rel=1e-9
    )


def test_g2_of_an_independent_table_is_zero_and_a_zero_cell_adds_nothing():
    assert g2((1, 4, 3, 12)) == pytest.approx(0.0, abs=1e-12)
    assert g2((0, 5, 5, 0)) == pytest.approx(2 * 10 * math.log(2))


def test_keyness_measures_sign_follows_the_relative_frequency():
    more = KeynessMeasures.log_likelihood(10, 5, 1000, 10000)
    less = KeynessMeasures.log_likelihood(5, 10, 10000, 1000)
    assert more > 0 and less < 0
    assert KeynessMeasures.p_value(10, 5, 1000, 10000) == pytest.approx(
        math.erfc(math.sqrt(more / 2))
    )
    assert KeynessMeasures.log_ratio(4, 0, 1000, 10000) == pytest.approx(math.log2(80))


def test_p_of_a_computed_g2_is_the_p_value():
    for counts in [(10, 5, 1000, 10000), (5, 10, 10000, 1000), (0, 40, 1000, 10000)]:
        g2_signed = KeynessMeasures.log_likelihood(*counts)
        assert KeynessMeasures.p_of(g2_signed) == KeynessMeasures.p_value(*counts)
