"""``analytics actors --init`` and the ``--period`` flag on the command line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from analytics import Options
from analytics.actors import load_registry
from analytics.cli import main
from analytics.errors import InputError

UK2005 = Path(__file__).resolve().parent / "fixtures" / "uk2005" / "actors.yaml"

ARTICLES = [
    "Prime Minister Tony Blair said on Monday that the election would be fought on the "
    "economy. Mr Blair told reporters in Downing Street that Labour had delivered.",
    "Chancellor Gordon Brown set out his Budget plans. Mr Brown said growth would be "
    "strong, and Tony Blair praised the plans.",
]


@pytest.fixture()
def corpus(tmp_path) -> Path:
    src = tmp_path / "articles.csv"
    pd.DataFrame({"text": ARTICLES, "date": ["2005-03-01", "2005-03-02"]}).to_csv(src,
                                                                                 index=False)
    return src


def test_init_writes_a_registry_and_never_overwrites_without_force(tmp_path, corpus, capsys):
    out = tmp_path / "my_actors.yaml"
    assert main(["actors", "--init", str(corpus), "--out", str(out), "-q"]) == 0
    assert "people written to" in capsys.readouterr().err
    reg = load_registry(out, extend_default=False)
    assert [a.name for a in reg][:1] == ["Tony Blair"]
    # an existing file is kept (exit 2, before any work) ...
    out.write_text("# my edits\nactors: []\n", encoding="utf-8")
    assert main(["actors", "--init", str(corpus), "--out", str(out), "-q"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "# my edits\nactors: []\n"
    # ... unless --force
    assert main(["actors", "--init", str(corpus), "--out", str(out), "--force", "-q"]) == 0
    assert "Tony Blair" in load_registry(out, extend_default=False)
    # no temporary file left beside it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles.csv", "my_actors.yaml"]


def test_init_prints_to_stdout_and_takes_the_analysis_flags(tmp_path, corpus, capsys):
    assert main(["actors", "--init", str(corpus), "--actors", str(UK2005), "--min-mentions",
                 "3", "--period", "2005", "-q"]) == 0
    captured = capsys.readouterr()
    out = tmp_path / "printed.yaml"
    out.write_text(captured.out, encoding="utf-8")
    names = [a.name for a in load_registry(out, extend_default=False)]
    assert names == ["Tony Blair"]  # the only person mentioned 3 times or more
    assert "1 people listed" in captured.err


@pytest.mark.parametrize("args, needle", [
    (["--min-mentions", "0"], "--min-mentions must be a whole number of at least 1"),
    (["--period", "2005-13"], "--period must be a year (2004)"),
    (["--period", "2006-2005"], "the first not after the last"),
])
def test_init_bad_flags_exit_2(corpus, capsys, args, needle):
    assert main(["actors", "--init", str(corpus), *args]) == 2
    assert needle in capsys.readouterr().err


def test_init_never_writes_over_the_corpus_or_into_a_missing_folder(tmp_path, corpus, capsys):
    before = corpus.read_bytes()
    assert main(["actors", "--init", str(corpus), "--out", str(corpus), "--force"]) == 2
    assert "is the corpus itself" in capsys.readouterr().err
    assert corpus.read_bytes() == before
    assert main(["actors", "--init", str(corpus), "--out", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err
    assert main(["actors", "--init", str(corpus), "--out",
                 str(tmp_path / "nowhere" / "a.yaml")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_analyze_bad_period_flag_exits_2(tmp_path, corpus, capsys):
    assert main(["analyze", str(corpus), "--out", str(tmp_path / "o"), "--period",
                 "spring"]) == 2
    err = capsys.readouterr().err
    assert "'spring' is not valid; --period must be" in err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("text, first, last", [
    ("2004", dt.date(2004, 1, 1), dt.date(2004, 12, 31)),
    ("2004-2005", dt.date(2004, 1, 1), dt.date(2005, 12, 31)),
    ("2004-02", dt.date(2004, 2, 1), dt.date(2004, 2, 29)),
    ("2004-12", dt.date(2004, 12, 1), dt.date(2004, 12, 31)),
    ("2004-03-01", dt.date(2004, 3, 1), dt.date(2004, 3, 1)),
    ("2004-03-01:2005-06-30", dt.date(2004, 3, 1), dt.date(2005, 6, 30)),
    ("2004-03:2005", dt.date(2004, 3, 1), dt.date(2005, 12, 31)),
])
def test_period_values(text, first, last):
    opts = Options(period=text)
    assert opts.period == (first, last)
    assert opts.manifest()["period"] == [first.isoformat(), last.isoformat()]
    assert Options(period=(first, last)).period == (first, last)


@pytest.mark.parametrize("bad", ["2004-13", "2005-02-29", "05", "2005-2004", "2004:2003-12",
                                 "last year", 2004, ("2004",)])
def test_bad_periods_are_refused_naming_the_option(bad):
    with pytest.raises(InputError, match=r"period=.* is not valid; period must be a year"):
        Options(period=bad)


@pytest.mark.parametrize("period, holder", [
    (None, ""),                       # no date, no period: tenures are not used
    ("2005", "Charles Clarke"),       # in office all of 2005
    ("2004-06", "David Blunkett"),    # his predecessor, until December 2004
    ("2004-2005", ""),                # both held the office in that period
])
def test_period_dates_registry_tenures_of_undated_articles(period, holder):
    from analytics.pipeline.run import find_actors

    docs = pd.DataFrame({"text": ["The home secretary said on Tuesday that identity cards "
                                  "would be introduced. Police chiefs welcomed the plan."]})
    m = find_actors(docs, actors=str(UK2005), period=period, progress=False)["mentions"]
    roles = m[m["kind"] == "role"]
    assert roles[["actor", "surface"]].values.tolist() == [[holder, "home secretary"]]
    assert roles["resolved"].tolist() == [bool(holder)]
