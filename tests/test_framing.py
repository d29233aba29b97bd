"""Framing language (newsframes.analysis.framing): lexicon matching, hits with their voice and
speaker, repetition cues, frame scores, rates, voice contrast, agency, actor labels,
Entman candidates, evidence sentences, the curated lexicon files, and the loaded-language
evaluation.

Tiny articles are parsed with ``corpus.parse_article`` and run through
``pipeline.analyze_article`` (the NLTK models load once per process). Expected numbers
are worked out by hand in the comments.
"""

from __future__ import annotations

import csv
import re
import shutil

import pandas as pd
import pytest
from conftest import PROJECT_ROOT, SEED_FILE
from textcases import HEADER, KCNA, analyze, at, rows

from newsframes.analysis import corpus, evaluation, framing, lexicons, pipeline, profiles, resources
from newsframes.analysis.settings import DEFAULTS

pytestmark = pytest.mark.usefixtures("project_folders_untouched", "isolated_env")

LEXICON_HEADER = ["term", "category", "subcategory", "source"]
LEXICON_CATEGORIES = {
    "loaded": {"loaded"},
    "frames": {"frame"},
    "cues": {"persuasion"},
    "modality": {"hedge", "booster"},
    "reporting_verbs": {"reporting_verb"},
    "groups": {"ingroup", "outgroup"},
    "entman": {"entman"},
}


def hits_of(text: str, **kw) -> tuple[str, pd.DataFrame]:
    article, tables = analyze(text, **kw)
    return article.body, tables["framing"]


def of(hits: pd.DataFrame, **where) -> pd.DataFrame:
    """The hits whose columns equal the given values."""
    mask = pd.Series(True, index=hits.index)
    for col, value in where.items():
        mask &= hits[col] == value
    return hits[mask]


# --------------------------------------------------------------------------- matching


def test_framing_table_columns_and_order():
    body, hits = hits_of("The troops plundered the town.")
    assert list(hits.columns) == framing.FRAMING_COLUMNS
    keys = ["article_id", "start", "end", "category", "subcategory", "lexicon"]
    assert hits[keys].equals(hits[keys].sort_values(keys))
    assert not hits.duplicated(keys).any()
    for row in hits.itertuples():
        assert body[row.start : row.end] == row.text


def test_single_words_and_lemmas():
    body, hits = hits_of("The troops plundered the town.")
    # "plundered" matches the entry "plunder" through its lemma, "troops" "troop"
    loaded = of(hits, category="loaded")
    assert rows(loaded, "start", "end", "text", "subcategory", "lexicon") == [
        (*at(body, "plundered"), "plundered", "loaded", "loaded")
    ]
    assert rows(of(hits, category="frame"), "text", "subcategory") == [
        ("troops", "security_and_defense")
    ]


def test_multi_word_entries():
    body, hits = hits_of("They help each other on the common front.")
    phrases = hits[hits["text"].str.contains(" ")]
    assert rows(phrases, "start", "end", "text", "category", "subcategory") == [
        (*at(body, "each other"), "each other", "ingroup", "marker"),
        (*at(body, "common front"), "common front", "ingroup", "marker"),
        (*at(body, "common front"), "common front", "persuasion", "slogans"),
    ]


def test_hyphenated_entry_is_one_token():
    body, hits = hits_of("These high-handed moves and the heavy-handed police.")
    loaded = of(hits, category="loaded")
    assert rows(loaded, "start", "end", "text") == [
        (*at(body, "high-handed"), "high-handed"),
        (*at(body, "heavy-handed"), "heavy-handed"),
    ]


def test_prefix_patterns():
    body, hits = hits_of("Imperialism failed. The imperialists’ plans and imperial glory.")
    name_calling = of(hits, category="loaded", subcategory="name_calling")
    # imperialis* catches Imperialism and imperialists, not imperial; the curly
    # apostrophe after imperialists is a token of its own, outside the hit
    assert rows(name_calling, "start", "end", "text") == [
        (*at(body, "Imperialism"), "Imperialism"),
        (*at(body, "imperialists"), "imperialists"),
    ]
    assert rows(of(hits, category="outgroup"), "text") == [("Imperialism",), ("imperialists",)]


@pytest.fixture
def toy_lexicon(monkeypatch):
    """Replace every lexicon entry with a toy list (the match index is rebuilt)."""
    entries = pd.DataFrame(
        [
            ("o'clock", "toy", "apostrophe", "toy"),  # straight in the lexicon
            ("kim 's visit", "toy", "possessive", "toy"),
            (":", "toy", "punctuation", "toy"),
            ("/", "toy", "punctuation", "toy"),
            ("tokyo", "toy", "city", "toy"),
        ],
        columns=["term", "category", "subcategory", "lexicon"],
    )
    framing._index.cache_clear()
    monkeypatch.setattr(framing, "all_entries", lambda **_: entries)
    yield
    framing._index.cache_clear()


