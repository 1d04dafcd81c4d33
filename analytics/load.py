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
  :data:`MAX_HTML_DEPTH` levels) is read by removing all tags (scripts and styles
  dropped), with a note.
- A text cell holding a list or mapping (JSONL, JSON, Parquet, DataFrame) is skipped
  (``skipped: text cell is a list, not text``); such values in id or metadata columns
  are written as JSON text.
"""

from __future__ import annotations

import codecs
import html as _html
import json
import logging
import math
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import InputError

log = logging.getLogger(__name__)

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
#: HTML nested deeper than this (counting elements that need an end tag) is read by
#: removing tags: the main-text extractor loses text beyond about 250 levels.
MAX_HTML_DEPTH = 200
_BINARY_SNIFF = 8192
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
    footers, comments and related-link blocks are left out by the extractor. A page
    nested more than :data:`MAX_HTML_DEPTH` levels deep (which the extractor cannot
    read) or one the extractor fails on is read by removing all tags instead.

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
    text, meta, _ = _extract_html(html)
    return text, meta


_HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*>")
# elements without content, and elements whose end tag is optional (browsers close
# them implicitly, so they do not nest in practice)
_HTML_FLAT = frozenset(
    "area base br col embed hr img input link meta param source track wbr "
    "p li td th tr dt dd option optgroup thead tbody tfoot colgroup caption rb rt rp".split())


def html_depth(html: str) -> int:
    """Return the deepest element nesting of a page (a fast estimate from its tags).

    Elements with optional end tags (``p``, ``li``, ``td``...) and empty elements
    (``br``, ``img``...) are not counted.

    Parameters
    ----------
    html : str
        The page's markup.

    Returns
    -------
    int
        The maximum number of open elements at any point.
    """
    depth = deepest = 0
    for m in _HTML_TAG.finditer(html):
        name = m.group(2).lower()
        if name in _HTML_FLAT or m.group(0).endswith("/>"):
            continue
        if m.group(1):
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


class _TagStripper:
    """Plain text of a page by tag removal (no depth limit), one block per line."""

    _SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head"})
    _BLOCK = frozenset(
        "address article aside blockquote br dd div dl dt figcaption figure footer form "
        "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table td th tr ul".split())

    def __init__(self) -> None:
        from html.parser import HTMLParser

        outer = self

        class _P(HTMLParser):
            def handle_starttag(self, tag: str, attrs: Any) -> None:
                outer._start(tag)

            def handle_startendtag(self, tag: str, attrs: Any) -> None:
                if tag in outer._BLOCK:
                    outer.parts.append("\n")

            def handle_endtag(self, tag: str) -> None:
                outer._end(tag)

            def handle_data(self, data: str) -> None:
                outer._data(data)

        self.parser = _P(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip: list[str] = []
        self.in_title = False
        self.title: list[str] = []

    def _start(self, tag: str) -> None:
        if tag == "title":
            self.in_title = True
        elif tag in self._SKIP:
            self.skip.append(tag)
        if tag in self._BLOCK:
            self.parts.append("\n")

    def _end(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif self.skip and tag == self.skip[-1]:
            self.skip.pop()
        if tag in self._BLOCK:
            self.parts.append("\n")

    def _data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.skip:
            self.parts.append(data)

    def run(self, html: str) -> tuple[str, str | None]:
        self.parser.feed(html)
        self.parser.close()
        lines = (" ".join(ln.split()) for ln in "".join(self.parts).split("\n"))
        title = " ".join("".join(self.title).split()) or None
        return "\n".join(ln for ln in lines if ln), title


def strip_tags(html: str) -> tuple[str, str | None]:
    """Return the text of a page with every tag removed, and its ``<title>``.

    Scripts, styles and the page head are dropped; block elements start new lines;
    character references are decoded. Works at any nesting depth.

    Parameters
    ----------
    html : str
        The page's markup.

    Returns
    -------
    (text, title) : tuple
        One block per line; the title or None.
    """
    try:
        return _TagStripper().run(html)
    except Exception:  # the stdlib parser is lenient; this is a last resort
        text = _html.unescape(re.sub(r"<[^>]*>", "\n", html))
        lines = (" ".join(ln.split()) for ln in text.split("\n"))
        return "\n".join(ln for ln in lines if ln), None


def _extract_html(html: str) -> tuple[str, dict[str, Any], str | None]:
    """:func:`extract_html` plus a note when the text came from tag removal."""
    empty_meta: dict[str, Any] = {k: None for k in META_FIELDS}
    depth = html_depth(html)
    if depth > MAX_HTML_DEPTH:
        text, title = strip_tags(html)
        return text, {**empty_meta, "title": title}, (
            f"HTML nested {depth} levels deep, too deep for main-text extraction: text "
            "taken by removing all tags (menus and footers may remain)")
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False,
            favor_precision=False,
        )
    except Exception as exc:  # the extractor's failure must not end the run
        text, title = strip_tags(html)
        return text, {**empty_meta, "title": title}, (
            f"main-text extraction failed ({type(exc).__name__}): text taken by removing "
            "all tags (menus and footers may remain)")
    if doc is None:
        return "", empty_meta, None
    d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    meta = {
        "title": d.get("title") or None,
        "date": d.get("date") or None,
        "outlet": d.get("sitename") or d.get("hostname") or None,
        "url": d.get("url") or None,
    }
    return d.get("text") or "", meta, None


# --------------------------------------------------------------------------- records
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
