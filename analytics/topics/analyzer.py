"""From text to topic terms: boilerplate removal, tokens, stop words, masks, stems.

:class:`NewsAnalyzer` turns one text into its list of terms for
:class:`~analytics.topics.vectorize.NewsVectorizer`:

* markup that survived text extraction (tags and their attributes, links, social
  handles, hashtags: :data:`MARKUP_PATTERNS`) is removed first;
* web boilerplate sentences (cookie notices, "Loading...", photo credits, player
  prompts) are removed first (:data:`BOILERPLATE_PATTERNS`);
* text is split into chunks at punctuation, so no term spans a sentence or clause
  boundary; tokens are alphabetic (numbers, amounts and dates never become terms);
  hyphenated words are split; possessive ``'s`` is dropped; ``US``/``U.S.`` becomes
  ``usa`` so that it is not confused with the pronoun *us*;
* scikit-learn's English stop words plus the news function words in
  ``analytics/lang/en/news_stopwords.txt`` ("said", "told", "mr", days, months ...)
  are dropped (:func:`news_stopwords`);
* optional ``mask_terms`` (e.g. actor surface forms) are removed as token
  sequences, so topics describe issues rather than people;
* plurals are folded (:func:`s_stem`) and detected phrases
  (:mod:`analytics.topics.phrases`) are added next to their words.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..lang import en
from ..text import normalize as _normalize

#: Sentences matching one of these (case-insensitive) are web boilerplate, not news.
BOILERPLATE_PATTERNS: tuple[str, ...] = en.items("sentence_boilerplate", "patterns")
_BOILER_RE = re.compile("|".join(f"(?:{p})" for p in BOILERPLATE_PATTERNS), re.I | re.M)
#: Cheap pre-check: a text containing none of these cannot match a boilerplate pattern.
_BOILER_KEYS = en.items("sentence_boilerplate", "keys")
_SENT_SPLIT_RE = re.compile(r"(?<=[.!?])\s+|\n+")
_CHUNK_SPLIT_RE = re.compile(r"[.,;:!?()\[\]{}\"/|\n\u2026]+|\s-\s|--+")
_TOKEN_RE = re.compile(r"[a-z]+(?:'[a-z]+)*")
_US_RE = re.compile(r"\bU\.S\.(?:A\.)?|\bUS\b|\bUSA\b")
_CONTRACTIONS = en.words("topic_phrases", "contractions")
#: Markup surviving text extraction (tags, attributes, links, handles, hashtags):
#: removed before tokenising, so that no topic is built from it.
MARKUP_PATTERNS: tuple[str, ...] = en.items("topic_phrases", "markup_patterns")
_MARKUP_RE = re.compile("|".join(f"(?:{p})" for p in MARKUP_PATTERNS), re.I)
_MARKUP_KEYS = ("<", "=\"", "http", "www.", ".com", ".org", ".net", ".co", ".ly", ".gov",
                "@", "#")


@lru_cache(maxsize=1)
def news_stopwords() -> frozenset[str]:
    """Stop words used for topics: scikit-learn's English list + news function words."""
    words = set(ENGLISH_STOP_WORDS)
    words.update(w.lower() for w in en.items("news_stopwords"))
    return frozenset(words)


def remove_boilerplate(text: str) -> str:
    """Drop sentences that are web-page boilerplate (see :data:`BOILERPLATE_PATTERNS`)."""
    low = text.lower()
    if not any(k in low for k in _BOILER_KEYS) or not _BOILER_RE.search(text):
        return text
    parts = _SENT_SPLIT_RE.split(text)
    return "\n".join(p for p in parts if p and not _BOILER_RE.search(p))


def remove_markup(text: str) -> str:
    """Replace markup (see :data:`MARKUP_PATTERNS`) by a clause boundary."""
    if not any(k in text for k in _MARKUP_KEYS):
        return text
    return _MARKUP_RE.sub(" | ", text)


def _raw_chunks(text: str) -> list[list[str]]:
    """Lower-cased alphabetic tokens, grouped in punctuation-free chunks."""
    text = _normalize(str(text))
    text = remove_markup(text)
    text = remove_boilerplate(text)
    text = _US_RE.sub(" usa ", text)
    chunks = []
    for chunk in _CHUNK_SPLIT_RE.split(text.lower()):
        toks = []
        for tok in _TOKEN_RE.findall(chunk.replace("-", " ")):
            if "'" in tok:
                head, _, tail = tok.rpartition("'")
                if tail == "s":  # possessive
                    tok = head
                elif tail in _CONTRACTIONS:  # don't, I'd, you're, we'll: function words
                    continue
                tok = tok.replace("'", "")
            if tok:
                toks.append(tok)
        if toks:
            chunks.append(toks)
    return chunks


def s_stem(word: str) -> str:
    """Conservative plural folding (Harman's 1991 "S" stemmer, ``-is`` words kept).

    ``policies -> policy``, ``guarantees -> guarantee``, ``talks -> talk``; words in
    ``-ss``, ``-us``, ``-is`` are left alone. Displayed terms use the most frequent
    surface form, so labels stay readable.
    """
    n = len(word)
    if n <= 3 or word[-1] != "s":
        return word
    if word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        return word[:-1]
    if word.endswith(("ss", "us", "is")):
        return word
    return word[:-1]


