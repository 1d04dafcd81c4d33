"""Quotation marks: which characters they are and where quotations open and close.

This is the one quotation-mark scanner of the package. Quote attribution reads its
quotation spans (and stance reads the resulting ``quotes`` table); pronoun resolution
asks it which offsets are inside double quotation marks.

How quotations are found (:func:`find_quote_spans`)
---------------------------------------------------
The clean text is scanned once for quotation marks (curly and straight, double and
single). Each mark is classed as opening or closing from the characters around it
(a mark after a space and before a word opens; after a word and before a space or
punctuation it closes). A single-quote character between two letters or digits is an
apostrophe (``Starmer’s``, ``didn’t``, also a mis-typed ``Zelenskyy‘s``) and never a
quotation mark. Double quotes are matched first; single quotes are then matched only
outside double-quoted spans (nested quotes stay part of the outer quotation).

A quotation that is still open at the end of a paragraph (a non-empty line) continues
into the next paragraph only if that paragraph starts with an opening mark (the
newspaper convention for multi-paragraph quotes: the mark is reopened on each
paragraph and closed only at the end). Otherwise it is capped at the end of its
paragraph, so an unbalanced mark never swallows the rest of an article. An unclosed
single quote is dropped (it is much more likely to be an apostrophe).

Marks classed by character (:func:`double_quote_ranges`)
-------------------------------------------------------
For text already cut into sentences (where the characters around a mark are not the
article's), double marks are classed by the character alone: ``“ „ ‟ «`` open,
``” »`` close, straight and other ambiguous double marks toggle. The same pairing
applies, within the given paragraph boundaries, without multi-paragraph quotations;
a second opening mark inside an open quotation is ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .spans import Spans, line_spans

__all__ = [
    "DOUBLE_MARKS", "QuoteSpan", "SINGLE_MARKS", "double_quote_ranges", "find_quote_spans",
    "has_quote_mark",
]

DOUBLE_OPEN = "\u201c\u201e\u201f\u00ab"
DOUBLE_CLOSE = "\u201d\u00bb"
DOUBLE_AMBIGUOUS = '"\u2033\uff02'
SINGLE_OPEN = "\u2018\u201a\u201b\u2039"
SINGLE_CLOSE = "\u2019\u203a"
SINGLE_AMBIGUOUS = "'`\u00b4\u02bc\u2032"
#: Every double quotation-mark character.
DOUBLE_MARKS = DOUBLE_OPEN + DOUBLE_CLOSE + DOUBLE_AMBIGUOUS
#: Every single quotation-mark (and apostrophe) character.
SINGLE_MARKS = SINGLE_OPEN + SINGLE_CLOSE + SINGLE_AMBIGUOUS
_DOUBLE_RE = re.compile("[" + re.escape(DOUBLE_MARKS) + "]")
_SINGLE_RE = re.compile("[" + re.escape(SINGLE_MARKS) + "]")
#: characters after which a mark is "at the left edge" of a word (opening position)
_LEFT_EDGE = set("([{/-\u2013\u2014:;,") | set(DOUBLE_MARKS) | set(SINGLE_MARKS)
#: characters before which a mark is "at the right edge" (closing position)
_RIGHT_EDGE = set(".,;:!?)]}-\u2013\u2014\u2026") | set(DOUBLE_MARKS) | set(SINGLE_MARKS)


@dataclass
class QuoteSpan:
    """One quotation found in a text.

    Attributes
    ----------
    open_pos : int
        Offset of the opening mark.
    close_pos : int or None
        Offset of the closing mark; ``None`` when the quotation was capped (never
        closed).
    segments : list of (int, int)
        The quoted words, one ``(start, end)`` span per paragraph (inside the marks;
        a reopening mark is between two segments).
    para_index : int
        The paragraph (non-empty line) of the opening mark.
    closed : bool
    double : bool
        Double (``True``) or single quotation marks.
    """

    open_pos: int
    close_pos: int | None
    segments: list[tuple[int, int]] = field(default_factory=list)
    para_index: int = 0
    closed: bool = True
    double: bool = True

    @property
    def end(self) -> int:
        """Offset of the closing mark, or the end of the last segment when capped."""
        return self.close_pos if self.close_pos is not None else self.segments[-1][1]


def has_quote_mark(text: str) -> bool:
    """True when ``text`` holds any quotation-mark (or apostrophe) character."""
    return _DOUBLE_RE.search(text) is not None or _SINGLE_RE.search(text) is not None


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def _role_in_context(text: str, i: int, opens: str, closes: str) -> str:
    """'open', 'close' or 'either' for the quotation mark at ``text[i]``."""
    ch = text[i]
    left = text[i - 1] if i > 0 else ""
    right = text[i + 1] if i + 1 < len(text) else ""
    left_edge = _is_space(left) or left in _LEFT_EDGE
    right_edge = _is_space(right) or right in _RIGHT_EDGE
    if left in ".,;:!?\u2026" and right_edge:
        return "close"  # "... troops,' he said"
    if ch in opens:
        if not left_edge and right_edge:
            return "close"
        return "open"
    if ch in closes:
        if left_edge and not right_edge:
            return "open"
        return "close"
    if left_edge and not right_edge:
        return "open"
    if right_edge and not left_edge:
        return "close"
    return "either"


def _role_by_character(ch: str) -> str:
    if ch in DOUBLE_OPEN:
        return "open"
    if ch in DOUBLE_CLOSE:
        return "close"
    return "either"


class _Pairing:
    """Pairs opening and closing marks paragraph by paragraph (see the module notes)."""

    def __init__(self, text: str, paras: list[tuple[int, int]], *, reopen_chars: str,
                 drop_unclosed: bool, restart_on_open: bool, double: bool) -> None:
        self.text, self.paras = text, paras
        self.para_index = Spans(paras)
        self.reopen_chars = reopen_chars
        self.drop_unclosed, self.restart_on_open, self.double = (
            drop_unclosed, restart_on_open, double)
        self.out: list[QuoteSpan] = []
        self.cur: QuoteSpan | None = None
        self.cur_para = -1
        self.seg_start = 0

    def _open(self, pos: int) -> None:
        self.cur_para = self.para_index.index_near(pos)
        self.cur = QuoteSpan(pos, None, [], self.cur_para, double=self.double)
        self.seg_start = pos + 1

    def _finish(self, end_pos: int, closed: bool, close_pos: int | None) -> None:
        cur = self.cur
        assert cur is not None
        cur.segments.append((self.seg_start, end_pos))
        cur.closed = closed
        cur.close_pos = close_pos
        if closed or not self.drop_unclosed:
            self.out.append(cur)
        self.cur = None

    def _cross_paragraphs(self, pos: int, role: str) -> bool:
        """Close (or continue) an open quotation at the paragraph breaks before ``pos``;
        True when the mark at ``pos`` reopened it in the next paragraph."""
        p = self.para_index.index_near(pos)
        while self.cur is not None and p > self.cur_para:
            nxt = self.cur_para + 1
            if (nxt == p and pos == self.paras[nxt][0] and role in ("open", "either")
                    and self.text[pos] in self.reopen_chars):
                # multi-paragraph quotation: the next paragraph reopens the mark
                self.cur.segments.append((self.seg_start, self.paras[self.cur_para][1]))
                self.cur_para = nxt
                self.seg_start = pos + 1
                return True
            self._finish(self.paras[self.cur_para][1], False, None)
        return False

    def run(self, positions: list[int], roles: list[str]) -> list[QuoteSpan]:
        for pos, role in zip(positions, roles):
            if self.cur is not None and self._cross_paragraphs(pos, role):
                continue
            if self.cur is None:
                if role in ("open", "either"):
                    self._open(pos)
            elif role in ("close", "either"):
                self._finish(pos, True, pos)
            elif self.restart_on_open:
                # the previous quotation was never closed: cap it here, open a new one
                self._finish(pos, False, None)
                self._open(pos)
            # (otherwise keep the first opening and ignore the second)
        if self.cur is not None:
            self._finish(self.paras[self.cur_para][1] if self.paras else len(self.text),
                         False, None)
        return self.out


def _single_marks(text: str, inside: Spans) -> tuple[list[int], list[str]]:
    """Positions and roles of the single quotation marks outside double quotations."""
    positions, roles = [], []
    for m in _SINGLE_RE.finditer(text):
        i = m.start()
        if inside.find(i, inclusive=True) >= 0:
            continue
        left = text[i - 1] if i > 0 else ""
        right = text[i + 1] if i + 1 < len(text) else ""
        if left.isalnum() and right.isalnum():
            continue  # apostrophe: Starmer's, didn't
        role = _role_in_context(text, i, SINGLE_OPEN, SINGLE_CLOSE)
        if role == "either":
            continue
        if role == "open" and right.isdigit():
            continue  # '90s
        positions.append(i)
        roles.append(role)
    return positions, roles


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Find the quotations of one document's clean text.

    Parameters
    ----------
    text : str
        Clean document text.

    Returns
    -------
    list of QuoteSpan
        Sorted by ``open_pos``; quotations holding only white space are left out.

    Examples
    --------
    >>> [(s.open_pos, s.close_pos) for s in find_quote_spans("\u201cNo,\u201d she said.")]
    [(0, 4)]
    """
    paras = line_spans(text)
    if not paras:
        return []
    dpos = [m.start() for m in _DOUBLE_RE.finditer(text)]
    droles = [_role_in_context(text, i, DOUBLE_OPEN, DOUBLE_CLOSE) for i in dpos]
    spans = _Pairing(text, paras, reopen_chars=DOUBLE_OPEN + DOUBLE_AMBIGUOUS,
                     drop_unclosed=False, restart_on_open=True, double=True).run(dpos, droles)
    spos, sroles = _single_marks(text, Spans((sp.open_pos, sp.end) for sp in spans))
    sspans = _Pairing(text, paras, reopen_chars=SINGLE_OPEN + SINGLE_AMBIGUOUS,
                      drop_unclosed=True, restart_on_open=False, double=False).run(spos, sroles)
    found = [s for s in spans + sspans if any(text[a:b].strip() for a, b in s.segments)]
    found.sort(key=lambda s: s.open_pos)
    return found


