"""One article's tokens as plain lists, the view the rules of
:mod:`~newsframes.analysis.entities` and :mod:`~newsframes.analysis.voices` read.

Those rules index single tokens, their neighbours and offsets thousands of times per
article; on a DataFrame each look-up would cost more than the rule itself, so the
columns they need are taken out once as lists (row ``i`` is the ``i``-th token in text
order), with the look-ups by offset and by sentence that both modules use.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import cached_property

import pandas as pd

COLUMNS = ("token", "pos", "is_punct", "start", "end", "sent_id")


def in_order(table: pd.DataFrame, column: str) -> pd.DataFrame:
    """``table`` sorted by ``column`` with a fresh 0-based index; ``table`` itself, not a
    copy, when it is so already (as an article's tokens and sentences come)."""
    index = table.index
    fresh = isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1
    values = table[column].tolist()
    if fresh and all(a < b for a, b in zip(values, values[1:], strict=False)):
        return table
    return table.sort_values(column).reset_index(drop=True)


class TokenView:
    """Token rows in text order as lists: ``token``, ``pos``, ``is_punct``, ``start``,
    ``end``, ``sent_id`` (and ``lower`` on demand)."""

    def __init__(self, token, pos, is_punct, start, end, sent_id) -> None:
        self.token: list[str] = token
        self.pos: list[str] = pos
        self.is_punct: list[bool] = is_punct
        self.start: list[int] = start
        self.end: list[int] = end
        self.sent_id: list[int] = sent_id
        self.n = len(token)

    @staticmethod
    def lists(tokens: pd.DataFrame) -> list[list]:
        """The columns of :data:`COLUMNS` of a tokens table as lists, rows in the order
        given: the arguments of a view."""
        return [tokens[c].tolist() for c in COLUMNS]

    @classmethod
    def of(cls, tokens: pd.DataFrame, keep: list[bool] | None = None) -> TokenView:
        """The view of a tokens table's rows, in the order given; only the rows whose
        ``keep`` is true when ``keep`` is given (selected in the lists, without
        copying the table)."""
        return cls.of_lists(cls.lists(tokens), keep)

    @classmethod
    def of_lists(cls, lists: list[list], keep: list[bool] | None = None) -> TokenView:
        """The view of columns given as lists (:meth:`lists`), only the rows whose
        ``keep`` is true when ``keep`` is given."""
        if keep is not None:
            rows = [i for i, k in enumerate(keep) if k]
            if any(len(values) != len(keep) for values in lists):
                raise ValueError("keep and every column must have one value per row")
            lists = (
                [list(values) for values in lists]  # every row: copies, not the lists given
                if len(rows) == len(keep)
                else [[values[i] for i in rows] for values in lists]
            )
        return cls(*lists)

    @cached_property
    def lower(self) -> list[str]:
        return [t.lower() for t in self.token]

    def sentences(self) -> list[TokenView]:
        """One view per sentence, in order (the rows of a sentence are contiguous)."""
        out, first = [], 0
        for i in range(1, self.n + 1):
            if i == self.n or self.sent_id[i] != self.sent_id[first]:
                out.append(TokenView(*(getattr(self, c)[first:i] for c in COLUMNS)))
                first = i
        return out

    @cached_property
    def sent_rows(self) -> dict[int, tuple[int, int]]:
        """sent_id -> (first row, row after the last) of each sentence."""
        rows: dict[int, tuple[int, int]] = {}
        for i, s in enumerate(self.sent_id):
            first = rows.get(s, (i, i))[0]
            rows[s] = (first, i + 1)
        return rows

    def words_in(self, start: int, end: int) -> list[int]:
        """Rows of the word tokens (not punctuation) lying inside ``[start, end)``."""
        lo, hi = bisect_left(self.start, start), bisect_right(self.end, end)
        return [k for k in range(lo, hi) if not self.is_punct[k]]

    def row_at_or_after(self, offset: int) -> int | None:
        """The first row starting at or after ``offset``, ``None`` past the last."""
        i = bisect_left(self.start, offset)
        return i if i < self.n else None

    def sent_id_at(self, offset: int) -> int:
        """The sentence of the token covering ``offset``, -1 between tokens."""
        i = bisect_right(self.start, offset) - 1
        return self.sent_id[i] if i >= 0 and self.end[i] > offset else -1
