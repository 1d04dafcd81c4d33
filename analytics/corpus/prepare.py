"""Prepare documents for analysis: clean, identify the language, segment, deduplicate.

:func:`prepare_documents` turns loaded documents into the ``documents``, ``removed``,
``paragraphs`` and ``sentences`` tables. When a corpus is processed chunk by chunk,
:func:`prepare_chunk` adds each document's content key and :class:`DocumentDeduper`
marks exact duplicates across chunks (the first copy in corpus order wins), so the
tables do not depend on the chunk size.
"""

from __future__ import annotations

import pandas as pd

from .. import schema
from .clean import Rule, clean_corpus, content_key
from .language import MIN_CONFIDENCE, detect_language
from .segment import segment_corpus

__all__ = ["DocumentDeduper", "content_key", "prepare_chunk", "prepare_documents"]


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
        Boilerplate rules (:func:`analytics.corpus.clean.load_rules`); default: shipped rules.
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
    paragraphs, sentences, split_notes = segment_corpus(docs, return_notes=True)
    if "note" not in docs:
        docs["note"] = None
    if split_notes:  # paragraphs the sentence splitter failed on
        docs["note"] = ["; ".join(n for n in (o, split_notes.get(d)) if isinstance(n, str))
                        or None for d, o in zip(docs["doc_id"], docs["note"])]
    # a headline first line becomes the title; metadata is never invented otherwise
    titles = paragraphs.loc[paragraphs["kind"] == "title"].set_index("doc_id")["text"]
    missing = docs["title"].isna() & docs["doc_id"].isin(titles.index)
    docs.loc[missing, "title"] = docs.loc[missing, "doc_id"].map(titles)
    docs["n_paragraphs"] = docs["doc_id"].map(paragraphs.groupby("doc_id").size()).fillna(
        0).astype("int64")
    docs["n_sentences"] = docs["doc_id"].map(sentences.groupby("doc_id").size()).fillna(
        0).astype("int64")
    docs["n_chars"] = docs["text"].str.len().fillna(0).astype("int64")
    body = paragraphs.loc[paragraphs["kind"] == "body", "doc_id"]
    no_body = ~docs["doc_id"].isin(set(body))
    docs.loc[(docs["status"] == "ok") & no_body, "status"] = (
        "skipped: no sentences (only headings or fragments)")
    keep = set(docs.loc[docs["status"] == "ok", "doc_id"])
    sentences = sentences[sentences["doc_id"].isin(keep)].reset_index(drop=True)
    paragraphs = paragraphs[paragraphs["doc_id"].isin(keep)].reset_index(drop=True)
    return schema.conform("documents", docs), removed, paragraphs, sentences


def prepare_chunk(chunk: pd.DataFrame, rules: list[Rule] | None,
                  languages: tuple[str, ...] | None
                  ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """:func:`prepare_documents` on one chunk of a corpus, for the corpus-wide duplicate
    check (:class:`DocumentDeduper`).

    Each analysable document gets its content key (column ``_key``; ``""`` for a
    skipped document). Later copies of a document within the chunk lose their
    paragraphs, sentences and removed spans here: the duplicate check drops them
    anyway, and they must not count as evidence.

    Parameters
    ----------
    chunk : pandas.DataFrame
        Loaded documents (:func:`analytics.corpus.load.iter_corpus` output).
    rules : list of Rule or None
        Boilerplate rules; ``None``: the shipped rules.
    languages : tuple of str or None
        See :func:`prepare_documents`.

    Returns
    -------
    documents, removed, paragraphs, sentences : pandas.DataFrame
    """
    documents, removed, paragraphs, sentences = prepare_documents(
        chunk, rules=rules, languages=languages, dedupe_documents=False)
    keys = [content_key(t) if s == "ok" else ""
            for t, s in zip(documents["text"], documents["status"])]
    documents["_key"] = keys
    seen: set[str] = set()
    copies = set()
    for doc_id, key in zip(documents["doc_id"], keys):
        if key and key in seen:
            copies.add(doc_id)
        seen.add(key)
    if copies:
        sentences = sentences[~sentences["doc_id"].isin(copies)].reset_index(drop=True)
        paragraphs = paragraphs[~paragraphs["doc_id"].isin(copies)].reset_index(drop=True)
        removed = removed[~removed["doc_id"].isin(copies)].reset_index(drop=True)
    return documents, removed, paragraphs, sentences


class DocumentDeduper:
    """Mark exact duplicate documents across chunks (first copy in corpus order wins)
    and drop the duplicates' rows from the chunk's other tables.

    Call it on the tables of each chunk in corpus order (the output of the per-chunk
    stages, whose ``documents`` table still has the ``_key`` column of
    :func:`prepare_chunk`); it changes the dict in place and drops ``_key``.
    """

    def __init__(self) -> None:
        self.first: dict[str, str] = {}

    def __call__(self, part: dict[str, pd.DataFrame]) -> None:
        """Deduplicate the tables of one chunk (in place)."""
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