def test_curly_apostrophes_match_straight_entries(toy_lexicon):
    article, tables = analyze("At ten o’clock: Kim’s visit to Tokyo began.")
    body = article.body
    hits = framing.find_hits(tables["tokens"])
    assert rows(hits, "start", "end", "text", "subcategory") == [
        (*at(body, "o’clock"), "o’clock", "apostrophe"),
        (*at(body, "Kim’s visit"), "Kim ’s visit", "possessive"),
        (*at(body, "Tokyo"), "Tokyo", "city"),  # not the dateline's TOKYO
    ]


def test_punctuation_and_dateline_tokens_never_match(toy_lexicon):
    article, tables = analyze("Talks: in Tokyo / Osaka.")
    hits = framing.find_hits(tables["tokens"])
    dateline_end = article.dateline_span[1]
    assert rows(hits, "text") == [("Tokyo",)]
    assert (hits["start"] >= dateline_end).all()


def test_dateline_words_never_match():
    # the dateline's city is a lexicon word; only the body's "Peace" is a hit
    header = "date 2023-09-14\nPEACE, September 14. /TASS/. "
    article, tables = analyze("Peace came.", header=header)
    assert article.dateline == "PEACE"
    hits = tables["framing"]
    assert len(hits) > 0
    assert set(hits["text"]) == {"Peace"}
    assert (hits["start"] == article.body.index("Peace")).all()


def test_multi_word_terms_never_cross_sentences():
    # no punctuation between the words: only the paragraph break separates the sentences
    article, tables = analyze("They help each\n\nother people on the common\n\nfront line.")
    toks = tables["tokens"].set_index("lower")
    assert toks.loc["each", "sent_id"] != toks.loc["other", "sent_id"]
    assert toks.loc["each", "tok_id"] + 1 == toks.loc["other", "tok_id"]
    hits = tables["framing"]
    assert not hits["text"].str.contains(" ").any()
    assert not (hits["category"] == "ingroup").any()


def test_reporting_verbs_match_verbs_only():
    text = (
        "Russia is the first state Kim is visiting. The report came out. "
        "He stated that it was over. Officials reported progress."
    )
    body, hits = hits_of(text)
    verbs = of(hits, category="reporting_verb")
    assert rows(verbs, "text", "subcategory") == [("stated", "neutral"), ("reported", "neutral")]


def test_every_hit_carries_the_voice_and_speaker_of_its_token():
    text = (
        "The regime fell, the Foreign Ministry said on Monday. "
        '"The imperialists plundered us," Jane Doe said. The clique left.'
    )
    article, tables = analyze(text)
    hits, toks = tables["framing"], tables["tokens"]
    merged = hits.merge(toks, on=["article_id", "start"], suffixes=("", "_tok"))
    assert len(merged) == len(hits)
    assert merged["voice"].tolist() == merged["voice_tok"].tolist()
    assert merged["speaker"].tolist() == merged["speaker_tok"].tolist()
    loaded = of(hits, category="loaded")
    assert rows(loaded, "text", "voice", "speaker") == [
        ("regime", "reported", "Foreign Ministry"),
        ("imperialists", "quoted", "Jane Doe"),
        ("plundered", "quoted", "Jane Doe"),
        ("clique", "narrative", "TASS"),
    ]


def test_evaluative_hits_carry_a_vader_score():
    body, hits = hits_of(
        "The war hurt everyone and the talks failed. Peace came. Imperialists left."
    )
    valence = lexicons.vader()
    evaluative = hits[hits["category"].isin(["positive", "negative"])]
    scored = evaluative[evaluative["text"].str.lower().isin(list(valence))]
    assert rows(scored, "text", "category", "score") == [
        ("war", "negative", valence["war"]),
        ("hurt", "negative", valence["hurt"]),
        ("failed", "negative", valence["failed"]),
        ("Peace", "positive", valence["peace"]),
    ]
    assert (valence["war"], valence["hurt"], valence["peace"]) == (-2.9, -2.4, 2.5)
    # words VADER does not list, and every non-evaluative hit, have no score
    assert evaluative.loc[evaluative["text"] == "Imperialists", "score"].isna().all()
    assert hits.loc[~hits["category"].isin(["positive", "negative"]), "score"].isna().all()


# --------------------------------------------------------------------------- repetition


def repetitions(hits: pd.DataFrame) -> pd.DataFrame:
    return of(hits, category="persuasion", subcategory="repetition")


