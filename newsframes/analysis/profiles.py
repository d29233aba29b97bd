"""Framing indicators over the hits of :mod:`newsframes.analysis.framing`: rates per
1,000 running words by voice and speaker, the outlet's narration against its sources,
frame profiles, example sentences, actor labels and agency, and candidate sentences of
Entman's four functions.

Every figure is an *indicator*: a count of listed words, traceable to its rows of the
``framing`` table, not a judgement of what a sentence does.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from newsframes.analysis import terms


def word_counts(tokens: pd.DataFrame, by=("voice", "speaker")) -> pd.DataFrame:
    """The running words (:func:`terms.running_words`) counted by the token columns
    ``by``: columns [by...], n_words, sorted by them; a missing value is a group of its
    own (last). What :func:`rates` divides by, for a caller that should not keep the
    tokens."""
    by = list(by)
    # Only the columns counted: a row filter copies every column it is given.
    words = terms.running_words(tokens[[*dict.fromkeys([*by, "is_punct", "is_dateline"])]])
    return words.groupby(by, dropna=False).size().rename("n_words").reset_index()


def rates(
    hits: pd.DataFrame,
    tokens: pd.DataFrame | None = None,
    *,
    by=("voice", "speaker"),
    per: int = 1000,
    words: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Hits per ``per`` running words, by category and by the token columns ``by``; the
    words are counted in ``tokens``, or given as ``words`` (:func:`word_counts` by ``by``
    or by more columns).

    Returns columns [by...], category, n_hits, n_words, rate; groups with words but no
    hit of a category get rate 0; sorted by the group columns, then category.
    """
    by = list(by)
    columns = by + ["category", "n_hits", "n_words", "rate"]
    if hits.empty:
        return pd.DataFrame(columns=columns)
    if words is None:
        words = word_counts(tokens, by)
    size = words.groupby(by)["n_words"].sum().reset_index()
    n = hits.groupby(by + ["category"]).size().rename("n_hits").reset_index()
    cats = pd.DataFrame({"category": sorted(hits["category"].unique())})
    grid = size.merge(cats, how="cross").merge(n, on=by + ["category"], how="left")
    grid["n_hits"] = grid["n_hits"].fillna(0).astype(int)
    grid["rate"] = grid["n_hits"] / grid["n_words"] * per
    return (
        grid[by + ["category", "n_hits", "n_words", "rate"]]
        .sort_values(by + ["category"])
        .reset_index(drop=True)
    )


def frame_profile(frames: pd.DataFrame, sentences: pd.DataFrame, *, by="voice") -> pd.DataFrame:
    """Share of sentences cueing each frame, per value of a sentence column (``voice``,
    ``article_id``...). Returns columns [by], frame, n_sentences, share."""
    keep = list(dict.fromkeys(["article_id", "sent_id", by]))
    cued = frames.merge(sentences[keep], on=["article_id", "sent_id"])
    n = cued.groupby([by, "frame"])["sent_id"].size().rename("n_sentences").reset_index()
    total = sentences[sentences["kind"] == "text"].groupby(by).size().rename("total").reset_index()
    n = n.merge(total, on=by)
    n["share"] = n["n_sentences"] / n["total"]
    return (
        n.drop(columns="total")
        .sort_values([by, "share", "frame"], ascending=[True, False, True])
        .reset_index(drop=True)
    )


AGENTS = ("PERSON", "ORG")  # the mentions :func:`agency` looks for verbs after


def naming_sentences(entities: pd.DataFrame, tokens: pd.DataFrame) -> pd.Series:
    """Which ``tokens`` (columns article_id, sent_id) are in a sentence that names a
    person or an organization (:data:`AGENTS`): the only tokens :func:`agency` reads, so
    a caller can decode the other columns of those rows only."""
    people = entities.loc[entities["label"].isin(AGENTS), ["article_id", "sent_id"]]
    keep = tokens["article_id"].isin(people["article_id"].unique())
    pairs = pd.MultiIndex.from_frame(tokens.loc[keep, ["article_id", "sent_id"]])
    keep[keep] = pairs.isin(pd.MultiIndex.from_frame(people))
    return keep


