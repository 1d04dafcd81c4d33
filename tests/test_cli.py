"""The command line end to end: ``analytics analyze`` and its flags."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

from analytics.cli import main

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


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