def test_a_phrase_repeated_three_times_is_a_repetition_cue():
    body, hits = hits_of(
        "The price of bread rose. The price of bread fell. The price of bread stayed. "
        "Jane Doe left. Jane Doe left. Jane Doe left."
    )
    rep = repetitions(hits)
    # the 4-gram "the price of bread" is seen 3 times; its parts ("price of bread",
    # "the price", "of bread", ...) are seen as often, so they are not reported too;
    # "Jane Doe left" has proper nouns: a topic, not a technique
    assert rows(rep, "start", "end", "text", "lexicon") == [
        (*at(body, "The price of bread", k), "The price of bread", "repetition") for k in range(3)
    ]
    assert rep["voice"].tolist() == ["narrative"] * 3
    assert rep["score"].isna().all()


def test_a_phrase_inside_a_longer_one_is_reported_when_seen_more_often():
    body, hits = hits_of(
        "The price of bread rose. The price of bread fell. The price of bread stayed. "
        "A price of bread is high."
    )
    rep = repetitions(hits)
    # "the price of bread" 3 times; "price of bread" 4 times (once more, after "A")
    assert rep["text"].value_counts().to_dict() == {"price of bread": 4, "The price of bread": 3}


def test_twice_is_not_a_repetition():
    body, hits = hits_of("The price of bread rose. The price of bread fell.")
    assert repetitions(hits).empty
    assert DEFAULTS.repetition_min == 3


def test_repetition_is_counted_per_article(make_seeds, tmp_path):
    folder = make_seeds(
        {
            "a.txt": (HEADER + "The price of bread rose. The price of bread fell.").encode(),
            "b.txt": (HEADER + "The price of bread stayed.").encode(),
        }
    )
    tables = pipeline.analyze(folder, cache_dir=tmp_path / "cache")
    hits = tables["framing"]
    assert set(hits["article_id"]) == {"a", "b"}
    assert repetitions(hits).empty  # three times in the corpus, but not in one article
    # rates by article: "price" is an economic frame cue in each sentence
    # a: 2 hits / 10 words * 1000 = 200; b: 1 / 5 * 1000 = 200
    r = profiles.rates(hits, tables["tokens"], by=["article_id"])
    frame = of(r, category="frame")
    assert rows(frame, "article_id", "n_hits", "n_words", "rate") == [
        ("a", 2, 10, 200.0),
        ("b", 1, 5, 200.0),
    ]


# --------------------------------------------------------------------------- frames

FRAMES_TEXT = (
    'The troops and missiles moved. "Prices rose sharply," Jane Doe said. The talks ended.'
)


def test_frame_scores():
    article, tables = analyze(FRAMES_TEXT)
    frames = tables["frames"]
    assert list(frames.columns) == framing.FRAME_COLUMNS
    sents = tables["sentences"].set_index("text")["sent_id"]
    # "The troops and missiles moved.": 5 words, troops + missiles (security) -> 2/5
    # '"Prices rose sharply," Jane Doe said.': 6 words, Prices (economic) -> 1/6
    # "The talks ended.": 3 words, talks (external regulation) -> 1/3
    assert rows(frames, "sent_id", "frame", "n_hits", "n_words", "score") == [
        (sents["The troops and missiles moved."], "security_and_defense", 2, 5, 2 / 5),
        (sents['"Prices rose sharply," Jane Doe said.'], "economic", 1, 6, 1 / 6),
        (sents["The talks ended."], "external_regulation_and_reputation", 1, 3, 1 / 3),
    ]
    assert frames.equals(framing.frame_scores(tables["framing"], tables["tokens"]))


def test_frame_profile_by_voice():
    article, tables = analyze(FRAMES_TEXT)
    profile = profiles.frame_profile(tables["frames"], tables["sentences"])
    assert list(profile.columns) == ["voice", "frame", "n_sentences", "share"]
    # narrative text sentences: 2 (troops, talks), each cueing one frame -> 1/2 each;
    # quoted: 1 sentence (Prices) -> 1/1. The dateline sentence is not counted.
    assert rows(profile, "voice", "frame", "n_sentences", "share") == [
        ("narrative", "external_regulation_and_reputation", 1, 0.5),
        ("narrative", "security_and_defense", 1, 0.5),
        ("quoted", "economic", 1, 1.0),
    ]


def test_frame_profile_by_article():
    article, tables = analyze(FRAMES_TEXT)
    profile = profiles.frame_profile(tables["frames"], tables["sentences"], by="article_id")
    # 3 text sentences, each cueing one frame -> 1/3 each
    assert rows(profile, "article_id", "n_sentences", "share") == [("t", 1, 1 / 3)] * 3


# --------------------------------------------------------------------------- rates

CONTRAST_TEXT = 'The talks ended. "The imperialists plundered us," Jane Doe said.'


