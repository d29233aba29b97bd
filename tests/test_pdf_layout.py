"""The PDF prints every table readably: no two pieces of text on one line overlap,
nothing runs past the right margin, and no table cell is wider than its column.

The book is built once (the LaTeX builder, as ``make pdf`` does, into a temporary
folder); the positions of the printed characters are read with pdfplumber. Characters
sit on one line when their baselines agree; two neighbours on a line overlap when the
second starts more than :data:`KERNING` em of their size before the first ends (a
font's kerning moves letters closer by less than that, never more). The checks are
themselves tested on a small PDF with text printed on top of other text.
"""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib
import pdfplumber
import pytest
from bookbuild import build

matplotlib.use("Agg")

KERNING = 0.2  # em: the most that kerning moves two letters together (FreeSerif: 0.1)
SAME_LINE = 1.0  # points between the baselines of characters on one line
MARGIN_SLACK = 1.0  # points past the right edge of the text block still tolerated
OVERFULL_IN_TABLE = re.compile(r"Overfull \\hbox \(([\d.]+)pt too wide\) in (?:paragraph|alignment)"
                               r" at lines (\d+)--\d+")  # fmt: skip


def text_lines(page) -> list[list[dict]]:
    """The visible characters of a pdfplumber page grouped by line (baselines within
    :data:`SAME_LINE`), each line ordered left to right."""
    chars = sorted((c for c in page.chars if c["text"].strip()), key=lambda c: c["bottom"])
    lines: list[list[dict]] = []
    for char in chars:
        if lines and char["bottom"] - lines[-1][-1]["bottom"] <= SAME_LINE:
            lines[-1].append(char)
        else:
            lines.append([char])
    return [sorted(line, key=lambda c: c["x0"]) for line in lines]


def overlaps(page) -> list[str]:
    """Every place on the page where a character starts before its left neighbour on the
    line ends (by more than kerning), with the text around it."""
    found = []
    for line in text_lines(page):
        for a, b in zip(line, line[1:], strict=False):
            if a["x1"] - b["x0"] > KERNING * min(a["size"], b["size"]):
                near = "".join(c["text"] for c in line if abs(c["x0"] - b["x0"]) < 40)
                found.append(f"page {page.page_number}: {a['text']!r} and {b['text']!r} "
                             f"overlap by {a['x1'] - b['x0']:.1f}pt in {near!r}")  # fmt: skip
    return found


def past_margin(page, right_edge: float) -> list[str]:
    """The lines of the page with text past ``right_edge`` (points from the left)."""
    return [
        f"page {page.page_number}: {''.join(c['text'] for c in line)[-40:]!r} ends at "
        f"{line[-1]['x1']:.1f}pt, the margin is at {right_edge:.1f}pt"
        for line in text_lines(page)
        if max(c["x1"] for c in line) > right_edge + MARGIN_SLACK
    ]


def right_edge(log: str) -> float:
    """The right edge of the text block in PDF points, from the page geometry that
    LaTeX's geometry package writes into the log (TeX points; the wider of odd and even
    pages)."""
    sizes = dict(re.findall(r"^\* \\(textwidth|oddsidemargin|evensidemargin|hoffset)=([-\d.]+)pt",
                            log, re.M))  # fmt: skip
    side = max(float(sizes["oddsidemargin"]), float(sizes["evensidemargin"]))
    tex_points = 72.27 + float(sizes["hoffset"]) + side + float(sizes["textwidth"])
    return tex_points * 72 / 72.27


@pytest.fixture(scope="module")
def pdf_book(tmp_path_factory):
    out = tmp_path_factory.mktemp("book")
    build(out, cache=tmp_path_factory.mktemp("cache"), builder="pdflatex")
    latex = out / "_build" / "latex"
    (pdf,) = latex.glob("*.pdf")
    with pdfplumber.open(pdf) as opened:
        yield latex, opened


@pytest.mark.book
def test_no_two_pieces_of_text_on_a_line_overlap(pdf_book):
    _, pdf = pdf_book
    assert len(pdf.pages) > 5
    found = [f for page in pdf.pages for f in overlaps(page)]
    assert found == [], f"{len(found)} overlaps:\n" + "\n".join(found[:40])


@pytest.mark.book
def test_no_text_runs_past_the_right_margin(pdf_book):
    latex, pdf = pdf_book
    (log,) = latex.glob("*.log")
    edge = right_edge(log.read_text("utf-8", errors="replace"))
    assert 400 < edge < pdf.pages[0].width - 36  # a plausible text block (540 on letter)
    found = [f for page in pdf.pages for f in past_margin(page, edge)]
    assert found == [], "\n".join(found[:40])


@pytest.mark.book
def test_no_table_cell_is_wider_than_its_column(pdf_book):
    """LaTeX reports a cell wider than its column (a word that could not break) as an
    overfull box; none may be in a table of the book."""
    latex, _ = pdf_book
    (tex,) = latex.glob("*.tex")
    lines = tex.read_text(encoding="utf-8").splitlines()
    in_table, inside = set(), False
    for number, line in enumerate(lines, 1):
        inside = inside or "\\begin{longtable}" in line
        if inside:
            in_table.add(number)
        inside = inside and "\\end{longtable}" not in line
    assert len(in_table) > 100  # the book has its tables
    (log,) = latex.glob("*.log")
    overfull = [
        f"{width}pt too wide at line {start}: {lines[int(start) - 1][:120]}"
        for width, start in OVERFULL_IN_TABLE.findall(log.read_text("utf-8", errors="replace"))
        if int(start) in in_table
    ]
    assert overfull == [], "\n".join(overfull[:40])


def test_the_checks_see_text_on_top_of_text_and_past_the_margin(tmp_path: Path):
    """The checks can fail: on a small PDF with "PERSON" printed over "6" (as a too
    narrow column printed it) and a word past the margin, they report both, and
    nothing on a clean line."""
    import matplotlib.pyplot as plt

    path = tmp_path / "overlap.pdf"
    with plt.rc_context({"pdf.fonttype": 42}):
        fig = plt.figure(figsize=(4, 2))
        fig.text(0.1, 0.8, "Kim Jong Un", fontsize=8)
        fig.text(0.1, 0.5, "PERSON", fontsize=8)
        fig.text(0.1 + 0.9 * 6 * 5.3 / 288, 0.5, "6", fontsize=8)  # on the N
        fig.text(0.9, 0.2, "margin", fontsize=8)
        fig.savefig(path)
        plt.close(fig)
    with pdfplumber.open(path) as pdf:
        (page,) = pdf.pages
        found = overlaps(page)
        assert len(found) == 1 and "'6'" in found[0] and "PERSON" in found[0]
        (late,) = past_margin(page, right_edge=0.85 * page.width)
        assert "margin" in late
