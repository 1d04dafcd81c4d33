"""The :class:`Analysis` result object: every table of a run, saved and loaded as files."""

from __future__ import annotations

import ctypes
import errno
import json
import os
import shutil
import socket
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import pandas as pd

from . import schema
from .errors import InputError

#: Tables whose list-valued columns are stored as JSON strings in CSV files.
_LIST_COLUMNS = {"topics": ["top_terms"]}
_MANIFEST = "analysis.json"


class Analysis:
    """The result of :func:`analytics.analyze`: one tidy DataFrame per table.

    Each table of :data:`analytics.schema.TABLES` is an attribute named like the
    table (``analysis.sentences``, ``analysis.mentions``...). Tables a run did not
    compute are empty DataFrames with the documented columns.

    Parameters
    ----------
    tables : dict of str to DataFrame
        The tables computed by the pipeline.
    options : dict, optional
        The options the analysis ran with (recorded for reproducibility).
    extras : dict, optional
        Non-tabular results (for example the fitted topic model), not saved.
    """

    def __init__(self, tables: dict[str, pd.DataFrame], options: dict[str, Any] | None = None,
                 extras: dict[str, Any] | None = None) -> None:
        self.tables: dict[str, pd.DataFrame] = {}
        for name in schema.TABLES:
            df = tables.get(name)
            self.tables[name] = _tidy(schema.empty(name) if df is None else df)
        for name, df in tables.items():
            if name not in self.tables:
                self.tables[name] = _tidy(df)
        self.options: dict[str, Any] = dict(options or {})
        self.extras: dict[str, Any] = dict(extras or {})

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(f"{type(self).__name__!s} has no table or attribute {name!r}")

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(self.tables))

    def __repr__(self) -> str:
        docs = self.tables["documents"]
        n_ok = int((docs["status"] == "ok").sum()) if len(docs) else 0
        rows = ", ".join(f"{k}={len(v)}" for k, v in self.tables.items() if len(v))
        return f"<Analysis: {n_ok}/{len(docs)} documents analysed; tables: {rows}>"

    # ------------------------------------------------------------------ persistence
    def save(self, directory: str | os.PathLike, *, formats: tuple[str, ...] = ("csv", "parquet"),
             source: Any = None, force: bool = False) -> Path:
        """Write every table as ``<name>.csv`` (UTF-8, header) and ``<name>.parquet``.

        The write is atomic: tables go to a temporary folder beside ``directory``
        that replaces it only when every file is written, so an interrupted run
        leaves the previous tables intact. Only a folder that is new, empty or
        written by analytics before is replaced (see :func:`check_output_dir`). In
        CSV files, text cells that a spreadsheet would run as a formula get a
        leading apostrophe (see :func:`neutralise_formulas`); Parquet keeps the
        exact text.

        Parameters
        ----------
        directory : path
            Output folder (created, or replaced as a whole).
        formats : tuple of str
            Any of ``"csv"`` and ``"parquet"``.
        source : path, optional
            The input the tables came from: ``directory`` may not be it, be inside
            it or contain it.
        force : bool, default False
            Replace ``directory`` even when it holds files analytics did not write
            (never the source, the current folder, the home folder or ``/``).

        Returns
        -------
        pathlib.Path
            The folder written.

        Raises
        ------
        InputError
            If ``directory`` may not be replaced, or cannot be written (no
            permission, disk full).
        """
        stage = OutputFolder(directory, kind="analysis", source=source, force=force)
        tmp = stage.path
        try:
            with output_errors(stage.out):
                for name, df in self.tables.items():
                    if "csv" in formats:
                        _to_csv(name, df, tmp / f"{name}.csv")
                    if "parquet" in formats:
                        df.to_parquet(tmp / f"{name}.parquet", index=False)
                manifest = {"tables": list(self.tables), "options": _jsonable(self.options)}
                (tmp / _MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True),
                                             encoding="utf-8")
        except BaseException:
            stage.abort()
            raise
        return stage.commit()

    @classmethod
    def load(cls, directory: str | os.PathLike, *, lazy: bool = False) -> "Analysis":
        """Read tables written by :meth:`save` or by ``analyze(..., out=DIR)``.

        Parquet is preferred (a ``<name>.parquet`` file, or a folder of
        ``part-*.parquet`` files), CSV otherwise. Reading CSV removes the apostrophe
        :meth:`save` put before formula-like cells, so the text is the original.

        Parameters
        ----------
        directory : path
            A folder written by :meth:`save`.
        lazy : bool, default False
            Read each table only when it is first used (for corpora whose tables do
            not all fit in memory at once).

        Returns
        -------
        Analysis
        """
        d = Path(directory)
        if not d.is_dir():
            raise InputError("no saved analysis here (expected a folder written by "
                             "Analysis.save or `analytics analyze --out`)", str(d))
        options: dict[str, Any] = {}
        names: list[str] = list(schema.TABLES)
        if (d / _MANIFEST).is_file():
            manifest = json.loads((d / _MANIFEST).read_text(encoding="utf-8"))
            options = manifest.get("options", {})
            names = manifest.get("tables", names)
        found = [n for n in names
                 if (d / f"{n}.parquet").exists() or (d / f"{n}.csv").is_file()]
        if lazy:
            obj = cls.__new__(cls)
            obj.tables = LazyTables(d, found)
            obj.options = dict(options)
            obj.extras = {}
            return obj
        return cls({name: read_table(d, name) for name in found}, options)

    # ------------------------------------------------------------------ drill-down
    def table(self, name: str) -> pd.DataFrame:
        """Return the table ``name`` (same as the attribute)."""
        return self.tables[name]

    def sentences_with(self, actor: str, other: str | None = None) -> pd.DataFrame:
        """Sentences mentioning ``actor`` (and ``other``, when given), with their documents.

        See :func:`analytics.drilldown.sentences_with`.
        """
        from .drilldown import sentences_with

        return sentences_with(self, actor, other)

    def stance_evidence_for(self, actor: str, issue: str | None = None) -> pd.DataFrame:
        """Every piece of evidence behind ``actor``'s stance (on ``issue``).

        See :func:`analytics.drilldown.stance_evidence_for`.
        """
        from .drilldown import stance_evidence_for

        return stance_evidence_for(self, actor, issue)

    def topic_paragraphs(self, topic: Any) -> pd.DataFrame:
        """The paragraphs assigned to ``topic`` (id or label), strongest first.

        See :func:`analytics.drilldown.topic_paragraphs`.
        """
        from .drilldown import topic_paragraphs

        return topic_paragraphs(self, topic)

    def kwic(self, keyword: str, width: int = 60, **kwargs: Any) -> pd.DataFrame:
        """Keyword in context: every occurrence of ``keyword`` with ``width`` characters
        either side. See :func:`analytics.drilldown.kwic`.
        """
        from .drilldown import kwic

        return kwic(self, keyword, width, **kwargs)


