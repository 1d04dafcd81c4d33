"""Find actor mentions in the ``sentences`` table.

Matching runs on :func:`analytics.textnorm.normalize`'d text (curly quotes,
dashes and odd spaces mapped one-to-one to ASCII), so offsets and surfaces refer to
the clean text: ``documents.text[start:end] == surface``.

How mentions are found
----------------------
* ``name``/``alias``: every surface form of every registry actor (full name,
  spelling variants, accent-free spellings, surname, "Mr/Ms/Dr/President +
  surname", "Sir Keir" for actors with an honorific, registry aliases) compiled
  into one trie-shaped regular expression run over the whole corpus string at
  once. Possessives ("Starmer's", "Starmer’s") match. Longest match wins.
* A surname alone is rejected when another capitalised given name stands right
  before it mid-sentence ("Melania Trump" is not Donald Trump), or a capitalised
  word right after it ("Trump Tower"), and, for surnames that are common words or
  first names (``ambiguous_surnames`` in ``name_stoplists.yaml``), unless the
  full name or a title form occurs in the same document.
* "Trump administration", "the Trump peace proposal": counted as mentions of
  Trump - the phrase refers to the government or plan he leads, which is what
  co-mention and tone analyses want to see.
* ``role``: definite role descriptions resolved by :mod:`analytics.actors.roles`;
  unresolved ones have ``actor == ""`` and ``resolved == False``.
* ``discovered``: persons outside the registry, see :mod:`analytics.actors.discovery`.
* ``pronoun`` (``pronouns=True`` only): see :mod:`analytics.actors.pronouns`.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import os
import re
import weakref
import numpy as np
import pandas as pd

from analytics.schema import conform, empty

from . import _lexicon as lex
from .discovery import Discoverer
from .pronouns import quote_spans, resolve_pronouns
from .registry import ActorRegistry
from .roles import RoleMatcher

__all__ = ["find_mentions", "NameMatcher"]

_UPW = re.compile(r"([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ\u0100-\u017f]+)\s+$")
_NEXTW = re.compile(r"[ ]([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ\u0100-\u017f]+)")

_CHUNK = 20000  # sentences per chunk
_SUFFIX = re.compile(r",?\s+(?:Jr|Jnr|Sr|Snr|II|III|IV)\b\.?")  # "Donald Trump Jr" is another person


class NameMatcher:
    """Compiled surface forms of a registry (one regex for all actors)."""

    def __init__(self, registry: ActorRegistry) -> None:
        self.registry = registry
        hons = lex.personal_honorifics()
        forms: dict[str, list[tuple[str, str, bool]]] = {}
        for a in registry:
            for surface, (kind, sur) in a.surface_forms(hons).items():
                forms.setdefault(surface, []).append((a.name, kind, sur))
        self.forms = forms
        # accent-free spellings of surnames ("Store" for Støre) may be ordinary
        # words: like ambiguous surnames they need the full name in the document
        from .registry import strip_accents

        self.needs_support = frozenset(
            strip_accents(x) for a in registry for x in a.surnames() if strip_accents(x) != x
        )
        self.pattern = re.compile(
            r"(?<![\w])" + lex.trie_regex(sorted(forms)) + r"(?![\w])"
        )
        self.roles = RoleMatcher(registry)
        st = lex.stoplists()
        self.ambiguous = frozenset(st.get("ambiguous_surnames", []))
        self.non_name = frozenset(st.get("non_name_words", []))
        self.head = frozenset(st.get("head_words", []))
        self.hon = frozenset(lex.honorifics())
        self.stop_words = frozenset(str(w).lower() for w in st.get("common_words", []))
        self.role_words = frozenset(w.lower() for w in lex.cues().get("role_nouns", []))
        quals = set()
        for sc in registry.scopes.values():
            quals.update(sc.adjectives)
            quals.update(sc.names)
        self.quals = frozenset(quals)
        self.given_initial = {
            a.name: a.name[0] for a in registry
        }
        self.gender = {a.name: a.gender for a in registry}
        self.is_person = {a.name: a.is_person for a in registry}


_CACHE: "weakref.WeakKeyDictionary[ActorRegistry, tuple[int, NameMatcher]]" = weakref.WeakKeyDictionary()
_DEFAULT: list[ActorRegistry] = []


def _matcher(registry: ActorRegistry) -> NameMatcher:
    hit = _CACHE.get(registry)
    if hit is not None and hit[0] == registry._version:
        return hit[1]
    m = NameMatcher(registry)
    _CACHE[registry] = (registry._version, m)
    return m


def _default_registry() -> ActorRegistry:
    if not _DEFAULT:
        _DEFAULT.append(ActorRegistry.default())
    return _DEFAULT[0]


def _to_date(v) -> _dt.date | None:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    try:
        ts = pd.Timestamp(v)
    except (ValueError, TypeError):
        return None
    if pd.isna(ts):
        return None
    return ts.date()


# ----------------------------------------------------------------------------- core

class _Chunk:
    """Sentences of whole documents joined into one string (``\\x00`` separated)."""

    def __init__(self, sents: pd.DataFrame, base: int = 0) -> None:
        self.base = base
        clean = [t if isinstance(t, str) else "" for t in sents["text"].tolist()]
        self.clean_list = clean
        self.clean = "\x00".join(clean)
        self.text = lex.normalize(self.clean)
        starts = np.zeros(len(clean), dtype=np.int64)
        if len(clean):
            lens = np.fromiter((len(t) + 1 for t in clean), dtype=np.int64, count=len(clean))
            starts[1:] = np.cumsum(lens)[:-1]
        self.starts = starts.tolist()
        self.doc_ids = sents["doc_id"].tolist()
        self.sent_ids = sents["sent_id"].tolist()
        self.para_ids = sents["para_id"].tolist()
        self.offsets = sents["start"].astype("int64").tolist()
        # document index and paragraph ordinal per sentence
        doc_idx: list[int] = []
        para_ord: list[int] = []
        last_doc = object()
        last_para = object()
        po = -1
        for doc, para, d in zip(self.doc_ids, self.para_ids, sents["_doc"].tolist()):
            if doc != last_doc:
                po = 0
                last_doc = doc
                last_para = para
            elif para != last_para:
                po += 1
                last_para = para
            doc_idx.append(d)
            para_ord.append(po)
        self.doc_idx = doc_idx
        self.para_ord = para_ord
        # first sentence of each document
        self.doc_first: list[int] = []
        for i, di in enumerate(doc_idx):
            if i == 0 or doc_idx[i - 1] != di:
                self.doc_first.append(i)

    def sent_of(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos) - 1

    def doc_span(self, d: int) -> tuple[int, int]:
        """Span of global document ``d`` in this chunk's string."""
        k = bisect.bisect_left(self.doc_idx, d)
        a = self.starts[k]
        j = bisect.bisect_right(self.doc_idx, d)
        b = self.starts[j] - 1 if j < len(self.starts) else len(self.text)
        return a, b


