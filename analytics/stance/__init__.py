"""Stance of actors toward issues.

- :func:`load_issues` — the issue registry (``analytics/data/issues.yaml`` by default);
- :func:`stance_evidence` — the ``stance_evidence`` table: one row per sentence or
  quotation where an actor speaks or acts on an issue, classified support / oppose /
  neutral with a score in [-1, 1];
- :func:`stance_table` — the ``stance`` table: one row per (actor, issue).

Modules: :mod:`~analytics.stance.patterns` (the trigger pattern language),
:mod:`~analytics.stance.registry` (issues), :mod:`~analytics.stance.lexicon` (stance
operators), :mod:`~analytics.stance.classify` (one piece of evidence),
:mod:`~analytics.stance.subjects` and :mod:`~analytics.stance.clauses` (who speaks and
how far), :mod:`~analytics.stance.judge` (the strongest judgement of a clause),
:mod:`~analytics.stance.evidence` (the evidence table),
:mod:`~analytics.stance.table` (aggregation).
"""

from .classify import Judgement, classify, classify_text
from .evidence import stance_evidence
from .lexicon import Lexicon, load_lexicon
from .patterns import compile_pattern
from .registry import Issue, IssueRegistry, load_issues
from .table import stance_table

__all__ = [
    "load_issues", "stance_evidence", "stance_table", "classify", "classify_text",
    "Issue", "IssueRegistry", "Judgement", "Lexicon", "compile_pattern", "load_lexicon",
]
