"""Output folders are owned, replaced atomically and tidied; exit codes as promised;
CSV cells cannot run as spreadsheet formulas."""

from __future__ import annotations

import _thread
import csv
import errno
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

import analytics
from analytics import narrative, report
from analytics.results import Analysis, store
from analytics.safe import (MARKER, OutputFolder, check_output_dir, clean_leftovers,
                            replace_dir, write_marker)
from analytics.safe import csv as safe_csv
from analytics.safe import fs as fsmod
from analytics.cli import main
from analytics.errors import InputError

ARTICLES = {
    "a.txt": "Keir Starmer met Emmanuel Macron in Paris on Friday.\n\n"
             "Starmer said he strongly supports security guarantees for Ukraine.\n",
    "b.txt": "Donald Trump spoke to Vladimir Putin on Tuesday.\n\n"
             "Trump said the talks were productive and a ceasefire was close.\n",
}
FORMULA_CELLS = ["=HYPERLINK(\"http://evil.example\",\"click\")", "+1+2", "-3", "@SUM(A1)",
                 "\tcmd", "'=already quoted", "''+two", "'plain", "", "safe"]


def _corpus(root: Path) -> Path:
    src = root / "corpus"
    src.mkdir(parents=True)
    for name, text in ARTICLES.items():
        (src / name).write_text(text, encoding="utf-8")
    return src


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _hidden(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


def _cli(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().err


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _leftover(folder: Path, target: str, *, pid: int, complete: bool = False) -> Path:
    folder.mkdir()
    (folder / "documents.csv").write_text("doc_id\nx\n")
    write_marker(folder, kind="analysis", target=target, complete=complete)
    info = json.loads((folder / MARKER).read_text())
    info["pid"] = pid
    (folder / MARKER).write_text(json.dumps(info))
    return folder


# ---------------------------------------------------------------------- refusals


@pytest.mark.parametrize("where", ["corpus", "corpus/sub"])
def test_out_equal_to_or_inside_the_source_is_refused_and_the_corpus_kept(
        tmp_path, capsys, where):
    src = _corpus(tmp_path)
    before = _snapshot(src)
    code, err = _cli(capsys, "analyze", str(src), "--out", str(tmp_path / where), "-q")
    assert code == 2
    assert "input" in err and "outside the input" in err and "Traceback" not in err
    assert _snapshot(src) == before and _hidden(tmp_path) == []


def test_folder_holding_other_files_is_refused_naming_them(tmp_path, capsys):
    src = _corpus(tmp_path)
    out = tmp_path / "thesis"
    out.mkdir()
    (out / "thesis.txt").write_text("four years of work")
    code, err = _cli(capsys, "analyze", str(src), "--out", str(out), "-q")
    assert code == 2
    assert "thesis.txt" in err and "--force" in err and "Traceback" not in err
    assert (out / "thesis.txt").read_text() == "four years of work"
    assert sorted(p.name for p in out.iterdir()) == ["thesis.txt"]
    assert _hidden(tmp_path) == []


def test_analyze_force_replaces_a_foreign_folder_but_never_the_source(tmp_path, capsys):
    src = _corpus(tmp_path)
    out = tmp_path / "thesis"
    out.mkdir()
    (out / "thesis.txt").write_text("four years of work")
    with pytest.raises(InputError, match="thesis.txt"):
        analytics.analyze(src, out=out, n_topics=1, progress=False)
    assert sorted(p.name for p in out.iterdir()) == ["thesis.txt"]
    a = analytics.analyze(src, out=out, force=True, n_topics=1, progress=False)
    assert not (out / "thesis.txt").exists() and (out / "documents.csv").is_file()
    assert len(a.documents) == 2 and "force" not in a.options
    before = _snapshot(src)
    with pytest.raises(InputError, match="--force does not change this"):
        analytics.analyze(src, out=src, force=True, n_topics=1, progress=False)
    assert _snapshot(src) == before and _hidden(tmp_path) == []
    code, err = _cli(capsys, "analyze", str(src), "--out", str(out), "--force", "-q")
    assert code == 0, err


def test_force_never_replaces_the_source_or_a_folder_holding_it(tmp_path, capsys):
    project = tmp_path / "project"
    src = _corpus(project)
    (project / "thesis.txt").write_text("keep me")
    before = _snapshot(project)
    for out in (project, src, tmp_path):
        code, err = _cli(capsys, "analyze", str(src), "--out", str(out), "--force", "-q")
        assert code == 2, out
        assert "--force does not change this" in err
    assert _snapshot(project) == before and _hidden(project) == []


def test_out_parent_of_the_source_is_refused(tmp_path, capsys):
    project = tmp_path / "project"
    src = _corpus(project)
    before = _snapshot(project)
    code, err = _cli(capsys, "analyze", str(src), "--out", str(project), "-q")
    assert code == 2 and "contains the input" in err
    assert _snapshot(project) == before


def test_out_naming_an_existing_file_is_refused_and_the_file_untouched(tmp_path, capsys):
    src = _corpus(tmp_path)
    target = tmp_path / "results.csv"
    target.write_bytes(b"id,value\n1,2\n")
    code, err = _cli(capsys, "analyze", str(src), "--out", str(target), "--force", "-q")
    assert code == 2 and "is a file, not a folder" in err
    assert target.read_bytes() == b"id,value\n1,2\n"
    assert _hidden(tmp_path) == []


def test_current_and_home_folders_are_refused(tmp_path, capsys, monkeypatch):
    src = _corpus(tmp_path / "in")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    code, err = _cli(capsys, "analyze", str(src), "--out", ".", "-q")
    assert code == 2 and "current folder" in err
    code, err = _cli(capsys, "report", str(src), "--out", "..", "--force", "-q")
    assert code == 2
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    code, err = _cli(capsys, "analyze", str(src), "--out", str(home), "--force", "-q")
    assert code == 2 and "home folder" in err
    assert list(work.iterdir()) == [] and list(home.iterdir()) == []


def test_outputs_of_earlier_versions_are_recognised_but_not_look_alikes(tmp_path):
    old = tmp_path / "old"
    old.mkdir()
    (old / "analysis.json").write_text(json.dumps({"tables": ["documents"], "options": {}}))
    (old / "documents.csv").write_text("doc_id\n")
    assert check_output_dir(old) == old.resolve()
    (old / "chapter1.docx").write_text("not ours")
    with pytest.raises(InputError, match="chapter1.docx"):
        check_output_dir(old)
    keep = tmp_path / "reports"
    keep.mkdir()
    (keep / ".gitkeep").write_text("")
    assert check_output_dir(keep) == keep.resolve()  # a .gitkeep alone is empty


# ---------------------------------------------------------------------- replacement


def test_rerun_replaces_its_own_output_and_leaves_nothing_hidden(tmp_path, capsys):
    src = _corpus(tmp_path)
    out = tmp_path / "out"
    assert _cli(capsys, "analyze", str(src), "--out", str(out), "--topics", "1", "-q")[0] == 0
    marker = json.loads((out / MARKER).read_text())
    assert marker["kind"] == "analysis" and marker["version"] == analytics.__version__
    first = (out / "documents.csv").read_bytes()
    (src / "c.txt").write_text("Emmanuel Macron said Europe must do more for Ukraine.\n")
    assert _cli(capsys, "analyze", str(src), "--out", str(out), "--topics", "1", "-q")[0] == 0
    docs = pd.read_csv(out / "documents.csv")
    assert len(docs) == 3 and (out / "documents.csv").read_bytes() != first
    assert _hidden(tmp_path) == [] and sorted(p.name for p in src.iterdir()) == [
        "a.txt", "b.txt", "c.txt"]


def test_leftovers_of_killed_runs_are_removed_on_the_next_run(tmp_path, capsys):
    src = _corpus(tmp_path)
    out = tmp_path / "out"
    dead = _dead_pid()
    _leftover(tmp_path / ".out.building-k1", "out", pid=dead)
    _leftover(tmp_path / ".out.abc123", "out", pid=dead)
    _leftover(tmp_path / ".out.old.x1", "out", pid=dead, complete=True)
    _leftover(tmp_path / ".out.building-live", "out", pid=os.getpid())  # a run in progress
    (tmp_path / ".out.notes").mkdir()  # not ours: unmarked
    _leftover(tmp_path / ".out.x.building-1", "out.x", pid=dead)  # another output's
    assert _cli(capsys, "analyze", str(src), "--out", str(out), "--topics", "1", "-q")[0] == 0
    assert _hidden(tmp_path) == [".out.building-live", ".out.notes", ".out.x.building-1"]
    # the report's scratch folder in the temporary folder is tidied the same way
    stale = Path(report.build.tempfile.mkdtemp(prefix="analytics-report-"))
    write_marker(stale, kind="report-work", target=stale.name)
    info = json.loads((stale / MARKER).read_text())
    (stale / MARKER).write_text(json.dumps(dict(info, pid=dead)))
    fresh = report.build._work_dir()
    try:
        assert not stale.exists() and fresh.is_dir()
    finally:
        fsmod.remove_owned(fresh)


def test_exchange_swap_always_leaves_a_whole_folder(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.csv").write_text("old")
    (out / ".gitkeep").write_text("")
    new = tmp_path / ".out.building-1"
    new.mkdir()
    (new / "new.csv").write_text("new")
    seen = []
    real_remove = fsmod.remove_owned

    def watch(folder):  # called on the old folder once the new one is in place
        seen.append((sorted(p.name for p in out.iterdir()),
                     sorted(p.name for p in Path(folder).iterdir())))
        real_remove(folder)

    monkeypatch.setattr(fsmod, "remove_owned", watch)
    replace_dir(new, out)
    assert seen == [([".gitkeep", "new.csv"], [".gitkeep", "old.csv"])]  # one step
    assert sorted(p.name for p in out.iterdir()) == [".gitkeep", "new.csv"]
    assert _hidden(tmp_path) == []

    # the exchange itself fails: the output is untouched, the new folder still there
    new2 = tmp_path / ".out.building-2"
    new2.mkdir()
    (new2 / "newer.csv").write_text("newer")

    def fail(a, b):
        raise OSError(errno.EIO, "I/O error", str(b))

    monkeypatch.setattr(fsmod, "_exchange", fail)
    with pytest.raises(OSError):
        replace_dir(new2, out)
    assert sorted(p.name for p in out.iterdir()) == [".gitkeep", "new.csv"]

    # without an exchange call, a failing second rename puts the old folder back
    monkeypatch.setattr(fsmod, "_exchange", lambda a, b: False)
    real_replace = os.replace
    calls = []

    def second_fails(a, b):
        calls.append((a, b))
        if len(calls) == 2:
            raise OSError(errno.EIO, "I/O error", str(b))
        return real_replace(a, b)

    monkeypatch.setattr(fsmod.os, "replace", second_fails)
    with pytest.raises(OSError):
        replace_dir(new2, out)
    assert sorted(p.name for p in out.iterdir()) == [".gitkeep", "new.csv"]
    assert (new2 / "newer.csv").exists()


def test_run_killed_between_the_two_renames_is_repaired_on_the_next_run(tmp_path):
    out = tmp_path / "out"
    dead = _dead_pid()
    previous = _leftover(tmp_path / ".out.old.a1", "out", pid=dead, complete=True)
    _leftover(tmp_path / ".out.building-b2", "out", pid=dead, complete=False)
    assert not out.exists()
    clean_leftovers(out)
    assert (out / "documents.csv").read_text() == "doc_id\nx\n" and not previous.exists()
    assert _hidden(tmp_path) == []


def test_failed_commit_keeps_the_previous_output(tmp_path, monkeypatch):
    out = tmp_path / "out"
    stage = OutputFolder(out, kind="analysis")
    (stage.path / "t.csv").write_text("one")
    stage.commit()
    stage = OutputFolder(out, kind="analysis")
    (stage.path / "t.csv").write_text("two")
    monkeypatch.setattr(fsmod, "replace_dir", lambda a, b: (_ for _ in ()).throw(
        OSError(errno.EIO, "I/O error")))
    with pytest.raises(OSError):
        stage.commit()
    assert (out / "t.csv").read_text() == "one" and _hidden(tmp_path) == []


# ---------------------------------------------------------------------- OS errors


def test_unwritable_output_location_exits_2(tmp_path, capsys, monkeypatch):
    src = _corpus(tmp_path)
    plain = tmp_path / "notes.txt"
    plain.write_text("x")
    code, err = _cli(capsys, "analyze", str(src), "--out", str(plain / "sub"), "-q")
    assert code == 2 and "notes.txt is a file, not a folder" in err
    assert plain.read_text() == "x"

    locked = tmp_path / "locked"
    locked.mkdir()
    real_access = os.access
    monkeypatch.setattr(fsmod.os, "access", lambda p, mode: False if Path(p) == locked
                        else real_access(p, mode))
    code, err = _cli(capsys, "analyze", str(src), "--out", str(locked / "out"), "-q")
    assert code == 2 and "permission denied" in err and str(locked) in err
    monkeypatch.setattr(fsmod.os, "access", real_access)

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(locked))

    monkeypatch.setattr(fsmod.tempfile, "mkdtemp", denied)
    code, err = _cli(capsys, "analyze", str(src), "--out", str(locked / "out"), "-q")
    assert code == 2 and "permission denied" in err and "Traceback" not in err


def test_full_disk_while_writing_exits_2_and_keeps_the_previous_output(
        tmp_path, capsys, monkeypatch):
    src = _corpus(tmp_path)
    out = tmp_path / "out"
    stage = OutputFolder(out, kind="analysis")
    (stage.path / "documents.csv").write_text("previous")
    stage.commit()

    def full(self, path, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(pd.DataFrame, "to_parquet", full)
    code, err = _cli(capsys, "analyze", str(src), "--out", str(out), "--topics", "1", "-q")
    assert code == 2 and "disk is full" in err and "Traceback" not in err
    assert (out / "documents.csv").read_text() == "previous"
    assert _hidden(tmp_path) == []


# ---------------------------------------------------------------------- CSV cells


def test_csv_cells_cannot_run_as_formulas_and_round_trip(tmp_path):
    n = len(FORMULA_CELLS)
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(n)], "title": FORMULA_CELLS,
                         "n_chars": range(-3, n - 3)})
    quotes = pd.DataFrame({"doc_id": ["d0", "d1"], "quote": ["=1+1", "-fine"],
                           "speaker": ["@handle", "Keir Starmer"]})
    a = Analysis({"documents": docs, "quotes": quotes})
    out = a.save(tmp_path / "tables")
    with open(out / "documents.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    titles = [r["title"] for r in rows]
    assert titles[:7] == ["'" + c for c in FORMULA_CELLS[:7]]
    assert titles[7:] == FORMULA_CELLS[7:]
    assert [r["n_chars"] for r in rows][:3] == ["-3", "-2", "-1"]  # numbers stay numbers
    for name in ("documents", "quotes"):
        with open(out / f"{name}.csv", newline="", encoding="utf-8") as f:
            for row in csv.reader(f):
                assert not any(c[:1] in ("=", "+", "-", "@", "\t", "\r") for c in row
                               if not c.lstrip("-").isdigit()), row
    assert pd.read_parquet(out / "documents.parquet")["title"].tolist() == FORMULA_CELLS
    back = Analysis.load(out)
    for p in out.glob("*.parquet"):
        p.unlink()
    csv_back = Analysis.load(out)
    for loaded in (back, csv_back):
        assert loaded.documents["title"].fillna("").tolist() == FORMULA_CELLS
        assert loaded.quotes["quote"].tolist() == ["=1+1", "-fine"]
        assert loaded.quotes["speaker"].tolist() == ["@handle", "Keir Starmer"]
    # a carriage return first is escaped too, and the escaping is undone exactly
    cells = pd.DataFrame({"t": ["\rcmd", "'\rcmd", "x\r", None]})
    escaped = safe_csv.neutralise_formulas(cells)
    assert escaped["t"].tolist()[:3] == ["'\rcmd", "''\rcmd", "x\r"]
    assert safe_csv.restore_formulas(escaped).equals(cells)


def test_streamed_csv_tables_are_neutralised_too(tmp_path, capsys):
    src = _corpus(tmp_path)
    (src / "c.txt").write_text(
        "=HYPERLINK(\"http://evil.example\",\"Starmer\")\n\n"
        "@Starmer said Ukraine needs security guarantees now.\n"
        "-Macron agreed with Starmer about the guarantees.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert _cli(capsys, "analyze", str(src), "--out", str(out), "--topics", "1", "-q")[0] == 0
    texts = " ".join(pd.read_parquet(out / "documents.parquet")["text"])
    assert "=HYPERLINK" in texts and "@Starmer" in texts
    for path in out.glob("*.csv"):
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.reader(f):
                for cell in row:
                    assert cell[:1] not in ("=", "+", "@", "\t", "\r"), (path.name, cell)
                    assert not (cell[:1] == "-" and not _number(cell)), (path.name, cell)
    csv_docs = store._from_csv("documents", out / "documents.csv")
    assert csv_docs["text"].tolist() == pd.read_parquet(out / "documents.parquet")[
        "text"].tolist()


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


# ---------------------------------------------------------------------- exit codes


def test_ctrl_c_exits_130_with_one_line(tmp_path, capsys, monkeypatch):
    src = _corpus(tmp_path)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("analytics.pipeline.analyze", interrupted)
    code, err = _cli(capsys, "analyze", str(src), "--out", str(tmp_path / "out"))
    assert code == 130
    assert err.strip().splitlines() == [
        "analytics: interrupted; previous outputs were left intact"]


def test_any_base_exception_is_a_bug_exit_1_without_traceback(tmp_path, capsys, monkeypatch):
    class PanicException(BaseException):  # what a Rust extension raises on a panic
        pass

    def panic(*args, **kwargs):
        raise PanicException("called `Option::unwrap()` on a `None` value\nmore detail")

    src = _corpus(tmp_path)
    monkeypatch.setattr("analytics.pipeline.analyze", panic)
    code, err = _cli(capsys, "analyze", str(src), "--out", str(tmp_path / "out"))
    assert code == 1
    assert "internal error: PanicException: called `Option::unwrap()`" in err
    assert "This is a bug in analytics" in err and "Traceback" not in err
    assert "more detail" not in err
    code, err = _cli(capsys, "analyze", str(src), "--out", str(tmp_path / "out"), "--debug")
    assert code == 1 and "Traceback" in err


@pytest.mark.parametrize("option", [("--random-state", "-1"), ("--max-chars", "-1"),
                                    ("--encoding", "nope"), ("--encoding", "base64"),
                                    ("--chunk-size", "0"), ("--chunk-size", "x")])
def test_bad_option_values_exit_2_before_any_work(tmp_path, capsys, monkeypatch, option):
    calls = []
    monkeypatch.setattr("analytics.pipeline.analyze", lambda *a, **k: calls.append(a))
    monkeypatch.setattr("analytics.report.build_report", lambda *a, **k: calls.append(a))
    src = _corpus(tmp_path)
    for command in ("analyze", "report"):
        code, err = _cli(capsys, command, str(src), "--out", str(tmp_path / "o"), *option)
        assert code == 2 and f"argument {option[0]}" in err, err
    assert calls == [] and not (tmp_path / "o").exists()


# ---------------------------------------------------------------------- report


def test_interrupted_report_exits_130_and_leaves_the_previous_report(
        tmp_path, capsys, monkeypatch):
    src = _corpus(tmp_path)
    out = tmp_path / "reports"
    out.mkdir()
    (out / "index.html").write_text("previous")
    write_marker(out, kind="report", target=out.name, complete=True)
    made = []
    real_work_dir = report.build._work_dir
    monkeypatch.setattr(report.build, "_work_dir", lambda: made.append(real_work_dir()) or made[-1])

    def ctrl_c(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(report.build, "execute_notebooks", ctrl_c)
    code, err = _cli(capsys, "report", str(src), "--out", str(out), "--topics", "1", "-q")
    assert code == 130 and "Traceback" not in err
    assert (out / "index.html").read_text() == "previous"
    assert _hidden(tmp_path) == [] and made and not made[0].exists()


@pytest.mark.slow
def test_ctrl_c_during_notebooks_stops_every_kernel(tmp_path, capfd):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import os, time\n"
                                          "open('kernel.pid', 'w').write(str(os.getpid()))\n"
                                          "time.sleep(60)")]
    path = tmp_path / "00_wait.ipynb"
    nbformat.write(nb, path)
    work = tmp_path / "work"
    work.mkdir()
    pid_file = work / "kernel.pid"

    def press_ctrl_c():
        deadline = time.monotonic() + 60
        while not pid_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.3)
        _thread.interrupt_main()

    threading.Thread(target=press_ctrl_c, daemon=True).start()
    start = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        report.execute_notebooks([path], {}, work)
    assert time.monotonic() - start < 50
    pid = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.slow
