"""Attribution: the rules that give each quotation of a document a speaker and a kind.

Rules are tried in order (see :mod:`analytics.quotes`): a cue right after the closing
mark (``after``), a cue before the opening mark (``before``, or ``reported`` for a quote
embedded in reported speech), another reporting clause in the sentence (``sentence``),
the speaker of the previous quotation of the paragraph (``continued``). Each attribution
is recorded on the document so later pronouns and participles can refer back to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace

from ..text.quotemarks import QuoteSpan
from .cues import Cues, cues_in, grammar, words_pattern
from .document import QuoteDoc
from .speakers import resolve_np, speaker_before_cue, strip_np

__all__ = ["attribute"]

#: longest stretch of text (characters) searched for an attribution on either side
WINDOW = 400

_PERSON_LIKE = re.compile(r"(?:[A-Z][\w'.-]+\s+){1,}[A-Z]")
_INTRO = re.compile(r"[^,:;_]{0,40}[:,]\s*")


@lru_cache(maxsize=1)
def _patterns() -> SimpleNamespace:
    """Patterns built from the ``quote_grammar`` word lists."""
    return SimpleNamespace(
        phrase_end=re.compile(
            r"[,.;:!?]|\s(?:" + words_pattern("speaker_phrase_ends") + r")\s"),
        sentence_start=re.compile(
            r"(?:" + words_pattern("sentence_conjunctions") + r"|-)?[\s,\-]*"),
        after_complementizer=re.compile(
            r"\b(?:" + words_pattern("complementizers") + r")\s*$"),
    )


@dataclass
class _Found:
    """What a rule found: speaker, its surface and kind, the cue, the rule, where."""

    speaker: str
    surface: str
    kind: str
    cue: str
    rule: str
    pos: int
    direct: bool = False


def _post_attribution(doc: QuoteDoc, sp: QuoteSpan, sent_end: int, cues: Cues):
    """'“…,” Mr Healey stated' / '“…,” said X' right after the closing mark."""
    if sp.close_pos is None:
        return None
    content = doc.norm[sp.segments[-1][0]:sp.segments[-1][1]].rstrip()
    after = sp.close_pos + 1
    limit = min(sent_end, len(doc.masked), sp.close_pos + WINDOW)
    # the next quotation or sentence end limits the window
    nxt = doc.qranges.next_start(sp.close_pos)
    if nxt is not None:
        limit = min(limit, nxt)
    window = doc.masked[after:limit]
    m0 = re.match(r"\s*[,;:!?\-]*\s*", window)
    rest_start = after + m0.end()
    if content.endswith(".") and not doc.norm[sp.close_pos + 1:sp.close_pos + 2] == ",":
        return None
    cue_list = cues_in(doc, rest_start, limit, cues)
    if not cue_list:
        return None
    cue = cue_list[0]
    if cue.start() == rest_start:
        # cue first: "said Mr Healey", "according to the minister"
        tail = doc.masked[cue.end():limit]
        stop = _patterns().phrase_end.search(tail)
        b = cue.end() + (stop.start() if stop else len(tail))
        a = cue.end() + (len(tail) - len(tail.lstrip()))
        spk, surf, kind = resolve_np(doc, a, b, cues)
        if surf:
            return spk, surf, kind, cue, a
        return None
    between = doc.masked[rest_start:cue.start()]
    if len(between.split()) > 9 or not between.strip():
        return None
    first = doc.norm[rest_start:cue.start()].split()[0]
    if not (first[:1].isupper() or first.lower() in cues.pronouns
            or first.lower() in grammar("speaker_determiners")):
        return None
    if content.endswith(("!", "?")) and not (first.lower() in cues.pronouns or first[:1].isupper()):
        return None
    a, b = strip_np(doc, rest_start, cue.start(), cues)
    spk, surf, kind = resolve_np(doc, a, b, cues)
    if not surf:
        return None
    return spk, surf, kind, cue, a


def _rule_after(doc: QuoteDoc, sp: QuoteSpan, s_end: int, cues: Cues,
                at_start: bool) -> _Found | None:
    """1. attribution after the closing mark."""
    post = _post_attribution(doc, sp, s_end, cues)
    if post is None:
        return None
    speaker, surface, kind, cue, pos = post
    return _Found(speaker, surface, kind, cue.group(0), "after", pos, direct=at_start)


def _rule_before(doc: QuoteDoc, sp: QuoteSpan, s_start: int, cues: Cues) -> _Found | None:
    """2./3. a reporting verb before the opening mark (direct, or reported speech)."""
    cue_list = cues_in(doc, s_start, sp.open_pos, cues)
    if not cue_list:
        return None
    cue = cue_list[-1]
    between = doc.masked[cue.end():sp.open_pos]
    spk, surf, kind, pos = speaker_before_cue(doc, s_start, cue, cues)
    if not (surf or spk):
        return None
    if _INTRO.fullmatch(between) or not between.strip():
        return _Found(spk, surf, kind, cue.group(0), "before", pos, direct=True)
    return _Found(spk, surf, kind, cue.group(0), "reported", pos)


def _rule_sentence(doc: QuoteDoc, s_start: int, close_ref: int, s_end: int,
                   cues: Cues) -> _Found | None:
    """4. another reporting clause later in the sentence."""
    for cue in cues_in(doc, close_ref, s_end, cues):
        seg_start = doc.masked.rfind('"', s_start, cue.start())
        seg_start = max(s_start, seg_start + 1)
        a, b = strip_np(doc, seg_start, cue.start(), cues)
        spk, surf, kind = resolve_np(doc, a, b, cues)
        if surf:
            return _Found(spk, surf, kind, cue.group(0), "sentence", a)
    return None


def _record(doc: QuoteDoc, found: _Found) -> None:
    """Remember an attribution as an event later pronouns may refer to."""
    if found.kind == "office":
        etype = "office"
    elif found.kind in ("name", "role", "pronoun", "discovered"):
        etype = "person"
    else:  # an unregistered phrase: a person if it reads like a name
        etype = "person" if _PERSON_LIKE.match(found.surface or "") else "other"
    doc.add_event(found.pos, found.speaker, etype, found.surface)


def _quote_kind(doc: QuoteDoc, quote: str, found: _Found | None, at_start: bool,
                s_start: int, open_pos: int) -> str:
    """``direct`` or ``partial`` (see :mod:`analytics.quotes`)."""
    rule = found.rule if found else ""
    nwords = len(quote.split())
    if (found is not None and found.direct) or (
            at_start and (nwords > 3 or rule in ("after", "before", "continued"))):
        return "direct"  # a whole (short) sentence quoted: "“It's a process,” he said."
    if nwords <= 3:
        return "partial"
    if quote[:1].isupper() and nwords >= 5 and rule in ("reported", "after", "sentence"):
        between = doc.masked[s_start:open_pos]
        return "partial" if _patterns().after_complementizer.search(between.strip()) else "direct"
    return "partial"


def _quoted_words(doc: QuoteDoc, sp: QuoteSpan) -> tuple[int, int, str]:
    """(start, end, quote): the quoted words, trimmed of white space and a final comma."""
    start = sp.segments[0][0]
    end = sp.segments[-1][1]
    parts = [doc.text[a:b].strip() for a, b in sp.segments]
    quote = "\n".join(p for p in parts if p)
    while start < end and doc.text[start].isspace():
        start += 1
    while end > start and (doc.text[end - 1].isspace() or doc.text[end - 1] == ","):
        end -= 1
    return start, end, quote.rstrip().rstrip(",").rstrip()


def _find(doc: QuoteDoc, sp: QuoteSpan, end: int, cues: Cues,
          prev: dict | None) -> tuple[_Found | None, bool, int]:
    """Try the rules in order: (what was found, at_start, sentence start)."""
    si = doc.sent_index(sp.open_pos)
    # attribution windows are bounded, so a run-on "sentence" (an unbalanced or
    # list-like text) cannot make the scan quadratic
    s_start = max(doc.sents[si][0], sp.open_pos - WINDOW)
    close_ref = sp.close_pos if sp.close_pos is not None else end
    s_end = min(doc.sents[doc.sent_index(close_ref)][1], close_ref + WINDOW)
    pre_text = doc.masked[s_start:sp.open_pos].strip()
    at_start = not pre_text or _patterns().sentence_start.fullmatch(pre_text) is not None
    found = (_rule_after(doc, sp, s_end, cues, at_start)
             or _rule_before(doc, sp, s_start, cues)
             or _rule_sentence(doc, s_start, close_ref, s_end, cues))
    if found is not None:
        _record(doc, found)
    elif prev is not None:  # 5. continuation of the previous quote in the paragraph
        found = _Found(prev["speaker"], prev["speaker_surface"], prev["speaker_kind"],
                       prev["cue"], "continued", sp.open_pos, direct=at_start)
    return found, at_start, s_start


def attribute(doc: QuoteDoc, cues: Cues) -> list[dict]:
    """Rows of the ``quotes`` table for one document (without ``sent_id``).

    Parameters
    ----------
    doc : QuoteDoc
        The prepared document (:func:`analytics.quotes.document.build_doc`).
    cues : Cues
        The reporting-cue lexicon.

    Returns
    -------
    list of dict
        One row per quotation with words in it, in text order: ``doc_id, start, end,
        quote, speaker, speaker_surface, cue, kind, speaker_kind, rule, para_id``.
    """
    rows: list[dict] = []
    prev_in_para: dict[int, dict] = {}
    for sp in doc.quotes:
        start, end, quote = _quoted_words(doc, sp)
        if not quote:
            continue
        found, at_start, s_start = _find(doc, sp, end, cues, prev_in_para.get(sp.para_index))
        row = {
            "doc_id": doc.doc_id, "start": start, "end": end, "quote": quote,
            "speaker": found.speaker if found else "",
            "speaker_surface": found.surface if found else "",
            "cue": found.cue.lower() if found else "",
            "kind": _quote_kind(doc, quote, found, at_start, s_start, sp.open_pos),
            "speaker_kind": found.kind if found else "", "rule": found.rule if found else "",
            "para_id": sp.para_index,
        }
        rows.append(row)
        if found is not None:
            prev_in_para[sp.para_index] = row
    return rows
