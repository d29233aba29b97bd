"""The analysis pipeline (newsframes.pipeline) and the command line (newsframes.__main__).

The pipeline tests live here because the command line is a thin layer over
``pipeline.analyze`` and ``pipeline.write_tables``. Every run passes a tmp cache folder
or ``use_cache=False``; nothing is written into the project.
"""

from __future__ import annotations

import importlib.metadata
import os
import pickle
import re
import subprocess
import sys

import lemminflect
import pandas as pd
import pytest
from conftest import PROJECT_ROOT, SEED_FILE

from newsframes import corpus, pipeline, resources
from newsframes.__main__ import main

pytestmark = pytest.mark.usefixtures("project_folders_untouched", "isolated_env")

COLUMNS = {
    "articles": ["article_id", "source_file", "sha256", "date", "dateline", "agency",
                 "n_paragraphs", "n_chars", "n_sentences", "n_tokens"],
    "problems": ["source_file", "severity", "message"],
    "sentences": ["article_id", "sent_id", "par_id", "start", "end", "kind", "n_tokens", "text"],
    "tokens": ["article_id", "sent_id", "tok_id", "start", "end", "token", "lower", "lemma",
               "pos", "is_stop", "is_punct"],
}  # fmt: skip
CSV_NAMES = sorted(f"{name}.csv" for name in COLUMNS)

SMALL = {
    "a.txt": b"date 2023-09-14\nTOKYO, Sept. 14. /TASS/. Putin met Kim. They talked.",
    "b.txt": "date 2023-09-15\nMOSCOW, September 15. /TASS/. Kim’s train left.\n\n"
    "“It was fine,” he said.".encode(),
    "c.txt": b"No header. Just U.S. news - and more.\n\nSecond paragraph here.",
}


def assert_tables_equal(left: dict, right: dict) -> None:
    assert list(left) == list(right) == list(COLUMNS)
    for name in COLUMNS:
        pd.testing.assert_frame_equal(left[name], right[name], obj=name)


