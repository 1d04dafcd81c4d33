"""Offset lookups over sorted spans (analytics.text.spans)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.text import Spans, line_spans


def test_line_spans_skip_blank_lines_and_trim():
    text = "  Title \n\n   \nFirst line.\r\nlast"
    assert [text[a:b] for a, b in line_spans(text)] == ["Title", "First line.", "last"]


def test_lookups_on_sentences():
    text = "He left. She stayed. Fine"
    s = Spans([(0, 8), (9, 20), (21, 25)])
    assert s.find(text.index("She")) == 1
    assert s.find(8) == -1 and s.find(8, inclusive=True) == 0  # the gap after "left."
    assert s.index_at(8) == 0 and s.index_near(-3) == 0 and s.index_at(-3) == -1
    assert s.next_start(9) == 21 and s.next_start(21) is None
    assert s.first_overlapping(8, 12) == 1  # starts in the gap: the next sentence
    assert s.first_overlapping(25, 30) == -1


spans_st = st.lists(st.tuples(st.integers(0, 5), st.integers(1, 5)), max_size=8).map(
    lambda steps: [(a, a + n) for a, n in _place(steps)])


def _place(steps):
    pos = 0
    for gap, n in steps:
        pos += gap
        yield pos, n
        pos += n


@settings(max_examples=300, deadline=None)
@given(spans_st, st.integers(-2, 60), st.integers(0, 10))
def test_lookups_agree_with_a_linear_scan(spans, pos, width):
    s = Spans(spans)
    holding = [i for i, (a, b) in enumerate(spans) if a <= pos < b]
    assert s.find(pos) == (holding[0] if holding else -1)
    closed = [i for i, (a, b) in enumerate(spans) if a <= pos <= b]
    assert s.find(pos, inclusive=True) == (closed[-1] if closed else -1)
    starting = [i for i, (a, _b) in enumerate(spans) if pos <= a < pos + width]
    expected = holding[0] if holding else (starting[0] if starting else -1)
    assert s.first_overlapping(pos, pos + width) == expected
