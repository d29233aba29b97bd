"""Framing language found in the tokens: lexicon hits with their voice and speaker
(the ``framing`` table), repetition cues, and each sentence's frame dimensions (the
``frames`` table).

The word lists are in :mod:`newsframes.analysis.lexicons` (opinion words, VADER
valences and the curated CSV lexicons); the rates, profiles and agency computed from the
hits are in :mod:`newsframes.analysis.profiles`. Each hit is a row with its span,
category, lexicon, voice and speaker, so every count can be traced to its words.

Matching: a lexicon term is one or more words; each word matches a token's lower-cased
form or its lemma (curly apostrophes straightened); a final ``*`` matches any ending.
Multi-word terms match consecutive tokens. Punctuation and dateline tokens never match.
Reporting verbs match verbs only (a Penn ``VB*`` tag): ``the first state`` is not one.
Where a curated ``loaded`` hit and an opinion-lexicon hit cover the same token, both are
kept: they are different categories (``loaded`` versus ``negative``/``positive``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import lru_cache

import numpy as np
import pandas as pd

from newsframes.analysis import nlp, schema, terms
from newsframes.analysis.entities import TITLE_WORDS
from newsframes.analysis.lexicons import all_entries, vader
from newsframes.analysis.settings import DEFAULTS
from newsframes.analysis.words import STRAIGHTEN

FRAMING_COLUMNS = schema.columns("framing")
FRAME_COLUMNS = schema.columns("frames")
# Fixed expressions of news prose whose words carry no framing there: "according to" is
# not an agreement (lemma *accord*), "as well as" not a positive *well*. Their tokens
# match no lexicon entry, except the reporting verb "according to" itself.
FIXED_EXPRESSIONS = ("according to", "as well as", "in accordance with", "as long as",
                     "at least", "of course", "so far", "as far as", "in terms of",
                     "on behalf of", "in line with", "as soon as possible")  # fmt: skip
# Opinion-lexicon words that are plain words of news prose ("the issues discussed",
# "goods", "$2bn worth of", "regarding").
NEUTRAL_IN_NEWS = frozenset({"issue", "issues", "regarding", "goods", "worth"})
# Tags of words that do not evaluate even when an opinion lexicon lists them: names
# ("Trump"), prepositions ("like", "regarding"), determiners, conjunctions.
_NOT_EVALUATIVE_TAGS = frozenset({"NNP", "NNPS", "IN", "DT", "CC", "TO", "PRP"})
# Generic references that make a repeated phrase a formula, not a technique
# ("the two countries", "both sides").
GENERIC_REFERENCES = frozenset("""two both countries country sides side leaders leader nations
nation parties party states governments officials delegations ministers""".split())  # fmt: skip
TITLE_CATEGORIES = ("frame", "entman")  # a title is not a frame cue: "President Putin"


class _Matcher:
    """Lexicon entries by first word, and by first-word stem for prefix patterns
    (``imperiali*``), so that a token is looked up, not scanned; the candidates of
    each distinct (form, lemma) are computed once."""

    def __init__(self, entries: pd.DataFrame) -> None:
        self.words: dict[str, list] = defaultdict(list)
        self.stems: dict[str, list] = defaultdict(list)
        for row in entries.itertuples(index=False):
            words = tuple(row.term.translate(STRAIGHTEN).lower().split())
            if not words:
                continue
            entry = (words, (row.category, row.subcategory, row.lexicon))
            if words[0].endswith("*"):
                self.stems[words[0][:-1]].append(entry)
            else:
                self.words[words[0]].append(entry)
        self.stem_lengths = tuple(sorted({len(stem) for stem in self.stems}))
        self._memo: dict[tuple[str, str], tuple] = {}

    def candidates(self, lower: str, lemma: str) -> tuple:
        """The entries whose first word is the token's form or lemma, or a stem either
        starts with; each once, in index order."""
        key = (lower, lemma)
        if key not in self._memo:
            found = self.words.get(lower, []) + self.words.get(lemma, [])
            for n in self.stem_lengths:
                found += self.stems.get(lower[:n], []) + self.stems.get(lemma[:n], [])
            self._memo[key] = tuple(dict.fromkeys(found))
        return self._memo[key]


@lru_cache(maxsize=4)
def _index(vader_strong: float) -> _Matcher:
    """The matcher over :func:`all_entries`."""
    return _Matcher(all_entries(vader_strong=vader_strong))


def _word_matches(pattern: str, lower: str, lemma: str) -> bool:
    if pattern.endswith("*"):
        stem = pattern[:-1]
        return lower.startswith(stem) or lemma.startswith(stem)
    return pattern in (lower, lemma)


def find_hits(
    tokens: pd.DataFrame,
    *,
    repetition_min: int = DEFAULTS.repetition_min,
    vader_strong: float = DEFAULTS.vader_strong,
) -> pd.DataFrame:
    """Every lexicon hit in one or more articles' tokens (with ``voice`` and ``speaker``
    columns, see :mod:`newsframes.analysis.voices`), plus repetition cues.

    Returns the ``framing`` table: article_id, sent_id, start, end, text, category,
    subcategory, lexicon, voice, speaker, score (VADER valence of evaluative hits);
    sorted by article_id, start, end, category, subcategory. ``repetition_min`` and
    ``vader_strong``: see :class:`~newsframes.analysis.settings.Settings`.
    """
    matcher = _index(vader_strong)
    valence = vader()
    # Plain lists, taken out once: one article's tokens are too few for per-article
    # pandas operations (group, sort, select) to pay for themselves.
    if not _in_text_order(tokens):
        tokens = tokens.sort_values(["article_id", "tok_id"])
    cols = {c: tokens[c].tolist() for c in _HIT_COLUMNS}
    for name, lower in (("lower", False), ("lemma", True)):
        cols[name] = terms.fold(tokens[name], lower=lower).tolist()  # each form folded once
    cols["usable"] = [
        not (p or d) for p, d in zip(cols["is_punct"], cols["is_dateline"], strict=True)
    ]
    found: dict[tuple, tuple] = {}  # by key: the first row found
    ids = cols["article_id"]
    first = 0
    for last in range(1, len(ids) + 1):
        if last < len(ids) and ids[last] == ids[first]:
            continue
        one = {c: values[first:last] for c, values in cols.items()}
        for row in _article_hits(one, matcher, valence, repetition_min):
            found.setdefault((row[0], *row[2:4], *row[5:8]), row)
        first = last
    out = pd.DataFrame([found[key] for key in sorted(found)], columns=FRAMING_COLUMNS)
    out["score"] = out["score"].astype(float)  # None -> NaN, also when no hit has a valence
    return out


# The token columns :func:`find_hits` reads.
_HIT_COLUMNS = ("article_id", "sent_id", "start", "end", "token", "pos", "is_stop",
                "is_punct", "is_dateline", "voice", "speaker")  # fmt: skip


def _in_text_order(tokens: pd.DataFrame) -> bool:
    """Whether the rows are sorted by article_id, then tok_id (as an article's are): the
    articles in order, each article's rows together, and its tok_id increasing."""
    codes, ids = pd.factorize(tokens["article_id"])  # codes in order of first appearance
    ids = ids.tolist()
    step = np.diff(codes)
    rises = np.diff(tokens["tok_id"].to_numpy()) > 0
    return bool(
        all(a < b for a, b in zip(ids, ids[1:], strict=False))
        and (codes >= 0).all()
        and ((step == 1) | ((step == 0) & rises)).all()
    )


def _article_hits(cols: dict[str, list], matcher: _Matcher, valence: dict, repetition_min: int):
    """The framing-table rows of one article's tokens (``cols``: the lists of
    :data:`_HIT_COLUMNS` in text order, with the folded ``lower`` and ``lemma`` and the
    running-word flags ``usable``): lexicon hits, then repetition cues; duplicates are
    left to the caller."""
    lower, lemma, usable, text = cols["lower"], cols["lemma"], cols["usable"], cols["token"]
    article_id = cols["article_id"][0]
    n = len(text)
    fixed = _in_fixed_expression(lower)
    title = _is_title_use(text, cols["pos"])
    for i in range(n):
        if not usable[i]:
            continue
        for words, meta in matcher.candidates(lower[i], lemma[i]):
            j = i + len(words)
            # The first word matches (it is how the candidates are found) and is usable;
            # the words after it are checked.
            if j > i + 1 and (
                j > n
                or not all(usable[i + 1 : j])
                or not all(
                    _word_matches(w, lower[k], lemma[k])
                    for w, k in zip(words[1:], range(i + 1, j), strict=True)
                )
                or cols["sent_id"][i] != cols["sent_id"][j - 1]
            ):
                continue
            category, subcategory, lex = meta
            if category == "reporting_verb" and not cols["pos"][i].startswith("VB"):
                continue  # "the first state", "a report": nouns, not reporting verbs
            if category != "reporting_verb" and any(fixed[i:j]):
                continue  # "according to", "as well as"
            if category in TITLE_CATEGORIES and any(title[i:j]):
                continue
            if category in ("positive", "negative") and (
                lower[i] in NEUTRAL_IN_NEWS or cols["pos"][i] in _NOT_EVALUATIVE_TAGS
            ):
                continue  # "issues"; "Trump", "like", "regarding": names and function words
            score = valence.get(lower[i]) if category in ("positive", "negative") else None
            span_text = " ".join(text[i:j]) if j - i > 1 else text[i]
            yield (article_id, cols["sent_id"][i], cols["start"][i], cols["end"][j - 1],
                   span_text, category, subcategory, lex, cols["voice"][i],
                   cols["speaker"][i], score)  # fmt: skip
    yield from _repetitions(cols, repetition_min)


def _by_first_word(phrases: tuple[str, ...]) -> dict[str, list[list[str]]]:
    """The words of each phrase, by its first word."""
    out: dict[str, list[list[str]]] = defaultdict(list)
    for phrase in phrases:
        out[phrase.split()[0]].append(phrase.split())
    return dict(out)


_FIXED_BY_FIRST = _by_first_word(FIXED_EXPRESSIONS)


def _in_fixed_expression(lower: list[str]) -> list[bool]:
    """Whether each token is part of one of :data:`FIXED_EXPRESSIONS`."""
    out = [False] * len(lower)
    for i, word in enumerate(lower):
        for words in _FIXED_BY_FIRST.get(word, ()):
            n = len(words)
            if lower[i : i + n] == words:
                out[i : i + n] = [True] * n
    return out


def _is_title_use(text: list[str], pos: list[str]) -> list[bool]:
    """Whether each token is a title word used as a title: capitalised inside a sentence
    (``Foreign Minister``), before a name or more titles and a name (``leader Kim``,
    ``foreign minister Wang``), or after a nationality or a possessive (``the Russian
    president``, ``China's foreign minister``)."""
    out = [False] * len(text)
    for i, tok in enumerate(text):
        if tok.lower() not in TITLE_WORDS:
            continue
        k = i + 1
        while k < len(text) and text[k].lower() in TITLE_WORDS:
            k += 1
        before_name = k < len(text) and text[k][:1].isupper() and pos[k].startswith("NNP")
        prev_pos = pos[i - 1] if i > 0 else "."
        capital = tok[:1].isupper() and prev_pos != "."
        after_owner = i > 0 and (
            prev_pos == "POS" or (text[i - 1][:1].isupper() and prev_pos in ("JJ", "NNP", "NNPS"))
        )
        out[i] = capital or before_name or after_owner
    return out


def _repetitions(cols: dict[str, list], minimum: int) -> list[tuple]:
    """Phrases of two to four words repeated at least ``minimum`` times in one
    article (SemEval's Repetition technique): every occurrence is a ``repetition`` cue.
    A phrase needs a content word and no proper noun (a name repeated is a topic, not a
    technique), and a phrase inside a longer repeated phrase seen as often is left out.
    ``cols`` are the article's token lists as :func:`_article_hits` reads them. Returns
    framing-table rows.
    """
    lower, usable, sent = cols["lower"], cols["usable"], cols["sent_id"]
    starts, ends, text = cols["start"], cols["end"], cols["token"]
    voice, speaker, article_id = cols["voice"], cols["speaker"], cols["article_id"][0]
    size = len(lower)
    # run[i]: usable tokens of i's sentence from i on; content and proper: running counts
    run = [0] * (size + 1)
    for i in range(size - 1, -1, -1):
        same = i + 1 < size and sent[i + 1] == sent[i]
        run[i] = (run[i + 1] + 1 if same else 1) if usable[i] else 0
    content, proper = [0], [0]
    for is_stop, pos in zip(cols["is_stop"], cols["pos"], strict=True):
        content.append(content[-1] + (not is_stop))
        proper.append(proper[-1] + pos.startswith("NNP"))
    repeated: dict[tuple[str, ...], list[int]] = {}
    stop = nlp.stopword_set()
    for n in (4, 3, 2):
        grams = list(zip(*(lower[k:] for k in range(n)), strict=False))
        # Phrases seen often enough anywhere; then only their qualifying occurrences count.
        often = {g for g, c in Counter(grams).items() if c >= minimum}
        found: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for i, gram in enumerate(grams):
            if gram not in often:
                continue
            if set(gram) - stop <= GENERIC_REFERENCES:
                continue  # "the two countries": a formula of diplomatic prose
            if run[i] >= n and content[i + n] > content[i] and proper[i + n] == proper[i]:
                found[gram].append(i)
        repeated.update((g, at) for g, at in found.items() if len(at) >= minimum)
    # (phrase, count) of every part of a longer repeated phrase: seen as often, it is left out
    parts = {(g[k : k + m], len(at)) for g, at in repeated.items()
             for m in range(2, len(g)) for k in range(len(g) - m + 1)}  # fmt: skip
    rows = []
    for gram, at in sorted(repeated.items()):
        if (gram, len(at)) in parts:
            continue
        for i in at:
            j = i + len(gram) - 1
            rows.append((article_id, sent[i], starts[i], ends[j], " ".join(text[i : j + 1]),
                         "persuasion", "repetition", "repetition", voice[i], speaker[i],
                         None))  # fmt: skip
    return rows


def frame_scores(hits: pd.DataFrame, tokens: pd.DataFrame) -> pd.DataFrame:
    """The ``frames`` table: for every sentence with at least one frame cue, one row per
    frame dimension cued: n_hits, n_words (the sentence's running words) and score =
    n_hits / n_words. Sorted by article_id, sent_id, frame."""
    cues = Counter(
        (article, sent, frame)
        for article, sent, category, frame in zip(
            *(hits[c].tolist() for c in ("article_id", "sent_id", "category", "subcategory")),
            strict=True,
        )
        if category == "frame"
    )
    if not cues:
        return schema.empty("frames")
    # Counted in plain Python: one article's cues and words are too few for pandas'
    # group-bys and merges to pay for themselves.
    columns = ("article_id", "sent_id", "is_punct", "is_dateline")
    size = Counter(
        (article, sent)
        for article, sent, punct, dateline in zip(
            *(tokens[c].tolist() for c in columns), strict=True
        )
        if not (punct or dateline)  # the running words (terms.running_words)
    )
    rows = sorted(
        (article, sent, frame, n, size[article, sent], n / size[article, sent])
        for (article, sent, frame), n in cues.items()
        if size[article, sent]
    )
    out = pd.DataFrame(rows, columns=FRAME_COLUMNS)
    return out.astype(_FRAME_DTYPES)


_FRAME_DTYPES = schema.empty("frames").dtypes.to_dict()
