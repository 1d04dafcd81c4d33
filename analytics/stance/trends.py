"""Stance over time and by outlet.

The stance table (:func:`~analytics.stance.table.stance_table`: the same counted
evidence, shrinkage and threshold) computed separately for each period of the
documents' dates and for each outlet. The period is a day when the dated documents span
at most 31 days, a month up to three years, else a year (as for ``topic_trends``).
Evidence from documents without a readable date (or without an outlet) is left out of
that table, with a :class:`StanceWarning` saying how many pieces.
"""

from __future__ import annotations

import warnings

import pandas as pd

from ..corpus.dates import parse_dates, period_labels
from ..errors import InputError
from ..schema import conform, empty
from .table import counted, stance_table

__all__ = ["StanceWarning", "stance_outlets", "stance_trends"]


class StanceWarning(UserWarning):
    """Evidence left out of a stance table (no date or no outlet)."""


def _check(evidence: pd.DataFrame, documents: pd.DataFrame, column: str) -> None:
    for name, df, cols in (("stance_evidence", evidence, ("actor", "issue", "doc_id",
                                                          "score", "label", "text")),
                           ("documents", documents, ("doc_id", column))):
        if not isinstance(df, pd.DataFrame):
            raise InputError(f"the {name} table must be a DataFrame, not "
                             f"{type(df).__name__}", name)
        missing = [c for c in cols if c not in df.columns]
        if missing:
            raise InputError(f"the {name} table lacks the columns {missing}: pass the "
                             f"{name} table of an analysis", name)


def _by(evidence: pd.DataFrame, key: pd.Series, name: str, table: str,
        **extra: str) -> pd.DataFrame:
    ev = evidence.assign(**{name: key.to_numpy()})
    parts = []
    for value, g in ev.groupby(name, sort=True):
        st = stance_table(g)
        if not len(st):
            continue
        docs = g.groupby(["actor", "issue"])["doc_id"].nunique().rename("n_documents")
        st = st.merge(docs.reset_index(), on=["actor", "issue"], how="left")
        st.insert(0, name, value)
        for k, v in extra.items():
            st.insert(1, k, v)
        parts.append(st)
    if not parts:
        return empty(table)
    out = pd.concat(parts, ignore_index=True)
    return conform(table, out.drop(columns=["evidence", "n_neutral"]))


def _counted(evidence: pd.DataFrame) -> pd.DataFrame:
    return evidence[counted(evidence)] if len(evidence) else evidence


def stance_trends(evidence: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Each actor's stance on each issue per period of the documents' dates.

    Parameters
    ----------
    evidence : pandas.DataFrame
        The ``stance_evidence`` table.
    documents : pandas.DataFrame
        The ``documents`` table (``doc_id``, ``date``).

    Returns
    -------
    pandas.DataFrame
        Table ``stance_trends`` (``analytics.schema.DERIVED_TABLES``): period,
        period_kind ("day", "month" or "year"), actor, issue, stance, score,
        n_evidence, n_support, n_oppose, n_documents; sorted by period, actor, issue.
        Empty when no counted evidence has a dated document.

    Raises
    ------
    analytics.errors.InputError
        When a table lacks its columns.
    """
    _check(evidence, documents, "date")
    ev = _counted(evidence)
    if not len(ev):
        return empty("stance_trends")
    docs = documents.drop_duplicates("doc_id").set_index(documents.drop_duplicates("doc_id")
                                                         ["doc_id"].astype(str))
    dates = parse_dates(docs["date"])
    d = dates.reindex(ev["doc_id"].astype(str)).to_numpy()
    ok = pd.notna(d)
    if (~ok).any():
        warnings.warn(f"{int((~ok).sum())} of {len(ev)} piece(s) of stance evidence come from "
                      "documents without a readable date: they are left out of "
                      "stance_trends", StanceWarning, stacklevel=2)
    ev = ev[ok]
    if not len(ev):
        return empty("stance_trends")
    when = pd.Series(pd.to_datetime(d[ok], utc=True), index=ev.index)
    labels, kind = period_labels(when)
    return _by(ev, labels, "period", "stance_trends", period_kind=kind)


def stance_outlets(evidence: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Each actor's stance on each issue per outlet.

    Parameters
    ----------
    evidence : pandas.DataFrame
        The ``stance_evidence`` table.
    documents : pandas.DataFrame
        The ``documents`` table (``doc_id``, ``outlet``).

    Returns
    -------
    pandas.DataFrame
        Table ``stance_outlets`` (``analytics.schema.DERIVED_TABLES``): outlet, actor,
        issue, stance, score, n_evidence, n_support, n_oppose, n_documents; sorted by
        outlet, actor, issue. Empty when no counted evidence has an outlet.

    Raises
    ------
    analytics.errors.InputError
        When a table lacks its columns.
    """
    _check(evidence, documents, "outlet")
    ev = _counted(evidence)
    if not len(ev):
        return empty("stance_outlets")
    docs = documents.drop_duplicates("doc_id")
    outlet = pd.Series(docs["outlet"].to_numpy(), index=docs["doc_id"].astype(str))
    o = outlet.reindex(ev["doc_id"].astype(str))
    ok = (o.notna() & (o.astype(str).str.strip() != "")).to_numpy()
    if (~ok).any():
        warnings.warn(f"{int((~ok).sum())} of {len(ev)} piece(s) of stance evidence come from "
                      "documents without an outlet: they are left out of stance_outlets",
                      StanceWarning, stacklevel=2)
    ev = ev[ok]
    if not len(ev):
        return empty("stance_outlets")
    return _by(ev, o[ok].astype(str).str.strip(), "outlet", "stance_outlets")
