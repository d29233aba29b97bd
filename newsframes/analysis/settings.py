"""Every setting that changes a result, in one place.

A :class:`Settings` holds them all; the functions that use one take it as a keyword
argument whose default is the value in :data:`DEFAULTS`, so a default is written once,
here. :func:`~newsframes.analysis.pipeline.analyze` takes a ``Settings``: the
*reading* settings decide which files are read and what the loader reports, the
*article* settings are part of each article's cache key, and every setting is part
of the key of the corpus-level tables and of the book's execution key. The methods
page prints :func:`describe` for the settings of the build.

One setting can be changed without code, through the environment:
``NEWSFRAMES_MAX_MB`` (see :func:`from_environment`).
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field

import pandas as pd

MAX_MB_ENV = "NEWSFRAMES_MAX_MB"
STAGES = ("reading", "article", "corpus")


def _setting(default, stage: str, meaning: str):
    return field(default=default, metadata={"stage": stage, "meaning": meaning})


@dataclass(frozen=True)
class Settings:
    """The settings of one analysis (see the module docstring for the stages)."""

    max_mb: float = _setting(
        5.0, "reading",
        "Largest article file read, in megabytes; a larger file is skipped with an error "
        "row (a wire story is a few kB; 5 MB is a book). Environment: NEWSFRAMES_MAX_MB.",
    )  # fmt: skip
    english_min_share: float = _setting(
        0.12, "reading",
        "Share of words that must be common English function words; below it, the loader "
        "warns that the article may not be English (English news runs at about 0.3).",
    )  # fmt: skip
    english_min_words: int = _setting(
        30, "reading",
        "Words an article needs before its language is judged by its function words.",
    )  # fmt: skip
    scare_max_words: int = _setting(
        4, "article",
        "Longest quotation, in words, that counts as a scare quote when it has no finite "
        "verb and stands inside a sentence.",
    )  # fmt: skip
    repetition_min: int = _setting(
        3, "article",
        "Times a phrase of two to four words must occur in one article to be a repetition "
        "cue.",
    )  # fmt: skip
    vader_strong: float = _setting(
        2.0, "article",
        "Smallest absolute VADER valence (of -4 to 4) for a VADER word missing from Hu & "
        "Liu's lists to count as positive or negative.",
    )  # fmt: skip
    ngram_min: int = _setting(2, "corpus", "Shortest n-gram listed, in words.")
    ngram_max: int = _setting(5, "corpus", "Longest n-gram listed, in words.")
    ngram_min_count: int = _setting(
        2, "corpus", "Occurrences an n-gram needs in the corpus to be listed."
    )
    collocation_window: int = _setting(
        4, "corpus", "Words to the right of a word within which a collocate is counted."
    )
    collocation_min_count: int = _setting(
        2, "corpus", "Co-occurrences a pair needs to be listed as a collocation."
    )
    keyness_min_count: int = _setting(
        2, "corpus", "Occurrences a word needs in the corpus to be tested for keyness."
    )
    keyness_max_p: float = _setting(
        0.05, "corpus", "Largest p-value (log-likelihood G2, 1 degree of freedom) of a keyword."
    )
    reference: tuple[str, ...] = _setting(
        ("news", "editorial", "reviews"), "corpus",
        "Sections of the Brown corpus that form the reference of keyness (the press "
        "sections A to C).",
    )  # fmt: skip

    def __post_init__(self) -> None:
        positive = [f.name for f in dataclasses.fields(self) if f.name != "reference"]
        for name in positive:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise ValueError(f"setting {name} must be a positive number, not {value!r}")
        if self.ngram_min > self.ngram_max:
            raise ValueError(
                f"setting ngram_min ({self.ngram_min}) must not exceed ngram_max ({self.ngram_max})"
            )
        if not self.reference or not all(isinstance(c, str) for c in self.reference):
            raise ValueError(
                "setting reference must be a non-empty tuple of Brown section names, "
                f"not {self.reference!r}"
            )

    @property
    def max_bytes(self) -> int:
        """:attr:`max_mb` in bytes."""
        return int(self.max_mb * 1_000_000)

    def of_stage(self, stage: str) -> tuple:
        """``(name, value)`` of each setting of ``stage`` (one of :data:`STAGES`), in
        declaration order: what a cache key of that stage digests."""
        return tuple(
            (f.name, getattr(self, f.name))
            for f in dataclasses.fields(self)
            if f.metadata["stage"] == stage
        )


DEFAULTS = Settings()


def from_environment(base: Settings = DEFAULTS) -> Settings:
    """``base`` with ``max_mb`` from ``$NEWSFRAMES_MAX_MB`` when it is set. Raises
    ``ValueError`` naming the variable when it is not a positive number."""
    raw = os.environ.get(MAX_MB_ENV, "")
    if not raw:
        return base
    try:
        mb = float(raw)
        if not mb > 0:
            raise ValueError
    except ValueError:
        raise ValueError(
            f"{MAX_MB_ENV} must be a positive number of megabytes, not {raw!r}"
        ) from None
    return dataclasses.replace(base, max_mb=mb)


def describe(settings: Settings = DEFAULTS) -> pd.DataFrame:
    """One row per setting, in declaration order.

    Returns columns setting, value (as text; a tuple joined by ", "), default (likewise),
    stage (``reading``, ``article`` or ``corpus``), meaning.
    """

    def text(value) -> str:
        return (
            ", ".join(value)
            if isinstance(value, tuple)
            else f"{value:g}"
            if isinstance(value, float)
            else str(value)
        )

    rows = [
        (f.name, text(getattr(settings, f.name)), text(f.default), f.metadata["stage"],
         f.metadata["meaning"])
        for f in dataclasses.fields(settings)
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["setting", "value", "default", "stage", "meaning"])
