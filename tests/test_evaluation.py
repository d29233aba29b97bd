"""Span evaluation (newsframes.analysis.evaluation) on tiny hand-made tables whose precision,
recall and F1 are computed by hand in the comments."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import PROJECT_ROOT

from newsframes.analysis import evaluation

pytestmark = pytest.mark.usefixtures("project_folders_untouched", "isolated_env")

COLUMNS = ["article_id", "start", "end", "text", "label"]


def spans(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS)


def frame(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)


GOLD = spans(
    [
        ("a", 0, 5, "TOKYO", "GPE"),
        ("a", 10, 24, "Vladimir Putin", "PERSON"),
        ("a", 30, 37, "Russian", "NORP"),
        ("a", 40, 44, "TASS", "ORG"),
        ("b", 0, 6, "MOSCOW", "GPE"),
    ]
)
PRED = spans(
    [
        ("b", 0, 6, "MOSCOW", "GPE"),  # exact
        ("a", 50, 57, "Kremlin", "ORG"),  # nothing in the gold
        ("a", 19, 24, "Putin", "PERSON"),  # overlaps Vladimir Putin: lenient only
        ("a", 0, 5, "TOKYO", "GPE"),  # exact
        ("a", 30, 37, "Russian", "GPE"),  # same span as the NORP, other label
    ]
)  # TASS (ORG) is missed; no NORP is predicted

# strict
#   GPE:    gold 2, pred 3 (TOKYO, MOSCOW, Russian), tp 2 -> P 2/3, R 2/2 = 1,
#           F1 = 2 * 2/3 * 1 / (2/3 + 1) = (4/3) / (5/3) = 0.8
#   NORP:   gold 1, pred 0, tp 0 -> P 0 (no division by zero), R 0, F1 0
#   ORG:    gold 1 (TASS), pred 1 (Kremlin), tp 0 -> 0, 0, 0
#   PERSON: gold 1, pred 1, tp 0 (boundaries differ) -> 0, 0, 0
#   ALL:    gold 5, pred 5, tp 2 -> P 2/5 = 0.4, R 0.4, F1 0.4
# lenient: the same, except PERSON tp 1 -> 1, 1, 1, and ALL tp 3 -> 0.6, 0.6, 0.6
EXPECTED_SCORES = [
    ("strict", "GPE", 2, 3, 2, 2 / 3, 1.0, 0.8),
    ("strict", "NORP", 1, 0, 0, 0.0, 0.0, 0.0),
    ("strict", "ORG", 1, 1, 0, 0.0, 0.0, 0.0),
    ("strict", "PERSON", 1, 1, 0, 0.0, 0.0, 0.0),
    ("strict", "ALL", 5, 5, 2, 0.4, 0.4, 0.4),
    ("lenient", "GPE", 2, 3, 2, 2 / 3, 1.0, 0.8),
    ("lenient", "NORP", 1, 0, 0, 0.0, 0.0, 0.0),
    ("lenient", "ORG", 1, 1, 0, 0.0, 0.0, 0.0),
    ("lenient", "PERSON", 1, 1, 1, 1.0, 1.0, 1.0),
    ("lenient", "ALL", 5, 5, 3, 0.6, 0.6, 0.6),
]


def test_scores_per_label_and_micro_average():
    out = evaluation.scores(PRED, GOLD)
    assert list(out.columns) == evaluation.SCORE_COLUMNS
    expected = frame(EXPECTED_SCORES, evaluation.SCORE_COLUMNS)
    pd.testing.assert_frame_equal(out, expected, check_dtype=False)


def test_scores_ignore_extra_columns_and_index():
    pred = PRED.assign(actor="x", cue="y").set_index(pd.Index([7, 3, 9, 1, 5]))
    gold = GOLD.set_index(pd.Index([40, 30, 20, 10, 0]))
    pd.testing.assert_frame_equal(evaluation.scores(pred, gold), evaluation.scores(PRED, GOLD))


def test_scores_given_labels():
    out = evaluation.scores(PRED, GOLD, labels=["PERSON", "LOC"])
    # LOC is in neither table: left out; ALL still pools every label
    assert out[["mode", "label"]].values.tolist() == [
        ["strict", "PERSON"],
        ["strict", "ALL"],
        ["lenient", "PERSON"],
        ["lenient", "ALL"],
    ]
    full = evaluation.scores(PRED, GOLD)
    pd.testing.assert_frame_equal(
        out[out["label"] == "ALL"].reset_index(drop=True),
        full[full["label"] == "ALL"].reset_index(drop=True),
    )


def test_labels_absent_from_both_are_left_out():
    out = evaluation.scores(PRED, GOLD)
    assert set(out["label"]) == {"GPE", "NORP", "ORG", "PERSON", "ALL"}  # no LOC, FAC


@pytest.mark.parametrize(
    "pred, gold, strict, lenient",
    [
        # two predictions inside one gold span: the gold span is matched once.
        # lenient tp 1: P 1/2, R 1/1, F1 = 2 * 0.5 * 1 / 1.5 = 2/3
        ([("a", 0, 3, "Kim", "PERSON"), ("a", 4, 11, "Jong Un", "PERSON")],
         [("a", 0, 11, "Kim Jong Un", "PERSON")],
         (0, 0.0, 0.0, 0.0), (1, 0.5, 1.0, 2 / 3)),
        # one prediction over two gold spans: it matches one of them.
        # lenient tp 1: P 1/1, R 1/2, F1 2/3
        ([("a", 0, 20, "Vladimir Putin Kim", "PERSON")],
         [("a", 0, 14, "Vladimir Putin", "PERSON"), ("a", 15, 20, "Kim", "PERSON")],
         (0, 0.0, 0.0, 0.0), (1, 1.0, 0.5, 2 / 3)),
        # an overlapping span with another label: no match in either mode
        ([("a", 0, 5, "North", "GPE")], [("a", 0, 12, "North Korean", "NORP")],
         (0, 0.0, 0.0, 0.0), (0, 0.0, 0.0, 0.0)),
        # same offsets in another article: no match
        ([("b", 0, 5, "TOKYO", "GPE")], [("a", 0, 5, "TOKYO", "GPE")],
         (0, 0.0, 0.0, 0.0), (0, 0.0, 0.0, 0.0)),
        # touching spans (end == start) do not overlap, on either side
        ([("a", 5, 9, "Kim", "PERSON")], [("a", 0, 5, "Putin", "PERSON")],
         (0, 0.0, 0.0, 0.0), (0, 0.0, 0.0, 0.0)),
        ([("a", 0, 5, "Putin", "PERSON")], [("a", 5, 9, "Kim", "PERSON")],
         (0, 0.0, 0.0, 0.0), (0, 0.0, 0.0, 0.0)),
        # exact: 1, 1, 1 in both modes
        ([("a", 0, 5, "TOKYO", "GPE")], [("a", 0, 5, "TOKYO", "GPE")],
         (1, 1.0, 1.0, 1.0), (1, 1.0, 1.0, 1.0)),
    ],
)  # fmt: skip
def test_strict_versus_lenient(pred, gold, strict, lenient):
    out = evaluation.scores(spans(pred), spans(gold)).set_index(["mode", "label"])
    for mode, (tp, p, r, f1) in (("strict", strict), ("lenient", lenient)):
        row = out.loc[(mode, "ALL")]
        assert row["tp"] == tp, mode
        assert row[["precision", "recall", "f1"]].tolist() == pytest.approx([p, r, f1]), mode


def test_duplicated_prediction_counts_once_in_strict_mode():
    pred = spans([("a", 0, 5, "TOKYO", "GPE"), ("a", 0, 5, "TOKYO", "GPE")])
    gold = spans([("a", 0, 5, "TOKYO", "GPE")])
    out = evaluation.scores(pred, gold).set_index(["mode", "label"])
    # at most one match per gold span: tp 1, P 1/2, R 1, F1 2/3 (as in lenient mode)
    assert out.loc[("lenient", "ALL"), "tp"] == 1
    assert out.loc[("strict", "ALL"), "tp"] == 1
    assert out.loc[("strict", "ALL"), "precision"] == 0.5


def test_no_predictions_or_no_gold():
    # no predictions: P 0 (not a division by zero), R 0/1 = 0, F1 0
    out = evaluation.scores(spans([]), GOLD.iloc[:1])
    assert out.values.tolist() == [
        ["strict", "GPE", 1, 0, 0, 0.0, 0.0, 0.0], ["strict", "ALL", 1, 0, 0, 0.0, 0.0, 0.0],
        ["lenient", "GPE", 1, 0, 0, 0.0, 0.0, 0.0], ["lenient", "ALL", 1, 0, 0, 0.0, 0.0, 0.0],
    ]  # fmt: skip
    # no gold: R 0 (not a division by zero), P 0/1 = 0
    out = evaluation.scores(GOLD.iloc[:1], spans([]))
    assert out[["n_gold", "n_pred", "tp", "precision", "recall", "f1"]].values.tolist() == [
        [0, 1, 0, 0.0, 0.0, 0.0]] * 4  # fmt: skip
    empty = evaluation.scores(spans([]), spans([]))
    assert empty.empty and list(empty.columns) == evaluation.SCORE_COLUMNS


@pytest.mark.parametrize("mode", ["fuzzy", "STRICT", ""])
def test_invalid_mode_raises(mode):
    with pytest.raises(ValueError, match="mode must be 'strict' or 'lenient'"):
        evaluation._match(PRED, GOLD, mode)


@pytest.mark.parametrize("mode", ["strict", "lenient"])
def test_match_returns_the_matched_rows(mode):
    pred, gold = PRED.reset_index(drop=True), GOLD.reset_index(drop=True)
    matched_pred, matched_gold = evaluation._match(pred, gold, mode)
    # pred rows 0 (MOSCOW) and 3 (TOKYO) match gold rows 4 and 0; lenient adds Putin
    assert matched_pred == ({0, 3} if mode == "strict" else {0, 2, 3})
    assert matched_gold == ({0, 4} if mode == "strict" else {0, 1, 4})


# --------------------------------------------------------------------------- errors()


def test_errors_classify_every_disagreement():
    gold = pd.concat(
        [GOLD, spans([("a", 60, 76, "Korean Peninsula", "LOC"), ("b", 10, 16, "Russia", "GPE")])],
        ignore_index=True,
    )
    pred = pd.concat([spans([("a", 60, 66, "Korean", "NORP")]), PRED], ignore_index=True)
    out = evaluation.errors(pred, gold)
    assert list(out.columns) == evaluation.ERROR_COLUMNS
    expected = frame(
        [
            ("a", 19, 24, "Putin / gold: Vladimir Putin", "wrong boundary", "PERSON", "PERSON"),
            ("a", 30, 37, "Russian", "wrong label", "GPE", "NORP"),
            ("a", 40, 44, "TASS", "missed", "", "ORG"),
            ("a", 50, 57, "Kremlin", "spurious", "ORG", ""),
            # overlapping, other label and other span: a spurious and a missed mention
            ("a", 60, 66, "Korean", "spurious", "NORP", ""),
            ("a", 60, 76, "Korean Peninsula", "missed", "", "LOC"),
            ("b", 10, 16, "Russia", "missed", "", "GPE"),
        ],
        evaluation.ERROR_COLUMNS,
    )  # the exact TOKYO and MOSCOW are not errors
    pd.testing.assert_frame_equal(out, expected, check_dtype=False)


def test_errors_two_predictions_inside_one_gold_span():
    pred = spans([("a", 4, 11, "Jong Un", "PERSON"), ("a", 0, 3, "Kim", "PERSON")])
    gold = spans([("a", 0, 11, "Kim Jong Un", "PERSON")])
    out = evaluation.errors(pred, gold)
    assert out[["start", "text", "error"]].values.tolist() == [
        [0, "Kim / gold: Kim Jong Un", "wrong boundary"],
        [4, "Jong Un / gold: Kim Jong Un", "wrong boundary"],
    ]  # the gold span is explained: not also missed


def test_no_errors():
    out = evaluation.errors(GOLD, GOLD)
    assert out.empty and list(out.columns) == evaluation.ERROR_COLUMNS


# --------------------------------------------------------------------------- helpers


def test_read_gold_keeps_ids_and_texts_as_written(tmp_path):
    path = tmp_path / "gold.csv"
    path.write_text("article_id,start,end,text,label\n007,0,2,NA,ORG\n", encoding="utf-8")
    gold = evaluation.read_gold(path)
    assert gold.values.tolist() == [["007", 0, 2, "NA", "ORG"]]
    seed = evaluation.read_gold(PROJECT_ROOT / "gold" / "entities.csv")
    assert len(seed) == 31 and set(seed["article_id"]) == {"000_286880e8d33f647d"}
    counts = {"GPE": 12, "PERSON": 8, "NORP": 7, "ORG": 3, "FAC": 1}  # gold/README.md
    assert seed["label"].value_counts().to_dict() == counts


def test_covered_keeps_the_annotated_articles():
    pred = pd.concat([PRED, spans([("c", 0, 4, "Oslo", "GPE")])], ignore_index=True)
    out = evaluation.covered(pred, GOLD)
    assert sorted(set(out["article_id"])) == ["a", "b"]
    assert len(out) == len(PRED)


def test_overall_f1():
    table = evaluation.scores(PRED, GOLD)
    assert evaluation.overall_f1(table) == pytest.approx(0.4)
    assert evaluation.overall_f1(table, "lenient") == pytest.approx(0.6)
    assert evaluation.overall_f1(evaluation.scores(spans([]), spans([]))) == 0.0


def test_read_gold_keeps_only_the_articles_of_the_corpus(tmp_path):
    path = tmp_path / "gold.csv"
    path.write_text("article_id,start,end,text,label\n007,0,3,Kim,PERSON\n008,0,5,Putin,PERSON\n")
    assert list(evaluation.read_gold(path, articles=["008", "999"])["text"]) == ["Putin"]
    assert evaluation.read_gold(path, articles=[]).empty
    assert len(evaluation.read_gold(path)) == 2


def test_f1_summary_says_when_nothing_could_be_scored():
    gold = pd.DataFrame({"article_id": ["a"] * 2, "start": [0, 10], "end": [3, 15],
                         "label": ["PERSON", "GPE"]})  # fmt: skip
    pred = gold.iloc[:1]  # one of two found, exactly: P 1, R 0.5, F1 2/3
    table = evaluation.scores(pred, gold)
    assert evaluation.f1_summary(table) == "F1 0.667 strict and 0.667 lenient"
    empty = evaluation.scores(gold.iloc[:0], gold.iloc[:0])
    assert evaluation.f1_summary(empty).startswith("not measured (no article of this corpus")


def test_quotes_of_an_annotated_article_missing_from_the_corpus_are_not_scored(tmp_path):
    path = tmp_path / "quotes.csv"
    path.write_text('article_id,start,end,text,kind,speaker\nseed,0,9,"""Hello""",direct,KCNA\n')
    no_quotes = pd.DataFrame(columns=["article_id", "start", "end", "kind", "speaker"])
    table, errors, speakers = evaluation.evaluate_quotes(no_quotes, path, articles=["other"])
    assert table.empty and errors.empty and speakers.empty
    table, errors, _ = evaluation.evaluate_quotes(no_quotes, path, articles=["seed"])
    assert evaluation.overall_f1(table, "lenient") == 0.0 and list(errors["error"]) == ["missed"]
