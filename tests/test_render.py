"""Display objects (newsframes.book.render): escaping, marked text in one sweep, and the cap
on how much of a very long article a page prints."""

from __future__ import annotations

import random
import re

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


def test_table_is_escaped_and_the_pdf_counts_hidden_rows():
    df = pd.DataFrame({"text": ["<b>x</b>", "a & b", "c"], "n": [1, 2, 3]})
    table = render.Table(df, max_rows=2, caption="<cap>")
    html = table._repr_html_()
    assert "<b>x</b>" not in html and "&lt;cap&gt;" in html
    assert "rows shown" not in html and html.count("<tr>") == 4  # the header and every row
    tex = table.latex()
    assert "2 of 3 rows shown" in tex and "a \\& b" in tex and "{c}" not in tex


def test_a_table_given_its_first_rows_counts_the_whole_table():
    df = pd.DataFrame({"n": range(40)})
    table = render.Table(df, max_rows=25, n_rows=1_000_000)
    assert "25 of 1,000,000 rows shown" in table.latex()
    assert "40 of 1,000,000 rows shown" in table._repr_html_()
    assert "rows shown" not in render.Table(df, n_rows=40)._repr_html_()
    with pytest.raises(ValueError, match="n_rows"):
        render.Table(df, n_rows=39)


def test_counts_and_count_in_prose():
    assert render.counts(pd.Series({"TASS": 3, "Xinhua": 1})) == "TASS (3), Xinhua (1)"
    assert render.counts(pd.Series(dtype=int), empty="no outlet") == "no outlet"
    assert (render.count(1, "article"), render.count(1204, "word")) == ("1 article", "1,204 words")


# Tables: widths from the content, breakable and cut cells in the PDF; every row in the
# web book, up to a cap.


def column(header, cells, **kw):
    return render.Column(header, [str(c) for c in cells], **kw)


def spec_widths(tex: str) -> list[float]:
    """The column widths of a longtable, as fractions of \\linewidth."""
    return [float(w) for w in re.findall(r"p\{([0-9.]+)\\linewidth\}", tex)]


def test_numbers_are_right_aligned_and_narrow_and_text_takes_the_rest():
    df = pd.DataFrame({"n": [1, 22, 333], "text": ["word " * 60] * 3, "share": [0.5, 0.25, 1.0]})
    tex = render.Table(df).latex()
    n, text, share = spec_widths(tex)
    assert n < 0.05 and share < 0.08 and text > 0.8
    assert n + text + share <= 1.0
    specs = re.findall(r">\{\\(raggedleft|raggedright)\\arraybackslash\}p", tex)
    assert specs == ["raggedleft", "raggedright", "raggedleft"]


def test_a_table_that_fits_keeps_every_cell_and_header_on_one_line():
    cols = [column("actor", ["Kim Jong Un", "Russia"]), column("n_mentions", [6, 5],
                                                                is_numeric=True)]  # fmt: skip
    widths = render.fit_columns(cols)
    assert widths == [pytest.approx(render.text_em("Kim Jong Un")),
                      pytest.approx(render.text_em("n_mentions", bold=True))]  # fmt: skip


def test_a_header_longer_than_its_column_wraps_and_never_overlaps():
    header = "n_sentences_with_a_very_long_header_name"
    cols = [
        column(header, [1, 2, 3], is_numeric=True),
        column("text", ["a long sentence " * 40] * 3),
    ]
    widths = render.fit_columns(cols)
    assert widths is not None
    whole, widest_piece = render.text_em(header, bold=True), render.text_em("sentences_", bold=True)
    assert widest_piece <= widths[0] < whole  # wraps, at a break point, inside its column
    tex = render.latex_table(cols)
    assert "\\textbf{n\\_\\allowbreak{}sentences\\_\\allowbreak{}with\\_" in tex


