"""Readable topic descriptions: characteristic terms and short labels."""

from __future__ import annotations

import numpy as np

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


def make_labels(term_lists: list[list[str]], n_terms: int = 3) -> list[str]:
    """Short unique labels ("security guarantees / nato / membership")."""
    labels: list[str] = []
    used: set[str] = set()
    for i, terms in enumerate(term_lists):
        if not terms:
            label = f"topic {i}"
        else:
            m = n_terms
            label = " / ".join(terms[:m])
            while label in used and m < len(terms):
                m += 1
                label = " / ".join(terms[:m])
            if label in used:
                label = f"{label} ({i})"
        used.add(label)
        labels.append(label)
    return labels
