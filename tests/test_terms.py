"""Frequencies, n-grams, collocations, keyness, KWIC, dispersion, TF-IDF (analysis.terms).

Every test builds its tokens and sentences tables by hand (:func:`make_tables`), so the
counts behind each expected value can be read off the test; only the Brown reference
tests read NLTK data.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from newsframes.analysis import concordance, measures, nlp, reference, terms
from newsframes.analysis.settings import DEFAULTS

pytestmark = pytest.mark.usefixtures("project_folders_untouched", "isolated_env")

STOP = frozenset({"the", "a", "of", "and", "to", "in", "he", "they", "'s", "n't"})
LEMMAS = {"met": "meet", "left": "leave", "said": "say", "talks": "talk", "grew": "grow"}
_STRAIGHT = str.maketrans({"’": "'", "‘": "'"})


def lemma_of(token: str) -> str:
    """Capitalized words keep their form (as proper nouns do in nlp.lemmatize); others
    are lower-cased and looked up in LEMMAS."""
    if token[:1].isupper():
        return token
    lower = token.translate(_STRAIGHT).lower()
    return LEMMAS.get(lower, lower)


def attaches(token: str) -> bool:
    """Punctuation and clitics follow the token before without a space."""
    return nlp.is_punct(token) or token.translate(_STRAIGHT) in ("'s", "n't")


def make_tables(
    articles: dict[str, list[str]], *, dateline: tuple[str, ...] = ()
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The tokens and sentences tables of hand-made articles.

    ``articles``: article_id -> sentences, each a string of space-separated tokens. The
    body is the sentences joined by a space, each sentence its tokens joined by a space
    except before punctuation and clitics (``"Kim ’s aide ,"`` -> ``"Kim’s aide,"``), so
    that ``body[start:end]`` is every token and every sentence. The first sentence of the
    articles named in ``dateline`` is their dateline. Flags: is_punct for punctuation,
    is_stop for the words of STOP, is_dateline for the dateline's tokens.
    """
    tok_rows, sent_rows = [], []
    for article_id, sentences in articles.items():
        body = ""
        tok_id = 0
        for sent_id, sentence in enumerate(sentences, start=1):
            body += " " if body else ""
            s_start = len(body)
            in_dateline = article_id in dateline and sent_id == 1
            words = sentence.split()
            for i, token in enumerate(words):
                body += " " if i and not attaches(token) else ""
                start = len(body)
                body += token
                tok_id += 1
                punct = nlp.is_punct(token)
                stop = not punct and token.translate(_STRAIGHT).lower() in STOP
                tok_rows.append((article_id, sent_id, tok_id, start, len(body), token,
                                 token.lower(), lemma_of(token), "NN", stop, punct,
                                 in_dateline))  # fmt: skip
            kind = "dateline" if in_dateline else "text"
            sent_rows.append((article_id, sent_id, 1, s_start, len(body), kind, len(words),
                              body[s_start:]))  # fmt: skip
    tokens = pd.DataFrame(tok_rows, columns=nlp.TOKEN_COLUMNS)
    sentences = pd.DataFrame(sent_rows, columns=nlp.SENTENCE_COLUMNS)
    return tokens, sentences


def make_tokens(articles: dict[str, list[str]], **kwargs) -> pd.DataFrame:
    return make_tables(articles, **kwargs)[0]


def rows(df: pd.DataFrame, *columns: str) -> list[tuple]:
    return list(df[list(columns)].itertuples(index=False, name=None))


def test_make_tables_is_consistent():
    tokens, sentences = make_tables({"a": ["TOKYO , Sept 14 .", "Kim ’s aide , he said ."]},
                                    dateline=("a",))  # fmt: skip
    assert sentences["text"].tolist() == ["TOKYO, Sept 14.", "Kim’s aide, he said."]
    body = " ".join(sentences["text"])
    assert all(body[t.start : t.end] == t.token for t in tokens.itertuples())
    assert tokens["is_dateline"].tolist() == [True] * 5 + [False] * 7
    assert tokens.loc[tokens["is_stop"], "token"].tolist() == ["’s", "he"]
    assert tokens.loc[tokens["is_punct"], "token"].tolist() == [",", ".", ",", "."]


# =========================================================================== statistics


def keyness_stats(a, b, c, d):
    """(ll, log_ratio, p) of the keyness measures, the columns of :func:`terms.keyness`."""
    m = measures.KeynessMeasures
    return m.log_likelihood(a, b, c, d), m.log_ratio(a, b, c, d), m.p_value(a, b, c, d)


def test_keyness_stats_by_hand():
    # Target: a = 10 in c = 1,000 words; reference: b = 5 in d = 10,000 words.
    # E1 = c(a+b)/(c+d) = 1000 * 15 / 11000 = 15/11 = 1.363636...
    # E2 = d(a+b)/(c+d) = 10000 * 15 / 11000 = 150/11 = 13.636363...
    # G2 = 2 * (10 ln(10 / 1.3636) + 5 ln(5 / 13.6363)) = 2 * (10 ln(22/3) + 5 ln(11/30))
    #    = 2 * (10 * 1.992430164690206 + 5 * -1.0033021088637848)
    #    = 2 * (19.92430164690206 - 5.016510544318924) = 29.81558220516627
    # log ratio = log2((10/1000) / (5/10000)) = log2(20) = 4.321928094887363
    # p = erfc(sqrt(G2 / 2)) = erfc(3.8611) = 4.7515759896935456e-08
    ll, log_ratio, p = keyness_stats(10, 5, 1000, 10000)
    assert ll == pytest.approx(29.81558220516627, rel=1e-9)
    assert log_ratio == pytest.approx(4.321928094887363, rel=1e-9)
    assert p == pytest.approx(4.7515759896935456e-08, rel=1e-9)
    assert p == pytest.approx(math.erfc(math.sqrt(29.81558220516627 / 2)), rel=1e-9)


def test_keyness_stats_negative_when_rarer_in_the_target():
    # The same table the other way round: a = 5 in c = 10,000, b = 10 in d = 1,000.
    # E1 = 10000 * 15 / 11000 = 13.6363, E2 = 1.3636: the same two terms, so |G2| is the
    # same 29.81558220516627; the relative frequency is lower in the target -> negative.
    ll, log_ratio, p = keyness_stats(5, 10, 10000, 1000)
    assert ll == pytest.approx(-29.81558220516627, rel=1e-9)
    assert log_ratio == pytest.approx(-4.321928094887363, rel=1e-9)  # log2(1/20)
    assert p == pytest.approx(4.7515759896935456e-08, rel=1e-9)


