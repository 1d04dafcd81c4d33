"""The Analysis object, its persistence, and the command line end to end."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import analytics
from analytics import schema
from analytics.cli import main

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def analysis():
    return analytics.analyze(SEEDS, progress=False)


def test_analysis_has_every_documented_table(analysis):
    for name, cols in schema.TABLES.items():
        df = getattr(analysis, name)
        assert list(df.columns[: len(cols)]) == cols, name
    docs = analysis.documents
    assert len(docs) == 5 and (docs["status"] == "ok").all()
    assert (docs["n_sentences"] > 0).all()
    assert docs.loc[docs["doc_id"].str.startswith("004"), "title"].iloc[0].startswith(
        "Starmer Calls On Europe")
    assert "documents analysed" in repr(analysis)


def test_save_and_load_round_trip_equal(analysis, tmp_path):
    out = analysis.save(tmp_path / "tables")
    for name in schema.TABLES:
        assert (out / f"{name}.csv").is_file() and (out / f"{name}.parquet").is_file()
    back = analytics.Analysis.load(out)
    for name, df in analysis.tables.items():
        pd.testing.assert_frame_equal(df, back.tables[name], check_dtype=False, obj=name)
    # CSV alone also round-trips the foundation tables
    for p in out.glob("*.parquet"):
        p.unlink()
    csv_back = analytics.Analysis.load(out)
    for name in ("documents", "sentences", "removed", "paragraphs"):
        pd.testing.assert_frame_equal(analysis.tables[name], csv_back.tables[name],
                                      check_dtype=False, obj=name)


def test_save_is_atomic_when_interrupted(analysis, tmp_path, monkeypatch):
    out = analysis.save(tmp_path / "tables")
    before = (out / "documents.csv").read_bytes()

    def boom(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(pd.DataFrame, "to_parquet", boom)
    with pytest.raises(KeyboardInterrupt):
        analysis.save(out)
    assert (out / "documents.csv").read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tables")]


def test_same_input_gives_byte_identical_tables(analysis, tmp_path):
    a = analysis.save(tmp_path / "a")
    b = analytics.analyze(SEEDS, progress=False).save(tmp_path / "b")
    for f in sorted(a.glob("*.csv")):
        assert f.read_bytes() == (b / f.name).read_bytes(), f.name


def test_cli_analyze_seeds_writes_tables(tmp_path, capsys):
    assert main(["analyze", str(SEEDS), "--out", str(tmp_path / "o"), "-q"]) == 0
    docs = pd.read_csv(tmp_path / "o" / "documents.csv")
    assert len(docs) == 5 and (docs["status"] == "ok").all()
    sents = pd.read_csv(tmp_path / "o" / "sentences.csv")
    text = dict(zip(docs["doc_id"], docs["text"]))
    assert all(text[d][s:e] == t for d, s, e, t in
               zip(sents["doc_id"], sents["start"], sents["end"], sents["text"]))
    assert len(pd.read_csv(tmp_path / "o" / "removed.csv")) > 0
    assert "5/5 documents analysed" in capsys.readouterr().out


def test_cli_bad_input_exits_2_with_a_clear_message(tmp_path, capsys):
    assert main(["analyze", str(tmp_path / "missing"), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "no such file or directory" in err and "Traceback" not in err
    bad = tmp_path / "c.csv"
    pd.DataFrame({"body": ["x"]}).to_csv(bad, index=False)
    assert main(["analyze", str(bad), "--out", str(tmp_path / "o")]) == 2
    assert "found columns ['body']" in capsys.readouterr().err
    assert main(["analyze", str(SEEDS), "--out", str(tmp_path / "o"), "--topics", "x"]) == 2


def test_cli_help_explains_every_option():
    res = subprocess.run([sys.executable, "-m", "analytics.cli", "analyze", "--help"],
                         capture_output=True, text=True, check=True)
    for opt in ("--out", "--text-column", "--id-column", "--actors", "--issues", "--topics",
                "--backend", "--quiet"):
        assert opt in res.stdout
    res = subprocess.run([sys.executable, "-m", "analytics.cli", "report", "--help"],
                         capture_output=True, text=True, check=True)
    assert "default: the bundled demo corpus" in res.stdout.replace("\n", " ").replace(
        "  ", " ") or "bundled demo corpus" in res.stdout


def test_drilldown_methods_show_the_text_behind_numbers(analysis):
    pair = analysis.sentences_with("Keir Starmer", "Donald Trump")
    assert len(pair) > 0
    m = analysis.mentions
    for row in pair.itertuples():
        here = set(m.loc[(m["doc_id"] == row.doc_id) & (m["sent_id"] == row.sent_id), "actor"])
        assert {"Keir Starmer", "Donald Trump"} <= here
    assert pair["text"].str.contains("Sir Keir and Trump").any()
    hits = analysis.kwic("coalition of the willing")
    assert len(hits) >= 2
    topic = analysis.topics["topic"].iloc[0]
    paras = analysis.topic_paragraphs(topic)
    assert len(paras) == int(analysis.topics["size"].iloc[0])
    ev = analysis.stance_evidence_for(analysis.stance["actor"].iloc[0])
    assert len(ev) >= 1


def test_saved_folders_have_normal_permissions(analysis, tmp_path):
    import os
    import stat

    out = analysis.save(tmp_path / "perm")
    mode = stat.S_IMODE(os.stat(out).st_mode)
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o777 & ~umask
