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
    assert article_labels(fig) == {"a000": -0.5, "a001": 99.5, "a002": 199.5}


def article_labels(fig) -> dict[str, float]:
    """The article ids above a dispersion plot and where they stand (a top axis)."""
    (top,) = fig.axes[0].child_axes
    return {t.get_text(): t.get_position()[0] for t in top.get_xticklabels()}


def test_dispersion_leaves_out_an_article_id_that_would_collide():
    sizes = [100, 2, 100]  # the second article is two tokens long
    first = [0, 100, 102]
    last = [f + n - 1 for f, n in zip(first, sizes, strict=True)]
    bounds = pd.DataFrame({"article_id": ["a", "b", "c"], "first": first, "last": last})
    hits = pd.DataFrame({"term": ["kim"], "position": [3]})
    fig = plots.dispersion(hits, ["kim"], bounds)
    assert list(article_labels(fig)) == ["a", "b"]  # "c" would sit on "b"
    assert dashed(fig.axes[0]) == 2  # every boundary is still drawn


def test_dispersion_leaves_out_the_boundaries_of_many_articles():
    n = plots.MAX_BOUNDARIES + 60
    hits = pd.DataFrame({"term": ["kim"] * n, "position": [i * 100 + 5 for i in range(n)]})
    ax = plots.dispersion(hits, ["kim"], boundaries(n)).axes[0]
    assert dashed(ax) == 0 and ax.child_axes == []
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


@pytest.mark.parametrize(
    ("label", "shown"),
    [
        ("external_regulation_and_reputation", "external regulation and reputation"),
        ("policy_prescription_and_evaluation", "policy prescription and evaluation"),
        ("name_calling", "name calling"),
        ("economic", "economic"),
        ("NNP", "NNP"),
        ("$5_deal", "$5_deal"),  # article text, not an identifier: unchanged
        ("Kim_Jong", "Kim_Jong"),
    ],
)
def test_identifiers_are_shown_as_words(label, shown):
    assert plots.words(label) == shown


def test_bar_labels_are_words():
    values = pd.Series([6, 1], index=["external_regulation_and_reputation", "economic"])
    for fig in (plots.barh(values, xlabel="n_sentences"),
                plots.diverging_barh(values, xlabel="signed log-likelihood")):  # fmt: skip
        fig.canvas.draw()
        ax = fig.axes[0]
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert labels == ["economic", "external regulation and reputation"]
    assert plots.barh(values, xlabel="n_sentences").axes[0].get_xlabel() == "n sentences"


def tick_values(fig, axis: str) -> list[float]:
    fig.canvas.draw()
    ax = fig.axes[0]
    lo, hi = ax.get_xlim() if axis == "x" else ax.get_ylim()
    ticks = ax.get_xticks() if axis == "x" else ax.get_yticks()
    return [t for t in ticks if lo <= t <= hi]


@pytest.mark.parametrize("top", [1, 3, 7, 17])
def test_count_axes_have_whole_number_ticks(top):
    counts = pd.Series(range(top, 0, -1), index=[f"frame_{k}" for k in range(top)])
    ticks = tick_values(plots.barh(counts, xlabel="sentences cueing the frame"), "x")
    assert ticks and all(float(t).is_integer() for t in ticks), ticks
    lengths = pd.Series([3, 5, 5, 8] * top)
    fig = plots.histogram(lengths, xlabel="words per sentence")
    for axis in "xy":
        ticks = tick_values(fig, axis)
        assert ticks and all(float(t).is_integer() for t in ticks), (axis, ticks)


def test_value_axes_that_are_not_counts_keep_fractions():
    fig = plots.barh(pd.Series([0.25, 0.5], index=["a", "b"]), xlabel="share")
    assert any(not float(t).is_integer() for t in tick_values(fig, "x"))


def test_network_shows_the_most_mentioned_actors_only():
    n = 40
    actors = pd.DataFrame({"actor": [f"Actor {i}" for i in range(n)], "label": "PERSON",
                           "n_mentions": range(2 * n, n, -1)})  # fmt: skip
    pairs = pd.DataFrame({"actor1": [f"Actor {i}" for i in range(n - 1)],
                          "actor2": [f"Actor {i + 1}" for i in range(n - 1)],
                          "label1": "PERSON", "label2": "PERSON", "n_sentences": 1,
                          "n_articles": 1})  # fmt: skip
    ax = plots.network(pairs, actors).axes[0]
    names = {t.get_text() for t in ax.texts}
    assert names == {f"Actor {i}" for i in range(plots.MAX_NODES)} and plots.MAX_NODES == 15
    assert len(ax.collections[-1].get_offsets()) == 15


