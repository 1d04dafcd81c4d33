"""Hostile and careless input: every per-document problem becomes a status or a note,
every bad file or option a clear InputError naming the file, line and field."""

from __future__ import annotations

import json
import os
import re
import time

import pandas as pd
import pytest

import analytics
from analytics import InputError, load_corpus
from analytics.corpus.clean import MAX_RULE_LINE_CHARS, clean_text, load_rules
from analytics.cli import main
from analytics.corpus.decode import MAX_HTML_DEPTH
from analytics.corpus.load import iter_corpus
from analytics.corpus.records import cell_text
from analytics.safe.regex import compile_user_regex, unsafe_reason
from analytics.corpus.segment import SPLITTER_NOTE, segment_corpus, split_sentences
from analytics.text import UNICODE_SPACES, ascii_spaces, normalize
from analytics.safe.yaml import compose_yaml, load_yaml, read_yaml_text

ARTICLE = ("Chancellor Olaf Scholz said on Tuesday that Germany would increase its support "
           "for Ukraine.\nThe announcement came after a meeting in Berlin with ministers.")
OTHER = ("Heavy rain caused flooding across the region on Wednesday, and several roads "
         "were closed.\nForecasters expect the weather to improve later in the week.")

# 588 bytes of YAML that expand to 9**9 (about 387 million) strings
ANCHOR_BOMB = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{c}: &{c} [" + ",".join([f"*{p}"] * 9) + "]" for p, c in zip("abcdefgh", "bcdefghi")]
    + ["rules:", "  - name: bomb", "    pattern: *i"]) + "\n"


def _docs(df: pd.DataFrame) -> pd.DataFrame:
    return df.set_index("doc_id")


# ----------------------------------------------------------------------- YAML files
def test_yaml_anchor_bomb_in_boilerplate_file_is_refused_at_once(tmp_path):
    bomb = tmp_path / "rules.yaml"
    bomb.write_text(ANCHOR_BOMB, encoding="utf-8")
    assert len(ANCHOR_BOMB.encode()) < 700
    t = time.perf_counter()
    with pytest.raises(InputError, match=r"rules\.yaml, line 2, column 8: YAML alias '\*a'"):
        load_rules(bomb)
    with pytest.raises(InputError, match="alias"):
        load_yaml(bomb, what="actor registry")
    assert time.perf_counter() - t < 2
    assert main(["analyze", str(tmp_path), "--boilerplate", str(bomb),
                 "--out", str(tmp_path / "out"), "-q"]) == 2


