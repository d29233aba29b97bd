"""Display objects for the notebooks: tables and article text, escaped for every format.

Article text is untrusted data. Everything shown here is escaped for HTML
(``html.escape``) and for LaTeX (:func:`latex_escape`); nothing is ever passed on as
Markdown, MyST, HTML or TeX source. Each object offers ``text/html`` (the web book),
:data:`LATEX_MIME` (raw LaTeX for the PDF, see :mod:`newsframes.book.sphinxext`) and
``text/plain``.
"""

from __future__ import annotations

import bisect
import html
import itertools
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import cast

import pandas as pd

LATEX_MIME = "application/x-newsframes-latex"
DATA_DIR = "data"  # the folder of the HTML site holding the tables for download
# The tables in the web book (download_files): up to DOWNLOAD_PLAIN_MAX_ROWS rows as plain
# CSV, up to DOWNLOAD_MAX_ROWS as gzip-compressed CSV, each also as Parquet; a larger table
# (the tokens of a few hundred articles) is left to the command line, so that the site
# stays small however large the corpus.
DOWNLOAD_PLAIN_MAX_ROWS = 10_000
DOWNLOAD_MAX_ROWS = 100_000
FETCH_COMMAND = "python -m newsframes analyze SEEDS --out DIR"
# Characters of one article printed on a page: a wire story is 2,000-8,000 characters;
# a very long article (a report, a transcript) is cut here, with a note (all of it stays
# in sentences.csv).
MAX_CHARS = 20_000

_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "%": r"\%",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    "-": "-{}",  # no -- or --- ligatures: a hyphen stays a hyphen
    "[": "{[}",  # never an optional argument
    "]": "{]}",
}
_LATEX_RE = re.compile("|".join(re.escape(k) for k in _LATEX_SPECIAL))
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def latex_escape(text: object) -> str:
    """``text`` as LaTeX that typesets it literally (special characters escaped,
    control characters dropped, line breaks as spaces)."""
    s = _CONTROL_RE.sub("", str(text)).replace("\n", " ").replace("\t", " ")
    return _LATEX_RE.sub(lambda m: _LATEX_SPECIAL[m.group()], s)


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1e4 else f"{value:,.0f}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


class Plain(str):
    """A string whose ``repr`` is itself, so that ``glue`` shows it without quotes.
    ``{glue:text}`` inserts it as plain text: it is never parsed as markup."""

    def __repr__(self) -> str:
        return str(self)


def count(n: int, noun: str, plural: str | None = None) -> Plain:
    """``1 article``, ``3 articles``, ``1,204 words``: a count with its noun in the right
    number, for prose."""
    return Plain(f"{n:,} {noun if n == 1 else plural or noun + 's'}")


def counts(series: pd.Series, empty: str = "none") -> Plain:
    """``TASS (3), Xinhua (1)``: each label of a count series with its count, for prose."""
    return Plain(", ".join(f"{name} ({n:,})" for name, n in series.items()) or empty)


# Tables. The web book holds every row of a table, up to HTML_MAX_ROWS rows and
# HTML_MAX_CHARS characters of HTML, and itables' offline DataTables bundle makes
# them searchable, sortable and paged (newsframes.book.sphinxext copies the bundle into
# the site and loads it once on each page that has such a table). The rows are HTML in
# the page, escaped, never data in a script. The PDF prints at most ``max_rows`` rows, in
# columns whose widths come from their content (:func:`fit_columns`), every cell escaped,
# breakable and, past CELL_MAX_CHARS, cut.

HTML_MAX_ROWS = 2_000  # above this a table's page would be slow to load: the CSV has it all
HTML_MAX_CHARS = 150_000  # of a table's rows, as HTML: a page stays light to load
PAGE_LENGTH = 10  # rows per page of an interactive table; a shorter one has no pager or search
ITABLE_CLASS = "nf-itable"  # the tables that newsframes.book.sphinxext makes interactive
CELL_MAX_CHARS = 200  # a longer cell is cut in the PDF, with " […]"
FULL_TABLE = (
    "the full table is in the CSV files linked at the end of the chapter and listed in the "
    "data appendix."
)
_NUMBER_RE = re.compile(r"[-+]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?(e[-+]?\d+)?%?", re.IGNORECASE)

