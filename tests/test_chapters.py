"""The chapter layer (newsframes.book.chapters): each chapter's values by name, computed
from the analysis tables, and the prose clauses it glues."""

from __future__ import annotations

import inspect

import pandas as pd
import pytest
from conftest import SEEDS_DIR, SMALL

from newsframes.analysis import cache as cache_mod
from newsframes.analysis import corpus, evaluation, framing, pipeline, profiles, terms, voices
from newsframes.book import chapters, render

pytestmark = pytest.mark.usefixtures("project_folders_untouched")

TEXTS = {"max_texts": 25, "max_chars": 20_000}
ARTICLE_CHAPTERS = {
    chapters.corpus_chapter: TEXTS,
    chapters.tokens_chapter: {},
    chapters.terms_chapter: {"top_n": 20, "kwic_extra": ["imperialist*"]},
    chapters.entities_chapter: {},
    chapters.framing_chapter: TEXTS,
    chapters.rerun_references: {"top": 5},
    chapters.compare_chapter: {},
}


@pytest.fixture(scope="module", autouse=True)
def own_cache(tmp_path_factory):
    """The held-out sets are analyzed with the default cache: point it away from the
    project's for this module."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NEWSFRAMES_CACHE", str(tmp_path_factory.mktemp("chapters-default-cache")))
        yield


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    cache = tmp_path_factory.mktemp("chapters-cache")
    return pipeline.analyze(SEEDS_DIR, cache_dir=cache, jobs=1)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    folder = tmp_path_factory.mktemp("chapters-small") / "seeds"
    folder.mkdir()
    for name, data in SMALL.items():
        (folder / name).write_bytes(data)
    return pipeline.analyze(folder, cache_dir=folder.parent / "cache", jobs=1)


@pytest.fixture(scope="module")
def seed_chapters(seed):
    return {f.__name__: f(seed, **kw) for f, kw in ARTICLE_CHAPTERS.items()}


def test_no_chapter_decodes_the_whole_tokens_table(seed, seed_chapters, tmp_path, monkeypatch):
    """From the cache, a chapter reads only the token columns it counts and the first
    rows it shows, never every column of every token; its values and tables are those of
    the tables held in memory."""
    cache = tmp_path / "cache"
    pipeline.analyze(SEEDS_DIR, cache_dir=cache, jobs=1)
    decoded = []
    real_read = cache_mod.Entry._read

    def recording(self, name, columns, n):
        decoded.append((self.path, name, columns, n))
        return real_read(self, name, columns, n)

    monkeypatch.setattr(cache_mod.Entry, "_read", recording)
    lazy = pipeline.analyze(SEEDS_DIR, cache_dir=cache, jobs=1)
    assert isinstance(lazy, pipeline.Tables) and decoded == []
    for f, kw in ARTICLE_CHAPTERS.items():
        got, want = f(lazy, **kw), seed_chapters[f.__name__]
        assert got.values == want.values, f.__name__
        assert _same(got.tables, want.tables), f.__name__
    # The seed's tokens (the held-out sets the rerun chapter reads are other entries).
    seed_entry = lazy._entry.path
    tokens = [(cols, n) for path, name, cols, n in decoded 
              if (path, name) == (seed_entry, "tokens")]  # fmt: skip
    assert tokens and (None, None) not in tokens
    assert all(n is None or n <= render.HTML_MAX_ROWS for _, n in tokens)
    assert "tokens" not in lazy._frames


def _same(a, b) -> bool:
    """Equal tables, lists and dicts of them, and render objects holding equal ones."""
    if isinstance(a, pd.DataFrame | pd.Series):
        return type(a) is type(b) and a.equals(b)
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(map(_same, a, b))
    if hasattr(a, "__dict__"):
        return type(a) is type(b) and _same(vars(a), vars(b))
    return a == b or (pd.isna(a) and pd.isna(b))


def test_every_key_has_its_chapters_prefix(seed, seed_chapters):
    """A chapter function glues only keys that start with the first word of its name,
    the prefix the glue index finds the producer by."""
    more = {"lexicons_chapter": chapters.lexicons_chapter(),
            "cite_chapter": chapters.cite_chapter(),
            "data_chapter": chapters.data_chapter(seed)}  # fmt: skip
    for name, chapter in {**seed_chapters, **more}.items():
        prefix = name.split("_")[0]
        assert chapter.values, name
        assert all(key.startswith(f"{prefix}_") for key in chapter.values), name
    settings = chapters.settings_and_inputs(SEEDS_DIR)  # the prefix is its first word
    assert all(key.startswith("settings_") for key in settings.values)


def test_corpus_values(seed, seed_chapters):
    v = seed_chapters["corpus_chapter"].values
    articles = seed["articles"]
    assert v["corpus_n_articles"] == len(articles) == 1
    assert v["corpus_n_paragraphs"] == int(articles["n_paragraphs"].sum())
    assert str(v["corpus_first_date"]) == str(v["corpus_last_date"]) == "2023-09-14"
    assert str(v["corpus_fingerprint"]) == corpus.corpus_fingerprint(articles)[:16]
    assert v["corpus_n_texts_shown"] == 1 and v["corpus_n_texts_cut"] == 0


def test_corpus_counts_texts_cut_at_the_character_limit(seed):
    v = chapters.corpus_chapter(seed, max_texts=25, max_chars=100).values
    assert v["corpus_n_texts_cut"] == 1 and v["corpus_max_chars"] == 100
    assert (
        chapters.corpus_chapter(seed, max_texts=0, max_chars=100).values["corpus_n_texts_shown"]
        == 0
    )


def test_tokens_values(seed, seed_chapters):
    v = seed_chapters["tokens_chapter"].values
    tokens = seed["tokens"]
    assert v["tokens_n_tokens"] == len(tokens)
    assert v["tokens_n_words"] + v["tokens_n_punct"] == len(tokens)
    assert v["tokens_n_datelines"] == 1


def test_terms_values(seed, seed_chapters):
    c = seed_chapters["terms_chapter"]
    v = c.values
    keyness = seed["keyness"]
    top = keyness[(keyness["ll"] > 0) & (keyness["p"] < 0.05)].sort_values("ll").iloc[-1]
    assert str(v["terms_top_keyword"]) == top["term"]
    assert v["terms_top_keyword_ll"] == pytest.approx(top["ll"])
    assert v["terms_n_running"] == len(terms.running_words(seed["tokens"]))
    assert v["terms_n_ngrams"] == len(seed["ngrams"])
    quoted = seed["tokens"][seed["tokens"]["voice"] == "quoted"]
    assert v["terms_n_quoted_words"] == len(terms.running_words(quoted))
    assert list(c.tables["kwic"])[-1] == "imperialist*"
    assert c.tables["tfidf"] is None  # one article


def test_entities_values_score_the_seed_and_both_held_out_sets(seed, seed_chapters):
    c = seed_chapters["entities_chapter"]
    v = c.values
    names = seed["entities"][seed["entities"]["mention"] != "role"]
    assert v["entities_n_mentions"] == len(names)
    gold = evaluation.read_gold(chapters.SEED_GOLD.gold("entities"))
    assert v["entities_gold_n"] == len(gold) and v["entities_n_unscored"] == 0
    seed_scores, _ = evaluation.evaluate_entities(names, chapters.SEED_GOLD.gold("entities"))
    assert str(v["entities_seed_result"]) == evaluation.f1_summary(seed_scores)
    for name in ("heldout", "heldout2"):
        assert 0 < v[f"entities_{name}_f1_strict"] <= v[f"entities_{name}_f1_lenient"] <= 1
    assert v["entities_heldout2_n"] == len(evaluation.read_gold(chapters.HELDOUT2.gold("entities")))


def test_framing_values(seed, seed_chapters):
    c = seed_chapters["framing_chapter"]
    v = c.values
    contrast = profiles.voice_contrast(seed["framing"], seed["tokens"]).set_index("source")
    assert v["framing_loaded_sources"] == contrast.loc["sources", "rate"]
    assert v["framing_loaded_outlet"] == contrast.loc["outlet", "rate"]
    assert str(v["framing_loaded_comparison"]) == chapters.compare(
        int(contrast.loc["sources", "n_hits"]), int(contrast.loc["sources", "n_words"]),
        int(contrast.loc["outlet", "n_hits"]), int(contrast.loc["outlet", "n_words"]),
    )  # fmt: skip
    shares = [v[f"framing_share_{voice}"] for voice in ("narrative", "quoted", "reported")]
    assert sum(shares) == pytest.approx(100)
    assert v["framing_n_quotes"] == len(seed["quotes"])
    assert str(v["framing_outlets"]) == "TASS (1)"
    assert 0 < v["framing_h2_found"] <= 1 and v["framing_h2_n_articles"] == 8
    assert v["framing_speaker_ok_seed"] == v["framing_speaker_n_seed"] > 0
    assert len(c.tables["texts"]) == 1


def test_chapters_hold_on_a_corpus_without_quotes_or_gold(small):
    """Articles with no gold, no keyword and one quotation: every chapter computes."""
    for function, kw in ARTICLE_CHAPTERS.items():
        chapter = function(small, **kw)
        assert chapter.values, function.__name__
    v = chapters.entities_chapter(small).values
    assert v["entities_gold_n"] == 0 and v["entities_n_unscored"] == len(SMALL)
    assert str(v["entities_seed_result"]) == evaluation.f1_summary(
        evaluation.scores(pd.DataFrame(columns=["article_id", "start", "end", "label"]),
                          evaluation.read_gold(chapters.SEED_GOLD.gold("entities"), articles=[]))
    )  # fmt: skip


def test_glue_glues_every_value_undisplayed(seed_chapters, monkeypatch):
    import myst_nb

    glued = []
    monkeypatch.setattr(myst_nb, "glue", lambda key, value, display: glued.append((key, display)))
    chapter = seed_chapters["tokens_chapter"]
    chapter.glue()
    assert glued == [(key, False) for key in chapter.values]


def test_the_analysis_has_no_prose_functions():
    """The clauses for prose are written on the book side."""
    assert not hasattr(voices, "relay_summary") and not hasattr(framing, "compare")
    assert "prose" not in inspect.getsource(terms).lower()


@pytest.mark.parametrize(
    ("rates", "word", "ratio"),
    [
        # 4.0 against 3.7 per 1,000 words from 3 and 11 hits: not a difference
        ((3, 750, 11, 2970), "not measurably different from",
         "(rate ratio 1.08, 95% interval 0.19 to 4.09)"),
        # 30 against 5 per 1,000: the interval (2.31 to 19.8) excludes 1
        ((30, 1000, 5, 1000), "higher than", "(rate ratio 6.00, 95% interval 2.31 to 19.81)"),
        ((5, 1000, 30, 1000), "lower than", "(rate ratio 0.17, 95% interval 0.05 to 0.43)"),
        ((0, 100, 0, 100), "not measurably different from", "(no hit on either side)"),
        ((4, 100, 0, 100), "not measurably different from",
         "(no hit in the second set of words; 95% interval of the rate ratio from 0.66, "
         "no upper bound)"),
    ],
)  # fmt: skip
def test_compare_states_a_difference_only_when_the_interval_excludes_one(rates, word, ratio):
    assert chapters.compare(*rates) == word
    assert chapters.ratio_text(*rates) == ratio


def test_glued_in_reads_the_glue_outputs_of_an_executed_notebook():
    import nbformat

    glued = nbformat.v4.new_output(
        "display_data",
        data={"application/papermill.record/text/plain": "42"},
        metadata={"scrapbook": {"name": "corpus_n_articles",
                                "mime_prefix": "application/papermill.record/"}},
    )  # fmt: skip
    shown = nbformat.v4.new_output("display_data", data={"text/plain": "a table"})
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(outputs=[shown, glued])])
    assert chapters.glued_in(nb) == {"corpus_n_articles": "42"}


# --------------------------------------------------------------------------- comparing outlets


@pytest.fixture(scope="module")
def outlets3(tmp_path_factory):
    """The invented three-outlet corpus of tests/data/compare (see test_compare.py)."""
    folder = SEEDS_DIR.parent / "tests" / "data" / "compare" / "articles"
    return pipeline.analyze(folder, cache_dir=tmp_path_factory.mktemp("outlets3"), jobs=1)


def test_compare_values_on_three_outlets(outlets3):
    c = chapters.compare_chapter(outlets3)
    v = c.values
    assert v["compare_n_groups"] == 3 and v["compare_several"] is True
    assert str(v["compare_groups"]) == "TASS (4), Xinhua (3), Yonhap (3)"
    assert str(v["compare_scope"]).startswith("The articles fall into 3 groups by outlet")
    # TASS 6 hits in 849 words, Xinhua 0 in 517: the ratio's interval has no upper bound
    # and starts below 1 (k1 = 6 of 6: pi >= 0.025 ** (1/6) = 0.541, ratio >= 0.541 /
    # 0.459 * 517 / 849 = 0.72), so no difference is stated
    assert str(v["compare_rates"]).endswith(
        "TASS's rate is not measurably different from Xinhua's (no hit in Xinhua's words; "
        "95% interval of the rate ratio from 0.72, no upper bound)"
    )
    assert "Yonhap: Choi Dong-hwan (63 words)" in str(v["compare_top_sources"])
    assert str(v["compare_naming_actor"]) == "North Korea"
    assert "Yonhap: North Korea (100%)" in str(v["compare_naming_forms"])
    # in each outlet's own narration (wordchoice table: voice narrative)
    assert (
        "military exercises: TASS war rehearsal (3), Xinhua joint military exercises (2), "
        "Yonhap combined exercises (4)" in str(v["compare_wordchoice_summary"])
    )
    assert str(v["compare_verdict"]).startswith("No difference passes its test")
    assert v["compare_adoption_n_loaded"] == 2
    assert str(v["compare_reuse_summary"]) == (
        "322_xinhua_moscow reprints 303_tass_moscow (88% of its passages)"
    )
    assert v["compare_reuse_n_reprints"] == 1
    assert str(v["compare_correction"]) == "Benjamini-Hochberg"
    assert list(c.tables["naming_chart"].index) == ["TASS", "Xinhua", "Yonhap"]
    assert c.tables["naming_chart"].sum(axis=1).tolist() == pytest.approx([1.0, 1.0, 1.0])
    assert set(c.tables["frames"].index) == {"TASS", "Xinhua", "Yonhap"}
    timeline = c.tables["timeline"]
    assert timeline["n_articles"].sum() == 10 and v["compare_n_dates"] == timeline["date"].nunique()
    wc = c.tables["wordchoice"].set_index("wording")
    assert wc.loc["DPRK", "TASS"] == "13 (6)" and wc.loc["DPRK", "Yonhap"] == ""
    assert wc.loc["DPRK leader", "TASS"] == "2 (2)"


def test_compare_with_one_outlet_says_why_and_compares_voices(seed):
    v = chapters.compare_chapter(seed).values
    assert v["compare_n_groups"] == 1 and v["compare_several"] is False
    assert "so outlets cannot be compared yet" in str(v["compare_scope"])
    assert str(v["compare_rates"]).startswith("in TASS, the sources' rate is ")
    assert str(v["compare_logodds_top"]).startswith("narration vs ")


def test_corpus_chapter_shows_where_each_article_came_from(outlets3, seed):
    c = chapters.corpus_chapter(outlets3, max_texts=1, max_chars=100)
    assert str(c.values["corpus_provenance"]) == (
        "the seeds folder's metadata.csv gives country, ownership, url, headline, retrieved, "
        "text for 10 of the 10 articles"
    )
    provenance = c.tables["provenance"]
    assert list(provenance.columns[:3]) == ["article_id", "outlet", "country"]
    assert provenance["url"].str.startswith("https://example.org/").all()
    assert "url" not in c.tables["articles"].columns  # the wide columns go to provenance
    seed_c = chapters.corpus_chapter(seed, max_texts=1, max_chars=100)
    assert "has no metadata.csv" in str(seed_c.values["corpus_provenance"])
    assert list(seed_c.tables["provenance"].columns) == ["article_id", "outlet"]


def _scale_csv(path, rows):
    columns = ["run", "machine", "n_articles", "n_tokens", "bare_tokens_per_s",
               "cli_tokens_per_s", "cli_over_bare", "cli_seconds", "cli_peak_mb",
               "rerun_seconds", "rerun_speedup", "html_seconds", "pdf_seconds",
               "book_seconds", "book_peak_mb", "site_mb"]  # fmt: skip
    pd.DataFrame(rows, columns=columns).to_csv(path, index=False)
    return path


def test_scale_chapter_reads_the_last_run_and_weighs_each_goal(tmp_path):
    old = ["2026-01-01T00:00:00Z", "old machine", 1000, 1, 1, 1, 9.0, 1, 1, 1, 99.0, 1, 1,
           60, 100, 1]  # fmt: skip
    run, m = "2026-12-03T08:00:00Z", "x86_64, 2 cores"
    rows = [
        old,
        [run, m, 5000, 9, 10, 9, 0.9, 100, 900, 10, 10.0, 600, 300, 900, 1500, 30.4],
        [run, m, 1000, 2, 10, 11, 1.1, 20, 700, 1, 20.0, 100, 50, 150, 1000, 12.0],
    ]
    c = chapters.scale_chapter(_scale_csv(tmp_path / "scale.csv", rows))
    v = c.values
    assert v["scale_date"] == "2026-12-03" and v["scale_machine"] == m
    assert v["scale_sizes"] == "1,000, 5,000" and v["scale_largest"] == 5000
    assert v["scale_smallest"] == 1000
    assert v["scale_min_ratio"] == "0.90" and v["scale_min_rerun_speedup"] == "10.0"
    assert v["scale_book_minutes"] == "15.0" and v["scale_site_mb"] == "30"
    assert v["scale_book_peak_growth"] == "1.50" and v["scale_book_peak_mb"] == "1,500"
    assert v["scale_repeats"] == "1"  # recorded before the benchmark repeated its runs
    repeated = pd.read_csv(tmp_path / "scale.csv").assign(repeats=[float("nan"), 3, 3])
    repeated.to_csv(tmp_path / "repeated.csv", index=False)
    assert chapters.scale_chapter(tmp_path / "repeated.csv").values["scale_repeats"] == "3"
    # 0.90 < 1.0 (throughput) and 1.50 > 1.3 (memory); 10.0 >= 10 and 15 <= 20 are met
    assert v["scale_verdict"] == "2 of 4 goals are not met yet (throughput, book memory)"
    assert list(c.tables["runs"]["n_articles"]) == [1000, 5000]
    from newsframes.book import plots

    assert len(plots.scale(c.tables["runs"], chapters.SCALE_GOALS).axes) == 4
    rows[1][6], rows[1][14] = 1.0, 1300
    assert (
        chapters.scale_chapter(_scale_csv(tmp_path / "met.csv", rows)).values["scale_verdict"]
        == "every goal is met"
    )


def test_the_recorded_scale_run_is_readable():
    c = chapters.scale_chapter()  # benchmarks/scale.csv, drawn by the methods page
    assert c.values["scale_largest"] >= c.values["scale_smallest"] > 0
    assert len(c.values["scale_date"]) == 10