def _registry_names(ch: _Chunk, nm: NameMatcher) -> list[list]:
    """Registry name/alias mentions: [start, end, actor, kind, resolved]."""
    text = ch.text
    raw = []
    for m in nm.pattern.finditer(text):
        surface = " ".join(m.group().split())
        entries = nm.forms.get(surface)
        if not entries:
            continue
        raw.append((m.start(), m.end(), surface, entries))
    if not raw:
        return []
    # document support: actors mentioned by a non-surname form, per document
    support: set[tuple[int, str]] = set()
    for s, e, surface, entries in raw:
        if len(entries) == 1 and not entries[0][2]:
            support.add((ch.doc_idx[ch.sent_of(s)], entries[0][0]))
    out = []
    for s, e, surface, entries in raw:
        si = ch.sent_of(s)
        d = ch.doc_idx[si]
        if _SUFFIX.match(text, e):
            continue
        single = " " not in surface
        if single:
            # a capitalised word right after: another entity ("Trump Tower")
            nx = _NEXTW.match(text, e)
            if nx and nx.group(1) not in nm.non_name:
                continue
        sur_only = all(x[2] for x in entries)
        if sur_only:
            pm = _UPW.search(text, max(ch.starts[si], s - 40), s)
            if pm:
                w = pm.group(1)
                lead = text[ch.starts[si]:pm.start(1)].strip(" \"'(-")
                # at a sentence start, common words and -ly adverbs are not given names
                opener = not lead and (w.lower() in nm.stop_words or w.endswith("ly"))
                if (not opener and w not in nm.non_name and w not in nm.hon and w not in nm.quals
                        and w.lower() not in nm.role_words and w not in nm.head
                        and not any(w[0] == nm.given_initial[x[0]] for x in entries)):
                    continue
            if (surface in nm.ambiguous or surface in nm.needs_support) \
                    and not any((d, x[0]) in support for x in entries):
                continue
        if len(entries) == 1:
            actor, kind, _ = entries[0]
            out.append([s, e, actor, kind, True])
        else:
            supported = [x for x in entries if (d, x[0]) in support]
            if len(supported) == 1:
                out.append([s, e, supported[0][0], supported[0][1], True])
            else:
                out.append([s, e, "", "alias", False])
    return out


