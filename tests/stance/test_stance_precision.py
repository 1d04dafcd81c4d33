"""Precision of stance evidence: who holds the position, conditionals, evaluative
predicates, issue direction, anaphors, weak evidence and the issue fit check."""

from __future__ import annotations

import logging

import pandas as pd
import pytest
from fixtures.stand_in_mentions import mentions_frame, surface_mentions

from analytics.actors.registry import ActorRegistry
from analytics.quotes import extract_quotes
from analytics.stance import (claims_table, issue_fit, load_issues, stance_evidence,
                              stance_table)

SURFACES = {
    "Anna Novak": "Anna Novak", "Novak": "Anna Novak", "Ms Novak": "Anna Novak",
    "Piotr Berg": "Piotr Berg", "Berg": "Piotr Berg", "Mr Berg": "Piotr Berg",
    "Lena Lopez": "Lena Lopez", "Lopez": "Lena Lopez",
    "Marek Kowal": "Marek Kowal", "Kowal": "Marek Kowal",
    "the chancellor": "Tomas Brandt", "Tomas Brandt": "Tomas Brandt", "Brandt": "Tomas Brandt",
}
REGISTRY = ActorRegistry.from_string("""
scopes:
  Freedonia: {names: [Freedonia], adjectives: [Freedonian]}
  Sylvania: {names: [Sylvania], adjectives: [Sylvanian]}
actors:
  - {name: Anna Novak, gender: female, country: Freedonia}
  - {name: Piotr Berg, gender: male, country: Freedonia}
  - {name: Lena Lopez, gender: female, country: Sylvania}
  - {name: Marek Kowal, gender: male}
  - {name: Tomas Brandt, gender: male}
""", "fictional registry")

ISSUES = """
issues:
  - id: id_cards
    label: Identity cards
    terms: [identity card*]
    against: [repeal* ... identity card*]
    anaphors: [the plans, the scheme]
    context: [identity]
  - id: asylum_quotas
    label: Asylum quotas
    terms: [asylum quota*]
    anaphors: [the plans]
    context: [asylum]
  - id: arms_embargo
    label: Arms embargo
    terms: [arms embargo]
    against: [lift* ... embargo]
    anaphors: [the embargo]
    context: [embargo]
  - id: constitution
    label: The constitution
    terms: [constitution]
"""


@pytest.fixture(scope="module")
def issues(tmp_path_factory):
    path = tmp_path_factory.mktemp("issues") / "issues.yaml"
    path.write_text(ISSUES, encoding="utf-8")
    return load_issues(path)


def evidence(issues, *texts: str) -> pd.DataFrame:
    from analytics.corpus.segment import segment_corpus

    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": list(texts),
                         "status": "ok"})
    _p, sents = segment_corpus(docs)
    rows = []
    for d, text in zip(docs["doc_id"], docs["text"]):
        rows += surface_mentions(text, SURFACES, d)
    ments = mentions_frame(rows)
    q = extract_quotes(docs, sents, ments, registry=REGISTRY)
    return stance_evidence(sents, ments, q, issues, registry=REGISTRY)


def stance_of(issues, text: str) -> dict[tuple[str, str], str]:
    st = stance_table(evidence(issues, text))
    return {(a, i): s for a, i, s in zip(st["actor"], st["issue"], st["stance"])}


