"""`analytics issues --init SOURCE`: a starter issue list from a corpus's key phrases."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.cli import main
from analytics.stance import load_issues
from analytics.stance.starter import draft_issues

ARTICLES = [
    "Home Secretary Charles Clarke said identity cards would help fight fraud. The shadow "
    "home secretary said the identity cards bill cost too much.",
    "Charles Clarke faces a rebellion over identity cards. Labour MPs also oppose control "
    "orders for terror suspects.",
    "Peers voted against control orders on Monday, a year after the hunting ban. Charles "
    "Clarke said identity cards and control orders were both needed.",
    "The Tory leader said a Conservative government would repeal the hunting ban. Hunt "
    "supporters welcomed the promise to repeal the hunting ban.",
]


@pytest.fixture()
def corpus(tmp_path):
    src = tmp_path / "corpus"
    src.mkdir()
    for k, text in enumerate(ARTICLES):
        (src / f"{k:02d}.txt").write_text(text, encoding="utf-8")
    return src


def test_starter_lists_policy_phrases_not_people(corpus):
    text = draft_issues(str(corpus))
    reg = load_issues_text(text, corpus.parent)
    labels = {i.label for i in reg}
    assert {"identity cards", "control orders", "hunting ban"} <= labels
    assert not any("clarke" in lab.lower() for lab in labels)
    cards = next(i for i in reg if i.label == "identity cards")
    assert cards.find("the identity card scheme")  # the plural matches the singular too


def load_issues_text(text: str, folder):
    path = folder / "draft.yaml"
    path.write_text(text, encoding="utf-8")
    return load_issues(path)


def test_cli_writes_a_file_that_loads_and_keeps_an_existing_one(corpus, tmp_path, capsys):
    out = tmp_path / "issues.yaml"
    assert main(["issues", "--init", str(corpus), "--out", str(out), "-q"]) == 0
    assert "identity_cards" in load_issues(out).ids
    before = out.read_bytes()
    assert main(["issues", "--init", str(corpus), "--out", str(out), "-q"]) == 2
    assert "already exists" in capsys.readouterr().err and out.read_bytes() == before
    assert main(["issues", "--init", str(corpus), "--out", str(out), "--force", "-q",
                 "--n-issues", "1"]) == 0
    assert len(load_issues(out)) == 1


@pytest.mark.parametrize("args,needle", [
    (["--n-issues", "0"], "--n-issues must be a whole number"),
    (["--out", "{missing}/x.yaml"], "does not exist"),
])
def test_cli_bad_input_is_exit_code_2(corpus, tmp_path, capsys, args, needle):
    args = [a.replace("{missing}", str(tmp_path / "nope")) for a in args]
    assert main(["issues", "--init", str(corpus), *args]) == 2
    assert needle in capsys.readouterr().err


def test_missing_source_is_exit_code_2(tmp_path, capsys):
    assert main(["issues", "--init", str(tmp_path / "nothing")]) == 2
    assert "no such file or directory" in capsys.readouterr().err


def test_a_corpus_without_key_phrases_still_gives_a_loadable_file(tmp_path):
    text = draft_issues(pd.DataFrame({"id": ["a"], "text": ["Nothing repeats here at all."]}))
    assert "no key phrase" in text
    assert load_issues_text(text, tmp_path).ids == ["example_issue"]
