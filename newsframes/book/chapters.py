"""Each chapter's numbers: one function per chapter turns the analysis tables into the
values the chapter's prose cites and the tables and figures' data it shows.

A notebook calls its chapter's function, glues every value (:meth:`Chapter.glue`) and
displays the tables; it computes nothing of its own, so every number of the book has
one findable origin here, with a unit test (tests/test_chapters.py). Glue keys are
``<chapter>_<quantity>``: a chapter's function returns only keys of its own prefix.

The evaluation sets of the book's checkout are here too (:data:`SEED_GOLD`,
:data:`HELDOUT`, :data:`HELDOUT2`): they belong to this book, not to the analysis,
whose functions take gold folders as arguments. Each held-out folder is analyzed once
per build: the later chapters read its tables from the analysis cache.

The short clauses the prose glues (:func:`relay_summary`, :func:`compare`) are written
here too, so that a sentence stays true when the data change.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from newsframes.analysis import compare as compare_mod
from newsframes.analysis import (
    concordance,
    corpus,
    descriptive,
    entities,
    evaluation,
    lexicons,
    paths,
    pipeline,
    profiles,
    reference,
    resources,
    schema,
    statistics,
    terms,
    voices,
)
from newsframes.analysis.settings import DEFAULTS, Settings, describe, from_environment
from newsframes.book import publication, render

ROOT = paths.PROJECT_ROOT  # the book's checkout


@dataclass(frozen=True)
class GoldSet:
    """A folder of hand annotations (``entities.csv``, ``quotes.csv``, ``loaded.csv``)
    and, for a held-out set, the folder of its articles (``articles/`` inside it)."""

    folder: Path

    @property
    def articles(self) -> Path:
        return self.folder / "articles"

    def gold(self, name: str) -> Path:
        """The gold CSV ``name`` (``entities``, ``quotes`` or ``loaded``)."""
        return self.folder / f"{name}.csv"


SEED_GOLD = GoldSet(ROOT / "gold")  # annotations of the articles in seeds/
HELDOUT = GoldSet(ROOT / "evaluation" / "heldout")  # invented articles, see its README
HELDOUT2 = GoldSet(ROOT / "evaluation" / "heldout2")  # the second held-out set


def heldout_tables(gold: GoldSet) -> dict[str, pd.DataFrame]:
    """The analysis of a held-out set's articles (from the cache after the first call of
    a build)."""
    return pipeline.analyze(gold.articles)


@dataclass
class Chapter:
    """What one chapter shows: ``values`` (glue key -> value, the numbers and phrases
    its prose cites) and ``tables`` (name -> the data of a table or figure)."""

    prefix: str
    values: dict[str, object] = field(default_factory=dict)
    tables: dict[str, object] = field(default_factory=dict)

    def __setitem__(self, quantity: str, value: object) -> None:
        self.values[f"{self.prefix}_{quantity}"] = value

    def glue(self) -> None:
        """Glue every value (MyST-NB ``glue``, not displayed where it is glued)."""
        from myst_nb import glue

        for key, value in self.values.items():
            glue(key, value, display=False)


def glued_in(notebook) -> dict[str, str]:
    """Glue key -> text/plain of every value an executed notebook (an ``nbformat``
    notebook) glued: what a test or a snapshot compares."""
    values = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            scrap = output.get("metadata", {}).get("scrapbook")
            if scrap:
                values[scrap["name"]] = output["data"].get(scrap["mime_prefix"] + "text/plain")
    return values


# ----------------------------------------------------------------------------- prose


def relay_summary(quotes: pd.DataFrame, sourcing: pd.DataFrame) -> str:
    """One clause on relayed speech: how many rows of ``quotes`` have a ``via`` and the
    source relaying the most words (``sourcing`` from :func:`voices.source_words`)."""
    n = int((quotes["via"] != "").sum()) if "via" in quotes else 0
    if n == 0:
        return "no stretch of speech reaches the articles at second hand"
    relays = sourcing[sourcing["via"] != ""].groupby("via")["n_words"].sum()
    top = relays.sort_values(ascending=False, kind="stable").index[0]
    what = "stretch of speech reaches" if n == 1 else "stretches of speech reach"
    return f"{n:,} {what} the articles at second hand, most words through {top}"


def compare(k1: int, n1: int, k2: int, n2: int, *, confidence: float = DEFAULTS.confidence) -> str:
    """The words that compare two rates ``k1/n1`` and ``k2/n2`` (hits in words):
    ``"higher than"`` or ``"lower than"`` only when the interval of the rate ratio
    (:func:`statistics.rate_ratio`) excludes 1, else ``"not measurably different
    from"``. :func:`ratio_text` gives the ratio and its interval."""
    if k1 + k2 == 0 or not n1 or not n2:
        return "not measurably different from"
    rr = statistics.rate_ratio(k1, n1, k2, n2, confidence=confidence)
    if not statistics.differs(rr):
        return "not measurably different from"
    return "higher than" if rr.ratio > 1 else "lower than"


def ratio_text(
    k1: int, n1: int, k2: int, n2: int, *, confidence: float = DEFAULTS.confidence,
    second: str = "the second set of words",
) -> str:  # fmt: skip
    """The rate ratio of ``k1/n1`` to ``k2/n2`` and its interval, in parentheses:
    ``(rate ratio 1.08, 95% interval 0.19 to 4.09)``; ``second`` names the side of
    ``k2`` when it has no hit."""
    if k1 + k2 == 0 or not n1 or not n2:
        return "(no hit on either side)"
    rr = statistics.rate_ratio(k1, n1, k2, n2, confidence=confidence)
    level = f"{confidence:.0%}"
    if math.isinf(rr.ratio):
        return (
            f"(no hit in {second}; {level} interval of the rate ratio from "
            f"{rr.low:.2f}, no upper bound)"
        )
    return f"(rate ratio {rr.ratio:.2f}, {level} interval {rr.low:.2f} to {rr.high:.2f})"


def _first(df: pd.DataFrame, column: str, default):
    return df[column].iloc[0] if len(df) else default


# ----------------------------------------------------------------------------- chapters


