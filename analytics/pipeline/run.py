"""Run the whole analysis: :func:`analyze`.

The corpus is streamed in chunks of documents. The per-document stages
(:data:`~analytics.pipeline.stages.STAGES`: cleaning, language check, segmentation,
mentions, tone, quotes, stance evidence) run on each chunk independently, on the
execution backend chosen (:data:`~analytics.pipeline.backends.BACKENDS`); the corpus
stages (:data:`~analytics.pipeline.reduce.CORPUS_STAGES`) then reduce the per-chunk
tables: duplicate documents, discovered-person candidates, co-mentions, topics,
leader summaries and stance.

Results do not depend on execution
----------------------------------
The same input and options give byte-identical tables whatever the backend, the
scheduler, the number of workers and the chunk size:

* Everything a per-document stage computes depends on that document only, with one
  exception, person discovery, which uses evidence from the whole corpus (a person
  introduced as "envoy Oskar Brandvold" in one article is "Brandvold" in another).
  A corpus larger than one chunk is therefore read twice: a first pass collects the
  cue evidence of every document (:func:`~analytics.pipeline.stages.discovery_chunk`,
  small records) into one :class:`~analytics.actors.discovery.DiscoveryIndex`, in
  corpus order and without duplicate documents; the second pass
  (:func:`~analytics.pipeline.stages.process_chunk`) matches those persons in each
  chunk. The index grows with the number of distinct people named (plus one content
  key per document for the duplicate check, as the second pass keeps too), not with
  the text of the corpus; both passes stream chunk by chunk (also with ``out=``) and
  run on the same workers. The first pass keeps each prepared chunk (cleaned,
  segmented) for the second while they fit in :data:`PREPARED_CACHE_BYTES`, so most
  chunks are prepared once. A corpus of one chunk is read once. A one-shot
  iterable of texts is turned into a list first (it is read whole anyway).
* Later copies of a document are dropped before the per-document stages; every
  per-document table is put in corpus order of documents (then text order) before it
  leaves the chunk, so concatenating chunks gives the same rows in the same order.
* Tone inference computes each row independently of the other rows of its batch
  (see :mod:`analytics.sentiment.neural`), and reductions over rows (sums, means,
  bootstraps) see them in that fixed order.

Workers
-------
By default the per-document stages run on one worker process per core (``workers``;
:class:`~analytics.pipeline.backends.ProcessPool`), each chunk split into one piece
per worker (of at least :data:`MIN_TASK_DOCUMENTS` documents) so that every worker
has work; a corpus of fewer than :data:`POOL_MIN_DOCUMENTS` documents, or of one
chunk, runs in this process. Every process of the run, this one included, uses
``threads`` BLAS/OpenMP threads (default 1).
"""

from __future__ import annotations

import inspect
import itertools
import logging
import os
from dataclasses import fields
from typing import Any, Callable, Iterable, Iterator

import pandas as pd

from ..corpus.clean import load_rules
from ..corpus.load import iter_corpus
from ..options import Options, parameters_doc
from ..progress import stage_progress
from ..registries import load_registries
from ..results import Analysis, TableWriter
from .backends import BACKENDS, ChunkMap, default_workers, limit_threads
from .reduce import CORPUS_STAGES, actor_fit, collect
from .stages import (ACTOR_TABLES, PER_DOCUMENT_TABLES, SPILLED_TABLES, Config, Prepared,
                     actor_chunk, discovery_chunk, discovery_index, prepare_and_discover,
                     process_chunk)

__all__ = ["MIN_TASK_DOCUMENTS", "POOL_MIN_DOCUMENTS", "PREPARED_CACHE_BYTES", "analyze",
           "find_actors"]

log = logging.getLogger(__name__)

#: A corpus of fewer documents (or of one chunk) runs in this process: starting worker
#: processes would cost more than they save.
POOL_MIN_DOCUMENTS = 1000
#: On worker processes, each chunk is split into one piece per worker, of at least
#: this many documents (the tables do not depend on the pieces).
MIN_TASK_DOCUMENTS = 100
#: Prepared chunks kept between the two passes, in bytes (an estimate: about 4.2 bytes
#: of tables per character of text); chunks beyond are prepared again in the second.
PREPARED_CACHE_BYTES = 512 * 2 ** 20
_PREPARED_BYTES_PER_CHAR = 4.5


