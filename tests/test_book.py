"""Whole-book builds: the strict HTML and PDF build, and the no-stale-book guarantee.

These run ``jupyter-book`` exactly as ``make book`` does (``-n -W --keep-going``), but
write into a temporary folder, with the analysis cache there too, so they never touch
the repository's ``_build`` or ``.cache``.
"""

from __future__ import annotations

import html
import json
import re
import shutil

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient
from pybtex.database import parse_string
from pypdf import PdfReader

from newsframes import __version__
from newsframes.analysis import corpus, evaluation, pipeline, profiles
from newsframes.book import chapters, publication

pytestmark = pytest.mark.book

from bookbuild import SEEDS, build, glue_values, glued  # noqa: E402
from test_rerun import KERNEL, NOTEBOOKS  # noqa: E402

# Sphinx reports "path:line: WARNING: message". Kernel loggers ("ERROR:tornado:...") and
# LaTeX ("LaTeX Warning: ...") are not Sphinx warnings; the LaTeX ones that matter,
# undefined references, are checked in the final LaTeX log.
SPHINX_WARNING = re.compile(r"(^|: )(WARNING|ERROR|CRITICAL|SEVERE): ")
LATEX_UNDEFINED = re.compile(r"(Reference|Citation) .* undefined|There were undefined")


@pytest.fixture(scope="module")
def built_book(tmp_path_factory):
    out = tmp_path_factory.mktemp("book")
    cache = tmp_path_factory.mktemp("cache")
    logs = {
        "html": build(out, cache=cache, builder="html"),
        "pdflatex": build(out, cache=cache, builder="pdflatex"),
    }
    return out / "_build", logs


def test_build_logs_have_no_warnings(built_book):
    _, logs = built_book
    for builder, log in logs.items():
        warnings = [line for line in log.splitlines() if SPHINX_WARNING.search(line)]
        assert warnings == [], f"{builder} build warned:\n" + "\n".join(warnings)


def test_final_latex_run_has_no_undefined_references(built_book):
    build_dir, _ = built_book
    (log,) = (build_dir / "latex").glob("*.log")  # the last latexmk pass
    text = log.read_text(encoding="utf-8", errors="replace")
    undefined = [line for line in text.splitlines() if LATEX_UNDEFINED.search(line)]
    assert undefined == [], "\n".join(undefined)


def test_html_has_every_chapter(built_book):
    build_dir, _ = built_book
    site = build_dir / "html"
    assert (site / "index.html").is_file()
    for page in ["book/intro", "notebooks/01_corpus", "notebooks/02_tokens",
                 "notebooks/03_terms", "notebooks/04_entities", "notebooks/05_framing",
                 "notebooks/06_compare", "book/findings", "book/methods", "notebooks/90_lexicons",
                 "notebooks/92_reproducibility", "notebooks/93_data", "book/references",
                 "notebooks/80_rerun", "notebooks/91_cite", "book/changelog"]:  # fmt: skip
        assert (site / f"{page}.html").is_file(), page
    tokens_page = (site / "notebooks/02_tokens.html").read_text(encoding="utf-8")
    assert tokens_page.count("<img") >= 2  # the POS and sentence-length figures
    assert "Fig. 1" in tokens_page and "Fig. 2" in tokens_page  # numbered captions


def test_glued_token_count_matches_tokens_table(built_book):
    build_dir, _ = built_book
    tables = pipeline.analyze(SEEDS, use_cache=False)
    n_tokens = len(tables["tokens"])
    intro = glued(build_dir / "html/book/intro.html")
    assert f"{n_tokens:,}" in intro
    assert glue_values(build_dir, "02_tokens")["tokens_n_tokens"] == str(n_tokens)
    assert f"{n_tokens:,}" in glued(build_dir / "html/notebooks/02_tokens.html")
    n_articles = glue_values(build_dir, "01_corpus")["corpus_n_articles"]
    assert n_articles == str(len(tables["articles"]))


def test_article_text_is_shown_escaped(built_book):
    build_dir, _ = built_book
    page = (build_dir / "html/notebooks/01_corpus.html").read_text(encoding="utf-8")
    assert "¶" in page and 'class="nf-sent"' in page
    assert "imperialists’ &quot;arbitrary practices,&quot;" in page


