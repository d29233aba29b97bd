"""The analysis cache: one entry per article (its per-article tables) and one per corpus
(every table of the corpus but ``articles`` and ``problems``, which are read from the
seeds folder: the per-article tables concatenated and the corpus-level tables, so that
an unchanged corpus is read from one file), each under a key that names everything its
tables depend on.

- An article's key (:func:`article_key`): the file's content hash and article id, the
  pipeline version, a digest of the analysis code and lexicons (:func:`code_digest`),
  the NLTK data and packages (:func:`resources.versions`) and the settings of the article
  stage.
- A corpus's key (:func:`corpus_key`): every article's key, every setting, and the
  articles' attributes.

An entry is one ZIP file (``<key>.zip``) holding each table as an Apache Arrow IPC
stream (columnar: read without a decoding step, so that thousands of articles' tables
are concatenated as Arrow before one conversion to pandas; a small table's member is
LZ4-compressed whole, a large one's buffers are zstd-compressed: :func:`encode`) and a
``manifest.json`` with each member's SHA-256 and row count.
Nothing in it is executable: no pickle is ever written or read (a pickle runs code when
it is loaded, so a shared cache folder would let anyone who can write to it run code on
every machine that reads it). An entry is written to a temporary file and renamed into
place (:func:`atomic_write`), so an interrupted run never leaves a half-written entry; an
entry that cannot be read, or whose members do not match its manifest, is reported and
recomputed, never trusted.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import sys
import zipfile
import zlib
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc as ipc

from newsframes import PIPELINE_VERSION
from newsframes.analysis import corpus, paths, resources, schema
from newsframes.analysis.paths import atomic_write
from newsframes.analysis.settings import DEFAULTS, Settings


def use_system_allocator() -> None:
    """Make the C library's allocator pyarrow's default memory pool in this process (what
    pyarrow's functions allocate from unless given a pool: joining, converting, computing;
    Arrow's IPC writer keeps Arrow's own default), unless ``ARROW_DEFAULT_MEMORY_POOL``
    chooses one. Run when this module is imported, so in the command line, the book and
    every worker process.

    pyarrow's own default, mimalloc, asks the kernel for transparent huge pages; where
    they are on request (``madvise``, the default of Debian and Ubuntu kernels), the first
    use of each new block of memory can wait for the kernel to assemble a 2 MiB page. On
    the machine of the benchmarks, joining one 156 MB table took 0.95-1.25 s with mimalloc
    and 0.06 s with the C library's allocator (0.07 s with mimalloc once huge pages were
    turned off); the command line took 10.0 s instead of 10.5 at 1,000 Brown pieces
    (medians of four runs) and 36.0-36.6 s instead of 37.6-37.7 at 5,000. The allocator
    changes no result."""
    if not os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        pa.set_memory_pool(pa.system_memory_pool())


use_system_allocator()


@lru_cache(maxsize=1)
def code_digest() -> str:
    """sha256 over the analysis package's Python files and lexicons: a change in either
    invalidates caches (the book's code is not part of it: it changes no table)."""
    h = hashlib.sha256()
    root = Path(__file__).resolve().parent
    for f in sorted([*root.rglob("*.py"), *root.glob("lexicons/*.csv")]):
        h.update(f.relative_to(root).as_posix().encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def article_key(article: corpus.Article, settings: Settings = DEFAULTS) -> str:
    """The cache key of one article's tables: its bytes and id, the code, the NLTK data
    and the settings of the article stage."""
    parts = [article.sha256, article.article_id, PIPELINE_VERSION, code_digest(),
             resources.versions(), repr(settings.of_stage("article"))]  # fmt: skip
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def corpus_key(article_keys: list[str], settings: Settings, attributes: str = "") -> str:
    """The cache key of the corpus-level tables: the articles' keys, every setting and
    the articles' ``attributes`` (the articles table as text: outlets, dates and the
    columns of ``metadata.csv``, which the comparisons group by)."""
    parts = [repr(settings), PIPELINE_VERSION, code_digest(), resources.versions(),
             hashlib.sha256(attributes.encode()).hexdigest()]  # fmt: skip
    return hashlib.sha256("|".join(parts + article_keys).encode()).hexdigest()


def article_entry(folder: Path, key: str) -> Path:
    """Where the entry of an article key lives in the cache ``folder``."""
    return folder / key[:2] / f"{key}{SUFFIX}"


def corpus_entry(folder: Path, key: str) -> Path:
    """Where the entry of a corpus key lives in the cache ``folder``."""
    return paths.corpus_entries(folder) / f"{key}{SUFFIX}"


SUFFIX = paths.ENTRY_SUFFIX  # an entry: a ZIP of Arrow IPC streams and a manifest
MEMBER = ".arrow"  # a table: an Arrow IPC stream
MANIFEST = "manifest.json"
FORMAT = "newsframes-cache-3"
# The codec of a small table's member (:func:`encode`): LZ4's frame format.
LZ4 = "lz4"


class CorruptEntry(ValueError):
    """A cache entry that cannot be trusted: unreadable, truncated or not as its manifest
    says."""


def read(path: Path, expect: tuple[str, ...] | None = None) -> dict[str, pa.Table] | None:
    """The tables of a cache entry as Arrow tables (:func:`decode_arrow`), ``None`` when
    there is none or it cannot be trusted (then a line on standard error says so, and the
    tables are computed afresh). ``expect``: the names of the tables the entry must hold,
    each with the columns of :mod:`schema`. A corpus's entry is opened table by table
    instead (:func:`open_entry`)."""
    try:
        tables = decode_arrow(path.read_bytes())
        if expect is not None:
            _check({name: table.column_names for name, table in tables.items()}, expect)
        return tables
    except FileNotFoundError:
        return None
    except (OSError, CorruptEntry) as exc:
        report(path, exc)
        return None


def _check(columns: dict[str, list[str]], expect: tuple[str, ...]) -> None:
    """Raise :class:`CorruptEntry` unless the tables whose column names are ``columns``
    are those of ``expect``, each with the columns of :mod:`schema`."""
    if sorted(columns) != sorted(expect):
        raise CorruptEntry(f"it holds {', '.join(columns)}, not {', '.join(expect)}")
    for name in expect:
        if columns[name] != schema.columns(name):
            raise CorruptEntry(f"{name}: its columns are not those of the schema")


def write(path: Path, tables: dict[str, pd.DataFrame] | bytes) -> None:
    """Write a cache entry atomically: ``tables``, or the bytes :func:`encode` made of
    them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, tables if isinstance(tables, bytes) else encode(tables))


# Rows per record batch of a member: a reader of the first rows (:meth:`Entry.head`)
# decodes one batch, not the whole table.
BATCH_ROWS = 65_536
# Rows under which a table's member is compressed whole (:func:`encode`).
SMALL_ROWS = 4_096


def encode(tables: dict[str, pd.DataFrame]) -> bytes:
    """``tables`` as the bytes of a cache entry: a ZIP of one Arrow IPC stream per table
    and a manifest (format, table names in order, each member's SHA-256 and row count).

    A table of fewer than :data:`SMALL_ROWS` rows (an article's tables, but for a very
    long article's tokens) is written uncompressed and its member compressed as a whole
    with LZ4 (the manifest names the codec and the size before compression): several
    times faster than compressing each of its small buffers, and than zlib, whose
    level 1 made members a third smaller but cost 0.5 ms of an article's 9 ms; a larger
    one in record batches of :data:`BATCH_ROWS` rows with zstd-compressed buffers, so
    that a reader decompresses only the columns and batches it reads (a corpus's large
    tables: opening its entry checks every member's checksum without decompressing
    them). Every member is stored in the ZIP as it is (a reader refuses any other:
    :func:`_opened`), and the manifest's SHA-256 is that of the IPC stream, the bytes
    Arrow reads: a member compressed whole is checked once decompressed (a size in the
    manifest other than the stream's gives other bytes), a large one as it is read."""
    return encode_arrow({name: arrow_table(df) for name, df in tables.items()})


def encode_arrow(tables: dict[str, pa.Table]) -> bytes:
    """Arrow ``tables`` as the bytes of a cache entry (:func:`encode`)."""
    return pack(members(tables))


class Member(NamedTuple):
    """One table of an entry, encoded (:func:`member`): its bytes in the ZIP, its rows,
    the SHA-256 of its IPC stream and, for a member compressed whole, the manifest's
    ``codec`` and ``size``."""

    data: bytes
    rows: int
    sha256: str
    packed: dict


def member(table: pa.Table) -> Member:
    """``table`` encoded as a member of an entry (:func:`encode`); its IPC stream is
    written by Arrow, which leaves Python's lock while it compresses, so that other
    tables can be made meanwhile (:func:`pipeline.analyze`)."""
    small = table.num_rows < SMALL_ROWS
    options = ipc.IpcWriteOptions(compression=None if small else "zstd")
    sink = io.BytesIO()
    with ipc.new_stream(sink, table.schema, options=options) as writer:
        writer.write_table(table, max_chunksize=BATCH_ROWS)
    stream = sink.getvalue()
    digest = hashlib.sha256(stream).hexdigest()
    if small:
        packed = {"codec": LZ4, "size": len(stream)}
        return Member(_codec().compress(stream, asbytes=True), table.num_rows, digest, packed)
    return Member(stream, table.num_rows, digest, {})


def members(tables: dict[str, pa.Table]) -> dict[str, Member]:
    """Each of Arrow ``tables`` encoded as a member of an entry (:func:`member`)."""
    return {name: member(table) for name, table in tables.items()}


def pack(parts: dict[str, Member]) -> bytes:
    """The bytes of an entry of its members (``parts``, by table name, in the order
    given): a ZIP that stores each as it is, after the manifest."""
    manifest = {
        "format": FORMAT,
        "tables": [
            {"name": name, "rows": m.rows, "sha256": m.sha256, **m.packed}
            for name, m in parts.items()
        ],
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr(MANIFEST, json.dumps(manifest, sort_keys=True))
        for name, m in parts.items():
            archive.writestr(f"{name}{MEMBER}", m.data)
    return out.getvalue()


@lru_cache(maxsize=1)
def _codec() -> pa.Codec:
    return pa.Codec(LZ4)


# Column types converted column by column in :func:`arrow_table`.
_PLAIN = ("int64", "float64", "bool", "object")


def arrow_table(df: pd.DataFrame) -> pa.Table:
    """``df`` (its index left out) as an Arrow table that converts back to the same
    DataFrame (``to_pandas``). Columns of Arrow-backed strings are taken as they are
    and numeric, boolean and object columns converted as ``pa.Table.from_pandas``
    converts them (missing values as nulls), without its per-table inspection and
    pandas metadata: that costs more than the conversion itself for the few hundred
    rows of one article's tables. A frame with any other column type (categories,
    dates, nullable integers) or with column names that are not unique strings is
    converted by ``from_pandas``."""
    names = list(df.columns)
    dtypes = [str(t) for t in df.dtypes]
    if len(set(names)) != len(names) or not all(isinstance(n, str) for n in names):
        return pa.Table.from_pandas(df, preserve_index=False)
    arrays = []
    for (_, column), dtype in zip(df.items(), dtypes, strict=True):
        if dtype == "str" and getattr(column.dtype, "storage", None) == "pyarrow":
            arrays.append(pa.array(column.array))
        elif dtype in _PLAIN:
            arrays.append(pa.array(column.to_numpy(), from_pandas=True))
        else:
            return pa.Table.from_pandas(df, preserve_index=False)
    return pa.Table.from_arrays(arrays, names=names)


def decode(data: bytes) -> dict[str, pd.DataFrame]:
    """The tables of the bytes of a cache entry (:func:`encode`) as DataFrames; raises
    :class:`CorruptEntry` when the bytes are not such an entry or do not match their
    manifest."""
    return {name: table.to_pandas() for name, table in decode_arrow(data).items()}


def decode_arrow(data: bytes) -> dict[str, pa.Table]:
    """The tables of the bytes of a cache entry (:func:`encode`) as Arrow tables, read
    without converting them (many articles' tables are concatenated before one
    conversion to pandas); raises :class:`CorruptEntry` as :func:`decode` does."""
    with _untrusted(), _opened(io.BytesIO(data)) as archive:
        return {
            entry["name"]: _whole_table(archive, entry) for entry in _manifest(archive)["tables"]
        }


def _whole_table(archive: zipfile.ZipFile, entry: dict) -> pa.Table:
    """One table's member read whole (an article's tables are small: one read, rather
    than the many small reads of a stream, :class:`_Hashed`), decompressed when it is,
    and checked against the manifest's SHA-256 before Arrow reads it."""
    return _table(_unpacked(archive, entry), entry)


def _unpacked(archive: zipfile.ZipFile, entry: dict) -> bytes:
    """The IPC stream of one table's member, read whole (``zipfile`` checks the stored
    bytes' CRC), decompressed when the manifest names a codec (:func:`encode_arrow`),
    and checked against the manifest's SHA-256."""
    stream = archive.read(f"{entry['name']}{MEMBER}")
    if "codec" in entry:
        size = entry.get("size")
        # LZ4 gives at most 255 bytes for one: a size past that is not allocated.
        if (entry["codec"] != LZ4 or isinstance(size, bool) or not isinstance(size, int)
                or not 0 <= size <= 256 * len(stream)):  # fmt: skip
            raise CorruptEntry(f"{entry['name']}: codec {entry['codec']!r} of size {size!r}")
        stream = _codec().decompress(stream, decompressed_size=size, asbytes=True)
    if hashlib.sha256(stream).hexdigest() != entry["sha256"]:
        raise CorruptEntry(f"{entry['name']}: checksum mismatch")
    return stream


class Entry:
    """A cache entry opened to be read one table at a time (:func:`open_entry`).

    Opening it checks its manifest, every member's SHA-256 and every table's columns
    (from the stream's schema, without decoding a row); a table is decoded only when
    :meth:`table` asks for it, with only the columns asked for. So a reader that needs
    a few small tables of a corpus never holds its tokens."""

    def __init__(self, path: Path, expect: tuple[str, ...] | None = None) -> None:
        self.path = path
        with _untrusted(), _opened(path) as archive:
            self._entries = {entry["name"]: entry for entry in _manifest(archive)["tables"]}
            self._columns = {}
            for name, entry in self._entries.items():
                if "codec" in entry:  # a small table, compressed whole
                    self._columns[name] = ipc.open_stream(_unpacked(archive, entry)).schema.names
                    continue
                member = _Hashed(archive, entry)
                self._columns[name] = ipc.open_stream(member).schema.names
                member.check()
        if expect is not None:
            _check(self._columns, expect)

    @property
    def names(self) -> list[str]:
        """The tables of the entry, in their order."""
        return list(self._entries)

    def n_rows(self, name: str) -> int:
        """The number of rows of table ``name`` (from the manifest: nothing is decoded)."""
        return int(self._entries[name]["rows"])

    def table(self, name: str, columns: list[str] | None = None) -> pd.DataFrame:
        """Table ``name`` as a DataFrame: every column, or those of ``columns`` (in the
        table's order). Raises :class:`CorruptEntry` when the file was removed or no
        longer matches the manifest read when it was opened."""
        return self._read(name, columns, None)

    def head(self, name: str, n: int, columns: list[str] | None = None) -> pd.DataFrame:
        """The first ``n`` rows of table ``name`` (as :meth:`table`), decoding only the
        record batches that hold them."""
        return self._read(name, columns, n)

    def value_counts(self, name: str, column: str) -> pd.Series:
        """How often each value of ``column`` of table ``name`` occurs (counted in Arrow:
        the column is never a pandas object), indexed by the value."""
        counts = pc.value_counts(self._arrow(name, [column], None).column(0).combine_chunks())
        values = counts.field("values").to_pandas()
        return pd.Series(counts.field("counts").to_numpy(), index=values, name="count")

    def _read(self, name: str, columns: list[str] | None, n: int | None) -> pd.DataFrame:
        # Each Arrow column is freed as it is converted: the table is held once.
        return self._arrow(name, columns, n).to_pandas(split_blocks=True, self_destruct=True)

    def _arrow(self, name: str, columns: list[str] | None, n: int | None) -> pa.Table:
        """Table ``name`` as Arrow (:func:`_table`); :class:`CorruptEntry` when the file was
        removed or no longer matches the manifest read when it was opened."""
        entry = self._entries[name]
        fields = None if columns is None else [self._columns[name].index(c) for c in columns]
        try:
            with _untrusted(), _opened(self.path) as archive:
                return _checked_table(archive, entry, fields, n)
        except FileNotFoundError:
            raise CorruptEntry("removed since it was opened") from None


def open_entry(path: Path, expect: tuple[str, ...] | None = None) -> Entry | None:
    """The cache entry at ``path`` opened for reading table by table (:class:`Entry`),
    ``None`` when there is none or it cannot be trusted (reported as :func:`read`
    does)."""
    try:
        return Entry(path, expect)
    except FileNotFoundError:
        return None
    except (OSError, CorruptEntry) as exc:
        report(path, exc)
        return None


def report(path: Path, exc: Exception) -> None:
    """Say on standard error that the entry at ``path`` is not used, and why."""
    print(f"newsframes: ignoring unreadable cache entry {path} ({exc}); it is recomputed",
          file=sys.stderr)  # fmt: skip


@contextlib.contextmanager
def _opened(file: Path | io.BytesIO) -> Iterator[zipfile.ZipFile]:
    """An entry's ZIP opened for reading, whose members must all be stored as they are
    (as :func:`encode_arrow` writes them): a member the ZIP says is deflated or
    compressed otherwise is refused unread (:class:`CorruptEntry`), so that no ZIP codec
    ever runs on an entry's bytes."""
    with zipfile.ZipFile(file) as archive:
        for info in archive.infolist():
            if info.compress_type != zipfile.ZIP_STORED or info.file_size != info.compress_size:
                raise CorruptEntry(f"{info.filename}: not stored as it is")
        yield archive


def _manifest(archive: zipfile.ZipFile) -> dict:
    manifest = json.loads(archive.read(MANIFEST))
    if manifest.get("format") != FORMAT:
        raise CorruptEntry(f"unknown format {manifest.get('format')!r}")
    return manifest


def _checked_table(
    archive: zipfile.ZipFile, entry: dict, fields: list[int] | None = None, n: int | None = None
) -> pa.Table:
    """One table's member decoded (:func:`_table`) as it is read, then checked against the
    manifest's SHA-256 (:class:`_Hashed`): the bytes decoded are the bytes checked. A
    small table's member, compressed whole, is read whole (:func:`_unpacked`)."""
    if "codec" in entry:
        return _table(_unpacked(archive, entry), entry, fields, n)
    member = _Hashed(archive, entry)
    table = _table(member, entry, fields, n)
    member.check()
    return table


class _Hashed:
    """One table's member of an open entry as a stream for Arrow's reader, hashed as it is
    read: a table is decoded record batch by record batch without holding the member's
    bytes (a large corpus's tokens are tens of MB), and :meth:`check` then reads what is
    left and compares the whole member with the manifest's SHA-256."""

    def __init__(self, archive: zipfile.ZipFile, entry: dict) -> None:
        self._raw = archive.open(f"{entry['name']}{MEMBER}")
        self._entry = entry
        self._sha = hashlib.sha256()
        self.closed = False

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self._sha.update(data)
        return data

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def close(self) -> None:
        self.closed = True

    def check(self) -> None:
        """Raise :class:`CorruptEntry` unless the whole member matches the manifest."""
        while self.read(1 << 20):
            pass
        self._raw.close()
        if self._sha.hexdigest() != self._entry["sha256"]:
            raise CorruptEntry(f"{self._entry['name']}: checksum mismatch")


def _table(
    member: bytes | _Hashed, entry: dict, fields: list[int] | None = None, n: int | None = None
) -> pa.Table:
    """The Arrow table of a member (only the columns at ``fields`` when given), checked
    against the manifest's row count; with ``n``, its first ``n`` rows, reading only the
    record batches that hold them."""
    options = ipc.IpcReadOptions(included_fields=fields) if fields is not None else None
    reader = ipc.open_stream(member, options=options)
    if n is not None:
        batches, rows = [], 0
        for batch in reader:
            batches.append(batch)
            rows += batch.num_rows
            if rows >= n:
                break
        return pa.Table.from_batches(batches, schema=reader.schema).slice(0, n)
    table = reader.read_all()
    if table.num_rows != entry["rows"]:
        raise CorruptEntry(f"{entry['name']}: {table.num_rows} rows, not {entry['rows']}")
    return table


@contextlib.contextmanager
def _untrusted() -> Iterator[None]:
    """Any failure to read an entry's bytes becomes :class:`CorruptEntry` (a damaged
    compressed member raises Arrow's error; a manifest nested too deep,
    ``RecursionError``; a size that cannot be allocated, ``MemoryError``; the errors of
    the ZIP's own codecs, ``zlib.error`` and ``NotImplementedError``, cannot arise, as
    :func:`_opened` refuses such members, but are caught all the same)."""
    try:
        yield
    except CorruptEntry:
        raise
    except (zipfile.BadZipFile, KeyError, TypeError, ValueError, OSError, pa.ArrowException,
            EOFError, zlib.error, NotImplementedError, MemoryError,
            RecursionError) as exc:  # fmt: skip
        if isinstance(exc, FileNotFoundError):
            raise
        raise CorruptEntry(f"{type(exc).__name__}: {exc}") from None


# --------------------------------------------------------------------------- written files
# A rerun of an unchanged corpus writes the same bytes again; writing a large corpus's
# tokens as CSV costs more than the rest of the rerun. So the cache also records, for a
# corpus key and an output format, the size and SHA-256 of each file written from that
# corpus's entry, and a writer leaves a file in place when it already holds exactly
# those bytes. The record is plain JSON (never executed); one that cannot be read or is
# not in this format is ignored, and every file is written.

WRITTEN_FORMAT = "newsframes-written-1"


def written_record(folder: Path, key: str, format: str) -> Path:
    """Where the record of files written in ``format`` from corpus key ``key`` lives."""
    return folder / "written" / f"{key}.{format}.json"


def _writer() -> str:
    """What makes the bytes of a written table besides the tables: the libraries that
    serialize them. A record made by other versions is not used."""
    return f"pandas {pd.__version__}, pyarrow {pa.__version__}"


def read_written(path: Path) -> dict[str, dict]:
    """The files of a record (:func:`written_record`) by table name, each ``{"bytes": n,
    "sha256": hex}``; empty when there is no record, or it cannot be read, is not in
    :data:`WRITTEN_FORMAT` or was made by another writer (:func:`_writer`)."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        files = record["tables"]
        ok = (
            record["format"] == WRITTEN_FORMAT
            and record["writer"] == _writer()
            and all(
                isinstance(f["bytes"], int) and isinstance(f["sha256"], str) for f in files.values()
            )
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}
    return files if ok else {}


def write_written(path: Path, files: dict[str, dict]) -> None:
    """Record ``files`` (table name -> ``{"bytes", "sha256"}``) at ``path``, atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {"format": WRITTEN_FORMAT, "writer": _writer(), "tables": files}
    atomic_write(path, json.dumps(record, sort_keys=True, indent=1).encode("utf-8"))


def file_facts(data: bytes) -> dict:
    """The size and SHA-256 of ``data``, as a record holds them."""
    return {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def holds(path: Path, facts: dict) -> bool:
    """Whether the file at ``path`` holds exactly the bytes ``facts`` describe (size
    first, then SHA-256, read in blocks)."""
    try:
        if path.stat().st_size != facts["bytes"]:
            return False
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest() == facts["sha256"]
    except OSError:
        return False
