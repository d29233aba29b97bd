"""Precision, recall and F1 of span annotations against gold annotations.

A span is ``(article_id, start, end, label)``. Two matching modes:

- **strict**: same article, same start and end, same label;
- **lenient**: same article and label, and the spans overlap (each gold span is
  matched at most once, to the first overlapping prediction in text order).

Precision = matched predictions / predictions; recall = matched gold spans / gold
spans; F1 = their harmonic mean (0 when both are 0). The micro-averaged row ``ALL``
pools every label.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from newsframes.analysis.entities import LABELS
from newsframes.analysis.words import STRAIGHTEN

SPAN = ["article_id", "start", "end", "label"]
SCORE_COLUMNS = ["mode", "label", "n_gold", "n_pred", "tp", "precision", "recall", "f1"]
ERROR_COLUMNS = ["article_id", "start", "end", "text", "error", "predicted", "gold"]


def _overlapping(df: pd.DataFrame, article_id, start: int, end: int) -> pd.DataFrame:
    """The rows of ``df`` in ``article_id`` whose span overlaps ``[start, end)``."""
    return df[(df["article_id"] == article_id) & (df["start"] < end) & (df["end"] > start)]


def _match(pred: pd.DataFrame, gold: pd.DataFrame, mode: str) -> tuple[set[int], set[int]]:
    """Indices of matched predictions and matched gold rows."""
    if mode == "strict":  # one-to-one: a gold span matches one prediction at most
        free = {tuple(r): i for i, r in zip(gold.index, gold[SPAN].itertuples(index=False),
                                            strict=True)}  # fmt: skip
        hits = []
        for i, r in zip(pred.index, pred[SPAN].itertuples(index=False), strict=True):
            if tuple(r) in free:
                hits.append((i, free.pop(tuple(r))))
        return {p for p, _ in hits}, {g for _, g in hits}
    if mode != "lenient":
        raise ValueError(f"mode must be 'strict' or 'lenient', not {mode!r}")
    used: set[int] = set()
    matched: set[int] = set()
    for i, p in pred.sort_values(["article_id", "start", "end"]).iterrows():
        cands = _overlapping(gold, p["article_id"], p["start"], p["end"])
        cands = cands[cands["label"] == p["label"]]
        free = [j for j in cands.index if j not in used]
        if free:
            used.add(free[0])
            matched.add(i)
    return matched, used


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def scores(pred: pd.DataFrame, gold: pd.DataFrame, *, labels=None) -> pd.DataFrame:
    """Precision, recall and F1 per label and overall, strict and lenient.

    ``pred`` and ``gold`` have at least article_id, start, end, label. Returns columns
    mode, label (each label, then ``ALL``), n_gold, n_pred, tp (matched predictions),
    precision, recall, f1; a label with no gold and no prediction is left out.
    """
    pred = pred[SPAN].reset_index(drop=True)
    gold = gold[SPAN].reset_index(drop=True)
    labels = list(labels) if labels is not None else sorted(set(pred["label"]) | set(gold["label"]))
    rows = []
    for mode in ("strict", "lenient"):
        mp, mg = _match(pred, gold, mode)
        for label in labels + ["ALL"]:
            pi = pred.index if label == "ALL" else pred.index[pred["label"] == label]
            gi = gold.index if label == "ALL" else gold.index[gold["label"] == label]
            if len(pi) == 0 and len(gi) == 0:
                continue
            tp_p = len(mp & set(pi))
            tp_g = len(mg & set(gi))
            p = tp_p / len(pi) if len(pi) else 0.0
            r = tp_g / len(gi) if len(gi) else 0.0
            rows.append((mode, label, len(gi), len(pi), tp_p, p, r, _f1(p, r)))
    return pd.DataFrame(rows, columns=SCORE_COLUMNS)


def errors(pred: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Every disagreement under strict matching, one row each.

    ``error`` is ``wrong label`` (same span, other label), ``wrong boundary`` (overlapping
    span, same label), ``missed`` (a gold span nothing overlaps with the same label) or
    ``spurious`` (a prediction nothing in the gold overlaps). Returns columns
    article_id, start, end, text, error, predicted, gold; sorted by article_id, start.
    """
    pred = pred.reset_index(drop=True)
    gold = gold.reset_index(drop=True)
    mp, mg = _match(pred, gold, "strict")
    rows = []
    p_left = pred.drop(index=list(mp))
    g_left = gold.drop(index=list(mg))
    explained_g: set[int] = set()
    for _, p in p_left.iterrows():
        over = _overlapping(g_left, p["article_id"], p["start"], p["end"])
        same_span = over[(over["start"] == p["start"]) & (over["end"] == p["end"])]
        if len(same_span):
            g = same_span.iloc[0]
            kind = "wrong label"
        elif len(over[over["label"] == p["label"]]):
            g = over[over["label"] == p["label"]].iloc[0]
            kind = "wrong boundary"
        else:
            rows.append(
                (p["article_id"], p["start"], p["end"], p["text"], "spurious", p["label"], "")
            )
            continue
        explained_g.add(g.name)
        text = f"{p['text']} / gold: {g['text']}" if kind == "wrong boundary" else p["text"]
        rows.append((p["article_id"], p["start"], p["end"], text, kind, p["label"], g["label"]))
    for i, g in g_left.iterrows():
        if i not in explained_g:
            rows.append(
                (g["article_id"], g["start"], g["end"], g["text"], "missed", "", g["label"])
            )
    out = pd.DataFrame(rows, columns=ERROR_COLUMNS)
    return out.sort_values(["article_id", "start", "end", "error"]).reset_index(drop=True)


