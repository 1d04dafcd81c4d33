"""Judge the triggers of one stretch of a sentence for one actor.

Each trigger hit is classified with :func:`analytics.stance.classify.classify` on the
actor's clause and the strongest judgement is kept; triggers fronted before the subject
("Ukraine is on a path to NATO, Starmer said") are classified with the verb phrase
after it; a passive participle ("pushed by Trump") carries its agent's stance.
"""

from __future__ import annotations

from . import clauses
from .classify import OPPOSE as OPPOSE_SCORE
from .classify import SUPPORT as SUPPORT_SCORE
from .classify import classify
from .lexicon import Lexicon

__all__ = ["Hit", "agent_judgement", "best_hit", "fronted", "judge_clause"]

#: a trigger hit: (start, end, sign, weight, pattern), offsets in the sentence
Hit = tuple[int, int, int, float, str]


def best_hit(low: str, hits: list[Hit], lo: int, hi: int, exclude, lex: Lexicon):
    """Classify each hit in [lo, hi) and return the strongest (judgement, hit)."""
    best = None
    for a, b, sign, weight, pat in hits:
        if not (lo <= a and b <= hi):
            continue
        j = classify(low, a, b, sign, weight, lo=lo, hi=hi, exclude=exclude, lexicon=lex)
        if best is None or abs(j.score) > abs(best[0].score):
            best = (j, (a, b, sign, weight, pat))
    return best


def fronted(low: str, hits: list[Hit], subj_start: int, sent_end: int, exclude,
             lex: Lexicon, s_lo: int):
    """Triggers before the subject, verb phrase after it ("..., Starmer has told X";
    "an initiative Russia has dismissed"): the fronted clause is classified, then the
    verb phrase's operators act on it."""
    vp = low[subj_start:sent_end]
    vj = classify(vp + " xxx", len(vp) + 1, len(vp) + 4, 1, 1.0, lexicon=lex)
    best = None
    for a, b, sign, weight, pat in hits:
        if b > subj_start:
            continue
        j = classify(low, a, b, sign, weight, lo=s_lo, hi=subj_start, exclude=exclude, lexicon=lex)
        score = j.score
        if vj.label == "oppose":
            score = -score if score else -abs(vj.score) * sign * weight
        elif vj.label == "support" and not score:
            score = abs(vj.score) * sign * weight
        label = "support" if score > 0 else "oppose" if score < 0 else "neutral"
        if best is None or abs(score) > abs(best[1]):
            best = (label, round(float(score), 4), (a, b, sign, weight, pat))
    return best


def agent_judgement(low: str, hits: list[Hit], part_start: int, participle: str,
                     lex: Lexicon):
    """Stance of the agent of a passive participle toward the trigger just before it."""
    best = None
    for a, b, sign, weight, pat in hits:
        if not (0 <= part_start - b <= 40):
            continue
        cls = ""
        for c in ("oppose", "reverse", "support"):
            rx = lex.classes.get(c)
            if rx is not None and rx.fullmatch(participle):
                cls = c
                break
        if not cls:
            continue
        score = (SUPPORT_SCORE if cls == "support" else -OPPOSE_SCORE) * sign * weight
        if best is None or abs(score) > abs(best[1]):
            best = ("support" if score > 0 else "oppose", round(score, 4), (a, b, sign, weight, pat))
    return best


def judge_clause(low: str, hits: list[Hit], subj_start: int, verb_end: int, end: int,
                  exclude, lex: Lexicon):
    """(label, score, hit) of a subject's clause ``low[subj_start:end]``, or None.

    Triggers in the clause are classified on it; when there are none and the clause
    after the verb is short, triggers fronted before the subject are classified with
    the verb phrase (not for a subordinate subject: "as the chancellor said")."""
    best = best_hit(low, hits, subj_start, end, exclude, lex)
    if best is not None:
        j, hit = best
        return j.label, j.score, hit
    if len(low[verb_end:end].split()) <= 3 and not clauses.is_subordinate(low, subj_start):
        return fronted(low, [h for h in hits if h[1] <= subj_start], subj_start, end,
                        exclude, lex, clauses.clause_start(low, subj_start))
    return None