def test_keyness_stats_equal_relative_frequencies():
    # a = 2 in 1,000 and b = 20 in 10,000: E1 = 1000 * 22 / 11000 = 2 = a, E2 = 20 = b
    ll, log_ratio, p = keyness_stats(2, 20, 1000, 10000)
    assert ll == pytest.approx(0, abs=1e-12)
    assert log_ratio == pytest.approx(0, abs=1e-12)
    assert p == pytest.approx(1, abs=1e-6)


def test_keyness_stats_zero_in_the_reference_is_finite():
    # a = 4 in 1,000, b = 0 in 10,000: E1 = 1000 * 4 / 11000 = 4/11; the b term is 0.
    # G2 = 2 * 4 ln(4 / (4/11)) = 8 ln 11 = 19.183162182386965
    # log ratio with 0.5 for the zero: log2((4/1000) / (0.5/10000)) = log2(80)
    ll, log_ratio, p = keyness_stats(4, 0, 1000, 10000)
    assert ll == pytest.approx(19.183162182386965, rel=1e-9)
    assert log_ratio == pytest.approx(6.321928094887363, rel=1e-9)
    assert p == pytest.approx(1.1875629185225988e-05, rel=1e-9)


def test_keyness_stats_zero_in_the_target_is_finite_and_negative():
    # a = 0 in 1,000, b = 40 in 10,000: E2 = 10000 * 40 / 11000 = 400/11.
    # G2 = 2 * 40 ln(40 / (400/11)) = 80 ln 1.1 = 7.624814384345995, negative.
    # log ratio: log2((0.5/1000) / (40/10000)) = log2(0.125) = -3
    ll, log_ratio, p = keyness_stats(0, 40, 1000, 10000)
    assert ll == pytest.approx(-7.624814384345995, rel=1e-9)
    assert log_ratio == pytest.approx(-3.0, rel=1e-9)
    assert p == pytest.approx(0.005757059455225113, rel=1e-9)


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        # N = 100, R1 = 30, R2 = 70, C1 = 40, C2 = 60; E = 12, 18, 28, 42.
        # G2 = 2 (10 ln(10/12) + 20 ln(20/18) + 30 ln(30/28) + 40 ln(40/42))
        #    = 2 (-1.8232156 + 2.1072103 + 2.0697909 - 1.9515604) = 0.8043486460964835
        ((10, 20, 30, 40), 0.8043486460964835),
        # N = 10, E11 = E22 = 5 * 5 / 10 = 2.5; zero cells add 0: G2 = 2 (5 ln 2 + 5 ln 2)
        ((5, 0, 0, 5), 13.862943611198906),  # = 20 ln 2
        # independence: E = R * C / N = (3*4/12, 3*8/12, 9*4/12, 9*8/12) = (1, 2, 3, 6) = O
        ((1, 2, 3, 6), 0.0),
    ],
)
def test_g2_by_hand(table, expected):
    assert measures.g2(table) == pytest.approx(expected, rel=1e-9, abs=1e-12)


# =========================================================================== frequencies

# Article a: the dateline (left out) and 6 running words: Kim met the envoy KIM left.
# Article b: 5 running words: The envoy met Kim again. Together 11 running words.
FREQ = {
    "b": ["The envoy met Kim again ."],
    "a": ["TOKYO , Sept 14 .", "Kim met the envoy .", "KIM left ."],
}


def freq_tokens() -> pd.DataFrame:
    return make_tokens(FREQ, dateline=("a",))


def test_frequencies_by_lemma():
    out = terms.frequencies(freq_tokens())
    assert list(out.columns) == ["term", "n", "per_10k", "n_articles"]
    # Kim, KIM, Kim -> kim; met -> meet; "the" is a stopword; TOKYO etc. are the dateline.
    # Ties (envoy, meet; again, leave) in alphabetical order.
    assert rows(out, "term", "n", "n_articles") == [
        ("kim", 3, 2), ("envoy", 2, 2), ("meet", 2, 2), ("again", 1, 1), ("leave", 1, 1),
    ]  # fmt: skip
    # per 10,000 running words: stopwords in the base, punctuation and dateline out
    assert out["per_10k"].tolist() == pytest.approx([n / 11 * 10_000 for n in out["n"]])


def test_frequencies_keep_stopwords_when_asked():
    out = terms.frequencies(freq_tokens(), exclude_stop=False)
    assert rows(out, "term", "n") == [
        ("kim", 3), ("envoy", 2), ("meet", 2), ("the", 2), ("again", 1), ("leave", 1),
    ]  # fmt: skip
    assert out.set_index("term").at["the", "per_10k"] == pytest.approx(2 / 11 * 10_000)


def test_frequencies_by_lower_and_by_token():
    lower = terms.frequencies(freq_tokens(), by="lower")
    assert rows(lower, "term", "n") == [
        ("kim", 3), ("envoy", 2), ("met", 2), ("again", 1), ("left", 1),
    ]  # fmt: skip
    token = terms.frequencies(freq_tokens(), by="token")
    # as written: Kim and KIM are two terms (upper case sorts first)
    assert rows(token, "term", "n") == [
        ("Kim", 2), ("envoy", 2), ("met", 2), ("KIM", 1), ("again", 1), ("left", 1),
    ]  # fmt: skip
    with pytest.raises(ValueError, match="by must be"):
        terms.frequencies(freq_tokens(), by="stem")


def test_frequencies_per_group():
    out = terms.frequencies(freq_tokens(), group="article_id")
    assert list(out.columns) == ["article_id", "term", "n", "per_10k", "n_articles"]
    assert rows(out, "article_id", "term", "n") == [
        ("a", "kim", 2), ("a", "envoy", 1), ("a", "leave", 1), ("a", "meet", 1),
        ("b", "again", 1), ("b", "envoy", 1), ("b", "kim", 1), ("b", "meet", 1),
    ]  # fmt: skip
    # per 10,000 words of the article: a has 6 running words, b has 5
    per = out.set_index(["article_id", "term"])["per_10k"]
    assert per[("a", "kim")] == pytest.approx(2 / 6 * 10_000)
    assert per[("b", "kim")] == pytest.approx(1 / 5 * 10_000)
    assert (out["n_articles"] == 1).all()


