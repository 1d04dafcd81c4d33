"""The language data of :mod:`analytics.actors` (read through :mod:`analytics.lang.en`,
cached) and regex helpers built on it."""

from __future__ import annotations

import functools
import re
from typing import Any

from ..lang import en


@functools.lru_cache(maxsize=1)
def cues() -> dict[str, Any]:
    """Contents of ``analytics/lang/en/actor_cues.yaml``."""
    return en.table("actor_cues")


@functools.lru_cache(maxsize=1)
def stoplists() -> dict[str, Any]:
    """Contents of ``analytics/lang/en/name_stoplists.yaml``."""
    return en.table("name_stoplists")


@functools.lru_cache(maxsize=1)
def honorifics() -> dict[str, str | None]:
    """Honorific -> gender (``None`` when the honorific says nothing about gender)."""
    return {str(k): (v or {}).get("gender") for k, v in cues()["honorifics"].items()}


@functools.lru_cache(maxsize=1)
def name_honorifics() -> set[str]:
    """Honorifics that stay part of the name before a single token ("Pope Francis")."""
    return {str(k) for k, v in cues()["honorifics"].items() if (v or {}).get("keep_in_name")}


@functools.lru_cache(maxsize=1)
def office_honorifics() -> set[str]:
    """Titles that are ranks or offices ("General", "Senator")."""
    return {str(k) for k, v in cues()["honorifics"].items() if (v or {}).get("office")}


@functools.lru_cache(maxsize=1)
def personal_honorifics() -> dict[str, str | None]:
    """Honorifics used to derive "Mr Starmer"-style surface forms of registry actors."""
    h = honorifics()
    return {k: h.get(k) for k in en.items("actor_cues", "surface_honorifics") if k in h}


@functools.lru_cache(maxsize=1)
def given_name_genders() -> dict[str, str]:
    """Given name -> ``female`` / ``male`` (``analytics/lang/en/given_names.yaml``)."""
    return {str(w): g for g in ("female", "male") for w in en.items("given_names", g)}


@functools.lru_cache(maxsize=1)
def nicknames() -> dict[str, str]:
    """Short given name -> full given name (``nicknames`` of ``name_parts.yaml``)."""
    return {str(k): str(v) for k, v in (en.table("name_parts").get("nicknames") or {}).items()}


def alternation(words, *, escape: bool = True) -> str:
    """Regex alternation of ``words``, longest first, spaces matching any whitespace run."""
    items = sorted({str(w) for w in words if str(w)}, key=lambda w: (-len(w), w))
    out = []
    for w in items:
        w = re.escape(w) if escape else w
        out.append(w.replace(r"\ ", r"\s+"))
    return "|".join(out) if out else r"(?!x)x"


def trie_regex(strings, *, space: str = r"\s+") -> str:
    """Compile ``strings`` into one trie-shaped regex (prefers the longest match).

    A trie-shaped alternation lets the ``re`` engine test hundreds of literal
    aliases in one pass without backtracking through every alternative.

    Parameters
    ----------
    strings : iterable of str
        Literals. A space inside a literal matches ``space``.
    space : str
        Regex used for a space.

    Returns
    -------
    str
        A regex (non-capturing) matching exactly the given literals.
    """
    trie: dict = {}
    for s in strings:
        if not s:
            continue
        node = trie
        for ch in s:
            node = node.setdefault(ch, {})
        node[""] = True
    if not trie:
        return r"(?!x)x"

    def esc(ch: str) -> str:
        return space if ch == " " else re.escape(ch)

    def build(node: dict) -> str:
        keys = sorted(k for k in node if k != "")
        end = "" in node
        alts = []
        for k in keys:
            # follow a chain of single children iteratively (keeps recursion shallow)
            lit = [esc(k)]
            child = node[k]
            while len(child) == 1 and "" not in child:
                (c2, child), = child.items()
                lit.append(esc(c2))
            alts.append("".join(lit) + build(child))
        if not alts:
            return ""
        if end:
            return "(?:" + "|".join(alts) + ")?"
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return "(?:" + build(trie) + ")"
