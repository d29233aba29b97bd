"""Who speaks: quotations, reported speech, and the voice of every token and sentence.

- **Quotations.** Double quotation marks, straight (``"``) or curly (``“ ”``), are paired
  in text order; single marks are read as quotation marks only inside a double-quoted
  span, so apostrophes (``imperialists’``, ``Kim’s``) are never mistaken for quotes. A
  quotation left open at the end of a paragraph continues when the next paragraph opens
  with a quotation mark (the newswire convention for multi-paragraph quotes); otherwise
  it ends with its paragraph and is flagged ``is_closed = False``.
- **Kind.** ``scare``: a short phrase (at most :data:`SCARE_MAX_WORDS` words, no finite
  verb) inside a sentence of someone else's, such as ``"arbitrary practices,"``;
  ``direct``: a quoted clause or sentence.
- **Speaker and reporting verb** of a direct quotation, from the attribution next to it:
  ``" X said``, ``," said X``, ``X said: "``, ``according to X, "``, or a short sentence
  right after the quotation (``" It said.``). A pronoun subject (``it``, ``he``, ``she``,
  ``they``) is resolved to the source attributed just before. X is an entity mention
  (its actor), else the noun phrase as written. A scare quotation inside reported or
  quoted speech belongs to that speaker; in the outlet's narration its speaker is
  ``unknown``.
- **Reported speech**: a sentence ending in an attribution (``..., the Korean Central
  News Agency (KCNA) said on Thursday.``), starting with one (``X said (that) ...``) or
  opening with ``According to X, ...``. Its content becomes a row of kind ``reported``.
- **Voice** of every token: ``quoted`` inside quotation marks (marks included),
  ``reported`` inside reported content, else ``narrative``; the speaker is the quoted or
  reported source, else the outlet (the agency of the dateline). A sentence takes the
  voice most of its word tokens have (ties: quoted, then reported, then narrative).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import pandas as pd

from newsframes.corpus import Article

QUOTE_COLUMNS = ["article_id", "quote_id", "start", "end", "text", "kind", "speaker",
                 "reporting_verb", "is_closed", "sent_id"]  # fmt: skip
SCARE_MAX_WORDS = 4
OPEN_DOUBLE, CLOSE_DOUBLE, STRAIGHT_DOUBLE = "“„", "”", '"'
OPEN_SINGLE, CLOSE_SINGLE, STRAIGHT_SINGLE = "‘", "’", "'"
PRONOUNS = frozenset({"it", "he", "she", "they"})
# Reporting verbs as lemmas (the framing lexicon classes them as neutral or evaluative).
REPORTING_LEMMAS = frozenset("""say tell add state note report announce write explain ask reply
comment describe claim admit insist allege stress warn argue concede acknowledge complain
boast deny vow urge emphasize emphasise maintain declare threaten accuse condemn quote
confirm""".split())  # fmt: skip
_TRAILING = frozenset(
    "on in at during last this next early late yesterday today tonight morning afternoon evening "
    "night week month year monday tuesday wednesday thursday friday saturday sunday january "
    "february march april may june july august september october november december".split()
)
UNKNOWN = "unknown"
_FINITE = ("VBD", "VBP", "VBZ", "MD")
_NOUNS = frozenset({"NN", "NNS", "NNP", "NNPS"})
_NOUN_PHRASE = frozenset({"DT", "JJ", "NN", "NNS", "NNP", "NNPS", "POS"})


@dataclass
class Quote:
    start: int
    end: int
    kind: str = "direct"
    speaker: str = UNKNOWN
    reporting_verb: str = ""
    is_closed: bool = True


def quote_spans(body: str, paragraphs) -> list[tuple[int, int, bool]]:
    """``(start, end, is_closed)`` of every double-quoted span (marks included),
    multi-paragraph quotations as one span, in text order."""
    spans = []
    open_at: int | None = None
    par_ends = {end for _, end in paragraphs}
    par_starts = [start for start, _ in paragraphs]
    for i, ch in enumerate(body):
        if open_at is not None and i in par_ends:
            nxt = next((s for s in par_starts if s >= i), None)
            if nxt is None or body[nxt] not in OPEN_DOUBLE + STRAIGHT_DOUBLE:
                spans.append((open_at, i, False))
                open_at = None
        if ch not in OPEN_DOUBLE + CLOSE_DOUBLE + STRAIGHT_DOUBLE:
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


class _Tokens:
    """One article's tokens as plain lists (row i = the i-th token in text order), with
    the lookups the attribution rules need; pandas indexing per token would cost more
    than the rules themselves."""

    def __init__(self, toks: pd.DataFrame) -> None:
        self.token = toks["token"].tolist()
        self.lower = [t.lower() for t in self.token]
        self.pos = toks["pos"].tolist()
        self.is_punct = toks["is_punct"].tolist()
        self.start = toks["start"].tolist()
        self.end = toks["end"].tolist()
        self.sent_id = toks["sent_id"].tolist()
        self.n = len(self.token)
        lemma = toks["lemma"].str.lower()
        self.reporting = (lemma.isin(REPORTING_LEMMAS) & toks["pos"].str.startswith("VB")).tolist()
        self.row_of_start = {s: i for i, s in reversed(list(enumerate(self.start)))}
        self.sent_rows: dict[int, tuple[int, int]] = {}
        for i, s in enumerate(self.sent_id):
            first = self.sent_rows.get(s, (i, i))[0]
            self.sent_rows[s] = (first, i + 1)

    def words_in(self, start: int, end: int) -> list[int]:
        """Rows of the word tokens (not punctuation) lying inside ``[start, end)``."""
        lo, hi = bisect_left(self.start, start), bisect_right(self.end, end)
        return [k for k in range(lo, hi) if not self.is_punct[k]]

    def row_at_or_after(self, offset: int) -> int | None:
        i = bisect_left(self.start, offset)
        return i if i < self.n else None

    def sent_id_at(self, offset: int) -> int:
        i = bisect_right(self.start, offset) - 1
        return self.sent_id[i] if i >= 0 and self.end[i] > offset else -1


class _Mentions:
    """The entity mentions of one article that can name a speaker (not bare role
    words), by start and by end offset, in table order."""

    def __init__(self, mentions: pd.DataFrame) -> None:
        keep = mentions[mentions["mention"] != "role"]
        self.by_start: dict[int, list[tuple[int, str]]] = defaultdict(list)
        self.by_end: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for start, end, actor in zip(keep["start"], keep["end"], keep["actor"], strict=True):
            self.by_start[int(start)].append((int(start), str(actor)))
            self.by_end[int(end)].append((int(start), str(actor)))

    def ending(self, lo: int, hi: int) -> list[tuple[int, str]]:
        """``(start, actor)`` of mentions ending at ``lo``..``hi``, by start (stable)."""
        found = [m for e in range(lo, hi + 1) for m in self.by_end.get(e, ())]
        return sorted(found, key=lambda m: m[0])


def find_quotes(
    article: Article, sentences: pd.DataFrame, tokens: pd.DataFrame, mentions: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Quotations and reported speech of one article, and the voice of its tokens and
    sentences.

    Returns ``(quotes, tokens, sentences)``: the ``quotes`` table (article_id, quote_id,
    start, end, text, kind ``direct``/``scare``/``reported``, speaker, reporting_verb,
    is_closed, sent_id of the first sentence), and copies of ``tokens`` and
    ``sentences`` with the columns ``voice`` and ``speaker``.
    """
    body = article.body
    outlet = article.agency or UNKNOWN
    toks = tokens.sort_values("tok_id").reset_index(drop=True)
    sents = sentences.sort_values("sent_id").reset_index(drop=True)
    t, m = _Tokens(toks), _Mentions(mentions)
    spans = list(zip(sents["sent_id"], sents["start"], sents["end"], sents["kind"], strict=True))
    quotes = [Quote(a, b, is_closed=c) for a, b, c in quote_spans(body, article.paragraphs)]
    for q in quotes:
        q.kind = _kind(t, spans, q)
    reported = _reported(t, spans, m, quotes)
    _attribute(t, m, quotes, reported)
    rows = []
    for q in sorted(quotes + reported, key=lambda q: (q.start, -q.end)):
        sent_id = _sent_of(spans, q.start)
        rows.append((article.article_id, 0, q.start, q.end, body[q.start : q.end], q.kind,
                     q.speaker, q.reporting_verb, q.is_closed, sent_id))  # fmt: skip
    table = pd.DataFrame(rows, columns=QUOTE_COLUMNS)
    table["quote_id"] = range(1, len(table) + 1)
    return table, *_voices(toks, sents, quotes, reported, outlet)


