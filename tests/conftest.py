"""Shared fixtures: paths of the real seed, tmp seeds folders, and guards that no
test writes into the project's ``seeds/`` or ``.cache/`` folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = PROJECT_ROOT / "seeds"
SEED_FILE = SEEDS_DIR / "000_286880e8d33f647d.txt"
PROJECT_CACHE = PROJECT_ROOT / ".cache"

# Three small articles: datelines, curly quotes and apostrophes, and one without a header
# (a warning in the problems table). Used by the pipeline and the CLI tests.
SMALL = {
    "a.txt": b"date 2023-09-14\nTOKYO, Sept. 14. /TASS/. Putin met Kim. They talked.",
    "b.txt": "date 2023-09-15\nMOSCOW, September 15. /TASS/. Kim’s train left.\n\n"
    "“It was fine,” he said.".encode(),
    "c.txt": b"No header. Just U.S. news - and more.\n\nSecond paragraph here.",
}


def snapshot(folder: Path) -> dict[str, bytes] | None:
    """Every file under ``folder`` (relative path -> bytes); ``None`` if it is absent."""
    if not folder.exists():
        return None
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def stat_listing(folder: Path) -> list[tuple[str, int, int]] | None:
    """Every file under ``folder`` as (relative path, size, mtime); ``None`` if absent."""
    if not folder.exists():
        return None
    return [
        (p.relative_to(folder).as_posix(), p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    ]


def read_bytes(folder: Path) -> dict[str, bytes]:
    """Every file directly in ``folder``: name -> bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


# The two fixtures below are not autouse, so that they do not change the environment
# of other test modules (e.g. the book build); the unit-test modules enable them with
# ``pytestmark = pytest.mark.usefixtures("project_folders_untouched", "isolated_env")``.


@pytest.fixture(scope="module")
def project_folders_untouched():
    """Fails (as a teardown error) if a test of the module changed seeds/ or .cache/."""
    seeds_before = snapshot(SEEDS_DIR)
    cache_before = stat_listing(PROJECT_CACHE)
    yield
    assert snapshot(SEEDS_DIR) == seeds_before, "a test changed the project's seeds/ folder"
    assert stat_listing(PROJECT_CACHE) == cache_before, "a test changed the project's .cache/"


@pytest.fixture
def isolated_env(monkeypatch, tmp_path):
    """Point the default seeds and cache folders away from the project, so that a test
    that forgets to pass one cannot touch the real folders; no Dask cluster unless a test
    names one."""
    monkeypatch.setenv("NEWSFRAMES_CACHE", str(tmp_path / "env-cache"))
    monkeypatch.setenv("NEWSFRAMES_SEEDS", str(tmp_path / "env-seeds-not-created"))
    monkeypatch.delenv("NEWSFRAMES_SCHEDULER", raising=False)


@pytest.fixture
def make_seeds(tmp_path):
    """``make_seeds({"a.txt": b"..."}, name="seeds")`` writes the files (bytes, or
    ``None`` for a sub-folder) into a new tmp folder and returns it."""

    def make(files: dict[str, bytes | None], name: str = "seeds") -> Path:
        folder = tmp_path / name
        folder.mkdir()
        for fname, data in files.items():
            if data is None:
                (folder / fname).mkdir()
            else:
                (folder / fname).write_bytes(data)
        return folder

    return make


@pytest.fixture
def seed_copy(tmp_path) -> Path:
    """A tmp seeds folder holding a copy of the real seed article."""
    folder = tmp_path / "seed-copy"
    folder.mkdir()
    shutil.copyfile(SEED_FILE, folder / SEED_FILE.name)
    return folder
