"""Find actor mentions in the ``sentences`` table.

Matching runs on :func:`analytics.text.normalize`'d text (curly quotes,
dashes and odd spaces mapped one-to-one to ASCII), so offsets and surfaces refer to
the clean text: ``documents.text[start:end] == surface``.

How mentions are found, chunk by chunk of whole documents (:mod:`.chunks`)
-------------------------------------------------------------------------
1. ``name``/``alias``: registry names (:mod:`.names`: every surface form of every
   actor in one regular expression; when a surname alone counts). "Trump
   administration", "the Trump peace proposal" count as mentions of Trump - the
   phrase refers to the government or plan he leads, which is what co-mention and
   tone analyses want to see.
2. ``discovered``: persons outside the registry (:mod:`.discovery`), in two passes
   over the corpus: cues first, then names.
3. name coreference within each document (:mod:`.coref`): surnames, title forms and
   given names go to the person the document names in full; a registry surname
   counts elsewhere only when no other person of the corpus has it.
4. ``role``: definite role descriptions (:mod:`.roles`) resolved in the context of
   the name mentions; unresolved ones have ``actor == ""`` and ``resolved == False``.
5. ``pronoun`` (``pronouns=True`` only): :mod:`.pronouns`.
"""

from __future__ import annotations

import datetime as _dt
import os
from typing import Any

import numpy as np
import pandas as pd

from ..schema import conform, empty
from . import _lexicon as lex
from .chunks import Chunk, order_sentences
from .coref import NameLinker, surname
from .discovery import Discoverer, DiscoveryIndex, Evidence
from .names import NameMatcher, matcher_for, registry_names
from .offices import OfficeReader
from .pronouns import pronoun_mentions
from .registry import ActorRegistry, load_registry
from .roles import role_mentions

__all__ = ["discovery_evidence", "find_mentions"]

_OFFICES = OfficeReader()

_REQUIRED = ("doc_id", "sent_id", "para_id", "start", "text")
_COLUMNS = ["doc_id", "sent_id", "para_id", "actor", "surface", "start", "end", "kind",
            "resolved", "basis"]


def _registry(registry: ActorRegistry | str | os.PathLike | None) -> ActorRegistry:
    """The registry a public function was given: a path is read with
    :func:`load_registry` (added to the bundled registry); ``None`` is the bundled
    registry."""
    if isinstance(registry, (str, os.PathLike)):
        return load_registry(registry)
    return ActorRegistry.default() if registry is None else registry


def discovery_evidence(
    sentences: pd.DataFrame,
    registry: ActorRegistry | str | os.PathLike | None = None,
) -> list[tuple[str, list[Evidence]]]:
    """The cue evidence of each document, for discovering persons in a corpus read in
    chunks (first pass; see :mod:`analytics.actors.discovery`).

    Parameters
    ----------
    sentences : pandas.DataFrame
        The ``sentences`` table of some documents.
    registry : ActorRegistry or path, optional
        As in :func:`find_mentions` (registry names are never discovered).

    Returns
    -------
    list of (str, list of Evidence)
        ``(doc_id, cues in text order)`` for each document with a cue, in the order of
        the documents in ``sentences``. Add them to a
        :class:`~analytics.actors.discovery.DiscoveryIndex` in corpus order, finalise
        it and pass it to :func:`find_mentions` as ``discovery``.
    """
    registry = _registry(registry)
    if sentences is None or len(sentences) == 0:
        return []
    sents, bounds = order_sentences(sentences)
    disc = Discoverer()
    _first_pass(sents, bounds, matcher_for(registry), disc)
    doc_of = dict(zip(sents["_doc"].tolist(), sents["doc_id"].tolist()))
    return [(doc_of[d], ev) for d, ev in disc.evidence(sents["text"].tolist())]


