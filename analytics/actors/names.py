"""Registry names in text: every surface form of every actor, and when a surname counts.

Every surface form of every registry actor (full name, spelling variants,
accent-free spellings, surname, "Mr/Ms/Dr/President + surname", "Sir Keir" for
actors with an honorific, registry aliases) is compiled into one trie-shaped regular
expression (:class:`NameMatcher`) run over a whole chunk of sentences at once.
Longest match wins; possessives ("Starmer's") match.

A match is not a mention of the actor when it is part of another name:

* a name suffix follows ("Donald Trump Jr" is another person);
* a single word is followed by another capitalised word ("Trump Tower");
* a surname alone is preceded, mid-sentence, by a capitalised word that could be a
  given name ("Melania Trump");
* a surname that is a common word or first name (``ambiguous_surnames`` of
  ``analytics/lang/en/name_stoplists.yaml``), or an accent-free spelling ("Store"
  for Støre), is licensed only when the document names the actor in full or with a
  title (:func:`supported_actors`).

A surface shared by several actors goes to the one the document supports, else it is
kept unresolved (``actor == ""``).
"""

from __future__ import annotations

import re
import weakref

from ..lang import en
from ..text import strip_accents
from . import _lexicon as lex
from .chunks import Chunk
from .name_cues import NEXT_WORD, WORD_BEFORE, names_a_place_after
from .registry import ActorRegistry
from .roles import RoleMatcher

__all__ = ["NameMatcher", "matcher_for", "registry_names", "supported_actors"]

#: A registry surface form: (actor, kind, surname only).
Entry = tuple[str, str, bool]
#: A name mention while mentions are being found: [start, end, actor, kind, resolved].
Item = list


class NameMatcher:
    """Compiled surface forms of a registry (one regex for all actors), the registry's
    role matcher and the word lists that decide whether a surname counts.

    Parameters
    ----------
    registry : ActorRegistry
    """

    def __init__(self, registry: ActorRegistry) -> None:
        self.registry = registry
        self.forms = _surface_forms(registry)
        # accent-free spellings of surnames ("Store" for Støre) may be ordinary
        # words: like ambiguous surnames they need the full name in the document
        self.needs_support = frozenset(
            strip_accents(x) for a in registry for x in a.surnames() if strip_accents(x) != x
        )
        self.pattern = re.compile(
            r"(?<![\w])" + lex.trie_regex(sorted(self.forms)) + r"(?![\w])"
        )
        self.suffix = re.compile(
            r",?\s+(?:" + "|".join(re.escape(w) for w in en.items("name_parts", "suffixes"))
            + r")\b\.?")
        self.roles = RoleMatcher(registry)
        st = lex.stoplists()
        self.ambiguous = frozenset(st.get("ambiguous_surnames", []))
        self.non_name = frozenset(st.get("non_name_words", []))
        self.head = frozenset(st.get("head_words", []))
        self.hon = frozenset(lex.honorifics())
        self.stop_words = frozenset(str(w).lower() for w in st.get("common_words", []))
        self.role_words = frozenset(w.lower() for w in lex.cues().get("role_nouns", []))
        quals = set()
        for sc in registry.scopes.values():
            quals.update(sc.adjectives)
            quals.update(sc.names)
        self.quals = frozenset(quals)
        self.given_initial = {a.name: a.name[0] for a in registry}
        self.gender = {a.name: a.gender for a in registry}
        self.is_person = {a.name: a.is_person for a in registry}


def _surface_forms(registry: ActorRegistry) -> dict[str, list[Entry]]:
    hons = lex.personal_honorifics()
    forms: dict[str, list[Entry]] = {}
    for a in registry:
        for surface, (kind, sur) in a.surface_forms(hons).items():
            forms.setdefault(surface, []).append((a.name, kind, sur))
    return forms


_CACHE: "weakref.WeakKeyDictionary[ActorRegistry, tuple[int, NameMatcher]]" = weakref.WeakKeyDictionary()


def matcher_for(registry: ActorRegistry) -> NameMatcher:
    """The :class:`NameMatcher` of a registry (cached while the registry is unchanged)."""
    hit = _CACHE.get(registry)
    if hit is not None and hit[0] == registry._version:
        return hit[1]
    m = NameMatcher(registry)
    _CACHE[registry] = (registry._version, m)
    return m