def test_frequencies_straighten_curly_apostrophes():
    tokens = make_tokens({"a": ["rock ’n’ roll , rock 'n' roll"]})
    out = terms.frequencies(tokens, by="lower")
    assert rows(out, "term", "n") == [("'n'", 2), ("rock", 2), ("roll", 2)]


# =========================================================================== n-grams

# Runs: [the two countries met] [the two countries talked] (broken at the comma and the
# final stop), [kim met putin], [putin met kim] (no final stop: only the sentence ends).
NGRAM = {"a": ["the two countries met , the two countries talked .", "kim met putin",
               "putin met kim"]}  # fmt: skip


def test_ngrams_min_count_and_order():
    out = terms.ngrams(make_tokens(NGRAM))  # n 2..5, min_count 2, stopwords kept
    assert list(out.columns) == ["ngram", "n_words", "n"]
    # n descending, n_words descending, then alphabetical
    assert rows(out, "ngram", "n_words", "n") == [
        ("the two countries", 3, 2), ("the two", 2, 2), ("two countries", 2, 2),
    ]  # fmt: skip


def test_ngrams_never_cross_sentences_or_punctuation():
    out = terms.ngrams(make_tokens(NGRAM), min_count=1)
    grams = set(out["ngram"])
    assert "countries met" in grams and "kim met putin" in grams
    for crossing in ["met the", "met , the", "talked kim", "putin putin", "kim putin",
                     "the two countries met the"]:  # fmt: skip
        assert crossing not in grams
    # runs of 4, 4, 3, 3 words have 6 + 6 + 3 + 3 = 18 n-grams of 2 to 5 words
    assert out["n"].sum() == 18
    assert len(out) == 15  # the two, two countries, the two countries seen twice
    assert (out["n_words"] == out["ngram"].str.split().str.len()).all()


def test_ngrams_leave_out_the_dateline():
    tokens = make_tokens({"a": ["kim met putin", "kim met putin"]}, dateline=("a",))
    out = terms.ngrams(tokens, min_count=1)
    assert out.set_index("ngram")["n"].to_dict() == {"kim met putin": 1, "kim met": 1,
                                                     "met putin": 1}  # fmt: skip


def test_ngrams_sizes():
    out = terms.ngrams(make_tokens(NGRAM), n_min=1, n_max=1, min_count=2)
    assert rows(out, "ngram", "n") == [
        ("met", 3), ("countries", 2), ("kim", 2), ("putin", 2), ("the", 2), ("two", 2),
    ]  # fmt: skip
    out = terms.ngrams(make_tokens(NGRAM), n_min=3, n_max=3, min_count=1)
    assert set(out["n_words"]) == {3}


@pytest.mark.parametrize(("n_min", "n_max"), [(0, 2), (3, 2), (-1, 1), (0, 0)])
def test_ngrams_validate_sizes(n_min, n_max):
    with pytest.raises(ValueError, match="n_min"):
        terms.ngrams(make_tokens(NGRAM), n_min=n_min, n_max=n_max)


# =========================================================================== collocations

# Three sentences, no stopwords or punctuation; each word occurs 3 times (f = 3).
COLLOC = {"a": ["kim greets putin", "putin greets kim", "kim greets putin"]}


def test_collocations_window_1_by_hand():
    # Position pairs (w1 followed by w2 at most 1 word later, in the sentence):
    #   S1 (kim, greets) (greets, putin); S2 (putin, greets) (greets, kim);
    #   S3 (kim, greets) (greets, putin)                                     -> N = 6
    # R1 (pairs starting with w1): kim 2, greets 3, putin 1
    # C1 (pairs ending with w2):   greets 3, putin 2, kim 1
    # (kim, greets):  O11 = 2, R1 = 2, C1 = 3, E11 = 2 * 3 / 6 = 1
    #   pmi = log2(2/1) = 1; t = (2 - 1)/sqrt(2) = 0.7071067811865475
    #   log_dice = 14 + log2(2 * O11 / (R1 + C1)) = 14 + log2(4/5) = 13.678071905112638
    #   table (O11, R1-O11, C1-O11, N-R1-C1+O11) = (2, 0, 1, 3): E = (1, 1, 2, 2),
    #   G2 = 2 (2 ln 2 + 0 + 1 ln(1/2) + 3 ln(3/2)) = 2 ln 2 + 6 ln 1.5 = 3.8190850097688767
    # (greets, putin): O11 = 2, R1 = 3, C1 = 2: the same statistics (table (2, 1, 0, 3)).
    # (putin, greets): O11 = 1, R1 = 1, C1 = 3, E11 = 0.5: pmi = 1, t = 0.5,
    #   log_dice = 14 + log2(2/4) = 13; table (1, 0, 2, 3); (greets, kim) the same.
    out = terms.collocations(make_tokens(COLLOC), window=1, min_count=1)
    assert list(out.columns) == ["w1", "w2", "n", "f1", "f2", "expected", "pmi", "ll",
                                 "t_score", "log_dice"]  # fmt: skip
    # ll descending, ties by w1 then w2
    assert rows(out, "w1", "w2", "n", "f1", "f2") == [
        ("greets", "putin", 2, 3, 3), ("kim", "greets", 2, 3, 3),
        ("greets", "kim", 1, 3, 3), ("putin", "greets", 1, 3, 3),
    ]  # fmt: skip
    kg = out.set_index(["w1", "w2"]).loc[("kim", "greets")]
    assert kg["expected"] == pytest.approx(1.0, rel=1e-9)
    assert kg["pmi"] == pytest.approx(1.0, rel=1e-9)
    assert kg["t_score"] == pytest.approx(0.7071067811865475, rel=1e-9)
    assert kg["log_dice"] == pytest.approx(13.678071905112638, rel=1e-9)
    assert kg["ll"] == pytest.approx(3.8190850097688767, rel=1e-9)
    assert kg["ll"] == pytest.approx(measures.g2((2, 0, 1, 3)), rel=1e-12)
    pg = out.set_index(["w1", "w2"]).loc[("putin", "greets")]
    assert pg["expected"] == pytest.approx(0.5, rel=1e-9)
    assert pg["pmi"] == pytest.approx(1.0, rel=1e-9)
    assert pg["t_score"] == pytest.approx(0.5, rel=1e-9)
    assert pg["log_dice"] == pytest.approx(13.0, rel=1e-9)
    assert pg["ll"] == pytest.approx(measures.g2((1, 0, 2, 3)), rel=1e-12)


