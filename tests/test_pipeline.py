"""The analysis pipeline (newsframes.analysis.pipeline): the named tables, the per-article and
corpus-level cache, and the CSV output.

Every run passes a tmp cache folder or ``use_cache=False``; nothing is written into the
project.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
import json
import os
import re
import shutil
from collections import Counter

import lemminflect
import pandas as pd
import pyarrow as pa
import pytest
from conftest import PROJECT_ROOT, SEED_FILE, SMALL, read_bytes

from newsframes.analysis import cache as cache_mod
from newsframes.analysis import (
    corpus,
    entities,
    nlp,
    pipeline,
    resources,
    schema,
    terms,
    voices,
)
from newsframes.analysis.cache import article_key, atomic_write, code_digest
from newsframes.analysis.reference import reference_counts, reference_size
from newsframes.analysis.schema import MINIMAL_COLUMNS
from newsframes.analysis.settings import DEFAULTS, Settings

pytestmark = pytest.mark.usefixtures("project_folders_untouched", "isolated_env")


# The columns of each table, in order: the schema, the one place they are declared.
COLUMNS = {name: schema.columns(name) for name in schema.TABLES}
CSV_NAMES = sorted(f"{name}.csv" for name in pipeline.TABLES)


def assert_tables_equal(left: dict, right: dict) -> None:
    assert list(left) == list(right) == list(pipeline.TABLES)
    for name in pipeline.TABLES:
        pd.testing.assert_frame_equal(left[name], right[name], obj=name)


def article_entries(cache) -> list:
    """The per-article cache entries (``<cache>/<2 hex>/<key>.zip``)."""
    return sorted(p for p in cache.rglob("*.zip") if p.parent.name != "corpus")


def corpus_entries(cache) -> list:
    """The corpus-level cache entries (``<cache>/corpus/<key>.zip``)."""
    return sorted((cache / "corpus").glob("*.zip"))


def entry_to_damage(cache, which: str):
    """The one article or corpus entry of ``cache``. For an article entry the corpus
    entry is removed, so that the next run reads the article entry (an unchanged corpus
    is read from its corpus entry alone)."""
    if which == "corpus":
        (entry,) = corpus_entries(cache)
        return entry
    for entry in corpus_entries(cache):
        entry.unlink()
    (entry,) = article_entries(cache)
    return entry


@pytest.fixture
def fresh_versions():
    resources.versions.cache_clear()
    yield
    resources.versions.cache_clear()


# --------------------------------------------------------------------------- tables


def test_tables_are_the_design_tables():
    assert set(MINIMAL_COLUMNS) <= set(COLUMNS)
    # every table of the schema, in its order
    assert [name for name in pipeline.TABLES if name in MINIMAL_COLUMNS] == list(MINIMAL_COLUMNS)
    assert sorted(pipeline.TABLES) == sorted(COLUMNS)
    for name, columns in COLUMNS.items():
        assert set(MINIMAL_COLUMNS.get(name, [])) <= set(columns), name


def test_analyze_returns_the_documented_tables(seed_copy, tmp_path):
    tables = pipeline.analyze(seed_copy, cache_dir=tmp_path / "cache")
    assert list(tables) == list(pipeline.TABLES)
    for name, columns in COLUMNS.items():
        assert list(tables[name].columns) == columns, name
        assert set(MINIMAL_COLUMNS.get(name, [])) <= set(tables[name].columns), name
    articles = tables["articles"]
    assert len(articles) == 1
    row = articles.iloc[0]
    assert row["article_id"] == SEED_FILE.stem
    assert (row["date"], row["dateline"], row["agency"]) == ("2023-09-14", "TOKYO", "TASS")
    assert row["n_tokens"] == len(tables["tokens"]) > 0
    assert row["n_sentences"] == len(tables["sentences"]) > 0
    assert articles["n_tokens"].dtype == "int64" and articles["n_sentences"].dtype == "int64"
    assert tables["problems"].empty
    for name in ("terms", "ngrams", "collocations", "keyness", "entities", "actors",
                 "cooccurrence", "quotes", "framing", "frames"):  # fmt: skip
        assert len(tables[name]) > 0, name


def test_analyze_several_articles(make_seeds):
    tables = pipeline.analyze(make_seeds(SMALL), use_cache=False)
    articles = tables["articles"].set_index("article_id")
    assert list(articles.index) == ["a", "b", "c"]
    assert articles["n_tokens"].to_dict() == tables["tokens"].groupby("article_id").size().to_dict()
    assert (
        articles["n_sentences"].to_dict()
        == tables["sentences"].groupby("article_id").size().to_dict()
    )
    # tok_id restarts at 1 in every article
    assert tables["tokens"].groupby("article_id")["tok_id"].min().tolist() == [1, 1, 1]
    assert tables["problems"][["source_file", "severity"]].values.tolist() == [["c.txt", "warning"]]
    # the articles' tables are joined into one piece per column, not one chunk per
    # article (which every later step would pay for)
    for name in ("sentences", "tokens", "entities", "framing"):
        for column, values in tables[name].items():
            if values.dtype == "str":
                arrow = pa.array(values.array)  # an Array, or a ChunkedArray of pieces
                assert getattr(arrow, "num_chunks", 1) == 1, (name, column)


@pytest.mark.parametrize("error", [pa.ArrowInvalid, pa.ArrowCapacityError])
def test_a_table_arrow_cannot_join_is_kept_in_pieces(error):
    """Joining a column's chunks can fail (strings past 32-bit offsets): the table is then
    used as it is, in pieces, rather than failing the analysis."""

    class Unjoinable:
        def combine_chunks(self):
            raise error("offset overflow while concatenating arrays")

    table = Unjoinable()
    assert pipeline._contiguous(table) is table
    joined = pa.table({"w": pa.chunked_array([["a"], ["b"]])})
    assert pipeline._contiguous(joined)["w"].num_chunks == 1


def test_analyze_an_empty_folder(make_seeds, tmp_path):
    tables = pipeline.analyze(make_seeds({"bad.txt": b""}), cache_dir=tmp_path / "cache")
    assert list(tables) == list(pipeline.TABLES)
    for name, columns in COLUMNS.items():
        assert list(tables[name].columns) == columns, name
        if name != "problems":
            assert tables[name].empty, name
    assert tables["problems"]["severity"].tolist() == ["error"]
    flags = tables["tokens"][["is_stop", "is_punct", "is_dateline"]]
    assert flags.dtypes.eq(bool).all()  # the dtypes of a full table


def test_corpus_tables_are_those_of_terms_with_the_settings(make_seeds):
    settings = Settings(
        ngram_min=2, ngram_max=3, ngram_min_count=1, collocation_window=1,
        collocation_min_count=1, keyness_min_count=1, keyness_max_p=0.5,
    )  # fmt: skip
    tables = pipeline.analyze(make_seeds(SMALL), use_cache=False, settings=settings)
    tokens, mentions = tables["tokens"], tables["entities"]
    expected = {
        "terms": terms.frequencies(tokens),
        "ngrams": terms.ngrams(tokens, n_min=2, n_max=3, min_count=1),
        "collocations": terms.collocations(tokens, window=1, min_count=1),
        "keyness": terms.keyness_vs_reference(
            tokens, categories=settings.reference, min_count=1, max_p=0.5
        ),
        "actors": entities.actors(mentions),
        "cooccurrence": entities.cooccurrence(mentions),
    }
    for name, table in expected.items():
        assert len(table) > 0, name
        pd.testing.assert_frame_equal(tables[name], table, obj=name)
    assert set(tables["ngrams"]["n_words"]) == {2, 3}
    assert pipeline.corpus_tables(tokens, mentions, settings).keys() == expected.keys()
    # Counted in a pool's workers, submitted before (as analyze does) or by corpus_tables.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(2) as pool:
        handed = pipeline.hand_out(tokens, mentions, settings, pool)
        assert list(handed) == ["ngrams", "collocations", "actors", "cooccurrence"]
        # With the reference read (as analyze does), the keyness test is handed out too.
        reference = (reference_counts(settings.reference), reference_size(settings.reference))
        with_keyness = pipeline.hand_out(tokens, mentions, settings, pool, reference=reference)
        assert list(with_keyness) == [*handed, "keyness"]
        for made in (
            pipeline.corpus_tables(tokens, mentions, settings, handed=handed),
            pipeline.corpus_tables(tokens, mentions, settings, handed=with_keyness),
            pipeline.corpus_tables(tokens, mentions, settings, pool=pool),
            pipeline.corpus_tables(tokens, mentions, settings, pool=pool, reference=reference),
        ):
            assert list(made) == [n for n in pipeline.TABLES if n in expected]
            for name, table in expected.items():
                pd.testing.assert_frame_equal(made[name], table, obj=name)


def test_terms_leave_out_the_datelines(make_seeds):
    tables = pipeline.analyze(make_seeds(SMALL), use_cache=False)
    dateline = tables["tokens"][tables["tokens"]["is_dateline"]]
    assert set(dateline["token"]) == {"TOKYO", "MOSCOW", "Sept", "September", "14", "15", "TASS",
                                      ",", ".", "/"}  # fmt: skip
    terms_ = set(tables["terms"]["term"])
    assert {"kim", "putin", "train"} <= terms_
    assert not terms_ & {"tokyo", "moscow", "sept", "september", "14", "15", "tass"}


# --------------------------------------------------------------------------- cache


def test_second_run_reads_the_cache(seed_copy, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = pipeline.analyze(seed_copy, cache_dir=cache)
    # one per-article entry, one corpus-level entry, no temporary files left
    assert len(article_entries(cache)) == 1 and len(corpus_entries(cache)) == 1
    assert sorted(p for p in cache.rglob("*") if p.is_file()) == sorted(
        article_entries(cache) + corpus_entries(cache)
    )

    def must_not_run(*args, **kwargs):
        raise AssertionError("computed again instead of read from the cache")

    monkeypatch.setattr(pipeline, "analyze_articles", must_not_run)
    monkeypatch.setattr(pipeline, "corpus_tables", must_not_run)
    second = pipeline.analyze(seed_copy, cache_dir=cache)
    assert_tables_equal(first, second)


def test_changed_settings_recompute_only_the_corpus_tables(seed_copy, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    pipeline.analyze(seed_copy, cache_dir=cache)
    calls = []
    real = pipeline.corpus_tables

    def counting(tokens, mentions, settings=DEFAULTS, **kwargs):
        calls.append(settings)
        return real(tokens, mentions, settings, **kwargs)

    def must_not_run(articles, settings=DEFAULTS):
        raise AssertionError(f"{[a.article_id for a in articles]} analyzed again")

    monkeypatch.setattr(pipeline, "corpus_tables", counting)
    monkeypatch.setattr(pipeline, "analyze_articles", must_not_run)
    settings = Settings(ngram_min_count=3)
    tables = pipeline.analyze(seed_copy, cache_dir=cache, settings=settings)
    assert calls == [settings]
    assert tables["ngrams"]["n"].min() >= 3
    assert len(corpus_entries(cache)) == 2 and len(article_entries(cache)) == 1
    pipeline.analyze(seed_copy, cache_dir=cache, settings=settings)
    assert calls == [settings]  # the second run read it


def test_cache_dir_from_env_var(seed_copy, tmp_path, monkeypatch):
    cache = tmp_path / "from-env"
    monkeypatch.setenv("NEWSFRAMES_CACHE", str(cache))
    pipeline.analyze(seed_copy)
    assert len(article_entries(cache)) == 1 and len(corpus_entries(cache)) == 1


def test_no_cache_writes_no_cache(seed_copy, tmp_path):
    pipeline.analyze(seed_copy, cache_dir=tmp_path / "cache", use_cache=False)
    assert not (tmp_path / "cache").exists()
    assert not (tmp_path / "env-cache").exists()


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_corpus_entry_is_the_encoding_of_its_tables(make_seeds, tmp_path, jobs):
    """analyze encodes the corpus entry's members while it makes the comparisons (a second
    thread): the entry holds the same manifest and members as cache.encode of the tables
    (the ZIP's member times aside)."""
    import zipfile

    seeds = make_seeds(SMALL)
    cache = tmp_path / "cache"
    tables = pipeline.analyze(seeds, cache_dir=cache, jobs=jobs)
    (entry,) = corpus_entries(cache)
    written = zipfile.ZipFile(entry)
    expected = zipfile.ZipFile(io.BytesIO(
        cache_mod.encode({name: tables[name] for name in pipeline._CORPUS_ENTRY})
    ))  # fmt: skip
    assert written.namelist() == expected.namelist()
    for name in expected.namelist():
        assert written.read(name) == expected.read(name), name


def test_an_error_while_encoding_the_entry_is_raised_and_no_entry_written(
    make_seeds, tmp_path, monkeypatch
):
    """An error of the second thread that encodes the corpus entry reaches the caller of
    analyze, and no corpus entry is written."""
    real = cache_mod.member

    def failing(table):
        if "tok_id" in table.column_names:
            raise OSError("no room to encode the tokens")
        return real(table)

    monkeypatch.setattr(cache_mod, "member", failing)
    cache = tmp_path / "cache"
    with pytest.raises(OSError, match="no room"):
        pipeline.analyze(make_seeds(SMALL), cache_dir=cache, jobs=1)
    assert corpus_entries(cache) == []


def test_an_unchanged_corpus_is_read_from_its_corpus_entry_alone(make_seeds, tmp_path, monkeypatch):
    seeds = make_seeds({"a.txt": SMALL["a.txt"], "b.txt": SMALL["b.txt"]})
    cache = tmp_path / "cache"
    first = pipeline.analyze(seeds, cache_dir=cache, jobs=1)
    (entry,) = corpus_entries(cache)
    held = cache_mod.decode(entry.read_bytes())
    assert set(held) == set(pipeline.TABLES) - {"articles", "problems"}
    assert held["tokens"].equals(first["tokens"])
    read, opened, decoded, counted = [], [], [], []
    real_read, real_open = cache_mod.read, cache_mod.open_entry
    real_decode, real_count = cache_mod.Entry._read, cache_mod.Entry.value_counts

    def recording(path, expect=None):
        read.append(path)
        return real_read(path, expect)

    def opening(path, expect=None):
        opened.append(path)
        return real_open(path, expect)

    def decoding(self, name, columns, n):
        decoded.append((name, columns, n))
        return real_decode(self, name, columns, n)

    def counting(self, name, column):
        counted.append((name, column))
        return real_count(self, name, column)

    def must_not_run(articles, settings=DEFAULTS):
        raise AssertionError(f"{[a.article_id for a in articles]} analyzed again")

    monkeypatch.setattr(cache_mod, "read", recording)
    monkeypatch.setattr(cache_mod, "open_entry", opening)
    monkeypatch.setattr(cache_mod.Entry, "_read", decoding)
    monkeypatch.setattr(cache_mod.Entry, "value_counts", counting)
    monkeypatch.setattr(pipeline, "analyze_articles", must_not_run)
    fresh, seen = [], []
    second = pipeline.analyze(
        seeds, cache_dir=cache, fresh=fresh, progress=lambda *done: seen.append(done)
    )
    # Only the article ids of sentences and tokens are counted (in Arrow, per article);
    # no table is decoded until it is used, and its rows are known before.
    assert counted == [("sentences", "article_id"), ("tokens", "article_id")]
    assert [pipeline.n_rows(second, n) for n in second] == [len(first[n]) for n in first]
    assert decoded == []
    assert list(second) == list(pipeline.TABLES) and "tokens" in second
    assert_tables_equal(first, second)
    assert decoded.count(("tokens", None, None)) == 1  # decoded once, then kept
    assert second["tokens"] is second["tokens"]
    assert read == [] and opened == [entry] and fresh == [] and seen == [(2, 2)]
    assert list(second["articles"]["n_tokens"]) == [
        int((first["tokens"]["article_id"] == i).sum()) for i in ("a", "b")
    ]


def test_changed_content_invalidates_the_cache(make_seeds, tmp_path, monkeypatch):
    seeds = make_seeds({"a.txt": SMALL["a.txt"], "b.txt": SMALL["b.txt"]})
    cache = tmp_path / "cache"
    pipeline.analyze(seeds, cache_dir=cache)
    (seeds / "b.txt").write_bytes(SMALL["b.txt"] + b" A new sentence.")
    analyzed = []
    real = pipeline.analyze_articles

    def counting(articles, settings=DEFAULTS):
        analyzed.extend(article.article_id for article in articles)
        return real(articles, settings)

    monkeypatch.setattr(pipeline, "analyze_articles", counting)
    tables = pipeline.analyze(seeds, cache_dir=cache)
    assert analyzed == ["b"]  # a.txt came from the cache
    assert tables["sentences"]["text"].iloc[-1] == "A new sentence."
    assert "new" in set(tables["terms"]["term"])  # the corpus tables were recomputed
    assert len(article_entries(cache)) == 3  # a, old b, new b
    assert len(corpus_entries(cache)) == 2  # before and after the change


def test_articles_analyzed_together_give_each_article_its_own_entry(make_seeds):
    """encoded_articles analyzes a batch at once (hits and frames for all, one Arrow
    conversion per table) and cuts each article's entry out: the same tables as each
    article analyzed alone (a table an article has no row of is empty either way), in
    the order given, whatever the order of the ids."""
    seeds = make_seeds(SMALL)
    articles = corpus.read_corpus(seeds).articles[::-1]
    assert [a.article_id for a in articles] != sorted(a.article_id for a in articles)
    together = pipeline.encoded_articles(articles)
    assert len(together) == len(articles)
    rows = Counter()
    for article, entry in zip(articles, together, strict=True):
        alone = cache_mod.decode_arrow(pipeline.encoded_article(article))
        got = cache_mod.decode_arrow(entry)
        assert list(got) == list(alone) == list(pipeline._ARTICLE_TABLES)
        for name, table in got.items():
            assert set(table.column("article_id").to_pylist()) <= {article.article_id}
            if alone[name].num_rows or table.num_rows:
                assert table.equals(alone[name]), (article.article_id, name)
            rows[name] += table.num_rows
    assert rows["tokens"] and rows["framing"] and rows["entities"]  # not vacuous


def test_a_batch_writes_each_article_entry_and_is_cut_into_articles(make_seeds, tmp_path):
    """arrow_articles (what a worker runs) writes each article's entry where it is told,
    the same bytes as encoded_articles, and returns the batch's tables, which
    _by_article cuts into each article's tables without decoding: those of its entry.
    An article without a row in a table (here one with no quotation) gets its columns."""
    seeds = make_seeds({**SMALL, "plain.txt": b"it rained all day.\n"})
    articles = corpus.read_corpus(seeds).articles[::-1]
    paths = [tmp_path / "entries" / f"{i}.zip" for i in range(len(articles))]
    arrow = pipeline.arrow_articles(articles, entries=paths)
    assert [path.read_bytes() for path in paths] == pipeline.encoded_articles(articles)
    ids = [a.article_id for a in articles]
    cut = pipeline._by_article(arrow, ids)
    assert list(cut) == ids
    for article, path in zip(articles, paths, strict=True):
        stored = cache_mod.decode_arrow(path.read_bytes())
        assert list(cut[article.article_id]) == list(stored) == list(pipeline._ARTICLE_TABLES)
        for name, table in cut[article.article_id].items():
            assert table.column_names == schema.columns(name)
            assert table.equals(stored[name]) or table.num_rows == stored[name].num_rows == 0
    plain = next(a.article_id for a in articles if a.body.startswith("it rained"))
    assert cut[plain]["tokens"].num_rows and not cut[plain]["quotes"].num_rows
    assert sum(cut[i]["tokens"].num_rows for i in ids) == arrow["tokens"].num_rows > 0


def test_workers_write_the_same_entries_as_one_process(make_seeds, tmp_path):
    """With worker processes, each worker writes the entries of the articles it analyzed:
    the same files, holding the same rows, as one process writes (a column with no value
    in an article's rows takes its type from the other articles of its batch, so the
    bytes depend on the batches), and the same tables; a rerun analyzes nothing."""
    seeds = make_seeds({**SMALL, "seed.txt": SEED_FILE.read_bytes()})
    alone = pipeline.analyze(seeds, cache_dir=tmp_path / "one", jobs=1)
    together = pipeline.analyze(seeds, cache_dir=tmp_path / "two", jobs=2)
    assert_tables_equal(alone, together)
    one, two = article_entries(tmp_path / "one"), article_entries(tmp_path / "two")
    assert len(one) == len(SMALL) + 1
    assert [p.name for p in one] == [p.name for p in two]
    for a, b in zip(one, two, strict=True):
        left, right = cache_mod.decode_arrow(a.read_bytes()), cache_mod.decode_arrow(b.read_bytes())
        assert list(left) == list(right) == list(pipeline._ARTICLE_TABLES)
        assert all(left[n].to_pylist() == right[n].to_pylist() for n in left), a.name
    shutil.rmtree(tmp_path / "two" / "corpus")  # so the articles are read one by one
    fresh: list[str] = []
    again = pipeline.analyze(seeds, cache_dir=tmp_path / "two", jobs=2, fresh=fresh)
    assert fresh == []
    assert_tables_equal(alone, again)


def test_every_batch_is_submitted_before_the_articles_are_read(make_seeds):
    """_analyze_articles hands every batch to the pool when called, before its articles
    are read, so that what analyze submits next (the reference corpus) runs after them;
    reading them then gives each article in order."""
    from concurrent.futures import ThreadPoolExecutor

    articles = corpus.read_corpus(make_seeds(SMALL)).articles
    submitted = []

    class Recording(ThreadPoolExecutor):
        def submit(self, fn, *args, **kwargs):
            submitted.append(args[0])
            return super().submit(fn, *args, **kwargs)

    with Recording(2) as pool:
        analyzed = pipeline._analyze_articles(articles, DEFAULTS, pool, jobs=2)
        assert sum(len(batch) for batch in submitted) == len(articles) > 1
        assert [a.article_id for a, _ in analyzed] == [a.article_id for a in articles]


@pytest.mark.parametrize("exclude_reprints", [False, True])
def test_analyze_hands_the_workers_their_tasks_in_the_order_it_needs_them(
    make_seeds, monkeypatch, exclude_reprints
):
    """With a pool, analyze submits the batches of articles (the reference corpus is
    read by a thread of this process), then the counts of each group's text (the
    longest tasks), the four corpus tables of hand_out and the keyness test (collected
    last), the MTLD of each group's words, then the log-odds tests of the comparisons,
    with reprints left out or not; the tables are those of one process."""
    from concurrent.futures import Executor, Future

    from newsframes.analysis import compare

    submitted = []

    class Recording(Executor):  # runs each task when it is submitted, in this process
        def __init__(self, *args, **kwargs):
            pass

        def submit(self, fn, *args, **kwargs):
            submitted.append(fn)
            future = Future()
            future.set_result(fn(*args, **kwargs))
            return future

    seeds = make_seeds(SMALL)
    settings = Settings(exclude_reprints=exclude_reprints)
    alone = pipeline.analyze(seeds, use_cache=False, jobs=1, settings=settings)
    monkeypatch.setattr(pipeline, "ProcessPoolExecutor", Recording)
    pooled = pipeline.analyze(seeds, use_cache=False, jobs=2, settings=settings)
    assert_tables_equal(alone, pooled)
    groups = len(pooled["outlets"])
    batches = submitted.count(pipeline.arrow_articles)
    handed = [make for make, *_ in pipeline._handed_out(settings).values()]
    counts = [compare.text_counts] * groups
    assert batches >= 1 and groups >= 1
    exclude = compare.reprint_ids(pooled["reuse"]) if exclude_reprints else []
    odds = len(
        compare._logodds_parts(alone, settings.compare_by, exclude=exclude, settings=settings)
    )
    assert submitted == [
        *[pipeline.arrow_articles] * batches,
        *counts,
        *handed,
        terms.keyness,
        *[compare._mtld] * groups,
        *[compare._odds] * odds,
    ]
    assert odds >= 1


def test_a_batch_gives_the_tables_of_the_public_functions(make_seeds):
    """analyze_articles runs the rules on plain lists and makes one table per batch; the
    tables are those of the functions a script calls on one article's DataFrames
    (annotate, find_mentions, find_quotes), concatenated, with the same column types."""
    reported = b"SEOUL, May 2. /Yonhap/. The ministry said the talks would resume. That was all."
    seeds = make_seeds({**SMALL, "seed.txt": SEED_FILE.read_bytes(), "d.txt": reported})
    articles = corpus.read_corpus(seeds).articles
    annotator = nlp.Annotator()
    parts: dict[str, list[pd.DataFrame]] = {name: [] for name in pipeline._ARTICLE_TABLES[:4]}
    for article in articles:
        sentences, tokens = annotator.annotate(article)
        mentions = entities.find_mentions(tokens)
        quotes, tokens, sentences = voices.find_quotes(article, sentences, tokens, mentions)
        for name, table in zip(parts, (sentences, tokens, mentions, quotes), strict=True):
            parts[name].append(table)
    batch = pipeline.analyze_articles(articles)
    for name, frames in parts.items():
        expected = pd.concat([df for df in frames if len(df)], ignore_index=True)
        assert len(expected), name  # not vacuous
        pd.testing.assert_frame_equal(batch[name], expected, check_exact=True, obj=name)
    assert set(batch["quotes"]["kind"]) >= {"direct", "reported"}


def test_a_table_without_rows_has_columns_of_objects():
    empty = nlp.table_of({"a": [], "b": []})
    assert list(empty.columns) == ["a", "b"] and len(empty) == 0
    assert empty.dtypes.tolist() == [object, object]  # pandas alone would make floats
    full = nlp.table_of({"a": [1, 2], "b": ["x", "y"]})
    pd.testing.assert_frame_equal(full, pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}))


