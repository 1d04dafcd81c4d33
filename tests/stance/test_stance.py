"""Issue registry, stance classification, evidence and aggregation (analytics.stance)."""

from __future__ import annotations

import pandas as pd
from fixtures.stand_in_mentions import mentions_frame, surface_mentions
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.actors.registry import ActorRegistry
from analytics.errors import RegistryError
from analytics.quotes import extract_quotes
from analytics.schema import TABLES
from analytics.stance import (classify_text, compile_pattern, load_issues, stance_evidence,
                              stance_table)

REQUIRED = {"nato_membership", "peacekeeping_troops", "ceasefire", "sanctions", "military_aid",
            "minerals_deal", "defence_spending", "territorial_concessions"}

# a fictional world: the rules must not depend on the demo corpus
SURFACES = {
    "Anna Novak": "Anna Novak", "Novak": "Anna Novak", "Ms Novak": "Anna Novak",
    "Piotr Berg": "Piotr Berg", "Berg": "Piotr Berg",
    "Lena Lopez": "Lena Lopez", "Lopez": "Lena Lopez",
    "Marek Kowal": "Marek Kowal", "Kowal": "Marek Kowal",
    "the chancellor": "Tomas Brandt", "The chancellor": "Tomas Brandt", "Brandt": "Tomas Brandt",
}
REGISTRY = ActorRegistry.from_string("""
scopes:
  Freedonia: {names: [Freedonia], adjectives: [Freedonian]}
  Sylvania: {names: [Sylvania], adjectives: [Sylvanian]}
actors:
  - {name: Anna Novak, gender: female}
  - {name: Piotr Berg, gender: male}
  - {name: Lena Lopez, gender: female}
  - {name: Marek Kowal, gender: male}
  - {name: Tomas Brandt, gender: male}
""", "fictional registry")


def _mentions(docs: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for d, text in zip(docs["doc_id"], docs["text"]):
        rows += surface_mentions(text, SURFACES, d)
    return mentions_frame(rows)


def evidence(*texts: str) -> pd.DataFrame:
    from analytics.corpus.segment import segment_corpus

    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": list(texts),
                         "status": "ok"})
    _p, sents = segment_corpus(docs)
    ments = _mentions(docs)
    q = extract_quotes(docs, sents, ments, registry=REGISTRY)
    return stance_evidence(sents, ments, q, registry=REGISTRY)


def only(ev: pd.DataFrame, actor: str, issue: str) -> pd.Series:
    rows = ev[(ev["actor"] == actor) & (ev["issue"] == issue)]
    assert len(rows) == 1, ev[["actor", "issue", "label", "score", "text"]]
    return rows.iloc[0]


# --------------------------------------------------------------------------- registry
def test_default_registry_has_the_required_issues():
    reg = load_issues()
    assert REQUIRED <= set(reg.ids)
    for issue in reg:
        assert issue.label and issue.terms


@pytest.mark.parametrize("issue,text", [
    ("defence_spending", "a rise in defence spending"),
    ("defence_spending", "a rise in defense spending"),
    ("defence_spending", "to 3.5% of GDP"),
    ("ceasefire", "a cease-fire now"),
    ("ceasefire", "an immediate truce"),
    ("sanctions", "new sanctions packages"),
    ("nato_membership", "hopes of joining NATO"),
    ("peacekeeping_troops", "to send 5,000 troops"),
    ("peacekeeping_troops", "European peacekeepers"),
    ("minerals_deal", "a rare-earths agreement"),
    ("territorial_concessions", "to cede territory"),
    ("military_aid", "more air defence systems"),
    ("military_aid", "more air defense systems"),
])
def test_triggers_cover_inflections_synonyms_and_spellings(issue, text):
    assert load_issues().get(issue).find(text.lower())


def test_pattern_language():
    assert compile_pattern("sanction*").search("sanctioned firms")
    assert compile_pattern("defen*e").search("defense") and compile_pattern("defen*e").search("defence")
    assert compile_pattern("send|deploy ... troops").search("deploy up to 10,000 troops")
    assert not compile_pattern("send|deploy ... troops").search("deploy a b c d e f troops")
    assert compile_pattern("cease fire").search("cease-fire")
    assert compile_pattern(r"re:\bgdp\b").search("share of GDP")
    assert not compile_pattern("nato").search("natoli")


def test_user_registry_file(tmp_path):
    p = tmp_path / "issues.yaml"
    p.write_text("issues:\n  - id: tariffs\n    label: Tariffs\n    terms: [tariff*, import duties]\n"
                 "    against: [free trade]\n", encoding="utf-8")
    reg = load_issues(p)
    assert reg.ids == ["tariffs"]
    assert classify_text("Novak rejects new tariffs.", reg.get("tariffs")).label == "oppose"
    assert classify_text("Novak backs free trade.", reg.get("tariffs")).label == "oppose"


