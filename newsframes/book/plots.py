"""One figure style for the whole book.

Figures are plain matplotlib, PNG at 150 dpi, readable in the web book and in the PDF:
one colour for data, grid lines only where they help reading. Labels are words, not
identifiers (:func:`words`); axes that count have whole-number ticks. The backend is
left to the caller (inline in a notebook).
"""

from __future__ import annotations

import itertools
import re

import matplotlib.dates
import matplotlib.pyplot as plt
import matplotlib.ticker
import numpy as np
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
_IDENTIFIER = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)+")


def apply_style() -> None:
    """Set the book's matplotlib defaults (called by every plotting function)."""
    plt.rcParams.update(STYLE)


def words(label: object) -> str:
    """A label as words: a snake_case identifier of the analysis
    (``external_regulation_and_reputation``) with spaces for underscores; anything else
    (a term, a name from an article) unchanged."""
    text = str(label)
    return text.replace("_", " ") if _IDENTIFIER.fullmatch(text) else text


def _is_count(values) -> bool:
    """True if every value is a whole number (a count)."""
    array = np.asarray(values, dtype=float)
    return bool(len(array)) and bool(np.all(np.isfinite(array) & (array == np.round(array))))


def integer_ticks(axis) -> None:
    """Ticks at whole numbers only on ``axis`` (``ax.xaxis`` or ``ax.yaxis``): a count
    axis never reads "17.5 sentences"."""
    axis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))


def barh(values: pd.Series, *, xlabel: str, title: str | None = None, width: float = 6.0):
    """Horizontal bar chart of ``values`` (index = labels, shown as :func:`words`),
    largest on top; whole-number ticks when the values are counts."""
    apply_style()
    fig, ax = plt.subplots(figsize=(width, 0.25 * len(values) + 1.0))
    ordered = values.iloc[::-1]
    ax.barh([words(i) for i in ordered.index], ordered.to_numpy(), color=COLOR)
    ax.set_xlabel(words(xlabel))
    ax.grid(axis="y", visible=False)
    if _is_count(values):
        integer_ticks(ax.xaxis)
    if title:
        ax.set_title(title)
    return fig


