"""Speakers: the noun phrase before or after a cue, resolved to an actor.

A speaker phrase is trimmed of fillers, appositives and the clause before it
(:func:`strip_np`) and resolved with the ``mentions`` table (:func:`resolve_np`): a
pronoun to the subject of the closest compatible sentence (:func:`resolve_pronoun`),
a spokesperson or office phrase to the office it speaks for (:func:`office_name`), an
institution named by the registry's scopes to itself, else the actor of the last
mention inside the phrase. See :mod:`analytics.quotes` for the rules.
"""

from __future__ import annotations

import re
from functools import lru_cache
from types import SimpleNamespace

from ..actors.pronouns import gender_compatible, nearest_antecedent
from ..lang import en
from .cues import Cues, grammar, words_pattern
from .document import Mention, QuoteDoc

__all__ = ["gender_of", "office_name", "resolve_np", "resolve_pronoun", "speaker_before_cue",
           "strip_np", "subject_of_sentence", "surface_for"]


@lru_cache(maxsize=1)
def _patterns() -> SimpleNamespace:
    """Patterns built from the ``quote_grammar`` word lists."""
    articles = words_pattern("articles")
    return SimpleNamespace(
        office_determiners=re.compile(
            r"^(?:(?:" + words_pattern("office_determiners", capitalised=True) + r")\s+)+"),
        article=re.compile(r"^(?:" + articles + r")\s+"),
        any_case_article=re.compile(
            r"^(?:" + articles + "|" + words_pattern("articles", capitalised=True) + r")\s+"),
        according_to_end=re.compile(
            r"[,.;:!?\"]|\s(?:the\s+)?(?:" + words_pattern("relative_pronouns") + r")\s"),
    )


def gender_of(doc: QuoteDoc, actor: str, cues: Cues) -> str:
    """Gender letter of an actor: the registry's, else an honorific's (cached)."""
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


def strip_np(doc: QuoteDoc, a: int, b: int, cues: Cues) -> tuple[int, int]:
    """Trim fillers, appositives and leading clause material from the phrase [a, b)."""
    # drop trailing fillers ("also", "reportedly", "on Friday", "has")
    for _ in range(8):
        seg = doc.masked[a:b]
        m = cues.filler_tail_re.search(seg)
        if not m or m.start() == 0 or doc.norm[a + m.start()].isupper():
            break
        if m.group(0).strip(" ,") in grammar("not_adverbs"):
            break
        b = a + m.start()
    seg = doc.masked[a:b].rstrip()
    b = a + len(seg)
    # appositive / relative clause between commas: "John Bolton, who was ..., said"
    if seg.endswith(","):
        prev = seg.rfind(",", 0, len(seg) - 1)
        inner = seg[prev + 1:-1].strip() if prev >= 0 else ""
        if inner and (inner.split()[0] in grammar("appositive_openers")
                      or doc.norm[a + prev + 1:a + len(seg)].strip()[:1].islower()):
            b = a + prev
        else:
            b = a + len(seg) - 1  # drop the comma
        return strip_np(doc, a, b, cues)
    # the phrase starts after the last clause boundary
    cut = max(seg.rfind(","), seg.rfind(";"), seg.rfind(":"), seg.rfind("("), seg.rfind(" - "),
              seg.rfind('"'))
    for qa, qb in doc.qranges:  # a quotation (single or double) ends a clause
        if a <= qb < b:
            cut = max(cut, qb - a)
    for word in en.items("quote_grammar", "clause_openers"):
        w = f" {word} "
        k = seg.rfind(w)
        if k > cut:
            cut = k + len(w) - 1
    if cut >= 0:
        a = a + cut + 1
    seg = doc.masked[a:b]
    lead = len(seg) - len(seg.lstrip())
    a += lead
    for word in en.items("quote_grammar", "leading_conjunctions"):
        w = word + " "
        if doc.masked[a:b].startswith(w):
            a += len(w)
    return a, max(a, b)