def test_terms_chapter_links_the_tables_the_cli_writes(built_book, tmp_path):
    build_dir, _ = built_book
    site = build_dir / "html"
    page = (site / "notebooks/03_terms.html").read_text(encoding="utf-8")
    assert page.count("<img") >= 3  # top terms, keywords, dispersion
    from newsframes.__main__ import main

    assert main(["analyze", str(SEEDS), "--out", str(tmp_path), "--no-cache", "--quiet"]) == 0
    for name in ["terms", "ngrams", "collocations", "keyness"]:
        assert f'href="../data/{name}.csv"' in page
        assert (site / "data" / f"{name}.csv").read_bytes() == (
            tmp_path / f"{name}.csv"
        ).read_bytes()
    keyness = pd.read_csv(tmp_path / "keyness.csv")
    top = keyness.sort_values("ll", ascending=False).iloc[0]
    assert glue_values(build_dir, "03_terms")["terms_top_keyword"] == top["term"]
    assert 'class="nf-kwic-key"><strong>imperialists</strong>' in page


def test_entities_chapter_shows_the_evaluation(built_book):
    build_dir, _ = built_book
    site = build_dir / "html"
    page = (site / "notebooks/04_entities.html").read_text(encoding="utf-8")
    values = glue_values(build_dir, "04_entities")
    tables = pipeline.analyze(SEEDS, use_cache=False)
    names = tables["entities"][tables["entities"]["mention"] != "role"]
    assert values["entities_n_mentions"] == str(len(names))
    seed, _ = evaluation.evaluate_entities(names, chapters.SEED_GOLD.gold("entities"))
    assert values["entities_seed_result"] == evaluation.f1_summary(seed)
    assert evaluation.f1_summary(seed).startswith("F1 ")  # the seed is annotated
    assert evaluation.f1_summary(seed) in glued(site / "notebooks/04_entities.html")
    assert "Every disagreement with the gold on the held-out articles" in page
    for name in ["entities", "actors", "cooccurrence"]:
        assert f'href="../data/{name}.csv"' in page
        assert (site / "data" / f"{name}.csv").is_file()
    assert page.count("<img") >= 1  # the network


def test_framing_headline_is_computed_and_on_the_findings_page(built_book):
    build_dir, _ = built_book
    site = build_dir / "html"
    tables = pipeline.analyze(SEEDS, use_cache=False)
    contrast = profiles.voice_contrast(tables["framing"], tables["tokens"]).set_index("source")
    sources = f"{contrast.loc['sources', 'rate']:.1f}"
    outlet = f"{contrast.loc['outlet', 'rate']:.1f}"
    values = glue_values(build_dir, "05_framing")
    assert float(values["framing_loaded_sources"]) == contrast.loc["sources", "rate"]
    findings = glued(site / "book/findings.html")
    assert sources in findings and outlet in findings
    page = (site / "notebooks/05_framing.html").read_text(encoding="utf-8")
    for mark in ["nf-loaded", "nf-quoted", "nf-reported"]:  # the marked text
        assert re.search(f'class="[^"]*{mark}', page), mark
    for name in ["quotes", "framing", "frames"]:
        assert f'href="../data/{name}.csv"' in page
    appendix = (site / "notebooks/90_lexicons.html").read_text(encoding="utf-8")
    assert "imperialis*" in appendix and "CC BY 4.0" in appendix


def test_one_outlet_gets_the_fallback_and_no_comparison_in_the_findings(built_book):
    build_dir, _ = built_book
    site = build_dir / "html"
    page = (site / "notebooks/06_compare.html").read_text(encoding="utf-8")
    assert "so outlets cannot be compared yet" in html.unescape(page)
    assert "narration vs " in html.unescape(page)  # the narration against its sources
    findings = (site / "book/findings.html").read_text(encoding="utf-8")
    assert "How the outlets differ" not in findings and "only with several" not in findings


