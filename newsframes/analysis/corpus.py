"""Read and validate the seeds folder: one article per UTF-8 ``.txt`` file.

The seeds format (as in the first TASS article)::

    date 2023-09-14
    TOKYO, September 14. /TASS/. Russian President Vladimir Putin and ...

    Second paragraph ...

Optional leading whitespace, ``date YYYY-MM-DD``, a dateline ``CITY, Month DD.
/AGENCY/.`` (on the same line as the date or the next), then the body in
paragraphs separated by blank lines. The article *body* starts at the dateline,
as wire copy does; every offset in every table is a character offset into it.

Nothing here writes to the seeds folder. Every problem becomes a row of the
``problems`` table. Severity ``error`` means the file was skipped; ``warning``
means it was analyzed, with what could not be read left empty or what was
repaired stated.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from newsframes.analysis import paths, schema
from newsframes.analysis.settings import DEFAULTS, MAX_MB_ENV, Settings, from_environment
from newsframes.analysis.words import month_pattern

# The pipeline adds the sentence and token counts after the analysis.
ARTICLE_COLUMNS = schema.columns("articles", without=("n_sentences", "n_tokens"))
PROBLEM_COLUMNS = schema.columns("problems")
METADATA_FILE = "metadata.csv"
UNKNOWN_OUTLET = "unknown"
# Columns of metadata.csv that override what the article's header says.
OVERRIDES = ("outlet", "date")
# Columns the loader computes: metadata.csv cannot set them.
COMPUTED = tuple(c for c in schema.columns("articles") if c not in OVERRIDES)

# The most frequent English function words: a text where they are rare is flagged.
ENGLISH_MARKERS = frozenset(
    """the of and to a in is that for on was with as by it at from
