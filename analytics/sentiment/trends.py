"""Tone per leader over time (by the documents' dates) and by outlet.

Both tables read the portrayal rows of table ``tone`` (:func:`tone.portrayal`: a
leader's own accusations and statements are left out) joined to table ``documents``.
Documents without a date (or outlet) are not dropped: they form the group ``""``,
which the charts leave out and say so.
"""

from __future__ import annotations

import pandas as pd

from ..corpus.dates import parse_dates
from .tone import _canonical_order, _labels_as_int, portrayal

__all__ = ["FREQUENCIES", "tone_over_time", "tone_by_outlet"]

#: periods of :func:`tone_over_time`: pandas period codes by name
FREQUENCIES = {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}

_COLS = ["actor", "mentions", "documents", "tone_mean", "share_positive", "share_negative"]


def _joined(tone: pd.DataFrame, documents: pd.DataFrame, column: str) -> pd.DataFrame:
    t = portrayal(tone)
    if t is None or not len(t) or documents is None or column not in documents.columns:
        return pd.DataFrame()
    t = _canonical_order(t)[["actor", "doc_id", "score", "label"]].copy()
    t["score"] = pd.to_numeric(t["score"], errors="coerce")
    t = t[t["score"].notna()]
    d = documents[["doc_id", column]].drop_duplicates("doc_id")
    d = d.assign(doc_id=d["doc_id"].astype(str))
    t = t.assign(doc_id=t["doc_id"].astype(str)).merge(d, on="doc_id", how="left", sort=False)
    lab = _labels_as_int(t["label"])
    t["_pos"] = (lab == 1).astype(float)
    t["_neg"] = (lab == -1).astype(float)
    return t


def _aggregate(t: pd.DataFrame, key: str) -> pd.DataFrame:
    g = t.groupby(["actor", key], sort=True)
    out = g.agg(mentions=("score", "size"), documents=("doc_id", "nunique"),
                tone_mean=("score", "mean"), share_positive=("_pos", "mean"),
                share_negative=("_neg", "mean")).reset_index()
    out["mentions"] = out["mentions"].astype("int64")
    out["documents"] = out["documents"].astype("int64")
    return out[["actor", key] + _COLS[1:]]


def tone_over_time(tone: pd.DataFrame, documents: pd.DataFrame, *,
                   freq: str = "month") -> pd.DataFrame:
    """Mean tone per leader and period of the documents' dates.

    Parameters
    ----------
    tone : DataFrame
        Table ``tone``.
    documents : DataFrame
        Table ``documents`` (``doc_id``, ``date``).
    freq : {"day", "week", "month", "quarter", "year"}
        Length of a period.

    Returns
    -------
    DataFrame
        ``actor, period, mentions, documents, tone_mean, share_positive,
        share_negative``, sorted by actor then period; ``period`` is the period's label
        (``"2024-03"`` for a month) and ``""`` for documents without a readable date.

    Raises
    ------
    analytics.errors.InputError
        For an unknown ``freq``.
    """
    from ..errors import InputError

    if freq not in FREQUENCIES:
        raise InputError(f"unknown period {freq!r}: use one of {', '.join(FREQUENCIES)}")
    cols = ["actor", "period"] + _COLS[1:]
    t = _joined(tone, documents, "date")
    if t.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in cols})
    dates = parse_dates(t["date"])
    period = dates.dt.tz_localize(None).dt.to_period(FREQUENCIES[freq]).astype("string")
    t["period"] = period.fillna("").astype(str)
    return _aggregate(t, "period")[cols].reset_index(drop=True)


def tone_by_outlet(tone: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Mean tone per leader and outlet.

    Parameters
    ----------
    tone : DataFrame
        Table ``tone``.
    documents : DataFrame
        Table ``documents`` (``doc_id``, ``outlet``).

    Returns
    -------
    DataFrame
        ``actor, outlet, mentions, documents, tone_mean, share_positive,
        share_negative``, sorted by actor then outlet; ``outlet`` is ``""`` for
        documents without one.
    """
    cols = ["actor", "outlet"] + _COLS[1:]
    t = _joined(tone, documents, "outlet")
    if t.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in cols})
    t["outlet"] = t["outlet"].astype("string").fillna("").str.strip().astype(str)
    return _aggregate(t, "outlet")[cols].reset_index(drop=True)