def find_mentions(
    sentences: pd.DataFrame,
    registry: "ActorRegistry | str | os.PathLike | None" = None,
    *,
    pronouns: bool = False,
    discover: bool = True,
    documents: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Find mentions of actors in sentences.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The ``sentences`` table (doc_id, sent_id, para_id, start, end, text);
        ``start`` is the offset of the sentence in the clean document text.
    registry : ActorRegistry or path, optional
        Actors to look for; default :meth:`ActorRegistry.default`. A path is read
        with :func:`load_registry` (added to the default registry).
    pronouns : bool, default False
        Also resolve he/she/his/her/him... to the most recent compatible person
        (kind ``pronoun``).
    discover : bool, default True
        Also find persons outside the registry (kind ``discovered``) and return
        them in ``candidates``.
    documents : pandas.DataFrame, optional
        The ``documents`` table; its ``date`` column (when present) dates role
        tenures ("the US president" in a 2022 article is not the 2025 one).

    Returns
    -------
    mentions : pandas.DataFrame
        Columns of ``analytics.schema.TABLES["mentions"]``: doc_id, sent_id,
        para_id, actor, surface, start, end, kind (name, alias, role, pronoun,
        discovered), resolved. Sorted by doc_id, start, end. ``start``/``end``
        are offsets in the clean document text. Unresolved roles have
        ``actor == ""`` and ``resolved == False``.
    candidates : pandas.DataFrame
        Columns of ``TABLES["candidates"]``: name, mentions, documents,
        example (a sentence with a cue), cue (``;``-joined cue types: title,
        role, speech, apposition). Sorted by mentions (descending), name.

    Notes
    -----
    Unresolved mentions and pronoun mentions are kept in the table; the
    co-mention functions ignore them by default.
    """
    if isinstance(registry, (str, os.PathLike)):
        from .registry import load_registry

        registry = load_registry(registry)
    registry = registry if registry is not None else _default_registry()
    if sentences is None or len(sentences) == 0:
        return empty("mentions"), empty("candidates")
    missing = [c for c in ("doc_id", "sent_id", "para_id", "start", "text") if c not in sentences.columns]
    if missing:
        raise ValueError(f"sentences lacks columns {missing}")
    nm = _matcher(registry)
    sents = sentences.copy()
    sents["_order"] = np.arange(len(sents))
    # keep each document's sentences together and in text order
    first = sents.groupby("doc_id", sort=False)["_order"].transform("min")
    sents = sents.assign(_first=first).sort_values(["_first", "start", "_order"], kind="stable")
    sents = sents.reset_index(drop=True)
    sents["_doc"] = pd.factorize(sents["doc_id"])[0]
    dates: dict = {}
    if documents is not None and "date" in documents.columns and "doc_id" in documents.columns:
        dates = {d: _to_date(v) for d, v in zip(documents["doc_id"], documents["date"])}

    # chunks of whole documents
    bounds = []
    n = len(sents)
    doc_col = sents["doc_id"].tolist()
    i = 0
    while i < n:
        j = min(n, i + _CHUNK)
        while j < n and doc_col[j] == doc_col[j - 1]:
            j += 1
        bounds.append((i, j))
        i = j

    disc = Discoverer() if discover else None
    chunks_state = []
    # pass 1: registry names; discovery cues
    for a, b in bounds:
        ch = _Chunk(sents.iloc[a:b], a)
        names = _registry_names(ch, nm)
        if disc is not None:
            masked = _mask(ch.text, names)
            disc.collect(masked, ch.starts, ch.doc_idx, sent_base=a)
        chunks_state.append(names)
    if disc is not None:
        disc.group()

    rows: list[tuple] = []
    for (a, b), names in zip(bounds, chunks_state):
        ch = _Chunk(sents.iloc[a:b], a)
        text = ch.text
        items = [list(x) for x in names]  # [s, e, actor, kind, resolved]
        genders = dict(nm.gender)
        if disc is not None:
            masked = _mask(text, names)
            for s, e, canon in disc.find(masked, ch.starts, ch.doc_idx):
                items.append([s, e, canon, "discovered", True])
                genders[canon] = disc.gender_of(canon)
        items.sort(key=lambda x: (x[0], x[1]))
        # roles
        hits = nm.roles.find(text)
        name_starts = [x[0] for x in items]
        occupied = _Intervals(items)
        kept_hits = []
        # right to left: a role right before a name (or before a dropped role that
        # is right before a name) is a title
        blockers = sorted(name_starts)
        owner = {x[0]: x[2] for x in items if x[4] and x[2]}
        # titles written before a name tell who holds which office in the document
        facts: dict[int, list[tuple[str, str | None, str]]] = {}
        for h in sorted(hits, key=lambda h: -h.start):
            if occupied.overlaps(h.start, h.end):
                continue
            k = bisect.bisect_left(blockers, h.end)
            if k < len(blockers) and text[h.end:blockers[k]].strip() == "" and "\x00" not in text[h.end:blockers[k]]:
                nxt = blockers[k]
                bisect.insort(blockers, h.start)
                holder = owner.get(nxt)
                if holder:
                    owner[h.start] = holder
                    facts.setdefault(ch.doc_idx[ch.sent_of(h.start)], []).append((h.title, h.scope, holder))
                continue
            if not h.explicit:
                continue
            # "The Premier League", "the President Hotel": part of a proper name
            if _NEXTW.match(text, h.end):
                continue
            kept_hits.append(h)
        # explicit name mentions per document for context resolution
        by_doc: dict[int, tuple[list[int], list[str]]] = {}
        for x in items:
            if x[3] in ("name", "alias", "discovered") and x[4]:
                d = ch.doc_idx[ch.sent_of(x[0])]
                pl = by_doc.setdefault(d, ([], []))
                pl[0].append(x[0])
                pl[1].append(x[2])
        for h in sorted(kept_hits, key=lambda h: h.start):
            si = ch.sent_of(h.start)
            d = ch.doc_idx[si]
            pos, act = by_doc.get(d, ([], []))
            res = nm.roles.resolve(h, pos, act, dates.get(ch.doc_ids[si]), facts.get(d, ()))
            if res is None:
                continue
            items.append([h.start, h.end, res[0], "role", res[1]])
        items.sort(key=lambda x: (x[0], x[1]))
        # pronouns
        if pronouns:
            items.extend(_pronouns(ch, items, nm, genders))
            items.sort(key=lambda x: (x[0], x[1]))
        for s, e, actor, kind, resolved in items:
            si = ch.sent_of(s)
            ls = s - ch.starts[si]
            le = e - ch.starts[si]
            surface = ch.clean_list[si][ls:le]
            off = ch.offsets[si]
            rows.append((ch.doc_ids[si], ch.sent_ids[si], ch.para_ids[si], actor, surface,
                         off + ls, off + le, kind, bool(resolved)))

    mentions = pd.DataFrame(rows, columns=["doc_id", "sent_id", "para_id", "actor", "surface",
                                           "start", "end", "kind", "resolved"])
    if len(mentions):
        mentions["start"] = mentions["start"].astype("int64")
        mentions["end"] = mentions["end"].astype("int64")
        mentions["resolved"] = mentions["resolved"].astype(bool)
        try:
            mentions = mentions.sort_values(["doc_id", "start", "end", "kind", "actor"], kind="stable")
        except TypeError:  # mixed doc_id types: keep input document order
            pass
    else:
        mentions = empty("mentions")
    candidates = _candidates(disc, mentions, sents) if disc is not None else empty("candidates")
    return conform("mentions", mentions), conform("candidates", candidates)


def _mask(text: str, names: list) -> str:
    """Replace registry name spans by '#' (same length) so discovery skips them."""
    if not names:
        return text
    parts = []
    last = 0
    for s, e, *_ in sorted(names):
        if s < last:
            continue
        parts.append(text[last:s])
        parts.append("#" * (e - s))
        last = e
    parts.append(text[last:])
    return "".join(parts)


class _Intervals:
    def __init__(self, items) -> None:
        self.spans = sorted((x[0], x[1]) for x in items)
        self.starts = [s for s, _ in self.spans]

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect.bisect_left(self.starts, e)
        for j in range(i - 1, max(-1, i - 4), -1):
            a, b = self.spans[j]
            if a < e and s < b:
                return True
        return False


def _pronouns(ch: _Chunk, items: list, nm: NameMatcher, genders: dict) -> list:
    out = []
    # paragraph boundaries (quotation state resets there)
    bounds = [ch.starts[i] for i in range(len(ch.starts))
              if i == 0 or ch.para_ord[i] != ch.para_ord[i - 1] or ch.doc_idx[i] != ch.doc_idx[i - 1]]
    quotes = quote_spans(ch.clean, bounds)
    per_doc: dict[int, list] = {}
    for s, e, actor, kind, resolved in items:
        if not resolved or not actor:
            continue
        if kind != "discovered" and not nm.is_person.get(actor, True):
            continue
        si = ch.sent_of(s)
        per_doc.setdefault(ch.doc_idx[si], []).append(
            (s, e, actor, genders.get(actor), ch.para_ord[si]))

    def para_at(p: int) -> int:
        return ch.para_ord[ch.sent_of(p)]

    for d, ants in per_doc.items():
        for p, e, actor in resolve_pronouns(ch.text, quotes, ants, ch.doc_span(d), para_at, ch.sent_of):
            out.append([p, e, actor, "pronoun", True])
    return out


def _candidates(disc: Discoverer, mentions: pd.DataFrame, sents: pd.DataFrame) -> pd.DataFrame:
    if not disc.persons:
        return empty("candidates")
    dm = mentions[mentions["kind"] == "discovered"]
    counts = dm.groupby("actor").size().to_dict() if len(dm) else {}
    ndocs = dm.groupby("actor")["doc_id"].nunique().to_dict() if len(dm) else {}
    texts = sents["text"].tolist()
    rows = []
    for name, p in disc.persons.items():
        if counts.get(name, 0) == 0:
            continue
        ex = texts[p.example_sent] if p.example_sent is not None and p.example_sent < len(texts) else ""
        rows.append((name, int(counts.get(name, 0)), int(ndocs.get(name, 0)),
                     " ".join(str(ex).split())[:300], ";".join(sorted(p.cues))))
    if not rows:
        return empty("candidates")
    df = pd.DataFrame(rows, columns=["name", "mentions", "documents", "example", "cue"])
    return df.sort_values(["mentions", "name"], ascending=[False, True], kind="stable")
