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
- POS: NLTK's averaged perceptron tagger, Penn Treebank tags (:mod:`newsframes.analysis.tagger`).
  Counts of them, and of sizes and sentence lengths: :mod:`newsframes.analysis.descriptive`.
- Lemmas: lemminflect, which ships its own data and uses the POS tag (WordNet, what
  NLTK's lemmatizer needs, cannot be installed here; see the methods page).
- ``is_stop``: NLTK's English stopword list, plus clitics (``'s``, ``n't``, ...).
  ``is_punct``: every character is Unicode punctuation or a symbol.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import pandas as pd
from lemminflect import getLemma
from nltk.corpus import stopwords
from nltk.tag.perceptron import PerceptronTagger
from nltk.tokenize import NLTKWordTokenizer
from nltk.tokenize.punkt import PunktTokenizer

from newsframes.analysis import resources, schema
from newsframes.analysis.corpus import Article
from newsframes.analysis.tagger import DenseTagger
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
        sentences, tokens = self.columns(article)
        return table_of(sentences), table_of(tokens)

    def columns(self, article: Article) -> tuple[dict[str, list], dict[str, list]]:
        """The tables of :meth:`annotate` as plain lists by column (in the tables' column
        order), what the pipeline's rules read before one table is made per batch."""
        return self.columns_of([article])[0]

    def columns_of(self, articles: list[Article]) -> list[tuple[dict[str, list], dict[str, list]]]:
        """:meth:`columns` of each of ``articles``, the sentences of them all tagged
        together (:meth:`DenseTagger.tag_many`: the same tags, found faster)."""
        split = [self._sentences(article) for article in articles]
        tags = iter(self.tagger.tag_many([ptb for found in split for *_, ptb, _ in found]))
        return [self._columns(a, found, tags) for a, found in zip(articles, split, strict=True)]

    def _sentences(self, article: Article) -> list[tuple]:
        """``(par_id, start, end, kind, tokens, spans)`` of each sentence of ``article``:
        its Penn Treebank tokens and their spans in the sentence."""
        body = article.body
        out = []
        for par_id, s_start, s_end, kind in self.sentence_spans(article):
            text = body[s_start:s_end]
            if (
                kind == "dateline"
            ):  # "TOKYO, September 14. /TASS/." -> TOKYO , September 14 . / TASS / .
                spans = [m.span() for m in _DATELINE_TOKEN_RE.finditer(text)]
                ptb = [text[a:b] for a, b in spans]
            else:
                ptb, spans = self.token_spans(text)
            out.append((par_id, s_start, s_end, kind, ptb, spans))
        return out

    def _columns(
        self, article: Article, found: list[tuple], tags: Iterator[list[str]]
    ) -> tuple[dict[str, list], dict[str, list]]:
        """The columns of :meth:`columns` from the sentences of ``article``
        (:meth:`_sentences`) and the tags of each, taken in turn from ``tags``."""
        body = article.body
        sents: dict[str, list] = {c: [] for c in SENTENCE_COLUMNS}
        cols: dict[str, list] = {c: [] for c in TOKEN_COLUMNS}
        for sent_id, (par_id, s_start, s_end, kind, ptb, spans) in enumerate(found, start=1):
            text = body[s_start:s_end]
            for (a, b), tag in zip(spans, next(tags), strict=True):
                cols["sent_id"].append(sent_id)
                cols["start"].append(s_start + a)
                cols["end"].append(s_start + b)
                cols["token"].append(text[a:b])
                cols["pos"].append(tag)
            cols["is_dateline"] += [kind == "dateline"] * len(spans)
            for name, value in zip(SENTENCE_COLUMNS, (article.article_id, sent_id, par_id,
                                   s_start, s_end, kind, len(ptb), text), strict=True):  # fmt: skip
                sents[name].append(value)
        n = len(cols["token"])
        cols["article_id"] = [article.article_id] * n
        cols["tok_id"] = list(range(1, n + 1))
        words = [self._word(t, p) for t, p in zip(cols["token"], cols["pos"], strict=True)]
        for k, name in enumerate(("lower", "lemma", "is_stop", "is_punct")):
            cols[name] = [w[k] for w in words]
        return sents, {c: cols[c] for c in TOKEN_COLUMNS}

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


def table_of(columns: dict[str, list]) -> pd.DataFrame:
    """A table from its columns as lists of equal length. Without rows its columns hold
    objects, as in a table made from no rows (``pd.DataFrame([], columns=...)``), not
    floats, as pandas makes empty lists."""
    if not any(columns.values()):
        return pd.DataFrame([], columns=list(columns))
    return pd.DataFrame(columns)


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
