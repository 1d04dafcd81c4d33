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

from ..actors.coref import given_name_gender
from ..actors.pronouns import gender_compatible, nearest_antecedent
from ..lang import en
from .cues import Cues, cues_in, grammar, words_pattern
from .document import Mention, QuoteDoc

__all__ = ["gender_of", "office_name", "person_name", "resolve_np", "resolve_pronoun",
           "speaker_before_cue", "strip_np", "subject_of_sentence", "surface_for"]

_PARTY_TAG = re.compile(r"[DRI]-[A-Z][\w.]*(?:\s[A-Z][\w.]*)?")
_PAREN = re.compile(r"\s*\([^()]{0,60}\)")
_POSSESSIVE = re.compile(r"['\u2019]s?$")


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    """Lower-case words that stand before a name without being part of it."""
    cues = en.table("actor_cues")
    out = set(grammar("name_titles"))
    out |= {str(k).lower() for k in (cues.get("honorifics") or {})}
    out |= {str(w).lower() for w in cues.get("role_nouns") or []}
    return frozenset(out)


def _name_token(tok: str) -> bool:
    """A token that may be part of a person's name ("O'Malley", "H.", "Holtz-Eakin")."""
    if not tok or not tok[0].isupper() or _POSSESSIVE.search(tok):
        return False  # lower case, or a possessive ("Twitter's Adam Sharp")
    parts = tok.split("-")
    return all(p[:1].isupper() for p in parts if p)


def _trailing_name(tokens: list[str]) -> list[str]:
    """The name at the end of ``tokens``: its capitalised run after the last title word."""
    particles = en.words("name_parts", "particles")
    run: list[str] = []
    for tok in reversed(tokens):
        if _name_token(tok) or (run and tok in particles):
            run.append(tok)
        else:
            break
    run.reverse()
    openers = grammar("non_name_speakers")
    while run and (run[0] in particles or run[0].strip(".,").lower() in openers):
        run.pop(0)  # "While Ukraine", "But Smith": a sentence opener is not a name
    titles = _title_words()
    cut = 0
    for i, tok in enumerate(run):
        if tok.strip(".").lower() in titles:
            cut = i + 1
    if cut == len(run) and len(run) >= 2 and run[-2].strip(".").lower() in \
            en.words("quote_grammar", "surname_honorifics"):
        cut -= 1  # "Mr. Prince", "Ms. Major": the honorific names the person
    return run[cut:]


def person_name(surface: str) -> str:
    """The person's name in a speaker phrase, without titles and descriptions.

    ``"Democratic Rep. Dina Titus"`` -> ``"Dina Titus"``, ``"Phil Musser of digital
    consulting firm IMGE"`` -> ``"Phil Musser"``, ``"Rep. Trey Gowdy (R-S.C.)"`` ->
    ``"Trey Gowdy"``, ``"the CNN host"`` -> ``""`` (a description, not a name).

    Parameters
    ----------
    surface : str
        A speaker phrase as written.

    Returns
    -------
    str
        The name, ``""`` when the phrase does not end in (or start with) a name.
    """
    s = _PAREN.sub("", surface).strip()
    s = re.split(r",|;|\s[-\u2013\u2014]\s", s)[0].strip()
    tokens = s.split()
    if tokens and tokens[0] in en.words("actor_cues", "non_subject_prepositions"):
        return ""  # "about the Conservatives": an object, not a speaker
    if not tokens or tokens[0].lower() in grammar("speaker_determiners"):
        # "the campaign manager Robby Mook" still names Robby Mook; "the Freedonian
        # Chancellery" names no one
        name = _trailing_name(tokens[1:]) if tokens else []
        k = len(tokens) - len(name) - 1
        titled = k >= 1 and (tokens[k][:1].islower() or tokens[k].strip(".").lower()
                              in _title_words())
        if len(name) < 2 or not titled or name[-1] in en.words("name_stoplists", "head_words"):
            return ""
        return " ".join(name)
    enders = grammar("name_enders")
    name: list[str] = []
    for i, tok in enumerate(tokens):
        if i and tok in enders:  # "Phil Musser of IMGE": the name before the preposition
            name = _trailing_name(tokens[:i])
            break
    if not name:
        name = _trailing_name(tokens)
    words = [w for w in name if w.strip(".").lower() not in grammar("non_name_speakers")]
    if not words or len(words) < len(name) and len(name) == 1:
        return ""
    if any(w.lower() in en.table("speech_verbs")["pronouns"] for w in name[1:]):
        return ""  # "Washington D.C. He": a sentence boundary the splitter missed
    out = " ".join(name)
    return out[:-1] if out.endswith(".") and len(name[-1]) > 2 else out


