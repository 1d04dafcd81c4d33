"""Actors: who is mentioned where.

Public API
----------
- :class:`ActorRegistry`, :class:`Actor`, :class:`Role`, :class:`Scope`,
  :func:`load_registry`, :class:`RegistryError`: the registry of known actors
  (YAML read with safe semantics; default in ``analytics/data/actors.yaml``).
- :func:`find_mentions`: the ``mentions`` and ``candidates`` tables from the
  ``sentences`` table.

Decisions (documented once here)
--------------------------------
- "Trump administration", "the Trump peace proposal" are mentions of Trump.
- A title before a name ("Prime Minister Keir Starmer") is part of the name's
  context, not a separate role mention.
- Unqualified role references ("the president") resolve from the nearest
  compatible explicit mention in the document (preceding first); with none they
  are kept with ``resolved=False`` and an empty actor, never guessed.
- Pronoun resolution is off by default; co-mention measures ignore pronoun and
  unresolved mentions by default.
- Language data (honorifics, role nouns, speech verbs, place/organisation words,
  ambiguous surnames) lives in ``analytics/data/actor_cues.yaml`` and
  ``analytics/data/name_stoplists.yaml``.
"""

from .mentions import find_mentions
from .registry import Actor, ActorRegistry, RegistryError, Role, Scope, load_registry

__all__ = [
    "Actor",
    "ActorRegistry",
    "RegistryError",
    "Role",
    "Scope",
    "find_mentions",
    "load_registry",
]
