"""Corpus records: the columns of a loaded corpus, the loading options, and one row
per document built from text and metadata (lone surrogates replaced, list and
mapping cells written as JSON)."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd


TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TABLE_SUFFIXES = {".csv", ".tsv", ".jsonl", ".ndjson", ".json", ".parquet"}
META_FIELDS = ("title", "date", "outlet", "url")
#: Columns of the table :func:`load_corpus` returns.
#: ``note`` is empty, or says what was repaired in a document that is still analysed
#: (invalid characters replaced, a file name that is not UTF-8, HTML read by tag
#: removal).
CORPUS_COLUMNS = [
    "doc_id", "text", "title", "date", "outlet", "url", "path", "encoding", "status",
    "note",
]
METADATA_FILE = "metadata.csv"
#: Longest document text analysed by default (characters); longer ones are skipped
#: with a status saying so (a news article is far shorter; a longer file is usually a
#: dump of many articles that should be split into one file or row per article).
MAX_CHARS = 5_000_000
#: Files are skipped unread when larger than this many bytes per allowed character
#: (UTF-8 needs at most 4 bytes per character, so no file that could fit is skipped).
BYTES_PER_CHAR = 4
_SURROGATE = re.compile("[\ud800-\udfff]")
NOTE_REPLACED = "invalid characters (lone surrogates) replaced with U+FFFD"


@dataclass
class LoadOptions:
    """Options shared by every source type (see :func:`load_corpus`)."""

    text_column: str = "text"
    id_column: str | None = "id"
    columns: dict[str, str] = field(default_factory=dict)
    encoding: str | None = None
    html: str = "auto"
    max_bytes: int | None = None


def _scrub(value: str) -> tuple[str, bool]:
    """Replace lone surrogates (which no file format can store) with U+FFFD."""
    try:
        value.encode("utf-8")
        return value, False
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", value), True


def _is_missing(value: Any) -> bool:
    return (value is None or value is pd.NA or value is pd.NaT
            or (isinstance(value, float) and math.isnan(value)))


def _container_kind(value: Any) -> str | None:
    """'list' or 'mapping' for a non-scalar cell (JSON arrays/objects, Parquet lists and
    structs, numpy arrays); None for a scalar."""
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, (list, tuple, set, frozenset)):
        return "list"
    if hasattr(value, "__array__") and getattr(value, "ndim", 0) > 0:
        return "list"
    return None


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted((_plain(v) for v in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "tolist"):  # numpy arrays and scalars
        return _plain(value.tolist())
    if _is_missing(value):
        return None
    return value


def cell_text(value: Any) -> str:
    """Return a table cell as text: lists and mappings as JSON, other values with str().

    Parameters
    ----------
    value : object
        A cell of an id or metadata column (str, number, list, dict, numpy array...).

    Returns
    -------
    str
        ``["a", "b"]`` for a list, ``{"k": 1}`` for a mapping (JSON, keys sorted,
        non-ASCII kept), ``str(value)`` otherwise.
    """
    if _container_kind(value) is not None:
        return json.dumps(_plain(value), ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


def _record(doc_id: str, text: str | None, *, path: str | None, encoding: str | None,
            status: str = "ok", note: str | None = None, **meta: Any) -> dict[str, Any]:
    rec = {c: None for c in CORPUS_COLUMNS}
    notes = [note] if note else []
    replaced = False
    doc_id, bad = _scrub(str(doc_id))
    replaced |= bad
    text, bad = _scrub(text if text is not None else "")
    replaced |= bad
    if path is not None:
        path, bad = _scrub(path)
        replaced |= bad
    rec.update(doc_id=doc_id, text=text, path=path, encoding=encoding, status=status)
    for k in META_FIELDS:
        v = meta.get(k)
        if _container_kind(v) is not None and len(v) == 0:
            continue  # an empty list or mapping states nothing
        if not _is_missing(v):
            v, bad = _scrub(cell_text(v).strip())
            replaced |= bad
            rec[k] = v or None
    if replaced:
        notes.append(NOTE_REPLACED)
    rec["note"] = "; ".join(notes) or None
    if status == "ok" and not rec["text"].strip():
        rec["status"] = "skipped: empty document (no text after decoding)"
    return rec
