"""Discovery of persons that the registry does not list.

A capitalised name is taken for a person only with a cue that English news uses
for people:

* ``title``: an honorific or title before it ("Mr Coale", "Sir Tony Brenton",
  "Professor Father Francesco Giordano", "Pope Francis");
* ``role``: a role noun before it ("envoy Steve Witkoff", "Kremlin aide Yuri
  Ushakov", "Defence Secretary John Healey");
* ``speech``: a speech verb after it ("John Bolton, who ..., said") or "said"/
  "according to" before it;
* ``apposition``: ", who", ", the <...> ambassador", ", 45," after it, or
  "the former ambassador to Russia, " before it;
* ``classifier``: no such cue, but the learned span classifier
  (:mod:`analytics.actors.ner`) gives the name of two tokens or more a person
  probability of at least :data:`~analytics.actors.name_cues.PERSON_THRESHOLD`
  ("Critics such as Nigel Lawson ...").

The classifier also vets the cued names without a title: one it gives a probability
of at least :data:`~analytics.actors.name_cues.NON_PERSON_THRESHOLD` of being no
person (an organisation, place or other thing: "Wells Fargo said") is rejected.
Each name is scored in its own sentence, independently of the other names in the
batch, so this keeps the evidence of a document a function of that document alone.

Candidates whose words are place, organisation, publication or event words
(``analytics/lang/en/name_stoplists.yaml``: "Downing Street", "Sky News", "Truth
Social", "Air Force One", "St Peter's Basilica") are rejected, and so are names in
photo credits ("Photo credit: Carl Court/Pool/Reuters").

Names of one token (without a title that stays part of the name, like "Pope")
attach to the multi-token name with the same last token in the document, else to
the only such name in the corpus. All occurrences of a discovered person's full
name are then mentions (kind ``discovered``); surname-only occurrences count in
documents with a cue for the person, or anywhere with a title ("Mr Coale").

Two passes, so that results never depend on chunking
----------------------------------------------------
Who counts as a person is decided on the *whole corpus*, while each mention is
matched within its own document, so a corpus read in chunks is read twice:

1. **Evidence** (:meth:`Discoverer.collect`, :meth:`Discoverer.evidence`): the cues
   of each document, found from that document's text alone, are reduced to small
   :class:`Evidence` records (name tokens, cue type, gender, title, example
   sentence) and added, document by document in corpus order, to a
   :class:`DiscoveryIndex`. Chunks of documents can be read anywhere (locally, on
   Dask workers) as long as their evidence is added in corpus order.
2. **Matching** (:meth:`Discoverer.use`, :meth:`Discoverer.find`): with the
   finalised index, each chunk finds the persons' names in its documents; which
   documents support a surname alone is again decided from the document's own cues.

The index holds one entry per distinct cued name (plus one example sentence), so
its size grows with the number of people named, not with the number of documents,
and every chunk of every pass sees the same index: the same corpus gives the same
mentions whatever the chunk size, backend or worker count.
:func:`analytics.actors.find_mentions` does both passes over its input when it is
not given an index.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Iterator

from ..text import strip_accents
from . import _lexicon as lex
from .coref import canonical_given, given_name_gender, has_suffix, surname
from .name_cues import LOW, UP, Cue, CueFinder, names_a_place_after
from .offices import Office, OfficeReader

__all__ = ["Discoverer", "DiscoveryIndex", "Evidence", "Person"]

_OFFICES = OfficeReader()
_PERSONAL = frozenset(h.rstrip(".") for h in lex.personal_honorifics())
_WORD_BEFORE = re.compile(rf"([{UP}][{LOW}]+)\s$")
_WORD_AFTER = re.compile(rf"\s([{UP}][{LOW}]+)")


@dataclass(frozen=True)
class Evidence:
    """One cue-supported occurrence of a name without its position: what the corpus
    index keeps (small and picklable)."""

    tokens: tuple[str, ...]
    cue: str
    gender: str | None
    hon: str  # the title before a title-only name ("Mr" of "Mr Coale"), else ""
    example: str  # its sentence, white space collapsed, at most 300 characters
    office: Office | None = None  # the office written with the name, if any


@dataclass(frozen=True)
class Person:
    """A discovered person (read-only once the index is finalised)."""

    canonical: str
    tokens: tuple[str, ...]
    gender: str | None
    cues: frozenset[str]
    example: str
    variants: tuple[str, ...] = ()  # other spellings of the full name
    offices: frozenset[Office] = frozenset()  # offices the corpus writes with the name


@dataclass
class _Group:
    """Evidence gathered for one person while the index is built."""

    seq: int  # corpus position of the first evidence
    canonical: str
    tokens: tuple[str, ...]
    example: str
    cues: set[str] = field(default_factory=set)
    count: int = 0  # cues of this spelling
    variants: list[str] = field(default_factory=list)  # merged spellings
    offices: set[Office] = field(default_factory=set)
    gender: tuple[int, str] | None = None  # first gendered full-name cue
    gender_single: tuple[int, str] | None = None  # first gendered title-only cue

    def note_gender(self, seq: int, gender: str | None, single: bool) -> None:
        if gender is None:
            return
        if single:
            if self.gender_single is None or seq < self.gender_single[0]:
                self.gender_single = (seq, gender)
        elif self.gender is None or seq < self.gender[0]:
            self.gender = (seq, gender)


class DiscoveryIndex:
    """The persons discovered in a corpus, built from cue evidence in corpus order.

    Add each document's evidence once, in corpus order, with :meth:`add_document`,
    then call :meth:`finalize`. The result depends only on the sequence of documents
    and their cues, never on how the corpus was split into chunks, and its size grows
    with the number of distinct cued names, not with the number of documents.

    Attributes (after :meth:`finalize`)
    ----------
    persons : dict of str to Person
        By canonical name.
    form_map, surname_map : dict of str to str
        Full-name spellings and unambiguous surnames to canonical names.
    pattern : re.Pattern or None
        One regular expression for every form (``None`` when nobody was found).
    """

    def __init__(self) -> None:
        self._seq = 0
        self._full: dict[str, _Group] = {}  # strip_accents(full name) -> group
        self._by_surname: dict[str, set[str]] = {}  # last token -> full-name keys
        self._titled: dict[str, _Group] = {}  # "\x00" + surname key -> title-only person
        self._pending: dict[str, _Group] = {}  # last token -> title-only cues to resolve
        # full-name key -> keys of longer names it ends, written in the same document
        # ("Duncan Smith" -> "Iain Duncan Smith")
        self._tails: dict[str, set[str]] = {}
        self._untitled: set[str] = set()  # full-name keys seen without a personal title
        self._canon: dict[str, str] = {}  # key -> canonical name (after finalize)
        self.finalized = False
        self.persons: dict[str, Person] = {}
        self.form_map: dict[str, str] = {}
        self.surname_map: dict[str, str] = {}
        self.pattern: re.Pattern | None = None

    def add_document(self, cues: list[Evidence]) -> None:
        """Add the cues of one document (in text order); documents in corpus order.

        A full name (two tokens or more) is a person of its own; a title-only name
        ("Mr Coale") attaches to the one full name with the same last token in the
        same document, else (see :meth:`finalize`) to the one such name in the
        corpus, else it is a person known by title and surname.
        """
        if self.finalized:
            raise RuntimeError("the index is finalised")
        local: dict[str, set[str]] = {}
        seqs = []
        longer = {strip_accents(" ".join(c.tokens)): c.tokens for c in cues if len(c.tokens) >= 3}
        for c in cues:
            seqs.append(self._seq)
            self._seq += 1
            if len(c.tokens) < 2:
                continue
            key = strip_accents(" ".join(c.tokens))
            g = self._full.get(key)
            if g is None:
                g = self._full[key] = _Group(seqs[-1], " ".join(c.tokens), c.tokens, c.example)
            g.cues.add(c.cue)
            g.count += 1
            if c.office is not None:
                g.offices.add(c.office)
            g.note_gender(seqs[-1], c.gender, single=False)
            if c.hon.rstrip(".") not in _PERSONAL:
                self._untitled.add(key)
            n = len(c.tokens)
            for k2, t2 in longer.items():
                if len(t2) > n and t2[-n:] == c.tokens:
                    self._tails.setdefault(key, set()).add(k2)
            local.setdefault(surname(c.tokens), set()).add(key)
            self._by_surname.setdefault(surname(c.tokens), set()).add(key)
        for seq, c in zip(seqs, cues):
            if len(c.tokens) >= 2:
                continue
            last = c.tokens[0]
            keys = self._compatible(local.get(last), c.gender)
            if keys and len(keys) == 1:
                g = self._full[next(iter(keys))]
            elif keys:
                g = self._titled_group(seq, c)
            else:  # decided once the whole corpus is known
                g = self._pending.get(last)
                if g is None:
                    g = self._pending[last] = _Group(seq, _titled_name(c), (), c.example)
            g.cues.add(c.cue)
            if c.office is not None:
                g.offices.add(c.office)
            g.note_gender(seq, c.gender, single=True)

    def _compatible(self, keys: set[str] | None, gender: str | None) -> set[str] | None:
        """The full names a title-only name can attach to: "Mrs Rudd" is not Kevin
        Rudd (the given name's gender, else the gender of the full name's own cues,
        must not contradict the title)."""
        if not keys or gender is None:
            return keys
        out = set()
        for k in keys:
            g = self._full[k]
            known = given_name_gender(g.tokens[0]) or (g.gender[1] if g.gender else None)
            if known in (None, gender):
                out.add(k)
        return out

    def _titled_group(self, seq: int, c: Evidence) -> _Group:
        key = "\x00" + strip_accents(c.tokens[0])
        g = self._titled.get(key)
        if g is None:
            g = self._titled[key] = _Group(seq, _titled_name(c), (), c.example)
        elif seq < g.seq:
            g.seq, g.canonical, g.example = seq, _titled_name(c), c.example
        return g

    def finalize(self) -> "DiscoveryIndex":
        """Resolve title-only names against the whole corpus and compile the matcher.

        Returns
        -------
        DiscoveryIndex
            ``self``, now read-only.
        """
        if self.finalized:
            return self
        self._merge_variants()
        self._merge_tails()
        self._resolve_pending()
        self.persons = self._build_persons()
        self._build_matcher()
        self.finalized = True
        return self

    def _merge_variants(self) -> None:
        """One person for spellings of one name: with and without middle names or
        initials ("James B. Comey", "James Comey"), short given names ("Ken Clarke",
        "Kenneth Clarke"). Never when two different middle names share the given name
        and surname ("George H. W. Bush", "George W. Bush"): those stay apart, and so
        does the spelling without a middle name."""
        buckets: dict[tuple, list[str]] = {}
        for key, g in self._full.items():
            if len(g.tokens) < 2:
                continue
            given = canonical_given(g.tokens[0])
            buckets.setdefault((strip_accents(given), strip_accents(surname(g.tokens)),
                                has_suffix(g.tokens) and g.tokens[-1].rstrip(".,")),
                               []).append(key)
        for keys in buckets.values():
            if len(keys) < 2:
                continue
            groups = [self._full[k] for k in keys]
            middles = {_middle(g.tokens) for g in groups} - {()}
            if len(middles) > 1:
                continue
            main = max(groups, key=lambda g: (g.count, -g.seq))
            for k, g in zip(keys, groups):
                if g is main:
                    continue
                main.cues |= g.cues
                main.offices |= g.offices
                main.count += g.count
                main.variants.append(g.canonical)
                if g.gender is not None:
                    main.note_gender(*g.gender, single=False)
                if g.seq < main.seq:
                    main.seq = g.seq
                self._full[k] = main
                last = surname(g.tokens)
                if last in self._by_surname:
                    self._by_surname[last].discard(k)
                    self._by_surname[last].add(keys[groups.index(main)])

    def _merge_tails(self) -> None:
        """One person for a name and the end of a longer name: compound surnames
        ("Mr Duncan Smith" for Iain Duncan Smith, "Rodríguez Zapatero" for José Luis
        Rodríguez Zapatero) and a suffixed surname ("Trump Jr" for Donald Trump Jr).

        A name is merged into the one longer name it ends that the same document
        writes; without one, into the corpus's one longer name it ends, when its first
        word cannot be a given name (not a known given name, or always written after
        a personal title: "Mr Duncan Smith").
        """
        given = lex.given_name_genders()
        by_tokens: dict[tuple[str, ...], set[int]] = {}
        groups = {id(g): g for g in self._full.values()}
        for g in groups.values():
            for n in range(1, len(g.tokens) - 1):
                by_tokens.setdefault(g.tokens[-(n + 1):], set()).add(id(g))
        for key in sorted(self._full):
            g = self._full[key]
            if g.tokens is None or len(g.tokens) < 2:
                continue
            local = {id(self._full[k]) for k in self._tails.get(key, ()) if k in self._full}
            local.discard(id(g))
            if len(local) == 1:
                main = groups[next(iter(local))]
            else:
                cands = by_tokens.get(g.tokens, set()) - {id(g)}
                firstname = g.tokens[0] in given and any(
                    k in self._untitled for k, v in self._full.items() if v is g)
                if len(cands) != 1 or firstname or local:
                    continue
                main = groups[next(iter(cands))]
            if main is g or len(main.tokens) <= len(g.tokens):
                continue
            if g.tokens[0] in given and not _starts_like_a_name(main.tokens, given):
                # "Crooked Hillary Clinton": an epithet before a full name; the
                # full name is the person
                main, g = g, main
            main.cues |= g.cues
            main.offices |= g.offices
            main.count += g.count
            main.variants.append(g.canonical)
            main.variants.extend(g.variants)
            if g.gender is not None:
                main.note_gender(*g.gender, single=False)
            main.seq = min(main.seq, g.seq)
            for k, v in list(self._full.items()):
                if v is g:
                    self._full[k] = main
            last = surname(g.tokens)
            if last in self._by_surname:
                self._by_surname[last] = {k for k in self._by_surname[last]
                                          if self._full.get(k) is not g}
        self._tails = {}

    def _resolve_pending(self) -> None:
        """Attach each title-only name without a full name in its document to the one
        full name with its last token in the corpus, else to a title-only person."""
        for last, pend in self._pending.items():
            gender = pend.gender_single[1] if pend.gender_single else None
            keys = self._compatible(self._by_surname.get(last, set()), gender) or set()
            if len(keys) == 1:
                g = self._full[next(iter(keys))]
            else:
                key = "\x00" + strip_accents(last)
                g = self._titled.get(key)
                if g is None:
                    g = self._titled[key] = _Group(pend.seq, pend.canonical, (), pend.example)
                elif pend.seq < g.seq:
                    g.seq, g.canonical, g.example = pend.seq, pend.canonical, pend.example
            g.cues |= pend.cues
            g.offices |= pend.offices
            if pend.gender_single is not None:
                g.note_gender(*pend.gender_single, single=True)
        self._pending = {}

    def _build_persons(self) -> dict[str, Person]:
        """The persons in order of first evidence (keeps ``_canon``; drops the groups)."""
        groups = sorted([*self._full.items(), *self._titled.items()], key=lambda kv: kv[1].seq)
        persons: dict[str, Person] = {}
        for key, g in groups:
            self._canon[key] = g.canonical
            if g.canonical in persons:
                continue
            gender = (g.gender or g.gender_single or (0, None))[1]
            tokens = g.tokens or tuple(g.canonical.split())
            persons[g.canonical] = Person(g.canonical, tokens, gender, frozenset(g.cues),
                                          g.example, tuple(g.variants), frozenset(g.offices))
        self._full, self._titled = {}, {}  # kept: _canon and _by_surname (attribute)
        return persons

    def _build_matcher(self) -> None:
        """``form_map``, ``surname_map`` and ``pattern`` from the persons."""
        name_hon = lex.name_honorifics()
        non_name = frozenset(lex.stoplists().get("non_name_words", []))
        role_nouns = frozenset(w.lower() for w in lex.cues().get("role_nouns", []))
        # personal honorifics only: "Mr Coale" is a surface, "Minister Ishiba" is a title
        hons = [h for h in lex.honorifics() if h.lower() not in role_nouns]
        form_map: dict[str, str] = {}
        surname_count: dict[str, set[str]] = {}
        for p in self.persons.values():
            for form in (p.canonical, *p.variants):
                form_map[form] = p.canonical
                form_map[strip_accents(form)] = p.canonical
            if len(p.tokens) >= 2 and p.tokens[0] not in name_hon:
                surname_count.setdefault(surname(p.tokens), set()).add(p.canonical)
        self.form_map = form_map
        self.surname_map = {
            s: next(iter(v)) for s, v in sorted(surname_count.items())
            if len(v) == 1 and s not in non_name and s not in form_map
        }
        forms = set(form_map) | set(self.surname_map)
        if forms:
            self.pattern = re.compile(
                rf"(?<![\w'-])(?P<hon>(?:(?:{lex.alternation(hons)})\.?\s+)*)"
                rf"(?P<name>{lex.trie_regex(sorted(forms))})(?![\w-])"
            )

    def attribute(self, cues: list[tuple[int, tuple[str, ...]]]) -> list[tuple[int, str]]:
        """``(document, canonical name)`` of each ``(document, name tokens)`` cue, resolved
        as :meth:`add_document` and :meth:`finalize` did; cues of names the index does
        not hold are left out."""
        local: dict[tuple[str, int], set[str]] = {}
        for doc, tokens in cues:
            if len(tokens) >= 2:
                local.setdefault((surname(tokens), doc), set()).add(
                    strip_accents(" ".join(tokens)))
        out = []
        for doc, tokens in cues:
            if len(tokens) >= 2:
                key = strip_accents(" ".join(tokens))
            else:
                keys = local.get((tokens[0], doc)) or self._by_surname.get(tokens[0], set())
                key = next(iter(keys)) if len(keys) == 1 else "\x00" + strip_accents(tokens[0])
            canon = self._canon.get(key)
            if canon is not None:
                out.append((doc, canon))
        return out


def _middle(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """The middle names of a full name, as initials ("B." and "Bernard" agree)."""
    toks = list(tokens)
    if has_suffix(toks):
        toks.pop()
    return tuple(t[0] for t in toks[1:-1])


def _titled_name(c: Evidence) -> str:
    return f"{c.hon} {c.tokens[0]}" if c.hon else c.tokens[0]


class Discoverer:
    """Cue-based discovery of person names (one instance per call of find_mentions).

    :meth:`collect` the cues of a corpus string (pass 1), turn them into
    :meth:`evidence` for a :class:`DiscoveryIndex`, :meth:`use` the finalised index,
    then :meth:`find` the persons' names (pass 2).
    """

    def __init__(self) -> None:
        self.finder = CueFinder()
        self.non_name = self.finder.non_name
        self.ambiguous = self.finder.ambiguous
        self.hon = self.finder.hon
        self.role_nouns = self.finder.role_nouns
        self.cues: list[Cue] = []
        self.offices: list[Office | None] = []  # per cue
        self.index: DiscoveryIndex | None = None
        self.persons: dict[str, Person] = {}
        self.form_map: dict[str, str] = {}
        self.surname_map: dict[str, str] = {}
        self.pattern: re.Pattern | None = None
        self.docs_of: dict[str, set[int]] = {}
        #: the offices the corpus writes with each discovered person's name (set by use)
        self.corpus_offices: dict[str, frozenset[Office]] = {}

    # ------------------------------------------------------------------ pass 1
    def collect(self, text: str, sent_starts: list[int], sent_doc: list[int], sent_base: int = 0) -> None:
        """Collect cue-supported names from a (masked, normalised) corpus string
        (see :meth:`CueFinder.find`)."""
        found = self.finder.find(text, sent_starts, sent_doc, sent_base)
        for c in found:
            si = c.sent - sent_base
            ss = sent_starts[si]
            se = sent_starts[si + 1] - 1 if si + 1 < len(sent_starts) else len(text)
            self.offices.append(_OFFICES.title_before(text, ss, c.start)
                                or _OFFICES.apposition_after(text, c.end, se))
        self.cues.extend(found)

    # ------------------------------------------------------------------ evidence
    def evidence(self, sent_texts: list[str]) -> list[tuple[int, list[Evidence]]]:
        """The collected cues as :class:`Evidence`, grouped by document.

        Parameters
        ----------
        sent_texts : list of str
            Sentence texts, indexed like the ``sent`` of the cues (for examples).

        Returns
        -------
        list of (int, list of Evidence)
            ``(document index, cues in text order)`` in the order documents were
            collected (only documents with at least one cue).
        """
        out: list[tuple[int, list[Evidence]]] = []
        for c, office in zip(self.cues, self.offices):
            if not out or out[-1][0] != c.doc:
                out.append((c.doc, []))
            ex = sent_texts[c.sent] if 0 <= c.sent < len(sent_texts) else ""
            out[-1][1].append(Evidence(c.tokens, c.cue, c.gender, c.hon,
                                       " ".join(str(ex).split())[:300], office))
        return out

    def use(self, index: "DiscoveryIndex") -> None:
        """Match the persons of ``index`` (finalised) in the texts collected here.

        Which documents support a surname-only mention is decided from the cues
        collected by this instance (document-local evidence); who the persons are
        comes from ``index`` (corpus evidence).
        """
        self.index = index
        self.persons = index.persons
        self.form_map = index.form_map
        self.surname_map = index.surname_map
        self.pattern = index.pattern
        docs: dict[str, set[int]] = {}
        for doc, canon in index.attribute([(c.doc, c.tokens) for c in self.cues]):
            docs.setdefault(canon, set()).add(doc)
        self.docs_of = docs
        self.corpus_offices = {k: p.offices for k, p in self.persons.items() if p.offices}

    # ------------------------------------------------------------------ pass 2
    def find(self, text: str, sent_starts: list[int],
             sent_doc: list[int]) -> Iterator[tuple[int, int, str]]:
        """Yield ``(start, end, canonical)`` for discovered persons in ``text`` (masked).

        Call :meth:`use` first. A full name always counts; a one-token person or a
        surname alone needs a title before it or a cue for the person in the document
        (and never counts alone when it is an ambiguous surname); a given name right
        before or a capitalised word right after means another entity ("Tom Coale",
        "Coale Street").
        """
        if self.pattern is None:
            return
        for m in self.pattern.finditer(text):
            name = " ".join(m.group("name").split())
            hon = m.group("hon").strip()
            si = bisect.bisect_right(sent_starts, m.start()) - 1
            canon = self._person_of(name, bool(hon), sent_doc[si])
            if canon is None:
                continue
            ns = m.start("name")
            end = m.end("name")
            if not hon and self._given_name_before(text[max(sent_starts[si], ns - 30):ns]):
                continue
            if self._word_after(text[end:end + 30]) or (
                    " " in name and names_a_place_after(text, end)):
                continue  # "Coale Street"; "Jomo Kenyatta International Airport"
            yield (m.start() if hon else ns), end, canon

    def _person_of(self, name: str, titled: bool, doc: int) -> str | None:
        """The person a matched name designates in document ``doc`` (None: not here)."""
        if name in self.form_map:
            canon = self.form_map[name]
            p = self.persons[canon]
            if len(p.tokens) == 1 and not titled:
                if doc not in self.docs_of.get(canon, ()) or p.tokens[0] in self.ambiguous:
                    return None
            return canon
        canon = self.surname_map[name]
        if not titled and (doc not in self.docs_of.get(canon, ()) or name in self.ambiguous):
            return None
        return canon

    def _given_name_before(self, prev: str) -> bool:
        """A capitalised word, not at the sentence start, right before the name."""
        pm = _WORD_BEFORE.search(prev)
        return bool(pm and pm.group(1) not in self.non_name and pm.group(1) not in self.hon
                    and pm.group(1).lower() not in self.role_nouns
                    and prev[:pm.start(1)].strip(" \"'(") != "")

    def _word_after(self, nxt: str) -> bool:
        """A capitalised word right after the name (part of another name)."""
        w = _WORD_AFTER.match(nxt)
        return bool(w and w.group(1) not in self.non_name)

    def gender_of(self, canonical: str) -> str | None:
        p = self.persons.get(canonical)
        return p.gender if p else None


def _starts_like_a_name(tokens: tuple[str, ...] | list[str], given: dict) -> bool:
    """Whether a name's first word can begin a person's name: a known given name or an
    initial ("J." / "J")."""
    first = tokens[0].rstrip(".")
    return first in given or len(first) == 1
