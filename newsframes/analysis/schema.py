"""The schema: every table :func:`newsframes.analysis.pipeline.analyze` returns, what
one row is, which function makes it, and each column's name, kind of value and meaning.

This is the one source of the tables' columns: the modules that build a table take
its columns from :func:`columns`, empty tables come from :func:`empty`, the contract
with users' scripts is each table's ``minimal`` columns, and ``pipeline.TABLES`` is
the order of :data:`TABLES`.

The book's data page prints :func:`tables_overview` and :func:`dictionary`; a test runs
:func:`check` against a real analysis, so the documentation cannot drift from the
tables. Words used in the meanings:

- *body*: the article text from its dateline on (``TOKYO, September 14. /TASS/. ...``),
  or from its first text after the ``date`` line when it has no dateline, line ends
  read as LF, trailing white space removed; see :mod:`newsframes.analysis.corpus`.
- *offsets*: ``start`` and ``end`` are 0-based character (code point) offsets into the
  body, ``end`` exclusive, so ``body[start:end]`` is the span.
- *running words*: tokens that are neither punctuation nor part of the dateline; the
  base of every rate, stopwords included.
- *outlet*: the agency of the article's dateline (``TASS``), ``unknown`` without one.
- *Settings*: :class:`newsframes.analysis.settings.Settings`, whose defaults are quoted.

Importing this module prints nothing and imports no other module of the package.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported by the functions that make tables: the command
    import pandas as pd  # line reads the table names before it starts its workers

DTYPES = ("string", "integer", "float", "boolean")


@dataclass(frozen=True)
class ColumnDoc:
    """One column: its name, its kind of value (one of :data:`DTYPES`) and its meaning."""

    name: str
    dtype: str
    meaning: str

    def __post_init__(self) -> None:
        if self.dtype not in DTYPES:
            raise ValueError(f"column {self.name}: dtype {self.dtype!r} is not one of {DTYPES}")


@dataclass(frozen=True)
class TableDoc:
    """One table: its name, what one row is, the function that makes it (a dotted
    name), its columns in table order, and its *minimal* columns: the contract with
    users' scripts (columns that are never renamed or removed; more may be added)."""

    name: str
    row: str
    source: str
    columns: tuple[ColumnDoc, ...]
    minimal: tuple[str, ...] = ()
    extra: str = ""  # the meaning of further columns after the documented ones, if allowed

    def __post_init__(self) -> None:
        unknown = [c for c in self.minimal if c not in self.column_names]
        if unknown:
            raise ValueError(f"table {self.name}: minimal columns {unknown} are not its columns")

    @property
    def column_names(self) -> list[str]:
        """The documented column names, in table order."""
        return [c.name for c in self.columns]


def _table(
    name: str,
    row: str,
    source: str,
    *columns: tuple[str, str, str],
    minimal: tuple[str, ...] = (),
    extra: str = "",
) -> TableDoc:
    return TableDoc(name, row, source, tuple(ColumnDoc(*c) for c in columns), minimal, extra)


# Meanings shared by several tables.
_ARTICLE_ID = "The article the row belongs to (``articles.article_id``)."
_SENT_ID = "The sentence the row belongs to (``sentences.sent_id`` within the same article)."
_OUTLET = "else the outlet (the dateline's agency, ``unknown`` without a dateline)"


def _start(what: str) -> str:
    return (
        f"Character offset of {what} into the article body, which starts at the dateline "
        "(0-based, counted in Unicode code points)."
    )


def _end(what: str) -> str:
    return (
        f"Character offset just after {what} into the article body, which starts at the "
        "dateline (exclusive, so ``body[start:end]`` is the span)."
    )


