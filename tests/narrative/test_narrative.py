"""Written findings: numbers come from the tables, thin evidence is said, HTML is inert."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics import Analysis, narrative, schema
from analytics.results.drilldown import (DrillFrame, kwic, sentences_with, stance_evidence_for,
                                 topic_paragraphs)
from conftest import unexplained_numbers


def _leaders(rows):
    return schema.conform("leaders", pd.DataFrame(rows, columns=schema.TABLES["leaders"]))


def _leader(actor, mean, lo, hi, n=20, low=False):
    return {"actor": actor, "mentions": n, "documents": 3, "tone_mean": mean,
            "tone_ci_low": lo, "tone_ci_high": hi, "share_positive": 0.3,
            "share_neutral": 0.5, "share_negative": 0.2, "low_evidence": low}


def _tone_rows(actor, scores_by_doc, prefix):
    rows = []
    for d, scores in enumerate(scores_by_doc):
        for k, sc in enumerate(scores):
            rows.append({"doc_id": f"{prefix}{d}", "sent_id": k, "actor": actor, "kind": "name",
                         "label": int(np.sign(sc)), "score": sc, "start": 0, "end": 1,
                         "role": "present"})
    return rows


def _tone(rows):
    return schema.conform("tone", pd.DataFrame(rows, columns=schema.TABLES["tone"]))


def test_overlapping_intervals_claim_no_difference():
    # the same articles: A a little more negative than B, well within the noise
    rows = (_tone_rows("A", [[-0.3, 0.2], [0.1], [-0.4, 0.3], [0.2], [-0.2], [0.1]], "d")
            + _tone_rows("B", [[0.2, -0.3], [-0.1], [0.3], [-0.2, 0.1], [0.1], [-0.1]], "d"))
    a = Analysis({"leaders": _leaders([_leader("A", -0.10, -0.30, 0.10),
                                       _leader("B", 0.05, -0.15, 0.25)]),
                  "tone": _tone(rows)})
    head = [f for f in narrative.findings(a, ["tone"]) if f.headline][0]
    assert head.caveat
    assert "includes zero" in head.text and "do not show" in head.text
    assert "In these 6 articles" in head.text
    assert "more negative than" not in head.text.split("do not show")[0]
    assert not unexplained_numbers(head.text, head.numbers)


def test_separated_difference_claims_difference_with_numbers():
    rows = (_tone_rows("A", [[-0.6, -0.5], [-0.4], [-0.7], [-0.3, -0.5], [-0.6], [-0.2]], "a")
            + _tone_rows("B", [[0.4], [0.2, 0.3], [0.5], [0.1], [0.4, 0.2], [0.3]], "b"))
    a = Analysis({"leaders": _leaders([_leader("A", -0.40, -0.55, -0.25),
                                       _leader("B", 0.30, 0.15, 0.45),
                                       _leader("C", 0.90, 0.0, 1.0, n=2, low=True)]),
                  "tone": _tone(rows)})
    fs = narrative.findings(a, ["tone"])
    head = [f for f in fs if f.headline][0]
    assert not head.caveat
    assert "coverage around A is more negative than around B" in head.text
    assert "In these 12 articles" in head.text and "excludes zero" in head.text
    assert "-0.40" in head.text and "-0.55" in head.text and "+0.45" in head.text
    # the low-evidence leader is not used in the comparison but reported as thin
    assert "C " not in head.text
    c = [f for f in fs if "Too few mentions" in f.text][0]
    assert c.caveat and "C (2 mentions, 3 articles)" in c.text and "not ranked" in c.text
    assert not [f for f in fs if f.text.startswith("C:")]
    a_line = [f for f in fs if f.text.startswith("A:")][0]
    assert "below zero" in a_line.text and "in these 3 articles" in a_line.text
    for f in fs:
        assert not unexplained_numbers(f.text, f.numbers), f.text


def test_no_difference_claimed_without_the_tone_rows():
    # intervals apart, but no per-article rows to bootstrap the difference: no claim
    a = Analysis({"leaders": _leaders([_leader("A", -0.40, -0.55, -0.25),
                                       _leader("B", 0.30, 0.15, 0.45)])})
    head = [f for f in narrative.findings(a, ["tone"]) if f.headline][0]
    assert head.caveat and "more negative than around" not in head.text


def test_single_sentence_stance_is_flagged():
    stance = pd.DataFrame([
        {"actor": "A", "issue": "sanctions", "stance": "support", "score": 0.8,
         "n_evidence": 4, "evidence": "A backs sanctions."},
        {"actor": "B", "issue": "sanctions", "stance": "oppose", "score": -0.4,
         "n_evidence": 1, "evidence": "B said sanctions hurt."},
    ], columns=schema.TABLES["stance"])
    ev = pd.DataFrame([
        {"actor": "A", "issue": "sanctions", "doc_id": "d1", "sent_id": 0,
         "source": "quote", "label": "support", "score": 0.9, "text": "We back sanctions."},
    ], columns=schema.TABLES["stance_evidence"])
    fs = narrative.findings(Analysis({"stance": stance, "stance_evidence": ev}), ["stance"])
    a = [f for f in fs if f.text.startswith("A supports")][0]
    b = [f for f in fs if f.text.startswith("B opposes")][0]
    assert not a.caveat and "4 pieces of evidence" in a.text
    assert b.caveat and "single sentence" in b.text
    assert b.evidence[0].text == "B said sanctions hurt."
    head = fs[0]
    assert head.headline and "1 of them rests on a single sentence" in head.text
    # the best supported stance is quoted once: with the headline, not again below it
    assert [e.text for e in head.evidence] == ["We back sanctions."]
    assert "We back sanctions." not in [e.text for f in fs[1:] for e in f.evidence]


def test_empty_analysis_says_so():
    fs = narrative.findings(Analysis({}))
    assert {f.section for f in fs} == set(narrative.SECTIONS)
    assert narrative.summary_markdown(Analysis({})).startswith("# Findings")


def test_markdown_and_html_escape_article_text():
    stance = pd.DataFrame([{"actor": "A", "issue": "x", "stance": "support", "score": 1.0,
                            "n_evidence": 2, "evidence": ""}], columns=schema.TABLES["stance"])
    ev = pd.DataFrame([{"actor": "A", "issue": "x", "doc_id": "d", "sent_id": 0,
                        "source": "quote", "label": "support", "score": 1.0,
                        "text": "<script>alert(1)</script> [c](javascript:alert(2)) "
                                "<img src=x onerror=alert(3)>"}],
                      columns=schema.TABLES["stance_evidence"])
    a = Analysis({"stance": stance, "stance_evidence": ev})
    md = narrative.section_markdown(a, "stance")
    assert "<script" not in md and "<img" not in md
    assert "](javascript" not in md
    html = narrative.findings_html(a)
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_seed_findings_numbers_match_tables(report_analysis):
    a = report_analysis
    fs = narrative.findings(a)
    assert {f.section for f in fs} == set(narrative.SECTIONS)
    for f in fs:
        assert not unexplained_numbers(f.text, f.numbers), (f.section, f.text, f.numbers)
    # actors: mention counts recomputed from the mentions table
    m = a.mentions[a.mentions["actor"].notna()]
    counts = m.groupby("actor").size()
    actors = [f for f in fs if f.section == "actors"][0]
    for k, v in actors.numbers.items():
        if k.startswith("mentions[") and "@" not in k:
            assert counts[k[9:-1]] == v
    top = counts.idxmax()
    assert f"The most mentioned is {top}" in actors.text
    # tone: each leader line carries the leaders-table values
    ld = a.leaders.set_index("actor")
    for f in fs:
        if f.section == "tone" and "tone_mean" in f.numbers:
            actor = f.text.split(":")[0]
            assert f.numbers["tone_mean"] == pytest.approx(float(ld.loc[actor, "tone_mean"]))
            assert f.numbers["tone_ci_low"] == pytest.approx(float(ld.loc[actor, "tone_ci_low"]))
            assert narrative.fmt_tone(ld.loc[actor, "tone_ci_high"]) in f.text
    # documents
    corpus = [f for f in fs if f.section == "corpus"][0]
    assert corpus.numbers["documents"] == len(a.documents)


def test_every_stance_has_evidence(report_analysis):
    fs = [f for f in narrative.findings(report_analysis, ["stance"]) if not f.headline]
    assert fs
    for f in fs:
        if "not described here" in f.text or "stance table" in f.text:
            continue
        assert f.evidence, f.text


def test_drilldown(report_analysis):
    a = report_analysis
    top = a.mentions["actor"].value_counts().index[0]
    s = sentences_with(a, top)
    assert isinstance(s, DrillFrame) and len(s) > 0
    assert list(s.columns) == ["doc_id", "title", "sent_id", "actors", "text"]
    assert all(top in acts for acts in s["actors"])
    pair = a.comentions.sort_values("n_units", ascending=False).iloc[0]
    both = sentences_with(a, pair["source"], pair["target"])
    assert 0 < len(both) <= len(sentences_with(a, pair["source"]))
    k = kwic(a, "Ukraine", width=30)
    assert len(k) > 0 and (k["keyword"].str.lower() == "ukraine").all()
    assert (k["left"].str.len() == 30).all()
    t = a.topics.iloc[0]
    tp = topic_paragraphs(a, t["topic"])
    assert len(tp) > 0 and (tp["topic"] == t["topic"]).all()
    assert tp["weight"].is_monotonic_decreasing
    if len(a.stance_evidence):
        actor = a.stance_evidence["actor"].iloc[0]
        se = stance_evidence_for(a, actor)
        assert len(se) > 0 and (se["actor"] == actor).all()
    # long text is shown in full in Jupyter
    assert s["text"].str.len().max() > 50
    assert s["text"].iloc[s["text"].str.len().argmax()][-20:] in s._repr_html_()


def test_corpus_finding_with_dates_outlets_and_skips():
    docs = pd.DataFrame({c: [None] * 4 for c in schema.TABLES["documents"]})
    docs["doc_id"] = ["a", "b", "c", "d"]
    docs["text"] = ["One two.", "Three four.", "Five.", ""]
    docs["n_sentences"] = [1, 1, 1, 0]
    docs["n_chars"] = [8, 11, 5, 0]
    docs["outlet"] = ["BBC", "BBC", "Reuters", None]
    docs["date"] = ["2025-03-01", "2025-03-09", None, None]
    docs["status"] = ["ok", "ok", "ok", "skipped: language 'fr' (p=0.99)"]
    f = narrative.findings(Analysis({"documents": docs}), ["corpus"])[0]
    assert "4 documents" in f.text and "2 outlets" in f.text
    assert "from 2025-03-01 to 2025-03-09" in f.text
    assert "1 document could not be analysed" in f.text
    assert not unexplained_numbers(f.text, f.numbers), f.text


def test_many_leaders_are_capped():
    rows = [_leader(f"L{i}", -0.5 + i * 0.05, -0.6 + i * 0.05, -0.4 + i * 0.05, n=30 + i)
            for i in range(20)]
    fs = narrative.findings(Analysis({"leaders": _leaders(rows)}), ["tone"])
    detailed = [f for f in fs if ": mean tone" in f.text and not f.headline]
    assert len(detailed) == narrative.MAX_DETAILED
    assert any("5 more people" in f.text for f in fs)
