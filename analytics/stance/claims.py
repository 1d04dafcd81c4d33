"""Claims without an issue list: who supports or opposes what, in the corpus's words.

A claim is an actor (the subject of a stance verb: "Howard rejected the asylum quota",
"Kennedy backed the constitution") with the object of that verb as a normalised phrase
and a polarity: +1 for a support verb ("back", "welcome", "defend"), -1 for an oppose or
reverse verb ("reject", "ridicule", "scrap"), flipped by a negation between subject and
verb ("did not back"). Only the actor's own verb counts: a subject inside another
speaker's quotation or reported clause ("Blair said the Tory leader had backed ..."),
after a preposition, or in a subordinate clause ("if Britain rejected ...") is not a
claimant. The object ends before a time or place adjunct ("rejected the bill on
Monday"). This is the corpus-driven view of the discourse-network approach;
:func:`analytics.stance.concept_tables` groups the objects into concepts and builds the
actor x concept network.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

import pandas as pd

from ..actors.registry import ActorRegistry
from ..lang import en
from . import clauses
from .lexicon import Lexicon, load_lexicon
from .subjects import actor_info, index_documents, sentence_subjects

__all__ = ["CLAIM_COLUMNS", "claims_table"]

#: the columns of :func:`claims_table`
CLAIM_COLUMNS = ["actor", "object", "polarity", "verb", "doc_id", "sent_id", "text"]

_PARTICLE_RE = re.compile(r"\s*(?:(?:to|for|on|of|with|against)\b)?\s*")
_DETERMINERS = frozenset(("the", "a", "an", "any", "all", "its", "his", "her", "their",
                          "this", "that", "these", "those", "such"))
_OBJECT_END_RE = re.compile(r"[,;:.!?\"()]|\s(?:and|but|or|because|as|after|before|while|"
                            r"which|who|that|when|if|saying|arguing|calling|will|would|"
                            r"could|should|must|can|may|might|is|are|was|were|has|have|"
                            r"had)\s")
_WORD_RE = re.compile(r"[a-z0-9][a-z0-9'\-]*")
_NEGATION_RE = re.compile(r"\b(?:not|never|no longer)\b|n't\b")
_MAX_OBJECT_WORDS = 6
#: words that cannot end an object phrase cut at six words ("quota on")
_TRAILING = frozenset(("on", "for", "of", "to", "in", "with", "against", "at", "by", "from",
                       "into", "over", "about"))
#: words that open a time or place adjunct when an adjunct word follows ("on Monday")
_ADJUNCT_OPENERS = frozenset(("on", "in", "at", "during", "this", "last", "next"))


_CLAUSE_OPENERS = frozenset(("that", "he", "she", "they", "it", "we", "i", "you", "to"))


def _object(low: str, start: int, sign: int, lex: Lexicon) -> tuple[str, int]:
    """The object phrase after a verb ending at ``start`` (up to a clause break, at most
    six words, determiners dropped, cut before a time or place adjunct: "on Monday",
    "in the Commons") and the polarity: a second stance verb ("vowed to
    tear up the deal") acts on the first; a complement clause ("said that ...") is no
    object."""
    pos = _PARTICLE_RE.match(low, start).end()
    first = _WORD_RE.match(low, pos)
    if first is not None and first.group(0) in _CLAUSE_OPENERS:
        return "", sign
    for cls, second in (("oppose", -1), ("reverse", -1), ("support", 1)):
        rx = lex.classes.get(cls)
        m = rx.match(low, pos) if rx is not None else None
        if m is not None:
            sign *= second
            pos = _PARTICLE_RE.match(low, m.end()).end()
            break
    stop = _OBJECT_END_RE.search(low, pos)
    words = _WORD_RE.findall(low[pos:stop.start() if stop else len(low)])
    words = [w for w in words if w not in _DETERMINERS]
    adjuncts = _adjuncts()
    for i, w in enumerate(words[:-1]):
        if w in _ADJUNCT_OPENERS and words[i + 1] in adjuncts:
            words = words[:i]
            break
    words = words[:_MAX_OBJECT_WORDS]
    while words and words[-1] in _TRAILING:
        words.pop()
    return " ".join(words), sign


@lru_cache(maxsize=1)
def _adjuncts() -> frozenset[str]:
    return en.words("stance_concepts", "adjuncts")


def _polarity(word: str, lex: Lexicon) -> int:
    for cls, sign in (("oppose", -1), ("reverse", -1), ("support", 1)):
        rx = lex.classes.get(cls)
        if rx is not None and rx.fullmatch(word):
            return sign
    return 0


def claims_table(sentences: pd.DataFrame, mentions: pd.DataFrame | None,
                 quotes: pd.DataFrame | None = None, *,
                 registry: ActorRegistry | None = None, countries: bool = True,
                 lexicon: Lexicon | str | None = None) -> pd.DataFrame:
    """The claims of each actor: (actor, object phrase, polarity) with the evidence.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The ``sentences`` table.
    mentions : pandas.DataFrame or None
        The ``mentions`` table.
    quotes : pandas.DataFrame, optional
        The ``quotes`` table: subjects inside a quotation (other than an office's) are
        not claimants.
    registry : ActorRegistry, optional
        The actor registry of the mentions (bundled by default).
    countries : bool, default True
        Countries named as subjects are actors too.
    lexicon : Lexicon or str, optional
        The stance lexicon (bundled by default); its support, oppose and reverse verbs
        make claims.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`CLAIM_COLUMNS`, one row per claim, in text order.
    """
    from .evidence import _actor_registry

    if lexicon is None or isinstance(lexicon, (str, os.PathLike)):
        lexicon = load_lexicon(None if lexicon is None else str(lexicon))
    if sentences is None or not len(sentences):
        return pd.DataFrame(columns=CLAIM_COLUMNS)
    info = actor_info(_actor_registry(registry), countries=countries)
    docs, has_pronouns = index_documents(sentences, mentions, quotes)
    rows = []
    for doc in docs:
        for idx, rec in enumerate(doc.sentences):
            low = doc.lows[idx]
            s0 = int(rec["start"])
            quoted = [(int(q["start"]) - s0, int(q["end"]) - s0) for q in doc.quotes
                      if q.get("speaker_kind") != "office"]
            reported_until = -1  # another subject's reported clause runs to here
            for ss, se, actor, person in sentence_subjects(
                    doc, idx, info, resolve_pronouns=not has_pronouns):
                end = clauses.possessive_end(low, se)
                if end is None or clauses.after_preposition(low, ss) or any(
                        a <= ss < b for a, b in quoted) or clauses.is_subordinate(low, ss):
                    continue
                verb = clauses.find_verb(low, end, len(low), person)
                if verb is None:
                    continue
                if ss < reported_until:
                    continue  # "Blair said the Tory leader had backed ...": not a claim
                if clauses.is_speech(low, verb[0], verb[1]):
                    reported_until = clauses.clause_end(low, verb[1])
                sign = _polarity(low[verb[0]:verb[1]].strip(), lexicon)
                if not sign:
                    continue
                obj, sign = _object(low, verb[1], sign, lexicon)
                if not obj:
                    continue
                if _NEGATION_RE.search(low, end, verb[0]):
                    sign = -sign
                rows.append({"actor": actor, "object": obj, "polarity": sign,
                             "verb": low[verb[0]:verb[1]].strip(), "doc_id": doc.doc_id,
                             "sent_id": rec["sent_id"], "text": str(rec["text"]).strip()})
    return pd.DataFrame(rows, columns=CLAIM_COLUMNS)
