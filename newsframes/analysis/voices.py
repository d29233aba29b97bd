"""Who speaks: quotations, reported speech, relay chains, and the voice of every token.

- **Quotations.** Double quotation marks, straight (``"``) or curly (``“ ”``), are paired
  in text order; single marks are read as quotation marks only inside a double-quoted
  span, so apostrophes (``imperialists’``, ``Kim’s``) are never mistaken for quotes. A
  quotation left open at the end of a paragraph continues when the next paragraph opens
  with a quotation mark (the newswire convention for multi-paragraph quotes); otherwise
  it ends with its paragraph and is flagged ``is_closed = False``.
- **Kind.** ``scare``: a short phrase (at most ``Settings.scare_max_words`` words, no finite
  verb) inside a sentence of someone else's, such as ``"arbitrary practices,"``;
  ``direct``: a quoted clause or sentence; ``reported``: speech without quotation marks.
- **Speech verbs** are the one list of the reporting-verb lexicon
  (``lexicons/reporting_verbs.csv``), used only where a token is tagged as a verb.
- **Attributions** (a speech verb and its subject): after the speech (``", X said``,
  ``", said X, who ...``, ``, according to X``), before it (``X said (that) ...``,
  ``X told reporters (that) ...``, ``X urged Y to ...``, ``X said: "``, ``According to
  X, ...``, ``On Tuesday, X said ...``), inside it (``..., X said, ...``), as a
  participle (``..., adding that ...``) and as an introduced statement (``X issued the
  following statement:`` followed by paragraphs without quotation marks, one row each).
  Reported content must be a proposition (a finite verb, ``to`` + verb, ``that``, or
  ``of``/``-ing``), so ``X condemned the attack`` is not reported speech.
- **Speaker** is the head of the subject: a person's name without the titles before it
  (``State Department spokesman Ned Price`` -> Ned Price), an organisation, a country
  with its body (``Russia's Defense Ministry``), a pronoun (``he``/``she`` -> the last
  person quoted, ``it`` -> the last organisation), or a description resolved to the one
  actor of the article it fits (``the Turkish leader`` -> the person given a Turkish
  leader's title; ``the agency``, ``state media``, ``the report`` -> the news agency the
  article names; ``the statement`` -> the body that issued the last statement); an
  unresolved description stays as written and ``is_resolved`` is false.
- **Relay** (``via``): the source that carries someone else's words into the article:
  ``Wang said ..., state media said``; ``Kim said ..., according to KCNA``; ``KCNA
  quoted Kim as saying ...``; ``in a statement carried by KCNA``. A later quotation of
  the same speaker keeps the relay. The outlet itself is never a ``via``.
- **Quotations without an attribution**: inside reported speech, that speaker's
  (``X said the deal "opens a new chapter."``); right after a sentence that opens with
  a person (dialogue: ``Modi asked Erdogan about it. "How long?"``), that person's;
  else the continuation of the speech just before.
- **Scare quotations**: the party the sentence ascribes the word to (``Washington's
  "concern"``, ``what Seoul calls "deterrence"``, ``X described it as "..."``), else the
  speaker of the speech around them, else ``unknown``.
- **Voice** of every token: ``quoted`` inside quotation marks (marks included),
  ``reported`` inside reported content, else ``narrative``; the speaker is the quoted or
  reported source, else the outlet (the agency of the dateline). A sentence takes the
  voice most of its word tokens have (ties: quoted, then reported, then narrative).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from newsframes.analysis import resources, schema
from newsframes.analysis.corpus import Article
from newsframes.analysis.entities import TITLE_WORDS
from newsframes.analysis.settings import DEFAULTS
from newsframes.analysis.tokenview import TokenView, in_order
from newsframes.analysis.words import MONTHS, STRAIGHTEN, WEEKDAYS

QUOTE_COLUMNS = schema.columns("quotes")
OPEN_DOUBLE, CLOSE_DOUBLE, STRAIGHT_DOUBLE = "“„", "”", '"'
OPEN_SINGLE, CLOSE_SINGLE, STRAIGHT_SINGLE = "‘", "’", "'"
PRONOUNS = frozenset({"it", "he", "she", "they"})
_TRAILING = frozenset(
    "on in at during last this next early late yesterday today tonight morning afternoon evening "
    "night week month year".split()
).union(WEEKDAYS, MONTHS)
UNKNOWN = "unknown"
_FINITE = ("VBD", "VBP", "VBZ", "MD")
_NOUNS = frozenset({"NN", "NNS", "NNP", "NNPS"})
_NP_TAGS = frozenset({"DT", "JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS", "POS", "CD", "PRP$"})
_NP_LINKS = frozenset({"of", "for"})  # "spokesman for the Foreign Ministry"
_AUXILIARIES = frozenset("has have had was were is are be been also will would did does do "
                         "further later earlier again".split())  # fmt: skip
_ASIDE_OPENERS = frozenset({"who", "which", "a", "an", "the"})
_RELAY_PREPS = frozenset({"by", "according", "citing", "via", "with"})  # "carried by KCNA"
_ADDRESSEE_VERBS = frozenset("tell inform assure remind reassure brief".split())
_OPENERS = frozenset(
    """on in at during after before earlier later meanwhile asked speaking responding
    answering separately however last this yesterday today when while""".split()
)
_STATEMENT_WORDS = frozenset(
    """statement following follows reads communique message text release declaration
    comment commentary answer""".split()
)
_NAMING_VERBS = frozenset({"call", "describe", "term", "dub", "brand", "label"})
_SAME_AS_QUOTE = "<the speaker of the quotation in this sentence>"
# Heads of descriptions that stand for a source named elsewhere in the article.
_DOCUMENT_HEADS = frozenset(
    """statement report dispatch commentary article document communique message release
    editorial""".split()
)
_AGENCY_HEADS = frozenset(
    "agency media newspaper broadcaster daily outlet paper television".split()
)
_MEDIA = frozenset(
    ["state media", "state-run media", "official media", "state television",
     "state broadcaster", "state news agency"]
)  # fmt: skip
_PERSON_HEADS = frozenset(
    """leader president minister premier chancellor spokesman spokeswoman spokesperson
    secretary ambassador envoy chairman chairwoman king admiral general colonel commander
    governor mayor senator diplomat official""".split()
)
_TITLE_ABBREVIATIONS = {"adm.": "admiral", "adm": "admiral", "gen.": "general", "gen": "general",
                        "col.": "colonel", "lt.": "lieutenant", "cmdr.": "commander",
                        "gov.": "governor", "sen.": "senator"}  # fmt: skip
_LEADER_TITLES = frozenset(
    "president premier chancellor leader chairman king emperor prime supreme".split()
)
_SPOKES = frozenset({"spokesman", "spokeswoman", "spokesperson"})
_NAME_LINKS = frozenset({"of", "the", "and", "for", "on", "'s", "'", "de", "al", "bin"})
_NATIONALITY_NOISE = frozenset({"visiting", "top", "senior", "new", "former", "then"})
# News agencies and state media, as actor names (lower case): "the agency" may stand for
# one of them. Others are recognised by "news agency" in their name.
_KNOWN_AGENCIES = frozenset(
    " ".join(name.split())
    for name in """kcna; korean central news agency; xinhua; yonhap; tass; ria novosti;
    interfax; kyodo; afp; reuters; associated press; ap; bloomberg; sputnik; irna; anadolu;
    bernama; antara; global times; rodong sinmun; cctv; cgtn; people's daily; china daily;
    kbs; nhk; rt; ria""".split(";")
)


@lru_cache(maxsize=1)
def speech_verbs() -> tuple[frozenset[str], dict[str, str]]:
    """The speech verbs of the reporting-verb lexicon (``lexicons/reporting_verbs.csv``):
    one-word lemmas, and particle verbs as ``{verb: particle}`` (``point out``); ``according
    to`` is an attribution of its own."""
    df = pd.read_csv(resources.LEXICON_DIR / "reporting_verbs.csv", dtype=str,
                     keep_default_na=False)  # fmt: skip
    single, particle = set(), {}
    for term in df["term"]:
        words = term.split()
        if len(words) == 1:
            single.add(words[0])
        elif term != "according to":
            particle[words[0]] = words[1]
    return frozenset(single), particle


@dataclass
class Quote:
    start: int
    end: int
    kind: str = "direct"
    speaker: str = UNKNOWN
    reporting_verb: str = ""
    is_closed: bool = True
    via: str = ""
    is_resolved: bool = False
    subject_kind: str = ""  # "name", "pronoun" or "description" (of the attribution)
    speaker_label: str = ""  # the entity label of the speaker, when it is an actor


def quote_spans(body: str, paragraphs) -> list[tuple[int, int, bool]]:
    """``(start, end, is_closed)`` of every double-quoted span (marks included),
    multi-paragraph quotations as one span, in text order."""
    spans = []
    open_at: int | None = None
    par_ends = {end for _, end in paragraphs}
    par_starts = [start for start, _ in paragraphs]
    # Only the double quotation marks and the ends of paragraphs can change anything.
    marks = {end for end in par_ends if end < len(body)}
    for mark in _DOUBLE:
        i = body.find(mark)
        while i >= 0:
            marks.add(i)
            i = body.find(mark, i + 1)
    for i in sorted(marks):
        ch = body[i]
        if open_at is not None and i in par_ends:
            nxt = next((s for s in par_starts if s >= i), None)
            if nxt is None or body[nxt] not in OPEN_DOUBLE + STRAIGHT_DOUBLE:
                spans.append((open_at, i, False))
                open_at = None
        if ch not in _DOUBLE:
            continue
        if open_at is None:
            if ch in OPEN_DOUBLE or (ch == STRAIGHT_DOUBLE and _opens(body, i)):
                open_at = i
        elif i in par_starts:
            continue  # the opening mark of a continued quotation's next paragraph
        elif ch in CLOSE_DOUBLE or (ch == STRAIGHT_DOUBLE and not _opens(body, i)):
            spans.append((open_at, i + 1, True))
            open_at = None
        elif ch in OPEN_DOUBLE:  # an opening mark inside an open quote: the first never closed
            spans.append((open_at, i, False))
            open_at = i
    if open_at is not None:
        spans.append((open_at, len(body), False))
    nested = [n for a, b, _ in spans for n in _single_quoted(body, a + 1, b - 1)]
    return sorted(spans + nested, key=lambda x: (x[0], -x[1]))


_DOUBLE = OPEN_DOUBLE + CLOSE_DOUBLE + STRAIGHT_DOUBLE


def _single_quoted(body: str, a: int, b: int) -> list[tuple[int, int, bool]]:
    """Single-quoted spans inside ``body[a:b]`` (a double-quoted span). An opening mark
    follows a space or bracket and precedes a letter; a closing mark follows a letter or
    punctuation and precedes a space, punctuation or the end; a mark between two letters
    is an apostrophe (``Kim’s``) and a mark after a word's final ``s`` with no opening
    mark before it is a plural possessive (``imperialists’``)."""
    out = []
    open_at = None
    for i in range(a, b):
        ch = body[i]
        if ch not in OPEN_SINGLE + CLOSE_SINGLE + STRAIGHT_SINGLE:
            continue
        before = body[i - 1] if i > a else " "
        after = body[i + 1] if i + 1 < b else " "
        if before.isalnum() and after.isalnum():
            continue  # an apostrophe inside a word
        if open_at is None:
            if ch in OPEN_SINGLE + STRAIGHT_SINGLE and not before.isalnum() and after.isalnum():
                open_at = i
        elif not after.isalnum() and (before.isalnum() or before in ".,!?"):
            out.append((open_at, i + 1, True))
            open_at = None
    return out


def _opens(text: str, i: int) -> bool:
    """A straight quotation mark opens when nothing word-like precedes it and
    something follows it."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-/") and not after.isspace()


