"""Stance on US campaign coverage: evaluative phrases, contrastive negation, irregular
verbs of a subject."""

from __future__ import annotations

import pandas as pd
import pytest
from fixtures.stand_in_mentions import mentions_frame, surface_mentions

from analytics.actors.registry import ActorRegistry
from analytics.stance import load_issues, stance_evidence, stance_table

NAMES = ["Donald Trump", "Elizabeth Warren", "Chris Murphy", "Tim Kaine", "Paul Ryan"]
SURFACES = {**{n: n for n in NAMES}, **{n.split()[-1]: n for n in NAMES}}
REGISTRY = ActorRegistry.from_string(
    "actors:\n" + "".join(f"  - {{name: {n}, gender: male}}\n" for n in NAMES),
    "test registry")
ISSUES = """
issues:
  - id: tpp
    label: Trans-Pacific Partnership
    terms: [trans-pacific partnership, tpp]
    context: [tpp, trade]
  - id: gun_control
    label: Gun control
    terms: [gun control, background checks]
    context: [gun*]
"""


@pytest.fixture(scope="module")
def issues(tmp_path_factory):
    path = tmp_path_factory.mktemp("issues") / "issues.yaml"
    path.write_text(ISSUES, encoding="utf-8")
    return load_issues(path)


def stance_of(issues, text: str) -> dict[tuple[str, str], str]:
    from analytics.corpus.segment import segment_corpus

    docs = pd.DataFrame({"doc_id": ["d0"], "text": [text], "status": "ok"})
    _p, sents = segment_corpus(docs)
    ments = mentions_frame(surface_mentions(text, SURFACES, "d0"))
    st = stance_table(stance_evidence(sents, ments, None, issues, registry=REGISTRY))
    return {(a, i): s for a, i, s in zip(st["actor"], st["issue"], st["stance"])}


@pytest.mark.parametrize("text,actor,issue,label", [
    ('Trump has called the Trans-Pacific Partnership "a rape of our country".',
     "Donald Trump", "tpp", "oppose"),
    ("Sen. Elizabeth Warren said the TPP would tilt the playing field toward multinational "
     "corporations.", "Elizabeth Warren", "tpp", "oppose"),
    ("Paul Ryan said the TPP was a job killer for Wisconsin.", "Paul Ryan", "tpp", "oppose"),
    ("Donald Trump said the answer was not more gun control but better vetting of "
     "immigrants.", "Donald Trump", "gun_control", "oppose"),
    ("Sen. Chris Murphy led a 15-hour filibuster to force a vote on background checks.",
     "Chris Murphy", "gun_control", "support"),
])
def test_stance_on_us_sentences(issues, text, actor, issue, label):
    assert stance_of(issues, text).get((actor, issue)) == label


@pytest.mark.parametrize("text", [
    # a negated verb before the issue is no contrastive rejection of it
    "Tim Kaine has not discussed the TPP but spoke about jobs in Ohio.",
    # "not only X but also Y" adds, it does not reject
    "Tim Kaine talked not only about gun control but also about jobs.",
])
def test_negation_that_is_no_rejection_asserts_nothing(issues, text):
    got = stance_of(issues, text)
    assert got.get(("Tim Kaine", "tpp")) in (None, "neutral")
    assert got.get(("Tim Kaine", "gun_control")) in (None, "neutral")
