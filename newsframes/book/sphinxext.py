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
2. **Data downloads.** The HTML build writes the analysis tables into ``data/`` of the
   site (:func:`write_downloads`), the same tables the notebooks show (same inputs, same
   cache), so each page can link its tables for download: CSV (gzip-compressed above
   :data:`render.DOWNLOAD_PLAIN_MAX_ROWS` rows) and Parquet, and nothing for a table of
   more than :data:`render.DOWNLOAD_MAX_ROWS` rows, which the pages say how to write
   with the command line. The site stays small however large the corpus.
3. **Real LaTeX for the PDF.** Display objects of :mod:`newsframes.book.render` carry a
   LaTeX rendering under :data:`render.LATEX_MIME`; :class:`LatexMimeRenderer`
   (registered as a MyST-NB mime renderer in ``pyproject.toml``) passes it to the
   LaTeX builder as raw LaTeX. The LaTeX is built by ``render`` with every piece of
   article text escaped.
4. **Interactive tables, offline.** :class:`render.Table` writes every row of a table
   into the page; the DataTables bundle that itables ships for its offline mode
   (``itables.options.dt_bundle``) makes them searchable, sortable and paged. The
   bundle is copied into the site once (``_static/itables/``, :func:`_copy_itables`)
   and loaded only on the pages that have such a table (:func:`_itables_on_page`), by
   ``book/_static/newsframes-itables.js``; nothing is fetched from the network.
