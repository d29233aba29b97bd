"""The book: what the chapters show of the analysis tables, and how.

:mod:`~newsframes.book.chapters` turns the tables into each chapter's named values and
tables; :mod:`~newsframes.book.render` and :mod:`~newsframes.book.plots` display them in
HTML and LaTeX; :mod:`~newsframes.book.sphinxext` and :mod:`~newsframes.book.publication`
build and cite the book. This side imports the analysis, never the other way round.
"""
