"""The :class:`Analysis` result object: every table of a run, saved and loaded as files."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from . import schema

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
    def save(self, directory: str | os.PathLike, *, formats: tuple[str, ...] = ("csv", "parquet")
             ) -> Path:
        """Write every table as ``<name>.csv`` (UTF-8, header) and ``<name>.parquet``.

        The write is atomic: tables go to a temporary folder beside ``directory``
        that replaces it only when every file is written, so an interrupted run
        leaves the previous tables intact.

        Parameters
        ----------
        directory : path
            Output folder (created, or replaced as a whole).
        formats : tuple of str
            Any of ``"csv"`` and ``"parquet"``.

        Returns
        -------
        pathlib.Path
            The folder written.
        """
        out = Path(directory)
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
        _default_mode(tmp)
        try:
            for name, df in self.tables.items():
                if "csv" in formats:
                    _to_csv(name, df, tmp / f"{name}.csv")
                if "parquet" in formats:
                    df.to_parquet(tmp / f"{name}.parquet", index=False)
            manifest = {"tables": list(self.tables), "options": _jsonable(self.options)}
            (tmp / _MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True),
                                         encoding="utf-8")
            replace_dir(tmp, out)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return out

    @classmethod
    def load(cls, directory: str | os.PathLike, *, lazy: bool = False) -> "Analysis":
        """Read tables written by :meth:`save` or by ``analyze(..., out=DIR)``.

        Parquet is preferred (a ``<name>.parquet`` file, or a folder of
        ``part-*.parquet`` files), CSV otherwise.

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
            from .errors import InputError

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
    """

    def __init__(self, out: str | os.PathLike) -> None:
        self.out = Path(out)
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.", dir=self.out.parent))
        _default_mode(self.tmp)
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
        folder = self.tmp / f"{name}.parquet"
        folder.mkdir(exist_ok=True)
        df.to_parquet(folder / f"part-{i:05d}.parquet", index=False)
        csv_df = df.copy()
        for col in _LIST_COLUMNS.get(name, []):
            if col in csv_df.columns:
                csv_df[col] = csv_df[col].map(lambda v: json.dumps(list(v), ensure_ascii=False))
        csv_df.to_csv(self.tmp / f"{name}.csv", mode="a", header=(i == 0), index=False,
                      encoding="utf-8", lineterminator="\n")

    def commit(self, options: dict[str, Any]) -> Path:
        """Write empty tables for those never written, the manifest, and swap in."""
        for name in schema.TABLES:
            if name not in self.parts:
                empty = schema.empty(name)
                empty.to_csv(self.tmp / f"{name}.csv", index=False, encoding="utf-8")
                empty.to_parquet(self.tmp / f"{name}.parquet", index=False)
        manifest = {"tables": list(schema.TABLES), "options": _jsonable(options)}
        (self.tmp / _MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True),
                                          encoding="utf-8")
        replace_dir(self.tmp, self.out)
        return self.out

    def abort(self) -> None:
        """Remove the partial folder; ``out`` is left as it was."""
        shutil.rmtree(self.tmp, ignore_errors=True)


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, (str, int, float, bool)) or obj is None:
        return obj
    return str(obj)


def _to_csv(name: str, df: pd.DataFrame, path: Path) -> None:
    out = df.copy()
    for col in _LIST_COLUMNS.get(name, []):
        if col in out.columns:
            out[col] = out[col].map(lambda v: json.dumps(list(v), ensure_ascii=False))
    out.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")


def _from_csv(name: str, path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, encoding="utf-8", keep_default_na=False, na_values=[""])
    for col in _LIST_COLUMNS.get(name, []):
        if col in df.columns:
            df[col] = df[col].map(lambda v: json.loads(v) if isinstance(v, str) else [])
    return df


def _default_mode(path: Path) -> None:
    """Give a ``mkdtemp`` folder (mode 0700) the permissions of a normal new folder."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o777 & ~umask)


def replace_dir(new: Path, target: Path) -> None:
    """Atomically put folder ``new`` in place of ``target`` (same parent folder).

    The old folder is renamed aside first and removed only after the new one is in
    place, so at every moment either the old or the new folder exists whole.
    """
    target = Path(target)
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
        old.rmdir()
        os.replace(target, old)
        try:
            os.replace(new, target)
        except BaseException:
            os.replace(old, target)
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(new, target)
