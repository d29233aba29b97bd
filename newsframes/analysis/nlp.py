"""Sentences, tokens, part-of-speech tags, lemmas: the ``sentences`` and ``tokens`` tables.

- Sentences: NLTK's Punkt tokenizer (Kiss & Strunk 2006) within each paragraph, so no
  sentence crosses a paragraph break. The dateline (``TOKYO, September 14. /TASS/.``)
  is a sentence of its own with ``kind == "dateline"``; Punkt would otherwise split it
  at ``14.`` and glue ``/TASS/.`` to nothing.
- Tokens: NLTK's Treebank-style word tokenizer (``NLTKWordTokenizer``, what
  ``nltk.word_tokenize`` uses) with character offsets into the body, so that
  ``body[start:end] == token`` for every token. Curly quotes and apostrophes are
  read as their straight forms (same length, so offsets hold): ``Kim’s`` is
  ``Kim`` + ``’s`` as ``Kim's`` would be.
- POS: NLTK's averaged perceptron tagger, Penn Treebank tags.
- Lemmas: lemminflect, which ships its own data and uses the POS tag (WordNet, what
  NLTK's lemmatizer needs, cannot be installed here; see the methods page).
- ``is_stop``: NLTK's English stopword list, plus clitics (``'s``, ``n't``, ...).
  ``is_punct``: every character is Unicode punctuation or a symbol.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np
import pandas as pd
from lemminflect import getLemma
from nltk.corpus import stopwords
from nltk.tag.perceptron import PerceptronTagger
from nltk.tokenize import NLTKWordTokenizer
from nltk.tokenize.punkt import PunktTokenizer

from newsframes.analysis import resources, schema
from newsframes.analysis.corpus import Article
from newsframes.analysis.words import STRAIGHTEN

# The columns of the annotation; voices adds each row's voice and speaker.
SENTENCE_COLUMNS = schema.columns("sentences", without=schema.VOICE_COLUMNS)
TOKEN_COLUMNS = schema.columns("tokens", without=schema.VOICE_COLUMNS)

_CLITICS = frozenset({"'s", "n't", "'re", "'ve", "'ll", "'d", "'m"})
_UPOS = {"NN": "NOUN", "NNS": "NOUN", "JJ": "ADJ",
         "JJR": "ADJ", "JJS": "ADJ", "RB": "ADV", "RBR": "ADV", "RBS": "ADV"}  # fmt: skip
_QUOTE_TOKENS = {'"', "``", "''"}
_QUOTE_RE = re.compile(r"``|'{2}|\"")
_DATELINE_TOKEN_RE = re.compile(r"\w+|[^\w\s]")


class Annotator:
    """Holds the loaded NLTK models, so that they are loaded once per process."""

    def __init__(self) -> None:
        resources.check()
        self.sentences = PunktTokenizer("english")
        self.words = NLTKWordTokenizer()
        self.tagger = DenseTagger(PerceptronTagger())
        self.stopwords = stopword_set()
        self._words: dict[tuple[str, str], tuple[str, str, bool, bool]] = {}

    def sentence_spans(self, article: Article) -> list[tuple[int, int, int, str]]:
        """``(par_id, start, end, kind)`` for every sentence, in order."""
        body = article.body
        out = []
        for par_id, (p_start, p_end) in enumerate(article.paragraphs, start=1):
            start = p_start
            if article.dateline_span and p_start == article.dateline_span[0]:
                d_end = article.dateline_span[1]
                out.append((par_id, p_start, d_end, "dateline"))
                start = d_end + len(body[d_end:p_end]) - len(body[d_end:p_end].lstrip())
            chunk = body[start:p_end]
            for a, b in self.sentences.span_tokenize(chunk):
                out.append((par_id, start + a, start + b, "text"))
        return out

    def token_spans(self, text: str) -> tuple[list[str], list[tuple[int, int]]]:
        """Penn Treebank tokens of ``text`` (for the tagger) and their spans in ``text``."""
        plain = text.translate(STRAIGHTEN)
        ptb = self.words.tokenize(plain)
        # Treebank tokenization rewrites quotes as `` and ''; find each in the text.
        quotes = [m.group() for m in _QUOTE_RE.finditer(plain)]
        spans = []
        pos = 0
        for tok in ptb:
            surface = quotes.pop(0) if tok in _QUOTE_TOKENS and quotes else tok
            start = plain.find(surface, pos)
            if start < 0:
                raise ValueError(f"token {tok!r} not found in {plain[pos : pos + 40]!r}")
            spans.append((start, start + len(surface)))
            pos = start + len(surface)
        return ptb, spans

    def annotate(self, article: Article) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Returns the ``sentences`` and ``tokens`` tables of one article.

        sentences: article_id, sent_id (1-based, in text order), par_id (1-based),
        start, end, kind (``dateline`` or ``text``), n_tokens, text.
        tokens: article_id, sent_id, tok_id (1-based, running through the article),
        start, end, token (exactly ``body[start:end]``), lower, lemma, pos (Penn
        Treebank), is_stop, is_punct, is_dateline (the token is in the dateline, which
        is tokenized into words and punctuation marks: ``/TASS/.`` -> ``/ TASS / .``).
        """
        body = article.body
        sent_rows = []
        cols: dict[str, list] = {c: [] for c in TOKEN_COLUMNS}
        for sent_id, (par_id, s_start, s_end, kind) in enumerate(
            self.sentence_spans(article), start=1
        ):
            text = body[s_start:s_end]
            if (
                kind == "dateline"
            ):  # "TOKYO, September 14. /TASS/." -> TOKYO , September 14 . / TASS / .
                spans = [m.span() for m in _DATELINE_TOKEN_RE.finditer(text)]
                ptb = [text[a:b] for a, b in spans]
            else:
                ptb, spans = self.token_spans(text)
            tags = self.tagger.tag(ptb) if ptb else []
            for (a, b), (_, tag) in zip(spans, tags, strict=True):
                token = text[a:b]
                cols["sent_id"].append(sent_id)
                cols["start"].append(s_start + a)
                cols["end"].append(s_start + b)
                cols["token"].append(token)
                cols["pos"].append(tag)
                cols["is_dateline"].append(kind == "dateline")
            sent_rows.append((article.article_id, sent_id, par_id, s_start, s_end, kind,
                              len(ptb), text))  # fmt: skip
        n = len(cols["token"])
        cols["article_id"] = [article.article_id] * n
        cols["tok_id"] = list(range(1, n + 1))
        words = [self._word(t, p) for t, p in zip(cols["token"], cols["pos"], strict=True)]
        for k, name in enumerate(("lower", "lemma", "is_stop", "is_punct")):
            cols[name] = [w[k] for w in words]
        sentences = pd.DataFrame(sent_rows, columns=SENTENCE_COLUMNS)
        tokens = pd.DataFrame({c: cols[c] for c in TOKEN_COLUMNS})
        return sentences, tokens

    def _word(self, token: str, tag: str) -> tuple[str, str, bool, bool]:
        """``(lower, lemma, is_stop, is_punct)`` of a token with its tag (memoised)."""
        key = (token, tag)
        found = self._words.get(key)
        if found is None:
            plain = token.translate(STRAIGHTEN)
            found = (token.lower(), lemmatize(plain, tag), plain.lower() in self.stopwords,
                     is_punct(token))  # fmt: skip
            self._words[key] = found
        return found


