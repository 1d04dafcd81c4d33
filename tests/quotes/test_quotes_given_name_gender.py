"""A "he" or "she" quote goes to the person whose given name has that gender, for given
names from outside the US and UK (analytics.quotes.speakers with
analytics/lang/en/given_names.yaml)."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.actors import find_mentions, load_registry
from analytics.corpus.segment import segment_corpus
from analytics.quotes import extract_quotes

TEXTS = {
    "ng-she": "Olusegun Adeyemi, the trade minister, met Ngozi Okafor, the central bank "
              "governor, in Abuja on Tuesday. \"The currency has to find its level,\" she said "
              "after the meeting.",
    "ng-he": "Ngozi Okafor, the central bank governor, met Olusegun Adeyemi, the trade "
             "minister, in Abuja on Tuesday. \"Tariffs are not on the table,\" he said after "
             "the meeting.",
    "lb-she": "Mahmoud Haddad spoke with Leila Nasser at the ministry. \"We will rebuild the "
              "port,\" she told reporters.",
    "lb-he": "Leila Nasser spoke with Mahmoud Haddad at the ministry. \"The port will reopen "
             "in March,\" he told reporters.",
}


@pytest.fixture(scope="module")
def speakers() -> dict[str, str]:
    docs = pd.DataFrame({"doc_id": list(TEXTS), "text": list(TEXTS.values()), "status": "ok"})
    _p, sents = segment_corpus(docs)
    reg = load_registry()
    mentions, _c = find_mentions(sents, reg, pronouns=True)
    q = extract_quotes(docs, sents, mentions, registry=reg)
    assert len(q) == len(TEXTS)
    return dict(zip(q["doc_id"], q["speaker"]))


@pytest.mark.parametrize("doc, speaker", [
    ("ng-she", "Ngozi Okafor"), ("ng-he", "Olusegun Adeyemi"),
    ("lb-she", "Leila Nasser"), ("lb-he", "Mahmoud Haddad"),
])
def test_pronoun_quote_goes_to_the_person_of_that_gender(speakers, doc, speaker):
    assert speakers[doc] == speaker
