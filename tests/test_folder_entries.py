"""What a seeds folder can hold besides articles (an unpacked archive, a shared drive):
symbolic links, named pipes, sockets, devices, odd names and odd contents. Nothing
outside the folder is read, nothing blocks, every skipped entry is a problems row."""

from __future__ import annotations

import os
import signal
import socket
import stat

import pytest

from newsframes.analysis import corpus, pipeline
from newsframes.book import sphinxext

pytestmark = pytest.mark.usefixtures("project_folders_untouched", "isolated_env")

BODY = b"date 2023-09-14\nSEOUL, Sept. 14. /Yonhap/. The talks resumed, officials said."
OTHER = b"date 2023-09-15\nBEIJING, Sept. 15. /Xinhua/. Trade grew, the ministry said."
SECRET = b"secret-key-material 0123456789"


@pytest.fixture
def no_hang():
    """Fail instead of blocking for ever (a FIFO opened for reading blocks)."""

    def _alarm(signum, frame):
        raise TimeoutError("the loader blocked on an entry of the seeds folder")

    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def rows_of(corp, name):
    return corp.problems[corp.problems["source_file"] == name].to_dict("records")


def only_problem(corp, name):
    rows = rows_of(corp, name)
    assert len(rows) == 1, rows
    return rows[0]


def test_a_link_out_of_the_folder_is_not_read(make_seeds, tmp_path):
    secret = tmp_path / "private" / "id_rsa.txt"
    secret.parent.mkdir()
    secret.write_bytes(SECRET)
    folder = make_seeds({"ok.txt": BODY})
    (folder / "x.txt").symlink_to(secret)
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "up.txt").symlink_to("../private/id_rsa.txt")  # relative, still outside
    corp = corpus.read_corpus(folder)
    assert [a.source_file for a in corp.articles] == ["ok.txt"]
    for name in ["x.txt", "passwd.txt", "up.txt"]:
        row = only_problem(corp, name)
        assert row["severity"] == "error"
        assert "symbolic link to a file outside the seeds folder" in row["message"]
        assert "not read" in row["message"]
    assert not any("secret-key" in a.body or "root:" in a.body for a in corp.articles)


