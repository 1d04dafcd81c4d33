"""One consistent, colour-blind-safe matplotlib style for every chart.

Every chart function in :mod:`analytics.plotting` calls :func:`new_figure` (or uses
:data:`PALETTE` / :data:`DIVERGING`) so that notebooks and reports look alike.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import matplotlib

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


def caption(fig, text: str) -> None:
    """Add a small caption under a figure (what is shown, and how it was computed)."""
    fig.text(0.01, -0.02, text, ha="left", va="top", fontsize=8, color="#444444", wrap=True)
