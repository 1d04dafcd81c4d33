"""Read tables of articles: DataFrames and ``.csv``/``.tsv``/``.jsonl``/``.json``/
``.parquet`` files (one row per document), streamed in chunks."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import InputError
from .decode import _BINARY_SNIFF, _normalise_newlines, decode_bytes
from .records import META_FIELDS, LoadOptions, _container_kind, _is_missing, _record, cell_text


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
            if _is_missing(v) or cell_text(v).strip() == "":
                raise InputError(f"row {n + 1} has an empty id in column {m['id']!r}; fill it "
                                 "or pass id_column=None to number rows", where)
            doc_id = cell_text(v).strip()
        else:
            doc_id = f"{n:0{width}d}"
        meta = {f: vals[i] for f, vals in metas.items()}
        status = "ok"
        kind = _container_kind(raw)
        if kind is not None:
            text, status = "", f"skipped: text cell is a {kind}, not text"
        elif _is_missing(raw):
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


def _jsonl_lines(path: Path, encoding: str | None) -> Iterator[tuple[int, Any]]:
    """Parse a JSON Lines file line by line: (line number, object), blank lines skipped.

    Raises InputError naming the line for invalid JSON, invalid UTF-8 or a value that
    is not an object."""
    where = str(path)
    with path.open("rb") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line.decode(encoding, errors="replace") if encoding
                                 else line)
            except UnicodeDecodeError as exc:
                raise InputError(f"line {n} is not valid UTF-8 (byte {exc.start + 1} of the "
                                 "line); save the file as UTF-8 or pass its encoding "
                                 "(CLI: --encoding)", where) from None
            except json.JSONDecodeError as exc:
                raise InputError(f"line {n} is not valid JSON ({exc.msg}, column {exc.colno})"
                                 "; each line must be one JSON object", where) from None
            except RecursionError:
                raise InputError(f"line {n} is nested too deeply to read", where) from None
            if not isinstance(obj, dict):
                raise InputError(f"line {n} is not a JSON object (it is a "
                                 f"{type(obj).__name__}); each line must be one JSON object "
                                 "such as {\"id\": ..., \"text\": ...}", where)
            yield n, obj


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
        # a fast first pass reports a broken line before any analysis starts
        for _ in _jsonl_lines(path, opts.encoding):
            pass
        rows: list[dict] = []
        for _, obj in _jsonl_lines(path, opts.encoding):
            rows.append(obj)
            if len(rows) >= chunk_rows:
                yield pd.DataFrame(rows, dtype=object)
                rows = []
        if rows:
            yield pd.DataFrame(rows, dtype=object)
    elif suffix == ".json":
        try:
            obj = json.loads(path.read_text(encoding=opts.encoding or "utf-8"))
        except UnicodeDecodeError as exc:
            raise InputError(f"not valid UTF-8 (byte {exc.start}); save the file as UTF-8 "
                             "or pass its encoding (CLI: --encoding)", where) from None
        except json.JSONDecodeError as exc:
            raise InputError(f"line {exc.lineno}, column {exc.colno}: not valid JSON "
                             f"({exc.msg})", where) from None
        if not isinstance(obj, list) or not all(isinstance(o, dict) for o in obj):
            raise InputError("a .json corpus must be a list of objects (or use .jsonl)", where)
        for i in range(0, len(obj), chunk_rows):
            yield pd.DataFrame(obj[i:i + chunk_rows], dtype=object)
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
