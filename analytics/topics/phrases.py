"""Collocation phrases for topic terms: bigrams, trigrams and ``X of (the) Y``.

:func:`detect_phrases` scores adjacent content words by normalised PMI (Bouma 2009)
with a minimum count: bigrams ("security guarantees"), trigrams ("munich security
conference") and ``X of (the) Y`` patterns ("coalition of the willing").
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Sequence

from ..lang import en
from .analyzer import NewsAnalyzer, s_stem

_LINKERS = en.words("topic_phrases", "linkers")
_LINK_DETS = en.words("topic_phrases", "link_determiners")


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
    segmented: Sequence[list] | None = None,
) -> tuple[dict[tuple[str, ...], str], dict[str, str]]:
    """Collocations among ``texts``: adjacent content bigrams, trigrams, ``X of (the) Y``.

    A candidate is kept when it occurs at least ``min_count`` times, in at least
    two texts (when there are several texts), and its normalised PMI (Bouma 2009)
    is at least ``threshold``. ``segmented``, when given, holds the texts already
    split by ``analyzer.segments`` (one entry per text), so that they are not
    tokenised again.

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
    stop, min_len, cache = analyzer.stop_words, analyzer.min_len, analyzer._cache
    if segmented is None:
        segmented = [analyzer.segments(t) for t in texts]
    # counted once per (key, surface form); the keys' counts are summed afterwards
    uni_raw: Counter = Counter()
    big_s: Counter = Counter()
    tri_s: Counter = Counter()
    of_s: Counter = Counter()
    for segs in segmented:
        seen = set()
        for raw in segs:
            content = [t is not None and len(t) >= min_len and t not in stop for t in raw]
            chunk = [(cache.get(t) or cache.setdefault(t, s_stem(t))) if c else t
                     for t, c in zip(raw, content)]
            n = len(chunk)
            for i in range(n):
                if not content[i]:
                    continue
                uni_raw[raw[i]] += 1
                n_tokens += 1
                if not find_phrases:
                    continue
                if i + 1 < n and content[i + 1]:
                    b = (chunk[i], chunk[i + 1])
                    seen.add(b)
                    big_s[(b, (raw[i], raw[i + 1]))] += 1
                    if i + 2 < n and content[i + 2]:
                        t = (chunk[i], chunk[i + 1], chunk[i + 2])
                        seen.add(t)
                        tri_s[(t, (raw[i], raw[i + 1], raw[i + 2]))] += 1
                elif i + 2 < n and chunk[i + 1] in _LINKERS:
                    # "X of (the) Y"
                    j = i + 2 if content[i + 2] else (
                        i + 3 if i + 3 < n and chunk[i + 2] in _LINK_DETS and content[i + 3] else -1)
                    if j > 0:
                        o = tuple(chunk[i:j + 1])
                        seen.add(o)
                        of_s[(o, tuple(raw[i:j + 1]))] += 1
                        if j + 1 < n and content[j + 1]:
                            follow[(o, chunk[j + 1])] += 1
        df.update(seen)
    for tok, c in uni_raw.items():
        st = cache[tok]
        uni[st] += c
        surf[(st, tok)] = c
    for counts, total in ((big_s, big), (tri_s, tri), (of_s, ofp)):
        for (key, sf), c in counts.items():
            total[key] += c
            surf[(key, sf)] += c
    best: dict = {}
    for (key, sf), c in surf.items():
        if key not in best or c > best[key][0] or (c == best[key][0] and sf < best[key][1]):
            best[key] = (c, sf)
    display = {k: _show(v[1]) for k, v in best.items() if isinstance(k, str)}
    if n_tokens == 0 or not find_phrases:
        return {}, display
    min_docs = 2 if len(segmented) > 1 else 1
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
