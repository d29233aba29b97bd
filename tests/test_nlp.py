"""Sentences, tokens, POS tags, lemmas (newsframes.analysis.nlp)."""

from __future__ import annotations

import re

import pytest
from conftest import SEED_FILE

from newsframes.analysis import corpus, nlp, schema, tagger

pytestmark = pytest.mark.usefixtures("project_folders_untouched", "isolated_env")

# The annotation's columns: the schema's, without what the voices module adds.
SENTENCE_COLUMNS = schema.columns("sentences", without=schema.VOICE_COLUMNS)
MINIMAL_TOKEN_COLUMNS = [
    c for c in schema.MINIMAL_COLUMNS["tokens"] if c not in ("voice", "speaker")
]


@pytest.fixture(scope="module")
def annotator():
    return nlp.Annotator()


@pytest.fixture(scope="module")
def seed(annotator):
    article = corpus.parse_article(SEED_FILE.read_bytes(), SEED_FILE.name)
    sentences, tokens = annotator.annotate(article)
    return article, sentences, tokens


def annotate_text(annotator, text: str):
    article = corpus.parse_article(text.encode("utf-8"), "snippet.txt")
    assert article is not None
    sentences, tokens = annotator.annotate(article)
    return article, sentences, tokens


def assert_offsets_consistent(article, sentences, tokens):
    """Every token is its body slice, tokens cover every non-space character of every
    sentence in order, and sentences are their body slices."""
    body = article.body
    for s in sentences.itertuples():
        assert body[s.start : s.end] == s.text
        sent_tokens = tokens[tokens["sent_id"] == s.sent_id]
        assert len(sent_tokens) == s.n_tokens
        assert "".join(sent_tokens["token"]) == re.sub(r"\s+", "", s.text)
        assert sent_tokens["start"].min() >= s.start and sent_tokens["end"].max() <= s.end
    for t in tokens.itertuples():
        assert body[t.start : t.end] == t.token
        assert t.token and not re.search(r"\s", t.token)
    starts, ends = tokens["start"].tolist(), tokens["end"].tolist()
    assert all(e <= s for e, s in zip(ends, starts[1:], strict=False))  # ordered, disjoint


# --------------------------------------------------------------------------- the seed


def test_token_columns_keep_the_design_columns():
    assert nlp.SENTENCE_COLUMNS == SENTENCE_COLUMNS
    assert nlp.TOKEN_COLUMNS[: len(MINIMAL_TOKEN_COLUMNS)] == MINIMAL_TOKEN_COLUMNS
    assert "is_dateline" in nlp.TOKEN_COLUMNS
    assert len(set(nlp.TOKEN_COLUMNS)) == len(nlp.TOKEN_COLUMNS)


def test_seed_table_columns(seed):
    _, sentences, tokens = seed
    assert list(sentences.columns) == SENTENCE_COLUMNS
    assert list(tokens.columns) == nlp.TOKEN_COLUMNS
    assert tokens[["is_stop", "is_punct", "is_dateline"]].dtypes.eq(bool).all()
    assert set(sentences["article_id"]) == set(tokens["article_id"]) == {SEED_FILE.stem}


def test_seed_offsets(seed):
    article, sentences, tokens = seed
    assert_offsets_consistent(*seed)
    # every non-space character of the body is in exactly one token
    assert "".join(tokens["token"]) == re.sub(r"\s+", "", article.body)


def test_seed_dateline_is_its_own_sentence(seed):
    _, sentences, _ = seed
    first = sentences.iloc[0]
    assert (first["sent_id"], first["par_id"], first["start"]) == (1, 1, 0)
    assert first["kind"] == "dateline"
    assert first["text"] == "TOKYO, September 14. /TASS/."
    assert (sentences["kind"].iloc[1:] == "text").all()
    assert sentences.iloc[1]["text"].startswith("Russian President Vladimir Putin")


def test_seed_dateline_tokens(seed):
    _, sentences, tokens = seed
    # "TOKYO, September 14. /TASS/." split into words and punctuation marks
    expected = ["TOKYO", ",", "September", "14", ".", "/", "TASS", "/", "."]
    assert tokens["token"].tolist()[: len(expected)] == expected
    assert sentences.iloc[0]["n_tokens"] == len(expected)
    assert tokens["is_dateline"].tolist() == [True] * len(expected) + [False] * (
        len(tokens) - len(expected)
    )
    dateline = tokens.head(len(expected))
    assert dateline["is_punct"].tolist() == [t in {",", ".", "/"} for t in expected]
    assert not dateline["is_stop"].any()