def test_the_tables_do_not_depend_on_the_batches(make_seeds, monkeypatch):
    """In one process the articles are analyzed in batches of BATCH: one by one, or all
    together, the tables are the same."""
    seeds = make_seeds(SMALL)
    together = pipeline.analyze(seeds, use_cache=False, jobs=1)
    monkeypatch.setattr(pipeline, "BATCH", 1)
    batches = []
    real = pipeline.arrow_articles

    def recording(articles, settings=DEFAULTS, entries=None):
        batches.append(len(articles))
        return real(articles, settings, entries)

    monkeypatch.setattr(pipeline, "arrow_articles", recording)
    alone = pipeline.analyze(seeds, use_cache=False, jobs=1)
    assert batches == [1] * len(SMALL)
    assert_tables_equal(together, alone)


def test_article_runs_are_contiguous_or_refused():
    table = pa.table({"article_id": ["b", "b", "a", "c", "c", "c"], "x": list(range(6))})
    assert pipeline._article_runs(table) == {"b": (0, 2), "a": (2, 1), "c": (3, 3)}
    assert pipeline._article_runs(table.slice(0, 0)) == {}
    with pytest.raises(ValueError, match="'b'"):
        pipeline._article_runs(pa.table({"article_id": ["b", "a", "b"]}))


