"""Pronoun and description speakers on news-style text (analytics.quotes.speakers).

The six articles of ``tests/fixtures/quotes/pronouns.jsonl`` (US style, written for these
tests) carry hand-annotated speakers and methods for the cases where a pronoun or a
description used to go to the wrong person: a passive "asked by" interviewer, the other
party of an exchange, a person named only after a preposition or only by given name and
surname, an ``according to`` source, a participle cue with a pronoun subject, a
description that names someone else's title, and a quotation continued after a
multi-paragraph quote.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pandas as pd
import pytest
from test_quotes_speakers import analyse, quote

ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "quotes" / "pronouns.jsonl"


@functools.lru_cache(maxsize=1)
def _fixture() -> tuple[list[dict], pd.DataFrame]:
    arts = [json.loads(line) for line in ARTICLES.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    q, _m = analyse({a["id"]: a["text"] for a in arts})
    return arts, q


def _cases() -> list[tuple[str, str, str, str]]:
    arts = [json.loads(line) for line in ARTICLES.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    return [(a["id"], x["starts"], x["speaker"], x["method"]) for a in arts for x in a["quotes"]]


@pytest.mark.parametrize("doc_id,starts,speaker,method", _cases())
def test_annotated_pronoun_and_description_speakers(doc_id, starts, speaker, method):
    _a, q = _fixture()
    r = quote(q[q["doc_id"] == doc_id], starts)
    assert (r["speaker"], r["speaker_method"]) == (speaker, method)


def test_the_person_just_quoted_comes_before_the_one_who_asked():
    q, _m = analyse({"us-1": (
        "Glenn Beck interviewed Dinesh D\u2019Souza on his radio show.\n"
        "After Beck asked him who would win, D\u2019Souza replied, \u201cHillary will win.\u201d\n"
        "\u201cI regret to say it,\u201d he added.")})
    assert quote(q, "I regret to say")["speaker"] == "Dinesh D\u2019Souza"


def test_a_person_named_after_a_preposition_is_a_last_resort():
    q, _m = analyse({"us-1": (
        "The campaign sent the activist Cornel West to Iowa.\n"
        "Filling in for Bernie Sanders at the rally, West criticised the front-runner.\n"
        "\u201cThe money changed nothing, she says,\u201d he said.")})
    assert quote(q, "The money changed")["speaker"] == "Cornel West"


def test_a_description_with_another_title_is_not_linked_to_that_person():
    q, _m = analyse({"us-1": (
        "Donald Trump urged Mayor Bill de Blasio to act. De Blasio declined.\n"
        "\u201cThe city is not safe,\u201d the Republican presidential candidate said.")})
    r = quote(q, "The city is not safe")
    assert (r["speaker"], r["speaker_method"]) == ("", "description")
    assert r["speaker_surface"] == "the Republican presidential candidate"
