"""The declared NLTK data packages (newsframes.analysis.resources)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import nltk
import pytest

from newsframes.analysis import resources

pytestmark = pytest.mark.usefixtures("project_folders_untouched", "isolated_env")

IDS = [p.id for p in resources.NLTK_PACKAGES]
# What the analysis uses today: each of these must stay declared.
REQUIRED = {
    "punkt_tab": "tokenizers/punkt_tab/english/",
    "averaged_perceptron_tagger_eng": "taggers/averaged_perceptron_tagger_eng/",
    "stopwords": "corpora/stopwords/",
    "brown": "corpora/brown/",
    "opinion_lexicon": "corpora/opinion_lexicon/",
    "vader_lexicon": "sentiment/vader_lexicon/",
}


@pytest.fixture
def fresh_versions():
    """Clears the cached fingerprint before and after, so that a test on fake data
    leaves no fake fingerprint behind for the pipeline tests."""
    resources.versions.cache_clear()
    yield
    resources.versions.cache_clear()


@pytest.fixture
def nltk_path(monkeypatch, tmp_path):
    """NLTK searches only a new empty tmp folder (and a tmp project-local folder)."""
    data = tmp_path / "nltk_data"
    data.mkdir()
    local = tmp_path / "project-local-nltk-data"
    monkeypatch.setenv("NLTK_DATA", str(data))
    monkeypatch.setattr(nltk.data, "path", [str(data)])
    monkeypatch.setattr(resources, "LOCAL_NLTK_DATA", local)
    return data, local


def fake_package(root: Path, pkg: resources.NltkPackage, content: bytes = b"x") -> None:
    folder = root / pkg.resource
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "data.txt").write_bytes(content)


def test_declared_packages():
    declared = {p.id: p.resource for p in resources.NLTK_PACKAGES}
    assert len(declared) == len(resources.NLTK_PACKAGES)  # no id declared twice
    assert {i: declared.get(i) for i in REQUIRED} == REQUIRED
    for pkg in resources.NLTK_PACKAGES:
        assert pkg.resource.endswith("/") and pkg.purpose
    brown = next(p for p in resources.NLTK_PACKAGES if p.id == "brown")
    assert "keyness" in brown.purpose


def test_check_passes_with_the_real_data():
    assert resources.missing() == []
    resources.check()


def test_check_names_every_missing_package(nltk_path):
    _, local = nltk_path
    assert [p.id for p in resources.missing()] == IDS
    with pytest.raises(LookupError) as exc:
        resources.check()
    message = str(exc.value)
    for pkg in resources.NLTK_PACKAGES:
        assert f"{pkg.id} ({pkg.resource})" in message
    assert f"python -m nltk.downloader -d {local} {' '.join(IDS)}" in message
    assert "make setup" in message and "NLTK_DATA" in message


@pytest.mark.parametrize("present", REQUIRED)
def test_check_names_only_the_missing_packages(nltk_path, present):
    data, local = nltk_path
    (pkg,) = [p for p in resources.NLTK_PACKAGES if p.id == present]
    fake_package(data, pkg)
    gone = [i for i in IDS if i != present]
    assert [p.id for p in resources.missing()] == gone
    with pytest.raises(LookupError) as exc:
        resources.check()
    message = str(exc.value)
    for pkg_id in gone:
        assert f"- {pkg_id} (" in message
    assert f"- {present} (" not in message
    assert f"python -m nltk.downloader -d {local} {' '.join(gone)}`" in message


def test_project_local_folder_is_searched(nltk_path):
    _, local = nltk_path
    for pkg in resources.NLTK_PACKAGES:
        fake_package(local, pkg)
    resources.check()
    assert nltk.data.path[-1] == str(local)


def test_ensure_downloads_the_missing_packages_into_the_local_folder(
    nltk_path, monkeypatch, capsys
):
    data, local = nltk_path
    fake_package(data, resources.NLTK_PACKAGES[0])
    calls = []

    def fake_download(pkg_id, download_dir, **kwargs):
        calls.append((pkg_id, download_dir))
        (pkg,) = [p for p in resources.NLTK_PACKAGES if p.id == pkg_id]
        fake_package(Path(download_dir), pkg)
        return True

    monkeypatch.setattr(nltk, "download", fake_download)
    resources.ensure()
    assert calls == [(i, str(local)) for i in IDS[1:]]
    assert resources.missing() == []
    err = capsys.readouterr().err
    assert "downloading NLTK package averaged_perceptron_tagger_eng" in err


def test_ensure_still_fails_when_the_download_fails(nltk_path, monkeypatch, capsys):
    monkeypatch.setattr(nltk, "download", lambda *a, **k: False)
    with pytest.raises(LookupError, match="stopwords"):
        resources.ensure(quiet=True)
    assert capsys.readouterr().err == ""


def test_versions_is_stable(fresh_versions):
    first = resources.versions()
    resources.versions.cache_clear()
    second = resources.versions()
    assert first == second
    assert re.fullmatch(r"[0-9a-f]{64}", first)


def test_versions_depends_on_the_data(nltk_path, fresh_versions):
    data, _ = nltk_path
    for pkg in resources.NLTK_PACKAGES:
        fake_package(data, pkg, b"one")
    one = resources.versions()
    resources.versions.cache_clear()
    fake_package(data, resources.NLTK_PACKAGES[1], b"two")
    two = resources.versions()
    assert one != two


def test_versions_raises_without_data(nltk_path, fresh_versions):
    with pytest.raises(LookupError):
        resources.versions()


def test_tree_digest(tmp_path):
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    (tree / "a.txt").write_bytes(b"a")
    (tree / "sub" / "b.txt").write_bytes(b"b")
    first = resources._tree_digest(tree)
    assert resources._tree_digest(tree) == first
    (tree / "sub" / "b.txt").write_bytes(b"B")
    changed = resources._tree_digest(tree)
    assert changed != first
    (tree / "sub" / "b.txt").rename(tree / "sub" / "c.txt")
    assert resources._tree_digest(tree) not in (first, changed)
    single = tmp_path / "single.zip"
    single.write_bytes(b"zip bytes")
    assert resources._tree_digest(single) == hashlib.sha256(b"zip bytes").hexdigest()
