"""Findings about the tone of coverage per leader, with intervals and caveats."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..sentiment.tone import MIN_ARTICLES, leader_difference, portrayal
from .evidence import evidence, titles
from ..text.format import (MAX_DETAILED, MAX_LISTED, fmt_int, fmt_pct, fmt_tone, join_words,
                     plural, truthy)
from .model import TONE_DEFINITION, Evidence, Finding, table

_METHOD_NOTE = (
    f"How tone is measured: {TONE_DEFINITION} It comes from a model trained on "
    "human-labelled political news. When a person accuses, criticises, praises or "
    "speaks about someone else, that passage is not counted in the person's own "
    "tone. The model misreads some single sentences (irony, long quotations), so "
    "compare averages and their intervals rather than single labels, and read the "
    "example sentences. The figures describe these articles only, not coverage in "
    "general.")


def ci_level(analysis: Any) -> float:
    """Confidence level of the tone intervals (from the analysis options; 0.95)."""
    opts = getattr(analysis, "options", None) or {}
    for key in ("tone_ci", "ci", "confidence", "ci_level", "tone_ci_level"):
        v = opts.get(key) if isinstance(opts, dict) else None
        if isinstance(v, (int, float)) and not isinstance(v, bool) and 0 < v < 1:
            return float(v)
    return 0.95


def build(analysis: Any) -> list[Finding]:
    """The tone section: a comparison, one finding per leader, the thin ones grouped."""
    leaders = table(analysis, "leaders")
    if leaders.empty:
        return [Finding("tone", "No person is mentioned, so there is no "
                        "tone to report.", caveat=True, headline=True)]
    level = ci_level(analysis)
    ld = leaders.copy()
    for c in ("tone_mean", "tone_ci_low", "tone_ci_high", "share_positive",
              "share_negative", "share_neutral", "mentions", "documents"):
        ld[c] = pd.to_numeric(ld[c], errors="coerce")
    ld["_low"] = ld["low_evidence"].map(truthy)
    ld = ld[ld["tone_mean"].notna()].sort_values("tone_mean")
    out = [_comparison(analysis, ld[~ld["_low"]], level)]
    tone_rows = table(analysis, "tone")
    by_mentions = ld.sort_values("mentions", ascending=False)
    low = by_mentions[by_mentions["_low"]]
    solid_all = by_mentions[~by_mentions["_low"]]
    for _, r in solid_all.head(MAX_DETAILED).iterrows():
        out.append(_leader(analysis, r, level, tone_rows))
    if len(solid_all) > MAX_DETAILED:
        rest = len(solid_all) - MAX_DETAILED
        out.append(Finding(
            "tone", f"{plural(rest, 'more person', 'more people')} with enough mentions "
                    f"{'is' if rest == 1 else 'are'} in the tone table and the chart.",
            numbers={"more": rest}))
    if len(low):
        out.append(_too_few(low))
    out.extend(relation_findings(analysis))
    out.append(Finding("tone", _METHOD_NOTE, numbers={"lowest": -1, "highest": 1}, caveat=True))
    return out


def relation_findings(analysis: Any, *, max_relations: int = 5) -> list[Finding]:
    """"X criticised Y in N articles (quote)": the relations seen in most articles.

    Parameters
    ----------
    analysis : Analysis
        An analysis with a ``relations`` table (missing counts as empty).
    max_relations : int
        At most this many relations are written up.

    Returns
    -------
    list of Finding
        One finding per relation, each with its first evidence sentence.
    """
    rel = table(analysis, "relations")
    if rel.empty:
        return []
    rel = rel.copy()
    for c in ("n_documents", "n_sentences", "polarity"):
        rel[c] = pd.to_numeric(rel[c], errors="coerce")
    rel = rel.dropna(subset=["n_documents", "polarity"]).sort_values(
        ["n_documents", "n_sentences", "source", "target"],
        ascending=[False, False, True, True], kind="stable")
    out = []
    for _, r in rel.head(max_relations).iterrows():
        verb = "criticised" if r["polarity"] < 0 else "praised"
        n = int(r["n_documents"])
        text = (f"{r['source']} {verb} {r['target']} in {plural(n, 'article')} of these "
                f"({plural(int(r['n_sentences']), 'sentence')}).")
        ev = []
        first = str(r.get("evidence") or "").split(" | ")[0]
        doc = str(r.get("evidence_doc_ids") or "").split(" | ")[0] or None
        if first:
            ev.append(Evidence(text=first, doc_id=doc, title=titles(analysis).get(doc),
                               note=f"{r['source']} {verb} {r['target']}"))
        out.append(Finding("tone", text, evidence=ev,
                           numbers={"n_documents": n, "n_sentences": int(r["n_sentences"])}))
    return out


def _interval(level: float, r: pd.Series) -> str:
    """``+0.12 for Name (95% interval +0.01 to +0.23)``."""
    return (f"{fmt_tone(r['tone_mean'])} for {r['actor']} ({fmt_pct(level)} interval "
            f"{fmt_tone(r['tone_ci_low'])} to {fmt_tone(r['tone_ci_high'])})")


def _comparison(analysis: Any, solid: pd.DataFrame, level: float) -> Finding:
    """The headline: most negative against most positive leader with enough articles,
    called different only when a bootstrap of their difference excludes zero."""
    if len(solid) == 1:
        r = solid.iloc[0]
        return Finding(
            "tone", f"Only {r['actor']} is mentioned in enough of these articles to "
                    f"estimate tone; no comparison between people is possible.",
            headline=True, caveat=True)
    if not len(solid):
        return Finding(
            "tone", "Every person is mentioned in too few of these articles for a tone "
                    "estimate; their figures in the tone table are indicative only "
                    "and are not compared.",
            headline=True, caveat=True)
    neg, pos = solid.iloc[0], solid.iloc[-1]
    nums = {"ci_level": level, f"tone_mean[{neg['actor']}]": float(neg["tone_mean"]),
            f"tone_ci_low[{neg['actor']}]": float(neg["tone_ci_low"]),
            f"tone_ci_high[{neg['actor']}]": float(neg["tone_ci_high"]),
            f"tone_mean[{pos['actor']}]": float(pos["tone_mean"]),
            f"tone_ci_low[{pos['actor']}]": float(pos["tone_ci_low"]),
            f"tone_ci_high[{pos['actor']}]": float(pos["tone_ci_high"])}
    a, b = _interval(level, neg), _interval(level, pos)
    diff = leader_difference(table(analysis, "tone"), str(neg["actor"]), str(pos["actor"]),
                             confidence=level, random_state=_seed(analysis))
    n_art = int(diff["articles"])
    nums["articles"] = n_art
    separated = bool(diff["excludes_zero"]) and diff["difference"] < 0
    if separated:
        nums["difference"] = float(diff["difference"])
        nums["difference_ci_low"] = float(diff["ci_low"])
        nums["difference_ci_high"] = float(diff["ci_high"])
        text = (f"In these {fmt_int(n_art)} articles, coverage around {neg['actor']} is "
                f"more negative than around {pos['actor']}: mean tone {a} versus {b}. "
                f"The difference, {fmt_tone(diff['difference'])} ({fmt_pct(level)} "
                f"interval {fmt_tone(diff['ci_low'])} to {fmt_tone(diff['ci_high'])}, "
                f"articles resampled), excludes zero.")
    elif not n_art:
        nums.pop("articles")
        text = (f"Mean tone ranges from {a} to {b}; without the tone table's rows the "
                f"difference cannot be tested, so these data do not show that coverage "
                f"of one person is more negative or positive than of another.")
    else:
        text = (f"In these {fmt_int(n_art)} articles, mean tone ranges from {a} to {b}, "
                f"but a bootstrap of the difference includes zero, so these data do not "
                f"show that coverage of one person is more negative or positive than of "
                f"another.")
    return Finding("tone", text, numbers=nums, headline=True, caveat=not separated)


def _seed(analysis: Any) -> int:
    opts = getattr(analysis, "options", None) or {}
    v = opts.get("random_state") if isinstance(opts, dict) else None
    return int(v) if isinstance(v, int) and not isinstance(v, bool) else 0


def _leader(analysis: Any, r: pd.Series, level: float, tone_rows: pd.DataFrame) -> Finding:
    """One leader's mean tone, interval, shares and lean, with example passages."""
    actor = r["actor"]
    nums = {"ci_level": level, "tone_mean": float(r["tone_mean"]),
            "tone_ci_low": float(r["tone_ci_low"]),
            "tone_ci_high": float(r["tone_ci_high"])}
    text = f"{actor}: mean tone {fmt_tone(r['tone_mean'])} ({fmt_pct(level)} interval " \
           f"{fmt_tone(r['tone_ci_low'])} to {fmt_tone(r['tone_ci_high'])})"
    if pd.notna(r["mentions"]):
        nums["mentions"] = int(r["mentions"])
        text += f" over {plural(int(r['mentions']), 'mention')}"
        if pd.notna(r["documents"]):
            nums["documents"] = int(r["documents"])
            text += f" in these {plural(int(r['documents']), 'article')}"
    text += "."
    if pd.notna(r["share_positive"]) and pd.notna(r["share_negative"]):
        nums["share_positive"] = float(r["share_positive"])
        nums["share_negative"] = float(r["share_negative"])
        text += (f" {fmt_pct(r['share_positive'])} of the scored passages are "
                 f"positive and {fmt_pct(r['share_negative'])} negative.")
    lo, hi = r["tone_ci_low"], r["tone_ci_high"]
    if r["_low"]:
        text += " Too few mentions for a reliable estimate: treat as indicative only."
    elif pd.notna(lo) and lo > 0:
        text += " The whole interval is above zero: in these articles, coverage leans positive."
    elif pd.notna(hi) and hi < 0:
        text += " The whole interval is below zero: in these articles, coverage leans negative."
    else:
        text += " The interval includes zero: no clear lean either way."
    ev = _tone_evidence(analysis, tone_rows, actor)
    return Finding("tone", text, evidence=ev, numbers=nums, caveat=bool(r["_low"]))


