"""A draft actor registry from the people a corpus mentions (``analytics actors --init``).

:func:`registry_template` turns the ``mentions`` and ``candidates`` tables of a corpus
into registry YAML a user can edit: one entry per person mentioned at least
``min_mentions`` times (registry people and people found outside it), most mentioned
first, each with the name, the other spellings seen, a comment with the count and an
example sentence, the gender when known and a commented ``roles:`` line showing the
format. Registry people keep their registry entry (roles, tenures, aliases), and the
scopes their roles use are written too, so the file also works on its own
(``--actors-only``). The format is described in ``docs/registry.md``.

Every value is written as a double-quoted YAML string with escapes, and comments keep
printable characters only, so no article text can break the file: it always loads
back with :func:`~analytics.actors.registry.load_registry`.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Iterable

import pandas as pd

from . import _lexicon as lex
from .model import Actor, Role, Scope
from .registry import ActorRegistry

__all__ = ["DraftPerson", "draft_people", "registry_template"]

#: Longest example sentence written (characters), longer ones are cut.
EXAMPLE_CHARS = 160
#: Values of a ``candidates.kind`` column that are not people.
_NOT_PERSON_KINDS = frozenset({"organisation", "organization", "org", "place", "location",
                               "gpe", "geo", "event", "product", "work", "other",
                               "not_person", "non-person"})
_NOT_COUNTED = frozenset({"pronoun"})
_POSSESSIVE = re.compile(r"['\u2019]s?$")


class DraftPerson:
    """One entry of the draft registry.

    Parameters
    ----------
    name : str
        Canonical name.
    mentions, documents : int
        How often and in how many documents the person is mentioned.
    seen : list of str
        The forms found in the text, most frequent first.
    example : str
        A sentence mentioning the person ("" when none is known).
    actor : Actor, optional
        The registry entry, for registry people.
    gender : str, optional
        ``male`` or ``female`` when known.
    variants : list of str, optional
        Other spellings of the full name.
    """

    def __init__(self, name: str, mentions: int, documents: int, seen: list[str],
                 example: str, actor: Actor | None = None, gender: str | None = None,
                 variants: Iterable[str] = ()) -> None:
        self.name = name
        self.mentions = mentions
        self.documents = documents
        self.seen = seen
        self.example = example
        self.actor = actor
        self.gender = gender
        self.variants = [v for v in dict.fromkeys(variants) if v and v != name]

    def __repr__(self) -> str:
        return f"DraftPerson({self.name!r}, mentions={self.mentions})"


def draft_people(registry: ActorRegistry, mentions: pd.DataFrame,
                 candidates: pd.DataFrame | None = None,
                 sentences: pd.DataFrame | None = None, *,
                 min_mentions: int = 2) -> list[DraftPerson]:
    """The people of the draft registry, most mentioned first (then by name).

    Parameters
    ----------
    registry : ActorRegistry
        The registry the mentions were found with.
    mentions : pandas.DataFrame
        The ``mentions`` table (pronoun mentions and unresolved roles are not counted).
    candidates : pandas.DataFrame, optional
        The ``candidates`` table (people found outside the registry); its optional
        ``canonical``, ``variants``, ``kind`` and ``gender`` columns are used when
        present (rows whose kind is not a person are left out).
    sentences : pandas.DataFrame, optional
        The ``sentences`` table, for an example sentence of registry people.
    min_mentions : int, default 2
        Fewest mentions for a person to be listed.

    Returns
    -------
    list of DraftPerson
    """
    counted = mentions[(mentions["actor"] != "") & ~mentions["kind"].isin(_NOT_COUNTED)]
    n_mentions = counted.groupby("actor", sort=False).size()
    n_docs = counted.groupby("actor", sort=False)["doc_id"].nunique()
    named = counted[counted["kind"] != "role"]
    seen: dict[str, Counter[str]] = {}
    for actor, surface in zip(named["actor"], named["surface"]):
        seen.setdefault(actor, Counter())[_plain(surface)] += 1
    people: dict[str, DraftPerson] = {}

    def forms(name: str) -> list[str]:
        c = seen.get(name, Counter())
        return [s for s, _ in sorted(c.items(), key=lambda x: (-x[1], x[0])) if s]

    for actor in registry:
        n = int(n_mentions.get(actor.name, 0))
        if not actor.is_person or n < min_mentions:
            continue
        people[actor.name] = DraftPerson(
            actor.name, n, int(n_docs.get(actor.name, 0)), forms(actor.name),
            _example(actor.name, named, sentences), actor=actor, gender=actor.gender,
            variants=actor.variants)
    if candidates is not None and len(candidates):
        for row in candidates.to_dict("records"):
            kind = str(row.get("kind") or "").strip().lower()
            if kind in _NOT_PERSON_KINDS:
                continue
            actor_name = str(row.get("name") or "")
            name = " ".join(str(row.get("canonical") or actor_name).split())
            n = int(n_mentions.get(actor_name, row.get("mentions") or 0))
            if not name or name in people or name in registry or n < min_mentions:
                continue
            seen_forms = forms(actor_name)
            given = _split(row.get("variants"))
            variants = given if given is not None else _variants(name, seen_forms)
            gender = str(row.get("gender") or "").lower()
            if gender not in ("male", "female"):
                gender = _gender_of(seen_forms)
            people[name] = DraftPerson(
                name, n, int(n_docs.get(actor_name, row.get("documents") or 0)), seen_forms,
                str(row.get("example") or ""), gender=gender, variants=variants)
    return sorted(people.values(), key=lambda p: (-p.mentions, p.name))


def registry_template(registry: ActorRegistry, mentions: pd.DataFrame,
                      candidates: pd.DataFrame | None = None,
                      sentences: pd.DataFrame | None = None, *, min_mentions: int = 2,
                      source: str | None = None) -> str:
    """A registry YAML drafted from the people a corpus mentions, for the user to edit.

    Parameters
    ----------
    registry, mentions, candidates, sentences, min_mentions
        As for :func:`draft_people`.
    source : str, optional
        The corpus, named in the header comment.

    Returns
    -------
    str
        YAML in the registry format (``docs/registry.md``) that
        :func:`~analytics.actors.registry.load_registry` reads back, with or without
        the bundled registry.
    """
    people = draft_people(registry, mentions, candidates, sentences,
                          min_mentions=min_mentions)
    scopes = _scopes_used(people, registry)
    where = f" from {_comment(source)}" if source else ""
    lines = [
        f"# Actor registry drafted by `analytics actors --init`{where}:",
        f"# {len(people)} people mentioned at least {min_mentions} times, most mentioned first.",
        "# Check every entry: delete what is not a person, merge one person listed twice",
        "# (add the other spelling to 'variants'), add 'gender' and the offices people",
        "# hold with their scope and dates. Format: docs/registry.md. Then run",
        "#   analytics analyze SOURCE --actors this-file.yaml [--actors-only] --out DIR",
        "",
        "scopes:",
        "  # KEY: {names: [how the text names it], adjectives: [used before a title]}",
        "  # UK: {names: [United Kingdom, Britain, UK], adjectives: [British, UK]}",
    ]
    for key, scope in scopes.items():
        lines.append(f"  {_q(key)}:")
        lines.append(f"    names: [{', '.join(_q(n) for n in scope.names)}]")
        lines.append(f"    adjectives: [{', '.join(_q(a) for a in scope.adjectives)}]")
    lines += ["", "actors:"]
    if not people:
        lines[-1] = "actors: []"
        lines.append(f"# no person is mentioned {min_mentions} times or more")
    for p in people:
        lines.extend(_entry(p))
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------ entries
def _entry(p: DraftPerson) -> list[str]:
    docs = f" in {p.documents} article{'s' if p.documents != 1 else ''}"
    out = [f"  - name: {_q(p.name)}",
           f"    # {p.mentions} mentions{docs}"
           + (" (in the registry used)" if p.actor is not None else "")]
    others = [s for s in p.seen if s != p.name][:8]
    if others:
        out.append(f"    # seen as: {_comment('; '.join(others))}")
    if p.example:
        out.append(f"    # example: {_comment(p.example, EXAMPLE_CHARS)}")
    out.append(f"    gender: {_q(p.gender)}" if p.gender else "    # gender: male | female")
    a = p.actor
    if a is not None:
        for key in ("country", "affiliation", "honorific"):
            value = getattr(a, key)
            if value:
                out.append(f"    {key}: {_q(value)}")
        if a.surname is not None:
            out.append(f"    surname: {_q(a.surname) if a.surname else 'null'}")
    if p.variants:
        out.append(f"    variants: [{', '.join(_q(v) for v in p.variants)}]")
    if a is not None and a.aliases:
        out.append(f"    aliases: [{', '.join(_q(v) for v in a.aliases)}]")
    if a is not None and a.roles:
        out.append("    roles:")
        out.extend(f"      - {_role(r)}" for r in a.roles)
    else:
        out.append("    # roles:")
        out.append("    #   - {title: [Home Secretary], scope: UK, start: 2004-12-15, "
                   "end: 2006-05-05}")
    return out


def _role(r: Role) -> str:
    parts = [f"title: [{', '.join(_q(t) for t in r.titles)}]"]
    if r.scope:
        parts.append(f"scope: {_q(r.scope)}")
    if r.leader:
        parts.append("leader: true")
    if r.start:
        parts.append(f"start: {r.start.isoformat()}")
    if r.end:
        parts.append(f"end: {r.end.isoformat()}")
    return "{" + ", ".join(parts) + "}"


def _scopes_used(people: list[DraftPerson], registry: ActorRegistry) -> dict[str, Scope]:
    """The registry's scopes named by the roles written, in registry order."""
    used = {r.scope for p in people if p.actor is not None for r in p.actor.roles if r.scope}
    return {k: s for k, s in registry.scopes.items() if k in used}