def test_seed_sentences_stay_in_their_paragraph(seed):
    article, sentences, _ = seed
    assert sentences["sent_id"].tolist() == list(range(1, len(sentences) + 1))
    assert sentences["par_id"].is_monotonic_increasing
    assert set(sentences["par_id"]) == set(range(1, len(article.paragraphs) + 1))
    for s in sentences.itertuples():
        p_start, p_end = article.paragraphs[s.par_id - 1]
        assert p_start <= s.start < s.end <= p_end
        assert s.text == s.text.strip() and "\n\n" not in s.text
    assert all(e < s for e, s in zip(sentences["end"], sentences["start"].iloc[1:], strict=False))


def test_seed_sentences_per_paragraph(seed):
    # Read off the text: (1) dateline + "Russian President ... said on Thursday."; (2) the
    # long quote ending 'consensus of views."' + "It said."; (3) three sentences
    # ("Russian President ...", "Both leaders ...", "The agenda ..."); (4) "Although ...";
    # (5) "The North Korean leader ...", "Russia is ...", "Kim's previous ...",
    # "He arrived ...", "His talks ...".
    _, sentences, _ = seed
    assert sentences.groupby("par_id").size().tolist() == [2, 2, 3, 1, 5]
    assert sentences.loc[sentences["par_id"] == 2, "text"].iloc[-1] == "It said."


def test_seed_tok_ids_run_through_the_article(seed):
    _, sentences, tokens = seed
    assert tokens["tok_id"].tolist() == list(range(1, len(tokens) + 1))
    assert tokens["sent_id"].is_monotonic_increasing
    assert sentences["n_tokens"].sum() == len(tokens)
    assert (sentences["n_tokens"] > 0).all()


def test_seed_apostrophes(seed):
    _, _, tokens = seed
    toks = tokens["token"].tolist()
    # "imperialists’ "arbitrary practices,"" (curly) and "imperialists' military" (straight)
    i = toks.index("imperialists")
    assert toks[i : i + 3] == ["imperialists", "’", '"']
    j = toks.index("imperialists", i + 1)
    assert toks[j : j + 3] == ["imperialists", "'", "military"]
    # "Kim’s visit", "country’s borders", "Russia’s Far Eastern"
    assert toks.count("’s") == 4
    k = toks.index("country")
    assert toks[k : k + 2] == ["country", "’s"]


def test_seed_lemmas(seed):
    _, _, tokens = seed
    lemma = tokens.groupby("token")["lemma"].agg(set).to_dict()
    assert lemma["said"] == {"say"}
    assert lemma["imperialists"] == {"imperialist"}
    assert lemma["Putin"] == {"Putin"}
    assert lemma["countries"] == {"country"}
    assert lemma["held"] == {"hold"}
    assert lemma["’s"] == {"'s"}


def test_seed_lower_and_pos(seed):
    _, _, tokens = seed
    assert (tokens["lower"] == tokens["token"].str.lower()).all()
    row = tokens[tokens["token"] == "Putin"].iloc[0]
    assert row["pos"] == "NNP"
    assert set(tokens.loc[tokens["token"] == ",", "pos"]) == {","}
    assert tokens["pos"].str.fullmatch(r"[A-Z$,.:()`']+").all()


def test_seed_stop_and_punct_flags(seed):
    _, _, tokens = seed
    flags = tokens.groupby("token")[["is_stop", "is_punct"]].agg(set).to_dict("index")
    assert flags["the"] == {"is_stop": {True}, "is_punct": {False}}
    assert flags["’s"] == {"is_stop": {True}, "is_punct": {False}}
    assert flags[","] == {"is_stop": {False}, "is_punct": {True}}
    assert flags["Putin"] == {"is_stop": {False}, "is_punct": {False}}
    assert flags['"']["is_punct"] == {True}


