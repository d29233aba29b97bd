"""A hostile and broken corpus: every bad file is reported, valid ones are analyzed,
article text is never interpreted (HTML, MyST, TeX), the PDF builds, the inputs are
unchanged. Builds the whole book (HTML and PDF) on a fixture corpus."""

from __future__ import annotations

import hashlib
import html
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from bookbuild import ROOT, build
from pypdf import PdfReader

from newsframes.analysis import pipeline

pytestmark = pytest.mark.book

MARKER = "newsframes-pwned-marker"

HOSTILE = (
    "date 2023-09-15\n"
    "SEOUL, September 15. /Yonhap/. Officials said <script>alert('xss')</script> and "
    '<img src=x onerror="alert(1)"> were posted online, the ministry said on Friday.\n\n'
    "A MyST role {glue:text}`corpus_n_articles` and a directive ```{raw} html\n<b>raw</b>\n```"
    " appeared, with $$x^2$$ math and a [link](javascript:alert(1)).\n\n"
    f"TeX tried \\write18{{touch /tmp/{MARKER}}} and \\input{{/etc/passwd}} then "
    "\\end{document} with $ % & # _ ^ ~ { } \\\\ characters.\n\n"
    '"Russia and the DPRK are friends," a spokesman said, quoting «друзья» and 친구.\n'
)

FILES: dict[str, bytes] = {
    "hostile.txt": HOSTILE.encode("utf-8"),
    "empty.txt": b"",
    "binary.txt": b"\x00\x01\x02PNG\x00",
    "cp1251.txt": "date 2023-09-15\nMOSCOW, September 15. /TASS/. Встреча.".encode("cp1251"),
    "bom.txt": "\ufeffdate 2023-09-15\nMOSCOW, September 15. /TASS/. The talks went on.".encode(),
    "crlf.txt": b"date 2023-09-15\r\nMOSCOW, September 15. /TASS/. Talks.\r\n\r\nMore talks.\r\n",
    "noheader.txt": b"The two leaders met again, officials said.",
    "baddate.txt": b"date 2023-02-30\nMOSCOW, February 30. /TASS/. The talks went on.",
    "russian.txt": "date 2023-09-15\nMOSCOW, September 15. /TASS/. Путин и Ким провели "
    "переговоры на космодроме Восточный в четверг.".encode(),
    ".hidden.txt": b"date 2023-09-15\nX, September 15. /Y/. Hidden.",
    "notes.md": b"# not an article",
    "large.txt": b"date 2023-09-15\nMOSCOW, September 15. /TASS/. " + b"word " * 60_000,
}
EXPECTED = {  # file -> (severity, words of the message)
    "empty.txt": ("error", "empty"),
    "binary.txt": ("error", "binary"),
    "cp1251.txt": ("error", "UTF-8"),
    "bom.txt": ("warning", "byte-order mark"),
    "crlf.txt": ("warning", "CRLF"),
    "noheader.txt": ("warning", "no header"),
    "baddate.txt": ("warning", "not a valid"),
    "russian.txt": ("warning", "does not look like English"),
    ".hidden.txt": ("warning", "hidden"),
    "notes.md": ("warning", "not a .txt file"),
    "large.txt": ("error", "over the limit"),
    "dup.txt": ("error", "same content as"),
}


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def hostile_book(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    seeds = root / "seeds"
    seeds.mkdir()
    for name, data in FILES.items():
        (seeds / name).write_bytes(data)
    shutil.copy(ROOT / "seeds" / "000_286880e8d33f647d.txt", seeds / "000_seed.txt")
    shutil.copy(ROOT / "seeds" / "000_286880e8d33f647d.txt", seeds / "dup.txt")
    before = digest(seeds)
    Path(f"/tmp/{MARKER}").unlink(missing_ok=True)
    env = {
        "NEWSFRAMES_SEEDS": str(seeds),
        "NEWSFRAMES_CACHE": str(root / "cache"),
        "NEWSFRAMES_MAX_MB": "0.2",  # large.txt is over this limit
    }
    for builder in ["html", "pdflatex"]:
        build(root / "out", seeds=seeds, cache=root / "cache", builder=builder, env=env)
    return root, seeds, before, env


def test_inputs_are_unchanged(hostile_book):
    _, seeds, before, _ = hostile_book
    assert digest(seeds) == before


def test_every_bad_file_is_reported_and_valid_ones_analyzed(hostile_book, monkeypatch):
    root, seeds, _, env = hostile_book
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    tables = pipeline.analyze(seeds, cache_dir=root / "cache")
    problems = tables["problems"]
    for name, (severity, words) in EXPECTED.items():
        rows = problems[problems["source_file"] == name]
        assert len(rows) >= 1, name
        assert any(r.severity == severity and words in r.message for r in rows.itertuples()), (
            name, rows.to_dict("records"))  # fmt: skip
    analyzed = set(tables["articles"]["source_file"])
    assert {"hostile.txt", "000_seed.txt", "bom.txt", "crlf.txt", "noheader.txt",
            "baddate.txt", "russian.txt"} <= analyzed  # fmt: skip
    assert not analyzed & {"empty.txt", "binary.txt", "cp1251.txt", "large.txt", "dup.txt"}
    page = (root / "out/_build/html/notebooks/01_corpus.html").read_text(encoding="utf-8")
    for name in EXPECTED:
        assert html.escape(name) in page, name
    assert "baddate (baddate.txt), no date" in page and ", nan" not in page
    # The seed's gold annotations name an article this corpus does not have: no score.
    entities = (root / "out/_build/html/notebooks/04_entities.html").read_text(encoding="utf-8")
    assert "not measured (no article of this corpus has gold annotations)" in entities


def test_no_markup_from_an_article_reaches_the_html(hostile_book):
    root, *_ = hostile_book
    site = root / "out/_build/html"
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text, page
        assert 'onerror="alert' not in text and "onerror=alert" not in text, page
        assert "<b>raw</b>" not in text, page
        assert 'href="javascript:' not in text, page
    corpus_page = (site / "notebooks/01_corpus.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in corpus_page
    assert "{glue:text}`corpus_n_articles`" in html.unescape(corpus_page)


def test_no_tex_command_ran_and_the_pdf_shows_the_text(hostile_book):
    root, *_ = hostile_book
    assert not Path(f"/tmp/{MARKER}").exists()
    (pdf,) = (root / "out/_build/latex").glob("*.pdf")
    text = "".join("".join(page.extract_text().split()) for page in PdfReader(pdf).pages)
    assert "\\write18" in text and "\\end{document}" in text and "друзья" in text and "친구" in text
    assert "root:x:0" not in text  # /etc/passwd was not read in
    tex = next((root / "out/_build/latex").glob("*.tex")).read_text(encoding="utf-8")
    assert "\\write18{touch" not in tex and "\\input{/etc/passwd}" not in tex


def test_tables_of_the_hostile_corpus_are_deterministic(hostile_book, tmp_path, monkeypatch):
    root, seeds, _, env = hostile_book
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    outs = []
    for run in ("a", "b"):
        tables = pipeline.analyze(seeds, use_cache=False)
        outs.append(pipeline.write_tables(tables, tmp_path / run))
    for a, b in zip(*outs, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    assert len(pd.read_csv(outs[0][0])) > 0
    assert re.search(r"hostile", (tmp_path / "a" / "articles.csv").read_text("utf-8"))
