"""Find quotations in news text and attribute them to speakers.

:func:`extract_quotes` returns the ``quotes`` table (see :mod:`analytics.schema`):
one row per quotation, with the words inside the marks, who said them and how.

How quotations are found
------------------------
The clean text is scanned once for quotation marks (curly and straight, double and
single). Each mark is classed as opening or closing from the characters around it
(a mark after a space and before a word opens; after a word and before a space or
punctuation it closes). A single-quote character between two letters or digits is an
apostrophe (``Starmer’s``, ``didn’t``, also a mis-typed ``Zelenskyy‘s``) and never a
quotation mark. Double quotes are matched first; single quotes are then matched only
outside double-quoted spans (nested quotes stay part of the outer quotation).

A quotation that is still open at the end of a paragraph continues into the next
paragraph only if that paragraph starts with an opening mark (the newspaper
convention for multi-paragraph quotes: the mark is reopened on each paragraph and
closed only at the end). Otherwise it is capped at the end of its paragraph, so an
unbalanced mark never swallows the rest of an article. An unclosed single quote is
dropped (it is much more likely to be an apostrophe).

``start``/``end`` are the offsets of the quoted words (inside the marks) in the clean
text; ``quote`` is that text, with the reopening marks of a multi-paragraph quote
removed (paragraphs joined by a newline) and a trailing comma dropped.

How speakers are found
----------------------
Rules, tried in order, on the clean text with the contents of every quotation masked
(so words inside quotes are never taken for cues or speakers):

1. after the closing mark: ``“…,” Mr Healey stated`` / ``“…,” said the minister`` /
   ``“…”, he said`` (not after a quote ending in a full stop, which ends the sentence);
2. before the opening mark: ``Starmer told reporters: “…”`` / ``He added: “…”``;
3. reported speech with an embedded (partial) quote: the subject of the nearest
   reporting verb before the quote in the same sentence (``he described it as a “…”``);
   a participle cue (``…, stating he was “…”``) takes the subject of the main clause;
4. another reporting clause in the same sentence (``“…” by doing X, “…”, he said``);
5. the speaker of the previous quotation in the same paragraph (quotes split by an
   attribution, ``“…,” Starmer said. “…”``).

The speaker noun phrase is resolved with the ``mentions`` table: the actor of the last
mention inside the phrase. Pronouns (he, she, they) are resolved to the subject of the
closest preceding sentence that offers a compatible antecedent, counting speakers of
earlier quotations and actor mentions *outside* quotation marks (a name inside the
quote is not what ``he said`` refers to); the ``pronoun`` mentions of
:mod:`analytics.actors` are a fallback.

Spokespeople and offices: ``a Downing Street spokesperson said`` is attributed to the
office, never to the leader. ``speaker`` is then the canonical actor of an organisation
mentioned in the phrase, else the capitalised modifier as written (``"Downing
Street"``, ``"Kremlin"``), else — for ``Zelenskyy's spokesman`` / ``the president's
office`` — ``"office of <actor>"``. A bare ``the spokesperson`` refers back to the last
spokesperson quoted in the document. A spokesperson who is named (``Kremlin spokesman
Dmitry Peskov said``) is that person. Institutions and countries named as speakers
(``Downing Street said``, ``the Kremlin said``: the names of the actor registry's
scopes) are speakers as written, without the article. These rows have
``speaker_kind == "office"``. ``according to X`` takes X as the speaker.

Kinds: ``direct`` for a quotation introduced by a cue and a colon/comma (``X said: “…”``),
standing at the start of its sentence with an attribution (``“…,” X said``) or
continuing one; also a capitalised quotation of five or more words embedded after a
cue. Everything else — words quoted inside reported speech (``described it as a “…”``)
and scare quotes of one to three words — is ``partial``; its speaker is the reporting
subject when there is one, else ``""``.

``speaker`` is ``""`` when the speaker is unknown or an unregistered noun phrase; the
phrase is kept in ``speaker_surface``. Discovered people (``kind == "discovered"``
mentions) keep the name the mentions table gives them.

Extra columns (after the documented ones): ``speaker_kind`` (``name``, ``role``,
``pronoun``, ``office``, ``discovered``, ``unknown``, or ``""`` when no rule applied),
``rule`` (the rule that attributed the quote: ``after``, ``before``, ``reported``,
``sentence``, ``continued`` or ``""``) and ``para_id`` (the paragraph of the sentence that
holds the quotation; for a quotation outside every sentence, e.g. in a heading, the
index of its non-empty line). ``sent_id`` is the sentence that contains the first quoted
character (else the first sentence the quotation overlaps; -1 when none does).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import pandas as pd
import yaml

from .schema import conform, empty
from .textnorm import normalize

__all__ = ["extract_quotes", "find_quote_spans", "load_cues", "Cues"]

# --------------------------------------------------------------------------- marks
_DQ_OPEN = "\u201c\u201e\u201f\u00ab"
_DQ_CLOSE = "\u201d\u00bb"
_DQ_AMBIG = '"\u2033\uff02'
_SQ_OPEN = "\u2018\u201a\u201b\u2039"
_SQ_CLOSE = "\u2019\u203a"
_SQ_AMBIG = "'`\u00b4\u02bc\u2032"
_DQ_ALL = _DQ_OPEN + _DQ_CLOSE + _DQ_AMBIG
_SQ_ALL = _SQ_OPEN + _SQ_CLOSE + _SQ_AMBIG
_DQ_RE = re.compile("[" + re.escape(_DQ_ALL) + "]")
_SQ_RE = re.compile("[" + re.escape(_SQ_ALL) + "]")
#: characters after which a mark is "at the left edge" of a word (opening position)
_LEFT_EDGE = set("([{/-\u2013\u2014:;,") | set(_DQ_ALL) | set(_SQ_ALL)
#: characters before which a mark is "at the right edge" (closing position)
_RIGHT_EDGE = set(".,;:!?)]}-\u2013\u2014\u2026") | set(_DQ_ALL) | set(_SQ_ALL)

_ABBREV = {
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "gen", "col", "lt", "sgt",
    "rep", "sen", "gov", "no", "vs", "etc", "inc", "ltd", "co", "corp", "rev", "capt",
    "maj", "adm", "cmdr", "fr", "hon", "messrs", "approx", "dept", "est", "fig", "vol",
}


@dataclass
class Cues:
    """Reporting-verb lexicon and related word lists (from ``speech_verbs.yaml``)."""

    forms: dict[str, str]
    phrasal: list[str]
    spokesperson: list[str]
    statement: list[str]
    office: list[str]
    fillers: list[str]
    pronouns: dict[str, str]
    honorifics: dict[str, str]
    cue_re: re.Pattern = field(init=False)
    filler_tail_re: re.Pattern = field(init=False)
    spokes_re: re.Pattern = field(init=False)
    statement_re: re.Pattern = field(init=False)
    office_re: re.Pattern = field(init=False)

    def __post_init__(self) -> None:
        words = sorted(set(self.forms) | set(self.phrasal), key=len, reverse=True)
        alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
        self.cue_re = re.compile(r"(?<![\w'-])(?:" + alt + r")(?![\w'-])")
        fill = sorted(set(self.fillers), key=len, reverse=True)
        falt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in fill)
        # trailing fillers, or any lower-case -ly adverb / time phrase
        self.filler_tail_re = re.compile(
            r"(?:(?<![\w'-])(?:" + falt + r"|[a-z]+ly|in\s+a\s+statement|on\s+\w+day"
            r"|last\s+\w+|this\s+\w+)\s*,?\s*)$"
        )

        def words_re(ws: list[str]) -> re.Pattern:
            a = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(ws, key=len, reverse=True))
            return re.compile(r"(?<![\w-])(?:" + a + r")(?![\w-])")

        self.spokes_re = words_re(self.spokesperson)
        self.statement_re = words_re(self.statement)
        self.office_re = words_re(self.office)


def _inflect(lemma: str) -> list[str]:
    out = [lemma]
    if lemma.endswith("e"):
        out += [lemma + "s", lemma + "d", lemma[:-1] + "ing"]
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        out += [lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"]
    elif lemma.endswith(("s", "sh", "ch", "x", "z")):
        out += [lemma + "es", lemma + "ed", lemma + "ing"]
    else:
        out += [lemma + "s", lemma + "ed", lemma + "ing"]
    return out


@lru_cache(maxsize=8)
def load_cues(path: str | None = None) -> Cues:
    """Load the reporting-verb lexicon.

    Parameters
    ----------
    path : str, optional
        A YAML file with the layout of ``analytics/data/speech_verbs.yaml``; the
        bundled file by default.

    Returns
    -------
    Cues
    """
    if path is None:
        raw = resources.files("analytics").joinpath("data/speech_verbs.yaml").read_text("utf-8")
        src = "analytics/data/speech_verbs.yaml"
    else:
        with open(path, encoding="utf-8") as fh:
            raw = fh.read()
        src = str(path)
    try:
        data = yaml.safe_load(raw) or {}
    except yaml.YAMLError as exc:  # pragma: no cover - bundled file is valid
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        from .errors import RegistryError

        raise RegistryError(f"cannot parse cue lexicon ({exc})", f"{src}{line}") from exc
    forms: dict[str, str] = {}
    for lemma, fs in (data.get("verbs") or {}).items():
        for f in (fs or _inflect(str(lemma))):
            forms[str(f).lower()] = str(lemma)
    honor: dict[str, str] = {}
    for gender, words in (data.get("honorifics") or {}).items():
        for w in words or []:
            honor[str(w).lower()] = str(gender)
    return Cues(
        forms=forms,
        phrasal=[str(p).lower() for p in data.get("phrasal") or []],
        spokesperson=[str(p).lower() for p in data.get("spokesperson_nouns") or []],
        statement=[str(p).lower() for p in data.get("statement_nouns") or []],
        office=[str(p).lower() for p in data.get("office_nouns") or []],
        fillers=[str(p).lower() for p in data.get("fillers") or []],
        pronouns={str(k).lower(): str(v) for k, v in (data.get("pronouns") or {}).items()},
        honorifics=honor,
    )


# --------------------------------------------------------------------------- spans
def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Non-empty lines of ``text`` as (start, end) spans (end excludes the newline)."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.start(), m.end()
        seg = text[s:e]
        if seg.strip():
            # trim surrounding whitespace
            s += len(seg) - len(seg.lstrip())
            e -= len(seg) - len(seg.rstrip())
            spans.append((s, e))
    return spans


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def _mark_role(text: str, i: int, opens: str, closes: str) -> str:
    """'open', 'close', 'either' or 'none' for the quotation mark at ``text[i]``."""
    ch = text[i]
    left = text[i - 1] if i > 0 else ""
    right = text[i + 1] if i + 1 < len(text) else ""
    left_edge = _is_space(left) or left in _LEFT_EDGE
    right_edge = _is_space(right) or right in _RIGHT_EDGE
    if left in ".,;:!?\u2026" and right_edge:
        return "close"  # "... troops,' he said"
    if ch in opens:
        if not left_edge and right_edge:
            return "close"
        return "open"
    if ch in closes:
        if left_edge and not right_edge:
            return "open"
        return "close"
    if left_edge and not right_edge:
        return "open"
    if right_edge and not left_edge:
        return "close"
    return "either"


@dataclass
class _Span:
    open_pos: int
    close_pos: int | None
    segments: list[tuple[int, int]]
    para_index: int
    closed: bool = True
    double: bool = True


def _scan(text: str, positions: list[int], paras: list[tuple[int, int]], roles: list[str],
          *, reopen_chars: str, drop_unclosed: bool, double: bool) -> list[_Span]:
    """Pair opening and closing marks (see module docstring)."""
    para_starts = [p[0] for p in paras]
    out: list[_Span] = []
    cur: _Span | None = None
    cur_para = -1
    seg_start = 0

    def para_of(pos: int) -> int:
        return max(0, bisect.bisect_right(para_starts, pos) - 1)

    def finish(end_pos: int, closed: bool, close_pos: int | None) -> None:
        nonlocal cur
        assert cur is not None
        cur.segments.append((seg_start, end_pos))
        cur.closed = closed
        cur.close_pos = close_pos
        if closed or not drop_unclosed:
            out.append(cur)
        cur = None

    for pos, role in zip(positions, roles):
        if role == "none":
            continue
        if cur is not None:
            p = para_of(pos)
            # crossed one or more paragraph boundaries while open
            while cur is not None and p > cur_para:
                nxt = cur_para + 1
                if (nxt == p and pos == paras[nxt][0] and role in ("open", "either")
                        and text[pos] in reopen_chars):
                    # multi-paragraph quotation: the next paragraph reopens the mark
                    cur.segments.append((seg_start, paras[cur_para][1]))
                    cur_para = nxt
                    seg_start = pos + 1
                    role = "consumed"
                    break
                finish(paras[cur_para][1], False, None)
            if role == "consumed":
                continue
        if cur is None:
            if role in ("open", "either"):
                cur_para = para_of(pos)
                cur = _Span(pos, None, [], cur_para, double=double)
                seg_start = pos + 1
            continue
        if role in ("close", "either"):
            finish(pos, True, pos)
        else:  # an opening mark inside an open quote in the same paragraph
            if double:
                # the previous quotation was never closed: cap it here, open a new one
                finish(pos, False, None)
                cur_para = para_of(pos)
                cur = _Span(pos, None, [], cur_para, double=double)
                seg_start = pos + 1
            # (single quotes: keep the first opening, ignore the second)
    if cur is not None:
        finish(paras[cur_para][1] if paras else len(text), False, None)
    return out


def find_quote_spans(text: str) -> list[_Span]:
    """Find quotation spans in one document's clean text.

    Parameters
    ----------
    text : str
        Clean document text.

    Returns
    -------
    list
        Spans with ``open_pos`` (offset of the opening mark), ``close_pos`` (closing
        mark or ``None`` when capped), ``segments`` (content spans, one per paragraph)
        and ``closed``; sorted by ``open_pos``.
    """
    paras = _paragraph_spans(text)
    if not paras:
        return []
    dpos = [m.start() for m in _DQ_RE.finditer(text)]
    droles = [_mark_role(text, i, _DQ_OPEN, _DQ_CLOSE) for i in dpos]
    spans = _scan(text, dpos, paras, droles, reopen_chars=_DQ_OPEN + _DQ_AMBIG,
                  drop_unclosed=False, double=True)
    # single quotes, outside double-quoted spans
    inside = []
    for sp in spans:
        end = sp.close_pos if sp.close_pos is not None else sp.segments[-1][1]
        inside.append((sp.open_pos, end))
    starts = [a for a, _ in inside]

    def in_double(i: int) -> bool:
        k = bisect.bisect_right(starts, i) - 1
        return k >= 0 and inside[k][0] <= i <= inside[k][1]

    spos, sroles = [], []
    for m in _SQ_RE.finditer(text):
        i = m.start()
        if in_double(i):
            continue
        left = text[i - 1] if i > 0 else ""
        right = text[i + 1] if i + 1 < len(text) else ""
        if left.isalnum() and right.isalnum():
            continue  # apostrophe: Starmer's, didn't
        role = _mark_role(text, i, _SQ_OPEN, _SQ_CLOSE)
        if role == "either":
            continue
        if role == "open" and right.isdigit():
            continue  # '90s
        spos.append(i)
        sroles.append(role)
    sspans = _scan(text, spos, paras, sroles, reopen_chars=_SQ_OPEN + _SQ_AMBIG,
                   drop_unclosed=True, double=False)
    allspans = [s for s in spans + sspans if any(text[a:b].strip() for a, b in s.segments)]
    allspans.sort(key=lambda s: s.open_pos)
    return allspans


# --------------------------------------------------------------------------- context
@dataclass
class _Mention:
    start: int
    end: int
    actor: str
    kind: str
    surface: str


@dataclass
class _Doc:
    doc_id: Any
    text: str
    norm: str
    low: str  # lower-cased normalised text
    masked: str  # low with quotation contents replaced by "_"
    paras: list[tuple[int, int]]
    sents: list[tuple[int, int]]  # my own sentence spans (quotes masked)
    quotes: list[_Span]
    qranges: list[tuple[int, int]]  # (open_pos, close_or_end) per quote
    mentions: list[_Mention]
    mention_starts: list[int]
    actor_types: dict[str, str]
    genders: dict[str, str]
    events: list[tuple[int, str, str, str]] = field(default_factory=list)  # pos, speaker, type, surface
    event_pos: list[int] = field(default_factory=list)
    qstarts: list[int] = field(default_factory=list)
    sstarts: list[int] = field(default_factory=list)
    cue_forms: dict[str, str] = field(default_factory=dict)
    scope_names: set[str] = field(default_factory=set)  # lower-cased institution names

    def cue_lemma(self, form: str) -> str:
        return self.cue_forms.get(" ".join(form.split()), form)
    last_office: str = ""


_SENT_END_RE = re.compile(r"[.!?\u2026]+[\"')\]]*(?=\s+\S)")


def _sentence_spans(masked: str, norm: str, paras: list[tuple[int, int]]) -> list[tuple[int, int]]:
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
            if masked[j] == "." and (tok in _ABBREV or (len(tok) == 1 and tok.isalpha())
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


def _mask(low: str, spans: list[_Span]) -> tuple[str, list[tuple[int, int]]]:
    chars = list(low)
    ranges = []
    for sp in spans:
        end = sp.close_pos if sp.close_pos is not None else sp.segments[-1][1]
        ranges.append((sp.open_pos, end))
        for a, b in sp.segments:
            stop = b
            # keep a final sentence punctuation so sentence splitting still works
            tail = low[a:b].rstrip()
            keep = a + len(tail) - 1 if tail and tail[-1] in ".!?" else -1
            for i in range(a, stop):
                if i != keep and not chars[i].isspace():
                    chars[i] = "_"
        # reopening marks between segments: mask too
        for (a1, b1), (a2, _b2) in zip(sp.segments, sp.segments[1:]):
            for i in range(b1, a2):
                if not chars[i].isspace():
                    chars[i] = "_"
    return "".join(chars), ranges


def _actor_info(registry: Any) -> tuple[dict[str, str], dict[str, str]]:
    """Actor -> type ('person', 'org', 'country', ...) and actor -> gender from a registry."""
    types: dict[str, str] = {}
    genders: dict[str, str] = {}
    if registry is None:
        return types, genders
    records: list[dict] = []
    try:
        if hasattr(registry, "to_frame") and not isinstance(registry, pd.DataFrame):
            records = registry.to_frame().to_dict("records")
        elif isinstance(registry, pd.DataFrame):
            records = registry.to_dict("records")
        elif isinstance(registry, dict):
            vals = registry.get("actors", registry)
            if isinstance(vals, dict):
                for k, v in vals.items():
                    if isinstance(v, dict):
                        records.append({"name": k, **v})
            elif isinstance(vals, list):
                records = [v for v in vals if isinstance(v, dict)]
        elif isinstance(registry, (list, tuple)):
            for v in registry:
                if isinstance(v, dict):
                    records.append(v)
                elif hasattr(v, "__dict__"):
                    records.append(dict(vars(v)))
        elif hasattr(registry, "actors"):
            return _actor_info(list(getattr(registry, "actors").values())
                               if isinstance(getattr(registry, "actors"), dict)
                               else list(getattr(registry, "actors")))
        elif hasattr(registry, "to_frame"):
            records = registry.to_frame().to_dict("records")
    except Exception:  # registry shapes vary; type information is optional
        return types, genders
    for r in records:
        name = r.get("canonical") or r.get("actor") or r.get("name") or r.get("id")
        if not name:
            continue
        t = r.get("type") or r.get("kind") or r.get("category")
        if isinstance(t, str) and t:
            types[str(name)] = t.lower()
        g = r.get("gender") or r.get("sex")
        if isinstance(g, str) and g:
            genders[str(name)] = g.lower()[:1]
    return types, genders


@lru_cache(maxsize=1)
def _default_registry() -> Any:
    try:  # the actors module may not be installed in a minimal build
        from . import actors  # type: ignore

        return actors.load_registry()
    except Exception:
        pass
    try:
        from .actors.registry import load_registry  # type: ignore

        return load_registry()
    except Exception:
        return None


#: longest stretch of text (characters) searched for an attribution on either side
_WINDOW = 400

_NOUNISH = {"call", "post", "comment", "claim", "demand", "promise", "pledge", "note", "vow",
            "tweet", "statement", "message", "warn", "reply", "response", "signal", "label",
            "brand", "counter", "highlight", "underline", "reflect", "speak", "continue"}

_NOT_ADVERBS = {"family", "ally", "italy", "rally", "supply", "assembly", "july", "reply",
                "apply", "bully", "monopoly", "anomaly", "homily", "jelly", "belly"}

_PERSON_KINDS = {"person", "people", "individual", "leader", "politician", "human"}
_GROUP_KINDS = {"org", "organisation", "country", "organization", "institution", "government",
                "party", "body", "office", "agency", "alliance", "company", "media"}


def _is_person(doc: _Doc, actor: str, kind: str) -> bool:
    t = doc.actor_types.get(actor)
    if t is not None:
        return t in _PERSON_KINDS
    # unknown to the registry: a discovered name, role or unregistered actor
    return kind not in _GROUP_KINDS


def _is_group(doc: _Doc, actor: str) -> bool:
    return doc.actor_types.get(actor, "") in _GROUP_KINDS


# --------------------------------------------------------------------------- helpers
def _in_quote(doc: _Doc, pos: int) -> bool:
    k = bisect.bisect_right(doc.qstarts, pos) - 1
    return k >= 0 and doc.qranges[k][0] <= pos <= doc.qranges[k][1]


def _events_in(doc: _Doc, a: int, b: int) -> list[tuple[int, str, str, str]]:
    """Attribution events (earlier quotes' speakers) with position in [a, b)."""
    i = bisect.bisect_left(doc.event_pos, a)
    j = bisect.bisect_left(doc.event_pos, b)
    return doc.events[i:j]


def _sent_index(doc: _Doc, pos: int) -> int:
    return max(0, bisect.bisect_right(doc.sstarts, pos) - 1)


def _mentions_in(doc: _Doc, a: int, b: int) -> list[_Mention]:
    i = bisect.bisect_left(doc.mention_starts, a)
    out = []
    while i < len(doc.mentions) and doc.mentions[i].start < b:
        m = doc.mentions[i]
        if m.end <= b:
            out.append(m)
        i += 1
    return out


def _possessive(doc: _Doc, m: _Mention) -> bool:
    return doc.norm[m.end:m.end + 2] in ("'s", "' ") or doc.norm[m.end:m.end + 1] == "'"


def _gender_of(doc: _Doc, actor: str, cues: Cues) -> str:
    g = doc.genders.get(actor)
    if g:
        return g
    for m in doc.mentions:
        if m.actor == actor:
            # honorific just before or inside the mention
            before = doc.low[max(0, m.start - 8):m.start].split()
            words = doc.low[m.start:m.end].split()
            for w in (before[-1:] if before else []) + words[:1]:
                w = w.strip(".")
                if w in cues.honorifics:
                    g = cues.honorifics[w][:1]
                    doc.genders[actor] = g
                    return g
    return ""


# --------------------------------------------------------------------------- speakers
def _strip_np(doc: _Doc, a: int, b: int, cues: Cues) -> tuple[int, int]:
    """Trim fillers, appositives and leading clause material from the phrase [a, b)."""
    # drop trailing fillers ("also", "reportedly", "on Friday", "has")
    for _ in range(8):
        seg = doc.masked[a:b]
        m = cues.filler_tail_re.search(seg)
        if not m or m.start() == 0 or doc.norm[a + m.start()].isupper():
            break
        if m.group(0).strip(" ,") in _NOT_ADVERBS:
            break
        b = a + m.start()
    seg = doc.masked[a:b].rstrip()
    b = a + len(seg)
    # appositive / relative clause between commas: "John Bolton, who was ..., said"
    if seg.endswith(","):
        prev = seg.rfind(",", 0, len(seg) - 1)
        inner = seg[prev + 1:-1].strip() if prev >= 0 else ""
        if inner and (inner.split()[0] in ("who", "which", "whose", "the", "a", "an", "his",
                                             "her", "their", "its", "now", "then", "once",
                                             "himself", "herself", "speaking")
                      or doc.norm[a + prev + 1:a + len(seg)].strip()[:1].islower()):
            b = a + prev
        else:
            b = a + len(seg) - 1  # drop the comma
        return _strip_np(doc, a, b, cues)
    # the phrase starts after the last clause boundary
    cut = max(seg.rfind(","), seg.rfind(";"), seg.rfind(":"), seg.rfind("("), seg.rfind(" - "),
              seg.rfind('"'))
    for qa, qb in doc.qranges:  # a quotation (single or double) ends a clause
        if a <= qb < b:
            cut = max(cut, qb - a)
    for w in (" that ", " after ", " while ", " when ", " because ", " as ", " if ", " and ",
              " but ", " so ", " before ", " since ", " though ", " although "):
        k = seg.rfind(w)
        if k > cut:
            cut = k + len(w) - 1
    if cut >= 0:
        a = a + cut + 1
    seg = doc.masked[a:b]
    lead = len(seg) - len(seg.lstrip())
    a += lead
    for w in ("and ", "but ", "yet ", "so ", "then ", "meanwhile "):
        if doc.masked[a:b].startswith(w):
            a += len(w)
    return a, max(a, b)


def _surface_for(doc: _Doc, m: _Mention, a: int) -> str:
    """The mention surface extended left over capitalised title words inside the phrase."""
    s = m.start
    while True:
        k = s - 1
        while k >= a and doc.text[k] == " ":
            k -= 1
        j = k
        while j >= a and (doc.text[j].isalpha() or doc.text[j] in "-."):
            j -= 1
        word = doc.text[j + 1:k + 1]
        if word and word[0].isupper() and j + 1 >= a:
            s = j + 1
            continue
        if word in ("of", "for") and j + 1 > a and s != m.start:
            # "Secretary of State Marco Rubio": keep going over the title
            k2 = j
            while k2 >= a and doc.text[k2] == " ":
                k2 -= 1
            if k2 >= a and doc.text[k2].isalpha() and doc.text[max(a, k2 - 20):k2 + 1].split()[-1][:1].isupper():
                s = j + 1
                continue
        break
    return doc.text[s:m.end]


def _resolve_pronoun(doc: _Doc, pron: str, pos: int, cues: Cues) -> tuple[str, str]:
    cls = cues.pronouns.get(pron, "")
    if cls in ("first", "thing"):
        return "", ""
    si = _sent_index(doc, pos)
    for k in range(si, max(-1, si - 8), -1):
        s, e = doc.sents[k]
        lim = min(e, pos)
        cands: list[tuple[int, str, str]] = []
        for m in _mentions_in(doc, s, lim):
            if m.kind == "pronoun" or _in_quote(doc, m.start) or _possessive(doc, m):
                continue
            typ = "person" if _is_person(doc, m.actor, m.kind) else (
                "group" if _is_group(doc, m.actor) else "other")
            cands.append((m.start, m.actor, typ))
        for p, spk, typ, _surf in _events_in(doc, s, lim):
            cands.append((p, spk, typ))
        cands.sort(key=lambda c: c[0])
        for _p, actor, typ in cands:
            if cls == "plural":
                if typ in ("office", "group"):
                    return actor, typ
                continue
            if typ != "person":
                continue
            if not actor:
                return "", "person"  # an unregistered person: resolved, but unknown
            g = _gender_of(doc, actor, cues)
            if (cls == "male" and g == "f") or (cls == "female" and g == "m"):
                continue
            return actor, "person"
    return "", ""


def _office_name(doc: _Doc, a: int, b: int, head: int, cues: Cues) -> str:
    """Name of the office a spokesperson phrase [a, b) speaks for ('' if unnamed)."""
    for m in reversed(_mentions_in(doc, a, head)):
        if m.kind == "pronoun":
            continue
        if _is_person(doc, m.actor, m.kind) or _possessive(doc, m):
            return f"office of {m.actor}"
        return m.actor
    # capitalised modifier words before the head noun ("Downing Street", "Kremlin")
    words = re.findall(r"[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*", doc.norm[a:head])
    words = [w for w in words if w.lower() not in ("a", "an", "the", "his", "her", "their")]
    words = [re.sub(r"^(?:(?:A|An|The|His|Her|Their|Its)\s+)+", "", w) for w in words]
    words = [w for w in words if w]
    if words:
        w = words[-1]
        if w.endswith("'s"):
            w = w[:-2]
        return w.strip()
    return ""


def _resolve_np(doc: _Doc, a: int, b: int, cues: Cues) -> tuple[str, str, str]:
    """(speaker, surface, speaker_kind) for the speaker noun phrase [a, b)."""
    if b <= a:
        return "", "", ""
    raw = doc.masked[a:b].strip()
    surface = doc.text[a:b].strip()
    if not raw or "_" in raw:
        return "", "", ""
    words = raw.split()
    if len(words) == 1 and words[0] in cues.pronouns:
        spk, typ = _resolve_pronoun(doc, words[0], a, cues)
        if not typ:
            for m in _mentions_in(doc, a, b):
                if m.kind == "pronoun":
                    spk = m.actor
        if typ == "office":
            return spk, surface, "office"  # "They added:" after a spokesperson
        return spk, surface, "pronoun" if spk else "unknown"
    sp = cues.spokes_re.search(raw)
    off = cues.office_re.search(raw)
    if sp or (off and not _mentions_in(doc, a + off.end(), b)):
        hit = sp or off
        head = a + (len(doc.masked[a:b]) - len(doc.masked[a:b].lstrip())) + hit.start()
        named = [m for m in _mentions_in(doc, head, b) if m.kind != "pronoun"
                 and _is_person(doc, m.actor, m.kind)]
        if named:  # "Kremlin spokesman Dmitry Peskov said": the named person speaks
            m = named[-1]
            kind = m.kind if m.kind in ("role", "discovered") else "name"
            return m.actor, _surface_for(doc, m, a), kind
        office = _office_name(doc, a, head, head, cues)
        if not office and raw.split()[0] in ("the", "this", "that"):
            office = doc.last_office
        if office:
            doc.last_office = office
        return office, surface, "office" if office else "unknown"
    bare = re.sub(r"^(?:the|a|an)\s+", "", raw)
    if bare in doc.scope_names:
        # an institution or country named as speaker ("Downing Street said", "the Kremlin")
        surf = re.sub(r"^(?:[Tt]he|[Aa]n?)\s+", "", surface)
        doc.last_office = surf
        return surf, surface, "office"
    ms = [m for m in _mentions_in(doc, a, b) if m.kind != "pronoun"]
    if ms:
        m = ms[-1]
        tail = doc.masked[m.end:b].strip()
        if len(tail.split()) <= 2 or cues.statement_re.search(raw):
            kind = m.kind if m.kind in ("role", "discovered") else "name"
            return m.actor, _surface_for(doc, m, a), kind
    # an unregistered phrase: keep at most the last six words
    if len(words) > 6:
        k = len(surface.split()) - 6
        surface = " ".join(surface.split()[k:])
    if not surface[:1].isupper() and words[0] not in ("a", "an", "the"):
        return "", "", ""
    return "", surface, "unknown"


def _cue_ok(doc: _Doc, m: re.Match) -> bool:
    """A cue is a verb, not a noun ('their call', 'a post')."""
    before = doc.masked[max(0, m.start() - 12):m.start()].split()
    if before and before[-1] in ("a", "an", "the", "his", "her", "their", "its", "this",
                                 "that", "our", "my", "your", "whose", "every", "any"):
        return False
    after = doc.masked[m.end():m.end() + 12].split()
    if after and after[0] in ("with", "between", "from", "of") and \
            doc.cue_lemma(m.group(0)) in _NOUNISH:
        return False  # "phone call with", "a post from"
    if before and before[-1] in ("is", "are", "was", "were", "be", "been", "being") and \
            not m.group(0).endswith("ing"):
        return False  # passive: "is being called" - the subject is not the speaker
    if doc.norm[m.start()].isupper():
        # "Secretary of State", "Truth Social Post": a capitalised cue inside a sentence
        # is part of a name
        k = m.start() - 1
        while k >= 0 and doc.norm[k] == " ":
            k -= 1
        if k >= 0 and (doc.norm[k].isalnum() or doc.norm[k] in ",;-"):
            return False
    return "_" not in m.group(0)


def _cues_in(doc: _Doc, a: int, b: int, cues: Cues) -> list[re.Match]:
    return [m for m in cues.cue_re.finditer(doc.masked, a, b) if _cue_ok(doc, m)]


def _subject_of_sentence(doc: _Doc, s: int, e: int) -> tuple[str, str, str]:
    first = True
    for m in _mentions_in(doc, s, e):
        if m.kind == "pronoun" or _in_quote(doc, m.start):
            continue
        if _possessive(doc, m):
            # "Starmer's call with X, expressing ..." - the possessor of the subject
            lead = doc.masked[s:m.start].split()
            if not (first and len(lead) <= 2):
                first = False
                continue
        return m.actor, _surface_for(doc, m, s), m.kind if m.kind in ("role", "discovered") else "name"
    return "", "", ""


def _speaker_before_cue(doc: _Doc, s: int, cue: re.Match, cues: Cues) -> tuple[str, str, str, int]:
    """Speaker of a cue from the text to its left in sentence [s, ...)."""
    c = cue.start()
    if doc.cue_lemma(cue.group(0)) == "according to":
        tail = doc.masked[cue.end():]
        stop = re.search(r"[,.;:!?\"]|\s(?:the\s+)?(?:who|which|that)\s", tail)
        b = cue.end() + (stop.start() if stop else len(tail))
        a = cue.end() + (len(tail) - len(tail.lstrip()))
        spk, surf, kind = _resolve_np(doc, a, b, cues)
        return spk, surf, kind, a
    left = doc.masked[s:c].rstrip()
    if cue.group(0).endswith("ing") and (left.endswith(",") or not left.strip()):
        spk = _subject_of_sentence(doc, s, c)
        # or the speaker of an earlier quote in the sentence
        for p, who, typ, surf in reversed(_events_in(doc, s, c)):
            if who or surf:
                return who, surf, ("office" if typ == "office" else "name") if who else "unknown", p
        if spk[0]:
            return spk[0], spk[1], spk[2], s
        return "", "", "", s
    a, b = _strip_np(doc, s, c, cues)
    if doc.masked[a:b].strip() in ("who", "which") and a > s:
        # relative clause: "X, who has called Y a '...'" - the speaker is X
        comma = doc.masked.rfind(",", s, a)
        if comma > s:
            a, b = _strip_np(doc, s, comma, cues)
    spk, surf, kind = _resolve_np(doc, a, b, cues)
    return spk, surf, kind, a


def _post_attribution(doc: _Doc, sp: _Span, sent_end: int, cues: Cues):
    """'“…,” Mr Healey stated' / '“…,” said X' right after the closing mark."""
    if sp.close_pos is None:
        return None
    content = doc.norm[sp.segments[-1][0]:sp.segments[-1][1]].rstrip()
    after = sp.close_pos + 1
    limit = min(sent_end, len(doc.masked), sp.close_pos + _WINDOW)
    # the next quotation or sentence end limits the window
    k = bisect.bisect_right(doc.qstarts, sp.close_pos)
    if k < len(doc.qstarts):
        limit = min(limit, doc.qstarts[k])
    window = doc.masked[after:limit]
    m0 = re.match(r"\s*[,;:!?\-]*\s*", window)
    rest_start = after + m0.end()
    if content.endswith(".") and not doc.norm[sp.close_pos + 1:sp.close_pos + 2] == ",":
        return None
    cue_list = _cues_in(doc, rest_start, limit, cues)
    if not cue_list:
        return None
    cue = cue_list[0]
    if cue.start() == rest_start:
        # cue first: "said Mr Healey", "according to the minister"
        tail = doc.masked[cue.end():limit]
        stop = re.search(r"[,.;:!?]|\s(?:in|on|at|after|before|during|to|from|with|while|when|as|"
                         r"who|which|that|adding|saying|told)\s", tail)
        b = cue.end() + (stop.start() if stop else len(tail))
        a = cue.end() + (len(tail) - len(tail.lstrip()))
        spk, surf, kind = _resolve_np(doc, a, b, cues)
        if surf:
            return spk, surf, kind, cue, a
        return None
    between = doc.masked[rest_start:cue.start()]
    if len(between.split()) > 9 or not between.strip():
        return None
    first = doc.norm[rest_start:cue.start()].split()[0]
    if not (first[:1].isupper() or first.lower() in cues.pronouns
            or first.lower() in ("a", "an", "the", "his", "her", "their")):
        return None
    if content.endswith(("!", "?")) and not (first.lower() in cues.pronouns or first[:1].isupper()):
        return None
    a, b = _strip_np(doc, rest_start, cue.start(), cues)
    spk, surf, kind = _resolve_np(doc, a, b, cues)
    if not surf:
        return None
    return spk, surf, kind, cue, a


# --------------------------------------------------------------------------- main
def _attribute(doc: _Doc, cues: Cues) -> list[dict]:
    rows: list[dict] = []
    prev_in_para: dict[int, dict] = {}
    for sp in doc.quotes:
        start = sp.segments[0][0]
        end = sp.segments[-1][1]
        parts = []
        for a, b in sp.segments:
            parts.append(doc.text[a:b].strip())
        quote = "\n".join(p for p in parts if p)
        # trim whitespace and a trailing comma from the reported span
        while start < end and doc.text[start].isspace():
            start += 1
        while end > start and (doc.text[end - 1].isspace() or doc.text[end - 1] == ","):
            end -= 1
        quote = quote.rstrip().rstrip(",").rstrip()
        if not quote:
            continue
        si = _sent_index(doc, sp.open_pos)
        # attribution windows are bounded, so a run-on "sentence" (an unbalanced or
        # list-like text) cannot make the scan quadratic
        s_start = max(doc.sents[si][0], sp.open_pos - _WINDOW)
        close_ref = sp.close_pos if sp.close_pos is not None else end
        s_end = min(doc.sents[_sent_index(doc, close_ref)][1], close_ref + _WINDOW)
        speaker = surface = kind_s = cue_word = rule = ""
        direct = False
        pre = doc.masked[s_start:sp.open_pos]
        pre_text = pre.strip()
        at_start = (not pre_text or re.fullmatch(r"(?:and|but|yet|so|or|-)?[\s,\-]*", pre_text)
                    is not None)
        # 1. attribution after the closing mark
        post = _post_attribution(doc, sp, s_end, cues)
        if post is not None:
            speaker, surface, kind_s, cue, pos = post
            cue_word, rule = cue.group(0), "after"
            direct = at_start
        # 2./3. a reporting verb before the opening mark
        if not rule:
            cue_list = [m for m in _cues_in(doc, s_start, sp.open_pos, cues)]
            if cue_list:
                cue = cue_list[-1]
                between = doc.masked[cue.end():sp.open_pos]
                spk, surf, ks, pos = _speaker_before_cue(doc, s_start, cue, cues)
                if surf or spk:
                    speaker, surface, kind_s = spk, surf, ks
                    cue_word = cue.group(0)
                    if re.fullmatch(r"[^,:;_]{0,40}[:,]\s*", between) or not between.strip():
                        rule, direct = "before", True
                    else:
                        rule = "reported"
        # 4. another reporting clause in the sentence
        if not rule:
            for cue in _cues_in(doc, close_ref, s_end, cues):
                seg_start = doc.masked.rfind('"', s_start, cue.start())
                seg_start = max(s_start, seg_start + 1)
                a, b = _strip_np(doc, seg_start, cue.start(), cues)
                spk, surf, ks = _resolve_np(doc, a, b, cues)
                if surf:
                    speaker, surface, kind_s, cue_word, rule = spk, surf, ks, cue.group(0), "sentence"
                    pos = a
                    break
        # 5. continuation of the previous quote in the paragraph
        if not rule and sp.para_index in prev_in_para:
            prev = prev_in_para[sp.para_index]
            speaker, surface, kind_s = prev["speaker"], prev["speaker_surface"], prev["speaker_kind"]
            cue_word, rule, pos = prev["cue"], "continued", sp.open_pos
            direct = at_start
        if rule and rule != "continued":
            if kind_s == "office":
                etype = "office"
            elif kind_s in ("name", "role", "pronoun", "discovered"):
                etype = "person"
            else:  # an unregistered phrase: a person if it reads like a name
                etype = "person" if re.match(r"(?:[A-Z][\w'.-]+\s+){1,}[A-Z]", surface or "") else "other"
            k = bisect.bisect_right(doc.event_pos, pos)
            doc.event_pos.insert(k, pos)
            doc.events.insert(k, (pos, speaker, etype, surface))
        nwords = len(quote.split())
        if direct or (at_start and (nwords > 3 or rule in ("after", "before", "continued"))):
            kind = "direct"  # a whole (short) sentence quoted: "“It's a process,” he said."
        elif nwords <= 3:
            kind = "partial"
        elif quote[:1].isupper() and nwords >= 5 and rule in ("reported", "after", "sentence"):
            between = doc.masked[s_start:sp.open_pos]
            kind = "partial" if re.search(r"\bthat\s*$", between.strip()) else "direct"
        else:
            kind = "partial"
        row = {
            "doc_id": doc.doc_id, "start": start, "end": end, "quote": quote,
            "speaker": speaker, "speaker_surface": surface, "cue": cue_word.lower(),
            "kind": kind, "speaker_kind": kind_s if rule else "", "rule": rule,
            "para_id": sp.para_index, "_open": sp.open_pos,
        }
        rows.append(row)
        if rule:
            prev_in_para[sp.para_index] = row
    return rows


def _scope_names(registry: Any) -> set[str]:
    """Lower-cased names of countries, institutions and offices (registry scopes)."""
    out: set[str] = set()
    scopes = getattr(registry, "scopes", None)
    if not isinstance(scopes, dict):
        return out
    for sc in scopes.values():
        for n in getattr(sc, "names", ()) or ():
            out.add(normalize(n).lower())
        for n in getattr(sc, "adjectives", ()) or ():
            if " " in n.strip():  # "Downing Street", "White House" (not "British")
                out.add(normalize(n).lower())
    return out


def _build_doc(doc_id: Any, text: str, mentions: list[_Mention], actor_types: dict[str, str],
               genders: dict[str, str], cues: Cues | None = None,
               scope_names: set[str] | None = None) -> _Doc:
    norm = normalize(text)
    low = norm.lower()
    if len(low) != len(text):  # pragma: no cover - exotic case-folding
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in norm)
    spans = find_quote_spans(text)
    masked, ranges = _mask(low, spans)
    paras = _paragraph_spans(text)
    sents = _sentence_spans(masked, norm, paras) or [(0, len(text))]
    mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
    doc = _Doc(doc_id, text, norm, low, masked, paras, sents, spans, ranges, mentions,
               [m.start for m in mentions], actor_types, dict(genders))
    doc.qstarts = [a for a, _ in ranges]
    doc.sstarts = [a for a, _ in sents]
    doc.cue_forms = cues.forms if cues is not None else {}
    doc.scope_names = scope_names or set()
    return doc