def test_version_commit_and_fingerprint_are_shown(built_book):
    build_dir, _ = built_book
    site = build_dir / "html"
    fingerprint = corpus.corpus_fingerprint(corpus.read_corpus(SEEDS).articles_table())[:16]
    commit = publication.git_commit()
    landing = (site / "book/intro.html").read_text(encoding="utf-8")
    assert f"version {__version__}" in landing and fingerprint in landing and commit in landing
    for page in ["notebooks/01_corpus.html", "notebooks/05_framing.html"]:  # the footer
        text = (site / page).read_text(encoding="utf-8")
        assert f"Version {__version__} · commit {commit}" in text and fingerprint in text
    pdf = build_dir / "latex" / f"newsframes-{__version__}.pdf"
    first = PdfReader(pdf).pages[0].extract_text()
    assert __version__ in first and fingerprint in first and commit in first


def test_cite_page_bibtex_parses(built_book):
    build_dir, _ = built_book
    page = (build_dir / "html/notebooks/91_cite.html").read_text(encoding="utf-8")
    block = html.unescape(re.search(r'<pre class="nf-pre">(@software.*?)</pre>', page, re.S)[1])
    entry = parse_string(block, "bibtex").entries["newsframes"]
    assert entry.fields["version"] == __version__
    changelog = (build_dir / "html/book/changelog.html").read_text(encoding="utf-8")
    assert "Unreleased" in changelog


def test_data_and_reproducibility_appendices(built_book):
    build_dir, _ = built_book
    site = build_dir / "html"
    data = (site / "notebooks/93_data.html").read_text(encoding="utf-8")
    for name in pipeline.TABLES:  # the seed's tables are small: plain CSV, and Parquet
        for f in [f"{name}.csv", f"{name}.parquet"]:
            assert f'href="../data/{f}"' in data and (site / "data" / f).is_file(), f
    assert sorted(p.name for p in (site / "data").iterdir()) == sorted(
        f"{name}.{kind}" for name in pipeline.TABLES for kind in ("csv", "parquet")
    )
    assert "too large for the web book" not in html.unescape(data).lower()
    footer = "full tables: the site's data/ folder (listed in the appendix 'the data')"
    assert footer in html.unescape((site / "book/intro.html").read_text(encoding="utf-8"))
    repro = (site / "notebooks/92_reproducibility.html").read_text(encoding="utf-8")
    index = publication.glue_index()
    for row in index.itertuples():
        assert f"<td>{row.key}</td>" in repro, row.key
        assert row.key in glue_values(build_dir, row.notebook.removesuffix(".ipynb")), row.key


