"""Headlines are read like body text: the people they name get tone rows."""

from __future__ import annotations

import pandas as pd

import analytics


def test_a_headline_names_and_judges_a_person():
    docs = pd.DataFrame({
        "id": ["a"],
        "date": ["2005-03-17"],
        "text": ["Critics savage Brown over pension raid\n\n"
                 "Chancellor Gordon Brown presented his Budget on Wednesday. Mr Brown said "
                 "growth would stay strong."],
    })
    a = analytics.analyze(docs, n_topics=1, progress=False)
    head = a.sentences[a.sentences["sent_id"] == 0]
    assert head["text"].tolist() == ["Critics savage Brown over pension raid"]
    m = a.mentions[a.mentions["sent_id"] == 0]
    assert m["actor"].tolist() == ["Gordon Brown"]
    tone = a.tone[(a.tone["sent_id"] == 0) & (a.tone["actor"] == "Gordon Brown")]
    assert len(tone) == 1 and tone["label"].iloc[0] == -1
