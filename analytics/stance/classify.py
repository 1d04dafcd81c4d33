"""Classify one piece of evidence as support / oppose / neutral toward an issue.

The classifier is a transparent operator-scope model, not a trained one:

* an issue trigger carries a sign (``+1`` for ``join NATO``, ``-1`` for ``territorial
  integrity`` under *territorial concessions*; see ``issues.yaml``);
* the operators of the stance lexicon (``stance_lexicon.yaml``) found between the start
  of the actor's clause and the trigger — and, when the trigger is the subject of a
  predicate ("the deal is not ready"), in the few words after it — act on that sign:
  negators, oppose verbs ("rejects", "refused", "rules out"), reversal verbs ("halt",
  "drop") and negative expectations ("unlikely to") each flip it; support verbs, strong
  modals ("must", "will", "committed to"), hedges ("may", "could") set the strength;
* an operator's scope ends at a clause break (";", ", but", " and " ...), so "X will
  not accept A and wants B" does not negate B;
* when the trigger is the subject of a predicate (after a copula, possibly past a short
  prepositional phrase: "lifting the embargo on China would be irresponsible") or the
  object of a describing verb ("called the deal 'a dangerous mistake'", "described the
  plans as a white elephant"), an evaluative predicate of the lexicon (``eval_pos``,
  ``eval_neg``) is the head of the judgement; evaluative words elsewhere are not read;
* coordinated reversals share one object ("repeal and replace the law" flips once);
* a trigger inside an "if" / "unless" clause is a hypothesis: the speaker is against it
  when the consequence given is bad ("if we reject this treaty, Britain will be
  isolated": in favour of the treaty), for it when good, and takes no side otherwise
  (the consequence words are language data, ``stance_cues.yaml``).

A trigger that carries its own verb ("send troops", "halted aid") is a stance by
itself; a contrastive negation ("not more gun control but better vetting") rejects the
trigger as firmly as an oppose verb; any other bare negation with no stance verb or
modal ("without X ...") counts as weak evidence (strength 0.25).

The score is ``sign x strength x trigger weight`` in [-1, 1]; a trigger with no
operator in scope is ``neutral`` (score 0): the actor talked about the issue without
taking a side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lang import en
from .lexicon import Lexicon, load_lexicon

__all__ = ["Judgement", "classify", "classify_text"]

# a copula right after the trigger, or after a short prepositional phrase ("lifting the
# embargo on China would be ..."): the trigger is the subject of a predicate
_COPULA_RE = re.compile(
    r"^(?:\s+(?:on|of|in|for|with|from|to|against|at|up\s+to)"
    r"(?:\s+(?!(?:and|or|but|that|which|who)\b)(?:[^\s,;:.\"]|(?<=\d)[,.](?=\d))+){1,4}?)?"
    r"[\s\"']*(?P<cop>" + "|".join(re.escape(w) for w in en.items("stance_cues", "copulas"))
    + r")(?![\w])")
# "described the plans as ...": the words after "as" are a predicate of the trigger
# ... or a quotation or a bare noun phrase ("called the deal 'a dangerous mistake'")
_AS_RE = re.compile(r"^\s*(?:as\b|[\"']|an?\s)")
_DESCRIBING_RE = re.compile(
    r"\b(?:" + "|".join(re.escape(w) for w in en.items("stance_cues", "describing_verbs"))
    + r")[a-z]*\b")
_CONDITIONAL_RE = re.compile(
    r"\b(" + "|".join(re.escape(w) for w in en.items("stance_cues", "conditional_openers"))
    + r")\b")


def _prefix_re(key: str) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in en.items("stance_cues", key))
                      + r")")


_CONSEQUENCE_NEG = _prefix_re("consequences_negative")
_CONSEQUENCE_POS = _prefix_re("consequences_positive")
_COORDINATED = re.compile(r"\s*(?:,\s*(?:and|or)?|and|or)\s*")
#: operator classes read only in predicate position (after a copula or "as")
EVALUATIVE = ("eval_pos", "eval_neg")
#: the operator classes that end the reading of a predicate
_HEADS = ("support", "oppose", "reverse", "expect_neg") + EVALUATIVE

BASE = 0.5
BARE_NEGATION = 0.25
SUPPORT = 0.7
OPPOSE = 0.8
STRONG = 0.9
ENDORSE = 0.45
HEDGE_FACTOR = 0.6
EXPECT_FACTOR = 0.8


@dataclass
class Judgement:
    """Result of :func:`classify`."""

    label: str  # support | oppose | neutral
    score: float  # in [-1, 1]
    operators: list[tuple[str, str]]  # (class, matched text) in order


_PARTICIPLE_BREAK = re.compile(r",\s+(?:[a-z]+ing)\b")


def _scope_start(text: str, pos: int, lex: Lexicon, lo: int) -> int:
    start = lo
    for b in lex.breaks:
        k = text.rfind(b, lo, pos)
        if k >= 0 and k + len(b) <= pos:
            start = max(start, k + len(b))
    # ", saying/telling/suggesting ..." starts a new clause
    for m in _PARTICIPLE_BREAK.finditer(text, start, pos):
        start = max(start, m.start() + 1)
    return start


def _scope_end(text: str, pos: int, lex: Lexicon, hi: int) -> int:
    end = hi
    for b in lex.breaks:
        k = text.find(b, pos, hi)
        if k >= 0:
            end = min(end, k)
    for b in (".", "!", "?"):
        k = text.find(b, pos, hi)
        if k >= 0:
            end = min(end, k)
    return end


def _operators(text: str, a: int, b: int, lex: Lexicon,
               exclude: list[tuple[int, int]]) -> list[tuple[int, str, str]]:
    found: list[tuple[int, int, str, str]] = []
    for cls, rx in lex.classes.items():
        for m in rx.finditer(text, a, b):
            if any(x < m.end() and m.start() < y for x, y in exclude):
                continue
            found.append((m.start(), m.end(), cls, m.group(0)))
    # a longer match wins over a shorter one that it contains ("not rule out" > "not")
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[tuple[int, str, str]] = []
    last_end = -1
    for s, e, cls, word in found:
        if s < last_end:
            # same span can be in two classes (e.g. "committed": support + strong)
            if out and out[-1][0] == s and out[-1][2] == word:
                out.append((s, cls, word))
            continue
        out.append((s, cls, word))
        last_end = e
    return out


def _conditional(text: str, trig_start: int, trig_end: int, sign: int, weight: float,
                 start: int, hi: int, exclude: list[tuple[int, int]],
                 lex: Lexicon) -> Judgement | None:
    """A trigger inside a conditional clause ("if we reject this treaty, Britain will be
    isolated"): the hypothesis is read on the clause (a bare mention is the issue itself)
    and the speaker is against it when the consequence is bad, for it when it is good;
    no consequence either way is no stance. ``None`` when the trigger is not in a
    conditional clause."""
    opener = None
    for m in _CONDITIONAL_RE.finditer(text, start, trig_start):
        opener = m
    if opener is None or any(c in text[opener.end():trig_start] for c in ",;:"):
        return None
    cond_end = hi
    for c in (",", ";", ".", " then "):
        k = text.find(c, trig_end, hi)
        if k >= 0:
            cond_end = min(cond_end, k)
    inner = classify(text, trig_start, trig_end, sign, weight, lo=opener.end(), hi=cond_end,
                     exclude=exclude, lexicon=lex, conditional=False)
    hypothesis = (1 if inner.score > 0 else -1) if inner.score else (1 if sign >= 0 else -1)
    if opener.group(1) == "unless":
        hypothesis = -hypothesis
    consequence = text[start:opener.start()] + " " + text[cond_end:hi]
    bad = len(_CONSEQUENCE_NEG.findall(consequence))
    good = len(_CONSEQUENCE_POS.findall(consequence))
    trace = [("conditional", opener.group(1))] + inner.operators
    if bad == good:
        return Judgement("neutral", 0.0, trace)
    polarity = -hypothesis if bad > good else hypothesis
    score = round(max(-1.0, min(1.0, polarity * SUPPORT * weight)), 4)
    return Judgement("support" if score > 0 else "oppose", score, trace)


_CONTRAST_RE = re.compile(r"\s*,?\s*but\s+(?!also\b|not\b|only\b)")
# what may stand between the negator and the trigger of a contrastive negation
_CONTRAST_GAP = re.compile(r"\s*(?:(?:more|any|the|a|an|further|new|another|tougher|"
                           r"stricter)\s+)*")


def _contrast(text: str, trig_start: int, trig_end: int,
              ops: list[tuple[int, str, str]]) -> bool:
    """A contrastive negation "not X but Y": a negator right before the trigger (past
    determiners and quantifiers only: "not more gun control", not "did not mention")
    and "but" right after it (the "but" ends the actor's clause, so it is looked for
    past the clause's end)."""
    negs = [p + len(w) for p, c, w in ops if c == "negators" and p < trig_start]
    if not negs or _CONTRAST_GAP.match(text, negs[-1], trig_start).end() != trig_start:
        return False
    return _CONTRAST_RE.match(text, trig_end) is not None


def classify(text: str, trig_start: int, trig_end: int, sign: int = 1, weight: float = 1.0,
             *, lo: int = 0, hi: int | None = None, exclude: list[tuple[int, int]] | None = None,
             lexicon: Lexicon | None = None, conditional: bool = True) -> Judgement:
    """Stance of ``text`` toward the trigger at ``text[trig_start:trig_end]``.

    Parameters
    ----------
    text : str
        Normalised, lower-cased text of the clause (or quotation).
    trig_start, trig_end : int
        The trigger span in ``text``.
    sign, weight
        The trigger's sign (+1/-1) and weight (0..1) from the issue registry.
    lo, hi : int
        Limits of the actor's clause inside ``text``: operators before ``lo`` (another
        speaker's words) are ignored.
    exclude : list of (start, end)
        Spans whose words are not operators (other triggers).
    lexicon : Lexicon, optional
        Defaults to the bundled lexicon.
    conditional : bool, default True
        Read a trigger inside an "if" / "unless" clause as a hypothesis judged by its
        consequence (see :func:`_conditional`).
    """
    lex = lexicon or load_lexicon()
    hi = len(text) if hi is None else hi
    exclude = list(exclude or []) + [(trig_start, trig_end)]
    start = _scope_start(text, trig_start, lex, lo)
    if conditional:
        cond = _conditional(text, trig_start, trig_end, sign, weight, start, hi, exclude, lex)
        if cond is not None:
            return cond
    ops = [op for op in _operators(text, start, trig_start, lex, exclude)
           if op[1] not in EVALUATIVE]
    after = trig_end
    app = re.match(r",[^,.;]{1,70},", text[trig_end:hi])  # ", led by X and Y, would ..."
    if app:
        after = trig_end + app.end()
    cop = _COPULA_RE.match(text[after:hi])
    if cop is not None or (_AS_RE.match(text[after:hi])
                           and _DESCRIBING_RE.search(text, start, trig_start)):
        if cop is not None:
            after += cop.start("cop")
        end = _scope_end(text, after, lex, hi)
        post = _operators(text, after, min(end, after + 80), lex, exclude)
        # an evaluative predicate is the head ("would send the wrong signal"); else up to
        # the first content operator: negators/modals, then the head
        heads = EVALUATIVE if any(op[1] in EVALUATIVE for op in post) else _HEADS
        for op in post:
            if op[1] in heads:
                ops.append(op)
                break
            if op[1] not in _HEADS:
                ops.append(op)
    # operators inside the trigger ("could send troops", "troops would not be sent")
    inner = _operators(text, trig_start, trig_end, lex, [])
    # a verb inside the trigger, not its head noun ("send troops", not "military support")
    inner_stance = any(c in ("support", "oppose", "reverse") and p + len(w) < trig_end - 1
                       for p, c, w in inner)
    ops += [op for op in inner if op[1] == "negators"]
    ops.sort(key=lambda o: o[0])
    polarity = 1 if sign >= 0 else -1
    strength = BASE
    stance = False
    hedged = False
    negs = 0
    trace: list[tuple[str, str]] = []
    flip_end = -1  # end of the last oppose / reverse verb
    for i, (pos, cls, word) in enumerate(ops):
        w = word.lower()
        co = _COORDINATED.match(text, flip_end, pos) if flip_end >= 0 else None
        if cls in ("oppose", "reverse") and co is not None and co.end() == pos:
            # "repeal and replace the law": coordinated verbs share one object
            strength = max(strength, OPPOSE if cls == "oppose" else SUPPORT)
            trace.append((cls, word))
            continue
        if cls in ("oppose", "reverse"):
            flip_end = pos + len(word)
        if cls == "negators":
            if w == "not" and text[pos:pos + 9].startswith("not only"):
                continue
            if w in ("nor", "neither") and negs:
                continue  # continues an earlier negation
            negs += 1
            polarity = -polarity
            stance = True
        elif cls in ("oppose", "reverse"):
            polarity = -polarity
            stance = True
            strength = max(strength, OPPOSE if cls == "oppose" else SUPPORT)
        elif cls == "expect_neg":
            polarity = -polarity
            stance = True
            strength *= EXPECT_FACTOR
        elif cls == "eval_neg":
            polarity = -polarity
            stance = True
            strength = max(strength, OPPOSE)
        elif cls in ("support", "eval_pos"):
            stance = True
            strength = max(strength, SUPPORT)
        elif cls == "strong":
            stance = True
            strength = max(strength, STRONG)
        elif cls == "hedges":
            hedged = True
        elif cls == "endorse_mods":
            # only an adjective right before the trigger endorses it
            if trig_start - pos <= len(word) + 25:
                stance = True
                strength = max(strength, ENDORSE)
        trace.append((cls, word))
    if inner_stance:
        # a trigger that carries its own verb ("send troops", "halted aid", "lift
        # sanctions") is a stance by itself; its sign already encodes a reversal
        stance = True
        strength = max(strength, SUPPORT)
    if not stance:
        return Judgement("neutral", 0.0, trace)
    contrast = negs and _contrast(text, trig_start, trig_end, ops)
    if contrast:
        # "the answer is not more gun control but better vetting": X is set aside for Y
        strength = max(strength, SUPPORT)
    elif negs and not inner_stance and not any(
            c in ("support", "oppose", "reverse", "strong", "expect_neg") + EVALUATIVE
            for c, _w in trace):
        # a bare negation with no stance verb or modal ("without X is ...", "no X") is
        # weak evidence: its scope is often not the trigger
        strength = BARE_NEGATION
    if hedged:
        strength *= HEDGE_FACTOR
    score = max(-1.0, min(1.0, polarity * strength * weight))
    label = "support" if score > 0 else "oppose" if score < 0 else "neutral"
    return Judgement(label, round(score, 4), trace)


def classify_text(text: str, issue, *, lexicon: Lexicon | None = None) -> Judgement:
    """Classify a whole (normalised) text toward ``issue``: the strongest trigger wins.

    Parameters
    ----------
    text : str
        Any text; it is normalised and lower-cased here.
    issue : Issue
        From :func:`analytics.stance.load_issues`.
    """
    from ..text import normalize

    low = normalize(text).lower()
    hits = issue.find(low)
    if not hits:
        return Judgement("neutral", 0.0, [])
    spans = [(a, b) for a, b, _ in hits]
    best = None
    for a, b, term in hits:
        j = classify(low, a, b, term.sign, term.weight, exclude=spans, lexicon=lexicon)
        if best is None or abs(j.score) > abs(best.score):
            best = j
    return best  # type: ignore[return-value]
