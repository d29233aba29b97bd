"""Framing language: lexicon hits with their voice and speaker, frame dimensions,
persuasion cues, modality, in- and out-group markers, actor agency, Entman's functions.

Every statistic here is an *indicator*: a count of words from a published or curated
list, not a judgement of what a sentence does. Each hit is a row of the ``framing``
table with its span, category, lexicon, voice and speaker, so every count can be traced
to its words.

Lexicons (see ``newsframes/analysis/lexicons/README.md`` for provenance and licences):

- ``opinion_lexicon``: Hu & Liu (2004), positive and negative evaluation (NLTK);
- ``vader``: VADER valences (Hutto & Gilbert 2014, NLTK), the ``score`` of every
  evaluative hit, and strongly valenced words (|valence| at least ``Settings.vader_strong``) that
  the opinion lexicon lacks;
- the project's curated CSV lexicons: ``loaded`` (loaded language and name-calling),
  ``frames`` (the 15 dimensions of the Policy Frames Codebook, Boydstun et al. 2014),
  ``cues`` (persuasion techniques named as in SemEval-2020 Task 11), ``modality``
  (hedges and boosters), ``reporting_verbs`` (neutral or evaluative), ``groups``
  (in-group and out-group markers) and ``entman`` (cues of Entman's four functions).

Matching: a lexicon term is one or more words; each word matches a token's lower-cased
form or its lemma (curly apostrophes straightened); a final ``*`` matches any ending.
Multi-word terms match consecutive tokens. Punctuation and dateline tokens never match.
Reporting verbs match verbs only (a Penn ``VB*`` tag): ``the first state`` is not one.
Where a curated ``loaded`` hit and an opinion-lexicon hit cover the same token, both are
kept: they are different categories (``loaded`` versus ``negative``/``positive``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import cache, lru_cache

import pandas as pd

from newsframes.analysis import nlp, resources, schema, terms
from newsframes.analysis.entities import TITLE_WORDS
from newsframes.analysis.settings import DEFAULTS
from newsframes.analysis.words import STRAIGHTEN

LEXICON_FILES = resources.LEXICONS
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


@cache
def lexicon(name: str) -> pd.DataFrame:
    """One of the project's curated lexicons (columns term, category, subcategory,
    source), read from the package."""
    if name not in LEXICON_FILES:
        raise ValueError(f"unknown lexicon {name!r}; choose from {', '.join(LEXICON_FILES)}")
    df = pd.read_csv(resources.LEXICON_DIR / f"{name}.csv", dtype=str, keep_default_na=False)
    return df.assign(lexicon=name)


@lru_cache(maxsize=1)
def vader() -> dict[str, float]:
    """VADER's mean valence of each word (-4 to 4)."""
    resources.check()
    import nltk

    text = nltk.data.load("sentiment/vader_lexicon/vader_lexicon.txt",
                          format="text")  # fmt: skip
    out = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and " " not in parts[0]:
            out[parts[0]] = float(parts[1])
    return out


@lru_cache(maxsize=4)
def evaluative_lexicon(*, vader_strong: float = DEFAULTS.vader_strong) -> pd.DataFrame:
    """Hu & Liu's opinion words (positive, negative), and VADER's strongly valenced
    words missing from it (absolute valence at least ``vader_strong``), as lexicon rows."""
    resources.check()
    from nltk.corpus import opinion_lexicon

    rows = [(w, "positive", "", "opinion_lexicon") for w in opinion_lexicon.positive()]
    rows += [(w, "negative", "", "opinion_lexicon") for w in opinion_lexicon.negative()]
    known = {w for w, *_ in rows}
    for w, v in sorted(vader().items()):
        if w.isalpha() and w not in known and abs(v) >= vader_strong:
            rows.append((w, "positive" if v > 0 else "negative", "", "vader"))
    df = pd.DataFrame(rows, columns=["term", "category", "subcategory", "lexicon"])
    return df.assign(source="Hu & Liu 2004; VADER, Hutto & Gilbert 2014")