def extract_quotes(documents: pd.DataFrame, sentences: pd.DataFrame | None = None,
                   mentions: pd.DataFrame | None = None, *, registry: Any = None,
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
    registry : optional
        Actor registry (for person/organisation types and gender); by default
        :func:`analytics.actors.load_registry` when available.
    cues : Cues or str, optional
        A :class:`Cues` lexicon or the path of a YAML file; the bundled
        ``speech_verbs.yaml`` by default.

    Returns
    -------
    pandas.DataFrame
        The ``quotes`` table plus ``speaker_kind``, ``rule`` and ``para_id``, sorted by
        ``doc_id`` and ``start``.
    """
    if cues is None or isinstance(cues, str):
        cues = load_cues(cues)
    if documents is None or len(documents) == 0:
        return _empty()
    if registry is None:
        registry = _default_registry()
    actor_types, genders = _actor_info(registry)
    scope_names = _scope_names(registry)
    by_doc: dict[Any, list[_Mention]] = {}
    if mentions is not None and len(mentions):
        cols = mentions.columns
        kinds = mentions["kind"] if "kind" in cols else pd.Series("name", index=mentions.index)
        surf = mentions["surface"] if "surface" in cols else pd.Series("", index=mentions.index)
        for d, s, e, a, k, sf in zip(mentions["doc_id"], mentions["start"], mentions["end"],
                                    mentions["actor"], kinds, surf):
            if a is None or (isinstance(a, float) and pd.isna(a)) or str(a) == "":
                continue
            by_doc.setdefault(d, []).append(_Mention(int(s), int(e), str(a), str(k), str(sf)))
    sent_index: dict[Any, tuple[list[int], list[Any]]] = {}
    if sentences is not None and len(sentences):
        srt = sentences.sort_values(["doc_id", "start"])
        for d, g in srt.groupby("doc_id", sort=False):
            sent_index[d] = (g["start"].astype(int).tolist(), g["end"].astype(int).tolist(),
                             g["sent_id"].tolist(),
                             g["para_id"].tolist() if "para_id" in g.columns else [None] * len(g))
    rows: list[dict] = []
    for doc_id, text in zip(documents["doc_id"], documents["text"]):
        if not isinstance(text, str) or not text:
            continue
        if not _DQ_RE.search(text) and not _SQ_RE.search(text):
            continue
        doc = _build_doc(doc_id, text, by_doc.get(doc_id, []), actor_types, genders, cues,
                         scope_names)
        drows = _attribute(doc, cues)
        si = sent_index.get(doc_id)
        for r in drows:
            r["sent_id"] = -1
            if si:
                starts, ends, ids, pids = si
                k = bisect.bisect_right(starts, r["start"]) - 1
                if not (k >= 0 and r["start"] < ends[k]):
                    # the quotation starts between sentences (or in a heading): take the
                    # first sentence it overlaps, if any
                    k = k + 1 if k + 1 < len(starts) and starts[k + 1] < r["end"] else -1
                if k >= 0:
                    r["sent_id"] = ids[k]
                    if pids[k] is not None:
                        r["para_id"] = pids[k]
            del r["_open"]
        rows.extend(drows)
    if not rows:
        return _empty()
    out = pd.DataFrame(rows)
    out = out.sort_values(["doc_id", "start"], kind="stable")
    return conform("quotes", out)


def _empty() -> pd.DataFrame:
    df = empty("quotes")
    for c in ("speaker_kind", "rule", "para_id"):
        df[c] = pd.Series(dtype="object")
    return df