def leading_phrase(text: str) -> str:
    """The words at the start of a clause up to its first lower-case word that is not a
    title: ``"Opposition spokesman Gavin O'Connor was unconvinced"`` ->
    ``"Opposition spokesman Gavin O'Connor"``."""
    out = []
    for tok in text.split():
        if tok[:1].isupper() or tok.strip(".,").lower() in _title_words():
            out.append(tok)
            if tok.endswith(","):
                break
        else:
            break
    return " ".join(out).rstrip(",")


def _honorific_gender(surface: str, cues: Cues) -> str:
    """Gender letter an honorific in the phrase gives ("Mrs. Clinton" -> "f")."""
    for w in surface.lower().replace(".", " ").split():
        if w in cues.honorifics:
            return cues.honorifics[w][:1]
    return ""


def canonical_name(doc: QuoteDoc, name: str, pos: int, gender: str) -> str:
    """A name as the document knows it: ``"Mr. Burman"`` -> ``"Leonard Burman"``.

    A one-word name (a surname) takes the actor of the closest mention, else the
    closest earlier speaker, whose last word it is and whose gender agrees; a longer
    name is kept as written.
    """
    words = name.split()
    if len(words) != 1:
        return name
    last = words[0].lower()
    best: tuple[int, str] | None = None
    for m in doc.mentions:
        if m.kind == "pronoun" or not m.actor:
            continue
        parts = m.actor.split()
        if len(parts) < 2 or parts[-1].lower() != last:
            continue
        if gender and not gender_compatible(gender, doc.genders.get(m.actor, "")):
            continue
        dist = pos - m.start if m.start <= pos else 10 * (m.start - pos)
        if best is None or dist < best[0]:
            best = (dist, m.actor)
    for p, spk, _typ, _surf in doc.events:
        parts = spk.split()
        if len(parts) < 2 or parts[-1].lower() != last or p > pos:
            continue
        if gender and not gender_compatible(gender, doc.genders.get(spk, "")):
            continue
        if best is None or pos - p < best[0]:
            best = (pos - p, spk)
    if best is None:
        # the full name written earlier in the text ("Mike Pence ... Pence said")
        # (initials and names only: a sentence break or a title ends the run)
        pat = re.compile(r"(?:(?:[A-Z]\.|[A-Z][\w'\u2019-]*)[ \t\xa0]+){1,3}"
                         + re.escape(words[0]) + r"\b")
        for m in pat.finditer(doc.text, 0, pos):
            full = person_name(m.group(0))
            if len(full.split()) >= 2 and full.split()[-1] == words[0] and (
                    not gender or gender_compatible(gender, doc.genders.get(full, ""))):
                best = (pos - m.start(), full)
    return best[1] if best else name


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
    """Gender letter of an actor: the registry's, else an honorific's, else its given
    name's (``analytics/lang/en/given_names.yaml``; cached)."""
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
    given = given_name_gender(actor.split()[0]) if actor.strip() else None
    if given:  # "Michael Flynn": a given name that says the gender
        doc.genders[actor] = given[:1]
        return given[:1]
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
    # a parenthesis after the name: "Rep. Trey Gowdy (R-S.C.) said"
    if seg.endswith(")"):
        k = seg.rfind("(")
        if 0 < k and len(seg) - k <= 60:
            return strip_np(doc, a, a + k, cues)
    # appositive / relative clause between commas: "John Bolton, who was ..., said"
    if seg.endswith(","):
        prev = seg.rfind(",", 0, len(seg) - 1)
        inner = seg[prev + 1:-1].strip() if prev >= 0 else ""
        inner_text = doc.norm[a + prev + 1:a + len(seg) - 1].strip() if prev >= 0 else ""
        if inner and (inner.split()[0] in grammar("appositive_openers")
                      or inner_text[:1].islower()
                      or _describes(inner_text, doc.norm[a:a + prev])):
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


