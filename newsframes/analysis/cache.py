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

An entry is one ZIP file (``<key>.zip``, stored, not compressed) holding each table as
an Apache Arrow IPC stream (columnar, zstd-compressed buffers: read without a decoding
step, so that thousands of articles' tables are concatenated as Arrow before one
conversion to pandas) and a ``manifest.json`` with each member's SHA-256 and row count.
Nothing in it is executable: no pickle is ever written or read (a pickle runs code when
it is loaded, so a shared cache folder would let anyone who can write to it run code on
every machine that reads it). An entry is written to a temporary file and renamed into
place (:func:`atomic_write`), so an interrupted run never leaves a half-written entry; an
entry that cannot be read, or whose members do not match its manifest, is reported and
recomputed, never trusted.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
import tempfile
import zipfile
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.ipc as ipc

from newsframes import PIPELINE_VERSION
from newsframes.analysis import corpus, resources, schema
from newsframes.analysis.settings import DEFAULTS, Settings


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
    return folder / "corpus" / f"{key}{SUFFIX}"


SUFFIX = ".zip"  # an entry: a ZIP of Arrow IPC streams and a manifest
MEMBER = ".arrow"  # a table: an Arrow IPC stream
MANIFEST = "manifest.json"
FORMAT = "newsframes-cache-2"


class CorruptEntry(ValueError):
    """A cache entry that cannot be trusted: unreadable, truncated or not as its manifest
    says."""


def read(
    path: Path, expect: tuple[str, ...] | None = None, *, arrow: bool = False
) -> dict[str, pd.DataFrame] | dict[str, pa.Table] | None:
    """The tables of a cache entry, ``None`` when there is none or it cannot be trusted
    (then a line on standard error says so, and the tables are computed afresh).
    ``expect``: the names of the tables the entry must hold, each with the columns of
    :mod:`schema`. ``arrow``: the tables as Arrow tables (:func:`decode_arrow`), not
    DataFrames."""
    try:
        tables = decode_arrow(path.read_bytes())
        if expect is not None:
            _check(tables, expect)
        return tables if arrow else to_pandas(tables)
    except FileNotFoundError:
        return None
    except (OSError, CorruptEntry) as exc:
        print(f"newsframes: ignoring unreadable cache entry {path} ({exc}); it is recomputed",
              file=sys.stderr)  # fmt: skip
        return None


def _check(tables: dict[str, pa.Table], expect: tuple[str, ...]) -> None:
    if sorted(tables) != sorted(expect):
        raise CorruptEntry(f"it holds {', '.join(tables)}, not {', '.join(expect)}")
    for name in expect:
        if tables[name].column_names != schema.columns(name):
            raise CorruptEntry(f"{name}: its columns are not those of the schema")


def write(path: Path, tables: dict[str, pd.DataFrame] | bytes) -> None:
    """Write a cache entry atomically: ``tables``, or the bytes :func:`encode` made of
    them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, tables if isinstance(tables, bytes) else encode(tables))


def encode(tables: dict[str, pd.DataFrame]) -> bytes:
    """``tables`` as the bytes of a cache entry: a ZIP of one Arrow IPC stream per table
    (zstd-compressed buffers) and a manifest (format, table names in order, each member's
    SHA-256 and row count)."""
    members: dict[str, bytes] = {}
    options = ipc.IpcWriteOptions(compression="zstd")
    for name, df in tables.items():
        table = pa.Table.from_pandas(df, preserve_index=False)
        sink = io.BytesIO()
        with ipc.new_stream(sink, table.schema, options=options) as writer:
            writer.write_table(table)
        members[f"{name}{MEMBER}"] = sink.getvalue()
    manifest = {
        "format": FORMAT,
        "tables": [
            {"name": name, "rows": len(df),
             "sha256": hashlib.sha256(members[f"{name}{MEMBER}"]).hexdigest()}
            for name, df in tables.items()
        ],
    }  # fmt: skip
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr(MANIFEST, json.dumps(manifest, sort_keys=True))
        for member, data in members.items():
            archive.writestr(member, data)
    return out.getvalue()


def decode(data: bytes) -> dict[str, pd.DataFrame]:
    """The tables of the bytes of a cache entry (:func:`encode`) as DataFrames; raises
    :class:`CorruptEntry` when the bytes are not such an entry or do not match their
    manifest."""
    return to_pandas(decode_arrow(data))


def to_pandas(tables: dict[str, pa.Table]) -> dict[str, pd.DataFrame]:
    """Arrow tables as DataFrames."""
    return {name: table.to_pandas() for name, table in tables.items()}


def decode_arrow(data: bytes) -> dict[str, pa.Table]:
    """The tables of the bytes of a cache entry (:func:`encode`) as Arrow tables, read
    without converting them (many articles' tables are concatenated before one
    conversion to pandas); raises :class:`CorruptEntry` as :func:`decode` does."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            manifest = json.loads(archive.read(MANIFEST))
            if manifest.get("format") != FORMAT:
                raise CorruptEntry(f"unknown format {manifest.get('format')!r}")
            tables = {}
            for entry in manifest["tables"]:
                member = archive.read(f"{entry['name']}{MEMBER}")
                if hashlib.sha256(member).hexdigest() != entry["sha256"]:
                    raise CorruptEntry(f"{entry['name']}: checksum mismatch")
                table = ipc.open_stream(member).read_all()
                if table.num_rows != entry["rows"]:
                    raise CorruptEntry(
                        f"{entry['name']}: {table.num_rows} rows, not {entry['rows']}"
                    )
                tables[entry["name"]] = table
            return tables
    except CorruptEntry:
        raise
    except (zipfile.BadZipFile, KeyError, TypeError, ValueError, OSError, pa.ArrowException,
            EOFError) as exc:  # fmt: skip
        raise CorruptEntry(f"{type(exc).__name__}: {exc}") from None


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