def corpus_chapter(tables: dict, *, max_texts: int, max_chars: int) -> Chapter:
    """The corpus: articles, problems, dates, fingerprint, and which texts are printed.

    Tables: ``articles`` (shown: no file name, short hashes), ``provenance`` (outlet
    and the columns of ``metadata.csv``: url, headline, retrieved...),
    ``problems``, ``texts`` (one :class:`render.ArticleText` per printed article)."""
    articles, problems = tables["articles"], tables["problems"]
    first_date, last_date = corpus.date_range(articles)
    c = Chapter("corpus")
    c["n_articles"] = len(articles)
    c["n_paragraphs"] = int(articles["n_paragraphs"].sum())
    c["n_problems"] = len(problems)
    c["n_errors"] = int((problems["severity"] == "error").sum())
    c["n_warnings"] = int((problems["severity"] == "warning").sum())
    c["first_date"] = render.Plain(first_date)
    c["last_date"] = render.Plain(last_date)
    c["fingerprint"] = render.Plain(corpus.corpus_fingerprint(articles)[:16])
    c["n_texts_shown"] = min(max_texts, len(articles))
    c["max_chars"] = max_chars
    c["n_texts_cut"] = int((articles["n_chars"].head(max_texts) > max_chars).sum())
    documented = schema.columns("articles")
    extra = [column for column in articles.columns if column not in documented]
    c["provenance"] = render.Plain(
        f"the seeds folder's metadata.csv gives {', '.join(extra)} for "
        f"{int(articles[extra].notna().any(axis=1).sum())} of the {len(articles)} articles"
        if extra
        else "the seeds folder has no metadata.csv, so each article's origin is its "
        "dateline (agency and place) only"
    )
    c.tables["articles"] = (
        articles[documented]
        .drop(columns=["source_file", "lead_end"])
        .assign(sha256=articles["sha256"].str[:12])
    )
    c.tables["provenance"] = articles[["article_id", "outlet", *extra]]
    c.tables["problems"] = problems
    sentences = tables["sentences"]
    texts = []
    for row in articles.head(max_texts).itertuples():
        one = sentences[sentences["article_id"] == row.article_id]
        date = row.date if isinstance(row.date, str) and row.date else "no date"
        title = f"{row.article_id} ({row.source_file}), {date}"
        texts.append(render.ArticleText(one, title=title, max_chars=max_chars))
    c.tables["texts"] = texts
    return c


def tokens_chapter(tables: dict) -> Chapter:
    """Tokens, words, types and sentences. Tables: ``by_article`` (size and variety per
    article), ``pos`` (part-of-speech distribution), ``lengths`` (words per sentence),
    ``tokens`` (the first rows of the tokens table, without article_id: shown with
    ``n_tokens`` as the table's size)."""
    tokens = _tokens(tables, "article_id", "sent_id", "lower", "pos", "is_punct")
    sentences = tables["sentences"]
    stats = descriptive.token_stats(tokens, sentences).iloc[0]
    c = Chapter("tokens")
    c["n_sentences"] = int(stats["n_sentences"])
    c["n_datelines"] = int((sentences["kind"] == "dateline").sum())
    c["n_tokens"] = int(stats["n_tokens"])
    c["n_words"] = int(stats["n_words"])
    c["n_punct"] = int(stats["n_tokens"] - stats["n_words"])
    c["n_types"] = int(stats["n_types"])
    c["ttr"] = float(stats["ttr"])
    c["mean_sentence_length"] = float(stats["mean_sentence_length"])
    c.tables["by_article"] = descriptive.token_stats(tokens, sentences, by_article=True)
    c.tables["pos"] = descriptive.pos_distribution(tokens)
    c.tables["lengths"] = descriptive.sentence_lengths(tokens, sentences)["n_words"]
    first = pipeline.head(tables, "tokens", render.HTML_MAX_ROWS)
    c.tables["tokens"] = first.drop(columns=["article_id"])
    return c


