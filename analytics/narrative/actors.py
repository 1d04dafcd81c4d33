"""Findings about people: who is mentioned most, where, and names outside the registry.

Every count is made of :func:`analytics.narrative.counts.counted_mentions`, the same
mentions the report's header and the mention chart count.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .counts import analysed_doc_ids, counted_mentions, mention_counts
from .evidence import first_sentence_of, titles
from ..text.format import fmt_int, join_words, plural, present, quoted
from .model import Finding, table

#: Fewest mentions for a name outside the registry to be called recurring.
MIN_RECURRING = 2


def build(analysis: Any) -> list[Finding]:
    """The actors section: the most mentioned people, their outlets, unknown names."""
    m = counted_mentions(analysis)
    docs = table(analysis, "documents")
    if m.empty:
        return [Finding("actors", "No person was found in the documents.",
                        caveat=True, headline=True)]
    counts = mention_counts(analysis)
    out = [_most_mentioned(analysis, m, counts, len(analysed_doc_ids(analysis)))]
    first = counts.index[0]
    by_outlet = _outlets(m, docs, first)
    if by_outlet is not None:
        out.append(by_outlet)
    candidates = _candidates(analysis, m)
    if candidates is not None:
        out.append(candidates)
    return out


def _most_mentioned(analysis: Any, m: pd.DataFrame, counts: pd.DataFrame,
                    n_docs: int) -> Finding:
    top = counts.head(5)
    first = top.index[0]
    nums: dict[str, Any] = {"people": len(counts), "documents": n_docs}
    pieces = []
    for actor, r in top.iterrows():
        nums[f"mentions[{actor}]"] = int(r["mentions"])
        nums[f"documents[{actor}]"] = int(r["documents"])
    r0 = top.iloc[0]
    tied = top[top["mentions"] == r0["mentions"]]
    text = (f"{plural(len(counts), 'person', 'people')} "
            f"{'is' if len(counts) == 1 else 'are'} mentioned.")
    if len(tied) > 1:
        text += (f" {join_words(list(tied.index))} are mentioned equally often "
                 f"({plural(int(r0['mentions']), 'mention')} each)")
        rest = top.iloc[len(tied):]
    else:
        text += (f" The most mentioned is {first}, with "
                 f"{plural(int(r0['mentions']), 'mention')} in {fmt_int(r0['documents'])} "
                 f"of {plural(n_docs, 'document')}")
        rest = top.iloc[1:]
    for actor, r in rest.iterrows():
        pieces.append(f"{actor} ({plural(int(r['mentions']), 'mention')}, "
                      f"{plural(int(r['documents']), 'document')})")
    text += f", followed by {join_words(pieces)}." if pieces else "."
    # where: the document mentioning the top actor most
    per_doc = (m[m["actor"] == first].groupby("doc_id").size().reset_index(name="n")
               .sort_values(["n", "doc_id"], ascending=[False, True], kind="stable")
               .set_index("doc_id")["n"])
    if len(per_doc):
        doc, k = per_doc.index[0], int(per_doc.iloc[0])
        nums[f"mentions[{first}@{doc}]"] = k
        text += (f" {first} is mentioned most often in "
                 f"{quoted(titles(analysis).get(doc, doc))} ({plural(k, 'mention')}).")
    ev = []
    sent = first_sentence_of(analysis, m, first, alone=True)
    if sent is not None:
        ev.append(sent)
    return Finding("actors", text, evidence=ev, numbers=nums, headline=True)


def _outlets(m: pd.DataFrame, docs: pd.DataFrame, first: str) -> Finding | None:
    """The outlets naming the most mentioned actor most often."""
    if "outlet" not in docs.columns or docs["outlet"].map(present).sum() <= 1:
        return None
    mo = m.merge(docs[["doc_id", "outlet"]], on="doc_id", how="left")
    mo = mo[mo["outlet"].map(present)]
    if mo["outlet"].nunique() <= 1:
        return None
    per = mo[mo["actor"] == first].groupby("outlet").size().sort_values(ascending=False)
    if not len(per):
        return None
    nums = {f"mentions[{first}@{o}]": int(v) for o, v in per.head(3).items()}
    pieces = [f"{quoted(o)} ({plural(int(v), 'mention')})" for o, v in per.head(3).items()]
    return Finding("actors", f"{first} appears most in {join_words(pieces)}.", numbers=nums)


def _candidates(analysis: Any, m: pd.DataFrame) -> Finding | None:
    """Names outside the registry mentioned at least :data:`MIN_RECURRING` times."""
    cand = table(analysis, "candidates")
    if cand.empty:
        return None
    c = cand.copy()
    c["_m"] = pd.to_numeric(c["mentions"], errors="coerce").fillna(0)
    c = c[c["_m"] >= MIN_RECURRING]
    c = c.sort_values(["_m", "name"], ascending=[False, True], kind="stable")
    n_all = len(c)
    c = c.head(5)
    if c.empty:
        return None
    nums: dict[str, Any] = {f"candidate_mentions[{n}]": int(v)
                            for n, v in zip(c["name"], c["_m"])}
    pieces = [f"{quoted(n)} ({plural(int(v), 'mention')})"
              for n, v in zip(c["name"], c["_m"])]
    if n_all > len(c):
        nums["more_candidates"] = n_all - len(c)
        pieces.append(f"{fmt_int(n_all - len(c))} more")
    counted = set(m["actor"].astype(str))
    if all(str(n) in counted for n in c["name"]):
        tail = ("They are counted above as people found in the text; add them to the "
                "registry to track their other names and roles too (docs/registry.md).")
    else:
        tail = ("They are not counted above; add them to the registry if they "
                "matter (docs/registry.md).")
    return Finding(
        "actors",
        f"Names not in the actor registry that recur (at least {MIN_RECURRING} mentions): "
        f"{join_words(pieces)}. {tail}", numbers=dict(nums, min_recurring=MIN_RECURRING))
