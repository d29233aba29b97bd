"""The reference corpus of keyness: word counts of sections of the Brown corpus (NLTK
``brown``; Francis & Kucera 1979), tokenized like the articles so that the two are
compared word for word. The sections are ``Settings.reference`` (the press sections A to
C by default)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache

import pandas as pd

from newsframes.analysis import nlp, resources
from newsframes.analysis.settings import DEFAULTS


@lru_cache(maxsize=8)
def reference_counts(categories: tuple[str, ...] = DEFAULTS.reference) -> pd.Series:
    """Lower-cased word counts of the Brown corpus sections ``categories`` (NLTK
    ``brown``), tokenized like the target: ``'s`` and ``n't`` split off, punctuation
    and stopwords left out. Indexed by term; sorted by term."""
    resources.check()
    from nltk.corpus import brown

    unknown = sorted(set(categories) - set(brown.categories()))
    if unknown:
        raise ValueError(
            f"unknown Brown categories {unknown}; choose from {', '.join(brown.categories())}"
        )
    stop = nlp.stopword_set()
    counts = {w: n for w, n in _brown_counts(tuple(categories)).items() if w not in stop}
    return pd.Series(counts, dtype="int64").sort_index()


def reference_size(categories: tuple[str, ...] = DEFAULTS.reference) -> int:
    """Words (punctuation left out, stopwords included) in the Brown sections."""
    return sum(_brown_counts(tuple(categories)).values())


@lru_cache(maxsize=8)
def _brown_counts(categories: tuple[str, ...]) -> Counter:
    """Counts of the lower-cased words of the Brown sections, clitics split off,
    punctuation left out (one pass over the corpus serves both functions above)."""
    counts: Counter = Counter()
    for word, n in Counter(w.lower() for w in _brown_words(categories)).items():
        for part in _split_clitics(word):
            if not nlp.is_punct(part):
                counts[part] += n
    return counts


def _brown_words(categories: tuple[str, ...]) -> Iterator[str]:
    """The words of the Brown sections, those of ``brown.words(categories=...)``, read
    four times faster: NLTK's reader of the tagged files splits each file's text at
    whitespace and takes from each ``word/tag`` token the part before its last ``/``
    (``nltk.tag.str2tuple``), the whole token when it has none. A test compares the two
    on the whole corpus."""
    from nltk.corpus import brown

    for fileid in brown.fileids(categories=list(categories)):
        for token in brown.raw(fileid).split():
            word, slash, _ = token.rpartition("/")
            yield word if slash else token


def _split_clitics(word: str) -> Iterable[str]:
    """Split a Brown word the way the Treebank tokenizer splits the target:
    ``didn't`` -> ``did n't``, ``they're`` -> ``they 're``, ``architects'`` ->
    ``architects '``."""
    if word.endswith("n't") and len(word) > 3:
        return (word[:-3], "n't")
    for clitic in ("'s", "'re", "'ll", "'ve", "'m", "'d"):
        if word.endswith(clitic) and len(word) > len(clitic):
            return (word[: -len(clitic)], clitic)
    if word.endswith("'") and len(word) > 1:
        return (word[:-1], "'")
    return (word,)
