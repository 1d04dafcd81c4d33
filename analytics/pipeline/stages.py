"""The per-document stages, as a declared list, and the work done on one chunk.

Every chunk of loaded documents goes through :data:`STAGES` in order. A stage reads
tables made by earlier stages and adds its own:

====================  ==============================================  =====================
stage                 tables it adds                                  module
====================  ==============================================  =====================
``prepare``           documents, removed, paragraphs, sentences       :mod:`analytics.corpus`
``mentions``          mentions, candidates                            :mod:`analytics.actors`
``tone``              tone                                            :mod:`analytics.sentiment`
``relations``         relation_evidence                               :mod:`analytics.sentiment.relations`
``quotes``            quotes                                          :mod:`analytics.quotes`
``stance_evidence``   stance_evidence                                 :mod:`analytics.stance`
====================  ==============================================  =====================

Tables whose name starts with ``_`` stay inside the chunk (``_all_mentions`` keeps the
pronoun mentions quote attribution needs even when they are not counted). Adding a
per-document stage means adding one :class:`Stage` to :data:`STAGES` (and its table
to :mod:`analytics.schema`).

Everything a stage computes depends on its document only, with one exception:
person discovery uses evidence from the whole corpus, gathered by a first pass
(:func:`discovery_chunk`) into ``Config.discovery`` when the corpus spans several
chunks. Every table leaves the chunk in corpus order of documents (then text
order), so concatenating chunks gives the same rows whatever the chunk size.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Callable, Iterable

import numpy as np
import pandas as pd

from ..corpus.clean import Rule
from ..corpus.prepare import prepare_chunk
from ..options import Options
from ..registries import Registries
from ..results.store import tidy

__all__ = ["ACTOR_TABLES", "Config", "PER_DOCUMENT_TABLES", "Prepared", "SPILLED_TABLES",
           "STAGES", "Stage", "actor_chunk", "discovery_chunk", "discovery_index",
           "prepare_and_discover", "process_chunk"]

Tables = dict[str, pd.DataFrame]


@dataclass
class Config:
    """Everything a chunk worker needs (picklable, for Dask process workers).

    The option fields are those :meth:`Options.chunk_options` lists.
    """

    rules: list[Rule]
    registries: Registries
    languages: tuple[str, ...] | None
    pronouns: bool
    discover: bool
    tone_model: str
    #: coverage period (first, last day) for documents without a date
    period: tuple[_dt.date, _dt.date] | None
    #: persons discovered in the whole corpus (first pass); ``None`` when the corpus is
    #: one chunk (discovery then runs on that chunk, which is the whole corpus)
    discovery: Any = None

    @classmethod
    def from_options(cls, options: Options, rules: list[Rule],
                     registries: Registries) -> "Config":
        """The configuration of the chunk workers of an analysis with ``options``."""
        return cls(rules=rules, registries=registries, **options.chunk_options())


@dataclass(frozen=True)
class Stage:
    """One per-document stage.

    Parameters
    ----------
    name : str
        Its name.
    run : callable
        ``run(tables, cfg) -> dict``: the tables it adds, from those of earlier
        stages (``tables["chunk"]`` holds the loaded documents).
    produces : tuple of str
        The names of the tables it adds.
    spilled : tuple of str
        Those of ``produces`` no corpus stage needs: with ``analyze(..., out=DIR)``
        they go to disk chunk by chunk and are not kept in memory.
    """

    name: str
    run: Callable[[Tables, Config], Tables]
    produces: tuple[str, ...]
    spilled: tuple[str, ...] = ()


def _prepare(t: Tables, cfg: Config) -> Tables:
    documents, removed, paragraphs, sentences = prepare_chunk(t["chunk"], cfg.rules,
                                                              cfg.languages)
    return {"documents": documents, "removed": removed, "paragraphs": paragraphs,
            "sentences": sentences}


def _mentions(t: Tables, cfg: Config) -> Tables:
    from ..actors import find_mentions

    # pronoun mentions are always resolved: quotes need them ("..., he said")
    every, candidates = find_mentions(t["sentences"], cfg.registries.actors, pronouns=True,
                                      discover=cfg.discover, documents=t["documents"],
                                      discovery=cfg.discovery, period=cfg.period)
    counted = every if cfg.pronouns else every[every["kind"] != "pronoun"]
    return {"mentions": counted.reset_index(drop=True), "candidates": candidates,
            "_all_mentions": every}


def _tone(t: Tables, cfg: Config) -> Tables:
    from ..sentiment import tone_table

    return {"tone": tone_table(t["sentences"], t["mentions"], tone_model=cfg.tone_model)}


def _relations(t: Tables, cfg: Config) -> Tables:
    from ..sentiment.relations import relation_evidence

    return {"relation_evidence": relation_evidence(t["sentences"], t["tone"])}


def _quotes(t: Tables, cfg: Config) -> Tables:
    from ..quotes import extract_quotes

    return {"quotes": extract_quotes(t["documents"], t["sentences"], t["_all_mentions"],
                                     registry=cfg.registries.actors)}


def _stance_evidence(t: Tables, cfg: Config) -> Tables:
    from ..stance import stance_evidence

    return {"stance_evidence": stance_evidence(t["sentences"], t["mentions"], t["quotes"],
                                               cfg.registries.issues,
                                               registry=cfg.registries.actors)}


#: The per-document stages, in the order they run on each chunk.
STAGES: tuple[Stage, ...] = (
    Stage("prepare", _prepare, ("documents", "removed", "paragraphs", "sentences"),
          spilled=("documents", "removed", "sentences")),
    Stage("mentions", _mentions, ("mentions", "candidates", "_all_mentions")),
    Stage("tone", _tone, ("tone",)),
    Stage("relations", _relations, ("relation_evidence",)),
    Stage("quotes", _quotes, ("quotes",), spilled=("quotes",)),
    Stage("stance_evidence", _stance_evidence, ("stance_evidence",)),
)
#: Tables produced per chunk of documents (concatenated in chunk order).
PER_DOCUMENT_TABLES = tuple(n for s in STAGES for n in s.produces if not n.startswith("_"))
#: With ``analyze(..., out=DIR)`` these tables go to disk chunk by chunk and are not
#: kept in memory (no corpus stage needs them; of ``documents`` only the status is kept).
SPILLED_TABLES = tuple(n for s in STAGES for n in s.spilled)


def process_chunk(chunk: pd.DataFrame | Prepared, cfg: Config) -> Tables:
    """Run every per-document stage on one chunk of loaded documents.

    Parameters
    ----------
    chunk : pandas.DataFrame or Prepared
        Loaded documents (:func:`analytics.corpus.load.iter_corpus` output), or the
        same documents prepared by the first pass (:func:`prepare_and_discover`).
    cfg : Config
        Registries, rules and options.

    Returns
    -------
    dict of str to DataFrame
        The tables of :data:`PER_DOCUMENT_TABLES` for these documents, in corpus
        order of documents, with text columns as strings.
    """
    return _run_stages(chunk, cfg, STAGES, PER_DOCUMENT_TABLES)


#: The tables :func:`actor_chunk` returns.
ACTOR_TABLES = ("documents", "sentences", "mentions", "candidates")


def actor_chunk(chunk: pd.DataFrame | Prepared, cfg: Config) -> Tables:
    """The stages of :data:`STAGES` up to the mentions, on one chunk of loaded documents
    (who is mentioned, without tone, quotes or stance; ``analytics actors --init``).

    Returns
    -------
    dict of str to DataFrame
        The tables of :data:`ACTOR_TABLES`, as :func:`process_chunk` returns them.
    """
    upto = next(i for i, stage in enumerate(STAGES) if stage.name == "mentions")
    return _run_stages(chunk, cfg, STAGES[:upto + 1], ACTOR_TABLES)


@dataclass
class Prepared:
    """A chunk of documents after the ``prepare`` stage: its tables (``documents``,
    ``removed``, ``paragraphs``, ``sentences``), kept from the first pass so that the
    second does not prepare the chunk again. :func:`process_chunk` and
    :func:`actor_chunk` take it in place of the loaded documents."""

    tables: Tables


def _run_stages(chunk: pd.DataFrame | Prepared, cfg: Config, stages: Iterable[Stage],
                names: Iterable[str]) -> Tables:
    tables: Tables = {"chunk": chunk}
    if isinstance(chunk, Prepared):
        tables = {"chunk": None, **chunk.tables}
        stages = [stage for stage in stages if stage.name != "prepare"]
    for stage in stages:
        tables.update(stage.run(tables, cfg))
    order = {d: i for i, d in enumerate(tables["documents"]["doc_id"])}
    return {name: tidy(_in_document_order(tables[name], order)) for name in names}


def discovery_chunk(chunk: pd.DataFrame, cfg: Config) -> list[tuple[str, list]]:
    """First pass of person discovery on one chunk of loaded documents.

    Parameters
    ----------
    chunk : pandas.DataFrame
        Loaded documents (:func:`analytics.corpus.load.iter_corpus` output).
    cfg : Config
        Registries, rules and options.

    Returns
    -------
    list of (str, list of Evidence)
        For each analysable document, in corpus order: its content key (equal keys
        are duplicates) and its cue evidence (possibly empty); see
        :func:`analytics.actors.mentions.discovery_evidence`.
    """
    return prepare_and_discover(chunk, cfg)[0]


def prepare_and_discover(chunk: pd.DataFrame,
                         cfg: Config) -> tuple[list[tuple[str, list]], Prepared]:
    """:func:`discovery_chunk` and the prepared chunk it worked on.

    Returns
    -------
    (list of (str, list of Evidence), Prepared)
        The first-pass evidence, as :func:`discovery_chunk` returns it, and the
        chunk's tables after the ``prepare`` stage, for the second pass.
    """
    from ..actors.mentions import discovery_evidence

    prepared = _prepare({"chunk": chunk}, cfg)
    documents, sentences = prepared["documents"], prepared["sentences"]
    evidence = dict(discovery_evidence(sentences, cfg.registries.actors))
    return ([(key, evidence.get(doc_id, []))
             for doc_id, key in zip(documents["doc_id"], documents["_key"]) if key],
            Prepared(prepared))


def discovery_index(parts: Iterable[list[tuple[str, list]]]) -> Any:
    """The :class:`~analytics.actors.discovery.DiscoveryIndex` of the first-pass
    evidence of every chunk, added in corpus order, skipping documents whose content
    was seen before (the duplicate check of the second pass)."""
    from ..actors.discovery import DiscoveryIndex

    index = DiscoveryIndex()
    seen: set[str] = set()
    for part in parts:
        for key, evidence in part:
            if key in seen:
                continue
            seen.add(key)
            if evidence:
                index.add_document(evidence)
    return index.finalize()


def _in_document_order(df: pd.DataFrame, order: dict[str, int]) -> pd.DataFrame:
    """Rows grouped by document in corpus order (stable: the order within a document
    is kept), so that chunks concatenate to the same table whatever their size."""
    if len(df) < 2 or "doc_id" not in df.columns:
        return df
    pos = df["doc_id"].map(order)
    if pos.isna().any() or pos.is_monotonic_increasing:
        return df
    idx = np.argsort(pos.to_numpy(), kind="stable")
    return df.iloc[idx].reset_index(drop=True)
