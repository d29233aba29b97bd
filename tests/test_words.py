"""The closed word classes of analysis.words, listed once and read by several modules."""

from __future__ import annotations

import re

import pytest

from newsframes.analysis import corpus, words

FORMS = ["Jan", "January", "Feb", "February", "Mar", "March", "Apr", "April", "May", "Jun",
         "June", "Jul", "July", "Aug", "August", "Sep", "Sept", "September", "Oct", "October",
         "Nov", "November", "Dec", "December"]  # fmt: skip


@pytest.mark.parametrize("form", FORMS)
def test_month_pattern_matches_each_month_form_whole(form):
    assert re.fullmatch(words.month_pattern(), form)


@pytest.mark.parametrize("other", ["Mayday", "Ja", "Septem", "june", "Monday"])
def test_month_pattern_matches_nothing_else(other):
    assert not re.fullmatch(words.month_pattern(), other)


def test_calendar_words_are_the_lower_cased_forms_and_weekdays():
    assert words.CALENDAR_WORDS == {f.lower() for f in FORMS} | set(words.WEEKDAYS)


@pytest.mark.parametrize("dateline", ["Sept. 14", "September 14", "May 2"])
def test_the_dateline_reads_every_month_form(make_seeds, dateline):
    text = f"date 2023-09-14\nTOKYO, {dateline}. /TASS/. The talks went on.\n".encode()
    (article,) = corpus.read_corpus(make_seeds({"a.txt": text})).articles
    assert (article.dateline, article.agency) == ("TOKYO", "TASS")


def test_straighten_keeps_offsets_and_folds_every_curly_mark():
    text = "‘Kim’s’ “talks” „x‛"
    folded = text.translate(words.STRAIGHTEN)
    assert len(folded) == len(text) and folded == "'Kim's' \"talks\" \"x'"