@pytest.mark.parametrize("body,line,needle", [
    ("issues:\n  - id: a\n    terms: [x]\n  - label: no id\n    terms: [y]\n", 4, "without 'id'"),
    ("issues:\n  - id: a\n    terms: [x]\n  - id: a\n    terms: [y]\n", 4, "duplicate"),
    ("issues:\n  - id: a\n    terms: ['re:(']\n", 3, "bad terms pattern"),
    ("issues:\n  - id: a\n    terms: [x\n", 4, "invalid YAML"),
    ("issues:\n  - id: a\n    colour: red\n    terms: [x]\n", 2, "unknown field"),
    ("issues:\n  - id: b\n    terms: []\n", 2, "no terms"),
])
def test_malformed_registry_names_file_and_line(tmp_path, body, line, needle):
    p = tmp_path / "bad.yaml"
    p.write_text(body, encoding="utf-8")
    with pytest.raises(RegistryError) as err:
        load_issues(p)
    msg = str(err.value)
    assert f"bad.yaml, line {line}," in msg, msg
    assert needle in msg


# --------------------------------------------------------------------------- classifier
@pytest.mark.parametrize("text,issue,label", [
    ("The government will not accept foreign troops on its soil.", "peacekeeping_troops", "oppose"),
    ("Berg backs the deployment of European peacekeepers.", "peacekeeping_troops", "support"),
    ("Lopez rules out any ceasefire before the spring.", "ceasefire", "oppose"),
    ("Kowal refused to approve the minerals deal.", "minerals_deal", "oppose"),
    ("Novak insists the country must join NATO.", "nato_membership", "support"),
    ("Novak is committed to a rise in defence spending.", "defence_spending", "support"),
    ("Berg dismissed calls for new sanctions.", "sanctions", "oppose"),
    ("Lopez rejects any talk of territorial concessions.", "territorial_concessions", "oppose"),
    ("There can be no talks about a truce.", "ceasefire", "oppose"),
    ("The army is unlikely to regain its lost territory.", "territorial_concessions", "support"),
    ("She never wanted the country to join NATO.", "nato_membership", "oppose"),
    ("He has urged allies to send more air defence systems.", "military_aid", "support"),
    ("The ministry halted military aid for a month.", "military_aid", "oppose"),
    ("The council will lift sanctions next week.", "sanctions", "oppose"),
    ("The council lifted the sanctions on imports.", "sanctions", "oppose"),
    ("The summit discussed a ceasefire.", "ceasefire", "neutral"),
])
def test_negation_modality_and_verbs(text, issue, label):
    j = classify_text(text, load_issues().get(issue))
    assert j.label == label, (j, text)
    assert -1 <= j.score <= 1
    assert (j.score > 0) == (label == "support") and (j.score < 0) == (label == "oppose")


def test_hedges_weaken_but_keep_the_direction():
    issue = load_issues().get("peacekeeping_troops")
    firm = classify_text("Novak will send troops.", issue)
    soft = classify_text("Novak may consider sending troops.", issue)
    assert firm.label == soft.label == "support"
    assert 0 < soft.score < firm.score


def test_scope_ends_at_a_clause_break():
    issue = load_issues().get("sanctions")
    j = classify_text("Berg will not resign, but he backs new sanctions.", issue)
    assert j.label == "support"


# --------------------------------------------------------------------------- evidence
def test_evidence_columns_follow_the_contract():
    ev = evidence("Novak backs new sanctions on Sylvania.")
    assert list(ev.columns[: len(TABLES["stance_evidence"])]) == TABLES["stance_evidence"]


def test_reported_speech_subject_and_negation():
    ev = evidence("Ms Novak said on Monday that Freedonia will not accept foreign troops.")
    r = only(ev, "Anna Novak", "peacekeeping_troops")
    assert (r.source, r.label) == ("reported", "oppose") and r.score < 0


def test_quote_evidence_is_attributed_to_the_speaker():
    ev = evidence("“We will keep the sanctions in place for as long as it takes,” Novak said.")
    r = only(ev, "Anna Novak", "sanctions")
    assert (r.source, r.label) == ("quote", "support")
    assert r.text.startswith("We will keep")


def test_name_inside_a_quote_is_not_the_stance_holder():
    ev = evidence("“Berg backs sending peacekeepers, but he is wrong,” Novak said.")
    assert ev[ev["actor"] == "Piotr Berg"].empty


def test_spokesperson_quote_is_not_the_leaders_quote():
    text = ("The chancellor met bankers on Tuesday.\n"
            "“We will not lift sanctions on Sylvania,” a Finance Ministry spokesperson said.")
    ev = evidence(text)
    r = only(ev, "Finance Ministry", "sanctions")
    assert r.source == "quote" and r.label == "support"
    assert ev[(ev["actor"] == "Tomas Brandt") & (ev["source"] == "quote")].empty


def test_country_as_subject():
    ev = evidence("Sylvania insists it will never accept Western forces near its border.")
    assert only(ev, "Sylvania", "peacekeeping_troops").label == "oppose"


