"""Building the whole book inside tests, exactly as ``make book`` does, into a temporary
folder (shared by test_book, test_browser and test_hostile)."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from newsframes.analysis import paths

ROOT = paths.PROJECT_ROOT
SEEDS = ROOT / "seeds"
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")


def build(
    out: Path,
    *,
    seeds: Path | None = None,
    cache: Path,
    builder: str = "html",
    env: dict[str, str] | None = None,
) -> str:
    """Build the book (``-n -W --keep-going``) into ``out`` for the articles in ``seeds``
    (default: the repository's), with the analysis cache in ``cache``; return the log.
    Fails with the end of the log on a non-zero exit."""
    environ = dict(os.environ, NEWSFRAMES_CACHE=str(cache), NEWSFRAMES_SEEDS=str(seeds or SEEDS))
    environ.update(env or {})
    cmd = [str(JUPYTER_BOOK), "build", str(ROOT), "-n", "-W", "--keep-going",
           "--path-output", str(out), "--builder", builder]  # fmt: skip
    proc = subprocess.run(cmd, env=environ, capture_output=True, text=True, timeout=1800)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log[-6000:]
    return log


def glue_values(build_dir: Path, notebook: str) -> dict[str, str]:
    """Glue key -> text/plain of every value a notebook glued in the build whose output
    folder is ``build_dir`` (myst-nb keeps them in ``jupyter_execute/``)."""
    path = build_dir / "jupyter_execute" / "notebooks" / f"{notebook}.glue.json"
    saved = json.loads(path.read_text(encoding="utf-8"))
    return {key: output["data"]["text/plain"] for key, output in saved.items()}


def glued(page: Path) -> list[str]:
    """The glued values (myst-nb ``pasted-text`` spans) on an HTML page, in order."""
    text = page.read_text(encoding="utf-8")
    return [html.unescape(v) for v in re.findall(r'class="pasted-text">([^<]*)<', text)]
