"""Sentences as tokens with their target marked, and the lexicon valences of the tokens.

:func:`mask` tokenises a sentence (one character for one after
:func:`analytics.text.normalize`, so offsets survive) and collapses the target mention
to ``<t>`` and other capitalised name-like tokens to ``<e>`` (so the model learns roles,
not names: "accused <t>", "<t> accused <e>", "<t> 's barbaric attacks"). Clause bounds
and VADER valences (with negation scope) are computed on these tokens by the feature
blocks of :mod:`analytics.sentiment.features`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..lang import en
from ..text import normalize

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


def clause_bounds(toks: list, ti: int) -> tuple[int, int]:
    a = ti
    while a > 0 and toks[a - 1] not in CLAUSE_PUNCT and toks[a - 1] not in CLAUSE_WORDS:
        a -= 1
    b = ti + 1
    while b < len(toks) and toks[b] not in CLAUSE_PUNCT and toks[b] not in CLAUSE_WORDS:
        b += 1
    return a, b


def valences(toks: list, lex: dict) -> list:
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
