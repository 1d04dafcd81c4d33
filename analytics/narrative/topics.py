"""Findings about topics: the largest ones, a typical paragraph, their main actors."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from .evidence import titles
from ..text.format import clean_ws, fmt_num, fmt_pct, join_words, plural, present, quoted, shorten
from .model import Evidence, Finding, table


def build(analysis: Any) -> list[Finding]:
    """The topics section: the largest topics, then who is mentioned in each."""
    topics = table(analysis, "topics")
    if topics.empty:
        return [Finding("topics", "No topics were found (the corpus may be too small "
                        "to model topics).", caveat=True)]
    t = topics.copy()
    t["_w"] = pd.to_numeric(t["weight"], errors="coerce")
    t["_s"] = pd.to_numeric(t["size"], errors="coerce")
    t = t.sort_values(["_w", "_s"], ascending=False, na_position="last")
    return [_largest(analysis, t), *_topic_actors(analysis, t)]


def _largest(analysis: Any, t: pd.DataFrame) -> Finding:
    shares = t["_w"].dropna()
    is_share = len(shares) and shares.between(0, 1).all()
    pieces, nums = [], {"topics": len(t)}
    for _, r in t.head(3).iterrows():
        desc = quoted(topic_label(r))
        extra = []
        if pd.notna(r["_w"]):
            if is_share:
                extra.append(f"{fmt_pct(r['_w'])} of the coverage")
            else:
                extra.append(f"weight {fmt_num(r['_w'])}")
            nums[f"weight[{r['topic']}]"] = float(r["_w"])
        if pd.notna(r["_s"]):
            extra.append(plural(int(r["_s"]), "paragraph"))
            nums[f"size[{r['topic']}]"] = int(r["_s"])
        if extra:
            desc += f" ({', '.join(extra)})"
        pieces.append(desc)
    text = (f"The analysis found {plural(len(t), 'topic')}. "
            f"The largest {'is' if len(pieces) == 1 else 'are'} {join_words(pieces)}.")
    if len(t) >= 2 and is_share and pd.notna(t["_w"].iloc[0]) and pd.notna(t["_w"].iloc[1]):
        if abs(t["_w"].iloc[0] - t["_w"].iloc[1]) < 0.05:
            text += (" The two largest topics are about the same size, so neither "
                     "clearly dominates.")
    ev = []
    para = _top_paragraph(analysis, t.iloc[0]["topic"])
    if para is not None:
        ev.append(para)
    return Finding("topics", text, evidence=ev, numbers=nums, headline=True)


def _topic_actors(analysis: Any, t: pd.DataFrame) -> list[Finding]:
    """Which actors drive the main topics."""
    ta = table(analysis, "topic_actors")
    out: list[Finding] = []
    if ta.empty:
        return out
    for _, r in t.head(3).iterrows():
        sub = ta[ta["topic"] == r["topic"]].copy()
        if sub.empty:
            continue
        sub["_m"] = pd.to_numeric(sub["mentions"], errors="coerce").fillna(0)
        sub = sub.sort_values("_m", ascending=False).head(3)
        sub = sub[sub["_m"] > 0]
        if sub.empty:
            continue
        nums = {f"mentions[{a}]": int(m) for a, m in zip(sub["actor"], sub["_m"])}
        names = [f"{a} ({plural(int(m), 'mention')})" for a, m in
                 zip(sub["actor"], sub["_m"])]
        out.append(Finding(
            "topics",
            f"In topic {quoted(topic_label(r))} the most mentioned actors are "
            f"{join_words(names)}.", numbers=nums))
    return out


def topic_label(r: Any) -> str:
    """A topic's label, else its first four top terms, else ``topic N``."""
    label = r.get("label")
    if present(label):
        return clean_ws(label)
    terms = r.get("top_terms")
    if isinstance(terms, (list, tuple)) or hasattr(terms, "tolist"):
        return ", ".join(map(str, list(terms)[:4]))
    if present(terms):
        return ", ".join(re.split(r"[,;|]\s*|\s+", str(terms))[:4])
    return f"topic {r.get('topic')}"


def _top_paragraph(analysis: Any, topic: Any) -> Evidence | None:
    ta = table(analysis, "topic_assignments")
    paras = table(analysis, "paragraphs")
    if ta.empty or paras.empty:
        return None
    sub = ta[ta["topic"] == topic].copy()
    if sub.empty:
        return None
    sub["_w"] = pd.to_numeric(sub["weight"], errors="coerce")
    merged = sub.merge(paras, on=["doc_id", "para_id"], how="inner")
    if "kind" in merged.columns:
        body = merged[merged["kind"].astype(str).isin(["body", "paragraph", "text", "nan"])]
        if not body.empty:
            merged = body
    if merged.empty:
        return None
    merged["_len"] = merged["text"].astype(str).str.len()
    r = merged.sort_values(["_w", "_len"], ascending=False).iloc[0]
    return Evidence(text=shorten(r["text"]), doc_id=str(r["doc_id"]),
                    title=titles(analysis).get(r["doc_id"]),
                    note="paragraph most typical of the topic")
