"""Speakers on news-style text: names outside the registry, titles, pronouns,
descriptions, continuations, interviews (analytics.quotes), and the who-is-quoted tables.

The six articles of ``tests/fixtures/quotes/articles.jsonl`` (BBC, wire and interview
style, written for these tests) carry hand-annotated speakers and methods.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pandas as pd
import pytest

from analytics.actors import find_mentions, load_registry
from analytics.corpus.segment import segment_corpus
from analytics.errors import InputError
from analytics.quotes import extract_quotes, quote_counts, quoted_about
from analytics.quotes.speakers import person_name
from analytics.schema import TABLES

ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "quotes" / "articles.jsonl"
METHODS = {"name", "pronoun", "description", "continuation", "none"}


@functools.lru_cache(maxsize=1)
def _registry():
    return load_registry()


def analyse(texts: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(quotes, mentions) of some texts, through segmentation, mentions and quotes."""
    docs = pd.DataFrame({"doc_id": list(texts), "text": list(texts.values()), "status": "ok",
                         "outlet": [k.split("-")[0] for k in texts]})
    _p, sents = segment_corpus(docs)
    mentions, _c = find_mentions(sents, _registry(), pronouns=True)
    return extract_quotes(docs, sents, mentions, registry=_registry()), mentions


def quote(q: pd.DataFrame, starts: str) -> pd.Series:
    rows = q[q["quote"].str.startswith(starts)]
    assert len(rows) == 1, (starts, q[["quote", "speaker"]].to_string())
    return rows.iloc[0]


