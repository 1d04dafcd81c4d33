"""A new corpus: registry paths resolved for the notebooks, load errors surfaced, no
progress bar in log files, saved analyses reused, every table row reachable."""

from __future__ import annotations

import pandas as pd
import pytest

import analytics
from analytics import report
from analytics.errors import InputError
from analytics.report import display

ISSUES = """\
issues:
  - id: harbour_plan
    label: Harbour plan
    terms: [harbour plan]
"""


def test_truncated_table_without_csv_shows_every_row_in_details():
    df = pd.DataFrame({"title": [f"Article {i}" for i in range(13)]})
    out = display.table_html(df, max_rows=8)
    assert "showing 8 of 13" not in out
    assert "<summary>show all 13 rows</summary>" in out
    assert "Article 12" in out
    linked = display.table_html(df, max_rows=8, name="documents", tables_href="tables")
    assert "showing 8 of 13 rows" in linked and 'href="tables/documents.csv"' in linked


def test_setup_resolves_relative_registry_paths(tmp_path, monkeypatch, seeds_analysis):
    saved = report.save_analysis(seeds_analysis, tmp_path / "tables")
    (tmp_path / "my_issues.yaml").write_text(ISSUES, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    a = display.setup(analysis_dir=str(saved), issues="my_issues.yaml")
    assert a.options["issues"] == str((tmp_path / "my_issues.yaml").resolve())
    from analytics import narrative
    assert narrative.issue_labels(a) == {"harbour_plan": "Harbour plan"}


def test_setup_refuses_a_missing_registry(tmp_path, monkeypatch, seeds_analysis):
    saved = report.save_analysis(seeds_analysis, tmp_path / "tables")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError, match="no_such_issues.yaml"):
        display.setup(analysis_dir=str(saved), issues="no_such_issues.yaml")


def test_setup_saves_a_new_analysis_dir_and_reuses_it(tmp_path, monkeypatch):
    calls = []
    real = display.run_analysis

    def counting(*a, **k):
        calls.append(1)
        return real(*a, **k)

    monkeypatch.setattr(display, "run_analysis", counting)
    src = tmp_path / "corpus"
    src.mkdir()
    (src / "a.txt").write_text("Maria Lindqvist opened her campaign in Norrport. "
                               "Tomas Berg said the harbour plan was a gamble.\n")
    first = display.setup(str(src), str(tmp_path / "analysis"), progress=False)
    second = display.setup(str(src), str(tmp_path / "analysis"))
    assert len(calls) == 1
    assert len(second.mentions) == len(first.mentions) > 0


def test_report_with_missing_issues_file_stops_before_running(tmp_path, monkeypatch):
    ran = []
    monkeypatch.setattr(report.build, "run_analysis", lambda *a, **k: ran.append(1))
    with pytest.raises(InputError, match="missing.yaml"):
        report.build_report(out=tmp_path / "reports", issues=str(tmp_path / "missing.yaml"),
                            progress=False)
    assert not ran and not (tmp_path / "reports").exists()


def test_cli_report_with_missing_registry_exits_2(tmp_path, capsys):
    from analytics.cli import main
    code = main(["report", "--out", str(tmp_path / "r"), "--actors",
                 str(tmp_path / "nope.yaml")])
    assert code == 2
    assert "nope.yaml" in capsys.readouterr().err


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path, capsys, monkeypatch,
                                                     seeds_analysis):
    def boom(*a, **k):
        raise RuntimeError("stop after the bar was made")

    monkeypatch.setattr(report.build, "execute_notebooks", boom)
    with pytest.raises(RuntimeError):
        report.build_report(out=tmp_path / "reports", analysis=seeds_analysis, progress=True)
    err = capsys.readouterr().err
    assert "report:" not in err and "step" not in err and "\r" not in err


def test_relative_registry_paths_reach_the_notebooks(tmp_path, monkeypatch, seeds_analysis):
    seen = {}

    def capture(nbs, params, *a, **k):
        seen.update(params)
        raise RuntimeError("captured")

    (tmp_path / "my_issues.yaml").write_text(ISSUES, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(report.build, "execute_notebooks", capture)
    a = analytics.Analysis(seeds_analysis.tables, dict(seeds_analysis.options,
                                                       issues="my_issues.yaml"))
    with pytest.raises(RuntimeError, match="captured"):
        report.build_report(out=tmp_path / "reports", analysis=a, issues="my_issues.yaml",
                            progress=False)
    assert seen["issues"] == str((tmp_path / "my_issues.yaml").resolve())
    assert a.options["issues"] == seen["issues"]