def agency(entities: pd.DataFrame, tokens: pd.DataFrame) -> pd.DataFrame:
    """Verbs of which an actor is the grammatical subject, by a simple POS pattern:
    a PERSON or ORG mention, optionally coordinated with others (``X and Y``) and
    followed by a parenthesised acronym, then up to two adverbs, then a finite verb
    (VBD, VBZ, VBP or MD; a modal takes the verb after it).

    Returns columns actor, article_id, sent_id, verb (lemma), token, voice; sorted.
    """
    rows = []
    people = entities[entities["label"].isin(AGENTS)]
    # Only the sentences that name someone: a subject's verb is in its own sentence, and
    # the scan from a mention ends where its sentence does.
    tokens = tokens[naming_sentences(entities, tokens)]
    for article_id, toks in tokens.groupby("article_id", sort=True):
        toks = toks.sort_values("tok_id").reset_index(drop=True)
        ments = people[people["article_id"] == article_id].sort_values("start")
        starts = set(ments["start"].astype(int))
        for m in ments.itertuples():
            k = _row_ending_at(toks, int(m.end))
            if k is None:
                continue
            subjects = [m.actor]
            k += 1
            while k < len(toks):
                tok = toks["token"].iat[k]
                if tok == "(" and k + 2 < len(toks) and toks["token"].iat[k + 2] == ")":
                    k += 3
                    continue
                if (
                    tok.lower() == "and"
                    and k + 1 < len(toks)
                    and int(toks["start"].iat[k + 1]) in starts
                ):
                    nxt = ments[ments["start"] == toks["start"].iat[k + 1]].iloc[0]
                    end_row = _row_ending_at(toks, int(nxt["end"]))
                    if end_row is None:  # a mention ending inside a token: stop here
                        break
                    subjects.append(nxt["actor"])
                    k = end_row + 1
                    continue
                break
            adverbs = 0
            while k < len(toks) and toks["pos"].iat[k].startswith("RB") and adverbs < 2:
                k += 1
                adverbs += 1
            if k >= len(toks) or toks["sent_id"].iat[k] != m.sent_id:
                continue
            tag = toks["pos"].iat[k]
            if tag == "MD" and k + 1 < len(toks) and toks["pos"].iat[k + 1].startswith("VB"):
                k += 1
                tag = "VB"
            if tag in ("VBD", "VBZ", "VBP", "VB"):
                for actor in subjects:
                    rows.append((actor, article_id, int(m.sent_id), toks["lemma"].iat[k].lower(),
                                 toks["token"].iat[k], toks["voice"].iat[k]))  # fmt: skip
    out = pd.DataFrame(rows, columns=["actor", "article_id", "sent_id", "verb", "token", "voice"])
    return (
        out.drop_duplicates()
        .sort_values(["actor", "article_id", "sent_id", "verb"])
        .reset_index(drop=True)
    )


def _row_ending_at(toks: pd.DataFrame, end: int) -> int | None:
    hit = toks.index[toks["end"] == end]
    return int(hit[0]) if len(hit) else None