def read_gold(path, *, articles: Iterable[str] | None = None) -> pd.DataFrame:
    """A gold CSV (article_id, start, end, text, label), article ids as strings; with
    ``articles``, only the annotations of those articles (the ones in the corpus: an
    annotated article that is not in the corpus cannot be scored)."""
    gold = pd.read_csv(path, dtype={"article_id": str}, keep_default_na=False)
    if articles is not None:
        gold = gold[gold["article_id"].isin(set(articles))].reset_index(drop=True)
    return gold


def covered(pred: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """The predictions for the articles the gold annotates (others cannot be scored)."""
    return pred[pred["article_id"].isin(set(gold["article_id"]))]


def f1_summary(table: pd.DataFrame, *, modes=("strict", "lenient")) -> str:
    """The overall F1 of a :func:`scores` table in words (``F1 0.949 strict and 0.962
    lenient``), or that nothing could be scored when the table is empty (no annotated
    article in the corpus)."""
    if table.empty:
        return "not measured (no article of this corpus has gold annotations)"
    parts = [f"{overall_f1(table, mode):.3f} {mode}" for mode in modes]
    return "F1 " + " and ".join(parts)


def overall_f1(table: pd.DataFrame, mode: str = "strict") -> float:
    """The micro-averaged F1 (row ``ALL``) of a :func:`scores` table; 0 when empty."""
    row = table[(table["mode"] == mode) & (table["label"] == "ALL")]
    return float(row["f1"].iloc[0]) if len(row) else 0.0


def attribute_agreement(pred: pd.DataFrame, gold: pd.DataFrame, attribute: str) -> pd.DataFrame:
    """For each gold span matched leniently by a prediction of the same label, whether
    the two agree on ``attribute`` (e.g. a quotation's ``speaker``).

    Returns columns article_id, start, end, text, gold_value, predicted_value, agrees;
    sorted by article_id, start.
    """
    rows = []
    for g in gold.itertuples():
        over = _overlapping(pred, g.article_id, g.start, g.end)
        over = over[over["label"] == g.label]
        if len(over):
            p = over.sort_values("start").iloc[0]
            gv, pv = getattr(g, attribute), p[attribute]
            rows.append((g.article_id, g.start, g.end, g.text, gv, pv, str(gv) == str(pv)))
    columns = ["article_id", "start", "end", "text", "gold_value", "predicted_value", "agrees"]
    return (
        pd.DataFrame(rows, columns=columns)
        .sort_values(["article_id", "start"])
        .reset_index(drop=True)
    )


def evaluate_entities(
    mentions: pd.DataFrame, gold_path, *, articles: Iterable[str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Score entity ``mentions`` (names: the rows of an ``entities`` table that are not
    role references) against a gold entities CSV, per label of
    :data:`entities.LABELS <newsframes.analysis.entities.LABELS>`, on the articles the
    gold annotates (of ``articles``, when given). Returns (:func:`scores`, :func:`errors`)."""
    gold = read_gold(gold_path, articles=articles)
    pred = covered(mentions, gold)
    return scores(pred, gold, labels=LABELS), errors(pred, gold)


def evaluate_quotes(
    quotes: pd.DataFrame, gold_path, *, articles: Iterable[str] | None = None
) -> tuple[pd.DataFrame, ...]:
    """Score a ``quotes`` table against a gold quotes CSV (kind as the label), on the
    articles the gold annotates (of ``articles``, when given: see :func:`read_gold`).
    Returns (:func:`scores`, :func:`errors`, speaker :func:`attribute_agreement`)."""
    gold = read_gold(gold_path, articles=articles).rename(columns={"kind": "label"})
    pred = covered(quotes.rename(columns={"kind": "label"}), gold)
    return scores(pred, gold), errors(pred, gold), attribute_agreement(pred, gold, "speaker")


def evaluate_loaded(
    hits: pd.DataFrame, gold_path, *, articles: Iterable[str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Score the ``loaded`` hits of a ``framing`` table against a gold loaded-language
    CSV (both subcategories as one label), on the articles the gold annotates (of
    ``articles``, when given). Returns (:func:`scores`, :func:`errors`)."""
    gold = read_gold(gold_path, articles=articles).assign(label="loaded")
    pred = covered(hits[hits["category"] == "loaded"].assign(label="loaded"), gold)
    return scores(pred, gold), errors(pred, gold)


# ----------------------------------------------------------------------------- summaries
#
# The few figures a reader asks of a detector, on one gold folder: how many gold
# quotations are found, how often the speaker is right, how much loaded language is
# found and at what cost in hits. Places (GPE, LOC, FAC) count as one label here, as
# a reader asking "is it a place?" does.

SUMMARY_COLUMNS = ["measure", "n_gold", "n_right", "value"]
PLACES = frozenset({"GPE", "LOC", "FAC"})


def same_name(a: object, b: object) -> bool:
    """Two speaker or source names are the same when they differ only in case, curly
    apostrophes or a leading ``the``."""

    def norm(x: object) -> str:
        s = " ".join(str(x).translate(STRAIGHTEN).casefold().split())
        return s[4:] if s.startswith("the ") else s

    return norm(a) == norm(b)


def _first_overlap(pred: pd.DataFrame, g) -> pd.Series | None:
    over = _overlapping(pred, g.article_id, g.start, g.end)
    over = over[over["label"] == g.label]
    return over.sort_values(["start", "end"]).iloc[0] if len(over) else None


def quote_summary(quotes: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Quotations found (a gold row overlapped by a prediction of the same kind), speakers
    right (of the gold direct and reported rows: the first overlapping prediction of
    the same kind names the same speaker; a row not found counts as wrong), and relaying
    sources right (of the gold rows with a ``via``). ``gold``: a quotes gold table
    (kind, speaker and, when present, via). Returns :data:`SUMMARY_COLUMNS`."""
    gold = gold.rename(columns={"kind": "label"}).reset_index(drop=True)
    pred = covered(quotes.rename(columns={"kind": "label"}), gold)
    found, speaker, direct, via = [], [], [], []
    for g in gold.itertuples():
        p = _first_overlap(pred, g)
        found.append(p is not None)
        right = p is not None and same_name(p["speaker"], g.speaker)
        if g.label in ("direct", "reported"):
            speaker.append(right)
        if g.label == "direct":
            direct.append(right)
        gold_via = getattr(g, "via", "")
        if isinstance(gold_via, str) and gold_via:
            via.append(p is not None and same_name(p.get("via", ""), gold_via))
    rows = [("quotations found", found), ("speaker right, direct and reported", speaker),
            ("speaker right, direct", direct), ("relaying source (via) right", via)]  # fmt: skip
    return _summary(rows)


def loaded_summary(hits: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Loaded-language phrases found (a gold span overlapped by a ``loaded`` hit) and
    hits per gold phrase (every ``loaded`` hit in the annotated articles over the gold
    spans: above 1 means hits the gold does not have). Returns :data:`SUMMARY_COLUMNS`."""
    gold = gold.assign(label="loaded").reset_index(drop=True)
    pred = covered(hits[hits["category"] == "loaded"].assign(label="loaded"), gold)
    found = [_first_overlap(pred, g) is not None for g in gold.itertuples()]
    out = _summary([("loaded phrases found", found)])
    per = len(pred) / len(gold) if len(gold) else 0.0
    extra = pd.DataFrame([("hits per gold phrase", len(gold), len(pred), per)],
                         columns=SUMMARY_COLUMNS)  # fmt: skip
    return pd.concat([out, extra], ignore_index=True)


def entity_summary(entities: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Entity mentions: F1 over PERSON, ORG, NORP and places (GPE, LOC and FAC as one
    label ``place``), strict and lenient. Returns :data:`SUMMARY_COLUMNS` (n_right:
    matched predictions)."""

    def merged(df: pd.DataFrame) -> pd.DataFrame:
        return df.assign(label=df["label"].where(~df["label"].isin(PLACES), "place"))

    gold = merged(gold)
    table = scores(merged(covered(entities, gold)), gold)
    rows = []
    for mode in ("strict", "lenient"):
        r = table[(table["mode"] == mode) & (table["label"] == "ALL")]
        if len(r):
            r = r.iloc[0]
            rows.append((f"entity F1, {mode}", int(r["n_gold"]), int(r["tp"]), float(r["f1"])))
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def _summary(rows) -> pd.DataFrame:
    out = [(name, len(v), int(sum(v)), sum(v) / len(v) if v else float("nan"))
           for name, v in rows]  # fmt: skip
    return pd.DataFrame(out, columns=SUMMARY_COLUMNS)


def detector_summary(tables: dict[str, pd.DataFrame], gold_dir) -> pd.DataFrame:
    """:func:`entity_summary`, :func:`quote_summary` and :func:`loaded_summary` of an
    analysis (``entities``, ``quotes`` and ``framing`` tables) against the gold folder
    ``gold_dir`` (``entities.csv``, ``quotes.csv``, ``loaded.csv``), on the annotated
    articles the analysis has. Returns :data:`SUMMARY_COLUMNS`."""
    from pathlib import Path

    gold_dir = Path(gold_dir)
    if "articles" in tables:
        articles = set(tables["articles"]["article_id"].astype(str))
    else:
        articles = set(tables["entities"]["article_id"]) | set(tables["quotes"]["article_id"])
    parts = [
        entity_summary(tables["entities"], read_gold(gold_dir / "entities.csv",
                                                     articles=articles)),
        quote_summary(tables["quotes"], read_gold(gold_dir / "quotes.csv", articles=articles)),
        loaded_summary(tables["framing"], read_gold(gold_dir / "loaded.csv", articles=articles)),
    ]  # fmt: skip
    return pd.concat(parts, ignore_index=True)
