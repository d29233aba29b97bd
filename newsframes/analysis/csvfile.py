"""A table as the bytes of its CSV file, the same bytes as pandas' ``to_csv`` writes,
built by Arrow's compute functions for the large tables of whole words, numbers and flags.

pandas writes CSV through Python's :mod:`csv` module one row at a time: 1.2 million
token rows take seconds, the longest single step after the analysis of a large corpus.
Arrow's own CSV writer (``pyarrow.csv.write_csv``) is fast but writes other bytes (every
string quoted, ``true`` for ``True``), and the CSV output must stay byte-identical. So
:func:`csv_bytes` renders each column as text with Arrow's compute functions, quoting
exactly the values Python's writer quotes (floats are rendered by numpy, as pandas renders
them), and joins the columns row by row; tables with a column of any other kind (objects,
dates, categories) are left to pandas.
"""

from __future__ import annotations

import csv
import functools
import io
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# The options pandas' to_csv passes to csv.writer (with our line end).
_DIALECT = {"delimiter": ",", "quotechar": '"', "lineterminator": "\n",
            "quoting": csv.QUOTE_MINIMAL, "doublequote": True}  # fmt: skip
ROWS_PER_PIECE = 100_000  # rows rendered at a time: bounds the intermediate text
# Threads that render a large table's pieces side by side: Arrow's compute functions
# release the GIL (a piece of 100,000 tokens, rendered by two threads, takes about half
# the time; floats are rendered by Python's repr, one thread at a time).
THREADS = 2


def _python_line(fields: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, **_DIALECT).writerow(fields)
    return buffer.getvalue()


def _quote_triggers() -> str:
    """The characters that make Python's writer quote a field, asked of the writer itself
    (the separator, the quote and the line end's characters; which of ``\\r`` and the
    others depends on the Python version)."""
    candidates = ',"\n\r\t\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029'
    return "".join(c for c in candidates if _python_line([f"a{c}b", "c"]).startswith('"'))


_TRIGGERS = _quote_triggers()
_TEXT = pa.large_string()  # 64-bit offsets: a column's text may pass 2 GiB
_QUOTE, _NEWLINE, _COMMA, _EMPTY = (pa.scalar(s, _TEXT) for s in ('"', "\n", ",", ""))


def _utf8(text: pa.Array) -> pa.Buffer | bytes:
    """The values of ``text`` (large strings, one chunk) one after another: a slice of
    its data buffer, not a copy. Every text here is cast to large strings first: its
    offsets are 64-bit integers."""
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int64)
    data = text.buffers()[2]
    if data is None:
        return b""
    return data[int(offsets[text.offset]) : int(offsets[text.offset + len(text)])]


def _quoted_characters(text: pa.Array) -> list[str]:
    """The characters that are quoted for which occur in ``text``, searched for in its
    UTF-8 bytes at once (a character's encoding never occurs inside another's)."""
    data = bytes(_utf8(text))
    return [c for c in _TRIGGERS if c.encode("utf-8") in data]


def _rendered(dtype) -> bool:
    """Whether a column of this dtype is rendered here (else pandas writes the table)."""
    name = str(dtype)
    return name in ("int64", "float64", "bool") or (
        name == "str" and getattr(dtype, "storage", None) == "pyarrow"
    )


def _float_text(values: np.ndarray) -> pa.Array:
    """Floats as pandas renders them without a float_format: numpy's str, which is
    Python's repr (the shortest text that reads back as the same float), made by repr,
    two to three times faster than numpy's conversion to an array of str; NaN as "".
    Each distinct value is rendered once (scores and rates repeat: a corpus's columns
    hold a few distinct values per hundred rows). Values are told apart by their bits,
    not by ``==``, for which -0.0 and 0.0 are one value but not one text."""
    bits, where = np.unique(values.view(np.int64), return_inverse=True)
    distinct = bits.view(np.float64).tolist()
    text = pa.array([repr(v) if v == v else "" for v in distinct], type=_TEXT)
    return text.take(pa.array(where.reshape(-1), type=pa.int64()))


def _text(column: pd.Series) -> pa.Array:
    """``column`` (of a kind :func:`_rendered`) as the text of its CSV fields."""
    dtype = str(column.dtype)
    if dtype == "int64":
        return pa.array(column.to_numpy()).cast(_TEXT)
    if dtype == "float64":
        return _float_text(column.to_numpy())
    if dtype == "bool":
        return pc.if_else(pa.array(column.to_numpy()), "True", "False").cast(_TEXT)
    text = pa.array(column.array).cast(_TEXT).fill_null("")
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    found = _quoted_characters(text)
    if not found:
        return text
    needs = functools.reduce(pc.or_, (pc.match_substring(text, c) for c in found))
    quoted = pc.binary_join_element_wise(
        _QUOTE, pc.replace_substring(text.filter(needs), '"', '""'), _QUOTE, _EMPTY
    )
    return pc.replace_with_mask(text, needs, quoted)


def _lines(df: pd.DataFrame) -> pa.Buffer | bytes:
    """The CSV lines of ``df``'s rows (every column of a kind :func:`_rendered`)."""
    texts = [_text(column) for _, column in df.items()]
    texts[-1] = pc.binary_join_element_wise(texts[-1], _NEWLINE, _EMPTY)
    return _utf8(pc.binary_join_element_wise(*texts, _COMMA))


def by_arrow(df: pd.DataFrame) -> bool:
    """Whether :func:`csv_bytes` renders ``df`` with Arrow: two or more columns (a single
    field has a rule of its own), named by strings, each of a kind :func:`_rendered`."""
    names = list(df.columns)
    return (
        len(names) >= 2
        and all(isinstance(n, str) for n in names)
        and all(_rendered(dtype) for dtype in df.dtypes)
    )


def csv_bytes(df: pd.DataFrame) -> bytes:
    """The bytes of ``df.to_csv(index=False, lineterminator="\n")`` in UTF-8.

    Tables of two or more columns named by strings, whose columns are all 64-bit
    integers, 64-bit floats, booleans or Arrow-backed strings, are rendered by Arrow (a
    string is quoted when it holds a character Python's writer quotes for, its quotes
    doubled; a missing value is an empty field; booleans are ``True``/``False``; floats
    are numpy's ``str``, as pandas writes them), :data:`ROWS_PER_PIECE` rows at a time
    (by :data:`THREADS` threads, each piece's text joined in order);
    any other table is written by pandas."""
    if not by_arrow(df):
        return df.to_csv(index=False, lineterminator="\n").encode("utf-8")
    pieces = [_python_line(list(df.columns)).encode("utf-8")]
    starts = range(0, len(df), ROWS_PER_PIECE)
    if len(starts) > 1:
        with ThreadPoolExecutor(THREADS) as pool:
            pieces += pool.map(_lines, (df.iloc[s : s + ROWS_PER_PIECE] for s in starts))
    elif len(df):
        pieces.append(_lines(df))
    return b"".join(pieces)