def test_yaml_reader_limits_size_encoding_depth_and_tags(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("rules: []\n" + "# padding\n" * 200_000, encoding="utf-8")
    with pytest.raises(InputError, match=r"big\.yaml: boilerplate file is 2,000,010 bytes, "
                                         r"more than the limit of 1,000,000"):
        load_rules(big)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("rules:\n  - name: caf\xe9\n    pattern: x\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin\.yaml, line 2: boilerplate file is not "
                                         r"valid UTF-8"):
        load_rules(latin)
    with pytest.raises(InputError, match="not found"):
        load_rules(tmp_path / "missing.yaml")
    with pytest.raises(InputError, match="is a folder"):
        load_rules(tmp_path)
    with pytest.raises(InputError, match="nested more than 100 levels"):
        compose_yaml("[" * 5000 + "]" * 5000, source="deep.yaml")
    with pytest.raises(InputError, match="unsupported YAML tag"):
        compose_yaml("a: !!python/object/apply:os.system ['true']", source="t.yaml")
    # anchors without aliases, a byte-order mark and plain data are fine
    ok = tmp_path / "ok.yaml"
    ok.write_bytes("\ufeffa: &x 1\nb: [2, 3]\n".encode("utf-8"))
    assert load_yaml(ok) == {"a": 1, "b": [2, 3]}
    assert read_yaml_text(ok).startswith("a:")


# ----------------------------------------------------------------- boilerplate rules
@pytest.mark.parametrize("rule, message", [
    ("    pattern: [a, b]", r"'pattern' must be text \(a regular expression\), got a list"),
    ("    pattern: 5", r"'pattern' must be text .*got int 5"),
    ("    pattern: x\n    all: 5", r"'all' must be a list of regular expressions, got int 5"),
    ("    pattern: x\n    all: [ok, 7]", r"'all' item 2 must be text .*got int 7"),
    ("    pattern: x\n    all: 'a string'", r"'all' must be a list .*got str"),
    ("    pattern: x\n    max_chars: lots", r"'max_chars' must be a whole number.*str 'lots'"),
    ("    pattern: x\n    max_chars: true", r"'max_chars' must be a whole number.*bool"),
    ("    pattern: x\n    match: fuzzy", r"'match' must be 'line', 'search' or 'span', not 'fuzzy'"),
    ("    pattern: x\n    paterm: y", r"unknown field 'paterm'"),
    ("    pattern: x\n    description: [a]", r"'description' must be text, got a list"),
])
def test_wrong_types_in_rules_name_file_line_rule_and_field(tmp_path, rule, message):
    f = tmp_path / "rules.yaml"
    f.write_text(f"rules:\n  - name: r\n{rule}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"rules\.yaml, line 2, rule 'r': " + message):
        load_rules(f)


@pytest.mark.parametrize("text, message", [
    ("rules:\n  - name: [x]\n    pattern: y\n", r"line 2, rule 1: 'name' must be text"),
    ("rules:\n  - just a string\n", r"line 2, rule 1: a rule must be a mapping"),
    ("rules:\n  - pattern: y\n", r"line 2, rule 1: the rule needs a 'name'"),
    ("rules: 5\n", r"'rules' must be a list of rules, got int 5"),
    ("rule:\n  - name: x\n", r"line 1: unknown top-level key 'rule'"),
    ("- a\n- b\n", r"must be a mapping with a 'rules' list"),
])
def test_malformed_rule_files_are_input_errors(tmp_path, text, message):
    f = tmp_path / "rules.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_rules(f)


@pytest.mark.parametrize("pattern", [
    r"(a+)+$", r"(a*)*", r"(a|a)*", r"(\w+\s?)*$", r"(?:x+|y)+", r"(foo|foo)+",
    r"(ab|a|b)*c", r"(aa|a)*c", r"(.*a){20}", r"(a.*)+"])
def test_catastrophic_user_regexes_are_refused_naming_the_rule(tmp_path, pattern):
    f = tmp_path / "rules.yaml"
    f.write_text(f"rules:\n  - name: slow\n    match: search\n    pattern: '{pattern}'\n",
                 encoding="utf-8")
    t = time.perf_counter()
    with pytest.raises(InputError, match=r"rules\.yaml, line 2, rule 'slow': 'pattern' .* "
                                         r"can take exponential time"):
        load_rules(f)
    assert time.perf_counter() - t < 1


def test_safe_regexes_and_the_shipped_rules_are_accepted():
    for pattern in (r"(a++)+", r"(?>a+)+", r"(ab|ac)*", r"(\d+,)*\d+", r"(\w|\d)+",
                    r"([A-Z][a-z]+ )+", r"(\s*(facebook|twitter)\s*[,|]?)*",
                    r"(https?://)?(www\.)?\w+(\.\w+)+"):
        assert unsafe_reason(pattern, re.IGNORECASE) is None, pattern
        assert compile_user_regex(pattern, where="x").pattern == pattern
    assert len(load_rules()) >= 10
    # the check is worth having: the refused shape really is exponential
    slow = re.compile(r"(a+)+$")
    t = time.perf_counter()
    slow.search("a" * 18 + "!")
    t18 = time.perf_counter() - t
    t = time.perf_counter()
    slow.search("a" * 22 + "!")
    assert time.perf_counter() - t > 4 * t18


def test_rules_never_see_lines_longer_than_the_cap(tmp_path):
    f = tmp_path / "rules.yaml"
    f.write_text("rules:\n  - name: wire\n    match: search\n    pattern: 'reuters'\n",
                 encoding="utf-8")
    rules = load_rules(f, replace=True)
    short = "Reuters contributed reporting."
    long_line = "Reuters " + "x" * MAX_RULE_LINE_CHARS
    res = clean_text(f"{ARTICLE}\n{short}\n{long_line}", rules)
    assert [r["text"] for r in res.removed] == [short]
    assert long_line in res.text


def test_boilerplate_errors_exit_2_on_the_command_line(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    cases = {"types.yaml": "rules:\n  - name: r\n    pattern: x\n    all: 5\n",
             "slow.yaml": "rules:\n  - name: r\n    pattern: '(a+)+$'\n"}
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert main(["analyze", str(tmp_path / "src"), "--boilerplate", str(tmp_path / name),
                     "--out", str(tmp_path / "out"), "-q"]) == 2
    (tmp_path / "latin.yaml").write_bytes(b"rules:\n  - name: caf\xe9\n    pattern: x\n")
    assert main(["analyze", str(tmp_path / "src"), "--boilerplate",
                 str(tmp_path / "latin.yaml"), "--out", str(tmp_path / "out"), "-q"]) == 2


# ----------------------------------------------------------------------- file names
def test_file_name_with_non_utf8_bytes_is_analysed_and_saved(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / os.fsdecode(b"caf\xe9.txt")).write_text(ARTICLE, encoding="utf-8")
    (src / "other.txt").write_text(OTHER, encoding="utf-8")
    a = analytics.analyze(src, out=tmp_path / "out", progress=False, n_topics=2)
    docs = _docs(a.documents)
    assert docs.at["caf\\xe9", "status"] == "ok"
    assert docs.at["caf\\xe9", "path"] == "caf\\xe9.txt"
    assert "not valid UTF-8" in docs.at["caf\\xe9", "note"]
    assert pd.isna(docs.at["other", "note"])
    assert (a.sentences["doc_id"] == "caf\\xe9").any()
    saved = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert "caf\\xe9" in set(saved["doc_id"])


# ----------------------------------------------------------------- lone surrogates
def test_lone_surrogates_in_api_strings_and_cells_are_replaced_and_noted(tmp_path):
    texts = [ARTICLE.replace("Berlin", "Ber\ud800lin"), OTHER]
    a = analytics.analyze(texts, out=tmp_path / "out", progress=False, n_topics=2)
    docs = _docs(a.documents)
    assert list(docs["status"]) == ["ok", "ok"]
    assert "Ber\ufffdlin" in docs.at["0000", "text"]
    assert "lone surrogates" in docs.at["0000", "note"] and pd.isna(docs.at["0001", "note"])
    assert pd.read_parquet(tmp_path / "out" / "sentences.parquet")["text"].str.contains(
        "\ufffd").any()
    rows = [{"id": "x\udc80", "text": "Bad \ud800 char. " + ARTICLE, "title": "T\udfff"},
            {"id": "y", "text": OTHER}]
    jsonl = tmp_path / "c.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    frame = pd.DataFrame(rows, dtype=object)
    for src in (jsonl, frame):
        out = _docs(load_corpus(src))
        assert list(out.index) == ["x\ufffd", "y"]
        assert out.at["x\ufffd", "title"] == "T\ufffd"
        assert out.at["x\ufffd", "text"].startswith("Bad \ufffd char.")
        assert out.at["x\ufffd", "status"] == "ok" and "U+FFFD" in out.at["x\ufffd", "note"]


# ----------------------------------------------------------------------- symlinks
def test_symlinks_outside_the_source_are_listed_not_read(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("root:x:0:0:root:/root:/bin/bash " * 5, encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "b.txt").write_text(OTHER, encoding="utf-8")
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "sub" / "real.txt").write_text(OTHER, encoding="utf-8")
    os.symlink(outside, src / "x.txt")
    os.symlink(src / "sub" / "real.txt", src / "inside.txt")
    os.symlink(tmp_path / "elsewhere", src / "linked")
    os.symlink(src / "sub", src / "loop")
    os.symlink(tmp_path / "nowhere.txt", src / "broken.txt")
    docs = _docs(load_corpus(src))
    assert docs.at["x", "status"] == "skipped: symbolic link outside the source folder"
    assert docs.at["x", "text"] == ""
    assert not docs["text"].str.contains("root:x").any()
    assert docs.at["inside", "status"] == "ok" and docs.at["inside", "text"] == OTHER
    assert docs.at["linked", "status"] == "skipped: symbolic link to a folder (not followed)"
    assert docs.at["loop", "status"] == "skipped: symbolic link to a folder (not followed)"
    assert docs.at["broken", "status"] == "skipped: broken symbolic link"
    assert "linked/b" not in docs.index and docs.at["sub/real", "status"] == "ok"


def test_fifo_is_listed_and_never_opened(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    docs = _docs(load_corpus(tmp_path))  # opening the FIFO would block for ever
    assert docs.at["pipe", "status"].startswith("skipped: not a regular file")


# ----------------------------------------------------------------------- silent losses
def test_unreadable_subfolder_is_listed_as_skipped(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text(OTHER, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("doc_id,title\nlocked/b,Locked\n",
                                           encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path="."):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)  # works as root too, unlike chmod 000
    docs = _docs(load_corpus(tmp_path))
    assert docs.at["locked", "status"].startswith(
        "skipped: unreadable folder (Permission denied); the files in it are not listed")
    assert docs.at["a", "status"] == "ok"
    assert docs.at["locked/b", "status"].startswith(
        "skipped: listed in metadata.csv (row 2) but no such file (or it is in a folder")
    monkeypatch.undo()
    with pytest.raises(InputError, match="cannot list the folder"):
        monkeypatch.setattr(os, "scandir", lambda p=".": (_ for _ in ()).throw(
            PermissionError(13, "Permission denied", os.fspath(p))))
        load_corpus(tmp_path)


def test_metadata_row_without_a_file_is_listed_and_logged(tmp_path, caplog):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(
        "doc_id,title,outlet\na,Scholz pledges aid,BBC\nghost.txt,Ghost story,CNN\n",
        encoding="utf-8")
    with caplog.at_level("WARNING"):
        docs = _docs(load_corpus(tmp_path))
    assert list(docs.index) == ["a", "ghost"]
    assert docs.at["a", "title"] == "Scholz pledges aid"
    assert docs.at["ghost", "status"] == (
        "skipped: listed in metadata.csv (row 3) but no such file")
    assert docs.at["ghost", "outlet"] == "CNN"
    assert "1 document(s) with no file (ghost)" in caplog.text


def test_deeply_nested_html_keeps_its_text_with_a_note(tmp_path):
    depth = 300
    page = ("<html><head><title>Scholz pledges aid</title><style>p {}</style></head><body>"
            + "<div>" * depth + "<p>" + ARTICLE.replace("\n", "</p><p>") + "</p>"
            + "<script>var tracking = 1;</script>" + "</div>" * depth + "</body></html>")
    (tmp_path / "deep.html").write_text(page, encoding="utf-8")
    (tmp_path / "flat.html").write_text(page.replace("<div>" * depth, "<div>").replace(
        "</div>" * depth, "</div>"), encoding="utf-8")
    docs = _docs(load_corpus(tmp_path))
    assert depth > MAX_HTML_DEPTH
    assert docs.at["deep", "status"] == "ok"
    assert docs.at["deep", "text"] == ARTICLE
    assert docs.at["deep", "title"] == "Scholz pledges aid"
    assert re.match(r"HTML nested 30\d levels deep, too deep for main-text extraction",
                    docs.at["deep", "note"])
    assert "Olaf Scholz said on Tuesday" in docs.at["flat", "text"]
    assert pd.isna(docs.at["flat", "note"])


def test_list_and_struct_cells_skip_the_row_or_become_json(tmp_path):
    rows = [{"id": "x", "text": ["Para one.", "Para two."], "title": {"b": 1, "a": "é"}},
            {"id": "y", "text": ARTICLE, "title": ["x", "y"], "outlet": 7},
            {"id": "z", "text": {"body": ARTICLE}}]
    jsonl = tmp_path / "c.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    pd.DataFrame({"id": ["p", "q"], "text": [ARTICLE, OTHER], "body": [["a", "b"], ["c"]],
                  "title": [["t1", "t2"], []]}).to_parquet(tmp_path / "c.parquet")
    docs = _docs(load_corpus(jsonl))
    assert docs.at["x", "status"] == "skipped: text cell is a list, not text"
    assert docs.at["z", "status"] == "skipped: text cell is a mapping, not text"
    assert docs.at["x", "title"] == '{"a": "é", "b": 1}'
    assert docs.at["y", "title"] == '["x", "y"]' and docs.at["y", "outlet"] == "7"
    assert docs.at["y", "status"] == "ok"
    pq = _docs(load_corpus(tmp_path / "c.parquet"))
    assert list(pq["status"]) == ["ok", "ok"]
    assert pq.at["p", "title"] == '["t1", "t2"]' and pd.isna(pq.at["q", "title"])
    pq = _docs(load_corpus(tmp_path / "c.parquet", text_column="body"))
    assert set(pq["status"]) == {"skipped: text cell is a list, not text"}
    assert cell_text({"k": [1, 2]}) == '{"k": [1, 2]}' and cell_text(3.5) == "3.5"


# ----------------------------------------------------------------------- limits
def test_huge_file_is_skipped_by_its_size_without_being_read(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    with (tmp_path / "dump.txt").open("wb") as fh:  # sparse: 200 MB on paper, no disk
        fh.truncate(200_000_000)
    t = time.perf_counter()
    docs = _docs(load_corpus(tmp_path))
    assert time.perf_counter() - t < 5
    assert docs.at["dump", "status"].startswith(
        "skipped: file too large (200,000,000 bytes > 20,000,004")
    assert docs.at["a", "status"] == "ok"
    # a file within the byte limit but over the character limit is still caught
    small = _docs(load_corpus(tmp_path / "a.txt", max_chars=20))
    assert small.at["a", "status"].startswith("skipped: file too large") or \
        small.at["a", "status"].startswith("skipped: document too long")


def test_broken_jsonl_line_is_reported_before_any_document_is_yielded(tmp_path):
    good = "".join(json.dumps({"id": str(i), "text": f"{ARTICLE} {i}"}) + "\n"
                   for i in range(6000))
    path = tmp_path / "c.jsonl"
    path.write_text(good + "{broken\n", encoding="utf-8")
    chunks = iter_corpus(path, chunk_size=1)
    with pytest.raises(InputError, match=r"c\.jsonl: line 6001 is not valid JSON"):
        next(chunks)
    path.write_bytes(good.encode() + b'{"id": "z", "text": "caf\xe9"}\n')
    with pytest.raises(InputError, match=r"line 6001 is not valid UTF-8"):
        next(iter_corpus(path, chunk_size=1))
    path.write_text(good + "[1, 2]\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"line 6001 is not a JSON object \(it is a list\)"):
        next(iter_corpus(path, chunk_size=1))


@pytest.mark.parametrize("kwargs, message", [
    ({"max_chars": -1}, r"max_chars must be a whole number, 0 or more"),
    ({"max_chars": 2.5}, r"max_chars must be a whole number"),
    ({"encoding": "nope-42"}, r"unknown encoding 'nope-42'"),
    ({"encoding": "rot13"}, r"'rot13' is not a text encoding"),
    ({"html": "strip"}, r"html must be 'auto' or 'raw'"),
])
def test_bad_loading_options_are_refused_before_reading(tmp_path, kwargs, message):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_corpus(tmp_path, **kwargs)
    with pytest.raises(InputError, match=message):
        iter_corpus(tmp_path, **kwargs)  # at the call, not at the first chunk
    assert load_corpus(tmp_path, max_chars=0)["status"].iloc[0].startswith("skipped")


# ----------------------------------------------------------------------- splitting
@pytest.mark.parametrize("space", ["\u00a0", "\u0085", "\u2028", "\u2029", "\u3000"])
def test_capital_unicode_space_full_stop_does_not_crash_the_splitter(space):
    text = f"The U{space}. team agreed. Talks resume on Monday."
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [f"The U{space}. team agreed.",
                                             "Talks resume on Monday."]


def test_splitter_failure_falls_back_to_punctuation_and_is_reported(monkeypatch):
    import analytics.corpus.segment as segment

    class FakePanic(BaseException):
        """Like pyo3's PanicException: not an Exception subclass."""

    def panic(lang, text):
        raise FakePanic("end byte index 6 is not a char boundary")

    monkeypatch.setattr(segment, "_sentencex_segment", panic)
    text = "He left early. She stayed! Why? \u201cNo.\u201d Fine"
    notes: list[str] = []
    spans = split_sentences(text, notes=notes)
    assert [text[s:e] for s, e in spans] == ["He left early.", "She stayed!", "Why?",
                                             "\u201cNo.\u201d", "Fine"]
    assert notes == [SPLITTER_NOTE]
    docs = pd.DataFrame({"doc_id": ["d"], "text": [text + " now."], "status": ["ok"]})
    paragraphs, sentences, doc_notes = segment_corpus(docs, return_notes=True)
    assert doc_notes == {"d": SPLITTER_NOTE} and len(sentences) == 5
    assert len(segment_corpus(docs)) == 2

    def interrupted(lang, text):
        raise KeyboardInterrupt

    monkeypatch.setattr(segment, "_sentencex_segment", interrupted)
    with pytest.raises(KeyboardInterrupt):
        split_sentences(text)


def test_splitter_failure_is_noted_in_the_documents_table(monkeypatch):
    import analytics.corpus.segment as segment
    from analytics.corpus.prepare import prepare_documents

    real = segment._sentencex_segment

    def panic_on_why(lang, text):
        if "Why" in text:
            raise RuntimeError("end byte index 6 is not a char boundary")
        return real(lang, text)

    monkeypatch.setattr(segment, "_sentencex_segment", panic_on_why)
    a = analytics.analyze(["Keir Starmer left early. Why? He did not say.",
                           "Keir Starmer said the \ud800 talks failed. Why? Nobody knows.",
                           "Keir Starmer met Emmanuel Macron on Friday."],
                          n_topics=1, progress=False)
    notes = a.documents.set_index("doc_id")["note"]
    assert notes["0000"] == SPLITTER_NOTE
    assert notes["0001"].startswith("invalid characters") and notes["0001"].endswith(
        "; " + SPLITTER_NOTE)
    assert pd.isna(notes["0002"])
    assert a.sentences.loc[a.sentences["doc_id"] == "0000", "text"].tolist() == [
        "Keir Starmer left early.", "Why?", "He did not say."]
    # a corpus without a note column gets one
    corpus = pd.DataFrame({"doc_id": ["d"], "text": ["Rates rose. Why? Nobody knows."],
                           "title": [None], "date": [None], "outlet": [None], "url": [None],
                           "path": [None], "encoding": ["utf-8"], "status": ["ok"]})
    docs = prepare_documents(corpus)[0]
    assert list(docs.columns)[-1] == "note" and docs["note"].tolist() == [SPLITTER_NOTE]


def test_unicode_spaces_are_mapped_one_for_one():
    every = {chr(c) for c in range(0x80, 0x110000) if chr(c).isspace()}
    assert set(UNICODE_SPACES) == every
    text = "a" + "".join(sorted(every)) + "b\u200b\u201cq\u201d"
    assert ascii_spaces(text) == "a" + " " * len(every) + "b\u200b\u201cq\u201d"
    assert len(normalize(text)) == len(text)
    assert normalize("x\u2028y\u2029z\u0085w") == "x y z w"