# Widths are estimated in em of the table's font: FreeSerif's advance widths, rounded up,
# so that an estimate is a little wider than the printed text, never narrower.
# \linewidth of a cell output in the PDF: \textwidth (469.75pt, letter paper) less the 20pt
# that jupyterBook.cls's sphinxVerbatimOutput indents outputs by.
_TEXT_WIDTH_PT = 449.75
_FONT_SIZES = (("\\footnotesize", 8.0), ("\\scriptsize", 7.0), ("\\tiny", 5.0))  # 10pt class
_TABCOLSEP_PT = 3.0  # each side of a column: 6pt between two columns
_BOLD = 1.1  # headers are bold, about this much wider
_LONG_RUN = 15  # a run without a break point longer than this may break every _CHUNK chars
_CHUNK = 8
_LONG_RUN_RE = re.compile(rf"[^\s_/-]{{{_LONG_RUN + 1},}}")
_ALIGN = {"l": "raggedright", "r": "raggedleft"}
_BREAK_AFTER_RE = re.compile(r"(?<=[_/-])(?=.)")
_EM = {
    **dict.fromkeys(" ", 0.25),
    **dict.fromkeys("il.,;:'!|`", 0.28),
    **dict.fromkeys('jtfr()[]{}/\\-"', 0.34),
    **dict.fromkeys("mw", 0.75),
    **dict.fromkeys("MW%", 0.95),
    **dict.fromkeys("&@—…", 1.0),
}


def _char_em(ch: str) -> float:
    if ch in _EM:
        return _EM[ch]
    if unicodedata.east_asian_width(ch) in "WF":
        return 1.0
    return 0.72 if ch.isupper() else 0.5


def _available_em(n_columns: int, points: float) -> float:
    """The width of the line less the space between ``n_columns`` columns, in em of a
    ``points`` font."""
    return (_TEXT_WIDTH_PT - 2 * _TABCOLSEP_PT * n_columns) / points


def text_em(text: str, *, bold: bool = False) -> float:
    """The estimated printed width of ``text`` on one line, in em of its font (a little
    wider than FreeSerif prints it, never narrower)."""
    return sum(map(_char_em, text)) * (_BOLD if bold else 1.0)


def _pieces(word: str) -> list[str]:
    """The parts of one word between which a line may break: after ``_``, ``/`` and
    ``-``, and every ``_CHUNK`` characters of a run longer than ``_LONG_RUN`` (an
    identifier, a hash, a run of CJK characters)."""
    out = []
    for run in _BREAK_AFTER_RE.split(word):
        if len(run) > _LONG_RUN:
            out += _chunks(run)
        else:
            out.append(run)
    return out


def _chunks(run: str) -> list[str]:
    return [run[i : i + _CHUNK] for i in range(0, len(run), _CHUNK)]


def _words(text: str) -> list[str]:
    return _CONTROL_RE.sub("", text).split()


def latex_breakable(text: str, *, bold: bool = False) -> str:
    """``text`` as LaTeX (escaped by :func:`latex_escape`) that may break across lines
    at spaces and between the :func:`_pieces` of each word, so that no word is wider
    than the column it sits in."""
    tex = " ".join("\\allowbreak{}".join(map(latex_escape, _pieces(w))) for w in _words(text))
    return f"\\textbf{{{tex}}}" if bold and tex else tex


def cut(text: str, max_chars: int = CELL_MAX_CHARS, *, from_left: bool = False) -> str:
    """``text`` if it has at most ``max_chars`` characters, else its first (or, with
    ``from_left``, last) words up to about ``max_chars``, with ``[…]`` where the rest was."""
    if len(text) <= max_chars:
        return text
    if from_left:
        kept = text[len(text) - max_chars :]
        kept = kept.split(" ", 1)[1] if " " in kept[:40] else kept
        return "[…] " + kept.lstrip()
    kept = text[:max_chars]
    kept = kept.rsplit(" ", 1)[0] if " " in kept[-40:] else kept
    return kept.rstrip() + " […]"


def _is_number(text: str) -> bool:
    return bool(text) and _NUMBER_RE.fullmatch(text) is not None and any(map(str.isdigit, text))


@dataclass
class Column:
    """One column of a LaTeX table: its header and its cells as plain text (escaped
    when written). ``width``: in em of the table's font, or ``None`` to fit it to the
    content (:func:`fit_columns`); numbers are right-aligned, text left-aligned."""

    header: str
    cells: list[str]
    is_numeric: bool = False
    is_bold: bool = False
    align: str = ""  # "l" or "r"; "" chooses by is_numeric
    width: float | None = None

    @classmethod
    def of(cls, header: object, values: list) -> Column:
        cells = [_cell(v) for v in values]
        filled = [c for c in cells if c]
        return cls(str(header), cells, is_numeric=bool(filled) and all(map(_is_number, filled)))

    def min_em(self) -> float:
        """The widest piece that cannot break: of the header (bold) and of every cell
        (a number is one piece)."""
        head = [text_em(p, bold=True) for w in _words(self.header) for p in _pieces(w)]
        if self.is_numeric:
            cells = self.cells
        else:
            cells = [p for c in self.cells for w in _words(c) for p in _pieces(w)]
        return max([0.0, *head, *(text_em(c, bold=self.is_bold) for c in cells)])

    def natural_em(self, *, whole_header: bool = True) -> float:
        """The width that prints every cell (and, with ``whole_header``, the header) on
        one line."""
        head = text_em(self.header, bold=True) if whole_header else 0.0
        return max([head, self.min_em(), *(text_em(c, bold=self.is_bold) for c in self.cells)])

    def typical_em(self) -> float:
        """The 75th percentile of the cells' one-line widths: how much room the column
        wants when the text columns share the line."""
        widths = sorted(text_em(c, bold=self.is_bold) for c in self.cells) or [0.0]
        return max(widths[math.ceil(0.75 * len(widths)) - 1], 1.0)