def tokens_at(tokens: pd.DataFrame, places: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Columns article_id, start and ``columns`` of the tokens that may start where a
    row of ``places`` starts: those of its articles at its offsets. A join on
    (article_id, start) that follows gives the same rows as with every token, from a
    smaller table; the articles are matched as well as the offsets because offsets
    repeat from article to article."""
    can = tokens["article_id"].isin(places["article_id"].unique())
    can &= tokens["start"].isin(places["start"].unique())
    return tokens.loc[can, ["article_id", "start", *columns]]


def actor_labels(entities: pd.DataFrame, tokens: pd.DataFrame) -> pd.DataFrame:
    """How each actor is labelled, and in which voice: every role given by apposition
    and every role-only reference, with the voice and speaker of its words.

    Returns columns actor, label (the role as written), voice, speaker, n; sorted by
    actor, n descending, label.
    """
    e = entities[entities["role"] != ""]
    if e.empty:
        return pd.DataFrame(columns=["actor", "label", "voice", "speaker", "n"])
    at = tokens_at(tokens, e, ["voice", "speaker"])
    voice = at.set_index(["article_id", "start"])[["voice", "speaker"]]
    keyed = e.merge(voice, left_on=["article_id", "start"], right_index=True, how="left")
    out = keyed.groupby(["actor", "role", "voice", "speaker"]).size().rename("n").reset_index()
    out = out.rename(columns={"role": "label"})
    return out.sort_values(["actor", "n", "label"], ascending=[True, False, True]).reset_index(
        drop=True
    )


def entman_candidates(hits: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Sentences that carry cues of Entman's (1993) four framing functions, as an aid to
    the analyst (a cue is not a function performed).

    Returns columns article_id, sent_id, function, cues (the matched words, ``; ``-joined),
    voice, speaker, text; sorted by function order, article_id, sent_id.
    """
    e = hits[hits["category"] == "entman"]
    cues = e.groupby(["article_id", "sent_id", "subcategory"])["text"].apply(
        lambda t: "; ".join(sorted(set(t)))).rename("cues").reset_index()  # fmt: skip
    cues = cues.rename(columns={"subcategory": "function"})
    out = cues.merge(sentences[["article_id", "sent_id", "voice", "speaker", "text"]],
                     on=["article_id", "sent_id"])  # fmt: skip
    out["order"] = out["function"].map({f: i for i, f in enumerate(ENTMAN_FUNCTIONS)})
    return (
        out.sort_values(["order", "article_id", "sent_id"])
        .drop(columns="order")
        .reset_index(drop=True)
    )


def with_source(tokens: pd.DataFrame) -> pd.DataFrame:
    """``tokens`` with a column ``source``: ``outlet`` for the outlet's own narration,
    ``sources`` for words quoted or reported from someone else."""
    return tokens.assign(source=np.where(tokens["voice"] == "narrative", "outlet", "sources"))


def voice_contrast(hits: pd.DataFrame, tokens: pd.DataFrame, *, category: str = "loaded",
                   per: int = 1000) -> pd.DataFrame:  # fmt: skip
    """Hits of ``category`` per ``per`` running words in the outlet's narration and in
    its sources' quoted or reported words (see :func:`with_source`).

    Returns two rows (``outlet``, ``sources``; a side with no words is left out) with
    columns source, n_hits, n_words, rate.
    """
    h = hits[hits["category"] == category]
    at = tokens_at(tokens, h, ["voice"])
    h = h.merge(with_source(at)[["article_id", "start", "source"]], on=["article_id", "start"],
                how="left")  # fmt: skip
    voice = tokens.loc[terms.is_running(tokens), "voice"]
    narrative = int((voice == "narrative").sum())
    n_words = pd.Series({"outlet": narrative, "sources": len(voice) - narrative}, name="n_words")
    out = n_words[n_words > 0].rename_axis("source").to_frame()
    out["n_hits"] = h.groupby("source").size().reindex(out.index, fill_value=0)
    out["rate"] = out["n_hits"] / out["n_words"] * per
    return out.reset_index()[["source", "n_hits", "n_words", "rate"]]


def examples(hits: pd.DataFrame, sentences: pd.DataFrame, *, category: str, n: int = 3):
    """Evidence: for each subcategory of ``category``, up to ``n`` sentences with the
    most hits (ties in text order), with the hit words.

    Returns columns subcategory, article_id, sent_id, hits (the words, ``; ``-joined),
    voice, speaker, text.
    """
    h = hits[hits["category"] == category]
    if h.empty:
        return pd.DataFrame(columns=["subcategory", "article_id", "sent_id", "hits", "voice",
                                     "speaker", "text"])  # fmt: skip
    g = h.groupby(["subcategory", "article_id", "sent_id"])["text"].agg(
        lambda t: "; ".join(sorted(set(t))), ).rename("hits").reset_index()  # fmt: skip
    g["n"] = h.groupby(["subcategory", "article_id", "sent_id"]).size().to_numpy()
    g = g.sort_values(
        ["subcategory", "n", "article_id", "sent_id"], ascending=[True, False, True, True]
    )
    g = g.groupby("subcategory").head(n)
    out = g.merge(sentences[["article_id", "sent_id", "voice", "speaker", "text"]],
                  on=["article_id", "sent_id"])  # fmt: skip
    return out.drop(columns="n").reset_index(drop=True)


ENTMAN_FUNCTIONS = ("problem_definition", "causal_interpretation", "moral_evaluation",
                    "treatment_recommendation")  # fmt: skip
