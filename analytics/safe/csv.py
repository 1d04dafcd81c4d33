"""CSV cells that spreadsheets would run as formulas: neutralise them, and undo it.

A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run
as a formula when a CSV file is opened in a spreadsheet ("CSV injection"). Tables are
written with such cells escaped by a leading apostrophe (:func:`neutralise_formulas`)
and read back exactly (:func:`restore_formulas`); Parquet keeps the exact text.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["neutralise_formulas", "restore_formulas"]

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
    return _rewrite_matching_cells(df, _FORMULA, lambda s: "'" + s.astype("str"))


def restore_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """Undo :func:`neutralise_formulas`: drop the added apostrophe of escaped cells."""
    return _rewrite_matching_cells(df, _ESCAPED, lambda s: s.astype("str").str[1:])


def _rewrite_matching_cells(df: pd.DataFrame, pattern, rewrite) -> pd.DataFrame:
    """Replace the text cells matching ``pattern`` by ``rewrite(column)``'s values.

    Returns a copy when anything changed, else ``df`` itself.
    """
    out = df
    for col in df.columns:
        s = df[col]
        if not (s.dtype == object or pd.api.types.is_string_dtype(s)):
            continue
        if not len(s):
            continue
        try:
            mask = s.str.match(pattern, na=False)
        except AttributeError:  # no text in this column
            continue
        if not mask.any():
            continue
        if out is df:
            out = df.copy()
        out[col] = s.where(~mask, rewrite(s))
    return out
