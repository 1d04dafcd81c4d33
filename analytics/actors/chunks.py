"""The ``sentences`` table as corpus strings: documents in order, cut into chunks.

Mention finding runs its regular expressions over many sentences at once: the
sentences of whole documents are joined into one string per chunk (``\\x00``
between sentences), in its original and its normalised form
(:func:`analytics.text.normalize`, one-to-one, so positions agree), with lookups from
a position to its sentence, paragraph and document.
"""

from __future__ import annotations

import bisect
import re

import numpy as np
import pandas as pd

from ..text import normalize

__all__ = ["CHUNK_SENTENCES", "Chunk", "is_title_case", "order_sentences"]

#: Sentences per chunk (a chunk always holds whole documents).
CHUNK_SENTENCES = 20000


def order_sentences(sentences: pd.DataFrame) -> tuple[pd.DataFrame, list[tuple[int, int]]]:
    """Sentences with each document's sentences together and in text order, and the
    bounds of chunks of whole documents.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The ``sentences`` table (``doc_id``, ``start`` at least).

    Returns
    -------
    sentences : pandas.DataFrame
        A sorted copy (documents in order of first appearance, then by ``start``, then
        by input order) with a fresh index and a ``_doc`` column numbering the
        documents from 0.
    bounds : list of (int, int)
        Row ranges ``[a, b)`` of at most :data:`CHUNK_SENTENCES` sentences, longer
        only to keep a document whole.
    """
    sents = sentences.copy()
    sents["_order"] = np.arange(len(sents))
    first = sents.groupby("doc_id", sort=False)["_order"].transform("min")
    sents = sents.assign(_first=first).sort_values(["_first", "start", "_order"], kind="stable")
    sents = sents.reset_index(drop=True)
    sents["_doc"] = pd.factorize(sents["doc_id"])[0]
    return sents, _chunk_bounds(sents["doc_id"].tolist())


def _chunk_bounds(doc_col: list) -> list[tuple[int, int]]:
    bounds = []
    n = len(doc_col)
    i = 0
    while i < n:
        j = min(n, i + CHUNK_SENTENCES)
        while j < n and doc_col[j] == doc_col[j - 1]:
            j += 1
        bounds.append((i, j))
        i = j
    return bounds


_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def is_title_case(sentence: str) -> bool:
    """Whether a sentence reads as a title-case headline: no final full stop, question
    or exclamation mark, and at least four words of four letters or more, 90% of
    them capitalised ("Clinton Taps Kaine as Running Mate"; a body sentence full of
    titles and names, "Foreign Secretary Jack Straw met Shadow Foreign Secretary
    Liam Fox.", ends with a full stop)."""
    if sentence.rstrip().endswith((".", "!", "?", '"', "”", "’", "'")):
        return False
    long = [w for w in _WORD.findall(sentence) if len(w) >= 4]
    return len(long) >= 4 and sum(w[0].isupper() for w in long) >= 0.9 * len(long)


def _paragraph_ordinals(doc_ids: list, para_ids: list) -> list[int]:
    """The ordinal of each sentence's paragraph within its document (from 0)."""
    out: list[int] = []
    last_doc = object()
    last_para = object()
    po = -1
    for doc, para in zip(doc_ids, para_ids):
        if doc != last_doc:
            po = 0
            last_doc = doc
            last_para = para
        elif para != last_para:
            po += 1
            last_para = para
        out.append(po)
    return out


class Chunk:
    """Sentences of whole documents joined into one string (``\\x00`` separated).

    Parameters
    ----------
    sents : pandas.DataFrame
        Rows of :func:`order_sentences` output (whole documents).
    base : int, optional
        Row number of the first sentence in the ordered table.

    Attributes
    ----------
    clean, text : str
        The joined original and normalised sentences (same length).
    starts : list of int
        Position of each sentence in the strings.
    doc_idx, para_ord : list of int
        Per sentence: the document number (``_doc``) and paragraph ordinal.
    doc_ids, sent_ids, para_ids, offsets : list
        Per sentence: its keys and its ``start`` in the clean document text.
    """

    def __init__(self, sents: pd.DataFrame, base: int = 0) -> None:
        self.base = base
        clean = [t if isinstance(t, str) else "" for t in sents["text"].tolist()]
        self.clean_list = clean
        self.clean = "\x00".join(clean)
        self.text = normalize(self.clean)
        starts = np.zeros(len(clean), dtype=np.int64)
        if len(clean):
            lens = np.fromiter((len(t) + 1 for t in clean), dtype=np.int64, count=len(clean))
            starts[1:] = np.cumsum(lens)[:-1]
        self.starts: list[int] = starts.tolist()
        self.doc_ids = sents["doc_id"].tolist()
        self.sent_ids = sents["sent_id"].tolist()
        self.para_ids = sents["para_id"].tolist()
        self.offsets = sents["start"].astype("int64").tolist()
        self.doc_idx: list[int] = sents["_doc"].tolist()
        self.para_ord = _paragraph_ordinals(self.doc_ids, self.para_ids)

    @property
    def title_case(self) -> list[bool]:
        """Per sentence: written in title case, as many headlines are ("Clinton Taps
        Kaine as Running Mate"), where a capitalised word after a name says nothing."""
        tc = getattr(self, "_title_case", None)
        if tc is None:
            tc = self._title_case = [is_title_case(t) for t in self.clean_list]
        return tc

    def sent_of(self, pos: int) -> int:
        """The sentence (row in the chunk) containing position ``pos``."""
        return bisect.bisect_right(self.starts, pos) - 1

    def doc_of(self, pos: int) -> int:
        """The document number at position ``pos``."""
        return self.doc_idx[self.sent_of(pos)]

    def doc_span(self, d: int) -> tuple[int, int]:
        """Span of document number ``d`` in this chunk's string."""
        k = bisect.bisect_left(self.doc_idx, d)
        a = self.starts[k]
        j = bisect.bisect_right(self.doc_idx, d)
        b = self.starts[j] - 1 if j < len(self.starts) else len(self.text)
        return a, b

    def paragraph_starts(self) -> list[int]:
        """Positions where a paragraph (or a document) begins."""
        return [self.starts[i] for i in range(len(self.starts))
                if i == 0 or self.para_ord[i] != self.para_ord[i - 1]
                or self.doc_idx[i] != self.doc_idx[i - 1]]
