"""The scale benchmark's corpus (benchmarks/bench_scale.py): Brown texts cut into articles
of a wire story's length, every genre in every prefix."""

from __future__ import annotations

import importlib.util

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