5. **Sections that need several groups.** A block of a prose page between
   :data:`SEVERAL_BEGIN` and :data:`SEVERAL_END` (the findings' comparison of outlets)
   is dropped when the corpus has fewer than two groups to compare
   (:func:`_several_groups_only`, at ``source-read``).
6. **The scale figure.** The methods page shows the last run of ``make bench-scale``
   (``benchmarks/scale.csv``), drawn at every build into ``book/_generated/scale.png``
   (:func:`draw_scale`; not in git).
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Mapping
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from newsframes import PIPELINE_VERSION, __version__
from newsframes.analysis import corpus, paths
from newsframes.book import render

KEY_LENGTH = 16
ITABLES_STATIC = "itables"  # folder of _static holding itables' DataTables bundle
ITABLES_INIT = "newsframes-itables.js"  # in book/_static: applies the bundle to the tables


def execution_key(seeds: str | Path | None = None) -> str:
    """A digest of every input of the notebooks that is not their code."""
    from newsframes.analysis import cache, resources, settings
    from newsframes.book import publication

    folder = paths.seeds_dir(seeds)
    h = hashlib.sha256(f"{__version__}|{PIPELINE_VERSION}|{cache.code_digest()}".encode())
    h.update(resources.versions().encode())
    h.update(repr(settings.from_environment()).encode())  # every setting that changes a result
    for f in sorted(Path(__file__).resolve().parent.glob("*.py")):  # what the pages show
        h.update(f.name.encode() + f.read_bytes())
    if publication.CITATION.is_file():  # the cite page shows it
        h.update(publication.CITATION.read_bytes())
    if folder.is_dir():  # what the loader sees: no link out of it is followed
        h.update(corpus.folder_digest(folder).encode())
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


# A block of a prose page between these two lines is shown only when the corpus has two
# groups or more to compare (the findings' "How the outlets differ").
SEVERAL_BEGIN = "<!-- only with several groups -->"
SEVERAL_END = "<!-- end: only with several groups -->"


def n_groups(seeds: str | Path | None = None) -> int:
    """How many groups the comparisons chapter compares: the distinct values of the
    ``compare_by`` column over the readable articles (2 for ``position``: lead and rest;
    0 when the column does not exist, which the chapter reports as an error)."""
    from newsframes.analysis import compare, settings

    chosen = settings.from_environment()
    if chosen.compare_by == compare.POSITION:
        return 2
    articles = corpus.read_corpus(paths.seeds_dir(seeds), settings=chosen).articles_table()
    try:
        return int(compare.group_names(articles, chosen.compare_by).nunique())
    except ValueError:
        return 0


def _several_groups_only(app, docname: str, source: list[str]) -> None:
    """``source-read``: drop each block between :data:`SEVERAL_BEGIN` and
    :data:`SEVERAL_END` when there are fewer than two groups to compare, else only the
    two markers."""
    text = source[0]
    if SEVERAL_BEGIN not in text:
        return
    if n_groups() >= 2:  # keep the block, not its markers
        source[0] = text.replace(SEVERAL_BEGIN, "").replace(SEVERAL_END, "")
        return
    while SEVERAL_BEGIN in text:
        a = text.index(SEVERAL_BEGIN)
        b = text.index(SEVERAL_END, a) + len(SEVERAL_END)
        text = text[:a] + text[b:]
    source[0] = text


def _write_data(app) -> None:
    if app.builder.format != "html":
        return
    from newsframes.analysis import pipeline

    write_downloads(pipeline.analyze(), Path(app.outdir) / render.DATA_DIR)


SCALE_FIGURE = Path("book") / "_generated" / "scale.png"  # under the book's source folder


def _draw_scale(app) -> None:
    draw_scale(Path(app.srcdir) / SCALE_FIGURE)


def draw_scale(path: Path, runs: Path | None = None) -> bool:
    """Draw the last run of ``make bench-scale`` (:func:`chapters.scale_chapter`,
    :func:`plots.scale`) as a PNG at ``path``, for the methods page; the file is
    rewritten only when its bytes change (no time stamp in it), so that an unchanged
    rebuild re-reads nothing. Returns whether it was written."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from newsframes.book import chapters, plots

    chapter = chapters.scale_chapter(runs or chapters.BENCH_SCALE)
    fig = plots.scale(chapter.tables["runs"], chapters.SCALE_GOALS)
    sink = io.BytesIO()
    fig.savefig(sink, format="png", metadata={"Software": None})
    plt.close(fig)
    data = sink.getvalue()
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def write_downloads(tables: Mapping, folder: Path) -> list[Path]:
    """Write each table into ``folder`` in the files :func:`render.download_files` names
    for its size (CSV or gzip-compressed CSV, and Parquet; nothing for a table too large
    for the web book), removing any other file left there by an earlier build. One
    table is held at a time, and a table too large is not even decoded
    (:func:`pipeline.n_rows`)."""
    from newsframes.analysis import pipeline

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in tables:
        files = render.download_files(pipeline.n_rows(tables, name))
        if not files:
            continue
        one = {name: pipeline.load_table(tables, name)}
        for suffix in files.values():
            written += pipeline.write_tables(one, folder, format=suffix[1:])
    for stale in set(folder.iterdir()) - set(written):
        if stale.is_file():
            stale.unlink()
    return written


def _publication_metadata(app, config) -> None:
    """Version, commit, build date and corpus fingerprint: as MyST substitutions for
    the landing page and the reproducibility appendix (set at every build, so never
    stale in a cached notebook), in the HTML footer, on the PDF title page and in the PDF's name."""
    from newsframes.analysis import corpus
    from newsframes.book import publication

    version = publication.version()
    commit = publication.git_commit() or "not in a git checkout"
    date = publication.build_date()
    articles = corpus.read_corpus(paths.seeds_dir()).articles_table()
    full_fingerprint = corpus.corpus_fingerprint(articles)
    fingerprint = full_fingerprint[:16]
    config.version = config.release = version
    config.today = date
    config.myst_substitutions = {
        **(config.myst_substitutions or {}),
        "version": version,
        "commit": commit,
        "build_date": date,
        "corpus_fingerprint": fingerprint,
        "corpus_fingerprint_full": full_fingerprint,
        "n_articles": str(len(articles)),
    }
    footer = (
        f"Version {version} · commit {commit} · built {date} · "
        f"corpus fingerprint {fingerprint} ({len(articles)} articles) · "
        f"full tables: the site's {render.DATA_DIR}/ folder (listed in the appendix "
        f"'the data'), or {render.FETCH_COMMAND}"
    )
    config.html_theme_options = {**(config.html_theme_options or {}), "extra_footer": footer}
    if config.latex_documents:
        start, _target, title, author, kind, *rest = config.latex_documents[0]
        author = f"{author} \\and Version {version}, commit {commit} \\and Corpus {fingerprint}"
        config.latex_documents = [(start, f"newsframes-{version}.tex", title, author, kind, *rest)]


# The prose page holding the bibliography in the web book. In the PDF, Sphinx gathers every
# citation into one bibliography at the end of the book, which would leave this chapter
# empty (jupyter-book #1523), so the PDF leaves the chapter out.
REFERENCES_DOC = "book/references"


class DropReferencesChapter(SphinxPostTransform):
    """LaTeX only: remove the references page from the assembled book (after
    sphinx-jupyterbook-latex has arranged it); the bibliography stays, once, at the end."""

    default_priority = 1000
    builders = ("latex",)

    def run(self, **kwargs) -> None:
        for node in list(self.document.findall(addnodes.start_of_file)):
            if node.get("docname") == REFERENCES_DOC:
                for citation in list(node.findall(nodes.citation)):
                    citation.parent.remove(citation)  # Sphinx gathers them at the end
                    self.document.append(citation)
                node.parent.remove(node)


def _register_author_year_style() -> None:
    """A pybtex style whose labels are author and year (``Dunning 1993``, ``Bird et al.
    2009``), sorted by author, year and title: the bibliography matches the author-year
    citations in the text."""
    from pybtex.plugin import register_plugin
    from pybtex.richtext import Text
    from pybtex.style.formatting.unsrt import Style
    from pybtex.style.labels import BaseLabelStyle

    class AuthorYearLabels(BaseLabelStyle):
        def format_labels(self, sorted_entries):
            for entry in sorted_entries:
                people = entry.persons.get("author") or entry.persons.get("editor") or []
                names = [Text.from_latex(" ".join(p.last_names)).render_as("text") for p in people]
                if len(names) > 2:
                    who = f"{names[0]} et al."
                elif len(names) == 2:
                    who = f"{names[0]} and {names[1]}"
                else:
                    who = names[0] if names else entry.fields.get("title", "Anonymous")[:30]
                yield f"{who} {entry.fields.get('year', 'n.d.')}"

    class AuthorYearStyle(Style):
        default_label_style = AuthorYearLabels
        default_sorting_style = "author_year_title"

    register_plugin("pybtex.style.formatting", "newsframes_author_year", AuthorYearStyle)


def _dedupe_inline_scripts(app, pagename, templatename, context, doctree) -> None:
    """Sphinx 7 writes some inline theme scripts twice on a page, which browsers report
    as an error (a constant declared twice); keep the first of identical scripts."""
    files = context.get("script_files")
    if not files:
        return
    seen, unique = set(), []
    for js in files:
        key = (js.filename or "", js.priority, tuple(sorted(js.attributes.items())))
        if key not in seen:
            seen.add(key)
            unique.append(js)
    files[:] = unique


def _itables_bundle() -> list[Path]:
    """The offline DataTables bundle of itables: its JavaScript module and CSS."""
    from itables import options

    js = Path(options.dt_bundle)
    return [js, js.with_suffix(".css")]


def _copy_itables(app, exception) -> None:
    """HTML builds: copy itables' bundle into ``_static/itables/`` of the site."""
    if exception is not None or app.builder.format != "html":
        return
    from sphinx.util.fileutil import copy_asset_file

    folder = Path(app.outdir) / "_static" / ITABLES_STATIC
    folder.mkdir(parents=True, exist_ok=True)
    for path in _itables_bundle():
        copy_asset_file(str(path), str(folder))


def _itables_on_page(app, pagename, templatename, context, doctree) -> None:
    """Load the bundle's CSS and the script that applies it on a page that has an
    interactive table (and on no other page)."""
    if render.ITABLE_CLASS in (context.get("body") or ""):
        app.add_css_file(f"{ITABLES_STATIC}/dt_bundle.css")
        app.add_js_file(ITABLES_INIT, type="module")


class LatexMimeRenderer:
    """MyST-NB mime renderer: raw LaTeX for outputs of :mod:`newsframes.book.render`."""

    mime_priority_overrides = [("latex", render.LATEX_MIME, 1)]

    @staticmethod
    def handle_mime(renderer, data, inline: bool):
        if data.mime_type != render.LATEX_MIME:
            return None
        node = nodes.raw(text=data.string, format="latex", classes=["output", "nf-latex"])
        return [node]


def setup(app):
    app.connect("config-inited", _key_execution_cache, priority=900)
    app.connect("config-inited", _publication_metadata, priority=900)
    app.connect("builder-inited", _write_data)
    app.connect("builder-inited", _draw_scale)
    app.connect("source-read", _several_groups_only)
    app.connect("html-page-context", _itables_on_page)
    app.connect("html-page-context", _dedupe_inline_scripts)
    app.connect("build-finished", _copy_itables)
    app.add_post_transform(DropReferencesChapter)
    _register_author_year_style()
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
