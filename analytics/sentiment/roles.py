"""Who evaluates whom: the role of each actor mention in its sentence.

A mention of a person is one of

- ``"source"``: the person evaluates or speaks: the subject of an evaluative or speech
  verb ("*Starmer* accused Putin", "*Obama* on Tuesday praised Romney", "..., said
  *Starmer*"), the agent of a passive ("Putin was accused by *Starmer*") or the source
  of a report ("according to *Starmer*");
- ``"target"``: the person is evaluated: the object of an evaluative verb ("Starmer
  accused *Putin*"), the subject of a passive evaluation ("*Putin* was accused") or the
  object of an evaluation noun ("criticism of *Putin*");
- ``"present"``: neither (merely mentioned, or the subject of an ordinary verb).

A leader's *portrayal* (the tone toward them) is read from target and present rows; a
source row says what the person said or did to someone else, not how they are shown.

The rules read plain tokens (no parser) with the verb lists of
``analytics/lang/en/tone_roles.yaml``. :func:`speech_acts` returns, per sentence, the
acts found (source mention, verb, verb class, target mentions), which
:mod:`analytics.sentiment.relations` turns into who-criticises-whom rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from ..lang import en
from ..text import normalize
from .tokens import tokenize

__all__ = ["ROLES", "SpeechAct", "mention_roles", "speech_acts", "source_context"]

#: the values of the ``role`` column of table ``tone``
ROLES = ("target", "source", "present")

_KIND = "tone_roles"
NEGATIVE = en.words(_KIND, "negative")
POSITIVE = en.words(_KIND, "positive")
SPEECH = en.words(_KIND, "speech")
NEUTRAL_OBJECTS = en.words(_KIND, "neutral_objects")
SUBJECT_GAP = en.words(_KIND, "subject_gap")
NEGATIONS = en.words(_KIND, "negations")
ACCORDING = en.words(_KIND, "according")
EVAL_NOUNS = en.words(_KIND, "evaluation_nouns")
EVAL_PREPS = en.words(_KIND, "evaluation_preps")
CLAUSE_BREAKS = en.words(_KIND, "clause_breaks")
BE = en.words("sentiment_cues", "be_forms")
VERBS = NEGATIVE | POSITIVE | SPEECH
_OPEN_QUOTES = frozenset(['"', "\u201c", "\u201d", "'", "\u2018", "\u2019"])
_CLOSERS = frozenset([".", ";", ":", "!", "?", "(", ")"])
_MAX_APPOSITION = 12
#: clause openers that end an apposition ("and" / "or" may sit inside one)
_APPOSITION_BREAKS = CLAUSE_BREAKS - {"and", "or"}


def verb_class(word: str) -> str:
    """``"negative"``, ``"positive"``, ``"speech"`` or ``""`` for a lower-cased token."""
    if word in NEGATIVE:
        return "negative"
    if word in POSITIVE:
        return "positive"
    if word in SPEECH:
        return "speech"
    return ""


@dataclass
class SpeechAct:
    """One evaluation or statement found in a sentence.

    Attributes
    ----------
    source : int
        Index (into the spans given) of the mention that evaluates or speaks.
    verb : str
        The verb, lower case.
    verb_class : str
        ``"negative"``, ``"positive"`` or ``"speech"``.
    verb_start : int
        Character offset of the verb in the sentence.
    targets : list of int
        Indices of the mentions it is directed at (objects, or the subject of a passive).
    passive : bool
        The source is the agent of a passive ("was accused by <source>").
    negated : bool
        A negation sits between the source and the verb ("did not criticise").
    """

    source: int
    verb: str
    verb_class: str
    verb_start: int
    targets: list = field(default_factory=list)
    passive: bool = False
    negated: bool = False


def _tokens(text: str):
    toks = tokenize(normalize(str(text)))
    return [t[0].lower() for t in toks], [t[1] for t in toks], [t[2] for t in toks]


def _possessive(text: str, end: int) -> bool:
    """The mention ending at ``end`` is a possessor ("Putin's", "Putin’s", "Jones'")."""
    nxt = text[int(end):int(end) + 2]
    return nxt[:1] in ("'", "\u2019") and (nxt[1:2] in ("s", "") or not nxt[1:2].isalpha())


def _span_tokens(starts, ends, span) -> tuple[int, int]:
    """First and last token index inside ``span`` (-1, -1 when none)."""
    s, e = span
    idx = [i for i, (a, b) in enumerate(zip(starts, ends)) if b > s and a < e]
    return (idx[0], idx[-1]) if idx else (-1, -1)


def _owner(pos: int, tok_spans: list) -> int:
    """Index of the mention covering token ``pos`` (-1 when none)."""
    for k, (a, b) in enumerate(tok_spans):
        if a <= pos <= b:
            return k
    return -1


def _skip_apposition(low: list, j: int, tok_spans: list) -> int:
    """After ", the French president," return the index past the closing comma."""
    if j < len(low) and low[j] == ",":
        for k in range(j + 1, min(len(low), j + 1 + _MAX_APPOSITION)):
            w = low[k]
            if w == ",":
                return k + 1
            if w in VERBS or w in _CLOSERS or w in _APPOSITION_BREAKS or _owner(k, tok_spans) >= 0:
                return j
    return j


def _verb_after(low: list, j: int, tok_spans: list) -> tuple[int, bool]:
    """The evaluative or speech verb that the words from ``j`` on begin with, allowing
    auxiliaries, adverbs and time phrases between; ``(-1, False)`` when there is none.
    The flag says a negation was crossed."""
    j = _skip_apposition(low, j, tok_spans)
    # a coordinated subject: "Merkel and Macron criticised"
    while j + 1 < len(low) and low[j] in ("and", "&") and _owner(j + 1, tok_spans) >= 0:
        j = tok_spans[_owner(j + 1, tok_spans)][1] + 1
    negated = False
    for k in range(j, min(len(low), j + 7)):
        w = low[k]
        if _owner(k, tok_spans) >= 0:
            return -1, False
        if w in VERBS:
            # "X has been accused": "been" before it makes it passive, not active
            if k > 0 and low[k - 1] in BE:
                return -1, False
            return k, negated
        if w in NEGATIONS:
            negated = True
            continue
        if w in SUBJECT_GAP or w.endswith("ly"):
            continue
        return -1, False
    return -1, False


def _passive_agent(low: list, t0: int) -> int:
    """For a mention preceded by "by" (after an evaluative participle), the verb index."""
    k = t0 - 1
    while k >= 0 and low[k] in ("the", "a", "an", "former", "president", "prime",
                                "minister", "leader", "senator", "mr", "mrs", "ms", "."):
        k -= 1
    if k < 0 or low[k] != "by":
        return -1
    for v in range(k - 1, max(-1, k - 5), -1):
        w = low[v]
        if w in NEGATIVE or w in POSITIVE:
            return v
        if w in _CLOSERS or w == ",":
            return -1
    return -1


def _inverted_say(low: list, t0: int) -> int:
    """"..., said Starmer": the speech verb right before the mention, after a comma or a
    quotation mark; ``according to <t>``. Returns the verb index or -1."""
    k = t0 - 1
    while k >= 0 and low[k] in ("the", "a", "an", "mr", "mrs", "ms", "dr", "."):
        k -= 1
    if k >= 1 and low[k] == "to" and low[k - 1] in ACCORDING:
        return k - 1
    if k >= 1 and low[k] in SPEECH and (low[k - 1] in (",",) or low[k - 1] in _OPEN_QUOTES):
        return k
    return -1


def _object_verb(low: list, t0: int) -> int:
    """The evaluative verb whose object the mention is ("accused <t>", "praised the
    <t>"), or the evaluation noun ("criticism of <t>"); the index or -1."""
    k = t0 - 1
    while k >= 0 and low[k] in ("the", "a", "an", "former", "mr", "mrs", "ms", "dr",
                                "president", "prime", "minister", "his", "her", "their",
                                "its", "rival", "opponent", "leader", "senator", "."):
        k -= 1
    if k < 0:
        return -1
    w = low[k]
    if w in NEGATIVE or w in POSITIVE:
        return k
    if w in EVAL_PREPS and k >= 1 and low[k - 1] in EVAL_NOUNS:
        return k - 1
    return -1


def _passive_subject(low: list, t1: int) -> int:
    """"<t> was accused", "<t> has been criticised": the participle's index or -1."""
    k = t1 + 1
    saw_be = False
    for _ in range(4):
        if k >= len(low):
            return -1
        w = low[k]
        if w in BE:
            saw_be = True
        elif w in ("has", "have", "had", "also", "again", "repeatedly", "widely",
                   "not", "never", "being", "recently"):
            pass
        elif saw_be and (w in NEGATIVE or w in POSITIVE):
            return k
        else:
            return -1
        k += 1
    return -1


def speech_acts(text: str, spans: Sequence[tuple[int, int]]) -> tuple[list[str], list[SpeechAct]]:
    """Roles of the mentions of one sentence and the evaluations or statements in it.

    Parameters
    ----------
    text : str
        The sentence.
    spans : sequence of (int, int)
        Character offsets (end exclusive) of the actor mentions in ``text``.

    Returns
    -------
    roles : list of str
        One of :data:`ROLES` per span, in order.
    acts : list of SpeechAct
        The evaluations or statements whose source is one of the mentions.

    Examples
    --------
    >>> s = "Starmer accused Putin of playing games."
    >>> speech_acts(s, [(0, 7), (16, 21)])[0]
    ['source', 'target']
    >>> speech_acts("Putin was accused by Starmer of lying.", [(0, 5), (21, 28)])[0]
    ['target', 'source']
    """
    norm = normalize(str(text))
    low, starts, ends = _tokens(norm)
    tok_spans = [_span_tokens(starts, ends, s) for s in spans]
    roles = ["present"] * len(spans)
    acts: list[SpeechAct] = []
    if not low:
        return roles, acts
    # the patients first: object of an evaluative verb, subject of a passive
    for k, (t0, t1) in enumerate(tok_spans):
        if t0 < 0:
            continue
        if _object_verb(low, t0) >= 0 or _passive_subject(low, t1) >= 0:
            roles[k] = "target"
    for k, (t0, t1) in enumerate(tok_spans):
        if t0 < 0:
            continue
        if _possessive(norm, spans[k][1]):
            continue  # "Putin's spokesman said": Putin is not the speaker
        v = _passive_agent(low, t0)
        passive = v >= 0
        negated = False
        if not passive:
            v = _inverted_say(low, t0)
        if v < 0:
            v, negated = _verb_after(low, t1 + 1, tok_spans)
        if v < 0:
            continue
        roles[k] = "source"
        act = SpeechAct(source=k, verb=low[v], verb_class=verb_class(low[v]),
                        verb_start=int(starts[v]), passive=passive, negated=negated)
        act.targets = _act_targets(low, v, k, tok_spans, passive)
        acts.append(act)
    return roles, acts


def _act_targets(low: list, v: int, source: int, tok_spans: list, passive: bool) -> list:
    """Mentions an act at verb ``v`` is directed at: for an active verb the mentions of
    its clause after it, for a passive the mentions before the verb in its clause."""
    out = []
    if passive:
        a = v
        while a > 0 and low[a - 1] not in _CLOSERS and low[a - 1] not in CLAUSE_BREAKS:
            a -= 1
        for k, (t0, _t1) in enumerate(tok_spans):
            if k != source and t0 >= 0 and a <= t0 < v:
                out.append(k)
        return out
    b = v + 1
    while b < len(low) and low[b] not in (".", ";", "!", "?"):
        b += 1
    for k, (t0, _t1) in enumerate(tok_spans):
        if k != source and t0 > v and t0 < b:
            out.append(k)
    return out


def mention_roles(text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
    """The role (``"target"``, ``"source"`` or ``"present"``) of each mention of a sentence.

    See :func:`speech_acts` (same arguments).
    """
    return speech_acts(text, spans)[0]


def source_context(text: str, span: tuple[int, int], act: SpeechAct | None) -> tuple[str, tuple[int, int]]:
    """The part of a sentence that portrays the source of an act, and the span in it.

    For an active subject, the sentence up to its verb ("Trump, the disgraced former
    president, attacked Biden" -> "Trump, the disgraced former president."); for a
    passive agent or an inverted speaker, the mention alone. What the source says or
    does to others is left out: it is not how the source is portrayed.
    """
    s, e = int(span[0]), int(span[1])
    text = str(text)
    if act is None or act.passive or act.verb_start <= s:
        return text[s:e] + ".", (0, e - s)
    head = text[:act.verb_start].rstrip(" ,;:-\u2013\u2014")
    return head + ".", (s, e)