@pytest.mark.parametrize(
    ("word", "pieces"),
    [
        ("external_regulation_and_reputation", ["external_", "regulation_", "and_", "reputation"]),
        ("000_286880e8d33f647d", ["000_", "286880e8", "d33f647d"]),
        ("9e47e2610859" * 2, ["9e47e261", "08599e47", "e2610859"]),
        ("gerund/participle", ["gerund/", "participle"]),
        ("Komsomolsk-on-Amur", ["Komsomolsk-", "on-", "Amur"]),
        ("Vladivostok", ["Vladivostok"]),
        ("조선과로씨야의친선조선과로씨야의친선", ["조선과로씨야의친", "선조선과로씨야의", "친선"]),
    ],
)
def test_long_words_get_break_points(word, pieces):
    assert render._pieces(word) == pieces
    assert render.latex_breakable(word).count("\\allowbreak{}") == len(pieces) - 1


def test_a_2000_character_cell_is_cut_in_latex_but_whole_in_html():
    long = " ".join(f"word{k}" for k in range(400))  # 2,289 characters
    assert len(long) > 2000
    table = render.Table(pd.DataFrame({"article_id": ["a"], "text": [long]}))
    assert long in table._repr_html_()
    tex = table.latex()
    assert "word0 word1" in tex and "word399" not in tex and "{[}…{]}" in tex
    assert "1 cell longer than 200 characters is cut here" in tex
    shown = re.search(r"(word0 .*?) \{\[\}…", tex)[1]
    assert len(shown) <= render.CELL_MAX_CHARS and shown.endswith(
        ("word", "1", "2", "3", "4", "5", "6", "7", "8", "9")
    )


def test_cut_keeps_whole_words_and_short_text():
    assert render.cut("short") == "short"
    assert render.cut("aaa bbb ccc ddd", 9) == "aaa bbb […]"
    assert render.cut("aaa bbb ccc ddd", 9, from_left=True) == "[…] ccc ddd"


def test_every_latex_cell_is_escaped():
    hostile = "\\input{/etc/passwd} $x$ & 100% #1 ~ ^ _ {}"
    df = pd.DataFrame({hostile: [hostile], "n": [1]})
    tex = render.Table(df, caption=hostile).latex()
    assert "\\input{" not in tex and "$x$" not in tex
    # the header on the first page and on the next ones, and the cell
    assert tex.count("\\textbackslash{}input\\{/\\allowbreak{}etc/\\allowbreak{}passwd\\}") == 3
    assert "\\caption{\\textbackslash{}input\\{/etc/passwd\\} \\$x\\$ \\& 100\\%" in tex


def test_a_table_too_wide_for_footnotesize_uses_a_smaller_font():
    df = pd.DataFrame({f"column_number_{k}": ["unbreakable"] for k in range(10)})
    cols = [render.Column.of(c, df[c].tolist()) for c in df.columns]
    assert render.fit_columns(cols, points=8) is None
    assert render.fit_columns(cols, points=7) is not None
    tex = render.Table(df).latex()
    assert tex.startswith("\\begingroup\\scriptsize")
    assert sum(spec_widths(tex)) <= 1.0


def test_the_html_table_holds_every_row_up_to_the_cap(monkeypatch):
    df = pd.DataFrame({"term": [f"t{k}" for k in range(90)], "n": range(90)})
    html = render.Table(df, max_rows=30)._repr_html_()
    assert html.count("<tr>") == 91 and "t89" in html and "rows shown" not in html
    assert 'class="table nf-itable"' in html and 'data-paging="false"' not in html
    monkeypatch.setattr(render, "HTML_MAX_ROWS", 50)
    html = render.Table(df, max_rows=30)._repr_html_()
    assert html.count("<tr>") == 51 and "t50" not in html
    assert "50 of 90 rows shown; the full table is in the CSV files" in html


def test_the_html_cap_counts_characters_too(monkeypatch):
    monkeypatch.setattr(render, "HTML_MAX_CHARS", 1_000)
    df = pd.DataFrame({"text": ["word " * 60] * 10})  # 300 characters a row
    html = render.Table(df)._repr_html_()
    assert html.count("<tr>") == 1 + 3 and "3 of 10 rows shown" in html