@lru_cache(maxsize=4)
def all_entries(*, vader_strong: float = DEFAULTS.vader_strong) -> pd.DataFrame:
    """Every lexicon entry used by :func:`find_hits`."""
    parts = [lexicon(name) for name in LEXICON_FILES] + [
        evaluative_lexicon(vader_strong=vader_strong)
    ]
    return pd.concat(parts, ignore_index=True)


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
    rows = []
    for article_id, toks in tokens.groupby("article_id", sort=True):
        toks = toks.sort_values("tok_id")
        lower = terms.fold(toks["lower"], lower=False).tolist()
        lemma = terms.fold(toks["lemma"]).tolist()
        usable = (~toks["is_punct"] & ~toks["is_dateline"]).tolist()
        cols = {c: toks[c].tolist() for c in ("sent_id", "start", "end", "voice", "speaker", "pos")}
        text = toks["token"].tolist()
        fixed = _in_fixed_expression(lower)
        title = _is_title_use(text, cols["pos"])
        for i in range(len(toks)):
            if not usable[i]:
                continue
            for words, meta in matcher.candidates(lower[i], lemma[i]):
                j = i + len(words)
                if j > len(toks) or not all(usable[k] for k in range(i, j)):
                    continue
                if not all(
                    _word_matches(w, lower[k], lemma[k])
                    for w, k in zip(words, range(i, j), strict=True)
                ):
                    continue
                if cols["sent_id"][i] != cols["sent_id"][j - 1]:
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
                rows.append((article_id, cols["sent_id"][i], cols["start"][i], cols["end"][j - 1],
                             span_text, category, subcategory, lex, cols["voice"][i],
                             cols["speaker"][i], score))  # fmt: skip
        rows += _repetitions(article_id, toks, lower, usable, repetition_min)
    out = pd.DataFrame(rows, columns=FRAMING_COLUMNS)
    out = out.drop_duplicates(["article_id", "start", "end", "category", "subcategory", "lexicon"])
    keys = ["article_id", "start", "end", "category", "subcategory", "lexicon"]
    return out.sort_values(keys).reset_index(drop=True)


def _in_fixed_expression(lower: list[str]) -> list[bool]:
    """Whether each token is part of one of :data:`FIXED_EXPRESSIONS`."""
    out = [False] * len(lower)
    for phrase in FIXED_EXPRESSIONS:
        words = phrase.split()
        n = len(words)
        for i in range(len(lower) - n + 1):
            if lower[i] == words[0] and lower[i : i + n] == words:
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


def _repetitions(
    article_id: str, toks: pd.DataFrame, lower: list[str], usable: list[bool], minimum: int
):
    """Phrases of two to four words repeated at least ``minimum`` times in one
    article (SemEval's Repetition technique): every occurrence is a ``repetition`` cue.
    A phrase needs a content word and no proper noun (a name repeated is a topic, not a
    technique), and a phrase inside a longer repeated phrase seen as often is left out.
    ``lower`` and ``usable`` are the tokens' folded forms and running-word flags, as
    :func:`find_hits` computed them. Returns framing-table rows.
    """
    sent, starts, ends = toks["sent_id"].tolist(), toks["start"].tolist(), toks["end"].tolist()
    text, voice, speaker = toks["token"].tolist(), toks["voice"].tolist(), toks["speaker"].tolist()
    size = len(lower)
    # run[i]: usable tokens of i's sentence from i on; content and proper: running counts
    run = [0] * (size + 1)
    for i in range(size - 1, -1, -1):
        same = i + 1 < size and sent[i + 1] == sent[i]
        run[i] = (run[i + 1] + 1 if same else 1) if usable[i] else 0
    content, proper = [0], [0]
    for is_stop, pos in zip(toks["is_stop"].tolist(), toks["pos"].tolist(), strict=True):
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
    f = hits[hits["category"] == "frame"]
    words = terms.running_words(tokens)
    size = words.groupby(["article_id", "sent_id"]).size().rename("n_words").reset_index()
    out = f.groupby(["article_id", "sent_id", "subcategory"]).size().rename("n_hits").reset_index()
    out = out.rename(columns={"subcategory": "frame"}).merge(size, on=["article_id", "sent_id"])
    out["score"] = out["n_hits"] / out["n_words"]
    return out[FRAME_COLUMNS].sort_values(["article_id", "sent_id", "frame"]).reset_index(drop=True)