def _too_few(low: pd.DataFrame) -> Finding:
    """The leaders mentioned too rarely, listed with their counts."""
    shown = low.head(MAX_LISTED)
    nums, pieces = {}, []
    for _, r in shown.iterrows():
        piece = str(r["actor"])
        if pd.notna(r["mentions"]):
            nums[f"mentions[{r['actor']}]"] = int(r["mentions"])
            piece += f" ({plural(int(r['mentions']), 'mention')}"
            if pd.notna(r["documents"]):
                nums[f"documents[{r['actor']}]"] = int(r["documents"])
                piece += f", {plural(int(r['documents']), 'article')}"
            piece += ")"
        pieces.append(piece)
    nums["min_articles"] = MIN_ARTICLES
    nums["min_mentions"] = 5
    rest = len(low) - len(shown)
    if rest:
        nums["others"] = rest
        pieces.append(f"{plural(rest, 'other person', 'other people')}")
    return Finding(
        "tone", f"Too few mentions or articles for a tone estimate (fewer than "
                f"{MIN_ARTICLES} articles, or fewer than 5 mentions): {join_words(pieces)}. "
                "Their figures are in the tone table but are not ranked or compared here.",
        numbers=nums, caveat=True)


def _tone_evidence(analysis: Any, tone_rows: pd.DataFrame, actor: str) -> list[Evidence]:
    if tone_rows.empty:
        return []
    sub = portrayal(tone_rows)
    sub = sub[sub["actor"] == actor].copy()
    sub["_s"] = pd.to_numeric(sub["score"], errors="coerce")
    sub = sub.dropna(subset=["_s"])
    if sub.empty:
        return []
    out: list[Evidence] = []
    lo = sub.sort_values("_s").iloc[0]
    hi = sub.sort_values("_s").iloc[-1]
    for r, note in ((lo, "most negative passage"), (hi, "most positive passage")):
        if (note.startswith("most negative") and r["_s"] >= 0) or (
                note.startswith("most positive") and r["_s"] <= 0):
            continue
        e = evidence(analysis, r["doc_id"], r["sent_id"],
                     note=f"{note}, score {fmt_tone(r['_s'])}")
        if e is not None and all(e.text != x.text for x in out):
            out.append(e)
    return out


