"""Role mentions resolved through the bundled office holders (1990-2025): people who
are not in the actor registry, in coverage of other years."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analytics.actors import ActorRegistry, load_registry
from analytics.pipeline import find_actors


def roles_of(text: str, date: str | None = None, **kw) -> list[tuple[str, str]]:
    df = pd.DataFrame({"id": ["d1"], "text": [text], **({"date": [date]} if date else {})})
    m = find_actors(df, progress=False, **kw)["mentions"]
    r = m[m["kind"] == "role"]
    return list(zip(r["surface"], r["actor"]))


def test_an_undated_article_resolves_a_role_to_the_holder_it_names():
    text = ("Blair defends his record on schools\n\n"
            "Tony Blair has defended his government's school reforms against critics on "
            "his own benches. Michael Howard said the plans had failed parents. The prime "
            "minister told MPs the reforms were working, while the Tory leader called "
            "them a gimmick.")
    assert roles_of(text) == [("prime minister", "Tony Blair"), ("Tory leader", "Michael Howard")]


def test_a_dated_article_resolves_the_only_holder_even_unnamed():
    text = ("Asylum rules tightened\n\n"
            "New asylum rules come into force next month. The home secretary said the "
            "changes would restore confidence in the system.")
    assert roles_of(text, "2005-03-10") == [("home secretary", "Charles Clarke")]
    # a year earlier the office had another holder
    assert roles_of(text, "2004-03-10") == [("home secretary", "David Blunkett")]


def test_an_office_of_several_countries_goes_to_the_country_of_the_article():
    text = ("Trial for 9/11 suspects\n\n"
            "Attorney General Eric Holder said the trial would be held in New York. "
            "The defense secretary has said military commissions remain an option.")
    assert roles_of(text, "2009-11-14") == [("defense secretary", "Robert Gates")]


def test_predicates_and_indefinite_phrases_are_not_references():
    text = ("Hatoyama elected Japan's prime minister\n\n"
            "Parliament elected Yukio Hatoyama as prime minister on Wednesday. He said he "
            "did not want to be president of anything. A former prime minister, Taro Aso, "
            "watched; a state trooper stood at the door.")
    assert roles_of(text, "2009-09-16") == []


def test_a_registry_read_alone_has_no_office_holders(tmp_path):
    f = tmp_path / "actors.yaml"
    f.write_text("actors:\n  - name: Mira Sol\n", encoding="utf-8")
    assert load_registry(f, extend_default=False).office_holders() is None
    holders = load_registry().office_holders()
    assert isinstance(holders, ActorRegistry) and "Tony Blair" in holders
    # holders are not matched as names: the default registry does not list them
    assert "Tony Blair" not in load_registry()
    text = "The prime minister spoke. Tony Blair left."
    assert roles_of(text, "2005-03-10", actors=str(f), extend_actors=False) == []


def test_office_holders_have_valid_tenures():
    holders = load_registry().office_holders()
    assert len(holders) > 400
    for actor in holders:
        for role in actor.roles:
            assert role.scope, actor.name
            if role.start and role.end:
                assert role.start <= role.end, actor.name
            assert role.start is None or role.start >= dt.date(1940, 1, 1), actor.name
