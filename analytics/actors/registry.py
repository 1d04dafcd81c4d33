"""Actor registry: who the pipeline looks for, how they are named and what offices they hold.

A registry is a YAML file (read with ``yaml.safe_load`` semantics only) with two
sections, ``scopes`` (countries and organisations that qualify roles, with their
names and adjectives) and ``actors``. See ``analytics/data/actors.yaml`` for the
documented format and the default registry. Its entries are :class:`Actor`,
:class:`Role` and :class:`Scope` (:mod:`analytics.actors.model`); files are read
defensively by :mod:`analytics.actors.registry_yaml` (:func:`read_registry_text`,
:func:`compose_registry`, also used for issue registries).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from ..errors import RegistryError
from ..resources import read_text
from ..text import strip_accents
from .model import Actor, ActorTraits, Role, Scope
from .registry_yaml import MAX_REGISTRY_BYTES, compose_registry, parse_registry, read_registry_text

__all__ = [
    "Actor",
    "ActorTraits",
    "Role",
    "Scope",
    "ActorRegistry",
    "RegistryError",
    "load_registry",
    "MAX_REGISTRY_BYTES",
    "read_registry_text",
    "compose_registry",
    "BUNDLED",
]

#: :meth:`ActorRegistry.source_of` the actors of the default registry.
BUNDLED = "the bundled registry"


class ActorRegistry:
    """A set of actors and the scopes that qualify their roles.

    Iterating yields :class:`Actor` objects in insertion order; ``registry[name]``
    looks an actor up by canonical name; ``name in registry`` tests membership.

    Parameters
    ----------
    actors : iterable of Actor
        The actors. A later actor with the same canonical name replaces an earlier one.
    scopes : dict, optional
        Scope key -> :class:`Scope`.
    source : str, optional
        Where the actors come from (a file name), for messages; see :meth:`source_of`.
    """

    def __init__(self, actors: Iterable[Actor] = (), scopes: dict[str, Scope] | None = None,
                 source: str = "") -> None:
        self._actors: dict[str, Actor] = {}
        self._sources: dict[str, str] = {}
        for a in actors:
            self._actors[a.name] = a
            self._sources[a.name] = source
        self.scopes: dict[str, Scope] = dict(scopes or {})
        self._version = 0

    # -- construction ----------------------------------------------------------
    @classmethod
    def from_yaml(cls, path: str | Path, known_scopes: Iterable[str] | None = None
                  ) -> "ActorRegistry":
        """Read a registry file.

        Parameters
        ----------
        path : str or pathlib.Path
            YAML file in the format documented in ``docs/registry.md`` (and in the
            comments of ``analytics/data/actors.yaml``).
        known_scopes : iterable of str, optional
            Scope keys defined elsewhere that roles may use besides the file's own;
            a role whose scope is in neither is an error. ``None`` (the default):
            scope keys are not checked (:func:`load_registry` checks them).

        Returns
        -------
        ActorRegistry

        Raises
        ------
        RegistryError
            When the file is missing, a folder, unreadable, larger than
            :data:`MAX_REGISTRY_BYTES`, not UTF-8, or malformed (including YAML
            anchors and aliases, which are not supported, unknown keys, dates that
            are not real days, a tenure ending before it starts and roles without
            a scope); the message names the file, the line, the actor and what is
            wrong.
        """
        p = Path(path)
        text = read_registry_text(p, "actor registry")
        actors, scopes = parse_registry(text, str(p), known_scopes)
        return cls(actors, scopes, source=str(p))

    @classmethod
    def from_string(cls, text: str, name: str = "<string>",
                    known_scopes: Iterable[str] | None = None) -> "ActorRegistry":
        """Parse a registry from YAML text (``name`` appears in error messages;
        ``known_scopes`` as in :meth:`from_yaml`).

        Raises
        ------
        RegistryError
            As :meth:`from_yaml`, for malformed text.
        """
        actors, scopes = parse_registry(text, name, known_scopes)
        return cls(actors, scopes, source=name)

    @classmethod
    def default(cls) -> "ActorRegistry":
        """The registry shipped with the package (``analytics/data/actors.yaml``)."""
        text = read_text("data/actors.yaml")
        actors, scopes = parse_registry(text, "analytics/data/actors.yaml", known_scopes=())
        return cls(actors, scopes, source=BUNDLED)

    def office_holders(self) -> "ActorRegistry | None":
        """Past office holders for resolving role mentions, or None.

        A registry that holds the bundled actors (the default registry, or a user
        file extending it) comes with ``analytics/data/office_holders.yaml``: who held
        the main offices of the US, the UK and other countries and organisations from
        1990 to 2025. Those people are not matched as names; a role mention
        ("the home secretary", "the former president") resolves to one of them when
        the document names them, or, on a known date, when they were the only
        holder. A registry read from a user file alone has none.

        Returns
        -------
        ActorRegistry or None
        """
        if not any(src == BUNDLED for src in self._sources.values()):
            return None
        return _office_holders()

    def extend(self, other: "ActorRegistry | Iterable[Actor]") -> "ActorRegistry":
        """Add the actors and scopes of ``other`` in place.

        An actor of ``other`` replaces the one with the same canonical name. A scope of
        ``other`` with a key already present is combined with it (:meth:`Scope.union`:
        the names and adjectives of both, those of ``other`` first), so a registry that
        redefines ``UK`` with fewer names keeps the others ("Downing Street").

        Returns
        -------
        ActorRegistry
            ``self``, for chaining.
        """
        if isinstance(other, ActorRegistry):
            for a in other:
                self._actors[a.name] = a
                self._sources[a.name] = other.source_of(a.name)
            for key, scope in other.scopes.items():
                mine = self.scopes.get(key)
                self.scopes[key] = scope if mine is None else scope.union(mine)
        else:
            for a in other:
                self._actors[a.name] = a
                self._sources[a.name] = ""
        self._version += 1
        return self

    def merge(self, other: "ActorRegistry") -> "ActorRegistry":
        """Return a new registry with the actors of ``self`` then ``other`` (``other`` wins).

        Scopes with the same key are combined as in :meth:`extend`.
        """
        out = ActorRegistry(list(self), dict(self.scopes))
        out._sources.update(self._sources)
        return out.extend(other)

    def add(self, actor: Actor, source: str = "") -> None:
        """Add or replace one actor (``source``: see :meth:`source_of`)."""
        self._actors[actor.name] = actor
        self._sources[actor.name] = source
        self._version += 1

    # -- access ----------------------------------------------------------------
    def __iter__(self) -> Iterator[Actor]:
        return iter(self._actors.values())

    def __len__(self) -> int:
        return len(self._actors)

    def __contains__(self, name: object) -> bool:
        return name in self._actors

    def __getitem__(self, name: str) -> Actor:
        try:
            return self._actors[name]
        except KeyError:
            raise KeyError(f"no actor named {name!r} in the registry") from None

    def get(self, name: str, default: Actor | None = None) -> Actor | None:
        """Actor by canonical name, or ``default``."""
        return self._actors.get(name, default)

    def source_of(self, name: str) -> str:
        """Where the actor ``name`` comes from: the file it was read from,
        :data:`BUNDLED` for the default registry, ``""`` when not known."""
        return self._sources.get(name, "")

    def traits(self) -> ActorTraits:
        """Type and gender of each actor, as pronoun resolution reads them.

        Returns
        -------
        ActorTraits
            ``types``: canonical name -> lower-cased type (``person``,
            ``organisation``); ``genders``: canonical name -> first letter of the
            gender (``m``, ``f``) for the actors that have one. Fresh dictionaries on
            each call (callers may add to them).
        """
        types: dict[str, str] = {}
        genders: dict[str, str] = {}
        for actor in self:
            if isinstance(actor.type, str) and actor.type:
                types[actor.name] = actor.type.lower()
            if isinstance(actor.gender, str) and actor.gender:
                genders[actor.name] = actor.gender.lower()[:1]
        return ActorTraits(types, genders)

    @property
    def names(self) -> list[str]:
        """Canonical names, in registry order."""
        return list(self._actors)

    def lookup(self, surface: str) -> list[Actor]:
        """Actors that ``surface`` (a name, alias or variant) may designate."""
        from . import _lexicon as lex

        s = " ".join(surface.split())
        out = []
        for a in self:
            forms = a.surface_forms(lex.personal_honorifics())
            if s in forms or strip_accents(s) in forms:
                out.append(a)
        return out

    def to_frame(self):
        """The registry as a DataFrame (one row per actor) for inspection."""
        import pandas as pd

        rows = []
        for a in self:
            rows.append({
                "actor": a.name, "type": a.type, "gender": a.gender, "country": a.country,
                "affiliation": a.affiliation,
                "aliases": "; ".join(a.aliases), "variants": "; ".join(a.variants),
                "roles": "; ".join(
                    f"{r.title} ({r.scope or '-'}"
                    + (f", {r.start}" if r.start else "") + (f"..{r.end}" if r.end else "..") + ")"
                    for r in a.roles
                ),
            })
        return pd.DataFrame(rows)

    def __repr__(self) -> str:
        return f"ActorRegistry({len(self)} actors, {len(self.scopes)} scopes)"


_HOLDERS: list[ActorRegistry] = []


def _office_holders() -> ActorRegistry:
    """The bundled office holders (parsed once per process)."""
    if not _HOLDERS:
        default = ActorRegistry.default()
        text = read_text("data/office_holders.yaml")
        actors, scopes = parse_registry(text, "analytics/data/office_holders.yaml",
                                        known_scopes=default.scopes)
        _HOLDERS.append(ActorRegistry(actors, scopes, source=BUNDLED))
    return _HOLDERS[0]


def load_registry(path: str | Path | None = None, extend_default: bool = True) -> ActorRegistry:
    """Load a registry.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        A user registry file. ``None`` returns the default registry.
    extend_default : bool, default True
        With ``path``: add the user's actors to the default registry (the user's
        entries replace default ones with the same canonical name). ``False``
        uses the user's file alone.

    Returns
    -------
    ActorRegistry

    Raises
    ------
    RegistryError
        When ``path`` is missing, a folder, unreadable, too large, not UTF-8 or
        malformed (see :meth:`ActorRegistry.from_yaml`), or when a role's scope key
        is defined neither in the file nor (with ``extend_default``) in the default
        registry.
    """
    if path is None:
        return ActorRegistry.default()
    if not extend_default:
        return ActorRegistry.from_yaml(path, known_scopes=())
    default = ActorRegistry.default()
    return default.merge(ActorRegistry.from_yaml(path, known_scopes=default.scopes))
