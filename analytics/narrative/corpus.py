"""Findings about the corpus: size, dates, duplicates, skipped documents, cleaning."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .evidence import titles
from ..text.format import fmt_int, join_words, plural, present, quoted, shorten
from .model import Evidence, Finding, table


def build(analysis: Any) -> list[Finding]:
    """The corpus section: what was analysed, and what cleaning removed."""
    docs = table(analysis, "documents")
    if docs.empty:
        return [Finding("corpus", "The corpus is empty: no documents were loaded.",
                        headline=True, caveat=True)]
    return [_overview(docs), _cleaning(analysis)]


def _overview(docs: pd.DataFrame) -> Finding:
    n_docs = len(docs)
    nums: dict[str, Any] = {"documents": n_docs}
    parts = [f"The corpus has {plural(n_docs, 'document')}"]
    n_sent = pd.to_numeric(docs["n_sentences"], errors="coerce").fillna(0).sum()
    n_chars = pd.to_numeric(docs["n_chars"], errors="coerce").fillna(0).sum()
    if n_sent:
        nums["sentences"] = int(n_sent)
        parts.append(f" with {plural(int(n_sent), 'sentence')}")
    if n_chars:
        nums["characters"] = int(n_chars)
        parts.append(f" ({fmt_int(n_chars)} characters of clean text)")
    outlets = docs["outlet"][docs["outlet"].map(present)]
    if len(outlets):
        counts = outlets.astype(str).value_counts()
        nums["outlets"] = len(counts)
        parts.append(f" from {plural(len(counts), 'outlet')}")
    text = "".join(parts) + "." + _dates(docs, nums) + _duplicates_and_skipped(docs, nums)
    return Finding("corpus", text, numbers=nums, headline=True)


def _dates(docs: pd.DataFrame, nums: dict[str, Any]) -> str:
    dates = pd.to_datetime(docs["date"], errors="coerce", utc=True).dropna()
    if not len(dates):
        return " No document carries a publication date, so there is no timeline."
    lo, hi = dates.min().date().isoformat(), dates.max().date().isoformat()
    nums["dated_documents"] = len(dates)
    nums["first_date"], nums["last_date"] = lo, hi
    if lo == hi:
        return f" {plural(len(dates), 'document')} carry a date, all {lo}."
    return (f" {plural(len(dates), 'document')} carry a publication date, "
            f"from {lo} to {hi}.")


def _duplicates_and_skipped(docs: pd.DataFrame, nums: dict[str, Any]) -> str:
    text = ""
    dup = docs["duplicate_of"].map(present).sum()
    if dup:
        nums["duplicates"] = int(dup)
        text += f" {plural(int(dup), 'document')} duplicate another and are counted once."
    status = docs["status"].astype(str)
    skipped = docs[~status.isin(["ok", "nan", "None", ""])]
    if len(skipped):
        nums["skipped"] = len(skipped)
        reasons = skipped["status"].astype(str).str.replace(r"^skipped:\s*", "", regex=True)
        reasons = reasons.str.split(";").str[0].str.split(" - ").str[0]
        text += (f" {plural(len(skipped), 'document')} could not be analysed "
                 f"({join_words(sorted(set(quoted(r) for r in reasons))[:3])}).")
    return text


def _cleaning(analysis: Any) -> Finding:
    removed = table(analysis, "removed")
    if removed.empty:
        return Finding("corpus", "Cleaning removed nothing from these documents.")
    rem = removed.copy()
    rem["chars"] = (pd.to_numeric(rem["end"], errors="coerce")
                    - pd.to_numeric(rem["start"], errors="coerce")).fillna(0)
    by_rule = rem.groupby(rem["rule"].astype(str)).agg(spans=("rule", "size"),
                                                       chars=("chars", "sum"))
    by_rule = by_rule.sort_values(["chars", "spans"], ascending=False)
    nums = {"removed_spans": len(rem), "removed_chars": int(rem["chars"].sum()),
            "removed_documents": int(rem["doc_id"].nunique())}
    pieces = []
    for rule, r in by_rule.head(5).iterrows():
        nums[f"removed_spans[{rule}]"] = int(r["spans"])
        nums[f"removed_chars[{rule}]"] = int(r["chars"])
        pieces.append(f"{quoted(rule)} ({plural(int(r['spans']), 'span')}, "
                      f"{fmt_int(r['chars'])} characters)")
    text = (f"Cleaning removed {plural(len(rem), 'span')} "
            f"({fmt_int(rem['chars'].sum())} characters) from "
            f"{plural(int(rem['doc_id'].nunique()), 'document')}; by rule: "
            f"{join_words(pieces)}.")
    ev = []
    top = rem.sort_values("chars", ascending=False).head(1)
    for _, r in top.iterrows():
        ev.append(Evidence(text=shorten(r["text"], 160), doc_id=str(r["doc_id"]),
                           title=titles(analysis).get(r["doc_id"]),
                           note=f"removed by {r['rule']}"))
    return Finding("corpus", text, evidence=ev, numbers=nums)
