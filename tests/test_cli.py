"""The command line (newsframes.__main__): a thin layer over ``pipeline.analyze`` and
``pipeline.write_tables`` (tested in test_pipeline.py).

Every run passes a tmp cache folder or ``--no-cache``; nothing is written into the project.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys

import pandas as pd
import pytest
from conftest import PROJECT_ROOT, SEED_FILE, SMALL, read_bytes

from newsframes.__main__ import GUIDE_PAGE, main
from newsframes.analysis import pipeline, resources, workers

pytestmark = pytest.mark.usefixtures("project_folders_untouched", "isolated_env")

CSV_NAMES = sorted(f"{name}.csv" for name in pipeline.TABLES)


def run(argv, capsys):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_analyze_writes_every_table_as_csv(seed_copy, tmp_path, capsys):
    out = tmp_path / "out"
    code, stdout, stderr = run(
        ["analyze", seed_copy, "--out", out, "--cache-dir", tmp_path / "cache"], capsys
    )
    assert code == 0, stderr
    assert sorted(os.listdir(out)) == CSV_NAMES
    assert {"terms.csv", "ngrams.csv", "collocations.csv", "keyness.csv"} <= set(CSV_NAMES)
    # one per-article entry and one corpus-level entry
    assert len(list((tmp_path / "cache").rglob("*.zip"))) == 2
    assert stdout == ""
    summary = rf"^analyzed 1 article\(s\), \d+ tokens; wrote {len(CSV_NAMES)} tables to "
    assert re.search(summary, stderr, re.M)
    # rerun unchanged: the tables of the corpus's entry are already there
    before = read_bytes(out)
    code, _, stderr = run(
        ["analyze", seed_copy, "--out", out, "--cache-dir", tmp_path / "cache"], capsys
    )
    kept = len(CSV_NAMES) - 2  # articles and problems are always written
    assert code == 0 and f"({kept} of them already up to date, left as they were)" in stderr
    assert read_bytes(out) == before
    # the CSVs are those of the API
    api = tmp_path / "api"
    pipeline.write_tables(pipeline.analyze(seed_copy, use_cache=False), api)
    assert read_bytes(out) == read_bytes(api)


def test_cli_lists_problems_and_still_succeeds(make_seeds, tmp_path, capsys):
    seeds = make_seeds({"good.txt": SMALL["a.txt"], "bad.txt": b"\x00\x00"})
    code, _, stderr = run(["analyze", seeds, "--out", tmp_path / "o", "--no-cache"], capsys)
    assert code == 0
    assert "error: bad.txt: skipped, binary content" in stderr
    problems = pd.read_csv(tmp_path / "o" / "problems.csv")
    assert problems["source_file"].tolist() == ["bad.txt"]


def test_cli_quiet_prints_nothing(seed_copy, tmp_path, capsys):
    argv = ["analyze", seed_copy, "--out", tmp_path / "o", "--cache-dir", tmp_path / "c", "--quiet"]
    assert run(argv, capsys) == (0, "", "")
    assert sorted(os.listdir(tmp_path / "o")) == CSV_NAMES


def test_cli_no_cache(seed_copy, tmp_path, capsys):
    argv = ["analyze", seed_copy, "--out", tmp_path / "o", "--cache-dir", tmp_path / "c",
            "--no-cache", "--jobs", "2"]  # fmt: skip
    assert run(argv, capsys)[0] == 0
    assert not (tmp_path / "c").exists()


def test_cli_seeds_from_env_var(seed_copy, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("NEWSFRAMES_SEEDS", str(seed_copy))
    code, _, stderr = run(["analyze", "--out", tmp_path / "o", "--no-cache"], capsys)
    assert code == 0, stderr
    articles = pd.read_csv(tmp_path / "o" / "articles.csv")
    assert articles["article_id"].tolist() == [SEED_FILE.stem]


def test_cli_only_bad_files_returns_1(make_seeds, tmp_path, capsys):
    seeds = make_seeds(
        {"empty.txt": b"", "binary.txt": b"\x00\x01", "ru.txt": "Ким".encode("cp1251")}
    )
    out = tmp_path / "out"
    code, stdout, stderr = run(
        ["analyze", seeds, "--out", out, "--cache-dir", tmp_path / "c"], capsys
    )
    assert code == 1
    assert "Traceback" not in stdout + stderr
    fatal = [line for line in stderr.splitlines() if line.startswith("newsframes: error:")]
    assert len(fatal) == 1
    assert "no readable article" in fatal[0] and "3 problem(s)" in fatal[0]
    assert not out.exists()  # nothing written


def test_cli_missing_folder_returns_2(tmp_path, capsys):
    missing = tmp_path / "nowhere"
    code, stdout, stderr = run(
        ["analyze", missing, "--out", tmp_path / "o", "--cache-dir", tmp_path / "c"], capsys
    )
    assert code == 2
    assert "Traceback" not in stdout + stderr
    assert stderr.startswith("newsframes: error: seeds folder ")
    assert len(stderr.strip().splitlines()) == 1
    assert "NEWSFRAMES_SEEDS" in stderr and str(missing) in stderr
    assert not (tmp_path / "o").exists()


def test_cli_missing_nltk_data_returns_2(seed_copy, tmp_path, capsys, monkeypatch):
    import nltk

    monkeypatch.setattr(nltk.data, "path", [str(tmp_path / "empty")])
    monkeypatch.setattr(resources, "LOCAL_NLTK_DATA", tmp_path / "local")
    code, stdout, stderr = run(
        ["analyze", seed_copy, "--out", tmp_path / "o", "--cache-dir", tmp_path / "c"], capsys
    )
    assert code == 2
    assert "Traceback" not in stdout + stderr
    assert stderr.startswith("newsframes: error: NLTK data missing")
    assert "punkt_tab" in stderr and "python -m nltk.downloader" in stderr
    assert run(["resources"], capsys)[0] == 2


@pytest.mark.parametrize("jobs", ["0", "-3"])
def test_cli_jobs_below_1_returns_2(seed_copy, tmp_path, capsys, jobs):
    code, _, stderr = run(
        ["analyze", seed_copy, "--out", tmp_path / "o", "--no-cache", "--jobs", jobs], capsys
    )
    assert code == 2
    assert stderr == "newsframes: error: --jobs must be at least 1\n"
    assert not (tmp_path / "o").exists()


def test_cli_out_is_a_file(seed_copy, tmp_path, capsys):
    out = tmp_path / "out.csv"
    out.write_text("x")
    code, _, stderr = run(["analyze", seed_copy, "--out", out, "--no-cache"], capsys)
    assert code == 2 and stderr.startswith("newsframes: error:")


def test_cli_analyze_help_mentions_every_option(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["analyze", "--help"])
    assert exc.value.code == 0
    help_text = capsys.readouterr().out
    for option in ["--out", "--cache-dir", "--jobs", "--no-cache", "--quiet", "SEEDS",
                   "--compare-by", "--exclude-reprints", "--format"]:  # fmt: skip
        assert option in help_text, option
    assert "NEWSFRAMES_SEEDS" in help_text and "NEWSFRAMES_CACHE" in help_text


def test_cli_analyze_help_names_every_table(capsys):
    with pytest.raises(SystemExit):
        main(["analyze", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())  # undo argparse's line wrapping
    assert [name for name in pipeline.TABLES if name not in help_text] == []


def test_cli_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["analyze"])  # --out is required
    assert exc.value.code == 2
    assert "--out" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main([])
    assert exc.value.code == 2


def test_cli_version(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == "newsframes 0.1.0"


def test_cli_resources(capsys):
    assert run(["resources"], capsys) == (0, "NLTK data: all declared packages found\n", "")


def test_python_dash_m_entry_point(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT))
    proc = subprocess.run(
        [sys.executable, "-m", "newsframes", "analyze", str(tmp_path / "nowhere"),
         "--out", str(tmp_path / "o"), "--cache-dir", str(tmp_path / "c")],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 2
    assert proc.stderr.startswith("newsframes: error: seeds folder")
    assert "Traceback" not in proc.stderr


def test_python_dash_m_ends_with_every_file_written_and_every_line_flushed(
    make_seeds, tmp_path, capsys
):
    """``python -m newsframes`` ends the process without the interpreter's teardown
    (os._exit): its exit status, its last line on standard error and every table are
    as when main() returns in this process; 1 when no article is readable."""
    seeds = make_seeds(SMALL)
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT))
    command = [sys.executable, "-m", "newsframes", "analyze", str(seeds), "--jobs", "1",
               "--cache-dir", str(tmp_path / "c")]  # fmt: skip
    proc = subprocess.run(
        [*command, "--out", str(tmp_path / "o")], capture_output=True, text=True, env=env,
        cwd=tmp_path, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.rstrip().endswith(f"wrote {len(CSV_NAMES)} tables to {tmp_path / 'o'}")
    code, _, _ = run(["analyze", seeds, "--out", tmp_path / "here", "--no-cache"], capsys)
    assert code == 0
    written = read_bytes(tmp_path / "o")
    assert sorted(written) == CSV_NAMES and written == read_bytes(tmp_path / "here")
    empty = make_seeds({"empty.txt": b""}, name="empty")
    proc = subprocess.run(
        [*command[:4], str(empty), "--out", str(tmp_path / "none")], capture_output=True,
        text=True, env=env, cwd=tmp_path, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 1
    assert "newsframes: error: no readable article" in proc.stderr


def test_an_unchanged_rerun_imports_neither_nltk_nor_the_rules(make_seeds, tmp_path):
    """An unchanged rerun reads the corpus's entry: it needs NLTK only for where its data
    is, recalled from the cache folder (resources.recall), so it imports neither NLTK
    (nor SciPy, which NLTK imports) nor the modules that analyze; its files are the
    first run's."""
    seeds = make_seeds(SMALL)
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT))

    def run(out: str) -> set[str]:
        proc = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "newsframes", "analyze", str(seeds),
             "--jobs", "1", "--cache-dir", str(tmp_path / "c"), "--out", str(tmp_path / out)],
            capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        return {line.rsplit("|", 1)[1].strip() for line in proc.stderr.splitlines() if "|" in line}

    first = run("first")
    assert {"nltk", "scipy.stats", "newsframes.analysis.nlp"} <= first
    again = run("again")
    assert "newsframes.analysis.pipeline" in again
    assert not {m for m in again if m.split(".")[0] in ("nltk", "scipy")}
    assert not {f"newsframes.analysis.{m}" for m in workers.ANALYSIS} & again
    assert read_bytes(tmp_path / "again") == read_bytes(tmp_path / "first")


