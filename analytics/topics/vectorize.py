"""News-aware text representation for topic models.

:class:`NewsVectorizer` turns texts into a sparse document-term matrix whose terms
are *content words* and *collocation phrases*:

* web boilerplate sentences (cookie notices, "Loading...", photo credits, player
  prompts) are removed first (:data:`BOILERPLATE_PATTERNS`);
* text is split into chunks at punctuation, so no term spans a sentence or clause
  boundary; tokens are alphabetic (numbers, amounts and dates never become terms);
  hyphenated words are split; possessive ``'s`` is dropped; ``US``/``U.S.`` becomes
  ``usa`` so that it is not confused with the pronoun *us*;
* scikit-learn's English stop words plus the news function words in
  ``analytics/lang/en/news_stopwords.txt`` ("said", "told", "mr", days, months ...)
  are dropped;
* optional ``mask_terms`` (e.g. actor surface forms) are removed as token
  sequences, so topics describe issues rather than people;
* phrases are detected by collocation statistics (normalised PMI over adjacent
  content words, with a minimum count): bigrams ("security guarantees"), trigrams
  ("munich security conference") and ``X of (the) Y`` patterns ("coalition of the
  willing"). A phrase is added as a term *next to* its words.

The vocabulary is capped by ``min_df`` / ``max_df`` / ``max_features``; phrase
statistics are collected on a sample of at most ``phrase_sample`` texts, so the
cost stays linear in the corpus size.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from typing import Iterable, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

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
_LINKERS = en.words("topic_phrases", "linkers")
_CONTRACTIONS = en.words("topic_phrases", "contractions")
_LINK_DETS = en.words("topic_phrases", "link_determiners")


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


def _raw_chunks(text: str) -> list[list[str]]:
    """Lower-cased alphabetic tokens, grouped in punctuation-free chunks."""
    text = _normalize(str(text))
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
        return d

    def segments(self, text: str) -> list[list[str | None]]:
        """Chunks of tokens; stop words and masked sequences are ``None``/kept as
        markers so that ``X of the Y`` can still be seen."""
        out = []
        for chunk in _raw_chunks(text):
            out.append(_apply_mask(chunk, self.mask_index))
        return out

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
        terms: list[str] = []
        append = terms.append
        phrases = self.phrases
        heads = getattr(self, "_heads", None)
        if heads is None:
            heads = self._heads = {k[0] for k in phrases}
        maxp = self._max_phrase
        stop = self.stop_words
        min_len = self.min_len
        cache = self._cache
        mask = self.mask_index
        for raw in _raw_chunks(text):
            if mask:
                raw = _apply_mask(raw, mask)
            chunk: list = []
            for t in raw:
                if t is None or len(t) < min_len or t in stop:
                    chunk.append(None if t is None else (t, False))
                else:
                    st = cache.get(t)
                    if st is None:
                        st = cache[t] = s_stem(t)
                    chunk.append((st, True))
            n = len(chunk)
            for i, item in enumerate(chunk):
                if item is None or not item[1]:
                    continue
                st = item[0]
                append(st)
                if maxp and st in heads:
                    for m in range(min(maxp, n - i), 1, -1):
                        seq = chunk[i:i + m]
                        if None in seq:
                            continue
                        p = phrases.get(tuple(x[0] for x in seq))
                        if p is not None:
                            append(p)
                            break
        return terms

    def content_count(self, text: str) -> int:
        """Number of content (non-stop, unmasked) words in ``text``."""
        return sum(1 for chunk in self.segments(text) for t in chunk if self.is_content(t))


def _show(word: str) -> str:
    """Display form of a token (``usa`` was written ``US``/``U.S.`` in the text)."""
    return "US" if word == "usa" else word


def detect_phrases(
    analyzer: NewsAnalyzer,
    texts: Sequence[str],
    *,
    min_count: int = 2,
    threshold: float = 0.35,
    max_phrases: int = 20000,
    find_phrases: bool = True,
) -> tuple[dict[tuple[str, ...], str], dict[str, str]]:
    """Collocations among ``texts``: adjacent content bigrams, trigrams, ``X of (the) Y``.

    A candidate is kept when it occurs at least ``min_count`` times, in at least
    two texts (when there are several texts), and its normalised PMI (Bouma 2009)
    is at least ``threshold``.

    Returns
    -------
    phrases : dict
        Stemmed token tuple -> term key (the stems joined by spaces).
    display : dict
        Term key -> most frequent surface form (for unigrams and phrases).
    """
    uni: Counter = Counter()
    big: Counter = Counter()
    tri: Counter = Counter()
    ofp: Counter = Counter()  # (x, "of", [det], y)
    follow: Counter = Counter()  # ((x, "of", [det], y), next content word)
    df: Counter = Counter()
    surf: Counter = Counter()  # (key, surface)
    n_tokens = 0
    for text in texts:
        seen = set()
        for raw in analyzer.segments(text):
            chunk = analyzer.stems(raw)
            content = [analyzer.is_content(t) for t in raw]
            n = len(chunk)
            for i, tok in enumerate(chunk):
                if not content[i]:
                    continue
                uni[tok] += 1
                surf[(tok, raw[i])] += 1
                n_tokens += 1
                if not find_phrases:
                    continue
                if i + 1 < n and content[i + 1]:
                    b = (tok, chunk[i + 1])
                    big[b] += 1
                    seen.add(b)
                    surf[(b, tuple(raw[i:i + 2]))] += 1
                    if i + 2 < n and content[i + 2]:
                        t = (tok, chunk[i + 1], chunk[i + 2])
                        tri[t] += 1
                        seen.add(t)
                        surf[(t, tuple(raw[i:i + 3]))] += 1
                elif i + 2 < n and chunk[i + 1] in _LINKERS:
                    # "X of (the) Y"
                    j = i + 2 if content[i + 2] else (
                        i + 3 if i + 3 < n and chunk[i + 2] in _LINK_DETS and content[i + 3] else -1)
                    if j > 0:
                        o = tuple(chunk[i:j + 1])
                        ofp[o] += 1
                        seen.add(o)
                        surf[(o, tuple(raw[i:j + 1]))] += 1
                        if j + 1 < n and content[j + 1]:
                            follow[(o, chunk[j + 1])] += 1
        df.update(seen)
    best: dict = {}
    for (key, sf), c in surf.items():
        if key not in best or c > best[key][0] or (c == best[key][0] and sf < best[key][1]):
            best[key] = (c, sf)
    display = {k: _show(v[1]) for k, v in best.items() if isinstance(k, str)}
    if n_tokens == 0 or not find_phrases:
        return {}, display
    min_docs = 2 if len(texts) > 1 else 1
    logn = math.log(n_tokens)

    def npmi(count: int, parts: Sequence[str]) -> float:
        lp = math.log(count) - logn
        if lp >= 0:
            return 1.0
        pmi = lp - sum(math.log(uni[w]) - logn for w in parts)
        return pmi / -lp

    scored: list[tuple[float, tuple[str, ...]]] = []
    for b, c in big.items():
        if c >= min_count and df[b] >= min_docs:
            s = npmi(c, b)
            if s >= threshold:
                scored.append((s * math.log1p(c), b))
    accepted_bi = {b for _, b in scored}
    for t, c in tri.items():
        if c >= min_count and df[t] >= min_docs and (t[:2] in accepted_bi or t[1:] in accepted_bi):
            s = npmi(c, t)
            if s >= threshold:
                scored.append((s * math.log1p(c), t))
    # "X of the Y" that is mostly followed by the same word is a fragment of a longer
    # noun phrase ("stage of detailed [planning]"), not a phrase of its own
    top_follow: dict = {}
    for (o, _), c in follow.items():
        top_follow[o] = max(top_follow.get(o, 0), c)
    for o, c in ofp.items():
        if c >= min_count and df[o] >= min_docs and top_follow.get(o, 0) * 2 < c:
            s = npmi(c, (o[0], o[-1]))
            if s >= threshold:
                scored.append((s * math.log1p(c), o))
    scored.sort(key=lambda x: (-x[0], x[1]))
    phrases = {}
    for _, seq in scored[:max_phrases]:
        key = " ".join(seq)
        phrases[seq] = key
        display[key] = " ".join(_show(w) for w in best[seq][1])
    return phrases, display


class NewsVectorizer:
    """Fit a news-aware vocabulary (words + phrases) and build count matrices.

    Parameters
    ----------
    mask_terms : iterable of str, optional
        Surface forms to remove (e.g. actor names).
    phrases : bool
        Detect and add collocation phrases.
    min_df, max_df : int or float or None
        Document-frequency limits (``None``: chosen from the corpus size).
    max_features : int
        Vocabulary cap (most frequent terms kept).
    phrase_sample : int
        Phrase statistics are collected on at most this many texts.
    extra_stop_words : iterable of str, optional
        Added to :func:`news_stopwords`.
    random_state : int
        Seed for the phrase sample.
    """

    def __init__(self, mask_terms=None, phrases=True, min_df=None, max_df=None,
                 max_features=50000, phrase_sample=5000, extra_stop_words=None,
                 random_state=0):
        self.mask_terms = mask_terms
        self.phrases = phrases
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.phrase_sample = phrase_sample
        self.extra_stop_words = extra_stop_words
        self.random_state = random_state

    @staticmethod
    def default_df(n: int) -> tuple[int, float]:
        """``(min_df, max_df)`` for a corpus of ``n`` texts."""
        if n < 20:
            return 1, 1.0
        if n < 200:
            return 2, 0.7
        if n < 5000:
            return 2, 0.5
        return max(3, min(10, n // 5000)), 0.5

    def fit_transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        texts = list(texts)
        stop = news_stopwords()
        if self.extra_stop_words:
            stop = stop | frozenset(w.lower() for w in self.extra_stop_words)
        self.analyzer_ = NewsAnalyzer(stop, _mask_index(self.mask_terms))
        n = len(texts)
        self.display_ = {}
        if not self.phrases and n:
            sample = texts[: self.phrase_sample]
            _, self.display_ = detect_phrases(self.analyzer_, sample, find_phrases=False)
        if self.phrases and n:
            if n > self.phrase_sample:
                rng = np.random.RandomState(self.random_state)
                idx = np.sort(rng.choice(n, self.phrase_sample, replace=False))
                sample = [texts[i] for i in idx]
            else:
                sample = texts
            min_count = 2 if len(sample) < 2000 else 3
            phrases, self.display_ = detect_phrases(self.analyzer_, sample, min_count=min_count)
            self.analyzer_.set_phrases(phrases)
        min_df, max_df = self.default_df(n)
        if self.min_df is not None:
            min_df = self.min_df
        if self.max_df is not None:
            max_df = self.max_df
        self.counter_ = CountVectorizer(
            analyzer=_identity, min_df=min_df, max_df=max_df,
            max_features=self.max_features, dtype=np.float32,
        )
        counts: list[int] = []
        try:
            X = self.counter_.fit_transform(self._terms(texts, counts))
        except ValueError:
            # empty vocabulary, or df limits that prune everything: relax them
            self.counter_.set_params(min_df=1, max_df=1.0)
            counts = []
            try:
                X = self.counter_.fit_transform(self._terms(texts, counts))
            except ValueError:
                self.counter_ = None
                X = sp.csr_matrix((n, 0), dtype=np.float32)
        self.content_counts_ = np.array(counts if len(counts) == n else
                                        [len(self.analyzer_(t)) for t in texts], dtype=int)
        return X.tocsr()

    def _terms(self, texts, counts: list[int]):
        analyze = self.analyzer_
        for t in texts:
            terms = analyze(t)
            counts.append(len(terms))
            yield terms

    def fit(self, texts):
        self.fit_transform(texts)
        return self

    def transform(self, texts: Sequence[str], return_counts: bool = False):
        """Count matrix of ``texts`` (and, optionally, their content-term counts)."""
        texts = list(texts)
        counts: list[int] = []
        if self.counter_ is None:
            X = sp.csr_matrix((len(texts), 0), dtype=np.float32)
            counts = [len(self.analyzer_(t)) for t in texts]
        else:
            X = self.counter_.transform(self._terms(texts, counts)).tocsr()
        return (X, np.array(counts, dtype=int)) if return_counts else X

    def get_feature_names_out(self) -> np.ndarray:
        if self.counter_ is None:
            return np.array([], dtype=object)
        keys = self.counter_.get_feature_names_out()
        return np.array([self.display_.get(k, k) for k in keys], dtype=object)

    @property
    def phrases_(self) -> list[str]:
        """The detected phrases (strings)."""
        return sorted(self.display_.get(k, k) for k in set(self.analyzer_.phrases.values()))