def terms_chapter(
    tables: dict, *, top_n: int, kwic_extra: list[str], settings: Settings = DEFAULTS
) -> Chapter:
    """Frequencies, n-grams, collocations, keyness against Brown and between voices,
    concordances, dispersion and TF-IDF. ``settings``: those of the analysis (shown).

    Tables: ``freq``, ``surface`` (word forms), ``ngrams``, ``collocations``,
    ``keywords_chart`` (signed G2 of the top keywords and under-used words),
    ``positive``, ``negative``, ``by_voice``, ``kwic`` (pattern -> lines),
    ``dispersion`` and ``boundaries`` and ``dispersed`` (the words plotted), ``tfidf``
    (``None`` for one article)."""
    sentences = tables["sentences"]
    freq, keyness = tables["terms"], tables["keyness"]
    positive = terms.significant(keyness, max_p=settings.keyness_max_p)
    negative = terms.significant(keyness, max_p=settings.keyness_max_p, positive=False)
    forms = terms.FORM_COLUMNS
    n_articles = int((tables["articles"]["n_tokens"] > 0).sum())  # articles with tokens
    c = Chapter("terms")
    # Each step decodes the token columns it counts, and lets them go before the next.
    counted = _tokens(tables, "voice", "is_punct", "is_dateline")
    running = terms.is_running(counted)
    c["n_running"] = int(running.sum())
    for voice in ("quoted", "narrative"):
        c[f"n_{voice}_words"] = int((running & (counted["voice"] == voice)).sum())
    del counted, running
    c["n_types"] = len(freq)
    c["top_term"] = render.Plain(_first(freq, "term", "none"))
    c["top_n"] = int(_first(freq, "n", 0))
    c["ngram_min_count"] = settings.ngram_min_count
    c["n_ngrams"] = len(tables["ngrams"])
    c["window"] = settings.collocation_window
    c["collocation_min_count"] = settings.collocation_min_count
    c["n_collocations"] = len(tables["collocations"])
    c["keyness_min_count"] = settings.keyness_min_count
    c["correction"] = render.Plain(_CORRECTION_NAMES[settings.correction])
    c["reference_sections"] = render.Plain(", ".join(settings.reference))
    c["reference_words"] = reference.reference_size(settings.reference)
    c["n_keywords"] = len(positive)
    c["n_negative"] = len(negative)
    c["top_keyword"] = render.Plain(_first(positive, "term", "none"))
    c["top_keyword_ll"] = float(_first(positive, "ll", 0.0))
    c["n_articles"] = n_articles
    c.tables["freq"] = freq
    c.tables["surface"] = terms.frequencies(_tokens(tables, "article_id", *forms), by="lower")
    c.tables["ngrams"] = tables["ngrams"]
    c.tables["collocations"] = tables["collocations"].drop(columns=["expected"])
    chart = pd.concat([positive.head(top_n), negative.head(top_n // 2)])
    c.tables["keywords_chart"] = chart.set_index("term")["ll"]
    c.tables["positive"] = positive
    c.tables["negative"] = negative
    c.tables["by_voice"] = terms.keyness_between(
        _tokens(tables, "voice", *forms),
        "voice",
        "quoted",
        "narrative",
        min_count=settings.keyness_min_count,
    )
    tokens = _tokens(tables, "article_id", "sent_id", "tok_id", "start", "end", "token", "lower")
    c.tables["kwic"] = {
        pattern: concordance.kwic(tokens, sentences, pattern, window=7, sort="right")
        for pattern in list(positive["term"].head(3)) + list(kwic_extra)
    }
    dispersed = list(positive["term"].head(6))
    c.tables["dispersed"] = dispersed
    c.tables["dispersion"] = concordance.dispersion(tokens, dispersed)
    c.tables["boundaries"] = concordance.article_boundaries(tokens)
    del tokens
    if n_articles > 1:
        tokens = _tokens(tables, "article_id", "lemma", "is_stop", "is_punct", "is_dateline")
        c.tables["tfidf"] = terms.tfidf(tokens, top=5)
    else:
        c.tables["tfidf"] = None
    return c


def _tokens(tables: Mapping[str, pd.DataFrame], *columns: str) -> pd.DataFrame:
    """The tokens table with only ``columns`` (:func:`pipeline.load_table`: from the
    cache, only those columns are decoded), so a chapter never holds every token column."""
    return pipeline.load_table(tables, "tokens", list(columns))


def _entity_scores(mentions: pd.DataFrame, gold_path: Path, articles=None):
    names = mentions[mentions["mention"] != "role"]
    return evaluation.evaluate_entities(names, gold_path, articles=articles)


def entities_chapter(tables: dict) -> Chapter:
    """Mentions, actors, naming, co-occurrence, and entity detection scored on the
    annotated articles of the corpus and on both held-out sets.

    Tables: ``by_label``, ``actors``, ``naming``, ``pairs``, ``network_actors`` (actors
    drawn: nationalities left out), ``entities`` (the mentions, so that the network can
    leave out what datelines add), ``seed_scores``, ``seed_errors``, ``heldout_scores``,
    ``heldout_errors``, ``heldout2_scores``, ``heldout2_errors``."""
    mentions, actors, pairs = tables["entities"], tables["actors"], tables["cooccurrence"]
    in_corpus = tables["articles"]["article_id"]
    gold = evaluation.read_gold(SEED_GOLD.gold("entities"), articles=in_corpus)
    seed, seed_errors = _entity_scores(mentions, SEED_GOLD.gold("entities"), in_corpus)
    held, held_errors = _entity_scores(
        heldout_tables(HELDOUT)["entities"], HELDOUT.gold("entities")
    )
    held2, held2_errors = _entity_scores(
        heldout_tables(HELDOUT2)["entities"], HELDOUT2.gold("entities")
    )
    c = Chapter("entities")
    c["n_mentions"] = int((mentions["mention"] != "role").sum())
    c["n_roles"] = int((mentions["mention"] == "role").sum())
    c["n_actors"] = len(actors)
    c["top_actor"] = render.Plain(_first(actors, "actor", "none"))
    c["top_actor_n"] = int(_first(actors, "n_mentions", 0))
    c["n_pairs"] = len(pairs)
    c["gold_n"] = len(gold)
    c["gold_n_articles"] = gold["article_id"].nunique()
    c["n_unscored"] = len(set(in_corpus) - set(gold["article_id"]))
    c["seed_result"] = render.Plain(evaluation.f1_summary(seed))
    c["heldout_n"] = len(evaluation.read_gold(HELDOUT.gold("entities")))
    c["heldout_f1_strict"] = evaluation.overall_f1(held, "strict")
    c["heldout_f1_lenient"] = evaluation.overall_f1(held, "lenient")
    c["heldout2_n"] = len(evaluation.read_gold(HELDOUT2.gold("entities")))
    c["heldout2_f1_strict"] = evaluation.overall_f1(held2, "strict")
    c["heldout2_f1_lenient"] = evaluation.overall_f1(held2, "lenient")
    c.tables.update(
        by_label=entities.label_counts(mentions),
        actors=actors,
        naming=entities.naming(mentions),
        pairs=pairs,
        network_actors=actors[actors["label"] != "NORP"],
        entities=mentions,
        seed_scores=seed,
        seed_errors=seed_errors,
        heldout_scores=held,
        heldout_errors=held_errors,
        heldout2_scores=held2,
        heldout2_errors=held2_errors,
    )
    return c


def framing_chapter(tables: dict, *, max_texts: int, max_chars: int) -> Chapter:
    """Voices, sources, loaded language, frames, persuasion cues, modality, actor labels
    and agency, Entman's functions, and the detectors scored on the gold.

    Tables: see the keys set below; each is shown as one table or figure."""
    sentences, quotes = tables["sentences"], tables["quotes"]
    hits, frames, mentions = tables["framing"], tables["frames"], tables["entities"]
    # Each step reads only the token columns it uses (_tokens), one at a time.
    # The running words counted by voice and speaker; the tokens are not kept.
    by_speaker = profiles.word_counts(
        _tokens(tables, "voice", "speaker", "is_punct", "is_dateline")
    )
    n_words = int(by_speaker["n_words"].sum())
    by_voice = by_speaker.groupby("voice")["n_words"].sum()
    shares = {
        v: int(by_voice.get(v, 0)) / n_words * 100 if n_words else float("nan")
        for v in ("narrative", "quoted", "reported")
    }
    at = _tokens(tables, "article_id", "start", "voice", "is_punct", "is_dateline")
    contrast = profiles.voice_contrast(hits, at, category="loaded").set_index("source")
    del at
    loaded = hits[hits["category"] == "loaded"]
    spans = _tokens(tables, "article_id", "start", "end", "is_punct")
    sourcing = voices.source_words(quotes, spans)
    del spans
    sources = (
        sourcing[sourcing["is_resolved"]]
        .groupby("speaker")["n_words"]
        .sum()
        .sort_values(ascending=False, kind="stable")
    )
    frame_counts = frames.groupby("frame").size().sort_values(ascending=False)
    rate = contrast["rate"]
    c = Chapter("framing")
    c["n_quotes"] = len(quotes)
    c["n_texts_shown"] = min(max_texts, sentences["article_id"].nunique())
    c["max_chars"] = max_chars
    for kind in ("direct", "scare", "reported"):
        c[f"n_{kind}"] = int((quotes["kind"] == kind).sum())
    c["n_words"] = n_words
    for voice in shares:
        c[f"share_{voice}"] = shares[voice]
    c["n_loaded"] = len(loaded)
    c["loaded_outlet"] = float(rate.get("outlet", 0.0))
    c["loaded_sources"] = float(rate.get("sources", 0.0))
    c["loaded_outlet_n"] = int(contrast["n_hits"].get("outlet", 0))
    c["loaded_sources_n"] = int(contrast["n_hits"].get("sources", 0))
    c["outlet_words"] = int(contrast["n_words"].get("outlet", 0))
    c["sources_words"] = int(contrast["n_words"].get("sources", 0))
    c["top_source"] = render.Plain(sources.index[0] if len(sources) else "none")
    c["top_source_words"] = int(sources.iloc[0]) if len(sources) else 0
    c["n_articles"] = render.count(len(tables["articles"]), "article")
    c["relay_summary"] = render.Plain(relay_summary(quotes, sourcing))
    c["outlets"] = render.counts(corpus.outlets(tables["articles"]), empty="no outlet")
    c["source_words"] = int(sourcing["n_words"].sum())
    c["share_unresolved"] = voices.unresolved_share(sourcing)
    counts = (c.values["framing_loaded_sources_n"], c.values["framing_sources_words"],
              c.values["framing_loaded_outlet_n"], c.values["framing_outlet_words"])  # fmt: skip
    c["loaded_comparison"] = render.Plain(compare(*counts))
    c["loaded_ratio"] = render.Plain(ratio_text(*counts))
    top_frame = frame_counts.index[0].replace("_", " ") if len(frame_counts) else "none"
    c["top_frame"] = render.Plain(top_frame)
    c["top_frame_n"] = int(frame_counts.iloc[0]) if len(frame_counts) else 0
    _framing_evaluation(c, tables)

    evaluative = hits[hits["category"].isin(["loaded", "positive", "negative"])]
    profile = profiles.frame_profile(frames, sentences, by="voice")
    persuasion = hits[hits["category"] == "persuasion"].assign(category=lambda h: h["subcategory"])
    markers = ["hedge", "booster", "reporting_verb", "ingroup", "outgroup"]
    marked = hits[hits["category"].isin(markers)]
    c.tables.update(
        quotes=quotes[["article_id", "sent_id", "kind", "speaker", "via", "reporting_verb",
                       "text"]],
        by_voice=by_speaker.dropna().reset_index(drop=True),
        sourcing=sourcing,
        texts=[
            render.HighlightedText(
                sentences[sentences["article_id"] == article_id],
                quotes[quotes["article_id"] == article_id],
                loaded[loaded["article_id"] == article_id],
                max_chars=max_chars,
            )
            for article_id in sorted(sentences["article_id"].unique())[:max_texts]
        ],
        rates=lexicons.with_precision(profiles.rates(evaluative, words=by_speaker)),
        loaded=loaded.drop(columns=["article_id", "category", "lexicon", "score"]),
        negative_examples=profiles.examples(hits, sentences, category="negative", n=3),
        frame_totals=profile.groupby("frame")["n_sentences"].sum().sort_values(ascending=False),
        profile=profile,
        frame_examples=profiles.examples(hits, sentences, category="frame", n=1),
        persuasion=profiles.rates(persuasion, by=("voice",), words=by_speaker),
        persuasion_examples=profiles.examples(hits, sentences, category="persuasion", n=2),
        markers=lexicons.with_precision(profiles.rates(marked, by=("voice",), words=by_speaker)),
        marker_hits=hits[hits["category"].isin(["reporting_verb", "ingroup", "outgroup"])].drop(
            columns=["article_id", "lexicon", "score"]
        ),
        entman=profiles.entman_candidates(hits, sentences),
    )  # fmt: skip
    voiced = _tokens(tables, "article_id", "start", "voice", "speaker")
    c.tables["labels"] = profiles.actor_labels(mentions, voiced)
    del voiced
    # Agency reads the sentences that name someone: their rows of each column, one
    # column decoded at a time.
    keep = profiles.naming_sentences(mentions, _tokens(tables, "article_id", "sent_id"))
    used = ["article_id", "sent_id", "tok_id", "start", "end", "token", "lemma", "pos", "voice"]
    named = pd.DataFrame({column: _tokens(tables, column)[column][keep] for column in used})
    c.tables["agency"] = profiles.agency(mentions, named)
    return c


def _framing_evaluation(c: Chapter, tables: dict) -> None:
    """The quotation and loaded-language detectors scored on the annotated articles of
    the corpus and the two held-out sets, and the hand-checked lexicon precision."""
    held = heldout_tables(HELDOUT)
    in_corpus = tables["articles"]["article_id"]  # annotated articles count when analyzed
    q_seed, q_seed_err, spk_seed = evaluation.evaluate_quotes(
        tables["quotes"], SEED_GOLD.gold("quotes"), articles=in_corpus
    )
    q_held, q_held_err, spk_held = evaluation.evaluate_quotes(
        held["quotes"], HELDOUT.gold("quotes")
    )
    l_seed, l_seed_err = evaluation.evaluate_loaded(
        tables["framing"], SEED_GOLD.gold("loaded"), articles=in_corpus
    )
    l_held, l_held_err = evaluation.evaluate_loaded(held["framing"], HELDOUT.gold("loaded"))
    c["quotes_seed_result"] = render.Plain(evaluation.f1_summary(q_seed, modes=("lenient",)))
    c["quotes_f1_heldout"] = evaluation.overall_f1(q_held, "lenient")
    c["speaker_ok_seed"] = int(spk_seed["agrees"].sum())
    c["speaker_n_seed"] = len(spk_seed)
    c["speaker_ok_heldout"] = int(spk_held["agrees"].sum())
    c["speaker_n_heldout"] = len(spk_held)
    c["loaded_seed_result"] = render.Plain(evaluation.f1_summary(l_seed, modes=("lenient",)))
    c["loaded_f1_heldout"] = evaluation.overall_f1(l_held, "lenient")
    c["h1_n_quotes"] = len(evaluation.read_gold(HELDOUT.gold("quotes")))
    c["h1_n_loaded"] = len(evaluation.read_gold(HELDOUT.gold("loaded")))

    held2 = heldout_tables(HELDOUT2)
    summary2 = evaluation.detector_summary(held2, HELDOUT2.folder)
    by_measure = summary2.set_index("measure")
    value2 = by_measure["value"]
    c["h2_n_articles"] = len(held2["articles"])
    c["h2_n_quotes"] = int(by_measure.loc["quotations found", "n_gold"])
    c["h2_n_loaded"] = int(by_measure.loc["loaded phrases found", "n_gold"])
    c["h2_found"] = float(value2["quotations found"])
    c["h2_speaker"] = float(value2["speaker right, direct and reported"])
    c["h2_via"] = float(value2["relaying source (via) right"])
    c["h2_loaded"] = float(value2["loaded phrases found"])
    c["h2_hits_per_gold"] = float(value2["hits per gold phrase"])

    precision = lexicons.lexicon_precision()
    prec = precision.set_index("category")["precision"]
    c["precision_loaded"] = float(prec.get("loaded", float("nan")))
    c["precision_positive"] = float(prec.get("positive", float("nan")))
    c["precision_n_articles"] = int(precision["n_articles"].max())
    c.tables.update(
        quotes_seed=q_seed,
        quotes_heldout=q_held,
        quote_errors=pd.concat([q_seed_err, q_held_err]),
        speakers=pd.concat([spk_seed, spk_held]).drop(columns=["start", "end"]),
        loaded_scores=pd.concat(
            [l_seed.assign(corpus="this corpus"), l_held.assign(corpus="held-out")]
        ),
        loaded_errors=pd.concat([l_seed_err, l_held_err]),
        heldout2_summary=summary2,
        heldout2_record=pd.read_csv(HELDOUT2.folder / "record.csv"),
        precision=precision,
    )


def rerun_example(example: dict) -> Chapter:
    """The rerun guide's worked example: what the analysis makes of it (``example``: its
    tables). Tables: ``articles``, ``sentences``."""
    columns = ["article_id", "date", "dateline", "agency", "n_paragraphs", "n_sentences",
               "n_tokens"]  # fmt: skip
    c = Chapter("rerun")
    c["example_n_sentences"] = len(example["sentences"])
    c["example_n_quotes"] = len(example["quotes"])
    c.tables.update(
        articles=example["articles"][columns],
        sentences=example["sentences"][["sent_id", "kind", "voice", "speaker", "text"]],
    )
    return c


def rerun_flawed(flawed: corpus.Corpus, folder: Path) -> Chapter:
    """The rerun guide's flawed folder: what the loader reports of ``flawed`` (read from
    ``folder``), and the size limit. Tables: ``problems``."""
    c = Chapter("rerun")
    c["flawed_n_files"] = len(list(folder.iterdir()))
    c["flawed_n_errors"] = int((flawed.problems["severity"] == "error").sum())
    c["flawed_n_warnings"] = int((flawed.problems["severity"] == "warning").sum())
    c["flawed_n_articles"] = len(flawed.articles)
    c["max_mb"] = render.Plain(f"{DEFAULTS.max_mb:g}")
    c.tables["problems"] = flawed.problems
    return c


def rerun_references(tables: dict, *, top: int) -> Chapter:
    """The rerun guide on the book's corpus: its fingerprint, and its keywords against
    two other references. Tables: ``news_only`` (Brown's news section),
    ``against_heldout`` (the first held-out set's articles), each its ``top`` rows."""
    forms = terms.FORM_COLUMNS
    held = _tokens(heldout_tables(HELDOUT), "article_id", *forms)
    tokens = _tokens(tables, *forms)
    c = Chapter("rerun")
    c["fingerprint"] = render.Plain(corpus.corpus_fingerprint(tables["articles"])[:16])
    c["n_heldout"] = held["article_id"].nunique()
    c.tables.update(
        news_only=terms.keyness_vs_reference(tokens, categories=("news",), min_count=2).head(top),
        against_heldout=terms.keyness_of_tokens(tokens, held, min_count=2).head(top),
    )
    return c


def compare_chapter(tables: dict, *, settings: Settings | None = None, top_n: int = 15) -> Chapter:
    """Comparing outlets (or any article column, :attr:`Settings.compare_by`): sizes and
    voices, loaded language with intervals, readability, sourcing, naming, distinctive
    words, word choice, frame profiles, the timeline, adoption and text reuse. With one
    group, the narration is compared with the sources it relays.

    Tables: ``outlets`` (shown), ``rates`` (the interval chart), ``sources``, ``naming``,
    ``naming_chart`` (form shares of the most named actor, by group), ``logodds``,
    ``logodds_points`` (z against frequency), ``wordchoice`` (wordings by group),
    ``frames`` (group x frame shares), ``timeline``, ``adoption``, ``reuse``."""
    settings = settings or from_environment()
    by = settings.compare_by
    out = tables["outlets"]
    groups = out.set_index("group")
    several = len(out) > 1
    c = Chapter("compare")
    c["by"] = render.Plain(by)
    c["n_groups"] = len(out)
    c["groups"] = render.counts(groups["n_articles"], empty="no article")
    c["n_articles"] = len(tables["articles"])
    c["several"] = several
    c["scope"] = render.Plain(_compare_scope(out, by))
    c["confidence"] = render.Plain(f"{settings.confidence:.0%}")
    c["rates"] = render.Plain(_rate_statement(out, settings.confidence))
    c["verdict"] = render.Plain(_verdict(out, tables["logodds"], settings.confidence))
    c["narration_shares"] = render.Plain(
        _listing(groups["share_narrative"].map(lambda v: f"{v:.0%}"))
    )
    c["flesch"] = render.Plain(_listing(groups["flesch_reading_ease"].map(lambda v: f"{v:.0f}")))
    c["mtld"] = render.Plain(_listing(groups["mtld"].map(lambda v: f"{v:.0f}")))
    sources = tables["sources"]
    c["top_sources"] = render.Plain(_top_sources(sources))
    c["n_sources"] = int(sources["speaker"].nunique())
    naming, actor = tables["naming"], _most_named(tables["naming"])
    c["naming_actor"] = render.Plain(actor or "no actor")
    c["naming_forms"] = render.Plain(_main_forms(naming, actor))
    lo = tables["logodds"]
    c["logodds_prior"] = settings.logodds_prior_size
    c["logodds_min_count"] = settings.logodds_min_count
    c["correction"] = render.Plain(_CORRECTION_NAMES[settings.correction])
    c["logodds_max_p"] = settings.logodds_max_p
    c["logodds_n_comparisons"] = int(lo["comparison"].nunique())
    c["logodds_n_significant"] = int(lo["is_significant"].sum())
    c["logodds_top"] = render.Plain(_top_words(lo))
    wc = tables["wordchoice"]
    c["wordchoice_version"] = render.Plain(_version("wordchoice.csv"))
    c["wordchoice_n_listed"] = len(resources.word_choice())
    c["wordchoice_n_found"] = int(wc["wording"].nunique())
    c["wordchoice_summary"] = render.Plain(_wordchoice_summary(wc))
    adoption = tables["adoption"]
    loaded = adoption[adoption["category"] == "loaded"]
    c["adoption_n_loaded"] = int(loaded["term"].nunique())
    c["adoption_n_terms"] = int(adoption["term"].nunique())
    c["adoption_summary"] = render.Plain(_adoption_summary(loaded))
    reuse = tables["reuse"]
    c["reuse_n_pairs"] = len(reuse)
    c["reuse_n_reprints"] = int((reuse["reprint"] != "").sum())
    c["reuse_summary"] = render.Plain(_reuse_summary(reuse))
    c["reuse_shingle"] = settings.reuse_shingle
    c["reuse_min_share"] = render.Plain(f"{settings.reuse_min_share:.0%}")
    c["reprint_min_share"] = render.Plain(f"{settings.reprint_min_share:.0%}")
    c["exclude_reprints"] = render.Plain(
        "left out of every comparison (the setting exclude_reprints is on)"
        if settings.exclude_reprints
        else "counted in the comparisons like any article (the setting exclude_reprints is off)"
    )
    dates = tables["articles"]["date"].dropna()
    c["n_dates"] = int(dates.nunique())

    c.tables["outlets"] = _outlets_shown(out)
    c.tables["rates"] = _rate_chart(out, several)
    c.tables["sources"] = sources.drop(columns=["by", "is_resolved"]).rename(
        columns={"n_quotes": "passages", "n_quoted_words": "words quoted",
                 "n_reported_words": "words reported", "n_words": "words",
                 "share": "share of the group's source words"}
    )  # fmt: skip
    c.tables["naming"] = _naming_shown(naming)
    c.tables["naming_chart"] = _naming_chart(naming, actor)
    c.tables["logodds"] = _logodds_shown(lo, top_n)
    points = _logodds_points(lo)
    c.tables["logodds_points"] = points
    c.tables["logodds_title"] = (
        f"{points['comparison'].iat[0]}, {points['scope'].iat[0]} words"
        + ("" if points["significant"].any() else " (no word significant after correction)")
        if len(points)
        else ""
    )
    c.tables["wordchoice"] = _wordchoice_shown(wc)
    c.tables["frames"] = _frame_shares(tables, by)
    c.tables["timeline"] = _timeline(tables, by)
    c.tables["adoption"] = adoption.drop(columns=["by"])
    c.tables["reuse"] = reuse
    return c


_CORRECTION_NAMES = {"bh": "Benjamini-Hochberg", "bonferroni": "Bonferroni"}


def _listing(values: pd.Series) -> str:
    """``TASS 69%, Xinhua 67%``: a label and its value, for each row of ``values``."""
    return ", ".join(f"{k} {v}" for k, v in values.items()) or "none"


def _compare_scope(out: pd.DataFrame, by: str) -> str:
    if len(out) > 1:
        return (
            f"The articles fall into {len(out)} groups by {by}, each compared with the rest "
            "of the corpus"
        )
    if out.empty:
        return "The corpus has no article to compare"
    only = out["group"].iat[0]
    return (
        f"The corpus has one {by}, {only}, so {by}s cannot be compared yet: that needs "
        f"articles of a second {by} (another dateline agency, or a metadata.csv that gives "
        f"each article its {by}). Until then, {only}'s own narration is compared with the "
        "words of each source it relays"
    )


def _rate_statement(out: pd.DataFrame, confidence: float) -> str:
    """Loaded language compared: the groups of highest and lowest rate (several groups),
    or the narration and the sources (one group), stated as a difference only when the
    interval of the rate ratio excludes 1."""
    if out.empty:
        return "there is no word to count"
    if len(out) == 1:
        r = out.iloc[0]
        counts = (int(r["n_loaded_sources"]), int(r["n_quoted"] + r["n_reported"]),
                  int(r["n_loaded_narrative"]), int(r["n_narrative"]))  # fmt: skip
        return (
            f"in {r['group']}, the sources' rate is {compare(*counts, confidence=confidence)} "
            f"the narration's "
            f"{ratio_text(*counts, confidence=confidence, second='the narration')}"
        )
    ranked = out.sort_values(["loaded_per_1k", "group"], ascending=[False, True])
    hi, lo = ranked.iloc[0], ranked.iloc[-1]
    counts = (int(hi["n_loaded"]), int(hi["n_words"]), int(lo["n_loaded"]), int(lo["n_words"]))
    return (
        f"the highest rate is {hi['group']}'s ({hi['loaded_per_1k']:.1f} per 1,000 words), "
        f"the lowest {lo['group']}'s ({lo['loaded_per_1k']:.1f}); {hi['group']}'s rate is "
        f"{compare(*counts, confidence=confidence)} {lo['group']}'s "
        f"{ratio_text(*counts, confidence=confidence, second=lo['group'] + chr(39) + 's words')}"
    )


def _verdict(out: pd.DataFrame, lo: pd.DataFrame, confidence: float) -> str:
    """One sentence: whether any difference passed its test (the loaded-language rates of
    the groups of highest and lowest rate; the distinctive words after correction)."""
    rates_differ = False
    if len(out) > 1:
        ranked = out.sort_values(["loaded_per_1k", "group"], ascending=[False, True])
        hi, low = ranked.iloc[0], ranked.iloc[-1]
        verdict = compare(int(hi["n_loaded"]), int(hi["n_words"]), int(low["n_loaded"]),
                          int(low["n_words"]), confidence=confidence)  # fmt: skip
        rates_differ = verdict != "not measurably different from"
    n_words = int(lo.loc[lo["is_significant"] & (lo["z"] > 0), "term"].nunique())
    if not rates_differ and n_words == 0:
        return (
            "No difference passes its test: no two loaded-language rates differ measurably "
            "and no word is distinctive after the correction, so what follows describes "
            "these articles and does not show that the groups differ"
        )
    found = []
    if rates_differ:
        found.append("the loaded-language rates of the highest and the lowest group differ")
    if n_words:
        found.append(f"{n_words} word(s) are distinctive after the correction")
    return "Tested differences: " + " and ".join(found) + "; the rest is descriptive"


def _top_sources(sources: pd.DataFrame) -> str:
    parts = []
    for group, part in sources.groupby("group", sort=True):
        top = part.iloc[0]
        via = f", via {top['via']}" if top["via"] else ""
        parts.append(f"{group}: {top['speaker']}{via} ({int(top['n_words']):,} words)")
    return "; ".join(parts) or "no source is quoted"


def _most_named(naming: pd.DataFrame) -> str | None:
    """The actor with the most mentions over all groups (ties: the first by name)."""
    if naming.empty:
        return None
    totals = naming.groupby("actor")["n"].sum()
    return str(totals.sort_index().sort_values(ascending=False, kind="stable").index[0])


def _main_forms(naming: pd.DataFrame, actor: str | None) -> str:
    if actor is None:
        return "no actor is named"
    part = naming[naming["actor"] == actor]
    parts = [f"{g}: {p.iloc[0]['form']} ({p.iloc[0]['share']:.0%})"
             for g, p in part.groupby("group", sort=True)]  # fmt: skip
    return "; ".join(parts)


def _top_words(lo: pd.DataFrame, n: int = 5) -> str:
    """The most distinctive words of each group against the rest (all words; with one
    group, its narration against each source), significant ones only."""
    if lo.empty:
        return "no comparison could be made"
    scope = "all" if (lo["scope"] == "all").any() else "narration"
    lo = lo[lo["scope"] == scope]
    if (lo["other"] == "rest").any():  # each group against the rest, not every pair
        lo = lo[lo["other"] == "rest"]
    parts = []
    for comparison, part in lo.groupby("comparison", sort=True):
        sig = part[part["is_significant"] & (part["z"] > 0)].head(n)
        words = ", ".join(sig["term"]) if len(sig) else "none significant"
        parts.append(f"{comparison}: {words}")
    return "; ".join(parts)


def _version(file: str) -> str:
    v = lexicons.lexicon_versions().set_index("file")
    return str(v.loc[file, "version"]) if file in v.index else "unversioned"


def _wordchoice_summary(wc: pd.DataFrame) -> str:
    """Per referent, each group's most used wording in its own narration."""
    wc = wc[wc["voice"] == "narrative"]
    if wc.empty:
        return "no listed wording occurs in the outlets' own narration"
    totals = wc.groupby(["referent", "group", "wording"])["n"].sum().reset_index()
    parts = []
    for referent, part in totals.groupby("referent", sort=True):
        best = (part.sort_values(["group", "n", "wording"], ascending=[True, False, True])
                .groupby("group").head(1))  # fmt: skip
        used = ", ".join(f"{r.group} {r.wording} ({r.n})" for r in best.itertuples())
        parts.append(f"{referent}: {used}")
    return "; ".join(parts)


def _adoption_summary(loaded: pd.DataFrame, n: int = 5) -> str:
    if loaded.empty:
        return "no loaded term of a quotation recurs in an outlet's own narration"
    parts = [
        f"{r.term} ({r.group}, quoted from {r.quoted_by})" for r in loaded.head(n).itertuples()
    ]
    return "; ".join(parts)


def _reuse_summary(reuse: pd.DataFrame) -> str:
    if reuse.empty:
        return "no two articles share long passages"
    parts = []
    for r in reuse.head(5).itertuples():
        if r.reprint:
            orig = r.article_b if r.reprint == r.article_a else r.article_a
            share = r.share_a if r.reprint == r.article_a else r.share_b
            parts.append(f"{r.reprint} reprints {orig} ({share:.0%} of its passages)")
        else:
            parts.append(f"{r.article_a} and {r.article_b} share {r.longest_words} words in a row")
    return "; ".join(parts)


def _interval(rate: float, low: float, high: float) -> str:
    return "no words" if math.isnan(rate) else f"{rate:.1f} ({low:.1f} to {high:.1f})"


def _outlets_shown(out: pd.DataFrame) -> pd.DataFrame:
    shown = pd.DataFrame({
        "group": out["group"], "articles": out["n_articles"], "words": out["n_words"],
        "narration %": (out["share_narrative"] * 100).round(1),
        "quoted %": (out["share_quoted"] * 100).round(1),
        "reported %": (out["share_reported"] * 100).round(1),
    })  # fmt: skip
    for suffix, name in (("", "loaded / 1,000"), ("_narrative", "in narration"),
                         ("_sources", "in sources")):  # fmt: skip
        shown[name] = [
            _interval(r, lo, hi)
            for r, lo, hi in zip(out[f"loaded{suffix}_per_1k"], out[f"loaded{suffix}_low"],
                                 out[f"loaded{suffix}_high"], strict=True)
        ]  # fmt: skip
    shown["Flesch"] = out["flesch_reading_ease"].round(1)
    shown["Coleman-Liau"] = out["coleman_liau"].round(1)
    shown["MTLD"] = out["mtld"].round(1)
    shown["top frames"] = out["top_frames"]
    return shown


def _rate_chart(out: pd.DataFrame, several: bool) -> pd.DataFrame:
    sides = (("", "all words"),) if several else ()
    sides += (("_narrative", "narration"), ("_sources", "sources"))
    rows = []
    for r in out.itertuples(index=False):
        for suffix, side in sides:
            rate = getattr(r, f"loaded{suffix}_per_1k")
            if not math.isnan(rate):
                rows.append((r.group, side, rate, getattr(r, f"loaded{suffix}_low"),
                             getattr(r, f"loaded{suffix}_high")))  # fmt: skip
    return pd.DataFrame(rows, columns=["label", "side", "rate", "low", "high"])


def _naming_chart(naming: pd.DataFrame, actor: str | None, n_forms: int = 6) -> pd.DataFrame:
    """Shares of the most used forms of ``actor`` by group (the rest summed as ``other
    forms``): rows groups, columns forms."""
    if actor is None:
        return pd.DataFrame()
    part = naming[naming["actor"] == actor]
    top = part.groupby("form")["n"].sum().sort_index().sort_values(ascending=False, kind="stable")
    keep = list(top.index[:n_forms])
    part = part.assign(form=part["form"].where(part["form"].isin(keep), "other forms"))
    table = part.pivot_table(index="group", columns="form", values="share", aggfunc="sum")
    columns = keep + (["other forms"] if "other forms" in table.columns else [])
    return table.reindex(columns=columns).fillna(0.0)


def _naming_shown(naming: pd.DataFrame, per_group: int = 10) -> pd.DataFrame:
    """The most frequent forms of each group (the naming table has them all)."""
    top = naming.sort_values(["group", "n", "actor", "form"], ascending=[True, False, True, True])
    return top.groupby("group").head(per_group).drop(columns=["by"]).reset_index(drop=True)


def _logodds_shown(lo: pd.DataFrame, top_n: int) -> pd.DataFrame:
    """The words of highest z of each group against the rest (with one group, of its
    narration against each source), in the ``all`` scope when there is one."""
    scope = "all" if (lo["scope"] == "all").any() else "narration"
    part = lo[(lo["scope"] == scope) & (lo["z"] > 0)]
    if (part["other"] == "rest").any():
        part = part[part["other"] == "rest"]
    part = part.sort_values(["comparison", "z"], ascending=[True, False]).groupby(
        "comparison").head(top_n)  # fmt: skip
    return part[["comparison", "scope", "term", "n_a", "n_b", "delta", "z", "p", "p_adj",
                 "is_significant"]].reset_index(drop=True)  # fmt: skip


def _logodds_points(lo: pd.DataFrame) -> pd.DataFrame:
    """The points of the log-odds figure: the comparison of the largest group in the
    ``all`` scope (else the first), each term's z and total count."""
    if lo.empty:
        return pd.DataFrame(columns=["comparison", "scope", "term", "n", "z", "significant"])
    scope = "all" if (lo["scope"] == "all").any() else "narration"
    part = lo[lo["scope"] == scope]
    if (part["other"] == "rest").any():
        part = part[part["other"] == "rest"]
    sizes = part.groupby("comparison")["n_a"].sum().sort_index()
    first = sizes.sort_values(ascending=False, kind="stable").index[0]
    part = part[part["comparison"] == first]
    return pd.DataFrame({"comparison": first, "scope": scope, "term": part["term"],
                         "n": part["n_a"] + part["n_b"], "z": part["z"],
                         "significant": part["is_significant"]}).reset_index(drop=True)  # fmt: skip


def _wordchoice_shown(wc: pd.DataFrame) -> pd.DataFrame:
    """Occurrences of each wording by group (all voices; in brackets, those in the
    group's own narration)."""
    if wc.empty:
        return pd.DataFrame(columns=["referent", "wording"])
    total = wc.pivot_table(index=["referent", "wording"], columns="group", values="n",
                           aggfunc="sum", fill_value=0)  # fmt: skip
    own = (
        wc[wc["voice"] == "narrative"]
        .pivot_table(
            index=["referent", "wording"], columns="group", values="n", aggfunc="sum", fill_value=0
        )
        .reindex(index=total.index, columns=total.columns, fill_value=0)
    )
    shown = total.astype(int).astype(str) + " (" + own.astype(int).astype(str) + ")"
    shown = shown.where(total > 0, "")
    return shown.reset_index().rename_axis(columns=None)


def _frame_shares(tables: dict, by: str) -> pd.DataFrame:
    """Share of each group's sentences that cue each frame dimension (rows: groups)."""
    sentences = compare_mod.sentences_of(tables, by, ())
    if sentences.empty:
        return pd.DataFrame()
    profile = profiles.frame_profile(tables["frames"], sentences, by="group")
    return profile.pivot_table(index="group", columns="frame", values="share", fill_value=0.0)


def _timeline(tables: dict, by: str) -> pd.DataFrame:
    """Per date and group: articles, running words, loaded hits and their rate per
    1,000 words (undated articles left out)."""
    articles = tables["articles"].dropna(subset=["date"])
    if articles.empty or by == compare_mod.POSITION:
        return pd.DataFrame(columns=["date", "group", "n_articles", "n_words", "n_loaded", "rate"])
    group = compare_mod.group_names(tables["articles"], by)
    words = terms.running_words(_tokens(tables, "article_id", "is_punct", "is_dateline"))
    loaded = tables["framing"][tables["framing"]["category"] == "loaded"]
    frame = articles[["article_id", "date"]].assign(group=articles["article_id"].map(group))
    frame["n_words"] = frame["article_id"].map(words.groupby("article_id").size()).fillna(0)
    frame["n_loaded"] = frame["article_id"].map(loaded.groupby("article_id").size()).fillna(0)
    out = frame.groupby(["date", "group"]).agg(
        n_articles=("article_id", "size"), n_words=("n_words", "sum"), n_loaded=("n_loaded", "sum")
    ).reset_index()  # fmt: skip
    out["rate"] = out["n_loaded"] / out["n_words"].where(out["n_words"] > 0) * 1000
    return out.astype({"n_words": int, "n_loaded": int})


def lexicons_chapter() -> Chapter:
    """The curated lexicons: versions, and every entry of each (tables by lexicon name,
    and ``versions``)."""
    c = Chapter("lexicons")
    evaluative = lexicons.evaluative_lexicon()
    c["n_opinion"] = int((evaluative["lexicon"] == "opinion_lexicon").sum())
    c["n_vader"] = len(lexicons.vader())
    c.tables["versions"] = lexicons.lexicon_versions()
    for name in ("loaded", "frames", "cues", "modality", "reporting_verbs", "groups", "entman"):
        c.tables[name] = lexicons.lexicon(name).drop(columns=["lexicon"])
    return c


def cite_chapter() -> Chapter:
    """How to cite the book: its version and date; tables ``bibtex`` and ``apa`` (text)."""
    cff = publication.citation()
    c = Chapter("cite")
    c["version"] = render.Plain(str(cff["version"]))
    c["date"] = render.Plain(str(cff["date-released"]))
    c.tables.update(bibtex=publication.bibtex(cff), apa=publication.apa(cff))
    return c


def settings_and_inputs(seeds=None, *, settings: Settings | None = None) -> Chapter:
    """What the results depend on: the environment, the NLTK data, the lexicons, the
    input files, the settings of this build, the build commands and the glue index.

    Values: ``settings_<name>`` for every setting (the methods page cites them)."""
    settings = settings or from_environment()
    articles = corpus.read_corpus(seeds, settings=settings).articles_table()
    described = describe(settings)
    c = Chapter("settings")
    for row in described.itertuples():
        c[row.setting] = render.Plain(row.value)
    c.tables.update(
        environment=publication.environment(),
        nltk=resources.nltk_table().drop(columns=["path"]),
        lexicons=resources.lexicon_table(),
        inputs=articles[["article_id", "source_file", "sha256"]],
        settings=described,
        commands="\n".join(publication.BUILD_COMMANDS),
        glue_index=publication.glue_index(ROOT / "notebooks"),
    )
    return c


BENCH_SCALE = ROOT / "benchmarks" / "scale.csv"  # the runs of make bench-scale
# What the scale benchmark is held to (on 2 cores): the command line end to end at least
# as fast as bare NLTK tokenizing and tagging, an unchanged rerun at least 10 times faster,
# the book (HTML and PDF) within 20 minutes, its peak memory growing at most 1.3 times from
# the smallest to the largest corpus.
SCALE_GOALS = {"cli_over_bare": 1.0, "rerun_speedup": 10.0, "book_minutes": 20.0,
               "book_peak_growth": 1.3}  # fmt: skip


def scale_chapter(path: Path = BENCH_SCALE) -> Chapter:
    """The last run recorded in ``benchmarks/scale.csv`` (``make bench-scale``; one row
    per corpus size), for the methods page: its date and machine, the sizes, the worst
    throughput ratio and rerun speed-up, the book's time and site at the largest size,
    the growth of the book's peak memory, each goal of :data:`SCALE_GOALS`, whether it is
    met; ``tables["runs"]``: the rows of the run (drawn by :func:`plots.scale` for the
    methods page, see :mod:`newsframes.book.sphinxext`)."""
    runs = pd.read_csv(path)
    last = runs[runs["run"] == runs["run"].max()].sort_values("n_articles", kind="stable")
    largest = last.iloc[-1]
    growth = float(largest["book_peak_mb"] / last["book_peak_mb"].iloc[0])
    c = Chapter("scale")
    c["date"] = str(largest["run"])[:10]
    c["machine"] = str(largest["machine"])
    c["sizes"] = ", ".join(f"{n:,}" for n in last["n_articles"])
    c["smallest"] = int(last["n_articles"].iloc[0])
    c["largest"] = int(largest["n_articles"])
    c["min_ratio"] = f"{last['cli_over_bare'].min():.2f}"
    c["min_rerun_speedup"] = f"{last['rerun_speedup'].min():.1f}"
    c["book_minutes"] = f"{largest['book_seconds'] / 60:.1f}"
    c["site_mb"] = f"{largest['site_mb']:.0f}"
    # Runs of bare NLTK and the command line per size, whose medians are recorded (one
    # before the benchmark repeated them).
    repeats = largest.get("repeats")
    c["repeats"] = f"{int(repeats) if pd.notna(repeats) else 1:d}"
    c["cli_peak_mb"] = f"{largest['cli_peak_mb']:,.0f}"
    c["book_peak_mb"] = f"{largest['book_peak_mb']:,.0f}"
    c["book_peak_growth"] = f"{growth:.2f}"
    goals = SCALE_GOALS
    c["goal_ratio"] = f"{goals['cli_over_bare']:.1f}"
    c["goal_rerun_speedup"] = f"{goals['rerun_speedup']:.0f}"
    c["goal_book_minutes"] = f"{goals['book_minutes']:.0f}"
    c["goal_book_peak_growth"] = f"{goals['book_peak_growth']:.1f}"
    met = {
        "throughput": last["cli_over_bare"].min() >= goals["cli_over_bare"],
        "rerun": last["rerun_speedup"].min() >= goals["rerun_speedup"],
        "book time": largest["book_seconds"] / 60 <= goals["book_minutes"],
        "book memory": growth <= goals["book_peak_growth"],
    }
    missed = [name for name, ok in met.items() if not ok]
    c["verdict"] = (
        "every goal is met"
        if not missed
        else f"{len(missed)} of {len(met)} goals are not met yet ({', '.join(missed)})"
    )
    c.tables["runs"] = last
    return c


def data_chapter(tables: Mapping[str, pd.DataFrame]) -> Chapter:
    """The data appendix: the tables, their sizes and files in the web book
    (:func:`render.download_files`), and the dictionary of their columns."""
    overview = schema.tables_overview()
    overview["n_rows"] = [pipeline.n_rows(tables, name) for name in overview["table"]]
    overview["in_web_book"] = [
        " ".join(name + suffix for suffix in render.download_files(n).values())
        or "too large: use the command line"
        for name, n in zip(overview["table"], overview["n_rows"], strict=True)
    ]
    c = Chapter("data")
    c["n_tables"] = len(overview)
    c["plain_max_rows"] = render.DOWNLOAD_PLAIN_MAX_ROWS
    c["max_rows"] = render.DOWNLOAD_MAX_ROWS
    c["n_too_large"] = sum(not render.download_files(n) for n in overview["n_rows"])
    c.tables.update(overview=overview, dictionary=schema.dictionary(), names=pipeline.TABLES)
    return c