def _describes(inner: str, before: str) -> bool:
    """True when ``inner`` (between commas after ``before``) is an apposition to a name:
    ``"Benjamin J. Rhodes, Mr. Obama's deputy national security adviser,"``,
    ``"Steve Cohen, Democrat of Tennessee,"`` (a description with lower-case words or a
    possessive, after a name)."""
    if not person_name(before.split(",")[-1]):
        return False
    if _PARTY_TAG.fullmatch(inner.strip()):
        return True  # "Sen. Ted Cruz, R-Texas,"
    words = inner.split()
    return any(w[:1].islower() for w in words) or any(_POSSESSIVE.search(w) for w in words)


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


def speech_subjects(doc: QuoteDoc, k: int, cues: Cues) -> list[tuple[int, str]]:
    """(position, speaker) of the reporting clauses of sentence ``k`` outside quotations.

    ``"..., Stovall said."`` / ``"said Grant Green, a national security official"``:
    the named person (a mention's actor, else the name as written) who speaks, the
    most likely antecedent of a following ``he said``. Pronoun and office subjects are
    left out. Cached on the document.
    """
    if k in doc.speech_subjects:
        return doc.speech_subjects[k]
    out: list[tuple[int, str]] = []
    doc.speech_subjects[k] = out  # guards against re-entry
    s, e = doc.sents[k]
    office = doc.last_office
    for cue in cues_in(doc, s, e, cues):
        if cue.group(0).endswith("ing"):
            continue
        if doc.cue_lemma(cue.group(0)) == "according to":
            # "according to a post from Arianna Huffington": the source speaks
            spk, _surf, kind, a = speaker_before_cue(doc, s, cue, cues)
            if spk and kind in ("name", "discovered", "unlisted", "role", "described"):
                out.append((a, spk))
            continue
        if doc.masked[cue.end():cue.end() + 4] == " by ":
            continue  # "Asked by Stephanopoulos, Carson said": a passive cue
        if _POSSESSIVE.search(doc.masked[s:cue.start()].rstrip().rsplit(" ", 1)[-1]):
            continue  # "the host's remarks": a noun, not a reporting clause
        left_start = s
        for _qa, qb in doc.qranges:
            if s <= qb < cue.start():
                left_start = max(left_start, qb + 1)
        a, b = strip_np(doc, left_start, cue.start(), cues)
        spk, kind = "", ""
        if doc.masked[a:b].strip() not in cues.pronouns:
            spk, _surf, kind = resolve_np(doc, a, b, cues)
        inverted = doc.masked[left_start:cue.start()].rstrip()[-1:] in (",", '"', "'", "")
        if not spk and inverted and doc.masked[a:b].strip() not in cues.pronouns:
            # "..., said Grant Green, a national security official": after the cue
            from .attribution import phrase_stop

            tail = doc.masked[cue.end():e]
            stop = phrase_stop(tail)
            a = cue.end() + (len(tail) - len(tail.lstrip()))
            b = cue.end() + (stop if stop is not None else len(tail))
            if doc.masked[a:b].strip() in cues.pronouns:
                continue
            spk, _surf, kind = resolve_np(doc, a, b, cues)
        if spk and kind in ("name", "discovered", "unlisted", "role", "described"):
            out.append((a, spk))
    doc.last_office = office
    return out


def _leading_name(doc: QuoteDoc, s: int, lim: int) -> str:
    """The person named at the start of a sentence (its subject), when no mention
    covers the name: ``"Mr Brown was asked ..."`` -> ``"Gordon Brown"`` (a full name
    written earlier in the text), ``"Kellyanne Conway, a senior adviser, ..."``. A single
    word counts only with an honorific or when the text names the person in full."""
    m = re.match(r"(?:[A-Z][\w'\u2019-]*\.?\s+){0,3}[A-Z][\w'\u2019-]+", doc.text[s:lim])
    if not m or doc.mentions_in(s, s + m.end()) or doc.in_quote(s):
        return ""
    nxt = doc.text[s + m.end():s + m.end() + 2]
    if nxt[:1] not in (" ", ",") or nxt[1:2].isupper():
        return ""
    name = person_name(m.group(0))
    if not name:
        return ""
    canon = canonical_name(doc, name, s, "")
    if len(canon.split()) < 2 and not re.match(r"(?i)(?:mr|mrs|ms|dr|miss)\b", m.group(0)):
        return ""
    return canon


