"""Attribution: the rules that give each quotation of a document a speaker and a kind.

Rules are tried in order (see :mod:`analytics.quotes`): a cue right after the closing
mark (``after``), a cue before the opening mark (``before``, or ``reported`` for a quote
embedded in reported speech), another reporting clause in the sentence (``sentence``),
a colon introduction (the paragraph before, or ``colon`` without a reporting verb), the
speaker of the previous quotation of the paragraph or of a quotation-only paragraph
before (``continued``; the other party in an interview exchange). Each attribution is
recorded on the document so later pronouns and participles can refer back to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace

from ..lang import en
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
            r"[,.;:!?(]|\s(?:" + words_pattern("speaker_phrase_ends") + r")\s"),
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
    # a doubled closing mark (the '' of some archives) and the punctuation after it
    m0 = re.match(r"['\u2019\"]?\s*[,;:!?\-]*\s*", window)
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
        stop = phrase_stop(tail)
        b = cue.end() + (stop if stop is not None else len(tail))
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


def phrase_stop(tail: str) -> int | None:
    """Where a speaker phrase after its cue ends in ``tail`` (masked text), or ``None``.

    At punctuation or a word that starts a new phrase, but not at the full stop of a
    title or an initial ("said Sen. Ted Cruz", "said Harry M. Reid"); a parenthesis
    ends the name ("said Harry M. Reid (D-Nev.)").
    """
    abbreviations = en.words("abbreviations")
    for m in _patterns().phrase_end.finditer(tail):
        if m.group(0) == ".":
            j = m.start()
            k = j
            while k > 0 and tail[k - 1].isalpha():
                k -= 1
            tok = tail[k:j]
            nxt = tail[j + 1:j + 3]
            if (tok in abbreviations or len(tok) == 1) and nxt[:1] == " " and nxt[1:2].isalpha():
                continue
        return m.start()
    return None


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
    between = doc.masked[cue.end():sp.open_pos].rstrip("'\u2018`")
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


def _intro_paragraph(doc: QuoteDoc, sp: QuoteSpan) -> int | None:
    """Start of the last sentence of the paragraph before ``sp`` when that paragraph
    introduces it with a colon (``Cruz continued:`` / then the quote on its own line)
    and the quotation opens its own paragraph; else ``None``."""
    k = sp.para_index
    if k <= 0 or k >= len(doc.paras) or doc.masked[doc.paras[k][0]:sp.open_pos].strip():
        return None
    ps, pe = doc.paras[k - 1]
    if not doc.masked[ps:pe].rstrip().endswith(":"):
        return None
    return max(ps, doc.sents[doc.sent_index(pe - 1)][0], pe - WINDOW)


def _rule_colon(doc: QuoteDoc, s_start: int, colon: int, cues: Cues) -> _Found | None:
    """A colon introduction without a reporting verb (``President Clinton released
    the following statement:``): the subject of the introducing clause."""
    from .speakers import leading_phrase, person_name, subject_of_sentence

    spk, surf, kind = subject_of_sentence(doc, s_start, colon)
    if spk:
        return _Found(spk, surf, kind, "", "colon", s_start, direct=True)
    lead = leading_phrase(doc.text[s_start:colon])
    name = person_name(lead)
    if name and name[:1].isupper():
        return _Found(name, lead, "unlisted", "", "colon", s_start, direct=True)
    return None


def _record(doc: QuoteDoc, found: _Found) -> None:
    """Remember an attribution as an event later pronouns may refer to."""
    if found.kind == "office":
        etype = "office"
    elif found.kind in ("name", "role", "pronoun", "discovered", "unlisted", "described"):
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


def _dialogue_partner(rows: list[dict], ends_in: dict[int, int], sp: QuoteSpan,
                      quote: str) -> dict | None:
    """In an exchange of questions and answers set as paragraphs of quotations only,
    the other party: after a question by A that followed B's words, the answer is B's
    (``"Will there be more money?"`` / ``"If the drought continues, there will be."``).
    ``None`` outside such an exchange."""
    if len(rows) < 2:
        return None
    last = rows[-1]
    if ends_in.get(id(last)) != sp.para_index - 1:
        return None
    asked = last["quote"].rstrip().endswith("?")
    for r in reversed(rows[:-1]):
        if r["speaker_method"] == "none":
            return None
        if (r["speaker"], r["speaker_surface"]) != (last["speaker"], last["speaker_surface"]):
            # an answer to the last question, or a new question by the one who asked
            if asked or (quote.rstrip().endswith("?") and r["quote"].rstrip().endswith("?")):
                return r
            return None
    return None


def _find(doc: QuoteDoc, sp: QuoteSpan, end: int, cues: Cues, prev: dict | None,
          prev_para: dict | None, partner: dict | None = None
          ) -> tuple[_Found | None, bool, int]:
    """Try the rules in order: (what was found, at_start, sentence start)."""
    si = doc.sent_index(sp.open_pos)
    # attribution windows are bounded, so a run-on "sentence" (an unbalanced or
    # list-like text) cannot make the scan quadratic
    s_start = max(doc.sents[si][0], sp.open_pos - WINDOW)
    close_ref = sp.close_pos if sp.close_pos is not None else end
    k_end = doc.sent_index(close_ref)
    s_end = min(doc.sents[k_end][1], close_ref + WINDOW)
    asks = sp.close_pos is not None and doc.masked[sp.close_pos - 1:sp.close_pos] in ("?", "!")
    if asks and s_end <= close_ref + 3 and k_end + 1 < len(doc.sents):
        # '"...?" Reuters correspondent Jane Wardell asked.': the sentence splitter ends
        # the sentence at the question mark; the attribution follows it
        s_end = min(doc.sents[k_end + 1][1], close_ref + WINDOW)
    pre_text = doc.masked[s_start:sp.open_pos].strip()
    at_start = not pre_text or _patterns().sentence_start.fullmatch(pre_text) is not None
    found = (_rule_after(doc, sp, s_end, cues, at_start)
             or _rule_before(doc, sp, s_start, cues)
             or _rule_sentence(doc, s_start, close_ref, s_end, cues))
    intro = _intro_paragraph(doc, sp) if found is None and at_start else None
    if intro is not None:  # the paragraph before ends with "X said:"
        found = _rule_before(doc, sp, intro, cues)
        if found is not None:
            found.direct = True
        else:
            found = _rule_colon(doc, intro, doc.masked.rfind(":", intro, sp.open_pos), cues)
    if found is None and doc.masked[s_start:sp.open_pos].rstrip().endswith(":"):
        found = _rule_colon(doc, s_start, doc.masked.rfind(":", s_start, sp.open_pos), cues)
    if found is not None:
        _record(doc, found)
    elif prev is not None:  # 5. continuation of the previous quote in the paragraph
        found = _Found(prev["speaker"], prev["speaker_surface"], prev["speaker_kind"],
                       prev["cue"], "continued", sp.open_pos, direct=at_start)
    elif prev_para is not None and _quote_only_paragraph(doc, sp):
        # 6. a paragraph that is only a quotation continues the previous paragraph's
        # speaker, or answers the previous paragraph's question (an interview)
        src = partner if partner is not None else prev_para
        found = _Found(src["speaker"], src["speaker_surface"], src["speaker_kind"],
                       src["cue"], "continued", sp.open_pos, direct=True)
    return found, at_start, s_start


def _quote_only_paragraph(doc: QuoteDoc, sp: QuoteSpan) -> bool:
    """True when the paragraph of ``sp`` holds nothing but quotations."""
    if sp.para_index >= len(doc.paras):
        return False
    a, b = doc.paras[sp.para_index]
    rest = re.sub(r"[\W_]+", "", doc.masked[a:b])
    return not rest


def speaker_method(found: _Found | None, cues: Cues) -> str:
    """How the speaker was found: ``name``, ``pronoun``, ``description``,
    ``continuation`` or ``none`` (see :mod:`analytics.quotes`)."""
    if found is None:
        return "none"
    if found.rule == "continued":
        return "continuation"
    if found.kind == "pronoun" or found.surface.strip().lower() in cues.pronouns:
        return "pronoun"
    if found.kind in ("name", "discovered", "unlisted"):
        return "name"
    return "description"


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
        quote, speaker, speaker_surface, cue, kind, speaker_method, speaker_kind, rule,
        para_id``.
    """
    rows: list[dict] = []
    prev_in_para: dict[int, dict] = {}
    ends_in: dict[int, int] = {}  # id(row) -> paragraph where its quotation ends
    for sp in doc.quotes:
        start, end, quote = _quoted_words(doc, sp)
        if not quote:
            continue
        last = rows[-1] if rows else None
        prev_para = last if last is not None and last["speaker_method"] != "none" and \
            ends_in.get(id(last)) == sp.para_index - 1 else None
        found, at_start, s_start = _find(doc, sp, end, cues, prev_in_para.get(sp.para_index),
                                         prev_para, _dialogue_partner(rows, ends_in, sp, quote))
        row = {
            "doc_id": doc.doc_id, "start": start, "end": end, "quote": quote,
            "speaker": found.speaker if found else "",
            "speaker_surface": found.surface if found else "",
            "cue": found.cue.lower() if found else "",
            "kind": _quote_kind(doc, quote, found, at_start, s_start, sp.open_pos),
            "speaker_method": speaker_method(found, cues),
            "speaker_kind": found.kind if found else "", "rule": found.rule if found else "",
            "para_id": sp.para_index,
        }
        rows.append(row)
        ends_in[id(row)] = doc.paras_index(sp.segments[-1][1] - 1)
        if found is not None:
            prev_in_para[sp.para_index] = row
            # a quotation that runs over paragraphs continues in the one where it ends
            prev_in_para[max(sp.para_index, ends_in[id(row)])] = row
    return rows