def test_collocations_window_1_are_the_bigrams():
    tokens = make_tokens(COLLOC)
    pairs = terms.collocations(tokens, window=1, min_count=1)
    bigrams = terms.ngrams(tokens, n_min=2, n_max=2, min_count=1)
    assert {f"{r.w1} {r.w2}": r.n for r in pairs.itertuples()} == dict(
        zip(bigrams["ngram"], bigrams["n"], strict=True)
    )


def test_collocations_window_2_by_hand():
    # Pairs within 2 words: S1 (kim, greets) (kim, putin) (greets, putin);
    #   S2 (putin, greets) (putin, kim) (greets, kim); S3 as S1               -> N = 9
    # R1: kim 4, greets 3, putin 2.   C1: greets 3, putin 4, kim 2.
    # (kim, putin): O11 = 2, R1 = 4, C1 = 4, E11 = 16/9 = 1.7778
    #   pmi = log2(2 / (16/9)) = log2(9/8) = 0.16992500144231237
    #   t = (2 - 16/9) / sqrt(2) = (2/9) / sqrt(2) = 0.15713484026367722
    #   log_dice = 14 + log2(2 * 2 / (4 + 4)) = 13
    #   table (2, 4-2, 4-2, 9-4-4+2) = (2, 2, 2, 3): E = (16/9, 20/9, 20/9, 25/9),
    #   G2 = 2 (2 ln(18/16) + 2 ln(18/20) + 2 ln(18/20) + 3 ln(27/25)) = 0.09001426417969394
    # (putin, kim): O11 = 1, R1 = 2, C1 = 2, E11 = 4/9: pmi = log2(9/4)
    out = terms.collocations(make_tokens(COLLOC), window=2, min_count=1)
    assert set(zip(out["w1"], out["w2"], out["n"], strict=True)) == {
        ("kim", "greets", 2), ("kim", "putin", 2), ("greets", "putin", 2),
        ("putin", "greets", 1), ("putin", "kim", 1), ("greets", "kim", 1),
    }  # fmt: skip
    assert out["n"].sum() == 9  # N: no pair crosses a sentence
    kp = out.set_index(["w1", "w2"]).loc[("kim", "putin")]
    assert kp["expected"] == pytest.approx(16 / 9, rel=1e-9)
    assert kp["pmi"] == pytest.approx(0.16992500144231237, rel=1e-9)
    assert kp["t_score"] == pytest.approx(0.15713484026367722, rel=1e-9)
    assert kp["log_dice"] == pytest.approx(13.0, rel=1e-9)
    assert kp["ll"] == pytest.approx(0.09001426417969394, rel=1e-9)
    assert kp["ll"] == pytest.approx(measures.g2((2, 2, 2, 3)), rel=1e-12)
    pk = out.set_index(["w1", "w2"]).loc[("putin", "kim")]
    assert pk["pmi"] == pytest.approx(math.log2(9 / 4), rel=1e-9)
    assert pk["ll"] == pytest.approx(measures.g2((1, 1, 1, 6)), rel=1e-12)
    assert out["ll"].tolist() == sorted(out["ll"], reverse=True)


def test_collocations_never_cross_sentences():
    # Without the sentence break, (greets, putin) would be a pair.
    tokens = make_tokens({"a": ["kim greets", "putin waves"]})
    out = terms.collocations(tokens, window=3, min_count=1)
    assert rows(out, "w1", "w2", "n") == [("kim", "greets", 1), ("putin", "waves", 1)]


def test_collocations_skip_stopwords_and_punctuation():
    # "kim , the envoy": the comma and "the" are removed first, so kim and envoy are
    # adjacent (punctuation does not break the window). The dateline is left out.
    tokens = make_tokens({"a": ["kim envoy", "kim , the envoy ."]}, dateline=("a",))
    out = terms.collocations(tokens, window=1, min_count=1)
    assert rows(out, "w1", "w2", "n", "f1", "f2") == [("kim", "envoy", 1, 1, 1)]
    with_stop = terms.collocations(tokens, window=1, min_count=1, exclude_stop=False)
    assert set(zip(with_stop["w1"], with_stop["w2"], strict=True)) == {
        ("kim", "the"), ("the", "envoy"),
    }  # fmt: skip


def test_collocations_min_count_and_window_validation():
    out = terms.collocations(make_tokens(COLLOC), window=1, min_count=2)
    assert rows(out, "w1", "w2") == [("greets", "putin"), ("kim", "greets")]
    with pytest.raises(ValueError, match="window"):
        terms.collocations(make_tokens(COLLOC), window=0)


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        # (gamma, delta) and (alpha, delta): the same table (1, 0, 1, 0) -> by w1
        (["gamma delta", "alpha delta"], [("alpha", "delta"), ("gamma", "delta")]),
        # (alpha, zulu) and (alpha, beta): the same table (1, 1, 0, 0) -> by w2
        (["alpha zulu", "alpha beta"], [("alpha", "beta"), ("alpha", "zulu")]),
    ],
)
def test_collocations_ties_alphabetical(sentences, expected):
    out = terms.collocations(make_tokens({"a": sentences}), window=1, min_count=1)
    assert out["ll"].nunique() == 1
    assert rows(out, "w1", "w2") == expected