def test_rates_by_voice_and_speaker_with_zero_hit_groups():
    article, tables = analyze(CONTRAST_TEXT)
    hits, toks = tables["framing"], tables["tokens"]
    r = profiles.rates(hits, toks)
    assert list(r.columns) == ["voice", "speaker", "category", "n_hits", "n_words", "rate"]
    # every (voice, speaker) group gets a row for every category of the hits
    assert len(r) == 2 * hits["category"].nunique()
    loaded = of(r, category="loaded")
    # narrative/TASS: The talks ended Jane Doe said = 6 words, no loaded word -> 0;
    # quoted/Jane Doe: The imperialists plundered us = 4 words, 2 loaded -> 500 per 1000
    assert rows(loaded, "voice", "speaker", "n_hits", "n_words", "rate") == [
        ("narrative", "TASS", 0, 6, 0.0),
        ("quoted", "Jane Doe", 2, 4, 500.0),
    ]
    frame = of(r, category="frame")  # "talks" in the narration
    assert rows(frame, "speaker", "n_hits", "rate") == [("TASS", 1, 1000 / 6), ("Jane Doe", 0, 0)]


def test_rates_by_speaker_per_100_words():
    article, tables = analyze(CONTRAST_TEXT)
    r = profiles.rates(tables["framing"], tables["tokens"], by=["speaker"], per=100)
    # speakers sort as strings: "Jane Doe" < "TASS"
    assert rows(of(r, category="loaded"), "speaker", "n_hits", "n_words", "rate") == [
        ("Jane Doe", 2, 4, 50.0),
        ("TASS", 0, 6, 0.0),
    ]


def test_rates_without_any_hit():
    article, tables = analyze("The talks ended.")
    hits = tables["framing"]
    r = profiles.rates(hits[hits["category"] == "loaded"], tables["tokens"])
    assert r.empty
    assert list(r.columns) == ["voice", "speaker", "category", "n_hits", "n_words", "rate"]


def test_voice_contrast_loaded_words_only_in_quotes():
    article, tables = analyze(CONTRAST_TEXT)
    contrast = profiles.voice_contrast(tables["framing"], tables["tokens"])
    # outlet: 6 words (The talks ended / Jane Doe said), 0 loaded -> rate 0;
    # sources: 4 quoted words, imperialists + plundered -> 2 / 4 * 1000 = 500
    expected = pd.DataFrame(
        [("outlet", 0, 6, 0.0), ("sources", 2, 4, 500.0)],
        columns=["source", "n_hits", "n_words", "rate"],
    )
    pd.testing.assert_frame_equal(contrast, expected, check_dtype=False)
    frame = profiles.voice_contrast(tables["framing"], tables["tokens"], category="frame", per=100)
    # "talks" in the narration: 1 / 6 * 100
    assert rows(frame, "source", "n_hits") == [("outlet", 1), ("sources", 0)]
    assert frame["rate"].tolist() == pytest.approx([100 / 6, 0.0])


def test_voice_contrast_counts_reported_speech_as_sources():
    article, tables = analyze("The regime fell, the Foreign Ministry said on Monday.")
    contrast = profiles.voice_contrast(tables["framing"], tables["tokens"])
    # reported: The regime fell (3 words, 1 loaded); outlet: the Foreign Ministry said
    # on Monday (6 words)
    assert rows(contrast, "source", "n_hits", "n_words") == [("outlet", 0, 6), ("sources", 1, 3)]
    assert profiles.with_source(tables["tokens"])["source"].isin(["outlet", "sources"]).all()


def test_voice_contrast_leaves_out_a_side_without_words():
    article, tables = analyze("The regime fell.")
    contrast = profiles.voice_contrast(tables["framing"], tables["tokens"])
    assert rows(contrast, "source", "n_hits", "n_words", "rate") == [("outlet", 1, 3, 1000 / 3)]


# --------------------------------------------------------------------------- actors

AGENCY_TEXT = (
    "Russian President Vladimir Putin and Jane Doe held talks. Vladimir Putin quickly left. "
    "Jane Doe will visit Tokyo. The Korean Central News Agency (KCNA) reported on the visit. "
    '"The Russian president is wise," John Smith said.'
)


def test_agency_subject_verb_patterns():
    article, tables = analyze(AGENCY_TEXT)
    agency = profiles.agency(tables["entities"], tables["tokens"])
    assert list(agency.columns) == ["actor", "article_id", "sent_id", "verb", "token", "voice"]
    sent = tables["sentences"].set_index("text")["sent_id"]
    first = sent["Russian President Vladimir Putin and Jane Doe held talks."]
    assert rows(agency, "actor", "sent_id", "verb", "token", "voice") == [
        ("Jane Doe", first, "hold", "held", "narrative"),
        ("Jane Doe", sent["Jane Doe will visit Tokyo."], "visit", "visit", "narrative"),  # modal
        ("John Smith", sent['"The Russian president is wise," John Smith said.'], "say", "said",
         "narrative"),
        # the parenthesised acronym is skipped
        (KCNA, sent["The Korean Central News Agency (KCNA) reported on the visit."], "report",
         "reported", "narrative"),
        ("Vladimir Putin", first, "hold", "held", "narrative"),  # coordination: X and Y held
        ("Vladimir Putin", sent["Vladimir Putin quickly left."], "leave", "left", "narrative"),
        # the role-only reference "the Russian president" is Putin's, in John Smith's quote
        ("Vladimir Putin", sent['"The Russian president is wise," John Smith said.'], "be", "is",
         "quoted"),
    ]  # fmt: skip


