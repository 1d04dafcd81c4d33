"""All findings of an analysis, section by section (each section is its own module).

A new section is a module with a ``build(analysis) -> list[Finding]`` function,
listed in :data:`BUILDERS` and titled in :data:`analytics.narrative.model.SECTIONS`.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

from . import actors, comentions, corpus, stance, tone, topics
from .model import SECTIONS, Finding

#: Section name -> the function writing its findings, in reading order.
BUILDERS: dict[str, Callable[[Any], list[Finding]]] = {
    "corpus": corpus.build, "topics": topics.build, "actors": actors.build,
    "comentions": comentions.build, "tone": tone.build, "stance": stance.build,
}


def findings(analysis: Any, sections: Iterable[str] | None = None) -> list[Finding]:
    """Written findings for ``analysis``, in :data:`SECTIONS` order.

    Parameters
    ----------
    analysis : Analysis
        Anything with one DataFrame per :data:`analytics.schema.TABLES` entry, as
        attributes or in a ``tables`` dict. Missing tables count as empty.
    sections : iterable of str, optional
        Restrict to these sections.

    Returns
    -------
    list of Finding

    Raises
    ------
    ValueError
        For a section name not in :data:`SECTIONS`.
    """
    wanted = list(SECTIONS) if sections is None else list(sections)
    unknown = [s for s in wanted if s not in SECTIONS]
    if unknown:
        raise ValueError(f"unknown section(s) {unknown}; choose from {list(SECTIONS)}")
    out: list[Finding] = []
    for name in wanted:
        out.extend(BUILDERS[name](analysis))
    return out


def headlines(analysis: Any) -> list[Finding]:
    """The findings meant for a report's front page (one or two per section)."""
    return [f for f in findings(analysis) if f.headline]