def rates(
    hits: pd.DataFrame, tokens: pd.DataFrame, *, by=("voice", "speaker"), per: int = 1000
) -> pd.DataFrame:
    """Hits per ``per`` running words, by category and by the token columns ``by``.

    Returns columns [by...], category, n_hits, n_words, rate; groups with words but no
    hit of a category get rate 0; sorted by the group columns, then category.
    """
    by = list(by)
    columns = by + ["category", "n_hits", "n_words", "rate"]
    if hits.empty:
        return pd.DataFrame(columns=columns)
    words = terms.running_words(tokens)
    size = words.groupby(by).size().rename("n_words").reset_index()
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


@cache
def lexicon_precision() -> pd.DataFrame:
    """How often a hit of each category does what the category claims, from hits checked
    by hand on real wire text (``lexicons/precision.csv``): columns category, n_checked,
    n_correct, precision, n_articles (real articles the hits were drawn from), checked_on,
    sample."""
    return pd.read_csv(resources.LEXICON_DIR / "precision.csv", keep_default_na=False)


def with_precision(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` (with a ``category`` column, such as :func:`rates`) with the hand-checked
    precision of each category beside it (``precision``, NaN where none was checked)."""
    prec = lexicon_precision()[["category", "precision"]]
    return table.merge(prec, on="category", how="left")


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


def agency(entities: pd.DataFrame, tokens: pd.DataFrame) -> pd.DataFrame:
    """Verbs of which an actor is the grammatical subject, by a simple POS pattern:
    a PERSON or ORG mention, optionally coordinated with others (``X and Y``) and
    followed by a parenthesised acronym, then up to two adverbs, then a finite verb
    (VBD, VBZ, VBP or MD; a modal takes the verb after it).

    Returns columns actor, article_id, sent_id, verb (lemma), token, voice; sorted.
    """
    rows = []
    people = entities[entities["label"].isin(("PERSON", "ORG"))]
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


def actor_labels(entities: pd.DataFrame, tokens: pd.DataFrame) -> pd.DataFrame:
    """How each actor is labelled, and in which voice: every role given by apposition
    and every role-only reference, with the voice and speaker of its words.

    Returns columns actor, label (the role as written), voice, speaker, n; sorted by
    actor, n descending, label.
    """
    e = entities[entities["role"] != ""]
    if e.empty:
        return pd.DataFrame(columns=["actor", "label", "voice", "speaker", "n"])
    voice = tokens.set_index(["article_id", "start"])[["voice", "speaker"]]
    keyed = e.merge(voice, left_on=["article_id", "start"], right_index=True, how="left")
    out = keyed.groupby(["actor", "role", "voice", "speaker"]).size().rename("n").reset_index()
    out = out.rename(columns={"role": "label"})
    return out.sort_values(["actor", "n", "label"], ascending=[True, False, True]).reset_index(
        drop=True
    )


ENTMAN_FUNCTIONS = ("problem_definition", "causal_interpretation", "moral_evaluation",
                    "treatment_recommendation")  # fmt: skip


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
    return tokens.assign(
        source=tokens["voice"].map(lambda v: "outlet" if v == "narrative" else "sources")
    )


def voice_contrast(hits: pd.DataFrame, tokens: pd.DataFrame, *, category: str = "loaded",
                   per: int = 1000) -> pd.DataFrame:  # fmt: skip
    """Hits of ``category`` per ``per`` running words in the outlet's narration and in
    its sources' quoted or reported words (see :func:`with_source`).

    Returns two rows (``outlet``, ``sources``; a side with no words is left out) with
    columns source, n_hits, n_words, rate.
    """
    marked = with_source(tokens)
    h = hits[hits["category"] == category].merge(
        marked[["article_id", "start", "source"]], on=["article_id", "start"], how="left"
    )
    words = terms.running_words(marked)
    out = words.groupby("source").size().rename("n_words").to_frame()
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


def lexicon_versions() -> pd.DataFrame:
    """The curated lexicons' versions (``lexicons/versions.csv``): file, version, rows,
    licence."""
    return pd.read_csv(resources.LEXICON_DIR / "versions.csv", dtype={"version": str})