def fit_columns(columns: list[Column], *, points: float = 8.0) -> list[float] | None:
    """Column widths (em of a ``points`` font, without the space between columns) that
    share the line, or ``None`` if the columns cannot fit (their unbreakable pieces
    are too wide).

    Given widths stay. If every column fits on one line with its header whole, each
    gets that width (the table is narrower than the line). Otherwise numbers, and the
    text columns whose cells fit in an equal share of the line or in their share by
    typical length, keep their one-line width (their headers may wrap); the other text
    columns share the rest of the line by their typical length
    (:meth:`Column.typical_em`), each at least as wide as its widest unbreakable piece.
    """
    avail = _available_em(len(columns), points)
    widths: list[float | None] = [c.width for c in columns]
    free = [i for i, w in enumerate(widths) if w is None]
    fixed = sum(w for w in widths if w is not None)
    mins = {i: columns[i].min_em() for i in free}
    if fixed + sum(mins.values()) > avail + 1e-9:
        return None
    whole = {i: columns[i].natural_em() for i in free}
    if fixed + sum(whole.values()) <= avail:
        return [w if w is not None else whole[i] for i, w in enumerate(widths)]
    natural = {i: columns[i].natural_em(whole_header=False) for i in free}
    for i in free:
        if columns[i].is_numeric:
            widths[i] = natural[i]
    flex = [i for i in free if widths[i] is None]
    while flex:
        room = avail - sum(w for w in widths if w is not None)
        weights = {i: columns[i].typical_em() for i in flex}
        share = {i: room * weights[i] / sum(weights.values()) for i in flex}
        fits = [i for i in flex if natural[i] <= room / len(flex)]  # an equal share
        fits = fits or [i for i in flex if natural[i] <= share[i]]
        if not fits:
            fits = [i for i in flex if mins[i] > share[i]]  # too narrow: the minimum
            if not fits:
                for i in flex:
                    widths[i] = share[i]
                break
            for i in fits:
                natural[i] = mins[i]
        for i in fits:
            widths[i] = natural[i]
        flex = [i for i in flex if widths[i] is None]
    floors = [c.width or mins[i] for i, c in enumerate(columns)]
    return _within(cast(list[float], widths), floors, avail)


def _within(widths: list[float], mins: list[float], avail: float) -> list[float]:
    """``widths`` narrowed, each no further than its minimum and in proportion to the
    room it has above it, until they sum to at most ``avail`` (possible when the
    minimums do)."""
    excess = sum(widths) - avail
    slack = [w - m for w, m in zip(widths, mins, strict=True)]
    if excess <= 1e-9 or sum(slack) <= 0:
        return widths
    return [w - s * min(1.0, excess / sum(slack)) for w, s in zip(widths, slack, strict=True)]


def _fit_font(columns: list[Column]) -> tuple[str, float, list[float]]:
    """The largest font size of :data:`_FONT_SIZES` at which the columns fit, its
    size in points and the column widths (em); if none does, the smallest, with the
    line shared by the columns' minimum widths."""
    for size, points in _FONT_SIZES:
        widths = fit_columns(columns, points=points)
        if widths is not None:
            return size, points, widths
    mins = [c.width or c.min_em() for c in columns]
    avail = _available_em(len(columns), points)
    return size, points, [w * avail / sum(mins) for w in mins]


def latex_table(
    columns: list[Column], *, caption: str | None = None, notes: list[str] | tuple = ()
) -> str:
    """A LaTeX ``longtable`` of ``columns``, the one writer of every table of the PDF:
    widths from :func:`fit_columns` at the largest font size at which the columns fit
    (``\\footnotesize``, else smaller), every cell and header escaped and breakable
    (:func:`latex_breakable`), headers repeated on each page, ``notes`` in italics
    below."""
    size, points, widths = _fit_font(columns)
    line_em = _TEXT_WIDTH_PT / points
    spec = "".join(
        f">{{\\{_ALIGN[c.align or ('r' if c.is_numeric else 'l')]}\\arraybackslash}}"
        f"p{{{w / line_em:.4f}\\linewidth}}"
        for c, w in zip(columns, widths, strict=True)
    )
    bold = [c.is_bold for c in columns]
    head = " & ".join(latex_breakable(c.header, bold=True) for c in columns) + " \\\\"
    rows = "\n".join(
        " & ".join(latex_breakable(t, bold=b) for t, b in zip(row, bold, strict=True)) + " \\\\"
        for row in zip(*(c.cells for c in columns), strict=True)
    )
    if caption:
        first = f"\\caption{{{latex_escape(caption)}}}\\\\\n\\hline\n{head}\n\\hline\n"
        later = f"\\caption[]{{(continued)}}\\\\\n\\hline\n{head}\n\\hline\n"
        heads = f"{first}\\endfirsthead\n{later}\\endhead\n"
    else:
        heads = f"\\hline\n{head}\n\\hline\n\\endhead\n"
    foot = "".join(_latex_note(n) + "\n" for n in notes if n)
    return (
        f"\\begingroup{size}\\setlength{{\\tabcolsep}}{{{_TABCOLSEP_PT:g}pt}}"
        "\\setlength{\\LTpre}{\\smallskipamount}\\setlength{\\LTpost}{\\smallskipamount}\n"
        f"\\begin{{longtable}}{{{spec}}}\n{heads}{rows}\n\\hline\n\\end{{longtable}}\n"
        f"\\endgroup\n{foot}"
    )