def test_actor_labels_with_their_voice():
    article, tables = analyze(AGENCY_TEXT)
    labels = profiles.actor_labels(tables["entities"], tables["tokens"])
    assert list(labels.columns) == ["actor", "label", "voice", "speaker", "n"]
    assert rows(labels, "actor", "label", "voice", "speaker", "n") == [
        ("Vladimir Putin", "Russian President", "narrative", "TASS", 1),
        ("Vladimir Putin", "Russian president", "quoted", "John Smith", 1),
    ]


def test_actor_labels_without_roles():
    article, tables = analyze("Jane Doe left.")
    labels = profiles.actor_labels(tables["entities"], tables["tokens"])
    assert labels.empty and list(labels.columns) == ["actor", "label", "voice", "speaker", "n"]


# --------------------------------------------------------------------------- Entman, evidence


def test_entman_candidates():
    text = '"We must end the threat," Jane Doe said. The talks failed because of the war.'
    article, tables = analyze(text)
    cands = profiles.entman_candidates(tables["framing"], tables["sentences"])
    assert list(cands.columns) == [
        "article_id", "sent_id", "function", "cues", "voice", "speaker", "text"
    ]  # fmt: skip
    quote = '"We must end the threat," Jane Doe said.'
    # sorted by function in Entman's order, then sentence
    assert rows(cands, "function", "cues", "voice", "speaker", "text") == [
        ("problem_definition", "threat", "quoted", "Jane Doe", quote),
        ("causal_interpretation", "because", "narrative", "TASS",
         "The talks failed because of the war."),
        ("treatment_recommendation", "must", "quoted", "Jane Doe", quote),
    ]  # fmt: skip
    assert profiles.ENTMAN_FUNCTIONS[0] == "problem_definition"


def test_entman_candidates_join_several_cues_of_one_sentence():
    article, tables = analyze("The crisis and the danger grew.")
    cands = profiles.entman_candidates(tables["framing"], tables["sentences"])
    assert rows(cands, "function", "cues") == [("problem_definition", "crisis; danger")]


EXAMPLES_TEXT = (
    "The heinous and barbaric plunder went on. The heinous plan failed. The regime fell. "
    "The sinister clique left."
)


def test_examples_most_hits_first_then_text_order():
    article, tables = analyze(EXAMPLES_TEXT)
    hits, sents = tables["framing"], tables["sentences"]
    ex = profiles.examples(hits, sents, category="loaded", n=2)
    assert list(ex.columns) == [
        "subcategory", "article_id", "sent_id", "hits", "voice", "speaker", "text"
    ]  # fmt: skip
    # loaded: sentence 1 has 3 hits; sentences 2 and 4 have 1 each -> the earlier one.
    # name_calling: regime (sentence 3), clique (sentence 4)
    assert rows(ex, "subcategory", "hits", "text") == [
        ("loaded", "barbaric; heinous; plunder", "The heinous and barbaric plunder went on."),
        ("loaded", "heinous", "The heinous plan failed."),
        ("name_calling", "regime", "The regime fell."),
        ("name_calling", "clique", "The sinister clique left."),
    ]
    one = profiles.examples(hits, sents, category="loaded", n=1)
    assert rows(one, "subcategory", "hits") == [
        ("loaded", "barbaric; heinous; plunder"),
        ("name_calling", "regime"),
    ]


def test_examples_of_a_category_without_hits():
    article, tables = analyze(EXAMPLES_TEXT)
    ex = profiles.examples(tables["framing"], tables["sentences"], category="no such category")
    assert ex.empty and "hits" in ex.columns


# --------------------------------------------------------------------------- lexicons


def test_lexicon_rejects_an_unknown_name():
    with pytest.raises(ValueError, match="unknown lexicon 'nope'"):
        lexicons.lexicon("nope")
    with pytest.raises(ValueError, match="choose from loaded"):
        lexicons.lexicon("versions")


def test_lexicon_reads_a_curated_file():
    loaded = lexicons.lexicon("loaded")
    assert list(loaded.columns) == LEXICON_HEADER + ["lexicon"]
    assert set(loaded["lexicon"]) == {"loaded"}
    assert {"plunder", "imperialis*", "high-handed"} <= set(loaded["term"])


