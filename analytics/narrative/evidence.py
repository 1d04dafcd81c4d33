"""Finding the sentences that back a finding up: titles, sentence lookups, mentions."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..text.format import MAX_QUOTE, doc_label, present, shorten
from .model import Evidence, table


def titles(analysis: Any) -> dict:
    """doc_id -> how the document is named to readers (cached on the analysis)."""
    cache = getattr(analysis, "__dict__", {}).get("_narrative_titles")
    if cache is not None:
        return cache
    docs = table(analysis, "documents")
    out = {r["doc_id"]: doc_label(r.get("title"), r.get("text"), r["doc_id"])
           for _, r in docs.iterrows()}
    try:
        analysis.__dict__["_narrative_titles"] = out
    except (AttributeError, TypeError):
        pass
    return out


def sentence_text(analysis: Any, doc_id: Any, sent_id: Any) -> str | None:
    """The text of sentence ``sent_id`` of document ``doc_id``, or None."""
    sents = table(analysis, "sentences")
    if sents.empty:
        return None
    hit = sents[(sents["doc_id"] == doc_id) & (sents["sent_id"] == sent_id)]
    if hit.empty:
        return None
    return str(hit.iloc[0]["text"])


def evidence(analysis: Any, doc_id: Any, sent_id: Any, text: str | None = None,
             note: str | None = None) -> Evidence | None:
    """Evidence for a sentence (``text``, else looked up), with its document's title."""
    if text is None or not present(text):
        text = sentence_text(analysis, doc_id, sent_id)
    if text is None or not present(text):
        return None
    title = titles(analysis).get(doc_id)
    return Evidence(text=shorten(text), doc_id=None if doc_id is None else str(doc_id),
                    title=title, sent_id=None if not present(sent_id) else sent_id,
                    note=note)


def actor_mentions(analysis: Any) -> pd.DataFrame:
    """Mentions that count, of every actor (people, organisations, countries): see
    :func:`analytics.narrative.counts.counted_mentions`."""
    from .counts import counted_mentions
    return counted_mentions(analysis, people_only=False)


def first_sentence_of(analysis: Any, m: pd.DataFrame, actor: str,
                      other: str | None = None, alone: bool = False) -> Evidence | None:
    """A readable sentence naming ``actor`` (and ``other``; or no one else if ``alone``)."""
    a = m[m["actor"] == actor][["doc_id", "sent_id"]].drop_duplicates()
    if alone:
        n_act = m.groupby(["doc_id", "sent_id"])["actor"].nunique().rename("_k").reset_index()
        solo = a.merge(n_act[n_act["_k"] == 1], on=["doc_id", "sent_id"])[["doc_id", "sent_id"]]
        if not solo.empty:
            a = solo
    if other is not None:
        b = m[m["actor"] == other][["doc_id", "sent_id"]].drop_duplicates()
        a = a.merge(b, on=["doc_id", "sent_id"])
    a = a[a["sent_id"].map(present)]
    sents = table(analysis, "sentences")
    if a.empty or sents.empty:
        return None
    merged = a.merge(sents[["doc_id", "sent_id", "text"]], on=["doc_id", "sent_id"])
    if merged.empty:
        return None
    merged["_len"] = merged["text"].astype(str).str.len()
    # prefer a sentence of readable length
    ok = merged[(merged["_len"] >= 40) & (merged["_len"] <= MAX_QUOTE)]
    r = (ok if not ok.empty else merged).iloc[0]
    return Evidence(text=shorten(r["text"]), doc_id=str(r["doc_id"]),
                    title=titles(analysis).get(r["doc_id"]), sent_id=r["sent_id"])
