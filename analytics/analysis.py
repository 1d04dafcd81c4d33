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
    def load(cls, directory: str | os.PathLike) -> "Analysis":
        """Read tables written by :meth:`save` (Parquet preferred, CSV otherwise).

        Parameters
        ----------
        directory : path
            A folder written by :meth:`save`.

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
        tables = {}
        for name in names:
            pq, cs = d / f"{name}.parquet", d / f"{name}.csv"
            if pq.is_file():
                df = pd.read_parquet(pq)
                for col in _LIST_COLUMNS.get(name, []):
                    if col in df.columns:
                        df[col] = df[col].map(lambda v: list(v) if v is not None else [])
                tables[name] = df
            elif cs.is_file():
                tables[name] = _from_csv(name, cs)
        return cls(tables, options)

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