@functools.lru_cache(maxsize=1)
def _fixture() -> tuple[list[dict], pd.DataFrame, pd.DataFrame]:
    arts = [json.loads(line) for line in ARTICLES.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    q, m = analyse({a["id"]: a["text"] for a in arts})
    return arts, q, m


def test_fixture_articles_are_annotated_in_three_styles():
    arts, _q, _m = _fixture()
    assert len(arts) == 6
    assert {a["style"] for a in arts} == {"bbc", "wire", "interview", "us"}
    assert sum(len(a["quotes"]) for a in arts) >= 30
    for a in arts:
        for g in a["quotes"]:
            assert g["starts"] in a["text"] and g["method"] in METHODS


@pytest.mark.parametrize("article", range(6))
def test_every_annotated_quote_has_the_right_speaker_and_method(article):
    arts, q, _m = _fixture()
    a = arts[article]
    got = q[q["doc_id"] == a["id"]]
    assert len(got) == len(a["quotes"]), got["quote"].tolist()  # nothing extra, nothing lost
    for g in a["quotes"]:
        r = quote(got, g["starts"])
        # the full name when the text gives it ("Mr Howard" -> "Michael Howard")
        assert r["speaker"].split()[-1] == g["speaker"].split()[-1], (g, r.to_dict())
        assert r["speaker"].split()[0] == g["speaker"].split()[0], (g, r.to_dict())
        assert r["speaker_method"] == g["method"], (g, r.to_dict())


def test_speaker_method_is_the_last_documented_column():
    _a, q, _m = _fixture()
    assert TABLES["quotes"][-1] == "speaker_method"
    assert list(q.columns[:len(TABLES["quotes"])]) == TABLES["quotes"]
    assert set(q["speaker_method"]) <= METHODS


@pytest.mark.parametrize(("phrase", "name"), [
    ("Democratic Rep. Dina Titus", "Dina Titus"),
    ("Senate Minority Leader Harry M. Reid (D-Nev.)", "Harry M. Reid"),
    ("the Rev. Al Sharpton", "Al Sharpton"),
    ("Clark County Sheriff Joe Lombardo", "Joe Lombardo"),
    ("Phil Musser of digital consulting firm IMGE", "Phil Musser"),
    ("Secretary of State John Kerry", "John Kerry"),
    ("Twitter's Adam Sharp", "Adam Sharp"),
    ("Mr. Prince", "Prince"),
    ("the CNN host", ""),
    ("The Freedonian Chancellery", ""),
    ("about the Conservatives", ""),
    ("But Smith", "Smith"),
    ("Monday", ""),
])
def test_titles_and_abbreviations_never_cut_a_name(phrase, name):
    assert person_name(phrase) == name


def test_named_speakers_outside_the_registry_after_titles_and_parentheses():
    q, _m = analyse({"us-1": (
        "The Senate voted on Thursday.\n"
        "“We are not going to be bullied,” said Sen. Claire McCaskill (D-Mo.), who opposed it.\n"
        "“It was a good day,” Rep. Trey Gowdy (R-S.C.) said.\n"
        "''Some courses are adapting, others are just not,'' said Paul H. Chipok, a lawyer "
        "in Orlando.")})
    assert quote(q, "We are not")["speaker"] == "Claire McCaskill"
    assert quote(q, "It was a good")["speaker"] == "Trey Gowdy"
    assert quote(q, "Some courses")["speaker"] == "Paul H. Chipok"
    assert set(q["speaker_method"]) == {"name"}


def test_a_surname_takes_the_full_name_the_text_gave_before():
    q, _m = analyse({"us-1": "Jake Tapper pressed Mike Pence on Sunday.\n"
                              "“He was joking,” Pence told him."})
    assert quote(q, "He was joking")["speaker"] == "Mike Pence"


def test_pronouns_go_to_the_nearest_compatible_person_not_the_most_famous():
    q, _m = analyse({"us-1": (
        "President Donald Trump named Michael Flynn as national security adviser.\n"
        "Flynn, a retired general, has long criticised the intelligence agencies. He "
        "spoke at a forum in Washington on Tuesday.\n"
        "“Who decides what the president hears?” he asked.\n"
        "Kellyanne Conway defended the choice in an interview with Donald Trump Jr. "
        "“He will be terrific,” she said.")})
    r = quote(q, "Who decides")
    assert (r["speaker"], r["speaker_method"]) == ("Michael Flynn", "pronoun")
    assert quote(q, "He will be terrific")["speaker"] == "Kellyanne Conway"


def test_an_unknowable_pronoun_is_marked_unresolved():
    q, _m = analyse({"us-1": "“We will see what happens,” she said."})
    r = quote(q, "We will see")
    assert (r["speaker"], r["speaker_surface"], r["speaker_method"]) == ("", "she", "pronoun")
    assert r["speaker_kind"] == "unknown"


def test_descriptions_are_linked_to_the_person_the_text_names_else_kept_as_described():
    q, _m = analyse({"us-1": (
        "Jake Tapper, the CNN host, pressed the governor on Sunday.\n"
        "“Why did he say that?” the CNN host asked.\n"
        "“We are reviewing the decision,” a senior campaign official said.\n"
        "Senator Claire Voss spoke next. “We will vote no,” the senator said.")})
    r = quote(q, "Why did he")
    assert (r["speaker"], r["speaker_method"]) == ("Jake Tapper", "description")
    assert r["speaker_surface"].endswith("CNN host")
    r = quote(q, "We are reviewing")
    assert (r["speaker"], r["speaker_method"]) == ("", "description")
    assert r["speaker_surface"] == "a senior campaign official"
    assert quote(q, "We will vote no")["speaker"] == "Claire Voss"


def test_a_quote_opening_its_paragraph_after_a_colon_belongs_to_the_introducer():
    q, _m = analyse({"us-1": (
        "The debate turned on the moderators.\n"
        "Ted Cruz called them on it:\n"
        "“The questions asked in this debate illustrate why the American people do not "
        "trust the media.”\n"
        "Breitbart News responded:\n"
        "“If there are people in this country who are so prone to terror, arrest them.”")})
    assert quote(q, "The questions")["speaker"] == "Ted Cruz"
    assert quote(q, "If there are")["speaker"] == "Breitbart News"


def test_a_paragraph_that_is_only_a_quote_continues_the_previous_speaker():
    q, _m = analyse({"uk-1": (
        "Mr Kennedy spoke in Bath.\n"
        "“We are not in the business of propping up anybody,” Charles Kennedy said.\n"
        "“Our voters deserve better than that.”\n"
        "The campaign continues on Monday.\n"
        "“Nobody knows what happens next.”")})
    r = quote(q, "Our voters")
    assert (r["speaker"], r["speaker_method"]) == ("Charles Kennedy", "continuation")
    # not after a paragraph of narration: unknown, not guessed
    r = quote(q, "Nobody knows")
    assert (r["speaker"], r["speaker_method"]) == ("", "none")


def test_quote_counts_by_person_and_outlet():
    _a, q, _m = _fixture()
    docs = pd.DataFrame({"doc_id": q["doc_id"].unique()})
    docs["outlet"] = docs["doc_id"].str.split("-").str[0]
    counts = quote_counts(q, docs)
    total = counts[counts["outlet"] == "(all)"].set_index("speaker")
    assert total.loc["Charles Kennedy", "quotes"] == 4
    assert total.loc["Charles Kennedy", "by_pronoun"] == 2
    assert total.loc["Charles Kennedy", "by_continuation"] == 1
    assert total["quotes"].sum() == (q["speaker"] != "").sum()
    assert counts.loc[counts["outlet"] == "(all)", "quotes"].is_monotonic_decreasing
    bbc = counts[counts["outlet"] == "bbc"]
    assert bbc["share"].sum() == pytest.approx(1.0, abs=1e-4)
    assert set(bbc["speaker"]) >= {"Michael Howard", "Charles Kennedy", "Gordon Brown"}
    assert list(counts.columns) == ["speaker", "outlet", "quotes", "direct", "documents",
                                    "share", "by_name", "by_pronoun", "by_description",
                                    "by_continuation"]
    with pytest.raises(InputError, match="speaker"):
        quote_counts(q.drop(columns=["speaker"]))


def test_who_is_quoted_about_whom():
    _a, q, m = _fixture()
    about = quoted_about(q, m)
    pairs = set(zip(about["speaker"], about["about"]))
    # Kennedy on "Michael Howard's party", Fox on "Charles Kennedy"
    assert ("Charles Kennedy", "Michael Howard") in pairs
    assert ("Liam Fox", "Charles Kennedy") in pairs
    assert not (about["speaker"] == about["about"]).any()
    row = about[(about["speaker"] == "Liam Fox")].iloc[0]
    assert row["example"].startswith("Charles Kennedy is living")
    assert quoted_about(q.iloc[:0], m).empty