def surface_for(doc: QuoteDoc, m: Mention, a: int) -> str:
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
        if word in grammar("title_connectors") and j + 1 > a and s != m.start:
            # "Secretary of State Marco Rubio": keep going over the title
            k2 = j
            while k2 >= a and doc.text[k2] == " ":
                k2 -= 1
            if k2 >= a and doc.text[k2].isalpha() and doc.text[max(a, k2 - 20):k2 + 1].split()[-1][:1].isupper():
                s = j + 1
                continue
        break
    return doc.text[s:m.end]


def _antecedents(doc: QuoteDoc, k: int, pos: int) -> list[tuple[int, str, str]]:
    """(position, actor, type) of the mentions (outside quotes, not possessive) and the
    earlier quotes' speakers of sentence ``k`` before ``pos``, in text order."""
    s, e = doc.sents[k]
    lim = min(e, pos)
    cands: list[tuple[int, str, str]] = []
    for m in doc.mentions_in(s, lim):
        if m.kind == "pronoun" or doc.in_quote(m.start) or doc.possessive(m):
            continue
        typ = "person" if doc.is_person(m.actor, m.kind) else (
            "group" if doc.is_group(m.actor) else "other")
        cands.append((m.start, m.actor, typ))
    for p, spk, typ, _surf in doc.events_in(s, lim):
        cands.append((p, spk, typ))
    cands.sort(key=lambda c: c[0])
    return cands


def resolve_pronoun(doc: QuoteDoc, pron: str, pos: int, cues: Cues) -> tuple[str, str]:
    """(actor, type) a subject pronoun at ``pos`` refers to; ("", "") when unresolved.

    The first acceptable antecedent of the nearest sentence (of the pronoun's and the
    seven before) that has one (:func:`analytics.actors.pronouns.nearest_antecedent`):
    an office or group for "they", else a person of compatible gender
    (:func:`analytics.actors.pronouns.gender_compatible`); an unregistered person
    resolves to ``("", "person")``.
    """
    cls = cues.pronouns.get(pron, "")
    if cls in ("first", "thing"):
        return "", ""

    def pick(cand: tuple[int, str, str]) -> tuple[str, str] | None:
        _p, actor, typ = cand
        if cls == "plural":
            return (actor, typ) if typ in ("office", "group") else None
        if typ != "person":
            return None
        if not actor:
            return "", "person"  # an unregistered person: resolved, but unknown
        if not gender_compatible(cls, gender_of(doc, actor, cues)):
            return None
        return actor, "person"

    si = doc.sent_index(pos)
    windows = (_antecedents(doc, k, pos) for k in range(si, max(-1, si - 8), -1))
    return nearest_antecedent(windows, pick) or ("", "")


def office_name(doc: QuoteDoc, a: int, b: int, head: int, cues: Cues) -> str:
    """Name of the office a spokesperson phrase [a, b) speaks for ('' if unnamed)."""
    for m in reversed(doc.mentions_in(a, head)):
        if m.kind == "pronoun":
            continue
        if doc.is_person(m.actor, m.kind) or doc.possessive(m):
            return f"office of {m.actor}"
        return m.actor
    # capitalised modifier words before the head noun ("Downing Street", "Kremlin")
    words = re.findall(r"[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*", doc.norm[a:head])
    words = [w for w in words if w.lower() not in grammar("speaker_determiners")]
    words = [_patterns().office_determiners.sub("", w) for w in words]
    words = [w for w in words if w]
    if words:
        w = words[-1]
        if w.endswith("'s"):
            w = w[:-2]
        return w.strip()
    return ""


