"""Every setting that changes a result lives in analysis.settings: one default each,
used by the functions, validated, and part of the cache and execution keys."""

from __future__ import annotations

import dataclasses
import inspect

import pytest
from conftest import SMALL

from newsframes.analysis import corpus, framing, pipeline, settings, terms, voices
from newsframes.analysis.cache import article_key
from newsframes.analysis.settings import DEFAULTS, Settings

pytestmark = pytest.mark.usefixtures("project_folders_untouched", "isolated_env")

FIELDS = [f.name for f in dataclasses.fields(Settings)]
# A function parameter named here takes the value of that setting.
# (``window`` is left out: the width of a concordance line is not an analysis setting.)
PARAMETERS = {"min_count": None, "n_min": "ngram_min",
              "n_max": "ngram_max", "max_p": "keyness_max_p", "categories": "reference",
              "scare_max_words": "scare_max_words", "repetition_min": "repetition_min",
              "vader_strong": "vader_strong", "min_words": "english_min_words"}  # fmt: skip


@pytest.mark.parametrize(
    ("function", "parameter", "setting"),
    [(terms.ngrams, "min_count", "ngram_min_count"),
     (terms.collocations, "min_count", "collocation_min_count"),
     (terms.collocations, "window", "collocation_window"),
     (terms.keyness, "min_count", "keyness_min_count"),
     (terms.keyness_vs_reference, "min_count", "keyness_min_count"),
     (terms.keyness_between, "min_count", "keyness_min_count"),
     (terms.keyness_of_tokens, "min_count", "keyness_min_count")],
)  # fmt: skip
def test_min_count_defaults_are_the_settings(function, parameter, setting):
    assert inspect.signature(function).parameters[parameter].default == getattr(DEFAULTS, setting)


def test_every_function_default_named_after_a_setting_is_the_setting():
    """No analysis function keeps a default of its own for a setting."""
    modules = [corpus, framing, pipeline, terms, voices]
    checked = 0
    for module in modules:
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__:
                continue
            for parameter in inspect.signature(function).parameters.values():
                setting = PARAMETERS.get(parameter.name)
                if setting and parameter.default is not inspect.Parameter.empty:
                    assert parameter.default == getattr(DEFAULTS, setting), f"{name}.{setting}"
                    checked += 1
    assert checked >= 10


@pytest.mark.parametrize(
    "change",
    [{"max_mb": 0}, {"scare_max_words": -1}, {"repetition_min": 1.5j},
     {"ngram_min": 4, "ngram_max": 3}, {"reference": ()}, {"keyness_max_p": True}],
)  # fmt: skip
def test_invalid_settings_are_refused_with_the_name(change):
    with pytest.raises(ValueError, match=next(iter(change))):
        Settings(**change)


def test_from_environment_reads_the_size_limit(monkeypatch):
    monkeypatch.delenv(settings.MAX_MB_ENV, raising=False)
    assert settings.from_environment() == DEFAULTS
    monkeypatch.setenv(settings.MAX_MB_ENV, "0.5")
    assert settings.from_environment().max_mb == 0.5
    assert settings.from_environment().max_bytes == 500_000
    monkeypatch.setenv(settings.MAX_MB_ENV, "half")
    with pytest.raises(ValueError, match="NEWSFRAMES_MAX_MB must be a positive number"):
        settings.from_environment()


def test_describe_lists_every_setting_with_its_stage_and_meaning():
    table = settings.describe(dataclasses.replace(DEFAULTS, repetition_min=5))
    assert table["setting"].tolist() == FIELDS
    assert set(table["stage"]) == set(settings.STAGES)
    row = table.set_index("setting").loc["repetition_min"]
    assert (row["value"], row["default"], row["stage"]) == ("5", "3", "article")
    assert table.set_index("setting").loc["reference", "value"] == "news, editorial, reviews"
    assert table["meaning"].str.len().min() > 20


def test_article_settings_are_in_the_article_cache_key_and_corpus_settings_are_not(make_seeds):
    (article,) = corpus.read_corpus(make_seeds({"a.txt": SMALL["a.txt"]})).articles
    key = article_key(article, DEFAULTS)
    assert article_key(article, Settings(scare_max_words=6)) != key
    assert article_key(article, Settings(vader_strong=3.0)) != key
    assert article_key(article, Settings(ngram_min_count=5)) == key


TEXT = (
    b'date 2024-01-02\nOSLO, January 2. /WIRE/. The minister called the plan "a grave and '
    b'costly mistake" on Tuesday. The price of bread rose. The price of bread fell.\n'
)


def test_article_settings_change_the_tables(make_seeds, tmp_path):
    seeds = make_seeds({"a.txt": TEXT})
    cache = tmp_path / "cache"
    before = pipeline.analyze(seeds, cache_dir=cache, jobs=1)
    after = pipeline.analyze(
        seeds, cache_dir=cache, jobs=1, settings=Settings(scare_max_words=5, repetition_min=2)
    )
    kinds = lambda t: t["quotes"]["kind"].tolist()  # noqa: E731
    cues = lambda t: (t["framing"]["subcategory"] == "repetition").sum()  # noqa: E731
    assert cues(before) == 0 and cues(after) > 0
    assert kinds(before) == ["direct"] and kinds(after) == ["scare"]  # five words


def test_the_size_limit_is_in_the_folder_digest(make_seeds):
    seeds = make_seeds({"a.txt": TEXT})
    assert corpus.folder_digest(seeds) != corpus.folder_digest(seeds, settings=Settings(max_mb=1))
    assert corpus.folder_digest(seeds) == corpus.folder_digest(seeds, settings=DEFAULTS)
