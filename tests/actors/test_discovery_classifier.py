"""Discovery of persons with the learned span classifier, on sentences written for it.

An uncued name (no title, role, speech verb or apposition) is a person when the span
classifier is confident; a cued name the classifier is confident is no person (a place
or an organisation followed by "said") is rejected.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analytics.actors import find_mentions
from analytics.actors.mentions import discovery_evidence
from analytics.schema import TABLES


def sentences_of(docs: dict[str, str]) -> pd.DataFrame:
    """One paragraph per document, cut at sentence punctuation, with offsets."""
    rows = []
    for doc_id, text in docs.items():
        for m in re.finditer(r"[^.!?\s][^.!?]*[.!?]", text):
            rows.append((doc_id, len(rows), 0, m.start(), m.end(), m.group()))
    return pd.DataFrame(rows, columns=TABLES["sentences"])


def run(text: str, **kw):
    m, c = find_mentions(sentences_of({"d1": text}), **kw)
    for s, e, surf in zip(m["start"], m["end"], m["surface"]):
        assert text[s:e] == surf
    return m, c

UNCUED = (
    "Critics such as Nigel Lawson have attacked the plan as a tax on pensioners. "
    "The former chancellor has long argued for a simpler system. "
    "Lawson wrote to every Conservative MP on Tuesday."
)
NON_PERSONS = (
    "Officials in San Diego closed the bridge after the storm. "
    "San Diego, which owns the bridge, said it would reopen on Monday. "
    "The Campaign for Nuclear Disarmament said the march would go ahead. "
    "Margaret Hodge, who chairs the committee, said the report was damning."
)


def test_uncued_person_is_discovered_with_classifier_cue():
    m, c = run(UNCUED)
    found = m[m["kind"] == "discovered"]
    assert found["surface"].tolist() == ["Nigel Lawson", "Lawson"]
    assert set(found["actor"]) == {"Nigel Lawson"}
    row = c[c["name"] == "Nigel Lawson"].iloc[0]
    assert row["cue"] == "classifier" and row["mentions"] == 2


def test_without_discovery_the_uncued_name_is_not_a_mention():
    m, _ = run(UNCUED, discover=False)
    assert "Nigel Lawson" not in m["actor"].tolist()


def test_place_and_organisation_with_speech_cue_are_not_persons():
    m, c = run(NON_PERSONS)
    surfaces = m["surface"].tolist()
    for name in ("San Diego", "Nuclear Disarmament"):
        assert not any(name in s for s in surfaces), name
        assert name not in c["name"].tolist()
    # a person with the same kind of cue is kept
    assert "Margaret Hodge" in m["actor"].tolist()
    assert c.loc[c["name"] == "Margaret Hodge", "cue"].tolist() == ["speech"]


@pytest.mark.parametrize("order", [("a", "b"), ("b", "a")])
def test_evidence_of_a_document_does_not_depend_on_the_other_documents(order):
    docs = {"a": UNCUED, "b": NON_PERSONS}
    together = dict(discovery_evidence(sentences_of({k: docs[k] for k in order})))
    for k in order:
        alone = dict(discovery_evidence(sentences_of({k: docs[k]})))
        assert alone.get(k) == together.get(k)
    assert [e.tokens for e in together["a"]] == [("Nigel", "Lawson")]
