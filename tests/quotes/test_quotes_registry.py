"""The actor registry reaches quote attribution: a custom registry decides pronouns,
organisations and institutions, in extract_quotes and through analyze()."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analytics.actors import find_mentions, load_registry
from analytics.corpus.segment import segment_corpus
from analytics.quotes import extract_quotes

FREEDONIA = Path(__file__).resolve().parents[1] / "fixtures" / "freedonia" / "actors.yaml"
TEXTS = {
    # only the registry says Teasdale is a woman and Firefly a man
    "she": "Rufus Firefly met Gloria Teasdale in the capital on Monday.\n"
           "“We will not give up the harbour,” she said.",
    # only the registry says the Harbour Board is an organisation
    "they": "The Harbour Board met on Monday. “We will raise the fees,” they said.",
    # only the registry's scopes name these institutions
    "office": "The talks ended late.\nThe Freedonian Chancellery said: “The border stays open.”",
    "country": "Freedonia said: “The border stays open.”",
}


def _quotes(registry) -> pd.DataFrame:
    docs = pd.DataFrame({"doc_id": list(TEXTS), "text": list(TEXTS.values()), "status": "ok"})
    _p, sents = segment_corpus(docs)
    custom = load_registry(FREEDONIA, extend_default=False)
    mentions, _c = find_mentions(sents, custom, pronouns=True)
    q = extract_quotes(docs, sents, mentions, registry=registry)
    return q.set_index("doc_id")


def test_custom_registry_decides_the_speakers():
    q = _quotes(load_registry(FREEDONIA, extend_default=False))
    assert (q.at["she", "speaker"], q.at["she", "speaker_kind"]) == ("Gloria Teasdale", "pronoun")
    assert (q.at["they", "speaker"], q.at["they", "speaker_kind"]) == (
        "Freedonian Harbour Board", "pronoun")
    assert (q.at["office", "speaker"], q.at["office", "speaker_kind"]) == (
        "Freedonian Chancellery", "office")
    assert (q.at["country", "speaker"], q.at["country", "speaker_kind"]) == ("Freedonia", "office")


def test_bundled_registry_knows_none_of_them():
    # the same mentions read with the bundled registry: genders, types and scopes unknown
    q = _quotes(None)
    assert q.at["she", "speaker"] == "Rufus Firefly"  # gender unknown: the first person
    assert q.at["they", "speaker"] == ""
    # not an institution: a described source, and a name kept as written
    assert (q.at["office", "speaker"], q.at["office", "speaker_surface"]) == (
        "", "The Freedonian Chancellery")
    assert (q.at["country", "speaker"], q.at["country", "speaker_kind"]) == (
        "Freedonia", "unlisted")


def test_analyze_passes_a_custom_registry_to_quotes():
    import analytics

    texts = ["Rufus Firefly met Gloria Teasdale in the capital on Monday to discuss the "
             "harbour.\n“We will not give up the harbour,” she said.",
             "The talks ended late in Freedonia after a week of negotiations over fees.\n"
             "The Freedonian Chancellery said: “The border stays open.”"]
    a = analytics.analyze(pd.DataFrame({"id": ["a", "b"], "text": texts}),
                          actors=str(FREEDONIA), progress=False)
    got = dict(zip(a.quotes["doc_id"], zip(a.quotes["speaker"], a.quotes["speaker_kind"])))
    assert got == {"a": ("Gloria Teasdale", "pronoun"), "b": ("Freedonian Chancellery", "office")}


def test_a_registry_of_the_wrong_type_is_refused():
    docs = pd.DataFrame({"doc_id": ["x"], "text": ["“Yes,” she said."]})
    with pytest.raises(TypeError, match="ActorRegistry"):
        extract_quotes(docs, registry=pd.DataFrame({"actor": ["Gloria Teasdale"]}))
