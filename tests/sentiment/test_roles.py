"""Tone roles: the accuser is the source, the accused the target; summaries use portrayal."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from fixtures.stand_in_mentions import sentence_tables

from analytics import schema
from analytics.sentiment import leader_documents, leader_summary, tone_table
from analytics.sentiment.roles import mention_roles, speech_acts

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "tone" / "accusations.jsonl"


def test_readme_example_negative_for_putin_not_starmer():
    sents, ments = sentence_tables([("Starmer accused Putin of playing games.",
                             [("Starmer", "Keir Starmer"), ("Putin", "Vladimir Putin")])])
    tone = tone_table(sents, ments)
    assert list(tone.columns[:len(schema.TABLES["tone"])]) == schema.TABLES["tone"]
    tone = tone.set_index("actor")
    assert tone.loc["Keir Starmer", "role"] == "source"
    assert tone.loc["Keir Starmer", "label"] == 0
    assert tone.loc["Vladimir Putin", "role"] == "target"
    assert tone.loc["Vladimir Putin", "label"] == -1
    leaders = leader_summary(tone.reset_index(), n_boot=0).set_index("actor")
    assert "Keir Starmer" not in leaders.index  # his accusation is not his portrayal
    assert leaders.loc["Vladimir Putin", "tone_mean"] < -0.5


def test_accusation_sentences_leave_the_source_neutral():
    rows = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 50
    sents, ments = sentence_tables([(r["text"], [(r["source"], "S:" + r["source"]),
                                         (r["target"], "T:" + r["target"])]) for r in rows])
    tone = tone_table(sents, ments)
    src = tone[tone["actor"].str.startswith("S:")]
    tgt = tone[tone["actor"].str.startswith("T:")]
    assert len(src) == len(rows)
    assert (src["role"] == "source").mean() >= 0.95
    assert (src["label"] == 0).mean() >= 0.9
    # the accused or praised keeps the model's reading
    pol = pd.Series([r["polarity"] for r in rows])
    evaluative = tgt["role"].to_numpy() == "target"
    assert evaluative.mean() >= 0.9
    assert (tgt["label"].to_numpy()[evaluative] == pol.to_numpy()[evaluative]).mean() >= 0.9


@pytest.mark.parametrize("text, names, roles", [
    ("Putin was accused by Starmer of lying.", ["Putin", "Starmer"], ["target", "source"]),
    ("Trump has been criticised by Pelosi.", ["Trump", "Pelosi"], ["target", "source"]),
    ('"We will win," said Starmer.', ["Starmer"], ["source"]),
    ("According to Biden, Trump lied.", ["Biden", "Trump"], ["source", "present"]),
    ("Putin's spokesman said Starmer was wrong.", ["Putin", "Starmer"], ["present", "present"]),
    ("Merkel and Macron criticised Trump.", ["Merkel", "Macron", "Trump"],
     ["source", "source", "target"]),
    ("Macron, the French president, praised Merkel.", ["Macron", "Merkel"],
     ["source", "target"]),
    ("Obama on Tuesday praised Romney.", ["Obama", "Romney"], ["source", "target"]),
    ("Johnson met Macron in Paris.", ["Johnson", "Macron"], ["present", "present"]),
    ("Critics attacked Sunak over the budget.", ["Sunak"], ["target"]),
])
def test_roles_of_sentence_patterns(text, names, roles):
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    assert mention_roles(text, spans) == roles


def test_negated_evaluation_is_marked():
    text = "Starmer did not criticise Putin."
    _roles, acts = speech_acts(text, [(0, 7), (26, 31)])
    assert acts and acts[0].negated and acts[0].targets == [1]


def test_a_source_keeps_what_portrays_it():
    # the accuser is described in unflattering terms before the verb: that is portrayal
    sents, ments = sentence_tables([("Trump, the disgraced and corrupt former president, attacked "
                             "Biden over the border.", [("Trump", "T"), ("Biden", "B")])])
    tone = tone_table(sents, ments).set_index("actor")
    assert tone.loc["T", "role"] == "source"
    assert tone.loc["T", "label"] == -1


def test_summaries_leave_source_rows_out():
    rows = []
    for d in range(6):
        rows.append({"doc_id": f"d{d}", "sent_id": 0, "actor": "A", "kind": "name",
                     "label": 1, "score": 0.5, "start": 0, "end": 1, "role": "present"})
        rows.append({"doc_id": f"d{d}", "sent_id": 1, "actor": "A", "kind": "name",
                     "label": -1, "score": -0.9, "start": 0, "end": 1, "role": "source"})
    tone = pd.DataFrame(rows, columns=schema.TABLES["tone"])
    s = leader_summary(tone, n_boot=200).iloc[0]
    assert s["mentions"] == 6 and s["tone_mean"] == pytest.approx(0.5)
    ld = leader_documents(tone)
    assert ld["mentions"].sum() == 6 and (ld["tone_mean"] == 0.5).all()
