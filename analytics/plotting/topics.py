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


def topic_colors(n: int) -> list:
    """``n`` distinct colours: the house palette, then evenly spaced hues beyond it."""
    if n <= len(_style.PALETTE):
        return list(_style.PALETTE[:n])
    import matplotlib.colors as mcolors

    # golden-ratio hue steps with alternating lightness: no two colours repeat
    out = []
    for i in range(n):
        h = (i * 0.6180339887) % 1.0
        s_, v = (0.65, 0.85) if i % 2 == 0 else (0.9, 0.6)
        out.append(mcolors.hsv_to_rgb((h, s_, v)))
    return out


def _term_weights(model_or_topics, topic: int, terms: list[str]) -> np.ndarray:
    """Weights of ``terms`` in ``topic``: their share of the topic's term mass.

    Read from the ``term_weights`` column of the topics table, else from a fitted
    model's ``components_``.
    """
    topics = _topics_df(model_or_topics)
    if "term_weights" in topics.columns:
        row = topics.loc[topics["topic"] == topic, "term_weights"]
        if len(row) and isinstance(row.iloc[0], (list, tuple, np.ndarray)):
            w = np.asarray(list(row.iloc[0])[:len(terms)], dtype=float)
            if len(w) == len(terms):
                return w
    comp = getattr(model_or_topics, "components_", None)
    names = getattr(model_or_topics, "feature_names_", None)
    if comp is not None and names is not None:
        pos = {str(n): i for i, n in enumerate(names)}
        row = np.asarray(comp[topic], dtype=float)
        tot = row.sum()
        return np.array([row[pos[t]] / tot if t in pos and tot > 0 else 0.0 for t in terms])
    raise ValueError("the topics table has no term_weights column and no fitted model was "
                     "given: pass the model, or a topics table from analytics.topics")


def _short(label: str, width: int = 24) -> str:
    """The full label on lines of about ``width`` characters, broken between its terms
    (a continued line starts with the ``/``; no line ends with one)."""
    lines: list[str] = []
    for part in str(label).split(" / "):
        if lines and len(lines[-1]) + 3 + len(part) <= width:
            lines[-1] = f"{lines[-1]} / {part}"
        else:
            lines.append(f"/ {part}" if lines else part)
    return "\n".join(lines)


def top_terms(model_or_topics, n_terms: int = 8, ax=None):
    """Small multiples: one horizontal bar chart of top terms per topic.

    Parameters
    ----------
    model_or_topics : TopicModel or DataFrame
        A fitted model or the ``topics`` table (topic, label, top_terms, ...).
        Bar lengths are the terms' weights in the topic: their share of the topic's
        term mass (``term_weights`` column, or the model's ``components_``).
    n_terms : int
    ax : matplotlib Axes, optional
        When given, all topics are drawn in this one axes as grouped bars.

    Returns
    -------
    matplotlib.figure.Figure
    """
    topics = _topics_df(model_or_topics)
    k = len(topics)
    colors_all = topic_colors(k)
    with _style.style():
        if ax is not None:
            fig = ax.figure
            axes = [ax]
        else:
            ncols = min(max(k, 1), 3)
            nrows = max(1, math.ceil(k / ncols))
            fig, grid = _style.plt.subplots(nrows, ncols, figsize=(4.2 * ncols, 0.32 * n_terms * nrows + 1.8 * nrows),
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
                c = colors_all[i]
                for t, v in zip(terms, w):
                    ax.barh(-y, v, color=c)
                    ticks.append(-y)
                    labels.append(t)
                    y += 1
                y += 1
                colors.append(c)
            ax.set_yticks(ticks, labels, fontsize=8)
            ax.set_xlabel("weight in topic (share of its term mass)")
            ax.set_title("Top terms per topic")
            return fig
        for i, row in enumerate(topics.itertuples()):
            a = axes[i]
            terms = list(row.top_terms)[:n_terms]
            w = _term_weights(model_or_topics, int(row.topic), terms)
            ypos = np.arange(len(terms))[::-1]
            a.barh(ypos, w, color=colors_all[i])
            a.set_yticks(ypos, terms, fontsize=9)
            a.set_xlim(0, max(float(np.max(w)) * 1.1, 1e-6) if len(w) else 1.0)
            a.set_title(f"Topic {row.topic}: {_short(row.label)}\n(n = {row.size})", fontsize=10,
                        loc="left")
            a.tick_params(axis="x", labelsize=8)
        for a in axes[k:]:
            a.set_axis_off()
        fig.suptitle("Top terms per topic (bar = the term's share of the topic's term weight)",
                     fontsize=12, fontweight="bold")
        fig.tight_layout()
    return fig


def topic_prevalence(prevalence_df: pd.DataFrame, ax=None, topics: pd.DataFrame | None = None,
                     max_docs: int = 40, documents: pd.DataFrame | None = None):
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
    documents : DataFrame, optional
        The ``documents`` table: documents are labelled by title (else their opening
        words) instead of their ids.

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
        cols = topic_colors(len(wide.columns))
        for i, t in enumerate(wide.columns):
            vals = wide[t].to_numpy()
            ax.bar(x, vals, bottom=bottom, color=cols[i],
                   label=names.get(int(t), f"topic {t}"), edgecolor="white", linewidth=0.5)
            bottom += vals
        ax.set_xticks(x, _doc_names(list(wide.index), documents), rotation=45, ha="right",
                      fontsize=8)
        ax.set_ylim(0, 1)
        ax.set_ylabel("share of document")
        ax.set_title("Topic prevalence per document")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, title="topic")
        fig.tight_layout()
    return fig


