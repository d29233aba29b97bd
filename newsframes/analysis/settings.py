"""Every setting that changes a result, in one place.

A :class:`Settings` holds them all; the functions that use one take it as a keyword
argument whose default is the value in :data:`DEFAULTS`, so a default is written once,
here. :func:`~newsframes.analysis.pipeline.analyze` takes a ``Settings``: the
*reading* settings decide which files are read and what the loader reports, the
*article* settings are part of each article's cache key, and every setting is part
of the key of the corpus-level tables and of the book's execution key. The methods
page prints :func:`describe` for the settings of the build.

Three settings can be changed without code, through the environment:
``NEWSFRAMES_MAX_MB``, ``NEWSFRAMES_COMPARE_BY`` and ``NEWSFRAMES_EXCLUDE_REPRINTS`` (see
:func:`from_environment`).
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported by describe: the command line reads settings before its workers
    import pandas as pd

MAX_MB_ENV = "NEWSFRAMES_MAX_MB"
COMPARE_BY_ENV = "NEWSFRAMES_COMPARE_BY"
EXCLUDE_REPRINTS_ENV = "NEWSFRAMES_EXCLUDE_REPRINTS"
STAGES = ("reading", "article", "corpus")
CORRECTIONS = ("bh", "bonferroni")
_NOT_NUMBERS = ("reference", "correction", "compare_by", "exclude_reprints")


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
        0.05,
        "corpus",
        "Largest p-value of a keyword (log-likelihood G2, 1 degree of freedom), after the "
        "correction for the number of words tested.",
    )
    correction: str = _setting(
        "bh", "corpus",
        "Correction of p-values for the number of words tested, in keyness and log-odds: "
        "bh (Benjamini & Hochberg 1995, false discovery rate) or bonferroni (family-wise "
        "error); a word is significant when its corrected p is at most the largest p.",
    )  # fmt: skip
    logodds_min_count: int = _setting(
        3, "corpus", "Occurrences a word needs in the two groups together to be tested by log-odds."
    )
    logodds_max_p: float = _setting(
        0.05, "corpus", "Largest corrected p-value of a distinctive word (log-odds z, two-sided)."
    )
    logodds_prior_size: float = _setting(
        500.0, "corpus",
        "Size, in words, of the informative Dirichlet prior of log-odds (Monroe et al. "
        "2008): spread over the words in proportion to their share of the whole corpus.",
    )  # fmt: skip
    logodds_pairs_max_groups: int = _setting(
        8, "corpus",
        "Most groups for which log-odds also compares every two groups with each other "
        "(besides each group against the rest); 8 groups make 28 pairs.",
    )  # fmt: skip
    compare_by: str = _setting(
        "outlet", "corpus",
        "Article column the comparisons group by: outlet (the dateline's agency or the "
        "metadata's), or any column of the articles table (country, ownership, month). "
        "Environment: NEWSFRAMES_COMPARE_BY.",
    )  # fmt: skip
    confidence: float = _setting(
        0.95, "corpus", "Confidence level of the intervals of rates and rate ratios."
    )
    reuse_shingle: int = _setting(
        8, "corpus", "Length, in words, of the overlapping passages (shingles) text reuse compares."
    )
    reuse_min_share: float = _setting(
        0.2, "corpus",
        "Share of one article's shingles that another must contain for the pair to be "
        "listed as text reuse.",
    )  # fmt: skip
    reprint_min_share: float = _setting(
        0.5, "corpus",
        "Share of one article's shingles found in an earlier one (by date, then id) that "
        "makes it a reprint of that article.",
    )  # fmt: skip
    reuse_exact_max: int = _setting(
        5000, "corpus",
        "Largest corpus, in articles, compared pair by pair; a larger one finds candidate "
        "pairs by MinHash LSH first (datasketch), then measures them exactly.",
    )  # fmt: skip
    exclude_reprints: bool = _setting(
        False, "corpus",
        "Leave reprints out of the comparisons of groups (each reprint's words are counted "
        "once, in the article it reprints). Environment: NEWSFRAMES_EXCLUDE_REPRINTS=1.",
    )  # fmt: skip
    reference: tuple[str, ...] = _setting(
        ("news", "editorial", "reviews"), "corpus",
        "Sections of the Brown corpus that form the reference of keyness (the press "
        "sections A to C).",
    )  # fmt: skip

    def __post_init__(self) -> None:
        positive = [f.name for f in dataclasses.fields(self) if f.name not in _NOT_NUMBERS]
        for name in positive:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise ValueError(f"setting {name} must be a positive number, not {value!r}")
        if self.ngram_min > self.ngram_max:
            raise ValueError(
                f"setting ngram_min ({self.ngram_min}) must not exceed ngram_max ({self.ngram_max})"
            )
        if self.correction not in CORRECTIONS:
            raise ValueError(
                f"setting correction must be one of {', '.join(CORRECTIONS)}, "
                f"not {self.correction!r}"
            )
        for name in ("confidence", "reuse_min_share", "reprint_min_share"):
            if not getattr(self, name) < 1:
                raise ValueError(f"setting {name} must be below 1, not {getattr(self, name)!r}")
        if not isinstance(self.exclude_reprints, bool):
            raise ValueError(
                f"setting exclude_reprints must be True or False, not {self.exclude_reprints!r}"
            )
        if not isinstance(self.compare_by, str) or not self.compare_by.strip():
            raise ValueError(
                "setting compare_by must name a column of the articles table (outlet, "
                f"country, ...), not {self.compare_by!r}"
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
    """``base`` with ``max_mb`` from ``$NEWSFRAMES_MAX_MB``, ``compare_by`` from
    ``$NEWSFRAMES_COMPARE_BY`` and ``exclude_reprints`` from
    ``$NEWSFRAMES_EXCLUDE_REPRINTS`` (``1``/``0``), each when it is set. Raises
    ``ValueError`` naming the variable when its value cannot be read."""
    changes: dict = {}
    raw = os.environ.get(MAX_MB_ENV, "")
    if raw:
        try:
            mb = float(raw)
            if not mb > 0:
                raise ValueError
        except ValueError:
            raise ValueError(
                f"{MAX_MB_ENV} must be a positive number of megabytes, not {raw!r}"
            ) from None
        changes["max_mb"] = mb
    raw = os.environ.get(COMPARE_BY_ENV, "").strip()
    if raw:
        changes["compare_by"] = raw
    raw = os.environ.get(EXCLUDE_REPRINTS_ENV, "").strip()
    if raw:
        if raw not in ("0", "1"):
            raise ValueError(
                f"{EXCLUDE_REPRINTS_ENV} must be 1 (leave reprints out) or 0, not {raw!r}"
            )
        changes["exclude_reprints"] = raw == "1"
    return dataclasses.replace(base, **changes) if changes else base


def describe(settings: Settings = DEFAULTS) -> pd.DataFrame:
    """One row per setting, in declaration order.

    Returns columns setting, value (as text; a tuple joined by ", "), default (likewise),
    stage (``reading``, ``article`` or ``corpus``), meaning.
    """
    import pandas as pd

    def text(value) -> str:
        return (
            ", ".join(value)
            if isinstance(value, tuple)
            else str(value).lower()
            if isinstance(value, bool)
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
