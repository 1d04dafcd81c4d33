"""Bad input gets a clear answer, nothing is lost, and results repeat."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import analytics
from analytics import InputError
from analytics.cli import main

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
GERMAN = ("Bundeskanzler Friedrich Merz hat am Montag in Berlin angekündigt, dass Deutschland "
          "die Unterstützung für die Ukraine weiter ausbauen werde. Die Regierung plane "
          "zusätzliche Mittel für die Luftverteidigung, sagte er nach einem Treffen mit "
          "europäischen Partnern. Kritiker bemängelten jedoch die fehlende Finanzierung.")
NO_PEOPLE = ("Heavy rain caused flooding across the region on Tuesday, and several roads "
             "were closed.\nForecasters expect the weather to improve later in the week, "
             "although more showers are likely near the coast.\nLocal councils opened "
             "emergency shelters and asked residents to avoid travel where possible.")


def _statuses(a) -> dict[str, str]:
    return dict(zip(a.documents["doc_id"], a.documents["status"]))


def test_empty_directory_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="found no documents"):
        analytics.analyze(tmp_path, progress=False)
    assert main(["analyze", str(tmp_path), "--out", str(tmp_path / "o"), "-q"]) == 2


def test_every_input_document_is_accounted_for(tmp_path):
    (tmp_path / "a.txt").write_text((SEEDS / "000_d90b2c8b1cc3f814.txt").read_text(
        encoding="utf-8"), encoding="utf-8")
    (tmp_path / "dup.txt").write_text((SEEDS / "000_d90b2c8b1cc3f814.txt").read_text(
        encoding="utf-8"), encoding="utf-8")
    (tmp_path / "empty.txt").write_text("  \n ", encoding="utf-8")
    (tmp_path / "bin.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "de.txt").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "boiler.txt").write_text("Loading...\nShare it:\n0:38\n", encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    a = analytics.analyze(tmp_path, progress=False)
    st = _statuses(a)
    assert set(st) == {"a", "dup", "empty", "bin", "de", "boiler", "notes"}
    assert st["a"] == "ok"
    assert st["dup"] == "skipped: exact duplicate of a"
    assert st["empty"].startswith("skipped: empty")
    assert st["bin"].startswith("skipped: binary")
    assert st["de"].startswith("skipped: language 'de'")
    assert st["boiler"].startswith("skipped: nothing left after removing boilerplate")
    assert st["notes"].startswith("skipped: unsupported file type")
    # the removed lines of the all-boilerplate document are recorded
    assert set(a.removed.loc[a.removed["doc_id"] == "boiler", "rule"]) == {
        "loading_placeholder", "share_prompt", "video_timestamp"}
    # skipped documents contribute no rows downstream
    assert set(a.sentences["doc_id"]) == {"a"} and set(a.mentions["doc_id"]) <= {"a"}
    # non-English text can be analysed on request
    b = analytics.analyze(tmp_path, languages=None, progress=False)
    assert _statuses(b)["de"] == "ok"


def test_invalid_utf8_and_windows_1252_are_decoded(tmp_path):
    text = ("\u201cWe will not accept it,\u201d Mr Starmer said \u2013 and the caf\u00e9 "
            "owners in Paris agreed with the Prime Minister on Monday. ") * 3
    (tmp_path / "cp.txt").write_bytes(text.encode("cp1252"))
    (tmp_path / "broken.txt").write_bytes(text.encode("utf-8")[:-3] + b"\xff\xfe\xfa")
    a = analytics.analyze(tmp_path, progress=False)
    docs = a.documents.set_index("doc_id")
    assert (docs["status"] == "ok").all()
    assert "\u201cWe will not accept it,\u201d" in docs.at["cp", "text"]
    assert docs.at["cp", "encoding"] != "utf-8"
    quotes = a.quotes[a.quotes["doc_id"] == "cp"]
    assert (quotes["speaker"] == "Keir Starmer").any()


def test_very_long_document_is_skipped_with_a_reason_not_a_crash(tmp_path):
    big = tmp_path / "dump.txt"
    line = "The talks in Rome continued late into the night, officials said. "
    with big.open("w", encoding="utf-8") as fh:
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    assert big.stat().st_size >= 50 * 1024 * 1024
    (tmp_path / "ok.txt").write_text(NO_PEOPLE, encoding="utf-8")
    a = analytics.analyze(tmp_path, progress=False)
    st = _statuses(a)
    # skipped from its size (more than 4 bytes per allowed character), never read
    assert st["dump"].startswith("skipped: file too large")
    assert "max_chars" in st["dump"] and st["ok"] == "ok"
    # within the byte limit but over the character limit: skipped once decoded
    b = analytics.analyze(tmp_path / "ok.txt", max_chars=len(NO_PEOPLE) - 1, progress=False)
    assert _statuses(b)["ok"].startswith("skipped: document too long")


def test_very_long_line_is_analysed(tmp_path):
    text = " ".join(["Keir Starmer met Emmanuel Macron in Paris to discuss Ukraine."] * 3000)
    a = analytics.analyze([text], progress=False)
    assert a.documents["status"].tolist() == ["ok"]
    assert a.sentences["end"].max() <= len(text)
    assert {"Keir Starmer", "Emmanuel Macron"} <= set(a.mentions["actor"])


def test_corpus_without_actors_gives_empty_tables_not_errors():
    a = analytics.analyze([NO_PEOPLE, NO_PEOPLE.replace("Tuesday", "Friday")],
                          progress=False)
    assert (a.documents["status"] == "ok").all()
    assert a.mentions.empty and a.leaders.empty and a.comentions.empty and a.stance.empty
    assert list(a.leaders.columns[:3]) == ["actor", "mentions", "documents"]


def test_single_document_degrades_gracefully():
    text = (SEEDS / "002_0ab563b9511735a0.txt").read_text(encoding="utf-8")
    a = analytics.analyze([text], progress=False)
    assert a.documents["status"].tolist() == ["ok"]
    assert len(a.topics) >= 1
    assert a.topic_assignments["doc_id"].nunique() == 1
    assert not a.leaders.empty


def test_unbalanced_quotation_marks_do_not_swallow_the_article():
    text = ("\u201cWe will keep going, Starmer said on Monday.\n"
            "The talks resumed on Tuesday in Riyadh.\n"
            "Macron said: \u201cRussia must respond clearly.\u201d\n"
            "Officials expect a further meeting next week.")
    a = analytics.analyze([text], progress=False)
    for q in a.quotes.itertuples():
        # no quote runs past its own paragraph
        assert "\n" not in q.quote
    assert (a.quotes["quote"] == "Russia must respond clearly.").any()


def test_malformed_registries_name_file_and_line(tmp_path):
    bad_actors = tmp_path / "actors.yaml"
    bad_actors.write_text("actors:\n  - name: Jane Doe\n    type: person\n"
                          "    aliases: [Doe\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        analytics.analyze(SEEDS, actors=bad_actors, progress=False)
    assert re.search(r"actors\.yaml(:\d+|, line \d+)", str(exc.value)), str(exc.value)
    bad_issues = tmp_path / "issues.yaml"
    bad_issues.write_text("issues:\n  - id: tariffs\n    terms: [tariff\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        analytics.analyze(SEEDS, issues=bad_issues, progress=False)
    assert re.search(r"issues\.yaml(:\d+|, line \d+)", str(exc.value)), str(exc.value)
    assert main(["analyze", str(SEEDS), "--out", str(tmp_path / "o"), "--actors",
                 str(bad_actors), "-q"]) == 2


def test_internal_error_exits_1_without_traceback(tmp_path, monkeypatch, capsys):
    import analytics.pipeline as pipeline

    def broken(*a, **k):
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "comention_table", broken, raising=False)
    monkeypatch.setattr("analytics.comentions.comention_table", broken)
    assert main(["analyze", str(SEEDS), "--out", str(tmp_path / "o"), "-q"]) == 1
    err = capsys.readouterr().err
    assert "internal error" in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()  # nothing half-written


def test_yaml_is_read_safely(tmp_path):
    evil = tmp_path / "actors.yaml"
    evil.write_text("actors:\n  - !!python/object/apply:os.system ['echo pwned']\n",
                    encoding="utf-8")
    with pytest.raises(InputError):
        analytics.analyze(SEEDS, actors=evil, progress=False)


def test_table_source_with_missing_text_reports_row(tmp_path):
    df = pd.DataFrame({"id": ["a", ""], "text": ["Some text about talks.", "More."]})
    df.to_csv(tmp_path / "t.csv", index=False)
    with pytest.raises(InputError, match="row 2 has an empty id"):
        analytics.analyze(tmp_path / "t.csv", progress=False)
