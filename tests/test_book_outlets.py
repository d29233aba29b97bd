"""The whole book built strictly (HTML and PDF) on the invented three-outlet corpus of
tests/data/compare: the comparisons chapter and the findings' "How the outlets differ"."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from newsframes.analysis import pipeline
from newsframes.book import chapters

pytestmark = pytest.mark.book

from bookbuild import build, glue_values  # noqa: E402
from test_book import SPHINX_WARNING  # noqa: E402

OUTLETS = Path(__file__).resolve().parent / "data" / "compare" / "articles"
COMPARISON_TABLES = ("outlets", "sources", "naming", "wordchoice", "logodds", "adoption", "reuse")


@pytest.fixture(scope="module")
def outlets_book(tmp_path_factory):
    out = tmp_path_factory.mktemp("outlets-book")
    cache = tmp_path_factory.mktemp("outlets-cache")
    logs = [build(out, seeds=OUTLETS, cache=cache, builder=b) for b in ("html", "pdflatex")]
    return out / "_build", logs


def test_builds_without_warnings(outlets_book):
    _, logs = outlets_book
    for log in logs:
        assert [line for line in log.splitlines() if SPHINX_WARNING.search(line)] == []


def test_compare_page_shows_the_chapter_values_tables_and_figures(outlets_book, tmp_path):
    build_dir, _ = outlets_book
    site = build_dir / "html"
    glued = glue_values(build_dir, "06_compare")
    expected = chapters.compare_chapter(pipeline.analyze(OUTLETS, cache_dir=tmp_path)).values
    for key in ("compare_groups", "compare_rates", "compare_reuse_summary",
                "compare_wordchoice_summary", "compare_adoption_summary"):  # fmt: skip
        assert glued[key].strip("'") == str(expected[key]), key
    page = html.unescape((site / "notebooks/06_compare.html").read_text(encoding="utf-8"))
    assert "The articles fall into 3 groups by outlet" in page
    assert page.count("<img") == 5  # rates, naming, log-odds, frames, timeline
    for name in COMPARISON_TABLES:
        assert f'href="../data/{name}.csv"' in page, name
        assert (site / "data" / f"{name}.csv").is_file(), name
    assert "322_xinhua_moscow reprints 303_tass_moscow" in page


def test_findings_say_how_the_outlets_differ(outlets_book):
    build_dir, _ = outlets_book
    findings = html.unescape((build_dir / "html/book/findings.html").read_text(encoding="utf-8"))
    assert "How the outlets differ" in findings
    assert "TASS (4), Xinhua (3), Yonhap (3)" in findings
    assert "only with several groups" not in findings  # the markers are never shown


def test_pdf_has_the_chapter_and_the_findings_section(outlets_book):
    build_dir, _ = outlets_book
    (pdf,) = (build_dir / "latex").glob("*.pdf")
    text = " ".join("\n".join(p.extract_text() for p in PdfReader(pdf).pages).split())
    assert "COMPARING OUTLETS" in text.upper()
    assert "HOW THE OUTLETS DIFFER" in text.upper()
    assert re.search(r"322_xinhua_moscow\s*reprints\s*303_tass_moscow", text)
