"""The stance table: one stance per (actor, issue), aggregated from the evidence.

Only evidence that counts enters the stance: weak evidence (``0 < |score| < 0.3``, note
``weak``) and evidence from documents outside the story of the issue list (note
``off_story``) stay in ``stance_evidence`` and give no row. Over the pieces that count,
``score = mean(scores) * n / (n + shrink)`` (``shrink = 1`` by default, so one piece of
evidence counts half); ``stance`` is ``support`` if ``score >= threshold``, ``oppose``
if ``score <= -threshold`` and ``neutral`` otherwise.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..schema import conform, empty

__all__ = ["counted", "stance_table"]


def counted(evidence: pd.DataFrame) -> pd.Series:
    """Which rows of a ``stance_evidence`` table count toward a stance: no ``note`` and
    not weak (``0 < |score| < WEAK_SCORE``).

    Parameters
    ----------
    evidence : pandas.DataFrame
        A ``stance_evidence`` table (the ``note`` column may be missing).

    Returns
    -------
    pandas.Series of bool
    """
    from .evidence import WEAK_SCORE

    score = pd.to_numeric(evidence["score"], errors="coerce").fillna(0.0).abs()
    ok = ~((score > 0) & (score < WEAK_SCORE))
    if "note" in evidence.columns:
        note = evidence["note"].astype("string").fillna("").astype(str)
        ok &= note == ""
    return ok


def stance_table(evidence: pd.DataFrame, *, shrink: float = 1.0,
                 threshold: float = 0.1) -> pd.DataFrame:
    """Aggregate evidence into one stance per (actor, issue).

    Parameters
    ----------
    evidence : pandas.DataFrame
        The ``stance_evidence`` table; rows that do not count (:func:`counted`) are
        left out.
    shrink : float, default 1
        Pseudo-count of neutral evidence: ``score = mean * n / (n + shrink)``.
    threshold : float, default 0.1
        ``|score|`` needed for ``support``/``oppose``.

    Returns
    -------
    pandas.DataFrame
        Table ``stance`` (actor, issue, stance, score, n_evidence, evidence) plus
        ``n_support``, ``n_oppose``, ``n_neutral``; sorted by actor then issue.
    """
    if evidence is not None and len(evidence):
        evidence = evidence[counted(evidence)]
    if evidence is None or len(evidence) == 0:
        df = empty("stance")
        for c in ("n_support", "n_oppose", "n_neutral"):
            df[c] = pd.Series(dtype="int64")
        return df
    rows = []
    ev = evidence.sort_values(["actor", "issue", "doc_id", "sent_id"], kind="stable")
    for (actor, issue), g in ev.groupby(["actor", "issue"], sort=True):
        scores = g["score"].astype(float).to_numpy()
        n = len(scores)
        score = float(np.mean(scores)) * n / (n + shrink) if n else 0.0
        score = max(-1.0, min(1.0, round(score, 4)))
        stance = "support" if score >= threshold else "oppose" if score <= -threshold else "neutral"
        # strongest piece in the direction of the stance (first on ties)
        order = np.argsort(-np.abs(scores), kind="stable")
        pick = order[0]
        if stance != "neutral":
            for i in order:
                if np.sign(scores[i]) == np.sign(score):
                    pick = i
                    break
        rows.append({
            "actor": actor, "issue": issue, "stance": stance, "score": score,
            "n_evidence": int(n), "evidence": str(g["text"].iloc[pick]),
            "n_support": int((g["label"] == "support").sum()),
            "n_oppose": int((g["label"] == "oppose").sum()),
            "n_neutral": int((g["label"] == "neutral").sum()),
        })
    out = pd.DataFrame(rows).sort_values(["actor", "issue"], kind="stable")
    return conform("stance", out)
