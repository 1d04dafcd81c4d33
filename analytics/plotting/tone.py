"""Tone charts: mean tone per leader with intervals, score distributions, leader x document."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.colors import TwoSlopeNorm

from .style import DIVERGING, PALETTE, cell_grid, figure_for, no_data, style

__all__ = ["tone_by_leader", "tone_distribution", "tone_by_document"]

_GREY = "#9a9a9a"


def tone_by_leader(leaders: pd.DataFrame, ax=None, *, max_actors: int = 25,
                   title: str = "Tone toward each leader"):
    """Dot-and-whisker chart: mean tone per leader with its bootstrap interval.

    Leaders flagged ``low_evidence`` are drawn in grey with hollow markers and an
    asterisk after their name (too few mentions or documents to read the mean).

    Parameters
    ----------
    leaders : pandas.DataFrame
        Table ``leaders`` (:func:`analytics.sentiment.leader_summary`).
    ax : matplotlib.axes.Axes, optional
    max_actors : int
        At most this many leaders (those with most mentions).
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    df = leaders if leaders is not None else pd.DataFrame()
    if len(df):
        df = df.sort_values(["mentions", "actor"], ascending=[False, True], kind="mergesort")
        df = df.head(max_actors).iloc[::-1]  # most mentioned on top
    n = max(len(df), 1)
    fig, ax = figure_for(ax, 7.0, max(2.5, 0.38 * n + 1.5))
    with style():
        if not len(df):
            return no_data(ax, "no leader mentions", title)
        y = np.arange(len(df))
        mean = df["tone_mean"].astype(float).to_numpy()
        lo = df["tone_ci_low"].astype(float).to_numpy()
        hi = df["tone_ci_high"].astype(float).to_numpy()
        low = df["low_evidence"].fillna(False).astype(bool).to_numpy() \
            if "low_evidence" in df else np.zeros(len(df), bool)
        ax.axvline(0.0, color="#444444", lw=0.8, ls="--", zorder=0)
        for i in range(len(df)):
            col = _GREY if low[i] else (PALETTE[0] if mean[i] >= 0 else PALETTE[3])
            if np.isfinite(lo[i]) and np.isfinite(hi[i]):
                ax.plot([lo[i], hi[i]], [y[i], y[i]], color=col, lw=2.0, solid_capstyle="round")
            ax.plot([mean[i]], [y[i]], "o", ms=7, markeredgecolor=col, markeredgewidth=1.5,
                    markerfacecolor="white" if low[i] else col, zorder=3)
        names = [f"{a} ({int(m)})" + (" *" if lw else "")
                 for a, m, lw in zip(df["actor"], df["mentions"], low)]
        ax.set_yticks(y)
        ax.set_yticklabels(names)
        for lab, lw in zip(ax.get_yticklabels(), low):
            if lw:
                lab.set_color(_GREY)
        ax.set_xlim(-1.05, 1.05)
        ax.set_xlabel("mean tone (-1 negative ... +1 positive), 95% interval")
        ax.set_title(title)
        if low.any():
            ax.text(1.0, -0.12 if len(df) > 3 else -0.25,
                    "* grey, hollow: low evidence (few mentions or documents)",
                    transform=ax.transAxes, ha="right", va="top", fontsize=8, color="#555555")
        fig.tight_layout()
    return fig


