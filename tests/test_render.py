"""Display objects (newsframes.book.render): escaping, marked text in one sweep, and the cap
on how much of a very long article a page prints."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from newsframes.book import render


def sentences_of(texts: list[str], *, article_id: str = "a", par_every: int = 2) -> pd.DataFrame:
    """A sentences table for one article whose sentences are ``texts`` joined by spaces."""
    rows, start = [], 0
    for k, text in enumerate(texts):
        rows.append({"article_id": article_id, "sent_id": k, "par_id": k // par_every,
                     "start": start, "end": start + len(text), "text": text})  # fmt: skip
        start += len(text) + 1
    return pd.DataFrame(rows)


def spans(rows: list[tuple[int, int]], **extra) -> pd.DataFrame:
    return pd.DataFrame([{"start": a, "end": b, **extra} for a, b in rows],
                        columns=["start", "end", *extra])  # fmt: skip


def brute_runs(marks: dict[str, list[tuple[int, int]]], start: int, text: str):
    """The definition: each character's set of marks, equal neighbours merged."""
    runs = []
    for k, ch in enumerate(text):
        pos = start + k
        flags = frozenset(n for n, pairs in marks.items() if any(a <= pos < b for a, b in pairs))
        if runs and runs[-1][1] == flags:
            runs[-1] = (runs[-1][0] + ch, flags)
        else:
            runs.append((ch, flags))
    return runs


def highlighted(texts, quoted=(), reported=(), loaded=(), **kw):
    sents = sentences_of(texts)
    quotes = pd.concat([spans(list(quoted), kind="direct"), spans(list(reported), kind="reported")])
    return render.HighlightedText(sents, quotes, spans(list(loaded)), **kw), sents


@pytest.mark.parametrize("seed", range(12))
def test_marked_runs_equal_the_per_character_definition(seed):
    rnd = random.Random(seed)
    texts = ["".join(rnd.choice("ab cd") for _ in range(rnd.randint(1, 40))) for _ in range(8)]
    total = sum(len(t) + 1 for t in texts)

    def some(n):
        out = []
        for _ in range(n):
            a = rnd.randrange(total)
            out.append((a, min(total, a + rnd.randint(0, 30))))
        return out

    quoted, reported, loaded = some(5), some(4), some(10)
    obj, sents = highlighted(texts, quoted, reported, loaded)
    marks = {"quoted": quoted, "reported": reported, "loaded": loaded}
    for s in sents.itertuples():
        assert obj._runs(s.start, s.text) == brute_runs(marks, s.start, s.text)


def test_nested_and_touching_marks():
    obj, _ = highlighted(["He called it a brutal, barbaric attack."], quoted=[(13, 38)],
                         loaded=[(15, 21), (23, 31)])  # fmt: skip
    runs = obj._runs(0, "He called it a brutal, barbaric attack.")
    assert runs == [
        ("He called it ", frozenset()),
        ("a ", frozenset({"quoted"})),
        ("brutal", frozenset({"quoted", "loaded"})),
        (", ", frozenset({"quoted"})),
        ("barbaric", frozenset({"quoted", "loaded"})),
        (" attack", frozenset({"quoted"})),
        (".", frozenset()),
    ]
    html = obj._repr_html_()
    assert '<span class="nf-loaded nf-quoted">brutal</span>' in html


def test_marked_text_is_escaped_in_html_and_latex():
    text = "<script>alert(1)</script> $x$ & 100% {\\input{/etc/passwd}}"
    obj, _ = highlighted([text], loaded=[(0, 8)])
    html = obj._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    tex = obj.latex()
    assert "\\input{" not in tex and "\\$x\\$" in tex and "100\\%" in tex
    assert "\\textbf{\\textless{}script\\textgreater{}}" in tex


def test_article_text_is_escaped():
    obj = render.ArticleText(sentences_of(["<b>bold</b> & {x}"]), title="<i>t</i>")
    assert "<b>" not in obj._repr_html_() and "&lt;i&gt;t&lt;/i&gt;" in obj._repr_html_()
    assert "\\{x\\}" in obj.latex()


def test_a_short_article_is_shown_whole():
    texts = ["First sentence.", "Second one."]
    for obj in (render.ArticleText(sentences_of(texts)), highlighted(texts)[0]):
        assert obj.note == ""
        assert obj.sentences["text"].tolist() == texts
        assert "Only the beginning" not in obj._repr_html_()


def test_a_long_article_is_cut_at_max_chars_with_a_note():
    texts = [f"Sentence number {k} is here." for k in range(1000)]  # 26-27 chars each
    total = sum(map(len, texts))
    for obj in (render.ArticleText(sentences_of(texts), max_chars=100),
                highlighted(texts, loaded=[(0, 8)], max_chars=100)[0]):  # fmt: skip
        shown = obj.sentences["text"].tolist()
        assert shown[:3] == texts[:3]
        assert len(shown) == 4 and shown[3].endswith(" […]")
        assert sum(len(t) for t in shown) - len(" […]") == 100
        assert f"100 of its {total:,} characters (4 of 1,000 sentences" in obj.note
        assert "sentences.csv" in obj.note
        assert obj.note in obj._repr_html_() and obj.note in obj._repr_mimebundle_()["text/plain"]
        assert render.latex_escape(obj.note) in obj.latex()


def test_one_huge_sentence_is_cut_too():
    obj = render.ArticleText(sentences_of(["x" * 50_000]), max_chars=1_000)
    (text,) = obj.sentences["text"]
    assert text == "x" * 1_000 + " […]"
    assert "(1 of 1 sentences" in obj.note


def test_max_chars_must_be_positive():
    with pytest.raises(ValueError, match="max_chars"):
        render.ArticleText(sentences_of(["x"]), max_chars=0)


def test_table_is_escaped_and_counts_hidden_rows():
    df = pd.DataFrame({"text": ["<b>x</b>", "a & b", "c"], "n": [1, 2, 3]})
    table = render.Table(df, max_rows=2, caption="<cap>")
    html = table._repr_html_()
    assert "<b>x</b>" not in html and "&lt;cap&gt;" in html
    assert "2 of 3 rows shown" in html
    assert "a \\& b" in table.latex()


def test_counts_and_count_in_prose():
    assert render.counts(pd.Series({"TASS": 3, "Xinhua": 1})) == "TASS (3), Xinhua (1)"
    assert render.counts(pd.Series(dtype=int), empty="no outlet") == "no outlet"
    assert (render.count(1, "article"), render.count(1204, "word")) == ("1 article", "1,204 words")
