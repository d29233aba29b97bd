"""Text reuse: shingle containment, the longest shared passage, reprints, and the MinHash
candidate search, which must find what the exact comparison finds."""

from __future__ import annotations

import difflib
import inspect
import itertools
import random

import pandas as pd
import pytest

from newsframes.analysis import reuse
from newsframes.analysis.reuse import COLUMNS, REPRINT_COLUMNS, find_reuse, reprints
from newsframes.analysis.settings import DEFAULTS

W = str.split  # the tests write articles as text; find_reuse takes lists of words

# Eighty words no other article of these tests uses, for a long article.
LONG = [f"w{n}" for n in range(80)]


def one_pair(table: pd.DataFrame) -> dict:
    assert len(table) == 1, table
    return table.iloc[0].to_dict()


def test_columns_and_defaults_are_the_settings():
    parameters = inspect.signature(find_reuse).parameters
    assert parameters["shingle"].default == DEFAULTS.reuse_shingle == 8
    assert parameters["min_share"].default == DEFAULTS.reuse_min_share
    assert parameters["exact_max"].default == DEFAULTS.reuse_exact_max
    assert inspect.signature(reprints).parameters["min_share"].default == (
        DEFAULTS.reprint_min_share
    )
    assert list(find_reuse({})) == list(COLUMNS)
    assert list(reprints(find_reuse({}), {})) == list(REPRINT_COLUMNS)


def test_identical_pair():
    text = W("the two leaders met in the eastern port city on wednesday for talks on trade")
    pair = one_pair(find_reuse({"b": text, "a": list(text)}))
    n = len(text) - 8 + 1
    assert pair == {
        "article_a": "a", "article_b": "b", "n_shingles_a": n, "n_shingles_b": n,
        "n_shared": n, "share_a": 1.0, "share_b": 1.0, "longest_words": len(text),
        "longest_passage": " ".join(text), "method": "exact",
    }  # fmt: skip


def test_short_article_wholly_inside_a_long_one_is_found_by_containment():
    short = LONG[30:40]  # 10 words: 8 shingles of 3, all in the long article
    pair = one_pair(find_reuse({"long": LONG, "short": short}, shingle=3))
    assert (pair["article_a"], pair["article_b"]) == ("long", "short")
    assert (pair["n_shingles_a"], pair["n_shingles_b"], pair["n_shared"]) == (78, 8, 8)
    assert pair["share_b"] == 1.0
    assert pair["share_a"] == pytest.approx(8 / 78)
    jaccard = 8 / (78 + 8 - 8)
    assert jaccard < DEFAULTS.reuse_min_share  # Jaccard alone would have missed it
    assert pair["longest_passage"] == " ".join(short)


# a and b: 12 words each (10 shingles of 3) sharing one run of 4 words (2 shingles):
# a share of 0.2 of each.
A12 = W("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima")
B12 = W("one two three four five six golf hotel india juliet seven eight")


@pytest.mark.parametrize(
    ("min_share", "listed"), [(0.1, True), (0.2, True), (0.21, False), (0.5, False)]
)
def test_pair_listed_only_at_min_share(min_share, listed):
    table = find_reuse({"a": A12, "b": B12}, shingle=3, min_share=min_share)
    assert len(table) == int(listed)
    if listed:
        assert table.loc[0, "n_shared"] == 2
        assert table.loc[0, "share_a"] == table.loc[0, "share_b"] == 0.2


def test_a_pair_is_listed_when_either_share_reaches_min_share():
    """4 shared shingles are 0.5 of the short article and 4/78 of the long one."""
    short = LONG[10:16] + W("but not here")
    pair = one_pair(find_reuse({"x": LONG, "y": short}, shingle=3, min_share=0.45))
    assert (pair["n_shared"], pair["n_shingles_b"], pair["share_b"]) == (4, 7, 4 / 7)
    assert find_reuse({"x": LONG, "y": short}, shingle=3, min_share=0.6).empty


@pytest.mark.parametrize(("n_words", "listed"), [(0, False), (1, False), (2, False), (3, True)])
def test_articles_shorter_than_a_shingle_have_no_shingles(n_words, listed):
    words = {"long": LONG, "short": LONG[20 : 20 + n_words], "other": W("x y")}
    table = find_reuse(words, shingle=3)
    assert len(table) == int(listed)
    if listed:
        assert one_pair(table)["n_shingles_b"] == 1
        assert one_pair(table)["longest_passage"] == "w20 w21 w22"