def test_a_short_html_table_has_no_pager_and_numbers_sort_by_value():
    html = render.Table(pd.DataFrame({"n": [1234, 5], "share": [0.5, None]}))._repr_html_()
    assert 'data-paging="false" data-searching="false"' in html
    assert '<td data-order="1234">1,234</td>' in html and '<td data-order=""></td>' in html


def test_kwic_uses_the_table_writer_and_cuts_contexts_to_one_line():
    left, right = " ".join(["left"] * 80), " ".join(["right"] * 80)
    lines = pd.DataFrame({"article_id": ["a"], "sent_id": [3], "keyword": ["Kim"],
                          "left": [left], "right": [right]})  # fmt: skip
    tex = render.Kwic(lines, caption="Keyword in context: kim").latex()
    assert "\\begin{longtable}" in tex and "\\textbf{Kim}" in tex
    assert "{[}…{]} left left" in tex and "right right {[}…{]}" in tex
    left, keyword, right, ref = spec_widths(tex)
    assert left == right and keyword < 0.1 and sum(spec_widths(tex)) <= 1.0
    cells = tex.split("\\endhead\n")[1].split(" & ")
    assert render.text_em(cells[0].replace("{[}", "[").replace("{]}", "]")) <= left * 56


def test_a_hash_may_break_in_html_but_words_and_identifiers_never_do():
    sha = "580d9c7c591ebfe6d6f0db2ad86b4a5c"
    df = pd.DataFrame({"key": ["settings_collocation_min_count"], "sha256": [sha], "n": [1]})
    html = render.Table(df)._repr_html_()
    assert "<td>settings_collocation_min_count</td>" in html  # the glue index is searchable
    assert "<td>580d9c7c<wbr>591ebfe6<wbr>d6f0db2a<wbr>d86b4a5c</td>" in html
    assert "<th>sha256</th>" in html and "<th>key</th>" in html
    wide = render.Table(pd.DataFrame({"n_sentences": [1]}))._repr_html_()
    assert "<th>n_<wbr>sentences</th>" in wide


@pytest.mark.parametrize(
    ("n_rows", "files"),
    [
        (0, {"CSV": ".csv", "Parquet": ".parquet"}),
        (render.DOWNLOAD_PLAIN_MAX_ROWS, {"CSV": ".csv", "Parquet": ".parquet"}),
        (render.DOWNLOAD_PLAIN_MAX_ROWS + 1, {"CSV": ".csv.gz", "Parquet": ".parquet"}),
        (render.DOWNLOAD_MAX_ROWS, {"CSV": ".csv.gz", "Parquet": ".parquet"}),
        (render.DOWNLOAD_MAX_ROWS + 1, {}),
    ],
)
def test_download_files_by_size(n_rows, files):
    assert render.download_files(n_rows) == files


def test_downloads_link_the_files_and_say_how_to_get_a_table_too_large():
    big = render.DOWNLOAD_MAX_ROWS + 1
    tables = {"terms": pd.DataFrame({"a": range(3)}), "keyness": 20_000, "tokens": big}
    d = render.Downloads(tables, "terms", "keyness", "tokens", depth=2)
    page = d._repr_html_()
    for f in ["terms.csv", "terms.parquet", "keyness.csv.gz", "keyness.parquet"]:
        assert f'href="../../data/{f}" download' in page
    assert "tokens.csv" not in page and "tokens.parquet" not in page
    assert f"tokens ({big:,} rows)" in page and render.FETCH_COMMAND in page
    latex = d.latex()
    assert r"\texttt{keyness.csv.gz}" in latex and "tokens (100,001 rows)" in latex
    assert "tokens.csv" not in d._repr_mimebundle_()["text/plain"]


def test_downloads_with_nothing_too_large_say_nothing_of_the_command():
    d = render.Downloads({"terms": 5}, "terms")
    assert render.FETCH_COMMAND not in d._repr_html_() + d.latex()
