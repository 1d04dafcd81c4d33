"""The corpus stages: reductions over the per-chunk tables.

The per-chunk tables are gathered in corpus order (:func:`collect`): duplicate
documents are marked, tables no later stage needs are written out as they arrive,
and discovered-person candidates are merged. The corpus stages then run in the order
of :data:`CORPUS_STAGES`:

====================  =============================================  ========================
stage                 tables it adds                                 module
====================  =============================================  ========================
``co-mentions``       comentions                                     :mod:`analytics.comentions`
``topics``            topics, topic_assignments, topic_prevalence,   :mod:`analytics.topics`
                      topic_actors
``leaders and         leaders, leader_documents, relations, stance   :mod:`analytics.sentiment`,
stance``                                                             :mod:`analytics.stance`
====================  =============================================  ========================
"""

from __future__ import annotations

import logging
import warnings
from typing import Any, Callable, Iterator

import pandas as pd

from .. import schema
from ..corpus.prepare import DocumentDeduper
from ..errors import InputError
from ..options import Options
from ..results.store import TableWriter
from .stages import PER_DOCUMENT_TABLES, SPILLED_TABLES

__all__ = ["CORPUS_STAGES", "actor_fit", "collect"]

log = logging.getLogger(__name__)

Tables = dict[str, pd.DataFrame]


def collect(results: Iterator[Tables], writer: TableWriter | None, source: str,
            names: tuple[str, ...] = PER_DOCUMENT_TABLES) -> Tables:
    """Gather per-chunk tables in order: mark duplicates, write spilled tables to
    ``writer`` as they arrive (keeping only the columns later stages need), and
    concatenate the rest. ``names``: the tables each chunk has (those of
    :data:`~analytics.pipeline.stages.PER_DOCUMENT_TABLES`, or fewer, with
    ``candidates`` and ``mentions``).

    Raises
    ------
    InputError
        When there was no document at all (``source`` names the input).
    """
    dedupe = DocumentDeduper()
    kept: dict[str, list[pd.DataFrame]] = {name: [] for name in names}
    n = 0
    for part in results:
        n += 1
        dedupe(part)
        for name in names:
            df = part.pop(name)
            if writer is not None and name in SPILLED_TABLES:
                writer.write(name, df)
                if name == "documents":  # status, date and outlet are all later code needs
                    kept[name].append(df[["doc_id", "status", "date", "outlet"]])
            else:
                kept[name].append(df)
    if n == 0:
        raise InputError("found no documents: a folder needs .txt, .md or .html files, a "
                         "table needs at least one row", source)
    candidates = kept.pop("candidates")
    tables = {name: _concat(kept.pop(name), name) for name in list(kept)}
    tables["candidates"] = _merge_candidates(candidates, tables["mentions"])
    return tables


def _concat(frames: list[pd.DataFrame], name: str) -> pd.DataFrame:
    full = [f for f in frames if len(f)]
    if not full:
        return frames[0] if frames else schema.empty(name)
    return pd.concat(full, ignore_index=True) if len(full) > 1 else full[0]


def _merge_candidates(parts: list[pd.DataFrame], mentions: pd.DataFrame) -> pd.DataFrame:
    """One row per discovered person of the per-chunk candidate tables (example and cue
    come from the corpus index, so every chunk has the same), counted again on the
    corpus ``mentions`` (without the rows of duplicate documents)."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return schema.empty("candidates")
    allc = pd.concat(parts, ignore_index=True).drop_duplicates("name", keep="first")
    found = mentions[mentions["kind"] == "discovered"]
    n_mentions = found.groupby("actor").size()
    n_docs = found.groupby("actor")["doc_id"].nunique()
    allc["mentions"] = allc["name"].map(n_mentions).fillna(0).astype("int64")
    allc["documents"] = allc["name"].map(n_docs).fillna(0).astype("int64")
    allc = allc[allc["mentions"] > 0]
    allc = allc.sort_values(["mentions", "name"], ascending=[False, True], kind="stable")
    return schema.conform("candidates", allc.reset_index(drop=True))


def actor_fit(tables: Tables, registry: Any, opts: Options, source: str,
              extras: dict[str, Any]) -> None:
    """Check that the actor registry fits the corpus (:func:`analytics.actors.fit.check_fit`):
    each finding is logged as a warning and the report kept in ``extras["actor_fit"]``."""
    from ..actors.fit import check_fit

    report = check_fit(registry, tables["documents"], tables["mentions"], opts.period,
                       source=source)
    for finding in report.findings:
        log.warning("actors: %s", finding.message)
    extras["actor_fit"] = report


# ------------------------------------------------------------------------------ stages
def _comentions(tables: Tables, opts: Options, extras: dict[str, Any]) -> None:
    from ..comentions import comention_table

    tables["comentions"] = comention_table(tables["mentions"])


def _topics(tables: Tables, opts: Options, extras: dict[str, Any]) -> None:
    from ..topics import topic_tables
    from ..topics.tables import TOPIC_TABLES

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        found = topic_tables(tables["paragraphs"], tables["mentions"],
                             documents=tables.get("documents"), unit=opts.topic_unit,
                             n_topics=opts.n_topics, method=opts.topic_method,
                             random_state=opts.random_state)
    for w in caught:
        log.warning("topics: %s", w.message)
    extras["topic_messages"] = [str(w.message) for w in caught]
    for name in TOPIC_TABLES:
        tables[name] = found[name]
    extras["topic_model"] = found.get("model")


def _leaders_and_stance(tables: Tables, opts: Options, extras: dict[str, Any]) -> None:
    from ..sentiment import leader_documents, leader_summary
    from ..stance import stance_table

    tables["leaders"] = leader_summary(tables["tone"], random_state=opts.random_state)
    tables["leader_documents"] = leader_documents(tables["tone"])
    from ..sentiment.relations import relation_table

    tables["relations"] = relation_table(tables.get("relation_evidence"))
    tables["stance"] = stance_table(tables["stance_evidence"])
    from ..stance import issue_fit, load_issues

    issues = opts.issues if isinstance(opts.issues, list) else load_issues(opts.issues)
    fit = issue_fit(tables.get("documents"), tables["stance_evidence"], issues)
    if fit.message:
        log.warning("stance: %s", fit.message)
    extras["issue_fit"] = fit


#: The corpus stages, in order: ``(name, run)`` where ``run(tables, options, extras)``
#: adds its tables to ``tables`` (and non-tabular results to ``extras``).
CORPUS_STAGES: tuple[tuple[str, Callable[[Tables, Options, dict[str, Any]], None]], ...] = (
    ("co-mentions", _comentions),
    ("topics", _topics),
    ("leaders and stance", _leaders_and_stance),
)
