"""Sphinx and MyST-NB glue for the book (loaded through ``_config.yml``).

1. **No stale book.** Jupyter Book's ``execute_notebooks: cache`` re-executes a notebook
   only when its code cells change, so after an article is added to the seeds folder
   a cached book would show old numbers. :func:`execution_key` digests everything the
   notebooks' results depend on besides their code: every file in the seeds folder
   (name and bytes), the package's code and version, and the NLTK resources. The
   notebook cache lives in a folder named by that key, and the key is a Sphinx config
   value, so when it changes Sphinx re-reads every page (prose pages glue numbers from
   the notebooks) and every notebook is executed afresh; when it does not, nothing is
   executed. Old cache folders are removed.
2. **Data downloads.** The HTML build writes every analysis table as CSV into
   ``data/`` of the site (:func:`_write_data`), the same tables the notebooks show
   (same inputs, same cache), so each page can link its tables for download.
3. **Real LaTeX for the PDF.** Display objects of :mod:`newsframes.render` carry a
   LaTeX rendering under :data:`render.LATEX_MIME`; :class:`LatexMimeRenderer`
   (registered as a MyST-NB mime renderer in ``pyproject.toml``) passes it to the
   LaTeX builder as raw LaTeX. The LaTeX is built by ``render`` with every piece of
   article text escaped.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from docutils import nodes

from newsframes import PIPELINE_VERSION, __version__, paths, render

KEY_LENGTH = 16


def execution_key(seeds: str | Path | None = None) -> str:
    """A digest of every input of the notebooks that is not their code."""
    from newsframes import pipeline, resources

    folder = paths.seeds_dir(seeds)
    h = hashlib.sha256(f"{__version__}|{PIPELINE_VERSION}|{pipeline.code_digest()}".encode())
    h.update(resources.versions().encode())
    if folder.is_dir():
        for f in sorted(folder.iterdir(), key=lambda p: p.name):
            h.update(f.name.encode() + b"\0")
            if f.is_file():
                h.update(hashlib.sha256(f.read_bytes()).digest())
    else:
        h.update(f"missing:{folder}".encode())
    return h.hexdigest()[:KEY_LENGTH]


def _key_execution_cache(app, config) -> None:
    base = config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache"
    base = Path(base)
    key = execution_key()
    if base.is_dir():
        for old in base.iterdir():
            if old.is_dir() and old.name.startswith("inputs-") and old.name != f"inputs-{key}":
                shutil.rmtree(old, ignore_errors=True)
    config.nb_execution_cache_path = str(base / f"inputs-{key}")


def _write_data(app) -> None:
    if app.builder.format != "html":
        return
    from newsframes import pipeline

    out = Path(app.outdir) / render.DATA_DIR
    pipeline.write_tables(pipeline.analyze(), out)


class LatexMimeRenderer:
    """MyST-NB mime renderer: raw LaTeX for outputs of :mod:`newsframes.render`."""

    mime_priority_overrides = [("latex", render.LATEX_MIME, 1)]

    @staticmethod
    def handle_mime(renderer, data, inline: bool):
        if data.mime_type != render.LATEX_MIME:
            return None
        node = nodes.raw(text=data.string, format="latex", classes=["output", "nf-latex"])
        return [node]


def setup(app):
    app.connect("config-inited", _key_execution_cache, priority=900)
    app.connect("builder-inited", _write_data)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
