"""Who speaks (newsframes.analysis.voices): quotation spans, scare quotes, reported speech,
speakers and reporting verbs, and the voice and speaker of every token and sentence.

Tiny articles are parsed with ``corpus.parse_article`` and run through
``pipeline.analyze_article`` (the NLTK models load once per process); offsets are
looked up in the article body, never hard-coded. The evaluation helpers for quotations
are checked on hand-made gold files whose numbers are worked out in the comments.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from conftest import PROJECT_ROOT, SEED_FILE
from textcases import HEADER, KCNA, analyze, at
from textcases import rows as table_rows

from newsframes.analysis import corpus, entities, evaluation, nlp, pipeline, voices
from newsframes.analysis.settings import DEFAULTS
from newsframes.book import chapters

pytestmark = pytest.mark.usefixtures("project_folders_untouched", "isolated_env")


def quotes_of(text: str, *, header: str = HEADER) -> tuple[str, pd.DataFrame]:
    article, tables = analyze(text, header=header)
    return article.body, tables["quotes"]


def rows(quotes: pd.DataFrame, *cols: str) -> list[tuple]:
    return table_rows(quotes, *(cols or ("text", "kind", "speaker", "reporting_verb")))


def token_voices(tables, body: str, text: str, nth: int = 0) -> list[tuple[str, str, str]]:
    """``(token, voice, speaker)`` of the tokens inside the ``nth`` occurrence of ``text``."""
    a, b = at(body, text, nth)
    toks = tables["tokens"]
    inside = toks[(toks["start"] >= a) & (toks["end"] <= b)]
    return list(inside[["token", "voice", "speaker"]].itertuples(index=False, name=None))


# --------------------------------------------------------------------------- spans


def test_quote_spans_on_a_plain_string():
    # a straight mark opens after a space and closes after a word, also before punctuation
    body = 'He said "yes". And “no” then.\n\nShe "left.'
    paragraphs = ((0, body.index("\n")), (body.index("She"), len(body)))
    assert voices.quote_spans(body, paragraphs) == [
        (*at(body, '"yes"'), True),
        (*at(body, "“no”"), True),
        (body.index('"left'), len(body), False),
    ]


def test_straight_and_curly_double_quotes():
    body, q = quotes_of('"We will win," Jane Doe said. “Peace is near,” said John Smith.')
    assert rows(q) == [
        ('"We will win,"', "direct", "Jane Doe", "said"),
        ("“Peace is near,”", "direct", "John Smith", "said"),
    ]
    assert rows(q, "start", "end") == [at(body, '"We will win,"'), at(body, "“Peace is near,”")]
    assert q["is_closed"].tolist() == [True, True]


def test_quotes_table_columns_ids_and_offsets():
    article, tables = analyze(
        'Jane Doe arrived. "We will win," she said. “Peace is near.” It ended.'
    )
    q = tables["quotes"]
    assert list(q.columns) == voices.QUOTE_COLUMNS
    assert q["quote_id"].tolist() == list(range(1, len(q) + 1))
    assert q["start"].is_monotonic_increasing
    assert (q["article_id"] == "t").all()
    for row in q.itertuples():
        assert article.body[row.start : row.end] == row.text
        sent = tables["sentences"].set_index("sent_id").loc[row.sent_id]
        assert sent["start"] <= row.start < sent["end"]


def test_apostrophes_never_open_or_close_a_quote():
    text = (
        "The imperialists’ plan and Kim’s train left. "
        '"The imperialists’ plan, Kim’s train and the imperialists\' ships are gone," '
        "Jane Doe said. The imperialists' ships left."
    )
    article, tables = analyze(text)
    body, q = article.body, tables["quotes"]
    quoted = '"The imperialists’ plan, Kim’s train and the imperialists\' ships are gone,"'
    assert rows(q) == [(quoted, "direct", "Jane Doe", "said")]
    assert q["is_closed"].tolist() == [True]
    # outside the quotation, apostrophes leave the voice alone
    first = token_voices(tables, body, "The imperialists’ plan and Kim’s train left.")
    last = token_voices(tables, body, "The imperialists' ships left.")
    assert {v for _, v, _ in first + last} == {"narrative"}


def test_nested_single_quotes_stay_inside_the_double_quote():
    body, q = quotes_of("\"They call it ‘arbitrary’ and 'lawless' again,\" Jane Doe said.")
    direct = q[q["kind"] == "direct"]
    assert rows(direct, "start", "end", "speaker") == [
        (*at(body, "\"They call it ‘arbitrary’ and 'lawless' again,\""), "Jane Doe")
    ]


def test_nested_single_quote_is_a_quotation_of_the_speaker():
    body, q = quotes_of('"They call it ‘arbitrary’ again," Jane Doe said.')
    nested = q[q["text"] == "‘arbitrary’"]
    assert rows(nested, "start", "end", "kind", "speaker") == [
        (*at(body, "‘arbitrary’"), "scare", "Jane Doe")
    ]


def test_unbalanced_quote_ends_with_its_paragraph():
    article, tables = analyze('She left "for good.\n\nNext paragraph here.')
    body, q = article.body, tables["quotes"]
    par_end = article.paragraphs[0][1]
    assert body[par_end - 1] == "." and body[par_end] == "\n"
    assert rows(q, "start", "end", "text", "is_closed") == [
        (body.index('"for'), par_end, '"for good.', False)
    ]
    assert {v for _, v, _ in token_voices(tables, body, "Next paragraph here.")} == {"narrative"}


def test_unbalanced_quote_at_the_end_of_the_article():
    body, q = quotes_of('The talks ended "in vain')
    assert rows(q, "start", "end", "is_closed") == [(body.index('"in'), len(body), False)]


def test_multi_paragraph_quote_is_one_span():
    text = "Jane Doe said: “We will go on.\n\n“We will never stop.”\n\nThe end came."
    article, tables = analyze(text)
    body, q = article.body, tables["quotes"]
    start, end = body.index("“We will go"), body.index("”") + 1
    assert rows(q, "start", "end", "kind", "speaker", "reporting_verb", "is_closed") == [
        (start, end, "direct", "Jane Doe", "said", True)
    ]
    assert "\n\n" in q["text"].iat[0]
    # both paragraphs are quoted, the second paragraph's opening mark included
    second = token_voices(tables, body, "“We will never stop.”")
    assert second[0][0] == "“" and {(v, s) for _, v, s in second} == {("quoted", "Jane Doe")}
    assert {v for _, v, _ in token_voices(tables, body, "The end came.")} == {"narrative"}


def test_multi_sentence_quote_is_one_span_with_a_pronoun_attribution():
    body, q = quotes_of('"We will go," Jane Doe said. “They came. They left.” He said.')
    assert rows(q) == [
        ('"We will go,"', "direct", "Jane Doe", "said"),
        ("“They came. They left.”", "direct", "Jane Doe", "said"),
    ]
    # the quotation spans two sentences; sent_id is the first one's
    article, tables = analyze('"We will go," Jane Doe said. “They came. They left.” He said.')
    sents = tables["sentences"]
    first = sents.loc[sents["text"] == "“They came.", "sent_id"].iat[0]
    assert q["sent_id"].iat[1] == first


def test_multi_sentence_quote_with_a_trailing_attribution():
    body, q = quotes_of('"We will go," Jane Doe said. "We came. We left," she said.')
    assert rows(q) == [
        ('"We will go,"', "direct", "Jane Doe", "said"),
        ('"We came. We left,"', "direct", "Jane Doe", "said"),
    ]


# --------------------------------------------------------------------------- kinds


def test_scare_quote_is_a_short_verbless_phrase_inside_a_sentence():
    text = (
        'The minister called it "a grave costly mistake" today. '
        'The minister called it "a grave and costly mistake" today. '
        'The minister said "we lost" on Monday. '
        '"Good luck," Jane Doe said.'
    )
    body, q = quotes_of(text)
    assert rows(q, "text", "kind") == [
        ('"a grave costly mistake"', "scare"),  # 4 words = Settings.scare_max_words, no verb
        ('"a grave and costly mistake"', "direct"),  # 5 words
        ('"we lost"', "direct"),  # a clause (finite verb)
        ('"Good luck,"', "direct"),  # nothing before it in its sentence
    ]
    assert DEFAULTS.scare_max_words == 4


def test_scare_quote_in_the_outlets_narration_has_no_speaker():
    body, q = quotes_of('The so-called "peace plan" failed.')
    assert rows(q) == [('"peace plan"', "scare", "unknown", "")]


def test_scare_quote_inside_reported_speech_takes_its_speaker():
    text = 'The two leaders discussed "arbitrary practices," the Korean Central News Agency said.'
    body, q = quotes_of(text)
    assert rows(q, "text", "kind", "speaker") == [
        ('The two leaders discussed "arbitrary practices,"', "reported", KCNA),
        ('"arbitrary practices,"', "scare", KCNA),
    ]


# --------------------------------------------------------------------------- attribution


@pytest.mark.parametrize(
    ("text", "quote", "speaker", "verb"),
    [
        ('"We will win," Jane Doe said.', '"We will win,"', "Jane Doe", "said"),
        ('"We will win," said Jane Doe.', '"We will win,"', "Jane Doe", "said"),
        ('"We will win," Jane Doe added.', '"We will win,"', "Jane Doe", "added"),
        ('Jane Doe said: "We will win."', '"We will win."', "Jane Doe", "said"),
        ('According to Jane Doe, "we will win."', '"we will win."', "Jane Doe", "according to"),
        ('"We will win." Jane Doe said.', '"We will win."', "Jane Doe", "said"),
        # a long next sentence is a sentence of its own, not an attribution
        (
            '"We will win." Jane Doe said the talks would go on for many more weeks.',
            '"We will win."',
            "unknown",
            "",
        ),
        ('"Nothing more." The talks then began at noon.', '"Nothing more."', "unknown", ""),
    ],
)
def test_attribution_patterns(text, quote, speaker, verb):
    body, q = quotes_of(text)
    direct = q[q["kind"] == "direct"]
    assert rows(direct) == [(quote, "direct", speaker, verb)]


def test_it_said_resolves_to_the_org_of_the_reported_speech_before():
    text = (
        'The two leaders discussed "arbitrary practices," the Korean Central News Agency '
        "(KCNA) said on Thursday.\n\n"
        '"They discussed the issues and reached a satisfactory agreement." It said.'
    )
    body, q = quotes_of(text)
    assert rows(q) == [
        ('The two leaders discussed "arbitrary practices,"', "reported", KCNA, "said"),
        ('"arbitrary practices,"', "scare", KCNA, "said"),
        (
            '"They discussed the issues and reached a satisfactory agreement."',
            "direct",
            KCNA,
            "said",
        ),
    ]


def test_he_said_resolves_to_the_person_quoted_before():
    body, q = quotes_of('"We will go," Jane Doe said. "We are ready," he said.')
    assert rows(q) == [
        ('"We will go,"', "direct", "Jane Doe", "said"),
        ('"We are ready,"', "direct", "Jane Doe", "said"),
    ]


def test_pronoun_resolves_to_the_nearest_source_before():
    body, q = quotes_of(
        '"We will go," Jane Doe said. "We agree," John Smith said. "We are ready," he said.'
    )
    assert q["speaker"].tolist() == ["Jane Doe", "John Smith", "John Smith"]


def test_pronoun_without_an_earlier_source_is_unknown():
    body, q = quotes_of('"We are ready," she said.')
    assert rows(q) == [('"We are ready,"', "direct", "unknown", "said")]


def test_pronoun_resolution_after_reported_speech_with_a_pronoun():
    text = (
        "Talks failed, the Foreign Ministry said on Monday. It said that a new round is "
        'planned. "The talks will resume," it said.'
    )
    body, q = quotes_of(text)
    assert rows(q, "text", "speaker") == [
        ("Talks failed", "Foreign Ministry"),
        ("a new round is planned", "Foreign Ministry"),
        ('"The talks will resume,"', "Foreign Ministry"),
    ]


def test_an_unnamed_source_is_the_same_speaker_before_or_after_the_verb():
    text = (
        '"We are ready," said the minister. "We are ready," the minister said. '
        "Ruritania will hold talks next week, the ministry said."
    )
    body, q = quotes_of(text)
    assert q["speaker"].tolist() == ["minister", "minister", "ministry"]


# --------------------------------------------------------------------------- reported speech


def test_reported_speech_ending_in_an_attribution_with_a_defined_acronym():
    text = (
        "Putin and Kim discussed military threats, the Korean Central News Agency (KCNA) "
        "said on Thursday."
    )
    body, q = quotes_of(text)
    assert rows(q, "start", "end", "kind", "speaker", "reporting_verb") == [
        (*at(body, "Putin and Kim discussed military threats"), "reported", KCNA, "said")
    ]


def test_reported_content_stops_before_the_attribution_comma():
    body, q = quotes_of("Ruritania will hold talks next week, the ministry said.")
    assert rows(q, "text", "kind", "reporting_verb") == [
        ("Ruritania will hold talks next week", "reported", "said")
    ]


@pytest.mark.parametrize(
    ("text", "content", "speaker", "verb"),
    [
        (
            "The Foreign Ministry said that the talks had failed.",
            "the talks had failed",
            "Foreign Ministry",
            "said",
        ),
        ("Jane Doe said the talks went well.", "the talks went well", "Jane Doe", "said"),
        ("KCNA said that the talks went well.", "the talks went well", KCNA, "said"),
        (
            "According to Jane Doe, the talks went well.",
            "the talks went well",
            "Jane Doe",
            "according to",
        ),
    ],
)
def test_reported_speech_opening_with_its_attribution(text, content, speaker, verb):
    body, q = quotes_of(text)
    assert rows(q, "start", "end", "kind", "speaker", "reporting_verb") == [
        (*at(body, content), "reported", speaker, verb)
    ]


def test_acronym_speaker_is_the_org_it_was_defined_for():
    text = (
        "The talks ended, the Korean Central News Agency (KCNA) said. "
        "KCNA said that the talks went well."
    )
    body, q = quotes_of(text)
    assert rows(q, "text", "speaker") == [("The talks ended", KCNA), ("the talks went well", KCNA)]


@pytest.mark.parametrize(
    "text",
    [
        "Jane Doe spoke at a news conference.",
        "He is expected to visit the city.",
        "Jane Doe refused to comment on the talks.",
    ],
)
def test_not_reported_speech(text):
    body, q = quotes_of(text)
    assert q.empty


# --------------------------------------------------------------------------- voices


def test_voice_and_speaker_of_every_token():
    text = (
        "Talks failed, the Foreign Ministry said on Monday. "
        '"We are ready," Jane Doe said. The sky is blue.'
    )
    article, tables = analyze(text)
    body, toks = article.body, tables["tokens"]
    assert list(toks.columns)[-2:] == ["voice", "speaker"]
    narrative = ("narrative", "TASS")
    expected = [(t, *narrative) for t in ["TOKYO", ",", "September", "14", ".", "/", "TASS", "/"]]
    expected += [(".", *narrative)]
    expected += [(t, "reported", "Foreign Ministry") for t in ["Talks", "failed"]]
    expected += [(t, *narrative) for t in [",", "the", "Foreign", "Ministry", "said", "on"]]
    expected += [(t, *narrative) for t in ["Monday", "."]]
    expected += [(t, "quoted", "Jane Doe") for t in ['"', "We", "are", "ready", ",", '"']]
    expected += [(t, *narrative) for t in ["Jane", "Doe", "said", ".", "The", "sky", "is"]]
    expected += [(t, *narrative) for t in ["blue", "."]]
    assert list(toks[["token", "voice", "speaker"]].itertuples(index=False, name=None)) == expected
    assert token_voices(tables, body, '"We are ready,"')[0] == ('"', "quoted", "Jane Doe")


def test_speaker_is_unknown_without_a_dateline():
    article, tables = analyze('No header here. "We will win," Jane Doe said.', header="")
    assert article.agency is None
    toks = tables["tokens"]
    assert set(toks.loc[toks["voice"] == "narrative", "speaker"]) == {"unknown"}
    assert set(toks.loc[toks["voice"] == "quoted", "speaker"]) == {"Jane Doe"}
    assert tables["sentences"]["speaker"].tolist() == ["unknown", "Jane Doe"]


def test_sentence_voice_is_the_majority_of_its_words():
    text = (
        '"We are ready," Jane Doe said. '  # quoted 3 (We are ready), narrative 3: tie -> quoted
        'According to the ministry, "talks are on." '  # narrative 4, quoted 3
        'The "peace plan" failed. '  # quoted 2, narrative 2: tie -> quoted
        "Talks failed, the Foreign Ministry said on Monday. "  # reported 2, narrative 6
        "Jane Doe said the talks went well on Monday."  # reported 5, narrative 3
    )
    article, tables = analyze(text)
    sents = tables["sentences"]
    assert list(sents.columns)[-2:] == ["voice", "speaker"]
    assert list(sents[["kind", "voice", "speaker"]].itertuples(index=False, name=None)) == [
        ("dateline", "narrative", "TASS"),
        ("text", "quoted", "Jane Doe"),
        ("text", "narrative", "TASS"),
        ("text", "quoted", "unknown"),
        ("text", "narrative", "TASS"),
        ("text", "reported", "Jane Doe"),
    ]


# --------------------------------------------------------------------------- several articles


def test_several_articles_number_their_quotes_separately(make_seeds, tmp_path):
    folder = make_seeds(
        {
            "a.txt": (HEADER + '"We will win," Jane Doe said. "We are ready," she said.').encode(),
            "b.txt": "date 2023-09-15\nMOSCOW, September 15. /RIA/. "
            "“It was fine,” John Smith said.".encode(),
        }
    )
    tables = pipeline.analyze(folder, cache_dir=tmp_path / "cache")
    q = tables["quotes"]
    assert rows(q, "article_id", "quote_id", "speaker") == [
        ("a", 1, "Jane Doe"),
        ("a", 2, "Jane Doe"),
        ("b", 1, "John Smith"),
    ]
    narrative = tables["tokens"][tables["tokens"]["voice"] == "narrative"]
    assert narrative.groupby("article_id")["speaker"].unique().map(list).to_dict() == {
        "a": ["TASS"],
        "b": ["RIA"],
    }


# --------------------------------------------------------------------------- the seed


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seed")
    shutil.copyfile(SEED_FILE, folder / SEED_FILE.name)
    corp = corpus.read_corpus(folder)
    (article,) = corp.articles
    return article, pipeline.analyze_article(article)


@pytest.fixture(scope="module")
def seed_gold():
    return evaluation.read_gold(PROJECT_ROOT / "gold" / "quotes.csv")


def test_seed_kcna_quotations(seed):
    article, tables = seed
    q = tables["quotes"]
    scare = q[q["text"] == '"arbitrary practices,"']
    assert rows(scare, "kind", "speaker") == [("scare", KCNA)]
    direct = q[q["kind"] == "direct"]
    assert len(direct) == 1
    assert direct["text"].iat[0].startswith('"They discussed with open mind')
    assert direct["text"].iat[0].endswith('consensus of views."')
    assert rows(direct, "speaker", "reporting_verb", "is_closed") == [(KCNA, "said", True)]
    # the imperialists' apostrophe inside it does not close it
    assert "imperialists' military threat" in direct["text"].iat[0]


def test_seed_quotes_match_the_gold_spans_kinds_and_speakers(seed, seed_gold):
    article, tables = seed
    key = ["start", "end", "kind", "speaker"]
    gold = seed_gold[seed_gold["article_id"] == article.article_id]
    assert len(gold) == 3
    assert rows(tables["quotes"], *key) == rows(gold, *key)
    assert tables["quotes"]["text"].tolist() == gold["text"].tolist()


def test_seed_reporting_verbs(seed, seed_gold):
    """The scare quote takes the verb of the reported speech around it, as the gold
    does (decision 2 of the quotation guidelines)."""
    article, tables = seed
    assert rows(tables["quotes"], "kind", "reporting_verb") == [
        ("reported", "said"),
        ("scare", "said"),
        ("direct", "said"),
    ]


def test_seed_quotes_equal_the_gold(seed, seed_gold):
    article, tables = seed
    key = ["start", "end", "kind", "speaker", "reporting_verb"]
    assert rows(tables["quotes"], *key) == rows(seed_gold, *key)


def test_seed_evaluation_against_the_gold(seed):
    article, tables = seed
    scores, errors, agreement = evaluation.evaluate_quotes(
        tables["quotes"], PROJECT_ROOT / "gold" / "quotes.csv"
    )
    assert evaluation.overall_f1(scores, "strict") == 1.0
    assert errors.empty
    assert agreement["agrees"].tolist() == [True, True, True]


def test_seed_token_voices(seed):
    article, tables = seed
    body, toks, sents = article.body, tables["tokens"], tables["sentences"]
    assert set(toks.loc[toks["is_dateline"], "voice"]) == {"narrative"}
    assert set(toks.loc[toks["voice"] != "narrative", "speaker"]) == {KCNA}
    assert set(toks.loc[toks["voice"] == "narrative", "speaker"]) == {"TASS"}
    attribution = token_voices(tables, body, "the Korean Central News Agency (KCNA) said")
    assert {v for _, v, _ in attribution} == {"narrative"}
    assert sents["voice"].tolist()[:4] == ["narrative", "reported", "quoted", "narrative"]
    assert set(sents["voice"].tolist()[3:]) == {"narrative"}


# --------------------------------------------------------------------------- evaluation helpers

GOLD_QUOTES = (
    "article_id,start,end,text,kind,speaker,reporting_verb\n"
    'a,0,10,"""We go,""",direct,Jane Doe,said\n'
    'a,20,30,"""a plan""",scare,unknown,\n'
    "a,40,60,the talks failed here,reported,Foreign Ministry,said\n"
)


def predicted_quotes(rows_: list[tuple]) -> pd.DataFrame:
    """A quotes table from (article_id, start, end, text, kind, speaker, verb) rows."""
    out = pd.DataFrame(
        rows_, columns=["article_id", "start", "end", "text", "kind", "speaker", "reporting_verb"]
    )
    out["quote_id"] = range(1, len(out) + 1)
    out["is_closed"] = True
    out["sent_id"] = 1
    out["via"] = ""
    out["is_resolved"] = out["speaker"] != "unknown"
    return out[voices.QUOTE_COLUMNS]


PRED_QUOTES = predicted_quotes(
    [
        ("a", 0, 10, '"We go,"', "direct", "Jane Doe", "said"),  # exact
        ("a", 22, 30, 'a plan"', "scare", "Jane Doe", ""),  # overlaps the scare quote
        ("a", 40, 60, "the talks failed here", "direct", "Foreign Ministry", "said"),  # kind
        ("z", 0, 5, '"Hi."', "direct", "unknown", ""),  # an article the gold does not annotate
    ]
)


def test_evaluate_quotes_on_a_hand_made_gold(tmp_path):
    path = tmp_path / "quotes.csv"
    path.write_text(GOLD_QUOTES, encoding="utf-8")
    assert len(evaluation.read_gold(path)) == 3
    scores, errors, agreement = evaluation.evaluate_quotes(PRED_QUOTES, path)
    # article z is dropped (not in the gold): 3 predictions against 3 gold rows.
    # strict:  direct   gold 1, pred 2, tp 1 -> P 1/2, R 1, F1 = 2*(1/2)*1/(3/2) = 2/3
    #          reported gold 1, pred 0, tp 0 -> 0, 0, 0
    #          scare    gold 1, pred 1, tp 0 (boundary) -> 0, 0, 0
    #          ALL      gold 3, pred 3, tp 1 -> 1/3, 1/3, 1/3
    # lenient: the scare quote overlaps -> scare 1, 1, 1; ALL tp 2 -> 2/3, 2/3, 2/3
    expected = [
        ("strict", "direct", 1, 2, 1, 1 / 2, 1.0, 2 / 3),
        ("strict", "reported", 1, 0, 0, 0.0, 0.0, 0.0),
        ("strict", "scare", 1, 1, 0, 0.0, 0.0, 0.0),
        ("strict", "ALL", 3, 3, 1, 1 / 3, 1 / 3, 1 / 3),
        ("lenient", "direct", 1, 2, 1, 1 / 2, 1.0, 2 / 3),
        ("lenient", "reported", 1, 0, 0, 0.0, 0.0, 0.0),
        ("lenient", "scare", 1, 1, 1, 1.0, 1.0, 1.0),
        ("lenient", "ALL", 3, 3, 2, 2 / 3, 2 / 3, 2 / 3),
    ]
    pd.testing.assert_frame_equal(
        scores, pd.DataFrame(expected, columns=evaluation.SCORE_COLUMNS), check_dtype=False
    )
    assert rows(errors, "start", "end", "error", "predicted", "gold") == [
        (22, 30, "wrong boundary", "scare", "scare"),
        (40, 60, "wrong label", "direct", "reported"),
    ]
    # speaker agreement on the gold rows a prediction of the same kind overlaps:
    # the direct quote (Jane Doe = Jane Doe) and the scare quote (unknown != Jane Doe);
    # the reported row has no reported prediction.
    assert rows(agreement, "start", "gold_value", "predicted_value", "agrees") == [
        (0, "Jane Doe", "Jane Doe", True),
        (20, "unknown", "Jane Doe", False),
    ]


def test_attribute_agreement_on_the_reporting_verb(tmp_path):
    path = tmp_path / "quotes.csv"
    path.write_text(GOLD_QUOTES, encoding="utf-8")
    gold = evaluation.read_gold(path).rename(columns={"kind": "label"})
    pred = PRED_QUOTES.rename(columns={"kind": "label"})
    agreement = evaluation.attribute_agreement(pred, gold, "reporting_verb")
    # direct: said = said; scare: '' = '' (the empty gold verb is read as '', not NaN)
    assert list(agreement.columns) == [
        "article_id", "start", "end", "text", "gold_value", "predicted_value", "agrees"
    ]  # fmt: skip
    assert rows(agreement, "start", "gold_value", "predicted_value", "agrees") == [
        (0, "said", "said", True),
        (20, "", "", True),
    ]


def test_attribute_agreement_takes_the_first_overlapping_prediction():
    gold = pd.DataFrame(
        [("a", 0, 20, "x", "direct", "Jane Doe")],
        columns=["article_id", "start", "end", "text", "label", "speaker"],
    )
    pred = pd.DataFrame(
        [("a", 10, 30, "direct", "John Smith"), ("a", 5, 8, "direct", "Jane Doe"),
         ("a", 0, 20, "scare", "Jane Doe")],
        columns=["article_id", "start", "end", "label", "speaker"],
    )  # fmt: skip
    agreement = evaluation.attribute_agreement(pred, gold, "speaker")
    # the scare row has another label; of the two direct rows the one starting first wins
    assert rows(agreement, "gold_value", "predicted_value", "agrees") == [
        ("Jane Doe", "Jane Doe", True)
    ]
    assert evaluation.attribute_agreement(pred.iloc[:0], gold, "speaker").empty


# --------------------------------------------------------------------------- wire constructions
# Sentences of our own, one per construction of news writing (issue: who speaks on real
# wire text). Speakers are the names the article gives, without titles.

NEWS = "date 2023-05-02\nSEOUL, May 2. /Reuters/. "


def news(text: str) -> tuple[str, pd.DataFrame]:
    return quotes_of(text, header=NEWS)


def test_a_quotation_inside_a_reported_clause_is_the_speakers():
    body, q = news('Turkish President Recep Erdogan said the deal "opens a new chapter for '
                   'the region."')  # fmt: skip
    direct = q[q["kind"] == "direct"]
    assert rows(direct, "text", "speaker") == [('"opens a new chapter for the region."',
                                                "Recep Erdogan")]  # fmt: skip


def test_described_as_gives_the_scare_quote_its_speaker():
    body, q = news('Foreign Minister Jan Novak described the plan as "a bad joke."')
    scare = q[q["kind"] == "scare"]
    assert rows(scare, "text", "speaker") == [('"a bad joke."', "Jan Novak")]


def test_dialogue_quotations_follow_the_sentence_naming_their_speaker():
    text = ('Prime Minister Rahul Mehta asked: "How long will it take?"\n\n'
            '"Six months," the engineer Sara Lind replied.\n\n'
            "Mehta turned to the minister again. \u201cAnd the cost?\u201d\n\n"
            "Lind smiled at the delegation. \u201cIt is within the budget.\u201d")  # fmt: skip
    body, q = news(text)
    assert rows(q, "text", "speaker") == [
        ('"How long will it take?"', "Rahul Mehta"),
        ('"Six months,"', "Sara Lind"),
        ("\u201cAnd the cost?\u201d", "Rahul Mehta"),
        ("\u201cIt is within the budget.\u201d", "Sara Lind"),
    ]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("State Department spokesman Ned Pryce said the talks would resume.", "Ned Pryce"),
        ("Deputy Foreign Minister Sun Weiming stressed that the visit was routine.",
         "Sun Weiming"),
        ("Chinese Foreign Ministry spokesperson Mao Ling told a regular briefing that the "
         "drills were legal.", "Mao Ling"),
        ("The talks were useful, State Department spokesman Ned Pryce told reporters.",
         "Ned Pryce"),
        ("Ned Pryce, a State Department spokesman, said the talks were useful.", "Ned Pryce"),
        ("The talks were useful, said Ned Pryce, who leads the delegation.", "Ned Pryce"),
        ("On Tuesday, Defense Minister Lee Jun-ho said the drills would go ahead.",
         "Lee Jun-ho"),
    ],
)  # fmt: skip
def test_titles_and_organisations_before_a_name_give_the_person(text, speaker):
    body, q = news(text)
    reported = q[q["kind"] == "reported"]
    assert rows(reported, "speaker") == [(speaker,)], rows(q)


def test_a_role_description_resolves_to_the_person_given_that_role():
    text = ("Turkish President Recep Erdogan met the delegation on Monday.\n\n"
            "The talks had been frank, the Turkish leader said.")  # fmt: skip
    body, q = news(text)
    assert rows(q, "text", "speaker", "is_resolved") == [
        ("The talks had been frank", "Recep Erdogan", True)]  # fmt: skip


@pytest.mark.parametrize("description", ["the agency", "state media", "the news agency",
                                         "the report", "the Chinese news agency"])  # fmt: skip
def test_agency_descriptions_resolve_to_the_agency_the_article_names(description):
    text = ("China's Xinhua news agency reported the visit on Sunday.\n\n"
            f"The two sides agreed to keep talking, {description} said.")  # fmt: skip
    body, q = news(text)
    row = q[q["text"] == "The two sides agreed to keep talking"]
    assert rows(row, "speaker", "is_resolved") == [("Xinhua", True)]


def test_an_unresolvable_description_stays_as_written_and_is_flagged():
    body, q = news("The drills will continue, a senior military official said.")
    assert rows(q, "speaker", "is_resolved") == [("senior military official", False)]


@pytest.mark.parametrize(
    ("text", "content", "speaker", "via"),
    [
        ("Wang Lei said the talks had been candid, Chinese state media said. China's "
         "Xinhua news agency carried the remarks.", "the talks had been candid",
         "Wang Lei", "Xinhua"),
        ("The North's Korean Central News Agency (KCNA) reported the launch. Kim Jong Un "
         "said the drills were a rehearsal for invasion, KCNA said.",
         "the drills were a rehearsal for invasion", "Kim Jong Un", KCNA),
        ("Kim Jong Un said the launch was a warning, according to the Korean Central News "
         "Agency.", "the launch was a warning", "Kim Jong Un", KCNA),
        ("The Korean Central News Agency quoted Kim Jong Un as saying the launch was a "
         "warning.", "the launch was a warning", "Kim Jong Un", KCNA),
    ],
)  # fmt: skip
def test_relay_chains_give_the_speaker_and_via(text, content, speaker, via):
    body, q = news(text)
    row = q[q["kind"] == "reported"]
    assert rows(row, "text", "speaker", "via") == [(content, speaker, via)]


def test_a_relayed_speaker_keeps_the_relay_in_the_next_quotation():
    text = ("Kim Jong Un said the drills were a rehearsal for invasion, according to the "
            "Korean Central News Agency.\n\n"
            '"We will answer every provocation," Kim said.')  # fmt: skip
    body, q = news(text)
    assert q["via"].tolist() == [KCNA, KCNA]
    assert q["speaker"].tolist() == ["Kim Jong Un", "Kim Jong Un"]


def test_the_outlet_is_never_its_own_via():
    body, q = quotes_of("Kim said the launch was a warning, according to TASS.")
    assert q["via"].tolist() == [""]


def test_an_introduced_statement_is_the_issuers_speech_paragraph_by_paragraph():
    text = ("The Foreign Ministry of Ruritania issued the following press statement on "
            "Monday:\n\n"
            "The drills of the allies are a grave threat to peace in the region.\n\n"
            "Ruritania will take every measure to defend itself.")  # fmt: skip
    body, q = quotes_of(text)
    assert rows(q, "text", "kind", "speaker", "reporting_verb") == [
        ("The drills of the allies are a grave threat to peace in the region", "reported",
         "Foreign Ministry of Ruritania", "issued"),
        ("Ruritania will take every measure to defend itself", "reported",
         "Foreign Ministry of Ruritania", "issued"),
    ]  # fmt: skip


def test_a_statement_introduced_before_a_quotation_is_direct_speech():
    text = 'The ministry said in a statement:\n\n"The drills are a threat."'
    body, q = quotes_of(text)
    assert rows(q, "kind", "speaker") == [("direct", "ministry")]


@pytest.mark.parametrize(
    ("text", "content", "verb"),
    [
        ("Jan Novak urged Ruritania to withdraw its troops.", "Ruritania to withdraw its troops",
         "urged"),
        ("Jan Novak warned that the talks could collapse.", "the talks could collapse",
         "warned"),
        ("Jan Novak denied attacking the vessels.", "attacking the vessels", "denied"),
        ("Jan Novak accused Ruritania of shelling the border.",
         "Ruritania of shelling the border", "accused"),
        ("Jan Novak told reporters that the talks could collapse.",
         "the talks could collapse", "told"),
        ("Jan Novak told reporters the talks could collapse.", "the talks could collapse",
         "told"),
        ("Jan Novak claimed the shipment had been seized.", "the shipment had been seized",
         "claimed"),
        ("Jan Novak called on Ruritania to release the crew.", "Ruritania to release the crew",
         "called"),
    ],
)  # fmt: skip
def test_reported_speech_beyond_said(text, content, verb):
    body, q = news(text)
    assert rows(q, "text", "speaker", "reporting_verb") == [(content, "Jan Novak", verb)]


def test_an_attribution_in_the_middle_of_the_sentence():
    body, q = news("The border, Jan Novak said, would stay closed until spring.")
    assert rows(q, "text", "kind", "speaker") == [
        ("The border, Jan Novak said, would stay closed until spring", "reported", "Jan Novak")
    ]


def test_a_participle_reports_speech_of_the_quotations_speaker():
    body, q = news('"We are ready," Jan Novak said, adding that the talks could resume soon.')
    assert rows(q, "text", "kind", "speaker") == [
        ('"We are ready,"', "direct", "Jan Novak"),
        ("the talks could resume soon", "reported", "Jan Novak"),
    ]


@pytest.mark.parametrize("text", ["Jan Novak condemned the attack.",
                                  "Jan Novak praised the agreement on Monday.",
                                  "Jan Novak spoke to the delegation."])  # fmt: skip
def test_a_speech_act_without_reported_content_is_not_reported_speech(text):
    body, q = news(text)
    assert q.empty


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('Pyongyang dismissed Washington\'s "concern" about the launches.', "Washington"),
        ('The drills are what Seoul calls "deterrence."', "Seoul"),
        ('The agency mocked the so-called "peace plan."', "unknown"),
    ],
)
def test_scare_quotes_belong_to_the_party_the_sentence_names(text, speaker):
    body, q = news(text)
    scare = q[q["kind"] == "scare"]
    assert scare["speaker"].tolist() == [speaker]


def test_she_said_after_a_sentence_that_opens_with_her():
    text = ('"We will go," Foreign Minister Jan Novak said.\n\n'
            "Defense Minister Ana Silva welcomed the plan. "
            "\u201cIt is good news,\u201d she said.")  # fmt: skip
    body, q = news(text)
    assert q["speaker"].tolist() == ["Jan Novak", "Ana Silva"]


def test_a_coordinated_verb_takes_the_subject_of_the_sentence():
    body, q = news('Ana Silva turned to the engineers and asked: "How long will it take?"')
    assert rows(q, "speaker") == [("Ana Silva",)]


def test_a_military_title_description_resolves_to_the_officer():
    text = ("Rear Adm. Kemal Oztan commands the task force.\n\n"
            '"Six months," the admiral replied.')  # fmt: skip
    body, q = news(text)
    assert rows(q, "speaker") == [("Kemal Oztan",)]


def test_a_statement_from_a_body_and_the_statement_said():
    text = ("The task force cleared 40 mines, according to a statement from the Ruritanian "
            "Defense Ministry. The mines drifted south, the statement said.")  # fmt: skip
    body, q = news(text)
    assert q["speaker"].str.endswith("Defense Ministry").tolist() == [True, True]


@pytest.mark.parametrize(
    ("text", "speaker", "via"),
    [
        ("U.N. official Maren Ost, who coordinates the work, said insurers were watching.",
         "Maren Ost", ""),
        ("The United Nations Command, which oversees the armistice, said it was investigating "
         "the launches.", "United Nations Command", ""),
        ("South Korea on Tuesday called on North Korea to stop the launches.", "South Korea",
         ""),
        ("Deputy Minister Ivan Sidorin said in an interview with the RIA Novosti news agency "
         "that Moscow would respond.", "Ivan Sidorin", "RIA Novosti"),
        ("In a statement carried by the Korean Central News Agency (KCNA), senior official Jo "
         "Kyong Hui said the balloons were a response.", "Jo Kyong Hui", KCNA),
        ("Hours before the launch, Defense Minister Kim Chang Ryol said the drills were a "
         "rehearsal, state media KCNA reported.", "Kim Chang Ryol", KCNA),
    ],
)  # fmt: skip
def test_subjects_with_asides_openers_and_relays(text, speaker, via):
    body, q = news(text)
    reported = q[q["kind"] == "reported"]
    assert rows(reported, "speaker", "via") == [(speaker, via)], rows(q)


def test_told_an_outlet_is_a_relay():
    text = ('"The talks failed," Chen Hao, a research fellow at a Beijing institute, told the '
            "newspaper Global Times.")  # fmt: skip
    body, q = news(text)
    assert rows(q, "speaker", "via") == [("Chen Hao", "Global Times")]


def test_an_attribution_after_a_scare_quote_in_mid_sentence():
    text = ('The unit had been placed on "maximum alert," the report said, but it gave no '
            "details. The Korean Central News Agency (KCNA) carried the report.")  # fmt: skip
    body, q = news(text)
    reported = q[q["kind"] == "reported"]
    assert len(reported) == 1 and reported["text"].iat[0].startswith("The unit had been")


def test_source_words_count_each_word_once_for_its_innermost_quotation():
    text = ('Jan Novak said the plan was "a bad joke," the agency said.\n\n'
            '"We will go," Jan Novak said.')  # fmt: skip
    article, tables = analyze(text, header=NEWS)
    out = voices.source_words(tables["quotes"], tables["tokens"])
    assert list(out.columns) == voices.SOURCE_COLUMNS
    novak = out[out["speaker"] == "Jan Novak"]
    # reported "the plan was" (3) + scare "a bad joke" (3) + direct "We will go" (3)
    assert int(novak["n_words"].sum()) == 9
    assert int(novak["n_quotes"].sum()) == 3
    assert (
        out["n_words"].sum()
        == (tables["tokens"]["voice"] != "narrative").sum()
        - (tables["tokens"]["is_punct"] & (tables["tokens"]["voice"] != "narrative")).sum()
    )


def _words_by_mask(quotes: pd.DataFrame, tokens: pd.DataFrame) -> list[int]:
    """quote_words written the slow way: every word tested against every quotation of
    its article, the innermost (latest by start, then shortest; ties in the order given)
    claiming it."""
    words = tokens[~tokens["is_punct"]]
    owner = {}
    order = sorted(
        range(len(quotes)), key=lambda i: (quotes["start"].iat[i], -quotes["end"].iat[i], i)
    )
    for i in order:
        q = quotes.iloc[i]
        inside = words[(words["article_id"] == q["article_id"]) & (words["start"] >= q["start"])
                       & (words["end"] <= q["end"])]  # fmt: skip
        owner.update(dict.fromkeys(inside.index, i))
    return [list(owner.values()).count(i) for i in range(len(quotes))]


def test_quote_words_gives_each_word_to_its_innermost_quotation():
    """Nested, adjacent and identical spans, an article without words and a quotation
    of an article without tokens; rows of both tables in any order."""
    tokens = pd.DataFrame({
        "article_id": ["a"] * 8 + ["b"] * 3 + ["c"],
        "start": [0, 3, 6, 9, 12, 15, 18, 21, 0, 4, 8, 0],
        "end": [2, 5, 8, 11, 14, 17, 20, 22, 3, 7, 9, 1],
        "is_punct": [False] * 7 + [True, False, False, True, True],
    })  # fmt: skip
    quotes = pd.DataFrame({
        "article_id": ["a", "a", "a", "a", "b", "b", "c", "z"],
        "start": [0, 3, 12, 12, 0, 0, 0, 0],
        "end": [22, 9, 17, 17, 7, 3, 1, 5],
    })  # fmt: skip
    expected = _words_by_mask(quotes, tokens)
    assert expected == [3, 2, 0, 2, 1, 1, 0, 0]  # the second of two equal spans wins
    assert voices.quote_words(quotes, tokens)["n_words"].tolist() == expected
    shuffled = tokens.sample(frac=1, random_state=3)
    assert voices.quote_words(quotes, shuffled)["n_words"].tolist() == expected
    reordered = quotes.iloc[::-1].reset_index(drop=True)
    assert voices.quote_words(reordered, tokens)["n_words"].tolist() == _words_by_mask(
        reordered, tokens
    )
    none = voices.quote_words(quotes.iloc[:0], tokens)
    assert none["n_words"].tolist() == [] and "n_words" in none
    # A start before the text reaches no word of the article before it.
    early = pd.DataFrame({"article_id": ["b"], "start": [-5], "end": [7]})
    assert voices.quote_words(early, tokens)["n_words"].tolist() == [2]
    overlapping = pd.DataFrame({"article_id": ["a", "a"], "start": [0, 0], "end": [9, 5],
                                "is_punct": [False, False]})  # fmt: skip
    with pytest.raises(ValueError, match="overlap"):
        voices.quote_words(early.assign(article_id="a"), overlapping)


def test_find_quotes_on_no_tokens_gives_object_columns_of_voices():
    """The wrapper of quote_columns gives an empty table's voice and speaker as objects,
    as it did before the rules ran on lists (pandas makes empty lists floats)."""
    article = corpus.parse_article(b'"Hello there," he said. Fine.', "a.txt")
    sentences, tokens = nlp.Annotator().annotate(article)
    mentions = entities.find_mentions(tokens)
    _, toks, sents = voices.find_quotes(article, sentences, tokens.iloc[:0], mentions.iloc[:0])
    assert len(toks) == 0 and toks[["voice", "speaker"]].dtypes.tolist() == [object, object]
    _, toks, sents = voices.find_quotes(article, sentences, tokens, mentions)
    assert str(toks["voice"].dtype) == str(sents["speaker"].dtype) == "str"


def test_relay_summary_in_words():
    article, tables = analyze("Kim Jong Un said the launch was a warning, according to the "
                              "Korean Central News Agency.", header=NEWS)  # fmt: skip
    sourcing = voices.source_words(tables["quotes"], tables["tokens"])
    assert chapters.relay_summary(tables["quotes"], sourcing) == (
        f"1 stretch of speech reaches the articles at second hand, most words through {KCNA}"
    )
    none = tables["quotes"].assign(via="")
    assert chapters.relay_summary(none, sourcing.assign(via="")).startswith("no stretch")


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Gan Yu, a spokesperson for the coast guard, said the vessels had left.", "Gan Yu"),
        ("Ukraine's chief delegate Rostyk Umarov said the talks would go on.", "Rostyk Umarov"),
    ],
)
def test_names_no_gazetteer_knows_are_speakers_by_their_role(text, speaker):
    body, q = news(text)
    assert rows(q[q["kind"] == "reported"], "speaker") == [(speaker,)]


def test_a_participle_after_a_quotation_of_two_sentences_takes_its_speaker():
    text = ('"We are ready. We will not wait," Jan Novak said, adding that the talks could '
            "resume soon.")  # fmt: skip
    body, q = news(text)
    reported = q[q["kind"] == "reported"]
    assert rows(reported, "text", "speaker") == [("the talks could resume soon", "Jan Novak")]


def test_a_second_introduced_statement_ends_the_first():
    text = ("The Foreign Ministry of Ruritania issued the following statement on Monday:\n\n"
            "The drills are a grave threat to peace.\n\n"
            "The Defense Ministry of Ruritania released the following statement:\n\n"
            "The army is ready to defend the country.")  # fmt: skip
    body, q = quotes_of(text)
    reported = q[q["kind"] == "reported"]
    assert rows(reported, "text", "speaker") == [
        ("The drills are a grave threat to peace", "Foreign Ministry of Ruritania"),
        ("The army is ready to defend the country", "Defense Ministry of Ruritania"),
    ]


def test_unresolved_share_is_the_percentage_of_words_without_a_named_speaker():
    sourcing = pd.DataFrame({"speaker": ["A", "official"], "via": ["", ""],
                             "is_resolved": [True, False], "n_quotes": [1, 1],
                             "n_words": [30, 10]})  # fmt: skip
    assert voices.unresolved_share(sourcing) == 25.0
    assert voices.unresolved_share(sourcing.iloc[0:0]) == 0.0


# ----------------------------------------------------- relays after a quotation's own attribution


@pytest.mark.parametrize(
    ("text", "via"),
    [
        ('Defence Minister Park Sung-ho said "The drills will go ahead as planned", Yonhap '
         "reported.", "Yonhap"),
        ('"The drills will go ahead as planned," Defence Minister Park Sung-ho said, Yonhap '
         "reported.", "Yonhap"),
        ('Defence Minister Park Sung-ho said "The drills will go ahead as planned", the Yonhap '
         "News Agency reported.", "Yonhap News Agency"),
    ],
)  # fmt: skip
def test_a_quotation_attributed_before_and_relayed_after_keeps_its_speaker(text, via):
    _, tables = analyze(text)
    q = tables["quotes"]
    assert rows(q, "kind", "speaker", "via") == [("direct", "Park Sung-ho", via)]
    # the relay is the via of the quotation, not a second passage of reported speech


def test_an_agency_quoted_by_name_is_still_the_speaker():
    # no one else is named before the quotation: the agency speaks
    _, tables = analyze('"The visit was a great success," Xinhua said.')
    assert rows(tables["quotes"], "speaker", "via") == [("Xinhua", "")]


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        ("Beijing has maintained close contact with Seoul and Tokyo on the issue for years.", []),
        ("The ministry maintained that the tests posed no threat to anyone.",
         ["the tests posed no threat to anyone"]),
    ],
)  # fmt: skip
def test_maintain_reports_speech_only_with_that(text, reported):
    _, tables = analyze(text)
    q = tables["quotes"]
    assert q.loc[q["kind"] == "reported", "text"].tolist() == reported


def test_quotes_and_mentions_do_not_depend_on_the_order_of_the_rows(seed):
    """The detectors read an article's tokens and sentences in text order, whatever
    order and index the rows come in."""
    article, tables = seed
    sentences = tables["sentences"].drop(columns=["voice", "speaker"])
    tokens = tables["tokens"].drop(columns=["voice", "speaker"])
    shuffled_tokens = tokens.sample(frac=1, random_state=3).set_axis(range(7, 7 + len(tokens)))
    shuffled_sentences = sentences.sample(frac=1, random_state=3)
    mentions = entities.find_mentions(shuffled_tokens)
    pd.testing.assert_frame_equal(mentions, tables["entities"])
    quotes, got_tokens, got_sentences = voices.find_quotes(
        article, shuffled_sentences, shuffled_tokens, mentions
    )
    pd.testing.assert_frame_equal(quotes, tables["quotes"])
    pd.testing.assert_frame_equal(got_tokens, tables["tokens"])
    pd.testing.assert_frame_equal(got_sentences, tables["sentences"])