def _tidy(df: pd.DataFrame) -> pd.DataFrame:
    """Give text columns pandas' string dtype (missing = NaN) and a RangeIndex.

    Tables then compare equal after a save/load round trip through CSV or Parquet.
    """
    df = df.reset_index(drop=True)
    for col in df.columns:
        s = df[col]
        if s.dtype == object:
            vals = s.dropna()
            if len(vals) == 0 or all(isinstance(v, str) for v in vals):
                df[col] = s.astype("str")
    return df


def read_table(directory: Path, name: str) -> pd.DataFrame:
    """Read one saved table: ``<name>.parquet`` (file or folder of parts) or CSV."""
    pq, cs = directory / f"{name}.parquet", directory / f"{name}.csv"
    if pq.is_dir():
        parts = sorted(pq.glob("part-*.parquet"))
        frames = [pd.read_parquet(p) for p in parts]
        df = (pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
              ) if frames else schema.empty(name)
    elif pq.is_file():
        df = pd.read_parquet(pq)
    else:
        return _tidy(_from_csv(name, cs))
    for col in _LIST_COLUMNS.get(name, []):
        if col in df.columns:
            df[col] = df[col].map(lambda v: list(v) if v is not None else [])
    return _tidy(df)


class LazyTables(dict):
    """A ``name -> DataFrame`` mapping that reads each saved table on first use."""

    def __init__(self, directory: Path, names: list[str]) -> None:
        super().__init__()
        self._dir = directory
        self._names = list(names) + [n for n in schema.TABLES if n not in names]

    def __missing__(self, name: str) -> pd.DataFrame:
        if name not in self._names:
            raise KeyError(name)
        present = (self._dir / f"{name}.parquet").exists() or (
            self._dir / f"{name}.csv").is_file()
        df = read_table(self._dir, name) if present else schema.empty(name)
        self[name] = df
        return df

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self):
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def keys(self):  # type: ignore[override]
        return list(self._names)

    def items(self):  # type: ignore[override]
        return [(n, self[n]) for n in self._names]

    def values(self):  # type: ignore[override]
        return [self[n] for n in self._names]

    def get(self, name, default=None):  # type: ignore[override]
        return self[name] if name in self._names else default