_TABLES = (
    _table(
        "articles",
        "one readable article (a ``.txt`` file of the seeds folder that was analyzed); "
        "sorted by article_id",
        "newsframes.analysis.corpus.Corpus.articles_table",
        (
            "article_id",
            "string",
            "The file name without ``.txt``, unique in the corpus and the key that joins every "
            "per-article table.",
        ),
        (
            "source_file",
            "string",
            "The article's file name in the seeds folder, extension included.",
        ),
        (
            "sha256",
            "string",
            "SHA-256 digest (64 lower-case hex digits) of the file's raw bytes, taken before a "
            "byte-order mark is removed or line ends are normalised.",
        ),
        (
            "date",
            "string",
            "Publication date from the ``date YYYY-MM-DD`` header line as an ISO ``YYYY-MM-DD`` "
            "string, missing (None) when the line is absent or not a valid date (a warning in "
            "``problems``).",
        ),
        (
            "dateline",
            "string",
            "The dateline's place as written (``TOKYO`` in ``TOKYO, September 14. /TASS/.``), "
            "missing (None) when the article has no dateline.",
        ),
        (
            "agency",
            "string",
            "The news agency between the slashes of the dateline (``TASS``), the outlet that "
            "is the speaker of narrative text, missing (None) when there is no dateline.",
        ),
        (
            "outlet",
            "string",
            "The outlet the comparisons group by: the ``outlet`` of the article's row in the "
            "seeds folder's ``metadata.csv`` when it gives one, else the agency, else "
            "``unknown``.",
        ),
        (
            "lead_end",
            "integer",
            "Character offset into the body where the lead (the first paragraph, the "
            "dateline's) ends: text before it is the lead, the rest the body of the story.",
        ),
        (
            "n_paragraphs",
            "integer",
            "Paragraphs of the body (blocks separated by blank lines), the dateline's "
            "paragraph included.",
        ),
        (
            "n_chars",
            "integer",
            "Length of the body in characters (Unicode code points), from the dateline (or "
            "the first text when there is none) to the last non-space character, with CRLF "
            "and CR line ends read as one LF.",
        ),
        (
            "n_sentences",
            "integer",
            "Rows of ``sentences`` for the article, the dateline sentence included (added by "
            "``newsframes.analysis.pipeline.analyze``).",
        ),
        (
            "n_tokens",
            "integer",
            "Rows of ``tokens`` for the article, punctuation and dateline tokens included "
            "(added by ``newsframes.analysis.pipeline.analyze``).",
        ),
        minimal=(
            "article_id",
            "source_file",
            "sha256",
            "date",
            "dateline",
            "agency",
            "n_sentences",
            "n_tokens",
        ),
        extra="Further columns, after the documented ones: each column of the seeds folder's "
        "``metadata.csv`` other than source_file, outlet, date and the computed ones (for "
        "example country, ownership, url, headline, retrieved), as text, in the file's order; "
        "missing where the file gives no value.",
    ),
    _table(
        "problems",
        "one problem with one entry of the seeds folder; sorted by source_file, severity, "
        "message; empty when every file was read cleanly",
        "newsframes.analysis.corpus.read_corpus",
        (
            "source_file",
            "string",
            "Name of the folder entry the problem is about (a file, a hidden file or a "
            "sub-folder), as listed in the seeds folder.",
        ),
        (
            "severity",
            "string",
            "``error`` when the file was skipped (it has no ``articles`` row), ``warning`` "
            "when it was analyzed with what could not be read left empty or a repair made.",
        ),
        (
            "message",
            "string",
            "The problem in plain English, starting with the file name and ending with the "
            "remedy where there is one.",
        ),
        minimal=("source_file", "severity", "message"),
    ),
    _table(
        "sentences",
        "one sentence of one article (the dateline is a sentence of its own); sorted by "
        "article_id, sent_id",
        "newsframes.analysis.nlp.Annotator.annotate",
        ("article_id", "string", _ARTICLE_ID),
        (
            "sent_id",
            "integer",
            "Sentence number within the article, 1-based in text order (the dateline, when "
            "there is one, is sentence 1).",
        ),
        (
            "par_id",
            "integer",
            "Paragraph number within the article, 1-based (no sentence crosses a paragraph break).",
        ),
        ("start", "integer", _start("the sentence's first character")),
        ("end", "integer", _end("the sentence's last character")),
        (
            "kind",
            "string",
            "``dateline`` for the dateline, ``text`` for a sentence of running text found by "
            "NLTK's Punkt tokenizer.",
        ),
        ("n_tokens", "integer", "Tokens in the sentence, punctuation included."),
        (
            "text",
            "string",
            "The sentence exactly as in the body (``body[start:end]``), curly quotes and line "
            "breaks kept.",
        ),
        (
            "voice",
            "string",
            "The voice most of the sentence's word tokens have, one of ``narrative``, "
            "``quoted`` or ``reported`` (ties: quoted, then reported, then narrative; "
            "``narrative`` when it has no word tokens), added by "
            "``newsframes.analysis.voices.find_quotes``.",
        ),
        (
            "speaker",
            "string",
            "The most frequent speaker among the sentence's word tokens of that voice (ties "
            "alphabetical): the source's canonical name for quoted or reported text, "
            f"{_OUTLET}.",
        ),
        minimal=("article_id", "sent_id", "start", "end", "text", "voice"),
    ),
    _table(
        "tokens",
        "one token (word, number, clitic or punctuation mark) of one article; sorted by "
        "article_id, tok_id",
        "newsframes.analysis.nlp.Annotator.annotate",
        ("article_id", "string", _ARTICLE_ID),
        ("sent_id", "integer", _SENT_ID),
        (
            "tok_id",
            "integer",
            "Token number within the article, 1-based, running through all its sentences in "
            "text order.",
        ),
        ("start", "integer", _start("the token's first character")),
        ("end", "integer", _end("the token's last character")),
        (
            "token",
            "string",
            "The token exactly as written (``body[start:end]``), curly quotes and apostrophes "
            "kept; Treebank tokenization splits ``Kim’s`` into ``Kim`` and ``’s`` and the "
            "dateline into words and marks.",
        ),
        ("lower", "string", "``token`` lower-cased, curly apostrophes kept (``’s``)."),
        (
            "lemma",
            "string",
            "Dictionary form from lemminflect given ``pos``, curly quotes and apostrophes "
            "straightened, lower-cased except proper nouns: NNP keeps its form and NNPS "
            "loses only its plural ending (``Russians`` -> ``Russian``).",
        ),
        (
            "pos",
            "string",
            "Penn Treebank part-of-speech tag from NLTK's averaged perceptron tagger (e.g. "
            "``NNP``, ``VBD``; punctuation gets tags such as ``,`` and ``.``).",
        ),
        (
            "is_stop",
            "boolean",
            "True when the lower-cased token, apostrophes straightened, is in NLTK's English "
            "stopword list or is a clitic (``'s``, ``n't``, ``'re``, ``'ve``, ``'ll``, ``'d``, "
            "``'m``).",
        ),
        (
            "is_punct",
            "boolean",
            "True when every character of the token is Unicode punctuation or a symbol "
            "(categories P* and S*).",
        ),
        (
            "is_dateline",
            "boolean",
            "True for the tokens of the dateline sentence, which no word count or rate includes.",
        ),
        (
            "voice",
            "string",
            "``quoted`` inside quotation marks (the marks included), ``reported`` inside the "
            "content of reported speech, else ``narrative`` (the outlet's own words), quoted "
            "winning where both apply; added by ``newsframes.analysis.voices.find_quotes``.",
        ),
        (
            "speaker",
            "string",
            "For quoted and reported tokens the source (an entity's canonical actor name, "
            "else the attributed noun phrase as written without a leading article, "
            "``unknown`` when unattributed), "
            f"{_OUTLET}.",
        ),
        minimal=(
            "article_id",
            "sent_id",
            "tok_id",
            "start",
            "end",
            "token",
            "lower",
            "lemma",
            "pos",
            "is_stop",
            "is_punct",
            "voice",
            "speaker",
        ),
    ),
    _table(
        "terms",
        "one term (lemma) among the corpus's running words, stopwords left out; sorted by "
        "n descending, then term",
        "newsframes.analysis.terms.frequencies",
        (
            "term",
            "string",
            "The lemma, lower-cased with curly apostrophes straightened, of running words "
            "that are not stopwords.",
        ),
        ("n", "integer", "Occurrences of the term in the corpus."),
        (
            "per_10k",
            "float",
            "Occurrences per 10,000 running words of the corpus (stopwords counted in the "
            "base, punctuation and dateline tokens not).",
        ),
        ("n_articles", "integer", "Articles in which the term occurs at least once."),
        minimal=("term", "n", "per_10k", "n_articles"),
    ),
    _table(
        "ngrams",
        "one word n-gram seen at least ``Settings.ngram_min_count`` times (default 2); "
        "sorted by n descending, n_words descending, then ngram",
        "newsframes.analysis.terms.ngrams",
        (
            "ngram",
            "string",
            "Consecutive running words (lower-cased, apostrophes straightened, stopwords "
            "kept) joined by single spaces, never crossing a sentence boundary, a "
            "punctuation mark or the dateline.",
        ),
        (
            "n_words",
            "integer",
            "Words in the n-gram, from ``Settings.ngram_min`` to ``Settings.ngram_max`` "
            "(default 2 to 5).",
        ),
        (
            "n",
            "integer",
            "Occurrences in the corpus, overlapping ones each counted, at least "
            "``Settings.ngram_min_count`` (default 2).",
        ),
        minimal=("ngram", "n_words", "n"),
    ),
    _table(
        "collocations",
        "one ordered word pair (w1 then w2 within the window) seen at least "
        "``Settings.collocation_min_count`` times (default 2); sorted by ll descending, "
        "then w1, w2",
        "newsframes.analysis.terms.collocations",
        (
            "w1",
            "string",
            "The first word of the pair: a lemma, lower-cased with apostrophes straightened, "
            "from the running words left after stopwords are removed.",
        ),
        (
            "w2",
            "string",
            "The second word, following w1 at most ``Settings.collocation_window`` (default "
            "4) words later in the same sentence, counted after stopwords and punctuation "
            "are removed.",
        ),
        (
            "n",
            "integer",
            "Observed pair count O11: position pairs in which w2 follows w1 within the window.",
        ),
        (
            "f1",
            "integer",
            "Occurrences of w1 in the corpus as a word (lemma, running words, stopwords left out).",
        ),
        (
            "f2",
            "integer",
            "Occurrences of w2 in the corpus as a word (lemma, running words, stopwords left out).",
        ),
        (
            "expected",
            "float",
            "Pair count expected by chance, E11 = R1 * C1 / N, where R1 counts window pairs "
            "starting with w1, C1 those ending with w2 and N all window pairs.",
        ),
        (
            "pmi",
            "float",
            "Pointwise mutual information log2(n / expected) in bits (Church & Hanks 1990), "
            "positive when the pair occurs more often than chance; it favours rare pairs.",
        ),
        (
            "ll",
            "float",
            "Log-likelihood G2 of the 2x2 table of window pairs (Dunning 1993), unsigned (0 "
            "or more), so it is also large for a pair rarer than expected.",
        ),
        (
            "t_score",
            "float",
            "(n - expected) / sqrt(n) (Church et al. 1991), negative when the pair is rarer "
            "than expected.",
        ),
        (
            "log_dice",
            "float",
            "14 + log2(2 * n / (R1 + C1)) (Rychly 2008) with R1 and C1 as in ``expected``, at "
            "most 14, comparable across corpus sizes.",
        ),
        minimal=("w1", "w2", "n", "pmi", "ll"),
    ),
    _table(
        "keyness",
        "one term (lower-cased word form) over-used in the corpus or significantly "
        "under-used against the Brown reference sections ``Settings.reference``; sorted "
        "by ll descending, then term",
        "newsframes.analysis.terms.keyness_vs_reference",
        (
            "term",
            "string",
            "The lower-cased word form (not the lemma), apostrophes straightened, of running "
            "words that are not stopwords.",
        ),
        (
            "n_target",
            "integer",
            "Occurrences in the corpus, at least ``Settings.keyness_min_count`` (default 2) "
            "unless the row is a significantly under-used term, which may have 0.",
        ),
        (
            "n_reference",
            "integer",
            "Occurrences in the Brown sections of ``Settings.reference`` (default news, "
            "editorial, reviews), tokenized like the corpus, 0 when absent.",
        ),
        (
            "per_10k_target",
            "float",
            "Occurrences per 10,000 running words of the corpus (stopwords in the base).",
        ),
        (
            "per_10k_reference",
            "float",
            "Occurrences per 10,000 words of the reference (punctuation left out, stopwords "
            "in the base).",
        ),
        (
            "ll",
            "float",
            "Signed log-likelihood G2 (Dunning 1993; Rayson & Garside 2000), positive when "
            "the term is relatively more frequent in the corpus than in the reference and "
            "negative when it is under-used.",
        ),
        (
            "log_ratio",
            "float",
            "log2 of the term's relative frequency in the corpus over that in the reference "
            "(Hardie 2014), a zero count replaced by 0.5 so that it stays finite (1 = twice "
            "as frequent).",
        ),
        (
            "p",
            "float",
            "P(X > |ll|) for X chi-squared with 1 degree of freedom, erfc(sqrt(|ll| / 2)), "
            "uncorrected.",
        ),
        (
            "p_adj",
            "float",
            "p corrected for the number of terms tested (every term of the corpus or the "
            "reference; ``Settings.correction``: Benjamini-Hochberg by default).",
        ),
        (
            "is_significant",
            "boolean",
            "p_adj < ``Settings.keyness_max_p`` (default 0.05): a keyword (ll > 0) or a word "
            "significantly under-used (ll < 0); under-used rows are kept only when "
            "significant, over-used rows whatever their p.",
        ),
        minimal=("term", "n_target", "n_reference", "ll", "log_ratio", "p"),
    ),
    _table(
        "entities",
        "one entity mention in one article (a name, an acronym, a role-only reference or "
        "a dateline part); sorted by article_id, start, end",
        "newsframes.analysis.entities.find_mentions",
        ("article_id", "string", _ARTICLE_ID),
        ("sent_id", "integer", _SENT_ID),
        ("start", "integer", _start("the mention's first character")),
        ("end", "integer", _end("the mention's last character")),
        (
            "text",
            "string",
            "The mention as written (its tokens with the body's spacing, a line break read "
            "as a space), a possessive ``’s`` never included.",
        ),
        (
            "label",
            "string",
            "Entity type: ``PERSON``, ``NORP`` (a nationality such as ``North Korean``), "
            "``ORG``, ``GPE``, ``LOC`` or ``FAC``.",
        ),
        (
            "actor",
            "string",
            "Canonical name: a short name or role reference resolved to the article's one "
            "full PERSON name, an acronym to its expansion, all-capital text title-cased "
            "(``TOKYO`` -> ``Tokyo``; a dateline city always, other text when longer than "
            "four characters and dot-free, so acronyms keep their case), else the text "
            "with curly apostrophes straightened.",
        ),
        (
            "mention",
            "string",
            "How the actor is referred to: ``name`` (full or short proper name), ``acronym`` "
            "(``KCNA``), ``role`` (a role-only reference such as ``the North Korean "
            "leader``) or ``dateline`` (the dateline's city or agency).",
        ),
        (
            "role",
            "string",
            "For a PERSON named after a title or role, that title or role as written "
            "(``Russian President``); for a ``role`` mention, the reference itself; else the "
            "empty string.",
        ),
        (
            "cue",
            "string",
            "The rule that typed the mention, e.g. ``organisation word: Agency``, "
            "``gazetteer: city``, ``after title or role: leader``, ``part of the name Kim "
            "Jong Un`` or ``dateline city``.",
        ),
        minimal=("article_id", "sent_id", "start", "end", "text", "label", "actor"),
    ),
    _table(
        "actors",
        "one actor (entity mentions merged by canonical name across articles); sorted by "
        "n_mentions descending, then actor",
        "newsframes.analysis.entities.actors",
        ("actor", "string", "The canonical name shared by the mentions (``entities.actor``)."),
        (
            "label",
            "string",
            "The most frequent ``label`` of its mentions, ties broken in the order PERSON, "
            "NORP, ORG, GPE, LOC, FAC.",
        ),
        (
            "n_mentions",
            "integer",
            "Its rows in ``entities``: names, acronyms, resolved role references and dateline "
            "mentions.",
        ),
        ("n_articles", "integer", "Articles that mention the actor at least once."),
        (
            "aliases",
            "string",
            "Every form used to name the actor, as written, with its count, most used first "
            "(``Kim Jong Un (12); Kim Jong-un (3)``), joined by ``; ``: spellings of one name "
            "(case, hyphens, a patronymic) are one actor across articles.",
        ),
        (
            "roles",
            "string",
            "The distinct titles and roles given to it (``entities.role``, case variants "
            "merged into the first seen), sorted and joined by ``; ``, empty when none.",
        ),
        minimal=("actor", "label", "n_mentions", "n_articles", "aliases", "roles"),
    ),
    _table(
        "cooccurrence",
        "one pair of actors (PERSON, ORG, GPE, LOC or FAC; NORP left out) named in at "
        "least one common sentence; sorted by n_sentences descending, then actor1, actor2",
        "newsframes.analysis.entities.cooccurrence",
        (
            "actor1",
            "string",
            "The pair's first actor, the earlier canonical name in code-point (alphabetical) "
            "order.",
        ),
        ("actor2", "string", "The pair's second actor, the later canonical name."),
        (
            "label1",
            "string",
            "actor1's label: the most frequent among its PERSON, ORG, GPE, LOC and FAC "
            "mentions, as in ``actors``.",
        ),
        (
            "label2",
            "string",
            "actor2's label: the most frequent among its PERSON, ORG, GPE, LOC and FAC "
            "mentions, as in ``actors``.",
        ),
        (
            "n_sentences",
            "integer",
            "Sentences (the dateline sentence included) that mention both actors.",
        ),
        ("n_articles", "integer", "Articles with at least one sentence naming both."),
    ),
    _table(
        "quotes",
        "one quotation (direct or scare) or one passage of reported speech in one "
        "article; sorted by article_id, quote_id",
        "newsframes.analysis.voices.find_quotes",
        ("article_id", "string", _ARTICLE_ID),
        (
            "quote_id",
            "integer",
            "Number within the article, 1-based in text order (by start, an enclosing span "
            "before the spans inside it).",
        ),
        (
            "start",
            "integer",
            _start(
                "the opening quotation mark (direct, scare) or the first word of the "
                "reported content (reported)"
            ),
        ),
        (
            "end",
            "integer",
            "Character offset into the article body, which starts at the dateline, just "
            "after the closing quotation mark or the reported content's last word or mark "
            "(exclusive, so ``body[start:end]`` is the span); an unclosed quotation ends at "
            "its paragraph's end, the next opening mark or the end of the body.",
        ),
        (
            "text",
            "string",
            "``body[start:end]``: the quotation with its marks, or the reported content.",
        ),
        (
            "kind",
            "string",
            "``direct`` (a quoted clause or sentence), ``scare`` (a quoted phrase of at most "
            "4 words with no finite verb inside a sentence that goes on around it) or "
            "``reported`` (indirect speech attributed by a reporting verb or ``according "
            "to``).",
        ),
        (
            "speaker",
            "string",
            "The attributed source, without titles: a person or body as the article names it "
            "at its fullest (``State Department spokesman Ned Price said`` -> ``Ned Price``; "
            "an abbreviation the article never spells out -> the declared full name), a "
            "pronoun or description (``the agency``, ``the Turkish leader``) resolved to the "
            "one actor of the article it fits, else the description as written without a "
            "leading article (``senior official``); a scare quote takes the party the "
            "sentence ascribes the word to, else the speaker of the speech around it; "
            "``unknown`` when none is found.",
        ),
        (
            "reporting_verb",
            "string",
            "The attributing verb lower-cased as written (``said``, ``added``, ``issued`` for "
            "an introduced statement) or ``according to``, a scare quote taking that of the "
            "speech around it, the empty string when there is none.",
        ),
        (
            "via",
            "string",
            "The source that relays the speaker's words into the article, other than the "
            "outlet itself (``Kim said ..., KCNA reported`` -> the Korean Central News "
            "Agency; ``told the newspaper Global Times``); a later quotation of the same "
            "speaker keeps it; the empty string when the outlet cites the speaker directly.",
        ),
        (
            "is_resolved",
            "boolean",
            "True when the speaker is an actor named in the article (or the outlet); False "
            "for a description that could not be resolved and for ``unknown``.",
        ),
        (
            "is_closed",
            "boolean",
            "False for a quotation never closed, cut at the end of its paragraph (or at the "
            "next opening mark or the end of the body); always True for reported speech.",
        ),
        (
            "sent_id",
            "integer",
            "The sentence containing ``start`` (the next sentence when ``start`` falls "
            "between two).",
        ),
        minimal=(
            "article_id",
            "quote_id",
            "start",
            "end",
            "text",
            "kind",
            "speaker",
            "reporting_verb",
        ),
    ),
    _table(
        "framing",
        "one lexicon hit (consecutive running words in one sentence matching a lexicon "
        "term) or one repetition cue; a span can be several hits of different categories "
        "or lexicons; sorted by article_id, start, end, category, subcategory, lexicon",
        "newsframes.analysis.framing.find_hits",
        ("article_id", "string", _ARTICLE_ID),
        ("sent_id", "integer", _SENT_ID),
        ("start", "integer", _start("the hit's first token")),
        ("end", "integer", _end("the hit's last token")),
        (
            "text",
            "string",
            "The matched tokens as written joined by single spaces (which can differ from "
            "``body[start:end]`` in spacing).",
        ),
        (
            "category",
            "string",
            "What the words indicate: ``positive``, ``negative``, ``loaded``, ``frame``, "
            "``persuasion``, ``hedge``, ``booster``, ``reporting_verb``, ``ingroup``, "
            "``outgroup`` or ``entman``.",
        ),
        (
            "subcategory",
            "string",
            "The finer class: a frame dimension (``security_and_defense``...), a persuasion "
            "technique (``name_calling``, ``repetition``...), ``loaded`` or ``name_calling`` "
            "for loaded words, a modality type (``epistemic``, ``intensifier``, "
            "``attribution``), a reporting-verb class (``neutral``, ``evaluative``), an "
            "Entman function (``problem_definition``...), ``marker`` for group words, and the "
            "empty string for positive and negative.",
        ),
        (
            "lexicon",
            "string",
            "The list the term comes from: a curated CSV (``loaded``, ``frames``, ``cues``, "
            "``modality``, ``reporting_verbs``, ``groups``, ``entman``), ``opinion_lexicon`` "
            "(Hu & Liu 2004), ``vader``, or ``repetition`` for a repeated phrase.",
        ),
        (
            "voice",
            "string",
            "The voice of the hit's first token: ``narrative``, ``quoted`` or ``reported``.",
        ),
        (
            "speaker",
            "string",
            "The speaker of the hit's first token: the source's canonical name for quoted "
            f"or reported words, {_OUTLET}.",
        ),
        (
            "score",
            "float",
            "VADER mean valence (-4 to 4) of the first word's lower-cased form for positive "
            "and negative hits, missing (NaN) for other categories and for words VADER "
            "lacks.",
        ),
        minimal=(
            "article_id",
            "sent_id",
            "start",
            "end",
            "text",
            "category",
            "lexicon",
            "voice",
            "speaker",
        ),
    ),
    _table(
        "frames",
        "one frame dimension cued in one sentence (a sentence with no frame cue has no "
        "row); sorted by article_id, sent_id, frame",
        "newsframes.analysis.framing.frame_scores",
        ("article_id", "string", _ARTICLE_ID),
        ("sent_id", "integer", _SENT_ID),
        (
            "frame",
            "string",
            "A dimension of the Policy Frames Codebook (Boydstun et al. 2014), the "
            "``subcategory`` of ``frame`` hits (e.g. ``political``, "
            "``security_and_defense``).",
        ),
        (
            "n_hits",
            "integer",
            "Hits of that frame in the sentence (``framing`` rows of category ``frame``), at "
            "least 1.",
        ),
        (
            "n_words",
            "integer",
            "Running words of the sentence (stopwords included, punctuation not).",
        ),
        (
            "score",
            "float",
            "n_hits / n_words: the frame's cues per running word of the sentence (2 cues in "
            "31 words give 0.0645).",
        ),
        minimal=("article_id", "sent_id", "frame", "score"),
    ),
)

