"""Closed classes of English words and characters that several analysis modules read,
each listed once: the calendar words and the fold of curly quotes and apostrophes.

The open word lists (speech verbs, loaded language, frames, titles, aliases ...) are
the versioned lexicons in ``lexicons/`` (see :mod:`newsframes.analysis.resources`).
"""

from __future__ import annotations

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")  # fmt: skip
# Abbreviations written in news copy ("Sept. 14", "Jan 5"); "may" is its own.
MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
                       "nov", "dec")  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
CALENDAR_WORDS = frozenset(MONTHS + MONTH_ABBREVIATIONS + WEEKDAYS)

# Curly quotes and apostrophes -> straight ones, one character for one character (so
# offsets do not move): the tokenizer reads straightened text, and terms, names and
# lexicon entries are compared after the same fold.
STRAIGHTEN = str.maketrans({"’": "'", "‘": "'", "‛": "'", "“": '"', "”": '"', "„": '"'})


def month_pattern() -> str:
    """A regular expression (no groups) matching a month name or its abbreviation as
    written in a dateline, capitalised (``Sept``, ``September``, ``May``)."""
    names = sorted({m.capitalize() for m in MONTHS + MONTH_ABBREVIATIONS}, key=len, reverse=True)
    return "(?:" + "|".join(names) + ")"
