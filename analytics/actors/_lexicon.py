"""Access to the language data files of :mod:`analytics.actors` (cached)."""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import Any

import yaml

from ..textnorm import normalize  # noqa: F401  (re-exported for the actors modules)


def _load(name: str) -> dict[str, Any]:
    text = resources.files("analytics").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return yaml.safe_load(text) or {}


@functools.lru_cache(maxsize=1)
def cues() -> dict[str, Any]:
    """Contents of ``analytics/data/actor_cues.yaml``."""
    return _load("actor_cues.yaml")


@functools.lru_cache(maxsize=1)
def stoplists() -> dict[str, Any]:
    """Contents of ``analytics/data/name_stoplists.yaml``."""
    return _load("name_stoplists.yaml")


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
    keep = ("Mr", "Mrs", "Ms", "Miss", "Dr", "Sir", "Dame", "Lord", "Lady", "Professor", "President")
    h = honorifics()
    return {k: h.get(k) for k in keep if k in h}


@functools.lru_cache(maxsize=1)
def word_set(section: str, source: str = "stoplists") -> frozenset[str]:
    """A list of the data files as a set of strings."""
    data = stoplists() if source == "stoplists" else cues()
    return frozenset(str(x) for x in data.get(section, []) or [])


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