def test_a_link_out_of_the_folder_does_not_enter_the_execution_key(make_seeds, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_bytes(SECRET)
    folder = make_seeds({"ok.txt": BODY})
    (folder / "x.txt").symlink_to(outside)
    before = sphinxext.execution_key(folder)
    outside.write_bytes(SECRET + b" changed")
    assert sphinxext.execution_key(folder) == before  # its content was never read
    (folder / "new.txt").write_bytes(OTHER)
    assert sphinxext.execution_key(folder) != before


def test_a_link_to_an_article_of_the_folder_is_not_read_twice(make_seeds):
    folder = make_seeds({"a.txt": BODY})
    (folder / "b.txt").symlink_to("a.txt")
    corp = corpus.read_corpus(folder)
    assert [a.source_file for a in corp.articles] == ["a.txt"]
    row = only_problem(corp, "b.txt")
    assert row["severity"] == "warning" and "read under its own name" in row["message"]


def test_a_link_to_a_file_in_a_subfolder_is_read_once(make_seeds):
    folder = make_seeds({"archive": None})
    (folder / "archive" / "story.txt").write_bytes(OTHER)
    (folder / "story.txt").symlink_to("archive/story.txt")
    (folder / "again.txt").symlink_to(folder / "archive" / "story.txt")  # absolute, inside
    corp = corpus.read_corpus(folder)
    assert [(a.article_id, a.agency) for a in corp.articles] == [("again", "Xinhua")]
    assert "read once" in only_problem(corp, "again.txt")["message"]
    assert "already read as again.txt" in only_problem(corp, "story.txt")["message"]


@pytest.mark.parametrize("target", ["missing.txt", "loop.txt"])
def test_a_broken_or_looping_link_is_an_error(make_seeds, target):
    folder = make_seeds({"ok.txt": BODY})
    (folder / "loop.txt").symlink_to("loop.txt") if target == "loop.txt" else None
    (folder / "bad.txt").symlink_to(target)
    corp = corpus.read_corpus(folder)
    assert [a.source_file for a in corp.articles] == ["ok.txt"]
    row = only_problem(corp, "bad.txt")
    assert row["severity"] == "error" and "leads nowhere" in row["message"]


def test_a_link_to_a_folder_is_ignored(make_seeds):
    folder = make_seeds({"ok.txt": BODY, "sub": None})
    (folder / "sub.txt").symlink_to("sub")
    corp = corpus.read_corpus(folder)
    assert [a.source_file for a in corp.articles] == ["ok.txt"]
    assert "a folder" in only_problem(corp, "sub.txt")["message"]


def test_a_named_pipe_is_skipped_without_opening_it(make_seeds, no_hang):
    folder = make_seeds({"ok.txt": BODY})
    os.mkfifo(folder / "something.txt")
    (folder / "pipe-link.txt").symlink_to("something.txt")
    corp = corpus.read_corpus(folder)
    assert [a.source_file for a in corp.articles] == ["ok.txt"]
    row = only_problem(corp, "something.txt")
    assert row["severity"] == "error"
    assert "named pipe (FIFO)" in row["message"] and "not opened" in row["message"]
    assert "named pipe" in only_problem(corp, "pipe-link.txt")["message"]
    sphinxext.execution_key(folder)  # the book's key does not block either


def test_analyze_does_not_block_on_a_named_pipe(make_seeds, tmp_path, no_hang):
    folder = make_seeds({"ok.txt": BODY})
    os.mkfifo(folder / "fifo.txt")
    tables = pipeline.analyze(folder, cache_dir=tmp_path / "cache", jobs=1)
    assert tables["articles"]["source_file"].tolist() == ["ok.txt"]
    assert "fifo.txt" in tables["problems"]["source_file"].tolist()


def test_a_socket_is_skipped(make_seeds, monkeypatch, no_hang):
    folder = make_seeds({"ok.txt": BODY})
    monkeypatch.chdir(folder)  # a short relative path: socket paths are limited to ~100 bytes
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind("listener.txt")
        assert stat.S_ISSOCK(os.lstat(folder / "listener.txt").st_mode)
        corp = corpus.read_corpus(folder)
    assert [a.source_file for a in corp.articles] == ["ok.txt"]
    row = only_problem(corp, "listener.txt")
    assert row["severity"] == "error" and "a socket" in row["message"]


def test_a_device_is_skipped(make_seeds, no_hang):
    folder = make_seeds({"ok.txt": BODY})
    try:
        os.mknod(folder / "zero.txt", 0o600 | stat.S_IFCHR, os.makedev(1, 5))  # /dev/zero
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    corp = corpus.read_corpus(folder)
    assert [a.source_file for a in corp.articles] == ["ok.txt"]
    assert "character device" in only_problem(corp, "zero.txt")["message"]


def test_a_file_replaced_by_a_pipe_after_listing_is_not_read(make_seeds, monkeypatch, no_hang):
    folder = make_seeds({"ok.txt": BODY, "race.txt": OTHER})
    listed = corpus._entries(folder)

    def swapped(_folder):
        (folder / "race.txt").unlink()
        os.mkfifo(folder / "race.txt")
        return listed

    monkeypatch.setattr(corpus, "_entries", swapped)
    corp = corpus.read_corpus(folder)
    assert [a.source_file for a in corp.articles] == ["ok.txt"]
    assert "named pipe" in only_problem(corp, "race.txt")["message"]


# Odd names and contents that were already handled: kept so that they stay handled.
ODD_NAMES = [
    "$(touch pwned).txt",
    "a; rm -rf ~.txt",
    "`id` & echo.txt",
    "quote'\"name.txt",
    "rtl\u202etxt.evil.txt",
    "spaces and\ttab.txt",
]


@pytest.mark.parametrize("name", ODD_NAMES)
def test_shell_metacharacters_and_rtl_overrides_in_names_are_only_names(make_seeds, name):
    folder = make_seeds({name: BODY})
    corp = corpus.read_corpus(folder)
    assert [a.source_file for a in corp.articles] == [name]
    assert not (folder / "pwned").exists()


ODD_CONTENTS = {
    "one 1 MB word": b"date 2023-09-14\nSEOUL, Sept. 14. /Yonhap/. " + b"a" * 1_000_000,
    "50,000 quotation marks": b"date 2023-09-14\nSEOUL, Sept. 14. /Yonhap/. "
    + b'"' * 50_000
    + b" he said.",
    "200,000 newlines": b"date 2023-09-14\nSEOUL, Sept. 14. /Yonhap/. Talks.\n"
    + b"\n" * 200_000
    + b"More talks, he said.",
    "RTL override in text": "date 2023-09-14\nSEOUL, Sept. 14. /Yonhap/. "
    "Officials \u202ediaS\u202c said the talks went well.".encode(),
}


@pytest.mark.parametrize("name", list(ODD_CONTENTS))
def test_odd_contents_are_analyzed(make_seeds, tmp_path, name):
    folder = make_seeds({"odd.txt": ODD_CONTENTS[name], "ok.txt": BODY})
    tables = pipeline.analyze(folder, cache_dir=tmp_path / "cache", jobs=1)
    assert set(tables["articles"]["source_file"]) == {"odd.txt", "ok.txt"}
    assert len(tables["tokens"]) > 0


def test_a_folder_named_dot_txt_is_ignored(make_seeds):
    corp = corpus.read_corpus(make_seeds({".txt": None, "ok.txt": BODY}))
    assert [a.source_file for a in corp.articles] == ["ok.txt"]
    assert only_problem(corp, ".txt")["severity"] == "warning"
