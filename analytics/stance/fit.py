"""Does the issue list fit the corpus? Measured on the run's own tables.

An issue list is written for one story (the bundled one for the war in Ukraine and
European security, 2025). On coverage of another story its trigger words still occur
("the arms embargo on China", "the ceasefire line in Kashmir"), and findings from them
are false. :func:`issue_fit` measures the fit from the ``documents`` and
``stance_evidence`` tables and says in plain words when the list does not fit and how to
write one's own; the pipeline logs it as a warning and the report's stance section
shows it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .registry import IssueRegistry
from .table import counted

__all__ = ["IssueFit", "issue_fit", "HOW_TO_WRITE"]

#: how to write an issue list, in plain words (appended to every fit message)
HOW_TO_WRITE = ("To track stances in this coverage, write an issue list for it: "
                "`analytics issues --init SOURCE` writes a starter file from the corpus's "
                "topics and key phrases, docs/issues.md explains the format with two worked "
                "examples, and `--issues FILE` (or `analyze(issues=FILE)`) uses it.")


@dataclass(frozen=True)
class IssueFit:
    """How well an issue list fits a corpus.

    Attributes
    ----------
    documents : int
        Documents analysed (status ``ok``).
    with_evidence : int
        Documents with any stance evidence.
    off_story : int
        Documents whose evidence does not count because they do not name the story of
        the list.
    findings : int
        (actor, issue) pairs with counted support or oppose evidence.
    fits : bool
        False when the list does not fit (see :func:`issue_fit`).
    message : str
        The plain-words message ("" when the list fits).
    """

    documents: int
    with_evidence: int
    off_story: int
    findings: int
    fits: bool
    message: str


def _list_name(issues: IssueRegistry) -> str:
    src = getattr(issues, "source", "")
    if src == "bundled":
        return "The bundled issue list"
    return f"The issue list {src}" if src else "The issue list"


def _labels(issues: IssueRegistry, n: int = 4) -> str:
    labels = [i.label for i in issues][:n]
    more = len(issues) - len(labels)
    return ", ".join(labels) + (f" and {more} more" if more > 0 else "")


def issue_fit(documents: pd.DataFrame | None, evidence: pd.DataFrame | None,
              issues: IssueRegistry) -> IssueFit:
    """Measure whether ``issues`` fits the corpus behind ``documents`` and ``evidence``.

    The list does not fit when most documents with issue words do not name its story
    (their evidence has the note ``off_story``), or when the corpus gives no finding at
    all: no (actor, issue) pair with counted support or oppose evidence.

    Parameters
    ----------
    documents : pandas.DataFrame or None
        The ``documents`` table (``doc_id``, ``status``); None counts no documents.
    evidence : pandas.DataFrame or None
        The ``stance_evidence`` table.
    issues : IssueRegistry
        The issue list of the run.

    Returns
    -------
    IssueFit
    """
    n_docs = 0
    if documents is not None and len(documents):
        status = documents["status"] if "status" in documents.columns else None
        n_docs = int((status == "ok").sum()) if status is not None else len(documents)
    ev = evidence if evidence is not None else pd.DataFrame(columns=["doc_id", "score"])
    with_ev = int(ev["doc_id"].nunique()) if len(ev) else 0
    note = (ev["note"].astype("string").fillna("").astype(str) if "note" in ev.columns and len(ev)
            else pd.Series("", index=ev.index))
    off_docs = int(ev.loc[note == "off_story", "doc_id"].nunique()) if len(ev) else 0
    on_docs = with_ev - off_docs
    findings = 0
    if len(ev):
        ok = ev[counted(ev) & (ev["score"].astype(float) != 0)]
        findings = int(ok.groupby(["actor", "issue"]).ngroups) if len(ok) else 0
    name = _list_name(issues)
    story = getattr(issues, "story", "")
    covers = f"was written for {story}" if story else f"covers {_labels(issues)}"
    message = ""
    if n_docs and off_docs and off_docs >= on_docs:
        message = (f"{name} does not fit this corpus: it {covers}, and {off_docs} of the "
                   f"{with_ev} documents where its words occur do not name that story, so "
                   f"what their people say is not counted as a stance. {HOW_TO_WRITE}")
    elif n_docs and not findings:
        message = (f"No stance on the tracked issues was found in {n_docs} document"
                   f"{'s' if n_docs != 1 else ''}. {name} {covers}; if this coverage is "
                   f"about other questions, the list does not fit it. {HOW_TO_WRITE}")
    return IssueFit(n_docs, with_ev, off_docs, findings, not message, message)