def test_cache_key(seed_copy, fresh_versions):
    (article,) = corpus.read_corpus(seed_copy).articles
    key = article_key(article)
    assert re.fullmatch(r"[0-9a-f]{64}", key)
    assert article_key(article) == key
    other = corpus.parse_article(SEED_FILE.read_bytes() + b"\n", SEED_FILE.name)
    assert article_key(other) != key
    renamed = corpus.parse_article(SEED_FILE.read_bytes(), "renamed.txt")
    assert article_key(renamed) != key


def test_cache_key_depends_on_lemminflect(seed_copy, monkeypatch, fresh_versions):
    (article,) = corpus.read_corpus(seed_copy).articles
    before = article_key(article)
    real_version = importlib.metadata.version
    monkeypatch.setattr(lemminflect, "__version__", "999.0", raising=False)
    monkeypatch.setattr(
        importlib.metadata,
        "version",
        lambda name: "999.0" if name.lower() == "lemminflect" else real_version(name),
    )
    resources.versions.cache_clear()
    code_digest.cache_clear()
    try:
        assert article_key(article) != before
    finally:
        code_digest.cache_clear()


@pytest.mark.parametrize("which", ["article", "corpus"])
@pytest.mark.parametrize("garbage", [b"", b"not a zip", b"PK\x03\x04truncated"])
def test_unreadable_cache_entry_is_ignored(seed_copy, tmp_path, capsys, garbage, which):
    cache = tmp_path / "cache"
    first = pipeline.analyze(seed_copy, cache_dir=cache)
    entry = entry_to_damage(cache, which)
    entry.write_bytes(garbage)
    second = pipeline.analyze(seed_copy, cache_dir=cache)
    assert_tables_equal(first, second)
    assert f"ignoring unreadable cache entry {entry}" in capsys.readouterr().err
    rewritten = cache_mod.decode(entry.read_bytes())
    name = "tokens" if which == "article" else "keyness"
    assert rewritten[name].equals(first[name])