def _after_preposition(doc: QuoteDoc, pos: int, s: int) -> bool:
    """True when the word before ``pos`` (in its sentence) is a preposition: ``"filling in
    for Sanders"``, ``"a post from Arianna Huffington"`` (an object, not a subject)."""
    before = doc.masked[s:pos].split()
    return bool(before) and before[-1] in en.words("actor_cues", "non_subject_prepositions")


def _indefinite(doc: QuoteDoc, m: Mention) -> bool:
    """True for a role mention after an indefinite article (``"a Univision host"``): an
    indefinite description names no one."""
    if m.kind != "role":
        return False
    before = doc.masked[max(0, m.start - 40):m.start].split()
    for w in reversed(before):
        if w in grammar("articles"):
            return w != "the"
        if not w[:1].isalpha():
            return False
    return False


def _named_people(doc: QuoteDoc, k: int) -> list[tuple[int, str, str]]:
    """(position, name, "person") of the people sentence ``k`` names outside quotations
    and mentions: a given name that says the gender and a surname (``"Zoe Saldana
    revealed"``, recorded with its gender), or a surname alone whose full name the text
    gave before (``"West landed a sharp dig"`` after ``"Cornel West"``). Cached."""
    if k in doc.named_people:
        return doc.named_people[k]
    s, e = doc.sents[k]
    out: list[tuple[int, str, str]] = []
    for m in _NAME_RE.finditer(doc.text, s, e):
        a = m.start()
        if doc.in_quote(a) or doc.masked[a:m.end()] != m.group(0).lower() or \
                any(x.start < m.end() and a < x.end
                    for x in doc.mentions_in(max(0, a - 60), m.end() + 60)):
            continue
        first, last = m.group(1), m.group(2)
        if last:  # "Zoe Saldana": a given name that says the gender
            given = given_name_gender(first)
            if given and last.lower() not in grammar("non_name_speakers"):
                name = f"{first} {last}"
                doc.genders.setdefault(name, given[:1])
                out.append((a, name, "person"))
            continue
        before = doc.masked[max(s, a - 12):a].split()
        if before and (before[-1] in grammar("articles") or before[-1][:1].isupper()):
            continue
        if not doc.masked[m.end():m.end() + 2].strip(" ")[:1].isalpha():
            continue
        full = canonical_name(doc, first, a, "")
        if len(full.split()) >= 2 and full.split()[-1] == first:
            out.append((a, full, "person"))  # "West" after "Cornel West"
    doc.named_people[k] = out
    return out


#: a capitalised word, or two (a given name and a surname), not followed by another
_NAME_RE = re.compile(r"(?<![\w.'\u2019-])([A-Z][a-z]+)"
                      r"(?:\s+([A-Z][a-z]+(?:[-'\u2019][A-Z]?[a-z]+)?))?"
                      r"\b(?![.'\u2019-]?\s*[A-Z])")


