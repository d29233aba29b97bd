"""csvfile.csv_bytes writes the bytes pandas' to_csv writes, whichever path it takes."""

import numpy as np
import pandas as pd
import pytest

from newsframes.analysis import csvfile


def pandas_bytes(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False, lineterminator="\n").encode("utf-8")


def strings(values) -> pd.Series:
    return pd.Series(values, dtype="str")


TRICKY = [
    "plain", "", "a,b", 'say "no"', '"', '""', ",", "line\nbreak", "carriage\rreturn",
    "tab\there", " padded ", "Kim's", "\u201ccurly\u201d", "em\u2014dash", "Ким Чен Ын",
    "\U0001f600", "\u2028", "\x85", "trailing,", ",leading", '"a","b"', "\x00nul",
]  # fmt: skip


@pytest.mark.parametrize("value", TRICKY)
def test_a_string_is_quoted_exactly_when_pandas_quotes_it(value):
    df = pd.DataFrame({"text": strings([value, "x", None]), "n": [1, -2, 3]})
    assert csvfile.csv_bytes(df) == pandas_bytes(df)


def test_every_character_below_u3000_is_written_as_pandas_writes_it():
    values = [f"a{chr(c)}b" for c in range(0x3000) if not 0xD800 <= c < 0xE000]
    df = pd.DataFrame({"text": strings(values), "n": range(len(values))})
    assert csvfile.by_arrow(df)  # the Arrow path, not the fallback
    assert csvfile.csv_bytes(df) == pandas_bytes(df)


def test_integers_flags_and_missing_strings():
    df = pd.DataFrame({
        "article_id": strings(["a", "b", None, "d"]),
        "start": [0, -1, 2**62, 7],
        "is_stop": [True, False, True, False],
        "speaker": strings([None, None, "Reuters", ""]),
    })  # fmt: skip
    assert csvfile.by_arrow(df)
    assert csvfile.csv_bytes(df) == pandas_bytes(df)
    assert csvfile.csv_bytes(df).splitlines()[1] == b"a,0,True,"


def test_pieces_chunks_and_slices_give_the_same_bytes(monkeypatch):
    monkeypatch.setattr(csvfile, "ROWS_PER_PIECE", 3)
    part = pd.DataFrame({"w": strings(["x,y", "z", '"q"', "r", "s"]), "n": range(5)})
    # Concatenated Arrow-backed strings are chunked; a slice starts past offset 0.
    whole = pd.concat([part, part, part], ignore_index=True)
    for df in (whole, whole.iloc[4:], whole.iloc[2:9], whole.iloc[:0]):
        assert csvfile.csv_bytes(df) == pandas_bytes(df)


def test_floats_are_rendered_as_pandas_renders_them():
    rng = np.random.default_rng(7)
    values = np.concatenate([
        rng.normal(size=500), rng.normal(size=500) * 1e-7, rng.normal(size=500) * 3e15,
        10.0 ** np.arange(-20, 25), np.arange(-3, 30, dtype=float),
        [np.nan, np.inf, -np.inf, -0.0, 1e16, 5e-324, 1.7976931348623157e308, 2 / 3],
    ])  # fmt: skip
    df = pd.DataFrame({"score": values, "n": range(len(values))})
    assert csvfile.by_arrow(df)
    assert csvfile.csv_bytes(df) == pandas_bytes(df)


def test_repeated_floats_zeros_of_either_sign_and_nans_of_any_bits():
    # Each distinct value is rendered once: by its bits, so -0.0 keeps its sign next to
    # 0.0, and a NaN of other bits is still an empty field.
    other_nan = np.array([0x7FF8_0000_0000_0001], dtype=np.int64).view(np.float64)[0]
    values = np.array([0.0, -0.0, 0.5, np.nan, 0.5, -0.0, other_nan, 1 / 3, 0.0] * 50)
    df = pd.DataFrame({"score": values, "n": range(len(values))})
    for part in (df, df.iloc[::3], df.iloc[7:], df.iloc[:0]):
        assert csvfile.csv_bytes(part) == pandas_bytes(part)
    assert csvfile.csv_bytes(df).splitlines()[2] == b"-0.0,1"


@pytest.mark.parametrize(
    "df",
    [
        pd.DataFrame({"only": strings(["", "a"])}),  # one column: "" is written quoted
        pd.DataFrame({"obj": ["a", None], "n": [1, 2]}, dtype=object),
        pd.DataFrame({0: strings(["a"]), 1: [1]}),
        pd.DataFrame({"d": pd.to_datetime(["2023-09-13"]), "n": [1]}),
    ],
    ids=["one column", "objects", "integer names", "dates"],
)
def test_other_tables_are_written_as_pandas_writes_them(df):
    assert not csvfile.by_arrow(df)
    assert csvfile.csv_bytes(df) == pandas_bytes(df)


def test_column_names_are_quoted_as_pandas_quotes_them():
    df = pd.DataFrame({"a,b": strings(["x"]), 'c"d': [1], "e": [True]})
    assert csvfile.by_arrow(df)
    assert csvfile.csv_bytes(df) == pandas_bytes(df)


def test_the_quoted_characters_are_asked_of_pythons_writer():
    assert set(',"\n') <= set(csvfile._TRIGGERS)
    assert "x" not in csvfile._TRIGGERS and " " not in csvfile._TRIGGERS