def tone_overview(analysis: Any) -> pd.DataFrame:
    """One row per leader with enough evidence: mentions, mean tone, interval, reading.

    Parameters
    ----------
    analysis : Analysis
        An analysis with a ``leaders`` table (missing counts as empty).

    Returns
    -------
    pandas.DataFrame
        Columns ``leader, mentions, documents, mean tone, interval, reading`` (strings
        formatted as in the prose), sorted from most negative to most positive.
    """
    cols = ["leader", "mentions", "documents", "mean tone", "interval", "reading"]
    ld = table(analysis, "leaders")
    if ld.empty:
        return pd.DataFrame(columns=cols)
    ld = ld.copy()
    for c in ("tone_mean", "tone_ci_low", "tone_ci_high", "mentions", "documents"):
        ld[c] = pd.to_numeric(ld[c], errors="coerce")
    ld = ld[~ld["low_evidence"].map(truthy) & ld["tone_mean"].notna()].sort_values("tone_mean")
    rows = []
    for _, r in ld.iterrows():
        lo, hi = r["tone_ci_low"], r["tone_ci_high"]
        reading = ("leans positive" if pd.notna(lo) and lo > 0 else
                   "leans negative" if pd.notna(hi) and hi < 0 else "no clear lean")
        rows.append({"leader": r["actor"],
                     "mentions": fmt_int(r["mentions"]) if pd.notna(r["mentions"]) else "",
                     "documents": fmt_int(r["documents"]) if pd.notna(r["documents"]) else "",
                     "mean tone": fmt_tone(r["tone_mean"]),
                     "interval": f"{fmt_tone(lo)} to {fmt_tone(hi)}",
                     "reading": reading})
    return pd.DataFrame(rows, columns=cols)