def test_collocations_per_group():
    tokens = make_tokens({"a": ["kim greets putin"], "b": ["kim greets putin", "kim greets"]})
    out = terms.collocations(tokens, window=1, min_count=1, group="article_id")
    # Counted within each article: a has N = 2 pairs, b has N = 3 (kim greets twice).
    # In b, (kim, greets) table (2, 0, 0, 1) and (greets, putin) table (1, 0, 0, 2) have
    # the same G2 = 2 (2 ln 1.5 + ln 3): a tie, by w1.
    assert rows(out, "article_id", "w1", "w2", "n", "f1", "f2") == [
        ("a", "greets", "putin", 1, 1, 1), ("a", "kim", "greets", 1, 1, 1),
        ("b", "greets", "putin", 1, 2, 1), ("b", "kim", "greets", 2, 2, 2),
    ]  # fmt: skip
    # E11 = R1 * C1 / N within the article: a 1 * 1 / 2; b (kim, greets) 2 * 2 / 3
    assert out["expected"].tolist() == pytest.approx([1 / 2, 1 / 2, 1 * 1 / 3, 4 / 3])
    assert out.loc[3, "ll"] == pytest.approx(2 * (2 * math.log(1.5) + math.log(3)), rel=1e-9)


def test_collocations_log_dice_at_most_14():
    out = terms.collocations(make_tokens({"a": ["kim putin putin"]}), window=2, min_count=1)
    assert (out["log_dice"] <= 14).all()


# =========================================================================== keyness


def test_keyness_columns_and_rows():
    target = pd.Series({"juche": 4, "talks": 3, "once": 1})
    reference = pd.Series({"talks": 300, "said": 40, "rare": 1})
    out = terms.keyness(target, reference, target_size=1000, reference_size=10000,
                        min_count=3)  # fmt: skip
    assert list(out.columns) == ["term", "n_target", "n_reference", "per_10k_target",
                                 "per_10k_reference", "ll", "log_ratio", "p", "p_adj",
                                 "is_significant"]  # fmt: skip
    # juche: a = 4, b = 0 -> ll = 8 ln 11 (see test_keyness_stats_zero_in_the_reference)
    # said: a = 0, b = 40 -> ll = -80 ln 1.1, p = 0.0058 < 0.05: a significant negative
    #   keyword, listed although it is absent from the target
    # talks: a = 3 >= min_count, relatively rarer in the target -> negative
    # once: a = 1 < min_count, positive -> left out; rare: a = 0, b = 1, ll = -2 ln 1.1,
    #   p = 0.66 -> left out
    assert rows(out, "term", "n_target", "n_reference") == [
        ("juche", 4, 0), ("said", 0, 40), ("talks", 3, 300),
    ]  # fmt: skip
    juche = out.iloc[0]
    assert juche["ll"] == pytest.approx(19.183162182386965, rel=1e-9)
    assert juche["log_ratio"] == pytest.approx(6.321928094887363, rel=1e-9)
    assert juche["per_10k_target"] == pytest.approx(40.0)
    assert juche["per_10k_reference"] == 0
    said = out.iloc[1]
    assert said["ll"] == pytest.approx(-7.624814384345995, rel=1e-9)
    assert said["log_ratio"] == pytest.approx(-3.0, rel=1e-9)
    assert said["p"] < 0.05
    # Benjamini-Hochberg over the 5 terms tested: p of juche and talks are below 1e-4,
    # said 0.0058 is third, once (a = 1, b = 0: ll = 2 ln 11, p = 0.0285) fourth and
    # rare (0.66) fifth; said's adjusted p = min(0.0058 * 5/3, 0.0285 * 5/4, 0.66) =
    # 0.0058 * 5/3, still below 0.05.
    assert said["p_adj"] == pytest.approx(said["p"] * 5 / 3, rel=1e-9)
    assert said["is_significant"] and juche["is_significant"]
    assert out["ll"].map(math.isfinite).all() and out["log_ratio"].map(math.isfinite).all()
    assert out.iloc[2]["ll"] < said["ll"] < 0


def test_keyness_keeps_an_under_used_word_only_when_significant_after_correction():
    # said: p = 0.0058 alone (significant); with 20 more terms each p = 1 (a = 0, b = 0
    # is impossible, so terms with equal rates: a = 1 of 1000, b = 10 of 10000), BH gives
    # said 0.0058 * 21 / 1 = 0.12 > 0.05 -> the under-used row is dropped.
    target = pd.Series({"said": 0, **{f"w{i}": 1 for i in range(20)}})
    reference = pd.Series({"said": 40, **{f"w{i}": 10 for i in range(20)}})
    out = terms.keyness(target, reference, target_size=1000, reference_size=10000, min_count=3)
    assert "said" not in set(out["term"])
    bonf = terms.keyness(target.head(1), reference.head(1), target_size=1000,
                         reference_size=10000, min_count=3, correction="bonferroni")  # fmt: skip
    assert bonf.loc[0, "p_adj"] == pytest.approx(bonf.loc[0, "p"], rel=1e-12)  # one test


def test_parts_of_names_are_not_counted_as_words_in_keyness():
    tokens = make_tokens({"a": ["Kim Jong Un met the UN chief and the UN"]})
    mentions = pd.DataFrame(
        {"article_id": ["a", "a"], "start": [0, 20], "end": [11, 22],
         "text": ["Kim Jong Un", "UN"]}
    )  # fmt: skip
    counts = terms._form_counts(tokens, mentions)
    assert counts["un"] == 2  # the two UN, not the Un of Kim Jong Un
    assert "jong" not in counts.index and "kim" not in counts.index
    assert terms._form_counts(tokens)["un"] == 3  # without mentions: merged


def test_keyness_ties_alphabetical():
    target = pd.Series({"zeta": 5, "mid": 5, "alpha": 5})
    reference = pd.Series({"zeta": 1, "mid": 1, "alpha": 1, "other": 30})
    out = terms.keyness(target, reference, target_size=100, reference_size=100, min_count=1)
    assert out["term"].tolist() == ["alpha", "mid", "zeta", "other"]
    assert out["ll"].iloc[:3].nunique() == 1


def test_keyness_empty_target_and_empty_reference():
    out = terms.keyness(pd.Series(dtype="int64"), pd.Series({"x": 3}), target_size=0,
                        reference_size=10)  # fmt: skip
    assert out.empty and "log_ratio" in out.columns
    with pytest.raises(ValueError, match="reference"):
        terms.keyness(pd.Series({"x": 3}), pd.Series(dtype="int64"), target_size=10,
                      reference_size=0)  # fmt: skip