@pytest.mark.parametrize("which", ["article", "corpus"])
def test_damaged_cache_entry_raising_valueerror_is_ignored(seed_copy, tmp_path, which):
    cache = tmp_path / "cache"
    first = pipeline.analyze(seed_copy, cache_dir=cache)
    entry = entry_to_damage(cache, which)
    entry.write_bytes(b"I1x\n.")
    assert_tables_equal(first, pipeline.analyze(seed_copy, cache_dir=cache))


@pytest.mark.parametrize("which", ["article", "corpus"])
@pytest.mark.parametrize("damage", ["truncate", "flip", "swap"])
def test_a_damaged_entry_is_reported_and_recomputed_never_trusted(
    seed_copy, tmp_path, capsys, which, damage
):
    cache = tmp_path / "cache"
    first = pipeline.analyze(seed_copy, cache_dir=cache)
    entry = entry_to_damage(cache, which)
    data = entry.read_bytes()
    if damage == "truncate":  # an interrupted copy of the cache folder
        data = data[: len(data) // 2]
    elif damage == "flip":  # one byte changed inside a member: its checksum fails
        middle = len(data) // 2
        data = data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]
    else:  # a valid entry of other tables under this key: the manifest says so
        other = {"tokens": first["terms"]} if which == "article" else {"keyness": first["terms"]}
        data = cache_mod.encode(other)
    entry.write_bytes(data)
    second = pipeline.analyze(seed_copy, cache_dir=cache)
    assert_tables_equal(first, second)
    assert f"ignoring unreadable cache entry {entry}" in capsys.readouterr().err
    assert cache_mod.decode(entry.read_bytes()).keys() != {"tokens"}  # rewritten whole


