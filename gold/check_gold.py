"""Check gold tables against the article bodies (see gold/README.md).

Usage: python gold/check_gold.py [folder entities.csv ...]
Without arguments it checks the seed gold and the two held-out sets (evaluation/heldout/ and
evaluation/heldout2/): the entity tables (entities.csv) and the quotation and loaded-language
tables (quotes.csv, loaded.csv).
With arguments it checks the given entity tables only. It never finds mentions, quotes or
loaded words: it only checks a hand-made list. Exits 1 on the first failed check.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

from newsframes.analysis.corpus import read_corpus

ROOT = Path(__file__).resolve().parents[1]
LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
COLUMNS = ["article_id", "start", "end", "text", "label"]
DEFAULT = [
    (ROOT / "seeds", ROOT / "gold" / "entities.csv"),
    (
        ROOT / "evaluation" / "heldout" / "articles",
        ROOT / "evaluation" / "heldout" / "entities.csv",
    ),
    (
        ROOT / "evaluation" / "heldout2" / "articles",
        ROOT / "evaluation" / "heldout2" / "entities.csv",
    ),
]
QUOTE_KINDS = {"direct", "scare", "reported"}
# `via`: the relaying source (another outlet) through which the words reach the article; any
# string, empty when the article's outlet cites the speaker directly.
QUOTE_COLUMNS = ["article_id", "start", "end", "text", "kind", "speaker", "reporting_verb", "via"]
DOUBLE_MARKS = {'"', "\u201c", "\u201d"}  # straight, left and right curly double quotes
SINGLE_MARKS = {"'", "\u2018", "\u2019"}  # only for a quote nested inside a direct quote
LOADED_SUBCATEGORIES = {"loaded", "name_calling", "praise"}
LOADED_COLUMNS = ["article_id", "start", "end", "text", "subcategory"]
# (folder, quotes.csv, loaded.csv)
DEFAULT_SPEECH = [
    (ROOT / "seeds", ROOT / "gold" / "quotes.csv", ROOT / "gold" / "loaded.csv"),
    (
        ROOT / "evaluation" / "heldout" / "articles",
        ROOT / "evaluation" / "heldout" / "quotes.csv",
        ROOT / "evaluation" / "heldout" / "loaded.csv",
    ),
    (
        ROOT / "evaluation" / "heldout2" / "articles",
        ROOT / "evaluation" / "heldout2" / "quotes.csv",
        ROOT / "evaluation" / "heldout2" / "loaded.csv",
    ),
]


def check(folder: Path, table: Path) -> None:
    corpus = read_corpus(folder)
    errors = corpus.problems[corpus.problems["severity"] == "error"]
    assert errors.empty, f"{folder}: error-severity problems:\n{errors.to_string()}"
    articles = {a.article_id: a for a in corpus.articles}
    raw = table.read_bytes()
    raw.decode("utf-8")
    assert b"\r" not in raw and raw.endswith(b"\n"), f"{table}: not LF line ends"
    df = pd.read_csv(table, dtype={"article_id": str, "text": str}, keep_default_na=False)
    assert list(df.columns) == COLUMNS, f"{table}: columns {list(df.columns)}"
    ordered = df.sort_values(["article_id", "start"], kind="stable").reset_index(drop=True)
    assert df.equals(ordered), f"{table}: rows not sorted by article_id, start"
    assert set(df["label"]) <= LABELS, f"{table}: unknown labels {set(df['label']) - LABELS}"
    assert set(df["article_id"]) == set(articles), f"{table}: article ids differ from {folder}"
    print(f"{table}: {len(df)} mentions")
    for aid, group in df.groupby("article_id"):
        body = articles[aid].body
        spans = list(zip(group["start"], group["end"], strict=True))
        for (s, e), text in zip(spans, group["text"], strict=True):
            assert body[s:e] == text, f"{aid}: body[{s}:{e}] is {body[s:e]!r}, not {text!r}"
            assert text == text.strip(), f"{aid}: {text!r} has surrounding space"
            assert not re.search(r"['’]s$", text), f"{aid}: {text!r} includes a possessive"
            assert s == 0 or not body[s - 1].isalnum(), f"{aid}: {text!r} starts inside a word"
            assert e == len(body) or not body[e].isalnum(), f"{aid}: {text!r} ends inside a word"
        for (s1, e1), (s2, e2) in zip(spans, spans[1:], strict=False):
            assert e1 <= s2, f"{aid}: [{s1},{e1}) overlaps [{s2},{e2})"
        for text in sorted(set(group["text"])):
            for m in re.finditer(r"(?<!\w)" + re.escape(text) + r"(?!\w)", body):
                covered = any(s <= m.start() and m.end() <= e for s, e in spans)
                assert covered, f"{aid}: occurrence of {text!r} at {m.start()} is not annotated"
        counts = group["label"].value_counts().to_dict()
        print(f"  {aid}: {len(group)} mentions {counts}")


def _read_table(table: Path, columns: list[str]) -> pd.DataFrame:
    """A gold CSV: UTF-8, LF line ends, the given columns, sorted by article_id, start."""
    raw = table.read_bytes()
    raw.decode("utf-8")
    assert b"\r" not in raw and raw.endswith(b"\n"), f"{table}: not LF line ends"
    df = pd.read_csv(table, dtype=str, keep_default_na=False)
    assert list(df.columns) == columns, f"{table}: columns {list(df.columns)}"
    for col in ("start", "end"):
        assert df[col].str.fullmatch(r"\d+").all(), f"{table}: non-integer {col}"
        df[col] = df[col].astype(int)
    ordered = df.sort_values(["article_id", "start"], kind="stable").reset_index(drop=True)
    assert df.equals(ordered), f"{table}: rows not sorted by article_id, start"
    assert not df.duplicated(["article_id", "start", "end"]).any(), f"{table}: duplicate spans"
    return df


def _check_offsets(aid: str, body: str, df: pd.DataFrame) -> None:
    for s, e, text in zip(df["start"], df["end"], df["text"], strict=True):
        assert 0 <= s < e <= len(body), f"{aid}: bad span [{s},{e})"
        assert body[s:e] == text, f"{aid}: body[{s}:{e}] is {body[s:e]!r}, not {text!r}"
        assert text == text.strip(), f"{aid}: {text!r} has surrounding space"


def check_quotes(folder: Path, table: Path) -> None:
    """quotes.csv: offsets, kinds, quotation marks at both ends of direct and scare spans,
    single quotation marks only inside a direct quote, overlaps only as nesting (a scare
    quote inside a direct quote or inside reported speech), a speaker on every row; the `via`
    column is accepted with any value, including empty."""
    articles = {a.article_id: a for a in read_corpus(folder).articles}
    df = _read_table(table, QUOTE_COLUMNS)
    assert set(df["kind"]) <= QUOTE_KINDS, f"{table}: unknown kinds {set(df['kind']) - QUOTE_KINDS}"
    assert set(df["article_id"]) <= set(articles), f"{table}: article ids not in {folder}"
    assert (df["speaker"].str.strip() != "").all(), f"{table}: a row without speaker"
    verbs = df["reporting_verb"]
    assert (verbs == verbs.str.lower().str.strip()).all(), f"{table}: verb not lower case"
    print(f"{table}: {len(df)} quotes, {int((df['via'] != '').sum())} with via")
    for aid, group in df.groupby("article_id"):
        body = articles[aid].body
        _check_offsets(aid, body, group)
        rows = list(zip(group["start"], group["end"], group["text"], group["kind"], strict=True))
        for s, e, text, kind in rows:
            if kind == "reported":
                assert text[0] not in DOUBLE_MARKS, f"{aid}: reported {text!r} opens with a mark"
                continue
            marks = DOUBLE_MARKS | SINGLE_MARKS
            assert text[0] in marks and text[-1] in marks, f"{aid}: {kind} {text!r} lacks marks"
            if text[0] in SINGLE_MARKS or text[-1] in SINGLE_MARKS:
                inside = any(k == "direct" and s2 < s and e < e2 for s2, e2, _, k in rows)
                assert inside, f"{aid}: single-quoted {text!r} is not inside a direct quote"
        for i, (s1, e1, t1, k1) in enumerate(rows):
            for s2, e2, t2, k2 in rows[i + 1 :]:
                if s2 >= e1:
                    continue
                nested = (s1 <= s2 and e2 <= e1 and k2 == "scare") or (
                    s2 <= s1 and e1 <= e2 and k1 == "scare"
                )
                assert nested, f"{aid}: {t1[:40]!r} and {t2[:40]!r} overlap without nesting"
        counts = group["kind"].value_counts().to_dict()
        print(f"  {aid}: {len(group)} quotes {counts}")


def check_loaded(folder: Path, table: Path) -> None:
    """loaded.csv: offsets, subcategories, whole words, no quotation marks, no overlap, and
    every other whole-word occurrence of an annotated string in the article annotated too."""
    articles = {a.article_id: a for a in read_corpus(folder).articles}
    df = _read_table(table, LOADED_COLUMNS)
    unknown = set(df["subcategory"]) - LOADED_SUBCATEGORIES
    assert not unknown, f"{table}: unknown subcategories {unknown}"
    assert set(df["article_id"]) <= set(articles), f"{table}: article ids not in {folder}"
    print(f"{table}: {len(df)} loaded spans")
    for aid, group in df.groupby("article_id"):
        body = articles[aid].body
        _check_offsets(aid, body, group)
        spans = list(zip(group["start"], group["end"], strict=True))
        for (s, e), text in zip(spans, group["text"], strict=True):
            assert s == 0 or not body[s - 1].isalnum(), f"{aid}: {text!r} starts inside a word"
            assert e == len(body) or not body[e].isalnum(), f"{aid}: {text!r} ends inside a word"
            assert text[0].isalnum() and text[-1].isalnum(), f"{aid}: {text!r} has punctuation"
        for (s1, e1), (s2, e2) in zip(spans, spans[1:], strict=False):
            assert e1 <= s2, f"{aid}: [{s1},{e1}) overlaps [{s2},{e2})"
        for text in sorted(set(group["text"])):
            pattern = r"(?<!\w)" + re.escape(text) + r"(?!\w)"
            for m in re.finditer(pattern, body, re.IGNORECASE):
                covered = any(s <= m.start() and m.end() <= e for s, e in spans)
                assert covered, f"{aid}: occurrence of {text!r} at {m.start()} is not annotated"
        counts = group["subcategory"].value_counts().to_dict()
        print(f"  {aid}: {len(group)} loaded spans {counts}")


def main(argv: list[str]) -> int:
    if len(argv) % 2:
        print("usage: check_gold.py [folder entities.csv ...]")
        return 2
    pairs = (
        DEFAULT if not argv else list(zip(map(Path, argv[::2]), map(Path, argv[1::2]), strict=True))
    )
    try:
        for folder, table in pairs:
            check(folder.resolve(), table.resolve())
        if not argv:
            for folder, quotes, loaded in DEFAULT_SPEECH:
                check_quotes(folder.resolve(), quotes.resolve())
                check_loaded(folder.resolve(), loaded.resolve())
    except AssertionError as exc:
        print(f"FAILED: {exc}")
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
