"""The scale benchmark's corpus (benchmarks/bench_scale.py): Brown texts cut into articles
of a wire story's length, every genre in every prefix."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from conftest import PROJECT_ROOT
from nltk.corpus import brown


def _bench():
    spec = importlib.util.spec_from_file_location(
        "bench_scale", PROJECT_ROOT / "benchmarks" / "bench_scale.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_brown_pieces_cut_each_text_into_ten_articles_of_whole_sentences():
    bench = _bench()
    pieces = bench.brown_pieces(3)
    assert len(pieces) == 3 * bench.PIECES
    assert len({name for name, _ in pieces}) == len(pieces)
    fileids = [name.split("_")[1] for name, _ in pieces[:: bench.PIECES]]
    assert len({brown.categories(fileids=f)[0] for f in fileids}) == 3  # three genres
    for k, fileid in enumerate(fileids):
        texts = [t for _, t in pieces[k * bench.PIECES : (k + 1) * bench.PIECES]]
        assert all(t.startswith("date 1961-01-") and "/BROWN/. " in t for t in texts)
        bodies = [t.split("/BROWN/. ", 1)[1].split() for t in texts]
        assert sum(map(len, bodies)) == len(brown.words(fileids=fileid))  # nothing lost
        assert all(bodies)  # no empty article
        assert max(map(len, bodies)) < 2 * sum(map(len, bodies)) / bench.PIECES + 60


def test_a_size_is_measured_in_turns_and_its_medians_recorded(tmp_path, monkeypatch):
    """Bare NLTK, the command line and its rerun run ``repeats`` times in turn, each
    first run with an empty cache and output folder; the row holds the medians, the
    throughput ratio being the median of each turn's (bare NLTK and the command line of
    the same turn), and the largest peak memory."""
    import json
    import types

    bench = _bench()
    bare = iter([1.0, 2.0, 1.0])  # seconds for 100 tokens: 100, 50, 100 tokens/s
    cli = iter([4.0, 0.5, 1.0, 0.25, 2.0, 0.5])  # first run, then rerun, each turn
    empty_at_start = []

    def fake_run(cmd, **kwargs):
        seconds = next(bare)
        return types.SimpleNamespace(stdout=json.dumps({"tokens": 100, "seconds": seconds}))

    def fake_measure(cmd, env=None):
        out, cache = Path(cmd[cmd.index("--out") + 1]), Path(cmd[cmd.index("--cache-dir") + 1])
        first = not cache.exists()
        if first:
            empty_at_start.append(not out.exists())
            cache.mkdir()
            out.mkdir(exist_ok=True)
            (out / "tokens.csv").write_text("h\n" + "t\n" * 100, encoding="utf-8")
        return {"code": 0, "seconds": next(cli), "peak_mb": 300.0 if first else 100.0}

    monkeypatch.setattr(bench.subprocess, "run", fake_run)
    monkeypatch.setattr(bench, "_measure", fake_measure)
    row = bench.measure_size([("a.txt", "text")], 1, tmp_path, None, False, repeats=3)
    assert empty_at_start == [True, True, True]
    assert row["repeats"] == 3 and row["n_tokens"] == 100
    assert row["bare_tokens_per_s"] == 100  # median of 100, 50, 100
    assert row["cli_seconds"] == 2.0 and row["cli_tokens_per_s"] == 50
    # Each turn's ratio: (100/4)/100, (100/1)/50, (100/2)/100 = 0.25, 2.0, 0.5
    assert row["cli_over_bare"] == 0.5
    assert row["rerun_seconds"] == 0.5 and row["rerun_speedup"] == 4.0  # 8, 4, 4
    assert row["cli_peak_mb"] == 300