# --------------------------------------------------------------------------- snippets


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said “we will win” — and left.",
         ["He", "said", "“", "we", "will", "win", "”", "—", "and", "left", "."]),
        ('He said "we will win" - and left.',
         ["He", "said", '"', "we", "will", "win", '"', "-", "and", "left", "."]),
        ("The U.S. envoy met Kim’s aide.",
         ["The", "U.S.", "envoy", "met", "Kim", "’s", "aide", "."]),
        ("The U.S. envoy met Kim's aide.",
         ["The", "U.S.", "envoy", "met", "Kim", "'s", "aide", "."]),
        ("the imperialists’ military threat",
         ["the", "imperialists", "’", "military", "threat"]),
        ("the imperialists' military threat",
         ["the", "imperialists", "'", "military", "threat"]),
        ("They can't stop it.", ["They", "ca", "n't", "stop", "it", "."]),
        ("They can’t stop it.", ["They", "ca", "n’t", "stop", "it", "."]),
        ("A five-hour-long, well-known meeting.",
         ["A", "five-hour-long", ",", "well-known", "meeting", "."]),
        ("peace—and war", ["peace", "—", "and", "war"]),
        ("peace -- and war", ["peace", "--", "and", "war"]),
        ("‘Hello,’ she said.", ["‘", "Hello", ",", "’", "she", "said", "."]),
        ("„Nein“, said Kim.", ["„", "Nein", "“", ",", "said", "Kim", "."]),
        ("It cost $5.5 billion (about 10%).",
         ["It", "cost", "$", "5.5", "billion", "(", "about", "10", "%", ")", "."]),
        ("He wrote ``no'' twice.", ["He", "wrote", "``", "no", "''", "twice", "."]),
        ('x "" y', ["x", '"', '"', "y"]),
    ],
)  # fmt: skip
def test_snippet_tokens(annotator, text, expected):
    article, sentences, tokens = annotate_text(annotator, text)
    assert tokens["token"].tolist() == expected
    assert_offsets_consistent(article, sentences, tokens)


@pytest.mark.parametrize(
    "text",
    [
        "She said: “We won’t.” It ended.",
        "Mr. Kim arrived at 5 p.m. on Monday.\nHe left\ton\u00a0Tuesday.",
        "“Kim’s” ‘quote’ „low“ — and “more.”",
        "He said ‘’ hmm, '' and `` too.",
        "rock 'n' roll in the '90s; 'tis o'clock, gonna cannot.",
        "A [bracketed] {braced} <angled> & … «guillemets» remark?!",
        "He wrote \"A 'quoted' word\".",
    ],
)
def test_offsets_hold_on_hard_snippets(annotator, text):
    assert_offsets_consistent(*annotate_text(annotator, text))


def test_sentences_never_cross_paragraphs(annotator):
    # Without the paragraph split, Punkt would read "He said\n\nthat it was fine." as one.
    article, sentences, _ = annotate_text(annotator, "He said\n\nthat it was fine.")
    assert sentences[["par_id", "text"]].values.tolist() == [
        [1, "He said"],
        [2, "that it was fine."],
    ]
    assert (sentences["kind"] == "text").all()


def test_sentence_text_is_stripped(annotator):
    text = "First line.\nSecond line.\n\n  Third para.  \n \n\tFourth para. Fifth one.  "
    article, sentences, tokens = annotate_text(annotator, text)
    assert sentences["text"].tolist() == [
        "First line.", "Second line.", "Third para.", "Fourth para.", "Fifth one.",
    ]  # fmt: skip
    assert sentences["par_id"].tolist() == [1, 1, 2, 3, 3]
    assert_offsets_consistent(article, sentences, tokens)


def test_dateline_alone_in_its_paragraph(annotator):
    text = "date 2023-09-14\nTOKYO, Sept. 14. /TASS/.\n\nBody here. Second one."
    article, sentences, tokens = annotate_text(annotator, text)
    assert sentences[["par_id", "kind", "text"]].values.tolist() == [
        [1, "dateline", "TOKYO, Sept. 14. /TASS/."],
        [2, "text", "Body here."],
        [2, "text", "Second one."],
    ]
    assert_offsets_consistent(article, sentences, tokens)


