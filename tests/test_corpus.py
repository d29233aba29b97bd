"""Reading and validating the seeds folder (newsframes.analysis.corpus)."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest
from conftest import SEED_FILE, SEEDS_DIR, snapshot

from newsframes.analysis import corpus

pytestmark = pytest.mark.usefixtures("project_folders_untouched", "isolated_env")

BODY = b"TOKYO, September 14. /TASS/. Russian President Vladimir Putin met Kim."


def problems_of(folder):
    """The problems table as a list of (source_file, severity, message)."""
    return list(corpus.read_corpus(folder).problems.itertuples(index=False, name=None))


def only_article(folder):
    corp = corpus.read_corpus(folder)
    assert len(corp.articles) == 1, corp.problems
    return corp.articles[0], corp.problems


# --------------------------------------------------------------------------- headers


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(b" date 2023-09-14 " + BODY, id="date-and-dateline-on-one-line"),
        pytest.param(b"date 2023-09-14\n" + BODY, id="two-lines"),
        pytest.param(b"  \n\t date 2023-09-14\n   " + BODY, id="leading-whitespace"),
        pytest.param(b"date 2023-09-14\n\n" + BODY, id="blank-line-after-date"),
        pytest.param(b"Date: 2023-09-14\n" + BODY, id="Date-colon"),
        pytest.param(b"DATE 2023-09-14 " + BODY, id="upper-case"),
    ],
)
def test_header_variants(make_seeds, raw):
    art, problems = only_article(make_seeds({"a.txt": raw}))
    assert problems.empty, problems.to_dict("records")
    assert (art.date, art.dateline, art.agency) == ("2023-09-14", "TOKYO", "TASS")
    assert art.body == BODY.decode()  # the body starts at the dateline
    assert art.dateline_span == (0, len("TOKYO, September 14. /TASS/."))


@pytest.mark.parametrize(
    ("dateline", "city", "agency"),
    [
        ("TOKYO, Sept. 14. /TASS/.", "TOKYO", "TASS"),
        ("TOKYO, Sep 14 /TASS/.", "TOKYO", "TASS"),
        ("NEW YORK, Dec. 1. /AP/.", "NEW YORK", "AP"),
        ("MOSCOW, /TASS/.", "MOSCOW", "TASS"),
        ("Vladivostok, June 3. /RIA Novosti/", "Vladivostok", "RIA Novosti"),
    ],
)
def test_dateline_variants(make_seeds, dateline, city, agency):
    raw = f"date 2023-09-14\n{dateline} Body text here.".encode()
    art, problems = only_article(make_seeds({"a.txt": raw}))
    assert problems.empty, problems.to_dict("records")
    assert (art.dateline, art.agency) == (city, agency)
    start, end = art.dateline_span
    assert art.body[start:end] == dateline


def test_seed_header():
    art, problems = only_article(SEEDS_DIR)
    assert problems.empty
    assert art.date == "2023-09-14"
    assert art.dateline == "TOKYO"
    assert art.agency == "TASS"
    assert art.body.startswith("TOKYO, September 14. /TASS/. Russian President")
    assert art.body[slice(*art.dateline_span)] == "TOKYO, September 14. /TASS/."
    assert not art.body.startswith(" ") and "date 2023" not in art.body


def test_missing_header_is_a_warning_and_the_article_is_analyzed(make_seeds):
    raw = b"Putin met Kim on Wednesday.\n\nThey talked for five hours."
    art, problems = only_article(make_seeds({"plain.txt": raw}))
    assert (art.date, art.dateline, art.agency, art.dateline_span) == (None, None, None, None)
    assert art.body == raw.decode()
    assert len(art.paragraphs) == 2
    assert problems["severity"].tolist() == ["warning"]
    assert "no header" in problems.loc[0, "message"]


def test_date_without_dateline(make_seeds):
    art, problems = only_article(make_seeds({"a.txt": b"date 2023-09-14\nPutin met Kim."}))
    assert art.date == "2023-09-14"
    assert (art.dateline, art.agency) == (None, None)
    assert art.body == "Putin met Kim."
    assert problems["severity"].tolist() == ["warning"]
    assert "no dateline" in problems.loc[0, "message"]


def test_dateline_without_date(make_seeds):
    art, problems = only_article(make_seeds({"a.txt": BODY}))
    assert (art.date, art.dateline, art.agency) == (None, "TOKYO", "TASS")
    assert problems["severity"].tolist() == ["warning"]
    assert "no 'date YYYY-MM-DD' line" in problems.loc[0, "message"]


@pytest.mark.parametrize("bad_date", ["2023-02-30", "20230914", "2023-13-01", "14.09.2023"])
def test_invalid_date_is_a_warning_and_date_is_empty(make_seeds, bad_date):
    raw = f"date {bad_date}\n".encode() + BODY
    art, problems = only_article(make_seeds({"a.txt": raw}))
    assert art.date is None
    assert (art.dateline, art.agency) == ("TOKYO", "TASS")  # the rest is still read
    assert art.body == BODY.decode()
    assert problems["severity"].tolist() == ["warning"]
    assert f"'{bad_date}'" in problems.loc[0, "message"]


@pytest.mark.parametrize(
    "raw", [b"Dates for the summit were set in Moscow.", b"Datelines are hard to parse."]
)
def test_body_starting_with_a_date_word_is_not_a_header(make_seeds, raw):
    art, _ = only_article(make_seeds({"a.txt": raw}))
    assert art.body == raw.decode()
    assert art.date is None


# --------------------------------------------------------------------------- encodings


def test_bom_is_removed_with_a_warning(make_seeds):
    raw = b"\xef\xbb\xbfdate 2023-09-14\n" + BODY
    art, problems = only_article(make_seeds({"bom.txt": raw}))
    assert "\ufeff" not in art.body
    assert art.body == BODY.decode()
    assert art.date == "2023-09-14"  # the header is still recognized after the BOM
    assert art.sha256 == hashlib.sha256(raw).hexdigest()  # of the raw bytes, BOM included
    assert problems["severity"].tolist() == ["warning"]
    assert "byte-order mark" in problems.loc[0, "message"]


@pytest.mark.parametrize("eol", [b"\r\n", b"\r"], ids=["CRLF", "CR"])
def test_windows_and_mac_line_ends_become_lf(make_seeds, eol):
    raw = eol.join([b"date 2023-09-14", BODY, b"", b"Second paragraph.", b""])
    art, problems = only_article(make_seeds({"crlf.txt": raw}))
    assert "\r" not in art.body
    assert art.body == BODY.decode() + "\n\nSecond paragraph."
    assert [art.body[a:b] for a, b in art.paragraphs] == [BODY.decode(), "Second paragraph."]
    assert art.date == "2023-09-14"
    assert problems["severity"].tolist() == ["warning"]
    assert "line ends were read as LF" in problems.loc[0, "message"]


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        pytest.param(b"", "empty", id="empty"),
        pytest.param(b"  \n\n\t \r\n", "empty", id="whitespace-only"),
        pytest.param(b"abc\x00\x00def" * 10, "NUL bytes", id="NUL-bytes"),
        pytest.param(bytes(range(1, 9)) * 20 + b"text", "control characters", id="controls"),
        pytest.param("Путин и Ким".encode("cp1251"), "UTF-8", id="cp1251"),
        pytest.param(b"date 2023-09-14\n  \n", "no article text", id="header-only"),
    ],
)
def test_unreadable_files_are_skipped_with_an_error(make_seeds, raw, needle):
    corp = corpus.read_corpus(make_seeds({"bad.txt": raw}))
    assert corp.articles == []
    errors = corp.problems[corp.problems["severity"] == "error"]
    assert len(errors) == 1
    assert errors.iloc[0]["source_file"] == "bad.txt"
    assert needle in errors.iloc[0]["message"]


def test_cp1251_message_says_how_to_convert(make_seeds):
    corp = corpus.read_corpus(make_seeds({"ru.txt": "Путин".encode("cp1251")}))
    (message,) = corp.problems["message"]
    assert "not valid UTF-8" in message and "iconv -f CP1251 -t UTF-8 ru.txt" in message


def test_bad_file_does_not_stop_the_others(make_seeds):
    corp = corpus.read_corpus(make_seeds({"a.txt": b"", "b.txt": BODY, "c.txt": b"\x00\x01"}))
    assert [a.article_id for a in corp.articles] == ["b"]
    errors = corp.problems[corp.problems["severity"] == "error"]
    assert sorted(errors["source_file"]) == ["a.txt", "c.txt"]


# --------------------------------------------------------------------------- the folder


def test_duplicate_content_is_an_error_naming_the_first(make_seeds):
    corp = corpus.read_corpus(make_seeds({"a_first.txt": BODY, "b_copy.txt": BODY}))
    assert [a.source_file for a in corp.articles] == ["a_first.txt"]
    problems = corp.problems.to_dict("records")
    assert len(problems) == 2  # one 'no date' warning for the kept file, one error
    (err,) = [p for p in problems if p["severity"] == "error"]
    assert err["source_file"] == "b_copy.txt"
    assert "same content as a_first.txt" in err["message"]


def test_article_ids_are_unique(make_seeds):
    corp = corpus.read_corpus(make_seeds({"a.txt": b"First text.", "a.TXT": b"Other text."}))
    ids = [a.article_id for a in corp.articles]
    assert len(ids) == len(set(ids)), ids
    errors = corp.problems[corp.problems["severity"] == "error"]
    assert errors["message"].str.contains("already used by a.TXT").tolist() == [True]


@pytest.mark.parametrize(
    ("name", "data", "needle"),
    [
        ("notes.md", b"# notes", "not a .txt file"),
        ("article.txt.bak", BODY, "not a .txt file"),
        ("README", b"readme", "not a .txt file"),
        (".hidden.txt", BODY, "hidden file"),
        (".DS_Store", b"\x00\x01", "hidden file"),
        ("sub.txt", None, "a folder"),
    ],
)
def test_other_entries_are_ignored_with_a_warning(make_seeds, name, data, needle):
    corp = corpus.read_corpus(make_seeds({name: data, "ok.txt": BODY}))
    assert [a.source_file for a in corp.articles] == ["ok.txt"]
    rows = corp.problems[corp.problems["source_file"] == name].to_dict("records")
    assert len(rows) == 1
    assert rows[0]["severity"] == "warning"
    assert needle in rows[0]["message"]


def test_upper_case_suffix_is_read(make_seeds):
    art, _ = only_article(make_seeds({"Upper.TXT": BODY}))
    assert (art.article_id, art.source_file) == ("Upper", "Upper.TXT")


def test_missing_folder_names_the_env_var(tmp_path):
    missing = tmp_path / "no-such-folder"
    with pytest.raises(FileNotFoundError) as exc:
        corpus.read_corpus(missing)
    message = str(exc.value)
    assert "NEWSFRAMES_SEEDS" in message
    assert str(missing) in message


def test_a_file_instead_of_a_folder_raises(tmp_path):
    f = tmp_path / "file.txt"
    f.write_bytes(BODY)
    with pytest.raises(FileNotFoundError, match="NEWSFRAMES_SEEDS") as exc:
        corpus.read_corpus(f)
    assert "is a file, not a folder" in str(exc.value)


def test_env_var_chooses_the_default_folder(make_seeds, monkeypatch):
    folder = make_seeds({"from_env.txt": BODY})
    monkeypatch.setenv("NEWSFRAMES_SEEDS", str(folder))
    corp = corpus.read_corpus()
    assert corp.folder == folder.resolve()
    assert [a.article_id for a in corp.articles] == ["from_env"]


def test_empty_folder_gives_empty_tables(make_seeds):
    corp = corpus.read_corpus(make_seeds({}))
    assert corp.articles == []
    assert corp.problems.empty
    assert list(corp.problems.columns) == corpus.PROBLEM_COLUMNS
    assert corp.articles_table().empty


# --------------------------------------------------------------------------- the articles


def test_paragraph_spans_split_on_blank_lines(make_seeds):
    body = "One a.\nOne b.\n\nTwo.\n \t\n\n   Three, indented.  \n\n\n\nFour."
    art, _ = only_article(make_seeds({"p.txt": f"date 2023-09-14\n{body}\n\n".encode()}))
    assert art.body == body.rstrip()
    texts = [art.body[a:b] for a, b in art.paragraphs]
    assert texts == ["One a.\nOne b.", "Two.", "Three, indented.", "Four."]
    ends = [b for _, b in art.paragraphs]
    starts = [a for a, _ in art.paragraphs]
    assert all(e < s for e, s in zip(ends, starts[1:], strict=False))  # ordered, disjoint


def test_seed_paragraphs():
    art, _ = only_article(SEEDS_DIR)
    texts = [art.body[a:b] for a, b in art.paragraphs]
    assert len(texts) == 5
    assert texts[0].startswith("TOKYO, September 14.")
    assert texts[1].startswith('"They discussed') and texts[1].endswith("It said.")
    assert texts[-1].endswith("first-ever personal meeting.")
    assert all(t == t.strip() and "\n\n" not in t for t in texts)


def test_article_id_source_file_and_sha256(make_seeds):
    raw = b"date 2023-09-14\n" + BODY
    art, _ = only_article(make_seeds({"017_abc.def.txt": raw}))
    assert art.article_id == "017_abc.def"
    assert art.source_file == "017_abc.def.txt"
    assert art.sha256 == hashlib.sha256(raw).hexdigest()


def test_seed_sha256_is_of_the_raw_bytes():
    art, _ = only_article(SEEDS_DIR)
    assert art.article_id == SEED_FILE.stem
    assert art.sha256 == hashlib.sha256(SEED_FILE.read_bytes()).hexdigest()


def test_articles_table(make_seeds):
    corp = corpus.read_corpus(
        make_seeds({"b.txt": b"date 2023-09-15\n" + BODY + b"\n\nMore.", "a.txt": b"Plain."})
    )
    table = corp.articles_table()
    assert list(table.columns) == corpus.ARTICLE_COLUMNS
    assert table["article_id"].tolist() == ["a", "b"]  # sorted by id
    row = table.set_index("article_id").loc["b"]
    assert (row["date"], row["dateline"], row["agency"]) == ("2023-09-15", "TOKYO", "TASS")
    assert (row["n_paragraphs"], row["n_chars"]) == (2, len(BODY) + len("\n\nMore."))
    assert pd.isna(table.set_index("article_id").loc["a", "date"])


def test_reading_does_not_change_the_seeds_folder(seed_copy):
    before = (sorted(p.name for p in SEEDS_DIR.iterdir()), snapshot(SEEDS_DIR))
    copy_before = snapshot(seed_copy)
    corpus.read_corpus(SEEDS_DIR)
    corpus.read_corpus(seed_copy)
    assert (sorted(p.name for p in SEEDS_DIR.iterdir()), snapshot(SEEDS_DIR)) == before
    assert snapshot(seed_copy) == copy_before


# --------------------------------------------------------------------------- problems


@pytest.fixture
def messy_folder(make_seeds):
    return make_seeds(
        {
            "z_empty.txt": b"",
            "y_bom.txt": b"\xef\xbb\xbf" + BODY,
            "m_crlf.txt": b"date 2023-02-30\r\n" + BODY,
            "a_plain.txt": b"No header here.",
            "a_copy.txt": b"No header here.",
            "notes.md": b"x",
            ".hidden": b"x",
            "k_nul.txt": b"\x00",
            "b_ru.txt": "Привет".encode("cp1251"),
            "h_header_only.txt": b"date 2023-09-14\n",  # a warning, then an error
        }
    )


def test_problems_table_is_sorted_with_fixed_columns(messy_folder):
    problems = corpus.read_corpus(messy_folder).problems
    assert list(problems.columns) == corpus.PROBLEM_COLUMNS
    rows = list(problems.itertuples(index=False, name=None))
    assert rows == sorted(rows)
    assert list(problems.index) == list(range(len(problems)))
    assert set(problems["severity"]) == {"error", "warning"}
    # m_crlf.txt has two problems: its CRLF line ends and its invalid date
    assert len(problems[problems["source_file"] == "m_crlf.txt"]) == 2


def test_every_problem_message_names_its_file(messy_folder):
    problems = corpus.read_corpus(messy_folder).problems
    assert len(problems) >= 10
    for row in problems.itertuples():
        assert row.message.startswith(f"{row.source_file}: "), row


def test_problem_severities(messy_folder):
    corp = corpus.read_corpus(messy_folder)
    errors = set(corp.problems.loc[corp.problems["severity"] == "error", "source_file"])
    assert errors == {"z_empty.txt", "a_plain.txt", "k_nul.txt", "b_ru.txt", "h_header_only.txt"}
    # a_copy.txt sorts before a_plain.txt, so the copy is kept and the plain one skipped
    assert sorted(a.source_file for a in corp.articles) == ["a_copy.txt", "m_crlf.txt", "y_bom.txt"]


def test_parse_article_without_a_problems_collector():
    art = corpus.parse_article(b"date 2023-02-30\n" + BODY, "x.txt")
    assert art is not None and art.date is None
    assert corpus.parse_article(b"", "x.txt") is None


def test_corpus_fingerprint_is_order_independent(make_seeds):
    table = corpus.read_corpus(make_seeds({"a.txt": b"One.", "b.txt": b"Two."})).articles_table()
    fp = corpus.corpus_fingerprint(table)
    assert fp == corpus.corpus_fingerprint(table.iloc[::-1])
    assert fp != corpus.corpus_fingerprint(table.iloc[:1])
    assert len(fp) == 64


def test_a_file_over_the_size_limit_is_skipped_with_the_remedy(make_seeds, monkeypatch):
    monkeypatch.setenv("NEWSFRAMES_MAX_MB", "0.001")  # 1,000 bytes
    big = b"date 2023-09-15\nMOSCOW, September 15. /TASS/. " + b"word " * 400
    corp = corpus.read_corpus(make_seeds({"big.txt": big, "small.txt": BODY}))
    assert [a.source_file for a in corp.articles] == ["small.txt"]
    (row,) = corp.problems[corp.problems["source_file"] == "big.txt"].itertuples()
    assert row.severity == "error" and "NEWSFRAMES_MAX_MB" in row.message


@pytest.mark.parametrize("value", ["-1", "0", "lots"])
def test_a_bad_size_limit_names_the_variable(make_seeds, monkeypatch, value):
    monkeypatch.setenv("NEWSFRAMES_MAX_MB", value)
    with pytest.raises(ValueError, match="NEWSFRAMES_MAX_MB"):
        corpus.read_corpus(make_seeds({"a.txt": BODY}))


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Путин и Ким провели переговоры на космодроме Восточный в четверг.", True),
        (
            "Der Präsident und der Kanzler trafen sich am Donnerstag in Berlin zu Gesprächen. " * 4,
            True,
        ),
        ("The two leaders met on Thursday and said that the talks were useful.", False),
        ("Putin met Kim, the agency said, and «друзья» was the word of the day.", False),
    ],
)
def test_text_in_another_language_is_flagged_and_still_analyzed(make_seeds, text, flagged):
    data = f"date 2023-09-15\nMOSCOW, September 15. /TASS/. {text}".encode()
    corp = corpus.read_corpus(make_seeds({"a.txt": data}))
    assert len(corp.articles) == 1
    messages = corp.problems["message"].tolist()
    assert any("does not look like English" in m for m in messages) == flagged


def test_a_header_without_text_is_one_error_and_no_warning(make_seeds):
    corp = corpus.read_corpus(make_seeds({"only_date.txt": b"date 2024-01-01\n"}))
    assert corp.articles == []
    assert list(corp.problems["severity"]) == ["error"]
    assert "no article text after the header" in corp.problems["message"].iloc[0]


def test_outlets_count_articles_per_outlet():
    articles = pd.DataFrame({"outlet": ["TASS", None, "TASS", "Xinhua"]})
    assert corpus.outlets(articles).to_dict() == {"TASS": 2, "Xinhua": 1, "unknown": 1}


_WIRE = "date 2024-03-0{d}\nSEOUL, March {d}. /{agency}/. North Korea fired a missile on {d}.\n"


def _wire(day: int, agency: str) -> bytes:
    return _WIRE.format(d=day, agency=agency).encode()


def test_outlet_is_the_dateline_agency_without_metadata(make_seeds):
    table = corpus.read_corpus(
        make_seeds({"a.txt": _wire(1, "Yonhap"), "b.txt": b"No header at all, just words.\n"})
    ).articles_table()
    assert list(table["outlet"]) == ["Yonhap", "unknown"]
    assert list(table["lead_end"]) == [len(_wire(1, "Yonhap").decode().split("\n")[1]), 29]


def test_metadata_adds_and_overrides_attributes(make_seeds):
    meta = (
        "source_file,outlet,country,ownership,date\n"
        "a.txt,Yonhap News Agency,South Korea,public,\n"
        "b.txt,,Russia,state,2024-04-01\n"
    )
    folder = make_seeds(
        {"a.txt": _wire(1, "Yonhap"), "b.txt": _wire(2, "TASS"), "metadata.csv": meta.encode()}
    )
    corp = corpus.read_corpus(folder)
    table = corp.articles_table()
    assert list(table.columns[-2:]) == ["country", "ownership"]
    assert table.set_index("article_id")[["outlet", "country", "ownership", "date"]].to_dict(
        "index"
    ) == {
        "a": {
            "outlet": "Yonhap News Agency",
            "country": "South Korea",
            "ownership": "public",
            "date": "2024-03-01",
        },
        "b": {"outlet": "TASS", "country": "Russia", "ownership": "state", "date": "2024-04-01"},
    }
    assert corp.problems.empty  # metadata.csv is read, not reported as a stray file


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ("source_file,outlet\na.txt,X\nmissing.txt,Y\nb.txt,Z\n", "line 3 names missing.txt"),
        (
            "source_file,outlet\na.txt,X\na.txt,Y\nb.txt,Z\n",
            "lines 2 and 3 both describe a.txt; line 2 is used",
        ),
        ("source_file,outlet\na.txt,X\n", "b.txt: no row in metadata.csv"),
        ("source_file,outlet\na.txt,X,extra\nb.txt,Z\n", "line 2 has 3 fields"),
        ("source_file,sha256\na.txt,0\nb.txt,1\n", "sha256 ignored"),
        ("source_file,date\na.txt,March 1\nb.txt,\n", "date 'March 1' is not YYYY-MM-DD"),
    ],
)
def test_metadata_problems_are_rows_not_silence(make_seeds, meta, expected):
    folder = make_seeds(
        {"a.txt": _wire(1, "Yonhap"), "b.txt": _wire(2, "TASS"), "metadata.csv": meta.encode()}
    )
    corp = corpus.read_corpus(folder)
    messages = " | ".join(corp.problems["message"])
    assert expected in messages
    assert set(corp.problems["severity"]) == {"warning"}
    assert len(corp.articles) == 2  # nothing dropped


@pytest.mark.parametrize(
    "meta",
    [b"outlet,country\nX,Y\n", b"source_file,outlet,outlet\na.txt,X,Y\n", b"\xff\xfe\x00bad"],
)
def test_unusable_metadata_is_one_error_and_no_article_is_lost(make_seeds, meta):
    folder = make_seeds({"a.txt": _wire(1, "Yonhap"), "metadata.csv": meta})
    corp = corpus.read_corpus(folder)
    errors = corp.problems[corp.problems["severity"] == "error"]
    assert list(errors["source_file"]) == ["metadata.csv"]
    assert list(corp.articles_table()["outlet"]) == ["Yonhap"]


def test_metadata_changes_the_folder_digest(make_seeds):
    folder = make_seeds(
        {"a.txt": _wire(1, "Yonhap"), "metadata.csv": b"source_file,outlet\na.txt,X\n"}
    )
    before = corpus.folder_digest(folder)
    (folder / "metadata.csv").write_bytes(b"source_file,outlet\na.txt,Y\n")
    assert corpus.folder_digest(folder) != before


def test_english_share_counts_latin_letters_and_function_words():
    """(latin, markers): the share of letters that are Latin (all of an ASCII text's,
    without a pass over its characters) and of words that are English function words."""
    from newsframes.analysis.corpus import english_share

    assert english_share("The talks in Vladivostok were long.", min_words=1) == (1.0, 3 / 6)
    assert english_share("12 - 34 .", min_words=1) == (1.0, None)  # no letter, no word
    latin, markers = english_share("Путин met Kim, and the talks", min_words=1)
    assert latin == 17 / 22  # 5 Cyrillic letters of 22
    assert markers == 2 / 5  # met, kim, and, the, talks
    assert english_share("Путин", min_words=3) == (0.0, None)
    assert english_share("", min_words=1) == (1.0, None)
