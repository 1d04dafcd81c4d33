"""Target-aware feature blocks for target-dependent sentiment classification.

Every example is a sentence plus the character span of one target mention, tokenised
with the target marked (:mod:`analytics.sentiment.tokens`). The features make the model
*see who the sentiment is about*:

* word n-grams (1-3) over the masked sentence;
* a distance-weighted window of words left (``l:``) and right (``r:``) of the target;
* the bag of words of the target's clause (clause boundaries: punctuation and
  subordinating/contrastive conjunctions);
* agent/patient cues: passive constructions ("<t> was criticised", "praised by <t>"),
  the target as subject or object of a verb;
* dense lexicon features from the VADER lexicon (with negation scope) for the whole
  sentence, the target's clause, the left/right windows and the words governing the
  target, VADER-style sentence scores computed from the same valences (one pass, no
  second reading of the sentence), position and quote features.

Everything here is plain Python on tokens; the vectoriser that assembles the blocks
(:class:`analytics.sentiment.space.FeatureSpace`) has a fixed vocabulary, IDF weights
and block weights that serialise to JSON / NPZ without pickle.
"""

from __future__ import annotations

import math

from .tokens import BE, CLAUSE_PUNCT, CLAUSE_WORDS, SAY, Example, clause_bounds, valences, \
    vader_lexicon

#: names of the dense features, in order
DENSE = [
    "lex_compound", "lex_pos_share", "lex_neg_share", "lex_neu_share",
    "lex_sent_pos", "lex_sent_neg",
    "lex_clause_pos", "lex_clause_neg",
    "lex_left_pos", "lex_left_neg", "lex_right_pos", "lex_right_neg",
    "lex_gov_obj", "lex_gov_subj",
    "lex_near", "lex_far",
    "pos_rel", "target_first", "target_last",
    "in_quote", "n_quotes", "has_say", "n_entities", "len_log",
    "target_possessive", "target_passive", "target_by_agent",
] + [f"role_{sign}_{region}" for sign in ("pos", "neg") for region in (
    "l1_3", "r1_3", "clause_l", "clause_r", "before", "after")]

_REGIONS = ("l1_3", "r1_3", "clause_l", "clause_r", "before", "after")


def sparse_features(ex: Example, window: int = 6) -> tuple[list, list, list, list]:
    """Feature names per block: n-grams, window, clause, cues."""
    toks, ti = ex.toks, ex.ti
    n = len(toks)
    # n-grams over masked sentence
    grams = list(toks)
    grams += [toks[i] + " " + toks[i + 1] for i in range(n - 1)]
    grams += [toks[i] + " " + toks[i + 1] + " " + toks[i + 2] for i in range(n - 2)]
    # distance-weighted window (weights attached as (name, weight) pairs)
    win = []
    for d in range(1, window + 1):
        w = 1.0 / math.sqrt(d)
        j = ti - d
        if j >= 0:
            win.append(("l:" + toks[j], w))
        j = ti + d
        if j < n:
            win.append(("r:" + toks[j], w))
    # clause bag of words
    a, b = clause_bounds(toks, ti)
    clause = ["c:" + t for t in toks[a:b] if t != "<t>"]
    # cues
    cues = []
    l1 = toks[ti - 1] if ti >= 1 else "^"
    l2 = toks[ti - 2] if ti >= 2 else "^"
    r1 = toks[ti + 1] if ti + 1 < n else "$"
    r2 = toks[ti + 2] if ti + 2 < n else "$"
    r3 = toks[ti + 3] if ti + 3 < n else "$"
    cues.append("L1:" + l1)
    cues.append("R1:" + r1)
    cues.append("L2:" + l2 + "_" + l1)
    cues.append("R2:" + r1 + "_" + r2)
    if r1 in BE:
        # "<t> was criticised", "<t> is a liar"
        cues.append("pred:" + r2)
        if r2 in ("being", "been", "not", "also", "then"):
            cues.append("pred:" + r3)
    if r1 == "'s":
        cues.append("poss:" + r2)
        cues.append("poss2:" + r2 + "_" + r3)
    if l1 == "by":
        cues.append("by_agent:" + l2)  # "criticised by <t>" -> <t> is the agent
    if l1 in ("of", "on", "against", "to", "for", "with"):
        cues.append("pp:" + l2 + "_" + l1)
    # the first verb-like word after the target (target as subject)
    for j in range(ti + 1, min(n, ti + 5)):
        t = toks[j]
        if t in CLAUSE_PUNCT or t in CLAUSE_WORDS:
            break
        if t.endswith("ed") or t.endswith("s") and len(t) > 3:
            cues.append("subjverb:" + t)
            break
    if ti == 0 or toks[ti - 1] in CLAUSE_PUNCT:
        cues.append("clause_initial")
    if any(t in SAY for t in toks[max(0, ti - 3): ti + 4]):
        cues.append("speaker_near")
    return grams, win, clause, cues