@pytest.mark.parametrize(
    ("dateline", "expected"),
    [
        ("TOKYO, September 14. /TASS/.",
         ["TOKYO", ",", "September", "14", ".", "/", "TASS", "/", "."]),
        ("TOKYO, Sept. 14. /TASS/.", ["TOKYO", ",", "Sept", ".", "14", ".", "/", "TASS", "/", "."]),
        ("NEW YORK, Sep 14 /Itar-Tass/",
         ["NEW", "YORK", ",", "Sep", "14", "/", "Itar", "-", "Tass", "/"]),
        ("MOSCOW, /TASS/.", ["MOSCOW", ",", "/", "TASS", "/", "."]),
    ],
)  # fmt: skip
def test_dateline_tokens_are_words_and_punctuation_marks(annotator, dateline, expected):
    article, sentences, tokens = annotate_text(annotator, f"date 2023-09-14\n{dateline} Kim met.")
    assert sentences["kind"].tolist() == ["dateline", "text"]
    assert tokens.loc[tokens["is_dateline"], "token"].tolist() == expected
    assert tokens.loc[~tokens["is_dateline"], "token"].tolist() == ["Kim", "met", "."]
    assert (tokens["is_dateline"] == (tokens["sent_id"] == 1)).all()
    assert_offsets_consistent(article, sentences, tokens)


def test_no_dateline_no_dateline_sentence(annotator):
    _, sentences, _ = annotate_text(annotator, "date 2023-09-14\nPutin met Kim. They talked.")
    assert sentences["kind"].tolist() == ["text", "text"]
    assert sentences["text"].tolist() == ["Putin met Kim.", "They talked."]


def test_tok_ids_and_sent_ids_across_paragraphs(annotator):
    text = "Kim arrived.\n\nPutin waited. They met.\n\nIt ended."
    _, sentences, tokens = annotate_text(annotator, text)
    assert sentences["sent_id"].tolist() == [1, 2, 3, 4]
    assert sentences["par_id"].tolist() == [1, 2, 2, 3]
    assert tokens["tok_id"].tolist() == list(range(1, 13))
    assert tokens["sent_id"].tolist() == [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]


def test_annotate_is_deterministic(annotator):
    text = "Putin met Kim’s aide. They discussed “threats.”"
    _, s1, t1 = annotate_text(annotator, text)
    _, s2, t2 = annotate_text(annotator, text)
    assert s1.equals(s2) and t1.equals(t2)


# --------------------------------------------------------------------------- lemmas, flags


@pytest.mark.parametrize(
    ("word", "tag", "lemma"),
    [
        ("said", "VBD", "say"),
        ("imperialists", "NNS", "imperialist"),
        ("Putin", "NNP", "Putin"),
        ("KCNA", "NNP", "KCNA"),
        ("countries", "NNS", "country"),
        ("were", "VBD", "be"),
        ("The", "DT", "the"),
        ("Stronger", "JJR", "strong"),
        ("'s", "POS", "'s"),
        (",", ",", ","),
    ],
)
def test_lemmatize(word, tag, lemma):
    assert nlp.lemmatize(word, tag) == lemma


@pytest.mark.parametrize(
    ("word", "tag", "lemma"),
    [("other", "JJ", "other"), ("high-handed", "JJ", "high-handed"),
     ("Komsomolsk-on-Amur", "NNP", "Komsomolsk-on-Amur"), ("McDonald", "NNP", "McDonald"),
     ("Russians", "NNPS", "Russian"), ("consituted", "VBD", "consitute")],
)  # fmt: skip
def test_lemmatize_keeps_case_and_avoids_bad_suffix_guesses(word, tag, lemma):
    assert nlp.lemmatize(word, tag) == lemma


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        (",", True), ("—", True), ("“", True), ("”", True), ("’", True), ('"', True),
        ("(", True), ("...", True), ("$", True), ("%", True), ("--", True),
        ("U.S.", False), ("14.", False), ("’s", False), ("n't", False), ("Kim", False),
        ("/TASS/", False), ("", False),
    ],
)  # fmt: skip
def test_is_punct(token, expected):
    assert nlp.is_punct(token) is expected


