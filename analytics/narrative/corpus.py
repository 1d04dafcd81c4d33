"""Findings about the corpus: size, dates, duplicates, skipped documents, cleaning."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..corpus.dates import parse_dates
from .counts import analysed_doc_ids, corpus_counts, rule_labels
from .evidence import titles
from ..text.format import fmt_int, join_words, plural, present, quoted, shorten
from .model import Evidence, Finding, table

#: Cleaning rules named one by one; the others are summed as "other rules".
MAX_RULES = 5


def build(analysis: Any) -> list[Finding]:
    """The corpus section: what was analysed, and what cleaning removed."""
    docs = table(analysis, "documents")
    if docs.empty:
        return [Finding("corpus", "The corpus is empty: no documents were loaded.",
                        headline=True, caveat=True)]
    return [_overview(analysis, docs), _cleaning(analysis)]


def _overview(analysis: Any, docs: pd.DataFrame) -> Finding:
    n_docs = len(docs)
    counts = corpus_counts(analysis)
    nums: dict[str, Any] = {"documents": n_docs}
    text = f"The corpus has {plural(n_docs, 'document')}"
    outlets = docs["outlet"][docs["outlet"].map(present)]
    if len(outlets):
        n_out = outlets.astype(str).nunique()
        nums["outlets"] = n_out
        text += f" from {plural(n_out, 'outlet')}"
    n_sent, n_ok = counts["sentences"], counts["analysed"]
    ok = docs["doc_id"].isin(analysed_doc_ids(analysis))
    n_chars = int(pd.to_numeric(docs["n_chars"], errors="coerce").fillna(0)[ok].sum())
    if n_ok < n_docs:
        nums["analysed"] = n_ok
        text += f"; {fmt_int(n_ok)} of them were analysed"
    detail = []
    if n_sent:
        nums["sentences"] = int(n_sent)
        detail.append(plural(int(n_sent), "sentence"))
    if n_chars:
        nums["characters"] = n_chars
        detail.append(f"{fmt_int(n_chars)} characters of clean text")
    if detail:
        text += f" ({join_words(detail)})"
    text += "." + _dates(docs, nums) + _duplicates_and_skipped(docs, nums)
    return Finding("corpus", text, numbers=nums, headline=True)


def _dates(docs: pd.DataFrame, nums: dict[str, Any]) -> str:
    dates = parse_dates(docs["date"]).dropna()
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
    labels = rule_labels(analysis)
    rem = removed.copy()
    rem["chars"] = (pd.to_numeric(rem["end"], errors="coerce")
                    - pd.to_numeric(rem["start"], errors="coerce")).fillna(0)
    rem["_label"] = rem["rule"].astype(str).map(lambda r: labels.get(r, r.replace("_", " ")))
    by_rule = rem.groupby("_label").agg(spans=("rule", "size"), chars=("chars", "sum"))
    by_rule = by_rule.reset_index().sort_values(["chars", "spans", "_label"],
                                                ascending=[False, False, True], kind="stable")
    nums = {"removed_spans": len(rem), "removed_chars": int(rem["chars"].sum()),
            "removed_documents": int(rem["doc_id"].nunique())}
    pieces = []
    for _, r in by_rule.head(MAX_RULES).iterrows():
        nums[f"removed_spans[{r['_label']}]"] = int(r["spans"])
        nums[f"removed_chars[{r['_label']}]"] = int(r["chars"])
        pieces.append(f"{r['_label']} ({plural(int(r['spans']), 'span')}, "
                      f"{fmt_int(r['chars'])} characters)")
    rest = by_rule.iloc[MAX_RULES:]
    if len(rest):
        nums["removed_spans[other]"] = int(rest["spans"].sum())
        nums["removed_chars[other]"] = int(rest["chars"].sum())
        nums["other_rules"] = len(rest)
        pieces.append(f"{plural(len(rest), 'other rule')} "
                      f"({plural(int(rest['spans'].sum()), 'span')}, "
                      f"{fmt_int(rest['chars'].sum())} characters)")
    text = (f"Cleaning removed {plural(len(rem), 'span')} "
            f"({fmt_int(rem['chars'].sum())} characters) from "
            f"{plural(int(rem['doc_id'].nunique()), 'document')}: "
            f"{join_words(pieces)}.")
    ev = []
    top = rem.sort_values("chars", ascending=False, kind="stable").head(1)
    for _, r in top.iterrows():
        ev.append(Evidence(text=shorten(r["text"], 160), doc_id=str(r["doc_id"]),
                           title=titles(analysis).get(r["doc_id"]),
                           note=f"removed as {r['_label']}"))
    return Finding("corpus", text, evidence=ev, numbers=nums)