@pytest.mark.parametrize(
    ("a", "b", "shingle", "n_shared", "longest"),
    [
        # Runs in common: "said on monday that the talks" (6 words, 4 shingles of 3) and
        # "new talks would follow" (4 words, 2 shingles).
        ("the minister said on monday that the talks in geneva had failed and that new "
         "talks would follow",
         "officials said on monday that the talks had stalled while new talks would follow "
         "next week", 3, 6, "said on monday that the talks"),
        # Two common runs of 3 words: the first in article a is the longest passage.
        ("x1 p q r x2 s t u", "s t u y p q r", 3, 2, "p q r"),
        # A run that recurs in b: the passage is the longer, b's second occurrence.
        ("k l m n o", "k l m z k l m n", 2, 3, "k l m n"),
        # Shingles of one word: the longest run may be the only word in common.
        ("red green blue", "blue yellow", 1, 1, "blue"),
    ],
)  # fmt: skip
def test_longest_passage_worked_out_by_hand(a, b, shingle, n_shared, longest):
    pair = one_pair(find_reuse({"a": W(a), "b": W(b)}, shingle=shingle, min_share=0.01))
    assert pair["n_shared"] == n_shared
    assert pair["longest_passage"] == longest
    assert pair["longest_words"] == len(longest.split())


def test_shares_count_distinct_shingles():
    """A passage repeated inside an article counts once."""
    a = W("one two three one two three one two three")  # 7 shingles of 3, 3 distinct
    b = W("one two three four")  # 2 shingles
    pair = one_pair(find_reuse({"a": a, "b": b}, shingle=3))
    assert (pair["n_shingles_a"], pair["n_shingles_b"], pair["n_shared"]) == (3, 2, 1)
    assert (pair["share_a"], pair["share_b"]) == (1 / 3, 1 / 2)


def reference(words: dict, shingle: int, min_share: float) -> list[tuple]:
    """The definition, pair by pair with Python sets and difflib."""
    rows = []
    for a, b in itertools.combinations(sorted(words), 2):
        sets = [
            {tuple(w[i : i + shingle]) for i in range(len(w) - shingle + 1)}
            for w in (words[a], words[b])
        ]
        shared = len(sets[0] & sets[1])
        if not shared or max(shared / len(sets[0]), shared / len(sets[1])) < min_share:
            continue
        matcher = difflib.SequenceMatcher(None, words[a], words[b], autojunk=False)
        m = matcher.find_longest_match(0, len(words[a]), 0, len(words[b]))
        passage = " ".join(words[a][m.a : m.a + m.size])
        rows.append((a, b, len(sets[0]), len(sets[1]), shared, m.size, passage))
    return rows


@pytest.mark.parametrize("seed", range(6))
def test_exact_path_matches_the_definition_on_small_random_corpora(seed):
    """Few distinct words, so shingles recur within and across articles."""
    rng = random.Random(seed)
    for _ in range(10):
        shingle = rng.randint(1, 5)
        vocabulary = "abcde"[: rng.randint(2, 5)]
        words = {f"t{n}": rng.choices(vocabulary, k=rng.randint(0, 30)) for n in range(8)}
        min_share = rng.choice([0.05, 0.2, 0.5, 1.0])
        table = find_reuse(words, shingle=shingle, min_share=min_share)
        got = table[list(COLUMNS[:5]) + ["longest_words", "longest_passage"]]
        assert list(got.itertuples(index=False, name=None)) == reference(words, shingle, min_share)


def test_output_is_sorted_and_ids_are_text():
    text = LONG[:20]
    table = find_reuse({"c": text, 2: text, "b": text[:12], "a": LONG[40:60]}, shingle=3)
    assert list(zip(table["article_a"], table["article_b"], strict=True)) == [
        ("2", "b"), ("2", "c"), ("b", "c"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"shingle": 0}, "shingle must be"),
        ({"shingle": 2.5}, "shingle must be"),
        ({"min_share": 0}, "min_share must be"),
        ({"min_share": 1.5}, "min_share must be"),
        ({"exact_max": -1}, "exact_max must be"),
    ],
)
def test_options_out_of_range_say_the_fix(options, message):
    with pytest.raises(ValueError, match=message):
        find_reuse({"a": LONG}, **options)


