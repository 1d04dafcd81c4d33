"""The domain registries of an analysis: who the actors are, which issues stance is about.

One :class:`Registries` object is made per analysis (:func:`load_registries`) and
handed explicitly to every stage that needs it: actor mentions, quote attribution
and stance evidence all see the same actors, so a custom registry reaches each of
them. No stage loads a bundled registry behind the caller's back.

Examples
--------
>>> from analytics import load_registries
>>> regs = load_registries()                       # the bundled actors and issues
>>> regs = load_registries("my_actors.yaml", issues="my_issues.yaml")  # doctest: +SKIP
>>> regs.actors, regs.issues                       # doctest: +SKIP
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the registries' modules import pandas and the pattern compiler
    from .actors.registry import ActorRegistry
    from .stance.registry import IssueRegistry

__all__ = ["Registries", "load_registries"]


@dataclass(frozen=True)
class Registries:
    """The actor and issue registries an analysis runs with.

    Parameters
    ----------
    actors : ActorRegistry
        People, organisations and the places they belong to
        (:func:`analytics.actors.load_registry`).
    issues : IssueRegistry
        The issues stance is measured on (:func:`analytics.stance.load_issues`).
    """

    actors: ActorRegistry
    issues: IssueRegistry

    def __post_init__(self) -> None:
        from .actors.registry import ActorRegistry
        from .stance.registry import IssueRegistry

        if not isinstance(self.actors, ActorRegistry):
            raise TypeError("Registries.actors must be an ActorRegistry "
                            f"(analytics.actors.load_registry), not {type(self.actors).__name__}")
        if not isinstance(self.issues, IssueRegistry):
            raise TypeError("Registries.issues must be an IssueRegistry "
                            f"(analytics.stance.load_issues), not {type(self.issues).__name__}")


def load_registries(actors: Any = None, extend_actors: bool = True,
                    issues: Any = None) -> Registries:
    """Load the registries of an analysis.

    Parameters
    ----------
    actors : path or ActorRegistry, optional
        An actor registry file (YAML, format of ``analytics/data/actors.yaml``) or a
        loaded registry, used as it is. ``None``: the bundled registry.
    extend_actors : bool, default True
        Add the actors of an ``actors`` file to the bundled registry (its entries
        replace bundled ones of the same name) instead of using the file alone.
    issues : path or IssueRegistry, optional
        An issue registry file (YAML, format of ``analytics/data/issues.yaml``) or a
        loaded registry. ``None``: the bundled issues.

    Returns
    -------
    Registries

    Raises
    ------
    RegistryError
        When a file is missing, unreadable or malformed (the message names the file
        and the line).
    """
    from .actors.registry import ActorRegistry, load_registry
    from .stance.registry import IssueRegistry, load_issues

    if isinstance(actors, Registries) or isinstance(issues, Registries):
        raise TypeError("pass the registries themselves: actors=regs.actors, "
                        "issues=regs.issues")
    if not isinstance(actors, ActorRegistry):
        actors = load_registry(_path(actors, "actors"), extend_default=extend_actors)
    if isinstance(issues, list) and not isinstance(issues, IssueRegistry):
        issues = IssueRegistry(issues)
    elif not isinstance(issues, IssueRegistry):
        issues = load_issues(_path(issues, "issues"))
    return Registries(actors=actors, issues=issues)


def _path(value: Any, what: str) -> str | os.PathLike | None:
    if value is None or isinstance(value, (str, os.PathLike)):
        return value
    raise TypeError(f"{what} must be a path to a YAML file or a loaded registry, not "
                    f"{type(value).__name__}")
