"""The corpus stages: load, clean, segment, detect the language, prepare.

- :mod:`~analytics.corpus.load` - read a corpus (folders, CSV/JSON/Parquet files,
  DataFrames, lists of texts) into one row per document, with the readers in
  :mod:`~analytics.corpus.folders`, :mod:`~analytics.corpus.tables` and
  :mod:`~analytics.corpus.decode` (encodings, HTML) and the columns and options in
  :mod:`~analytics.corpus.records`;
- :mod:`~analytics.corpus.clean` - remove web boilerplate lines (rules as data);
- :mod:`~analytics.corpus.segment` - paragraphs and sentences with character offsets;
- :mod:`~analytics.corpus.language` - language identification;
- :mod:`~analytics.corpus.prepare` - clean, identify the language and segment a corpus
  or one chunk of it, and mark exact duplicate documents across chunks.
"""

from __future__ import annotations

from .clean import clean_corpus, load_rules
from .load import bundled_seeds, iter_corpus, load_corpus
from .prepare import DocumentDeduper, prepare_chunk, prepare_documents
from .segment import segment_corpus

__all__ = ["DocumentDeduper", "bundled_seeds", "clean_corpus", "iter_corpus", "load_corpus",
           "load_rules", "prepare_chunk", "prepare_documents", "segment_corpus"]