def find_mentions(
    sentences: pd.DataFrame,
    registry: ActorRegistry | str | os.PathLike | None = None,
    *,
    pronouns: bool = False,
    discover: bool = True,
    documents: pd.DataFrame | None = None,
    discovery: DiscoveryIndex | None = None,
    period: tuple[_dt.date, _dt.date] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Find mentions of actors in sentences.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The ``sentences`` table (doc_id, sent_id, para_id, start, end, text);
        ``start`` is the offset of the sentence in the clean document text.
    registry : ActorRegistry or path, optional
        Actors to look for. A path is read with :func:`load_registry` (added to the
        bundled registry). ``None`` (the default) uses the bundled registry
        (:meth:`ActorRegistry.default`); the pipeline always passes its own.
    pronouns : bool, default False
        Also resolve he/she/his/her/him... to the most recent compatible person
        (kind ``pronoun``).
    discover : bool, default True
        Also find persons outside the registry (kind ``discovered``) and return
        them in ``candidates``.
    documents : pandas.DataFrame, optional
        The ``documents`` table; its ``date`` column (when present) dates role
        tenures ("the US president" in a 2022 article is not the 2025 one).
    period : (datetime.date, datetime.date), optional
        The coverage period, first and last day: registry tenures of undated
        documents are read for it. Without a date or a period, registry tenures are
        not used: a role resolves only to a holder the document names.
    discovery : DiscoveryIndex, optional
        The persons discovered in the whole corpus (:func:`discovery_evidence` on
        every chunk, added in corpus order), for a corpus processed in chunks: with
        it, the mentions of a document do not depend on the other documents of the
        call. Default: discover from ``sentences`` themselves.

    Returns
    -------
    mentions : pandas.DataFrame
        Columns of ``analytics.schema.TABLES["mentions"]``: doc_id, sent_id,
        para_id, actor, surface, start, end, kind (name, alias, role, pronoun,
        discovered), resolved. Sorted by doc_id, start, end. ``start``/``end``
        are offsets in the clean document text. Unresolved roles have
        ``actor == ""`` and ``resolved == False``.
    candidates : pandas.DataFrame
        Columns of ``TABLES["candidates"]``: name (the canonical name), mentions,
        documents, example (a sentence with a cue), cue (``;``-joined cue types:
        title, role, speech, apposition, classifier; both from the whole corpus when
        ``discovery`` is given), variants (``;``-joined other spellings merged into
        the name: "James B. Comey" for "James Comey"), kind (``person``: named in
        full; ``titled``: known only by a title and a surname, "Mr Coale"), gender
        (``male``, ``female`` or ``""``). Sorted by mentions (descending), name.

    Raises
    ------
    ValueError
        When ``sentences`` lacks one of the columns above.

    Notes
    -----
    Unresolved mentions and pronoun mentions are kept in the table; the
    co-mention functions ignore them by default.
    """
    registry = _registry(registry)
    if sentences is None or len(sentences) == 0:
        return empty("mentions"), empty("candidates")
    missing = [c for c in _REQUIRED if c not in sentences.columns]
    if missing:
        raise ValueError(f"sentences lacks columns {missing}")
    nm = matcher_for(registry)
    sents, bounds = order_sentences(sentences)
    dates = _document_dates(documents)
    disc = Discoverer() if discover else None
    names = _first_pass(sents, bounds, nm, disc)
    if disc is not None:
        disc.use(_corpus_index(disc, sents, discovery))
    linker = _linker(nm, disc)
    rows: list[tuple] = []
    for (a, b), chunk_names in zip(bounds, names):
        ch = Chunk(sents.iloc[a:b], a)
        rows.extend(_rows(ch, _chunk_mentions(ch, chunk_names, nm, disc, dates, pronouns,
                                              linker, period)))
    mentions = _mentions_table(rows)
    candidates = _candidates(disc, mentions) if disc is not None else empty("candidates")
    return conform("mentions", mentions), conform("candidates", candidates)


def _to_date(v: Any) -> _dt.date | None:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    try:
        ts = pd.Timestamp(v)
    except (ValueError, TypeError):
        return None
    if pd.isna(ts):
        return None
    return ts.date()


def _document_dates(documents: pd.DataFrame | None) -> dict[Any, _dt.date | None]:
    """``doc_id`` -> date from the ``documents`` table (empty without dates)."""
    if documents is None or "date" not in documents.columns or "doc_id" not in documents.columns:
        return {}
    return {d: _to_date(v) for d, v in zip(documents["doc_id"], documents["date"])}


def _first_pass(sents: pd.DataFrame, bounds: list[tuple[int, int]], nm: NameMatcher,
                disc: Discoverer | None) -> list[list]:
    """Registry names of each chunk; discovery cues (outside those names) into ``disc``."""
    state = []
    for a, b in bounds:
        ch = Chunk(sents.iloc[a:b], a)
        names = registry_names(ch, nm)
        if disc is not None:
            # a registry surname alone stays visible: "Colin Powell ... Powell said"
            # is evidence for Colin Powell even when the registry knows another Powell
            full = [x for x in names if " " in ch.text[x[0]:x[1]].strip()]
            # title-case headlines give no cue: every word there is capitalised
            full += [[s, s + len(t)] for s, t, tc in
                     zip(ch.starts, ch.clean_list, ch.title_case) if tc]
            disc.collect(_mask(ch.text, full), ch.starts, ch.doc_idx, sent_base=a)
        state.append(names)
    return state


def _corpus_index(disc: Discoverer, sents: pd.DataFrame,
                  discovery: DiscoveryIndex | None) -> DiscoveryIndex:
    """The given corpus index, else one built from the cues ``disc`` collected."""
    if discovery is None:
        discovery = DiscoveryIndex()
        for _, evidence in disc.evidence(sents["text"].tolist()):
            discovery.add_document(evidence)
    return discovery.finalize()


def _linker(nm: NameMatcher, disc: Discoverer | None) -> NameLinker:
    """The name linker of a call: genders and surnames of every known person (registry
    persons and the corpus's discovered persons)."""
    genders: dict[str, str | None] = dict(nm.gender)
    surnames: dict[str, set[str]] = {}
    for a in nm.registry:
        if a.is_person:
            for sur in a.surnames():
                surnames.setdefault(sur, set()).add(a.name)
    if disc is not None:
        for p in disc.persons.values():
            genders.setdefault(p.canonical, p.gender)
            if len(p.tokens) >= 2:
                surnames.setdefault(surname(p.tokens), set()).add(p.canonical)
    first = {a.name: a.name.split()[0] for a in nm.registry
             if a.is_person and len(a.name.split()) >= 2}
    return NameLinker(genders, set(nm.registry.names), surnames, first, roles=nm.roles)


def _chunk_mentions(ch: Chunk, names: list[list], nm: NameMatcher, disc: Discoverer | None,
                    dates: dict, pronouns: bool, linker: NameLinker,
                    period: tuple[_dt.date, _dt.date] | None = None) -> list[list]:
    """Every mention of a chunk: [start, end, actor, kind, resolved, basis], sorted."""
    items = [list(x) for x in names]
    genders = dict(linker.genders)
    if disc is not None:
        items.extend(_discovered(ch, names, disc, genders))
    items.sort(key=lambda x: (x[0], x[1]))
    items = linker.link(ch, items)
    offices = disc.corpus_offices if disc is not None else None
    for x in role_mentions(ch, items, nm.roles, dates, _OFFICES, period, offices):
        items.append([*x, "role" if x[4] else ""])
    items.sort(key=lambda x: (x[0], x[1]))
    if pronouns:
        for x in pronoun_mentions(ch, items, nm.is_person, genders):
            items.append([*x, "pronoun" if x[4] else ""])
        items.sort(key=lambda x: (x[0], x[1]))
    return items


def _discovered(ch: Chunk, names: list[list], disc: Discoverer,
                genders: dict[str, str | None]) -> list[list]:
    """Discovered persons outside the registry names; their genders into ``genders``."""
    out = []
    for s, e, canon in disc.find(_mask(ch.text, names), ch.starts, ch.doc_idx):
        out.append([s, e, canon, "discovered", True])
        genders[canon] = disc.gender_of(canon)
    return out


def _mask(text: str, names: list) -> str:
    """Replace registry name spans by '#' (same length) so discovery skips them."""
    if not names:
        return text
    parts = []
    last = 0
    for s, e, *_ in sorted(names, key=lambda x: (x[0], x[1])):
        if s < last:
            continue
        parts.append(text[last:s])
        parts.append("#" * (e - s))
        last = e
    parts.append(text[last:])
    return "".join(parts)


def _rows(ch: Chunk, items: list[list]) -> list[tuple]:
    """Rows of the ``mentions`` table (offsets in the clean document text)."""
    rows = []
    for s, e, actor, kind, resolved, basis in items:
        si = ch.sent_of(s)
        ls = s - ch.starts[si]
        le = e - ch.starts[si]
        surface = ch.clean_list[si][ls:le]
        off = ch.offsets[si]
        rows.append((ch.doc_ids[si], ch.sent_ids[si], ch.para_ids[si], actor, surface,
                     off + ls, off + le, kind, bool(resolved), basis))
    return rows


def _mentions_table(rows: list[tuple]) -> pd.DataFrame:
    if not rows:
        return empty("mentions")
    mentions = pd.DataFrame(rows, columns=_COLUMNS)
    mentions["start"] = mentions["start"].astype("int64")
    mentions["end"] = mentions["end"].astype("int64")
    mentions["resolved"] = mentions["resolved"].astype(bool)
    try:
        mentions = mentions.sort_values(["doc_id", "start", "end", "kind", "actor"], kind="stable")
    except TypeError:  # mixed doc_id types: keep input document order
        pass
    return mentions


def _titled_only(name: str) -> bool:
    """A person known only by title and surname ("Mr Coale", "Sir Menzies")."""
    first = name.split()[0].rstrip(".")
    return len(name.split()) == 2 and first in _HONORIFICS


_HONORIFICS = frozenset(h.rstrip(".") for h in lex.honorifics())


def _candidates(disc: Discoverer, mentions: pd.DataFrame) -> pd.DataFrame:
    """The ``candidates`` table: discovered persons with at least one mention."""
    if not disc.persons:
        return empty("candidates")
    dm = mentions[mentions["kind"] == "discovered"]
    counts = dm.groupby("actor").size().to_dict() if len(dm) else {}
    ndocs = dm.groupby("actor")["doc_id"].nunique().to_dict() if len(dm) else {}
    rows = []
    for name, p in disc.persons.items():
        if counts.get(name, 0) == 0:
            continue
        kind = "titled" if _titled_only(name) or len(name.split()) < 2 else "person"
        rows.append((name, int(counts.get(name, 0)), int(ndocs.get(name, 0)), p.example,
                     ";".join(sorted(p.cues)), ";".join(sorted(p.variants)), kind,
                     p.gender or ""))
    if not rows:
        return empty("candidates")
    df = pd.DataFrame(rows, columns=["name", "mentions", "documents", "example", "cue",
                                     "variants", "kind", "gender"])
    return df.sort_values(["mentions", "name"], ascending=[False, True], kind="stable")
