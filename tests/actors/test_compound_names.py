"""Compound surnames, suffixed names and the role phrases resolved from the offices
a document (or the corpus) states (analytics.actors.discovery, .offices)."""

from __future__ import annotations

import pandas as pd
from test_coref import run_pipeline, who

from analytics.pipeline import find_actors


def test_a_compound_surname_after_a_title_is_the_person_named_in_full():
    m, cands = run_pipeline({
        "a": "Tory leader Iain Duncan Smith said the party would win the seat. "
             "Mr Duncan Smith told the BBC the result was a surprise.",
    })
    assert who(m, "Mr Duncan Smith") == ["Iain Duncan Smith"]
    assert "Duncan Smith" not in set(m["actor"])


def test_a_compound_surname_in_another_document_is_the_corpus_person():
    m, _ = run_pipeline({
        "a": "Spain's prime minister, José Luis Rodríguez Zapatero, said troops would "
             "leave Iraq. Zapatero spoke in Madrid.",
        "b": "Mr Rodríguez Zapatero told reporters in Brussels that the decision was final.",
    })
    assert who(m, "Mr Rodríguez Zapatero") == ["José Luis Rodríguez Zapatero"]
    assert who(m, "Zapatero") == ["José Luis Rodríguez Zapatero"]


def test_a_surname_with_a_suffix_is_the_son_not_the_father():
    m, _ = run_pipeline({
        "a": "Donald Trump Jr. said his father would win Ohio. Donald Trump said he "
             "agreed. Trump Jr. later told Fox News the polls were wrong.",
        "b": "Trump Jr. said the campaign raised more money in August.",
    })
    assert who(m, "Trump Jr") == ["Donald Trump Jr", "Donald Trump Jr"]
    assert who(m, "Donald Trump") == ["Donald Trump"]


def test_a_given_name_and_surname_is_not_merged_into_a_longer_name_elsewhere():
    # "Duncan Smith" with a plain given name, in a document without the longer name,
    # may be another person: it stays apart
    m, _ = run_pipeline({
        "a": "Tory leader Iain Duncan Smith said the party would win the seat.",
        "b": "Local builder Duncan Smith said the new houses were too expensive.",
    })
    assert who(m, "Duncan Smith") == ["Duncan Smith"]


def test_the_party_chairman_is_the_chairman_the_document_named():
    m, _ = run_pipeline({
        "a": "Tory chairman Brian Mawhinney said the result was a protest. Dr Mawhinney "
             "told the BBC it was a free hit. The party chairman is expected to meet "
             "backbenchers next week.",
    })
    roles = m[m["kind"] == "role"]
    assert roles["actor"].tolist() == ["Brian Mawhinney"]
    assert roles["surface"].str.contains("chairman").all()


def test_the_party_chairman_stated_in_another_document_of_the_corpus():
    m, _ = run_pipeline({
        "a": "Reince Priebus, the chairman of the Republican National Committee, spoke "
             "on Monday.",
        "b": "The speech exposed the divisions that Reince Priebus has spent months "
             "trying to paper over. The party chairman was seen speaking with aides.",
    })
    roles = m[(m["kind"] == "role") & (m["doc_id"] == "b")]
    assert roles["actor"].tolist() == ["Reince Priebus"]


def test_a_party_chairman_is_not_resolved_without_a_stated_chairman():
    m, _ = run_pipeline({
        "a": "Reince Priebus spoke on Monday. The party chairman was seen speaking "
             "with aides.",
    })
    assert set(m.loc[m["kind"] == "role", "actor"]) <= {""}


def test_a_two_noun_office_stated_in_a_relative_clause():
    m, _ = run_pipeline({
        "a": "Talis Colberg, who is the state's attorney general, had advised employees "
             "not to testify; the attorney general said on Friday that he would not "
             "comment.",
    })
    roles = m[m["kind"] == "role"]
    assert roles["surface"].tolist() == ["attorney general"]
    assert roles["actor"].tolist() == ["Talis Colberg"]


def test_an_apposition_after_a_name_and_its_state():
    m, _ = run_pipeline({
        "a": "Sen. Christopher J. Dodd spoke first. Dodd of Connecticut, the Democratic "
             "chairman of the Banking Committee, called the plan a blank check. The "
             "chairman said he would not support it.",
    })
    roles = m[(m["kind"] == "role") & (m["surface"] == "chairman")]
    assert roles["actor"].tolist() == ["Christopher J. Dodd"]


def test_an_epithet_before_a_full_name_is_not_the_person():
    texts = ["Trump attacks rival\n\nDonald Trump called his rival \"Crooked Hillary Clinton\" "
             "at a rally on Monday. Hillary Clinton said she would not respond.",
             "Clinton wins\n\nHillary Clinton won the primary. Mrs. Clinton thanked voters."]
    t = find_actors(pd.DataFrame({"text": texts}), progress=False)
    m = t["mentions"]
    people = set(m.loc[m["kind"] != "pronoun", "actor"])
    assert "Hillary Clinton" in people and "Crooked Hillary Clinton" not in people
    cand = t["candidates"].set_index("name")
    assert "Crooked Hillary Clinton" in cand.at["Hillary Clinton", "variants"]


def test_party_and_parliament_names_are_not_people():
    texts = ["Talks resume\n\nSinn Fein said on Monday that Gerry Adams would attend. Fianna Fail "
             "and Plaid Cymru also sent delegates, and the Knesset voted later."]
    t = find_actors(pd.DataFrame({"text": texts}), progress=False)
    people = set(t["mentions"]["actor"])
    assert "Gerry Adams" in people
    assert not people & {"Sinn Fein", "Fianna Fail", "Plaid Cymru"}


def test_a_full_name_inside_a_place_name_is_not_the_person():
    texts = ["Kenya talks\n\nUhuru Kenyatta, whose father, Jomo Kenyatta, was Kenya's first "
             "president, spoke on Monday. Arrivals at Jomo Kenyatta International Airport "
             "fell by half. Donald Trump flew in from John F. Kennedy International Airport."]
    t = find_actors(pd.DataFrame({"text": texts}), progress=False)
    m = t["mentions"]
    assert m.loc[m["actor"] == "Jomo Kenyatta", "start"].tolist() == [texts[0].index("Jomo")]
    assert "John F. Kennedy" not in set(m["actor"])
    assert "Donald Trump" in set(m["actor"])