def test_every_changed_byte_of_an_article_entry_is_caught_or_harmless(seed_copy):
    """One byte changed anywhere in an article's entry (every 5th byte, each position
    of the ZIP headers, the manifest and the deflated members): decoding raises
    CorruptEntry and nothing else (not zlib's or zipfile's own errors), or gives the
    same tables (a byte no reader uses, such as a header's timestamp)."""
    (article,) = corpus.read_corpus(seed_copy).articles
    data = pipeline.encoded_article(article)
    want = cache_mod.decode_arrow(data)
    caught = 0
    for i in range(0, len(data), 5):
        damaged = data[:i] + bytes([data[i] ^ 0xFF]) + data[i + 1 :]
        try:
            got = cache_mod.decode_arrow(damaged)
        except cache_mod.CorruptEntry:
            caught += 1
            continue
        assert got.keys() == want.keys() and all(got[n].equals(want[n]) for n in want), i
    assert caught > 0.9 * len(range(0, len(data), 5))


def _rezipped(data: bytes, change: dict | None = None, compression: int | None = None) -> bytes:
    """An entry's bytes with ``change`` made to its manifest's first table, its members
    written again (stored, or with the ZIP's ``compression``)."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    manifest = json.loads(members["manifest.json"])
    manifest["tables"][0].update(change or {})
    members["manifest.json"] = json.dumps(manifest).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=compression or zipfile.ZIP_STORED) as archive:
        for name, member in members.items():
            archive.writestr(name, member)
    return out.getvalue()


def _caught(data: bytes, tmp_path) -> None:
    """``data`` raises CorruptEntry from decode_arrow and from an opened entry."""
    with pytest.raises(cache_mod.CorruptEntry):
        cache_mod.decode_arrow(data)
    path = tmp_path / "entry.zip"
    path.write_bytes(data)
    with pytest.raises(cache_mod.CorruptEntry):
        cache_mod.Entry(path)


@pytest.mark.parametrize(
    "change",
    [{"size": 10**15}, {"size": -1}, {"size": "12"}, {"size": True}, {"size": 5},
     {"codec": "zlib"}, {"codec": None}, "larger", "at most"],
)  # fmt: skip
def test_a_manifest_naming_a_wrong_codec_or_size_is_caught(seed_copy, tmp_path, change):
    """A small table's member is LZ4 of the size its manifest says: a manifest that
    names another codec, a size LZ4 cannot give (past 256 times the member, negative,
    not a number), a smaller one or a larger one (LZ4 fills the rest with whatever
    memory held: the checksum of the stream tells) raises CorruptEntry, from
    decode_arrow and from an opened entry, and nothing is allocated for a size past
    256 times the member."""
    (article,) = corpus.read_corpus(seed_copy).articles
    data = pipeline.encoded_article(article)
    if isinstance(change, str):
        with cache_mod.zipfile.ZipFile(io.BytesIO(data)) as archive:
            first = json.loads(archive.read("manifest.json"))["tables"][0]
            member = archive.read(f"{first['name']}.arrow")
        size = first["size"] + 1000 if change == "larger" else 256 * len(member)
        change = {"size": size}
    _caught(_rezipped(data, change), tmp_path)


@pytest.mark.parametrize("method", ["ZIP_DEFLATED", "ZIP_BZIP2", "ZIP_LZMA"])
def test_a_member_the_zip_compresses_is_refused_unread(seed_copy, tmp_path, method, monkeypatch):
    """Every member of an entry is stored as it is: one that the ZIP says is compressed
    (whole or damaged) is refused before any of the ZIP's codecs runs on it, so a
    decompression bomb or a codec's own error never reaches the reader."""
    import zipfile

    (article,) = corpus.read_corpus(seed_copy).articles
    data = _rezipped(pipeline.encoded_article(article), compression=getattr(zipfile, method))
    opened = []
    real_open = zipfile.ZipFile.open
    monkeypatch.setattr(
        zipfile.ZipFile,
        "open",
        lambda self, name, *a, **k: opened.append(name) or real_open(self, name, *a, **k),
    )
    _caught(data, tmp_path)
    assert opened == []


@pytest.mark.parametrize("damage", ["flip", "remove"])
def test_an_entry_damaged_after_it_was_opened_is_reported_and_recomputed(
    seed_copy, tmp_path, capsys, damage
):
    """The tables of an unchanged corpus are decoded when first used: if the entry was
    damaged or removed in between, that is reported and the analysis is run again."""
    cache = tmp_path / "cache"
    first = pipeline.analyze(seed_copy, cache_dir=cache)
    lazy = pipeline.analyze(seed_copy, cache_dir=cache)
    (entry,) = corpus_entries(cache)
    if damage == "remove":
        entry.unlink()
    else:
        data = entry.read_bytes()
        middle = len(data) // 2
        entry.write_bytes(data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :])
    assert_tables_equal(first, lazy)
    assert f"ignoring unreadable cache entry {entry}" in capsys.readouterr().err
    assert cache_mod.decode(entry.read_bytes()).keys() == set(pipeline._CORPUS_ENTRY)


