"""Uncased BERT WordPiece tokenizer that keeps character offsets.

Shared by the default neural model (:mod:`analytics.sentiment.neural`, whose vocabulary
ships inside its artefact) and the optional MiniLM tone model (:mod:`.embed`). Pure Python,
no ``tokenizers`` dependency: basic splitting (whitespace, punctuation, control
characters, lower-casing, accent stripping) then greedy longest-match WordPiece.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable


_AP = r"!-/:-@\[-`{-~"  # ASCII punctuation
_ACTRL = r"\x00-\x08\x0e-\x1b\x7f"  # ASCII control characters that are not whitespace
#: a word (starts with no control character, runs to whitespace or ASCII punctuation) or
#: one ASCII punctuation mark; non-ASCII words are re-split by the careful path
_SPLIT = re.compile(rf"[^\s{_AP}{_ACTRL}][^\s{_AP}]*|[{_AP}]")


class WordPiece:
    """Uncased BERT tokenizer (basic + WordPiece) that returns character offsets."""

    def __init__(self, vocab_path=None, *, tokens: Iterable[str] | None = None):
        if tokens is None:
            if vocab_path is None:
                raise ValueError("give a vocab.txt path or tokens")
            with open(vocab_path, encoding="utf-8") as fh:
                tokens = [line.rstrip("\n") for line in fh]
        self.tokens = list(tokens)
        self.vocab = {t: i for i, t in enumerate(self.tokens)}
        self.unk = self.vocab["[UNK]"]
        self.cls = self.vocab["[CLS]"]
        self.sep = self.vocab["[SEP]"]

    @staticmethod
    def _is_punct(ch: str) -> bool:
        cp = ord(ch)
        if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
            return True
        return unicodedata.category(ch).startswith("P")

    def words(self, text: str):
        """(lower-cased, accent-stripped word, start, end).

        A regular expression splits ASCII text; runs with other characters go through
        :meth:`words_slow` (Unicode punctuation, control and format characters, accents),
        so the result equals ``words_slow(text)``.
        """
        out = []
        for m in _SPLIT.finditer(text):
            w = m.group()
            if w.isascii():
                out.append((w.lower(), m.start(), m.end()))
            else:
                out.extend(self.words_slow(text, m.start(), m.end()))
        return out

    def words_slow(self, text: str, i: int = 0, n: int | None = None):
        """Character-by-character reference splitter of ``text[i:n]`` (BERT's rules)."""
        out = []
        n = len(text) if n is None else n
        while i < n:
            ch = text[i]
            if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf"):
                i += 1
                continue
            if self._is_punct(ch):
                out.append((ch, i, i + 1))
                i += 1
                continue
            j = i
            while j < n and not text[j].isspace() and not self._is_punct(text[j]):
                j += 1
            w = unicodedata.normalize("NFD", text[i:j].lower())
            w = "".join(c for c in w if unicodedata.category(c) != "Mn")
            out.append((w, i, j))
            i = j
        return out

    @lru_cache(maxsize=50000)
    def _pieces(self, w: str):
        if len(w) > 100:
            return (self.unk,)
        ids, start = [], 0
        while start < len(w):
            end = len(w)
            cur = None
            while start < end:
                sub = w[start:end] if start == 0 else "##" + w[start:end]
                if sub in self.vocab:
                    cur = self.vocab[sub]
                    break
                end -= 1
            if cur is None:
                return (self.unk,)
            ids.append(cur)
            start = end
        return tuple(ids)

    def pieces(self, text: str) -> tuple[list, list, list]:
        """Token ids with the start and end offset of the word each piece comes from
        (no special tokens, no truncation)."""
        ids: list = []
        starts: list = []
        ends: list = []
        pieces = self._pieces
        for w, s, e in self.words(text):
            p = pieces(w)
            ids.extend(p)
            if len(p) == 1:
                starts.append(s)
                ends.append(e)
            else:
                starts.extend([s] * len(p))
                ends.extend([e] * len(p))
        return ids, starts, ends

    def encode(self, text: str, max_len: int = 128):
        """Token ids (with [CLS]/[SEP]) and (start, end) offsets ((0, 0) for specials)."""
        ids, offs = [self.cls], [(0, 0)]
        for w, s, e in self.words(text):
            for p in self._pieces(w):
                ids.append(p)
                offs.append((s, e))
        ids, offs = ids[:max_len - 1], offs[:max_len - 1]
        ids.append(self.sep)
        offs.append((0, 0))
        return ids, offs
