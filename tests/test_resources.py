"""The declared NLTK data packages (newsframes.analysis.resources)."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace

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


# ------------------------------------------------------------------ remembered places


@pytest.fixture
def recalled(monkeypatch):
    """A module with nothing recalled yet, whatever a test recalls."""
    monkeypatch.setattr(resources, "_RECALLED", {})
    return resources._RECALLED


@pytest.fixture
def two_folders(nltk_path, monkeypatch):
    """NLTK searches an empty folder, then one with every package (faked)."""
    data, _ = nltk_path
    first = data.parent / "searched-first"
    first.mkdir()
    for pkg in resources.NLTK_PACKAGES:
        fake_package(data, pkg)
    monkeypatch.setattr(nltk.data, "path", [str(first), str(data)])
    return first, data


def test_a_record_is_recalled_while_nothing_nltk_looks_at_changed(two_folders, recalled, tmp_path):
    memos = tmp_path / "memos"
    asked = {pkg.id: resources._package_path(pkg) for pkg in resources.NLTK_PACKAGES}
    resources.remember(memos)
    assert [f.name for f in memos.iterdir()] == [resources.memo_file(memos).name]
    assert recalled == {}
    assert resources.recall(memos)
    assert recalled == asked
    assert all(path.is_relative_to(two_folders[1]) for path in recalled.values())


def _changes(first: Path, data: Path):
    """Changes after which NLTK's search may find other data, or none."""
    brown = next(p for p in resources.NLTK_PACKAGES if p.id == "brown")
    inside = data / brown.resource / "data.txt"
    yield "a package in a folder searched before", lambda: fake_package(first, brown)
    yield "a package removed", lambda: shutil.rmtree(data / brown.resource)
    yield "a package file instead of its folder", lambda: (data / "corpora/brown.zip").touch()
    yield "a folder's permissions", lambda: _toggle(data / "corpora", 0o020)
    yield "a folder above", lambda: _toggle(first.parent, 0o020)
    yield "a folder replaced by a link", lambda: _relink(data / "sentiment")
    yield "a file's permissions inside a package", lambda: _toggle(inside, 0o020)
    yield "a file added inside a package", lambda: inside.with_name("more.txt").write_text("x")


def _toggle(path: Path, bit: int) -> None:
    path.chmod(path.stat().st_mode ^ bit)


def _relink(folder: Path) -> None:
    moved = folder.with_name(folder.name + "-moved")
    folder.rename(moved)
    folder.symlink_to(moved)


@pytest.mark.parametrize("change", [name for name, _ in _changes(Path(), Path())])
def test_a_record_is_not_recalled_when_the_search_could_find_other_data(
    two_folders, recalled, tmp_path, change
):
    memos = tmp_path / "memos"
    resources.remember(memos)
    dict(_changes(*two_folders))[change]()
    assert not resources.recall(memos)
    assert recalled == {}


def test_a_zip_rewritten_in_place_before_the_found_place_is_noticed(
    two_folders, recalled, tmp_path
):
    """A zip that NLTK skips (it lacks the package) may hold it after a copy over it,
    which keeps its inode: its size and times tell."""
    first, _ = two_folders
    (first / "corpora").mkdir()
    zipped = first / "corpora/brown.zip"
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("other/data.txt", "x")
    memos = tmp_path / "memos"
    resources.remember(memos)
    assert resources.recall(memos)
    recalled.clear()
    inode = zipped.stat().st_ino
    with open(zipped, "r+b") as fh:  # in place: the same inode
        fh.truncate(0)
        with zipfile.ZipFile(fh, "w") as z:
            z.writestr("brown/data.txt", "y")
    assert zipped.stat().st_ino == inode
    assert not resources.recall(memos)
    assert recalled == {}


def test_a_record_with_relative_search_folders_is_recalled(
    nltk_path, recalled, tmp_path, monkeypatch
):
    """A search folder given as a relative path (NLTK_DATA=data) is compared by where it is."""
    data, _ = nltk_path
    for pkg in resources.NLTK_PACKAGES:
        fake_package(data, pkg)
    monkeypatch.chdir(data.parent)
    monkeypatch.setattr(nltk.data, "path", [os.path.join(".", data.name)])
    memos = tmp_path / "memos"
    resources.remember(memos)
    assert resources.recall(memos)
    assert all((data.parent / p).resolve().is_relative_to(data) for p in recalled.values())


def test_the_context_changes_with_nltks_own_files(tmp_path, monkeypatch):
    """NLTK's search is its code: a change to one of its files (by size or times) is a
    change of context, even under the same version."""
    code = tmp_path / "nltk"
    code.mkdir()
    (code / "__init__.py").write_text("")
    (code / "data.py").write_text("ENFORCE = True\n")
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec",
        lambda name, *a: SimpleNamespace(origin=str(code / "__init__.py")) if name == "nltk"
        else real(name, *a),
    )  # fmt: skip
    before = resources._context()
    assert resources._context() == before
    (code / "data.py").write_text("ENFORCE = False\n")
    assert resources._context() != before