def test_an_entry_changed_before_its_articles_are_counted_is_recomputed(
    seed_copy, tmp_path, capsys, monkeypatch
):
    cache = tmp_path / "cache"
    first = pipeline.analyze(seed_copy, cache_dir=cache)

    def changed(self, name, column):
        raise cache_mod.CorruptEntry("sentences: checksum mismatch")

    monkeypatch.setattr(cache_mod.Entry, "value_counts", changed)
    second = pipeline.analyze(seed_copy, cache_dir=cache)
    assert "ignoring unreadable cache entry" in capsys.readouterr().err
    assert_tables_equal(first, second)


def test_tables_without_a_way_to_recompute_raise_on_a_changed_entry(seed_copy, tmp_path):
    cache = tmp_path / "cache"
    pipeline.analyze(seed_copy, cache_dir=cache)
    (entry,) = corpus_entries(cache)
    lazy = pipeline.Tables({}, cache_mod.Entry(entry))
    entry.unlink()
    with pytest.raises(cache_mod.CorruptEntry, match="removed since it was opened"):
        lazy["terms"]


def test_tables_reads_a_cached_table_without_keeping_it_when_asked(seed_copy, tmp_path):
    cache = tmp_path / "cache"
    first = pipeline.analyze(seed_copy, cache_dir=cache)
    lazy = pipeline.analyze(seed_copy, cache_dir=cache)
    assert isinstance(lazy, pipeline.Tables) and repr(lazy).startswith("Tables(articles, ")
    written = pipeline.write_tables(lazy, tmp_path / "out")
    assert [p.stem for p in written] == list(pipeline.TABLES)
    assert "tokens" not in lazy._frames  # written, not kept
    words = pipeline.load_table(lazy, "tokens")[["article_id", "lower"]]
    assert words.equals(lazy.load("tokens", ["lower", "article_id"]))
    assert words.equals(first.load("tokens", ["lower", "article_id"]))
    with pytest.raises(KeyError):
        lazy["no such table"]
    with pytest.raises(KeyError):
        lazy.n_rows("no such table")


@pytest.mark.parametrize("small_rows", [None, 51])
def test_an_entry_reads_the_first_rows_from_the_batches_that_hold_them(
    seed_copy, tmp_path, monkeypatch, small_rows
):
    """A table is stored in record batches of BATCH_ROWS rows; ``head`` decodes only the
    batches it needs and gives the first rows of the whole table, at every boundary,
    whether its member is compressed whole (a small table: the seed's tokens) or holds
    compressed buffers (SMALL_ROWS lowered)."""
    monkeypatch.setattr(cache_mod, "BATCH_ROWS", 50)
    if small_rows:
        monkeypatch.setattr(cache_mod, "SMALL_ROWS", small_rows)
    cache = tmp_path / "cache"
    first = pipeline.analyze(seed_copy, cache_dir=cache)
    lazy = pipeline.analyze(seed_copy, cache_dir=cache)
    (path,) = corpus_entries(cache)
    entry = cache_mod.Entry(path)
    tokens = first["tokens"]
    assert len(tokens) > 150

    for n in (0, 1, 49, 50, 51, 120, len(tokens), len(tokens) + 5):
        want = tokens.head(n).reset_index(drop=True)
        assert entry.head("tokens", n).equals(want), n
        assert pipeline.head(lazy, "tokens", n).equals(want), n
        assert pipeline.head(first, "tokens", n).equals(tokens.head(n)), n
    got = entry.head("tokens", 150, ["lower", "article_id"])
    assert list(got.columns) == ["article_id", "lower"]
    assert got.equals(tokens[["article_id", "lower"]].head(150))
    assert "tokens" not in lazy._frames  # a head is not kept
    assert ("codec" in entry._entries["tokens"]) == (small_rows is None)
    with cache_mod.zipfile.ZipFile(path) as archive:
        stream = cache_mod.ipc.open_stream(cache_mod._unpacked(archive, entry._entries["tokens"]))
        sizes = [batch.num_rows for batch in stream]
    assert sizes[:-1] == [50] * (len(sizes) - 1) and sum(sizes) == len(tokens)
    # Only the batches holding the rows asked for are read: 3 for 120 rows.
    batches = []
    real_open = cache_mod.ipc.open_stream

    class Counting:
        def __init__(self, reader):
            self.reader, self.schema = reader, reader.schema

        def __iter__(self):
            for batch in self.reader:
                batches.append(batch.num_rows)
                yield batch

    monkeypatch.setattr(cache_mod.ipc, "open_stream", lambda *a, **k: Counting(real_open(*a, **k)))
    assert len(entry.head("tokens", 120)) == 120 and batches == [50, 50, 50]


def test_an_entry_counts_a_column_in_arrow(seed_copy, tmp_path):
    cache = tmp_path / "cache"
    first = pipeline.analyze(seed_copy, cache_dir=cache)
    pipeline.analyze(seed_copy, cache_dir=cache)
    (path,) = corpus_entries(cache)
    entry = cache_mod.Entry(path)
    for name, column in (("tokens", "article_id"), ("tokens", "pos"), ("sentences", "kind")):
        got = entry.value_counts(name, column)
        want = first[name][column].value_counts()
        assert got.sort_index().to_dict() == want.sort_index().to_dict()


def test_load_table_gives_the_columns_asked_for_from_memory_or_the_cache(seed_copy, tmp_path):
    cache = tmp_path / "cache"
    first = pipeline.analyze(seed_copy, cache_dir=cache)
    lazy = pipeline.analyze(seed_copy, cache_dir=cache)
    held = dict(first)
    for tables in (first, lazy, held):
        got = pipeline.load_table(tables, "tokens", ["voice", "lower"])
        assert list(got.columns) == ["lower", "voice"]  # in the table's order
        assert got.equals(first["tokens"][["lower", "voice"]])
    assert "tokens" not in lazy._frames


def test_no_pickle_anywhere():
    """The cache holds no executable data: no module of the package imports pickle (or
    its kin), and an entry is a ZIP of Arrow IPC streams and a JSON manifest."""
    import ast

    for path in (PROJECT_ROOT / "newsframes").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names] if isinstance(node, ast.Import)
                else [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            )  # fmt: skip
            assert not {"pickle", "cPickle", "dill", "joblib", "shelve", "marshal"} & {
                n.split(".")[0] for n in names
            }, path


def test_a_cache_entry_is_arrow_ipc_in_a_zip(seed_copy, tmp_path):
    import zipfile

    import pyarrow.ipc as ipc

    tables = pipeline.analyze(seed_copy, cache_dir=tmp_path / "cache")
    (entry,) = article_entries(tmp_path / "cache")
    with zipfile.ZipFile(entry) as archive:
        names = archive.namelist()
        assert names[0] == "manifest.json"
        assert names[1:] == [f"{name}.arrow" for name in pipeline._ARTICLE_TABLES]
        # An article's tables are small (SMALL_ROWS): plain IPC, each member compressed
        # whole with LZ4, as the manifest says; every member is stored in the ZIP as it is.
        assert all(i.compress_type == zipfile.ZIP_STORED for i in archive.infolist())
        manifest = json.loads(archive.read("manifest.json"))
        packed = archive.read("tokens.arrow")
    (meta,) = [t for t in manifest["tables"] if t["name"] == "tokens"]
    raw = pa.Codec("lz4").decompress(packed, decompressed_size=meta["size"], asbytes=True)
    # The checksum is the stream's, the bytes Arrow reads; the member is smaller.
    assert meta["codec"] == "lz4" and meta["sha256"] == hashlib.sha256(raw).hexdigest()
    assert len(packed) < len(raw)
    tokens = ipc.open_stream(raw).read_all()
    assert len(raw) == _plain_size(raw, cache_mod.BATCH_ROWS)  # plain buffers
    assert tokens.num_rows == len(tables["tokens"])
    assert tokens.column_names == list(tables["tokens"].columns)


