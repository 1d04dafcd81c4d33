"""Corpus overview charts: document lengths, what cleaning removed, outlets, timeline.

Every function takes a table of the analysis (plus an optional ``ax``) and returns
the matplotlib Figure, styled with :mod:`analytics.plotting.style`.
"""

from __future__ import annotations

import pandas as pd

from analytics.corpus.dates import parse_dates
from analytics.plotting import style


def _short(s, n: int = 48) -> str:
    """Shorten a label to ``n`` characters (the style draws "$" literally, no maths)."""
    s = " ".join(str(s).split())
    return s if len(s) <= n else s[: n - 1].rstrip(" .,;:\u2026") + "\u2026"


def _doc_labels(documents: pd.DataFrame) -> pd.Series:
    from analytics.text.format import doc_label
    text = documents["text"] if "text" in documents.columns else [None] * len(documents)
    labels = [doc_label(t, x, d, words=7) for t, x, d in
              zip(documents["title"], text, documents["doc_id"])]
    return pd.Series(labels, index=documents.index).map(_short)


def document_lengths(documents: pd.DataFrame, ax=None, *, removed: pd.DataFrame | None = None):
    """Length of each document in characters of clean text.

    With up to 30 documents: one horizontal bar per document (labelled by title),
    stacked with the characters cleaning removed when ``removed`` is given. With
    more: a histogram of lengths.
    """
    n = len(documents)
    with style.style():
        fig, ax = style.figure_for(ax, 7.5, max(2.2, 0.38 * min(n, 30) + 1.2))
        if n == 0:
            return style.no_data(ax, "No documents")
        chars = pd.to_numeric(documents["n_chars"], errors="coerce").fillna(0)
        if n <= 30:
            labels = _doc_labels(documents)
            order = chars.sort_values().index
            y = range(len(order))
            ax.barh(list(y), chars[order], color=style.PALETTE[0], label="kept (clean text)")
            if removed is not None and not removed.empty:
                r = removed.copy()
                r["chars"] = (pd.to_numeric(r["end"], errors="coerce")
                              - pd.to_numeric(r["start"], errors="coerce")).fillna(0)
                per = r.groupby("doc_id")["chars"].sum()
                rem = documents["doc_id"].map(per).fillna(0)
                ax.barh(list(y), rem[order], left=chars[order], color=style.PALETTE[1],
                        label="removed by cleaning")
                ax.legend(loc="lower right")
            ax.set_yticks(list(y))
            ax.set_yticklabels(labels[order])
            ax.set_xlabel("characters")
        else:
            ax.hist(chars, bins=min(40, max(10, n // 5)), color=style.PALETTE[0])
            ax.set_xlabel("characters of clean text")
            ax.set_ylabel("documents")
        ax.set_title("Document length")
    return fig


def removed_by_rule(removed: pd.DataFrame, ax=None, *, labels: dict | None = None):
    """Characters removed by each cleaning rule (bar labels: spans removed).

    ``labels`` maps rule names to readers' labels
    (:func:`analytics.narrative.rule_labels`); rules with the same label share a bar.
    """
    with style.style():
        fig, ax = style.figure_for(ax, 7.0, 3.0)
        if removed is None or removed.empty:
            return style.no_data(ax, "Cleaning removed nothing", "What cleaning removed")
        r = removed.copy()
        r["chars"] = (pd.to_numeric(r["end"], errors="coerce")
                      - pd.to_numeric(r["start"], errors="coerce")).fillna(0)
        names = r["rule"].astype(str)
        if labels:
            names = names.map(lambda n: labels.get(n, n.replace("_", " ")))
        g = (r.groupby(names)
             .agg(spans=("rule", "size"), chars=("chars", "sum"))
             .sort_values("chars"))
        fig.set_size_inches(7.0, max(2.2, 0.4 * len(g) + 1.2))
        bars = ax.barh(g.index, g["chars"], color=style.PALETTE[1])
        for b, n in zip(bars, g["spans"]):
            ax.annotate(f"{n} span{'s' if n != 1 else ''}", (b.get_width(), b.get_y() +
                        b.get_height() / 2), xytext=(4, 0), textcoords="offset points",
                        va="center", fontsize=8)
        ax.set_xlabel("characters removed")
        ax.set_title("What cleaning removed, by rule")
        ax.margins(x=0.15)
    return fig


def outlets(documents: pd.DataFrame, ax=None, top: int = 15):
    """Number of documents per outlet (top ``top``; documents without an outlet
    are counted as "(unknown)")."""
    with style.style():
        fig, ax = style.figure_for(ax, 7.0, 3.0)
        if documents.empty:
            return style.no_data(ax, "No documents")
        o = documents["outlet"].where(documents["outlet"].notna()
                                      & (documents["outlet"].astype(str).str.strip() != ""),
                                      "(unknown)").astype(str)
        c = o.value_counts().head(top).sort_values()
        fig.set_size_inches(7.0, max(2.2, 0.35 * len(c) + 1.2))
        ax.barh([_short(x, 40) for x in c.index], c.values, color=style.PALETTE[2])
        ax.set_xlabel("documents")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_title("Documents per outlet")
    return fig


def timeline(documents: pd.DataFrame, ax=None, freq: str | None = None):
    """Documents per day (or week/month for longer spans) by publication date."""
    with style.style():
        fig, ax = style.figure_for(ax, 7.5, 3.0)
        dates = parse_dates(documents["date"]).dropna()
        if dates.empty:
            return style.no_data(ax, "No publication dates in this corpus", "Timeline")
        span = (dates.max() - dates.min()).days
        if freq is None:
            freq = "D" if span <= 60 else ("W" if span <= 730 else "MS")
        s = dates.dt.tz_convert(None).dt.to_period(freq if freq != "MS" else "M")
        counts = s.value_counts().sort_index()
        idx = pd.period_range(counts.index.min(), counts.index.max(), freq=counts.index.freq)
        counts = counts.reindex(idx, fill_value=0)
        x = counts.index.to_timestamp()
        ax.bar(x, counts.values, width={"D": 0.8, "W": 5}.get(freq, 20),
               color=style.PALETTE[0])
        ax.set_ylabel("documents")
        ax.yaxis.get_major_locator().set_params(integer=True)
        unit = {"D": "day", "W": "week"}.get(freq, "month")
        ax.set_title(f"Documents per {unit}")
        fig.autofmt_xdate()
    return fig


__all__ = ["document_lengths", "removed_by_rule", "outlets", "timeline"]
