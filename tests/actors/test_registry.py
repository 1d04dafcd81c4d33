"""Tests of analytics.actors.registry: YAML format, errors, default registry."""

from __future__ import annotations

import datetime as dt

import textwrap

import pandas as pd
import pytest

from analytics.actors import Actor, ActorRegistry, RegistryError, load_registry


def _write(tmp_path, text, name="reg.yaml"):
    p = tmp_path / name
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


GOOD = """\
scopes:
  Freedonia:
    names: [Freedonia]
    adjectives: [Freedonian]
actors:
  - name: Rufus Firefly
    gender: male
    country: Freedonia
    honorific: Sir
    variants: [Rufus T. Firefly]
    aliases: [Old Rufus]
    roles:
      - {title: [President, head of state], scope: Freedonia, leader: true, start: 2020-01-01}
  - name: Teasdale Ministry
    type: organisation
"""


def test_from_yaml_parses_fields(tmp_path):
    reg = ActorRegistry.from_yaml(_write(tmp_path, GOOD))
    assert len(reg) == 2 and "Rufus Firefly" in reg
    a = reg["Rufus Firefly"]
    assert a.gender == "male" and a.country == "Freedonia"
    assert a.roles[0].titles == ("President", "head of state")
    assert a.roles[0].leader and a.roles[0].end is None
    assert str(a.roles[0].start) == "2020-01-01"
    assert reg["Teasdale Ministry"].type == "organisation"
    forms = a.surface_forms({"Mr": "male", "Ms": "female"})
    assert forms["Rufus Firefly"][0] == "name"
    assert forms["Firefly"] == ("alias", True)
    assert "Mr Firefly" in forms and "Ms Firefly" not in forms
    assert "Sir Rufus" in forms and "Old Rufus" in forms
    assert reg.scopes["Freedonia"].adjectives == ("Freedonian",)


def test_iteration_lookup_and_extend(tmp_path):
    reg = ActorRegistry.from_yaml(_write(tmp_path, GOOD))
    assert [a.name for a in reg] == ["Rufus Firefly", "Teasdale Ministry"]
    assert [a.name for a in reg.lookup("Sir Rufus")] == ["Rufus Firefly"]
    with pytest.raises(KeyError):
        reg["Nobody"]
    other = ActorRegistry([Actor(name="Chicolini", gender="male")])
    merged = reg.merge(other)
    assert "Chicolini" in merged and "Chicolini" not in reg
    reg.extend(other)
    assert "Chicolini" in reg


def test_default_registry_content():
    reg = ActorRegistry.default()
    assert len(reg) >= 40
    for name in ("Keir Starmer", "Donald Trump", "Vladimir Putin", "Volodymyr Zelensky",
                 "Emmanuel Macron", "Mark Rutte", "Ursula von der Leyen"):
        assert name in reg
    assert [a.name for a in reg.lookup("Zelenskyy")] == ["Volodymyr Zelensky"]
    assert [a.name for a in reg.lookup("Sir Keir")] == ["Keir Starmer"]
    assert {"UK", "US", "Russia", "Ukraine"} <= set(reg.scopes)


def test_load_registry_extends_default(tmp_path):
    p = _write(tmp_path, GOOD)
    reg = load_registry(p)
    assert "Rufus Firefly" in reg and "Keir Starmer" in reg
    alone = load_registry(p, extend_default=False)
    assert "Keir Starmer" not in alone
    assert "Keir Starmer" in load_registry()


