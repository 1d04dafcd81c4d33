"""The :class:`Analysis` result object: every table of a run, by name."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd

from .. import schema
from .store import read_saved, tidy, write_tables

__all__ = ["Analysis", "table"]


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
            self.tables[name] = tidy(schema.empty(name) if df is None else df)
        for name, df in tables.items():
            if name not in self.tables:
                self.tables[name] = tidy(df)
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
        written by analytics before is replaced (see
        :func:`analytics.safe.check_output_dir`). In CSV files, text cells that a
        spreadsheet would run as a formula get a leading apostrophe (see
        :func:`analytics.safe.csv.neutralise_formulas`); Parquet keeps the exact text.

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
        return write_tables(self.tables, directory, options=self.options, formats=formats,
                            source=source, force=force)

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
        tables, options = read_saved(directory, lazy=lazy)
        if lazy:
            obj = cls.__new__(cls)
            obj.tables = tables
            obj.options = options
            obj.extras = {}
            return obj
        return cls(tables, options)

    # ------------------------------------------------------------------ drill-down
    def table(self, name: str) -> pd.DataFrame:
        """Return the table ``name`` (same as the attribute)."""
        return self.tables[name]

    def sentences_with(self, actor: str, other: str | None = None) -> pd.DataFrame:
        """Sentences mentioning ``actor`` (and ``other``, when given), with their documents.

        See :func:`analytics.results.drilldown.sentences_with`.
        """
        from .drilldown import sentences_with

        return sentences_with(self, actor, other)

    def stance_evidence_for(self, actor: str, issue: str | None = None) -> pd.DataFrame:
        """Every piece of evidence behind ``actor``'s stance (on ``issue``).

        See :func:`analytics.results.drilldown.stance_evidence_for`.
        """
        from .drilldown import stance_evidence_for

        return stance_evidence_for(self, actor, issue)

    def claims(self) -> pd.DataFrame:
        """What each actor supports or opposes, without an issue list.

        See :func:`analytics.results.drilldown.claims`.
        """
        from .drilldown import claims

        return claims(self)

    def concepts(self) -> dict[str, pd.DataFrame]:
        """The claims grouped into concepts, and the actor x concept network
        (``concepts``, ``concept_network``, ``claim_concepts``).

        See :func:`analytics.results.drilldown.concepts`; write the network with
        :func:`analytics.stance.write_concept_network`.
        """
        from .drilldown import concepts

        return concepts(self)

    def topic_paragraphs(self, topic: Any) -> pd.DataFrame:
        """The paragraphs assigned to ``topic`` (id or label), strongest first.

        See :func:`analytics.results.drilldown.topic_paragraphs`.
        """
        from .drilldown import topic_paragraphs

        return topic_paragraphs(self, topic)

    def kwic(self, keyword: str, width: int = 60, **kwargs: Any) -> pd.DataFrame:
        """Keyword in context: every occurrence of ``keyword`` with ``width`` characters
        either side. See :func:`analytics.results.drilldown.kwic`.
        """
        from .drilldown import kwic

        return kwic(self, keyword, width, **kwargs)


def table(analysis: Any, name: str) -> pd.DataFrame:
    """Return table ``name`` of ``analysis`` (attribute or ``tables`` entry), or empty.

    Parameters
    ----------
    analysis : Analysis or dict
        An Analysis, anything with a ``tables`` dict, or a dict of DataFrames.
    name : str
        One of :data:`analytics.schema.TABLES`.

    Returns
    -------
    pandas.DataFrame
        The table, or an empty one with the documented columns when it is missing.
    """
    df = None
    tables = getattr(analysis, "tables", None)
    if isinstance(tables, dict) and name in tables:
        df = tables[name]
    elif isinstance(analysis, dict) and name in analysis:
        df = analysis[name]
    elif hasattr(analysis, name):
        df = getattr(analysis, name)
    if not isinstance(df, pd.DataFrame):
        return schema.empty(name)
    return df