def histogram(values: pd.Series, *, xlabel: str, ylabel: str = "sentences", bins=None):
    """Histogram of ``values`` with integer-friendly bins; the count axis (and the
    value axis, for whole-number values) has whole-number ticks."""
    apply_style()
    fig, ax = plt.subplots(figsize=(6.0, 3.0))
    if bins is None:
        top = int(values.max()) if len(values) else 1
        step = max(1, top // 20)
        bins = range(0, top + step + 1, step)
    ax.hist(values.to_numpy(), bins=bins, color=COLOR, edgecolor="white")
    ax.set_xlabel(words(xlabel))
    ax.set_ylabel(words(ylabel))
    integer_ticks(ax.yaxis)
    if _is_count(values):
        integer_ticks(ax.xaxis)
    return fig


def diverging_barh(values: pd.Series, *, xlabel: str, width: float = 6.0):
    """Horizontal bars around zero (e.g. signed log-likelihood): positive values in
    the data colour, negative ones in grey; order as given, first on top."""
    apply_style()
    fig, ax = plt.subplots(figsize=(width, 0.25 * len(values) + 1.0))
    ordered = values.iloc[::-1]
    colors = [COLOR if v >= 0 else "#999999" for v in ordered.to_numpy()]
    ax.barh([words(i) for i in ordered.index], ordered.to_numpy(), color=colors)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel(words(xlabel))
    ax.grid(axis="y", visible=False)
    return fig


MAX_BOUNDARIES = 40  # more article boundaries than this would grey the whole plot
BOUNDARY_LABEL_PT = 6  # font size of the article ids above a dispersion plot


def dispersion(hits: pd.DataFrame, terms: list[str], boundaries: pd.DataFrame, *, width=6.5):
    """Lexical dispersion plot: one row per term, a tick at each occurrence's corpus
    position (``hits`` from :func:`newsframes.analysis.terms.dispersion`), dashed lines at the
    article boundaries (from :func:`newsframes.analysis.terms.article_boundaries`) with the
    article ids above the plot, when there are at most :data:`MAX_BOUNDARIES` articles
    (an id too close to the one before is left out); ticks thin out as occurrences grow."""
    apply_style()
    fig, ax = plt.subplots(figsize=(width, 0.35 * len(terms) + 1.2))
    most = max((int((hits["term"] == t).sum()) for t in terms), default=0)
    thin = most > 200
    for row, term in enumerate(terms):
        x = hits.loc[hits["term"] == term, "position"].to_numpy()
        ax.plot(x, [row] * len(x), "|", color=COLOR, markersize=14,
                markeredgewidth=0.4 if thin else 1.5)  # fmt: skip
    starts = boundaries["first"].to_numpy()[1:]
    end = boundaries["last"].max() + 0.5 if len(boundaries) else 1
    ax.set_xlim(-0.5, end)
    if len(starts) <= MAX_BOUNDARIES:
        for start in starts:
            ax.axvline(start - 0.5, color="#999999", linestyle="--", linewidth=0.8)
        label = "token position in the corpus (dashed lines: article boundaries, article ids above)"
        _label_articles(ax, boundaries, width_in=width)
    else:
        label = f"token position in the corpus ({len(starts) + 1:,} articles, in identifier order)"
    ax.set_yticks(range(len(terms)), [words(t) for t in terms])
    ax.set_ylim(len(terms) - 0.5, -0.5)
    ax.ticklabel_format(axis="x", style="plain")
    integer_ticks(ax.xaxis)  # token positions
    ax.xaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
    ax.set_xlabel(label)
    ax.grid(axis="y", visible=False)
    return fig


def _label_articles(ax, boundaries: pd.DataFrame, *, width_in: float) -> None:
    """Each article's id above the plot at the article's first token (a top axis),
    rotated; an id closer than one label's height to the previous one is left out."""
    left, right = ax.get_xlim()
    per_point = (right - left) / (width_in * 0.8 * 72)  # data units per point, roughly
    gap = 1.6 * BOUNDARY_LABEL_PT * per_point
    ticks, labels, last = [], [], -np.inf
    for first, article_id in zip(boundaries["first"], boundaries["article_id"], strict=True):
        if first - last >= gap:
            ticks.append(first - 0.5)
            labels.append(str(article_id))
            last = first
    top = ax.secondary_xaxis("top")
    top.set_xticks(ticks, labels, rotation=90, fontsize=BOUNDARY_LABEL_PT)
    top.tick_params(length=2, pad=1)
    top.spines["top"].set_visible(False)


LABEL_COLORS = {"PERSON": "#2f5d8a", "ORG": "#c0504d", "GPE": "#4f9a5f", "LOC": "#8c6bb1",
                "FAC": "#d08c2f", "NORP": "#777777"}  # fmt: skip
LABEL_WORDS = {"PERSON": "person", "ORG": "organisation", "GPE": "country, state or city",
               "LOC": "place", "FAC": "building or facility",
               "NORP": "nationality or group"}  # fmt: skip
MAX_NODES = 15


def dateline_counts(mentions: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """What the datelines add to the co-occurrence network: the outlet and the city of
    a dateline (``TOKYO, September 14 /TASS/``) are named in one sentence, but they are
    not actors of the story meeting there.

    ``mentions``: the entities table (columns article_id, sent_id, actor, mention).
    Returns ``(pairs, n_dateline)``: pairs has columns actor1, actor2 (alphabetical),
    n_sentences: the sentences in which the pair co-occurs only through a dateline
    mention (one of the two is named there only in the dateline); n_dateline is the
    number of dateline mentions of each actor. Actor names are those of the entities
    table.
    """
    counts: dict[tuple[str, str], int] = {}
    is_dateline = mentions["mention"] == "dateline"
    keys = mentions.loc[is_dateline, ["article_id", "sent_id"]].drop_duplicates()
    in_dateline_sentence = mentions.merge(keys, on=["article_id", "sent_id"])
    for _, group in in_dateline_sentence.groupby(["article_id", "sent_id"], sort=False):
        named = set(group.loc[group["mention"] != "dateline", "actor"])
        only_dateline = set(group.loc[group["mention"] == "dateline", "actor"]) - named
        for a, b in itertools.combinations(sorted(named | only_dateline), 2):
            if a in only_dateline or b in only_dateline:
                counts[(a, b)] = counts.get((a, b), 0) + 1
    pairs = pd.DataFrame([(a, b, n) for (a, b), n in counts.items()],
                         columns=["actor1", "actor2", "n_sentences"])  # fmt: skip
    n_dateline = mentions.loc[is_dateline, "actor"].value_counts().rename("n_dateline")
    return pairs, n_dateline


def without_datelines(
    pairs: pd.DataFrame, actors: pd.DataFrame, mentions: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``pairs`` (the cooccurrence table) and ``actors`` (the actors table) less what
    the datelines add (:func:`dateline_counts`): n_sentences and n_mentions reduced, pairs
    and actors left with none dropped. The tables themselves are not changed."""
    dateline_pairs, n_dateline = dateline_counts(mentions)
    out = pairs.merge(dateline_pairs, on=["actor1", "actor2"], how="left", suffixes=("", "_d"))
    out["n_sentences"] = out["n_sentences"] - out["n_sentences_d"].fillna(0).astype(int)
    out = out[out["n_sentences"] > 0].drop(columns=["n_sentences_d"])
    less = actors["actor"].map(n_dateline).fillna(0).astype(int)
    kept = actors.assign(n_mentions=actors["n_mentions"] - less.to_numpy())
    kept = kept[kept["n_mentions"] > 0].sort_values("n_mentions", ascending=False, kind="stable")
    return out.reset_index(drop=True), kept.reset_index(drop=True)


def network(
    pairs: pd.DataFrame,
    actors: pd.DataFrame,
    *,
    mentions: pd.DataFrame | None = None,
    max_nodes: int = MAX_NODES,
    width=6.5,
):
    """Co-occurrence network of the ``max_nodes`` most-mentioned actors: actors as nodes
    (area by mentions, colour by type), edges by the sentences naming both; sizes and
    widths are relative to the largest shown. Given ``mentions`` (the entities table),
    dateline mentions are left out (:func:`without_datelines`). Names are written below
    their nodes and moved apart until none overlaps another (:func:`separate_labels`).
    The layout is seeded, so the same tables draw the same figure."""
    import networkx as nx

    apply_style()
    if mentions is not None:
        pairs, actors = without_datelines(pairs, actors, mentions)
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
    pos = nx.spring_layout(g, seed=7, weight="weight", iterations=200,
                           k=3.0 / max(1, g.number_of_nodes()) ** 0.5)  # fmt: skip
    # Sizes and widths relative to the largest shown, so that a corpus of 500 articles
    # draws as readably as one of a single article.
    weights = [g[a][b]["weight"] for a, b in g.edges()]
    top_weight = max(weights, default=1)
    nx.draw_networkx_edges(g, pos, ax=ax, width=[0.6 + 3.0 * w / top_weight for w in weights],
                           edge_color="#cccccc")  # fmt: skip
    nodes = list(g.nodes())
    mentions_n = [int(info.loc[n, "n_mentions"]) for n in nodes]
    top_mentions = max(mentions_n)
    sizes = [120 + 780 * (m / top_mentions) ** 0.5 for m in mentions_n]
    nx.draw_networkx_nodes(
        g, pos, ax=ax, nodelist=nodes, node_size=sizes,
        node_color=[LABEL_COLORS.get(info.loc[n, "label"], "#777777") for n in nodes],
    )  # fmt: skip
    ax.margins(0.15)
    texts = [
        ax.annotate(node, pos[node], xytext=(0, -(size**0.5) / 2 - 1), textcoords="offset points",
                    ha="center", va="top", fontsize=7,
                    bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7})
        for node, size in zip(nodes, sizes, strict=True)
    ]  # fmt: skip
    shown = set(info.loc[nodes, "label"])
    handles = [
        plt.Line2D([], [], marker="o", linestyle="", color=c, label=LABEL_WORDS.get(lab, lab))
        for lab, c in LABEL_COLORS.items()
        if lab in shown
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=len(handles),
              fontsize=7, frameon=False, handletextpad=0.2, columnspacing=1.2)  # fmt: skip
    ax.axis("off")
    separate_labels(fig, texts)
    return fig


def separate_labels(fig, texts, *, pad_px: float = 1.5, rounds: int = 300) -> None:
    """Move the annotations ``texts`` (``ax.annotate`` with offsets in points) apart
    until no two of their boxes overlap: each overlapping pair is pushed apart along the
    axis where they overlap least, half each way."""
    if len(texts) < 2:
        return
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    to_points = 72 / fig.dpi
    for _ in range(rounds):
        boxes = [t.get_window_extent(renderer) for t in texts]
        moved = False
        for i, j in itertools.combinations(range(len(texts)), 2):
            a, b = boxes[i], boxes[j]
            dx = min(a.x1, b.x1) - max(a.x0, b.x0) + pad_px  # overlap along x
            dy = min(a.y1, b.y1) - max(a.y0, b.y0) + pad_px
            if dx <= 0 or dy <= 0:
                continue
            moved = True
            if dy <= dx:  # apart vertically: the upper one up
                sign = 1 if (a.y0 + a.y1) >= (b.y0 + b.y1) else -1
                shift_i, shift_j = (0, sign * dy / 2), (0, -sign * dy / 2)
            else:
                sign = 1 if (a.x0 + a.x1) >= (b.x0 + b.x1) else -1
                shift_i, shift_j = (sign * dx / 2, 0), (-sign * dx / 2, 0)
            for k, (sx, sy) in ((i, shift_i), (j, shift_j)):
                x, y = texts[k].xyann
                texts[k].xyann = (x + sx * to_points, y + sy * to_points)
                boxes[k] = texts[k].get_window_extent(renderer)
        if not moved:
            return


def nothing(message: str, *, width: float = 6.0):
    """A figure that says in words why there is nothing to draw (no data)."""
    apply_style()
    fig, ax = plt.subplots(figsize=(width, 1.0))
    ax.axis("off")
    ax.text(0.5, 0.5, message, ha="center", va="center")
    return fig


PALETTE = ("#2f5d8a", "#c8742b", "#5b8f3a", "#8a3f6b", "#6f6f6f", "#3f8f8f", "#b3a21d", "#9c3a2e")


def intervals(rates: pd.DataFrame, *, xlabel: str, width: float = 6.0):
    """Rates with their intervals: one row per ``label`` (a group), a dot per ``side``
    (e.g. narration and sources) at ``rate`` with a line from ``low`` to ``high``."""
    if rates.empty:
        return nothing("No words to count.", width=width)
    apply_style()
    labels = list(dict.fromkeys(rates["label"]))
    sides = list(dict.fromkeys(rates["side"]))
    fig, ax = plt.subplots(figsize=(width, 0.45 * len(labels) * max(1, len(sides)) / 1.5 + 1.2))
    step = 0.7 / max(1, len(sides))
    for k, side in enumerate(sides):
        part = rates[rates["side"] == side]
        y = [labels.index(x) + (k - (len(sides) - 1) / 2) * step for x in part["label"]]
        color = PALETTE[k % len(PALETTE)]
        ax.hlines(y, part["low"], part["high"], color=color, linewidth=1.5)
        ax.plot(part["rate"], y, "o", color=color, label=words(side))
    ax.set_yticks(range(len(labels)), [words(x) for x in labels])
    ax.invert_yaxis()
    ax.set_xlabel(words(xlabel))
    top = float(rates["high"].replace(np.inf, np.nan).max()) if len(rates) else 1.0
    ax.set_xlim(-0.03 * (top or 1.0), (top or 1.0) * 1.05)  # a rate of 0 stays visible
    ax.grid(axis="y", visible=False)
    if len(sides) > 1:  # below the axes, never over an interval
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.35), ncol=len(sides), frameon=False)
    return fig


def stacked_shares(shares: pd.DataFrame, *, xlabel: str = "share of mentions", width=6.5):
    """Horizontal stacked bars: one bar per row of ``shares`` (index: a label), one
    segment per column (shares summing to 1), the columns named in a legend."""
    if shares.empty:
        return nothing("No mention to show.", width=width)
    apply_style()
    fig, ax = plt.subplots(figsize=(width, 0.4 * len(shares) + 1.6))
    left = np.zeros(len(shares))
    labels = [words(i) for i in shares.index]
    for k, column in enumerate(shares.columns):
        values = shares[column].to_numpy(dtype=float)
        ax.barh(labels, values, left=left, color=PALETTE[k % len(PALETTE)], label=str(column))
        left += values
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel(words(xlabel))
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=2, frameon=False, fontsize=8)
    return fig


def scatter_labelled(points: pd.DataFrame, *, x: str, y: str, label: str, n_labels: int = 12,
                     xlabel: str, ylabel: str, logx: bool = True, title: str = "",
                     width: float = 6.5):  # fmt: skip
    """A scatter of ``points`` (columns ``x``, ``y``, ``label``), the ``n_labels`` points of
    largest absolute ``y`` named, a line at y = 0 (a log-odds plot: z against frequency)."""
    if points.empty:
        return nothing("No word was tested.", width=width)
    apply_style()
    fig, ax = plt.subplots(figsize=(width, 4.0))
    ax.scatter(points[x], points[y], s=10, color="#999999", alpha=0.6, linewidths=0)
    top = points.reindex(points[y].abs().sort_values(ascending=False).index).head(n_labels)
    ax.scatter(top[x], top[y], s=14, color=COLOR)
    texts = [ax.annotate(str(t), (a, b), fontsize=7, xytext=(3, 2), textcoords="offset points")
             for a, b, t in zip(top[x], top[y], top[label], strict=True)]  # fmt: skip
    ax.axhline(0, color="black", linewidth=0.8)
    if logx:
        ax.set_xscale("log")
        # plain numbers: with text.parse_math off, the default log labels print as TeX code
        ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:g}"))
        ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    ax.set_xlabel(words(xlabel))
    ax.set_ylabel(words(ylabel))
    if title:
        ax.set_title(title)
    separate_labels(fig, texts)
    return fig


def heatmap(values: pd.DataFrame, *, label: str, width: float = 6.5):
    """A matrix of shares (rows: groups, columns: categories, shown as words), each cell
    coloured by its value and printed as a percentage."""
    if values.empty:
        return nothing("No sentence cues a frame.", width=width)
    apply_style()
    fig, ax = plt.subplots(figsize=(width, 0.45 * len(values) + 2.4))
    data = values.to_numpy(dtype=float)
    image = ax.imshow(data, cmap="Blues", aspect="auto", vmin=0)
    ax.set_xticks(range(values.shape[1]), [words(c) for c in values.columns], rotation=45,
                  ha="right")  # fmt: skip
    ax.set_yticks(range(values.shape[0]), [words(i) for i in values.index])
    ax.grid(False)
    top = np.nanmax(data) if data.size else 0
    for (i, j), v in np.ndenumerate(data):
        ax.text(j, i, f"{v:.0%}", ha="center", va="center", fontsize=7,
                color="white" if top and v > 0.6 * top else "black")  # fmt: skip
    fig.colorbar(image, ax=ax, label=words(label), shrink=0.8)
    return fig


def timeline(counts: pd.DataFrame, *, width: float = 6.5):
    """Two panels over a date axis: articles per ``date`` and ``group`` (bars stacked by
    group) and the loaded-language ``rate`` per 1,000 words of each group on each date,
    as points (a line would suggest a trend between dates with no article)."""
    if counts.empty:
        return nothing("No dated article.", width=width)
    apply_style()
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(width, 4.6), sharex=True)
    when = pd.to_datetime(counts["date"])
    days = sorted(when.unique())
    stacked = pd.Series(0.0, index=days)
    for k, (group, part) in enumerate(counts.assign(when=when).groupby("group", sort=True)):
        color = PALETTE[k % len(PALETTE)]
        n = part.groupby("when")["n_articles"].sum().reindex(days, fill_value=0)
        top.bar(days, n.to_numpy(), bottom=stacked.to_numpy(), color=color, width=0.8,
                label=str(group))  # fmt: skip
        stacked += n
        bottom.plot(part["when"], part["rate"], "o", color=color, markersize=4)
    top.set_ylabel("articles")
    integer_ticks(top.yaxis)
    top.legend(frameon=False, fontsize=7, ncol=min(4, counts["group"].nunique()))
    bottom.set_ylabel("loaded words per 1,000")
    bottom.xaxis.set_major_formatter(matplotlib.dates.DateFormatter("%Y-%m-%d"))
    for label in bottom.get_xticklabels():
        label.set_rotation(45)
        label.set_ha("right")
    for ax in (top, bottom):
        ax.grid(axis="x", visible=False)
    return fig


def scale(runs: pd.DataFrame, goals: dict[str, float], *, width: float = 6.5):
    """Cost against corpus size (one run of ``make bench-scale``, one row per size):
    four panels over ``n_articles``, each with its goal as a dashed line: the command
    line's throughput over bare NLTK's (``cli_over_bare``) and the cached rerun's
    speed-up (``rerun_speedup``), the book's wall time in minutes (``book_seconds``),
    peak memory of the command line and of the book (``cli_peak_mb``, ``book_peak_mb``),
    and the size of the web site (``site_mb``). ``goals`` holds ``cli_over_bare``,
    ``rerun_speedup`` and ``book_minutes``."""
    apply_style()
    fig, axes = plt.subplots(2, 2, figsize=(width, 4.8), sharex=True)
    n = runs["n_articles"]
    (speed, duration), (memory, site) = axes
    speed.plot(n, runs["cli_over_bare"], "o-", color=COLOR, label="end to end / bare NLTK")
    speed.plot(n, runs["rerun_speedup"], "s-", color=PALETTE[1], label="cached rerun speed-up")
    speed.set_yscale("log")
    for goal in ("cli_over_bare", "rerun_speedup"):
        speed.axhline(goals[goal], color="grey", linestyle="--", linewidth=0.8)
    speed.yaxis.set_major_formatter(matplotlib.ticker.ScalarFormatter())
    speed.set_ylabel("times")
    speed.legend(frameon=False, fontsize=7)
    duration.plot(n, runs["book_seconds"] / 60, "o-", color=COLOR)
    duration.axhline(goals["book_minutes"], color="grey", linestyle="--", linewidth=0.8)
    duration.set_ylabel("book (HTML and PDF), minutes")
    duration.set_ylim(bottom=0)
    memory.plot(n, runs["cli_peak_mb"], "o-", color=COLOR, label="command line")
    memory.plot(n, runs["book_peak_mb"], "s-", color=PALETTE[1], label="book")
    memory.set_ylabel("peak memory, MB")
    memory.set_ylim(bottom=0)
    memory.legend(frameon=False, fontsize=7)
    site.plot(n, runs["site_mb"], "o-", color=COLOR)
    site.set_ylabel("web site, MB")
    site.set_ylim(bottom=0)
    for ax in (memory, site):
        ax.set_xlabel("articles")
        ax.xaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
    return fig
