"""Stance of actors toward issues (issue #6).

- :func:`load_issues` — the issue registry (``analytics/data/issues.yaml`` by default);
- :func:`stance_evidence` — the ``stance_evidence`` table: one row per sentence or
  quotation where an actor speaks or acts on an issue, classified support / oppose /
  neutral with a score in [-1, 1];
- :func:`stance_table` — the ``stance`` table: one row per (actor, issue).

See :mod:`analytics.stance.evidence` and :mod:`analytics.stance.classify` for the rules.
"""

from .classify import Judgement, classify, classify_text
from .evidence import stance_evidence, stance_table
from .registry import Issue, IssueRegistry, Lexicon, compile_pattern, load_issues, load_lexicon

__all__ = [
    "load_issues", "stance_evidence", "stance_table", "classify", "classify_text",
    "Issue", "IssueRegistry", "Judgement", "Lexicon", "compile_pattern", "load_lexicon",
]
