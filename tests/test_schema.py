"""The data dictionary (newsframes.analysis.schema) against the tables the pipeline really
writes: names, column order, value types, the minimal columns of docs/architecture.md.

Every analysis runs on a tmp copy of the seeds with ``use_cache=False``; nothing is
written into the project.
"""

from __future__ import annotations

import importlib
import math
import re
import shutil
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from conftest import PROJECT_ROOT, SEEDS_DIR, SMALL
from pandas.api import types

from newsframes.analysis import pipeline, schema
from newsframes.analysis.schema import MINIMAL_COLUMNS

pytestmark = pytest.mark.usefixtures("project_folders_untouched", "isolated_env")

ARCHITECTURE = PROJECT_ROOT / "docs" / "architecture.md"


@pytest.fixture(scope="module")
def seed_tables(tmp_path_factory) -> dict[str, pd.DataFrame]:
    """The tables of a tmp copy of the project's seeds folder (analyzed once)."""
    folder = tmp_path_factory.mktemp("datadict") / "seeds"
    shutil.copytree(SEEDS_DIR, folder)
    return pipeline.analyze(folder, use_cache=False)


@pytest.fixture(scope="module")
def small_tables(tmp_path_factory) -> dict[str, pd.DataFrame]:
    """Three small articles, one without a header: its date, dateline and agency are
    None, its outlet ``unknown``."""
    folder = tmp_path_factory.mktemp("datadict-small") / "seeds"
    folder.mkdir()
    for name, data in SMALL.items():
        (folder / name).write_bytes(data)
    return pipeline.analyze(folder, use_cache=False)


def renamed(tables: dict, name: str, **columns: str) -> dict:
    """A shallow copy of ``tables`` with columns of table ``name`` renamed."""
    out = dict(tables)
    out[name] = tables[name].rename(columns=columns)
    return out


# --------------------------------------------------------------------------- structure


def test_every_pipeline_table_is_documented_in_order():
    assert list(schema.TABLES) == list(pipeline.TABLES)
    for name, doc in schema.TABLES.items():
        assert doc.name == name
        assert doc.row.strip() and doc.row.startswith("one "), name
        names = [c.name for c in doc.columns]
        assert len(names) == len(set(names)), name


def test_docs_are_frozen_and_dtypes_are_checked():
    doc = schema.TABLES["terms"]
    with pytest.raises(AttributeError):
        doc.name = "other"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        doc.columns[0].meaning = "other"  # type: ignore[misc]
    with pytest.raises(ValueError, match="dtype"):
        schema.ColumnDoc("x", "int64", "A column.")


def test_sources_name_the_producing_functions():
    for name, doc in schema.TABLES.items():
        module_name, _, rest = doc.source.partition(".")
        assert module_name == "newsframes", doc.source
        parts = doc.source.split(".")
        # the longest importable prefix is the module; the rest are attributes
        for cut in range(len(parts), 0, -1):
            try:
                obj = importlib.import_module(".".join(parts[:cut]))
                break
            except ModuleNotFoundError:
                continue
        for attr in parts[cut:]:
            obj = getattr(obj, attr)
        assert callable(obj), (name, doc.source)