# --------------------------------------------------------------------------- polarity
@pytest.mark.parametrize("text,actor,issue,label", [
    # a conditional: the consequence the speaker gives the hypothesis decides
    ('"If we turn down this constitution, Freedonia will be isolated," Novak said.',
     "Anna Novak", "constitution", "support"),
    ("Novak warned that Freedonia risks being sidelined if voters reject the constitution.",
     "Anna Novak", "constitution", "support"),
    ("Berg said Freedonia would be safer if voters rejected the constitution.",
     "Piotr Berg", "constitution", "oppose"),
    # evaluative predicates, and the direction of the issue ("lifting" is against it)
    ("Berg said that lifting the arms embargo would be irresponsible.",
     "Piotr Berg", "arms_embargo", "support"),
    ("Kowal said scrapping identity cards would send the wrong signal to fraudsters.",
     "Marek Kowal", "id_cards", "support"),
    ("Lopez backed lifting the arms embargo.", "Lena Lopez", "arms_embargo", "oppose"),
    ("Lopez has pressed hard for the arms embargo to be lifted.",
     "Lena Lopez", "arms_embargo", "oppose"),
    ("Novak said the constitution was good for Freedonia.", "Anna Novak", "constitution",
     "support"),
    ("Berg said the constitution was not realistic.", "Piotr Berg", "constitution", "oppose"),
    ("Kowal called the constitution a dangerous mistake.", "Marek Kowal", "constitution",
     "oppose"),
    ("Lopez described identity cards as an expensive white elephant.", "Lena Lopez",
     "id_cards", "oppose"),
    ("Kowal ridiculed the asylum quotas.", "Marek Kowal", "asylum_quotas", "oppose"),
    ("Novak mocked the asylum quota proposal.", "Anna Novak", "asylum_quotas", "oppose"),
    # coordinated verbs share one object: "repeal and replace" is one reversal
    ("Berg vowed to repeal and replace identity cards.", "Piotr Berg", "id_cards", "oppose"),
    # a name in apposition to a role of the same person
    ("But the chancellor, Tomas Brandt, said he could no longer support identity cards.",
     "Tomas Brandt", "id_cards", "oppose"),
    # a second verb phrase of the same subject after "but"
    ("Novak said ministers would study the options but rejected asylum quotas for now.",
     "Anna Novak", "asylum_quotas", "oppose"),
])
def test_stance_on_real_sentences(issues, text, actor, issue, label):
    assert stance_of(issues, text).get((actor, issue)) == label


# --------------------------------------------------------------------------- the source
def test_a_position_reported_by_someone_else_is_not_theirs(issues):
    found = stance_of(issues, "Novak told MPs that Berg had backed identity cards "
                              "for years.")
    assert ("Anna Novak", "id_cards") not in found
    assert ("Piotr Berg", "id_cards") not in found


def test_third_parties_in_a_reported_clause_are_not_the_speaker(issues):
    found = stance_of(issues, "Novak said critics who wanted to scrap identity cards had "
                              "no alternative.")
    assert found.get(("Anna Novak", "id_cards")) != "oppose"


def test_own_country_speaks_for_the_speaker_another_does_not(issues):
    own = stance_of(issues, "Novak said Freedonia supported identity cards.")
    other = stance_of(issues, "Novak said Sylvania supported identity cards.")
    assert own.get(("Anna Novak", "id_cards")) == "support"
    assert ("Anna Novak", "id_cards") not in other


def test_an_object_after_a_preposition_is_not_a_subject(issues):
    found = stance_of(issues, "Lopez said the constitution agreed with Freedonia had "
                              "kept the region safer.")
    assert "Freedonia" not in {a for a, _i in found}


# --------------------------------------------------------------------------- anaphors
def test_a_shared_anaphor_goes_to_the_issue_named_last(issues):
    ev = evidence(issues, "Novak spoke about asylum quotas on Monday. Berg discussed "
                          "identity cards. Kowal said the plans were a waste of money.")
    kowal = ev[ev["actor"] == "Marek Kowal"]
    assert list(kowal["issue"]) == ["id_cards"] and list(kowal["label"]) == ["oppose"]


# --------------------------------------------------------------------------- weak evidence
def test_weak_evidence_is_kept_but_gives_no_stance(issues):
    ev = evidence(issues, "Brandt was not asked about identity cards at the meeting.")
    row = ev[ev["actor"] == "Tomas Brandt"].iloc[0]
    assert row["note"] == "weak" and 0 < abs(row["score"]) < 0.3
    assert stance_table(ev).empty


