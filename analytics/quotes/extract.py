"""The ``quotes`` table: quotations of every document with their speakers.

:func:`extract_quotes` prepares each document that holds a quotation mark
(:func:`analytics.quotes.document.build_doc`), runs the attribution rules
(:func:`analytics.quotes.attribution.attribute`) and places each quotation in the
``sentences`` table (``sent_id`` and ``para_id``).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..actors.registry import ActorRegistry
from ..schema import conform, empty
from ..text.quotemarks import has_quote_mark
from ..text.spans import Spans
from .attribution import attribute
from .cues import Cues, load_cues
from .document import Mention, build_doc, scope_names

__all__ = ["extract_quotes"]

_EXTRA_COLUMNS = ("speaker_kind", "rule", "para_id")


def _mentions_by_doc(mentions: pd.DataFrame | None) -> dict[Any, list[Mention]]:
    """The resolved mentions (with an actor) of each document."""
    by_doc: dict[Any, list[Mention]] = {}
    if mentions is None or not len(mentions):
        return by_doc
    cols = mentions.columns
    kinds = mentions["kind"] if "kind" in cols else pd.Series("name", index=mentions.index)
    surf = mentions["surface"] if "surface" in cols else pd.Series("", index=mentions.index)
    for d, s, e, a, k, sf in zip(mentions["doc_id"], mentions["start"], mentions["end"],
                                mentions["actor"], kinds, surf):
        if a is None or (isinstance(a, float) and pd.isna(a)) or str(a) == "":
            continue
        by_doc.setdefault(d, []).append(Mention(int(s), int(e), str(a), str(k), str(sf)))
    return by_doc


def _sentences_by_doc(sentences: pd.DataFrame | None) -> dict[Any, tuple[Spans, list, list]]:
    """Per document: the sentence spans, their ``sent_id`` and ``para_id``."""
    out: dict[Any, tuple[Spans, list, list]] = {}
    if sentences is None or not len(sentences):
        return out
    srt = sentences.sort_values(["doc_id", "start"])
    for d, g in srt.groupby("doc_id", sort=False):
        spans = Spans(zip(g["start"].astype(int).tolist(), g["end"].astype(int).tolist()))
        pids = g["para_id"].tolist() if "para_id" in g.columns else [None] * len(g)
        out[d] = (spans, g["sent_id"].tolist(), pids)
    return out


def _place(rows: list[dict], sents: tuple[Spans, list, list] | None) -> None:
    """Set ``sent_id`` (and the sentence's ``para_id``) of each row, in place.

    The sentence holding the first quoted character, else the first sentence the
    quotation overlaps (a quotation starting between sentences or in a heading).
    """
    for r in rows:
        r["sent_id"] = -1
        if not sents:
            continue
        spans, ids, pids = sents
        k = spans.first_overlapping(r["start"], r["end"])
        if k >= 0:
            r["sent_id"] = ids[k]
            if pids[k] is not None:
                r["para_id"] = pids[k]


def _actor_registry(registry: ActorRegistry | None) -> ActorRegistry:
    """The actor registry to use: ``registry``, or the bundled one for ``None``."""
    if registry is None:
        return ActorRegistry.default()
    if not isinstance(registry, ActorRegistry):
        raise TypeError(f"registry must be an ActorRegistry (analytics.actors.load_registry), "
                        f"not {type(registry).__name__}")
    return registry


def extract_quotes(documents: pd.DataFrame, sentences: pd.DataFrame | None = None,
                   mentions: pd.DataFrame | None = None, *,
                   registry: ActorRegistry | None = None,
                   cues: Cues | str | None = None) -> pd.DataFrame:
    """Extract quotations and their speakers.

    Parameters
    ----------
    documents : pandas.DataFrame
        Needs ``doc_id`` and ``text`` (the clean text).
    sentences : pandas.DataFrame, optional
        The ``sentences`` table; used for ``sent_id`` (the sentence that contains the
        first quoted character). Without it ``sent_id`` is -1.
    mentions : pandas.DataFrame, optional
        The ``mentions`` table (``doc_id, start, end, actor, kind`` ...) used to resolve
        speakers to canonical actors. Without it speakers stay ``""`` and only
        ``speaker_surface`` is filled.
    registry : ActorRegistry, optional
        The actor registry the mentions came from: actor types (person or group) and
        genders for pronouns, scope names (``Downing Street``) for institutions
        speaking. Pass the one given to :func:`analytics.actors.find_mentions`; ``None``
        uses the bundled registry (:meth:`ActorRegistry.default`).
    cues : Cues or str, optional
        A :class:`Cues` lexicon or the path of a YAML file; the bundled
        ``speech_verbs.yaml`` by default.

    Returns
    -------
    pandas.DataFrame
        The ``quotes`` table plus ``speaker_kind``, ``rule`` and ``para_id``, sorted by
        ``doc_id`` and ``start``.

    Raises
    ------
    TypeError
        When ``registry`` is not an :class:`~analytics.actors.ActorRegistry`.
    """
    if cues is None or isinstance(cues, str):
        cues = load_cues(cues)
    if documents is None or len(documents) == 0:
        return _empty()
    reg = _actor_registry(registry)
    actor_types, genders = reg.traits()
    scopes = scope_names(reg)
    by_doc = _mentions_by_doc(mentions)
    by_sent = _sentences_by_doc(sentences)
    rows: list[dict] = []
    for doc_id, text in zip(documents["doc_id"], documents["text"]):
        if not isinstance(text, str) or not text or not has_quote_mark(text):
            continue
        doc = build_doc(doc_id, text, by_doc.get(doc_id, []), actor_types, genders,
                        cues.forms, scopes)
        drows = attribute(doc, cues)
        _place(drows, by_sent.get(doc_id))
        rows.extend(drows)
    if not rows:
        return _empty()
    out = pd.DataFrame(rows)
    out = out.sort_values(["doc_id", "start"], kind="stable")
    return conform("quotes", out)


def _empty() -> pd.DataFrame:
    df = empty("quotes")
    for c in _EXTRA_COLUMNS:
        df[c] = pd.Series(dtype="object")
    return df
