"""The package's layout is its architecture (docs/architecture.md): the analysis side
never imports the book side."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import newsframes

PACKAGE = Path(newsframes.__file__).resolve().parent
ANALYSIS = sorted((PACKAGE / "analysis").glob("*.py"))


def _imported(source: str, package: str) -> set[str]:
    """Every module named by an import statement of ``source``, a module of ``package``
    (relative imports resolved)."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0]
                base = f"{parent}.{base}".rstrip(".")
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def _book(names: set[str]) -> list[str]:
    return sorted(n for n in names if n == "newsframes.book" or n.startswith("newsframes.book."))


@pytest.mark.parametrize("path", ANALYSIS, ids=lambda p: p.name)
def test_analysis_module_imports_nothing_of_the_book(path):
    names = _imported(path.read_text("utf-8"), "newsframes.analysis")
    assert _book(names) == [], f"{path.name} imports {_book(names)}"


@pytest.mark.parametrize(
    "source",
    ["from newsframes.book import render", "import newsframes.book.plots",
     "from ..book import render", "from newsframes import book",
     "def f():\n    from newsframes.book.render import Table"],
)  # fmt: skip
def test_the_import_check_sees_each_form_of_a_book_import(source):
    assert _book(_imported(source, "newsframes.analysis")) != []


def test_importing_every_analysis_module_loads_no_book_module():
    """At run time too: importing the whole analysis side loads neither the book package
    nor matplotlib or Sphinx."""
    modules = [f"newsframes.analysis.{p.stem}" for p in ANALYSIS if p.stem != "__init__"]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "loaded = ('newsframes.book', 'matplotlib', 'sphinx')\n"
        "print(sorted(m for m in sys.modules if m.startswith(loaded)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
