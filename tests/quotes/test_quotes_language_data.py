"""The language data of quote attribution (analytics/lang/en) reads as words."""

from __future__ import annotations

import pytest

from analytics.lang import en

KINDS = [("quote_grammar", k) for k in en.table("quote_grammar")] + [
    ("actor_types", "person"), ("actor_types", "group"), ("abbreviations", None)]


@pytest.mark.parametrize(("kind", "key"), KINDS)
def test_every_list_holds_lower_case_words(kind, key):
    raw = en.table(kind)[key] if key else en.items(kind)
    assert raw, (kind, key)
    # YAML reads a bare on/no/yes as a boolean: such a word must be quoted in the file
    assert all(isinstance(w, str) and w == w.lower() and w.strip() == w for w in raw), raw


def test_words_yaml_would_turn_into_booleans_are_words():
    assert "on" in en.words("quote_grammar", "speaker_phrase_ends")
    assert "no" in en.words("abbreviations")
