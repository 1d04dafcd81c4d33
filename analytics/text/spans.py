"""Offset lookups over sorted spans: which line, sentence or quotation holds an offset.

Every table of the package reports ``(start, end)`` character offsets into the clean
text. The stages keep such spans sorted by ``start`` (and non-overlapping) and ask the
same few questions of them: the span an offset falls in, the last span starting at or
before it, the first span overlapping a range. :class:`Spans` answers them with a
binary search, in one place.

Examples
--------
>>> s = Spans([(0, 10), (12, 30)])
>>> s.index_at(11), s.find(11), s.find(12)
(0, -1, 1)
>>> line_spans("  One line.\\n\\nTwo\\n")
[(2, 11), (13, 16)]
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

__all__ = ["Spans", "line_spans"]

_LINE = re.compile(r"[^\n]+")


def line_spans(text: str) -> list[tuple[int, int]]:
    """Non-empty lines of ``text`` as ``(start, end)`` offsets, trimmed of white space.

    Parameters
    ----------
    text : str
        Any text; lines are separated by ``"\\n"`` only.

    Returns
    -------
    list of tuple of int
        In text order; lines holding only white space are left out, and each span
        excludes the white space around the line's words.
    """
    spans = []
    for m in _LINE.finditer(text):
        s, e = m.start(), m.end()
        seg = text[s:e]
        if seg.strip():
            s += len(seg) - len(seg.lstrip())
            e -= len(seg) - len(seg.rstrip())
            spans.append((s, e))
    return spans


class Spans:
    """Sorted, non-overlapping ``(start, end)`` spans with offset lookups.

    Parameters
    ----------
    spans : iterable of (int, int)
        Spans sorted by ``start``; ``end`` is exclusive unless a lookup says otherwise.

    Attributes
    ----------
    spans : list of (int, int)
    starts : list of int
        The ``start`` of each span (for callers that bisect themselves).
    """

    __slots__ = ("spans", "starts")

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.spans: list[tuple[int, int]] = [(int(a), int(b)) for a, b in spans]
        self.starts: list[int] = [a for a, _ in self.spans]

    def __len__(self) -> int:
        return len(self.spans)

    def __getitem__(self, i: int) -> tuple[int, int]:
        return self.spans[i]

    def __iter__(self):
        return iter(self.spans)

    def index_at(self, pos: int) -> int:
        """Index of the last span starting at or before ``pos`` (-1 when none does)."""
        return bisect.bisect_right(self.starts, pos) - 1

    def index_near(self, pos: int) -> int:
        """As :meth:`index_at`, but 0 for an offset before the first span."""
        return max(0, self.index_at(pos))

    def find(self, pos: int, *, inclusive: bool = False) -> int:
        """Index of the span that holds ``pos``, or -1.

        Parameters
        ----------
        pos : int
            A character offset.
        inclusive : bool, default False
            Count ``end`` itself as inside the span (for spans whose ``end`` is the
            offset of a closing mark).
        """
        k = self.index_at(pos)
        if k < 0:
            return -1
        a, b = self.spans[k]
        return k if a <= pos and (pos <= b if inclusive else pos < b) else -1

    def next_start(self, pos: int) -> int | None:
        """The first ``start`` strictly after ``pos`` (``None`` when there is none)."""
        k = bisect.bisect_right(self.starts, pos)
        return self.starts[k] if k < len(self.starts) else None

    def first_overlapping(self, start: int, end: int) -> int:
        """Index of the span holding ``start``, else of the first span starting inside
        ``[start, end)``; -1 when there is none."""
        k = self.find(start)
        if k >= 0:
            return k
        k = self.index_at(start) + 1
        return k if k < len(self.starts) and self.starts[k] < end else -1
