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
    n_tokens = 0
    stop, min_len, cache = analyzer.stop_words, analyzer.min_len, analyzer._cache
    if segmented is None:
        segmented = [analyzer.segments(t) for t in texts]
    # counted once per surface form (in C, by Counter.update); the keys (stems) are
    # derived from the surface forms and their counts summed afterwards
    kinds: dict = {None: ""}  # token -> its stem when a content word, else ""

    def kind(tok: str) -> str:
        k = "" if len(tok) < min_len or tok in stop else (
            cache.get(tok) or cache.setdefault(tok, s_stem(tok)))
        kinds[tok] = k
        return k

    uni_raw: Counter = Counter()
    big_raw: Counter = Counter()
    tri_raw: Counter = Counter()
    of_raw: Counter = Counter()
    for segs in segmented:
        # the chunks of a text in one list, each followed by a boundary (None): no
        # n-gram or "X of (the) Y" crosses a boundary
        raw: list = []
        for chunk in segs:
            raw.extend(chunk)
            raw.append(None)
        ks = [kinds[t] if t in kinds else kind(t) for t in raw]
        idx = [i for i, k in enumerate(ks) if k]
        if not idx:
            continue
        n_tokens += len(idx)
        uni_raw.update([raw[i] for i in idx])
        if not find_phrases:
            continue
        seen: set = set()
        n = len(raw)  # the last token is a boundary: i + 1 < n for every content word
        bi = [i for i in idx if ks[i + 1]]
        if bi:
            big_raw.update([(raw[i], raw[i + 1]) for i in bi])
            seen.update([(ks[i], ks[i + 1]) for i in bi])
            ti = [i for i in bi if ks[i + 2]]
            if ti:
                tri_raw.update([(raw[i], raw[i + 1], raw[i + 2]) for i in ti])
                seen.update([(ks[i], ks[i + 1], ks[i + 2]) for i in ti])
        for i in [i for i in idx if not ks[i + 1] and raw[i + 1] in _LINKERS]:
            # "X of (the) Y" (a linker is no boundary: i + 2 < n)
            j = i + 2 if ks[i + 2] else (
                i + 3 if i + 3 < n and raw[i + 2] in _LINK_DETS and ks[i + 3] else -1)
            if j > 0:
                o = tuple(k or t for k, t in zip(ks[i:j + 1], raw[i:j + 1]))
                seen.add(o)
                of_raw[tuple(raw[i:j + 1])] += 1
                if ks[j + 1]:
                    follow[(o, ks[j + 1])] += 1
        df.update(seen)
    best: dict = {}  # key -> (count, surface form): most frequent, ties alphabetical

    def prefer(key, sf, c) -> None:
        got = best.get(key)
        if got is None or c > got[0] or (c == got[0] and sf < got[1]):
            best[key] = (c, sf)

    for tok, c in uni_raw.items():
        st = kinds[tok]
        uni[st] += c
        prefer(st, tok, c)
    display = {k: _show(v[1]) for k, v in best.items()}
    # each n-gram surface form's key (bigrams and trigrams are content words only)
    keyed = (
        ([(kinds[a], kinds[b]) for a, b in big_raw], big_raw, big),
        ([(kinds[a], kinds[b], kinds[c]) for a, b, c in tri_raw], tri_raw, tri),
        ([tuple(kinds[t] or t for t in sf) for sf in of_raw], of_raw, ofp),
    )
    for keys, counts, total in keyed:
        get = total.get
        for key, c in zip(keys, counts.values()):
            total[key] = get(key, 0) + c
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
    kept = [seq for _, seq in scored[:max_phrases]]
    wanted = set(kept)  # display forms are needed for the kept phrases only
    for keys, counts, _ in keyed:
        for key, (sf, c) in zip(keys, counts.items()):
            if key in wanted:
                prefer(key, sf, c)
    phrases = {}
    for seq in kept:
        key = " ".join(seq)
        phrases[seq] = key
        display[key] = " ".join(_show(w) for w in best[seq][1])
    return phrases, display
