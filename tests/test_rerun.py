"""Rerunning the analysis as an analyst: the project's Jupyter kernel, ``make lab``, and
the notebooks' parameters cells (papermill). The standalone execution of every notebook,
compared with the book build, is in test_book.py (it needs the built book)."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from conftest import PROJECT_ROOT, SMALL

from newsframes.book import chapters

NOTEBOOKS = sorted((PROJECT_ROOT / "notebooks").glob("*.ipynb"))
VENV_PYTHON = Path(sys.executable)
KERNEL = "newsframes"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_asks_for_the_project_kernel(path):
    spec = nbformat.read(path, as_version=4).metadata["kernelspec"]
    assert spec["name"] == KERNEL
    assert spec["display_name"] == "Python (newsframes)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_opens_with_a_parameters_cell(path):
    """The first code cell is tagged ``parameters`` (papermill) and sets ``seeds = None``
    unless the notebook reads no articles (the lexicon, citation and data appendices)."""
    nb = nbformat.read(path, as_version=4)
    source = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    first = next(c for c in nb.cells if c.cell_type == "code")
    if "seeds" not in source:
        assert "parameters" not in first.metadata.get("tags", [])
        return
    assert "parameters" in first.metadata.get("tags", [])
    assert "seeds = None" in first.source.splitlines()
    assert "NEWSFRAMES_SEEDS" in first.source  # the comment says what None means


def test_kernel_is_registered_inside_the_venv_only():
    """``make setup`` registered the kernel with --sys-prefix: its folder is in .venv and
    its Python is .venv's."""
    out = subprocess.run(
        [str(VENV_PYTHON), "-m", "jupyter", "kernelspec", "list", "--json"],
        capture_output=True, text=True, check=True,
        env=dict(os.environ, JUPYTER_PREFER_ENV_PATH="1"),
    )  # fmt: skip
    spec = json.loads(out.stdout)["kernelspecs"][KERNEL]
    venv = Path(sys.prefix).resolve()
    assert Path(spec["resource_dir"]).resolve().is_relative_to(venv)
    assert Path(spec["spec"]["argv"][0]).resolve() == VENV_PYTHON.resolve()
    assert spec["spec"]["display_name"] == "Python (newsframes)"
    user = Path.home() / ".local/share/jupyter/kernels" / KERNEL
    assert not user.exists(), f"a kernel was registered in the user's folder {user}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read())


def test_make_lab_serves_the_notebooks_with_the_project_kernel(tmp_path):
    """``make lab`` starts JupyterLab (headless here) on the project: the server knows the
    project kernel, and a notebook it serves asks for it; then the server is stopped."""
    port, token = _free_port(), "newsframes-test"
    args = f"--no-browser --port={port} --IdentityProvider.token={token} --ServerApp.ip=127.0.0.1"
    log = (tmp_path / "lab.log").open("w")
    proc = subprocess.Popen(
        ["make", "-s", "lab", f"LAB_ARGS={args}"], cwd=PROJECT_ROOT, stdout=log,
        stderr=subprocess.STDOUT, start_new_session=True,
        env=dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime")),
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                specs = _get(f"{base}/kernelspecs?token={token}")
                break
            except OSError:
                assert proc.poll() is None, (tmp_path / "lab.log").read_text()
                assert time.monotonic() < deadline, (tmp_path / "lab.log").read_text()
                time.sleep(1)
        assert KERNEL in specs["kernelspecs"]
        argv = specs["kernelspecs"][KERNEL]["spec"]["argv"]
        assert Path(argv[0]).resolve() == VENV_PYTHON.resolve()
        nb = _get(f"{base}/contents/notebooks/01_corpus.ipynb?token={token}")
        assert nb["content"]["metadata"]["kernelspec"]["name"] == KERNEL
        lab = urllib.request.urlopen(f"http://127.0.0.1:{port}/lab?token={token}", timeout=5)
        assert lab.status == 200
        assert proc.poll() is None, "the server that answered is not the one make started"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def test_papermill_sets_the_seeds_folder(make_seeds, tmp_path, monkeypatch):
    """papermill injects ``seeds`` after the parameters cell: the corpus chapter then
    counts the articles of that folder, not the project's."""
    import papermill

    seeds = make_seeds(SMALL)
    monkeypatch.setenv("NEWSFRAMES_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("NEWSFRAMES_SEEDS", str(tmp_path / "not-this-one"))
    out = tmp_path / "01_corpus.out.ipynb"
    papermill.execute_notebook(
        str(PROJECT_ROOT / "notebooks/01_corpus.ipynb"), str(out),
        parameters={"seeds": str(seeds)}, kernel_name=KERNEL,
        cwd=str(PROJECT_ROOT / "notebooks"), progress_bar=False,
    )  # fmt: skip
    values = chapters.glued_in(nbformat.read(out, as_version=4))
    assert values["corpus_n_articles"] == str(len(SMALL))