class DenseTagger:
    """NLTK's averaged perceptron tagger (the English model ``nltk.pos_tag`` uses), its
    weights held as one dense matrix (features x tags) so that scoring a token is one
    vector sum instead of a loop over dictionaries.

    It gives the tags of ``PerceptronTagger.tag`` exactly: the same tag dictionary, the
    same features (the template of ``PerceptronTagger._get_features``), each tag's
    score summed over the features in the same order (so the same floating-point
    result), and the same tie-break (the alphabetically last tag). A test compares the
    two on Brown sentences. About three times faster per scored token.
    """

    def __init__(self, tagger: PerceptronTagger) -> None:
        self.tagger = tagger
        self.tags = sorted(tagger.classes)
        column = {tag: j for j, tag in enumerate(self.tags)}
        weights = tagger.model.weights
        self.row = {feature: i for i, feature in enumerate(weights)}
        self.matrix = np.zeros((len(weights), len(self.tags)))
        for i, by_tag in enumerate(weights.values()):
            for tag, weight in by_tag.items():
                self.matrix[i, column[tag]] = weight

    def tag(self, tokens: list[str]) -> list[tuple[str, str]]:
        """``[(token, tag), ...]`` like ``PerceptronTagger.tag(tokens)``."""
        t = self.tagger
        context = [*t.START, *(t.normalize(w) for w in tokens), *t.END]
        prev, prev2 = t.START
        out = []
        for i, word in enumerate(tokens):
            tag = t.tagdict.get(word)
            if not tag:
                tag = self._predict(self._features(i + 2, word, context, prev, prev2))
            out.append((word, tag))
            prev2, prev = prev, tag
        return out

    @staticmethod
    def _features(i: int, word: str, c: list[str], prev: str, prev2: str) -> list[str]:
        """The features of ``PerceptronTagger._get_features``, in its order (``i`` is
        the position in the padded context ``c``)."""
        return [
            "bias",
            f"i suffix {word[-3:]}",
            f"i pref1 {word[0] if word else ''}",
            f"i-1 tag {prev}",
            f"i-2 tag {prev2}",
            f"i tag+i-2 tag {prev} {prev2}",
            f"i word {c[i]}",
            f"i-1 tag+i word {prev} {c[i]}",
            f"i-1 word {c[i - 1]}",
            f"i-1 suffix {c[i - 1][-3:]}",
            f"i-2 word {c[i - 2]}",
            f"i+1 word {c[i + 1]}",
            f"i+1 suffix {c[i + 1][-3:]}",
            f"i+2 word {c[i + 2]}",
        ]

    def _predict(self, features: list[str]) -> str:
        rows = [r for r in map(self.row.get, features) if r is not None]
        # Summed row after row (a reduction along axis 0 adds in row order).
        scores = np.add.reduce(self.matrix[rows], axis=0) if rows else np.zeros(len(self.tags))
        best = np.flatnonzero(scores == scores.max())
        return self.tags[best[-1]]  # ties: the alphabetically last tag, as NLTK's max()


