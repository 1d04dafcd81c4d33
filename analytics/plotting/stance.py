"""Stance chart: an actor x issue matrix of stance scores."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.colors import TwoSlopeNorm

from .style import DIVERGING, caption, cell_grid, figure_for, no_data, style

__all__ = ["stance_matrix"]


def stance_matrix(stance: pd.DataFrame, ax=None, *, issues: list[str] | None = None,
                  actors: list[str] | None = None, labels: dict[str, str] | None = None,
                  max_actors: int = 25, title: str = "Stance by actor and issue"):
    """Draw the ``stance`` table as an actor x issue heat map.

    Colours are diverging and centred at 0 (blue = support, red = oppose, white =
    neutral); each cell shows the number of evidence pieces, and cells without evidence
    stay blank (grey hatching).

    Parameters
    ----------
    stance : pandas.DataFrame
        Table ``stance`` from :func:`analytics.stance.stance_table`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new styled figure otherwise.
    issues, actors : list of str, optional
        Column / row order (and selection). By default issues in alphabetical order and
        the ``max_actors`` actors with most evidence, most evidence first.
    labels : dict, optional
        Issue id -> display label (e.g. from :func:`analytics.stance.load_issues`).
    max_actors : int, default 25
        Cap on the number of rows when ``actors`` is not given.
    title : str
        Axes title.

    Returns
    -------
    matplotlib.figure.Figure
    """
    df = stance if stance is not None else pd.DataFrame(columns=["actor", "issue", "score",
                                                                 "n_evidence"])
    if issues is None:
        issues = sorted(df["issue"].unique().tolist()) if len(df) else []
    if actors is None:
        if len(df):
            tot = df.groupby("actor")["n_evidence"].sum().sort_values(ascending=False, kind="stable")
            order = sorted(tot.index, key=lambda a: (-int(tot[a]), str(a)))
            actors = order[:max_actors]
        else:
            actors = []
    n_rows, n_cols = max(len(actors), 1), max(len(issues), 1)
    fig, ax = figure_for(ax, max(5.0, 1.1 * n_cols + 3.0), max(2.5, 0.42 * n_rows + 1.6))
    with style():
        if not actors or not issues:
            return no_data(ax, "no stance evidence", title)
        score, count = cell_grid(df, actors, issues, row="actor", col="issue", value="score",
                                 count="n_evidence")
        masked = np.ma.masked_invalid(score)
        norm = TwoSlopeNorm(vmin=-1.0, vcenter=0.0, vmax=1.0)
        ax.set_facecolor("#f2f2f2")
        im = ax.imshow(masked, cmap=DIVERGING, norm=norm, aspect="auto")
        for i in range(len(actors)):
            for j in range(len(issues)):
                if np.isnan(score[i, j]):
                    continue
                dark = abs(score[i, j]) > 0.6
                ax.text(j, i, str(count[i, j]), ha="center", va="center", fontsize=8,
                        color="white" if dark else "#222222")
        lab = labels or {}
        ax.set_xticks(range(len(issues)))
        ax.set_xticklabels([lab.get(s, s.replace("_", " ")) for s in issues], rotation=35,
                           ha="right")
        ax.set_yticks(range(len(actors)))
        ax.set_yticklabels(actors)
        ax.set_xticks(np.arange(-0.5, len(issues), 1), minor=True)
        ax.set_yticks(np.arange(-0.5, len(actors), 1), minor=True)
        ax.grid(which="minor", color="white", linewidth=1.5)
        ax.tick_params(which="minor", length=0)
        for side in ("top", "right", "left", "bottom"):
            ax.spines[side].set_visible(False)
        cb = fig.colorbar(im, ax=ax, fraction=0.04, pad=0.02)
        cb.set_label("stance score (oppose < 0 < support)")
        ax.set_title(title)
        try:
            fig.tight_layout()
        except Exception:  # pragma: no cover - layout is cosmetic
            pass
        caption(fig, "Cell colour: mean signed score of the evidence, shrunk toward 0 when "
                     "evidence is scarce; number: pieces of evidence (quotes and reported "
                     "speech). Blank: no evidence.")
    return fig
