"""The word lists the framing indicators count: the project's curated CSV lexicons
(``lexicons/``, versioned, with their provenance in ``lexicons/README.md``), NLTK's
opinion lexicon (Hu & Liu 2004) and VADER's valences (Hutto & Gilbert 2014), and the
hand-checked precision of each category on real wire text.

The curated lexicons: ``loaded`` (loaded language and name-calling), ``frames`` (the 15
dimensions of the Policy Frames Codebook, Boydstun et al. 2014), ``cues`` (persuasion
techniques named as in SemEval-2020 Task 11), ``modality`` (hedges and boosters),
``reporting_verbs`` (neutral or evaluative; also the speech verbs of
:mod:`newsframes.analysis.voices`), ``groups`` (in-group and out-group markers) and
``entman`` (cues of Entman's four functions).
"""

from __future__ import annotations

from functools import cache, lru_cache

import pandas as pd

from newsframes.analysis import resources
from newsframes.analysis.settings import DEFAULTS

LEXICON_FILES = resources.LEXICONS


@cache
def lexicon(name: str) -> pd.DataFrame:
    """One of the project's curated lexicons (columns term, category, subcategory,
    source), read from the package."""
    if name not in LEXICON_FILES:
        raise ValueError(f"unknown lexicon {name!r}; choose from {', '.join(LEXICON_FILES)}")
    df = pd.read_csv(resources.LEXICON_DIR / f"{name}.csv", dtype=str, keep_default_na=False)
    return df.assign(lexicon=name)


@lru_cache(maxsize=1)
def vader() -> dict[str, float]:
    """VADER's mean valence of each word (-4 to 4)."""
    resources.check()
    import nltk

    text = nltk.data.load("sentiment/vader_lexicon/vader_lexicon.txt",
                          format="text")  # fmt: skip
    out = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and " " not in parts[0]:
            out[parts[0]] = float(parts[1])
    return out


@lru_cache(maxsize=4)
def evaluative_lexicon(*, vader_strong: float = DEFAULTS.vader_strong) -> pd.DataFrame:
    """Hu & Liu's opinion words (positive, negative), and VADER's strongly valenced
    words missing from it (absolute valence at least ``vader_strong``), as lexicon rows."""
    resources.check()
    from nltk.corpus import opinion_lexicon

    rows = [(w, "positive", "", "opinion_lexicon") for w in opinion_lexicon.positive()]
    rows += [(w, "negative", "", "opinion_lexicon") for w in opinion_lexicon.negative()]
    known = {w for w, *_ in rows}
    for w, v in sorted(vader().items()):
        if w.isalpha() and w not in known and abs(v) >= vader_strong:
            rows.append((w, "positive" if v > 0 else "negative", "", "vader"))
    df = pd.DataFrame(rows, columns=["term", "category", "subcategory", "lexicon"])
    return df.assign(source="Hu & Liu 2004; VADER, Hutto & Gilbert 2014")


@lru_cache(maxsize=4)
def all_entries(*, vader_strong: float = DEFAULTS.vader_strong) -> pd.DataFrame:
    """Every lexicon entry used by :func:`find_hits`."""
    parts = [lexicon(name) for name in LEXICON_FILES] + [
        evaluative_lexicon(vader_strong=vader_strong)
    ]
    return pd.concat(parts, ignore_index=True)


@cache
def lexicon_precision() -> pd.DataFrame:
    """How often a hit of each category does what the category claims, from hits checked
    by hand on real wire text (``lexicons/precision.csv``): columns category, n_checked,
    n_correct, precision, n_articles (real articles the hits were drawn from), checked_on,
    sample."""
    return pd.read_csv(resources.LEXICON_DIR / "precision.csv", keep_default_na=False)


def with_precision(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` (with a ``category`` column, such as :func:`rates`) with the hand-checked
    precision of each category beside it (``precision``, NaN where none was checked)."""
    prec = lexicon_precision()[["category", "precision"]]
    return table.merge(prec, on="category", how="left")


def lexicon_versions() -> pd.DataFrame:
    """The curated lexicons' versions (``lexicons/versions.csv``): file, version, rows,
    licence."""
    return pd.read_csv(resources.LEXICON_DIR / "versions.csv", dtype={"version": str})
