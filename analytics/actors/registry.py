"""Actor registry: who the pipeline looks for, how they are named and what offices they hold.

A registry is a YAML file (read with ``yaml.safe_load`` semantics only) with two
sections, ``scopes`` (countries and organisations that qualify roles, with their
names and adjectives) and ``actors``. See ``analytics/data/actors.yaml`` for the
documented format and the default registry.

Registry files are read defensively (:func:`read_registry_text` and
:func:`compose_registry`, also used for issue registries): at most
:data:`MAX_REGISTRY_BYTES` bytes of UTF-8 text, plain data only (no ``!!python``
tags), lists and mappings nested at most :data:`~analytics.yamlsafe.MAX_YAML_DEPTH`
levels, and no YAML anchors or aliases (``&name`` / ``*name``): a few hundred bytes of
nested aliases expand to billions of entries. Every problem raises
:class:`~analytics.errors.RegistryError` naming the file and the line.
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, NodeEvent

__all__ = [
    "Actor",
    "Role",
    "Scope",
    "ActorRegistry",
    "RegistryError",
    "load_registry",
    "MAX_REGISTRY_BYTES",
    "read_registry_text",
    "compose_registry",
]

_GENDERS = {"male", "female", None}
_TYPES = {"person", "organisation"}
_TYPE_SYNONYMS = {"organization": "organisation", "org": "organisation"}


from ..errors import RegistryError  # noqa: E402  (re-exported: analytics.actors.RegistryError)
from ..textnorm import strip_accents  # noqa: E402  (re-exported)
from ..yamlsafe import MAX_YAML_DEPTH, read_yaml_text  # noqa: E402

#: Largest registry file accepted (actors or issues), in bytes.
MAX_REGISTRY_BYTES = 5 * 1024 * 1024
_NO_ANCHORS = ("YAML anchors and aliases are not supported in registries; "
               "write entries out in full")


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


# --------------------------------------------------------------------------- parsing

class _Ctx:
    """Error context: file name and node marks."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, node: yaml.Node | None, message: str) -> RegistryError:
        return _error(self.path, node.start_mark if node is not None else None, message)


def _error(source: str, mark: Any, message: str) -> RegistryError:
    """``RegistryError`` "<source>, line L, column C: <message>" (no position without mark)."""
    if mark is not None:
        return RegistryError(f"{source}, line {mark.line + 1}, column {mark.column + 1}: "
                             f"{message}")
    return RegistryError(f"{source}: {message}")


def read_registry_text(path: str | os.PathLike[str], what: str = "registry") -> str:
    """Read a registry file as text, with the checks of :func:`analytics.yamlsafe.read_yaml_text`.

    Parameters
    ----------
    path : str or path-like
        The registry file.
    what : str, optional
        What the file is, for messages ("actor registry", "issue registry").

    Returns
    -------
    str
        The text (a leading byte-order mark removed).

    Raises
    ------
    RegistryError
        The file is missing, a folder, unreadable, larger than
        :data:`MAX_REGISTRY_BYTES` or not UTF-8; the message names the file.
    """
    return read_yaml_text(path, what=what, max_bytes=MAX_REGISTRY_BYTES, error=RegistryError)


