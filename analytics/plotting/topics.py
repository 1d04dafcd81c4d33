"""Charts for topic clusters: top terms, prevalence per document, actors x topics.

Every function takes an optional ``ax=`` and returns the matplotlib Figure.
"""

from __future__ import annotations

import math
import textwrap

import numpy as np
import pandas as pd

from . import style as _style


def _topics_df(model_or_topics) -> pd.DataFrame:
    if isinstance(model_or_topics, pd.DataFrame):
        return model_or_topics
    topics = getattr(model_or_topics, "topics_", None)
    if topics is None:
        raise TypeError("expected a fitted TopicModel or a topics DataFrame")
    return topics


def _term_weights(model_or_topics, topic: int, terms: list[str]) -> np.ndarray:
    """Weights of ``terms`` in ``topic`` (from the model), else a rank-based proxy."""
    comp = getattr(model_or_topics, "components_", None)
    names = getattr(model_or_topics, "feature_names_", None)
    if comp is not None and names is not None:
        pos = {str(n): i for i, n in enumerate(names)}
        row = comp[topic]
        w = np.array([row[pos[t]] if t in pos else 0.0 for t in terms], dtype=float)
        if w.max() > 0:
            return w / w.max()
    n = len(terms)
    return np.linspace(1.0, 1.0 / max(n, 1), n) if n else np.zeros(0)


def _short(label: str, width: int = 24) -> str:
    return "\n".join(textwrap.wrap(str(label), width)[:2])


def top_terms(model_or_topics, n_terms: int = 8, ax=None):
    """Small multiples: one horizontal bar chart of top terms per topic.

    Parameters
    ----------
    model_or_topics : TopicModel or DataFrame
        A fitted model or the ``topics`` table (topic, label, top_terms, ...).
        Bar lengths are the terms' weights in the topic (relative to the topic's
        top term) when a model is given, the terms' rank otherwise.
    n_terms : int
    ax : matplotlib Axes, optional
        When given, all topics are drawn in this one axes as grouped bars.

    Returns
    -------
    matplotlib.figure.Figure
    """
    topics = _topics_df(model_or_topics)
    k = len(topics)
    with _style.style():
        if ax is not None:
            fig = ax.figure
            axes = [ax]
        else:
            ncols = min(max(k, 1), 3)
            nrows = max(1, math.ceil(k / ncols))
            fig, grid = _style.plt.subplots(nrows, ncols, figsize=(4.2 * ncols, 0.32 * n_terms * nrows + 1.4 * nrows),
                                            squeeze=False)
            axes = list(grid.ravel())
        if k == 0:
            _style.no_data(axes[0], "no topics")
            fig.suptitle("Top terms per topic")
            return fig
        if ax is not None:
            # one axes: stacked blocks of bars, one block per topic
            y, ticks, labels, colors = 0, [], [], []
            for i, row in enumerate(topics.itertuples()):
                terms = list(row.top_terms)[:n_terms]
                w = _term_weights(model_or_topics, int(row.topic), terms)
                c = _style.PALETTE[i % len(_style.PALETTE)]
                for t, v in zip(terms, w):
                    ax.barh(-y, v, color=c)
                    ticks.append(-y)
                    labels.append(t)
                    y += 1
                y += 1
                colors.append(c)
            ax.set_yticks(ticks, labels, fontsize=8)
            ax.set_xlabel("weight in topic (relative)")
            ax.set_title("Top terms per topic")
            return fig
        for i, row in enumerate(topics.itertuples()):
            a = axes[i]
            terms = list(row.top_terms)[:n_terms]
            w = _term_weights(model_or_topics, int(row.topic), terms)
            ypos = np.arange(len(terms))[::-1]
            a.barh(ypos, w, color=_style.PALETTE[i % len(_style.PALETTE)])
            a.set_yticks(ypos, terms, fontsize=9)
            a.set_xlim(0, 1.05)
            a.set_title(f"Topic {row.topic}: {_short(row.label)}\n(n = {row.size})", fontsize=10,
                        loc="left")
            a.tick_params(axis="x", labelsize=8)
        for a in axes[k:]:
            a.set_axis_off()
        fig.suptitle("Top terms per topic (bar = weight relative to the topic's top term)",
                     fontsize=12, fontweight="bold")
        fig.tight_layout()
    return fig


