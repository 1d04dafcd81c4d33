"""Loading: every input format, encodings, metadata, and clear errors for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analytics import InputError, load_corpus
from analytics.corpus.load import CORPUS_COLUMNS, bundled_seeds

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
ARTICLE = ("Chancellor Olaf Scholz said on Tuesday that Germany would increase its "
           "support for Ukraine.\nThe announcement came after a meeting in Berlin.")


def test_directory_of_seeds_is_sorted_with_relative_ids():
    df = load_corpus(SEEDS)
    assert list(df.columns) == CORPUS_COLUMNS
    assert len(df) == 5
    assert df["doc_id"].tolist() == sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert (df["status"] == "ok").all()
    assert set(df["encoding"]) == {"utf-8"}
    # the text is the file's text, decoded (the seeds are unchanged files)
    first = sorted(SEEDS.glob("*.txt"))[0]
    assert df["text"].iloc[0] == first.read_text(encoding="utf-8")


def test_default_source_is_the_bundled_demo_corpus():
    assert bundled_seeds().is_dir()
    df = load_corpus()
    assert len(df) == 5


def test_recursive_directory_ids_and_metadata_csv(tmp_path):
    (tmp_path / "bbc" / "2025").mkdir(parents=True)
    (tmp_path / "bbc" / "2025" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "z.md").write_text("# Heading\n\nSome *markdown* article text here.",
                                   encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(
        "doc_id,title,date,outlet,url\nbbc/2025/a,Scholz pledges aid,2025-03-04,BBC,"
        "https://example.org/a\n", encoding="utf-8")
    df = load_corpus(tmp_path)
    assert df["doc_id"].tolist() == ["bbc/2025/a", "z"]
    row = df.iloc[0]
    assert (row["title"], row["date"], row["outlet"]) == ("Scholz pledges aid", "2025-03-04",
                                                         "BBC")
    # metadata is never invented for the document the table does not list
    assert pd.isna(df.iloc[1]["date"]) and pd.isna(df.iloc[1]["outlet"])


def test_encodings_bom_cp1252_latin1_are_detected_and_recorded(tmp_path):
    text = "Le président Macron a rencontré Zelensky à l’Élysée — “café” crème. " * 5
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (tmp_path / "win.txt").write_bytes(text.encode("cp1252"))
    (tmp_path / "latin.txt").write_bytes(("Le président a visité l'Élysée à Paris, "
                                          "où il a parlé de la sécurité. " * 5).encode("latin-1"))
    df = load_corpus(tmp_path).set_index("doc_id")
    assert df.at["bom", "encoding"] == "utf-8-sig"
    assert df.at["bom", "text"] == text  # BOM removed
    assert df.at["win", "text"] == text  # curly quotes and dashes survive cp1252
    assert df.at["win", "encoding"] not in {"utf-8", "utf-8-sig"}
    assert "président" in df.at["latin", "text"] and "Élysée" in df.at["latin", "text"]


def test_binary_empty_and_unsupported_files_are_kept_with_a_reason(tmp_path):
    (tmp_path / "img.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    (tmp_path / "blank.txt").write_text("   \n\t\n", encoding="utf-8")
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4 ...")
    (tmp_path / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    df = load_corpus(tmp_path).set_index("doc_id")
    assert df.at["img", "status"].startswith("skipped: binary")
    assert df.at["blank", "status"].startswith("skipped: empty")
    assert "unsupported file type '.pdf'" in df.at["report", "status"]
    assert df.at["ok", "status"] == "ok"


def test_html_main_text_extraction_not_tag_stripping(tmp_path):
    html = """<html><head><title>Scholz pledges aid | The Daily</title>
    <meta property="og:site_name" content="The Daily"></head><body>
    <nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
    <article><h1>Scholz pledges aid</h1>
    <p>Chancellor Olaf Scholz said on Tuesday that Germany would increase its military
    support for Ukraine, including air defence systems, over the coming year.</p>
    <p>The announcement came after a meeting in Berlin with European defence ministers,
    who discussed how to coordinate deliveries and training for Ukrainian troops.</p>
    <script>var tracking = 'do not keep me';</script>
    </article><footer>Copyright The Daily. All rights reserved. Cookie settings</footer>
    </body></html>"""
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    row = load_corpus(tmp_path).iloc[0]
    assert row["status"] == "ok"
    assert "Olaf Scholz said on Tuesday" in row["text"]
    assert "tracking" not in row["text"] and "Sport" not in row["text"]
    assert row["outlet"] == "The Daily"
    assert "Scholz pledges aid" in row["title"]


def test_csv_jsonl_parquet_and_dataframe_sources(tmp_path):
    df = pd.DataFrame({"id": ["a", "b"], "text": [ARTICLE, ARTICLE + " More."],
                       "outlet": ["X", "Y"], "published": ["2025-01-01", "2025-01-02"]})
    df.to_csv(tmp_path / "c.csv", index=False)
    with (tmp_path / "c.jsonl").open("w", encoding="utf-8") as fh:
        for rec in df.to_dict("records"):
            fh.write(json.dumps(rec) + "\n")
    df.to_parquet(tmp_path / "c.parquet")
    for src in (tmp_path / "c.csv", tmp_path / "c.jsonl", tmp_path / "c.parquet", df):
        out = load_corpus(src, columns={"date": "published"})
        assert out["doc_id"].tolist() == ["a", "b"]
        assert out["outlet"].tolist() == ["X", "Y"]
        assert out["date"].tolist() == ["2025-01-01", "2025-01-02"]
        assert out["text"].iloc[0] == ARTICLE


def test_iterable_of_strings_gets_numbered_ids():
    out = load_corpus([ARTICLE, "Second article text about peace talks in Riyadh."])
    assert out["doc_id"].tolist() == ["0000", "0001"]


def test_missing_text_column_lists_the_columns_found(tmp_path):
    pd.DataFrame({"id": [1], "body": [ARTICLE]}).to_csv(tmp_path / "x.csv", index=False)
    with pytest.raises(InputError) as exc:
        load_corpus(tmp_path / "x.csv")
    msg = str(exc.value)
    assert "x.csv" in msg and "'body'" in msg and "text_column" in msg
    assert load_corpus(tmp_path / "x.csv", text_column="body")["doc_id"].tolist() == ["1"]


def test_duplicate_ids_are_an_error_naming_the_rows(tmp_path):
    pd.DataFrame({"id": ["a", "b", "a"], "text": ["x y", "y z", "z w"]}).to_csv(
        tmp_path / "d.csv", index=False)
    with pytest.raises(InputError, match=r"duplicate document id 'a' in rows \[1, 3\]"):
        load_corpus(tmp_path / "d.csv")
    assert len(load_corpus(tmp_path / "d.csv", id_column=None)) == 3


def test_missing_source_and_bad_jsonl_say_what_to_do(tmp_path):
    with pytest.raises(InputError, match="no such file or directory"):
        load_corpus(tmp_path / "nope")
    (tmp_path / "bad.jsonl").write_text('{"text": "ok"}\n{not json}\n', encoding="utf-8")
    with pytest.raises(InputError, match="line 2 is not valid JSON"):
        load_corpus(tmp_path / "bad.jsonl")


def test_empty_text_cells_are_kept_as_skipped(tmp_path):
    df = pd.DataFrame({"text": [ARTICLE, None, "   "]})
    out = load_corpus(df)
    assert out["status"].tolist()[0] == "ok"
    assert all(s.startswith("skipped: empty") for s in out["status"].tolist()[1:])
