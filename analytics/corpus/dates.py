"""The documents' dates, read one way everywhere.

Every table and chart that groups documents by date (tone, topics and stance over time,
the timeline, the person pages, the corpus summary) reads the ``date`` column through
:func:`parse_dates`, so they agree on which documents are dated, and groups them by the
same periods (:func:`period_kind`, :func:`period_labels`).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = ["PERIOD_FORMATS", "parse_dates", "period_kind", "period_labels"]

#: strftime format of each period kind's labels ("2024-03" for a month).
PERIOD_FORMATS = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}


def parse_dates(values: Any) -> pd.Series:
    """Dates as UTC timestamps; NaT where a value is missing or unreadable.

    Parameters
    ----------
    values : pandas.Series or array-like
        The ``date`` values (strings in any common format, dates, timestamps).

    Returns
    -------
    pandas.Series
        ``datetime64[ns, UTC]``, same index as ``values`` when it is a Series. Each
        value is read on its own (a corpus may mix "2016-03-01" and "March 2, 2016").
    """
    s = values if isinstance(values, pd.Series) else pd.Series(values)
    if s.empty:
        return pd.Series(pd.to_datetime(s, utc=True), index=s.index)
    text = s.astype("string")
    return pd.to_datetime(text, errors="coerce", utc=True, format="mixed")


def period_kind(dates: pd.Series) -> str:
    """The grain for grouping dated documents: ``day`` for a span of at most 31 days,
    ``month`` up to three years, else ``year``.

    Parameters
    ----------
    dates : pandas.Series
        Timestamps without missing values.

    Returns
    -------
    str
    """
    span = (dates.max() - dates.min()).days
    return "day" if span <= 31 else ("month" if span <= 3 * 366 else "year")


def period_labels(dates: pd.Series) -> tuple[pd.Series, str]:
    """Each timestamp's period label at the grain of :func:`period_kind`.

    Parameters
    ----------
    dates : pandas.Series
        Timestamps without missing values.

    Returns
    -------
    (pandas.Series, str)
        Labels ("2016-03") and the period kind.
    """
    kind = period_kind(dates)
    return dates.dt.strftime(PERIOD_FORMATS[kind]), kind