def test_top_level_help_lists_the_commands_and_points_to_the_guide(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    text = capsys.readouterr().out
    for command in ("analyze", "resources", "release", "make book", "make lab"):
        assert command in text, command
    assert "Rerun it on your articles" in text
    assert f"_build/html/{GUIDE_PAGE}.html" in text


def test_the_guide_page_named_by_the_help_is_in_the_book():
    root = PROJECT_ROOT
    assert (root / f"{GUIDE_PAGE}.ipynb").is_file()
    assert f"file: {GUIDE_PAGE}\n" in (root / "_toc.yml").read_text(encoding="utf-8")
    title = json.loads((root / f"{GUIDE_PAGE}.ipynb").read_text(encoding="utf-8"))["cells"][0]
    assert "".join(title["source"]).startswith("# Rerun it on your articles")


def test_cli_compare_by_a_metadata_column_and_leave_reprints_out(make_seeds, tmp_path, capsys):
    wire = "date 2024-03-0{d}\nSEOUL, March {d}. /{a}/. Officials met on Monday in Seoul.\n"
    files = {
        "a.txt": wire.format(d=1, a="Yonhap").encode(),
        "b.txt": wire.format(d=2, a="TASS").encode().replace(b"Monday", b"Tuesday"),
        "metadata.csv": b"source_file,country\na.txt,South Korea\nb.txt,Russia\n",
    }
    seeds = make_seeds(files)
    out = tmp_path / "o"
    code, _, stderr = run(["analyze", seeds, "--out", out, "--no-cache", "--jobs", 1,
                           "--compare-by", "country", "--exclude-reprints"], capsys)  # fmt: skip
    assert code == 0, stderr
    outlets = pd.read_csv(out / "outlets.csv")
    assert outlets[["by", "group"]].values.tolist() == [["country", "Russia"],
                                                        ["country", "South Korea"]]  # fmt: skip
    assert pd.read_csv(out / "articles.csv")["country"].tolist() == ["South Korea", "Russia"]


def test_cli_compare_by_an_unknown_column_exits_2_and_names_the_columns(seed_copy, tmp_path,
                                                                        capsys):  # fmt: skip
    code, _, stderr = run(["analyze", seed_copy, "--out", tmp_path / "o", "--no-cache",
                           "--compare-by", "owner"], capsys)  # fmt: skip
    assert code == 2
    assert "cannot compare by 'owner': choose one of" in stderr and "outlet" in stderr
    assert not (tmp_path / "o").exists()  # nothing analyzed, nothing written


def test_cli_writes_parquet_with_the_types_kept(seed_copy, tmp_path, capsys):
    out = tmp_path / "o"
    code, _, stderr = run(["analyze", seed_copy, "--out", out, "--no-cache", "--jobs", 1,
                           "--format", "parquet"], capsys)  # fmt: skip
    assert code == 0, stderr
    assert sorted(os.listdir(out)) == sorted(f"{n}.parquet" for n in pipeline.TABLES)
    api = pipeline.analyze(seed_copy, use_cache=False, jobs=1)
    for name in pipeline.TABLES:
        pd.testing.assert_frame_equal(pd.read_parquet(out / f"{name}.parquet"), api[name])


def test_cli_writes_gzip_csv_with_the_same_bytes_and_no_time_stamp(seed_copy, tmp_path, capsys):
    for fmt in ("csv", "csv.gz"):
        code, _, stderr = run(["analyze", seed_copy, "--out", tmp_path / fmt, "--no-cache",
                               "--jobs", 1, "--format", fmt], capsys)  # fmt: skip
        assert code == 0, stderr
    for name in pipeline.TABLES:
        packed = (tmp_path / "csv.gz" / f"{name}.csv.gz").read_bytes()
        assert packed[4:8] == b"\0\0\0\0"  # gzip's MTIME field: 0, so builds are comparable
        assert gzip.decompress(packed) == (tmp_path / "csv" / f"{name}.csv").read_bytes()


def test_cli_format_must_be_csv_or_parquet(seed_copy, tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["analyze", str(seed_copy), "--out", str(tmp_path / "o"), "--format", "xlsx"])
    assert exc.value.code == 2
    assert "invalid choice: 'xlsx'" in capsys.readouterr().err
