"""Quotation finding and speaker attribution (analytics.quotes), on hand-written texts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from fixtures.stand_in_mentions import mentions_frame, surface_mentions
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.actors import load_registry
from analytics.quotes import extract_quotes, find_quote_spans
from analytics.schema import TABLES


# --------------------------------------------------------------------------- helpers
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REGISTRY = load_registry(FIXTURES / "quotes" / "actors.yaml", extend_default=False)
SURFACES = {
    "Maria Lopez": "Maria Lopez", "Ms Lopez": "Maria Lopez", "Lopez": "Maria Lopez",
    "Jan Kowalski": "Jan Kowalski", "Mr Kowalski": "Jan Kowalski", "Kowalski": "Jan Kowalski",
    "Tomas Brandt": "Tomas Brandt", "Brandt": "Tomas Brandt",
    "the mayor": "Anna Berg", "The mayor": "Anna Berg", "Anna Berg": "Anna Berg",
    "Ravi Patel": "Ravi Patel", "Patel": "Ravi Patel",
}


def mentions_for(text: str, doc_id: str = "d1") -> pd.DataFrame:
    """A stand-in for analytics.actors.find_mentions: exact surface matches."""
    return mentions_frame(surface_mentions(text, SURFACES, doc_id))


def run(text: str) -> pd.DataFrame:
    docs = pd.DataFrame({"doc_id": ["d1"], "text": [text], "status": ["ok"]})
    from analytics.corpus.segment import segment_corpus

    _paras, sents = segment_corpus(docs)
    return extract_quotes(docs, sents, mentions_for(text), registry=REGISTRY)


def one(q: pd.DataFrame, start_words: str) -> pd.Series:
    rows = q[q["quote"].str.startswith(start_words)]
    assert len(rows) == 1, (start_words, q[["quote", "speaker"]])
    return rows.iloc[0]


# --------------------------------------------------------------------------- marks
def test_columns_follow_the_contract():
    q = run("“We will win,” Ms Lopez said.")
    assert list(q.columns[: len(TABLES["quotes"])]) == TABLES["quotes"]


def test_empty_input_gives_empty_table():
    q = extract_quotes(pd.DataFrame({"doc_id": [], "text": []}), None, None)
    assert list(q.columns[: len(TABLES["quotes"])]) == TABLES["quotes"]
    assert q.empty


def test_curly_quotes_and_apostrophes():
    text = "Lopez’s plan “won’t fail,” Ms Lopez said. The council didn’t vote on the leaders’ idea."
    q = run(text)
    assert q["quote"].tolist() == ["won’t fail"]
    r = q.iloc[0]
    assert text[r.start:r.end] == "won’t fail"
    assert r.speaker == "Maria Lopez" and r.cue == "said"


def test_straight_quotes_and_role_speaker():
    q = run('"We will rebuild the old bridge by spring," the mayor said.')
    r = one(q, "We will rebuild")
    assert r.speaker == "Anna Berg" and r.speaker_surface == "the mayor"
    assert r.kind == "direct"


def test_single_quotes_are_quotes_but_apostrophes_are_not():
    text = "‘We are ready for the vote,’ Patel said. Patel’s aides didn’t comment."
    q = run(text)
    assert q["quote"].tolist() == ["We are ready for the vote"]
    assert q.iloc[0].speaker == "Ravi Patel"


def test_misused_opening_mark_as_apostrophe_is_not_a_quote():
    q = run("Mr Kowalski‘s office said nothing. Lopez said “the plan is fine” today.")
    assert q["quote"].tolist() == ["the plan is fine"]


# --------------------------------------------------------------------------- speakers
def test_speaker_after_quote_with_title():
    q = run("“Taxes will not rise this year,” Mr Kowalski stated.")
    r = one(q, "Taxes")
    assert (r.speaker, r.cue, r.kind) == ("Jan Kowalski", "stated", "direct")


def test_cue_before_speaker_after_quote():
    q = run("“The port will reopen next week,” said Ms Lopez.")
    assert one(q, "The port").speaker == "Maria Lopez"


def test_speaker_before_with_colon():
    q = run("Kowalski told reporters: “The reform is finished and it will stay.”")
    r = one(q, "The reform")
    assert (r.speaker, r.cue, r.kind) == ("Jan Kowalski", "told", "direct")


def test_pronoun_speaker_skips_names_inside_the_quote():
    text = ("Ms Lopez visited the harbour on Monday.\n"
            "“Kowalski has misled everyone about the port,” she said.")
    r = one(run(text), "Kowalski has")
    assert r.speaker == "Maria Lopez" and r.speaker_surface == "she"


def test_pronoun_speaker_uses_the_latest_subject():
    text = ("Ms Lopez spoke first. Then Mr Kowalski answered the questions.\n"
            "“Nothing will change,” he said.")
    assert one(run(text), "Nothing").speaker == "Jan Kowalski"


def test_pronoun_before_quote():
    text = "Patel met the unions on Friday. He added: “The strike must end.”"
    assert one(run(text), "The strike").speaker == "Ravi Patel"


def test_speaker_with_appositive():
    text = "Tomas Brandt, who chaired the committee for ten years, said: “The rules are clear.”"
    assert one(run(text), "The rules").speaker == "Tomas Brandt"


def test_split_quote_continues_with_the_same_speaker():
    text = "“The first phase is done,” Lopez said. “The second phase starts in May.”"
    q = run(text)
    assert one(q, "The second").speaker == "Maria Lopez"


def test_spokesperson_is_the_office_not_the_leader():
    text = ("Tomas Brandt met the bankers on Tuesday.\n"
            "“Tomas Brandt welcomed the frank exchange of views,” a Finance Ministry "
            "spokesperson said.\n"
            "“Further meetings are planned,” the spokesperson said.")
    q = run(text)
    r1 = one(q, "Tomas Brandt welcomed")
    r2 = one(q, "Further meetings")
    assert r1.speaker == "Finance Ministry" and r1.speaker_kind == "office"
    assert r2.speaker == "Finance Ministry"
    assert "Tomas Brandt" not in set(q["speaker"])


def test_partial_quote_in_reported_speech():
    text = "Lopez described the new tax as a “reckless gamble with the city’s future”."
    r = one(run(text), "reckless")
    assert r.kind == "partial" and r.speaker == "Maria Lopez" and r.cue == "described"


def test_scare_quote_without_reporting_subject():
    r = one(run("The so-called “peace dividend” was spent within a year."), "peace dividend")
    assert r.kind == "partial" and r.speaker == ""


def test_participle_cue_takes_the_main_subject():
    text = "Patel criticised Kowalski on the radio, saying he was “out of touch”."
    assert one(run(text), "out of touch").speaker == "Ravi Patel"


def test_sentence_final_attribution_covers_earlier_partial_quote():
    text = "While the council was the “voice of reason” all along, “the rest are stalling”, she said."
    text = "Ms Lopez spoke to the press.\n" + text
    q = run(text)
    assert one(q, "voice of reason").speaker == "Maria Lopez"
    assert one(q, "the rest").speaker == "Maria Lopez"


# --------------------------------------------------------------------------- paragraphs
def test_multi_paragraph_quote_reopens_each_paragraph():
    text = ("Lopez said: “The first paragraph of the speech.\n"
            "“The second paragraph goes on.\n"
            "“The third and last paragraph.”\n"
            "Reporters then left the hall.")
    q = run(text)
    assert len(q) == 1
    r = q.iloc[0]
    assert r.speaker == "Maria Lopez"
    assert r.quote == ("The first paragraph of the speech.\nThe second paragraph goes on.\n"
                       "The third and last paragraph.")
    assert "Reporters" not in r.quote and "“" not in r.quote


def test_unclosed_quote_is_capped_at_the_paragraph():
    text = ("Lopez said: “This quotation never closes.\n"
            "The next paragraph is plain narrative about the port.\n"
            "“Another one,” Kowalski said.")
    q = run(text)
    first = one(q, "This quotation")
    assert first.quote == "This quotation never closes."
    assert first.end <= text.index("\n")
    assert one(q, "Another one").speaker == "Jan Kowalski"


def test_unclosed_multi_paragraph_quote_stops_where_reopening_stops():
    text = ("They added: “One.\n“Two.\n“Three.\n"
            "A statement said something else entirely.")
    q = run(text)
    r = one(q, "One")
    assert r.quote == "One.\nTwo.\nThree."


def test_stray_closing_mark_is_ignored():
    q = run("The vote passed” late at night. Lopez said “it is done”.")
    assert q["quote"].tolist() == ["it is done"]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab Lopez said.,:\n“”‘’\"'")), max_size=200))
def test_random_text_never_crashes_and_offsets_are_sane(text):
    docs = pd.DataFrame({"doc_id": ["x"], "text": [text]})
    q = extract_quotes(docs, None, None, registry=REGISTRY)
    for r in q.itertuples():
        assert 0 <= r.start <= r.end <= len(text)
    for sp in find_quote_spans(text):
        for a, b in sp.segments:
            assert 0 <= a <= b <= len(text)
            assert "\n" not in text[a:b]  # a segment never crosses a paragraph end


def test_speed_many_documents():
    import time

    text = ("Lopez said: “The harbour will reopen.” Kowalski’s team didn’t agree.\n"
            "“It is a ‘reckless’ plan,” he said, adding that “talks” would go on.\n") * 5
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(500)], "text": [text] * 500})
    t0 = time.perf_counter()
    q = extract_quotes(docs, None, None, registry=REGISTRY)
    elapsed = time.perf_counter() - t0
    assert len(q) == 500 * 15  # the nested ‘reckless’ stays inside its quotation
    assert elapsed < 20, elapsed


def test_capitalised_cue_inside_a_title_is_not_a_cue():
    r = one(run("“We will talk again,” Secretary of State Ravi Patel said."), "We will talk")
    assert r.speaker == "Ravi Patel" and r.cue == "said"
    assert r.speaker_surface == "Secretary of State Ravi Patel"


def test_according_to_names_the_speaker():
    r = one(run("According to Mr Kowalski, the plan is “dead in the water”."), "dead in")
    assert r.speaker == "Jan Kowalski" and r.kind == "partial"


def test_named_spokesperson_is_the_person():
    r = one(run("Ministry spokesman Jan Kowalski said the offer was “final and fair”."), "final")
    assert r.speaker == "Jan Kowalski"


def test_short_whole_sentence_quote_is_direct():
    q = run("“It is over,” Lopez said. “Go home.”")
    assert set(q["kind"]) == {"direct"}
    assert set(q["speaker"]) == {"Maria Lopez"}


WORDS = ["Lopez", "Mr", "Kowalski", "he", "she", "They", "said", "told", "added", "the",
         "mayor", "a", "spokesperson", "according", "to", "Secretary", "of", "State", "who",
         "was", "plan", ",", ".", ":", "\n", "“", "”", "‘", "’", '"', "'", "didn’t", "Lopez’s"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=60))
def test_random_word_soup_never_crashes(words):
    text = " ".join(words)
    docs = pd.DataFrame({"doc_id": ["x"], "text": [text]})
    q = extract_quotes(docs, None, mentions_for(text, "x"), registry=REGISTRY)
    for r in q.itertuples():
        assert 0 <= r.start <= r.end <= len(text)
        assert r.kind in ("direct", "partial")


def test_comma_lists_before_a_cue_terminate():
    q = run("Lopez, Kowalski, said “yes, it is”. Mayor, Big, Town, said: “We go.”")
    assert len(q) == 2
    assert one(q, "yes").speaker == "Jan Kowalski"


def test_quote_interrupted_by_its_attribution():
    text = "Lopez spoke in the square.\n“We will win,” she said, “because we must.”"
    q = run(text)
    assert q["speaker"].tolist() == ["Maria Lopez", "Maria Lopez"]
    assert q["kind"].tolist() == ["direct", "direct"]


def test_pathological_unbalanced_marks_stay_fast():
    import time

    text = ("Lopez said: “We go now. " * 2000) + "\n" + ("x ” y " * 2000)
    t0 = time.perf_counter()
    q = extract_quotes(pd.DataFrame({"doc_id": ["x"], "text": [text]}), registry=REGISTRY)
    assert time.perf_counter() - t0 < 15
    first_para_end = text.index("\n")
    assert (q["end"] <= first_para_end).all()  # nothing leaks into the next paragraph
