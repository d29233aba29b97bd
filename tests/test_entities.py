"""Entity mentions, actors, co-occurrence and naming (newsframes.analysis.entities).

Short texts go through the real tokenizer and tagger (one ``nlp.Annotator`` per module)
and then ``entities.find_mentions``; the rules followed are those of gold/README.md.
The tables built from mentions (``actors``, ``cooccurrence``, ``naming``,
``label_counts``) are also checked on hand-made mention tables, so that every count
can be computed by hand.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from conftest import PROJECT_ROOT, SEED_FILE

from newsframes.analysis import corpus, entities, nlp, pipeline, schema

pytestmark = pytest.mark.usefixtures("project_folders_untouched", "isolated_env")

GOLD_FILE = PROJECT_ROOT / "gold" / "entities.csv"
DATELINE = "LONDON, January 2. /Reuters/."
ACTOR_COLUMNS = schema.columns("actors")
PAIR_COLUMNS = schema.columns("cooccurrence")


@pytest.fixture(scope="module")
def annotator():
    return nlp.Annotator()


@pytest.fixture(scope="module")
def detect(annotator):
    """``detect(body)`` -> the entities table of a one-article corpus whose text is
    ``DATELINE`` + ``body``; every row is checked to be its slice of the body."""
    cache: dict[tuple[str, str, str], pd.DataFrame] = {}

    def run(body: str, dateline: str = DATELINE, article_id: str = "snippet") -> pd.DataFrame:
        key = (body, dateline, article_id)
        if key not in cache:
            raw = f"date 2024-01-02\n{dateline} {body}\n".encode()
            article = corpus.parse_article(raw, f"{article_id}.txt")
            assert article is not None and article.dateline_span is not None
            _, tokens = annotator.annotate(article)
            found = entities.find_mentions(tokens)
            assert list(found.columns) == entities.ENTITY_COLUMNS
            for row in found.itertuples():
                assert article.body[row.start : row.end] == row.text, row
            assert found[["start", "end"]].equals(
                found[["start", "end"]].sort_values(["start", "end"])
            )
            cache[key] = found
        return cache[key].copy()

    return run


def names(found: pd.DataFrame) -> list[tuple[str, str]]:
    """(text, label) of the mentions outside the dateline that are not role references."""
    keep = found[~found["mention"].isin(["dateline", "role"])]
    return list(zip(keep["text"], keep["label"], strict=True))


def row_of(found: pd.DataFrame, text: str) -> pd.Series:
    """The one mention whose text is ``text``."""
    rows = found[found["text"] == text]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def mentions_table(rows: list[tuple]) -> pd.DataFrame:
    """A hand-made entities table from (article_id, sent_id, text, label, actor,
    mention, role) rows; start/end are made up (increasing) and cue is empty."""
    out = []
    for i, (article_id, sent_id, text, label, actor, mention, role) in enumerate(rows):
        start = 10 * i
        out.append((article_id, sent_id, start, start + len(text), text, label, actor,
                    mention, role, ""))  # fmt: skip
    return pd.DataFrame(out, columns=entities.ENTITY_COLUMNS)


# --------------------------------------------------------------------------- cue families


@pytest.mark.parametrize(
    "body, text, label, cue",
    [
        ("The Yonhap Agency reported it.", "Yonhap Agency", "ORG", "organisation word: Agency"),
        ("The Ministry of Unification said so.", "Ministry of Unification", "ORG",
         "organisation word: Ministry"),
        ("Members of the National Assembly voted.", "National Assembly", "ORG",
         "organisation word: Assembly"),
        ("The rocket left the Vostochny Spaceport.", "Vostochny Spaceport", "FAC",
         "facility word: Spaceport"),
        ("He landed at Sheremetyevo Airport.", "Sheremetyevo Airport", "FAC",
         "facility word: Airport"),
        ("They went to the Khabarovsk Territory.", "Khabarovsk Territory", "GPE",
         "region word: Territory"),
        ("Ships sailed in the Sea of Japan.", "Sea of Japan", "LOC", "location word: Sea"),
        ("Tension rose on the Korean Peninsula.", "Korean Peninsula", "LOC",
         "location word: Peninsula"),
        ("Officials at the Kremlin agreed.", "Kremlin", "ORG", "known name"),
        ("Gas prices rose in Europe.", "Europe", "LOC", "known name"),
        ("Wars in the Middle East continued.", "Middle East", "LOC", "known name"),
        ("Officials from France arrived.", "France", "GPE", "gazetteer: country"),
        ("The delegation visited Paris.", "Paris", "GPE", "gazetteer: city"),
        ("The North fired a missile.", "North", "GPE", "the North / the South"),
        ("Talks with the South resumed.", "South", "GPE", "the North / the South"),
    ],
)  # fmt: skip
def test_cue_families_type_one_mention(detect, body, text, label, cue):
    found = detect(body)
    assert names(found) == [(text, label)]  # one span: no leading "the", no nesting
    row = row_of(found, text)
    assert (row["cue"], row["mention"], row["actor"], row["role"]) == (cue, "name", text, "")
    assert row["sent_id"] == 2  # the dateline is sentence 1


@pytest.mark.parametrize(
    "body",
    [
        # "Agency" alone is a common noun written with a capital, like "the agency"
        "The Agency said that the news agency was closed.",
        # "North" / "South" without "the" are not the short names of the Koreas
        "Officials said North would respond.",
        "Leaders of North and South met.",
    ],
)
def test_capitalised_words_that_are_not_mentions(detect, body):
    assert names(detect(body)) == []


# --------------------------------------------------------------------------- NORP


def test_sentence_initial_nationality_then_titled_person(detect):
    found = detect("Russian President Vladimir Putin arrived.")
    assert names(found) == [("Russian", "NORP"), ("Vladimir Putin", "PERSON")]
    body_start = len(DATELINE) + 1
    assert row_of(found, "Russian")[["start", "end", "cue"]].tolist() == [
        body_start, body_start + len("Russian"), "nationality"]  # fmt: skip
    putin = row_of(found, "Vladimir Putin")
    assert (putin["role"], putin["actor"]) == ("Russian President", "Vladimir Putin")
    assert putin["cue"] == "after title or role: President"
    assert "President" not in " ".join(found["text"])  # the title is never a mention


def test_two_word_nationality_is_one_span(detect):
    assert names(detect("He met North Korean officials.")) == [("North Korean", "NORP")]


def test_sentence_initial_two_word_nationality(detect):
    assert names(detect("North Korean troops moved.")) == [("North Korean", "NORP")]


def test_sentence_initial_two_word_nationality_before_a_title(detect):
    found = detect("South Korean President Yoon Suk Yeol spoke.")
    assert names(found) == [("South Korean", "NORP"), ("Yoon Suk Yeol", "PERSON")]
    assert row_of(found, "Yoon Suk Yeol")["role"] == "South Korean President"


def test_plural_demonym_is_norp(detect):
    assert names(detect("He said that Americans agreed.")) == [("Americans", "NORP")]


@pytest.mark.parametrize(
    "body, expected",
    [
        # decision 2: a generic ministry name is split from the nationality
        ("The Japanese Foreign Ministry said so.",
         [("Japanese", "NORP"), ("Foreign Ministry", "ORG")]),
        ("Japan's Defense Ministry said so.", [("Japan", "GPE"), ("Defense Ministry", "ORG")]),
        # decision 3: a nationality inside an organisation's proper name stays inside
        ("The Korean Central News Agency said so.", [("Korean Central News Agency", "ORG")]),
        ("The Syrian Arab Army said so.", [("Syrian Arab Army", "ORG")]),
    ],
)  # fmt: skip
def test_generic_ministry_split_versus_proper_name(detect, body, expected):
    assert names(detect(body)) == expected


# --------------------------------------------------------------------------- titles


def test_title_after_a_name_is_trimmed(detect):
    found = detect("U.S. Secretary of State Antony Blinken spoke.")
    assert names(found) == [("U.S.", "GPE"), ("Antony Blinken", "PERSON")]
    assert row_of(found, "U.S.")["cue"] == "known acronym"
    assert not found["text"].str.contains("Secretary|State").any()


def test_secretary_of_state_is_the_role(detect):
    found = detect("U.S. Secretary of State Antony Blinken spoke.")
    assert row_of(found, "Antony Blinken")["role"].endswith("Secretary of State")


def test_courtesy_titles_are_roles_not_names(detect):
    found = detect("Mr. Smith met Ms. Jones.")
    assert names(found) == [("Smith", "PERSON"), ("Jones", "PERSON")]
    assert found.loc[found["label"] == "PERSON", "role"].tolist() == ["Mr.", "Ms."]


# --------------------------------------------------------------------------- dateline


def test_dateline_city_and_agency(detect):
    found = detect("Talks ended.", dateline="TOKYO, Sept. 14. /TASS/.")
    dl = found[found["mention"] == "dateline"]
    assert dl[["start", "end", "text", "label", "actor", "cue", "sent_id"]].values.tolist() == [
        [0, 5, "TOKYO", "GPE", "Tokyo", "dateline city", 1],
        [18, 22, "TASS", "ORG", "TASS", "dateline agency", 1],
    ]
    assert len(found) == 2  # the date is not a mention, nor is the body


def test_two_word_dateline_city_merges_with_the_body_name(detect):
    found = detect("Talks in New York ended.", dateline="NEW YORK, Jan. 2. /AP/.")
    assert found[["text", "label", "actor", "mention"]].values.tolist() == [
        ["NEW YORK", "GPE", "New York", "dateline"],
        ["AP", "ORG", "AP", "dateline"],
        ["New York", "GPE", "New York", "name"],
    ]


def test_short_dateline_city_merges_with_the_body_name(detect):
    found = detect("Talks in Oslo ended.", dateline="OSLO, Jan. 2. /Reuters/.")
    assert found.loc[found["label"] == "GPE", "actor"].tolist() == ["Oslo", "Oslo"]


# --------------------------------------------------------------------------- acronyms


def test_acronym_defined_in_the_text(detect):
    found = detect("The Korean Central News Agency (KCNA) said so. Later KCNA repeated it.")
    kcna = "Korean Central News Agency"
    rows = found[found["mention"] != "dateline"]
    assert rows[["text", "label", "actor", "mention", "sent_id"]].values.tolist() == [
        [kcna, "ORG", kcna, "name", 2],
        ["KCNA", "ORG", kcna, "acronym", 2],
        ["KCNA", "ORG", kcna, "acronym", 3],
    ]
    assert rows["cue"].tolist() == [
        "organisation word: Agency",
        f"acronym defined for {kcna}",
        f"acronym of {kcna}",
    ]
    first = rows.iloc[1]
    body = DATELINE + " " + "The Korean Central News Agency (KCNA)"
    assert (first["start"], first["end"]) == (body.index("(KCNA)") + 1, len(body) - 1)


def test_known_acronym(detect):
    found = detect("NATO allies met.")
    assert found.iloc[-1][["text", "label", "actor", "mention", "cue"]].tolist() == [
        "NATO", "ORG", "NATO", "acronym", "known acronym"]  # fmt: skip
    assert names(found) == [("NATO", "ORG")]


@pytest.mark.parametrize(
    "body, expected",
    [
        ("The XYZQ group said nothing.", []),
        # the initials do not match the name before it: not a definition
        ("The Korean Central News Agency (ABC) said so. ABC repeated it.",
         [("Korean Central News Agency", "ORG")]),
    ],
)  # fmt: skip
def test_unknown_undefined_acronym_is_not_reported(detect, body, expected):
    assert names(detect(body)) == expected


# --------------------------------------------------------------------------- possessives


@pytest.mark.parametrize("apostrophe", ["’", "'"])
def test_possessive_is_never_in_the_span(detect, apostrophe):
    body = f"He met North Korean leader Kim Jong Un. Kim{apostrophe}s train left."
    found = detect(body)
    kim = row_of(found, "Kim")
    full = DATELINE + " " + body
    assert full[kim["end"] : kim["end"] + 2] == f"{apostrophe}s"
    assert (kim["label"], kim["actor"], kim["mention"]) == ("PERSON", "Kim Jong Un", "name")
    assert kim["cue"] == "part of the name Kim Jong Un"
    assert not found["text"].str.contains(f"{apostrophe}s", regex=False).any()


def test_possessive_of_a_country(detect):
    assert names(detect("Russia’s envoy spoke.")) == [("Russia", "GPE")]


# --------------------------------------------------------------------------- actors


def test_surname_resolves_to_the_full_name(detect):
    found = detect("He met Russian President Vladimir Putin. Putin smiled.")
    putin = row_of(found, "Putin")
    assert (putin["label"], putin["actor"], putin["role"]) == ("PERSON", "Vladimir Putin", "")


def test_short_name_before_the_full_name_resolves_too(detect):
    found = detect("Putin smiled. Later Russian President Vladimir Putin spoke.")
    putin = row_of(found, "Putin")
    assert (putin["label"], putin["actor"]) == ("PERSON", "Vladimir Putin")
    assert putin["cue"] == "part of the name Vladimir Putin"


def test_ambiguous_short_name_is_not_resolved(detect):
    found = detect("Kim Jong Un met Kim Yo Jong. Kim smiled.")
    full = found[found["text"].isin(["Kim Jong Un", "Kim Yo Jong"])]
    assert full["actor"].tolist() == ["Kim Jong Un", "Kim Yo Jong"]
    assert set(full["label"]) == {"PERSON"}
    bare = found[found["text"] == "Kim"]
    assert not bare["actor"].isin(["Kim Jong Un", "Kim Yo Jong"]).any()


def test_ambiguous_short_name_is_not_typed_as_a_place(detect):
    found = detect("Kim Jong Un met Kim Yo Jong. Kim smiled.")
    assert set(found.loc[found["text"] == "Kim", "label"]) <= {"PERSON"}


@pytest.mark.parametrize(
    "body, surface, actor",
    [
        ("He met North Korean leader Kim Jong Un. The North Korean leader spoke.",
         "North Korean leader", "Kim Jong Un"),
        # the role is matched whatever its case: "President" given, "president" used
        ("He met Russian President Vladimir Putin. Later the Russian president spoke.",
         "Russian president", "Vladimir Putin"),
    ],
)  # fmt: skip
def test_role_only_reference_resolves_to_the_one_person(detect, body, surface, actor):
    found = detect(body)
    roles = found[found["mention"] == "role"]
    assert roles[["text", "label", "actor", "role", "cue", "sent_id"]].values.tolist() == [
        [surface, "PERSON", actor, surface, f"role of {actor}", 3]]  # fmt: skip
    role = roles.iloc[0]
    full = DATELINE + " " + body
    assert full[role["start"] - 4 : role["start"]].lower() == "the "  # "the" not in the span
    # the nationality inside the role stays a NORP name mention of its own
    nationality = surface.rsplit(" ", 1)[0]
    norp = found[(found["start"] == role["start"]) & (found["mention"] == "name")]
    assert norp[["text", "label"]].values.tolist() == [[nationality, "NORP"]]


@pytest.mark.parametrize(
    "body",
    [
        # two people were given the role: no way to tell which one is meant
        "Russian President Vladimir Putin met Russian President Boris Yeltsin. "
        "The Russian president spoke.",
        # a name follows the role: it is an apposition, not a role-only reference
        "He met North Korean leader Kim Jong Un. Then the North Korean leader Kim Jong Un spoke.",
        # nobody was given the role
        "He met Vladimir Putin. The Russian president spoke.",
    ],
)
def test_no_role_reference(detect, body):
    found = detect(body)
    assert "role" not in set(found["mention"])
    assert found.loc[found["label"] == "PERSON", "mention"].eq("name").all()


def test_no_role_reference_keeps_both_people(detect):
    found = detect(
        "Russian President Vladimir Putin met Russian President Boris Yeltsin. "
        "The Russian president spoke."
    )
    people = found[found["label"] == "PERSON"]
    assert people[["text", "role"]].values.tolist() == [
        ["Vladimir Putin", "Russian President"],
        ["Boris Yeltsin", "Russian President"],
    ]


# --------------------------------------------------------------------------- never mentions


@pytest.mark.parametrize(
    "body",
    [
        "In January and on Monday, officials met.",
        "Talks resume in March or on Friday.",
        "In May, talks resumed. Since Wednesday, nothing happened.",
        "On Sunday in December they met.",
        "The talks ended.",
        "Both leaders met.",
        "Although tired, they talked.",
        "Both sides met. The agenda was long.",
    ],
)
def test_dates_and_sentence_initial_function_words_are_never_mentions(detect, body):
    found = detect(body)
    assert found["mention"].tolist() == ["dateline", "dateline"]


def test_find_mentions_of_no_tokens():
    out = entities.find_mentions(pd.DataFrame(columns=nlp.TOKEN_COLUMNS))
    assert out.empty and list(out.columns) == entities.ENTITY_COLUMNS


# --------------------------------------------------------------------------- actors()


def test_actors_merge_across_articles(make_seeds):
    seeds = make_seeds(
        {
            "a.txt": f"date 2024-01-02\n{DATELINE} He met Russian President Vladimir Putin. "
            "Later the Russian president spoke.\n".encode(),
            "b.txt": b"date 2024-01-03\nMOSCOW, January 3. /TASS/. President Vladimir Putin "
            b"arrived in London. Putin smiled.\n",
        }
    )
    tables = pipeline.analyze(seeds, use_cache=False)
    expected = pd.DataFrame(
        [
            # a: name + role reference; b: name + surname. Roles: "Russian President"
            # (first seen) and "Russian president" are one role; then "President".
            ("Vladimir Putin", "PERSON", 4, 2,
             "Vladimir Putin (2); Putin (1); Russian president (1)",
             "President; Russian President"),
            ("London", "GPE", 2, 2, "LONDON (1); London (1)", ""),  # a's dateline, b's text
            ("Russian", "NORP", 2, 1, "Russian (2)", ""),
            ("Moscow", "GPE", 1, 1, "MOSCOW (1)", ""),
            ("Reuters", "ORG", 1, 1, "Reuters (1)", ""),
            ("TASS", "ORG", 1, 1, "TASS (1)", ""),
        ],
        columns=ACTOR_COLUMNS,
    )  # fmt: skip
    pd.testing.assert_frame_equal(tables["actors"], expected, check_dtype=False)
    pd.testing.assert_frame_equal(tables["actors"], entities.actors(tables["entities"]))
    pd.testing.assert_frame_equal(
        tables["cooccurrence"],
        pd.DataFrame(
            [
                ("London", "Reuters", "GPE", "ORG", 1, 1),
                ("London", "Vladimir Putin", "GPE", "PERSON", 1, 1),
                ("Moscow", "TASS", "GPE", "ORG", 1, 1),
            ],
            columns=PAIR_COLUMNS,
        ),
        check_dtype=False,
    )


def test_actors_counts_label_ties_and_order():
    e = mentions_table(
        [
            ("a", 1, "Kremlin", "ORG", "Kremlin", "name", ""),
            ("b", 1, "Kremlin", "GPE", "Kremlin", "name", ""),  # tie: ORG comes first
            ("a", 2, "leader", "PERSON", "Kim Jong Un", "role", "leader"),
            ("a", 2, "Kim Jong Un", "PERSON", "Kim Jong Un", "name", "Leader"),
            ("b", 3, "Kim", "PERSON", "Kim Jong Un", "name", ""),
            ("b", 3, "Kim", "PERSON", "Kim Jong Un", "name", "General Secretary"),
            ("b", 4, "Asia", "LOC", "Asia", "name", ""),
            ("a", 4, "Zhou", "PERSON", "Zhou", "name", ""),
        ]
    )
    expected = pd.DataFrame(
        [
            # "leader" first seen: "Leader" is the same role; sorted case-sensitively
            # aliases with their counts, most used first (ties: alphabetical)
            ("Kim Jong Un", "PERSON", 4, 2, "Kim (2); Kim Jong Un (1); leader (1)",
             "General Secretary; leader"),
            ("Kremlin", "ORG", 2, 2, "Kremlin (2)", ""),
            ("Asia", "LOC", 1, 1, "Asia (1)", ""),  # ties on n_mentions: by actor
            ("Zhou", "PERSON", 1, 1, "Zhou (1)", ""),
        ],
        columns=ACTOR_COLUMNS,
    )  # fmt: skip
    pd.testing.assert_frame_equal(entities.actors(e), expected, check_dtype=False)
    # the input order does not change the table, except which form of a role is kept
    shuffled = entities.actors(e.iloc[[7, 6, 1, 0, 5, 4, 2, 3]])
    pd.testing.assert_frame_equal(shuffled.drop(columns="roles"), expected.drop(columns="roles"),
                                  check_dtype=False)  # fmt: skip


def test_actors_merge_spellings_across_outlets():
    e = mentions_table(
        [
            ("a", 1, "Kim Jong Un", "PERSON", "Kim Jong Un", "name", ""),
            ("a", 2, "Kim Jong Un", "PERSON", "Kim Jong Un", "name", ""),
            ("b", 1, "Kim Jong-un", "PERSON", "Kim Jong-un", "name", ""),
            ("c", 1, "Sergei Viktorovich Lavrov", "PERSON", "Sergei Viktorovich Lavrov", "name",
             ""),
            ("d", 1, "Sergei Lavrov", "PERSON", "Sergei Lavrov", "name", ""),
            ("d", 2, "Lavrov", "PERSON", "Sergei Lavrov", "name", ""),
        ]
    )  # fmt: skip
    out = entities.actors(e).set_index("actor")
    assert out.loc["Kim Jong Un", "aliases"] == "Kim Jong Un (2); Kim Jong-un (1)"
    assert out.loc["Kim Jong Un", "n_articles"] == 2
    assert out.loc["Sergei Lavrov", "n_mentions"] == 3
    assert out.loc["Sergei Lavrov", "aliases"] == (
        "Lavrov (1); Sergei Lavrov (1); Sergei Viktorovich Lavrov (1)"
    )
    assert len(out) == 2


@pytest.mark.parametrize(
    ("text", "mention", "label", "actor"),
    [
        ("Democratic People's Republic of Korea", "Democratic People's Republic of Korea", "GPE",
         "North Korea"),
        ("the DPRK", "DPRK", "GPE", "North Korea"),
        ("North Korea", "North Korea", "GPE", "North Korea"),
        ("the Republic of Korea", "Republic of Korea", "GPE", "South Korea"),
        ("the ROK", "ROK", "GPE", "South Korea"),
        ("the Russian Federation", "Russian Federation", "GPE", "Russia"),
        ("the People's Republic of China", "People's Republic of China", "GPE", "China"),
        ("the U.S.", "U.S.", "GPE", "United States"),
        ("the United States", "United States", "GPE", "United States"),
        ("the Soviet Union", "Soviet Union", "GPE", "Soviet Union"),
        ("the Workers' Party of Korea", "Workers' Party of Korea", "ORG",
         "Workers' Party of Korea"),
        ("KCNA", "KCNA", "ORG", "Korean Central News Agency"),
        ("the UNSC", "UNSC", "ORG", "United Nations Security Council"),
    ],
)  # fmt: skip
def test_state_names_and_declared_abbreviations_are_one_actor(detect, text, mention, label,
                                                              actor):  # fmt: skip
    row = row_of(detect(f"Officials from {text} met on Monday."), mention)
    assert (row["label"], row["actor"]) == (label, actor)


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("The newspaper Global Times said so.", "Global Times"),
        ("The state nuclear corporation Rosatom said so.", "Rosatom"),
        ("The broadcaster KBS said so.", "KBS"),
    ],
)
def test_an_organisation_introduced_by_a_common_noun(detect, text, mention):
    assert row_of(detect(text), mention)["label"] == "ORG"


@pytest.mark.parametrize("text", ["Jan Novak arrived.", "Prime Minister Theresa May spoke."])
def test_month_names_in_person_names_are_names(detect, text):
    found = detect(text)
    people = found[found["label"] == "PERSON"]["text"].tolist()
    assert people in (["Jan Novak"], ["Theresa May"])


def test_actors_of_no_mentions():
    out = entities.actors(pd.DataFrame(columns=entities.ENTITY_COLUMNS))
    assert out.empty and list(out.columns) == ACTOR_COLUMNS


# --------------------------------------------------------------------------- cooccurrence()

COOC_MENTIONS = [
    # article a, sentence 1: Putin listed before Kim, so the pair must be re-ordered
    ("a", 1, "Putin", "PERSON", "Vladimir Putin", "name", ""),
    ("a", 1, "Kim", "PERSON", "Kim Jong Un", "name", ""),
    ("a", 1, "Russia", "GPE", "Russia", "name", ""),
    ("a", 1, "Russian", "NORP", "Russian", "name", ""),
    # sentence 2: Kim twice still counts one sentence
    ("a", 2, "Kim", "PERSON", "Kim Jong Un", "name", ""),
    ("a", 2, "Putin", "PERSON", "Vladimir Putin", "name", ""),
    ("a", 2, "Kim", "PERSON", "Kim Jong Un", "name", ""),
    # sentence 3: one actor, no pair
    ("a", 3, "Russia", "GPE", "Russia", "name", ""),
    # article b: same sentence id as in a, a different sentence
    ("b", 1, "Vladimir Putin", "PERSON", "Vladimir Putin", "name", ""),
    ("b", 1, "Kim Jong Un", "PERSON", "Kim Jong Un", "name", ""),
    ("b", 2, "Vladivostok", "GPE", "Vladivostok", "name", ""),
    ("b", 2, "Kim", "PERSON", "Kim Jong Un", "name", ""),
]


def test_cooccurrence_pairs_within_a_sentence():
    out = entities.cooccurrence(mentions_table(COOC_MENTIONS))
    expected = pd.DataFrame(
        [
            ("Kim Jong Un", "Vladimir Putin", "PERSON", "PERSON", 3, 2),  # a1, a2, b1
            ("Kim Jong Un", "Russia", "PERSON", "GPE", 1, 1),  # a1
            ("Kim Jong Un", "Vladivostok", "PERSON", "GPE", 1, 1),  # b2
            ("Russia", "Vladimir Putin", "GPE", "PERSON", 1, 1),  # a1
        ],
        columns=PAIR_COLUMNS,
    )  # NORP "Russian" is left out by default
    pd.testing.assert_frame_equal(out, expected, check_dtype=False)


def test_cooccurrence_with_norp():
    out = entities.cooccurrence(mentions_table(COOC_MENTIONS), labels=entities.LABELS)
    pairs = out[["actor1", "actor2", "label1", "label2", "n_sentences"]].values.tolist()
    assert pairs == [
        ["Kim Jong Un", "Vladimir Putin", "PERSON", "PERSON", 3],
        ["Kim Jong Un", "Russia", "PERSON", "GPE", 1],
        ["Kim Jong Un", "Russian", "PERSON", "NORP", 1],
        ["Kim Jong Un", "Vladivostok", "PERSON", "GPE", 1],
        ["Russia", "Russian", "GPE", "NORP", 1],
        ["Russia", "Vladimir Putin", "GPE", "PERSON", 1],
        ["Russian", "Vladimir Putin", "NORP", "PERSON", 1],
    ]


def test_cooccurrence_of_no_mentions():
    out = entities.cooccurrence(pd.DataFrame(columns=entities.ENTITY_COLUMNS))
    assert out.empty and list(out.columns) == PAIR_COLUMNS
    only_norp = mentions_table([("a", 1, "Russian", "NORP", "Russian", "name", ""),
                                ("a", 1, "Korean", "NORP", "Korean", "name", "")])  # fmt: skip
    assert entities.cooccurrence(only_norp).empty


# --------------------------------------------------------------------------- naming()


def test_naming_forms(detect):
    found = detect(
        "He met Russian President Vladimir Putin. Later the Russian president spoke. "
        "Putin smiled. Then the Russian president left."
    )
    out = entities.naming(found)
    assert list(out.columns) == ["actor", "article_id", "form", "mention", "n"]
    assert out.drop(columns="article_id").values.tolist() == [
        ["Reuters", "Reuters", "dateline", 1],  # ORG; the GPE LONDON is left out
        ["Vladimir Putin", "Russian president", "role", 2],  # n descending first
        ["Vladimir Putin", "Putin", "name", 1],
        ["Vladimir Putin", "Russian President Vladimir Putin", "name", 1],  # role + name
    ]
    assert set(out["article_id"]) == {"snippet"}


def test_naming_by_several_keys(detect):
    found = detect("He met Russian President Vladimir Putin. Putin smiled. Putin left.")
    out = entities.naming(found, by=["article_id", "sent_id"])
    assert list(out.columns) == ["actor", "article_id", "sent_id", "form", "mention", "n"]
    people = out[out["actor"] == "Vladimir Putin"]
    assert people[["sent_id", "form", "n"]].values.tolist() == [
        [2, "Russian President Vladimir Putin", 1], [3, "Putin", 1], [4, "Putin", 1]]  # fmt: skip


def test_label_counts():
    e = mentions_table(COOC_MENTIONS + [("b", 3, "the leader", "PERSON", "Kim Jong Un",
                                         "role", "leader")])  # fmt: skip
    out = entities.label_counts(e)
    assert out.values.tolist() == [
        ["PERSON", 8, 1, 2],
        ["NORP", 1, 0, 1],
        ["ORG", 0, 0, 0],
        ["GPE", 3, 0, 2],
        ["LOC", 0, 0, 0],
        ["FAC", 0, 0, 0],
    ]


# --------------------------------------------------------------------------- the seed


@pytest.fixture(scope="module")
def seed_entities(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seed")
    shutil.copyfile(SEED_FILE, folder / SEED_FILE.name)
    return pipeline.analyze(folder, use_cache=False)["entities"]


def test_seed_name_mentions_equal_the_gold(seed_entities):
    """Documents the seed score: the detector was developed on this article."""
    gold = pd.read_csv(GOLD_FILE, dtype={"article_id": str}, keep_default_na=False)
    assert len(gold) == 31
    got = seed_entities[seed_entities["mention"] != "role"][list(gold.columns)]
    pd.testing.assert_frame_equal(got.reset_index(drop=True), gold, check_dtype=False)


def test_seed_role_references_and_actors(seed_entities):
    roles = seed_entities[seed_entities["mention"] == "role"]
    assert roles[["text", "actor"]].values.tolist() == [
        ["North Korean leader", "Kim Jong Un"],
        ["Russian president", "Vladimir Putin"],
    ]
    people = seed_entities[seed_entities["label"] == "PERSON"]
    assert set(people["actor"]) == {"Kim Jong Un", "Vladimir Putin"}
    kcna = seed_entities[seed_entities["text"] == "KCNA"].iloc[0]
    assert kcna["actor"] == "Korean Central News Agency"