class _Tokens(TokenView):
    """One article's tokens (:class:`TokenView`) with what the attribution rules add:
    the body, lower-cased lemmas, and which tokens are speech verbs."""

    def __init__(self, lists: list[list], lemmas: list[str], body: str) -> None:
        super().__init__(*lists)
        self.body = body
        self.lemma = [lemma.lower() for lemma in lemmas]
        single, particle = speech_verbs()
        self.reporting = [
            pos.startswith("VB") and (
                lemma in single
                or (lemma in particle and i + 1 < self.n and self.lower[i + 1] == particle[lemma]))
            for i, (lemma, pos) in enumerate(zip(self.lemma, self.pos, strict=True))
        ]  # fmt: skip

    def text_between(self, start: int, end: int) -> str:
        """The body between two offsets, on one line."""
        return " ".join(self.body[start:end].split())


@dataclass(frozen=True)
class _M:
    start: int
    end: int
    label: str
    actor: str


class _Mentions:
    """The entity mentions of one article that can name a speaker (not bare role
    words), in text order, found by offset range."""

    def __init__(self, mentions: dict[str, list]) -> None:
        items = {(int(s), int(e), str(lab), str(a)) for s, e, lab, a, kind in zip(
            *(mentions[c] for c in ("start", "end", "label", "actor", "mention")), strict=True)
            if kind != "role"}  # fmt: skip
        self.items = [_M(*x) for x in sorted(items, key=lambda x: (x[0], -x[1], x[2], x[3]))]
        self.starts = [x.start for x in self.items]

    def within(self, start: int, end: int) -> list[_M]:
        """The mentions lying inside ``[start, end)``, by start."""
        out = []
        for i in range(bisect_left(self.starts, start), len(self.items)):
            x = self.items[i]
            if x.start >= end:
                break
            if x.end <= end:
                out.append(x)
        return out