@pytest.mark.parametrize("name", resources.LEXICONS)
def test_curated_lexicon_file_format(name):
    raw = (resources.LEXICON_DIR / f"{name}.csv").read_bytes()
    assert b"\r" not in raw and raw.endswith(b"\n") and not raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(raw.decode("utf-8").splitlines()))
    assert table[0] == LEXICON_HEADER
    data = table[1:]
    assert data and all(len(r) == 4 and all(r) for r in data)
    assert {r[1] for r in data} == LEXICON_CATEGORIES[name]
    assert not any("," in r[3] for r in data)  # the source never needs quoting
    # sorted by category, subcategory, term (code-point order); no duplicate (term, category)
    assert [(r[1], r[2], r[0]) for r in data] == sorted((r[1], r[2], r[0]) for r in data)
    assert len({(r[0], r[1]) for r in data}) == len(data)
    # a * only at the end of a one-word term; terms lower-case with single spaces
    for term, *_ in data:
        assert "*" not in term[:-1] and not (term.endswith("*") and " " in term), term
        assert term == " ".join(term.split()), term
    versions = lexicons.lexicon_versions().set_index("file")
    assert versions.loc[f"{name}.csv", "rows"] == len(data)


def test_lexicon_versions_list_every_file():
    versions = lexicons.lexicon_versions()
    assert list(versions.columns) == ["file", "version", "rows", "licence"]
    listed = (*resources.LEXICONS, resources.WORD_CHOICE)
    assert sorted(versions["file"]) == sorted(f"{name}.csv" for name in listed)
    for row in versions.itertuples():  # the row counts are those of the files
        data = (resources.LEXICON_DIR / row.file).read_bytes()
        assert row.rows == data.count(b"\n") - 1, row.file
    # semantic versions, read as strings (not the float 1.0)
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", v) for v in versions["version"])
    assert set(versions["licence"]) == {"CC-BY-4.0"}


@pytest.mark.parametrize("name", resources.LEXICONS)
def test_no_phrase_or_prefix_catches_another_term_of_its_file(name):
    """lexicons/README.md, matching rule 6, with its two deliberate exceptions."""
    terms = list(lexicons.lexicon(name)["term"])
    overlaps = set()
    for t in terms:
        words = t.split()
        for u in terms:
            part = u.split()
            n = len(part)
            if (
                u != t
                and len(words) > n
                and any(words[k : k + n] == part for k in range(len(words) - n + 1))
            ):
                overlaps.add((t, u))
            if u != t and u.endswith("*") and any(w.startswith(u[:-1]) for w in words):
                overlaps.add((t, u))
    expected = {("never again", "never"), ("peace through strength", "peace")}
    assert overlaps == (expected if name == "cues" else set())


# --------------------------------------------------------------------------- evaluation

GOLD_LOADED = (
    "article_id,start,end,text,subcategory\n"
    "a,0,12,imperialists,name_calling\n"
    "a,20,39,arbitrary practices,loaded\n"
    "a,50,57,plunder,loaded\n"
)


def framing_hits(rows_: list[tuple]) -> pd.DataFrame:
    """A framing table from (article_id, start, end, text, category, subcategory) rows."""
    out = pd.DataFrame(
        rows_, columns=["article_id", "start", "end", "text", "category", "subcategory"]
    )
    out = out.assign(sent_id=1, lexicon="loaded", voice="narrative", speaker="TASS", score=None)
    return out[framing.FRAMING_COLUMNS]


def test_evaluate_loaded_on_a_hand_made_gold(tmp_path):
    path = tmp_path / "loaded.csv"
    path.write_text(GOLD_LOADED, encoding="utf-8")
    hits = framing_hits(
        [
            ("a", 0, 12, "imperialists", "loaded", "loaded"),  # exact (subcategory ignored)
            ("a", 0, 12, "imperialists", "negative", ""),  # not a loaded hit: ignored
            ("a", 20, 29, "arbitrary", "loaded", "loaded"),  # inside the gold phrase
            ("a", 70, 76, "regime", "loaded", "name_calling"),  # nothing in the gold
            ("z", 0, 7, "plunder", "loaded", "loaded"),  # an article the gold lacks
        ]
    )
    scores, errors = evaluation.evaluate_loaded(hits, path)
    # one label "loaded": gold 3, pred 3 (z dropped, negative ignored)
    # strict:  tp 1 (imperialists) -> P 1/3, R 1/3, F1 1/3
    # lenient: tp 2 (+ arbitrary inside arbitrary practices) -> 2/3, 2/3, 2/3
    expected = [
        ("strict", "loaded", 3, 3, 1, 1 / 3, 1 / 3, 1 / 3),
        ("strict", "ALL", 3, 3, 1, 1 / 3, 1 / 3, 1 / 3),
        ("lenient", "loaded", 3, 3, 2, 2 / 3, 2 / 3, 2 / 3),
        ("lenient", "ALL", 3, 3, 2, 2 / 3, 2 / 3, 2 / 3),
    ]
    pd.testing.assert_frame_equal(
        scores, pd.DataFrame(expected, columns=evaluation.SCORE_COLUMNS), check_dtype=False
    )
    assert rows(errors, "start", "end", "error") == [
        (20, 29, "wrong boundary"),
        (50, 57, "missed"),
        (70, 76, "spurious"),
    ]


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seed")
    shutil.copyfile(SEED_FILE, folder / SEED_FILE.name)
    (article,) = corpus.read_corpus(folder).articles
    return article, pipeline.analyze_article(article)