def _plain_size(data: bytes, chunk: int) -> int:
    """The size of the IPC stream ``data`` written again without compression (in record
    batches of ``chunk`` rows): equal to its own size when its buffers are plain."""
    import pyarrow.ipc as ipc

    table = ipc.open_stream(data).read_all()
    sink = io.BytesIO()
    with ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table, max_chunksize=chunk)
    return len(sink.getvalue())


def test_a_table_larger_than_one_batch_keeps_compressed_buffers_in_a_stored_member(
    seed_copy, tmp_path, monkeypatch
):
    """A table of SMALL_ROWS rows or more keeps zstd buffers (not compressed whole), in
    record batches of BATCH_ROWS rows, so that a reader decompresses only what it reads;
    the entry reads back the same tables either way."""
    import zipfile

    monkeypatch.setattr(cache_mod, "BATCH_ROWS", 50)
    monkeypatch.setattr(cache_mod, "SMALL_ROWS", 51)
    tables = pipeline.analyze(seed_copy, use_cache=False, jobs=1)
    frames = {name: tables[name] for name in pipeline._ARTICLE_TABLES}
    data = cache_mod.encode(frames)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = {i.filename: i.compress_type for i in archive.infolist()}
        raw = archive.read("tokens.arrow")
        manifest = {t["name"]: t for t in json.loads(archive.read("manifest.json"))["tables"]}
    assert set(info.values()) == {zipfile.ZIP_STORED}
    assert len(frames["tokens"]) > 51 and "codec" not in manifest["tokens"]
    assert len(frames["quotes"]) < 51 and manifest["quotes"]["codec"] == "lz4"
    assert len(raw) < _plain_size(raw, 50)  # its buffers are compressed
    back = cache_mod.decode(data)
    for name, df in frames.items():
        assert back[name].equals(df.reset_index(drop=True)), name


ARROW_CASES = {
    "article tables": None,  # filled from the seed below
    "empty tables": None,
    "missing values": pd.DataFrame(
        {"f": [1.5, float("nan")], "s": ["a", None], "o": [None, None], "b": [True, False]}
    ),
    "objects": pd.DataFrame({"o": pd.Series(["x", None], dtype=object), "n": [None, 1.0]}),
    "categories": pd.DataFrame({"c": pd.Categorical(["u", "v", "u"]), "i": [1, 2, 3]}),
    "nullable": pd.DataFrame({"i": pd.array([1, None], dtype="Int64")}),
    "dates": pd.DataFrame({"d": pd.to_datetime(["2023-09-13", None])}),
    "repeated names": pd.DataFrame([[1, 2]], columns=["a", "a"]),
    "other index": pd.DataFrame({"s": ["a", "b"]}, index=[5, 3]),
}


@pytest.mark.parametrize("case", ARROW_CASES)
def test_arrow_table_converts_as_from_pandas(case, seed_copy):
    """cache.arrow_table takes the columns one by one; it gives the Arrow table that
    pa.Table.from_pandas gives (pandas metadata aside), and the same frame back."""
    import pyarrow as pa

    if case == "article tables":
        (article,) = corpus.read_corpus(seed_copy).articles
        frames = list(pipeline.analyze_article(article).values())
    elif case == "empty tables":
        frames = [schema.empty(name) for name in schema.TABLES]
    elif case == "repeated names":  # what from_pandas says of them
        with pytest.raises(ValueError, match="Duplicate column names"):
            cache_mod.arrow_table(ARROW_CASES[case])
        return
    else:
        frames = [ARROW_CASES[case]]
    for df in frames:
        expected = pa.Table.from_pandas(df, preserve_index=False)
        got = cache_mod.arrow_table(df)
        assert got.equals(expected, check_metadata=False) and got.schema.equals(
            expected.schema, check_metadata=False
        )
        pd.testing.assert_frame_equal(got.to_pandas(), expected.to_pandas(), check_exact=True)


# --------------------------------------------------------------------------- CSV output


@pytest.mark.parametrize("broken", ["entities", pipeline.TABLES[-1]])
def test_a_file_that_cannot_be_written_stops_write_tables(
    broken, make_seeds, tmp_path, monkeypatch
):
    """Files are written by a second thread while the next table is rendered: an error in
    writing one (here one in the middle, and the last) is raised by write_tables, the
    files before it are all written, and no file after it is started."""
    tables = pipeline.analyze(make_seeds(SMALL), use_cache=False)
    real, started = cache_mod.atomic_write, []

    def failing(path, data):
        started.append(path.name)
        if path.name == f"{broken}.csv":
            raise OSError(28, "No space left on device")
        real(path, data)

    monkeypatch.setattr(cache_mod, "atomic_write", failing)
    with pytest.raises(OSError, match="No space left"):
        pipeline.write_tables(tables, tmp_path / "out")
    before = list(pipeline.TABLES)[: list(pipeline.TABLES).index(broken)]
    assert started == [f"{name}.csv" for name in [*before, broken]]
    assert sorted(os.listdir(tmp_path / "out")) == sorted(f"{name}.csv" for name in before)


@pytest.mark.parametrize("ahead", [pipeline.WRITE_AHEAD, 1])
def test_write_tables_renders_while_files_wait_to_be_written(
    ahead, make_seeds, tmp_path, monkeypatch
):
    """The next tables are rendered while the files before them wait to be written, up
    to WRITE_AHEAD bytes: with the default, the first file's write can wait until the
    fifth table is rendered; with 1 byte, a table is rendered only once the files before
    the last are written. The files are those written one after the other."""
    import threading
    import time

    tables = pipeline.analyze(make_seeds(SMALL), use_cache=False)
    expected = tmp_path / "expected"
    pipeline.write_tables(tables, expected)
    real_write, real_render = cache_mod.atomic_write, pipeline.table_bytes
    fifth, state = threading.Event(), {"rendered": 0, "started": 0, "done": 0, "most": 0}

    def write(path, data):
        state["started"] += 1
        if state["started"] == 1 and ahead > 1:
            assert fifth.wait(10), "the fifth table was not rendered while the first waited"
        elif ahead == 1:
            time.sleep(0.05)  # slower than rendering: without the bound, renders run ahead
        real_write(path, data)
        state["done"] += 1

    def render(df, fmt):
        state["rendered"] += 1
        state["most"] = max(state["most"], state["rendered"] - 1 - state["done"])
        if state["rendered"] == 5:
            fifth.set()
        return real_render(df, fmt)

    monkeypatch.setattr(pipeline, "WRITE_AHEAD", ahead)
    monkeypatch.setattr(cache_mod, "atomic_write", write)
    monkeypatch.setattr(pipeline, "table_bytes", render)
    pipeline.write_tables(tables, tmp_path / "out")
    # Files rendered and not yet written when a table is rendered.
    assert state["most"] >= 4 if ahead > 1 else state["most"] <= 1
    for name in CSV_NAMES:
        assert (tmp_path / "out" / name).read_bytes() == (expected / name).read_bytes()


