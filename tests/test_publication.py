"""The book as a publication: one version source, citation formats, release, the glue
index, and CITATION.cff validated by cffconvert."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pandas as pd
import pytest
from pybtex.database import parse_string

from newsframes import __version__
from newsframes.analysis import cache, paths, pipeline
from newsframes.book import publication, render, sphinxext

ROOT = paths.PROJECT_ROOT
CFFCONVERT = ROOT / ".venv-cff" / "bin" / "cffconvert"


def test_version_has_one_source():
    cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert re.search(rf"^version: {re.escape(__version__)}$", cff, re.M)
    assert publication.version() == __version__
    for path in ["pyproject.toml", "newsframes/__init__.py", "_config.yml"]:
        assert __version__ not in (ROOT / path).read_text(encoding="utf-8"), path


def test_citation_validates_with_cffconvert():
    assert CFFCONVERT.is_file(), "cffconvert missing: run `make setup` (it creates .venv-cff)"
    proc = subprocess.run([str(CFFCONVERT), "--validate", "-i", str(ROOT / "CITATION.cff")],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_bibtex_parses_and_carries_the_version():
    entry = parse_string(publication.bibtex(), "bibtex").entries["newsframes"]
    cff = publication.citation()
    assert entry.type == "software"
    assert entry.fields["version"] == str(cff["version"])
    assert entry.fields["title"].strip("{}") == cff["title"]
    assert entry.fields["year"] == str(cff["date-released"])[:4]


def test_apa_names_title_version_and_year():
    cff = publication.citation()
    text = publication.apa()
    assert cff["title"] in text and f"(Version {cff['version']})" in text
    assert f"({str(cff['date-released'])[:4]})" in text


def _release_copy(tmp_path):
    for name in ["CITATION.cff", "CHANGELOG.md"]:
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def test_release_sets_version_and_dates_the_changelog(tmp_path):
    root = _release_copy(tmp_path)
    major, minor, patch = (int(x) for x in __version__.split("."))
    new = f"{major}.{minor}.{patch + 1}"
    publication.release(new, today="2030-01-02", root=root)
    cff = (root / "CITATION.cff").read_text(encoding="utf-8")
    assert f"version: {new}\n" in cff and "date-released: 2030-01-02\n" in cff
    log = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    assert log.index("## Unreleased") < log.index(f"## {new} (2030-01-02)")
    assert log.count("## Unreleased") == 1


@pytest.mark.parametrize("bad", ["1.0", "v1.2.3", "0.0.1", __version__])
def test_release_refuses_bad_or_older_versions(tmp_path, bad):
    root = _release_copy(tmp_path)
    before = (root / "CITATION.cff").read_bytes()
    with pytest.raises(ValueError):
        publication.release(bad, root=root)
    assert (root / "CITATION.cff").read_bytes() == before


def test_make_release_commits_and_tags(tmp_path):
    """`make release` in a clone: the version changes in one place, a commit and a tag."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, timeout=120)
    if not (clone / "Makefile").is_file():
        pytest.fail("the repository has no commit with a Makefile to clone")
    for venv in [".venv", ".venv-cff"]:
        os.symlink(ROOT / venv, clone / venv)
    if not (clone / ".venv" / ".installed").exists():
        pytest.fail("run `make setup` first")
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")  # fmt: skip
    major, minor, _ = (int(x) for x in __version__.split("."))
    new = f"{major}.{minor + 1}.0"
    proc = subprocess.run(["make", "-s", "-o", ".venv/.installed", "-o", ".venv-cff/.installed",
                           "release", f"VERSION={new}"], cwd=clone, env=env,
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    tags = subprocess.run(["git", "tag"], cwd=clone, capture_output=True, text=True).stdout
    assert f"v{new}" in tags.split()
    assert f"version: {new}" in (clone / "CITATION.cff").read_text(encoding="utf-8")
    assert f"version: {__version__}" in (ROOT / "CITATION.cff").read_text(encoding="utf-8")


def test_every_cited_glue_key_has_one_producing_notebook():
    index = publication.glue_index(ROOT / "notebooks", ROOT / "book")
    assert not index["key"].duplicated().any(), index[index["key"].duplicated(keep=False)]
    assert (index["notebook"] != "none").all(), index[index["notebook"] == "none"]
    cited = set()
    for page in [*ROOT.glob("book/*.md"), *ROOT.glob("notebooks/*.ipynb")]:
        text = page.read_text("utf-8")
        cited |= set(re.findall(r"\{glue:text\}`(?:[^`:]*::)?([A-Za-z0-9_]+)", text))
    assert set(index["key"]) == cited
    assert len(index) > 100
    framing = index.set_index("key").loc["framing_h2_found"]
    assert (framing["notebook"], framing["function"]) == (
        "05_framing.ipynb",
        "chapters.framing_chapter",
    )


def test_glue_index_names_no_producer_for_an_unknown_prefix(tmp_path):
    (tmp_path / "page.md").write_text("{glue:text}`nowhere_n`\n", encoding="utf-8")
    index = publication.glue_index(ROOT / "notebooks", tmp_path)
    assert index.set_index("key").loc["nowhere_n"].tolist() == ["none", "none"]


def test_environment_lists_the_pinned_packages():
    env = publication.environment().set_index("component")["version"]
    assert env["nltk"] != "not installed" and env["jupyter-book"].startswith("1.")


# ------------------------------------------------- sections shown only with several groups

PAGE = (
    "# Findings\n\nIntro.\n\n<!-- only with several groups -->\n## How the outlets differ\n\n"
    "Text.\n<!-- end: only with several groups -->\n\n## Next\n"
)


@pytest.mark.parametrize(
    ("groups", "expected"),
    [
        (1, "# Findings\n\nIntro.\n\n\n\n## Next\n"),
        (3, "# Findings\n\nIntro.\n\n\n## How the outlets differ\n\nText.\n\n\n## Next\n"),
    ],
)
def test_a_block_for_several_groups_is_dropped_or_unmarked(monkeypatch, groups, expected):
    from newsframes.book import sphinxext

    monkeypatch.setattr(sphinxext, "n_groups", lambda seeds=None: groups)
    source = [PAGE]
    sphinxext._several_groups_only(None, "book/findings", source)
    assert source == [expected]


def test_n_groups_counts_the_groups_of_the_seeds_folder(make_seeds, monkeypatch):
    from newsframes.book import sphinxext

    wire = "date 2024-03-01\nSEOUL, March 1. /{}/. Officials met.\n"
    folder = make_seeds({"a.txt": wire.format("Yonhap").encode(),
                         "b.txt": wire.format("TASS").encode()})  # fmt: skip
    monkeypatch.delenv("NEWSFRAMES_COMPARE_BY", raising=False)
    assert sphinxext.n_groups(folder) == 2
    monkeypatch.setenv("NEWSFRAMES_COMPARE_BY", "month")
    assert sphinxext.n_groups(folder) == 1
    monkeypatch.setenv("NEWSFRAMES_COMPARE_BY", "position")
    assert sphinxext.n_groups(folder) == 2


def test_write_downloads_follows_the_size_rule_and_removes_old_files(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "stale.csv").write_text("from an earlier build")
    small = pd.DataFrame({"word": ["a", "b"], "n": [2, 1]})
    medium = pd.DataFrame({"n": range(render.DOWNLOAD_PLAIN_MAX_ROWS + 1)})
    large = pd.DataFrame({"n": range(render.DOWNLOAD_MAX_ROWS + 1)})
    sphinxext.write_downloads({"small": small, "medium": medium, "large": large}, folder)
    assert sorted(p.name for p in folder.iterdir()) == [
        "medium.csv.gz", "medium.parquet", "small.csv", "small.parquet"
    ]  # fmt: skip
    assert (folder / "small.csv").read_text() == "word,n\na,2\nb,1\n"
    pd.testing.assert_frame_equal(pd.read_parquet(folder / "medium.parquet"), medium)
    assert pd.read_csv(folder / "medium.csv.gz")["n"].tolist() == medium["n"].tolist()


def test_write_downloads_of_cached_tables_never_decodes_a_table_too_large(tmp_path, monkeypatch):
    """From a corpus's cache entry (pipeline.Tables), a table too large for the site is
    counted from the manifest and never decoded, and each table written is not kept."""
    tables = {
        "terms": pd.DataFrame({"term": ["a", "b"], "n": [2, 1]}),
        "keyness": pd.DataFrame({"n": range(render.DOWNLOAD_PLAIN_MAX_ROWS + 1)}),
        "tokens": pd.DataFrame({"n": range(render.DOWNLOAD_MAX_ROWS + 1)}),
    }
    entry_path = tmp_path / "entry.zip"
    cache.write(entry_path, tables)
    decoded = []
    real_table = cache.Entry.table

    def recording(self, name, columns=None):
        decoded.append(name)
        return real_table(self, name, columns)

    monkeypatch.setattr(cache.Entry, "table", recording)
    lazy = pipeline.Tables({}, cache.Entry(entry_path))
    assert list(lazy) == ["tokens", "terms", "keyness"]  # the order of pipeline.TABLES
    sphinxext.write_downloads(lazy, tmp_path / "data")
    assert sorted(decoded) == ["keyness", "terms"]
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == [
        "keyness.csv.gz", "keyness.parquet", "terms.csv", "terms.parquet"
    ]  # fmt: skip
    assert (tmp_path / "data" / "terms.csv").read_text() == "term,n\na,2\nb,1\n"
    assert lazy.n_rows("tokens") == render.DOWNLOAD_MAX_ROWS + 1 and decoded.count("tokens") == 0
    assert lazy["terms"].equals(tables["terms"]) and decoded.count("terms") == 2


def test_the_scale_figure_is_drawn_once_and_rewritten_only_when_the_runs_change(tmp_path):
    runs = tmp_path / "scale.csv"
    table = pd.read_csv(ROOT / "benchmarks" / "scale.csv")
    table.to_csv(runs, index=False)
    png = tmp_path / "out" / "scale.png"
    assert sphinxext.draw_scale(png, runs) is True
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert sphinxext.draw_scale(png, runs) is False  # same bytes: not rewritten
    table.loc[table.index[-1], "site_mb"] *= 2
    table.to_csv(runs, index=False)
    assert sphinxext.draw_scale(png, runs) is True
