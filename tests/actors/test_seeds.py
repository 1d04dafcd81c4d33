"""Behaviour of analytics.actors on the real demo articles in seeds/.

The expected people per article were listed by hand from reading the articles
(named persons only); the test checks recall and that no place, organisation or
boilerplate name is reported as a person.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from analytics.actors import find_mentions
from analytics.schema import TABLES

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

# people named in each article (hand annotation, first three characters of the file name)
PEOPLE = {
    "000": {"Keir Starmer", "Volodymyr Zelensky", "Vladimir Putin", "Donald Trump"},
    "001": {"Keir Starmer", "Emmanuel Macron", "John Healey", "Donald Trump", "Pete Hegseth",
            "Volodymyr Zelensky", "Rachel Reeves", "Sergei Lavrov"},
    "002": {"Keir Starmer", "Vladimir Putin", "Donald Trump", "Volodymyr Zelensky",
            "Ursula von der Leyen", "Dick Schoof", "Anthony Albanese", "Emmanuel Macron"},
    "003": {"Keir Starmer", "Volodymyr Zelensky", "Donald Trump", "John Coale", "Vladimir Putin",
            "Emmanuel Macron", "John Bolton", "Pope Francis", "Tony Brenton",
            "Francesco Giordano", "Steve Witkoff", "Yuri Ushakov"},
    "004": {"Keir Starmer", "Emmanuel Macron", "Volodymyr Zelensky", "Donald Trump",
            "Vladimir Putin", "Pete Hegseth", "JD Vance", "Marco Rubio", "Mike Waltz",
            "Steve Witkoff"},
}
NOT_PERSONS = ["Downing Street", "St Peter", "Basilica", "Oval Office", "Truth Social",
               "Air Force One", "White House", "Munich Security Conference", "Sky News",
               "Fox News", "Associated Press", "Carl Court", "Reuters", "Spreaker",
               "Newsmax", "Telegraph", "Northolt", "Chrome"]


def _naive_sentences() -> tuple[pd.DataFrame, dict[str, str]]:
    """Raw seed files (no cleaning) split by lines and sentence punctuation."""
    rows, texts = [], {}
    for f in sorted(SEEDS.glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        doc = f.name[:3]
        texts[doc] = text
        pos = 0
        for para, line in enumerate(text.split("\n")):
            for m in re.finditer(r"[^.!?]+(?:[.!?]+[\"\u201d\u2019]?|$)", line):
                seg = m.group()
                lead = len(seg) - len(seg.lstrip())
                seg = seg.strip()
                if seg:
                    s = pos + m.start() + lead
                    rows.append((doc, len(rows), para, s, s + len(seg), seg))
            pos += len(line) + 1
    return pd.DataFrame(rows, columns=TABLES["sentences"]), texts


def _pipeline_sentences():
    try:
        from analytics.corpus.clean import clean_corpus
        from analytics.corpus.load import load_corpus
        from analytics.corpus.segment import segment_corpus
    except ImportError:  # pragma: no cover - foundation missing
        return None
    docs, _ = clean_corpus(load_corpus(str(SEEDS)))
    _, sents = segment_corpus(docs)
    docs = docs.assign(doc_id=docs["doc_id"].str[:3])
    sents = sents.assign(doc_id=sents["doc_id"].str[:3])
    return sents, dict(zip(docs["doc_id"], docs["text"]))


@pytest.fixture(scope="module", params=["raw", "pipeline"])
def seed_result(request):
    if request.param == "raw":
        sents, texts = _naive_sentences()
    else:
        got = _pipeline_sentences()
        if got is None:
            pytest.skip("foundation modules not available")
        sents, texts = got
    m, c = find_mentions(sents, pronouns=True)
    return m, c, texts


def test_offsets_match_text(seed_result):
    m, _, texts = seed_result
    assert len(m) > 100
    for d, s, e, surf in zip(m["doc_id"], m["start"], m["end"], m["surface"]):
        assert texts[d][s:e] == surf


@pytest.mark.parametrize("doc", sorted(PEOPLE))
def test_every_named_person_found(seed_result, doc):
    m, _, _ = seed_result
    found = set(m[(m["doc_id"] == doc) & (m["kind"] != "pronoun") & m["resolved"]]["actor"])
    missed = PEOPLE[doc] - found
    recall = 1 - len(missed) / len(PEOPLE[doc])
    assert recall >= 0.95, f"missed {sorted(missed)}"
    # and no person that the article does not name (roles resolve to named people)
    extra = {a for a in found - PEOPLE[doc]}
    assert not extra, f"unexpected persons {sorted(extra)}"


def test_no_place_organisation_or_credit_is_a_person(seed_result):
    m, c, _ = seed_result
    names = set(m["actor"]) | set(c["name"])
    for bad in NOT_PERSONS:
        assert not any(bad in n for n in names), bad


def test_specific_behaviours(seed_result):
    m, _, _ = seed_result
    zel = m[m["surface"].str.contains("Zelensk")]
    assert {"Zelensky", "Zelenskyy"} <= {s.split()[-1] for s in zel["surface"]}
    assert set(zel["actor"]) == {"Volodymyr Zelensky"}
    assert set(m[m["surface"] == "Sir Keir"]["actor"]) == {"Keir Starmer"}
    assert set(m[m["surface"] == "Russian leader"]["actor"]) == {"Vladimir Putin"}
    assert set(m[m["surface"] == "Ukrainian leader"]["actor"]) == {"Volodymyr Zelensky"}
    for surface, actor in [("Russian president", "Vladimir Putin"), ("US president", "Donald Trump"),
                           ("Ukrainian president", "Volodymyr Zelensky"),
                           ("French president", "Emmanuel Macron"),
                           ("British Prime Minister", "Keir Starmer")]:
        assert set(m[(m["kind"] == "role") & (m["surface"] == surface)]["actor"]) == {actor}, surface
    assert set(m[m["surface"].str.lower() == "pm"]["actor"]) == {"Keir Starmer"}
    assert set(m[(m["kind"] == "role") & (m["surface"].str.lower() == "chancellor")]["actor"]) == {"Rachel Reeves"}
    # "Mr Trump's deputy Ukraine envoy John Coale": two people
    coale = m[m["actor"] == "John Coale"]
    assert len(coale) == 1
    same = m[(m["doc_id"] == coale["doc_id"].iloc[0]) & (m["sent_id"] == coale["sent_id"].iloc[0])]
    assert {"Donald Trump", "John Coale"} <= set(same["actor"])
