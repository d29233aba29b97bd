"""A corpus with one very long article (3 MB, under the 5 MB default limit) builds as a
book, HTML and PDF, within the notebooks' cell timeout: pages print the beginning of
the article and say so; the whole text stays in the tables."""

from __future__ import annotations

import gzip
import shutil

import pytest
from bookbuild import ROOT, build
from pypdf import PdfReader
from textcases import brown_article

pytestmark = pytest.mark.book

SIZE = 3_000_000
NOTE = "Only the beginning of this article is shown"


@pytest.fixture(scope="module")
def long_book(tmp_path_factory):
    root = tmp_path_factory.mktemp("long")
    seeds = root / "seeds"
    seeds.mkdir()
    shutil.copy(ROOT / "seeds" / "000_286880e8d33f647d.txt", seeds / "000_seed.txt")
    (seeds / "long.txt").write_text(brown_article(SIZE), encoding="utf-8")
    assert (seeds / "long.txt").stat().st_size >= SIZE
    for builder in ["html", "pdflatex"]:
        build(root / "out", seeds=seeds, cache=root / "cache", builder=builder,
              env={"NEWSFRAMES_MAX_MB": "5"})  # fmt: skip
    return root / "out" / "_build"


@pytest.mark.parametrize("page", ["01_corpus", "05_framing"])
def test_pages_print_the_beginning_of_a_long_article_and_say_so(long_book, page):
    path = long_book / "html" / "notebooks" / f"{page}.html"
    text = path.read_text(encoding="utf-8")
    assert text.count(NOTE) == 1  # the long article is cut; the seed is not
    assert path.stat().st_size < 2_000_000


def test_the_whole_long_article_is_in_the_tables(long_book):
    # Over 10,000 rows: in the web book as gzip-compressed CSV and as Parquet.
    packed = (long_book / "html" / "data" / "sentences.csv.gz").read_bytes()
    sentences = gzip.decompress(packed).decode("utf-8")
    assert sentences.count("\nlong,") > 20_000  # every sentence of the 3 MB article
    assert (long_book / "html" / "data" / "sentences.parquet").is_file()
    assert not (long_book / "html" / "data" / "sentences.csv").exists()
    page = (long_book / "html" / "notebooks" / "02_tokens.html").read_text(encoding="utf-8")
    assert 'href="../data/sentences.csv.gz" download' in page


def test_the_pdf_builds_and_says_the_text_is_cut(long_book):
    (pdf,) = (long_book / "latex").glob("*.pdf")
    reader = PdfReader(pdf)
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert text.count(NOTE) == 2  # the corpus and framing chapters
    assert len(reader.pages) < 400