def test_seed_loaded_language(seed):
    article, tables = seed
    hits = tables["framing"]
    loaded = of(hits, category="loaded")
    assert rows(loaded, "text", "subcategory", "voice") == [
        ("imperialists", "name_calling", "reported"),
        ("arbitrary", "loaded", "quoted"),  # the scare quote inside the reported speech
        ("imperialists", "name_calling", "quoted"),
        ("provocation", "loaded", "quoted"),
        ("high-handed", "loaded", "quoted"),
        ("arbitrary", "loaded", "quoted"),
        ("plunder", "loaded", "quoted"),
    ]
    assert set(loaded["speaker"]) == {KCNA}
    contrast = profiles.voice_contrast(hits, tables["tokens"]).set_index("source")
    assert contrast.loc["outlet", "n_hits"] == 0 and contrast.loc["sources", "n_hits"] == 7
    # gold/loaded.csv: the same 7 places, but "arbitrary practices" twice as a phrase.
    # strict: tp 5 of 7 -> P = R = F1 = 5/7; lenient: every hit overlaps its gold span -> 1
    scores, errors = evaluation.evaluate_loaded(hits, PROJECT_ROOT / "gold" / "loaded.csv")
    all_rows = scores[scores["label"] == "ALL"].set_index("mode")
    assert all_rows.loc["strict", ["n_gold", "n_pred", "tp"]].tolist() == [7, 7, 5]
    assert all_rows.loc["strict", "f1"] == pytest.approx(5 / 7)
    assert all_rows.loc["lenient", "f1"] == 1.0
    assert errors["error"].tolist() == ["wrong boundary", "wrong boundary"]


def test_seed_reporting_verbs_and_the_first_state(seed):
    article, tables = seed
    verbs = of(tables["framing"], category="reporting_verb")
    # "the KCNA said", "It said"; "Russia is the first state" is a noun, not a verb
    assert rows(verbs, "text", "voice", "speaker") == [
        ("said", "narrative", "TASS"),
        ("said", "narrative", "TASS"),
    ]
    assert "the first state" in article.body


# --------------------------------------------------------------------------- boilerplate


@pytest.mark.parametrize(
    ("text", "category", "word"),
    [
        ("According to the ministry, the talks went on.", "frame", "According"),
        ("The talks covered trade as well as security.", "positive", "well"),
        ("They discussed several issues.", "negative", "issues"),
    ],
)
def test_fixed_expressions_and_plain_nouns_are_no_cues(text, category, word):
    article, tables = analyze(text)
    hits = tables["framing"]
    assert hits[(hits["category"] == category) & (hits["text"] == word)].empty
    if word == "According":  # still the reporting verb it is
        assert not of(hits, category="reporting_verb", text="According to").empty


@pytest.mark.parametrize(
    "text",
    [
        "Russian President Vladimir Putin arrived.",
        "The talks were led by the Russian president.",
        "China's foreign minister Wang Yi arrived.",
    ],
)
def test_a_title_is_not_a_frame_cue(text):
    article, tables = analyze(text)
    frames = tables["framing"][tables["framing"]["category"] == "frame"]
    assert not frames["text"].str.lower().isin(["president", "minister", "foreign"]).any()


def test_a_title_word_used_as_a_common_noun_still_counts():
    article, tables = analyze("Every president must answer to voters.")
    frames = tables["framing"][tables["framing"]["category"] == "frame"]
    assert "president" in frames["text"].str.lower().tolist()


def test_the_two_countries_is_not_a_repetition_cue():
    text = (
        "The two countries met. Later the two countries signed a deal. Both sides "
        "said the two countries would talk. Then the two countries left."
    )
    article, tables = analyze(text)
    assert of(tables["framing"], category="persuasion", subcategory="repetition").empty


def test_opinion_words_used_as_names_or_prepositions_are_no_evaluation():
    article, tables = analyze("Officials like Jane Trump spoke regarding the talks.")
    evaluative = tables["framing"][tables["framing"]["category"].isin(["positive", "negative"])]
    assert not evaluative["text"].str.lower().isin(["like", "trump", "regarding"]).any()


