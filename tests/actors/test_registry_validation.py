"""Registry entries are validated: every mistake names the file, the line and the entry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from analytics.actors import ActorRegistry, RegistryError, load_registry
from analytics.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

BLAIR = "actors:\n  - name: Tony Blair\n    gender: male\n    roles:\n      - {role}\n"


def _registry(tmp_path: Path, text: str, name: str = "mine.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize("role, needles", [
    # a date that looks like one but is not a real day (was an uncaught ValueError)
    ("{title: Prime Minister, scope: UK, start: 1997-13-02}",
     ["'start' must be a date written YYYY-MM-DD", "'1997-13-02'"]),
    ("{title: Prime Minister, scope: UK, end: 2007-02-30}",
     ["'end' must be a date written YYYY-MM-DD", "'2007-02-30'"]),
    ("{title: Prime Minister, scope: UK, end: soon}", ["'end' must be a date", "'soon'"]),
    ("{title: Prime Minister, scope: UK, start: 2007-06-27, end: 1997-05-02}",
     ["end 1997-05-02 is before start 2007-06-27"]),
    ("{title: Prime Minister, scope: UK, from: 1997-05-02}",
     ["unknown key 'from'", "'start'"]),
    ("{title: Prime Minister, start: 1997-05-02}", ["has no 'scope'", "UK"]),
    ("{title: Prime Minister, scope: ~}", ["has no 'scope'"]),
    ("{title: Prime Minister, scope: Uk}", ["scope 'Uk' is not defined", "did you mean 'UK'?"]),
])
def test_bad_role_names_file_line_actor_and_role(tmp_path, role, needles):
    p = _registry(tmp_path, BLAIR.format(role=role))
    with pytest.raises(RegistryError) as info:
        load_registry(p)
    msg = str(info.value)
    assert msg.startswith(f"{p}, line 5, column ")
    assert "role 'Prime Minister' of 'Tony Blair'" in msg
    for needle in needles:
        assert needle in msg, msg


def test_unknown_actor_field_names_the_actor_and_suggests_the_key(tmp_path):
    p = _registry(tmp_path, "actors:\n  - name: Tony Blair\n    affiliaton: Labour\n")
    with pytest.raises(RegistryError) as info:
        load_registry(p)
    msg = str(info.value)
    assert f"{p}, line 3, column 5: actor 'Tony Blair': unknown key 'affiliaton'" in msg
    assert "did you mean 'affiliation'?" in msg


def test_unknown_field_before_the_name_still_names_the_line(tmp_path):
    p = _registry(tmp_path, "actors:\n  - colour: red\n    name: Tony Blair\n")
    with pytest.raises(RegistryError) as info:
        load_registry(p)
    assert "line 2" in str(info.value) and "unknown key 'colour'" in str(info.value)


def test_scope_keys_of_the_bundled_registry_count_only_when_extending_it(tmp_path):
    p = _registry(tmp_path, BLAIR.format(role="{title: Prime Minister, scope: UK, "
                                              "start: 1997-05-02, end: 2007-06-27}"))
    role = load_registry(p)["Tony Blair"].roles[0]
    assert (role.scope, role.start, role.end) == ("UK", dt.date(1997, 5, 2), dt.date(2007, 6, 27))
    with pytest.raises(RegistryError, match=r"line 5, .*scope 'UK' is not defined"):
        load_registry(p, extend_default=False)
    # read on its own, the scope key is not checked (it may be merged later)
    assert ActorRegistry.from_yaml(p)["Tony Blair"].roles[0].scope == "UK"


def test_partial_dates_are_the_first_day():
    reg = ActorRegistry.from_string(
        "scopes: {UK: [United Kingdom]}\nactors:\n  - name: A B\n    roles:\n"
        "      - {title: Minister, scope: UK, start: 2004, end: 2005-06}\n",
        known_scopes=())
    role = reg["A B"].roles[0]
    assert (role.start, role.end) == (dt.date(2004, 1, 1), dt.date(2005, 6, 1))


@pytest.mark.parametrize("path", [None, FIXTURES / "uk2005" / "actors.yaml",
                                  FIXTURES / "freedonia" / "actors.yaml"])
def test_bundled_and_fixture_registries_are_valid(path):
    reg = load_registry(path, extend_default=False) if path else load_registry()
    roles = [r for a in reg for r in a.roles]
    assert roles and all(r.scope in reg.scopes for r in roles)


def test_cli_exits_2_naming_file_line_and_entry(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Tony Blair spoke in London on Monday.\n", encoding="utf-8")
    p = _registry(tmp_path, BLAIR.format(role="{title: Prime Minister, scope: UK, "
                                              "start: 1997-13-02}"))
    code = main(["analyze", str(corpus), "--out", str(tmp_path / "out"), "--actors", str(p),
                 "-q"])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{p}, line 5" in err and "'Tony Blair'" in err and "1997-13-02" in err
    assert "internal error" not in err
    assert not (tmp_path / "out").exists()
