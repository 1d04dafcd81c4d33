"""One consistent, colour-blind-safe matplotlib style for every chart.

Every chart function in :mod:`analytics.plotting` draws inside :func:`style`, gets
its figure from :func:`figure_for` and uses :data:`PALETTE` / :data:`DIVERGING` /
:data:`SEQUENTIAL`, so that notebooks and reports look alike; a chart without data
says so with :func:`no_data`; heat maps lay their table out with :func:`cell_grid`.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

import matplotlib
import numpy as np

matplotlib.use("Agg", force=False)
import matplotlib.pyplot as plt  # noqa: E402

#: Okabe-Ito qualitative palette (safe for the common colour-vision deficiencies).
PALETTE: list[str] = [
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7",
    "#56B4E9", "#F0E442", "#000000",
]
#: Diverging colormap for signed values (tone, stance): blue = positive/support,
#: orange-red = negative/oppose; readable with red-green colour blindness.
DIVERGING: str = "RdBu"
#: Sequential colormap for counts and weights.
SEQUENTIAL: str = "cividis"

RC: dict = {
    "figure.dpi": 100,
    "savefig.dpi": 110,
    "savefig.bbox": "tight",
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
    "legend.frameon": False,
    # labels come from article text and names: never parse "$...$" as maths
    "text.parse_math": False,
}


@contextmanager
def style() -> Iterator[None]:
    """Context manager applying the package style to the charts drawn inside it."""
    with plt.rc_context(RC):
        yield


def new_figure(width: float = 7.0, height: float = 4.0):
    """Create a styled figure and axes.

    Parameters
    ----------
    width, height : float
        Size in inches.

    Returns
    -------
    (matplotlib.figure.Figure, matplotlib.axes.Axes)
    """
    with plt.rc_context(RC):
        fig, ax = plt.subplots(figsize=(width, height))
    return fig, ax


def figure_for(ax: Any, width: float, height: float) -> tuple[Any, Any]:
    """The figure and axes to draw on: ``ax`` and its figure, else a new styled figure.

    Parameters
    ----------
    ax : matplotlib.axes.Axes or None
        Axes given by the caller.
    width, height : float
        Size in inches of the new figure (ignored when ``ax`` is given).

    Returns
    -------
    (matplotlib.figure.Figure, matplotlib.axes.Axes)
    """
    if ax is None:
        return new_figure(width, height)
    return ax.figure, ax


def no_data(ax: Any, message: str, title: str | None = None) -> Any:
    """Turn ``ax`` into a "nothing to show" panel: ``message`` centred, no axes.

    Returns
    -------
    matplotlib.figure.Figure
        The axes' figure, so a chart can ``return no_data(ax, ...)``.
    """
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes,
            color="#666666")
    ax.set_axis_off()
    if title is not None:
        ax.set_title(title)
    return ax.figure


def cell_grid(table: Any, rows: list, cols: list, *, row: str, col: str, value: str,
              count: str) -> tuple[np.ndarray, np.ndarray]:
    """A tidy table laid out as a ``rows`` x ``cols`` grid, for heat maps.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per cell (other rows are ignored).
    rows, cols : list
        The grid's row and column keys, in drawing order.
    row, col : str
        Columns of ``table`` holding the row and column keys.
    value, count : str
        Columns of ``table`` holding each cell's value and count.

    Returns
    -------
    (values, counts) : numpy.ndarray
        Floats (NaN where ``table`` has no row) and integers (0 there).
    """
    r_idx = {r: i for i, r in enumerate(rows)}
    c_idx = {c: j for j, c in enumerate(cols)}
    values = np.full((len(rows), len(cols)), np.nan)
    counts = np.zeros((len(rows), len(cols)), dtype=int)
    for r, c, v, n in zip(table[row], table[col], table[value], table[count]):
        if r in r_idx and c in c_idx:
            values[r_idx[r], c_idx[c]] = float(v)
            counts[r_idx[r], c_idx[c]] = int(n)
    return values, counts


def caption(fig, text: str) -> None:
    """Add a small caption under a figure (what is shown, and how it was computed)."""
    fig.text(0.01, -0.02, text, ha="left", va="top", fontsize=8, color="#444444", wrap=True)
