"""Load a corpus of news articles from folders, tables, DataFrames or strings.

The readers live in :mod:`~analytics.corpus.folders` (folders and article files),
:mod:`~analytics.corpus.tables` (tables and DataFrames) and
:mod:`~analytics.corpus.decode` (encodings and HTML); the columns and options in
:mod:`~analytics.corpus.records`.

The loader turns any supported source into one tidy table with one row per input
document. Nothing is dropped: a document that cannot be used (empty, binary,
unreadable, unsupported, duplicate, not English) is kept with a ``status`` of
``"skipped: <reason>"``.

Supported sources
-----------------
- a directory of ``.txt``, ``.md``, ``.html``/``.htm`` files (recursive, sorted;
  ``doc_id`` is the path relative to the directory without extension), with an
  optional ``metadata.csv`` beside them;
- one ``.csv``, ``.jsonl``/``.ndjson`` or ``.parquet`` file (one row per document);
- one ``.txt``, ``.md`` or ``.html`` file (one document);
- a :class:`pandas.DataFrame`;
- an iterable of strings.

Hostile or careless input
-------------------------
Every problem with one document becomes a ``status`` (the document is skipped) or a
``note`` (the document is analysed, and the note says what was repaired); the run
goes on. Problems with the source as a whole (a broken JSONL line, a missing text
column, an unknown encoding) raise :class:`~analytics.errors.InputError` before any
analysis starts.

- Folders are walked without following symbolic links to folders; each such link is
  listed as ``skipped: symbolic link to a folder (not followed)``. A symbolic link to
  a file is read when its target lies inside the source folder and skipped
  (``skipped: symbolic link outside the source folder``) otherwise. A subfolder that
  cannot be listed is one row ``skipped: unreadable folder (...)``; FIFOs, sockets
  and devices are listed as ``skipped: not a regular file``, never opened.
- A file name that is not valid UTF-8 keeps its document: the bad bytes appear as
  ``\\xNN`` in ``doc_id`` and ``path`` (and the note says so).
- Lone surrogates (from JSON ``\\ud800`` escapes or Python strings) in any text or
  metadata value are replaced by U+FFFD, with a note.
- A file larger than ``4 * max_chars`` bytes is skipped from its size, unread.
- A ``metadata.csv`` row naming no file becomes a row
  ``skipped: listed in metadata.csv (row N) but no such file``.
- HTML nested too deeply for main-text extraction (more than
  :data:`~analytics.corpus.decode.MAX_HTML_DEPTH` levels) is read by removing all tags
  (scripts and styles dropped), with a note.
- A text cell holding a list or mapping (JSONL, JSON, Parquet, DataFrame) is skipped
  (``skipped: text cell is a list, not text``); such values in id or metadata columns
  are written as JSON text.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import InputError
from .decode import _normalise_newlines
from .folders import _read_file, _shown, iter_directory
from .records import (BYTES_PER_CHAR, CORPUS_COLUMNS, HTML_SUFFIXES, MAX_CHARS, TABLE_SUFFIXES,
                      TEXT_SUFFIXES, LoadOptions, _record)
from .tables import _read_table, iter_frame


def bundled_seeds() -> Path:
    """Return the folder of the bundled demo corpus.

    Looks for the copy shipped inside the installed package first
    (``analytics/data/seeds``) and falls back to the repository's ``seeds/``.

    Returns
    -------
    pathlib.Path
        A directory of five ``.txt`` news articles.
    """
    from ..resources import seeds_dir

    return seeds_dir()


def iter_records(source: Any, opts: LoadOptions | None = None) -> Iterator[dict[str, Any]]:
    """Yield one corpus record (a dict with :data:`CORPUS_COLUMNS`) per input document.

    This is the streaming form of :func:`load_corpus`; see there for ``source``.
    """
    opts = opts or LoadOptions()
    if isinstance(source, pd.DataFrame):
        yield from iter_frame(source, opts)
        return
    if isinstance(source, (str, os.PathLike)):
        path = Path(source).expanduser()
        if not path.exists():
            raise InputError("no such file or directory; pass a folder of articles, a "
                             ".csv/.jsonl/.parquet table, or omit SOURCE for the demo corpus",
                             str(path))
        if path.is_dir():
            yield from iter_directory(path, opts)
            return
        suffix = path.suffix.lower()
        if suffix in TABLE_SUFFIXES:
            yield from _read_table(path, opts)
            return
        if suffix in TEXT_SUFFIXES | HTML_SUFFIXES:
            name, renamed = _shown(path.name)
            note = ("file name is not valid UTF-8: its bytes are shown as \\xNN in doc_id "
                    "and path" if renamed else None)
            yield _read_file(path, name.rsplit(".", 1)[0], name, opts, note=note)
            return
        raise InputError(f"unsupported file type {suffix!r}; use a folder of .txt/.md/.html "
                         "files or a .csv, .jsonl or .parquet table", str(path))
    if isinstance(source, bytes):
        raise InputError("pass text (str), not bytes, or a path to a file")
    if isinstance(source, Iterable):
        items = list(source)
        width = max(4, len(str(len(items))))
        for i, item in enumerate(items):
            if not isinstance(item, str):
                raise InputError(f"item {i} is a {type(item).__name__}, not a string; pass "
                                 "an iterable of article texts")
            yield _record(f"{i:0{width}d}", _normalise_newlines(item), path=None,
                          encoding=None)
        return
    raise InputError(f"cannot load a corpus from a {type(source).__name__}")


def iter_corpus(source: Any = None, *, chunk_size: int = 1000, text_column: str = "text",
                id_column: str | None = "id", columns: dict[str, str] | None = None,
                encoding: str | None = None, html: str = "auto",
                max_chars: int | None = MAX_CHARS) -> Iterator[pd.DataFrame]:
    """Stream a corpus as DataFrames of at most ``chunk_size`` documents.

    Same sources, options and columns as :func:`load_corpus`, but tables and
    folders are read lazily, so memory stays bounded however large the corpus.
    Document ids are checked for uniqueness across chunks. A document longer than
    ``max_chars`` characters is kept with ``status = "skipped: ..."`` and no text.

    Yields
    ------
    pandas.DataFrame
        Columns :data:`CORPUS_COLUMNS`.

    Raises
    ------
    InputError
        At once (before the first chunk is read) for a negative ``max_chars``, an
        unknown ``encoding`` or ``html`` mode; while reading, for bad sources.
    """
    check_options(encoding=encoding, max_chars=max_chars, html=html)
    if source is None:
        source = bundled_seeds()
    max_bytes = None if max_chars is None else BYTES_PER_CHAR * max_chars + 4
    opts = LoadOptions(text_column=text_column, id_column=id_column,
                       columns=dict(columns or {}), encoding=encoding, html=html,
                       max_bytes=max_bytes)
    return _iter_corpus(source, opts, chunk_size=chunk_size, max_chars=max_chars)


def check_options(*, encoding: str | None = None, max_chars: int | None = MAX_CHARS,
                  html: str = "auto") -> None:
    """Validate loading options before anything is read.

    Parameters
    ----------
    encoding : str, optional
        Must name a text codec Python knows (``utf-8``, ``cp1252``, ``latin-1``...).
    max_chars : int or None
        None or a whole number, 0 or more.
    html : str
        ``"auto"`` or ``"raw"``.

    Raises
    ------
    InputError
        Naming the option and the accepted values.
    """
    if max_chars is not None and (isinstance(max_chars, bool) or not isinstance(max_chars, int)
                                  or max_chars < 0):
        raise InputError(f"max_chars must be a whole number, 0 or more, or None for no limit "
                         f"(CLI: --max-chars), not {max_chars!r}")
    if encoding is not None:
        try:
            info = codecs.lookup(encoding)
        except (LookupError, TypeError, ValueError):
            raise InputError(f"unknown encoding {encoding!r}; use a name such as utf-8, "
                             "cp1252 or latin-1 (CLI: --encoding)") from None
        if not getattr(info, "_is_text_encoding", True):
            raise InputError(f"{encoding!r} is not a text encoding; use a name such as "
                             "utf-8, cp1252 or latin-1 (CLI: --encoding)")
    if html not in ("auto", "raw"):
        raise InputError(f"html must be 'auto' or 'raw', not {html!r}")


def _iter_corpus(source: Any, opts: LoadOptions, *, chunk_size: int,
                 max_chars: int | None) -> Iterator[pd.DataFrame]:
    where = str(source) if not isinstance(source, pd.DataFrame) else "DataFrame"
    seen: dict[str, int] = {}
    batch: list[dict[str, Any]] = []
    n = 0
    for rec in iter_records(source, opts):
        n += 1
        if rec["doc_id"] in seen:
            raise InputError(
                f"duplicate document id {rec['doc_id']!r} in rows [{seen[rec['doc_id']]}, {n}]; "
                "ids must be unique - fix the id column or pass id_column=None "
                "(CLI: --id-column '') to number rows", where)
        seen[rec["doc_id"]] = n
        if max_chars is not None and rec["status"] == "ok" and len(rec["text"]) > max_chars:
            rec["status"] = (f"skipped: document too long ({len(rec['text']):,} characters > "
                             f"{max_chars:,}); split it into one file or row per article, "
                             "or raise max_chars (CLI: --max-chars)")
            rec["text"] = ""
        batch.append(rec)
        if len(batch) >= chunk_size:
            yield pd.DataFrame.from_records(batch, columns=CORPUS_COLUMNS)
            batch = []
    if batch:
        yield pd.DataFrame.from_records(batch, columns=CORPUS_COLUMNS)


def load_corpus(source: Any = None, *, text_column: str = "text",
                id_column: str | None = "id", columns: dict[str, str] | None = None,
                encoding: str | None = None, html: str = "auto",
                max_chars: int | None = MAX_CHARS) -> pd.DataFrame:
    """Load news articles into a table, one row per input document.

    Parameters
    ----------
    source : path, DataFrame or iterable of str, optional
        A directory of ``.txt``/``.md``/``.html`` files, one ``.csv``, ``.jsonl``
        or ``.parquet`` file, a DataFrame, or an iterable of article texts.
        ``None`` loads the bundled demo corpus.
    text_column : str, default "text"
        Column holding the article text (tables and DataFrames).
    id_column : str or None, default "id"
        Column holding unique document ids; when absent (or ``None``) rows are
        numbered ``0000``, ``0001``...
    columns : dict, optional
        Map metadata fields (``title``, ``date``, ``outlet``, ``url``) to column
        names when they differ, e.g. ``{"outlet": "source"}``.
    encoding : str, optional
        Force a text encoding instead of detecting it.
    html : {"auto", "raw"}, default "auto"
        ``"auto"`` extracts the main text of HTML pages; ``"raw"`` keeps markup.
    max_chars : int or None, default 5,000,000
        Longer documents are skipped with a status saying so; ``None`` for no limit.
        Files larger than ``4 * max_chars`` bytes are skipped without being read.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`CORPUS_COLUMNS`. ``text`` is the decoded text with newlines
        normalised to ``\\n`` (before cleaning); ``encoding`` is the codec used;
        ``status`` is ``"ok"`` or ``"skipped: <reason>"``; ``note`` is empty or says
        what was repaired in a document that is still used (see the module
        documentation).

    Raises
    ------
    InputError
        For a missing file, a table without the text column (the message lists the
        columns found), duplicate or empty ids, an unsupported file type, a broken
        JSON Lines line (its number named, before any document is used), a negative
        ``max_chars`` or an unknown ``encoding``.

    Examples
    --------
    >>> corpus = load_corpus()                       # the bundled demo corpus
    >>> corpus[["doc_id", "encoding", "status"]].shape
    (5, 3)
    """
    chunks = list(iter_corpus(source, chunk_size=10_000, text_column=text_column,
                              id_column=id_column, columns=columns, encoding=encoding,
                              html=html, max_chars=max_chars))
    if not chunks:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in CORPUS_COLUMNS})
    return pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]