def registry_names(ch: Chunk, nm: NameMatcher) -> list[Item]:
    """Registry name and alias mentions of a chunk.

    Parameters
    ----------
    ch : Chunk
    nm : NameMatcher

    Returns
    -------
    list of [start, end, actor, kind, resolved]
        In text order; positions in the chunk's strings; ``kind`` is ``name`` or
        ``alias``; a surface that several actors share and the document does not
        decide has ``actor == ""`` and ``resolved == False``.
    """
    raw = _matches(ch, nm)
    if not raw:
        return []
    support = supported_actors(ch, raw)
    out = []
    for s, e, surface, entries in raw:
        if _part_of_other_name(ch, nm, s, e, surface, entries, support):
            continue
        out.append(_choose_actor(s, e, entries, ch.doc_of(s), support))
    return out


def _matches(ch: Chunk, nm: NameMatcher) -> list[tuple[int, int, str, list[Entry]]]:
    """Every match of a surface form: (start, end, surface, entries)."""
    raw = []
    for m in nm.pattern.finditer(ch.text):
        surface = " ".join(m.group().split())
        entries = nm.forms.get(surface)
        if entries:
            raw.append((m.start(), m.end(), surface, entries))
    return raw


def supported_actors(ch: Chunk, raw: list[tuple[int, int, str, list[Entry]]]) -> set[tuple[int, str]]:
    """(document, actor) pairs named by a form that is not a surname alone (the full
    name, a variant, a title form, an alias) and by that actor only."""
    support: set[tuple[int, str]] = set()
    for s, _e, _surface, entries in raw:
        if len(entries) == 1 and not entries[0][2]:
            support.add((ch.doc_of(s), entries[0][0]))
    return support


def _part_of_other_name(ch: Chunk, nm: NameMatcher, s: int, e: int, surface: str,
                        entries: list[Entry], support: set[tuple[int, str]]) -> bool:
    """True when the match belongs to another name (see the module notes)."""
    text = ch.text
    if nm.suffix.match(text, e):
        return True
    if " " not in surface:
        nx = NEXT_WORD.match(text, e)
        if nx and nx.group(1) not in nm.non_name:
            return True
    elif names_a_place_after(text, e):  # "Ronald Reagan Washington National Airport"
        return True
    if not all(x[2] for x in entries):  # not a surname alone
        return False
    si = ch.sent_of(s)
    if _given_name_before(ch, nm, si, s, entries):
        return True
    return _needs_support(nm, surface) and not any((ch.doc_idx[si], x[0]) in support
                                                   for x in entries)


def _given_name_before(ch: Chunk, nm: NameMatcher, si: int, s: int, entries: list[Entry]) -> bool:
    """A capitalised word before a surname that reads as another given name."""
    text = ch.text
    pm = WORD_BEFORE.search(text, max(ch.starts[si], s - 40), s)
    if not pm:
        return False
    w = pm.group(1)
    lead = text[ch.starts[si]:pm.start(1)].strip(" \"'(-")
    # at a sentence start, common words and -ly adverbs are not given names
    opener = not lead and (w.lower() in nm.stop_words or w.endswith("ly"))
    return (not opener and w not in nm.non_name and w not in nm.hon and w not in nm.quals
            and w.lower() not in nm.role_words and w not in nm.head
            and not any(w[0] == nm.given_initial[x[0]] for x in entries))


def _needs_support(nm: NameMatcher, surface: str) -> bool:
    """Surnames that count only where the document names the actor otherwise."""
    return surface in nm.ambiguous or surface in nm.needs_support


def _choose_actor(s: int, e: int, entries: list[Entry], doc: int,
                  support: set[tuple[int, str]]) -> Item:
    """The mention of a surface: its only actor, else the one the document supports."""
    if len(entries) == 1:
        actor, kind, _ = entries[0]
        return [s, e, actor, kind, True]
    supported = [x for x in entries if (doc, x[0]) in support]
    if len(supported) == 1:
        return [s, e, supported[0][0], supported[0][1], True]
    return [s, e, "", "alias", False]
