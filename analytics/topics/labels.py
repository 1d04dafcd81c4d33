"""Readable topic descriptions: characteristic terms and short labels."""

from __future__ import annotations

import numpy as np

from ..lang import en

_VERBS = en.words("topic_labels", "verbs")
_WEAK = en.words("topic_labels", "weak")

#: Weight of the within-topic probability against distinctiveness (Sievert & Shirley
#: 2014, "relevance"); 0.6 is their recommended value.
RELEVANCE_LAMBDA = 0.6


def top_term_indices(components, feature_names, n=10, background=None,
                     lam: float = RELEVANCE_LAMBDA) -> list[list[int]]:
    """Indices of the ``n`` most relevant terms of each topic (row of ``components``).

    Relevance = ``lam * log p(w|t) + (1 - lam) * log(p(w|t) / p(w))``; then terms
    are de-duplicated against phrases: a word that is part of a selected phrase
    ("security" in "security guarantees") and a phrase contained in a longer selected
    one are dropped, the longer phrase taking the best rank of the ones it covers.
    """
    comp = np.asarray(components, dtype=float)
    bg = comp if background is None else np.asarray(background, dtype=float)
    if comp.size == 0 or comp.shape[1] == 0:
        return [[] for _ in range(comp.shape[0])]
    eps = 1e-12
    pw = bg.sum(axis=0) + eps
    pw = pw / pw.sum()
    out = []
    for row in comp:
        tot = row.sum()
        if tot <= 0:
            out.append([])
            continue
        p = row / tot
        rel = lam * np.log(p + eps) + (1 - lam) * np.log((p + eps) / pw)
        rel[row <= 0] = -np.inf
        m = min(len(row), max(3 * n, n + 20))
        cand = np.argsort(-rel, kind="stable")[:m]
        cand = [int(j) for j in cand if np.isfinite(rel[j])]
        out.append(_dedupe(cand, feature_names, n))
    return out


def _dedupe(cand: list[int], names, n: int) -> list[int]:
    chosen: list[int] = []
    toks: list[tuple[str, ...]] = []
    for j in cand:
        t = tuple(str(names[j]).split())
        tset = set(t) - {"of", "the", "a", "an"}
        # covered by an already chosen phrase?
        if any(len(c) > 1 and tset <= set(c) for c in toks):
            continue
        if len(t) > 1:
            covered = [i for i, c in enumerate(toks) if set(c) - {"of", "the", "a", "an"} <= tset]
            if covered:
                pos = covered[0]
                chosen[pos], toks[pos] = j, t
                for i in reversed(covered[1:]):
                    del chosen[i], toks[i]
                continue
        chosen.append(j)
        toks.append(t)
        if len(chosen) >= n:
            break
    return chosen[:n]


def term_weights(H, idx: list[list[int]]) -> list[list[float]]:
    """Weights of the selected terms (``idx``) in each row of ``H``, as rounded floats.

    Rows of ``H`` are expected to sum to 1, so a weight is the term's share of the
    topic's term mass.
    """
    H = np.asarray(H, dtype=float)
    return [[round(float(H[i, j]), 6) for j in row] for i, row in enumerate(idx)]


def readable(term: str) -> bool:
    """Whether ``term`` can stand in a label: a noun phrase, not a bare verb or fragment.

    A single word in the label word lists (``analytics/lang/en/topic_labels.yaml``:
    verbs, and words needing a head noun) is not readable; a phrase ending in one
    ("sovereign future putting", "long term") is a fragment.
    """
    words = str(term).lower().split()
    if not words:
        return False
    last = words[-1]
    if last in _VERBS or last in _WEAK:
        return False
    if len(words) == 1 and len(last) < 3:
        return False
    return True


def label_terms(terms: list[str], n_terms: int = 2) -> list[str]:
    """The terms a label is made of: the first readable phrase among the first five
    terms, then readable terms sharing no word with those chosen."""
    ok = [t for t in terms if readable(t)]
    chosen: list[str] = []
    phrase = next((t for t in ok[:5] if " " in t), None)
    if phrase is not None:
        chosen.append(phrase)
    for t in ok:
        if len(chosen) >= n_terms:
            break
        words = set(t.lower().split())
        if any(words & set(c.lower().split()) for c in chosen):
            continue
        chosen.append(t)
    return chosen


def make_labels(term_lists: list[list[str]], n_terms: int = 2) -> list[str]:
    """Short unique labels made of readable terms ("security guarantees / nato").

    See :func:`label_terms`; when two topics would get the same label, more terms are
    added, then the topic number.
    """
    labels: list[str] = []
    used: set[str] = set()
    for i, terms in enumerate(term_lists):
        picked = label_terms(terms, n_terms) or list(terms[:n_terms])
        if not picked:
            label = f"topic {i}"
        else:
            label = " / ".join(picked)
            m = n_terms
            while label in used and m < len(terms):
                m += 1
                label = " / ".join(label_terms(terms, m) or terms[:m])
            if label in used:
                label = f"{label} ({i})"
        used.add(label)
        labels.append(label)
    return labels