said be are his has have an were this which he not or its their they but had""".split()
)


def english_share(
    text: str, *, min_words: int = DEFAULTS.english_min_words
) -> tuple[float, float | None]:
    """``(latin, markers)``: the share of letters that are Latin, and the share of words
    that are common English function words (``None`` for a text of fewer than
    :attr:`Settings.english_min_words` words, too short to judge)."""
    if text.isascii():  # every letter Latin (most wire copy): no pass per character
        latin = 1.0
    else:
        letters = "".join(filter(str.isalpha, text))  # filter and map: no Python loop
        latin = sum(map(str.isascii, letters)) / len(letters) if letters else 1.0
    words = re.findall(r"[A-Za-z]+", text.lower())
    if len(words) < min_words:
        return latin, None
    return latin, sum(map(ENGLISH_MARKERS.__contains__, words)) / len(words)


# "date" as a word, then something that starts like a date ("Dates for ..." is body text).
_DATE_RE = re.compile(r"\A\s*date\b[ \t]*:?[ \t]*(?P<date>\d\S*)[ \t]*(?:\n[ \t]*)?", re.IGNORECASE)
_MONTH = month_pattern()
_DATELINE_RE = re.compile(
    r"(?P<city>[^\W\d][^,\n/]{0,60}?),[ \t]+"
    rf"(?:(?P<month>{_MONTH})\.?[ \t]+(?P<day>\d{{1,2}})\.?[ \t]*)?"
    r"/(?P<agency>[^/\n]{1,40})/\.?"
)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


@dataclass(frozen=True)
class Article:
    """One readable article. ``paragraphs`` are ``(start, end)`` spans into ``body``;
    ``dateline_span`` is the span of the dateline in ``body`` (``None`` without one)."""

    article_id: str
    source_file: str
    sha256: str
    date: str | None
    dateline: str | None
    agency: str | None
    body: str
    paragraphs: tuple[tuple[int, int], ...]
    dateline_span: tuple[int, int] | None = None


@dataclass
class Corpus:
    """The readable articles (sorted by ``article_id``) and the problems found."""

    folder: Path
    articles: list[Article] = field(default_factory=list)
    problems: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=PROBLEM_COLUMNS))
    metadata: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["source_file"]))

    def articles_table(self) -> pd.DataFrame:
        """Returns the ``articles`` table: article_id, source_file, sha256, date,
        dateline (city), agency, outlet, lead_end, n_paragraphs, n_chars (of the body),
        then each further column of ``metadata.csv`` in its order (see
        :func:`read_metadata`). The metadata's ``outlet`` and ``date`` override the
        dateline's; an empty value keeps the dateline's."""
        meta = self.metadata.set_index("source_file") if len(self.metadata) else None
        rows = []
        for a in self.articles:
            extra = (
                meta.loc[a.source_file].to_dict()
                if meta is not None and a.source_file in meta.index
                else {}
            )
            rows.append(
                {
                    **{k: (v or None) for k, v in extra.items() if k not in OVERRIDES},
                    "article_id": a.article_id,
                    "source_file": a.source_file,
                    "sha256": a.sha256,
                    "date": extra.get("date") or a.date,
                    "dateline": a.dateline,
                    "agency": a.agency,
                    "outlet": extra.get("outlet") or a.agency or UNKNOWN_OUTLET,
                    "lead_end": a.paragraphs[0][1],
                    "n_paragraphs": len(a.paragraphs),
                    "n_chars": len(a.body),
                }
            )
        extra_columns = [c for c in self.metadata.columns if c not in (*OVERRIDES, "source_file")]
        return pd.DataFrame(rows, columns=[*ARTICLE_COLUMNS, *extra_columns])


class _Problems:
    def __init__(self) -> None:
        self.rows: list[dict[str, str]] = []

    def error(self, name: str, message: str) -> None:
        self.rows.append({"source_file": name, "severity": "error", "message": message})

    def warning(self, name: str, message: str) -> None:
        self.rows.append({"source_file": name, "severity": "warning", "message": message})

    def table(self) -> pd.DataFrame:
        df = pd.DataFrame(self.rows, columns=PROBLEM_COLUMNS)
        return df.sort_values(PROBLEM_COLUMNS, kind="stable").reset_index(drop=True)


def read_corpus(
    folder: str | os.PathLike | None = None, *, settings: Settings | None = None
) -> Corpus:
    """Read every ``*.txt`` file of ``folder`` (default: :func:`paths.seeds_dir`).

    Files are read in sorted name order. Hidden files, folders and files that are
    not ``.txt`` are ignored and listed as warnings. Only regular files are opened:
    named pipes, sockets, devices and symbolic links out of the folder are skipped
    with an error row and never read (see :func:`_entries`). Raises
    ``FileNotFoundError`` with the remedy when the folder does not exist. The size limit
    and the language check follow ``settings`` (default: :func:`settings.from_environment`).
    """
    settings = settings or from_environment()
    folder = paths.seeds_dir(folder)
    if folder.is_file():
        raise FileNotFoundError(
            f"{folder} is a file, not a folder: put the article in a folder of its own "
            f"and give that folder (or point {paths.SEEDS_ENV} at it)"
        )
    if not folder.is_dir():
        raise FileNotFoundError(
            f"seeds folder {folder} does not exist: create it and put one UTF-8 .txt "
            f"file per article in it, or point {paths.SEEDS_ENV} at another folder"
        )
    problems = _Problems()
    articles: list[Article] = []
    seen: dict[str, str] = {}  # content hash -> file name
    ids: dict[str, str] = {}  # article id -> file name
    limit = settings.max_bytes
    meta_entry = None
    for entry in _entries(folder):
        name = entry.name
        if name == METADATA_FILE and entry.path is not None:
            meta_entry = entry
            continue
        if entry.path is None:
            _report(problems, name, entry.severity, entry.message)
            continue
        if entry.message:  # read, with a note (a link inside the folder)
            problems.warning(name, entry.message)
        try:
            raw = _read_regular(entry.path, limit)
        except _TooLarge as exc:
            problems.error(
                name,
                f"{name}: skipped, {exc.size / 1e6:.1f} MB is over the limit of "
                f"{limit / 1e6:.1f} MB per article; split it, or raise the limit with "
                f"{MAX_MB_ENV}=<megabytes>",
            )
            continue
        except _NotRegular as exc:  # replaced between the listing and the read
            problems.error(name, f"{name}: skipped, {exc.kind}; it was not read")
            continue
        except OSError as exc:
            problems.error(
                name, f"{name}: skipped, cannot be read ({exc.strerror}); check its permissions"
            )
            continue
        digest = hashlib.sha256(raw).hexdigest()
        if digest in seen:
            problems.error(
                name,
                f"{name}: skipped, same content as {seen[digest]}; delete one of the two copies",
            )
            continue
        article = parse_article(raw, name, problems, sha256=digest, settings=settings)
        if article is not None and article.article_id in ids:
            problems.error(
                name,
                f"{name}: skipped, its identifier '{article.article_id}' (the file name without "
                f".txt) is already used by {ids[article.article_id]}; rename one of them",
            )
        elif article is not None:
            ids[article.article_id] = name
            seen[digest] = name
            articles.append(article)
    articles.sort(key=lambda a: a.article_id)
    metadata = (
        read_metadata(meta_entry.path, [a.source_file for a in articles], problems, limit)
        if meta_entry
        else pd.DataFrame(columns=["source_file"])
    )
    return Corpus(folder=folder, articles=articles, problems=problems.table(), metadata=metadata)


def read_metadata(
    path: Path, files: list[str], problems: _Problems, limit: int = DEFAULTS.max_bytes
) -> pd.DataFrame:
    """The rows of ``metadata.csv`` (UTF-8 CSV with a header; one row per article file:
    ``source_file`` and any further columns, such as outlet, country, ownership, url,
    headline, retrieved, text) for the article files ``files``, all values as text.

    Nothing is dropped silently; each of these is a ``problems`` row (a warning) for
    ``metadata.csv``: a row that names no article of the folder, a second row for the
    same file (the first is kept), a row with more or fewer fields than the header, a
    column the loader computes (such as ``sha256``), which is ignored, a ``date`` that is
    not YYYY-MM-DD (the header's is kept), and each article with no row. A file that
    cannot be read as such a table is one error row, and no article gets metadata.

    Returns columns ``source_file`` then the file's other columns in its order (the
    computed ones left out), one row per article file that has a row.
    """
    name = METADATA_FILE
    empty = pd.DataFrame(columns=["source_file"])
    try:
        raw = _read_regular(path, limit)
        text = raw.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text.replace("\r\n", "\n"), newline="")))
    except _TooLarge as exc:
        problems.error(name, f"{name}: not read, {exc.size / 1e6:.1f} MB is over the limit")
        return empty
    except (OSError, _NotRegular, UnicodeDecodeError, csv.Error) as exc:
        problems.error(name, f"{name}: not read ({exc}); save it as a UTF-8 CSV file")
        return empty
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    header = [h.strip() for h in rows[0]] if rows else []
    if "source_file" not in header:
        problems.error(
            name,
            f"{name}: not used, its header has no source_file column (the article's file "
            "name, e.g. 001_tass.txt); add one",
        )
        return empty
    if "" in header or len(set(header)) < len(header):
        problems.error(
            name, f"{name}: not used, its header has an empty or repeated column name; name "
            "each column once"
        )  # fmt: skip
        return empty
    ignored = [h for h in header if h in COMPUTED and h != "source_file"]
    if ignored:
        problems.warning(
            name,
            f"{name}: column(s) {', '.join(ignored)} ignored: the loader computes them "
            "from the article file",
        )
    keep = [h for h in header if h not in ignored]
    known = set(files)
    seen: dict[str, int] = {}
    out = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            problems.warning(
                name, f"{name}: line {number} has {len(row)} fields, the header {len(header)}; "
                "the row is not used"
            )  # fmt: skip
            continue
        record = {h: cell.strip() for h, cell in zip(header, row, strict=True) if h in keep}
        file = record["source_file"]
        if file not in known:
            problems.warning(
                name, f"{name}: line {number} names {file or 'no file'}, which is not an "
                "article read from the folder; the row is not used"
            )  # fmt: skip
            continue
        if file in seen:
            problems.warning(
                name, f"{name}: lines {seen[file]} and {number} both describe {file}; line "
                f"{seen[file]} is used"
            )  # fmt: skip
            continue
        date = record.get("date", "")
        if date and not _is_iso_date(date):
            problems.warning(
                name, f"{name}: line {number}: date '{date}' is not YYYY-MM-DD; the date of "
                f"{file}'s header is kept"
            )  # fmt: skip
            record["date"] = ""
        seen[file] = number
        out.append(record)
    for file in files:
        if file not in seen:
            problems.warning(
                file, f"{file}: no row in {name}; its attributes come from its header only"
            )
    return (
        pd.DataFrame(out, columns=keep)
        .sort_values("source_file", kind="stable")
        .reset_index(drop=True)
    )


def _is_iso_date(text: str) -> bool:
    try:
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", text)) and bool(dt.date.fromisoformat(text))
    except ValueError:
        return False


# --------------------------------------------------------------------------- the folder

_KINDS = (  # what an entry that is not a regular file is, in words
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
)


def _kind(mode: int) -> str:
    for test, words in _KINDS:
        if test(mode):
            return words
    return "not a regular file"


@dataclass(frozen=True)
class _Entry:
    """One entry of the seeds folder. ``path``: the regular file to read (``None``: not
    read, and ``severity``/``message`` say why); a ``message`` with a ``path`` is a note
    on a file that is read."""

    name: str
    path: Path | None
    severity: str = ""
    message: str = ""


class _TooLarge(Exception):
    def __init__(self, size: int) -> None:
        self.size = size


class _NotRegular(Exception):
    def __init__(self, kind: str) -> None:
        self.kind = kind


def _report(problems: _Problems, name: str, severity: str, message: str) -> None:
    (problems.error if severity == "error" else problems.warning)(name, message)


def _entries(folder: Path) -> list[_Entry]:
    """Classify every entry of ``folder`` (sorted by name) without opening any of them.

    Only regular files are ever read. A symbolic link is read only when it resolves to a
    regular file inside ``folder`` that is not read on its own, and each such target once;
    a link out of the folder, a broken or looping link, a named pipe, a socket and a
    device are reported and never opened (reading a FIFO blocks for ever, and a link out
    of the folder would publish a file of the machine that builds the book).
    """
    root = folder.resolve()
    names = sorted(os.listdir(root))
    own: set[Path] = set()  # regular .txt files read under their own name
    for name in names:
        try:
            mode = os.lstat(root / name).st_mode
        except OSError:
            continue
        if paths.is_article_name(name) and stat.S_ISREG(mode):
            own.add(root / name)
    out: list[_Entry] = []
    linked: dict[Path, str] = {}  # target -> the link it was read through
    for name in names:
        path = root / name
        try:
            mode = os.lstat(path).st_mode
        except OSError as exc:
            out.append(_Entry(name, None, "error", f"{name}: skipped, cannot be read "
                              f"({exc.strerror})"))  # fmt: skip
            continue
        if name.startswith("."):
            out.append(_Entry(name, None, "warning", f"{name}: ignored (hidden file)"))
        elif stat.S_ISLNK(mode):
            out.append(_link(name, path, root, own, linked))
        elif stat.S_ISDIR(mode):
            out.append(_Entry(name, None, "warning",
                              f"{name}: ignored (a folder; articles are .txt files)"))  # fmt: skip
        elif name == METADATA_FILE and stat.S_ISREG(mode):
            out.append(_Entry(name, path))
        elif not name.lower().endswith(".txt"):
            out.append(_Entry(name, None, "warning", f"{name}: ignored (not a .txt file); "
                              "rename it to .txt to analyze it"))  # fmt: skip
        elif not stat.S_ISREG(mode):
            message = (f"{name}: skipped, {_kind(mode)}, not a regular file; it was not "
                       "opened. Articles are plain files")  # fmt: skip
            out.append(_Entry(name, None, "error", message))
        else:
            out.append(_Entry(name, path))
    return out


def _link(name: str, path: Path, root: Path, own: set[Path], linked: dict[Path, str]) -> _Entry:
    """The decision for a symbolic link: see :func:`_entries`."""
    try:
        target = path.resolve(strict=True)
        mode = os.stat(target).st_mode
    except (OSError, RuntimeError):
        return _Entry(name, None, "error", f"{name}: skipped, a symbolic link that leads "
                      "nowhere (broken or looping); it was not read")  # fmt: skip
    if not target.is_relative_to(root):
        return _Entry(name, None, "error", f"{name}: skipped, a symbolic link to a file "
                      "outside the seeds folder; it was not read (a link could publish a "
                      "private file). Copy the article into the folder to analyze it")  # fmt: skip
    inside = target.relative_to(root).as_posix()
    if any(part.startswith(".") for part in target.relative_to(root).parts):
        return _Entry(name, None, "warning", f"{name}: ignored (a link to the hidden "
                      f"file {inside})")  # fmt: skip
    if not stat.S_ISREG(mode):
        return _Entry(name, None, "warning" if stat.S_ISDIR(mode) else "error",
                      f"{name}: ignored, a symbolic link to {_kind(mode)} ({inside}); "
                      "it was not opened")  # fmt: skip
    if not name.lower().endswith(".txt"):
        return _Entry(name, None, "warning", f"{name}: ignored (not a .txt file); "
                      "rename it to .txt to analyze it")  # fmt: skip
    if target in own:
        return _Entry(name, None, "warning", f"{name}: ignored, a symbolic link to "
                      f"{inside}, which is read under its own name")  # fmt: skip
    if target in linked:
        return _Entry(name, None, "warning", f"{name}: ignored, a symbolic link to "
                      f"{inside}, which is already read as {linked[target]}")  # fmt: skip
    linked[target] = name
    return _Entry(name, target, "warning", f"{name}: a symbolic link to {inside} (inside "
                  "the seeds folder); read once, under this name")  # fmt: skip


def _read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path``: opened without following a link and
    without blocking, checked to be a regular file (it may have been replaced since
    it was listed) and no larger than ``limit`` bytes."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _NotRegular(_kind(info.st_mode))
        if info.st_size > limit:
            raise _TooLarge(info.st_size)
        data = fh.read(limit + 1)
    if len(data) > limit:  # grew while it was read
        raise _TooLarge(len(data))
    return data


def folder_digest(folder: str | os.PathLike, *, settings: Settings | None = None) -> str:
    """sha256 over what :func:`read_corpus` would see in ``folder``: each entry's name,
    the verdict on it, and the hash of every file it would read (nothing else is opened),
    and the size limit. The same folder gives the same digest; any change to an article
    or to the problems it would report changes it. ``settings`` as for :func:`read_corpus`."""
    settings = settings or from_environment()
    h = hashlib.sha256(f"{settings.of_stage('reading')!r}\0".encode())
    for entry in _entries(Path(folder)):
        h.update(f"{entry.name}\0{entry.severity}\0{entry.message}\0".encode())
        if entry.path is not None:
            try:
                h.update(hashlib.sha256(_read_regular(entry.path, settings.max_bytes)).digest())
            except (OSError, _TooLarge, _NotRegular) as exc:
                h.update(type(exc).__name__.encode())
    return h.hexdigest()


# Control characters (code points below 32) other than the line feed and the tab.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f]")


def decode(raw: bytes, name: str, problems: _Problems) -> str | None:
    """Decode ``raw`` as UTF-8 (a BOM is removed, CRLF and CR become LF), or report
    why it cannot be and return ``None``."""
    if not raw.strip():
        problems.error(
            name, f"{name}: skipped, the file is empty; add the article text or delete it"
        )
        return None
    if b"\x00" in raw:
        problems.error(
            name, f"{name}: skipped, binary content (NUL bytes); articles must be plain UTF-8 text"
        )
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.error(
            name,
            f"{name}: skipped, not valid UTF-8 (byte {exc.start}); re-save it as UTF-8 from "
            f"its encoding, e.g. iconv -f CP1251 -t UTF-8 {name} > fixed.txt (Windows "
            "Cyrillic; ISO-8859-1 for Western European, `file -i` may tell which)",
        )
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
        problems.warning(name, f"{name}: a UTF-8 byte-order mark was removed before analysis")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        problems.warning(name, f"{name}: Windows (CRLF) or old Mac (CR) line ends were read as LF")
    controls = len(_CONTROL_RE.findall(text))
    if controls > max(2, len(text) // 100):
        problems.error(
            name,
            f"{name}: skipped, binary content ({controls} control characters); "
            "articles must be plain UTF-8 text",
        )
        return None
    return text


def parse_article(
    raw: bytes,
    name: str,
    problems: _Problems | None = None,
    *,
    sha256: str | None = None,
    settings: Settings = DEFAULTS,
) -> Article | None:
    """Parse one file's bytes into an :class:`Article`, reporting problems; ``None``
    when the file cannot be analyzed. ``sha256``: the bytes' hash, when already known;
    ``settings``: those of the language check."""
    problems = problems if problems is not None else _Problems()
    text = decode(raw, name, problems)
    if text is None:
        return None
    date = dateline = agency = None
    dateline_span = None
    m = _DATE_RE.match(text)
    body_start = m.end() if m else 0
    body_start += len(text[body_start:]) - len(text[body_start:].lstrip())
    d = _DATELINE_RE.match(text, body_start)
    body = text[body_start:].rstrip()
    paragraphs = tuple(_paragraph_spans(body))
    if not paragraphs:  # nothing to analyze: one error, no warnings about the header
        problems.error(name, f"{name}: skipped, there is no article text after the header")
        return None
    if m is None and d is None:
        problems.warning(
            name,
            f"{name}: no header (expected a first line 'date YYYY-MM-DD' and a dateline "
            "'CITY, Month DD. /AGENCY/.'); analyzed with date, dateline and agency empty",
        )
    elif m is None:
        problems.warning(
            name,
            f"{name}: no 'date YYYY-MM-DD' line before the dateline; analyzed with the date empty",
        )
    elif d is None:
        problems.warning(
            name,
            f"{name}: no dateline after the date (expected 'CITY, Month DD. /AGENCY/.'); "
            "analyzed with dateline and agency empty",
        )
    if m is not None:
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", m.group("date")):
                raise ValueError(m.group("date"))
            date = dt.date.fromisoformat(m.group("date")).isoformat()
        except ValueError:
            problems.warning(
                name,
                f"{name}: date '{m.group('date')}' is not a valid YYYY-MM-DD date; "
                "analyzed with the date empty",
            )
    if d is not None:
        dateline = d.group("city").strip()
        agency = d.group("agency").strip()
        dateline_span = (0, d.end() - body_start)
    latin, markers = english_share(body, min_words=settings.english_min_words)
    if latin < 0.5 or (markers is not None and markers < settings.english_min_share):
        share = "too few words to count" if markers is None else f"{markers:.0%}"
        problems.warning(
            name,
            f"{name}: the text does not look like English ({latin:.0%} of letters Latin; "
            f"common English words: {share}); it is analyzed with English models and word "
            "lists, so treat its results with care",
        )
    return Article(
        article_id=Path(name).stem,
        source_file=name,
        sha256=sha256 or hashlib.sha256(raw).hexdigest(),
        date=date,
        dateline=dateline,
        agency=agency,
        body=body,
        paragraphs=paragraphs,
        dateline_span=dateline_span,
    )


def _paragraph_spans(body: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for brk in _PARAGRAPH_BREAK.finditer(body):
        spans.append((start, brk.start()))
        start = brk.end()
    spans.append((start, len(body)))
    out = []
    for a, b in spans:
        seg = body[a:b]
        a += len(seg) - len(seg.lstrip())
        b -= len(seg) - len(seg.rstrip())
        if b > a:
            out.append((a, b))
    return out


def corpus_fingerprint(articles: pd.DataFrame) -> str:
    """sha256 over the sorted article hashes: one value names the input corpus."""
    joined = "\n".join(sorted(articles["sha256"].astype(str)))
    return hashlib.sha256(joined.encode("ascii")).hexdigest()


def date_range(articles: pd.DataFrame) -> tuple[str, str]:
    """The first and last article date (ISO strings), or ``("no date", "no date")``."""
    dates = articles["date"].dropna().astype(str)
    if dates.empty:
        return "no date", "no date"
    return dates.min(), dates.max()


def outlets(articles: pd.DataFrame) -> pd.Series:
    """Articles per outlet (the ``outlet`` column: metadata's, else the dateline agency,
    else ``unknown``), by name."""
    return articles["outlet"].fillna(UNKNOWN_OUTLET).value_counts().sort_index()
