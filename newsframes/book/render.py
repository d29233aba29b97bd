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
import re

import pandas as pd

LATEX_MIME = "application/x-newsframes-latex"
DATA_DIR = "data"  # the folder of the HTML site holding every table as CSV
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


class Table:
    """A DataFrame shown as an HTML table in the web book and a LaTeX ``longtable``
    in the PDF, at most ``max_rows`` rows (the rest counted in a note)."""

    def __init__(
        self,
        df: pd.DataFrame,
        *,
        caption: str | None = None,
        max_rows: int = 30,
        empty: str = "No rows.",
        note: str | None = None,
    ) -> None:
        self.df = df
        self.caption = caption
        self.max_rows = max_rows
        self.empty = empty
        self.note = note

    def _shown(self) -> pd.DataFrame:
        return self.df.head(self.max_rows)

    def _footer(self) -> str:
        parts = []
        hidden = len(self.df) - len(self._shown())
        if hidden > 0:
            parts.append(
                f"{len(self._shown()):,} of {len(self.df):,} rows shown; the full table is "
                "in the CSV files linked at the end of the chapter and listed in the data appendix."
            )
        if self.note:
            parts.append(self.note)
        return " ".join(parts)

    def _repr_html_(self) -> str:
        caption = html.escape(self.caption or "")
        if self.df.empty:
            cap = f'<p class="nf-caption">{caption}</p>' if caption else ""
            return f'{cap}<p class="nf-empty">{html.escape(self.empty)}</p>'
        cap = f"<caption>{caption}</caption>" if caption else ""
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in self.df.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row) + "</tr>"
            for row in self._shown().itertuples(index=False)
        )
        foot = self._footer()
        foot = f'<p class="nf-table-note">{html.escape(foot)}</p>' if foot else ""
        return (
            f'<div class="nf-table"><table class="table">{cap}<thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>{foot}</div>"
        )

    def latex(self) -> str:
        cap = f"\\caption{{{latex_escape(self.caption)}}}\\\\\n" if self.caption else ""
        if self.df.empty:
            plain_cap = f"\\par\\textbf{{{latex_escape(self.caption)}}}" if self.caption else ""
            return f"{plain_cap}\\par\\emph{{{latex_escape(self.empty)}}}\\par\n"
        shown = self._shown()
        widths = _column_widths(shown)
        spec = "".join(f"p{{\\dimexpr{w:.3f}\\linewidth-2\\tabcolsep\\relax}}" for w in widths)
        head = " & ".join(f"\\textbf{{{latex_escape(c)}}}" for c in shown.columns)
        rows = "\n".join(
            " & ".join(latex_escape(_cell(v)) for v in row) + r" \\"
            for row in shown.itertuples(index=False)
        )
        foot = self._footer()
        foot = f"\\par\\emph{{{latex_escape(foot)}}}\\par\n" if foot else ""
        return (
            "\\begingroup\\footnotesize\\sloppy\n"
            f"\\begin{{longtable}}{{{spec}}}\n{cap}\\hline\n{head} \\\\\n\\hline\n\\endhead\n"
            f"{rows}\n\\hline\n\\end{{longtable}}\n\\endgroup\n{foot}"
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        text = self.df.head(self.max_rows).to_string(index=False) if len(self.df) else self.empty
        return {"text/html": self._repr_html_(), LATEX_MIME: self.latex(), "text/plain": text}


def _column_widths(df: pd.DataFrame, total: float = 0.96) -> list[float]:
    """Share the line width between columns by their longest cell (capped), so short
    columns stay narrow and text columns wrap."""
    lengths = []
    for col in df.columns:
        cells = [len(_cell(v)) for v in df[col]] + [len(str(col))]
        lengths.append(min(max(cells), 60) + 2)
    scale = total / sum(lengths)
    return [n * scale for n in lengths]


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
        out = [f'<div class="nf-article" id="article-{html.escape(self.article_id)}">']
        if self.title:
            out.append(
                f'<p class="nf-article-title"><strong>{html.escape(self.title)}</strong></p>'
            )
        for par_id, sents in self._paragraphs():
            spans = " ".join(
                f'<sup class="nf-sent">{sid}</sup>{html.escape(text)}' for sid, text in sents
            )
            out.append(f'<p><span class="nf-par">¶{par_id}</span> {spans}</p>')
        if self.note:
            out.append(_html_note(self.note))
        out.append("</div>")
        return "\n".join(out)

    def latex(self) -> str:
        out = ["\\begingroup\\small"]
        if self.title:
            out.append(f"\\par\\noindent\\textbf{{{latex_escape(self.title)}}}\\par\\smallskip")
        for par_id, sents in self._paragraphs():
            spans = " ".join(f"\\textsuperscript{{{sid}}}{latex_escape(t)}" for sid, t in sents)
            out.append(f"\\par\\noindent\\textbf{{¶{par_id}}} {spans}\\par\\medskip")
        if self.note:
            out.append(_latex_note(self.note))
        out.append("\\endgroup\n")
        return "\n".join(out)

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


class Downloads:
    """Links to tables of the analysis as CSV files in the web book's ``data/``
    folder (written by :mod:`newsframes.book.sphinxext`); in the PDF, their file names.
    ``depth`` is how many folders the page is below the site root."""

    def __init__(self, *names: str, depth: int = 1) -> None:
        self.names = names
        self.prefix = "../" * depth + DATA_DIR

    def _repr_html_(self) -> str:
        links = ", ".join(
            f'<a href="{self.prefix}/{html.escape(n)}.csv" download>{html.escape(n)}.csv</a>'
            for n in self.names
        )
        return f'<p class="nf-downloads">Download the tables as CSV: {links}.</p>'

    def latex(self) -> str:
        files = ", ".join(f"\\texttt{{{latex_escape(n)}.csv}}" for n in self.names)
        return (
            f"\\par\\emph{{The full tables are CSV files in the data folder of the web "
            f"book: {files}.}}\\par\n"
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        plain = "Tables as CSV: " + ", ".join(f"{n}.csv" for n in self.names)
        return {"text/html": self._repr_html_(), LATEX_MIME: self.latex(), "text/plain": plain}


class Kwic:
    """Keyword-in-context lines (from :func:`newsframes.analysis.terms.kwic`) aligned on the
    keyword: left context right-aligned, keyword in bold, right context."""

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
        cap = f"\\caption{{{latex_escape(self.caption)}}}\\\\\n" if self.caption else ""
        rows = "\n".join(
            f"\\raggedleft {latex_escape(r.left)} & \\textbf{{{latex_escape(r.keyword)}}} & "
            f"{latex_escape(r.right)} & {int(r.sent_id)} \\\\"
            for r in self.lines.head(self.max_rows).itertuples()
        )
        spec = (
            "p{\\dimexpr0.38\\linewidth-2\\tabcolsep\\relax}"
            "p{\\dimexpr0.14\\linewidth-2\\tabcolsep\\relax}"
            "p{\\dimexpr0.38\\linewidth-2\\tabcolsep\\relax}"
            "p{\\dimexpr0.06\\linewidth-2\\tabcolsep\\relax}"
        )
        return (
            "\\begingroup\\footnotesize\\sloppy\n"
            f"\\begin{{longtable}}{{{spec}}}\n{cap}\\hline\n"
            "\\multicolumn{1}{r}{\\textbf{left}} & \\textbf{keyword} & \\textbf{right} & "
            "\\textbf{sent.} \\\\\n\\hline\n\\endhead\n"
            f"{rows}\n\\hline\n\\end{{longtable}}\n\\endgroup\n"
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        plain = "\n".join(
            f"{r.left:>45} [{r.keyword}] {r.right}"
            for r in self.lines.head(self.max_rows).itertuples()
        )
        return {"text/html": self._repr_html_(), LATEX_MIME: self.latex(), "text/plain": plain}


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
        out = ['<div class="nf-article nf-highlight">']
        for par_id, sents in _by_paragraph(self.sentences):
            parts = []
            for sent_id, start, text in sents:
                pieces = "".join(
                    _html_run(piece, flags) for piece, flags in self._runs(start, text)
                )
                parts.append(f'<sup class="nf-sent">{sent_id}</sup>{pieces}')
            out.append(f'<p><span class="nf-par">¶{par_id}</span> {" ".join(parts)}</p>')
        if self.note:
            out.append(_html_note(self.note))
        out.append("</div>")
        return "\n".join(out)

    def latex(self) -> str:
        out = ["\\begingroup\\small"]
        for par_id, sents in _by_paragraph(self.sentences):
            parts = []
            for sent_id, start, text in sents:
                pieces = ""
                for piece, flags in self._runs(start, text):
                    tex = latex_escape(piece)
                    if "loaded" in flags:
                        tex = f"\\textbf{{{tex}}}"
                    if "quoted" in flags:
                        tex = f"\\textit{{{tex}}}"
                    pieces += tex
                parts.append(f"\\textsuperscript{{{sent_id}}}{pieces}")
            out.append(f"\\par\\noindent\\textbf{{¶{par_id}}} {' '.join(parts)}\\par\\medskip")
        if self.note:
            out.append(_latex_note(self.note))
        out.append("\\endgroup\n")
        return "\n".join(out)

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