class TableWriter:
    """Write tables chunk by chunk into a new folder that replaces ``out`` at the end.

    Each table becomes ``<name>.parquet/part-NNNNN.parquet`` plus one ``<name>.csv``
    appended part by part, so a corpus larger than memory can be written as it is
    analysed. :meth:`commit` swaps the folder in atomically; :meth:`abort` removes it.

    Parameters
    ----------
    out : path
        The output folder; checked with :func:`check_output_dir` before anything
        is written.
    source : path, optional
        The input being analysed (``out`` may not be it, be inside it or contain it).
    force : bool, default False
        Replace ``out`` even when it holds files analytics did not write.
    """

    def __init__(self, out: str | os.PathLike, *, source: Any = None,
                 force: bool = False) -> None:
        self._stage = OutputFolder(out, kind="analysis", source=source, force=force)
        self.out = self._stage.out
        self.tmp = self._stage.path
        self.parts: dict[str, int] = {}

    def write(self, name: str, df: pd.DataFrame) -> None:
        """Append ``df`` as the next part of table ``name`` (empty frames are skipped)."""
        if len(df) == 0:
            return
        df = _tidy(df)
        for col in df.columns:  # all-missing text columns: keep a string schema
            if df[col].dtype == object and df[col].isna().all():
                df[col] = df[col].astype("str")
        i = self.parts.get(name, 0)
        self.parts[name] = i + 1
        with output_errors(self.out):
            folder = self.tmp / f"{name}.parquet"
            folder.mkdir(exist_ok=True)
            df.to_parquet(folder / f"part-{i:05d}.parquet", index=False)
            _csv_frame(name, df).to_csv(self.tmp / f"{name}.csv", mode="a", header=(i == 0),
                                        index=False, encoding="utf-8", lineterminator="\n")

    def commit(self, options: dict[str, Any]) -> Path:
        """Write empty tables for those never written, the manifest, and swap in."""
        with output_errors(self.out):
            for name in schema.TABLES:
                if name not in self.parts:
                    empty = schema.empty(name)
                    empty.to_csv(self.tmp / f"{name}.csv", index=False, encoding="utf-8")
                    empty.to_parquet(self.tmp / f"{name}.parquet", index=False)
            manifest = {"tables": list(schema.TABLES), "options": _jsonable(options)}
            (self.tmp / _MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True),
                                              encoding="utf-8")
        return self._stage.commit()

    def abort(self) -> None:
        """Remove the partial folder; ``out`` is left as it was."""
        self._stage.abort()


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, (str, int, float, bool)) or obj is None:
        return obj
    return str(obj)


