"""The draft registry of ``analytics actors --init``: content, order, and a safe round trip."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analytics.actors import load_registry
from analytics.actors.export import draft_people, registry_template
from analytics.pipeline.run import find_actors

UK2005 = Path(__file__).resolve().parents[1] / "fixtures" / "uk2005" / "actors.yaml"

TEXTS = [
    "Prime Minister Tony Blair said on Monday that the election would be fought on the "
    "economy. Mr Blair told reporters in Downing Street that Labour had delivered.",
    "Chancellor Gordon Brown set out his Budget plans. Mr Brown said growth would be "
    "strong, and Tony Blair praised the plans.",
    "Tory leader Michael Howard attacked the government over immigration. Mr Howard said "
    "Tony Blair had lost the trust of voters.",
    "Liberal Democrat leader Charles Kennedy said his party would scrap tuition fees. "
    "Mr Kennedy spoke in Cardiff. Party spokeswoman Sian Lloyd said the hall was full.",
]


@pytest.fixture(scope="module")
def found():
    registry = load_registry(UK2005)
    docs = pd.DataFrame({"text": TEXTS, "date": ["2005-03-01", "2005-03-02", "2005-03-03",
                                                 "2005-03-04"]})
    return registry, find_actors(docs, actors=registry, progress=False)


def _write(tmp_path, text):
    p = tmp_path / "draft.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_draft_lists_people_by_mentions_with_counts_forms_and_examples(found, tmp_path):
    registry, t = found
    text = registry_template(registry, t["mentions"], t["candidates"], t["sentences"],
                             source="uk2005/")
    people = draft_people(registry, t["mentions"], t["candidates"], t["sentences"])
    names = [p.name for p in people]
    assert names[0] == "Tony Blair" and people[0].mentions == 4 and people[0].documents == 3
    assert {"Gordon Brown", "Michael Howard", "Charles Kennedy"} <= set(names)
    assert "Sian Lloyd" not in names  # mentioned once: below --min-mentions 2
    counts = [p.mentions for p in people]
    assert counts == sorted(counts, reverse=True)
    blair = text[text.index('  - name: "Tony Blair"'):].split("\n  - name:")[0]
    assert "# 4 mentions in 3 articles" in blair
    assert "# seen as: Mr Blair" in blair
    assert "# example: Prime Minister Tony Blair said on Monday" in blair
    assert 'gender: "male"' in blair  # every gendered title seen says so
    assert "# roles:" in blair and "scope: UK" in blair
    # a registry person keeps the registry's entry, with the scopes its roles use
    howard = text[text.index('  - name: "Michael Howard"'):].split("\n  - name:")[0]
    assert "(in the registry used)" in howard
    assert 'scope: "Conservatives", leader: true, start: 2003-11-06, end: 2005-12-06' in howard
    assert '  "Conservatives":\n    names: ["Conservative Party", "Tories"]' in text
    # fewer mentions asked for: more people
    once = draft_people(registry, t["mentions"], t["candidates"], t["sentences"],
                        min_mentions=1)
    assert "Sian Lloyd" in [p.name for p in once] and len(once) == len(people) + 1


def test_draft_loads_back_with_and_without_the_bundled_registry(found, tmp_path):
    registry, t = found
    p = _write(tmp_path, registry_template(registry, t["mentions"], t["candidates"],
                                           t["sentences"]))
    alone = load_registry(p, extend_default=False)
    assert [a.name for a in alone][:1] == ["Tony Blair"]
    assert alone["Tony Blair"].gender == "male" and alone["Tony Blair"].roles == ()
    assert alone["Michael Howard"].roles == registry["Michael Howard"].roles
    extended = load_registry(p)
    assert "Keir Starmer" in extended and "Tony Blair" in extended


HOSTILE = [
    'Evil: "Quote" #not-a-comment',
    "- name: Injected",
    "*alias &anchor",
    "!!python/object:os.system",
    "{a: b}, [c]",
    "Line\nbreak\u2028and\u0085more",
    "Nul\x00Bell\x07 \\back",
    "O'Brien",
    "true",
    "2004-03-01",
    "Zo\u00eb \U0001F600 Smith",
]


def test_article_text_cannot_break_the_yaml(tmp_path):
    registry = load_registry(UK2005, extend_default=False)
    rows = [{"doc_id": "d", "sent_id": i, "actor": name, "surface": name, "kind": "discovered"}
            for i, name in enumerate(HOSTILE) for _ in range(2)]
    mentions = pd.DataFrame(rows)
    example = 'He said:\n  - name: "Injected Person"\n# and\r\nmore \u2029 text\x1b[31m'
    candidates = pd.DataFrame({"name": HOSTILE, "mentions": 2, "documents": 1,
                               "example": example, "cue": "title"})
    text = registry_template(registry, mentions, candidates, source="evil\n- name: X")
    loaded = load_registry(_write(tmp_path, text), extend_default=False)
    assert sorted(a.name for a in loaded) == sorted(" ".join(h.split()) for h in HOSTILE)
    assert "Injected Person" not in loaded and "X" not in loaded
    assert all(a.roles == () and a.aliases == () for a in loaded)


def test_candidate_columns_the_finder_may_add_are_used():
    registry = load_registry(UK2005, extend_default=False)
    mentions = pd.DataFrame({
        "doc_id": ["a", "a", "b", "b", "b"], "sent_id": [0, 1, 0, 1, 2],
        "actor": ["George W. Bush", "George W. Bush", "George W. Bush", "Wells Fargo",
                  "Wells Fargo"],
        "surface": ["George W. Bush", "Bush", "George Bush", "Wells Fargo", "Wells Fargo"],
        "kind": "discovered"})
    candidates = pd.DataFrame({
        "name": ["George W. Bush", "Wells Fargo"], "mentions": [3, 2], "documents": [2, 1],
        "example": ["", ""], "cue": ["", ""], "canonical": ["George W. Bush", "Wells Fargo"],
        "variants": ["George Bush;George Walker Bush", ""], "kind": ["person", "organisation"]})
    people = draft_people(registry, mentions, candidates)
    assert [p.name for p in people] == ["George W. Bush"]
    assert people[0].variants == ["George Bush", "George Walker Bush"]
    # without a variants column, full spellings seen are proposed
    people = draft_people(registry, mentions, candidates.drop(columns=["variants", "kind"]))
    assert people[0].variants == ["George Bush"]
