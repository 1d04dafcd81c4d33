"""Do the registries fit the corpus? The findings of both fit checks, for readers.

The analysis checks the actor registry (:func:`analytics.actors.fit.check_fit`) and
the issue list (:func:`analytics.stance.issue_fit`) and logs what does not fit; a saved
analysis keeps only its tables, so :func:`fit_messages` runs both checks again on them
(they read the ``documents``, ``mentions`` and ``stance_evidence`` tables and the
registries named in the analysis's options). The report shows the messages in a box on
its front page, with the commands that write registries for the corpus.
"""

from __future__ import annotations

from typing import Any

from .counts import actor_registry, issue_registry
from .model import table

__all__ = ["fit_messages"]


def fit_messages(analysis: Any) -> list[tuple[str, str]]:
    """What does not fit, as ``(kind, message)`` pairs (empty when both fit).

    Parameters
    ----------
    analysis : Analysis
        The analysis (its options name the registries, the period and the source).

    Returns
    -------
    list of (str, str)
        ``kind`` is ``"actors"`` or ``"issues"``; the message is plain words ending in
        what to do (the exact commands).

    Raises
    ------
    InputError
        When a registry named in the options can no longer be read.
    """
    cached = getattr(analysis, "__dict__", {}).get("_narrative_fit")
    if cached is not None:
        return cached
    from ..actors.fit import check_fit
    from ..options import parse_period
    from ..stance import issue_fit

    opts = getattr(analysis, "options", None) or {}
    opts = opts if isinstance(opts, dict) else {}
    out: list[tuple[str, str]] = []
    extras = getattr(analysis, "extras", None) or {}
    report = extras.get("actor_fit")
    if report is None:
        period = opts.get("period")
        try:
            period = parse_period(period if period not in ("None",) else None)
        except ValueError:
            period = None
        source = opts.get("source")
        source = None if source in (None, "None", "") else str(source)
        report = check_fit(actor_registry(analysis), table(analysis, "documents"),
                           table(analysis, "mentions"), period, source=source)
    out += [("actors", msg) for msg in report.messages]
    fit = extras.get("issue_fit")
    if fit is None:
        fit = issue_fit(table(analysis, "documents"), table(analysis, "stance_evidence"),
                        issue_registry(analysis))
    if fit.message:
        out.append(("issues", fit.message))
    try:
        analysis.__dict__["_narrative_fit"] = out
    except (AttributeError, TypeError):
        pass
    return out
