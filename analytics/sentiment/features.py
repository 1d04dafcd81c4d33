"""Target-aware features for target-dependent sentiment classification.

Every example is a sentence plus the character span of one target mention. The
features make the model *see who the sentiment is about*:

* the target mention is replaced by a placeholder token ``<t>``, other capitalised
  name-like tokens by ``<e>`` (so the model learns roles, not names: "accused <t>",
  "<t> accused <e>", "<t> 's barbaric attacks");
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

Everything here is plain Python on tokens; the vectoriser (:class:`FeatureSpace`) has a
fixed vocabulary, IDF weights and block weights that serialise to JSON / NPZ without
pickle.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import scipy.sparse as sp

from ..lang import en
from ..text import normalize  # noqa: F401  (one char for one: offsets survive)

# --------------------------------------------------------------------------- text


_TOKEN_RE = re.compile(
    r"[A-Za-z0-9]+(?=n't\b)|n't\b|'(?:s|re|ve|ll|d|m)\b|[A-Za-z0-9]+(?:[.'\-][A-Za-z0-9]+)*|[^\w\s]",
)

NEGATIONS = en.words("sentiment_cues", "negations")
#: tokens closing a clause (the clause of the target is the span between two of them)
CLAUSE_PUNCT = frozenset(list(",;:()[]\"!?") + ["-", "--"])
CLAUSE_WORDS = en.words("sentiment_cues", "clause_words")
BE = en.words("sentiment_cues", "be_forms")
#: words that are capitalised but are not names of people or organisations
_NOT_NAMES = en.words("sentiment_cues", "not_names")
SAY = en.words("sentiment_cues", "say")
_SENT_START_PREV = frozenset(['"', "'", "(", "-", ":", "."])




@lru_cache(maxsize=1)
def vader_lexicon() -> dict:
    """The VADER lexicon (word -> valence in about [-4, 4])."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return dict(SentimentIntensityAnalyzer().lexicon)


@lru_cache(maxsize=1)
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@dataclass
class Example:
    """A tokenised, target-masked example."""

    toks: list  # lower-cased tokens with the target collapsed to "<t>"
    ti: int  # index of "<t>" in toks
    raw: list  # original surface tokens (target collapsed to "<t>")
    n_target_tokens: int = 1


@lru_cache(maxsize=8192)
def tokenize(text: str) -> tuple:
    """Tokens and their (start, end) offsets (cached: a sentence's targets share them)."""
    return tuple((m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text))


def mask(text: str, start: int, end: int, mask_entities: bool = True) -> Example:
    """Tokenise ``text`` and collapse the target span to ``<t>``; other names to ``<e>``."""
    text = normalize(text)
    n = len(text)
    start = max(0, min(int(start), n))
    end = max(start, min(int(end), n))
    toks: list = []
    raw: list = []
    ti = -1
    n_tt = 0
    prev_e = False
    for i, (tok, s, e) in enumerate(tokenize(text)):
        if e > start and s < end and end > start:
            n_tt += 1
            if ti < 0:
                ti = len(toks)
                toks.append("<t>")
                raw.append("<t>")
            prev_e = False
            continue
        low = tok.lower()
        if (
            mask_entities
            and tok[0].isupper()
            and low not in _NOT_NAMES
            and len(tok) > 1
            and not tok.isupper()  # acronyms (FBI, GOP) stay
            and toks
            and raw[-1] not in _SENT_START_PREV
        ):
            if not prev_e:
                toks.append("<e>")
                raw.append(tok)
            prev_e = True
            continue
        prev_e = False
        toks.append(low)
        raw.append(tok)
    if ti < 0:  # empty or out-of-range span: put the target where the span points
        pos = 0
        for j, (_tok, s, _e) in enumerate(tokenize(text)):
            if s >= start:
                break
            pos = j + 1
        pos = min(pos, len(toks))
        toks.insert(pos, "<t>")
        raw.insert(pos, "<t>")
        ti = pos
    return Example(toks=toks, ti=ti, raw=raw, n_target_tokens=max(n_tt, 1))


def _clause_bounds(toks: list, ti: int) -> tuple[int, int]:
    a = ti
    while a > 0 and toks[a - 1] not in CLAUSE_PUNCT and toks[a - 1] not in CLAUSE_WORDS:
        a -= 1
    b = ti + 1
    while b < len(toks) and toks[b] not in CLAUSE_PUNCT and toks[b] not in CLAUSE_WORDS:
        b += 1
    return a, b


def _valences(toks: list, lex: dict) -> list:
    """Per-token VADER valence with a simple negation scope (3 tokens)."""
    out = [0.0] * len(toks)
    neg_until = -1
    for i, t in enumerate(toks):
        if t in NEGATIONS or t.endswith("n't"):
            neg_until = i + 3
            continue
        if t in CLAUSE_PUNCT:
            neg_until = -1
        v = lex.get(t)
        if v is not None:
            out[i] = -0.74 * v if i <= neg_until else v
    return out


# ----------------------------------------------------------------- feature blocks

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
    a, b = _clause_bounds(toks, ti)
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
    val = _valences(toks, lex)
    a, b = _clause_bounds(toks, ti)

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


