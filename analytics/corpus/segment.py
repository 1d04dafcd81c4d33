"""Split clean documents into paragraphs (with headings) and sentences.

Paragraphs are lines of the clean text. When a document is hard-wrapped (blocks
separated by blank lines whose lines run on without terminal punctuation), a block
is one paragraph. A short line without terminal punctuation is a ``heading``
(``title`` when it opens the document) and yields no sentences.

Sentences come from ``sentencex``, a rule-based splitter that knows abbreviations
("Mr.", "U.S.", "St") and keeps quotations together. Every sentence carries
character offsets into the clean text: ``text[start:end] == sentence``.

The splitter sees each paragraph with non-ASCII white space (no-break, line and
paragraph separators...) replaced by plain spaces, one character for one, so offsets
are unchanged; it crashes on a capital letter, such a space and a full stop
otherwise. Should it still fail on a paragraph (or return pieces that do not add up
to it), that paragraph is split after ``.``, ``!``, ``?`` and ``…`` followed by white
space instead, and :func:`segment_corpus` can report it (``return_notes=True``).
"""

from __future__ import annotations

import logging
import re
from typing import Any

import pandas as pd
from sentencex import segment as _sentencex_segment

from .. import schema
from ..text import ascii_spaces, normalize

log = logging.getLogger(__name__)

#: Characters that end a sentence-like line (after trailing quotes/brackets).
TERMINAL = set(".!?…:;")
_TRAILING = "\"')]}*"
HEADING_MAX_WORDS = 16
HEADING_MAX_CHARS = 140
# A piece longer than this is split at whitespace so one runaway "sentence"
# (a table dump, a 50 MB line) cannot dominate memory or time.
MAX_SENTENCE_CHARS = 2000
_SPACE_RUN = re.compile(r"\s+")
_FALLBACK_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*\s+")
#: Recorded for a document when a paragraph was split by the fallback rule.
SPLITTER_NOTE = "sentence splitter failed on a paragraph: split at . ! ? instead"


def _fallback_pieces(chunk: str) -> list[str]:
    """Split after sentence-final punctuation followed by white space (covers ``chunk``)."""
    pieces, prev = [], 0
    for m in _FALLBACK_END.finditer(chunk):
        pieces.append(chunk[prev:m.end()])
        prev = m.end()
    if prev < len(chunk):
        pieces.append(chunk[prev:])
    return pieces


def _pieces(chunk: str) -> tuple[list[str], bool]:
    """Sentence pieces of ``chunk`` (concatenating to it) and whether the fallback ran."""
    try:
        pieces = list(_sentencex_segment("en", ascii_spaces(chunk)))
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # the Rust splitter panics with a BaseException subclass
        return _fallback_pieces(chunk), True
    if "".join(pieces) != ascii_spaces(chunk):
        return _fallback_pieces(chunk), True
    return pieces, False


def is_heading(line: str) -> bool:
    """Return True when a paragraph reads as a (sub)heading, not as prose.

    A heading is short (at most 16 words / 140 characters), does not end with
    sentence punctuation, and contains at least one letter.

    Parameters
    ----------
    line : str
        One paragraph of clean text.
    """
    s = normalize(line).strip().rstrip(_TRAILING).rstrip()
    if not s or not any(c.isalpha() for c in s):
        return False
    if len(s) > HEADING_MAX_CHARS or len(s.split()) > HEADING_MAX_WORDS:
        return False
    return s[-1] not in TERMINAL


def _is_wrapped_block(lines: list[str]) -> bool:
    """A block of several lines where most lines end mid-sentence is hard-wrapped."""
    if len(lines) < 2:
        return False
    inner = lines[:-1]
    open_ends = sum(1 for ln in inner if normalize(ln).rstrip().rstrip(_TRAILING)[-1:]
                    not in TERMINAL)
    long_lines = sum(1 for ln in inner if len(ln) >= 40)
    return open_ends >= 0.6 * len(inner) and long_lines >= 0.6 * len(inner)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of the paragraphs of a clean text.

    Parameters
    ----------
    text : str
        Clean document text.

    Returns
    -------
    list of tuple
        Non-empty paragraphs in order; offsets exclude surrounding white space.
    """
    spans: list[tuple[int, int]] = []
    # blocks separated by blank lines
    pos = 0
    for block in re.split(r"(\n[ \t]*\n)", text):
        if block.startswith("\n") and not block.strip():
            pos += len(block)
            continue
        lines, offs, p = [], [], pos
        for ln in block.split("\n"):
            lines.append(ln)
            offs.append(p)
            p += len(ln) + 1
        nonempty = [(o, ln) for o, ln in zip(offs, lines) if ln.strip()]
        if nonempty and _is_wrapped_block([ln for _, ln in nonempty]):
            s = nonempty[0][0] + (len(nonempty[0][1]) - len(nonempty[0][1].lstrip()))
            last_o, last_ln = nonempty[-1]
            spans.append((s, last_o + len(last_ln.rstrip())))
        else:
            for o, ln in nonempty:
                s = o + len(ln) - len(ln.lstrip())
                spans.append((s, o + len(ln.rstrip())))
        pos += len(block)
    return spans


def split_sentences(text: str, start: int = 0, end: int | None = None, *,
                    notes: list[str] | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentences.

    Parameters
    ----------
    text : str
        The clean document text.
    start, end : int
        The span to split (a paragraph).
    notes : list of str, optional
        :data:`SPLITTER_NOTE` is appended when the fallback split was used.

    Returns
    -------
    list of tuple
        (start, end) offsets into ``text``, stripped of surrounding white space.
    """
    end = len(text) if end is None else end
    chunk = text[start:end].replace("\n", " ")
    pieces, fell_back = _pieces(chunk)
    if fell_back and notes is not None:
        notes.append(SPLITTER_NOTE)
    out: list[tuple[int, int]] = []
    pos = start
    for piece in pieces:
        s = pos + (len(piece) - len(piece.lstrip()))
        e = pos + len(piece.rstrip())
        pos += len(piece)
        if e <= s:
            continue
        while e - s > MAX_SENTENCE_CHARS:
            cut = text.rfind(" ", s, s + MAX_SENTENCE_CHARS)
            cut = cut if cut > s else s + MAX_SENTENCE_CHARS
            out.append((s, cut))
            s = cut
            while s < e and text[s].isspace():
                s += 1
        if e > s:
            out.append((s, e))
    return out