def _antecedents(doc: QuoteDoc, k: int, pos: int, cues: Cues) -> list[tuple[int, str, str]]:
    """(position, actor, type) of the antecedents in sentence ``k`` before ``pos``, best
    first: the speakers of its quotations (the latest first: a following ``he said``
    most often continues the person just quoted), the speakers of its reporting
    clauses, or, failing both, the person named at its start; then its mentions
    (outside quotes, not possessive, not an indefinite role) and the people its given
    names name, in text order, those after a preposition (``"filling in for Sanders"``)
    last."""
    s, e = doc.sents[k]
    lim = min(e, pos)
    quoted = [(p, spk, typ) for p, spk, typ, _surf in reversed(doc.events_in(s, lim))
              if spk and typ == "person"]
    first = [(p, spk, "person") for p, spk in speech_subjects(doc, k, cues) if p < lim]
    if not first:
        subject = _leading_name(doc, s, lim)
        if subject:
            first = [(s, subject, "person")]
    cands: list[tuple[int, str, str]] = []
    for m in doc.mentions_in(s, lim):
        if m.kind == "pronoun" or doc.in_quote(m.start) or doc.possessive(m) or \
                _indefinite(doc, m):
            continue
        typ = "person" if doc.is_person(m.actor, m.kind) else (
            "group" if doc.is_group(m.actor) else "other")
        cands.append((m.start, m.actor, typ))
    for p, spk, typ, _surf in doc.events_in(s, lim):
        cands.append((p, spk, typ))
    cands.extend(c for c in _named_people(doc, k) if c[0] < lim)
    cands.sort(key=lambda c: (_after_preposition(doc, c[0], s), c[0]))
    return quoted + first + cands


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
    # "he told Rubio": a person named after the pronoun in its own clause is not it
    objects = {m.actor for m in doc.mentions_in(pos, doc.sents[si][1])
               if m.kind != "pronoun" and not doc.in_quote(m.start)}

    def pick_not_object(cand: tuple[int, str, str]) -> tuple[str, str] | None:
        return None if cand[1] in objects else pick(cand)

    windows = (_antecedents(doc, k, pos, cues) for k in range(si, max(-1, si - 8), -1))
    return nearest_antecedent(windows, pick_not_object) or ("", "")


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
                if m.kind == "pronoun" and gender_compatible(
                        cues.pronouns.get(words[0], ""), gender_of(doc, m.actor, cues)):
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
        if not sp and (not office or not doc.is_group(office)):
            linked = described_person(doc, surface, a, cues)
            if linked:  # "the Florida senator" after "Marco Rubio": the person
                return linked, surface, "described"
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
    # a named person the mentions table does not know: the name as written
    name = person_name(surface)
    if name:
        gender = _honorific_gender(surface, cues)
        canon = canonical_name(doc, name, a, gender)
        if gender and canon not in doc.genders:
            doc.genders[canon] = gender
        return canon, surface, "unlisted"
    # an unregistered phrase: keep at most the last six words
    if len(words) > 6:
        k = len(surface.split()) - 6
        surface = " ".join(surface.split()[k:])
    if not surface[:1].isupper() and words[0] not in grammar("articles"):
        return "", "", ""
    linked = described_person(doc, surface, a, cues)
    if linked:
        return linked, surface, "described"
    return "", surface, "unknown"


def described_person(doc: QuoteDoc, surface: str, pos: int, cues: Cues) -> str:
    """The person a definite description names earlier in the text, or ``""``.

    ``"the CNN host"`` is Jake Tapper when the text before ``pos`` says ``"CNN host
    Jake Tapper"`` or ``"Jake Tapper, the CNN host"`` (apposition); else, for a
    description headed by a role noun (``"the judge"``), the person the text gives that
    title (``"Judge Richard Berman"``), else the person speaking in the previous
    sentence, its subject, or the one person it names, unless the text gives that
    person another title (``"Mayor Bill de Blasio"`` is not ``"the Republican
    presidential candidate"``). An indefinite description (``"a White House
    spokesman"``) names no one.
    """
    words = surface.split()
    if len(words) < 2 or words[0].lower() != "the" or len(words) > 6:
        return ""
    words[-1] = _POSSESSIVE.sub("", words[-1])  # "The Florida senator's answer"
    desc = " ".join(words[1:])
    if not desc[:1].isalpha():
        return ""
    before = doc.text[:pos]
    pat = re.escape(desc).replace(r"\ ", r"\s+")
    best = ""
    # "CNN host Jake Tapper" / "Jake Tapper, the CNN host"
    for m in re.finditer(r"(?i:" + pat + r")\s+((?:[A-Z][\w.'\u2019-]*\s+){0,3}[A-Z][\w'\u2019-]+)",
                         before):
        name = person_name(m.group(1))
        if name:
            best = canonical_name(doc, name, m.start(1), "")
    for m in re.finditer(r"((?:[A-Z][\w.'\u2019-]*\s+){0,3}[A-Z][\w'\u2019-]+),\s+(?i:the\s+"
                         + pat + r")\b", before):
        name = person_name(m.group(1))
        if name:
            best = canonical_name(doc, name, m.start(1), "")
    if best:
        return best
    head = words[-1].lower().strip(".,")
    if head not in _title_words():
        return ""
    # "Judge Berman ... the judge said": the head noun written as a title before a name
    for m in re.finditer(r"\b" + re.escape(head.capitalize())
                         + r"\.?\s+((?:[A-Z][\w.'\u2019-]*\s+){0,2}[A-Z][\w'\u2019-]+)", before):
        name = person_name(m.group(1))
        if name:
            best = canonical_name(doc, name, m.start(1), "")
    if best:
        return best
    k = doc.sent_index(pos) - 1
    if k < 0:
        return ""
    subjects = [spk for _p, spk in speech_subjects(doc, k, cues)]
    if not subjects:
        s, e = doc.sents[k]
        ms = [m for m in doc.mentions_in(s, e)
              if m.kind != "pronoun" and not doc.in_quote(m.start)
              and not doc.possessive(m) and not _indefinite(doc, m)
              and not _after_preposition(doc, m.start, s)
              and doc.is_person(m.actor, m.kind)]
        if ms and len(doc.masked[s:ms[0].start].split()) <= 2:
            subjects = [ms[0].actor]  # the subject: "Rubio was asked by ... Gerard Baker"
        else:
            subjects = [m.actor for m in ms]
    if len(set(subjects)) != 1 or _titled_otherwise(doc, subjects[0], head, pos):
        return ""
    return subjects[0]