_BY = (
    "by",
    "string",
    "The article column the comparison groups by (``Settings.compare_by``: "
    "``outlet`` by default; ``position`` groups words into ``lead`` and ``rest``).",
)
_GROUP = (
    "group",
    "string",
    "The group: the value of ``by`` (an outlet's name, a country, "
    "``lead``...), ``unknown`` where the article has none.",
)


def _interval(what: str, suffix: str) -> tuple[tuple[str, str, str], ...]:
    return (
        (f"n_loaded{suffix}", "integer", f"Hits of the ``loaded`` category in {what}."),
        (f"loaded{suffix}_per_1k", "float",
         f"n_loaded{suffix} per 1,000 running words of {what}; NaN without words."),
        (f"loaded{suffix}_low", "float",
         f"Lower bound of the exact Poisson (Garwood) interval of loaded{suffix}_per_1k at "
         "``Settings.confidence`` (default 0.95)."),
        (f"loaded{suffix}_high", "float", f"Upper bound of the interval of loaded{suffix}_per_1k."),
    )  # fmt: skip


_COMPARE_TABLES = (
    _table(
        "outlets",
        "one group of articles (an outlet by default); sorted by group",
        "newsframes.analysis.compare.outlet_table",
        _BY,
        _GROUP,
        ("n_articles", "integer", "Articles with running words in the group."),
        ("n_words", "integer", "Running words of the group."),
        ("n_narrative", "integer", "Running words in the outlet's own voice."),
        ("n_quoted", "integer", "Running words inside quotation marks."),
        ("n_reported", "integer", "Running words of reported speech."),
        ("share_narrative", "float", "n_narrative / n_words (0 to 1)."),
        ("share_quoted", "float", "n_quoted / n_words."),
        ("share_reported", "float", "n_reported / n_words."),
        *_interval("all the group's words", ""),
        *_interval("the outlet's narration", "_narrative"),
        *_interval("the words of sources (quoted and reported)", "_sources"),
        (
            "flesch_reading_ease",
            "float",
            "Flesch reading ease of the group's sentences (textstat 0.7.8; higher is easier; "
            "wire copy runs at about 20 to 50).",
        ),
        (
            "coleman_liau",
            "float",
            "Coleman-Liau index of the group's sentences (textstat): a school grade level from "
            "letters per word and sentences per word.",
        ),
        (
            "mtld",
            "float",
            "Measure of textual lexical diversity of the group's running words "
            "(as lexicalrichness computes it, threshold 0.72, McCarthy & Jarvis 2010); NaN below "
            "10 words.",
        ),
        (
            "top_frames",
            "string",
            "The three frame dimensions cued in most of the group's sentences, ``; ``-joined.",
        ),
        minimal=("by", "group", "n_articles", "n_words", "loaded_per_1k"),
    ),  # fmt: skip
    _table(
        "sources",
        "one source (speaker and relaying source) of one group; sorted by group, n_words "
        "descending, speaker, via",
        "newsframes.analysis.compare.sources_table",
        _BY,
        _GROUP,
        ("speaker", "string", "The attributed source, as in ``quotes.speaker``."),
        (
            "via",
            "string",
            "The source that relays the speaker's words, as in ``quotes.via``; "
            '``""`` when the outlet cites the speaker itself.',
        ),
        ("is_resolved", "boolean", "As in ``quotes.is_resolved``."),
        ("n_quotes", "integer", "Rows of ``quotes`` (direct, scare and reported)."),
        (
            "n_quoted_words",
            "integer",
            "Words inside its direct and scare quotations (each word "
            "counted once, for the innermost quotation holding it).",
        ),
        ("n_reported_words", "integer", "Words of its reported speech."),
        ("n_words", "integer", "n_quoted_words + n_reported_words."),
        ("share", "float", "n_words / the group's words of all sources (0 to 1)."),
        minimal=("by", "group", "speaker", "via", "n_words"),
    ),  # fmt: skip
    _table(
        "naming",
        "one form of one actor's name in one group; sorted by group, actor, n descending, form",
        "newsframes.analysis.compare.naming_table",
        _BY,
        _GROUP,
        ("actor", "string", "The actor, as in ``actors.actor``."),
        (
            "form",
            "string",
            "The mention as written, with the title or role written directly "
            "before a name (``Comrade Kim Jong Un``, ``North Korean leader Kim Jong Un``); "
            "datelines left out.",
        ),
        ("n", "integer", "Mentions of the actor in this form."),
        (
            "n_narrative",
            "integer",
            "Of them, mentions in the outlet's own narration (the rest "
            "are inside quotations or reported speech).",
        ),
        ("share", "float", "n / the actor's mentions in the group."),
        minimal=("by", "group", "actor", "form", "n"),
    ),  # fmt: skip
    _table(
        "wordchoice",
        "one declared wording of one referent used in one voice of one group; sorted by "
        "referent, wording, group, voice",
        "newsframes.analysis.compare.wordchoice_table",
        _BY,
        _GROUP,
        (
            "voice",
            "string",
            "``narrative``, ``quoted`` or ``reported``, of the wording's first word.",
        ),
        (
            "referent",
            "string",
            "What is named (``North Korea``, ``war in Ukraine``), from "
            "``lexicons/wordchoice.csv``.",
        ),
        ("wording", "string", "The wording as listed (``DPRK``, ``special military operation``)."),
        (
            "n",
            "integer",
            "Occurrences (a whole-word phrase of lower-cased tokens; a longer "
            "wording first; each token counted once).",
        ),
        minimal=("by", "group", "voice", "referent", "wording", "n"),
    ),  # fmt: skip
    _table(
        "logodds",
        "one word tested in one comparison of two groups of words; sorted by comparison, "
        "scope, z descending, term",
        "newsframes.analysis.compare.logodds_table",
        _BY,
        (
            "comparison",
            "string",
            "``<group> vs rest``, ``<group> vs <other group>`` (with 3 to "
            "``Settings.logodds_pairs_max_groups`` groups), or with one group ``narration vs "
            "<source>``.",
        ),
        ("scope", "string", "``narration`` (the outlet's own words only) or ``all`` (all words)."),
        ("group", "string", "The first side (``n_a``)."),
        ("other", "string", "The second side (``n_b``): ``rest``, or a source."),
        (
            "term",
            "string",
            "Lower-cased word form; stopwords and parts of names of two or more words left out.",
        ),
        ("n_a", "integer", "Occurrences in the first side."),
        ("n_b", "integer", "Occurrences in the second side."),
        ("per_10k_a", "float", "n_a per 10,000 words of the first side."),
        ("per_10k_b", "float", "n_b per 10,000 words of the second side."),
        (
            "delta",
            "float",
            "Log-odds ratio with an informative Dirichlet prior (Monroe, "
            "Colaresi & Quinn 2008, eq. 16): positive when the first side uses the word more.",
        ),
        ("se", "float", "Its approximate standard error (eq. 20)."),
        ("z", "float", "delta / se: the effect scaled by its uncertainty."),
        ("p", "float", "Two-sided normal p-value of z, uncorrected."),
        (
            "p_adj",
            "float",
            "p corrected for the words tested in this comparison and scope "
            "(``Settings.correction``: Benjamini-Hochberg by default).",
        ),
        ("is_significant", "boolean", "p_adj at most ``Settings.logodds_max_p`` (0.05)."),
        minimal=("by", "comparison", "scope", "group", "other", "term", "delta", "z", "p_adj"),
    ),  # fmt: skip
    _table(
        "adoption",
        "one loaded or evaluative term that sources say inside quotation marks and that one "
        "group's own narration also uses, from the day of the first quotation on; sorted by "
        "category (loaded first), n_narrative descending, term, group",
        "newsframes.analysis.compare.adoption_table",
        _BY,
        _GROUP,
        ("term", "string", "The hit as written, lower-cased."),
        ("category", "string", "``loaded``, ``negative`` or ``positive`` (as in ``framing``)."),
        (
            "n_quoted",
            "integer",
            "Uses inside quotation marks, in the whole corpus (each span "
            "once; a hit inside a longer hit counts as the longer one).",
        ),
        ("quoted_by", "string", "The speakers who use it, most frequent first, ``; ``-joined."),
        (
            "n_narrative",
            "integer",
            "Uses in the group's own narration on or after the date of "
            "the first quoted use (undated articles included).",
        ),
        ("first_quoted", "string", 'Earliest date of a quoted use (``""`` undated).'),
        ("first_narrated", "string", "Earliest date of a use in the group's narration."),
        ("example_article_id", "string", "The article of the example."),
        (
            "example",
            "string",
            "The first sentence of the group's narration counted in n_narrative.",
        ),
        minimal=("by", "group", "term", "n_quoted", "n_narrative"),
    ),  # fmt: skip
    _table(
        "reuse",
        "one pair of articles sharing long passages (at least ``Settings.reuse_min_share`` "
        "of one article's shingles); sorted by article_a, article_b",
        "newsframes.analysis.compare.reuse_table",
        ("article_a", "string", "The first article (the smaller id)."),
        ("article_b", "string", "The second article."),
        ("outlet_a", "string", "article_a's outlet."),
        ("outlet_b", "string", "article_b's outlet."),
        ("date_a", "string", 'article_a\'s date (``""`` undated).'),
        ("date_b", "string", "article_b's date."),
        (
            "n_shingles_a",
            "integer",
            "Distinct shingles (runs of ``Settings.reuse_shingle`` "
            "lower-cased running words, default 8) of article_a.",
        ),
        ("n_shingles_b", "integer", "Distinct shingles of article_b."),
        ("n_shared", "integer", "Distinct shingles in both."),
        ("share_a", "float", "n_shared / n_shingles_a: the share of article_a found in article_b."),
        ("share_b", "float", "n_shared / n_shingles_b."),
        ("longest_words", "integer", "Length, in words, of the longest run of words both share."),
        ("longest_passage", "string", "That run's words, lower-cased, joined by spaces."),
        (
            "method",
            "string",
            "``exact`` (every pair compared) or ``minhash`` (candidates "
            "from MinHash LSH, then measured exactly).",
        ),
        (
            "reprint",
            "string",
            "The article of the two that reprints the other (the later, "
            'sharing at least ``Settings.reprint_min_share`` of its shingles), ``""`` for neither.',
        ),
        minimal=("article_a", "article_b", "share_a", "share_b", "longest_words", "reprint"),
    ),  # fmt: skip
)