def test_pdf_has_one_bibliography_and_no_empty_references_chapter(built_book):
    build_dir, _ = built_book
    (pdf,) = (build_dir / "latex").glob("*.pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "REFERENCES" not in text  # the web book's references page is left out of the PDF
    squeezed = "".join(text.split())  # pypdf drops some spaces
    assert "[Dunning1993]" in squeezed and "[KissandStrunk2006]" in squeezed  # author-year


def test_pdf_has_pages_and_the_chapters(built_book):
    build_dir, _ = built_book
    pdfs = list((build_dir / "latex").glob("*.pdf"))
    assert len(pdfs) == 1, pdfs
    reader = PdfReader(pdfs[0])
    assert len(reader.pages) > 5
    text = "\n".join(page.extract_text() for page in reader.pages)
    for heading in ["THE CORPUS", "SENTENCES AND TOKENS", "TERMS", "ENTITIES AND ACTORS",
                    "FRAMING LANGUAGE BY VOICE", "COMPARING OUTLETS", "FINDINGS", "METHODS",
                    "APPENDIX: THE LEXICONS", "APPENDIX: REPRODUCIBILITY",
                    "RERUN IT ON YOUR ARTICLES", "HOW TO CITE THIS BOOK",
                    "CHANGELOG"]:  # fmt: skip
        assert heading in text.upper()
    n_tokens = len(pipeline.analyze(SEEDS, use_cache=False)["tokens"])
    assert f"counts {n_tokens:,} tokens" in " ".join(text.split())
    images = sum(len(page.images) for page in reader.pages)
    assert images >= 7  # tokens 2, terms 3, entities 1, framing 1


ADDED = """date 2023-09-15
SEOUL, September 15. /Yonhap/. South Korea's foreign ministry voiced concern on Friday
about the summit, a spokesman said.
"""


def test_book_is_never_stale(tmp_path, built_book):
    """Adding an article to the seeds folder and rebuilding shows it; a rebuild with
    no change executes no notebook. The first build, from a copy of the seeds with
    fresh caches, glues the same values on every page as the module's build."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for f in SEEDS.glob("*.txt"):
        shutil.copy2(f, seeds / f.name)
    out, cache = tmp_path / "out", tmp_path / "cache"

    build(out, seeds=seeds, cache=cache)
    first_site, reference = out / "_build/html", built_book[0] / "html"
    for page in sorted(reference.rglob("*.html")):
        same = first_site / page.relative_to(reference)
        assert glued(same) == glued(page), page.relative_to(reference)  # deterministic
    corpus_page = out / "_build/html/notebooks/01_corpus.html"
    n_before = int(glue_values(out / "_build", "01_corpus")["corpus_n_articles"])
    assert "zzz_added_article" not in corpus_page.read_text(encoding="utf-8")

    (seeds / "zzz_added_article.txt").write_text(ADDED, encoding="utf-8")
    log = build(out, seeds=seeds, cache=cache)
    assert "Executing notebook" in log
    assert int(glue_values(out / "_build", "01_corpus")["corpus_n_articles"]) == n_before + 1
    assert "zzz_added_article" in corpus_page.read_text(encoding="utf-8")
    n_tokens = len(pipeline.analyze(seeds, cache_dir=cache)["tokens"])
    assert f"{n_tokens:,}" in glued(out / "_build/html/book/intro.html")

    log = build(out, seeds=seeds, cache=cache)
    assert "Executing notebook" not in log


SCRIPTS = """date 2023-09-16
MOSCOW, September 16. /TASS/. The Kremlin welcomed the summit, the agency said. North
Korea's KCNA called it "조선과 로씨야의 친선" and Russian media wrote "встреча в верхах"
about the meeting.
"""


def test_cyrillic_and_hangul_render_in_the_pdf(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "scripts.txt").write_text(SCRIPTS, encoding="utf-8")
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(out, seeds=seeds, cache=cache, builder="pdflatex")
    (pdf,) = (out / "_build/latex").glob("*.pdf")
    text = "".join("".join(page.extract_text().split()) for page in PdfReader(pdf).pages)
    assert "조선과" in text and "встреча" in text
    log = next((out / "_build/latex").glob("*.log")).read_text(encoding="utf-8", errors="replace")
    assert "Missing character" not in log


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_standalone_with_the_values_of_the_build(
    path, built_book, tmp_path, monkeypatch
):
    """Each notebook, run top to bottom on its own in a fresh project kernel from the
    notebooks/ folder (no book build, the seeds folder from the default, a fresh cache),
    glues exactly the values the book build glued."""
    monkeypatch.delenv("NEWSFRAMES_SEEDS", raising=False)
    monkeypatch.setenv("NEWSFRAMES_CACHE", str(tmp_path / "cache"))
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, kernel_name=KERNEL, timeout=900, resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    standalone = chapters.glued_in(nb)
    # myst-nb keeps the build's glued outputs beside the executed notebook
    saved = built_book[0] / "jupyter_execute" / "notebooks" / f"{path.stem}.glue.json"
    glue_file = json.loads(saved.read_text(encoding="utf-8")) if saved.exists() else {}
    in_build = {name: output["data"]["text/plain"] for name, output in glue_file.items()}
    assert standalone == in_build
    assert standalone or "glue(" not in path.read_text(encoding="utf-8")  # not vacuous


def test_rerun_guide_shows_the_real_loader_messages(built_book):
    """The guide's example folder is read by the real loader: its problems table is on
    the page, with the remedies, and its counts are glued."""
    page = built_book[0] / "html" / "notebooks" / "80_rerun.html"
    text = html.unescape(page.read_text(encoding="utf-8"))
    for message in ["iconv -f CP1251 -t UTF-8", "the file is empty", "same content as",
                    "not a valid YYYY-MM-DD date", "no header", "not a .txt file"]:  # fmt: skip
        assert message in text, message
    values = glued(page)
    assert len(values) >= 8 and all(values)