def _cut_note(n_cut: int) -> str:
    if not n_cut:
        return ""
    return (
        f"{count(n_cut, 'cell')} longer than {CELL_MAX_CHARS:,} characters "
        f"{'is' if n_cut == 1 else 'are'} cut here ([…]); the CSV files hold "
        f"{'it' if n_cut == 1 else 'them'} whole."
    )


class Table:
    """A DataFrame shown as an interactive HTML table in the web book (every row, up to
    :data:`HTML_MAX_ROWS`; search, sorting and paging by itables' DataTables) and as a
    LaTeX ``longtable`` in the PDF (at most ``max_rows`` rows, long cells cut); the
    rows left out are counted in a note. ``n_rows``: the rows of the whole table when
    ``df`` holds only its first rows (:func:`pipeline.head`), so that a large table is
    shown without being read whole."""

    def __init__(
        self,
        df: pd.DataFrame,
        *,
        caption: str | None = None,
        max_rows: int = 30,
        empty: str = "No rows.",
        note: str | None = None,
        n_rows: int | None = None,
    ) -> None:
        if n_rows is not None and n_rows < len(df):
            raise ValueError(f"n_rows ({n_rows}) is less than the rows given ({len(df)})")
        self.df = df
        self.caption = caption
        self.max_rows = max_rows
        self.empty = empty
        self.note = note
        self.n_rows = len(df) if n_rows is None else n_rows

    def _html_rows(self, numeric: list[bool]) -> list[str]:
        """The ``<tr>`` of the first rows, at most :data:`HTML_MAX_ROWS` rows and
        :data:`HTML_MAX_CHARS` characters of HTML (at least one row)."""
        rows, size = [], 0
        for row in self.df.head(HTML_MAX_ROWS).itertuples(index=False):
            tr = "<tr>" + "".join(map(_html_cell, row, numeric)) + "</tr>"
            size += len(tr)
            if rows and size > HTML_MAX_CHARS:
                break
            rows.append(tr)
        return rows

    def _footer(self, n_shown: int) -> str:
        parts = []
        if n_shown < self.n_rows:
            parts.append(f"{n_shown:,} of {self.n_rows:,} rows shown; {FULL_TABLE}")
        if self.note:
            parts.append(self.note)
        return " ".join(parts)

    def _repr_html_(self) -> str:
        caption = html.escape(self.caption or "")
        if self.df.empty:
            cap = f'<p class="nf-caption">{caption}</p>' if caption else ""
            return f'{cap}<p class="nf-empty">{html.escape(self.empty)}</p>'
        columns = _columns(self.df.head(HTML_MAX_ROWS))
        rows = self._html_rows([c.is_numeric for c in columns])
        cap = f"<caption>{caption}</caption>" if caption else ""
        head = "".join(_html_header(c) for c in columns)
        attrs = f'class="table {ITABLE_CLASS}" data-page-length="{PAGE_LENGTH}"'
        if len(rows) <= PAGE_LENGTH:  # one page: sorting only
            attrs += ' data-paging="false" data-searching="false" data-info="false"'
        foot = self._footer(len(rows))
        foot = _html_note(foot) if foot else ""
        return (
            f'<div class="nf-table"><table {attrs}>{cap}<thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>{foot}</div>"
        )

    def latex(self) -> str:
        if self.df.empty:
            plain_cap = f"\\par\\textbf{{{latex_escape(self.caption)}}}" if self.caption else ""
            return f"{plain_cap}\\par\\emph{{{latex_escape(self.empty)}}}\\par\n"
        shown = self.df.head(self.max_rows)
        columns = _columns(shown)
        n_cut = 0
        for col in columns:
            if not col.is_numeric:
                cells = [cut(c) for c in col.cells]
                n_cut += sum(a != b for a, b in zip(cells, col.cells, strict=True))
                col.cells = cells
        return latex_table(
            columns,
            caption=self.caption,
            notes=[self._footer(len(shown)), _cut_note(n_cut)],
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        text = self.df.head(self.max_rows).to_string(index=False) if len(self.df) else self.empty
        return {"text/html": self._repr_html_(), LATEX_MIME: self.latex(), "text/plain": text}


def _columns(df: pd.DataFrame) -> list[Column]:
    """A :class:`Column` for each column of ``df`` (by position: names may repeat)."""
    return [Column.of(name, df.iloc[:, k].tolist()) for k, name in enumerate(df.columns)]


def _html_header(column: Column) -> str:
    """One ``<th>``, escaped; the name may wrap after an underscore (``<wbr>``)."""
    pieces = re.split(r"(?<=_)(?=.)", column.header)
    return f"<th>{'<wbr>'.join(map(_html_text, pieces))}</th>"


def _html_text(text: str) -> str:
    """``text`` escaped, with a line-break opportunity (``<wbr>``) every ``_CHUNK``
    characters of a run longer than ``_LONG_RUN`` without a space, ``_``, ``/`` or ``-``
    (a hash, an identifier): such a run never widens its column past the page, and
    words of text are never broken."""
    out, pos = [], 0
    for match in _LONG_RUN_RE.finditer(text):
        run = match.group()
        out.append(html.escape(text[pos : match.start()]))
        out.append("<wbr>".join(map(html.escape, _chunks(run))))
        pos = match.end()
    out.append(html.escape(text[pos:]))
    return "".join(out)


def _html_cell(value: object, is_numeric: bool) -> str:
    """One ``<td>``, escaped; in a column of numbers, each cell carries its value for
    sorting (``data-order``: ``1234`` for ``1,234``, empty for a missing one)."""
    text = _html_text(_cell(value))
    if not is_numeric:
        return f"<td>{text}</td>"
    if isinstance(value, int | float) and not isinstance(value, bool):
        order = "" if value != value else repr(value)  # NaN: empty
    else:
        order = text.replace(",", "")
    return f'<td data-order="{order}">{text}</td>'


def cap_text(sentences: pd.DataFrame, max_chars: int) -> tuple[pd.DataFrame, str]:
    """The first sentences of one article (sorted by ``sent_id``) up to ``max_chars``
    characters, the last one cut if it runs over, and a note saying what was left out
    ("" when nothing was). Returns the rows to show (columns as given) and the note."""
    if max_chars < 1:
        raise ValueError(f"max_chars must be a positive number of characters, not {max_chars!r}")
    rows = sentences.sort_values("sent_id", kind="stable")
    lengths = rows["text"].str.len().to_numpy()
    total = int(lengths.sum())
    if total <= max_chars:
        return rows, ""
    ends = lengths.cumsum()
    n_whole = int((ends <= max_chars).sum())
    shown = rows.iloc[: n_whole + 1].copy()
    used = int(ends[n_whole - 1]) if n_whole else 0
    last = shown.columns.get_loc("text")
    shown.iat[n_whole, last] = str(shown.iat[n_whole, last])[: max_chars - used] + " […]"
    note = (
        f"Only the beginning of this article is shown: {max_chars:,} of its {total:,} "
        f"characters ({n_whole + 1:,} of {len(rows):,} sentences, the last one cut). Every "
        "sentence is in sentences.csv."
    )
    return shown, note


def _by_paragraph(sentences: pd.DataFrame):
    """``(par_id, [(sent_id, start, text), ...])`` per paragraph in ``par_id`` order, the
    sentences in the order given; one pass over plain columns (no group objects)."""
    rows = sorted(
        zip(sentences["par_id"].tolist(), sentences["sent_id"].tolist(),
            sentences["start"].tolist(), sentences["text"].tolist(), strict=True),
        key=lambda r: r[0],
    )  # fmt: skip
    for par_id, group in itertools.groupby(rows, key=lambda r: r[0]):
        yield par_id, [(int(sid), int(start), text) for _, sid, start, text in group]


def _html_note(note: str) -> str:
    return f'<p class="nf-table-note">{html.escape(note)}</p>'


def _latex_note(note: str) -> str:
    return f"\\par\\emph{{{latex_escape(note)}}}\\par"


def _html_article(opening: list[str], paragraphs, note: str) -> str:
    """An article's text in HTML: the ``opening`` lines (its ``<div>`` and title), one
    ``<p>`` per ``(par_id, sentences)`` of ``paragraphs`` (each sentence already HTML,
    with its number), the note on what was cut, the closing tag."""
    out = list(opening)
    for par_id, parts in paragraphs:
        out.append(f'<p><span class="nf-par">¶{par_id}</span> {" ".join(parts)}</p>')
    if note:
        out.append(_html_note(note))
    out.append("</div>")
    return "\n".join(out)


def _latex_article(opening: list[str], paragraphs, note: str) -> str:
    """The same in LaTeX (sentences already LaTeX), in a small-type group."""
    out = ["\\begingroup\\small", *opening]
    for par_id, parts in paragraphs:
        out.append(f"\\par\\noindent\\textbf{{¶{par_id}}} {' '.join(parts)}\\par\\medskip")
    if note:
        out.append(_latex_note(note))
    out.append("\\endgroup\n")
    return "\n".join(out)


class ArticleText:
    """One article's text with paragraph and sentence numbers, escaped."""

    def __init__(
        self, sentences: pd.DataFrame, *, title: str = "", max_chars: int = MAX_CHARS
    ) -> None:
        """``sentences``: the rows of one article from the ``sentences`` table;
        ``title``: a line shown above the text (escaped like the text); ``max_chars``:
        the most characters shown (see :func:`cap_text`)."""
        self.title = title
        ids = sentences["article_id"].unique()
        if len(ids) != 1:
            raise ValueError(
                f"ArticleText shows one article; got {len(ids)}: pass one article's rows"
            )
        self.article_id = str(ids[0])
        self.sentences, self.note = cap_text(sentences, max_chars)

    def _paragraphs(self):
        for par_id, sents in _by_paragraph(self.sentences):
            yield par_id, [(sent_id, text) for sent_id, _, text in sents]

    def _repr_html_(self) -> str:
        opening = [f'<div class="nf-article" id="article-{html.escape(self.article_id)}">']
        if self.title:
            opening.append(
                f'<p class="nf-article-title"><strong>{html.escape(self.title)}</strong></p>'
            )
        paragraphs = (
            (
                par_id,
                [f'<sup class="nf-sent">{sid}</sup>{html.escape(text)}' for sid, text in sents],
            )
            for par_id, sents in self._paragraphs()
        )
        return _html_article(opening, paragraphs, self.note)

    def latex(self) -> str:
        opening = []
        if self.title:
            opening.append(f"\\par\\noindent\\textbf{{{latex_escape(self.title)}}}\\par\\smallskip")
        paragraphs = (
            (par_id, [f"\\textsuperscript{{{sid}}}{latex_escape(t)}" for sid, t in sents])
            for par_id, sents in self._paragraphs()
        )
        return _latex_article(opening, paragraphs, self.note)

    def _repr_mimebundle_(self, include=None, exclude=None):
        plain = (
            self.title
            + "\n\n" * bool(self.title)
            + "\n\n".join(
                f"¶{p} " + " ".join(f"[{sid}] {t}" for sid, t in sents)
                for p, sents in self._paragraphs()
            )
            + f"\n\n{self.note}" * bool(self.note)
        )
        return {"text/html": self._repr_html_(), LATEX_MIME: self.latex(), "text/plain": plain}


def download_files(n_rows: int) -> dict[str, str]:
    """The files (by suffix) a table of ``n_rows`` rows has in the web book's ``data/``
    folder: ``{"CSV": ".csv" or ".csv.gz", "Parquet": ".parquet"}``, or ``{}`` when it
    has more than :data:`DOWNLOAD_MAX_ROWS` rows (then :data:`FETCH_COMMAND` writes it).
    The same rule decides what :mod:`newsframes.book.sphinxext` writes and what the
    pages link, so a link never points to a missing file."""
    if n_rows > DOWNLOAD_MAX_ROWS:
        return {}
    csv = ".csv" if n_rows <= DOWNLOAD_PLAIN_MAX_ROWS else ".csv.gz"
    return {"CSV": csv, "Parquet": ".parquet"}


def _n_rows(tables, name: str) -> int:
    """The rows of table ``name``: asked of a ``pipeline.Tables`` (which counts without
    decoding the table), else the DataFrame's length or the number given."""
    if hasattr(tables, "n_rows"):
        return tables.n_rows(name)
    value = tables[name]
    return len(value) if isinstance(value, pd.DataFrame) else int(value)


class Downloads:
    """Links to tables of the analysis in the web book's ``data/`` folder (written by
    :mod:`newsframes.book.sphinxext`, as :func:`download_files` says), and for a table
    too large for the web book, the command that writes it; in the PDF, the file names
    and the command. ``tables`` maps each table's name to the table (or its number of
    rows); ``depth`` is how many folders the page is below the site root."""

    def __init__(self, tables, *names: str, depth: int = 1) -> None:
        self.names = names
        self.rows = {n: _n_rows(tables, n) for n in names}
        self.prefix = "../" * depth + DATA_DIR

    def _parts(self) -> tuple[list[tuple[str, dict[str, str]]], list[str]]:
        offered, too_large = [], []
        for n in self.names:
            files = download_files(self.rows[n])
            if files:
                offered.append((n, {kind: n + suffix for kind, suffix in files.items()}))
            else:
                too_large.append(n)
        return offered, too_large

    def _too_large(self, too_large: list[str]) -> str:
        tables = ", ".join(f"{n} ({self.rows[n]:,} rows)" for n in too_large)
        return (
            f"Too large for the web book (over {DOWNLOAD_MAX_ROWS:,} rows): {tables}; "
            f"{FETCH_COMMAND} writes every table in full (add --format parquet or csv.gz "
            "for compressed files; the cache makes a rerun on the same articles quick)."
        )

    def _repr_html_(self) -> str:
        offered, too_large = self._parts()
        parts = []
        if offered:
            links = "; ".join(
                f"{html.escape(n)}: "
                + ", ".join(
                    f'<a href="{self.prefix}/{html.escape(f)}" download>{html.escape(f)}</a>'
                    for f in files.values()
                )
                for n, files in offered
            )
            parts.append(f"Download the tables (CSV, and Parquet with the column types): {links}.")
        if too_large:
            parts.append(html.escape(self._too_large(too_large)))
        return f'<p class="nf-downloads">{" ".join(parts)}</p>'

    def latex(self) -> str:
        offered, too_large = self._parts()
        parts = []
        if offered:
            files = ", ".join(
                f"\\texttt{{{latex_escape(f)}}}" for _, fs in offered for f in fs.values()
            )
            parts.append(f"The full tables are files in the data folder of the web book: {files}.")
        if too_large:
            parts.append(latex_escape(self._too_large(too_large)))
        return f"\\par\\emph{{{' '.join(parts)}}}\\par\n"

    def _repr_mimebundle_(self, include=None, exclude=None):
        offered, too_large = self._parts()
        plain = "Tables: " + ", ".join(f for _, fs in offered for f in fs.values())
        if too_large:
            plain += ". " + self._too_large(too_large)
        return {"text/html": self._repr_html_(), LATEX_MIME: self.latex(), "text/plain": plain}


class Kwic:
    """Keyword-in-context lines (from :func:`newsframes.analysis.terms.kwic`) aligned on the
    keyword: left context right-aligned, keyword in bold, right context. In the PDF each
    context is cut to one line of its column (with ``[…]``)."""

    def __init__(self, lines: pd.DataFrame, *, caption: str | None = None, max_rows: int = 40):
        self.lines = lines
        self.caption = caption
        self.max_rows = max_rows

    def _repr_html_(self) -> str:
        cap = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        rows = "".join(
            f'<tr><td class="nf-kwic-left">{html.escape(r.left)}</td>'
            f'<td class="nf-kwic-key"><strong>{html.escape(r.keyword)}</strong></td>'
            f'<td class="nf-kwic-right">{html.escape(r.right)}</td>'
            f'<td class="nf-kwic-ref">{html.escape(str(r.article_id))}:{int(r.sent_id)}</td></tr>'
            for r in self.lines.head(self.max_rows).itertuples()
        )
        table = f'<table class="table nf-kwic">{cap}<tbody>{rows}</tbody></table>'
        return f'<div class="nf-table">{table}</div>'

    def latex(self) -> str:
        shown = self.lines.head(self.max_rows)
        keyword = Column("keyword", [str(k) for k in shown["keyword"]], is_bold=True)
        ref = Column("sent.", [f"{int(s):,}" for s in shown["sent_id"]], is_numeric=True)
        avail = _available_em(4, _FONT_SIZES[0][1])
        context = max((avail - keyword.natural_em() - ref.natural_em()) / 2, avail / 5)
        fit = context / 1.05  # what fits on one line, with room for the estimate's error
        left = Column("left", [_cut_to_em(str(t), fit, from_left=True) for t in shown["left"]],
                      align="r", width=context)  # fmt: skip
        right = Column("right", [_cut_to_em(str(t), fit) for t in shown["right"]], width=context)
        return latex_table([left, keyword, right, ref], caption=self.caption)

    def _repr_mimebundle_(self, include=None, exclude=None):
        plain = "\n".join(
            f"{r.left:>45} [{r.keyword}] {r.right}"
            for r in self.lines.head(self.max_rows).itertuples()
        )
        return {"text/html": self._repr_html_(), LATEX_MIME: self.latex(), "text/plain": plain}


def _cut_to_em(text: str, em: float, *, from_left: bool = False) -> str:
    """The longest :func:`cut` of ``text`` (by words) whose estimated width is at most
    ``em``."""
    words = _words(text)
    if text_em(" ".join(words)) <= em:
        return " ".join(words)
    mark = text_em("[…] ")
    kept: list[str] = []
    width = mark
    for w in reversed(words) if from_left else words:
        width += text_em(w + " ")
        if width > em:
            break
        kept.append(w)
    if from_left:
        return "[…] " + " ".join(reversed(kept))
    return " ".join(kept) + " […]"


def _html_run(piece: str, flags: frozenset[str]) -> str:
    if not flags:
        return html.escape(piece)
    classes = " ".join("nf-" + f for f in sorted(flags))
    return f'<span class="{classes}">{html.escape(piece)}</span>'


_NO_MARKS: frozenset[str] = frozenset()


def _segments(spans: dict[str, list[tuple[int, int]]]) -> tuple[list[int], list[frozenset[str]]]:
    """One sweep over the sorted span boundaries: ``bounds[i]`` starts a segment that
    runs to ``bounds[i + 1]`` and carries the marks ``flags[i]`` (the names of the spans
    that cover it). Before ``bounds[0]`` and after the last bound nothing is marked."""
    events: dict[int, list[tuple[str, int]]] = {}
    for name, pairs in spans.items():
        for a, b in pairs:
            if b > a:
                events.setdefault(a, []).append((name, 1))
                events.setdefault(b, []).append((name, -1))
    bounds = sorted(events)
    open_: dict[str, int] = dict.fromkeys(spans, 0)
    flags = []
    for pos in bounds:
        for name, delta in events[pos]:
            open_[name] += delta
        flags.append(frozenset(n for n, k in open_.items() if k > 0))
    return bounds, flags


class HighlightedText:
    """One article's sentences with the voices and loaded words marked, escaped.

    Web book: quoted words in blue italics, reported speech with a grey underline,
    loaded-language hits highlighted. PDF: quoted words in italics, loaded words in
    bold (reported speech is not marked there).
    """

    def __init__(
        self,
        sentences: pd.DataFrame,
        quotes: pd.DataFrame,
        loaded: pd.DataFrame,
        *,
        max_chars: int = MAX_CHARS,
    ):
        """``sentences``, ``quotes`` and ``loaded`` (framing hits): rows of one article;
        ``max_chars``: the most characters shown (see :func:`cap_text`)."""
        self.sentences, self.note = cap_text(sentences, max_chars)
        spans = {
            "quoted": [
                (int(q.start), int(q.end)) for q in quotes.itertuples() if q.kind != "reported"
            ],
            "reported": [
                (int(q.start), int(q.end)) for q in quotes.itertuples() if q.kind == "reported"
            ],
            "loaded": [(int(h.start), int(h.end)) for h in loaded.itertuples()],
        }
        self._bounds, self._flags = _segments(spans)

    def _runs(self, start: int, text: str):
        """``(piece, flags)`` runs of the sentence where the set of marks is constant:
        the segments of :func:`_segments` that the sentence overlaps, found by bisection
        (linear in the text and the marks, not their product)."""
        bounds, flags = self._bounds, self._flags
        end = start + len(text)
        i = bisect.bisect_right(bounds, start) - 1  # the segment holding ``start``
        runs: list[tuple[str, frozenset[str]]] = []
        pos = start
        while pos < end:
            stop = min(end, bounds[i + 1]) if i + 1 < len(bounds) else end
            flag = flags[i] if i >= 0 else _NO_MARKS
            piece = text[pos - start : stop - start]
            if runs and runs[-1][1] == flag:
                runs[-1] = (runs[-1][0] + piece, flag)
            else:
                runs.append((piece, flag))
            pos, i = stop, i + 1
        return runs

    def _repr_html_(self) -> str:
        def sentence(sent_id, start, text) -> str:
            pieces = "".join(_html_run(piece, flags) for piece, flags in self._runs(start, text))
            return f'<sup class="nf-sent">{sent_id}</sup>{pieces}'

        paragraphs = (
            (par_id, [sentence(*s) for s in sents])
            for par_id, sents in _by_paragraph(self.sentences)
        )
        return _html_article(['<div class="nf-article nf-highlight">'], paragraphs, self.note)

    def latex(self) -> str:
        def sentence(sent_id, start, text) -> str:
            pieces = ""
            for piece, flags in self._runs(start, text):
                tex = latex_escape(piece)
                if "loaded" in flags:
                    tex = f"\\textbf{{{tex}}}"
                if "quoted" in flags:
                    tex = f"\\textit{{{tex}}}"
                pieces += tex
            return f"\\textsuperscript{{{sent_id}}}{pieces}"

        paragraphs = (
            (par_id, [sentence(*s) for s in sents])
            for par_id, sents in _by_paragraph(self.sentences)
        )
        return _latex_article([], paragraphs, self.note)

    def _repr_mimebundle_(self, include=None, exclude=None):
        plain = " ".join(str(t) for t in self.sentences["text"]) + f"\n\n{self.note}" * bool(
            self.note
        )
        return {"text/html": self._repr_html_(), LATEX_MIME: self.latex(), "text/plain": plain}


class Preformatted:
    """Text shown exactly, line by line, in a monospaced font (a BibTeX entry, a
    command), escaped for HTML and LaTeX."""

    def __init__(self, text: str) -> None:
        self.text = text.rstrip("\n")

    def _repr_html_(self) -> str:
        return f'<pre class="nf-pre">{html.escape(self.text)}</pre>'

    def latex(self) -> str:
        lines = []
        for line in self.text.split("\n"):
            indent = len(line) - len(line.lstrip(" "))
            lines.append(f"\\hspace*{{{indent}ex}}{latex_escape(line.lstrip(' '))}" if indent
                         else latex_escape(line) or "~")  # fmt: skip
        body = "\\\\\n".join(lines)
        return f"\\begin{{flushleft}}\\ttfamily\\small\n{body}\n\\end{{flushleft}}\n"

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self._repr_html_(), LATEX_MIME: self.latex(), "text/plain": self.text}