def _mask_index(mask_terms: Iterable[str] | None) -> dict[str, list[tuple[str, ...]]]:
    """First token -> token sequences to remove, longest first."""
    index: dict[str, set[tuple[str, ...]]] = {}
    for term in mask_terms or ():
        if not isinstance(term, str) or not term.strip():
            continue
        toks = tuple(t for chunk in _raw_chunks(term) for t in chunk)
        if toks:
            index.setdefault(toks[0], set()).add(toks)
    return {k: sorted(v, key=len, reverse=True) for k, v in index.items()}


def _apply_mask(tokens: list[str], index: dict) -> list[str | None]:
    """Replace masked token sequences by ``None`` (a boundary)."""
    if not index:
        return tokens  # type: ignore[return-value]
    out: list[str | None] = []
    i, n = 0, len(tokens)
    while i < n:
        seqs = index.get(tokens[i])
        if seqs:
            for seq in seqs:
                m = len(seq)
                if tuple(tokens[i:i + m]) == seq:
                    out.append(None)
                    i += m
                    break
            else:
                out.append(tokens[i])
                i += 1
        else:
            out.append(tokens[i])
            i += 1
    return out


def _identity(terms):
    """Analyzer for pre-analysed term lists (module level: picklable)."""
    return terms


class NewsAnalyzer:
    """Callable turning one text into its list of terms (picklable).

    Parameters
    ----------
    stop_words : frozenset of str
    mask_index : dict
        From :func:`_mask_index`.
    phrases : dict
        Maps token tuples (with ``"of"`` / determiners kept for ``X of the Y``) to
        the phrase string.
    min_len : int
        Minimum length of a unigram term.
    """

    def __init__(self, stop_words, mask_index=None, phrases=None, min_len=2):
        self.stop_words = stop_words
        self.mask_index = mask_index or {}
        self.phrases = phrases or {}
        self.min_len = min_len
        self._max_phrase = max((len(k) for k in self.phrases), default=0)
        self._cache: dict[str, str] = {}

    def __getstate__(self):
        d = dict(self.__dict__)
        d["_cache"] = {}
        d.pop("_kinds", None)
        return d

    def segments(self, text: str) -> list[list[str | None]]:
        """Chunks of tokens; stop words and masked sequences are ``None``/kept as
        markers so that ``X of the Y`` can still be seen."""
        mask = self.mask_index
        if not mask:
            return _raw_chunks(text)  # type: ignore[return-value]
        return [_apply_mask(chunk, mask) for chunk in _raw_chunks(text)]

    def is_content(self, tok: str | None) -> bool:
        return tok is not None and len(tok) >= self.min_len and tok not in self.stop_words

    def stems(self, chunk: list[str | None]) -> list[str | None]:
        """Stem content tokens; stop words stay as they are, masked ones ``None``."""
        out: list[str | None] = []
        for t in chunk:
            if self.is_content(t):
                st = self._cache.get(t)  # type: ignore[arg-type]
                if st is None:
                    st = self._cache[t] = s_stem(t)  # type: ignore[arg-type]
                out.append(st)
            else:
                out.append(t)
        return out

    def set_phrases(self, phrases: dict) -> None:
        """Install detected phrases (token tuple -> term key)."""
        self.phrases = phrases
        self._max_phrase = max((len(k) for k in phrases), default=0)
        self._heads = {k[0] for k in phrases}

    def __call__(self, text: str) -> list[str]:
        return self.terms(self.segments(text))

    def terms(self, segments: list[list[str | None]]) -> list[str]:
        """The terms of a text given its :meth:`segments` (tokenised once, used twice).

        Content words (stemmed), then the phrases found in each chunk; the order of the
        terms carries no meaning (they are counted).
        """
        terms: list[str] = []
        append = terms.append
        phrases = self.phrases
        heads = getattr(self, "_heads", None)
        if heads is None:
            heads = self._heads = {k[0] for k in phrases}
        maxp = self._max_phrase
        stop = self.stop_words
        min_len = self.min_len
        # token -> its stem, or "" for a stop word or a too short token
        kinds = self.__dict__.setdefault("_kinds", {})
        for raw in segments:
            keys: list = []
            content: list[bool] = []
            for t in raw:
                if t is None:
                    keys.append(None)
                    content.append(False)
                    continue
                st = kinds.get(t)
                if st is None:
                    st = kinds[t] = "" if len(t) < min_len or t in stop else s_stem(t)
                if st:
                    append(st)
                    keys.append(st)
                    content.append(True)
                else:
                    keys.append(t)
                    content.append(False)
            if not maxp:
                continue
            n = len(keys)
            for i in range(n - 1):
                if not content[i] or keys[i] not in heads:
                    continue
                for m in range(min(maxp, n - i), 1, -1):
                    seq = tuple(keys[i:i + m])
                    if None in seq:
                        continue
                    p = phrases.get(seq)
                    if p is not None:
                        append(p)
                        break
        return terms

    def content_count(self, text: str) -> int:
        """Number of content (non-stop, unmasked) words in ``text``."""
        return sum(1 for chunk in self.segments(text) for t in chunk if self.is_content(t))
