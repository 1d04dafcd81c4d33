"""Findings about co-mentions: which actors are named together."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .evidence import actor_mentions, first_sentence_of
from ..text.format import fmt_num, join_words, plural
from .model import Finding, table

_LEVEL_ORDER = ["sentence", "paragraph", "window", "document"]
_UNIT_WORD = {"sentence": "sentence", "paragraph": "paragraph", "document": "document",
              "window": "window"}


def pick_comentions(analysis: Any) -> tuple[pd.DataFrame, str | None, str | None]:
    """Co-mention rows of the finest level and the simplest measure available.

    Parameters
    ----------
    analysis : Analysis
        An analysis with a ``comentions`` table (missing counts as empty).

    Returns
    -------
    (DataFrame, level, measure)
        Rows sorted by ``n_units`` then ``weight`` (descending).
    """
    cm = table(analysis, "comentions")
    if cm.empty:
        return cm, None, None
    levels = [lv for lv in _LEVEL_ORDER if lv in set(cm["level"].astype(str))]
    level = levels[0] if levels else str(cm["level"].iloc[0])
    sub = cm[cm["level"].astype(str) == level]
    measures = list(dict.fromkeys(sub["measure"].astype(str)))
    measure = "count" if "count" in measures else measures[0]
    sub = sub[sub["measure"].astype(str) == measure].copy()
    sub["_n"] = pd.to_numeric(sub["n_units"], errors="coerce").fillna(0)
    sub["_w"] = pd.to_numeric(sub["weight"], errors="coerce").fillna(0)
    sub = sub[sub["source"] != sub["target"]]
    sub = sub.sort_values(["_n", "_w"], ascending=False)
    return sub, level, measure


def build(analysis: Any) -> list[Finding]:
    """The co-mentions section: the pairs named together most, each top actor's partner."""
    sub, level, measure = pick_comentions(analysis)
    if sub.empty:
        return [Finding("comentions", "No two actors are mentioned together.",
                        caveat=True)]
    unit = _UNIT_WORD.get(level, level or "unit")
    out = [_top_pairs(analysis, sub, unit, measure)]
    partners = _partners(analysis, sub, unit)
    if partners is not None:
        out.append(partners)
    return out


def _top_pairs(analysis: Any, sub: pd.DataFrame, unit: str, measure: str | None) -> Finding:
    top = sub.head(3)
    pieces, nums = [], {}
    for _, r in top.iterrows():
        key = f"{r['source']}+{r['target']}"
        nums[f"n_units[{key}]"] = int(r["_n"])
        desc = f"{r['source']} and {r['target']} ({plural(int(r['_n']), unit)}"
        if measure not in (None, "count"):
            nums[f"weight[{key}]"] = float(r["_w"])
            desc += f", {measure} {fmt_num(r['_w'])}"
        pieces.append(desc + ")")
    if len(pieces) == 1:
        text = (f"Counting actors named in the same {unit}, the only pair named together "
                f"is {pieces[0]}.")
    else:
        text = (f"Counting actors named in the same {unit}, the pairs that appear together "
                f"most are {join_words(pieces)}.")
    if int(top.iloc[0]["_n"]) <= 2:
        text += (" These are small counts: co-mention patterns in this corpus are "
                 "tentative.")
    ev = []
    m = actor_mentions(analysis)
    r0 = top.iloc[0]
    if not m.empty:
        e = first_sentence_of(analysis, m, r0["source"], r0["target"])
        if e is not None:
            ev.append(e)
    return Finding("comentions", text, evidence=ev, numbers=nums, headline=True,
                   caveat=int(top.iloc[0]["_n"]) <= 2)


def _partners(analysis: Any, sub: pd.DataFrame, unit: str) -> Finding | None:
    """Each of the three most mentioned actors' main partner."""
    mm = actor_mentions(analysis)
    if mm.empty:
        return None
    top_actors = mm["actor"].value_counts().head(3).index
    pieces, nums = [], {}
    for a in top_actors:
        rows = sub[(sub["source"] == a) | (sub["target"] == a)]
        if rows.empty:
            continue
        r = rows.iloc[0]
        partner = r["target"] if r["source"] == a else r["source"]
        nums[f"n_units[{a}+{partner}]"] = int(r["_n"])
        pieces.append(f"{a} appears most often with {partner} "
                      f"({plural(int(r['_n']), unit)})")
    if not pieces:
        return None
    return Finding("comentions", "; ".join(pieces) + ".", numbers=nums)