def tone_distribution(tone: pd.DataFrame, ax=None, *, max_actors: int = 5, bins: int = 11,
                      min_mentions: int = 10, title: str = "Distribution of tone scores"):
    """Histogram of mention tone scores, overall and for the most mentioned leaders.

    Parameters
    ----------
    tone : pandas.DataFrame
        Table ``tone`` (one row per mention; ``score`` in [-1, 1]).
    ax : matplotlib.axes.Axes, optional
    max_actors : int
        Leaders drawn as separate step lines (the most mentioned ones).
    bins : int
    min_mentions : int
        Leaders with fewer mentions are only part of the grey "all mentions" histogram.
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = figure_for(ax, 7.0, 4.0)
    with style():
        if tone is None or not len(tone):
            return no_data(ax, "no tone scores", title)
        score = pd.to_numeric(tone["score"], errors="coerce")
        edges = np.linspace(-1.0, 1.0, bins + 1)
        ax.hist(score.dropna(), bins=edges, color="#d9d9d9", edgecolor="white",
                label=f"all mentions ({int(score.notna().sum())})", density=True)
        counts = tone["actor"].value_counts()
        top = sorted(counts.index, key=lambda a: (-int(counts[a]), str(a)))[:max_actors]
        for k, actor in enumerate(top):
            s = score[tone["actor"] == actor].dropna()
            if len(s) < max(2, min_mentions):
                continue
            ax.hist(s, bins=edges, histtype="step", lw=1.6, density=True,
                    color=PALETTE[k % len(PALETTE)], label=f"{actor} ({len(s)})")
        ax.axvline(0.0, color="#444444", lw=0.8, ls="--")
        ax.set_xlim(-1.0, 1.0)
        ax.set_xlabel("tone score (P(positive) - P(negative))")
        ax.set_ylabel("density")
        ax.set_title(title)
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        fig.tight_layout()
    return fig


def tone_by_document(leader_documents: pd.DataFrame, ax=None, *, max_actors: int = 20,
                     max_documents: int = 40, title: str = "Tone per leader and document"):
    """Heat map leader x document of the mean tone (diverging palette centred at 0).

    Cells without mentions stay blank; each cell shows its number of mentions when the
    grid is small enough to read.

    Parameters
    ----------
    leader_documents : pandas.DataFrame
        Table ``leader_documents`` (:func:`analytics.sentiment.leader_documents`).
    ax : matplotlib.axes.Axes, optional
    max_actors, max_documents : int
        Most mentioned leaders / documents with most leader mentions shown.
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    df = leader_documents
    if df is None or not len(df):
        fig, ax = figure_for(ax, 6.0, 3.0)
        with style():
            return no_data(ax, "no leader mentions", title)
    tot_a = df.groupby("actor")["mentions"].sum()
    actors = sorted(tot_a.index, key=lambda a: (-int(tot_a[a]), str(a)))[:max_actors]
    sub = df[df["actor"].isin(actors)]
    tot_d = sub.groupby("doc_id")["mentions"].sum()
    docs = sorted(tot_d.index, key=lambda d: (-int(tot_d[d]), str(d)))[:max_documents]
    docs = sorted(docs, key=str)
    val, cnt = cell_grid(sub, actors, docs, row="actor", col="doc_id", value="tone_mean",
                         count="mentions")
    fig, ax = figure_for(ax, max(5.0, 0.35 * len(docs) + 3.0), max(2.5, 0.38 * len(actors) + 1.8))
    with style():
        ax.set_facecolor("#f2f2f2")
        im = ax.imshow(np.ma.masked_invalid(val), cmap=DIVERGING, aspect="auto",
                       norm=TwoSlopeNorm(vmin=-1.0, vcenter=0.0, vmax=1.0))
        if len(actors) * len(docs) <= 400:
            for i in range(len(actors)):
                for j in range(len(docs)):
                    if cnt[i, j]:
                        ax.text(j, i, str(cnt[i, j]), ha="center", va="center", fontsize=7,
                                color="white" if abs(val[i, j]) > 0.6 else "#222222")
        ax.set_yticks(range(len(actors)))
        ax.set_yticklabels(actors)
        ax.set_xticks(range(len(docs)))
        ax.set_xticklabels([str(d) for d in docs], rotation=60, ha="right", fontsize=8)
        ax.set_xlabel("document")
        ax.set_title(title)
        cb = fig.colorbar(im, ax=ax, fraction=0.04, pad=0.02)
        cb.set_label("mean tone")
        fig.tight_layout()
    return fig
