"""Run the whole analysis: load -> clean -> segment -> actors -> co-mentions /
topics / tone / quotes -> stance.

:func:`analyze` is the one entry point scripts, notebooks and the command line
share. Each stage is a function of DataFrames living in its own module; this module
only orchestrates them and assembles the :class:`~analytics.analysis.Analysis`.

Execution model
---------------
The corpus is streamed in chunks of documents. *Per-document* stages (cleaning,
language check, segmentation, mentions, tone, quotes, stance evidence) run on each
chunk independently - locally, or as Dask tasks with ``backend="dask"``. *Corpus*
stages then reduce the per-chunk tables: duplicate documents, discovered-person
candidates, co-mentions, topics, leader summaries and stance. Chunk boundaries do
not depend on the backend, so both backends give the same tables.
"""

from __future__ import annotations

import logging
import os
import warnings
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

import pandas as pd

from . import schema
from .analysis import Analysis, TableWriter
from .clean import Rule, clean_corpus, content_key, load_rules
from .errors import InputError
from .language import MIN_CONFIDENCE, detect_language
from .load import MAX_CHARS, iter_corpus
from .progress import stage_progress, track
from .segment import segment_corpus

log = logging.getLogger(__name__)

#: Tables produced per chunk of documents (concatenated in chunk order).
PER_DOCUMENT_TABLES = ("documents", "removed", "paragraphs", "sentences", "mentions",
                       "candidates", "tone", "quotes", "stance_evidence")
#: With ``analyze(..., out=DIR)`` these tables go to disk chunk by chunk and are not
#: kept in memory (no later stage needs them).
SPILLED_TABLES = ("documents", "removed", "sentences", "quotes")


