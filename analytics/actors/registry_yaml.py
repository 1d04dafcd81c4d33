"""Reading actor registry files: defensive YAML composition and validation.

Registry files are read defensively (:func:`read_registry_text` and
:func:`compose_registry`, also used for issue registries): at most
:data:`MAX_REGISTRY_BYTES` bytes of UTF-8 text, plain data only (no ``!!python``
tags), lists and mappings nested at most :data:`~analytics.safe.yaml.MAX_YAML_DEPTH`
levels, and no YAML anchors or aliases (``&name`` / ``*name``): a few hundred bytes of
nested aliases expand to billions of entries.

Entries are validated (the format is described in ``docs/registry.md``): unknown keys
(with the closest known one suggested), dates that are not real days written
``YYYY-MM-DD``, tenures ending before they start, roles without a ``scope`` and, when
the caller says which scope keys exist, roles with a scope defined nowhere. Every
problem raises :class:`~analytics.errors.RegistryError` naming the file, the line and
the actor (and role) concerned.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import os
from typing import Any, Iterable

import yaml

from ..errors import RegistryError
from ..safe.yaml import PLAIN_TAGS, compose_yaml, construct, located, read_yaml_text
from .model import Actor, Role, Scope

__all__ = ["MAX_REGISTRY_BYTES", "compose_registry", "parse_registry", "read_registry_text"]

_GENDERS = {"male", "female", None}
_TYPES = {"person", "organisation"}
_TYPE_SYNONYMS = {"organization": "organisation", "org": "organisation"}

#: Largest registry file accepted (actors or issues), in bytes.
MAX_REGISTRY_BYTES = 5 * 1024 * 1024
#: registries take plain data without binary values or merge keys
_REGISTRY_TAGS = PLAIN_TAGS - {"tag:yaml.org,2002:binary", "tag:yaml.org,2002:merge"}
_NO_ANCHORS = ("YAML anchors and aliases are not supported in registries; "
               "write entries out in full")



class _Ctx:
    """Error context: file name and node marks; the scope keys roles may name."""

    def __init__(self, path: str, known_scopes: Iterable[str] | None = None) -> None:
        self.path = path
        #: scope keys roles may use besides the file's own (None: any key)
        self.known_scopes: dict[str, None] | None = (None if known_scopes is None
                                                     else dict.fromkeys(known_scopes))
        self.scopes: dict[str, Scope] = {}

    def fail(self, node: yaml.Node | None, message: str) -> RegistryError:
        return _error(self.path, node.start_mark if node is not None else None, message)


def _error(source: str, mark: Any, message: str) -> RegistryError:
    """``RegistryError`` "<source>, line L, column C: <message>" (no position without mark)."""
    return RegistryError(located(source, mark, message))


def read_registry_text(path: str | os.PathLike[str], what: str = "registry") -> str:
    """Read a registry file as text, with the checks of :func:`analytics.safe.yaml.read_yaml_text`.

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
    than :data:`~analytics.safe.yaml.MAX_YAML_DEPTH` levels, is refused at its line
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
    return compose_yaml(text, source=source, error=RegistryError, refuse_anchors=_NO_ANCHORS,
                        tags=_REGISTRY_TAGS)


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
    val = construct(node)
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
    try:
        val = construct(node) if isinstance(node, yaml.ScalarNode) else node
    except ValueError:  # 1997-13-02 looks like a timestamp but is no date
        val = node.value
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
    shown = val if isinstance(val, (str, int, float)) else _kind(node)
    raise ctx.fail(node if isinstance(node, yaml.Node) else None,
                   f"{what} must be a date written YYYY-MM-DD (a real day, such as "
                   f"2004-03-01), got {shown!r}")


def _bool(ctx: _Ctx, node: yaml.Node, what: str) -> bool:
    val = construct(node) if isinstance(node, yaml.ScalarNode) else None
    if not isinstance(val, bool):
        raise ctx.fail(node, f"{what} must be true or false")
    return val


_ROLE_KEYS = {"title", "scope", "leader", "start", "end"}
_ACTOR_KEYS = {
    "name", "type", "aliases", "variants", "roles", "country", "affiliation",
    "gender", "honorific", "surname", "description", "notes",
}


def _unknown(key: str, allowed: set[str]) -> str:
    """``unknown key 'x' (expected one of [...]; did you mean 'y'?)``."""
    near = difflib.get_close_matches(key, sorted(allowed), n=1)
    hint = f"; did you mean {near[0]!r}?" if near else ""
    return f"unknown key {key!r} (expected one of {sorted(allowed)}{hint})"


def _parse_role(ctx: _Ctx, node: yaml.Node, actor: str) -> Role:
    items = _map_items(ctx, node, f"role of {actor!r}")
    d = {k: (kn, v) for k, kn, v in items}
    if "title" not in d:
        for k, kn, _ in items:
            if k not in _ROLE_KEYS:
                raise ctx.fail(kn, f"role of {actor!r}: {_unknown(k, _ROLE_KEYS)}")
        raise ctx.fail(node, f"role of {actor!r} has no 'title'")
    titles = _str_list(ctx, d["title"][1], f"role title of {actor!r}")
    if not titles:
        raise ctx.fail(d["title"][1], f"role of {actor!r} has an empty 'title'")
    who = f"role {titles[0]!r} of {actor!r}"
    for k, kn, _ in items:
        if k not in _ROLE_KEYS:
            raise ctx.fail(kn, f"{who}: {_unknown(k, _ROLE_KEYS)}")
    scope = _str(ctx, d["scope"][1], f"{who}: 'scope'", allow_null=True) if "scope" in d else None
    leader = _bool(ctx, d["leader"][1], f"{who}: 'leader'") if "leader" in d else False
    start = _date(ctx, d["start"][1], f"{who}: 'start'") if "start" in d else None
    end = _date(ctx, d["end"][1], f"{who}: 'end'") if "end" in d else None
    if start and end and end < start:
        raise ctx.fail(d["end"][1], f"{who}: end {end} is before start {start}")
    if scope is None:
        raise ctx.fail(d["scope"][1] if "scope" in d else node,
                       f"{who} has no 'scope': give the key of the country or organisation "
                       f"of the office{_scope_hint(ctx)}")
    if ctx.known_scopes is not None and scope not in ctx.scopes \
            and scope not in ctx.known_scopes:
        keys = _scope_keys(ctx)
        near = ([k for k in keys if k.lower() == scope.lower()]
                or difflib.get_close_matches(scope, keys, n=1))
        hint = f"did you mean {near[0]!r}? Otherwise " if near else ""
        raise ctx.fail(d["scope"][1], f"{who}: scope {scope!r} is not defined; {hint}define "
                       f"it under 'scopes:' (with its names and adjectives){_scope_hint(ctx)}")
    return Role(titles=titles, scope=scope, leader=leader, start=start, end=end)


