"""The one token view of the entity and voice rules (analysis.tokenview)."""

from __future__ import annotations

import pandas as pd

from newsframes.analysis.tokenview import TokenView, in_order

# "Kim met Putin . He said : yes ." with offsets into "Kim met Putin. He said: yes."
ROWS = [("Kim", "NNP", False, 0, 3, 1), ("met", "VBD", False, 4, 7, 1),
        ("Putin", "NNP", False, 8, 13, 1), (".", ".", True, 13, 14, 1),
        ("He", "PRP", False, 15, 17, 2), ("said", "VBD", False, 18, 22, 2),
        (":", ":", True, 22, 23, 2), ("yes", "UH", False, 24, 27, 2),
        (".", ".", True, 27, 28, 2)]  # fmt: skip
TOKENS = pd.DataFrame(ROWS, columns=["token", "pos", "is_punct", "start", "end", "sent_id"])


def test_view_lists_the_columns_in_order():
    view = TokenView.of(TOKENS)
    assert view.n == 9 and view.token[2] == "Putin" and view.lower[0] == "kim"
    assert view.sent_rows == {1: (0, 4), 2: (4, 9)}


def test_sentences_are_contiguous_views():
    first, second = TokenView.of(TOKENS).sentences()
    assert first.token == ["Kim", "met", "Putin", "."] and set(first.sent_id) == {1}
    assert second.token[0] == "He" and second.n == 5


def test_look_ups_by_offset():
    view = TokenView.of(TOKENS)
    assert view.words_in(15, 28) == [4, 5, 7]  # punctuation left out
    assert view.row_at_or_after(14) == 4 and view.row_at_or_after(28) is None
    assert view.sent_id_at(9) == 1 and view.sent_id_at(14) == -1  # a space


def test_a_view_of_some_rows_selects_them_in_the_lists():
    view = TokenView.of(TOKENS, [not p for p in TOKENS["is_punct"]])
    assert view.token == ["Kim", "met", "Putin", "He", "said", "yes"]
    assert view.start == [0, 4, 8, 15, 18, 24] and view.sent_id == [1, 1, 1, 2, 2, 2]


def test_a_view_of_every_row_copies_the_lists_and_refuses_a_wrong_length():
    import pytest

    lists = TokenView.lists(TOKENS)
    view = TokenView.of_lists(lists, [True] * len(TOKENS))
    assert view.token == lists[0] and view.token is not lists[0]  # a copy: the view owns it
    with pytest.raises(ValueError, match="one value per row"):
        TokenView.of_lists(lists, [True] * (len(TOKENS) - 1))
    with pytest.raises(ValueError, match="one value per row"):
        TokenView.of_lists([*lists[:5], lists[5][:-1]], [True] * len(TOKENS))


def test_in_order_sorts_only_what_is_not_in_order():
    assert in_order(TOKENS, "start") is TOKENS  # sorted, with a 0-based index: as it is
    shuffled = TOKENS.iloc[[3, 0, 8, 1, 2, 4, 5, 7, 6]]
    got = in_order(shuffled, "start")
    assert got["start"].tolist() == TOKENS["start"].tolist()
    assert got.index.tolist() == list(range(9))
    # in order, but an index of other labels: a fresh one, as after a sort
    relabelled = TOKENS.set_axis(range(10, 19))
    assert in_order(relabelled, "start").index.tolist() == list(range(9))
    # ties are not an order: "sent_id" repeats, so the table is sorted into a copy
    assert in_order(TOKENS, "sent_id") is not TOKENS
