"""Snapshot of everything a refactoring must not change: the tables the command line
writes and the values every notebook glues, for the seed and the held-out articles.

    python tools/snapshot.py OUT            # write OUT/<set>/tables/*.csv, OUT/<set>/glue.json
    diff -r BEFORE AFTER                    # compare two snapshots

Each notebook runs in a fresh kernel with papermill (``seeds`` set to the article folder)
and an empty analysis cache, so nothing is read from an earlier run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import papermill

from newsframes.book import chapters

ROOT = Path(__file__).resolve().parents[1]
SETS = {
    "seeds": ROOT / "seeds",
    "heldout": ROOT / "evaluation" / "heldout" / "articles",
    "heldout2": ROOT / "evaluation" / "heldout2" / "articles",
}


def main(out: Path) -> None:
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    for name, folder in SETS.items():
        target = out / name
        (target / "tables").mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ, NEWSFRAMES_CACHE=tmp, NEWSFRAMES_SEEDS=str(folder))
            subprocess.run(
                [sys.executable, "-m", "newsframes", "analyze", str(folder), "--no-cache",
                 "--out", str(target / "tables")], check=True, env=env,
            )  # fmt: skip
            os.environ.update(NEWSFRAMES_CACHE=tmp, NEWSFRAMES_SEEDS=str(folder))
            values = {}
            for path in notebooks:
                executed = Path(tmp) / path.name
                papermill.execute_notebook(
                    str(path), str(executed), kernel_name="newsframes",
                    cwd=str(path.parent), progress_bar=False,
                )  # fmt: skip
                for key, value in chapters.glued_in(nbformat.read(executed, as_version=4)).items():
                    values[f"{path.stem}::{key}"] = value
                print(name, path.name, file=sys.stderr)
        (target / "glue.json").write_text(
            json.dumps(values, indent=1, sort_keys=True, ensure_ascii=False) + "\n", "utf-8"
        )


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve())
