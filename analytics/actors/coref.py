"""Name coreference within a document: short forms go to the person named in full.

News introduces a person once in full ("Chancellor Gordon Brown", "Hillary Clinton")
and then writes the surname ("Brown"), a title and the surname ("Mr Brown", "Mrs.
Clinton"), the given name after "Sir"/"Dame" ("Sir Menzies") or the given name alone
("Hillary"). After registry names and discovered persons are found, each document's
persons named in full (two name tokens or more) are its *anchors*, and

1. every short mention found so far (a registry surname, a discovered surname or
   title form) is re-linked to the anchor of the document it designates: a person
   named in the document beats a registry or corpus entry with the same surname
   ("Mr Johnson" after "Alan Johnson" is not Boris Johnson; "Powell" after "Colin
   Powell" is not Jonathan Powell);
2. short forms of anchors that no finder caught are added (surname with or without a
   title, possessives, names used as modifiers: "the Clinton campaign"), but not
   where the word is part of another name ("Clinton Foundation", "Jane Sanders");
3. a registry surname in a document without an anchor for that actor counts only when
   no other person of the corpus has that surname (:attr:`NameLinker.corpus_surnames`);
   otherwise it is kept unresolved (``actor == ""``): the registry enriches, it does
   not decide who "Johnson" is in coverage of another era.

Two anchors with one surname (Hillary and Bill Clinton; Michael and Sandra Howard)
are told apart by the title's gender ("Mr", "Mrs"), the given name, and otherwise by
the most recent mention of either; each linked mention records how it was linked
(``basis``, see :data:`BASES`).
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from ..lang import en
from . import _lexicon as lex
from .chunks import Chunk
from .name_cues import LOW, NEXT_WORD, UP, WORD_BEFORE

__all__ = ["BASES", "NameLinker", "canonical_given", "given_name_gender", "has_suffix", "name_tokens", "same_given_name",
           "surname"]

#: How the identity of a mention was established (``mentions.basis``).
BASES = {
    "name": "the full name (or a registry alias) is written here",
    "document": "a short form of a person named in full in the same document",
    "corpus": "a short form resolved to the corpus's only person of that name",
    "registry": "a registry surname or alias, no other person of the corpus shares it",
    "role": "a role resolved from the document or the registry",
    "pronoun": "a pronoun resolved to the nearest compatible person",
    "": "unresolved",
}

_EXT = "\u0100-\u017f"
_TOKEN = re.compile(rf"(?<![\w'’.-])[{UP}][{LOW}{_EXT}]*(?:['’-][{UP}]?[{LOW}{_EXT}]+)*"
                    rf"(?:['’]s?)?(?![\w-])")
_POSSESSIVE = re.compile(r"['’]s?$")


@functools.lru_cache(maxsize=1)
def _suffixes() -> frozenset[str]:
    return frozenset(str(w) for w in en.items("name_parts", "suffixes"))


def surname(tokens: "tuple[str, ...] | list[str]") -> str:
    """The surname of a full name: its last token, skipping a suffix ("Henry M.
    Paulson Jr" -> "Paulson")."""
    toks = list(tokens)
    while len(toks) > 1 and toks[-1].rstrip(".,") in _suffixes():
        toks.pop()
    return toks[-1] if toks else ""


def has_suffix(tokens: "tuple[str, ...] | list[str]") -> bool:
    """Whether a full name ends with a suffix ("Jr", "III")."""
    return len(tokens) > 1 and tokens[-1].rstrip(".,") in _suffixes()


def given_name_gender(name: str) -> str | None:
    """The gender a given name indicates (``analytics/lang/en/given_names.yaml``), or None."""
    return lex.given_name_genders().get(name)


@functools.lru_cache(maxsize=1)
def _strip_words() -> tuple[dict[str, str | None], frozenset[str]]:
    """Honorifics (with their gender) and lower-case title words that may open a name
    surface ("Mr", "Sen.", "Home Secretary", "German Chancellor")."""
    hons = {h.rstrip("."): g for h, g in lex.honorifics().items()}
    roles = {w.lower() for w in lex.cues().get("role_nouns", [])}
    roles |= {w.lower() for w in lex.office_honorifics()}
    return hons, frozenset(roles)


def name_tokens(surface: str) -> tuple[str | None, list[str]]:
    """The honorific and the name tokens of a mention's surface.

    Leading honorifics and title words are removed ("Mr", "Sen.", "Shadow home
    secretary"), so is a possessive ending; a name suffix stays the last token
    ("Donald Trump Jr." is not a "Trump").

    Parameters
    ----------
    surface : str

    Returns
    -------
    honorific : str or None
        The last honorific before the name ("Mrs" of "Mrs. Clinton"), without its
        full stop.
    tokens : list of str
    """
    hons, roles = _strip_words()
    toks = surface.split()
    hon = None
    cut = 0
    for i, tok in enumerate(toks[:-1]):
        t = tok.rstrip(".")
        if t in hons:
            hon, cut = t, i + 1
        elif t.lower() in roles or t.lower() in _scope_words():
            cut = i + 1
    toks = toks[cut:]
    if toks:
        toks[-1] = _POSSESSIVE.sub("", toks[-1])
    return hon, [t for t in toks if t]


@functools.lru_cache(maxsize=1)
def _scope_words() -> frozenset[str]:
    """Lower-case words such as "shadow", "deputy", "former" that open a title."""
    return frozenset(w.lower() for w in en.items("actor_cues", "title_modifiers"))


@dataclass
class _Person:
    """A person named in full in the document (an anchor)."""

    actor: str
    kind: str
    first: set[str] = field(default_factory=set)
    last: set[str] = field(default_factory=set)
    gender: str | None = None
    positions: list[int] = field(default_factory=list)
    short: int = 0  # short forms linked so far
    suffixed: bool = False  # "Donald Trump Jr": a bare "Trump" is the other Trump

    @property
    def short_kind(self) -> str:
        """Kind of a short form: ``alias`` for a registry actor (as its surname
        matches are), else ``discovered``."""
        return "alias" if self.kind == "name" else self.kind


class NameLinker:
    """Links short name forms to the persons each document names in full.

    Parameters
    ----------
    genders : dict of str to str or None
        Known gender of actors (registry and discovered persons).
    registry_actors : set of str
        Actors that come from the registry (their new mentions get kind ``name``).
    corpus_surnames : dict of str to set of str
        Surname -> every person of the corpus with that surname (discovered persons
        named in full anywhere, and registry persons).
    registry_first : dict of str to str, optional
        Registry person -> given name (to read "Donald J. Trump" as Donald Trump).
    roles : RoleMatcher, optional
        The offices of the registry and its office holders: "President Obama" where
        the article names only Michelle Obama is the one office holder of that title
        and surname.
    """

    def __init__(self, genders: dict[str, str | None], registry_actors: set[str],
                 corpus_surnames: dict[str, set[str]],
                 registry_first: dict[str, str] | None = None,
                 roles: Any = None) -> None:
        self.genders = genders
        self.offices = roles
        self.registry_actors = registry_actors
        self.registry_first = registry_first or {}
        self.corpus_surnames = corpus_surnames
        self.hons, self.roles = _strip_words()
        st = lex.stoplists()
        self.non_name = frozenset(st.get("non_name_words", []))
        self.common = frozenset(str(w).lower() for w in st.get("common_words", []))
        self.ambiguous = frozenset(st.get("ambiguous_surnames", []))
        self.head = frozenset(st.get("head_words", []))
        self.first_only_hons = frozenset(
            h.rstrip(".") for h in en.items("actor_cues", "given_name_honorifics"))
        hon_alt = lex.alternation(sorted(self.hons, key=len, reverse=True))
        self.hon_before = re.compile(rf"(?<![\w-])({hon_alt})\.?\s+$")

    # ------------------------------------------------------------------ public
    def link(self, ch: Chunk, items: list[list]) -> list[list]:
        """Re-link and complete the name mentions of a chunk.

        Parameters
        ----------
        ch : Chunk
        items : list of [start, end, actor, kind, resolved]
            Registry and discovered name mentions, sorted by position.

        Returns
        -------
        list of [start, end, actor, kind, resolved, basis]
            Sorted by position.
        """
        out: list[list] = []
        by_doc: dict[int, list[list]] = {}
        for it in items:
            by_doc.setdefault(ch.doc_of(it[0]), []).append(it)
        docs = sorted(set(ch.doc_idx))
        for d in docs:
            out.extend(self._document(ch, d, by_doc.get(d, [])))
        out.sort(key=lambda x: (x[0], x[1]))
        return out

    # ------------------------------------------------------------------ per document
    def _document(self, ch: Chunk, d: int, items: list[list]) -> list[list]:
        text = ch.text
        parsed = []
        persons: dict[str, _Person] = {}
        for it in items:
            if it[2] in self.registry_first:
                it = self._with_given_name(text, it)
            surface = text[it[0]:it[1]]
            hon, toks = name_tokens(" ".join(surface.split()))
            parsed.append((it, hon, toks))
            if len(toks) >= 2 and it[4] and it[2]:
                p = persons.get(it[2])
                if p is None:
                    kind = "name" if it[2] in self.registry_actors else "discovered"
                    p = persons[it[2]] = _Person(it[2], kind)
                p.first.add(toks[0])
                p.last.add(surname(toks))
                p.suffixed = p.suffixed or has_suffix(toks)
                p.positions.append(it[0])
                if p.gender is None:
                    # the registry's word, else the given name's, else a title written
                    # with the full name, else what discovery gathered
                    registry = self.genders.get(it[2]) if it[2] in self.registry_actors else None
                    p.gender = (registry or given_name_gender(toks[0])
                                or (self.hons.get(hon) if hon else None)
                                or self.genders.get(it[2]))
        out: list[list] = []
        for it, hon, toks in parsed:
            if len(toks) >= 2 or not toks:
                out.append([*it, "name" if it[4] else ""])
                continue
            title = hon
            if title is None:  # "President Obama" found as "Obama"
                hm = self.hon_before.search(text, max(0, it[0] - 24), it[0])
                title = hm.group(1) if hm else None
            out.append(self._relink(it, hon, toks[0], persons, title))
        if persons:
            out.extend(self._recover(ch, d, out, persons))
        return out

    def _with_given_name(self, text: str, it: list) -> list:
        """A registry surname preceded by the actor's given name and middle initials
        ("Donald J. Trump" for Donald Trump): the mention is the full name."""
        m = _GIVEN_INITIALS.search(text, max(0, it[0] - 40), it[0])
        if m and same_given_name(m.group(1), self.registry_first[it[2]]):
            return [m.start(), *it[1:]]
        return it

    def _candidates(self, word: str, hon: str | None, persons: dict[str, _Person]
                    ) -> list[_Person]:
        """Anchors a one-word name (with its honorific) can designate."""
        if hon in self.first_only_hons:  # "Sir Menzies", "Dame Tessa"
            cands = [p for p in persons.values() if word in p.first]
            if cands:
                return cands
        cands = [p for p in persons.values() if word in p.last]
        if not cands and hon is None and word.lower() not in self.common:
            cands = [p for p in persons.values() if word in p.first]
        g = self.hons.get(hon) if hon else None
        if g:
            cands = [p for p in cands if p.gender in (None, g)]
        return cands

    @staticmethod
    def _choose(cands: list[_Person], pos: int, hon: str | None) -> _Person:
        """One of several anchors with one surname.

        With a title ("Mr. Clinton") the most recently mentioned of the compatible
        anchors. A bare surname is how news refers to the main bearer of a name (the
        other is called by full or given name), so it goes to the anchor already
        referred to by a short form, else to the one introduced first."""
        if len(cands) == 1:
            return cands[0]
        plain = [p for p in cands if not p.suffixed]
        cands = plain or cands
        if len(cands) == 1:
            return cands[0]
        if hon is None:
            short = [p for p in cands if p.short]
            pool = short or cands
            return min(pool, key=lambda p: p.positions[0])
        # a title and a surname that fit several: the one the article is most about so
        # far ("Mr. Romney" after a mention of his father), then the one it introduced
        # first
        def standing(p: _Person) -> tuple[int, int]:
            return (bisect.bisect_left(p.positions, pos), -p.positions[0])
        return max(cands, key=standing)

    def _relink(self, it: list, hon: str | None, word: str,
                persons: dict[str, _Person], title: str | None = None) -> list:
        """A short mention: the document's anchor, else the licensing rule (``title``:
        the honorific or office title written before it, if any)."""
        hon = hon or title  # "Mrs Scholz" matched as "Scholz": the title still counts
        holder = self._office_holder(word, hon, persons)
        if holder is not None:
            return [it[0], it[1], holder, "discovered", True, "corpus"]
        cands = self._candidates(word, hon, persons)
        if cands:
            p = self._choose(cands, it[0], hon)
            p.positions.insert(bisect.bisect_left(p.positions, it[0]), it[0])
            p.short += 1
            kind = it[3] if p.actor == it[2] else p.short_kind
            return [it[0], it[1], p.actor, kind, True, "document"]
        actor = it[2]
        if any(word in p.last for p in persons.values()):
            # "Mrs Howard" where the document names only Michael Howard: someone
            # else of that name, whom the document does not name in full (the
            # corpus's one person of that name and the title's gender, if any)
            other = self._corpus_person(word, hon, persons)
            if other is not None:
                return [it[0], it[1], other, "discovered", True, "corpus"]
            return [it[0], it[1], "", it[3], False, ""]
        if not it[4] or not actor:
            return [*it, ""]
        if actor in self.registry_actors:
            others = self.corpus_surnames.get(word, set()) - {actor}
            if others:
                return [it[0], it[1], "", it[3], False, ""]
            return [*it, "registry"]
        return [*it, "corpus"]

    def _recover(self, ch: Chunk, d: int, found: list[list],
                 persons: dict[str, _Person]) -> list[list]:
        """Short forms of the anchors that no finder caught."""
        words: set[str] = set()
        for p in persons.values():
            words |= p.last
            words |= {f for f in p.first if f.lower() not in self.common and len(f) > 2}
        text = ch.text
        a, b = ch.doc_span(d)
        spans = sorted((x[0], x[1]) for x in found)
        starts = [s for s, _ in spans]
        new: list[list] = []
        for m in _TOKEN.finditer(text, a, b):
            s, e = m.start(), m.end()
            word = _POSSESSIVE.sub("", m.group())
            if word not in words or _covered(spans, starts, s, e):
                continue
            si = ch.sent_of(s)
            ss = ch.starts[si]
            hm = self.hon_before.search(text, max(ss, s - 16), s)
            hon = hm.group(1) if hm else None
            headline = ch.title_case[si]
            nx = NEXT_WORD.match(text, e)
            if nx and nx.group(1) not in self.non_name and not _possessive(m.group()) \
                    and not headline:
                continue  # "Clinton Foundation", "Trump Tower", "Blair Labour ..."
            if hon is None and not headline and self._other_name_before(text, ss, s):
                continue
            if hon is None and word in self.ambiguous and not _possessive(m.group()) \
                    and text[ss:s].strip(" \"'(‘“-") == "" and not self._name_context(text, e):
                # "Brown", "May", "Bush" opening a sentence: only where it reads as a
                # name (mid-sentence, a capital already says so)
                continue
            holder = self._office_holder(word, hon, persons)
            cands = [] if holder is not None else self._candidates(word, hon, persons)
            if not cands:
                other = holder or self._corpus_person(word, hon, persons)
                if other is not None:  # "Mr. Obama" beside Michelle Obama
                    start = hm.start(1) if hm else s
                    if _covered(spans, starts, start, e):
                        start = s
                    new.append([start, s + len(word), other, "discovered", True, "corpus"])
                continue
            p = self._choose(cands, s, hon)
            p.short += 1
            start = hm.start(1) if hm else s
            if _covered(spans, starts, start, e):
                start = s
            end = s + len(word)
            p.positions.insert(bisect.bisect_left(p.positions, s), s)
            new.append([start, end, p.actor, p.short_kind, True, "document"])
        return new

    def _office_holder(self, word: str, hon: str | None,
                       persons: dict[str, _Person]) -> str | None:
        """An office title with a surname ("President Obama") that no person of the
        document with that surname held, when exactly one office holder of that title
        has that surname: that person (as the corpus names them in full, if it does)."""
        if hon is None or self.hons.get(hon) is not None or self.offices is None:
            return None  # no title, or a personal one ("Mr", "Mrs")
        mine = [p.actor for p in persons.values() if word in p.last]
        if not mine:
            return None
        held = self.offices.titled_holders(hon.rstrip(".").lower(), word)
        if len(held) != 1:
            return None
        (holder,) = held
        if any(holder in self.offices.holders_named(a) for a in mine):
            return None  # the document's own Obama is the president
        named = sorted(c for c in self.corpus_surnames.get(word, set())
                       if holder in self.offices.holders_named(c)
                       and c not in self.registry_actors)
        if len(named) > 1:
            return None
        return named[0] if named else holder

    def _corpus_person(self, word: str, hon: str | None,
                       persons: dict[str, _Person]) -> str | None:
        """A titled surname that the document's own people of that name cannot be
        ("Mr. Obama" where the article names only Michelle Obama): the one other person
        the corpus names in full with that surname and the title's known gender."""
        g = self.hons.get(hon) if hon else None
        if g is None:
            return None
        # people the corpus names in full (the registry's may not be in it at all)
        fits = sorted(a for a in self.corpus_surnames.get(word, set()) - set(persons)
                      if a not in self.registry_actors and self.genders.get(a) == g
                      and name_tokens(a)[0] is None)  # not a title-only person
        return fits[0] if len(fits) == 1 else None

    def _other_name_before(self, text: str, ss: int, s: int) -> bool:
        """A capitalised word right before, mid-sentence, that could be a given name
        ("Jane Sanders" is not Bernie Sanders)."""
        pm = WORD_BEFORE.search(text, max(ss, s - 40), s)
        if not pm:
            return False
        w = pm.group(1)
        lead = text[ss:pm.start(1)].strip(" \"'(-")
        if not lead and w.lower() in self.common:
            return False
        return (w not in self.non_name and w.rstrip(".") not in self.hons
                and w.lower() not in self.roles and w not in self.head)

    @staticmethod
    def _name_context(text: str, e: int) -> bool:
        """Followed by what follows a person's name: a speech or action verb in the
        present or past, a comma, "who", "and" (a list of people)."""
        return bool(_NAME_CONTEXT.match(text, e))


_GIVEN_INITIALS = re.compile(rf"(?<![\w'-])([{UP}][{LOW}{_EXT}]+)\s+(?:[{UP}]\.\s*)+$")


def same_given_name(a: str, b: str) -> bool:
    """Whether two given names are the same or one is a short form of the other
    ("Ken"/"Kenneth", ``nicknames`` of ``analytics/lang/en/name_parts.yaml``)."""
    return a == b or canonical_given(a) == canonical_given(b)


def canonical_given(name: str) -> str:
    """The full form of a given name ("Ken" -> "Kenneth"; others unchanged)."""
    return lex.nicknames().get(name, name)


_NAME_CONTEXT = re.compile(r"(?:,|\s+(?:who|and|has|had|is|was|said|says|told|added|"
                           r"[a-z]+ed\b|[a-z]+s\b))")


def _possessive(token: str) -> bool:
    return bool(_POSSESSIVE.search(token))


def _covered(spans: list[tuple[int, int]], starts: list[int], s: int, e: int) -> bool:
    i = bisect.bisect_left(starts, e)
    for j in range(i - 1, max(-1, i - 6), -1):
        a, b = spans[j]
        if a < e and s < b:
            return True
    return False