def test_text_instead_of_words_says_the_fix():
    with pytest.raises(ValueError, match=r"text\.lower\(\)\.split\(\)"):
        find_reuse({"a": "the whole article as one string"})


def pairs_of(*rows) -> pd.DataFrame:
    """A pairs table with the columns reprints reads (and the rest filled in)."""
    table = pd.DataFrame(rows, columns=["article_a", "article_b", "share_a", "share_b"])
    for column in COLUMNS:
        if column not in table:
            table[column] = 0 if column.startswith(("n_", "longest_w")) else ""
    return table[list(COLUMNS)]


@pytest.mark.parametrize(
    ("date_a", "date_b", "share_a", "share_b", "expected"),
    [
        # b is later and 0.6 of b is in a: b reprints a.
        ("2023-09-14", "2023-09-15", 0.9, 0.6, ("b", "a", 0.6)),
        # a is later: its own share decides, although b's is larger.
        ("2023-09-16", "2023-09-15", 0.55, 1.0, ("a", "b", 0.55)),
        # the later article's share is below 0.5: no reprint, whatever the earlier's.
        ("2023-09-14", "2023-09-15", 1.0, 0.49, None),
        # undated is later than dated.
        (None, "2023-09-15", 0.8, 0.9, ("a", "b", 0.8)),
        ("", "2023-09-15", 0.8, 0.9, ("a", "b", 0.8)),
        ("2023-09-14", None, 0.8, 0.9, ("b", "a", 0.9)),
        # a tie of dates, or both undated: the larger article_id is the later.
        ("2023-09-15", "2023-09-15", 0.9, 0.7, ("b", "a", 0.7)),
        (None, None, 0.9, 0.7, ("b", "a", 0.7)),
        (float("nan"), None, 0.9, 0.7, ("b", "a", 0.7)),
        # the share at exactly min_share counts.
        ("2023-09-14", "2023-09-15", 0.2, 0.5, ("b", "a", 0.5)),
    ],
)
def test_reprints_later_article_by_date_then_id(date_a, date_b, share_a, share_b, expected):
    table = reprints(pairs_of(("a", "b", share_a, share_b)), {"a": date_a, "b": date_b})
    assert list(table) == list(REPRINT_COLUMNS)
    rows = list(table.itertuples(index=False, name=None))
    assert rows == ([expected] if expected else [])


@pytest.mark.parametrize("date", ["2023-09-15", None])
def test_reprints_tie_goes_by_id_whatever_the_order_of_the_pair(date):
    pairs = pairs_of(("b", "a", 0.7, 0.9))  # the larger id first
    table = reprints(pairs, {"a": date, "b": date})
    assert list(table.itertuples(index=False, name=None)) == [("b", "a", 0.7)]


def test_reprints_keep_the_largest_share_and_do_not_chain():
    pairs = pairs_of(
        ("a", "b", 0.9, 0.6),  # b reprints a (0.6)
        ("b", "c", 0.7, 0.8),  # c reprints b (0.8): a chain, kept as it is
        ("a", "c", 0.5, 0.7),  # c reprints a (0.7): smaller than 0.8
        ("d", "e", 0.9, 0.75),  # e reprints d (0.75)
        ("e", "f", 0.75, 0.9),  # e reprints f (0.75): a tie, the smaller id d wins
    )
    dates = {"a": "2023-09-01", "b": "2023-09-02", "c": "2023-09-03T08:00",
             "d": "2023-09-01", "e": None, "f": "2023-09-02"}  # fmt: skip
    table = reprints(pairs, dates)
    assert list(table.itertuples(index=False, name=None)) == [
        ("b", "a", 0.6), ("c", "b", 0.8), ("e", "d", 0.75),
    ]  # fmt: skip