def topic_prevalence(prevalence_df: pd.DataFrame, ax=None, topics: pd.DataFrame | None = None,
                     max_docs: int = 40):
    """Stacked bars: the topic mixture of each document.

    Parameters
    ----------
    prevalence_df : DataFrame
        The ``topic_prevalence`` table (doc_id, topic, share).
    ax : matplotlib Axes, optional
    topics : DataFrame, optional
        The ``topics`` table, to name the topics in the legend.
    max_docs : int
        At most this many documents are drawn (the first ones).

    Returns
    -------
    matplotlib.figure.Figure
    """
    wide = prevalence_df.pivot_table(index="doc_id", columns="topic", values="share",
                                     aggfunc="sum", sort=False).fillna(0.0)
    if len(wide) > max_docs:
        wide = wide.iloc[:max_docs]
    names = {}
    if topics is not None and len(topics):
        names = {int(t): f"{t}: {_short(l, 30)}" for t, l in zip(topics["topic"], topics["label"])}
    with _style.style():
        fig, ax = _style.figure_for(ax, max(6.0, 0.45 * len(wide) + 3.5), 4.2)
        if wide.empty:
            return _style.no_data(ax, "no topic prevalence")
        x = np.arange(len(wide))
        bottom = np.zeros(len(wide))
        for i, t in enumerate(wide.columns):
            vals = wide[t].to_numpy()
            ax.bar(x, vals, bottom=bottom, color=_style.PALETTE[i % len(_style.PALETTE)],
                   hatch="//" if i >= len(_style.PALETTE) else None,
                   label=names.get(int(t), f"topic {t}"), edgecolor="white", linewidth=0.5)
            bottom += vals
        ax.set_xticks(x, [str(d)[:18] for d in wide.index], rotation=45, ha="right", fontsize=8)
        ax.set_ylim(0, 1)
        ax.set_ylabel("share of document")
        ax.set_title("Topic prevalence per document")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, title="topic")
        fig.tight_layout()
    return fig


def topic_actor_heatmap(topic_actors_df: pd.DataFrame, ax=None, topics: pd.DataFrame | None = None,
                        max_actors: int = 25):
    """Heatmap: for each actor (row), the share of its mentions in each topic.

    Parameters
    ----------
    topic_actors_df : DataFrame
        The ``topic_actors`` table (actor, topic, share, mentions).
    ax : matplotlib Axes, optional
    topics : DataFrame, optional
        The ``topics`` table, to label the columns.
    max_actors : int
        The most mentioned actors are shown.

    Returns
    -------
    matplotlib.figure.Figure
    """
    with _style.style():
        if topic_actors_df is None or len(topic_actors_df) == 0:
            fig, ax = _style.figure_for(ax, 5, 3)
            return _style.no_data(ax, "no actor mentions in topics", "Actors x topics")
        totals = topic_actors_df.groupby("actor")["mentions"].sum().sort_values(ascending=False)
        keep = totals.index[:max_actors]
        wide = topic_actors_df[topic_actors_df["actor"].isin(keep)].pivot_table(
            index="actor", columns="topic", values="share", aggfunc="sum").fillna(0.0)
        if topics is not None and len(topics):
            for t in topics["topic"]:
                if t not in wide.columns:
                    wide[t] = 0.0
            wide = wide[sorted(wide.columns)]
        wide = wide.loc[[a for a in keep if a in wide.index]]
        fig, ax = _style.figure_for(ax, max(5.0, 0.9 * wide.shape[1] + 3),
                                    max(3.0, 0.32 * len(wide) + 1.8))
        im = ax.imshow(wide.to_numpy(), aspect="auto", cmap=_style.SEQUENTIAL, vmin=0, vmax=1)
        names = {}
        if topics is not None and len(topics):
            names = {int(t): _short(l, 18) for t, l in zip(topics["topic"], topics["label"])}
        ax.set_xticks(range(wide.shape[1]),
                      [f"{t}: {names[int(t)]}" if int(t) in names else f"topic {t}" for t in wide.columns],
                      rotation=45, ha="right", fontsize=8)
        ax.set_yticks(range(len(wide)), [f"{a} ({totals[a]})" for a in wide.index], fontsize=8)
        vals = wide.to_numpy()
        for (i, j), v in np.ndenumerate(vals):
            if v >= 0.005:
                ax.text(j, i, f"{v:.0%}", ha="center", va="center", fontsize=7,
                        color="white" if v < 0.6 else "black")
        cb = fig.colorbar(im, ax=ax, fraction=0.04, pad=0.02)
        cb.set_label("share of the actor's mentions")
        ax.set_title("Where each actor is mentioned: share of mentions per topic")
        ax.set_xlabel("topic")
        ax.set_ylabel("actor (mentions)")
        fig.tight_layout()
    return fig
