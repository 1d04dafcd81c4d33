"""Tone charts: mean tone per leader with intervals, score distributions, leader x document."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.colors import TwoSlopeNorm

from .style import DIVERGING, PALETTE, cell_grid, figure_for, no_data, style

__all__ = ["tone_by_leader", "tone_distribution", "tone_by_document", "tone_over_time",
           "tone_by_outlet", "relation_network"]

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
        if tone is not None and len(tone) and "role" in tone.columns:
            # a leader's own accusations and statements are not their portrayal
            tone = tone[(tone["role"].astype(str) != "source").to_numpy()]
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


def tone_over_time(trend: pd.DataFrame, ax=None, *, max_actors: int = 6, min_mentions: int = 3,
                   title: str = "Tone toward each leader over time"):
    """Mean tone per period for the most mentioned leaders (one line each).

    Periods with fewer than ``min_mentions`` mentions of a leader are left out of its
    line (too thin to read); documents without a date (period ``""``) are not drawn,
    and the chart says how many mentions that leaves out.

    Parameters
    ----------
    trend : pandas.DataFrame
        :func:`analytics.sentiment.trends.tone_over_time`.
    ax : matplotlib.axes.Axes, optional
    max_actors, min_mentions : int
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = figure_for(ax, 8.0, 4.0)
    with style():
        df = trend if trend is not None else pd.DataFrame()
        if not len(df):
            return no_data(ax, "no tone scores", title)
        undated = int(df.loc[df["period"].astype(str) == "", "mentions"].sum())
        df = df[df["period"].astype(str) != ""]
        if not len(df):
            return no_data(ax, "no dated documents", title)
        periods = sorted(df["period"].astype(str).unique())
        x = {p: i for i, p in enumerate(periods)}
        tot = df.groupby("actor")["mentions"].sum()
        top = sorted(tot.index, key=lambda a: (-int(tot[a]), str(a)))[:max_actors]
        for k, actor in enumerate(top):
            sub = df[(df["actor"] == actor) & (df["mentions"] >= min_mentions)]
            sub = sub.sort_values("period")
            if not len(sub):
                continue
            ax.plot([x[str(p)] for p in sub["period"]], sub["tone_mean"].astype(float), "o-",
                    color=PALETTE[k % len(PALETTE)], lw=1.6, ms=4,
                    label=f"{actor} ({int(tot[actor])})")
        ax.axhline(0.0, color="#444444", lw=0.8, ls="--", zorder=0)
        step = max(1, len(periods) // 12)
        ax.set_xticks(range(0, len(periods), step))
        ax.set_xticklabels(periods[::step], rotation=45, ha="right", fontsize=8)
        ax.set_ylim(-1.05, 1.05)
        ax.set_ylabel("mean tone")
        ax.set_title(title)
        note = f"periods with at least {min_mentions} mentions"
        if undated:
            note += f"; {undated} mentions in undated documents not shown"
        ax.text(1.0, -0.25, note, transform=ax.transAxes, ha="right", va="top", fontsize=8,
                color="#555555")
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        fig.tight_layout()
    return fig


def tone_by_outlet(by_outlet: pd.DataFrame, ax=None, *, max_actors: int = 15,
                   max_outlets: int = 20, title: str = "Tone toward each leader by outlet"):
    """Heat map leader x outlet of the mean tone; each cell shows its mentions.

    Parameters
    ----------
    by_outlet : pandas.DataFrame
        :func:`analytics.sentiment.trends.tone_by_outlet`.
    ax : matplotlib.axes.Axes, optional
    max_actors, max_outlets : int
        The most mentioned leaders and outlets (documents without an outlet are
        the column "(no outlet)").
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    df = by_outlet if by_outlet is not None else pd.DataFrame()
    if not len(df):
        fig, ax = figure_for(ax, 6.0, 3.0)
        with style():
            return no_data(ax, "no tone scores", title)
    df = df.assign(outlet=df["outlet"].astype(str).replace("", "(no outlet)"))
    tot_a = df.groupby("actor")["mentions"].sum()
    actors = sorted(tot_a.index, key=lambda a: (-int(tot_a[a]), str(a)))[:max_actors]
    sub = df[df["actor"].isin(actors)]
    tot_o = sub.groupby("outlet")["mentions"].sum()
    outlets = sorted(tot_o.index, key=lambda o: (-int(tot_o[o]), str(o)))[:max_outlets]
    val, cnt = cell_grid(sub, actors, outlets, row="actor", col="outlet", value="tone_mean",
                         count="mentions")
    fig, ax = figure_for(ax, max(5.0, 0.5 * len(outlets) + 3.0), max(2.5, 0.38 * len(actors) + 1.8))
    with style():
        ax.set_facecolor("#f2f2f2")
        im = ax.imshow(np.ma.masked_invalid(val), cmap=DIVERGING, aspect="auto",
                       norm=TwoSlopeNorm(vmin=-1.0, vcenter=0.0, vmax=1.0))
        for i in range(len(actors)):
            for j in range(len(outlets)):
                if cnt[i, j]:
                    ax.text(j, i, str(cnt[i, j]), ha="center", va="center", fontsize=7,
                            color="white" if abs(val[i, j]) > 0.6 else "#222222")
        ax.set_yticks(range(len(actors)))
        ax.set_yticklabels(actors)
        ax.set_xticks(range(len(outlets)))
        ax.set_xticklabels(outlets, rotation=45, ha="right", fontsize=8)
        ax.set_title(title)
        cb = fig.colorbar(im, ax=ax, fraction=0.04, pad=0.02)
        cb.set_label("mean tone (cell: mentions)")
        fig.tight_layout()
    return fig


def relation_network(relations: pd.DataFrame, ax=None, *, max_actors: int = 30, seed: int = 7,
                     title: str = "Who criticises or praises whom"):
    """The signed directed actor network: arrows from source to target, orange-red for
    criticism, blue for praise, width by the number of articles.

    Parameters
    ----------
    relations : pandas.DataFrame
        Table ``relations`` (:func:`analytics.sentiment.relations.relation_table`).
    ax : matplotlib.axes.Axes, optional
    max_actors : int
        The actors in most relations (by articles).
    seed : int
        Seed of the layout (the same table gives the same picture).
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    import networkx as nx

    fig, ax = figure_for(ax, 7.5, 6.0)
    with style():
        if relations is None or not len(relations):
            return no_data(ax, "no actor criticises or praises another", title)
        rel = relations.copy()
        rel["n_documents"] = pd.to_numeric(rel["n_documents"]).astype(int)
        deg = pd.concat([rel[["source", "n_documents"]].rename(columns={"source": "a"}),
                         rel[["target", "n_documents"]].rename(columns={"target": "a"})])
        deg = deg.groupby("a")["n_documents"].sum()
        keep = sorted(deg.index, key=lambda a: (-int(deg[a]), str(a)))[:max_actors]
        rel = rel[rel["source"].isin(keep) & rel["target"].isin(keep)]
        g = nx.DiGraph()
        g.add_nodes_from(sorted(keep))
        for r in rel.sort_values(["source", "target", "polarity"]).itertuples(index=False):
            g.add_edge(str(r.source), str(r.target), polarity=int(r.polarity),
                       n=int(r.n_documents))
        pos = nx.circular_layout(g) if len(g) <= 3 else nx.spring_layout(
            g.to_undirected(), seed=seed, k=2.0 / np.sqrt(len(g)), iterations=200)
        for (u, v, d) in g.edges(data=True):
            col = PALETTE[0] if d["polarity"] > 0 else PALETTE[3]
            nx.draw_networkx_edges(g, pos, edgelist=[(u, v)], ax=ax, width=1.0 + np.log1p(d["n"]),
                                   edge_color=col, arrows=True, arrowsize=14,
                                   connectionstyle="arc3,rad=0.12", node_size=600)
        nx.draw_networkx_nodes(g, pos, ax=ax, node_size=600, node_color="#eeeeee",
                               edgecolors="#555555")
        nx.draw_networkx_labels(g, pos, ax=ax, font_size=8)
        ax.set_axis_off()
        ax.set_title(title)
        ax.text(0.0, -0.02, "orange-red: criticises; blue: praises; width: articles",
                transform=ax.transAxes, fontsize=8, color="#555555", va="top")
        fig.tight_layout()
    return fig
