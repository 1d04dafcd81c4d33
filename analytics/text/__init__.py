"""String primitives shared by every stage: offsets never move.

- :mod:`analytics.text.normalize`: one-character-for-one normalisation of quotes,
  dashes and spaces (:func:`normalize`), white-space and accent folding.
- :mod:`analytics.text.quotemarks`: the quotation-mark scanner
  (:func:`find_quote_spans`, :func:`double_quote_ranges`).
- :mod:`analytics.text.spans`: offset lookups over sorted spans (:class:`Spans`,
  :func:`line_spans`).
"""

from __future__ import annotations

from .normalize import UNICODE_SPACES, ascii_spaces, normalize, strip_accents
from .quotemarks import QuoteSpan, double_quote_ranges, find_quote_spans, has_quote_mark
from .spans import Spans, line_spans

__all__ = [
    "QuoteSpan", "Spans", "UNICODE_SPACES", "ascii_spaces", "double_quote_ranges",
    "find_quote_spans", "has_quote_mark", "line_spans", "normalize", "strip_accents",
]