def test_pronoun_subject_resolves_to_the_previous_subject():
    ev = evidence("Berg spoke to reporters in the capital. He rejected any ceasefire talks.")
    assert only(ev, "Piotr Berg", "ceasefire").label == "oppose"


def test_clause_before_the_attribution():
    ev = evidence("Freedonia will join NATO within five years, Lopez told reporters.")
    assert only(ev, "Lena Lopez", "nato_membership").label == "support"


def test_passive_agent():
    ev = evidence("The truce proposal backed by Kowal was published on Friday.")
    assert only(ev, "Marek Kowal", "ceasefire").label == "support"


def test_anaphor_needs_context():
    ev = evidence("Officials discussed the minerals deal on Monday. Kowal refused to sign the agreement.",
                  "Kowal refused to sign the agreement.")
    assert only(ev, "Marek Kowal", "minerals_deal").label == "oppose"
    assert ev[ev["doc_id"] == "d1"].empty


def test_embedded_clause_subject_is_not_a_speaker():
    # Berg's position reported by Novak is neither Berg's own words nor Novak's stance
    ev = evidence("Novak said Berg will reject new sanctions.")
    assert ev[ev["actor"] == "Piotr Berg"].empty
    assert ev[ev["actor"] == "Anna Novak"].empty


def test_no_sentences_gives_empty_table():
    ev = stance_evidence(pd.DataFrame(columns=TABLES["sentences"]), None, None)
    n = len(TABLES["stance_evidence"])
    assert ev.empty and list(ev.columns[:n]) == TABLES["stance_evidence"]


# --------------------------------------------------------------------------- aggregation
def _ev(rows):
    return pd.DataFrame([{"actor": a, "issue": i, "doc_id": "d", "sent_id": k, "source": "reported",
                          "label": "support" if s > 0 else "oppose" if s < 0 else "neutral",
                          "score": s, "text": t} for k, (a, i, s, t) in enumerate(rows)])


def test_stance_table_shrinks_scarce_evidence_and_orders_rows():
    ev = _ev([("Zed", "sanctions", 0.8, "a"), ("Amy", "ceasefire", -0.9, "b"),
              ("Amy", "ceasefire", -0.5, "c"), ("Amy", "ceasefire", 0.2, "d"),
              ("Amy", "sanctions", 0.7, "e"), ("Amy", "sanctions", -0.7, "f")])
    st = stance_table(ev)
    assert list(st.columns[:6]) == TABLES["stance"]
    assert list(zip(st["actor"], st["issue"])) == [("Amy", "ceasefire"), ("Amy", "sanctions"),
                                                   ("Zed", "sanctions")]
    zed = st.iloc[2]
    assert zed.score == pytest.approx(0.4) and zed.stance == "support" and zed.n_evidence == 1
    amy = st.iloc[0]
    assert amy.stance == "oppose" and amy.evidence == "b" and -1 <= amy.score <= 0
    assert st.iloc[1].stance == "neutral"
    pd.testing.assert_frame_equal(st, stance_table(ev.iloc[::-1].reset_index(drop=True)))


def test_stance_table_of_nothing():
    st = stance_table(pd.DataFrame(columns=TABLES["stance_evidence"]))
    assert st.empty and list(st.columns[:6]) == TABLES["stance"]


# --------------------------------------------------------------------------- chart
def test_stance_matrix_returns_a_figure():
    import matplotlib.figure

    from analytics.plotting.stance import stance_matrix

    st = stance_table(_ev([("Amy", "ceasefire", -0.9, "b"), ("Zed", "sanctions", 0.8, "a")]))
    fig = stance_matrix(st)
    assert isinstance(fig, matplotlib.figure.Figure)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "1" in texts
    fig2 = stance_matrix(st.iloc[0:0])
    assert isinstance(fig2, matplotlib.figure.Figure)


SOUP = ["Novak", "Berg", "He", "she", "Sylvania", "said", "will", "not", "never", "accept",
        "rejects", "backs", "troops", "sanctions", "ceasefire", "join", "NATO", "the", "deal",
        "minerals", "lift", "unlikely", "to", "by", ",", ".", ";", "but", "and", "“", "”",
        "Novak’s", "plan", "who", "\n"]


@settings(max_examples=120, deadline=None)
@given(st.lists(st.sampled_from(SOUP), min_size=1, max_size=50))
def test_random_word_soup_never_crashes(words):
    ev = evidence(" ".join(words))
    assert ev["score"].between(-1, 1).all()
    st_ = stance_table(ev)
    assert st_["score"].between(-1, 1).all()


def test_leader_reported_inside_a_spokesperson_quote():
    text = ("A Finance Ministry spokesperson said: “The chancellor backs new sanctions on "
            "Sylvania.”")
    ev = evidence(text)
    r = only(ev, "Tomas Brandt", "sanctions")
    assert (r.source, r.label) == ("reported", "support")
    assert only(ev, "Finance Ministry", "sanctions").source == "quote"