def _doc_names(doc_ids: list, documents: pd.DataFrame | None, words: int = 6) -> list[str]:
    """Readers' names of documents: title (else opening words), shortened; the id only
    when no ``documents`` table is given."""
    if documents is None or not len(documents):
        return [str(d)[:18] for d in doc_ids]
    from analytics.text.format import doc_label
    text = documents["text"] if "text" in documents.columns else [None] * len(documents)
    names = {d: doc_label(t, x, d, words=words) for d, t, x in
             zip(documents["doc_id"], documents["title"], text)}
    out = []
    for d in doc_ids:
        name = " ".join(str(names.get(d, d)).split())
        out.append(name if len(name) <= 32 else name[:31].rstrip() + "\u2026")
    return out


#: Fewest mentions for an actor's row in the topic heat map (its shares would rest
#: on one or two mentions otherwise).
MIN_HEATMAP_MENTIONS = 5


def topic_actor_heatmap(topic_actors_df: pd.DataFrame, ax=None, topics: pd.DataFrame | None = None,
                        max_actors: int = 25, min_mentions: int = MIN_HEATMAP_MENTIONS):
    """Heatmap: for each actor (row), the share of its mentions in each topic.

    Actors with fewer than ``min_mentions`` mentions are left out (a note under the
    chart says how many): a share of one or two mentions would be the brightest
    cell.

    Parameters
    ----------
    topic_actors_df : DataFrame
        The ``topic_actors`` table (actor, topic, share, mentions).
    ax : matplotlib Axes, optional
    topics : DataFrame, optional
        The ``topics`` table, to label the columns.
    max_actors : int
        The most mentioned actors are shown.
    min_mentions : int
        Fewest mentions (over all topics) for an actor to be shown.

    Returns
    -------
    matplotlib.figure.Figure
    """
    with _style.style():
        if topic_actors_df is None or len(topic_actors_df) == 0:
            fig, ax = _style.figure_for(ax, 5, 3)
            return _style.no_data(ax, "no actor mentions in topics", "Actors x topics")
        totals = topic_actors_df.groupby("actor")["mentions"].sum().reset_index()
        totals = totals.sort_values(["mentions", "actor"], ascending=[False, True],
                                    kind="stable").set_index("actor")["mentions"]
        thin = int((totals < min_mentions).sum())
        totals = totals[totals >= min_mentions]
        if not len(totals):
            fig, ax = _style.figure_for(ax, 5, 3)
            return _style.no_data(ax, f"no actor has {min_mentions} or more mentions in "
                                      "topics", "Actors x topics")
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
        if thin:
            _style.caption(fig, f"{thin} actor{'s' if thin != 1 else ''} with fewer than "
                                f"{min_mentions} mentions not shown.")
    return fig


def _shares_chart(table: pd.DataFrame, key: str, topics, ax, title: str, xlabel: str,
                  kind: str):
    """Shares of each topic per ``key`` value: lines over periods, or stacked bars."""
    names = {}
    if topics is not None and len(topics):
        names = {int(t): f"{t}: {_short(l, 40)}" for t, l in zip(topics["topic"], topics["label"])}
    with _style.style():
        if table is None or len(table) == 0:
            fig, ax = _style.figure_for(ax, 6, 3.5)
            return _style.no_data(ax, f"no {xlabel} in the documents", title)
        wide = table.pivot_table(index=key, columns="topic", values="share", aggfunc="sum",
                                 sort=True).fillna(0.0)
        fig, ax = _style.figure_for(ax, max(6.0, 0.35 * len(wide) + 5), 4.4)
        cols = topic_colors(wide.shape[1])
        x = np.arange(len(wide))
        if kind == "line":
            for i, t in enumerate(wide.columns):
                ax.plot(x, wide[t].to_numpy(), marker="o", ms=3, color=cols[i],
                        label=names.get(int(t), f"topic {t}"))
        else:
            bottom = np.zeros(len(wide))
            for i, t in enumerate(wide.columns):
                vals = wide[t].to_numpy()
                ax.bar(x, vals, bottom=bottom, color=cols[i], edgecolor="white",
                       linewidth=0.5, label=names.get(int(t), f"topic {t}"))
                bottom += vals
            ax.set_ylim(0, 1)
        ax.set_xticks(x, [str(v) for v in wide.index], rotation=45, ha="right", fontsize=8)
        ax.set_xlabel(xlabel)
        ax.set_ylabel("share of the coverage")
        ax.set_title(title)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, title="topic")
        fig.tight_layout()
    return fig


def prevalence_over_time(trends_df: pd.DataFrame, topics: pd.DataFrame | None = None, ax=None):
    """Lines: each topic's share of the coverage per period (``topic_trends`` table).

    Parameters
    ----------
    trends_df : DataFrame
        The ``topic_trends`` table (period, period_kind, topic, theme, share, units).
    topics : DataFrame, optional
        The ``topics`` table, to name the topics in the legend.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    kind = str(trends_df["period_kind"].iloc[0]) if trends_df is not None and len(trends_df) \
        else "period"
    return _shares_chart(trends_df, "period", topics, ax, "Topic prevalence over time",
                         kind if kind != "period" else "dates", "line")


def prevalence_by_outlet(outlets_df: pd.DataFrame, topics: pd.DataFrame | None = None, ax=None):
    """Stacked bars: the topic mix of each outlet (``topic_outlets`` table).

    Parameters
    ----------
    outlets_df : DataFrame
        The ``topic_outlets`` table (outlet, topic, theme, share, units).
    topics : DataFrame, optional
        The ``topics`` table, to name the topics in the legend.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    return _shares_chart(outlets_df, "outlet", topics, ax, "Topic prevalence by outlet",
                         "outlet", "bar")