# --------------------------------------------------------------------------- fit check
def test_documents_outside_the_story_do_not_count(tmp_path):
    path = tmp_path / "issues.yaml"
    path.write_text("story:\n  label: the Freedonian election\n  terms: [freedonia*]\n"
                    + ISSUES, encoding="utf-8")
    reg = load_issues(path)
    assert reg.story == "the Freedonian election"
    ev = evidence(reg, "Kowal backed identity cards on Monday.",
                  "In Freedonia, Novak backed identity cards on Monday.")
    notes = dict(zip(ev["actor"], ev["note"]))
    assert notes == {"Marek Kowal": "off_story", "Anna Novak": ""}
    assert list(stance_table(ev)["actor"]) == ["Anna Novak"]


def test_bundled_issues_on_other_coverage_say_they_do_not_fit():
    texts = ["Berg said lifting the arms embargo on China would be irresponsible. Kowal "
             "backed new sanctions on Iran.",
             "Lopez said the ceasefire line dividing Kashmir had held and backed sending "
             "peacekeeping troops to Cyprus."]
    reg = load_issues()
    ev = evidence(reg, *texts)
    docs = pd.DataFrame({"doc_id": ["d0", "d1"], "status": "ok"})
    assert len(ev) and set(ev["note"]) == {"off_story"}
    assert stance_table(ev).empty
    fit = issue_fit(docs, ev, reg)
    assert not fit.fits and fit.off_story == 2
    assert "does not fit" in fit.message and "war in Ukraine" in fit.message
    assert "analytics issues --init" in fit.message and "docs/issues.md" in fit.message


def test_no_evidence_at_all_says_what_the_list_covers(issues):
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "status": "ok"})
    fit = issue_fit(docs, evidence(issues, "Novak visited a school."), issues)
    assert not fit.fits and fit.findings == 0
    assert "No stance" in fit.message and "Identity cards" in fit.message


def test_a_fitting_list_says_nothing(issues):
    docs = pd.DataFrame({"doc_id": ["d0"], "status": "ok"})
    fit = issue_fit(docs, evidence(issues, "Novak backed identity cards."), issues)
    assert fit.fits and fit.message == "" and fit.findings == 1


def test_the_run_warns_when_the_bundled_issues_do_not_fit(caplog):
    import analytics

    texts = pd.DataFrame({"id": ["a", "b"], "text": [
        "Tony Blair said lifting the arms embargo on China would be irresponsible.",
        "Michael Howard said a Conservative government would repeal the hunting ban."]})
    with caplog.at_level(logging.WARNING):
        a = analytics.analyze(texts, progress=False, n_topics=2)
    fit = a.extras["issue_fit"]
    assert not fit.fits and a.stance[a.stance["stance"] != "neutral"].empty
    assert any("stance:" in r.getMessage() and "analytics issues --init" in r.getMessage()
               for r in caplog.records)


def test_story_must_be_a_mapping(tmp_path):
    from analytics.errors import RegistryError

    path = tmp_path / "issues.yaml"
    path.write_text("story: [ukraine]\n" + ISSUES, encoding="utf-8")
    with pytest.raises(RegistryError, match="line 1.*'story' must be a mapping"):
        load_issues(path)


# --------------------------------------------------------------------------- claims
def test_claims_without_an_issue_list():
    from analytics.corpus.segment import segment_corpus

    text = ("Novak rejected the new harbour tariff. Berg vowed to tear up the fishing "
            "treaty. Kowal did not back the airport expansion. Lopez said Novak had "
            "welcomed the rail strike.")
    docs = pd.DataFrame({"doc_id": ["d0"], "text": [text], "status": "ok"})
    _p, sents = segment_corpus(docs)
    ments = mentions_frame(surface_mentions(text, SURFACES, "d0"))
    cl = claims_table(sents, ments, registry=REGISTRY)
    got = set(zip(cl["actor"], cl["object"], cl["polarity"]))
    assert got == {("Anna Novak", "new harbour tariff", -1),
                   ("Piotr Berg", "fishing treaty", -1),
                   ("Marek Kowal", "airport expansion", -1)}
    assert list(cl.columns) == ["actor", "object", "polarity", "verb", "doc_id", "sent_id",
                                "text"]