def test_keyness_between_two_articles():
    tokens = freq_tokens()
    out = terms.keyness_between(tokens, "article_id", "a", min_count=1)
    # Target a: words by lower form, stopwords and dateline out: kim 2 (Kim, KIM), met 1,
    # envoy 1, left 1; 6 running words. Reference b: again, envoy, kim, met 1 each; 5 words.
    expected = terms.keyness(
        pd.Series({"envoy": 1, "kim": 2, "left": 1, "met": 1}),
        pd.Series({"again": 1, "envoy": 1, "kim": 1, "met": 1}),
        target_size=6, reference_size=5, min_count=1,
    )  # fmt: skip
    pd.testing.assert_frame_equal(out, expected, check_dtype=False)
    kim = out.set_index("term").loc["kim"]
    assert (kim["n_target"], kim["n_reference"]) == (2, 1)
    assert kim["per_10k_target"] == pytest.approx(2 / 6 * 10_000)
    assert kim["per_10k_reference"] == pytest.approx(1 / 5 * 10_000)
    ll, log_ratio, p = keyness_stats(2, 1, 6, 5)
    assert (kim["ll"], kim["log_ratio"], kim["p"]) == pytest.approx((ll, log_ratio, p))
    assert set(out["term"]) == {"kim", "met", "envoy", "left"}  # "again" not significant
    other = terms.keyness_between(tokens, "article_id", "b", min_count=1)
    assert set(other["term"]) == {"again", "envoy", "kim", "met"}
    assert terms.keyness_between(tokens, "article_id", "nope").empty


# =========================================================================== Brown reference


@pytest.fixture(scope="module")
def brown_counts() -> pd.Series:
    return reference.reference_counts()  # the news, editorial and reviews sections, ~200k words


def test_reference_counts(brown_counts):
    assert len(brown_counts) > 10_000
    assert brown_counts.dtype == "int64" and (brown_counts > 0).all()
    assert brown_counts.index.is_monotonic_increasing and brown_counts.index.is_unique
    assert brown_counts["said"] > 100 and brown_counts["president"] > 10
    assert (brown_counts.index == brown_counts.index.str.lower()).all()
    assert not set(brown_counts.index) & nlp.stopword_set()
    assert not [w for w in brown_counts.index if nlp.is_punct(w)]
    # clitics are split off ('s and n't are stopwords, so they are not counted)
    assert not [w for w in brown_counts.index if w.endswith(("'s", "n't"))]
    assert "ca" in brown_counts.index  # can't -> ca + n't, as the Treebank tokenizer does


def test_reference_size(brown_counts):
    size = reference.reference_size()
    assert isinstance(size, int)
    # stopwords are in the size, not in the counts
    assert size > brown_counts.sum() > size / 3


def test_brown_words_are_those_of_nltks_reader():
    from nltk.corpus import brown

    # The whole corpus, section by section: the same words in the same order.
    for category in brown.categories():
        assert list(reference._brown_words((category,))) == list(brown.words(categories=[category]))
    # Sections named twice are read once, as NLTK's reader reads them.
    twice = list(reference._brown_words(("news", "news")))
    assert twice == list(brown.words(categories=["news", "news"]))


def test_reference_counts_split_the_clitics_the_target_splits(brown_counts):
    unsplit = [w for w in ["they're", "we'll", "i'm", "they've", "we'd", "architects'"]
               if w in brown_counts.index]  # fmt: skip
    assert unsplit == []


def test_reference_counts_unknown_category():
    with pytest.raises(ValueError, match="unknown Brown categories") as exc:
        reference.reference_counts(("news", "tabloids"))
    message = str(exc.value)
    assert "tabloids" in message
    for valid in DEFAULTS.reference + ("fiction",):
        assert valid in message


# =========================================================================== KWIC

# Article a: "Kim met Putin. The imperialists’ threat grew, Kim said. Putin welcomed Kim"
# Article b: "Imperialist forces left. Kim’s aide said Putin's aide can't come."
KWIC = {
    "a": ["Kim met Putin .", "The imperialists ’ threat grew , Kim said .", "Putin welcomed Kim"],
    "b": ["Imperialist forces left .", "Kim ’s aide said Putin 's aide ca n't come ."],
}


KWIC_TEXT = {
    "a": ["Kim met Putin.", "The imperialists’ threat grew, Kim said.", "Putin welcomed Kim"],
}


def kwic_tables():
    return make_tables(KWIC)


def test_kwic_window_and_edges():
    tokens, sentences = kwic_tables()
    out = concordance.kwic(tokens, sentences, "kim", window=2, sort=None)
    assert list(out.columns) == ["article_id", "sent_id", "tok_id", "start", "end", "left",
                                 "keyword", "right"]  # fmt: skip
    assert rows(out, "article_id", "sent_id", "left", "keyword", "right") == [
        ("a", 1, "", "Kim", "met Putin"),  # at the sentence start: no left context
        ("a", 2, "grew,", "Kim", "said."),  # the exact text between the offsets
        ("a", 3, "Putin welcomed", "Kim", ""),  # at the end, the next article not reached
        ("b", 2, "", "Kim", "’s aide"),
    ]  # fmt: skip
    body_a = " ".join(KWIC_TEXT["a"])
    for r in out[out["article_id"] == "a"].itertuples():
        assert body_a[r.start : r.end] == r.keyword


def test_kwic_window_larger_than_the_sentence():
    tokens, sentences = kwic_tables()
    (row,) = concordance.kwic(tokens, sentences, "threat", window=50).itertuples()
    assert (row.left, row.keyword, row.right) == ("The imperialists’", "threat", "grew, Kim said.")
    assert f"{row.left} {row.keyword} {row.right}" == KWIC_TEXT["a"][1]


def test_kwic_context_never_crosses_a_sentence():
    tokens, sentences = kwic_tables()
    out = concordance.kwic(tokens, sentences, "putin", window=50, sort=None)
    assert rows(out, "article_id", "sent_id", "left", "right") == [
        ("a", 1, "Kim met", "."),  # not "The imperialists’ ..." of the next sentence
        ("a", 3, "", "welcomed Kim"),  # not "... Kim said." of the sentence before
        ("b", 2, "Kim’s aide said", "'s aide can't come."),
    ]  # fmt: skip


