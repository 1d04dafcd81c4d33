"""Who speaks or acts in a sentence: the subjects of stance evidence.

Subjects are the actor mentions of a sentence (names, roles, resolved pronouns),
"he" / "she" resolved here when the mentions hold no pronouns, and countries or
capitals of the actor registry's scopes named as subjects ("Russia insists").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any, Iterator

import pandas as pd

from ..actors.pronouns import gender_compatible, nearest_antecedent
from ..actors.registry import ActorRegistry
from ..lang import en
from ..text import normalize

__all__ = ["ActorInfo", "DocIndex", "PRONOUNS", "actor_info", "antecedent", "index_documents",
           "sentence_subjects"]

#: subject pronoun -> gender
PRONOUNS: dict[str, str] = {str(k): str(v) for k, v in
                            en.table("stance_cues")["subject_pronouns"].items()}
_PRONOUN_RE = re.compile(r"(?:^|(?<=[,;:] )|(?<=\. ))("
                         + "|".join(re.escape(p) for p in PRONOUNS) + r")\b")

#: a mention: (start, end, actor, kind), offsets in the clean text of the document
Mention = tuple[int, int, str, str]
#: a subject: (start, end, actor, is a person), offsets in the sentence
Subject = tuple[int, int, str, bool]


@dataclass(frozen=True)
class ActorInfo:
    """What stance needs to know of the actor registry.

    Attributes
    ----------
    types : dict of str to str
        Actor -> type (``person``, ``org`` ...), lower case.
    genders : dict of str to str
        Actor -> first letter of the gender (``m`` / ``f``).
    countries : list of (re.Pattern, dict of str to str)
        One regex over the names of the registry's scopes and the map from a matched
        (lower-case) name to the scope key; empty when countries are not subjects.
    homes : dict of str to frozenset of str
        Actor -> the scope keys of its country and of its affiliation (a minister
        speaks for them: "Straw said Britain supported ..." and "Kennedy said the
        Liberal Democrats backed ..." are the speaker's own position).
    """

    types: dict[str, str]
    genders: dict[str, str]
    countries: list[tuple[re.Pattern, dict[str, str]]] = field(default_factory=list)
    homes: dict[str, frozenset[str]] = field(default_factory=dict)


def _country_patterns(registry: ActorRegistry) -> list[tuple[re.Pattern, dict[str, str]]]:
    names: dict[str, str] = {}
    for key, scope in registry.scopes.items():
        for n in scope.names or ():
            if n:
                names.setdefault(normalize(n).lower(), str(key))
    if not names:
        return []
    alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    rx = re.compile(r"(?<![\w'])(?:the\s+)?(" + alt + r")(?![\w])(?!'s)(?!-)")
    return [(rx, names)]


def actor_info(registry: ActorRegistry, *, countries: bool = True) -> ActorInfo:
    """Types, genders and (with ``countries``) the scope-name pattern of a registry."""
    types, genders = registry.traits()
    by_name: dict[str, str] = {}
    for key, scope in registry.scopes.items():
        for n in [key, *(scope.names or ())]:
            if n:
                by_name.setdefault(normalize(str(n)).lower(), str(key))
    homes: dict[str, frozenset[str]] = {}
    for a in registry:
        own = {by_name.get(normalize(str(v)).lower(), "") for v in (a.country, a.affiliation)
               if isinstance(v, str) and v}
        own.discard("")
        if own:
            homes[a.name] = frozenset(own)
    return ActorInfo(types, genders, _country_patterns(registry) if countries else [], homes)


@dataclass
class DocIndex:
    """The sentences, mentions and quotations of one document, for lookups by offset.

    Attributes
    ----------
    doc_id : object
    sentences : list of dict
        ``doc_id``, ``sent_id``, ``start``, ``end``, ``text`` of each sentence, in
        text order.
    lows : list of str
        Each sentence normalised and lower-cased.
    mentions : list of Mention
        Sorted by offset.
    quotes : list of dict
        Rows of the ``quotes`` table of the document.
    """

    doc_id: Any
    sentences: list[dict]
    lows: list[str]
    mentions: list[Mention]
    quotes: list[dict]
    starts: list[int] = field(init=False)
    quote_ranges: list[tuple[int, int]] = field(init=False)

    def __post_init__(self) -> None:
        self.starts = [m[0] for m in self.mentions]
        self.quote_ranges = [(int(q["start"]), int(q["end"])) for q in self.quotes]

    def mentions_in(self, start: int, end: int) -> Iterator[Mention]:
        """Mentions starting in ``[start, end)``, in order."""
        for k in range(bisect.bisect_left(self.starts, start), len(self.mentions)):
            m = self.mentions[k]
            if m[0] >= end:
                return
            yield m


def _mentions_by_doc(mentions: pd.DataFrame | None) -> tuple[dict[Any, list[Mention]], bool]:
    """Mentions grouped by document, sorted; and whether any is a pronoun."""
    out: dict[Any, list[Mention]] = {}
    has_pronouns = False
    if mentions is None or not len(mentions):
        return out, has_pronouns
    kinds = (mentions["kind"] if "kind" in mentions.columns
             else pd.Series("name", index=mentions.index))
    for d, s, e, a, k in zip(mentions["doc_id"], mentions["start"], mentions["end"],
                             mentions["actor"], kinds):
        if not isinstance(a, str) or not a:
            continue
        out.setdefault(d, []).append((int(s), int(e), a, str(k)))
        has_pronouns = has_pronouns or k == "pronoun"
    for v in out.values():
        v.sort()
    return out, has_pronouns


def _sentences_by_doc(sentences: pd.DataFrame) -> dict[Any, list[dict]]:
    srt = sentences.sort_values(["doc_id", "start"], kind="stable")
    cols = [c for c in ("doc_id", "sent_id", "start", "end", "text") if c in srt.columns]
    grouped: dict[Any, list[dict]] = {}
    for rec in zip(*(srt[c].tolist() for c in cols)):
        d = dict(zip(cols, rec))
        grouped.setdefault(d["doc_id"], []).append(d)
    return grouped


def index_documents(sentences: pd.DataFrame, mentions: pd.DataFrame | None,
                    quotes: pd.DataFrame | None) -> tuple[list[DocIndex], bool]:
    """One :class:`DocIndex` per document of ``sentences`` (in sorted order), and
    whether ``mentions`` holds resolved pronouns."""
    ments, has_pronouns = _mentions_by_doc(mentions)
    qby: dict[Any, list[dict]] = {}
    if quotes is not None and len(quotes):
        for r in quotes.to_dict("records"):
            qby.setdefault(r["doc_id"], []).append(r)
    docs = [DocIndex(doc_id, recs, [normalize(str(r["text"])).lower() for r in recs],
                     ments.get(doc_id, []), qby.get(doc_id, []))
            for doc_id, recs in _sentences_by_doc(sentences).items()]
    return docs, has_pronouns


def antecedent(doc: DocIndex, idx: int, pos: int, info: ActorInfo, gender: str) -> str:
    """Pronoun resolution: the first person mention (not possessive, not inside a
    quotation) of the same sentence before the pronoun, else of the previous two.

    Parameters
    ----------
    doc : DocIndex
    idx : int
        The sentence of the pronoun.
    pos : int
        Offset of the pronoun in the sentence.
    info : ActorInfo
    gender : str
        The pronoun's gender (``male`` / ``female``).

    Returns
    -------
    str
        The actor, or ``""``.
    """
    def window(j: int) -> Iterator[tuple[int, int, Mention]]:
        s0, s1 = int(doc.sentences[j]["start"]), int(doc.sentences[j]["end"])
        lim = s0 + pos if j == idx else s1
        return ((j, s0, m) for m in doc.mentions_in(s0, lim))

    def pick(cand: tuple[int, int, Mention]) -> str | None:
        j, s0, (ms, me, actor, kind) = cand
        if kind == "pronoun" or info.types.get(actor, "person") != "person":
            return None
        if any(a <= ms < b for a, b in doc.quote_ranges):
            return None
        if not gender_compatible(gender, info.genders.get(actor, "")):
            return None
        if doc.lows[j][me - s0:me - s0 + 2] == "'s":
            return None
        return actor

    windows = (window(j) for j in range(idx, max(-1, idx - 3), -1))
    return nearest_antecedent(windows, pick) or ""


def _mention_subjects(doc: DocIndex, idx: int, info: ActorInfo) -> list[Subject]:
    sent = doc.sentences[idx]
    s0, s1 = int(sent["start"]), int(sent["end"])
    low = doc.lows[idx]
    out: list[Subject] = []
    for ms, me, actor, kind in doc.mentions_in(s0, s1):
        if me > s1:
            continue
        person = info.types.get(actor, "person") in ("person", "") or kind in ("pronoun", "role")
        if kind == "pronoun":
            w = low[ms - s0:me - s0]
            if w not in PRONOUNS:
                continue
            actor = antecedent(doc, idx, ms - s0, info, PRONOUNS[w]) or actor
        out.append((ms - s0, me - s0, actor, person))
    return out


def sentence_subjects(doc: DocIndex, idx: int, info: ActorInfo, *,
                      resolve_pronouns: bool) -> list[Subject]:
    """The possible subjects of sentence ``idx`` of ``doc``, sorted by offset.

    Parameters
    ----------
    doc : DocIndex
    idx : int
    info : ActorInfo
    resolve_pronouns : bool
        Resolve "he" / "she" here (when the mentions hold no pronoun mentions).

    Returns
    -------
    list of (start, end, actor, person)
        Offsets in the sentence; ``person`` is False for countries and non-person
        actors.
    """
    low = doc.lows[idx]
    subjects = _mention_subjects(doc, idx, info)
    if resolve_pronouns:
        for pm in _PRONOUN_RE.finditer(low):
            actor = antecedent(doc, idx, pm.start(), info, PRONOUNS[pm.group(1)])
            if actor:
                subjects.append((pm.start(), pm.end(), actor, True))
    for pat, names in info.countries:
        for cm in pat.finditer(low):
            if any(a <= cm.start() < b for a, b, *_ in subjects):
                continue
            subjects.append((cm.start(), cm.end(), names[cm.group(1)], False))
    subjects.sort()
    return subjects