# ---------------------------------------------------------------------- CSV cells
#: A text cell starting like this is run as a formula by spreadsheets. Cells that are
#: apostrophes followed by such a character are escaped too, so that reading the CSV
#: back can remove exactly the one apostrophe that was added.
_FORMULA = r"'*[=+\-@\t\r]"
_ESCAPED = r"'+[=+\-@\t\r]"


def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """Return ``df`` with a ``'`` put before text cells a spreadsheet would run.

    Text cells starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
    (after any apostrophes) get one more leading apostrophe; numbers and other cells
    are unchanged. :func:`restore_formulas` undoes it exactly.

    Parameters
    ----------
    df : DataFrame

    Returns
    -------
    DataFrame
        A copy when anything changed, else ``df`` itself.
    """
    out = df
    for col in df.columns:
        s = df[col]
        if not (s.dtype == object or pd.api.types.is_string_dtype(s)):
            continue
        if not len(s):
            continue
        try:
            mask = s.str.match(_FORMULA, na=False)
        except AttributeError:  # no text in this column
            continue
        if not mask.any():
            continue
        if out is df:
            out = df.copy()
        out[col] = s.where(~mask, "'" + s.astype("str"))
    return out


def restore_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """Undo :func:`neutralise_formulas`: drop the added apostrophe of escaped cells."""
    out = df
    for col in df.columns:
        s = df[col]
        if not (s.dtype == object or pd.api.types.is_string_dtype(s)):
            continue
        if not len(s):
            continue
        try:
            mask = s.str.match(_ESCAPED, na=False)
        except AttributeError:  # no text in this column
            continue
        if not mask.any():
            continue
        if out is df:
            out = df.copy()
        out[col] = s.where(~mask, s.astype("str").str[1:])
    return out