def find_quotes(
    article: Article,
    sentences: pd.DataFrame,
    tokens: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    scare_max_words: int = DEFAULTS.scare_max_words,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Quotations and reported speech of one article, and the voice of its tokens and
    sentences.

    Returns ``(quotes, tokens, sentences)``: the ``quotes`` table (article_id, quote_id,
    start, end, text, kind ``direct``/``scare``/``reported``, speaker, reporting_verb,
    via (the source relaying the speaker's words, ``""`` when none), is_resolved (the
    speaker is an actor of the article, not a description or ``unknown``), is_closed,
    sent_id of the first sentence), and copies of ``tokens`` and ``sentences`` with the
    columns ``voice`` and ``speaker``.
    """
    toks, sents = in_order(tokens, "tok_id"), in_order(sentences, "sent_id")
    found = quote_columns(
        article,
        {c: sents[c].tolist() for c in SPAN_COLUMNS},
        TokenView.lists(toks),
        toks["lemma"].tolist(),
        {c: mentions[c].tolist() for c in _MENTION_COLUMNS},
        scare_max_words=scare_max_words,
    )
    table = quote_table(found.quotes)
    # As object arrays: pandas reads strings in them as strings, and an empty table's
    # columns stay objects (empty lists would become floats).
    toks = toks.assign(voice=_objects(found.token_voice), speaker=_objects(found.token_speaker))
    return (
        table,
        toks,
        sents.assign(
            voice=_objects(found.sentence_voice), speaker=_objects(found.sentence_speaker)
        ),
    )


def _objects(values: list) -> np.ndarray:
    return np.array(values, dtype=object)


def quote_table(rows: list[tuple]) -> pd.DataFrame:
    """The ``quotes`` table of rows of :func:`quote_columns` (one article's or many); its
    quote_id a column of integers even without rows."""
    return pd.DataFrame(rows, columns=QUOTE_COLUMNS).astype({"quote_id": "int64"})


# The columns of the sentences the attribution rules read.
SPAN_COLUMNS = ("sent_id", "start", "end", "kind")


@dataclass
class QuotesAndVoices:
    """What :func:`quote_columns` finds in one article: the rows of the ``quotes`` table
    (values in the order of ``QUOTE_COLUMNS``, numbered from 1) and the ``voice`` and
    ``speaker`` of each token and each sentence, in the order given."""

    quotes: list[tuple]
    token_voice: list[str]
    token_speaker: list[str]
    sentence_voice: list[str]
    sentence_speaker: list[str]


def quote_columns(
    article: Article,
    sentences: dict[str, list],
    tokens: list[list],
    lemmas: list[str],
    mentions: dict[str, list],
    *,
    scare_max_words: int = DEFAULTS.scare_max_words,
) -> QuotesAndVoices:
    """:func:`find_quotes` on one article's tables given as lists: ``sentences``, the
    columns of ``SPAN_COLUMNS`` by sentence in order; ``tokens``, the columns of
    ``tokenview.COLUMNS`` in text order (:meth:`TokenView.lists`) and ``lemmas``, their
    lemmas; ``mentions``, the columns of the ``entities`` table (those of
    ``_MENTION_COLUMNS`` at least) by mention."""
    body = article.body
    outlet = article.agency or UNKNOWN
    t, m = _Tokens(tokens, lemmas, body), _Mentions(mentions)
    resolver = _Resolver(mentions, outlet)
    spans = list(zip(*(sentences[c] for c in SPAN_COLUMNS), strict=True))
    quotes = [Quote(a, b, is_closed=c) for a, b, c in quote_spans(body, article.paragraphs)]
    for q in quotes:
        q.kind = _kind(t, spans, q, scare_max_words)
    reported = _reported(t, spans, m, quotes, article)
    _attribute(t, m, quotes, reported, resolver)
    rows = []
    for quote_id, q in enumerate(
        sorted(quotes + reported, key=lambda q: (q.start, -q.end, q.kind)), start=1
    ):
        sent_id = _sent_of(spans, q.start)
        rows.append((article.article_id, quote_id, q.start, q.end, body[q.start : q.end], q.kind,
                     q.speaker, q.reporting_verb, q.via, q.is_resolved, q.is_closed,
                     sent_id))  # fmt: skip
    return QuotesAndVoices(rows, *_voices(t, sentences["sent_id"], quotes, reported, outlet))


# The columns of the mentions the attribution rules read (as lists: _Mentions, _Resolver).
_MENTION_COLUMNS = ("start", "end", "text", "label", "actor", "mention", "role")


def _sent_of(spans, offset: int) -> int:
    """The sentence containing ``offset``, else the next one, else the last."""
    for sent_id, start, end, _ in spans:
        if start <= offset < end:
            return int(sent_id)
    after = [sent_id for sent_id, start, _, _ in spans if start >= offset]
    return int(after[0]) if after else int(spans[-1][0])


def _kind(t: _Tokens, spans, q: Quote, max_words: int) -> str:
    """``scare`` for a verbless phrase of at most ``max_words`` words inside a sentence
    that goes on around it."""
    words = t.words_in(q.start, q.end)
    if len(words) > max_words or any(t.pos[k].startswith(_FINITE) for k in words):
        return "direct"
    sent = next(((a, b) for _, a, b, _ in spans if a <= q.start <= b), None)
    if sent is None:
        return "direct"
    return "scare" if t.words_in(sent[0], q.start) else "direct"


# ----------------------------------------------------------------------------- attribution
#
# An attribution is a speech verb with its subject: ``X said``, ``said X``, ``X told
# reporters``, ``according to X``. Its subject is a noun phrase whose head decides the
# speaker: a person's name (``State Department spokesman Ned Price`` -> Ned Price), an
# organisation (``the Korean Central News Agency (KCNA)``), a country with its body
# (``Russia's Defense Ministry``), a pronoun (resolved later), or a description (``the
# Turkish leader``, ``the agency``, ``a senior official``; resolved later when the
# article names what it describes).


@dataclass
class _Subject:
    speaker: str
    first: int  # first row of the whole subject phrase (titles, appositive included)
    last: int  # last row
    kind: str  # "name" (an entity's actor), "pronoun" or "description"
    label: str = ""  # the entity label of a name


def _opens_aside(t: _Tokens, comma: int, b: int, inside: bool) -> bool:
    """Whether the text after the comma at row ``comma`` is inside an aside (``, who
    leads the delegation,``; ``, a spokesman for the ministry,``): a comma opens one
    when none is open and closes an open one."""
    nxt = comma + 1 < b and (t.lower[comma + 1] in _ASIDE_OPENERS or t.pos[comma + 1] in _NP_TAGS)
    return not inside and nxt


def _finite(t: _Tokens, k: int) -> bool:
    """A finite verb (not a title the tagger took for one: ``spokesperson``/VBD)."""
    return t.pos[k] in _FINITE and t.lower[k] not in TITLE_WORDS


def _np_run_back(t: _Tokens, j: int, lo: int) -> int:
    """The first row of the noun phrase ending at row ``j`` (not before ``lo``): nouns,
    names, adjectives, determiners, possessives, numbers, an acronym in parentheses and
    ``of``/``for`` between nouns (``spokesman for the Foreign Ministry``)."""
    k = j
    while k > lo:
        prev = k - 1
        if t.pos[prev] in _NP_TAGS or t.token[prev] in ("(", ")") or t.lower[prev] in TITLE_WORDS:
            k = prev  # a title the tagger took for a verb ("spokesperson") is still a noun
        elif (t.lower[prev] in _NP_LINKS and prev > lo and t.pos[prev - 1] in _NOUNS
              and t.pos[k] in _NP_TAGS):  # fmt: skip
            k = prev
        else:
            break
    while k < j and (t.token[k] in (")", "(") or t.pos[k] == "POS"):
        k += 1
    return k


def _head_of(t: _Tokens, m: _Mentions, k: int, j: int) -> _Subject | None:
    """The speaker named by the noun phrase of rows ``k..j`` (see above)."""
    while j > k and t.token[j] == ")" and t.token[j - 2] == "(":
        j -= 3  # "the Korean Central News Agency (KCNA)": the name before the acronym
    if j < k:
        return None
    if j == k and t.lower[j] in PRONOUNS:
        return _Subject(t.lower[j], k, j, "pronoun")
    link = next((i for i in range(k + 1, j) if t.lower[i] in _NP_LINKS), None)
    if link is not None:  # "the Ministry of Foreign Affairs of the DPRK": the body named first
        first = [x for x in m.within(t.start[k], t.end[link - 1]) if x.end == t.end[link - 1]]
        if first and first[0].label in ("ORG", "PERSON", "GPE"):
            whole = _Subject(first[0].actor, k, j, "name", first[0].label)
            return whole
    inside = m.within(t.start[k], t.end[j])
    if inside and inside[-1].end == t.end[j]:
        head = inside[-1]
        if head.label in ("ORG", "FAC"):  # "Russia's Defense Ministry", "Russian Foreign Ministry"
            before = [x for x in inside[:-1] if x.label in ("GPE", "NORP")]
            if before and _adjacent(t, before[-1].end, head.start):
                first = before[-1].start
                return _Subject(t.text_between(first, head.end), k, j, "name", head.label)
        return _Subject(head.actor, k, j, "name", head.label)
    if t.pos[j] not in _NOUNS:
        return None
    name = j  # "Ukraine's chief delegate Rustem Umerov": the capitalised name after a role
    while name > k and t.pos[name - 1] in ("NNP", "NNPS") and t.lower[name - 1] not in TITLE_WORDS:
        name -= 1
    role_noun = name > k and t.pos[name - 1] in ("NN", "NNS") and t.token[name - 1].islower()
    if t.pos[j] in ("NNP", "NNPS") and name > k and (
            t.lower[name - 1] in TITLE_WORDS or t.pos[name - 1] == "POS" or role_noun):  # fmt: skip
        return _Subject(t.text_between(t.start[name], t.end[j]), k, j, "name")
    lo = k
    while lo < j and t.pos[lo] in ("DT", "PRP$"):
        lo += 1  # "the minister" -> "minister"
    return _Subject(t.text_between(t.start[lo], t.end[j]), k, j, "description")


def _adjacent(t: _Tokens, end: int, start: int) -> bool:
    """Only spaces and a possessive lie between offsets ``end`` and ``start``."""
    rows = [i for i in range(t.row_at_or_after(end) or t.n, t.n) if t.start[i] < start]
    return all(t.pos[i] == "POS" for i in rows)


def _subject_before(t: _Tokens, m: _Mentions, v: int, lo: int) -> _Subject | None:
    """The subject of the verb at row ``v``, ending just before it (rows >= ``lo``):
    skips an auxiliary or adverb (``X has also said``) and an appositive (``X, a
    spokesman for Y, said``)."""
    j = v - 1
    while j >= lo and (t.pos[j] in ("RB", "MD") or t.lower[j] in _AUXILIARIES):
        j -= 1
    # "The State Department on Monday said": a time between subject and verb
    k = j
    preps = ("on", "in", "at", "last", "early", "late")
    while k >= lo and (t.lower[k] in _TRAILING or t.pos[k] == "CD") and t.lower[k] not in preps:
        k -= 1
    if k < j and k >= lo and t.lower[k] in preps:
        j = k - 1
    if j < lo:
        return None
    if t.lower[j] in ("and", "then") and j > lo:  # "X turned to Y and asked"
        return _sentence_subject_at(t, m, lo, j)
    if t.token[j] == ",":  # an appositive or relative clause between commas
        c = next((k for k in range(j - 1, max(lo, j - 16) - 1, -1) if t.token[k] == ","), None)
        if c is None or c <= lo:
            return None
        inner = range(c + 1, j)
        relative = t.lower[c + 1] in ("who", "which")
        starts = relative or t.lower[c + 1] in ("a", "an", "the") or t.pos[c + 1] in _NP_TAGS
        finite = any(t.pos[k] in _FINITE for k in inner) and not relative
        if not starts or finite:
            return None
        subj = _subject_ending(t, m, c - 1, lo)
        if subj is None or subj.kind == "pronoun":
            return None
        subj.last = j
        return subj
    return _subject_ending(t, m, j, lo)


def _sentence_subject_at(t: _Tokens, m: _Mentions, lo: int, hi: int) -> _Subject | None:
    """The noun phrase opening rows ``lo..hi`` (the subject of a coordinated verb)."""
    subj = _subject_after(t, m, lo, hi)
    return subj if subj is not None and subj.kind != "description" else None


def _subject_ending(t: _Tokens, m: _Mentions, j: int, lo: int) -> _Subject | None:
    if t.lower[j] in PRONOUNS:
        return _Subject(t.lower[j], j, j, "pronoun")
    if t.pos[j] not in _NP_TAGS and t.token[j] != ")":
        return None
    k = _np_run_back(t, j, lo)
    return _head_of(t, m, k, j)


def _subject_after(t: _Tokens, m: _Mentions, i: int, stop: int) -> _Subject | None:
    """The subject written after the verb (``said X``), from row ``i`` (before ``stop``)."""
    if i >= stop:
        return None
    if t.lower[i] in PRONOUNS:
        return _Subject(t.lower[i], i, i, "pronoun")
    j = i
    while j < stop and (t.pos[j] in _NP_TAGS or t.token[j] in ("(", ")") or (
            t.lower[j] in _NP_LINKS and j + 1 < stop and t.pos[j + 1] in _NP_TAGS)):  # fmt: skip
        j += 1
    if j == i:
        return None
    while j - 1 > i and t.lower[j - 1] in _NP_LINKS:
        j -= 1
    if t.lower[j - 1] in _DOCUMENT_HEADS and j + 1 < stop and t.lower[j] in ("from", "by", "of"):
        source = _subject_after(t, m, j + 1, stop)  # "a statement from the Defense Ministry"
        if source is not None and source.kind == "name":
            return source
    return _head_of(t, m, i, j - 1)


def _trailer(t: _Tokens, m: _Mentions, i: int, b: int) -> tuple[bool, str]:
    """Whether rows ``i..b-1`` after an attribution verb are only its circumstances (a
    time, a place, ``in a statement``, ``told reporters``, ``on Telegram``), and the
    relaying source they name, if any (``in a statement carried by KCNA``)."""
    via = ""
    for k in range(i, b):
        if _finite(t, k):
            return False, ""
        if t.lower[k] in _RELAY_PREPS and k + 1 < b:
            subj = _subject_after(t, m, k + 1 + (t.lower[k + 1] == "to"), b)
            if (
                subj
                and (subj.kind == "name" or subj.speaker.split()[-1].lower() in _AGENCY_HEADS)
                and (t.lower[k] != "with" or _outlet(t, subj))
            ):
                via = subj.speaker
    return True, via


def _outlet(t: _Tokens, subj: _Subject) -> bool:
    """The subject names a news outlet: a known agency, or a name introduced by an
    outlet noun (``the newspaper Global Times``), or a description such as ``the agency``."""
    words = t.text_between(t.start[subj.first], t.end[subj.last]).lower().split()
    return _is_agency(subj.speaker) or bool(set(words) & _AGENCY_HEADS)


def _addressee_via(t: _Tokens, m: _Mentions, v: int, b: int) -> str:
    """``told the agency``, ``told the newspaper Global Times``: the outlet the words were
    given to, when the verb at row ``v`` is ``tell`` and its object names one."""
    if t.lemma[v] != "tell" or v + 1 >= b:
        return ""
    subj = _subject_after(t, m, v + 1, min(b, _skip_object(t, v + 1, b) + 1))
    return subj.speaker if subj is not None and _outlet(t, subj) else ""


def _skip_object(t: _Tokens, c: int, b: int) -> int:
    """The row after the addressee starting at row ``c`` (``reporters``, ``a regular
    briefing in Seoul``, ``the Associated Press``): a noun phrase, and a place or
    occasion after it; a new determiner after a noun starts the reported content
    (``told reporters the talks ...``)."""

    def noun_phrase(k: int) -> int:
        seen_noun = False
        while k < b and t.pos[k] in _NP_TAGS:
            if seen_noun and t.pos[k] in ("DT", "PRP$"):
                break
            seen_noun = seen_noun or t.pos[k] in _NOUNS
            k += 1
        return k

    k = noun_phrase(c)
    while k < b and t.lower[k] in ("at", "in", "on", "during") and k + 1 < b:
        k = noun_phrase(k + 1)
    return k


def _content_start(t: _Tokens, v: int, b: int) -> int:
    """The first row of what the verb at row ``v`` reports: after a particle (``point
    out``), the addressee of ``tell`` and its kin (``told reporters``) and ``that``."""
    c = v + 1
    if c < b and t.lower[c] in ("out", "on") and t.lemma[v] in ("point", "call", "lash"):
        c += 1
    if t.lemma[v] in _ADDRESSEE_VERBS:
        that = next((k for k in range(c, min(b, c + 10)) if t.lower[k] == "that"), None)
        if that is not None and not any(t.pos[k] in _FINITE for k in range(c, that)):
            return that + 1
        c = _skip_object(t, c, b)
    if c < b and t.lower[c] == "that":
        return c + 1
    if c < b and t.pos[c] == "IN" and t.lower[c] != "that":  # "said in an interview with X that"
        that = next((k for k in range(c, min(b, c + 14)) if t.lower[k] == "that"), None)
        if that is not None and not any(_finite(t, k) for k in range(c, that)):
            return that + 1
    return c


def _is_proposition(t: _Tokens, c0: int, c1: int) -> bool:
    """Rows ``c0..c1`` report what was said, not just what was spoken about: a finite
    verb, ``to`` + verb (``urged Y to withdraw``), an ``-ing`` form (``denied attacking``,
    ``accused Y of shelling``), ``as`` (``dismissed the claims as groundless``) or a
    quotation."""
    for k in range(c0, c1 + 1):
        pos = t.pos[k]
        if pos in _FINITE or pos == "VBG" or t.lower[k] == "as":
            return True
        if t.lower[k] == "to" and k + 1 <= c1 and t.pos[k + 1] == "VB":
            return True
        if t.token[k] in OPEN_DOUBLE + STRAIGHT_DOUBLE:
            return True
    return False


def _content_end(t: _Tokens, a: int, e: int) -> int:
    """The last row of content ending before row ``e``: without the comma or colon that
    introduces an attribution, nor the sentence's final punctuation; a closing quotation
    mark stays in (decision 1 of the guidelines)."""
    e -= 1
    while e > a and t.is_punct[e] and t.token[e] not in CLOSE_DOUBLE + STRAIGHT_DOUBLE:
        e -= 1
    return e


@dataclass
class _Found:
    """One attribution with its content rows (``c0..c1``) inside a sentence."""

    subject: _Subject
    verb: str
    verb_row: int
    c0: int
    c1: int
    via: str = ""


def _final(t: _Tokens, m: _Mentions, a: int, b: int) -> _Found | None:
    """``CONTENT, X said (on Thursday).``, ``CONTENT, said X.`` and ``CONTENT,
    according to X.``"""
    for v in range(b - 1, a, -1):
        if t.lower[v] == "according" and v + 1 < b and t.lower[v + 1] == "to":
            if t.token[v - 1] != ",":
                continue
            subj = _subject_after(t, m, v + 2, b)
            ok, _ = _trailer(t, m, subj.last + 1, b) if subj else (False, "")
            if subj and ok and v - 1 > a:
                return _Found(subj, "according to", v, a, _content_end(t, a, v))
            continue
        if not t.reporting[v] or t.pos[v] == "VBG":
            continue
        inverted = t.token[v - 1] in (",", *CLOSE_DOUBLE, STRAIGHT_DOUBLE)
        if inverted and t.token[v - 1] == ",":  # "X, a research fellow, told Y": not inverted
            aside = _subject_before(t, m, v, a + 1)
            inverted = aside is None or aside.first - 1 <= a or t.token[aside.first - 1] not in (
                ",", *CLOSE_DOUBLE, STRAIGHT_DOUBLE)  # fmt: skip
        if inverted and t.lemma[v] not in _ADDRESSEE_VERBS:  # ", said X"
            subj = _subject_after(t, m, v + 1, b)
            if subj is not None:
                rest = subj.last + 1
                ok = rest >= b - 1 or t.token[rest] in (",", ".") or _trailer(t, m, rest, b)[0]
                if ok:
                    return _Found(subj, t.lower[v], v, a, _content_end(t, a, v))
            continue
        ok, via = _trailer(t, m, v + 1, b)
        if not ok:
            continue
        via = via or _addressee_via(t, m, v, b)
        subj = _subject_before(t, m, v, a + 1)
        if subj is None:
            continue
        before = subj.first - 1
        if before <= a or t.token[before] not in (",", *CLOSE_DOUBLE, STRAIGHT_DOUBLE):
            return None
        return _Found(subj, t.lower[v], v, a, _content_end(t, a, before + 1), via)
    return None


def _sentence_start(t: _Tokens, a: int, b: int) -> int:
    """Where the subject of a sentence starts: after an opening adverbial or
    participle phrase that ends in a comma (``On Tuesday,``, ``Asked about the talks,``,
    ``Hours before the launch,``, ``In a statement carried by KCNA,``)."""
    first = t.lower[a]
    if first == "according":
        return a
    opener = first in _OPENERS or t.pos[a] in ("IN", "RB", "VBG", "VBN", "NNS", "CD")
    if opener:
        for k in range(a + 1, min(b, a + 16)):
            if t.token[k] == ",":
                return k + 1
            if _finite(t, k) or t.token[k] in OPEN_DOUBLE + STRAIGHT_DOUBLE:
                break
    return a


def _initial(t: _Tokens, m: _Mentions, a: int, b: int) -> _Found | None:
    """``X said (that) CONTENT``, ``X told reporters (that) CONTENT``, ``X urged Y to
    ...``, ``According to X, CONTENT`` and ``X quoted Y as saying CONTENT`` (Y speaks,
    relayed by X) at the start of a sentence (after an opening adverbial)."""
    s = _sentence_start(t, a, b)
    if t.lower[s] == "according" and s + 1 < b and t.lower[s + 1] == "to":
        comma = next((k for k in range(s + 2, b) if t.token[k] == ","), None)
        subj = _subject_after(t, m, s + 2, comma or b)
        if comma and subj and comma + 1 < b - 1:
            return _Found(subj, "according to", s, comma + 1, _content_end(t, comma, b))
        return None
    opener_via = _trailer(t, m, a, s)[1] if s > a else ""
    aside = False  # inside ", who ...," or ", a spokesman for ...,"
    for v in range(s + 1, min(b - 1, s + 30)):
        if t.token[v] in (":", ";") or t.token[v] in OPEN_DOUBLE + STRAIGHT_DOUBLE:
            return None
        if t.token[v] == ",":
            aside = _opens_aside(t, v, b, aside)
            continue
        if not t.reporting[v]:
            if _finite(t, v) and t.lower[v] not in _AUXILIARIES and not aside:
                return None
            continue
        subj = _subject_before(t, m, v, s)
        if subj is None or subj.first != s:
            return None
        if t.lemma[v] == "quote" and t.lower[v - 1] not in _AUXILIARIES:
            relayed = _quoted_as_saying(t, m, v, b)  # "KCNA quoted Kim as saying ..."
            if relayed:
                speaker, c = relayed
                return _Found(speaker, "saying", v, c, _content_end(t, c, b), via=subj.speaker)
        if t.lemma[v] == "quote":  # "Kim was quoted (by KCNA) as saying ..."
            k = v + 1
            via = ""
            if k < b and t.lower[k] == "by":
                agent = _subject_after(t, m, k + 1, b)
                if agent:
                    via, k = agent.speaker, agent.last + 1
            if k + 1 < b and t.lower[k] == "as" and t.lower[k + 1] == "saying":
                c = _content_start(t, k + 1, b)
                return _Found(subj, "saying", k + 1, c, _content_end(t, c, b), via=via)
            return None
        c = _content_start(t, v, b)
        if c >= b - 1 or t.token[c] in (".", ":", ","):
            return None
        if t.lemma[v] in _THAT_ONLY and t.lower[c - 1] != "that":
            return None  # "China has maintained close communication with ..."
        c1 = _content_end(t, c, b)
        if not _is_proposition(t, c, c1):
            return None
        via = _trailer(t, m, v + 1, c)[1] if c > v + 1 else ""
        return _Found(subj, t.lower[v], v, c, c1, via or opener_via)
    return None


# Reporting verbs with a common sense that is not speech (``maintain contact``): they
# report only a clause introduced by ``that``.
_THAT_ONLY = frozenset({"maintain"})


def _only_attribution(t: _Tokens, c0: int, c1: int, direct: list[Quote]) -> bool:
    """The words of rows ``c0..c1`` outside the direct quotations are only the
    attribution of a quotation (``"...," Kang said``, ``X said "..."``): a relay's
    ``, KCNA reported`` then adds the agency as the relaying source, not a second
    passage of speech."""
    outside = [
        k for k in range(c0, c1 + 1)
        if not t.is_punct[k] and not any(q.start <= t.start[k] < q.end for q in direct)
    ]  # fmt: skip
    if not outside or len(outside) > 6 or not any(t.reporting[k] for k in outside):
        return False
    return all(t.reporting[k] or not _finite(t, k) for k in outside)


def _quoted_as_saying(t: _Tokens, m: _Mentions, v: int, b: int):
    subj = _subject_after(t, m, v + 1, b)
    if subj is None:
        return None
    k = subj.last + 1
    if k + 1 < b and t.lower[k] == "as" and t.lower[k + 1] == "saying":
        return subj, _content_start(t, k + 1, b)
    return None


def _middle(t: _Tokens, m: _Mentions, a: int, b: int, direct) -> _Found | None:
    """``A, X said, B.``: an attribution between commas inside the content."""
    for v in range(a + 2, b - 2):
        if not t.reporting[v] or t.pos[v] == "VBG":
            continue
        subj = _subject_before(t, m, v, a + 1)
        if subj is None or subj.first - 1 <= a or t.token[subj.first - 1] not in (
                ",", *CLOSE_DOUBLE, STRAIGHT_DOUBLE):  # fmt: skip
            continue
        if not _covers_words_outside(t, a, subj.first - 1, direct):
            continue  # '"We are ready," X said, ...': the part before is a quotation
        if subj.last - subj.first > 4 and subj.kind != "name":
            continue
        k = v + 1
        while k < b and (t.lower[k] in _TRAILING or t.pos[k] in ("CD", "RB")):
            k += 1
        if k < b - 2 and t.token[k] == ",":
            return _Found(subj, t.lower[v], v, a, _content_end(t, a, b))
    return None


def _participle(t: _Tokens, a: int, b: int) -> tuple[int, int, str] | None:
    """``..., saying (that) CONTENT`` / ``adding that``: the verb row, the content rows'
    start and the verb, when a reporting participle follows a comma."""
    for v in range(a + 2, b - 2):
        if t.reporting[v] and t.pos[v] == "VBG" and t.token[v - 1] == ",":
            c = _content_start(t, v, b)
            if c < b - 1 and _is_proposition(t, c, _content_end(t, c, b)):
                return v, c, t.lower[v]
    return None


def _statement_intro(t: _Tokens, m: _Mentions, a: int, b: int) -> _Found | None:
    """``X issued the following statement:`` (the sentence ends with a colon): the
    paragraphs after it are X's words."""
    if t.token[b - 1] != ":" or not any(t.lower[k] in _STATEMENT_WORDS for k in range(a, b)):
        return None
    s = _sentence_start(t, a, b)
    for v in range(s + 1, b - 1):
        if t.pos[v].startswith("VB") and t.pos[v] not in ("VBG",):
            subj = _subject_before(t, m, v, s)
            if subj is not None and subj.first == s:
                bodies = [x for x in m.within(t.start[s], t.end[v - 1]) if x.label == "ORG"]
                if subj.kind == "description" and bodies:  # "a spokesman for the Ministry"
                    subj = _Subject(bodies[0].actor, subj.first, subj.last, "name", "ORG")
                return _Found(subj, t.lower[v], v, b, b)
            return None
    return None


def _covers_words_outside(t: _Tokens, c0: int, c1: int, direct: list[Quote]) -> bool:
    """Some word of rows ``c0..c1`` lies outside every direct quotation: the content is
    more than a quotation (``X said the deal "opens a new chapter"``)."""
    for k in range(c0, c1 + 1):
        if t.is_punct[k] or t.lower[k] in _TRAILING or t.pos[k] == "CD":
            continue  # a time or place added to a quotation is not more content
        if not any(q.start <= t.start[k] < q.end for q in direct):
            return True
    return False


def _row(t: _Tokens, f: _Found, c0: int, c1: int, via: str = "") -> Quote:
    q = Quote(t.start[c0], t.end[c1], "reported", f.subject.speaker, f.verb)
    q.via = via or f.via
    q.subject_kind = f.subject.kind
    q.speaker_label = f.subject.label
    return q


def _statement_blocks(t: _Tokens, m: _Mentions, spans, paragraphs, body: str):
    """Official statements printed without quotation marks: ``(intro, [(start, end)])``
    for each sentence ending ``... the following statement:`` whose next paragraph does
    not open with a quotation mark; the statement runs from there to the end of the
    article, or to a paragraph that opens with a quotation mark."""
    blocks = []
    for sent_id, s_start, s_end, kind in spans:
        if kind != "text" or sent_id not in t.sent_rows:
            continue
        a, b = t.sent_rows[sent_id]
        intro = _statement_intro(t, m, a, b)
        if intro is None:
            continue
        pieces = []
        for p_start, p_end in paragraphs:
            if p_end <= s_end:
                continue
            start = max(p_start, s_end)
            while start < p_end and body[start].isspace():
                start += 1
            if start >= p_end:
                continue
            if body[start] in OPEN_DOUBLE + STRAIGHT_DOUBLE and p_start >= s_end:
                break  # a quotation: "X said in a statement:" introduces direct speech
            end = p_end
            while end > start and body[end - 1] in ".;:" and body[end - 1] not in CLOSE_DOUBLE:
                end -= 1
            pieces.append((start, end))
        if pieces:
            blocks.append((intro, pieces, s_start))
    # a statement introduced inside another one ends the first where it begins
    out = []
    for k, (intro, pieces, _) in enumerate(blocks):
        stop = blocks[k + 1][2] if k + 1 < len(blocks) else len(body) + 1
        kept = [(a, b) for a, b in pieces if b <= stop]
        if kept:
            out.append((intro, kept))
    return out


def _reported(t: _Tokens, spans, m: _Mentions, quotes: list[Quote], article) -> list[Quote]:
    """Speech reported without quotation marks (see the module doc), with the source
    that relays it (``via``)."""
    out: list[Quote] = []
    direct = [q for q in quotes if q.kind == "direct"]
    blocks = _statement_blocks(t, m, spans, article.paragraphs, article.body)
    in_block: list[tuple[int, int]] = []
    for intro, pieces in blocks:
        for start, end in pieces:
            q = Quote(start, end, "reported", intro.subject.speaker, intro.verb)
            q.subject_kind = intro.subject.kind
            out.append(q)
            in_block.append((start, end))
    for sent_id, s_start, _, kind in spans:
        if kind != "text" or sent_id not in t.sent_rows:
            continue
        if any(a <= s_start < b for a, b in in_block):
            continue
        a, b = t.sent_rows[sent_id]
        rows = _sentence_reported(t, m, a, b, direct)
        out.extend(rows)
    return out


def _sentence_reported(t: _Tokens, m: _Mentions, a: int, b: int, direct) -> list[Quote]:
    rows: list[Quote] = []
    final = _final(t, m, a, b)
    if final is not None:
        inner = _initial(t, m, final.c0, final.c1 + 1) if final.c1 > final.c0 else None
        if inner is not None and inner.subject.first == _sentence_start(t, a, b):
            # "Wang said the talks had been candid, Chinese state media said."
            f, via = inner, final.subject.speaker
            c0, c1 = inner.c0, min(inner.c1, final.c1)
            if inner.via:
                via = inner.via
        else:
            f, via, c0, c1 = final, final.via, final.c0, final.c1
        if (
            c1 >= c0
            and _covers_words_outside(t, c0, c1, direct)
            and not _only_attribution(t, c0, c1, direct)
        ):
            rows.append(_row(t, f, c0, c1, via))
        return rows
    initial = _initial(t, m, a, b)
    if initial is not None:
        c0, c1 = initial.c0, initial.c1
        if c1 >= c0 and _covers_words_outside(t, c0, c1, direct):
            rows.append(_row(t, initial, c0, c1))
            participle = _participle(t, initial.c0, b)
            if participle is not None:
                v, c, verb = participle
                rows[-1] = _row(t, initial, c0, _content_end(t, c0, v))
                rows.append(_row(t, _Found(initial.subject, verb, v, c, c1), c, c1))
        return rows
    middle = _middle(t, m, a, b, direct)
    if middle is not None and _covers_words_outside(t, middle.c0, middle.c1, direct):
        return [_row(t, middle, middle.c0, middle.c1)]
    participle = _participle(t, a, b)
    if participle is not None:
        v, c, verb = participle
        c1 = _content_end(t, c, b)
        s = _sentence_start(t, a, b)
        subj = _subject_after(t, m, s, v)
        if any(q.start < t.start[v] and q.end > t.start[a] for q in direct):
            subj = _Subject(_SAME_AS_QUOTE, s, s, "pronoun")  # '"...," he said, adding that'
        if subj is not None and c1 >= c and _covers_words_outside(t, c, c1, direct):
            rows.append(_row(t, _Found(subj, verb, v, c, c1), c, c1))
    return rows


class _Resolver:
    """Turns a description used as a speaker (``the Turkish leader``, ``the agency``,
    ``state media``, ``the statement``) into the actor the article names, when exactly
    one fits; knows which speakers are actors of the article."""

    def __init__(self, mentions: dict[str, list], outlet: str) -> None:
        self.outlet = outlet
        # the mentions by name (not bare role words), as (start, actor, label, text, mention)
        columns = ("start", "actor", "label", "text", "mention")
        rows = zip(*(mentions[c] for c in columns), strict=True)
        named = [row for row in rows if row[4] != "role"]
        self.labels = {actor: label for _, actor, label, _, _ in named}
        # How the article names each actor at its fullest (not by an abbreviation): the
        # speaker as a reader of the article would write it.
        self.display: dict[str, str] = {}
        for _, actor, _, text, kind in named:
            text = " ".join(str(text).translate(STRAIGHTEN).split())
            proper = all(w[:1].isupper() or w in _NAME_LINKS for w in text.split())
            if kind == "name" and proper and len(text) > len(self.display.get(actor, "")):
                self.display[actor] = text
        self.persons: dict[str, set[str]] = defaultdict(set)  # actor -> role words
        self.last_named: dict[str, list[int]] = defaultdict(list)  # actor -> offsets
        for actor, role, start in zip(mentions["actor"], mentions["role"], mentions["start"],
                                      strict=True):  # fmt: skip
            self.last_named[actor].append(int(start))
            if isinstance(role, str) and role:  # a missing role is NaN or None
                words = role.lower().translate(STRAIGHTEN).replace("'s", "").split()
                self.persons[actor] |= {_TITLE_ABBREVIATIONS.get(w, w) for w in words}
        self.agencies = [
            (int(start), actor)
            for start, actor, label, _, _ in named
            if label == "ORG" and _is_agency(actor) and actor != outlet
        ]
        self.orgs = sorted({(a, a.lower().split()[-1]) for a, lab in self.labels.items()
                            if lab == "ORG" and a.split()})  # fmt: skip

    def name(self, actor: str) -> str:
        """``actor`` as the article names it at its fullest (``Kim`` -> ``Kim Jong Un``;
        an abbreviation the article never spells out keeps the actor's full name)."""
        if not actor or actor == self.outlet:
            return actor
        shown = self.display.get(actor, actor)
        return shown if len(shown) >= len(actor) or actor not in self.labels else actor

    def is_actor(self, speaker: str) -> bool:
        return speaker in self.labels or speaker == self.outlet

    def label(self, speaker: str) -> str:
        return self.labels.get(speaker, "")

    def resolve(self, description: str, offset: int, history: list[Quote]) -> str:
        """The actor ``description`` stands for, or ``description`` unchanged."""
        if self.is_actor(description):
            return description
        words = [w for w in description.lower().translate(STRAIGHTEN).split() if w not in
                 ("the", "a", "an", "its", "their", "his", "her")]  # fmt: skip
        if not words:
            return description
        head = words[-1]
        if head in _DOCUMENT_HEADS:  # "the statement", "the report": its source
            for h in reversed(history):
                if h.speaker_label and h.speaker_label != "PERSON":
                    return h.speaker
        if head in _DOCUMENT_HEADS or head in _AGENCY_HEADS or " ".join(words) in _MEDIA:
            before = [a for s, a in self.agencies if s < offset] or [a for _, a in self.agencies]
            distinct = sorted(set(before))
            if len(distinct) == 1:
                return distinct[0]
            if before:
                return before[-1]
            return description
        if head in _PERSON_HEADS:
            fits = [actor for actor, roles in self.persons.items()
                    if _role_fits(head, words[:-1], roles)]  # fmt: skip
            before = [(max(x for x in self.last_named[a] if x < offset), a) for a in fits
                      if any(x < offset for x in self.last_named[a])]  # fmt: skip
            if before:  # the one named most recently before the description
                return max(before)[1]
            if len(fits) == 1:
                return fits[0]
            return description
        orgs = [a for a, last in self.orgs if last == head and all(
            w in a.lower() for w in words[:-1] if w not in _NATIONALITY_NOISE)]  # fmt: skip
        if len(orgs) == 1:
            return orgs[0]
        return description


def _role_fits(head: str, others: list[str], roles: set[str]) -> bool:
    """Whether a person given the role words ``roles`` fits ``the <others> <head>``
    (``the Turkish leader`` fits ``Turkish President``)."""
    if head in roles:
        pass
    elif head == "leader" and roles & _LEADER_TITLES:
        pass
    elif head in _SPOKES and roles & _SPOKES:
        pass
    else:
        return False
    return all(w in roles or w in _NATIONALITY_NOISE for w in others)


def _is_agency(actor: str) -> bool:
    """A news agency or state medium: a known one, or one whose name says so."""
    low = actor.lower()
    return low in _KNOWN_AGENCIES or any(w in low for w in (
        "news agency", "news service", "press agency", "broadcasting", "television",
        "radio", "news network"))  # fmt: skip


def _attribution_after(t: _Tokens, m: _Mentions, q: Quote) -> tuple[_Subject, str, str] | None:
    """``" X said``, ``," said X``, ``," X said, according to Y``, or a short next
    sentence ``It said.``: the subject, the verb and the relaying source."""
    i = t.row_at_or_after(q.end)
    if i is None:
        return None
    sent_end = t.sent_rows[t.sent_id[i]][1]
    if t.sent_id[i] != t.sent_id_at(q.end - 1) and sent_end - i > 6:
        return None  # the next sentence is a sentence of its own, not an attribution
    j = i + (t.token[i] == ",")
    if j < sent_end and t.reporting[j] and t.pos[j] != "VBG":
        subj = _subject_after(t, m, j + 1, sent_end)
        if subj is None:
            return None
        via = _trailer(t, m, subj.last + 1, sent_end)[1]
        return subj, t.lower[j], via or _relay_tail(t, m, subj.last + 1, sent_end)
    aside = False
    for v in range(j + 1, min(sent_end, j + 30)):
        if t.token[v] == ",":
            aside = _opens_aside(t, v, sent_end, aside)
            continue
        if t.reporting[v] and t.pos[v] != "VBG":
            subj = _subject_before(t, m, v, j)
            if subj and subj.first == j:
                via = (
                    _trailer(t, m, v + 1, sent_end)[1]
                    or _addressee_via(t, m, v, sent_end)
                    or _relay_tail(t, m, v + 1, sent_end)
                )
                return subj, t.lower[v], via
            return None
        if _finite(t, v) and t.lower[v] not in _AUXILIARIES and not aside:
            return None
    return None


def _relay_tail(t: _Tokens, m: _Mentions, i: int, b: int) -> str:
    """The news agency of ``, KCNA reported.`` (rows ``i..b-1``, after an attribution
    ``"...," Kang said``): the relaying source of the quotation, else ``""``."""
    if i >= b or t.token[i] != ",":
        return ""
    subj = _subject_after(t, m, i + 1, b)
    if subj is None or not _is_agency(subj.speaker) or subj.last + 1 >= b:
        return ""
    v = subj.last + 1
    return subj.speaker if t.reporting[v] and _trailer(t, m, v + 1, b)[0] else ""


def _attribution_before(t: _Tokens, m: _Mentions, q: Quote) -> tuple[_Subject, str, str] | None:
    """``X said: "...``, ``X said, "...``, ``X asked: "...`` or ``According to X, "...``."""
    k = bisect_right(t.end, q.start) - 1
    if k < 0:
        return None
    if t.token[k] in (":", ","):
        k -= 1
    if k < 0:
        return None
    a, _ = t.sent_rows[t.sent_id[k]]
    if t.reporting[k]:
        subj = _subject_before(t, m, k, _sentence_start(t, a, k + 1))
        return (subj, t.lower[k], "") if subj else None
    # "X told reporters: "...", "X said on Monday: "..."
    for v in range(k - 1, max(a, k - 6) - 1, -1):
        if t.reporting[v]:
            ok, via = _trailer(t, m, v + 1, k + 1)
            subj = _subject_before(t, m, v, _sentence_start(t, a, v)) if ok else None
            return (subj, t.lower[v], via) if subj else None
    if k - a > 1 and t.lower[a] == "according":
        subj = _subject_after(t, m, a + 2, k + 1)
        return (subj, "according to", "") if subj else None
    return None


def _sentence_subject(t: _Tokens, m: _Mentions, sent_id: int) -> _Subject | None:
    """The person or source a sentence opens with (``Modi asked Erdogan ...``), if the
    sentence has a verb right after it: the speaker of an unattributed quotation that
    follows."""
    if sent_id not in t.sent_rows:
        return None
    a, b = t.sent_rows[sent_id]
    s = _sentence_start(t, a, b)
    subj = _subject_after(t, m, s, b)
    if subj is None or subj.kind == "description" and subj.last - subj.first > 3:
        return None
    nxt = subj.last + 1
    while nxt < b and t.pos[nxt] in ("RB", "MD"):
        nxt += 1
    if nxt < b and t.pos[nxt].startswith("VB"):
        return subj
    return None


def _attribute(t: _Tokens, m: _Mentions, quotes: list[Quote], reported: list[Quote],
               resolver: _Resolver) -> None:  # fmt: skip
    """Speakers, reporting verbs and relaying sources, in text order (module doc)."""
    history: list[Quote] = []  # attributed speech so far, for pronouns and continuations
    for q in sorted([q for q in quotes if q.kind == "direct"] + reported, key=lambda q: q.start):
        if q.kind == "direct":
            found = _relayed(_attribution_after(t, m, q), _attribution_before(t, m, q))
            if found:
                subj, q.reporting_verb, q.via = found
                q.speaker, q.subject_kind, q.speaker_label = subj.speaker, subj.kind, subj.label
            else:
                _unattributed(t, m, q, reported, history)
        if q.speaker == _SAME_AS_QUOTE:  # the quotation that ends just before, in this sentence
            here = t.sent_rows[t.sent_id_at(q.start)][0] if t.sent_id_at(q.start) >= 0 else 0
            same = [h for h in history if h.kind == "direct" and h.end <= q.start
                    and h.end >= t.start[here] - 1]  # fmt: skip
            q.speaker, q.subject_kind = (same[-1].speaker, "name") if same else (UNKNOWN, "")
        if q.subject_kind == "pronoun" or q.speaker in PRONOUNS:
            _resolve_pronoun(q, history, _recent_person(t, m, q.start))
        elif q.subject_kind == "description":
            q.speaker = resolver.resolve(q.speaker, q.start, history)
            q.speaker_label = resolver.label(q.speaker)
        if q.via:
            q.via = resolver.resolve(q.via, q.start, history)
        if not q.via:  # the same speaker relayed just before: still relayed
            prior = [h for h in history if h.speaker == q.speaker and h.via]
            if prior and prior[-1].start >= q.start - 2000:
                q.via = prior[-1].via
        if q.via == q.speaker or q.via == resolver.outlet:
            q.via = ""
        if q.speaker != UNKNOWN:
            history.append(q)
    for q in quotes:
        if q.kind == "scare":
            _scare_speaker(t, m, q, quotes, reported, resolver)
    for q in quotes + reported:
        q.is_resolved = resolver.is_actor(q.speaker)
        q.speaker = resolver.name(q.speaker)
        q.via = resolver.name(q.via)


def _relayed(after, before):
    """The attribution of a direct quotation from the one after it and the one before:
    the one after, unless it names a news agency and the one before someone else
    (``Kim said "...", KCNA reported.``): then the speaker is the one before, relayed by
    the agency."""
    if after and before and _is_agency(after[0].speaker) and not _is_agency(before[0].speaker):
        subj, verb, _ = before
        return subj, verb, after[0].speaker
    return after or before


def _unattributed(t, m, q: Quote, reported: list[Quote], history: list[Quote]) -> None:
    """A direct quotation with no attribution of its own: inside reported speech it is
    that speaker's (``X said the deal "opens a new chapter."``); after a sentence that
    names its speaker (dialogue: ``Modi asked Erdogan about it. "How long?"``) it is
    that speaker's; else it continues the speech just before (same or previous
    paragraph)."""
    around = [r for r in reported if r.start <= q.start and r.end >= q.end]
    if around:
        r = around[0]
        q.speaker, q.reporting_verb, q.via, q.subject_kind = (r.speaker, r.reporting_verb,
                                                              r.via, r.subject_kind)  # fmt: skip
        return
    sent = t.sent_id_at(q.start)
    if sent >= 0:
        first = t.sent_rows[sent][0]
        prev_sent = t.sent_id[first - 1] if first > 0 else None
        opens = t.start[first] >= q.start - 1  # the quotation opens its sentence
        if opens and prev_sent is not None:
            pa, pb = t.sent_rows[prev_sent]
            has_quote = any(h.kind == "direct" and t.start[pa] <= h.start < t.end[pb - 1]
                            for h in history)  # fmt: skip
            subj = None if has_quote else _sentence_subject(t, m, prev_sent)
            if subj is not None and subj.kind != "pronoun":
                q.speaker, q.subject_kind = subj.speaker, subj.kind
                return
    if history and q.start - history[-1].end < 600:
        h = history[-1]
        q.speaker, q.reporting_verb, q.via, q.subject_kind = (h.speaker, h.reporting_verb,
                                                              h.via, "name")  # fmt: skip


def _recent_person(t: _Tokens, m: _Mentions, offset: int) -> tuple[int, str] | None:
    """The person who opens one of the two sentences before ``offset`` (``Bondarchuk
    welcomed the plan. "...," she said.``), with the offset where it is named."""
    sent = t.sent_id_at(offset)
    if sent < 0:
        return None
    first = t.sent_rows[sent][0]
    for _ in range(2):
        if first <= 0:
            return None
        prev = t.sent_id[first - 1]
        subj = _sentence_subject(t, m, prev)
        if subj is not None and subj.kind == "name" and subj.label == "PERSON":
            return t.start[subj.first], subj.speaker
        first = t.sent_rows[prev][0]
    return None


def _resolve_pronoun(q: Quote, history: list[Quote], recent: tuple[int, str] | None) -> None:
    """``he``/``she`` to the last person quoted or, when named later, the person who
    opens a sentence just before; ``it`` to the last organisation or source that is not
    a person; ``they`` to the last source of any kind."""
    word = q.speaker
    want = {"he": "PERSON", "she": "PERSON", "it": "OTHER"}.get(word)
    for h in reversed(history):
        label = "PERSON" if h.speaker_label == "PERSON" else "OTHER"
        if want is None or label == want or not h.speaker_label:
            if want == "PERSON" and recent is not None and recent[0] > h.start:
                break
            q.speaker, q.subject_kind = h.speaker, "name"
            q.speaker_label = h.speaker_label
            return
    if want == "PERSON" and recent is not None:
        q.speaker, q.subject_kind, q.speaker_label = recent[1], "name", "PERSON"
        return
    if history:  # no source of the kind asked for: the last source
        q.speaker, q.subject_kind = history[-1].speaker, "name"
        q.speaker_label = history[-1].speaker_label
        return
    q.speaker = UNKNOWN


def _scare_speaker(t, m, q: Quote, quotes, reported, resolver) -> None:
    """Whose word a scare quotation is: the party it is ascribed to in the sentence
    (``Washington's "concern"``, ``what Seoul calls "deterrence"``, ``X described it
    as "..."``), else the speaker of the speech around it, else ``unknown``."""
    k = bisect_right(t.end, q.start) - 1
    if k >= 0 and t.pos[k] == "POS":  # "dismissed Washington's "concern""
        subj = _subject_ending(t, m, k - 1, max(0, k - 8))
        if subj is not None and subj.kind == "name":
            q.speaker, q.reporting_verb = subj.speaker, ""
            return
    if k >= 0:
        a, _ = t.sent_rows[t.sent_id[k]]
        for v in range(k, max(a, k - 6) - 1, -1):
            if t.lemma[v] in _NAMING_VERBS and t.pos[v].startswith("VB"):
                lo = a
                if (
                    v - 2 >= a
                    and t.lower[v - 2] == "what"
                    or v - 3 >= a
                    and t.lower[v - 3] == "what"
                ):
                    lo = next(i for i in range(v - 1, a - 1, -1) if t.lower[i] == "what") + 1
                subj = _subject_before(t, m, v, lo)
                if subj is not None and subj.kind != "pronoun":
                    speaker = subj.speaker
                    if subj.kind == "description":
                        speaker = resolver.resolve(speaker, q.start, [])
                    q.speaker, q.reporting_verb = speaker, t.lower[v]
                    return
                break
    around = [r for r in reported + quotes if r is not q and r.start <= q.start and r.end >= q.end]
    if around:
        q.speaker, q.reporting_verb, q.via = (
            around[0].speaker,
            around[0].reporting_verb,
            around[0].via,
        )


_VOICE_ORDER = ("quoted", "reported", "narrative")  # ties go to the first


def _voices(t: TokenView, sent_ids: list[int], quotes: list[Quote], reported: list[Quote],
            outlet: str) -> tuple[list, list, list, list]:  # fmt: skip
    """The voice and speaker of each token of ``t`` and of each sentence of ``sent_ids``."""
    voice = np.full(t.n, "narrative", dtype=object)
    speaker = np.full(t.n, outlet, dtype=object)
    starts, ends = np.array(t.start, dtype=np.int64), np.array(t.end, dtype=np.int64)
    for layer, name in ((reported, "reported"), (quotes, "quoted")):  # quotes win
        for q in layer:
            inside = (starts >= q.start) & (ends <= q.end)
            voice[inside], speaker[inside] = name, q.speaker
    voice, speaker = voice.tolist(), speaker.tolist()
    # A sentence's voice is the voice of most of its words (ties: quoted, then reported,
    # then narrative); its speaker, the speaker of most of the words in that voice (ties:
    # the first in sort order). Counted in plain Python: an article has a few hundred
    # words, too few for pandas' group-bys to pay for themselves.
    counts: dict[tuple, int] = {}
    for sent, punct, v, who in zip(t.sent_id, t.is_punct, voice, speaker, strict=True):
        if not punct and isinstance(who, str):
            counts[sent, v, who] = counts.get((sent, v, who), 0) + 1
    per_voice: dict[tuple, int] = {}
    for (sent, v, _), n in counts.items():
        per_voice[sent, v] = per_voice.get((sent, v), 0) + n
    best_voice: dict = {}
    for (sent, v), n in per_voice.items():
        rank = (-n, _VOICE_ORDER.index(v))
        if sent not in best_voice or rank < best_voice[sent][0]:
            best_voice[sent] = (rank, v)
    best_speaker: dict = {}
    for (sent, v, who), n in counts.items():
        rank = (-n, who)
        if v == best_voice[sent][1] and (sent not in best_speaker or rank < best_speaker[sent]):
            best_speaker[sent] = rank
    sent_voice = [best_voice[i][1] if i in best_voice else "narrative" for i in sent_ids]
    sent_speaker = [best_speaker[i][1] if i in best_speaker else outlet for i in sent_ids]
    return voice, speaker, sent_voice, sent_speaker


SOURCE_COLUMNS = ["speaker", "via", "is_resolved", "n_quotes", "n_words"]


def quote_words(quotes: pd.DataFrame, tokens: pd.DataFrame) -> pd.DataFrame:
    """The word tokens of each row of ``quotes``: each word counted once, for the
    innermost quotation holding it (a scare quote inside reported speech counts for its
    own row, not for the speech around it).

    Returns the columns of ``quotes`` and ``n_words``, in the order of ``quotes``.
    Raises ``ValueError`` when tokens of one article overlap (a tokens table's never do:
    the words inside a quotation are found as one run of the article's words).
    """
    words = tokens.loc[~tokens["is_punct"], ["article_id", "start", "end"]]
    codes, ids = pd.factorize(words["article_id"])
    # Each article's words in text order, as one sorted key of (article, offset): tokens
    # do not overlap, so the words inside a quotation are one run of them, found by
    # binary search on their starts and ends.
    step = 1 + max(
        [0, *(int(column.max()) for column in (words["end"], quotes["end"]) if len(column))]
    )
    order = np.lexsort((words["start"].to_numpy(), codes))
    base = codes[order].astype(np.int64) * step
    starts = base + words["start"].to_numpy()[order]
    ends = base + words["end"].to_numpy()[order]
    if np.any(np.diff(ends) < 0):
        raise ValueError(
            "tokens of one article overlap (one ends after the next one ends); quote_words "
            "counts the word tokens of a tokens table, which never overlap"
        )
    article = pd.Index(ids).get_indexer(quotes["article_id"]).astype(np.int64)
    # A start before the text is the text's start: it must not reach the article before.
    q_start, q_end = np.maximum(quotes["start"].to_numpy(), 0), quotes["end"].to_numpy()
    lo = np.searchsorted(starts, article * step + q_start, side="left")
    hi = np.searchsorted(ends, article * step + q_end, side="right")
    hi = np.where(article < 0, lo, np.maximum(hi, lo))  # an article without words
    # Outer quotations first, inner ones later, so that the innermost is the last to
    # claim a word: by article, start, and longest first (ties in the order given).
    owner = np.full(len(words), -1)
    for i in np.lexsort((np.arange(len(quotes)), -q_end, q_start, article)).tolist():
        owner[lo[i] : hi[i]] = i
    n_words = np.bincount(owner[owner >= 0], minlength=len(quotes)).astype(np.int64)
    return quotes.assign(n_words=n_words)


def source_words(quotes: pd.DataFrame, tokens: pd.DataFrame) -> pd.DataFrame:
    """Whose words the articles carry: the word tokens of quoted and reported speech by
    speaker and relaying source, each word counted once (see :func:`quote_words`).

    Returns columns speaker, via (``""`` when none), is_resolved, n_quotes (rows of the
    quotes table), n_words; sorted by n_words descending, then speaker and via.
    """
    owned = quote_words(quotes, tokens)
    owned = owned.assign(
        speaker=owned["speaker"].astype(str),
        via=owned["via"].fillna("").astype(str),
        is_resolved=owned["is_resolved"].astype(bool),
    )
    out = (
        owned.groupby(["speaker", "via", "is_resolved"], sort=False)
        .agg(n_quotes=("n_words", "size"), n_words=("n_words", "sum"))
        .reset_index()
    )
    out = out.astype({"n_quotes": "int64", "n_words": "int64"})[SOURCE_COLUMNS]
    return out.sort_values(["n_words", "speaker", "via"], ascending=[False, True, True],
                           kind="stable").reset_index(drop=True)  # fmt: skip


def unresolved_share(sourcing: pd.DataFrame) -> float:
    """The percentage of the words of :func:`source_words` whose speaker is not a named
    actor of its article (0 when there is no quoted or reported word)."""
    total = int(sourcing["n_words"].sum())
    unresolved = int(sourcing.loc[~sourcing["is_resolved"], "n_words"].sum())
    return unresolved / total * 100 if total else 0.0