_TABLES = (*_TABLES, *_COMPARE_TABLES)
TABLES: dict[str, TableDoc] = {t.name: t for t in _TABLES}


# The columns :mod:`newsframes.analysis.voices` adds to the sentences and tokens tables.
VOICE_COLUMNS = ("voice", "speaker")

# The contract with users' scripts: per table, the columns never renamed or removed.
MINIMAL_COLUMNS = {t.name: list(t.minimal) for t in _TABLES if t.minimal}


def columns(name: str, *, without: tuple[str, ...] = ()) -> list[str]:
    """The columns of table ``name`` in table order, leaving out ``without`` (the columns
    a later step adds, for the function that makes the first part of a table)."""
    return [c for c in TABLES[name].column_names if c not in without]


# How an empty table's columns are typed, by documented kind of value.
_EMPTY_DTYPES = {"string": object, "integer": "int64", "float": "float64", "boolean": bool}


def empty(name: str) -> pd.DataFrame:
    """Table ``name`` with no row: its documented columns, typed by their kind."""
    import pandas as pd

    return pd.DataFrame(
        {c.name: pd.Series(dtype=_EMPTY_DTYPES[c.dtype]) for c in TABLES[name].columns}
    )


def dictionary() -> pd.DataFrame:
    """Every documented column of every table.

    Returns columns table, column, dtype (``string``, ``integer``, ``float`` or
    ``boolean``), meaning; one row per (table, column), tables in
    table order, columns in table order; a table that may have further columns
    (``articles``: those of ``metadata.csv``) has a last row ``(further columns)``.
    """
    import pandas as pd

    rows = []
    for name, doc in TABLES.items():
        rows += [(name, c.name, c.dtype, c.meaning) for c in doc.columns]
        if doc.extra:
            rows.append((name, "(further columns)", "string", doc.extra))
    return pd.DataFrame(rows, columns=["table", "column", "dtype", "meaning"])


