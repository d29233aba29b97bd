"""``analyze(seeds)`` -> the named tables of :mod:`newsframes.analysis.schema`.

The analysis runs in three steps: look each article up in the cache
(:mod:`newsframes.analysis.cache`), analyze the articles not found there
(:func:`analyze_articles`, in batches, in worker processes when there are several, or
one per task on a Dask cluster: :mod:`newsframes.analysis.cluster`), then compute the
corpus-level tables from all of them (:func:`corpus_tables`). Every table of the
corpus is then cached in one entry too, so that an unchanged corpus is read from one
file rather than from one entry per article. The tables are
written as CSV by :func:`write_tables`.

The modules that analyze (NLTK, the tagger, the rules and the comparisons) are imported
by the functions that use them, when first used: reading an unchanged corpus from its
entry imports none of them, nor NLTK (see :func:`resources.recall`), which is most of the
time such a rerun would otherwise take. The worker processes import them beforehand
(:data:`workers.PRELOAD`).
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import io
import itertools
import os
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from newsframes.analysis import cache, cluster, corpus, csvfile, paths, resources, schema, workers
from newsframes.analysis.settings import DEFAULTS, Settings, from_environment

if TYPE_CHECKING:
    from newsframes.analysis import nlp

TABLES = tuple(schema.TABLES)  # the order of the schema, the CLI and the data page
_ARTICLE_TABLES = ("sentences", "tokens", "entities", "quotes", "framing", "frames")
# A corpus's cache entry: every table but those read from the seeds folder (articles,
# problems), so that an unchanged corpus is read from one file.
_CORPUS_ENTRY = tuple(n for n in TABLES if n not in ("articles", "problems"))


class Tables(Mapping[str, pd.DataFrame]):
    """The tables of an analysis by name, in the order of :data:`TABLES`: what
    :func:`analyze` returns, used as a read-only dict of DataFrames.

    A table read from a corpus's cache entry (:class:`cache.Entry`) is decoded when it is
    first used and then kept, so a chapter that shows no tokens never holds them.
    :meth:`n_rows` counts a table's rows without decoding it; :meth:`load` decodes one
    (or some of its columns) without keeping it, for a writer that goes through the
    tables one at a time. When the entry no longer matches its manifest (changed or
    removed since it was opened), that is reported and every table is recomputed by
    ``recompute``. ``written(format)``, when given, is where the files written in that
    format from these tables are recorded (:func:`cache.written_record`): the tables of
    one corpus key, so that :func:`write_tables` can leave a file that already holds
    them in place."""

    def __init__(
        self,
        frames: dict[str, pd.DataFrame],
        entry: cache.Entry | None = None,
        recompute: Callable[[], Mapping[str, pd.DataFrame]] | None = None,
        written: Callable[[str], Path] | None = None,
    ) -> None:
        self._frames = dict(frames)
        self._entry = entry
        self._recompute = recompute
        self.written = written
        on_disk = [n for n in TABLES if entry is not None and n in entry.names]
        self._names = [n for n in TABLES if n in self._frames or n in on_disk]
        self._names += [n for n in self._frames if n not in self._names]

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._frames:
            self._frames[name] = self.load(name)
        return self._frames[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __repr__(self) -> str:
        return f"Tables({', '.join(self._names)})"

    def n_rows(self, name: str) -> int:
        """The number of rows of table ``name``, without decoding it."""
        if name in self._frames:
            return len(self._frames[name])
        if name not in self._names:
            raise KeyError(name)
        return self._entry.n_rows(name)

    def load(self, name: str, columns: list[str] | None = None) -> pd.DataFrame:
        """Table ``name`` (only ``columns``, in the table's order, when given), decoded
        from the cache if it is not held, and not kept."""
        if name in self._frames:
            return _Held(self._frames).table(name, columns)
        return self._from_entry(lambda entry: entry.table(name, columns), name)

    def head(self, name: str, n: int, columns: list[str] | None = None) -> pd.DataFrame:
        """The first ``n`` rows of table ``name`` (as :meth:`load`), decoding from the
        cache only the record batches that hold them."""
        if name in self._frames:
            return _Held(self._frames).head(name, n, columns)
        return self._from_entry(lambda entry: entry.head(name, n, columns), name)

    def _from_entry(self, read: Callable[[cache.Entry], pd.DataFrame], name: str) -> pd.DataFrame:
        """``read(entry)``; when the entry no longer matches its manifest, that is
        reported, every table recomputed, and ``name`` read from the tables recomputed."""
        if name not in self._names:
            raise KeyError(name)
        try:
            return read(self._entry)
        except cache.CorruptEntry as exc:
            if self._recompute is None:
                raise
            cache.report(self._entry.path, exc)
            self._frames = dict(self._recompute().items())
            self._entry = None
            return read(_Held(self._frames))


def n_rows(tables: Mapping[str, pd.DataFrame], name: str) -> int:
    """The rows of table ``name`` of ``tables`` (:class:`Tables` or a dict of DataFrames),
    without decoding a table the cache holds."""
    return tables.n_rows(name) if isinstance(tables, Tables) else len(tables[name])


class _Held:
    """Tables held in memory behind the reading methods of :class:`cache.Entry`."""

    def __init__(self, frames: Mapping[str, pd.DataFrame]) -> None:
        self.frames = frames

    def table(self, name: str, columns: list[str] | None = None) -> pd.DataFrame:
        df = self.frames[name]
        return df if columns is None else df[[c for c in df.columns if c in columns]]

    def head(self, name: str, n: int, columns: list[str] | None = None) -> pd.DataFrame:
        return self.table(name, columns).head(n)


def load_table(
    tables: Mapping[str, pd.DataFrame], name: str, columns: list[str] | None = None
) -> pd.DataFrame:
    """Table ``name`` of ``tables`` (only ``columns``, in the table's order, when given);
    a table of a :class:`Tables` not yet held is decoded for the moment it is used, with
    only those columns, and not kept (:meth:`Tables.load`). A chapter that counts a few
    token columns so never holds the whole tokens table."""
    if isinstance(tables, Tables):
        return tables.load(name, columns)
    return _Held(tables).table(name, columns)


def head(tables: Mapping[str, pd.DataFrame], name: str, n: int) -> pd.DataFrame:
    """The first ``n`` rows of table ``name`` of ``tables``, decoding no more of a cached
    table than the rows shown (:meth:`Tables.head`)."""
    return tables.head(name, n) if isinstance(tables, Tables) else _Held(tables).head(name, n)


_ANNOTATOR: nlp.Annotator | None = None


def _annotator() -> nlp.Annotator:
    from newsframes.analysis import nlp

    global _ANNOTATOR
    if _ANNOTATOR is None:
        _ANNOTATOR = nlp.Annotator()
    return _ANNOTATOR


def analyze_article(
    article: corpus.Article, settings: Settings = DEFAULTS
) -> dict[str, pd.DataFrame]:
    """The per-article tables of one article: ``sentences`` and ``tokens`` (with their
    ``voice`` and ``speaker``), ``entities``, ``quotes``, ``framing`` (lexicon hits) and
    ``frames`` (sentence frame scores)."""
    return analyze_articles([article], settings)


def analyze_articles(
    articles: list[corpus.Article], settings: Settings = DEFAULTS
) -> dict[str, pd.DataFrame]:
    """The per-article tables of several articles (:func:`analyze_article`), each table
    the concatenation of theirs in the order given. Sentences, tokens, entity mentions
    and quotations are found one article at a time (the sentences of all of them tagged
    together: :meth:`nlp.Annotator.columns_of`); lexicon hits and frame scores for
    all of them at once, as the tables are the same either way and one call costs less
    than one per article. The rules of each article read and give plain lists, made
    into one table each for the whole batch."""
    from newsframes.analysis import entities, framing, nlp, tokenview, voices

    parts: dict[str, dict[str, list]] = {
        name: {c: [] for c in schema.columns(name)} for name in ("sentences", "tokens", "entities")
    }
    quote_rows: list[tuple] = []
    annotator = _annotator()
    for article, (sentences, tokens) in zip(articles, annotator.columns_of(articles), strict=True):
        lists = [tokens[c] for c in tokenview.COLUMNS]
        rows = entities.mention_rows(article.article_id, lists, tokens["is_dateline"])
        named = _by_column(rows, entities.ENTITY_COLUMNS)
        found = voices.quote_columns(
            article,
            {c: sentences[c] for c in voices.SPAN_COLUMNS},
            lists,
            tokens["lemma"],
            named,
            scare_max_words=settings.scare_max_words,
        )
        tokens.update(voice=found.token_voice, speaker=found.token_speaker)
        sentences.update(voice=found.sentence_voice, speaker=found.sentence_speaker)
        for name, table in zip(parts, (sentences, tokens, named), strict=True):
            for c, values in parts[name].items():
                values += table[c]
        quote_rows += found.quotes
    tables = {name: nlp.table_of(columns) for name, columns in parts.items()}
    tables["quotes"] = voices.quote_table(quote_rows)
    hits = framing.find_hits(
        tables["tokens"], repetition_min=settings.repetition_min, vader_strong=settings.vader_strong
    )
    tables["framing"] = hits
    tables["frames"] = framing.frame_scores(hits, tables["tokens"])
    return tables


# An article of our own (a dateline, a quotation with its speaker, a named person, a
# place, an agency, evaluative and hedged words) for warm_up.
_WARM_UP_TEXT = (
    "date 2026-01-05\nGENEVA, January 5. /Wire/. Talks on the grain corridor will resume on "
    'Monday, the minister said, calling the last round "a painful but useful step".\n\n'
    "Maria Lopez, a spokeswoman for the agency, said the deal could possibly collapse "
    "if the attacks continued, according to officials in Kyiv."
)


def warm_up() -> None:
    """Load what the analysis of a first batch loads, by analyzing a short article of our
    own (:data:`_WARM_UP_TEXT`, with the settings of the environment,
    :func:`settings.from_environment`; nothing is written): the tokenizers, the tagger, the
    lemmatizer, the gazetteers and the lexicons' index.

    The forkserver runs it before its first fork (:mod:`newsframes.analysis.warmup`), so
    that every worker starts with them loaded instead of loading them itself (about a
    second of each worker's time); the results do not depend on it: what it loads is
    the same whenever it is loaded."""
    article = corpus.parse_article(_WARM_UP_TEXT.encode("utf-8"), "warm-up.txt")
    if article is not None:
        arrow_articles([article], from_environment())


def _by_column(rows: list[tuple], names: list[str]) -> dict[str, list]:
    """Rows of values (in the order of ``names``) as one list per column."""
    values = zip(*rows, strict=True) if rows else ([] for _ in names)
    return {name: list(column) for name, column in zip(names, values, strict=True)}


def encoded_article(article: corpus.Article, settings: Settings = DEFAULTS) -> bytes:
    """The tables of :func:`analyze_article` as the bytes of a cache entry
    (:func:`cache.encode`): what a task on a Dask cluster sends back (its workers may not
    see the cache folder). The conversion to Arrow is done where the article is analyzed,
    in parallel, and the caller stores the bytes and concatenates the Arrow tables of all
    articles before one conversion to pandas."""
    return encoded_articles([article], settings)[0]


def encoded_articles(articles: list[corpus.Article], settings: Settings = DEFAULTS) -> list[bytes]:
    """The cache entry of each of ``articles`` (:func:`encoded_article`), in the order
    given, from one :func:`analyze_articles` of them all (:func:`arrow_articles`)."""
    ids = [article.article_id for article in articles]
    cut = _by_article(arrow_articles(articles, settings), ids)
    return [cache.encode_arrow(cut[i]) for i in ids]


def arrow_articles(
    articles: list[corpus.Article],
    settings: Settings = DEFAULTS,
    entries: list[Path] | None = None,
) -> dict[str, pa.Table]:
    """The tables of :func:`analyze_articles` of ``articles`` as Arrow tables, each
    converted once for the whole batch, the articles in the order of their ids (the
    order in which the lexicon hits read the tokens), each article's rows contiguous.
    When ``entries`` (a path for each article, in the order given) are given, each
    article's cache entry is cut out of them (:func:`_by_article`) and written there.

    This is what a worker process runs on a batch: it writes the entries itself, and
    sends back the batch's tables, which the caller cuts into articles without
    decoding anything (:func:`_by_article`)."""
    ordered = sorted(articles, key=lambda article: article.article_id)
    arrow = {
        name: cache.arrow_table(df) for name, df in analyze_articles(ordered, settings).items()
    }
    if entries is not None:
        cut = _by_article(arrow, [article.article_id for article in articles])
        for article, path in zip(articles, entries, strict=True):
            cache.write(path, cache.encode_arrow(cut[article.article_id]))
    return arrow


def _by_article(arrow: dict[str, pa.Table], ids: list[str]) -> dict[str, dict[str, pa.Table]]:
    """A batch's tables (:func:`arrow_articles`) cut into the tables of each of its
    articles (``ids``), by id: slices that share the batch's memory, nothing decoded. An
    article with no row in a table gets the table's first zero rows, with its columns."""
    rows = {name: _article_runs(table) for name, table in arrow.items()}
    return {
        i: {name: table.slice(*rows[name].get(i, (0, 0))) for name, table in arrow.items()}
        for i in ids
    }


def _article_runs(table: pa.Table) -> dict[str, tuple[int, int]]:
    """``article_id`` -> (first row, number of rows) of a table whose rows of each article
    are contiguous (its runs: ``pc.run_end_encode``; raises ``ValueError`` when an
    article has more than one)."""
    runs = pc.run_end_encode(table.column("article_id").combine_chunks())
    ends = runs.run_ends.to_pylist()
    starts = [0, *ends][:-1]
    out = {}
    for article_id, start, end in zip(runs.values.to_pylist(), starts, ends, strict=True):
        if article_id in out:
            raise ValueError(f"the rows of article {article_id!r} are not contiguous")
        out[article_id] = (start, end - start)
    return out


def analyze(
    seeds: str | os.PathLike | None = None,
    *,
    cache_dir: str | os.PathLike | None = None,
    use_cache: bool = True,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    settings: Settings | None = None,
    fresh: list[str] | None = None,
    scheduler: str | None = None,
) -> Tables:
    """Read the corpus in ``seeds`` and return its tables by name.

    Returns a :class:`Tables` (a read-only mapping of name to DataFrame; from the cache,
    each table is decoded when first used) with the DataFrames ``articles`` (article_id,
    source_file, sha256, date, dateline, agency, n_paragraphs, n_chars, n_sentences,
    n_tokens),
    ``problems`` (source_file, severity, message), ``sentences`` and ``tokens`` (see
    :meth:`nlp.Annotator.annotate`), and the corpus-level ``terms``
    (:func:`terms.frequencies` by lemma), ``ngrams``, ``collocations`` and ``keyness``
    (against the Brown sections of ``settings.reference``), each sorted by its key
    columns, and the comparisons of groups of articles (:func:`compare.tables`:
    ``outlets``, ``sources``, ``naming``, ``wordchoice``, ``logodds``, ``adoption``,
    ``reuse``). All these tables are cached together too, under a key made of every
    article's key, the articles' attributes (``metadata.csv``) and the settings: an
    unchanged corpus is read from that one entry.

    ``jobs`` > 1 analyzes uncached articles in that many worker processes (default:
    :func:`workers.default_jobs`, one per core), which also write the articles' cache
    entries, count n-grams and collocations, make the actors tables and make the
    keyness and log-odds tests and the readability counts of the word counts and texts
    they are sent (a second thread of this process reads the reference corpus
    meanwhile); ``jobs=1`` does everything in this process. (A script that calls
    ``analyze`` with workers needs the usual ``if __name__ == "__main__":`` guard of
    :mod:`multiprocessing`.)
    ``scheduler`` (default: ``$NEWSFRAMES_SCHEDULER``) runs the uncached articles as
    tasks on a dask.distributed cluster instead (:mod:`newsframes.analysis.cluster`):
    ``"local"`` for a LocalCluster of ``jobs`` worker processes, else the address of a
    running scheduler; the cache stays with this process, which merges the results and
    makes the corpus-level tables but the four :func:`hand_out` gives the cluster, and
    the tables are the same as without a cluster.
    ``progress(done, total)`` is called after each article; the ids of the articles
    analyzed afresh (not read from the cache) are appended to ``fresh``. ``settings``:
    every setting that changes a result (default: :func:`settings.from_environment`).
    """
    folder = paths.cache_dir(cache_dir) if use_cache else None
    # Where NLTK finds its data, remembered in the cache folder: a rerun need not import it.
    resources.check(memo=paths.nltk_memos(folder) if folder else None)
    settings = settings or from_environment()
    jobs = workers.default_jobs() if jobs is None else jobs
    corp = corpus.read_corpus(seeds, settings=settings)
    articles = corp.articles_table()  # made once: with metadata.csv it costs a lookup per article
    keys = {a.article_id: cache.article_key(a, settings) for a in corp.articles}
    # The comparisons group articles by their attributes (metadata.csv): part of the key.
    attributes = articles.to_csv(index=False)
    key = cache.corpus_key(list(keys.values()), settings, attributes) if folder else None
    corpus_path = cache.corpus_entry(folder, key) if folder else None
    written = functools.partial(cache.written_record, folder, key) if folder else None
    # 1. An unchanged corpus: every table from one entry, no article entry is read, and
    # each table is decoded only when it is used (Tables).
    whole = cache.open_entry(corpus_path, expect=_CORPUS_ENTRY) if corpus_path else None
    counts = _article_counts(whole) if whole is not None else None
    if counts is not None:
        if progress:
            progress(len(corp.articles), len(corp.articles))

        def recompute() -> Tables:  # when the entry changes under us: the whole analysis
            return analyze(seeds, cache_dir=cache_dir, use_cache=use_cache, jobs=jobs,
                           settings=settings, scheduler=scheduler)  # fmt: skip

        return Tables(_with_articles(corp, articles, counts), whole, recompute, written)
    from newsframes.analysis import compare

    if settings.compare_by != compare.POSITION:  # a column that does not exist: say so now
        compare.group_names(articles, settings.compare_by)
    # 2. Cache lookup: the articles analyzed before.
    results, todo = _lookup(corp.articles, keys, folder)
    if fresh is not None:
        fresh.extend(article.article_id for article in todo)
    if progress and results:
        progress(len(results), len(corp.articles))
    # A Dask cluster when one is named and there is work for it; else worker processes
    # for two or more uncached articles, forked from a forkserver that has imported the
    # analysis (workers.context).
    scheduler = scheduler if scheduler is not None else cluster.scheduler_from_environment()
    connection = cluster.connect(scheduler, workers=jobs) if scheduler and todo else None
    pool = (
        ProcessPoolExecutor(max_workers=jobs, mp_context=workers.context())
        if connection is None and jobs > 1 and len(todo) > 1
        else None
    )
    # With workers, the reference corpus is read by a second thread of this process,
    # while it waits for them: first for the forkserver to be ready (workers.start).
    reader = ThreadPoolExecutor(1) if pool else None
    with pool or contextlib.nullcontext(), reader or contextlib.nullcontext():
        reference = reader.submit(_reference, settings.reference) if reader else None
        # 3. Per-article work.
        with connection or contextlib.nullcontext() as client:
            # Each article's entry is written where it is analyzed: by the worker
            # processes, or here for a Dask cluster (its workers may not see the folder).
            entries = (
                {a.article_id: cache.article_entry(folder, keys[a.article_id]) for a in todo}
                if folder
                else None
            )
            if client is not None:
                analyzed = _stored(
                    cluster.map_articles(client, encoded_article, todo, settings, keys), entries
                )
            else:
                analyzed = _analyze_articles(todo, settings, pool, jobs, entries)
            for article, arrow in analyzed:
                results[article.article_id] = arrow
                if progress:
                    progress(len(results), len(corp.articles))
            tables = _assemble(corp, articles, results)
            # 4. Corpus-level work. The workers count n-grams and collocations and make
            # the actors and their co-occurrence (in the pool, or as four tasks on the
            # cluster), and, pool only, count each group's words, sentences, syllables and
            # letters (the comparisons' text counts: submitted first, as the longest task),
            # test the keyness of the word counts made here, take each group's MTLD and
            # test the log-odds of the comparisons' word counts, while this process makes
            # the comparisons' running words, the other corpus tables and the other
            # comparisons, and collects the workers' corpus tables last (on a cluster,
            # before it closes), so that it does not wait for them.
            tasks = cluster.Tasks(client) if client is not None else pool
            begun = compare.begin(tables, settings, pool) if pool else None
            ref = reference.result() if reference else None
            handed = (
                hand_out(tables["tokens"], tables["entities"], settings, tasks, reference=ref)
                if tasks
                else None
            )
            started = compare.start(tables, settings, pool=pool, begun=begun)
            collect = functools.partial(corpus_tables, tables["tokens"], tables["entities"],
                                        settings, reference=ref, handed=handed)  # fmt: skip
            if pool is None:  # in this process, or on a cluster before it closes
                tables.update(collect())
        # 5. Comparisons, with the text measures computed meanwhile, and the corpus's
        # entry encoded meanwhile too: its tables made so far by a second thread (Arrow
        # compresses them without Python's lock), the comparisons' and the workers'
        # corpus tables once they are made.
        # (The comparisons add tables of their own names and change none in place: the
        # Arrow tables may share their frames' buffers.)
        with ThreadPoolExecutor(1) as encoder:
            ready = [name for name in _CORPUS_ENTRY if name in tables] if corpus_path else []
            arrow = {name: cache.arrow_table(tables[name]) for name in ready}
            encoded = encoder.submit(cache.members, arrow)
            tables.update(compare.tables(tables, settings, started=started))
            if pool is not None:
                tables.update(collect())
            members = encoded.result()
    if corpus_path:
        rest = {n: cache.arrow_table(tables[n]) for n in _CORPUS_ENTRY if n not in members}
        members.update(cache.members(rest))
        cache.write(corpus_path, cache.pack({name: members[name] for name in _CORPUS_ENTRY}))
    return Tables({name: tables[name] for name in TABLES}, written=written)


def _article_counts(entry: cache.Entry) -> dict[str, pd.Series] | None:
    """The sentences and tokens of each article in a corpus's entry (what the articles
    table counts, from their ``article_id`` columns), ``None`` (reported) when the entry
    changed since it was opened."""
    try:
        return {n: entry.value_counts(n, "article_id") for n in ("sentences", "tokens")}
    except cache.CorruptEntry as exc:
        cache.report(entry.path, exc)
        return None


def _lookup(
    articles: list[corpus.Article], keys: dict[str, str], folder: Path | None
) -> tuple[dict[str, dict[str, pa.Table]], list[corpus.Article]]:
    """The cached tables (Arrow) of each article found in the cache ``folder`` (by id),
    and the articles to analyze, in corpus order."""
    found: dict[str, dict[str, pa.Table]] = {}
    todo = []
    for article in articles:
        tables = (
            cache.read(
                cache.article_entry(folder, keys[article.article_id]),
                expect=_ARTICLE_TABLES,
            )
            if folder
            else None
        )
        if tables is None:
            todo.append(article)
        else:
            found[article.article_id] = tables
    return found, todo


def _analyze_articles(
    todo: list[corpus.Article],
    settings: Settings,
    pool: ProcessPoolExecutor | None,
    jobs: int,
    entries: dict[str, Path] | None = None,
) -> Iterator[tuple[corpus.Article, dict[str, pa.Table]]]:
    """``(article, tables)`` for each article of ``todo``, in order, its tables Arrow
    tables, analyzed in batches (:func:`arrow_articles`) in the ``pool``'s workers when
    there is one; each article's cache entry is written to its path in ``entries`` (by
    id, when given) where it is analyzed. Every batch is submitted
    to the pool before this returns, so that work submitted next runs after them."""
    # In workers, batches small enough that they finish close together (the last batch
    # of one is not left to run while the other idles), large enough that one call per
    # batch costs little: about 16 per worker, at most BATCH articles. (In one process,
    # 480 Brown pieces took 3-7% less time in batches of 32 than of 15.)
    size = max(1, min(BATCH, len(todo) // (jobs * 16))) if pool else BATCH
    batches = [todo[i : i + size] for i in range(0, len(todo), size)]
    places = [
        [entries[a.article_id] for a in batch] if entries is not None else None for batch in batches
    ]
    if pool:
        outputs = pool.map(arrow_articles, batches, itertools.repeat(settings), places)
    else:
        outputs = map(arrow_articles, batches, itertools.repeat(settings), places)
    return _cut(batches, outputs)


def _cut(
    batches: list[list[corpus.Article]], outputs: Iterator[dict[str, pa.Table]]
) -> Iterator[tuple[corpus.Article, dict[str, pa.Table]]]:
    """``(article, tables)`` for each article of ``batches``, in order, from each batch's
    tables (``outputs``, :func:`arrow_articles`) cut into articles (:func:`_by_article`)."""
    for batch, arrow in zip(batches, outputs, strict=True):
        tables = _by_article(arrow, [article.article_id for article in batch])
        for article in batch:
            yield article, tables[article.article_id]


def _stored(
    analyzed: Iterator[tuple[corpus.Article, bytes]], entries: dict[str, Path] | None
) -> Iterator[tuple[corpus.Article, dict[str, pa.Table]]]:
    """``(article, tables)`` of each ``(article, entry)`` (the bytes of its cache entry,
    from a Dask cluster), its entry written to its path in ``entries`` (by id) once it
    has been decoded."""
    for article, entry in analyzed:
        tables = cache.decode_arrow(entry)  # bytes that do not decode are not stored
        if entries is not None:
            cache.write(entries[article.article_id], entry)
        yield article, tables


# Articles analyzed together at most (:func:`_analyze_articles`): beyond a few dozen, a
# larger batch saves nothing more and holds more tables in a worker.
BATCH = 32


def _reference(categories: tuple[str, ...]) -> tuple[pd.Series, int]:
    from newsframes.analysis import reference

    return reference.reference_counts(categories), reference.reference_size(categories)


# The token columns n-grams and collocations read (what a worker is sent).
_NGRAM_COLUMNS = ["article_id", "sent_id", "tok_id", "lower", "is_punct", "is_dateline"]
_COLLOCATION_COLUMNS = [*_NGRAM_COLUMNS[:3], "lemma", "is_punct", "is_dateline", "is_stop"]


def _handed_out(settings: Settings) -> dict[str, tuple[Callable, str, list[str] | None, dict]]:
    """The corpus tables computed by workers when there are some (:func:`hand_out`): the
    function that makes each, the table it reads (``tokens`` or ``mentions``), the
    columns it reads (``None``: all) and its settings. n-grams and collocations read a
    few token columns; actors and their co-occurrence read the entity mentions, a small
    table, and so cost little to send."""
    from newsframes.analysis import entities, terms

    s = settings
    return {
        "ngrams": (terms.ngrams, "tokens", _NGRAM_COLUMNS,
                   {"n_min": s.ngram_min, "n_max": s.ngram_max, "min_count": s.ngram_min_count}),
        "collocations": (terms.collocations, "tokens", _COLLOCATION_COLUMNS,
                         {"window": s.collocation_window, "min_count": s.collocation_min_count}),
        "actors": (entities.actors, "mentions", None, {}),
        "cooccurrence": (entities.cooccurrence, "mentions", None, {}),
    }  # fmt: skip


def hand_out(
    tokens: pd.DataFrame,
    mentions: pd.DataFrame,
    settings: Settings,
    pool: ProcessPoolExecutor | cluster.Tasks,
    reference: tuple[pd.Series, int] | None = None,
) -> dict[str, Future]:
    """The ``ngrams``, ``collocations``, ``actors`` and ``cooccurrence`` of
    :func:`corpus_tables`, submitted to the ``pool``'s workers (each sent the table it
    reads: only the token columns n-grams and collocations read, the whole table of
    mentions), in that order, then, when the ``reference`` counts are given, the
    ``keyness`` test of the word counts made here (only the counts are sent): their
    futures by name."""
    given = {"tokens": tokens, "mentions": mentions}
    handed = {
        name: pool.submit(make, given[source] if columns is None else given[source][columns],
                          **kwargs)
        for name, (make, source, columns, kwargs) in _handed_out(settings).items()
    }  # fmt: skip
    if reference is not None:
        handed["keyness"] = _keyness(tokens, mentions, settings, reference, pool.submit)
    return handed


def _keyness(
    tokens: pd.DataFrame,
    mentions: pd.DataFrame,
    settings: Settings,
    reference: tuple[pd.Series, int] | None,
    submit: Callable | None = None,
):
    """The ``keyness`` table of :func:`corpus_tables` (:func:`terms.keyness_vs_reference`
    with the ``settings``), or its future when the test is sent to ``submit``."""
    from newsframes.analysis import terms

    s = settings
    return terms.keyness_vs_reference(
        tokens,
        categories=s.reference,
        min_count=s.keyness_min_count,
        max_p=s.keyness_max_p,
        reference=reference,
        mentions=mentions,
        correction=s.correction,
        submit=submit,
    )


def corpus_tables(
    tokens: pd.DataFrame,
    mentions: pd.DataFrame,
    settings: Settings = DEFAULTS,
    *,
    pool: ProcessPoolExecutor | cluster.Tasks | None = None,
    reference: tuple[pd.Series, int] | None = None,
    handed: dict[str, Future] | None = None,
) -> dict:
    """The corpus-level tables ``terms``, ``ngrams``, ``collocations``, ``keyness``
    (from the tokens) and ``actors``, ``cooccurrence`` (from the entity mentions).

    With a ``pool`` (worker processes, or :class:`cluster.Tasks` on a Dask cluster),
    n-grams, collocations, actors and their co-occurrence, and the keyness test when the
    ``reference`` is given, are made in its workers while this process computes the rest
    (:func:`hand_out`; ``handed``: its futures when they were submitted before);
    ``reference`` is the Brown counts and size
    (:func:`reference.reference_counts`, :func:`reference.reference_size`) when already read."""
    from newsframes.analysis import terms

    s = settings
    if pool and handed is None:
        handed = hand_out(tokens, mentions, s, pool, reference=reference)
    out = {"terms": terms.frequencies(tokens)}
    if handed is None or "keyness" not in handed:
        out["keyness"] = _keyness(tokens, mentions, s, reference)
    if handed is not None:
        out.update({name: future.result() for name, future in handed.items()})
    else:
        given = {"tokens": tokens, "mentions": mentions}
        out.update({name: make(given[source], **kwargs)
                    for name, (make, source, _, kwargs) in _handed_out(s).items()})  # fmt: skip
    return {name: out[name] for name in TABLES if name in out}


def _assemble(
    corp: corpus.Corpus, articles: pd.DataFrame, results: dict[str, dict[str, pa.Table]]
) -> dict:
    """The per-article tables of every article (``results`` by id, Arrow tables)
    concatenated in corpus order and converted to pandas once, with the ``articles`` and
    ``problems`` tables (:func:`_with_articles`)."""
    tables: dict[str, pd.DataFrame] = {}
    ids = [a.article_id for a in corp.articles]
    for name in _ARTICLE_TABLES:
        # Empty parts are left out: their columns have no type. A column with no value
        # in one article (type null) takes the type of the others.
        parts = [results[i][name] for i in ids if results[i][name].num_rows]
        tables[name] = (
            _contiguous(pa.concat_tables(parts, promote_options="default")).to_pandas()
            if parts
            else schema.empty(name)
        )
    counts = {name: tables[name]["article_id"].value_counts() for name in ("sentences", "tokens")}
    return {**tables, **_with_articles(corp, articles, counts)}


def _contiguous(table: pa.Table) -> pa.Table:
    """``table`` with each column in one piece (a concatenation of articles has one
    chunk per article, and every later step, from pandas' selections to writing the
    corpus's cache entry, pays per chunk: 6.5 against 1 s to write the entry at 5,000
    articles); as it is if Arrow cannot join a column's chunks (strings past the 2 GiB
    of 32-bit offsets)."""
    try:
        return table.combine_chunks()
    except (pa.ArrowInvalid, pa.ArrowCapacityError):
        return table


def _with_articles(
    corp: corpus.Corpus, articles: pd.DataFrame, counts: dict[str, pd.Series]
) -> dict[str, pd.DataFrame]:
    """The ``articles`` table (:meth:`corpus.Corpus.articles_table`, with its sentences and
    tokens from ``counts``: the rows of the sentences and tokens tables by article_id) and
    the corpus's ``problems``."""
    articles = articles.copy()
    for column, name in (("n_sentences", "sentences"), ("n_tokens", "tokens")):
        articles[column] = articles["article_id"].map(counts[name]).fillna(0).astype("int64")
    documented = schema.columns("articles")
    articles = articles[documented + [c for c in articles.columns if c not in documented]]
    return {"articles": articles, "problems": corp.problems}


# Output formats: CSV (UTF-8, LF line ends, no index), the same CSV gzip-compressed
# (no time stamp in the header, so the bytes are reproducible) and Apache Parquet
# (zstd-compressed, the columns' types kept).
FORMATS = ("csv", "csv.gz", "parquet")


def table_bytes(df: pd.DataFrame, format: str = "csv") -> bytes:
    """``df`` serialized in one of :data:`FORMATS`: the bytes of ``<name>.<format>``."""
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
    if format == "parquet":
        sink = io.BytesIO()
        df.to_parquet(sink, index=False, engine="pyarrow", compression="zstd")
        return sink.getvalue()
    data = csvfile.csv_bytes(df)  # pandas' bytes, rendered by Arrow where it can
    return gzip.compress(data, mtime=0) if format == "csv.gz" else data


# The bytes of rendered files that write_tables holds while they wait to be written.
WRITE_AHEAD = 64 * 2**20


def _write_file(path: Path, data: bytes, after: Future | None = None) -> dict | None:
    """Write ``data`` to ``path`` atomically; returns its size and SHA-256. ``after``:
    the write of the file before, done by then (one thread writes them in turn): when it
    failed or was not made, this file is not written either (None; the first error is
    raised by the caller, which collects the writes in order: raising it here again
    would keep this call, and its bytes, in the error's traceback)."""
    if after is not None and (after.exception() is not None or after.result() is None):
        return None
    cache.atomic_write(path, data)
    return cache.file_facts(data)


def write_tables(
    tables: Mapping[str, pd.DataFrame],
    out: str | os.PathLike,
    *,
    format: str = "csv",
    unchanged: list[Path] | None = None,
) -> list[Path]:
    """Write each table as ``<out>/<name>.<format>`` (:func:`table_bytes`: ``csv``,
    ``csv.gz`` or ``parquet``), each file written atomically, one table held at a time
    (:func:`load_table`); returns every file's path. The files are written, and their
    size and SHA-256 taken, by a second thread while the next tables are rendered: the
    bytes of files not yet written are held besides, up to :data:`WRITE_AHEAD` bytes
    (a larger file alone), and every file is written when this returns.

    When ``tables`` come from :func:`analyze` with a cache, the size and SHA-256 of each
    file of the corpus's entry are recorded there (:func:`cache.written_record`), and a
    file that already holds exactly those bytes (an unchanged rerun into the same
    folder) is left in place without decoding its table; such files are appended to
    ``unchanged``. ``articles`` and ``problems``, read from the seeds folder, are always
    written."""
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    record = tables.written(format) if isinstance(tables, Tables) and tables.written else None
    known = cache.read_written(record) if record else {}
    facts: dict[str, dict | Future] = {}
    written = []
    with ThreadPoolExecutor(1) as writer:
        waiting: list[tuple[Future, int]] = []  # files not yet written, and their sizes
        for name in tables:
            path = out / f"{name}.{format}"
            if name in known and cache.holds(path, known[name]):
                facts[name] = known[name]
                if unchanged is not None:
                    unchanged.append(path)
            else:
                data = table_bytes(load_table(tables, name), format)
                # The files written are let go (their errors raised), and the oldest
                # waited for while more than WRITE_AHEAD bytes would wait.
                while waiting and (
                    waiting[0][0].done() or sum(n for _, n in waiting) + len(data) > WRITE_AHEAD
                ):
                    waiting.pop(0)[0].result()
                after = waiting[-1][0] if waiting else None
                facts[name] = writer.submit(_write_file, path, data, after)
                waiting.append((facts[name], len(data)))
                del data
            written.append(path)
        facts = {n: f.result() if isinstance(f, Future) else f for n, f in facts.items()}
    if record:
        cache.write_written(record, {n: f for n, f in facts.items() if n in _CORPUS_ENTRY})
    return written