def _csv_frame(name: str, df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in _LIST_COLUMNS.get(name, []):
        if col in out.columns:
            out[col] = out[col].map(lambda v: json.dumps(list(v), ensure_ascii=False))
    return neutralise_formulas(out)


def _to_csv(name: str, df: pd.DataFrame, path: Path) -> None:
    _csv_frame(name, df).to_csv(path, index=False, encoding="utf-8", lineterminator="\n")


def _from_csv(name: str, path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, encoding="utf-8", keep_default_na=False, na_values=[""])
    df = restore_formulas(df)
    for col in _LIST_COLUMNS.get(name, []):
        if col in df.columns:
            df[col] = df[col].map(lambda v: json.loads(v) if isinstance(v, str) else [])
    return df


def _default_mode(path: Path) -> None:
    """Give a ``mkdtemp`` folder (mode 0700) the permissions of a normal new folder."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o777 & ~umask)


# ---------------------------------------------------------------------- output folders
#: The file that marks a folder as written by analytics (JSON: kind, version...).
MARKER = ".analytics-output"
#: Files that do not make a folder "not empty" (kept when the folder is replaced).
_IGNORED = frozenset({".gitkeep", ".DS_Store"})
_KEPT = (".gitkeep",)
_REPORT_ENTRIES = frozenset({"index.html", "report.json", "tables", "figures", "notebooks"})
_OUTPUT_ERRNOS = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT,
                  errno.EFBIG, errno.ENAMETOOLONG, errno.ENOTDIR, errno.EEXIST,
                  errno.ENOTEMPTY, errno.EISDIR}


def _version() -> str:
    from . import __version__

    return __version__


def _real(path: str | os.PathLike) -> Path:
    return Path(os.path.realpath(os.path.expanduser(os.fspath(path))))


def _at_or_below(path: Path, top: Path) -> bool:
    """True if ``path`` is ``top`` or inside it (both resolved)."""
    return path == top or top in path.parents


def _listing(entries: list[os.DirEntry], limit: int = 5) -> str:
    names = sorted(e.name + ("/" if e.is_dir(follow_symlinks=False) else "") for e in entries)
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def read_marker(folder: str | os.PathLike) -> dict[str, Any] | None:
    """The contents of ``folder``'s marker file, or None if it has no valid one."""
    p = Path(folder) / MARKER
    try:
        if p.is_symlink() or not p.is_file() or p.stat().st_size > 65536:
            return None
        info = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return info if isinstance(info, dict) and isinstance(info.get("kind"), str) else None


def write_marker(folder: str | os.PathLike, *, kind: str, target: str,
                 complete: bool = False) -> None:
    """Mark ``folder`` as written by analytics (``kind``: "analysis", "report"...).

    The marker records the process and host that wrote the folder, so leftovers of
    killed runs can be told from folders other runs are still writing.
    """
    info = {"kind": kind, "version": _version(), "target": target, "pid": os.getpid(),
            "host": socket.gethostname(), "created": time.time(), "complete": complete}
    (Path(folder) / MARKER).write_text(json.dumps(info, indent=1, sort_keys=True),
                                       encoding="utf-8")


def _legacy_output(folder: Path, names: set[str]) -> bool:
    """Outputs written before folders were marked: exactly the files analytics writes."""
    tables = set(schema.TABLES)
    if "analysis.json" in names:
        allowed = {_MANIFEST} | {f"{t}.{ext}" for t in tables for ext in ("csv", "parquet")}
        if names <= allowed:
            try:
                manifest = json.loads((folder / _MANIFEST).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return False
            return isinstance(manifest, dict) and isinstance(manifest.get("tables"), list)
    if {"index.html", "report.json"} <= names:
        return all(n in _REPORT_ENTRIES or n.endswith(".html") for n in names)
    return False


def check_output_dir(out: str | os.PathLike, source: Any = None, force: bool = False) -> Path:
    """Check that ``out`` may be (re)placed by an output folder; return it resolved.

    A folder may be replaced when it does not exist, is empty (a ``.gitkeep`` does
    not count) or carries the marker analytics puts in every folder it writes;
    ``force`` allows any other folder. Never allowed, even with ``force``: an
    existing file, the input ``source``, a folder inside the source or containing
    it, the current folder or one containing it, the home folder or one containing
    it, and ``/``.

    Parameters
    ----------
    out : path
        The output folder asked for.
    source : path, optional
        The input being analysed (DataFrames and other non-path inputs are ignored).
    force : bool, default False
        Allow replacing a non-empty folder that analytics did not write.

    Returns
    -------
    pathlib.Path
        ``out`` with symbolic links and ``..`` resolved.

    Raises
    ------
    InputError
        Naming the folder, what was found, and what to do.
    """
    given = os.fspath(out)
    if not given:
        raise InputError("the output folder is empty: give a folder name such as 'results'")
    path = _real(given)
    if isinstance(source, (str, os.PathLike)) and os.fspath(source):
        src = _real(source)
        if _at_or_below(path, src):
            where = "is" if path == src else "is inside"
            raise InputError(f"the output folder {where} the input {src}; writing there "
                             "would replace your articles. Choose an output folder outside "
                             "the input (--force does not change this)", given)
        if _at_or_below(src, path):
            raise InputError(f"the output folder contains the input {src}; replacing it "
                             "would delete your articles. Choose an output folder outside "
                             "the input (--force does not change this)", given)
    protected = [("the current folder", _real(os.getcwd()))]
    try:
        protected.append(("your home folder", _real(Path.home())))
    except (RuntimeError, KeyError):  # no home folder known
        pass
    for what, p in protected:
        if _at_or_below(p, path):
            how = "is" if p == path else "contains"
            raise InputError(f"the output folder {how} {what} ({p}); it would be replaced "
                             "as a whole. Name a new subfolder instead, for example "
                             "--out results (--force does not change this)", given)
    if path == path.parent:
        raise InputError("the output folder is the root folder '/'; name a new subfolder "
                         "instead (--force does not change this)", given)
    if os.path.lexists(path) and not path.is_dir():
        raise InputError(f"{path} is a file, not a folder; it was left untouched. Choose "
                         "a folder name for the output", given)
    up = path.parent
    while not os.path.lexists(up) and up != up.parent:
        up = up.parent
    if not up.is_dir():
        raise InputError(f"cannot create the output folder: {up} is a file, not a folder. "
                         "Choose another output folder", given)
    if not os.access(up, os.W_OK | os.X_OK):
        raise InputError(f"cannot write in {up}: permission denied. Choose an output folder "
                         "in a place you can write to", given)
    if path.is_dir():
        try:
            entries = [e for e in os.scandir(path) if e.name not in _IGNORED]
        except OSError as exc:
            raise InputError(f"cannot read the output folder ({exc.strerror}); choose "
                             "another output folder", given) from exc
        if entries and read_marker(path) is None and not force and not _legacy_output(
                path, {e.name for e in entries}):
            raise InputError(
                f"the output folder is not empty and was not written by analytics (it "
                f"holds {_listing(entries)}); nothing was changed. Choose a new or empty "
                "folder, or pass --force (force=True in Python) to replace it and delete "
                "what it holds", given)
    return path


def output_error(exc: OSError, out: str | os.PathLike) -> InputError | None:
    """The :class:`InputError` for an OS error writing an output folder, or None.

    No permission, a read-only or full disk, a quota or a name too long are problems
    of the place chosen for the output, not bugs: the message names the file and
    says what to do. Other errors give None (they may be bugs).
    """
    if exc.errno not in _OUTPUT_ERRNOS:
        return None
    where = exc.filename or out
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        what = ("the disk is full (or over quota); free some space or choose an output "
                "folder on another disk")
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        what = "permission denied; choose an output folder in a place you can write to"
    else:
        what = f"{exc.strerror}; choose another output folder"
    return InputError(f"cannot write the output: {what}. Nothing was replaced", str(where))


@contextmanager
def output_errors(out: str | os.PathLike) -> Iterator[None]:
    """Raise :func:`output_error`'s InputError for OS errors in the ``with`` block."""
    try:
        yield
    except OSError as exc:
        err = output_error(exc, out)
        if err is None:
            raise
        raise err from exc


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True


def _abandoned(info: dict[str, Any]) -> bool:
    """True if the process that wrote a marked folder is gone (same host only)."""
    pid = info.get("pid")
    return (info.get("host") == socket.gethostname() and isinstance(pid, int) and pid > 0
            and not _pid_alive(pid))


def remove_owned(folder: str | os.PathLike) -> None:
    """Delete a folder analytics wrote, its marker last (so an interrupted removal is
    still recognised and finished by the next run)."""
    folder = Path(folder)
    if folder.is_symlink() or not folder.is_dir():
        return
    for child in os.scandir(folder):
        if child.name == MARKER:
            continue
        if child.is_dir(follow_symlinks=False):
            shutil.rmtree(child.path, ignore_errors=True)
        else:
            try:
                os.unlink(child.path)
            except OSError:
                pass
    shutil.rmtree(folder, ignore_errors=True)


def clean_leftovers(out: str | os.PathLike) -> list[Path]:
    """Tidy what killed runs left beside the output folder ``out``.

    Hidden ``.<name>.*`` folders carrying the marker of a run whose process has
    ended are removed, except that when ``out`` itself is missing (a run killed in
    the middle of replacing it) the newest complete one is renamed back to ``out``
    first. Folders of runs still in progress, and anything unmarked, are left alone.

    Returns
    -------
    list of pathlib.Path
        The folders removed.
    """
    out = Path(out)
    prefix = f".{out.name}."
    try:
        siblings = [e for e in os.scandir(out.parent) if e.name.startswith(prefix)
                    and e.is_dir(follow_symlinks=False)]
    except OSError:
        return []
    stale: list[tuple[Path, dict[str, Any]]] = []
    for e in siblings:
        info = read_marker(e.path)
        if info is not None and info.get("target") == out.name and _abandoned(info):
            stale.append((Path(e.path), info))
    if not os.path.lexists(out):
        complete = [(p, i) for p, i in stale if i.get("complete")]
        olds = [(Path(e.path), {"created": e.stat(follow_symlinks=False).st_mtime})
                for e in siblings if e.name.startswith(prefix + "old.")
                and read_marker(e.path) is None]
        for p, info in sorted(complete or olds, key=lambda pi: -float(pi[1].get("created") or 0)):
            try:
                os.rename(p, out)
            except OSError:
                continue
            stale = [(q, i) for q, i in stale if q != p]
            break
    removed = []
    for p, _ in stale:
        remove_owned(p)
        removed.append(p)
    return removed


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with Linux ``renameat2(RENAME_EXCHANGE)``.

    Returns False where the call is not available (other systems, old kernels or C
    libraries, file systems without support); raises OSError for other failures.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), os.fspath(b))


