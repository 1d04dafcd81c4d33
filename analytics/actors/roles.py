"""Role references ("the British Prime Minister", "the PM", "the Russian leader").

A role mention is a definite description of an office. It is resolved to the actor
holding the office in context:

* qualified by a country or organisation ("the US president", "Russia's foreign
  minister", "the president of France"): the registry says who holds it (on the
  document date when known); if that is not unique, the nearest compatible
  explicit mention in the document decides;
* unqualified ("the president", "the PM", "the Chancellor"): the nearest explicit
  mention (preceding first, then following) of an actor who holds or held such an
  office decides; when no such mention exists the mention is kept with
  ``resolved=False`` and an empty actor - unless exactly one actor of the
  registry ever held such an office;
* "former"/"then"/"late" ask for a past holder;
* generic nouns ("the Russian leader") need a qualifier and match offices flagged
  ``leader: true``.

A role written right before a name ("Prime Minister Keir Starmer", "Russia's
Foreign Minister Sergei Lavrov") is a title, not a separate mention: the name is
the mention.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import re
from dataclasses import dataclass
from typing import Any

from . import _lexicon as lex
from .chunks import Chunk
from .name_cues import NEXT_WORD
from .offices import OfficeReader, proper_key, resolve_references
from ..text import strip_accents
from .registry import ActorRegistry, Role

__all__ = ["RoleHit", "RoleMatcher", "role_mentions"]


@dataclass
class RoleHit:
    """A role phrase found in the text (positions in the matcher's string)."""

    start: int
    end: int
    title: str          # matched title, lower-case, single-spaced
    scope: str | None   # scope key from a qualifier
    former: bool
    explicit: bool      # has a determiner or qualifier: a referring expression


def _norm(s: str) -> str:
    return " ".join(s.split())


def _title_index(registry: ActorRegistry, generic: set[str]
                 ) -> tuple[dict[str, list[tuple[str, Role]]], set[str]]:
    """Lower-cased title -> [(actor, role)] (generic nouns for leader roles), and the
    case-sensitive titles (short upper-case ones: "PM")."""
    index: dict[str, list[tuple[str, Role]]] = {}
    cs_titles: set[str] = set()
    for a in registry:
        for r in a.roles:
            for t in r.titles:
                key = _norm(t).lower()
                index.setdefault(key, []).append((a.name, r))
                if t.isupper() and len(t) <= 4:
                    cs_titles.add(_norm(t))
            if r.leader:
                for g in generic:
                    index.setdefault(g, []).append((a.name, r))
    return index, cs_titles


def _scope_phrases(registry: ActorRegistry) -> tuple[dict[str, str], dict[str, str]]:
    """Qualifiers before a role ("British", "Britain's") and names after "of" ("the
    United Kingdom"), each -> scope key."""
    qual: dict[str, str] = {}
    names: dict[str, str] = {}
    for key, sc in registry.scopes.items():
        for n in sc.names:
            n = _norm(n)
            names[n] = key
            names[f"the {n}"] = key
            if not n.endswith("s"):
                qual[f"{n}'s"] = key
            else:
                qual[f"{n}'"] = key
        for adj in sc.adjectives:
            qual[_norm(adj)] = key
    return qual, names


def _role_pattern(ci_titles: set[str], cs_titles: set[str], qual: dict[str, str],
                  names: dict[str, str]) -> re.Pattern:
    """One regex for "[the] [former] [qualifier] [modifier] title [of name]"."""
    roles = "(?:(?i:" + lex.trie_regex(sorted(ci_titles)) + ")" + (
        "|" + lex.trie_regex(sorted(cs_titles)) if cs_titles else "") + ")"
    former = "|".join(re.escape(w) for w in sorted(lex.cues().get("former_words", []),
                                                   key=len, reverse=True)
                      if not w.endswith("-"))
    return re.compile(
        r"(?<![\w-])"
        r"(?:(?P<det>[Tt]he)\s+)?"
        rf"(?:(?P<former>(?i:{former}))(?:\s*-\s*|\s+))?"
        rf"(?:(?P<qual>{lex.trie_regex(sorted(qual))})\s+)?"
        rf"(?:(?P<role>{roles})|(?(det)(?P<mod>[a-z][a-z]+(?:-[a-z]+)?)\s+(?P<role2>{roles})|(?!x)x))"
        rf"(?:\s+of\s+(?P<qual2>{lex.trie_regex(sorted(names))}))?"
        r"(?![\w-])"
    )


class RoleMatcher:
    """Finds and resolves role phrases for one registry."""

    def __init__(self, registry: ActorRegistry) -> None:
        self.registry = registry
        holders = registry.office_holders()
        # the registry's actors and, when it has them, the past office holders (not
        # matched as names: they resolve roles of the people a document names)
        offices = registry if holders is None else holders.merge(registry)
        self.generic = {g.lower() for g in lex.cues().get("generic_roles", [])}
        self.blocking = {w.lower() for w in lex.cues().get("role_blocking_modifiers", [])}
        self.predicate_before = frozenset(
            w.lower() for w in lex.cues().get("role_predicate_before", []))
        self.indefinite_before = frozenset(
            w.lower() for w in lex.cues().get("role_indefinite_before", []))
        self.index, cs_titles = _title_index(offices, self.generic)
        if holders is not None:
            for a in holders:  # earlier offices of the registry's own people
                if a.name in registry:
                    for r in a.roles:
                        for t in r.titles:
                            self.index.setdefault(_norm(t).lower(), []).append((a.name, r))
        ci_titles = {t for t in self.index if t.upper() not in cs_titles or t in self.generic}
        ci_titles = {t for t in ci_titles if not any(t == c.lower() for c in cs_titles)}
        #: a person's name as a document may write it ("George W Bush", "Alain
        #: Juppe") -> the holders of the index it may designate
        self._holder_keys: dict[str, set[str]] = {}
        for a in offices:
            self._holder_keys.setdefault(_person_key(a.name), set()).add(a.name)
            for v in a.variants:
                self._holder_keys.setdefault(_person_key(v), set()).add(a.name)
        self._as_holders: dict[str, frozenset[str]] = {}
        self._titled: dict[tuple[str, str], frozenset[str]] | None = None
        self._roles_of: dict[str, list[Role]] = {}
        for entries in self.index.values():
            for a, r in entries:
                if r not in self._roles_of.setdefault(a, []):
                    self._roles_of[a].append(r)
        self.qual, self.names = _scope_phrases(offices)
        self._within = _subordinate_scopes(offices)
        scope_words = {w.lower() for w in list(self.qual) + list(self.names)}
        self.scoped_titles = {
            t for t in self.index
            if any(t.startswith(w + " ") for w in scope_words)
        }
        self.pattern = _role_pattern(ci_titles, cs_titles, self.qual, self.names)
        #: qualifier words that name a scope (as :func:`.offices.proper_key` writes
        #: them) -> the scope key
        self.scope_words: dict[str, str] = {}
        for phrase, key in [*self.qual.items(), *self.names.items()]:
            words = [proper_key(t) for t in phrase.split()]
            words = [w for w in words if w not in ("the", "of")]
            if len(words) == 1:
                self.scope_words.setdefault(words[0], key)
            else:  # "United Kingdom": each word qualifies only with the others
                self.scope_words.setdefault(" ".join(words), key)

    _of_other = re.compile(r"\s+of\s+(?:the\s+)?[A-ZÀ-ÖØ-Þ]")

    # ------------------------------------------------------------------ finding
    def find(self, text: str) -> list[RoleHit]:
        """All role phrases in ``text`` (normalised)."""
        out: list[RoleHit] = []
        for m in self.pattern.finditer(text):
            title = _norm(m.group("role") or m.group("role2")).lower()
            if not m.group("qual2") and self._of_other.match(text, m.end()):
                # "the president of FIFA", "the prime minister of Japan": an office
                # of something the registry does not scope
                continue
            mod = m.group("mod")
            if mod and mod.lower() in self.blocking:
                continue
            if self._not_a_reference(text, m.start()):
                continue
            qual = m.group("qual")
            scope = None
            if qual:
                scope = self.qual.get(_norm(qual))
            q2 = m.group("qual2")
            if q2:
                scope2 = self.names.get(_norm(q2))
                if scope and scope2 and scope != scope2:
                    continue
                scope = scope or scope2
            cands = self.index.get(title, [])
            if qual and scope and not any(r.scope == scope for _, r in cands):
                # "EU chief": try the qualifier as part of the title
                joined = f"{_norm(qual).lower()} {title}"
                if joined in self.index:
                    title, scope = joined, None
                else:
                    continue
            start = m.start("qual") if qual and not m.group("det") and not m.group("former") else m.start()
            if m.group("det"):
                start = m.end("det")
                # surface starts after "the " (skip the whitespace)
                while start < len(text) and text[start].isspace():
                    start += 1
            explicit = bool(m.group("det") or qual or q2 or title in self.scoped_titles)
            if title in self.generic and not scope:
                continue
            out.append(RoleHit(start, m.end(), title, scope, bool(m.group("former")), explicit))
        return out

    _words_before = re.compile(r"(?:([A-Za-z][\w'-]*)\s+)?([A-Za-z][\w'-]*)\s+$")

    def _not_a_reference(self, text: str, start: int) -> bool:
        """Whether the words before a role phrase make it a predicate ("was elected
        prime minister") or indefinite ("a state trooper")."""
        m = self._words_before.search(text, max(0, start - 40), start)
        if m is None:
            return False
        before2, before = m.group(1), m.group(2)
        low = before.lower()
        if low in self.predicate_before or low in self.indefinite_before:
            return True
        return bool(before2 and before.islower() and before2.lower() in self.indefinite_before)

    # ------------------------------------------------------------------ resolving
    def candidates(self, hit: RoleHit) -> list[tuple[str, Role]]:
        cands = self.index.get(hit.title, [])
        if hit.scope:
            cands = [(a, r) for a, r in cands if r.scope == hit.scope]
        return cands

    def resolve(
        self,
        hit: RoleHit,
        explicit_pos: list[int],
        explicit_actor: list[str],
        when: "_dt.date | tuple[_dt.date, _dt.date] | None" = None,
        facts=(),
        home: str | None = None,
    ) -> tuple[str, bool] | None:
        """Resolve a role hit with the registry.

        Parameters
        ----------
        hit : RoleHit
        explicit_pos, explicit_actor : list
            Positions (sorted) and actors of the explicit name mentions of the
            same document.
        when : datetime.date or (date, date), optional
            The document's date, or the coverage period for an undated document.
            Without either, registry tenures are not used: only holders the
            document itself names can be meant.
        facts : iterable of (title, scope, actor)
            Offices the document itself gives to people ("Prime Minister Shigeru
            Ishiba" makes Ishiba a holder of "prime minister" in that document).
        home : str, optional
            The scope most of the office holders the document names belong to
            (:meth:`home_scope`): with a date, an office held in several countries
            ("the defence secretary") is the home one's when no holder is named.

        Returns
        -------
        (actor, resolved) or None
            None when the phrase names no office of the registry.
        """
        cands = self.candidates(hit)
        local = {a for t, sc, a in facts if t == hit.title and sc == hit.scope}
        if not cands and not local:
            return None
        if hit.former:
            # without a date: a past holder the document names ("Donald Trump ...
            # the former US president"), never one it does not name
            holders = {a for a, r in cands if _ended(r, when)}
            ctx = self._nearest(hit.start, holders, explicit_pos, explicit_actor)
            if ctx:
                return (ctx, True)
            if when is not None and len(holders) == 1:
                return (holders.pop(), True)
            return ("", False)
        if when is None:
            # no date: a holder the document names (stated or any tenure) decides
            holders = {a for a, _ in cands} | local
            ctx = self._nearest(hit.start, holders, explicit_pos, explicit_actor)
            return (ctx, True) if ctx else ("", False)
        current = {a for a, r in cands if _held(r, when)} | local
        ctx = self._nearest(hit.start, current, explicit_pos, explicit_actor)
        if ctx:
            return (ctx, True)
        if len(current) == 1:
            return (next(iter(current)), True)
        if home is not None and not hit.scope:
            at_home = {a for a, r in cands if r.scope == home and _held(r, when)}
            if len(at_home) == 1:
                return (next(iter(at_home)), True)
        return ("", False)

    def home_scope(self, actors: list[str],
                   when: "_dt.date | tuple[_dt.date, _dt.date] | None") -> str | None:
        """The scope (country or organisation) of most office holders a document
        names, counting each person once by the offices held at ``when`` (any office
        without a date); None without a strict majority. An office of a part of a
        country (a US state's senator or governor) counts for the country."""
        if when is None:
            return None
        counts: dict[str, int] = {}
        for actor in set(actors):
            scopes = {self._within.get(r.scope, r.scope) for holder in self.holders_named(actor)
                      for r in self._roles_of.get(holder, ()) if _held(r, when)}
            for sc in scopes:
                counts[sc] = counts.get(sc, 0) + 1
        if not counts:
            return None
        best = max(sorted(counts), key=counts.__getitem__)
        return best if 2 * counts[best] > sum(counts.values()) else None

    def titled_holders(self, title: str, surname: str) -> frozenset[str]:
        """The actors of the role index who held a one-word office ``title`` (lower
        case: "president") and whose name ends in ``surname``."""
        if self._titled is None:
            titled: dict[tuple[str, str], set[str]] = {}
            for t, entries in self.index.items():
                if " " in t:
                    continue
                for actor, _ in entries:
                    toks = actor.split()
                    if len(toks) >= 2:
                        titled.setdefault((t, toks[-1]), set()).add(actor)
            self._titled = {k: frozenset(v) for k, v in titled.items()}
        return self._titled.get((title, surname), frozenset())

    def holders_named(self, actor: str) -> frozenset[str]:
        """The actors of the role index that a name mention's actor may be: itself,
        and the office holders whose name it writes the same way (accents, dots and
        middle initials aside)."""
        got = self._as_holders.get(actor)
        if got is None:
            got = frozenset({actor} | self._holder_keys.get(_person_key(actor), set()))
            if len(self._as_holders) < 100_000:
                self._as_holders[actor] = got
        return got

    def _nearest(self, pos: int, allowed: set[str], positions: list[int],
                 actors: list[str]) -> str | None:
        """Nearest explicit mention (preceding first, then following) of a person who
        is, or is written like, an allowed actor: the document's own actor."""
        if not allowed:
            return None
        i = bisect.bisect_left(positions, pos)
        for j in [*range(i - 1, -1, -1), *range(i, len(positions))]:
            if actors[j] in allowed or not allowed.isdisjoint(self.holders_named(actors[j])):
                return actors[j]
        return None


def _subordinate_scopes(offices: ActorRegistry) -> dict[str, str]:
    """Scopes that are parts of a country: no office of theirs is a leader's and all
    their holders are of one country that is a scope itself (a US state: its
    governor and senators are of the US) -> that country."""
    leaders: set[str] = set()
    countries: dict[str, set[str | None]] = {}
    for a in offices:
        for r in a.roles:
            if r.leader:
                leaders.add(r.scope)
            countries.setdefault(r.scope, set()).add(a.country)
    out: dict[str, str] = {}
    for scope, cs in countries.items():
        country = next(iter(cs))
        if scope not in leaders and len(cs) == 1 and country is not None \
                and country != scope and country in offices.scopes:
            out[scope] = country
    return out


def _person_key(name: str) -> str:
    """A person's name without accents, dots, case and one-letter initials."""
    words = strip_accents(name).replace(".", " ").lower().split()
    return " ".join(w for w in words if len(w) > 1) or " ".join(words)


def _held(role: Role, when: "_dt.date | tuple[_dt.date, _dt.date]") -> bool:
    """Whether the role was held on the date, or at some time in the period."""
    if isinstance(when, tuple):
        d0, d1 = when
        if role.start is not None and d1 < role.start:
            return False
        return role.end is None or d0 < role.end
    return role.held_on(when)


def _ended(role: Role, when: "_dt.date | tuple[_dt.date, _dt.date] | None") -> bool:
    """Whether the tenure had ended by the date (by the end of the period; with
    neither, whether it has ended at all)."""
    if role.end is None:
        return False
    if when is None:
        return True
    return role.ended_before(when[1] if isinstance(when, tuple) else when)


# ---------------------------------------------------------------------- in context

def role_mentions(ch: Chunk, items: list[list], roles: RoleMatcher,
                  dates: dict[Any, Any], offices: OfficeReader | None = None,
                  period: tuple[_dt.date, _dt.date] | None = None,
                  corpus_offices: dict | None = None) -> list[list]:
    """The role mentions of a chunk, resolved in the context of its name mentions.

    Parameters
    ----------
    ch : Chunk
    items : list of [start, end, actor, kind, resolved]
        The chunk's name mentions (registry and discovered), sorted by position.
    roles : RoleMatcher
    dates : dict
        ``doc_id`` -> document date (tenures), for the documents that have one.

    Returns
    -------
    list of [start, end, actor, "role", resolved]
        Role phrases that are not titles of a name and name an office of the
        registry (or of the document); unresolved ones have ``actor == ""``.
    """
    kept, facts = _references(ch, items, roles.find(ch.text))
    by_doc = _explicit_names(ch, items)
    out: list[list] = []
    if offices is not None:
        per_doc: dict[int, list[list]] = {}
        for x in items:
            per_doc.setdefault(ch.doc_of(x[0]), []).append(x)
        for d in sorted(set(ch.doc_idx)):
            found = resolve_references(ch, d, per_doc.get(d, []), offices, corpus_offices,
                                          roles.scope_words)
            out.extend(found)
    taken = _Intervals(out)
    homes: dict[int, str | None] = {}
    for h in sorted(kept, key=lambda h: h.start):
        if taken.overlaps(h.start, h.end):
            continue  # the document says who holds the office
        si = ch.sent_of(h.start)
        d = ch.doc_idx[si]
        pos, act = by_doc.get(d, ([], []))
        when = dates.get(ch.doc_ids[si]) or period
        if d not in homes:
            homes[d] = roles.home_scope(act, when)
        res = roles.resolve(h, pos, act, when, facts.get(d, ()), home=homes[d])
        if res is not None:
            out.append([h.start, h.end, res[0], "role", res[1]])
    return out


def _references(ch: Chunk, items: list[list], hits: list[RoleHit]
                ) -> tuple[list[RoleHit], dict[int, list[tuple[str, str | None, str]]]]:
    """Split role phrases into titles of a name and references to an office.

    Right to left: a role right before a name (or before a dropped role that is right
    before a name) is a title; titles written before a name tell who holds which
    office in the document (``facts``: document -> (title, scope, actor)). Phrases
    overlapping a name, without a determiner or qualifier, or part of a proper name
    ("The Premier League", "the President Hotel") are dropped.
    """
    text = ch.text
    occupied = _Intervals(items)
    blockers = sorted(x[0] for x in items)
    owner = {x[0]: x[2] for x in items if x[4] and x[2]}
    facts: dict[int, list[tuple[str, str | None, str]]] = {}
    kept = []
    for h in sorted(hits, key=lambda h: -h.start):
        if occupied.overlaps(h.start, h.end):
            continue
        k = bisect.bisect_left(blockers, h.end)
        if k < len(blockers) and text[h.end:blockers[k]].strip() == "" \
                and "\x00" not in text[h.end:blockers[k]]:
            nxt = blockers[k]
            bisect.insort(blockers, h.start)
            holder = owner.get(nxt)
            if holder:
                owner[h.start] = holder
                facts.setdefault(ch.doc_of(h.start), []).append((h.title, h.scope, holder))
            continue
        if h.explicit and not NEXT_WORD.match(text, h.end):
            kept.append(h)
    return kept, facts


def _explicit_names(ch: Chunk, items: list[list]) -> dict[int, tuple[list[int], list[str]]]:
    """Positions and actors of the resolved name mentions of each document."""
    by_doc: dict[int, tuple[list[int], list[str]]] = {}
    for x in items:
        if x[3] in ("name", "alias", "discovered") and x[4]:
            pl = by_doc.setdefault(ch.doc_of(x[0]), ([], []))
            pl[0].append(x[0])
            pl[1].append(x[2])
    return by_doc


class _Intervals:
    """Sorted spans with an overlap test (spans do not nest deeply)."""

    def __init__(self, items: list[list]) -> None:
        self.spans = sorted((x[0], x[1]) for x in items)
        self.starts = [s for s, _ in self.spans]

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect.bisect_left(self.starts, e)
        for j in range(i - 1, max(-1, i - 4), -1):
            a, b = self.spans[j]
            if a < e and s < b:
                return True
        return False
