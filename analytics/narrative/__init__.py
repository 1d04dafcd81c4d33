"""Written findings: turn an :class:`~analytics.Analysis` into prose.

Every finding is a :class:`Finding` whose ``text`` is plain prose built only from
numbers found in (or counted from) the analysis tables, whose ``numbers`` dict holds
those raw values, and whose ``evidence`` list holds the sentences that back it up.
Where evidence is thin -- leaders flagged ``low_evidence``, overlapping tone
intervals, stances resting on one sentence -- the text says so instead of claiming a
difference.

One module per section (:mod:`.corpus`, :mod:`.topics`, :mod:`.actors`,
:mod:`.comentions`, :mod:`.tone`, :mod:`.stance`), each with a
``build(analysis) -> list[Finding]``; :mod:`.sections` runs them in reading order,
:mod:`.counts` holds the one definition of every count (documents analysed,
sentences, people, mentions), :mod:`.fit` says whether the registries fit the corpus,
:mod:`.format` writes numbers and names, :mod:`.evidence` finds the sentences and
:mod:`.render` turns findings into escaped Markdown or HTML.

Examples
--------
>>> from analytics.narrative import findings, summary_markdown  # doctest: +SKIP
>>> for f in findings(analysis):                                 # doctest: +SKIP
...     print(f.section, f.text)
"""

from __future__ import annotations

from .comentions import pick_comentions
from ..text.format import (MAX_DETAILED, MAX_LISTED, MAX_QUOTE, MAX_TITLE, doc_label, fmt_int,
                     fmt_num, fmt_pct, fmt_tone, quoted, shorten)
from .counts import corpus_counts, counted_mentions, mention_counts, rule_labels
from .fit import fit_messages
from .model import SECTIONS, TONE_DEFINITION, Evidence, Finding, table
from .render import (escape_markdown, finding_html, findings_html, section_markdown,
                     summary_markdown)
from .sections import findings, headlines
from .stance import MIN_STANCE_EVIDENCE, issue_labels, stance_overview
from .tone import tone_overview

__all__ = [
    "Evidence", "Finding", "SECTIONS", "TONE_DEFINITION", "findings", "corpus_counts",
    "counted_mentions", "mention_counts", "rule_labels", "fit_messages", "headlines", "summary_markdown",
    "section_markdown", "findings_html", "finding_html", "escape_markdown", "table",
    "pick_comentions", "doc_label", "issue_labels", "tone_overview", "stance_overview",
    "fmt_int", "fmt_tone", "fmt_pct", "fmt_num", "quoted", "shorten",
    "MAX_DETAILED", "MAX_LISTED", "MAX_QUOTE", "MAX_TITLE", "MIN_STANCE_EVIDENCE",
]