def _stripped(text: str, s: int, e: int) -> tuple[int, int]:
    """``[s, e)`` without surrounding white space, newlines inside kept."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def segment_document(doc_id: str, text: str, *, notes: list[str] | None = None
                     ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Segment one clean document into paragraph and sentence records.

    ``notes``, when given, receives :data:`SPLITTER_NOTE` for each paragraph the
    sentence splitter failed on."""
    paras, sents = [], []
    sent_id = 0
    seen_body = False
    for para_id, (ps, pe) in enumerate(paragraph_spans(text)):
        ptext = text[ps:pe]
        if is_heading(ptext):
            kind = "title" if (para_id == 0 and not seen_body) else "heading"
            paras.append({"doc_id": doc_id, "para_id": para_id, "start": ps, "end": pe,
                          "kind": kind, "text": ptext})
            # a headline is one sentence: people are named and judged there too
            s, e = _stripped(text, ps, pe)
            if e > s:
                sents.append({"doc_id": doc_id, "sent_id": sent_id, "para_id": para_id,
                              "start": s, "end": e, "text": text[s:e]})
                sent_id += 1
            continue
        seen_body = True
        paras.append({"doc_id": doc_id, "para_id": para_id, "start": ps, "end": pe,
                      "kind": "body", "text": ptext})
        for s, e in split_sentences(text, ps, pe, notes=notes):
            sents.append({"doc_id": doc_id, "sent_id": sent_id, "para_id": para_id,
                          "start": s, "end": e, "text": text[s:e]})
            sent_id += 1
    return paras, sents


def segment_corpus(documents: pd.DataFrame, *, return_notes: bool = False
                   ) -> tuple[pd.DataFrame, ...]:
    """Segment every usable document (``status == "ok"``).

    Parameters
    ----------
    documents : pandas.DataFrame
        Clean documents (``doc_id``, ``text``, ``status``).
    return_notes : bool, default False
        Also return the documents whose sentences came (in part) from the fallback
        split (see the module documentation).

    Returns
    -------
    paragraphs : pandas.DataFrame
        Table ``paragraphs``: doc_id, para_id, start, end, kind
        (``title``, ``heading`` or ``body``), text.
    sentences : pandas.DataFrame
        Table ``sentences``: doc_id, sent_id, para_id, start, end, text.
    notes : dict of str to str
        Only with ``return_notes=True``: doc_id -> :data:`SPLITTER_NOTE` for those
        documents.
    """
    all_p: list[dict[str, Any]] = []
    all_s: list[dict[str, Any]] = []
    doc_notes: dict[str, str] = {}
    ok = documents[documents["status"] == "ok"]
    for doc_id, text in zip(ok["doc_id"], ok["text"]):
        notes: list[str] = []
        p, s = segment_document(doc_id, text, notes=notes)
        if notes:
            log.warning("%s: the sentence splitter failed on %d paragraph(s); they were "
                        "split at . ! ? instead", doc_id, len(notes))
            doc_notes[doc_id] = SPLITTER_NOTE
        all_p.extend(p)
        all_s.extend(s)
    paragraphs = (pd.DataFrame.from_records(all_p, columns=schema.TABLES["paragraphs"])
                  if all_p else schema.empty("paragraphs"))
    sentences = (pd.DataFrame.from_records(all_s, columns=schema.TABLES["sentences"])
                 if all_s else schema.empty("sentences"))
    ints = {"start": "int64", "end": "int64"}
    paragraphs = paragraphs.astype({**ints, "para_id": "int64"})
    sentences = sentences.astype({**ints, "para_id": "int64", "sent_id": "int64"})
    tables = (schema.conform("paragraphs", paragraphs), schema.conform("sentences", sentences))
    return (*tables, doc_notes) if return_notes else tables
