"""Load a corpus of news articles from folders, tables, DataFrames or strings.

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
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import InputError

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TABLE_SUFFIXES = {".csv", ".tsv", ".jsonl", ".ndjson", ".json", ".parquet"}
META_FIELDS = ("title", "date", "outlet", "url")
#: Columns of the table :func:`load_corpus` returns.
CORPUS_COLUMNS = [
    "doc_id", "text", "title", "date", "outlet", "url", "path", "encoding", "status",
]
METADATA_FILE = "metadata.csv"
#: Longest document text analysed by default (characters); longer ones are skipped
#: with a status saying so (a news article is far shorter; a longer file is usually a
#: dump of many articles that should be split into one file or row per article).
MAX_CHARS = 5_000_000
#: Files larger than this are read but flagged in the log; nothing is truncated.
_BINARY_SNIFF = 8192


@dataclass
class LoadOptions:
    """Options shared by every source type (see :func:`load_corpus`)."""

    text_column: str = "text"
    id_column: str | None = "id"
    columns: dict[str, str] = field(default_factory=dict)
    encoding: str | None = None
    html: str = "auto"


def bundled_seeds() -> Path:
    """Return the folder of the bundled demo corpus.

    Looks for the copy shipped inside the installed package first
    (``analytics/data/seeds``) and falls back to the repository's ``seeds/``.

    Returns
    -------
    pathlib.Path
        A directory of five ``.txt`` news articles.
    """
    here = Path(__file__).resolve().parent
    for cand in (here / "data" / "seeds", here.parent / "seeds"):
        if cand.is_dir() and any(cand.glob("*.txt")):
            return cand
    raise InputError(
        "the bundled demo corpus was not found; reinstall the package or pass a SOURCE"
    )


# --------------------------------------------------------------------------- decoding
def decode_bytes(data: bytes, encoding: str | None = None) -> tuple[str | None, str]:
    """Decode bytes to text, detecting the encoding when needed.

    Parameters
    ----------
    data : bytes
        Raw file content.
    encoding : str, optional
        Force this encoding (errors are replaced, never raised).

    Returns
    -------
    (text, encoding) : tuple
        ``text`` is ``None`` when the data look binary; ``encoding`` names the
        codec used (``utf-8``, ``utf-8-sig``, ``cp1252``...) or ``binary``.
    """
    if encoding:
        return data.decode(encoding, errors="replace"), encoding
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    head = data[:_BINARY_SNIFF]
    if b"\x00" in head:
        return None, "binary"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:
        return None, "binary"
    enc = best.encoding
    # charset-normalizer may name a close relative; cp1252 is a superset of latin-1
    # for printable text and is what "latin-1" web text almost always is.
    if enc in {"latin_1", "iso8859_1", "iso-8859-1"}:
        enc = "cp1252"
    try:
        text = data.decode(enc)
    except (UnicodeDecodeError, LookupError):
        text = data.decode(enc, errors="replace") if _codec_exists(enc) else data.decode(
            "cp1252", errors="replace")
    return text, enc.replace("_", "-")


def _codec_exists(name: str) -> bool:
    import codecs

    try:
        codecs.lookup(name)
        return True
    except LookupError:
        return False


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def extract_html(html: str) -> tuple[str, dict[str, Any]]:
    """Extract the main text and metadata of a news page.

    Uses trafilatura's main-content extraction (not tag stripping): navigation,
    footers, comments and related-link blocks are left out by the extractor.

    Parameters
    ----------
    html : str
        The page's markup.

    Returns
    -------
    (text, metadata) : tuple
        The article text, one paragraph per line, and a dict with ``title``,
        ``date``, ``outlet`` and ``url`` where the page states them (``None``
        otherwise; nothing is invented).
    """
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False,
        favor_precision=False,
    )
    if doc is None:
        return "", {k: None for k in META_FIELDS}
    d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    meta = {
        "title": d.get("title") or None,
        "date": d.get("date") or None,
        "outlet": d.get("sitename") or d.get("hostname") or None,
        "url": d.get("url") or None,
    }
    return d.get("text") or "", meta


# --------------------------------------------------------------------------- records
def _record(doc_id: str, text: str | None, *, path: str | None, encoding: str | None,
            status: str = "ok", **meta: Any) -> dict[str, Any]:
    rec = {c: None for c in CORPUS_COLUMNS}
    rec.update(doc_id=str(doc_id), text=text if text is not None else "", path=path,
               encoding=encoding, status=status)
    for k in META_FIELDS:
        v = meta.get(k)
        if v is not None and not (isinstance(v, float) and pd.isna(v)):
            v = str(v).strip()
            rec[k] = v or None
    if status == "ok" and not rec["text"].strip():
        rec["status"] = "skipped: empty document (no text after decoding)"
    return rec


def _read_file(path: Path, doc_id: str, rel: str, opts: LoadOptions) -> dict[str, Any]:
    suffix = path.suffix.lower()
    try:
        data = path.read_bytes()
    except OSError as exc:
        return _record(doc_id, "", path=rel, encoding=None,
                       status=f"skipped: unreadable file ({exc.strerror or exc})")
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
        return _record(doc_id, "", path=rel, encoding=None,
                       status=f"skipped: unsupported file type '{suffix or path.name}'")
    text, enc = decode_bytes(data, opts.encoding)
    if text is None:
        return _record(doc_id, "", path=rel, encoding=enc,
                       status="skipped: binary file (not text)")
    text = _normalise_newlines(text)
    meta: dict[str, Any] = {}
    if suffix in HTML_SUFFIXES and opts.html != "raw":
        text, meta = extract_html(text)
        text = _normalise_newlines(text)
        if not text.strip():
            return _record(doc_id, "", path=rel, encoding=enc, status=(
                "skipped: no article text found in the HTML page"), **meta)
    return _record(doc_id, text, path=rel, encoding=enc, **meta)


def _read_metadata(directory: Path) -> dict[str, dict[str, Any]]:
    """Read ``metadata.csv`` beside text files: a key column plus metadata columns."""
    mpath = directory / METADATA_FILE
    if not mpath.is_file():
        return {}
    try:
        meta = pd.read_csv(mpath, dtype=str, keep_default_na=False)
    except Exception as exc:  # pandas raises many parser errors
        raise InputError(f"cannot parse the metadata table ({exc}); it must be a CSV "
                         "with a header row", str(mpath)) from exc
    key = next((c for c in ("doc_id", "id", "file", "filename", "path") if c in meta.columns),
               None)
    if key is None:
        raise InputError(
            "needs a column naming the document (doc_id, id, file, filename or path); "
            f"found columns {list(meta.columns)}", str(mpath))
    out: dict[str, dict[str, Any]] = {}
    for i, row in meta.iterrows():
        k = str(row[key]).strip()
        k = k.rsplit(".", 1)[0] if Path(k).suffix.lower() in (
            TEXT_SUFFIXES | HTML_SUFFIXES) else k
        if k in out:
            raise InputError(f"row {i + 2} repeats the document {k!r}; list each document "
                             "once", str(mpath))
        out[k] = {f: (row[f] or None) for f in META_FIELDS if f in meta.columns}
    return out


def iter_directory(directory: Path, opts: LoadOptions) -> Iterator[dict[str, Any]]:
    """Yield one record per file below ``directory`` (sorted, recursive)."""
    meta = _read_metadata(directory)
    files = sorted(
        (p for p in directory.rglob("*") if p.is_file()),
        key=lambda p: p.relative_to(directory).as_posix(),
    )
    seen: dict[str, str] = {}
    for p in files:
        rel = p.relative_to(directory).as_posix()
        if rel == METADATA_FILE:
            continue
        doc_id = rel.rsplit(".", 1)[0] if p.suffix else rel
        if doc_id in seen:
            raise InputError(
                f"two files map to the document id {doc_id!r} ({seen[doc_id]} and {rel}); "
                "rename one of them", str(directory))
        seen[doc_id] = rel
        rec = _read_file(p, doc_id, rel, opts)
        for k, v in meta.get(doc_id, meta.get(p.name, {})).items():
            if v is not None:
                rec[k] = str(v).strip() or None
        yield rec


def _resolve_columns(df: pd.DataFrame, opts: LoadOptions, where: str) -> dict[str, str | None]:
    cols = {str(c): c for c in df.columns}
    if opts.text_column not in cols:
        raise InputError(
            f"no text column {opts.text_column!r}; found columns {list(cols)}. "
            "Pass text_column=<name> (CLI: --text-column NAME)", where)
    mapping: dict[str, str | None] = {"text": opts.text_column}
    if opts.id_column and opts.id_column in cols:
        mapping["id"] = opts.id_column
    elif opts.id_column and opts.id_column != "id":
        raise InputError(f"no id column {opts.id_column!r}; found columns {list(cols)}",
                         where)
    else:
        mapping["id"] = None
    for f in META_FIELDS:
        name = opts.columns.get(f, f)
        mapping[f] = name if name in cols else None
    return mapping


def iter_frame(df: pd.DataFrame, opts: LoadOptions, where: str = "DataFrame",
               row_offset: int = 0) -> Iterator[dict[str, Any]]:
    """Yield one record per row of a table of documents."""
    m = _resolve_columns(df, opts, where)
    texts = df[m["text"]].tolist()
    ids = df[m["id"]].tolist() if m["id"] else None
    metas = {f: df[m[f]].tolist() for f in META_FIELDS if m[f]}
    width = max(4, len(str(row_offset + len(df))))
    for i, raw in enumerate(texts):
        n = row_offset + i
        if ids is not None:
            v = ids[i]
            if v is None or (isinstance(v, float) and pd.isna(v)) or str(v).strip() == "":
                raise InputError(f"row {n + 1} has an empty id in column {m['id']!r}; fill it "
                                 "or pass id_column=None to number rows", where)
            doc_id = str(v).strip()
        else:
            doc_id = f"{n:0{width}d}"
        meta = {f: vals[i] for f, vals in metas.items()}
        status = "ok"
        if raw is None or (isinstance(raw, float) and pd.isna(raw)):
            text, status = "", "skipped: empty text cell"
        elif isinstance(raw, bytes):
            text, enc = decode_bytes(raw, opts.encoding)
            if text is None:
                text, status = "", "skipped: binary value (not text)"
        else:
            text = str(raw)
        rec = _record(doc_id, _normalise_newlines(text), path=f"{where}#row={n + 1}",
                      encoding=None, status=status, **meta)
        yield rec


def _table_chunks(path: Path, opts: LoadOptions, chunk_rows: int) -> Iterator[pd.DataFrame]:
    """Read a .csv/.tsv/.jsonl/.json/.parquet table lazily, ``chunk_rows`` rows at a time."""
    suffix = path.suffix.lower()
    where = str(path)
    if suffix in {".csv", ".tsv"}:
        with path.open("rb") as fh:
            head = fh.read(_BINARY_SNIFF)
        if b"\x00" in head:
            raise InputError("looks binary, not a CSV file", where)
        enc = opts.encoding
        if enc is None:
            try:
                with path.open("r", encoding="utf-8-sig") as fh:
                    for _ in fh:
                        pass
                enc = "utf-8-sig"
            except UnicodeDecodeError:
                enc = decode_bytes(path.read_bytes()[:200_000])[1]
        sep = "\t" if suffix == ".tsv" else ","
        reader = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False,
                             encoding=enc, encoding_errors="replace", chunksize=chunk_rows)
        for chunk in reader:
            yield chunk.replace({"": None})
    elif suffix in {".jsonl", ".ndjson"}:
        rows: list[dict] = []
        with path.open("rb") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"line {n} is not valid JSON ({exc.msg}); each line "
                                     "must be one JSON object", where) from exc
                if not isinstance(obj, dict):
                    raise InputError(f"line {n} is not a JSON object", where)
                rows.append(obj)
                if len(rows) >= chunk_rows:
                    yield pd.DataFrame(rows)
                    rows = []
        if rows:
            yield pd.DataFrame(rows)
    elif suffix == ".json":
        obj = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(obj, list):
            raise InputError("a .json corpus must be a list of objects (or use .jsonl)", where)
        for i in range(0, len(obj), chunk_rows):
            yield pd.DataFrame(obj[i:i + chunk_rows])
    else:  # parquet
        import pyarrow.parquet as pq

        pf = pq.ParquetFile(path)
        for batch in pf.iter_batches(batch_size=chunk_rows):
            yield batch.to_pandas()


def _read_table(path: Path, opts: LoadOptions, chunk_rows: int = 5000
                ) -> Iterator[dict[str, Any]]:
    where = str(path)
    offset = 0
    try:
        for chunk in _table_chunks(path, opts, chunk_rows):
            if chunk.empty and len(chunk.columns) == 0:
                continue
            yield from iter_frame(chunk, opts, where, row_offset=offset)
            offset += len(chunk)
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"cannot read this {path.suffix} file ({type(exc).__name__}: {exc})",
                         where) from exc


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
            yield _read_file(path, path.stem, path.name, opts)
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
    """
    if source is None:
        source = bundled_seeds()
    opts = LoadOptions(text_column=text_column, id_column=id_column,
                       columns=dict(columns or {}), encoding=encoding, html=html)
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

    Returns
    -------
    pandas.DataFrame
        Columns :data:`CORPUS_COLUMNS`. ``text`` is the decoded text with newlines
        normalised to ``\\n`` (before cleaning); ``encoding`` is the codec used;
        ``status`` is ``"ok"`` or ``"skipped: <reason>"``.

    Raises
    ------
    InputError
        For a missing file, a table without the text column (the message lists the
        columns found), duplicate or empty ids, or an unsupported file type.

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