def _titled_otherwise(doc: QuoteDoc, actor: str, head: str, pos: int) -> bool:
    """True when the text before ``pos`` gives ``actor`` a title other than ``head``
    (``"Mayor Bill de Blasio"`` is not ``"the Republican presidential candidate"``)."""
    last = actor.split()[-1] if actor.split() else ""
    if not last:
        return False
    titles = _title_words()
    particles = "|".join(re.escape(w) for w in sorted(en.words("name_parts", "particles")))
    for m in re.finditer(r"([A-Z][a-z]+)\.?\s+(?:(?:[A-Z][\w.'\u2019-]*|" + particles
                         + r")\s+){0,3}" + re.escape(last) + r"\b", doc.text[:pos]):
        word = m.group(1).lower()
        if word in titles and word != head and word in _role_heads():
            return True
    return False


@lru_cache(maxsize=1)
def _role_heads() -> frozenset[str]:
    """Role nouns that say what a person is (``actor_cues.yaml`` ``role_nouns``)."""
    return frozenset(str(w).lower() for w in en.table("actor_cues").get("role_nouns") or [])


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


def _subject_pronoun(doc: QuoteDoc, s: int, c: int, cues: Cues) -> tuple[int, str] | None:
    """(position, pronoun) of a personal subject pronoun in [s, c) that comes before every
    name mention there (``"When he returned he began by saying"``), else ``None``."""
    for m in re.finditer(r"\b(?:he|she|they)\b", doc.masked[s:c]):
        p = s + m.start()
        if doc.in_quote(p) or doc.masked[p + len(m.group(0)):p + len(m.group(0)) + 1] == "'":
            continue
        if any(x.kind != "pronoun" and not doc.in_quote(x.start) for x in doc.mentions_in(s, p)):
            return None
        if cues.pronouns.get(m.group(0), "") in ("male", "female", "plural"):
            return p, m.group(0)
    return None


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
    last_word = left.split()[-1] if left.split() else ""
    if cue.group(0).endswith("ing") and (
            left.endswith(",") or not left.strip()
            or (doc.norm[s:c].split()[-1][:1].islower() and last_word not in cues.pronouns)):
        # "..., saying", "she sent an email saying", "he began by saying": the subject
        spk = subject_of_sentence(doc, s, c)
        # or the speaker of an earlier quote in the sentence
        for p, who, typ, surf in reversed(doc.events_in(s, c)):
            if who or surf:
                return who, surf, ("office" if typ == "office" else "name") if who else "unknown", p
        pron = _subject_pronoun(doc, s, c, cues)
        if pron is not None:  # "Minutes later, she sent an email saying, ..."
            p, word = pron
            who, _typ = resolve_pronoun(doc, word, p, cues)
            return who, doc.text[p:p + len(word)], "pronoun" if who else "unknown", p
        if spk[0]:
            return spk[0], spk[1], spk[2], s
        return "", "", "", s
    if re.search(r"\s(?:and|but)$", left):
        # "Hayek confirmed she had been and said": the subject of the sentence
        spk = subject_of_sentence(doc, s, c)
        if spk[0]:
            return spk[0], spk[1], spk[2], s
        lead = leading_phrase(doc.text[s:c])
        name = person_name(lead)
        if name:
            return name, lead, "unlisted", s
    a, b = strip_np(doc, s, c, cues)
    if doc.masked[a:b].strip() in grammar("relative_subjects") and a > s:
        # relative clause: "X, who has called Y a '...'" - the speaker is X
        comma = doc.masked.rfind(",", s, a)
        if comma > s:
            a, b = strip_np(doc, s, comma, cues)
    spk, surf, kind = resolve_np(doc, a, b, cues)
    return spk, surf, kind, a