def double_quote_ranges(text: str, boundaries: list[int]) -> list[tuple[int, int]]:
    """Spans inside double quotation marks, marks classed by character (see above).

    Parameters
    ----------
    text : str
        Text with the original quotation marks (curly or straight), e.g. sentences
        joined by a separator.
    boundaries : list of int
        Offsets where a paragraph starts: an open quotation ends there.

    Returns
    -------
    list of (start, end)
        Sorted, non-overlapping spans (``end`` exclusive), quotation marks included;
        an unclosed quotation ends at the next boundary (or the end of ``text``).

    Examples
    --------
    >>> double_quote_ranges('He said "no" and \u201cyes', [0])
    [(8, 12), (17, 21)]
    """
    starts = sorted({int(b) for b in boundaries if 0 < int(b)})
    edges = [0, *starts]
    paras = [(a, b) for a, b in zip(edges, [*starts, len(text)])]
    positions = [m.start() for m in _DOUBLE_RE.finditer(text)]
    roles = [_role_by_character(text[i]) for i in positions]
    spans = _Pairing(text, paras, reopen_chars="", drop_unclosed=False,
                     restart_on_open=False, double=True).run(positions, roles)
    return [(sp.open_pos, sp.close_pos + 1 if sp.close_pos is not None else sp.segments[-1][1])
            for sp in spans]