# ------------------------------------------------------------------- vectoriser

BLOCKS = ("ngram", "window", "clause", "cue")


@dataclass
class FeatureSpace:
    """Fixed-vocabulary vectoriser for the four sparse blocks plus the dense block.

    Sparse blocks: sublinear TF times IDF, L2-normalised per block, multiplied by the
    block weight. Dense block: standardised (mean/scale learnt in :meth:`fit`) times
    its weight.
    """

    window: int = 6
    mask_entities: bool = True
    min_df: int = 2
    block_weights: dict = field(default_factory=lambda: {
        "ngram": 1.0, "window": 1.0, "clause": 0.5, "cue": 0.7, "dense": 0.5,
    })
    vocabulary: dict = field(default_factory=dict)  # name -> column
    idf: np.ndarray | None = None
    block_of: np.ndarray | None = None  # column -> block index
    dense_mean: np.ndarray | None = None
    dense_scale: np.ndarray | None = None

    # ---- analysis
    def analyse(self, texts, spans):
        """Per example: (list of (block, name, weight)), dense vector."""
        out = []
        dense = np.zeros((len(texts), len(DENSE)), dtype=np.float64)
        for k, (text, (s, e)) in enumerate(zip(texts, spans)):
            text = normalize(str(text))
            ex = mask(text, s, e, self.mask_entities)
            grams, win, clause, cues = sparse_features(ex, self.window)
            feats = {}
            for g in grams:
                key = (0, g)
                feats[key] = feats.get(key, 0.0) + 1.0
            for g, w in win:
                key = (1, g)
                feats[key] = max(feats.get(key, 0.0), w)
            for g in clause:
                key = (2, g)
                feats[key] = feats.get(key, 0.0) + 1.0
            for g in cues:
                feats[(3, g)] = 1.0
            out.append(feats)
            dense[k] = dense_features(text, ex, self.window)
        return out, dense

    def fit(self, texts, spans):
        feats, dense = self.analyse(texts, spans)
        df: dict = {}
        for f in feats:
            for key in f:
                df[key] = df.get(key, 0) + 1
        keys = sorted(k for k, c in df.items() if c >= self.min_df)
        self.vocabulary = {f"{b}|{name}": i for i, (b, name) in enumerate(keys)}
        self._index = None
        n = len(feats)
        self.idf = np.array(
            [math.log((1 + n) / (1 + df[k])) + 1.0 for k in keys], dtype=np.float64
        )
        self.block_of = np.array([b for b, _ in keys], dtype=np.int8)
        self.dense_mean = dense.mean(axis=0)
        sc = dense.std(axis=0)
        sc[sc < 1e-9] = 1.0
        self.dense_scale = sc
        return self._assemble(feats, dense)

    def transform(self, texts, spans):
        feats, dense = self.analyse(texts, spans)
        return self._assemble(feats, dense)

    def _key_index(self) -> dict:
        """``{(block, name): column}`` view of :attr:`vocabulary` (built once)."""
        idx = getattr(self, "_index", None)
        if idx is None or len(idx) != len(self.vocabulary):
            idx = {}
            for key, j in self.vocabulary.items():
                b, name = key.split("|", 1)
                idx[(int(b), name)] = j
            self._index = idx
        return idx

    def _assemble(self, feats, dense):
        vocab = self.vocabulary
        get = self._key_index().get
        n = len(feats)
        keys: list = []
        raw: list = []
        for f in feats:
            keys.extend(f)
            raw.extend(f.values())
        lens = np.fromiter((len(f) for f in feats), dtype=np.int64, count=n)
        cols = np.fromiter((get(k, -1) for k in keys), dtype=np.int64, count=len(keys))
        blocks = np.fromiter((k[0] for k in keys), dtype=np.int8, count=len(keys))
        rows = np.repeat(np.arange(n, dtype=np.int64), lens)
        keep = cols >= 0
        rows, cols, blocks = rows[keep], cols[keep], blocks[keep]
        vals = np.asarray(raw, dtype=np.float64)[keep]
        counted = (blocks == 0) | (blocks == 2)  # sublinear term frequency
        vals[counted] = 1.0 + np.log(vals[counted])
        vals = vals * self.idf[cols]
        nv = len(vocab)
        X = sp.csr_matrix((vals, (rows, cols)), shape=(n, nv))
        # per-block L2 normalisation and block weights
        if nv:
            X.sum_duplicates()
            blk = self.block_of[X.indices]
            sq = X.data ** 2
            norms = np.zeros((n, len(BLOCKS)))
            row_of = np.repeat(np.arange(n), np.diff(X.indptr))
            np.add.at(norms, (row_of, blk), sq)
            norms = np.sqrt(norms)
            norms[norms == 0] = 1.0
            bw = np.array([self.block_weights[b] for b in BLOCKS])
            X.data = X.data / norms[row_of, blk] * bw[blk]
        D = (dense - self.dense_mean) / self.dense_scale * self.block_weights["dense"]
        return sp.hstack([X, sp.csr_matrix(D)], format="csr")

    @property
    def n_features(self) -> int:
        return len(self.vocabulary) + len(DENSE)
