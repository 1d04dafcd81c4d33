"""Tests of analytics.actors.registry: YAML format, errors, default registry."""

from __future__ import annotations

import textwrap

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