@pytest.mark.parametrize(
    "text, line, fragment",
    [
        ("actors:\n  - name: A\n    colour: blue\n", 3, "unknown key 'colour'"),
        ("actors:\n  - gender: male\n", 2, "no 'name'"),
        ("actors:\n  - name: A\n  - name: A\n", 3, "defined twice"),
        ("actors:\n  - name: A\n    gender: robot\n", 3, "gender"),
        ("actors:\n  - name: A\n    roles:\n      - {title: PM, start: yesterday}\n", 4, "date"),
        ("actors:\n  - name: A\n    roles: PM\n", 3, "roles must be a list"),
        ("actors:\n  - name: [A\n", 3, "invalid YAML"),
        ("people:\n  - name: A\n", 1, "unknown top-level key 'people'"),
        ("actors:\n  - name: A\n    roles:\n      - {scope: UK}\n", 4, "no 'title'"),
    ],
)
def test_malformed_registry_errors_name_file_and_line(tmp_path, text, line, fragment):
    p = _write(tmp_path, text, "bad.yaml")
    with pytest.raises(RegistryError) as info:
        ActorRegistry.from_yaml(p)
    msg = str(info.value)
    assert "bad.yaml" in msg
    assert f"line {line}" in msg
    assert fragment in msg


def test_unsafe_yaml_tags_are_rejected(tmp_path):
    p = _write(tmp_path, "actors:\n  - !!python/object:os.system {name: x}\n", "evil.yaml")
    with pytest.raises(RegistryError) as info:
        ActorRegistry.from_yaml(p)
    assert "evil.yaml" in str(info.value)


UK_FEWER_NAMES = """\
scopes:
  UK:
    names: [United Kingdom, Blighty]
    adjectives: [British]
actors:
  - name: Tony Blair
    gender: male
    roles:
      - {title: [Prime Minister], scope: UK, start: 1997-05-02, end: 2007-06-27}
"""


def test_a_redefined_scope_adds_to_the_default_one(tmp_path):
    reg = load_registry(_write(tmp_path, UK_FEWER_NAMES))
    uk = reg.scopes["UK"]
    # the user's entries first, then the default's, each once
    assert uk.names[:2] == ("United Kingdom", "Blighty")
    assert {"Britain", "Great Britain", "UK"} <= set(uk.names)
    assert uk.names.count("United Kingdom") == 1
    assert uk.adjectives[0] == "British" and uk.adjectives.count("British") == 1
    assert {"Downing Street", "Westminster"} <= set(uk.adjectives)
    assert load_registry(_write(tmp_path, UK_FEWER_NAMES), extend_default=False) \
        .scopes["UK"].adjectives == ("British",)
    # a scope only the user has is kept as written
    assert load_registry(_write(tmp_path, GOOD)).scopes["Freedonia"].names == ("Freedonia",)


def test_default_scope_names_keep_working_with_a_redefined_scope(tmp_path):
    from analytics.actors import find_mentions
    from analytics.quotes import extract_quotes

    from test_mentions import sentences_of

    reg = load_registry(_write(tmp_path, UK_FEWER_NAMES))
    text = ("Great Britain's prime minister spoke on Monday.\n"
            '"We will not comment on leaks," Downing Street said.')
    sents = sentences_of({"d1": text})
    mentions, _ = find_mentions(sents, reg, period=(dt.date(2025, 3, 1), dt.date(2025, 3, 31)))
    role = mentions[mentions["kind"] == "role"]
    assert role[["actor", "surface"]].values.tolist() == [
        ["Keir Starmer", "Great Britain's prime minister"]]
    docs = pd.DataFrame({"doc_id": ["d1"], "text": [text]})
    quotes = extract_quotes(docs, sents, mentions, registry=reg)
    assert quotes[["speaker", "speaker_kind"]].values.tolist() == [["Downing Street", "office"]]


def test_traits_give_types_and_gender_letters(tmp_path):
    reg = ActorRegistry.from_yaml(_write(tmp_path, GOOD))
    types, genders = reg.traits()
    assert types == {"Rufus Firefly": "person", "Teasdale Ministry": "organisation"}
    assert genders == {"Rufus Firefly": "m"}
    genders["Teasdale Ministry"] = "x"  # a fresh dict each call
    assert reg.traits().genders == {"Rufus Firefly": "m"}
