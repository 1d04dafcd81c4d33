"""The learned entity-span classifier (analytics.actors.ner) on real news sentences."""

from __future__ import annotations

import json
import random
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from analytics.actors import ner
from analytics.actors.ner import (EntitySpan, PersonSpanClassifier, classify_spans, find_entities,
                                  find_entities_batch, load_cues, load_default)
from analytics.errors import InputError
from analytics.lang import en
from analytics.training.ner import fixture_scores, load_fixture

FIXTURE = Path(__file__).parents[1] / "fixtures" / "ner_sentences.jsonl"


@pytest.fixture(scope="module")
def model() -> PersonSpanClassifier:
    return load_default()


@pytest.fixture(scope="module")
def fixture_rows() -> list[dict]:
    return load_fixture(FIXTURE)


def _label(sentence: str, surface: str, model=None) -> EntitySpan:
    a = sentence.index(surface)
    return classify_spans(sentence, [(a, a + len(surface))], model=model)[0]


def _found(sentence: str) -> dict[str, str]:
    return {sentence[e.start:e.end]: e.label for e in find_entities(sentence)}


# --------------------------------------------------------------------------- artefact
def test_artefact_is_plain_arrays_and_loads_without_pickle(model):
    path = resources.files("analytics.actors").joinpath(ner.DEFAULT_RESOURCE)
    with resources.as_file(path) as p:
        with np.load(p, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        assert Path(p).stat().st_size < 5_000_000
    assert all(a.dtype != object for a in arrays.values())
    assert sorted(model.classes_.tolist()) == sorted(ner.LABELS)
    assert model.coef_.shape == (4, 2 ** model.n_features_log2)
    assert load_default() is model  # cached


def test_artefact_cue_lists_are_the_bundled_yaml(model):
    # the model uses the lists it was trained with; editing the YAML needs a retrain
    assert model.cues_ == load_cues()


# --------------------------------------------------------------------------- quality
def test_hand_labelled_sentences_reach_the_measured_level(model, fixture_rows):
    # 49 sentences written for this test (US 2016, UK 2005, wire, headlines), not GMB
    res = fixture_scores(model, fixture_rows)
    assert res["sentences"] >= 45
    assert res["spans"]["accuracy_all"] >= 0.82, res["errors"]
    person = res["entities"]["PERSON"]
    assert person["precision"] >= 0.88, res["errors"]
    assert person["recall"] >= 0.82, res["errors"]
    assert res["entities"]["PLACE"]["f1"] >= 0.85, res["errors"]


@pytest.mark.parametrize("sentence, surface, label", [
    ("Sen. Bernie Sanders told supporters in Des Moines that the Clinton Foundation had "
     "taken money from foreign governments.", "Clinton Foundation", "ORG"),
    ("Wells Fargo agreed to pay $185 million after regulators in Los Angeles found that "
     "employees had opened fake accounts.", "Los Angeles", "PLACE"),
    ("Pop singer Katy Perry and actress Lena Dunham campaigned for Hillary Clinton in Ohio "
     "on Saturday.", "Katy Perry", "PERSON"),
    ("Mr Blair told reporters in Downing Street that the Lib Dems had no credible plan for "
     "the economy.", "Lib Dems", "ORG"),
    ("Russian President Vladimir Putin said Moscow would supply fuel to the Bushehr plant in "
     "Iran.", "Vladimir Putin", "PERSON"),
])
def test_clear_decisions(model, sentence, surface, label):
    assert _label(sentence, surface).label == label


@pytest.mark.parametrize("sentence, surface", [
    ("Wells Fargo agreed to pay $185 million after regulators in Los Angeles found that "
     "employees had opened fake accounts.", "Wells Fargo"),
    ("Donald Trump held a rally at Trump Tower in New York, where he attacked Jeb Bush.",
     "Trump Tower"),
    ("Mr Blair told reporters in Downing Street that the Lib Dems had no credible plan for "
     "the economy.", "Downing Street"),
    ("The Institute for Fiscal Studies said Labour's spending plans would leave a gap of "
     "£11bn.", "Fiscal Studies"),
    ("The League Against Cruel Sports welcomed the hunting ban, but the Countryside "
     "Alliance vowed to fight on.", "Cruel Sports"),
    ("Paul Ryan Joins Growing List of Republicans Who Won't Back Trump",
     "Paul Ryan Joins Growing List"),
])
def test_organisations_places_and_fragments_are_not_people(model, sentence, surface):
    assert _label(sentence, surface).label != "PERSON"


def test_title_is_cut_off_the_person():
    s = "Sen. Bernie Sanders said he would stay in the race."
    ents = find_entities(s)
    assert ("Bernie Sanders", "PERSON") in [(s[e.start:e.end], e.label) for e in ents]
    assert not any(s[e.start:e.end].startswith("Sen") for e in ents)


def test_people_in_a_list_and_after_descriptors():
    s = ("Donald Trump held a rally at Trump Tower in New York, where he attacked Jeb Bush, "
         "Marco Rubio and Ted Cruz.")
    found = _found(s)
    for name in ("Donald Trump", "Jeb Bush", "Marco Rubio", "Ted Cruz"):
        assert found.get(name) == "PERSON", found
    assert found.get("Trump Tower") != "PERSON"
    s = "Pop singer Katy Perry and actress Lena Dunham campaigned in Ohio."
    found = _found(s)
    assert found.get("Katy Perry") == "PERSON" and found.get("Lena Dunham") == "PERSON"
    assert "Pop" not in found


def test_include_other_reports_the_runs_without_an_entity():
    s = "Thousands marched through London to protest the war, police said."
    plain = find_entities(s)
    full = find_entities(s, include_other=True)
    assert ("London", "PLACE") in [(s[e.start:e.end], e.label) for e in plain]
    assert ("Thousands", "OTHER") in [(s[e.start:e.end], e.label) for e in full]
    assert set(plain) < set(full)


# --------------------------------------------------------------------------- contracts
def test_offsets_round_trip_and_spans_do_not_overlap(fixture_rows):
    sentences = [r["text"] for r in fixture_rows] + [
        "“We will win,” said Beto O’Rourke’s aide in El Paso — again.",
        "Côte d'Ivoire's President Alassane Ouattara met al-Qaida defectors.",
        "George W. Bush and Martin Luther King Jr. were named in U.S. papers.",
        "",
        "no capitals at all here.",
    ]
    for s, ents in zip(sentences, find_entities_batch(sentences, include_other=True)):
        last_end = 0
        for e in ents:
            assert 0 <= e.start < e.end <= len(s)
            assert s[e.start:e.end] == s[e.start:e.end].strip()
            assert e.start >= last_end  # sorted, non-overlapping
            last_end = e.end
            assert 0.0 < e.prob <= 1.0
    s = "Côte d'Ivoire's President Alassane Ouattara met al-Qaida defectors."
    found = _found(s)
    assert found.get("Alassane Ouattara") == "PERSON"


def test_results_do_not_depend_on_batch_composition(model, fixture_rows):
    sentences = [r["text"] for r in fixture_rows]
    one_by_one = [find_entities(s) for s in sentences]
    assert find_entities_batch(sentences) == one_by_one
    shuffled = list(range(len(sentences)))
    random.Random(0).shuffle(shuffled)
    again = find_entities_batch([sentences[k] for k in shuffled])
    assert [again[shuffled.index(k)] for k in range(len(sentences))] == one_by_one
    triples = [(r["text"], a, b) for r in fixture_rows for a, b, _ in r["spans"]]
    P_all = model.predict_proba(triples)
    P_half = np.vstack([model.predict_proba(triples[:7]), model.predict_proba(triples[7:])])
    P_single = np.vstack([model.predict_proba([t]) for t in triples[::-1]])[::-1]
    assert np.array_equal(P_all, P_half) and np.array_equal(P_all, P_single)
    assert P_all.dtype == np.float64


def _synthetic():
    people = ["Anna Kowalska", "Brian Okafor", "Carla Mendes", "Dmitri Volkov", "Erin Walsh",
              "Farid Haddad", "Greta Lindqvist", "Hiro Tanaka", "Ines Duarte", "Jonas Berg"]
    orgs = ["Acme Holdings", "Northwind Bank", "Blue River Foundation", "Zenith Motors Inc",
            "Harbor Trust", "Summit Group", "Oakleaf University", "Pioneer Party",
            "Granite Council", "Lumen Institute"]
    X, y = [], []
    for k, (p, o) in enumerate(zip(people, orgs)):
        s = f"On Monday {p} said that {o} had cut {k + 3} jobs."
        X.append((s, s.index(p), s.index(p) + len(p)))
        y.append("PERSON")
        X.append((s, s.index(o), s.index(o) + len(o)))
        y.append("ORG")
        s = f"Shares of {o} fell after Mr. {p.split()[1]} resigned."
        X.append((s, s.index(o), s.index(o) + len(o)))
        y.append("ORG")
        q = p.split()[1]
        X.append((s, s.index(q), s.index(q) + len(q)))
        y.append("PERSON")
    return X, y


def test_estimator_contract_on_a_tiny_synthetic_set(tmp_path):
    X, y = _synthetic()
    est = PersonSpanClassifier(n_features_log2=12, C=10.0, random_state=0)
    with pytest.raises(NotFittedError):
        est.predict(X[:1])
    assert clone(est).get_params() == est.get_params()
    est.fit(X[:32], y[:32])
    assert list(est.classes_) == ["ORG", "PERSON"]
    assert est.coef_.shape == (2, 2 ** 12)
    assert not any(k.endswith("_") for k in est.get_params())
    pred = est.predict(X[32:])
    assert (pred == np.array(y[32:])).mean() >= 0.75
    P = est.predict_proba(X[32:])
    assert np.allclose(P.sum(axis=1), 1.0)
    again = PersonSpanClassifier(n_features_log2=12, C=10.0, random_state=0).fit(X[:32], y[:32])
    assert np.array_equal(again.predict_proba(X[32:]), P)  # deterministic
    path = tmp_path / "tiny.npz"
    est.save(path)
    loaded = PersonSpanClassifier.load(path)
    assert np.array_equal(loaded.predict_proba(X[32:]), P)
    assert loaded.get_params() == est.get_params()


def test_bad_input_gets_clear_errors(model, tmp_path):
    s = "Sen. Bernie Sanders spoke."
    with pytest.raises(InputError, match="row 0"):
        model.predict_proba([(s, 5, 500)])
    with pytest.raises(InputError, match="holds no word"):
        classify_spans("a  b", [(1, 2)])
    with pytest.raises(InputError, match="string"):
        find_entities_batch(["fine.", 42])
    with pytest.raises(InputError, match="labels"):
        PersonSpanClassifier().fit([(s, 5, 19)], ["PERSON", "ORG"])
    with pytest.raises(InputError, match="two different labels"):
        PersonSpanClassifier().fit([(s, 5, 19)], ["PERSON"])
    bad = tmp_path / "model.npz"
    bad.write_bytes(b"not a zip file")
    with pytest.raises(InputError, match="model.npz"):
        PersonSpanClassifier.load(bad)
    np.savez(tmp_path / "other.npz", x=np.zeros(3))
    with pytest.raises(InputError, match="not an NER model"):
        PersonSpanClassifier.load(tmp_path / "other.npz")
    cues = tmp_path / "cues.yaml"
    text = en.text(ner.CUES_RESOURCE)
    cues.write_text(text.replace('"no"', "no", 1), encoding="utf-8")
    with pytest.raises(InputError, match="boolean"):
        load_cues(cues)


def test_fixture_file_is_valid_json_with_known_labels():
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        assert row["kind"] in {"us2016", "uk2005", "wire", "headline"}
        for item in row["spans"]:
            assert item[0] in row["text"]
