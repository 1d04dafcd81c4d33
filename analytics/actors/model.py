"""The entries of an actor registry: actors, the offices they hold, and scopes.

See :mod:`analytics.actors.registry` for the registry itself and
``analytics/data/actors.yaml`` for the documented file format.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Iterable, NamedTuple

from ..text import strip_accents

__all__ = ["Actor", "ActorTraits", "Role", "Scope"]


@dataclass(frozen=True)
class Role:
    """An office an actor holds or held.

    Attributes
    ----------
    titles : tuple of str
        Synonymous titles ("Prime Minister", "PM"); the first is the display title.
    scope : str or None
        Scope key (country or organisation) of the office.
    leader : bool
        Whether "the <scope> leader" designates the holder of this office.
    start, end : datetime.date or None
        Tenure; ``end`` None means still in office.
    """

    titles: tuple[str, ...]
    scope: str | None = None
    leader: bool = False
    start: _dt.date | None = None
    end: _dt.date | None = None

    @property
    def title(self) -> str:
        """Display title."""
        return self.titles[0]

    def held_on(self, date: _dt.date | None) -> bool:
        """Whether the role was held on ``date`` (``None``: is it held now, i.e. open-ended)."""
        if date is None:
            return self.end is None
        if self.start is not None and date < self.start:
            return False
        if self.end is not None and date >= self.end:
            return False
        return True

    def ended_before(self, date: _dt.date | None) -> bool:
        """Whether the tenure had ended by ``date`` (``None``: has it ended at all)."""
        if self.end is None:
            return False
        return date is None or self.end <= date


@dataclass(frozen=True)
class Scope:
    """A country or organisation that qualifies roles ("British", "the UK's")."""

    key: str
    names: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()

    def union(self, other: "Scope") -> "Scope":
        """This scope with the names and adjectives of ``other`` added after its own
        (each once, first occurrence kept)."""
        return Scope(self.key, tuple(_unique((*self.names, *other.names))),
                     tuple(_unique((*self.adjectives, *other.adjectives))))


@dataclass(frozen=True)
class Actor:
    """One actor of the registry.

    Attributes
    ----------
    name : str
        Canonical name, the value of ``mentions.actor``.
    type : str
        ``"person"`` or ``"organisation"``.
    aliases : tuple of str
        Extra surface forms given in the registry (title forms, nicknames).
    variants : tuple of str
        Alternative spellings of the full name.
    roles : tuple of Role
        Offices held, with scope and tenure.
    country, affiliation : str or None
        Free descriptive fields (``country`` is normally a scope key).
    gender : str or None
        ``"male"``, ``"female"`` or None; used to resolve pronouns.
    honorific : str or None
        "Sir", "Dame", "Lord"...: adds "Sir Keir" and "Sir Keir Starmer" forms.
    surname : str or None
        The part of the name used alone; ``""`` means "no surname-only alias".
    """

    name: str
    type: str = "person"
    aliases: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    country: str | None = None
    affiliation: str | None = None
    gender: str | None = None
    honorific: str | None = None
    surname: str | None = None

    @property
    def is_person(self) -> bool:
        return self.type == "person"

    def surnames(self) -> list[str]:
        """Surname-only forms (from the canonical name and each variant)."""
        if self.type != "person" or self.surname == "":
            return []
        out: list[str] = []
        if self.surname:
            out.append(self.surname)
        for full in (self.name, *self.variants):
            toks = full.split()
            if len(toks) < 2:
                continue
            if self.surname and full == self.name:
                continue
            if self.surname and " " in self.surname:
                # multi-token surname: variants are assumed to keep it
                continue
            out.append(toks[-1])
        return _unique(out)

    def surface_forms(self, honorifics: dict[str, str | None] | None = None) -> dict[str, tuple[str, bool]]:
        """All surface forms with their mention kind.

        Parameters
        ----------
        honorifics : dict, optional
            Honorific -> gender (``None`` = any) used to derive "Mr Starmer"-style forms.

        Returns
        -------
        dict
            ``surface -> (kind, surname_only)`` where kind is ``"name"`` for the
            full name and its spelling variants and ``"alias"`` otherwise.
        """
        forms: dict[str, tuple[str, bool]] = {}

        def add(s: str, kind: str, surname_only: bool = False) -> None:
            s = " ".join(s.split())
            if not s:
                return
            for v in {s, strip_accents(s)}:
                if v not in forms or (forms[v][0] == "alias" and kind == "name"):
                    forms[v] = (kind, surname_only)

        for full in (self.name, *self.variants):
            add(full, "name")
        if self.type == "person":
            sur = self.surnames()
            for s in sur:
                add(s, "alias", True)
                if honorifics:
                    for h, g in honorifics.items():
                        if g is None or self.gender is None or g == self.gender:
                            add(f"{h} {s}", "alias")
            if self.honorific:
                for full in (self.name, *self.variants):
                    toks = full.split()
                    add(f"{self.honorific} {full}", "name")
                    if len(toks) >= 2:
                        add(f"{self.honorific} {toks[0]}", "alias")
        for a in self.aliases:
            add(a, "alias")
        return forms


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for i in items:
        seen.setdefault(i, None)
    return list(seen)


class ActorTraits(NamedTuple):
    """Type and gender of each actor of a registry (:meth:`ActorRegistry.traits`)."""

    types: dict[str, str]
    genders: dict[str, str]
