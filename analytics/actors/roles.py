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

from . import _lexicon as lex
from .registry import ActorRegistry, Role

__all__ = ["RoleMatcher", "RoleHit"]


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


class RoleMatcher:
    """Finds and resolves role phrases for one registry."""

    def __init__(self, registry: ActorRegistry) -> None:
        self.registry = registry
        generic = {g.lower() for g in lex.cues().get("generic_roles", [])}
        self.generic = generic
        self.blocking = {w.lower() for w in lex.cues().get("role_blocking_modifiers", [])}
        # title -> [(actor, role)]
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
        self.index = index
        ci_titles = {t for t in index if t.upper() not in cs_titles or t in generic}
        ci_titles = {t for t in ci_titles if not any(t == c.lower() for c in cs_titles)}
        # scope qualifiers
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
        # "the Netherlands" as a name should not become "the the Netherlands"
        self.qual = qual
        self.names = names
        scope_words = {w.lower() for w in list(qual) + list(names)}
        self.scoped_titles = {
            t for t in index
            if any(t.startswith(w + " ") for w in scope_words)
        }
        roles = "(?:(?i:" + lex.trie_regex(sorted(ci_titles)) + ")" + (
            "|" + lex.trie_regex(sorted(cs_titles)) if cs_titles else "") + ")"
        former = "|".join(re.escape(w) for w in sorted(lex.cues().get("former_words", []), key=len, reverse=True) if not w.endswith("-"))
        self.pattern = re.compile(
            r"(?<![\w-])"
            r"(?:(?P<det>[Tt]he)\s+)?"
            rf"(?:(?P<former>(?i:{former}))(?:\s*-\s*|\s+))?"
            rf"(?:(?P<qual>{lex.trie_regex(sorted(qual))})\s+)?"
            rf"(?:(?P<role>{roles})|(?(det)(?P<mod>[a-z][a-z]+(?:-[a-z]+)?)\s+(?P<role2>{roles})|(?!x)x))"
            rf"(?:\s+of\s+(?P<qual2>{lex.trie_regex(sorted(names))}))?"
            r"(?![\w-])"
        )

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
        date: _dt.date | None = None,
        facts=(),
    ) -> tuple[str, bool] | None:
        """Resolve a role hit.

        Parameters
        ----------
        hit : RoleHit
        explicit_pos, explicit_actor : list
            Positions (sorted) and actors of the explicit name mentions of the
            same document.
        date : datetime.date, optional
            Document date for tenures.
        facts : iterable of (title, scope, actor)
            Offices the document itself gives to people ("Prime Minister Shigeru
            Ishiba" makes Ishiba a holder of "prime minister" in that document).

        Returns
        -------
        (actor, resolved) or None
            None when the phrase names no office of the registry.
        """
        cands = self.candidates(hit)
        local = {a for t, sc, a in facts if t == hit.title and sc == hit.scope}
        if not cands and not local:
            return None
        if not cands:
            if hit.former:
                return ("", False)
            ctx = _nearest(hit.start, local, explicit_pos, explicit_actor)
            return (ctx, True) if ctx else ("", False)
        if hit.former:
            holders = {a for a, r in cands if r.ended_before(date)}
            if not holders:
                return ("", False)
            ctx = _nearest(hit.start, holders, explicit_pos, explicit_actor)
            if ctx:
                return (ctx, True)
            return (holders.pop(), True) if len(holders) == 1 else ("", False)
        holders = {a for a, _ in cands} | local
        if hit.scope:
            if date is not None:
                current = {a for a, r in cands if r.held_on(date)}
                if len(current) == 1:
                    return (next(iter(current)), True)
            ctx = _nearest(hit.start, holders, explicit_pos, explicit_actor)
            if ctx:
                return (ctx, True)
            current = {a for a, r in cands if r.held_on(date)}
            if len(current) == 1:
                return (next(iter(current)), True)
            return ("", False)
        ctx = _nearest(hit.start, holders, explicit_pos, explicit_actor)
        if ctx:
            return (ctx, True)
        if len(holders) == 1:
            return (next(iter(holders)), True)
        return ("", False)


def _nearest(pos: int, allowed: set[str], positions: list[int], actors: list[str]) -> str | None:
    """Nearest explicit mention of an allowed actor: preceding first, then following."""
    i = bisect.bisect_left(positions, pos)
    for j in range(i - 1, -1, -1):
        if actors[j] in allowed:
            return actors[j]
    for j in range(i, len(positions)):
        if actors[j] in allowed:
            return actors[j]
    return None
