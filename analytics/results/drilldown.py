"""Drill-down helpers: go from a number in a table back to the text behind it.

Each function takes an :class:`~analytics.Analysis` and returns a
:class:`DrillFrame` -- a :class:`pandas.DataFrame` that shows full sentences in
Jupyter (text columns are not cut at pandas' default 50 characters) and keeps
HTML in article text escaped.

Examples
--------
>>> from analytics.results.drilldown import sentences_with, kwic   # doctest: +SKIP
>>> sentences_with(analysis, "Keir Starmer", "Emmanuel Macron")   # doctest: +SKIP
>>> kwic(analysis, "ceasefire")                                     # doctest: +SKIP
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from ..text import normalize
from .analysis import table

#: Widest text cell shown in notebooks, in characters.
MAX_COLWIDTH = 500


class DrillFrame(pd.DataFrame):
    """A DataFrame that renders long text columns readably in Jupyter."""

    @property
    def _constructor(self):
        return DrillFrame

    def _repr_html_(self):  # pragma: no cover - exercised in notebooks
        with pd.option_context("display.max_colwidth", MAX_COLWIDTH,
                               "display.max_rows", 200):
            return super()._repr_html_()

    def __repr__(self) -> str:
        with pd.option_context("display.max_colwidth", 120, "display.width", 200):
            return super().__repr__()


def _titles(analysis: Any) -> pd.DataFrame:
    """doc_id -> title (the opening words when a document has no title)."""
    from ..text.format import doc_label
    docs = table(analysis, "documents").drop_duplicates("doc_id")
    text = docs["text"] if "text" in docs.columns else pd.Series([None] * len(docs))
    return pd.DataFrame({"doc_id": docs["doc_id"].to_numpy(),
                         "title": [doc_label(t, x, d) for t, x, d in
                                   zip(docs["title"], text, docs["doc_id"])]})


def _match_actor(analysis: Any, name: str) -> str:
    """Resolve ``name`` to a canonical actor (exact, then case-insensitive, then surface)."""
    m = table(analysis, "mentions")
    if m.empty:
        return name
    actors = pd.Series(m["actor"].dropna().astype(str).unique())
    if (actors == name).any():
        return name
    low = actors[actors.str.lower() == name.lower()]
    if len(low):
        return low.iloc[0]
    surf = m[m["surface"].astype(str).str.lower() == name.lower()]["actor"].dropna()
    if len(surf):
        return str(surf.mode().iloc[0])
    part = actors[actors.str.lower().str.contains(re.escape(name.lower()))]
    if len(part) == 1:
        return part.iloc[0]
    return name


def _frame(df: pd.DataFrame, cols: list[str]) -> DrillFrame:
    for c in cols:
        if c not in df.columns:
            df[c] = pd.Series(dtype="object")
    return DrillFrame(df[cols].reset_index(drop=True))


def sentences_with(analysis: Any, actor: str, other: str | None = None) -> DrillFrame:
    """Sentences mentioning ``actor`` (and ``other``, if given).

    Parameters
    ----------
    analysis : Analysis
    actor, other : str
        Canonical actor names (case-insensitive; a surface form such as "Starmer"
        also works when it resolves to one actor).

    Returns
    -------
    DrillFrame
        Columns ``doc_id, title, sent_id, actors, text`` in document order;
        ``actors`` lists every actor named in the sentence.
    """
    cols = ["doc_id", "title", "sent_id", "actors", "text"]
    m = table(analysis, "mentions")
    sents = table(analysis, "sentences")
    if m.empty or sents.empty:
        return _frame(pd.DataFrame(), cols)
    m = m[m["actor"].notna()]
    a = _match_actor(analysis, actor)
    keys = m[m["actor"] == a][["doc_id", "sent_id"]].drop_duplicates()
    if other is not None:
        b = _match_actor(analysis, other)
        keys = keys.merge(m[m["actor"] == b][["doc_id", "sent_id"]].drop_duplicates(),
                          on=["doc_id", "sent_id"])
    who = (m.groupby(["doc_id", "sent_id"])["actor"]
           .agg(lambda s: ", ".join(dict.fromkeys(map(str, s)))).rename("actors")
           .reset_index())
    out = keys.merge(sents[["doc_id", "sent_id", "start", "text"]], on=["doc_id", "sent_id"])
    out = out.merge(who, on=["doc_id", "sent_id"], how="left")
    out = out.merge(_titles(analysis), on="doc_id", how="left")
    out = out.sort_values(["doc_id", "start"], kind="stable")
    return _frame(out, cols)


def stance_evidence_for(analysis: Any, actor: str, issue: str | None = None) -> DrillFrame:
    """The sentences behind ``actor``'s stances (on ``issue``, if given).

    Returns
    -------
    DrillFrame
        Columns ``actor, issue, label, score, source, doc_id, title, sent_id, text``,
        strongest evidence first within each issue.
    """
    cols = ["actor", "issue", "label", "score", "source", "doc_id", "title", "sent_id",
            "text"]
    ev = table(analysis, "stance_evidence")
    if ev.empty:
        return _frame(pd.DataFrame(), cols)
    a = _match_actor(analysis, actor)
    sub = ev[ev["actor"].astype(str).str.lower() == str(a).lower()].copy()
    if issue is not None:
        sub = sub[sub["issue"].astype(str).str.lower() == str(issue).lower()]
    sub["_abs"] = pd.to_numeric(sub["score"], errors="coerce").abs()
    sub = sub.sort_values(["issue", "_abs"], ascending=[True, False], kind="stable")
    sub = sub.drop(columns=["_abs"]).merge(_titles(analysis), on="doc_id", how="left")
    return _frame(sub, cols)


def topic_paragraphs(analysis: Any, topic: Any) -> DrillFrame:
    """Paragraphs assigned to ``topic`` (id or label), most typical first.

    Returns
    -------
    DrillFrame
        Columns ``topic, label, weight, doc_id, title, para_id, text``.
    """
    cols = ["topic", "label", "weight", "doc_id", "title", "para_id", "text"]
    ta = table(analysis, "topic_assignments")
    paras = table(analysis, "paragraphs")
    topics = table(analysis, "topics")
    if ta.empty or paras.empty:
        return _frame(pd.DataFrame(), cols)
    tid = topic
    if not topics.empty and not (topics["topic"] == topic).any():
        by_label = topics[topics["label"].astype(str).str.lower() == str(topic).lower()]
        if len(by_label):
            tid = by_label.iloc[0]["topic"]
        else:
            as_str = topics[topics["topic"].astype(str) == str(topic)]
            if len(as_str):
                tid = as_str.iloc[0]["topic"]
    sub = ta[ta["topic"] == tid].merge(paras[["doc_id", "para_id", "text"]],
                                        on=["doc_id", "para_id"])
    if not topics.empty:
        sub = sub.merge(topics[["topic", "label"]], on="topic", how="left")
    sub["_w"] = pd.to_numeric(sub["weight"], errors="coerce")
    sub = sub.sort_values("_w", ascending=False, kind="stable").drop(columns="_w")
    sub = sub.merge(_titles(analysis), on="doc_id", how="left")
    return _frame(sub, cols)


def kwic(analysis: Any, keyword: str, width: int = 60, *, regex: bool = False,
         case: bool = False) -> DrillFrame:
    """Keyword in context over the clean document text.

    Parameters
    ----------
    keyword : str
        A word or phrase (matched on word boundaries), or a regular expression
        when ``regex=True``.
    width : int
        Characters of context on each side.
    case : bool
        Match case-sensitively.

    Returns
    -------
    DrillFrame
        Columns ``doc_id, title, left, keyword, right, start, end``; ``left`` is
        right-aligned context so that keywords line up.
    """
    cols = ["doc_id", "title", "left", "keyword", "right", "start", "end"]
    docs = table(analysis, "documents")
    if docs.empty or not keyword:
        return _frame(pd.DataFrame(), cols)
    pat = keyword if regex else r"(?<!\w)" + re.escape(normalize(keyword)) + r"(?!\w)"
    rx = re.compile(pat, 0 if case else re.IGNORECASE)
    rows = []
    titles = dict(_titles(analysis).itertuples(index=False))
    for _, d in docs.iterrows():
        text = d["text"] if isinstance(d["text"], str) else ""
        norm = normalize(text)
        for mt in rx.finditer(norm):
            s, e = mt.span()
            left = re.sub(r"\s+", " ", text[max(0, s - width):s])
            right = re.sub(r"\s+", " ", text[e:e + width])
            rows.append({"doc_id": d["doc_id"], "title": titles.get(d["doc_id"]),
                         "left": left.rjust(width), "keyword": text[s:e],
                         "right": right, "start": s, "end": e})
    return _frame(pd.DataFrame(rows), cols)


__all__ = ["DrillFrame", "sentences_with", "stance_evidence_for", "topic_paragraphs",
           "kwic"]


def claims(analysis: Any) -> pd.DataFrame:
    """What each actor supports or opposes, without an issue list: the claims table of
    :func:`analytics.stance.claims_table` computed on the analysis's sentences,
    mentions and quotes, with the actor registry the analysis used.

    Parameters
    ----------
    analysis : Analysis

    Returns
    -------
    pandas.DataFrame
        One row per claim (actor, object phrase, polarity, evidence), in text order.
    """
    from ..narrative.counts import actor_registry
    from ..stance import claims_table

    return claims_table(table(analysis, "sentences"), table(analysis, "mentions"),
                        table(analysis, "quotes"), registry=actor_registry(analysis))


def concepts(analysis: Any) -> dict[str, pd.DataFrame]:
    """The claims of :func:`claims` grouped into concepts, and the actor x concept
    network (:func:`analytics.stance.concept_tables`).

    Parameters
    ----------
    analysis : Analysis

    Returns
    -------
    dict of str to pandas.DataFrame
        ``concepts``, ``concept_network`` and ``claim_concepts``.
    """
    from ..stance import concept_tables

    return concept_tables(claims(analysis))
