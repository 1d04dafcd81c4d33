"""Hostile and careless registry files (actors, issues).

YAML anchor bombs, missing / folder / non-UTF-8 / oversized files, wrong types and
patterns that would backtrack catastrophically all fail fast with a ``RegistryError``
naming the file (and line).
"""

from __future__ import annotations

import time

import pytest

from analytics.actors import ActorRegistry, load_registry
from analytics.actors.registry import MAX_REGISTRY_BYTES
from analytics.errors import RegistryError
from analytics.stance import compile_pattern, load_issues

NO_ANCHORS = "YAML anchors and aliases are not supported in registries"


def _write(tmp_path, name: str, text: str | bytes):
    p = tmp_path / name
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return p


def _bomb(levels: int = 9) -> str:
    """A billion-laughs document: each level lists the previous one nine times."""
    lines = ['    lol0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        refs = ", ".join([f"*l{i - 1}"] * 9)
        lines.append(f"    lol{i}: &l{i} [{refs}]")
    return "\n".join(lines)


# ------------------------------------------------------------------ anchor bombs
def test_actor_registry_anchor_bomb_fails_fast_with_line(tmp_path):
    text = "actors:\n  - name: Laughing Man\n    notes:\n" + _bomb(9) + "\n"
    assert len(text.encode()) < 1000
    p = _write(tmp_path, "bomb_actors.yaml", text)
    t0 = time.perf_counter()
    with pytest.raises(RegistryError) as info:
        ActorRegistry.from_yaml(p)
    assert time.perf_counter() - t0 < 1.0
    msg = str(info.value)
    assert "bomb_actors.yaml" in msg and "line 4," in msg and NO_ANCHORS in msg, msg
    # the same through load_registry (default registry extended) and from_string
    with pytest.raises(RegistryError, match="anchors and aliases"):
        load_registry(p)
    with pytest.raises(RegistryError, match="line 4,"):
        ActorRegistry.from_string(text, name="pasted")


def test_issue_registry_anchor_bomb_fails_fast_with_line(tmp_path):
    text = ("issues:\n  - id: laughs\n    label: Laughs\n    terms: [laugh*]\n"
            "    description:\n" + _bomb(9) + "\n")
    p = _write(tmp_path, "bomb_issues.yaml", text)
    t0 = time.perf_counter()
    with pytest.raises(RegistryError) as info:
        load_issues(p)
    assert time.perf_counter() - t0 < 1.0
    msg = str(info.value)
    assert "bomb_issues.yaml" in msg and "line 6," in msg and NO_ANCHORS in msg, msg


def test_a_single_alias_is_refused_at_its_anchor(tmp_path):
    p = _write(tmp_path, "alias.yaml",
               "actors:\n  - name: A\n    aliases: &same [Ace]\n  - name: B\n    aliases: *same\n")
    with pytest.raises(RegistryError, match=r"alias\.yaml, line 3, column 14: YAML anchors"):
        ActorRegistry.from_yaml(p)


def test_deep_nesting_fails_fast(tmp_path):
    p = _write(tmp_path, "deep.yaml", "actors: " + "[" * 200_000 + "]" * 200_000 + "\n")
    t0 = time.perf_counter()
    with pytest.raises(RegistryError, match="nested more than"):
        ActorRegistry.from_yaml(p)
    assert time.perf_counter() - t0 < 1.0


# ------------------------------------------------------------ unreadable files
def _load(kind: str, path):
    return ActorRegistry.from_yaml(path) if kind == "actors" else load_issues(path)


@pytest.mark.parametrize("kind", ["actors", "issues"])
def test_missing_folder_and_non_utf8_files(tmp_path, kind):
    missing = tmp_path / "no_such_registry.yaml"
    with pytest.raises(RegistryError, match=r"no_such_registry\.yaml: .* not found; check the path"):
        _load(kind, missing)
    folder = tmp_path / "a_folder"
    folder.mkdir()
    with pytest.raises(RegistryError, match=r"a_folder: .* is a folder, not a file"):
        _load(kind, folder)
    latin1 = ("actors:\n  - name: Ren\xe9 Dupont\n" if kind == "actors" else
              "issues:\n  - id: caf\n    terms: [caf\xe9]\n").encode("latin-1")
    p = _write(tmp_path, "latin1.yaml", latin1)
    with pytest.raises(RegistryError) as info:
        _load(kind, p)
    msg = str(info.value)
    assert "latin1.yaml" in msg and "not valid UTF-8" in msg and "save it as UTF-8" in msg
    assert ("line 2" if kind == "actors" else "line 3") in msg, msg


@pytest.mark.parametrize("kind", ["actors", "issues"])
def test_oversized_registry_is_refused_before_parsing(tmp_path, kind):
    p = tmp_path / "huge.yaml"
    with open(p, "w", encoding="utf-8") as fh:
        fh.write("# padding\n" * (MAX_REGISTRY_BYTES // 10 + 1))
    t0 = time.perf_counter()
    with pytest.raises(RegistryError, match=r"huge\.yaml: .*more than the limit"):
        _load(kind, p)
    assert time.perf_counter() - t0 < 1.0


@pytest.mark.parametrize("flag", ["--actors", "--issues"])
@pytest.mark.parametrize("case", ["missing", "folder", "latin1", "bomb"])
def test_cli_exit_code_2_for_bad_registry_files(tmp_path, capsys, flag, case):
    from analytics.cli import main

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Keir Starmer met Emmanuel Macron in Paris on Monday.\n",
                                  encoding="utf-8")
    if case == "missing":
        reg = tmp_path / "registry.yaml"
    elif case == "folder":
        reg = tmp_path / "registry.yaml"
        reg.mkdir()
    elif case == "latin1":
        reg = _write(tmp_path, "registry.yaml", "actors:\n  - name: Ren\xe9\n".encode("latin-1"))
    else:
        reg = _write(tmp_path, "registry.yaml", "actors:\n  - name: X\n    notes:\n" + _bomb() + "\n")
    code = main(["analyze", str(corpus), "--out", str(tmp_path / "out"), "--quiet",
                 flag, str(reg)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "registry.yaml" in err and "internal error" not in err and "Traceback" not in err


# ----------------------------------------------------------------- wrong types
@pytest.mark.parametrize("body,line,needle", [
    ("issues:\n  - id: a\n    terms: 5\n", 3, "issue 'a': terms must be a list of patterns, got the value '5'"),
    ("issues:\n  - id: a\n    terms: [[x, y]]\n", 3, "issue 'a': terms pattern must be a non-empty string, got a list"),
    ("issues:\n  - id: a\n    terms: [x]\n    against: {no: deal}\n", 4, "issue 'a': against must be a list"),
    ("issues:\n  - id: a\n    terms:\n      - pattern: x\n        weight: high\n", 5, "weight must be a number"),
    ("issues:\n  - id: a\n    terms:\n      - pattern: x\n        weight: [1]\n", 5, "weight must be a number"),
    ("issues:\n  - id: a\n    terms:\n      - pattern: x\n        weight: 3\n", 5, "weight must be in [0, 1]"),
    ("issues:\n  - id: [a]\n    terms: [x]\n", 2, "issue id must be a non-empty string, got a list"),
    ("issues:\n  - id: a\n    label: {x: 1}\n    terms: [x]\n", 3, "issue 'a': label must be a non-empty string"),
    ("issues:\n  - id: a\n    label: ~\n    terms: [x]\n", 3, "label must be a non-empty string, got an empty value"),
    ("issues:\n  - id: a\n    description: [x]\n    terms: [x]\n", 3, "description must be text"),
    ("issues:\n  - id: a\n    ? [k]\n    : v\n    terms: [x]\n", 3, "keys must be plain names"),
    ("issues:\n  a: 1\n", 2, "'issues' must be a list of issues, got a mapping"),
    ("issues:\n  - 42\n", 2, "each issue must be a mapping"),
    ("topics:\n  - id: a\n", 1, "unknown top-level key"),
])
def test_wrong_types_in_issue_registry(tmp_path, body, line, needle):
    p = _write(tmp_path, "typed.yaml", body)
    with pytest.raises(RegistryError) as info:
        load_issues(p)
    msg = str(info.value)
    assert f"typed.yaml, line {line}," in msg, msg
    assert needle in msg, msg


@pytest.mark.parametrize("body,line,needle", [
    ("actors: 5\n", 1, "'actors' must be a list"),
    ("actors:\n  - name: A\n    aliases: {x: 1}\n", 3, "aliases must be a string or a list"),
    ("actors:\n  - name: A\n    roles:\n      - title: PM\n        leader: maybe\n", 5, "must be true or false"),
])
def test_wrong_types_in_actor_registry(tmp_path, body, line, needle):
    p = _write(tmp_path, "typed.yaml", body)
    with pytest.raises(RegistryError) as info:
        ActorRegistry.from_yaml(p)
    msg = str(info.value)
    assert f"typed.yaml, line {line}," in msg and needle in msg, msg


# ------------------------------------------------------------ unsafe patterns
@pytest.mark.parametrize("pattern,needle", [
    (r"re:(a+)+$", "repeated group"),
    (r"re:(\w+\s?){1,10}!", "repetition inside a repeated group"),
    (r"re:(x|x)*y", "alternatives"),
    (r"re:\w+\w+!", "two repetitions"),
    (r"re:nato.*member.*ship", "two repetitions"),
    (r"re:\d+\.?\d+%", "two repetitions"),
    (r"re:(tar)iff\1", "backreference"),
    (r"re:(", "invalid regular expression"),
    ("a*b*c", "more than one '*'"),
    ("sanction **", "no letters"),
])
def test_catastrophic_patterns_are_refused_at_load(tmp_path, pattern, needle):
    p = _write(tmp_path, "rx.yaml",
               "issues:\n  - id: tariffs\n    terms:\n      - tariff*\n"
               f"      - '{pattern}'\n")
    with pytest.raises(RegistryError) as info:
        load_issues(p)
    msg = str(info.value)
    assert "rx.yaml, line 5," in msg and "issue 'tariffs'" in msg and needle in msg, msg


def test_refused_shapes_really_are_slow_and_safe_forms_load(tmp_path):
    import re

    # what the check guards against: 24 characters already take noticeable time
    t0 = time.perf_counter()
    re.search(r"(\w+\s?){1,10}!", "a" * 22)
    assert time.perf_counter() - t0 > 0.05
    # ordinary, possessive and atomic forms are accepted and match
    ok = [r"re:\bjoin\w*\s+nato\b", r"re:nato.*membership", r"re:(?:\s++\w++){0,4}!",
          r"re:(?>\w+\s?)+!", r"re:\b\d+(?:\.\d+)?\s*(?:%|per\s*cent)\s+of\s+gdp"]
    for pat in ok:
        compile_pattern(pat)
    assert compile_pattern(ok[0]).search("Kyiv wants to join NATO")
    assert compile_pattern(ok[-1]).search("spending 2.5 per cent of GDP")


def test_pattern_gap_is_linear_on_dash_runs():
    rx = compile_pattern("send|deploy ... troops")
    # a ruler line after a trigger word used to take minutes (50 dashes: over a minute)
    for text in ("deploy " + "-" * 3000 + " x", "deploy " + "a-" * 1500 + " x",
                 "deploy " + "\"'" * 1500 + " troops"):
        t0 = time.perf_counter()
        rx.search(text)
        assert time.perf_counter() - t0 < 0.5
    assert rx.search("deploy " + "-" * 60 + " troops")
    assert rx.search("they will deploy up to 10,000 troops")
    assert rx.search("send x-troops")
    assert not rx.search("deploy a b c d e f troops")


def test_default_issues_survive_hostile_sentences():
    reg = load_issues()
    hostile = ["-" * 2000, "a-" * 1000, "defen" + "e" * 2000, "sanction" + "s" * 2000,
               " ".join(["deploy"] * 300), "1" * 2000, "1." * 1000, "per " * 500,
               "nato " + "'" * 2000 + " membership", "troops " + '"-' * 1000]
    t0 = time.perf_counter()
    for issue in reg:
        for h in hostile:
            issue.find(h)
            issue.find_anaphors(h)
            issue.in_context(h)
    assert time.perf_counter() - t0 < 5.0
