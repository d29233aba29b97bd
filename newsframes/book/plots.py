"""One figure style for the whole book.

Figures are plain matplotlib, PNG at 150 dpi, readable in the web book and in the PDF:
one colour for data, grid lines only where they help reading. The backend is left to
the caller (inline in a notebook).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import matplotlib.ticker
import pandas as pd

COLOR = "#2f5d8a"
STYLE = {
    "figure.dpi": 150,
    "savefig.dpi": 150,
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "figure.autolayout": True,
    # Labels come from article text: never read "$...$" in them as mathematics.
    "text.parse_math": False,
    "text.usetex": False,
}


def apply_style() -> None:
    """Set the book's matplotlib defaults (called by every plotting function)."""
    plt.rcParams.update(STYLE)


def barh(values: pd.Series, *, xlabel: str, title: str | None = None, width: float = 6.0):
    """Horizontal bar chart of ``values`` (index = labels), largest on top."""
    apply_style()
    fig, ax = plt.subplots(figsize=(width, 0.25 * len(values) + 1.0))
    ordered = values.iloc[::-1]
    ax.barh([str(i) for i in ordered.index], ordered.to_numpy(), color=COLOR)
    ax.set_xlabel(xlabel)
    ax.grid(axis="y", visible=False)
    if title:
        ax.set_title(title)
    return fig


def histogram(values: pd.Series, *, xlabel: str, ylabel: str = "sentences", bins=None):
    """Histogram of ``values`` with integer-friendly bins."""
    apply_style()
    fig, ax = plt.subplots(figsize=(6.0, 3.0))
    if bins is None:
        top = int(values.max()) if len(values) else 1
        step = max(1, top // 20)
        bins = range(0, top + step + 1, step)
    ax.hist(values.to_numpy(), bins=bins, color=COLOR, edgecolor="white")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return fig


def diverging_barh(values: pd.Series, *, xlabel: str, width: float = 6.0):
    """Horizontal bars around zero (e.g. signed log-likelihood): positive values in
    the data colour, negative ones in grey; order as given, first on top."""
    apply_style()
    fig, ax = plt.subplots(figsize=(width, 0.25 * len(values) + 1.0))
    ordered = values.iloc[::-1]
    colors = [COLOR if v >= 0 else "#999999" for v in ordered.to_numpy()]
    ax.barh([str(i) for i in ordered.index], ordered.to_numpy(), color=colors)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel(xlabel)
    ax.grid(axis="y", visible=False)
    return fig


MAX_BOUNDARIES = 40  # more article boundaries than this would grey the whole plot


def dispersion(hits: pd.DataFrame, terms: list[str], boundaries: pd.DataFrame, *, width=6.5):
    """Lexical dispersion plot: one row per term, a tick at each occurrence's corpus
    position (``hits`` from :func:`newsframes.analysis.terms.dispersion`), dashed lines at the
    article boundaries (from :func:`newsframes.analysis.terms.article_boundaries`) when there
    are at most :data:`MAX_BOUNDARIES` of them; ticks thin out as occurrences grow."""
    apply_style()
    fig, ax = plt.subplots(figsize=(width, 0.35 * len(terms) + 1.2))
    most = max((int((hits["term"] == t).sum()) for t in terms), default=0)
    thin = most > 200
    for row, term in enumerate(terms):
        x = hits.loc[hits["term"] == term, "position"].to_numpy()
        ax.plot(x, [row] * len(x), "|", color=COLOR, markersize=14,
                markeredgewidth=0.4 if thin else 1.5)  # fmt: skip
    starts = boundaries["first"].to_numpy()[1:]
    if len(starts) <= MAX_BOUNDARIES:
        for start in starts:
            ax.axvline(start - 0.5, color="#999999", linestyle="--", linewidth=0.8)
        label = "token position in the corpus (dashed lines: article boundaries)"
    else:
        label = f"token position in the corpus ({len(starts) + 1:,} articles, in identifier order)"
    ax.set_yticks(range(len(terms)), terms)
    ax.set_ylim(len(terms) - 0.5, -0.5)
    ax.set_xlim(-0.5, boundaries["last"].max() + 0.5 if len(boundaries) else 1)
    ax.ticklabel_format(axis="x", style="plain")
    ax.xaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
    ax.set_xlabel(label)
    ax.grid(axis="y", visible=False)
    return fig


LABEL_COLORS = {"PERSON": "#2f5d8a", "ORG": "#c0504d", "GPE": "#4f9a5f", "LOC": "#8c6bb1",
                "FAC": "#d08c2f", "NORP": "#777777"}  # fmt: skip


def network(pairs: pd.DataFrame, actors: pd.DataFrame, *, max_nodes: int = 30, width=6.5):
    """Co-occurrence network: actors as nodes (area by mentions, colour by type), edges
    by the sentences naming both; sizes and widths are relative to the largest shown.
    The layout is seeded, so the same tables draw the same figure. Only the
    ``max_nodes`` most-mentioned actors."""
    import networkx as nx

    apply_style()
    keep = set(actors.head(max_nodes)["actor"])
    edges = pairs[pairs["actor1"].isin(keep) & pairs["actor2"].isin(keep)]
    g = nx.Graph()
    info = actors.set_index("actor")
    for actor in sorted(keep):
        g.add_node(actor)
    for row in edges.itertuples():
        g.add_edge(row.actor1, row.actor2, weight=row.n_sentences)
    fig, ax = plt.subplots(figsize=(width, width * 0.8))
    if g.number_of_nodes() == 0:
        ax.text(0.5, 0.5, "no actors", ha="center", va="center")
        ax.axis("off")
        return fig
    pos = nx.spring_layout(g, seed=7, weight="weight", k=2.5 / max(1, g.number_of_nodes()) ** 0.5)
    # Sizes and widths relative to the largest shown, so that a corpus of 500 articles
    # draws as readably as one of a single article.
    weights = [g[a][b]["weight"] for a, b in g.edges()]
    top_weight = max(weights, default=1)
    nx.draw_networkx_edges(g, pos, ax=ax, width=[0.6 + 3.0 * w / top_weight for w in weights],
                           edge_color="#bbbbbb")  # fmt: skip
    nodes = list(g.nodes())
    mentions = [int(info.loc[n, "n_mentions"]) for n in nodes]
    top_mentions = max(mentions)
    nx.draw_networkx_nodes(
        g, pos, ax=ax, nodelist=nodes,
        node_size=[120 + 780 * (m / top_mentions) ** 0.5 for m in mentions],
        node_color=[LABEL_COLORS.get(info.loc[n, "label"], "#777777") for n in nodes],
    )  # fmt: skip
    nx.draw_networkx_labels(g, pos, ax=ax, font_size=7)
    shown = set(info.loc[nodes, "label"])
    handles = [
        plt.Line2D([], [], marker="o", linestyle="", color=c, label=lab)
        for lab, c in LABEL_COLORS.items()
        if lab in shown
    ]
    ax.legend(handles=handles, loc="lower left", fontsize=7, frameon=False)
    ax.margins(0.12)
    ax.axis("off")
    return fig