def read_bytes(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def fresh_versions():
    resources.versions.cache_clear()
    yield
    resources.versions.cache_clear()


# =========================================================================== pipeline


def test_analyze_returns_the_documented_tables(seed_copy, tmp_path):
    tables = pipeline.analyze(seed_copy, cache_dir=tmp_path / "cache")
    assert list(tables) == list(pipeline.TABLES) == list(COLUMNS)
    for name, columns in COLUMNS.items():
        assert list(tables[name].columns) == columns, name
    articles = tables["articles"]
    assert len(articles) == 1
    row = articles.iloc[0]
    assert row["article_id"] == SEED_FILE.stem
    assert (row["date"], row["dateline"], row["agency"]) == ("2023-09-14", "TOKYO", "TASS")
    assert row["n_tokens"] == len(tables["tokens"]) > 0
    assert row["n_sentences"] == len(tables["sentences"]) > 0
    assert articles["n_tokens"].dtype == "int64" and articles["n_sentences"].dtype == "int64"
    assert tables["problems"].empty


def test_analyze_several_articles(make_seeds):
    tables = pipeline.analyze(make_seeds(SMALL), use_cache=False)
    articles = tables["articles"].set_index("article_id")
    assert list(articles.index) == ["a", "b", "c"]
    assert articles["n_tokens"].to_dict() == tables["tokens"].groupby("article_id").size().to_dict()
    assert (
        articles["n_sentences"].to_dict()
        == tables["sentences"].groupby("article_id").size().to_dict()
    )
    # tok_id restarts at 1 in every article
    assert tables["tokens"].groupby("article_id")["tok_id"].min().tolist() == [1, 1, 1]
    assert tables["problems"][["source_file", "severity"]].values.tolist() == [["c.txt", "warning"]]


def test_analyze_an_empty_folder(make_seeds, tmp_path):
    tables = pipeline.analyze(make_seeds({"bad.txt": b""}), cache_dir=tmp_path / "cache")
    assert tables["articles"].empty and tables["sentences"].empty and tables["tokens"].empty
    for name, columns in COLUMNS.items():
        assert list(tables[name].columns) == columns
    assert tables["problems"]["severity"].tolist() == ["error"]


def test_second_run_reads_the_cache(seed_copy, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = pipeline.analyze(seed_copy, cache_dir=cache)
    entries = sorted(p for p in cache.rglob("*") if p.is_file())
    assert len(entries) == 1 and entries[0].suffix == ".pkl"  # no temporary files left

    def must_not_run(article):
        raise AssertionError(f"{article.article_id} was analyzed again")

    monkeypatch.setattr(pipeline, "analyze_article", must_not_run)
    second = pipeline.analyze(seed_copy, cache_dir=cache)
    assert_tables_equal(first, second)


def test_cache_dir_from_env_var(seed_copy, tmp_path, monkeypatch):
    cache = tmp_path / "from-env"
    monkeypatch.setenv("NEWSFRAMES_CACHE", str(cache))
    pipeline.analyze(seed_copy)
    assert len(list(cache.rglob("*.pkl"))) == 1


def test_no_cache_writes_no_cache(seed_copy, tmp_path):
    pipeline.analyze(seed_copy, cache_dir=tmp_path / "cache", use_cache=False)
    assert not (tmp_path / "cache").exists()
    assert not (tmp_path / "env-cache").exists()


def test_changed_content_invalidates_the_cache(make_seeds, tmp_path, monkeypatch):
    seeds = make_seeds({"a.txt": SMALL["a.txt"], "b.txt": SMALL["b.txt"]})
    cache = tmp_path / "cache"
    pipeline.analyze(seeds, cache_dir=cache)
    (seeds / "b.txt").write_bytes(SMALL["b.txt"] + b" A new sentence.")
    analyzed = []
    real = pipeline.analyze_article

    def counting(article):
        analyzed.append(article.article_id)
        return real(article)

    monkeypatch.setattr(pipeline, "analyze_article", counting)
    tables = pipeline.analyze(seeds, cache_dir=cache)
    assert analyzed == ["b"]  # a.txt came from the cache
    assert tables["sentences"]["text"].iloc[-1] == "A new sentence."
    assert len(list(cache.rglob("*.pkl"))) == 3


def test_cache_key(seed_copy, fresh_versions):
    (article,) = corpus.read_corpus(seed_copy).articles
    key = pipeline.cache_key(article)
    assert re.fullmatch(r"[0-9a-f]{64}", key)
    assert pipeline.cache_key(article) == key
    other = corpus.parse_article(SEED_FILE.read_bytes() + b"\n", SEED_FILE.name)
    assert pipeline.cache_key(other) != key
    renamed = corpus.parse_article(SEED_FILE.read_bytes(), "renamed.txt")
    assert pipeline.cache_key(renamed) != key


def test_cache_key_depends_on_lemminflect(seed_copy, monkeypatch, fresh_versions):
    (article,) = corpus.read_corpus(seed_copy).articles
    before = pipeline.cache_key(article)
    real_version = importlib.metadata.version
    monkeypatch.setattr(lemminflect, "__version__", "999.0", raising=False)
    monkeypatch.setattr(
        importlib.metadata,
        "version",
        lambda name: "999.0" if name.lower() == "lemminflect" else real_version(name),
    )
    resources.versions.cache_clear()
    pipeline.code_digest.cache_clear()
    try:
        assert pipeline.cache_key(article) != before
    finally:
        pipeline.code_digest.cache_clear()


@pytest.mark.parametrize("garbage", [b"", b"not a pickle", b"\x80\x05truncated"])
def test_unreadable_cache_entry_is_ignored(seed_copy, tmp_path, capsys, garbage):
    cache = tmp_path / "cache"
    first = pipeline.analyze(seed_copy, cache_dir=cache)
    (entry,) = cache.rglob("*.pkl")
    entry.write_bytes(garbage)
    second = pipeline.analyze(seed_copy, cache_dir=cache)
    assert_tables_equal(first, second)
    assert f"ignoring unreadable cache entry {entry}" in capsys.readouterr().err
    assert pickle.loads(entry.read_bytes())["tokens"].equals(first["tokens"])  # rewritten


def test_damaged_cache_entry_raising_valueerror_is_ignored(seed_copy, tmp_path):
    cache = tmp_path / "cache"
    first = pipeline.analyze(seed_copy, cache_dir=cache)
    (entry,) = cache.rglob("*.pkl")
    entry.write_bytes(b"I1x\n.")
    assert_tables_equal(first, pipeline.analyze(seed_copy, cache_dir=cache))


def test_write_tables_utf8_lf(make_seeds, tmp_path):
    tables = pipeline.analyze(make_seeds(SMALL), use_cache=False)
    out = tmp_path / "out" / "nested"
    written = pipeline.write_tables(tables, out)
    assert [p.name for p in written] == [f"{name}.csv" for name in COLUMNS]
    assert sorted(os.listdir(out)) == CSV_NAMES  # no temporary files left
    for name, columns in COLUMNS.items():
        data = (out / f"{name}.csv").read_bytes()
        assert b"\r" not in data
        assert not data.startswith(b"\xef\xbb\xbf")
        text = data.decode("utf-8")
        assert text.endswith("\n")
        assert text.split("\n", 1)[0] == ",".join(columns)
    tokens_csv = (out / "tokens.csv").read_text(encoding="utf-8")
    assert "’s" in tokens_csv and "“" in tokens_csv  # written as UTF-8, not escaped
    back = pd.read_csv(out / "tokens.csv", keep_default_na=False)
    assert back["token"].tolist() == tables["tokens"]["token"].tolist()


def test_two_runs_give_byte_identical_csvs(make_seeds, tmp_path):
    seeds = make_seeds(SMALL)
    pipeline.write_tables(pipeline.analyze(seeds, use_cache=False), tmp_path / "one")
    cache = tmp_path / "cache"
    pipeline.write_tables(pipeline.analyze(seeds, cache_dir=cache), tmp_path / "two")
    pipeline.write_tables(pipeline.analyze(seeds, cache_dir=cache), tmp_path / "three")
    one = read_bytes(tmp_path / "one")
    assert list(one) == CSV_NAMES
    assert read_bytes(tmp_path / "two") == one
    assert read_bytes(tmp_path / "three") == one  # from the cache


def test_write_tables_overwrites(tmp_path):
    out = tmp_path / "out"
    pipeline.write_tables({"t": pd.DataFrame({"a": [1, 2]})}, out)
    pipeline.write_tables({"t": pd.DataFrame({"a": [3]})}, out)
    assert (out / "t.csv").read_bytes() == b"a\n3\n"


def test_jobs_2_gives_the_same_tables_as_jobs_1(make_seeds):
    seeds = make_seeds(SMALL)
    one = pipeline.analyze(seeds, use_cache=False, jobs=1)
    two = pipeline.analyze(seeds, use_cache=False, jobs=2)
    assert_tables_equal(one, two)
    assert len(one["articles"]) == 3


def test_progress(make_seeds, tmp_path):
    seeds = make_seeds(SMALL)
    calls = []
    pipeline.analyze(seeds, cache_dir=tmp_path / "c", progress=lambda d, t: calls.append((d, t)))
    assert calls == [(1, 3), (2, 3), (3, 3)]
    calls.clear()
    pipeline.analyze(seeds, cache_dir=tmp_path / "c", progress=lambda d, t: calls.append((d, t)))
    assert calls == [(3, 3)]  # all from the cache


def test_atomic_write_cleans_up_on_error(tmp_path):
    target = tmp_path / "x.bin"
    with pytest.raises(TypeError):
        pipeline.atomic_write(target, "not bytes")  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []
    pipeline.atomic_write(target, b"ok")
    assert [p.name for p in tmp_path.iterdir()] == ["x.bin"] and target.read_bytes() == b"ok"


# =========================================================================== CLI


def run(argv, capsys):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_analyze_writes_the_four_csvs(seed_copy, tmp_path, capsys):
    out = tmp_path / "out"
    code, stdout, stderr = run(
        ["analyze", seed_copy, "--out", out, "--cache-dir", tmp_path / "cache"], capsys
    )
    assert code == 0, stderr
    assert sorted(os.listdir(out)) == CSV_NAMES
    assert len(list((tmp_path / "cache").rglob("*.pkl"))) == 1
    assert stdout == ""
    assert re.search(r"^analyzed 1 article\(s\), \d+ tokens; wrote 4 tables to ", stderr, re.M)
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
    for option in ["--out", "--cache-dir", "--jobs", "--no-cache", "--quiet", "SEEDS"]:
        assert option in help_text, option
    assert "NEWSFRAMES_SEEDS" in help_text and "NEWSFRAMES_CACHE" in help_text


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