def _example(name: str, named: pd.DataFrame, sentences: pd.DataFrame | None) -> str:
    if sentences is None or not len(sentences) or not {"doc_id", "sent_id", "text"} \
            <= set(sentences.columns):
        return ""
    rows = named[named["actor"] == name]
    if not len(rows):
        return ""
    first = rows.iloc[0]
    hit = sentences[(sentences["doc_id"] == first["doc_id"])
                    & (sentences["sent_id"] == first["sent_id"])]
    return str(hit["text"].iloc[0]) if len(hit) else ""


def _split(value: Any) -> list[str] | None:
    """A ``variants`` cell as a list (``;``-joined text or a list); None when absent."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, str):
        return [" ".join(v.split()) for v in value.split(";") if v.strip()]
    try:
        return [" ".join(str(v).split()) for v in value if str(v).strip()]
    except TypeError:
        return None


def _variants(name: str, seen: list[str]) -> list[str]:
    """Other full spellings among the forms seen: several words, not a title and a
    surname ("Mr Blair" and "Blair" are derived from the name automatically)."""
    titles = set(lex.honorifics())
    out = []
    for s in seen:
        words = s.split()
        if len(words) < 2 or s == name or words[0].rstrip(".") in titles:
            continue
        out.append(s)
    return out


def _gender_of(seen: list[str]) -> str | None:
    """``male``/``female`` when the gendered titles seen ("Mr Blair") all agree."""
    by_title = lex.honorifics()
    genders = {by_title.get(s.split()[0].rstrip(".")) for s in seen if " " in s} - {None}
    found = {{"m": "male", "f": "female"}.get(str(g).lower()[:1]) for g in genders} - {None}
    return found.pop() if len(found) == 1 else None


def _plain(surface: Any) -> str:
    s = " ".join(str(surface).split())
    return _POSSESSIVE.sub("", s) if s.endswith(("'s", "\u2019s", "'", "\u2019")) else s


# ------------------------------------------------------------------------ safe YAML
def _printable(ch: str) -> bool:
    """Characters YAML reads as themselves anywhere (no line breaks, no controls)."""
    o = ord(ch)
    return (0x20 <= o <= 0x7E or 0xA0 <= o <= 0xD7FF and o not in (0x2028, 0x2029)
            or 0xE000 <= o <= 0xFFFD and o != 0xFEFF or o >= 0x10000)


def _q(text: str) -> str:
    """``text`` (white space collapsed) as a double-quoted YAML scalar: quotes,
    backslashes and every non-printable character escaped, so it reads back exactly."""
    out = ['"']
    for ch in " ".join(str(text).split()):
        if ch in '"\\':
            out.append("\\" + ch)
        elif _printable(ch):
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    out.append('"')
    return "".join(out)


def _comment(text: Any, limit: int | None = None) -> str:
    """``text`` fit for a YAML comment: one line of printable characters."""
    s = " ".join("".join(ch if _printable(ch) else " " for ch in str(text)).split())
    if limit is not None and len(s) > limit:
        s = s[:limit - 3].rstrip() + "..."
    return s