def test_a_record_is_not_recalled_in_another_context(two_folders, recalled, tmp_path, monkeypatch):
    memos = tmp_path / "memos"
    resources.remember(memos)
    monkeypatch.setenv("NEWSFRAMES_TEST_OTHER_SHELL", "1")  # any variable: NLTK_DATA, HOME...
    assert not resources.recall(memos)
    monkeypatch.delenv("NEWSFRAMES_TEST_OTHER_SHELL")
    monkeypatch.chdir(tmp_path)  # another working folder
    assert not resources.recall(memos)
    assert recalled == {}


@pytest.mark.parametrize(
    "spoil",
    [
        lambda r: "{ not json",
        lambda r: json.dumps({**r, "format": "newsframes-nltk-places-0"}),
        lambda r: json.dumps({**r, "found": {**r["found"], "brown": ["corpora/other/", "/x"]}}),
        lambda r: json.dumps({k: v for k, v in r.items() if k != "evidence"}),
        lambda r: json.dumps({**r, "search": [1, 2]}),
        lambda r: json.dumps([r]),
        lambda r: json.dumps({**r, "found": {**r["found"], "brown": ["corpora/brown/", "/etc"]}}),
        lambda r: json.dumps({**r, "nltk": "0.0"}),
        lambda r: "[" * 200_000,
    ],
    ids=[
        "not JSON",
        "other format",
        "other resource",
        "no evidence",
        "bad search",
        "a list",
        "a place outside the search",
        "another NLTK version",
        "nested too deep",
    ],
)
def test_a_spoilt_record_is_not_recalled(two_folders, recalled, tmp_path, spoil):
    memos = tmp_path / "memos"
    resources.remember(memos)
    path = resources.memo_file(memos)
    path.write_text(spoil(json.loads(path.read_text(encoding="utf-8"))), encoding="utf-8")
    assert not resources.recall(memos)
    assert not resources.recall(tmp_path / "no-such-folder")
    assert recalled == {}


def test_the_fingerprint_from_recalled_places_is_nltks(
    two_folders, recalled, tmp_path, fresh_versions, monkeypatch
):
    memos = tmp_path / "memos"
    asked = resources.versions()
    resources.versions.cache_clear()
    resources.remember(memos)
    assert resources.recall(memos)

    def no_search(*args, **kwargs):
        raise AssertionError("NLTK was asked")

    monkeypatch.setattr(nltk.data, "find", no_search)
    assert resources.missing() == []
    assert resources.versions() == asked


def test_check_after_a_recall_still_puts_the_local_folder_on_nltks_search_path(
    two_folders, recalled, tmp_path
):
    """A module that imports NLTK after a recall (to analyze a changed article) calls
    check() before reading data: the project-local folder, where make setup puts the
    data, must then be on NLTK's search path, as without a recall."""
    memos = tmp_path / "memos"
    resources.remember(memos)
    assert resources.recall(memos)
    local = str(resources.LOCAL_NLTK_DATA)
    nltk.data.path.remove(local)  # as NLTK's search path is when first imported
    resources.check()
    assert nltk.data.path[-1] == local


def test_only_the_newest_records_are_kept(two_folders, tmp_path, monkeypatch):
    memos = tmp_path / "memos"
    for i in range(resources.MEMOS_KEPT + 3):
        monkeypatch.setenv("NEWSFRAMES_TEST_SHELL", str(i))
        resources.remember(memos)
        os.utime(resources.memo_file(memos), ns=(i * 10**9, i * 10**9))
    kept = sorted(memos.iterdir())
    assert len(kept) == resources.MEMOS_KEPT
    assert resources.memo_file(memos) in kept  # the newest
    monkeypatch.setenv("NEWSFRAMES_TEST_SHELL", "0")
    assert resources.memo_file(memos) not in kept  # the oldest


def test_an_unwritable_memo_folder_is_no_error(two_folders, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    resources.remember(blocker / "memos")  # cannot be made: nothing recorded, no error
    assert not (blocker / "memos").exists()


_CHECK = """
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace
from newsframes.analysis import resources
memo = Path(sys.argv[1]) if len(sys.argv) > 1 else None
resources.check(memo=memo)
print("nltk" in sys.modules, resources.versions())
"""


def test_check_with_a_memo_spares_a_new_process_importing_nltk(tmp_path):
    """The first process asks NLTK and records the places; the next one recalls them
    without importing NLTK, and its fingerprint is the one NLTK's own search gives."""
    memos = tmp_path / "memos"

    def run(*args) -> list[str]:
        done = subprocess.run([sys.executable, "-c", _CHECK, *args], capture_output=True,
                              text=True, cwd=tmp_path, check=True, timeout=300)  # fmt: skip
        return done.stdout.split()

    first = run(str(memos))
    assert first[0] == "True" and len(list(memos.iterdir())) == 1
    second = run(str(memos))
    assert second == ["False", first[1]]
    assert run() == first  # no memo: NLTK asked