def test_forced_report_caps_titles_and_names_no_local_folder(tmp_path, capsys, monkeypatch):
    title = "Starmer backs Ukraine " * 20_000  # 440,000 characters
    corpus = tmp_path / "corpus.csv"
    pd.DataFrame({
        "id": ["a", "b", "c"],
        "title": [title, "Trump and Putin talk", "Macron in Kyiv"],
        "text": ["Keir Starmer said he strongly supports security guarantees for Ukraine. "
                 "Starmer met Emmanuel Macron in Paris on Friday.",
                 "Donald Trump spoke to Vladimir Putin on Tuesday. Trump said the talks "
                 "were productive and a ceasefire was close.",
                 "Emmanuel Macron said Europe must do more for Ukraine. Macron praised "
                 "Keir Starmer for his leadership."],
    }).to_csv(corpus, index=False)
    out = tmp_path / "site"
    out.mkdir()
    (out / "draft.md").write_text("old notes")
    code, err = _cli(capsys, "report", str(corpus), "--out", str(out), "-q")
    assert code == 2 and "draft.md" in err
    made = []
    real_work_dir = report.build._work_dir
    monkeypatch.setattr(report.build, "_work_dir", lambda: made.append(real_work_dir()) or made[-1])
    code, err = _cli(capsys, "report", str(corpus), "--out", str(out), "--topics", "1",
                     "--force", "-q")
    assert code == 0, err
    assert not (out / "draft.md").exists() and (out / "index.html").is_file()
    assert json.loads((out / MARKER).read_text())["kind"] == "report"
    for page in ("index.html", "00_summary.html", "04_leaders.html"):
        assert (out / page).stat().st_size < 400_000, page
    summary = (out / "00_summary.html").read_text(encoding="utf-8")
    assert "Starmer backs Ukraine Starmer" in summary and title.strip() not in summary
    assert len(narrative.doc_label(title, "", "a")) <= narrative.MAX_TITLE
    assert pd.read_parquet(out / "tables" / "documents.parquet")["title"].iloc[0] == title.strip()
    local = [str(tmp_path), str(made[0]), report.build.tempfile.gettempdir() + os.sep]
    for f in (out / "notebooks").glob("*.ipynb"):
        text = f.read_text(encoding="utf-8")
        assert not [p for p in local if p in text], f.name
    assert r'analysis_dir = \"../tables\"' in (out / "notebooks" / "00_summary.ipynb").read_text()
    assert _hidden(tmp_path) == [] and not made[0].exists()