@lru_cache(maxsize=1)
def stopword_set() -> frozenset[str]:
    """NLTK's English stopwords plus the clitics ``'s``, ``n't``, ``'re``, ``'ve``,
    ``'ll``, ``'d``, ``'m`` (straight apostrophes)."""
    resources.check()
    return frozenset(stopwords.words("english")) | _CLITICS


@lru_cache(maxsize=65536)
def lemmatize(word: str, tag: str) -> str:
    """The lemma of ``word`` given its Penn Treebank ``tag``.

    Nouns, verbs, adjectives and adverbs are looked up in lemminflect's dictionary
    (lower-cased). Words it does not know keep their form, except nouns and verbs,
    for which its suffix rules are reliable (``consituted`` -> ``consitute``); for
    adjectives they are not (``other`` would become ``oth``). Singular proper nouns
    keep their form; plural ones lose the plural ending with their case kept
    (``Russians`` -> ``Russian``). Every other token is lower-cased.
    """
    if tag == "NNP":
        return word
    if tag == "NNPS":
        lemma = _lookup(word.lower(), "NOUN", oov=True)
        return word[: len(lemma)] if word.lower().startswith(lemma) else word
    upos = "VERB" if tag.startswith("VB") else _UPOS.get(tag)
    if upos is None:
        return word.lower()
    return _lookup(word.lower(), upos, oov=upos in ("NOUN", "VERB"))


def _lookup(word: str, upos: str, *, oov: bool) -> str:
    lemmas = getLemma(word, upos=upos, lemmatize_oov=False)
    if not lemmas and oov:
        lemmas = getLemma(word, upos=upos, lemmatize_oov=True)
    return lemmas[0] if lemmas else word


def is_punct(token: str) -> bool:
    """True when every character of ``token`` is Unicode punctuation or a symbol."""
    return bool(token) and all(unicodedata.category(ch)[0] in "PS" for ch in token)


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


def sentence_lengths(tokens: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Words (non-punctuation tokens) per sentence of kind ``text`` (datelines left out).

    Returns columns article_id, sent_id, n_words, sorted by article_id, sent_id.
    """
    words = tokens[~tokens["is_punct"]].groupby(["article_id", "sent_id"]).size()
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
    words = tokens[~tokens["is_punct"]]
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
    words = tokens[~tokens["is_punct"]]
    counts = words.groupby("pos").size().rename("n").reset_index()
    counts["description"] = counts["pos"].map(PENN_TAGS).fillna("other")
    counts["share"] = counts["n"] / max(len(words), 1)
    counts = counts.sort_values(["n", "pos"], ascending=[False, True], kind="stable")
    return counts[["pos", "description", "n", "share"]].reset_index(drop=True)