def boxes(fig):
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return [t.get_window_extent(renderer) for t in fig.axes[0].texts]


def test_network_labels_never_overlap():
    # A complete graph of long names: the layout packs them, the labels must move apart.
    names = [f"Very Long Organisation Name {i}" for i in range(15)]
    actors = pd.DataFrame({"actor": names, "label": "ORG", "n_mentions": range(30, 15, -1)})
    pairs = pd.DataFrame([(a, b, "ORG", "ORG", 1, 1) for i, a in enumerate(names)
                          for b in names[i + 1 :]],
                         columns=["actor1", "actor2", "label1", "label2", "n_sentences",
                                  "n_articles"])  # fmt: skip
    found = boxes(plots.network(pairs, actors))
    assert len(found) == 15
    for i, a in enumerate(found):
        for b in found[i + 1 :]:
            assert not a.overlaps(b), (a, b)


def entities_with_a_dateline() -> pd.DataFrame:
    rows = [  # article, sentence, actor, mention
        ("a", 1, "Tokyo", "dateline"), ("a", 1, "TASS", "dateline"),
        ("a", 2, "Kim Jong Un", "name"), ("a", 2, "Vladimir Putin", "name"),
        ("a", 2, "TASS", "name"),  # TASS named in the story: a real co-occurrence
        ("b", 1, "Tokyo", "dateline"), ("b", 1, "TASS", "dateline"),
        ("b", 1, "Kim Jong Un", "name"),  # a dateline and the lead in one sentence
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["article_id", "sent_id", "actor", "mention"])


def test_dateline_counts_find_what_datelines_add():
    pairs, n_dateline = plots.dateline_counts(entities_with_a_dateline())
    found = {(r.actor1, r.actor2): r.n_sentences for r in pairs.itertuples()}
    assert found == {("TASS", "Tokyo"): 2, ("Kim Jong Un", "TASS"): 1, ("Kim Jong Un", "Tokyo"): 1}
    assert n_dateline.to_dict() == {"Tokyo": 2, "TASS": 2}


def test_network_leaves_out_the_dateline_pairs_but_not_the_table():
    mentions = entities_with_a_dateline()
    actors = pd.DataFrame({"actor": ["Kim Jong Un", "TASS", "Tokyo", "Vladimir Putin"],
                           "label": ["PERSON", "ORG", "GPE", "PERSON"],
                           "n_mentions": [2, 3, 2, 1]})  # fmt: skip
    pairs = pd.DataFrame({"actor1": ["TASS", "Kim Jong Un", "Kim Jong Un", "Kim Jong Un", "TASS"],
                          "actor2": ["Tokyo", "TASS", "Vladimir Putin", "Tokyo", "Vladimir Putin"],
                          "label1": "x", "label2": "x", "n_sentences": [2, 2, 1, 1, 1],
                          "n_articles": 1})  # fmt: skip
    before = pairs.copy()
    kept_pairs, kept_actors = plots.without_datelines(pairs, actors, mentions)
    assert {(r.actor1, r.actor2): r.n_sentences for r in kept_pairs.itertuples()} == {
        ("Kim Jong Un", "TASS"): 1, ("Kim Jong Un", "Vladimir Putin"): 1,
        ("TASS", "Vladimir Putin"): 1,
    }  # fmt: skip
    assert "Tokyo" not in set(kept_actors["actor"])  # named only in datelines
    assert kept_actors.set_index("actor")["n_mentions"].to_dict() == {
        "Kim Jong Un": 2, "TASS": 1, "Vladimir Putin": 1}  # fmt: skip
    pd.testing.assert_frame_equal(pairs, before)  # the table is not changed
    ax = plots.network(pairs, actors, mentions=mentions).axes[0]
    assert "Tokyo" not in {t.get_text() for t in ax.texts}
    edges = ax.collections[0].get_segments()
    assert len(edges) == 3