def test_reprints_from_find_reuse():
    original = LONG[:40]
    reprint = LONG[:30] + W("added at the end of the story by the second outlet")
    pairs = find_reuse({"orig": original, "copy": reprint, "other": LONG[50:]}, shingle=3)
    table = reprints(pairs, {"orig": "2023-09-14", "copy": "2023-09-15", "other": None})
    assert list(table.itertuples(index=False, name=None)) == [("copy", "orig", 28 / 39)]
    swapped = {"orig": "2023-09-15", "copy": "2023-09-14", "other": None}
    table = reprints(pairs, swapped)
    assert list(table.itertuples(index=False, name=None)) == [("orig", "copy", 28 / 38)]
    assert reprints(pairs, swapped, min_share=0.75).empty


def test_reprints_errors_say_the_fix():
    pairs = pairs_of(("a", "b", 0.9, 0.9))
    with pytest.raises(LookupError, match="no entry for b: pass a date"):
        reprints(pairs, {"a": "2023-09-14"})
    with pytest.raises(ValueError, match="write it YYYY-MM-DD"):
        reprints(pairs, {"a": "14 September 2023", "b": None})
    with pytest.raises(ValueError, match="min_share must be"):
        reprints(pairs, {"a": None, "b": None}, min_share=0)


def test_lsh_bands_keep_recall_at_the_boundary():
    bands, rows = reuse.lsh_bands(DEFAULTS.reuse_min_share)
    assert (bands, rows) == (reuse.NUM_PERM, 1)
    j_min = 0.2 / (1 + reuse.MAX_LENGTH_RATIO - 0.2)
    assert (1 - j_min**rows) ** bands <= reuse.MAX_MISS
    assert reuse.lsh_bands(0.9)[1] >= 1
    needed = reuse.needed_agreements([1, 2, 4, 10, 50], 0.2)
    assert list(needed) == sorted(needed, reverse=True)
    assert needed[0] > 1 and needed[-2] == needed[-1] == 1


def synthetic_corpus(seed: int = 20230914, n: int = 200) -> tuple[dict, set]:
    """``n`` articles of random words with planted reuse, and the planted pairs."""
    rng = random.Random(seed)
    vocabulary = sorted({"".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(2, 9)))
                         for _ in range(2000)})  # fmt: skip
    words = {f"n{k:03d}": rng.choices(vocabulary, k=rng.randint(150, 300)) for k in range(n)}
    ids = rng.sample(sorted(words), 24)
    planted = set()
    for kind, (source, target) in zip(
        itertools.cycle("xepw"), zip(ids[::2], ids[1::2], strict=True)
    ):
        text = words[source]
        if kind == "x":  # an exact reprint
            words[target] = list(text)
        elif kind == "e":  # a reprint with a few words changed
            words[target] = list(text)
            for _ in range(5):
                words[target][rng.randrange(len(text))] = rng.choice(vocabulary)
        elif kind == "p":  # a passage of 80 to 120 words taken into another article
            start = rng.randrange(len(text) - 120)
            at = rng.randrange(len(words[target]))
            passage = text[start : start + rng.randint(80, 120)]
            words[target] = words[target][:at] + passage + words[target][at:]
        else:  # a short article wholly inside a long one
            start = rng.randrange(len(text) - 40)
            words[target] = text[start : start + rng.randint(20, 40)]
        planted.add(tuple(sorted((source, target))))
    return words, planted


def test_minhash_path_finds_what_the_exact_path_finds():
    words, planted = synthetic_corpus()
    exact = find_reuse(words)
    minhash = find_reuse(words, exact_max=0)
    assert set(exact["method"]) == {"exact"} and set(minhash["method"]) == {"minhash"}
    assert planted <= set(zip(exact["article_a"], exact["article_b"], strict=True))
    pd.testing.assert_frame_equal(exact.drop(columns="method"), minhash.drop(columns="method"))
    assert find_reuse(words, exact_max=len(words))["method"].eq("exact").all()
    assert find_reuse(words, exact_max=len(words) - 1)["method"].eq("minhash").all()


def test_minhash_path_is_deterministic():
    words, _ = synthetic_corpus(seed=7, n=60)
    first = find_reuse(words, exact_max=0, min_share=0.05)
    assert len(first) >= 6
    pd.testing.assert_frame_equal(first, find_reuse(words, exact_max=0, min_share=0.05))
