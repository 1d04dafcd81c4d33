"""Offices as the document states them: "Chancellor Gordon Brown" ... "the chancellor".

News introduces a person with an office ("Home Secretary David Blunkett", "Sen. Tim
Kaine of Virginia", "John Podesta, the campaign chairman,", "the Indian prime
minister, Manmohan Singh,") and later refers to the office alone ("the home
secretary", "the Virginia senator", "the Indian leader"). This module reads both
from the text, with no registry:

* an :class:`Office` is a role noun (its *head*: "secretary", "senator", "leader")
  with the words that qualify it: office words ("home", "prime": they must agree),
  rank words ("deputy", "shadow": a deputy prime minister is not the prime
  minister) and proper qualifiers ("Australian", "Tory", "F.B.I.", "of Virginia");
* a *statement* ties an office to a person named in the document (a title before the
  name, an apposition after it, or a role phrase in apposition before it);
* a *reference* is a definite role phrase ("the [qualifiers] head") that is not the
  title of a name; it designates the person the document gave a matching office,
  the most recently mentioned one first.

A reference matches a statement when the heads agree (or the reference says
"leader" of a country and the statement's head is a leader's office: "the Pakistani
leader" for "Pakistani President Pervez Musharraf"), the ranks are the same, and the
reference's office words and proper qualifiers are among the statement's. Word lists
are language data (``analytics/lang/en/actor_cues.yaml``: ``role_nouns``,
``title_modifiers``, ``rank_words``, ``title_abbreviations``, ``leader_offices``).
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from . import _lexicon as lex
from .chunks import Chunk
from .coref import name_tokens

__all__ = ["Office", "OfficeReader", "Reference", "proper_key", "resolve_references"]


@dataclass(frozen=True)
class Office:
    """A role as written: head noun and the words that qualify it."""

    head: str
    words: frozenset[str] = frozenset()   # office words: home, prime, campaign
    rank: frozenset[str] = frozenset()    # deputy, shadow, vice...
    proper: frozenset[str] = frozenset()  # Australian, Tory, fbi, virginia
    former: bool = False

    def designates(self, stated: "Office", leader_heads: frozenset[str]) -> bool:
        """Whether a reference with this office can designate a holder of ``stated``."""
        if self.head == "leader" and stated.head != "leader" and not self.rank \
                and stated.key() in leader_heads:
            return bool(self.proper) and self.proper <= stated.proper
        if self.rank != stated.rank:
            return False
        if self.head == stated.head:
            return self.words <= stated.words and self.proper <= stated.proper
        return False

    def key(self) -> str:
        """The office without its proper qualifiers ("prime minister", "senator")."""
        return " ".join([*sorted(self.rank), self.head])


@dataclass(frozen=True)
class Reference:
    """A definite role phrase in the text (positions in the chunk's string)."""

    start: int
    end: int
    office: Office
    owner: str | None = None  # "Britain" of "Britain's foreign secretary"


@functools.lru_cache(maxsize=1)
def _lists() -> dict:
    cues = lex.cues()
    heads = {w.lower() for w in cues.get("role_nouns", [])}
    abbrev = {str(k).rstrip("."): str(v) for k, v in
              (cues.get("title_abbreviations") or {}).items()}
    return {
        "heads": frozenset(heads | set(abbrev.values())),
        "abbrev": abbrev,
        "words": frozenset(w.lower() for w in cues.get("title_modifiers", [])),
        "rank": frozenset(w.lower() for w in cues.get("rank_words", [])),
        "former": frozenset(w.lower() for w in cues.get("former_words", [])),
        "leaders": frozenset(w.lower() for w in cues.get("leader_offices", [])),
        "skip": frozenset(w.lower() for w in cues.get("role_phrase_skip", [])),
        "synonyms": {str(k).lower(): str(v).lower()
                     for k, v in (cues.get("office_synonyms") or {}).items()},
        "ignorable": frozenset(w.lower() for w in cues.get("office_fillers", [])),
        "owned": frozenset(w.lower() for w in cues.get("place_offices", [])),
    }


def proper_key(w: str) -> str:
    """A proper qualifier as compared ("F.B.I." -> "fbi", "Britain's" -> "britain")."""
    return re.sub(r"['’]s?$", "", w.replace(".", "")).lower()



# the run of (title) words right before a name
_TITLE_RUN = re.compile(r"((?:[\w][\w.'’-]*\s+){1,6})$")
# a word between "the" and a role noun: not a function word or a clause boundary
_MOD = (r"(?!(?:the|a|an|and|or|but|of|to|in|on|for|with|by|at|as|from|that|who|"
        r"which|this|these|those|his|her|its|their|was|is|had|has|said|says)\s)"
        r"[\w][\w.'’-]*")


class OfficeReader:
    """Reads office statements and role references from a chunk's text."""

    def __init__(self) -> None:
        L = _lists()
        self.heads = L["heads"]
        self.abbrev = L["abbrev"]
        self.words = L["words"]
        self.rank = L["rank"]
        self.former = L["former"]
        self.leaders = L["leaders"]
        self.skip = L["skip"]
        self.synonyms = L["synonyms"]
        self.ignorable = L["ignorable"]
        self.owned = L["owned"]
        heads = lex.alternation(sorted(self.heads, key=len, reverse=True))
        # the office phrase itself: modifiers, the role noun, "of <Proper Name>"
        head = rf"(?P<head>(?i:{heads}))"
        of = r"(?:\s+of\s+(?:the\s+)?(?P<of>[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2}))?"
        mods = rf"(?P<mods>(?:{_MOD}\s+){{0,4}}?)"
        owner = r"(?P<owner>[A-Z][\w.]*)['’]s\s+"
        # "attorney general": a second role noun is the office, the first qualifies it
        head2 = rf"(?:\s+(?P<head2>(?i:{heads})))?"
        self.ref = re.compile(
            rf"(?<![\w'-])(?:(?P<det>[Tt]he)|(?P<owner>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)['’]s)"
            rf"\s+{mods}{head}(?:\s+(?P<head2>(?i:{heads})))?(?P<poss>['’]s)?(?![\w-]){of}")
        # "X, who is the party chairman," / "X was named defence secretary" /
        # "X, who became prime minister in 1997": the office as a predicate
        self.predicate = re.compile(
            rf"(?:(?P<who>,\s+who\s+)|\s+(?=(?:was|is|has|had|became|becomes|served|serves)\b))"
            rf"(?:(?P<verb>was\s+named|was\s+appointed|was\s+elected|has\s+been\s+named|"
            rf"has\s+been\s+appointed|has\s+been\s+elected|has\s+been|had\s+been|is\s+now|"
            rf"serves\s+as|served\s+as|became|becomes|is|was)\s+)"
            rf"(?:(?:the|a|an)\s+|{owner})?{mods}{head}{head2}(?![\w-]){of}")
        # "X, the campaign chairman", "Chris Dodd of Connecticut, the Democratic chairman"
        self.after = re.compile(
            rf"(?:\s+of\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)?"
            rf",\s+(?:\d{{1,3}},\s+)?(?:(?:the|a|an|his|her|its|their)\s+|{owner})?"
            rf"{mods}{head}{head2}(?![\w-]){of}")
        # "Sarkozy named Francois Fillon prime minister": the office after the object
        self.object_office = re.compile(
            rf"\s+(?:as\s+)?(?:(?:the|a|an)\s+)?{mods}{head}(?![\w-]){of}")
        self.appointing = re.compile(
            r"(?<![\w-])(?:named|appointed|nominated|made|elected|chose|picked|tapped)\s+$")
        self.of_after = re.compile(r"\s+of\s+(?P<of>[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})")

    # ------------------------------------------------------------------ offices
    def office(self, mods: list[str], head: str, of: str | None = None) -> Office | None:
        """The office of a role phrase, or None when a modifier makes it no office
        phrase ("the first minister" is kept, "the said minister" is not)."""
        head = self.abbrev.get(head.rstrip("."), head).lower()
        head = self.synonyms.get(head, head)
        if head not in self.heads:
            return None
        words, rank, proper = set(), set(), set()
        former = False
        for m in mods:
            lw = m.lower().rstrip(".")
            if lw in self.former or lw.rstrip("-") in self.former:
                former = True
            elif lw in self.rank:
                rank.add(lw)
            elif lw in self.skip:
                return None
            elif lw in self.ignorable:
                continue  # "the party chairman" is the chairman the text named
            elif lw in self.words:
                words.add(lw)
            elif m[:1].isupper():
                proper.add(proper_key(m))
            # other lower-case words ("new", "43-year-old") do not qualify the office
        if of:
            proper |= {proper_key(w) for w in of.split()}
        return Office(head, frozenset(words), frozenset(rank), frozenset(proper), former)

    def title_before(self, text: str, sent_start: int, name_start: int) -> Office | None:
        """The office written as a title right before a name ("Home Secretary",
        "Sen.", "German Chancellor", "Tory leader")."""
        before = text[max(sent_start, name_start - 80):name_start]
        tail = _TITLE_RUN.search(before)
        if not tail:
            return None
        run = tail.group(1).split()
        head_i = None
        for i in range(len(run) - 1, -1, -1):
            w = run[i].rstrip(".").lower()
            if w in self.heads or run[i].rstrip(".") in self.abbrev:
                head_i = i
                break
            if not (run[i][:1].isupper() or w in self.words or w in self.rank):
                break
        if head_i is None:
            return None
        mods = []
        for w in reversed(run[:head_i]):
            lw = w.lower().rstrip(".")
            if lw in ("the", "a", "an") or not (w[:1].isupper() or lw in self.words
                                                 or lw in self.rank or lw in self.former):
                break
            mods.insert(0, w)
        return self.office(mods, run[head_i])

    def apposition_after(self, text: str, name_end: int, sent_end: int) -> Office | None:
        """The office in an apposition after a name ("John Podesta, the campaign
        chairman,"; "Mark Latham, the 43-year-old Labor leader") or a predicate ("X,
        who is the party chairman,", "X was named defence secretary")."""
        m = self.after.match(text, name_end, sent_end)
        former = False
        if m is None:
            m = self.predicate.match(text, name_end, sent_end)
            # "X, who was foreign secretary", "X was prime minister in the 1950s": a past
            # office ("X was named ..." is an event, not a past state)
            former = bool(m and " ".join(m.group("verb").split()) in ("was", "had been"))
        if not m or text.startswith(("'s", "’s"), m.end("head2") if m.group("head2")
                                    else m.end("head")):
            return None  # "Jane Sanders, the senator's wife"
        mods = m.group("mods").split()
        if any(w.lower() in ("who", "which", "and", "said", "says") for w in mods):
            return None
        head = m.group("head")
        if m.group("head2") and head.lower() in self.words:
            # "the state's attorney general", as a title before a name reads it
            mods, head = [*mods, head], m.group("head2")
        office = self.office(mods, head, _joined(m.group("of"), m.group("owner")))
        if office is not None and former and not office.former:
            office = Office(office.head, office.words, office.rank, office.proper, True)
        return office

    def object_of_appointment(self, text: str, sent_start: int, name_start: int,
                              name_end: int, sent_end: int) -> Office | None:
        """The office given to a name by an appointing verb ("named Francois Fillon
        prime minister", "appointed Ann Lee as defence secretary")."""
        if not self.appointing.search(text, max(sent_start, name_start - 30), name_start):
            return None
        m = self.object_office.match(text, name_end, sent_end)
        if not m:
            return None
        return self.office(m.group("mods").split(), m.group("head"), m.group("of"))

    def of_place(self, text: str, name_end: int) -> set[str]:
        """Proper qualifiers from "of Virginia" right after a titled name."""
        m = self.of_after.match(text, name_end)
        return {proper_key(w) for w in m.group("of").split()} if m else set()

    def references(self, text: str, a: int, b: int) -> list[Reference]:
        """Definite role phrases between ``a`` and ``b``."""
        out = []
        for m in self.ref.finditer(text, a, b):
            mods = m.group("mods").split()
            if any(w.endswith(("'s", "’s", "s'")) for w in mods):
                continue  # "the party's candidate": an office of something else
            head = m.group("head")
            if m.group("head2"):  # "the attorney general": the last noun is the office
                mods, head = [*mods, head], m.group("head2")
            off = self.office(mods, head, _joined(m.group("of"), m.group("owner")))
            if off is None:
                continue
            start = m.start("owner") if m.group("owner") else (
                m.start("mods") if mods else m.start("head"))
            end = m.end("of") if m.group("of") else m.end("head2") if m.group("head2") \
                else m.end("head")
            owner = proper_key(m.group("owner")) if m.group("owner") else None
            out.append(Reference(start, end, off, owner))
        return out


_APPOSITION_GAP = re.compile(r",\s+(?:\d{1,3},\s+)?(?:[Tt]he\s+)?")
#: what may follow the name of "the Indian prime minister, Singh": the end of the
#: apposition, not a verb ("support the president, Mrs. Clinton devotes ...")
_APPOSITION_END = re.compile(r"\s*(?:[,.;:!?)\u2014\u2013]|['\u2019]s\b|$)")


def _joined(*parts: str | None) -> str | None:
    """Proper qualifiers from "of ..." and a possessive owner ("Britain's")."""
    words = " ".join(p for p in parts if p)
    return words or None


@dataclass
class _Holder:
    actor: str
    office: Office


def resolve_references(ch: Chunk, d: int, items: list[list], reader: OfficeReader,
                       corpus_offices: dict[str, frozenset[Office]] | None = None,
                       scopes: "dict[str, str] | frozenset[str]" = frozenset(),
                       ) -> list[list]:
    """Role references of document ``d`` resolved from the offices it states.

    Parameters
    ----------
    ch : Chunk
    d : int
        Document number in the chunk.
    items : list of [start, end, actor, kind, resolved, ...]
        The document's name mentions (sorted).
    reader : OfficeReader
    corpus_offices : dict of str to frozenset of Office, optional
        Offices other documents of the corpus state for persons: used, after the
        document's own statements, for persons the document names ("Tony Blair"
        named here, "Prime Minister Tony Blair" elsewhere: "the prime minister").
    scopes : dict of str to str, or frozenset of str
        Qualifiers the registry knows as countries or organisations (lower case, no
        full stops, as :func:`proper_key` writes them), with the scope each names:
        "British" and "Britain" agree; these must be stated, never assumed.

    Returns
    -------
    list of [start, end, actor, "role", True]
        Resolved references (unresolved ones are left to the registry).
    """
    text = ch.text
    a, b = ch.doc_span(d)
    scope_of = scopes if isinstance(scopes, dict) else {w: w for w in scopes}
    scopes = frozenset(scope_of.values())
    names = [x for x in items if x[4] and x[2] and x[3] in ("name", "alias", "discovered")]
    starts = [x[0] for x in names]
    holders: list[_Holder] = []
    for x in names:
        si = ch.sent_of(x[0])
        ss = ch.starts[si]
        se = ch.starts[si + 1] - 1 if si + 1 < len(ch.starts) else len(text)
        off = reader.title_before(text, ss, x[0] + _title_length(text[x[0]:x[1]]))
        if off is not None:
            extra = reader.of_place(text, x[1])
            if extra:
                off = Office(off.head, off.words, off.rank, off.proper | extra, off.former)
            holders.append(_Holder(x[2], _in_scopes(off, scope_of)))
        app = reader.apposition_after(text, x[1], se) or \
            reader.object_of_appointment(text, ss, x[0], x[1], se)
        if app is not None:
            holders.append(_Holder(x[2], _in_scopes(app, scope_of)))
    # "Britain's foreign secretary" is a reference; "a Lee's Summit businessman" is not
    refs = [Reference(r.start, r.end, _in_scopes(r.office, scope_of), r.owner)
            for r in reader.references(text, a, b)
            if r.owner is None or r.owner in scope_of or r.office.key() in reader.owned]

    out: list[list] = []
    for r in refs:
        k = bisect.bisect_left(starts, r.end)
        nxt = names[k] if k < len(names) else None
        gap = text[r.end:nxt[0]] if nxt is not None else ""
        if nxt is not None and gap.strip() == "" and "\x00" not in gap:
            continue  # a title: "the Tory leader Michael Howard"
        if nxt is not None and re.fullmatch(r",\s+", gap) and _APPOSITION_END.match(text, nxt[1]):
            holders.append(_Holder(nxt[2], r.office))  # "the Indian prime minister, Singh"
            out.append([r.start, r.end, nxt[2], "role", True])
            continue
        if _overlaps(names, starts, r.start, r.end):
            continue
        prev = names[k - 1] if k > 0 and names[k - 1][1] <= r.start else None
        if prev is not None and _APPOSITION_GAP.fullmatch(text, prev[1], r.start) \
                and not text.startswith(("'s", "’s"), r.end):
            continue  # "Ann Rowe, 58, the council leader,": the statement itself
        actor = _nearest(starts, names, r.start, _holders(r.office, holders, reader, scopes))
        if actor is None and corpus_offices:
            named = {x[2] for x in names}
            corpus = [_Holder(a, _in_scopes(o, scope_of))
                      for a in sorted(named) for o in corpus_offices.get(a, ())]
            actor = _nearest(starts, names, r.start,
                             _holders(r.office, corpus, reader, scopes))
        if actor:
            out.append([r.start, r.end, actor, "role", True])
    return out


def _in_scopes(office: Office, scope_of: dict[str, str]) -> Office:
    """The office with its proper qualifiers written as scope keys where the registry
    knows them ("British" and "Britain" are both the UK)."""
    if not office.proper or not scope_of:
        return office
    proper = frozenset(scope_of.get(w, w) for w in office.proper)
    return Office(office.head, office.words, office.rank, proper, office.former)


def _holders(ref: Office, holders: list[_Holder], reader: OfficeReader,
             scopes: frozenset[str] = frozenset()) -> set[str]:
    """Who a reference can designate: holders of a matching office whose proper
    qualifiers include the reference's; else, for "the Virginia senator", holders of
    the office the text gave no proper qualifier at all - unless the qualifier is a
    country or organisation the registry scopes ("the Russian president" is not the
    "President Donald Trump" of the same article)."""
    same = [h for h in holders if h.office.former == ref.former]
    strict = {h.actor for h in same if ref.designates(h.office, reader.leaders)}
    if strict or not ref.proper or ref.proper & scopes:
        return strict
    return {h.actor for h in same if not h.office.proper and h.office.head == ref.head
            and h.office.rank == ref.rank and ref.words <= h.office.words}


def _title_length(surface: str) -> int:
    """Characters of the titles a name's surface starts with ("Sen. " of "Sen. Tim
    Kaine"), so that they are read as the office stated for the name."""
    _hon, toks = name_tokens(surface)
    if not toks:
        return 0
    i = surface.find(toks[0])
    return max(i, 0)


def _overlaps(names: list[list], starts: list[int], s: int, e: int) -> bool:
    i = bisect.bisect_left(starts, e)
    for j in range(i - 1, max(-1, i - 4), -1):
        if names[j][0] < e and s < names[j][1]:
            return True
    return False


def _nearest(starts: list[int], names: list[list], pos: int, allowed: set[str]) -> str | None:
    """The allowed actor mentioned most recently before ``pos``, else first after it."""
    if not allowed:
        return None
    i = bisect.bisect_left(starts, pos)
    for j in range(i - 1, -1, -1):
        if names[j][2] in allowed:
            return names[j][2]
    for j in range(i, len(names)):
        if names[j][2] in allowed:
            return names[j][2]
    return None
