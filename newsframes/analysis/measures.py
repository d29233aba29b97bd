"""Association measures, each written once, in the style of NLTK's
``BigramAssocMeasures``: a measure is a class method that takes the counts of one
item and returns a score, so that a table is built by applying measures to counts.

- :class:`BigramMeasures` scores a word pair from its marginals, as NLTK does:
  ``n_ii`` (the pair), ``(n_ix, n_xi)`` (pairs starting with the first word, pairs ending
  with the second) and ``n_xx`` (all pairs). :func:`terms.collocations` counts position
  pairs within a window, so these are counts of pairs, not of words (Evert 2008).
- :class:`KeynessMeasures` scores a word seen ``a`` times in a target of ``c`` words and
  ``b`` times in a reference of ``d`` words (:func:`terms.keyness`).

The statistics are those of NLTK's measures, without its smoothing constant: a zero cell
contributes nothing to G2, so the scores are the textbook values (and stay identical
from one release of NLTK to the next).
"""

from __future__ import annotations

import math
from collections.abc import Sequence


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


class BigramMeasures:
    """Scores of a word pair from its marginals ``(n_ii, (n_ix, n_xi), n_xx)``."""

    @staticmethod
    def expected(n_ii: int, n_ix_xi: tuple[int, int], n_xx: int) -> float:
        """E11 = n_ix * n_xi / n_xx: the pair's count if the words were independent."""
        n_ix, n_xi = n_ix_xi
        return n_ix * n_xi / n_xx

    @staticmethod
    def contingency(n_ii: int, n_ix_xi: tuple[int, int], n_xx: int) -> tuple[int, ...]:
        """The 2x2 table ``(O11, O12, O21, O22)`` of the pair."""
        n_ix, n_xi = n_ix_xi
        return (n_ii, n_ix - n_ii, n_xi - n_ii, n_xx - n_ix - n_xi + n_ii)

    @classmethod
    def pmi(cls, n_ii: int, n_ix_xi: tuple[int, int], n_xx: int) -> float:
        """Pointwise mutual information, log2(O11 / E11) (Church & Hanks 1990); it
        favours rare pairs, hence a minimum count."""
        return math.log2(n_ii / cls.expected(n_ii, n_ix_xi, n_xx))

    @classmethod
    def likelihood_ratio(cls, n_ii: int, n_ix_xi: tuple[int, int], n_xx: int) -> float:
        """Log-likelihood G2 over the pair's 2x2 table (Dunning 1993)."""
        return g2(cls.contingency(n_ii, n_ix_xi, n_xx))

    @classmethod
    def t_score(cls, n_ii: int, n_ix_xi: tuple[int, int], n_xx: int) -> float:
        """(O11 - E11) / sqrt(O11) (Church et al. 1991)."""
        return (n_ii - cls.expected(n_ii, n_ix_xi, n_xx)) / math.sqrt(n_ii)

    @staticmethod
    def log_dice(n_ii: int, n_ix_xi: tuple[int, int], n_xx: int) -> float:
        """14 + log2(2 * O11 / (n_ix + n_xi)) (Rychly 2008): at most 14, comparable
        across corpus sizes."""
        n_ix, n_xi = n_ix_xi
        return 14 + math.log2(2 * n_ii / (n_ix + n_xi))


class KeynessMeasures:
    """Scores of a word seen ``a`` times in a target of ``c`` words and ``b`` times in a
    reference of ``d`` words."""

    @staticmethod
    def log_likelihood(a: float, b: float, c: float, d: float) -> float:
        """Signed G2 = 2 * (a ln(a/E1) + b ln(b/E2)), E1 = c(a+b)/(c+d),
        E2 = d(a+b)/(c+d): the two-term form of the keyword literature (Dunning 1993;
        Rayson & Garside 2000), negative when the word is relatively rarer in the
        target."""
        e1 = c * (a + b) / (c + d)
        e2 = d * (a + b) / (c + d)
        ll = 2 * ((a * math.log(a / e1) if a else 0.0) + (b * math.log(b / e2) if b else 0.0))
        ll = max(ll, 0.0)
        return ll if a / c >= b / d else -ll

    @staticmethod
    def log_ratio(a: float, b: float, c: float, d: float) -> float:
        """log2 of the ratio of relative frequencies (Hardie 2014), a zero frequency
        replaced by 0.5 so that it stays finite."""
        return math.log2((max(a, 0.5) / c) / (max(b, 0.5) / d))

    @classmethod
    def p_value(cls, a: float, b: float, c: float, d: float) -> float:
        """P(X > G2) for chi-squared with one degree of freedom (:meth:`p_of`)."""
        return cls.p_of(cls.log_likelihood(a, b, c, d))

    @staticmethod
    def p_of(log_likelihood: float) -> float:
        """erfc(sqrt(|G2| / 2)): the p-value of a (signed) G2 already computed."""
        return math.erfc(math.sqrt(abs(log_likelihood) / 2))
