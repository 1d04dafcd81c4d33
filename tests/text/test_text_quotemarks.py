"""The quotation-mark scanner (analytics.text.quotemarks) on real sentences."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.text import double_quote_ranges, find_quote_spans, has_quote_mark


def quoted(text: str) -> list[str]:
    return ["|".join(text[a:b] for a, b in sp.segments) for sp in find_quote_spans(text)]


# --------------------------------------------------------------------------- in context
def test_curly_and_straight_quotes_with_apostrophes():
    text = "“We won’t go,” Starmer’s aide said. He called it \"a 'reckless' plan\"."
    assert quoted(text) == ["We won’t go,", "a 'reckless' plan"]


def test_single_quotes_outside_double_quotes_are_quotations():
    assert quoted("He called the deal ‘a disgrace’ and left.") == ["a disgrace"]


def test_multi_paragraph_quotation_continues_only_when_reopened():
    text = "She said: “One.\n“Two.”\nThen “three.\nNobody reopened this one."
    spans = find_quote_spans(text)
    assert quoted(text) == ["One.|Two.", "three."]
    assert spans[0].closed and not spans[1].closed and spans[1].close_pos is None
    assert spans[0].para_index == 0 and spans[1].para_index == 2


def test_unclosed_single_quote_is_dropped_and_decade_is_not_a_quote():
    assert quoted("It was the ’90s, the rock ’n roll years.") == []


def test_no_marks_no_spans():
    assert find_quote_spans("No quotation here.") == []
    assert not has_quote_mark("No quotation here.")
    assert has_quote_mark("Starmer’s plan")


# --------------------------------------------------------------------------- by character
def test_double_quote_ranges_include_the_marks():
    text = 'He said "no" and «maybe» then “yes'
    spans = double_quote_ranges(text, [0])
    assert [text[a:b] for a, b in spans] == ['"no"', "«maybe»", "“yes"]


def test_double_quote_ranges_end_at_paragraph_boundaries():
    text = "“We will\x00not stop\x00Then she left."
    second = text.index("not")
    spans = double_quote_ranges(text, [0, second])
    assert spans == [(0, second)]  # the unclosed quotation ends at the next paragraph


def test_double_quote_ranges_ignore_a_second_opening_mark_and_stray_closing():
    text = "” He said “one “two” three"
    assert [text[a:b] for a, b in double_quote_ranges(text, [0])] == ["“one “two”"]


def test_double_quote_ranges_skip_single_quotes():
    assert double_quote_ranges("It was ‘fine’, he said.", [0]) == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .,\n\x00“”„«»\"‘’'")), max_size=80),
       st.lists(st.integers(0, 80), max_size=4))
def test_double_quote_ranges_are_sorted_disjoint_and_start_at_a_mark(text, bounds):
    spans = double_quote_ranges(text, [0, *bounds])
    prev_end = 0
    for a, b in spans:
        assert prev_end <= a < b
        assert text[a] in "“„«\"" and b <= max(len(text), *bounds, 0)
        prev_end = b


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .,:\n“”‘’\"'")), max_size=120))
def test_quote_spans_stay_inside_one_paragraph_each(text):
    for sp in find_quote_spans(text):
        assert text[sp.open_pos] in "“”‘’\"'"
        for a, b in sp.segments:
            assert 0 <= a <= b <= len(text) and "\n" not in text[a:b]