# ------------------------------------------------------------------------------ stages
def prepare_documents(corpus: pd.DataFrame, *, rules: list[Rule] | None = None,
                      languages: tuple[str, ...] | None = ("en",),
                      dedupe_documents: bool = True,
                      ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Clean, language-check and segment a loaded corpus (or one chunk of it).

    Parameters
    ----------
    corpus : pandas.DataFrame
        Output of :func:`analytics.load_corpus`.
    rules : list of Rule, optional
        Boilerplate rules (:func:`analytics.clean.load_rules`); default: shipped rules.
    languages : tuple of str or None, default ("en",)
        Documents confidently identified as another language are skipped (status
        says which language). ``None`` keeps every language.
    dedupe_documents : bool, default True
        Mark exact duplicates within ``corpus`` as skipped.

    Returns
    -------
    documents, removed, paragraphs, sentences : pandas.DataFrame
    """
    docs, removed = clean_corpus(corpus, rules, dedupe_documents=dedupe_documents)
    status = docs["status"].tolist()
    langs: list[str | None] = []
    for i, text in enumerate(docs["text"]):
        code, prob = detect_language(text) if status[i] == "ok" else (None, 0.0)
        langs.append(code)
        if (languages is not None and code and code not in languages
                and prob >= MIN_CONFIDENCE and status[i] == "ok"):
            status[i] = (f"skipped: language '{code}' (p={prob:.2f}); the models are "
                         "English-only - pass languages=None (CLI: --all-languages) to "
                         "analyse it anyway")
    docs["language"] = langs
    docs["status"] = status
    paragraphs, sentences = segment_corpus(docs)
    # a headline first line becomes the title; metadata is never invented otherwise
    titles = paragraphs.loc[paragraphs["kind"] == "title"].set_index("doc_id")["text"]
    missing = docs["title"].isna() & docs["doc_id"].isin(titles.index)
    docs.loc[missing, "title"] = docs.loc[missing, "doc_id"].map(titles)
    docs["n_paragraphs"] = docs["doc_id"].map(paragraphs.groupby("doc_id").size()).fillna(
        0).astype("int64")
    docs["n_sentences"] = docs["doc_id"].map(sentences.groupby("doc_id").size()).fillna(
        0).astype("int64")
    docs["n_chars"] = docs["text"].str.len().fillna(0).astype("int64")
    docs.loc[(docs["status"] == "ok") & (docs["n_sentences"] == 0), "status"] = (
        "skipped: no sentences (only headings or fragments)")
    keep = set(docs.loc[docs["status"] == "ok", "doc_id"])
    sentences = sentences[sentences["doc_id"].isin(keep)].reset_index(drop=True)
    paragraphs = paragraphs[paragraphs["doc_id"].isin(keep)].reset_index(drop=True)
    return schema.conform("documents", docs), removed, paragraphs, sentences


@dataclass
class Config:
    """Everything a chunk worker needs (picklable, for Dask process workers)."""

    rules: list[Rule]
    languages: tuple[str, ...] | None
    registry: Any
    issues: Any
    pronouns: bool = False
    discover: bool = True
    tone_model: str = "default"


def process_chunk(chunk: pd.DataFrame, cfg: Config) -> dict[str, pd.DataFrame]:
    """Run every per-document stage on one chunk of loaded documents.

    Parameters
    ----------
    chunk : pandas.DataFrame
        Loaded documents (:func:`analytics.load.iter_corpus` output).
    cfg : Config
        Registries, rules and options.

    Returns
    -------
    dict of str to DataFrame
        The tables of :data:`PER_DOCUMENT_TABLES` for these documents.
    """
    from .actors import find_mentions
    from .quotes import extract_quotes
    from .sentiment import tone_table
    from .stance import stance_evidence

    documents, removed, paragraphs, sentences = prepare_documents(
        chunk, rules=cfg.rules, languages=cfg.languages, dedupe_documents=False)
    documents["_key"] = [content_key(t) if s == "ok" else ""
                         for t, s in zip(documents["text"], documents["status"])]
    # pronoun mentions are always resolved: quotes need them ("..., he said")
    mentions, candidates = find_mentions(sentences, cfg.registry, pronouns=True,
                                         discover=cfg.discover, documents=documents)
    counted = mentions if cfg.pronouns else mentions[mentions["kind"] != "pronoun"]
    counted = counted.reset_index(drop=True)
    tone = tone_table(sentences, counted, backend=cfg.tone_model)
    quotes = extract_quotes(documents, sentences, mentions)
    evidence = stance_evidence(sentences, counted, quotes, cfg.issues)
    out = {"documents": documents, "removed": removed, "paragraphs": paragraphs,
           "sentences": sentences, "mentions": counted, "candidates": candidates,
           "tone": tone, "quotes": quotes, "stance_evidence": evidence}
    return {name: _compact(df) for name, df in out.items()}


def _compact(df: pd.DataFrame) -> pd.DataFrame:
    """Store text columns with pandas' Arrow-backed string dtype (less memory, and the
    same dtype the tables have after a save/load round trip)."""
    for col in df.columns:
        if df[col].dtype == object:
            vals = df[col].dropna()
            if len(vals) and all(isinstance(v, str) for v in vals):
                df[col] = df[col].astype("str")
    return df


def _merge_candidates(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Add up per-chunk candidate tables (same name = same person)."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return schema.empty("candidates")
    if len(parts) == 1:
        return schema.conform("candidates", parts[0])
    allc = pd.concat(parts, ignore_index=True)
    agg = allc.groupby("name", sort=True).agg(
        mentions=("mentions", "sum"), documents=("documents", "sum"),
        example=("example", "first"), cue=("cue", "first")).reset_index()
    agg = agg.sort_values(["mentions", "name"], ascending=[False, True], kind="stable")
    return schema.conform("candidates", agg)


class _Deduper:
    """Mark exact duplicate documents across chunks (first copy in corpus order wins)
    and drop the duplicates' rows from the chunk's other tables."""

    def __init__(self) -> None:
        self.first: dict[str, str] = {}

    def __call__(self, part: dict[str, pd.DataFrame]) -> None:
        docs = part["documents"]
        status = docs["status"].tolist()
        dup_of = docs["duplicate_of"].tolist()
        gone: set[str] = set()
        for i, (doc_id, key) in enumerate(zip(docs["doc_id"], docs["_key"])):
            if status[i] != "ok" or not key:
                continue
            if key in self.first:
                dup_of[i] = self.first[key]
                status[i] = f"skipped: exact duplicate of {self.first[key]}"
                gone.add(doc_id)
            else:
                self.first[key] = doc_id
        docs = docs.drop(columns="_key")
        docs["status"] = pd.Series(status, index=docs.index, dtype="str")
        docs["duplicate_of"] = pd.Series(dup_of, index=docs.index, dtype="str")
        part["documents"] = docs
        if gone:
            for name, df in part.items():
                if name != "documents" and "doc_id" in df.columns and len(df):
                    part[name] = df[~df["doc_id"].isin(gone)].reset_index(drop=True)


def _run_chunks(chunks: Iterable[pd.DataFrame], cfg: Config, *, backend: str,
                scheduler: str | None, progress: bool) -> Iterator[dict[str, pd.DataFrame]]:
    """Yield the per-document tables of each chunk, in chunk order."""
    if backend == "local":
        return (process_chunk(c, cfg) for c in track(chunks, desc="documents",
                                                      enabled=progress))
    if backend != "dask":
        raise InputError(f"unknown backend {backend!r}; use 'local' or 'dask'")
    from .scale import run_dask

    return run_dask(chunks, cfg, process_chunk, scheduler=scheduler, progress=progress)


def _concat(frames: list[pd.DataFrame], name: str) -> pd.DataFrame:
    full = [f for f in frames if len(f)]
    if not full:
        return frames[0] if frames else schema.empty(name)
    return pd.concat(full, ignore_index=True) if len(full) > 1 else full[0]


# ------------------------------------------------------------------------------ analyze
def analyze(source: Any = None, *, text_column: str = "text", id_column: str | None = "id",
            columns: dict[str, str] | None = None, encoding: str | None = None,
            boilerplate: str | os.PathLike | None = None, boilerplate_replace: bool = False,
            languages: tuple[str, ...] | None = ("en",),
            actors: Any = None, extend_actors: bool = True, issues: Any = None,
            pronouns: bool = False, discover: bool = True,
            n_topics: int | str = "auto", topic_method: str = "nmf",
            topic_unit: str = "paragraph", tone_model: str = "default", random_state: int = 0,
            backend: str = "local", scheduler: str | None = None, chunk_size: int = 1000,
            max_chars: int | None = MAX_CHARS, out: str | os.PathLike | None = None,
            progress: bool = True) -> Analysis:
    """Analyse a corpus of news articles.

    Parameters
    ----------
    source : path, DataFrame or iterable of str, optional
        Anything :func:`analytics.load_corpus` accepts; ``None`` analyses the
        bundled demo corpus.
    text_column, id_column, columns, encoding
        Passed to :func:`analytics.load_corpus`.
    boilerplate : path, optional
        Extra boilerplate rules (YAML, format of ``analytics/data/boilerplate.yaml``).
    boilerplate_replace : bool, default False
        Use only the rules in ``boilerplate``.
    languages : tuple of str or None, default ("en",)
        Languages to analyse; others are skipped with a status saying why.
    actors : path or ActorRegistry, optional
        Actor registry (YAML) to use, added to the default one unless
        ``extend_actors=False``.
    extend_actors : bool, default True
        Add ``actors`` to the default registry instead of replacing it.
    issues : path or issue registry, optional
        Issue registry (YAML) for stance; default: the shipped issues.
    pronouns : bool, default False
        Count resolved pronoun mentions (he, she...) in mentions, co-mentions and
        tone. Quote attribution always resolves pronouns.
    discover : bool, default True
        Find people who are not in the registry (kind ``discovered``).
    n_topics : int or "auto", default "auto"
        Number of topics; "auto" chooses it and records the scores.
    topic_method : {"nmf", "lda", "kmeans"}, default "nmf"
    topic_unit : {"paragraph", "document"}, default "paragraph"
        What the topic model clusters.
    tone_model : {"default", "linear", "minilm"}, default "default"
        Target-sentiment model for the ``tone`` table (see
        :func:`analytics.sentiment.classify_targets`): the default ensemble, the
        faster linear model alone, or the optional MiniLM ensemble.
    random_state : int, default 0
        Seed for every randomised step; the same input and options give the same
        tables.
    backend : {"local", "dask"}, default "local"
        Where per-document stages run.
    scheduler : str, optional
        Dask scheduler: "threads", "processes", "synchronous" or a
        ``tcp://host:port`` address.
    chunk_size : int, default 1000
        Documents per chunk (the unit of streaming and of Dask tasks).
    max_chars : int or None, default 5,000,000
        Longer documents are skipped with a status saying so; ``None``: no limit.
    out : path, optional
        Write every table into this folder (as :meth:`Analysis.save` does) *while*
        analysing: documents, sentences, removed spans and quotes go to disk chunk by
        chunk as partitioned Parquet plus CSV and are never all held in memory, so
        memory stays bounded on large corpora. The returned Analysis reads its tables
        from the folder on first use. The folder is replaced atomically at the end.
    progress : bool, default True
        Show progress bars on an interactive terminal.

    Returns
    -------
    Analysis
        One attribute per table of :mod:`analytics.schema`.

    Raises
    ------
    InputError
        For bad input (missing files, tables without a text column, malformed
        registries...); the message names the file or row.

    Examples
    --------
    >>> import analytics
    >>> a = analytics.analyze(progress=False)        # the bundled demo corpus
    >>> a.leaders[["actor", "mentions", "tone_mean"]].head(3)  # doctest: +SKIP
    """
    from .actors import ActorRegistry, load_registry
    from .comentions import comention_table
    from .sentiment import leader_documents, leader_summary
    from .stance import load_issues, stance_table
    from .topics import topic_tables

    if chunk_size < 1:
        raise InputError("chunk_size must be at least 1")
    options = {
        "source": str(source) if not isinstance(source, pd.DataFrame) else "<DataFrame>",
        "text_column": text_column, "id_column": id_column, "columns": columns,
        "languages": list(languages) if languages else None,
        "boilerplate": str(boilerplate) if boilerplate else None,
        "actors": str(actors) if actors is not None else None,
        "extend_actors": extend_actors, "issues": str(issues) if issues is not None else None,
        "pronouns": pronouns, "discover": discover, "n_topics": n_topics,
        "topic_method": topic_method, "topic_unit": topic_unit, "tone_model": tone_model,
        "random_state": random_state, "backend": backend, "chunk_size": chunk_size,
        "max_chars": max_chars,
    }
    registry = actors if isinstance(actors, ActorRegistry) else load_registry(
        actors, extend_default=extend_actors)
    issue_reg = issues if (issues is not None and not isinstance(issues, (str, os.PathLike))
                           ) else load_issues(issues)
    cfg = Config(rules=load_rules(boilerplate, replace=boilerplate_replace),
                 languages=tuple(languages) if languages else None, registry=registry,
                 issues=issue_reg, pronouns=pronouns, discover=discover, tone_model=tone_model)
    stages = ["documents", "co-mentions", "topics", "leaders and stance"]
    with stage_progress(stages, enabled=progress) as step:
        chunks = iter_corpus(source, chunk_size=chunk_size, text_column=text_column,
                             id_column=id_column, columns=columns, encoding=encoding,
                             max_chars=max_chars)
        writer = TableWriter(out) if out is not None else None
        try:
            tables = _collect(_run_chunks(chunks, cfg, backend=backend, scheduler=scheduler,
                                          progress=progress), writer, options["source"])
            step()
            tables["comentions"] = comention_table(tables["mentions"])
            step()
            extras: dict[str, Any] = {}
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                topic_out = topic_tables(tables["paragraphs"], tables["mentions"],
                                         unit=topic_unit, n_topics=n_topics, method=topic_method,
                                         random_state=random_state)
            for w in caught:
                log.warning("topics: %s", w.message)
            extras["topic_messages"] = [str(w.message) for w in caught]
            for name in ("topics", "topic_assignments", "topic_prevalence", "topic_actors"):
                tables[name] = topic_out[name]
            extras["topic_model"] = topic_out.get("model")
            step()
            tables["leaders"] = leader_summary(tables["tone"], random_state=random_state)
            tables["leader_documents"] = leader_documents(tables["tone"])
            tables["stance"] = stance_table(tables["stance_evidence"])
            step()
            if writer is not None:
                for name, df in tables.items():
                    if name not in SPILLED_TABLES:
                        writer.write(name, df)
                writer.commit(options)
        except BaseException:
            if writer is not None:
                writer.abort()
            raise
    n_ok = int((tables["documents"]["status"] == "ok").sum())
    if n_ok == 0:
        log.warning("no document could be analysed; see documents.status for the reasons")
    if writer is not None:
        result = Analysis.load(out, lazy=True)
        result.extras.update(extras)
        return result
    return Analysis(tables, options, extras)


def _collect(results: Iterator[dict[str, pd.DataFrame]], writer: TableWriter | None,
             source: str) -> dict[str, pd.DataFrame]:
    """Gather per-chunk tables in order: mark duplicates, write spilled tables to
    ``writer`` as they arrive (keeping only the columns later stages need), and
    concatenate the rest."""
    dedupe = _Deduper()
    kept: dict[str, list[pd.DataFrame]] = {name: [] for name in PER_DOCUMENT_TABLES}
    n = 0
    for part in results:
        n += 1
        dedupe(part)
        for name in PER_DOCUMENT_TABLES:
            df = part.pop(name)
            if writer is not None and name in SPILLED_TABLES:
                writer.write(name, df)
                if name == "documents":  # the status is all later code needs
                    kept[name].append(df[["doc_id", "status"]])
            else:
                kept[name].append(df)
    if n == 0:
        raise InputError("found no documents: a folder needs .txt, .md or .html files, a "
                         "table needs at least one row", source)
    tables = {"candidates": _merge_candidates(kept.pop("candidates"))}
    for name in list(kept):
        tables[name] = _concat(kept.pop(name), name)
    return tables
