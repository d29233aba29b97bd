"""Descriptive statistics of the ``tokens`` and ``sentences`` tables: size, variety,
sentence length and the part-of-speech distribution."""

from __future__ import annotations

import pandas as pd


def sentence_lengths(tokens: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Words (non-punctuation tokens) per sentence of kind ``text`` (datelines left out).

    Returns columns article_id, sent_id, n_words, sorted by article_id, sent_id.
    """
    words = (
        tokens.loc[~tokens["is_punct"], ["article_id", "sent_id"]]
        .groupby(["article_id", "sent_id"])
        .size()
    )
    text = sentences.loc[sentences["kind"] == "text", ["article_id", "sent_id"]]
    index = pd.MultiIndex.from_frame(text)
    out = words.reindex(index, fill_value=0).rename("n_words").reset_index()
    return out.sort_values(["article_id", "sent_id"]).reset_index(drop=True)


def token_stats(
    tokens: pd.DataFrame, sentences: pd.DataFrame, *, by_article: bool = False
) -> pd.DataFrame:
    """Size and variety of the text, for the whole corpus or per article.

    Returns one row (or one per article, with article_id first) with columns:
    n_sentences (all sentences, datelines included), n_tokens (all tokens,
    punctuation included), n_words (tokens that are not punctuation), n_types
    (distinct lower-cased words), ttr (type-token ratio, n_types / n_words) and
    mean_sentence_length (words per sentence of kind ``text``).
    """
    words = tokens.loc[~tokens["is_punct"], ["article_id", "lower"]]  # a filter copies each column
    lengths = sentence_lengths(tokens, sentences)

    def stats(t: pd.DataFrame, w: pd.DataFrame, s: pd.DataFrame, n: pd.DataFrame) -> dict:
        n_words = len(w)
        return {
            "n_sentences": len(s),
            "n_tokens": len(t),
            "n_words": n_words,
            "n_types": w["lower"].nunique(),
            "ttr": w["lower"].nunique() / n_words if n_words else float("nan"),
            "mean_sentence_length": n["n_words"].mean() if len(n) else float("nan"),
        }

    if not by_article:
        return pd.DataFrame([stats(tokens, words, sentences, lengths)])
    ids = pd.Index(sorted(sentences["article_id"].unique()), name="article_id")

    def per_article(counts: pd.Series, fill) -> pd.Series:
        return counts.reindex(ids, fill_value=fill)

    n_words = per_article(words.groupby("article_id").size(), 0)
    n_types = per_article(words.groupby("article_id")["lower"].nunique(), 0)
    out = pd.DataFrame(
        {
            "n_sentences": per_article(sentences.groupby("article_id").size(), 0),
            "n_tokens": per_article(tokens.groupby("article_id").size(), 0),
            "n_words": n_words,
            "n_types": n_types,
            "ttr": (n_types / n_words.where(n_words > 0)).astype(float),
            "mean_sentence_length": lengths.groupby("article_id")["n_words"].mean().reindex(ids),
        }
    )
    return out.reset_index()


def pos_distribution(tokens: pd.DataFrame) -> pd.DataFrame:
    """Part-of-speech tags by frequency (punctuation tags excluded).

    Returns columns pos, description, n, share (of all non-punctuation tokens);
    sorted by n descending, ties by tag.
    """
    words = tokens.loc[~tokens["is_punct"], ["pos"]]
    counts = words.groupby("pos").size().rename("n").reset_index()
    counts["description"] = counts["pos"].map(PENN_TAGS).fillna("other")
    counts["share"] = counts["n"] / max(len(words), 1)
    counts = counts.sort_values(["n", "pos"], ascending=[False, True], kind="stable")
    return counts[["pos", "description", "n", "share"]].reset_index(drop=True)


PENN_TAGS = {
    "CC": "coordinating conjunction", "CD": "cardinal number", "DT": "determiner",
    "EX": "existential there", "FW": "foreign word", "IN": "preposition/subordinator",
    "JJ": "adjective", "JJR": "adjective, comparative", "JJS": "adjective, superlative",
    "LS": "list marker", "MD": "modal", "NN": "noun, singular", "NNS": "noun, plural",
    "NNP": "proper noun, singular", "NNPS": "proper noun, plural", "PDT": "predeterminer",
    "POS": "possessive ending", "PRP": "personal pronoun", "PRP$": "possessive pronoun",
    "RB": "adverb", "RBR": "adverb, comparative", "RBS": "adverb, superlative",
    "RP": "particle", "SYM": "symbol", "TO": "to", "UH": "interjection",
    "VB": "verb, base form", "VBD": "verb, past tense", "VBG": "verb, gerund/participle",
    "VBN": "verb, past participle", "VBP": "verb, present", "VBZ": "verb, 3rd person present",
    "WDT": "wh-determiner", "WP": "wh-pronoun", "WP$": "possessive wh-pronoun",
    "WRB": "wh-adverb",
}  # fmt: skip
