"""Check gold entity tables against the article bodies (see gold/README.md).

Usage: python gold/check_gold.py [folder entities.csv ...]
Without arguments it checks the seed gold and the held-out gold. It never finds mentions:
it only checks a hand-made list. Exits 1 on the first failed check.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

from newsframes.corpus import read_corpus

ROOT = Path(__file__).resolve().parents[1]
LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
COLUMNS = ["article_id", "start", "end", "text", "label"]
DEFAULT = [
    (ROOT / "seeds", ROOT / "gold" / "entities.csv"),
    (ROOT / "evaluation" / "heldout", ROOT / "evaluation" / "heldout" / "entities.csv"),
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
    except AssertionError as exc:
        print(f"FAILED: {exc}")
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
