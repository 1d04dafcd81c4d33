"""Actors: who is mentioned where.

Public API
----------
- :class:`ActorRegistry`, :class:`Actor`, :class:`Role`, :class:`Scope`,
  :func:`load_registry`, :class:`RegistryError`: the registry of known actors
  (YAML read with safe semantics; default in ``analytics/data/actors.yaml``);
  :meth:`ActorRegistry.traits` gives the type and gender of each actor.
- :func:`find_mentions`: the ``mentions`` and ``candidates`` tables from the
  ``sentences`` table.

Modules, in the order a mention is found
----------------------------------------
- :mod:`.model`, :mod:`.registry_yaml`, :mod:`.registry`: the registry's entries,
  reading its file, the registry.
- :mod:`.chunks`: the sentences as corpus strings, in chunks of whole documents.
- :mod:`.names`: registry names and when a surname alone counts.
- :mod:`.name_cues`, :mod:`.discovery`: persons outside the registry (cues, then a
  corpus index of persons, then their names).
- :mod:`.roles`: role phrases ("the prime minister") and who holds the office.
- :mod:`.pronouns`: THE pronoun resolution (and the primitives quote attribution and
  stance subjects share).
- :mod:`.mentions`: :func:`find_mentions`, running the steps above.
- :mod:`.ner`: a person-span classifier (trained by :mod:`analytics.training.ner`).

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
  ambiguous surnames, name particles and suffixes, NER cue words) lives in
  ``analytics/lang/en/`` (``actor_cues.yaml``, ``name_stoplists.yaml``,
  ``name_parts.yaml``, ``ner_cues.yaml``); the actors modules read it through
  :mod:`analytics.lang.en`.
"""

from .mentions import find_mentions
from .model import ActorTraits
from .registry import Actor, ActorRegistry, RegistryError, Role, Scope, load_registry

__all__ = [
    "Actor",
    "ActorRegistry",
    "ActorTraits",
    "RegistryError",
    "Role",
    "Scope",
    "find_mentions",
    "load_registry",
]