def sentence_scores(toks: list, val: list) -> tuple[float, float, float, float]:
    """VADER-style sentence scores from per-token valences (no second pass over the text).

    ``compound`` is VADER's normalisation of the valence sum, ``s / sqrt(s^2 + 15)``;
    the shares follow VADER's ``pos``/``neg``/``neu`` proportions over word tokens.
    """
    if "but" in toks:  # VADER's contrast rule: before "but" x0.5, after x1.5
        k = toks.index("but")
        val = [v * 0.5 for v in val[:k]] + [v * 1.5 for v in val[k:]]
    s = sum(val) + 0.292 * min(sum(1 for t in toks if t == "!"), 4) * (1 if sum(val) >= 0 else -1)
    compound = s / math.sqrt(s * s + 15.0)
    pos = sum(v + 1.0 for v in val if v > 0)
    neg = sum(1.0 - v for v in val if v < 0)
    neu = sum(1 for t, v in zip(toks, val) if not v and t[:1].isalnum())
    total = pos + neg + neu
    if not total:
        return compound, 0.0, 0.0, 0.0
    return compound, pos / total, neg / total, neu / total


def dense_features(text: str, ex: Example, window: int = 6) -> list:
    """Dense (lexicon, position, quote) features, in the order of :data:`DENSE`."""
    lex = vader_lexicon()
    toks, ti = ex.toks, ex.ti
    n = len(toks)
    val = valences(toks, lex)
    a, b = clause_bounds(toks, ti)

    def posneg(vs):
        p = sum(v for v in vs if v > 0)
        q = -sum(v for v in vs if v < 0)
        return p / 4.0, q / 4.0

    compound, s_pos, s_neg, s_neu = sentence_scores(toks, val)
    sp_, sn_ = posneg(val)
    cp, cn = posneg(val[a:b])
    lp, ln = posneg(val[max(0, ti - window): ti])
    rp, rn = posneg(val[ti + 1: ti + 1 + window])
    gov_obj = sum(val[max(0, ti - 3): ti]) / 4.0  # "accused <t>"
    gov_subj = sum(val[ti + 1: ti + 4]) / 4.0  # "<t> praised ..."
    near = 0.0
    far = 0.0
    for j, v in enumerate(val):
        if v:
            d = abs(j - ti)
            wgt = 1.0 / (1.0 + d / 3.0)
            near += v * wgt
            far += v * (1.0 - wgt)
    # quotes: is the target inside a quoted passage?
    q_before = sum(1 for t in toks[:ti] if t == '"')
    n_quotes = sum(1 for t in toks if t == '"')
    in_quote = float(q_before % 2 == 1)
    has_say = float(any(t in SAY for t in toks))
    n_ent = sum(1 for t in toks if t == "<e>")
    r1 = toks[ti + 1] if ti + 1 < n else ""
    r2 = toks[ti + 2] if ti + 2 < n else ""
    passive = float(r1 in BE and r2.endswith("ed"))
    by_agent = float(ti >= 1 and toks[ti - 1] == "by")
    # sentiment words by their position relative to the target (role-like regions)
    role = [0.0] * 12
    for j, v in enumerate(val):
        if not v or j == ti:
            continue
        d = j - ti
        if -3 <= d < 0:
            r = 0
        elif 0 < d <= 3:
            r = 1
        elif a <= j < ti:
            r = 2
        elif ti < j < b:
            r = 3
        elif j < a:
            r = 4
        else:
            r = 5
        role[r if v > 0 else 6 + r] += abs(v) / 4.0
    return [
        compound, s_pos, s_neg, s_neu,
        sp_, sn_, cp, cn, lp, ln, rp, rn, gov_obj, gov_subj,
        near / 4.0, far / 4.0,
        ti / max(n - 1, 1), float(ti == 0), float(ti == n - 1),
        in_quote, min(n_quotes, 4) / 4.0, has_say, min(n_ent, 6) / 6.0,
        math.log1p(n) / 4.0,
        float(r1 == "'s"), passive, by_agent,
    ] + role