def test_kwic_glob_is_case_insensitive():
    tokens, sentences = kwic_tables()
    out = concordance.kwic(tokens, sentences, "imperialist*", window=1, sort=None)
    assert rows(out, "article_id", "keyword", "right") == [
        ("a", "imperialists", "’"), ("b", "Imperialist", "forces"),
    ]  # fmt: skip
    assert concordance.kwic(tokens, sentences, "IMPERIALIST?", sort=None)["keyword"].tolist() == [
        "imperialists"
    ]


@pytest.mark.parametrize("pattern", ["'s", "’s"])
def test_kwic_curly_and_straight_apostrophes(pattern):
    tokens, sentences = kwic_tables()
    out = concordance.kwic(tokens, sentences, pattern, window=1, sort=None)
    # the keyword as written: one curly, one straight
    assert rows(out, "left", "keyword", "right") == [("Kim", "’s", "aide"),
                                                     ("Putin", "'s", "aide")]  # fmt: skip


@pytest.mark.parametrize("pattern", ["n't", "n’t"])
def test_kwic_curly_pattern_finds_straight_clitic(pattern):
    tokens, sentences = kwic_tables()
    out = concordance.kwic(tokens, sentences, pattern, window=1)
    assert rows(out, "left", "keyword", "right") == [("ca", "n't", "come")]


# Keyword "met" in a1..a4 and b1. Left contexts: shoigu / lavrov / kim / kim / kim.
# Right contexts: "kim ." / "putin twice ." / "putin again ." / "putin ." / "putin .".
# b1 repeats a4, but its tok_id (2) is lower than a4's (16): ties go by text order, which
# is article first, then tok_id.
SORT = {
    "b": ["Kim met Putin ."],
    "a": ["Shoigu met Kim .", "Lavrov met Putin twice .", "Kim met Putin again .",
          "Kim met Putin ."],
}  # fmt: skip


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        # by the first word after, then the second ("." sorts before letters)
        ("right", [("a", 1), ("a", 4), ("b", 1), ("a", 3), ("a", 2)]),
        # by the first word before: kim (a3, a4, b1 in text order), lavrov, shoigu
        ("left", [("a", 3), ("a", 4), ("b", 1), ("a", 2), ("a", 1)]),
        (None, [("a", 1), ("a", 2), ("a", 3), ("a", 4), ("b", 1)]),
    ],
)
def test_kwic_sort(sort, expected):
    tokens, sentences = make_tables(SORT)
    out = concordance.kwic(tokens, sentences, "met", sort=sort)
    assert rows(out, "article_id", "sent_id") == expected


def test_kwic_invalid_sort():
    tokens, sentences = make_tables(SORT)
    with pytest.raises(ValueError, match="sort must be"):
        concordance.kwic(tokens, sentences, "met", sort="middle")


def test_kwic_no_match():
    tokens, sentences = make_tables(SORT)
    out = concordance.kwic(tokens, sentences, "absent*")
    assert out.empty and list(out.columns)[-3:] == ["left", "keyword", "right"]


# =========================================================================== dispersion, TF-IDF

# Article a: Kim(0) met(1) Putin(2) .(3) Kim(4) left(5); article b: Putin(6) met(7) Kim(8) .(9)
DISP = {"b": ["Putin met Kim ."], "a": ["Kim met Putin .", "Kim left"]}


def test_dispersion_positions():
    out = concordance.dispersion(make_tokens(DISP), ["kim", "put*"])
    assert list(out.columns) == ["term", "article_id", "tok_id", "position", "relative"]
    # relative = (tok_id - first tok_id) / (article length - 1): a has 6 tokens, b 4
    assert rows(out, "term", "article_id", "tok_id", "position") == [
        ("kim", "a", 1, 0), ("kim", "a", 5, 4), ("kim", "b", 3, 8),
        ("put*", "a", 3, 2), ("put*", "b", 1, 6),
    ]  # fmt: skip
    assert out["relative"].tolist() == pytest.approx([0, 4 / 5, 2 / 3, 2 / 5, 0])


def test_article_boundaries():
    out = concordance.article_boundaries(make_tokens(DISP))
    assert rows(out, "article_id", "first", "last") == [("a", 0, 5), ("b", 6, 9)]


def test_tfidf_one_article_scores_zero():
    out = terms.tfidf(make_tokens({"a": ["Kim met Putin .", "Kim left ."]}))
    assert list(out.columns) == ["article_id", "rank", "term", "n", "tf", "idf", "tfidf"]
    assert (out["idf"] == 0).all() and (out["tfidf"] == 0).all()
    # all tied at 0: by term
    assert rows(out, "rank", "term", "n") == [(1, "kim", 2), (2, "leave", 1), (3, "meet", 1),
                                              (4, "putin", 1)]  # fmt: skip
    assert out["tf"].tolist() == pytest.approx([2 / 5, 1 / 5, 1 / 5, 1 / 5])


def test_tfidf_two_articles():
    out = terms.tfidf(make_tokens({"a": ["kim greets putin ."], "b": ["kim waves"]}))
    # N = 2 articles; kim in both: idf = ln(2/2) = 0; the others in one: idf = ln(2/1)
    assert rows(out, "article_id", "rank", "term") == [
        ("a", 1, "greets"), ("a", 2, "putin"), ("a", 3, "kim"),
        ("b", 1, "waves"), ("b", 2, "kim"),
    ]  # fmt: skip
    assert out["idf"].tolist() == pytest.approx(
        [0.6931471805599453] * 2 + [0] + [0.6931471805599453, 0]
    )
    assert out["tfidf"].tolist() == pytest.approx([math.log(2) / 3] * 2 + [0, math.log(2) / 2, 0])
    top = terms.tfidf(make_tokens({"a": ["kim greets putin ."], "b": ["kim waves"]}), top=1)
    assert rows(top, "article_id", "term") == [("a", "greets"), ("b", "waves")]


# =========================================================================== determinism

CORPUS = {
    "b": ["MOSCOW , Sept 15 .", "Kim ’s train left , the envoy said .", "Kim met Putin again ."],
    "a": ["TOKYO , Sept 14 .", "Putin met Kim .", "The two leaders met Kim again .",
          "Kim met Putin , the envoy said ."],
}  # fmt: skip

