"""The language-data loader (analytics.lang) and the bundled English data."""

from __future__ import annotations

import sys

import pytest

from analytics.lang import LanguageData, en


@pytest.fixture
def toy(tmp_path, monkeypatch):
    pkg = tmp_path / "toylang"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "stop.txt").write_text("# a comment\nThe\n\n  of  # trailing comment\nthe\n",
                                  encoding="utf-8")
    (pkg / "cues.yaml").write_text("verbs: [say, tell, say]\nhonorifics:\n  Mr: {gender: male}\n",
                                   encoding="utf-8")
    (pkg / "plain.yaml").write_text("- b\n- a\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield LanguageData("toylang")
    sys.modules.pop("toylang", None)


def test_txt_lists_drop_comments_and_blank_lines_and_keep_case_and_order(toy):
    assert toy.items("stop") == ("The", "of", "the")
    assert toy.words("stop") == frozenset({"The", "of", "the"})


def test_yaml_lists_and_mappings(toy):
    assert toy.items("cues", "verbs") == ("say", "tell", "say")
    assert toy.words("cues", "verbs") == frozenset({"say", "tell"})
    assert toy.table("cues")["honorifics"] == {"Mr": {"gender": "male"}}
    assert toy.items("plain") == ("b", "a")
    assert toy.items("cues", "missing") == ()
    assert toy.kinds() == ["cues", "plain", "stop"]
    assert toy.path("stop") == "stop.txt"
    assert toy.source("cues") == "toylang/cues.yaml"
    assert toy.text("plain") == "- b\n- a\n"


def test_wrong_shapes_and_unknown_kinds_are_clear_errors(toy):
    with pytest.raises(KeyError, match=r"no language resource 'nope' in toylang \(available: "
                                       r"cues, plain, stop\)"):
        toy.words("nope")
    with pytest.raises(TypeError, match="toylang/plain.yaml is not a mapping"):
        toy.table("plain")
    with pytest.raises(TypeError, match=r"toylang/cues.yaml \[honorifics\] is not a list"):
        toy.words("cues", "honorifics")
    with pytest.raises(TypeError, match="toylang/cues.yaml is not a list"):
        toy.items("cues")


def test_results_are_cached_and_immutable(toy):
    assert toy.words("stop") is toy.words("stop")
    assert toy.table("cues") is toy.table("cues")
    with pytest.raises(AttributeError):
        toy.words("stop").add("x")  # type: ignore[attr-defined]


def test_every_english_resource_loads():
    kinds = en.kinds()
    assert {"speech_verbs", "actor_cues", "name_stoplists", "stance_lexicon", "news_stopwords",
            "boilerplate", "stance_cues", "sentiment_cues", "topic_phrases",
            "sentence_boilerplate"} <= set(kinds)
    for kind in kinds:
        data = en.table(kind) if en.path(kind).endswith(".yaml") else en.items(kind)
        assert data, kind


def test_english_word_lists_hold_the_expected_words():
    assert {"said", "told", "monday"} <= en.words("news_stopwords")
    assert not any(w.startswith("#") for w in en.items("news_stopwords"))
    assert "Street" in en.words("name_stoplists", "head_words")
    assert en.table("stance_cues")["subject_pronouns"] == {"he": "male", "she": "female"}
    assert {"not", "n't", "never"} <= en.words("sentiment_cues", "negations")
    assert en.source("boilerplate") == "analytics/lang/en/boilerplate.yaml"