def test_stop_flags_on_snippet(annotator):
    _, _, tokens = annotate_text(annotator, "The envoy met Kim’s aide, but they can't stay.")
    flags = dict(zip(tokens["token"], tokens["is_stop"], strict=True))
    assert flags["The"] and flags["’s"] and flags["n't"] and flags["they"]
    assert not flags["envoy"] and not flags["Kim"] and not flags[","]


def test_annotator_requires_the_nltk_data(monkeypatch, tmp_path):
    import nltk

    from newsframes.analysis import resources

    monkeypatch.setattr(nltk.data, "path", [str(tmp_path)])
    monkeypatch.setattr(resources, "LOCAL_NLTK_DATA", tmp_path / "local")
    with pytest.raises(LookupError, match="punkt_tab"):
        nlp.Annotator()


# ---------------------------------------------------------------- the dense tagger


def test_dense_tagger_gives_nltk_perceptron_tags_on_brown():
    """Same tags as NLTK's PerceptronTagger on 3,000 Brown sentences (news, editorial,
    fiction: 57,695 tokens, 22,555 of them scored by the model, the rest from its tag
    dictionary). All 57,340 Brown sentences were compared once by hand, also equal."""
    from nltk.corpus import brown
    from nltk.tag.perceptron import PerceptronTagger

    reference = PerceptronTagger()
    dense = tagger.DenseTagger(reference)
    sents = [
        list(s) for c in ("news", "editorial", "fiction") for s in brown.sents(categories=c)[:1000]
    ]
    assert [dense.tag(s) for s in sents] == [reference.tag(s) for s in sents]


def test_dense_tagger_tags_many_sentences_as_one_at_a_time():
    """tag_many gives the tags of tag for each sentence, in batches of any size (one
    sentence, an article's, a batch of articles'; empty sentences among them): the same
    3,000 Brown sentences, whose scores are summed by one matrix sum per position."""
    from nltk.corpus import brown
    from nltk.tag.perceptron import PerceptronTagger

    reference = PerceptronTagger()
    dense = tagger.DenseTagger(reference)
    sents = [
        list(s) for c in ("news", "editorial", "fiction") for s in brown.sents(categories=c)[:1000]
    ]
    sents[5:5] = [[], ["a"] * 40, []]
    one = [[tag for _, tag in reference.tag(s)] for s in sents]  # NLTK's own tags
    for size in (1, 12, 200, len(sents)):
        many = [
            tags for i in range(0, len(sents), size) for tags in dense.tag_many(sents[i : i + size])
        ]
        assert many == one, size
    assert dense.tag_many([]) == [] and dense.tag_many([[]]) == [[]]


@pytest.mark.parametrize(
    "tokens",
    [
        [],
        [""],
        ["-"],
        ["1961", "and", "12", "well-known", "-START-", "anti-", "x"],
        ["Kim", "’s", "“", "visit", "”", "U.S.", "..."],
        ["a"] * 40,
    ],
)
def test_dense_tagger_on_odd_tokens(tokens):
    from nltk.tag.perceptron import PerceptronTagger

    reference = PerceptronTagger()
    dense = tagger.DenseTagger(reference)
    assert dense.tag(tokens) == reference.tag(tokens)
    assert dense.tag_many([tokens, tokens[::-1]]) == [
        [tag for _, tag in reference.tag(t)] for t in (tokens, tokens[::-1])
    ]


def test_dense_tagger_breaks_ties_as_nltk_does():
    """When scores tie (here every tag scores 0: no feature is known), NLTK's predict
    takes the alphabetically last tag (``max`` over ``(score, tag)``)."""
    from nltk.tag.perceptron import PerceptronTagger

    reference = PerceptronTagger()
    dense = tagger.DenseTagger(reference)
    dense.matrix[:] = 0.0  # every tag scores 0 for every token the dictionary leaves
    sents = [["Zorblax", "quintled", "the", "frimble"], ["Grunt"], []]
    last = max(reference.classes)
    expected = [[reference.tagdict.get(w) or last for w in s] for s in sents]
    assert dense.tag_many(sents) == expected
    assert last in expected[0]  # not vacuous: some tokens were scored
    assert reference.model.predict({"no such feature": 1})[0] == max(reference.classes)


def test_annotator_tags_with_the_dense_tagger(annotator):
    assert isinstance(annotator.tagger, tagger.DenseTagger)