def analyze(source: Any = None, **options: Any) -> Analysis:
    """Analyse a corpus of news articles.

    The keywords are the fields of :class:`analytics.Options` (the command line's
    flags come from the same list).

    Parameters
    ----------
    source : path, DataFrame or iterable of str, optional
        Anything :func:`analytics.load_corpus` accepts; ``None`` analyses the
        bundled demo corpus.
{options}

    Returns
    -------
    Analysis
        One attribute per table of :mod:`analytics.schema`.

    Raises
    ------
    InputError
        For bad input (missing files, tables without a text column, malformed
        registries...); the message names the file or row. Options are checked
        before any work: a value an option does not accept (an unknown
        ``encoding``, ``topic_method``, ``topic_unit``, ``tone_model``, ``backend``
        or ``scheduler``, a negative ``random_state`` or ``max_chars``,
        ``chunk_size`` < 1, ``n_topics`` neither "auto" nor >= 1...) is an
        InputError naming the option and what it accepts.
    TypeError
        For a keyword that is not an option.

    Examples
    --------
    >>> import analytics
    >>> a = analytics.analyze(progress=False)        # the bundled demo corpus
    >>> a.leaders[["actor", "mentions", "tone_mean"]].head(3)  # doctest: +SKIP
    """
    opts = Options.from_keywords(options, caller="analyze")
    manifest = {"source": "<DataFrame>" if isinstance(source, pd.DataFrame) else str(source),
                **opts.manifest()}
    source, cfg, read = _setup(source, opts)

    steps = ["people", "documents"] + [name for name, _ in CORPUS_STAGES]
    extras: dict[str, Any] = {}
    with stage_progress(steps, enabled=opts.progress) as step:
        writer = (TableWriter(opts.out, source=source, force=opts.force)
                  if opts.out is not None else None)
        try:
            with limit_threads(opts.threads):
                tables = _per_document(opts, read, cfg, writer, step, manifest["source"])
                actor_fit(tables, cfg.registries.actors, opts, manifest["source"], extras)
                step()
                for _, stage in CORPUS_STAGES:
                    stage(tables, opts, extras)
                    step()
            if writer is not None:
                for name, df in tables.items():
                    if name not in SPILLED_TABLES:
                        writer.write(name, df)
                writer.commit(manifest)
        except BaseException:
            if writer is not None:
                writer.abort()
            raise
    if not (tables["documents"]["status"] == "ok").any():
        log.warning("no document could be analysed; see documents.status for the reasons")
    if writer is not None:
        result = Analysis.load(opts.out, lazy=True)
        result.extras.update(extras)
        return result
    return Analysis(tables, manifest, extras)


def _per_document(opts: Options, read: Any, cfg: Config, writer: TableWriter | None,
                  step: Any, source: str, chunk_fn: Any = process_chunk,
                  names: tuple[str, ...] = PER_DOCUMENT_TABLES) -> dict[str, pd.DataFrame]:
    """Both passes over the corpus: person discovery on the whole corpus when it spans
    several chunks, then the per-document stages (``chunk_fn``) on every chunk, on the
    backend and the number of workers the options and the corpus size call for."""
    chunks = read()
    head: list[pd.DataFrame] = []
    n_docs = 0
    for chunk in chunks:  # enough of the corpus to know whether workers pay off
        head.append(chunk)
        n_docs += len(chunk)
        if len(head) > 1 and n_docs >= POOL_MIN_DOCUMENTS:
            break
    several = len(head) > 1
    if opts.backend == "local":
        workers = (opts.workers or default_workers()) if (
            several and n_docs >= POOL_MIN_DOCUMENTS) else 1
    else:
        workers = opts.workers or default_workers()
    pieces = workers if opts.backend == "local" and workers > 1 else 1
    with BACKENDS[opts.backend](opts.scheduler, opts.progress, workers=workers,
                                threads=opts.threads,
                                strict=opts.workers is not None) as run:
        prepared: dict[int, Prepared] = {}
        if cfg.discover and several:
            # several chunks: who is a person is decided on the whole corpus first
            cfg.discovery, prepared = _discover(
                run, _split(itertools.chain(head, chunks), pieces), cfg)
            chunks, head = read(), []
        step()
        tasks = (prepared.pop(i, piece) for i, piece in
                 enumerate(_split(itertools.chain(head, chunks), pieces)))
        return collect(run(tasks, cfg, chunk_fn, "documents"), writer, source, names)