def _sent_of(spans, offset: int) -> int:
    """The sentence containing ``offset``, else the next one, else the last."""
    for sent_id, start, end, _ in spans:
        if start <= offset < end:
            return int(sent_id)
    after = [sent_id for sent_id, start, _, _ in spans if start >= offset]
    return int(after[0]) if after else int(spans[-1][0])


def _kind(t: _Tokens, spans, q: Quote) -> str:
    """``scare`` for a short verbless phrase inside a sentence that goes on around it."""
    words = t.words_in(q.start, q.end)
    if len(words) > SCARE_MAX_WORDS or any(t.pos[k].startswith(_FINITE) for k in words):
        return "direct"
    sent = next(((a, b) for _, a, b, _ in spans if a <= q.start <= b), None)
    if sent is None:
        return "direct"
    return "scare" if t.words_in(sent[0], q.start) else "direct"


def _subject_before(t: _Tokens, m: _Mentions, i: int) -> tuple[str, int] | None:
    """The speaker named by the tokens ending just before row ``i`` (a mention, a
    pronoun, or a short noun phrase), and the row where it starts."""
    j = i - 1
    while j >= 0 and t.token[j] in (")", "("):
        j -= 1
    if j < 0:
        return None
    end = t.end[j]
    hit = m.ending(end - 1, end + 1)
    if t.token[i - 1] == ")":  # "the Korean Central News Agency (KCNA) said"
        k = j
        while k > 0 and t.token[k] != "(":
            k -= 1
        if k > 0:
            hit = m.ending(t.end[k - 1], t.end[k - 1])
            j = k - 1
    if hit:
        start, actor = hit[0]
        first = t.row_of_start.get(start, j)
        while first > 0 and t.lower[first - 1] == "the":
            first -= 1
        return actor, first
    if t.lower[j] in PRONOUNS:
        return t.lower[j], j
    if t.pos[j] in _NOUNS:  # "a spokesman", "officials"
        k = j
        while k > 0 and t.pos[k - 1] in _NOUN_PHRASE:
            k -= 1
        words = k
        while words < j and t.pos[words] == "DT":
            words += 1  # "the minister" -> "minister"
        return " ".join(t.token[words : j + 1]), k
    return None