def compose_registry(text: str, source: str) -> yaml.Node | None:
    """Compose registry YAML into nodes (with line marks), refusing what could blow up.

    The event stream is checked first, so that an anchor or alias, or nesting deeper
    than :data:`~analytics.yamlsafe.MAX_YAML_DEPTH` levels, is refused at its line
    before any node is built; explicit tags other than the standard plain-data ones
    are refused too.

    Parameters
    ----------
    text : str
        The YAML text.
    source : str
        File name (or description) used in messages.

    Returns
    -------
    yaml.Node or None
        The root node; None for an empty document.

    Raises
    ------
    RegistryError
        Invalid YAML, an anchor or alias, too deep nesting, several documents or an
        unsupported tag; the message names the file, line and column.
    """
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        depth = 0
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, AliasEvent) or (isinstance(event, NodeEvent) and event.anchor):
                raise _error(source, event.start_mark, _NO_ANCHORS)
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    raise _error(source, event.start_mark,
                                 f"lists and mappings are nested more than {MAX_YAML_DEPTH} "
                                 "levels deep; flatten the file")
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
        root = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise _error(source, mark, f"invalid YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise _error(source, None, f"invalid YAML: {exc}") from None
    if root is not None:
        _check_tags(_Ctx(source), root)
    return root


def _construct(node: yaml.Node) -> Any:
    """Build plain Python objects from a composed node with safe semantics."""
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def _map_items(ctx: _Ctx, node: yaml.Node, what: str) -> list[tuple[str, yaml.Node, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        raise ctx.fail(node, f"{what} must be a mapping (key: value), got {_kind(node)}")
    out = []
    seen: set[str] = set()
    for k, v in node.value:
        if not isinstance(k, yaml.ScalarNode):
            raise ctx.fail(k, f"{what}: keys must be plain strings")
        if k.value in seen:
            raise ctx.fail(k, f"{what}: duplicate key {k.value!r}")
        seen.add(k.value)
        out.append((k.value, k, v))
    return out


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"the value {node.value!r}" if node.value != "" else "an empty value"


def _str(ctx: _Ctx, node: yaml.Node, what: str, *, allow_null: bool = False) -> str | None:
    if not isinstance(node, yaml.ScalarNode):
        raise ctx.fail(node, f"{what} must be a string, got {_kind(node)}")
    val = _construct(node)
    if val is None:
        if allow_null:
            return None
        raise ctx.fail(node, f"{what} must not be empty")
    if isinstance(val, bool):
        raise ctx.fail(node, f"{what} must be a string, got {val!r} (quote it)")
    s = str(val).strip()
    if not s and not allow_null:
        raise ctx.fail(node, f"{what} must not be empty")
    return s or None


def _str_list(ctx: _Ctx, node: yaml.Node, what: str) -> tuple[str, ...]:
    if isinstance(node, yaml.ScalarNode):
        v = _str(ctx, node, what, allow_null=True)
        return (v,) if v else ()
    if not isinstance(node, yaml.SequenceNode):
        raise ctx.fail(node, f"{what} must be a string or a list of strings, got {_kind(node)}")
    return tuple(x for x in (_str(ctx, n, f"{what} item") for n in node.value) if x)


def _date(ctx: _Ctx, node: yaml.Node, what: str) -> _dt.date | None:
    val = _construct(node) if isinstance(node, yaml.ScalarNode) else node
    if val is None:
        return None
    if isinstance(val, _dt.datetime):
        return val.date()
    if isinstance(val, _dt.date):
        return val
    if isinstance(val, (str, int)) and not isinstance(val, bool):
        s = str(val).strip()
        for fmt in ("%Y-%m-%d", "%Y-%m", "%Y"):
            try:
                return _dt.datetime.strptime(s, fmt).date()
            except ValueError:
                continue
    raise ctx.fail(node if isinstance(node, yaml.Node) else None,
                   f"{what} must be a date YYYY-MM-DD, got {val!r}")


def _bool(ctx: _Ctx, node: yaml.Node, what: str) -> bool:
    val = _construct(node) if isinstance(node, yaml.ScalarNode) else None
    if not isinstance(val, bool):
        raise ctx.fail(node, f"{what} must be true or false")
    return val


_ROLE_KEYS = {"title", "scope", "leader", "start", "end"}
_ACTOR_KEYS = {
    "name", "type", "aliases", "variants", "roles", "country", "affiliation",
    "gender", "honorific", "surname", "description", "notes",
}


def _parse_role(ctx: _Ctx, node: yaml.Node, actor: str) -> Role:
    items = _map_items(ctx, node, f"role of {actor!r}")
    d = {k: (kn, v) for k, kn, v in items}
    for k, kn, _ in items:
        if k not in _ROLE_KEYS:
            raise ctx.fail(kn, f"role of {actor!r}: unknown key {k!r} (expected one of {sorted(_ROLE_KEYS)})")
    if "title" not in d:
        raise ctx.fail(node, f"role of {actor!r} has no 'title'")
    titles = _str_list(ctx, d["title"][1], f"role title of {actor!r}")
    if not titles:
        raise ctx.fail(d["title"][1], f"role of {actor!r} has an empty 'title'")
    scope = _str(ctx, d["scope"][1], "role scope", allow_null=True) if "scope" in d else None
    leader = _bool(ctx, d["leader"][1], "role 'leader'") if "leader" in d else False
    start = _date(ctx, d["start"][1], "role 'start'") if "start" in d else None
    end = _date(ctx, d["end"][1], "role 'end'") if "end" in d else None
    if start and end and end < start:
        raise ctx.fail(d["end"][1], f"role of {actor!r}: end {end} is before start {start}")
    return Role(titles=titles, scope=scope, leader=leader, start=start, end=end)


def _parse_actor(ctx: _Ctx, node: yaml.Node) -> Actor:
    if isinstance(node, yaml.ScalarNode):
        name = _str(ctx, node, "actor")
        return Actor(name=name)
    items = _map_items(ctx, node, "actor entry")
    d = {k: (kn, v) for k, kn, v in items}
    for k, kn, _ in items:
        if k not in _ACTOR_KEYS:
            raise ctx.fail(kn, f"actor entry: unknown key {k!r} (expected one of {sorted(_ACTOR_KEYS)})")
    if "name" not in d:
        raise ctx.fail(node, "actor entry has no 'name'")
    name = _str(ctx, d["name"][1], "actor 'name'")
    typ = "person"
    if "type" in d:
        typ = (_str(ctx, d["type"][1], "actor 'type'") or "person").lower()
        typ = _TYPE_SYNONYMS.get(typ, typ)
        if typ not in _TYPES:
            raise ctx.fail(d["type"][1], f"actor {name!r}: type must be 'person' or 'organisation', got {typ!r}")
    gender = None
    if "gender" in d:
        gender = _str(ctx, d["gender"][1], "actor 'gender'", allow_null=True)
        gender = gender.lower() if gender else None
        gender = {"m": "male", "f": "female"}.get(gender, gender)
        if gender not in _GENDERS:
            raise ctx.fail(d["gender"][1], f"actor {name!r}: gender must be male, female or null, got {gender!r}")
    roles: tuple[Role, ...] = ()
    if "roles" in d:
        rn = d["roles"][1]
        if isinstance(rn, yaml.ScalarNode) and _construct(rn) is None:
            roles = ()
        elif not isinstance(rn, yaml.SequenceNode):
            raise ctx.fail(rn, f"actor {name!r}: roles must be a list, got {_kind(rn)}")
        else:
            roles = tuple(_parse_role(ctx, r, name) for r in rn.value)
    surname: str | None = None
    if "surname" in d:
        surname = _str(ctx, d["surname"][1], "actor 'surname'", allow_null=True) or ""
    return Actor(
        name=name,
        type=typ,
        aliases=_str_list(ctx, d["aliases"][1], "aliases") if "aliases" in d else (),
        variants=_str_list(ctx, d["variants"][1], "variants") if "variants" in d else (),
        roles=roles,
        country=_str(ctx, d["country"][1], "country", allow_null=True) if "country" in d else None,
        affiliation=_str(ctx, d["affiliation"][1], "affiliation", allow_null=True) if "affiliation" in d else None,
        gender=gender,
        honorific=_str(ctx, d["honorific"][1], "honorific", allow_null=True) if "honorific" in d else None,
        surname=surname,
    )


def _parse_scope(ctx: _Ctx, key: str, node: yaml.Node) -> Scope:
    if isinstance(node, yaml.SequenceNode) or isinstance(node, yaml.ScalarNode):
        names = _str_list(ctx, node, f"scope {key!r}")
        return Scope(key=key, names=names or (key,), adjectives=())
    items = _map_items(ctx, node, f"scope {key!r}")
    d = {k: (kn, v) for k, kn, v in items}
    for k, kn, _ in items:
        if k not in {"names", "adjectives"}:
            raise ctx.fail(kn, f"scope {key!r}: unknown key {k!r} (expected 'names', 'adjectives')")
    names = _str_list(ctx, d["names"][1], "scope names") if "names" in d else (key,)
    adjs = _str_list(ctx, d["adjectives"][1], "scope adjectives") if "adjectives" in d else ()
    return Scope(key=key, names=names, adjectives=adjs)


_SAFE_TAGS = {
    f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}


def _check_tags(ctx: _Ctx, node: yaml.Node) -> None:
    """Reject explicit non-standard tags (``!!python/...``) anywhere in the document."""
    stack = [node]
    while stack:
        n = stack.pop()
        if n.tag not in _SAFE_TAGS:
            raise ctx.fail(n, f"unsupported YAML tag {n.tag!r} (only plain data is allowed)")
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                stack.extend((k, v))
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)


def _parse(text: str, path: str) -> tuple[list[Actor], dict[str, Scope]]:
    ctx = _Ctx(path)
    root = compose_registry(text, path)
    if root is None:
        return [], {}
    actors_node: yaml.Node | None = None
    scopes: dict[str, Scope] = {}
    if isinstance(root, yaml.SequenceNode):
        actors_node = root
    elif isinstance(root, yaml.MappingNode):
        for key, kn, v in _map_items(ctx, root, "registry"):
            if key == "actors":
                actors_node = v
            elif key == "scopes":
                if isinstance(v, yaml.ScalarNode) and _construct(v) is None:
                    continue
                for sk, _, sv in _map_items(ctx, v, "scopes"):
                    scopes[sk] = _parse_scope(ctx, sk, sv)
            else:
                raise ctx.fail(kn, f"unknown top-level key {key!r} (expected 'actors' and optionally 'scopes')")
    else:
        raise ctx.fail(root, "a registry must be a mapping with an 'actors' list (or a plain list of actors)")
    actors: list[Actor] = []
    if actors_node is not None and not (isinstance(actors_node, yaml.ScalarNode) and _construct(actors_node) is None):
        if not isinstance(actors_node, yaml.SequenceNode):
            raise ctx.fail(actors_node, f"'actors' must be a list, got {_kind(actors_node)}")
        seen: dict[str, int] = {}
        for an in actors_node.value:
            a = _parse_actor(ctx, an)
            if a.name in seen:
                raise ctx.fail(an, f"actor {a.name!r} is defined twice (first on line {seen[a.name]})")
            seen[a.name] = an.start_mark.line + 1
            actors.append(a)
    return actors, scopes


# --------------------------------------------------------------------------- registry

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
    """

    def __init__(self, actors: Iterable[Actor] = (), scopes: dict[str, Scope] | None = None) -> None:
        self._actors: dict[str, Actor] = {}
        for a in actors:
            self._actors[a.name] = a
        self.scopes: dict[str, Scope] = dict(scopes or {})
        self._version = 0

    # -- construction ----------------------------------------------------------
    @classmethod
    def from_yaml(cls, path: str | Path) -> "ActorRegistry":
        """Read a registry file.

        Parameters
        ----------
        path : str or pathlib.Path
            YAML file in the format documented in ``analytics/data/actors.yaml``.

        Returns
        -------
        ActorRegistry

        Raises
        ------
        RegistryError
            When the file is missing, a folder, unreadable, larger than
            :data:`MAX_REGISTRY_BYTES`, not UTF-8, or malformed (including YAML
            anchors and aliases, which are not supported); the message names the
            file, the line and what is wrong.
        """
        p = Path(path)
        text = read_registry_text(p, "actor registry")
        actors, scopes = _parse(text, str(p))
        return cls(actors, scopes)

    @classmethod
    def from_string(cls, text: str, name: str = "<string>") -> "ActorRegistry":
        """Parse a registry from YAML text (``name`` appears in error messages).

        Raises
        ------
        RegistryError
            As :meth:`from_yaml`, for malformed text.
        """
        actors, scopes = _parse(text, name)
        return cls(actors, scopes)

    @classmethod
    def default(cls) -> "ActorRegistry":
        """The registry shipped with the package (``analytics/data/actors.yaml``)."""
        text = resources.files("analytics").joinpath("data/actors.yaml").read_text(encoding="utf-8")
        actors, scopes = _parse(text, "analytics/data/actors.yaml")
        return cls(actors, scopes)

    def extend(self, other: "ActorRegistry | Iterable[Actor]") -> "ActorRegistry":
        """Add (or replace, by canonical name) the actors and scopes of ``other`` in place.

        Returns
        -------
        ActorRegistry
            ``self``, for chaining.
        """
        if isinstance(other, ActorRegistry):
            for a in other:
                self._actors[a.name] = a
            self.scopes.update(other.scopes)
        else:
            for a in other:
                self._actors[a.name] = a
        self._version += 1
        return self

    def merge(self, other: "ActorRegistry") -> "ActorRegistry":
        """Return a new registry with the actors of ``self`` then ``other`` (``other`` wins)."""
        out = ActorRegistry(list(self), dict(self.scopes))
        return out.extend(other)

    def add(self, actor: Actor) -> None:
        """Add or replace one actor."""
        self._actors[actor.name] = actor
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
        malformed (see :meth:`ActorRegistry.from_yaml`).
    """
    if path is None:
        return ActorRegistry.default()
    user = ActorRegistry.from_yaml(path)
    if not extend_default:
        return user
    return ActorRegistry.default().merge(user)
