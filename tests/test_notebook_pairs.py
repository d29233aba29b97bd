"""Each chapter is kept twice, as a notebook (what the book executes, papermill runs and
JupyterLab opens) and as MyST Markdown (what a reviewer reads in a diff), paired by
jupytext (notebooks/jupytext.toml). The two must hold the same cells."""

from __future__ import annotations

import jupytext
import nbformat
import pytest
from conftest import PROJECT_ROOT

NOTEBOOKS = PROJECT_ROOT / "notebooks"
IPYNB = sorted(NOTEBOOKS.glob("*.ipynb"))


def cells(nb) -> list[tuple[str, str, list[str]]]:
    """What a pair must agree on: each cell's type, source and tags, in order."""
    return [(c.cell_type, c.source.strip(), sorted(c.metadata.get("tags", []))) for c in nb.cells]


def test_every_notebook_has_its_markdown_twin_and_no_twin_is_alone():
    assert {p.stem for p in IPYNB} == {p.stem for p in NOTEBOOKS.glob("*.md")}
    assert len(IPYNB) >= 10


def test_the_pairing_is_declared_for_jupytext():
    """jupytext finds the configuration from the notebooks' folder (as `make sync`,
    JupyterLab and the jupytext CLI do) and pairs each notebook with MyST Markdown."""
    config = jupytext.config.load_jupytext_config(str(NOTEBOOKS))
    assert config.formats == ["ipynb,md:myst"]


@pytest.mark.parametrize("path", IPYNB, ids=lambda p: p.name)
def test_notebook_and_markdown_hold_the_same_cells(path):
    notebook = nbformat.read(path, as_version=4)
    markdown = jupytext.read(path.with_suffix(".md"), fmt="md:myst")
    assert cells(markdown) == cells(notebook), (
        f"{path.name} and {path.stem}.md differ: run `make sync` after editing either"
    )
    assert markdown.metadata["kernelspec"]["name"] == notebook.metadata["kernelspec"]["name"]


def test_a_drifted_pair_is_caught(tmp_path):
    """The comparison is not blind: one changed line in the Markdown is a difference."""
    path = IPYNB[0]
    text = path.with_suffix(".md").read_text(encoding="utf-8")
    changed = text.replace("glue()", "glue()\nprint('drift')", 1)
    assert changed != text
    drifted = jupytext.reads(changed, fmt="md:myst")
    assert cells(drifted) != cells(nbformat.read(path, as_version=4))