def _split(chunks: Iterable[pd.DataFrame], pieces: int) -> Iterator[pd.DataFrame]:
    """Each chunk in ``pieces`` consecutive pieces of at least :data:`MIN_TASK_DOCUMENTS`
    documents (whole when ``pieces`` is 1): one task per worker."""
    for chunk in chunks:
        size = max(MIN_TASK_DOCUMENTS, -(-len(chunk) // pieces))
        if pieces <= 1 or len(chunk) <= size:
            yield chunk
            continue
        for start in range(0, len(chunk), size):
            yield chunk.iloc[start:start + size].reset_index(drop=True)


def _discover(run: ChunkMap, pieces: Iterable[pd.DataFrame],
              cfg: Config) -> tuple[Any, dict[int, Prepared]]:
    """The first pass: the discovery index of the whole corpus, and the prepared pieces
    kept for the second pass (by position), while they fit in
    :data:`PREPARED_CACHE_BYTES`."""
    budget = [float(PREPARED_CACHE_BYTES)]

    def tasks() -> Iterator[tuple[pd.DataFrame, bool]]:
        for piece in pieces:
            size = _PREPARED_BYTES_PER_CHAR * float(piece["text"].str.len().sum())
            keep = size <= budget[0]
            if keep:
                budget[0] -= size
            yield piece, keep

    kept: dict[int, Prepared] = {}

    def evidence() -> Iterator[list]:
        for i, (found, prepared) in enumerate(run(tasks(), cfg, _first_pass, "people")):
            if prepared is not None:
                kept[i] = prepared
            yield found

    return discovery_index(evidence()), kept


def _first_pass(task: tuple[pd.DataFrame, bool], cfg: Config) -> tuple[list, Prepared | None]:
    """The first-pass evidence of a piece, and its prepared tables when asked to keep
    them."""
    piece, keep = task
    if keep:
        return prepare_and_discover(piece, cfg)
    return discovery_chunk(piece, cfg), None


def _refuse_in_starting_worker() -> None:
    """A worker process imports the main module of the script that started it; a
    script that calls :func:`analyze` at module level would start the analysis again
    in every worker. Stop it there (the pool then reports that it could not start)."""
    import multiprocessing

    if getattr(multiprocessing.current_process(), "_inheriting", False):
        raise RuntimeError("analyze() was called while a worker process was starting: "
                           "guard the script's analysis with `if __name__ == "
                           "\"__main__\":`")


def _setup(source: Any, opts: Options
           ) -> tuple[Any, Config, Callable[[], Iterator[pd.DataFrame]]]:
    """What :func:`analyze` and :func:`find_actors` both need before any work: the
    source (an iterable of texts made a list, since a corpus of several chunks is read
    twice), the run's configuration (registries and cleaning rules loaded, so bad files
    fail first) and a function that reads the corpus in chunks."""
    _refuse_in_starting_worker()
    if (source is not None and not isinstance(source, (str, os.PathLike, bytes, pd.DataFrame))
            and isinstance(source, Iterable)):
        source = list(source)  # read twice when it spans several chunks
    registries = load_registries(opts.actors, extend_actors=opts.extend_actors,
                                 issues=opts.issues)
    cfg = Config.from_options(opts, load_rules(opts.boilerplate,
                                               replace=opts.boilerplate_replace), registries)

    def read() -> Iterator[pd.DataFrame]:
        return iter_corpus(source, chunk_size=opts.chunk_size, text_column=opts.text_column,
                           id_column=opts.id_column, columns=opts.columns,
                           encoding=opts.encoding, max_chars=opts.max_chars)

    return source, cfg, read


def find_actors(source: Any = None, **options: Any) -> dict[str, pd.DataFrame]:
    """Who is mentioned in a corpus: the stages of :func:`analyze` up to the mentions.

    Runs the loading, cleaning, segmentation and mention stages exactly as
    :func:`analyze` does (both passes of person discovery, duplicates dropped), without
    tone, quotes, stance or topics. ``analytics actors --init`` drafts a registry from
    the result (:func:`analytics.actors.export.registry_template`).

    Parameters
    ----------
    source : path, DataFrame or iterable of str, optional
        As for :func:`analyze`.
    **options
        Options of :class:`analytics.Options` (those of the input, ``actors``,
        ``extend_actors``, ``period``, ``chunk_size``... matter here).

    Returns
    -------
    dict of str to DataFrame
        ``documents``, ``sentences``, ``mentions`` and ``candidates``, as in the
        result of :func:`analyze`.

    Raises
    ------
    InputError
        As :func:`analyze`.
    """
    opts = Options.from_keywords(options, caller="find_actors")
    source_name = "<DataFrame>" if isinstance(source, pd.DataFrame) else str(source)
    source, cfg, read = _setup(source, opts)

    with stage_progress(["people", "documents"], enabled=opts.progress) as step:
        with limit_threads(opts.threads):
            tables = _per_document(opts, read, cfg, None, step, source_name, actor_chunk,
                                   ACTOR_TABLES)
        step()
    return tables


def _signature() -> inspect.Signature:
    """``analyze(source=None, *, <every option>)``, from :class:`Options`."""
    params = [inspect.Parameter("source", inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                default=None, annotation="Any")]
    params += [inspect.Parameter(f.name, inspect.Parameter.KEYWORD_ONLY, default=f.default,
                                 annotation=f.type) for f in fields(Options)]
    return inspect.Signature(params, return_annotation="Analysis")


analyze.__signature__ = _signature()  # type: ignore[attr-defined]
analyze.__doc__ = (analyze.__doc__ or "").replace("{options}", parameters_doc(indent="    "))
