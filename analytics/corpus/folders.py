"""Read a folder of articles (and its optional ``metadata.csv``) or one article file.

Folders are walked without following symbolic links to folders; links to files
outside the folder, FIFOs, sockets, devices and unreadable subfolders are listed as
skipped documents, never opened (see :mod:`analytics.corpus.load`)."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import InputError
from .decode import _extract_html, _normalise_newlines, decode_bytes
from .records import (_SURROGATE, BYTES_PER_CHAR, HTML_SUFFIXES, META_FIELDS, METADATA_FILE,
                      TEXT_SUFFIXES, LoadOptions, _record)

log = logging.getLogger(__name__)


def _shown(name: str) -> tuple[str, bool]:
    """A file name as valid text: bytes that are not UTF-8 (kept by the OS as
    surrogate escapes) are written ``\\xNN``. Returns the text and whether it changed."""
    try:
        name.encode("utf-8")
        return name, False
    except UnicodeEncodeError:
        pass
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"), True
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", name), True


def _too_large(size: int, opts: LoadOptions) -> str | None:
    if opts.max_bytes is None or size <= opts.max_bytes:
        return None
    return (f"skipped: file too large ({size:,} bytes > {opts.max_bytes:,}, "
            f"{BYTES_PER_CHAR} bytes per allowed character); not read - split it into one "
            "file per article, or raise max_chars (CLI: --max-chars)")


def _read_file(path: Path, doc_id: str, rel: str, opts: LoadOptions,
               note: str | None = None) -> dict[str, Any]:
    suffix = path.suffix.lower()
    try:
        st = path.stat()
    except OSError as exc:
        return _record(doc_id, "", path=rel, encoding=None, note=note,
                       status=f"skipped: unreadable file ({exc.strerror or exc})")
    if not stat.S_ISREG(st.st_mode):
        return _record(doc_id, "", path=rel, encoding=None, note=note,
                       status="skipped: not a regular file (a pipe, socket or device)")
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
        return _record(doc_id, "", path=rel, encoding=None, note=note,
                       status=f"skipped: unsupported file type '{suffix or path.name}'")
    too_large = _too_large(st.st_size, opts)
    if too_large:
        return _record(doc_id, "", path=rel, encoding=None, status=too_large, note=note)
    try:
        with open(path, "rb") as fh:
            data = fh.read() if opts.max_bytes is None else fh.read(opts.max_bytes + 1)
    except OSError as exc:
        return _record(doc_id, "", path=rel, encoding=None, note=note,
                       status=f"skipped: unreadable file ({exc.strerror or exc})")
    too_large = _too_large(len(data), opts)  # the file grew after stat()
    if too_large:
        return _record(doc_id, "", path=rel, encoding=None, status=too_large, note=note)
    text, enc = decode_bytes(data, opts.encoding)
    if text is None:
        return _record(doc_id, "", path=rel, encoding=enc, note=note,
                       status="skipped: binary file (not text)")
    text = _normalise_newlines(text)
    meta: dict[str, Any] = {}
    if suffix in HTML_SUFFIXES and opts.html != "raw":
        text, meta, html_note = _extract_html(text)
        note = "; ".join(n for n in (note, html_note) if n) or None
        text = _normalise_newlines(text)
        if not text.strip():
            return _record(doc_id, "", path=rel, encoding=enc, note=note, status=(
                "skipped: no article text found in the HTML page"), **meta)
    return _record(doc_id, text, path=rel, encoding=enc, note=note, **meta)


def _read_metadata(directory: Path) -> dict[str, tuple[int, dict[str, Any]]]:
    """Read ``metadata.csv`` beside text files: a key column plus metadata columns.

    Returns document key -> (CSV row number, metadata fields)."""
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
    out: dict[str, tuple[int, dict[str, Any]]] = {}
    for i, row in meta.iterrows():
        k = str(row[key]).strip()
        k = k.rsplit(".", 1)[0] if Path(k).suffix.lower() in (
            TEXT_SUFFIXES | HTML_SUFFIXES) else k
        if not k:
            raise InputError(f"row {i + 2} has an empty {key!r}; name the document or "
                             "remove the row", str(mpath))
        if k in out:
            raise InputError(f"row {i + 2} repeats the document {k!r}; list each document "
                             "once", str(mpath))
        out[k] = (i + 2, {f: (row[f] or None) for f in META_FIELDS if f in meta.columns})
    return out


def _inside(target: str, root: str) -> bool:
    return target == root or target.startswith(root.rstrip(os.sep) + os.sep)


def _walk(directory: Path) -> list[tuple[str, str | None, str | None, bool]]:
    """List a folder recursively without following links to folders.

    Returns sorted (relative posix path, absolute path to read or None, skip status or
    None, is a file name) entries: one per file, per link to a folder and per
    unreadable subfolder."""
    root = os.fspath(directory)
    real_root = os.path.realpath(root)
    entries: list[tuple[str, str | None, str | None, bool]] = []

    def rel_of(full: str) -> str:
        return Path(os.path.relpath(full, root)).as_posix()

    def onerror(exc: OSError) -> None:
        where = exc.filename or root
        if os.path.abspath(where) == os.path.abspath(root):
            raise InputError(f"cannot list the folder ({exc.strerror or exc}); check its "
                             "permissions", root)
        entries.append((rel_of(where), None, (
            f"skipped: unreadable folder ({exc.strerror or exc}); the files in it are "
            "not listed - fix its permissions to include them"), False))

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror, followlinks=False):
        for d in dirnames:
            full = os.path.join(dirpath, d)
            if os.path.islink(full):
                entries.append((rel_of(full), None,
                                "skipped: symbolic link to a folder (not followed)", False))
        for f in filenames:
            full = os.path.join(dirpath, f)
            rel = rel_of(full)
            if os.path.islink(full):
                target = os.path.realpath(full)
                if not os.path.exists(target):
                    entries.append((rel, None, "skipped: broken symbolic link", True))
                elif not _inside(target, real_root):
                    entries.append((rel, None,
                                    "skipped: symbolic link outside the source folder", True))
                elif os.path.isdir(target):
                    entries.append((rel, None,
                                    "skipped: symbolic link to a folder (not followed)", False))
                else:
                    entries.append((rel, full, None, True))
            else:
                entries.append((rel, full, None, True))
    entries.sort(key=lambda e: e[0])
    return entries


def iter_directory(directory: Path, opts: LoadOptions) -> Iterator[dict[str, Any]]:
    """Yield one record per file below ``directory`` (sorted, recursive).

    Links to folders and unreadable subfolders get one skipped record each; a
    ``metadata.csv`` row naming no file gets a skipped record after the files."""
    meta = _read_metadata(directory)
    used: set[str] = set()
    seen: dict[str, str] = {}
    unreadable = False
    for raw_rel, full, skip, is_file in _walk(directory):
        if raw_rel == METADATA_FILE:
            continue
        rel, renamed = _shown(raw_rel)
        note = ("file name is not valid UTF-8: its bytes are shown as \\xNN in doc_id and "
                "path" if renamed else None)
        suffix = Path(rel).suffix if is_file else ""
        doc_id = rel.rsplit(".", 1)[0] if suffix else rel
        if doc_id in seen:
            raise InputError(
                f"two files map to the document id {doc_id!r} ({seen[doc_id]} and {rel}); "
                "rename one of them", str(directory))
        seen[doc_id] = rel
        if skip is not None:
            unreadable |= skip.startswith("skipped: unreadable folder")
            rec = _record(doc_id, "", path=rel, encoding=None, status=skip, note=note)
        else:
            assert full is not None
            rec = _read_file(Path(full), doc_id, rel, opts, note=note)
        name = Path(rel).name
        key = doc_id if doc_id in meta else name if name in meta else None
        if key is not None:
            used.add(key)
            for k, v in meta[key][1].items():
                if v is not None:
                    rec[k] = str(v).strip() or None
        yield rec
    missing = sorted(k for k in meta if k not in used)
    if missing:
        log.warning("%s lists %d document(s) with no file (%s); they are listed in "
                    "documents as skipped", directory / METADATA_FILE, len(missing),
                    ", ".join(missing[:5]) + (", ..." if len(missing) > 5 else ""))
    for k in missing:
        row, fields = meta[k]
        why = " (or it is in a folder that could not be read)" if unreadable else ""
        yield _record(k, "", path=METADATA_FILE, encoding=None, status=(
            f"skipped: listed in metadata.csv (row {row}) but no such file{why}"),
            **fields)
