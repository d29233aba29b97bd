"""Figures stay readable from one article to hundreds (newsframes.book.plots)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from newsframes.book import plots  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def boundaries(n_articles: int, size: int = 100) -> pd.DataFrame:
    first = [i * size for i in range(n_articles)]
    return pd.DataFrame({"article_id": [f"a{i:03d}" for i in range(n_articles)],
                         "first": first, "last": [f + size - 1 for f in first]})  # fmt: skip


def dashed(ax) -> int:
    return sum(1 for line in ax.get_lines() if line.get_linestyle() == "--")


def test_dispersion_marks_the_boundaries_of_a_few_articles():
    hits = pd.DataFrame({"term": ["kim", "kim", "putin"], "position": [3, 150, 220]})
    fig = plots.dispersion(hits, ["kim", "putin"], boundaries(3))
    ax = fig.axes[0]
    assert dashed(ax) == 2
    assert "article boundaries" in ax.get_xlabel()
    assert [t.get_text() for t in ax.get_yticklabels()] == ["kim", "putin"]


def test_dispersion_leaves_out_the_boundaries_of_many_articles():
    n = plots.MAX_BOUNDARIES + 60
    hits = pd.DataFrame({"term": ["kim"] * n, "position": [i * 100 + 5 for i in range(n)]})
    ax = plots.dispersion(hits, ["kim"], boundaries(n)).axes[0]
    assert dashed(ax) == 0
    assert f"{n:,} articles" in ax.get_xlabel()


def network_tables(mentions: list[int]):
    actors = pd.DataFrame({"actor": [f"Actor {i}" for i in range(len(mentions))],
                           "label": ["PERSON", "GPE"] * (len(mentions) // 2),
                           "n_mentions": mentions})  # fmt: skip
    pairs = pd.DataFrame({"actor1": ["Actor 0", "Actor 0"], "actor2": ["Actor 1", "Actor 2"],
                          "label1": "PERSON", "label2": "GPE",
                          "n_sentences": [max(mentions), 1], "n_articles": 1})  # fmt: skip
    return pairs, actors


@pytest.mark.parametrize("scale", [1, 1000])
def test_network_sizes_are_bounded_whatever_the_counts(scale):
    pairs, actors = network_tables([10 * scale, 5 * scale, 2 * scale, 1 * scale])
    ax = plots.network(pairs, actors).axes[0]
    nodes = ax.collections[-1].get_sizes()
    assert nodes.max() == pytest.approx(900)
    assert nodes.min() >= 120
    edges = ax.collections[0].get_linewidths()
    assert max(edges) == pytest.approx(3.6)


def test_network_layout_is_the_same_every_time():
    pairs, actors = network_tables([10, 5, 2, 1])
    first = plots.network(pairs, actors).axes[0].collections[-1].get_offsets()
    second = plots.network(pairs, actors).axes[0].collections[-1].get_offsets()
    assert (first == second).all()


def test_labels_with_dollar_signs_are_not_mathematics():
    fig = plots.barh(pd.Series([3, 2], index=["$5 deal", "costs $x$"]), xlabel="n")
    fig.canvas.draw()  # would raise on unbalanced math if "$" were parsed
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["costs $x$", "$5 deal"]