def replace_dir(new: Path, target: Path) -> None:
    """Atomically put folder ``new`` in place of ``target`` (same parent folder).

    On Linux the two folders are exchanged in one step (``renameat2`` with
    ``RENAME_EXCHANGE``), so ``target`` always names a whole folder; the old one,
    now at ``new``'s name, is then removed. Elsewhere the old folder is renamed
    aside first and put back if the second rename fails; a run killed between the
    two renames is repaired by :func:`clean_leftovers` on the next run. A
    ``.gitkeep`` in the old folder is kept.
    """
    new, target = Path(new), Path(target)
    if not os.path.lexists(target):
        os.replace(new, target)
        return
    for name in _KEPT:
        if (target / name).is_file() and not (new / name).exists():
            shutil.copy2(target / name, new / name)
    if _exchange(new, target):
        remove_owned(new)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
    old.rmdir()
    os.replace(target, old)
    try:
        os.replace(new, target)
    except BaseException:
        os.replace(old, target)
        raise
    remove_owned(old)


class OutputFolder:
    """A new output folder, built hidden beside ``out`` and swapped in by :meth:`commit`.

    Creating one checks ``out`` (:func:`check_output_dir`), creates its parent,
    tidies leftovers of killed runs (:func:`clean_leftovers`) and makes the hidden
    marked folder :attr:`path` to write into.

    Parameters
    ----------
    out : path
        The output folder.
    kind : str
        What is written ("analysis", "report"), recorded in the marker.
    source : path, optional
        The input: ``out`` may not be it, be inside it or contain it.
    force : bool, default False
        Replace ``out`` even when it holds files analytics did not write.
    prefix : str, default "building-"
        Part of the hidden folder's name after ``.<out name>.``.

    Raises
    ------
    InputError
        If ``out`` may not be replaced or its parent cannot be written.
    """

    def __init__(self, out: str | os.PathLike, *, kind: str, source: Any = None,
                 force: bool = False, prefix: str = "building-") -> None:
        self.out = check_output_dir(out, source, force)
        self.kind, self.source, self.force = kind, source, force
        with output_errors(self.out):
            self.out.parent.mkdir(parents=True, exist_ok=True)
            clean_leftovers(self.out)
            self.path = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.{prefix}",
                                              dir=self.out.parent))
        try:
            with output_errors(self.out):
                _default_mode(self.path)
                write_marker(self.path, kind=kind, target=self.out.name)
        except BaseException:
            shutil.rmtree(self.path, ignore_errors=True)
            raise

    def commit(self) -> Path:
        """Swap the built folder in place of ``out``; returns ``out``.

        ``out`` is checked again first (it may have changed while the folder was
        built); on any failure the built folder is removed and ``out`` left as it was.
        """
        try:
            with output_errors(self.out):
                check_output_dir(self.out, self.source, self.force)
                write_marker(self.path, kind=self.kind, target=self.out.name, complete=True)
                replace_dir(self.path, self.out)
        except BaseException:
            self.abort()
            raise
        return self.out

    def abort(self) -> None:
        """Remove the built folder; ``out`` is left as it was."""
        shutil.rmtree(self.path, ignore_errors=True)
