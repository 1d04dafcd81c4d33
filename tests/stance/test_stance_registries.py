"""Custom actor and issue registries reach stance evidence when passed explicitly."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analytics.actors import find_mentions
from analytics.actors.registry import load_registry
from analytics.corpus.segment import segment_corpus
from analytics.stance import load_issues, stance_evidence

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "uk2005"
TEXT = ("The Tories reject the hunting ban. Michael Howard opposes identity cards, "
        "but Charles Clarke backs identity cards.")


@pytest.fixture(scope="module")
def uk2005():
    docs = pd.DataFrame({"doc_id": ["d0"], "text": [TEXT], "status": ["ok"],
                         "date": [pd.Timestamp("2005-03-01")]})
    _p, sents = segment_corpus(docs)
    actors = load_registry(FIXTURES / "actors.yaml", extend_default=False)
    issues = load_issues(FIXTURES / "issues.yaml")
    mentions, _c = find_mentions(sents, actors, pronouns=True, discover=False, documents=docs)
    return sents, mentions, actors, issues


def _found(ev: pd.DataFrame) -> set[tuple[str, str, str]]:
    return set(zip(ev["actor"], ev["issue"], ev["label"]))


def test_custom_actor_and_issue_registries_reach_stance_evidence(uk2005):
    sents, mentions, actors, issues = uk2005
    ev = stance_evidence(sents, mentions, None, issues, registry=actors)
    # "Tories" is a name of the custom registry's Conservatives scope: a subject
    assert _found(ev) == {("Conservatives", "hunting_ban", "oppose"),
                          ("Michael Howard", "id_cards", "oppose"),
                          ("Charles Clarke", "id_cards", "support")}
    tories = ev[ev["actor"] == "Conservatives"].iloc[0]
    assert tories["text"] == "The Tories reject the hunting ban."
    assert tories["trigger"] == "hunting ban"


def test_without_the_custom_registries_their_evidence_is_missing(uk2005):
    sents, mentions, _actors, issues = uk2005
    # the bundled actor registry has no "Tories" scope; the bundled issues no id_cards
    assert ("Conservatives", "hunting_ban", "oppose") not in _found(
        stance_evidence(sents, mentions, None, issues))
    assert stance_evidence(sents, mentions, None).empty


def test_an_actor_registry_of_another_type_is_refused(uk2005):
    sents, mentions, _actors, issues = uk2005
    with pytest.raises(TypeError, match="ActorRegistry"):
        stance_evidence(sents, mentions, None, issues, registry={"actors": []})