def test_write_tables_utf8_lf(make_seeds, tmp_path):
    tables = pipeline.analyze(make_seeds(SMALL), use_cache=False)
    out = tmp_path / "out" / "nested"
    written = pipeline.write_tables(tables, out)
    assert [p.name for p in written] == [f"{name}.csv" for name in pipeline.TABLES]
    assert sorted(os.listdir(out)) == CSV_NAMES  # no temporary files left
    for name in pipeline.TABLES:
        data = (out / f"{name}.csv").read_bytes()
        assert b"\r" not in data
        assert not data.startswith(b"\xef\xbb\xbf")
        text = data.decode("utf-8")
        assert text.endswith("\n")
        assert text.split("\n", 1)[0] == ",".join(COLUMNS[name]), name
        assert len(pd.read_csv(out / f"{name}.csv")) == len(tables[name]), name
    tokens_csv = (out / "tokens.csv").read_text(encoding="utf-8")
    assert "’s" in tokens_csv and "“" in tokens_csv  # written as UTF-8, not escaped
    back = pd.read_csv(out / "tokens.csv", keep_default_na=False)
    assert back["token"].tolist() == tables["tokens"]["token"].tolist()
    assert back["is_dateline"].tolist() == tables["tokens"]["is_dateline"].tolist()


def test_two_runs_give_byte_identical_csvs(make_seeds, tmp_path):
    seeds = make_seeds(SMALL)
    pipeline.write_tables(pipeline.analyze(seeds, use_cache=False), tmp_path / "one")
    cache = tmp_path / "cache"
    pipeline.write_tables(pipeline.analyze(seeds, cache_dir=cache), tmp_path / "two")
    pipeline.write_tables(pipeline.analyze(seeds, cache_dir=cache), tmp_path / "three")
    one = read_bytes(tmp_path / "one")
    assert list(one) == CSV_NAMES
    assert read_bytes(tmp_path / "two") == one
    assert read_bytes(tmp_path / "three") == one  # from the cache


def test_an_unchanged_rerun_leaves_the_files_that_hold_their_tables(
    make_seeds, tmp_path, monkeypatch
):
    seeds, cache, out = make_seeds(SMALL), tmp_path / "cache", tmp_path / "out"
    pipeline.write_tables(pipeline.analyze(seeds, cache_dir=cache), out)
    first = read_bytes(out)
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    from_entry = set(pipeline._CORPUS_ENTRY)

    def rerun(folder=out, format="csv") -> tuple[pipeline.Tables, list, list]:
        serialized = []
        real = pipeline.table_bytes
        monkeypatch.setattr(
            pipeline, "table_bytes", lambda df, f="csv": serialized.append(df) or real(df, f)
        )
        tables, unchanged = pipeline.analyze(seeds, cache_dir=cache), []
        written = pipeline.write_tables(tables, folder, format=format, unchanged=unchanged)
        monkeypatch.setattr(pipeline, "table_bytes", real)
        assert [p.stem.split(".")[0] for p in written] == list(pipeline.TABLES)
        return tables, unchanged, serialized

    # Unchanged: every table of the corpus's entry left in place, none decoded;
    # articles and problems (read from the seeds folder) written again.
    tables, unchanged, serialized = rerun()
    assert {p.stem for p in unchanged} == from_entry
    assert len(serialized) == 2 and "tokens" not in tables._frames
    assert read_bytes(out) == first
    assert all(stamps[p.name] == p.stat().st_mtime_ns for p in unchanged)
    # A file changed by hand (same size, one byte) or removed is written again.
    terms_csv = out / "terms.csv"
    data = bytearray(first["terms.csv"])
    data[-2] = ord("x") if data[-2] != ord("x") else ord("y")
    terms_csv.write_bytes(bytes(data))
    (out / "tokens.csv").unlink()
    _, unchanged, _ = rerun()
    assert {p.stem for p in unchanged} == from_entry - {"terms", "tokens"}
    assert read_bytes(out) == first
    # Another folder or format: written (and recorded for the next rerun).
    _, unchanged, _ = rerun(tmp_path / "elsewhere")
    assert unchanged == [] and read_bytes(tmp_path / "elsewhere") == first
    _, unchanged, _ = rerun(tmp_path / "pq", "parquet")
    assert unchanged == []
    _, unchanged, _ = rerun(tmp_path / "pq", "parquet")
    assert {p.name for p in unchanged} == {f"{n}.parquet" for n in from_entry}
    # A record that cannot be read, or made by another writer, is not used (and replaced).
    (record,) = (cache / "written").glob("*.csv.json")
    record.write_text("{not json", encoding="utf-8")
    assert rerun()[1] == []
    assert len(rerun()[1]) == len(from_entry)
    facts = record.read_text(encoding="utf-8")
    record.write_text(facts.replace(pd.__version__, "0.0"), encoding="utf-8")
    assert rerun()[1] == [] and read_bytes(out) == first
    # Without the cache there is no record: every file is written.
    unchanged = []
    pipeline.write_tables(pipeline.analyze(seeds, use_cache=False), out, unchanged=unchanged)
    assert unchanged == [] and read_bytes(out) == first


def test_holds_checks_size_and_digest(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(b"a,b\n1,2\n")
    facts = cache_mod.file_facts(b"a,b\n1,2\n")
    assert cache_mod.holds(path, facts)
    assert not cache_mod.holds(path, cache_mod.file_facts(b"a,b\n1,3\n"))  # same size
    assert not cache_mod.holds(path, cache_mod.file_facts(b"a,b\n"))
    assert not cache_mod.holds(tmp_path / "missing.csv", facts)
    assert not cache_mod.holds(tmp_path, facts)  # a folder


def test_write_tables_overwrites(tmp_path):
    out = tmp_path / "out"
    pipeline.write_tables({"t": pd.DataFrame({"a": [1, 2]})}, out)
    pipeline.write_tables({"t": pd.DataFrame({"a": [3]})}, out)
    assert (out / "t.csv").read_bytes() == b"a\n3\n"


# --------------------------------------------------------------------------- jobs, progress


def test_jobs_2_gives_the_same_tables_as_jobs_1(make_seeds):
    seeds = make_seeds(SMALL)
    one = pipeline.analyze(seeds, use_cache=False, jobs=1)
    two = pipeline.analyze(seeds, use_cache=False, jobs=2)
    assert_tables_equal(one, two)
    assert len(one["articles"]) == 3


def test_progress(make_seeds, tmp_path):
    seeds = make_seeds(SMALL)
    calls = []
    pipeline.analyze(seeds, cache_dir=tmp_path / "c", progress=lambda d, t: calls.append((d, t)))
    assert calls == [(1, 3), (2, 3), (3, 3)]
    calls.clear()
    pipeline.analyze(seeds, cache_dir=tmp_path / "c", progress=lambda d, t: calls.append((d, t)))
    assert calls == [(3, 3)]  # all from the cache


def test_atomic_write_cleans_up_on_error(tmp_path):
    target = tmp_path / "x.bin"
    with pytest.raises(TypeError):
        atomic_write(target, "not bytes")  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []
    atomic_write(target, b"ok")
    assert [p.name for p in tmp_path.iterdir()] == ["x.bin"] and target.read_bytes() == b"ok"
