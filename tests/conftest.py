"""Shared pytest fixtures.

Sections are owned by different contributors; keep each block separate.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]


# =====================================================================================
# Report, notebooks, narrative (issue #7)
# =====================================================================================

#: A hostile article: HTML/JS in the text must render as text everywhere.
HOSTILE_TEXT = (
    "Keir Starmer met Emmanuel Macron in Paris <script>window.__pwned = 1; alert(1)</script> "
    "on Friday to discuss Ukraine.\n"
    "Starmer said he strongly supports security guarantees for Ukraine "
    "<img src=x onerror=\"window.__pwned = 2; alert(2)\"> and praised the allies.\n"
    "Macron warned that Vladimir Putin cannot be trusted [click](javascript:alert(3)) "
    "and called the attacks a disgrace <b onmouseover=alert(4)>bold</b>.\n"
)

_SYN_ACTORS = {
    "Keir Starmer": ["Keir Starmer", "Starmer", "Sir Keir"],
    "Volodymyr Zelensky": ["Volodymyr Zelenskyy", "Volodymyr Zelensky", "Zelenskyy", "Zelensky"],
    "Vladimir Putin": ["Vladimir Putin", "Putin"],
    "Donald Trump": ["Donald Trump", "Trump"],
    "Emmanuel Macron": ["Emmanuel Macron", "Macron"],
}
_SYN_LEADERS = list(_SYN_ACTORS)
_SYN_TOPICS = {
    0: ("ceasefire planning", ["ceasefire", "peace", "deal", "plans"]),
    1: ("security guarantees", ["security", "troops", "defence", "forces"]),
    2: ("Bucha and war crimes", ["bucha", "war", "russian", "civilians"]),
}
_SYN_ISSUES = {"ukraine security guarantees": ["support", "security"],
               "sanctions on russia": ["sanction", "pressure"],
               "ceasefire": ["ceasefire", "peace"]}


def _score(text: str) -> float:
    pos = len(re.findall(r"\b(support|praise|strong|commit|robust|peace|welcome)\w*", text, re.I))
    neg = len(re.findall(r"\b(war|attack|crime|barbar|aggress|threat|kill|disgrace)\w*", text, re.I))
    return float(np.tanh(0.6 * (pos - neg)))


def synthetic_tables(base) -> dict[str, pd.DataFrame]:
    """Plausible later-stage tables derived from a foundation-only Analysis.

    Used while the actor/topic/tone/stance modules are not available, and for unit
    tests of the narrative that must not depend on model details.
    """
    from analytics import schema

    sents = base.sentences
    paras = base.paragraphs
    rows = []
    for _, s in sents.iterrows():
        taken: list[tuple[int, int]] = []
        for actor, surfaces in _SYN_ACTORS.items():
            for surf in surfaces:
                for m in re.finditer(r"\b" + re.escape(surf) + r"\b", s["text"]):
                    a, b = s["start"] + m.start(), s["start"] + m.end()
                    if any(a < e and b > st for st, e in taken):
                        continue
                    taken.append((a, b))
                    rows.append({"doc_id": s["doc_id"], "sent_id": s["sent_id"],
                                 "para_id": s["para_id"], "actor": actor, "surface": surf,
                                 "start": a, "end": b, "kind": "name", "resolved": True})
    mentions = pd.DataFrame(rows, columns=schema.TABLES["mentions"])
    # co-mentions per sentence
    pairs: dict[tuple[str, str], int] = {}
    for _, g in mentions.groupby(["doc_id", "sent_id"]):
        acts = sorted(set(g["actor"]))
        for i, x in enumerate(acts):
            for y in acts[i + 1:]:
                pairs[(x, y)] = pairs.get((x, y), 0) + 1
    comentions = pd.DataFrame(
        [{"source": x, "target": y, "weight": float(n), "n_units": n, "level": "sentence",
          "measure": "count"} for (x, y), n in pairs.items()],
        columns=schema.TABLES["comentions"])
    # topics by keyword
    body = paras[paras["kind"] == "body"]
    assign = []
    for _, p in body.iterrows():
        low = p["text"].lower()
        scores = {t: sum(low.count(w) for w in terms) for t, (_, terms) in _SYN_TOPICS.items()}
        t, sc = max(scores.items(), key=lambda kv: kv[1])
        assign.append({"doc_id": p["doc_id"], "para_id": p["para_id"], "topic": t,
                       "weight": min(1.0, 0.2 + 0.2 * sc)})
    ta = pd.DataFrame(assign, columns=schema.TABLES["topic_assignments"])
    sizes = ta.groupby("topic").size()
    topics = pd.DataFrame([{"topic": t, "label": lab, "top_terms": terms,
                            "size": int(sizes.get(t, 0)),
                            "weight": float(sizes.get(t, 0) / max(1, len(ta)))}
                           for t, (lab, terms) in _SYN_TOPICS.items()],
                          columns=schema.TABLES["topics"])
    prev = (ta.groupby(["doc_id", "topic"]).size() / ta.groupby("doc_id").size()).rename(
        "share").reset_index()
    mt = mentions.merge(ta[["doc_id", "para_id", "topic"]], on=["doc_id", "para_id"])
    tact = mt.groupby(["actor", "topic"]).size().rename("mentions").reset_index()
    tact["share"] = tact["mentions"] / tact.groupby("actor")["mentions"].transform("sum")
    tact = tact[schema.TABLES["topic_actors"]]
    # tone per (sentence, actor)
    st = mentions.drop_duplicates(["doc_id", "sent_id", "actor"]).merge(
        sents[["doc_id", "sent_id", "text", "start", "end"]], on=["doc_id", "sent_id"],
        suffixes=("_m", ""))
    st["score"] = st["text"].map(_score)
    st["label"] = np.where(st["score"] > 0.05, "positive",
                           np.where(st["score"] < -0.05, "negative", "neutral"))
    st["kind"] = "sentence"
    tone = st[schema.TABLES["tone"]].copy()
    lrows, ldocs = [], []
    for actor in _SYN_LEADERS:
        g = tone[tone["actor"] == actor]
        if g.empty:
            continue
        n = len(g)
        mean = g["score"].mean()
        half = 1.96 * (g["score"].std(ddof=1) if n > 1 else 1.0) / np.sqrt(n)
        lrows.append({"actor": actor, "mentions": int((mentions["actor"] == actor).sum()),
                      "documents": int(g["doc_id"].nunique()), "tone_mean": mean,
                      "tone_ci_low": mean - half, "tone_ci_high": mean + half,
                      "share_positive": (g["label"] == "positive").mean(),
                      "share_neutral": (g["label"] == "neutral").mean(),
                      "share_negative": (g["label"] == "negative").mean(),
                      "low_evidence": n < 5})
        for d, gd in g.groupby("doc_id"):
            ldocs.append({"actor": actor, "doc_id": d, "mentions": len(gd),
                          "tone_mean": gd["score"].mean(),
                          "share_positive": (gd["label"] == "positive").mean(),
                          "share_neutral": (gd["label"] == "neutral").mean(),
                          "share_negative": (gd["label"] == "negative").mean()})
    leaders = pd.DataFrame(lrows, columns=schema.TABLES["leaders"])
    leader_documents = pd.DataFrame(ldocs, columns=schema.TABLES["leader_documents"])
    # stance evidence: leader-mentioning sentences with issue cue words
    ev = []
    for _, s in st.iterrows():
        low = s["text"].lower()
        for issue, cues in _SYN_ISSUES.items():
            if any(c in low for c in cues):
                lab = "support" if s["score"] >= 0 else "oppose"
                ev.append({"actor": s["actor"], "issue": issue, "doc_id": s["doc_id"],
                           "sent_id": s["sent_id"], "source": "sentence", "label": lab,
                           "score": s["score"] if s["score"] else 0.1, "text": s["text"]})
                break
    stance_evidence = pd.DataFrame(ev, columns=schema.TABLES["stance_evidence"])
    srows = []
    for (a, i), g in stance_evidence.groupby(["actor", "issue"]):
        sc = g["score"].mean()
        srows.append({"actor": a, "issue": i, "stance": "support" if sc > 0 else "oppose",
                      "score": sc, "n_evidence": len(g),
                      "evidence": g.iloc[0]["text"]})
    stance = pd.DataFrame(srows, columns=schema.TABLES["stance"])
    cand = pd.DataFrame([{"name": "John Healey", "mentions": 3, "documents": 2,
                          "example": "Defence Secretary John Healey", "cue": "title"}],
                        columns=schema.TABLES["candidates"])
    return {"mentions": mentions, "comentions": comentions, "topics": topics,
            "topic_assignments": ta, "topic_prevalence": prev, "topic_actors": tact,
            "tone": tone, "leaders": leaders, "leader_documents": leader_documents,
            "stance_evidence": stance_evidence, "stance": stance, "candidates": cand,
            "quotes": schema.empty("quotes")}


def with_synthetic(analysis):
    """``analysis`` with every empty later-stage table filled synthetically."""
    from analytics import Analysis

    syn = synthetic_tables(analysis)
    tables = dict(analysis.tables)
    for name, df in syn.items():
        if tables.get(name) is None or len(tables[name]) == 0:
            tables[name] = df
    return Analysis(tables, dict(analysis.options))


def hostile_corpus(tmp_path: Path) -> Path:
    """The seeds plus one hostile article, as a folder of .txt files."""
    src = tmp_path / "corpus"
    src.mkdir()
    for f in sorted((ROOT / "seeds").glob("*.txt")):
        shutil.copy(f, src / f.name)
    (src / "999_hostile.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    return src


@pytest.fixture(scope="session")
def seeds_analysis():
    """``analytics.analyze()`` on the bundled seeds, computed once per session."""
    import analytics

    return analytics.analyze(progress=False)


@pytest.fixture(scope="session")
def report_analysis(tmp_path_factory):
    """Analysis of the seeds plus a hostile article (synthetic tables fill any stage
    not yet implemented), computed once per session."""
    import analytics

    src = hostile_corpus(tmp_path_factory.mktemp("hostile"))
    a = analytics.analyze(src, progress=False)
    return with_synthetic(a)


@pytest.fixture(scope="session")
def built_report(tmp_path_factory, report_analysis):
    """A full report built once per session on seeds + hostile article."""
    from analytics.report import build_report

    out = tmp_path_factory.mktemp("report") / "reports"
    index = build_report(out=out, analysis=report_analysis, progress=False)
    return index.parent


_QUOTED = re.compile(r"\u201c[^\u201d]*\u201d")
_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_NUMBER = re.compile(r"(?<![\w.])[+-]?\d[\d,]*(?:\.\d+)?%?")


def allowed_number_strings(numbers: dict) -> set[str]:
    """Every way the narrative may print the values of a Finding.numbers dict."""
    from analytics.narrative import fmt_int, fmt_num, fmt_pct, fmt_tone

    out: set[str] = set()
    for v in numbers.values():
        if isinstance(v, str):
            out.add(v)
        elif isinstance(v, (bool, np.bool_)):
            continue
        elif isinstance(v, (int, np.integer)):
            out.add(fmt_int(v))
        else:
            out |= {fmt_tone(v), fmt_pct(v), fmt_num(v), f"{float(v):.2f}"}
    return out


def unexplained_numbers(text: str, numbers: dict) -> list[str]:
    """Numbers printed in ``text`` (outside quoted titles/labels) that are not values
    of ``numbers``."""
    body = _QUOTED.sub(" ", text)
    allowed = allowed_number_strings(numbers)
    bad = [d for d in _DATE.findall(body) if d not in allowed]
    body = _DATE.sub(" ", body)
    for tok in _NUMBER.findall(body):
        tok = tok.rstrip(",")
        if tok not in allowed and tok.lstrip("+") not in allowed:
            bad.append(tok)
    return bad
