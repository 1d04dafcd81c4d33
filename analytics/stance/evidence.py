"""Stance evidence: who says or does what about which issue.

Evidence comes from three places, sentence by sentence, only where an issue trigger
occurs (``issues.yaml``; generic anaphors such as "the deal" count when the issue was
named in the same or the previous two sentences):

``quote``
    A direct quotation (``quotes`` table, ``kind == "direct"``) attributed to an actor:
    the triggers inside the quoted words of that sentence, classified on the quoted
    words. Partial quotations are read as part of the reported clause around them.

``reported`` (subjects)
    An actor who is the grammatical subject of a speech or action verb: a mention
    (from ``mentions``: names, roles, resolved pronouns), not possessive, followed —
    after auxiliaries, adverbs, negators and an optional appositive ("X, the minister,
    said") — by a verb of the speech-verb lexicon or the stance lexicon (or, for a
    person, any -ed/-s verb form); see :mod:`analytics.stance.clauses`. The actor's
    clause runs from the subject to the end of the sentence or the next clause break
    (", but", ";"); triggers in it are classified on it. When the clause after the verb
    is short and the triggers come before the subject ("Ukraine is on a path to NATO,
    Starmer said"; "an initiative Russia has dismissed"), the fronted content is
    classified with the verb phrase. Countries named as subjects ("Russia insists",
    "Kyiv rejects") are actors too (``countries=True``; the actor is the registry's
    scope key, e.g. ``Russia``, ``Ukraine``). A subject inside a quotation only counts
    when the quotation comes from an office or spokesperson (``speaker_kind ==
    "office"``), who report what the leader said or did; otherwise the words belong to
    the speaker.

``reported`` (passive agents)
    The agent of a stance participle after a trigger ("a ceasefire deal being pushed
    by Trump").

A speaker's reported clause ends where another party states a position of its own
("Blair told MPs the Tory leader had backed identity cards": neither Blair's stance
nor, in Blair's words, the Tory leader's), or at a third party ("critics who ...").
An anaphor several issues claim ("the plans") goes to the issue named last. Evidence
that does not count toward a stance keeps a ``note``: ``weak`` (``|score| <
WEAK_SCORE``) or ``off_story`` (the document names nothing of the issue list's
``story``).

Each piece is classified with :func:`analytics.stance.classify.classify`; the stance
table (:func:`analytics.stance.table.stance_table`) aggregates them.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from ..actors.registry import ActorRegistry
from ..schema import conform, empty
from . import clauses
from .judge import Hit, agent_judgement, best_hit, judge_clause
from .lexicon import Lexicon, load_lexicon
from .registry import Issue, IssueRegistry, load_issues
from .subjects import ActorInfo, DocIndex, Subject, actor_info, index_documents, sentence_subjects

__all__ = ["stance_evidence"]

#: evidence weaker than this (a bare negation, a hedged endorsement) is kept in the
#: evidence table with the note ``weak`` but does not count toward a stance
WEAK_SCORE = 0.3

_AGENT_RE = re.compile(r"\b([a-z]+(?:ed|en|wn))\s+by\s+(?:the\s+)?(?:[a-z.]+\s+){0,3}$")


@dataclass
class _Sentence:
    """One sentence with issue triggers, and the evidence already taken from it."""

    doc: DocIndex
    idx: int
    hits: dict[str, list[Hit]]
    done: set[tuple[str, str]] = field(default_factory=set)

    @property
    def rec(self) -> dict:
        return self.doc.sentences[self.idx]

    @property
    def low(self) -> str:
        return self.doc.lows[self.idx]

    @property
    def start(self) -> int:
        return int(self.rec["start"])

    @property
    def end(self) -> int:
        return int(self.rec["end"])

    @property
    def spans(self) -> list[tuple[int, int]]:
        """Every trigger hit of the sentence (excluded as operators of each other)."""
        return [(a, b) for h in self.hits.values() for a, b, *_ in h]

    def row(self, actor: str, issue: str, source: str, label: str, score: float, text: str,
            hit: Hit | None, a: int, b: int) -> dict:
        self.done.add((actor, issue))
        return {
            "actor": actor, "issue": issue, "doc_id": self.doc.doc_id,
            "sent_id": self.rec["sent_id"], "source": source, "label": label,
            "score": float(score), "text": text, "trigger": hit[4] if hit else "",
            "start": int(a), "end": int(b),
        }


# ------------------------------------------------------------------------- triggers
def _hits(issue: Issue, low: str, prev_lows: list[str], prev_hit: bool) -> list[Hit]:
    """Trigger hits of ``issue`` in a sentence; anaphors only in context (the issue named
    in this or the previous two sentences)."""
    out = [(a, b, t.sign, t.weight, t.pattern) for a, b, t in issue.find(low)]
    if issue.anaphors:
        ana = issue.find_anaphors(low)
        if ana and (out or prev_hit or issue.in_context(" ".join(prev_lows + [low]))):
            taken = [(a, b) for a, b, *_ in out]
            for a, b, t in ana:
                if not any(x < b and a < y for x, y in taken):
                    out.append((a, b, 1, 0.8 * t.weight, t.pattern))
    return out


def _is_anaphor(issue: Issue, pattern: str) -> bool:
    return any(t.pattern == pattern for t in issue.anaphors)


def _issue_hits(issues: IssueRegistry, lows: list[str], idx: int,
                seen_at: dict[str, int]) -> dict[str, list[Hit]]:
    """Hits of every issue in sentence ``idx``; updates ``seen_at`` (issue -> last
    sentence naming it with a term, not an anaphor)."""
    out: dict[str, list[Hit]] = {}
    low = lows[idx]
    named: dict[str, int] = {}  # issue -> where its last term in this sentence starts
    for iss in issues:
        prev_hit = idx - seen_at.get(iss.id, -99) <= 2
        h = _hits(iss, low, lows[max(0, idx - 2):idx], prev_hit)
        if h:
            out[iss.id] = h
            terms = [a for a, _b, _s, _w, pat in h if not _is_anaphor(iss, pat)]
            if terms:
                named[iss.id] = max(terms)
    # an anaphor ("the plans") several issues claim is the issue named last before it
    claims: dict[tuple[int, int], list[str]] = {}
    for iid, h in out.items():
        iss = issues.get(iid)
        for a, b, _s, _w, pat in h:
            if iss is not None and _is_anaphor(iss, pat):
                claims.setdefault((a, b), []).append(iid)
    for (a, b), iids in claims.items():
        if len(iids) < 2:
            continue
        def recency(iid: str) -> float:
            here = named.get(iid, -1)
            return idx + here / 10_000 if 0 <= here < a else seen_at.get(iid, -99)
        ranked = sorted(iids, key=recency, reverse=True)
        keep = ranked[0] if recency(ranked[0]) > recency(ranked[1]) else None
        for iid in iids:
            if iid != keep:
                out[iid] = [x for x in out[iid] if (x[0], x[1]) != (a, b)]
    out = {k: v for k, v in out.items() if v}
    for iid, h in out.items():
        iss = issues.get(iid)
        if iss is not None:
            seen_at[iid] = idx
    return out


# ------------------------------------------------------------------------- evidence
def _overlapping_quotes(sent: _Sentence) -> list[tuple[int, int, dict]]:
    """Quotations overlapping the sentence: (start, end) in the sentence, and the row."""
    s0, s1 = sent.start, sent.end
    out = []
    for q in sent.doc.quotes:
        qa, qb = max(int(q["start"]), s0), min(int(q["end"]), s1)
        if qa < qb:
            out.append((qa - s0, qb - s0, q))
    return out


def _quote_evidence(sent: _Sentence, quotes: list[tuple[int, int, dict]],
                    lex: Lexicon) -> list[dict]:
    """Triggers inside direct quotations attributed to a speaker."""
    rows = []
    spans = sent.spans
    for a, b, q in quotes:
        if q.get("kind") != "direct" or not q.get("speaker"):
            continue
        for iid, hits in sent.hits.items():
            best = best_hit(sent.low, hits, a, b, spans, lex)
            if best is None or (q["speaker"], iid) in sent.done:
                continue
            j, hit = best
            text = str(sent.rec["text"])[a:b].strip()
            rows.append(sent.row(q["speaker"], iid, "quote", j.label, j.score, text, hit,
                                 a + sent.start, b + sent.start))
    return rows


def _agent_evidence(sent: _Sentence, lex: Lexicon) -> list[dict]:
    """Passive agents: "a ceasefire deal being pushed by Trump"."""
    rows = []
    low, s0 = sent.low, sent.start
    for ms, _me, actor, kind in sent.doc.mentions_in(s0, sent.end):
        rel = ms - s0
        am = _AGENT_RE.search(low, max(0, rel - 40), rel)
        if am is None or am.end() != rel or kind == "pronoun":
            continue
        for iid, hits in sent.hits.items():
            if (actor, iid) in sent.done:
                continue
            j = agent_judgement(low, hits, am.start(1), am.group(1), lex)
            if j is None:
                continue
            label, score, hit = j
            rows.append(sent.row(actor, iid, "reported", label, score,
                                 str(sent.rec["text"]).strip(), hit, s0, sent.end))
    return rows


def _inside(hit: Hit, spans: list[tuple[int, int, dict]]) -> bool:
    return any(a - 1 <= hit[0] and hit[1] <= b + 1 for a, b, _q in spans)


def _direct_quote_at(direct: list[tuple[int, int, dict]], pos: int) -> dict | None:
    for a, b, q in direct:
        if a - 1 <= pos < b + 1:
            return q
    return None


def _verb_position(low: str, end: int, subjects: list[Subject],
                   actor: str = "") -> tuple[int, bool]:
    """Where the verb of a subject ending at ``end`` is looked for, and whether the
    subject is coordinated ("Starmer and Trump agreed": after the second subject). A
    name in apposition to a role of the same actor ("the shadow home secretary, David
    Davis, said") is skipped."""
    ap = re.match(r"\s*,\s*", low[end:])
    if ap is not None and actor:
        same = [x for x in subjects if x[0] == end + ap.end() and x[2] == actor]
        close = re.match(r"\s*,", low[same[0][1]:]) if same else None
        if close is not None:
            return same[0][1] + close.end(), False
    co = re.match(r"\s+and\s+(?:the\s+)?", low[end:])
    if co is None:
        return end, False
    nxt = [x for x in subjects if x[0] == end + co.end()]
    return (nxt[0][1] if nxt else end), True


def _clause_evidence(sent: _Sentence, actor: str, own_quote: dict | None,
                     direct: list[tuple[int, int, dict]], subj_start: int, verb_end: int,
                     end: int, lex: Lexicon) -> list[dict]:
    """Evidence of one subject's clause ``[subj_start, end)``, issue by issue."""
    rows = []
    exclude = sent.spans
    # words of direct quotes are their speaker's - except the office quote this subject
    # stands in ("The prime minister reiterated ...")
    others = [x for x in direct if x[2] is not own_quote]
    for iid, hits in sent.hits.items():
        if (actor, iid) in sent.done:
            continue
        own = [h for h in hits if not _inside(h, others)]
        judged = judge_clause(sent.low, own, subj_start, verb_end, end, exclude, lex)
        if judged is None:
            continue
        label, score, hit = judged
        rows.append(sent.row(actor, iid, "reported", label, score,
                             str(sent.rec["text"]).strip(), hit, sent.start, sent.end))
    return rows


def _reported_party(low: str, subjects: list[Subject], actor: str, v1: int, end: int,
                    info: ActorInfo) -> int:
    """Where a reported clause ``[v1, end)`` of ``actor`` hands over to another party:
    a different actor that states a position of its own (speech or stance verb: "Blair
    told MPs the Tory leader had backed the cards") or a third party ("Obama said
    critics who wanted to scrap the law ..."); what that party does or says is not the
    speaker's stance. The speaker's own country or party (``country`` and
    ``affiliation`` in the actor registry) is not another party ("Straw said Britain
    supported ..."); another country is one only when the speaker's are known. What the
    speaker says about the other (a passive, a predicate adjective: "Ukraine will not be
    offered ...") stays the speaker's."""
    homes = info.homes.get(actor)
    for ss, se, other, is_person in subjects:
        if ss < v1 or ss >= end or other == actor or clauses.after_preposition(low, ss):
            continue
        if not is_person and (homes is None or other in homes):
            continue  # a country: another party only when the speaker's own are known
        s_end = clauses.possessive_end(low, se)
        verb = None if s_end is None else clauses.find_verb(low, s_end, end, is_person)
        if verb is not None and clauses.takes_position(low, verb[0], verb[1]):
            end = ss
            break
    third = clauses.third_party(low, v1, end)
    return end if third is None else min(end, third)


_BUT_RE = re.compile(r",?\s*but\s+")


def _continued(sent: _Sentence, actor: str, person: bool, own_quote: dict | None,
               direct: list[tuple[int, int, dict]], end: int, lex: Lexicon) -> list[dict]:
    """A second verb phrase of the same subject after "but" ("Ryan said the House would
    look at the proposals but ruled out a vote on ...")."""
    low = sent.low
    m = _BUT_RE.match(low, end)
    if m is None:
        return []
    verb = clauses.find_verb(low, m.end(), len(low), person)
    if verb is None:
        return []
    return _clause_evidence(sent, actor, own_quote, direct, m.end(), verb[1],
                            clauses.clause_end(low, verb[1]), lex)


def _subject_evidence(sent: _Sentence, subjects: list[Subject],
                      direct: list[tuple[int, int, dict]], info: ActorInfo,
                      lex: Lexicon) -> list[dict]:
    """Evidence of the subjects of speech and action verbs."""
    rows = []
    low = sent.low
    taken_until = -1  # the reported clause of an earlier speech verb runs to here
    for ss, se, actor, person in subjects:
        se = clauses.possessive_end(low, se)
        if se is None or clauses.after_preposition(low, ss):
            continue
        q = _direct_quote_at(direct, ss)
        if q is not None and q.get("speaker_kind") != "office":
            continue
        vpos, coordinated = _verb_position(low, se, subjects, actor)
        verb = clauses.find_verb(low, vpos, len(low), person)
        if verb is None:
            continue
        if ss < taken_until and not coordinated:
            continue  # inside another actor's reported clause ("X said that Y will ...")
        v0, v1 = verb
        end = clauses.clause_end(low, v1)
        speech = clauses.is_speech(low, v0, v1)
        own_end = _reported_party(low, subjects, actor, v1, end, info) if speech else end
        rows += _clause_evidence(sent, actor, q, direct, ss, v1, own_end, lex)
        if own_end == end:
            rows += _continued(sent, actor, person, q, direct, end, lex)
        if speech:
            taken_until = max(taken_until, end)  # the rest of the clause is this actor's
    return rows


def _sentence_evidence(sent: _Sentence, info: ActorInfo, lex: Lexicon,
                       resolve_pronouns: bool) -> list[dict]:
    quotes = _overlapping_quotes(sent)
    direct = [x for x in quotes if x[2].get("kind") == "direct"]
    rows = _quote_evidence(sent, quotes, lex)
    rows += _agent_evidence(sent, lex)
    subjects = sentence_subjects(sent.doc, sent.idx, info, resolve_pronouns=resolve_pronouns)
    rows += _subject_evidence(sent, subjects, direct, info, lex)
    return rows


def _document_evidence(doc: DocIndex, issues: IssueRegistry, info: ActorInfo, lex: Lexicon,
                       resolve_pronouns: bool) -> list[dict]:
    rows: list[dict] = []
    seen_at: dict[str, int] = {}
    for idx in range(len(doc.sentences)):
        hits = _issue_hits(issues, doc.lows, idx, seen_at)
        if hits:
            rows += _sentence_evidence(_Sentence(doc, idx, hits), info, lex, resolve_pronouns)
    off_story = bool(rows) and not issues.names_story(" \n ".join(doc.lows))
    for r in rows:
        r["note"] = ("off_story" if off_story
                     else "weak" if 0 < abs(r["score"]) < WEAK_SCORE else "")
    return rows


# ------------------------------------------------------------------------- public
@lru_cache(maxsize=1)
def _bundled_actors() -> ActorRegistry:
    from ..actors.registry import load_registry

    return load_registry()


def _actor_registry(registry: ActorRegistry | None) -> ActorRegistry:
    if registry is None:
        return _bundled_actors()
    if not isinstance(registry, ActorRegistry):
        raise TypeError(f"registry must be an ActorRegistry (analytics.actors.load_registry), "
                        f"not {type(registry).__name__}")
    return registry


def _empty() -> pd.DataFrame:
    df = empty("stance_evidence")
    for c in ("trigger", "start", "end"):
        df[c] = pd.Series(dtype="object")
    return df


def stance_evidence(sentences: pd.DataFrame, mentions: pd.DataFrame | None,
                    quotes: pd.DataFrame | None, issues: IssueRegistry | str | None = None,
                    *, registry: ActorRegistry | None = None, countries: bool = True,
                    lexicon: Lexicon | str | None = None) -> pd.DataFrame:
    """Find and classify stance evidence.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The ``sentences`` table (doc_id, sent_id, para_id, start, end, text).
    mentions : pandas.DataFrame or None
        The ``mentions`` table (pronoun mentions are used as subjects when present).
    quotes : pandas.DataFrame or None
        The ``quotes`` table from :func:`analytics.quotes.extract_quotes`.
    issues : IssueRegistry, str or os.PathLike, optional
        The issue registry or the path of one. ``None`` loads the bundled registry
        (``analytics/data/issues.yaml``).
    registry : ActorRegistry, optional
        The actor registry that produced ``mentions`` (person types, genders and the
        country scopes whose names are subjects). ``None`` loads the bundled registry
        (:func:`analytics.actors.load_registry`): pass the registry used for the
        mentions when it is a custom one.
    countries : bool, default True
        Also take countries/capitals named as subjects ("Russia insists") as actors.
    lexicon : Lexicon or str, optional
        Stance lexicon or its path; the bundled one by default.

    Returns
    -------
    pandas.DataFrame
        Table ``stance_evidence`` (actor, issue, doc_id, sent_id, source, label, score,
        text, note) plus ``trigger`` (the matched issue pattern) and ``start``/``end``
        (offsets of the sentence or quotation part in the clean text). ``note`` is empty
        for evidence that counts toward a stance, ``weak`` when ``|score|`` is below
        :data:`WEAK_SCORE`, ``off_story`` when the document names nothing of the story
        the issue list was written for (``story:`` in the issue file).

    Raises
    ------
    TypeError
        When ``registry`` is not an :class:`~analytics.actors.registry.ActorRegistry`.
    analytics.errors.RegistryError
        When ``issues`` or ``lexicon`` is a path to a file that does not load.
    """
    if issues is None or isinstance(issues, (str, os.PathLike)):
        issues = load_issues(issues)
    if lexicon is None or isinstance(lexicon, (str, os.PathLike)):
        lexicon = load_lexicon(None if lexicon is None else str(lexicon))
    if sentences is None or len(sentences) == 0:
        return _empty()
    info = actor_info(_actor_registry(registry), countries=countries)
    docs, has_pronouns = index_documents(sentences, mentions, quotes)
    rows: list[dict] = []
    for doc in docs:
        rows += _document_evidence(doc, issues, info, lexicon, not has_pronouns)
    if not rows:
        return _empty()
    out = pd.DataFrame(rows)
    out = out.sort_values(["doc_id", "sent_id", "actor", "issue", "source"], kind="stable")
    return conform("stance_evidence", out)