def tables_overview() -> pd.DataFrame:
    """One row per documented table, in table order.

    Returns columns table, row (what one row is, and how rows are sorted), source (the
    dotted name of the function that makes the table), n_columns.
    """
    import pandas as pd

    rows = [(t.name, t.row, t.source, len(t.columns)) for t in (TABLES[n] for n in TABLES)]
    return pd.DataFrame(rows, columns=["table", "row", "source", "n_columns"])


def check(tables: dict[str, pd.DataFrame]) -> list[str]:
    """Compare the documentation with ``tables`` (e.g. the result of
    ``pipeline.analyze``).

    Returns the problems as sentences, empty when the documentation matches: a
    documented table missing, an undocumented table, a column repeated, a column not
    documented, a documented column absent, or the columns both have in another order.
    """
    problems = [
        f"{name}: documented table missing from the tables" for name in TABLES if name not in tables
    ]
    for name, df in tables.items():
        doc = TABLES.get(name)
        if doc is None:
            problems.append(f"{name}: table not documented")
            continue
        actual = [str(c) for c in df.columns]
        documented = doc.column_names
        for column in sorted({c for c in actual if actual.count(c) > 1}):
            problems.append(f"{name}.{column}: column appears {actual.count(column)} times")
        last = max((i for i, c in enumerate(actual) if c in documented), default=-1)
        for i, column in enumerate(actual):
            if column not in documented and not (doc.extra and i > last):
                problems.append(f"{name}.{column}: column not documented")
        for column in documented:
            if column not in actual:
                problems.append(f"{name}.{column}: documented column absent from the table")
        kinds = {c.name: c.dtype for c in doc.columns}
        for column in dict.fromkeys(actual):
            if column in kinds and actual.count(column) == 1:
                found = _kind(df[column])
                if found not in (kinds[column], "empty"):
                    problems.append(
                        f"{name}.{column}: holds {found} values, documented as {kinds[column]}"
                    )
        shared_actual = list(dict.fromkeys(c for c in actual if c in documented))
        shared_documented = [c for c in documented if c in actual]
        if shared_actual != shared_documented:
            problems.append(
                f"{name}: column order differs: documented {', '.join(shared_documented)}; "
                f"table {', '.join(shared_actual)}"
            )
    return problems


def _kind(column: pd.Series) -> str:
    """The documented kind of value a column holds: ``integer``, ``float``, ``boolean``,
    ``string`` (text, missing values allowed), ``empty`` (no value to tell) or ``mixed``."""
    import pandas as pd

    if pd.api.types.is_bool_dtype(column):
        return "boolean"
    if pd.api.types.is_integer_dtype(column):
        return "integer"
    if pd.api.types.is_float_dtype(column):
        return "float"
    values = column.dropna()
    if values.empty:
        return "empty"
    if values.map(type).eq(str).all():
        return "string"
    return "mixed"
