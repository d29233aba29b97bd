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


@dataclass
class Quote:
    start: int
    end: int
    kind: str = "direct"
    speaker: str = UNKNOWN
    reporting_verb: str = ""
    is_closed: bool = True


def _is_word(ch: str) -> bool:
    return ch.isalnum()


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
    toks.attrs["reporting"] = (
        toks["lemma"].str.lower().isin(REPORTING_LEMMAS) & toks["pos"].str.startswith("VB")
    ).tolist()
    sents = sentences.sort_values("sent_id").reset_index(drop=True)
    quotes = [Quote(a, b, is_closed=c) for a, b, c in quote_spans(body, article.paragraphs)]
    words_in = {id(q): _words_in(toks, q.start, q.end) for q in quotes}
    for q in quotes:
        q.kind = _kind(toks, sents, q, words_in[id(q)])
    reported = _reported(toks, sents, mentions, quotes)
    _attribute(toks, sents, mentions, quotes, reported)
    rows = []
    for q in sorted(quotes + reported, key=lambda q: (q.start, -q.end)):
        sent_id = _sent_of(sents, q.start)
        rows.append((article.article_id, 0, q.start, q.end, body[q.start : q.end], q.kind,
                     q.speaker, q.reporting_verb, q.is_closed, sent_id))  # fmt: skip
    table = pd.DataFrame(rows, columns=QUOTE_COLUMNS)
    table["quote_id"] = range(1, len(table) + 1)
    return table, *_voices(toks, sents, quotes, reported, outlet)