def resolve_np(doc: QuoteDoc, a: int, b: int, cues: Cues) -> tuple[str, str, str]:
    """(speaker, surface, speaker_kind) for the speaker noun phrase [a, b)."""
    if b <= a:
        return "", "", ""
    raw = doc.masked[a:b].strip()
    surface = doc.text[a:b].strip()
    if not raw or "_" in raw:
        return "", "", ""
    words = raw.split()
    if len(words) == 1 and words[0] in cues.pronouns:
        spk, typ = resolve_pronoun(doc, words[0], a, cues)
        if not typ:
            for m in doc.mentions_in(a, b):
                if m.kind == "pronoun":
                    spk = m.actor
        if typ == "office":
            return spk, surface, "office"  # "They added:" after a spokesperson
        return spk, surface, "pronoun" if spk else "unknown"
    sp = cues.spokes_re.search(raw)
    off = cues.office_re.search(raw)
    if sp or (off and not doc.mentions_in(a + off.end(), b)):
        hit = sp or off
        head = a + (len(doc.masked[a:b]) - len(doc.masked[a:b].lstrip())) + hit.start()
        named = [m for m in doc.mentions_in(head, b) if m.kind != "pronoun"
                 and doc.is_person(m.actor, m.kind)]
        if named:  # "Kremlin spokesman Dmitry Peskov said": the named person speaks
            m = named[-1]
            kind = m.kind if m.kind in ("role", "discovered") else "name"
            return m.actor, surface_for(doc, m, a), kind
        office = office_name(doc, a, head, head, cues)
        if not office and raw.split()[0] in grammar("anaphoric_determiners"):
            office = doc.last_office
        if office:
            doc.last_office = office
        return office, surface, "office" if office else "unknown"
    bare = _patterns().article.sub("", raw)
    if bare in doc.scope_names:
        # an institution or country named as speaker ("Downing Street said", "the Kremlin")
        surf = _patterns().any_case_article.sub("", surface)
        doc.last_office = surf
        return surf, surface, "office"
    ms = [m for m in doc.mentions_in(a, b) if m.kind != "pronoun"]
    if ms:
        m = ms[-1]
        tail = doc.masked[m.end:b].strip()
        if len(tail.split()) <= 2 or cues.statement_re.search(raw):
            kind = m.kind if m.kind in ("role", "discovered") else "name"
            return m.actor, surface_for(doc, m, a), kind
    # an unregistered phrase: keep at most the last six words
    if len(words) > 6:
        k = len(surface.split()) - 6
        surface = " ".join(surface.split()[k:])
    if not surface[:1].isupper() and words[0] not in grammar("articles"):
        return "", "", ""
    return "", surface, "unknown"


def subject_of_sentence(doc: QuoteDoc, s: int, e: int) -> tuple[str, str, str]:
    """(actor, surface, kind) of the first mention outside quotes in [s, e)."""
    first = True
    for m in doc.mentions_in(s, e):
        if m.kind == "pronoun" or doc.in_quote(m.start):
            continue
        if doc.possessive(m):
            # "Starmer's call with X, expressing ..." - the possessor of the subject
            lead = doc.masked[s:m.start].split()
            if not (first and len(lead) <= 2):
                first = False
                continue
        return m.actor, surface_for(doc, m, s), m.kind if m.kind in ("role", "discovered") else "name"
    return "", "", ""


def speaker_before_cue(doc: QuoteDoc, s: int, cue: re.Match, cues: Cues) -> tuple[str, str, str, int]:
    """Speaker of a cue from the text to its left in sentence [s, ...)."""
    c = cue.start()
    if doc.cue_lemma(cue.group(0)) == "according to":
        tail = doc.masked[cue.end():]
        stop = _patterns().according_to_end.search(tail)
        b = cue.end() + (stop.start() if stop else len(tail))
        a = cue.end() + (len(tail) - len(tail.lstrip()))
        spk, surf, kind = resolve_np(doc, a, b, cues)
        return spk, surf, kind, a
    left = doc.masked[s:c].rstrip()
    if cue.group(0).endswith("ing") and (left.endswith(",") or not left.strip()):
        spk = subject_of_sentence(doc, s, c)
        # or the speaker of an earlier quote in the sentence
        for p, who, typ, surf in reversed(doc.events_in(s, c)):
            if who or surf:
                return who, surf, ("office" if typ == "office" else "name") if who else "unknown", p
        if spk[0]:
            return spk[0], spk[1], spk[2], s
        return "", "", "", s
    a, b = strip_np(doc, s, c, cues)
    if doc.masked[a:b].strip() in grammar("relative_subjects") and a > s:
        # relative clause: "X, who has called Y a '...'" - the speaker is X
        comma = doc.masked.rfind(",", s, a)
        if comma > s:
            a, b = strip_np(doc, s, comma, cues)
    spk, surf, kind = resolve_np(doc, a, b, cues)
    return spk, surf, kind, a
