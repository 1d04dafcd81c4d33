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


def test_a_state_qualifies_the_senator_the_article_names():
    text = ("Cruz presses border bill\n\n"
            "Ted Cruz said on Tuesday that the bill would pass. The Texas senator told "
            "reporters the border was open.")
    assert roles_of(text, "2016-02-10") == [("Texas senator", "Ted Cruz")]
    # undated: the senator the article names
    assert roles_of(text) == [("Texas senator", "Ted Cruz")]


def test_a_state_governor_on_a_known_date_is_the_only_holder():
    text = ("Ohio budget signed\n\n"
            "The state budget was signed on Tuesday. The Ohio governor said the tax cuts "
            "would help families.")
    assert roles_of(text, "2016-03-15") == [("Ohio governor", "John Kasich")]
    assert roles_of(text, "1995-03-15") == [("Ohio governor", "George Voinovich")]
    # without a date, nobody named: unresolved, never guessed
    assert roles_of(text) == [("Ohio governor", "")]
    text = ("Storm response\n\n"
            "The governor of New York declared an emergency on Monday.")
    assert roles_of(text, "2012-10-29") == [("governor of New York", "Andrew Cuomo")]


def test_washington_state_and_georgia_qualify_their_governors():
    text = ("Outbreak response\n\n"
            "Washington state's governor declared an emergency on Saturday.")
    assert roles_of(text, "2020-03-01") == [("Washington state's governor", "Jay Inslee")]
    text = ("Recount ends\n\n"
            "The Georgia governor certified the results on Friday.")
    assert roles_of(text, "2020-11-20") == [("Georgia governor", "Brian Kemp")]
    # "Washington" is the US capital, not the state
    text = ("Budget talks\n\n"
            "The Washington governor said nothing.")
    assert roles_of(text, "2020-03-01") == []


def test_a_former_governor_is_the_past_holder_the_article_names():
    text = ("Bush returns to campaign\n\n"
            "Jeb Bush appeared in Miami on Monday. The former Florida governor said the "
            "party needed new ideas.")
    assert roles_of(text, "2016-05-02") == [("former Florida governor", "Jeb Bush")]
    assert roles_of(text) == [("former Florida governor", "Jeb Bush")]


def test_the_senator_is_the_senator_the_article_names():
    text = ("Sanders rallies in Iowa\n\n"
            "Bernie Sanders spoke to students in Des Moines. The senator said college "
            "should be free.")
    assert roles_of(text, "2016-01-20") == [("senator", "Bernie Sanders")]
    # a senator of 2016 named in a 1996 article is not a senator then
    assert roles_of(text, "1996-01-20") == [("senator", "")]
    text = ("Farm visit\n\n"
            "Sen. Patrick Leahy met farmers on Monday with Sen. Bernie Sanders. The "
            "Vermont senator said milk prices were too low.")
    assert roles_of(text, "2016-01-20") == [("Vermont senator", "Bernie Sanders")]


def test_a_state_senator_is_no_us_senator():
    text = ("Vote in Austin\n\n"
            "The Texas state senator said the bill would fail. The state senator from "
            "Houston objected.")
    assert roles_of(text, "2016-01-20") == []


def test_each_state_has_one_governor_and_two_senators_at_a_time():
    holders = load_registry().office_holders()
    seats = {"Governor": 1, "Senator": 2}
    tenures: dict[tuple[str, str], list[tuple[dt.date, dt.date]]] = {}
    for actor in holders:
        for role in actor.roles:
            if role.title in seats:
                tenures.setdefault((role.title, role.scope), []).append(
                    (role.start, role.end or dt.date(2100, 1, 1)))
    assert len([k for k in tenures if k[0] == "Governor"]) == 50
    assert len([k for k in tenures if k[0] == "Senator"]) == 50
    for (title, scope), spans in tenures.items():
        # sweep: an ending tenure frees its seat before one starting that day
        events = sorted([(s, 1) for s, _ in spans] + [(e, -1) for _, e in spans])
        held = 0
        for day, step in events:
            held += step
            assert held <= seats[title], (title, scope, day)


def test_a_named_senator_keeps_the_article_in_its_country():
    # a state's senator is a US office holder: the article stays a US one
    text = ("Trial for 9/11 suspects\n\n"
            "Attorney General Eric Holder said the trial would be held in New York. "
            "Sen. Patrick Leahy, the Vermont Democrat, welcomed the decision. The "
            "defense secretary has said military commissions remain an option.")
    assert roles_of(text, "2009-11-14") == [("defense secretary", "Robert Gates")]
    # one senator named does not make "the governor" his state's
    text = ("Primary night\n\n"
            "Sen. Rand Paul said the result was clear. The governor's spokeswoman said "
            "he would campaign in Ohio.")
    assert roles_of(text, "2012-02-29") == [("governor", "")]