def test_every_category_has_a_hand_checked_precision():
    prec = lexicons.lexicon_precision()
    assert list(prec.columns) == ["category", "n_checked", "n_correct", "precision",
                                  "n_articles", "checked_on", "sample"]  # fmt: skip
    assert (prec["precision"] == (prec["n_correct"] / prec["n_checked"]).round(3)).all()
    assert {"loaded", "positive", "negative", "frame", "persuasion", "hedge", "booster",
            "reporting_verb", "ingroup", "outgroup", "entman"} == set(prec["category"])  # fmt: skip
    table = lexicons.with_precision(pd.DataFrame({"category": ["loaded", "nope"]}))
    assert table["precision"].iloc[0] == prec.set_index("category").loc["loaded", "precision"]
    assert pd.isna(table["precision"].iloc[1])


# --------------------------------------------------------------------------- counts kept


MIXED_TEXT = (
    "The talks ended in Moscow. Jane Doe said the plan was a disaster. "
    '"The imperialists plundered us," Jane Doe said. No one else spoke. '
    "Acme Corp quickly denied it and the ministry agreed."
)


def test_rates_from_word_counts_equal_rates_from_tokens():
    article, tables = analyze(MIXED_TEXT)
    hits, toks = tables["framing"], tables["tokens"].copy()
    words = toks.index[~toks["is_punct"] & ~toks["is_dateline"]]
    toks.loc[words[:3], "speaker"] = None  # a missing value is a group of word_counts
    counts = profiles.word_counts(toks)
    assert counts["n_words"].sum() == running(toks)
    assert counts["speaker"].isna().any() and counts["voice"].nunique() == 3
    for by in (("voice", "speaker"), ("voice",), ("speaker",)):
        assert profiles.rates(hits, words=counts, by=by).equals(profiles.rates(hits, toks, by=by))


def running(toks: pd.DataFrame) -> int:
    return int((~toks["is_punct"] & ~toks["is_dateline"]).sum())


def test_agency_reads_only_the_sentences_that_name_someone():
    article, tables = analyze(MIXED_TEXT)
    mentions, toks = tables["entities"], tables["tokens"]
    keep = profiles.naming_sentences(mentions, toks)
    named = set(zip(*[mentions.loc[mentions["label"].isin(profiles.AGENTS), c]
                      for c in ("article_id", "sent_id")], strict=True))  # fmt: skip
    assert 0 < keep.sum() < len(toks)
    assert keep.tolist() == [
        k in named for k in zip(toks["article_id"], toks["sent_id"], strict=True)
    ]
    full = profiles.agency(mentions, toks)
    assert not full.empty
    assert profiles.agency(mentions, toks[keep]).equals(full)


def test_hits_of_several_articles_in_any_row_order(seed):
    """find_hits reads the rows article by article in token order, whatever order and
    index they come in: two articles' rows shuffled give each article's own hits."""
    _, tables = seed
    tokens = tables["tokens"]
    other = tokens.assign(article_id="0-other")  # sorts before the seed's id
    both = pd.concat([tokens, other], ignore_index=True)
    expected = pd.concat([framing.find_hits(other), framing.find_hits(tokens)], ignore_index=True)
    assert len(expected) == 2 * len(tables["framing"])
    for seed_value in (1, 2):
        shuffled = both.sample(frac=1, random_state=seed_value)
        pd.testing.assert_frame_equal(framing.find_hits(shuffled), expected)
        frames = framing.frame_scores(expected, shuffled)
        assert frames["article_id"].tolist() == sorted(frames["article_id"])
        assert (
            frames[frames["article_id"] == "0-other"]
            .drop(columns="article_id")
            .reset_index(drop=True)
            .equals(tables["frames"].drop(columns="article_id"))
        )


def test_tokens_at_the_places_of_their_own_articles():
    """Offsets repeat across articles: only the tokens of the places' articles at the
    places' offsets are kept, and a join on them finds every place."""
    tokens = pd.DataFrame({
        "article_id": ["a", "a", "b", "b", "c"], "start": [0, 4, 0, 4, 9],
        "voice": ["narrative", "quoted", "quoted", "narrative", "quoted"], "lemma": list("vwxyz"),
    })  # fmt: skip
    places = pd.DataFrame({"article_id": ["b", "a"], "start": [4, 4]})
    at = profiles.tokens_at(tokens, places, ["voice"])
    assert at.values.tolist() == [["a", 4, "quoted"], ["b", 4, "narrative"]]  # not b at 0, not c
    joined = places.merge(at, on=["article_id", "start"], how="left")
    assert joined["voice"].tolist() == ["narrative", "quoted"]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("he came as soon as possible as well", [0, 0, 1, 1, 1, 1, 0, 0]),
        ("according to them , as long as", [1, 1, 0, 0, 1, 1, 1]),
        ("as long", [0, 0]),  # cut off at the end: not the expression
        ("in line with plans as well as goals", [1, 1, 1, 0, 1, 1, 1, 0]),
        ("", []),
    ],
)
def test_fixed_expressions_are_marked_word_by_word(words, expected):
    lower = words.split()
    assert framing._in_fixed_expression(lower) == [bool(x) for x in expected]
