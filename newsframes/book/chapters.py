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

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

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


def compare(a: float, b: float) -> str:
    """``"higher than"``, ``"lower than"`` or ``"the same as"``: a computed word that
    compares two rates."""
    if a > b:
        return "higher than"
    if a < b:
        return "lower than"
    return "the same as"


def _first(df: pd.DataFrame, column: str, default):
    return df[column].iloc[0] if len(df) else default


# ----------------------------------------------------------------------------- chapters


def corpus_chapter(tables: dict, *, max_texts: int, max_chars: int) -> Chapter:
    """The corpus: articles, problems, dates, fingerprint, and which texts are printed.

    Tables: ``articles`` (shown: no file name, short hashes), ``problems``, ``texts``
    (one :class:`render.ArticleText` per printed article)."""
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
    c.tables["articles"] = articles.drop(columns=["source_file"]).assign(
        sha256=articles["sha256"].str[:12]
    )
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
    ``tokens`` (the tokens table without article_id)."""
    tokens, sentences = tables["tokens"], tables["sentences"]
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
    c.tables["tokens"] = tokens.drop(columns=["article_id"])
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
    tokens, sentences = tables["tokens"], tables["sentences"]
    freq, keyness = tables["terms"], tables["keyness"]
    positive = terms.significant(keyness, max_p=settings.keyness_max_p)
    negative = terms.significant(keyness, max_p=settings.keyness_max_p, positive=False)
    n_articles = tokens["article_id"].nunique()
    c = Chapter("terms")
    c["n_running"] = len(terms.running_words(tokens))
    c["n_types"] = len(freq)
    c["top_term"] = render.Plain(_first(freq, "term", "none"))
    c["top_n"] = int(_first(freq, "n", 0))
    c["ngram_min_count"] = settings.ngram_min_count
    c["n_ngrams"] = len(tables["ngrams"])
    c["window"] = settings.collocation_window
    c["collocation_min_count"] = settings.collocation_min_count
    c["n_collocations"] = len(tables["collocations"])
    c["keyness_min_count"] = settings.keyness_min_count
    c["reference_sections"] = render.Plain(", ".join(settings.reference))
    c["reference_words"] = reference.reference_size(settings.reference)
    c["n_keywords"] = len(positive)
    c["n_negative"] = len(negative)
    c["top_keyword"] = render.Plain(_first(positive, "term", "none"))
    c["top_keyword_ll"] = float(_first(positive, "ll", 0.0))
    c["n_articles"] = n_articles
    c["n_quoted_words"] = len(terms.running_words(tokens[tokens["voice"] == "quoted"]))
    c["n_narrative_words"] = len(terms.running_words(tokens[tokens["voice"] == "narrative"]))
    c.tables["freq"] = freq
    c.tables["surface"] = terms.frequencies(tokens, by="lower")
    c.tables["ngrams"] = tables["ngrams"]
    c.tables["collocations"] = tables["collocations"].drop(columns=["expected"])
    chart = pd.concat([positive.head(top_n), negative.head(top_n // 2)])
    c.tables["keywords_chart"] = chart.set_index("term")["ll"]
    c.tables["positive"] = positive
    c.tables["negative"] = negative
    c.tables["by_voice"] = terms.keyness_between(
        tokens, "voice", "quoted", "narrative", min_count=settings.keyness_min_count
    )
    c.tables["kwic"] = {
        pattern: concordance.kwic(tokens, sentences, pattern, window=7, sort="right")
        for pattern in list(positive["term"].head(3)) + list(kwic_extra)
    }
    dispersed = list(positive["term"].head(6))
    c.tables["dispersed"] = dispersed
    c.tables["dispersion"] = concordance.dispersion(tokens, dispersed)
    c.tables["boundaries"] = concordance.article_boundaries(tokens)
    c.tables["tfidf"] = terms.tfidf(tokens, top=5) if n_articles > 1 else None
    return c


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
    tokens, sentences, quotes = tables["tokens"], tables["sentences"], tables["quotes"]
    hits, frames, mentions = tables["framing"], tables["frames"], tables["entities"]
    words = tokens[~tokens["is_punct"] & ~tokens["is_dateline"]]
    contrast = profiles.voice_contrast(hits, tokens, category="loaded").set_index("source")
    loaded = hits[hits["category"] == "loaded"]
    sourcing = voices.source_words(quotes, tokens)
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
    c["n_words"] = len(words)
    for voice in ("narrative", "quoted", "reported"):
        c[f"share_{voice}"] = float((words["voice"] == voice).mean()) * 100
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
    c["loaded_comparison"] = render.Plain(
        compare(rate.get("sources", 0.0), rate.get("outlet", 0.0))
    )
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
        by_voice=words.groupby(["voice", "speaker"]).size().rename("n_words").reset_index(),
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
        rates=lexicons.with_precision(profiles.rates(evaluative, tokens)),
        loaded=loaded.drop(columns=["article_id", "category", "lexicon", "score"]),
        negative_examples=profiles.examples(hits, sentences, category="negative", n=3),
        frame_totals=profile.groupby("frame")["n_sentences"].sum().sort_values(ascending=False),
        profile=profile,
        frame_examples=profiles.examples(hits, sentences, category="frame", n=1),
        persuasion=profiles.rates(persuasion, tokens, by=("voice",)),
        persuasion_examples=profiles.examples(hits, sentences, category="persuasion", n=2),
        markers=lexicons.with_precision(profiles.rates(marked, tokens, by=("voice",))),
        marker_hits=hits[hits["category"].isin(["reporting_verb", "ingroup", "outgroup"])].drop(
            columns=["article_id", "lexicon", "score"]
        ),
        labels=profiles.actor_labels(mentions, tokens),
        agency=profiles.agency(mentions, tokens),
        entman=profiles.entman_candidates(hits, sentences),
    )  # fmt: skip
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
    held = heldout_tables(HELDOUT)["tokens"]
    tokens = tables["tokens"]
    c = Chapter("rerun")
    c["fingerprint"] = render.Plain(corpus.corpus_fingerprint(tables["articles"])[:16])
    c["n_heldout"] = held["article_id"].nunique()
    c.tables.update(
        news_only=terms.keyness_vs_reference(tokens, categories=("news",), min_count=2).head(top),
        against_heldout=terms.keyness_of_tokens(tokens, held, min_count=2).head(top),
    )
    return c


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


def data_chapter() -> Chapter:
    """The data appendix: the tables and the dictionary of their columns."""
    overview = schema.tables_overview()
    c = Chapter("data")
    c["n_tables"] = len(overview)
    c.tables.update(overview=overview, dictionary=schema.dictionary(), names=pipeline.TABLES)
    return c