def test_importing_prints_nothing_and_leaves_the_pipeline_alone():
    code = (
        "import sys, newsframes.analysis.schema as d; "
        "assert 'newsframes.analysis.pipeline' not in sys.modules, 'pipeline imported'; "
        "assert len(d.TABLES) > 0"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and done.stderr == ""


# --------------------------------------------------------------------------- check()


def test_check_passes_on_the_seed_analysis(seed_tables):
    assert list(seed_tables) == list(pipeline.TABLES)
    assert schema.check(seed_tables) == []


def test_check_passes_on_several_articles(small_tables):
    assert schema.check(small_tables) == []


def test_check_passes_on_an_empty_corpus(make_seeds):
    # a folder with only an empty file: no article, one error in problems, and the
    # per-article tables empty with the columns of full ones
    tables = pipeline.analyze(make_seeds({"bad.txt": b""}), use_cache=False)
    assert tables["articles"].empty and len(tables["problems"]) == 1
    assert schema.check(tables) == []


def test_check_reports_a_renamed_column(seed_tables):
    problems = schema.check(renamed(seed_tables, "tokens", lemma="lemmas"))
    assert problems == [
        "tokens.lemmas: column not documented",
        "tokens.lemma: documented column absent from the table",
    ]


def test_check_reports_an_added_column(seed_tables):
    tables = dict(seed_tables)
    tables["terms"] = seed_tables["terms"].assign(share=0.5)
    assert schema.check(tables) == ["terms.share: column not documented"]


def test_check_reports_a_removed_column(seed_tables):
    tables = dict(seed_tables)
    tables["keyness"] = seed_tables["keyness"].drop(columns="p")
    assert schema.check(tables) == ["keyness.p: documented column absent from the table"]


def test_check_reports_a_missing_and_an_undocumented_table(seed_tables):
    tables = {k: v for k, v in seed_tables.items() if k != "cooccurrence"}
    assert schema.check(tables) == ["cooccurrence: documented table missing from the tables"]
    tables = {**seed_tables, "extra": pd.DataFrame({"a": [1]})}
    assert schema.check(tables) == ["extra: table not documented"]


def test_check_reports_column_order(seed_tables):
    tables = dict(seed_tables)
    ngrams = seed_tables["ngrams"]
    tables["ngrams"] = ngrams[["ngram", "n", "n_words"]]
    assert schema.check(tables) == [
        "ngrams: column order differs: documented ngram, n_words, n; table ngram, n, n_words"
    ]
    # an added column does not hide a change in the order of the others
    tables["ngrams"] = ngrams[["n", "ngram", "n_words"]].assign(extra=1)
    assert schema.check(tables) == [
        "ngrams.extra: column not documented",
        "ngrams: column order differs: documented ngram, n_words, n; table n, ngram, n_words",
    ]


def test_check_reports_a_repeated_column(seed_tables):
    tables = dict(seed_tables)
    frames = seed_tables["frames"]
    tables["frames"] = pd.concat([frames, frames[["score"]]], axis=1)
    assert schema.check(tables) == ["frames.score: column appears 2 times"]


@pytest.mark.parametrize(
    ("table", "column", "values", "found"),
    [("terms", "n", [1.5], "float"), ("tokens", "is_stop", ["yes"], "string"),
     ("terms", "term", [3], "integer"), ("quotes", "speaker", ["Kim", 3], "mixed")],
)  # fmt: skip
def test_check_reports_a_column_of_the_wrong_kind(table, column, values, found):
    kind = schema.TABLES[table].columns[schema.columns(table).index(column)].dtype
    df = schema.empty(table).iloc[:0].reindex(range(len(values)))
    df[column] = pd.Series(values, dtype=object if found in ("string", "mixed") else None)
    problems = [p for p in schema.check({table: df}) if p.startswith(f"{table}.{column}:")]
    assert problems == [f"{table}.{column}: holds {found} values, documented as {kind}"]


@pytest.mark.parametrize("name", list(schema.TABLES))
def test_an_empty_table_has_every_column_typed_by_its_kind(name):
    df = schema.empty(name)
    assert df.empty and list(df.columns) == schema.columns(name)
    kinds = {"integer": "i", "float": "f", "boolean": "b", "string": "O"}
    for column in schema.TABLES[name].columns:
        assert df[column.name].dtype.kind == kinds[column.dtype], column.name


def test_the_modules_take_their_columns_from_the_schema():
    """No module keeps a column list of its own: each is the schema's."""
    from newsframes.analysis import corpus, entities, framing, nlp, voices

    assert corpus.PROBLEM_COLUMNS == schema.columns("problems")
    assert corpus.ARTICLE_COLUMNS + ["n_sentences", "n_tokens"] == schema.columns("articles")
    assert nlp.TOKEN_COLUMNS + list(schema.VOICE_COLUMNS) == schema.columns("tokens")
    assert nlp.SENTENCE_COLUMNS + list(schema.VOICE_COLUMNS) == schema.columns("sentences")
    assert entities.ENTITY_COLUMNS == schema.columns("entities")
    assert voices.QUOTE_COLUMNS == schema.columns("quotes")
    assert framing.FRAMING_COLUMNS == schema.columns("framing")
    assert framing.FRAME_COLUMNS == schema.columns("frames")
    assert pipeline.TABLES == tuple(schema.TABLES)


def test_minimal_columns_are_columns_of_their_table():
    for name, minimal in schema.MINIMAL_COLUMNS.items():
        assert minimal and set(minimal) <= set(schema.columns(name)), name
    with pytest.raises(ValueError, match="minimal columns"):
        schema.TableDoc("t", "row", "f", (schema.ColumnDoc("a", "string", "A."),), ("b",))


# --------------------------------------------------------------------------- dictionary()


def test_dictionary_has_a_row_per_column_in_order():
    d = schema.dictionary()
    assert list(d.columns) == ["table", "column", "dtype", "meaning"]
    assert list(dict.fromkeys(d["table"])) == list(pipeline.TABLES)
    for name, doc in schema.TABLES.items():
        extra = ["(further columns)"] if doc.extra else []
        assert d.loc[d["table"] == name, "column"].tolist() == doc.column_names + extra
    assert len(d) == sum(len(doc.columns) + bool(doc.extra) for doc in schema.TABLES.values())
    assert not d.duplicated(["table", "column"]).any()


def test_dictionary_meanings_and_dtypes():
    d = schema.dictionary()
    assert set(d["dtype"]) <= set(schema.DTYPES)
    for row in d.itertuples():
        meaning = row.meaning.strip()
        assert meaning, (row.table, row.column)
        assert meaning.endswith("."), (row.table, row.column)
        # one sentence: no full stop followed by a capital outside ``code``
        plain = re.sub(r"``.*?``", "code", meaning)
        assert not re.search(r"[a-z)]\. [A-Z]", plain), (row.table, row.column, meaning)


def test_meanings_state_units_and_edge_cases():
    m = schema.dictionary().set_index(["table", "column"])["meaning"]
    for table in ("sentences", "tokens", "entities", "quotes", "framing"):
        for column in ("start", "end"):
            text = m[(table, column)]
            assert "Character offset" in text and "dateline" in text, (table, column)
    assert "10,000" in m[("terms", "per_10k")]
    assert "10,000" in m[("keyness", "per_10k_target")]
    assert "Signed" in m[("keyness", "ll")] and "negative" in m[("keyness", "ll")]
    assert "unsigned" in m[("collocations", "ll")]
    assert "chi-squared" in m[("keyness", "p")] and "1 degree" in m[("keyness", "p")]
    for table in ("sentences", "tokens", "framing"):
        for value in ("narrative", "quoted", "reported"):
            assert value in m[(table, "voice")], table
    for table in ("sentences", "tokens", "framing"):
        assert "outlet" in m[(table, "speaker")], table
    for value in ("name", "acronym", "role", "dateline"):
        assert f"``{value}``" in m[("entities", "mention")]
    for value in ("direct", "scare", "reported"):
        assert f"``{value}``" in m[("quotes", "kind")]
    for column in ("date", "dateline", "agency"):
        assert "None" in m[("articles", column)], column
    assert "NaN" in m[("framing", "score")]


def test_tables_overview():
    o = schema.tables_overview()
    assert list(o.columns) == ["table", "row", "source", "n_columns"]
    assert o["table"].tolist() == list(pipeline.TABLES)
    for row in o.itertuples():
        doc = schema.TABLES[row.table]
        assert (row.row, row.source, row.n_columns) == (doc.row, doc.source, len(doc.columns))
    assert (
        o.set_index("table").loc["collocations", "source"]
        == "newsframes.analysis.terms.collocations"
    )


# --------------------------------------------------------------------------- value types


def dtype_problems(tables: dict[str, pd.DataFrame]) -> list[str]:
    """Columns whose pandas dtype does not fit the documented dtype."""
    out = []
    for name, doc in schema.TABLES.items():
        df = tables[name]
        if df.empty:
            # an empty table has object columns (pipeline._empty, or a DataFrame built
            # from no rows); there is no value to type
            continue
        for col in doc.columns:
            s = df[col.name]
            if col.dtype == "integer":
                ok = types.is_integer_dtype(s) and not types.is_bool_dtype(s)
            elif col.dtype == "float":
                ok = types.is_float_dtype(s)
            elif col.dtype == "boolean":
                ok = types.is_bool_dtype(s)
            else:
                # pandas' str dtype, or object for columns that may hold None; every
                # value present must be a str
                ok = (types.is_string_dtype(s) or s.dtype == object) and all(
                    isinstance(v, str) for v in s.dropna()
                )
            if not ok:
                out.append(f"{name}.{col.name}: {s.dtype} is not {col.dtype}")
    return out


def test_dtypes_match_the_seed_tables(seed_tables):
    # for the seed (one clean article) only problems, reuse (it needs two articles) and
    # adoption (no loaded term of its quotations is in its narration) are empty; the
    # comparison corpus of tests/data/compare fills them (tests/test_compare.py)
    assert [n for n, df in seed_tables.items() if df.empty] == ["problems", "adoption", "reuse"]
    assert dtype_problems(seed_tables) == []


def value_problems(tables: dict[str, pd.DataFrame]) -> list[str]:
    """Values that do not fit the documented dtype, checked one by one (missing values
    allowed in string and float columns only)."""
    kinds = {
        "string": (str,),
        "integer": (int, np.integer),
        "float": (float, np.floating),
        "boolean": (bool, np.bool_),
    }
    out = []
    for name, doc in schema.TABLES.items():
        for col in doc.columns:
            for v in tables[name][col.name]:
                if v is None or (isinstance(v, float) and math.isnan(v)):
                    ok = col.dtype in ("string", "float")
                else:
                    ok = isinstance(v, kinds[col.dtype])
                    if col.dtype == "integer":
                        ok = ok and not isinstance(v, (bool, np.bool_))
                if not ok:
                    out.append(f"{name}.{col.name}: {v!r} is not {col.dtype}")
                    break
    return out


def test_values_match_with_missing_values(small_tables):
    # c.txt has no header: date, dateline and agency are None (nullable strings), and
    # framing.score is NaN for hits that are not evaluative (a nullable float)
    articles = small_tables["articles"].set_index("article_id")
    assert articles.loc["c", ["date", "dateline", "agency"]].isna().all()
    assert small_tables["framing"]["score"].isna().any()
    assert value_problems(small_tables) == []


def test_value_check_catches_a_wrong_type(seed_tables):
    tables = dict(seed_tables)
    tables["frames"] = seed_tables["frames"].assign(n_hits=seed_tables["frames"]["score"])
    problems = value_problems(tables)
    assert len(problems) == 1
    assert problems[0].startswith("frames.n_hits: 0.") and problems[0].endswith("is not integer")


def test_dtypes_match_when_an_article_has_no_quote(small_tables):
    assert dtype_problems(small_tables) == []


# --------------------------------------------------------------------------- docs/architecture.md


def test_every_minimal_column_is_documented():
    for name, columns in MINIMAL_COLUMNS.items():
        documented = schema.TABLES[name].column_names
        assert [c for c in documented if c in columns] == columns, name


def documented_minimal_columns(text: str) -> dict[str, list[str]]:
    """The ``| table | one row per | minimal columns |`` rows of the architecture document
    (``(none yet)`` for a table without any)."""
    out = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] in schema.TABLES:
            listed = [] if cells[2] == "(none yet)" else cells[2].split(",")
            out[cells[0]] = [c.strip() for c in listed]
    return out


def test_minimal_columns_are_those_of_the_architecture_document():
    documented = documented_minimal_columns(ARCHITECTURE.read_text("utf-8"))
    assert documented == {name: list(t.minimal) for name, t in schema.TABLES.items()}


def test_further_columns_are_allowed_only_after_the_documented_ones_of_an_open_table():
    articles = schema.empty("articles").assign(country=pd.Series(dtype="object"))
    assert schema.check({**{n: schema.empty(n) for n in schema.TABLES}, "articles": articles}) == []
    moved = articles[["country", *schema.columns("articles")]]
    problems = schema.check({**{n: schema.empty(n) for n in schema.TABLES}, "articles": moved})
    assert problems == ["articles.country: column not documented"]
    closed = schema.empty("problems").assign(extra=pd.Series(dtype="object"))
    problems = schema.check({**{n: schema.empty(n) for n in schema.TABLES}, "problems": closed})
    assert problems == ["problems.extra: column not documented"]
