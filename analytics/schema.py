"""Stable column contracts for every table the pipeline produces.

Every table of an :class:`analytics.Analysis` is a :class:`pandas.DataFrame` whose
columns are listed here, in this order. Stages may add columns at the end in later
versions, never rename or drop the ones below.

Offsets
-------
``start``/``end`` in ``paragraphs``, ``sentences``, ``mentions``, ``quotes`` and
``tone`` are character offsets (end exclusive) into the *clean* document text,
``documents.text``. ``removed.start``/``removed.end`` are offsets into the decoded
input text *before* cleaning (the removed spans are, by definition, not in the clean
text); ``removed.clean_offset`` says where in the clean text the span would have been.
"""

from __future__ import annotations

import pandas as pd

TABLES: dict[str, list[str]] = {
    # --- foundation -------------------------------------------------------------
    # documents.note: empty, or what was repaired in a document that is still analysed
    # (invalid characters replaced, HTML read by tag removal, paragraphs split at
    # . ! ? because the sentence splitter failed on them...), joined by "; "
    "documents": [
        "doc_id", "title", "date", "outlet", "url", "path", "encoding", "language",
        "n_paragraphs", "n_sentences", "n_chars", "n_removed", "duplicate_of",
        "status", "text", "note",
    ],
    "paragraphs": ["doc_id", "para_id", "start", "end", "kind", "text"],
    "sentences": ["doc_id", "sent_id", "para_id", "start", "end", "text"],
    "removed": ["doc_id", "start", "end", "clean_offset", "text", "rule"],
    # --- actors -----------------------------------------------------------------
    "mentions": [
        "doc_id", "sent_id", "para_id", "actor", "surface", "start", "end", "kind",
        "resolved", "basis",
    ],
    "candidates": ["name", "mentions", "documents", "example", "cue", "variants", "kind",
                   "gender"],
    "comentions": ["source", "target", "weight", "n_units", "level", "measure"],
    # --- topics -----------------------------------------------------------------
    # topics are the stories; each belongs to one coarse theme (topic_themes), with
    # term_weights the weights of its top_terms (share of the topic's term mass)
    "topics": ["topic", "label", "top_terms", "size", "weight", "theme", "term_weights"],
    "topic_assignments": ["doc_id", "para_id", "topic", "weight", "theme"],
    "topic_prevalence": ["doc_id", "topic", "share"],
    "topic_actors": ["actor", "topic", "share", "mentions"],
    # the coarse level: n_topics = how many topics (stories) the theme holds
    "topic_themes": ["theme", "label", "top_terms", "size", "weight", "n_topics",
                     "term_weights"],
    # every candidate number of themes (level "theme", theme -1) and of stories within
    # each theme (level "story") that was scored; chosen marks the one used
    "topic_search": ["level", "theme", "k", "stability", "agreement", "coherence",
                     "separation", "largest", "score", "chosen"],
    # the units most typical of each topic (rank 1 = strongest weight)
    "topic_examples": ["topic", "rank", "doc_id", "para_id", "weight", "text"],
    # topic shares per period of the documents' dates (day, month or year: period_kind)
    # and per outlet; units = units assigned to the topic there
    "topic_trends": ["period", "period_kind", "topic", "theme", "share", "units"],
    "topic_outlets": ["outlet", "topic", "theme", "share", "units"],
    # --- tone -------------------------------------------------------------------
    # tone.role: "target" (the actor is evaluated), "source" (the actor evaluates or
    # speaks; label/score then read the sentence without what the actor says or does)
    # or "present"; a leader's portrayal uses target and present rows
    "tone": ["doc_id", "sent_id", "actor", "kind", "label", "score", "start", "end", "role"],
    "leaders": [
        "actor", "mentions", "documents", "tone_mean", "tone_ci_low", "tone_ci_high",
        "share_positive", "share_neutral", "share_negative", "low_evidence",
    ],
    "leader_documents": [
        "actor", "doc_id", "mentions", "tone_mean", "share_positive",
        "share_neutral", "share_negative", "label",
    ],
    # who criticises (polarity -1) or praises (+1) whom: one row per sentence and
    # directed pair of actors, then per (source, target, polarity) over the corpus
    "relation_evidence": [
        "doc_id", "sent_id", "source", "target", "polarity", "probability", "text",
    ],
    "relations": [
        "source", "target", "polarity", "n_sentences", "n_documents", "weight",
        "evidence", "evidence_doc_ids",
    ],
    # --- quotes and stance ------------------------------------------------------
    "quotes": [
        "doc_id", "sent_id", "start", "end", "quote", "speaker", "speaker_surface",
        "cue", "kind", "speaker_method",
    ],
    "stance_evidence": [
        "actor", "issue", "doc_id", "sent_id", "source", "label", "score", "text",
        "note",
    ],
    "stance": ["actor", "issue", "stance", "score", "n_evidence", "evidence"],
}

#: Tables that public functions return on demand (not stored by ``analyze``); same
#: contract as :data:`TABLES`.
DERIVED_TABLES: dict[str, list[str]] = {
    # analytics.stance.concept_tables: claims (analytics.stance.claims_table) grouped
    # into concepts (concept numbered from 1; terms, phrases and actors joined by "; ";
    # support / oppose = claims of each polarity) and the actor x concept network (kind
    # "position": actor -> "concept <n>", polarity = sign of the actor's claims, weight
    # = its claims; "agreement" / "conflict": actor -- actor with the same / opposite
    # position on the concept, polarity +1 / -1)
    "concepts": ["concept", "label", "terms", "phrases", "actors", "n_claims", "support",
                 "oppose", "n_documents"],
    "concept_network": ["source", "target", "kind", "concept", "polarity", "weight",
                        "n_documents"],
    # analytics.stance.stance_trends / stance_outlets: the stance table computed on the
    # counted stance evidence of each period of the documents' dates (day, month or year:
    # period_kind) or of each outlet; n_documents = documents with evidence there
    "stance_trends": ["period", "period_kind", "actor", "issue", "stance", "score",
                      "n_evidence", "n_support", "n_oppose", "n_documents"],
    "stance_outlets": ["outlet", "actor", "issue", "stance", "score", "n_evidence",
                       "n_support", "n_oppose", "n_documents"],
}


def empty(name: str) -> pd.DataFrame:
    """Return an empty DataFrame with the columns of table ``name``.

    Parameters
    ----------
    name : str
        A key of :data:`TABLES` or :data:`DERIVED_TABLES`.

    Returns
    -------
    pandas.DataFrame
        Zero rows, the documented columns.
    """
    cols = TABLES[name] if name in TABLES else DERIVED_TABLES[name]
    return pd.DataFrame({c: pd.Series(dtype="object") for c in cols})


def conform(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Order ``df``'s columns as documented for table ``name``.

    Documented columns come first, in order; any extra columns follow. A missing
    documented column is an error, so a stage cannot silently break the contract.

    Parameters
    ----------
    name : str
        A key of :data:`TABLES` or :data:`DERIVED_TABLES`.
    df : pandas.DataFrame
        The table produced by a stage.

    Returns
    -------
    pandas.DataFrame
        The same data with the documented column order and a fresh RangeIndex.
    """
    cols = TABLES[name] if name in TABLES else DERIVED_TABLES[name]
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise ValueError(f"table {name!r} lacks documented columns {missing}")
    extra = [c for c in df.columns if c not in cols]
    return df[cols + extra].reset_index(drop=True)
