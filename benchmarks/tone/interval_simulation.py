"""How often does the article-bootstrap interval of a leader's mean tone miss the truth?

Simulates leaders covered in K articles (K = 2 ... 12): each article has its own slant
(articles differ: one outlet's piece is friendlier than another's), each mentions the
leader 1 + Poisson(1.5) times, and every mention's score is ``tanh(slant + noise)`` in
[-1, 1], like the tone model's P(positive) - P(negative). The interval is the one of
:func:`analytics.sentiment.leader_summary` (documents resampled, 95% percentile), and its
coverage is the share of simulated leaders whose interval contains the true mean tone.

    python benchmarks/tone/interval_simulation.py            # about a minute on one core

Deterministic (seed 0). The result chose ``analytics.sentiment.tone.MIN_ARTICLES``.
"""

from __future__ import annotations

import json
import sys

import numpy as np
import pandas as pd

from analytics.sentiment import leader_summary

#: between-article spread of the slant and within-article noise (in tanh units)
ARTICLE_SD, MENTION_SD = 0.45, 0.6


def simulate(k: int, reps: int, rng: np.random.Generator, mu: float) -> float:
    """Coverage of the 95% interval for leaders in ``k`` articles (``reps`` leaders)."""
    frames = []
    for r in range(reps):
        slant = rng.normal(mu, ARTICLE_SD, size=k)
        for d in range(k):
            m = 1 + rng.poisson(1.5)
            sc = np.tanh(slant[d] + rng.normal(0, MENTION_SD, size=m))
            frames.append(pd.DataFrame({"actor": f"a{r:04d}", "doc_id": f"a{r:04d}-{d}",
                                        "score": sc, "label": np.sign(np.round(sc, 1))}))
    tone = pd.concat(frames, ignore_index=True)
    table = leader_summary(tone, n_boot=1000, random_state=int(rng.integers(1 << 30)),
                           min_mentions=1, min_documents=1)
    truth = np.tanh(rng.normal(mu, ARTICLE_SD, 400_000) + rng.normal(0, MENTION_SD, 400_000)).mean()
    inside = (table["tone_ci_low"] <= truth) & (truth <= table["tone_ci_high"])
    return float(inside.mean())


def main() -> int:
    rng = np.random.default_rng(0)
    out = {}
    for k in (2, 3, 4, 5, 6, 8, 10, 12):
        out[k] = round(float(np.mean([simulate(k, 400, rng, mu) for mu in (-0.3, 0.0, 0.3)])), 3)
        print(f"{k:>2} articles: coverage of the nominal 95% interval {out[k]:.3f}", file=sys.stderr)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