def _subject_after(t: _Tokens, m: _Mentions, i: int, stop: int) -> tuple[str, int] | None:
    """The speaker named from row ``i`` on (before row ``stop``): ``said X``."""
    j = i
    while j < stop and t.lower[j] in ("the", "a", "an"):
        j += 1
    if j >= stop:
        return None
    hit = m.by_start.get(t.start[j])
    if hit:
        return hit[0][1], j
    if t.lower[j] in PRONOUNS:
        return t.lower[j], j
    k = j
    while k < stop and t.pos[k] in ("DT", "JJ", "NN", "NNS", "NNP", "NNPS"):
        k += 1
    return (" ".join(t.token[j:k]), j) if k > j else None


def _only_adverbials(t: _Tokens, a: int, b: int) -> bool:
    """Rows a..b-1 are a time or place adverbial, punctuation or numbers."""
    return all(t.is_punct[k] or t.lower[k] in _TRAILING or t.pos[k] == "CD" for k in range(a, b))


def _reported(t: _Tokens, spans, m: _Mentions, quotes: list[Quote]) -> list[Quote]:
    """Sentences that report speech without quoting it (see module doc)."""
    out = []
    direct = [q for q in quotes if q.kind == "direct"]
    for sent_id, s_start, s_end, kind in spans:
        if kind != "text" or sent_id not in t.sent_rows:
            continue
        if any(q.start < s_end and q.end > s_start for q in direct):
            continue  # a sentence carrying a direct quotation: its attribution is the quote's
        a, b = t.sent_rows[sent_id]
        # "..., X said (on Thursday)."
        for v in range(b - 1, a, -1):
            if not t.reporting[v] or not _only_adverbials(t, v + 1, b):
                continue
            subj = _subject_before(t, m, v)
            if subj is None:
                continue
            speaker, first = subj
            content_end = first - 1
            while (
                content_end > a
                and t.is_punct[content_end]
                and t.token[content_end] not in CLOSE_DOUBLE + STRAIGHT_DOUBLE
            ):
                content_end -= 1
            if content_end <= a or t.token[first - 1] not in (",", *CLOSE_DOUBLE, STRAIGHT_DOUBLE):
                break
            out.append(Quote(t.start[a], t.end[content_end], "reported", speaker, t.lower[v]))
            break
        else:
            q = _reported_initial(t, m, a, b)
            if q:
                out.append(q)
    return out


def _reported_initial(t: _Tokens, m: _Mentions, a: int, b: int) -> Quote | None:
    """``X said (that) ...`` and ``According to X, ...`` at the start of a sentence."""
    if t.lower[a] == "according" and a + 1 < b and t.lower[a + 1] == "to":
        comma = next((k for k in range(a + 2, b) if t.token[k] == ","), None)
        subj = _subject_after(t, m, a + 2, comma or b)
        if comma and subj and comma + 1 < b - 1:
            return Quote(t.start[comma + 1], t.end[b - 2], "reported", subj[0], "according to")
        return None
    for v in range(a + 1, min(b - 1, a + 12)):
        if t.reporting[v]:
            subj = _subject_before(t, m, v)
            if subj is None or subj[1] != a or t.token[v + 1] in (".", ":", '"', "“"):
                return None
            c = v + 1 + (t.lower[v + 1] == "that")
            if c >= b - 1:
                return None
            return Quote(t.start[c], t.end[b - 2], "reported", subj[0], t.lower[v])
        if t.pos[v].startswith("VB") or t.is_punct[v]:
            return None
    return None