def _scope_keys(ctx: _Ctx) -> list[str]:
    """The scope keys roles may use: the file's, then the others known, in order."""
    return list(dict.fromkeys([*ctx.scopes, *(ctx.known_scopes or {})]))


def _scope_hint(ctx: _Ctx) -> str:
    """`` (scopes defined: UK, US...)`` for messages (empty without any)."""
    keys = _scope_keys(ctx)
    if not keys:
        return " (defined under 'scopes:')"
    shown = ", ".join(keys[:12]) + (", ..." if len(keys) > 12 else "")
    return f" (scopes defined: {shown})"


def _parse_actor(ctx: _Ctx, node: yaml.Node) -> Actor:
    if isinstance(node, yaml.ScalarNode):
        name = _str(ctx, node, "actor")
        return Actor(name=name)
    items = _map_items(ctx, node, "actor entry")
    d = {k: (kn, v) for k, kn, v in items}
    if "name" not in d:
        for k, kn, _ in items:
            if k not in _ACTOR_KEYS:
                raise ctx.fail(kn, f"actor entry without a name: {_unknown(k, _ACTOR_KEYS)}")
        raise ctx.fail(node, "actor entry has no 'name'")
    name = _str(ctx, d["name"][1], "actor 'name'")
    for k, kn, _ in items:
        if k not in _ACTOR_KEYS:
            raise ctx.fail(kn, f"actor {name!r}: {_unknown(k, _ACTOR_KEYS)}")
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
        if isinstance(rn, yaml.ScalarNode) and construct(rn) is None:
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


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and construct(node) is None


def _sections(ctx: _Ctx, root: yaml.Node) -> tuple[yaml.Node | None, dict[str, Scope]]:
    """The ``actors`` node and the parsed ``scopes`` of a registry document."""
    if isinstance(root, yaml.SequenceNode):
        return root, {}
    if not isinstance(root, yaml.MappingNode):
        raise ctx.fail(root, "a registry must be a mapping with an 'actors' list (or a plain list of actors)")
    actors_node: yaml.Node | None = None
    scopes: dict[str, Scope] = {}
    for key, kn, v in _map_items(ctx, root, "registry"):
        if key == "actors":
            actors_node = v
        elif key == "scopes":
            if _is_null(v):
                continue
            for sk, _, sv in _map_items(ctx, v, "scopes"):
                scopes[sk] = _parse_scope(ctx, sk, sv)
            ctx.scopes = scopes
        else:
            raise ctx.fail(kn, f"unknown top-level key {key!r} (expected 'actors' and optionally 'scopes')")
    return actors_node, scopes


def _parse_actors(ctx: _Ctx, actors_node: yaml.Node | None) -> list[Actor]:
    """The actors of the ``actors`` list (each canonical name once)."""
    if actors_node is None or _is_null(actors_node):
        return []
    if not isinstance(actors_node, yaml.SequenceNode):
        raise ctx.fail(actors_node, f"'actors' must be a list, got {_kind(actors_node)}")
    actors: list[Actor] = []
    seen: dict[str, int] = {}
    for an in actors_node.value:
        a = _parse_actor(ctx, an)
        if a.name in seen:
            raise ctx.fail(an, f"actor {a.name!r} is defined twice (first on line {seen[a.name]})")
        seen[a.name] = an.start_mark.line + 1
        actors.append(a)
    return actors


def parse_registry(text: str, source: str, known_scopes: Iterable[str] | None = None
                   ) -> tuple[list[Actor], dict[str, Scope]]:
    """Parse and validate the YAML text of an actor registry.

    Parameters
    ----------
    text : str
        The YAML text (the format of ``analytics/data/actors.yaml``, described in
        ``docs/registry.md``).
    source : str
        File name (or description) used in messages.
    known_scopes : iterable of str, optional
        Scope keys defined elsewhere (the bundled registry's, when the file extends
        it) that roles may use besides the file's own ``scopes``. ``None`` (the
        default): role scope keys are not checked against any list.

    Returns
    -------
    actors : list of Actor
        In file order.
    scopes : dict of str to Scope
        By scope key, in file order.

    Raises
    ------
    RegistryError
        Malformed YAML or entries; the message names the file, line and column, and
        the actor (and role) concerned: an unknown key, a date that is not a real
        day written YYYY-MM-DD, a tenure ending before it starts, a role without a
        scope or (with ``known_scopes``) with a scope key defined nowhere.
    """
    ctx = _Ctx(source, known_scopes)
    root = compose_registry(text, source)
    if root is None:
        return [], {}
    actors_node, scopes = _sections(ctx, root)
    return _parse_actors(ctx, actors_node), scopes
