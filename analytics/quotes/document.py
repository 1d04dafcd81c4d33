"""One document prepared for attribution: its texts, sentences, quotations and mentions.

The attribution rules read a document through :class:`QuoteDoc`: the clean text (for
surfaces), its normalised and lower-cased forms (for matching), the lower-cased text
with the contents of every quotation masked by ``_`` (so words inside quotes are never
taken for cues or speakers), sentence spans found on that masked text, the actor
mentions, and what the registry says about actors (person or group, gender).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from ..actors.registry import ActorRegistry
from ..lang import en
from ..text.normalize import normalize
from ..text.quotemarks import QuoteSpan, find_quote_spans
from ..text.spans import Spans, line_spans

__all__ = ["Mention", "QuoteDoc", "build_doc", "scope_names"]

_SENT_END_RE = re.compile(r"[.!?\u2026]+[\"')\]]*(?=\s+\S)")


@dataclass
class Mention:
    """An actor mention of the ``mentions`` table (offsets in the clean text)."""

    start: int
    end: int
    actor: str
    kind: str
    surface: str


@dataclass
class QuoteDoc:
    """A document as the attribution rules see it (see the module notes).

    ``events`` are the attributions made so far (position, speaker, type, surface), in
    position order: later pronouns and participles refer back to them.
    """

    doc_id: Any
    text: str
    norm: str
    low: str  # lower-cased normalised text
    masked: str  # low with quotation contents replaced by "_"
    paras: list[tuple[int, int]]
    sents: Spans  # sentence spans found on the masked text
    quotes: list[QuoteSpan]
    qranges: Spans  # (open_pos, close_or_end) per quotation
    mentions: list[Mention]
    mention_starts: list[int]
    actor_types: dict[str, str]
    genders: dict[str, str]
    cue_forms: dict[str, str] = field(default_factory=dict)
    scope_names: set[str] = field(default_factory=set)  # lower-cased institution names
    events: list[tuple[int, str, str, str]] = field(default_factory=list)
    event_pos: list[int] = field(default_factory=list)
    last_office: str = ""
    #: per sentence index: (position, speaker) of its reporting clauses (computed lazily)
    speech_subjects: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    #: per sentence index: people named outside mentions (computed lazily)
    named_people: dict[int, list[tuple[int, str, str]]] = field(default_factory=dict)

    def cue_lemma(self, form: str) -> str:
        """The lemma of a matched cue (``"said"`` -> ``"say"``)."""
        return self.cue_forms.get(" ".join(form.split()), form)

    def in_quote(self, pos: int) -> bool:
        """True when ``pos`` lies inside a quotation (marks included)."""
        return self.qranges.find(pos, inclusive=True) >= 0

    def paras_index(self, pos: int) -> int:
        """The paragraph (index into ``paras``) at ``pos`` (the nearest one before it)."""
        k = bisect.bisect_right([a for a, _b in self.paras], pos) - 1
        return max(k, 0)

    def sent_index(self, pos: int) -> int:
        """The sentence at ``pos`` (the first one for an offset before it)."""
        return self.sents.index_near(pos)

    def events_in(self, a: int, b: int) -> list[tuple[int, str, str, str]]:
        """Attribution events (earlier quotes' speakers) with position in [a, b)."""
        i = bisect.bisect_left(self.event_pos, a)
        j = bisect.bisect_left(self.event_pos, b)
        return self.events[i:j]

    def add_event(self, pos: int, speaker: str, etype: str, surface: str) -> None:
        """Record an attribution at ``pos`` (kept in position order)."""
        k = bisect.bisect_right(self.event_pos, pos)
        self.event_pos.insert(k, pos)
        self.events.insert(k, (pos, speaker, etype, surface))

    def mentions_in(self, a: int, b: int) -> list[Mention]:
        """Mentions lying entirely inside [a, b), in text order."""
        i = bisect.bisect_left(self.mention_starts, a)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < b:
            m = self.mentions[i]
            if m.end <= b:
                out.append(m)
            i += 1
        return out

    def possessive(self, m: Mention) -> bool:
        """True for a mention followed by ``'s`` or a bare apostrophe."""
        return self.norm[m.end:m.end + 2] in ("'s", "' ") or self.norm[m.end:m.end + 1] == "'"

    def is_person(self, actor: str, kind: str) -> bool:
        """True when the actor is a person (registry type; else not a group kind)."""
        t = self.actor_types.get(actor)
        if t is not None:
            return t in en.words("actor_types", "person")
        # unknown to the registry: a discovered name, role or unregistered actor
        return kind not in en.words("actor_types", "group")

    def is_group(self, actor: str) -> bool:
        """True when the registry types the actor as an organisation, country..."""
        return self.actor_types.get(actor, "") in en.words("actor_types", "group")


def scope_names(registry: ActorRegistry) -> set[str]:
    """Lower-cased names of countries, institutions and offices (registry scopes)."""
    out: set[str] = set()
    for sc in registry.scopes.values():
        for n in sc.names:
            out.add(normalize(n).lower())
        for n in sc.adjectives:
            if " " in n.strip():  # "Downing Street", "White House" (not "British")
                out.add(normalize(n).lower())
    return out


def _sentence_spans(masked: str, norm: str, paras: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences of each paragraph, split at . ! ? … on the masked text."""
    abbreviations = en.words("abbreviations")
    out = []
    for ps, pe in paras:
        s = ps
        for m in _SENT_END_RE.finditer(masked, ps, pe):
            # abbreviation or initial before the full stop?
            j = m.start()
            k = j
            while k > ps and (masked[k - 1].isalpha() or masked[k - 1] == "."):
                k -= 1
            tok = masked[k:j].strip(".")
            if masked[j] == "." and (tok in abbreviations or (len(tok) == 1 and tok.isalpha())
                                     or "." in tok):
                continue
            # after the boundary the next sentence must start upper-case/quote/digit
            nxt = m.end()
            while nxt < pe and masked[nxt].isspace():
                nxt += 1
            if nxt < pe and norm[nxt].islower():
                continue
            out.append((s, m.end()))
            s = nxt
        if s < pe:
            out.append((s, pe))
    return out


def _mask(low: str, spans: list[QuoteSpan]) -> str:
    """``low`` with the quoted words (and reopening marks) replaced by ``_``."""
    chars = list(low)
    for sp in spans:
        for a, b in sp.segments:
            # keep a final sentence punctuation so sentence splitting still works
            tail = low[a:b].rstrip()
            keep = a + len(tail) - 1 if tail and tail[-1] in ".!?" else -1
            for i in range(a, b):
                if i != keep and not chars[i].isspace():
                    chars[i] = "_"
        # reopening marks between segments: mask too
        for (_a1, b1), (a2, _b2) in zip(sp.segments, sp.segments[1:]):
            for i in range(b1, a2):
                if not chars[i].isspace():
                    chars[i] = "_"
    return "".join(chars)


def build_doc(doc_id: Any, text: str, mentions: list[Mention], actor_types: dict[str, str],
              genders: dict[str, str], cue_forms: dict[str, str],
              scopes: set[str]) -> QuoteDoc:
    """Prepare one document's clean text for attribution.

    Parameters
    ----------
    doc_id : object
    text : str
        The clean text.
    mentions : list of Mention
        The document's actor mentions (any order).
    actor_types, genders : dict
        From :meth:`analytics.actors.ActorRegistry.traits`.
    cue_forms : dict of str to str
        Cue form -> lemma (:attr:`analytics.quotes.cues.Cues.forms`).
    scopes : set of str
        From :func:`scope_names`.
    """
    norm = normalize(text)
    low = norm.lower()
    if len(low) != len(text):  # pragma: no cover - exotic case-folding
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in norm)
    spans = find_quote_spans(text)
    masked = _mask(low, spans)
    paras = line_spans(text)
    sents = _sentence_spans(masked, norm, paras) or [(0, len(text))]
    mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
    return QuoteDoc(doc_id, text, norm, low, masked, paras, Spans(sents), spans,
                    Spans((sp.open_pos, sp.end) for sp in spans), mentions,
                    [m.start for m in mentions], actor_types, dict(genders),
                    cue_forms=cue_forms, scope_names=scopes)
