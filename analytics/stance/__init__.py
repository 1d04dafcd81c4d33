"""Stance of actors toward issues.

- :func:`load_issues` — the issue registry (``analytics/data/issues.yaml`` by default);
- :func:`stance_evidence` — the ``stance_evidence`` table: one row per sentence or
  quotation where an actor speaks or acts on an issue, classified support / oppose /
  neutral with a score in [-1, 1];
- :func:`stance_table` — the ``stance`` table: one row per (actor, issue);
- :func:`issue_fit` — whether the issue list fits the corpus, in plain words;
- :func:`claims_table` — without an issue list: each actor's claims (object phrase and
  polarity of its stance verbs);
- :func:`concept_tables` — the claims grouped into concepts and the actor x concept
  agreement network (:func:`concept_graph`, :func:`write_concept_network`: GraphML /
  GEXF);
- :func:`stance_trends`, :func:`stance_outlets` — the stance table per period and per
  outlet.

Modules: :mod:`~analytics.stance.patterns` (the trigger pattern language),
:mod:`~analytics.stance.registry` (issues), :mod:`~analytics.stance.lexicon` (stance
operators), :mod:`~analytics.stance.classify` (one piece of evidence),
:mod:`~analytics.stance.subjects` and :mod:`~analytics.stance.clauses` (who speaks and
how far), :mod:`~analytics.stance.judge` (the strongest judgement of a clause),
:mod:`~analytics.stance.evidence` (the evidence table),
:mod:`~analytics.stance.table` (aggregation), :mod:`~analytics.stance.fit` (does the
issue list fit the corpus?), :mod:`~analytics.stance.concepts` (concepts and the
network), :mod:`~analytics.stance.trends` (over time and by outlet).
"""

from .claims import claims_table
from .concepts import concept_graph, concept_tables, write_concept_network
from .classify import Judgement, classify, classify_text
from .evidence import stance_evidence
from .fit import IssueFit, issue_fit
from .lexicon import Lexicon, load_lexicon
from .patterns import compile_pattern
from .registry import Issue, IssueRegistry, load_issues
from .table import stance_table
from .trends import StanceWarning, stance_outlets, stance_trends

__all__ = [
    "load_issues", "stance_evidence", "stance_table", "classify", "classify_text",
    "Issue", "IssueRegistry", "Judgement", "Lexicon", "compile_pattern", "load_lexicon",
    "IssueFit", "issue_fit", "claims_table", "concept_tables", "concept_graph",
    "write_concept_network", "stance_trends", "stance_outlets", "StanceWarning",
]
