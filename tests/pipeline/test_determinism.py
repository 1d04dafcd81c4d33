"""The tables do not depend on how the corpus is executed: chunk size, backend
(local or Dask threads/processes) and worker count give byte-identical results.

The corpus is generated here, deterministically: short news items naming registry
leaders and people the registry does not know (some introduced with a cue - a
title, a role, a speech verb - in one item and named without one in others), with
quotes, stance triggers, tone words, exact duplicates and a few non-English items.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from fixtures.tiny_minilm import write_tiny_minilm

import analytics
from analytics import Analysis
from analytics.errors import InputError

# --------------------------------------------------------------------------- corpus
#: Registry leaders: (full name, short form).
LEADERS = [
    ("Keir Starmer", "Starmer"), ("Donald Trump", "Trump"), ("Vladimir Putin", "Putin"),
    ("Volodymyr Zelensky", "Zelensky"), ("Emmanuel Macron", "Macron"),
    ("Friedrich Merz", "Merz"), ("Giorgia Meloni", "Meloni"), ("Mark Rutte", "Rutte"),
    ("Steve Witkoff", "Witkoff"), ("Sergei Lavrov", "Lavrov"), ("Kaja Kallas", "Kallas"),
    ("Rachel Reeves", "Reeves"), ("John Healey", "Healey"), ("Marco Rubio", "Rubio"),
    ("Ursula von der Leyen", "von der Leyen"), ("Donald Tusk", "Tusk"),
    ("Mark Carney", "Carney"), ("Dmitry Peskov", "Peskov"), ("Kemi Badenoch", "Badenoch"),
    ("Antonio Tajani", "Tajani"),
]
#: People the registry does not know: (full name, surname, honorific, cue phrase).
OTHERS = [
    ("Oskar Brandvold", "Brandvold", "Mr", "Norwegian envoy"),
    ("Hanna Ljung", "Ljung", "Ms", "the economist"),
    ("Gregor Malinowski", "Malinowski", "Mr", "trade envoy"),
    ("Lara Voss", "Voss", "Ms", "defence analyst"),
    ("Tomas Erikson", "Erikson", "Mr", "Swedish diplomat"),
    ("Maria Ostrova", "Ostrova", "Ms", "opposition leader"),
    ("Alan Pemberton", "Pemberton", "Mr", "former ambassador"),
    ("Adaeze Okafor", "Okafor", "Dr", "Senator"),
    ("Piotr Nowacki", "Nowacki", "Mr", "Polish negotiator"),
    ("Ingrid Halvorsen", "Halvorsen", "Ms", "Nato spokeswoman"),
]
ISSUES = ["sanctions on Russia", "a ceasefire", "military aid to Ukraine",
          "Ukraine's Nato membership", "a peacekeeping force", "the minerals deal",
          "higher defence spending"]
VERBS_POS = ["praised", "welcomed", "thanked", "defended"]
VERBS_NEG = ["criticised", "attacked", "condemned", "blamed"]
CITIES = ["Paris", "Kyiv", "Brussels", "London", "Warsaw", "Rome", "Geneva"]
BOILERPLATE = ["Photo credit: Jane Doe/Agency", "Share it:", "Loading...", "1:24"]
NON_ENGLISH = [
    "Der Bundeskanzler sprach am Montag in Berlin mit der Presse über die Lage. "
    "Die Regierung will die Hilfe für die Ukraine weiter erhöhen, sagte ein Sprecher.",
    "Le président a rencontré les dirigeants européens à Paris pour discuter de la "
    "sécurité. Les ministres ont promis de poursuivre les négociations la semaine prochaine.",
]


def _sentence(rng: random.Random) -> str:
    a_full, a_short = rng.choice(LEADERS)
    b_full, b_short = rng.choice([x for x in LEADERS if x[0] != a_full])
    o_full, o_sur, o_hon, o_cue = rng.choice(OTHERS)
    issue = rng.choice(ISSUES)
    a = rng.choice([a_full, a_short, a_short])
    b = rng.choice([b_full, b_short])
    templates = [
        f"{a} {rng.choice(VERBS_POS)} {b} for backing {issue}.",
        f"{a} {rng.choice(VERBS_NEG)} {b} over {issue} on Tuesday.",
        f"\u201cWe fully support {issue},\u201d {a} said.",
        f"\u201cThis is a disgrace and a betrayal,\u201d {a} told reporters in "
        f"{rng.choice(CITIES)}.",
        f"{a} said he strongly opposed {issue}.",
        f"{a} rejected {issue} as a dangerous mistake.",
        f"{o_cue.capitalize() if o_cue[0].islower() else o_cue} {o_full} said {issue} "
        "was essential.",
        f"{o_full}, who advises the government, warned that {issue} would fail.",
        f"{o_hon} {o_sur} told reporters that {b} had agreed to {issue}.",
        f"{o_full} met {b} in {rng.choice(CITIES)}.",
        f"{o_sur} and {b} discussed {issue}.",
        f"\u201cThe talks were constructive,\u201d said {o_full}.",
        f"He said the plan for {issue} was welcome.",
        f"Officials said the talks on {issue} would resume next week.",
        f"Markets fell after {b} threatened new tariffs.",
    ]
    return rng.choice(templates)


def make_corpus(n: int = 1000, seed: int = 13) -> pd.DataFrame:
    """``n`` short news items (2-4 sentences) as a table with id, title, date, text.

    Ids are not in sorted order; every 97th item repeats an earlier one exactly, every
    211th is not in English and every 13th starts with a line of boilerplate.
    """
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        if i % 211 == 150:
            text = NON_ENGLISH[i % len(NON_ENGLISH)]
        elif i % 97 == 96 and rows:
            text = rows[rng.randrange(len(rows))]["text"]
        else:
            sents = [_sentence(rng) for _ in range(rng.randint(2, 4))]
            if rng.random() < 0.3:  # a second paragraph
                k = rng.randint(1, len(sents) - 1)
                text = " ".join(sents[:k]) + "\n" + " ".join(sents[k:])
            else:
                text = " ".join(sents)
            if i % 13 == 0:  # boilerplate for the cleaner
                text = rng.choice(BOILERPLATE) + "\n" + text
        rows.append({"id": f"item-{(i * 7919) % 10007:05d}",
                     "title": f"Talks on {rng.choice(ISSUES)}" if i % 3 else None,
                     "date": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}",
                     "outlet": rng.choice(["Daily Post", "The Ledger", "Herald"]),
                     "text": text})
    return pd.DataFrame(rows)


def assert_same_analysis(a: Analysis, b: Analysis, tmp_path: Path, what: str) -> None:
    """Every table equal (values, dtypes, row order) and the saved CSV files byte-identical."""
    assert list(a.tables) == list(b.tables)
    for name in a.tables:
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name], check_exact=True,
                                      obj=f"{what}: table {name}")
    da, db = a.save(tmp_path / "a"), b.save(tmp_path / "b")
    for f in sorted(da.glob("*.csv")):
        assert f.read_bytes() == (db / f.name).read_bytes(), f"{what}: {f.name} differs"


# --------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    return make_corpus(1000)


@pytest.fixture(scope="module")
def whole(corpus) -> Analysis:
    """The corpus in one chunk: discovery sees every document at once."""
    return analytics.analyze(corpus, chunk_size=1000, n_topics=3, progress=False)


# --------------------------------------------------------------------------- tests
def test_generated_corpus_exercises_every_stage(whole):
    docs = whole.documents
    assert len(docs) == 1000
    assert docs["status"].str.startswith("skipped: exact duplicate").sum() >= 5
    assert docs["status"].str.startswith("skipped: language").sum() >= 3
    discovered = whole.mentions[whole.mentions["kind"] == "discovered"]
    # all ten unregistered people are found, also where their own sentence has no cue
    assert set(whole.candidates["name"]) == {name for name, *_ in OTHERS}
    # "Oskar Brandvold met ..." has no cue of its own
    sents = discovered.merge(whole.sentences[["doc_id", "sent_id", "text"]])
    uncued = sents[sents.apply(lambda r: r["text"].startswith(r["surface"] + " met "), axis=1)]
    assert len(uncued) > 50
    assert len(whole.removed) >= 50
    assert len(whole.quotes) > 100 and len(whole.stance_evidence) > 100
    assert whole.tone["label"].nunique() == 3 and len(whole.leaders) >= 25


@pytest.mark.parametrize("options", [
    {"chunk_size": 7},
    {"chunk_size": 100},
    {"chunk_size": 100, "backend": "dask", "scheduler": "threads"},
], ids=["chunks-of-7", "chunks-of-100", "dask-threads"])
def test_tables_do_not_depend_on_chunk_size_or_backend(corpus, whole, options, tmp_path):
    other = analytics.analyze(corpus, n_topics=3, progress=False, **options)
    assert_same_analysis(whole, other, tmp_path, str(options))


def test_worker_processes_give_the_same_tables(corpus, whole, tmp_path, monkeypatch):
    """The default execution on a corpus of several chunks: each chunk split across two
    worker processes (pieces of 150 documents), both passes on the workers."""
    from analytics.pipeline.backends import ProcessPool

    started: list[int] = []
    enter = ProcessPool.__enter__
    monkeypatch.setattr(ProcessPool, "__enter__",
                        lambda self: started.append(self.workers) or enter(self))
    other = analytics.analyze(corpus, n_topics=3, chunk_size=300, workers=2, progress=False)
    assert started == [2]
    assert_same_analysis(whole, other, tmp_path, "2 workers")


def test_dask_process_workers_and_streaming_to_disk_give_the_same_tables(corpus, tmp_path):
    part = corpus.iloc[:200]
    local = analytics.analyze(part, n_topics=3, progress=False)
    streamed = analytics.analyze(part, n_topics=3, chunk_size=30, backend="dask",
                                 scheduler="processes", out=tmp_path / "out", progress=False)
    assert_same_analysis(local, streamed, tmp_path / "lazy", "processes")
    assert_same_analysis(local, Analysis.load(tmp_path / "out"), tmp_path, "processes")


def test_a_person_cued_in_one_chunk_is_found_in_another():
    docs = ["Envoy Oskar Brandvold said the talks would resume in Oslo.",
            "Oskar Brandvold met Keir Starmer in London on Monday.",
            "Keir Starmer thanked Mr Brandvold for his work."]
    for size in (1, 2, 3):
        a = analytics.analyze(docs, chunk_size=size, n_topics=1, progress=False)
        found = a.mentions[a.mentions["kind"] == "discovered"]
        assert found["doc_id"].tolist() == ["0000", "0001", "0002"], size
        assert set(found["actor"]) == {"Oskar Brandvold"}
        assert a.candidates[["name", "mentions", "documents"]].values.tolist() == [
            ["Oskar Brandvold", 3, 3]]


def test_rows_follow_the_corpus_order_of_documents():
    docs = pd.DataFrame({"id": ["b", "a", "c"], "text": [
        "Keir Starmer praised Emmanuel Macron in Paris.",
        "Donald Trump criticised Vladimir Putin over the ceasefire.",
        "Giorgia Meloni met Friedrich Merz in Rome."]})
    for size in (1, 3):
        a = analytics.analyze(docs, chunk_size=size, n_topics=1, progress=False)
        for name in ("mentions", "tone", "sentences"):
            order = list(dict.fromkeys(a.tables[name]["doc_id"]))
            assert order == ["b", "a", "c"], (name, size)


def test_a_one_shot_iterator_is_read_once_and_analysed_like_a_list():
    texts = ["Envoy Lara Voss said the plan was sound.", "Lara Voss met Mark Rutte.",
             "Mark Rutte thanked Ms Voss."]
    a = analytics.analyze(iter(texts), chunk_size=1, n_topics=1, progress=False)
    b = analytics.analyze(texts, chunk_size=3, n_topics=1, progress=False)
    for name in ("documents", "mentions", "candidates", "tone"):
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name], check_exact=True)
    assert (a.mentions["kind"] == "discovered").sum() == 3


def test_summaries_do_not_depend_on_the_row_order_of_their_input(whole):
    from analytics.comentions import comention_table
    from analytics.sentiment import leader_documents, leader_summary

    tone = whole.tone.sample(frac=1.0, random_state=7)
    pd.testing.assert_frame_equal(leader_summary(tone), whole.leaders, check_exact=True)
    pd.testing.assert_frame_equal(leader_documents(tone), whole.leader_documents,
                                  check_exact=True)
    mentions = whole.mentions.sample(frac=1.0, random_state=7)
    pd.testing.assert_frame_equal(comention_table(mentions), whole.comentions,
                                  check_exact=True)


# ----------------------------------------------------------------- batch-invariant tone
def _targets(n: int = 150) -> tuple[list[str], list[tuple[int, int]]]:
    rng = random.Random(5)
    texts, spans = [], []
    for _ in range(n):
        s = _sentence(rng)
        for full, short in LEADERS:
            for name in (full, short):
                i = s.find(name)
                if i >= 0:
                    texts.append(s)
                    spans.append((i, i + len(name)))
                    break
            else:
                continue
            break
    return texts, spans


def test_tone_of_a_row_does_not_depend_on_its_batch():
    from analytics.sentiment import classify_targets, load_model

    texts, spans = _targets()
    assert len(texts) > 60
    neural = load_model().named_estimators_["bigru"]
    together = neural.predict_proba(texts, spans)
    alone = [neural.predict_proba([t], [s])[0] for t, s in zip(texts[:25], spans[:25])]
    assert (together[:25] == alone).all()  # bit for bit, not approximately
    rev = neural.predict_proba(texts[::-1], spans[::-1], batch_size=7)
    assert (rev[::-1] == together).all()
    full = classify_targets(texts, spans)
    parts = pd.concat([classify_targets(texts[i:i + 5], spans[i:i + 5])
                       for i in range(0, len(texts), 5)], ignore_index=True)
    pd.testing.assert_frame_equal(full, parts, check_exact=True)


def test_minilm_features_of_a_row_do_not_depend_on_its_batch(tmp_path):
    from analytics.sentiment import embed

    d = _tiny_minilm(tmp_path)
    enc = embed.MiniLMEncoder(d)
    texts = ["the mayor praised berg .", "berg praised the mayor", "the cafe .",
             "the mayor ' s cafe praised berg . the mayor", "berg ."] * 3
    spans = [(4, 9), (0, 4), (4, 8), (0, 3), (0, 4)] * 3
    together = enc.target_features(texts, spans)
    alone = np.vstack([enc.target_features([t], [s]) for t, s in zip(texts, spans)])
    assert (together == alone).all()
    head = {"mean": np.zeros(16, np.float32), "scale": np.ones(16, np.float32),
            "coef": np.random.default_rng(1).normal(size=(3, 16)).astype(np.float32),
            "intercept": np.zeros(3), "classes": np.array([-1, 0, 1])}
    p = embed.head_proba(together, head)
    assert (p == np.vstack([embed.head_proba(together[i:i + 1], head)
                            for i in range(len(texts))])).all()


def _tiny_minilm(path: Path) -> Path:
    """A 2-layer, 8-dim random BERT in the layout of the MiniLM package."""
    write_tiny_minilm(path, qkv_bias_scale=0.1)
    return path


# ----------------------------------------------------------------- option validation
@pytest.mark.parametrize("option, value, allowed", [
    ("random_state", -1, "from 0 to 4294967295"),
    ("random_state", 2 ** 32, "from 0 to 4294967295"),
    ("random_state", 1.5, "whole number"),
    ("random_state", True, "whole number"),
    ("chunk_size", 0, "at least 1"),
    ("chunk_size", "100", "at least 1"),
    ("max_chars", -1, "a whole number of at least 0 (0 or None: no limit)"),
    ("encoding", "no-such-codec", "text encoding"),
    ("encoding", "base64", "text encoding"),
    ("n_topics", 0, "'auto' or a whole number"),
    ("n_topics", "many", "'auto' or a whole number"),
    ("topic_method", "pca", "'nmf', 'lda', 'kmeans'"),
    ("topic_unit", "sentence", "one of 'paragraph', 'document'"),
    ("tone_model", "bert", "'default', 'linear', 'minilm'"),
])
def test_bad_options_are_rejected_before_any_work(option, value, allowed, monkeypatch):
    def no_reading(*args, **kwargs):
        raise AssertionError("the corpus was read before the options were checked")

    monkeypatch.setattr("analytics.pipeline.run.iter_corpus", no_reading)
    with pytest.raises(InputError, match=option) as err:
        analytics.analyze(["Keir Starmer spoke."], progress=False, **{option: value})
    assert allowed in str(err.value)


@pytest.mark.parametrize("options, message", [
    ({"backend": "spark"}, "backend must be one of 'local', 'dask'"),
    ({"backend": "dask", "scheduler": "gpu"}, "unknown Dask scheduler 'gpu'"),
    ({"scheduler": "threads"}, "used only with backend='dask'"),
    ({"backend": "dask", "scheduler": 3}, "not a int"),
])
def test_bad_execution_options_are_rejected_before_any_work(options, message, monkeypatch):
    monkeypatch.setattr("analytics.pipeline.run.iter_corpus", None)
    with pytest.raises(InputError, match=message):
        analytics.analyze(["Keir Starmer spoke."], progress=False, **options)


def test_max_chars_zero_means_no_limit():
    text = "Keir Starmer praised Emmanuel Macron for his leadership. " * 20
    a = analytics.analyze([text], max_chars=0, n_topics=1, progress=False)
    assert a.documents["status"].tolist() == ["ok"]
    b = analytics.analyze([text], max_chars=100, n_topics=1, progress=False)
    assert b.documents["status"].str.startswith("skipped: document too long").all()