def _attribute(t: _Tokens, m: _Mentions, quotes: list[Quote], reported: list[Quote]) -> None:
    """Speakers and reporting verbs, in text order: direct quotations from the
    attribution next to them; a pronoun speaker (of a quotation or of reported speech)
    resolved to the source attributed just before; scare quotations take the speaker
    and verb of the speech around them."""
    attributed: list[str] = []
    for q in sorted([q for q in quotes if q.kind == "direct"] + reported, key=lambda q: q.start):
        if q.kind == "direct":
            found = _attribution_after(t, m, q) or _attribution_before(t, m, q)
            if found:
                q.speaker, q.reporting_verb = found
        if q.speaker in PRONOUNS:
            q.speaker = attributed[-1] if attributed else UNKNOWN
        if q.speaker != UNKNOWN:
            attributed.append(q.speaker)
    for q in quotes:
        if q.kind != "scare":
            continue
        around = [
            r for r in reported + quotes if r is not q and r.start <= q.start and r.end >= q.end
        ]
        if around:
            q.speaker, q.reporting_verb = around[0].speaker, around[0].reporting_verb


def _attribution_after(t: _Tokens, m: _Mentions, q: Quote) -> tuple[str, str] | None:
    """``" X said``, ``," said X``, or a short next sentence ``It said.``."""
    i = t.row_at_or_after(q.end)
    if i is None:
        return None
    limit = min(t.n, i + 10)
    sent_end = t.sent_rows[t.sent_id[i]][1]
    if t.sent_id[i] != t.sent_id_at(q.end - 1) and sent_end - i > 6:
        return None  # the next sentence is a sentence of its own, not an attribution
    j = i + (t.token[i] == ",")
    if j < limit and t.reporting[j]:
        subj = _subject_after(t, m, j + 1, min(limit, sent_end))
        return (subj[0], t.lower[j]) if subj else None
    for v in range(j + 1, min(limit, sent_end)):
        if t.reporting[v]:
            subj = _subject_before(t, m, v)
            if subj and subj[1] == j:
                return subj[0], t.lower[v]
            return None
        if t.pos[v].startswith("VB"):
            return None
    return None


def _attribution_before(t: _Tokens, m: _Mentions, q: Quote) -> tuple[str, str] | None:
    """``X said: "...``, ``X said, "...`` or ``According to X, "...``."""
    k = bisect_right(t.end, q.start) - 1
    if k < 0:
        return None
    if t.token[k] in (":", ","):
        k -= 1
    if k >= 0 and t.reporting[k]:
        subj = _subject_before(t, m, k)
        return (subj[0], t.lower[k]) if subj else None
    if k < 0:
        return None
    a, b = t.sent_rows[t.sent_id[k]]
    if b - a > 2 and t.lower[a] == "according":
        subj = _subject_after(t, m, a + 2, k + 1)
        return (subj[0], "according to") if subj else None
    return None


_VOICE_ORDER = ("quoted", "reported", "narrative")  # ties go to the first


def _voices(toks, sents, quotes: list[Quote], reported: list[Quote], outlet: str):
    voice = np.full(len(toks), "narrative", dtype=object)
    speaker = np.full(len(toks), outlet, dtype=object)
    starts, ends = toks["start"].to_numpy(), toks["end"].to_numpy()
    for layer, name in ((reported, "reported"), (quotes, "quoted")):  # quotes win
        for q in layer:
            inside = (starts >= q.start) & (ends <= q.end)
            voice[inside], speaker[inside] = name, q.speaker
    toks = toks.assign(voice=voice, speaker=speaker)
    words = toks[~toks["is_punct"]]
    counts = words.groupby(["sent_id", "voice", "speaker"]).size().rename("n").reset_index()
    counts["rank"] = counts["voice"].map({v: k for k, v in enumerate(_VOICE_ORDER)})
    per_voice = counts.groupby(["sent_id", "voice", "rank"])["n"].sum().reset_index()
    best_voice = per_voice.sort_values(["sent_id", "n", "rank"], ascending=[True, False, True])
    best_voice = best_voice.drop_duplicates("sent_id").set_index("sent_id")["voice"]
    top = counts.merge(best_voice.rename("best"), left_on="sent_id", right_index=True)
    top = top[top["voice"] == top["best"]].sort_values(["sent_id", "n", "speaker"],
                                                       ascending=[True, False, True])  # fmt: skip
    best_speaker = top.drop_duplicates("sent_id").set_index("sent_id")["speaker"]
    sent_voice = sents["sent_id"].map(best_voice).fillna("narrative")
    sent_speaker = sents["sent_id"].map(best_speaker).fillna(outlet)
    return toks, sents.assign(voice=sent_voice.to_numpy(), speaker=sent_speaker.to_numpy())