OUTPUTS = {
    "frequencies": lambda t, s: terms.frequencies(t),
    "frequencies_grouped": lambda t, s: terms.frequencies(t, group="article_id"),
    "ngrams": lambda t, s: terms.ngrams(t, min_count=1),
    "collocations": lambda t, s: terms.collocations(t, window=3, min_count=1),
    "keyness_between": lambda t, s: terms.keyness_between(t, "article_id", "a", min_count=1),
    "kwic": lambda t, s: concordance.kwic(t, s, "kim", window=3),
    "dispersion": lambda t, s: concordance.dispersion(t, ["kim", "putin"]),
    "article_boundaries": lambda t, s: concordance.article_boundaries(t),
    "tfidf": lambda t, s: terms.tfidf(t),
}


@pytest.mark.parametrize("name", OUTPUTS)
def test_shuffled_rows_give_identical_output(name):
    tokens, sentences = make_tables(CORPUS, dateline=("a", "b"))
    expected = OUTPUTS[name](tokens, sentences)
    assert len(expected) > 0
    for seed in (1, 2):
        shuffled = tokens.sample(frac=1, random_state=seed)
        assert not shuffled.index.equals(tokens.index)
        got = OUTPUTS[name](shuffled, sentences.sample(frac=1, random_state=seed))
        pd.testing.assert_frame_equal(got, expected, obj=name)


def test_keyness_of_tokens_is_keyness_between_two_tables():
    tokens = make_tokens({"a": ["Kim met Putin .", "Kim smiled ."], "b": ["Putin left ."]})
    between = terms.keyness_between(tokens, "article_id", "a", min_count=1, max_p=1.0)
    a, b = tokens[tokens["article_id"] == "a"], tokens[tokens["article_id"] == "b"]
    pd.testing.assert_frame_equal(terms.keyness_of_tokens(a, b, min_count=1, max_p=1.0), between)


def test_name_parts_with_nested_and_overlapping_mentions():
    tokens = make_tokens({"a": ["the Workers Party of Korea and Kim Jong Un met UN staff"],
                          "b": ["UN staff met Kim"]})  # fmt: skip
    body = "the Workers Party of Korea and Kim Jong Un met UN staff"
    spans = [("Workers Party of Korea", "a"), ("Party of Korea", "a"), ("Kim Jong Un", "a"),
             ("UN", "a")]  # fmt: skip
    mentions = pd.DataFrame(
        [{"article_id": a, "start": body.index(t), "end": body.index(t) + len(t), "text": t}
         for t, a in spans]
    )  # fmt: skip
    inside = tokens[terms.name_parts(tokens, mentions)]
    assert inside["token"].tolist() == ["Workers", "Party", "of", "Korea", "Kim", "Jong", "Un"]
    assert not terms.name_parts(tokens[tokens["article_id"] == "b"], mentions).any()


def test_name_parts_agrees_with_a_token_by_token_check_across_articles():
    rng = np.random.default_rng(7)
    tokens, mentions = [], []
    for article in ("c", "a", "b", "d"):  # mentions of a long early article reach far
        starts = np.cumsum(rng.integers(1, 6, size=60))
        tokens += [(article, int(s), int(s) + 1) for s in starts]
        for _ in range(8):
            a, n = int(rng.integers(0, 300)), int(rng.integers(1, 40))
            mentions.append((article, a, a + n, "two words" if rng.random() < 0.8 else "one"))
    tokens = pd.DataFrame(tokens, columns=["article_id", "start", "end"]).sample(
        frac=1, random_state=3
    )
    mentions = pd.DataFrame(mentions, columns=["article_id", "start", "end", "text"])
    multi = mentions[mentions["text"] == "two words"]
    expected = [
        bool(((multi["article_id"] == t.article_id) & (multi["start"] <= t.start)
              & (multi["end"] >= t.end)).any())
        for t in tokens.itertuples()
    ]  # fmt: skip
    got = terms.name_parts(tokens, mentions)
    assert got.index.equals(tokens.index)
    assert got.tolist() == expected and 0 < sum(expected) < len(expected)


@pytest.mark.parametrize("sort", ["right", "left", None])
def test_kwic_and_dispersion_do_not_depend_on_the_order_of_the_rows(sort):
    tokens, sentences = kwic_tables()
    shuffled = tokens.sample(frac=1, random_state=7)
    for pattern in ("kim", "putin", "'s", "nothing matches this"):
        for window in (1, 2, 50):
            expected = concordance.kwic(tokens, sentences, pattern, window=window, sort=sort)
            got = concordance.kwic(shuffled, sentences, pattern, window=window, sort=sort)
            assert got.equals(expected), (pattern, window)
    spread = concordance.dispersion(tokens, ["kim", "putin"])
    assert len(spread) > 0 and concordance.dispersion(shuffled, ["kim", "putin"]).equals(spread)


def test_kwic_by_the_token_as_written():
    tokens, sentences = kwic_tables()
    out = concordance.kwic(tokens, sentences, "Kim", window=1, sort=None, by="token")
    assert out["keyword"].tolist() == ["Kim"] * 4


@pytest.mark.parametrize("seed", range(6))
def test_runs_and_pairs_are_counted_as_counters_count_them(seed):
    """n-grams and collocation pairs are counted as integer codes (terms._gram_counts,
    terms._tally); they give what Counter gives over tuples, in its order (first
    appearance), with breaks (None) anywhere, including at the ends and in a row."""
    from collections import Counter

    rng = np.random.default_rng(seed)
    vocabulary = ["a", "b", "c", "d", None]
    seq = [vocabulary[i] for i in rng.integers(0, 5, size=int(rng.integers(0, 60)))]
    codes, words = terms._codes(seq)
    for size in (1, 2, 3, 4):
        for min_count in (1, 2):
            runs = Counter(zip(*(seq[k:] for k in range(size)), strict=False))
            expected = [(g, n) for g, n in runs.items() if n >= min_count and None not in g]
            assert terms._gram_counts(codes, words, size, min_count) == expected
    values = rng.integers(0, 7, size=len(seq))
    first, counts = terms._tally(values)
    tally = Counter(values.tolist())
    assert values[first].tolist() == list(tally) and counts.tolist() == list(tally.values())


def test_fold_keeps_a_missing_value_missing():
    folded = terms.fold(pd.Series(["A", None, "b’s", "C"]))
    assert folded.iloc[[0, 2, 3]].tolist() == ["a", "b's", "c"]
    assert pd.isna(folded.iat[1])  # not the folded form of another value
