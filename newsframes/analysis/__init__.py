"""The analysis: read a folder of articles and compute its tables.

Nothing here knows the book: these modules never import :mod:`newsframes.book` (a test
checks it), so the tables can be computed, cached and written without Sphinx or
matplotlib. The entry point is :func:`newsframes.analysis.pipeline.analyze`; the tables
and their columns are declared once, in :mod:`newsframes.analysis.schema`.
"""
