"""Saving and loading the tables of an analysis: CSV and Parquet files in one folder.

A saved analysis is a folder holding ``<table>.csv`` and ``<table>.parquet`` for every
table (a Parquet table written chunk by chunk is a folder of ``part-*.parquet``
files) and the manifest ``analysis.json`` (table names and the options of the run).
Folders are written aside and swapped in atomically (:mod:`analytics.safe.fs`); CSV
cells a spreadsheet would run are escaped (:mod:`analytics.safe.csv`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterable, Mapping

import pandas as pd

from .. import schema
from ..options import jsonable
from ..safe.csv import neutralise_formulas, restore_formulas
from ..safe.fs import OutputFolder
from ..safe.outdir import MANIFEST, output_errors

__all__ = ["LazyTables", "TableWriter", "read_saved", "read_table", "tidy", "write_tables"]

#: Tables whose list-valued columns are stored as JSON strings in CSV files.
_LIST_COLUMNS = {"topics": ["top_terms", "term_weights"],
                 "topic_themes": ["top_terms", "term_weights"]}


def tidy(df: pd.DataFrame) -> pd.DataFrame:
    """Give text columns pandas' string dtype (missing = NaN) and a RangeIndex.

    Object columns holding only strings (or nothing) become Arrow-backed strings:
    less memory, and the dtype a table has after a save/load round trip through
    CSV or Parquet, so tables compare equal before and after.

    Parameters
    ----------
    df : pandas.DataFrame

    Returns
    -------
    pandas.DataFrame
        ``df`` with a fresh RangeIndex and its text columns converted.
    """
    df = df.reset_index(drop=True)
    for col in df.columns:
        s = df[col]
        if s.dtype == object:
            vals = s.dropna()
            if len(vals) == 0 or all(isinstance(v, str) for v in vals):
                df[col] = s.astype("str")
    return df


# ------------------------------------------------------------------------------ reading
def read_table(directory: Path, name: str) -> pd.DataFrame:
    """Read one saved table: ``<name>.parquet`` (file or folder of parts) or CSV.

    Reading CSV removes the apostrophe :func:`write_tables` put before formula-like
    cells, so the text is the original.
    """
    pq, cs = directory / f"{name}.parquet", directory / f"{name}.csv"
    if pq.is_dir():
        parts = sorted(pq.glob("part-*.parquet"))
        frames = [pd.read_parquet(p) for p in parts]
        df = (pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
              ) if frames else schema.empty(name)
    elif pq.is_file():
        df = pd.read_parquet(pq)
    else:
        return tidy(_from_csv(name, cs))
    for col in _LIST_COLUMNS.get(name, []):
        if col in df.columns:
            df[col] = df[col].map(lambda v: [x.item() if hasattr(x, "item") else x for x in v]
                                  if v is not None else [])
    return tidy(df)


def _saved(directory: Path, name: str) -> bool:
    return (directory / f"{name}.parquet").exists() or (directory / f"{name}.csv").is_file()


class LazyTables(dict):
    """A ``name -> DataFrame`` mapping that reads each saved table on first use."""

    def __init__(self, directory: Path, names: list[str]) -> None:
        super().__init__()
        self._dir = directory
        self._names = list(names) + [n for n in schema.TABLES if n not in names]

    def __missing__(self, name: str) -> pd.DataFrame:
        if name not in self._names:
            raise KeyError(name)
        df = read_table(self._dir, name) if _saved(self._dir, name) else schema.empty(name)
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


def read_saved(directory: str | os.PathLike, *, lazy: bool = False
               ) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """The tables and options of a folder written by :func:`write_tables` or
    :class:`TableWriter`.

    Parameters
    ----------
    directory : path
        The saved folder.
    lazy : bool, default False
        Return a :class:`LazyTables` that reads each table on first use.

    Returns
    -------
    tables : dict of str to DataFrame
    options : dict
        The options recorded in the manifest (empty without one).

    Raises
    ------
    InputError
        If ``directory`` is not a folder.
    """
    from ..errors import InputError

    d = Path(directory)
    if not d.is_dir():
        raise InputError("no saved analysis here (expected a folder written by "
                         "Analysis.save or `analytics analyze --out`)", str(d))
    options: dict[str, Any] = {}
    names: list[str] = list(schema.TABLES)
    if (d / MANIFEST).is_file():
        manifest = json.loads((d / MANIFEST).read_text(encoding="utf-8"))
        options = manifest.get("options", {})
        names = manifest.get("tables", names)
    found = [n for n in names if _saved(d, n)]
    if lazy:
        return LazyTables(d, found), dict(options)
    return {name: read_table(d, name) for name in found}, dict(options)


# ------------------------------------------------------------------------------ writing
def write_tables(tables: Mapping[str, pd.DataFrame], directory: str | os.PathLike, *,
                 options: Mapping[str, Any] | None = None,
                 formats: tuple[str, ...] = ("csv", "parquet"), source: Any = None,
                 force: bool = False) -> Path:
    """Write ``tables`` into a new folder that atomically replaces ``directory``.

    See :meth:`analytics.Analysis.save` for the parameters.

    Returns
    -------
    pathlib.Path
        The folder written.
    """
    stage = OutputFolder(directory, kind="analysis", source=source, force=force)
    tmp = stage.path
    try:
        with output_errors(stage.out):
            for name, df in tables.items():
                if "csv" in formats:
                    _csv_frame(name, df).to_csv(tmp / f"{name}.csv", index=False,
                                                encoding="utf-8", lineterminator="\n")
                if "parquet" in formats:
                    df.to_parquet(tmp / f"{name}.parquet", index=False)
            _write_manifest(tmp, list(tables), options)
    except BaseException:
        stage.abort()
        raise
    return stage.commit()


class TableWriter:
    """Write tables chunk by chunk into a new folder that replaces ``out`` at the end.

    Each table becomes ``<name>.parquet/part-NNNNN.parquet`` plus one ``<name>.csv``
    appended part by part, so a corpus larger than memory can be written as it is
    analysed. :meth:`commit` swaps the folder in atomically; :meth:`abort` removes it.

    Parameters
    ----------
    out : path
        The output folder; checked with :func:`analytics.safe.check_output_dir`
        before anything is written.
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
        df = tidy(df)
        i = self.parts.get(name, 0)
        self.parts[name] = i + 1
        with output_errors(self.out):
            folder = self.tmp / f"{name}.parquet"
            folder.mkdir(exist_ok=True)
            df.to_parquet(folder / f"part-{i:05d}.parquet", index=False)
            _csv_frame(name, df).to_csv(self.tmp / f"{name}.csv", mode="a", header=(i == 0),
                                        index=False, encoding="utf-8", lineterminator="\n")

    def commit(self, options: Mapping[str, Any]) -> Path:
        """Write empty tables for those never written, the manifest, and swap in."""
        with output_errors(self.out):
            for name in schema.TABLES:
                if name not in self.parts:
                    empty = schema.empty(name)
                    empty.to_csv(self.tmp / f"{name}.csv", index=False, encoding="utf-8")
                    empty.to_parquet(self.tmp / f"{name}.parquet", index=False)
            _write_manifest(self.tmp, list(schema.TABLES), options)
        return self._stage.commit()

    def abort(self) -> None:
        """Remove the partial folder; ``out`` is left as it was."""
        self._stage.abort()


def _write_manifest(folder: Path, names: Iterable[str], options: Mapping[str, Any] | None
                    ) -> None:
    manifest = {"tables": list(names), "options": jsonable(dict(options or {}))}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True),
                                   encoding="utf-8")


# ------------------------------------------------------------------------------ CSV
def _csv_frame(name: str, df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in _LIST_COLUMNS.get(name, []):
        if col in out.columns:
            out[col] = out[col].map(lambda v: json.dumps(list(v), ensure_ascii=False))
    return neutralise_formulas(out)


def _from_csv(name: str, path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, encoding="utf-8", keep_default_na=False, na_values=[""])
    df = restore_formulas(df)
    for col in _LIST_COLUMNS.get(name, []):
        if col in df.columns:
            df[col] = df[col].map(lambda v: json.loads(v) if isinstance(v, str) else [])
    return df
