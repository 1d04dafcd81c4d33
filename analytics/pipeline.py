"""Run the whole analysis: load -> clean -> segment -> actors -> co-mentions /
topics / tone / quotes -> stance.

:func:`analyze` is the one entry point scripts, notebooks and the command line
share. Each stage is a function of DataFrames living in its own module; this module
only orchestrates them and assembles the :class:`~analytics.analysis.Analysis`.
"""

from __future__ import annotations

import logging
import os
from typing import Any

import pandas as pd

from . import schema
from .analysis import Analysis
from .clean import clean_corpus, load_rules
from .errors import InputError
from .language import MIN_CONFIDENCE, detect_language
from .load import load_corpus
from .progress import stage_progress
from .segment import segment_corpus

log = logging.getLogger(__name__)


def prepare_documents(corpus: pd.DataFrame, *, boilerplate: str | os.PathLike | None = None,
                      boilerplate_replace: bool = False,
                      languages: tuple[str, ...] | None = ("en",),
                      ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Clean, language-check and segment a loaded corpus.

    Parameters
    ----------
    corpus : pandas.DataFrame
        Output of :func:`analytics.load_corpus`.
    boilerplate : path, optional
        Extra boilerplate rules (YAML, see ``analytics/data/boilerplate.yaml``).
    boilerplate_replace : bool, default False
        Use only the rules in ``boilerplate``.
    languages : tuple of str or None, default ("en",)
        Documents confidently identified as another language are skipped (status
        says which language). ``None`` keeps every language.

    Returns
    -------
    documents, removed, paragraphs, sentences : pandas.DataFrame
    """
    rules = load_rules(boilerplate, replace=boilerplate_replace)
    docs, removed = clean_corpus(corpus, rules)
    langs, confs = [], []
    for text, status in zip(docs["text"], docs["status"]):
        code, prob = detect_language(text) if status == "ok" else (None, 0.0)
        langs.append(code)
        confs.append(prob)
    docs["language"] = langs
    if languages is not None:
        allowed = set(languages)
        for i, (code, prob) in enumerate(zip(langs, confs)):
            if code and code not in allowed and prob >= MIN_CONFIDENCE and \
                    docs.iat[i, docs.columns.get_loc("status")] == "ok":
                docs.iat[i, docs.columns.get_loc("status")] = (
                    f"skipped: language '{code}' (p={prob:.2f}); the models are English-only "
                    "- pass languages=None to analyse it anyway")
    paragraphs, sentences = segment_corpus(docs)
    # a headline first line becomes the title, never invented otherwise
    titles = paragraphs.loc[paragraphs["kind"] == "title"].set_index("doc_id")["text"]
    missing = docs["title"].isna() & docs["doc_id"].isin(titles.index)
    docs.loc[missing, "title"] = docs.loc[missing, "doc_id"].map(titles)
    docs["n_paragraphs"] = docs["doc_id"].map(paragraphs.groupby("doc_id").size()).fillna(
        0).astype("int64")
    docs["n_sentences"] = docs["doc_id"].map(sentences.groupby("doc_id").size()).fillna(
        0).astype("int64")
    docs["n_chars"] = docs["text"].str.len().astype("int64")
    docs.loc[(docs["status"] == "ok") & (docs["n_sentences"] == 0), "status"] = (
        "skipped: no sentences (only headings or fragments)")
    keep = docs["status"] == "ok"
    sentences = sentences[sentences["doc_id"].isin(docs.loc[keep, "doc_id"])].reset_index(
        drop=True)
    paragraphs = paragraphs[paragraphs["doc_id"].isin(docs.loc[keep, "doc_id"])].reset_index(
        drop=True)
    return schema.conform("documents", docs), removed, paragraphs, sentences


def analyze(source: Any = None, *, text_column: str = "text", id_column: str | None = "id",
            columns: dict[str, str] | None = None, encoding: str | None = None,
            boilerplate: str | os.PathLike | None = None, boilerplate_replace: bool = False,
            languages: tuple[str, ...] | None = ("en",),
            actors: Any = None, extend_actors: bool = True, issues: Any = None,
            pronouns: bool = False, discover: bool = True,
            n_topics: int | str = "auto", topic_method: str = "nmf",
            topic_unit: str = "paragraph", random_state: int = 0,
            backend: str = "local", scheduler: str | None = None,
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
        Extra boilerplate rules (YAML).
    boilerplate_replace : bool, default False
        Use only the rules in ``boilerplate``.
    languages : tuple of str or None, default ("en",)
        Languages to analyse; others are skipped with a status saying why.
    progress : bool, default True
        Show progress bars on an interactive terminal.

    Returns
    -------
    Analysis
        Tables ``documents``, ``paragraphs``, ``sentences``, ``removed`` and the
        tables of the later stages (see :mod:`analytics.schema`).

    Examples
    --------
    >>> import analytics
    >>> a = analytics.analyze()          # the bundled demo corpus
    >>> a.documents[["doc_id", "status"]].head(2)  # doctest: +SKIP
    """
    options = {
        "source": str(source) if not isinstance(source, pd.DataFrame) else "<DataFrame>",
        "text_column": text_column, "id_column": id_column, "columns": columns,
        "languages": list(languages) if languages else None,
        "boilerplate": str(boilerplate) if boilerplate else None,
    }
    with stage_progress(["load", "clean and segment"], enabled=progress) as step:
        corpus = load_corpus(source, text_column=text_column, id_column=id_column,
                             columns=columns, encoding=encoding)
        if corpus.empty:
            raise InputError(
                "found no documents: a folder needs .txt, .md or .html files, a table needs "
                "at least one row", options["source"])
        step()
        documents, removed, paragraphs, sentences = prepare_documents(
            corpus, boilerplate=boilerplate, boilerplate_replace=boilerplate_replace,
            languages=languages)
        step()
    tables = {"documents": documents, "removed": removed, "paragraphs": paragraphs,
              "sentences": sentences}
    return Analysis(tables, options)