def _words_in(toks: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    inside = toks[(toks["start"] >= start) & (toks["end"] <= end)]
    return inside[~inside["is_punct"]]


def _sent_of(sents: pd.DataFrame, offset: int) -> int:
    hit = sents[(sents["start"] <= offset) & (sents["end"] > offset)]
    if len(hit):
        return int(hit["sent_id"].iat[0])
    after = sents[sents["start"] >= offset]
    return int(after["sent_id"].iat[0]) if len(after) else int(sents["sent_id"].iat[-1])


def _kind(toks, sents, q: Quote, words: pd.DataFrame) -> str:
    """``scare`` for a short verbless phrase inside a sentence that goes on around it."""
    if len(words) > SCARE_MAX_WORDS or words["pos"].str.match(r"VB[DPZ]|MD").any():
        return "direct"
    sent = sents[(sents["start"] <= q.start) & (sents["end"] >= q.start)]
    if sent.empty:
        return "direct"
    s = sent.iloc[0]
    before = _words_in(toks, s["start"], q.start)
    return "scare" if len(before) > 0 else "direct"


def _subject_before(toks, mentions, i: int) -> tuple[str, int] | None:
    """The speaker named by the tokens ending just before row ``i`` (a mention, a
    pronoun, or a short noun phrase), and the row where it starts."""
    j = i - 1
    while j >= 0 and toks["token"].iat[j] in (")", "("):
        j -= 1
    if j < 0:
        return None
    end = int(toks["end"].iat[j])
    hit = mentions[(mentions["end"] >= end - 1) & (mentions["end"] <= end + 1)
                   & (mentions["mention"] != "role")]  # fmt: skip
    if toks["token"].iat[i - 1] == ")":  # "the Korean Central News Agency (KCNA) said"
        k = j
        while k > 0 and toks["token"].iat[k] != "(":
            k -= 1
        if k > 0:
            end = int(toks["end"].iat[k - 1])
            hit = mentions[(mentions["end"] == end) & (mentions["mention"] != "role")]
            j = k - 1
    if len(hit):
        m = hit.sort_values("start").iloc[0]
        first = (
            int(toks.index[toks["start"] == m["start"]][0])
            if (toks["start"] == m["start"]).any()
            else j
        )
        while first > 0 and toks["token"].iat[first - 1].lower() == "the":
            first -= 1
        return str(m["actor"]), first
    low = toks["token"].iat[j].lower()
    if low in PRONOUNS:
        return low, j
    if toks["pos"].iat[j] in ("NN", "NNS", "NNP", "NNPS"):  # "a spokesman", "officials"
        k = j
        while k > 0 and toks["pos"].iat[k - 1] in ("DT", "JJ", "NN", "NNS", "NNP", "NNPS", "POS"):
            k -= 1
        words = k
        while words < j and toks["pos"].iat[words] == "DT":
            words += 1  # "the minister" -> "minister"
        return " ".join(toks["token"].iloc[words : j + 1]), k
    return None


def _subject_after(toks, mentions, i: int, stop: int) -> tuple[str, int] | None:
    """The speaker named from row ``i`` on (before row ``stop``): ``said X``."""
    j = i
    while j < stop and toks["token"].iat[j].lower() in ("the", "a", "an"):
        j += 1
    if j >= stop:
        return None
    start = int(toks["start"].iat[j])
    hit = mentions[(mentions["start"] == start) & (mentions["mention"] != "role")]
    if len(hit):
        return str(hit["actor"].iat[0]), j
    if toks["token"].iat[j].lower() in PRONOUNS:
        return toks["token"].iat[j].lower(), j
    k = j
    while k < stop and toks["pos"].iat[k] in ("DT", "JJ", "NN", "NNS", "NNP", "NNPS"):
        k += 1
    return (" ".join(toks["token"].iloc[j:k]), j) if k > j else None


def _is_reporting(toks, i: int) -> bool:
    """Row ``i`` is a reporting verb (precomputed per article by :func:`find_quotes`)."""
    return toks.attrs["reporting"][i]


def _only_adverbials(toks, a: int, b: int) -> bool:
    """Rows a..b-1 are a time or place adverbial, punctuation or numbers."""
    for k in range(a, b):
        low = toks["token"].iat[k].lower()
        if not (toks["is_punct"].iat[k] or low in _TRAILING or toks["pos"].iat[k] == "CD"):
            return False
    return True


def _reported(toks, sents, mentions, quotes: list[Quote]) -> list[Quote]:
    """Sentences that report speech without quoting it (see module doc)."""
    out = []
    direct = [q for q in quotes if q.kind == "direct"]
    for s in sents[sents["kind"] == "text"].itertuples():
        rows = toks.index[(toks["sent_id"] == s.sent_id)].tolist()
        if not rows or any(q.start < s.end and q.end > s.start for q in direct):
            continue  # a sentence carrying a direct quotation: its attribution is the quote's
        a, b = rows[0], rows[-1] + 1
        # "..., X said (on Thursday)."
        for v in range(b - 1, a, -1):
            if not _is_reporting(toks, v) or not _only_adverbials(toks, v + 1, b):
                continue
            subj = _subject_before(toks, mentions, v)
            if subj is None:
                continue
            speaker, first = subj
            content_end = first - 1
            while (
                content_end > a
                and toks["is_punct"].iat[content_end]
                and toks["token"].iat[content_end] not in CLOSE_DOUBLE + STRAIGHT_DOUBLE
            ):
                content_end -= 1
            if content_end <= a or toks["token"].iat[first - 1] not in (
                ",",
                *CLOSE_DOUBLE,
                STRAIGHT_DOUBLE,
            ):
                break
            out.append(Quote(int(toks["start"].iat[a]), int(toks["end"].iat[content_end]),
                             "reported", speaker, toks["token"].iat[v].lower()))  # fmt: skip
            break
        else:
            q = _reported_initial(toks, mentions, a, b)
            if q:
                out.append(q)
    return out


def _reported_initial(toks, mentions, a: int, b: int) -> Quote | None:
    """``X said (that) ...`` and ``According to X, ...`` at the start of a sentence."""
    if (
        toks["token"].iat[a].lower() == "according"
        and a + 1 < b
        and toks["token"].iat[a + 1].lower() == "to"
    ):
        comma = next((k for k in range(a + 2, b) if toks["token"].iat[k] == ","), None)
        subj = _subject_after(toks, mentions, a + 2, comma or b)
        if comma and subj and comma + 1 < b - 1:
            return Quote(int(toks["start"].iat[comma + 1]), int(toks["end"].iat[b - 2]),
                         "reported", subj[0], "according to")  # fmt: skip
        return None
    for v in range(a + 1, min(b - 1, a + 12)):
        if _is_reporting(toks, v):
            subj = _subject_before(toks, mentions, v)
            if subj is None or subj[1] != a or toks["token"].iat[v + 1] in (".", ":", '"', "“"):
                return None
            c = v + 1 + (toks["token"].iat[v + 1].lower() == "that")
            if c >= b - 1:
                return None
            return Quote(int(toks["start"].iat[c]), int(toks["end"].iat[b - 2]), "reported",
                         subj[0], toks["token"].iat[v].lower())  # fmt: skip
        if toks["pos"].iat[v].startswith("VB") or toks["is_punct"].iat[v]:
            return None
    return None


def _attribute(toks, sents, mentions, quotes: list[Quote], reported: list[Quote]) -> None:
    """Speakers and reporting verbs, in text order: direct quotations from the
    attribution next to them; a pronoun speaker (of a quotation or of reported speech)
    resolved to the source attributed just before; scare quotations take the speaker
    and verb of the speech around them."""
    attributed: list[str] = []
    for q in sorted([q for q in quotes if q.kind == "direct"] + reported, key=lambda q: q.start):
        if q.kind == "direct":
            found = _attribution_after(toks, sents, mentions, q) or _attribution_before(
                toks, mentions, q
            )
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


def _row_at_or_after(toks, offset: int) -> int | None:
    after = toks.index[toks["start"] >= offset]
    return int(after[0]) if len(after) else None


def _attribution_after(toks, sents, mentions, q: Quote) -> tuple[str, str] | None:
    """``" X said``, ``," said X``, or a short next sentence ``It said.``."""
    i = _row_at_or_after(toks, q.end)
    if i is None:
        return None
    limit = min(len(toks), i + 10)
    sent_end = i
    while sent_end < len(toks) and toks["sent_id"].iat[sent_end] == toks["sent_id"].iat[i]:
        sent_end += 1
    if toks["sent_id"].iat[i] != _sent_id_at(toks, q.end - 1) and sent_end - i > 6:
        return None  # the next sentence is a sentence of its own, not an attribution
    j = i + (toks["token"].iat[i] == ",")
    if j < limit and _is_reporting(toks, j):
        subj = _subject_after(toks, mentions, j + 1, min(limit, sent_end))
        return (subj[0], toks["token"].iat[j].lower()) if subj else None
    for v in range(j + 1, min(limit, sent_end)):
        if _is_reporting(toks, v):
            subj = _subject_before(toks, mentions, v)
            if subj and subj[1] == j:
                return subj[0], toks["token"].iat[v].lower()
            return None
        if toks["pos"].iat[v].startswith("VB"):
            return None
    return None


def _sent_id_at(toks, offset: int) -> int:
    hit = toks[(toks["start"] <= offset) & (toks["end"] > offset)]
    return int(hit["sent_id"].iat[0]) if len(hit) else -1


def _attribution_before(toks, mentions, q: Quote) -> tuple[str, str] | None:
    """``X said: "...``, ``X said, "...`` or ``According to X, "...``."""
    before = toks.index[toks["end"] <= q.start]
    if not len(before):
        return None
    k = int(before[-1])
    if toks["token"].iat[k] in (":", ","):
        k -= 1
    if k >= 0 and _is_reporting(toks, k):
        subj = _subject_before(toks, mentions, k)
        return (subj[0], toks["token"].iat[k].lower()) if subj else None
    sent = toks["sent_id"].iat[k] if k >= 0 else None
    rows = toks.index[toks["sent_id"] == sent].tolist()
    if len(rows) > 2 and toks["token"].iat[rows[0]].lower() == "according":
        subj = _subject_after(toks, mentions, rows[0] + 2, k + 1)
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
